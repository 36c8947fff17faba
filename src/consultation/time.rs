//! Time in the outbox and the worker: `jiff` values in the code, whole
//! milliseconds since the Unix epoch in SQLite (as outboxes have always
//! stored them), converted here and nowhere else.

use jiff::{SignedDuration, Timestamp};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// A time as the outbox stores it: an integer of milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Millis(pub Timestamp);

impl ToSql for Millis {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.as_millisecond()))
    }
}

impl FromSql for Millis {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let millis = i64::column_result(value)?;
        Timestamp::from_millisecond(millis)
            .map(Millis)
            .map_err(|_| FromSqlError::OutOfRange(millis))
    }
}

/// `at` moved on by `by`, stopping at the last time jiff knows rather than
/// overflowing.
pub fn after(at: Timestamp, by: SignedDuration) -> Timestamp {
    at.saturating_add(by).unwrap_or(Timestamp::MAX)
}

/// `at` moved back by `by`, stopping at the first time jiff knows.
pub fn before(at: Timestamp, by: SignedDuration) -> Timestamp {
    at.saturating_sub(by).unwrap_or(Timestamp::MIN)
}

/// How long from `now` until `at`, for a timer: zero if `at` has passed.
pub fn wait_until(now: Timestamp, at: Timestamp) -> std::time::Duration {
    now.duration_until(at)
        .max(SignedDuration::ZERO)
        .unsigned_abs()
}

/// A setting's length as a jiff duration; beyond jiff's range (hundreds of
/// billions of years) it is as long as jiff allows.
pub fn signed(duration: std::time::Duration) -> SignedDuration {
    SignedDuration::try_from(duration).unwrap_or(SignedDuration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Arithmetic at the ends of time saturates instead of panicking, and a
    /// wait for a time already past is no wait.
    #[test]
    fn arithmetic_never_overflows() {
        assert_eq!(after(Timestamp::MAX, SignedDuration::MAX), Timestamp::MAX);
        assert_eq!(before(Timestamp::MIN, SignedDuration::MAX), Timestamp::MIN);
        let now = Timestamp::from_millisecond(10_000).unwrap();
        let soon = after(now, SignedDuration::from_millis(1_500));
        assert_eq!(
            wait_until(now, soon),
            std::time::Duration::from_millis(1_500)
        );
        assert_eq!(wait_until(soon, now), std::time::Duration::ZERO);
        assert_eq!(signed(std::time::Duration::MAX), SignedDuration::MAX);
    }
}
