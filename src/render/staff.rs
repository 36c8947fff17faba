//! The editors' pages under `/staff/`: signing in, the link's button, and
//! the list of everything the content folder holds. Made per request, in
//! the site's default language and its look, so staff see the practice's
//! own site around them; never cached, never indexed.

use askama::Template;

use super::views::Chrome;
use super::{PageContext, RenderError};
use crate::staff::fields::{FormField, Input};
use crate::staff::history::{Action, ChangedLine, Changes, LineKind, MAX_VERSIONS, Version};
use crate::staff::listing::{Group as ListGroup, Listed, State};
use crate::urls::routes;

/// Which staff page to make.
pub enum StaffPage<'a> {
    /// Asks for an address; `typed` is shown again after a refusal.
    SignIn {
        typed: &'a str,
        error: Option<&'static str>,
        /// Shown above the form, such as "You are signed out".
        notice: Option<&'static str>,
    },
    /// What every address gets after asking: the same page for editors
    /// and for anyone else.
    LinkSent,
    /// A link that works: its button signs in.
    Link { action: &'a str, editor: &'a str },
    /// A link that was used, is stale, or was never made here.
    LinkGone,
    /// The signed-in home: every file, with its state, those matching
    /// `query` when there is one, and the form that starts a new file.
    Home {
        editor: &'a str,
        token: &'a str,
        files: &'a [Listed],
        query: &'a str,
        new: NewFile<'a>,
    },
}

/// The home's form that starts a new file, as it was posted.
#[derive(Default)]
pub struct NewFile<'a> {
    /// `post`, `therapist`, `service` or `page`.
    pub kind: &'a str,
    pub title: &'a str,
    /// Why the file was not started, in words.
    pub error: Option<String>,
}

/// The new-file form as the template shows it.
struct NewForm {
    action: String,
    token: String,
    kinds: Vec<(String, String, bool)>,
    title: String,
    error: Option<String>,
}

/// A form that only posts a button (and the session's token, when signed in).
struct ButtonForm {
    action: String,
    token: Option<String>,
    label: String,
}

struct EmailForm {
    action: String,
    typed: String,
    error: Option<String>,
}

struct Group {
    heading: String,
    rows: Vec<Row>,
}

struct Row {
    title: String,
    /// The file's place under `content/`.
    path: String,
    /// A translation's language code.
    language: Option<String>,
    state: String,
    /// The state is a problem to look at.
    troubled: bool,
    /// The live page, when there is one.
    href: Option<String>,
    /// The editor's page for its file.
    edit: String,
}

#[derive(Template)]
#[template(path = "staff.html")]
struct StaffTemplate {
    chrome: Chrome,
    page: StaffContent,
    /// The editor's script, for a preview page.
    script: &'static str,
}

/// What a staff page says, around the site's chrome.
#[derive(Default)]
struct StaffContent {
    heading: String,
    paragraphs: Vec<String>,
    notice: Option<String>,
    email_form: Option<EmailForm>,
    button: Option<ButtonForm>,
    signed_in_as: Option<String>,
    /// The home's search: where it goes and what was asked.
    search: Option<(String, String)>,
    new_form: Option<NewForm>,
    groups: Vec<Group>,
    /// Problems to list, each `file:line: what is wrong`.
    problems: Vec<String>,
    /// The editor's page to go back to.
    back: Option<String>,
    /// The event stream that reloads this page when the editor types, and
    /// the version of the text the page shows.
    preview_events: Option<(String, u64)>,
}

/// A staff page, rendered for `context` (its default language).
pub fn staff_page(context: &PageContext<'_>, page: StaffPage<'_>) -> Result<String, RenderError> {
    context.render(|renderer| {
        let words = renderer.site.settings.catalog();
        let say = |id: &str| words.message(id, &[]);
        let mut template = StaffContent::default();
        let path = match page {
            StaffPage::SignIn {
                typed,
                error,
                notice,
            } => {
                template.heading = say("staff-sign-in-title");
                template.paragraphs = vec![say("staff-sign-in-lede")];
                template.notice = notice.map(say);
                template.email_form = Some(EmailForm {
                    action: routes::STAFF_SIGN_IN.to_owned(),
                    typed: typed.to_owned(),
                    error: error.map(say),
                });
                routes::STAFF_SIGN_IN.to_owned()
            }
            StaffPage::LinkSent => {
                template.heading = say("staff-link-sent-title");
                template.paragraphs = vec![
                    say("staff-link-sent-lede"),
                    say("staff-link-sent-not-arrived"),
                ];
                routes::STAFF_SIGN_IN.to_owned()
            }
            StaffPage::Link { action, editor } => {
                template.heading = say("staff-link-title");
                template.paragraphs =
                    vec![words.message("staff-link-lede", &[("editor", editor.to_owned().into())])];
                template.button = Some(ButtonForm {
                    action: action.to_owned(),
                    token: None,
                    label: say("staff-link-button"),
                });
                action.to_owned()
            }
            StaffPage::LinkGone => {
                template.heading = say("staff-link-gone-title");
                template.paragraphs = vec![say("staff-link-gone-lede")];
                template.email_form = Some(EmailForm {
                    action: routes::STAFF_SIGN_IN.to_owned(),
                    typed: String::new(),
                    error: None,
                });
                routes::STAFF_SIGN_IN.to_owned()
            }
            StaffPage::Home {
                editor,
                token,
                files,
                query,
                new,
            } => {
                template.heading = say("staff-home-title");
                template.paragraphs = vec![say("staff-home-lede")];
                template.signed_in_as = Some(editor.to_owned());
                template.button = Some(ButtonForm {
                    action: routes::STAFF_SIGN_OUT.to_owned(),
                    token: Some(token.to_owned()),
                    label: say("staff-sign-out"),
                });
                template.groups = groups(words, files, query);
                template.search = Some((routes::STAFF_HOME.to_owned(), query.to_owned()));
                template.new_form = Some(NewForm {
                    action: routes::STAFF_NEW.to_owned(),
                    token: token.to_owned(),
                    kinds: ["post", "therapist", "service", "page"]
                        .into_iter()
                        .map(|kind| {
                            let label = say(&format!("staff-new-{kind}"));
                            (kind.to_owned(), label, kind == new.kind)
                        })
                        .collect(),
                    title: new.title.to_owned(),
                    error: new.error,
                });
                routes::STAFF_HOME.to_owned()
            }
        };
        StaffTemplate {
            chrome: staff_chrome(renderer, &path, &template.heading),
            page: template,
            script: routes::STAFF_SCRIPT,
        }
        .render()
        .map_err(|source| RenderError { path, source })
    })
}

/// The site's chrome around a staff page. Staff pages are for the
/// practice's own people: none is a page to share or to find in a search
/// engine, so none names a canonical address.
fn staff_chrome(renderer: &super::Renderer<'_>, path: &str, heading: &str) -> Chrome {
    let mut chrome = renderer.chrome(path, heading, heading);
    chrome.canonical = None;
    chrome
}

/// Every file in its group, those whose title or place has `query` in
/// it (capitals aside) when there is a query.
fn groups(words: &crate::i18n::Catalog, files: &[Listed], query: &str) -> Vec<Group> {
    let say = |id: &str| words.message(id, &[]);
    let query = query.trim().to_lowercase();
    let matches = |file: &&Listed| {
        query.is_empty()
            || file.title.to_lowercase().contains(&query)
            || file.path.to_lowercase().contains(&query)
    };
    let state = |state: &State| match state {
        State::Live => say("staff-state-live"),
        State::Draft => say("staff-state-draft"),
        State::Scheduled(day) => words.message(
            "staff-state-scheduled",
            &[("date", words.long_date(*day).into())],
        ),
        State::NotShown => say("staff-state-not-shown"),
        State::Problems(count) => {
            words.message("staff-state-problems", &[("count", (*count as i64).into())])
        }
    };
    [
        (ListGroup::Posts, "staff-posts"),
        (ListGroup::Therapists, "staff-therapists"),
        (ListGroup::Services, "staff-services"),
        (ListGroup::Pages, "staff-pages"),
        (ListGroup::Settings, "staff-settings"),
    ]
    .into_iter()
    .map(|(group, heading)| Group {
        heading: say(heading),
        rows: (files.iter())
            .filter(|file| file.group == group)
            .filter(matches)
            .map(|file| Row {
                edit: crate::urls::staff_edit(&file.path),
                title: file.title.clone(),
                path: file.path.clone(),
                language: file.language.clone(),
                state: state(&file.state),
                troubled: matches!(file.state, State::Problems(_)),
                href: file.live.clone(),
            })
            .collect(),
    })
    .collect()
}

/// A problem as `file:line: what is wrong`, its file named by its place
/// under `content/`, as editors know their files. `file` is the edited
/// file's absolute path and `path` its place under `content/`.
fn with_place(
    problem: &crate::content::ContentError,
    said: &str,
    file: &std::path::Path,
    path: &str,
) -> String {
    let shown = (file.ancestors())
        .nth(path.split('/').count())
        .and_then(|root| problem.path.strip_prefix(root).ok())
        .map_or_else(
            || problem.path.display().to_string(),
            |inside| inside.display().to_string(),
        );
    format!("{shown}:{}: {said}", problem.line)
}

/// A problem's message with its hint, as the editor's pages show it.
fn said(problem: &crate::content::ContentError) -> String {
    match &problem.hint {
        Some(hint) => format!("{} ({hint})", problem.message),
        None => problem.message.clone(),
    }
}

/// What the preview tab of an unsaved change shows besides the page.
pub struct PreviewView<'a> {
    /// The file's place under `content/`.
    pub path: &'a str,
    /// The file's absolute path.
    pub file: &'a std::path::Path,
    /// The version of the editor's text shown (0 for the file as saved).
    pub version: u64,
}

#[derive(Template)]
#[template(path = "staff_preview_banner.html")]
struct PreviewBanner {
    chrome: Chrome,
    said: String,
    edit: String,
    events: String,
    version: u64,
}

/// The banner over a previewed page: that it is not saved, the way back to
/// the form, and the event stream that reloads it as the editor types.
pub fn preview_banner(
    context: &PageContext<'_>,
    view: &PreviewView<'_>,
) -> Result<String, RenderError> {
    context.render(|renderer| {
        let words = renderer.site.settings.catalog();
        let edit = crate::urls::staff_edit(view.path);
        PreviewBanner {
            chrome: staff_chrome(renderer, &edit, ""),
            said: words.message(
                "staff-preview-banner",
                &[("path", view.path.to_owned().into())],
            ),
            edit: edit.clone(),
            events: crate::urls::staff_preview_events(view.path),
            version: view.version,
        }
        .render()
        .map_err(|source| RenderError { path: edit, source })
    })
}

/// The preview tab's page when there is no page to show: the change's
/// problems (every one, errors first), or that the file makes no page.
pub fn preview_problems(
    context: &PageContext<'_>,
    view: &PreviewView<'_>,
    problems: &[crate::content::ContentError],
) -> Result<String, RenderError> {
    context.render(|renderer| {
        let words = renderer.site.settings.catalog();
        let say = |id: &str| words.message(id, &[]);
        let path = crate::urls::staff_preview(view.path);
        let mut page = StaffContent {
            heading: words.message(
                "staff-preview-title",
                &[("path", view.path.to_owned().into())],
            ),
            ..StaffContent::default()
        };
        if problems.is_empty() {
            page.paragraphs = vec![say("staff-preview-no-page")];
        } else {
            page.paragraphs = vec![say("staff-preview-problems")];
            page.problems = (problems.iter())
                .map(|problem| with_place(problem, &said(problem), view.file, view.path))
                .collect();
        }
        page.back = Some(crate::urls::staff_edit(view.path));
        page.preview_events = Some((crate::urls::staff_preview_events(view.path), view.version));
        StaffTemplate {
            chrome: staff_chrome(renderer, &path, &page.heading),
            page,
            script: routes::STAFF_SCRIPT,
        }
        .render()
        .map_err(|source| RenderError { path, source })
    })
}

/// The editor's page for one file.
pub struct EditView<'a> {
    /// The file's place under `content/`.
    pub path: &'a str,
    pub token: &'a str,
    /// The revision the form saves against.
    pub revision: &'a str,
    pub document: &'a crate::staff::document::Document,
    /// The form's fields, in order, with what each holds.
    pub form: &'a [FormField],
    /// Every problem the last save found, with the file's own lines.
    pub problems: &'a [crate::content::ContentError],
    /// The file's absolute path, to tell its problems from other files'.
    pub file: &'a std::path::Path,
    pub outcome: Option<EditOutcome<'a>>,
    /// The photo group, as the last "Add the photo" left it.
    pub photo: PhotoForm<'a>,
}

/// A catalog message's id and its numbers, to be said in the page's language.
pub type Message = (&'static str, Vec<(&'static str, i64)>);

/// The photo group of the editor's page after "Add the photo" (empty
/// otherwise). Shown for markdown files only, which have a text to put
/// a photo in.
#[derive(Default)]
pub struct PhotoForm<'a> {
    /// The description typed, kept after a refusal.
    pub alt: &'a str,
    /// Whether the photo was to go into the file's photo field, not the
    /// text; `None` before the editor chose (the field, while it is empty).
    pub into_field: Option<bool>,
    /// What is wrong with the photo itself, said beside the file's field.
    pub problem: Option<Message>,
    /// A photo came without its description: said beside that field.
    pub alt_missing: bool,
    /// The photo was added.
    pub added: bool,
    /// The added photo's size, when it is small enough to warn of.
    pub small: Option<(u32, u32)>,
}

/// What the last post did, said above the form.
pub enum EditOutcome<'a> {
    /// Saved, or an earlier version restored; the live page, when the
    /// file has one. Its warnings are the view's problems.
    Saved {
        live: Option<String>,
        restored: bool,
    },
    /// Nothing saved: the change has problems.
    Refused,
    /// Nothing restored: the earlier version, now in the form, has problems.
    RestoreRefused,
    /// Nothing saved: someone saved first; their text.
    Conflict { theirs: &'a str },
    /// A new file's form, not saved yet.
    Unsaved,
}

/// The photo group as the template shows it.
struct PhotoGroup {
    /// The description typed, kept after a refusal.
    alt: String,
    /// Whether "into the file's field" is the checked choice.
    into_field: bool,
    /// The choice of the file's own photo field, when its kind has one.
    field_label: Option<String>,
    /// What the photo may be: its types and the size limit.
    file_hint: String,
    /// Why the photo was refused, beside the file input.
    problem: Option<String>,
    /// That the description is missing, beside its input.
    alt_error: Option<String>,
}

/// One field as the editor's form shows it.
struct EditField {
    name: String,
    /// The input's id; its hint's and problems' ids start with it.
    id: String,
    /// Which input: `text`, `number`, `date`, `boolean`, `list`, `choice`,
    /// `choices` or `yaml`.
    kind: &'static str,
    value: String,
    /// The choices of a select or of checkboxes, with whether each is chosen.
    options: Vec<EditOption>,
    required: bool,
    hint: Option<String>,
    example: Option<String>,
    /// Each problem with its prefix ("Error:", or "Worth a look:" for a warning).
    problems: Vec<(String, String)>,
    /// One of its problems is an error.
    invalid: bool,
    /// The ids of the hint and problems, for `aria-describedby`.
    described_by: String,
    /// A text box's height: a line more than it holds, within reason.
    rows: usize,
}

struct EditOption {
    value: String,
    label: String,
    selected: bool,
}

impl EditField {
    fn of(
        index: usize,
        field: &FormField,
        say: &dyn Fn(&str) -> String,
        say_with: &dyn Fn(&str, &str, &str) -> String,
    ) -> EditField {
        let option = |value: &str, label: String, selected: bool| EditOption {
            value: value.to_owned(),
            label,
            selected,
        };
        let (kind, options) = match &field.input {
            Input::Text => ("text", Vec::new()),
            Input::Number => ("number", Vec::new()),
            Input::Date => ("date", Vec::new()),
            Input::Boolean => (
                "boolean",
                vec![
                    option("true", say("staff-yes"), field.shown == "true"),
                    option("false", say("staff-no"), field.shown == "false"),
                ],
            ),
            Input::List => ("list", Vec::new()),
            Input::Choice(choices) => (
                "choice",
                (choices.iter())
                    .map(|choice| {
                        let label = format!("{} ({})", choice.label, choice.value);
                        option(&choice.value, label, choice.value == field.shown)
                    })
                    .collect(),
            ),
            Input::Choices(choices) => (
                "choices",
                (choices.iter())
                    .map(|choice| {
                        let chosen = field.chosen.contains(&choice.value);
                        option(&choice.value, choice.label.clone(), chosen)
                    })
                    .collect(),
            ),
            Input::Yaml => ("yaml", Vec::new()),
        };
        EditField {
            name: field.name.clone(),
            id: format!("field-{index}"),
            kind,
            value: field.shown.clone(),
            options,
            required: field.required,
            hint: {
                let needed = field.needed.as_deref().map(|when| match when {
                    "from the original" => say("staff-from-original"),
                    when => say_with("staff-needed", "when", when),
                });
                let parts: Vec<String> = field.hint.iter().cloned().chain(needed).collect();
                (!parts.is_empty()).then(|| parts.join(" "))
            },
            example: field.example.clone().filter(|example| !example.is_empty()),
            problems: Vec::new(),
            invalid: false,
            described_by: String::new(),
            rows: (field.shown.lines().count() + 1).clamp(2, 12),
        }
    }

    /// Names the hint and each problem for `aria-describedby`.
    fn describe(&mut self) {
        let mut ids: Vec<String> = Vec::new();
        if self.hint.is_some() || self.example.is_some() {
            ids.push(format!("{}-hint", self.id));
        }
        ids.extend((1..=self.problems.len()).map(|number| format!("{}-error-{number}", self.id)));
        self.described_by = ids.join(" ");
    }
}

#[derive(Template)]
#[template(path = "staff_edit.html")]
struct EditTemplate {
    chrome: Chrome,
    heading: String,
    action: String,
    /// The file's history page; none for a new file, which has no
    /// versions until it is saved.
    history: Option<String>,
    token: String,
    revision: String,
    notice: Option<String>,
    live: Option<String>,
    theirs: Option<String>,
    general: Vec<String>,
    fields: Vec<EditField>,
    body: Option<String>,
    body_problems: Vec<(String, String)>,
    /// The editor's script: sends each change to the preview tab.
    script: &'static str,
    photo: Option<PhotoGroup>,
}

/// The editor's page: each field of the file with its problems beside it,
/// the text with its own, and what the last save did.
pub fn edit_page(context: &PageContext<'_>, view: EditView<'_>) -> Result<String, RenderError> {
    context.render(|renderer| {
        let words = renderer.site.settings.catalog();
        let say = |id: &str| words.message(id, &[]);
        let say_with = |id: &str, name: &str, value: &str| {
            words.message(id, &[(name, value.to_owned().into())])
        };
        let document = view.document;
        // Which field a line of the file belongs to: the last one that
        // starts at or before it; the body from its first line.
        let field_of = |line: usize| (document.fields.iter()).rposition(|field| field.line <= line);
        let mut fields: Vec<EditField> = (view.form.iter().enumerate())
            .map(|(index, field)| EditField::of(index + 1, field, &say, &say_with))
            .collect();
        // The form's place of each of the file's fields.
        let places: Vec<Option<usize>> = (document.fields.iter())
            .map(|field| (view.form.iter()).position(|shown| shown.name == field.name))
            .collect();
        let shown_at = |index: usize| places.get(index).copied().flatten();
        let mut general = Vec::new();
        let mut body_problems = Vec::new();
        for problem in view.problems {
            let said = said(problem);
            let prefix = say(if problem.is_error() {
                "form-error-prefix"
            } else {
                "staff-warning-prefix"
            });
            let in_file = problem.path == view.file;
            let on_line = |text: &str| {
                words.message(
                    "staff-on-line",
                    &[
                        ("line", (problem.line as i64).into()),
                        ("message", text.to_owned().into()),
                    ],
                )
            };
            match (in_file, field_of(problem.line)) {
                (true, _) if document.body.is_some() && problem.line >= document.body_line => {
                    body_problems.push((prefix, on_line(&said)));
                }
                (true, Some(index)) if let Some(at) = shown_at(index) => {
                    fields[at].invalid |= problem.is_error();
                    fields[at].problems.push((prefix, said));
                }
                (true, _) => general.push(format!("{prefix} {}", on_line(&said))),
                (false, _) => general.push(format!(
                    "{prefix} {}",
                    with_place(problem, &said, view.file, view.path)
                )),
            }
        }
        let (notice, live, theirs) = match view.outcome {
            None => (photo_notice(words, &view.photo), None, None),
            Some(EditOutcome::Saved { live, restored }) => {
                let said = if restored {
                    "staff-restored"
                } else {
                    "staff-saved"
                };
                (Some(say(said)), live, None)
            }
            Some(outcome @ (EditOutcome::Refused | EditOutcome::RestoreRefused)) => {
                let id = match outcome {
                    EditOutcome::RestoreRefused => "staff-restore-refused",
                    _ => "staff-refused",
                };
                let errors = (view.problems.iter())
                    .filter(|problem| problem.is_error())
                    .count() as i64;
                (
                    Some(words.message(id, &[("count", errors.into())])),
                    None,
                    None,
                )
            }
            Some(EditOutcome::Unsaved) => (Some(say("staff-new-unsaved")), None, None),
            Some(EditOutcome::Conflict { theirs }) => {
                (Some(say("staff-conflict")), None, Some(theirs.to_owned()))
            }
        };
        let action = crate::urls::staff_edit(view.path);
        let heading = words.message("staff-edit-title", &[("path", view.path.to_owned().into())]);
        EditTemplate {
            chrome: staff_chrome(renderer, &action, &heading),
            heading,
            action: action.clone(),
            history: (view.revision != crate::staff::edit::NEW_FILE)
                .then(|| crate::urls::staff_history(view.path)),
            token: view.token.to_owned(),
            revision: view.revision.to_owned(),
            notice,
            live,
            theirs,
            general,
            fields: fields
                .into_iter()
                .map(|mut field| {
                    field.describe();
                    field
                })
                .collect(),
            body: document.body.clone(),
            body_problems,
            script: routes::STAFF_SCRIPT,
            photo: (document.body.is_some())
                .then(|| photo_group(words, view.path, document, view.photo)),
        }
        .render()
        .map_err(|source| RenderError {
            path: action,
            source,
        })
    })
}

/// The history page of one file.
pub struct HistoryView<'a> {
    /// The file's place under `content/`.
    pub path: &'a str,
    pub token: &'a str,
    /// The kept versions, newest first, each with what it changed; `None`
    /// when versions are not kept.
    pub versions: Option<&'a [(Version, Changes)]>,
}

/// One version as the page lists it.
struct VersionRow {
    /// The id of its heading, which its restore button is described by.
    anchor: String,
    /// When and by whom.
    heading: String,
    /// What made it, in words.
    said: String,
    current: bool,
    /// The file is not in this version.
    gone: bool,
    caption: String,
    hunks: Vec<Vec<LineRow>>,
    left_out: Option<String>,
    /// The version's id for its restore form; `None` for the current
    /// version and one without the file.
    restore: Option<String>,
}

/// One line of a version's changes. Its kind is said in words as well as
/// by sign and colour, for a screen reader and for anyone who cannot tell
/// the colours apart.
struct LineRow {
    old: String,
    new: String,
    /// `added`, `removed` or `context`: the row's class, and which of
    /// `<ins>` or `<del>` holds the text.
    class: &'static str,
    sign: &'static str,
    word: String,
    text: String,
}

#[derive(Template)]
#[template(path = "staff_history.html")]
struct HistoryTemplate {
    chrome: Chrome,
    heading: String,
    home: &'static str,
    /// The editor's page for the file.
    edit: String,
    /// Where the restore forms post.
    action: String,
    token: String,
    /// Said instead of the list when there is nothing to list.
    notice: Option<String>,
    more: Option<String>,
    versions: Vec<VersionRow>,
}

/// The history page: each kept version of a file, newest first, who made
/// it and when (in the practice's time zone), what it changed, and a
/// button to restore each earlier one.
pub fn history_page(
    context: &PageContext<'_>,
    view: HistoryView<'_>,
) -> Result<String, RenderError> {
    context.render(|renderer| {
        let settings = &renderer.site.settings;
        let words = settings.catalog();
        let say = |id: &str| words.message(id, &[]);
        let kept = view.versions.unwrap_or_default();
        let versions: Vec<VersionRow> = (kept.iter().enumerate())
            .map(|(index, (version, changes))| {
                let with = |id: &str, name: &'static str, value: &str| {
                    words.message(id, &[(name, value.to_owned().into())])
                };
                let said = match version.action {
                    Some(Action::Save) => say("staff-history-save"),
                    Some(Action::Restore) => with(
                        "staff-history-restore",
                        "version",
                        restored_version(&version.message),
                    ),
                    Some(Action::Photo) => say("staff-history-photo"),
                    Some(Action::Start) => say("staff-history-start"),
                    None => with(
                        "staff-history-git",
                        "message",
                        version.message.lines().next().unwrap_or_default(),
                    ),
                };
                let when = words.moment(version.at, &settings.timezone);
                VersionRow {
                    anchor: format!("version-{}", index + 1),
                    heading: words.message(
                        "staff-history-when",
                        &[
                            ("when", when.into()),
                            ("author", version.author.clone().into()),
                        ],
                    ),
                    said,
                    current: index == 0,
                    gone: !version.exists,
                    caption: with("staff-history-changes", "version", &version.short),
                    hunks: (changes.hunks.iter())
                        .map(|hunk| hunk.iter().map(|line| line_row(line, &say)).collect())
                        .collect(),
                    left_out: (changes.left_out > 0).then(|| {
                        words.message(
                            "staff-history-left-out",
                            &[("count", (changes.left_out as i64).into())],
                        )
                    }),
                    restore: (index > 0 && version.exists).then(|| version.id.clone()),
                }
            })
            .collect();
        let notice = match view.versions {
            None => Some(say("staff-history-unavailable")),
            Some([]) => Some(say("staff-history-none")),
            Some(_) => None,
        };
        let more = (kept.len() >= MAX_VERSIONS).then(|| {
            words.message(
                "staff-history-more",
                &[("count", (MAX_VERSIONS as i64).into())],
            )
        });
        let action = crate::urls::staff_history(view.path);
        let heading = words.message(
            "staff-history-title",
            &[("path", view.path.to_owned().into())],
        );
        HistoryTemplate {
            chrome: staff_chrome(renderer, &action, &heading),
            heading,
            home: routes::STAFF_HOME,
            edit: crate::urls::staff_edit(view.path),
            action: action.clone(),
            token: view.token.to_owned(),
            notice,
            more,
            versions,
        }
        .render()
        .map_err(|source| RenderError {
            path: action,
            source,
        })
    })
}

/// The short id a restore's message names (`restore: posts/a.md to 1a2b3c4`).
fn restored_version(message: &str) -> &str {
    let first = message.lines().next().unwrap_or_default();
    first.rsplit_once(" to ").map_or("", |(_, id)| id.trim())
}

fn line_row(line: &ChangedLine, say: &impl Fn(&str) -> String) -> LineRow {
    let (class, sign, word) = match line.kind {
        LineKind::Added => ("added", "+", "staff-history-added"),
        LineKind::Removed => ("removed", "\u{2212}", "staff-history-removed"),
        LineKind::Context => ("context", "", "staff-history-unchanged"),
    };
    let number = |number: Option<u32>| number.map(|n| n.to_string()).unwrap_or_default();
    LineRow {
        old: number(line.old),
        new: number(line.new),
        class,
        sign,
        word: say(word),
        text: line.text.clone(),
    }
}

/// What "Add the photo" did, said above the form: added (with a warning
/// when the photo is small), or not added.
fn photo_notice(words: &crate::i18n::Catalog, photo: &PhotoForm<'_>) -> Option<String> {
    let refused = photo.problem.is_some() || photo.alt_missing;
    let added = words.message("staff-photo-added", &[]);
    match (photo.added, photo.small) {
        (true, None) => Some(added),
        (true, Some((width, height))) => {
            let minimum = crate::staff::photos::MIN_SHORT_SIDE;
            let args = [
                ("width", i64::from(width).into()),
                ("height", i64::from(height).into()),
                ("minimum", i64::from(minimum).into()),
            ];
            Some(format!(
                "{added} {}",
                words.message("staff-photo-small", &args)
            ))
        }
        (false, _) if refused => Some(words.message("staff-photo-not-added", &[])),
        (false, _) => None,
    }
}

/// The photo group for the file at `path`: its choice of field where the
/// kind of file has one, and what the last post kept or refused.
fn photo_group(
    words: &crate::i18n::Catalog,
    path: &str,
    document: &crate::staff::document::Document,
    photo: PhotoForm<'_>,
) -> PhotoGroup {
    let say = |(id, args): &Message| {
        let args: Vec<_> = (args.iter())
            .map(|(name, value)| (*name, (*value).into()))
            .collect();
        words.message(id, &args)
    };
    let field = crate::staff::photos::destination(path).field;
    PhotoGroup {
        alt: photo.alt.to_owned(),
        into_field: field.is_some_and(|field| {
            (photo.into_field).unwrap_or_else(|| document.value(field.photo).is_none())
        }),
        field_label: field.map(|field| words.message(field.label, &[])),
        file_hint: say(&crate::staff::photos::size_limit_message(
            "staff-photo-file-hint",
        )),
        problem: photo.problem.as_ref().map(say),
        alt_error: (photo.alt_missing).then(|| words.message("staff-photo-alt-missing", &[])),
    }
}
