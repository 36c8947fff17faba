//! `hearth bookings`: the booked consultation calls, for the care
//! coordinator. `list` shows each booking's number, time, status and
//! request only, never a name or a phone number, so it is safe to paste
//! into a support ticket; `show` prints one booking with its request in
//! full, as `hearth outbox show` does, while the request's details are kept.
//!
//! Times are in the practice's time zone, from `site.yaml`: the content is
//! read as `hearth check` reads it. If it cannot be read, times are in UTC
//! and the command says so, since a typo in the content must not keep the
//! coordinator from their calls.

use std::io::Write;

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::admin::{self, AdminError};
use super::bookings::Booking;
use super::outbox::Outbox;
use crate::Clock;
use crate::config::{BookingsAction, BookingsArgs};
use crate::content::Sources;

/// How far back `hearth bookings list` goes: as long as the outbox keeps a
/// delivered request.
pub const LISTED_PAST: SignedDuration = super::outbox::RETENTION;

/// Runs one bookings command, writing its report to `out` (and a note on
/// the time zone to `notes`). Returns false when the booking asked for
/// does not exist.
pub fn run(
    args: &BookingsArgs,
    out: &mut impl Write,
    notes: &mut impl Write,
) -> Result<bool, AdminError> {
    if !args.data_dir.join("outbox.sqlite3").exists() {
        let _ = writeln!(
            out,
            "No outbox in {}: no call has been booked there yet.",
            args.data_dir.display()
        );
        return Ok(matches!(args.action, BookingsAction::List));
    }
    let outbox = Outbox::open(&args.data_dir)?;
    let timezone = practice_timezone(args, notes);
    match args.action {
        BookingsAction::List => {
            let now = crate::SystemClock.now();
            let from = now.saturating_sub(LISTED_PAST).unwrap_or(now);
            let bookings = outbox.bookings_between(from, Timestamp::MAX)?;
            if bookings.is_empty() {
                let _ = writeln!(out, "No call is booked from {} on.", when(from, &timezone));
            }
            for booking in &bookings {
                let _ = writeln!(out, "{}", booking_line(booking, &timezone));
            }
            Ok(true)
        }
        BookingsAction::Cancel { id } => {
            let now = crate::SystemClock.now();
            if outbox.cancel_booking_for_practice(id, now)? {
                let _ = writeln!(
                    out,
                    "Booking #{id} is cancelled: its time is free again, and the visitor will be told by email when they gave one (a running Hearth sends it)."
                );
                Ok(true)
            } else {
                let _ = writeln!(
                    out,
                    "There is no booking #{id} to cancel (it may be cancelled already)."
                );
                Ok(false)
            }
        }
        BookingsAction::Show { id } => {
            let Some(booking) = outbox.booking(id)? else {
                let _ = writeln!(out, "There is no booking #{id}.");
                return Ok(false);
            };
            let _ = writeln!(out, "{}", booking_line(&booking, &timezone));
            let _ = writeln!(
                out,
                "  from {} until {}, booked {}",
                when(booking.slot.start, &timezone),
                when(booking.slot.end, &timezone),
                when(booking.booked_at, &timezone),
            );
            if let Some(cancelled) = booking.cancelled_at {
                let _ = writeln!(out, "  cancelled {}", when(cancelled, &timezone));
            }
            let _ = writeln!(out);
            if !admin::show(&outbox, booking.request_id, &timezone, out)? {
                let _ = writeln!(
                    out,
                    "The request's record is no longer kept: only the booking remains."
                );
            }
            Ok(true)
        }
    }
}

/// The practice's time zone from `site.yaml`, or UTC with a note to
/// `notes` when the content cannot be read.
fn practice_timezone(args: &BookingsArgs, notes: &mut impl Write) -> TimeZone {
    let sources = Sources {
        content: args.content.clone(),
        static_files: args.static_dir.clone(),
    };
    match crate::content::load(&sources) {
        Ok(site) => site.settings.timezone.clone(),
        Err(_) => {
            let _ = writeln!(
                notes,
                "note: the content in {} could not be read (`hearth check` says why); times are in UTC",
                args.content.display()
            );
            TimeZone::UTC
        }
    }
}

/// A moment in the practice's time zone, with the zone's abbreviation.
fn when(at: Timestamp, timezone: &TimeZone) -> String {
    at.to_zoned_datetime(timezone.clone())
        .strftime("%a %Y-%m-%d %H:%M %Z")
        .to_string()
}

/// One line of `hearth bookings list`: no personal data.
fn booking_line(booking: &Booking, timezone: &TimeZone) -> String {
    let status = if booking.cancelled_at.is_some() {
        "cancelled"
    } else {
        "booked"
    };
    format!(
        "#{:<6} {}  {:<9}  request #{}",
        booking.id,
        when(booking.slot.start, timezone),
        status,
        booking.request_id
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consultation::slots::Slot;

    /// A line says when, whether it stands, and for which request: nothing else.
    #[test]
    fn a_line_names_the_time_status_and_request() {
        let pacific = TimeZone::get("America/Los_Angeles").unwrap();
        let booking = Booking {
            id: 3,
            request_id: 12,
            slot: Slot {
                start: "2026-12-07T18:00:00Z".parse().unwrap(),
                end: "2026-12-07T18:20:00Z".parse().unwrap(),
            },
            booked_at: "2026-12-07T14:00:00Z".parse().unwrap(),
            cancelled_at: None,
            sequence: 0,
        };
        assert_eq!(
            booking_line(&booking, &pacific),
            "#3      Mon 2026-12-07 10:00 PST  booked     request #12"
        );
        let cancelled = Booking {
            cancelled_at: Some("2026-12-07T15:00:00Z".parse().unwrap()),
            ..booking
        };
        assert!(booking_line(&cancelled, &pacific).contains("cancelled  request #12"));
    }
}
