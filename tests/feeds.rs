//! The feed, the sitemap and robots.txt, read back with a real feed parser
//! and a real XML parser, on the fixture practice (`tests/fixtures/practice`)
//! and on a site with drafts and scheduled posts that must not leak.

mod common;

use axum::http::StatusCode;
use common::*;

/// The Atom feed parses, and carries every published article in full with
/// its author, dates and tags.
#[tokio::test]
async fn the_feed_is_valid_atom_with_every_article() {
    let reply = get(&practice_app(), "/feed.xml").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("content-type"),
        "application/atom+xml; charset=utf-8"
    );
    let feed = feed_rs::parser::parse(reply.body.as_bytes()).expect("a valid feed");
    assert_eq!(feed.title.unwrap().content, "Fixture Lane Practice");
    assert!(feed.updated.is_some());
    assert_eq!(feed.entries.len(), practice_site().posts.len());
    let newest = &feed.entries[0];
    assert_eq!(
        newest.title.as_ref().unwrap().content,
        "Questions to ask in a consultation"
    );
    assert_eq!(
        newest.id,
        "http://127.0.0.1:3000/blog/questions-for-a-consultation"
    );
    assert_eq!(newest.authors[0].name.as_deref(), Some("Ana Lindqvist"));
    assert_eq!(
        newest.published.unwrap().to_rfc3339(),
        "2026-07-01T07:00:00+00:00",
        "midnight in Oakland"
    );
    assert!(newest.updated.is_some());
    let terms: Vec<&str> = newest
        .categories
        .iter()
        .map(|category| category.term.as_str())
        .collect();
    assert_eq!(terms, ["starting-therapy", "consultation"]);
    let content = newest.content.as_ref().unwrap().body.as_ref().unwrap();
    assert!(
        content.contains("<h2 id=\"frequently-asked-questions\">"),
        "full content"
    );
    assert!(
        content.contains("The last paragraph of the article"),
        "the whole article, not its summary"
    );
}

/// The sitemap is XML listing every public page by absolute address with
/// its last change; robots.txt points to it.
#[tokio::test]
async fn the_sitemap_lists_every_public_page() {
    let app = practice_app();
    let site = practice_site();
    let reply = get(&app, "/sitemap.xml").await;
    assert_eq!(
        reply.header("content-type"),
        "application/xml; charset=utf-8"
    );
    let document = roxmltree::Document::parse(&reply.body).expect("valid XML");
    let urls: Vec<(String, Option<String>)> = document
        .descendants()
        .filter(|node| node.has_tag_name("url"))
        .map(|url| {
            let child = |name: &str| {
                url.children()
                    .find(|node| node.has_tag_name(name))
                    .and_then(|node| node.text())
                    .map(str::to_owned)
            };
            (child("loc").unwrap(), child("lastmod"))
        })
        .collect();
    let listed = |edition: &hearth::content::model::Site| {
        edition.pages.len()
            + edition.therapists.len()
            + edition.services.len()
            + edition.posts.len()
            + edition.tags.len()
            + 5
    };
    assert!(!site.translations.is_empty(), "the fixture is bilingual");
    assert_eq!(
        urls.len(),
        listed(&site) + site.translations.iter().map(listed).sum::<usize>(),
        "pages, therapists, services, posts, tags and the five sections, in every language"
    );
    for (loc, lastmod) in &urls {
        assert!(loc.starts_with("http://127.0.0.1:3000/"), "{loc}");
        let path = &loc["http://127.0.0.1:3000".len()..];
        assert_eq!(get(&app, path).await.status, StatusCode::OK, "{loc}");
        if let Some(day) = lastmod {
            assert!(day.parse::<jiff::civil::Date>().is_ok(), "{day}");
        }
    }
    assert!(urls.iter().any(
        |(loc, lastmod)| loc.ends_with("/blog/grief-has-no-timeline")
            && lastmod.as_deref() == Some("2026-06-03")
    ));
    assert!(
        !urls
            .iter()
            .any(|(loc, _)| loc.ends_with("/consultation/thanks"))
    );

    let robots = get(&app, "/robots.txt").await;
    assert_eq!(robots.header("content-type"), "text/plain; charset=utf-8");
    assert!(
        robots
            .body
            .contains("Sitemap: http://127.0.0.1:3000/sitemap.xml\n")
    );
    assert!(robots.body.contains("Disallow: /consultation/thanks\n"));
    assert!(robots.body.contains("Disallow: /consultation/booked\n"));
}

/// Drafts and scheduled posts appear in neither the feed nor the sitemap.
#[tokio::test]
async fn drafts_and_scheduled_posts_never_leak() {
    let (dir, sources) = editable_site();
    std::fs::write(
        dir.path().join("posts/2026-01-06-secret-draft.md"),
        "---\ntitle: Secret draft\ndate: 2026-01-06\nauthor: jo-lee\ndraft: true\n---\nNot yet.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("posts/2099-01-01-far-future.md"),
        "---\ntitle: Far future\ndate: 2099-01-01\nauthor: jo-lee\n---\nOne day.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("pages/hidden-page.md"),
        "---\ntitle: Hidden\ndraft: true\n---\nNo.\n",
    )
    .unwrap();
    let app = app_for(&sources, "https://practice.example");
    let feed = get(&app, "/feed.xml").await.body;
    let sitemap = get(&app, "/sitemap.xml").await.body;
    for secret in [
        "secret-draft",
        "far-future",
        "hidden-page",
        "Secret draft",
        "Far future",
    ] {
        assert!(!feed.contains(secret), "the feed shows {secret}");
        assert!(!sitemap.contains(secret), "the sitemap shows {secret}");
    }
    let parsed = feed_rs::parser::parse(feed.as_bytes()).unwrap();
    assert_eq!(parsed.entries.len(), 1);
    assert!(sitemap.contains("<loc>https://practice.example/blog/hello</loc>"));
}
