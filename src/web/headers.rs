//! Headers every response carries. The content security policy allows no
//! inline code and nothing from another origin: a therapy site must not leak
//! which pages a visitor reads to any third party.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use std::sync::Arc;

/// No script at all, styles and images only from this site, no framing.
/// `connect-src 'self'` grants nothing a page uses (with no script, nothing
/// fetches), but lets auditing tools such as Lighthouse read this site's
/// robots.txt from inside a page.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
     object-src 'none'";

/// HSTS for a year, once the site is known to be served over https.
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000; includeSubDomains";

/// The security headers, for every response of `hearth serve` and for the
/// `_headers` file of a static export. In the editors' preview, the policy
/// also allows this site's reload script. `form_origin` is the server that
/// answers the forms when it is not this one.
pub fn security_headers(
    https: bool,
    preview: bool,
    form_origin: &str,
) -> Vec<(HeaderName, HeaderValue)> {
    let policy = if preview {
        super::dev::PREVIEW_CONTENT_SECURITY_POLICY
    } else {
        CONTENT_SECURITY_POLICY
    };
    let policy = if form_origin.is_empty() {
        HeaderValue::from_static(policy)
    } else {
        let widened = policy.replace(
            "form-action 'self'",
            &format!("form-action 'self' {form_origin}"),
        );
        HeaderValue::from_str(&widened).expect("the form origin was checked at start")
    };
    let mut headers = vec![
        (header::CONTENT_SECURITY_POLICY, policy),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        // Another site never learns which article someone came from.
        // `same-origin`, not `no-referrer`: under `no-referrer` browsers
        // send `Origin: null` on our own form posts, and a browser without
        // Sec-Fetch-Site could then not send the consultation form.
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=()",
            ),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ];
    if https {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        ));
    }
    headers
}

/// Adds the security headers to every response of `router`.
pub fn secure<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    https: bool,
    preview: bool,
    form_origin: &str,
) -> Router<S> {
    // One layer for all of them: every layer costs a little on every request.
    let headers: Arc<[(HeaderName, HeaderValue)]> =
        security_headers(https, preview, form_origin).into();
    router.layer(axum::middleware::map_response(
        move |mut response: axum::response::Response| {
            let headers = Arc::clone(&headers);
            async move {
                for (name, value) in headers.iter() {
                    response.headers_mut().insert(name.clone(), value.clone());
                }
                response
            }
        },
    ))
}
