#![allow(dead_code)]
//! Signing in to `/staff/` in tests: a site with one editor, the link
//! taken from the email the SMTP server received, its button pressed.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use hearth::ManualClock;
use jiff::Timestamp;

use super::form::{fixture_app_at, start_worker, wait_for};
use super::smtp::SmtpServer;
use super::{Reply, TestApp, app_at, request};

pub const EDITOR: &str = "office@harborlight.example";
pub const START: &str = "2026-12-07T18:00:00Z";

/// The fixture site with one editor, mailing through `smtp`, its worker
/// running, at [`START`] on a clock the test moves.
pub fn staff_app(smtp: &SmtpServer) -> (TestApp, Arc<ManualClock>) {
    let clock = ManualClock::at(START.parse::<Timestamp>().unwrap());
    let mut app = fixture_app_at(Some(smtp), Arc::clone(&clock), &["--editors", EDITOR]);
    start_worker(&mut app);
    (app, clock)
}

pub fn post(uri: &str, body: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder =
        Request::post(uri).header("content-type", "application/x-www-form-urlencoded");
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::from(body.to_owned())).unwrap()
}

pub fn get_with(uri: &str, cookie: &str) -> Request<Body> {
    Request::get(uri)
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap()
}

pub const SAME_ORIGIN: (&str, &str) = ("sec-fetch-site", "same-origin");

/// Asks for a link for `address` as a browser on the site would.
pub async fn ask(app: &TestApp, address: &str) -> Reply {
    let body = format!("email={}", address.replace('@', "%40"));
    request(app, post("/staff/sign-in", &body, &[SAME_ORIGIN])).await
}

/// The path of the sign-in link in an email.
pub fn link_in(text: &str) -> String {
    let start = text
        .find("http://127.0.0.1:3000/staff/sign-in/")
        .unwrap_or_else(|| panic!("no link in {text}"));
    let link: String = text[start..]
        .chars()
        .take_while(|character| !character.is_whitespace())
        .collect();
    link.trim_start_matches("http://127.0.0.1:3000").to_owned()
}

/// Presses the link's button: the session's cookie, as `name=value`.
pub async fn press(app: &TestApp, link: &str) -> Reply {
    request(app, post(link, "", &[SAME_ORIGIN])).await
}

pub fn cookie_of(reply: &Reply) -> String {
    let set = reply.header("set-cookie");
    set.split(';').next().unwrap().to_owned()
}

/// Signs the editor in through the emailed link; the cookie to send.
pub async fn signed_in(app: &TestApp, smtp: &SmtpServer) -> String {
    let before = smtp.received().len();
    assert_eq!(ask(app, EDITOR).await.status, StatusCode::OK);
    let mail = wait_for(smtp, before + 1).await;
    let reply = press(app, &link_in(&mail[before].text())).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    cookie_of(&reply)
}

/// The form token on a signed-in page.
pub fn token_in(html: &str) -> String {
    let start = html.find("name=\"token\" value=\"").expect("a token field") + 20;
    html[start..].split('"').next().unwrap().to_owned()
}

/// As [`staff_app`], on `sources` (a copy the test may change).
pub fn staff_app_on(
    sources: &hearth::content::Sources,
    smtp: &SmtpServer,
) -> (TestApp, Arc<ManualClock>) {
    let clock = ManualClock::at(START.parse::<Timestamp>().unwrap());
    let url = smtp.url();
    let mut app = app_at(
        sources,
        "http://127.0.0.1:3000",
        &["--editors", EDITOR, "--smtp-url", &url],
        Arc::clone(&clock) as _,
    );
    start_worker(&mut app);
    (app, clock)
}

/// A copy of the minimal fixture and one of `static/`, both for the test
/// to change: uploads are written into the static folder, which must not
/// be the repository's own.
pub fn editable_site_with_static() -> (
    tempfile::TempDir,
    tempfile::TempDir,
    hearth::content::Sources,
) {
    let (content, mut sources) = super::editable_site();
    let static_files = tempfile::tempdir().unwrap();
    super::copy_dir(&super::repo_path("static"), static_files.path());
    sources.static_files = static_files.path().to_owned();
    (content, static_files, sources)
}

/// The boundary of [`multipart`] bodies: never in their text or photos.
pub const BOUNDARY: &str = "hearth-test-boundary-7f3a9c";

/// A photo part of a multipart post: its field name, its file name as a
/// browser sends it, its declared type and its bytes.
pub struct FilePart<'a> {
    pub field: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
}

/// A `multipart/form-data` body as a browser writes it: the text fields,
/// then the files.
pub fn multipart(fields: &[(&str, &str)], files: &[FilePart<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for file in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                file.field, file.file_name, file.content_type
            )
            .as_bytes(),
        );
        body.extend_from_slice(file.bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// A multipart post of `body` (from [`multipart`]) with `headers`.
pub fn post_multipart(uri: &str, body: Vec<u8>, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::post(uri).header(
        "content-type",
        format!("multipart/form-data; boundary={BOUNDARY}"),
    );
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::from(body)).unwrap()
}

/// A JPEG photo of `width`×`height` pixels, as a phone or camera makes one.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::from(image)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .unwrap();
    out.into_inner()
}
