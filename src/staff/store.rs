//! What staff sign-in keeps, in the outbox's database: one durable file for
//! everything Hearth writes, so a sign-in link's email is queued in the same
//! transaction as the link, and the mail worker sends it with the same
//! retries as a consultation request's.
//!
//! - `staff_sign_in_links`: each link asked for, its editor, whether it was
//!   used, and its email's delivery. The link's secret is not kept: it is a
//!   keyed digest of the id (see [`crate::consultation::token::FormKey::sign_in_link`]).
//! - `staff_sessions`: each signed-in browser by a digest of its cookie's
//!   secret, never the secret, so a copy of the file signs no one in.
//! - `staff_audit`: who signed in, saved, uploaded or restored what, when;
//!   never the content.

use jiff::{SignedDuration, Timestamp};
use rusqlite::{Connection, OptionalExtension, params};

use crate::consultation::time::{Millis, after, before};
use crate::i18n::Language;

pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS staff_sign_in_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The editor's address as site.yaml lists it, lowercased.
    editor TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at INTEGER,
    -- The link's email, delivered as the outbox's deliveries are.
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_error TEXT,
    sent_at INTEGER
);
CREATE INDEX IF NOT EXISTS staff_sign_in_links_due ON staff_sign_in_links (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS staff_sign_in_links_editor ON staff_sign_in_links (editor, created_at);
CREATE TABLE IF NOT EXISTS staff_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- SHA-256 of the cookie's secret.
    digest TEXT NOT NULL UNIQUE,
    editor TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ended_at INTEGER,
    ended_by TEXT CHECK (ended_by IN ('sign_out', 'revoked'))
);
CREATE TABLE IF NOT EXISTS staff_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    editor TEXT NOT NULL,
    action TEXT NOT NULL,
    -- The file under content/ it was about, if any.
    path TEXT
);
";

/// How long a sign-in link works after it was asked for.
pub const LINK_LIFETIME: SignedDuration = SignedDuration::from_mins(15);
/// Links one address can be sent within [`LINK_LIFETIME`]: enough for a
/// lost email and a second try, too few to fill an inbox.
pub const LINKS_PER_ADDRESS: i64 = 3;
/// A session unused for this long is over.
pub const IDLE_TIMEOUT: SignedDuration = SignedDuration::from_hours(8);
/// A session's last use is written at most this often, so reading pages
/// does not write on every request.
const TOUCH_EVERY: SignedDuration = SignedDuration::from_mins(1);
/// How long ended sessions and old links are kept for `hearth staff sessions`.
const KEEP_ENDED: SignedDuration = SignedDuration::from_hours(30 * 24);
/// How long the audit log is kept.
const KEEP_AUDIT: SignedDuration = SignedDuration::from_hours(2 * 365 * 24);

/// Queues a sign-in link for `editor` with its email due now, unless the
/// address had [`LINKS_PER_ADDRESS`] links in the last [`LINK_LIFETIME`].
pub(crate) fn add_link(
    connection: &mut Connection,
    editor: &str,
    language: &Language,
    now: Timestamp,
) -> rusqlite::Result<Option<i64>> {
    let transaction =
        connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let recent: i64 = transaction.query_row(
        "SELECT COUNT(*) FROM staff_sign_in_links WHERE editor = ?1 AND created_at > ?2",
        params![editor, Millis(before(now, LINK_LIFETIME))],
        |row| row.get(0),
    )?;
    if recent >= LINKS_PER_ADDRESS {
        return Ok(None);
    }
    transaction.execute(
        "INSERT INTO staff_sign_in_links (editor, language, created_at, status, next_attempt_at)
         VALUES (?1, ?2, ?3, 'pending', ?3)",
        params![editor, language.code(), Millis(now)],
    )?;
    let id = transaction.last_insert_rowid();
    transaction.commit()?;
    Ok(Some(id))
}

/// The editor of link `id` if it is unused and still fresh at `now`.
pub(crate) fn open_link(
    connection: &Connection,
    id: i64,
    now: Timestamp,
) -> rusqlite::Result<Option<String>> {
    connection
        .query_row(
            "SELECT editor FROM staff_sign_in_links
             WHERE id = ?1 AND used_at IS NULL AND created_at > ?2",
            params![id, Millis(before(now, LINK_LIFETIME))],
            |row| row.get(0),
        )
        .optional()
}

/// Uses link `id` up and starts a session for its editor, under the
/// cookie secret's `digest`, in one transaction: of two posts of one link,
/// one signs in. `None` when the link is used, stale or unknown.
pub(crate) fn use_link(
    connection: &mut Connection,
    id: i64,
    digest: &str,
    now: Timestamp,
) -> rusqlite::Result<Option<(i64, String)>> {
    let transaction = connection.transaction()?;
    let editor: Option<String> = transaction
        .query_row(
            "UPDATE staff_sign_in_links SET used_at = ?3
             WHERE id = ?1 AND used_at IS NULL AND created_at > ?2
             RETURNING editor",
            params![id, Millis(before(now, LINK_LIFETIME)), Millis(now)],
            |row| row.get(0),
        )
        .optional()?;
    let Some(editor) = editor else {
        return Ok(None);
    };
    transaction.execute(
        "INSERT INTO staff_sessions (digest, editor, created_at, last_seen_at)
         VALUES (?1, ?2, ?3, ?3)",
        params![digest, editor, Millis(now)],
    )?;
    let session = transaction.last_insert_rowid();
    insert_audit(&transaction, now, &editor, "sign_in", None)?;
    transaction.commit()?;
    Ok(Some((session, editor)))
}

/// A session as `hearth staff sessions` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: i64,
    pub editor: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    pub ended_at: Option<Timestamp>,
    /// `sign_out` or `revoked`, once ended.
    pub ended_by: Option<String>,
}

impl SessionRow {
    /// Whether it still signs its browser in at `now`.
    pub fn is_open(&self, now: Timestamp) -> bool {
        self.ended_at.is_none() && after(self.last_seen_at, IDLE_TIMEOUT) > now
    }
}

const SESSION_COLUMNS: &str = "id, editor, created_at, last_seen_at, ended_at, ended_by";

fn session_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SessionRow> {
    Ok(SessionRow {
        id: row.get(0)?,
        editor: row.get(1)?,
        created_at: row.get::<_, Millis>(2)?.0,
        last_seen_at: row.get::<_, Millis>(3)?.0,
        ended_at: row.get::<_, Option<Millis>>(4)?.map(|Millis(at)| at),
        ended_by: row.get(5)?,
    })
}

/// The open session of the cookie secret whose digest is `digest`, its
/// last use moved to `now`; `None` when it ended, idled out or never was.
pub(crate) fn session(
    connection: &Connection,
    digest: &str,
    now: Timestamp,
) -> rusqlite::Result<Option<SessionRow>> {
    let row = connection
        .query_row(
            &format!("SELECT {SESSION_COLUMNS} FROM staff_sessions WHERE digest = ?1"),
            [digest],
            session_row,
        )
        .optional()?;
    let Some(mut row) = row.filter(|row| row.is_open(now)) else {
        return Ok(None);
    };
    if after(row.last_seen_at, TOUCH_EVERY) <= now {
        connection.execute(
            "UPDATE staff_sessions SET last_seen_at = ?2 WHERE id = ?1",
            params![row.id, Millis(now)],
        )?;
        row.last_seen_at = now;
    }
    Ok(Some(row))
}

/// Ends session `id` (`sign_out` or `revoked`); false if it had ended.
pub(crate) fn end_session(
    connection: &Connection,
    id: i64,
    by: &'static str,
    now: Timestamp,
) -> rusqlite::Result<bool> {
    let changed = connection.execute(
        "UPDATE staff_sessions SET ended_at = ?2, ended_by = ?3
         WHERE id = ?1 AND ended_at IS NULL",
        params![id, Millis(now), by],
    )?;
    Ok(changed == 1)
}

/// Every session kept, newest first.
pub(crate) fn sessions(connection: &Connection) -> rusqlite::Result<Vec<SessionRow>> {
    let mut statement = connection.prepare(&format!(
        "SELECT {SESSION_COLUMNS} FROM staff_sessions ORDER BY id DESC"
    ))?;
    statement.query_map([], session_row)?.collect()
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: Timestamp,
    pub editor: String,
    /// `sign_in`, `sign_out`, `save`, `upload`, `restore`.
    pub action: String,
    pub path: Option<String>,
}

fn insert_audit(
    connection: &Connection,
    at: Timestamp,
    editor: &str,
    action: &str,
    path: Option<&str>,
) -> rusqlite::Result<()> {
    connection.execute(
        "INSERT INTO staff_audit (at, editor, action, path) VALUES (?1, ?2, ?3, ?4)",
        params![Millis(at), editor, action, path],
    )?;
    Ok(())
}

/// Adds a line to the audit log.
pub(crate) fn audit(connection: &Connection, entry: &AuditEntry) -> rusqlite::Result<()> {
    insert_audit(
        connection,
        entry.at,
        &entry.editor,
        &entry.action,
        entry.path.as_deref(),
    )
}

/// The audit log, newest first, at most `limit` lines.
pub(crate) fn audit_log(connection: &Connection, limit: i64) -> rusqlite::Result<Vec<AuditEntry>> {
    let mut statement = connection
        .prepare("SELECT at, editor, action, path FROM staff_audit ORDER BY id DESC LIMIT ?1")?;
    statement
        .query_map([limit], |row| {
            Ok(AuditEntry {
                at: row.get::<_, Millis>(0)?.0,
                editor: row.get(1)?,
                action: row.get(2)?,
                path: row.get(3)?,
            })
        })?
        .collect()
}

/// A sign-in link whose email is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueSignIn {
    pub id: i64,
    pub editor: String,
    pub language: Language,
    pub attempts: i64,
}

/// The fresh links whose email is due at `now`, oldest first: a link that
/// no longer works is not worth an email.
pub(crate) fn due_links(
    connection: &Connection,
    now: Timestamp,
    limit: i64,
) -> rusqlite::Result<Vec<DueSignIn>> {
    let mut statement = connection.prepare(
        "SELECT id, editor, language, attempts FROM staff_sign_in_links
         WHERE status = 'pending' AND next_attempt_at <= ?1 AND created_at > ?2 AND used_at IS NULL
         ORDER BY next_attempt_at LIMIT ?3",
    )?;
    statement
        .query_map(
            params![Millis(now), Millis(before(now, LINK_LIFETIME)), limit],
            |row| {
                let code: String = row.get(2)?;
                Ok(DueSignIn {
                    id: row.get(0)?,
                    editor: row.get(1)?,
                    language: Language::parse(&code).unwrap_or_else(|_| Language::english()),
                    attempts: row.get(3)?,
                })
            },
        )?
        .collect()
}

/// When the next fresh link's email not yet due at `now` will be.
pub(crate) fn next_link_due_after(
    connection: &Connection,
    now: Timestamp,
) -> rusqlite::Result<Option<Timestamp>> {
    let next: Option<Millis> = connection.query_row(
        "SELECT MIN(next_attempt_at) FROM staff_sign_in_links
         WHERE status = 'pending' AND next_attempt_at > ?1 AND created_at > ?2 AND used_at IS NULL",
        params![Millis(now), Millis(before(now, LINK_LIFETIME))],
        |row| row.get(0),
    )?;
    Ok(next.map(|Millis(at)| at))
}

/// As the outbox's claim: stamps the attempt and moves the next try to
/// `until`; false when the email is no longer due.
pub(crate) fn claim_link(
    connection: &Connection,
    id: i64,
    now: Timestamp,
    until: Timestamp,
) -> rusqlite::Result<bool> {
    let changed = connection.execute(
        "UPDATE staff_sign_in_links SET last_attempt_at = ?2, next_attempt_at = ?3
         WHERE id = ?1 AND status = 'pending' AND next_attempt_at <= ?2",
        params![id, Millis(now), Millis(until)],
    )?;
    Ok(changed == 1)
}

/// Records an attempt at link `id`'s email: `sent`, `pending` again at
/// `retry_at`, or `failed` for good with `error` (a classification only).
pub(crate) fn record_link_attempt(
    connection: &Connection,
    id: i64,
    now: Timestamp,
    status: &'static str,
    retry_at: Option<Timestamp>,
    error: Option<&str>,
) -> rusqlite::Result<()> {
    connection.execute(
        "UPDATE staff_sign_in_links
         SET status = ?3, attempts = attempts + 1, last_attempt_at = ?2,
             next_attempt_at = COALESCE(?4, next_attempt_at), last_error = ?5,
             sent_at = CASE WHEN ?3 = 'sent' THEN ?2 ELSE sent_at END
         WHERE id = ?1",
        params![id, Millis(now), status, retry_at.map(Millis), error],
    )?;
    Ok(())
}

/// Deletes links, ended sessions and audit lines past their keeping.
pub(crate) fn purge(connection: &Connection, now: Timestamp) -> rusqlite::Result<usize> {
    let old = Millis(before(now, KEEP_ENDED));
    let links = connection.execute(
        "DELETE FROM staff_sign_in_links WHERE created_at <= ?1",
        [old],
    )?;
    let sessions = connection.execute(
        "DELETE FROM staff_sessions WHERE COALESCE(ended_at, last_seen_at) <= ?1",
        [old],
    )?;
    let audit = connection.execute(
        "DELETE FROM staff_audit WHERE at <= ?1",
        [Millis(before(now, KEEP_AUDIT))],
    )?;
    Ok(links + sessions + audit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Connection {
        let connection = Connection::open_in_memory().unwrap();
        connection.execute_batch(SCHEMA).unwrap();
        connection
    }

    fn at(minutes: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + minutes * 60).unwrap()
    }

    /// A link signs in once, within its 15 minutes, and its session ends
    /// when it idles for 8 hours or is revoked.
    #[test]
    fn a_link_signs_in_once_and_its_session_ends() {
        let mut store = store();
        let english = Language::english();
        let link = add_link(&mut store, "ana@example.org", &english, at(0))
            .unwrap()
            .unwrap();
        assert_eq!(
            open_link(&store, link, at(14)).unwrap().as_deref(),
            Some("ana@example.org")
        );
        assert_eq!(open_link(&store, link, at(15)).unwrap(), None);
        let (session, editor) = use_link(&mut store, link, "d1", at(1)).unwrap().unwrap();
        assert_eq!(editor, "ana@example.org");
        assert_eq!(use_link(&mut store, link, "d2", at(2)).unwrap(), None);
        assert!(session_of(&store, "d1", at(60)).is_some());
        assert!(session_of(&store, "d1", at(60 + 8 * 60 - 1)).is_some());
        assert!(session_of(&store, "d1", at(60 + 2 * 8 * 60)).is_none());
        let other = add_link(&mut store, "ana@example.org", &english, at(2000))
            .unwrap()
            .unwrap();
        let (second, _) = use_link(&mut store, other, "d3", at(2001))
            .unwrap()
            .unwrap();
        assert!(end_session(&store, second, "revoked", at(2002)).unwrap());
        assert!(session_of(&store, "d3", at(2002)).is_none());
        assert!(!end_session(&store, second, "revoked", at(2003)).unwrap());
        assert_eq!(
            sessions(&store).unwrap()[0].ended_by.as_deref(),
            Some("revoked")
        );
        assert_eq!(session, 1);
    }

    fn session_of(store: &Connection, digest: &str, now: Timestamp) -> Option<SessionRow> {
        session(store, digest, now).unwrap()
    }

    /// A stale link cannot be used, and an address gets at most three
    /// links in a quarter of an hour.
    #[test]
    fn links_expire_and_are_limited_per_address() {
        let mut store = store();
        let english = Language::english();
        let first = add_link(&mut store, "ana@example.org", &english, at(0))
            .unwrap()
            .unwrap();
        assert_eq!(use_link(&mut store, first, "d", at(15)).unwrap(), None);
        for _ in 1..LINKS_PER_ADDRESS {
            assert!(
                add_link(&mut store, "ana@example.org", &english, at(1))
                    .unwrap()
                    .is_some()
            );
        }
        assert_eq!(
            add_link(&mut store, "ana@example.org", &english, at(2)).unwrap(),
            None
        );
        assert!(
            add_link(&mut store, "ben@example.org", &english, at(2))
                .unwrap()
                .is_some()
        );
        assert!(
            add_link(&mut store, "ana@example.org", &english, at(16))
                .unwrap()
                .is_some()
        );
        // The stale link's email is no longer due.
        let due: Vec<i64> = due_links(&store, at(16), 10)
            .unwrap()
            .into_iter()
            .map(|due| due.id)
            .collect();
        assert!(!due.contains(&first), "{due:?}");
    }
}
