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

form-title = Pida una consulta gratuita
form-description = Pida una consulta telefónica gratuita de 20 minutos con quien coordina nuestra atención, que le ayudará a encontrar al terapeuta adecuado.
form-error-title = { NUMBER($count) ->
    [one] Error: hay 1 dato que revisar
   *[other] Error: hay { $count } datos que revisar
}
form-errors-heading = { NUMBER($count) ->
    [one] Por favor, revise un dato más abajo
   *[other] Por favor, revise { $count } datos más abajo
}
form-errors-kept = Todo lo que escribió sigue aquí.
form-error-prefix = Error:
form-required = (obligatorio)
form-crisis-heading = ¿Está en crisis? No espere a que le llamemos
form-lede = Cuéntenos un poco qué busca. { $coordinator }, quien coordina nuestra atención, se pondrá en contacto con usted en un día hábil para una llamada gratuita de 20 minutos, y le ayudará a encontrar al terapeuta adecuado. No tiene ningún compromiso.
form-call-now = ¿Prefiere hablar ahora? Llame al
form-honeypot = Deje este campo vacío
form-section-reach = Cómo comunicarnos con usted
form-name = Su nombre
form-name-hint = Basta con su nombre de pila, o con el nombre con el que prefiere que le llamen.
form-email = Correo electrónico
form-email-hint = Déjenos un correo electrónico, un teléfono o los dos.
form-phone = Teléfono
form-phone-hint = Por ejemplo, (510) 555-0123.
form-contact-preference = ¿Cómo prefiere que nos comuniquemos?
form-voicemail = Pueden dejarme un mensaje de voz
form-voicemail-hint = Solo diremos que le devolvemos la llamada, y dejaremos nuestro número.
form-section-looking-for = Qué busca
form-service = Servicio
form-service-unsure = Todavía no lo sé
form-therapist = Terapeuta
form-therapist-any = Sin preferencia
form-format = ¿Sesiones en persona o en línea?
form-state = ¿Dónde estará durante las sesiones?
form-state-hint = Solo podemos atender a personas mientras están en { $states }, también en línea. Si va a estar en otro lugar, envíe el formulario de todos modos y le sugeriremos otras opciones.
form-state-choose = Elija un estado
form-state-served = Donde podemos atenderle
form-state-others = Otros estados (allí no podemos ofrecer sesiones)
form-who-for = ¿Para quién es la terapia?
form-section-else = Algo más
form-availability = ¿Cuándo suele tener tiempo para una llamada?
form-availability-hint = Por ejemplo: entre semana por la tarde, o los martes por la mañana.
form-message = Mensaje
form-message-hint = Opcional, hasta { $limit } caracteres (un emoji puede contar como dos). Por favor, no incluya datos clínicos como diagnósticos o medicamentos: podrá compartirlos en privado con su terapeuta.
form-consent = Entiendo que este formulario no es para emergencias. Si estoy en crisis, llamaré o enviaré un texto al 988, o llamaré al 911.
form-privacy-note = Usamos lo que escriba solo para devolverle la llamada. Nunca lo compartimos, y se borra de nuestro sitio web en cuanto llega a quien coordina nuestra atención.
form-privacy-link = Vea nuestro aviso de privacidad.
form-send = Enviar mi solicitud

choice-contact-phone = Llamada telefónica
choice-contact-text = Mensaje de texto
choice-contact-email = Correo electrónico
choice-format-either = Me da igual
choice-format-in-person = En persona
choice-format-online = En línea (video)
choice-who-individual = Para mí (terapia individual)
choice-who-couple = Para mí y mi pareja (pareja)
choice-who-family = Para mi familia
choice-who-teen = Para mi hijo o hija adolescente

form-error-consent = Por favor, confirme que entiende que este formulario no es para emergencias.
form-error-name-missing = Por favor, díganos su nombre, o un nombre con el que podamos llamarle.
form-error-name-invisible = No pudimos ver ninguna letra en su nombre. Por favor, escriba su nombre, o un nombre con el que podamos llamarle.
form-error-name-too-long = Por favor, acorte su nombre a { $limit } caracteres o menos (tiene { $count }).
form-error-email-invalid = Por favor, revise su correo electrónico: debería parecerse a nombre@ejemplo.com.
form-error-phone-invalid = Por favor, revise su teléfono: 10 dígitos, como (510) 555-0123, o + y el código del país.
form-error-no-contact = Por favor, déjenos un teléfono o un correo electrónico para poder comunicarnos con usted.
form-error-email-for-email = Nos pidió que le escribiéramos por correo: por favor, añada su correo electrónico más arriba.
form-error-phone-for-calls = Nos pidió que le llamáramos o le enviáramos un texto: por favor, añada su teléfono más arriba.
form-error-contact-preference = Por favor, elija cómo prefiere que nos comuniquemos.
form-error-service = Por favor, elija un servicio de la lista, o “Todavía no lo sé”.
form-error-therapist = Por favor, elija un terapeuta de la lista, o “Sin preferencia”.
form-error-format = Por favor, elija en persona, en línea o cualquiera de las dos.
form-error-state = Por favor, elija el estado en el que estará durante las sesiones.
form-error-who-for = Por favor, elija para quién es la terapia.
form-error-availability-too-long = Por favor, acorte este texto a { $limit } caracteres o menos (tiene { $count }).
form-error-message-too-long = Por favor, acorte su mensaje a { $limit } caracteres o menos (tiene { $count }). El resto puede contarlo por teléfono.
form-notice-expired = Este formulario se abrió hace un rato, así que por su seguridad hay que enviarlo de nuevo. Todo lo que escribió sigue aquí: revíselo y pulse “Enviar mi solicitud”.
form-notice-unconfirmed = No pudimos confirmar que este formulario viniera de nuestro sitio web. Todo lo que escribió sigue aquí: revíselo y pulse “Enviar mi solicitud” de nuevo.
form-notice-too-large = Esto era más de lo que el formulario puede recibir, así que todavía no se ha enviado. Todo lo que escribió sigue aquí: acórtelo y pulse “Enviar mi solicitud” de nuevo, o llámenos y cuéntenos el resto.

mail-coordinator-subject = Nueva solicitud de consulta n.º { $id }
mail-field-name = Nombre
mail-field-email = Correo electrónico
mail-field-phone = Teléfono
mail-field-contact-by = Contactar por
mail-field-voicemail = Se puede dejar mensaje de voz
mail-field-service = Servicio
mail-field-therapist = Terapeuta
mail-field-format = Modalidad
mail-field-state = Estado durante las sesiones
mail-field-for = Para
mail-field-availability = Disponibilidad
mail-field-language = Solicitud hecha en
mail-field-message = Mensaje
mail-yes = sí
mail-no = no
mail-state-not-served = { $state } (NO es un estado en el que atendemos)
mail-coordinator-reply = Responda a este correo para escribir a la persona, o devuélvale la llamada como lo pidió.

mail-confirmation-subject = Recibimos su solicitud - { $practice }
mail-confirmation-body =
    Gracias por comunicarse con { $practice }.

    Recibimos su solicitud de una consulta telefónica gratuita de 20 minutos. Quien coordina nuestra atención se pondrá en contacto con usted en un día hábil, de la manera que nos pidió.

    Si necesita hablar con nosotros antes, llame al { $phone }.

    { $crisis }

    Recibe este correo porque alguien escribió esta dirección en nuestro formulario de consulta. Si no fue usted, puede ignorarlo.
