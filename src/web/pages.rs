//! Handlers for the pages: a lookup in the rendered site, or one of the two
//! pages whose content depends on the query string.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{AppState, PageError, html_page, page_response};
use crate::content::model::TeamFilter;
use crate::policy::{NO_STORE, REVALIDATE};
use crate::render;
use crate::urls;

/// Any page rendered at load, by its path. On a miss, a page's other
/// spellings lead to its one address with a 308: with a trailing slash
/// (`/about/`), or in the display form of its slug
/// (`/blog/tags/p%C3%A9rdida` → `/blog/tags/perdida`, query kept). A
/// redirect goes only to a page that exists, so it is answered and never loops.
pub async fn by_path(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    if method != Method::GET && method != Method::HEAD {
        return Err(PageError::MethodNotAllowed);
    }
    let site = state.site.load();
    let path = uri.path();
    if let Some(page) = site.rendered.pages.get(path) {
        return Ok(page_response(&headers, page, REVALIDATE));
    }
    // `/about/` and the like: send the visitor to the one address of that page.
    let trimmed = path.trim_end_matches('/');
    if !trimmed.is_empty() && trimmed != path && site.rendered.pages.contains_key(trimmed) {
        return Ok(Redirect::permanent(trimmed).into_response());
    }
    if let Some(ascii) = urls::ascii_form(path)
        && site.rendered.pages.contains_key(&ascii)
    {
        let location = match uri.query() {
            Some(query) => format!("{ascii}?{query}"),
            None => ascii,
        };
        // Built by hand rather than with `Redirect`, which panics on a value
        // a header cannot hold; the query is the visitor's.
        if let Ok(location) = HeaderValue::try_from(location) {
            return Ok((
                StatusCode::PERMANENT_REDIRECT,
                [(header::LOCATION, location)],
            )
                .into_response());
        }
    }
    Err(PageError::NotFound)
}

/// What the static folder answers for a file it does not have.
pub async fn not_found() -> PageError {
    PageError::NotFound
}

#[derive(Deserialize)]
pub struct BlogQuery {
    page: Option<String>,
}

/// `/blog?page=N`, the old address of the list's later pages: sends the
/// visitor to `/blog/page/N`, or to the 404 page if there is no such page.
pub async fn blog(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<BlogQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let site = state.site.load();
    let paths = site.rendered.paths();
    let number = match query {
        Ok(Query(BlogQuery { page: None })) => Some(1),
        Ok(Query(BlogQuery { page: Some(page) })) => {
            page.parse::<usize>().ok().filter(|&number| number > 0)
        }
        Err(_) => None,
    };
    let Some(number) = number else {
        return Err(PageError::NotFound);
    };
    let path = paths.blog_page(number);
    match site.rendered.pages.get(&path) {
        Some(page) if number == 1 => Ok(page_response(&headers, page, REVALIDATE)),
        Some(_) => Ok(Redirect::permanent(&path).into_response()),
        None => Err(PageError::NotFound),
    }
}

/// `/therapists` (and `/es/therapists`), filtered by plain GET parameters
/// so it works without JavaScript. A malformed query (a repeated field,
/// say) is the visitor's mistake: the designed 400 page, not axum's
/// plain-text rejection.
pub async fn team(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    query: Result<Query<TeamFilter>, QueryRejection>,
) -> Result<Response, PageError> {
    let site = state.site.load();
    let edition = site.rendered.edition_of(uri.path());
    if site.rendered.edition(edition).paths.team() != uri.path() {
        return by_path(State(state.clone()), method, uri, headers).await;
    }
    let Ok(Query(filter)) = query else {
        return Err(PageError::BadRequest);
    };
    if filter.is_empty()
        && let Some(page) = site.rendered.pages.get(uri.path())
    {
        return Ok(page_response(&headers, page, REVALIDATE));
    }
    let html = render::team_page(&site.page_context(state.site.now(), edition), &filter)
        .map_err(|error| PageError::internal("the team page failed to render", error))?;
    Ok(html_page(html.into(), REVALIDATE))
}

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

/// The longest query looked at, in characters.
const MAX_QUERY_CHARS: usize = 200;

/// `/search?q=...` (and `/es/search`): rendered per request, with results
/// in the page's language only; never cached or logged.
pub async fn search(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let site = state.site.load_full();
    let edition = site.rendered.edition_of(uri.path());
    if site.rendered.edition(edition).paths.search() != uri.path() {
        return by_path(State(state.clone()), method, uri, headers).await;
    }
    let Ok(Query(SearchQuery { q })) = query else {
        return Err(PageError::BadRequest);
    };
    let text: String = q
        .unwrap_or_default()
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    // The index may still be building just after a start: wait for it
    // off the async threads.
    if !site.search_index_is_ready() {
        let building = Arc::clone(&site);
        tokio::task::spawn_blocking(move || {
            building.search_index(0);
        })
        .await
        .map_err(|error| {
            let failure = crate::server::panic::JoinFailure(&error).to_string();
            PageError::internal("the search index could not be built", failure)
        })?;
    }
    let hits = site.search_index(edition).search(&text, 20);
    let html = render::search_page(
        &site.page_context(state.site.now(), edition),
        text.trim(),
        &hits,
    )
    .map_err(|error| PageError::internal("the search page failed to render", error))?;
    Ok(html_page(html.into(), NO_STORE))
}
