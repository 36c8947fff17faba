//! Shared helpers: the demo site and the fixture sites as routers, requests
//! against them, and an SMTP server.

#![allow(dead_code)]

pub mod booking;
pub mod form;
pub mod smtp;
pub mod staff;
pub mod storage;

use std::path::{Path, PathBuf};

use std::ops::Deref;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use clap::Parser;
use hearth::app;
use hearth::config::{Cli, Command};
use hearth::consultation::worker::Worker;
use hearth::content::Sources;
use hearth::server::prepare_with_clock;
use http_body_util::BodyExt;
use tempfile::TempDir;
use tower::ServiceExt;

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

pub fn demo_sources() -> Sources {
    Sources {
        content: repo_path("content"),
        static_files: repo_path("static"),
    }
}

/// The router as `hearth serve` builds it, with its own data folder, and the
/// mail worker ready for a test that wants to run it.
pub struct TestApp {
    pub router: Router,
    /// The state behind the router, for reloads and scheduled posts.
    pub state: hearth::AppState,
    pub data: TempDir,
    pub worker: Option<Worker>,
    /// The busy calendar's task, for a test that wants to run it.
    pub busy: Option<hearth::consultation::busy::BusyFetcher>,
}

impl Deref for TestApp {
    type Target = Router;
    fn deref(&self) -> &Router {
        &self.router
    }
}

/// Builds the app from command-line style settings, after the defaults
/// these tests share (their own data folder, no minimum fill time).
pub fn app_with(sources: &Sources, base_url: &str, settings: &[&str]) -> TestApp {
    app_at(
        sources,
        base_url,
        settings,
        std::sync::Arc::new(hearth::SystemClock),
    )
}

/// As [`app_with`], with the time from `clock`.
pub fn app_at(
    sources: &Sources,
    base_url: &str,
    settings: &[&str],
    clock: std::sync::Arc<dyn hearth::Clock>,
) -> TestApp {
    let data = tempfile::tempdir().unwrap();
    let defaults = [
        ("--content", sources.content.display().to_string()),
        ("--static", sources.static_files.display().to_string()),
        ("--base-url", base_url.to_owned()),
        ("--data-dir", data.path().display().to_string()),
        ("--form-min-seconds", "0".to_owned()),
    ];
    let mut argv: Vec<String> = vec!["hearth".into()];
    for (flag, value) in defaults {
        if !settings.contains(&flag) {
            argv.extend([flag.to_owned(), value]);
        }
    }
    argv.extend(settings.iter().map(|setting| setting.to_string()));
    let Command::Serve(args) = Cli::try_parse_from(argv).unwrap().into_command() else {
        panic!("serve is the default");
    };
    let prepared = prepare_with_clock(&args, clock).unwrap_or_else(|error| panic!("{error}"));
    TestApp {
        router: app(prepared.state.clone()),
        state: prepared.state,
        data,
        worker: Some(prepared.worker),
        busy: Some(prepared.busy),
    }
}

pub fn app_for(sources: &Sources, base_url: &str) -> TestApp {
    app_with(sources, base_url, &[])
}

pub fn demo_app() -> TestApp {
    app_for(&demo_sources(), "http://127.0.0.1:3000")
}

/// The content of the fixture site `tests/fixtures/{name}`, with the
/// repository's static files.
pub fn fixture_sources(name: &str) -> Sources {
    Sources {
        content: repo_path(&format!("tests/fixtures/{name}")),
        static_files: repo_path("static"),
    }
}

/// The practice written for behaviour tests (`tests/fixtures/practice`):
/// tests that assert what a page says read it here, not in the demo, so
/// staff can edit the demo freely.
pub fn practice_sources() -> Sources {
    fixture_sources("practice")
}

pub fn practice_app() -> TestApp {
    app_for(&practice_sources(), "http://127.0.0.1:3000")
}

/// The fixture practice as loaded and checked, for tests that read the
/// expected words from the content itself.
pub fn practice_site() -> hearth::content::model::Site {
    hearth::content::load(&practice_sources()).unwrap_or_else(|error| panic!("{error}"))
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent, for compressed bodies.
    pub bytes: axum::body::Bytes,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(|value| value.to_str().unwrap())
            .unwrap_or("")
    }
}

pub async fn request(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
    }
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    request(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// Copies a content folder into a temporary directory so a test can change it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The real `hearth` binary, run from the repository, with no HEARTH_*
/// setting inherited from the environment.
pub fn hearth() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"));
    command.current_dir(repo_path(""));
    for (key, _) in std::env::vars() {
        if key.starts_with("HEARTH_") {
            command.env_remove(key);
        }
    }
    command.env_remove("RUST_LOG");
    command
}

/// Runs `command` to its end, failing the test with its error output
/// unless it succeeded.
pub fn succeeded(command: &mut std::process::Command) -> std::process::Output {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `hearth serve` for the demo site on a port of its own: data in `data`,
/// mail through `smtp_url` (retries after a second at most), no minimum
/// fill time, and its log piped.
pub fn serve_mailing_to(data: &Path, smtp_url: &str) -> std::process::Command {
    let mut command = hearth();
    command
        .args(["--addr", "127.0.0.1:0", "--form-min-seconds", "0"])
        .arg("--data-dir")
        .arg(data)
        .args(["--smtp-url", smtp_url, "--mail-retry-max-seconds", "1"])
        .stderr(std::process::Stdio::piped());
    command
}

/// Waits for the "serving ... at http://ADDR" log line and returns ADDR,
/// with the rest of the log to read later.
pub fn wait_for_address(
    child: &mut std::process::Child,
) -> (String, std::io::BufReader<std::process::ChildStderr>) {
    use std::io::BufRead;
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        let read = stderr.read_line(&mut line).unwrap();
        assert!(read > 0, "hearth exited before serving");
        if line.contains("serving")
            && let Some(address) = line.trim().rsplit("at http://").next()
        {
            return (address.to_owned(), stderr);
        }
    }
}

/// Sends raw HTTP/1.1 over a socket, as a browser would, and returns the raw response.
pub fn http(address: &str, request: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

pub fn http_get(address: &str, path: &str) -> String {
    http(
        address,
        &format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"),
    )
}

/// Kills the server if a test fails before stopping it, so no process outlives the test.
pub struct Running(pub Option<std::process::Child>);

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A copy of the minimal fixture that a test can change, with its sources.
pub fn editable_site() -> (TempDir, Sources) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("tests/fixtures/minimal"), dir.path());
    let sources = Sources {
        content: dir.path().to_owned(),
        static_files: repo_path("static"),
    };
    (dir, sources)
}

/// Every file under `folder`, sorted by path: what a folder holds, for
/// "nothing was stored" and for tests that read every page or source.
pub fn files_under(folder: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_owned()];
    while let Some(path) = pending.pop() {
        match std::fs::read_dir(&path) {
            Ok(entries) => pending.extend(entries.map(|entry| entry.unwrap().path())),
            Err(_) => found.push(path),
        }
    }
    found.sort();
    found
}
