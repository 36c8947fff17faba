//! The care coordinator's private calendar feed and `hearth bookings`: a
//! call booked through the form is in the feed under the coordinator's
//! invitation's UID, with its times and number and no one's name; a wrong
//! secret is a 404; a rotation closes the old address; `hearth calendar
//! url`, `hearth bookings list` and `show` through the real binary. A copy
//! of the small fixture site with `consultations:`, on a clock set to the
//! next Monday morning, so the binary, on the real time, sees the call ahead.

mod common;

use axum::http::StatusCode;
use common::booking::{booking_site, fields};
use common::form::*;
use common::*;
use hearth::ManualClock;
use hearth::consultation::invitation::coordinator_uid;
use icalendar::parser::{read_calendar, unfold};
use jiff::Timestamp;
use jiff::civil::Weekday;
use tempfile::TempDir;

/// Calls on weekday mornings, Pacific Time.
const CONSULTATIONS: &str = r#"
timezone: America/Los_Angeles
consultations:
  length: 20
  buffer: 10
  weekly:
    - { days: [monday, tuesday, wednesday, thursday, friday], from: "09:00", to: "12:00" }
  lead_time: 4h
  horizon: 21d
"#;

/// The domain of the fixture's sender: its coordinator's address.
const DOMAIN: &str = "practice.example";

/// 14:00 UTC (early morning in Oakland) on the first Monday after today.
fn next_monday_morning() -> Timestamp {
    let today = Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC);
    let monday = today.date().nth_weekday(1, Weekday::Monday).unwrap();
    (jiff::tz::TimeZone::UTC)
        .to_timestamp(monday.at(14, 0, 0, 0))
        .unwrap()
}

struct Practice {
    app: TestApp,
    clock: std::sync::Arc<ManualClock>,
    sources: hearth::content::Sources,
    _content: TempDir,
}

fn practice() -> Practice {
    let (content, sources) = booking_site(CONSULTATIONS);
    let clock = ManualClock::at(next_monday_morning());
    let app = app_at(
        &sources,
        "http://127.0.0.1:3000",
        &[],
        std::sync::Arc::clone(&clock) as std::sync::Arc<dyn hearth::Clock>,
    );
    Practice {
        app,
        clock,
        sources,
        _content: content,
    }
}

/// Books the first time the form offers; returns that time.
async fn book_first_time(app: &TestApp) -> Timestamp {
    let form = get(app, "/consultation").await.body;
    let first = form
        .split("name=\"slot\" value=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .find(|value| value != "call-back")
        .expect("a time is offered");
    let reply = submit(app, fields(&first)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(
        reply
            .header("location")
            .contains("/consultation/booked?ref=1-")
    );
    first.parse().unwrap()
}

/// The events of a calendar file, each as its properties' names and values.
fn events(ics: &str) -> Vec<Vec<(String, String)>> {
    let unfolded = unfold(ics);
    let calendar = read_calendar(&unfolded).unwrap_or_else(|error| panic!("{error}: {ics}"));
    (calendar.components.iter())
        .filter(|component| component.name == "VEVENT")
        .map(|event| {
            (event.properties.iter())
                .map(|property| (property.name.to_string(), property.val.to_string()))
                .collect()
        })
        .collect()
}

fn value<'a>(event: &'a [(String, String)], name: &str) -> &'a str {
    (event.iter())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .unwrap_or_else(|| panic!("no {name}"))
}

fn utc(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// `hearth calendar ACTION` for the app's data folder; the address it printed.
fn calendar_command(data: &std::path::Path, action: &str) -> String {
    let output = succeeded(
        hearth()
            .arg("calendar")
            .arg("--data-dir")
            .arg(data)
            .env("HEARTH_BASE_URL", "https://harborlight.example/")
            .arg(action),
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// The path of a feed address printed by `hearth calendar`.
fn path_of(address: &str) -> String {
    let path = address
        .strip_prefix("https://harborlight.example")
        .unwrap_or_else(|| panic!("{address}"));
    let secret = path
        .strip_prefix("/calendar/")
        .and_then(|rest| rest.strip_suffix(".ics"))
        .unwrap_or_else(|| panic!("{address}"));
    assert_eq!(secret.len(), 64, "{address}");
    assert!(secret.bytes().all(|byte| byte.is_ascii_hexdigit()));
    path.to_owned()
}

/// A booked call is in the feed as the coordinator's invitation names it:
/// the same UID, its times in UTC, "Consultation call #1", and neither the
/// visitor's name nor their phone; private, never stored, and published
/// rather than sent as an invitation. A cancelled call leaves it, and so
/// does a call more than a day past.
#[tokio::test]
async fn the_feed_lists_a_booked_call_as_the_invitation_names_it() {
    let mut practice = practice();
    let start = book_first_time(&practice.app).await;
    let feed = path_of(&calendar_command(practice.app.data.path(), "url"));

    let reply = get(&practice.app, &feed).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.header("content-type"), "text/calendar; charset=utf-8");
    assert_eq!(reply.header("cache-control"), "private, no-store");
    assert!(reply.body.contains("METHOD:PUBLISH\r\n"), "{}", reply.body);
    for personal in ["Jo Example", "555-0123", "jo@example.org", "Mornings"] {
        assert!(!reply.body.contains(personal), "{personal}: {}", reply.body);
    }
    let listed = events(&reply.body);
    assert_eq!(listed.len(), 1, "{}", reply.body);
    let event = &listed[0];
    assert_eq!(value(event, "UID"), coordinator_uid(1, DOMAIN));
    assert_eq!(value(event, "DTSTART"), utc(start));
    assert_eq!(
        value(event, "DTEND"),
        utc(start + jiff::SignedDuration::from_mins(20))
    );
    assert_eq!(value(event, "SUMMARY"), "Consultation call #1");

    // The coordinator's invitation, written by dev mail beside its message.
    start_worker(&mut practice.app);
    let mail = practice.app.data.path().join("mail");
    let waited = std::time::Instant::now();
    let invitation = loop {
        let found = std::fs::read_dir(&mail)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "ics"))
            .map(|entry| std::fs::read_to_string(entry.path()).unwrap())
            .find(|ics| ics.contains("METHOD:REQUEST"));
        if let Some(found) = found {
            break found;
        }
        assert!(waited.elapsed().as_secs() < 15, "no invitation in {mail:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let invited = &events(&invitation)[0];
    for name in ["UID", "DTSTART", "DTEND", "SUMMARY"] {
        assert_eq!(value(event, name), value(invited, name), "{name}");
    }

    // A day and a minute after the call, it has left the feed.
    practice
        .clock
        .set(start + jiff::SignedDuration::from_hours(24) + jiff::SignedDuration::from_mins(21));
    assert!(events(&get(&practice.app, &feed).await.body).is_empty());
    practice.clock.set(next_monday_morning());
    assert_eq!(events(&get(&practice.app, &feed).await.body).len(), 1);

    // Cancelled (by hand here: Hearth's own cancelling is for later), it is gone.
    let outbox =
        rusqlite::Connection::open(practice.app.data.path().join("outbox.sqlite3")).unwrap();
    outbox
        .execute("UPDATE bookings SET cancelled_at = 1 WHERE id = 1", [])
        .unwrap();
    let reply = get(&practice.app, &feed).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(events(&reply.body).is_empty(), "{}", reply.body);
}

/// A wrong, shortened or missing secret, or the right one without `.ics`,
/// gets the site's designed 404 page; so does every secret before the
/// first address was made. The feed is in no sitemap, and robots.txt keeps
/// crawlers out of it.
#[tokio::test]
async fn a_wrong_secret_is_the_designed_404() {
    let practice = practice();
    book_first_time(&practice.app).await;
    let not_yet = format!("/calendar/{}.ics", "0".repeat(64));
    assert_eq!(
        get(&practice.app, &not_yet).await.status,
        StatusCode::NOT_FOUND
    );
    let feed = path_of(&calendar_command(practice.app.data.path(), "url"));
    let secret = &feed["/calendar/".len()..feed.len() - ".ics".len()];
    let mut wrong_last = secret[..63].to_owned();
    wrong_last.push(if secret.ends_with('0') { '1' } else { '0' });
    for refused in [
        not_yet.clone(),
        format!("/calendar/{wrong_last}.ics"),
        format!("/calendar/{}.ics", &secret[..63]),
        format!("/calendar/{secret}"),
        format!("/calendar/{secret}.ics.ics"),
        format!("/calendar/{}.ics", secret.to_uppercase()),
        "/calendar/.ics".to_owned(),
        "/calendar/".to_owned(),
        "/calendar".to_owned(),
        format!("/calendar/{secret}.ics/x"),
    ] {
        let reply = get(&practice.app, &refused).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{refused}");
        assert!(
            reply.header("content-type").starts_with("text/html"),
            "{refused}"
        );
        assert!(!reply.body.contains("VCALENDAR"), "{refused}");
    }
    assert_eq!(get(&practice.app, &feed).await.status, StatusCode::OK);

    let sitemap = get(&practice.app, "/sitemap.xml").await.body;
    assert!(!sitemap.contains("/calendar"), "{sitemap}");
    let robots = get(&practice.app, "/robots.txt").await.body;
    assert!(robots.contains("Disallow: /calendar/\n"), "{robots}");
}

/// After `hearth calendar rotate`, the old address is a 404 at once, on
/// the running server, and the new one it printed works; `url` then prints
/// the new one.
#[tokio::test]
async fn after_a_rotation_only_the_new_address_works() {
    let practice = practice();
    book_first_time(&practice.app).await;
    let data = practice.app.data.path();
    let old = path_of(&calendar_command(data, "url"));
    assert_eq!(path_of(&calendar_command(data, "url")), old, "kept");
    assert_eq!(get(&practice.app, &old).await.status, StatusCode::OK);

    let new = path_of(&calendar_command(data, "rotate"));
    assert_ne!(new, old);
    assert_eq!(get(&practice.app, &old).await.status, StatusCode::NOT_FOUND);
    let reply = get(&practice.app, &new).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(events(&reply.body).len(), 1);
    assert_eq!(path_of(&calendar_command(data, "url")), new);
}

/// `hearth calendar url` takes the base URL as `serve` does, flag or
/// environment, and defaults to `http://ADDR`.
#[test]
fn the_address_is_on_the_base_url_serve_uses() {
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let output = succeeded(
            hearth()
                .arg("calendar")
                .arg("--data-dir")
                .arg(data.path())
                .args(args),
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let printed = run(&["--base-url", "https://Harborlight.example/practice/", "url"]);
    assert!(
        printed.starts_with("https://harborlight.example/practice/calendar/"),
        "{printed}"
    );
    assert!(printed.ends_with(".ics\n"), "{printed}");
    let secret = &printed["https://harborlight.example/practice/calendar/".len()..];
    let default = run(&["url"]);
    assert_eq!(default, format!("http://127.0.0.1:3000/calendar/{secret}"));
    let addr = run(&["--addr", "0.0.0.0:8080", "url"]);
    assert_eq!(addr, format!("http://0.0.0.0:8080/calendar/{secret}"));
}

/// `hearth bookings list` shows the booking's number, its time in the
/// practice's zone, its status and its request, and no name, email or
/// phone; `show` adds the request in full while it is kept; an unknown
/// booking fails with a sentence.
#[tokio::test]
async fn bookings_list_names_no_one_and_show_has_the_request() {
    let practice = practice();
    let start = book_first_time(&practice.app).await;
    let bookings = |args: &[&str]| {
        hearth()
            .arg("bookings")
            .arg("--data-dir")
            .arg(practice.app.data.path())
            .arg("--content")
            .arg(&practice.sources.content)
            .args(args)
            .output()
            .unwrap()
    };
    let pacific = jiff::tz::TimeZone::get("America/Los_Angeles").unwrap();
    let when = start
        .to_zoned_datetime(pacific)
        .strftime("%a %Y-%m-%d %H:%M %Z")
        .to_string();

    let list = bookings(&["list"]);
    assert!(list.status.success());
    let text = String::from_utf8(list.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("#1 "), "{text}");
    assert!(text.contains(&when), "{when}: {text}");
    assert!(text.contains(" booked "), "{text}");
    assert!(text.contains("request #1"), "{text}");
    for personal in ["Jo Example", "555", "jo@example.org", "Mornings"] {
        assert!(!text.contains(personal), "{personal}: {text}");
    }
    assert!(
        list.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );

    let show = bookings(&["show", "1"]);
    assert!(show.status.success());
    let text = String::from_utf8(show.stdout).unwrap();
    assert!(text.contains(&when), "{text}");
    assert!(
        text.contains("request #1") && text.contains("#1 "),
        "{text}"
    );
    assert!(text.contains("Name: Jo Example"), "{text}");
    assert!(text.contains("Phone: (510) 555-0123"), "{text}");

    let unknown = bookings(&["show", "2"]);
    assert!(!unknown.status.success());
    assert_eq!(
        String::from_utf8(unknown.stdout).unwrap(),
        "There is no booking #2.\n"
    );
}
