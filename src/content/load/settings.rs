//! `site.yaml`: the facts about the practice shown on every page, and the
//! header's links.

use std::path::Path;
use std::sync::Arc;

use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use serde_saphyr::Spanned;

use super::payment::PaymentFields;
use super::{ImageField, Loader, Missing};
use crate::content::errors::{ContentError, located};
use crate::content::files::SiteFile;
use crate::content::model::{
    Address, Coordinator, HEALTH_DATA_STATES, NavItem, OpeningHours, Page, Payment, Settings,
};
use crate::content::rules;
use crate::i18n::assistance::{self, Assistance};
use crate::i18n::{self, Catalog, Language};
use crate::urls::Paths;

/// The sections a `nav` item may name besides pages, by the word `site.yaml` uses.
const SECTIONS: [(&str, NavItem); 3] = [
    ("blog", NavItem::Blog),
    ("therapists", NavItem::Team),
    ("services", NavItem::Services),
];

impl Loader<'_> {
    /// `catalogs` were read first, from `file`'s `languages`.
    pub(super) fn settings(
        &mut self,
        path: &Path,
        file: SiteFile,
        pages: &[Page],
        catalogs: Vec<Arc<Catalog>>,
    ) -> Settings {
        // Where the first state with a health data law is written, for the
        // error if its policy is missing.
        let health_data_state = (file.states.iter())
            .find(|state| HEALTH_DATA_STATES.contains(&state.value.trim().to_uppercase().as_str()))
            .map(|state| (state.value.trim().to_uppercase(), state.referenced));
        let (states, problems) = rules::served_states(path, file.states);
        self.errors.extend(problems);
        self.errors
            .extend(rules::crisis_problem(path, &file.crisis));
        let nav = self.nav(path, file.nav, pages);
        let timezone = self.timezone(path, file.timezone);
        let social_image = ImageField {
            name: "social_image",
            src: file.social_image,
            alt: file.social_image_alt,
        };
        let social_image = self.image(path, social_image, 0);
        let quick_exit = file
            .quick_exit
            .and_then(|address| self.quick_exit(path, address));
        let language_assistance = self.language_assistance(path, file.language_assistance);
        let section_1557 = file.section_1557.filter(|section| section.value);
        if let Some(section) = &section_1557
            && language_assistance.is_empty()
        {
            let message = "`section_1557` asks for a notice that free language assistance is available: list its languages in `language_assistance`";
            self.errors.push(
                located(path, section.referenced, 0, message)
                    .hinted("for example `language_assistance: [es, zh, vi, tl, ko]`, the languages most spoken in your state"),
            );
        }
        let health_data_privacy =
            self.health_data_privacy(path, file.health_data_privacy, health_data_state, pages);
        let consultations =
            (file.consultations).and_then(|consultations| self.consultations(path, consultations));
        let payment = PaymentFields {
            fees: file.fees,
            sliding_scale: file.sliding_scale,
            superbills: file.superbills,
            insurance: file.insurance,
        };
        let payment = self.payment(path, 0, payment, &Payment::default());
        let editors = self.editors(path, file.editors.unwrap_or_default());
        Settings {
            quick_exit,
            editors,
            language_assistance,
            nondiscrimination_notice: section_1557.is_some(),
            health_data_privacy,
            catalogs,
            timezone,
            social_image,
            name: file.name,
            tagline: file.tagline,
            description: file.description,
            address: Address {
                street: file.address.street,
                city: file.address.city,
                region: file.address.region,
                postal_code: file.address.postal_code,
            },
            phone: file.phone,
            coordinator: Coordinator {
                name: file.coordinator.name,
                email: file.coordinator.email,
            },
            consultations,
            hours: file
                .hours
                .into_iter()
                .map(|hours| OpeningHours {
                    days: hours.days.into_iter().map(Weekday::from).collect(),
                    opens: hours.opens,
                    closes: hours.closes,
                })
                .collect(),
            states,
            crisis: file.crisis.trim().to_owned(),
            nav,
            payment,
        }
    }

    /// The editors' addresses, each one Hearth can send a sign-in link to,
    /// once each.
    fn editors(&mut self, path: &Path, listed: Vec<Spanned<String>>) -> Vec<String> {
        let mut editors: Vec<String> = Vec::new();
        for entry in listed {
            match crate::staff::editor_address(&entry.value) {
                Some(address) if editors.contains(&address) => {
                    let message = format!("`{address}` is listed twice in `editors`");
                    self.errors.push(
                        located(path, entry.referenced, 0, message)
                            .hinted("delete one of the two lines"),
                    );
                }
                Some(address) => editors.push(address),
                None => {
                    let message = format!(
                        "`editors` lists \"{}\", which is not an email address a sign-in link can be sent to",
                        entry.value
                    );
                    self.errors
                        .push(located(path, entry.referenced, 0, message).hinted(
                            "write one address per line, such as `- office@harborlight.example`",
                        ));
                }
            }
        }
        editors
    }

    /// The quick exit's address: an absolute http or https one, so the
    /// link leaves the site whatever page it is on.
    fn quick_exit(&mut self, path: &Path, address: Spanned<String>) -> Option<String> {
        match url::Url::parse(address.value.trim()) {
            Ok(url) if matches!(url.scheme(), "https" | "http") && url.host().is_some() => {
                Some(url.to_string())
            }
            _ => {
                let message = format!(
                    "`quick_exit` must be a whole web address, such as https://www.google.com/, not \"{}\"",
                    address.value
                );
                self.errors
                    .push(located(path, address.referenced, 0, message));
                None
            }
        }
    }

    /// The languages of the language assistance notice, each one Hearth
    /// has the notice in.
    fn language_assistance(
        &mut self,
        path: &Path,
        codes: Option<Vec<Spanned<String>>>,
    ) -> Vec<&'static Assistance> {
        let mut languages: Vec<&'static Assistance> = Vec::new();
        for code in codes.unwrap_or_default() {
            match assistance::of(code.value.trim()) {
                Some(language) if languages.contains(&language) => {
                    let message =
                        format!("`{}` is listed twice in `language_assistance`", code.value);
                    self.errors.push(located(path, code.referenced, 0, message));
                }
                Some(language) => languages.push(language),
                None => {
                    let message = format!(
                        "Hearth has no language assistance notice in `{}`: the languages it has are {}",
                        code.value,
                        assistance::codes().join(", ")
                    );
                    self.errors.push(located(path, code.referenced, 0, message));
                }
            }
        }
        languages
    }

    /// The key of the consumer health data privacy page, which the health
    /// data laws of some states require.
    fn health_data_privacy(
        &mut self,
        path: &Path,
        slug: Option<Spanned<String>>,
        health_data_state: Option<(String, serde_saphyr::Location)>,
        pages: &[Page],
    ) -> Option<String> {
        let Some(slug) = slug else {
            if let Some((state, at)) = health_data_state {
                self.errors.push(
                    located(
                        path,
                        at,
                        0,
                        format!(
                            "`states` includes {state}, whose health data law asks for a consumer health data privacy policy linked from the home page: name its page in `health_data_privacy`"
                        ),
                    )
                    .hinted("write the policy as a page, such as pages/consumer-health-data.md, and add `health_data_privacy: consumer-health-data`"),
                );
            }
            return None;
        };
        match pages.iter().find(|page| page.slug == slug.value) {
            Some(page) => Some(page.key.clone()),
            None => {
                let known: Vec<&str> = pages.iter().map(|page| page.slug.as_str()).collect();
                let missing = Missing {
                    what: "page",
                    wrong: &slug.value,
                    known: &known,
                    address: Some(Paths::root().page(&slug.value)),
                };
                self.unknown_reference(path, slug.referenced, 0, missing);
                None
            }
        }
    }

    /// The header's links, each a section of the site or a page.
    fn nav(&mut self, path: &Path, items: Vec<Spanned<String>>, pages: &[Page]) -> Vec<NavItem> {
        let mut nav = Vec::new();
        for item in items {
            let section = SECTIONS.iter().find(|(name, _)| *name == item.value);
            let target = match section {
                Some((_, section)) => Some(section.clone()),
                None => (pages.iter())
                    .find(|page| page.slug == item.value)
                    .map(|page| NavItem::Page(page.key.clone())),
            };
            match target {
                Some(target) => nav.push(target),
                None => {
                    let mut known: Vec<&str> = SECTIONS.iter().map(|(name, _)| *name).collect();
                    for page in pages {
                        if !known.contains(&page.slug.as_str()) {
                            known.push(&page.slug);
                        }
                    }
                    let missing = Missing {
                        what: "nav item",
                        wrong: &item.value,
                        known: &known,
                        address: Some(Paths::root().page(&item.value)),
                    };
                    self.unknown_reference(path, item.referenced, 0, missing);
                }
            }
        }
        nav
    }

    /// Each language's catalog: Hearth's own, corrected by
    /// `content/i18n/<lang>.ftl` when the practice wrote one.
    pub(super) fn catalogs(
        &mut self,
        path: &Path,
        codes: Option<Vec<Spanned<String>>>,
    ) -> Vec<Arc<Catalog>> {
        let catalogs = self.listed_catalogs(path, codes);
        self.unlisted_corrections(&catalogs);
        catalogs
    }

    /// The catalogs of the languages `languages` lists, English when it
    /// lists none that can be used.
    fn listed_catalogs(
        &mut self,
        path: &Path,
        codes: Option<Vec<Spanned<String>>>,
    ) -> Vec<Arc<Catalog>> {
        let Some(codes) = codes.filter(|codes| !codes.is_empty()) else {
            return vec![self.catalog(&Language::english())];
        };
        let mut catalogs: Vec<Arc<Catalog>> = Vec::new();
        for code in codes {
            let language = match Language::parse(&code.value) {
                Ok(language) => language,
                Err(message) => {
                    self.errors.push(located(path, code.referenced, 0, message));
                    continue;
                }
            };
            if catalogs
                .iter()
                .any(|catalog| *catalog.language() == language)
            {
                let message = format!("`{language}` is listed twice in `languages`");
                self.errors.push(located(path, code.referenced, 0, message));
                continue;
            }
            if !language.has_built_in_catalog() && !self.correction_path(&language).exists() {
                let message = format!(
                    "Hearth has no words for `{language}` yet: write them in content/i18n/{language}.ftl, starting from i18n/en.ftl"
                );
                self.errors.push(located(path, code.referenced, 0, message));
                continue;
            }
            catalogs.push(self.catalog(&language));
        }
        if catalogs.is_empty() {
            catalogs.push(Catalog::built_in(&Language::english()));
        }
        catalogs
    }

    /// Where the practice corrects `language`'s words.
    fn correction_path(&self, language: &Language) -> std::path::PathBuf {
        self.sources.content.join(format!("i18n/{language}.ftl"))
    }

    /// One language's catalog with the practice's corrections, if any.
    fn catalog(&mut self, language: &Language) -> Arc<Catalog> {
        let path = self.correction_path(language);
        if !path.exists() {
            return Catalog::built_in(language);
        }
        let Some(text) = self.read(&path) else {
            return Catalog::built_in(language);
        };
        let (catalog, problems) = Catalog::load(language, Some((&path, &text)));
        self.errors.extend(problems);
        if !language.has_built_in_catalog() {
            self.errors.extend(i18n::missing_from(language, &text));
        }
        catalog
    }

    /// A correction file for a language the site does not list is never
    /// read: say so, so an editor's work is not silently ignored.
    fn unlisted_corrections(&mut self, catalogs: &[Arc<Catalog>]) {
        let folder = self.sources.content.join("i18n");
        let Ok(entries) = std::fs::read_dir(&folder) else {
            return;
        };
        let mut unlisted: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "ftl"))
            .filter(|path| {
                let stem = path.file_stem().and_then(|stem| stem.to_str());
                !catalogs
                    .iter()
                    .any(|catalog| Some(catalog.language().code()) == stem)
            })
            .collect();
        unlisted.sort();
        for path in unlisted {
            let code = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            self.errors.push(
                ContentError::new(
                    &path,
                    1,
                    format!("these words for `{code}` are not used: `languages` in site.yaml does not list `{code}`"),
                )
                .hinted(format!("add `{code}` to `languages` in site.yaml, or delete this file"))
                .as_warning(),
            );
        }
    }

    /// The practice's time zone, UTC when none is given.
    fn timezone(&mut self, path: &Path, name: Option<Spanned<String>>) -> TimeZone {
        let Some(name) = name else {
            return TimeZone::UTC;
        };
        TimeZone::get(&name.value).unwrap_or_else(|_| {
            self.errors.push(located(
                path,
                name.referenced,
                0,
                format!(
                    "\"{}\" is not a time zone: use a name such as America/Los_Angeles",
                    name.value
                ),
            ));
            TimeZone::UTC
        })
    }
}

/// Stands in when site.yaml failed, so the other files are still checked.
pub(super) fn placeholder() -> Settings {
    Settings {
        name: String::new(),
        tagline: String::new(),
        description: String::new(),
        address: Address {
            street: String::new(),
            city: String::new(),
            region: String::new(),
            postal_code: String::new(),
        },
        phone: String::new(),
        coordinator: Coordinator {
            name: String::new(),
            email: String::new(),
        },
        consultations: None,
        hours: Vec::new(),
        states: Vec::new(),
        crisis: String::new(),
        nav: Vec::new(),
        timezone: TimeZone::UTC,
        social_image: None,
        catalogs: vec![Catalog::built_in(&Language::english())],
        quick_exit: None,
        editors: Vec::new(),
        language_assistance: Vec::new(),
        nondiscrimination_notice: false,
        health_data_privacy: None,
        payment: Payment::default(),
    }
}
