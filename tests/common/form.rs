//! Helpers for the consultation form tests: the form opened and posted as a
//! browser would, through the router or over a socket to the real binary,
//! the small fixture site mailing to a test SMTP server, and
//! waits for what the outbox records instead of for a length of time.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use hearth::consultation::outbox::{DeliveryState, Outbox, Status};

use super::smtp::{Received, SmtpServer};
use super::{Reply, TestApp, app_with, get, http, http_get, request};

/// A form's fields, names and values, in the order they are sent.
pub type Fields = Vec<(String, String)>;

/// How long [`wait_for`] waits for the mail it expects.
const MAIL_WAIT: Duration = Duration::from_secs(15);

/// The signed fields of the form page `html`: its submission id, when it
/// was opened and its token.
pub fn signed_fields(html: &str) -> Fields {
    ["submission_id", "issued_at", "token"]
        .iter()
        .map(|name| {
            let marker = format!("name=\"{name}\" value=\"");
            let start = html.find(&marker).unwrap_or_else(|| panic!("no {name}")) + marker.len();
            let end = start + html[start..].find('"').unwrap();
            (name.to_string(), html[start..end].to_owned())
        })
        .collect()
}

/// The signed fields of a freshly opened form.
pub async fn open_form(app: &Router) -> Fields {
    signed_fields(&get(app, "/consultation").await.body)
}

/// `fields` with each of `changes` set, in place of any value it had.
pub fn with(mut fields: Fields, changes: &[(&str, &str)]) -> Fields {
    for (key, value) in changes {
        fields.retain(|(existing, _)| existing != key);
        fields.push((key.to_string(), value.to_string()));
    }
    fields
}

/// As a browser encodes a form: every byte but letters and digits as %XX.
pub fn encode(fields: &[(String, String)]) -> String {
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

/// A same-site form post, as a browser sends it from our own page.
pub fn form_post() -> axum::http::request::Builder {
    Request::post("/consultation")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
}

/// Posts `body` as a same-site form post.
pub async fn post_body(app: &Router, body: String) -> Reply {
    request(app, form_post().body(Body::from(body)).unwrap()).await
}

/// Opens the form, fills it with `fields`, and posts it.
pub async fn submit(app: &Router, fields: Fields) -> Reply {
    let mut all = open_form(app).await;
    all.extend(fields);
    post_body(app, encode(&all)).await
}

/// `request` as if it came from the socket peer `peer` ("192.0.2.1:1", say).
pub fn from_peer(mut request: Request<Body>, peer: &str) -> Request<Body> {
    let address: SocketAddr = peer.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(address));
    request
}

/// Runs the app's mail worker in the background.
pub fn start_worker(app: &mut TestApp) {
    tokio::spawn(app.worker.take().unwrap().run());
}

/// Waits until `server` has received `count` messages, and returns them all.
pub async fn wait_for(server: &SmtpServer, count: usize) -> Vec<Received> {
    let start = std::time::Instant::now();
    loop {
        let received = server.received();
        if received.len() >= count {
            return received;
        }
        assert!(
            start.elapsed() < MAIL_WAIT,
            "expected {count} messages, got {}",
            received.len()
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The hidden fields of a form freshly opened from the server at `address`,
/// as the start of a form body ("submission_id=...&issued_at=...&token=...").
pub fn hidden_fields_at(address: &str) -> String {
    signed_fields(&http_get(address, "/consultation"))
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Posts the form body `body` to the server at `address` with
/// `Sec-Fetch-Site: site`, and returns the raw response.
pub fn http_post_form(address: &str, body: &str, site: &str) -> String {
    http(
        address,
        &format!(
            "POST /consultation HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: {site}\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
}

/// Waits, without blocking the runtime, until `done` holds; fails the test
/// after [`MAIL_WAIT`], saying `what` never happened.
pub async fn until_true(what: &str, mut done: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(
            start.elapsed() < MAIL_WAIT,
            "{what}: not within {MAIL_WAIT:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The small fixture site, mailing through `smtp` if given, with the time
/// from `clock`, after `settings`; its worker is not started yet.
pub fn fixture_app_at(
    smtp: Option<&SmtpServer>,
    clock: std::sync::Arc<hearth::ManualClock>,
    settings: &[&str],
) -> TestApp {
    let sources = minimal_sources();
    let url = smtp.map(SmtpServer::url);
    let mut all: Vec<&str> = url
        .iter()
        .flat_map(|url| ["--smtp-url", url.as_str()])
        .collect();
    all.extend(settings);
    super::app_at(&sources, "http://127.0.0.1:3000", &all, clock)
}

/// The small fixture site's content, for tests about behaviour rather than
/// the demo practice's words.
pub fn minimal_sources() -> hearth::content::Sources {
    super::fixture_sources("minimal")
}

/// The fixture site's care coordinator, who receives every request.
pub const FIXTURE_COORDINATOR: &str = "care@practice.example";

/// The fixture site's phone number, which every refusal page gives.
pub const FIXTURE_PHONE: &str = "(510) 555-0100";

/// The fixture site mailing through `smtp` on the real clock, after
/// `settings`; its worker is not started yet (see [`start_worker`]).
pub fn fixture_app_mailing_to_idle(smtp: &SmtpServer, settings: &[&str]) -> TestApp {
    let url = smtp.url();
    let mut all = vec!["--smtp-url", url.as_str()];
    all.extend(settings);
    app_with(&minimal_sources(), "http://127.0.0.1:3000", &all)
}

/// The fixture site mailing through `smtp` on the real clock, after
/// `settings`, with its worker running.
pub fn fixture_app_mailing_to(smtp: &SmtpServer, settings: &[&str]) -> TestApp {
    let mut app = fixture_app_mailing_to_idle(smtp, settings);
    start_worker(&mut app);
    app
}

/// Request `id`'s deliveries as the outbox has them now (none if it holds no such request).
pub fn deliveries(app: &TestApp, id: i64) -> Vec<DeliveryState> {
    Outbox::open(app.data.path())
        .unwrap()
        .show(id)
        .unwrap()
        .map(|(summary, _)| summary.deliveries)
        .unwrap_or_default()
}

/// Waits until every delivery of request `id` is recorded as sent. The
/// worker records a send once the mail server has taken it, so from then
/// on every email of that request has arrived, and none is left to send.
pub async fn until_sent(app: &TestApp, id: i64) {
    until_true(&format!("request #{id} recorded as sent"), || {
        let deliveries = deliveries(app, id);
        !deliveries.is_empty()
            && deliveries
                .iter()
                .all(|delivery| delivery.status == Status::Sent)
    })
    .await;
}

/// Moves `clock` on by `by` and rings the app's worker, as time passing
/// would have woken it.
pub fn pass_time(app: &TestApp, clock: &hearth::ManualClock, by: jiff::SignedDuration) {
    clock.advance(by);
    app.state.consultation.wake_worker.notify_one();
}
