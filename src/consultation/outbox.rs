//! The outbox: every consultation request is written here, and synced to
//! disk, before the visitor is told it arrived, so a crash or a mail outage
//! never loses one. SQLite in WAL mode with `synchronous=FULL`, so a
//! commit survives power loss too; every call runs off the async runtime.
//!
//! Each request has two deliveries: the email to the care coordinator
//! (required) and the confirmation to the visitor (when they gave an email).
//! Once the coordinator's email is delivered, the visitor's details are
//! erased and only ids, times and statuses stay, for 30 days.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::form::Request;

/// How long the bare record of a delivered request is kept.
pub const RETENTION_MILLIS: i64 = 30 * 24 * 60 * 60 * 1000;
/// A visitor gets at most one confirmation per address in this time.
pub const CONFIRMATION_INTERVAL_MILLIS: i64 = 60 * 60 * 1000;

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
    kind TEXT NOT NULL CHECK (kind IN ('coordinator', 'confirmation')),
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
}

#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error("outbox database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("outbox record: {0}")]
    Record(#[from] serde_json::Error),
    #[error("outbox task: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("cannot create the data folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Coordinator,
    Confirmation,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Coordinator => "coordinator",
            Kind::Confirmation => "confirmation",
        }
    }

    fn parse(text: &str) -> Kind {
        if text == "confirmation" {
            Kind::Confirmation
        } else {
            Kind::Coordinator
        }
    }
}

/// A delivery the worker should attempt now.
#[derive(Debug, Clone)]
pub struct Due {
    pub request_id: i64,
    pub submission_id: String,
    pub kind: Kind,
    pub attempts: i64,
    pub record: Record,
}

/// A line of `hearth outbox list`: no personal data.
#[derive(Debug, Clone)]
pub struct Summary {
    pub id: i64,
    pub created_at: i64,
    pub deliveries: Vec<DeliveryState>,
    pub erased: bool,
}

#[derive(Debug, Clone)]
pub struct DeliveryState {
    pub kind: Kind,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_attempt_at: Option<i64>,
    pub last_error: Option<String>,
    pub sent_at: Option<i64>,
}

#[derive(Clone)]
pub struct Outbox {
    connection: Arc<Mutex<Connection>>,
}

impl Outbox {
    /// Opens (creating if needed) the outbox in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Outbox, OutboxError> {
        std::fs::create_dir_all(data_dir).map_err(|source| OutboxError::Folder {
            path: data_dir.display().to_string(),
            source,
        })?;
        let connection = Connection::open(data_dir.join("outbox.sqlite3"))?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a commit is on disk before we answer, even if the power fails.
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.execute_batch(SCHEMA)?;
        migrate(&connection)?;
        Ok(Outbox {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    fn lock(connection: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
        connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `work` on a blocking thread with the connection.
    async fn with<T: Send + 'static>(
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
        now: i64,
    ) -> Result<Stored, OutboxError> {
        let json = serde_json::to_string(&record)?;
        self.with(move |connection| {
            let transaction = connection.transaction()?;
            let inserted = transaction.execute(
                "INSERT INTO requests (submission_id, created_at, record, fields_digest)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (submission_id) DO NOTHING",
                params![submission_id, now, json, fields_digest],
            )?;
            let (id, stored_digest): (i64, Option<String>) = transaction.query_row(
                "SELECT id, fields_digest FROM requests WHERE submission_id = ?1",
                [&submission_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            if inserted == 1 {
                add_delivery(&transaction, id, Kind::Coordinator, now)?;
                if let Some(digest) = confirm_digest {
                    transaction.execute(
                        "DELETE FROM recent_confirmations WHERE at <= ?1",
                        [now - CONFIRMATION_INTERVAL_MILLIS],
                    )?;
                    let recent: bool = transaction.query_row(
                        "SELECT EXISTS (SELECT 1 FROM recent_confirmations WHERE digest = ?1)",
                        [&digest],
                        |row| row.get(0),
                    )?;
                    if !recent {
                        add_delivery(&transaction, id, Kind::Confirmation, now)?;
                        transaction.execute(
                            "INSERT INTO recent_confirmations (digest, at) VALUES (?1, ?2)",
                            params![digest, now],
                        )?;
                    }
                }
            }
            transaction.commit()?;
            Ok(Stored {
                id,
                is_new: inserted == 1,
                same_fields: stored_digest.is_none_or(|stored| stored == fields_digest),
            })
        })
        .await
    }

    /// Deliveries due at `now`, oldest first.
    pub async fn due(&self, now: i64, limit: i64) -> Result<Vec<Due>, OutboxError> {
        self.with(move |connection| {
            let mut statement = connection.prepare(
                "SELECT d.request_id, r.submission_id, d.kind, d.attempts, r.record
                 FROM deliveries d JOIN requests r ON r.id = d.request_id
                 WHERE d.status = 'pending' AND d.next_attempt_at <= ?1 AND r.record IS NOT NULL
                 ORDER BY d.next_attempt_at LIMIT ?2",
            )?;
            let rows = statement.query_map(params![now, limit], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })?;
            let mut due = Vec::new();
            for row in rows {
                let (request_id, submission_id, kind, attempts, json) = row?;
                due.push(Due {
                    request_id,
                    submission_id,
                    kind: Kind::parse(&kind),
                    attempts,
                    record: serde_json::from_str(&json)?,
                });
            }
            Ok(due)
        })
        .await
    }

    /// When the next pending delivery is due, if any.
    pub async fn next_due_at(&self) -> Result<Option<i64>, OutboxError> {
        self.with(|connection| {
            Ok(connection.query_row(
                "SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending'",
                [],
                |row| row.get(0),
            )?)
        })
        .await
    }

    /// When the next pending delivery not yet due at `now` will be, if any:
    /// the worker's next look, when what is due now is already in hand.
    pub async fn next_due_after(&self, now: i64) -> Result<Option<i64>, OutboxError> {
        self.with(move |connection| {
            Ok(connection.query_row(
                "SELECT MIN(next_attempt_at) FROM deliveries
                 WHERE status = 'pending' AND next_attempt_at > ?1",
                [now],
                |row| row.get(0),
            )?)
        })
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
        now: i64,
        until: i64,
    ) -> Result<bool, OutboxError> {
        self.with(move |connection| {
            let changed = connection.execute(
                "UPDATE deliveries SET last_attempt_at = ?3, next_attempt_at = ?4
                 WHERE request_id = ?1 AND kind = ?2 AND status = 'pending'
                   AND next_attempt_at <= ?3",
                params![request_id, kind.as_str(), now, until],
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
        now: i64,
    ) -> Result<(), OutboxError> {
        self.with(move |connection| {
            let transaction = connection.transaction()?;
            transaction.execute(
                "UPDATE deliveries SET status = 'sent', sent_at = ?3, last_attempt_at = ?3,
                     attempts = attempts + 1, last_error = NULL
                 WHERE request_id = ?1 AND kind = ?2",
                params![request_id, kind.as_str(), now],
            )?;
            erase_if_done(&transaction, request_id, now)?;
            transaction.commit()?;
            Ok(())
        })
        .await
    }

    /// Records a failed attempt that will be tried again at `retry_at`.
    pub async fn schedule_retry(
        &self,
        request_id: i64,
        kind: Kind,
        now: i64,
        retry_at: i64,
        reason: String,
    ) -> Result<(), OutboxError> {
        self.with(move |connection| {
            connection.execute(
                "UPDATE deliveries SET attempts = attempts + 1, last_attempt_at = ?3,
                     next_attempt_at = ?4, last_error = ?5
                 WHERE request_id = ?1 AND kind = ?2",
                params![request_id, kind.as_str(), now, retry_at, reason],
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
        now: i64,
        reason: String,
    ) -> Result<(), OutboxError> {
        self.with(move |connection| {
            let transaction = connection.transaction()?;
            transaction.execute(
                "UPDATE deliveries SET status = 'failed', attempts = attempts + 1,
                     last_attempt_at = ?3, last_error = ?4
                 WHERE request_id = ?1 AND kind = ?2",
                params![request_id, kind.as_str(), now, reason],
            )?;
            erase_if_done(&transaction, request_id, now)?;
            transaction.commit()?;
            Ok(())
        })
        .await
    }

    /// Deletes what is past retention. Returns how many requests went.
    pub async fn purge(&self, now: i64) -> Result<usize, OutboxError> {
        self.with(move |connection| {
            Ok(connection.execute(
                "DELETE FROM requests WHERE erased_at IS NOT NULL AND erased_at <= ?1",
                [now - RETENTION_MILLIS],
            )?)
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
            .collect::<Result<Vec<(i64, i64, bool)>, _>>()?;
        requests
            .into_iter()
            .map(|(id, created_at, erased)| {
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
        let row: Option<(i64, Option<String>)> = connection
            .query_row(
                "SELECT created_at, record FROM requests WHERE id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let Some((created_at, json)) = row else {
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
    pub fn retry(&self, id: i64, now: i64) -> Result<usize, OutboxError> {
        let connection = Self::lock(&self.connection);
        Ok(connection.execute(
            "UPDATE deliveries SET status = 'pending', next_attempt_at = ?2
             WHERE request_id = ?1 AND status IN ('pending', 'failed')
               AND EXISTS (SELECT 1 FROM requests WHERE id = ?1 AND record IS NOT NULL)",
            params![id, now],
        )?)
    }
}

/// Brings an outbox made by an earlier Hearth up to this one's schema; safe
/// to run on every open.
fn migrate(connection: &Connection) -> rusqlite::Result<()> {
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

fn add_delivery(
    transaction: &rusqlite::Transaction<'_>,
    id: i64,
    kind: Kind,
    now: i64,
) -> rusqlite::Result<usize> {
    transaction.execute(
        "INSERT INTO deliveries (request_id, kind, status, next_attempt_at) VALUES (?1, ?2, 'pending', ?3)",
        params![id, kind.as_str(), now],
    )
}

/// Erases the visitor's details once the coordinator has the request and no
/// delivery is still waiting.
fn erase_if_done(
    transaction: &rusqlite::Transaction<'_>,
    id: i64,
    now: i64,
) -> rusqlite::Result<usize> {
    transaction.execute(
        "UPDATE requests SET record = NULL, erased_at = ?2
         WHERE id = ?1
           AND EXISTS (SELECT 1 FROM deliveries WHERE request_id = ?1 AND kind = 'coordinator' AND status = 'sent')
           AND NOT EXISTS (SELECT 1 FROM deliveries WHERE request_id = ?1 AND status = 'pending')",
        params![id, now],
    )
}

fn deliveries_of(connection: &Connection, id: i64) -> Result<Vec<DeliveryState>, OutboxError> {
    let mut statement = connection.prepare(
        "SELECT kind, status, attempts, next_attempt_at, last_attempt_at, last_error, sent_at
         FROM deliveries WHERE request_id = ?1 ORDER BY kind DESC",
    )?;
    let rows = statement.query_map([id], |row| {
        Ok(DeliveryState {
            kind: Kind::parse(&row.get::<_, String>(0)?),
            status: row.get(1)?,
            attempts: row.get(2)?,
            next_attempt_at: row.get(3)?,
            last_attempt_at: row.get(4)?,
            last_error: row.get(5)?,
            sent_at: row.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(email: Option<&str>) -> Record {
        Record {
            request: Request {
                email: email.map(String::from),
                ..Request::sample()
            },
            labels: Labels::default(),
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
                1,
            )
            .await
            .unwrap();
        let again = outbox
            .store(
                "a".repeat(32),
                record(Some("jo@example.org")),
                Some("d".into()),
                "f".into(),
                2,
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
        assert_eq!(outbox.due(10, 10).await.unwrap().len(), 2);
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
        let first = store("one", 1).await.unwrap();
        assert!(first.is_new && first.same_fields);
        let edited = store("two", 2).await.unwrap();
        assert_eq!((edited.is_new, edited.same_fields), (false, false));
        outbox
            .mark_sent(first.id, Kind::Coordinator, 3)
            .await
            .unwrap();
        assert!(outbox.show(first.id).unwrap().unwrap().0.erased);
        assert!(!store("two", 4).await.unwrap().same_fields);
        assert!(store("one", 5).await.unwrap().same_fields);
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
            .store("old".into(), record(None), None, "any".into(), 2)
            .await
            .unwrap();
        assert_eq!((again.is_new, again.same_fields), (false, true));
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
                0,
            )
            .await
            .unwrap();
        outbox
            .store(
                "b".repeat(32),
                record(Some("x")),
                Some("same".into()),
                "f".into(),
                1_000,
            )
            .await
            .unwrap();
        let kinds: Vec<Kind> = outbox
            .due(2_000, 10)
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
                CONFIRMATION_INTERVAL_MILLIS + 1,
            )
            .await
            .unwrap();
        let due = outbox
            .due(CONFIRMATION_INTERVAL_MILLIS + 2, 10)
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
            .store("a".repeat(32), record(None), None, "f".into(), 0)
            .await
            .unwrap();
        let failed = outbox
            .store("b".repeat(32), record(None), None, "f".into(), 0)
            .await
            .unwrap();
        outbox
            .mark_sent(sent.id, Kind::Coordinator, 10)
            .await
            .unwrap();
        outbox
            .mark_failed(failed.id, Kind::Coordinator, 10, "permanent 550".into())
            .await
            .unwrap();
        let (_, details) = outbox.show(sent.id).unwrap().unwrap();
        assert_eq!(details, None);
        let (summary, details) = outbox.show(failed.id).unwrap().unwrap();
        assert!(details.is_some());
        assert_eq!(summary.deliveries[0].status, "failed");
        assert_eq!(outbox.retry(failed.id, 20).unwrap(), 1);
        assert_eq!(outbox.retry(sent.id, 20).unwrap(), 0);
        assert_eq!(outbox.purge(10 + RETENTION_MILLIS).await.unwrap(), 1);
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
                0,
            )
            .await
            .unwrap();
        outbox
            .mark_sent(stored.id, Kind::Coordinator, 1)
            .await
            .unwrap();
        assert!(outbox.show(stored.id).unwrap().unwrap().1.is_some());
        outbox
            .mark_failed(stored.id, Kind::Confirmation, 2, "permanent 550".into())
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
            .store("a".repeat(32), record(None), None, "f".into(), 0)
            .await
            .unwrap();
        assert!(
            outbox
                .claim(stored.id, Kind::Coordinator, 10, 2_000)
                .await
                .unwrap()
        );
        assert!(
            !outbox
                .claim(stored.id, Kind::Coordinator, 11, 2_000)
                .await
                .unwrap()
        );
        assert!(outbox.due(1_999, 10).await.unwrap().is_empty());
        assert_eq!(outbox.next_due_after(10).await.unwrap(), Some(2_000));
        assert_eq!(outbox.next_due_after(2_000).await.unwrap(), None);
        let (summary, _) = outbox.show(stored.id).unwrap().unwrap();
        assert_eq!(summary.deliveries[0].attempts, 0);
        assert_eq!(summary.deliveries[0].last_attempt_at, Some(10));
        assert_eq!(outbox.due(2_000, 10).await.unwrap().len(), 1);
        outbox
            .mark_sent(stored.id, Kind::Coordinator, 2_001)
            .await
            .unwrap();
        assert!(
            !outbox
                .claim(stored.id, Kind::Coordinator, 3_000, 4_000)
                .await
                .unwrap()
        );
    }

    /// `data_version` changes when another connection commits, not for this one's writes.
    #[tokio::test]
    async fn data_version_shows_other_connections_changes() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        let before = outbox.data_version().await.unwrap();
        outbox
            .store("a".repeat(32), record(None), None, "f".into(), 0)
            .await
            .unwrap();
        assert_eq!(outbox.data_version().await.unwrap(), before);
        let other = Outbox::open(dir.path()).unwrap();
        assert_eq!(other.retry(1, 5).unwrap(), 1);
        assert_ne!(outbox.data_version().await.unwrap(), before);
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
    }
}
