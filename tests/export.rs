//! `hearth build`: the exported files are byte for byte what `hearth serve`
//! answers, in every encoding, and the forms can live on another server;
//! shown on the fixture practice (`tests/fixtures/practice`). The demo
//! practice is only built once, to prove it exports.

mod common;

use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;

/// Every page, document and fingerprinted file of the export equals what the
/// server sends for it: the identity body, and the `.br` and `.gz` siblings
/// equal the brotli and gzip bodies.
#[tokio::test]
async fn the_export_is_what_serve_answers() {
    let app = app_with(&practice_sources(), "https://practice.example", &[]);
    let out = tempfile::tempdir().unwrap();
    let site = app.state.site.load();
    let summary = hearth::export::export(&site, &repo_path("static"), out.path()).unwrap();
    assert_eq!(
        summary.pages,
        site.rendered.pages.len() - site.rendered.editions.len(),
        "every page but the thank-you page of each language: {summary:?}"
    );

    let mut paths: Vec<&String> = site
        .rendered
        .pages
        .keys()
        .chain(site.assets.files.keys())
        .filter(|path| !path.ends_with("/consultation/thanks"))
        .collect();
    paths.sort();
    for path in paths {
        let file = out.path().join(hearth::export::file_for(path));
        for (accept, suffix) in [("identity", ""), ("br", ".br"), ("gzip", ".gz")] {
            let reply = request(
                &app,
                Request::get(path.as_str())
                    .header("accept-encoding", accept)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            let compressed = reply.headers.contains_key("content-encoding");
            if !suffix.is_empty() && !compressed {
                // Too small to compress: served and exported as is.
                assert!(!exists(&file, suffix), "{path}{suffix}");
                continue;
            }
            let written = std::fs::read(format!("{}{suffix}", file.display()))
                .unwrap_or_else(|error| panic!("{path}{suffix}: {error}"));
            assert!(written == reply.bytes, "{path} differs in {accept}");
        }
    }

    let not_found = get(&app, "/no-such-page").await;
    assert_eq!(
        std::fs::read(out.path().join("404.html")).unwrap(),
        not_found.bytes
    );
    assert_eq!(
        std::fs::read(out.path().join("static/img/social.png")).unwrap(),
        std::fs::read(repo_path("static/img/social.png")).unwrap()
    );
    let headers = std::fs::read_to_string(out.path().join("_headers")).unwrap();
    let served_policy = get(&app, "/").await;
    assert!(headers.contains(&format!(
        "content-security-policy: {}",
        served_policy.header("content-security-policy")
    )));
    assert!(headers.contains("strict-transport-security"));
}

fn exists(file: &Path, suffix: &str) -> bool {
    Path::new(&format!("{}{suffix}", file.display())).exists()
}

/// `hearth build` of the content folder `content` into `out`.
fn build(content: &str, out: &Path) -> std::process::Output {
    hearth()
        .args(["build", "--content", content])
        .args(["--out", out.to_str().unwrap()])
        .args(["--base-url", "https://practice.example"])
        .output()
        .unwrap()
}

fn build_practice(out: &Path) -> std::process::Output {
    build("tests/fixtures/practice", out)
}

/// The real command writes the site, refuses to empty a folder it did not
/// write, and replaces its own earlier export.
#[test]
fn hearth_build_writes_and_rewrites_its_folder() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let build = || build_practice(&out);
    let first = build();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).starts_with("wrote "));
    // Built without a server for the forms, it says so.
    assert!(
        String::from_utf8_lossy(&first.stderr).contains("warning: no --form-origin"),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    for file in [
        "index.html",
        "index.html.br",
        "index.html.gz",
        "blog/grief-has-no-timeline.html",
        "therapists/ana-lindqvist.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    assert!(!out.join("consultation/thanks.html").exists());

    std::fs::write(out.join("stale.html"), "from an older site").unwrap();
    assert!(build().status.success());
    assert!(
        !out.join("stale.html").exists(),
        "an earlier export is replaced"
    );

    let notes = parent.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("session.txt"), "private").unwrap();
    let refused = build_practice(&notes);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("was not written by `hearth build`"));
    assert!(notes.join("session.txt").exists());
}

/// The demo practice, with the settings it ships with, builds.
#[test]
fn the_demo_builds() {
    let out = tempfile::tempdir().unwrap();
    let built = build("content", out.path());
    assert!(built.status.success(), "{built:?}");
    for file in ["index.html", "404.html", "sitemap.xml"] {
        assert!(out.path().join(file).is_file(), "{file}");
    }
}

/// With `HEARTH_FORM_ORIGIN`, every way into the consultation form, search
/// and the team filters leads to that server, its origin is allowed as a
/// form target, and the sitemap no longer lists the consultation page.
#[tokio::test]
async fn forms_can_be_answered_by_another_server() {
    let origin = "https://forms.practice.example";
    let app = app_with(
        &practice_sources(),
        "https://practice.example",
        &["--form-origin", origin],
    );
    let home = get(&app, "/").await;
    assert!(
        home.body
            .contains(&format!("href=\"{origin}/consultation\""))
    );
    assert!(!home.body.contains("href=\"/consultation"));
    assert!(home.body.contains(&format!("href=\"{origin}/search\"")));
    let bio = get(&app, "/therapists/ana-lindqvist").await.body;
    assert!(bio.contains(&format!(
        "href=\"{origin}/consultation?therapist=ana-lindqvist\""
    )));
    let team = get(&app, "/therapists").await.body;
    assert!(team.contains(&format!("action=\"{origin}/therapists\"")));
    assert!(
        home.header("content-security-policy")
            .contains(&format!("form-action 'self' {origin};"))
    );
    let sitemap = get(&app, "/sitemap.xml").await.body;
    assert!(!sitemap.contains("practice.example/consultation<"));
    assert!(sitemap.contains("<loc>https://practice.example/therapists</loc>"));

    let refused = hearth()
        .args(["build", "--out", "/nonexistent/never-written"])
        .args(["--base-url", "https://practice.example"])
        .args(["--form-origin", "https://forms.example/consultation"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("scheme and host only"));

    let out = tempfile::tempdir().unwrap();
    let built = hearth()
        .args(["build", "--content", "tests/fixtures/practice"])
        .args(["--out", out.path().to_str().unwrap()])
        .args([
            "--base-url",
            "https://practice.example",
            "--form-origin",
            origin,
        ])
        .output()
        .unwrap();
    assert!(built.status.success(), "{built:?}");
    assert!(!String::from_utf8_lossy(&built.stderr).contains("warning: no --form-origin"));
}

/// Built without a server for the forms, the export's consultation links
/// are the practice's phone number and say to call: no page links to a
/// form the static host cannot answer.
#[test]
fn an_export_without_a_form_server_says_to_call() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    let built = build_practice(&out);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let mut pages = 0;
    for path in common::files_under(&out) {
        if path.extension().is_none_or(|extension| extension != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&path).unwrap();
        for form in [
            "href=\"/consultation",
            "href=\"/es/consultation",
            "/consultation?",
        ] {
            assert!(
                !html.contains(form),
                "{} links to the form: {form}",
                path.display()
            );
        }
        pages += 1;
    }
    assert!(pages > 10, "{pages} pages");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<a class=\"button\" href=\"tel:"), "{home}");
    assert!(home.contains(">Call "), "{home}");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for form in [
        "practice.example/consultation<",
        "practice.example/es/consultation<",
    ] {
        assert!(!sitemap.contains(form), "{sitemap}");
    }
    let bio = std::fs::read_to_string(out.join("therapists/ana-lindqvist.html")).unwrap();
    assert!(bio.contains("to book a free consultation</a>"), "{bio}");
}
