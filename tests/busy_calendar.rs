//! The coordinator's busy calendar: a calendar served by a small HTTP server
//! inside the test, read by the real background task, and the form that
//! stops offering the times it shows busy (a weekly event with a TZID across
//! the day the clocks go back in California among them). When the calendar
//! turns slow, goes down or grows too large, the last good copy stays and
//! the form still answers at once. The fixture site with `consultations:`,
//! on a clock the test sets and moves on.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::booking::{fields, offered};
use common::form::*;
use common::*;
use hearth::ManualClock;
use hearth::consultation::busy::{BusyTimes, MAX_BYTES};
use jiff::{SignedDuration, Timestamp};
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Calls on weekday mornings, and Monday and Wednesday afternoons, Pacific Time.
const CONSULTATIONS: &str = r#"
timezone: America/Los_Angeles
consultations:
  length: 20
  buffer: 10
  weekly:
    - { days: [monday, tuesday, wednesday, thursday, friday], from: "09:00", to: "12:00" }
    - { days: [monday, wednesday], from: "13:00", to: "15:00" }
  lead_time: 4h
  horizon: 21d
"#;

/// Monday 2026-10-26, 06:00 in Oakland: with 4 hours' lead, 10:00 is the
/// first time; the clocks go back on Sunday 2026-11-01.
const MONDAY_MORNING: &str = "2026-10-26T13:00:00Z";

/// A week of the coordinator's calendar, as Google writes one: a weekly
/// meeting on Mondays and Wednesdays at 11:00 in Los Angeles (one
/// Wednesday off, one Monday moved to the afternoon), a UTC meeting, a
/// cancelled and a free one, a day off, a floating half hour, and an
/// event that cannot be read.
const CALENDAR: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
BEGIN:VTIMEZONE\r
TZID:America/Los_Angeles\r
BEGIN:STANDARD\r
TZOFFSETFROM:-0700\r
TZOFFSETTO:-0800\r
DTSTART:19701101T020000\r
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r
END:STANDARD\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:weekly@test\r
DTSTART;TZID=America/Los_Angeles:20261005T110000\r
DTEND;TZID=America/Los_Angeles:20261005T120000\r
RRULE:FREQ=WEEKLY;BYDAY=MO,WE\r
EXDATE;TZID=America/Los_Angeles:20261104T110000\r
SUMMARY:Team meeting\r
BEGIN:VALARM\r
ACTION:DISPLAY\r
TRIGGER:-PT10M\r
END:VALARM\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:weekly@test\r
RECURRENCE-ID;TZID=America/Los_Angeles:20261109T110000\r
DTSTART;TZID=America/Los_Angeles:20261109T140000\r
DTEND;TZID=America/Los_Angeles:20261109T143000\r
SUMMARY:Team meeting (moved)\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:utc@test\r
DTSTART:20261027T170000Z\r
DTEND:20261027T180000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:cancelled@test\r
DTSTART:20261028T160000Z\r
DTEND:20261028T170000Z\r
STATUS:CANCELLED\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:free@test\r
DTSTART:20261029T160000Z\r
DTEND:20261029T170000Z\r
TRANSP:TRANSPARENT\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:day-off@test\r
DTSTART;VALUE=DATE:20261030\r
DTEND;VALUE=DATE:20261031\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:floating@test\r
DTSTART:20261102T090000\r
DURATION:PT30M\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:broken@test\r
DTSTART:someday\r
END:VEVENT\r
END:VCALENDAR\r
";

/// One meeting on Tuesday 2026-10-27 from 10:00 to 11:00 Pacific.
const ONE_MEETING: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
BEGIN:VEVENT\r
UID:utc@test\r
DTSTART:20261027T170000Z\r
DTEND:20261027T180000Z\r
END:VEVENT\r
END:VCALENDAR\r
";

const EMPTY: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";

/// How the test's calendar server answers.
#[derive(Clone)]
enum Answer {
    Calendar(&'static str),
    /// Nothing for a minute: longer than any fetch may take.
    Slow,
    /// A calendar just over the size limit.
    Oversized,
}

/// A calendar served by hand on a port of its own.
struct CalendarServer {
    port: u16,
    answer: Arc<Mutex<Answer>>,
    requests: Arc<AtomicUsize>,
    accepting: tokio::task::JoinHandle<()>,
}

impl CalendarServer {
    async fn start(answer: Answer) -> CalendarServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let answer = Arc::new(Mutex::new(answer));
        let requests = Arc::new(AtomicUsize::new(0));
        let accepting = tokio::spawn({
            let (answer, requests) = (Arc::clone(&answer), Arc::clone(&requests));
            async move {
                while let Ok((stream, _)) = listener.accept().await {
                    let answer = answer.lock().unwrap().clone();
                    tokio::spawn(serve(stream, answer, Arc::clone(&requests)));
                }
            }
        });
        CalendarServer {
            port,
            answer,
            requests,
            accepting,
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/cal.ics", self.port)
    }

    fn set(&self, answer: Answer) {
        *self.answer.lock().unwrap() = answer;
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// Closes the listener: connections are refused from now on.
    async fn stop(self) {
        self.accepting.abort();
        let _ = self.accepting.await;
    }
}

async fn serve(mut stream: tokio::net::TcpStream, answer: Answer, requests: Arc<AtomicUsize>) {
    let mut head = Vec::new();
    let mut buffer = [0u8; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(read) => head.extend_from_slice(&buffer[..read]),
        }
    }
    requests.fetch_add(1, Ordering::SeqCst);
    let head = String::from_utf8_lossy(&head);
    let body = match answer {
        _ if !head.starts_with("GET /cal.ics ") => {
            let _ = stream
                .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                .await;
            return;
        }
        Answer::Slow => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            EMPTY.to_owned()
        }
        Answer::Calendar(calendar) => calendar.to_owned(),
        Answer::Oversized => {
            let mut body = ONE_MEETING.replace("END:VCALENDAR\r\n", "");
            while body.len() < MAX_BYTES as usize {
                body.push_str("X-PADDING:0123456789012345678901234567890123456789\r\n");
            }
            body.push_str("END:VCALENDAR\r\n");
            body
        }
    };
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/calendar; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(body.as_bytes()).await;
}

struct Busy {
    app: TestApp,
    clock: Arc<ManualClock>,
    busy: Arc<BusyTimes>,
    content: TempDir,
}

/// The fixture site reading its busy calendar from `url`, with the busy
/// calendar's task running (fetches time out after `timeout`).
fn busy_app(url: &str, timeout: Duration) -> Busy {
    let (content, sources) = editable_site();
    let path = sources.content.join("site.yaml");
    let mut yaml = std::fs::read_to_string(&path).unwrap();
    yaml.push_str(CONSULTATIONS);
    yaml.push_str(&format!("  busy_calendar_url: {url}\n"));
    std::fs::write(&path, yaml).unwrap();
    let clock = ManualClock::at(MONDAY_MORNING.parse::<Timestamp>().unwrap());
    let mut app = app_at(
        &sources,
        "http://127.0.0.1:3000",
        &["--form-rate-limit", "100"],
        Arc::clone(&clock) as Arc<dyn hearth::Clock>,
    );
    let mut fetcher = app.busy.take().unwrap();
    fetcher.timeout = timeout;
    let busy = Arc::clone(&fetcher.busy);
    tokio::spawn(fetcher.run());
    Busy {
        app,
        clock,
        busy,
        content,
    }
}

impl Busy {
    /// Moves the clock on to the next fetch and tells the task to look.
    fn next_fetch(&self) {
        self.clock
            .advance(SignedDuration::from_mins(5) + SignedDuration::from_secs(1));
        self.busy.refresh();
    }

    /// The times offered in the week of `week` (a Monday), or this week.
    async fn offered(&self, week: Option<&str>) -> Vec<String> {
        let uri = match week {
            Some(week) => format!("/consultation?week={week}"),
            None => "/consultation".to_owned(),
        };
        let page = get(&self.app, &uri).await;
        assert_eq!(page.status, StatusCode::OK);
        offered(&page.body)
    }
}

fn assert_offered(times: &[String], offered: &[&str], busy: &[&str]) {
    for time in offered {
        assert!(times.iter().any(|t| t == time), "{time} should be offered");
    }
    for time in busy {
        assert!(!times.iter().any(|t| t == time), "{time} is busy");
    }
}

/// The form offers none of the times the calendar shows busy: a weekly
/// meeting at 11:00 stays at 11:00 after the clocks go back (19:00 UTC,
/// not 18:00), without the Wednesday it skips and with the Monday it moved;
/// cancelled and free events block nothing, a day off blocks the day, a
/// floating time is the practice's. A busy time posted anyway is refused.
#[tokio::test]
async fn the_form_offers_no_time_the_busy_calendar_shows_busy() {
    let server = CalendarServer::start(Answer::Calendar(CALENDAR)).await;
    let busy = busy_app(&server.url(), Duration::from_secs(5));
    until_true("the first read", || busy.busy.successes() == 1).await;

    let first_week = busy.offered(None).await;
    assert_offered(
        &first_week,
        &[
            "2026-10-26T10:00:00-07:00",
            "2026-10-26T10:30:00-07:00",
            "2026-10-27T11:00:00-07:00",
            "2026-10-28T09:00:00-07:00",
            "2026-10-29T09:00:00-07:00",
        ],
        &[
            "2026-10-26T11:00:00-07:00",
            "2026-10-26T11:30:00-07:00",
            "2026-10-27T10:00:00-07:00",
            "2026-10-27T10:30:00-07:00",
            "2026-10-28T11:00:00-07:00",
        ],
    );
    assert!(
        !first_week.iter().any(|time| time.starts_with("2026-10-30")),
        "the day off"
    );

    let after_the_change = busy.offered(Some("2026-11-02")).await;
    assert_offered(
        &after_the_change,
        &[
            "2026-11-02T09:30:00-08:00",
            "2026-11-02T10:00:00-08:00",
            "2026-11-02T10:30:00-08:00",
            "2026-11-04T11:00:00-08:00",
        ],
        &[
            "2026-11-02T09:00:00-08:00",
            "2026-11-02T11:00:00-08:00",
            "2026-11-02T11:30:00-08:00",
        ],
    );
    let moved = busy.offered(Some("2026-11-09")).await;
    assert_offered(
        &moved,
        &[
            "2026-11-09T11:00:00-08:00",
            "2026-11-09T13:30:00-08:00",
            "2026-11-09T14:30:00-08:00",
            "2026-11-11T10:30:00-08:00",
        ],
        &["2026-11-09T14:00:00-08:00", "2026-11-11T11:00:00-08:00"],
    );

    let reply = submit(&busy.app, fields("2026-10-27T10:00:00-07:00")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("That time can no longer be booked"));
    assert!(reply.body.contains("value=\"Jo Example\""));
    let reply = submit(&busy.app, fields("2026-10-27T11:00:00-07:00")).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
}

/// The form's page, timed: it must never wait for the calendar.
async fn answers_at_once(busy: &Busy) -> Vec<String> {
    let started = Instant::now();
    let times = busy.offered(None).await;
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(1),
        "the form took {took:?} while the calendar is being read"
    );
    times
}

/// Good, then slow (no answer within the timeout), then down (refused):
/// each time the last good copy stays and the form answers at once. Moved
/// to a new address by a reload, the calendar is read again at once.
#[tokio::test]
async fn a_slow_then_down_calendar_keeps_the_last_good_copy() {
    const MEETING: &str = "2026-10-27T10:00:00-07:00";
    let server = CalendarServer::start(Answer::Calendar(ONE_MEETING)).await;
    let busy = busy_app(&server.url(), Duration::from_secs(3));
    until_true("the first read", || busy.busy.successes() == 1).await;
    assert_offered(&busy.offered(None).await, &[], &[MEETING]);

    server.set(Answer::Slow);
    busy.next_fetch();
    until_true("the slow fetch to start", || server.requests() == 2).await;
    assert_offered(&answers_at_once(&busy).await, &[], &[MEETING]);
    until_true("the slow fetch to time out", || busy.busy.attempts() == 2).await;
    assert_eq!(busy.busy.successes(), 1);
    assert_offered(&answers_at_once(&busy).await, &[], &[MEETING]);

    server.stop().await;
    busy.next_fetch();
    until_true("the refused fetch", || busy.busy.attempts() == 3).await;
    assert_eq!(busy.busy.successes(), 1);
    assert_offered(&answers_at_once(&busy).await, &[], &[MEETING]);

    // The coordinator cleared the meeting, and the calendar moved.
    let moved = CalendarServer::start(Answer::Calendar(EMPTY)).await;
    let path = busy.content.path().join("site.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let old = yaml
        .lines()
        .find(|line| line.contains("busy_calendar_url"))
        .unwrap()
        .to_owned();
    let yaml = yaml.replace(&old, &format!("  busy_calendar_url: {}", moved.url()));
    std::fs::write(&path, yaml).unwrap();
    busy.app.state.site.reload().unwrap();
    until_true("the read at the new address", || busy.busy.successes() == 2).await;
    assert_offered(&answers_at_once(&busy).await, &[MEETING], &[]);
}

/// A calendar over the size limit is a failed fetch, not a truncated
/// read: the last good copy stays.
#[tokio::test]
async fn an_oversized_calendar_is_refused_and_the_last_copy_kept() {
    const MEETING: &str = "2026-10-27T10:00:00-07:00";
    let server = CalendarServer::start(Answer::Calendar(ONE_MEETING)).await;
    let busy = busy_app(&server.url(), Duration::from_secs(5));
    until_true("the first read", || busy.busy.successes() == 1).await;
    let before = busy.busy.current();
    assert!(!before.is_empty());

    server.set(Answer::Oversized);
    busy.next_fetch();
    until_true("the oversized fetch", || busy.busy.attempts() == 2).await;
    assert_eq!(busy.busy.successes(), 1);
    assert_eq!(busy.busy.current(), before);
    assert_offered(&answers_at_once(&busy).await, &[], &[MEETING]);
}
