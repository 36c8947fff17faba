//! The consultation form on a bad day: a visitor who fixes a mistake
//! quickly, writes in Chinese or emoji, sends an edited copy, sits behind a
//! proxy, or shares the form with a flood of junk. Each scenario goes
//! through the router as `hearth serve` builds it, and where it matters the
//! request is followed to a real SMTP server. They use the small fixture
//! site, not the demo practice.

mod common;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::form::*;
use common::smtp::SmtpServer;
use common::*;
use hearth::consultation::form::{MAX_BODY_BYTES, MAX_MESSAGE_CHARS, MAX_READ_BYTES};
use hearth::consultation::outbox::Outbox;
use hearth::consultation::token::FormKey;

const WAIT: Duration = Duration::from_secs(15);
const BASE: &str = "http://127.0.0.1:3000";

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

/// The hidden fields of a form opened `seconds_ago`, signed with the app's own key.
fn form_opened_ago(app: &TestApp, seconds_ago: i64) -> Fields {
    let key = FormKey::load_or_create(app.data.path()).unwrap();
    let token = key.issue(jiff::Timestamp::now().as_second() - seconds_ago);
    vec![
        ("submission_id".into(), token.submission_id),
        ("issued_at".into(), token.issued_at.to_string()),
        ("token".into(), token.signature),
    ]
}

/// A visitor with a phone number only: one email, to the coordinator.
fn good_fields() -> Fields {
    [
        ("name", "Jo Example"),
        ("email", ""),
        ("phone", "(510) 555-0123"),
        ("contact_preference", "phone"),
        ("service", "individual-therapy"),
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

/// Posts exactly `fields`, hidden ones included, as a same-site form post.
async fn post(app: &Router, fields: &Fields) -> Reply {
    post_body(app, encode(fields)).await
}

/// A fresh form filled with the good fields, as a request not sent yet.
async fn visitor_request(app: &Router) -> Request<Body> {
    let fields = join(&open_form(app).await, good_fields());
    form_post().body(Body::from(encode(&fields))).unwrap()
}

fn stored(app: &TestApp) -> usize {
    Outbox::open(app.data.path()).unwrap().list().unwrap().len()
}

/// Waits until request `id`'s details are erased (it was delivered).
async fn wait_until_erased(app: &TestApp, id: i64) {
    let outbox = Outbox::open(app.data.path()).unwrap();
    let start = std::time::Instant::now();
    while !outbox
        .show(id)
        .unwrap()
        .is_some_and(|(summary, _)| summary.erased)
    {
        assert!(start.elapsed() < WAIT, "request {id} was never erased");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

// Item 2: a quick fix after a 422 is never dropped as spam.

/// A visitor who took their time, forgot a field, and fixed it at once (well
/// within the 3-second minimum fill time) is stored and delivered.
#[tokio::test]
async fn quick_fix_after_a_missing_field_is_stored_and_delivered() {
    let smtp = SmtpServer::start();
    let app = fixture_app_mailing_to(&smtp, &["--form-min-seconds", "3"]);
    let opened = form_opened_ago(&app, 60);
    let reply = post(
        &app,
        &join(&opened, with(good_fields(), &[("consent", "")])),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);

    let again = hidden_fields(&reply.body);
    let reply = post(&app, &join(&again, good_fields())).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(stored(&app), 1, "the fixed request is in the outbox");
    let received = wait_for(&smtp, 1).await;
    assert!(received[0].text().contains("about my father"));
}

/// The same after the "could not confirm" and "opened a while ago" notices:
/// the form shown again sends at once.
#[tokio::test]
async fn quick_resend_after_a_token_notice_is_stored() {
    let app = app_with(&minimal_sources(), BASE, &["--form-min-seconds", "3"]);
    let forged: Fields = vec![
        ("submission_id".into(), "0".repeat(32)),
        ("issued_at".into(), "1".into()),
        ("token".into(), "forged".into()),
    ];
    let expired = form_opened_ago(&app, 4 * 24 * 60 * 60);
    for (case, hidden, notice) in [
        ("forged", forged, "We could not confirm"),
        ("expired", expired, "opened a while ago"),
    ] {
        let before = stored(&app);
        let reply = post(&app, &join(&hidden, good_fields())).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{case}");
        assert!(reply.body.contains(notice), "{case}");
        let reply = post(&app, &join(&hidden_fields(&reply.body), good_fields())).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{case}");
        assert_eq!(stored(&app), before + 1, "{case}: stored, not dropped");
    }
}

/// Someone who presses send too early with a field missing is shown the
/// form again, not thanked while nothing is stored; the fix then sends.
#[tokio::test]
async fn a_quick_first_post_with_a_mistake_is_shown_again() {
    let app = app_with(&minimal_sources(), BASE, &["--form-min-seconds", "3"]);
    let hidden = open_form(&app).await;
    let reply = post(&app, &join(&hidden, with(good_fields(), &[("name", "")]))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reply = post(&app, &join(&hidden_fields(&reply.body), good_fields())).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(stored(&app), 1);
}

/// A bot that posts a fresh form at once, without a mistake first, is still
/// thanked and ignored.
#[tokio::test]
async fn a_fresh_form_sent_at_once_is_still_ignored() {
    let app = app_with(&minimal_sources(), BASE, &["--form-min-seconds", "3600"]);
    let reply = submit(&app, good_fields()).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(stored(&app), 0);
}

// Item 3: messages in any script fit, and nothing typed is lost on a 413.

fn message_of(pattern: &str, chars: usize) -> String {
    pattern.chars().cycle().take(chars).collect()
}

/// 2,000 characters of Chinese, and of emoji, are stored and arrive whole in
/// the coordinator's email.
#[tokio::test]
async fn long_chinese_and_emoji_messages_are_delivered_whole() {
    let smtp = SmtpServer::start();
    let app = fixture_app_mailing_to(&smtp, &[]);
    let messages = [
        message_of("我想和你谈谈我父亲的事情。", MAX_MESSAGE_CHARS),
        message_of("😀🌻💬🙏🏽🫶", MAX_MESSAGE_CHARS),
    ];
    for message in &messages {
        let reply = submit(&app, with(good_fields(), &[("message", message)])).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    let received = wait_for(&smtp, 2).await;
    for message in &messages {
        assert!(
            received
                .iter()
                .any(|mail| mail.text().contains(message.as_str())),
            "a message arrived whole"
        );
    }
}

/// The largest form a person can fill (every text at its limit, in
/// four-byte characters) fits the body limit: it is read and answered on
/// its fields, never refused as too large.
#[tokio::test]
async fn the_largest_form_fits_the_body_limit() {
    let app = app_for(&minimal_sources(), BASE);
    let emoji = |chars| "😀".repeat(chars);
    let fields = with(
        good_fields(),
        &[
            ("name", &emoji(100)),
            ("email", &emoji(254)),
            ("phone", &emoji(30)),
            ("availability", &emoji(200)),
            ("message", &emoji(MAX_MESSAGE_CHARS)),
            ("website", ""),
        ],
    );
    let body = encode(&join(&open_form(&app).await, fields));
    assert!(body.len() <= MAX_BODY_BYTES, "{} bytes", body.len());
    let reply = post_body(&app, body).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the email is refused, nothing else"
    );
    assert!(reply.body.contains("Please check your email address"));
}

/// A message over the limit gets a 413 with the form again, everything
/// typed kept, and a message saying which field is too long and by how much.
#[tokio::test]
async fn an_overlong_message_is_413_with_the_text_kept() {
    let app = app_for(&minimal_sources(), BASE);
    let message = message_of("我想和你谈谈我父亲的事情。", 6_000);
    let body = encode(&join(
        &open_form(&app).await,
        with(good_fields(), &[("message", &message)]),
    ));
    assert!(body.len() > MAX_BODY_BYTES);
    let reply = post_body(&app, body).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.header("cache-control"), "no-store");
    assert!(
        reply.body.contains(&format!("{message}</textarea>")),
        "the text is kept"
    );
    assert!(reply.body.contains(r#"value="Jo Example""#));
    assert!(
        reply
            .body
            .contains("Please shorten your message to 2,000 characters or fewer (it has 6,000)"),
        "{}",
        reply.body
    );
    assert_eq!(stored(&app), 0);

    // The form shown again sends once shortened.
    let reply = post(&app, &join(&hidden_fields(&reply.body), good_fields())).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(stored(&app), 1);
}

/// A body past the reading cap, or over the limit and not our form, gets the
/// designed 413 page with the phone; nothing is stored.
#[tokio::test]
async fn bodies_that_cannot_be_shown_again_get_the_413_page() {
    let app = app_for(&minimal_sources(), BASE);
    let hidden = open_form(&app).await;
    let huge = encode(&join(
        &hidden,
        with(good_fields(), &[("message", &"a".repeat(MAX_READ_BYTES))]),
    ));
    let junk = format!("x={}", "a".repeat(MAX_BODY_BYTES));
    for (case, body) in [("past the cap", huge), ("not our form", junk)] {
        let reply = post_body(&app, body).await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{case}");
        assert!(reply.body.contains("more than the form can take"), "{case}");
        assert!(reply.body.contains(FIXTURE_PHONE), "{case}");
    }
    let declared = form_post()
        .header("content-length", (MAX_READ_BYTES + 1).to_string())
        .body(Body::from("name=Jo"))
        .unwrap();
    assert_eq!(
        request(&app, declared).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(stored(&app), 0);
}

/// The textarea stops where the server does, and says so in the same unit.
#[tokio::test]
async fn the_message_box_has_the_servers_limit() {
    let html = get(&app_for(&minimal_sources(), BASE), "/consultation")
        .await
        .body;
    assert!(
        html.contains(r#"<textarea id="message" name="message" rows="6" maxlength="2000""#),
        "{html}"
    );
    assert!(html.contains("up to 2,000 characters"));
}

// Item 5: an edited copy of a sent form is told it was already received.

/// The same form sent again with other text is told the request arrived
/// once and the changes were not added (with the phone to add something);
/// a double click gets the ordinary thanks; both still after erasure.
#[tokio::test]
async fn an_edited_resend_is_told_it_was_already_received() {
    let smtp = SmtpServer::start();
    let app = fixture_app_mailing_to(&smtp, &[]);
    let hidden = open_form(&app).await;
    let original = join(&hidden, good_fields());
    let edited = join(
        &hidden,
        with(good_fields(), &[("message", "Also, my sister may join.")]),
    );
    assert_eq!(post(&app, &original).await.status, StatusCode::SEE_OTHER);
    let assert_already_received = |reply: &Reply| {
        assert_eq!(reply.status, StatusCode::CONFLICT);
        assert_eq!(reply.header("cache-control"), "no-store");
        assert_eq!(reply.header("content-type"), "text/html; charset=utf-8");
        assert!(
            reply.body.contains("We already have your request"),
            "{}",
            reply.body
        );
        assert!(reply.body.contains("were not added"));
        assert!(reply.body.contains(FIXTURE_PHONE), "how to add something");
        assert!(!reply.body.contains("sister"), "repeats nothing typed");
    };
    assert_already_received(&post(&app, &edited).await);
    assert_eq!(
        post(&app, &original).await.status,
        StatusCode::SEE_OTHER,
        "a double click"
    );

    let received = wait_for(&smtp, 1).await;
    wait_until_erased(&app, 1).await;
    assert_already_received(&post(&app, &edited).await);
    assert_eq!(post(&app, &original).await.status, StatusCode::SEE_OTHER);
    // Still nothing pending after the posts, so nothing more can go out:
    // every email the worker started was recorded once it had arrived.
    until_sent(&app, 1).await;
    assert_eq!(smtp.received().len(), 1, "sent once");
    assert!(!received[0].text().contains("sister"));
    assert_eq!(stored(&app), 1);
}

// Item 9: junk cannot use up the global limit.

/// 500 junk posts from rotating addresses leave the global limit (20 here)
/// untouched: a real visitor after them is accepted.
#[tokio::test]
async fn junk_posts_do_not_use_up_the_global_limit() {
    let app = app_with(
        &minimal_sources(),
        BASE,
        &["--form-global-rate-limit", "20"],
    );
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
    let visitor = visitor_request(&app).await;
    let reply = request(&app, from_peer(visitor, "192.0.2.77:1000")).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(stored(&app), 1);
}

// Item 10: the proxy's entry, parsed, or the socket peer: never the client's.

/// Behind a proxy with a limit of 3, a client that writes its own earlier
/// X-Forwarded-For entries cannot get more tries when the proxy's entry
/// has a port, brackets, or is not an address at all.
#[tokio::test]
async fn proxy_entries_with_ports_or_junk_never_use_the_clients_entry() {
    for proxy_entry in [
        "203.0.113.6:5555",
        "unknown",
        "[2001:db8::1]:443",
        "2001:db8::2",
    ] {
        let app = app_with(
            &minimal_sources(),
            BASE,
            &["--form-rate-limit", "3", "--trust-proxy", "true"],
        );
        let body = encode(&good_fields());
        let mut statuses = Vec::new();
        for attempt in 0..5 {
            let post = form_post()
                .header(
                    "x-forwarded-for",
                    format!("198.51.100.{attempt}, {proxy_entry}"),
                )
                .body(Body::from(body.clone()))
                .unwrap();
            statuses.push(request(&app, from_peer(post, "127.0.0.1:9")).await.status);
        }
        assert_eq!(
            statuses,
            [
                StatusCode::UNPROCESSABLE_ENTITY,
                StatusCode::UNPROCESSABLE_ENTITY,
                StatusCode::UNPROCESSABLE_ENTITY,
                StatusCode::TOO_MANY_REQUESTS,
                StatusCode::TOO_MANY_REQUESTS,
            ],
            "{proxy_entry}"
        );
    }
}

// Item 11: the form works for a browser that sends only Origin.

/// Pages keep the origin on same-site posts (`same-origin`), so a browser
/// without Sec-Fetch-Site sends our Origin and the form accepts it;
/// `Origin: null` is still refused.
#[tokio::test]
async fn a_post_with_only_our_origin_is_accepted() {
    let app = app_for(&minimal_sources(), BASE);
    let page = get(&app, "/consultation").await;
    assert_eq!(page.header("referrer-policy"), "same-origin");
    let fields = join(&hidden_fields(&page.body), good_fields());
    let with_origin = |origin: &'static str| {
        Request::post("/consultation")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", origin)
            .body(Body::from(encode(&fields)))
            .unwrap()
    };
    let refused = request(&app, with_origin("null")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let accepted = request(&app, with_origin("http://127.0.0.1:3000")).await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
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
    let app = app_with(&minimal_sources(), BASE, &["--form-rate-limit", "1"]);
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

    let app = app_with(&minimal_sources(), BASE, &["--form-global-rate-limit", "1"]);
    let mut statuses = Vec::new();
    for last in 1..=2 {
        let visitor = visitor_request(&app).await;
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

/// A name of only invisible characters is refused by its field; direction
/// overrides are removed before the name reaches the email.
#[tokio::test]
async fn invisible_names_are_refused_and_direction_controls_removed() {
    let smtp = SmtpServer::start();
    let app = fixture_app_mailing_to(&smtp, &[]);
    for invisible in [
        "\u{200b}\u{200b}",
        "\u{2060}\u{feff} \u{200d}",
        "\u{3164}",
        "\u{202e}\u{2066}",
    ] {
        let reply = submit(&app, with(good_fields(), &[("name", invisible)])).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{invisible:?}"
        );
        assert!(reply.body.contains(r#"id="name-error""#), "{invisible:?}");
    }
    let fields = with(
        good_fields(),
        &[
            ("name", "\u{202e}Jo\u{2066} \u{200f}Lee\u{061c}"),
            ("email", "jo@example.org"),
        ],
    );
    let reply = submit(&app, fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let received = wait_for(&smtp, 2).await;
    let mail = received
        .iter()
        .find(|mail| mail.to == [FIXTURE_COORDINATOR])
        .unwrap();
    assert_eq!(
        mail.header("Reply-To").unwrap(),
        "\"Jo Lee\" <jo@example.org>"
    );
    assert!(mail.text().contains("Name: Jo Lee\r\n"), "{}", mail.text());
}
