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
