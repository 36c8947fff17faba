//! The editors' pages under `/staff/`: signing in, the link's button, and
//! the list of everything the content folder holds. Made per request, in
//! the site's default language and its look, so staff see the practice's
//! own site around them; never cached, never indexed.

use askama::Template;

use super::views::Chrome;
use super::{PageContext, RenderError};
use crate::content::model::Site;
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
    /// The signed-in home: every file, with its state.
    Home {
        editor: &'a str,
        token: &'a str,
        content: &'a Site,
    },
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
    state: String,
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
    groups: Vec<Group>,
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
                content,
            } => {
                template.heading = say("staff-home-title");
                template.paragraphs = vec![say("staff-home-lede")];
                template.signed_in_as = Some(editor.to_owned());
                template.button = Some(ButtonForm {
                    action: routes::STAFF_SIGN_OUT.to_owned(),
                    token: Some(token.to_owned()),
                    label: say("staff-sign-out"),
                });
                template.groups = groups(context, content);
                routes::STAFF_HOME.to_owned()
            }
        };
        StaffTemplate {
            chrome: staff_chrome(renderer, &path, &template.heading),
            page: template,
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

/// Everything the content folder holds, kind by kind, newest post first.
fn groups(context: &PageContext<'_>, content: &Site) -> Vec<Group> {
    let words = content.settings.catalog();
    let say = |id: &str| words.message(id, &[]);
    // What the live site shows: a draft or a post still to come has no page.
    let live = &context.site;
    let paths = crate::urls::Paths::root();
    let state = |draft: bool, scheduled: Option<jiff::civil::Date>| match (draft, scheduled) {
        (true, _) => say("staff-state-draft"),
        (false, Some(day)) => words.message(
            "staff-state-scheduled",
            &[("date", words.long_date(day).into())],
        ),
        (false, None) => say("staff-state-live"),
    };
    let row = |source: &str, title: &str, state: String, href: Option<String>| Row {
        edit: crate::urls::staff_edit(source),
        title: title.to_owned(),
        state,
        href,
    };
    let posts = content.posts.iter().map(|post| {
        let appears = content.settings.timezone.to_timestamp(post.publish_at);
        let scheduled = appears
            .is_ok_and(|at| at > context.now)
            .then(|| post.publish_at.date());
        let shown = live.posts.iter().any(|shown| shown.key == post.key);
        let href = shown.then(|| paths.post(&post.slug));
        row(
            &post.source,
            &post.title,
            state(post.draft, scheduled),
            href,
        )
    });
    let therapists = content.therapists.iter().map(|therapist| {
        let shown = (live.therapists.iter()).any(|shown| shown.key == therapist.key);
        let href = shown.then(|| paths.therapist(&therapist.slug));
        row(
            &therapist.source,
            &therapist.name,
            state(therapist.draft, None),
            href,
        )
    });
    let services = content.services.iter().map(|service| {
        let shown = (live.services.iter()).any(|shown| shown.key == service.key);
        let href = shown.then(|| paths.service(&service.slug));
        row(&service.source, &service.title, state(false, None), href)
    });
    let pages = content.pages.iter().map(|page| {
        let shown = live.pages.iter().any(|shown| shown.key == page.key);
        let href = shown.then(|| paths.page(&page.slug));
        row(&page.source, &page.title, state(page.draft, None), href)
    });
    [
        ("staff-posts", posts.collect::<Vec<_>>()),
        ("staff-therapists", therapists.collect()),
        ("staff-services", services.collect()),
        ("staff-pages", pages.collect()),
    ]
    .into_iter()
    .map(|(heading, rows)| Group {
        heading: say(heading),
        rows,
    })
    .collect()
}

/// The editor's page for one file.
pub struct EditView<'a> {
    /// The file's place under `content/`.
    pub path: &'a str,
    pub token: &'a str,
    /// The revision the form saves against.
    pub revision: &'a str,
    pub document: &'a crate::staff::document::Document,
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
    /// The photo was added; its size when it is small enough to warn of.
    pub added: Option<Option<(u32, u32)>>,
}

/// What the last post did, said above the form.
pub enum EditOutcome<'a> {
    /// Saved; the live page, when the file has one.
    Saved { live: Option<String> },
    /// Nothing saved: the change has problems.
    Refused,
    /// Nothing saved: someone saved first; their text.
    Conflict { theirs: &'a str },
}

/// The photo group as the template shows it.
struct PhotoGroup {
    alt: String,
    into_field: bool,
    /// The choice of the file's own photo field, when its kind has one.
    field_label: Option<String>,
    file_hint: String,
    problem: Option<String>,
    alt_error: Option<String>,
}

struct EditField {
    name: String,
    value: String,
    multiline: bool,
    problems: Vec<String>,
}

#[derive(Template)]
#[template(path = "staff_edit.html")]
struct EditTemplate {
    chrome: Chrome,
    heading: String,
    action: String,
    token: String,
    revision: String,
    notice: Option<String>,
    live: Option<String>,
    theirs: Option<String>,
    general: Vec<String>,
    fields: Vec<EditField>,
    body: Option<String>,
    body_problems: Vec<String>,
    photo: Option<PhotoGroup>,
}

/// The editor's page: each field of the file with its problems beside it,
/// the text with its own, and what the last save did.
pub fn edit_page(context: &PageContext<'_>, view: EditView<'_>) -> Result<String, RenderError> {
    context.render(|renderer| {
        let words = renderer.site.settings.catalog();
        let say = |id: &str| words.message(id, &[]);
        let document = view.document;
        // Which field a line of the file belongs to: the last one that
        // starts at or before it; the body from its first line.
        let field_of = |line: usize| (document.fields.iter()).rposition(|field| field.line <= line);
        let mut fields: Vec<EditField> = (document.fields.iter())
            .map(|field| EditField {
                name: field.name.clone(),
                value: field.value.trim_start_matches('\n').to_owned(),
                multiline: field.value.contains('\n'),
                problems: Vec::new(),
            })
            .collect();
        let mut general = Vec::new();
        let mut body_problems = Vec::new();
        for problem in view.problems {
            let said = match &problem.hint {
                Some(hint) => format!("{} ({hint})", problem.message),
                None => problem.message.clone(),
            };
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
                    body_problems.push(on_line(&said));
                }
                (true, Some(index)) => fields[index].problems.push(said),
                (true, None) => general.push(on_line(&said)),
                (false, _) => {
                    // Named under content/, as the editor knows files.
                    let shown = (view.file.ancestors())
                        .nth(view.path.split('/').count())
                        .and_then(|root| problem.path.strip_prefix(root).ok())
                        .map_or_else(
                            || problem.path.display().to_string(),
                            |inside| inside.display().to_string(),
                        );
                    general.push(format!("{shown}:{}: {said}", problem.line));
                }
            }
        }
        let (notice, live, theirs) = match view.outcome {
            None => (photo_notice(words, &view.photo), None, None),
            Some(EditOutcome::Saved { live }) => (Some(say("staff-saved")), live, None),
            Some(EditOutcome::Refused) => (
                Some(
                    words.message(
                        "staff-refused",
                        &[(
                            "count",
                            (view
                                .problems
                                .iter()
                                .filter(|problem| problem.is_error())
                                .count() as i64)
                                .into(),
                        )],
                    ),
                ),
                None,
                None,
            ),
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
            token: view.token.to_owned(),
            revision: view.revision.to_owned(),
            notice,
            live,
            theirs,
            general,
            fields,
            body: document.body.clone(),
            body_problems,
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

/// What "Add the photo" did, said above the form: added (with a warning
/// when the photo is small), or not added.
fn photo_notice(words: &crate::i18n::Catalog, photo: &PhotoForm<'_>) -> Option<String> {
    let refused = photo.problem.is_some() || photo.alt_missing;
    match photo.added {
        Some(None) => Some(words.message("staff-photo-added", &[])),
        Some(Some((width, height))) => Some(format!(
            "{} {}",
            words.message("staff-photo-added", &[]),
            words.message(
                "staff-photo-small",
                &[
                    ("width", i64::from(width).into()),
                    ("height", i64::from(height).into()),
                    (
                        "minimum",
                        i64::from(crate::staff::photos::MIN_SHORT_SIDE).into()
                    ),
                ],
            )
        )),
        None if refused => Some(words.message("staff-photo-not-added", &[])),
        None => None,
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
        file_hint: say(&(
            "staff-photo-file-hint",
            vec![(
                "megabytes",
                (crate::staff::photos::MAX_PHOTO_BYTES / (1024 * 1024)) as i64,
            )],
        )),
        problem: photo.problem.as_ref().map(say),
        alt_error: (photo.alt_missing).then(|| words.message("staff-photo-alt-missing", &[])),
    }
}
