//! The consultation path through the real binary: a request acknowledged
//! with a 303 survives SIGKILL and is delivered after a restart; nothing a
//! visitor typed reaches the log; staff see the outbox through the CLI.
//! The binary serves the small fixture site.

mod common;

use std::io::Read;
use std::time::{Duration, Instant};

use common::form::{hidden_fields_at, http_post_form, minimal_sources};
use common::smtp::{SmtpServer, reserve_port};
use common::{Running, hearth, serve_mailing_to, wait_for_address};
use hearth::consultation::outbox::{Outbox, Status};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

/// How long the real binary may take to do what a test waits for.
const WAIT: Duration = Duration::from_secs(15);

/// Values that must never appear in a log.
const CANARIES: [(&str, &str); 5] = [
    ("name", "Canaryname Quill"),
    ("email", "canary.quill@example.org"),
    ("phone", "(510) 555-7319"),
    ("availability", "canaryavailability"),
    ("message", "canarymessage about my sister"),
];

fn start(
    data: &std::path::Path,
    smtp_url: &str,
) -> (
    Running,
    String,
    std::io::BufReader<std::process::ChildStderr>,
) {
    let mut child = serve_mailing_to(data, smtp_url)
        .arg("--content")
        .arg(minimal_sources().content)
        .spawn()
        .unwrap();
    let (address, log) = wait_for_address(&mut child);
    (Running(Some(child)), address, log)
}

fn canary_form(extra: &[(&str, &str)]) -> String {
    let mut fields: Vec<(&str, &str)> = CANARIES.to_vec();
    fields.extend([
        ("contact_preference", "phone"),
        ("format", "either"),
        ("state", "CA"),
        ("who_for", "individual"),
        ("consent", "yes"),
    ]);
    for (key, value) in extra {
        fields.retain(|(existing, _)| existing != key);
        fields.push((key, value));
    }
    fields
        .iter()
        .map(|(key, value)| format!("{key}={}", utf8_percent_encode(value, NON_ALPHANUMERIC)))
        .collect::<Vec<_>>()
        .join("&")
}

fn stop(
    mut running: Running,
    signal: &str,
    mut log: std::io::BufReader<std::process::ChildStderr>,
) -> String {
    let mut child = running.0.take().unwrap();
    std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    child.wait().unwrap();
    let mut rest = String::new();
    log.read_to_string(&mut rest).unwrap();
    rest
}

/// Killed with SIGKILL right after the 303, with the mail server down: the
/// request was on disk, so the restarted server delivers it. Neither run's
/// log holds anything the visitor typed.
#[test]
fn acknowledged_requests_survive_sigkill_and_never_reach_the_log() {
    let data = tempfile::tempdir().unwrap();
    let dead = reserve_port();
    let dead_url = format!("smtp://{}", dead.local_addr().unwrap());
    drop(dead);

    let (child, address, log) = start(data.path(), &dead_url);
    let reply = http_post_form(
        &address,
        &format!("{}&{}", hidden_fields_at(&address), canary_form(&[])),
        "same-origin",
    );
    assert!(reply.starts_with("HTTP/1.1 303 See Other"), "{reply}");
    let first_log = stop(child, "-KILL", log);

    let smtp = SmtpServer::start();
    let (child, address, log) = start(data.path(), &smtp.url());
    let received = smtp.wait_for(2, WAIT);
    assert!(
        received
            .iter()
            .any(|mail| mail.header("Subject").as_deref() == Some("New consultation request #1"))
    );
    assert!(
        received
            .iter()
            .any(|mail| mail.to == ["canary.quill@example.org"])
    );

    // More paths that could log: a form with mistakes, a cross-site post,
    // a double submit, and a permanent mail failure.
    let invalid = http_post_form(
        &address,
        &format!(
            "{}&{}",
            hidden_fields_at(&address),
            canary_form(&[("state", "XX")])
        ),
        "same-origin",
    );
    assert!(invalid.starts_with("HTTP/1.1 422"), "{invalid}");
    let foreign = http_post_form(&address, &canary_form(&[]), "cross-site");
    assert!(foreign.starts_with("HTTP/1.1 403"), "{foreign}");
    smtp.fail_next(&[550]);
    let body = format!("{}&{}", hidden_fields_at(&address), canary_form(&[]));
    assert!(http_post_form(&address, &body, "same-origin").starts_with("HTTP/1.1 303"));
    assert!(http_post_form(&address, &body, "same-origin").starts_with("HTTP/1.1 303"));
    // The worker logs the refusal before it records it, so once the outbox
    // shows it failed, the log holds the line.
    let outbox = Outbox::open(data.path()).unwrap();
    let deadline = Instant::now() + WAIT;
    // Either of its two emails may be the one refused.
    let refused = |summary: &hearth::consultation::outbox::Summary| {
        summary
            .deliveries
            .iter()
            .any(|delivery| delivery.status == Status::Failed)
    };
    while !outbox
        .show(2)
        .unwrap()
        .is_some_and(|(summary, _)| refused(&summary))
    {
        assert!(Instant::now() < deadline, "request #2 never failed");
        std::thread::sleep(Duration::from_millis(25));
    }
    drop(outbox);
    let second_log = stop(child, "-TERM", log);

    let logs = format!("{first_log}\n{second_log}");
    assert!(logs.contains("consultation request #1 stored"), "{logs}");
    assert!(logs.contains("rejected permanently (550)"), "{logs}");
    assert!(
        logs.contains("example.org"),
        "the recipient's domain may be logged: {logs}"
    );
    for (field, canary) in CANARIES {
        assert!(
            !logs.contains(canary),
            "the {field} reached the log:\n{logs}"
        );
    }
    for fragment in [
        "Canaryname",
        "canary.quill",
        "7319",
        "canaryavailability",
        "canarymessage",
        "sister",
    ] {
        assert!(
            !logs.contains(fragment),
            "{fragment} reached the log:\n{logs}"
        );
    }

    // Staff: the list shows no personal data; show prints a kept request in full.
    let list = hearth()
        .args(["outbox", "--data-dir"])
        .arg(data.path())
        .arg("list")
        .output()
        .unwrap();
    assert!(list.status.success());
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(
        list.contains("#1") && list.contains("sent") && list.contains("(details erased)"),
        "{list}"
    );
    assert!(list.contains("#2") && list.contains("failed"), "{list}");
    // Times are where the practice is (the demo's America/Los_Angeles).
    assert!(
        (list.contains(" PST") || list.contains(" PDT")) && !list.contains(" UTC"),
        "{list}"
    );
    let other_zone = tempfile::tempdir().unwrap();
    std::fs::write(
        other_zone.path().join("site.yaml"),
        "timezone: America/New_York\n",
    )
    .unwrap();
    let in_new_york = hearth()
        .args(["outbox", "list", "--data-dir"])
        .arg(data.path())
        .arg("--content")
        .arg(other_zone.path())
        .output()
        .unwrap();
    let in_new_york = String::from_utf8(in_new_york.stdout).unwrap();
    assert!(
        in_new_york.contains(" EST") || in_new_york.contains(" EDT"),
        "{in_new_york}"
    );
    for (_, canary) in CANARIES {
        assert!(!list.contains(canary), "{list}");
    }
    let show = hearth()
        .args(["outbox", "--data-dir"])
        .arg(data.path())
        .args(["show", "2"])
        .output()
        .unwrap();
    let show = String::from_utf8(show.stdout).unwrap();
    assert!(show.contains("Name: Canaryname Quill"), "{show}");
    assert!(show.contains("rejected permanently (550)"), "{show}");
    let retry = hearth()
        .args(["outbox", "--data-dir"])
        .arg(data.path())
        .args(["retry", "2"])
        .output()
        .unwrap();
    assert!(retry.status.success());
    let retry = hearth()
        .args(["outbox", "--data-dir"])
        .arg(data.path())
        .args(["retry", "1"])
        .output()
        .unwrap();
    assert!(
        !retry.status.success(),
        "a delivered request has nothing to retry"
    );

    // Restarted, the worker sends the request staff retried.
    let count = smtp.received().len();
    let (child, _address, log) = start(data.path(), &smtp.url());
    let deadline = Instant::now() + WAIT;
    while smtp.received().len() == count {
        assert!(
            Instant::now() < deadline,
            "the retried request was not sent"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
    stop(child, "-TERM", log);
}
