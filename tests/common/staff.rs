#![allow(dead_code)]
//! Signing in to `/staff/` in tests: a site with one editor, the link
//! taken from the email the SMTP server received, its button pressed.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use hearth::ManualClock;
use jiff::Timestamp;

use super::form::{fixture_app_at, start_worker, wait_for};
use super::smtp::SmtpServer;
use super::{Reply, TestApp, app_at, request};

pub const EDITOR: &str = "office@harborlight.example";
pub const START: &str = "2026-12-07T18:00:00Z";

/// The fixture site with one editor, mailing through `smtp`, its worker
/// running, at [`START`] on a clock the test moves.
pub fn staff_app(smtp: &SmtpServer) -> (TestApp, Arc<ManualClock>) {
    let clock = ManualClock::at(START.parse::<Timestamp>().unwrap());
    let mut app = fixture_app_at(Some(smtp), Arc::clone(&clock), &["--editors", EDITOR]);
    start_worker(&mut app);
    (app, clock)
}

pub fn post(uri: &str, body: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder =
        Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

pub fn get_with(uri: &str, cookie: &str) -> Request<Body> {
    Request::get(uri)
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap()
}

pub const SAME_ORIGIN: (&str, &str) = ("sec-fetch-site", "same-origin");

/// Asks for a link for `address` as a browser on the site would.
pub async fn ask(app: &TestApp, address: &str) -> Reply {
    let body = format!("email={}", address.replace('@', "%40"));
    request(app, post("/staff/sign-in", &body, &[SAME_ORIGIN])).await
}

/// The path of the sign-in link in an email.
pub fn link_in(text: &str) -> String {
    let start = text
        .find("http://127.0.0.1:3000/staff/sign-in/")
        .unwrap_or_else(|| panic!("no link in {text}"));
    let link: String = text[start..]
        .chars()
        .take_while(|character| !character.is_whitespace())
        .collect();
    link.trim_start_matches("http://127.0.0.1:3000").to_owned()
}

/// Presses the link's button: the session's cookie, as `name=value`.
pub async fn press(app: &TestApp, link: &str) -> Reply {
    request(app, post(link, "", &[SAME_ORIGIN])).await
}

pub fn cookie_of(reply: &Reply) -> String {
    let set = reply.header("set-cookie");
    set.split(';').next().unwrap().to_owned()
}

/// Signs the editor in through the emailed link; the cookie to send.
pub async fn signed_in(app: &TestApp, smtp: &SmtpServer) -> String {
    let before = smtp.received().len();
    assert_eq!(ask(app, EDITOR).await.status, StatusCode::OK);
    let mail = wait_for(smtp, before + 1).await;
    let reply = press(app, &link_in(&mail[before].text())).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    cookie_of(&reply)
}

/// The form token on a signed-in page.
pub fn token_in(html: &str) -> String {
    let start = html.find("name=\"token\" value=\"").expect("a token field") + 20;
    html[start..].split('"').next().unwrap().to_owned()
}

/// As [`staff_app`], on `sources` (a copy the test may change).
pub fn staff_app_on(
    sources: &hearth::content::Sources,
    smtp: &SmtpServer,
) -> (TestApp, Arc<ManualClock>) {
    let clock = ManualClock::at(START.parse::<Timestamp>().unwrap());
    let url = smtp.url();
    let mut app = app_at(
        sources,
        "http://127.0.0.1:3000",
        &["--editors", EDITOR, "--smtp-url", &url],
        Arc::clone(&clock) as _,
    );
    start_worker(&mut app);
    (app, clock)
}
