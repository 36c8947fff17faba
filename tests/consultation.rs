//! The consultation form end to end in one process: the router takes posts,
//! the worker delivers them to a real SMTP server listening on a port, and
//! every refusal path answers with the right page. They use the small
//! fixture site, not the demo practice, and its injected clock: a retry
//! happens when the test moves the clock on, and every wait is for what the
//! outbox or the mail server shows, never for a length of time.

mod common;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::form::*;
use common::smtp::{Received, SmtpServer, reserve_port};
use common::*;
use hearth::ManualClock;
use hearth::consultation::outbox::{Outbox, Status};
use jiff::{SignedDuration, Timestamp};

/// Longer than any retry's wait, so moving the clock on by it makes every
/// pending delivery due.
const PAST_ANY_RETRY: SignedDuration = SignedDuration::from_hours(1);

fn clock() -> Arc<ManualClock> {
    ManualClock::at("2026-03-02T09:00:00Z".parse::<Timestamp>().unwrap())
}

/// The fixture site on a clock of its own, mailing through `smtp` if given,
/// after `settings`; its worker is not started.
fn site(smtp: Option<&SmtpServer>, settings: &[&str]) -> TestApp {
    fixture_app_at(smtp, clock(), settings)
}

/// The fixture site mailing through `smtp`, with its worker running.
fn mailing_site(smtp: &SmtpServer) -> TestApp {
    let mut app = site(Some(smtp), &[]);
    start_worker(&mut app);
    app
}

fn good_fields() -> Vec<(String, String)> {
    [
        ("name", "Jo Example"),
        ("email", "jo@example.org"),
        ("phone", "(510) 555-0123"),
        ("contact_preference", "email"),
        ("voicemail_ok", "yes"),
        ("service", "individual-therapy"),
        ("therapist", "jo-lee"),
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

/// The good fields with no email: no confirmation, only the coordinator's email.
fn phone_only() -> Vec<(String, String)> {
    with(
        good_fields(),
        &[("email", ""), ("contact_preference", "phone")],
    )
}

fn outbox(app: &TestApp) -> Outbox {
    Outbox::open(app.data.path()).unwrap()
}

fn coordinator_mail(received: &[Received]) -> &Received {
    received
        .iter()
        .find(|mail| mail.to == [FIXTURE_COORDINATOR])
        .expect("an email to the coordinator")
}

/// The happy path: 303 to the thank-you page, then the coordinator's email
/// with every field and the right headers, and the visitor's confirmation.
#[tokio::test]
async fn request_reaches_the_coordinator_and_the_visitor() {
    let smtp = SmtpServer::start();
    let app = mailing_site(&smtp);

    let reply = submit(&app, good_fields()).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/consultation/thanks");
    assert_eq!(reply.header("cache-control"), "no-store");
    let thanks = get(&app, "/consultation/thanks").await;
    assert_eq!(thanks.status, StatusCode::OK);
    assert_eq!(thanks.header("cache-control"), "no-store");
    assert!(thanks.body.contains("we received your request"));

    let received = wait_for(&smtp, 2).await;
    assert_eq!(received.len(), 2);
    let mail = coordinator_mail(&received);
    assert_eq!(
        mail.header("Subject").unwrap(),
        "New consultation request #1"
    );
    assert_eq!(
        mail.header("Reply-To").unwrap(),
        "\"Jo Example\" <jo@example.org>"
    );
    assert_eq!(
        mail.header("From").unwrap(),
        "\"Test Practice website\" <care@practice.example>"
    );
    assert_eq!(mail.header("Content-Transfer-Encoding").unwrap(), "base64");
    let message_id = mail.header("Message-ID").unwrap();
    assert!(
        message_id.starts_with("<consultation-1-") && message_id.ends_with("@practice.example>"),
        "{message_id}"
    );
    let text = mail.text();
    for expected in [
        "Name: Jo Example",
        "Email: jo@example.org",
        "Phone: (510) 555-0123",
        "Contact by: Email",
        "Voicemail OK: yes",
        "Service: Individual therapy",
        "Therapist: Jo Lee",
        "Format: Online (video)",
        "State during sessions: California\r\n",
        "For: Me (individual therapy)",
        "Availability: Weekday evenings",
        "I would like to talk about my father.",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }

    let confirmation = received
        .iter()
        .find(|mail| mail.to == ["jo@example.org"])
        .unwrap();
    assert_eq!(
        confirmation.header("Reply-To").unwrap(),
        FIXTURE_COORDINATOR
    );
    let text = confirmation.text();
    assert!(text.contains("We received your request"), "{text}");
    assert!(text.contains("988"), "{text}");
    assert!(
        !text.contains("Jo") && !text.contains("father"),
        "repeats nothing: {text}"
    );

    // Delivered: the details are erased, the bare record stays.
    let outbox = outbox(&app);
    until_true("the details erased", || {
        outbox.show(1).unwrap().unwrap().1.is_none()
    })
    .await;
    assert!(
        deliveries(&app, 1)
            .iter()
            .all(|delivery| delivery.status == Status::Sent)
    );
}

/// The mail server is down when the request comes in, then comes up: the
/// request is delivered once, not lost and not duplicated. "Not again" is
/// proven by moving the clock past any retry and sending a later request:
/// the worker's pass that sends it has the first one due too, if anything
/// had left it to send.
#[tokio::test]
async fn smtp_down_then_up_delivers_exactly_once() {
    let reserved = reserve_port();
    let address = reserved.local_addr().unwrap();
    drop(reserved);
    let url = format!("smtp://{address}");
    let clock = clock();
    let mut app = fixture_app_at(None, Arc::clone(&clock), &["--smtp-url", &url]);
    start_worker(&mut app);
    let reply = submit(&app, phone_only()).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    until_true("an attempt while the server was down", || {
        deliveries(&app, 1)[0].attempts >= 1
    })
    .await;
    assert_eq!(deliveries(&app, 1)[0].status, Status::Pending);

    let smtp = SmtpServer::start_on(std::net::TcpListener::bind(address).unwrap());
    pass_time(&app, &clock, PAST_ANY_RETRY);
    until_sent(&app, 1).await;
    assert_eq!(deliveries(&app, 1)[0].attempts, 2, "one failed, one sent");

    pass_time(&app, &clock, PAST_ANY_RETRY);
    submit(&app, phone_only()).await;
    until_sent(&app, 2).await;
    let subjects: Vec<String> = smtp
        .received()
        .iter()
        .map(|mail| mail.header("Subject").unwrap())
        .collect();
    assert_eq!(
        subjects,
        ["New consultation request #1", "New consultation request #2"],
        "exactly once each"
    );
}

/// A temporary refusal (4xx) is retried until the server accepts.
#[tokio::test]
async fn temporary_failures_are_retried() {
    let smtp = SmtpServer::start();
    smtp.fail_next(&[451, 421]);
    let clock = clock();
    let mut app = fixture_app_at(Some(&smtp), Arc::clone(&clock), &[]);
    start_worker(&mut app);
    submit(&app, phone_only()).await;
    for refused in 1..=2 {
        until_true(&format!("refusal {refused} recorded"), || {
            deliveries(&app, 1)[0].attempts == refused
        })
        .await;
        assert_eq!(deliveries(&app, 1)[0].status, Status::Pending);
        pass_time(&app, &clock, PAST_ANY_RETRY);
    }
    until_sent(&app, 1).await;
    assert_eq!(smtp.received().len(), 1);
    assert_eq!(deliveries(&app, 1)[0].attempts, 3);
}

/// A permanent refusal (5xx) keeps the request, marked failed, with its
/// details for staff, and a retry from `hearth outbox retry` sends it.
#[tokio::test]
async fn permanent_failures_are_kept_for_staff() {
    let smtp = SmtpServer::start();
    smtp.fail_next(&[550]);
    let clock = clock();
    let mut app = fixture_app_at(Some(&smtp), Arc::clone(&clock), &[]);
    start_worker(&mut app);
    submit(&app, phone_only()).await;
    until_true("marked failed", || {
        deliveries(&app, 1)[0].status == Status::Failed
    })
    .await;
    let outbox = outbox(&app);
    let (summary, details) = outbox.show(1).unwrap().unwrap();
    assert!(details.is_some(), "a failed request keeps its details");
    assert_eq!(
        summary.deliveries[0].last_error.as_deref(),
        Some("rejected permanently (550)")
    );
    assert!(smtp.received().is_empty());

    assert_eq!(outbox.retry(1, hearth::Clock::now(&*clock)).unwrap(), 1);
    app.state.consultation.wake_worker.notify_one();
    let received = wait_for(&smtp, 1).await;
    assert_eq!(
        received[0].header("Subject").unwrap(),
        "New consultation request #1"
    );
}

/// CR and LF in every field: no panic; selects and addresses are refused,
/// and where the rest is accepted, each email has exactly one recipient and
/// no injected header.
#[tokio::test]
async fn crlf_in_every_field_injects_nothing() {
    let smtp = SmtpServer::start();
    let app = mailing_site(&smtp);
    let injection = "\r\nBcc: evil@example.org\r\nX-Injected: yes";
    let everything: Vec<(String, String)> = good_fields()
        .into_iter()
        .map(|(key, value)| (key, format!("{value}{injection}")))
        .collect();
    let reply = submit(&app, everything).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Please check your email address"));

    let text_fields = with(
        good_fields(),
        &[
            ("name", &format!("Jo{injection}")),
            ("availability", &format!("Evenings{injection}")),
            ("message", &format!("Hello{injection}\r\n.\r\nQUIT")),
        ],
    );
    let reply = submit(&app, text_fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    until_sent(&app, 1).await;
    let received = smtp.received();
    assert_eq!(received.len(), 2);
    for mail in &received {
        assert_eq!(mail.to.len(), 1, "{:?}", mail.to);
        assert!(!mail.to.iter().any(|to| to.contains("evil")));
        let names = mail.header_names();
        assert!(
            !names
                .iter()
                .any(|name| name.eq_ignore_ascii_case("bcc")
                    || name.eq_ignore_ascii_case("x-injected")),
            "{names:?}"
        );
    }
    let reply_to = coordinator_mail(&received).header("Reply-To").unwrap();
    assert!(reply_to.ends_with(" <jo@example.org>"), "{reply_to}");
}

/// Lines that are a single dot, however the browser ended them, arrive
/// intact instead of ending the message early.
#[tokio::test]
async fn dot_lines_arrive_intact() {
    let smtp = SmtpServer::start();
    let app = mailing_site(&smtp);
    let message = "first\r.\rsecond\r\n.\r\nthird\n..\nlast";
    submit(
        &app,
        with(
            good_fields(),
            &[
                ("message", message),
                ("email", ""),
                ("contact_preference", "phone"),
            ],
        ),
    )
    .await;
    let received = wait_for(&smtp, 1).await;
    let text = received[0].text();
    assert!(
        text.contains("Message:\r\nfirst\r\n.\r\nsecond\r\n.\r\nthird\r\n..\r\nlast\r\n"),
        "{text}"
    );
}

/// A double submit (the same form posted twice) stores one request and sends one email.
#[tokio::test]
async fn double_submit_sends_once() {
    let smtp = SmtpServer::start();
    let app = mailing_site(&smtp);
    let mut fields = open_form(&app).await;
    fields.extend(phone_only());
    let body = encode(&fields);
    assert_eq!(
        post_body(&app, body.clone()).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(post_body(&app, body).await.status, StatusCode::SEE_OTHER);
    until_sent(&app, 1).await;
    assert_eq!(smtp.received().len(), 1);
    assert_eq!(outbox(&app).list().unwrap().len(), 1);
}

/// At most one confirmation per visitor address per hour.
#[tokio::test]
async fn one_confirmation_per_address_per_hour() {
    let smtp = SmtpServer::start();
    let app = mailing_site(&smtp);
    submit(&app, good_fields()).await;
    submit(&app, with(good_fields(), &[("email", "JO@example.org")])).await;
    until_sent(&app, 1).await;
    until_sent(&app, 2).await;
    let received = smtp.received();
    let confirmations = received
        .iter()
        .filter(|mail| mail.to != [FIXTURE_COORDINATOR])
        .count();
    assert_eq!(
        (received.len(), confirmations),
        (3, 1),
        "two coordinator emails, one confirmation"
    );
}

/// Mistakes come back as 422 with each message by its field, focus on the
/// first problem, and everything typed kept.
#[tokio::test]
async fn validation_errors_keep_what_was_typed() {
    let app = site(None, &[]);
    let reply = submit(
        &app,
        with(
            good_fields(),
            &[
                ("email", "jo@exa mple"),
                ("phone", ""),
                ("message", "Keep <this> & that"),
                ("consent", ""),
            ],
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.header("cache-control"), "no-store");
    let html = &reply.body;
    assert!(html.contains("Please check 2 things below"), "{html}");
    assert!(html.contains(r#"<p class="field-error" id="email-error"><span class="error-prefix">Error: </span>Please check your email address"#));
    assert!(html.contains(
        r#"id="email" name="email" type="email" autocomplete="email" value="jo@exa mple""#
    ));
    assert!(html.contains(r#"aria-describedby="email-hint email-error" aria-invalid="true""#));
    // Focus goes to the summary of what to check, which is announced, and
    // the title says it first.
    assert!(
        html.contains(r#"<div class="error-summary" role="alert" aria-labelledby="error-summary-heading" tabindex="-1" autofocus>"#),
        "{html}"
    );
    assert_eq!(html.matches(" autofocus").count(), 1);
    assert!(html.contains("<title>Error: 2 things to check – Request a free consultation · "));
    assert!(html.contains(r##"<a href="#consent">Please confirm"##));
    assert!(html.contains(r#"value="Jo Example""#));
    assert!(
        html.contains("Keep &#60;this&#62; &#38; that</textarea>"),
        "{html}"
    );
    assert!(html.contains(r#"<option value="jo-lee" selected>"#));
    assert!(html.contains(r#"id="format-online" name="format" value="online" checked"#));
    assert!(html.contains(r#"name="voicemail_ok" value="yes" checked"#));
    assert!(outbox(&app).list().unwrap().is_empty());
}

/// A form whose hidden fields cannot be verified comes back with a short
/// message and the visitor's words; it is never silently dropped.
#[tokio::test]
async fn unverifiable_forms_come_back() {
    let app = site(None, &[]);
    let mut fields = good_fields();
    fields.extend([
        ("submission_id".to_owned(), "0".repeat(32)),
        ("issued_at".to_owned(), "1".to_owned()),
        ("token".to_owned(), "forged".to_owned()),
    ]);
    let reply = post_body(&app, encode(&fields)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply
            .body
            .contains("We could not confirm this form came from our website")
    );
    assert!(reply.body.contains(r#"value="Jo Example""#));
    assert!(
        !reply.body.contains(r#"name="token" value="forged""#),
        "a fresh token replaces it"
    );
}

/// A form opened before a restart still submits: the signing key lives in
/// the data folder, not in memory.
#[tokio::test]
async fn forms_survive_a_restart() {
    let first = site(None, &[]);
    let hidden = open_form(&first).await;
    let data = first.data.path().to_owned();
    let again = site(None, &["--data-dir", data.to_str().unwrap()]);
    let mut fields = hidden;
    fields.extend(good_fields());
    let reply = post_body(&again, encode(&fields)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(Outbox::open(&data).unwrap().list().unwrap().len(), 1);
}

/// The therapist's "request a consultation" link preselects them.
#[tokio::test]
async fn therapist_is_preselected_from_the_link() {
    let app = site(None, &[]);
    let html = get(&app, "/consultation?therapist=jo-lee").await.body;
    assert!(html.contains(r#"<option value="jo-lee" selected>Jo Lee, LMFT (English)</option>"#));
    assert!(html.contains("In crisis? Please do not wait for a call back"));
    let html = get(&app, "/consultation?therapist=nobody").await.body;
    assert!(!html.contains(" selected>"));
}

/// Refusals: each gets its own designed page and stores nothing.
#[tokio::test]
async fn refusals() {
    let app = site(None, &[]);
    let fields = {
        let mut all = open_form(&app).await;
        all.extend(good_fields());
        encode(&all)
    };
    let cases: Vec<(&str, Request<Body>, StatusCode, &str)> = vec![
        (
            "cross-site",
            Request::post("/consultation")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("sec-fetch-site", "cross-site")
                .body(Body::from(fields.clone()))
                .unwrap(),
            StatusCode::FORBIDDEN,
            "That form was sent from another website",
        ),
        (
            "foreign origin",
            Request::post("/consultation")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("origin", "https://evil.example")
                .body(Body::from(fields.clone()))
                .unwrap(),
            StatusCode::FORBIDDEN,
            "That form was sent from another website",
        ),
        (
            "json",
            Request::post("/consultation")
                .header("content-type", "application/json")
                .header("sec-fetch-site", "same-origin")
                .body(Body::from("{}"))
                .unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "We could not read that form",
        ),
        (
            "oversize",
            form_post()
                .body(Body::from(format!(
                    "{fields}&message={}",
                    "a".repeat(hearth::consultation::form::MAX_READ_BYTES)
                )))
                .unwrap(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "more than the form can take",
        ),
        (
            "duplicate field",
            form_post()
                .body(Body::from(format!("{fields}&name=Again")))
                .unwrap(),
            StatusCode::BAD_REQUEST,
            "We could not read that request",
        ),
        (
            "invalid UTF-8",
            form_post()
                .body(Body::from(format!("{fields}&website=%FF")))
                .unwrap(),
            StatusCode::BAD_REQUEST,
            "We could not read that request",
        ),
        (
            "unknown field",
            form_post()
                .body(Body::from(format!("{fields}&admin=1")))
                .unwrap(),
            StatusCode::BAD_REQUEST,
            "We could not read that request",
        ),
    ];
    for (case, request_value, status, text) in cases {
        let reply = request(&app, request_value).await;
        assert_eq!(reply.status, status, "{case}");
        assert!(reply.body.contains(text), "{case}");
        assert_eq!(
            reply.header("content-type"),
            "text/html; charset=utf-8",
            "{case}"
        );
        assert!(
            reply.body.contains(FIXTURE_PHONE),
            "{case}: the page gives the phone"
        );
    }
    assert!(outbox(&app).list().unwrap().is_empty());
}

/// A bot that fills the hidden honeypot field gets the thank-you and nothing is stored.
#[tokio::test]
async fn honeypot_is_thanked_and_ignored() {
    let app = site(None, &[]);
    let reply = submit(
        &app,
        with(good_fields(), &[("website", "https://spam.example")]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/consultation/thanks");
    assert!(outbox(&app).list().unwrap().is_empty());
}

/// A form sent faster than a person could fill it is thanked and ignored.
#[tokio::test]
async fn too_fast_is_thanked_and_ignored() {
    let app = site(None, &["--form-min-seconds", "3600"]);
    let reply = submit(&app, good_fields()).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(outbox(&app).list().unwrap().is_empty());
}

/// Over the per-client limit: a 429 page with the phone number, and a
/// forged X-Forwarded-For does not buy more tries.
#[tokio::test]
async fn per_client_rate_limit() {
    let app = site(None, &["--form-rate-limit", "2"]);
    let body = encode(&good_fields());
    for (attempt, forged) in ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
        .iter()
        .enumerate()
    {
        let post = form_post()
            .header("x-forwarded-for", *forged)
            .body(Body::from(body.clone()))
            .unwrap();
        let reply = request(&app, from_peer(post, "192.0.2.10:4000")).await;
        if attempt < 2 {
            assert_eq!(
                reply.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "attempt {attempt}"
            );
        } else {
            assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
            assert!(reply.body.contains("Too many requests for now"));
            assert!(reply.body.contains(&format!("call us at {FIXTURE_PHONE}")));
        }
    }
    let other = from_peer(
        form_post().body(Body::from(body)).unwrap(),
        "192.0.2.11:4000",
    );
    assert_eq!(
        request(&app, other).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

/// Behind a trusted proxy, the proxy's entry is the client, so each visitor has their own limit.
#[tokio::test]
async fn trusted_proxy_limits_per_visitor() {
    let app = site(None, &["--form-rate-limit", "1", "--trust-proxy", "true"]);
    let body = encode(&good_fields());
    for visitor in ["203.0.113.1", "203.0.113.2"] {
        let post = form_post()
            .header("x-forwarded-for", format!("10.9.9.9, {visitor}"))
            .body(Body::from(body.clone()))
            .unwrap();
        assert_eq!(
            request(&app, from_peer(post, "127.0.0.1:9")).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    let post = form_post()
        .header("x-forwarded-for", "203.0.113.9, 203.0.113.1")
        .body(Body::from(body))
        .unwrap();
    assert_eq!(
        request(&app, from_peer(post, "127.0.0.1:9")).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

/// The overall limit holds across many addresses for posts of a signed
/// form (junk without one is refused before it counts: see form_faults.rs).
#[tokio::test]
async fn global_rate_limit() {
    let app = site(None, &["--form-global-rate-limit", "2"]);
    let statuses: Vec<StatusCode> = post_from_addresses(&app, 3).await;
    assert_eq!(statuses[2], StatusCode::TOO_MANY_REQUESTS);
}

async fn post_from_addresses(app: &Router, count: u8) -> Vec<StatusCode> {
    let mut statuses = Vec::new();
    for last in 0..count {
        let mut fields = open_form(app).await;
        fields.extend(good_fields());
        let post = form_post().body(Body::from(encode(&fields))).unwrap();
        statuses.push(
            request(app, from_peer(post, &format!("192.0.2.{last}:1000")))
                .await
                .status,
        );
    }
    statuses
}

/// If the outbox cannot store the request, the visitor gets a 503 page with
/// the phone number, never the thank-you page.
#[tokio::test]
async fn storage_failure_is_503_with_the_phone() {
    let app = site(None, &[]);
    let database = rusqlite::Connection::open(app.data.path().join("outbox.sqlite3")).unwrap();
    database
        .execute_batch("DROP TABLE deliveries; DROP TABLE requests;")
        .unwrap();
    let reply = submit(&app, good_fields()).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(reply.body.contains("We could not save your request"));
    assert!(reply.body.contains(&format!("call us at {FIXTURE_PHONE}")));
    assert_ne!(reply.header("location"), "/consultation/thanks");
}

/// A mail server that accepts the connection and then says nothing cannot
/// hold the worker: the attempt times out and is retried later.
#[tokio::test]
async fn a_silent_mail_server_times_out() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("smtp://{}", silent.local_addr().unwrap());
    let mut app = site(None, &["--smtp-url", &url, "--mail-timeout-seconds", "1"]);
    start_worker(&mut app);
    submit(&app, phone_only()).await;
    until_true("the attempt ended", || deliveries(&app, 1)[0].attempts >= 1).await;
    let delivery = &deliveries(&app, 1)[0];
    assert_eq!(delivery.status, Status::Pending);
    assert_eq!(delivery.last_error.as_deref(), Some("timed out"));
    drop(silent);
}

/// With no SMTP server set, mail is written as .eml files in the data
/// folder, so `cargo run` works with nothing installed; the coordinator's
/// address can be overridden.
#[tokio::test]
async fn dev_mail_goes_to_files() {
    let mut app = site(
        None,
        &[
            "--coordinator-email",
            "intake@practice.example",
            "--mail-from",
            "Web <web@practice.example>",
        ],
    );
    start_worker(&mut app);
    submit(&app, phone_only()).await;
    // Recorded as sent once the file is written in full.
    until_sent(&app, 1).await;
    let files: Vec<_> = std::fs::read_dir(app.data.path().join("mail"))
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .collect();
    let [file] = &files[..] else {
        panic!("one .eml file: {files:?}");
    };
    assert_eq!(file.extension().unwrap(), "eml");
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains("To: intake@practice.example\r\n"), "{text}");
    assert!(
        text.contains("From: Web <web@practice.example>\r\n"),
        "{text}"
    );
    assert!(
        text.contains("Subject: New consultation request #1\r\n"),
        "{text}"
    );
}

/// When the visitor gave no email, the coordinator's email has no
/// Reply-To and says to call or text them at their number, instead of
/// inviting a reply that would only come back to the practice.
#[tokio::test]
async fn without_the_visitors_email_the_coordinator_is_told_to_call_or_text() {
    let smtp = SmtpServer::start();
    let mut app = fixture_app_at(Some(&smtp), clock(), &[]);
    start_worker(&mut app);
    submit(&app, phone_only()).await;
    let received = wait_for(&smtp, 1).await;
    let mail = coordinator_mail(&received);
    assert_eq!(mail.header("Reply-To"), None);
    let text = mail.text();
    let phone = good_fields()
        .into_iter()
        .find(|(name, _)| name == "phone")
        .map(|(_, value)| value)
        .unwrap();
    assert!(
        text.contains(&format!("call or text them at {phone}, as they asked")),
        "{text}"
    );
    assert!(!text.contains("Reply to this email"), "{text}");
}
