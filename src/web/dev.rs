//! Live preview for editors (`hearth serve --dev`): every save under
//! `content/` or `static/` re-renders the site and reloads open tabs through
//! a small event stream. A save that breaks the content keeps the last good
//! site and shows the problems, with file and line, in place of every page
//! until they are fixed. None of this exists without `--dev`: production
//! pages carry no script and their content security policy allows none.

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use arc_swap::ArcSwapOption;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use tokio::sync::broadcast;

use super::AppState;
use crate::urls::{self, routes};

/// How long the files must be quiet before the site is rebuilt: editors
/// save several files at once, and one rebuild is enough.
const SETTLE: Duration = Duration::from_millis(40);

/// The script in every preview page: reload when the server says so.
static RELOAD_SCRIPT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "new EventSource('{}').onmessage = () => location.reload();\n",
        routes::DEV_EVENTS
    )
});

/// The content security policy of previews: the production one, plus this
/// site's own script and event stream.
pub const PREVIEW_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     font-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
     base-uri 'none'; object-src 'none'";

/// The preview's own state.
pub struct Preview {
    /// The problems of the last save, while it is broken.
    pub problems: ArcSwapOption<String>,
    /// Tells open tabs to reload.
    pub reloads: broadcast::Sender<()>,
}

impl Preview {
    pub fn new() -> Preview {
        Preview {
            problems: ArcSwapOption::empty(),
            reloads: broadcast::channel(16).0,
        }
    }
}

impl Default for Preview {
    fn default() -> Self {
        Preview::new()
    }
}

/// Rebuilds the site after each save and tells the open tabs. Runs until
/// the process ends.
pub async fn watch(state: AppState, folders: Vec<PathBuf>) -> notify::Result<()> {
    use notify::Watcher;
    let Some(preview) = state.preview.clone() else {
        return Ok(());
    };
    let (changed, mut changes) = tokio::sync::mpsc::unbounded_channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|event| !event.kind.is_access()) {
            let _ = changed.send(());
        }
    })?;
    for folder in &folders {
        watcher.watch(folder, notify::RecursiveMode::Recursive)?;
    }
    while changes.recv().await.is_some() {
        // Let a burst of saves settle into one rebuild.
        while let Ok(Some(())) = tokio::time::timeout(SETTLE, changes.recv()).await {}
        let rebuilding = state.clone();
        match tokio::task::spawn_blocking(move || rebuilding.reload()).await {
            Ok(Ok(())) => {
                preview.problems.store(None);
                tracing::info!("rebuilt the preview");
            }
            Ok(Err(error)) => {
                tracing::warn!("the content has problems; showing them in the browser:\n{error}");
                preview.problems.store(Some(Arc::new(error.to_string())));
            }
            Err(error) => tracing::error!(
                "the rebuild failed: {}",
                crate::server::panic::JoinFailure(&error)
            ),
        }
        let _ = preview.reloads.send(());
    }
    drop(watcher);
    Ok(())
}

/// `/_dev/events`: one message per rebuild.
pub async fn events(State(state): State<AppState>) -> Response {
    let Some(preview) = state.preview.clone() else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let receiver = preview.reloads.subscribe();
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        match receiver.recv().await {
            Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) => {
                let event: Result<Event, Infallible> = Ok(Event::default().data("reload"));
                Some((event, receiver))
            }
            Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    sse(stream).into_response()
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
            (header::CACHE_CONTROL, "no-store"),
        ],
        RELOAD_SCRIPT.as_str(),
    )
        .into_response()
}

/// Adds the reload script to every HTML page, or, while the content is
/// broken, answers with the problems instead of the page.
pub async fn inject(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    // Pages must come uncompressed to be changed here; the compression layer
    // outside this one compresses the changed page for the browser.
    request.headers_mut().remove(header::ACCEPT_ENCODING);
    let response = next.run(request).await;
    let Some(preview) = state.preview.as_ref() else {
        return response;
    };
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // The overlay keeps the response's status: a missing page is still a
    // 404 and a refused form a 4xx, so the preview behaves as the site does.
    let html = match preview.problems.load_full() {
        Some(problems) => overlay(&problems),
        None => match axum::body::to_bytes(body, usize::MAX).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(_) => return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
    };
    let html = with_reload_script(&html);
    parts.headers.remove(header::CONTENT_LENGTH);
    // The page is changed here, so the rendered page's validator no longer fits.
    parts.headers.remove(header::ETAG);
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(Bytes::from(html)))
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

/// The page shown while the content has problems.
fn overlay(problems: &str) -> String {
    let escaped = problems
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let stylesheet = urls::static_file(crate::render::assets::STYLESHEET);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>The content needs fixing</title>\n<link rel=\"stylesheet\" href=\"{stylesheet}\">\n\
         </head>\n<body>\n<main id=\"main\" class=\"wrap narrow section\">\n\
         <h1>The content needs fixing</h1>\n\
         <p class=\"lede\">The preview is showing this instead of the page because of the problems below. \
         The live site is not affected. Fix them and save: this page reloads by itself.</p>\n\
         <pre class=\"problems\">{escaped}</pre>\n</main>\n</body>\n</html>\n"
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
