//! Limits on how often the form may be posted, per client and overall, so a
//! flood cannot bury real requests or the coordinator's inbox. Counted in
//! memory: a restart forgets, which errs towards letting people through.
//!
//! The per-client limit counts every post a client sends; the overall limit
//! counts only posts of a form this site signed, so junk from rotating
//! addresses is refused before it can use up everyone's hour. Both say
//! when a slot frees, for the 429's `Retry-After`.
//!
//! Times are the [`crate::Clock`]'s, passed in by the caller, so a test
//! moves an hour on instead of waiting for one. A clock set back (the
//! system's time corrected) keeps counting the posts it saw until an hour
//! after the time they were counted at.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use super::time::{after, wait_until};

/// The window both limits count over.
pub const WINDOW: SignedDuration = SignedDuration::from_hours(1);

/// Above this many tracked clients, idle ones are forgotten on the next post.
const PRUNE_ABOVE: usize = 10_000;

#[derive(Debug)]
pub struct RateLimiter {
    per_client: u32,
    overall: u32,
    state: Mutex<Windows>,
}

#[derive(Debug, Default)]
struct Windows {
    clients: HashMap<IpAddr, VecDeque<Timestamp>>,
    all: VecDeque<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Over the limit; a slot frees after this long (for `Retry-After`).
    Limited(Duration),
}

impl RateLimiter {
    pub fn new(per_client: u32, overall: u32) -> RateLimiter {
        RateLimiter {
            per_client,
            overall,
            state: Mutex::new(Windows::default()),
        }
    }

    fn windows(&self) -> std::sync::MutexGuard<'_, Windows> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records a post from `client` at `now` if it is within the client's
    /// limit. Every post a client sends is counted here, junk included.
    pub fn check_client(&self, client: IpAddr, now: Timestamp) -> Verdict {
        let mut windows = self.windows();
        let clients = &mut windows.clients;
        if clients.len() > PRUNE_ABOVE {
            clients.retain(|_, times| {
                forget_before(times, now);
                !times.is_empty()
            });
        }
        let times = clients.entry(client).or_default();
        admit(times, self.per_client, now)
    }

    /// Records a post at `now` if everyone together is within the overall
    /// limit. Called only for posts that carry a valid signed form, so junk
    /// from many addresses cannot use up everyone's allowance.
    pub fn check_global(&self, now: Timestamp) -> Verdict {
        admit(&mut self.windows().all, self.overall, now)
    }
}

/// Adds `now` to `times` if fewer than `limit` fall in the window; else says
/// when the oldest leaves it.
fn admit(times: &mut VecDeque<Timestamp>, limit: u32, now: Timestamp) -> Verdict {
    forget_before(times, now);
    if times.len() < limit as usize {
        times.push_back(now);
        return Verdict::Allowed;
    }
    let frees_at = after(times.front().copied().unwrap_or(now), WINDOW);
    Verdict::Limited(wait_until(now, frees_at))
}

fn forget_before(times: &mut VecDeque<Timestamp>, now: Timestamp) {
    while times
        .front()
        .is_some_and(|&time| now.duration_since(time) >= WINDOW)
    {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> Timestamp {
        "2026-03-01T09:00:00Z".parse().unwrap()
    }

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([192, 0, 2, last])
    }

    /// Each client gets its own allowance, which comes back after an hour.
    #[test]
    fn per_client_limit() {
        let limiter = RateLimiter::new(2, 100);
        let start = start();
        assert_eq!(limiter.check_client(ip(1), start), Verdict::Allowed);
        let later = start + SignedDuration::from_mins(10);
        assert_eq!(limiter.check_client(ip(1), later), Verdict::Allowed);
        assert_eq!(
            limiter.check_client(ip(1), later),
            Verdict::Limited(Duration::from_secs(50 * 60)),
            "the first post leaves the window first"
        );
        assert_eq!(limiter.check_client(ip(2), start), Verdict::Allowed);
        assert_eq!(
            limiter.check_client(ip(1), start + WINDOW),
            Verdict::Allowed
        );
    }

    /// The overall limit holds however many addresses a flood uses.
    #[test]
    fn global_limit() {
        let limiter = RateLimiter::new(10, 3);
        let now = start();
        for _ in 1..=3 {
            assert_eq!(limiter.check_global(now), Verdict::Allowed);
        }
        assert_eq!(
            limiter.check_global(now),
            Verdict::Limited(Duration::from_secs(60 * 60))
        );
        assert_eq!(limiter.check_global(now + WINDOW), Verdict::Allowed);
    }

    /// The two limits count separately: a client's posts refused as junk
    /// before the global check use up only that client's allowance.
    #[test]
    fn limits_count_separately() {
        let limiter = RateLimiter::new(1, 1);
        let now = start();
        assert_eq!(limiter.check_client(ip(1), now), Verdict::Allowed);
        assert_eq!(limiter.check_client(ip(2), now), Verdict::Allowed);
        assert_eq!(limiter.check_global(now), Verdict::Allowed);
        assert_eq!(
            limiter.check_global(now),
            Verdict::Limited(Duration::from_secs(60 * 60))
        );
        assert!(matches!(
            limiter.check_client(ip(1), now),
            Verdict::Limited(_)
        ));
    }
}
