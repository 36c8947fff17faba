//! An editor's change shown as the site would show it, before it is saved.
//!
//! The preview is made the way the site makes every page: the change is
//! loaded with the whole content folder (from a copy, as a save checks it)
//! and rendered as the editors' preview renders, drafts included. A change
//! the site could not load shows its problems instead, as a save would.
//!
//! Each editor's latest unsaved text of a file is kept here, in memory, so
//! that the preview has an address of its own: it opens in a tab beside
//! the form, and with JavaScript the form sends each change as it is typed
//! and the preview tab reloads itself when told. Nothing here is written
//! anywhere; a restart forgets every draft, and the form still holds the
//! text.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::broadcast;

use super::edit;
use super::files::EditableFile;
use crate::content::ContentError;
use crate::site::LiveSite;

/// The most unsaved texts kept at once, across every editor: a practice
/// has a handful of editors, each with a file or two open; the oldest
/// text goes first when there are more.
const MOST_DRAFTS: usize = 64;

/// A text being previewed: whose (the session's id) and which file.
type DraftKey = (i64, String);

/// Each text kept, with when it was kept (a counter), and the counter.
type Kept = (u64, HashMap<DraftKey, (u64, String)>);

/// Every editor's latest unsaved text of each file they preview.
pub struct Drafts {
    /// Each text, with when it was kept, to let the oldest go.
    kept: Mutex<Kept>,
    /// Which session's file changed, for its preview tab to reload.
    changed: broadcast::Sender<DraftKey>,
}

impl Default for Drafts {
    fn default() -> Self {
        Drafts {
            kept: Mutex::new((0, HashMap::new())),
            changed: broadcast::channel(16).0,
        }
    }
}

impl Drafts {
    /// Keeps `text` as session `session`'s unsaved text of `path`, and
    /// tells that session's preview tab.
    pub fn keep(&self, session: i64, path: &str, text: String) {
        let key = (session, path.to_owned());
        {
            let mut kept = self
                .kept
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            let (counter, texts) = &mut *kept;
            *counter += 1;
            if texts.len() >= MOST_DRAFTS && !texts.contains_key(&key) {
                let oldest = (texts.iter())
                    .min_by_key(|(_, (when, _))| *when)
                    .map(|(key, _)| key.clone());
                if let Some(oldest) = oldest {
                    texts.remove(&oldest);
                }
            }
            texts.insert(key.clone(), (*counter, text));
        }
        // No preview tab listening is fine: the text waits for one.
        let _ = self.changed.send(key);
    }

    /// Session `session`'s unsaved text of `path`, if it previewed one.
    pub fn text(&self, session: i64, path: &str) -> Option<String> {
        self.latest(session, path).map(|(_, text)| text)
    }

    /// Session `session`'s unsaved text of `path` with its version (which
    /// grows with every text kept), if it previewed one.
    pub fn latest(&self, session: i64, path: &str) -> Option<(u64, String)> {
        let kept = self
            .kept
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        (kept.1.get(&(session, path.to_owned()))).cloned()
    }

    /// The version of session `session`'s text of `path`: 0 when it has
    /// none. A preview tab shows one version, and reloads for another.
    pub fn version(&self, session: i64, path: &str) -> u64 {
        self.latest(session, path).map_or(0, |(version, _)| version)
    }

    /// Forgets a session's texts: it was saved, or the editor signed out.
    pub fn forget(&self, session: i64, path: Option<&str>) {
        let mut kept = self
            .kept
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        kept.1
            .retain(|(owner, file), _| *owner != session || path.is_some_and(|path| path != file));
    }

    /// Tells of each text kept from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<DraftKey> {
        self.changed.subscribe()
    }
}

/// What the preview of a change shows.
pub enum Preview {
    /// The page the file makes, as the site would show it: its address and
    /// its HTML.
    Page { address: String, html: String },
    /// The site could not load with the change: every problem, errors first.
    Problems(Vec<ContentError>),
    /// The site loads, but the file makes no page of its own.
    NoPage,
}

/// The preview of `file` holding `text`, made from the content folder as
/// it is now with that one change. Reads the disk: call it off the runtime.
pub fn preview(
    live: &LiveSite,
    file: &EditableFile,
    text: &str,
) -> Result<Preview, Box<dyn std::error::Error + Send + Sync>> {
    let (site, problems) = edit::load_change(live.sources(), file, text)?;
    if problems.iter().any(ContentError::is_error) {
        return Ok(Preview::Problems(problems));
    }
    let previewed = live.preview_of(site)?;
    let page = crate::render::languages::page_of_source(&previewed.site, &file.relative).and_then(
        |address| {
            let page = previewed.rendered.pages.get(&address)?;
            let html = page.body(crate::render::page::Encoding::Identity);
            Some((address, String::from_utf8_lossy(&html).into_owned()))
        },
    );
    Ok(match page {
        Some((address, html)) => Preview::Page { address, html },
        None => Preview::NoPage,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A preview tab hears of its own session's file only, and the text it
    /// then reads is the latest one kept.
    #[test]
    fn each_session_keeps_its_own_latest_text() {
        let drafts = Drafts::default();
        let mut told = drafts.subscribe();
        drafts.keep(1, "posts/a.md", "first".into());
        drafts.keep(1, "posts/a.md", "second".into());
        drafts.keep(2, "posts/a.md", "theirs".into());
        assert_eq!(drafts.text(1, "posts/a.md").as_deref(), Some("second"));
        assert_eq!(drafts.version(1, "posts/a.md"), 2);
        assert_eq!(drafts.version(1, "posts/b.md"), 0);
        assert_eq!(drafts.text(2, "posts/a.md").as_deref(), Some("theirs"));
        assert_eq!(drafts.text(1, "posts/b.md"), None);
        assert_eq!(told.try_recv().unwrap(), (1, "posts/a.md".to_owned()));
        drafts.forget(1, Some("posts/a.md"));
        assert_eq!(drafts.text(1, "posts/a.md"), None);
        assert_eq!(drafts.text(2, "posts/a.md").as_deref(), Some("theirs"));
    }

    /// However many files are previewed, at most [`MOST_DRAFTS`] texts are
    /// kept, and the one let go is the oldest.
    #[test]
    fn the_oldest_text_goes_first() {
        let drafts = Drafts::default();
        for number in 0..=MOST_DRAFTS {
            drafts.keep(1, &format!("posts/{number}.md"), "text".into());
        }
        assert_eq!(drafts.text(1, "posts/0.md"), None);
        assert!(drafts.text(1, "posts/1.md").is_some());
        let kept = drafts.kept.lock().unwrap().1.len();
        assert_eq!(kept, MOST_DRAFTS);
    }
}
