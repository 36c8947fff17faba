//! What templates see: plain, ready-to-print values built from the model, so
//! templates hold no logic beyond loops and conditions, and a change to the
//! content model does not ripple into HTML.

use std::sync::Arc;

use fluent_bundle::FluentValue;
use jiff::civil::{Date, Weekday};

use super::assets::Assets;
use crate::content::markdown::{Rendered, TocEntry};
use crate::content::model::{
    Format, Image, OpeningHours, Payment, Post, Service, SessionKind, Site, Therapist,
};
use crate::i18n::Catalog;
use crate::urls::{Paths, SiteUrls};

/// Site-wide parts of every page: head, header, footer.
pub struct Chrome {
    /// The interface's words in the page's language: templates write every
    /// phrase of their own through [`Chrome::t`], never as literal text.
    pub words: Arc<Catalog>,
    /// The `<title>`: page title, then the practice's name.
    pub title: String,
    pub description: String,
    /// Absent on error pages, which answer many addresses.
    pub canonical: Option<String>,
    pub practice: String,
    pub nav: Vec<NavLink>,
    /// The footer's links to the pages every practice has.
    pub footer_pages: Vec<NavLink>,
    pub crisis: String,
    pub phone: String,
    pub phone_href: String,
    /// No server answers the consultation form (an export without one):
    /// its links are the phone number, and say to call.
    pub calls_only: bool,
    pub email: String,
    pub street: String,
    pub locality: String,
    pub hours: Vec<String>,
    pub year: i16,
    /// Fingerprinted, so they can be cached for a year.
    pub stylesheet: String,
    pub favicon: String,
    /// The addresses every page may link to.
    pub links: SiteLinks,
    /// The city of the office, for sentences that name it.
    pub city: String,
    /// A notice above the content, in editors' previews only (e.g. "Draft").
    pub banner: Option<String>,
    /// The title when shared: the page's own, without the practice's name.
    pub share_title: String,
    /// OpenGraph type: website, article or profile.
    pub share_type: &'static str,
    /// The picture when shared, as an absolute URL: the page's own or the practice's.
    pub share_image: Option<ImageView>,
    /// schema.org JSON-LD blocks, ready to place unescaped.
    pub json_ld: Vec<String>,
    /// This page in every language it exists in, itself included, as
    /// `hreflang` links; empty when it exists in one language only.
    pub alternates: Vec<Alternate>,
    /// The default language's version, for `hreflang="x-default"`.
    pub x_default: Option<String>,
    /// The header's links to the site's other languages.
    pub switcher: Vec<LanguageLink>,
    /// The "Leave this site quickly" link, first on the page, when the
    /// practice turned it on.
    pub quick_exit: Option<QuickExit>,
    /// The footer's links to the language assistance notice, each in its
    /// own language.
    pub assistance: Vec<AssistanceLink>,
}

pub struct QuickExit {
    /// Where it leaves to.
    pub href: String,
    /// The script that also leaves on Escape, fingerprinted.
    pub script: String,
    /// The page that says what the quick exit does and does not do.
    pub explanation: String,
}

/// "Ayuda gratuita con el idioma", linking to the Spanish notice.
pub struct AssistanceLink {
    pub code: &'static str,
    pub direction: &'static str,
    pub label: &'static str,
    pub href: String,
}

/// One language's version of a page.
pub struct Alternate {
    pub hreflang: String,
    /// Absolute, as search engines want alternates.
    pub href: String,
}

/// A link to another language of the site, labelled in that language.
pub struct LanguageLink {
    /// The language's code, for `lang` and `hreflang`.
    pub code: String,
    /// The language's own name for itself ("Español").
    pub label: String,
    /// This page in that language, or that language's home page.
    pub href: String,
}

impl Chrome {
    /// The catalog's message `id`, for a template: `{{ chrome.t("skip-link") }}`.
    pub fn t(&self, id: &str) -> String {
        self.words.message(id, &[])
    }

    /// The catalog's message `id` with one argument, for a template:
    /// `{{ chrome.t_with("feed-title", "practice", chrome.practice) }}`.
    pub fn t_with(&self, id: &str, name: &str, value: impl AsRef<str>) -> String {
        self.words
            .message(id, &[(name, FluentValue::from(value.as_ref()))])
    }

    /// The catalog's message `id` with two arguments.
    pub fn t2(&self, id: &str, first: &str, one: &str, second: &str, other: &str) -> String {
        let args =
            [(first, one), (second, other)].map(|(name, value)| (name, FluentValue::from(value)));
        self.words.message(id, &args)
    }

    /// The catalog's message `id` for a number `count`, whose variants
    /// follow the language's plural rules: `{{ chrome.t_count("post-words", words) }}`.
    pub fn t_count(&self, id: &str, count: impl std::borrow::Borrow<usize>) -> String {
        self.words
            .message(id, &[("count", FluentValue::from(*count.borrow()))])
    }
}

/// The addresses of the site's fixed pages, for the header, the footer and
/// the links between sections, made once per rendering from [`Paths`].
#[derive(Debug, Clone)]
pub struct SiteLinks {
    pub home: String,
    pub blog: String,
    pub team: String,
    pub services: String,
    pub feed: String,
    /// The consultation form, on the server that answers forms (another
    /// origin when the pages are on a static host).
    pub consultation: String,
    /// Where the consultation form posts: the form page is always served by
    /// the server that answers it, so this is a path of its own origin.
    pub consultation_action: String,
    /// The search page and its form, on the server that answers forms.
    pub search: String,
    /// Where the team filters are answered, on the server that answers forms.
    pub team_filters: String,
    /// The pages every practice has ([`crate::content::model::REQUIRED_PAGES`]),
    /// linked from the footer.
    pub about: String,
    pub fees: String,
    pub faq: String,
    pub privacy: String,
    pub accessibility: String,
}

impl SiteLinks {
    pub fn new(paths: &Paths, urls: &SiteUrls) -> SiteLinks {
        SiteLinks {
            home: paths.home(),
            blog: paths.blog(),
            team: paths.team(),
            services: paths.services(),
            feed: paths.feed(),
            consultation: urls.form(&paths.consultation()),
            consultation_action: paths.consultation(),
            search: urls.form(&paths.search()),
            team_filters: urls.form(&paths.team()),
            about: paths.page("about"),
            fees: paths.page("fees"),
            faq: paths.page("faq"),
            privacy: paths.page("privacy"),
            accessibility: paths.page("accessibility"),
        }
    }
}

pub struct NavLink {
    pub label: String,
    pub href: String,
    /// The language of a page that is not in the page's own language.
    pub lang: Option<String>,
    /// `aria-current`: `page` on the link to this page, `true` on the link
    /// to the section this page is in.
    pub current: Option<&'static str>,
}

/// A post in a list.
pub struct PostCard {
    pub url: String,
    pub title: String,
    pub date: DateView,
    pub summary: String,
    /// "6 min read", in the site's language.
    pub reading_time: String,
    pub author: String,
    pub tags: Vec<TagLink>,
}

pub struct TagLink {
    pub name: String,
    pub url: String,
}

/// A date as a machine value and as a reader sees it.
pub struct DateView {
    /// `2026-10-14`, for `<time datetime>`.
    pub iso: String,
    /// `October 14, 2026`.
    pub human: String,
}

impl DateView {
    pub fn new(date: Date, catalog: &Catalog) -> DateView {
        DateView {
            iso: date.to_string(),
            human: catalog.long_date(date),
        }
    }
}

/// A therapist in a list or on a card.
pub struct TherapistCard {
    pub url: String,
    pub name: String,
    pub credentials: String,
    pub pronouns: String,
    pub title: String,
    pub photo: Option<ImageView>,
    pub initials: String,
    pub accepting: bool,
    pub formats: String,
    pub specialties: String,
    /// The bio's opening, for author cards under posts.
    pub teaser: String,
    /// The language of the profile when it is not the page's (an English
    /// bio linked from a Spanish article), and that language's name.
    pub lang: Option<String>,
    pub lang_name: String,
    /// "$180 per individual session · Sliding scale · Aetna", in the
    /// page's language; empty when the practice says nothing of fees.
    pub payment: String,
}

/// What a profile says of fees and insurance, in the page's language.
pub struct PaymentView {
    /// "Individual session: $180", and the sliding scale and superbills
    /// when offered.
    pub fees: Vec<String>,
    /// The plans' names, "Does not bill insurance plans directly" for none,
    /// or empty when nothing is said.
    pub insurance: String,
}

impl PaymentView {
    pub fn new(payment: &Payment, words: &Catalog) -> PaymentView {
        let mut fees: Vec<String> = (payment.fees.iter())
            .map(|(kind, dollars)| {
                words.message(
                    "fits-fee-line",
                    &[
                        ("kind", words.message(kind.label(), &[]).into()),
                        ("amount", dollars.to_string().into()),
                    ],
                )
            })
            .collect();
        if payment.sliding_scale {
            fees.push(words.message("fits-sliding-scale-offered", &[]));
        }
        if payment.superbills {
            fees.push(words.message("fits-superbills-offered", &[]));
        }
        let insurance = match &payment.insurance {
            None => String::new(),
            Some(plans) if plans.is_empty() => words.message("fits-insurance-none", &[]),
            Some(plans) => plans
                .iter()
                .map(|plan| plan.name)
                .collect::<Vec<_>>()
                .join(", "),
        };
        PaymentView { fees, insurance }
    }
}

/// The plans named in full on a card; more are counted.
const CARD_PLANS: usize = 3;

/// A card's one line on fees: the individual fee (the lowest, when there is
/// none), the sliding scale, and the plans, or superbills for none.
pub fn payment_line(payment: &Payment, words: &Catalog) -> String {
    let amount = |dollars: u32| [("amount", FluentValue::from(dollars.to_string()))];
    let fee = match payment.fee(SessionKind::Individual) {
        Some(dollars) => Some(words.message("fits-card-fee-individual", &amount(dollars))),
        None => (payment.fees.iter().map(|(_, dollars)| *dollars).min())
            .map(|dollars| words.message("fits-card-fee-from", &amount(dollars))),
    };
    let sliding = (payment.sliding_scale).then(|| words.message("fits-card-sliding-scale", &[]));
    let plans = payment.insurance.as_deref().unwrap_or_default();
    let insurance = if plans.is_empty() {
        payment
            .superbills
            .then(|| words.message("fits-card-superbills", &[]))
    } else {
        let named: Vec<&str> = plans
            .iter()
            .take(CARD_PLANS)
            .map(|plan| plan.name)
            .collect();
        let named = named.join(", ");
        Some(
            match plans.len().checked_sub(CARD_PLANS).filter(|more| *more > 0) {
                Some(more) => words.message(
                    "fits-card-insurance-more",
                    &[("plans", named.into()), ("count", FluentValue::from(more))],
                ),
                None => named,
            },
        )
    };
    [fee, sliding, insurance]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

pub struct ImageView {
    pub src: String,
    pub alt: String,
    /// WebP variants for `<picture>`, when the image is a photo.
    pub srcset: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

impl ImageView {
    /// The image with its resized variants and dimensions, when it has them.
    pub fn new(image: &Image, assets: &Assets) -> ImageView {
        let picture = assets.picture(&image.src);
        ImageView {
            src: image.src.clone(),
            alt: image.alt.clone(),
            srcset: picture.map(|picture| picture.srcset.clone()),
            width: picture.map(|picture| picture.width),
            height: picture.map(|picture| picture.height),
        }
    }

    /// An image used as it is (the picture shared on social sites).
    pub fn plain(src: String, alt: String) -> ImageView {
        ImageView {
            src,
            alt,
            srcset: None,
            width: None,
            height: None,
        }
    }
}

pub struct ServiceCard {
    pub url: String,
    pub title: String,
    pub summary: String,
}

/// A rendered markdown body with its table of contents.
pub struct Body {
    pub html: String,
    pub toc: Vec<TocEntry>,
}

impl Body {
    /// Long articles (three or more h2 sections) get a table of contents.
    pub fn from_rendered(rendered: &Rendered, with_toc: bool, assets: &Assets) -> Body {
        Body {
            html: assets.with_pictures(&rendered.html),
            toc: if with_toc && rendered.section_count() >= 3 {
                rendered.toc.clone()
            } else {
                Vec::new()
            },
        }
    }
}

/// A post's card; `author` is looked up by the caller, in whichever
/// language the author's profile exists.
pub fn post_card(site: &Site, paths: &Paths, post: &Post, author: Option<&Therapist>) -> PostCard {
    PostCard {
        url: paths.post(&post.slug),
        title: post.title.clone(),
        date: DateView::new(post.date, site.settings.catalog()),
        summary: truncate(&post.summary, 220),
        reading_time: site
            .settings
            .catalog()
            .reading_time(post.body.reading_minutes()),
        author: author
            .map(|therapist| therapist.name.clone())
            .unwrap_or_default(),
        tags: post
            .tags
            .iter()
            .map(|tag| TagLink {
                name: tag.name.clone(),
                url: paths.tag(&tag.slug),
            })
            .collect(),
    }
}

/// A therapist's card in `words`' language. `profile_language` is the
/// language of the profile it links to when that is another one.
pub fn therapist_card(
    therapist: &Therapist,
    paths: &Paths,
    assets: &Assets,
    words: &Catalog,
    profile_language: Option<&crate::i18n::Language>,
) -> TherapistCard {
    TherapistCard {
        url: paths.therapist(&therapist.slug),
        name: therapist.name.clone(),
        credentials: therapist.credentials.clone(),
        pronouns: therapist.pronouns.clone().unwrap_or_default(),
        title: therapist.title.clone(),
        photo: therapist
            .photo
            .as_ref()
            .map(|photo| ImageView::new(photo, assets)),
        initials: therapist.initials(),
        accepting: therapist.accepting_new_clients,
        formats: formats_label(&therapist.formats, words),
        specialties: therapist.specialties.join(", "),
        teaser: truncate(&therapist.bio.first_paragraph, 200),
        lang: profile_language.map(|language| language.code().to_owned()),
        lang_name: profile_language
            .map_or_else(String::new, |language| words.language_name(language)),
        payment: payment_line(&therapist.payment, words),
    }
}

pub fn service_card(service: &Service, paths: &Paths) -> ServiceCard {
    ServiceCard {
        url: paths.service(&service.slug),
        title: service.title.clone(),
        summary: service.summary.clone(),
    }
}

/// "In person and Online", in `words`' language.
pub fn formats_label(formats: &[Format], words: &Catalog) -> String {
    let labels: Vec<String> = Format::ALL
        .iter()
        .filter(|format| formats.contains(format))
        .map(|format| words.message(format.label(), &[]))
        .collect();
    words.list_and(&labels)
}

/// Cuts `text` at a word boundary so it fits in `limit` characters, adding an ellipsis.
pub fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let cut: String = text.chars().take(limit).collect();
    let end = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    let kept = cut[..end].trim_end_matches(|character: char| {
        character.is_whitespace() || matches!(character, ',' | ';' | ':' | '.' | '—' | '–')
    });
    format!("{kept}…")
}

/// "Monday to Thursday, 8:00 AM to 7:00 PM", in `words`' language: day
/// names and times from CLDR.
pub fn hours_line(hours: &OpeningHours, words: &Catalog) -> String {
    words.message(
        "hours-line",
        &[
            ("days", days_label(&hours.days, words).into()),
            ("opens", words.time_of_day(hours.opens).into()),
            ("closes", words.time_of_day(hours.closes).into()),
        ],
    )
}

fn days_label(days: &[Weekday], words: &Catalog) -> String {
    let consecutive = days
        .windows(2)
        .all(|pair| pair[0].to_monday_one_offset() + 1 == pair[1].to_monday_one_offset());
    match days {
        [] => String::new(),
        [only] => words.weekday(*only),
        [first, .., last] if consecutive && days.len() > 2 => words.message(
            "hours-day-range",
            &[
                ("first", words.weekday(*first).into()),
                ("last", words.weekday(*last).into()),
            ],
        ),
        _ => {
            let names: Vec<String> = days.iter().map(|day| words.weekday(*day)).collect();
            names.join(", ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;
    use jiff::civil::Time;

    /// Long summaries are cut at a word, never mid-word, and marked.
    #[test]
    fn truncates_at_words() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("one two three four", 12), "one two…");
        assert_eq!(truncate("one two, three", 9), "one two…");
    }

    /// Opening hours read as people say them.
    #[test]
    fn hours_read_naturally() {
        let hours = OpeningHours {
            days: vec![
                Weekday::Monday,
                Weekday::Tuesday,
                Weekday::Wednesday,
                Weekday::Thursday,
            ],
            opens: Time::constant(8, 0, 0, 0),
            closes: Time::constant(19, 30, 0, 0),
        };
        let english = Catalog::built_in(&Language::english());
        let spanish = Catalog::built_in(&Language::parse("es").unwrap());
        let line = |hours: &OpeningHours, words: &Catalog| {
            hours_line(hours, words).replace('\u{202f}', " ")
        };
        assert_eq!(
            line(&hours, &english),
            "Monday to Thursday, 8:00 AM to 7:30 PM"
        );
        assert_eq!(
            line(&hours, &spanish),
            "De lunes a jueves, de 08:00 a 19:30"
        );
        let hours = OpeningHours {
            days: vec![Weekday::Monday, Weekday::Wednesday],
            opens: Time::constant(12, 0, 0, 0),
            closes: Time::constant(0, 0, 0, 0),
        };
        assert_eq!(
            line(&hours, &english),
            "Monday, Wednesday, 12:00 PM to 12:00 AM"
        );
    }

    /// Dates print in full for readers and as ISO for machines.
    #[test]
    fn dates() {
        let view = DateView::new(
            Date::constant(2026, 6, 3),
            &Catalog::built_in(&Language::english()),
        );
        assert_eq!(view.iso, "2026-06-03");
        assert_eq!(view.human, "June 3, 2026");
    }
}
