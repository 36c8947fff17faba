//! The care coordinator's private calendar feed: every booked call that
//! stands, from yesterday to the end of what can be booked, at an address
//! that only the coordinator's calendar app knows
//! ([`crate::urls::calendar_feed`]). The events are the coordinator's
//! invitations without the visitor: the same `UID`, so an app that has both
//! shows one call, and the request's number as the summary, but no name and
//! no phone, since the feed is fetched by calendar servers (Google's,
//! Microsoft's, Apple's) and kept there.
//!
//! The address holds a secret kept in the data folder (`calendar-secret`,
//! 32 random bytes as hex, readable by Hearth's user only), made the first
//! time `hearth calendar url` asks for it. `hearth calendar rotate` writes a
//! new one, and since the server reads the file on every request to the
//! feed (calendar apps fetch it every few hours: a file read is nothing
//! beside that), the old address stops working at once, without a restart.

use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::{SignedDuration, Timestamp};

use super::invitation::{self, BookedCall, ListedCall};
use super::outbox::{Outbox, OutboxError};
use super::slots::Schedule;
use super::token::constant_time_eq;
use crate::config::{CalendarAction, CalendarArgs};
use crate::content::model::Site;
use crate::urls::{SiteUrls, calendar_feed};

const SECRET_FILE: &str = "calendar-secret";
const SECRET_BYTES: usize = 32;

/// How far back the feed lists calls: a call of this morning stays in the
/// coordinator's calendar for the day's notes.
pub const FEED_PAST: SignedDuration = SignedDuration::from_hours(24);

/// How far ahead the feed lists calls at least: the bookable horizon when it
/// is longer, so a call booked before the horizon was shortened (or before
/// the practice stopped booking calls) still shows.
pub const FEED_AHEAD: SignedDuration = SignedDuration::from_hours(60 * 24);

/// What the web layer needs to answer the feed.
#[derive(Debug, Clone)]
pub struct CalendarFeed {
    /// Where the secret is kept, read on every request so a rotation
    /// takes effect at once.
    pub data_dir: PathBuf,
    /// The domain of the emails' sender, for the events' `UID`s: the same
    /// as the coordinator's invitations.
    pub domain: String,
}

impl CalendarFeed {
    /// Whether `given` is the feed's secret now, compared in constant time.
    /// False when there is no secret yet: no address has been given out.
    pub async fn admits(&self, given: &str) -> std::io::Result<bool> {
        let path = self.data_dir.join(SECRET_FILE);
        let secret = match tokio::fs::read_to_string(&path).await {
            Ok(secret) => secret,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(error) => return Err(error),
        };
        let secret = well_formed(&path, &secret)?;
        Ok(constant_time_eq(secret.as_bytes(), given.as_bytes()))
    }
}

/// The secret in `data_dir`, made (readable by this user only) if there is none.
pub fn load_or_create(data_dir: &Path) -> std::io::Result<String> {
    let path = data_dir.join(SECRET_FILE);
    match std::fs::read_to_string(&path) {
        Ok(secret) => well_formed(&path, &secret).map(str::to_owned),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => write_new(data_dir, false),
        Err(error) => Err(error),
    }
}

/// Replaces the secret in `data_dir` with a new one and returns it: the
/// old address answers 404 from now on.
pub fn rotate(data_dir: &Path) -> std::io::Result<String> {
    write_new(data_dir, true)
}

/// A new secret, written to a temporary file and renamed over the old one,
/// so a server reading it meanwhile sees the old secret or the new one,
/// never half of one.
fn write_new(data_dir: &Path, replace: bool) -> std::io::Result<String> {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    let secret = crate::digest::hex(&bytes);
    std::fs::create_dir_all(data_dir)?;
    let path = data_dir.join(SECRET_FILE);
    let temporary = data_dir.join(format!("{SECRET_FILE}.new"));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temporary)?;
    file.write_all(secret.as_bytes())?;
    file.sync_all()?;
    if !replace && path.exists() {
        // Another `hearth calendar url` made one meanwhile: keep that one.
        std::fs::remove_file(&temporary)?;
        return load_or_create(data_dir);
    }
    std::fs::rename(&temporary, &path)?;
    if let Ok(folder) = std::fs::File::open(data_dir) {
        // The rename itself on disk; not every system can sync a folder.
        let _ = folder.sync_all();
    }
    Ok(secret)
}

/// The secret as the file has it, or why the file is not one.
fn well_formed<'a>(path: &Path, text: &'a str) -> std::io::Result<&'a str> {
    let secret = text.trim();
    if secret.len() == SECRET_BYTES * 2 && secret.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        Ok(secret)
    } else {
        Err(std::io::Error::other(format!(
            "{} is damaged: run `hearth calendar rotate` to make a new one (the coordinator then subscribes to the new address)",
            path.display()
        )))
    }
}

/// From when until when the feed lists calls at `now`: from [`FEED_PAST`]
/// ago until `horizon_end` (the last bookable start's end) or
/// [`FEED_AHEAD`] from now, whichever is later.
pub fn feed_window(now: Timestamp, horizon_end: Option<Timestamp>) -> (Timestamp, Timestamp) {
    let from = now.saturating_sub(FEED_PAST).unwrap_or(now);
    let ahead = now.saturating_add(FEED_AHEAD).unwrap_or(Timestamp::MAX);
    (from, horizon_end.map_or(ahead, |end| end.max(ahead)))
}

/// The feed at `now`: the calls that stand in [`feed_window`], as the
/// coordinator's invitations name them, without the visitor.
pub async fn feed(
    calendar: &CalendarFeed,
    outbox: &Outbox,
    site: &Site,
    now: Timestamp,
) -> Result<String, OutboxError> {
    let horizon_end = site.settings.consultations.as_ref().map(|availability| {
        let schedule = Schedule {
            availability,
            timezone: &site.settings.timezone,
        };
        let (_, latest) = schedule.bookable_window(now);
        latest
            .checked_add(availability.length)
            .unwrap_or(Timestamp::MAX)
    });
    let (from, until) = feed_window(now, horizon_end);
    let calls: Vec<ListedCall> = (outbox.standing_bookings(from, until).await?)
        .into_iter()
        .map(|booking| ListedCall {
            call: BookedCall {
                booking: booking.id,
                slot: booking.slot,
                sequence: booking.sequence,
            },
            request: booking.request_id,
        })
        .collect();
    Ok(invitation::feed(
        &calls,
        &calendar.domain,
        site.settings.catalog(),
        now,
    ))
}

/// Runs `hearth calendar url` or `hearth calendar rotate`, printing the
/// feed's full address to `out`.
pub fn run(args: &CalendarArgs, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let secret = match args.action {
        CalendarAction::Url => load_or_create(&args.data_dir)?,
        CalendarAction::Rotate => rotate(&args.data_dir)?,
    };
    let urls = SiteUrls {
        base: args.base_url(),
        forms: String::new(),
        calls_only: false,
    };
    writeln!(out, "{}", urls.absolute(&calendar_feed(&secret)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The secret is made once, kept across runs, and replaced by a rotation.
    #[tokio::test]
    async fn the_secret_is_kept_until_rotated() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_create(dir.path()).unwrap();
        assert_eq!(first.len(), 64);
        assert!(first.bytes().all(|byte| byte.is_ascii_hexdigit()));
        assert_eq!(load_or_create(dir.path()).unwrap(), first);
        let feed = CalendarFeed {
            data_dir: dir.path().to_owned(),
            domain: "harborlight.example".to_owned(),
        };
        assert!(feed.admits(&first).await.unwrap());
        let second = rotate(dir.path()).unwrap();
        assert_ne!(second, first);
        assert!(!feed.admits(&first).await.unwrap());
        assert!(feed.admits(&second).await.unwrap());
        assert!(!feed.admits("").await.unwrap());
        assert!(!feed.admits(&second[..63]).await.unwrap());
    }

    /// Before any address was given out, no secret opens the feed.
    #[tokio::test]
    async fn no_secret_admits_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let feed = CalendarFeed {
            data_dir: dir.path().to_owned(),
            domain: "harborlight.example".to_owned(),
        };
        assert!(!feed.admits("").await.unwrap());
        assert!(!dir.path().join(SECRET_FILE).exists());
    }

    /// The secret file is private to the user running Hearth, rotated too.
    #[cfg(unix)]
    #[test]
    fn the_secret_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = || {
            std::fs::metadata(dir.path().join(SECRET_FILE))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        load_or_create(dir.path()).unwrap();
        assert_eq!(mode(), 0o600);
        rotate(dir.path()).unwrap();
        assert_eq!(mode(), 0o600);
    }

    /// A damaged file is refused with what to do, not taken for a secret.
    #[test]
    fn a_damaged_secret_says_how_to_mend_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SECRET_FILE), "short").unwrap();
        let error = load_or_create(dir.path()).unwrap_err();
        assert!(
            error.to_string().contains("hearth calendar rotate"),
            "{error}"
        );
    }

    /// The feed reaches a day back, and 60 days or the horizon ahead.
    #[test]
    fn the_window_reaches_the_horizon_or_sixty_days() {
        let now: Timestamp = "2026-12-07T14:00:00Z".parse().unwrap();
        let (from, until) = feed_window(now, None);
        assert_eq!(from, "2026-12-06T14:00:00Z".parse().unwrap());
        assert_eq!(until, "2027-02-05T14:00:00Z".parse().unwrap());
        let far = "2027-06-01T00:00:00Z".parse().unwrap();
        assert_eq!(feed_window(now, Some(far)).1, far);
        let near = "2026-12-28T00:00:00Z".parse().unwrap();
        assert_eq!(feed_window(now, Some(near)).1, until);
    }
}
