//! History at `/staff/history/{path}`: every save is a git commit in the
//! content folder by its editor, the page lists a file's versions with
//! their changes, and restoring one goes through the same checks as a save.

mod common;

use std::path::Path;

use axum::http::StatusCode;
use common::smtp::SmtpServer;
use common::staff::{EDITOR, SAME_ORIGIN, get_with, post, signed_in, staff_app_on, token_in};
use common::{Reply, TestApp, editable_site, request};

const POST: &str = "posts/2026-01-05-hello.md";

/// The value after `name="NAME" value="` at each of its places in `html`.
fn values_of(html: &str, name: &str) -> Vec<String> {
    let marker = format!("name=\"{name}\" value=\"");
    html.match_indices(&marker)
        .filter_map(|(at, _)| html.get(at + marker.len()..))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

/// Saves `changes` to [`POST`] as the editor's form would post them.
async fn save(app: &TestApp, cookie: &str, changes: &[(&str, &str)]) -> Reply {
    let form = request(app, get_with(&format!("/staff/edit/{POST}"), cookie)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let token = token_in(&form.body);
    let revision = values_of(&form.body, "revision").remove(0);
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("token", &token)
        .append_pair("revision", &revision)
        .extend_pairs(changes.iter().copied())
        .finish();
    let uri = format!("/staff/edit/{POST}");
    request(app, post(&uri, &body, &[("cookie", cookie), SAME_ORIGIN])).await
}

async fn history(app: &TestApp, cookie: &str, path: &str) -> Reply {
    request(app, get_with(&format!("/staff/history/{path}"), cookie)).await
}

/// Posts `body` to `path`'s history with `headers`.
async fn restore(app: &TestApp, path: &str, body: &str, headers: &[(&str, &str)]) -> Reply {
    request(app, post(&format!("/staff/history/{path}"), body, headers)).await
}

/// Asks to restore `version` of `path` as the signed-in editor's page would.
async fn restore_as_editor(
    app: &TestApp,
    cookie: &str,
    token: &str,
    path: &str,
    version: &str,
) -> Reply {
    let body = format!("token={token}&version={version}");
    restore(app, path, &body, &[("cookie", cookie), SAME_ORIGIN]).await
}

/// The content folder's repository and its newest commit.
fn head(content: &Path) -> (git2::Repository, git2::Oid) {
    let repository = git2::Repository::open(content).unwrap();
    let id = repository.head().unwrap().target().unwrap();
    (repository, id)
}

fn message_of(repository: &git2::Repository, id: git2::Oid) -> String {
    let commit = repository.find_commit(id).unwrap();
    String::from_utf8_lossy(commit.message_bytes()).into_owned()
}

/// Commits `text` as [`POST`] as a person with git would, outside Hearth.
fn commit_by_hand(content: &Path, text: &str, message: &str) -> git2::Oid {
    std::fs::write(content.join(POST), text).unwrap();
    let repository = git2::Repository::open(content).unwrap();
    let mut index = repository.index().unwrap();
    index.add_path(Path::new(POST)).unwrap();
    index.write().unwrap();
    let tree = repository.find_tree(index.write_tree().unwrap()).unwrap();
    let parent = repository.head().unwrap().peel_to_commit().unwrap();
    let person = git2::Signature::now("A Person", "person@example.org").unwrap();
    repository
        .commit(Some("HEAD"), &person, &person, message, &tree, &[&parent])
        .unwrap()
}

/// A content folder that was no repository becomes one at start; a save
/// is then a commit by the editor, `git status` stays clean, and the
/// history page lists it first, at its time in the practice's zone, with
/// its removed and added lines said in words, and the first version with
/// a button to restore it.
#[tokio::test]
async fn a_save_is_a_commit_by_its_editor_and_its_history_shows_its_lines() {
    let smtp = SmtpServer::start();
    let (content, sources) = editable_site();
    let settings = content.path().join("site.yaml");
    let yaml = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, format!("{yaml}timezone: America/Los_Angeles\n")).unwrap();
    let (app, _clock) = staff_app_on(&sources, &smtp);
    let (repository, first) = head(content.path());
    assert!(message_of(&repository, first).starts_with("start: "));
    let cookie = signed_in(&app, &smtp).await;
    let saved = save(&app, &cookie, &[("title", "Hello again")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let (repository, id) = head(content.path());
    let commit = repository.find_commit(id).unwrap();
    assert_eq!(commit.author().email().ok(), Some(EDITOR));
    assert_eq!(message_of(&repository, id), format!("save: {POST}"));
    assert_eq!(commit.parent_id(0).unwrap(), first);
    assert!(
        repository.statuses(None).unwrap().is_empty(),
        "the save left nothing to commit"
    );

    let page = history(&app, &cookie, POST).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let html = &page.body;
    let saved_at = html
        .find("Saved in the editor.")
        .expect("the save is listed");
    let started_at = html
        .find("as it was when Hearth began")
        .expect("so is the start");
    assert!(saved_at < started_at, "newest first");
    assert!(
        html.contains("Monday, December 7, 2026, 10:00") && html.contains("Pacific Time"),
        "{html}"
    );
    assert!(html.contains(&format!("by {EDITOR}")));
    assert!(html.contains("This is the current version."));
    assert!(html.contains("<del>title: Hello</del>"), "{html}");
    assert!(html.contains("<ins>title: Hello again</ins>"), "{html}");
    assert!(html.contains("<span class=\"visually-hidden\">Removed</span>"));
    assert!(html.contains("<span class=\"visually-hidden\">Added</span>"));
    assert_eq!(
        values_of(html, "version"),
        [first.to_string()],
        "only the earlier version can be restored"
    );
    let editor = request(&app, get_with(&format!("/staff/edit/{POST}"), &cookie)).await;
    assert!(
        editor
            .body
            .contains(&format!("href=\"/staff/history/{POST}\""))
    );
}

/// Restoring the first version puts its text back, live at once; the
/// restore is a commit by the editor naming the version, an entry in the
/// audit log, and a version in the history itself.
#[tokio::test]
async fn restoring_an_older_version_puts_it_back_live_and_keeps_it_as_a_version() {
    let smtp = SmtpServer::start();
    let (content, sources) = editable_site();
    let original = std::fs::read_to_string(content.path().join(POST)).unwrap();
    let (app, _clock) = staff_app_on(&sources, &smtp);
    let (_, first) = head(content.path());
    let cookie = signed_in(&app, &smtp).await;
    let saved = save(&app, &cookie, &[("title", "Hello again")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(
        common::get(&app, "/blog/hello")
            .await
            .body
            .contains("Hello again")
    );

    let page = history(&app, &cookie, POST).await;
    let token = token_in(&page.body);
    let restored = restore_as_editor(&app, &cookie, &token, POST, &first.to_string()).await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER, "{}", restored.body);
    assert_eq!(
        restored.header("location"),
        format!("/staff/edit/{POST}?restored")
    );
    assert_eq!(
        std::fs::read_to_string(content.path().join(POST)).unwrap(),
        original
    );
    let after = request(&app, get_with(restored.header("location"), &cookie)).await;
    assert!(
        after.body.contains("The earlier version is restored."),
        "{}",
        after.body
    );
    assert!(
        !common::get(&app, "/blog/hello")
            .await
            .body
            .contains("Hello again")
    );

    let (repository, id) = head(content.path());
    let short: String = first.to_string().chars().take(7).collect();
    assert_eq!(
        message_of(&repository, id),
        format!("restore: {POST} to {short}")
    );
    let commit = repository.find_commit(id).unwrap();
    assert_eq!(commit.author().email().ok(), Some(EDITOR));
    assert_eq!(
        commit.tree_id(),
        repository.find_commit(first).unwrap().tree_id()
    );
    let data = app.data.path().to_str().unwrap().to_owned();
    let audit = common::succeeded(common::hearth().args(["staff", "audit", "--data-dir", &data]));
    let audit = String::from_utf8(audit.stdout).unwrap();
    assert!(audit.contains(&format!("restore  {POST}")), "{audit}");
    let page = history(&app, &cookie, POST).await;
    assert!(
        page.body
            .contains(&format!("An earlier version ({short}) was restored.")),
        "{}",
        page.body
    );
}

/// A kept version the site can no longer load with (its author is no
/// therapist) is refused with 422 and its problems, in the form to fix;
/// nothing is written and no commit made. So is a version that is not
/// one (404).
#[tokio::test]
async fn a_version_the_site_can_no_longer_load_is_refused_and_nothing_is_written() {
    let smtp = SmtpServer::start();
    let (content, sources) = editable_site();
    let (app, _clock) = staff_app_on(&sources, &smtp);
    let good = std::fs::read_to_string(content.path().join(POST)).unwrap();
    let broken = commit_by_hand(
        content.path(),
        &good.replace("author: jo-lee", "author: nobody-here"),
        "a broken author",
    );
    commit_by_hand(content.path(), &good, "the author back");
    let (_, before) = head(content.path());
    let cookie = signed_in(&app, &smtp).await;
    let page = history(&app, &cookie, POST).await;
    assert!(
        page.body
            .contains("Changed outside the editor: a broken author"),
        "{}",
        page.body
    );
    assert!(values_of(&page.body, "version").contains(&broken.to_string()));
    let token = token_in(&page.body);

    let refused = restore_as_editor(&app, &cookie, &token, POST, &broken.to_string()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Nothing was restored"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("nobody-here"));
    assert_eq!(
        std::fs::read_to_string(content.path().join(POST)).unwrap(),
        good
    );
    assert_eq!(head(content.path()).1, before);

    let short: String = broken.to_string().chars().take(7).collect();
    for version in [
        short.as_str(),
        "0000000000000000000000000000000000000000",
        "x",
    ] {
        let reply = restore_as_editor(&app, &cookie, &token, POST, version).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{version}");
    }
    assert_eq!(head(content.path()).1, before);
}

/// A restore sent from another site, without the session's token or with
/// another one is refused (403), and changes nothing.
#[tokio::test]
async fn a_cross_site_or_tokenless_restore_is_refused() {
    let smtp = SmtpServer::start();
    let (content, sources) = editable_site();
    let (app, _clock) = staff_app_on(&sources, &smtp);
    let (_, first) = head(content.path());
    let cookie = signed_in(&app, &smtp).await;
    let saved = save(&app, &cookie, &[("title", "Hello again")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let (_, before) = head(content.path());
    let token = token_in(&history(&app, &cookie, POST).await.body);
    let cases: [(String, Vec<(&str, &str)>); 4] = [
        (
            format!("token={token}&version={first}"),
            vec![("cookie", &cookie), ("sec-fetch-site", "cross-site")],
        ),
        (
            format!("token={token}&version={first}"),
            vec![("cookie", &cookie), ("origin", "https://elsewhere.example")],
        ),
        (
            format!("version={first}"),
            vec![("cookie", &cookie), SAME_ORIGIN],
        ),
        (
            format!("token=0{token}&version={first}"),
            vec![("cookie", &cookie), SAME_ORIGIN],
        ),
    ];
    for (body, headers) in &cases {
        let reply = restore(&app, POST, body, headers).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{body} {headers:?}");
    }
    assert_eq!(head(content.path()).1, before);
    let text = std::fs::read_to_string(content.path().join(POST)).unwrap();
    assert!(text.contains("title: Hello again"), "{text}");
}

/// Paths that lead out of the content folder have no history page and
/// restore nothing: 404, whatever the spelling.
#[tokio::test]
async fn a_path_outside_the_content_folder_is_not_found() {
    let smtp = SmtpServer::start();
    let (content, sources) = editable_site();
    let (app, _clock) = staff_app_on(&sources, &smtp);
    let (_, first) = head(content.path());
    let cookie = signed_in(&app, &smtp).await;
    let token = token_in(&request(&app, get_with("/staff/", &cookie)).await.body);
    for path in [
        "..%2Fsite.yaml",
        "%2E%2E/%2E%2E/etc/passwd",
        "posts/..%2F..%2Fsecret.md",
        ".git/config",
        "posts/missing.md",
    ] {
        assert_eq!(
            history(&app, &cookie, path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
        let reply = restore_as_editor(&app, &cookie, &token, path, &first.to_string()).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(head(content.path()).1, first);
}

/// A content folder whose repository cannot be opened (its `.git` points
/// nowhere) keeps no versions, and says so; saving still works.
#[tokio::test]
async fn without_a_usable_repository_the_editor_saves_and_the_history_says_why() {
    let smtp = SmtpServer::start();
    let (content, sources) = editable_site();
    std::fs::write(content.path().join(".git"), "gitdir: /nowhere/at/all\n").unwrap();
    let (app, _clock) = staff_app_on(&sources, &smtp);
    let cookie = signed_in(&app, &smtp).await;
    let saved = save(&app, &cookie, &[("title", "Hello again")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let text = std::fs::read_to_string(content.path().join(POST)).unwrap();
    assert!(text.contains("title: Hello again"), "{text}");
    let page = history(&app, &cookie, POST).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Earlier versions are not being kept"),
        "{}",
        page.body
    );
    assert!(values_of(&page.body, "version").is_empty());
    let token = token_in(&request(&app, get_with("/staff/", &cookie)).await.body);
    let reply = restore_as_editor(&app, &cookie, &token, POST, &"0".repeat(40)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

/// A file started from the home has no history link until it is saved;
/// its first save is a commit that adds it, listed with no version before
/// it to restore.
#[tokio::test]
async fn a_new_file_is_kept_from_its_first_save() {
    let smtp = SmtpServer::start();
    let (content, sources) = editable_site();
    let (app, _clock) = staff_app_on(&sources, &smtp);
    let cookie = signed_in(&app, &smtp).await;
    let token = token_in(&request(&app, get_with("/staff/", &cookie)).await.body);
    let body = format!("token={token}&kind=post&title=A+new+beginning");
    let form = request(
        &app,
        post("/staff/new", &body, &[("cookie", &cookie), SAME_ORIGIN]),
    )
    .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(
        !form.body.contains("href=\"/staff/history/"),
        "{}",
        form.body
    );
    let action_at = form.body.find("action=\"/staff/edit/").unwrap() + 20;
    let path = form.body[action_at..].split('"').next().unwrap().to_owned();
    // A new file's fields are all in its form: the ones it needs are posted.
    let date: String = path.trim_start_matches("posts/").chars().take(10).collect();
    let body = format!(
        "token={token}&revision=new&title=A+new+beginning&date={date}&author=jo-lee&draft=true&body=The+first+words."
    );
    let uri = format!("/staff/edit/{path}");
    let saved = request(&app, post(&uri, &body, &[("cookie", &cookie), SAME_ORIGIN])).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let (repository, id) = head(content.path());
    assert_eq!(message_of(&repository, id), format!("save: {path}"));
    let page = history(&app, &cookie, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<ins>The first words.</ins>"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<del>"));
    assert!(values_of(&page.body, "version").is_empty());
}
