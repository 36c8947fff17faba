//! Helpers for the booking tests: the small fixture site with
//! `consultations:`, on a clock the test sets, a filled form with a time,
//! and the times and calendar files read back.

use std::sync::Arc;

use hearth::ManualClock;
use jiff::Timestamp;
use tempfile::TempDir;

use super::form::Fields;
use super::smtp::SmtpServer;
use super::{TestApp, app_at, editable_site};

/// Calls on weekday mornings and afternoons, Pacific Time.
pub const CONSULTATIONS: &str = r#"
timezone: America/Los_Angeles
consultations:
  length: 20
  buffer: 10
  weekly:
    - { days: [monday, tuesday, wednesday, thursday, friday], from: "09:00", to: "12:00" }
    - { days: [monday, wednesday], from: "13:00", to: "15:00" }
  lead_time: 4h
  horizon: 21d
  closed: [2026-12-09]
"#;

/// Monday 2026-12-07, 06:00 in Oakland: with 4 hours' lead, 10:00 is the first time.
pub const MONDAY_MORNING: &str = "2026-12-07T14:00:00Z";
pub const FIRST_TIME: &str = "2026-12-07T10:00:00-08:00";

/// The fixture site with `extra` added to its site.yaml, and its content folder.
pub fn booking_site(extra: &str) -> (TempDir, hearth::content::Sources) {
    let (dir, sources) = editable_site();
    let path = sources.content.join("site.yaml");
    let mut yaml = std::fs::read_to_string(&path).unwrap();
    yaml.push_str(extra);
    std::fs::write(&path, yaml).unwrap();
    (dir, sources)
}

/// The booking site's app, its clock and its content folder (kept while it runs).
pub struct Booking {
    pub app: TestApp,
    pub clock: Arc<ManualClock>,
    _content: TempDir,
}

/// The booking site at [`MONDAY_MORNING`], with dev mail.
pub fn booking_app() -> Booking {
    booking_app_mailing(None)
}

/// The booking site at [`MONDAY_MORNING`], mailing through `smtp` if given;
/// its worker is not started.
pub fn booking_app_mailing(smtp: Option<&SmtpServer>) -> Booking {
    let (content, sources) = booking_site(CONSULTATIONS);
    let clock = ManualClock::at(MONDAY_MORNING.parse::<Timestamp>().unwrap());
    let url = smtp.map(SmtpServer::url);
    let mut settings = vec!["--form-rate-limit", "100"];
    if let Some(url) = &url {
        settings.extend(["--smtp-url", url.as_str()]);
    }
    let app = app_at(
        &sources,
        "http://127.0.0.1:3000",
        &settings,
        Arc::clone(&clock) as _,
    );
    Booking {
        app,
        clock,
        _content: content,
    }
}

/// The form filled in for a call at `slot`.
pub fn fields(slot: &str) -> Fields {
    [
        ("slot", slot),
        ("name", "Jo Example"),
        ("email", "jo@example.org"),
        ("phone", "(510) 555-0123"),
        ("contact_preference", "phone"),
        ("format", "online"),
        ("state", "CA"),
        ("who_for", "individual"),
        ("message", "Mornings are best for me."),
        ("consent", "yes"),
    ]
    .iter()
    .map(|(key, value)| (key.to_string(), value.to_string()))
    .collect()
}

/// The `slot` values the page offers, in order.
pub fn offered(html: &str) -> Vec<String> {
    html.split("name=\"slot\" value=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .filter(|value| value != "call-back")
        .collect()
}

/// The first event of a calendar file, read by `icalendar`'s parser.
pub fn event_of(ics: &str) -> std::collections::HashMap<String, String> {
    let unfolded = icalendar::parser::unfold(ics);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("a calendar that parses");
    let event = calendar
        .components
        .iter()
        .find(|component| component.name == "VEVENT")
        .expect("an event");
    event
        .properties
        .iter()
        .map(|property| (property.name.to_string(), property.val.to_string()))
        .collect()
}

/// `link` with the last digit of its signature changed (to another digit,
/// whatever it was), as a hand-edited link would be.
pub fn forge(link: &str) -> String {
    let (kept, last) = link.split_at(link.len() - 1);
    let other = if last == "0" { "1" } else { "0" };
    format!("{kept}{other}")
}
