//! `/consultation`: the form, its post, and the thank-you page. The post is
//! checked in order of cost: where it came from, how often this client has
//! posted, what kind of body it is, how big, whether it reads as our form;
//! only then do its fields reach the domain (which counts it towards the
//! overall limit once its signed hidden fields check out).
//!
//! A body over the limit but still readable is shown back to the visitor
//! with 413, every field kept and the long ones marked: a person who wrote
//! too much must not lose it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{AppState, PageError};
use crate::consultation::form::{
    self, Field, FieldError, FormValues, MAX_BODY_BYTES, MAX_READ_BYTES,
};
use crate::consultation::rate_limit::Verdict;
use crate::consultation::token::{Token, TokenProblem};
use crate::consultation::{Outcome, Rejection};
use crate::policy::NO_STORE;
use crate::render::booking::Offer;
use crate::render::consultation::{FormPage, consultation_page};

#[derive(Deserialize)]
pub struct FormQuery {
    therapist: Option<String>,
    session_language: Option<String>,
    /// The week of free times to show: any day of it, as 2026-12-07.
    week: Option<String>,
    /// The US time zone to show the times in, by its IANA name.
    zone: Option<String>,
}

/// Which of the free times the form shows, from its address or its post.
#[derive(Default)]
pub(super) struct TimesShown {
    pub(super) week: Option<jiff::civil::Date>,
    pub(super) zone: Option<String>,
    /// The start the visitor wanted when it was just taken.
    pub(super) taken: Option<jiff::Timestamp>,
}

/// The form, with a therapist chosen when the link came from their page,
/// in the language of its address (`/es/consultation`).
pub async fn form(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    query: Result<Query<FormQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let Some(edition) = form_edition(&state, &uri) else {
        return super::pages::by_path(State(state.clone()), method, uri, headers).await;
    };
    let mut values = FormValues::default();
    let site = state.site.load();
    let query = query.map(|Query(query)| query).ok();
    let (therapist, session_language, week, zone) = query
        .map(|query| {
            (
                query.therapist,
                query.session_language,
                query.week,
                query.zone,
            )
        })
        .unwrap_or_default();
    let shown = TimesShown {
        week: week.and_then(|week| week.trim().parse().ok()),
        zone,
        taken: None,
    };
    if let Some(slug) = therapist
        && site.site.therapist(&slug).is_some()
    {
        values.set(Field::Therapist, slug);
    }
    // A visitor reading in Spanish is offered sessions in Spanish first.
    let session_language = session_language.or_else(|| {
        let language = site.site.edition(edition).language();
        (edition > 0).then(|| site.site.settings.catalog().language_name(language))
    });
    if let Some(language) = session_language
        && crate::consultation::choices(&site.site)
            .speakers_of(&language)
            .is_some()
    {
        values.set(Field::SessionLanguage, language);
    }
    let token = state.consultation.fresh_token();
    let form = Form {
        status: StatusCode::OK,
        values: &values,
        errors: &[],
        notice: None,
        token: &token,
    };
    render_form(&state, edition, form, shown).await
}

/// The language of a consultation address, or `None` when `/{language}/consultation`
/// matched something that is not a language of the site.
fn form_edition(state: &AppState, uri: &Uri) -> Option<usize> {
    let rendered = &state.site.load().rendered;
    let edition = rendered.edition_of(uri.path());
    let paths = &rendered.edition(edition).paths;
    [paths.consultation(), paths.consultation_thanks()]
        .contains(&uri.path().to_owned())
        .then_some(edition)
}

/// The thank-you page: never cached, since it follows a private action.
pub async fn thanks(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    if form_edition(&state, &uri).is_none() {
        return super::pages::by_path(State(state.clone()), method, uri, headers).await;
    }
    let site = state.site.load();
    let html = (site.rendered.pages.get(uri.path()))
        .map(|page| page.body(crate::render::Encoding::Identity))
        .unwrap_or_default();
    Ok(no_store(
        (StatusCode::OK, html_type(), html).into_response(),
    ))
}

/// Refusals are [`PageError`]s: the designed answers layer gives each its
/// page and the error pages' cache policy, which never stores them.
pub async fn submit(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, PageError> {
    let Some(edition) = form_edition(&state, request.uri()) else {
        return Err(PageError::MethodNotAllowed);
    };
    let loaded = state.site.load();
    let consultation = &state.consultation;

    if !is_same_site(request.headers(), &loaded.urls) {
        tracing::warn!("refused a consultation post sent from another site");
        return Err(PageError::Forbidden);
    }
    let client = client_ip(&request, consultation.trust_proxy);
    if let Verdict::Limited(retry_after) = consultation.check_client(client) {
        tracing::warn!("consultation posts from one client are over the hourly limit");
        return Err(PageError::TooManyRequests { retry_after });
    }
    if !is_form_content_type(request.headers()) {
        return Err(PageError::UnsupportedMediaType);
    }
    let (body, over_limit) = match read_body(request).await {
        ReadBody::Within(body) => (body, false),
        ReadBody::OverLimit(body) => (body, true),
        ReadBody::TooLarge => return Err(PageError::PayloadTooLarge),
        // A body trickled in too slowly: say so, and let the connection go.
        ReadBody::TooSlow => return Err(PageError::RequestTimeout),
    };
    let values = match form::parse_body(&body) {
        Ok(values) => values,
        Err(error) if over_limit => {
            tracing::warn!("refused a consultation post over the size limit: {error}");
            return Err(PageError::PayloadTooLarge);
        }
        Err(error) => {
            tracing::warn!("refused a malformed consultation post: {error}");
            return Err(PageError::BadRequest);
        }
    };
    if over_limit {
        // Too large, but readable: everything typed goes back to the visitor,
        // with the fields that are too long marked. Nothing is stored.
        tracing::info!("a consultation post over the size limit was shown again");
        let (errors, token) = consultation.too_large(&values, &loaded.site);
        let form = Form {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            values: &values,
            errors: &errors,
            notice: Some(form::NOTICE_TOO_LARGE),
            token: &token,
        };
        return render_form(&state, edition, form, TimesShown::default()).await;
    }

    let language = loaded.site.edition(edition).language();
    let outcome = consultation.submit(&values, &loaded.site, language).await;
    answer(&state, edition, &values, outcome).await
}

/// What the visitor is told once the domain has taken or refused the post.
async fn answer(
    state: &AppState,
    edition: usize,
    values: &FormValues,
    outcome: Result<Outcome, crate::consultation::outbox::OutboxError>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(Outcome::Accepted(stored)) => {
            if stored.is_new {
                tracing::info!("consultation request #{} stored", stored.id);
            } else {
                tracing::info!(
                    "consultation request #{} was sent twice; stored once",
                    stored.id
                );
            }
            Ok(see_thanks(state, edition))
        }
        Ok(Outcome::Booked { stored, booking }) => {
            tracing::info!(
                "consultation request #{} stored with booking #{booking}",
                stored.id
            );
            let reference = state.consultation.booking_reference(booking);
            let rendered = &state.site.load().rendered;
            let booked = rendered
                .edition(edition)
                .paths
                .consultation_booked(&reference);
            Ok(no_store(
                (StatusCode::SEE_OTHER, [(header::LOCATION, booked)]).into_response(),
            ))
        }
        Ok(Outcome::AlreadyReceived(stored)) => {
            tracing::info!(
                "consultation request #{} was sent again with changes; the changes were not stored",
                stored.id
            );
            Ok(already_received(state, edition))
        }
        Ok(Outcome::Ignored) => {
            tracing::info!("a consultation post was ignored as likely automated");
            Ok(see_thanks(state, edition))
        }
        Ok(Outcome::Limited(retry_after)) => {
            tracing::warn!("consultation posts from all clients are over the hourly limit");
            Err(PageError::TooManyRequests { retry_after })
        }
        Ok(Outcome::Rejected { rejection, token }) => {
            let (errors, notice) = match rejection {
                Rejection::Fields(errors) => (errors, None),
                Rejection::Token(TokenProblem::Expired) => (Vec::new(), Some(form::NOTICE_EXPIRED)),
                Rejection::Token(TokenProblem::Invalid) => {
                    (Vec::new(), Some(form::NOTICE_UNCONFIRMED))
                }
            };
            let taken = (errors.iter())
                .any(|error| error.message == "form-error-slot-taken")
                .then(|| crate::consultation::slots::parse_value(&values.slot))
                .flatten();
            let form = Form {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                values,
                errors: &errors,
                notice,
                token: &token,
            };
            let shown = TimesShown {
                taken,
                ..TimesShown::default()
            };
            render_form(state, edition, form, shown).await
        }
        Err(error) => {
            tracing::error!(%error, "could not store a consultation request; the visitor was asked to call");
            Err(PageError::ServiceUnavailable)
        }
    }
}

/// A form body as read.
enum ReadBody {
    /// Within [`MAX_BODY_BYTES`]: read as the form.
    Within(Bytes),
    /// Over the limit but within [`MAX_READ_BYTES`]: shown back to the
    /// visitor if it can be read, never stored.
    OverLimit(Bytes),
    /// Declared or found larger than [`MAX_READ_BYTES`], or not readable.
    TooLarge,
    /// Not all there within the server's body deadline.
    TooSlow,
}

/// Reads the body of a form post: the one place a post's body is read.
async fn read_body(request: Request) -> ReadBody {
    let declared_length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > MAX_READ_BYTES as u64) {
        return ReadBody::TooLarge;
    }
    match axum::body::to_bytes(request.into_body(), MAX_READ_BYTES).await {
        Ok(body) if body.len() <= MAX_BODY_BYTES => ReadBody::Within(body),
        Ok(body) => ReadBody::OverLimit(body),
        Err(error) if crate::server::connection::is_body_timeout(&error) => ReadBody::TooSlow,
        Err(_) => ReadBody::TooLarge,
    }
}

/// One showing of the form: its status, what was posted, what is wrong.
struct Form<'a> {
    status: StatusCode,
    values: &'a FormValues,
    errors: &'a [FieldError],
    notice: Option<&'a str>,
    token: &'a Token,
}

async fn render_form(
    state: &AppState,
    edition: usize,
    form: Form<'_>,
    shown: TimesShown,
) -> Result<Response, PageError> {
    let loaded = state.site.load();
    let availability = loaded.site.settings.consultations.as_ref();
    let free = state.consultation.free_slots_for_page(&loaded.site).await;
    let offer = availability.map(|availability| Offer {
        free: &free,
        length_minutes: availability.length.as_mins(),
        week: shown.week,
        zone: shown.zone.as_deref(),
        taken: shown.taken,
        now: state.site.now(),
    });
    let page = FormPage {
        values: form.values,
        errors: form.errors,
        token: form.token,
        notice: form.notice,
        offer,
    };
    let html = consultation_page(&loaded.page_context(state.site.now(), edition), &page)?;
    Ok(no_store((form.status, html_type(), html).into_response()))
}

/// 409: this form was stored before with other fields.
fn already_received(state: &AppState, edition: usize) -> Response {
    let html = (state.site.load().rendered.edition(edition).already_received).clone();
    no_store((StatusCode::CONFLICT, html_type(), html).into_response())
}

/// 303 to the thank-you page in the form's language.
fn see_thanks(state: &AppState, edition: usize) -> Response {
    let rendered = &state.site.load().rendered;
    let thanks = rendered.edition(edition).paths.consultation_thanks();
    no_store((StatusCode::SEE_OTHER, [(header::LOCATION, thanks)]).into_response())
}

pub(super) fn html_type() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, "text/html; charset=utf-8")]
}

/// Pages with what a visitor typed, or that follow their post, are never
/// kept by browsers or proxies.
pub(super) fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_STORE));
    response
}

/// Cross-site posts are refused: browsers say where a request came from in
/// `Sec-Fetch-Site`; older ones send `Origin`, checked against the base URL.
/// A post with neither comes from no browser page at all, so it cannot be a
/// cross-site forgery (and there is no cookie to abuse anyway).
pub fn is_same_site(headers: &HeaderMap, urls: &crate::urls::SiteUrls) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    match headers.get(header::ORIGIN) {
        Some(origin) => urls
            .origin()
            .is_some_and(|expected| origin.as_bytes() == expected.as_bytes()),
        None => true,
    }
}

/// The fields of a small form's post (a link's button, a cancellation):
/// 415 unless it is a form, 413 over `max` bytes.
pub(super) async fn small_form(
    request: Request,
    max: usize,
) -> Result<Vec<(String, String)>, PageError> {
    if !is_form_content_type(request.headers()) {
        return Err(PageError::UnsupportedMediaType);
    }
    let body = axum::body::to_bytes(request.into_body(), max)
        .await
        .map_err(|_| PageError::PayloadTooLarge)?;
    Ok(url::form_urlencoded::parse(&body).into_owned().collect())
}

pub(super) fn is_form_content_type(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| {
            essence
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// The socket peer, or, behind a trusted reverse proxy, the address the
/// proxy appended last to `X-Forwarded-For`. Earlier entries come from the
/// client and can say anything, so they are never used: when the proxy's
/// entry cannot be read, the socket peer (the proxy) stands for the client.
pub(super) fn client_ip(request: &Request, trust_proxy: bool) -> IpAddr {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ConnectInfo(address)| {
            address.ip().to_canonical()
        });
    if trust_proxy {
        let values = request.headers().get_all("x-forwarded-for");
        if let Some(address) = proxy_entry(values.iter()) {
            return address;
        }
    }
    peer
}

/// The proxy's own entry: the last one of the last `X-Forwarded-For` line
/// (a proxy appends to the line it got, or adds a line of its own at the
/// end), if it is an address.
fn proxy_entry<'a>(mut lines: impl DoubleEndedIterator<Item = &'a HeaderValue>) -> Option<IpAddr> {
    let line = lines.next_back()?.to_str().ok()?;
    parse_forwarded_entry(line.rsplit(',').next()?)
}

/// One `X-Forwarded-For` entry as proxies write them: `203.0.113.6`,
/// `203.0.113.6:5555`, `2001:db8::1`, `[2001:db8::1]` or
/// `[2001:db8::1]:443`. Anything else (`unknown`, an obfuscated name) is
/// not an address. IPv4 written as IPv6 (`::ffff:203.0.113.6`) counts as
/// the IPv4 address, so one client has one limit.
pub fn parse_forwarded_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    if let Ok(address) = entry.parse::<IpAddr>() {
        return Some(address.to_canonical());
    }
    if let Some(bracketed) = entry.strip_prefix('[') {
        let (inside, after) = bracketed.split_once(']')?;
        if !after.is_empty() && !after.strip_prefix(':').is_some_and(is_port) {
            return None;
        }
        return inside
            .parse::<Ipv6Addr>()
            .ok()
            .map(|address| IpAddr::V6(address).to_canonical());
    }
    let (host, port) = entry.rsplit_once(':')?;
    if !is_port(port) {
        return None;
    }
    host.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|byte| byte.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    /// Same-site posts pass; cross-site ones fail by either header.
    #[test]
    fn same_site_checks() {
        let base = &crate::urls::SiteUrls {
            base: "https://harborlight.example/practice".into(),
            forms: String::new(),
            calls_only: false,
        };
        assert!(is_same_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            base
        ));
        assert!(!is_same_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            base
        ));
        assert!(!is_same_site(
            &headers(&[("sec-fetch-site", "same-site")]),
            base
        ));
        assert!(is_same_site(
            &headers(&[("origin", "https://harborlight.example")]),
            base
        ));
        assert!(!is_same_site(
            &headers(&[("origin", "https://evil.example")]),
            base
        ));
        assert!(!is_same_site(&headers(&[("origin", "null")]), base));
        assert!(is_same_site(&headers(&[]), base));
    }

    /// Only url-encoded forms are read.
    #[test]
    fn content_types() {
        assert!(is_form_content_type(&headers(&[(
            "content-type",
            "application/x-www-form-urlencoded; charset=UTF-8"
        )])));
        assert!(!is_form_content_type(&headers(&[(
            "content-type",
            "application/json"
        )])));
        assert!(!is_form_content_type(&headers(&[(
            "content-type",
            "multipart/form-data; boundary=x"
        )])));
        assert!(!is_form_content_type(&headers(&[])));
    }

    /// A forged X-Forwarded-For is ignored unless a proxy is trusted, and then
    /// only the proxy's own (last) entry counts.
    #[test]
    fn client_addresses() {
        let peer: SocketAddr = "192.0.2.1:5000".parse().unwrap();
        let request = axum::http::Request::builder()
            .header("x-forwarded-for", "203.0.113.9, 198.51.100.7")
            .extension(ConnectInfo(peer))
            .body(axum::body::Body::empty())
            .unwrap();
        assert_eq!(client_ip(&request, false), peer.ip());
        assert_eq!(
            client_ip(&request, true),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    /// The proxy's entry as proxies write it, with ports and brackets; an
    /// entry that is not an address is none at all.
    #[test]
    fn forwarded_entries() {
        let table: [(&str, Option<IpAddr>); 16] = [
            ("203.0.113.6", Some(ip("203.0.113.6"))),
            (" 203.0.113.6 ", Some(ip("203.0.113.6"))),
            ("203.0.113.6:5555", Some(ip("203.0.113.6"))),
            ("2001:db8::1", Some(ip("2001:db8::1"))),
            ("[2001:db8::1]", Some(ip("2001:db8::1"))),
            ("[2001:db8::1]:443", Some(ip("2001:db8::1"))),
            ("::ffff:203.0.113.6", Some(ip("203.0.113.6"))),
            ("[::ffff:203.0.113.6]:80", Some(ip("203.0.113.6"))),
            ("unknown", None),
            ("_hidden", None),
            ("", None),
            ("203.0.113.6:", None),
            ("203.0.113.6:port", None),
            ("[2001:db8::1]x", None),
            ("[203.0.113.6]:80", None),
            ("fe80::1%eth0", None),
        ];
        for (entry, expected) in table {
            assert_eq!(parse_forwarded_entry(entry), expected, "{entry:?}");
        }
    }

    /// Whatever the lines say, the client is the proxy's entry or the peer.
    #[test]
    fn unreadable_proxy_entries_use_the_peer() {
        let peer: SocketAddr = "192.0.2.1:5000".parse().unwrap();
        for lines in [
            &["198.51.100.9, 203.0.113.6:5555"][..],
            &["198.51.100.9, unknown"],
            &["198.51.100.9", "[2001:db8::1]:443"],
            &["198.51.100.9", "unknown"],
            &["198.51.100.9, "],
            &["198.51.100.9", ""],
        ] {
            let mut builder = axum::http::Request::builder();
            for line in lines {
                builder = builder.header("x-forwarded-for", *line);
            }
            let request = builder
                .extension(ConnectInfo(peer))
                .body(axum::body::Body::empty())
                .unwrap();
            let client = client_ip(&request, true);
            assert_ne!(client, ip("198.51.100.9"), "{lines:?}");
            let last = lines.last().unwrap().rsplit(',').next().unwrap();
            assert_eq!(
                client,
                parse_forwarded_entry(last).unwrap_or(peer.ip()),
                "{lines:?}"
            );
        }
    }

    proptest::proptest! {
        /// Outside text never panics the parser, and an earlier (client-written)
        /// entry is never taken for the client: only the last, or the peer.
        #[test]
        fn forwarded_for_never_uses_an_earlier_entry(
            earlier in proptest::collection::vec(0u8..=255, 0..4),
            last in "\\PC{0,40}|\\[?[0-9a-f:.]{0,30}\\]?(:[0-9]{0,6})?",
        ) {
            let peer: SocketAddr = "192.0.2.1:5000".parse().unwrap();
            let mut line: Vec<String> = earlier.iter().map(|n| format!("198.51.100.{n}")).collect();
            line.push(last.clone());
            let Ok(value) = HeaderValue::from_str(&line.join(", ")) else {
                return Ok(());
            };
            let request = axum::http::Request::builder()
                .header("x-forwarded-for", value)
                .extension(ConnectInfo(peer))
                .body(axum::body::Body::empty())
                .unwrap();
            let client = client_ip(&request, true);
            let from_last = last.rsplit(',').next().and_then(parse_forwarded_entry);
            proptest::prop_assert_eq!(client, from_last.unwrap_or(peer.ip()));
        }
    }
}
