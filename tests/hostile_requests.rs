//! A corpus of hostile requests, generated here, through the whole router
//! on a small fixture site: invalid and overlong percent-escapes, NUL,
//! emoji and right-to-left marks, `..` and `//` segments, paths of 10 KB,
//! long and odd query strings on every route, odd headers and every method.
//! None may answer 5xx: a panic is answered 500 by the router's catch-panic
//! layer, so this catches panics too. It takes seconds.

mod common;

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, header};
use common::*;

/// Percent-escapes and characters that break naive decoding or matching.
const HOSTILE_SEGMENTS: &[&str] = &[
    "%",
    "%%",
    "%G1",
    "%1",
    "%C3",
    "%C3%28",
    "%C0%AF",
    "%E0%80%AF",
    "%ED%A0%80",
    "%F4%90%80%80",
    "%FF%FE",
    "%00",
    "a%00b",
    "%0D%0ASet-Cookie:%20x=1",
    "%E2%80%AE",
    "%E2%80%8F%D7%A9%D7%9C%D7%95%D7%9D",
    "%F0%9F%99%82",
    "%F0%9F%91%A9%E2%80%8D%F0%9F%91%A9%E2%80%8D%F0%9F%91%A7",
    "e%CC%81",
    "%CC%81",
    "p%C3%A9rdida",
    "..",
    ".",
    "%2e%2e",
    "..%2F..%2Fetc%2Fpasswd",
    "%2F",
    "%5C",
    "~",
    ";x",
    "%20",
    "+",
    "%25",
    "%7B slug%7D",
    "{slug}",
    "*",
];

/// Query strings that break naive parsing.
const HOSTILE_QUERIES: &[&str] = &[
    "",
    "q",
    "q=",
    "q=%",
    "q=%G1",
    "q=%C3",
    "q=%C0%AF",
    "q=%00",
    "q=ma%C3%B1ana",
    "q=%E2%80%AE%D7%A9",
    "q=%F0%9F%99%82",
    "q=e%CC%81",
    "q=%CC%81%CC%81",
    "q=a&q=b",
    "q&q&q",
    "=&=&",
    "&&&",
    "%",
    "q[]=1",
    ";",
    "page=-1",
    "page=99999999999999999999999",
    "therapist=%FF&service=%00&format=%",
    "name=%3Cscript%3E",
];

/// Every address of the fixture site: routes, and one page of each kind.
fn addresses() -> Vec<String> {
    use hearth::urls::routes;
    let mut addresses: Vec<String> = routes::SINGLE
        .iter()
        .map(|route| route.to_string())
        .collect();
    addresses.extend(
        [
            "/blog/page/2",
            "/blog/hello",
            "/blog/tags/first-post",
            "/therapists/jo-lee",
            "/services/individual-therapy",
            "/about",
            "/static/css/site.css",
            "/static/favicon.svg",
        ]
        .map(String::from),
    );
    addresses
}

/// The hostile paths: each segment after, inside and before each address,
/// doubled slashes and dot segments, and paths of 10 KB.
fn hostile_paths() -> Vec<String> {
    let mut paths = Vec::new();
    for address in addresses() {
        let trimmed = address.trim_end_matches('/');
        for segment in HOSTILE_SEGMENTS {
            paths.push(format!("{trimmed}/{segment}"));
            paths.push(format!("{trimmed}{segment}"));
            paths.push(format!("/{segment}{address}"));
        }
        paths.push(format!("{trimmed}//"));
        paths.push(format!("/{address}"));
        paths.push(format!("{trimmed}/./../{trimmed}"));
    }
    paths.push(format!("/{}", "a".repeat(10 * 1024)));
    paths.push(format!("/blog/{}", "%C3%B1".repeat(1800)));
    paths.push(format!("/{}", "../".repeat(3500)));
    paths.push(format!("/{}", "%F0%9F%99%82".repeat(900)));
    paths.push("/".repeat(10 * 1024));
    paths
}

/// Long queries: a search of 10 KB of emoji and of 5,000 words.
fn long_queries() -> Vec<String> {
    vec![
        format!("q={}", "%F0%9F%99%82".repeat(850)),
        format!("q={}", "grief+".repeat(5000)),
        format!("q={}", "%C3%B1".repeat(1700)),
        format!("q={}", "e%CC%81".repeat(1400)),
        format!("{}=1", "x".repeat(10 * 1024)),
    ]
}

/// Builds a request, or `None` when `http` itself refuses the URI (as
/// hyper would, before the router ever sees it).
fn hostile_request(method: &Method, uri: &str) -> Option<Request<Body>> {
    let mut builder = Request::builder().method(method.clone()).uri(uri);
    if *method == Method::POST {
        builder = builder.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    let body = if *method == Method::POST {
        Body::from("name=%FF&email=%00&message=%C3&x=%")
    } else {
        Body::empty()
    };
    builder.body(body).ok()
}

/// Every hostile path, every route with every odd query, every method on
/// every route, and odd negotiation headers: no answer is 5xx.
#[tokio::test]
async fn no_hostile_request_gets_a_server_error() {
    let app = app_for(&fixture_sources("minimal"), "http://127.0.0.1:3000");
    let odd_methods = ["BREW", "PROPFIND", "M-SEARCH", "X"]
        .map(|name| Method::from_bytes(name.as_bytes()).expect("a valid method token"));
    let mut requests: Vec<(Method, String)> = Vec::new();
    requests.extend(hostile_paths().into_iter().map(|path| (Method::GET, path)));
    let queries: Vec<String> = HOSTILE_QUERIES
        .iter()
        .map(|query| query.to_string())
        .chain(long_queries())
        .collect();
    for address in addresses() {
        for query in &queries {
            requests.push((Method::GET, format!("{address}?{query}")));
        }
        for method in [
            Method::HEAD,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::PATCH,
            Method::OPTIONS,
            Method::TRACE,
            Method::CONNECT,
        ]
        .into_iter()
        .chain(odd_methods.iter().cloned())
        {
            requests.push((method.clone(), address.clone()));
            requests.push((method, format!("{address}?q=%C0%AF")));
        }
    }
    let mut failures = Vec::new();
    let mut refused_by_http = 0;
    let total = requests.len();
    for (method, uri) in requests {
        let Some(request) = hostile_request(&method, &uri) else {
            refused_by_http += 1;
            continue;
        };
        let reply = request_to(&app, request).await;
        if reply.is_server_error() {
            failures.push(format!("{method} {} → {reply}", shorten(&uri)));
        }
    }
    assert!(
        total >= 500 && refused_by_http * 10 < total,
        "the corpus reached the router: {refused_by_http} of {total} were refused before it"
    );
    assert!(
        failures.is_empty(),
        "{} of {total} hostile requests got a server error:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Odd `Accept-Encoding`, `If-None-Match` and other headers on each page:
/// bytes beyond ASCII, NUL-free control characters, huge values, nonsense weights.
#[tokio::test]
async fn odd_headers_get_no_server_error() {
    let app = app_for(&fixture_sources("minimal"), "http://127.0.0.1:3000");
    let values: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"*".to_vec(),
        b"*;q=0".to_vec(),
        b"identity;q=0, *;q=0".to_vec(),
        b"br;q=nan, gzip;q=-1, identity;q=1e999".to_vec(),
        b"W/\"\", W/, W/W/\"x\", \"".to_vec(),
        b"\xff\xfe\xc3\x28\xe2\x80\xae".to_vec(),
        b"\x01\x02\x7f".to_vec(),
        "mañana 🙂".as_bytes().to_vec(),
        ",".repeat(8 * 1024).into_bytes(),
        "br;".repeat(2000).into_bytes(),
    ];
    let names = [
        header::ACCEPT_ENCODING,
        header::IF_NONE_MATCH,
        header::IF_MODIFIED_SINCE,
        header::ACCEPT,
        header::ACCEPT_LANGUAGE,
        header::ORIGIN,
        header::HOST,
        header::COOKIE,
        header::RANGE,
    ];
    let mut failures = Vec::new();
    for address in addresses() {
        for name in &names {
            for value in &values {
                let Ok(value) = HeaderValue::from_bytes(value) else {
                    continue;
                };
                let request = Request::get(address.as_str())
                    .header(name, value.clone())
                    .body(Body::empty())
                    .unwrap();
                let reply = request_to(&app, request).await;
                if reply.is_server_error() {
                    failures.push(format!("{address} {name}: {value:?} → {reply}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Just the status and the start of the body, for a failure message.
struct Answer {
    status: axum::http::StatusCode,
    start: String,
}

impl Answer {
    fn is_server_error(&self) -> bool {
        self.status.is_server_error()
    }
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status, self.start)
    }
}

async fn request_to(app: &TestApp, request: Request<Body>) -> Answer {
    let reply = common::request(app, request).await;
    Answer {
        status: reply.status,
        start: shorten(&reply.body),
    }
}

/// The first 100 characters, for messages about 10 KB paths.
fn shorten(text: &str) -> String {
    text.chars().take(100).collect()
}
