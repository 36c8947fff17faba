//! Consultation requests: the one write path of the site. A visitor asks
//! for a free phone consultation; the request is checked, written to a
//! durable outbox, acknowledged, and then emailed to the care coordinator by
//! a background worker. Nothing the visitor typed is logged.
//!
//! - [`form`]: reading and checking the posted fields.
//! - [`token`]: the signed hidden fields that make double submits harmless.
//! - [`rate_limit`]: posts per client, and overall for posts of a signed form.
//! - [`outbox`]: SQLite storage, synced before the visitor is answered.
//! - [`recover`]: getting back what a damaged outbox holds.
//! - `bookings`: booked calls, stored with their requests.
//! - [`bookings_admin`]: `hearth bookings list` and `show`, for the coordinator.
//! - [`calendar`]: the coordinator's private calendar feed of booked calls.
//! - [`slots`]: the times a visitor can book the call, from `consultations:`.
//! - [`busy`]: the coordinator's busy calendar, read in the background.
//! - [`mail`]: the transport and the two messages.
//! - [`invitation`]: the calendar files a booked call's emails carry.
//! - [`worker`]: delivery, retries, erasure.
//! - [`time`]: jiff times in the code, milliseconds in the outbox.
//!
//! Every part reads the time from the one [`Clock`] it was given, so tests
//! move time on instead of waiting for it.

pub mod admin;
pub mod bookings;
pub mod bookings_admin;
pub mod busy;
pub mod calendar;
pub mod form;
pub mod invitation;
pub mod mail;
pub mod outbox;
pub mod rate_limit;
pub mod recover;
pub mod slots;
pub mod time;
pub mod token;
pub mod worker;

use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use tokio::sync::Notify;

use crate::Clock;
use crate::content;
use crate::content::model::{Site, US_STATES, state_name};
use crate::i18n::Language;
use form::{Choice, Choices, Field, FieldError, FormValues};
use outbox::{Booked, Labels, Outbox, OutboxError, Record, Stored};
use rate_limit::{RateLimiter, Verdict};
use slots::{Schedule, Slot};
use token::{FormKey, Token, TokenProblem, Verified};

/// What the web layer needs to take a request.
pub struct Consultation {
    pub outbox: Outbox,
    pub key: FormKey,
    pub limiter: RateLimiter,
    /// Forms sent sooner than this after opening are treated as spam.
    pub min_fill: SignedDuration,
    /// Take the client address from X-Forwarded-For (behind a reverse proxy).
    pub trust_proxy: bool,
    /// Tells the worker a new request is waiting.
    pub wake_worker: Arc<Notify>,
    /// A damaged outbox was found at start and is kept in the data folder,
    /// waiting for `hearth outbox recover`: `/healthz` says so.
    pub outbox_damaged: bool,
    /// The only source of the time for tokens, fill times and rate limits.
    pub clock: Arc<dyn Clock>,
    /// The coordinator's busy times, as last read from their calendar:
    /// the form offers none of them, and refuses to book one.
    pub busy: Arc<busy::BusyTimes>,
}

/// What happened to a post that was read.
#[derive(Debug)]
pub enum Outcome {
    /// Stored, or already stored with the same fields (a double submit):
    /// thank the visitor.
    Accepted(Stored),
    /// Stored with its call booked as `booking` (or a double submit of one).
    Booked { stored: Stored, booking: i64 },
    /// This form was stored before with other fields: the request arrived
    /// once, and the changes were not added. The visitor is told so.
    AlreadyReceived(Stored),
    /// The honeypot was filled or a fresh form came back too fast: a bot,
    /// most likely. It gets the same thank-you, so it learns nothing.
    Ignored,
    /// Everyone together sent more than the hourly limit; a slot frees after this long.
    Limited(Duration),
    /// The visitor must fix something: show the form again, values kept,
    /// with `token` (it carries when they first opened the form).
    Rejected { rejection: Rejection, token: Token },
}

#[derive(Debug)]
pub enum Rejection {
    Fields(Vec<FieldError>),
    Token(TokenProblem),
}

impl Consultation {
    /// Checks and stores one post of the form, in order of cost: the
    /// honeypot, the signed hidden fields (only then does a post count
    /// towards the overall limit), the fields, the fill time.
    /// Takes a post of the form in `language`; `site` is the default
    /// language's, whose words the stored labels are in.
    pub async fn submit(
        &self,
        values: &FormValues,
        site: &Site,
        language: &Language,
    ) -> Result<Outcome, OutboxError> {
        let now = self.clock.now();
        if !values.get(Field::Honeypot).is_empty() {
            return Ok(Outcome::Ignored);
        }
        let verified = match self.verify(values, now) {
            Ok(verified) => verified,
            Err(problem) => {
                return Ok(Outcome::Rejected {
                    rejection: Rejection::Token(problem),
                    token: self.token_to_show_again(values, now),
                });
            }
        };
        if let Verdict::Limited(retry_after) = self.limiter.check_global(now) {
            return Ok(Outcome::Limited(retry_after));
        }
        // Fields before the fill time: someone who sends too early with a
        // field missing is shown the form again rather than silently thanked.
        let request = match form::validate(values, &choices(site)) {
            Ok(request) => request,
            Err(errors) => {
                return Ok(Outcome::Rejected {
                    rejection: Rejection::Fields(errors),
                    token: self.key.issue_returned(verified.issued_at),
                });
            }
        };
        // A form shown again after a mistake was filled by a person the
        // first time; fixing a field takes a second, and must never be spam.
        let filled_in =
            SignedDuration::from_secs(now.as_second().saturating_sub(verified.issued_at));
        if !verified.returned && filled_in < self.min_fill {
            return Ok(Outcome::Ignored);
        }
        let wanted_slot = request.slot;
        let confirm_digest = request
            .email
            .as_deref()
            .map(|email| self.key.digest(&email.to_ascii_lowercase()));
        let fields_digest = self.fields_digest(&request)?;
        let record = Record {
            labels: labels(site, &request),
            request,
            language: language.clone(),
        };
        let slot = match wanted_slot {
            None => None,
            Some(start) => match self.offered(site, start, now) {
                Some(offered) => Some(offered),
                None => {
                    return Ok(Outcome::Rejected {
                        rejection: Rejection::Fields(vec![slot_error(
                            "form-error-slot-unavailable",
                        )]),
                        token: self.key.issue_returned(verified.issued_at),
                    });
                }
            },
        };
        let submission_id = values.submission_id.clone();
        let (stored, booking) = match slot {
            Some((slot, availability)) => {
                let booked = self
                    .outbox
                    .store_booking(
                        submission_id,
                        record,
                        confirm_digest,
                        fields_digest,
                        slot,
                        availability.callers,
                        self.reminder_at(site, &slot, now),
                        now,
                    )
                    .await?;
                match booked {
                    Booked::Stored { stored, booking } => (stored, Some(booking)),
                    Booked::Unbooked(stored) => (stored, None),
                    Booked::Taken => {
                        return Ok(Outcome::Rejected {
                            rejection: Rejection::Fields(vec![slot_error("form-error-slot-taken")]),
                            token: self.key.issue_returned(verified.issued_at),
                        });
                    }
                }
            }
            None => {
                let stored = (self.outbox)
                    .store(submission_id, record, confirm_digest, fields_digest, now)
                    .await?;
                (stored, None)
            }
        };
        if stored.is_new {
            self.wake_worker.notify_one();
        }
        match (stored.same_fields, booking) {
            (false, _) => Ok(Outcome::AlreadyReceived(stored)),
            (true, Some(booking)) => Ok(Outcome::Booked { stored, booking }),
            (true, None) => Ok(Outcome::Accepted(stored)),
        }
    }

    /// The slot starting at `start`, with the availability it comes from,
    /// if the schedule offers it at `now` and the coordinator's calendar is
    /// not busy then. Whether a caller is still free is the outbox's to
    /// say, when booking it.
    pub fn offered<'a>(
        &self,
        site: &'a Site,
        start: Timestamp,
        now: Timestamp,
    ) -> Option<(Slot, &'a content::model::Availability)> {
        let schedule = self.schedule(site)?;
        let slot = schedule.offered(start, now)?;
        let busy = self.busy.current();
        (!busy.iter().any(|busy| busy.overlaps(&slot))).then_some((slot, schedule.availability))
    }

    /// When to remind the visitor of a call at `slot` booked at `now`.
    pub fn reminder_at(&self, site: &Site, slot: &Slot, now: Timestamp) -> Option<Timestamp> {
        self.schedule(site)?.reminder_at(slot, now)
    }

    /// The site's availability in its time zone, where it books calls.
    fn schedule<'a>(&self, site: &'a Site) -> Option<Schedule<'a>> {
        Some(Schedule {
            availability: site.settings.consultations.as_ref()?,
            timezone: &site.settings.timezone,
        })
    }

    /// The times the form offers at `now`: every slot of the schedule with
    /// a caller free and the coordinator's calendar not busy (as last read;
    /// this never waits for the calendar). Empty when the practice does not
    /// book calls.
    pub async fn free_slots(&self, site: &Site) -> Result<Vec<Slot>, OutboxError> {
        let Some(schedule) = self.schedule(site) else {
            return Ok(Vec::new());
        };
        let availability = schedule.availability;
        let now = self.clock.now();
        let (earliest, latest) = schedule.bookable_window(now);
        let booked = self
            .outbox
            .booked_between(earliest, latest + availability.length)
            .await?;
        let busy = self.busy.current();
        Ok(schedule
            .slots(now)
            .into_iter()
            .filter(|slot| slots::is_free(slot, &booked, &busy, availability.callers))
            .collect())
    }

    /// As [`Consultation::free_slots`], for a page: when the bookings cannot
    /// be read, no time is offered (the form still takes a request for a
    /// call back) and the log says why.
    pub async fn free_slots_for_page(&self, site: &Site) -> Vec<Slot> {
        self.free_slots(site).await.unwrap_or_else(|error| {
            tracing::error!(%error, "could not read the booked calls; no times were offered");
            Vec::new()
        })
    }

    /// A reference to booking `id`, just made, for the page that confirms
    /// it: signed, so the page shows only bookings made here.
    pub fn booking_reference(&self, id: i64) -> String {
        self.key
            .booking_link(token::BookingAction::Confirmed, id, 0)
    }

    /// The booking a confirmation page's reference names, if we made it.
    pub fn booking_of_reference(&self, reference: &str) -> Option<i64> {
        (self.key)
            .read_booking_link(token::BookingAction::Confirmed, reference)
            .map(|(id, _)| id)
    }

    /// A post too large to take, shown again: the fields that are too long
    /// (with the rest of the form's problems, all at once) and its token.
    /// Nothing is stored, and it does not count towards the overall limit.
    pub fn too_large(&self, values: &FormValues, site: &Site) -> (Vec<FieldError>, Token) {
        let now = self.clock.now();
        let errors = form::validate(values, &choices(site))
            .err()
            .unwrap_or_default();
        (errors, self.token_to_show_again(values, now))
    }

    /// The hidden fields for a form shown again: the first-opened time when
    /// the post's own hidden fields are good, else now; always marked
    /// returned (a person is correcting it, whatever went wrong).
    fn token_to_show_again(&self, values: &FormValues, now: Timestamp) -> Token {
        match self.verify(values, now) {
            Ok(verified) => self.key.issue_returned(verified.issued_at),
            Err(_) => self.key.issue_returned(now.as_second()),
        }
    }

    /// The hidden fields of a fresh form opened now.
    pub fn fresh_token(&self) -> Token {
        self.key.issue(self.clock.now().as_second())
    }

    /// Whether `client` may post now (see [`RateLimiter::check_client`]).
    pub fn check_client(&self, client: std::net::IpAddr) -> Verdict {
        self.limiter.check_client(client, self.clock.now())
    }

    fn verify(&self, values: &FormValues, now: Timestamp) -> Result<Verified, TokenProblem> {
        self.key.verify(
            &values.submission_id,
            &values.issued_at,
            &values.returned,
            &values.token,
            now.as_second(),
        )
    }

    /// A keyed digest of what was sent, kept beside the request so an edited
    /// copy of the same form is told apart from a double click, even after
    /// the details are erased. It holds none of the text: without the form
    /// key it cannot be checked against a guess.
    fn fields_digest(&self, request: &form::Request) -> Result<String, OutboxError> {
        let json = serde_json::to_string(request)?;
        Ok(self.key.digest(&format!("fields\0{json}")))
    }
}

fn slot_error(message: &'static str) -> FieldError {
    FieldError {
        field: Field::Slot,
        message,
        numbers: Vec::new(),
    }
}

/// What the form's selects offer, from the site.
pub fn choices(site: &Site) -> Choices {
    Choices {
        services: site
            .services
            .iter()
            .map(|service| service.slug.clone())
            .collect(),
        therapists: site
            .therapists
            .iter()
            .map(|therapist| therapist.slug.clone())
            .collect(),
        states: US_STATES
            .iter()
            .map(|(code, _)| (*code).to_owned())
            .collect(),
        session_languages: session_languages(site),
        health_data_consent: site.settings.asks_health_data_consent(),
        books_calls: site.settings.consultations.is_some(),
    }
}

/// Every language a therapist offers sessions in, in the order the team
/// first names them, with who speaks it.
pub fn session_languages(site: &Site) -> Vec<(String, Vec<String>)> {
    let mut languages: Vec<(String, Vec<String>)> = Vec::new();
    for therapist in &site.therapists {
        for language in &therapist.languages {
            match languages.iter_mut().find(|(known, _)| known == language) {
                Some((_, speakers)) => speakers.push(therapist.slug.clone()),
                None => languages.push((language.clone(), vec![therapist.slug.clone()])),
            }
        }
    }
    languages
}

/// The therapists who fit a request, by name, in team order: those the
/// team page would show for the same wishes (accepting new clients, seeing
/// clients where the visitor will be, in the format, language and service
/// asked for, where the visitor said).
pub fn fitting_therapists(site: &Site, request: &form::Request) -> Vec<String> {
    use content::model::{Format, TeamFilter};
    use form::SessionFormat;
    let format = match request.format {
        SessionFormat::Either => "",
        SessionFormat::InPerson => Format::InPerson.key(),
        SessionFormat::Online => Format::Online.key(),
    };
    let wishes = TeamFilter {
        service: request.service.clone().unwrap_or_default(),
        format: format.to_owned(),
        language: request.session_language.clone().unwrap_or_default(),
        accepting: "yes".to_owned(),
        state: request.state.clone(),
        ..TeamFilter::default()
    };
    (site.therapists.iter())
        .filter(|therapist| wishes.matches(therapist))
        .map(|therapist| therapist.name.clone())
        .collect()
}

/// The labels stored with a request, as the form showed them when it was
/// sent, in the site's default language: the coordinator's.
fn labels(site: &Site, request: &form::Request) -> Labels {
    let words = site.settings.catalog();
    Labels {
        fits: Some(fitting_therapists(site, request)),
        service: request
            .service
            .as_deref()
            .and_then(|slug| site.service(slug))
            .map(|service| service.title.clone())
            .unwrap_or_else(|| words.message("form-service-unsure", &[])),
        therapist: request
            .therapist
            .as_deref()
            .and_then(|slug| site.therapist(slug))
            .map(|therapist| therapist.name.clone())
            .unwrap_or_else(|| words.message("form-therapist-any", &[])),
        state: state_name(&request.state)
            .unwrap_or(&request.state)
            .to_owned(),
        state_served: site.settings.states.contains(&request.state.as_str()),
        contact_preference: words.message(request.contact_preference.label(), &[]),
        format: words.message(request.format.label(), &[]),
        who_for: words.message(request.who_for.label(), &[]),
    }
}
