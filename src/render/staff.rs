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
}

#[derive(Template)]
#[template(path = "staff.html")]
struct StaffTemplate {
    chrome: Chrome,
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
        let mut template = StaffTemplate {
            chrome: renderer.chrome(routes::STAFF_SIGN_IN, "", ""),
            heading: String::new(),
            paragraphs: Vec::new(),
            notice: None,
            email_form: None,
            button: None,
            signed_in_as: None,
            groups: Vec::new(),
        };
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
        template.chrome = renderer.chrome(&path, &template.heading, &template.heading);
        // Staff pages are for the practice's own people: no address of
        // theirs is a page to share or to find in a search engine.
        template.chrome.canonical = None;
        template
            .render()
            .map_err(|source| RenderError { path, source })
    })
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
    let posts = content.posts.iter().map(|post| {
        let appears = content.settings.timezone.to_timestamp(post.publish_at);
        let scheduled = appears
            .is_ok_and(|at| at > context.now)
            .then(|| post.publish_at.date());
        Row {
            title: post.title.clone(),
            state: state(post.draft, scheduled),
            href: (live.posts.iter())
                .any(|shown| shown.key == post.key)
                .then(|| paths.post(&post.slug)),
        }
    });
    let therapists = content.therapists.iter().map(|therapist| Row {
        title: therapist.name.clone(),
        state: state(therapist.draft, None),
        href: (live.therapists.iter())
            .any(|shown| shown.key == therapist.key)
            .then(|| paths.therapist(&therapist.slug)),
    });
    let services = content.services.iter().map(|service| Row {
        title: service.title.clone(),
        state: state(false, None),
        href: (live.services.iter())
            .any(|shown| shown.key == service.key)
            .then(|| paths.service(&service.slug)),
    });
    let pages = content.pages.iter().map(|page| Row {
        title: page.title.clone(),
        state: state(page.draft, None),
        href: (live.pages.iter())
            .any(|shown| shown.key == page.key)
            .then(|| paths.page(&page.slug)),
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
