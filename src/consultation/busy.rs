//! The coordinator's busy calendar: the times the form must not offer
//! because the coordinator is in a meeting, on leave or otherwise away, read
//! from the private ICS address that Google, Outlook and Apple publish
//! (`busy_calendar_url` in `consultations:`).
//!
//! No page ever waits for it. A background task ([`BusyFetcher::run`])
//! reads the calendar at start and then every [`REFRESH_EVERY`], and swaps
//! the busy times it found into [`BusyTimes`], which the form reads as it
//! is. A fetch that fails (slow, down, too large, not a calendar) keeps the
//! last good copy and logs a warning: offering a time that a calendar we
//! could not read might have blocked is better than offering none.
//!
//! Choices made:
//! - **ureq**, run in `spawn_blocking`, fetches. It is the smallest
//!   well-kept client that does the job on the rustls and ring already in
//!   the tree (lettre's): three new crates, against five for hyper-util's
//!   client with hyper-rustls plus their client features, and it brings what
//!   we would otherwise write by hand: a timeout for the whole call
//!   ([`FETCH_TIMEOUT`], from resolving the name to the last byte), a limit
//!   on the decoded body ([`MAX_BYTES`]; beyond it the fetch fails, a
//!   calendar is never read truncated) and redirects (iCloud's addresses
//!   move between servers), kept to https. One blocking thread for at most
//!   ten seconds every five minutes costs nothing.
//! - **The address is a secret**: whoever has it reads the calendar. It is
//!   never logged; messages name its host only, and ureq's own error texts
//!   (which may quote the address) are never shown.
//! - **icalendar's parser** reads the properties, one event at a time: the
//!   text is unfolded and cut into `VEVENT`s here first, so an event that
//!   cannot be read is skipped with a warning naming its line and UID
//!   (never its summary, which is the coordinator's private business) and
//!   the rest of the calendar still counts.
//! - **rrule** expands repeating events in wall-clock time: the start is
//!   given to it as if it were UTC, and each occurrence's date and time is
//!   then placed in the event's zone by jiff (as `slots` places the
//!   practice's hours), so a weekly 11:00 stays at 11:00 across the day
//!   clocks change and a single time-zone database decides every offset.
//!   Times with `TZID=` take that IANA zone (or a Windows zone name Outlook
//!   writes, for the US zones); floating times and all-day dates take the
//!   practice's zone; an all-day event is busy from the start of its first
//!   day to the start of the day after its last.
//! - `STATUS:CANCELLED` and `TRANSP:TRANSPARENT` are not busy; a
//!   `RECURRENCE-ID` override replaces the occurrence it names, and `EXDATE`
//!   removes one. Only the bookable window (plus margins) is expanded, and at
//!   most [`MAX_BUSY_TIMES`] busy times are kept, so a hostile or enormous
//!   calendar costs bounded time and memory.
//! - The time comes from the injected [`Clock`]; ringing
//!   [`BusyTimes::refresh`] makes the task look at the clock again (a test
//!   that moves its clock on does). The address is read from the live site
//!   each time, so a reload that changes it is followed.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use arc_swap::ArcSwap;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp, ToSpan};
use tokio::sync::Notify;

use super::slots::{Schedule, Slot};
use super::time::{after, before, wait_until};
use crate::Clock;
use crate::content::model::Availability;
use crate::site::LiveSite;

/// How often the calendar is read again. Calendar services refresh their
/// published copies about this often themselves; hard-coded, as no practice
/// should need to tune it.
pub const REFRESH_EVERY: SignedDuration = SignedDuration::from_mins(5);
/// The whole fetch, from resolving the host to the last byte, must take no
/// longer than this.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(10);
/// A calendar larger than this (decoded) is a failed fetch. A busy
/// coordinator's calendar of several years is a few hundred kilobytes.
pub const MAX_BYTES: u64 = 2 * 1024 * 1024;
/// At most this many busy times are kept: more than fifty a day for a
/// year, and a bound on what a runaway rule can cost.
pub const MAX_BUSY_TIMES: usize = 50_000;
/// The most redirects followed (all to https addresses).
const MAX_REDIRECTS: u32 = 5;
/// The task looks at the clock at least this often, in case it jumps.
const IDLE_WAKE: Duration = Duration::from_secs(60);
/// The busy times kept reach this far past the bookable window, so a
/// window that moves on while fetches fail is still covered for a while.
const WINDOW_AHEAD: SignedDuration = SignedDuration::from_hours(7 * 24);
/// ... and start this far before now, for events still going on.
const WINDOW_BEHIND: SignedDuration = SignedDuration::from_hours(24);

/// The busy times the form reads, and what the fetches did.
#[derive(Default)]
pub struct BusyTimes {
    /// The last good copy's busy times, sorted, none overlapping.
    current: ArcSwap<Vec<Slot>>,
    /// Fetches finished, good or not: tests wait on it.
    attempts: AtomicU64,
    /// Fetches that replaced the copy.
    successes: AtomicU64,
    /// Rung to make the task look at the clock (and the site) again.
    refresh: Notify,
}

impl BusyTimes {
    /// The busy times now: cheap, never waits.
    pub fn current(&self) -> Arc<Vec<Slot>> {
        self.current.load_full()
    }

    /// How many fetches have finished, good or failed.
    pub fn attempts(&self) -> u64 {
        self.attempts.load(Ordering::SeqCst)
    }

    /// How many fetches replaced the busy times.
    pub fn successes(&self) -> u64 {
        self.successes.load(Ordering::SeqCst)
    }

    /// Makes the task look at the clock again at once, and fetch if a
    /// fetch is due by it.
    pub fn refresh(&self) {
        self.refresh.notify_one();
    }

    fn store(&self, busy: Vec<Slot>) {
        self.current.store(Arc::new(busy));
    }
}

/// The task that keeps [`BusyTimes`] up to date.
pub struct BusyFetcher {
    /// The live site: the address, the practice's zone and the bookable
    /// window are read from it before each fetch, so reloads are followed.
    pub site: Arc<LiveSite>,
    pub busy: Arc<BusyTimes>,
    /// The only source of the time for the window and the next fetch.
    pub clock: Arc<dyn Clock>,
    /// [`FETCH_TIMEOUT`], shorter in tests.
    pub timeout: Duration,
    /// [`MAX_BYTES`].
    pub max_bytes: u64,
}

/// Why a fetch failed, in words that never quote the address.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("no answer within {0} seconds")]
    Timeout(u64),
    #[error("the calendar is larger than {0} bytes")]
    TooLarge(u64),
    #[error("the server answered with status {0}")]
    Status(u16),
    #[error("the host was not found")]
    HostNotFound,
    #[error("could not connect ({0})")]
    Connect(String),
    #[error("the secure connection failed: {0}")]
    Tls(String),
    #[error("a redirect led to an address that is not https, or there were too many")]
    Redirect,
    #[error("the answer is not a calendar (no BEGIN:VCALENDAR)")]
    NotACalendar,
    #[error("the fetch failed ({0})")]
    Other(&'static str),
}

impl BusyFetcher {
    /// A fetcher with the real limits.
    pub fn new(site: Arc<LiveSite>, busy: Arc<BusyTimes>, clock: Arc<dyn Clock>) -> BusyFetcher {
        BusyFetcher {
            site,
            busy,
            clock,
            timeout: FETCH_TIMEOUT,
            max_bytes: MAX_BYTES,
        }
    }

    /// Fetches at start and every [`REFRESH_EVERY`] by the clock, until the
    /// process ends.
    pub async fn run(self) {
        let mut reloads = self.site.subscribe();
        // The address last fetched, and when the next fetch is due.
        let mut fetched: Option<(String, Timestamp)> = None;
        // What was skipped last time, so each problem is logged once.
        let mut skipped_before: HashSet<String> = HashSet::new();
        let mut had_copy = false;
        loop {
            let loaded = self.site.load_full();
            let settings = &loaded.site.settings;
            let availability = settings.consultations.as_ref();
            match availability.and_then(|a| a.busy_calendar_url.as_deref().map(|url| (a, url))) {
                None => {
                    if fetched.take().is_some() || !self.busy.current().is_empty() {
                        tracing::info!("no busy calendar is set: its busy times are forgotten");
                        self.busy.store(Vec::new());
                    }
                }
                Some((availability, url)) => {
                    let now = self.clock.now();
                    let due = fetched
                        .as_ref()
                        .is_none_or(|(last, next)| last != url || *next <= now);
                    if due {
                        let window = window(availability, &settings.timezone, now);
                        let host = host_of(url);
                        let outcome = self.fetch(url, settings.timezone.clone(), window).await;
                        match outcome {
                            Ok(read) => {
                                let fresh: HashSet<String> = read.skipped.iter().cloned().collect();
                                for problem in read.skipped.iter() {
                                    if !skipped_before.contains(problem) {
                                        tracing::warn!(
                                            "the busy calendar at {host}: skipped {problem}"
                                        );
                                    }
                                }
                                skipped_before = fresh;
                                if read.limited {
                                    tracing::warn!(
                                        "the busy calendar at {host} has more than {MAX_BUSY_TIMES} busy times in the bookable window; the rest were not read"
                                    );
                                }
                                if !had_copy {
                                    tracing::info!(
                                        "read the busy calendar at {host}: {} busy times",
                                        read.busy.len()
                                    );
                                }
                                had_copy = true;
                                self.busy.store(read.busy);
                                self.busy.successes.fetch_add(1, Ordering::SeqCst);
                            }
                            Err(error) => {
                                tracing::warn!(
                                    "could not read the busy calendar at {host}: {error}; {}",
                                    if had_copy {
                                        "the last copy read is kept"
                                    } else {
                                        "no busy times are known yet"
                                    }
                                );
                            }
                        }
                        self.busy.attempts.fetch_add(1, Ordering::SeqCst);
                        fetched = Some((url.to_owned(), after(self.clock.now(), REFRESH_EVERY)));
                    }
                }
            }
            drop(loaded);
            let wait = match &fetched {
                Some((_, next)) => wait_until(self.clock.now(), *next).min(IDLE_WAKE),
                None => IDLE_WAKE,
            };
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = self.busy.refresh.notified() => {}
                // A reload, good or bad: look at the address again.
                _ = reloads.recv() => {}
            }
        }
    }

    /// One fetch and read, off the async threads.
    async fn fetch(&self, url: &str, zone: TimeZone, window: Slot) -> Result<Read, FetchError> {
        let url = url.to_owned();
        let (timeout, max_bytes) = (self.timeout, self.max_bytes);
        let job = tokio::task::spawn_blocking(move || {
            let body = download(&url, timeout, max_bytes)?;
            let text = String::from_utf8_lossy(&body);
            if !text.to_ascii_uppercase().contains("BEGIN:VCALENDAR") {
                return Err(FetchError::NotACalendar);
            }
            Ok(read_calendar(&text, &zone, window))
        });
        // ureq keeps to its own timeout; this one is in case it does not.
        let margin = timeout.saturating_add(Duration::from_secs(5));
        match tokio::time::timeout(margin, job).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(FetchError::Other("the reading task stopped")),
            Err(_) => Err(FetchError::Timeout(timeout.as_secs())),
        }
    }
}

/// The window of busy times worth keeping at `now`: from a day before now
/// to a week after the last bookable call ends.
pub fn window(availability: &Availability, zone: &TimeZone, now: Timestamp) -> Slot {
    let schedule = Schedule {
        availability,
        timezone: zone,
    };
    let (_, latest) = schedule.bookable_window(now);
    Slot {
        start: before(now, WINDOW_BEHIND),
        end: after(after(latest, availability.length), WINDOW_AHEAD),
    }
}

/// The address's host, the only part of it that may be logged.
pub fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| "an address that cannot be read".to_owned())
}

/// Fetches the body at `url` within `timeout`, refusing one larger than
/// `max_bytes`. Plain http is only ever allowed (by the site's checks) to
/// this machine, and then without redirects.
fn download(url: &str, timeout: Duration, max_bytes: u64) -> Result<Vec<u8>, FetchError> {
    let https = url.starts_with("https:");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .https_only(https)
        .max_redirects(if https { MAX_REDIRECTS } else { 0 })
        .http_status_as_error(false)
        .user_agent("Hearth (busy calendar)")
        .build()
        .into();
    let mut response = agent
        .get(url)
        .call()
        .map_err(|error| failure(error, timeout))?;
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        return Err(if (300..400).contains(&status) {
            FetchError::Redirect
        } else {
            FetchError::Status(status)
        });
    }
    response
        .body_mut()
        .with_config()
        .limit(max_bytes)
        .read_to_vec()
        .map_err(|error| failure(error, timeout))
}

/// ureq's error in our words; its own texts may quote the address.
fn failure(error: ureq::Error, timeout: Duration) -> FetchError {
    use ureq::Error;
    match error {
        Error::Timeout(_) => FetchError::Timeout(timeout.as_secs()),
        Error::BodyExceedsLimit(limit) => FetchError::TooLarge(limit),
        Error::StatusCode(status) => FetchError::Status(status),
        Error::HostNotFound => FetchError::HostNotFound,
        Error::Io(error) if error.kind() == std::io::ErrorKind::TimedOut => {
            FetchError::Timeout(timeout.as_secs())
        }
        Error::Io(error) => FetchError::Connect(format!("{:?}", error.kind())),
        Error::ConnectionFailed => FetchError::Connect("connection failed".to_owned()),
        Error::Tls(problem) => FetchError::Tls(problem.to_owned()),
        Error::Rustls(error) => FetchError::Tls(error.to_string()),
        Error::RedirectFailed | Error::TooManyRedirects | Error::RequireHttpsOnly(_) => {
            FetchError::Redirect
        }
        Error::Decompress(..) => FetchError::Other("the compressed answer could not be read"),
        Error::Protocol(_) | Error::LargeResponseHeader(..) => {
            FetchError::Other("the answer is not HTTP as expected")
        }
        Error::BadUri(_) | Error::Http(_) => FetchError::Other("the address cannot be used"),
        _ => FetchError::Other("an unexpected error"),
    }
}

/// What a calendar's text gave.
#[derive(Debug, Default, PartialEq)]
pub struct Read {
    /// The busy times overlapping the window, sorted, merged where they
    /// overlap or touch.
    pub busy: Vec<Slot>,
    /// Each event that could not be read: where it is and why (never what
    /// it says).
    pub skipped: Vec<String>,
    /// More than [`MAX_BUSY_TIMES`] were found; the rest were not kept.
    pub limited: bool,
}

/// The busy times of an ICS text within `window`, with floating and
/// all-day times in `zone`. Never fails: what cannot be read is skipped.
pub fn read_calendar(text: &str, zone: &TimeZone, window: Slot) -> Read {
    let mut read = Read::default();
    let mut events = Vec::new();
    for chunk in events_of(text) {
        match chunk.and_then(|chunk| Event::read(&chunk, zone)) {
            Ok(Some(event)) => events.push(event),
            Ok(None) => {}
            Err(skipped) => read.skipped.push(skipped.to_string()),
        }
    }
    // Occurrences replaced by an override, per series.
    let mut replaced: HashMap<&str, HashSet<Timestamp>> = HashMap::new();
    for event in &events {
        if let (Some(uid), Some(original)) = (&event.uid, event.recurrence_id) {
            replaced.entry(uid.as_str()).or_default().insert(original);
        }
    }
    let mut busy = Vec::new();
    for event in &events {
        let budget = MAX_BUSY_TIMES.saturating_sub(busy.len());
        if budget == 0 {
            read.limited = true;
            break;
        }
        let replaced = match (&event.uid, event.recurrence_id) {
            (Some(uid), None) => replaced.get(uid.as_str()),
            _ => None,
        };
        match event.busy_times(window, replaced, budget) {
            Ok((times, limited)) => {
                read.limited |= limited;
                if event.is_busy() {
                    busy.extend(times);
                }
            }
            Err(reason) => read.skipped.push(
                Skipped {
                    line: event.line,
                    uid: event.uid.clone(),
                    reason,
                }
                .to_string(),
            ),
        }
    }
    busy.truncate(MAX_BUSY_TIMES);
    read.busy = merge(busy);
    read
}

/// Sorts and joins busy times that overlap or touch.
fn merge(mut busy: Vec<Slot>) -> Vec<Slot> {
    busy.sort();
    let mut merged: Vec<Slot> = Vec::with_capacity(busy.len());
    for slot in busy {
        match merged.last_mut() {
            Some(last) if slot.start <= last.end => last.end = last.end.max(slot.end),
            _ => merged.push(slot),
        }
    }
    merged
}

/// An event that could not be read: its line and UID, and why.
#[derive(Debug)]
struct Skipped {
    line: usize,
    uid: Option<String>,
    reason: &'static str,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the event at line {}", self.line)?;
        if let Some(uid) = &self.uid {
            // A UID is an identifier, not the coordinator's words; kept short
            // and printable all the same.
            let uid: String = uid.chars().take(80).collect();
            write!(f, " (UID {})", uid.escape_debug())?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// One `VEVENT`'s unfolded lines, with the line of the original text it
/// starts at.
struct Chunk {
    line: usize,
    text: String,
}

/// The text unfolded (RFC 5545 3.1) and cut into events, each with its
/// first line. An event cut short (a `BEGIN:VEVENT` inside another, or the
/// text ending) is an error for that event alone.
fn events_of(text: &str) -> Vec<Result<Chunk, Skipped>> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match raw.strip_prefix([' ', '\t']) {
            Some(rest) if !lines.is_empty() => {
                if let Some((_, last)) = lines.last_mut() {
                    last.push_str(rest);
                }
            }
            _ => lines.push((index + 1, raw.to_owned())),
        }
    }
    let mut chunks = Vec::new();
    let mut current: Option<(usize, Vec<String>, usize)> = None;
    let cut_short = |line| Skipped {
        line,
        uid: None,
        reason: "it does not end (no END:VEVENT)",
    };
    for (number, line) in lines {
        let upper = line.trim_end().to_ascii_uppercase();
        if upper == "BEGIN:VEVENT" {
            if let Some((start, _, _)) = current.take() {
                chunks.push(Err(cut_short(start)));
            }
            current = Some((number, vec![line], 0));
            continue;
        }
        let Some((start, body, depth)) = current.as_mut() else {
            continue;
        };
        body.push(line);
        if upper.starts_with("BEGIN:") {
            *depth += 1;
        } else if upper.starts_with("END:") {
            if *depth == 0 {
                if upper == "END:VEVENT" {
                    let text = body.join("\r\n") + "\r\n";
                    chunks.push(Ok(Chunk { line: *start, text }));
                } else {
                    // The calendar ends around an event that did not.
                    chunks.push(Err(cut_short(*start)));
                }
                current = None;
            } else {
                *depth -= 1;
            }
        }
    }
    if let Some((start, _, _)) = current {
        chunks.push(Err(cut_short(start)));
    }
    chunks
}

/// A date or date-time as written: a date (all day), or a wall-clock time
/// in a zone (UTC for `Z`, the `TZID`, or the practice's for floating).
#[derive(Debug, Clone)]
enum Value {
    Date(Date),
    DateTime(DateTime, TimeZone),
}

impl Value {
    /// The wall-clock start and its zone: an all-day date starts at
    /// midnight in the practice's zone.
    fn civil(&self, practice: &TimeZone) -> (DateTime, TimeZone) {
        match self {
            Value::Date(date) => (date.to_datetime(Time::midnight()), practice.clone()),
            Value::DateTime(civil, zone) => (*civil, zone.clone()),
        }
    }

    fn instant(&self, practice: &TimeZone) -> Option<Timestamp> {
        let (civil, zone) = self.civil(practice);
        instant(civil, &zone)
    }
}

/// A wall-clock time's instant in `zone`; a time skipped by a change of
/// the clocks is read as the earlier offset would (as `slots` does).
fn instant(civil: DateTime, zone: &TimeZone) -> Option<Timestamp> {
    zone.to_ambiguous_timestamp(civil).compatible().ok()
}

/// How long each occurrence lasts.
#[derive(Debug, Clone, Copy)]
enum Length {
    /// `DTEND` of a timed event: the same real length each time.
    Exact(SignedDuration),
    /// All-day events and `DURATION`: days (and hours) on the wall clock.
    Nominal(Span),
}

/// One event, read.
#[derive(Debug)]
struct Event {
    line: usize,
    uid: Option<String>,
    /// For an override: the start of the occurrence it replaces.
    recurrence_id: Option<Timestamp>,
    start: Value,
    length: Length,
    /// The `RRULE` value, as written.
    rule: Option<String>,
    /// Occurrences removed, by their start.
    exdates: Vec<Value>,
    /// Occurrences added.
    rdates: Vec<Value>,
    cancelled: bool,
    transparent: bool,
    /// The practice's zone, for floating and all-day times.
    practice: TimeZone,
}

impl Event {
    /// Reads one event's text; `Ok(None)` for one that names no time at all
    /// worth keeping (none is busy).
    fn read(chunk: &Chunk, practice: &TimeZone) -> Result<Option<Event>, Skipped> {
        let unreadable = |reason| Skipped {
            line: chunk.line,
            uid: None,
            reason,
        };
        let components = icalendar::parser::read_components(&chunk.text)
            .map_err(|_| unreadable("its lines are not iCalendar"))?;
        let Some(component) = components.first() else {
            return Err(unreadable("its lines are not iCalendar"));
        };
        let property = |name: &str| {
            component
                .properties
                .iter()
                .find(|property| property.name.as_str().eq_ignore_ascii_case(name))
        };
        let uid = property("UID").map(|uid| uid.val.as_str().trim().to_owned());
        let skipped = |reason| Skipped {
            line: chunk.line,
            uid: uid.clone(),
            reason,
        };
        let value_of = |name: &str| -> Result<Option<Value>, Skipped> {
            match property(name) {
                None => Ok(None),
                Some(property) => {
                    let tzid = param(property, "TZID");
                    let zone = match tzid {
                        None => None,
                        Some(name) => Some(zone_named(name).ok_or_else(|| {
                            skipped("its TZID names a time zone Hearth does not know")
                        })?),
                    };
                    parse_value(property.val.as_str(), zone, practice)
                        .map(Some)
                        .ok_or_else(|| skipped("a date or time in it cannot be read"))
                }
            }
        };
        let Some(start) = value_of("DTSTART")? else {
            return Err(skipped("it has no DTSTART"));
        };
        let end = value_of("DTEND")?;
        let length = match (&start, end, property("DURATION")) {
            (_, Some(_), Some(_)) => return Err(skipped("it has both DTEND and DURATION")),
            (Value::Date(first), Some(Value::Date(last)), None) => {
                let days = first.until(last).map(|span| span.get_days()).unwrap_or(0);
                Length::Nominal(days.max(1).days())
            }
            (Value::Date(_), Some(Value::DateTime(..)), None)
            | (Value::DateTime(..), Some(Value::Date(_)), None) => {
                return Err(skipped("its DTSTART and DTEND are not of the same kind"));
            }
            (Value::DateTime(..), Some(end @ Value::DateTime(..)), None) => {
                let (Some(from), Some(to)) = (start.instant(practice), end.instant(practice))
                else {
                    return Err(skipped("a date or time in it cannot be read"));
                };
                let length = from.duration_until(to);
                if length.is_negative() {
                    return Err(skipped("it ends before it starts"));
                }
                Length::Exact(length)
            }
            (_, None, Some(duration)) => {
                let span: Span = duration
                    .val
                    .as_str()
                    .trim()
                    .parse()
                    .map_err(|_| skipped("its DURATION cannot be read"))?;
                if span.is_negative() {
                    return Err(skipped("its DURATION is negative"));
                }
                Length::Nominal(span)
            }
            (Value::Date(_), None, None) => Length::Nominal(1.day()),
            // A timed event without an end ends as it starts: never busy.
            (Value::DateTime(..), None, None) => Length::Exact(SignedDuration::ZERO),
        };
        let recurrence_id = match value_of("RECURRENCE-ID")? {
            None => None,
            Some(value) => Some(
                value
                    .instant(practice)
                    .ok_or_else(|| skipped("its RECURRENCE-ID cannot be read"))?,
            ),
        };
        let mut exdates = Vec::new();
        let mut rdates = Vec::new();
        for property in &component.properties {
            let name = property.name.as_str();
            let list = if name.eq_ignore_ascii_case("EXDATE") {
                &mut exdates
            } else if name.eq_ignore_ascii_case("RDATE") {
                if param(property, "VALUE").is_some_and(|kind| kind.eq_ignore_ascii_case("PERIOD"))
                {
                    return Err(skipped("its RDATE is a PERIOD, which Hearth does not read"));
                }
                &mut rdates
            } else {
                continue;
            };
            let zone =
                match param(property, "TZID") {
                    None => None,
                    Some(name) => Some(zone_named(name).ok_or_else(|| {
                        skipped("its TZID names a time zone Hearth does not know")
                    })?),
                };
            for value in property.val.as_str().split(',') {
                list.push(
                    parse_value(value, zone.clone(), practice)
                        .ok_or_else(|| skipped("an EXDATE or RDATE in it cannot be read"))?,
                );
            }
        }
        let is = |name: &str, wanted: &str| {
            property(name).is_some_and(|p| p.val.as_str().trim().eq_ignore_ascii_case(wanted))
        };
        Ok(Some(Event {
            line: chunk.line,
            recurrence_id,
            start,
            length,
            rule: property("RRULE").map(|rule| rule.val.as_str().trim().to_owned()),
            exdates,
            rdates,
            cancelled: is("STATUS", "CANCELLED"),
            transparent: is("TRANSP", "TRANSPARENT"),
            practice: practice.clone(),
            uid,
        }))
    }

    /// Whether the coordinator is busy during this event.
    fn is_busy(&self) -> bool {
        !self.cancelled && !self.transparent
    }

    /// Every occurrence overlapping `window`, at most `budget` of them
    /// (and whether there were more), without those `replaced` by overrides
    /// or removed by `EXDATE`.
    fn busy_times(
        &self,
        window: Slot,
        replaced: Option<&HashSet<Timestamp>>,
        budget: usize,
    ) -> Result<(Vec<Slot>, bool), &'static str> {
        let (civil_start, zone) = self.start.civil(&self.practice);
        let mut starts: Vec<DateTime> = vec![civil_start];
        let mut limited = false;
        if let Some(rule) = &self.rule {
            let (expanded, more) = expand(rule, civil_start, &zone, self.reach(), window, budget)?;
            starts = expanded;
            limited = more;
        }
        for rdate in &self.rdates {
            let (civil, rdate_zone) = rdate.civil(&self.practice);
            // An RDATE in another zone is placed in the event's by its instant.
            match instant(civil, &rdate_zone) {
                Some(at) if rdate_zone != zone => {
                    starts.push(at.to_zoned_datetime(zone.clone()).datetime())
                }
                Some(_) => starts.push(civil),
                None => return Err("an RDATE in it cannot be read"),
            }
        }
        let removed: HashSet<Timestamp> = (self.exdates.iter())
            .filter_map(|value| value.instant(&self.practice))
            .collect();
        let mut busy = Vec::new();
        for civil in starts {
            let Some(start) = instant(civil, &zone) else {
                continue;
            };
            if removed.contains(&start)
                || replaced.is_some_and(|replaced| replaced.contains(&start))
            {
                continue;
            }
            let end = match self.length {
                Length::Exact(length) => after(start, length),
                Length::Nominal(span) => start
                    .to_zoned_datetime(zone.clone())
                    .checked_add(span)
                    .map_or(Timestamp::MAX, |end| end.timestamp()),
            };
            let slot = Slot { start, end };
            if start < end && slot.overlaps(&window) {
                if busy.len() == budget {
                    limited = true;
                    break;
                }
                busy.push(slot);
            }
        }
        Ok((busy, limited))
    }

    /// At least how long before the window an occurrence must start to
    /// reach into it: its length, and a day for a change of the clocks.
    fn reach(&self) -> SignedDuration {
        let length = match self.length {
            Length::Exact(length) => length,
            Length::Nominal(span) => span
                .to_duration(jiff::SpanRelativeTo::days_are_24_hours())
                .unwrap_or(SignedDuration::MAX),
        };
        length.saturating_add(SignedDuration::from_hours(24))
    }
}

/// A parameter's value, quotes taken off.
fn param<'a>(property: &'a icalendar::parser::Property<'_>, key: &str) -> Option<&'a str> {
    property
        .params
        .iter()
        .find(|param| param.key.as_str().eq_ignore_ascii_case(key))
        .and_then(|param| param.val.as_ref())
        .map(|value| value.as_str().trim().trim_matches('"'))
}

/// A `TZID`'s zone: an IANA name, one with a prefix before it (as some
/// programs write `/mozilla.org/.../America/New_York`), or the Windows name
/// of a US zone, as Outlook writes them.
fn zone_named(name: &str) -> Option<TimeZone> {
    /// Windows' names for the zones of the United States (from CLDR's
    /// windowsZones), and UTC's.
    const WINDOWS: &[(&str, &str)] = &[
        ("Eastern Standard Time", "America/New_York"),
        ("US Eastern Standard Time", "America/Indiana/Indianapolis"),
        ("Central Standard Time", "America/Chicago"),
        ("Mountain Standard Time", "America/Denver"),
        ("US Mountain Standard Time", "America/Phoenix"),
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("Alaskan Standard Time", "America/Anchorage"),
        ("Hawaiian Standard Time", "Pacific/Honolulu"),
        ("Atlantic Standard Time", "America/Halifax"),
        ("SA Western Standard Time", "America/Puerto_Rico"),
        ("UTC", "UTC"),
        ("GMT Standard Time", "Europe/London"),
    ];
    let name = name.trim();
    if name.is_empty() || name.len() > 100 {
        return None;
    }
    if let Some((_, iana)) = WINDOWS
        .iter()
        .find(|(windows, _)| windows.eq_ignore_ascii_case(name))
    {
        return TimeZone::get(iana).ok();
    }
    if let Ok(zone) = TimeZone::get(name) {
        return Some(zone);
    }
    // The last two or three parts of a prefixed name.
    let parts: Vec<&str> = name.split('/').collect();
    (2..=3)
        .filter(|count| parts.len() > *count)
        .find_map(|count| TimeZone::get(&parts[parts.len() - count..].join("/")).ok())
}

/// A DATE (`20261101`) or DATE-TIME (`20261101T090000`, with `Z` for UTC)
/// value. A DATE-TIME without `Z` is in `zone`, or floating (the
/// practice's zone) without one.
fn parse_value(text: &str, zone: Option<TimeZone>, practice: &TimeZone) -> Option<Value> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let number = |from: usize, to: usize| -> Option<i16> {
        let digits = bytes.get(from..to)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(digits).ok()?.parse().ok()
    };
    let date = Date::new(number(0, 4)?, number(4, 6)? as i8, number(6, 8)? as i8).ok()?;
    match bytes.len() {
        8 => Some(Value::Date(date)),
        15 | 16 if bytes[8] == b'T' => {
            let utc = match bytes.get(15) {
                None => false,
                Some(b'Z' | b'z') => true,
                Some(_) => return None,
            };
            // A leap second is read as the second before it.
            let second = number(13, 15)?.min(59);
            let time =
                Time::new(number(9, 11)? as i8, number(11, 13)? as i8, second as i8, 0).ok()?;
            let zone = if utc {
                TimeZone::UTC
            } else {
                zone.unwrap_or_else(|| practice.clone())
            };
            Some(Value::DateTime(date.to_datetime(time), zone))
        }
        _ => None,
    }
}

/// The wall-clock starts of a repeating event from `start` in `zone` that
/// may reach into `window` (starting at most `reach` before it), at most
/// `budget` of them, and whether there were more.
///
/// rrule is given the wall-clock times as if they were UTC: in UTC no day
/// is longer or shorter, so its arithmetic is purely on the wall clock, as
/// RFC 5545 wants for a zone's events; jiff places each in the zone after.
fn expand(
    rule: &str,
    start: DateTime,
    zone: &TimeZone,
    reach: SignedDuration,
    window: Slot,
    budget: usize,
) -> Result<(Vec<DateTime>, bool), &'static str> {
    const UNREADABLE: &str = "its RRULE cannot be read";
    if rule.len() > 500 {
        return Err(UNREADABLE);
    }
    // UNTIL is taken out and placed on the same wall clock by hand: rrule
    // would want it in UTC, which our wall-clock frame is not.
    let mut until = None;
    let mut kept = Vec::new();
    for part in rule.split(';') {
        match part.split_once('=') {
            Some((key, value)) if key.trim().eq_ignore_ascii_case("UNTIL") => until = Some(value),
            _ => kept.push(part),
        }
    }
    let mut parsed: rrule::RRule<rrule::Unvalidated> =
        kept.join(";").parse().map_err(|_| UNREADABLE)?;
    if let Some(until) = until {
        let until = match parse_value(until, Some(zone.clone()), zone).ok_or(UNREADABLE)? {
            // A date: the whole of that day.
            Value::Date(date) => date.to_datetime(Time::MAX),
            Value::DateTime(civil, until_zone) if until_zone == *zone => civil,
            Value::DateTime(civil, until_zone) => instant(civil, &until_zone)
                .ok_or(UNREADABLE)?
                .to_zoned_datetime(zone.clone())
                .datetime(),
        };
        parsed = parsed.until(wall_clock(until).ok_or(UNREADABLE)?);
    }
    let first = wall_clock(start).ok_or(UNREADABLE)?;
    let civil = |at: Timestamp| at.to_zoned_datetime(zone.clone()).datetime();
    // A day either side, for the hour the zone's offset moves the clock.
    let from = civil(before(window.start, reach));
    let to = civil(after(window.end, SignedDuration::from_hours(24)));
    let set = parsed
        .build(first)
        .map_err(|_| "its RRULE does not fit its DTSTART")?
        .after(wall_clock(from).ok_or(UNREADABLE)?)
        .before(wall_clock(to).ok_or(UNREADABLE)?);
    let limit = u16::try_from(budget).unwrap_or(u16::MAX);
    let result = set.all(limit);
    let starts = result
        .dates
        .iter()
        .filter_map(|date| from_wall_clock(date.naive_utc()))
        .collect();
    Ok((
        starts,
        result.limited && result.dates.len() >= usize::from(limit),
    ))
}

/// A wall-clock time as rrule's "UTC" time.
fn wall_clock(civil: DateTime) -> Option<chrono::DateTime<rrule::Tz>> {
    use chrono::TimeZone as _;
    let date = chrono::NaiveDate::from_ymd_opt(
        i32::from(civil.year()),
        u32::try_from(civil.month()).ok()?,
        u32::try_from(civil.day()).ok()?,
    )?;
    let time = chrono::NaiveTime::from_hms_opt(
        u32::try_from(civil.hour()).ok()?,
        u32::try_from(civil.minute()).ok()?,
        u32::try_from(civil.second()).ok()?,
    )?;
    Some(rrule::Tz::UTC.from_utc_datetime(&date.and_time(time)))
}

/// rrule's "UTC" time back on the wall clock.
fn from_wall_clock(naive: chrono::NaiveDateTime) -> Option<DateTime> {
    use chrono::{Datelike, Timelike};
    let date = Date::new(
        i16::try_from(naive.year()).ok()?,
        i8::try_from(naive.month()).ok()?,
        i8::try_from(naive.day()).ok()?,
    )
    .ok()?;
    let time = Time::new(
        i8::try_from(naive.hour()).ok()?,
        i8::try_from(naive.minute()).ok()?,
        i8::try_from(naive.second()).ok()?,
        0,
    )
    .ok()?;
    Some(date.to_datetime(time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pacific() -> TimeZone {
        TimeZone::get("America/Los_Angeles").unwrap()
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    /// October 2026 to the end of January 2027: across the day clocks go back.
    fn autumn() -> Slot {
        Slot {
            start: at("2026-10-01T00:00:00Z"),
            end: at("2027-02-01T00:00:00Z"),
        }
    }

    fn calendar(events: &str) -> String {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n{}END:VCALENDAR\r\n",
            events.replace('\n', "\r\n")
        )
    }

    fn busy(events: &str) -> Read {
        read_calendar(&calendar(events), &pacific(), autumn())
    }

    fn slot(start: &str, end: &str) -> Slot {
        Slot {
            start: at(start),
            end: at(end),
        }
    }

    #[test]
    fn a_utc_event_is_busy_from_its_start_to_its_end() {
        let read = busy(
            "BEGIN:VEVENT\nUID:one\nDTSTART:20261027T170000Z\nDTEND:20261027T180000Z\nSUMMARY:Supervision\nEND:VEVENT\n",
        );
        assert_eq!(
            read.busy,
            [slot("2026-10-27T17:00:00Z", "2026-10-27T18:00:00Z")]
        );
        assert!(read.skipped.is_empty());
    }

    /// A weekly 11:00 in Los Angeles stays at 11:00 on the wall clock after
    /// the clocks go back on 2026-11-01: 18:00 UTC before, 19:00 after.
    #[test]
    fn a_weekly_event_keeps_its_wall_clock_time_across_the_change_of_the_clocks() {
        let read = busy(
            "BEGIN:VEVENT\nUID:weekly\nDTSTART;TZID=America/Los_Angeles:20261026T110000\nDTEND;TZID=America/Los_Angeles:20261026T120000\nRRULE:FREQ=WEEKLY;COUNT=3\nEND:VEVENT\n",
        );
        assert_eq!(
            read.busy,
            [
                slot("2026-10-26T18:00:00Z", "2026-10-26T19:00:00Z"),
                slot("2026-11-02T19:00:00Z", "2026-11-02T20:00:00Z"),
                slot("2026-11-09T19:00:00Z", "2026-11-09T20:00:00Z"),
            ]
        );
    }

    /// EXDATE removes an occurrence, an override with RECURRENCE-ID moves
    /// another, and a cancelled override removes a third; UNTIL in UTC ends
    /// the series on the wall clock of its zone.
    #[test]
    fn exdates_and_overrides_change_single_occurrences() {
        let read = busy(
            "BEGIN:VEVENT\nUID:series\nDTSTART;TZID=America/Los_Angeles:20261005T090000\nDTEND;TZID=America/Los_Angeles:20261005T093000\nRRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20261102T170000Z\nEXDATE;TZID=America/Los_Angeles:20261012T090000\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:series\nRECURRENCE-ID;TZID=America/Los_Angeles:20261019T090000\nDTSTART;TZID=America/Los_Angeles:20261019T140000\nDTEND;TZID=America/Los_Angeles:20261019T143000\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:series\nRECURRENCE-ID:20261026T160000Z\nDTSTART;TZID=America/Los_Angeles:20261026T090000\nDTEND;TZID=America/Los_Angeles:20261026T093000\nSTATUS:CANCELLED\nEND:VEVENT\n",
        );
        assert_eq!(
            read.busy,
            [
                slot("2026-10-05T16:00:00Z", "2026-10-05T16:30:00Z"),
                slot("2026-10-19T21:00:00Z", "2026-10-19T21:30:00Z"),
                slot("2026-11-02T17:00:00Z", "2026-11-02T17:30:00Z"),
            ],
            "{:?}",
            read.skipped
        );
    }

    /// Cancelled and free ("transparent") events are not busy; an all-day
    /// event is busy the whole day in the practice's zone, a floating time
    /// is the practice's, and DURATION stands in for DTEND.
    #[test]
    fn cancelled_free_all_day_floating_and_duration() {
        let read = busy(
            "BEGIN:VEVENT\nUID:a\nDTSTART:20261028T160000Z\nDTEND:20261028T170000Z\nSTATUS:CANCELLED\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:b\nDTSTART:20261029T160000Z\nDTEND:20261029T170000Z\nTRANSP:TRANSPARENT\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:c\nDTSTART;VALUE=DATE:20261030\nDTEND;VALUE=DATE:20261031\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:d\nDTSTART:20261102T090000\nDURATION:PT30M\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:e\nDTSTART;VALUE=DATE:20261224\nDURATION:P2D\nEND:VEVENT\n",
        );
        assert_eq!(
            read.busy,
            [
                slot("2026-10-30T07:00:00Z", "2026-10-31T07:00:00Z"),
                slot("2026-11-02T17:00:00Z", "2026-11-02T17:30:00Z"),
                slot("2026-12-24T08:00:00Z", "2026-12-26T08:00:00Z"),
            ]
        );
    }

    /// An event that cannot be read is skipped by its line and UID, never
    /// its summary; the others still count.
    #[test]
    fn an_unreadable_event_is_skipped_by_line_and_uid() {
        let read = busy(
            "BEGIN:VEVENT\nUID:broken@example\nSUMMARY:Therapy for Jo\nDTSTART:tomorrow\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:zone\nDTSTART;TZID=Mars/Olympus:20261027T090000\nDTEND;TZID=Mars/Olympus:20261027T100000\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:rule\nDTSTART:20261027T090000Z\nDTEND:20261027T100000Z\nRRULE:FREQ=SOMETIMES\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:good\nDTSTART:20261027T170000Z\nDTEND:20261027T180000Z\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:unended\nDTSTART:20261027T170000Z\n",
        );
        assert_eq!(
            read.busy,
            [slot("2026-10-27T17:00:00Z", "2026-10-27T18:00:00Z")]
        );
        assert_eq!(read.skipped.len(), 4, "{:?}", read.skipped);
        assert!(read.skipped[0].starts_with("the event at line 4 (UID broken@example)"));
        assert!(read.skipped.iter().all(|skipped| !skipped.contains("Jo")));
        let said = |words: &str| read.skipped.iter().any(|skipped| skipped.contains(words));
        assert!(said("(UID zone): its TZID names a time zone"));
        assert!(
            said("(UID rule): its RRULE cannot be read"),
            "{:?}",
            read.skipped
        );
        assert!(said("line 25: it does not end"), "{:?}", read.skipped);
    }

    /// Outlook's Windows zone names and prefixed names are understood, folded
    /// lines are unfolded, and lower-case names are read.
    #[test]
    fn windows_zone_names_folded_lines_and_case() {
        let read = busy(
            "BEGIN:VEVENT\nUID:outlook\nDTSTART;TZID=\"Pacific Standard Time\":20261104T\n 090000\nDTEND;TZID=/mozilla.org/20050126_1/America/Los_Angeles:20261104T100000\nEND:VEVENT\n\
             begin:vevent\nuid:lower\ndtstart:20261105T170000Z\ndtend:20261105T180000Z\nend:vevent\n",
        );
        assert_eq!(
            read.busy,
            [
                slot("2026-11-04T17:00:00Z", "2026-11-04T18:00:00Z"),
                slot("2026-11-05T17:00:00Z", "2026-11-05T18:00:00Z"),
            ],
            "{:?}",
            read.skipped
        );
    }

    /// Outside the window nothing is kept; a rule without end yields only
    /// the occurrences in the window, and a runaway rule stops at the limit.
    #[test]
    fn only_the_window_is_expanded_and_the_count_is_bounded() {
        let read = busy(
            "BEGIN:VEVENT\nUID:old\nDTSTART:20200101T170000Z\nDTEND:20200101T180000Z\nEND:VEVENT\n\
             BEGIN:VEVENT\nUID:daily\nDTSTART:20250101T170000Z\nDTEND:20250101T171500Z\nRRULE:FREQ=DAILY\nEND:VEVENT\n",
        );
        // 2026-10-01 .. 2027-02-01 holds 123 days.
        assert_eq!(read.busy.len(), 123);
        assert!(read.busy.iter().all(|slot| slot.overlaps(&autumn())));
        let read = busy(
            "BEGIN:VEVENT\nUID:secondly\nDTSTART:20261001T000000Z\nDTEND:20261001T000001Z\nRRULE:FREQ=SECONDLY;INTERVAL=2\nEND:VEVENT\n",
        );
        assert!(read.limited);
        assert!(read.busy.len() <= MAX_BUSY_TIMES);
    }

    #[test]
    fn overlapping_and_touching_busy_times_are_merged() {
        let merged = merge(vec![
            slot("2026-10-27T18:00:00Z", "2026-10-27T19:00:00Z"),
            slot("2026-10-27T17:00:00Z", "2026-10-27T18:00:00Z"),
            slot("2026-10-27T17:30:00Z", "2026-10-27T17:45:00Z"),
            slot("2026-10-28T17:00:00Z", "2026-10-28T18:00:00Z"),
        ]);
        assert_eq!(
            merged,
            [
                slot("2026-10-27T17:00:00Z", "2026-10-27T19:00:00Z"),
                slot("2026-10-28T17:00:00Z", "2026-10-28T18:00:00Z"),
            ]
        );
    }

    #[test]
    fn only_the_host_of_the_address_is_told() {
        assert_eq!(
            host_of(
                "https://calendar.google.com/calendar/ical/secret%40group/private-abc123/basic.ics"
            ),
            "calendar.google.com"
        );
        assert_eq!(host_of("not an address"), "an address that cannot be read");
        let error = failure(
            ureq::Error::BadUri("https://calendar.google.com/private-abc123".into()),
            FETCH_TIMEOUT,
        );
        assert!(!error.to_string().contains("private"));
    }

    proptest! {
        /// Any text as a calendar is read or skipped, never a panic, and what
        /// is kept is sorted, in the window and bounded.
        #[test]
        fn any_text_is_read_without_panicking(text in "\\PC{0,400}") {
            let read = read_calendar(&text, &pacific(), autumn());
            prop_assert!(read.busy.len() <= MAX_BUSY_TIMES);
            for pair in read.busy.windows(2) {
                prop_assert!(pair[0].end < pair[1].start);
            }
        }

        /// Calendar-shaped text with any values in its properties never panics.
        #[test]
        fn any_event_values_are_read_without_panicking(
            start in "[0-9TZ]{0,17}",
            end in "[0-9TZ]{0,17}",
            tzid in prop_oneof![Just(String::new()), Just(";TZID=America/New_York".to_owned()), "[;=A-Za-z/_\"]{0,30}"],
            rule in prop_oneof![Just(String::new()), "RRULE:[A-Z=;,0-9-]{0,40}\n"],
            extra in "[A-Z-]{1,12}(;[A-Z]{1,5}=[A-Za-z0-9]{0,5})?:[ -~]{0,30}",
        ) {
            let events = format!(
                "BEGIN:VEVENT\nUID:x\nDTSTART{tzid}:{start}\nDTEND{tzid}:{end}\n{rule}{extra}\nEXDATE:{start},{end}\nEND:VEVENT\n"
            );
            let read = busy(&events);
            for slot in &read.busy {
                prop_assert!(slot.start < slot.end);
                prop_assert!(slot.overlaps(&autumn()));
            }
        }
    }
}
