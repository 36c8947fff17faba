//! What each kind of content file may say, field by field: the YAML front
//! matter as `serde` structs. Every struct refuses unknown fields, so a
//! misspelt field is reported ("did you mean") instead of silently ignored,
//! and the editors' guide is tested against [`accepted_fields`].

use jiff::civil::{Date, Time, Weekday};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_saphyr::{MessageFormatter, Spanned};

use super::front_matter;
use super::model::Format;

/// Every field each kind of content file accepts, read from the parser
/// itself (by asking it about a field that does not exist), so the guide's
/// test cannot drift from the code.
pub fn accepted_fields() -> Vec<(&'static str, Vec<String>)> {
    fn fields_of<T: DeserializeOwned>() -> Vec<String> {
        let Err(error) = serde_saphyr::from_str::<T>("hearth_probe_field: 1\n") else {
            return Vec::new();
        };
        let message = serde_saphyr::DefaultMessageFormatter.format_message(error.without_snippet());
        let expected = message
            .split_once(", expected")
            .map_or("", |(_, rest)| rest);
        front_matter::expected_names(expected)
    }
    vec![
        ("site.yaml", fields_of::<SiteFile>()),
        ("Posts", fields_of::<PostFile>()),
        ("Therapists", fields_of::<TherapistFile>()),
        ("Services", fields_of::<ServiceFile>()),
        ("Pages", fields_of::<PageFile>()),
        ("site.LANG.yaml", fields_of::<SiteTranslationFile>()),
        ("Translated posts", fields_of::<PostTranslationFile>()),
        (
            "Translated therapists",
            fields_of::<TherapistTranslationFile>(),
        ),
        ("Translated services", fields_of::<ServiceTranslationFile>()),
        ("Translated pages", fields_of::<PageTranslationFile>()),
    ]
}

/// `content/site.yaml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SiteFile {
    /// The practice's name, in the header and every title.
    pub(super) name: String,
    /// One line under the name on the home page.
    pub(super) tagline: String,
    /// The home page's description for search engines (under 160 characters).
    pub(super) description: String,
    /// Where the office is, for the footer, the map link and JSON-LD.
    pub(super) address: AddressFile,
    /// As visitors should dial it, e.g. "(510) 555-0148".
    pub(super) phone: String,
    /// The care coordinator who answers consultation requests.
    pub(super) coordinator: CoordinatorFile,
    /// When visitors may book the free consultation call; without it the
    /// form asks for a call back.
    pub(super) consultations: Option<Spanned<ConsultationsFile>>,
    /// When the office answers, row by row.
    pub(super) hours: Vec<HoursFile>,
    /// Where the practice can see clients, as postal codes.
    pub(super) states: Vec<Spanned<String>>,
    /// What to do in an emergency; shown on every page.
    pub(super) crisis: String,
    /// The header links in order: blog, therapists, services or a page slug.
    pub(super) nav: Vec<Spanned<String>>,
    /// The practice's time zone (IANA name, e.g. America/Los_Angeles), for
    /// scheduled posts. Defaults to UTC.
    pub(super) timezone: Option<Spanned<String>>,
    /// The picture shown when a page without its own is shared (1200×630).
    pub(super) social_image: Option<Spanned<String>>,
    /// What the social image shows, for people who cannot see it.
    pub(super) social_image_alt: Option<String>,
    /// The languages the site is written in, as codes (`[en, es]`); the
    /// first is the default. Defaults to `[en]`.
    pub(super) languages: Option<Vec<Spanned<String>>>,
    /// Where the "Leave this site quickly" link goes (an https address);
    /// no link without it.
    pub(super) quick_exit: Option<Spanned<String>>,
    /// The languages, as codes, in which visitors are told that free
    /// language assistance is available.
    pub(super) language_assistance: Option<Vec<Spanned<String>>>,
    /// Whether the practice must carry Section 1557's notices: the
    /// nondiscrimination notice and language assistance.
    pub(super) section_1557: Option<Spanned<bool>>,
    /// The page (by its slug) that is the consumer health data privacy
    /// policy, required where a state's health data law applies.
    pub(super) health_data_privacy: Option<Spanned<String>>,
    /// Every therapist's fee per session, by kind, in whole dollars, unless
    /// their own file gives theirs.
    pub(super) fees: Option<FeesFile>,
    /// `true`: fees can be lowered for people with less income.
    pub(super) sliding_scale: Option<bool>,
    /// `true`: clients get a superbill to claim out-of-network benefits.
    pub(super) superbills: Option<bool>,
    /// The insurance plans the practice is in network with, by key.
    pub(super) insurance: Option<Vec<Spanned<String>>>,
    /// Staff who may sign in at /staff/ to edit the site in the browser,
    /// by email address; no one without it.
    pub(super) editors: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AddressFile {
    /// The street line, e.g. "2120 University Ave, Suite 300".
    pub(super) street: String,
    pub(super) city: String,
    /// The two-letter state code.
    pub(super) region: String,
    pub(super) postal_code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CoordinatorFile {
    /// Named on the form, so a visitor knows who reads their request.
    pub(super) name: String,
    /// Where consultation requests are delivered.
    pub(super) email: String,
}

/// `consultations:` in site.yaml: the care coordinator's bookable hours.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConsultationsFile {
    /// How long a call is, in minutes.
    pub(super) length: Spanned<i64>,
    /// Minutes kept free after each call.
    #[serde(default)]
    pub(super) buffer: Option<Spanned<i64>>,
    /// The hours calls can be booked in, row by row.
    pub(super) weekly: Vec<Spanned<WeeklyFile>>,
    /// How far ahead the earliest bookable call is, e.g. "4h".
    pub(super) lead_time: Option<Spanned<String>>,
    /// How far ahead the latest bookable call is, e.g. "21d".
    pub(super) horizon: Option<Spanned<String>>,
    /// Days with no calls: "2026-12-24", or "2026-12-25 .. 2027-01-01".
    #[serde(default)]
    pub(super) closed: Vec<Spanned<String>>,
    /// How many calls the practice can take at the same time.
    pub(super) callers: Option<Spanned<i64>>,
    /// A private ICS address of the coordinator's calendar, whose events
    /// are not bookable.
    pub(super) busy_calendar_url: Option<Spanned<String>>,
    /// How long before the call the visitor is reminded, e.g. "24h"; 0 for never.
    pub(super) reminder: Option<Spanned<String>>,
}

/// One row of bookable hours: the same times on several days.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WeeklyFile {
    pub(super) days: Vec<DayName>,
    /// 24-hour time, e.g. "09:00".
    pub(super) from: Time,
    /// 24-hour time, e.g. "12:00": the last call ends by then.
    pub(super) to: Time,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HoursFile {
    /// The days these times apply to.
    pub(super) days: Vec<DayName>,
    /// 24-hour time, e.g. "08:00".
    pub(super) opens: Time,
    /// 24-hour time, e.g. "16:00".
    pub(super) closes: Time,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
/// A weekday as editors write it, in lowercase English.
pub(super) enum DayName {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl From<DayName> for Weekday {
    fn from(day: DayName) -> Weekday {
        match day {
            DayName::Monday => Weekday::Monday,
            DayName::Tuesday => Weekday::Tuesday,
            DayName::Wednesday => Weekday::Wednesday,
            DayName::Thursday => Weekday::Thursday,
            DayName::Friday => Weekday::Friday,
            DayName::Saturday => Weekday::Saturday,
            DayName::Sunday => Weekday::Sunday,
        }
    }
}

/// `content/posts/YYYY-MM-DD-slug.md`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PostFile {
    /// Shown at the top, in lists and in the browser tab.
    pub(super) title: Spanned<String>,
    /// Publication date, `YYYY-MM-DD` (must match the file name's date), or
    /// `YYYY-MM-DDTHH:MM` for a set time; a future one schedules the post.
    pub(super) date: Spanned<PublishDate>,
    /// The writing therapist's slug (their file name without `.md`).
    pub(super) author: Spanned<String>,
    /// Topics as they should read ("Pérdida"); each gets an ASCII slug.
    #[serde(default)]
    pub(super) tags: Vec<Spanned<String>>,
    /// For lists and search results; else the first paragraph.
    pub(super) summary: Option<Spanned<String>>,
    /// A `/static/...` picture shown above the article.
    pub(super) image: Option<Spanned<String>>,
    /// What the picture shows, for people who cannot see it.
    pub(super) image_alt: Option<String>,
    /// The date of the last meaningful revision.
    pub(super) updated: Option<Date>,
    /// `true` keeps the post off the live site.
    #[serde(default)]
    pub(super) draft: bool,
    /// The clinician who reviewed the article, shown as "Clinically reviewed by".
    pub(super) reviewed_by: Option<Spanned<String>>,
    /// When they reviewed it, `YYYY-MM-DD`.
    pub(super) reviewed_on: Option<Spanned<Date>>,
}

/// A post's `date`: a day, or a day and a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PublishDate(pub(super) jiff::civil::DateTime);

impl<'de> Deserialize<'de> for PublishDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let text = text.trim();
        // jiff reads a date out of a date and time too, dropping the time:
        // only a bare YYYY-MM-DD means midnight.
        if text.len() == 10
            && let Ok(date) = text.parse::<Date>()
        {
            return Ok(PublishDate(date.to_datetime(Time::midnight())));
        }
        text.replacen(' ', "T", 1)
            .parse::<jiff::civil::DateTime>()
            .map(PublishDate)
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "\"{text}\" is not a date: write YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a set time"
                ))
            })
    }
}

/// `content/therapists/slug.md`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TherapistFile {
    /// The name as it should read, accents and all.
    pub(super) name: String,
    /// Shown beside the name when given, e.g. "she/her".
    pub(super) pronouns: Option<String>,
    /// Letters after the name, e.g. LMFT.
    pub(super) credentials: String,
    /// The job title, e.g. "Licensed Clinical Social Worker".
    pub(super) title: String,
    /// California requires type, number and state on every advertisement.
    /// One license; a therapist with several writes `licenses` instead.
    pub(super) license: Option<Spanned<LicenseFile>>,
    /// Every license, the primary one first, for a therapist licensed in
    /// several states.
    pub(super) licenses: Option<Spanned<Vec<Spanned<LicenseFile>>>>,
    /// Required for associates (AMFT, ACSW, APCC).
    pub(super) supervisor: Option<SupervisorFile>,
    /// A `/static/...` square photo.
    pub(super) photo: Option<Spanned<String>>,
    /// What the photo shows, for people who cannot see it.
    pub(super) photo_alt: Option<String>,
    /// What they help with, for the profile and the team filter.
    #[serde(default)]
    pub(super) specialties: Vec<String>,
    /// Slugs of the services this therapist offers.
    #[serde(default)]
    pub(super) services: Vec<Spanned<String>>,
    /// How they work, e.g. "Emotionally focused therapy".
    #[serde(default)]
    pub(super) approaches: Vec<String>,
    /// Languages sessions can be held in, for the team filter.
    #[serde(default)]
    pub(super) languages: Vec<String>,
    /// In person, online, or both.
    pub(super) formats: Vec<Format>,
    /// Shown on the profile, and filterable, so visitors do not ask in vain.
    pub(super) accepting_new_clients: bool,
    /// Position on the team page, smallest first.
    #[serde(default)]
    pub(super) order: i64,
    /// `true` keeps the therapist (and their posts) off the live site.
    #[serde(default)]
    pub(super) draft: bool,
    /// The last real revision: the sitemap's date, and what its
    /// translations are compared to.
    pub(super) updated: Option<Date>,
    /// Their fees, in place of the practice's (`fees` in site.yaml).
    pub(super) fees: Option<FeesFile>,
    /// In place of the practice's `sliding_scale`.
    pub(super) sliding_scale: Option<bool>,
    /// In place of the practice's `superbills`.
    pub(super) superbills: Option<bool>,
    /// The plans they are in network with, in place of the practice's.
    pub(super) insurance: Option<Vec<Spanned<String>>>,
}

/// `fees`: whole US dollars per session, by kind of session. A kind not
/// named here is refused, so a typo is not a fee silently left out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FeesFile {
    pub(super) individual: Option<Spanned<i64>>,
    pub(super) couples: Option<Spanned<i64>>,
    pub(super) family: Option<Spanned<i64>>,
    pub(super) group: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LicenseFile {
    /// e.g. LMFT, LCSW, PSY, or an associate registration such as AMFT.
    #[serde(rename = "type")]
    pub(super) kind: String,
    /// As the board writes it, e.g. "LMFT 123456".
    pub(super) number: String,
    /// The two-letter code of the state that issued it.
    pub(super) state: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SupervisorFile {
    /// With credentials, e.g. "Maya Okafor, LMFT".
    pub(super) name: String,
    /// The supervisor's license number.
    pub(super) license: String,
}

/// `content/services/slug.md`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ServiceFile {
    /// Shown on the card and at the top of the service's page.
    pub(super) title: Spanned<String>,
    /// One sentence for cards and search engines.
    pub(super) summary: Spanned<String>,
    /// Position on the services page, smallest first.
    #[serde(default)]
    pub(super) order: i64,
    /// The last real revision: the sitemap's date, and what its
    /// translations are compared to.
    pub(super) updated: Option<Date>,
}

/// `content/pages/slug.md`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PageFile {
    /// Shown at the top of the page and in the browser tab.
    pub(super) title: Spanned<String>,
    /// For search engines and search results; else the first paragraph.
    pub(super) summary: Option<String>,
    /// `true` keeps the page off the live site.
    #[serde(default)]
    pub(super) draft: bool,
    /// The last real revision: the sitemap's date, and what its
    /// translations are compared to.
    pub(super) updated: Option<Date>,
}

/// A value of a translation that is not words (a date, a license, a photo):
/// it comes from the original, so a translation may leave it out, and one
/// that writes it differently is an error. Kept as written to compare.
pub(super) type FromOriginal = Option<Spanned<serde_json::Value>>;

/// `posts/DATE-slug.LANG.md`: a post in another language. The words are
/// its own; the rest comes from the original.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PostTranslationFile {
    /// The title in this language.
    pub(super) title: Spanned<String>,
    /// This language's address (`el-duelo-no-tiene-horario`); else the original's.
    pub(super) slug: Option<Spanned<String>>,
    /// Topics in this language; else the original's.
    pub(super) tags: Option<Vec<Spanned<String>>>,
    /// For lists and search results; else the first paragraph.
    pub(super) summary: Option<Spanned<String>>,
    /// What the original's picture shows, in this language.
    pub(super) image_alt: Option<String>,
    /// When this translation was last brought up to date with the original:
    /// one older than the original's `updated` is reported as stale.
    pub(super) updated: Option<Date>,
    /// `true` keeps this translation off the live site (the original stays).
    #[serde(default)]
    pub(super) draft: bool,
    pub(super) date: FromOriginal,
    pub(super) author: FromOriginal,
    pub(super) image: FromOriginal,
    pub(super) reviewed_by: FromOriginal,
    pub(super) reviewed_on: FromOriginal,
}

/// `therapists/slug.LANG.md`: a therapist's profile in another language.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TherapistTranslationFile {
    /// The job title in this language.
    pub(super) title: String,
    /// What they help with, in this language; else the original's.
    pub(super) specialties: Option<Vec<String>>,
    /// How they work, in this language; else the original's.
    pub(super) approaches: Option<Vec<String>>,
    /// What the photo shows, in this language.
    pub(super) photo_alt: Option<String>,
    /// `true` keeps this profile off the live site (the original stays).
    #[serde(default)]
    pub(super) draft: bool,
    /// The original's `updated` this translation was brought up to; one
    /// older than the original's is reported as out of date.
    pub(super) updated: Option<Date>,
    pub(super) name: FromOriginal,
    pub(super) pronouns: FromOriginal,
    pub(super) credentials: FromOriginal,
    pub(super) license: FromOriginal,
    pub(super) licenses: FromOriginal,
    pub(super) supervisor: FromOriginal,
    pub(super) photo: FromOriginal,
    pub(super) services: FromOriginal,
    pub(super) languages: FromOriginal,
    pub(super) formats: FromOriginal,
    pub(super) accepting_new_clients: FromOriginal,
    pub(super) order: FromOriginal,
    pub(super) fees: FromOriginal,
    pub(super) sliding_scale: FromOriginal,
    pub(super) superbills: FromOriginal,
    pub(super) insurance: FromOriginal,
}

/// `services/slug.LANG.md`: a service in another language.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ServiceTranslationFile {
    pub(super) title: Spanned<String>,
    /// This language's address; else the original's.
    pub(super) slug: Option<Spanned<String>>,
    pub(super) summary: String,
    /// The original's `updated` this translation was brought up to; one
    /// older than the original's is reported as out of date.
    pub(super) updated: Option<Date>,
    pub(super) order: FromOriginal,
}

/// `pages/slug.LANG.md`: a page in another language.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PageTranslationFile {
    pub(super) title: Spanned<String>,
    /// This language's address (`/es/tarifas`); else the original's.
    pub(super) slug: Option<Spanned<String>>,
    /// For search engines and search results; else the first paragraph.
    pub(super) summary: Option<String>,
    /// `true` keeps this translation off the live site (the original stays).
    #[serde(default)]
    pub(super) draft: bool,
    /// The original's `updated` this translation was brought up to; one
    /// older than the original's is reported as out of date.
    pub(super) updated: Option<Date>,
}

/// `site.LANG.yaml`: the practice's own words in another language.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SiteTranslationFile {
    pub(super) tagline: Option<String>,
    pub(super) description: Option<String>,
    pub(super) crisis: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field lists come straight from the parser.
    #[test]
    fn accepted_fields_are_read_from_the_parser() {
        let fields = accepted_fields();
        let posts = &fields.iter().find(|(kind, _)| *kind == "Posts").unwrap().1;
        assert_eq!(posts.first().map(String::as_str), Some("title"));
        assert!(posts.iter().any(|field| field == "reviewed_on"));
        assert!(fields.iter().all(|(_, names)| names.len() >= 3));
    }

    /// Post dates are a day (meaning midnight) or a day and a time.
    #[test]
    fn publish_dates() {
        let read =
            |yaml: &str| serde_saphyr::from_str::<PublishDate>(yaml).map(|date| date.0.to_string());
        assert_eq!(read("2026-12-01").unwrap(), "2026-12-01T00:00:00");
        assert_eq!(read("2026-12-01T09:30").unwrap(), "2026-12-01T09:30:00");
        assert_eq!(read("\"2026-12-01 09:30\"").unwrap(), "2026-12-01T09:30:00");
        assert!(read("tomorrow").is_err());
        assert!(read("2026-02-30").is_err());
    }
}
