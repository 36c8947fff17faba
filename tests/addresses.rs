//! Every address the site links to answers, on a site with one of every
//! kind of page (`tests/fixtures/every-kind`): two pages of articles, tags
//! (one of them `pérdida`), a therapist named Elena Márquez, services,
//! pages, a photo in sizes, the feed, the sitemap, search, the consultation
//! form and its thank-you page. Addresses are ASCII; the display form of a
//! slug leads to its address with a 308.

mod common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use axum::Router;
use axum::http::StatusCode;
use common::{Reply, app_for, get, repo_path};
use hearth::content::Sources;

const BASE: &str = "http://127.0.0.1:3000";

fn every_kind() -> common::TestApp {
    let sources = Sources {
        content: repo_path("tests/fixtures/every-kind"),
        static_files: repo_path("static"),
    };
    app_for(&sources, BASE)
}

/// HTML's escapes that askama writes into attribute values.
fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Each tag of `html` as its lowercase name and its double-quoted
/// attributes (the only quoting the templates use). Text never holds a raw
/// `<`: askama escapes it, and JSON-LD writes it as `\u003c`.
fn tags(html: &str) -> Vec<(String, BTreeMap<String, String>)> {
    html.split('<')
        .skip(1)
        .filter_map(|chunk| {
            let inside = &chunk[..chunk.find('>')?];
            let name_end = inside
                .find(|c: char| c.is_whitespace() || c == '/')
                .unwrap_or(inside.len());
            let name = inside[..name_end].to_ascii_lowercase();
            let mut attributes = BTreeMap::new();
            let mut rest = &inside[name_end..];
            while let Some(equals) = rest.find("=\"") {
                let key = rest[..equals]
                    .rsplit(|c: char| c.is_whitespace())
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                let value_start = equals + 2;
                let Some(value_len) = rest[value_start..].find('"') else {
                    break;
                };
                let value = &rest[value_start..value_start + value_len];
                attributes.insert(key, unescape(value));
                rest = &rest[value_start + value_len + 1..];
            }
            Some((name, attributes))
        })
        .collect()
}

/// Every address `html` makes a browser fetch or offers to follow: each
/// `href` and `src`, each `srcset` candidate, and the action of each GET form.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (name, attributes) in tags(html) {
        found.extend(attributes.get("href").cloned());
        found.extend(attributes.get("src").cloned());
        if let Some(srcset) = attributes.get("srcset") {
            found.extend(
                srcset
                    .split(',')
                    .filter_map(|candidate| candidate.split_whitespace().next().map(str::to_owned)),
            );
        }
        let is_get = attributes
            .get("method")
            .is_none_or(|method| method.eq_ignore_ascii_case("get"));
        if name == "form" && is_get {
            found.extend(attributes.get("action").cloned());
        }
    }
    found
}

/// The path of a link to this site (`/x`, or the public address `BASE/x`),
/// without its fragment; `None` for other sites, `mailto:`, `tel:` and
/// links within the page.
fn internal(link: &str) -> Option<String> {
    let path = link.strip_prefix(BASE).unwrap_or(link);
    if !path.starts_with('/') || path.starts_with("//") {
        return None;
    }
    let without_fragment = path.split('#').next().unwrap_or(path);
    Some(without_fragment.to_owned())
}

/// The `<loc>` of every page in the sitemap, as paths.
fn sitemap_paths(xml: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(xml).expect(xml);
    document
        .descendants()
        .filter(|node| node.has_tag_name("loc"))
        .filter_map(|node| node.text())
        .map(|loc| {
            loc.strip_prefix(BASE)
                .unwrap_or_else(|| panic!("{loc} is not on {BASE}"))
                .to_owned()
        })
        .collect()
}

/// The addresses in the feed: its own, each article's and each author's.
fn feed_links(xml: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(xml).expect(xml);
    let hrefs = document
        .descendants()
        .filter(|node| node.has_tag_name("link"))
        .filter_map(|node| node.attribute("href"));
    let uris = document
        .descendants()
        .filter(|node| node.has_tag_name("uri") || node.has_tag_name("id"))
        .filter_map(|node| node.text());
    hrefs.chain(uris).map(str::to_owned).collect()
}

/// What a crawl found: every internal address linked from anywhere, and
/// where each was first seen.
struct Crawl {
    linked: BTreeMap<String, String>,
}

/// Fetches every address reachable from `starts` (each with where it came
/// from), following the links of every HTML page and of the feed, and fails on the first address that does not answer 200 (or
/// 308 to an address that answers 200).
async fn crawl(app: &Router, starts: Vec<(String, &str)>) -> Crawl {
    let mut linked: BTreeMap<String, String> = BTreeMap::new();
    let mut queue: VecDeque<String> = VecDeque::new();
    for (start, source) in starts {
        if !linked.contains_key(&start) {
            linked.insert(start.clone(), source.to_owned());
            queue.push_back(start);
        }
    }
    while let Some(path) = queue.pop_front() {
        let found_on = &linked[&path];
        let mut reply = get(app, &path).await;
        if reply.status == StatusCode::PERMANENT_REDIRECT {
            let location = reply.header("location").to_owned();
            assert!(
                location.starts_with('/') && !location.starts_with("//"),
                "{path} (linked from {found_on}) redirects off the site, to {location}"
            );
            reply = get(app, &location).await;
            assert_eq!(
                reply.status,
                StatusCode::OK,
                "{path} (linked from {found_on}) redirects to {location}, which answers {}",
                reply.status
            );
        }
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{path}, linked from {found_on}"
        );
        let found_on = path.clone();
        for link in links_of(&reply) {
            if let Some(target) = internal(&link)
                && !linked.contains_key(&target)
            {
                linked.insert(target.clone(), found_on.clone());
                queue.push_back(target);
            }
        }
    }
    Crawl { linked }
}

/// The links a crawl follows from one answer.
fn links_of(reply: &Reply) -> Vec<String> {
    let content_type = reply.header("content-type");
    if content_type.starts_with("text/html") {
        links(&reply.body)
    } else if content_type.starts_with("application/atom+xml") {
        feed_links(&reply.body)
    } else {
        Vec::new()
    }
}

/// From the home page, from every page in the sitemap, from the pages no
/// link leads to (the thank-you page, search results, a filtered team
/// page) and from the 404 page, every internal `href`, `src`, `srcset`
/// entry and GET form action on every page answers 200, or 308 to an
/// address that answers 200; and every one is ASCII.
#[tokio::test]
async fn every_internal_link_on_every_page_answers() {
    let app = every_kind();
    let sitemap = get(&app, "/sitemap.xml").await;
    assert_eq!(sitemap.status, StatusCode::OK);
    let mut starts = vec![("/".to_owned(), "(start)")];
    let listed = sitemap_paths(&sitemap.body);
    starts.extend(listed.into_iter().map(|path| (path, "the sitemap")));
    starts.extend(
        [
            "/consultation/thanks",
            "/search?q=grief",
            "/search?q=p%C3%A9rdida",
            "/therapists?language=Spanish",
            "/robots.txt",
        ]
        .map(|path| (path.to_owned(), "(start)")),
    );
    let missing = get(&app, "/no-such-page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let from_404 = links(&missing.body)
        .into_iter()
        .filter_map(|link| internal(&link));
    starts.extend(from_404.map(|path| (path, "the 404 page")));

    let crawl = crawl(&app, starts).await;
    let linked = &crawl.linked;
    // The crawl reached every kind of page, so the test proves something
    // about each of them.
    for expected in [
        "/blog",
        "/blog/page/2",
        "/blog/perdida-y-duelo",
        "/blog/tags/perdida",
        "/therapists",
        "/therapists/elena-marquez",
        "/services",
        "/services/grief-and-loss",
        "/about",
        "/privacy",
        "/feed.xml",
        "/search",
        "/consultation",
        "/consultation?therapist=elena-marquez",
    ] {
        assert!(linked.contains_key(expected), "nothing links to {expected}");
    }
    let photo_variants = linked
        .keys()
        .filter(|path| path.starts_with("/static/_img/"))
        .count();
    assert!(photo_variants >= 2, "the photo's sizes are linked");
    assert!(
        linked
            .keys()
            .any(|path| path.starts_with("/static/css/site.") && path != "/static/css/site.css"),
        "the fingerprinted stylesheet is linked"
    );
    let not_ascii: Vec<(&String, &String)> =
        linked.iter().filter(|(path, _)| !path.is_ascii()).collect();
    assert!(
        not_ascii.is_empty(),
        "addresses that are not ASCII: {not_ascii:?}"
    );
}

/// The percent-encoded display form of a slug, as a browser sends it when
/// someone types or pastes the name, answers 308 to the ASCII address, query
/// kept, and the address answers 200. What leads nowhere stays a 404, and no
/// escape (invalid, or not UTF-8) makes a 5xx.
#[tokio::test]
async fn display_forms_of_slugs_redirect_to_their_ascii_address() {
    let app = every_kind();
    for (display, address) in [
        ("/blog/tags/p%C3%A9rdida", "/blog/tags/perdida"),
        ("/blog/tags/P%C3%A9rdida", "/blog/tags/perdida"),
        (
            "/therapists/elena-m%C3%A1rquez",
            "/therapists/elena-marquez",
        ),
        (
            "/therapists/Elena-M%C3%A1rquez",
            "/therapists/elena-marquez",
        ),
        (
            "/therapists/elena-m%C3%A1rquez?from=card",
            "/therapists/elena-marquez?from=card",
        ),
        ("/blog/p%C3%A9rdida-y-duelo", "/blog/perdida-y-duelo"),
    ] {
        let reply = get(&app, display).await;
        assert_eq!(reply.status, StatusCode::PERMANENT_REDIRECT, "{display}");
        assert_eq!(reply.header("location"), address, "{display}");
        assert_eq!(get(&app, address).await.status, StatusCode::OK, "{address}");
    }
    for nowhere in [
        "/blog/tags/p%C3%A9rdid",
        "/blog/tags/%ZZ",
        "/blog/tags/%FF%FE",
        "/therapists/%C3",
        "/therapists/%E2%80%AEelena",
        "/blog/tags/perdida%2F..",
        "/%2F%2Fexample.com",
        "/%00",
    ] {
        let reply = get(&app, nowhere).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{nowhere}");
    }
}

/// A tag keeps its display text on the pages ("pérdida") while its address
/// is ASCII everywhere it is linked: the post, the tag page, the sitemap
/// and the feed; the same for a therapist whose name has an accent.
#[tokio::test]
async fn names_keep_their_accents_and_addresses_are_ascii() {
    let app = every_kind();
    let tag = get(&app, "/blog/tags/perdida").await;
    assert_eq!(tag.status, StatusCode::OK);
    assert!(
        tag.body.contains("<h1>Articles about pérdida</h1>"),
        "{}",
        tag.body
    );
    assert!(tag.body.contains("href=\"/blog/perdida-y-duelo\""));

    let post = get(&app, "/blog/perdida-y-duelo").await;
    assert!(
        post.body
            .contains("<a href=\"/blog/tags/perdida\">pérdida</a>"),
        "{}",
        post.body
    );
    assert!(
        post.body
            .contains("href=\"/therapists/elena-marquez\">Elena Márquez, LCSW</a>")
    );

    let team = get(&app, "/therapists").await;
    assert!(
        team.body
            .contains("<a href=\"/therapists/elena-marquez\">Elena Márquez, LCSW</a>")
    );

    let sitemap = sitemap_paths(&get(&app, "/sitemap.xml").await.body);
    assert!(sitemap.contains(&"/blog/tags/perdida".to_owned()));
    assert!(sitemap.contains(&"/therapists/elena-marquez".to_owned()));
    assert!(sitemap.iter().all(|path| path.is_ascii()), "{sitemap:?}");

    let feed = get(&app, "/feed.xml").await.body;
    assert!(
        feed.contains("<category term=\"perdida\" label=\"pérdida\"/>"),
        "{feed}"
    );
    let feed_addresses: BTreeSet<String> = feed_links(&feed).into_iter().collect();
    assert!(feed_addresses.contains(&format!("{BASE}/therapists/elena-marquez")));
    assert!(
        feed_addresses.iter().all(|link| link.is_ascii()),
        "{feed_addresses:?}"
    );
}
