//! Shared helpers: the demo site as a router, requests against it, and an SMTP server.

#![allow(dead_code)]

pub mod smtp;

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
use hearth::server::prepare;
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
    pub data: TempDir,
    pub worker: Option<Worker>,
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
    let data = tempfile::tempdir().unwrap();
    let mut argv: Vec<String> = vec![
        "hearth".into(),
        "--content".into(),
        sources.content.display().to_string(),
        "--static".into(),
        sources.static_files.display().to_string(),
        "--base-url".into(),
        base_url.into(),
        "--data-dir".into(),
        data.path().display().to_string(),
        "--form-min-seconds".into(),
        "0".into(),
    ];
    argv.extend(settings.iter().map(|setting| setting.to_string()));
    let Command::Serve(args) = Cli::try_parse_from(argv).unwrap().into_command() else {
        panic!("serve is the default");
    };
    let prepared = prepare(&args).unwrap_or_else(|error| panic!("{error}"));
    TestApp {
        router: app(prepared.state),
        data,
        worker: Some(prepared.worker),
    }
}

pub fn app_for(sources: &Sources, base_url: &str) -> TestApp {
    app_with(sources, base_url, &[])
}

pub fn demo_app() -> TestApp {
    app_for(&demo_sources(), "http://127.0.0.1:3000")
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
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
