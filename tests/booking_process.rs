//! A booked call through the real binary: acknowledged with a 303, killed
//! with SIGKILL at once with the mail server down, restarted: both emails
//! arrive with their calendar files, and the time stays taken.

mod common;

use std::time::Duration;

use common::booking::{CONSULTATIONS, booking_site, offered};
use common::form::{hidden_fields_at, http_post_form};
use common::smtp::{SmtpServer, reserve_port};
use common::{Running, http_get, serve_mailing_to, wait_for_address};

const WAIT: Duration = Duration::from_secs(15);

/// The binary serving `content`; its log is kept open while it runs.
fn start(
    data: &std::path::Path,
    content: &std::path::Path,
    smtp_url: &str,
) -> (
    Running,
    String,
    std::io::BufReader<std::process::ChildStderr>,
) {
    let mut child = serve_mailing_to(data, smtp_url)
        .arg("--content")
        .arg(content)
        .spawn()
        .unwrap();
    let (address, log) = wait_for_address(&mut child);
    (Running(Some(child)), address, log)
}

fn kill(mut running: Running) {
    let mut child = running.0.take().unwrap();
    std::process::Command::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status()
        .unwrap();
    child.wait().unwrap();
}

#[test]
fn a_booking_acknowledged_survives_sigkill_with_its_emails_and_its_time() {
    let (_content, sources) = booking_site(CONSULTATIONS);
    let data = tempfile::tempdir().unwrap();
    let dead = reserve_port();
    let dead_url = format!("smtp://{}", dead.local_addr().unwrap());
    drop(dead);

    let (child, address, _log) = start(data.path(), &sources.content, &dead_url);
    let form = http_get(&address, "/consultation");
    let time = offered(&form)
        .into_iter()
        .next()
        .expect("the form offers a time");
    let fields = [
        ("slot", time.as_str()),
        ("name", "Robin Survivor"),
        ("email", "robin@example.org"),
        ("phone", "(510) 555-0177"),
        ("contact_preference", "phone"),
        ("format", "either"),
        ("state", "CA"),
        ("who_for", "individual"),
        ("consent", "yes"),
    ]
    .iter()
    .map(|(key, value)| {
        format!(
            "{key}={}",
            percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC)
        )
    })
    .collect::<Vec<_>>()
    .join("&");
    let reply = http_post_form(
        &address,
        &format!("{}&{fields}", hidden_fields_at(&address)),
        "same-origin",
    );
    assert!(reply.starts_with("HTTP/1.1 303 See Other"), "{reply}");
    assert!(
        reply.contains("location: /consultation/booked?ref="),
        "{reply}"
    );
    kill(child);

    let smtp = SmtpServer::start();
    let (_child, address, _log) = start(data.path(), &sources.content, &smtp.url());
    let received = smtp.wait_for(2, WAIT);
    assert_eq!(received.len(), 2, "{received:?}");
    for mail in &received {
        let (_, ics) = mail
            .calendar()
            .expect("each email carries its calendar file");
        assert!(ics.contains("DTSTART:"), "{ics}");
    }
    assert!(
        received
            .iter()
            .any(|mail| mail.to == ["robin@example.org"] && mail.text().contains("is booked for"))
    );
    let form = http_get(&address, "/consultation");
    assert!(
        !offered(&form).contains(&time),
        "the time booked before the kill is offered again"
    );
}
