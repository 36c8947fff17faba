# Las palabras de la interfaz de Hearth en español. Una consulta corrige
# cualquiera de ellas en content/i18n/es.ftl con un mensaje del mismo id.

reading-time = { NUMBER($minutes) ->
    [one] { $minutes } min de lectura
   *[other] { $minutes } min de lectura
}

scheduled-banner = Programado: este artículo aparece en el sitio publicado el { $when }.

date-at-time = { $date } a las { $time }
