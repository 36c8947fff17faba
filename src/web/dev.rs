//! Live preview for editors (`hearth serve --dev`): every save under
//! `content/` or `static/` re-renders the site (the live site watches the
//! folders: [`crate::site::LiveSite::watch`]) and this module reloads open
//! tabs through a small event stream. A save that breaks the content keeps
//! the last good site and shows the problems, with file and line, in place
//! of every page until they are fixed. None of this exists without `--dev`:
//! production pages carry no script and their content security policy
//! allows none.

use std::convert::Infallible;
use std::sync::LazyLock;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use tokio::sync::broadcast;

use super::{AppState, PageError};
use crate::policy::NO_STORE;
use crate::urls::{self, routes};

/// The script in every preview page: reload when the server says so.
static RELOAD_SCRIPT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "new EventSource('{}').onmessage = () => location.reload();\n",
        routes::DEV_EVENTS
    )
});

/// `/_dev/events`: one message per rebuild.
pub async fn events(State(state): State<AppState>) -> Result<Response, PageError> {
    if !state.site.is_preview() {
        return Err(PageError::NotFound);
    }
    let receiver = state.site.subscribe();
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        match receiver.recv().await {
            Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) => {
                let event: Result<Event, Infallible> = Ok(Event::default().data("reload"));
                Some((event, receiver))
            }
            Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    Ok(sse(stream).into_response())
}

fn sse(
    stream: impl Stream<Item = Result<Event, Infallible>> + Send + 'static,
) -> impl IntoResponse {
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// `/_dev/reload.js`.
pub async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, NO_STORE),
        ],
        RELOAD_SCRIPT.as_str(),
    )
        .into_response()
}

/// Adds the reload script to every HTML page, or, while the content is
/// broken, answers with the problems instead of the page.
pub async fn inject(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, PageError> {
    // Pages must come uncompressed to be changed here; the compression layer
    // outside this one compresses the changed page for the browser.
    request.headers_mut().remove(header::ACCEPT_ENCODING);
    // An error gets its designed page here already, so that it too shows
    // the problems and reloads itself.
    let response = super::answers::designed(&state, next.run(request).await);
    if !state.site.is_preview() {
        return Ok(response);
    }
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
    if !is_html {
        return Ok(response);
    }
    let (mut parts, body) = response.into_parts();
    // The overlay keeps the response's status: a missing page is still a
    // 404 and a refused form a 4xx, so the preview behaves as the site does.
    let html = match state.site.problems() {
        Some(problems) => overlay(&problems, state.site.load().site.settings.catalog()),
        None => match axum::body::to_bytes(body, usize::MAX).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(error) => {
                return Err(PageError::internal(
                    "a preview page could not be read",
                    error,
                ));
            }
        },
    };
    let html = with_reload_script(&html);
    parts.headers.remove(header::CONTENT_LENGTH);
    // The page is changed here, so the rendered page's validator no longer fits.
    parts.headers.remove(header::ETAG);
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_STORE));
    Ok(Response::from_parts(parts, Body::from(Bytes::from(html))))
}

/// What every previewed page gains, so that a save reloads it.
static RELOAD_TAG: LazyLock<String> =
    LazyLock::new(|| format!("<script src=\"{}\" defer></script>\n", routes::DEV_SCRIPT));

/// The page with the reload script just before `</body>` (or at the end).
fn with_reload_script(html: &str) -> String {
    let tag = RELOAD_TAG.as_str();
    match html.rfind("</body>") {
        // `rfind` gives the start of an ASCII match: a character boundary.
        Some(at) => format!("{}{tag}{}", &html[..at], &html[at..]),
        None => format!("{html}{tag}"),
    }
}

/// The page shown while the content has problems, in the words of the
/// last good site's catalog (the broken content may not say which).
fn overlay(problems: &str, words: &crate::i18n::Catalog) -> String {
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let stylesheet = urls::static_file(crate::render::assets::STYLESHEET);
    let title = escape(&words.message("dev-problems-title", &[]));
    let lede = escape(&words.message("dev-problems-lede", &[]));
    let language = escape(words.language().code());
    let problems = escape(problems);
    format!(
        "<!doctype html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" href=\"{stylesheet}\">\n\
         </head>\n<body>\n<main id=\"main\" class=\"wrap narrow section\">\n\
         <h1>{title}</h1>\n<p class=\"lede\">{lede}</p>\n\
         <pre class=\"problems\">{problems}</pre>\n</main>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any page, in any alphabet, keeps every character and gains the
        /// script once, before its last `</body>` when it has one.
        #[test]
        fn the_reload_script_goes_in_any_page(page in "\\PC{0,40}(</body>\\PC{0,10})?") {
            let changed = with_reload_script(&page);
            proptest::prop_assert_eq!(changed.replacen(RELOAD_TAG.as_str(), "", 1), page.clone());
            if let Some(at) = page.rfind("</body>") {
                proptest::prop_assert!(changed[at..].starts_with(RELOAD_TAG.as_str()));
            }
        }
    }
}
