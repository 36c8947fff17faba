//! Limits on how often the form may be posted, per client and overall, so a
//! flood cannot bury real requests or the coordinator's inbox. Counted in
//! memory: a restart forgets, which errs towards letting people through.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The window both limits count over.
pub const WINDOW: Duration = Duration::from_secs(60 * 60);

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
    clients: HashMap<IpAddr, VecDeque<Instant>>,
    all: VecDeque<Instant>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// This client posted too often.
    ClientLimited,
    /// Everyone together posted too often.
    GloballyLimited,
}

impl RateLimiter {
    pub fn new(per_client: u32, overall: u32) -> RateLimiter {
        RateLimiter {
            per_client,
            overall,
            state: Mutex::new(Windows::default()),
        }
    }

    /// Records a post from `client` at `now` if it is within both limits.
    pub fn check(&self, client: IpAddr, now: Instant) -> Verdict {
        let mut windows = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Windows { clients, all } = &mut *windows;
        forget_before(all, now);
        if clients.len() > PRUNE_ABOVE {
            clients.retain(|_, times| {
                forget_before(times, now);
                !times.is_empty()
            });
        }
        let times = clients.entry(client).or_default();
        forget_before(times, now);
        if times.len() >= self.per_client as usize {
            return Verdict::ClientLimited;
        }
        if all.len() >= self.overall as usize {
            return Verdict::GloballyLimited;
        }
        times.push_back(now);
        all.push_back(now);
        Verdict::Allowed
    }
}

fn forget_before(times: &mut VecDeque<Instant>, now: Instant) {
    while times
        .front()
        .is_some_and(|&time| now.saturating_duration_since(time) >= WINDOW)
    {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([192, 0, 2, last])
    }

    /// Each client gets its own allowance, which comes back after an hour.
    #[test]
    fn per_client_limit() {
        let limiter = RateLimiter::new(2, 100);
        let start = Instant::now();
        assert_eq!(limiter.check(ip(1), start), Verdict::Allowed);
        assert_eq!(limiter.check(ip(1), start), Verdict::Allowed);
        assert_eq!(limiter.check(ip(1), start), Verdict::ClientLimited);
        assert_eq!(limiter.check(ip(2), start), Verdict::Allowed);
        assert_eq!(limiter.check(ip(1), start + WINDOW), Verdict::Allowed);
    }

    /// The overall limit holds however many addresses a flood uses.
    #[test]
    fn global_limit() {
        let limiter = RateLimiter::new(10, 3);
        let now = Instant::now();
        for last in 1..=3 {
            assert_eq!(limiter.check(ip(last), now), Verdict::Allowed);
        }
        assert_eq!(limiter.check(ip(4), now), Verdict::GloballyLimited);
        assert_eq!(limiter.check(ip(4), now + WINDOW), Verdict::Allowed);
    }
}
