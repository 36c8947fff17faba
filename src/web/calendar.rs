//! `/calendar/SECRET.ics`: the care coordinator's private calendar feed
//! ([`crate::consultation::calendar`]). A wrong or missing secret gets the
//! same designed 404 as any address that does not exist, after a
//! comparison in constant time, so the answer tells a guesser nothing.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::{AppState, PageError};
use crate::consultation::calendar;
use crate::urls::calendar_feed_secret;

/// Kept by the coordinator's calendar app only: never by a proxy, never
/// on disk by a browser that opens the address.
const FEED_CACHE_CONTROL: &str = "private, no-store";

pub async fn feed(
    State(state): State<AppState>,
    file: Result<Path<String>, PathRejection>,
) -> Result<Response, PageError> {
    let Ok(Path(file)) = file else {
        return Err(PageError::NotFound);
    };
    let given = calendar_feed_secret(&file).ok_or(PageError::NotFound)?;
    match state.calendar.admits(given).await {
        Ok(true) => {}
        Ok(false) => return Err(PageError::NotFound),
        Err(error) => {
            return Err(PageError::internal(
                "could not read the calendar feed's secret",
                error,
            ));
        }
    }
    let loaded = state.site.load();
    let now = state.site.now();
    let outbox = &state.consultation.outbox;
    let ics = match calendar::feed(&state.calendar, outbox, &loaded.site, now).await {
        Ok(ics) => ics,
        Err(error) => {
            tracing::error!(%error, "could not read the bookings for the calendar feed");
            return Err(PageError::ServiceUnavailable);
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, FEED_CACHE_CONTROL),
        ],
        ics,
    )
        .into_response())
}
