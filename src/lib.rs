//! Hearth: a fast, private website for a small group therapy practice.
//!
//! Staff write markdown in `content/`; Hearth checks all of it at start,
//! renders every page once into memory, and serves pages as lookups. Nothing
//! a visitor does is tracked, and no page asks another site for anything.
//!
//! # Layout
//!
//! - [`config`]: every setting, from flags and environment variables.
//! - [`content`]: reading `content/`: front matter, markdown, the [`Site`]
//!   model, `hearth check` and `hearth new`.
//! - [`render`]: the askama templates' views; renders the site into a page map.
//! - [`web`]: the router, headers and error pages ([`app`]), and the editors'
//!   live preview ([`web::dev`]).
//! - [`consultation`]: the consultation form, its durable outbox and the mail worker.
//! - [`export`]: `hearth build`, the site as files for a static host.
//! - [`server`]: listening, scheduled publishing, SIGHUP reloads, shutting down.
//!
//! Data flows one way: files → [`Site`] → what is live now ([`Publisher`]) →
//! [`render::RenderedSite`] → responses. The only write path is the
//! consultation form → outbox → mail worker.

pub mod config;
pub mod consultation;
pub mod content;
pub mod digest;
pub mod export;
pub mod render;
pub mod search;
pub mod server;
pub mod urls;
pub mod web;

use std::sync::Arc;

use jiff::Timestamp;

use content::model::Site;
use content::{ContentErrors, Sources};
use render::{RenderError, RenderedSite};

pub use web::{AppState, app};

/// A site ready to serve: the content, what of it is live now, and every
/// live page rendered.
pub struct Loaded {
    /// Everything in the content folder, drafts and scheduled posts included.
    pub content: Arc<Site>,
    /// What the live site shows now.
    pub site: Site,
    pub rendered: RenderedSite,
    pub urls: render::SiteUrls,
    /// When the next scheduled post appears, if one is waiting.
    pub next_publication: Option<Timestamp>,
    /// The live site's search index, built on first use or by the
    /// background pass after the site goes live: with a thousand articles it
    /// takes longer than everything else at start together.
    search: std::sync::OnceLock<search::SearchIndex>,
    /// The stylesheet, the favicon and photos' resized variants, under
    /// fingerprinted names.
    pub assets: render::assets::Assets,
}

impl Loaded {
    /// The live site's search index, building it now if nothing has yet.
    pub fn search_index(&self) -> &search::SearchIndex {
        self.search
            .get_or_init(|| search::SearchIndex::build(&self.site))
    }

    /// Whether [`Loaded::search_index`] would answer at once.
    pub fn search_index_is_ready(&self) -> bool {
        self.search.get().is_some()
    }

    /// What can wait until the site is serving: the search index, then the
    /// compressed form of every page.
    pub fn prepare_in_background(&self) {
        let started = std::time::Instant::now();
        self.search_index();
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

/// The time, from the system or, in tests, from the test.
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

/// Builds the live site: from which files, for which address, at what time.
pub struct Publisher {
    pub sources: Sources,
    pub urls: render::SiteUrls,
    pub clock: Arc<dyn Clock>,
    /// Editors' preview: drafts and scheduled posts shown, with banners.
    pub preview: bool,
    /// Where resized photos are kept across starts; `None` makes them anew.
    pub image_cache: Option<std::path::PathBuf>,
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
        let bodies = (content.posts.iter().map(|post| &*post.body))
            .chain(content.pages.iter().map(|page| &page.body))
            .chain(content.services.iter().map(|service| &service.body))
            .chain(content.therapists.iter().map(|therapist| &therapist.bio));
        let photos = content
            .therapists
            .iter()
            .filter_map(|therapist| therapist.photo.as_ref())
            .chain(content.posts.iter().filter_map(|post| post.image.as_ref()))
            .map(|image| image.src.as_str())
            .chain(bodies.flat_map(|body| body.images()));
        let assets = render::assets::Assets::load(
            &self.sources.static_files,
            photos,
            self.image_cache.as_deref(),
        );
        let (site, next_publication, rendered) = if self.preview {
            let site = (*content).clone();
            let rendered = render::render_preview(&site, &self.urls, &assets, now)?;
            (site, None, rendered)
        } else {
            let (site, next) = content.published(now);
            let rendered = render::render_site(&site, &self.urls, &assets)?;
            (site, next, rendered)
        };
        Ok(Loaded {
            search: std::sync::OnceLock::new(),
            assets,
            content,
            site,
            rendered,
            urls: self.urls.clone(),
            next_publication,
        })
    }
}
