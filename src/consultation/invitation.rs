//! The calendar files a booked call's emails carry, so the call lands in
//! the coordinator's and the visitor's calendars with one tap. Written with
//! `icalendar` (RFC 5545's escaping and line folding); times are instants
//! in UTC, so no calendar app has to know the practice's time zone.
//!
//! The coordinator's is an invitation (`METHOD:REQUEST`) whose `UID` comes
//! from the booking, so a resend, a change or a cancellation later names
//! the same event. Its summary carries the request's number only, never
//! the visitor's name: calendars show summaries on lock screens and in
//! shared views. The visitor's is a plain event to add (`METHOD:PUBLISH`).

use icalendar::{Calendar, Component};
use jiff::Timestamp;

use super::slots::Slot;
use crate::i18n::Catalog;

/// A booked call, as its emails need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookedCall {
    pub booking: i64,
    pub slot: Slot,
    /// How often it changed: the events' `SEQUENCE`, so calendars take a
    /// moved or cancelled call as the same event, updated.
    pub sequence: i64,
}

/// Who and what the invitations name.
pub struct Parties<'a> {
    /// The request's number, as the coordinator's email subject has it.
    pub request: i64,
    /// The domain of the sender, for the event's `UID`.
    pub domain: &'a str,
    /// The address emails come from: the invitation's organizer.
    pub organizer: &'a str,
    pub coordinator: &'a str,
    pub practice: &'a str,
    pub practice_phone: &'a str,
}

/// The coordinator's invitation: who to call and at which number, in the
/// description only.
pub fn for_coordinator(
    call: BookedCall,
    parties: &Parties<'_>,
    name: &str,
    phone: &str,
    words: &Catalog,
    now: Timestamp,
) -> String {
    let summary = words.message("ics-coordinator-summary", &[("id", parties.request.into())]);
    let description = words.message(
        "ics-coordinator-description",
        &[("name", name.into()), ("phone", phone.into())],
    );
    let mut event = event(call, parties, "", &summary, &description, now);
    event
        .add_property("ORGANIZER", format!("mailto:{}", parties.organizer))
        .append_property(
            icalendar::Property::new("ATTENDEE", format!("mailto:{}", parties.coordinator))
                .add_parameter("ROLE", "REQ-PARTICIPANT")
                .add_parameter("PARTSTAT", "NEEDS-ACTION")
                .done(),
        );
    calendar("REQUEST", event.done())
}

/// The visitor's event: with whom, from which number, what to expect.
pub fn for_visitor(
    call: BookedCall,
    parties: &Parties<'_>,
    words: &Catalog,
    now: Timestamp,
) -> String {
    let summary = words.message(
        "ics-visitor-summary",
        &[("practice", parties.practice.into())],
    );
    let description = words.message(
        "ics-visitor-description",
        &[("phone", parties.practice_phone.into())],
    );
    let mut event = event(call, parties, "-visitor", &summary, &description, now);
    calendar("PUBLISH", event.done())
}

/// The coordinator's invitation withdrawn: the same event, cancelled, so
/// calendar apps take it off the day.
pub fn cancellation(
    call: BookedCall,
    parties: &Parties<'_>,
    words: &Catalog,
    now: Timestamp,
) -> String {
    let summary = words.message("ics-coordinator-summary", &[("id", parties.request.into())]);
    let mut event = event(call, parties, "", &summary, "", now);
    event
        .add_property("STATUS", "CANCELLED")
        .add_property("ORGANIZER", format!("mailto:{}", parties.organizer))
        .add_property("ATTENDEE", format!("mailto:{}", parties.coordinator));
    calendar("CANCEL", event.done())
}

/// The event both share: its `UID` from the booking (and `suffix`, so the
/// two calendars never mistake one for the other), start and end in UTC.
fn event(
    call: BookedCall,
    parties: &Parties<'_>,
    suffix: &str,
    summary: &str,
    description: &str,
    now: Timestamp,
) -> icalendar::Event {
    let mut event = icalendar::Event::new();
    event
        .uid(&format!(
            "consultation-call-{}{suffix}@{}",
            call.booking, parties.domain
        ))
        .add_property("DTSTAMP", utc(now))
        .add_property("DTSTART", utc(call.slot.start))
        .add_property("DTEND", utc(call.slot.end))
        .add_property("SEQUENCE", call.sequence.to_string())
        .add_property("STATUS", "CONFIRMED")
        .add_property("TRANSP", "OPAQUE")
        .summary(summary)
        .description(description);
    event
}

fn calendar(method: &str, event: icalendar::Event) -> String {
    let mut calendar = Calendar::new();
    calendar
        .append_property(("METHOD", method))
        .append_property(("PRODID", "-//Hearth//Consultation calls//EN"))
        .push(event);
    calendar.done().to_string()
}

/// An instant as iCalendar's UTC form: `20261207T180000Z`.
fn utc(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;
    use icalendar::parser::{read_calendar, unfold};
    use proptest::prelude::*;

    fn parties() -> Parties<'static> {
        Parties {
            request: 12,
            domain: "harborlight.example",
            organizer: "hello@harborlight.example",
            coordinator: "care@harborlight.example",
            practice: "Harborlight",
            practice_phone: "(510) 555-0148",
        }
    }

    fn call() -> BookedCall {
        BookedCall {
            booking: 7,
            slot: Slot {
                start: "2026-12-08T17:30:00Z".parse().unwrap(),
                end: "2026-12-08T17:50:00Z".parse().unwrap(),
            },
            sequence: 0,
        }
    }

    /// The event's properties, read back by the crate's own parser.
    fn properties(ics: &str) -> Vec<(String, String)> {
        let unfolded = unfold(ics);
        let calendar = read_calendar(&unfolded).unwrap();
        let event = calendar
            .components
            .iter()
            .find(|component| component.name == "VEVENT")
            .unwrap();
        (event.properties.iter())
            .map(|property| (property.name.to_string(), property.val.to_string()))
            .collect()
    }

    fn value<'a>(properties: &'a [(String, String)], name: &str) -> &'a str {
        (properties.iter())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .unwrap_or_else(|| panic!("no {name}"))
    }

    #[test]
    fn the_coordinators_invitation_names_the_call_by_number_only() {
        let words = Catalog::built_in(&Language::english());
        let now = "2026-12-03T12:00:00Z".parse().unwrap();
        let ics = for_coordinator(
            call(),
            &parties(),
            "Jo Example",
            "(510) 555-0123",
            &words,
            now,
        );
        assert!(ics.contains("METHOD:REQUEST\r\n"), "{ics}");
        let event = properties(&ics);
        assert_eq!(
            value(&event, "UID"),
            "consultation-call-7@harborlight.example"
        );
        assert_eq!(value(&event, "DTSTART"), "20261208T173000Z");
        assert_eq!(value(&event, "DTEND"), "20261208T175000Z");
        assert_eq!(value(&event, "SUMMARY"), "Consultation call #12");
        assert!(value(&event, "DESCRIPTION").contains("Jo Example"));
        assert!(value(&event, "DESCRIPTION").contains("(510) 555-0123"));
        assert_eq!(
            value(&event, "ORGANIZER"),
            "mailto:hello@harborlight.example"
        );
        assert_eq!(value(&event, "ATTENDEE"), "mailto:care@harborlight.example");
    }

    #[test]
    fn the_visitors_event_is_in_their_language() {
        let words = Catalog::built_in(&Language::parse("es").unwrap());
        let now = "2026-12-03T12:00:00Z".parse().unwrap();
        let ics = for_visitor(call(), &parties(), &words, now);
        assert!(ics.contains("METHOD:PUBLISH\r\n"), "{ics}");
        let event = properties(&ics);
        assert_eq!(
            value(&event, "UID"),
            "consultation-call-7-visitor@harborlight.example"
        );
        assert_eq!(value(&event, "DTSTART"), "20261208T173000Z");
        assert!(value(&event, "SUMMARY").contains("Harborlight"));
        assert!(value(&event, "DESCRIPTION").contains("(510) 555-0148"));
    }

    proptest! {
        /// Whatever a visitor typed as their name, the invitation reads back
        /// with the same times and the name only in the description.
        #[test]
        fn any_name_reads_back_in_the_description(name in "\\PC{0,80}") {
            let words = Catalog::built_in(&Language::english());
            let now = "2026-12-03T12:00:00Z".parse().unwrap();
            let ics = for_coordinator(call(), &parties(), &name, "555", &words, now);
            let event = properties(&ics);
            prop_assert_eq!(value(&event, "DTSTART"), "20261208T173000Z");
            prop_assert_eq!(value(&event, "SUMMARY"), "Consultation call #12");
        }
    }
}
