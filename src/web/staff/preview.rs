//! The editor's preview of a change not saved yet: `action=preview` keeps
//! the change (see [`crate::staff::preview`]) and sends the browser to
//! `/staff/preview/{path}`, the page as the site would show it under a
//! banner; the editor's script sends each change as it is typed, and the
//! preview tab's event stream says when to reload.

use std::convert::Infallible;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast::error::RecvError;

use super::{
    AppState, EditorPage, PageError, Session, blocking, changed_text, not_indexed, open_file,
    see_other, session, staff_on,
};
use crate::render::staff::{PreviewView, preview_banner, preview_problems};
use crate::staff::preview::{self, Preview};
use crate::urls::routes;
use crate::web::consultation::{html_type, no_store};

/// The header the editor's script sends with the changes it posts as the
/// editor types: it wants no page back, only the preview tab told.
pub(super) const FROM_EDITOR_SCRIPT: &str = "x-hearth-live";

/// `action=preview`: keeps the change as the editor's unsaved text of the
/// file, writes nothing, and sends the browser to its preview (the
/// preview button opens a tab of its own); the script's posts just tell
/// an open preview tab to reload.
pub(super) async fn keep_for_preview(
    state: &AppState,
    session: &Session,
    path: String,
    fields: Vec<(String, String)>,
    from_script: bool,
) -> Result<Response, PageError> {
    let changing = state.clone();
    let (file, text) = blocking(move || changed_text(&changing, &path, &fields)).await?;
    state.staff.drafts.keep(session.id, &file.relative, text);
    if from_script {
        return Ok(no_store(StatusCode::NO_CONTENT.into_response()));
    }
    see_other(&crate::urls::staff_preview(&file.relative))
}

/// `/staff/preview/{path}`: the page the file makes, with the editor's
/// unsaved change (or as it is, when they previewed none), as the site
/// would show it, under a banner saying it is not saved. While the change
/// has problems, the problems instead.
pub(super) async fn preview_page(
    State(state): State<AppState>,
    Path(path): Path<String>,
    EditorPage(session): EditorPage,
) -> Result<Response, PageError> {
    let (file, on_disk) = open_file(&state, path).await?;
    let (version, text) = (state.staff.drafts)
        .latest(session.id, &file.relative)
        .unwrap_or((0, on_disk));
    let (live, previewed) = (std::sync::Arc::clone(&state.site), file.clone());
    let preview = blocking(move || {
        preview::preview(&live, &previewed, &text)
            .map_err(|error| PageError::internal("could not make a preview", error))
    })
    .await?;
    let loaded = state.site.load();
    let context = loaded.page_context(state.site.now(), 0);
    let view = PreviewView {
        path: &file.relative,
        file: &file.absolute,
        version,
    };
    let html = match preview {
        Preview::Page { html, .. } => with_banner(&html, &preview_banner(&context, &view)?),
        Preview::Problems(problems) => preview_problems(&context, &view, &problems)?,
        Preview::NoPage => preview_problems(&context, &view, &[])?,
    };
    let mut response = not_indexed(no_store((html_type(), html).into_response()));
    response.extensions_mut().insert(crate::web::OwnScripts);
    Ok(response)
}

/// `page` with `banner` at the top of its body and the editor's script at
/// its end.
fn with_banner(page: &str, banner: &str) -> String {
    let script = format!("<script src=\"{}\" defer></script>\n", routes::STAFF_SCRIPT);
    // Both are found by ASCII text, so each place is a character boundary.
    let body_starts = page
        .find("<body")
        .and_then(|at| page[at..].find('>').map(|end| at + end + 1));
    let body_ends = page.rfind("</body>");
    match (body_starts, body_ends) {
        (Some(start), Some(end)) if start <= end => format!(
            "{}\n{banner}{}{script}{}",
            &page[..start],
            &page[start..end],
            &page[end..]
        ),
        _ => format!("{banner}{page}{script}"),
    }
}

/// `/staff/preview-events/{path}`: a message each time the editor's script
/// sends a change of `path`, for the preview tab to reload.
pub(super) async fn preview_events(
    State(state): State<AppState>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    staff_on(&state)?;
    let Some(session) = session(&state, &headers).await? else {
        return Err(PageError::Forbidden);
    };
    // Subscribed before the version is read, so no change falls between.
    let receiver = state.staff.drafts.subscribe();
    let version = state.staff.drafts.version(session.id, &path);
    let wanted = (session.id, path);
    let said = |version: u64| -> Result<Event, Infallible> {
        Ok(Event::default().data(version.to_string()))
    };
    // The version first: a tab that missed a change while it connected
    // sees it is behind and reloads.
    let first = futures_util::stream::once(std::future::ready(said(version)));
    let watching = state.clone();
    let changes = futures_util::stream::unfold(receiver, move |mut receiver| {
        let (wanted, watching) = (wanted.clone(), watching.clone());
        async move {
            loop {
                match receiver.recv().await {
                    Ok(changed) if changed != wanted => continue,
                    Ok(_) | Err(RecvError::Lagged(_)) => {
                        let version = watching.staff.drafts.version(wanted.0, &wanted.1);
                        return Some((said(version), receiver));
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        }
    });
    let stream = futures_util::StreamExt::chain(first, changes);
    Ok(no_store(
        Sse::new(stream)
            .keep_alive(KeepAlive::default())
            .into_response(),
    ))
}

/// `/staff/editor.js`: the editor's script. Only staff pages load it, and
/// only their content security policy allows it.
pub(super) async fn script(State(state): State<AppState>) -> Result<Response, PageError> {
    staff_on(&state)?;
    Ok(no_store(
        (
            [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
            include_str!("editor.js"),
        )
            .into_response(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BANNER: &str = "<div>BANNER</div>";

    proptest::proptest! {
        /// Any page, in any alphabet, keeps every character and gains the
        /// banner and the script once each; with a body, the banner opens
        /// it and the script closes it.
        #[test]
        fn the_banner_goes_in_any_page(page in "\\PC{0,30}(<body\\PC{0,5}>\\PC{0,20}</body>\\PC{0,5})?") {
            let script = format!("<script src=\"{}\" defer></script>\n", routes::STAFF_SCRIPT);
            let changed = with_banner(&page, BANNER);
            let restored = changed
                .replacen(&format!("\n{BANNER}"), "", 1)
                .replacen(BANNER, "", 1)
                .replacen(&script, "", 1);
            proptest::prop_assert_eq!(restored, page.clone());
            let closing = format!("{script}</body>");
            if page.contains("</body>") && page.contains("<body") {
                proptest::prop_assert!(changed.contains(&closing));
                proptest::prop_assert!(changed.find("<body") < changed.find(BANNER));
            }
        }
    }
}
