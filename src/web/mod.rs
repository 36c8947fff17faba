//! The HTTP face of Hearth: routes, headers and error pages. Handlers are
//! thin: every page was rendered at load, so most requests are a lookup.

mod answers;
mod consultation;
pub mod dev;
mod headers;
mod pages;

use std::sync::Arc;

use arc_swap::ArcSwap;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use tokio::sync::Notify;

use crate::consultation::Consultation;
use crate::render::page::Accepted;
use crate::render::{Page, RenderError};
use crate::urls::routes;
use crate::{LoadError, Loaded, Publisher};

pub use headers::{CONTENT_SECURITY_POLICY, security_headers};

/// Shared by every handler. One `Arc`, since handlers clone it on every
/// request.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    /// The current site; a reload swaps in a whole new one at once.
    pub site: Arc<ArcSwap<Loaded>>,
    /// Where `/static/` files come from.
    pub static_dir: Arc<std::path::Path>,
    /// The consultation form's storage, signing key and limits.
    pub consultation: Arc<Consultation>,
    /// How to build the site again, for reloads and scheduled posts.
    pub publisher: Arc<Publisher>,
    /// Rung after a reload, so the publication schedule is looked at again.
    pub reloaded: Arc<Notify>,
    /// Set only in the editors' preview (`--dev`).
    pub preview: Option<Arc<dev::Preview>>,
}

impl AppState {
    pub fn new(
        publisher: Publisher,
        loaded: Loaded,
        static_dir: &std::path::Path,
        consultation: Consultation,
    ) -> AppState {
        let loaded = Arc::new(loaded);
        let state = AppState(Arc::new(Shared {
            site: Arc::new(ArcSwap::new(Arc::clone(&loaded))),
            static_dir: Arc::from(static_dir),
            consultation: Arc::new(consultation),
            preview: publisher.preview.then(|| Arc::new(dev::Preview::new())),
            publisher: Arc::new(publisher),
            reloaded: Arc::new(Notify::new()),
        }));
        state.prepare_in_background(loaded);
        state
    }

    /// Puts a new version of the site live. Pages that did not change keep
    /// their compressed forms; the rest are compressed in the background.
    fn go_live(&self, mut fresh: Loaded) {
        fresh.rendered.adopt_compressed(&self.site.load().rendered);
        let fresh = Arc::new(fresh);
        self.site.store(Arc::clone(&fresh));
        self.prepare_in_background(fresh);
    }

    /// The editors' preview changes with every save and is read by one
    /// person: it compresses and indexes only on demand.
    fn prepare_in_background(&self, site: Arc<Loaded>) {
        if self.preview.is_some() {
            return;
        }
        let spawned = std::thread::Builder::new()
            .name("prepare-site".into())
            .spawn(move || site.prepare_in_background());
        if let Err(error) = spawned {
            tracing::warn!(%error, "pages will be compressed as they are asked for");
        }
    }

    /// Reads the content again and, if it is all good, swaps the whole site
    /// at once; otherwise the current site keeps serving.
    pub fn reload(&self) -> Result<(), LoadError> {
        let fresh = self.publisher.load()?;
        self.go_live(fresh);
        self.reloaded.notify_one();
        Ok(())
    }

    /// Publishes scheduled posts whose time has come. Returns whether the site changed.
    pub fn publish_due(&self) -> Result<bool, RenderError> {
        let current = self.site.load();
        let due = current
            .next_publication
            .is_some_and(|at| at <= self.publisher.clock.now());
        if due {
            let fresh = self.publisher.publish(Arc::clone(&current.content))?;
            self.go_live(fresh);
        }
        Ok(due)
    }
}

/// HTML pages, the feed and the sitemap: browsers revalidate them with the ETag.
const REVALIDATE: &str = "no-cache";
/// Static files under their plain names may be cached for an hour.
const STATIC_CACHE_CONTROL: &str = "public, max-age=3600";
/// Fingerprinted files never change under their name: a year, immutable.
pub const IMMUTABLE_CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// Serves the stylesheet, the favicon and photos' resized variants under
/// their fingerprinted names from memory; every other static path goes on
/// to the folder.
async fn fingerprinted(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let site = state.site.load();
    match site.assets.files.get(request.uri().path()) {
        Some(_) if !matches!(*request.method(), Method::GET | Method::HEAD) => method_not_allowed(),
        Some(asset) => page_response(request.headers(), asset, IMMUTABLE_CACHE_CONTROL),
        None => next.run(request).await,
    }
}

/// 405 for the addresses that only show something; [`answers`]
/// gives it its page.
fn method_not_allowed() -> Response {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        [(header::ALLOW, "GET, HEAD")],
    )
        .into_response()
}

/// Files from the static folder. A name the file system refuses (too long,
/// say) is a page that does not exist, not a failure of ours; any other
/// error is logged by its kind (the path is the visitor's) and gets the
/// designed 500 page.
fn static_folder(
    state: AppState,
) -> impl tower::Service<
    axum::extract::Request,
    Response = Response,
    Error = std::convert::Infallible,
    Future = impl Future<Output = Result<Response, std::convert::Infallible>> + Send,
> + Clone
+ Send
+ 'static {
    let files = ServeDir::new(&*state.static_dir)
        .append_index_html_on_directories(false)
        .not_found_service(any(pages::not_found).with_state(state.clone()));
    tower::service_fn(move |request: axum::extract::Request| {
        let mut files = files.clone();
        let state = state.clone();
        async move {
            let response = match files.try_call(request).await {
                Ok(response) => response.map(axum::body::Body::new),
                Err(error) => {
                    use std::io::ErrorKind;
                    let site = state.site.load();
                    match error.kind() {
                        ErrorKind::NotFound
                        | ErrorKind::PermissionDenied
                        | ErrorKind::NotADirectory
                        | ErrorKind::InvalidFilename
                        | ErrorKind::InvalidInput => {
                            html_response(StatusCode::NOT_FOUND, site.rendered.error_page(404))
                        }
                        kind => {
                            tracing::error!(%kind, "could not read a static file");
                            html_response(
                                StatusCode::INTERNAL_SERVER_ERROR,
                                site.rendered.error_page(500),
                            )
                        }
                    }
                }
            };
            Ok(response)
        }
    })
}

/// What a load balancer and a monitor ask. The status is 200 whenever the
/// pages serve, so a load balancer keeps a working site in rotation; the
/// body is `ok`, or a line starting `degraded` when something needs staff
/// (a damaged outbox kept for recovery), for a monitor that matches on the
/// body. No path or detail: this answers anyone; the log has the rest.
async fn healthz(State(state): State<AppState>) -> Response {
    let body = if state.consultation.outbox_damaged {
        "degraded: a damaged outbox was set aside and waits to be recovered; new requests go to a fresh one. See the server log."
    } else {
        "ok"
    };
    ([(header::CACHE_CONTROL, "no-store")], body).into_response()
}

/// The whole site as a router.
pub fn app(state: AppState) -> Router {
    let urls = state.site.load().urls.clone();
    let https = urls.base.starts_with("https://");
    let static_router = Router::new()
        .nest_service(routes::STATIC, static_folder(state.clone()))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            fingerprinted,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static(STATIC_CACHE_CONTROL),
        ));

    let preview = state.preview.is_some();
    let mut router = Router::new()
        .route(routes::HEALTH, get(healthz))
        .route(routes::BLOG, get(pages::blog))
        .route(routes::TEAM, get(pages::team))
        .route(routes::SEARCH, get(pages::search))
        .route(
            routes::CONSULTATION,
            get(consultation::form).post(consultation::submit),
        )
        .route(routes::CONSULTATION_THANKS, get(consultation::thanks))
        .fallback(pages::by_path)
        .with_state(state.clone())
        .merge(static_router);
    if preview {
        let dev_routes = Router::new()
            .route(routes::DEV_EVENTS, get(dev::events))
            .route(routes::DEV_SCRIPT, get(dev::script))
            .with_state(state.clone());
        router = router
            .merge(dev_routes)
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                dev::inject,
            ));
    }
    finish(router, state, https, preview, &urls.forms)
}

/// What every route gets: a designed page for every error, compression,
/// the designed 500 page if a handler panics, a designed 406 page for a
/// client that refuses every encoding, and the security headers.
fn finish(
    router: Router,
    state: AppState,
    https: bool,
    preview: bool,
    form_origin: &str,
) -> Router {
    let panicked = state.clone();
    let router = router
        .layer(answers::DesignedAnswersLayer(state.clone()))
        // Pages made at load come precompressed; this compresses the rest
        // (forms, search results, error pages) by the same size rule.
        .layer(CompressionLayer::new().compress_when(
            DefaultPredicate::new().and(SizeAbove::new(crate::render::page::MIN_COMPRESSED_LEN)),
        ))
        .layer(CatchPanicLayer::custom(move |_| {
            // Where it happened is logged by the panic hook; what it said
            // is not logged anywhere.
            tracing::error!("a request handler panicked; the visitor got the 500 page");
            let html = panicked.site.load().rendered.error_page(500);
            html_response(StatusCode::INTERNAL_SERVER_ERROR, html)
        }));
    headers::secure(router, https, preview, form_origin)
}

/// A page rendered at load, in the encoding the browser prefers, with that
/// encoding's ETag; 304 Not Modified when the browser already has the page.
fn page_response(
    request: &axum::http::HeaderMap,
    page: &Page,
    cache_control: &'static str,
) -> Response {
    let accepted = Accepted::parse(
        request
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|value| value.to_str().ok()),
    );
    let encoding = accepted.encoding_for(page);
    let held = page.held_encoding(
        (request.get_all(header::IF_NONE_MATCH).iter()).filter_map(|value| value.to_str().ok()),
        encoding,
    );
    let mut response = match held {
        Some(held) => {
            let mut response = StatusCode::NOT_MODIFIED.into_response();
            response
                .headers_mut()
                .insert(header::ETAG, page.etag(held).clone());
            response
        }
        None => {
            let mut response = page.body(encoding).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(page.content_type),
            );
            headers.insert(header::ETAG, page.etag(encoding).clone());
            if let Some(token) = encoding.token() {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(token));
            }
            response
        }
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    if page.compresses() {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Sources;
    use axum::body::Body;
    use axum::http::Request;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    /// A handler that panics gives the visitor the designed 500 page, with
    /// the security headers, and the server carries on.
    #[tokio::test]
    async fn panics_become_the_designed_500_page() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let sources = Sources {
            content: root.join("tests/fixtures/minimal"),
            static_files: root.join("static"),
        };
        let data = tempfile::tempdir().unwrap();
        let _ = &sources;
        let args = crate::config::ServeArgs {
            addr: "127.0.0.1:0".parse().unwrap(),
            content: sources.content.clone(),
            static_dir: sources.static_files.clone(),
            base_url: None,
            form_origin: None,
            dev: false,
            header_timeout_seconds: 10,
            max_connections: 16,
            max_connections_per_client: 16,
            write_timeout_seconds: 10,
            idle_timeout_seconds: 10,
            body_timeout_seconds: 10,
            consultation:
                <crate::config::ConsultationArgs as clap::FromArgMatches>::from_arg_matches(
                    &<crate::config::ConsultationArgs as clap::Args>::augment_args(
                        clap::Command::new("t"),
                    )
                    .get_matches_from([
                        "t",
                        "--data-dir",
                        data.path().to_str().unwrap(),
                    ]),
                )
                .unwrap(),
        };
        let state = crate::server::prepare(&args).unwrap().state;
        let router = Router::new().route(
            "/boom",
            get(|| async {
                panic!("a bug");
                #[allow(unreachable_code)]
                ""
            }),
        );
        let app = finish(router, state, false, false, "");
        let response = app
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            response
                .headers()
                .contains_key(header::CONTENT_SECURITY_POLICY)
        );
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let html = String::from_utf8(body.to_vec()).unwrap();
        assert!(html.contains("<h1>Something went wrong on our side</h1>"));
        assert!(html.contains("Call or text 988"));
    }
}
