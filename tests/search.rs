//! Search on the fixture practice (`tests/fixtures/practice`) and the
//! Spanish fixture: stems, ranking, highlighted snippets, no JavaScript, and
//! nothing that is not live.

mod common;

use axum::http::StatusCode;
use common::*;

/// The result titles of a search, in order.
async fn titles(app: &TestApp, query: &str) -> Vec<String> {
    let reply = get(app, &format!("/search?q={query}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{query}");
    reply
        .body
        .split("<h3><a href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

/// "grieving" finds grief: the article titled for it (and tagged, and
/// saying it in its text) first, then the service titled for it, then the
/// therapist who only lists it as a specialty.
#[tokio::test]
async fn stems_find_related_words_and_titles_rank_first() {
    let app = practice_app();
    let results = titles(&app, "grieving").await;
    assert_eq!(
        results,
        [
            "/blog/grief-has-no-timeline",
            "/services/grief-and-loss",
            "/therapists/bo-castillo"
        ]
    );
    let results = titles(&app, "couples+counseling").await;
    assert_eq!(results[0], "/services/couples-counseling");
    assert!(
        results.contains(&"/blog/before-the-wedding".to_owned()),
        "{results:?}"
    );
    let results = titles(&app, "consultation+questions").await;
    assert_eq!(results[0], "/blog/questions-for-a-consultation");
    let results = titles(&app, "Spanish").await;
    assert!(
        results.contains(&"/therapists/bo-castillo".to_owned()),
        "{results:?}"
    );
}

/// Results show where the words matched, highlighted, and say how many there are.
#[tokio::test]
async fn snippets_highlight_matches() {
    let html = get(&practice_app(), "/search?q=grieving").await.body;
    assert!(
        html.contains("<mark>grief</mark>") || html.contains("<mark>Grief</mark>"),
        "{html}"
    );
    assert!(html.contains("results for “grieving”"));
    assert!(html.contains(r#"<input id="search-query" name="q" type="search" value="grieving""#));
}

/// An empty search shows the form; a search with no match says so kindly;
/// what was typed is escaped and the page is never cached.
#[tokio::test]
async fn empty_and_unmatched_searches() {
    let app = practice_app();
    let empty = get(&app, "/search").await;
    assert!(empty.body.contains("<form class=\"search-form\""));
    assert!(!empty.body.contains("results-heading"));
    let none = get(&app, "/search?q=%3Cscript%3Ezebra").await;
    assert!(
        none.body.contains("No results for “&#60;script&#62;zebra”"),
        "{}",
        none.body
    );
    assert_eq!(none.header("cache-control"), "no-store");
    assert!(!none.body.contains("rel=\"canonical\""));
}

/// Drafts and scheduled posts are not searchable.
#[tokio::test]
async fn only_the_live_site_is_searched() {
    let (dir, sources) = editable_site();
    std::fs::write(
        dir.path().join("posts/2026-01-06-secret.md"),
        "---\ntitle: Secret\ndate: 2026-01-06\nauthor: jo-lee\ndraft: true\n---\nA word like xylophone.\n",
    )
    .unwrap();
    let app = app_for(&sources, "http://127.0.0.1:3000");
    assert!(titles(&app, "xylophone").await.is_empty());
    assert_eq!(titles(&app, "first+paragraph").await, ["/blog/hello"]);
}

/// The Spanish fixture: a post with "mañana" and "corazón".
fn spanish_app() -> TestApp {
    let sources = hearth::content::Sources {
        content: repo_path("tests/fixtures/spanish"),
        static_files: repo_path("static"),
    };
    app_for(&sources, "http://127.0.0.1:3000")
}

/// Spanish words, percent-encoded as a browser sends them, are answered and
/// found, with or without their accents, typed precomposed or as a letter
/// and a combining mark; the query `mañana` answered 500 (a byte slice of
/// the term cut `ñ` in two).
#[tokio::test]
async fn spanish_words_are_found_with_or_without_accents() {
    let app = spanish_app();
    for query in [
        "ma%C3%B1ana",
        "MA%C3%91ANA",
        "manana",
        "man%CC%83ana",
        "coraz%C3%B3n",
        "corazon",
        "corazo%CC%81n",
        "coraz%C3%B3n+ma%C3%B1ana",
    ] {
        assert_eq!(titles(&app, query).await, ["/blog/manana"], "{query}");
    }
    let html = get(&app, "/search?q=manana").await.body;
    assert!(html.contains("<mark>Mañana</mark>"), "{html}");
}

/// Queries of one to four multibyte characters, and of combining marks
/// alone or after a letter, are answered, never with an error.
#[tokio::test]
async fn short_multibyte_and_combining_queries_are_answered() {
    let app = spanish_app();
    let characters = [
        "ñ", "é", "ó", "ü", "ß", "€", "中", "🙂", "\u{301}", "\u{200F}",
    ];
    let mut queries: Vec<String> = Vec::new();
    for length in 1..=4 {
        for first in 0..characters.len() {
            let query: String = (0..length)
                .map(|offset| characters[(first + offset) % characters.len()])
                .collect();
            queries.push(query);
        }
    }
    queries.extend(
        [
            "e\u{301}",
            "n\u{303}",
            "\u{301}\u{301}",
            "a\u{301}\u{302}\u{303}",
        ]
        .map(String::from),
    );
    for query in &queries {
        let encoded: String =
            percent_encoding::utf8_percent_encode(query, percent_encoding::NON_ALPHANUMERIC)
                .collect();
        // `titles` asserts the 200.
        let found = titles(&app, &encoded).await;
        assert!(
            found.is_empty(),
            "{query:?} is no word of the site: {found:?}"
        );
    }
}
