//! The pages Hearth writes itself when `site.yaml` asks for them: what the
//! quick exit does, the language assistance notice and the notice of
//! nondiscrimination. Their words come from the catalogs, so they exist in
//! every language of the site; the language assistance notice also speaks
//! each language it lists, in that language.

use askama::Template;

use super::views::Chrome;
use super::{RenderError, Renderer};
use crate::content::model::Settings;
use crate::i18n::assistance::Assistance;
use crate::urls::Paths;

/// One of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    QuickExit,
    LanguageAssistance,
    Nondiscrimination,
}

impl Notice {
    /// The notices `settings` turn on.
    pub fn of(settings: &Settings) -> Vec<Notice> {
        [
            (settings.quick_exit.is_some(), Notice::QuickExit),
            (
                !settings.language_assistance.is_empty(),
                Notice::LanguageAssistance,
            ),
            (settings.nondiscrimination_notice, Notice::Nondiscrimination),
        ]
        .into_iter()
        .filter_map(|(on, notice)| on.then_some(notice))
        .collect()
    }

    pub fn path(self, paths: &Paths) -> String {
        match self {
            Notice::QuickExit => paths.quick_exit(),
            Notice::LanguageAssistance => paths.language_assistance(),
            Notice::Nondiscrimination => paths.nondiscrimination(),
        }
    }

    /// The same in every language, for `hreflang`.
    pub fn subject(self) -> &'static str {
        match self {
            Notice::QuickExit => "notice:quick-exit",
            Notice::LanguageAssistance => "notice:language-assistance",
            Notice::Nondiscrimination => "notice:nondiscrimination",
        }
    }

    /// The catalog's ids of the title and the description.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Notice::QuickExit => ("quick-exit-title", "quick-exit-description"),
            Notice::LanguageAssistance => ("assistance-title", "assistance-description"),
            Notice::Nondiscrimination => {
                ("nondiscrimination-title", "nondiscrimination-description")
            }
        }
    }
}

/// The notice that free language assistance is available, in one language.
pub struct AssistanceView {
    pub code: &'static str,
    pub name: &'static str,
    pub direction: &'static str,
    pub before_phone: &'static str,
    pub after_phone: &'static str,
}

impl From<&Assistance> for AssistanceView {
    fn from(assistance: &Assistance) -> AssistanceView {
        let (before_phone, after_phone) = assistance.around_phone();
        AssistanceView {
            code: assistance.code,
            name: assistance.name,
            direction: assistance.direction(),
            before_phone,
            after_phone,
        }
    }
}

/// A link the page ends with.
pub struct NoticeLink {
    pub label: String,
    pub href: &'static str,
}

#[derive(Template)]
#[template(path = "notice.html")]
struct NoticeTemplate {
    chrome: Chrome,
    title: String,
    paragraphs: Vec<String>,
    /// Headed "In your language", on the language assistance page.
    assistance: Vec<AssistanceView>,
    links: Vec<NoticeLink>,
}

/// Where visitors may complain to the federal government (45 CFR 92.10(a)(1)(iv)).
const OCR_PORTAL: &str = "https://ocrportal.hhs.gov/ocr/portal/lobby.jsf";
const OCR_FORMS: &str = "https://www.hhs.gov/ocr/complaints/index.html";

impl Renderer<'_> {
    pub(super) fn notice(&self, path: &str, notice: Notice) -> Result<String, RenderError> {
        let settings = &self.site.settings;
        let say = |id: &str, args: &[(&str, &str)]| self.say(id, args);
        let (title, description) = notice.words();
        let mut template = NoticeTemplate {
            chrome: self.chrome(path, &say(title, &[]), &say(description, &[])),
            title: say(title, &[]),
            paragraphs: Vec::new(),
            assistance: Vec::new(),
            links: Vec::new(),
        };
        let phone = settings.phone.as_str();
        match notice {
            Notice::QuickExit => {
                let destination = (settings.quick_exit.as_deref())
                    .and_then(|address| url::Url::parse(address).ok())
                    .and_then(|address| address.host_str().map(str::to_owned))
                    .unwrap_or_default();
                template.paragraphs = vec![
                    say("quick-exit-does", &[("destination", &destination)]),
                    say("quick-exit-does-not", &[]),
                    say("quick-exit-safer", &[]),
                    say("quick-exit-danger", &[]),
                ];
            }
            Notice::LanguageAssistance => {
                template.paragraphs = vec![say("assistance-lede", &[("phone", phone)])];
                template.assistance = (settings.language_assistance.iter())
                    .map(|assistance| AssistanceView::from(*assistance))
                    .collect();
            }
            Notice::Nondiscrimination => {
                let coordinator = settings.coordinator.name.as_str();
                let email = settings.coordinator.email.as_str();
                template.paragraphs = vec![
                    say(
                        "nondiscrimination-complies",
                        &[("practice", &settings.name)],
                    ),
                    say("nondiscrimination-aids", &[]),
                    say("nondiscrimination-languages", &[]),
                    say(
                        "nondiscrimination-contact",
                        &[
                            ("coordinator", coordinator),
                            ("phone", phone),
                            ("email", email),
                        ],
                    ),
                    say("nondiscrimination-ocr", &[]),
                ];
                template.links = vec![
                    NoticeLink {
                        label: say("nondiscrimination-ocr-portal", &[]),
                        href: OCR_PORTAL,
                    },
                    NoticeLink {
                        label: say("nondiscrimination-ocr-forms", &[]),
                        href: OCR_FORMS,
                    },
                ];
            }
        }
        self.finish(path, &template)
    }
}
