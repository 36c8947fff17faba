//! Every address the site answers, in one place.
//!
//! The router, the reserved page names, `hearth check`'s link checker, the
//! sitemap, the feed, JSON-LD, search results, the templates' views and the
//! export all take their paths from here, so an address changes in one
//! place. Paths come from a [`Paths`] value rather than free functions so
//! that a site in a second language is a second `Paths` with a prefix
//! (`/es`), not a change at every call site.
//!
//! Slugs are ASCII (`[a-z0-9-]`), made from names in any script by
//! transliteration ([`slugify`]), so an address never depends on how a
//! browser or a static host encodes "Márquez".

/// Route patterns for the router: the same for every language.
pub mod routes {
    pub const HOME: &str = "/";
    pub const BLOG: &str = "/blog";
    pub const BLOG_PAGE: &str = "/blog/page/{number}";
    pub const TAGS: &str = "/blog/tags";
    pub const TEAM: &str = "/therapists";
    pub const SERVICES: &str = "/services";
    pub const SEARCH: &str = "/search";
    pub const CONSULTATION: &str = "/consultation";
    pub const CONSULTATION_THANKS: &str = "/consultation/thanks";
    /// Confirms a booked call: made per request, from the booking.
    pub const CONSULTATION_BOOKED: &str = "/consultation/booked";
    /// A booked call's own pages, reached from the links in its emails.
    pub const CONSULTATION_CANCEL: &str = "/consultation/cancel";
    pub const CONSULTATION_RESCHEDULE: &str = "/consultation/reschedule";
    pub const FEED: &str = "/feed.xml";
    pub const SITEMAP: &str = "/sitemap.xml";
    pub const ROBOTS: &str = "/robots.txt";
    pub const HEALTH: &str = "/healthz";
    /// The care coordinator's private calendar feed of booked calls,
    /// `/calendar/SECRET.ics`: one segment, its `.ics` read by the handler
    /// (the router matches whole segments only). See [`super::calendar_feed`].
    pub const CALENDAR_FEED: &str = "/calendar/{file}";
    /// The pages Hearth writes when `site.yaml` asks for them.
    pub const QUICK_EXIT: &str = "/quick-exit";
    pub const LANGUAGE_ASSISTANCE: &str = "/language-assistance";
    pub const NONDISCRIMINATION: &str = "/nondiscrimination";
    /// The pages made per request, in a translation (`/es/search`): the
    /// handler answers only when the first segment is one of the site's
    /// languages, and passes anything else on (`/blog/search` is a post).
    pub const TRANSLATED_TEAM: &str = "/{language}/therapists";
    pub const TRANSLATED_SEARCH: &str = "/{language}/search";
    pub const TRANSLATED_CONSULTATION: &str = "/{language}/consultation";
    pub const TRANSLATED_CONSULTATION_THANKS: &str = "/{language}/consultation/thanks";
    pub const TRANSLATED_CONSULTATION_BOOKED: &str = "/{language}/consultation/booked";
    pub const TRANSLATED_CONSULTATION_CANCEL: &str = "/{language}/consultation/cancel";
    pub const TRANSLATED_CONSULTATION_RESCHEDULE: &str = "/{language}/consultation/reschedule";
    /// The editors' pages, answered only when the site has editors (see
    /// [`crate::staff`]); everything else under `/staff/` is a 404.
    pub const STAFF_HOME: &str = "/staff/";
    /// The home's spelling without its slash, sent on to [`STAFF_HOME`].
    pub const STAFF: &str = "/staff";
    pub const STAFF_SIGN_IN: &str = "/staff/sign-in";
    /// A sign-in link from an email: see [`super::staff_sign_in_link`].
    pub const STAFF_SIGN_IN_LINK: &str = "/staff/sign-in/{link}";
    pub const STAFF_SIGN_OUT: &str = "/staff/sign-out";
    /// The editor for one file, by its place under `content/`: see [`super::staff_edit`].
    pub const STAFF_EDIT: &str = "/staff/edit/{*path}";
    /// One file's kept versions, and restoring one: see [`super::staff_history`].
    pub const STAFF_HISTORY: &str = "/staff/history/{*path}";
    /// Starts a new post, therapist, service or page.
    pub const STAFF_NEW: &str = "/staff/new";
    /// A file's unsaved change as the site would show it.
    pub const STAFF_PREVIEW: &str = "/staff/preview/{*path}";
    /// Tells a file's preview tab that its editor typed a change.
    pub const STAFF_PREVIEW_EVENTS: &str = "/staff/preview-events/{*path}";
    /// The editor's script: the preview refreshing as the editor types.
    pub const STAFF_SCRIPT: &str = "/staff/editor.js";
    /// The stylesheet, favicon and photos, under their own and their
    /// fingerprinted names.
    pub const STATIC: &str = "/static";
    /// The editors' preview's live-reload events and script.
    pub const DEV: &str = "/_dev";
    /// The preview's event stream: one message per rebuild.
    pub const DEV_EVENTS: &str = "/_dev/events";
    /// The preview's script that listens to [`DEV_EVENTS`].
    pub const DEV_SCRIPT: &str = "/_dev/reload.js";

    /// Every route that is one address (no `{parameter}`), for what must
    /// know them all: the reserved page names' test, the hostile-request
    /// corpus.
    pub const SINGLE: &[&str] = &[
        HOME,
        BLOG,
        TAGS,
        TEAM,
        SERVICES,
        SEARCH,
        CONSULTATION,
        CONSULTATION_THANKS,
        FEED,
        SITEMAP,
        ROBOTS,
        HEALTH,
        QUICK_EXIT,
        LANGUAGE_ASSISTANCE,
        NONDISCRIMINATION,
        STAFF,
        STAFF_HOME,
        STAFF_SIGN_IN,
        STAFF_SIGN_OUT,
        STAFF_SCRIPT,
        STAFF_NEW,
        STATIC,
        DEV,
        DEV_EVENTS,
        DEV_SCRIPT,
    ];
}

/// The path of a staff sign-in link, for the link's secret part.
pub fn staff_sign_in_link(secret: &str) -> String {
    routes::STAFF_SIGN_IN_LINK.replace("{link}", secret)
}

/// The editor's address for `path`, a file's place under `content/`.
pub fn staff_edit(path: &str) -> String {
    routes::STAFF_EDIT.replace("{*path}", path)
}

/// The history page of `path`, a file's place under `content/`.
pub fn staff_history(path: &str) -> String {
    routes::STAFF_HISTORY.replace("{*path}", path)
}

/// The preview of the editor's unsaved change to `path`.
pub fn staff_preview(path: &str) -> String {
    routes::STAFF_PREVIEW.replace("{*path}", path)
}

/// The event stream that tells `path`'s preview tab to reload.
pub fn staff_preview_events(path: &str) -> String {
    routes::STAFF_PREVIEW_EVENTS.replace("{*path}", path)
}

/// How many articles each page of the blog's list shows: it decides which
/// `/blog/page/N` addresses exist.
pub const POSTS_PER_BLOG_PAGE: usize = 10;

/// Where photos' resized variants live, under [`routes::STATIC`].
const PHOTO_VARIANTS: &str = "/static/_img";

/// First path segments the server answers itself: a page file
/// (`pages/NAME.md`) with one of these names would never be shown.
const RESERVED_SEGMENTS: &[&str] = &[
    "blog",
    "therapists",
    "services",
    "search",
    "consultation",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
    "healthz",
    "calendar",
    "quick-exit",
    "language-assistance",
    "nondiscrimination",
    "staff",
    "static",
    "_dev",
];

/// Whether `slug` is taken by an address of the site itself, so a page
/// cannot have it.
pub fn is_reserved_page_slug(slug: &str) -> bool {
    RESERVED_SEGMENTS
        .iter()
        .any(|reserved| reserved.eq_ignore_ascii_case(slug))
}

/// The names [`is_reserved_page_slug`] refuses, for messages.
pub fn reserved_page_slugs() -> &'static [&'static str] {
    RESERVED_SEGMENTS
}

/// The paths of the site in one language: every page the site shows gets
/// its address from one of these methods.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paths {
    /// Empty for the default language; `/es` for a translation.
    prefix: String,
}

impl Paths {
    /// The default language's paths, at the root of the site.
    pub fn root() -> Paths {
        Paths::default()
    }

    /// The paths of a translation: under `/es` for Spanish. (The default
    /// language is [`Paths::root`].)
    pub fn translated(language: &crate::i18n::Language) -> Paths {
        Paths {
            prefix: format!("/{}", language.code()),
        }
    }

    /// `/es` for a translation, empty for the default language.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    fn under(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    pub fn home(&self) -> String {
        if self.prefix.is_empty() {
            routes::HOME.to_owned()
        } else {
            format!("{}/", self.prefix)
        }
    }

    /// Page `number` of the blog's list of articles: paths, not a query
    /// string, so a static host can serve every page of the list.
    pub fn blog_page(&self, number: usize) -> String {
        match number {
            0 | 1 => self.under(routes::BLOG),
            _ => self.under(&format!("{}/page/{number}", routes::BLOG)),
        }
    }

    pub fn blog(&self) -> String {
        self.blog_page(1)
    }

    /// Every page of the blog's list for `post_count` articles, first to
    /// last: the addresses [`Paths::blog_page`] has for them.
    pub fn blog_pages(&self, post_count: usize) -> impl Iterator<Item = String> + '_ {
        let count = post_count.div_ceil(POSTS_PER_BLOG_PAGE).max(1);
        (1..=count).map(|number| self.blog_page(number))
    }

    pub fn post(&self, slug: &str) -> String {
        self.under(&format!("{}/{slug}", routes::BLOG))
    }

    pub fn tag(&self, slug: &str) -> String {
        self.under(&format!("{}/{slug}", routes::TAGS))
    }

    pub fn team(&self) -> String {
        self.under(routes::TEAM)
    }

    pub fn therapist(&self, slug: &str) -> String {
        self.under(&format!("{}/{slug}", routes::TEAM))
    }

    pub fn services(&self) -> String {
        self.under(routes::SERVICES)
    }

    pub fn service(&self, slug: &str) -> String {
        self.under(&format!("{}/{slug}", routes::SERVICES))
    }

    /// A page from `pages/`, at the top level of the site.
    pub fn page(&self, slug: &str) -> String {
        self.under(&format!("/{slug}"))
    }

    pub fn search(&self) -> String {
        self.under(routes::SEARCH)
    }

    pub fn consultation(&self) -> String {
        self.under(routes::CONSULTATION)
    }

    /// The consultation form with a therapist already chosen.
    pub fn consultation_with(&self, therapist_slug: &str) -> String {
        format!("{}?therapist={therapist_slug}", self.consultation())
    }

    pub fn consultation_thanks(&self) -> String {
        self.under(routes::CONSULTATION_THANKS)
    }

    /// The page confirming a booked call, without the booking's reference.
    pub fn consultation_booked_page(&self) -> String {
        self.under(routes::CONSULTATION_BOOKED)
    }

    /// Where a booked call is cancelled (its link adds `?ref=`).
    pub fn consultation_cancel(&self) -> String {
        self.under(routes::CONSULTATION_CANCEL)
    }

    /// Where a booked call moves to another time (its link adds `?ref=`).
    pub fn consultation_reschedule(&self) -> String {
        self.under(routes::CONSULTATION_RESCHEDULE)
    }

    /// The page confirming the booking that `reference` names.
    pub fn consultation_booked(&self, reference: &str) -> String {
        format!("{}?ref={reference}", self.consultation_booked_page())
    }

    /// The form showing the week that starts on `monday`.
    pub fn consultation_week(&self, monday: jiff::civil::Date) -> String {
        format!("{}?week={monday}#slots", self.consultation())
    }

    pub fn quick_exit(&self) -> String {
        self.under(routes::QUICK_EXIT)
    }

    pub fn language_assistance(&self) -> String {
        self.under(routes::LANGUAGE_ASSISTANCE)
    }

    pub fn nondiscrimination(&self) -> String {
        self.under(routes::NONDISCRIMINATION)
    }

    pub fn feed(&self) -> String {
        self.under(routes::FEED)
    }

    /// Addresses that exist whatever the content: a link in content to one
    /// of them is never broken.
    pub fn fixed(&self) -> Vec<String> {
        vec![
            self.home(),
            self.blog(),
            self.team(),
            self.services(),
            self.search(),
            self.consultation(),
            self.feed(),
            // One sitemap and one robots.txt serve every language.
            routes::SITEMAP.to_owned(),
            routes::ROBOTS.to_owned(),
        ]
    }
}

/// Where the coordinator's calendar feeds live: robots.txt keeps crawlers
/// out of all of it.
pub const CALENDAR_FEEDS: &str = "/calendar/";

/// The coordinator's private calendar feed, named by its secret:
/// `/calendar/SECRET.ics`. Not a page: it is in no sitemap, and the
/// address is the only key to it, so it is never linked from anywhere.
pub fn calendar_feed(secret: &str) -> String {
    format!("{CALENDAR_FEEDS}{secret}.ics")
}

/// The secret a calendar feed's last segment names (`SECRET.ics`), whether
/// or not it is the right one.
pub fn calendar_feed_secret(file: &str) -> Option<&str> {
    file.strip_suffix(".ics")
}

/// A file from the `static/` folder under its own name.
pub fn static_file(relative: &str) -> String {
    format!("{}/{relative}", routes::STATIC)
}

/// A file from `static/` under its fingerprinted name (`site.3f2a9c1e.css`).
pub fn fingerprinted(stem: &str, hash: &str, extension: &str) -> String {
    format!("{}/{stem}.{hash}.{extension}", routes::STATIC)
}

/// One resized variant of a photo.
pub fn photo_variant(name: &str) -> String {
    format!("{PHOTO_VARIANTS}/{name}")
}

/// The file under `static/` that `path` names, if it is a static address.
pub fn static_relative(path: &str) -> Option<&str> {
    path.strip_prefix(routes::STATIC)?.strip_prefix('/')
}

/// The ASCII address a visitor most likely meant by `path`, a page's
/// display form such as `/blog/tags/p%C3%A9rdida` or
/// `/therapists/Elena-M%C3%A1rquez`: percent-decoded, its last segment made
/// a slug. `None` when the last segment is a slug already (nothing to
/// correct) or has nothing to make one from. Whether the address exists is
/// for the caller to ask; invalid escapes and bytes are kept or replaced,
/// never an error.
pub fn ascii_form(path: &str) -> Option<String> {
    let (_, last) = path.rsplit_once('/')?;
    if is_slug(last) {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let (parent, last) = decoded.rsplit_once('/')?;
    let slug = slugify(last)?;
    let ascii = format!("{parent}/{slug}");
    (ascii != path).then_some(ascii)
}

/// Where the site is seen from: its public address, and where its forms
/// are answered.
#[derive(Debug, Clone, Default)]
pub struct SiteUrls {
    /// The public address of the pages, without a trailing slash, for
    /// canonical links, the feed and the sitemap.
    pub base: String,
    /// Where the consultation form, search and team filters are answered:
    /// empty for this server, or the origin of a `hearth serve` elsewhere when
    /// the pages are exported to a static host (`HEARTH_FORM_ORIGIN`).
    pub forms: String,
    /// No server answers the forms (`hearth build` without
    /// `--form-origin`): every link to the consultation form is the
    /// practice's phone number instead, and says to call.
    pub calls_only: bool,
}

impl SiteUrls {
    /// `path` as a full address, for canonical links, the feed, the
    /// sitemap and JSON-LD.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `path` of a form's handler, on the server that answers forms.
    pub fn form(&self, path: &str) -> String {
        format!("{}{path}", self.forms)
    }

    /// `path` of a form's handler as a whole address, for links in emails:
    /// on the server that answers forms, wherever the pages are.
    pub fn form_absolute(&self, path: &str) -> String {
        if self.forms_elsewhere() {
            self.form(path)
        } else {
            self.absolute(path)
        }
    }

    /// Where a link to the consultation form at `path` goes: the form on
    /// the server that answers it, or `phone` (a `tel:` address) when no
    /// server does.
    pub fn consultation_link(&self, path: &str, phone: &str) -> String {
        if self.calls_only {
            phone.to_owned()
        } else {
            self.form(path)
        }
    }

    /// Whether the pages are exported and another server answers forms.
    pub fn forms_elsewhere(&self) -> bool {
        !self.forms.is_empty()
    }

    pub fn is_https(&self) -> bool {
        self.base.starts_with("https://")
    }

    /// The pages' origin as browsers send it in `Origin`
    /// (`https://example.org/practice` → `https://example.org`), read by
    /// `url` so ports and international names are written as browsers
    /// write them. `None` for a base that is no URL (config refuses those).
    pub fn origin(&self) -> Option<String> {
        let origin = url::Url::parse(&self.base).ok()?.origin();
        origin.is_tuple().then(|| origin.ascii_serialization())
    }
}

/// An ASCII slug for `text` in any script: letters transliterated
/// ("Elena Márquez-Whitaker" → `elena-marquez-whitaker`, "Pérdida y duelo"
/// → `perdida-y-duelo`), lowercase letters and digits joined by single
/// `-`, punctuation dropped ("What's next?" → `whats-next`). `None` when
/// nothing of `text` can be written in ASCII letters or digits.
pub fn slugify(text: &str) -> Option<String> {
    // Characters with no ASCII form (most emoji, private-use) are dropped.
    let ascii = deunicode::deunicode_with_tofu(text, "");
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_separator = false;
    for letter in ascii.chars() {
        if letter.is_ascii_alphanumeric() {
            if pending_separator && !slug.is_empty() {
                slug.push('-');
            }
            pending_separator = false;
            slug.push(letter.to_ascii_lowercase());
        } else if letter.is_whitespace() || matches!(letter, '-' | '_' | '/' | '.' | '+') {
            pending_separator = true;
        }
    }
    (!slug.is_empty()).then_some(slug)
}

/// Whether `text` is already a slug [`slugify`] could make.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && text
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_become_ascii_slugs() {
        let cases = [
            ("Elena Márquez-Whitaker", "elena-marquez-whitaker"),
            ("Pérdida y duelo", "perdida-y-duelo"),
            ("What's next?", "whats-next"),
            ("  Grief — and hope  ", "grief-and-hope"),
            ("Zoë O'Brien", "zoe-obrien"),
            ("Ørjan Łukasz", "orjan-lukasz"),
            ("Нина Петрова", "nina-petrova"),
            ("Γιώργος", "giorgos"),
            ("2026 plans", "2026-plans"),
        ];
        for (name, slug) in cases {
            assert_eq!(slugify(name).as_deref(), Some(slug), "{name}");
        }
    }

    #[test]
    fn names_with_no_letters_have_no_slug() {
        assert_eq!(slugify(""), None);
        assert_eq!(slugify("?!… —"), None);
    }

    #[test]
    fn reserved_names_include_every_route() {
        for route in routes::SINGLE
            .iter()
            .filter(|route| **route != routes::HOME)
        {
            let first = route.split('/').nth(1).expect("routes start with a slash");
            assert!(is_reserved_page_slug(first), "{route}");
        }
        assert!(is_reserved_page_slug("Search"));
        assert!(!is_reserved_page_slug("fees"));
    }

    #[test]
    fn paths_of_the_default_language() {
        let paths = Paths::root();
        assert_eq!(paths.home(), "/");
        assert_eq!(paths.blog_page(1), "/blog");
        assert_eq!(paths.blog_page(3), "/blog/page/3");
        assert_eq!(paths.post("grief"), "/blog/grief");
        assert_eq!(paths.tag("perdida"), "/blog/tags/perdida");
        assert_eq!(paths.therapist("elena"), "/therapists/elena");
        assert_eq!(paths.service("couples"), "/services/couples");
        assert_eq!(paths.page("fees"), "/fees");
        assert_eq!(
            paths.consultation_with("elena"),
            "/consultation?therapist=elena"
        );
        assert_eq!(static_relative("/static/site.css"), Some("site.css"));
        assert_eq!(static_relative("/staticky"), None);
    }

    /// Display forms of slugs lead to their ASCII address; what is already
    /// a slug, or has no letters, leads nowhere.
    #[test]
    fn display_forms_have_an_ascii_form() {
        let cases = [
            ("/blog/tags/p%C3%A9rdida", Some("/blog/tags/perdida")),
            (
                "/therapists/elena-m%C3%A1rquez",
                Some("/therapists/elena-marquez"),
            ),
            (
                "/therapists/Elena-M%C3%A1rquez",
                Some("/therapists/elena-marquez"),
            ),
            ("/About", Some("/about")),
            ("/blog/tags/perdida", None),
            ("/", None),
            ("/blog/%EE%80%80", None),
            ("/blog/%ZZ", Some("/blog/zz")),
            ("/blog/%FF%FE", None),
            ("", None),
        ];
        for (path, ascii) in cases {
            assert_eq!(ascii_form(path).as_deref(), ascii, "{path}");
        }
    }

    #[test]
    fn the_origin_is_what_browsers_send() {
        let cases = [
            (
                "https://harborlight.example/practice",
                Some("https://harborlight.example"),
            ),
            ("http://127.0.0.1:8080", Some("http://127.0.0.1:8080")),
            (
                "https://harborlight.example:443/",
                Some("https://harborlight.example"),
            ),
            (
                "https://clínica.example",
                Some("https://xn--clnica-4va.example"),
            ),
            ("not a url", None),
        ];
        for (base, origin) in cases {
            let urls = SiteUrls {
                base: base.into(),
                forms: String::new(),
                calls_only: false,
            };
            assert_eq!(urls.origin().as_deref(), origin, "{base}");
        }
    }

    proptest! {
        /// Any path at all has an answer, and the answer is a path whose
        /// last segment is a slug, so following it cannot loop.
        #[test]
        fn ascii_forms_end_in_a_slug(path in any::<String>()) {
            if let Some(ascii) = ascii_form(&path) {
                let last = ascii.rsplit('/').next().unwrap_or_default();
                prop_assert!(is_slug(last), "{ascii:?} from {path:?}");
                prop_assert_eq!(ascii_form(&ascii), None);
            }
        }

        /// Any base at all gives no origin or an ASCII one with no path,
        /// which is its own origin, and never a panic.
        #[test]
        fn any_base_has_no_origin_or_a_bare_one(base in "\\PC{0,20}(://\\PC{0,20}(/\\PC{0,10})?)?") {
            let urls = SiteUrls { base: base.clone(), ..SiteUrls::default() };
            if let Some(origin) = urls.origin() {
                prop_assert!(origin.is_ascii(), "{origin:?} from {base:?}");
                let (_, authority) = origin.split_once("://").expect("an origin has a scheme");
                prop_assert!(!authority.contains('/'), "{origin:?} from {base:?}");
                let again = SiteUrls { base: origin.clone(), ..SiteUrls::default() };
                prop_assert_eq!(again.origin(), Some(origin));
            }
        }

        #[test]
        fn slugs_are_ascii_words_joined_by_dashes(text in any::<String>()) {
            if let Some(slug) = slugify(&text) {
                prop_assert!(is_slug(&slug), "{slug:?} from {text:?}");
                prop_assert_eq!(slugify(&slug), Some(slug.clone()));
            }
        }

        #[test]
        fn text_with_an_ascii_letter_has_a_slug(
            before in any::<String>(),
            letter in "[a-zA-Z0-9]",
            after in any::<String>(),
        ) {
            let text = format!("{before}{letter}{after}");
            prop_assert!(slugify(&text).is_some());
        }
    }
}
