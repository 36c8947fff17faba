//! Every route, driven through the router with `oneshot`: what each page
//! must show, the 404s, the filters and the headers every response carries.
//! The pages' words come from the fixture practice (`tests/fixtures/practice`),
//! written for these tests; the demo practice is only crawled, to prove every
//! page of it answers.

mod common;

use std::collections::HashSet;
use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;

/// Paths of every page the content of `sources` should produce, found from
/// the files themselves (and the tags from the loaded site) so a new file is
/// covered without touching this test.
fn site_paths(sources: &hearth::content::Sources) -> Vec<String> {
    let folder: &Path = &sources.content;
    let mut paths: Vec<String> = ["/", "/blog", "/therapists", "/services", "/consultation"]
        .map(String::from)
        .to_vec();
    for (kind, prefix) in [
        ("posts", "/blog/"),
        ("therapists", "/therapists/"),
        ("services", "/services/"),
        ("pages", "/"),
    ] {
        for entry in std::fs::read_dir(folder.join(kind)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let stem = name.strip_suffix(".md").unwrap();
            // Translations (`NAME.es.md`) have addresses of their own under
            // `/es/`, which tests/languages.rs walks.
            if stem.contains('.') {
                continue;
            }
            let slug = if kind == "posts" { &stem[11..] } else { stem };
            paths.push(format!("{prefix}{slug}"));
        }
    }
    let site = hearth::content::load(sources).unwrap();
    assert!(!site.tags.is_empty(), "{}", folder.display());
    for tag in &site.tags {
        paths.push(format!("/blog/tags/{}", tag.tag.slug));
    }
    paths
}

/// GET `path` as a browser that accepts the encodings `accept`.
async fn get_encoded(app: &TestApp, path: &str, accept: &str) -> Reply {
    request(
        app,
        Request::get(path)
            .header("accept-encoding", accept)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The rules of the shared layout that hold whatever a page says: one h1,
/// the skip link and main landmark, no script but structured data, no inline
/// style, nothing loaded from another site, its canonical link, unique ids,
/// and headings that never skip a level.
fn assert_layout_rules(path: &str, html: &str) {
    assert_eq!(count(html, "<h1"), 1, "{path} must have exactly one h1");
    assert!(
        html.contains(r##"<a class="skip-link" href="#main">"##),
        "{path}"
    );
    assert!(html.contains(r#"<main id="main""#), "{path}");
    // Only structured data, which browsers never run, and the quick exit's
    // own script beside its link: no other script.
    let scripts = html.matches("<script").count();
    let data = html
        .matches("<script type=\"application/ld+json\">")
        .count();
    let quick_exit = html.matches("<script src=\"/static/js/quick-exit.").count();
    assert_eq!(scripts, data + quick_exit, "{path} has a script");
    assert!(
        quick_exit == 0 || (quick_exit == 1 && html.contains("<a class=\"quick-exit\"")),
        "{path}"
    );
    assert!(!html.contains(" style="), "{path} has an inline style");
    // Nothing is fetched from another site: no trackers, fonts or embeds.
    for attribute in [
        " src=\"http",
        " src=\"//",
        " srcset=\"http",
        "<link rel=\"stylesheet\" href=\"http",
        "<iframe",
    ] {
        assert!(
            !html.contains(attribute),
            "{path} loads from elsewhere: {attribute}"
        );
    }
    assert!(
        html.contains(&format!(
            r#"<link rel="canonical" href="http://127.0.0.1:3000{path}">"#
        )),
        "{path} lacks its canonical link"
    );
    let mut ids = HashSet::new();
    for part in html.split(" id=\"").skip(1) {
        let id = part.split('"').next().unwrap();
        assert!(ids.insert(id.to_owned()), "{path} repeats the id {id}");
    }
    let mut previous = 0;
    for part in html.split("<h").skip(1) {
        let Some(level) = part.chars().next().and_then(|c| c.to_digit(10)) else {
            continue;
        };
        assert!(
            level <= previous + 1,
            "{path}: h{level} follows h{previous}"
        );
        previous = level;
    }
}

/// Every page answers 200 as HTML, cached as its kind needs, in the shared
/// layout, with the practice's crisis notice, address and phone from its
/// settings.
#[tokio::test]
async fn every_page_renders_with_the_shared_layout() {
    let app = practice_app();
    let settings = practice_site().settings;
    let paths = site_paths(&practice_sources());
    assert!(paths.len() >= 20, "{paths:?}");
    for path in paths {
        let reply = get(&app, &path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(
            reply.header("content-type"),
            "text/html; charset=utf-8",
            "{path}"
        );
        // The form carries a one-time token, so it is never cached.
        let cache = if path == "/consultation" {
            "no-store"
        } else {
            "no-cache"
        };
        assert_eq!(reply.header("cache-control"), cache, "{path}");
        let html = &reply.body;
        assert!(
            html.contains(&settings.crisis),
            "{path} lacks the crisis notice"
        );
        assert!(
            html.contains(&settings.address.street),
            "{path} lacks the address"
        );
        assert!(html.contains(&settings.phone), "{path} lacks the phone");
        assert_layout_rules(&path, html);
    }
}

/// Every page of the demo practice answers 200 in the shared layout, and
/// its home page stays light enough for a slow phone connection. The only
/// test here on the demo: what pages say is tested on the fixture.
#[tokio::test]
async fn every_demo_page_answers() {
    let app = demo_app();
    let paths = site_paths(&demo_sources());
    assert!(paths.len() >= 20, "{paths:?}");
    for path in paths {
        let reply = get(&app, &path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_layout_rules(&path, &reply.body);
    }
    app.state.site.load().rendered.precompress();
    let home = get_encoded(&app, "/", "br").await;
    assert_eq!(home.header("content-encoding"), "br");
    assert!(
        home.bytes.len() < 30 * 1024,
        "the home page is {} bytes compressed",
        home.bytes.len()
    );
}

/// Every page has its own title and description, and every JSON-LD block
/// on every page is valid JSON with a schema.org context and a type.
#[tokio::test]
async fn titles_descriptions_and_structured_data_on_every_page() {
    let app = practice_app();
    let mut titles = HashSet::new();
    let mut descriptions = HashSet::new();
    for path in site_paths(&practice_sources()) {
        let html = get(&app, &path).await.body;
        let between = |start: &str, end: &str| {
            let from = html
                .find(start)
                .unwrap_or_else(|| panic!("{path} lacks {start}"))
                + start.len();
            html[from..from + html[from..].find(end).unwrap()].to_owned()
        };
        assert!(
            titles.insert(between("<title>", "</title>")),
            "{path} repeats a title"
        );
        let description = between("<meta name=\"description\" content=\"", "\"");
        assert!(!description.is_empty(), "{path}");
        assert!(
            descriptions.insert(description),
            "{path} repeats a description"
        );
        for block in html.split("<script type=\"application/ld+json\">").skip(1) {
            let json = block.split("</script>").next().unwrap();
            let value: serde_json::Value =
                serde_json::from_str(json).unwrap_or_else(|error| panic!("{path}: {error}"));
            assert_eq!(value["@context"], "https://schema.org", "{path}");
            assert!(value["@type"].is_string(), "{path}");
        }
    }
}

/// Unknown addresses get the designed 404 page with the right status.
#[tokio::test]
async fn unknown_pages_are_designed_404s() {
    let app = practice_app();
    let crisis = practice_site().settings.crisis;
    for path in [
        "/nope",
        "/blog/nope",
        "/blog/tags/nope",
        "/therapists/nope",
        "/services/nope",
        "/blog?page=2",
        "/blog?page=0",
        "/blog?page=two",
        "/static/nope.css",
        "/static/../Cargo.toml",
        "/about/extra",
    ] {
        let reply = get(&app, path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            reply.header("content-type"),
            "text/html; charset=utf-8",
            "{path}"
        );
        assert!(reply.body.contains("<h1>Page not found</h1>"), "{path}");
        assert!(reply.body.contains(&crisis), "{path}");
        assert!(!reply.body.contains("rel=\"canonical\""), "{path}");
        assert!(
            !reply.header("content-security-policy").is_empty(),
            "{path}"
        );
    }
}

/// Every response carries the security headers, with no unsafe-inline anywhere.
#[tokio::test]
async fn security_headers_on_every_response() {
    let app = practice_app();
    for path in [
        "/",
        "/nope",
        "/static/css/site.css",
        "/healthz",
        "/therapists?format=online",
    ] {
        let reply = get(&app, path).await;
        let csp = reply.header("content-security-policy");
        for directive in [
            "default-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(reply.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(reply.header("referrer-policy"), "same-origin", "{path}");
        assert_eq!(
            reply.header("strict-transport-security"),
            "",
            "{path}: HSTS over http"
        );
    }
}

/// HSTS is sent only when the public address is https.
#[tokio::test]
async fn hsts_when_the_base_url_is_https() {
    let app = app_for(&practice_sources(), "https://practice.example");
    let reply = get(&app, "/").await;
    assert!(
        reply
            .header("strict-transport-security")
            .starts_with("max-age=31536000")
    );
    assert!(
        reply
            .body
            .contains(r#"<link rel="canonical" href="https://practice.example/">"#)
    );
}

/// The home page has the hero, services, therapists, latest posts and the call to action.
#[tokio::test]
async fn home_page_sections() {
    let html = get(&practice_app(), "/").await.body;
    assert!(html.contains("<h1>Fixture Lane Practice</h1>"));
    for expected in [
        "How we can help",
        "/services/grief-and-loss",
        "Our therapists",
        "/therapists/dee-okoro",
        "Recent articles",
        "/blog/questions-for-a-consultation",
        "/blog/grief-has-no-timeline",
        "/blog/perfectionism",
        "Request a free 20-minute consultation",
    ] {
        assert!(html.contains(expected), "home lacks {expected}");
    }
    // Only the three newest posts.
    assert!(!html.contains("/blog/before-the-wedding"));
    assert!(!html.contains("/blog/first-session"));
}

/// The blog lists posts newest first.
#[tokio::test]
async fn blog_is_newest_first() {
    let html = get(&practice_app(), "/blog").await.body;
    let positions: Vec<usize> = [
        "/blog/questions-for-a-consultation",
        "/blog/grief-has-no-timeline",
        "/blog/perfectionism",
        "/blog/before-the-wedding",
        "/blog/first-session",
    ]
    .iter()
    .map(|url| html.find(url).unwrap_or_else(|| panic!("{url} missing")))
    .collect();
    assert!(positions.is_sorted(), "{positions:?}");
    assert!(
        !html.contains("class=\"pagination\""),
        "one page needs no pagination"
    );
}

/// An article with several sections has its table of contents, linkable
/// headings, author card, previous/next links and the "Next steps".
#[tokio::test]
async fn long_post_page() {
    let html = get(&practice_app(), "/blog/questions-for-a-consultation")
        .await
        .body;
    assert!(
        html.contains("<nav class=\"toc\""),
        "long article lacks its contents"
    );
    assert!(
        html.contains(r##"<a href="#frequently-asked-questions">Frequently asked questions</a>"##)
    );
    assert!(html.contains(r#"<h2 id="frequently-asked-questions">"#));
    assert!(html.contains(
        r##"<a class="anchor" href="#frequently-asked-questions" aria-label="Link to the section: Frequently asked questions">#</a>"##
    ));
    assert!(html.contains("min read ("), "reading time and word count");
    assert!(html.contains(r#"<time datetime="2026-07-01">July 1, 2026</time>"#));
    // The author card: name, credentials, a link to the bio and a consultation.
    assert!(html.contains("About the author"));
    assert!(html.contains(r#"<a href="/therapists/ana-lindqvist">Read Ana Lindqvist’s bio</a>"#));
    assert!(html.contains(r#"href="/consultation?therapist=ana-lindqvist""#));
    // The newest post has an older neighbour only.
    assert!(html.contains(r#"href="/blog/grief-has-no-timeline" rel="prev""#));
    assert!(!html.contains("rel=\"next\""));
    assert!(html.contains("<h2 id=\"next-steps-heading\">Next steps</h2>"));
    assert!(html.contains("Schedule a free 20-minute phone consultation"));
    assert!(html.contains("Get matched with the therapist who is right for you"));
    assert!(html.contains(r#"<a href="/blog/tags/starting-therapy">starting therapy</a>"#));
}

/// A post in the middle links both ways.
#[tokio::test]
async fn post_neighbours() {
    let html = get(&practice_app(), "/blog/perfectionism").await.body;
    assert!(html.contains(r#"href="/blog/before-the-wedding" rel="prev""#));
    assert!(html.contains(r#"href="/blog/grief-has-no-timeline" rel="next""#));
}

/// Tag pages list exactly the posts carrying the tag.
#[tokio::test]
async fn tag_pages() {
    let html = get(&practice_app(), "/blog/tags/starting-therapy")
        .await
        .body;
    assert!(html.contains("<h1>Articles about starting therapy</h1>"));
    assert!(html.contains("/blog/questions-for-a-consultation"));
    assert!(html.contains("/blog/first-session"));
    assert!(!html.contains("/blog/grief-has-no-timeline"));
}

/// A therapist page: license line, supervisor for an associate, their posts,
/// a consultation link by name, and a monogram instead of a missing photo.
#[tokio::test]
async fn therapist_pages() {
    let app = practice_app();
    let html = get(&app, "/therapists/dee-okoro").await.body;
    assert!(html.contains("<h1>Dee Okoro, AMFT</h1>"));
    assert!(html.contains(
        "California license AMFT 200404. Supervised by Ana Lindqvist, LMFT, LMFT 200101"
    ));
    assert!(html.contains(
        r#"<a class="button" href="/consultation?therapist=dee-okoro">Request a consultation with Dee Okoro</a>"#
    ));
    assert!(html.contains(r#"<span class="portrait monogram" aria-hidden="true">DO</span>"#));
    assert!(!html.contains("<img"), "no photo, so no image at all");
    assert!(html.contains("Articles by Dee Okoro"));
    assert!(html.contains("/blog/before-the-wedding"));

    let html = get(&app, "/therapists/cy-moreau").await.body;
    assert!(html.contains("Not accepting new clients right now"));
    assert!(html.contains("California license PSY 200303"));
    assert!(!html.contains("Supervised by"));
}

/// Service pages list the therapists who offer them, and only those.
#[tokio::test]
async fn service_lists_its_therapists() {
    let app = practice_app();
    let html = get(&app, "/services/grief-and-loss").await.body;
    assert!(html.contains("<h1>Grief and loss</h1>"));
    assert!(html.contains("/therapists/bo-castillo"));
    for other in ["ana-lindqvist", "cy-moreau", "dee-okoro"] {
        assert!(!html.contains(&format!("/therapists/{other}")), "{other}");
    }
    let html = get(&app, "/services").await.body;
    assert_eq!(
        count(&html, "class=\"card service-card\""),
        practice_site().services.len()
    );
}

/// The five required pages exist, and fees carries the Good Faith Estimate notice.
#[tokio::test]
async fn practice_pages() {
    let app = practice_app();
    let fees = get(&app, "/fees").await.body;
    assert!(fees.contains("Good Faith Estimate"));
    assert!(
        fees.contains(r#"<a href="https://www.cms.gov/nosurprises" rel="noopener">"#),
        "external links get noopener"
    );
    assert!(
        get(&app, "/privacy")
            .await
            .body
            .contains("<h1>Notice of Privacy Practices</h1>")
    );
    assert!(
        get(&app, "/accessibility")
            .await
            .body
            .contains("<h1>Accessibility</h1>")
    );
    assert!(
        get(&app, "/faq")
            .await
            .body
            .contains(r#"<h3 id="how-do-i-start">"#)
    );
}

/// The fixture's therapists, in the order the team page shows them.
const EVERYONE: [&str; 4] = ["ana-lindqvist", "bo-castillo", "cy-moreau", "dee-okoro"];

async fn team(query: &str) -> Vec<&'static str> {
    let reply = get(&practice_app(), &format!("/therapists{query}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{query}");
    EVERYONE
        .into_iter()
        .filter(|slug| {
            reply
                .body
                .contains(&format!("<a href=\"/therapists/{slug}\">"))
        })
        .collect()
}

/// The team filters narrow the list through plain GET parameters. Each of
/// the fixture's therapists is the one left out by some filter: Bo alone
/// speaks Spanish and offers grief work, Cy is online only and not
/// accepting, Dee offers no individual therapy.
#[tokio::test]
async fn team_filters() {
    assert_eq!(team("").await, EVERYONE);
    assert_eq!(
        team("?service=&specialty=&format=&language=").await,
        EVERYONE
    );
    assert_eq!(team("?language=Spanish").await, ["bo-castillo"]);
    assert_eq!(team("?service=grief-and-loss").await, ["bo-castillo"]);
    assert_eq!(
        team("?specialty=Anxiety").await,
        ["ana-lindqvist", "cy-moreau"]
    );
    assert_eq!(
        team("?format=in_person").await,
        ["ana-lindqvist", "bo-castillo", "dee-okoro"]
    );
    assert_eq!(
        team("?accepting=yes").await,
        ["ana-lindqvist", "bo-castillo", "dee-okoro"]
    );
    assert_eq!(
        team("?service=individual-therapy&format=online&accepting=yes").await,
        ["ana-lindqvist", "bo-castillo"]
    );
    assert_eq!(team("?language=Klingon").await, Vec::<&str>::new());
}

/// The filter form keeps the visitor's choices and says how many match.
#[tokio::test]
async fn team_filter_form_keeps_choices() {
    let app = practice_app();
    let html = get(&app, "/therapists?language=Spanish&accepting=yes")
        .await
        .body;
    assert!(html.contains(r#"<option value="Spanish" selected>Spanish</option>"#));
    assert!(html.contains(r#"name="accepting" value="yes" checked"#));
    assert!(html.contains("1 of 4 therapists match"));
    assert!(html.contains(r#"<a href="/therapists">Clear filters</a>"#));
    let html = get(&app, "/therapists?language=Klingon").await.body;
    assert!(html.contains("No one matches all of those choices."));
}

/// A malformed filter query is the designed 400 page, never a bare error.
#[tokio::test]
async fn malformed_team_query_is_400() {
    let reply = get(&practice_app(), "/therapists?service=a&service=b").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("We could not read that request"));
}

/// A trailing slash leads to the page's one address.
#[tokio::test]
async fn trailing_slash_redirects() {
    let reply = get(&practice_app(), "/about/").await;
    assert_eq!(reply.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(reply.header("location"), "/about");
}

/// HEAD works on every page; other methods are refused with Allow.
#[tokio::test]
async fn methods() {
    let app = practice_app();
    let head = request(&app, Request::head("/about").body(Body::empty()).unwrap()).await;
    assert_eq!(head.status, StatusCode::OK);
    let post = request(&app, Request::post("/about").body(Body::empty()).unwrap()).await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(post.header("allow"), "GET, HEAD");
}

/// Health checks answer without touching the content.
#[tokio::test]
async fn healthz() {
    let reply = get(&practice_app(), "/healthz").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, "ok");
}

/// Static files are served with a type and cache headers.
#[tokio::test]
async fn static_files() {
    let app = practice_app();
    let reply = get(&app, "/static/css/site.css").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "text/css");
    assert_eq!(reply.header("cache-control"), "public, max-age=3600");
    let reply = get(&app, "/static/favicon.svg").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "image/svg+xml");
}

/// Pages are sent in the encoding the browser prefers (brotli, gzip, or
/// none), each encoding with its own strong ETag, and every one decodes to
/// the same page; a browser holding any of them gets a 304.
#[tokio::test]
async fn content_negotiation() {
    use std::io::Read;
    let app = practice_app();
    // Brotli is made in the background; make sure it is there.
    app.state.site.load().rendered.precompress();
    let fetch = |accept: &'static str, path: &'static str| get_encoded(&app, path, accept);
    for path in ["/", "/blog/grief-has-no-timeline", "/feed.xml"] {
        let identity = fetch("identity", path).await;
        assert!(identity.headers.get("content-encoding").is_none());
        let brotli = fetch("gzip, deflate, br, zstd", path).await;
        assert_eq!(brotli.header("content-encoding"), "br");
        let gzip = fetch("gzip;q=1, br;q=0.5", path).await;
        assert_eq!(gzip.header("content-encoding"), "gzip");

        let mut unbrotlied = String::new();
        brotli::Decompressor::new(&brotli.bytes[..], 4096)
            .read_to_string(&mut unbrotlied)
            .unwrap();
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(&gzip.bytes[..])
            .read_to_string(&mut unzipped)
            .unwrap();
        assert_eq!(unbrotlied, identity.body, "{path}");
        assert_eq!(unzipped, identity.body, "{path}");
        assert!(brotli.bytes.len() < identity.bytes.len() / 2, "{path}");

        let etags: std::collections::HashSet<&str> = [&identity, &brotli, &gzip]
            .iter()
            .map(|reply| reply.header("etag"))
            .collect();
        assert_eq!(etags.len(), 3, "one strong ETag per encoding: {path}");
        for reply in [&identity, &brotli, &gzip] {
            assert_eq!(reply.header("vary"), "accept-encoding");
            let held = request(
                &app,
                Request::get(path)
                    .header("accept-encoding", "gzip, br")
                    .header("if-none-match", reply.header("etag"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(held.status, StatusCode::NOT_MODIFIED, "{path}");
            assert_eq!(held.header("etag"), reply.header("etag"));
        }
    }
}

/// With more posts than fit on a page, /blog paginates at /blog/page/N
/// (plain paths, so a static host serves them too); the old `?page=N`
/// addresses redirect there.
#[tokio::test]
async fn blog_pagination() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("tests/fixtures/practice"), dir.path());
    let published = practice_site().posts.len();
    assert_eq!(published, 5, "with 20 notes, three pages: 10, 10 and 5");
    for day in 1..=20 {
        std::fs::write(
            dir.path().join(format!("posts/2025-01-{day:02}-note-{day}.md")),
            format!("---\ntitle: Note {day}\ndate: 2025-01-{day:02}\nauthor: ana-lindqvist\n---\nA short note.\n"),
        )
        .unwrap();
    }
    let sources = hearth::content::Sources {
        content: dir.path().to_owned(),
        static_files: repo_path("static"),
    };
    let app = app_for(&sources, "http://127.0.0.1:3000");
    let first = get(&app, "/blog").await.body;
    assert_eq!(count(&first, "class=\"card post-card\""), 10);
    assert!(first.contains("Page 1 of 3"));
    assert!(first.contains(r#"<a href="/blog/page/2" rel="next">Older articles</a>"#));
    let third = get(&app, "/blog/page/3").await;
    assert_eq!(third.status, StatusCode::OK);
    assert_eq!(count(&third.body, "class=\"card post-card\""), 5);
    assert!(
        third
            .body
            .contains(r#"<a href="/blog/page/2" rel="prev">Newer articles</a>"#)
    );
    let old_address = get(&app, "/blog?page=3").await;
    assert_eq!(old_address.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(old_address.header("location"), "/blog/page/3");
    assert!(
        get(&app, "/blog/page/3")
            .await
            .body
            .contains("rel=\"canonical\" href=\"http://127.0.0.1:3000/blog/page/3\"")
    );
    assert!(
        third.body.contains("/blog/note-1\""),
        "the oldest post is last"
    );
    for missing in [
        "/blog?page=4",
        "/blog/page/4",
        "/blog/page/1",
        "/blog?page=0",
    ] {
        assert_eq!(get(&app, missing).await.status, StatusCode::NOT_FOUND);
    }
    let feed = get(&app, "/feed.xml").await.body;
    assert_eq!(count(&feed, "<entry>"), 20, "the feed has the newest 20");
    assert!(feed.contains("/blog/note-20<") && !feed.contains("/blog/note-1<"));
    // A post with fewer than three sections has no table of contents.
    let short = get(&app, "/blog/note-1").await.body;
    assert!(!short.contains("<nav class=\"toc\""));
}

/// A therapist with a photo shows it with its alt text instead of a monogram.
#[tokio::test]
async fn therapist_photo() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("tests/fixtures/minimal"), dir.path());
    let bio = std::fs::read_to_string(dir.path().join("therapists/jo-lee.md")).unwrap();
    let bio = bio.replacen(
        "formats:",
        "photo: /static/favicon.svg\nphoto_alt: Jo Lee smiling in the office\nformats:",
        1,
    );
    std::fs::write(dir.path().join("therapists/jo-lee.md"), bio).unwrap();
    let sources = hearth::content::Sources {
        content: dir.path().to_owned(),
        static_files: repo_path("static"),
    };
    let html = get(
        &app_for(&sources, "http://127.0.0.1:3000"),
        "/therapists/jo-lee",
    )
    .await
    .body;
    assert!(html.contains(
        r#"<img class="portrait" src="/static/favicon.svg" alt="Jo Lee smiling in the office" width="96" height="96">"#
    ));
    assert!(!html.contains("monogram"));
}

/// A photo is offered as WebP in several widths, with its dimensions, so
/// phones download a small file and nothing shifts as it loads; the
/// variants are kept in the data folder and served for a year.
#[tokio::test]
async fn photos_come_in_sizes() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &repo_path("tests/fixtures/minimal"),
        &dir.path().join("content"),
    );
    copy_dir(&repo_path("static"), &dir.path().join("static"));
    let photo = image::RgbImage::from_fn(1600, 1200, |x, y| {
        image::Rgb([(x / 7) as u8, (y / 5) as u8, 120])
    });
    photo.save(dir.path().join("static/img/jo.png")).unwrap();
    let bio_path = dir.path().join("content/therapists/jo-lee.md");
    let bio = std::fs::read_to_string(&bio_path).unwrap().replacen(
        "formats:",
        "photo: /static/img/jo.png\nphoto_alt: Jo Lee smiling in the office\nformats:",
        1,
    ) + "\n![The waiting room, with two armchairs](/static/img/jo.png)\n";
    std::fs::write(&bio_path, bio).unwrap();
    let sources = hearth::content::Sources {
        content: dir.path().join("content"),
        static_files: dir.path().join("static"),
    };
    let app = app_for(&sources, "http://127.0.0.1:3000");
    let html = get(&app, "/therapists/jo-lee").await.body;
    let start = html
        .find("<picture><source type=\"image/webp\" srcset=\"")
        .expect(&html);
    let picture = &html[start..start + html[start..].find("</picture>").unwrap()];
    assert!(picture.contains(
        r#"<img class="portrait" src="/static/img/jo.png" alt="Jo Lee smiling in the office" width="96" height="96">"#
    ));
    let srcset = picture
        .split("srcset=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let variants: Vec<(&str, &str)> = srcset
        .split(", ")
        .map(|candidate| candidate.split_once(' ').unwrap())
        .collect();
    assert_eq!(
        variants.iter().map(|(_, width)| *width).collect::<Vec<_>>(),
        ["320w", "640w", "1280w"]
    );
    for (url, width) in variants {
        let reply = get(&app, url).await;
        assert_eq!(reply.status, StatusCode::OK, "{url}");
        assert_eq!(reply.header("content-type"), "image/webp");
        assert_eq!(
            reply.header("cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert!(
            reply.headers.get("content-encoding").is_none(),
            "photos are not compressed again"
        );
        let decoded = image::load_from_memory(&reply.bytes).unwrap();
        assert_eq!(format!("{}w", decoded.width()), width);
        assert_eq!(
            decoded.height() * 4,
            decoded.width() * 3,
            "the proportions are kept"
        );
    }
    // A photo in the text gets its sizes too, its dimensions, and lazy loading.
    assert!(
        html.contains(&format!(
            r#"<picture><source type="image/webp" srcset="{srcset}" sizes="(min-width: 48rem) 46rem, 100vw"><img src="/static/img/jo.png" alt="The waiting room, with two armchairs" width="1600" height="1200" loading="lazy" decoding="async"></picture>"#
        )),
        "{html}"
    );
    let cached = std::fs::read_dir(app.data.path().join("images"))
        .unwrap()
        .count();
    assert_eq!(cached, 3, "the variants are kept for the next start");
}

/// Under each post, other posts that share its tags, most shared first.
#[tokio::test]
async fn related_posts_share_tags() {
    let app = practice_app();
    let html = get(&app, "/blog/first-session").await.body;
    let related = html
        .split("<h2 id=\"related-heading\">")
        .nth(1)
        .expect("related articles")
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        related.contains("/blog/questions-for-a-consultation"),
        "{related}"
    );
    assert!(!related.contains("/blog/first-session\""), "not itself");
    assert!(
        !related.contains("/blog/grief-has-no-timeline"),
        "shares no tag"
    );
    let lonely = get(&app, "/blog/grief-has-no-timeline").await.body;
    assert!(
        !lonely.contains("related-heading"),
        "no tag in common with any post"
    );
}

/// Pages carry a strong ETag; a browser that has the page gets a 304 with
/// no body, and a changed page has a new ETag.
#[tokio::test]
async fn pages_revalidate_with_etags() {
    let app = practice_app();
    let first = get(&app, "/about").await;
    let etag = first.header("etag").to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() == 26,
        "{etag}"
    );
    assert_ne!(get(&app, "/fees").await.header("etag"), etag);
    for condition in [etag.as_str(), "\"other\", ETAG", "*"] {
        let condition = condition.replace("ETAG", &etag);
        let reply = request(
            &app,
            Request::get("/about")
                .header("if-none-match", &condition)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NOT_MODIFIED, "{condition}");
        assert!(reply.body.is_empty());
        assert_eq!(reply.header("etag"), etag);
    }
    let stale = request(
        &app,
        Request::get("/about")
            .header("if-none-match", "\"stale\"")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(stale.status, StatusCode::OK);
    assert_eq!(
        get(&app, "/blog").await.header("etag").len(),
        26,
        "the blog index too"
    );
    assert_eq!(
        get(&app, "/therapists").await.header("etag").len(),
        26,
        "the team page too"
    );

    let (dir, sources) = editable_site();
    let app = app_for(&sources, "http://127.0.0.1:3000");
    let before = get(&app, "/about").await.header("etag").to_owned();
    std::fs::write(
        dir.path().join("pages/about.md"),
        "---\ntitle: About us\n---\nNew words.\n",
    )
    .unwrap();
    app.state.site.reload().unwrap();
    assert_ne!(get(&app, "/about").await.header("etag"), before);
}

/// The stylesheet and favicon are linked under fingerprinted names, served
/// with a year of immutable caching; plain names still work, for an hour.
#[tokio::test]
async fn fingerprinted_assets_are_immutable() {
    let app = practice_app();
    let html = get(&app, "/").await.body;
    let start = html.find("<link rel=\"stylesheet\" href=\"").unwrap()
        + "<link rel=\"stylesheet\" href=\"".len();
    let stylesheet = &html[start..start + html[start..].find('"').unwrap()];
    assert!(
        stylesheet.starts_with("/static/css/site.")
            && stylesheet.len() == "/static/css/site.12345678.css".len(),
        "{stylesheet}"
    );
    let reply = get(&app, stylesheet).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(reply.header("content-type"), "text/css; charset=utf-8");
    assert_eq!(
        reply.body,
        std::fs::read_to_string(repo_path("static/css/site.css")).unwrap()
    );
    assert!(html.contains("<link rel=\"icon\" href=\"/static/favicon."));
    assert_eq!(
        get(&app, "/static/css/site.00000000.css").await.status,
        StatusCode::NOT_FOUND
    );
    let missing = get(&app, "/static/nope.css").await;
    assert_eq!(
        missing.header("cache-control"),
        "no-store",
        "a 404 is not cached for an hour"
    );
}

/// The header marks the link to the page itself `aria-current="page"`, and
/// the link to the section a page is in `aria-current="true"`: an article
/// is not the list of articles.
#[tokio::test]
async fn section_links_say_which_page_is_current() {
    let app = practice_app();
    let blog = get(&app, "/blog").await.body;
    assert!(
        blog.contains("<a href=\"/blog\" aria-current=\"page\">Articles</a>"),
        "{blog}"
    );
    let post = get(&app, "/blog/grief-has-no-timeline").await.body;
    assert!(post.contains("<a href=\"/blog\" aria-current=\"true\">Articles</a>"));
    assert!(!post.contains("aria-current=\"page\""));
    let home = get(&app, "/").await.body;
    assert!(
        !home.contains("aria-current"),
        "no section is current on the home page"
    );
}

/// Uppercase made by the stylesheet is read out letter by letter or as
/// shouting, and leaks into accessible names: the stylesheet uses small
/// capitals instead, and the words stay as written.
#[test]
fn the_stylesheet_never_turns_text_uppercase() {
    let css = std::fs::read_to_string(repo_path("static/css/site.css")).unwrap();
    assert!(
        !css.contains("text-transform"),
        "text-transform in site.css"
    );
    assert!(css.contains("font-variant-caps: all-small-caps"));
}
