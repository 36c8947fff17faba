//! The mail worker: sends whatever the outbox holds, retries what failed
//! for a passing reason, and resumes after a restart, so a request the site
//! acknowledged reaches the coordinator even if the server dies right after.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::mail::{Mailer, SendFailure};
use super::now_millis;
use super::outbox::{Due, Kind, Outbox};

/// The first retry comes after about this long; each later one waits twice as long.
pub const FIRST_RETRY: Duration = Duration::from_secs(2);
/// How often, at most, delivered records past retention are deleted.
const PURGE_EVERY_MILLIS: i64 = 60 * 60 * 1000;
/// The longest the worker sleeps without looking at the outbox.
const IDLE_WAKE: Duration = Duration::from_secs(60);
/// Deliveries taken per pass.
const BATCH: i64 = 20;

pub struct Worker {
    pub outbox: Outbox,
    pub mailer: Arc<Mailer>,
    /// Rung when a new request is stored, so it goes out at once.
    pub wake: Arc<Notify>,
    /// Retries never wait longer than this.
    pub retry_max: Duration,
}

impl Worker {
    /// Runs until the process ends.
    pub async fn run(self) {
        let mut last_purge = i64::MIN;
        loop {
            let now = now_millis();
            if now.saturating_sub(last_purge) >= PURGE_EVERY_MILLIS {
                last_purge = now;
                if let Err(error) = self.outbox.purge(now).await {
                    tracing::error!(%error, "could not delete old outbox records");
                }
            }
            match self.outbox.due(now, BATCH).await {
                Ok(due) => {
                    for delivery in due {
                        self.deliver(delivery).await;
                    }
                }
                Err(error) => tracing::error!(%error, "could not read the outbox"),
            }
            let wait = match self.outbox.next_due_at().await {
                Ok(Some(next)) => {
                    Duration::from_millis(next.saturating_sub(now_millis()).max(0) as u64)
                }
                Ok(None) => IDLE_WAKE,
                Err(error) => {
                    tracing::error!(%error, "could not read the outbox");
                    Duration::from_secs(5)
                }
            };
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(wait.min(IDLE_WAKE)) => {}
            }
        }
    }

    async fn deliver(&self, due: Due) {
        let id = due.request_id;
        let kind = due.kind;
        let (message, domain) = match kind {
            Kind::Coordinator => (
                self.mailer
                    .coordinator_message(id, &due.submission_id, &due.record),
                self.mailer.coordinator.email.domain().to_owned(),
            ),
            Kind::Confirmation => {
                let address = due
                    .record
                    .request
                    .email
                    .as_deref()
                    .and_then(|email| email.parse::<lettre::Address>().ok());
                let Some(address) = address else {
                    self.record(
                        self.outbox
                            .mark_failed(id, kind, now_millis(), "no address".into())
                            .await,
                    );
                    return;
                };
                let domain = address.domain().to_owned();
                (
                    self.mailer
                        .confirmation_message(id, &due.submission_id, address),
                    domain,
                )
            }
        };
        let result = self.mailer.send(message).await;
        let now = now_millis();
        let kind_name = match kind {
            Kind::Coordinator => "coordinator",
            Kind::Confirmation => "confirmation",
        };
        match result {
            Ok(()) => {
                tracing::info!(
                    "request #{id}: {kind_name} email delivered to a mailbox at {domain}"
                );
                self.record(self.outbox.mark_sent(id, kind, now).await);
            }
            Err(SendFailure::Permanent(reason)) => {
                tracing::error!(
                    "request #{id}: {kind_name} email to {domain} {reason}; kept as failed (hearth outbox show {id}, hearth outbox retry {id})"
                );
                self.record(self.outbox.mark_failed(id, kind, now, reason).await);
            }
            Err(SendFailure::Temporary(reason)) => {
                let delay = backoff(due.attempts, self.retry_max);
                tracing::warn!(
                    "request #{id}: {kind_name} email to {domain} {reason}; trying again in {:.1}s",
                    delay.as_secs_f64()
                );
                let retry_at = now + delay.as_millis() as i64;
                self.record(
                    self.outbox
                        .schedule_retry(id, kind, now, retry_at, reason)
                        .await,
                );
            }
        }
    }

    fn record(&self, result: Result<(), super::outbox::OutboxError>) {
        if let Err(error) = result {
            tracing::error!(%error, "could not update the outbox");
        }
    }
}

/// Exponential backoff with jitter: about 2 s, 4 s, 8 s… each between 75%
/// and 125% of that, never more than `max`, so retries from many requests
/// do not arrive together.
pub fn backoff(attempts: i64, max: Duration) -> Duration {
    let exponent = attempts.clamp(0, 20) as u32;
    let base = FIRST_RETRY.saturating_mul(2u32.saturating_pow(exponent));
    let mut random = [0u8; 2];
    let jitter = match getrandom::fill(&mut random) {
        Ok(()) => f64::from(u16::from_le_bytes(random)) / f64::from(u16::MAX),
        Err(_) => 0.5,
    };
    base.mul_f64(0.75 + jitter * 0.5).min(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Retries start near two seconds, double, and stop growing at the cap.
    #[test]
    fn backoff_grows_to_the_cap() {
        let max = Duration::from_secs(60);
        for _ in 0..50 {
            let first = backoff(0, max);
            assert!(
                first >= Duration::from_millis(1_500) && first <= Duration::from_millis(2_500),
                "{first:?}"
            );
            let third = backoff(2, max);
            assert!(
                third >= Duration::from_secs(6) && third <= Duration::from_secs(10),
                "{third:?}"
            );
            assert!(backoff(30, max) <= max);
        }
        assert_eq!(
            backoff(0, Duration::from_millis(300)),
            Duration::from_millis(300)
        );
    }
}
