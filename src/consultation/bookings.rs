//! Booked consultation calls, in the outbox's database: a booking is
//! written in the same transaction as its request and that request's
//! emails, so a booking acknowledged is a booking kept, with its emails.
//!
//! A slot is taken once per caller: the transaction counts the bookings
//! that share the slot's time (under SQLite's write lock, taken when the
//! transaction begins), and a unique index on the start and seat refuses a
//! second booking of one seat whatever the code above it does.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};

use super::slots::Slot;
use super::time::Millis;

pub(super) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS bookings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL UNIQUE REFERENCES requests(id) ON DELETE CASCADE,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    -- Which of the practice's callers takes it: 0 up to callers - 1.
    seat INTEGER NOT NULL,
    booked_at INTEGER NOT NULL,
    cancelled_at INTEGER,
    -- How often it changed (moved or cancelled): the invitations' SEQUENCE,
    -- and what makes links from before a change stop working.
    sequence INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS bookings_one_per_seat
    ON bookings (starts_at, seat) WHERE cancelled_at IS NULL;
CREATE INDEX IF NOT EXISTS bookings_by_time ON bookings (starts_at);
";

/// Marks booking `id` cancelled, freeing its time. False when it was
/// cancelled already.
pub(super) fn cancel(
    transaction: &Transaction<'_>,
    id: i64,
    now: Timestamp,
) -> rusqlite::Result<bool> {
    let changed = transaction.execute(
        "UPDATE bookings SET cancelled_at = ?2, sequence = sequence + 1
         WHERE id = ?1 AND cancelled_at IS NULL",
        params![id, Millis(now)],
    )?;
    Ok(changed == 1)
}

/// Moves booking `id` to `slot` if a caller is free then (not counting
/// this booking itself). False, with nothing changed, when `slot` is full:
/// the old time stays booked.
pub(super) fn move_to(
    transaction: &Transaction<'_>,
    id: i64,
    slot: Slot,
    callers: u32,
) -> rusqlite::Result<bool> {
    let sharing: i64 = transaction.query_row(
        "SELECT COUNT(*) FROM bookings
         WHERE cancelled_at IS NULL AND id <> ?3 AND starts_at < ?2 AND ends_at > ?1",
        params![Millis(slot.start), Millis(slot.end), id],
        |row| row.get(0),
    )?;
    if sharing >= i64::from(callers) {
        return Ok(false);
    }
    let seats: Vec<i64> = transaction
        .prepare(
            "SELECT seat FROM bookings WHERE cancelled_at IS NULL AND id <> ?2 AND starts_at = ?1",
        )?
        .query_map(params![Millis(slot.start), id], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let Some(seat) = (0..i64::from(callers)).find(|seat| !seats.contains(seat)) else {
        return Ok(false);
    };
    let moved = transaction.execute(
        "UPDATE bookings SET starts_at = ?2, ends_at = ?3, seat = ?4, sequence = sequence + 1
         WHERE id = ?1 AND cancelled_at IS NULL",
        params![id, Millis(slot.start), Millis(slot.end), seat],
    );
    match moved {
        Ok(changed) => Ok(changed == 1),
        Err(rusqlite::Error::SqliteFailure(error, _))
            if error.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Ok(false)
        }
        Err(error) => Err(error),
    }
}

/// Books `slot` for request `request_id` if fewer than `callers` bookings
/// share its time. `None` when it is full: nothing was written.
pub(super) fn take(
    transaction: &Transaction<'_>,
    request_id: i64,
    slot: Slot,
    callers: u32,
    now: Timestamp,
) -> rusqlite::Result<Option<i64>> {
    let sharing: i64 = transaction.query_row(
        "SELECT COUNT(*) FROM bookings
         WHERE cancelled_at IS NULL AND starts_at < ?2 AND ends_at > ?1",
        params![Millis(slot.start), Millis(slot.end)],
        |row| row.get(0),
    )?;
    if sharing >= i64::from(callers) {
        return Ok(None);
    }
    let seats: Vec<i64> = transaction
        .prepare("SELECT seat FROM bookings WHERE cancelled_at IS NULL AND starts_at = ?1")?
        .query_map([Millis(slot.start)], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let Some(seat) = (0..i64::from(callers)).find(|seat| !seats.contains(seat)) else {
        return Ok(None);
    };
    let inserted = transaction.execute(
        "INSERT INTO bookings (request_id, starts_at, ends_at, seat, booked_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            request_id,
            Millis(slot.start),
            Millis(slot.end),
            seat,
            Millis(now)
        ],
    );
    match inserted {
        Ok(_) => Ok(Some(transaction.last_insert_rowid())),
        // The index's refusal: the seat went to another booking after all.
        Err(rusqlite::Error::SqliteFailure(error, _))
            if error.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// The booking of request `request_id`, if it has one that stands.
pub(super) fn of_request(
    transaction: &Transaction<'_>,
    request_id: i64,
) -> rusqlite::Result<Option<i64>> {
    transaction
        .query_row(
            "SELECT id FROM bookings WHERE request_id = ?1 AND cancelled_at IS NULL",
            [request_id],
            |row| row.get(0),
        )
        .optional()
}

/// Bookings that stand and share any time from `from` until `until`, in order.
pub(super) fn between(
    connection: &rusqlite::Connection,
    from: Timestamp,
    until: Timestamp,
) -> rusqlite::Result<Vec<Slot>> {
    connection
        .prepare(
            "SELECT starts_at, ends_at FROM bookings
             WHERE cancelled_at IS NULL AND starts_at < ?2 AND ends_at > ?1
             ORDER BY starts_at",
        )?
        .query_map(params![Millis(from), Millis(until)], |row| {
            let (Millis(start), Millis(end)) = (row.get(0)?, row.get(1)?);
            Ok(Slot { start, end })
        })?
        .collect()
}

/// A booking as staff and the coordinator's calendar feed see it: when,
/// for which request, and whether it still stands. Nothing the visitor
/// wrote: that is the request's, for `hearth bookings show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Booking {
    pub id: i64,
    pub request_id: i64,
    pub slot: Slot,
    pub booked_at: Timestamp,
    /// When it was cancelled; `None` while it stands.
    pub cancelled_at: Option<Timestamp>,
    /// How often it changed: its links and invitations carry it.
    pub sequence: i64,
}

const BOOKING_COLUMNS: &str =
    "SELECT id, request_id, starts_at, ends_at, booked_at, cancelled_at, sequence FROM bookings";

fn booking_of_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Booking> {
    let (Millis(start), Millis(end)) = (row.get(2)?, row.get(3)?);
    let Millis(booked_at) = row.get(4)?;
    let cancelled_at: Option<Millis> = row.get(5)?;
    Ok(Booking {
        id: row.get(0)?,
        request_id: row.get(1)?,
        slot: Slot { start, end },
        booked_at,
        cancelled_at: cancelled_at.map(|Millis(at)| at),
        sequence: row.get(6)?,
    })
}

/// Bookings that start from `from` until `until`, in order of their time;
/// cancelled ones too when `with_cancelled`.
pub(super) fn starting_between(
    connection: &rusqlite::Connection,
    from: Timestamp,
    until: Timestamp,
    with_cancelled: bool,
) -> rusqlite::Result<Vec<Booking>> {
    connection
        .prepare(&format!(
            "{BOOKING_COLUMNS}
             WHERE starts_at >= ?1 AND starts_at < ?2 AND (?3 OR cancelled_at IS NULL)
             ORDER BY starts_at, id"
        ))?
        .query_map(
            params![Millis(from), Millis(until), with_cancelled],
            booking_of_row,
        )?
        .collect()
}

/// Booking `id`, standing or cancelled.
pub(super) fn booking(
    connection: &rusqlite::Connection,
    id: i64,
) -> rusqlite::Result<Option<Booking>> {
    connection
        .query_row(
            &format!("{BOOKING_COLUMNS} WHERE id = ?1"),
            [id],
            booking_of_row,
        )
        .optional()
}
