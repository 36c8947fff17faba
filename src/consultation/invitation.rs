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
//!
//! The coordinator's calendar feed ([`super::calendar`]) lists the same
//! events as the invitations, under their `UID`s, without the description
//! that names the visitor ([`feed`]).

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
    let mut event = event(call, parties.domain, "", &summary, now);
    event
        .description(&description)
        .add_property("ORGANIZER", format!("mailto:{}", parties.organizer))
        .append_property(
            icalendar::Property::new("ATTENDEE", format!("mailto:{}", parties.coordinator))
                .add_parameter("ROLE", "REQ-PARTICIPANT")
                .add_parameter("PARTSTAT", "NEEDS-ACTION")
                .done(),
        );
    calendar("REQUEST", [event.done()])
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
    let mut event = event(call, parties.domain, "-visitor", &summary, now);
    calendar("PUBLISH", [event.description(&description).done()])
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
    let mut event = event(call, parties.domain, "", &summary, now);
    event
        .add_property("STATUS", "CANCELLED")
        .add_property("ORGANIZER", format!("mailto:{}", parties.organizer))
        .add_property("ATTENDEE", format!("mailto:{}", parties.coordinator));
    calendar("CANCEL", [event.done()])
}

/// The visitor's event withdrawn, when the practice cancelled the call.
pub fn visitor_cancellation(
    call: BookedCall,
    parties: &Parties<'_>,
    words: &Catalog,
    now: Timestamp,
) -> String {
    let summary = words.message(
        "ics-visitor-summary",
        &[("practice", parties.practice.into())],
    );
    let mut event = event(call, parties.domain, "-visitor", &summary, now);
    event.add_property("STATUS", "CANCELLED");
    calendar("CANCEL", [event.done()])
}

/// One call as the coordinator's calendar feed lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListedCall {
    pub call: BookedCall,
    /// The request's number, for the summary.
    pub request: i64,
}

/// The coordinator's calendar feed (`METHOD:PUBLISH`): each call as their
/// invitation has it, same `UID`, same summary, same times, but without
/// the description, so neither the visitor's name nor their phone number
/// reaches the calendar servers that fetch the feed. `domain` is the
/// emails' sender's, as in [`Parties::domain`].
pub fn feed(calls: &[ListedCall], domain: &str, words: &Catalog, now: Timestamp) -> String {
    let events = calls.iter().map(|listed| {
        let summary = words.message("ics-coordinator-summary", &[("id", listed.request.into())]);
        event(listed.call, domain, "", &summary, now).done()
    });
    let mut calendar = calendar_of("PUBLISH", events);
    // Calendar apps that honour it fetch the feed again within the hour
    // (RFC 7986's name, and the older one Outlook reads); Google decides itself.
    calendar
        .append_property(
            icalendar::Property::new("REFRESH-INTERVAL", "PT1H")
                .add_parameter("VALUE", "DURATION")
                .done(),
        )
        .append_property(("X-PUBLISHED-TTL", "PT1H"));
    calendar.to_string()
}

/// The `UID` of the coordinator's event for `booking`: their invitation's
/// and their feed's. `domain` is the emails' sender's.
pub fn coordinator_uid(booking: i64, domain: &str) -> String {
    uid(booking, "", domain)
}

/// An event's `UID`: from the booking, with `suffix` for the visitor's.
fn uid(booking: i64, suffix: &str, domain: &str) -> String {
    format!("consultation-call-{booking}{suffix}@{domain}")
}

/// The event every calendar file shares: its `UID` from the booking (and
/// `suffix`, so the two calendars never mistake one for the other), start
/// and end in UTC. What it says beyond its summary is the caller's to add.
fn event(
    call: BookedCall,
    domain: &str,
    suffix: &str,
    summary: &str,
    now: Timestamp,
) -> icalendar::Event {
    let mut event = icalendar::Event::new();
    event
        .uid(&uid(call.booking, suffix, domain))
        .add_property("DTSTAMP", utc(now))
        .add_property("DTSTART", utc(call.slot.start))
        .add_property("DTEND", utc(call.slot.end))
        .add_property("SEQUENCE", call.sequence.to_string())
        .add_property("STATUS", "CONFIRMED")
        .add_property("TRANSP", "OPAQUE")
        .summary(summary);
    event
}

fn calendar(method: &str, events: impl IntoIterator<Item = icalendar::Event>) -> String {
    calendar_of(method, events).to_string()
}

fn calendar_of(method: &str, events: impl IntoIterator<Item = icalendar::Event>) -> Calendar {
    // `Calendar::new` would add the crate's own PRODID beside ours, and
    // RFC 5545 allows one.
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//Hearth//Consultation calls//EN"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", method));
    for event in events {
        calendar.push(event);
    }
    calendar.done()
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
        assert_eq!(ics.matches("PRODID:").count(), 1, "{ics}");
        assert!(ics.contains("VERSION:2.0\r\n"), "{ics}");
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

    /// The feed lists each call under its invitation's UID and summary,
    /// with its times, and names no one: there is no description at all.
    #[test]
    fn the_feed_lists_calls_as_invitations_without_the_visitor() {
        let words = Catalog::built_in(&Language::english());
        let now = "2026-12-03T12:00:00Z".parse().unwrap();
        let later = BookedCall {
            booking: 9,
            slot: Slot {
                start: "2026-12-10T18:00:00Z".parse().unwrap(),
                end: "2026-12-10T18:20:00Z".parse().unwrap(),
            },
            sequence: 0,
        };
        let calls = [
            ListedCall {
                call: call(),
                request: 12,
            },
            ListedCall {
                call: later,
                request: 15,
            },
        ];
        let ics = feed(&calls, "harborlight.example", &words, now);
        assert!(ics.contains("METHOD:PUBLISH\r\n"), "{ics}");
        assert!(
            ics.contains("REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"),
            "{ics}"
        );
        assert!(!ics.contains("DESCRIPTION"), "{ics}");
        let unfolded = unfold(&ics);
        let calendar = read_calendar(&unfolded).unwrap();
        let events: Vec<_> = (calendar.components.iter())
            .filter(|component| component.name == "VEVENT")
            .collect();
        assert_eq!(events.len(), 2);
        let invitation = for_coordinator(call(), &parties(), "Jo", "555", &words, now);
        let invited = properties(&invitation);
        let listed = properties(&feed(&calls[..1], "harborlight.example", &words, now));
        for name in ["UID", "DTSTART", "DTEND", "SUMMARY"] {
            assert_eq!(value(&listed, name), value(&invited, name), "{name}");
        }
        assert_eq!(
            value(&listed, "UID"),
            coordinator_uid(7, "harborlight.example")
        );
        let empty = feed(&[], "harborlight.example", &words, now);
        assert!(
            read_calendar(&unfold(&empty))
                .unwrap()
                .components
                .is_empty()
        );
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
