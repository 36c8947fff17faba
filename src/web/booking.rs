//! A booked call's own pages: the one confirming it, and the ones its
//! links lead to, to cancel it or pick another time. Each link is signed
//! for one action and one version of the booking (see
//! [`crate::consultation::token::FormKey::booking_link`]) and works until
//! the call; opening one only shows a page, since mail scanners open links,
//! and only its button's post changes anything, checked as the form's
//! posts are (same site, the client's limit, a small form body).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, Request, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::consultation::{TimesShown, client_ip, html_type, is_same_site, no_store, small_form};
use super::{AppState, PageError};
use crate::consultation::bookings::Booking;
use crate::consultation::form::{self, FormValues};
use crate::consultation::mail::BookingLinks;
use crate::consultation::outbox::Moved;
use crate::consultation::rate_limit::Verdict;
use crate::consultation::token::BookingAction;
use crate::render::booking::{Change, Offer, booked_page, change_page};

#[derive(Deserialize)]
pub struct BookedQuery {
    #[serde(rename = "ref")]
    reference: Option<String>,
}

/// The page confirming a booked call, for the booking its reference names;
/// 404 for any other reference. Never cached: it follows a private action.
pub async fn booked(
    State(state): State<AppState>,
    uri: Uri,
    query: Result<Query<BookedQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let loaded = state.site.load();
    let edition = loaded.rendered.edition_of(uri.path());
    if loaded
        .rendered
        .edition(edition)
        .paths
        .consultation_booked_page()
        != uri.path()
    {
        return Err(PageError::NotFound);
    }
    let reference = query.ok().and_then(|Query(query)| query.reference);
    let booking = reference
        .as_deref()
        .and_then(|reference| state.consultation.booking_of_reference(reference))
        .ok_or(PageError::NotFound)?;
    let booking = match state.consultation.outbox.read_booking(booking).await {
        Ok(Some(booking)) if booking.cancelled_at.is_none() => booking,
        Ok(_) => return Err(PageError::NotFound),
        Err(error) => {
            tracing::error!(%error, "could not read a booking for its page");
            return Err(PageError::ServiceUnavailable);
        }
    };
    // The same links as the confirmation email's, for whoever has no email.
    let links = BookingLinks::new(
        &state.consultation.key,
        &loaded.rendered.edition(edition).paths,
        booking.id,
        booking.sequence,
        |path| path,
    );
    let html = booked_page(
        &loaded.page_context(state.site.now(), edition),
        booking.slot,
        &links,
    )?;
    Ok(no_store(
        (StatusCode::OK, html_type(), html).into_response(),
    ))
}

#[derive(Deserialize)]
pub struct ChangeQuery {
    #[serde(rename = "ref")]
    reference: Option<String>,
    week: Option<String>,
    zone: Option<String>,
    /// Set on the page shown after a cancellation.
    cancelled: Option<String>,
}

/// The most a cancellation or a move posts: a link's reference and a time.
const MAX_CHANGE_BODY: usize = 1024;

/// A booked call's link, checked: the booking if the link is for it as it
/// stands now and its call is still to come.
async fn linked_booking(
    state: &AppState,
    action: BookingAction,
    reference: Option<&str>,
) -> Result<Option<Booking>, PageError> {
    let Some((id, sequence)) =
        reference.and_then(|reference| state.consultation.key.read_booking_link(action, reference))
    else {
        return Ok(None);
    };
    let booking = state
        .consultation
        .outbox
        .read_booking(id)
        .await
        .map_err(|error| {
            tracing::error!(%error, "could not read a booking for its link");
            PageError::ServiceUnavailable
        })?;
    let now = state.site.now();
    Ok(booking.filter(|booking| {
        booking.cancelled_at.is_none() && booking.sequence == sequence && booking.slot.start > now
    }))
}

/// The edition of a booked call's page, or `None` when the address is not one.
fn change_edition(
    state: &AppState,
    uri: &Uri,
    path: fn(&crate::urls::Paths) -> String,
) -> Option<usize> {
    let rendered = &state.site.load().rendered;
    let edition = rendered.edition_of(uri.path());
    (path(&rendered.edition(edition).paths) == uri.path()).then_some(edition)
}

fn render_change(
    state: &AppState,
    edition: usize,
    status: StatusCode,
    change: Change<'_>,
) -> Result<Response, PageError> {
    let loaded = state.site.load();
    let html = change_page(&loaded.page_context(state.site.now(), edition), change)?;
    Ok(no_store((status, html_type(), html).into_response()))
}

/// `/consultation/cancel?ref=…`: asks before cancelling, since mail
/// scanners open links; only the button's post cancels.
pub async fn cancel_form(
    State(state): State<AppState>,
    uri: Uri,
    query: Result<Query<ChangeQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let edition = change_edition(&state, &uri, crate::urls::Paths::consultation_cancel)
        .ok_or(PageError::NotFound)?;
    let query = query.ok().map(|Query(query)| query);
    if query
        .as_ref()
        .is_some_and(|query| query.cancelled.is_some())
    {
        return render_change(&state, edition, StatusCode::OK, Change::Cancelled);
    }
    let reference = query.and_then(|query| query.reference);
    match linked_booking(&state, BookingAction::Cancel, reference.as_deref()).await? {
        Some(booking) => {
            let reference = reference.unwrap_or_default();
            let change = Change::ConfirmCancel {
                slot: booking.slot,
                reference: &reference,
            };
            render_change(&state, edition, StatusCode::OK, change)
        }
        None => render_change(&state, edition, StatusCode::GONE, Change::Gone),
    }
}

/// The cancellation itself: the time is freed and the coordinator told.
pub async fn cancel(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, PageError> {
    let edition = change_edition(
        &state,
        request.uri(),
        crate::urls::Paths::consultation_cancel,
    )
    .ok_or(PageError::MethodNotAllowed)?;
    let fields = read_change_post(&state, request).await?;
    let Some(booking) =
        linked_booking(&state, BookingAction::Cancel, fields.reference.as_deref()).await?
    else {
        return render_change(&state, edition, StatusCode::GONE, Change::Gone);
    };
    let now = state.site.now();
    let outbox = &state.consultation.outbox;
    match outbox
        .cancel_booking(booking.id, booking.sequence, now)
        .await
    {
        Ok(true) => {
            tracing::info!("booking #{} was cancelled by the visitor", booking.id);
            state.consultation.wake_worker.notify_one();
            let rendered = &state.site.load().rendered;
            let done = format!(
                "{}?cancelled=1",
                rendered.edition(edition).paths.consultation_cancel()
            );
            Ok(no_store(
                (StatusCode::SEE_OTHER, [(header::LOCATION, done)]).into_response(),
            ))
        }
        Ok(false) => render_change(&state, edition, StatusCode::GONE, Change::Gone),
        Err(error) => {
            tracing::error!(%error, "could not cancel a booking");
            Err(PageError::ServiceUnavailable)
        }
    }
}

/// `/consultation/reschedule?ref=…`: the free times to move the call to.
pub async fn reschedule_form(
    State(state): State<AppState>,
    uri: Uri,
    query: Result<Query<ChangeQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let edition = change_edition(&state, &uri, crate::urls::Paths::consultation_reschedule)
        .ok_or(PageError::NotFound)?;
    let query = query.ok().map(|Query(query)| query);
    let (reference, week, zone) = query
        .map(|query| (query.reference, query.week, query.zone))
        .unwrap_or_default();
    let Some(booking) =
        linked_booking(&state, BookingAction::Reschedule, reference.as_deref()).await?
    else {
        return render_change(&state, edition, StatusCode::GONE, Change::Gone);
    };
    let shown = TimesShown {
        week: week.and_then(|week| week.trim().parse().ok()),
        zone,
        taken: None,
    };
    let values = FormValues::default();
    let reference = reference.unwrap_or_default();
    reschedule_page(
        &state,
        edition,
        StatusCode::OK,
        booking,
        &reference,
        &values,
        shown,
        None,
    )
    .await
}

/// The move itself: the new time is taken and the old one freed in one
/// transaction, or nothing changes.
pub async fn reschedule(
    State(state): State<AppState>,
    request: Request,
) -> Result<Response, PageError> {
    let edition = change_edition(
        &state,
        request.uri(),
        crate::urls::Paths::consultation_reschedule,
    )
    .ok_or(PageError::MethodNotAllowed)?;
    let fields = read_change_post(&state, request).await?;
    let reference = fields.reference.clone().unwrap_or_default();
    let Some(booking) = linked_booking(&state, BookingAction::Reschedule, Some(&reference)).await?
    else {
        return render_change(&state, edition, StatusCode::GONE, Change::Gone);
    };
    let mut values = FormValues::default();
    values.set(form::Field::Slot, fields.slot.clone().unwrap_or_default());
    let shown = TimesShown::default();
    let loaded = state.site.load();
    let wanted = fields
        .slot
        .as_deref()
        .and_then(crate::consultation::slots::parse_value);
    let now = state.site.now();
    let consultation = &state.consultation;
    let Some((slot, availability)) =
        wanted.and_then(|start| consultation.offered(&loaded.site, start, now))
    else {
        let error = if wanted.is_none() && fields.slot.as_deref().unwrap_or("").is_empty() {
            "form-error-slot-missing"
        } else {
            "form-error-slot-unavailable"
        };
        return reschedule_page(
            &state,
            edition,
            StatusCode::UNPROCESSABLE_ENTITY,
            booking,
            &reference,
            &values,
            shown,
            Some(error),
        )
        .await;
    };
    let remind_at = consultation.reminder_at(&loaded.site, &slot, now);
    let moved = consultation
        .outbox
        .move_booking(
            booking.id,
            booking.sequence,
            slot,
            availability.callers,
            remind_at,
            now,
        )
        .await;
    match moved {
        Ok(Moved::Moved { sequence }) => {
            tracing::info!("booking #{} was moved by the visitor", booking.id);
            consultation.wake_worker.notify_one();
            let link =
                consultation
                    .key
                    .booking_link(BookingAction::Confirmed, booking.id, sequence);
            let booked = loaded
                .rendered
                .edition(edition)
                .paths
                .consultation_booked(&link);
            Ok(no_store(
                (StatusCode::SEE_OTHER, [(header::LOCATION, booked)]).into_response(),
            ))
        }
        Ok(Moved::Taken) => {
            let shown = TimesShown {
                taken: Some(slot.start),
                ..TimesShown::default()
            };
            reschedule_page(
                &state,
                edition,
                StatusCode::UNPROCESSABLE_ENTITY,
                booking,
                &reference,
                &values,
                shown,
                Some("form-error-slot-taken"),
            )
            .await
        }
        Ok(Moved::Stale) => render_change(&state, edition, StatusCode::GONE, Change::Gone),
        Err(error) => {
            tracing::error!(%error, "could not move a booking");
            Err(PageError::ServiceUnavailable)
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn reschedule_page(
    state: &AppState,
    edition: usize,
    status: StatusCode,
    booking: Booking,
    reference: &str,
    values: &FormValues,
    shown: TimesShown,
    error: Option<&'static str>,
) -> Result<Response, PageError> {
    let loaded = state.site.load();
    let Some(availability) = loaded.site.settings.consultations.as_ref() else {
        return render_change(state, edition, StatusCode::GONE, Change::Gone);
    };
    let free = state.consultation.free_slots_for_page(&loaded.site).await;
    let offer = Offer {
        free: &free,
        length_minutes: availability.length.as_mins(),
        week: shown.week.or(Some(
            booking
                .slot
                .start
                .to_zoned_datetime(loaded.site.settings.timezone.clone())
                .date(),
        )),
        zone: shown.zone.as_deref(),
        taken: shown.taken,
        now: state.site.now(),
    };
    let change = Change::Reschedule {
        slot: booking.slot,
        reference,
        offer,
        values,
        error,
    };
    render_change(state, edition, status, change)
}

/// What a cancellation or a move posts.
#[derive(Default)]
struct ChangeFields {
    reference: Option<String>,
    slot: Option<String>,
}

/// A cancellation's or a move's post, checked as the form's are: from our
/// own pages, within the client's limit, a small form body.
async fn read_change_post(state: &AppState, request: Request) -> Result<ChangeFields, PageError> {
    if !is_same_site(request.headers(), &state.site.load().urls) {
        tracing::warn!("refused a booking change sent from another site");
        return Err(PageError::Forbidden);
    }
    let client = client_ip(&request, state.consultation.trust_proxy);
    if let Verdict::Limited(retry_after) = state.consultation.check_client(client) {
        return Err(PageError::TooManyRequests { retry_after });
    }
    let mut fields = ChangeFields::default();
    for (name, value) in small_form(request, MAX_CHANGE_BODY).await? {
        match name.as_str() {
            "ref" => fields.reference = Some(value),
            "slot" => fields.slot = Some(value),
            _ => return Err(PageError::BadRequest),
        }
    }
    Ok(fields)
}
