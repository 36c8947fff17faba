//! The consultation form on a bad day: a visitor who fixes a mistake
//! quickly, writes in Chinese or emoji, sends an edited copy, sits behind a
//! proxy, or shares the form with a flood of junk. Each scenario goes
//! through the router as `hearth serve` builds it, and where it matters the
//! request is followed to a real SMTP server.

mod common;

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use common::*;
use hearth::consultation::outbox::Outbox;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

const BASE: &str = "http://127.0.0.1:3000";

type Fields = Vec<(String, String)>;

/// Every hidden field of a form page, scraped from its HTML.
fn hidden_fields(html: &str) -> Fields {
    let marker = r#"type="hidden" name=""#;
    html.match_indices(marker)
        .map(|(at, _)| {
            let rest = &html[at + marker.len()..];
            let name_end = rest.find('"').unwrap();
            let name = &rest[..name_end];
            let value_marker = r#"value=""#;
            let value_start = rest.find(value_marker).unwrap() + value_marker.len();
            let value_end = value_start + rest[value_start..].find('"').unwrap();
            (name.to_owned(), rest[value_start..value_end].to_owned())
        })
        .collect()
}

async fn open_form(app: &Router) -> Fields {
    hidden_fields(&get(app, "/consultation").await.body)
}

/// A visitor with a phone number only: one email, to the coordinator.
fn good_fields() -> Fields {
    [
        ("name", "Jo Example"),
        ("email", ""),
        ("phone", "(510) 555-0123"),
        ("contact_preference", "phone"),
        ("service", "grief-and-loss"),
        ("therapist", ""),
        ("format", "online"),
        ("state", "CA"),
        ("who_for", "individual"),
        ("availability", "Weekday evenings"),
        ("message", "I would like to talk about my father."),
        ("consent", "yes"),
    ]
    .iter()
    .map(|(key, value)| (key.to_string(), value.to_string()))
    .collect()
}

fn join(hidden: &Fields, fields: Fields) -> Fields {
    let mut all = hidden.clone();
    all.extend(fields);
    all
}

/// As a browser encodes a form: every byte but letters and digits as %XX.
fn encode(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(key, value)| {
            format!(
                "{}={}",
                utf8_percent_encode(key, NON_ALPHANUMERIC),
                utf8_percent_encode(value, NON_ALPHANUMERIC)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn form_post() -> axum::http::request::Builder {
    Request::post("/consultation")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
}

fn from_peer(mut request: Request<Body>, peer: &str) -> Request<Body> {
    let address: SocketAddr = peer.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(address));
    request
}

fn stored(app: &TestApp) -> usize {
    Outbox::open(app.data.path()).unwrap().list().unwrap().len()
}

// Item 9: junk cannot use up the global limit.

/// 500 junk posts from rotating addresses leave the global limit (20 here)
/// untouched: a real visitor after them is accepted.
#[tokio::test]
async fn junk_posts_do_not_use_up_the_global_limit() {
    let app = app_with(&demo_sources(), BASE, &["--form-global-rate-limit", "20"]);
    let tokenless = encode(&good_fields());
    for n in 0..500u32 {
        let body = if n % 2 == 0 {
            "x=1".to_owned()
        } else {
            tokenless.clone()
        };
        let junk = form_post().body(Body::from(body)).unwrap();
        let peer = format!("10.{}.{}.{}:1000", n / 65536, (n / 256) % 256, n % 256);
        let reply = request(&app, from_peer(junk, &peer)).await;
        assert_ne!(
            reply.status,
            StatusCode::SEE_OTHER,
            "junk is never accepted"
        );
    }
    let visitor = form_post()
        .body(Body::from(encode(&join(
            &open_form(&app).await,
            good_fields(),
        ))))
        .unwrap();
    let reply = request(&app, from_peer(visitor, "192.0.2.77:1000")).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(stored(&app), 1);
}

// Item 14: Retry-After, and names that cannot mislead.

fn retry_after(reply: &Reply) -> u64 {
    reply
        .header("retry-after")
        .parse()
        .unwrap_or_else(|_| panic!("Retry-After: {:?}", reply.header("retry-after")))
}

/// Both limits say how long until a slot frees: at most the hour.
#[tokio::test]
async fn limited_answers_say_when_to_retry() {
    let app = app_with(&demo_sources(), BASE, &["--form-rate-limit", "1"]);
    let body = encode(&good_fields());
    let mut last = None;
    for _ in 0..2 {
        let post = form_post().body(Body::from(body.clone())).unwrap();
        last = Some(request(&app, from_peer(post, "192.0.2.1:1")).await);
    }
    let reply = last.unwrap();
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert!((1..=3600).contains(&retry_after(&reply)));
    assert!(reply.body.contains("Too many requests for now"));

    let app = app_with(&demo_sources(), BASE, &["--form-global-rate-limit", "1"]);
    let mut statuses = Vec::new();
    for last in 1..=2 {
        let visitor = form_post()
            .body(Body::from(encode(&join(
                &open_form(&app).await,
                good_fields(),
            ))))
            .unwrap();
        let reply = request(&app, from_peer(visitor, &format!("192.0.2.{last}:1"))).await;
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            assert!((1..=3600).contains(&retry_after(&reply)));
        }
        statuses.push(reply.status);
    }
    assert_eq!(
        statuses,
        [StatusCode::SEE_OTHER, StatusCode::TOO_MANY_REQUESTS]
    );
}
