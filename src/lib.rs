//! Hearth: a fast, private website for a small group therapy practice.
//!
//! Staff write markdown in `content/`; Hearth checks all of it at start,
//! renders every page once into memory, and serves pages as lookups. Nothing
//! a visitor does is tracked, and no page asks another site for anything.
//!
//! # Layout
//!
//! - [`config`]: every setting, from flags and environment variables.
//! - [`content`]: reading `content/`: front matter, markdown, the
//!   [`Site`](content::model::Site) model, `hearth check` and `hearth new`.
//! - [`urls`]: the one owner of every address: route patterns, reserved page
//!   names, the path of each kind of page, ASCII slugs.
//! - [`site`]: the site's life: load → check → publish → go live, reloads on
//!   SIGHUP or on an editor's save, scheduled posts at their time. One
//!   [`site::LiveSite`] serves the server, the preview and the export alike.
//! - [`render`]: the askama templates' views; renders the site into a page map.
//! - [`i18n`]: the interface's words per language (Fluent catalogs, built in and
//!   corrected in `content/i18n/`), long dates and numbers from CLDR data.
//! - [`policy`]: the security headers and cache lifetimes, shared by the
//!   server and the export's `_headers` file.
//! - [`search`]: the in-memory search index, per language.
//! - [`web`]: the router and thin handlers ([`app`]), the one page-error
//!   type ([`web::PageError`]) that answers every error with its designed
//!   page, and the editors' live preview ([`web::dev`]).
//! - [`consultation`]: the consultation form, its durable outbox and the mail
//!   worker; booked calls, `hearth bookings` and the coordinator's private
//!   calendar feed (`/calendar/SECRET.ics`, `hearth calendar`).
//! - [`staff`]: editors signing in by emailed link (`/staff/`), their
//!   sessions and the audit log, the browser editor and its photo uploads,
//!   each file's history as git commits in the content folder, `hearth staff`.
//! - [`export`]: `hearth build`, the site as files for a static host.
//! - [`server`]: listening, connection limits and shutting down.
//! - [`digest`]: the one hex encoding and short SHA-256 for fingerprints and tokens.
//!
//! Data flows one way: files → [`Site`](content::model::Site) → what is live now
//! ([`site::LiveSite`]) → [`render::RenderedSite`] → responses. The only
//! write path is the consultation form → outbox → mail worker. Every part
//! that asks for the time asks the one injected [`Clock`].

pub mod config;
pub mod consultation;
pub mod content;
pub mod digest;
pub mod export;
pub mod i18n;
pub mod policy;
pub mod render;
pub mod search;
pub mod server;
pub mod site;
pub mod staff;
pub mod urls;
pub mod web;

use std::sync::Arc;

use jiff::Timestamp;

pub use site::LoadError;
pub use web::{AppState, app};

/// The time, from the system or, in tests, from the test. Everything that
/// asks "what time is it?" (publishing, rendering, the server) asks this,
/// so a test can move time instead of sleeping.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Timestamp;
}

/// The real time.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that stands still until it is moved: tests set the time and
/// move it on instead of waiting for it to pass.
pub struct ManualClock(std::sync::Mutex<Timestamp>);

impl ManualClock {
    /// A clock showing `start`, shared as every part wants it.
    pub fn at(start: Timestamp) -> Arc<ManualClock> {
        Arc::new(ManualClock(std::sync::Mutex::new(start)))
    }

    /// Sets the time to `to`.
    pub fn set(&self, to: Timestamp) {
        *self.time() = to;
    }

    /// Moves the time on by `by` (back, if it is negative), stopping at
    /// the ends of jiff's range.
    pub fn advance(&self, by: jiff::SignedDuration) {
        let mut time = self.time();
        *time = time.saturating_add(by).unwrap_or(*time);
    }

    fn time(&self) -> std::sync::MutexGuard<'_, Timestamp> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.time()
    }
}
