//! The times a visitor can book the free call: the weekly hours of
//! `consultations:` laid out day by day in the practice's time zone, from
//! the lead time to the horizon, without closed days, busy times or full
//! slots. Every slot is an instant: a day's hours are turned into instants
//! first and cut into calls after, so on the days clocks change each call
//! still lasts its length and none is offered twice.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

use crate::content::model::Availability;

/// One call's time: from `start` until `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot {
    pub start: Timestamp,
    pub end: Timestamp,
}

impl Slot {
    /// Whether the two share any time (touching ends do not).
    pub fn overlaps(&self, other: &Slot) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The start as the form's `slot` value: RFC 3339 with the practice's offset.
    pub fn value(&self, timezone: &TimeZone) -> String {
        self.start
            .to_zoned_datetime(timezone.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    }
}

/// The availability in its time zone: what slots there are at a time.
pub struct Schedule<'a> {
    pub availability: &'a Availability,
    pub timezone: &'a TimeZone,
}

impl Schedule<'_> {
    /// The earliest and latest start that can be booked at `now`.
    pub fn bookable_window(&self, now: Timestamp) -> (Timestamp, Timestamp) {
        let here = now.to_zoned_datetime(self.timezone.clone());
        let after = |span| {
            here.checked_add(span)
                .map_or(Timestamp::MAX, |zoned: ZonedDateTime| zoned.timestamp())
        };
        (
            after(self.availability.lead_time),
            after(self.availability.horizon),
        )
    }

    /// Every slot that can be booked at `now`, ignoring bookings and busy
    /// times, in order.
    pub fn slots(&self, now: Timestamp) -> Vec<Slot> {
        let (earliest, latest) = self.bookable_window(now);
        let day_of = |at: Timestamp| at.to_zoned_datetime(self.timezone.clone()).date();
        let mut slots = Vec::new();
        let mut day = day_of(earliest);
        let last = day_of(latest);
        while day <= last {
            slots.extend(
                self.slots_on(day)
                    .into_iter()
                    .filter(|slot| earliest <= slot.start && slot.start <= latest),
            );
            let Some(next) = day.tomorrow().ok() else {
                break;
            };
            day = next;
        }
        slots
    }

    /// The slots of one day in the practice's time zone, in order, whether
    /// or not they can still be booked.
    pub fn slots_on(&self, day: Date) -> Vec<Slot> {
        let availability = self.availability;
        if availability.is_closed(day) {
            return Vec::new();
        }
        let instant = |time| {
            self.timezone
                .to_ambiguous_timestamp(day.to_datetime(time))
                .compatible()
                .ok()
        };
        let step = availability.length + availability.buffer;
        let mut slots = Vec::new();
        for row in (availability.weekly.iter()).filter(|row| row.days.contains(&day.weekday())) {
            let (Some(mut start), Some(closes)) = (instant(row.from), instant(row.to)) else {
                continue;
            };
            while let Ok(end) = start.checked_add(availability.length) {
                if end > closes {
                    break;
                }
                slots.push(Slot { start, end });
                let Ok(next) = start.checked_add(step) else {
                    break;
                };
                start = next;
            }
        }
        slots.sort();
        slots
    }

    /// When to remind the visitor of `slot`: the reminder's length before
    /// it, unless that is less than an hour from `now` (the confirmation
    /// has just said it all).
    pub fn reminder_at(&self, slot: &Slot, now: Timestamp) -> Option<Timestamp> {
        let reminder = self.availability.reminder?;
        let at = (slot.start.to_zoned_datetime(self.timezone.clone()))
            .checked_sub(reminder)
            .ok()?
            .timestamp();
        let soonest = now.checked_add(jiff::SignedDuration::from_hours(1)).ok()?;
        (at > soonest).then_some(at)
    }

    /// The slot that starts at `start`, if the schedule offers one at `now`.
    pub fn offered(&self, start: Timestamp, now: Timestamp) -> Option<Slot> {
        let (earliest, latest) = self.bookable_window(now);
        if start < earliest || start > latest {
            return None;
        }
        let day = start.to_zoned_datetime(self.timezone.clone()).date();
        self.slots_on(day)
            .into_iter()
            .find(|slot| slot.start == start)
    }
}

/// Whether `slot` can still be booked: fewer than `callers` bookings share
/// its time, and no busy time of the coordinator's calendar does.
pub fn is_free(slot: &Slot, booked: &[Slot], busy: &[Slot], callers: u32) -> bool {
    let taken = booked.iter().filter(|other| other.overlaps(slot)).count();
    taken < callers as usize && !busy.iter().any(|other| other.overlaps(slot))
}

/// A posted `slot` value read as an instant: RFC 3339 with an offset, as
/// the form writes it. Anything else is `None`.
pub fn parse_value(value: &str) -> Option<Timestamp> {
    let value = value.trim();
    if value.is_empty() || value.len() > 40 {
        return None;
    }
    value.parse::<Timestamp>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::BookableHours;
    use jiff::civil::{Weekday, date, time};
    use jiff::{SignedDuration, Span};
    use proptest::prelude::*;

    fn availability(weekly: Vec<BookableHours>) -> Availability {
        Availability {
            length: SignedDuration::from_mins(20),
            buffer: SignedDuration::from_mins(10),
            weekly,
            lead_time: "4h".parse().unwrap(),
            horizon: "21d".parse().unwrap(),
            closed: Vec::new(),
            callers: 1,
            busy_calendar_url: None,
            reminder: None,
        }
    }

    fn every_day(from: jiff::civil::Time, to: jiff::civil::Time) -> BookableHours {
        BookableHours {
            days: vec![
                Weekday::Monday,
                Weekday::Tuesday,
                Weekday::Wednesday,
                Weekday::Thursday,
                Weekday::Friday,
                Weekday::Saturday,
                Weekday::Sunday,
            ],
            from,
            to,
        }
    }

    fn pacific() -> TimeZone {
        TimeZone::get("America/Los_Angeles").unwrap()
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn starts(slots: &[Slot]) -> Vec<String> {
        let zone = pacific();
        slots.iter().map(|slot| slot.value(&zone)).collect()
    }

    #[test]
    fn a_morning_is_cut_into_calls_with_a_buffer_between() {
        let hours = availability(vec![every_day(time(9, 0, 0, 0), time(10, 30, 0, 0))]);
        let zone = pacific();
        let schedule = Schedule {
            availability: &hours,
            timezone: &zone,
        };
        let slots = schedule.slots_on(date(2026, 12, 8));
        assert_eq!(
            starts(&slots),
            [
                "2026-12-08T09:00:00-08:00",
                "2026-12-08T09:30:00-08:00",
                "2026-12-08T10:00:00-08:00"
            ]
        );
        assert!(
            slots
                .iter()
                .all(|slot| slot.end.duration_since(slot.start) == SignedDuration::from_mins(20))
        );
    }

    #[test]
    fn the_last_call_ends_by_closing_time() {
        let hours = availability(vec![every_day(time(9, 0, 0, 0), time(9, 49, 0, 0))]);
        let zone = pacific();
        let schedule = Schedule {
            availability: &hours,
            timezone: &zone,
        };
        assert_eq!(
            starts(&schedule.slots_on(date(2026, 12, 8))),
            ["2026-12-08T09:00:00-08:00"]
        );
    }

    /// Clocks go back on 2026-11-01 and forward on 2027-03-14 in California:
    /// the morning's calls are at the same wall-clock times with the new
    /// offset, and a night window across the change lasts its real length.
    #[test]
    fn the_days_clocks_change_keep_wall_clock_hours_and_real_lengths() {
        let zone = pacific();
        let mornings = availability(vec![every_day(time(9, 0, 0, 0), time(10, 0, 0, 0))]);
        let schedule = Schedule {
            availability: &mornings,
            timezone: &zone,
        };
        assert_eq!(
            starts(&schedule.slots_on(date(2026, 10, 31))),
            ["2026-10-31T09:00:00-07:00", "2026-10-31T09:30:00-07:00"]
        );
        assert_eq!(
            starts(&schedule.slots_on(date(2026, 11, 1))),
            ["2026-11-01T09:00:00-08:00", "2026-11-01T09:30:00-08:00"]
        );
        assert_eq!(
            starts(&schedule.slots_on(date(2027, 3, 14))),
            ["2027-03-14T09:00:00-07:00", "2027-03-14T09:30:00-07:00"]
        );

        let mut nights = availability(vec![every_day(time(0, 30, 0, 0), time(3, 30, 0, 0))]);
        nights.length = SignedDuration::from_mins(60);
        nights.buffer = SignedDuration::ZERO;
        let schedule = Schedule {
            availability: &nights,
            timezone: &zone,
        };
        // 00:30 PDT to 03:30 PST is four real hours: four calls, 01:30 twice
        // (once in each offset), all distinct instants.
        let fall_back = schedule.slots_on(date(2026, 11, 1));
        assert_eq!(
            starts(&fall_back),
            [
                "2026-11-01T00:30:00-07:00",
                "2026-11-01T01:30:00-07:00",
                "2026-11-01T01:30:00-08:00",
                "2026-11-01T02:30:00-08:00"
            ]
        );
        // 00:30 PST to 03:30 PDT is two real hours: the hour from 2 to 3 does not exist.
        let spring_forward = schedule.slots_on(date(2027, 3, 14));
        assert_eq!(
            starts(&spring_forward),
            ["2027-03-14T00:30:00-08:00", "2027-03-14T01:30:00-08:00"]
        );
        for slot in fall_back.iter().chain(&spring_forward) {
            assert_eq!(
                slot.end.duration_since(slot.start),
                SignedDuration::from_hours(1)
            );
        }
    }

    #[test]
    fn lead_time_horizon_and_closed_days_bound_what_is_offered() {
        let zone = pacific();
        let mut hours = availability(vec![every_day(time(9, 0, 0, 0), time(12, 0, 0, 0))]);
        hours.horizon = "2d".parse::<Span>().unwrap();
        hours.closed = vec![(date(2026, 12, 9), date(2026, 12, 9))];
        let schedule = Schedule {
            availability: &hours,
            timezone: &zone,
        };
        // 07:00 on the 8th: the lead time of 4 hours makes 11:00 the first.
        let now = at("2026-12-08T15:00:00Z");
        let slots = schedule.slots(now);
        let offered = starts(&slots);
        assert_eq!(offered.first().unwrap(), "2026-12-08T11:00:00-08:00");
        assert!(offered.iter().all(|start| !start.starts_with("2026-12-09")));
        // The horizon ends at 07:00 on the 10th, before that day's hours.
        assert!(offered.iter().all(|start| !start.starts_with("2026-12-10")));
        assert_eq!(offered.len(), 2);
        assert!(schedule.offered(at("2026-12-08T19:00:00Z"), now).is_some());
        assert!(
            schedule.offered(at("2026-12-08T17:00:00Z"), now).is_none(),
            "within the lead time"
        );
        assert!(
            schedule.offered(at("2026-12-08T19:05:00Z"), now).is_none(),
            "not a slot's start"
        );
        assert!(
            schedule.offered(at("2026-12-09T17:00:00Z"), now).is_none(),
            "a closed day"
        );
        assert!(
            schedule.offered(at("2026-12-10T17:00:00Z"), now).is_none(),
            "past the horizon"
        );
    }

    #[test]
    fn a_slot_is_free_until_callers_bookings_or_a_busy_time_share_it() {
        let slot = Slot {
            start: at("2026-12-08T17:00:00Z"),
            end: at("2026-12-08T17:20:00Z"),
        };
        let touching = Slot {
            start: at("2026-12-08T17:20:00Z"),
            end: at("2026-12-08T17:40:00Z"),
        };
        assert!(is_free(&slot, &[], &[], 1));
        assert!(!is_free(&slot, &[slot], &[], 1));
        assert!(is_free(&slot, &[slot], &[], 2));
        assert!(!is_free(&slot, &[slot, slot], &[], 2));
        assert!(is_free(&slot, &[touching], &[touching], 1));
        let meeting = Slot {
            start: at("2026-12-08T17:10:00Z"),
            end: at("2026-12-08T18:00:00Z"),
        };
        assert!(!is_free(&slot, &[], &[meeting], 3));
    }

    #[test]
    fn slot_values_read_back_as_their_instant() {
        let zone = pacific();
        let slot = Slot {
            start: at("2026-12-08T17:30:00Z"),
            end: at("2026-12-08T17:50:00Z"),
        };
        assert_eq!(slot.value(&zone), "2026-12-08T09:30:00-08:00");
        assert_eq!(parse_value(&slot.value(&zone)), Some(slot.start));
        assert_eq!(parse_value("tomorrow"), None);
        assert_eq!(parse_value(""), None);
    }

    proptest! {
        /// Any posted text is an instant or nothing, never a panic.
        #[test]
        fn any_posted_slot_value_is_read_or_refused(text in "\\PC{0,60}") {
            let _ = parse_value(&text);
        }

        /// Whatever the hours and the time, slots are in order, inside the
        /// bookable window, the call's length each, and never overlap.
        #[test]
        fn slots_never_overlap_and_stay_in_the_window(
            from_minute in 0i16..(23 * 60),
            hours_long in 1i16..6,
            length in 5i64..90,
            buffer in 0i64..30,
            seconds in 1_780_000_000i64..1_830_000_000,
        ) {
            let from = time((from_minute / 60) as i8, (from_minute % 60) as i8, 0, 0);
            let to_minute = (from_minute + hours_long * 60).min(23 * 60 + 59);
            let to = time((to_minute / 60) as i8, (to_minute % 60) as i8, 0, 0);
            let mut hours = availability(vec![every_day(from, to)]);
            hours.length = SignedDuration::from_mins(length);
            hours.buffer = SignedDuration::from_mins(buffer);
            hours.horizon = "8d".parse().unwrap();
            let zone = pacific();
            let schedule = Schedule { availability: &hours, timezone: &zone };
            let now = Timestamp::from_second(seconds).unwrap();
            let (earliest, latest) = schedule.bookable_window(now);
            let slots = schedule.slots(now);
            for pair in slots.windows(2) {
                prop_assert!(pair[0].end <= pair[1].start);
            }
            for slot in &slots {
                prop_assert!(earliest <= slot.start && slot.start <= latest);
                prop_assert_eq!(slot.end.duration_since(slot.start), hours.length);
                prop_assert_eq!(schedule.offered(slot.start, now), Some(*slot));
            }
        }
    }
}
