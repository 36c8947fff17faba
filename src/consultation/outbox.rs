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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
        // Deleted and overwritten content is zeroed, not left in free space.
        connection.pragma_update(None, "secure_delete", "ON")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.execute_batch(SCHEMA)?;
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
    /// `confirm_digest` is the keyed digest of the visitor's email, if any.
    pub async fn store(
        &self,
        submission_id: String,
        record: Record,
        confirm_digest: Option<String>,
        now: i64,
    ) -> Result<Stored, OutboxError> {
        let json = serde_json::to_string(&record)?;
        self.with(move |connection| {
            let transaction = connection.transaction()?;
            let inserted = transaction.execute(
                "INSERT INTO requests (submission_id, created_at, record) VALUES (?1, ?2, ?3)
                 ON CONFLICT (submission_id) DO NOTHING",
                params![submission_id, now, json],
            )?;
            let id: i64 = transaction.query_row(
                "SELECT id FROM requests WHERE submission_id = ?1",
                [&submission_id],
                |row| row.get(0),
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
    pub async fn purge(&self, now: i64) -> Result<usize, OutboxError> {
        self.with(move |connection| {
            let purged = connection.execute(
                "DELETE FROM requests WHERE erased_at IS NOT NULL AND erased_at <= ?1",
                [now - RETENTION_MILLIS],
            )?;
            if purged > 0 {
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
                1,
            )
            .await
            .unwrap();
        let again = outbox
            .store(
                "a".repeat(32),
                record(Some("jo@example.org")),
                Some("d".into()),
                2,
            )
            .await
            .unwrap();
        assert!(first.is_new);
        assert_eq!(
            again,
            Stored {
                id: first.id,
                is_new: false
            }
        );
        assert_eq!(outbox.due(10, 10).await.unwrap().len(), 2);
    }

    /// Only one confirmation per address per hour.
    #[tokio::test]
    async fn confirmations_are_rate_limited_by_address() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        outbox
            .store("a".repeat(32), record(Some("x")), Some("same".into()), 0)
            .await
            .unwrap();
        outbox
            .store(
                "b".repeat(32),
                record(Some("x")),
                Some("same".into()),
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
            .store("a".repeat(32), record(None), None, 0)
            .await
            .unwrap();
        let failed = outbox
            .store("b".repeat(32), record(None), None, 0)
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
            .store("a".repeat(32), record(Some("x")), Some("d".into()), 0)
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

    /// Once a request is erased, neither the log nor the database file
    /// holds what the visitor typed, while the outbox is still open.
    #[tokio::test]
    async fn erased_details_are_gone_from_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(dir.path()).unwrap();
        let mut canary = record(None);
        canary.request.message = "erasurecanary in the message".into();
        let stored = outbox.store("a".repeat(32), canary, None, 0).await.unwrap();
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
            .mark_sent(stored.id, Kind::Coordinator, 1)
            .await
            .unwrap();
        assert!(!holds_canary(), "erased after delivery");
        let log = std::fs::metadata(dir.path().join("outbox.sqlite3-wal")).unwrap();
        assert_eq!(log.len(), 0, "the log was emptied");
    }
}
