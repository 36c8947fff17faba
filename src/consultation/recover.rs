//! `hearth outbox recover FILE`: gets back what a damaged outbox still
//! holds, after `hearth serve` set it aside. The kept file is evidence and
//! may be the only copy of a request for help, so it is never changed: the
//! work is done on a copy in the data folder (the same privacy as the
//! outbox, unlike a shared temporary folder), removed afterwards.
//!
//! SQLite's own reading does most of it; what it refuses is worked around:
//! - its write-ahead log (`FILE-wal`), which may hold the newest requests,
//!   is folded into the copy by hand, frame by checksummed frame as SQLite
//!   would, because SQLite deletes a log whose database is empty;
//! - a header whose fixed bytes were overwritten is put right in the copy;
//! - a truncated file is read with `writable_schema` on, under which SQLite
//!   reads the pages that are there instead of refusing the whole file;
//! - requests are read one by one by id, so a damaged page loses only the
//!   requests on it, and those are counted.
//!
//! What is salvaged goes into the current outbox through
//! [`Outbox::restore`]: submission ids already there are skipped, and what
//! was not delivered is due at once.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::outbox::{FILE_NAME, Outbox, OutboxError, Record, Salvaged, SalvagedDelivery, sibling};
use super::time::Millis;

/// What every SQLite database file starts with.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// A write-ahead log's first four bytes: its checksums are little-endian…
const LOG_MAGIC_LITTLE: u32 = 0x377f_0682;
/// …or big-endian.
const LOG_MAGIC_BIG: u32 = 0x377f_0683;
/// Ids looked up below the highest one. Hearth keeps 30 days of requests,
/// far fewer than this even at the form's global limit; a damaged counter
/// cannot make the search go on for hours.
const MOST_IDS: i64 = 1_000_000;

#[derive(Debug, thiserror::Error)]
pub enum RecoverError {
    #[error("there is no {0} (nor a -wal file beside it) to recover from")]
    Missing(PathBuf),
    #[error(
        "{0} is the outbox in use; recover reads a damaged outbox that `hearth serve` set aside (outbox-damaged-….sqlite3)"
    )]
    InUse(PathBuf),
    #[error("cannot make a working copy of {path} in {work}: {source}")]
    Copy {
        path: PathBuf,
        work: PathBuf,
        source: std::io::Error,
    },
    #[error("nothing could be read from {path}: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error(transparent)]
    Outbox(#[from] OutboxError),
}

/// What a recovery found and did, for the person who ran it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub file: PathBuf,
    /// The copy's header had to be put right before SQLite would read it.
    pub repaired_header: bool,
    /// Pages taken from `FILE-wal`, if it was there and valid.
    pub log_pages: Option<usize>,
    /// The file was empty and no log gave it pages: nothing to recover.
    pub empty: bool,
    /// The requests' ids in the current outbox.
    pub recovered: Vec<i64>,
    /// Requests whose submission id the current outbox has already.
    pub already_here: usize,
    /// Requests delivered before the damage: their details were erased.
    pub delivered_before: usize,
    /// Requests that were there but could not be read.
    pub unreadable: usize,
}

/// The command that recovers `file` into the outbox in `data_dir`, ready
/// to paste into a shell.
pub fn command(data_dir: &Path, file: &Path) -> String {
    format!(
        "hearth outbox --data-dir {} recover {}",
        shell_word(&absolute(data_dir)),
        shell_word(&absolute(file))
    )
}

/// A path as the log and the commands show it: absolute, so it can be
/// used from any folder.
pub fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_owned())
        .display()
        .to_string()
}

/// `text` as one word for a POSIX shell: as it is when that is safe,
/// otherwise in single quotes.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:,=@%".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Salvages the requests in `file` (and `file`-wal) into `outbox`, whose
/// folder is `data_dir`. `file` is only read.
pub fn recover(
    file: &Path,
    data_dir: &Path,
    outbox: &Outbox,
    now: Timestamp,
) -> Result<Report, RecoverError> {
    let log_path = sibling(file, "-wal");
    let has_file = file.is_file();
    let has_log = log_path.is_file();
    if !has_file && !has_log {
        return Err(RecoverError::Missing(file.to_owned()));
    }
    if let (Ok(this), Ok(current)) = (file.canonicalize(), data_dir.join(FILE_NAME).canonicalize())
        && this == current
    {
        return Err(RecoverError::InUse(file.to_owned()));
    }

    let work = WorkFolder::create(data_dir, now).map_err(|source| RecoverError::Copy {
        path: file.to_owned(),
        work: data_dir.to_owned(),
        source,
    })?;
    let copy_path = work.path.join("copy.sqlite3");
    let copy_failed = |source| RecoverError::Copy {
        path: file.to_owned(),
        work: work.path.clone(),
        source,
    };
    let mut report = Report {
        file: file.to_owned(),
        ..Report::default()
    };
    let source = Damaged {
        file: has_file.then_some(file),
        log: has_log.then_some(log_path.as_path()),
    };
    copy_with_log(&source, &copy_path, &mut report).map_err(copy_failed)?;
    if report.empty {
        return Ok(report);
    }

    let connection = open_copy(&copy_path).map_err(|reason| RecoverError::Unreadable {
        path: file.to_owned(),
        reason,
    })?;
    let mut salvaged = Vec::new();
    for id in candidate_ids(&connection) {
        match read_request(&connection, id) {
            Found::Nothing => {}
            Found::Unreadable => report.unreadable += 1,
            Found::Erased => report.delivered_before += 1,
            Found::Request(request) => salvaged.push(request),
        }
    }
    drop(connection);
    let restored = outbox.restore(&salvaged, now)?;
    report.recovered = restored.ids;
    report.already_here = restored.already_here;
    Ok(report)
}

/// The parts of a damaged outbox that are there.
struct Damaged<'a> {
    file: Option<&'a Path>,
    log: Option<&'a Path>,
}

/// Copies `source` to `copy_path` with its write-ahead log applied and its
/// header repaired, saying in `report` what was done. The original is
/// only read.
fn copy_with_log(source: &Damaged, copy_path: &Path, report: &mut Report) -> std::io::Result<()> {
    let mut copy = private_file(copy_path)?;
    if let Some(file) = source.file {
        let mut original = std::fs::File::open(file)?;
        std::io::copy(&mut original, &mut copy)?;
    }
    let mut log_page_size = None;
    if let Some(log_path) = source.log {
        let bytes = std::fs::read(log_path)?;
        if let Some(log) = read_log(&bytes) {
            log_page_size = Some(log.page_size);
            report.log_pages = Some(log.pages.len());
            apply_log(&mut copy, &log)?;
        }
    }
    report.repaired_header = repair_header(&mut copy, log_page_size)?;
    copy.sync_all()?;
    report.empty = copy.metadata()?.len() == 0;
    Ok(())
}

/// Opens the repaired copy to read what it still holds, or says why it
/// cannot be read.
fn open_copy(copy_path: &Path) -> Result<Connection, String> {
    let connection = Connection::open_with_flags(
        copy_path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|error| error.to_string())?;
    // Reads the pages a truncated file still has instead of refusing it,
    // and checks each row's cells as it reads them.
    connection
        .execute_batch("PRAGMA writable_schema = ON; PRAGMA cell_size_check = ON;")
        .map_err(|error| error.to_string())?;
    let has_requests: bool = connection
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'requests')",
            [],
            |row| row.get(0),
        )
        .map_err(|error| error.to_string())?;
    if !has_requests {
        return Err("it has no requests table (is it a Hearth outbox?)".into());
    }
    Ok(connection)
}

/// The ids worth looking up: every id up to the highest any intact part of
/// the file knows of (the id counter, the table's last row, a scan as far
/// as it gets), since a damaged page only hides the rows on it.
fn candidate_ids(connection: &Connection) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    if let Ok(mut statement) = connection.prepare("SELECT id FROM requests NOT INDEXED")
        && let Ok(mut rows) = statement.query([])
    {
        while let Ok(Some(row)) = rows.next() {
            if let Ok(id) = row.get::<_, i64>(0) {
                ids.insert(id);
            }
        }
    }
    let counter: Option<i64> = connection
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'requests'",
            [],
            |row| row.get(0),
        )
        .ok();
    let last: Option<i64> = connection
        .query_row("SELECT max(id) FROM requests", [], |row| row.get(0))
        .ok()
        .flatten();
    // The table's last row is the surest; the counter stands in when that
    // page is lost.
    let highest = [last.or(counter), ids.last().copied()]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0);
    ids.extend(highest.saturating_sub(MOST_IDS).max(1)..=highest);
    ids
}

enum Found {
    Nothing,
    Unreadable,
    /// Delivered, details erased: nothing to send.
    Erased,
    Request(Salvaged),
}

fn read_request(connection: &Connection, id: i64) -> Found {
    let row = connection
        .prepare_cached("SELECT submission_id, created_at, record FROM requests WHERE id = ?1")
        .and_then(|mut statement| {
            statement
                .query_row([id], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, Millis>(1)?.0,
                        row.get::<_, Option<String>>(2)?,
                    ))
                })
                .optional()
        });
    let (submission_id, created_at, json) = match row {
        Ok(None) => return Found::Nothing,
        Ok(Some(row)) => row,
        Err(_) => return Found::Unreadable,
    };
    let Some(json) = json else {
        return Found::Erased;
    };
    let Ok(record) = serde_json::from_str::<Record>(&json) else {
        return Found::Unreadable;
    };
    if submission_id.is_empty() {
        return Found::Unreadable;
    }
    Found::Request(Salvaged {
        submission_id,
        created_at,
        record_json: json,
        has_email: record.request.email.is_some(),
        deliveries: read_deliveries(connection, id),
    })
}

/// A request's deliveries, through the index or, if that is damaged, the
/// table itself; `None` when neither can be read, or one has a kind or
/// status this Hearth does not know (then the coordinator's email is sent
/// again: a double is better than a loss).
fn read_deliveries(connection: &Connection, id: i64) -> Option<Vec<SalvagedDelivery>> {
    ["deliveries", "deliveries NOT INDEXED"]
        .iter()
        .find_map(|table| {
            let mut statement = connection
                .prepare(&format!(
                    "SELECT kind, status, attempts, last_attempt_at, last_error, sent_at
                     FROM {table} WHERE request_id = ?1"
                ))
                .ok()?;
            let rows = statement
                .query_map([id], |row| {
                    Ok(SalvagedDelivery {
                        kind: row.get(0)?,
                        status: row.get(1)?,
                        attempts: row.get(2)?,
                        last_attempt_at: row.get::<_, Option<Millis>>(3)?.map(|Millis(at)| at),
                        last_error: row.get(4)?,
                        sent_at: row.get::<_, Option<Millis>>(5)?.map(|Millis(at)| at),
                    })
                })
                .ok()?;
            rows.collect::<Result<Vec<_>, _>>().ok()
        })
        .filter(|deliveries| !deliveries.is_empty())
}

/// A folder of its own in the data folder, removed when done.
struct WorkFolder {
    path: PathBuf,
}

impl WorkFolder {
    fn create(data_dir: &Path, now: Timestamp) -> std::io::Result<WorkFolder> {
        let path = data_dir.join(format!(
            ".recover-{}-{}",
            std::process::id(),
            now.as_millisecond()
        ));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&path)?;
        Ok(WorkFolder { path })
    }
}

impl Drop for WorkFolder {
    fn drop(&mut self) {
        if let Err(error) = std::fs::remove_dir_all(&self.path) {
            eprintln!(
                "warning: could not remove the working copy {}: {error}; delete it, it holds what visitors wrote",
                self.path.display()
            );
        }
    }
}

/// A new file only this user can read.
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// The committed pages of a write-ahead log, the newest version of each.
#[derive(Debug)]
struct Log {
    page_size: usize,
    pages: BTreeMap<u32, Vec<u8>>,
    /// The database's size in pages after the last commit.
    size_in_pages: u32,
}

/// Reads a write-ahead log as SQLite does (its file format, section 4 of
/// <https://www.sqlite.org/fileformat.html>): frames count while their salts
/// match the header's and their running checksum holds, and only up to the
/// last frame that ends a transaction. `None` if the header is not valid.
fn read_log(bytes: &[u8]) -> Option<Log> {
    let word =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    if bytes.len() < 32 {
        return None;
    }
    let big_endian = match word(0) {
        LOG_MAGIC_BIG => true,
        LOG_MAGIC_LITTLE => false,
        _ => return None,
    };
    let page_size = word(8) as usize;
    if !page_size.is_power_of_two() || !(512..=65536).contains(&page_size) {
        return None;
    }
    let salts = (word(16), word(20));
    let mut sum = checksum(big_endian, &bytes[..24], (0, 0));
    if sum != (word(24), word(28)) {
        return None;
    }
    let mut log = Log {
        page_size,
        pages: BTreeMap::new(),
        size_in_pages: 0,
    };
    let mut uncommitted = BTreeMap::new();
    let mut at = 32;
    while at + 24 + page_size <= bytes.len() {
        let page = word(at);
        let commit = word(at + 4);
        if page == 0 || (word(at + 8), word(at + 12)) != salts {
            break;
        }
        let data = &bytes[at + 24..at + 24 + page_size];
        sum = checksum(big_endian, &bytes[at..at + 8], sum);
        sum = checksum(big_endian, data, sum);
        if sum != (word(at + 16), word(at + 20)) {
            break;
        }
        uncommitted.insert(page, data.to_vec());
        if commit != 0 {
            log.pages.append(&mut uncommitted);
            log.size_in_pages = commit;
        }
        at += 24 + page_size;
    }
    Some(log)
}

/// SQLite's log checksum: a Fibonacci-weighted sum over 32-bit words.
fn checksum(big_endian: bool, data: &[u8], (mut first, mut second): (u32, u32)) -> (u32, u32) {
    for pair in data.chunks_exact(8) {
        let read = |bytes: &[u8]| {
            let bytes = [bytes[0], bytes[1], bytes[2], bytes[3]];
            if big_endian {
                u32::from_be_bytes(bytes)
            } else {
                u32::from_le_bytes(bytes)
            }
        };
        first = first.wrapping_add(read(&pair[..4])).wrapping_add(second);
        second = second.wrapping_add(read(&pair[4..])).wrapping_add(first);
    }
    (first, second)
}

/// Writes the log's pages into the copy and gives it the size the last
/// commit recorded, as a checkpoint would.
fn apply_log(copy: &mut std::fs::File, log: &Log) -> std::io::Result<()> {
    if log.pages.is_empty() {
        return Ok(());
    }
    for (page, data) in &log.pages {
        copy.seek(SeekFrom::Start(u64::from(page - 1) * log.page_size as u64))?;
        copy.write_all(data)?;
    }
    copy.set_len(u64::from(log.size_in_pages) * log.page_size as u64)
}

/// Puts right the bytes of the copy's header that have one correct value
/// (the magic string, the payload fractions) or an obviously wrong page
/// size. Returns whether anything was wrong.
fn repair_header(copy: &mut std::fs::File, log_page_size: Option<usize>) -> std::io::Result<bool> {
    let mut header = [0u8; 100];
    copy.seek(SeekFrom::Start(0))?;
    if copy.read_exact(&mut header).is_err() {
        return Ok(false);
    }
    let before = header;
    header[..16].copy_from_slice(MAGIC);
    let stored = u16::from_be_bytes([header[16], header[17]]);
    let page_size = if stored == 1 {
        65536
    } else {
        usize::from(stored)
    };
    if !page_size.is_power_of_two() || !(512..=65536).contains(&page_size) {
        let size = log_page_size.unwrap_or(4096);
        let stored = if size == 65536 { 1 } else { size as u16 };
        header[16..18].copy_from_slice(&stored.to_be_bytes());
    }
    // The payload fractions must be 64, 32 and 32.
    header[21..24].copy_from_slice(&[64, 32, 32]);
    let repaired = header[..18] != before[..18] || header[21..24] != before[21..24];
    // Read and write versions 1: a rollback-journal database, since its log
    // was folded in already and SQLite need not look for one.
    header[18] = 1;
    header[19] = 1;
    copy.seek(SeekFrom::Start(0))?;
    copy.write_all(&header)?;
    Ok(repaired)
}

impl Report {
    fn counts(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |count: usize| if count == 1 { "request" } else { "requests" };
        let count = self.recovered.len();
        write!(out, "Recovered {count} {}", plural(count))?;
        if count > 0 {
            let ids: Vec<String> = self.recovered.iter().map(|id| format!("#{id}")).collect();
            write!(
                out,
                " into the outbox (now {}); they are due now: a running `hearth serve` sends them within seconds, or at its next start",
                ids.join(", ")
            )?;
        }
        writeln!(out, ".")?;
        if self.unreadable == 0 {
            writeln!(out, "Every request in it could be read.")?;
        } else {
            let count = self.unreadable;
            writeln!(
                out,
                "Could not read {count} {}: what they held is lost from this file.",
                plural(count)
            )?;
        }
        if self.already_here > 0 {
            let count = self.already_here;
            writeln!(
                out,
                "Skipped {count} {} the outbox has already (recovered before, or never lost).",
                plural(count)
            )?;
        }
        if self.delivered_before > 0 {
            let count = self.delivered_before;
            writeln!(
                out,
                "Left out {count} {} delivered before the damage: their details were erased, so there is nothing to send.",
                plural(count)
            )?;
        }
        Ok(())
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let file = self.file.display();
        writeln!(
            out,
            "Read a copy of {file}; the file itself was not changed."
        )?;
        if self.repaired_header {
            writeln!(out, "Its header was damaged; it was repaired in the copy.")?;
        }
        if let Some(pages) = self.log_pages {
            writeln!(
                out,
                "Used its write-ahead log {file}-wal ({pages} page(s) newer than the file)."
            )?;
        }
        if self.empty {
            write!(
                out,
                "Recovered 0 requests: it is empty, and no write-ahead log beside it held any page, so there is nothing in it to recover. You may "
            )?;
        } else {
            self.counts(out)?;
        }
        if !self.empty {
            write!(
                out,
                "{file} still holds what visitors wrote: once the recovered requests are delivered, "
            )?;
        }
        writeln!(
            out,
            "delete it (and {file}-wal and {file}-shm if they are there). Until it is deleted and `hearth serve` restarted, /healthz says \"degraded\"."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consultation::form::Request;
    use crate::consultation::outbox::tests::ms;
    use crate::consultation::outbox::{Kind, Labels, Status};

    fn record(name: &str, email: Option<&str>, message: &str) -> Record {
        Record {
            request: Request {
                name: name.to_owned(),
                email: email.map(String::from),
                message: message.to_owned(),
                ..Request::sample()
            },
            labels: Labels::default(),
            language: crate::i18n::Language::english(),
        }
    }

    /// An outbox in `dir` holding `count` requests named `Name{i}`.
    async fn outbox_with(dir: &Path, count: usize, message: &str) -> Outbox {
        let outbox = Outbox::open(dir).unwrap();
        for i in 0..count {
            outbox
                .store(
                    format!("{i:032}"),
                    record(&format!("Name{i}"), None, message),
                    None,
                    "f".into(),
                    ms(1_000),
                )
                .await
                .unwrap();
        }
        outbox
    }

    async fn names_due(outbox: &Outbox, now: Timestamp) -> Vec<String> {
        outbox
            .due(now, 1_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|due| due.kind == Kind::Coordinator)
            .map(|due| due.record.request.name)
            .collect()
    }

    /// The request that vanished: an outbox file emptied while its log
    /// still held everything (SQLite would delete that log on opening).
    /// Recover folds the log into a copy by hand and gets every request back.
    #[tokio::test(flavor = "multi_thread")]
    async fn an_emptied_file_is_recovered_from_its_log() {
        let damaged = tempfile::tempdir().unwrap();
        let live = outbox_with(damaged.path(), 3, "hello").await;
        let file = damaged.path().join(FILE_NAME);
        let log = sibling(&file, "-wal");
        // Copied while the outbox is open: the log holds what was stored.
        let kept = damaged.path().join("kept.sqlite3");
        std::fs::write(&kept, b"").unwrap();
        std::fs::copy(&log, sibling(&kept, "-wal")).unwrap();
        drop(live);
        let log_bytes = std::fs::read(sibling(&kept, "-wal")).unwrap();

        let data = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(data.path()).unwrap();
        let report = recover(&kept, data.path(), &outbox, ms(5_000)).unwrap();
        assert_eq!(report.recovered.len(), 3, "{report}");
        assert_eq!(report.unreadable, 0);
        assert!(report.log_pages.is_some());
        let mut names = names_due(&outbox, ms(5_000)).await;
        names.sort();
        assert_eq!(names, ["Name0", "Name1", "Name2"]);
        assert_eq!(std::fs::read(&kept).unwrap(), b"");
        assert_eq!(std::fs::read(sibling(&kept, "-wal")).unwrap(), log_bytes);
        assert!(
            std::fs::read_dir(data.path())
                .unwrap()
                .flatten()
                .all(|entry| !entry.file_name().to_string_lossy().starts_with(".recover")),
            "the working copy is removed"
        );
    }

    /// A file cut short keeps the requests on its remaining pages: those
    /// come back, the others are counted as unreadable, and the total is
    /// every request that was stored.
    #[tokio::test(flavor = "multi_thread")]
    async fn a_truncated_file_gives_back_the_pages_it_still_has() {
        let damaged = tempfile::tempdir().unwrap();
        drop(outbox_with(damaged.path(), 20, &"long message ".repeat(150)).await);
        let file = damaged.path().join(FILE_NAME);
        assert!(!sibling(&file, "-wal").exists(), "closing folds the log in");
        let length = std::fs::metadata(&file).unwrap().len();
        let kept = damaged.path().join("kept.sqlite3");
        std::fs::copy(&file, &kept).unwrap();
        let cut = (length / 4096 / 2 + 2) * 4096;
        std::fs::OpenOptions::new()
            .write(true)
            .open(&kept)
            .unwrap()
            .set_len(cut)
            .unwrap();

        let data = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(data.path()).unwrap();
        let report = recover(&kept, data.path(), &outbox, ms(5_000)).unwrap();
        assert!(!report.recovered.is_empty(), "{report}");
        assert!(report.unreadable > 0, "{report}");
        assert_eq!(report.recovered.len() + report.unreadable, 20, "{report}");
        assert_eq!(
            names_due(&outbox, ms(5_000)).await.len(),
            report.recovered.len()
        );
    }

    /// What was delivered stays delivered; what the current outbox has is
    /// skipped; a kept delivery state carries over, with what is owed due now.
    #[tokio::test(flavor = "multi_thread")]
    async fn delivered_and_known_requests_are_not_sent_again() {
        let damaged = tempfile::tempdir().unwrap();
        let old = Outbox::open(damaged.path()).unwrap();
        let delivered = old
            .store(
                "d".repeat(32),
                record("Delivered", None, "m"),
                None,
                "f".into(),
                ms(1),
            )
            .await
            .unwrap();
        old.mark_sent(delivered.id, Kind::Coordinator, ms(2))
            .await
            .unwrap();
        old.store(
            "k".repeat(32),
            record("Known", None, "m"),
            None,
            "f".into(),
            ms(3),
        )
        .await
        .unwrap();
        let half = old
            .store(
                "h".repeat(32),
                record("Half", Some("half@example.org"), "m"),
                Some("digest".into()),
                "f".into(),
                ms(4),
            )
            .await
            .unwrap();
        old.mark_sent(half.id, Kind::Coordinator, ms(5))
            .await
            .unwrap();
        drop(old);
        let file = damaged.path().join(FILE_NAME);

        let data = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(data.path()).unwrap();
        outbox
            .store(
                "k".repeat(32),
                record("Known", None, "m"),
                None,
                "f".into(),
                ms(10),
            )
            .await
            .unwrap();
        let report = recover(&file, data.path(), &outbox, ms(20)).unwrap();
        assert_eq!(report.recovered.len(), 1, "{report}");
        assert_eq!(report.already_here, 1);
        assert_eq!(report.delivered_before, 1);
        let (summary, details) = outbox.show(report.recovered[0]).unwrap().unwrap();
        assert_eq!(details.unwrap().request.name, "Half");
        let status = |kind| {
            summary
                .deliveries
                .iter()
                .find(|delivery| delivery.kind == kind)
                .map(|delivery| (delivery.status, delivery.next_attempt_at))
        };
        assert_eq!(status(Kind::Coordinator).unwrap().0, Status::Sent);
        assert_eq!(status(Kind::Confirmation), Some((Status::Pending, ms(20))));
    }

    /// The file in use is refused; a missing file is named.
    #[test]
    fn the_outbox_in_use_and_missing_files_are_refused() {
        let data = tempfile::tempdir().unwrap();
        let outbox = Outbox::open(data.path()).unwrap();
        let current = data.path().join(FILE_NAME);
        assert!(matches!(
            recover(&current, data.path(), &outbox, ms(1)),
            Err(RecoverError::InUse(_))
        ));
        let missing = data.path().join("nothing.sqlite3");
        let error = recover(&missing, data.path(), &outbox, ms(1)).unwrap_err();
        assert!(error.to_string().contains("nothing.sqlite3"), "{error}");
    }

    /// A log whose frames were damaged gives up its valid frames only,
    /// up to the last complete transaction, as SQLite would.
    #[test]
    fn damaged_log_frames_are_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite3");
        let connection = Connection::open(&path).unwrap();
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL; CREATE TABLE t (x);
                 INSERT INTO t VALUES ('first');",
            )
            .unwrap();
        let before = std::fs::read(sibling(&path, "-wal")).unwrap();
        connection
            .execute("INSERT INTO t VALUES ('second')", [])
            .unwrap();
        let mut bytes = std::fs::read(sibling(&path, "-wal")).unwrap();
        drop(connection);
        let whole = read_log(&bytes).unwrap();
        let first = read_log(&before).unwrap();
        assert!(whole.pages.len() >= first.pages.len());
        // Spoil a byte of the last frame: the second transaction is dropped.
        let last = bytes.len() - 10;
        bytes[last] ^= 0xff;
        let spoiled = read_log(&bytes).unwrap();
        assert_eq!(spoiled.size_in_pages, first.size_in_pages);
        assert_eq!(spoiled.pages, first.pages);
        bytes[0] = 0;
        assert!(read_log(&bytes).is_none());
    }

    /// The bytes of a small outbox with five requests, made once.
    fn sample_outbox() -> &'static [u8] {
        static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        BYTES.get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let runtime = tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap();
            runtime.block_on(async {
                drop(outbox_with(dir.path(), 5, &"a message ".repeat(60)).await);
            });
            std::fs::read(dir.path().join(FILE_NAME)).unwrap()
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Whatever happened to the bytes of an outbox (overwritten here and
        /// there, cut short), the look at start and recover never panic and
        /// never change the file, and recover finds no more than was there.
        #[test]
        fn any_damage_is_survived_without_changing_the_file(
            overwrites in proptest::collection::vec(
                (proptest::prelude::any::<proptest::sample::Index>(), proptest::prelude::any::<u8>()),
                1..40,
            ),
            cut in proptest::option::of(proptest::prelude::any::<proptest::sample::Index>()),
        ) {
            let mut bytes = sample_outbox().to_vec();
            for (at, value) in overwrites {
                let at = at.index(bytes.len());
                bytes[at] = value;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len()));
            }
            let damaged = tempfile::tempdir().unwrap();
            let file = damaged.path().join(FILE_NAME);
            std::fs::write(&file, &bytes).unwrap();
            let _ = Outbox::open(damaged.path()).map(drop);
            let data = tempfile::tempdir().unwrap();
            let outbox = Outbox::open(data.path()).unwrap();
            if let Ok(report) = recover(&file, data.path(), &outbox, ms(1)) {
                proptest::prop_assert!(report.recovered.len() <= 5, "{}", report);
            }
            if std::fs::read(&file).unwrap() != bytes {
                // `open` found it sound and opened it for writing: only then may it change.
                proptest::prop_assert!(Outbox::open(damaged.path()).is_ok());
            }
        }

        /// Any bytes as a write-ahead log are read without a panic, and
        /// every page taken from it is a whole page.
        #[test]
        fn any_bytes_as_a_log_are_read_safely(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..3000),
            valid_header in proptest::prelude::any::<bool>(),
        ) {
            let mut bytes = bytes;
            if valid_header && bytes.len() >= 32 {
                bytes[..4].copy_from_slice(&LOG_MAGIC_BIG.to_be_bytes());
                bytes[8..12].copy_from_slice(&512u32.to_be_bytes());
                let sum = checksum(true, &bytes[..24], (0, 0));
                bytes[24..28].copy_from_slice(&sum.0.to_be_bytes());
                bytes[28..32].copy_from_slice(&sum.1.to_be_bytes());
            }
            if let Some(log) = read_log(&bytes) {
                for page in log.pages.values() {
                    proptest::prop_assert_eq!(page.len(), log.page_size);
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Any path a folder could have is read back by a shell as one word, unchanged.
        #[test]
        fn any_path_is_one_word_for_the_shell(text in "[^\\x00]{0,30}") {
            let output = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("printf %s {}", shell_word(&text)))
                .output()
                .unwrap();
            proptest::prop_assert_eq!(String::from_utf8(output.stdout).unwrap(), text);
        }
    }

    /// Paths go into the command as they are when safe, quoted otherwise,
    /// and a shell reads each back as the same single word.
    #[test]
    fn commands_quote_paths_for_the_shell() {
        assert_eq!(shell_word("/srv/hearth/data"), "/srv/hearth/data");
        assert_eq!(shell_word("/srv/my data"), "'/srv/my data'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
        for tricky in [
            "/a b/c",
            "it's",
            "$(rm -rf x)",
            "a\"b",
            "tab\there",
            "*",
            "~x",
        ] {
            let output = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("printf %s {}", shell_word(tricky)))
                .output()
                .unwrap();
            assert_eq!(String::from_utf8(output.stdout).unwrap(), tricky);
        }
        let line = command(Path::new("/srv/data"), Path::new("/srv/data/x.sqlite3"));
        assert_eq!(
            line,
            "hearth outbox --data-dir /srv/data recover /srv/data/x.sqlite3"
        );
    }
}
