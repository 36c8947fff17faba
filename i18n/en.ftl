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
