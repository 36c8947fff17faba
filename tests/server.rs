//! The real `hearth` binary: it serves on a real socket, shuts down cleanly
//! on SIGTERM, and refuses to start on bad content, listing every problem.

mod common;

use std::io::Read;
use std::process::{Command, Stdio};

use common::{hearth, http_get, repo_path, wait_for_address};

/// `hearth` (serve being the default) listens on port 0's chosen port,
/// answers real requests, and exits 0 after SIGTERM.
#[test]
fn serves_on_a_real_port_and_stops_on_sigterm() {
    let mut child = hearth()
        .args([
            "--addr",
            "127.0.0.1:0",
            "--content",
            "tests/fixtures/practice",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (address, mut stderr) = wait_for_address(&mut child);

    let health = http_get(&address, "/healthz");
    assert!(health.starts_with("HTTP/1.1 200 OK"), "{health}");
    let home = http_get(&address, "/");
    assert!(home.starts_with("HTTP/1.1 200 OK"), "{home}");
    assert!(home.contains("<h1>Fixture Lane Practice</h1>"), "{home}");
    let missing = http_get(&address, "/nope");
    assert!(missing.starts_with("HTTP/1.1 404 Not Found"), "{missing}");

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "hearth exited with {exit}");
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("stopped"), "{rest}");
}

/// The explicit `serve` subcommand and environment settings work the same.
#[test]
fn serve_subcommand_reads_environment() {
    let mut child = hearth()
        .arg("serve")
        .env("HEARTH_ADDR", "127.0.0.1:0")
        .env("HEARTH_CONTENT_DIR", repo_path("tests/fixtures/minimal"))
        .env("HEARTH_BASE_URL", "https://practice.example")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (address, _stderr) = wait_for_address(&mut child);
    let home = http_get(&address, "/");
    assert!(home.contains("<h1>Test Practice</h1>"), "{home}");
    assert!(home.contains(r#"<link rel="canonical" href="https://practice.example/">"#));
    assert!(
        home.to_lowercase()
            .contains("strict-transport-security: max-age=31536000")
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Broken content stops the start with every problem listed, file and line.
#[test]
fn refuses_to_start_on_bad_content() {
    let output = hearth()
        .args([
            "--addr",
            "127.0.0.1:0",
            "--content",
            "tests/fixtures/broken",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr
            .contains("tests/fixtures/broken/posts/2026-01-06-typo.md:4:1: error: unknown field \"autor\"; did you mean \"author\"?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("tests/fixtures/broken/site.yaml:17:14: error: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("26 errors and 1 warning in the content"),
        "{stderr}"
    );
    assert!(stderr.contains("the site was not started"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A client that sends its headers too slowly is cut off, so it cannot hold
/// a connection open; other clients are still served.
#[test]
fn slow_header_clients_are_cut_off() {
    use std::io::Write;
    use std::time::{Duration, Instant};
    let data = tempfile::tempdir().unwrap();
    let mut child = hearth()
        .args(["--addr", "127.0.0.1:0", "--header-timeout-seconds", "1"])
        .args(["--content", "tests/fixtures/minimal"])
        .arg("--data-dir")
        .arg(data.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (address, _log) = wait_for_address(&mut child);
    let running = common::Running(Some(child));

    let mut slow = std::net::TcpStream::connect(&address).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: example\r\n")
        .unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    // The server closes the connection: our own read timeout, far longer
    // than the server's, would end the read with an error instead.
    let closed = slow.read_to_end(&mut answer);
    let waited = started.elapsed();
    assert!(closed.is_ok(), "never cut off: {closed:?} after {waited:?}");
    // The client had its whole second (a busy machine only makes it later).
    assert!(
        waited >= Duration::from_millis(900),
        "cut off too early: {waited:?}"
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );

    assert!(http_get(&address, "/healthz").starts_with("HTTP/1.1 200 OK"));
    drop(running);
}

/// Every error a handler or the router gives has its status, its designed
/// page, its own headers and the one cache policy for error pages
/// (`no-store`), whichever part of the server refused the request.
#[tokio::test]
async fn every_error_is_its_designed_page_and_never_stored() {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    let sources = hearth::content::Sources {
        content: repo_path("tests/fixtures/minimal"),
        static_files: repo_path("static"),
    };
    let app = common::app_for(&sources, "http://127.0.0.1:3000");
    let cases = [
        ("GET", "/nope", "", StatusCode::NOT_FOUND, "Page not found"),
        (
            "GET",
            "/blog?page=99",
            "",
            StatusCode::NOT_FOUND,
            "Page not found",
        ),
        (
            "GET",
            "/static/nope.css",
            "",
            StatusCode::NOT_FOUND,
            "Page not found",
        ),
        (
            "POST",
            "/about",
            "",
            StatusCode::METHOD_NOT_ALLOWED,
            "That address cannot do that",
        ),
        (
            "GET",
            "/search?q=a&q=b",
            "",
            StatusCode::BAD_REQUEST,
            "We could not read that request",
        ),
        (
            "GET",
            "/",
            "identity;q=0, *;q=0",
            StatusCode::NOT_ACCEPTABLE,
            "We cannot send this page in a form your browser accepts",
        ),
    ];
    for (method, path, refused, status, heading) in cases {
        let mut asked = Request::builder().method(method).uri(path);
        if !refused.is_empty() {
            asked = asked.header("accept-encoding", refused);
        }
        let reply = common::request(&app, asked.body(Body::empty()).unwrap()).await;
        assert_eq!(reply.status, status, "{method} {path}");
        assert_eq!(reply.header("cache-control"), "no-store", "{method} {path}");
        assert_eq!(
            reply.header("content-type"),
            "text/html; charset=utf-8",
            "{method} {path}"
        );
        assert!(
            reply.body.contains(&format!("<h1>{heading}</h1>")),
            "{method} {path}: {}",
            reply.body
        );
        assert!(
            reply.headers.contains_key("content-security-policy"),
            "{method} {path}"
        );
        match status {
            StatusCode::METHOD_NOT_ALLOWED => assert_eq!(reply.header("allow"), "GET, HEAD"),
            StatusCode::NOT_ACCEPTABLE => assert_eq!(reply.header("vary"), "accept-encoding"),
            _ => {}
        }
    }
}
