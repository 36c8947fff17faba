//! The editors' preview (`--dev`): saves re-render the site and reload open
//! tabs within a second, a broken save shows its problems while the last
//! good site is kept, drafts are shown with a banner, and none of it exists
//! on the production site.

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use hearth::content::Sources;
use http_body_util::BodyExt;
use tower::ServiceExt;

fn preview(sources: &Sources) -> TestApp {
    let app = app_with(sources, "http://127.0.0.1:3000", &["--dev"]);
    // Watched from here on: a save after this returns is seen.
    (app.state.site.watch(std::slice::from_ref(&sources.content))).unwrap();
    app
}

async fn eventually(app: &TestApp, path: &str, wanted: impl Fn(&Reply) -> bool) -> Duration {
    let start = Instant::now();
    loop {
        let reply = get(app, path).await;
        if wanted(&reply) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{path} never changed: {}",
            reply.body
        );
        tokio::task::yield_now().await;
    }
}

/// A new file is served within a second of saving it, and the open tab is
/// told to reload through the event stream.
#[tokio::test]
async fn saves_show_up_within_a_second() {
    let (dir, sources) = editable_site();
    let app = preview(&sources);
    let events = app
        .router
        .clone()
        .oneshot(Request::get("/_dev/events").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let mut events = events.into_body();

    std::fs::write(
        dir.path().join("posts/2026-01-06-fresh.md"),
        "---\ntitle: Fresh\ndate: 2026-01-06\nauthor: jo-lee\n---\nJust saved.\n",
    )
    .unwrap();
    let took = eventually(&app, "/blog/fresh", |reply| reply.status == StatusCode::OK).await;
    assert!(took < Duration::from_secs(1), "took {took:?}");
    let frame = tokio::time::timeout(Duration::from_secs(2), events.frame())
        .await
        .expect("a reload event")
        .unwrap()
        .unwrap();
    let text = String::from_utf8(frame.into_data().unwrap().to_vec()).unwrap();
    assert!(text.contains("data: reload"), "{text}");
}

/// A save that breaks the content keeps the last good site and shows the
/// problems, with file and line, until they are fixed.
#[tokio::test]
async fn broken_saves_show_their_problems() {
    let (dir, sources) = editable_site();
    let app = preview(&sources);
    let post = dir.path().join("posts/2026-01-05-hello.md");
    let good = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, good.replace("author: jo-lee", "autor: jo-lee")).unwrap();
    eventually(&app, "/blog/hello", |reply| {
        reply.body.contains("The content needs fixing")
    })
    .await;
    let page = get(&app, "/").await.body;
    assert!(page.contains("posts/2026-01-05-hello.md:4:1: error: unknown field \"autor\"; did you mean \"author\"?"), "{page}");
    assert!(
        page.contains("/_dev/reload.js"),
        "the problem page reloads itself too"
    );
    assert!(
        app.state
            .site
            .load()
            .rendered
            .pages
            .contains_key("/blog/hello"),
        "the last good site is kept"
    );

    std::fs::write(&post, good).unwrap();
    eventually(&app, "/blog/hello", |reply| {
        reply.body.contains("<h1>Hello</h1>")
    })
    .await;
}

/// The preview shows drafts and scheduled posts, each with a banner, and
/// pages carry the reload script allowed by the preview's policy.
#[tokio::test]
async fn drafts_are_previewed_with_a_banner() {
    let (dir, sources) = editable_site();
    std::fs::write(
        dir.path().join("posts/2026-01-06-unfinished.md"),
        "---\ntitle: Unfinished\ndate: 2026-01-06\nauthor: jo-lee\ndraft: true\n---\nNot yet.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("posts/2099-01-01-later.md"),
        "---\ntitle: Later\ndate: 2099-01-01T09:00\nauthor: jo-lee\n---\nOne day.\n",
    )
    .unwrap();
    let app = preview(&sources);
    let draft = get(&app, "/blog/unfinished").await;
    assert_eq!(draft.status, StatusCode::OK);
    assert!(draft.body.contains(r#"<p class="preview-banner" role="status">Draft: this article is not on the live site.</p>"#));
    assert!(
        draft
            .body
            .contains("<script src=\"/_dev/reload.js\" defer></script>\n</body>")
    );
    assert!(
        draft
            .header("content-security-policy")
            .contains("script-src 'self'")
    );
    let later = get(&app, "/blog/later").await.body;
    assert!(
        later.contains(
            "Scheduled: this article appears on the live site on January 1, 2099 at 09:00."
        )
    );

    let production = app_for(&sources, "http://127.0.0.1:3000");
    assert_eq!(
        get(&production, "/blog/unfinished").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&production, "/_dev/events").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&production, "/_dev/reload.js").await.status,
        StatusCode::NOT_FOUND
    );
    let home = get(&production, "/").await;
    assert!(!home.body.contains("<script src"));
    assert!(!home.body.contains("preview-banner"));
    assert!(
        !home
            .header("content-security-policy")
            .contains("script-src")
    );
}

/// A browser asking for compressed pages gets the preview's page whole: the
/// reload script is added to the page before it is compressed, not to
/// compressed bytes.
#[tokio::test]
async fn previews_are_compressed_after_the_script_is_added() {
    use std::io::Read;
    let app = app_with(&practice_sources(), "http://127.0.0.1:3000", &["--dev"]);
    for accept in ["gzip", "br", "gzip, deflate, br"] {
        let reply = request(
            &app,
            Request::get("/about")
                .header("accept-encoding", accept)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        let mut html = String::new();
        match reply.header("content-encoding") {
            "br" => brotli::Decompressor::new(&reply.bytes[..], 4096)
                .read_to_string(&mut html)
                .unwrap(),
            "gzip" => flate2::read::GzDecoder::new(&reply.bytes[..])
                .read_to_string(&mut html)
                .unwrap(),
            other => panic!("{accept}: sent as {other:?}"),
        };
        assert!(html.starts_with("<!doctype html>"), "{accept}");
        assert!(
            html.contains("<script src=\"/_dev/reload.js\" defer></script>\n</body>"),
            "{accept}"
        );
    }
}
