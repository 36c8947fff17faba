//! The mail worker on a bad day, against a real SMTP server: storage that
//! cannot record a result (an error injected into the real SQLite file, as a
//! full disk gives), a recipient whose server hangs, dev mail past retention,
//! and staff retrying a request from another process. They use the small
//! fixture site.
//!
//! Proving that something does *not* happen (a storm, a second attempt) is
//! done on the injected clock: the test moves it past every retry, then
//! stores a later request. The outbox hands the worker due deliveries oldest
//! first, so the pass that takes up the later request has looked at the
//! earlier ones at the moved time first; once the later request is claimed
//! or sent, a second attempt at an earlier one would show. Only the full
//! disk, where not even a later request can be stored, still watches a
//! window of time (its doc line says so).

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::http::StatusCode;
use common::form::{
    FIXTURE_COORDINATOR as COORDINATOR, deliveries, fixture_app_at, fixture_app_mailing_to_idle,
    minimal_sources, pass_time, start_worker, until_sent, until_true, wait_for,
};
use common::smtp::{Received, SmtpServer};
use common::*;
use hearth::ManualClock;
use hearth::consultation::outbox::{Kind, Outbox, Status};
use jiff::{SignedDuration, Timestamp};

/// How long the full-disk test watches for a resend that must not happen,
/// on the real clock: three of its retry waits (at most 1 s each).
const NOTHING_HAPPENS_WINDOW: Duration = Duration::from_secs(3);
/// Longer than any retry's or storage back-off's wait (the tests cap them
/// at 1 s), so moving the clock on by it makes everything due.
const PAST_ANY_RETRY: SignedDuration = SignedDuration::from_hours(1);

/// A trigger that makes recording "sent" fail, with the message a full disk gives.
const SENT_CANNOT_BE_RECORDED: &str = "CREATE TRIGGER full_disk BEFORE UPDATE ON deliveries
     WHEN NEW.status = 'sent' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;";
/// A trigger that makes every change to a delivery fail, the claim included.
const NOTHING_CAN_BE_RECORDED: &str = "CREATE TRIGGER full_disk BEFORE UPDATE ON deliveries
     BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;";

/// What the worker logs, captured for the test that runs it. `#[tokio::test]`
/// runs every task on the test's thread, so a thread-local subscriber sees them.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl Log {
    fn capture() -> (Log, tracing::subscriber::DefaultGuard) {
        let log = Log::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(log.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .finish();
        (log, tracing::subscriber::set_default(subscriber))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    fn count(&self, needle: &str) -> usize {
        self.text().matches(needle).count()
    }
}

impl Write for Log {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Log {
    type Writer = Log;
    fn make_writer(&'a self) -> Log {
        self.clone()
    }
}

/// A complete request; `email` empty asks for a call back only.
fn fields(email: &str) -> Vec<(String, String)> {
    [
        ("name", "Jo Example"),
        ("email", email),
        (
            "contact_preference",
            if email.is_empty() { "phone" } else { "email" },
        ),
        ("phone", "(510) 555-0123"),
        ("format", "online"),
        ("state", "CA"),
        ("who_for", "individual"),
        ("message", "I would like to talk."),
        ("consent", "yes"),
    ]
    .iter()
    .map(|(key, value)| (key.to_string(), value.to_string()))
    .collect()
}

/// Opens the form, fills it, posts it, and checks it was taken.
async fn submit(app: &Router, email: &str) {
    let reply = common::form::submit(app, fields(email)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
}

fn clock() -> Arc<ManualClock> {
    ManualClock::at("2026-03-02T09:00:00Z".parse::<Timestamp>().unwrap())
}

/// The fixture site on `clock`, mailing through `smtp`, retries capped at
/// 1 s, after `settings`; its worker is not started yet.
fn clocked_app(smtp: &SmtpServer, clock: &Arc<ManualClock>, settings: &[&str]) -> TestApp {
    let mut all = vec!["--mail-retry-max-seconds", "1"];
    all.extend(settings);
    fixture_app_at(Some(smtp), Arc::clone(clock), &all)
}

/// When each of request `id`'s deliveries was last claimed for an attempt.
fn claims(app: &TestApp, id: i64) -> Vec<Option<Timestamp>> {
    deliveries(app, id)
        .iter()
        .map(|delivery| delivery.last_attempt_at)
        .collect()
}

/// Moves the clock past every retry and stores the call-back request `id`,
/// which the worker's next pass takes up after everything due before it.
async fn later_request(app: &TestApp, clock: &ManualClock, id: i64) {
    pass_time(app, clock, PAST_ANY_RETRY);
    submit(app, "").await;
    assert_eq!(deliveries(app, id).len(), 1, "request #{id} stored");
}

/// How many messages went to each address, sorted by address.
fn per_recipient(received: &[Received]) -> Vec<(String, usize)> {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for mail in received {
        for to in &mail.to {
            *counts.entry(to.clone()).or_default() += 1;
        }
    }
    counts.into_iter().collect()
}

fn statuses(outbox: &Outbox, id: i64) -> Vec<&'static str> {
    let (summary, _) = outbox.show(id).unwrap().unwrap();
    summary
        .deliveries
        .iter()
        .map(|delivery| delivery.status.as_str())
        .collect()
}

/// Adds `trigger` to the app's outbox file, through a connection of the
/// test's own, which is returned to drop the trigger later.
fn add_trigger(app: &TestApp, trigger: &str) -> rusqlite::Connection {
    let database = rusqlite::Connection::open(app.data.path().join("outbox.sqlite3")).unwrap();
    database.execute_batch(trigger).unwrap();
    database
}

/// One email each to the coordinator and to the visitor jo@example.org.
fn one_each_to_coordinator_and_jo() -> Vec<(String, usize)> {
    vec![
        (COORDINATOR.to_owned(), 1),
        ("jo@example.org".to_owned(), 1),
    ]
}

/// `needle` is in the log exactly once.
#[track_caller]
fn assert_logged_once(log: &Log, needle: &str) {
    assert_eq!(log.count(needle), 1, "{}", log.text());
}

/// Storage cannot record "sent" (a real SQLite error, as a full disk gives)
/// while SMTP works: each email goes out once instead of in a storm, the
/// problem is logged once, and when storage works again the record becomes
/// "sent" without another send. A later request, claimed after the clock
/// moved past every retry, shows the worker looked again and left them be.
#[tokio::test]
async fn unrecordable_sends_are_not_repeated() {
    let (log, _guard) = Log::capture();
    let smtp = SmtpServer::start();
    let clock = clock();
    let mut app = clocked_app(&smtp, &clock, &[]);
    let database = add_trigger(&app, SENT_CANNOT_BE_RECORDED);
    submit(&app, "jo@example.org").await;
    start_worker(&mut app);

    wait_for(&smtp, 2).await;
    until_true("the failure logged", || {
        log.count("the outbox cannot be updated") > 0
    })
    .await;
    let first_claims = claims(&app, 1);
    later_request(&app, &clock, 2).await;
    // Claiming it came after writing the first request's results again
    // (which failed) and after passing over its due deliveries.
    until_true("the later request claimed", || {
        claims(&app, 2) == [Some(hearth::Clock::now(&*clock))]
    })
    .await;
    assert_eq!(claims(&app, 1), first_claims, "attempted again");
    assert_logged_once(&log, "the outbox cannot be updated");
    let outbox = Outbox::open(app.data.path()).unwrap();
    assert_eq!(statuses(&outbox, 1), ["pending", "pending"]);
    wait_for(&smtp, 3).await;
    let expected = [
        (COORDINATOR.to_owned(), 2),
        ("jo@example.org".to_owned(), 1),
    ];
    assert_eq!(per_recipient(&smtp.received()), expected);

    database.execute_batch("DROP TRIGGER full_disk").unwrap();
    pass_time(&app, &clock, PAST_ANY_RETRY);
    until_sent(&app, 1).await;
    until_sent(&app, 2).await;
    assert_eq!(per_recipient(&smtp.received()), expected);
    assert!(
        outbox.show(1).unwrap().unwrap().1.is_none(),
        "details erased once recorded"
    );
    // The worker logs once its write has returned, which can be a moment
    // after the status is visible (the write-ahead log is emptied first).
    until_true("the recovery logged", || {
        log.count("the outbox can be updated again") > 0
    })
    .await;
    // A request sent after that recovery cannot be taken up before every
    // result waiting in memory was written (and logged), so a second
    // "again" line for the same recovery would be in the log by now.
    later_request(&app, &clock, 3).await;
    until_sent(&app, 3).await;
    assert_logged_once(&log, "the outbox can be updated again");
}

/// Storage refuses every change, so not even the attempt can be recorded
/// before sending: the request still reaches the coordinator (and the
/// visitor), once, not again and again; when storage works again it is
/// recorded as sent without another send. With no claim written, the sign
/// that the worker looked again is a later request's email: the pass that
/// sent it had the first request's deliveries due before it.
#[tokio::test]
async fn unclaimable_sends_go_out_once_per_process() {
    let (log, _guard) = Log::capture();
    let smtp = SmtpServer::start();
    let clock = clock();
    let mut app = clocked_app(&smtp, &clock, &[]);
    let database = add_trigger(&app, NOTHING_CAN_BE_RECORDED);
    submit(&app, "jo@example.org").await;
    start_worker(&mut app);

    wait_for(&smtp, 2).await;
    // Both results in the worker's hands (kept in memory, as they cannot be
    // written), not still on their way back from the mail server.
    until_true("both sends finished", || {
        log.count("email delivered to a mailbox") >= 2
    })
    .await;
    later_request(&app, &clock, 2).await;
    let received = wait_for(&smtp, 3).await;
    assert!(
        received
            .iter()
            .any(|mail| mail.header("Subject").unwrap() == "New consultation request #2"),
        "the later request went out"
    );
    let expected = [
        (COORDINATOR.to_owned(), 2),
        ("jo@example.org".to_owned(), 1),
    ];
    assert_eq!(per_recipient(&smtp.received()), expected);
    assert_logged_once(&log, "the outbox cannot be updated");

    database.execute_batch("DROP TRIGGER full_disk").unwrap();
    pass_time(&app, &clock, PAST_ANY_RETRY);
    until_sent(&app, 1).await;
    until_sent(&app, 2).await;
    assert_eq!(per_recipient(&smtp.received()), expected);
}

/// The coordinator's mail server hangs (no reply to RCPT TO) with a 30-second
/// send timeout: the visitors' confirmations still arrive, well before the
/// timeout, and once the server answers again each request reaches the
/// coordinator once.
#[tokio::test]
async fn a_hung_recipient_does_not_hold_up_the_others() {
    let smtp = SmtpServer::start();
    smtp.stall_recipient(COORDINATOR);
    let mut app = clocked_app(&smtp, &clock(), &["--mail-timeout-seconds", "30"]);
    let visitors = ["ana@example.org", "ben@example.net", "cy@example.com"];
    for visitor in visitors {
        submit(&app, visitor).await;
    }
    start_worker(&mut app);

    until_true("every confirmation, with the coordinator hung", || {
        smtp.received().len() == visitors.len()
    })
    .await;
    assert!(smtp.received().iter().all(|mail| mail.to != [COORDINATOR]));

    smtp.release();
    let received = wait_for(&smtp, 2 * visitors.len()).await;
    let mut subjects: Vec<String> = received
        .iter()
        .filter(|mail| mail.to == [COORDINATOR])
        .map(|mail| mail.header("Subject").unwrap())
        .collect();
    subjects.sort();
    assert_eq!(
        subjects,
        [
            "New consultation request #1",
            "New consultation request #2",
            "New consultation request #3"
        ]
    );
}

/// A send stuck on a hung server is never started a second time while the
/// first is still waiting, though the clock moves past its retry time; a
/// later request's confirmation, sent by a pass that had the stuck delivery
/// due before it, shows the worker looked again. Released, it arrives once.
#[tokio::test]
async fn a_delivery_is_never_in_flight_twice() {
    let smtp = SmtpServer::start();
    smtp.stall_recipient(COORDINATOR);
    let clock = clock();
    let mut app = clocked_app(&smtp, &clock, &["--mail-timeout-seconds", "30"]);
    submit(&app, "").await;
    start_worker(&mut app);
    until_true("the send to reach the hung server", || smtp.stalls() == 1).await;
    let first_claim = claims(&app, 1);

    pass_time(&app, &clock, PAST_ANY_RETRY);
    submit(&app, "ana@example.net").await;
    until_true("the later confirmation recorded as sent", || {
        deliveries(&app, 2)
            .iter()
            .any(|delivery| delivery.kind == Kind::Confirmation && delivery.status == Status::Sent)
    })
    .await;
    assert_eq!(claims(&app, 1), first_claim, "a second attempt started");

    smtp.release();
    until_sent(&app, 1).await;
    until_sent(&app, 2).await;
    let to_coordinator: Vec<String> = smtp
        .received()
        .iter()
        .filter(|mail| mail.to == [COORDINATOR])
        .map(|mail| mail.header("Subject").unwrap())
        .collect();
    assert_eq!(
        to_coordinator.len(),
        2,
        "one email per request: {to_coordinator:?}"
    );
    assert!(to_coordinator.contains(&"New consultation request #1".to_owned()));
}

/// Dev mail (.eml files, when no SMTP server is set) older than the outbox's
/// 30 days is deleted when the worker starts; newer mail and files that are
/// not mail stay.
#[tokio::test]
async fn dev_mail_is_deleted_after_thirty_days() {
    let mut app = app_with(&minimal_sources(), "http://127.0.0.1:3000", &[]);
    let folder = app.data.path().join("mail");
    let day = Duration::from_secs(24 * 60 * 60);
    let now = SystemTime::now();
    let files = [
        ("old.eml", now - 31 * day),
        ("recent.eml", now - 29 * day),
        ("fresh.eml", now),
        ("notes.txt", now - 400 * day),
    ];
    for (name, modified) in files {
        let file = std::fs::File::create(folder.join(name)).unwrap();
        file.set_modified(modified).unwrap();
    }
    start_worker(&mut app);
    until_true("the old dev mail deleted", || {
        !folder.join("old.eml").exists()
    })
    .await;
    for name in ["recent.eml", "fresh.eml", "notes.txt"] {
        assert!(folder.join(name).exists(), "{name} was deleted");
    }
}

/// `hearth outbox retry` from another process gets a failed request sent by
/// the running server within seconds, not at the worker's next one-minute look,
/// as the command says.
#[tokio::test]
async fn outbox_retry_wakes_the_running_worker() {
    let smtp = SmtpServer::start();
    smtp.fail_next(&[550]);
    // `hearth outbox retry` makes it due at the system's time.
    let mut app = fixture_app_mailing_to_idle(&smtp, &[]);
    start_worker(&mut app);
    submit(&app, "").await;
    let outbox = Outbox::open(app.data.path()).unwrap();
    until_true("the request marked failed", || {
        statuses(&outbox, 1) == ["failed"]
    })
    .await;

    let data = app.data.path().to_owned();
    let retry = tokio::task::spawn_blocking(move || {
        hearth()
            .args(["outbox", "--data-dir"])
            .arg(&data)
            .args(["retry", "1"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(retry.status.success());
    let said = String::from_utf8(retry.stdout).unwrap();
    assert!(said.contains("within seconds"), "{said}");
    let received = wait_for(&smtp, 1).await;
    assert_eq!(
        received[0].header("Subject").unwrap(),
        "New consultation request #1"
    );
}

/// A small tmpfs mounted for one test, unmounted when dropped.
struct SmallDisk {
    folder: tempfile::TempDir,
}

impl SmallDisk {
    /// None when this machine does not let the test mount one (not root).
    fn mount() -> Option<SmallDisk> {
        let folder = tempfile::tempdir().unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=16m", "tmpfs"])
            .arg(folder.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        mounted.then_some(SmallDisk { folder })
    }

    /// Writes a file until the disk has no byte left.
    fn fill(&self) {
        let mut filler = std::fs::File::create(self.folder.path().join("filler")).unwrap();
        for chunk in [1 << 20, 4096, 1] {
            let bytes = vec![0u8; chunk];
            while filler.write_all(&bytes).is_ok() {}
        }
        let _ = filler.sync_all();
    }

    fn free(&self) {
        std::fs::remove_file(self.folder.path().join("filler")).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(self.folder.path())
            .status();
    }
}

/// The full disk itself, where the machine lets a test mount one: the data
/// folder on a small tmpfs filled to the last byte while SMTP works. Each
/// email goes out once, and is recorded as sent once space is freed, without
/// another send. Needs root to mount: prints a SKIPPED banner otherwise,
/// and fails when CI is set (the trigger tests above prove the same
/// without root). A full disk cannot store a later request to show that
/// the worker looked again, so this one watches the real clock through
/// [`NOTHING_HAPPENS_WINDOW`] (three retry waits) for a resend.
#[tokio::test]
async fn a_full_disk_sends_each_email_once() {
    let Some(disk) = SmallDisk::mount() else {
        let needs = "It mounts a 16 MB tmpfs, which needs root (CI runs as root).";
        if std::env::var_os("CI").is_some() {
            panic!(
                "\na_full_disk_sends_each_email_once could not run, and CI is set, so that is a failure.\n{needs}\n"
            );
        }
        eprintln!(
            "\n==================== SKIPPED: a full disk ====================\n\
             a_full_disk_sends_each_email_once did not run. {needs}\n\
             The trigger tests in this file prove the same without root.\n\
             ==============================================================\n"
        );
        return;
    };
    let (log, _guard) = Log::capture();
    let smtp = SmtpServer::start();
    let data = disk.folder.path().join("data");
    let data_dir = data.display().to_string();
    let mut app = fixture_app_mailing_to_idle(
        &smtp,
        &["--mail-retry-max-seconds", "1", "--data-dir", &data_dir],
    );
    submit(&app, "jo@example.org").await;
    disk.fill();
    start_worker(&mut app);

    wait_for(&smtp, 2).await;
    // Deliberately a length of time: nothing must happen in it.
    tokio::time::sleep(NOTHING_HAPPENS_WINDOW).await;
    let expected = one_each_to_coordinator_and_jo();
    assert_eq!(per_recipient(&smtp.received()), expected);
    assert_logged_once(&log, "the outbox cannot be updated");

    disk.free();
    let outbox = Outbox::open(&data).unwrap();
    until_true("both deliveries recorded as sent", || {
        statuses(&outbox, 1) == ["sent", "sent"]
    })
    .await;
    assert_eq!(per_recipient(&smtp.received()), expected);
    drop(outbox);
    drop(app);
}
