//! One client must not take the server down: clients that never read their
//! responses, trickle their bodies, sit idle or open every connection they
//! can are cut off or refused while everyone else is still served; and the
//! odd requests (a too-long file name, an asset sent DELETE, an encoding
//! nobody can make) get the designed pages with their real status.
//!
//! The connection tests run the real binary on port 0. A second client
//! address comes from binding to 127.0.0.2: on Linux all of 127/8 is this
//! machine. They wait for what they expect within generous deadlines and
//! assert no timings. They serve the small fixture site, not the demo
//! practice.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::form::minimal_sources;
use common::{Running, app_with, editable_site, hearth, request, wait_for_address};

/// How often the slow client below sends one more byte of its body: the
/// client's own pace, far slower than any visitor's, not a wait.
const TRICKLE_EVERY: Duration = Duration::from_millis(1500);

/// Starts `hearth` on port 0 with its own data folder and `settings`,
/// serving the fixture site unless `settings` name other content.
fn serve(settings: &[&str]) -> (String, Running, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let mut command = hearth();
    command
        .args(["--addr", "127.0.0.1:0"])
        .arg("--data-dir")
        .arg(data.path());
    if !settings.contains(&"--content") {
        command.arg("--content").arg(minimal_sources().content);
    }
    let mut child = command
        .args(settings)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (address, log) = wait_for_address(&mut child);
    // The log is drained so the server never blocks writing to it.
    std::thread::spawn(move || std::io::copy(&mut { log }, &mut std::io::sink()));
    (address, Running(Some(child)), data)
}

/// A connection to `address` from the local address `from` (127.0.0.2, say).
fn connect_from(from: &str, address: &str) -> std::io::Result<TcpStream> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4()?;
        socket.bind(format!("{from}:0").parse().unwrap())?;
        let stream = socket.connect(address.parse().unwrap()).await?;
        let stream = stream.into_std()?;
        stream.set_nonblocking(false)?;
        Ok(stream)
    })
}

/// `GET path` from the local address `from`, or what went wrong, within a
/// few seconds.
fn get_from(from: &str, address: &str, path: &str) -> std::io::Result<String> {
    let mut stream = connect_from(from, address)?;
    stream.set_read_timeout(Some(Duration::from_secs(3)))?;
    stream.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").as_bytes(),
    )?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

/// A connection to `address` that has sent `GET path` and stays open after
/// the answer, with 30 s for each read.
fn keep_alive_get(address: &str, path: &str) -> TcpStream {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: {address}\r\n\r\n").as_bytes())
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream
}

fn is_ok(answer: &std::io::Result<String>) -> bool {
    answer
        .as_ref()
        .is_ok_and(|answer| answer.starts_with("HTTP/1.1 200 OK"))
}

/// Clients that ask for a large file over and over and never read the
/// answers, more of them than the server takes at once, are cut off, and
/// another client's `/healthz` is answered meanwhile.
#[test]
fn clients_that_never_read_are_cut_off_while_others_are_served() {
    let (address, running, _data) = serve(&[
        "--max-connections",
        "8",
        "--max-connections-per-client",
        "100",
        "--write-timeout-seconds",
        "2",
        "--header-timeout-seconds",
        "60",
        "--idle-timeout-seconds",
        "60",
    ]);
    let ask = format!("GET /static/img/social.png HTTP/1.1\r\nHost: {address}\r\n\r\n");
    // Each with how much of its current request it has sent: a request
    // cut in two by a full buffer is finished before the next starts.
    let mut hogs: Vec<Option<(TcpStream, usize)>> = (0..12)
        .map(|_| {
            let hog = TcpStream::connect(&address).unwrap();
            hog.set_nonblocking(true).unwrap();
            Some((hog, 0))
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut others_served = false;
    loop {
        // Each keeps asking as long as the server takes its requests; a
        // write that fails means the server closed the connection.
        for slot in &mut hogs {
            for _ in 0..64 {
                let Some((hog, sent)) = slot else { break };
                match hog.write(&ask.as_bytes()[*sent..]) {
                    Ok(written) => *sent = (*sent + written) % ask.len(),
                    Err(error) if error.kind() == ErrorKind::WouldBlock => break,
                    Err(_) => *slot = None,
                }
            }
        }
        others_served = others_served || is_ok(&get_from("127.0.0.2", &address, "/healthz"));
        let open = hogs.iter().filter(|hog| hog.is_some()).count();
        if others_served && open == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "after a minute: /healthz answered: {others_served}; {open} of 12 non-reading clients still connected"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(running);
}

/// A form post whose body trickles in a byte every [`TRICKLE_EVERY`] is cut off (a 408
/// page, or the connection closed) long before its end, while another
/// client is served.
#[test]
fn a_trickled_body_is_cut_off_while_others_are_served() {
    let (address, running, _data) = serve(&[
        "--body-timeout-seconds",
        "3",
        "--header-timeout-seconds",
        "60",
        "--idle-timeout-seconds",
        "60",
    ]);
    let mut post = TcpStream::connect(&address).unwrap();
    post.write_all(
        format!(
            "POST /consultation HTTP/1.1\r\nHost: {address}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 600\r\n\r\nname="
        )
        .as_bytes(),
    )
    .unwrap();
    // 600 bytes at one per 1.5 s would take 15 minutes.
    let mut trickle = post.try_clone().unwrap();
    std::thread::spawn(move || {
        for _ in 0..600 {
            std::thread::sleep(TRICKLE_EVERY);
            if trickle.write_all(b"a").is_err() {
                return;
            }
        }
    });
    assert!(is_ok(&get_from("127.0.0.2", &address, "/healthz")));

    post.set_read_timeout(Some(Duration::from_secs(40)))
        .unwrap();
    let mut answer = Vec::new();
    let ended = match post.read_to_end(&mut answer) {
        Ok(_) => true,
        Err(error) => error.kind() == ErrorKind::ConnectionReset,
    };
    let answer = String::from_utf8_lossy(&answer);
    assert!(ended, "the slow body was never cut off: {answer}");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );
    if !answer.is_empty() {
        assert!(
            answer.contains("<h1>That took too long to reach us</h1>"),
            "{answer}"
        );
    }
    assert!(is_ok(&get_from("127.0.0.2", &address, "/healthz")));
    drop(running);
}

/// A connection kept alive after its response and then left idle is
/// closed after the idle timeout, not the (longer) header timeout.
#[test]
fn idle_kept_alive_connections_are_closed() {
    let (address, running, _data) = serve(&[
        "--idle-timeout-seconds",
        "1",
        "--header-timeout-seconds",
        "60",
    ]);
    let mut client = keep_alive_get(&address, "/healthz");
    let mut answer = Vec::new();
    let mut chunk = [0; 1024];
    while !answer.ends_with(b"\r\n\r\nok") {
        let read = client.read(&mut chunk).expect("the /healthz answer");
        assert!(read > 0, "closed before answering");
        answer.extend_from_slice(&chunk[..read]);
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(
        !answer.to_lowercase().contains("connection: close"),
        "{answer}"
    );
    // Well within the header timeout: only the idle timeout can close it.
    let closed = matches!(client.read(&mut chunk), Ok(0));
    assert!(closed, "the idle connection was still open after 30 s");
    drop(running);
}

/// The idle timer runs only between requests: the preview's event stream,
/// a response that lasts, stays open past it and still tells the tab to
/// reload.
#[test]
fn a_lasting_response_is_not_cut_off_as_idle() {
    let (site, sources) = common::editable_site();
    let content = sources.content.display().to_string();
    let (address, running, _data) = serve(&[
        "--dev",
        "--content",
        &content,
        "--idle-timeout-seconds",
        "1",
        "--header-timeout-seconds",
        "1",
    ]);
    let mut events = keep_alive_get(&address, "/_dev/events");
    let mut seen = Vec::new();
    let mut chunk = [0; 1024];
    let mut read_until = |wanted: &[u8], seen: &mut Vec<u8>| {
        while !seen.windows(wanted.len()).any(|window| window == wanted) {
            let read = events.read(&mut chunk).expect("the event stream");
            assert!(
                read > 0,
                "the event stream was closed: {}",
                String::from_utf8_lossy(seen)
            );
            seen.extend_from_slice(&chunk[..read]);
        }
    };
    read_until(b"\r\n\r\n", &mut seen);
    // Two connections opened after the stream, one idle after its answer
    // and one that never finishes its request, are closed by the idle and
    // header timeouts: by then the stream, with nothing sent either way,
    // is past both.
    let mut idle = keep_alive_get(&address, "/healthz");
    assert_closed_by_the_server(&mut idle, "the idle connection");
    let mut unfinished = TcpStream::connect(&address).unwrap();
    unfinished.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    unfinished
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    assert_closed_by_the_server(&mut unfinished, "the unfinished request");
    std::fs::write(
        site.path().join("posts/2026-01-06-fresh.md"),
        "---\ntitle: Fresh\ndate: 2026-01-06\nauthor: jo-lee\n---\nJust saved.\n",
    )
    .unwrap();
    read_until(b"data: reload", &mut seen);
    drop(running);
}

/// Reads `stream` until the server closes it, failing if it is still open
/// after the stream's read timeout.
fn assert_closed_by_the_server(stream: &mut TcpStream, what: &str) {
    let mut rest = Vec::new();
    match stream.read_to_end(&mut rest) {
        Ok(_) => {}
        Err(error) if error.kind() == ErrorKind::ConnectionReset => {}
        Err(error) => panic!("{what} was never closed: {error}"),
    }
}

/// Connections from one address beyond its share are refused at once,
/// while another address is served; a closed connection frees a place.
#[test]
fn one_address_cannot_take_every_connection() {
    let (address, running, _data) = serve(&[
        "--max-connections-per-client",
        "3",
        "--header-timeout-seconds",
        "60",
        "--idle-timeout-seconds",
        "60",
    ]);
    let mut held: Vec<TcpStream> = (0..3)
        .map(|_| TcpStream::connect(&address).unwrap())
        .collect();
    let over = get_from("127.0.0.1", &address, "/healthz");
    assert!(!is_ok(&over), "a fourth connection was served: {over:?}");
    assert!(is_ok(&get_from("127.0.0.2", &address, "/healthz")));

    held.pop();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !is_ok(&get_from("127.0.0.1", &address, "/healthz")) {
        assert!(
            Instant::now() < deadline,
            "the freed place was never given back"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(running);
}

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
    let app = app_with(&minimal_sources(), "http://127.0.0.1:3000", &[]);
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
        assert!(!reply.body.contains("Test Practice</h1>"), "{case}");
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
    let (dir, sources) = editable_site();
    let app = app_with(&sources, "http://127.0.0.1:3000", &["--dev"]);
    let post = dir.path().join("posts/2026-01-05-hello.md");
    let good = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, good.replace("author:", "autor:")).unwrap();
    assert!(app.state.site.reload().is_err());
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
