# Las palabras de la interfaz de Hearth en español. Una consulta corrige
# cualquiera de ellas en content/i18n/es.ftl con un mensaje del mismo id.

reading-time = { NUMBER($minutes) ->
    [one] { $minutes } min de lectura
   *[other] { $minutes } min de lectura
}

scheduled-banner = Programado: este artículo aparece en el sitio publicado el { $when }.

date-at-time = { $date } a las { $time }

# Reservar la llamada.
booking-heading = Elija una hora para su llamada gratuita de { $minutes } minutos
booking-zone-note = Las horas se muestran en { $zone }.
booking-zone-label = Ver las horas en otra zona horaria
booking-week = Semana del { $date }
booking-week-previous = Semana anterior
booking-week-next = Semana siguiente
booking-week-empty = No quedan horas libres esta semana.
booking-none-free = Ahora no hay horas libres para reservar. Pida que le llamemos, más abajo, o llámenos.
booking-nearest = Las horas libres más cercanas
booking-call-back = Ninguna de estas horas me va bien: prefiero que me llamen
booking-day = { $weekday }, { $date }
booking-when = { $day }, a las { $time }, { $zone }
zone-eastern = hora del Este
zone-central = hora del Centro
zone-mountain = hora de la Montaña
zone-arizona = hora de Arizona
zone-pacific = hora del Pacífico
zone-alaska = hora de Alaska
zone-hawaii = hora de Hawái
form-error-slot-missing = Elija una hora para la llamada, o marque «Ninguna de estas horas me va bien».
form-error-slot-unavailable = Esa hora ya no se puede reservar. Elija otra, por favor.
form-error-slot-taken = Otra persona acaba de reservar esa hora. Elija otra, por favor: primero verá las horas libres más cercanas.
form-error-phone-for-booked-call = Indique un número de teléfono para que podamos llamarle a la hora que eligió.
ics-coordinator-summary = Llamada de consulta n.º { $id }
ics-coordinator-description = Llamar a { $name } al { $phone }.
ics-visitor-summary = Llamada de consulta gratuita con { $practice }
ics-visitor-description = Le llamaremos desde el { $phone }. La llamada es gratuita y dura unos 20 minutos: le preguntaremos qué le trae aquí y le ayudaremos a encontrar al terapeuta adecuado. Para cambiar la hora o cancelar, llámenos al { $phone }.
cancel-title = ¿Cancelar su llamada de consulta?
cancel-lede = Su llamada gratuita está reservada para el { $when }. Si la cancela, esa hora quedará libre para otra persona.
cancel-button = Cancelar la llamada
cancelled-title = Su llamada está cancelada
cancelled-lede = Ya avisamos a quien coordina nuestra atención. Puede reservar otra hora cuando quiera.
booking-book-again = Reservar otra hora
reschedule-title = Elija otra hora para su llamada
reschedule-lede = Su llamada gratuita está reservada para el { $when }. Elija una nueva hora abajo: conserva la hora actual hasta que la nueva quede reservada.
reschedule-pick = Horas libres
reschedule-button = Cambiar mi llamada
booking-none-free-to-move = Ahora no hay otras horas libres. Su llamada sigue como está.
change-gone-title = Este enlace ya no funciona
change-gone-lede = Es de antes de que su llamada se moviera o se cancelara, o la llamada ya pasó. El correo más reciente que le enviamos tiene los enlaces que funcionan.
booked-reschedule = Elegir otra hora
booked-cancel = Cancelar la llamada
booked-links-sent = Si nos dio un correo electrónico, estos enlaces también están en su confirmación.
booked-or-call = También puede llamarnos al
booked-title = Su llamada está reservada
booked-lede = { $coordinator }, quien coordina nuestra atención, le llamará el { $when }, al número de teléfono que nos dio.
booked-from = La llamada vendrá del { $phone }. Es gratuita y dura unos 20 minutos: le preguntaremos qué le trae aquí y buscaremos al terapeuta adecuado para usted.
booked-change = Para cambiar la hora o cancelar, llámenos al

# El marco de cada página: la cabecera y el pie.

feed-title = Artículos de { $practice }
skip-link = Saltar al contenido principal
nav-main = Principal
nav-consultation = Consulta gratuita
nav-consultation-call = Llame al { $phone }
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
crisis-top = ¿En crisis? Llame o envíe un texto al 988
footer-assistance = Ayuda con el idioma
footer-nondiscrimination = Aviso de no discriminación
footer-health-data = Política de privacidad de datos de salud del consumidor

quick-exit-link = Salir rápido de este sitio
quick-exit-about = Sobre la salida rápida
quick-exit-title = Salir rápido de este sitio
quick-exit-description = Lo que hace el enlace “Salir rápido de este sitio” y lo que no puede hacer.
quick-exit-does = El enlace “Salir rápido de este sitio”, arriba en cada página, le lleva directamente a { $destination }. Si su navegador tiene los scripts activados, la tecla Escape hace lo mismo, y este sitio se reemplaza en la pestaña, de modo que el botón Atrás no lo vuelve a mostrar.
quick-exit-does-not = No borra su historial de navegación: quien mire el historial de este dispositivo todavía puede ver que usted estuvo aquí. Una ventana privada (“Incógnito” o “Navegación privada”) no guarda historial al cerrarla, y después puede borrar este sitio de su historial.
quick-exit-safer = Si cree que alguien vigila lo que hace en este dispositivo, es más seguro usar uno al que esa persona no tenga acceso, como una computadora de la biblioteca o el teléfono de una amistad de confianza.
quick-exit-danger = Si está en peligro ahora, llame al 911.

assistance-title = Ayuda con el idioma
assistance-description = Intérpretes gratuitos, nuestra información en su idioma y apoyos gratuitos para personas con discapacidad.
assistance-lede = Ofrecemos ayuda gratuita con el idioma, como intérpretes calificados para sus llamadas y sesiones e información escrita en su idioma, y apoyos y servicios gratuitos para personas con discapacidad. Para pedirlos, llame al { $phone }.
assistance-in-your-language = En su idioma

nondiscrimination-title = Aviso de no discriminación
nondiscrimination-description = Nuestro compromiso de no discriminar, la ayuda gratuita que ofrecemos y cómo presentar una queja.
nondiscrimination-complies = { $practice } cumple con las leyes federales de derechos civiles aplicables y no discrimina por motivos de raza, color, origen nacional (incluido el dominio limitado del inglés y el idioma principal), edad, discapacidad o sexo (incluidas las características sexuales, los rasgos intersexuales, el embarazo o condiciones relacionadas, la orientación sexual, la identidad de género y los estereotipos de sexo).
nondiscrimination-aids = Ofrecemos, sin costo y a tiempo, modificaciones razonables para personas con discapacidad, y apoyos y servicios como intérpretes calificados de lengua de señas e información en otros formatos (letra grande, audio, formatos electrónicos accesibles).
nondiscrimination-languages = Ofrecemos, sin costo y a tiempo, servicios de ayuda con el idioma a las personas cuyo idioma principal no es el inglés, como intérpretes calificados e información escrita en otros idiomas.
nondiscrimination-contact = Para pedir estos servicios, o si cree que no los hemos ofrecido o que le hemos discriminado de otra manera, comuníquese con { $coordinator } al { $phone } o en { $email }. Puede presentar una queja por teléfono, por correo electrónico, por correo postal o en persona, y { $coordinator } le ayudará a hacerlo.
nondiscrimination-ocr = También puede presentar una queja de derechos civiles ante la Oficina de Derechos Civiles del Departamento de Salud y Servicios Humanos de los EE. UU., por correo en 200 Independence Avenue SW, Room 509F, HHH Building, Washington, DC 20201, o por teléfono al 1-800-368-1019 (TDD 1-800-537-7697).
nondiscrimination-ocr-portal = El portal de quejas de la Oficina de Derechos Civiles
nondiscrimination-ocr-forms = Formularios de queja

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
language-fr = francés
language-ta = tamil
language-zh = chino
language-yue = cantonés
language-cmn = mandarín
language-vi = vietnamita
language-tl = tagalo
language-ko = coreano
language-ru = ruso
language-ar = árabe
language-ht = criollo haitiano
language-pt = portugués
language-ja = japonés
language-fa = persa
language-de = alemán
language-hi = hindi
language-it = italiano
language-pl = polaco
language-he = hebreo
language-ase = lengua de señas americana

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
form-where-note = Nuestros terapeutas solo pueden atender a personas mientras están en { $states }, también en línea. Si va a estar en otro lugar durante las sesiones, díganoslo en el formulario o llámenos, y le sugeriremos otras opciones.
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
form-therapist-option = { $therapist } ({ $languages })
form-therapist-option-waitlist = { $therapist } ({ $languages }; lista de espera)
form-session-language = Idioma de sus sesiones
form-session-language-any = Cualquiera de nuestros idiomas
form-therapists-in = La lista muestra a las personas del equipo que ofrecen sesiones en { $language }.
form-consent = Entiendo que este formulario no es para emergencias. Si estoy en crisis, llamaré o enviaré un texto al 988, o llamaré al 911.
form-health-data-consent = Acepto que { $practice } reúna la información de salud que doy en este formulario, como el tipo de ayuda que busco, solo para responder a mi solicitud.
form-health-data-link = Lea nuestra política de privacidad de datos de salud del consumidor.
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

form-error-health-data-consent = Por favor, acepte que reunamos la información de salud de este formulario, o llámenos.
form-error-session-language = Por favor, elija uno de los idiomas de la lista.
form-error-therapist-language = La persona que eligió no ofrece sesiones en ese idioma. Por favor, elija a otra persona del equipo u otro idioma.
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
mail-field-booked-call = Llamada reservada para el
mail-field-fits = Terapeutas adecuados
mail-fits-none = ninguno: ningún terapeuta que acepte clientes nuevos ofrece todo esto
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
mail-field-session-language = Sesiones en
mail-session-language-any = cualquier idioma
mail-field-health-data-consent = Aceptó que se reúnan sus datos de salud
mail-field-message = Mensaje
mail-yes = sí
mail-no = no
mail-state-not-served = { $state } (NO es un estado en el que atendemos)
mail-coordinator-reply = Responda a este correo para escribir a la persona, o devuélvale la llamada como lo pidió.
mail-coordinator-no-email = La persona no dio correo electrónico, así que una respuesta a este correo solo llega a la consulta: llámele o envíele un mensaje de texto al { $phone }, como lo pidió.

mail-confirmation-subject = Recibimos su solicitud - { $practice }
mail-confirmation-body =
    Gracias por comunicarse con { $practice }.

    Recibimos su solicitud de una consulta telefónica gratuita de 20 minutos. Quien coordina nuestra atención se pondrá en contacto con usted en un día hábil, de la manera que nos pidió.

    Si necesita hablar con nosotros antes, llame al { $phone }.

    { $crisis }

    Recibe este correo porque alguien escribió esta dirección en nuestro formulario de consulta. Si no fue usted, puede ignorarlo.

mail-confirmation-booked-body =
    Gracias por comunicarse con { $practice }.

    Su consulta telefónica gratuita está reservada para el { $when }. Quien coordina nuestra atención le llamará a esa hora, desde el { $phone }, al número que nos dio. La llamada dura unos 20 minutos.

    Para elegir otra hora: { $reschedule }
    Para cancelar la llamada: { $cancel }
    O llámenos al { $phone }.

    { $crisis }

    Recibe este correo porque alguien escribió esta dirección en nuestro formulario de consulta. Si no fue usted, puede ignorarlo.

mail-reminder-subject = Recordatorio: su llamada de consulta gratuita con { $practice }
mail-reminder-body =
    Le recordamos su consulta telefónica gratuita con { $practice } el { $when }. Quien coordina nuestra atención le llamará desde el { $phone }, al número que nos dio.

    Para elegir otra hora: { $reschedule }
    Para cancelar la llamada: { $cancel }
    O llámenos al { $phone }.

    { $crisis }

    Recibe este correo porque alguien escribió esta dirección en nuestro formulario de consulta. Si no fue usted, puede ignorarlo.

mail-change-confirmation-subject = Su llamada de consulta con { $practice } tiene una nueva hora
mail-change-confirmation-body =
    Su consulta telefónica gratuita con { $practice } está ahora reservada para el { $when }. Quien coordina nuestra atención le llamará a esa hora, desde el { $phone }. Los enlaces de los correos anteriores ya no funcionan; estos sí:

    Para elegir otra hora: { $reschedule }
    Para cancelar la llamada: { $cancel }
    O llámenos al { $phone }.

    { $crisis }

    Recibe este correo porque alguien escribió esta dirección en nuestro formulario de consulta. Si no fue usted, puede ignorarlo.

mail-visitor-cancellation-subject = Su llamada de consulta con { $practice } está cancelada
mail-visitor-cancellation-body =
    Lo sentimos: tuvimos que cancelar su consulta telefónica gratuita con { $practice }, reservada para el { $when }.

    Reserve otra hora en nuestro sitio web, o llámenos al { $phone } y la buscaremos con usted.

    { $crisis }

    Recibe este correo porque alguien escribió esta dirección en nuestro formulario de consulta. Si no fue usted, puede ignorarlo.

mail-cancellation-subject = Llamada de consulta n.º { $id } cancelada
mail-cancellation-body = La persona canceló la llamada de consulta de la solicitud n.º { $id }, reservada para el { $when }. La hora vuelve a estar libre, y el archivo adjunto quita la llamada de su calendario.
mail-change-subject = Llamada de consulta n.º { $id } movida al { $when }
mail-change-body =
    La persona movió la llamada de consulta de la solicitud n.º { $id } al { $when }. La invitación adjunta actualiza su calendario.

    Nombre: { $name }
    Teléfono: { $phone }

hours-line = { $days }, de { $opens } a { $closes }
hours-day-range = De { $first } a { $last }

home-consultation = Pida una consulta gratuita de 20 minutos
home-meet-therapists = Conozca a nuestros terapeutas
home-where = En persona en { $city } y en línea para personas en { $states }. Llame al
home-services-heading = Cómo podemos ayudarle
home-all-services = Todos los servicios
home-find-therapist = Encuentre al terapeuta adecuado para usted
home-articles-heading = Artículos recientes
home-all-articles = Todos los artículos
home-cta-heading = Empezar es una llamada
home-cta = Quien coordina nuestra atención, { $coordinator }, le devolverá la llamada para una conversación gratuita de 20 minutos: qué está pasando, qué busca y quién de nosotros podría ser una buena opción. No tiene ningún compromiso.
cta-consultation = Pida una consulta gratuita
consultation-call = Llame al { $phone } para una consulta gratuita de 20 minutos

blog-title = Artículos
blog-description = Artículos sobre terapia, relaciones, duelo y crecimiento de los terapeutas de { $practice }.
blog-page-title = Artículos, página { $number } de { $count }
blog-page-description = Artículos sobre terapia, relaciones, duelo y crecimiento de los terapeutas de { $practice }, página { $number }.
blog-pages = Páginas de artículos
blog-page = Página { $number } de { $count }
blog-newer = Artículos más recientes
blog-older = Artículos anteriores
post-by = Por
in-language = en { $language }
post-updated = Actualizado el
post-words = { NUMBER($count) ->
    [one] { $count } palabra
   *[other] { $count } palabras
}
post-reviewed-by = Revisado clínicamente por { $reviewer } el
post-topics = Temas
post-about-author = Sobre quien escribe
post-read-bio = Lea la biografía de { $name }
post-or = o
post-request-with = pida una consulta con { $name }
post-call-about = llame al { $phone } para una consulta gratuita
post-related = Artículos relacionados
post-more = Más artículos
post-previous = Artículo anterior
post-next = Artículo siguiente
post-draft = Borrador: este artículo no está en el sitio publicado.
tag-title = Artículos sobre { $tag }
tag-description = Artículos sobre { $tag } de los terapeutas de { $practice }.
toc-heading = En esta página

team-title = Nuestros terapeutas
team-description = Conozca a los terapeutas de { $practice }: sus especialidades, sus idiomas y si aceptan clientes nuevos.
team-filtered-title = Nuestros terapeutas: { $filters }
team-lede = Todos trabajamos de forma relacional: la relación entre usted y su terapeuta es donde ocurre buena parte del cambio. Acote la lista, o llámenos y le ayudaremos a elegir.
team-filters = Filtrar terapeutas
team-filter-service = Servicio
team-filter-service-any = Cualquier servicio
team-filter-specialty = Especialidad
team-filter-specialty-any = Cualquier especialidad
team-filter-format = Sesiones
team-filter-format-any = En persona o en línea
team-filter-language = Idioma
team-filter-language-any = Cualquier idioma
team-filter-accepting = Solo terapeutas que aceptan clientes nuevos
team-filter-show = Mostrar terapeutas
team-filter-clear = Quitar los filtros
team-filter-accepting-title = aceptan clientes nuevos
team-all = { NUMBER($total) ->
    [one] { $total } terapeuta
   *[other] Los { $total } terapeutas
}
team-matching = { NUMBER($count) ->
    [one] { $count } de { $total } terapeutas coincide
   *[other] { $count } de { $total } terapeutas coinciden
}
team-none = Nadie coincide con todas esas opciones.
team-show-everyone = Vea a todo el equipo,
team-or-call = o llame a quien coordina nuestra atención, que le ayudará a encontrar a alguien:
therapist-pronouns = Pronombres: { $pronouns }
therapist-request = Pida una consulta con { $name }
therapist-call = Llame al { $phone } para reservar una consulta gratuita
therapist-facts = En resumen
therapist-sessions = Sesiones
therapist-languages = Idiomas
therapist-specialties = Especialidades
therapist-approaches = Enfoques
therapist-services = Servicios que ofrece { $name }
therapist-articles = Artículos de { $name }
therapist-draft = Borrador: este perfil no está en el sitio publicado.
status-accepting = Acepta clientes nuevos
status-waitlist = Solo lista de espera
status-waitlist-ask = Ahora no acepta clientes nuevos: pregunte por la lista de espera
format-in-person = En persona
format-online = En línea
list-and = { $first } y { $second }
license-line = { $title }, licencia de { $state } { $number }
license-supervised = { $line }. Bajo la supervisión de { $supervisor }, { $license }

services-description = Cómo puede ayudarle { $practice }: terapia individual, de pareja, familiar y de grupo.
services-lede = En persona en nuestra oficina de { $city } y en línea. ¿No sabe cuál le conviene? Una consulta telefónica gratuita de 20 minutos es la forma más fácil de empezar.
service-therapists = Terapeutas que lo ofrecen
service-none = Llámenos y le ayudaremos a encontrar a alguien:

page-draft = Borrador: esta página no está en el sitio publicado.

thanks-title = Gracias: recibimos su solicitud
thanks-description = Su solicitud de consulta llegó.
thanks-lede = { $coordinator }, quien coordina nuestra atención, se pondrá en contacto con usted en un día hábil, de la manera que nos pidió. Si dejó un correo electrónico, le llegará una confirmación.
thanks-sooner = Si necesita hablar con nosotros antes, llame al
received-title = Ya tenemos su solicitud
received-description = Su solicitud de consulta llegó antes.
received-lede = Este formulario ya se había enviado, y su solicitud nos llegó entonces, una sola vez. Los cambios de esta copia no se añadieron.
received-call = Para añadir algo o corregir un dato, llámenos al
received-or-tell = , o dígaselo a { $coordinator }, quien coordina nuestra atención, cuando se comunique con usted.
after-request-heading = Si las cosas se ponen más difíciles antes de que hablemos
after-request-home = vaya a la página de inicio
next-steps-heading = Próximos pasos
next-steps-call = Pida una consulta telefónica gratuita de 20 minutos
next-steps-call-detail = con quien coordina nuestra atención, que le escuchará, responderá a sus preguntas y hablará con usted de tarifas y horarios.
next-steps-match = Encuentre al terapeuta adecuado para usted,
next-steps-match-detail = y reserve su primera sesión cuando esté listo o lista.
next-steps-or-call = o llame al

search-title = Buscar
search-description = Busque en los artículos, servicios y terapeutas de { $practice }.
search-results-title = Resultados de la búsqueda de “{ $query }”
search-label = Buscar artículos, servicios y terapeutas
search-button = Buscar
search-no-results = No hay resultados para “{ $query }”
search-results = { NUMBER($count) ->
    [one] { $count } resultado para “{ $query }”
   *[other] { $count } resultados para “{ $query }”
}
search-none = Pruebe con menos palabras o con otras, o llame a quien coordina nuestra atención, que responde con gusto a sus preguntas:
search-kind-article = Artículo
search-kind-service = Servicio
search-kind-therapist = Terapeuta
search-kind-page = Página

breadcrumb-home = Inicio

error-status = Error { $status }
error-home = Ir a la página de inicio
error-articles = Lea nuestros artículos
error-call = Llámenos al
error-title-404 = Página no encontrada
error-400 = No pudimos leer esa solicitud
error-400-message = Algo en la dirección o en el formulario no era lo que esperábamos. Vuelva atrás e inténtelo de nuevo, o llámenos al { $phone }.
error-403 = Ese formulario se envió desde otro sitio web
error-403-message = Por su seguridad, solo aceptamos el formulario de consulta desde nuestras propias páginas. Abra nuestra página de consulta y envíelo desde allí, o llámenos al { $phone }.
error-404 = Página no encontrada
error-404-message = No encontramos esa página. Puede que se haya movido, o que la dirección tenga un error.
error-405 = Esa dirección no puede hacer eso
error-405-message = Esta dirección solo muestra una página. Vuelva atrás y siga el enlace de nuevo, o llámenos al { $phone }.
error-406 = No podemos enviar esta página en un formato que acepte su navegador
error-406-message = Podemos enviar las páginas tal cual o comprimidas con gzip o brotli, y su navegador dijo que no acepta ninguna de ellas. Pruebe con otro navegador, o llámenos al { $phone }.
error-408 = Eso tardó demasiado en llegarnos
error-408-message = Su formulario no llegó a tiempo, así que no se ha enviado. Revise su conexión y envíelo de nuevo, o llámenos al { $phone }.
error-413 = Eso era más de lo que el formulario puede recibir
error-413-message = Acorte su mensaje y envíelo de nuevo, o llámenos al { $phone } y cuéntenos el resto.
error-415 = No pudimos leer ese formulario
error-415-message = Envíe el formulario de consulta desde nuestra página de consulta, o llámenos al { $phone }.
error-429 = Demasiadas solicitudes por ahora
error-429-message = Hemos recibido muchas solicitudes desde esta conexión en la última hora. Llámenos al { $phone } y quien coordina nuestra atención le ayudará directamente.
error-500 = Algo salió mal de nuestro lado
error-500-message = Inténtelo de nuevo en un momento. Si sigue pasando, llámenos al { $phone } y le ayudaremos.
error-503 = No pudimos guardar su solicitud
error-503-message = Nuestro sitio web no pudo guardar su solicitud en este momento, así que no se ha enviado. Llámenos al { $phone }, o inténtelo de nuevo en unos minutos.

## Finding who fits
fits-licenses = Licencias
fits-license-item = { $state }: { $number }
fits-online-states = Sesiones en línea para clientes en
fits-fees = Tarifas
fits-fee-individual = Sesión individual
fits-fee-couples = Sesión de pareja
fits-fee-family = Sesión familiar
fits-fee-group = Sesión de grupo
fits-fee-line = { $kind }: ${ $amount }
fits-sliding-scale-offered = Tarifas más bajas según los ingresos
fits-superbills-offered = Recibo detallado (superbill) para pedir el reembolso fuera de la red
fits-insurance = Seguro médico
fits-insurance-none = No factura directamente a los seguros médicos
fits-card-fee-individual = ${ $amount } por sesión individual
fits-card-fee-from = Desde ${ $amount } por sesión
fits-card-sliding-scale = Tarifas según ingresos
fits-card-superbills = Recibo (superbill) para su seguro
fits-card-insurance-more = { $plans } y { $count } más
fits-filter-state = Dónde estará durante las sesiones
fits-filter-state-any = Cualquier estado
fits-filter-insurance = Seguro médico
fits-filter-insurance-any = Cualquier plan, o ninguno
fits-filter-max-fee = Lo máximo que puede pagar por una sesión individual, en dólares
fits-filter-sliding-scale = Solo terapeutas con tarifas según ingresos
fits-filter-state-title = para clientes en { $state }
fits-filter-insurance-title = en la red de { $plan }
fits-filter-max-fee-title = hasta ${ $amount } por sesión
fits-filter-sliding-scale-title = con tarifas según ingresos

## La vista previa de los editores (hearth serve --dev): la página que se ve mientras el contenido tiene problemas
dev-problems-title = Hay que corregir el contenido
dev-problems-lede = La vista previa muestra esto en lugar de la página por los problemas de abajo. El sitio publicado no se ve afectado. Corríjalos y guarde: esta página se recarga sola.

## Personal: iniciar sesión para editar el sitio (/staff/)
staff-sign-in-title = Inicie sesión para editar el sitio web
staff-sign-in-lede = Escriba el correo electrónico que la consulta tiene registrado para usted. Le enviaremos un enlace para iniciar sesión; funciona una sola vez, durante 15 minutos.
staff-email = Su correo electrónico
staff-email-hint = La dirección registrada para usted como editor, por ejemplo oficina@example.org.
staff-email-missing = Escriba su correo electrónico, por ejemplo oficina@example.org.
staff-send-link = Enviarme un enlace para iniciar sesión
staff-link-sent-title = Revise su correo
staff-link-sent-lede = Si esa dirección pertenece a un editor de este sitio web, le estamos enviando un enlace para iniciar sesión. Ábralo en este dispositivo antes de 15 minutos.
staff-link-sent-not-arrived = ¿No llega después de unos minutos? Revise la carpeta de correo no deseado, confirme la dirección con quien administra el sitio o pida un enlace nuevo.
staff-link-title = Iniciar sesión
staff-link-lede = Pulse el botón para iniciar sesión como { $editor }.
staff-link-button = Iniciar sesión
staff-link-gone-title = Este enlace ya no funciona
staff-link-gone-lede = Cada enlace funciona una sola vez, durante 15 minutos. Pida uno nuevo aquí abajo.
staff-signed-out = Ha cerrado la sesión.
staff-session-ended = Su sesión terminó. Vuelva a iniciar sesión para continuar.
staff-home-title = Su sitio web
staff-home-lede = Todo lo que hay en el sitio web, lo más reciente primero.
staff-signed-in-as = Sesión iniciada como { $editor }.
staff-sign-out = Cerrar sesión
staff-posts = Artículos
staff-therapists = Terapeutas
staff-services = Servicios
staff-pages = Páginas
staff-state-live = publicado
staff-state-draft = borrador
staff-state-scheduled = programado para el { $date }
mail-sign-in-subject = Su enlace para iniciar sesión en el sitio web de { $practice }
mail-sign-in-body =
    Este es su enlace para iniciar sesión y editar el sitio web de { $practice }:

    { $link }

    Funciona una sola vez, durante { $minutes } minutos. Si usted no lo pidió, puede ignorar este correo: nadie puede iniciar sesión sin el enlace.
staff-edit = Editar
staff-back = Todos los archivos
staff-edit-title = Editando { $path }
staff-body = Texto
staff-save = Guardar
staff-saved = Guardado. El sitio ya lo muestra.
staff-see-live = Verlo en el sitio
staff-refused = No se guardó nada: con este cambio el sitio tendría { $count ->
    [one] un problema
   *[other] { $count } problemas
}. Cada uno aparece junto a lo que corresponde; corríjalos y vuelva a guardar.
staff-conflict = No se guardó nada: otra persona guardó este archivo después de que usted lo abrió. Su versión está abajo y sus cambios siguen en el formulario. Copie lo que necesite y vuelva a guardar para reemplazar esa versión con la suya.
staff-theirs = El archivo tal como está ahora
staff-on-line = Línea { $line }: { $message }
staff-history-link = Versiones anteriores de este archivo
staff-history-edit = Editar este archivo
staff-history-title = Versiones de { $path }
staff-history-lede = Cada vez que se guarda, se conserva una versión, de la más reciente a la más antigua, con lo que cambió respecto de la anterior. Al restaurar una versión, su texto vuelve a ponerse después de comprobarlo con todo el sitio, igual que al guardar.
staff-history-unavailable = No se están conservando las versiones anteriores: no se pudo abrir el historial de la carpeta de contenido. Guardar sigue funcionando; quien administra el sitio puede ver el motivo en el registro de Hearth.
staff-history-none = Todavía no se conserva ninguna versión de este archivo. La próxima vez que lo guarde se conservará la primera.
staff-history-more = Aquí solo aparecen las { $count } versiones más recientes; las más antiguas también se conservan.
staff-history-when = { $when }, por { $author }
staff-history-current = Esta es la versión actual.
staff-history-save = Guardado en el editor.
staff-history-restore = Se restauró una versión anterior ({ $version }).
staff-history-photo = Se subió una foto.
staff-history-start = El archivo tal como estaba cuando Hearth empezó a conservar versiones.
staff-history-git = Cambiado fuera del editor: { $message }
staff-history-gone = En esta versión se eliminó el archivo.
staff-history-changes = Qué cambió en la versión { $version }
staff-history-legend = Las líneas marcadas con + se añadieron y las marcadas con − se eliminaron; las que las rodean no cambiaron.
staff-history-no-changes = En esta versión no cambió ninguna línea de texto.
staff-history-left-out = { $count ->
    [one] No se muestra una línea cambiada más.
   *[other] No se muestran { $count } líneas cambiadas más.
}
staff-history-old-line = Línea antes
staff-history-new-line = Línea después
staff-history-kind = Cambio
staff-history-text = Texto
staff-history-added = Añadida
staff-history-removed = Eliminada
staff-history-unchanged = Sin cambios
staff-history-skipped = Líneas sin cambios que no se muestran
staff-restore = Restaurar esta versión
staff-restored = Se restauró la versión anterior. El sitio ya la muestra.
staff-restore-refused = No se restauró nada: con el sitio tal como está ahora, esa versión le daría { $count ->
    [one] un problema
   *[other] { $count } problemas
}. Está en el formulario de abajo, con cada problema junto a lo que afecta; corríjalos y guarde, o deje el archivo como está.
staff-new-start = Empezar
staff-needed = Cuándo hace falta: { $when }.
staff-from-original = Se toma del original: omítalo, o escríbalo exactamente como lo tiene el original.
staff-warning-prefix = Conviene revisar:
staff-settings = La configuración de la consulta
staff-none = Todavía no hay nada aquí, o nada coincide.
staff-state-not-shown = no aparece en el sitio
staff-state-problems = { $count ->
    [one] tiene un problema
   *[other] tiene { $count } problemas
}
staff-search = Buscar un archivo por su título o su nombre de archivo
staff-search-button = Buscar
staff-new-title = Empezar algo nuevo
staff-new-kind = Qué empezar
staff-new-post = Un artículo
staff-new-therapist = La biografía de un terapeuta
staff-new-service = Un servicio
staff-new-page = Una página
staff-new-name = Su título (el nombre completo de un terapeuta)
staff-new-hint = El archivo lleva su nombre. No se guarda nada, ni aparece nada en el sitio, hasta que lo guarde; los artículos, las biografías y las páginas empiezan como borradores.
staff-new-exists = Ya existe un archivo con este nombre: { $path }. Elija otro título o edite ese archivo.
staff-new-no-letters = El título necesita letras o números para nombrar el archivo.
staff-new-unsaved = Este archivo es nuevo y todavía no está guardado. Complételo y guárdelo; hasta entonces no existe.
staff-yes = Sí (true)
staff-no = No (false)
staff-not-set = Sin indicar
staff-for-example = Por ejemplo:
staff-preview = Vista previa (se abre en otra pestaña)
staff-preview-banner = Vista previa de su cambio sin guardar en { $path }. Nada aparece en el sitio hasta que pulse Guardar en la página de edición.
staff-preview-back = Volver a editar
staff-preview-title = Vista previa de { $path }
staff-preview-problems = Todavía no se puede mostrar la vista previa: con este cambio el sitio tiene los problemas de abajo. Corríjalos en la página de edición; esta página mostrará la vista previa cuando estén corregidos.
staff-preview-no-page = El sitio carga con este cambio, pero este archivo no tiene una página propia que mostrar.
staff-photo = Añadir una foto
staff-photo-file = Foto
staff-photo-file-hint = Un JPEG o PNG de hasta { $megabytes } MB. Sirve una foto tal como sale del teléfono: el sitio hace por sí mismo copias más pequeñas y quita dónde se tomó y con qué teléfono.
staff-photo-alt = Qué muestra la foto, para quien no puede verla
staff-photo-alt-hint = Obligatorio si añade una foto. Un lector de pantalla lo lee en voz alta, por ejemplo: Maya Okafor, sonriente, sentada en una consulta soleada.
staff-photo-place = Dónde va
staff-photo-place-text = En el texto, como un párrafo nuevo al final (puede moverlo adonde quiera)
staff-photo-place-therapist = Como foto del terapeuta, arriba en su perfil
staff-photo-place-post = Como imagen sobre el artículo
staff-photo-add = Añadir la foto
staff-photo-added = La foto está añadida. Guarde para publicarla.
staff-photo-small = Solo mide { $width } por { $height } píxeles, así que puede verse borrosa en el sitio: una foto de al menos { $minimum } píxeles en su lado más corto se ve nítida.
staff-photo-not-added = La foto no se añadió: el motivo está junto a ella. Aún no se ha guardado nada, y todo lo que escribió sigue en el formulario.
staff-photo-missing = Elija primero una foto y luego pulse «Añadir la foto».
staff-photo-alt-missing = Describa qué muestra la foto, para quien no puede verla, por ejemplo «Dos sillones junto a una ventana». Luego elija otra vez la foto.
staff-photo-heic = Esta foto es un archivo HEIC, el formato propio del iPhone, que la mayoría de los navegadores no puede mostrar. Guárdela como JPEG y vuelva a elegirla: en un Mac, ábrala en Vista Previa y elija Archivo, Exportar y luego Formato: JPEG; en Windows, ábrala en Fotos y elija Guardar como y luego JPG. Para las fotos que tome a partir de ahora, elija en el iPhone Ajustes, Cámara, Formatos, Más compatible, y las tomará en JPEG.
staff-photo-wrong-type = Este archivo no es una foto JPEG ni PNG, y solo se pueden añadir fotos JPEG y PNG, se llame como se llame el archivo. Ábralo en su computadora, guárdelo o expórtelo como JPEG y vuelva a elegirlo.
staff-photo-too-large = Esta foto pesa más de { $megabytes } MB. Guarde una copia más pequeña (bastan unos pocos miles de píxeles de ancho) y vuelva a elegirla.
staff-photo-too-many-pixels = Esta foto mide { $width } por { $height } píxeles, más que los { $megapixels } millones de píxeles que admite el sitio. Guarde una copia más pequeña (bastan unos pocos miles de píxeles de ancho) y vuelva a elegirla.
staff-photo-damaged = No se pudo leer esta foto: puede que el archivo esté dañado o copiado a medias. Ábrala en su computadora para comprobarlo, guárdela de nuevo como JPEG y vuelva a elegirla.
