//! The consultation flow on a clock the test moves: the fill time, the
//! rate-limit window, retry backoff and retention are all measured on the
//! one injected clock, so these tests move time on instead of sleeping
//! through it. They use the small fixture site, not the demo practice.

mod common;

use std::sync::Arc;

use axum::http::StatusCode;
use common::form::*;
use common::smtp::SmtpServer;
use common::*;
use hearth::consultation::outbox::{Outbox, Status};
use hearth::{Clock, ManualClock};
use jiff::{SignedDuration, Timestamp};

fn clock() -> Arc<ManualClock> {
    ManualClock::at("2026-03-02T09:00:00Z".parse::<Timestamp>().unwrap())
}

/// A complete request for the fixture site, with a phone number only.
fn fields() -> Fields {
    [
        ("name", "Jo Example"),
        ("phone", "(510) 555-0123"),
        ("contact_preference", "phone"),
        ("service", "individual-therapy"),
        ("therapist", "jo-lee"),
        ("format", "in_person"),
        ("state", "CA"),
        ("who_for", "couple"),
        ("consent", "yes"),
    ]
    .iter()
    .map(|(key, value)| (key.to_string(), value.to_string()))
    .collect()
}

fn outbox(app: &TestApp) -> Outbox {
    Outbox::open(app.data.path()).unwrap()
}

/// A form sent sooner than the minimum fill time after it was opened, on
/// the clock, is ignored; the same form sent once the clock has moved on is
/// stored. No real time passes.
#[tokio::test]
async fn fill_time_is_measured_on_the_clock() {
    let clock = clock();
    let app = fixture_app_at(None, Arc::clone(&clock), &["--form-min-seconds", "30"]);
    let too_soon = submit(&app, fields()).await;
    assert_eq!(
        too_soon.status,
        StatusCode::SEE_OTHER,
        "a bot learns nothing"
    );
    assert!(outbox(&app).list().unwrap().is_empty(), "nothing stored");

    let mut opened = open_form(&app).await;
    opened.extend(fields());
    clock.advance(SignedDuration::from_secs(31));
    assert_eq!(
        post_body(&app, encode(&opened)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        outbox(&app).list().unwrap().len(),
        1,
        "stored once filled in"
    );
}

/// A client over its hourly limit is told when a slot frees, counted on the
/// clock, and is let through again once the clock has moved an hour on.
#[tokio::test]
async fn the_rate_limit_window_is_the_clocks() {
    let clock = clock();
    let app = fixture_app_at(None, Arc::clone(&clock), &["--form-rate-limit", "2"]);
    for _ in 0..2 {
        assert_eq!(submit(&app, fields()).await.status, StatusCode::SEE_OTHER);
        clock.advance(SignedDuration::from_mins(10));
    }
    let limited = submit(&app, fields()).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        limited.header("retry-after"),
        "2400",
        "the first post leaves in 40 minutes"
    );
    clock.advance(SignedDuration::from_mins(40));
    assert_eq!(submit(&app, fields()).await.status, StatusCode::SEE_OTHER);
}

/// A temporary refusal is retried at the time the backoff set on the
/// clock, and not before: while the clock stands still nothing is sent
/// again; once it moves past the retry the email goes out, once.
#[tokio::test]
async fn retries_wait_for_the_clock() {
    let clock = clock();
    let smtp = SmtpServer::start();
    smtp.fail_next(&[451]);
    let mut app = fixture_app_at(Some(&smtp), Arc::clone(&clock), &[]);
    start_worker(&mut app);
    assert_eq!(submit(&app, fields()).await.status, StatusCode::SEE_OTHER);
    let outbox = outbox(&app);
    let delivery = || outbox.show(1).unwrap().unwrap().0.deliveries[0].clone();
    until_true("the refused attempt recorded", || delivery().attempts == 1).await;
    let waiting = delivery();
    assert_eq!(waiting.status, Status::Pending);
    let wait = waiting.next_attempt_at.duration_since(clock.now());
    assert!(
        wait >= SignedDuration::from_millis(1_500) && wait <= SignedDuration::from_millis(2_500),
        "the first retry is about two seconds on the clock: {wait:?}"
    );
    assert!(smtp.received().is_empty());

    pass_time(&app, &clock, SignedDuration::from_secs(3));
    let received = wait_for(&smtp, 1).await;
    assert_eq!(received.len(), 1);
    until_true("the delivery recorded as sent", || {
        delivery().status == Status::Sent
    })
    .await;
    assert_eq!(delivery().attempts, 2);
}

/// A delivered request's bare record stays for 30 days on the clock and is
/// purged once the clock passes them.
#[tokio::test]
async fn retention_is_measured_on_the_clock() {
    let clock = clock();
    let smtp = SmtpServer::start();
    let mut app = fixture_app_at(Some(&smtp), Arc::clone(&clock), &[]);
    start_worker(&mut app);
    submit(&app, fields()).await;
    wait_for(&smtp, 1).await;
    let outbox = outbox(&app);
    until_true("the details erased", || {
        outbox.show(1).unwrap().unwrap().1.is_none()
    })
    .await;

    pass_time(&app, &clock, SignedDuration::from_hours(29 * 24));
    pass_time(&app, &clock, SignedDuration::from_hours(2 * 24));
    until_true("the record purged", || outbox.show(1).unwrap().is_none()).await;
}

/// An unknown choice is a field error on the 422 page, every field kept as
/// typed, never taken as a default.
#[tokio::test]
async fn an_unknown_choice_is_a_field_error() {
    let app = fixture_app_at(None, clock(), &[]);
    let typed = with(
        fields(),
        &[
            ("who_for", "pets"),
            ("name", "Zoë \u{05e9}\u{05dc}\u{05d5}\u{05dd} 😀"),
        ],
    );
    let reply = submit(&app, typed).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Please choose who the therapy is for."));
    assert!(
        reply
            .body
            .contains("value=\"Zoë \u{05e9}\u{05dc}\u{05d5}\u{05dd} 😀\"")
    );
    assert!(
        reply.body.contains("value=\"in_person\" checked"),
        "other choices kept"
    );
    assert!(outbox(&app).list().unwrap().is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// A name too long to take, in any script, is refused with 422 and
    /// shown back exactly as typed (escaped as HTML).
    #[test]
    fn a_rejected_value_comes_back(name in "[a-zé李\u{05d0}-\u{05ea}\u{0301}😀]{101,140}") {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let app = fixture_app_at(None, clock(), &[]);
        let reply = runtime.block_on(submit(&app, with(fields(), &[("name", &name)])));
        proptest::prop_assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let shown = format!("value=\"{name}\"");
        proptest::prop_assert!(reply.body.contains(&shown));
    }
}
