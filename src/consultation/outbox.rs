//! The outbox: every consultation request is written here, and synced to
//! disk, before the visitor is told it arrived, so a crash or a mail outage
//! never loses one. SQLite in WAL mode with `synchronous=FULL`, so a
//! commit survives power loss too; every call runs off the async runtime.
//!
//! Each request has two deliveries: the email to the care coordinator
//! (required) and the confirmation to the visitor (when they gave an email).
//! Once the coordinator's email is delivered, the visitor's details are
//! erased and only ids, times and statuses stay, for 30 days. Erased means
//! erased on disk too: `secure_delete` zeroes what a row held, and the
//! write-ahead log, which still has the old pages, is folded back into the
//! database and emptied right after.
//!
//! A damaged outbox (an empty file, a truncated one, a broken header) must
//! neither stop the site nor be quietly replaced: [`Outbox::open_or_set_aside`]
//! finds the damage with SQLite's own checks on a read-only connection (so
//! the file is not touched), moves the file and its `-wal` and `-shm` aside
//! under a new name, never over another file, and opens a fresh outbox;
//! `hearth outbox recover` (see `recover`) salvages what the kept file holds.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use jiff::{SignedDuration, Timestamp};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::i18n::Language;

use super::bookings::{self, Booking};
use super::form::Request;
use super::invitation::BookedCall;
use super::slots::Slot;
use super::time::{Millis, before};
use crate::staff::store as staff_store;

/// How long the bare record of a delivered request is kept.
pub const RETENTION: SignedDuration = SignedDuration::from_hours(30 * 24);
/// A visitor gets at most one confirmation per address in this time.
pub const CONFIRMATION_INTERVAL: SignedDuration = SignedDuration::from_hours(1);
/// The outbox's file in the data folder.
pub const FILE_NAME: &str = "outbox.sqlite3";
/// How a damaged outbox kept aside is named: this, a time, maybe a counter, `.sqlite3`.
pub const DAMAGED_PREFIX: &str = "outbox-damaged-";
/// The files SQLite keeps beside a database, by the suffix of their name:
/// the write-ahead log (which may hold the newest requests), its index, and
/// a rollback journal, which Hearth never makes but would be applied to
/// whatever database next had the name.
pub const SIBLINGS: [&str; 3] = ["-wal", "-shm", "-journal"];

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    -- The visitor's details as JSON; NULL once delivered.
    record TEXT,
    erased_at INTEGER
);
CREATE TABLE IF NOT EXISTS deliveries (
    request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('coordinator', 'confirmation', 'reminder', 'cancellation', 'change', 'change_confirmation', 'visitor_cancellation')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    -- A classification and SMTP code only: server replies can quote addresses.
    last_error TEXT,
    sent_at INTEGER,
    PRIMARY KEY (request_id, kind)
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
CREATE TABLE IF NOT EXISTS recent_confirmations (
    -- A keyed digest of the visitor's address, never the address.
    digest TEXT NOT NULL,
    at INTEGER NOT NULL
);
";

/// What is stored for one request: the fields and their display labels,
/// taken when it was sent so later content edits do not change it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub request: Request,
    /// The service's title, the therapist's name, the state's name, and so on.
    pub labels: Labels,
    /// The language of the form the visitor sent: their confirmation is
    /// written in it, and the coordinator is told it. Requests stored
    /// before Hearth spoke more than one language read back as English.
    #[serde(default)]
    pub language: Language,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    pub service: String,
    pub therapist: String,
    pub state: String,
    pub state_served: bool,
    pub contact_preference: String,
    pub format: String,
    pub who_for: String,
    /// The therapists who fit the request when it was sent; `None` for
    /// requests stored before Hearth said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fits: Option<Vec<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error("outbox database: {0}")]
    Database(#[from] rusqlite::Error),
    /// A stored record that does not read back. Shown by its kind and place
    /// only: serde's own message can quote the value, a visitor's words.
    #[error("outbox record: {}", json_problem(.0))]
    Record(#[from] serde_json::Error),
    /// The blocking task panicked or was cancelled. Tokio's message quotes
    /// the panic's, which may hold what a visitor typed, so it is not shown.
    #[error("an outbox task failed: {}", crate::server::panic::JoinFailure(.0))]
    Task(#[from] tokio::task::JoinError),
    #[error(
        "cannot create the data folder {path}: {source}; the user Hearth runs as must be able to create it and write in it (or choose another with --data-dir or HEARTH_DATA_DIR)"
    )]
    Folder {
        path: String,
        source: std::io::Error,
    },
    /// The file could not be opened or set up for a reason that is not
    /// damage (permissions, a full disk): nothing is moved, the start stops.
    #[error("cannot open the outbox {path}: {source}; {hint}")]
    Open {
        path: PathBuf,
        hint: String,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Found by `open`, which never moves files: `hearth serve` does.
    #[error(
        "the outbox {path} is damaged ({reason}); `hearth serve` moves it aside at its next start and takes new requests in a fresh outbox, then `hearth outbox recover FILE` gets back what it holds"
    )]
    Damaged { path: PathBuf, reason: String },
    #[error(
        "the outbox {path} is damaged ({reason}) and could not be moved aside to {kept}: {source}; nothing was replaced. Move it (and its -wal file) out of the way by hand, then start again"
    )]
    SetAside {
        path: PathBuf,
        kept: PathBuf,
        reason: String,
        source: std::io::Error,
    },
}

/// What went wrong in a JSON record, without any of its text.
fn json_problem(error: &serde_json::Error) -> String {
    let kind = match error.classify() {
        serde_json::error::Category::Io => "could not be read",
        serde_json::error::Category::Syntax => "is not valid JSON",
        serde_json::error::Category::Data => "does not have the expected fields",
        serde_json::error::Category::Eof => "is cut short",
    };
    format!("{kind} (line {}, column {})", error.line(), error.column())
}

/// The result of storing a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub id: i64,
    /// False when this submission id was stored before (a double submit).
    pub is_new: bool,
    /// False when it was stored before with other fields: an edited copy of
    /// a form already sent, whose changes were not stored. (A request stored
    /// before digests were kept counts as the same.)
    pub same_fields: bool,
}

/// What [`Outbox::move_booking`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moved {
    /// Moved; links now carry `sequence`.
    Moved { sequence: i64 },
    /// Every caller is booked at the new time: the old time stays.
    Taken,
    /// Cancelled, changed since the link was made, or unknown.
    Stale,
}

/// What [`Outbox::store_booking`] did.
#[derive(Debug)]
pub enum Booked {
    /// The request is stored and its call booked as `booking`.
    Stored { stored: Stored, booking: i64 },
    /// Every caller is booked at that time: nothing was stored.
    Taken,
    /// This submission was stored before without a booking that stands
    /// (its call was cancelled since): stored once, not booked again.
    Unbooked(Stored),
}

/// Which email a delivery is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The request, to the care coordinator: required.
    Coordinator,
    /// The "we received it" note, to the visitor when they gave an email.
    Confirmation,
    /// Before a booked call, to the visitor: due at the reminder's time.
    Reminder,
    /// A booked call was cancelled, to the coordinator, with the calendar's
    /// cancellation of its invitation.
    Cancellation,
    /// A booked call moved to another time, to the coordinator, with the
    /// invitation's update; and then to the visitor, with their new links.
    Change,
    ChangeConfirmation,
    /// The practice cancelled a booked call: the visitor is told.
    VisitorCancellation,
    /// A staff sign-in link, to an editor. Not a request's delivery: its
    /// state is kept with the link (see [`crate::staff::store`]), and the
    /// worker sends it as it sends the rest.
    SignIn,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Waiting for its next attempt.
    Pending,
    /// Delivered to the recipient's mail server.
    Sent,
    /// Refused for good; kept for staff (`hearth outbox retry`).
    Failed,
}

impl Kind {
    /// Every kind of a request's delivery, as the schema's `CHECK` lists
    /// them ([`Kind::SignIn`] is kept with its link instead).
    pub const ALL: [Kind; 7] = [
        Kind::Coordinator,
        Kind::Confirmation,
        Kind::Reminder,
        Kind::Cancellation,
        Kind::Change,
        Kind::ChangeConfirmation,
        Kind::VisitorCancellation,
    ];

    /// The stored name, which is also the name staff see.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Coordinator => "coordinator",
            Kind::Confirmation => "confirmation",
            Kind::Reminder => "reminder",
            Kind::Cancellation => "cancellation",
            Kind::Change => "change",
            Kind::ChangeConfirmation => "change_confirmation",
            Kind::VisitorCancellation => "visitor_cancellation",
            Kind::SignIn => "sign_in",
        }
    }

    /// Whether it goes to the visitor (at the address they gave) rather
    /// than to the coordinator.
    pub const fn to_visitor(self) -> bool {
        matches!(
            self,
            Kind::Confirmation
                | Kind::Reminder
                | Kind::ChangeConfirmation
                | Kind::VisitorCancellation
        )
    }
}

impl Status {
    /// Every status, as the schema's `CHECK` lists them.
    pub const ALL: [Status; 3] = [Status::Pending, Status::Sent, Status::Failed];

    /// The stored name, which is also the name staff see.
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Sent => "sent",
            Status::Failed => "failed",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stored kind or status this Hearth does not know (an outbox edited by
/// hand, or written by a newer version): an error, never a guess, so a row
/// is left alone rather than sent as something it is not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the outbox holds an unknown delivery {column} {value:?}")]
pub struct UnknownStored {
    pub column: &'static str,
    /// The stored text, cut to a few characters: it is never a visitor's.
    pub value: String,
}

/// Reads one of `known` by its stored name.
fn from_stored<T: Copy>(
    value: ValueRef<'_>,
    column: &'static str,
    known: &[T],
    name: impl Fn(T) -> &'static str,
) -> FromSqlResult<T> {
    let text = value.as_str()?;
    known
        .iter()
        .copied()
        .find(|candidate| name(*candidate) == text)
        .ok_or_else(|| {
            FromSqlError::Other(Box::new(UnknownStored {
                column,
                value: text.chars().take(20).collect(),
            }))
        })
}

/// Stores `$stored` as its `as_str` text in the column `$column`, and
/// reads back only the texts one of `$stored::ALL` has.
macro_rules! stored_as_text {
    ($stored:ident, $column:literal) => {
        impl ToSql for $stored {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $stored {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                from_stored(value, $column, &$stored::ALL, $stored::as_str)
            }
        }
    };
}

stored_as_text!(Kind, "kind");
stored_as_text!(Status, "status");

/// A delivery the worker should attempt now.
#[derive(Debug, Clone)]
pub struct Due {
    pub request_id: i64,
    pub submission_id: String,
    pub kind: Kind,
    pub attempts: i64,
    pub record: Record,
    /// The request's booked call, when it has one that stands.
    pub call: Option<BookedCall>,
}

/// A line of `hearth outbox list`: no personal data.
#[derive(Debug, Clone)]
pub struct Summary {
    pub id: i64,
    pub created_at: Timestamp,
    pub deliveries: Vec<DeliveryState>,
    pub erased: bool,
}

#[derive(Debug, Clone)]
pub struct DeliveryState {
    pub kind: Kind,
    pub status: Status,
    pub attempts: i64,
    pub next_attempt_at: Timestamp,
    pub last_attempt_at: Option<Timestamp>,
    pub last_error: Option<String>,
    pub sent_at: Option<Timestamp>,
}

#[derive(Clone)]
pub struct Outbox {
    connection: Arc<Mutex<Connection>>,
}

/// A damaged outbox that [`Outbox::open_or_set_aside`] moved out of the way.
#[derive(Debug, Clone)]
pub struct SetAside {
    /// Where the outbox was: a fresh one is there now.
    pub path: PathBuf,
    /// Where the damaged file is kept, as it was.
    pub kept: PathBuf,
    /// Its `-wal`, `-shm` or `-journal` files, moved beside it under the same new name.
    pub siblings: Vec<PathBuf>,
    /// What SQLite found, in its own words (never a row's content).
    pub reason: String,
}

/// What a look at the outbox file found, before it is opened for writing.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Condition {
    /// No outbox yet (and no write-ahead log without one).
    Absent,
    Sound,
    Damaged(String),
}

impl Outbox {
    /// Opens (creating if needed) the outbox in `data_dir`. A damaged one is
    /// refused with [`OutboxError::Damaged`] and left as it is.
    pub fn open(data_dir: &Path) -> Result<Outbox, OutboxError> {
        create_folder(data_dir)?;
        let path = data_dir.join(FILE_NAME);
        if let Condition::Damaged(reason) = inspect(&path)? {
            return Err(OutboxError::Damaged { path, reason });
        }
        Self::connect(&path)
    }

    /// As [`Outbox::open`], but a damaged outbox is moved aside, never over
    /// another file, with its siblings, and a fresh one is opened in its place.
    /// `now` names the kept file.
    pub fn open_or_set_aside(
        data_dir: &Path,
        now: Timestamp,
    ) -> Result<(Outbox, Option<SetAside>), OutboxError> {
        create_folder(data_dir)?;
        let path = data_dir.join(FILE_NAME);
        let set_aside = match inspect(&path)? {
            Condition::Damaged(reason) => Some(set_aside(data_dir, &path, reason, now)?),
            Condition::Absent | Condition::Sound => None,
        };
        Ok((Self::connect(&path)?, set_aside))
    }

    fn connect(path: &Path) -> Result<Outbox, OutboxError> {
        let opening = |source| open_error(path, source);
        let connection = Connection::open(path).map_err(opening)?;
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(opening)?;
        // FULL: a commit is on disk before we answer, even if the power fails.
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        // Deleted and overwritten content is zeroed, not left in free space.
        connection.pragma_update(None, "secure_delete", "ON")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.execute_batch(SCHEMA).map_err(opening)?;
        connection
            .execute_batch(bookings::SCHEMA)
            .map_err(opening)?;
        connection
            .execute_batch(crate::staff::store::SCHEMA)
            .map_err(opening)?;
        migrate(&connection).map_err(opening)?;
        Ok(Outbox {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// Runs `work` with the connection on this thread, for the commands
    /// (`hearth staff`) that run outside the async runtime.
    pub(crate) fn blocking<T>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, OutboxError>,
    ) -> Result<T, OutboxError> {
        work(&mut Self::lock(&self.connection))
    }

    fn lock(connection: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
        connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `work` on a blocking thread with the connection: also how the
    /// staff's sign-ins and sessions, kept in this database, are reached.
    pub(crate) async fn with<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, OutboxError> + Send + 'static,
    ) -> Result<T, OutboxError> {
        let connection = Arc::clone(&self.connection);
        tokio::task::spawn_blocking(move || work(&mut Self::lock(&connection))).await?
    }

    /// Stores a request once per submission id, with its deliveries due now.
    /// `confirm_digest` is the keyed digest of the visitor's email, if any;
    /// `fields_digest` the keyed digest of every field, kept after erasure
    /// to tell a double click from an edited copy.
    pub async fn store(
        &self,
        submission_id: String,
        record: Record,
        confirm_digest: Option<String>,
        fields_digest: String,
        now: Timestamp,
    ) -> Result<Stored, OutboxError> {
        let json = serde_json::to_string(&record)?;
        self.with(move |connection| {
            let transaction = connection.transaction()?;
            let stored = insert_request(
                &transaction,
                &submission_id,
                &json,
                confirm_digest,
                &fields_digest,
                now,
            )?;
            transaction.commit()?;
            Ok(stored)
        })
        .await
    }

    /// As [`Outbox::store`], with the request's call booked at `slot` in
    /// the same transaction: either both are stored or neither is. A
    /// double submit of a booked request is stored once and booked once.
    #[allow(clippy::too_many_arguments)]
    pub async fn store_booking(
        &self,
        submission_id: String,
        record: Record,
        confirm_digest: Option<String>,
        fields_digest: String,
        slot: Slot,
        callers: u32,
        remind_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<Booked, OutboxError> {
        let reminded = record.request.email.is_some();
        let json = serde_json::to_string(&record)?;
        self.with(move |connection| {
            // Immediate: the write lock is held from the count of the slot's
            // bookings to the insert, so two processes cannot both see it free.
            let transaction =
                connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let stored = insert_request(
                &transaction,
                &submission_id,
                &json,
                confirm_digest,
                &fields_digest,
                now,
            )?;
            let booking = if stored.is_new {
                bookings::take(&transaction, stored.id, slot, callers, now)?
            } else {
                bookings::of_request(&transaction, stored.id)?
            };
            match booking {
                Some(booking) => {
                    if let (true, true, Some(at)) = (stored.is_new, reminded, remind_at) {
                        schedule_delivery(&transaction, stored.id, Kind::Reminder, at)?;
                    }
                    transaction.commit()?;
                    Ok(Booked::Stored { stored, booking })
                }
                // Dropped: the request and its deliveries are not kept.
                None if stored.is_new => Ok(Booked::Taken),
                None => {
                    transaction.commit()?;
                    Ok(Booked::Unbooked(stored))
                }
            }
        })
        .await
    }

    /// The calls booked that share any time from `from` until `until`.
    pub async fn booked_between(
        &self,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<Slot>, OutboxError> {
        self.with(move |connection| Ok(bookings::between(connection, from, until)?))
            .await
    }

    /// Booking `id` as it stands, cancelled or not, off the runtime.
    pub async fn read_booking(&self, id: i64) -> Result<Option<Booking>, OutboxError> {
        self.with(move |connection| Ok(bookings::booking(connection, id)?))
            .await
    }

    /// Cancels booking `id` if it is still at `sequence` (a link from before
    /// a change or a cancellation does nothing): its time is free again,
    /// the coordinator is told, and no reminder or change notice follows.
    pub async fn cancel_booking(
        &self,
        id: i64,
        sequence: i64,
        now: Timestamp,
    ) -> Result<bool, OutboxError> {
        self.with(move |connection| {
            cancel_in(connection, id, Some(sequence), CancelledBy::Visitor, now)
        })
        .await
    }

    /// Cancels booking `id` for the practice (`hearth bookings cancel`):
    /// its time is free again, the visitor is told so (when they gave an
    /// email), and the coordinator's calendar gets the cancellation.
    pub fn cancel_booking_for_practice(
        &self,
        id: i64,
        now: Timestamp,
    ) -> Result<bool, OutboxError> {
        cancel_in(
            &mut Self::lock(&self.connection),
            id,
            None,
            CancelledBy::Practice,
            now,
        )
    }

    /// Moves booking `id`, still at `sequence`, to `slot` if a caller is
    /// free then, in one transaction: the old time is freed only as the
    /// new one is taken. The coordinator and the visitor are told, and the
    /// reminder follows the call.
    #[allow(clippy::too_many_arguments)]
    pub async fn move_booking(
        &self,
        id: i64,
        sequence: i64,
        slot: Slot,
        callers: u32,
        remind_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<Moved, OutboxError> {
        self.with(move |connection| {
            let transaction =
                connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let Some(booking) = bookings::booking(&transaction, id)? else {
                return Ok(Moved::Stale);
            };
            if booking.cancelled_at.is_some() || booking.sequence != sequence {
                return Ok(Moved::Stale);
            }
            if !bookings::move_to(&transaction, id, slot, callers)? {
                return Ok(Moved::Taken);
            }
            let request = booking.request_id;
            schedule_delivery(&transaction, request, Kind::Change, now)?;
            if gave_email(&transaction, request)? {
                schedule_delivery(&transaction, request, Kind::ChangeConfirmation, now)?;
                drop_pending(&transaction, request, &[Kind::Reminder])?;
                if let Some(at) = remind_at {
                    schedule_delivery(&transaction, request, Kind::Reminder, at)?;
                }
            }
            transaction.commit()?;
            Ok(Moved::Moved {
                sequence: sequence + 1,
            })
        })
        .await
    }

    /// Deliveries due at `now`, oldest first.
    /// A row whose kind this Hearth does not know is logged and left alone.
    pub async fn due(&self, now: Timestamp, limit: i64) -> Result<Vec<Due>, OutboxError> {
        self.with(move |connection| {
            let mut statement = connection.prepare(
                "SELECT d.request_id, r.submission_id, d.kind, d.attempts, r.record,
                        b.id, b.starts_at, b.ends_at, b.sequence
                 FROM deliveries d JOIN requests r ON r.id = d.request_id
                 LEFT JOIN bookings b ON b.request_id = r.id
                 WHERE d.status = 'pending' AND d.next_attempt_at <= ?1 AND r.record IS NOT NULL
                 ORDER BY d.next_attempt_at LIMIT ?2",
            )?;
            let rows = statement.query_map(params![Millis(now), limit], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Kind>(2),
                    row.get::<_, i64>(3)?,
                    row.get::<_, String>(4)?,
                    booked_call(row.get(5)?, row.get(6)?, row.get(7)?, row.get(8)?),
                ))
            })?;
            let mut due = Vec::new();
            for row in rows {
                let (request_id, submission_id, kind, attempts, json, call) = row?;
                let kind = match kind {
                    Ok(kind) => kind,
                    Err(error) => {
                        tracing::error!(%error, "request #{request_id}: a delivery was left alone");
                        continue;
                    }
                };
                due.push(Due {
                    request_id,
                    submission_id,
                    kind,
                    attempts,
                    record: serde_json::from_str(&json)?,
                    call,
                });
            }
            Ok(due)
        })
        .await
    }

    /// When the next pending delivery is due, if any.
    pub async fn next_due_at(&self) -> Result<Option<Timestamp>, OutboxError> {
        self.with(|connection| {
            let next: Option<Millis> = connection.query_row(
                "SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending'",
                [],
                |row| row.get(0),
            )?;
            Ok(next.map(|Millis(at)| at))
        })
        .await
    }

    /// When the next pending delivery not yet due at `now` will be, if any:
    /// the worker's next look, when what is due now is already in hand.
    pub async fn next_due_after(&self, now: Timestamp) -> Result<Option<Timestamp>, OutboxError> {
        self.with(move |connection| {
            let next: Option<Millis> = connection.query_row(
                "SELECT MIN(next_attempt_at) FROM deliveries
                 WHERE status = 'pending' AND next_attempt_at > ?1",
                [Millis(now)],
                |row| row.get(0),
            )?;
            let next_sign_in = staff_store::next_link_due_after(connection, now)?;
            Ok(next
                .map(|Millis(at)| at)
                .into_iter()
                .chain(next_sign_in)
                .min())
        })
        .await
    }

    /// Sign-in links whose email is due at `now`, oldest first.
    pub async fn due_sign_ins(
        &self,
        now: Timestamp,
        limit: i64,
    ) -> Result<Vec<staff_store::DueSignIn>, OutboxError> {
        self.with(move |connection| Ok(staff_store::due_links(connection, now, limit)?))
            .await
    }

    /// Takes a due delivery for one attempt, before it is sent: stamps the
    /// attempt and moves its next try to `until`, so neither a crash during
    /// the send nor a result that cannot be written brings it back sooner.
    /// The attempt is counted when its result is recorded. False when it is
    /// no longer due: delivered, failed, or taken by another worker.
    pub async fn claim(
        &self,
        request_id: i64,
        kind: Kind,
        now: Timestamp,
        until: Timestamp,
    ) -> Result<bool, OutboxError> {
        if kind == Kind::SignIn {
            return self
                .with(move |connection| {
                    Ok(staff_store::claim_link(connection, request_id, now, until)?)
                })
                .await;
        }
        self.with(move |connection| {
            let changed = connection.execute(
                "UPDATE deliveries SET last_attempt_at = ?3, next_attempt_at = ?4
                 WHERE request_id = ?1 AND kind = ?2 AND status = 'pending'
                   AND next_attempt_at <= ?3",
                params![request_id, kind, Millis(now), Millis(until)],
            )?;
            Ok(changed == 1)
        })
        .await
    }

    /// SQLite's `data_version`: it changes when another connection (such as
    /// `hearth outbox retry` in another process) commits a change, and not
    /// for this connection's own writes, so a worker can notice staff's
    /// changes by reading one number.
    pub async fn data_version(&self) -> Result<i64, OutboxError> {
        self.with(|connection| {
            Ok(connection.query_row("PRAGMA data_version", [], |row| row.get(0))?)
        })
        .await
    }

    /// Records a delivered email; once the coordinator's email is out and
    /// nothing else is pending, the visitor's details are erased.
    pub async fn mark_sent(
        &self,
        request_id: i64,
        kind: Kind,
        now: Timestamp,
    ) -> Result<(), OutboxError> {
        if kind == Kind::SignIn {
            return self
                .with(move |connection| {
                    let sent = staff_store::record_link_attempt;
                    Ok(sent(connection, request_id, now, "sent", None, None)?)
                })
                .await;
        }
        self.with(move |connection| {
            let transaction = connection.transaction()?;
            transaction.execute(
                "UPDATE deliveries SET status = ?4, sent_at = ?3, last_attempt_at = ?3,
                     attempts = attempts + 1, last_error = NULL
                 WHERE request_id = ?1 AND kind = ?2",
                params![request_id, kind, Millis(now), Status::Sent],
            )?;
            let erased = erase_if_done(&transaction, request_id, now)?;
            transaction.commit()?;
            if erased > 0 {
                empty_the_log(connection);
            }
            Ok(())
        })
        .await
    }

    /// Records a failed attempt that will be tried again at `retry_at`.
    pub async fn schedule_retry(
        &self,
        request_id: i64,
        kind: Kind,
        now: Timestamp,
        retry_at: Timestamp,
        reason: String,
    ) -> Result<(), OutboxError> {
        if kind == Kind::SignIn {
            return self
                .with(move |connection| {
                    let (at, why) = (Some(retry_at), Some(reason.as_str()));
                    let retry = staff_store::record_link_attempt;
                    Ok(retry(connection, request_id, now, "pending", at, why)?)
                })
                .await;
        }
        self.with(move |connection| {
            connection.execute(
                "UPDATE deliveries SET attempts = attempts + 1, last_attempt_at = ?3,
                     next_attempt_at = ?4, last_error = ?5
                 WHERE request_id = ?1 AND kind = ?2",
                params![request_id, kind, Millis(now), Millis(retry_at), reason],
            )?;
            Ok(())
        })
        .await
    }

    /// Records a permanent failure. A failed coordinator email keeps the
    /// request, details and all, for staff to retry; a failed confirmation
    /// does not hold up erasure.
    pub async fn mark_failed(
        &self,
        request_id: i64,
        kind: Kind,
        now: Timestamp,
        reason: String,
    ) -> Result<(), OutboxError> {
        if kind == Kind::SignIn {
            return self
                .with(move |connection| {
                    let failed = staff_store::record_link_attempt;
                    Ok(failed(
                        connection,
                        request_id,
                        now,
                        "failed",
                        None,
                        Some(&reason),
                    )?)
                })
                .await;
        }
        self.with(move |connection| {
            let transaction = connection.transaction()?;
            transaction.execute(
                "UPDATE deliveries SET status = ?5, attempts = attempts + 1,
                     last_attempt_at = ?3, last_error = ?4
                 WHERE request_id = ?1 AND kind = ?2",
                params![request_id, kind, Millis(now), reason, Status::Failed],
            )?;
            let erased = erase_if_done(&transaction, request_id, now)?;
            transaction.commit()?;
            if erased > 0 {
                empty_the_log(connection);
            }
            Ok(())
        })
        .await
    }

    /// Deletes what is past retention. Returns how many requests went.
    pub async fn purge(&self, now: Timestamp) -> Result<usize, OutboxError> {
        self.with(move |connection| {
            // A booked call's details are kept until the call is over (see
            // `erase_if_done`); then they go as any delivered request's do.
            let erased = connection.execute(
                "UPDATE requests SET record = NULL, erased_at = ?1
                 WHERE record IS NOT NULL
                   AND EXISTS (SELECT 1 FROM bookings WHERE request_id = requests.id)
                   AND EXISTS (SELECT 1 FROM deliveries WHERE request_id = requests.id
                               AND kind = 'coordinator' AND status = 'sent')
                   AND NOT EXISTS (SELECT 1 FROM deliveries WHERE request_id = requests.id
                                   AND status = 'pending')
                   AND NOT EXISTS (SELECT 1 FROM bookings WHERE request_id = requests.id
                                   AND cancelled_at IS NULL AND ends_at > ?1)",
                [Millis(now)],
            )?;
            let purged = connection.execute(
                // A booked call is kept until it is as old as a bare record.
                "DELETE FROM requests WHERE erased_at IS NOT NULL AND erased_at <= ?1
                 AND NOT EXISTS (SELECT 1 FROM bookings
                                 WHERE request_id = requests.id AND ends_at > ?1)",
                [Millis(before(now, RETENTION))],
            )?;
            let staff = staff_store::purge(connection, now)?;
            if purged > 0 || erased > 0 || staff > 0 {
                empty_the_log(connection);
            }
            Ok(purged)
        })
        .await
    }

    /// Every request, newest first, without personal data.
    pub fn list(&self) -> Result<Vec<Summary>, OutboxError> {
        let connection = Self::lock(&self.connection);
        let mut statement = connection
            .prepare("SELECT id, created_at, record IS NULL FROM requests ORDER BY id DESC")?;
        let requests = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<Result<Vec<(i64, Millis, bool)>, _>>()?;
        requests
            .into_iter()
            .map(|(id, Millis(created_at), erased)| {
                Ok(Summary {
                    id,
                    created_at,
                    deliveries: deliveries_of(&connection, id)?,
                    erased,
                })
            })
            .collect()
    }

    /// One request with its details (None once erased), or None if unknown.
    #[allow(clippy::type_complexity)]
    pub fn show(&self, id: i64) -> Result<Option<(Summary, Option<Record>)>, OutboxError> {
        let connection = Self::lock(&self.connection);
        let row: Option<(Millis, Option<String>)> = connection
            .query_row(
                "SELECT created_at, record FROM requests WHERE id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let Some((Millis(created_at), json)) = row else {
            return Ok(None);
        };
        let record = json.map(|json| serde_json::from_str(&json)).transpose()?;
        let summary = Summary {
            id,
            created_at,
            deliveries: deliveries_of(&connection, id)?,
            erased: record.is_none(),
        };
        Ok(Some((summary, record)))
    }

    /// Makes a failed or waiting delivery due now. Returns how many deliveries changed.
    pub fn retry(&self, id: i64, now: Timestamp) -> Result<usize, OutboxError> {
        let connection = Self::lock(&self.connection);
        Ok(connection.execute(
            "UPDATE deliveries SET status = ?3, next_attempt_at = ?2
             WHERE request_id = ?1 AND status IN ('pending', 'failed')
               AND EXISTS (SELECT 1 FROM requests WHERE id = ?1 AND record IS NOT NULL)",
            params![id, Millis(now), Status::Pending],
        )?)
    }

    /// The calls booked that stand and start from `from` until `until`, in
    /// order, for the coordinator's calendar feed.
    pub async fn standing_bookings(
        &self,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<Booking>, OutboxError> {
        self.with(move |connection| Ok(bookings::starting_between(connection, from, until, false)?))
            .await
    }

    /// Every booking that starts from `from` until `until`, cancelled ones
    /// too, in order of their time, for `hearth bookings list`.
    pub fn bookings_between(
        &self,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<Booking>, OutboxError> {
        let connection = Self::lock(&self.connection);
        Ok(bookings::starting_between(&connection, from, until, true)?)
    }

    /// Booking `id`, standing or cancelled, for `hearth bookings show`.
    pub fn booking(&self, id: i64) -> Result<Option<Booking>, OutboxError> {
        let connection = Self::lock(&self.connection);
        Ok(bookings::booking(&connection, id)?)
    }
}

/// Brings an outbox made by an earlier Hearth up to this one's schema; safe
/// to run on every open.
fn migrate(connection: &Connection) -> rusqlite::Result<()> {
    allow_every_kind(connection)?;
    let has_fields_digest: bool = connection.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_info('requests') WHERE name = 'fields_digest')",
        [],
        |row| row.get(0),
    )?;
    if !has_fields_digest {
        // A keyed digest of the submitted fields, never the fields: it stays
        // after erasure. NULL for requests stored before it was kept.
        connection.execute_batch("ALTER TABLE requests ADD COLUMN fields_digest TEXT")?;
    }
    Ok(())
}

/// An outbox from before booked calls lets only two kinds of delivery into
/// its table. SQLite cannot change a `CHECK`, so the table is rebuilt with
/// every row in one transaction: all of it moves, or none.
fn allow_every_kind(connection: &Connection) -> rusqlite::Result<()> {
    let definition: String = connection.query_row(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'deliveries'",
        [],
        |row| row.get(0),
    )?;
    if definition.contains("'visitor_cancellation'") {
        return Ok(());
    }
    let new_definition = SCHEMA
        .split("CREATE TABLE IF NOT EXISTS deliveries (")
        .nth(1)
        .and_then(|rest| rest.split(");").next())
        .expect("the schema defines the deliveries table");
    connection.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF;
         BEGIN IMMEDIATE;
         CREATE TABLE deliveries_with_every_kind ({new_definition});
         INSERT INTO deliveries_with_every_kind SELECT * FROM deliveries;
         DROP TABLE deliveries;
         ALTER TABLE deliveries_with_every_kind RENAME TO deliveries;
         CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
         COMMIT;
         PRAGMA foreign_keys = ON;"
    ))
}

/// A request read back from a damaged outbox by `hearth outbox recover`.
#[derive(Debug, Clone)]
pub struct Salvaged {
    pub submission_id: String,
    pub created_at: Timestamp,
    /// The record's JSON as it was stored, already read back as a [`Record`].
    pub record_json: String,
    /// Whether the visitor gave an email, for a confirmation when the
    /// deliveries could not be read.
    pub has_email: bool,
    /// Its deliveries as they were, or `None` when they could not be read.
    pub deliveries: Option<Vec<SalvagedDelivery>>,
}

/// One delivery of a salvaged request, as the damaged outbox had it.
#[derive(Debug, Clone)]
pub struct SalvagedDelivery {
    pub kind: Kind,
    pub status: Status,
    pub attempts: i64,
    pub last_attempt_at: Option<Timestamp>,
    pub last_error: Option<String>,
    pub sent_at: Option<Timestamp>,
}

/// What [`Outbox::restore`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Restored {
    /// The new ids of the requests added, in order.
    pub ids: Vec<i64>,
    /// Requests skipped because their submission id is in this outbox already.
    pub already_here: usize,
}

impl Outbox {
    /// Adds requests salvaged from a damaged outbox, all in one transaction,
    /// skipping submission ids this outbox has. What was sent stays sent;
    /// everything else that can still be delivered is due at `now`, so the
    /// worker sends it: the coordinator's email always (a request whose
    /// deliveries were lost may have been sent, but a double is better than a
    /// loss), the visitor's confirmation unless it had gone or had failed for good.
    pub fn restore(&self, salvaged: &[Salvaged], now: Timestamp) -> Result<Restored, OutboxError> {
        let mut connection = Self::lock(&self.connection);
        let transaction = connection.transaction()?;
        let mut restored = Restored::default();
        for request in salvaged {
            let inserted = transaction.execute(
                "INSERT INTO requests (submission_id, created_at, record) VALUES (?1, ?2, ?3)
                 ON CONFLICT (submission_id) DO NOTHING",
                params![
                    request.submission_id,
                    Millis(request.created_at),
                    request.record_json
                ],
            )?;
            if inserted == 0 {
                restored.already_here += 1;
                continue;
            }
            let id = transaction.last_insert_rowid();
            let mut kinds = Vec::new();
            for delivery in request.deliveries.iter().flatten() {
                let kind = delivery.kind;
                if kinds.contains(&kind) {
                    continue;
                }
                kinds.push(kind);
                let keep = delivery.status == Status::Sent
                    || (kind == Kind::Confirmation && delivery.status == Status::Failed);
                let status = if keep {
                    delivery.status
                } else {
                    Status::Pending
                };
                transaction.execute(
                    "INSERT INTO deliveries (request_id, kind, status, attempts, next_attempt_at,
                         last_attempt_at, last_error, sent_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        id,
                        kind,
                        status,
                        delivery.attempts.max(0),
                        Millis(now),
                        delivery.last_attempt_at.map(Millis),
                        delivery.last_error,
                        delivery
                            .sent_at
                            .filter(|_| delivery.status == Status::Sent)
                            .map(Millis),
                    ],
                )?;
            }
            if !kinds.contains(&Kind::Coordinator) {
                add_delivery(&transaction, id, Kind::Coordinator, now)?;
            }
            if request.deliveries.is_none() && request.has_email {
                add_delivery(&transaction, id, Kind::Confirmation, now)?;
            }
            erase_if_done(&transaction, id, now)?;
            restored.ids.push(id);
        }
        transaction.commit()?;
        Ok(restored)
    }
}

/// The damaged outboxes kept aside in `data_dir` (by their database file's
/// name, whether or not only a `-wal` of it is left), oldest first.
pub fn kept_damaged(data_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(data_dir) else {
        return Vec::new();
    };
    let mut kept: Vec<PathBuf> = entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let base = SIBLINGS
                .iter()
                .find_map(|suffix| name.strip_suffix(suffix))
                .unwrap_or(&name);
            (base.starts_with(DAMAGED_PREFIX) && base.ends_with(".sqlite3"))
                .then(|| data_dir.join(base))
        })
        .collect();
    kept.sort();
    kept.dedup();
    kept
}

/// `path` with a suffix such as `-wal` added to its file name.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn create_folder(data_dir: &Path) -> Result<(), OutboxError> {
    std::fs::create_dir_all(data_dir).map_err(|source| OutboxError::Folder {
        path: data_dir.display().to_string(),
        source,
    })
}

/// Looks at the outbox file on a read-only connection, so that a damaged
/// file is not changed by the look (a read-write connection would fold its
/// log into it on closing). SQLite's `quick_check` reads the schema and
/// every page's structure; on an outbox, which keeps 30 days of bare
/// records, that takes milliseconds.
fn inspect(path: &Path) -> Result<Condition, OutboxError> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            // SQLite deletes a log it finds without its database: that log
            // may hold the only copy of the newest requests.
            let log = sibling(path, "-wal");
            return Ok(if std::fs::metadata(&log).is_ok_and(|log| log.len() > 0) {
                Condition::Damaged("the file is missing but its write-ahead log is there".into())
            } else {
                Condition::Absent
            });
        }
        Err(error) => return Err(open_error(path, error)),
    };
    if metadata.is_file() && metadata.len() == 0 {
        // Opening an outbox writes its header: an empty file is damage, and
        // SQLite would take it for a new database and drop its log.
        return Ok(Condition::Damaged("the file is empty".into()));
    }
    let checked = read_only(path).and_then(|connection| {
        let mut lines = Vec::new();
        connection.pragma_query(None, "quick_check", |row| {
            lines.push(row.get::<_, String>(0)?);
            Ok(())
        })?;
        Ok(lines)
    });
    match checked {
        Ok(lines) if lines == ["ok"] => Ok(Condition::Sound),
        Ok(lines) => Ok(Condition::Damaged(format!(
            "SQLite's quick_check found {} problem(s)",
            lines.len()
        ))),
        Err(error) if is_damage(&error) => Ok(Condition::Damaged(error.to_string())),
        Err(error) => Err(open_error(path, error)),
    }
}

/// A read-only connection that leaves no file behind. Without a log
/// beside it, no program has the database open in WAL mode (SQLite keeps
/// the log while a connection is open), so it is read as `immutable`: no
/// locks, no `-wal` or `-shm` made for the look. With a log, it is read as
/// any reader would, log included.
fn read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let has_log = sibling(path, "-wal").symlink_metadata().is_ok();
    match path.to_str() {
        Some(text) if !has_log => {
            // Every byte that is not plain is percent-encoded, as SQLite's URIs want.
            const URI_PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
                .remove(b'/')
                .remove(b'-')
                .remove(b'.')
                .remove(b'_')
                .remove(b'~');
            let uri = format!(
                "file:{}?immutable=1",
                percent_encoding::utf8_percent_encode(text, URI_PATH)
            );
            Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
        }
        _ => Connection::open_with_flags(path, flags),
    }
}

/// Corruption as SQLite reports it; anything else (permissions, a full
/// disk, a lock) is not the file's fault and must not move it.
fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

/// An error opening the outbox, with the file and what to do about it.
fn open_error(
    path: &Path,
    source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> OutboxError {
    let source = source.into();
    let folder = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let code = source
        .downcast_ref::<rusqlite::Error>()
        .and_then(rusqlite::Error::sqlite_error_code);
    let io_kind = source
        .downcast_ref::<std::io::Error>()
        .map(std::io::Error::kind);
    let hint = match (code, io_kind) {
        (Some(rusqlite::ErrorCode::DiskFull), _) | (_, Some(std::io::ErrorKind::StorageFull)) => {
            format!(
                "the disk that holds {} is full: free some space",
                folder.display()
            )
        }
        _ => format!(
            "the user Hearth runs as must be able to write in the data folder {} and the files in it: give it write access, or choose another folder with --data-dir or HEARTH_DATA_DIR",
            folder.display()
        ),
    };
    OutboxError::Open {
        path: path.to_owned(),
        hint,
        source,
    }
}

/// Moves the damaged outbox and its siblings to a name of their own, with
/// the time and, if that is taken, a counter; never over an existing file.
fn set_aside(
    data_dir: &Path,
    path: &Path,
    reason: String,
    now: Timestamp,
) -> Result<SetAside, OutboxError> {
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let failed = |kept: &Path, source| OutboxError::SetAside {
        path: path.to_owned(),
        kept: kept.to_owned(),
        reason: reason.clone(),
        source,
    };
    let mut counter = 1;
    let kept = loop {
        let name = if counter == 1 {
            format!("{DAMAGED_PREFIX}{stamp}.sqlite3")
        } else {
            format!("{DAMAGED_PREFIX}{stamp}-{counter}.sqlite3")
        };
        let kept = data_dir.join(name);
        let taken = std::iter::once(kept.clone())
            .chain(SIBLINGS.iter().map(|suffix| sibling(&kept, suffix)))
            .any(|candidate| candidate.symlink_metadata().is_ok());
        if !taken {
            break kept;
        }
        counter += 1;
        if counter > 1000 {
            let source = std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "a thousand kept outboxes have this time's name",
            );
            return Err(failed(&kept, source));
        }
    };
    let mut siblings = Vec::new();
    // The log first: one left beside the fresh database would be applied to it.
    for suffix in ["-wal", "-journal", "", "-shm"] {
        let from = sibling(path, suffix);
        if from.symlink_metadata().is_err() {
            continue;
        }
        let to = sibling(&kept, suffix);
        move_without_replacing(&from, &to).map_err(|source| failed(&to, source))?;
        if !suffix.is_empty() {
            siblings.push(to);
        }
    }
    // The new names last through a power cut.
    if let Ok(folder) = std::fs::File::open(data_dir) {
        let _ = folder.sync_all();
    }
    Ok(SetAside {
        path: path.to_owned(),
        kept,
        siblings,
        reason,
    })
}

/// Renames `from` to `to`, failing if `to` exists: a hard link, which the
/// system refuses to make over a file, then the old name removed.
fn move_without_replacing(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => std::fs::remove_file(from),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Err(error),
        // A filesystem without hard links: rename, having just seen the name free.
        Err(_) if to.symlink_metadata().is_err() => std::fs::rename(from, to),
        Err(error) => Err(error),
    }
}

/// Folds the write-ahead log back into the database and empties it, so the
/// old versions of pages it holds (with the details just erased) are gone.
/// A reader can hold this up: then the next erasure, the next purge or the
/// server's stop finishes it, and the erasure itself stands either way.
fn empty_the_log(connection: &Connection) {
    let result = connection.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| {
        row.get::<_, i64>(0)
    });
    match result {
        Ok(0) => {}
        Ok(_) => tracing::warn!(
            "the outbox's write-ahead log could not be emptied yet (another program is reading the outbox); erased details stay in it until the next erasure or the server stops"
        ),
        Err(error) => tracing::warn!(%error, "the outbox's write-ahead log could not be emptied"),
    }
}

/// Inserts a request once per submission id, with its deliveries due now.
fn insert_request(
    transaction: &rusqlite::Transaction<'_>,
    submission_id: &str,
    json: &str,
    confirm_digest: Option<String>,
    fields_digest: &str,
    now: Timestamp,
) -> Result<Stored, OutboxError> {
    let inserted = transaction.execute(
        "INSERT INTO requests (submission_id, created_at, record, fields_digest)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (submission_id) DO NOTHING",
        params![submission_id, Millis(now), json, fields_digest],
    )?;
    let (id, stored_digest): (i64, Option<String>) = transaction.query_row(
        "SELECT id, fields_digest FROM requests WHERE submission_id = ?1",
        [submission_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    if inserted == 1 {
        add_delivery(transaction, id, Kind::Coordinator, now)?;
        if let Some(digest) = confirm_digest {
            transaction.execute(
                "DELETE FROM recent_confirmations WHERE at <= ?1",
                [Millis(before(now, CONFIRMATION_INTERVAL))],
            )?;
            let recent: bool = transaction.query_row(
                "SELECT EXISTS (SELECT 1 FROM recent_confirmations WHERE digest = ?1)",
                [&digest],
                |row| row.get(0),
            )?;
            if !recent {
                add_delivery(transaction, id, Kind::Confirmation, now)?;
                transaction.execute(
                    "INSERT INTO recent_confirmations (digest, at) VALUES (?1, ?2)",
                    params![digest, Millis(now)],
                )?;
            }
        }
    }
    Ok(Stored {
        id,
        is_new: inserted == 1,
        same_fields: stored_digest.is_none_or(|stored| stored == fields_digest),
    })
}

/// Who cancelled a booked call: the visitor is told only when it was not them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CancelledBy {
    Visitor,
    Practice,
}

/// Cancels booking `id` (if still at `sequence`, when one is given), drops
/// what no longer makes sense to send, and schedules the notices. False
/// when it was cancelled already, changed since, or never existed.
fn cancel_in(
    connection: &mut Connection,
    id: i64,
    sequence: Option<i64>,
    by: CancelledBy,
    now: Timestamp,
) -> Result<bool, OutboxError> {
    let transaction =
        connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some(booking) = bookings::booking(&transaction, id)? else {
        return Ok(false);
    };
    if booking.cancelled_at.is_some()
        || sequence.is_some_and(|sequence| booking.sequence != sequence)
    {
        return Ok(false);
    }
    bookings::cancel(&transaction, id, now)?;
    let pointless = [Kind::Reminder, Kind::Change, Kind::ChangeConfirmation];
    drop_pending(&transaction, booking.request_id, &pointless)?;
    schedule_delivery(&transaction, booking.request_id, Kind::Cancellation, now)?;
    if by == CancelledBy::Practice && gave_email(&transaction, booking.request_id)? {
        schedule_delivery(
            &transaction,
            booking.request_id,
            Kind::VisitorCancellation,
            now,
        )?;
    }
    transaction.commit()?;
    Ok(true)
}

/// Whether the visitor of request `id` gave an email, so the emails to
/// them can be scheduled (read in the stored record, never copied out).
fn gave_email(transaction: &rusqlite::Transaction<'_>, id: i64) -> rusqlite::Result<bool> {
    transaction.query_row(
        "SELECT json_extract(record, '$.request.email') IS NOT NULL FROM requests WHERE id = ?1",
        [id],
        |row| row.get(0),
    )
}

/// A booking's columns, from a join that may have found none.
fn booked_call(
    id: Option<i64>,
    start: Option<Millis>,
    end: Option<Millis>,
    sequence: Option<i64>,
) -> Option<BookedCall> {
    let (Some(booking), Some(Millis(start)), Some(Millis(end)), Some(sequence)) =
        (id, start, end, sequence)
    else {
        return None;
    };
    Some(BookedCall {
        booking,
        slot: Slot { start, end },
        sequence,
    })
}

/// Makes delivery `kind` of request `id` pending at `at`, whether or not
/// it was sent before: a change is told again after a second change.
fn schedule_delivery(
    transaction: &rusqlite::Transaction<'_>,
    id: i64,
    kind: Kind,
    at: Timestamp,
) -> rusqlite::Result<usize> {
    transaction.execute(
        "INSERT INTO deliveries (request_id, kind, status, next_attempt_at) VALUES (?1, ?2, ?4, ?3)
         ON CONFLICT (request_id, kind) DO UPDATE SET status = excluded.status,
             next_attempt_at = excluded.next_attempt_at, attempts = 0, last_error = NULL, sent_at = NULL",
        params![id, kind, Millis(at), Status::Pending],
    )
}

/// Drops the deliveries of `kinds` still waiting for request `id`: what a
/// cancellation makes pointless.
fn drop_pending(
    transaction: &rusqlite::Transaction<'_>,
    id: i64,
    kinds: &[Kind],
) -> rusqlite::Result<()> {
    for kind in kinds {
        transaction.execute(
            "DELETE FROM deliveries WHERE request_id = ?1 AND kind = ?2 AND status = 'pending'",
            params![id, kind],
        )?;
    }
    Ok(())
}

fn add_delivery(
    transaction: &rusqlite::Transaction<'_>,
    id: i64,
    kind: Kind,
    now: Timestamp,
) -> rusqlite::Result<usize> {
    transaction.execute(
        "INSERT INTO deliveries (request_id, kind, status, next_attempt_at) VALUES (?1, ?2, ?4, ?3)",
        params![id, kind, Millis(now), Status::Pending],
    )
}

/// Erases the visitor's details once the coordinator has the request, no
/// delivery is still waiting, and no booked call is still to come (the
/// visitor may still cancel or move it, and is reminded of it).
fn erase_if_done(
    transaction: &rusqlite::Transaction<'_>,
    id: i64,
    now: Timestamp,
) -> rusqlite::Result<usize> {
    transaction.execute(
        "UPDATE requests SET record = NULL, erased_at = ?2
         WHERE id = ?1
           AND EXISTS (SELECT 1 FROM deliveries WHERE request_id = ?1 AND kind = 'coordinator' AND status = 'sent')
           AND NOT EXISTS (SELECT 1 FROM deliveries WHERE request_id = ?1 AND status = 'pending')
           AND NOT EXISTS (SELECT 1 FROM bookings WHERE request_id = ?1
                           AND cancelled_at IS NULL AND ends_at > ?2)",
        params![id, Millis(now)],
    )
}

fn deliveries_of(connection: &Connection, id: i64) -> Result<Vec<DeliveryState>, OutboxError> {
    let mut statement = connection.prepare(
        "SELECT kind, status, attempts, next_attempt_at, last_attempt_at, last_error, sent_at
         FROM deliveries WHERE request_id = ?1 ORDER BY kind DESC",
    )?;
    let rows = statement.query_map([id], |row| {
        Ok(DeliveryState {
            kind: row.get(0)?,
            status: row.get(1)?,
            attempts: row.get(2)?,
            next_attempt_at: row.get::<_, Millis>(3)?.0,
            last_attempt_at: row.get::<_, Option<Millis>>(4)?.map(|Millis(at)| at),
            last_error: row.get(5)?,
            sent_at: row.get::<_, Option<Millis>>(6)?.map(|Millis(at)| at),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A time this many milliseconds after the epoch, as tests write them.
    pub(crate) fn ms(millis: i64) -> Timestamp {
        Timestamp::from_millisecond(millis).unwrap()
    }

    fn record(email: Option<&str>) -> Record {
        Record {
            request: Request {
                email: email.map(String::from),
                ..Request::sample()
            },
            labels: Labels::default(),
            language: Language::english(),
        }
    }

    /// A double submit stores one request with one set of deliveries.
    #[tokio::test]
    async fn double_submits_store_once() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        let first = outbox
            .store(
                "a".repeat(32),
                record(Some("jo@example.org")),
                Some("d".into()),
                "f".into(),
                ms(1),
            )
            .await
            .unwrap();
        let again = outbox
            .store(
                "a".repeat(32),
                record(Some("jo@example.org")),
                Some("d".into()),
                "f".into(),
                ms(2),
            )
            .await
            .unwrap();
        assert!(first.is_new);
        assert_eq!(
            again,
            Stored {
                id: first.id,
                is_new: false,
                same_fields: true
            }
        );
        assert_eq!(outbox.due(ms(10), 10).await.unwrap().len(), 2);
    }

    /// The same submission id with other fields is told apart from a double
    /// click, before and after the details are erased; nothing changes.
    #[tokio::test]
    async fn edited_resends_are_told_apart_after_erasure() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        let store = |digest: &str, now| {
            outbox.store("a".repeat(32), record(None), None, digest.into(), now)
        };
        let first = store("one", ms(1)).await.unwrap();
        assert!(first.is_new && first.same_fields);
        let edited = store("two", ms(2)).await.unwrap();
        assert_eq!((edited.is_new, edited.same_fields), (false, false));
        outbox
            .mark_sent(first.id, Kind::Coordinator, ms(3))
            .await
            .unwrap();
        assert!(outbox.show(first.id).unwrap().unwrap().0.erased);
        assert!(!store("two", ms(4)).await.unwrap().same_fields);
        assert!(store("one", ms(5)).await.unwrap().same_fields);
        assert_eq!(outbox.list().unwrap().len(), 1);
    }

    /// An outbox made before digests were kept gains the column on open (and
    /// opening again is harmless); its old requests count as the same fields.
    #[tokio::test]
    async fn older_outboxes_gain_the_digest_column() {
        let dir = tempfile::tempdir().unwrap();
        let old = Connection::open(dir.path().join("outbox.sqlite3")).unwrap();
        old.execute_batch(
            "CREATE TABLE requests (
                 id INTEGER PRIMARY KEY AUTOINCREMENT,
                 submission_id TEXT NOT NULL UNIQUE,
                 created_at INTEGER NOT NULL,
                 record TEXT,
                 erased_at INTEGER
             );
             INSERT INTO requests (submission_id, created_at) VALUES ('old', 1);",
        )
        .unwrap();
        drop(old);
        drop(Outbox::open(dir.path()).unwrap());
        let outbox = Outbox::open(dir.path()).unwrap();
        let again = outbox
            .store("old".into(), record(None), None, "any".into(), ms(2))
            .await
            .unwrap();
        assert_eq!((again.is_new, again.same_fields), (false, true));
    }

    /// An outbox from before booked calls keeps every delivery it had, and
    /// takes the new kinds after its table is rebuilt.
    #[tokio::test]
    async fn older_outboxes_take_every_kind_of_delivery() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        let stored = outbox
            .store(
                "a".repeat(32),
                record(Some("jo@example.org")),
                Some("d".into()),
                "f".into(),
                ms(0),
            )
            .await
            .unwrap();
        drop(outbox);
        // As an outbox written before booked calls had it.
        let old = Connection::open(dir.path().join("outbox.sqlite3")).unwrap();
        old.execute_batch(&format!(
            "PRAGMA foreign_keys = OFF;
             CREATE TABLE old_deliveries AS SELECT * FROM deliveries;
             DROP TABLE deliveries;
             CREATE TABLE deliveries ({});
             INSERT INTO deliveries SELECT * FROM old_deliveries;
             DROP TABLE old_deliveries;",
            SCHEMA
                .split("CREATE TABLE IF NOT EXISTS deliveries (")
                .nth(1)
                .and_then(|rest| rest.split(");").next())
                .unwrap()
                .replace(
                    ", 'reminder', 'cancellation', 'change', 'change_confirmation', 'visitor_cancellation'",
                    ""
                )
        ))
        .unwrap();
        let refused = old.execute(
            "INSERT INTO deliveries (request_id, kind, status, next_attempt_at) VALUES (?1, 'reminder', 'pending', 0)",
            [stored.id],
        );
        assert!(refused.is_err(), "the old table takes only two kinds");
        drop(old);

        let outbox = Outbox::open(dir.path()).unwrap();
        let (summary, _) = outbox.show(stored.id).unwrap().unwrap();
        assert_eq!(summary.deliveries.len(), 2);
        let connection = Outbox::lock(&outbox.connection);
        connection
            .execute(
                "INSERT INTO deliveries (request_id, kind, status, next_attempt_at) VALUES (?1, 'reminder', 'pending', 0)",
                [stored.id],
            )
            .unwrap();
    }

    /// With two callers a time takes two bookings, on two seats, and no
    /// third; a booking that shares only part of its time counts too.
    #[tokio::test]
    async fn a_time_takes_as_many_bookings_as_there_are_callers() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        let slot = Slot {
            start: ms(1_000_000),
            end: ms(2_200_000),
        };
        let overlapping = Slot {
            start: ms(1_600_000),
            end: ms(2_800_000),
        };
        let book = |id: char, slot: Slot| {
            outbox.store_booking(
                id.to_string().repeat(32),
                record(None),
                None,
                id.to_string(),
                slot,
                2,
                None,
                ms(0),
            )
        };
        assert!(matches!(
            book('a', slot).await.unwrap(),
            Booked::Stored { .. }
        ));
        assert!(matches!(
            book('b', slot).await.unwrap(),
            Booked::Stored { .. }
        ));
        assert!(matches!(book('c', slot).await.unwrap(), Booked::Taken));
        assert!(matches!(
            book('d', overlapping).await.unwrap(),
            Booked::Taken
        ));
        assert_eq!(
            outbox.list().unwrap().len(),
            2,
            "refused requests are not kept"
        );
        let seats: Vec<i64> = Outbox::lock(&outbox.connection)
            .prepare("SELECT seat FROM bookings ORDER BY id")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(seats, [0, 1]);
    }

    /// Only one confirmation per address per hour.
    #[tokio::test]
    async fn confirmations_are_rate_limited_by_address() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        outbox
            .store(
                "a".repeat(32),
                record(Some("x")),
                Some("same".into()),
                "f".into(),
                ms(0),
            )
            .await
            .unwrap();
        outbox
            .store(
                "b".repeat(32),
                record(Some("x")),
                Some("same".into()),
                "f".into(),
                ms(1_000),
            )
            .await
            .unwrap();
        let kinds: Vec<Kind> = outbox
            .due(ms(2_000), 10)
            .await
            .unwrap()
            .iter()
            .map(|due| due.kind)
            .collect();
        assert_eq!(
            kinds
                .iter()
                .filter(|kind| **kind == Kind::Confirmation)
                .count(),
            1
        );
        outbox
            .store(
                "c".repeat(32),
                record(Some("x")),
                Some("same".into()),
                "f".into(),
                ms(CONFIRMATION_INTERVAL.as_millis() as i64 + 1),
            )
            .await
            .unwrap();
        let due = outbox
            .due(ms(CONFIRMATION_INTERVAL.as_millis() as i64 + 2), 10)
            .await
            .unwrap();
        assert_eq!(
            due.iter()
                .filter(|due| due.kind == Kind::Confirmation)
                .count(),
            2
        );
    }

    /// Delivered requests lose their details at once and their record after 30 days;
    /// failed ones keep everything for staff.
    #[tokio::test]
    async fn erasure_and_retention() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        let sent = outbox
            .store("a".repeat(32), record(None), None, "f".into(), ms(0))
            .await
            .unwrap();
        let failed = outbox
            .store("b".repeat(32), record(None), None, "f".into(), ms(0))
            .await
            .unwrap();
        outbox
            .mark_sent(sent.id, Kind::Coordinator, ms(10))
            .await
            .unwrap();
        outbox
            .mark_failed(failed.id, Kind::Coordinator, ms(10), "permanent 550".into())
            .await
            .unwrap();
        let (_, details) = outbox.show(sent.id).unwrap().unwrap();
        assert_eq!(details, None);
        let (summary, details) = outbox.show(failed.id).unwrap().unwrap();
        assert!(details.is_some());
        assert_eq!(summary.deliveries[0].status, Status::Failed);
        assert_eq!(outbox.retry(failed.id, ms(20)).unwrap(), 1);
        assert_eq!(outbox.retry(sent.id, ms(20)).unwrap(), 0);
        assert_eq!(
            outbox
                .purge(ms(10 + RETENTION.as_millis() as i64))
                .await
                .unwrap(),
            1
        );
        assert!(outbox.show(sent.id).unwrap().is_none());
        assert!(outbox.show(failed.id).unwrap().is_some());
    }

    /// A confirmation still pending keeps the details until it is sent.
    #[tokio::test]
    async fn details_stay_until_every_delivery_finished() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        let stored = outbox
            .store(
                "a".repeat(32),
                record(Some("x")),
                Some("d".into()),
                "f".into(),
                ms(0),
            )
            .await
            .unwrap();
        outbox
            .mark_sent(stored.id, Kind::Coordinator, ms(1))
            .await
            .unwrap();
        assert!(outbox.show(stored.id).unwrap().unwrap().1.is_some());
        outbox
            .mark_failed(stored.id, Kind::Confirmation, ms(2), "permanent 550".into())
            .await
            .unwrap();
        assert!(outbox.show(stored.id).unwrap().unwrap().1.is_none());
    }

    /// A claim takes a due delivery once and keeps it out of `due` until its
    /// time; it takes nothing delivered, and counts no attempt by itself.
    #[tokio::test]
    async fn claims_take_a_due_delivery_once() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        let stored = outbox
            .store("a".repeat(32), record(None), None, "f".into(), ms(0))
            .await
            .unwrap();
        assert!(
            outbox
                .claim(stored.id, Kind::Coordinator, ms(10), ms(2_000))
                .await
                .unwrap()
        );
        assert!(
            !outbox
                .claim(stored.id, Kind::Coordinator, ms(11), ms(2_000))
                .await
                .unwrap()
        );
        assert!(outbox.due(ms(1_999), 10).await.unwrap().is_empty());
        assert_eq!(
            outbox.next_due_after(ms(10)).await.unwrap(),
            Some(ms(2_000))
        );
        assert_eq!(outbox.next_due_after(ms(2_000)).await.unwrap(), None);
        let (summary, _) = outbox.show(stored.id).unwrap().unwrap();
        assert_eq!(summary.deliveries[0].attempts, 0);
        assert_eq!(summary.deliveries[0].last_attempt_at, Some(ms(10)));
        assert_eq!(outbox.due(ms(2_000), 10).await.unwrap().len(), 1);
        outbox
            .mark_sent(stored.id, Kind::Coordinator, ms(2_001))
            .await
            .unwrap();
        assert!(
            !outbox
                .claim(stored.id, Kind::Coordinator, ms(3_000), ms(4_000))
                .await
                .unwrap()
        );
    }

    /// Every kind and status is stored under the name the schema allows,
    /// and reads back as itself.
    #[tokio::test]
    async fn kinds_and_statuses_round_trip_through_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        outbox
            .store("a".repeat(32), record(None), None, "f".into(), ms(0))
            .await
            .unwrap();
        let connection = Outbox::lock(&outbox.connection);
        for kind in Kind::ALL {
            for status in Status::ALL {
                connection
                    .execute(
                        "INSERT OR REPLACE INTO deliveries (request_id, kind, status, next_attempt_at)
                         VALUES (1, ?1, ?2, 0)",
                        params![kind, status],
                    )
                    .unwrap();
                let read: (Kind, Status) = connection
                    .query_row(
                        "SELECT kind, status FROM deliveries WHERE request_id = 1 AND kind = ?1",
                        [kind],
                        |row| Ok((row.get(0)?, row.get(1)?)),
                    )
                    .unwrap();
                assert_eq!(read, (kind, status));
            }
        }
    }

    /// A delivery of a kind this Hearth does not know is an error, never a
    /// coordinator email: the worker leaves the row alone and sends the
    /// rest, and staff's `show` reports it instead of guessing.
    #[tokio::test]
    async fn unknown_stored_kinds_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        for (at, submission) in ["a", "b"].iter().enumerate() {
            outbox
                .store(
                    submission.repeat(32),
                    record(None),
                    None,
                    "f".into(),
                    ms(at as i64),
                )
                .await
                .unwrap();
        }
        Outbox::lock(&outbox.connection)
            .execute_batch(
                "PRAGMA ignore_check_constraints = ON;
                 UPDATE deliveries SET kind = 'fax' WHERE request_id = 1;
                 PRAGMA ignore_check_constraints = OFF;",
            )
            .unwrap();
        let due = outbox.due(ms(10), 10).await.unwrap();
        let due: Vec<(i64, Kind)> = due.iter().map(|due| (due.request_id, due.kind)).collect();
        assert_eq!(due, [(2, Kind::Coordinator)]);
        let error = outbox.show(1).unwrap_err().to_string();
        assert!(error.contains("unknown delivery kind \"fax\""), "{error}");
        let kind: String = Outbox::lock(&outbox.connection)
            .query_row(
                "SELECT kind FROM deliveries WHERE request_id = 1",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(kind, "fax", "the row is left as it was");
    }

    /// `data_version` changes when another connection commits, not for this one's writes.
    #[tokio::test]
    async fn data_version_shows_other_connections_changes() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        let before = outbox.data_version().await.unwrap();
        outbox
            .store("a".repeat(32), record(None), None, "f".into(), ms(0))
            .await
            .unwrap();
        assert_eq!(outbox.data_version().await.unwrap(), before);
        let other = Outbox::open(dir.path()).unwrap();
        assert_eq!(other.retry(1, ms(5)).unwrap(), 1);
        assert_ne!(outbox.data_version().await.unwrap(), before);
    }

    /// An outbox error never carries the words inside a record or a
    /// panic's message into the log.
    #[tokio::test]
    async fn errors_quote_no_visitor_text() {
        let canary = "Canary-Quillfeather";
        let record_error =
            serde_json::from_str::<Record>(&format!("{{\"request\": \"{canary}\"}}"))
                .map_err(OutboxError::from)
                .unwrap_err();
        let panic_error = tokio::task::spawn_blocking(move || panic!("{canary}"))
            .await
            .map_err(OutboxError::from)
            .unwrap_err();
        for error in [record_error, panic_error] {
            let shown = error.to_string();
            assert!(!shown.contains(canary), "{shown}");
        }
    }

    /// The database is in WAL mode with full syncs, as durability needs.
    #[test]
    fn durable_settings() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        let connection = Outbox::lock(&outbox.connection);
        let mode: String = connection
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap();
        let sync: i64 = connection
            .query_row("PRAGMA synchronous", [], |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(sync, 2, "FULL");
        let secure: i64 = connection
            .query_row("PRAGMA secure_delete", [], |row| row.get(0))
            .unwrap();
        assert_eq!(secure, 1, "deleted content is zeroed");
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// An empty file is damage: `open` refuses it and leaves it; opening
    /// for the server moves it and its log aside, as they were, and opens a
    /// fresh outbox in its place.
    #[test]
    fn an_empty_outbox_is_set_aside_with_its_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, b"").unwrap();
        std::fs::write(sibling(&path, "-wal"), b"the log").unwrap();
        assert!(matches!(
            Outbox::open(dir.path()),
            Err(OutboxError::Damaged { .. })
        ));
        assert_eq!(files_in(dir.path()), [FILE_NAME, "outbox.sqlite3-wal"]);

        let (outbox, set_aside) = Outbox::open_or_set_aside(dir.path(), ms(0)).unwrap();
        let set_aside = set_aside.expect("set aside");
        assert_eq!(set_aside.reason, "the file is empty");
        let kept = dir.path().join("outbox-damaged-19700101T000000Z.sqlite3");
        assert_eq!(set_aside.kept, kept);
        assert_eq!(std::fs::read(&kept).unwrap(), b"");
        assert_eq!(std::fs::read(sibling(&kept, "-wal")).unwrap(), b"the log");
        assert_eq!(set_aside.siblings, [sibling(&kept, "-wal")]);
        assert!(outbox.list().unwrap().is_empty());
        assert_eq!(kept_damaged(dir.path()), [kept]);
        drop(outbox);
        assert!(
            Outbox::open(dir.path()).is_ok(),
            "the fresh outbox is sound"
        );
    }

    /// A kept file is never replaced: the next one with the same time gets a counter.
    #[test]
    fn set_aside_never_replaces_a_kept_file() {
        let dir = tempfile::tempdir().unwrap();
        let earlier = dir.path().join("outbox-damaged-19700101T000000Z.sqlite3");
        std::fs::write(&earlier, b"kept before").unwrap();
        std::fs::write(dir.path().join(FILE_NAME), b"").unwrap();
        let (_, set_aside) = Outbox::open_or_set_aside(dir.path(), ms(0)).unwrap();
        let kept = set_aside.unwrap().kept;
        assert_eq!(
            kept,
            dir.path().join("outbox-damaged-19700101T000000Z-2.sqlite3")
        );
        assert_eq!(std::fs::read(&earlier).unwrap(), b"kept before");
        assert_eq!(kept_damaged(dir.path()), [kept, earlier]);
    }

    /// A sound outbox is opened where it is, with nothing moved, even in a
    /// folder whose name SQLite's URIs would misread unencoded.
    #[tokio::test]
    async fn a_sound_outbox_is_opened_in_place() {
        let top = tempfile::tempdir().unwrap();
        let dir = top.path().join("my data ?#%20 é");
        let outbox = Outbox::open(&dir).unwrap();
        outbox
            .store("a".repeat(32), record(None), None, "f".into(), ms(0))
            .await
            .unwrap();
        drop(outbox);
        assert_eq!(files_in(&dir), [FILE_NAME]);
        let (outbox, set_aside) = Outbox::open_or_set_aside(&dir, ms(0)).unwrap();
        assert!(set_aside.is_none());
        assert_eq!(outbox.list().unwrap().len(), 1);
        assert!(kept_damaged(&dir).is_empty());
    }

    /// Looking at a damaged file changes nothing and makes no file beside it.
    #[test]
    fn the_look_at_a_damaged_file_leaves_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        drop(Outbox::open(dir.path()).unwrap());
        let path = dir.path().join(FILE_NAME);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[..16].copy_from_slice(b"not a database!!");
        std::fs::write(&path, &bytes).unwrap();
        let error = Outbox::open(dir.path()).err().unwrap();
        assert!(error.to_string().contains("not a database"), "{error}");
        assert_eq!(files_in(dir.path()), [FILE_NAME]);
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }

    /// A log without its database may hold the newest requests, and
    /// SQLite would delete it: it is damage, and kept.
    #[test]
    fn a_log_without_its_database_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let log = sibling(&dir.path().join(FILE_NAME), "-wal");
        std::fs::write(&log, b"frames").unwrap();
        let (_, set_aside) = Outbox::open_or_set_aside(dir.path(), ms(0)).unwrap();
        let kept = set_aside.unwrap().kept;
        assert!(!kept.exists());
        assert_eq!(std::fs::read(sibling(&kept, "-wal")).unwrap(), b"frames");
        assert_eq!(kept_damaged(dir.path()), [kept]);
    }

    /// A file SQLite cannot open for a reason other than damage is left
    /// where it is, and the error names the file and what to do.
    #[test]
    fn an_outbox_that_cannot_be_opened_names_the_file_and_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        // Even root cannot open a folder as a database.
        std::fs::create_dir(&path).unwrap();
        let error = match Outbox::open_or_set_aside(dir.path(), ms(0)) {
            Err(error) => error.to_string(),
            Ok(_) => panic!("a folder is not an outbox"),
        };
        assert!(error.contains(&path.display().to_string()), "{error}");
        assert!(
            error.contains(&format!(
                "must be able to write in the data folder {}",
                dir.path().display()
            )),
            "{error}"
        );
        assert!(path.is_dir(), "nothing was moved");
        assert!(kept_damaged(dir.path()).is_empty());
    }

    /// Once a request is erased, neither the log nor the database file
    /// holds what the visitor typed, while the outbox is still open.
    #[tokio::test]
    async fn erased_details_are_gone_from_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        let mut canary = record(None);
        canary.request.message = "erasurecanary in the message".into();
        let stored = outbox
            .store("a".repeat(32), canary, None, "f".into(), ms(0))
            .await
            .unwrap();
        let holds_canary = || {
            std::fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .any(|entry| {
                    let bytes = std::fs::read(entry.path()).unwrap();
                    bytes.windows(13).any(|window| window == b"erasurecanary")
                })
        };
        assert!(holds_canary(), "stored before delivery");
        outbox
            .mark_sent(stored.id, Kind::Coordinator, ms(1))
            .await
            .unwrap();
        assert!(!holds_canary(), "erased after delivery");
        let log = std::fs::metadata(sibling(&dir.path().join(FILE_NAME), "-wal")).unwrap();
        assert_eq!(log.len(), 0, "the log was emptied");
    }
}
