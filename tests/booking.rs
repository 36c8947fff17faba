//! Booking the free consultation call: the free times the form offers, a
//! booked time confirmed and never offered again, thirty visitors at one
//! time of which exactly one gets it, and every time that cannot be booked
//! refused with the form and what was typed. A copy of the small fixture
//! site with `consultations:`, on a clock the test sets.

mod common;

use axum::http::StatusCode;
use common::booking::*;
use common::form::*;
use common::*;
use hearth::ManualClock;
use hearth::consultation::outbox::Outbox;
use jiff::Timestamp;

/// The form offers a week of free times from the lead time on, day by day
/// in fieldsets, each time read in full; a closed day offers none; the
/// next week is a link away, and so are the same times in another zone.
#[tokio::test]
async fn the_form_offers_a_week_of_free_times_in_the_practice_zone() {
    let booking = booking_app();
    let page = get(&booking.app, "/consultation").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = &page.body;
    assert!(html.contains("Pick a time for your free 20-minute call"));
    assert!(html.contains("Times are shown in Pacific Time."));
    // Where the therapists can see clients is said before any question.
    let note = html
        .find("can see clients only while they are in California")
        .unwrap();
    assert!(note < html.find("name=\"slot\"").unwrap());
    let times = offered(html);
    assert_eq!(times.first().map(String::as_str), Some(FIRST_TIME));
    assert!(times.contains(&"2026-12-07T14:30:00-08:00".to_owned()));
    assert!(
        !times.iter().any(|time| time.starts_with("2026-12-09")),
        "the closed day"
    );
    assert!(
        !times.iter().any(|time| time.starts_with("2026-12-14")),
        "one week at a time"
    );
    assert!(html.contains("<legend>Monday, December 7, 2026</legend>"));
    assert!(html.contains(
        "<span class=\"visually-hidden\">Monday, December 7, 2026, </span>10:00\u{202f}AM<span class=\"visually-hidden\"> Pacific Time</span>"
    ) || html.contains(
        "<span class=\"visually-hidden\">Monday, December 7, 2026, </span>10:00 AM<span class=\"visually-hidden\"> Pacific Time</span>"
    ));
    assert!(html.contains("value=\"call-back\""));
    assert!(html.contains("href=\"/consultation?week=2026-12-14#slots\""));
    assert!(!html.contains("Previous week"));

    let next = get(&booking.app, "/consultation?week=2026-12-14")
        .await
        .body;
    let times = offered(&next);
    assert_eq!(
        times.first().map(String::as_str),
        Some("2026-12-14T09:00:00-08:00")
    );
    assert!(next.contains("Previous week"));

    let eastern = get(&booking.app, "/consultation?zone=America/New_York")
        .await
        .body;
    assert!(eastern.contains("Times are shown in Eastern Time."));
    assert_eq!(
        offered(&eastern).first().map(String::as_str),
        Some(FIRST_TIME)
    );
    assert!(eastern.contains("</span>1:00\u{202f}PM<") || eastern.contains("</span>1:00 PM<"));
}

/// A booked time leads to a page that says when the call is and who will
/// call; the time is offered no more; the page is only for that booking.
#[tokio::test]
async fn a_booked_time_is_confirmed_and_offered_no_more() {
    let booking = booking_app();
    let reply = submit(&booking.app, fields(FIRST_TIME)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.header("location").to_owned();
    assert!(
        location.starts_with("/consultation/booked?ref="),
        "{location}"
    );
    assert_eq!(reply.header("cache-control"), "no-store");

    let page = get(&booking.app, &location).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Your call is booked"));
    assert!(page.body.contains("Alex Coordinator"));
    assert!(page.body.contains("Monday, December 7, 2026, 10:00"));
    assert!(page.body.contains("Pacific Time"));
    assert!(page.body.contains("(510) 555-0100"));
    assert!(page.body.contains(">Pick another time</a>"));
    assert!(page.body.contains("href=\"/consultation/cancel?ref=1-0-"));
    assert!(
        page.body
            .contains("href=\"/consultation/reschedule?ref=1-0-")
    );

    let form = get(&booking.app, "/consultation").await.body;
    assert!(!offered(&form).contains(&FIRST_TIME.to_owned()));
    assert!(offered(&form).contains(&"2026-12-07T10:30:00-08:00".to_owned()));

    let tampered = location.replace("ref=1-", "ref=2-");
    assert_eq!(
        get(&booking.app, &tampered).await.status,
        StatusCode::NOT_FOUND
    );
    let forged = forge(&location);
    assert_eq!(
        get(&booking.app, &forged).await.status,
        StatusCode::NOT_FOUND
    );
    let outbox = Outbox::open(booking.app.data.path()).unwrap();
    assert_eq!(outbox.list().unwrap().len(), 1);
}

/// The booked time is the coordinator's first line, and the visitor's
/// confirmation says it too, at the test SMTP server.
#[tokio::test]
async fn both_emails_say_when_the_call_is() {
    let smtp = common::smtp::SmtpServer::start();
    let (content, sources) = booking_site(CONSULTATIONS);
    let clock = ManualClock::at(MONDAY_MORNING.parse::<Timestamp>().unwrap());
    let url = smtp.url();
    let mut app = app_at(
        &sources,
        "http://127.0.0.1:3000",
        &["--smtp-url", url.as_str()],
        clock,
    );
    start_worker(&mut app);
    let reply = submit(&app, fields(FIRST_TIME)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let received = wait_for(&smtp, 2).await;
    let to_coordinator = received
        .iter()
        .find(|mail| mail.to == [FIXTURE_COORDINATOR])
        .unwrap()
        .text();
    let first = to_coordinator
        .lines()
        .find(|line| line.contains(": "))
        .unwrap()
        .replace('\u{202f}', " ");
    assert_eq!(
        first,
        "Call booked for: Monday, December 7, 2026, 10:00 AM Pacific Time"
    );
    // Jo Lee takes new clients, online, in California: she fits.
    assert!(
        to_coordinator.contains("Therapists who fit: Jo Lee\r\n"),
        "{to_coordinator}"
    );
    let confirmation = received
        .iter()
        .find(|mail| mail.to == ["jo@example.org"])
        .unwrap()
        .text()
        .replace('\u{202f}', " ");
    assert!(
        confirmation.contains("is booked for Monday, December 7, 2026, 10:00 AM Pacific Time"),
        "{confirmation}"
    );
    assert!(confirmation.contains("from (510) 555-0100"));

    // Each carries its calendar file, which reads back with the call's instants.
    let invitation = |to: &str| {
        let mail = received.iter().find(|mail| mail.to == [to]).unwrap();
        mail.calendar().expect("a calendar file")
    };
    let (kind, coordinator_ics) = invitation(FIXTURE_COORDINATOR);
    assert!(kind.contains("method=REQUEST"), "{kind}");
    let event = event_of(&coordinator_ics);
    assert_eq!(event["DTSTART"], "20261207T180000Z");
    assert_eq!(event["DTEND"], "20261207T182000Z");
    assert!(event["UID"].starts_with("consultation-call-1@"));
    assert_eq!(event["SUMMARY"], "Consultation call #1");
    assert!(!event["SUMMARY"].contains("Jo"));
    assert!(event["DESCRIPTION"].contains("Jo Example"));
    assert!(event["DESCRIPTION"].contains("(510) 555-0123"));
    assert!(coordinator_ics.contains("METHOD:REQUEST"));
    let (kind, visitor_ics) = invitation("jo@example.org");
    assert!(kind.contains("method=PUBLISH"), "{kind}");
    let event = event_of(&visitor_ics);
    assert_eq!(event["DTSTART"], "20261207T180000Z");
    assert_eq!(
        event["SUMMARY"],
        "Free consultation call with Test Practice"
    );
    assert!(!visitor_ics.contains("Jo Example"));
    drop(content);
}

/// With dev mail, each booked call's calendar files land beside the
/// messages in the data folder's `mail/`, for a person to open.
#[tokio::test]
async fn dev_mail_writes_the_calendar_files_too() {
    let mut booking = booking_app();
    start_worker(&mut booking.app);
    let reply = submit(&booking.app, fields(FIRST_TIME)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let folder = booking.app.data.path().join("mail");
    let files_ending = |suffix: &str| {
        std::fs::read_dir(&folder)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|entry| entry.file_name().to_string_lossy().ends_with(suffix))
                    .count()
            })
            .unwrap_or(0)
    };
    until_true("two messages and two calendar files", || {
        files_ending(".eml") == 2 && files_ending(".ics") == 2
    })
    .await;
}

/// Thirty visitors send the same time at once: exactly one books it; the
/// others get the form back, everything they typed kept, told the time was
/// just taken and offered the nearest free times. Only one request is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_thirty_visitors_at_one_time_exactly_one_books_it() {
    let booking = booking_app();
    let mut bodies = Vec::new();
    for _ in 0..30 {
        let mut all = open_form(&booking.app).await;
        all.extend(fields(FIRST_TIME));
        bodies.push(encode(&all));
    }
    let router = booking.app.router.clone();
    let attempts = bodies.into_iter().map(|body| {
        let router = router.clone();
        tokio::spawn(async move { post_body(&router, body).await })
    });
    let mut replies = Vec::new();
    for attempt in attempts.collect::<Vec<_>>() {
        replies.push(attempt.await.unwrap());
    }
    let booked = replies
        .iter()
        .filter(|reply| reply.status == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(booked, 1);
    for reply in replies
        .iter()
        .filter(|reply| reply.status != StatusCode::SEE_OTHER)
    {
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains("That time was just taken"));
        assert!(reply.body.contains("value=\"Jo Example\""));
        assert!(reply.body.contains("Mornings are best for me."));
        let nearest = reply
            .body
            .split_once("The nearest free times")
            .expect("the nearest free times are offered")
            .1
            .split("</fieldset>")
            .next()
            .unwrap();
        assert_eq!(
            offered(nearest),
            [
                "2026-12-07T10:30:00-08:00",
                "2026-12-07T11:00:00-08:00",
                "2026-12-07T11:30:00-08:00"
            ]
        );
    }
    let outbox = Outbox::open(booking.app.data.path()).unwrap();
    assert_eq!(outbox.list().unwrap().len(), 1);
}

/// A time the schedule does not offer now is refused with the form and
/// every field kept: past, within the lead time, not a call's start, a
/// closed day, a weekend, past the horizon, or not a time at all.
#[tokio::test]
async fn times_that_cannot_be_booked_are_refused_with_the_form() {
    let booking = booking_app();
    let refused = [
        ("2026-12-04T10:00:00-08:00", "past"),
        ("2026-12-07T09:00:00-08:00", "within the lead time"),
        ("2026-12-07T10:05:00-08:00", "not a call's start"),
        ("2026-12-09T10:00:00-08:00", "a closed day"),
        ("2026-12-12T10:00:00-08:00", "a Saturday"),
        ("2027-01-04T10:00:00-08:00", "past the horizon"),
        ("2026-12-07T10:00:00", "no offset"),
        ("tomorrow at ten", "not a time"),
    ];
    for (slot, why) in refused {
        let reply = submit(&booking.app, fields(slot)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        assert!(
            reply.body.contains("That time can no longer be booked"),
            "{why}"
        );
        assert!(reply.body.contains("value=\"Jo Example\""), "{why}");
    }
    let missing = submit(&booking.app, fields("")).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("Pick a time for the call"));
    let no_phone = with(
        fields(FIRST_TIME),
        &[("phone", ""), ("contact_preference", "email")],
    );
    let reply = submit(&booking.app, no_phone).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Give a phone number"));
    let outbox = Outbox::open(booking.app.data.path()).unwrap();
    assert!(outbox.list().unwrap().is_empty());
}

/// "None of these times work for me" is today's request for a call back.
#[tokio::test]
async fn none_of_these_times_asks_for_a_call_back() {
    let booking = booking_app();
    let reply = submit(&booking.app, fields("call-back")).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.header("location"), "/consultation/thanks");
    let form = get(&booking.app, "/consultation").await.body;
    assert_eq!(offered(&form).first().map(String::as_str), Some(FIRST_TIME));
}

/// A double click sends one form twice: one request, one booking, and
/// both answers lead to the same confirmation.
#[tokio::test]
async fn a_double_submit_books_once() {
    let booking = booking_app();
    let mut all = open_form(&booking.app).await;
    all.extend(fields(FIRST_TIME));
    let first = post_body(&booking.app, encode(&all)).await;
    let second = post_body(&booking.app, encode(&all)).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    assert_eq!(second.status, StatusCode::SEE_OTHER);
    assert_eq!(first.header("location"), second.header("location"));
    let outbox = Outbox::open(booking.app.data.path()).unwrap();
    assert_eq!(outbox.list().unwrap().len(), 1);
}

/// The Spanish form offers the same times in Spanish words.
#[tokio::test]
async fn the_spanish_form_says_the_times_in_spanish() {
    let (content, sources) = booking_site(CONSULTATIONS);
    let path = sources.content.join("site.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap() + "languages: [en, es]\n";
    std::fs::write(&path, yaml).unwrap();
    let clock = ManualClock::at(MONDAY_MORNING.parse::<Timestamp>().unwrap());
    let app = app_at(&sources, "http://127.0.0.1:3000", &[], clock);
    let html = get(&app, "/es/consultation").await.body;
    assert!(html.contains("Elija una hora para su llamada gratuita de 20 minutos"));
    assert!(html.contains("<legend>lunes, 7 de diciembre de 2026</legend>"));
    assert!(html.contains("</span>10:00<span class=\"visually-hidden\"> hora del Pacífico</span>"));
    assert!(html.contains("href=\"/es/consultation?week=2026-12-14#slots\""));
    drop(content);
}

/// Each mistake in `consultations:` is named at its line, all in one run.
#[test]
fn check_names_each_problem_in_consultations_at_its_line() {
    let (_content, sources) = booking_site(
        r#"
consultations:
  length: 0
  weekly:
    - { days: [monday], from: "09:00", to: "12:00" }
    - { days: [monday, friday], from: "11:00", to: "13:00" }
  lead_time: soon
  closed: [2026-12-32, 2027-01-02 .. 2027-01-01]
  callers: 0
  busy_calendar_url: http://calendar.example/private.ics
"#,
    );
    let output = hearth()
        .args(["check", "--content"])
        .arg(&sources.content)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let report = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let lines = std::fs::read_to_string(sources.content.join("site.yaml")).unwrap();
    let line_of = |needle: &str| {
        lines
            .lines()
            .position(|line| line.contains(needle))
            .unwrap()
            + 1
    };
    for (needle, message) in [
        ("length: 0", "`length` is in minutes"),
        ("from: \"11:00\"", "overlap another row"),
        ("lead_time: soon", "`lead_time` must be a length of time"),
        ("closed:", "\"2026-12-32\" is not a date"),
        ("closed:", "end before they start"),
        ("callers: 0", "`callers` is how many calls"),
        ("busy_calendar_url", "private https address"),
    ] {
        let expected = format!("site.yaml:{}:", line_of(needle));
        assert!(
            report
                .lines()
                .any(|line| line.contains(&expected) && line.contains(message)),
            "no \"{message}\" at {expected} in:\n{report}"
        );
    }
}

/// The coordinator's email names who fits, or says no one does: Jo Lee
/// sees clients in California only, so a visitor in Oregon has no match.
#[tokio::test]
async fn the_coordinator_is_told_when_no_therapist_fits() {
    let smtp = common::smtp::SmtpServer::start();
    let mut booking = booking_app_mailing(Some(&smtp));
    start_worker(&mut booking.app);
    let oregon = with(fields("call-back"), &[("state", "OR"), ("email", "")]);
    assert_eq!(
        submit(&booking.app, oregon).await.status,
        StatusCode::SEE_OTHER
    );
    let received = wait_for(&smtp, 1).await;
    let text = received[0].text();
    assert!(
        text.contains(
            "Therapists who fit: none: no therapist accepting new clients offers all of this\r\n"
        ),
        "{text}"
    );
}
