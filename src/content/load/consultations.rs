//! `consultations:` in site.yaml: when visitors may book the free call.
//! Everything that would let a slot be offered twice or never is refused
//! here, at its line: overlapping rows, a row shorter than one call, a
//! horizon before the lead time, a closed range that ends before it starts.

use std::path::Path;

use jiff::civil::{Date, Weekday};
use jiff::{SignedDuration, Span, SpanRelativeTo};
use serde_saphyr::Spanned;

use super::Loader;
use crate::content::errors::located;
use crate::content::files::{ConsultationsFile, WeeklyFile};
use crate::content::model::{Availability, BookableHours};

/// Calls longer than this are not a short consultation: a typing slip.
const LONGEST_CALL_MINUTES: i64 = 240;
/// When `lead_time` is not given: time for the coordinator to see the booking.
const DEFAULT_LEAD_TIME: &str = "4h";
/// When `horizon` is not given: three weeks, as the example in the guide.
const DEFAULT_HORIZON: &str = "21d";
/// When `reminder` is not given.
const DEFAULT_REMINDER: &str = "24h";
/// The farthest ahead a horizon may reach: availability is computed for
/// every day up to it on each form shown.
const LONGEST_HORIZON_DAYS: i64 = 366;

impl Loader<'_> {
    pub(super) fn consultations(
        &mut self,
        path: &Path,
        file: Spanned<ConsultationsFile>,
    ) -> Option<Availability> {
        let at = file.referenced;
        let file = file.value;
        let errors_before = self.errors.len();
        // Every field is checked before giving up, so one run lists every problem.
        let length = self.minutes(path, "length", Some(file.length), 1);
        let buffer = match file.buffer {
            Some(buffer) => self.minutes(path, "buffer", Some(buffer), 0),
            None => Some(SignedDuration::ZERO),
        };
        let shortest = length.unwrap_or(SignedDuration::from_mins(1));
        let weekly = self.weekly(path, file.weekly, shortest);
        if weekly.as_ref().is_some_and(Vec::is_empty) {
            let message = "`consultations` needs at least one row in `weekly`, the hours calls can be booked in";
            self.errors.push(located(path, at, 0, message).hinted(
                "for example `weekly: [{ days: [monday, wednesday], from: \"09:00\", to: \"12:00\" }]`",
            ));
        }
        let lead_time = self.span(path, "lead_time", file.lead_time, DEFAULT_LEAD_TIME);
        let horizon = self.span(path, "horizon", file.horizon, DEFAULT_HORIZON);
        if let (Some(lead_time), Some(horizon)) = (lead_time, horizon) {
            let (lead, reach) = (hours_of(lead_time), hours_of(horizon));
            if reach <= lead || reach > LONGEST_HORIZON_DAYS * 24 {
                let message = format!(
                    "`horizon` must be later than `lead_time` and at most {LONGEST_HORIZON_DAYS} days, or no call could be booked"
                );
                self.errors.push(located(path, at, 0, message));
            }
        }
        let closed = self.closed(path, file.closed);
        let callers = match file.callers {
            None => Some(1),
            Some(callers) => match u32::try_from(callers.value) {
                Ok(callers @ 1..=50) => Some(callers),
                _ => {
                    let message = "`callers` is how many calls the practice can take at the same time: a whole number from 1 to 50";
                    self.errors
                        .push(located(path, callers.referenced, 0, message));
                    None
                }
            },
        };
        let busy_calendar_url = match file.busy_calendar_url {
            None => Some(None),
            Some(address) => self.calendar_address(path, address).map(Some),
        };
        let reminder = match file.reminder {
            Some(reminder) if reminder.value.trim() == "0" => Some(None),
            reminder => self
                .span(path, "reminder", reminder, DEFAULT_REMINDER)
                .map(Some),
        };
        if self.errors.len() > errors_before {
            return None;
        }
        let (
            length,
            buffer,
            weekly,
            lead_time,
            horizon,
            closed,
            callers,
            busy_calendar_url,
            reminder,
        ) = (
            length?,
            buffer?,
            weekly?,
            lead_time?,
            horizon?,
            closed?,
            callers?,
            busy_calendar_url?,
            reminder?,
        );
        Some(Availability {
            length,
            buffer,
            weekly,
            lead_time,
            horizon,
            closed,
            callers,
            busy_calendar_url,
            reminder,
        })
    }

    /// A whole number of minutes, at least `least`.
    fn minutes(
        &mut self,
        path: &Path,
        name: &str,
        minutes: Option<Spanned<i64>>,
        least: i64,
    ) -> Option<SignedDuration> {
        let minutes = minutes?;
        if (least..=LONGEST_CALL_MINUTES).contains(&minutes.value) {
            return Some(SignedDuration::from_mins(minutes.value));
        }
        let message = format!(
            "`{name}` is in minutes, from {least} to {LONGEST_CALL_MINUTES}, not {}",
            minutes.value
        );
        self.errors
            .push(located(path, minutes.referenced, 0, message));
        None
    }

    /// The rows of bookable hours: each long enough for one call, none
    /// overlapping another on a day they share (a call could be booked
    /// twice over otherwise).
    fn weekly(
        &mut self,
        path: &Path,
        rows: Vec<Spanned<WeeklyFile>>,
        length: SignedDuration,
    ) -> Option<Vec<BookableHours>> {
        let mut weekly: Vec<BookableHours> = Vec::new();
        let mut sound = true;
        for row in rows {
            let at = row.referenced;
            let row = row.value;
            let hours = BookableHours {
                days: row.days.into_iter().map(Weekday::from).collect(),
                from: row.from,
                to: row.to,
            };
            let problem = if hours.days.is_empty() {
                Some("this row of `weekly` names no `days`".to_owned())
            } else if hours.from.duration_until(hours.to) < length {
                Some(format!(
                    "from {} to {} is shorter than one call of {} minutes",
                    hours.from.strftime("%H:%M"),
                    hours.to.strftime("%H:%M"),
                    length.as_mins()
                ))
            } else {
                weekly
                    .iter()
                    .find(|other| overlap(other, &hours))
                    .map(|other| {
                        format!(
                            "these hours overlap another row's, {} to {}, on a day both name: a call could be booked twice",
                            other.from.strftime("%H:%M"),
                            other.to.strftime("%H:%M")
                        )
                    })
            };
            match problem {
                Some(message) => {
                    self.errors.push(located(path, at, 0, message));
                    sound = false;
                }
                None => weekly.push(hours),
            }
        }
        sound.then_some(weekly)
    }

    /// A length of time such as "4h" or "21d" (hours, days or weeks), not
    /// negative; `default` when not given.
    fn span(
        &mut self,
        path: &Path,
        name: &str,
        written: Option<Spanned<String>>,
        default: &str,
    ) -> Option<Span> {
        let Some(written) = written else {
            return default.parse().ok();
        };
        match parse_span(&written.value) {
            Some(span) => Some(span),
            None => {
                let message = format!(
                    "`{name}` must be a length of time such as \"4h\", \"2d\" or \"3w\", not \"{}\"",
                    written.value
                );
                self.errors
                    .push(located(path, written.referenced, 0, message));
                None
            }
        }
    }

    /// Closed days: one date, or a first and last date joined by `..`.
    fn closed(&mut self, path: &Path, written: Vec<Spanned<String>>) -> Option<Vec<(Date, Date)>> {
        let mut closed = Vec::new();
        let mut sound = true;
        for days in written {
            match parse_closed(&days.value) {
                Ok(range) => closed.push(range),
                Err(message) => {
                    self.errors
                        .push(located(path, days.referenced, 0, message).hinted(
                            "write one day as 2026-12-24, or several as 2026-12-25 .. 2027-01-01",
                        ));
                    sound = false;
                }
            }
        }
        sound.then_some(closed)
    }

    /// The busy calendar's address: https (a private address carries its
    /// secret in the path, which must not cross the network in the clear),
    /// or http to this machine for a local calendar server.
    fn calendar_address(&mut self, path: &Path, address: Spanned<String>) -> Option<String> {
        let parsed = url::Url::parse(address.value.trim()).ok();
        let local =
            |url: &url::Url| matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
        match parsed {
            Some(url) if url.scheme() == "https" || (url.scheme() == "http" && local(&url)) => {
                Some(url.to_string())
            }
            _ => {
                let message = "`busy_calendar_url` must be the calendar's private https address (in Google Calendar: Settings, the calendar, \"Secret address in iCal format\")";
                self.errors
                    .push(located(path, address.referenced, 0, message));
                None
            }
        }
    }
}

/// Whether two rows share a day and some time.
fn overlap(one: &BookableHours, other: &BookableHours) -> bool {
    one.days.iter().any(|day| other.days.contains(day))
        && one.from < other.to
        && other.from < one.to
}

/// "4h", "2d", "3w", "90m", "1 day": a span of minutes to weeks, not
/// negative. Months and years are refused: their length depends on the month.
pub(crate) fn parse_span(written: &str) -> Option<Span> {
    let span: Span = written.trim().parse().ok()?;
    let calendar_units = span.get_years() != 0 || span.get_months() != 0;
    (!span.is_negative()
        && !calendar_units
        && span
            .to_duration(SpanRelativeTo::days_are_24_hours())
            .is_ok())
    .then_some(span)
}

/// A span's length in whole hours, days taken as 24 hours, for comparing
/// two of them.
fn hours_of(span: Span) -> i64 {
    span.to_duration(SpanRelativeTo::days_are_24_hours())
        .map_or(i64::MAX, |duration| duration.as_hours())
}

/// "2026-12-24" or "2026-12-25 .. 2027-01-01": the first and last closed day.
pub(crate) fn parse_closed(written: &str) -> Result<(Date, Date), String> {
    let day = |text: &str| -> Result<Date, String> {
        text.trim()
            .parse::<Date>()
            .map_err(|_| format!("\"{}\" is not a date such as 2026-12-24", text.trim()))
    };
    match written.split_once("..") {
        None => day(written).map(|one| (one, one)),
        Some((first, last)) => {
            let (first, last) = (day(first)?, day(last)?);
            if last < first {
                return Err(format!(
                    "the closed days {first} .. {last} end before they start"
                ));
            }
            Ok((first, last))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spans_are_hours_days_or_weeks() {
        for written in ["4h", "21d", "3w", "90m", "1 day", " 2h "] {
            assert!(parse_span(written).is_some(), "{written}");
        }
        for written in ["", "-4h", "1 month", "2y", "soon", "4", "h"] {
            assert!(parse_span(written).is_none(), "{written}");
        }
    }

    #[test]
    fn closed_days_are_one_day_or_a_range() {
        let day = |text: &str| text.parse::<Date>().unwrap();
        assert_eq!(
            parse_closed("2026-12-24"),
            Ok((day("2026-12-24"), day("2026-12-24")))
        );
        assert_eq!(
            parse_closed("2026-12-25 .. 2027-01-01"),
            Ok((day("2026-12-25"), day("2027-01-01")))
        );
        assert!(parse_closed("2027-01-01 .. 2026-12-25").is_err());
        assert!(parse_closed("Christmas").is_err());
        assert!(parse_closed("2026-12-25 ..").is_err());
    }

    proptest! {
        /// Any text from site.yaml is a span, a closed range or an error, never a panic.
        #[test]
        fn any_text_is_read_or_refused(text in "\\PC{0,40}") {
            let _ = parse_span(&text);
            if let Ok((first, last)) = parse_closed(&text) {
                prop_assert!(first <= last);
            }
        }
    }
}
