//! The site's life, apart from how it is served: load → check → publish →
//! go live, then reload on SIGHUP or on an editor's save, and publish each
//! scheduled post at its time.
//!
//! One [`LiveSite`] holds what visitors see now and how to build it again.
//! The server, the editors' preview and `hearth build` all use it, so a page
//! is made the same way whichever of them asks; the web layer only reads
//! [`LiveSite::load`]. Every moment here ("is this post due?", "how long
//! until the next one?") comes from the publisher's [`Clock`], so tests
//! move time instead of waiting for it.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use arc_swap::{ArcSwap, ArcSwapOption, Guard};
use jiff::Timestamp;
use tokio::sync::{Notify, broadcast};

use crate::Clock;
use crate::content::model::Site;
use crate::content::{self, ContentErrors, Sources};
use crate::render::{self, RenderError, RenderedSite, SiteUrls};
use crate::search::SearchIndex;
use crate::server::panic::JoinFailure;

/// Why a site could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// Staff content has mistakes; each names its file and line.
    #[error("{0}")]
    Content(#[from] ContentErrors),
    /// A template failed: a bug in Hearth, not in the content.
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// A site ready to serve: the content, what of it is live now, and every
/// live page rendered.
pub struct Loaded {
    /// Everything in the content folder, drafts and scheduled posts included.
    pub content: Arc<Site>,
    /// What the live site shows now.
    pub site: Site,
    /// Every live page, rendered once.
    pub rendered: RenderedSite,
    /// The site's own address and the forms' server, for pages made per request.
    pub urls: SiteUrls,
    /// When the next scheduled post appears, if one is waiting.
    pub next_publication: Option<Timestamp>,
    /// The live site's search index, built on first use or by the
    /// background pass after the site goes live: with a thousand articles it
    /// takes longer than everything else at start together.
    search: OnceLock<Vec<SearchIndex>>,
    /// The stylesheet, the favicon and photos' resized variants, under
    /// fingerprinted names.
    pub assets: render::assets::Assets,
}

impl Loaded {
    /// The search index of edition `edition` (its language's pages only),
    /// building every language's now if nothing has yet.
    pub fn search_index(&self, edition: usize) -> &SearchIndex {
        let indexes = self.search.get_or_init(|| {
            (render::languages::editions(&self.site).iter())
                .map(|edition| SearchIndex::build(edition.site, &edition.paths))
                .collect()
        });
        &indexes[edition.min(indexes.len() - 1)]
    }

    /// What a page made per request in edition `edition` is rendered from.
    pub fn page_context(&self, now: Timestamp, edition: usize) -> render::PageContext<'_> {
        render::PageContext {
            site: &self.site,
            urls: &self.urls,
            assets: &self.assets,
            addresses: &self.rendered.addresses,
            now,
            edition,
        }
    }

    /// Whether [`Loaded::search_index`] would answer at once.
    pub fn search_index_is_ready(&self) -> bool {
        self.search.get().is_some()
    }

    /// What can wait until the site is serving: the search index, then the
    /// compressed form of every page.
    fn prepare(&self) {
        let started = std::time::Instant::now();
        self.search_index(0);
        let indexed = started.elapsed();
        self.rendered.precompress();
        tracing::info!(
            pages = self.rendered.pages.len(),
            index_ms = indexed.as_millis() as u64,
            total_ms = started.elapsed().as_millis() as u64,
            "search index built and pages compressed"
        );
    }
}

/// Builds the live site: from which files, for which address, at what time.
pub struct Publisher {
    /// The content and static folders.
    pub sources: Sources,
    /// The site's own address and the forms' server.
    pub urls: SiteUrls,
    /// The one source of "now" for publishing and rendering.
    pub clock: Arc<dyn Clock>,
    /// Editors' preview: drafts and scheduled posts shown, with banners.
    pub preview: bool,
    /// Where resized photos are kept across starts; `None` makes them anew.
    pub image_cache: Option<PathBuf>,
}

impl Publisher {
    /// Reads, checks and renders the whole site.
    /// Warnings are logged; they do not stop the site.
    pub fn load(&self) -> Result<Loaded, LoadError> {
        let (content, problems) = content::check(&self.sources);
        if problems.error_count() > 0 {
            return Err(problems.into());
        }
        for warning in &problems.0 {
            tracing::warn!("{warning}");
        }
        Ok(self.publish(Arc::new(content))?)
    }

    /// Renders what of `content` is live now.
    pub fn publish(&self, content: Arc<Site>) -> Result<Loaded, RenderError> {
        let now = self.clock.now();
        let assets = render::assets::Assets::load(
            &self.sources.static_files,
            content.images(),
            self.image_cache.as_deref(),
        );
        let (site, next_publication, rendered) = if self.preview {
            let site = (*content).clone();
            let rendered = render::render_preview(&site, &self.urls, &assets, now)?;
            (site, None, rendered)
        } else {
            let (site, next) = content.published(now);
            let rendered = render::render_site(&site, &self.urls, &assets, now)?;
            (site, next, rendered)
        };
        Ok(Loaded {
            search: OnceLock::new(),
            assets,
            content,
            site,
            rendered,
            urls: self.urls.clone(),
            next_publication,
        })
    }
}

/// What is done ahead of the first request that needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preparation {
    /// The public site: after each version goes live, a background thread
    /// builds the search index and compresses every page, so visitors
    /// never wait for either.
    InBackground,
    /// The editors' preview changes with every save and is read by one
    /// person; an export compresses everything itself on every core. Both
    /// index and compress only what is asked for.
    OnDemand,
}

/// The site as it is live now, and how to build it again.
pub struct LiveSite {
    /// The current version; a reload swaps in a whole new one at once.
    current: ArcSwap<Loaded>,
    /// How to build the site again, for reloads and scheduled posts.
    publisher: Publisher,
    /// Whether new versions are indexed and compressed in the background.
    preparation: Preparation,
    /// Rung when the schedule may have changed (a reload, a clock that
    /// jumped), so the scheduler looks at it again.
    schedule_changed: Notify,
    /// The problems of the last reload, while they are not fixed: the
    /// preview shows them in place of every page.
    problems: ArcSwapOption<String>,
    /// Told after every reload, good or bad, so open previews refresh.
    reloads: broadcast::Sender<()>,
}

impl LiveSite {
    /// Loads the site and puts it live.
    pub fn start(publisher: Publisher, preparation: Preparation) -> Result<LiveSite, LoadError> {
        let first = Arc::new(publisher.load()?);
        let live = LiveSite {
            current: ArcSwap::new(Arc::clone(&first)),
            publisher,
            preparation,
            schedule_changed: Notify::new(),
            problems: ArcSwapOption::empty(),
            reloads: broadcast::channel(16).0,
        };
        live.prepare(first);
        Ok(live)
    }

    /// The version live now. Cheap: handlers call it on every request.
    pub fn load(&self) -> Guard<Arc<Loaded>> {
        self.current.load()
    }

    /// The version live now, for work that outlives the request's borrow
    /// (a search waiting for its index off the async threads).
    pub fn load_full(&self) -> Arc<Loaded> {
        self.current.load_full()
    }

    /// The time, as the site sees it.
    pub fn now(&self) -> Timestamp {
        self.publisher.clock.now()
    }

    /// The content and static folders the site is read from.
    pub fn sources(&self) -> &Sources {
        &self.publisher.sources
    }

    /// Whether this is the editors' preview (drafts shown, reload script).
    pub fn is_preview(&self) -> bool {
        self.publisher.preview
    }

    /// The problems of the last reload while they are not fixed; `None`
    /// while the content is good.
    pub fn problems(&self) -> Option<Arc<String>> {
        self.problems.load_full()
    }

    /// A message after every reload, good or bad.
    pub fn subscribe(&self) -> broadcast::Receiver<()> {
        self.reloads.subscribe()
    }

    /// Puts a new version of the site live. Pages that did not change keep
    /// their compressed forms; the rest are compressed in the background.
    fn go_live(&self, mut fresh: Loaded) {
        fresh
            .rendered
            .adopt_compressed(&self.current.load().rendered);
        let fresh = Arc::new(fresh);
        self.current.store(Arc::clone(&fresh));
        self.prepare(fresh);
    }

    fn prepare(&self, version: Arc<Loaded>) {
        if self.preparation == Preparation::OnDemand {
            return;
        }
        let spawned = std::thread::Builder::new()
            .name("prepare-site".into())
            .spawn(move || version.prepare());
        if let Err(error) = spawned {
            tracing::warn!(%error, "pages will be compressed as they are asked for");
        }
    }

    /// `content` as the editors' preview shows it (drafts and scheduled
    /// posts included, with their banners), made the way this site makes
    /// its pages: for an editor's change before it is saved. Nothing goes live.
    pub fn preview_of(&self, content: Site) -> Result<Loaded, RenderError> {
        let previewer = Publisher {
            sources: self.publisher.sources.clone(),
            urls: self.publisher.urls.clone(),
            clock: Arc::clone(&self.publisher.clock),
            preview: true,
            image_cache: self.publisher.image_cache.clone(),
        };
        previewer.publish(Arc::new(content))
    }

    /// Reads the content again and, if it is all good, swaps the whole site
    /// at once; otherwise the current site keeps serving and the problems
    /// are kept for [`LiveSite::problems`]. Either way subscribers are told.
    pub fn reload(&self) -> Result<(), LoadError> {
        let outcome = self.publisher.load().map(|fresh| self.go_live(fresh));
        match &outcome {
            Ok(()) => self.problems.store(None),
            Err(error) => self.problems.store(Some(Arc::new(error.to_string()))),
        }
        self.schedule_changed.notify_one();
        let _ = self.reloads.send(());
        outcome
    }

    /// Publishes scheduled posts whose time has come. Returns whether the site changed.
    pub fn publish_due(&self) -> Result<bool, RenderError> {
        let current = self.current.load();
        let due = current.next_publication.is_some_and(|at| at <= self.now());
        if due {
            let fresh = self.publisher.publish(Arc::clone(&current.content))?;
            self.go_live(fresh);
        }
        Ok(due)
    }

    /// Makes the scheduler look at the clock again at once: for a clock
    /// that jumped (a test's, or a system clock set by hand), since the
    /// scheduler otherwise sleeps until the next post is due.
    pub fn look_at_the_schedule_again(&self) {
        self.schedule_changed.notify_one();
    }

    /// How long the scheduler may sleep before it must look again: until
    /// the next scheduled post by the site's clock (and a little after, so
    /// the clock has surely passed it), and at most an hour in case the
    /// clock jumps.
    pub fn next_look(&self) -> Duration {
        /// Looked at this often anyway, in case the clock jumps.
        const AT_MOST: Duration = Duration::from_secs(60 * 60);
        const MARGIN: Duration = Duration::from_millis(5);
        match self.load().next_publication {
            Some(at) => Duration::try_from(at.duration_since(self.now()))
                .unwrap_or(Duration::ZERO)
                .saturating_add(MARGIN)
                .min(AT_MOST),
            None => AT_MOST,
        }
    }

    /// Publishes each scheduled post at its time, without a restart. Runs
    /// until the process ends.
    pub async fn publish_on_schedule(self: Arc<Self>) {
        loop {
            tokio::select! {
                () = tokio::time::sleep(self.next_look()) => {}
                () = self.schedule_changed.notified() => {}
            }
            // Rendering the whole site is CPU work: keep it off the async threads.
            let publishing = Arc::clone(&self);
            match tokio::task::spawn_blocking(move || publishing.publish_due()).await {
                Ok(Ok(true)) => tracing::info!("published the scheduled posts that were due"),
                Ok(Ok(false)) => {}
                Ok(Err(error)) => tracing::error!(%error, "could not publish scheduled posts"),
                Err(error) => {
                    tracing::error!("publishing scheduled posts failed: {}", JoinFailure(&error))
                }
            }
        }
    }

    /// Reloads off the async threads and says in the log what happened.
    async fn reload_and_log(self: &Arc<Self>) {
        let reloading = Arc::clone(self);
        match tokio::task::spawn_blocking(move || reloading.reload()).await {
            Ok(Ok(())) => {
                let pages = self.load().rendered.pages.len();
                tracing::info!("reloaded the content: serving {pages} pages");
            }
            Ok(Err(error)) => tracing::error!(
                "the content was not reloaded; still serving the previous version:\n{error}"
            ),
            Err(error) => tracing::error!("the reload failed: {}", JoinFailure(&error)),
        }
    }

    /// SIGHUP reads the content again: a good version replaces the site at
    /// once; a bad one is refused, its problems logged, and the old site
    /// stays. Runs until the process ends.
    #[cfg(unix)]
    pub async fn reload_on_sighup(self: Arc<Self>) {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut hangups) = signal(SignalKind::hangup()) else {
            tracing::warn!("cannot listen for SIGHUP; reload by restarting");
            return;
        };
        while hangups.recv().await.is_some() {
            self.reload_and_log().await;
        }
    }

    /// Reloads after every save under `folders`. The folders are watched
    /// when this returns (a save from then on is seen); the rebuilds run on
    /// a task of their own until the process ends. Needs a tokio runtime.
    pub fn watch(self: &Arc<Self>, folders: &[PathBuf]) -> notify::Result<()> {
        use notify::Watcher;
        /// How long the files must be quiet before the site is rebuilt:
        /// editors save several files at once, and one rebuild is enough.
        const SETTLE: Duration = Duration::from_millis(40);
        let (changed, mut changes) = tokio::sync::mpsc::unbounded_channel();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if event.is_ok_and(|event| !event.kind.is_access()) {
                    let _ = changed.send(());
                }
            })?;
        for folder in folders {
            watcher.watch(folder, notify::RecursiveMode::Recursive)?;
        }
        let live = Arc::clone(self);
        tokio::spawn(async move {
            // The watcher lives as long as the task that reads its events.
            let _watcher = watcher;
            while changes.recv().await.is_some() {
                // Let a burst of saves settle into one rebuild.
                while let Ok(Some(())) = tokio::time::timeout(SETTLE, changes.recv()).await {}
                live.reload_and_log().await;
            }
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal_publisher() -> Publisher {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        Publisher {
            sources: Sources {
                content: root.join("tests/fixtures/minimal"),
                static_files: root.join("static"),
            },
            urls: SiteUrls {
                base: "http://127.0.0.1:3000".into(),
                forms: String::new(),
                calls_only: false,
            },
            clock: Arc::new(crate::SystemClock),
            preview: false,
            image_cache: None,
        }
    }

    /// A reload that fails keeps the old version live, keeps its problems
    /// for the preview and tells subscribers; the next good reload clears them.
    #[test]
    fn a_failed_reload_keeps_the_site_and_its_problems() {
        let dir = tempfile::tempdir().unwrap();
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        copy(&fixture, dir.path());
        let mut publisher = minimal_publisher();
        publisher.sources.content = dir.path().to_owned();
        let live = LiveSite::start(publisher, Preparation::OnDemand).unwrap();
        let mut told = live.subscribe();
        let before = live.load_full();

        let post = dir.path().join("posts/2026-01-05-hello.md");
        let good = std::fs::read_to_string(&post).unwrap();
        std::fs::write(&post, good.replace("title:", "titel:")).unwrap();
        assert!(live.reload().is_err());
        assert!(
            Arc::ptr_eq(&before, &live.load_full()),
            "the old version stays"
        );
        assert!(live.problems().unwrap().contains("2026-01-05-hello.md"));
        assert!(told.try_recv().is_ok());

        std::fs::write(&post, good).unwrap();
        live.reload().unwrap();
        assert!(live.problems().is_none());
        assert!(!Arc::ptr_eq(&before, &live.load_full()));
    }

    /// The footer's year is the practice's year by the site's clock: on
    /// New Year's Eve in California it is already the new year in UTC.
    #[test]
    fn the_year_in_the_footer_is_the_practices_by_the_sites_clock() {
        let dir = tempfile::tempdir().unwrap();
        copy(&minimal_publisher().sources.content, dir.path());
        let settings = dir.path().join("site.yaml");
        let yaml = std::fs::read_to_string(&settings).unwrap();
        std::fs::write(
            &settings,
            format!("{yaml}\ntimezone: America/Los_Angeles\n"),
        )
        .unwrap();
        let clock = crate::ManualClock::at("2030-01-01T07:00:00Z".parse().unwrap());
        let mut publisher = minimal_publisher();
        publisher.sources.content = dir.path().to_owned();
        publisher.clock = clock.clone();
        let footer_year = |publisher: &Publisher| {
            let loaded = publisher.load().unwrap();
            let home = loaded.rendered.pages[crate::urls::routes::HOME]
                .body(crate::render::Encoding::Identity);
            let home = String::from_utf8(home.to_vec()).unwrap();
            let (_, after) = home.split_once("© ").expect("the footer has a year");
            after.chars().take(4).collect::<String>()
        };
        assert_eq!(
            footer_year(&publisher),
            "2029",
            "still 11 p.m. in Los Angeles"
        );
        clock.set("2030-01-01T08:00:00Z".parse().unwrap());
        assert_eq!(footer_year(&publisher), "2030");
    }

    fn copy(from: &std::path::Path, to: &std::path::Path) {
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
}
