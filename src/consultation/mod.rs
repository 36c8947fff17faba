//! Consultation requests: the one write path of the site. A visitor asks
//! for a free phone consultation; the request is checked, written to a
//! durable outbox, acknowledged, and then emailed to the care coordinator by
//! a background worker. Nothing the visitor typed is logged.
//!
//! - [`form`]: reading and checking the posted fields.
//! - [`token`]: the signed hidden fields that make double submits harmless.
//! - [`rate_limit`]: posts per client and overall.
//! - [`outbox`]: SQLite storage, synced before the visitor is answered.
//! - [`recover`]: getting back what a damaged outbox holds.
//! - [`mail`]: the transport and the two messages.
//! - [`worker`]: delivery, retries, erasure.

pub mod admin;
pub mod form;
pub mod mail;
pub mod outbox;
pub mod rate_limit;
pub mod recover;
pub mod token;
pub mod worker;

use std::sync::Arc;

use tokio::sync::Notify;

use crate::content::model::{Site, US_STATES, state_name};
use form::{Choices, FieldError, FormValues, HONEYPOT_FIELD};
use outbox::{Labels, Outbox, OutboxError, Record, Stored};
use rate_limit::RateLimiter;
use token::{FormKey, TokenProblem};

/// Milliseconds since the Unix epoch.
pub fn now_millis() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// What the web layer needs to take a request.
pub struct Consultation {
    pub outbox: Outbox,
    pub key: FormKey,
    pub limiter: RateLimiter,
    /// Forms sent sooner than this after opening are treated as spam.
    pub min_fill_millis: i64,
    /// Take the client address from X-Forwarded-For (behind a reverse proxy).
    pub trust_proxy: bool,
    /// Tells the worker a new request is waiting.
    pub wake_worker: Arc<Notify>,
    /// A damaged outbox was found at start and is kept in the data folder,
    /// waiting for `hearth outbox recover`: `/healthz` says so.
    pub outbox_damaged: bool,
}

/// What happened to a post that was read.
#[derive(Debug)]
pub enum Outcome {
    /// Stored (or already stored, for a double submit): thank the visitor.
    Accepted(Stored),
    /// The honeypot was filled or the form came back too fast: a bot, most
    /// likely. It gets the same thank-you, so it learns nothing.
    Ignored,
    /// The visitor must fix something: show the form again, values kept.
    Rejected(Rejection),
}

#[derive(Debug)]
pub enum Rejection {
    Fields(Vec<FieldError>),
    Token(TokenProblem),
}

impl Consultation {
    /// Checks and stores one post of the form.
    pub async fn submit(
        &self,
        values: &FormValues,
        site: &Site,
        now: i64,
    ) -> Result<Outcome, OutboxError> {
        if !values.get(HONEYPOT_FIELD).is_empty() {
            return Ok(Outcome::Ignored);
        }
        let issued_at = match self.key.verify(
            values.get("submission_id"),
            values.get("issued_at"),
            values.get("token"),
            now / 1000,
        ) {
            Ok(issued_at) => issued_at,
            Err(problem) => return Ok(Outcome::Rejected(Rejection::Token(problem))),
        };
        if now - issued_at * 1000 < self.min_fill_millis {
            return Ok(Outcome::Ignored);
        }
        let request = match form::validate(values, &choices(site)) {
            Ok(request) => request,
            Err(errors) => return Ok(Outcome::Rejected(Rejection::Fields(errors))),
        };
        let confirm_digest = request
            .email
            .as_deref()
            .map(|email| self.key.digest(&email.to_ascii_lowercase()));
        let record = Record {
            labels: labels(site, &request),
            request,
        };
        let stored = self
            .outbox
            .store(
                values.get("submission_id").to_owned(),
                record,
                confirm_digest,
                now,
            )
            .await?;
        if stored.is_new {
            self.wake_worker.notify_one();
        }
        Ok(Outcome::Accepted(stored))
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
    }
}

fn labels(site: &Site, request: &form::Request) -> Labels {
    let label = |table: &[(&str, &str)], key: &str| {
        table
            .iter()
            .find(|(known, _)| *known == key)
            .map_or(key, |(_, label)| *label)
            .to_owned()
    };
    Labels {
        service: request
            .service
            .as_deref()
            .and_then(|slug| site.service(slug))
            .map(|service| service.title.clone())
            .unwrap_or_else(|| "Not sure yet".to_owned()),
        therapist: request
            .therapist
            .as_deref()
            .and_then(|slug| site.therapist(slug))
            .map(|therapist| therapist.name.clone())
            .unwrap_or_else(|| "No preference".to_owned()),
        state: state_name(&request.state)
            .unwrap_or(&request.state)
            .to_owned(),
        state_served: site.settings.states.contains(&request.state.as_str()),
        contact_preference: label(&form::CONTACT_PREFERENCES, &request.contact_preference),
        format: label(&form::SESSION_FORMATS, &request.format),
        who_for: label(&form::WHO_FOR, &request.who_for),
    }
}
