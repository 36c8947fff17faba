//! One client must not take the server down: clients that never read their
//! responses, trickle their bodies, sit idle or open every connection they
//! can are cut off or refused while everyone else is still served; and the
//! odd requests (a too-long file name, an asset sent DELETE, an encoding
//! nobody can make) get the designed pages with their real status.
//!
//! The connection tests run the real binary on port 0. A second client
//! address comes from binding to 127.0.0.2: on Linux all of 127/8 is this
//! machine. They wait for what they expect within generous deadlines and
//! assert no timings.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{app_with, demo_sources, request};

/// One odd request and the answer it must get.
struct Case<'a> {
    method: &'a str,
    path: &'a str,
    accept_encoding: Option<&'a str>,
    status: StatusCode,
    allow: Option<&'a str>,
    heading: &'a str,
}

fn case<'a>(
    method: &'a str,
    path: &'a str,
    accept_encoding: Option<&'a str>,
    status: StatusCode,
    allow: Option<&'a str>,
    heading: &'a str,
) -> Case<'a> {
    Case {
        method,
        path,
        accept_encoding,
        status,
        allow,
        heading,
    }
}

/// Odd requests get the designed page with their real status, the `Allow`
/// header where one belongs, and the security headers: a file name too long
/// for the file system, methods an asset or a page does not take, and an
/// `Accept-Encoding` that refuses everything (the 406 page, not the page
/// asked for).
#[tokio::test]
async fn odd_requests_get_designed_pages_with_their_real_status() {
    let app = app_with(&demo_sources(), "http://127.0.0.1:3000", &[]);
    let stylesheet = app
        .state
        .site
        .load()
        .assets
        .files
        .keys()
        .find(|path| path.ends_with(".css"))
        .cloned()
        .unwrap();
    let long_name = format!("/static/{}", "a".repeat(256));
    let not_found = "<h1>Page not found</h1>";
    let not_allowed = "<h1>That address cannot do that</h1>";
    let not_acceptable = "<h1>We cannot send this page in a form your browser accepts</h1>";
    let cases = [
        case(
            "GET",
            &long_name,
            None,
            StatusCode::NOT_FOUND,
            None,
            not_found,
        ),
        case(
            "GET",
            "/static/nope.css",
            None,
            StatusCode::NOT_FOUND,
            None,
            not_found,
        ),
        case("GET", "/nope", None, StatusCode::NOT_FOUND, None, not_found),
        case(
            "DELETE",
            &stylesheet,
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            Some("GET, HEAD"),
            not_allowed,
        ),
        case(
            "PUT",
            &stylesheet,
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            Some("GET, HEAD"),
            not_allowed,
        ),
        case(
            "TRACE",
            &stylesheet,
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            Some("GET, HEAD"),
            not_allowed,
        ),
        case(
            "BREW",
            &stylesheet,
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            Some("GET, HEAD"),
            not_allowed,
        ),
        case(
            "PUT",
            "/static/css/site.css",
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            Some("GET,HEAD"),
            not_allowed,
        ),
        case(
            "DELETE",
            "/",
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            Some("GET, HEAD"),
            not_allowed,
        ),
        case(
            "POST",
            "/healthz",
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            Some("GET,HEAD"),
            not_allowed,
        ),
        case(
            "PUT",
            "/consultation",
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            Some("GET,HEAD,POST"),
            not_allowed,
        ),
        case(
            "GET",
            "/",
            Some("identity;q=0"),
            StatusCode::NOT_ACCEPTABLE,
            None,
            not_acceptable,
        ),
        case(
            "GET",
            &stylesheet,
            Some("*;q=0"),
            StatusCode::NOT_ACCEPTABLE,
            None,
            not_acceptable,
        ),
    ];
    for Case {
        method,
        path,
        accept_encoding,
        status,
        allow,
        heading,
    } in cases
    {
        let mut sent = Request::builder().method(method).uri(path);
        if let Some(accept_encoding) = accept_encoding {
            sent = sent.header("accept-encoding", accept_encoding);
        }
        let reply = request(&app, sent.body(Body::empty()).unwrap()).await;
        let case = format!("{method} {path} ({accept_encoding:?})");
        assert_eq!(reply.status, status, "{case}");
        if let Some(allow) = allow {
            assert_eq!(reply.header("allow"), allow, "{case}");
        }
        assert!(reply.body.contains(heading), "{case}: {}", reply.body);
        let eyebrow = format!("Error {}", status.as_u16());
        assert!(reply.body.contains(&eyebrow), "{case}: the designed page");
        assert!(reply.body.contains("If you need help right now"), "{case}");
        assert!(
            !reply
                .body
                .contains("Harborlight Counseling Collective</h1>"),
            "{case}"
        );
        assert_eq!(
            reply.header("content-type"),
            "text/html; charset=utf-8",
            "{case}"
        );
        assert!(
            !reply.header("content-security-policy").is_empty(),
            "{case}"
        );
        assert_eq!(reply.header("x-content-type-options"), "nosniff", "{case}");
    }
}

/// In the editors' preview, broken content shows its problems in place of
/// every page, but a missing page is still a 404 and a refused form post
/// keeps its status.
#[tokio::test]
async fn the_preview_overlay_keeps_the_real_status() {
    let app = app_with(&demo_sources(), "http://127.0.0.1:3000", &["--dev"]);
    app.state
        .preview
        .as_ref()
        .unwrap()
        .problems
        .store(Some(std::sync::Arc::new(
            "posts/x.md:4:1: error: a typo".into(),
        )));
    let cases = [
        (Request::get("/"), StatusCode::OK),
        (Request::get("/nope"), StatusCode::NOT_FOUND),
        (
            Request::post("/consultation").header("content-type", "text/plain"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ];
    for (sent, status) in cases {
        let reply = request(&app, sent.body(Body::empty()).unwrap()).await;
        assert_eq!(reply.status, status, "{}", reply.body);
        assert!(
            reply.body.contains("The content needs fixing"),
            "{}",
            reply.body
        );
    }
}
