//! The HTTP face of Hearth: routes, headers and error pages. Handlers are
//! thin: every page was rendered at load, so most requests are a lookup in
//! the live site ([`crate::site::LiveSite`]), which they only read. Every
//! error is a [`PageError`], given its designed page in one place
//! ([`answers`]).

mod answers;
mod booking;
mod calendar;
mod consultation;
pub mod dev;
mod error;
mod pages;
pub mod staff;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::consultation::Consultation;
use crate::consultation::calendar::CalendarFeed;
use crate::policy::{IMMUTABLE_CACHE_CONTROL, STATIC_CACHE_CONTROL, security_headers};
use crate::render::Page;
use crate::render::page::Accepted;
use crate::site::LiveSite;
use crate::staff::Staff;
use crate::urls::routes;

pub use error::PageError;

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
    /// The site as it is live now; handlers only read it.
    pub site: Arc<LiveSite>,
    /// Where `/static/` files come from.
    pub static_dir: Arc<std::path::Path>,
    /// The consultation form's storage, signing key and limits.
    pub consultation: Arc<Consultation>,
    /// Where the coordinator's calendar feed finds its secret, and the
    /// domain its events are named in.
    pub calendar: CalendarFeed,
    /// The editors' sign-in and sessions.
    pub staff: Staff,
}

impl AppState {
    pub fn new(
        site: Arc<LiveSite>,
        static_dir: &std::path::Path,
        consultation: Consultation,
        calendar: CalendarFeed,
        staff: Staff,
    ) -> AppState {
        AppState(Arc::new(Shared {
            site,
            static_dir: Arc::from(static_dir),
            consultation: Arc::new(consultation),
            calendar,
            staff,
        }))
    }
}

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
        Some(_) if !matches!(*request.method(), Method::GET | Method::HEAD) => {
            PageError::MethodNotAllowed.into_response()
        }
        Some(asset) => page_response(request.headers(), asset, IMMUTABLE_CACHE_CONTROL),
        None => next.run(request).await,
    }
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
        async move {
            let response = match files.try_call(request).await {
                Ok(response) => response.map(axum::body::Body::new),
                Err(error) => {
                    use std::io::ErrorKind;
                    match error.kind() {
                        ErrorKind::NotFound
                        | ErrorKind::PermissionDenied
                        | ErrorKind::NotADirectory
                        | ErrorKind::InvalidFilename
                        | ErrorKind::InvalidInput => PageError::NotFound.into_response(),
                        kind => PageError::internal(
                            "could not read a static file",
                            std::io::Error::from(kind),
                        )
                        .into_response(),
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
    ([(header::CACHE_CONTROL, crate::policy::NO_STORE)], body).into_response()
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

    let preview = state.site.is_preview();
    let mut router = Router::new()
        .route(routes::HEALTH, get(healthz))
        .route(routes::CALENDAR_FEED, get(calendar::feed))
        .route(routes::BLOG, get(pages::blog))
        .route(routes::TEAM, get(pages::team))
        .route(routes::TRANSLATED_TEAM, get(pages::team))
        .route(routes::SEARCH, get(pages::search))
        .route(routes::TRANSLATED_SEARCH, get(pages::search))
        .route(
            routes::CONSULTATION,
            get(consultation::form).post(consultation::submit),
        )
        .route(
            routes::TRANSLATED_CONSULTATION,
            get(consultation::form).post(consultation::submit),
        )
        .route(routes::CONSULTATION_THANKS, get(consultation::thanks))
        .route(
            routes::TRANSLATED_CONSULTATION_THANKS,
            get(consultation::thanks),
        )
        .route(routes::CONSULTATION_BOOKED, get(booking::booked))
        .route(
            routes::CONSULTATION_CANCEL,
            get(booking::cancel_form).post(booking::cancel),
        )
        .route(
            routes::TRANSLATED_CONSULTATION_CANCEL,
            get(booking::cancel_form).post(booking::cancel),
        )
        .route(
            routes::CONSULTATION_RESCHEDULE,
            get(booking::reschedule_form).post(booking::reschedule),
        )
        .route(
            routes::TRANSLATED_CONSULTATION_RESCHEDULE,
            get(booking::reschedule_form).post(booking::reschedule),
        )
        .route(routes::TRANSLATED_CONSULTATION_BOOKED, get(booking::booked))
        .merge(staff::router())
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

/// What every route gets: the designed 500 page if a handler panics, a
/// designed page for every error, a designed 406 page for a client that
/// refuses every encoding, compression, and the security headers.
fn finish(
    router: Router,
    state: AppState,
    https: bool,
    preview: bool,
    form_origin: &str,
) -> Router {
    // The quick exit's script is the one script a live site may have, and
    // a reload may turn it on or off: the policy follows the live site.
    let site = Arc::clone(&state.site);
    let scripts = move || preview || site.load().site.settings.quick_exit.is_some();
    let router = router
        // Inside the designed answers, so a panic's 500 gets its page
        // where every other error does.
        .layer(CatchPanicLayer::custom(|_| {
            // Where it happened is logged by the panic hook; what it said
            // is not logged anywhere.
            PageError::Internal {
                during: "a request handler panicked; the visitor got the 500 page",
                source: None,
            }
            .into_response()
        }))
        .layer(answers::DesignedAnswersLayer(state))
        // Pages made at load come precompressed; this compresses the rest
        // (forms, search results, error pages) by the same size rule.
        .layer(CompressionLayer::new().compress_when(
            DefaultPredicate::new().and(SizeAbove::new(crate::render::page::MIN_COMPRESSED_LEN)),
        ));
    secure(router, https, scripts, form_origin)
}
/// Marks a response whose page runs this site's own scripts (the staff
/// editor's), so its content security policy allows them while every
/// other page's does not.
#[derive(Debug, Clone, Copy)]
pub struct OwnScripts;

/// Adds the security headers to every response of `router`; the content
/// security policy allows this site's scripts while `scripts` says so.
pub fn secure<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    https: bool,
    scripts: impl Fn() -> bool + Clone + Send + Sync + 'static,
    form_origin: &str,
) -> Router<S> {
    // One layer for all of them: every layer costs a little on every request.
    let [without, with]: [Arc<[(HeaderName, HeaderValue)]>; 2] =
        [false, true].map(|allowed| security_headers(https, allowed, form_origin).into());
    router.layer(axum::middleware::map_response(
        move |mut response: axum::response::Response| {
            let own_scripts = scripts() || response.extensions().get::<OwnScripts>().is_some();
            let headers = Arc::clone(if own_scripts { &with } else { &without });
            async move {
                for (name, value) in headers.iter() {
                    response.headers_mut().insert(name.clone(), value.clone());
                }
                response
            }
        },
    ))
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

/// An HTML page made for this request, kept as `cache_control` says.
fn html_page(html: Bytes, cache_control: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, crate::render::page::HTML),
            (header::CACHE_CONTROL, cache_control),
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
