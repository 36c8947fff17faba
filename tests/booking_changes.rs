//! A booked call changed from the links in the visitor's emails: cancelled
//! (asked first, so a mail scanner opening the link changes nothing),
//! moved to another time without ever losing the first, the coordinator
//! told each time with a calendar file for the same event, and the links
//! refused once used, once the booking changed, or when tampered with. And
//! the reminder: sent once before the call, never after a cancellation.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::booking::*;
use common::form::*;
use common::smtp::{Received, SmtpServer};
use common::*;
use jiff::SignedDuration;

const BASE: &str = "http://127.0.0.1:3000";

/// A booked call's app, mailing to a test SMTP server, its worker running.
fn mailing_booking(smtp: &SmtpServer) -> Booking {
    let mut booking = booking_app_mailing(Some(smtp));
    start_worker(&mut booking.app);
    booking
}

/// The path of the link after `label` in a visitor's email.
fn link(mail: &Received, label: &str) -> String {
    let text = mail.text();
    let after = text
        .split_once(label)
        .unwrap_or_else(|| panic!("no {label:?} in:\n{text}"))
        .1;
    let address = after.split_whitespace().next().unwrap();
    address.strip_prefix(BASE).unwrap().to_owned()
}

/// The `ref` of a link's path.
fn reference(path: &str) -> String {
    path.split_once("ref=").unwrap().1.to_owned()
}

/// Posts `body` to `path` as our own page's form would.
async fn post_to(app: &TestApp, path: &str, body: String) -> Reply {
    let request = Request::post(path.split('?').next().unwrap())
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap();
    common::request(app, request).await
}

/// Books `slot` for the visitor at `email` and returns every email so far,
/// once the two that follow have arrived. (A second confirmation to one
/// address within the hour is held back, so each visitor has their own.)
async fn book(
    booking: &Booking,
    smtp: &SmtpServer,
    slot: &str,
    email: &str,
    already: usize,
) -> Vec<Received> {
    let reply = submit(&booking.app, with(fields(slot), &[("email", email)])).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    wait_for(smtp, already + 2).await
}

fn to_visitor<'a>(received: &'a [Received], email: &str) -> Vec<&'a Received> {
    received.iter().filter(|mail| mail.to == [email]).collect()
}

fn to_coordinator(received: &[Received]) -> Vec<&Received> {
    received
        .iter()
        .filter(|mail| mail.to == [FIXTURE_COORDINATOR])
        .collect()
}

/// The cancel link shows the call and a button; opening it changes
/// nothing. The post frees the time, tells the coordinator with the
/// calendar's cancellation of the same event, and the link works no more.
#[tokio::test]
async fn the_cancel_link_asks_then_frees_the_time_and_tells_the_coordinator() {
    let smtp = SmtpServer::start();
    let booking = mailing_booking(&smtp);
    let received = book(&booking, &smtp, FIRST_TIME, "jo@example.org", 0).await;
    let cancel = link(
        to_visitor(&received, "jo@example.org")[0],
        "To cancel the call: ",
    );

    let asked = get(&booking.app, &cancel).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("Cancel your consultation call?"));
    assert!(asked.body.contains("Monday, December 7, 2026, 10:00"));
    assert_eq!(asked.header("cache-control"), "no-store");
    let form = get(&booking.app, "/consultation").await.body;
    assert!(
        !offered(&form).contains(&FIRST_TIME.to_owned()),
        "opening the link cancelled the call"
    );

    let body = format!("ref={}", reference(&cancel));
    let done = post_to(&booking.app, &cancel, body.clone()).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let page = get(&booking.app, done.header("location")).await;
    assert!(page.body.contains("Your call is cancelled"));
    let form = get(&booking.app, "/consultation").await.body;
    assert!(offered(&form).contains(&FIRST_TIME.to_owned()));

    let received = wait_for(&smtp, 3).await;
    let notices = to_coordinator(&received);
    let cancelled = notices
        .iter()
        .find(|mail| mail.header("subject").unwrap().contains("cancelled"))
        .expect("the coordinator is told");
    let (kind, ics) = cancelled.calendar().unwrap();
    assert!(kind.contains("method=CANCEL"), "{kind}");
    let event = event_of(&ics);
    let (_, invitation) = notices[0].calendar().unwrap();
    assert_eq!(event["UID"], event_of(&invitation)["UID"]);
    assert_eq!(event["STATUS"], "CANCELLED");
    assert_eq!(event["SEQUENCE"], "1");
    assert_eq!(event["DTSTART"], "20261207T180000Z");

    // Used once: posting or opening it again, or a forged one, is refused.
    assert_eq!(
        post_to(&booking.app, &cancel, body).await.status,
        StatusCode::GONE
    );
    let again = get(&booking.app, &cancel).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.body.contains("This link no longer works"));
    let forged = forge(&cancel);
    assert_eq!(get(&booking.app, &forged).await.status, StatusCode::GONE);
}

/// The reschedule link offers the free times; a time just taken leaves
/// the first booked; a free one moves the call in one step, the
/// coordinator gets the updated invitation, the visitor new links, and
/// the old links stop working.
#[tokio::test]
async fn the_reschedule_link_moves_the_call_without_losing_it() {
    let smtp = SmtpServer::start();
    let booking = mailing_booking(&smtp);
    let first = book(&booking, &smtp, FIRST_TIME, "jo@example.org", 0).await;
    let other = "2026-12-07T10:30:00-08:00";
    book(&booking, &smtp, other, "sam@example.org", 2).await;
    let reschedule = link(
        to_visitor(&first, "jo@example.org")[0],
        "To pick another time: ",
    );
    let cancel = link(
        to_visitor(&first, "jo@example.org")[0],
        "To cancel the call: ",
    );

    let page = get(&booking.app, &reschedule).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Pick another time for your call"));
    let times = offered(&page.body);
    assert!(!times.contains(&other.to_owned()));
    assert!(times.contains(&"2026-12-07T11:00:00-08:00".to_owned()));

    let post = |slot: &str| {
        format!(
            "ref={}&slot={}",
            reference(&reschedule),
            slot.replace('+', "%2B")
        )
    };
    let taken = post_to(&booking.app, &reschedule, post(other)).await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.body.contains("That time was just taken"));
    let form = get(&booking.app, "/consultation").await.body;
    assert!(
        !offered(&form).contains(&FIRST_TIME.to_owned()),
        "a refused move lost the first time"
    );
    let outside = post_to(&booking.app, &reschedule, post("2026-12-07T10:05:00-08:00")).await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);

    let new_time = "2026-12-07T11:00:00-08:00";
    let moved = post_to(&booking.app, &reschedule, post(new_time)).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let confirmed = get(&booking.app, moved.header("location")).await;
    assert!(confirmed.body.contains("Monday, December 7, 2026, 11:00"));
    let form = get(&booking.app, "/consultation").await.body;
    assert!(offered(&form).contains(&FIRST_TIME.to_owned()));
    assert!(!offered(&form).contains(&new_time.to_owned()));

    let received = wait_for(&smtp, 6).await;
    let change = to_coordinator(&received)
        .into_iter()
        .find(|mail| mail.header("subject").unwrap().contains("moved"))
        .expect("the coordinator is told of the new time");
    let (kind, ics) = change.calendar().unwrap();
    assert!(kind.contains("method=REQUEST"));
    let event = event_of(&ics);
    assert_eq!(event["DTSTART"], "20261207T190000Z");
    assert_eq!(event["SEQUENCE"], "1");
    assert!(event["UID"].starts_with("consultation-call-1@"));
    let new_links = to_visitor(&received, "jo@example.org")
        .into_iter()
        .find(|mail| mail.header("subject").unwrap().contains("new time"))
        .expect("the visitor gets the new time");
    assert!(new_links.text().contains("Monday, December 7, 2026, 11:00"));
    let (_, visitor_ics) = new_links.calendar().expect("the new time's event");
    let visitor_event = event_of(&visitor_ics);
    assert_eq!(visitor_event["DTSTART"], "20261207T190000Z");
    assert_eq!(visitor_event["SEQUENCE"], "1");
    let new_cancel = link(new_links, "To cancel the call: ");
    assert_ne!(new_cancel, cancel);

    for old in [&reschedule, &cancel] {
        assert_eq!(
            get(&booking.app, old).await.status,
            StatusCode::GONE,
            "{old}"
        );
    }
    assert_eq!(get(&booking.app, &new_cancel).await.status, StatusCode::OK);
}

/// A day ahead, the visitor is reminded once; a cancelled call is not.
#[tokio::test]
async fn the_reminder_comes_once_and_never_after_a_cancellation() {
    let smtp = SmtpServer::start();
    let booking = mailing_booking(&smtp);
    // Tuesday 10:00 and 10:30: their reminders are due Monday 10:00 and 10:30.
    let kept = book(
        &booking,
        &smtp,
        "2026-12-08T10:00:00-08:00",
        "jo@example.org",
        0,
    )
    .await;
    let cancelled = book(
        &booking,
        &smtp,
        "2026-12-08T10:30:00-08:00",
        "sam@example.org",
        2,
    )
    .await;
    assert_eq!(kept.len(), 2);
    let cancel = link(
        to_visitor(&cancelled, "sam@example.org")[0],
        "To cancel the call: ",
    );
    let done = post_to(&booking.app, &cancel, format!("ref={}", reference(&cancel))).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    wait_for(&smtp, 5).await;

    pass_time(&booking.app, &booking.clock, SignedDuration::from_hours(5));
    let received = wait_for(&smtp, 6).await;
    let reminders: Vec<&Received> = received
        .iter()
        .filter(|mail| mail.header("subject").unwrap().starts_with("Reminder"))
        .collect();
    assert_eq!(reminders.len(), 1);
    assert!(
        reminders[0]
            .text()
            .contains("Tuesday, December 8, 2026, 10:00")
    );

    pass_time(&booking.app, &booking.clock, SignedDuration::from_hours(30));
    // Everything due has gone once the outbox holds nothing pending.
    let outbox = hearth::consultation::outbox::Outbox::open(booking.app.data.path()).unwrap();
    until_true("no delivery left pending", || {
        outbox.list().unwrap().iter().all(|summary| {
            summary
                .deliveries
                .iter()
                .all(|delivery| delivery.status != hearth::consultation::outbox::Status::Pending)
        })
    })
    .await;
    assert_eq!(smtp.received().len(), 6, "{:?}", smtp.received());
}

/// The coordinator cancels with `hearth bookings cancel`: the running
/// server frees the time, the visitor is told with the calendar's
/// cancellation of their event, and a second cancel is refused.
#[tokio::test]
async fn the_practice_cancels_a_call_and_the_visitor_is_told() {
    let smtp = SmtpServer::start();
    let booking = mailing_booking(&smtp);
    book(&booking, &smtp, FIRST_TIME, "jo@example.org", 0).await;
    let cancel = |id: &str| {
        hearth()
            .args(["bookings", "--data-dir"])
            .arg(booking.app.data.path())
            .args(["cancel", id])
            .output()
            .unwrap()
    };
    let first = cancel("1");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stdout)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("Booking #1 is cancelled"));

    let received = wait_for(&smtp, 4).await;
    let told = to_visitor(&received, "jo@example.org")
        .into_iter()
        .find(|mail| mail.header("subject").unwrap().ends_with("is cancelled"))
        .expect("the visitor is told");
    assert!(told.text().contains("Monday, December 7, 2026, 10:00"));
    let (kind, ics) = told.calendar().unwrap();
    assert!(kind.contains("method=CANCEL"), "{kind}");
    let event = event_of(&ics);
    assert_eq!(event["STATUS"], "CANCELLED");
    assert_eq!(event["DTSTART"], "20261207T180000Z");
    assert!(event["UID"].ends_with("-visitor@practice.example"));
    let form = get(&booking.app, "/consultation").await.body;
    assert!(offered(&form).contains(&FIRST_TIME.to_owned()));

    let again = cancel("1");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("no booking #1 to cancel"));
}

/// A booked request's details stay while the call is to come (the
/// reminder and the links need them), and are erased once it is over.
#[tokio::test]
async fn a_booked_requests_details_are_erased_once_the_call_is_over() {
    let smtp = SmtpServer::start();
    let booking = mailing_booking(&smtp);
    book(&booking, &smtp, FIRST_TIME, "jo@example.org", 0).await;
    let outbox = hearth::consultation::outbox::Outbox::open(booking.app.data.path()).unwrap();
    let erased = || outbox.show(1).unwrap().unwrap().1.is_none();
    until_true("both emails recorded as sent", || {
        let (summary, _) = outbox.show(1).unwrap().unwrap();
        summary
            .deliveries
            .iter()
            .all(|delivery| delivery.status == hearth::consultation::outbox::Status::Sent)
    })
    .await;
    assert!(!erased(), "the details went before the call");
    // The call was at 10:00; two hours later the hourly purge has run.
    pass_time(&booking.app, &booking.clock, SignedDuration::from_hours(6));
    until_true("the details erased after the call", erased).await;
}
