//! `/consultation`: the form, its post, and the thank-you page. The post is
//! checked in order of cost: where it came from, how often this client has
//! posted, what kind of body it is, how big, whether it reads as our form;
//! only then do its fields reach the domain.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Instant;

use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use crate::consultation::form::{self, FieldError, FormValues, MAX_BODY_BYTES};
use crate::consultation::rate_limit::Verdict;
use crate::consultation::token::TokenProblem;
use crate::consultation::{Outcome, Rejection, now_millis};
use crate::render::consultation::{FormPage, consultation_page};

#[derive(Deserialize)]
pub struct FormQuery {
    therapist: Option<String>,
}

/// The form, with a therapist chosen when the link came from their page.
pub async fn form(
    State(state): State<AppState>,
    query: Result<Query<FormQuery>, QueryRejection>,
) -> Response {
    let mut values = FormValues::default();
    if let Ok(Query(FormQuery {
        therapist: Some(slug),
    })) = query
    {
        let site = state.site.load();
        if site.site.therapist(&slug).is_some() {
            values.set("therapist", slug);
        }
    }
    render_form(&state, StatusCode::OK, &values, &[], None)
}

/// The thank-you page: never cached, since it follows a private action.
pub async fn thanks(State(state): State<AppState>) -> Response {
    let site = state.site.load();
    let html = site
        .rendered
        .pages
        .get("/consultation/thanks")
        .map(|page| page.body(crate::render::Encoding::Identity))
        .unwrap_or_default();
    no_store((StatusCode::OK, html_type(), html).into_response())
}

pub async fn submit(State(state): State<AppState>, request: Request) -> Response {
    let loaded = state.site.load();
    let consultation = &state.consultation;
    let error_page = |status: StatusCode| {
        no_store(
            (
                status,
                html_type(),
                loaded.rendered.error_page(status.as_u16()),
            )
                .into_response(),
        )
    };

    if !is_same_site(request.headers(), &loaded.urls.base) {
        tracing::warn!("refused a consultation post sent from another site");
        return error_page(StatusCode::FORBIDDEN);
    }
    let client = client_ip(&request, consultation.trust_proxy);
    match consultation.limiter.check(client, Instant::now()) {
        Verdict::Allowed => {}
        Verdict::ClientLimited => {
            tracing::warn!("consultation posts from one client are over the hourly limit");
            return error_page(StatusCode::TOO_MANY_REQUESTS);
        }
        Verdict::GloballyLimited => {
            tracing::warn!("consultation posts from all clients are over the hourly limit");
            return error_page(StatusCode::TOO_MANY_REQUESTS);
        }
    }
    if !is_form_content_type(request.headers()) {
        return error_page(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    let declared_length = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return error_page(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let body = match axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES).await {
        Ok(body) => body,
        // A body trickled in too slowly: say so, and let the connection go.
        Err(error) if crate::server::connection::is_body_timeout(&error) => {
            let mut response = error_page(StatusCode::REQUEST_TIMEOUT);
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return response;
        }
        Err(_) => return error_page(StatusCode::PAYLOAD_TOO_LARGE),
    };
    let values = match form::parse_body(&body) {
        Ok(values) => values,
        Err(error) => {
            tracing::warn!("refused a malformed consultation post: {error}");
            return error_page(StatusCode::BAD_REQUEST);
        }
    };

    match consultation
        .submit(&values, &loaded.site, now_millis())
        .await
    {
        Ok(Outcome::Accepted(stored)) => {
            if stored.is_new {
                tracing::info!("consultation request #{} stored", stored.id);
            } else {
                tracing::info!(
                    "consultation request #{} was sent twice; stored once",
                    stored.id
                );
            }
            see_thanks()
        }
        Ok(Outcome::Ignored) => {
            tracing::info!("a consultation post was ignored as likely automated");
            see_thanks()
        }
        Ok(Outcome::Rejected(Rejection::Fields(errors))) => render_form(
            &state,
            StatusCode::UNPROCESSABLE_ENTITY,
            &values,
            &errors,
            None,
        ),
        Ok(Outcome::Rejected(Rejection::Token(problem))) => {
            let notice = match problem {
                TokenProblem::Expired => {
                    "This form was opened a while ago, so for your safety it needs to be sent again. Everything you typed is still here: please check it and press “Send my request”."
                }
                TokenProblem::Invalid => {
                    "We could not confirm this form came from our website. Everything you typed is still here: please check it and press “Send my request” again."
                }
            };
            let mut kept = values.clone();
            for hidden in ["submission_id", "issued_at", "token"] {
                kept.set(hidden, "");
            }
            render_form(
                &state,
                StatusCode::UNPROCESSABLE_ENTITY,
                &kept,
                &[],
                Some(notice),
            )
        }
        Err(error) => {
            tracing::error!(%error, "could not store a consultation request; the visitor was asked to call");
            error_page(StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

fn render_form(
    state: &AppState,
    status: StatusCode,
    values: &FormValues,
    errors: &[FieldError],
    notice: Option<&str>,
) -> Response {
    let loaded = state.site.load();
    let token = state.consultation.key.issue(now_millis() / 1000);
    let page = FormPage {
        values,
        errors,
        token: &token,
        notice,
    };
    match consultation_page(&loaded.site, &loaded.urls, &loaded.assets, &page) {
        Ok(html) => no_store((status, html_type(), html).into_response()),
        Err(error) => {
            tracing::error!(%error, "the consultation form failed to render");
            let html = loaded.rendered.error_page(500);
            no_store((StatusCode::INTERNAL_SERVER_ERROR, html_type(), html).into_response())
        }
    }
}

fn see_thanks() -> Response {
    no_store(
        (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, "/consultation/thanks")],
        )
            .into_response(),
    )
}

fn html_type() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, "text/html; charset=utf-8")]
}

/// Pages with what a visitor typed, or that follow their post, are never
/// kept by browsers or proxies.
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Cross-site posts are refused: browsers say where a request came from in
/// `Sec-Fetch-Site`; older ones send `Origin`, checked against the base URL.
/// A post with neither comes from no browser page at all, so it cannot be a
/// cross-site forgery (and there is no cookie to abuse anyway).
pub fn is_same_site(headers: &HeaderMap, base_url: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    match headers.get(header::ORIGIN) {
        Some(origin) => origin.as_bytes() == origin_of(base_url).as_bytes(),
        None => true,
    }
}

/// `https://example.org/practice` → `https://example.org`.
fn origin_of(base_url: &str) -> &str {
    let after_scheme = base_url.find("://").map_or(0, |at| at + 3);
    match base_url[after_scheme..].find('/') {
        Some(slash) => &base_url[..after_scheme + slash],
        None => base_url,
    }
}

fn is_form_content_type(headers: &HeaderMap) -> bool {
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
/// client and can say anything, so they are never used.
fn client_ip(request: &Request, trust_proxy: bool) -> IpAddr {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip());
    if trust_proxy {
        let forwarded = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .filter_map(|entry| entry.trim().parse::<IpAddr>().ok())
            .next_back();
        if let Some(address) = forwarded {
            return address;
        }
    }
    peer.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
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
        let base = "https://harborlight.example/practice";
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
}
