//! Erased means erased on disk: once a request is delivered, nothing the
//! visitor typed can be read in any file of the data folder (the outbox, its
//! write-ahead log and shared memory file included), while the server runs
//! and after it stops. Through the real binary, worker and an SMTP server.

mod common;

use std::ffi::OsStr;
use std::time::{Duration, Instant};

use common::smtp::SmtpServer;
use common::storage::{Server, WAIT, outbox_command, request_fields, traces_under};

const REQUESTS: usize = 10;

/// Distinct ASCII values for each field a visitor types (ASCII, so they
/// are stored as they are in the JSON record), and the fragments of them
/// to look for on disk.
fn canaries(i: usize) -> [String; 5] {
    [
        format!("Erasename Qv{i}x"),
        format!("erase.qv{i}x@example.org"),
        format!("(510) 555-73{i:02}"),
        format!("eraseavail{i}x mornings"),
        format!("erasemessage{i}x about my brother"),
    ]
}

fn fragments() -> Vec<String> {
    [
        "Erasename",
        "erase.qv",
        "555-73",
        "eraseavail",
        "erasemessage",
    ]
    .iter()
    .map(|fragment| (*fragment).to_owned())
    .collect()
}

/// Ten requests delivered (coordinator and confirmation each) through the
/// real worker: every file of the data folder, read as raw bytes, holds no
/// trace of what the visitors typed, while the server runs and after it stops.
#[test]
fn erased_requests_leave_no_trace_on_disk() {
    let data = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start();
    let server = Server::start(data.path(), &smtp.url());
    for i in 0..REQUESTS {
        let [name, email, phone, availability, message] = canaries(i);
        let reply = server.post_request(&request_fields(
            &name,
            &email,
            &phone,
            &availability,
            &message,
        ));
        assert!(reply.starts_with("HTTP/1.1 303 See Other"), "{reply}");
    }
    let received = smtp.wait_for(2 * REQUESTS, WAIT);
    assert!(
        received
            .iter()
            .any(|mail| mail.text().contains("Erasename Qv3x")),
        "the canaries went out by mail"
    );
    let start = Instant::now();
    loop {
        let (ok, list) = outbox_command(data.path(), &[OsStr::new("list")]);
        assert!(ok, "{list}");
        if list.matches("(details erased)").count() == REQUESTS {
            break;
        }
        assert!(
            start.elapsed() < WAIT,
            "not every request was erased:\n{list}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // Erasure is recorded before the log is folded back into the database:
    // give that a moment, then nothing may be left.
    let start = Instant::now();
    loop {
        let traces = traces_under(data.path(), &fragments());
        if traces.is_empty() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "erased details are still on disk while the server runs: {traces:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    server.stop();
    let traces = traces_under(data.path(), &fragments());
    assert!(
        traces.is_empty(),
        "erased details are still on disk after the server stopped: {traces:?}"
    );
}
