//! A damaged outbox, through the real binary: an empty file, a truncated
//! one and one with a broken header are each kept as they were, reported in
//! the log and on `/healthz`, and replaced by a fresh outbox that takes and
//! delivers new requests while the pages keep serving; `hearth outbox
//! recover` then gets back what the damaged file still holds, and the
//! recovered requests are delivered. A data folder Hearth cannot write is
//! named, with what to do.

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::hearth;
use common::smtp::{Received, SmtpServer, reserve_port};
use common::storage::{Server, WAIT, named_like, outbox_command, request_fields};

/// What SQLite writes at the start of every database file.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// A mail server nobody answers on, so requests stay in the outbox.
fn dead_smtp_url() -> String {
    let dead = reserve_port();
    let url = format!("smtp://{}", dead.local_addr().unwrap());
    drop(dead);
    url
}

/// The kept damaged outboxes in `data`.
fn kept(data: &Path) -> Vec<PathBuf> {
    named_like(data, "outbox-damaged-")
        .into_iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "sqlite3"))
        .collect()
}

fn body(response: &str) -> &str {
    response.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

/// The pages serve; `/healthz` answers 200, so a load balancer keeps the
/// site in rotation, with a body a monitor can tell from "ok" and no path.
fn assert_serves_and_reports_damage(server: &Server) {
    let home = server.get("/");
    assert!(home.starts_with("HTTP/1.1 200 OK"), "{home}");
    let health = server.get("/healthz");
    assert!(health.starts_with("HTTP/1.1 200 OK"), "{health}");
    let said = body(&health);
    assert!(said.starts_with("degraded"), "{health}");
    assert!(
        !said.contains("ok"),
        "a monitor matching \"ok\" must see it: {said}"
    );
    assert!(!said.contains('/'), "no paths on a public endpoint: {said}");
}

/// The log names the damaged file, where it was kept and the exact command.
fn assert_logged(log: &str, data: &Path, kept: &Path) {
    let data = std::path::absolute(data).unwrap();
    let original = data.join("outbox.sqlite3");
    let command = format!(
        "hearth outbox --data-dir {} recover {}",
        data.display(),
        kept.display()
    );
    assert!(log.contains("ERROR"), "{log}");
    assert!(log.contains(&original.display().to_string()), "{log}");
    assert!(log.contains(&command), "{log}");
}

/// Waits until a coordinator email for each of `names` has arrived.
fn wait_for_coordinator_mail_naming(smtp: &SmtpServer, names: &[String]) -> Vec<Received> {
    let start = Instant::now();
    loop {
        let received = smtp.received();
        let coordinator: Vec<Received> = received
            .into_iter()
            .filter(|mail| {
                mail.header("Subject")
                    .is_some_and(|subject| subject.starts_with("New consultation request"))
            })
            .collect();
        if names
            .iter()
            .all(|name| coordinator.iter().any(|mail| mail.text().contains(name)))
        {
            return coordinator;
        }
        assert!(
            start.elapsed() < WAIT,
            "not every request was delivered: {names:?}"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// A new request in the fresh outbox is taken and delivered.
fn assert_new_request_delivered(server: &Server, smtp: &SmtpServer, name: &str) {
    let reply = server.post_request(&request_fields(
        name,
        "",
        "(510) 555-0142",
        "mornings",
        "a new request after the damage",
    ));
    assert!(reply.starts_with("HTTP/1.1 303 See Other"), "{reply}");
    wait_for_coordinator_mail_naming(smtp, &[name.to_owned()]);
}

/// Stores requests named `names` with the mail server down and stops the
/// server cleanly, so the outbox file holds them all (no write-ahead log left).
fn outbox_holding(data: &Path, names: &[String], message: &str) {
    let server = Server::start(data, &dead_smtp_url());
    for name in names {
        let reply = server.post_request(&request_fields(
            name,
            "",
            "(510) 555-0177",
            "weekday evenings",
            message,
        ));
        assert!(reply.starts_with("HTTP/1.1 303 See Other"), "{reply}");
    }
    server.stop();
    let wal = data.join("outbox.sqlite3-wal");
    assert!(
        std::fs::metadata(&wal).map_or(true, |meta| meta.len() == 0),
        "a clean stop leaves everything in the outbox file"
    );
}

/// Starts on a damaged outbox and checks what every kind of damage gets:
/// the pages serve and report it, the file is kept as it was (`damaged`),
/// the log names it, and a new request from `visitor` is delivered. Stops
/// the server and returns the kept file.
fn assert_kept_and_reported(
    data: &Path,
    smtp: &SmtpServer,
    damaged: &[u8],
    visitor: &str,
) -> PathBuf {
    let server = Server::start(data, &smtp.url());
    assert_serves_and_reports_damage(&server);
    let kept = kept(data);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(std::fs::read(&kept[0]).unwrap(), damaged);
    assert_logged(&server.log(), data, &kept[0]);
    assert_new_request_delivered(&server, smtp, visitor);
    server.stop();
    kept[0].clone()
}

fn recover(data: &Path, file: &Path) -> String {
    let (ok, output) = outbox_command(data, &[OsStr::new("recover"), file.as_os_str()]);
    assert!(ok, "{output}");
    output
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "request" } else { "requests" }
}

/// An empty outbox file (Hearth never leaves one: opening it writes the
/// header) is damage, not a new outbox: kept as it was under a new name,
/// reported in the log and on /healthz, and a fresh outbox takes new requests.
#[test]
fn an_empty_outbox_is_kept_and_reported_and_new_requests_are_delivered() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("outbox.sqlite3"), b"").unwrap();
    let smtp = SmtpServer::start();

    let kept = assert_kept_and_reported(data.path(), &smtp, b"", "Emptycase Person");

    let report = recover(data.path(), &kept);
    assert!(report.contains("Recovered 0 requests"), "{report}");
    assert!(report.contains("nothing in it to recover"), "{report}");

    let (ok, list) = outbox_command(data.path(), &[OsStr::new("list")]);
    assert!(ok && list.contains("#1"), "{list}");
}

/// The request that vanished: the server was killed with requests only in
/// the write-ahead log, then the outbox file was emptied. SQLite would take
/// the empty file for a new database and delete the log; instead both are
/// kept, and `hearth outbox recover` reads the request from the log.
#[test]
fn an_emptied_outbox_whose_log_holds_a_request_gets_it_back() {
    let data = tempfile::tempdir().unwrap();
    let server = Server::start(data.path(), &dead_smtp_url());
    let name = "Walonly Person".to_owned();
    let reply = server.post_request(&request_fields(
        &name,
        "",
        "(510) 555-0166",
        "any time",
        "only in the log",
    ));
    assert!(reply.starts_with("HTTP/1.1 303 See Other"), "{reply}");
    server.kill();
    let outbox = data.path().join("outbox.sqlite3");
    let log = std::fs::read(data.path().join("outbox.sqlite3-wal")).unwrap();
    assert!(!log.is_empty(), "the request is in the log");
    std::fs::write(&outbox, b"").unwrap();

    let smtp = SmtpServer::start();
    let server = Server::start(data.path(), &smtp.url());
    assert_serves_and_reports_damage(&server);
    let kept = kept(data.path());
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(std::fs::read(&kept[0]).unwrap(), b"");
    let mut kept_log = kept[0].clone().into_os_string();
    kept_log.push("-wal");
    assert_eq!(
        std::fs::read(&kept_log).unwrap(),
        log,
        "the log is kept too"
    );
    assert_new_request_delivered(&server, &smtp, "Afterwal Person");
    server.stop();

    let report = recover(data.path(), &kept[0]);
    assert!(report.contains("Recovered 1 request "), "{report}");
    assert!(report.contains("write-ahead log"), "{report}");
    assert_eq!(
        std::fs::read(&kept_log).unwrap(),
        log,
        "recover never changes it"
    );

    let server = Server::start(data.path(), &smtp.url());
    wait_for_coordinator_mail_naming(&smtp, &[name]);
    server.stop();
}

/// A clean outbox truncated to a few KB (a bad copy, a full disk): the site
/// serves and takes new requests, the truncated file is kept byte for byte,
/// and `hearth outbox recover` gets back the requests on the pages that are
/// left, says how many it could not read, and the worker delivers them.
#[test]
fn a_truncated_outbox_is_kept_and_recover_gets_back_what_is_left() {
    let data = tempfile::tempdir().unwrap();
    // Long messages put each request on a page of its own, so the cut
    // below leaves some whole and loses the others.
    let names: Vec<String> = (1..=4).map(|i| format!("Truncname Rq{i}x")).collect();
    let message = format!("truncmessage {}", "about my family ".repeat(110));
    outbox_holding(data.path(), &names, &message);

    let outbox = data.path().join("outbox.sqlite3");
    let whole = std::fs::read(&outbox).unwrap();
    let page = 4096;
    // Where the live copy of each request is: the last one, should an
    // older version of a page linger in free space.
    let page_of = |name: &String| {
        let at = whole
            .windows(name.len())
            .rposition(|window| window == name.as_bytes())
            .unwrap();
        at / page
    };
    let cut_pages = page_of(&names[1]) + 1;
    let readable: Vec<String> = names
        .iter()
        .filter(|name| page_of(name) < cut_pages)
        .cloned()
        .collect();
    let lost = names.len() - readable.len();
    assert!(
        !readable.is_empty() && lost > 0,
        "the cut must keep some requests and lose others"
    );
    let truncated = whole[..cut_pages * page].to_vec();
    std::fs::write(&outbox, &truncated).unwrap();

    let smtp = SmtpServer::start();
    let kept = assert_kept_and_reported(data.path(), &smtp, &truncated, "Aftertrunc Person");

    let report = recover(data.path(), &kept);
    let count = readable.len();
    assert!(
        report.contains(&format!("Recovered {count} {}", plural(count))),
        "{report}"
    );
    assert!(
        report.contains(&format!("Could not read {lost} {}", plural(lost))),
        "{report}"
    );
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        truncated,
        "recover never changes the file"
    );

    let server = Server::start(data.path(), &smtp.url());
    wait_for_coordinator_mail_naming(&smtp, &readable);
    server.stop();
}

/// An outbox whose header was overwritten is "not a database" to SQLite:
/// the site serves and takes new requests, the file is kept byte for byte,
/// and `hearth outbox recover` repairs the header in a copy and gets every
/// request back, and the worker delivers them.
#[test]
fn a_damaged_header_is_kept_and_recover_repairs_it_in_a_copy() {
    let data = tempfile::tempdir().unwrap();
    let names: Vec<String> = (1..=2).map(|i| format!("Headername Hq{i}x")).collect();
    outbox_holding(data.path(), &names, "please call after five");

    let outbox = data.path().join("outbox.sqlite3");
    let mut damaged = std::fs::read(&outbox).unwrap();
    assert_eq!(&damaged[..16], MAGIC);
    damaged[..16].copy_from_slice(b"\0\0\0\0garbage\0\0\0\0\0");
    std::fs::write(&outbox, &damaged).unwrap();

    let smtp = SmtpServer::start();
    let kept = assert_kept_and_reported(data.path(), &smtp, &damaged, "Afterheader Person");

    let report = recover(data.path(), &kept);
    assert!(report.contains("Recovered 2 requests"), "{report}");
    assert!(report.contains("header"), "{report}");
    assert!(
        report.contains("Every request in it could be read"),
        "{report}"
    );
    assert_eq!(std::fs::read(&kept).unwrap(), damaged);
    // Recovering twice adds nothing: the submission ids are there already.
    let again = recover(data.path(), &kept);
    assert!(again.contains("Recovered 0 requests"), "{again}");

    // Restarted, the kept file is still reported, and the recovered
    // requests are delivered.
    let server = Server::start(data.path(), &smtp.url());
    assert_serves_and_reports_damage(&server);
    assert!(
        server.log().contains("still waits to be recovered"),
        "{}",
        server.log()
    );
    wait_for_coordinator_mail_naming(&smtp, &names);
    server.stop();
    let delivered = smtp
        .received()
        .iter()
        .filter(|mail| mail.text().contains("Headername Hq1x"))
        .count();
    assert_eq!(delivered, 1, "each recovered request is delivered once");

    // Once staff delete the kept file, a restart is healthy again.
    for file in named_like(data.path(), "outbox-damaged-") {
        std::fs::remove_file(file).unwrap();
    }
    let server = Server::start(data.path(), &smtp.url());
    assert_eq!(body(&server.get("/healthz")), "ok");
    server.stop();
}

/// A data folder the server's user cannot write stops the start with an
/// error that names the folder and says what to do, instead of SQLite's
/// bare "unable to open database file". Tests run as root here, where
/// permissions do not stop writes: the server then runs as `nobody`.
#[test]
fn a_data_folder_hearth_cannot_write_is_named_with_what_to_do() {
    use std::os::unix::fs::PermissionsExt;
    let top = tempfile::tempdir().unwrap();
    std::fs::set_permissions(top.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = top.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).unwrap();

    let mut command = hearth();
    command
        .args(["--addr", "127.0.0.1:0", "--data-dir"])
        .arg(&data);
    let probe = data.join("probe");
    if std::fs::write(&probe, b"").is_ok() {
        std::fs::remove_file(&probe).unwrap();
        std::os::unix::process::CommandExt::uid(&mut command, 65534);
        std::os::unix::process::CommandExt::gid(&mut command, 65534);
    }
    let output = command.output().unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{log}");
    assert!(log.contains(&data.display().to_string()), "{log}");
    assert!(log.contains("must be able to write"), "{log}");
}
