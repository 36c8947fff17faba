//! The HTTP face of Hearth: routes, headers and error pages. Handlers are
//! thin: every page was rendered at load, so most requests are a lookup.

mod headers;
mod pages;

use std::sync::Arc;

use arc_swap::ArcSwap;
use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::Loaded;

pub use headers::CONTENT_SECURITY_POLICY;

/// Shared by every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The current site; a reload swaps in a whole new one at once.
    pub site: Arc<ArcSwap<Loaded>>,
    /// Where `/static/` files come from.
    pub static_dir: Arc<std::path::Path>,
}

impl AppState {
    pub fn new(loaded: Loaded, static_dir: &std::path::Path) -> AppState {
        AppState {
            site: Arc::new(ArcSwap::from_pointee(loaded)),
            static_dir: Arc::from(static_dir),
        }
    }
}

/// Static files may be cached for an hour; they are not fingerprinted yet.
const STATIC_CACHE_CONTROL: &str = "public, max-age=3600";

/// The whole site as a router.
pub fn app(state: AppState) -> Router {
    let https = state.site.load().base_url.starts_with("https://");
    let static_files = ServeDir::new(&*state.static_dir)
        .append_index_html_on_directories(false)
        .not_found_service(any(pages::not_found).with_state(state.clone()));
    let static_router = Router::new().nest_service("/static", static_files).layer(
        SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(STATIC_CACHE_CONTROL),
        ),
    );

    let panic_page = state.clone();
    let router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/blog", get(pages::blog))
        .route("/therapists", get(pages::team))
        .fallback(pages::by_path)
        .with_state(state)
        .merge(static_router)
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::custom(move |_| {
            tracing::error!("a request handler panicked");
            let html = panic_page.site.load().rendered.server_error.clone();
            html_response(StatusCode::INTERNAL_SERVER_ERROR, html)
        }));
    headers::secure(router, https)
}

/// An HTML page that browsers must revalidate before reuse.
fn html_response(status: StatusCode, html: Bytes) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        html,
    )
        .into_response()
}
