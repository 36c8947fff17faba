//! The site in each of its languages: which pages exist in which language,
//! so every page can name its translations (`hreflang`, the sitemap's
//! alternates, the language switcher) and a link to a page that has no
//! translation can say so.
//!
//! A page is known by its subject, the same in every language
//! (`post:KEY`, `team`), and each language has its own address for it, or
//! none when it is not translated.

use std::collections::HashMap;

use super::notices::Notice;
use super::views::{Alternate, LanguageLink, NavLink};
use super::{Renderer, aria_current};
use crate::content::model::{NavItem, Page, Site};
use crate::i18n::Language;
use crate::urls::{self, Paths};

/// One language of the site as it is rendered: its content and where its
/// pages are.
pub struct Edition<'a> {
    pub site: &'a Site,
    pub paths: Paths,
}

impl Edition<'_> {
    pub fn language(&self) -> &Language {
        self.site.language()
    }
}

/// The default language at the root, then each translation under its prefix.
pub fn editions(site: &Site) -> Vec<Edition<'_>> {
    let translations = (site.translations.iter()).map(|translation| Edition {
        site: translation,
        paths: Paths::translated(translation.language()),
    });
    std::iter::once(Edition {
        site,
        paths: Paths::root(),
    })
    .chain(translations)
    .collect()
}

/// The address of the page the content file `source` (its place under
/// `content/`, as [`Post::source`](crate::content::model::Post) has it)
/// makes on `site`, in whichever language the file is written: `site.yaml`
/// and its translations make their language's home. `None` when `site`
/// shows no page for it (a draft on the live site, say).
pub fn page_of_source(site: &Site, source: &str) -> Option<String> {
    editions(site).into_iter().find_map(|edition| {
        let (site, paths) = (edition.site, &edition.paths);
        let settings_file = if paths.prefix().is_empty() {
            "site.yaml".to_owned()
        } else {
            format!("site.{}.yaml", site.language().code())
        };
        (site.posts.iter().find(|post| post.source == source))
            .map(|post| paths.post(&post.slug))
            .or_else(|| {
                (site.therapists.iter())
                    .find(|therapist| therapist.source == source)
                    .map(|therapist| paths.therapist(&therapist.slug))
            })
            .or_else(|| {
                (site.services.iter())
                    .find(|service| service.source == source)
                    .map(|service| paths.service(&service.slug))
            })
            .or_else(|| {
                (site.pages.iter())
                    .find(|page| page.source == source)
                    .map(|page| paths.page(&page.slug))
            })
            .or_else(|| (source == settings_file).then(|| paths.home()))
    })
}

/// Every page's address in every language, by subject.
#[derive(Debug, Clone)]
pub struct Addresses {
    /// Per edition, in the editions' order: its language, and each subject's path.
    by_subject: Vec<(Language, HashMap<String, String>)>,
    /// Per edition: each path's subject.
    subject_of: Vec<HashMap<String, String>>,
    /// Per edition: each default-language path that has another address in
    /// this edition, mapped to it (empty for the default language).
    localized: Vec<HashMap<String, String>>,
}

impl Addresses {
    pub fn of(editions: &[Edition<'_>]) -> Addresses {
        let mut by_subject: Vec<(Language, HashMap<String, String>)> =
            Vec::with_capacity(editions.len());
        let mut subject_of = Vec::with_capacity(editions.len());
        for edition in editions {
            let subjects = subjects(edition);
            subject_of.push(
                (subjects.iter())
                    .map(|(subject, path)| (path.clone(), subject.clone()))
                    .collect(),
            );
            by_subject.push((edition.language().clone(), subjects.into_iter().collect()));
        }
        let localized = (by_subject.iter())
            .map(|(_, paths)| {
                (by_subject[0].1.iter())
                    .filter_map(|(subject, default)| {
                        let translated = paths.get(subject)?;
                        (translated != default).then(|| (default.clone(), translated.clone()))
                    })
                    .collect()
            })
            .collect();
        Addresses {
            by_subject,
            subject_of,
            localized,
        }
    }

    /// `html` (a translation's text) with each link to a page of the
    /// default language leading to that page in edition `edition` when it
    /// is translated: editors write `/fees` in `fees.es.md`, and the
    /// Spanish reader lands on `/es/tarifas`. Links to pages that are not
    /// translated stay as written.
    pub fn localize_links(&self, edition: usize, html: &str) -> String {
        match self.localized.get(edition) {
            Some(localized) if !localized.is_empty() => with_links_mapped(html, localized),
            _ => html.to_owned(),
        }
    }

    /// The page at `path` of edition `edition` in every language it exists
    /// in, the default language first, itself included; empty for a page
    /// with no counterpart anywhere (a tag's list, say).
    pub fn alternates(&self, edition: usize, path: &str) -> Vec<(&Language, &str)> {
        let Some(subject) = self
            .subject_of
            .get(edition)
            .and_then(|paths| paths.get(path))
        else {
            return Vec::new();
        };
        let found: Vec<(&Language, &str)> = (self.by_subject.iter())
            .filter_map(|(language, paths)| Some((language, paths.get(subject)?.as_str())))
            .collect();
        if found.len() < 2 { Vec::new() } else { found }
    }

    /// Where `subject` is in edition `edition`, if it is translated there.
    pub fn path(&self, edition: usize, subject: &str) -> Option<&str> {
        let (_, paths) = self.by_subject.get(edition)?;
        paths.get(subject).map(String::as_str)
    }

    /// The languages of the site, in the order `site.yaml` lists them.
    pub fn languages(&self) -> impl Iterator<Item = &Language> {
        self.by_subject.iter().map(|(language, _)| language)
    }
}

/// `html` with each `href` whose path (before any `#` or `?`) is a key of
/// `paths` leading to its value instead. Text from content: every slice
/// is at a position `find` returned, so on a character boundary.
fn with_links_mapped(html: &str, paths: &HashMap<String, String>) -> String {
    const HREF: &str = "href=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(HREF) {
        let start = at + HREF.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('"').unwrap_or(rest.len());
        let target = &rest[..end];
        let path_end = target.find(['#', '?']).unwrap_or(target.len());
        match paths.get(&target[..path_end]) {
            Some(translated) if target.starts_with('/') => {
                out.push_str(translated);
                out.push_str(&target[path_end..]);
            }
            _ => out.push_str(target),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The subject of a page from `pages/`, the same in every language.
pub fn page_subject(key: &str) -> String {
    format!("page:{key}")
}

/// Every page of an edition with its subject.
fn subjects(edition: &Edition<'_>) -> Vec<(String, String)> {
    let Edition { site, paths } = edition;
    let mut found = vec![
        ("home".to_owned(), paths.home()),
        ("team".to_owned(), paths.team()),
        ("services".to_owned(), paths.services()),
        ("search".to_owned(), paths.search()),
        ("consultation".to_owned(), paths.consultation()),
        ("thanks".to_owned(), paths.consultation_thanks()),
        ("feed".to_owned(), paths.feed()),
    ];
    let page_count = site.posts.len().div_ceil(urls::POSTS_PER_BLOG_PAGE).max(1);
    found
        .extend((1..=page_count).map(|number| (format!("blog:{number}"), paths.blog_page(number))));
    found.extend(
        (site.posts.iter()).map(|post| (format!("post:{}", post.key), paths.post(&post.slug))),
    );
    found.extend((site.therapists.iter()).map(|therapist| {
        (
            format!("therapist:{}", therapist.key),
            paths.therapist(&therapist.slug),
        )
    }));
    found.extend((site.services.iter()).map(|service| {
        (
            format!("service:{}", service.key),
            paths.service(&service.slug),
        )
    }));
    found.extend((site.pages.iter()).map(|page| (page_subject(&page.key), paths.page(&page.slug))));
    found.extend(
        (Notice::of(&site.settings).into_iter())
            .map(|notice| (notice.subject().to_owned(), notice.path(paths))),
    );
    found
}

/// The parts of every page that differ by language: the header's and
/// footer's links, `hreflang` alternates and the switcher.
impl Renderer<'_> {
    /// The header's links in this language. A page with no translation is
    /// linked in the default language, and says so.
    pub(super) fn nav(&self, path: &str) -> Vec<NavLink> {
        let words = self.site.settings.catalog();
        let section = |id: &str, href: &String| NavLink {
            current: aria_current(path, href),
            label: words.message(id, &[]),
            href: href.clone(),
            lang: None,
        };
        (self.site.settings.nav.iter())
            .filter_map(|item| match item {
                NavItem::Blog => Some(section("nav-blog", &self.links.blog)),
                NavItem::Team => Some(section("nav-team", &self.links.team)),
                NavItem::Services => Some(section("nav-services", &self.links.services)),
                NavItem::Page(key) => self.page_link(path, key, |page| match key.as_str() {
                    "about" | "fees" | "faq" => words.message(&format!("nav-{key}"), &[]),
                    _ => page.title.clone(),
                }),
            })
            .collect()
    }

    /// The footer's links to the pages every practice has.
    pub(super) fn footer_pages(&self, path: &str) -> Vec<NavLink> {
        let words = self.site.settings.catalog();
        let settings = &self.site.settings;
        let mut links: Vec<NavLink> = ["about", "fees", "faq", "privacy", "accessibility"]
            .into_iter()
            .filter_map(|key| {
                self.page_link(path, key, |_| words.message(&format!("footer-{key}"), &[]))
            })
            .collect();
        if let Some(key) = &settings.health_data_privacy {
            links.extend(self.page_link(path, key, |_| words.message("footer-health-data", &[])));
        }
        if settings.nondiscrimination_notice {
            let href = self.paths.nondiscrimination();
            links.push(NavLink {
                current: aria_current(path, &href),
                label: words.message("footer-nondiscrimination", &[]),
                href,
                lang: None,
            });
        }
        links
    }

    /// A link to the page `key` in this language, or else in the default
    /// one, its label then saying which language it is in.
    fn page_link(&self, path: &str, key: &str, label: impl Fn(&Page) -> String) -> Option<NavLink> {
        if let Some(page) = self.site.page(key) {
            let href = self.paths.page(&page.slug);
            return Some(NavLink {
                current: aria_current(path, &href),
                label: label(page),
                href,
                lang: None,
            });
        }
        let default = &self.editions[0];
        let page = default.site.page(key)?;
        let words = self.site.settings.catalog();
        let label = words.message(
            "in-another-language",
            &[
                ("label", label(page).into()),
                ("language", words.language_name(default.language()).into()),
            ],
        );
        Some(NavLink {
            current: None,
            label,
            href: default.paths.page(&page.slug),
            lang: Some(default.language().code().to_owned()),
        })
    }

    /// `hreflang` alternates, the default language's version, and the
    /// switcher's links for the page at `path`.
    pub(super) fn languages(
        &self,
        path: &str,
    ) -> (Vec<Alternate>, Option<String>, Vec<LanguageLink>) {
        let found = self.addresses.alternates(self.edition, path);
        let alternates = (found.iter())
            .map(|(language, href)| Alternate {
                hreflang: language.code().to_owned(),
                href: self.urls.absolute(href),
            })
            .collect();
        let x_default = (found.first())
            .filter(|(language, _)| *language == self.editions[0].language())
            .map(|(_, href)| self.urls.absolute(href));
        let switcher = (self.editions.iter())
            .filter(|edition| edition.language() != self.site.language())
            .map(|edition| {
                let language = edition.language();
                let href = (found.iter())
                    .find(|(found, _)| *found == language)
                    .map_or_else(|| edition.paths.home(), |(_, href)| (*href).to_owned());
                LanguageLink {
                    code: language.code().to_owned(),
                    label: edition
                        .site
                        .settings
                        .catalog()
                        .message("language-own-name", &[]),
                    href,
                }
            })
            .collect();
        (alternates, x_default, switcher)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fees() -> HashMap<String, String> {
        HashMap::from([("/fees".to_owned(), "/es/tarifas".to_owned())])
    }

    #[test]
    fn links_to_translated_pages_are_mapped_with_their_section() {
        let html = r#"<a href="/fees#good-faith">a</a> <a href="/fees">b</a> <a href="/feeds">c</a> <a href="https://x.example/fees">d</a>"#;
        assert_eq!(
            with_links_mapped(html, &fees()),
            r#"<a href="/es/tarifas#good-faith">a</a> <a href="/es/tarifas">b</a> <a href="/feeds">c</a> <a href="https://x.example/fees">d</a>"#
        );
    }

    fn hostile_html() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        let piece = proptest::prop_oneof![
            1 => proptest::arbitrary::any::<char>().prop_map(String::from),
            4 => proptest::sample::select(vec![
                "href=\"", "\"", "/fees", "/fees/", "#", "?q=ñ", "<a ", ">", "ñ", "北京",
                "🙂", "e\u{301}", "مرحبا", " ", "href=", "/",
            ])
            .prop_map(str::to_owned),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        /// Any text, in any alphabet and with any broken markup, is
        /// rewritten without a panic, and only in its links to the page:
        /// mapping them back gives the text that went in.
        #[test]
        fn any_text_keeps_everything_but_the_mapped_links(html in hostile_html()) {
            proptest::prop_assume!(!html.contains("/es/tarifas"));
            let mapped = with_links_mapped(&html, &fees());
            proptest::prop_assert_eq!(mapped.replace("href=\"/es/tarifas", "href=\"/fees"), html);
        }
    }
}
