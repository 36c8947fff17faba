//! The practice as data: what the site says, independent of HTML and HTTP.
//! Everything here has been validated; templates never see raw front matter.

use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;

use super::markdown::Rendered;
use crate::i18n::Catalog;
use crate::i18n::assistance::Assistance;

/// The whole practice website, loaded and checked.
#[derive(Debug, Clone)]
pub struct Site {
    pub settings: Settings,
    /// Newest first.
    pub posts: Vec<Post>,
    /// In the order staff chose (`order`, then name).
    pub therapists: Vec<Therapist>,
    /// In the order staff chose (`order`, then title).
    pub services: Vec<Service>,
    /// The free-standing pages (about, fees, privacy, accessibility, faq and any others).
    pub pages: Vec<Page>,
    /// Every tag used by a post, by slug, each with its posts newest first.
    pub tags: Vec<TagIndex>,
    /// The practice in each further language `site.yaml` lists, in its
    /// order. Each holds only what has been translated into that language,
    /// and has no translations of its own.
    pub translations: Vec<Site>,
}

impl Site {
    /// What the live site shows at `now`: no drafts, no post before its
    /// time, no post by a therapist who is still a draft. Also returns when
    /// the next scheduled post appears, so the site can be refreshed then.
    pub fn published(&self, now: Timestamp) -> (Site, Option<Timestamp>) {
        let timezone = &self.settings.timezone;
        let appears = |post: &Post| {
            timezone
                .to_timestamp(post.publish_at)
                .unwrap_or(Timestamp::MAX)
        };
        let therapists: Vec<Therapist> = self
            .therapists
            .iter()
            .filter(|therapist| !therapist.draft)
            .cloned()
            .collect();
        let ready = |post: &&Post| {
            !post.draft
                && therapists
                    .iter()
                    .any(|therapist| therapist.key == post.author)
        };
        let posts: Vec<Post> = self
            .posts
            .iter()
            .filter(ready)
            .filter(|post| appears(post) <= now)
            .cloned()
            .collect();
        let next = self
            .posts
            .iter()
            .filter(ready)
            .map(appears)
            .filter(|at| *at > now)
            .min();
        let mut site = Site {
            settings: self.settings.clone(),
            tags: index_tags(&posts),
            posts,
            therapists,
            services: self.services.clone(),
            pages: self
                .pages
                .iter()
                .filter(|page| !page.draft)
                .cloned()
                .collect(),
            translations: Vec::new(),
        };
        site.translations = (self.translations.iter())
            .map(|translation| translation.published_with(&site))
            .collect();
        (site, next)
    }

    /// A translation as the live site shows it: what is live in `original`
    /// (the default language, published) and not a draft in this language.
    fn published_with(&self, original: &Site) -> Site {
        let posts: Vec<Post> = (self.posts.iter())
            .filter(|post| !post.draft && original.post(&post.key).is_some())
            .cloned()
            .collect();
        Site {
            settings: self.settings.clone(),
            tags: index_tags(&posts),
            posts,
            therapists: (self.therapists.iter())
                .filter(|therapist| {
                    !therapist.draft && original.therapist(&therapist.key).is_some()
                })
                .cloned()
                .collect(),
            services: self.services.clone(),
            pages: (self.pages.iter())
                .filter(|page| !page.draft && original.page(&page.key).is_some())
                .cloned()
                .collect(),
            translations: Vec::new(),
        }
    }

    /// The therapist files refer to as `key` (their original's slug).
    pub fn therapist(&self, key: &str) -> Option<&Therapist> {
        self.therapists
            .iter()
            .find(|therapist| therapist.key == key)
    }

    /// The service files refer to as `key`, whatever its address in this language.
    pub fn service(&self, key: &str) -> Option<&Service> {
        self.services.iter().find(|service| service.key == key)
    }

    /// The page files refer to as `key`, whatever its address in this language.
    pub fn page(&self, key: &str) -> Option<&Page> {
        self.pages.iter().find(|page| page.key == key)
    }

    /// The post whose original is `key`.
    pub fn post(&self, key: &str) -> Option<&Post> {
        self.posts.iter().find(|post| post.key == key)
    }

    /// The site in its `index`th language: itself for 0, else that
    /// translation (the default language's for a place it does not have).
    pub fn edition(&self, index: usize) -> &Site {
        index
            .checked_sub(1)
            .and_then(|place| self.translations.get(place))
            .unwrap_or(self)
    }

    /// This edition's language.
    pub fn language(&self) -> &crate::i18n::Language {
        self.settings.catalog().language()
    }

    /// Every image the site shows, as written in the content: therapists'
    /// photos, posts' images, and the images in every body. Photos get
    /// resized variants from this list, so an image left out of it would be
    /// served at full size.
    pub fn images(&self) -> impl Iterator<Item = &str> {
        let photos = (self.therapists.iter()).filter_map(|therapist| therapist.photo.as_ref());
        let post_images = self.posts.iter().filter_map(|post| post.image.as_ref());
        let bodies = (self.posts.iter().map(|post| &*post.body))
            .chain(self.pages.iter().map(|page| &page.body))
            .chain(self.services.iter().map(|service| &service.body))
            .chain(self.therapists.iter().map(|therapist| &therapist.bio));
        (photos.chain(post_images))
            .map(|image| image.src.as_str())
            .chain(bodies.flat_map(|body| body.images()))
    }

    /// Up to `limit` other posts sharing the most tags with the post at
    /// `index`, newer first among equals; posts sharing none are left out.
    pub fn related(&self, index: usize, limit: usize) -> Vec<&Post> {
        let post = &self.posts[index];
        let mut scored: Vec<(usize, usize)> = self
            .posts
            .iter()
            .enumerate()
            .filter(|(other, _)| *other != index)
            .map(|(other, candidate)| {
                let shared = candidate
                    .tags
                    .iter()
                    .filter(|tag| post.tags.contains(tag))
                    .count();
                (shared, other)
            })
            .filter(|(shared, _)| *shared > 0)
            .collect();
        // Posts are newest first, so a lower index wins a tie.
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored
            .into_iter()
            .take(limit)
            .map(|(_, other)| &self.posts[other])
            .collect()
    }

    /// Posts written by one therapist (by key), newest first.
    pub fn posts_by<'a>(&'a self, therapist: &'a str) -> impl Iterator<Item = &'a Post> + 'a {
        self.posts
            .iter()
            .filter(move |post| post.author == therapist)
    }

    /// Therapists who offer a service (by key), in team order.
    pub fn therapists_offering<'a>(
        &'a self,
        service: &'a str,
    ) -> impl Iterator<Item = &'a Therapist> + 'a {
        self.therapists
            .iter()
            .filter(move |therapist| therapist.services.iter().any(|offered| offered == service))
    }
}

/// `content/site.yaml`: facts about the practice shown on every page.
#[derive(Debug, Clone)]
pub struct Settings {
    pub name: String,
    pub tagline: String,
    /// The home page's meta description.
    pub description: String,
    pub address: Address,
    /// As visitors should dial it, e.g. "(510) 555-0148".
    pub phone: String,
    pub coordinator: Coordinator,
    /// When the free consultation call can be booked; `None` keeps the
    /// form a request for a call back.
    pub consultations: Option<Availability>,
    pub hours: Vec<OpeningHours>,
    /// Two-letter codes of the states where the practice may see clients.
    pub states: Vec<&'static str>,
    /// The crisis notice in every footer and above the consultation form.
    pub crisis: String,
    /// Header navigation, in order.
    pub nav: Vec<NavItem>,
    /// Where the practice is: scheduled posts appear at their time here.
    pub timezone: TimeZone,
    /// Shown when a page without a picture of its own is shared.
    pub social_image: Option<Image>,
    /// The interface's words for each of the site's languages, in the order
    /// `site.yaml` lists them: never empty, the first is the default.
    pub catalogs: Vec<Arc<Catalog>>,
    /// Where "Leave this site quickly" goes; no such link without it.
    pub quick_exit: Option<String>,
    /// Who may sign in at `/staff/`, as [`crate::staff::editor_address`]
    /// writes addresses; none turns the staff pages off.
    pub editors: Vec<String>,
    /// The languages in which visitors are told that free language
    /// assistance is available, in the order `site.yaml` lists them.
    pub language_assistance: Vec<&'static Assistance>,
    /// Section 1557 applies: every page links the nondiscrimination notice.
    pub nondiscrimination_notice: bool,
    /// The key of the page that is the consumer health data privacy policy.
    pub health_data_privacy: Option<String>,
    /// What sessions cost and how they can be paid, for every therapist
    /// whose file does not say otherwise.
    pub payment: Payment,
}

impl Settings {
    /// The default language's words, dates and numbers.
    pub fn catalog(&self) -> &Catalog {
        &self.catalogs[0]
    }

    /// The phone number as a `tel:` URL: digits and a leading `+` only.
    pub fn phone_href(&self) -> String {
        let digits: String = self
            .phone
            .chars()
            .filter(|character| character.is_ascii_digit() || *character == '+')
            .collect();
        format!("tel:{digits}")
    }

    /// Whether a served state's health data law applies, so the form asks
    /// a consent of its own to collecting health data.
    pub fn asks_health_data_consent(&self) -> bool {
        (self.states.iter()).any(|state| HEALTH_DATA_STATES.contains(state))
    }

    /// Full names of the states the practice serves, in the order listed.
    pub fn state_names(&self) -> Vec<&'static str> {
        self.states
            .iter()
            .filter_map(|code| state_name(code))
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct Address {
    pub street: String,
    pub city: String,
    /// Two-letter state code.
    pub region: String,
    pub postal_code: String,
}

#[derive(Debug, Clone)]
pub struct Coordinator {
    pub name: String,
    pub email: String,
}

/// One row of opening hours: the same times on several days.
#[derive(Debug, Clone)]
pub struct OpeningHours {
    pub days: Vec<jiff::civil::Weekday>,
    pub opens: Time,
    pub closes: Time,
}

/// When the care coordinator takes consultation calls (`consultations:`
/// in site.yaml), in the practice's time zone. Checked: calls are at least
/// a minute long, rows do not overlap, the horizon is after the lead time.
#[derive(Debug, Clone)]
pub struct Availability {
    pub length: jiff::SignedDuration,
    /// Kept free after each call.
    pub buffer: jiff::SignedDuration,
    pub weekly: Vec<BookableHours>,
    /// The earliest bookable call is this far after now.
    pub lead_time: jiff::Span,
    /// The latest bookable call starts no later than this after now.
    pub horizon: jiff::Span,
    /// Days with no calls, each a first and last day (the same for one day).
    pub closed: Vec<(Date, Date)>,
    /// Calls the practice can take at the same time.
    pub callers: u32,
    /// A private ICS address of the coordinator's calendar.
    pub busy_calendar_url: Option<String>,
    /// How long before the call the visitor is reminded; `None` for never.
    pub reminder: Option<jiff::Span>,
}

impl Availability {
    /// Whether no call can be booked on `day`.
    pub fn is_closed(&self, day: Date) -> bool {
        (self.closed.iter()).any(|(first, last)| *first <= day && day <= *last)
    }
}

/// One row of bookable hours: calls start from `from`, and the last one
/// ends by `to`, on each of `days`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookableHours {
    pub days: Vec<jiff::civil::Weekday>,
    pub from: Time,
    pub to: Time,
}

/// A link in the header: a section of the site or a page, named and
/// addressed in each language when the page is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavItem {
    Blog,
    Team,
    Services,
    /// A page, by its key.
    Page(String),
}

#[derive(Debug, Clone)]
pub struct Post {
    /// The file it was read from, under `content/` with `/` between
    /// folders (`posts/2026-09-02-grief-has-no-timeline.md`), for the
    /// browser editor's links.
    pub source: String,
    /// The original's slug, the same in every language: how a translation
    /// finds its original and how other files refer to it.
    pub key: String,
    /// The file name without `.md` and without a leading `YYYY-MM-DD-`.
    pub slug: String,
    pub title: String,
    pub date: Date,
    /// When the post appears, in the practice's time zone (midnight when
    /// only a date is given).
    pub publish_at: DateTime,
    pub updated: Option<Date>,
    /// Hidden from the live site while true.
    pub draft: bool,
    /// Who clinically reviewed the article, and when.
    pub review: Option<Review>,
    /// The author's therapist slug (checked to exist).
    pub author: String,
    pub tags: Vec<Tag>,
    /// Written by staff, or else the first paragraph.
    pub summary: String,
    pub image: Option<Image>,
    /// Shared, not copied, by the live site built from the content: with a
    /// thousand articles the bodies are most of the memory a site takes.
    pub body: std::sync::Arc<Rendered>,
}

/// A tag as written in a post, and its URL form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub slug: String,
}

/// All posts of one tag.
#[derive(Debug, Clone)]
pub struct TagIndex {
    pub tag: Tag,
    /// Indexes into `Site::posts`, newest first.
    pub posts: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Review {
    pub by: String,
    pub on: Date,
}

#[derive(Debug, Clone)]
pub struct Image {
    /// A `/static/...` URL whose file exists.
    pub src: String,
    pub alt: String,
}

#[derive(Debug, Clone)]
pub struct Therapist {
    /// The file it was read from, under `content/` with `/` between
    /// folders (`posts/2026-09-02-grief-has-no-timeline.md`), for the
    /// browser editor's links.
    pub source: String,
    /// The original's slug, the same in every language: how a translation
    /// finds its original and how other files refer to it.
    pub key: String,
    pub slug: String,
    pub name: String,
    pub pronouns: Option<String>,
    /// Letters after the name, e.g. "LMFT".
    pub credentials: String,
    /// e.g. "Licensed Marriage and Family Therapist".
    pub title: String,
    /// Every license they hold, the primary one first. Never empty: the
    /// loader refuses a therapist without one.
    pub licenses: Vec<License>,
    /// The states where they may see clients: those of their licenses that
    /// the practice serves (`states` in site.yaml), in their licenses' order.
    pub serves: Vec<&'static str>,
    /// Required for associates, who practise under a licensed supervisor.
    pub supervisor: Option<Supervisor>,
    pub photo: Option<Image>,
    pub specialties: Vec<String>,
    /// Service slugs (checked to exist).
    pub services: Vec<String>,
    pub approaches: Vec<String>,
    pub languages: Vec<String>,
    pub formats: Vec<Format>,
    pub accepting_new_clients: bool,
    /// Their fees and how they can be paid: their file's, else the practice's.
    pub payment: Payment,
    pub order: i64,
    pub bio: Rendered,
    /// Hidden from the live site while true.
    pub draft: bool,
    /// When the file was last changed, for the sitemap; `None` when the
    /// file system cannot say, rather than a made-up day.
    pub modified: Option<Date>,
    /// The last real revision, as its file says (`updated:`): what its
    /// translations are compared to, and the sitemap's date before `modified`.
    pub updated: Option<Date>,
}

impl Therapist {
    /// Up to two initials for the monogram shown when there is no photo.
    pub fn initials(&self) -> String {
        let words: Vec<&str> = self.name.split_whitespace().collect();
        let picked = match words.as_slice() {
            [] => Vec::new(),
            [only] => vec![*only],
            [first, .., last] => vec![*first, *last],
        };
        picked
            .iter()
            .filter_map(|word| word.chars().next())
            .flat_map(char::to_uppercase)
            .collect()
    }

    /// The license line California asks for on every advertisement, in
    /// `words`' language.
    /// The primary license's; every license is listed on the profile too.
    pub fn license_line(&self, words: &crate::i18n::Catalog) -> String {
        let (state, number) = self.licenses.first().map_or(("", ""), |license| {
            let state = state_name(&license.state).unwrap_or(&license.state);
            (state, license.number.as_str())
        });
        let line = words.message(
            "license-line",
            &[
                ("title", self.title.as_str().into()),
                ("state", state.into()),
                ("number", number.into()),
            ],
        );
        match &self.supervisor {
            Some(supervisor) => words.message(
                "license-supervised",
                &[
                    ("line", line.into()),
                    ("supervisor", supervisor.name.as_str().into()),
                    ("license", supervisor.license.as_str().into()),
                ],
            ),
            None => line,
        }
    }
}

#[derive(Debug, Clone)]
pub struct License {
    /// e.g. LMFT, LCSW, PSY, or an associate registration such as AMFT.
    pub kind: String,
    pub number: String,
    /// Two-letter state code.
    pub state: String,
}

/// What sessions cost and how they can be paid for, as `site.yaml` (the
/// practice's defaults) or a therapist's file says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Payment {
    /// The fee per session of each kind they give one for, in whole US
    /// dollars, in [`SessionKind::ALL`]'s order; empty when none is said.
    pub fees: Vec<(SessionKind, u32)>,
    /// Whether fees can be lowered for people with less income.
    pub sliding_scale: bool,
    /// Whether clients get a superbill to claim out-of-network benefits.
    pub superbills: bool,
    /// The plans they are in network with, in [`PLANS`]' order; `Some`
    /// empty when the file says none, `None` when it says nothing, so a
    /// page never claims what nobody wrote.
    pub insurance: Option<Vec<&'static Plan>>,
}

impl Payment {
    /// The fee for a session of `kind`, if one is given.
    pub fn fee(&self, kind: SessionKind) -> Option<u32> {
        (self.fees.iter())
            .find(|(given, _)| *given == kind)
            .map(|(_, dollars)| *dollars)
    }

    /// Whether they are in network with the plan whose key is `key`.
    pub fn takes(&self, key: &str) -> bool {
        (self.insurance.iter().flatten()).any(|plan| plan.key.eq_ignore_ascii_case(key.trim()))
    }
}

/// The kinds of session a fee can be given for, as `fees` in front matter
/// names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Individual,
    Couples,
    Family,
    Group,
}

impl SessionKind {
    pub const ALL: [SessionKind; 4] = [
        SessionKind::Individual,
        SessionKind::Couples,
        SessionKind::Family,
        SessionKind::Group,
    ];

    /// The catalog's message id for "Individual session" and the like.
    pub fn label(self) -> &'static str {
        match self {
            SessionKind::Individual => "fits-fee-individual",
            SessionKind::Couples => "fits-fee-couples",
            SessionKind::Family => "fits-fee-family",
            SessionKind::Group => "fits-fee-group",
        }
    }
}

/// An insurance plan: the key front matter and the team filter use, and
/// its name as the plan writes it (a name, so the same in every language).
#[derive(Debug, PartialEq, Eq)]
pub struct Plan {
    pub key: &'static str,
    pub name: &'static str,
}

/// The insurance plans Hearth knows, by key. A plan missing here is added
/// here: a key typed wrong is then caught by `hearth check`, not shown.
pub const PLANS: [Plan; 12] = [
    Plan {
        key: "aetna",
        name: "Aetna",
    },
    Plan {
        key: "anthem",
        name: "Anthem Blue Cross",
    },
    Plan {
        key: "blue-shield",
        name: "Blue Shield of California",
    },
    Plan {
        key: "cigna",
        name: "Cigna",
    },
    Plan {
        key: "health-net",
        name: "Health Net",
    },
    Plan {
        key: "kaiser",
        name: "Kaiser Permanente",
    },
    Plan {
        key: "magellan",
        name: "Magellan",
    },
    Plan {
        key: "medi-cal",
        name: "Medi-Cal",
    },
    Plan {
        key: "medicare",
        name: "Medicare",
    },
    Plan {
        key: "optum",
        name: "Optum",
    },
    Plan {
        key: "tricare",
        name: "TRICARE",
    },
    Plan {
        key: "unitedhealthcare",
        name: "UnitedHealthcare",
    },
];

/// The plan whose key is `key`.
pub fn plan(key: &str) -> Option<&'static Plan> {
    PLANS.iter().find(|plan| plan.key == key)
}

#[derive(Debug, Clone)]
pub struct Supervisor {
    pub name: String,
    pub license: String,
}

/// How sessions can take place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    InPerson,
    Online,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::InPerson, Format::Online];

    /// The value used in front matter and query strings.
    pub fn key(self) -> &'static str {
        match self {
            Format::InPerson => "in_person",
            Format::Online => "online",
        }
    }

    /// The catalog's message id for the format's name.
    pub fn label(self) -> &'static str {
        match self {
            Format::InPerson => "format-in-person",
            Format::Online => "format-online",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Service {
    /// The file it was read from, under `content/` with `/` between
    /// folders (`posts/2026-09-02-grief-has-no-timeline.md`), for the
    /// browser editor's links.
    pub source: String,
    /// The original's slug, the same in every language: how a translation
    /// finds its original and how other files refer to it.
    pub key: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub order: i64,
    pub body: Rendered,
    /// When the file was last changed, for the sitemap; `None` when the
    /// file system cannot say, rather than a made-up day.
    pub modified: Option<Date>,
    /// The last real revision, as its file says (`updated:`): what its
    /// translations are compared to, and the sitemap's date before `modified`.
    pub updated: Option<Date>,
}

#[derive(Debug, Clone)]
pub struct Page {
    /// The file it was read from, under `content/` with `/` between
    /// folders (`posts/2026-09-02-grief-has-no-timeline.md`), for the
    /// browser editor's links.
    pub source: String,
    /// The original's slug, the same in every language: how a translation
    /// finds its original and how other files refer to it.
    pub key: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body: Rendered,
    /// Hidden from the live site while true.
    pub draft: bool,
    /// When the file was last changed, for the sitemap; `None` when the
    /// file system cannot say, rather than a made-up day.
    pub modified: Option<Date>,
    /// The last real revision, as its file says (`updated:`): what its
    /// translations are compared to, and the sitemap's date before `modified`.
    pub updated: Option<Date>,
}

/// Every tag used by `posts` (newest first), with its posts.
pub fn index_tags(posts: &[Post]) -> Vec<TagIndex> {
    let mut by_slug: std::collections::BTreeMap<&str, TagIndex> = std::collections::BTreeMap::new();
    for (index, post) in posts.iter().enumerate() {
        for tag in &post.tags {
            by_slug
                .entry(&tag.slug)
                .or_insert_with(|| TagIndex {
                    tag: tag.clone(),
                    posts: Vec::new(),
                })
                .posts
                .push(index);
        }
    }
    by_slug.into_values().collect()
}

/// License registrations that mean the holder practises under supervision
/// (California's Board of Behavioral Sciences associate registrations).
pub const ASSOCIATE_LICENSES: [&str; 3] = ["AMFT", "ACSW", "APCC"];

/// The pages every practice site must have.
pub const REQUIRED_PAGES: [&str; 5] = ["about", "fees", "privacy", "accessibility", "faq"];

/// States whose consumer health data laws reach a practice's website:
/// Washington's My Health My Data Act (RCW 19.373.020), Nevada's SB 370 and
/// Connecticut's consumer health data amendments (Public Act 23-56).
pub const HEALTH_DATA_STATES: [&str; 3] = ["WA", "NV", "CT"];

/// US states, DC and territories by postal code.
pub const US_STATES: [(&str, &str); 56] = [
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("AS", "American Samoa"),
    ("GU", "Guam"),
    ("MP", "Northern Mariana Islands"),
    ("PR", "Puerto Rico"),
    ("VI", "U.S. Virgin Islands"),
];

/// The full name of a state from its postal code.
pub fn state_name(code: &str) -> Option<&'static str> {
    US_STATES
        .iter()
        .find(|(known, _)| *known == code)
        .map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn therapist(name: &str) -> Therapist {
        Therapist {
            source: "therapists/x.md".into(),
            key: "x".into(),
            slug: "x".into(),
            name: name.into(),
            pronouns: None,
            credentials: "AMFT".into(),
            title: "Associate Marriage and Family Therapist".into(),
            licenses: vec![License {
                kind: "AMFT".into(),
                number: "AMFT 1".into(),
                state: "CA".into(),
            }],
            serves: vec!["CA"],
            supervisor: Some(Supervisor {
                name: "Maya Okafor, LMFT".into(),
                license: "LMFT 2".into(),
            }),
            photo: None,
            specialties: vec![],
            services: vec![],
            approaches: vec![],
            languages: vec![],
            formats: vec![],
            accepting_new_clients: true,
            payment: Payment::default(),
            order: 0,
            bio: Rendered::default(),
            draft: false,
            modified: Some(Date::constant(2026, 1, 1)),
            updated: None,
        }
    }

    /// Monograms use the first and last initials, whatever the name's length.
    #[test]
    fn initials() {
        assert_eq!(therapist("Sam Whitfield").initials(), "SW");
        assert_eq!(therapist("María José de la Cruz").initials(), "MC");
        assert_eq!(therapist("Cher").initials(), "C");
        assert_eq!(therapist("émile zola").initials(), "ÉZ");
    }

    /// Amounts as visitors write them; anything else is not an amount.
    #[test]
    fn dollars_as_visitors_write_them() {
        for (text, read) in [
            ("150", Some(150)),
            (" $150 ", Some(150)),
            ("150.99", Some(150)),
            ("1,200", Some(1200)),
            ("0", Some(0)),
            ("", None),
            ("$", None),
            ("-150", None),
            ("1e3", None),
            ("150.5x", None),
            ("٣٠٠", None),
            ("99999999999", None),
        ] {
            assert_eq!(dollars(text), read, "{text:?}");
        }
    }

    /// A therapist licensed in `serves`, with an individual fee and a
    /// sliding scale or not, in network with `plans`.
    fn paying(
        serves: Vec<&'static str>,
        fee: Option<u32>,
        sliding_scale: bool,
        plans: &[&str],
    ) -> Therapist {
        let mut therapist = therapist("Jo Lee");
        therapist.serves = serves;
        therapist.payment = Payment {
            fees: fee
                .map(|fee| (SessionKind::Individual, fee))
                .into_iter()
                .collect(),
            sliding_scale,
            superbills: false,
            insurance: Some(plans.iter().filter_map(|key| plan(key)).collect()),
        };
        therapist
    }

    /// Each new filter narrows as its field says; a value that names
    /// nothing matches no one, as an unknown language does.
    #[test]
    fn state_insurance_and_fee_filters() {
        let filter = |query: &str| read_filter(query).unwrap();
        let oregon = paying(vec!["CA", "OR"], Some(200), false, &["aetna"]);
        let sliding = paying(vec!["CA"], Some(200), true, &[]);
        let no_fee = paying(vec!["CA"], None, false, &["kaiser"]);
        let who = |query: &str| -> Vec<usize> {
            let filter = filter(query);
            [&oregon, &sliding, &no_fee]
                .iter()
                .enumerate()
                .filter(|(_, therapist)| filter.matches(therapist))
                .map(|(index, _)| index)
                .collect()
        };
        assert_eq!(who(""), [0, 1, 2]);
        assert_eq!(who("state=OR"), [0]);
        assert_eq!(who("state=or"), [0]);
        assert_eq!(who("state=CA"), [0, 1, 2]);
        assert_eq!(who("state=ZZ"), Vec::<usize>::new());
        assert_eq!(who("insurance=aetna"), [0]);
        assert_eq!(who("insurance=Kaiser"), [2]);
        assert_eq!(who("insurance=aetnaa"), Vec::<usize>::new());
        assert_eq!(who("max_fee=200"), [0, 1]);
        assert_eq!(who("max_fee=199"), [1]);
        assert_eq!(who("max_fee=%24250.00"), [0, 1]);
        assert_eq!(who("max_fee=lots"), Vec::<usize>::new());
        assert_eq!(who("max_fee=+"), [0, 1, 2]);
        assert_eq!(who("sliding_scale=yes"), [1]);
        assert_eq!(who("sliding_scale=no"), [0, 1, 2]);
        assert_eq!(who("state=OR&max_fee=150"), Vec::<usize>::new());
    }

    /// The filter as the team page's handler reads it from its address
    /// with `query`.
    fn read_filter(query: &str) -> Option<TeamFilter> {
        let address = format!("{}?{query}", crate::urls::routes::TEAM);
        let uri: axum::http::Uri = address.parse().ok()?;
        axum::extract::Query::<TeamFilter>::try_from_uri(&uri)
            .ok()
            .map(|query| query.0)
    }

    proptest::proptest! {
        /// Whatever a visitor sends in any filter field, in any alphabet,
        /// the filter is read back from its address as sent and matched
        /// without a panic, any query text at all is read or refused, and
        /// an amount written as digits reads as itself.
        #[test]
        fn any_filter_text_is_matched_without_a_panic(
            fields in proptest::collection::vec("(\\PC|\\s){0,12}", 9),
            query in "[ -~]{0,40}",
            amount in 0u32..,
        ) {
            let names = [
                "service", "specialty", "format", "language", "accepting",
                "state", "insurance", "max_fee", "sliding_scale",
            ];
            let encoded = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(names.iter().zip(&fields))
                .finish();
            let read = read_filter(&encoded);
            let _ = read_filter(&query);
            let filter = TeamFilter {
                service: fields[0].clone(),
                specialty: fields[1].clone(),
                format: fields[2].clone(),
                language: fields[3].clone(),
                accepting: fields[4].clone(),
                state: fields[5].clone(),
                insurance: fields[6].clone(),
                max_fee: fields[7].clone(),
                sliding_scale: fields[8].clone(),
            };
            proptest::prop_assert_eq!(read.as_ref(), Some(&filter));
            for therapist in [
                paying(vec!["CA", "OR"], Some(amount), false, &["aetna"]),
                paying(vec![], None, true, &[]),
            ] {
                let _ = filter.matches(&therapist);
            }
            let _ = filter.max_fee();
            let _ = dollars(&fields[7]);
            proptest::prop_assert_eq!(dollars(&amount.to_string()), Some(amount));
            proptest::prop_assert_eq!(dollars(&format!("${amount}.00")), Some(amount));
        }
    }

    /// An associate's license line names the supervisor, as California requires.
    #[test]
    fn license_line_names_supervisor() {
        assert_eq!(
            therapist("Sam Whitfield").license_line(&crate::i18n::Catalog::built_in(
                &crate::i18n::Language::english()
            )),
            "Associate Marriage and Family Therapist, California license AMFT 1. Supervised by Maya Okafor, LMFT, LMFT 2"
        );
    }
}

/// Which therapists a visitor wants to see on the team page; every field
/// left empty matches everyone. Each field is the visitor's text as sent:
/// a value that names nothing (a language no one speaks, a state code that
/// is not one) matches no one, and the page says so.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct TeamFilter {
    /// A service slug.
    pub service: String,
    pub specialty: String,
    /// `in_person` or `online`.
    pub format: String,
    pub language: String,
    /// `yes` shows only therapists accepting new clients.
    pub accepting: String,
    /// Where the visitor will be during sessions, as a two-letter code: a
    /// license covers clients located in its state.
    pub state: String,
    /// An insurance plan's key ([`PLANS`]).
    pub insurance: String,
    /// The most the visitor can pay for an individual session, in dollars.
    pub max_fee: String,
    /// `yes` shows only therapists with a sliding scale.
    pub sliding_scale: String,
}

impl TeamFilter {
    pub fn is_empty(&self) -> bool {
        *self == TeamFilter::default()
    }

    pub fn only_accepting(&self) -> bool {
        self.accepting == "yes"
    }

    pub fn only_sliding_scale(&self) -> bool {
        self.sliding_scale == "yes"
    }

    /// The most the visitor can pay, when they said: `None` for nothing
    /// said, `Some(None)` for a text that is not an amount.
    pub fn max_fee(&self) -> Option<Option<u32>> {
        let text = self.max_fee.trim();
        (!text.is_empty()).then(|| dollars(text))
    }

    pub fn matches(&self, therapist: &Therapist) -> bool {
        let offers = |wanted: &str, offered: &[String]| {
            wanted.is_empty() || offered.iter().any(|item| item.eq_ignore_ascii_case(wanted))
        };
        let payment = &therapist.payment;
        // Someone who cannot pay the fee can still be seen on a sliding scale.
        let affordable = match self.max_fee() {
            None => true,
            Some(None) => false,
            Some(Some(most)) => {
                payment.sliding_scale
                    || payment
                        .fee(SessionKind::Individual)
                        .is_some_and(|fee| fee <= most)
            }
        };
        offers(&self.service, &therapist.services)
            && offers(&self.specialty, &therapist.specialties)
            && offers(&self.language, &therapist.languages)
            && (self.format.is_empty()
                || therapist
                    .formats
                    .iter()
                    .any(|format| format.key() == self.format))
            && (!self.only_accepting() || therapist.accepting_new_clients)
            && (self.state.is_empty()
                || (therapist.serves.iter())
                    .any(|state| state.eq_ignore_ascii_case(self.state.trim())))
            && (self.insurance.is_empty() || payment.takes(&self.insurance))
            && affordable
            && (!self.only_sliding_scale() || payment.sliding_scale)
    }
}

/// An amount of whole dollars as a visitor may write it: `150`, `$150`,
/// `150.00`, `1,200`. Cents are dropped, since fees are whole dollars: one
/// who can pay $150.50 can pay $150.
pub fn dollars(text: &str) -> Option<u32> {
    let text = text.trim();
    let text = text.strip_prefix('$').unwrap_or(text).trim_start();
    let (whole, cents) = text.split_once('.').unwrap_or((text, ""));
    let digits: String = whole
        .chars()
        .filter(|character| *character != ',')
        .collect();
    if digits.is_empty()
        || !digits.chars().all(|character| character.is_ascii_digit())
        || !cents.chars().all(|character| character.is_ascii_digit())
    {
        return None;
    }
    digits.parse().ok()
}
