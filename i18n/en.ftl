# Hearth's interface words in English. A practice corrects any of these in
# content/i18n/en.ftl by writing a message with the same id there.

# A post's reading time; $minutes is a whole number of minutes. The variants
# follow the language's plural rules, so "1 minute" and "6 minutes" can differ.
reading-time = { NUMBER($minutes) ->
    [one] { $minutes } min read
   *[other] { $minutes } min read
}

# The preview banner over an article that is not live yet; $when is its date
# and time as the reader sees them.
scheduled-banner = Scheduled: this article appears on the live site on { $when }.

# The time of day in the scheduled banner joins the date with "at".
date-at-time = { $date } at { $time }

# The page's frame: the head, header and footer of every page.

# The feed's title in the page's head; $practice is the practice's name.
feed-title = Articles from { $practice }
# The first link on every page, for keyboard and screen reader users.
skip-link = Skip to main content
# The name screen readers give the header's navigation.
nav-main = Main
nav-consultation = Free consultation
crisis-heading = If you need help right now
crisis-call-988 = Call 988
crisis-text-988 = Text 988
crisis-call-911 = Call 911
footer-visit = Visit or call
# The name screen readers give the footer's list of the practice's pages.
footer-practice-nav = Practice information
footer-about-heading = About the practice
footer-about = About us
footer-fees = Fees and Good Faith Estimate
footer-faq = Questions and answers
footer-privacy = Notice of Privacy Practices
footer-accessibility = Accessibility
footer-search = Search the site
footer-no-tracking = This site uses no cookies, trackers or analytics.

# The header's sections, and the usual short names of the pages every
# practice has (other pages are named by their titles).
nav-blog = Articles
nav-team = Our team
nav-services = Services
nav-about = About
nav-fees = Fees
nav-faq = FAQ
# The name screen readers give the header's links to the site's other languages.
nav-languages = Languages
# This language's name for itself, for the language switcher of every
# other language: "English" in English, "Español" in Spanish.
language-own-name = English

# A link to a page that is not translated into the page's language:
# $label is the link's words, $language the name of the language it is in.
in-another-language = { $label } (in { $language })
# The languages' names, as this language writes them.
language-en = English
language-es = Spanish

# The consultation form.
form-title = Request a free consultation
form-description = Ask for a free 20-minute phone consultation with our care coordinator, who will help you find the right therapist.
# The page's title after a failed send, before the form's own title; $count
# is how many things to check.
form-error-title = { NUMBER($count) ->
    [one] Error: 1 thing to check
   *[other] Error: { $count } things to check
}
form-errors-heading = { NUMBER($count) ->
    [one] Please check one thing below
   *[other] Please check { $count } things below
}
form-errors-kept = Everything you typed is still here.
# Said before each error to screen readers, and shown under forced colours.
form-error-prefix = Error:
form-required = (required)
form-crisis-heading = In crisis? Please do not wait for a call back
form-lede = Tell us a little about what you are looking for. { $coordinator }, our care coordinator, will contact you within one business day for a free 20-minute phone call, and help you find the right therapist. There is no obligation.
form-call-now = Prefer to talk now? Call
form-honeypot = Leave this field empty
form-section-reach = How to reach you
form-name = Your name
form-name-hint = A first name, or the name you like to be called, is fine.
form-email = Email address
form-email-hint = Give an email address, a phone number, or both.
form-phone = Phone number
form-phone-hint = For example (510) 555-0123.
form-contact-preference = How should we contact you?
form-voicemail = It is fine to leave a voicemail
form-voicemail-hint = We only say that we are returning your call, and give our number.
form-section-looking-for = What you are looking for
form-service = Service
form-service-unsure = Not sure yet
form-therapist = Therapist
form-therapist-any = No preference
form-format = Sessions in person or online?
form-state = Where will you be during sessions?
form-state-hint = We can see clients only while they are in { $states }, even online. If you will be somewhere else, send the form anyway and we will suggest other options.
form-state-choose = Choose a state
form-state-served = Where we can see you
form-state-others = Other states (we cannot offer sessions there)
form-who-for = Who is the therapy for?
form-section-else = Anything else
form-availability = When are you usually free for a call?
form-availability-hint = For example: weekday evenings, or Tuesday mornings.
form-message = Message
form-message-hint = Optional, up to { $limit } characters (an emoji may count as two). Please do not include clinical details such as diagnoses or medications: you can share those privately with your therapist.
form-consent = I understand this form is not for emergencies. If I am in crisis I will call or text 988, or call 911.
form-privacy-note = We use what you write only to call you back. It is never shared, and it is deleted from our website as soon as it reaches our care coordinator.
form-privacy-link = See our privacy notice.
form-send = Send my request

choice-contact-phone = Phone call
choice-contact-text = Text message
choice-contact-email = Email
choice-format-either = Either is fine
choice-format-in-person = In person
choice-format-online = Online (video)
choice-who-individual = Me (individual therapy)
choice-who-couple = Me and my partner (couples)
choice-who-family = My family
choice-who-teen = My teen

# What the form says about a field that needs another look.
form-error-consent = Please confirm that you understand this form is not for emergencies.
form-error-name-missing = Please tell us your name, or a name we can call you by.
form-error-name-invisible = We could not see any letters in your name. Please type your name, or a name we can call you by.
# $limit and $count are numbers of characters.
form-error-name-too-long = Please shorten your name to { $limit } characters or fewer (it has { $count }).
form-error-email-invalid = Please check your email address: it should look like name@example.com.
form-error-phone-invalid = Please check your phone number: 10 digits, like (510) 555-0123, or + and a country code.
form-error-no-contact = Please give a phone number or an email address so we can reach you.
form-error-email-for-email = You asked us to email you: please add your email address above.
form-error-phone-for-calls = You asked us to call or text: please add your phone number above.
form-error-contact-preference = Please choose how we should contact you.
form-error-service = Please choose a service from the list, or “Not sure yet”.
form-error-therapist = Please choose a therapist from the list, or “No preference”.
form-error-format = Please choose in person, online, or either.
form-error-state = Please choose the state you will be in during sessions.
form-error-who-for = Please choose who the therapy is for.
form-error-availability-too-long = Please shorten this to { $limit } characters or fewer (it has { $count }).
form-error-message-too-long = Please shorten your message to { $limit } characters or fewer (it has { $count }). You can tell the coordinator the rest on the phone.
form-notice-expired = This form was opened a while ago, so for your safety it needs to be sent again. Everything you typed is still here: please check it and press “Send my request”.
form-notice-unconfirmed = We could not confirm this form came from our website. Everything you typed is still here: please check it and press “Send my request” again.
form-notice-too-large = This was more than the form can take, so it has not been sent yet. Everything you typed is still here: please shorten it and press “Send my request” again, or call us and tell us the rest.

# The email to the care coordinator (always in the site's first language).
mail-coordinator-subject = New consultation request #{ $id }
mail-field-name = Name
mail-field-email = Email
mail-field-phone = Phone
mail-field-contact-by = Contact by
mail-field-voicemail = Voicemail OK
mail-field-service = Service
mail-field-therapist = Therapist
mail-field-format = Format
mail-field-state = State during sessions
mail-field-for = For
mail-field-availability = Availability
# The language of the form the visitor used.
mail-field-language = Request made in
mail-field-message = Message
mail-yes = yes
mail-no = no
mail-state-not-served = { $state } (NOT a state we serve)
mail-coordinator-reply = Reply to this email to write to the visitor, or call them back as they asked.

# The confirmation to the visitor, in the language of the form they sent.
mail-confirmation-subject = We received your request - { $practice }
mail-confirmation-body =
    Thank you for reaching out to { $practice }.

    We received your request for a free 20-minute phone consultation. Our care coordinator will contact you within one business day, the way you asked us to.

    If you need to reach us sooner, call { $phone }.

    { $crisis }

    You are receiving this email because this address was entered on our consultation form. If that was not you, you can ignore it.
