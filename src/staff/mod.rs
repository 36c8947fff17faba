//! Staff: the practice's editors signing in to edit the site in the
//! browser. Off unless `editors:` in `site.yaml` or `HEARTH_EDITORS` lists
//! addresses; then an editor asks for a link by email, opens it, presses
//! "Sign in", and their browser holds a session until it idles for 8 hours,
//! they sign out, or `hearth staff sessions revoke` ends it.
//!
//! Why links by email and not passwords: editors already have the address
//! the practice knows, nothing is left to guess or reuse, and a lost laptop
//! is one revoke away. Opening a link changes nothing (mail scanners open
//! links); only its button's post signs in.
//!
//! - [`store`]: the links, sessions and audit log, in the outbox's database.
//! - [`admin`]: `hearth staff sessions` and `hearth staff audit`.
//! - [`files`]: which files under `content/` the browser editor may touch.
//! - [`document`]: a file split into its fields and body for the editor.
//! - [`edit`]: a save, checked with the whole site before it is written.
//! - [`history`]: every save and restore as a git commit in the content folder.
//! - [`photos`]: a photo an editor uploads: checked by its bytes, cleaned of
//!   its location and camera details, stored under `static/`.
//!
//! The domain knows nothing of HTTP: [`crate::web`] reads the cookie and
//! the posts, and asks here.

pub mod admin;
pub mod document;
pub mod edit;
pub mod fields;
pub mod files;
pub mod history;
pub mod listing;
pub mod photos;
pub mod preview;
pub mod store;

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::Notify;

use crate::Clock;
use crate::consultation::form::is_valid_email;
use crate::consultation::outbox::{Outbox, OutboxError};
use crate::consultation::rate_limit::{RateLimiter, Verdict};
use crate::consultation::token::{FormKey, constant_time_eq};
use crate::content::ContentError;
use crate::content::model::Site;
use crate::i18n::Language;
use history::{Action, History, Started};
use store::AuditEntry;

/// Sign-in posts one client may send in an hour: a few mistyped addresses
/// and a lost email, not a search for who the editors are.
pub const SIGN_INS_PER_CLIENT: u32 = 10;
/// The most saves whose warnings wait for their page at once; each is
/// read at the next page, so more means pages never opened.
const MOST_KEPT_WARNINGS: usize = 64;

/// Each save's warnings by session and file, with the revision it wrote.
type SavedWarnings = HashMap<(i64, String), (String, Vec<ContentError>)>;

/// An editor's address as Hearth compares it: trimmed and lowercased, if
/// it is an address Hearth would send to at all.
pub fn editor_address(text: &str) -> Option<String> {
    let address = text.trim().to_ascii_lowercase();
    is_valid_email(&address).then_some(address)
}

/// What signing in needs, shared by every staff request.
pub struct Staff {
    outbox: Outbox,
    key: FormKey,
    clock: Arc<dyn Clock>,
    wake_worker: Arc<Notify>,
    /// The addresses `HEARTH_EDITORS` lists, beside those of `site.yaml`.
    configured: Vec<String>,
    limiter: RateLimiter,
    /// Held through a save's revision check and its write, so of two saves
    /// of one revision the second sees the first's.
    saving: std::sync::Mutex<()>,
    /// The warnings of each session's last save of each file, with the
    /// revision it wrote: the page the save sends the editor to shows them
    /// without checking the whole site a second time.
    saved_warnings: std::sync::Mutex<SavedWarnings>,
    /// Where every save is kept as a version; `None` when the site had no
    /// editors at start or the repository could not be opened (logged),
    /// and then the editor saves without keeping versions.
    history: Option<History>,
    /// Each editor's latest unsaved text of the files they preview.
    pub drafts: preview::Drafts,
}

/// A signed-in editor, for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: i64,
    pub editor: String,
    /// The digest of the cookie's secret, which the form token is made from.
    digest: String,
}

/// A sign-in that worked: the cookie's secret, to hand to the browser.
pub struct SignedIn {
    pub cookie_secret: String,
    pub session: Session,
}

impl Staff {
    pub fn new(
        outbox: Outbox,
        key: FormKey,
        clock: Arc<dyn Clock>,
        wake_worker: Arc<Notify>,
        configured: Vec<String>,
    ) -> Staff {
        Staff {
            outbox,
            key,
            clock,
            wake_worker,
            configured,
            limiter: RateLimiter::new(SIGN_INS_PER_CLIENT, u32::MAX),
            saving: std::sync::Mutex::new(()),
            saved_warnings: std::sync::Mutex::new(HashMap::new()),
            history: None,
            drafts: preview::Drafts::default(),
        }
    }

    /// Opens the history of `content`, making it a repository if it is not
    /// in one. A failure is logged and leaves the editor without history:
    /// saving matters more than keeping versions.
    pub fn start_history(&mut self, content: &std::path::Path) {
        match History::open_or_start(content, self.clock.now()) {
            Ok((history, Started::Existing)) => self.history = Some(history),
            Ok((history, Started::Created)) => {
                tracing::info!(
                    "{} was not a git repository; Hearth made it one to keep every version",
                    content.display()
                );
                self.history = Some(history);
            }
            Err(error) => tracing::error!(
                "the editor will not keep versions: the history of {} could not be opened: {error}",
                content.display()
            ),
        }
    }

    /// Where versions are kept, if they are.
    pub fn history(&self) -> Option<&History> {
        self.history.as_ref()
    }

    /// Keeps `file` as it is now as a version by `editor`, if versions are
    /// kept: the commit's id, or `None` when nothing changed or it failed.
    /// A failure is logged, never undoes the write before it. Run it on a
    /// blocking thread, under [`Staff::one_save_at_a_time`].
    pub fn record(
        &self,
        file: &std::path::Path,
        editor: &str,
        action: Action,
        detail: &str,
    ) -> Option<String> {
        let history = self.history.as_ref()?;
        match history.record(&[file], (editor, editor), action, detail, self.clock.now()) {
            Ok(id) => id,
            Err(error) => {
                tracing::error!(
                    editor,
                    "history: {} {detail} was written but not kept as a version: {error}",
                    action.word()
                );
                None
            }
        }
    }

    /// Whether the site has editors, so that `/staff/` exists at all.
    pub fn is_on(&self, site: &Site) -> bool {
        !self.configured.is_empty() || !site.settings.editors.is_empty()
    }

    /// Whether `address` (already an [`editor_address`]) may sign in now.
    /// Asked at every request, so an editor taken off the list is signed
    /// out at their next click.
    pub fn is_editor(&self, site: &Site, address: &str) -> bool {
        self.configured
            .iter()
            .chain(&site.settings.editors)
            .any(|editor| editor == address)
    }

    /// Keeps the warnings of `session`'s save of `path` at `revision`, for
    /// the page after it.
    pub fn keep_warnings(
        &self,
        session: i64,
        path: &str,
        revision: &str,
        warnings: Vec<ContentError>,
    ) {
        let mut kept = self.saved_warnings_lock();
        // One save's warnings per editor's file, read once: a handful.
        if kept.len() >= MOST_KEPT_WARNINGS {
            kept.clear();
        }
        kept.insert((session, path.to_owned()), (revision.to_owned(), warnings));
    }

    /// The warnings kept for `session`'s save of `path`, if the file is
    /// still at the `revision` that save wrote; none otherwise.
    pub fn take_warnings(&self, session: i64, path: &str, revision: &str) -> Vec<ContentError> {
        match self
            .saved_warnings_lock()
            .remove(&(session, path.to_owned()))
        {
            Some((saved, warnings)) if saved == revision => warnings,
            _ => Vec::new(),
        }
    }

    fn saved_warnings_lock(&self) -> std::sync::MutexGuard<'_, SavedWarnings> {
        (self.saved_warnings.lock()).unwrap_or_else(|poison| poison.into_inner())
    }

    /// One save at a time, in this process (see [`edit`]).
    pub fn one_save_at_a_time(&self) -> std::sync::MutexGuard<'_, ()> {
        self.saving
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts a sign-in post from `client` against its hourly limit.
    pub fn check_client(&self, client: std::net::IpAddr) -> Verdict {
        self.limiter.check_client(client, self.clock.now())
    }

    /// Sends a sign-in link to `typed` if it is an editor's address and has
    /// not had its share of links lately. Says nothing either way: the
    /// page that follows is the same for everyone.
    pub async fn ask_for_link(
        &self,
        site: &Site,
        typed: &str,
        language: &Language,
    ) -> Result<(), OutboxError> {
        let Some(address) = editor_address(typed).filter(|address| self.is_editor(site, address))
        else {
            tracing::info!("a sign-in link was asked for an address that is not an editor's");
            return Ok(());
        };
        let now = self.clock.now();
        let language = language.clone();
        let editor = address.clone();
        let link = self
            .outbox
            .with(move |connection| Ok(store::add_link(connection, &editor, &language, now)?))
            .await?;
        match link {
            Some(id) => {
                tracing::info!(editor = %address, "sign-in link #{id} queued");
                self.wake_worker.notify_one();
            }
            None => tracing::warn!(
                editor = %address,
                "no sign-in link sent: {} were sent to this address in the last 15 minutes",
                store::LINKS_PER_ADDRESS
            ),
        }
        Ok(())
    }

    /// The editor a sign-in link is for, if it was made here, is unused,
    /// still fresh, and its editor still listed.
    pub async fn link_editor(
        &self,
        site: &Site,
        link: &str,
    ) -> Result<Option<String>, OutboxError> {
        Ok(self.fresh_link(site, link).await?.map(|(_, editor)| editor))
    }

    /// A working link's id and editor (see [`Staff::link_editor`]).
    async fn fresh_link(
        &self,
        site: &Site,
        link: &str,
    ) -> Result<Option<(i64, String)>, OutboxError> {
        let Some(id) = self.key.read_sign_in_link(link) else {
            return Ok(None);
        };
        let now = self.clock.now();
        let editor = self
            .outbox
            .with(move |connection| Ok(store::open_link(connection, id, now)?))
            .await?;
        Ok(editor
            .filter(|editor| self.is_editor(site, editor))
            .map(|editor| (id, editor)))
    }

    /// Uses a sign-in link up and starts a session; `None` when the link
    /// does not work (see [`Staff::link_editor`]).
    pub async fn sign_in(&self, site: &Site, link: &str) -> Result<Option<SignedIn>, OutboxError> {
        let Some((id, _)) = self.fresh_link(site, link).await? else {
            return Ok(None);
        };
        let mut secret = [0u8; 32];
        // getrandom only fails without an OS entropy source, which Hearth cannot run without.
        getrandom::fill(&mut secret).expect("the operating system provides random bytes");
        let cookie_secret = crate::digest::hex(&secret);
        let digest = secret_digest(&cookie_secret);
        let now = self.clock.now();
        let stored = digest.clone();
        let started = self
            .outbox
            .with(move |connection| Ok(store::use_link(connection, id, &stored, now)?))
            .await?;
        Ok(started.map(|(id, editor)| {
            tracing::info!(editor = %editor, "staff: signed in (session #{id})");
            SignedIn {
                cookie_secret,
                session: Session { id, editor, digest },
            }
        }))
    }

    /// The session a browser's cookie holds, if it is open and its editor
    /// still listed.
    pub async fn session(
        &self,
        site: &Site,
        cookie_secret: &str,
    ) -> Result<Option<Session>, OutboxError> {
        let digest = secret_digest(cookie_secret);
        let now = self.clock.now();
        let looked_up = digest.clone();
        let row = self
            .outbox
            .with(move |connection| Ok(store::session(connection, &looked_up, now)?))
            .await?;
        Ok(row
            .filter(|row| self.is_editor(site, &row.editor))
            .map(|row| Session {
                id: row.id,
                editor: row.editor,
                digest,
            }))
    }

    /// Ends `session` at the editor's asking.
    pub async fn sign_out(&self, session: &Session) -> Result<(), OutboxError> {
        let now = self.clock.now();
        let id = session.id;
        self.drafts.forget(id, None);
        self.saved_warnings_lock()
            .retain(|(owner, _), _| *owner != id);
        self.outbox
            .with(move |connection| Ok(store::end_session(connection, id, "sign_out", now)?))
            .await?;
        self.audit(session, "sign_out", None).await
    }

    /// The hidden `token` of `session`'s forms.
    pub fn form_token(&self, session: &Session) -> String {
        self.key.staff_form_token(&session.digest)
    }

    /// Whether a posted `token` is `session`'s.
    pub fn is_form_token(&self, session: &Session, token: &str) -> bool {
        constant_time_eq(self.form_token(session).as_bytes(), token.as_bytes())
    }

    /// Writes what `session`'s editor did to the audit log and the server
    /// log: who, what, which file, never the content.
    pub async fn audit(
        &self,
        session: &Session,
        action: &'static str,
        path: Option<String>,
    ) -> Result<(), OutboxError> {
        tracing::info!(editor = %session.editor, action, path = path.as_deref().unwrap_or(""), "staff");
        let entry = AuditEntry {
            at: self.clock.now(),
            editor: session.editor.clone(),
            action: action.to_owned(),
            path,
        };
        self.outbox
            .with(move |connection| Ok(store::audit(connection, &entry)?))
            .await
    }
}

/// The session's key in the store: a copy of the store cannot sign in.
fn secret_digest(secret: &str) -> String {
    crate::digest::short_sha256(secret.as_bytes(), 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Editors are compared as Hearth would send to them: case and
    /// surrounding space do not matter, and what is not an address never
    /// matches.
    #[test]
    fn editor_addresses_are_normalised() {
        assert_eq!(
            editor_address("  Ana@Example.ORG ").as_deref(),
            Some("ana@example.org")
        );
        assert_eq!(editor_address("ana"), None);
        assert_eq!(editor_address("ana@[127.0.0.1]"), None);
        assert_eq!(editor_address("аna@example.org"), None);
    }

    proptest::proptest! {
        /// Any text at all is an address or not, without a panic, and an
        /// address read twice reads the same.
        #[test]
        fn any_text_reads_as_an_address_or_not(text in "\\PC*") {
            if let Some(address) = editor_address(&text) {
                proptest::prop_assert_eq!(editor_address(&address), Some(address.clone()));
            }
        }
    }
}
