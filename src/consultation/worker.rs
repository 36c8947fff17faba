//! The mail worker: sends whatever the outbox holds, retries what failed
//! for a passing reason, and resumes after a restart, so a request the site
//! acknowledged reaches the coordinator even if the server dies right after.
//!
//! A bad day shapes it as much as a good one:
//! - Each attempt is claimed in the outbox before the email goes out, which
//!   moves the delivery's next try a retry's wait ahead, so neither a crash
//!   during the send nor a result that cannot be written (a full disk)
//!   brings a resend sooner than any retry would.
//! - A result that cannot be written is kept in memory and written again
//!   with backoff; a delivered email is never sent again by this process.
//!   When not even the claim can be written the email is sent anyway, since
//!   a request for help matters more than its record, but at most once per
//!   process too: only a restart while storage still fails can send it again.
//! - Storage trouble is logged once when it starts and once when it ends,
//!   not per attempt, and the worker backs off from it as from SMTP errors.
//! - A few emails go out at once ([`PARALLEL_SENDS`], at most
//!   [`PARALLEL_PER_DOMAIN`] to one recipient domain), so a mail server that
//!   hangs holds up only its own recipients; one delivery is never in flight
//!   twice.
//! - `hearth outbox retry` in another process is noticed within a second
//!   through SQLite's `data_version`, not at the next minute's look.
//! - Dev mail files are deleted after the outbox's retention, like its records.
//! - The time comes from the worker's [`Clock`] alone; timers sleep until
//!   the clock's next due time, and ringing [`Worker::wake`] makes the
//!   worker look at the clock again (a test that moves its clock on does).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use lettre::Address;
use tokio::sync::Notify;
use tokio::task::{Id, JoinError, JoinSet};

use super::mail::{self, Mailer, SendFailure};
use super::outbox::{Due, Kind, Outbox, OutboxError, RETENTION};
use super::time::{after, before, signed, wait_until};
use super::token::FormKey;
use crate::Clock;
use crate::staff::store::DueSignIn;

/// The first retry comes after about this long; each later one waits twice as long.
pub const FIRST_RETRY: SignedDuration = SignedDuration::from_secs(2);
/// Emails sent at once. A handful is enough for a practice's volume and
/// keeps a hung server from holding everything; hard-coded as no practice
/// should need to tune it.
pub const PARALLEL_SENDS: usize = 4;
/// Emails sent at once to one recipient domain, fewer than
/// [`PARALLEL_SENDS`] so that the coordinator's server hanging on a pile of
/// requests still leaves room for the visitors' confirmations.
pub const PARALLEL_PER_DOMAIN: usize = 2;
/// How often, at most, delivered records past retention are deleted.
const PURGE_EVERY: SignedDuration = SignedDuration::from_hours(1);
/// The longest the worker sleeps without looking at the outbox.
const IDLE_WAKE: Duration = Duration::from_secs(60);
/// How often the idle worker checks whether another process changed the
/// outbox: one cheap read of a number.
const WATCH_EVERY: Duration = Duration::from_secs(1);
/// Deliveries taken per pass, besides those already in hand.
const BATCH: usize = 20;

pub struct Worker {
    pub outbox: Outbox,
    pub mailer: Arc<Mailer>,
    /// The live site, whose words (the practice's name, phone and crisis
    /// notice, the catalogs) each email is written with: a reload that
    /// changes them reaches the next email.
    pub site: Arc<crate::site::LiveSite>,
    /// Rung when a new request is stored, so it goes out at once.
    pub wake: Arc<Notify>,
    /// Retries never wait longer than this.
    pub retry_max: Duration,
    /// The only source of the time for attempts, retries and purges.
    pub clock: Arc<dyn Clock>,
    /// Signs the links in a booked call's emails (cancel, pick another time).
    pub key: FormKey,
}

/// One delivery: a request's email to the coordinator or its confirmation,
/// or a sign-in link's email (its link's id and [`Kind::SignIn`]).
type Key = (i64, Kind);

/// Whether another send to `domain` fits within [`PARALLEL_PER_DOMAIN`].
fn has_room(state: &State, domain: &str) -> bool {
    let same_domain = state
        .in_flight
        .values()
        .filter(|busy| *busy == domain)
        .count();
    same_domain < PARALLEL_PER_DOMAIN
}

/// What the worker remembers between passes; none of it is needed after a
/// restart, since the outbox's claims cover that.
#[derive(Default)]
struct State {
    /// Deliveries being sent now, with their recipient's domain.
    in_flight: HashMap<Key, String>,
    /// Which delivery each send task carries, so one that panics frees it.
    tasks: HashMap<Id, Key>,
    /// Results the outbox could not take yet.
    unrecorded: HashMap<Key, Unrecorded>,
    storage: Storage,
    last_purge: Option<Timestamp>,
}

/// A result waiting to be written.
struct Unrecorded {
    outcome: Outcome,
    /// When it happened, as it will be recorded.
    at: Timestamp,
    /// When to write it again (for a retry: when it may be attempted again).
    next_try: Timestamp,
}

enum Outcome {
    /// Delivered: the delivery is never sent again by this process.
    Sent,
    /// Refused for good.
    Failed(String),
    /// Failed for now; to be tried again at `retry_at`.
    Retry { retry_at: Timestamp, reason: String },
}

/// What one send task hands back.
struct Attempt {
    key: Key,
    domain: String,
    attempts: i64,
    result: Result<(), SendFailure>,
}

/// Whether the outbox can be read and written, so trouble is logged once
/// and the worker backs off while it lasts.
#[derive(Default)]
struct Storage {
    /// Operations failed since the outbox last worked; 0 while it works.
    failures: i64,
}

impl Storage {
    fn failed(&mut self, error: &OutboxError) {
        if self.failures == 0 {
            tracing::error!(
                %error,
                "the outbox cannot be updated (is the disk full?): email results are kept in memory and written when it can be, and nothing delivered is sent again meanwhile"
            );
        }
        self.failures += 1;
    }

    /// A write worked; trouble is over once no result waits to be written.
    fn worked(&mut self, results_waiting: bool) {
        if self.failures > 0 && !results_waiting {
            tracing::info!("the outbox can be updated again; every email result is written");
            self.failures = 0;
        }
    }
}

impl Worker {
    /// Runs until the process ends.
    pub async fn run(self) {
        let mut state = State::default();
        let mut sending = JoinSet::new();
        loop {
            // Read before the pass, so a change made during it is noticed after.
            let seen = self.outbox.data_version().await.ok();
            let now = self.clock.now();
            self.purge_if_due(&mut state, now).await;
            self.write_waiting_results(&mut state, now).await;
            let wait = self.start_due(&mut state, &mut sending, now).await;
            tokio::select! {
                () = self.wake.notified() => {}
                Some(finished) = sending.join_next_with_id(), if !sending.is_empty() => {
                    self.finish(&mut state, finished).await;
                }
                () = tokio::time::sleep(wait) => {}
                () = self.changed_since(seen) => {}
            }
        }
    }

    /// Deletes outbox records and dev mail past retention, hourly and at start.
    async fn purge_if_due(&self, state: &mut State, now: Timestamp) {
        if state
            .last_purge
            .is_some_and(|last| now.duration_since(last) < PURGE_EVERY)
        {
            return;
        }
        state.last_purge = Some(now);
        match self.outbox.purge(now).await {
            // A purge that deleted nothing wrote nothing, so it proves
            // nothing about a full disk: only one that wrote ends the trouble.
            Ok(0) => {}
            Ok(_) => state.storage.worked(!state.unrecorded.is_empty()),
            Err(error) => state.storage.failed(&error),
        }
        let Some(folder) = self.mailer.transport.dev_mail_folder() else {
            return;
        };
        let folder = folder.to_owned();
        // Files are dated by the system, so the cutoff is the clock's time in
        // the system's terms; before 1970 nothing is old enough to go.
        let cutoff = std::time::SystemTime::try_from(before(now, RETENTION))
            .unwrap_or(std::time::SystemTime::UNIX_EPOCH);
        let shown = folder.display().to_string();
        match tokio::task::spawn_blocking(move || mail::delete_dev_mail_before(&folder, cutoff))
            .await
        {
            Ok(Ok(0)) => {}
            Ok(Ok(count)) => {
                tracing::info!("deleted {count} dev mail file(s) older than 30 days from {shown}")
            }
            Ok(Err(error)) => tracing::warn!(%error, "could not delete old dev mail in {shown}"),
            Err(error) => tracing::warn!(%error, "could not delete old dev mail in {shown}"),
        }
    }

    /// Writes again the results whose time has come; a retry whose time has
    /// come is simply let go, to be attempted like any due delivery.
    async fn write_waiting_results(&self, state: &mut State, now: Timestamp) {
        let ready: Vec<Key> = state
            .unrecorded
            .iter()
            .filter(|(_, waiting)| waiting.next_try <= now)
            .map(|(key, _)| *key)
            .collect();
        for key in ready {
            let Some(waiting) = state.unrecorded.remove(&key) else {
                continue;
            };
            if !matches!(waiting.outcome, Outcome::Retry { .. }) {
                self.record(state, key, waiting.outcome, waiting.at).await;
            }
        }
    }

    /// Starts what is due, within the limits; returns how long to sleep
    /// unless something else wakes the worker first.
    async fn start_due(
        &self,
        state: &mut State,
        sending: &mut JoinSet<Attempt>,
        now: Timestamp,
    ) -> Duration {
        let limit = BATCH + state.in_flight.len() + state.unrecorded.len();
        match self.outbox.due(now, limit as i64).await {
            Ok(due) => {
                for delivery in due {
                    if state.in_flight.len() >= PARALLEL_SENDS {
                        // A send finishing wakes the worker for the rest.
                        break;
                    }
                    self.start(state, sending, delivery, now).await;
                }
            }
            Err(error) => {
                state.storage.failed(&error);
                return self.storage_wait(state).unsigned_abs();
            }
        }
        match self.outbox.due_sign_ins(now, limit as i64).await {
            Ok(links) => {
                for link in links {
                    if state.in_flight.len() >= PARALLEL_SENDS {
                        break;
                    }
                    self.start_sign_in(state, sending, link, now).await;
                }
            }
            Err(error) => {
                state.storage.failed(&error);
                return self.storage_wait(state).unsigned_abs();
            }
        }
        let mut wait = IDLE_WAKE;
        // What is due now has been started or is in hand; look again at the next one.
        match self.outbox.next_due_after(now).await {
            Ok(Some(next)) => wait = wait.min(wait_until(now, next)),
            Ok(None) => {}
            Err(error) => {
                state.storage.failed(&error);
                wait = wait.min(self.storage_wait(state).unsigned_abs());
            }
        }
        if let Some(next) = state
            .unrecorded
            .values()
            .map(|waiting| waiting.next_try)
            .min()
        {
            wait = wait.min(wait_until(now, next));
        }
        wait
    }

    /// Claims and sends one due delivery, unless it is in hand already or its
    /// recipient's domain has its share of sends.
    async fn start(
        &self,
        state: &mut State,
        sending: &mut JoinSet<Attempt>,
        due: Due,
        now: Timestamp,
    ) {
        let key = (due.request_id, due.kind);
        if state.in_flight.contains_key(&key) || state.unrecorded.contains_key(&key) {
            return;
        }
        let to = match due.kind.to_visitor() {
            false => None,
            true => {
                let address = due
                    .record
                    .request
                    .email
                    .as_deref()
                    .and_then(|email| email.parse::<Address>().ok());
                let Some(address) = address else {
                    let outcome = Outcome::Failed("no address".into());
                    self.record(state, key, outcome, now).await;
                    return;
                };
                Some(address)
            }
        };
        let domain = to
            .as_ref()
            .unwrap_or(&self.mailer.coordinator.email)
            .domain()
            .to_ascii_lowercase();
        if !has_room(state, &domain) {
            return;
        }
        let practice = mail::Practice::of(&self.site.load().site);
        let message = match (to, due.kind) {
            (None, Kind::Coordinator) => {
                Some(self.mailer.coordinator_message(&practice, &due, now))
            }
            (None, _) => self.mailer.coordinator_notice(&practice, &due, now),
            (Some(address), _) => {
                let links = self.links(&due);
                self.mailer
                    .visitor_message(&practice, &due, address, links.as_ref(), now)
            }
        };
        let Some(message) = message else {
            // A booked call's email whose booking is gone: nothing to tell.
            let outcome = Outcome::Failed("no booking".into());
            self.record(state, key, outcome, now).await;
            return;
        };
        self.claim_and_send(state, sending, (key, due.attempts), domain, message, now)
            .await;
    }

    /// Claims and sends one sign-in link's email, as [`Worker::start`]
    /// does a request's.
    async fn start_sign_in(
        &self,
        state: &mut State,
        sending: &mut JoinSet<Attempt>,
        link: DueSignIn,
        now: Timestamp,
    ) {
        let key = (link.id, Kind::SignIn);
        if state.in_flight.contains_key(&key) || state.unrecorded.contains_key(&key) {
            return;
        }
        let Ok(to) = link.editor.parse::<Address>() else {
            let outcome = Outcome::Failed("no address".into());
            self.record(state, key, outcome, now).await;
            return;
        };
        let domain = to.domain().to_ascii_lowercase();
        if !has_room(state, &domain) {
            return;
        }
        let loaded = self.site.load();
        let practice = mail::Practice::of(&loaded.site);
        let address = loaded.urls.absolute(&crate::urls::staff_sign_in_link(
            &self.key.sign_in_link(link.id),
        ));
        let message = self.mailer.sign_in_message(&practice, &link, to, &address);
        self.claim_and_send(state, sending, (key, link.attempts), domain, message, now)
            .await;
    }

    /// Claims a delivery for one attempt, then sends it in a task of its own.
    async fn claim_and_send(
        &self,
        state: &mut State,
        sending: &mut JoinSet<Attempt>,
        (key, attempts): (Key, i64),
        domain: String,
        message: mail::Outgoing,
        now: Timestamp,
    ) {
        let until = after(now, backoff(attempts, self.retry_max));
        match self.outbox.claim(key.0, key.1, now, until).await {
            Ok(true) => state.storage.worked(!state.unrecorded.is_empty()),
            // Delivered, failed or changed since it was read: nothing to do.
            Ok(false) => return,
            // Sent anyway, once: see the module's documentation.
            Err(error) => state.storage.failed(&error),
        }
        let mailer = Arc::clone(&self.mailer);
        let task_domain = domain.clone();
        let task = sending.spawn(async move {
            Attempt {
                key,
                domain: task_domain,
                attempts,
                result: mailer.send(message).await,
            }
        });
        state.tasks.insert(task.id(), key);
        state.in_flight.insert(key, domain);
    }

    /// The links a booked call's email to the visitor carries, signed for
    /// the booking as it now stands, on the server that answers forms.
    fn links(&self, due: &Due) -> Option<mail::BookingLinks> {
        let call = due.call?;
        let loaded = self.site.load();
        let editions = 1 + loaded.site.translations.len();
        let edition = (0..editions)
            .find(|edition| *loaded.site.edition(*edition).language() == due.record.language)
            .unwrap_or(0);
        let paths = &loaded.rendered.edition(edition).paths;
        Some(mail::BookingLinks::new(
            &self.key,
            paths,
            call.booking,
            call.sequence,
            |path| loaded.urls.form_absolute(&path),
        ))
    }

    /// Takes a finished send: logs it and records its result.
    async fn finish(&self, state: &mut State, finished: Result<(Id, Attempt), JoinError>) {
        let attempt = match finished {
            Ok((id, attempt)) => {
                state.tasks.remove(&id);
                state.in_flight.remove(&attempt.key);
                attempt
            }
            Err(error) => {
                // Its claim stands, so it is tried again after a retry's wait.
                if let Some(key) = state.tasks.remove(&error.id()) {
                    state.in_flight.remove(&key);
                    tracing::error!("request #{}: sending an email failed unexpectedly", key.0);
                }
                return;
            }
        };
        let (id, kind) = attempt.key;
        let domain = &attempt.domain;
        let now = self.clock.now();
        let kind_name = kind.as_str();
        let outcome = match attempt.result {
            Ok(()) => {
                tracing::info!(
                    "request #{id}: {kind_name} email delivered to a mailbox at {domain}"
                );
                Outcome::Sent
            }
            Err(SendFailure::Permanent(reason)) => {
                tracing::error!(
                    "request #{id}: {kind_name} email to {domain} {reason}; kept as failed (hearth outbox show {id}, hearth outbox retry {id})"
                );
                Outcome::Failed(reason)
            }
            Err(SendFailure::Temporary(reason)) => {
                let delay = backoff(attempt.attempts, self.retry_max);
                tracing::warn!(
                    "request #{id}: {kind_name} email to {domain} {reason}; trying again in {:.1}s",
                    delay.as_secs_f64()
                );
                Outcome::Retry {
                    retry_at: after(now, delay),
                    reason,
                }
            }
        };
        self.record(state, attempt.key, outcome, now).await;
    }

    /// Writes a result; if the outbox cannot take it, keeps it to write later.
    async fn record(&self, state: &mut State, key: Key, outcome: Outcome, at: Timestamp) {
        let (id, kind) = key;
        let written = match &outcome {
            Outcome::Sent => self.outbox.mark_sent(id, kind, at).await,
            Outcome::Failed(reason) => self.outbox.mark_failed(id, kind, at, reason.clone()).await,
            Outcome::Retry { retry_at, reason } => {
                self.outbox
                    .schedule_retry(id, kind, at, *retry_at, reason.clone())
                    .await
            }
        };
        match written {
            Ok(()) => {
                state.unrecorded.remove(&key);
                state.storage.worked(!state.unrecorded.is_empty());
            }
            Err(error) => {
                state.storage.failed(&error);
                let later = after(self.clock.now(), self.storage_wait(state));
                let next_try = match &outcome {
                    Outcome::Retry { retry_at, .. } => later.max(*retry_at),
                    Outcome::Sent | Outcome::Failed(_) => later,
                };
                state.unrecorded.insert(
                    key,
                    Unrecorded {
                        outcome,
                        at,
                        next_try,
                    },
                );
            }
        }
    }

    /// How long to leave the outbox alone after it failed: longer the longer it fails.
    fn storage_wait(&self, state: &State) -> SignedDuration {
        backoff(state.storage.failures.saturating_sub(1), self.retry_max)
    }

    /// Returns once another connection has committed a change to the
    /// outbox since `seen` (such as `hearth outbox retry`); never otherwise.
    async fn changed_since(&self, seen: Option<i64>) {
        loop {
            tokio::time::sleep(WATCH_EVERY).await;
            if let Ok(version) = self.outbox.data_version().await
                && Some(version) != seen
            {
                return;
            }
        }
    }
}

/// Exponential backoff with jitter: about 2 s, 4 s, 8 s… each between 75%
/// and 125% of that, never more than `max`, so retries from many requests
/// do not arrive together.
pub fn backoff(attempts: i64, max: Duration) -> SignedDuration {
    let exponent = attempts.clamp(0, 20) as u32;
    let base = FIRST_RETRY.saturating_mul(2i32.saturating_pow(exponent));
    let mut random = [0u8; 2];
    let jitter = match getrandom::fill(&mut random) {
        Ok(()) => f64::from(u16::from_le_bytes(random)) / f64::from(u16::MAX),
        Err(_) => 0.5,
    };
    base.mul_f64(0.75 + jitter * 0.5).min(signed(max))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Retries start near two seconds, double, and stop growing at the cap.
    #[test]
    fn backoff_grows_to_the_cap() {
        let max = Duration::from_secs(60);
        let cap = SignedDuration::from_secs(60);
        for _ in 0..50 {
            let first = backoff(0, max);
            assert!(
                first >= SignedDuration::from_millis(1_500)
                    && first <= SignedDuration::from_millis(2_500),
                "{first:?}"
            );
            let third = backoff(2, max);
            assert!(
                third >= SignedDuration::from_secs(6) && third <= SignedDuration::from_secs(10),
                "{third:?}"
            );
            assert!(backoff(30, max) <= cap);
        }
        assert_eq!(
            backoff(0, Duration::from_millis(300)),
            SignedDuration::from_millis(300)
        );
    }
}
