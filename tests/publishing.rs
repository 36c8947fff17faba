//! What the live site shows and when: drafts stay hidden, scheduled posts
//! appear at their time without a restart, and a reload swaps in good
//! content or keeps the old site when the new content is broken.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::*;
use hearth::Clock;
use jiff::Timestamp;

/// A clock the test sets by hand.
struct ManualClock(Mutex<Timestamp>);

impl ManualClock {
    fn at(time: &str) -> Arc<ManualClock> {
        Arc::new(ManualClock(Mutex::new(time.parse().unwrap())))
    }

    fn set(&self, time: &str) {
        *self.0.lock().unwrap() = time.parse().unwrap();
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap()
    }
}

fn write(dir: &tempfile::TempDir, path: &str, text: &str) {
    std::fs::write(dir.path().join(path), text).unwrap();
}

fn post(date: &str, extra: &str) -> String {
    format!(
        "---\ntitle: A post\ndate: {date}\nauthor: jo-lee\ntags: [later]\n{extra}---\nThe body.\n"
    )
}

/// Drafts of every kind are absent from the live site: no page, no link
/// from lists, tags or the team; a draft therapist's posts wait with them.
#[tokio::test]
async fn drafts_are_hidden() {
    let (dir, sources) = editable_site();
    write(
        &dir,
        "posts/2026-01-06-draft-post.md",
        &post("2026-01-06", "draft: true\n"),
    );
    write(
        &dir,
        "pages/hiring.md",
        "---\ntitle: We are hiring\ndraft: true\n---\nSoon.\n",
    );
    write(
        &dir,
        "therapists/new-person.md",
        &std::fs::read_to_string(dir.path().join("therapists/jo-lee.md"))
            .unwrap()
            .replace("name: Jo Lee", "name: New Person\ndraft: true"),
    );
    write(
        &dir,
        "posts/2026-01-07-by-new-person.md",
        &post("2026-01-07", "").replace("jo-lee", "new-person"),
    );
    let app = app_for(&sources, "http://127.0.0.1:3000");

    for hidden in [
        "/blog/draft-post",
        "/hiring",
        "/therapists/new-person",
        "/blog/by-new-person",
        "/blog/tags/later",
    ] {
        assert_eq!(
            get(&app, hidden).await.status,
            StatusCode::NOT_FOUND,
            "{hidden}"
        );
    }
    for (list, absent) in [
        ("/blog", "draft-post"),
        ("/blog", "by-new-person"),
        ("/", "draft-post"),
        ("/therapists", "new-person"),
        ("/services/individual-therapy", "new-person"),
        ("/consultation", "new-person"),
        ("/blog/hello", "draft-post"),
    ] {
        let html = get(&app, list).await.body;
        assert!(!html.contains(absent), "{list} mentions {absent}");
    }
    assert_eq!(get(&app, "/blog/hello").await.status, StatusCode::OK);
}

/// A required page cannot be hidden as a draft.
#[test]
fn required_pages_cannot_be_drafts() {
    let (dir, sources) = editable_site();
    write(
        &dir,
        "pages/privacy.md",
        "---\ntitle: Privacy\ndraft: true\n---\nText.\n",
    );
    let errors = hearth::content::load(&sources).unwrap_err().to_string();
    assert!(
        errors.contains(
            "pages/privacy.md:1:1: error: the \"privacy\" page is required, so it cannot be a draft"
        ),
        "{errors}"
    );
}

/// A post dated in the future is hidden until its moment in the practice's
/// time zone, then appears, with its tag page, without a restart.
#[tokio::test]
async fn scheduled_posts_appear_at_their_time() {
    let (dir, sources) = editable_site();
    let site = std::fs::read_to_string(dir.path().join("site.yaml")).unwrap();
    write(
        &dir,
        "site.yaml",
        &format!("{site}timezone: America/Los_Angeles\n"),
    );
    write(
        &dir,
        "posts/2026-12-01-winter-hours.md",
        &post("2026-12-01T09:00", ""),
    );
    let clock = ManualClock::at("2026-12-01T16:59:59Z");
    let app = app_at(&sources, "http://127.0.0.1:3000", &[], clock.clone());

    assert_eq!(
        get(&app, "/blog/winter-hours").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!get(&app, "/blog").await.body.contains("winter-hours"));
    assert!(
        !app.state.site.publish_due().unwrap(),
        "nothing is due a second early"
    );

    // 09:00 in Los Angeles is 17:00 UTC in December.
    clock.set("2026-12-01T17:00:00Z");
    assert!(app.state.site.publish_due().unwrap());
    let page = get(&app, "/blog/winter-hours").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(r#"<time datetime="2026-12-01">December 1, 2026</time>"#)
    );
    assert!(get(&app, "/blog").await.body.contains("/blog/winter-hours"));
    assert_eq!(get(&app, "/blog/tags/later").await.status, StatusCode::OK);
    assert!(app.state.site.load().next_publication.is_none());
}

/// The scheduler goes by the site's clock, not the system's: it sleeps
/// until the post is due by that clock, and when that clock reaches the
/// post's time (a 2099 post, far from the system's time) it publishes it.
#[tokio::test]
async fn the_scheduler_goes_by_the_sites_clock() {
    let (dir, sources) = editable_site();
    write(
        &dir,
        "posts/2099-01-01-soon.md",
        &post("2099-01-01T09:00", ""),
    );
    let clock = ManualClock::at("2099-01-01T08:59:00Z");
    let app = app_at(&sources, "http://127.0.0.1:3000", &[], clock.clone());
    let wait = app.state.site.next_look();
    assert!(
        wait > Duration::from_secs(60) && wait < Duration::from_secs(61),
        "sleeps {wait:?}, not until the post is due"
    );
    tokio::spawn(app.state.site.clone().publish_on_schedule());
    assert_eq!(get(&app, "/blog/soon").await.status, StatusCode::NOT_FOUND);

    clock.set("2099-01-01T09:00:00Z");
    app.state.site.look_at_the_schedule_again();
    let start = Instant::now();
    while get(&app, "/blog/soon").await.status != StatusCode::OK {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the post did not appear"
        );
        tokio::task::yield_now().await;
    }
    assert_eq!(
        app.state.site.next_look(),
        Duration::from_secs(60 * 60),
        "nothing else is waiting"
    );
}

/// A clinical review shows on the post.
#[tokio::test]
async fn reviewed_posts_say_so() {
    let html = get(&practice_app(), "/blog/questions-for-a-consultation")
        .await
        .body;
    assert!(html.contains(r#"<p class="reviewed">Clinically reviewed by Bo Castillo, LCSW on <time datetime="2026-06-29">June 29, 2026</time></p>"#), "{html}");
    let (dir, sources) = editable_site();
    write(
        &dir,
        "posts/2026-01-05-hello.md",
        &post("2026-01-05", "reviewed_by: Someone\n"),
    );
    let errors = hearth::content::load(&sources).unwrap_err().to_string();
    assert!(
        errors.contains("2026-01-05-hello.md:6:14: error: \"reviewed_by\" needs \"reviewed_on\""),
        "{errors}"
    );
}

/// A reload swaps in good content at once; broken content is refused and
/// the site keeps serving what it had.
#[tokio::test]
async fn reloads_keep_the_last_good_site() {
    let (dir, sources) = editable_site();
    let app = app_for(&sources, "http://127.0.0.1:3000");
    write(&dir, "posts/2026-01-06-news.md", &post("2026-01-06", ""));
    assert_eq!(get(&app, "/blog/news").await.status, StatusCode::NOT_FOUND);
    app.state.site.reload().unwrap();
    assert_eq!(get(&app, "/blog/news").await.status, StatusCode::OK);

    write(
        &dir,
        "posts/2026-01-06-news.md",
        "---\ntitle: [broken\n---\n",
    );
    write(&dir, "posts/2026-01-08-other.md", &post("2026-01-08", ""));
    let error = app.state.site.reload().unwrap_err().to_string();
    assert!(error.contains("posts/2026-01-06-news.md:2:"), "{error}");
    assert_eq!(
        get(&app, "/blog/news").await.status,
        StatusCode::OK,
        "the old site stays"
    );
    assert_eq!(
        get(&app, "/blog/other").await.status,
        StatusCode::NOT_FOUND,
        "nothing of the bad version"
    );
}

/// The real binary reloads on `hearth reload` (which finds it by the pid
/// file in its data folder) and on SIGHUP, and refuses a broken edit with
/// its errors in the log while the old site keeps serving. Once it has
/// stopped, `hearth reload` says so.
#[test]
fn sighup_reloads_the_real_server() {
    use std::io::BufRead;
    let (dir, sources) = editable_site();
    let data = tempfile::tempdir().unwrap();
    let mut child = hearth()
        .args(["--addr", "127.0.0.1:0"])
        .arg("--content")
        .arg(&sources.content)
        .arg("--data-dir")
        .arg(data.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (address, log) = wait_for_address(&mut child);
    let running = Running(Some(child));
    let pid = running.0.as_ref().unwrap().id().to_string();
    let hangup = || {
        assert!(
            std::process::Command::new("kill")
                .args(["-HUP", &pid])
                .status()
                .unwrap()
                .success()
        );
    };
    // The log is read on its own thread, so a line that never comes fails
    // the test after a while instead of hanging it.
    let (lines, received) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in log.lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                return;
            }
        }
    });
    let wait_for_line = |wanted: &str| -> String {
        let mut seen = String::new();
        loop {
            let line = received
                .recv_timeout(Duration::from_secs(10))
                .unwrap_or_else(|_| panic!("no log line with {wanted:?}; saw:\n{seen}"));
            seen.push_str(&line);
            seen.push('\n');
            if line.contains(wanted) {
                return seen;
            }
        }
    };

    assert!(http_get(&address, "/blog/news").starts_with("HTTP/1.1 404"));
    write(&dir, "posts/2026-01-06-news.md", &post("2026-01-06", ""));
    let reload = || {
        hearth()
            .arg("reload")
            .arg("--data-dir")
            .arg(data.path())
            .output()
            .unwrap()
    };
    let asked = reload();
    assert!(asked.status.success(), "{asked:?}");
    assert!(
        String::from_utf8_lossy(&asked.stdout).contains(&format!("(process {pid})")),
        "{asked:?}"
    );
    wait_for_line("reloaded the content");
    assert!(http_get(&address, "/blog/news").starts_with("HTTP/1.1 200"));

    write(
        &dir,
        "posts/2026-01-06-news.md",
        "---\ntitle: News\nautor: jo-lee\n---\n",
    );
    hangup();
    let seen = wait_for_line("previous version");
    let seen = seen + &wait_for_line("in the content");
    assert!(
        seen.contains(
            "posts/2026-01-06-news.md:3:1: error: unknown field \"autor\"; did you mean \"author\"?"
        ),
        "{seen}"
    );
    assert!(
        http_get(&address, "/blog/news").starts_with("HTTP/1.1 200"),
        "the old site stays"
    );
    drop(running);
    let refused = reload();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("has stopped"),
        "{refused:?}"
    );
}
