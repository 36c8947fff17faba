//! Hearth: a fast, private website for a small group therapy practice.
//!
//! Staff write markdown in `content/`; Hearth checks all of it at start,
//! renders every page once into memory, and serves pages as lookups. Nothing
//! a visitor does is tracked, and no page asks another site for anything.
//!
//! # Layout
//!
//! - [`config`]: every setting, from flags and environment variables.
//! - [`content`]: reading `content/`: front matter, markdown, the [`Site`] model.
//! - [`render`]: the askama templates' views; renders the site into a page map.
//! - [`web`]: the router, headers and error pages ([`app`]).
//! - [`server`]: listening, and shutting down gracefully.
//!
//! Data flows one way: files → [`Site`] → [`render::RenderedSite`] → responses.

pub mod config;
pub mod consultation;
pub mod content;
pub mod render;
pub mod server;
pub mod web;

use content::model::Site;
use content::{ContentErrors, Sources};
use render::{RenderError, RenderedSite};

pub use web::{AppState, app};

/// A site ready to serve: the model and every page rendered from it.
pub struct Loaded {
    pub site: Site,
    pub rendered: RenderedSite,
    /// Without a trailing slash.
    pub base_url: String,
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

/// Reads, checks and renders the whole site.
pub fn load(sources: &Sources, base_url: &str) -> Result<Loaded, LoadError> {
    let site = content::load(sources)?;
    let rendered = render::render_site(&site, base_url)?;
    Ok(Loaded {
        site,
        rendered,
        base_url: base_url.to_owned(),
    })
}
