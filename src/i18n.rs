//! The interface's words per language: every phrase Hearth itself writes
//! (not the practice's content) comes from a Fluent catalog, and dates and
//! numbers from CLDR data through ICU4X, so a Spanish page reads
//! "2 de septiembre de 2026" and "6 min de lectura" without hand-written
//! tables of month names or plural rules.
//!
//! Why Fluent: its `select` expressions let staff write grammatical variants
//! (plural, gender) in the catalog without asking for code, and
//! `fluent-bundle` takes its plural rules from CLDR. The built-in catalogs
//! (`i18n/<lang>.ftl`) are compiled into the binary so every site works with no
//! catalog files; a practice corrects any message in `content/i18n/<lang>.ftl`.
//! A [`Catalog`] is built once per load and shared behind an `Arc`: pages are
//! rendered once, so nothing here runs per request.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::memoizer::MemoizerKind;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use icu_calendar::Gregorian;
use icu_datetime::fieldsets::{E, T, YMD};
use icu_datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale;
use intl_memoizer::concurrent::IntlLangMemoizer;
use unic_langid::LanguageIdentifier;

use crate::content::errors::ContentError;

pub mod assistance;

/// The languages whose names the catalogs hold (`language-fr = French`),
/// so a therapist's `languages` read in the page's language.
const NAMED_LANGUAGES: [&str; 22] = [
    "en", "es", "fr", "ta", "zh", "yue", "cmn", "vi", "tl", "ko", "ru", "ar", "ht", "pt", "ja",
    "fa", "de", "hi", "it", "pl", "he", "ase",
];

/// The catalogs compiled into Hearth, by language. English is the reference:
/// every other catalog must have each of its ids.
const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../i18n/en.ftl")),
    ("es", include_str!("../i18n/es.ftl")),
];

/// A BCP 47 primary language code (`en`, `es`), checked when it is read so
/// that everything after the settings loader can trust it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Language(String);

impl Language {
    /// English, the default when `site.yaml` names no languages.
    pub fn english() -> Language {
        Language("en".to_owned())
    }

    /// A lowercase two- or three-letter primary language subtag, nothing
    /// more: regions and scripts (`es-MX`) are not yet served separately.
    pub fn parse(code: &str) -> Result<Language, String> {
        let valid = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
        let known = valid && code.parse::<LanguageIdentifier>().is_ok();
        if known {
            Ok(Language(code.to_owned()))
        } else {
            Err(format!(
                "`{code}` is not a language code: write a two-letter code such as `en` or `es`"
            ))
        }
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    /// Whether Hearth ships a catalog for this language.
    pub fn has_built_in_catalog(&self) -> bool {
        built_in_source(self).is_some()
    }
}

/// Stored as its code (`"es"`), and checked again when read back.
impl serde::Serialize for Language {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Language {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Language::parse(&code).map_err(serde::de::Error::custom)
    }
}

impl Default for Language {
    /// English, as [`Language::english`].
    fn default() -> Language {
        Language::english()
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn built_in_source(language: &Language) -> Option<&'static str> {
    BUILT_IN
        .iter()
        .find(|(code, _)| *code == language.code())
        .map(|(_, source)| *source)
}

/// One language's words, dates and numbers.
pub struct Catalog {
    language: Language,
    bundle: FluentBundle<FluentResource>,
    long_date: Option<FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
    weekday: Option<FixedCalendarDateTimeFormatter<Gregorian, E>>,
    time_of_day: Option<NoCalendarFormatter<T>>,
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

impl Catalog {
    /// The built-in catalog alone, for sites with no corrections.
    pub fn built_in(language: &Language) -> Arc<Catalog> {
        let (catalog, errors) = Catalog::load(language, None);
        debug_assert!(errors.is_empty(), "built-in catalogs are tested");
        catalog
    }

    /// The built-in catalog for `language` (English's when Hearth has none),
    /// with the practice's corrections from `content` (its path and text)
    /// replacing messages of the same id. Problems in the corrections are
    /// returned with their lines; the catalog is still usable without them.
    pub fn load(
        language: &Language,
        content: Option<(&Path, &str)>,
    ) -> (Arc<Catalog>, Vec<ContentError>) {
        let mut errors = Vec::new();
        let locale = Locale::try_from_str(language.code()).unwrap_or(Locale::UNKNOWN);
        let langid = language
            .code()
            .parse::<LanguageIdentifier>()
            .unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        // Our output is HTML: Unicode isolation marks around arguments only
        // get in the way of copying and searching text there.
        bundle.set_use_isolating(false);
        // NUMBER(), so staff can write plural variants the way Fluent's guide shows.
        bundle
            .add_builtins()
            .expect("a new bundle has no functions to clash with");
        // Fluent writes numbers without grouping ("12345"); CLDR's rules
        // through ICU4X write "12,345" in English and "12.345" in Spanish.
        bundle.set_formatter(Some(cldr_number));
        let english = built_in_source(&Language::english()).unwrap_or_default();
        let built_in = built_in_source(language).unwrap_or(english);
        let resource =
            FluentResource::try_new(built_in.to_owned()).unwrap_or_else(|(resource, _)| resource);
        bundle.add_resource_overriding(resource);
        if let Some((path, text)) = content {
            errors.extend(content_problems(path, text, english));
            let resource =
                FluentResource::try_new(text.to_owned()).unwrap_or_else(|(resource, _)| resource);
            bundle.add_resource_overriding(resource);
        }
        let prefs = (&locale).into();
        let catalog = Catalog {
            language: language.clone(),
            bundle,
            long_date: FixedCalendarDateTimeFormatter::try_new(prefs, YMD::long()).ok(),
            weekday: FixedCalendarDateTimeFormatter::try_new(prefs, E::long()).ok(),
            time_of_day: NoCalendarFormatter::try_new(prefs, T::hm()).ok(),
        };
        (Arc::new(catalog), errors)
    }

    pub fn language(&self) -> &Language {
        &self.language
    }

    /// The message `id` with its arguments, or the id itself when the
    /// catalog lacks it (only possible for an id no catalog defines, which
    /// the catalog tests rule out for the ids Hearth uses).
    pub fn message(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// The name of `language` in this catalog's language ("Spanish",
    /// "español"), or its code when the catalog does not name it.
    pub fn language_name(&self, language: &Language) -> String {
        let id = format!("language-{language}");
        if self.bundle.has_message(&id) {
            self.message(&id, &[])
        } else {
            language.code().to_owned()
        }
    }

    /// A language as the content names it in the site's default language
    /// (`languages: [Spanish]` in a therapist's file, read by `default`),
    /// in this catalog's language ("español"); as written when the
    /// catalogs do not name it.
    pub fn spoken(&self, as_written: &str, default: &Catalog) -> String {
        NAMED_LANGUAGES
            .iter()
            .map(|code| format!("language-{code}"))
            .find(|id| {
                default.bundle.has_message(id)
                    && default
                        .message(id, &[])
                        .eq_ignore_ascii_case(as_written.trim())
            })
            .filter(|id| self.bundle.has_message(id))
            .map_or_else(|| as_written.to_owned(), |id| self.message(&id, &[]))
    }

    /// "English, Tamil and Spanish" / "inglés, tamil y español": the
    /// items joined as this language lists them.
    pub fn list_and(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [only] => only.clone(),
            [rest @ .., last] => self.message(
                "list-and",
                &[
                    ("first", FluentValue::from(rest.join(", "))),
                    ("second", FluentValue::from(last.as_str())),
                ],
            ),
        }
    }

    /// "September 2, 2026" / "2 de septiembre de 2026".
    pub fn long_date(&self, date: jiff::civil::Date) -> String {
        let formatted = self.long_date.as_ref().and_then(|formatter| {
            let month = u8::try_from(date.month()).ok()?;
            let day = u8::try_from(date.day()).ok()?;
            let date =
                icu_calendar::Date::try_new_gregorian(date.year().into(), month, day).ok()?;
            Some(formatter.format(&date).to_string())
        });
        // Unreachable with compiled data; the ISO date is still readable.
        formatted.unwrap_or_else(|| date.to_string())
    }

    /// "Monday" / "lunes".
    pub fn weekday(&self, day: jiff::civil::Weekday) -> String {
        use icu_calendar::types::Weekday as Day;
        let day = match day {
            jiff::civil::Weekday::Monday => Day::Monday,
            jiff::civil::Weekday::Tuesday => Day::Tuesday,
            jiff::civil::Weekday::Wednesday => Day::Wednesday,
            jiff::civil::Weekday::Thursday => Day::Thursday,
            jiff::civil::Weekday::Friday => Day::Friday,
            jiff::civil::Weekday::Saturday => Day::Saturday,
            jiff::civil::Weekday::Sunday => Day::Sunday,
        };
        (self.weekday.as_ref())
            .map(|formatter| formatter.format(&day).to_string())
            .unwrap_or_else(|| format!("{day:?}"))
    }

    /// "8:30 AM" / "8:30", as the language writes a time of day.
    pub fn time_of_day(&self, time: jiff::civil::Time) -> String {
        let formatted = self.time_of_day.as_ref().and_then(|formatter| {
            let hour = u8::try_from(time.hour()).ok()?;
            let minute = u8::try_from(time.minute()).ok()?;
            let time = icu_datetime::input::Time::try_new(hour, minute, 0, 0).ok()?;
            Some(formatter.format(&time).to_string())
        });
        formatted.unwrap_or_else(|| time.strftime("%H:%M").to_string())
    }

    /// "Tuesday, December 8, 2026" / "martes, 8 de diciembre de 2026".
    pub fn day(&self, day: jiff::civil::Date) -> String {
        self.message(
            "booking-day",
            &[
                ("weekday", FluentValue::from(self.weekday(day.weekday()))),
                ("date", FluentValue::from(self.long_date(day))),
            ],
        )
    }

    /// An instant in full, in `zone`: "Tuesday, December 8, 2026, 9:30 AM
    /// Pacific Time", as a booked call's time is said.
    pub fn moment(&self, at: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> String {
        let zoned = at.to_zoned_datetime(zone.clone());
        self.message(
            "booking-when",
            &[
                ("day", FluentValue::from(self.day(zoned.date()))),
                ("time", FluentValue::from(self.time_of_day(zoned.time()))),
                ("zone", FluentValue::from(self.zone_name(zone))),
            ],
        )
    }

    /// "Pacific Time" for a US zone; any other by its IANA name.
    pub fn zone_name(&self, zone: &jiff::tz::TimeZone) -> String {
        let name = zone.iana_name().unwrap_or("UTC");
        (US_ZONES.iter())
            .find(|(iana, _)| *iana == name)
            .map(|(_, id)| self.message(id, &[]))
            .unwrap_or_else(|| name.replace('_', " "))
    }

    /// "6 min read" / "6 min de lectura".
    pub fn reading_time(&self, minutes: usize) -> String {
        self.message("reading-time", &[("minutes", FluentValue::from(minutes))])
    }
}

/// ICU4X's number formatter for one language, built once per catalog by
/// Fluent's memoizer when a message first shows a number.
struct CldrNumbers(DecimalFormatter);

impl intl_memoizer::Memoizable for CldrNumbers {
    type Args = ();
    type Error = ();

    fn construct(language: LanguageIdentifier, _: ()) -> Result<Self, ()> {
        let locale = Locale::try_from_str(&language.to_string()).map_err(|_| ())?;
        DecimalFormatter::try_new((&locale).into(), Default::default())
            .map(CldrNumbers)
            .map_err(|_| ())
    }
}

/// Whole numbers in messages, grouped as the language groups them; Fluent
/// writes any other number itself.
fn cldr_number(value: &FluentValue<'_>, memoizer: &IntlLangMemoizer) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    let whole = number.value.fract() == 0.0
        && number.value.abs() < 1e15
        && number.options.minimum_fraction_digits.is_none();
    if !whole {
        return None;
    }
    memoizer
        .with_try_get_threadsafe::<CldrNumbers, _, _>((), |numbers| {
            numbers
                .0
                .format(&Decimal::from(number.value as i64))
                .to_string()
        })
        .ok()
}

/// What is wrong with a practice's catalog: Fluent syntax errors, and ids the
/// English catalog does not have (a typo would otherwise be ignored).
fn content_problems(path: &Path, text: &str, english: &str) -> Vec<ContentError> {
    let mut problems = Vec::new();
    let resource = match FluentResource::try_new(text.to_owned()) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            for error in errors {
                problems.push(
                    ContentError::new(
                        path,
                        line_of(text, error.pos.start),
                        format!("this line is not a Fluent message: {}", error.kind),
                    )
                    .hinted(
                        "a message is written `id = words`; continuation lines start with spaces",
                    ),
                );
            }
            resource
        }
    };
    let known = message_ids(english);
    for id in message_ids_of(&resource) {
        if !known.iter().any(|(known_id, _)| *known_id == id) {
            problems.push(
                ContentError::new(
                    path,
                    message_line(text, &id),
                    format!(
                        "`{id}` is not a message of Hearth's interface, so it would never be shown"
                    ),
                )
                .hinted("copy the id from Hearth's English catalog (i18n/en.ftl)"),
            );
        }
    }
    problems
}

fn message_ids_of(resource: &FluentResource) -> Vec<String> {
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

/// Each message id of a catalog's source with the line it starts on.
/// The US time zones, by their IANA name and the catalog's name for them:
/// the zones a visitor may see the consultation times in.
pub const US_ZONES: [(&str, &str); 7] = [
    ("America/New_York", "zone-eastern"),
    ("America/Chicago", "zone-central"),
    ("America/Denver", "zone-mountain"),
    ("America/Phoenix", "zone-arizona"),
    ("America/Los_Angeles", "zone-pacific"),
    ("America/Anchorage", "zone-alaska"),
    ("Pacific/Honolulu", "zone-hawaii"),
];

pub fn message_ids(source: &str) -> Vec<(String, usize)> {
    let resource =
        FluentResource::try_new(source.to_owned()).unwrap_or_else(|(resource, _)| resource);
    message_ids_of(&resource)
        .into_iter()
        .map(|id| {
            let line = message_line(source, &id);
            (id, line)
        })
        .collect()
}

/// The line a message starts on: Fluent's syntax tree carries no positions,
/// but a message always starts at the beginning of a line with its id.
fn message_line(source: &str, id: &str) -> usize {
    source
        .lines()
        .position(|line| {
            line.strip_prefix(id)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |index| index + 1)
}

/// The 1-based line of a byte offset (Fluent's parser reports byte ranges).
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.bytes().take(end).filter(|&b| b == b'\n').count() + 1
}

/// Problems of a content catalog for a language whose built-in catalog
/// lacks English messages: located at the English message, since that is
/// where the missing words are defined. Empty when nothing is missing.
pub fn missing_from(language: &Language, content_text: &str) -> Vec<ContentError> {
    let english = built_in_source(&Language::english()).unwrap_or_default();
    let mut present: Vec<String> = built_in_source(language)
        .map(message_ids)
        .unwrap_or_default()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    present.extend(message_ids(content_text).into_iter().map(|(id, _)| id));
    message_ids(english)
        .into_iter()
        .filter(|(id, _)| !present.contains(id))
        .map(|(id, line)| {
            ContentError::new(
                Path::new("i18n/en.ftl"),
                line,
                format!("`{id}` has no {language} words: add it to content/i18n/{language}.ftl"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    //! The catalogs: built-in completeness, Spanish dates and plurals,
    //! corrections and the errors they can carry.

    use super::*;

    fn spanish() -> Language {
        Language::parse("es").unwrap()
    }

    /// Spanish with a practice's corrections, and what is wrong with them.
    fn corrected_spanish(correction: &str) -> (Arc<Catalog>, Vec<ContentError>) {
        Catalog::load(&spanish(), Some((Path::new("i18n/es.ftl"), correction)))
    }

    #[test]
    fn every_built_in_catalog_has_every_english_id() {
        let english = message_ids(BUILT_IN[0].1);
        assert!(!english.is_empty());
        for (code, source) in BUILT_IN {
            FluentResource::try_new((*source).to_owned())
                .unwrap_or_else(|_| panic!("i18n/{code}.ftl has a syntax error"));
            let ids: Vec<String> = message_ids(source).into_iter().map(|(id, _)| id).collect();
            for (id, line) in &english {
                assert!(
                    ids.contains(id),
                    "i18n/{code}.ftl lacks `{id}` (i18n/en.ftl:{line})"
                );
            }
        }
    }

    #[test]
    fn long_dates_follow_each_language() {
        let date = jiff::civil::date(2026, 9, 2);
        assert_eq!(
            Catalog::built_in(&Language::english()).long_date(date),
            "September 2, 2026"
        );
        assert_eq!(
            Catalog::built_in(&spanish()).long_date(date),
            "2 de septiembre de 2026"
        );
    }

    /// Weekdays and times of day by CLDR's rules for each language.
    #[test]
    fn weekdays_and_times_follow_each_language() {
        let english = Catalog::built_in(&Language::english());
        let spanish = Catalog::built_in(&spanish());
        let at = jiff::civil::time(19, 30, 0, 0);
        assert_eq!(english.weekday(jiff::civil::Weekday::Thursday), "Thursday");
        assert_eq!(spanish.weekday(jiff::civil::Weekday::Thursday), "jueves");
        assert_eq!(english.time_of_day(at).replace('\u{202f}', " "), "7:30 PM");
        assert_eq!(spanish.time_of_day(at), "19:30");
    }

    /// The built-in phrase, its number grouped by CLDR's rules for the language.
    #[test]
    fn reading_time_in_both_languages() {
        let cases = [
            (Language::english(), 6, "6 min read"),
            (spanish(), 6, "6 min de lectura"),
            (Language::english(), 12345, "12,345 min read"),
            (spanish(), 12345, "12.345 min de lectura"),
        ];
        for (language, minutes, expected) in cases {
            assert_eq!(Catalog::built_in(&language).reading_time(minutes), expected);
        }
    }

    #[test]
    fn plural_variants_follow_cldr_rules() {
        let correction = "reading-time = { NUMBER($minutes) ->\n    [one] { $minutes } minuto de lectura\n   *[other] { $minutes } minutos de lectura\n}\n";
        let (catalog, errors) = corrected_spanish(correction);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(catalog.reading_time(1), "1 minuto de lectura");
        assert_eq!(catalog.reading_time(6), "6 minutos de lectura");
    }

    #[test]
    fn a_correction_replaces_the_built_in_message_and_takes_arguments() {
        let correction = "# ours\nscheduled-banner = Aún no publicado: aparece el { $when }.\n";
        let (catalog, errors) = corrected_spanish(correction);
        assert!(errors.is_empty(), "{errors:?}");
        let when = FluentValue::from("2 de septiembre de 2026");
        assert_eq!(
            catalog.message("scheduled-banner", &[("when", when)]),
            "Aún no publicado: aparece el 2 de septiembre de 2026."
        );
        assert_eq!(catalog.reading_time(3), "3 min de lectura");
    }

    #[test]
    fn an_unknown_id_is_an_error_on_its_line() {
        let correction = "reading-time = { $minutes } min\n\nreadin-time = typo\n";
        let (_, errors) = corrected_spanish(correction);
        let lines_and_messages: Vec<(usize, &str)> = errors
            .iter()
            .map(|error| (error.line, error.message.as_str()))
            .collect();
        assert_eq!(
            lines_and_messages,
            [(
                3,
                "`readin-time` is not a message of Hearth's interface, so it would never be shown"
            )]
        );
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let correction = "reading-time = { $minutes } min\nthis is not fluent\n";
        let (catalog, errors) = corrected_spanish(correction);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 2);
        assert_eq!(catalog.reading_time(2), "2 min");
    }

    #[test]
    fn language_codes_are_checked() {
        assert!(Language::parse("es").is_ok());
        for bad in ["", "e", "ES", "es-MX", "español", "12"] {
            assert!(Language::parse(bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_as_a_correction_never_panics_and_errors_name_a_line(text in "\\PC*|[a-z= {}$\\n.-]*") {
            let lines = text.lines().count().max(1);
            let (_, errors) = Catalog::load(&spanish(), Some((Path::new("i18n/es.ftl"), &text)));
            for error in errors {
                proptest::prop_assert!(error.line >= 1 && error.line <= lines + 1, "{error}");
            }
        }

        #[test]
        fn any_date_formats_in_both_languages(year in -9999i16..=9999, month in 1i8..=12, day in 1i8..=31) {
            if let Ok(date) = jiff::civil::Date::new(year, month, day) {
                for language in [Language::english(), spanish()] {
                    proptest::prop_assert!(!Catalog::built_in(&language).long_date(date).is_empty());
                }
            }
        }
    }
}
