//! Staff sign-in at `/staff/`: a link by email through the outbox and a
//! real SMTP server, a button that posts, a `__Host-` session cookie the
//! store can revoke, and every staff route closed to strangers, taken
//! from the table the router is built from.

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::form::{fixture_app_at, pass_time, until_true, wait_for};
use common::smtp::SmtpServer;
use common::staff::{
    EDITOR, SAME_ORIGIN, START, ask, cookie_of, get_with, link_in, post, press, signed_in,
    staff_app, token_in,
};
use common::{TestApp, request};
use hearth::ManualClock;
use hearth::web::staff::{Access, routes};
use jiff::{SignedDuration, Timestamp};

/// An editor asks for a link, it arrives at the SMTP server, opening it
/// only shows a button (twice, as a mail scanner and then a person would),
/// and the button signs in with a `__Host-` cookie that the home accepts.
/// The link then works no more.
#[tokio::test]
async fn an_editor_signs_in_through_the_emailed_link() {
    let smtp = SmtpServer::start();
    let (app, _clock) = staff_app(&smtp);
    let asked = ask(&app, EDITOR).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("Check your email"), "{}", asked.body);
    let mail = wait_for(&smtp, 1).await;
    assert_eq!(mail[0].to, vec![EDITOR.to_owned()]);
    let text = mail[0].text();
    assert!(text.contains("works once, for 15 minutes"), "{text}");
    let link = link_in(&text);
    for _ in 0..2 {
        let opened = common::get(&app, &link).await;
        assert_eq!(opened.status, StatusCode::OK);
        assert!(
            opened
                .body
                .contains(&format!("<form method=\"post\" action=\"{link}\">")),
            "{}",
            opened.body
        );
        assert!(opened.body.contains(EDITOR));
        assert_eq!(opened.header("x-robots-tag"), "noindex, nofollow");
    }
    let pressed = press(&app, &link).await;
    assert_eq!(pressed.status, StatusCode::SEE_OTHER);
    assert_eq!(pressed.header("location"), "/staff/");
    let set = pressed.header("set-cookie");
    assert!(set.starts_with("__Host-hearth-staff="), "{set}");
    for attribute in ["Path=/", "HttpOnly", "Secure", "SameSite=Strict"] {
        assert!(set.split("; ").any(|part| part == attribute), "{set}");
    }
    let cookie = cookie_of(&pressed);
    let home = request(&app, get_with("/staff/", &cookie)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains(&format!("Signed in as {EDITOR}")));
    assert_eq!(home.header("cache-control"), "no-store");
    assert_eq!(press(&app, &link).await.status, StatusCode::GONE);
    assert_eq!(common::get(&app, &link).await.status, StatusCode::GONE);
}

/// Anyone gets the same page for any address, so the page tells no one
/// who the editors are; only the editor's address is sent a link.
#[tokio::test]
async fn every_address_gets_the_same_answer_and_only_editors_an_email() {
    let smtp = SmtpServer::start();
    let (app, _clock) = staff_app(&smtp);
    let stranger = ask(&app, "someone@elsewhere.example").await;
    let editor = ask(&app, &EDITOR.to_uppercase()).await;
    assert_eq!(stranger.status, editor.status);
    assert_eq!(stranger.body, editor.body);
    let mail = wait_for(&smtp, 1).await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to, vec![EDITOR.to_owned()]);
    let empty = request(&app, post("/staff/sign-in", "email=", &[SAME_ORIGIN])).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("aria-invalid=\"true\""));
}

/// A link a quarter of an hour old, one with its signature changed, and
/// one never made are each refused, opened or pressed.
#[tokio::test]
async fn expired_tampered_and_unknown_links_are_refused() {
    let smtp = SmtpServer::start();
    let (app, clock) = staff_app(&smtp);
    ask(&app, EDITOR).await;
    let link = link_in(&wait_for(&smtp, 1).await[0].text());
    let (id, signature) = link.rsplit_once('/').unwrap().1.split_once('-').unwrap();
    let flipped: String = signature
        .chars()
        .enumerate()
        .map(|(at, character)| match (at, character) {
            (0, '0') => '1',
            (0, _) => '0',
            (_, character) => character,
        })
        .collect();
    let tampered = format!("/staff/sign-in/{id}-{flipped}");
    let unknown = format!("/staff/sign-in/99-{signature}");
    for refused in [&tampered, &unknown, &"/staff/sign-in/nonsense".to_owned()] {
        assert_eq!(common::get(&app, refused).await.status, StatusCode::GONE);
        assert_eq!(press(&app, refused).await.status, StatusCode::GONE);
    }
    clock.advance(SignedDuration::from_mins(15));
    let late = common::get(&app, &link).await;
    assert_eq!(late.status, StatusCode::GONE);
    assert!(late.body.contains("Ask for a new one"), "{}", late.body);
    assert_eq!(press(&app, &link).await.status, StatusCode::GONE);
}

/// Every staff route that is not signing in itself refuses a stranger:
/// a page sends them to sign in, a post is forbidden, with or without a
/// made-up cookie. The routes come from the table the router is made of.
#[tokio::test]
async fn every_staff_route_refuses_anonymous_requests() {
    let smtp = SmtpServer::start();
    let (app, _clock) = staff_app(&smtp);
    let guarded: Vec<_> = routes()
        .into_iter()
        .filter(|route| route.access == Access::Editor)
        .collect();
    assert!(guarded.len() >= 2, "{guarded:?}");
    for route in guarded {
        let path = route
            .pattern
            .replace("{link}", "1-00")
            .replace("{*path}", "posts/a.md");
        for cookie in ["", "__Host-hearth-staff=made-up"] {
            let mut builder = Request::builder()
                .method(route.method.clone())
                .uri(&path)
                .header("sec-fetch-site", "same-origin")
                .header("content-type", "application/x-www-form-urlencoded");
            if !cookie.is_empty() {
                builder = builder.header("cookie", cookie);
            }
            let reply = request(&app, builder.body(Body::from("token=x")).unwrap()).await;
            // A page sends the browser to sign in; the preview's event
            // stream is read by a script, which has nowhere to go.
            if route.method == Method::GET
                && route.pattern != hearth::urls::routes::STAFF_PREVIEW_EVENTS
            {
                assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}");
                assert!(reply.header("location").starts_with("/staff/sign-in"));
            } else {
                assert_eq!(
                    reply.status,
                    StatusCode::FORBIDDEN,
                    "{} {path}",
                    route.method
                );
            }
        }
    }
}

/// Without editors every staff route is a 404, and the public pages are
/// the same bytes with the same headers whether or not editors are set.
#[tokio::test]
async fn without_editors_there_is_no_staff_site() {
    let clock = ManualClock::at(START.parse::<Timestamp>().unwrap());
    let without = fixture_app_at(None, Arc::clone(&clock), &[]);
    let with = fixture_app_at(None, clock, &["--editors", EDITOR]);
    for route in routes() {
        let path = (route.pattern)
            .replace("{link}", "1-00")
            .replace("{*path}", "site.yaml");
        let reply = request(
            &without,
            Request::builder()
                .method(route.method.clone())
                .uri(&path)
                .header("sec-fetch-site", "same-origin")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from("email=office%40harborlight.example"))
                .unwrap(),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{} {path}",
            route.method
        );
    }
    for path in ["/", "/blog", "/consultation", "/staff/anything"] {
        let (plain, staffed) = (
            common::get(&without, path).await,
            common::get(&with, path).await,
        );
        assert_eq!(plain.status, staffed.status, "{path}");
        if path != "/consultation" {
            // The form's signed fields differ from one showing to the next.
            assert_eq!(plain.body, staffed.body, "{path}");
        }
        assert_eq!(
            plain.header("content-security-policy"),
            staffed.header("content-security-policy")
        );
        assert!(!plain.body.contains("/staff/"), "{path}");
    }
}

/// A post from another site is refused before anything happens, and a
/// signed-in post without the session's token does nothing; with it, the
/// editor signs out and the cookie no longer works.
#[tokio::test]
async fn cross_site_and_tokenless_posts_are_refused() {
    let smtp = SmtpServer::start();
    let (app, _clock) = staff_app(&smtp);
    let forged = request(
        &app,
        post(
            "/staff/sign-in",
            "email=office%40harborlight.example",
            &[("sec-fetch-site", "cross-site")],
        ),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let cookie = signed_in(&app, &smtp).await;
    assert_eq!(smtp.received().len(), 1, "the forged post sent nothing");
    let home = request(&app, get_with("/staff/", &cookie)).await;
    let token = token_in(&home.body);
    let cookie_header = ("cookie", cookie.as_str());
    let body = format!("token={token}");
    let cross = request(
        &app,
        post(
            "/staff/sign-out",
            &body,
            &[cookie_header, ("sec-fetch-site", "cross-site")],
        ),
    )
    .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
    let tokenless = request(
        &app,
        post("/staff/sign-out", "token=", &[cookie_header, SAME_ORIGIN]),
    )
    .await;
    assert_eq!(tokenless.status, StatusCode::FORBIDDEN);
    assert_eq!(
        request(&app, get_with("/staff/", &cookie)).await.status,
        StatusCode::OK
    );
    let out = request(
        &app,
        post("/staff/sign-out", &body, &[cookie_header, SAME_ORIGIN]),
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.header("location"), "/staff/sign-in?signed-out");
    assert!(out.header("set-cookie").contains("Max-Age=0"));
    let after = request(&app, get_with("/staff/", &cookie)).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
}

/// `hearth staff sessions revoke` in another process ends a session at
/// once: the browser's next request is sent to sign in.
#[tokio::test]
async fn a_session_revoked_from_the_command_line_is_refused_at_once() {
    let smtp = SmtpServer::start();
    let (app, _clock) = staff_app(&smtp);
    let cookie = signed_in(&app, &smtp).await;
    let data = app.data.path().to_str().unwrap().to_owned();
    let listed =
        common::succeeded(common::hearth().args(["staff", "sessions", "--data-dir", &data]));
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert!(
        listed.contains(&format!("#1  {EDITOR}")) && listed.contains("open"),
        "{listed}"
    );
    common::succeeded(common::hearth().args([
        "staff",
        "--data-dir",
        &data,
        "sessions",
        "revoke",
        "1",
    ]));
    let refused = request(&app, get_with("/staff/", &cookie)).await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert_eq!(refused.header("location"), "/staff/sign-in?ended");
    let audit = common::succeeded(common::hearth().args(["staff", "audit", "--data-dir", &data]));
    let audit = String::from_utf8(audit.stdout).unwrap();
    assert!(audit.contains(&format!("{EDITOR}  sign_in")), "{audit}");
}

/// A session unused for 8 hours is over; one used within them goes on.
#[tokio::test]
async fn a_session_ends_after_eight_idle_hours() {
    let smtp = SmtpServer::start();
    let (app, clock) = staff_app(&smtp);
    let cookie = signed_in(&app, &smtp).await;
    clock.advance(SignedDuration::from_hours(7));
    assert_eq!(
        request(&app, get_with("/staff/", &cookie)).await.status,
        StatusCode::OK
    );
    clock.advance(SignedDuration::from_hours(7));
    assert_eq!(
        request(&app, get_with("/staff/", &cookie)).await.status,
        StatusCode::OK
    );
    clock.advance(SignedDuration::from_hours(8));
    assert_eq!(
        request(&app, get_with("/staff/", &cookie)).await.status,
        StatusCode::SEE_OTHER
    );
}

/// An address gets at most three links in a quarter of an hour, and one
/// client at most ten sign-in posts an hour, whatever the addresses.
#[tokio::test]
async fn sign_in_links_are_limited_per_address_and_per_client() {
    let smtp = SmtpServer::start();
    let (app, _clock) = staff_app(&smtp);
    for _ in 0..4 {
        assert_eq!(ask(&app, EDITOR).await.status, StatusCode::OK);
    }
    let mail = wait_for(&smtp, 3).await;
    assert_eq!(mail.len(), 3);
    for number in 4..10 {
        let address = format!("person{number}@elsewhere.example");
        assert_eq!(ask(&app, &address).await.status, StatusCode::OK);
    }
    let limited = ask(&app, EDITOR).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(!limited.header("retry-after").is_empty());
    assert_eq!(smtp.received().len(), 3);
}

/// How often the worker has tried to send sign-in link `id`'s email.
fn link_attempts(app: &TestApp, id: i64) -> i64 {
    let path = app.data.path().join("outbox.sqlite3");
    let store =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    store
        .query_row(
            "SELECT attempts FROM staff_sign_in_links WHERE id = ?1",
            [id],
            |row| row.get(0),
        )
        .unwrap()
}

/// A mail server that refuses for now delays the link and loses nothing:
/// the worker retries it as it retries a consultation request, and the
/// link that arrives works.
#[tokio::test]
async fn a_sign_in_link_is_retried_until_the_mail_server_takes_it() {
    let smtp = SmtpServer::start();
    smtp.fail_next(&[451]);
    let (app, clock) = staff_app(&smtp);
    ask(&app, EDITOR).await;
    until_true("the refused attempt recorded", || {
        link_attempts(&app, 1) == 1
    })
    .await;
    assert!(smtp.received().is_empty());
    pass_time(&app, &clock, SignedDuration::from_secs(3));
    let mail = wait_for(&smtp, 1).await;
    until_true("the delivery recorded", || link_attempts(&app, 1) == 2).await;
    let pressed = press(&app, &link_in(&mail[0].text())).await;
    assert_eq!(pressed.status, StatusCode::SEE_OTHER);
    assert_eq!(smtp.received().len(), 1);
}

/// An editor taken off `editors:` in `site.yaml` is signed out at their
/// next request once the site reloads.
#[tokio::test]
async fn an_editor_taken_off_the_list_is_signed_out() {
    let smtp = SmtpServer::start();
    let (content, sources) = common::editable_site();
    let yaml = content.path().join("site.yaml");
    let original = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(
        &yaml,
        format!("{original}editors: [{EDITOR}, other@harborlight.example]\n"),
    )
    .unwrap();
    let clock = ManualClock::at(START.parse::<Timestamp>().unwrap());
    let url = smtp.url();
    let mut app = common::app_at(
        &sources,
        "http://127.0.0.1:3000",
        &["--smtp-url", &url],
        Arc::clone(&clock) as _,
    );
    common::form::start_worker(&mut app);
    let cookie = signed_in(&app, &smtp).await;
    assert_eq!(
        request(&app, get_with("/staff/", &cookie)).await.status,
        StatusCode::OK
    );
    std::fs::write(
        &yaml,
        format!("{original}editors: [other@harborlight.example]\n"),
    )
    .unwrap();
    app.state.site.reload().unwrap();
    let refused = request(&app, get_with("/staff/", &cookie)).await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert_eq!(refused.header("location"), "/staff/sign-in?ended");
}
