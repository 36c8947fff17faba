# Las palabras de la interfaz de Hearth en español. Una consulta corrige
# cualquiera de ellas en content/i18n/es.ftl con un mensaje del mismo id.

reading-time = { NUMBER($minutes) ->
    [one] { $minutes } min de lectura
   *[other] { $minutes } min de lectura
}

scheduled-banner = Programado: este artículo aparece en el sitio publicado el { $when }.

date-at-time = { $date } a las { $time }

# El marco de cada página: la cabecera y el pie.

feed-title = Artículos de { $practice }
skip-link = Saltar al contenido principal
nav-main = Principal
nav-consultation = Consulta gratuita
crisis-heading = Si necesita ayuda ahora mismo
crisis-call-988 = Llame al 988
crisis-text-988 = Envíe un texto al 988
crisis-call-911 = Llame al 911
footer-visit = Visítenos o llámenos
footer-practice-nav = Información de la consulta
footer-about-heading = Sobre la consulta
footer-about = Quiénes somos
footer-fees = Tarifas y estimación de buena fe
footer-faq = Preguntas y respuestas
footer-privacy = Aviso de prácticas de privacidad
footer-accessibility = Accesibilidad
footer-search = Buscar en el sitio
footer-no-tracking = Este sitio no usa cookies, rastreadores ni analíticas.

nav-blog = Artículos
nav-team = Nuestro equipo
nav-services = Servicios
nav-about = Quiénes somos
nav-fees = Tarifas
nav-faq = Preguntas
nav-languages = Idiomas
language-own-name = Español

in-another-language = { $label } (en { $language })
language-en = inglés
language-es = español
