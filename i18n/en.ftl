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
nav-consultation-call = Call { $phone }
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
# The link at the very top of every page to the crisis section.
crisis-top = In crisis? Call or text 988
footer-assistance = Language assistance
footer-nondiscrimination = Nondiscrimination notice
# The consumer health data privacy policy, as Washington's law names it.
footer-health-data = Consumer Health Data Privacy Policy

# The quick exit, when site.yaml sets `quick_exit`: the first link of every
# page, and the page that explains it. $destination is the site it goes to.
quick-exit-link = Leave this site quickly
quick-exit-about = About leaving quickly
quick-exit-title = Leaving this site quickly
quick-exit-description = What the “Leave this site quickly” link does, and what it cannot do.
quick-exit-does = The “Leave this site quickly” link at the top of every page takes you straight to { $destination }. When scripts are on in your browser, pressing the Escape key does the same, and this site is replaced in the tab, so the Back button does not bring it back.
quick-exit-does-not = It does not erase your browsing history: someone who looks at this device’s history can still see that you were here. A private window (“Incognito” or “Private browsing”) keeps no history once you close it, and you can delete this site from your history afterwards.
quick-exit-safer = If you think someone watches what you do on this device, a device they cannot use, such as a library computer or a trusted friend’s phone, is safer.
quick-exit-danger = If you are in danger now, call 911.

# The language assistance page, when site.yaml sets `language_assistance`.
assistance-title = Language assistance
assistance-description = Free interpreters, our information in your language, and free aids for people with disabilities.
assistance-lede = We offer free language assistance, such as a qualified interpreter for your calls and sessions and our information written in your language, and free aids and services for people with disabilities. To ask for them, call { $phone }.
assistance-in-your-language = In your language

# The notice of nondiscrimination, when site.yaml sets `section_1557: true`.
nondiscrimination-title = Notice of nondiscrimination
nondiscrimination-description = Our commitment not to discriminate, the free help we offer, and how to raise a concern.
nondiscrimination-complies = { $practice } complies with applicable federal civil rights laws and does not discriminate on the basis of race, color, national origin (including limited English proficiency and primary language), age, disability or sex (including sex characteristics, intersex traits, pregnancy or related conditions, sexual orientation, gender identity and sex stereotypes).
nondiscrimination-aids = We provide, free of charge and in a timely manner, reasonable modifications for people with disabilities, and aids and services such as qualified sign language interpreters and information in other formats (large print, audio, accessible electronic formats).
nondiscrimination-languages = We provide, free of charge and in a timely manner, language assistance services to people whose primary language is not English, such as qualified interpreters and information written in other languages.
nondiscrimination-contact = To ask for these services, or if you believe we have failed to provide them or have discriminated in another way, contact { $coordinator } at { $phone } or { $email }. You can raise a grievance by phone, by email, by mail or in person, and { $coordinator } will help you with it.
nondiscrimination-ocr = You can also file a civil rights complaint with the U.S. Department of Health and Human Services, Office for Civil Rights, by mail at 200 Independence Avenue SW, Room 509F, HHH Building, Washington, DC 20201, or by phone at 1-800-368-1019 (TDD 1-800-537-7697).
nondiscrimination-ocr-portal = The Office for Civil Rights’ complaint portal
nondiscrimination-ocr-forms = Complaint forms

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
language-fr = French
language-ta = Tamil
language-zh = Chinese
language-yue = Cantonese
language-cmn = Mandarin
language-vi = Vietnamese
language-tl = Tagalog
language-ko = Korean
language-ru = Russian
language-ar = Arabic
language-ht = Haitian Creole
language-pt = Portuguese
language-ja = Japanese
language-fa = Persian
language-de = German
language-hi = Hindi
language-it = Italian
language-pl = Polish
language-he = Hebrew
language-ase = American Sign Language

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
form-where-note = Our therapists can see clients only while they are in { $states }, online too. If you will be somewhere else during sessions, tell us in the form or call us, and we will suggest other options.
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
# A therapist in the form's list; $languages are those they offer sessions in.
form-therapist-option = { $therapist } ({ $languages })
form-therapist-option-waitlist = { $therapist } ({ $languages }; waitlist)
form-session-language = Language for your sessions
form-session-language-any = Any of our languages
form-therapists-in = The list shows the therapists who offer sessions in { $language }.
form-consent = I understand this form is not for emergencies. If I am in crisis I will call or text 988, or call 911.
form-health-data-consent = I agree that { $practice } may collect the health information I give in this form, such as what I would like help with, only to answer my request.
form-health-data-link = Read our Consumer Health Data Privacy Policy.
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
form-error-health-data-consent = Please agree to the collection of the health information in this form, or call us instead.
form-error-session-language = Please choose one of the languages in the list.
form-error-therapist-language = The therapist you chose does not offer sessions in that language. Please choose another therapist, or another language.
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
mail-field-booked-call = Call booked for
mail-field-fits = Therapists who fit
mail-fits-none = none: no therapist accepting new clients offers all of this
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
mail-field-session-language = Sessions in
mail-session-language-any = any language
mail-field-health-data-consent = Agreed to the collection of health data
mail-field-message = Message
mail-yes = yes
mail-no = no
mail-state-not-served = { $state } (NOT a state we serve)
mail-coordinator-reply = Reply to this email to write to the visitor, or call them back as they asked.
mail-coordinator-no-email = The visitor gave no email address, so a reply to this email reaches no one but the practice: call or text them at { $phone }, as they asked.

# The confirmation to the visitor, in the language of the form they sent.
mail-confirmation-subject = We received your request - { $practice }
mail-confirmation-body =
    Thank you for reaching out to { $practice }.

    We received your request for a free 20-minute phone consultation. Our care coordinator will contact you within one business day, the way you asked us to.

    If you need to reach us sooner, call { $phone }.

    { $crisis }

    You are receiving this email because this address was entered on our consultation form. If that was not you, you can ignore it.

mail-confirmation-booked-body =
    Thank you for reaching out to { $practice }.

    Your free phone consultation is booked for { $when }. Our care coordinator will call you then, from { $phone }, at the number you gave us. The call takes about 20 minutes.

    To pick another time: { $reschedule }
    To cancel the call: { $cancel }
    Or call us at { $phone }.

    { $crisis }

    You are receiving this email because this address was entered on our consultation form. If that was not you, you can ignore it.

mail-reminder-subject = Reminder: your free consultation call with { $practice }
mail-reminder-body =
    This is a reminder of your free phone consultation with { $practice } on { $when }. Our care coordinator will call you from { $phone }, at the number you gave us.

    To pick another time: { $reschedule }
    To cancel the call: { $cancel }
    Or call us at { $phone }.

    { $crisis }

    You are receiving this email because this address was entered on our consultation form. If that was not you, you can ignore it.

mail-change-confirmation-subject = Your consultation call with { $practice } has a new time
mail-change-confirmation-body =
    Your free phone consultation with { $practice } is now booked for { $when }. Our care coordinator will call you then, from { $phone }. The links in earlier emails no longer work; these do:

    To pick another time: { $reschedule }
    To cancel the call: { $cancel }
    Or call us at { $phone }.

    { $crisis }

    You are receiving this email because this address was entered on our consultation form. If that was not you, you can ignore it.

mail-visitor-cancellation-subject = Your consultation call with { $practice } is cancelled
mail-visitor-cancellation-body =
    We are sorry: we had to cancel your free phone consultation with { $practice }, booked for { $when }.

    Please book another time on our website, or call us at { $phone } and we will find one with you.

    { $crisis }

    You are receiving this email because this address was entered on our consultation form. If that was not you, you can ignore it.

mail-cancellation-subject = Consultation call #{ $id } cancelled
mail-cancellation-body = The visitor cancelled the consultation call of request #{ $id }, booked for { $when }. The time is free again, and the attached file takes the call off your calendar.
mail-change-subject = Consultation call #{ $id } moved to { $when }
mail-change-body =
    The visitor moved the consultation call of request #{ $id } to { $when }. The attached invitation updates your calendar.

    Name: { $name }
    Phone: { $phone }

# The home page.
home-consultation = Request a free 20-minute consultation
home-meet-therapists = Meet our therapists
# Before the phone number; $city is where the office is, $states where
# the practice may see clients.
home-where = In person in { $city } and online for people in { $states }. Call
home-services-heading = How we can help
home-all-services = All services
home-find-therapist = Find the right therapist for you
home-articles-heading = Recent articles
home-all-articles = All articles
home-cta-heading = Starting is one phone call
home-cta = Our care coordinator, { $coordinator }, will call you back for a free 20-minute conversation: what is going on, what you are looking for, and which of us would be a good fit. There is no obligation.
cta-consultation = Request a free consultation
consultation-call = Call { $phone } for a free 20-minute consultation

# The blog and its articles.
blog-title = Articles
blog-description = Articles on therapy, relationships, grief and growth from the therapists of { $practice }.
blog-page-title = Articles, page { $number } of { $count }
blog-page-description = Articles on therapy, relationships, grief and growth from the therapists of { $practice }, page { $number }.
blog-pages = Pages of articles
blog-page = Page { $number } of { $count }
blog-newer = Newer articles
blog-older = Older articles
post-by = By
# After an author's name whose profile is only in another language.
in-language = in { $language }
post-updated = Updated
post-words = { NUMBER($count) ->
    [one] { $count } word
   *[other] { $count } words
}
# Before the date of the review.
post-reviewed-by = Clinically reviewed by { $reviewer } on
post-topics = Topics
post-about-author = About the author
post-read-bio = Read { $name }’s bio
post-or = or
post-request-with = request a consultation with { $name }
post-call-about = call { $phone } for a free consultation
post-related = Related articles
post-more = More articles
post-previous = Previous article
post-next = Next article
post-draft = Draft: this article is not on the live site.
tag-title = Articles about { $tag }
tag-description = Articles about { $tag } from the therapists of { $practice }.
toc-heading = On this page

# The team and each therapist.
team-title = Our therapists
team-description = Meet the therapists of { $practice }: their specialties, languages, and whether they are accepting new clients.
# The title of the team page with filters chosen; $filters lists them.
team-filtered-title = Our therapists: { $filters }
team-lede = Each of us works relationally: the relationship between you and your therapist is where much of the change happens. Narrow the list, or call us and we will help you choose.
team-filters = Filter therapists
team-filter-service = Service
team-filter-service-any = Any service
team-filter-specialty = Specialty
team-filter-specialty-any = Any specialty
team-filter-format = Sessions
team-filter-format-any = In person or online
team-filter-language = Language
team-filter-language-any = Any language
team-filter-accepting = Only therapists accepting new clients
team-filter-show = Show therapists
team-filter-clear = Clear filters
team-filter-accepting-title = accepting new clients
team-all = { NUMBER($total) ->
    [one] The { $total } therapist
   *[other] All { $total } therapists
}
team-matching = { NUMBER($total) ->
    [one] { $count } of { $total } therapist matches
   *[other] { $count } of { $total } therapists match
}
team-none = No one matches all of those choices.
team-show-everyone = Show everyone,
team-or-call = or call our care coordinator, who will help you find someone:
therapist-pronouns = Pronouns: { $pronouns }
therapist-request = Request a consultation with { $name }
therapist-call = Call { $phone } to book a free consultation
therapist-facts = At a glance
therapist-sessions = Sessions
therapist-languages = Languages
therapist-specialties = Specialties
therapist-approaches = Approaches
therapist-services = Services { $name } offers
therapist-articles = Articles by { $name }
therapist-draft = Draft: this profile is not on the live site.
status-accepting = Accepting new clients
status-waitlist = Waitlist only
status-waitlist-ask = Not accepting new clients right now: ask about the waitlist
format-in-person = In person
format-online = Online
# Joins the last two of a list: "In person and Online".
list-and = { $first } and { $second }
# The license line California asks for; $state is the state's name.
license-line = { $title }, { $state } license { $number }
license-supervised = { $line }. Supervised by { $supervisor }, { $license }

# Services.
services-description = How { $practice } can help: individual, couples, family and group therapy.
services-lede = In person in our { $city } office and online. Not sure which fits? A free 20-minute phone consultation is the easiest place to start.
service-therapists = Therapists who offer this
service-none = Call us and we will help you find someone:

# Pages.
page-draft = Draft: this page is not on the live site.

# Booking the call.
booking-heading = Pick a time for your free { $minutes }-minute call
booking-zone-note = Times are shown in { $zone }.
booking-zone-label = Show the times in another time zone
booking-week = Week of { $date }
booking-week-previous = Previous week
booking-week-next = Next week
booking-week-empty = No times are free this week.
booking-none-free = No times are free to book right now. Choose a call back below, or call us.
booking-nearest = The nearest free times
booking-call-back = None of these times work for me: please call me back
booking-day = { $weekday }, { $date }
booking-when = { $day }, { $time } { $zone }
zone-eastern = Eastern Time
zone-central = Central Time
zone-mountain = Mountain Time
zone-arizona = Arizona Time
zone-pacific = Pacific Time
zone-alaska = Alaska Time
zone-hawaii = Hawaii Time
form-error-slot-missing = Pick a time for the call, or choose “None of these times work for me”.
form-error-slot-unavailable = That time can no longer be booked. Please pick another.
form-error-slot-taken = That time was just taken by someone else. Please pick another: the nearest free times are first.
form-error-phone-for-booked-call = Give a phone number, so we can call you at the time you picked.
ics-coordinator-summary = Consultation call #{ $id }
ics-coordinator-description = Call { $name } at { $phone }.
ics-visitor-summary = Free consultation call with { $practice }
ics-visitor-description = We will call you from { $phone }. The call is free and takes about 20 minutes: we will ask what brings you here and help you find the right therapist. To change the time or cancel, call us at { $phone }.
cancel-title = Cancel your consultation call?
cancel-lede = Your free call is booked for { $when }. If you cancel it, the time goes to someone else.
cancel-button = Cancel the call
cancelled-title = Your call is cancelled
cancelled-lede = We have told our care coordinator. You are welcome to book another time whenever you are ready.
booking-book-again = Book another time
reschedule-title = Pick another time for your call
reschedule-lede = Your free call is booked for { $when }. Pick a new time below: your current time stays yours until the new one is booked.
reschedule-pick = Free times
reschedule-button = Move my call
booking-none-free-to-move = No other times are free right now. Your call stays as it is.
change-gone-title = This link no longer works
change-gone-lede = It is from before your call was moved or cancelled, or the call has already happened. The newest email from us has the links that work.
booked-reschedule = Pick another time
booked-cancel = Cancel the call
booked-links-sent = If you gave an email address, these links are in your confirmation too.
booked-or-call = You can also call us at
booked-title = Your call is booked
booked-lede = { $coordinator }, our care coordinator, will call you on { $when }, at the phone number you gave.
booked-from = The call will come from { $phone }. It is free, and takes about 20 minutes: we will ask what brings you here and find the right therapist for you.
booked-change = To change the time or cancel, call us at

# After a request.
thanks-title = Thank you: we received your request
thanks-description = Your consultation request arrived.
thanks-lede = { $coordinator }, our care coordinator, will contact you within one business day, the way you asked us to. If you gave an email address, a confirmation is on its way.
thanks-sooner = If you need to reach us sooner, call
received-title = We already have your request
received-description = Your consultation request arrived earlier.
received-lede = This form was sent before, and your request reached us then, once. The changes in this copy were not added to it.
received-call = To add something or correct a detail, please call us at
received-or-tell = , or tell { $coordinator }, our care coordinator, when they contact you.
after-request-heading = If things get harder before we talk
after-request-home = go to the home page
next-steps-heading = Next steps
next-steps-call = Schedule a free 20-minute phone consultation
next-steps-call-detail = with our care coordinator. They will listen, answer your questions and talk through fees and times.
next-steps-match = Get matched with the therapist who is right for you,
next-steps-match-detail = and book your first session when you are ready.
next-steps-or-call = or call

# Search.
search-title = Search
search-description = Search the articles, services and therapists of { $practice }.
# The title of a results page; $query is what was searched for.
search-results-title = Search results for “{ $query }”
search-label = Search articles, services and therapists
search-button = Search
search-no-results = No results for “{ $query }”
search-results = { NUMBER($count) ->
    [one] { $count } result for “{ $query }”
   *[other] { $count } results for “{ $query }”
}
search-none = Try fewer or different words, or call our care coordinator, who is glad to answer questions:
search-kind-article = Article
search-kind-service = Service
search-kind-therapist = Therapist
search-kind-page = Page

# Breadcrumbs, for search engines.
breadcrumb-home = Home

# Error pages; $phone is the practice's phone number.
error-status = Error { $status }
error-home = Go to the home page
error-articles = Read our articles
error-call = Call us at
error-title-404 = Page not found
error-400 = We could not read that request
error-400-message = Something in the address or the form was not what we expected. Please go back and try again, or call us at { $phone }.
error-403 = That form was sent from another website
error-403-message = For your safety we only accept the consultation form from our own pages. Please open our consultation page and send it from there, or call us at { $phone }.
error-404 = Page not found
error-404-message = We could not find that page. It may have moved, or the address may have a typo.
error-405 = That address cannot do that
error-405-message = This address only shows a page. Please go back and follow the link again, or call us at { $phone }.
error-406 = We cannot send this page in a form your browser accepts
error-406-message = We can send pages plain or compressed with gzip or brotli, and your browser said it takes none of these. Please try another browser, or call us at { $phone }.
error-408 = That took too long to reach us
error-408-message = Your form did not arrive in time, so it has not been sent. Please check your connection and send it again, or call us at { $phone }.
error-413 = That was more than the form can take
error-413-message = Please shorten your message and send it again, or call us at { $phone } and tell us the rest.
error-415 = We could not read that form
error-415-message = Please send the consultation form from our consultation page, or call us at { $phone }.
error-429 = Too many requests for now
error-429-message = We have received many requests from this connection in the last hour. Please call us at { $phone } and our care coordinator will help you directly.
error-500 = Something went wrong on our side
error-500-message = Please try again in a moment. If it keeps happening, call us at { $phone } and we will help.
error-503 = We could not save your request
error-503-message = Our website could not store your request just now, so it has not been sent. Please call us at { $phone }, or try again in a few minutes.

# Opening hours: "Monday to Thursday, 8:00 AM to 7:00 PM"; day names and
# times come from CLDR.
hours-line = { $days }, { $opens } to { $closes }
hours-day-range = { $first } to { $last }

## Finding who fits
# A therapist's licenses, fees and insurance, on their profile and card,
# and the team page's filters by state, insurance and fee. Amounts are
# whole US dollars, given as $amount without the sign.
fits-licenses = Licenses
fits-license-item = { $state }: { $number }
fits-online-states = Online sessions for clients in
fits-fees = Fees
fits-fee-individual = Individual session
fits-fee-couples = Couples session
fits-fee-family = Family session
fits-fee-group = Group session
fits-fee-line = { $kind }: ${ $amount }
fits-sliding-scale-offered = Lower fees on a sliding scale, by income
fits-superbills-offered = Superbills for out-of-network reimbursement
fits-insurance = Insurance
fits-insurance-none = Does not bill insurance plans directly
# The short line on a therapist's card: its parts are joined with " · ".
fits-card-fee-individual = ${ $amount } per individual session
fits-card-fee-from = From ${ $amount } per session
fits-card-sliding-scale = Sliding scale
fits-card-superbills = Superbills for insurance
# $plans is the first few plans' names.
fits-card-insurance-more = { $plans } and { $count } more
fits-filter-state = Where you will be during sessions
fits-filter-state-any = Any state
fits-filter-insurance = Insurance
fits-filter-insurance-any = Any plan, or none
fits-filter-max-fee = Most you can pay for an individual session, in dollars
fits-filter-sliding-scale = Only therapists with a sliding scale
# Parts of the filtered team page's title, after "Our therapists:".
fits-filter-state-title = for clients in { $state }
fits-filter-insurance-title = in network with { $plan }
fits-filter-max-fee-title = up to ${ $amount } a session
fits-filter-sliding-scale-title = with a sliding scale

## The editors' preview (hearth serve --dev): the page shown while the content has problems
dev-problems-title = The content needs fixing
dev-problems-lede = The preview is showing this instead of the page because of the problems below. The live site is not affected. Fix them and save: this page reloads by itself.

## Staff: signing in to edit the site (/staff/)
staff-sign-in-title = Sign in to edit the website
staff-sign-in-lede = Enter the email address the practice has for you. We will email you a link that signs you in; it works once, for 15 minutes.
staff-email = Your email address
staff-email-hint = The address listed for you as an editor, such as office@example.org.
staff-email-missing = Enter your email address, such as office@example.org.
staff-send-link = Email me a sign-in link
staff-link-sent-title = Check your email
staff-link-sent-lede = If that address belongs to an editor of this website, a sign-in link is on its way to it now. Open it on this device within 15 minutes.
staff-link-sent-not-arrived = Nothing after a few minutes? Look in your spam folder, check the address with whoever runs the website, or ask for a new link.
staff-link-title = Sign in
staff-link-lede = Press the button to sign in as { $editor }.
staff-link-button = Sign in
staff-link-gone-title = This sign-in link no longer works
staff-link-gone-lede = Each link works once, for 15 minutes. Ask for a new one below.
staff-signed-out = You are signed out.
staff-session-ended = Your session ended. Sign in again to go on.
staff-home-title = Your website
staff-home-lede = Everything on the website, newest first.
staff-signed-in-as = Signed in as { $editor }.
staff-sign-out = Sign out
staff-posts = Articles
staff-therapists = Therapists
staff-services = Services
staff-pages = Pages
staff-state-live = live
staff-state-draft = draft
staff-state-scheduled = scheduled for { $date }
mail-sign-in-subject = Your sign-in link for the { $practice } website
mail-sign-in-body =
    Here is your link to sign in and edit the { $practice } website:

    { $link }

    It works once, for { $minutes } minutes. If you did not ask for it, you can ignore this email: no one can sign in without the link.
staff-edit = Edit
staff-back = All files
staff-edit-title = Editing { $path }
staff-body = Text
staff-save = Save
staff-saved = Saved. The live site shows it now.
staff-see-live = See it on the site
staff-refused = Nothing was saved: the site would have { $count ->
    [one] one problem
   *[other] { $count } problems
} with this change. Each is shown beside what it is about; fix them and save again.
staff-conflict = Nothing was saved: someone else saved this file after you opened it. Their version is below, and your changes are still in the form. Copy what you need, then save again to replace their version with yours.
staff-theirs = The file as it is now
staff-on-line = Line { $line }: { $message }
staff-history-link = Earlier versions of this file
staff-history-edit = Edit this file
staff-history-title = Versions of { $path }
staff-history-lede = Every save is kept, newest first, with what it changed from the version before. Restoring a version puts its text back after checking it with the whole site, as a save does.
staff-history-unavailable = Earlier versions are not being kept: the content folder's history could not be opened. Saving still works; whoever runs the website can find the reason in Hearth's log.
staff-history-none = No versions of this file are kept yet. The next save keeps the first.
staff-history-more = Only the { $count } newest versions are listed here; the older ones are kept too.
staff-history-when = { $when }, by { $author }
staff-history-current = This is the current version.
staff-history-save = Saved in the editor.
staff-history-restore = An earlier version ({ $version }) was restored.
staff-history-photo = A photo was uploaded.
staff-history-start = The file as it was when Hearth began keeping versions.
staff-history-git = Changed outside the editor: { $message }
staff-history-gone = The file was removed in this version.
staff-history-changes = What version { $version } changed
staff-history-legend = Lines marked + were added and lines marked − were removed; the lines around them are unchanged.
staff-history-no-changes = No line of text changed in this version.
staff-history-left-out = { $count ->
    [one] One more changed line is not shown.
   *[other] { $count } more changed lines are not shown.
}
staff-history-old-line = Line before
staff-history-new-line = Line after
staff-history-kind = Change
staff-history-text = Text
staff-history-added = Added
staff-history-removed = Removed
staff-history-unchanged = Unchanged
staff-history-skipped = Unchanged lines not shown
staff-restore = Restore this version
staff-restored = The earlier version is restored. The live site shows it now.
staff-restore-refused = Nothing was restored: as the site is now, that version would give it { $count ->
    [one] one problem
   *[other] { $count } problems
}. It is in the form below, each problem beside what it is about; fix them and save, or leave the file as it is.
staff-new-start = Start
staff-needed = Needed: { $when }.
staff-from-original = Taken from the original: leave it out, or write it exactly as the original has it.
staff-warning-prefix = Worth a look:
staff-settings = The practice's settings
staff-none = Nothing here yet, or nothing matches.
staff-state-not-shown = not on the site
staff-state-problems = { $count ->
    [one] has a problem
   *[other] has { $count } problems
}
staff-search = Find a file by its title or file name
staff-search-button = Find
staff-new-title = Start something new
staff-new-kind = What to start
staff-new-post = An article
staff-new-therapist = A therapist's bio
staff-new-service = A service
staff-new-page = A page
staff-new-name = Its title (a therapist's full name)
staff-new-hint = The file is named after it. Nothing is saved, and nothing is on the site, until you save it; articles, bios and pages start as drafts.
staff-new-exists = A file with this name exists already: { $path }. Choose another title, or edit that file.
staff-new-no-letters = The title needs letters or digits to name the file after.
staff-new-unsaved = This file is new and not saved yet. Fill it in and save it; until then it does not exist.
staff-yes = Yes (true)
staff-no = No (false)
staff-not-set = Not set
staff-for-example = For example:
staff-preview = Preview (opens a new tab)
staff-preview-banner = Preview of your unsaved change to { $path }. Nothing is on the live site until you press Save on the editing page.
staff-preview-back = Back to editing
staff-preview-title = Preview of { $path }
staff-preview-problems = The preview cannot be shown yet: with this change the site has the problems below. Fix them on the editing page; this page shows the preview once they are fixed.
staff-preview-no-page = The site loads with this change, but this file has no page of its own to preview.
staff-photo = Add a photo
staff-photo-file = Photo
staff-photo-file-hint = A JPEG or PNG, up to { $megabytes } MB. A photo straight from a phone is fine: the site makes smaller copies by itself, and removes where it was taken and which phone took it.
staff-photo-alt = What the photo shows, for someone who cannot see it
staff-photo-alt-hint = Required with a photo. A screen reader reads it aloud, for example: Maya Okafor, smiling, seated in a sunny office.
staff-photo-place = Where it goes
staff-photo-place-text = In the text, as a new paragraph at the end (move it where you like)
staff-photo-place-therapist = As the therapist's photo, at the top of their profile
staff-photo-place-post = As the picture above the article
staff-photo-add = Add the photo
staff-photo-added = The photo is added. Save to publish it.
staff-photo-small = It is only { $width } by { $height } pixels, so it may look blurred on the site: a photo at least { $minimum } pixels on its shorter side looks sharp.
staff-photo-not-added = The photo was not added: the reason is beside it. Nothing is saved yet, and everything you typed is still in the form.
staff-photo-missing = Choose a photo first, then press "Add the photo".
staff-photo-alt-missing = Describe what the photo shows, for someone who cannot see it, such as "Two armchairs by a window". Then choose the photo again.
staff-photo-heic = This photo is a HEIC file, the iPhone's own format, which most browsers cannot show. Save it as JPEG and choose it again: on a Mac, open it in Preview and choose File, Export, then Format: JPEG; on Windows, open it in Photos and choose Save as, then JPG. For photos you take from now on, choose Settings, Camera, Formats, Most Compatible on the iPhone, and it takes them as JPEG.
staff-photo-wrong-type = This file is not a JPEG or PNG photo, and only JPEG and PNG photos can be added, whatever the file is called. Open it on your computer, save or export it as JPEG, and choose it again.
staff-photo-too-large = This photo is larger than { $megabytes } MB. Save a smaller copy (a few thousand pixels wide is plenty) and choose it again.
staff-photo-too-many-pixels = This photo is { $width } by { $height } pixels, more than the { $megapixels } million pixels the site takes. Save a smaller copy (a few thousand pixels wide is plenty) and choose it again.
staff-photo-damaged = This photo could not be read: the file may be damaged or only partly copied. Open it on your computer to check, save it again as JPEG, and choose it again.
