//! The browser editor at `/staff/edit/{path}`: a file's fields and text in
//! a form, a save checked with the whole site before anything is written,
//! two editors on one file, and paths that lead outside the content folder.

mod common;

use axum::http::StatusCode;
use common::smtp::SmtpServer;
use common::staff::{SAME_ORIGIN, get_with, post, signed_in, staff_app_on, token_in};
use common::{TestApp, editable_site, request};

const POST: &str = "posts/2026-01-05-hello.md";

/// The value of the hidden field or input named `name` in `html`.
fn input_value(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no field {name} in {html}"));
    let value = html[at..].find("value=\"").unwrap() + at + 7;
    html[value..].split('"').next().unwrap().to_owned()
}

/// The form as the editor's browser would send it back, with `changes`.
fn form_body(html: &str, changes: &[(&str, &str)]) -> String {
    let mut fields: Vec<(String, String)> =
        ["token", "revision", "title", "date", "author", "tags"]
            .iter()
            .map(|name| (name.to_string(), input_value(html, name)))
            .collect();
    let body_at = html.find("name=\"body\"").unwrap();
    let body_start = html[body_at..].find('>').unwrap() + body_at + 1;
    let body_end = html[body_start..].find("</textarea>").unwrap() + body_start;
    fields.push((
        "body".into(),
        html[body_start..body_end].replace("&#10;", "\n"),
    ));
    fields.push(("action".into(), "save".into()));
    for (name, value) in changes {
        match fields.iter_mut().find(|(field, _)| field == name) {
            Some(field) => field.1 = value.to_string(),
            None => fields.push((name.to_string(), value.to_string())),
        }
    }
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

/// A signed-in editor on a copy of the minimal site of their own. Bind
/// every field: the mail server and the copy live as long as they do.
struct Editor {
    /// The copy's content folder.
    content: tempfile::TempDir,
    app: TestApp,
    /// The session's cookie, as `name=value`.
    cookie: String,
    _smtp: SmtpServer,
    _clock: std::sync::Arc<hearth::ManualClock>,
}

impl Editor {
    async fn signed_in() -> Editor {
        let smtp = SmtpServer::start();
        let (content, sources) = editable_site();
        let (app, clock) = staff_app_on(&sources, &smtp);
        let cookie = signed_in(&app, &smtp).await;
        Editor {
            content,
            app,
            cookie,
            _smtp: smtp,
            _clock: clock,
        }
    }
}

async fn open(app: &TestApp, cookie: &str, path: &str) -> common::Reply {
    request(app, get_with(&format!("/staff/edit/{path}"), cookie)).await
}

async fn send(app: &TestApp, cookie: &str, path: &str, body: &str) -> common::Reply {
    request(
        app,
        post(
            &format!("/staff/edit/{path}"),
            body,
            &[("cookie", cookie), SAME_ORIGIN],
        ),
    )
    .await
}

/// A post opens with its fields named after its front matter and its text
/// in `body`; a changed title and text are saved, live at once, and in
/// the audit log.
#[tokio::test]
async fn an_editor_changes_a_post_and_it_is_live() {
    let Editor {
        content,
        app,
        cookie,
        ..
    } = Editor::signed_in().await;
    let home = request(&app, get_with("/staff/", &cookie)).await;
    assert!(
        home.body.contains(&format!("href=\"/staff/edit/{POST}\"")),
        "{}",
        home.body
    );
    let form = open(&app, &cookie, POST).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(input_value(&form.body, "title"), "Hello");
    assert_eq!(input_value(&form.body, "date"), "2026-01-05");
    assert!(form.body.contains("name=\"body\""));
    assert!(form.body.contains("name=\"revision\""));
    let body = form_body(
        &form.body,
        &[
            ("title", "Hello again"),
            ("body", "A new first paragraph.\n"),
        ],
    );
    let saved = send(&app, &cookie, POST, &body).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let written = std::fs::read_to_string(content.path().join(POST)).unwrap();
    assert!(
        written.starts_with("---\ntitle: Hello again\ndate: 2026-01-05\n"),
        "{written}"
    );
    assert!(
        written.ends_with("---\nA new first paragraph.\n"),
        "{written}"
    );
    let after = request(&app, get_with(saved.header("location"), &cookie)).await;
    assert!(after.body.contains("Saved. The live site shows it now."));
    assert!(
        after.body.contains("href=\"/blog/hello\""),
        "{}",
        after.body
    );
    let live = common::get(&app, "/blog/hello").await;
    assert!(live.body.contains("Hello again") && live.body.contains("A new first paragraph."));
    let data = app.data.path().to_str().unwrap().to_owned();
    let audit = common::succeeded(common::hearth().args(["staff", "audit", "--data-dir", &data]));
    let audit = String::from_utf8(audit.stdout).unwrap();
    assert!(audit.contains(&format!("save  {POST}")), "{audit}");
}

/// A change the site could not load with is refused whole: the message is
/// beside the field it is about, the form keeps what was typed, and the
/// file is as it was.
#[tokio::test]
async fn a_broken_field_is_refused_beside_it_and_nothing_is_written() {
    let Editor {
        content,
        app,
        cookie,
        ..
    } = Editor::signed_in().await;
    let before = std::fs::read_to_string(content.path().join(POST)).unwrap();
    let form = open(&app, &cookie, POST).await;
    let body = form_body(&form.body, &[("author", "nobody-here"), ("title", "Kept")]);
    let refused = send(&app, &cookie, POST, &body).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Nothing was saved"),
        "{}",
        refused.body
    );
    let author = refused.body.find("name=\"author\"").unwrap();
    let field_start = refused.body[..author].rfind("<div class=\"field").unwrap();
    assert!(
        refused.body[field_start..author].contains("field-invalid")
            && refused.body[field_start..author].contains("nobody-here"),
        "{}",
        &refused.body[field_start..author]
    );
    assert_eq!(input_value(&refused.body, "title"), "Kept");
    assert_eq!(
        std::fs::read_to_string(content.path().join(POST)).unwrap(),
        before
    );
    assert!(
        common::get(&app, "/blog/hello")
            .await
            .body
            .contains("Hello")
    );
}

/// Two editors open one file; the first save wins, the second is refused
/// with the file as the first left it, and nothing is overwritten.
#[tokio::test]
async fn a_save_from_an_older_revision_is_refused_with_both_versions() {
    let Editor {
        content,
        app,
        cookie,
        ..
    } = Editor::signed_in().await;
    let first = open(&app, &cookie, POST).await;
    let second = open(&app, &cookie, POST).await;
    let saved = send(
        &app,
        &cookie,
        POST,
        &form_body(&first.body, &[("title", "First")]),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let late = send(
        &app,
        &cookie,
        POST,
        &form_body(&second.body, &[("title", "Second")]),
    )
    .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(
        late.body.contains("someone else saved this file"),
        "{}",
        late.body
    );
    assert!(late.body.contains("title: First"), "their version is shown");
    assert_eq!(input_value(&late.body, "title"), "Second", "yours is kept");
    let written = std::fs::read_to_string(content.path().join(POST)).unwrap();
    assert!(written.contains("title: First"), "{written}");
}

/// Paths that leave the content folder, hidden files, links and other
/// kinds of file are not editable: 404, whatever the spelling.
#[tokio::test]
async fn paths_outside_the_content_and_links_are_refused() {
    let smtp = SmtpServer::start();
    let (content, sources) = editable_site();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "---\ntitle: x\n---\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        content.path().join("posts/2026-01-06-link.md"),
    )
    .unwrap();
    // The link is refused by the editor; the site would refuse it too, so
    // it is taken out again before the site loads.
    std::fs::remove_file(content.path().join("posts/2026-01-06-link.md")).ok();
    let (app, _clock) = staff_app_on(&sources, &smtp);
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        content.path().join("posts/2026-01-06-link.md"),
    )
    .unwrap();
    let cookie = signed_in(&app, &smtp).await;
    for path in [
        "..%2F..%2Fetc%2Fpasswd",
        "%2E%2E/site.yaml",
        "posts/..%2F..%2Fsecret.md",
        "%2Fetc%2Fpasswd",
        ".git/config",
        "posts/2026-01-06-link.md",
        "posts/missing.md",
        "static/img/photo.jpg",
    ] {
        let reply = open(&app, &cookie, path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        let token = token_in(
            &common::request(&app, get_with("/staff/", &cookie))
                .await
                .body,
        );
        let posted = send(&app, &cookie, path, &format!("token={token}&title=x")).await;
        assert_eq!(posted.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        std::fs::read_to_string(outside.path().join("secret.md")).unwrap(),
        "---\ntitle: x\n---\n"
    );
    assert_eq!(
        open(&app, &cookie, "site.yaml").await.status,
        StatusCode::OK
    );
}

/// Preview shows the change as the site would show it, drafts' banners
/// and all, under a banner that says it is not saved, and writes nothing:
/// the file and the live page are as they were.
#[tokio::test]
async fn a_preview_shows_the_change_and_writes_nothing() {
    let Editor {
        content,
        app,
        cookie,
        ..
    } = Editor::signed_in().await;
    let before = std::fs::read_to_string(content.path().join(POST)).unwrap();
    let form = open(&app, &cookie, POST).await;
    assert!(form.body.contains("name=\"action\" value=\"preview\""));
    let body = form_body(
        &form.body,
        &[
            ("title", "Hello, previewed"),
            ("body", "Words nobody has saved yet.\n"),
            ("action", "preview"),
        ],
    );
    let kept = send(&app, &cookie, POST, &body).await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER, "{}", kept.body);
    assert_eq!(kept.header("location"), format!("/staff/preview/{POST}"));
    let preview = request(&app, get_with(kept.header("location"), &cookie)).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(
        preview.body.contains("<h1>Hello, previewed</h1>"),
        "{}",
        preview.body
    );
    assert!(preview.body.contains("Words nobody has saved yet."));
    assert!(preview.body.contains("Preview of your unsaved change"));
    assert!(preview.header("x-robots-tag").contains("noindex"));
    assert!(preview.header("cache-control").contains("no-store"));
    assert!(
        preview
            .header("content-security-policy")
            .contains("script-src 'self'")
    );
    assert!(
        preview
            .body
            .contains("<script src=\"/staff/editor.js\" defer></script>")
    );
    let script = request(&app, get_with("/staff/editor.js", &cookie)).await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(script.header("content-type").starts_with("text/javascript"));
    assert!(script.body.contains("EventSource"));
    assert_eq!(
        std::fs::read_to_string(content.path().join(POST)).unwrap(),
        before
    );
    let live = common::get(&app, "/blog/hello").await;
    assert!(!live.body.contains("previewed") && !live.body.contains("nobody has saved"));
    assert!(
        !live
            .header("content-security-policy")
            .contains("script-src")
    );
    // Saving forgets the draft: the preview then shows the file as saved.
    let saved = send(
        &app,
        &cookie,
        POST,
        &form_body(&form.body, &[("title", "Hello, saved")]),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let preview = request(&app, get_with(&format!("/staff/preview/{POST}"), &cookie)).await;
    assert!(
        preview.body.contains("<h1>Hello, saved</h1>"),
        "{}",
        preview.body
    );
}

/// A change the site could not load with has no preview: its problems are
/// listed instead, by file and line under content/, and nothing is written.
#[tokio::test]
async fn a_broken_change_previews_as_its_problems() {
    let Editor {
        content,
        app,
        cookie,
        ..
    } = Editor::signed_in().await;
    let before = std::fs::read_to_string(content.path().join(POST)).unwrap();
    let form = open(&app, &cookie, POST).await;
    let body = form_body(
        &form.body,
        &[("author", "nobody-here"), ("action", "preview")],
    );
    let kept = send(&app, &cookie, POST, &body).await;
    let preview = request(&app, get_with(kept.header("location"), &cookie)).await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(
        preview.body.contains("The preview cannot be shown yet"),
        "{}",
        preview.body
    );
    assert!(
        preview.body.contains(&format!("{POST}:")),
        "{}",
        preview.body
    );
    assert!(preview.body.contains("nobody-here"), "{}", preview.body);
    assert_eq!(
        std::fs::read_to_string(content.path().join(POST)).unwrap(),
        before
    );
}

/// With the editor's script, each change typed is sent with
/// `X-Hearth-Live` and answered 204; the preview tab's event stream tells
/// it to reload, and it then shows the latest text. Another editor's
/// stream hears nothing of it.
#[tokio::test]
async fn the_preview_tab_hears_each_change_the_editor_types() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let Editor {
        content: _content,
        app,
        cookie,
        _smtp,
        _clock,
    } = Editor::signed_in().await;
    let events = app
        .router
        .clone()
        .oneshot(get_with(&format!("/staff/preview-events/{POST}"), &cookie))
        .await
        .unwrap();
    assert_eq!(events.status(), StatusCode::OK);
    assert!(
        events.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let mut stream = events.into_body();
    let form = open(&app, &cookie, POST).await;
    let body = form_body(
        &form.body,
        &[("title", "Typed just now"), ("action", "preview")],
    );
    let typed = request(
        &app,
        post(
            &format!("/staff/edit/{POST}"),
            &body,
            &[("cookie", &cookie), SAME_ORIGIN, ("x-hearth-live", "1")],
        ),
    )
    .await;
    assert_eq!(typed.status, StatusCode::NO_CONTENT, "{}", typed.body);
    let mut next_frame = async || {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(10), stream.frame())
            .await
            .expect("the preview tab was told")
            .unwrap()
            .unwrap();
        String::from_utf8(frame.into_data().unwrap().to_vec()).unwrap()
    };
    // First the version the tab connected at (no unsaved text yet), then
    // the one the editor typed: a tab that missed it still sees it.
    let connected = next_frame().await;
    assert!(connected.contains("data: 0\n"), "{connected}");
    let changed = next_frame().await;
    assert!(
        changed.starts_with("data: ") && !changed.contains("data: 0\n"),
        "{changed}"
    );
    let preview = request(&app, get_with(&format!("/staff/preview/{POST}"), &cookie)).await;
    let version = changed.trim_start_matches("data: ").trim();
    assert!(
        preview
            .body
            .contains(&format!("data-preview-version=\"{version}\"")),
        "{}",
        preview.body
    );
    assert!(
        preview.body.contains("<h1>Typed just now</h1>"),
        "{}",
        preview.body
    );
    assert!(preview.body.contains(&format!(
        "data-preview-events=\"/staff/preview-events/{POST}\""
    )));
}

/// The form has every field the loader accepts for the kind of file, each
/// with the editors' guide's words: a date input for the day, the real
/// therapists for `author`, one tag per line, checkboxes of the real
/// services, and fields the file does not have yet, empty. Typed words go
/// back as the YAML they mean: a title with a colon is quoted, a new
/// summary is added, and a field nobody touched keeps its bytes.
#[tokio::test]
async fn fields_follow_the_loaders_list_and_the_guide() {
    let Editor {
        content,
        app,
        cookie,
        ..
    } = Editor::signed_in().await;
    let form = open(&app, &cookie, POST).await;
    let html = &form.body;
    let field = |name: &str| {
        let at = html
            .find(&format!("name=\"{name}\""))
            .unwrap_or_else(|| panic!("no {name}"));
        let start = html[..at].rfind('<').unwrap();
        html[start..].split('>').next().unwrap().to_owned()
    };
    assert!(field("date").contains("type=\"date\""), "{}", field("date"));
    assert!(
        field("author").starts_with("<select"),
        "{}",
        field("author")
    );
    assert!(
        html.contains("<option value=\"jo-lee\" selected>Jo Lee (jo-lee)</option>"),
        "{html}"
    );
    assert!(field("tags").starts_with("<textarea"), "{}", field("tags"));
    assert!(html.contains(">first post</textarea>"), "{html}");
    assert!(
        field("summary").contains("value=\"\""),
        "{}",
        field("summary")
    );
    assert!(field("title").contains("aria-required=\"true\""));
    assert!(
        html.contains("The article&#39;s heading, under about 70 characters."),
        "{html}"
    );
    assert!(
        html.contains("<code>title: Grief has no timeline</code>"),
        "{html}"
    );
    let body = form_body(
        html,
        &[
            ("title", "Hello: a first post"),
            ("tags", "first post\nwelcome"),
            ("summary", "A first word, with a comma"),
        ],
    );
    let saved = send(&app, &cookie, POST, &body).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let written = std::fs::read_to_string(content.path().join(POST)).unwrap();
    assert_eq!(
        written,
        "---\ntitle: \"Hello: a first post\"\ndate: 2026-01-05\nauthor: jo-lee\n\
         tags: [first post, welcome]\nsummary: \"A first word, with a comma\"\n---\n\
         The first paragraph.\n"
    );

    const THERAPIST: &str = "therapists/jo-lee.md";
    let form = open(&app, &cookie, THERAPIST).await;
    assert!(
        form.body.contains("<legend>services</legend>"),
        "{}",
        form.body
    );
    assert!(
        form.body.contains("value=\"individual-therapy\" checked"),
        "{}",
        form.body
    );
    assert!(
        form.body.contains("<option value=\"true\" selected>"),
        "{}",
        form.body
    );
}

/// The home lists every file on disk, a broken one too, with its state;
/// `?q=` finds files by title or file name, capitals aside.
#[tokio::test]
async fn the_home_lists_every_file_with_its_state() {
    let Editor {
        content,
        app,
        cookie,
        ..
    } = Editor::signed_in().await;
    std::fs::write(
        content.path().join("posts/2026-02-01-broken.md"),
        "---\ntitle: Broken: on purpose\ndate: 2026-02-01\nauthor: jo-lee\n---\nText.\n",
    )
    .unwrap();
    let home = request(&app, get_with("/staff/", &cookie)).await;
    assert_eq!(home.status, StatusCode::OK);
    let row = |path: &str| {
        let at = (home
            .body
            .find(&format!("<span class=\"staff-path\">{path}</span>")))
        .unwrap_or_else(|| panic!("{path} is not listed: {}", home.body));
        let start = home.body[..at].rfind("<li>").unwrap();
        home.body[start..at].to_owned()
    };
    assert!(row(POST).contains("(live)"), "{}", row(POST));
    assert!(row(POST).contains("href=\"/blog/hello\""), "{}", row(POST));
    let broken = row("posts/2026-02-01-broken.md");
    assert!(broken.contains("(has a problem)"), "{broken}");
    assert!(broken.contains("staff-troubled"), "{broken}");
    assert!(row("site.yaml").contains("(live)"), "{}", row("site.yaml"));
    assert!(row("therapists/jo-lee.md").contains("Jo Lee"));
    let found = request(&app, get_with("/staff/?q=HELLO", &cookie)).await;
    assert!(
        found
            .body
            .contains(&format!("<span class=\"staff-path\">{POST}</span>"))
    );
    assert!(
        !found.body.contains("therapists/jo-lee.md</span>"),
        "{}",
        found.body
    );
    assert!(found.body.contains("value=\"HELLO\""));
}

/// "Start something new" opens the scaffold's form at the new file's
/// address and writes nothing; the first save writes it, as a draft,
/// through the same checks. A title taken already, or one with nothing to
/// name a file after, is refused on the home with the reason.
#[tokio::test]
async fn a_new_post_exists_once_it_is_saved() {
    let Editor {
        content,
        app,
        cookie,
        ..
    } = Editor::signed_in().await;
    let home = request(&app, get_with("/staff/", &cookie)).await;
    let token = token_in(&home.body);
    let start = |title: &str| {
        let body = format!("token={token}&kind=post&title={}", title.replace(' ', "+"));
        post("/staff/new", &body, &[("cookie", &cookie), SAME_ORIGIN])
    };
    let form = request(&app, start("A new beginning")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("not saved yet"), "{}", form.body);
    let action_at = form.body.find("action=\"/staff/edit/posts/").unwrap() + 20;
    let path: String = form.body[action_at..].split('"').next().unwrap().to_owned();
    assert!(path.ends_with("-a-new-beginning.md"), "{path}");
    assert!(!content.path().join(&path).exists());
    assert_eq!(input_value(&form.body, "revision"), "new");
    assert_eq!(input_value(&form.body, "title"), "A new beginning");
    // The scaffold starts as a draft; the browser posts the select as shown.
    let draft_at = form.body.find("name=\"draft\"").unwrap();
    let draft_select = &form.body[draft_at..][..form.body[draft_at..].find("</select>").unwrap()];
    assert!(
        draft_select.contains("<option value=\"true\" selected>"),
        "{draft_select}"
    );
    let body = form_body(
        &form.body,
        &[("body", "The first words.\n"), ("draft", "true")],
    );
    let saved = send(&app, &cookie, &path, &body).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let written = std::fs::read_to_string(content.path().join(&path)).unwrap();
    assert!(written.contains("title: A new beginning\n"), "{written}");
    assert!(written.contains("draft: true\n"), "{written}");
    assert!(written.ends_with("---\nThe first words.\n"), "{written}");
    let again = request(&app, start("A new beginning")).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("exists already"), "{}", again.body);
    let nameless = request(&app, start("???")).await;
    assert_eq!(nameless.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        nameless.body.contains("needs letters or digits"),
        "{}",
        nameless.body
    );
}

/// A save the site takes with a warning (a title far past what search
/// results show) is written, and the page it leads to says what is worth
/// a look beside the field, as a warning, not an error.
#[tokio::test]
async fn warnings_are_shown_after_the_save() {
    let Editor {
        content,
        app,
        cookie,
        ..
    } = Editor::signed_in().await;
    let form = open(&app, &cookie, POST).await;
    let long = "A title that goes on and on, well past what any search result or browser tab shows";
    let saved = send(
        &app,
        &cookie,
        POST,
        &form_body(&form.body, &[("title", long)]),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(
        std::fs::read_to_string(content.path().join(POST))
            .unwrap()
            .contains(long)
    );
    let after = request(&app, get_with(saved.header("location"), &cookie)).await;
    assert!(after.body.contains("Saved. The live site shows it now."));
    let title = after.body.find("name=\"title\"").unwrap();
    let field = &after.body[after.body[..title].rfind("<div class=\"field").unwrap()..title];
    assert!(field.contains("Worth a look:"), "{field}");
    assert!(field.contains("70"), "{field}");
    assert!(!field.contains("field-invalid"), "{field}");
    let input = &after.body[title..][..after.body[title..].find('>').unwrap()];
    assert!(!input.contains("aria-invalid"), "{input}");
}
