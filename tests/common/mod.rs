//! Shared helpers: the demo site as a router, and requests against it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use hearth::content::Sources;
use hearth::{AppState, app, load};
use http_body_util::BodyExt;
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

/// The router over a content folder, as `hearth serve` builds it.
pub fn app_for(sources: &Sources, base_url: &str) -> Router {
    let loaded = load(sources, base_url).unwrap_or_else(|error| panic!("{error}"));
    app(AppState::new(loaded, &sources.static_files))
}

pub fn demo_app() -> Router {
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
