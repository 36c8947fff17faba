//! What every answer promises the browser, for `hearth serve` and for the
//! `_headers` file of `hearth build` alike: the security headers and how
//! long each kind of answer may be kept. It sits outside `web` so that the
//! export can use it without depending on the server.
//!
//! The content security policy allows no inline code and nothing from
//! another origin: a therapy site must not leak which pages a visitor reads
//! to any third party.

use axum::http::{HeaderName, HeaderValue, header};

/// HTML pages, the feed and the sitemap: browsers revalidate them with the ETag.
pub const REVALIDATE: &str = "no-cache";
/// Static files under their plain names may be cached for an hour.
pub const STATIC_CACHE_CONTROL: &str = "public, max-age=3600";
/// Fingerprinted files never change under their name: a year, immutable.
pub const IMMUTABLE_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";
/// Every error page, and every page made from what a visitor sent (search
/// results, the form): kept by no browser or proxy. An error answers one
/// request at one moment (a 429 or 503 passes, a 404 may be published in a
/// minute); stored, it would be shown again after its cause is gone, and a
/// shared cache would show one visitor's refusal to another. `no-cache`
/// would save nothing in exchange: error pages carry no validator, so
/// revalidating one means fetching it whole anyway.
pub const NO_STORE: &str = "no-store";

/// No script at all, styles and images only from this site, no framing:
/// what a site without the quick exit needs.
/// `connect-src 'self'` grants nothing a page uses (with no script, nothing
/// fetches), but lets auditing tools such as Lighthouse read this site's
/// robots.txt from inside a page.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
     object-src 'none'";

/// The same policy, allowing this site's own scripts and nothing inline:
/// for the quick exit's script, and the preview's reload script and event
/// stream.
pub const SCRIPTS_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     font-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
     base-uri 'none'; object-src 'none'";

/// HSTS for a year, once the site is known to be served over https.
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000; includeSubDomains";

/// The security headers, for every response of `hearth serve` and for the
/// `_headers` file of a static export. `scripts` allows this site's own
/// scripts (the quick exit's, the preview's reload script). `form_origin`
/// is the server that answers the forms when it is not this one.
pub fn security_headers(
    https: bool,
    scripts: bool,
    form_origin: &str,
) -> Vec<(HeaderName, HeaderValue)> {
    let policy = if scripts {
        SCRIPTS_CONTENT_SECURITY_POLICY
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
