//! Fingerprinted static files: the stylesheet and favicon are served under
//! names that carry a hash of their content (`/static/css/site.3f2a1c9b.css`),
//! so browsers may keep them for a year and still see every change at once.

use std::collections::HashMap;
use std::path::Path;

use axum::body::Bytes;

use super::Page;
use super::images::{self, Picture};

/// The stylesheet every page links to, relative to the static folder.
pub const STYLESHEET: &str = "css/site.css";
/// The icon every page links to, relative to the static folder.
pub const FAVICON: &str = "favicon.svg";
/// The quick exit's script, relative to the static folder.
pub const QUICK_EXIT_SCRIPT: &str = "js/quick-exit.js";
/// Files the templates link to, relative to the static folder.
pub const FINGERPRINTED: [&str; 3] = [STYLESHEET, FAVICON, QUICK_EXIT_SCRIPT];

#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// `/static/css/site.css` → `/static/css/site.3f2a1c9b.css`.
    urls: HashMap<String, String>,
    /// By fingerprinted URL, photos' resized variants included.
    pub files: HashMap<String, Page>,
    /// Photos' variants and dimensions, by the photo's `/static/...` address.
    pictures: HashMap<String, Picture>,
}

impl Assets {
    /// Reads and fingerprints the linked files (a missing one keeps its
    /// plain URL) and makes the variants of each photo in `photos`, kept in
    /// `image_cache` across starts.
    pub fn load<'a>(
        static_dir: &Path,
        photos: impl IntoIterator<Item = &'a str>,
        image_cache: Option<&Path>,
    ) -> Assets {
        let mut assets = Assets::default();
        for src in photos {
            if !assets.pictures.contains_key(src)
                && let Some(picture) =
                    images::prepare(static_dir, src, image_cache, &mut assets.files)
            {
                assets.pictures.insert(src.to_owned(), picture);
            }
        }
        for name in FINGERPRINTED {
            let Ok(bytes) = std::fs::read(static_dir.join(name)) else {
                continue;
            };
            let hash = crate::digest::short_sha256(&bytes, 4);
            let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
            let url = crate::urls::fingerprinted(stem, &hash, extension);
            let content_type = match extension {
                "css" => "text/css; charset=utf-8",
                "svg" => "image/svg+xml",
                "js" => "text/javascript; charset=utf-8",
                _ => "application/octet-stream",
            };
            assets
                .urls
                .insert(crate::urls::static_file(name), url.clone());
            assets
                .files
                .insert(url, Page::of_type(content_type, Bytes::from(bytes)));
        }
        assets
    }

    /// The resized variants of the photo at `src`, if it is one.
    pub fn picture(&self, src: &str) -> Option<&Picture> {
        self.pictures.get(src)
    }

    /// Rendered markdown with its photos offered in their sizes.
    pub fn with_pictures(&self, html: &str) -> String {
        if self.pictures.is_empty() || !html.contains("<img ") {
            return html.to_owned();
        }
        images::with_pictures(html, |src| self.pictures.get(src))
    }

    /// The URL to link to for `/static/...`: fingerprinted when possible.
    pub fn url(&self, plain: &str) -> String {
        self.urls
            .get(plain)
            .cloned()
            .unwrap_or_else(|| plain.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fingerprint changes with the content and only then.
    #[test]
    fn fingerprints_follow_content() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("css")).unwrap();
        std::fs::write(dir.path().join("css/site.css"), "body{}").unwrap();
        let first = Assets::load(dir.path(), [], None).url("/static/css/site.css");
        assert!(
            first.starts_with("/static/css/site.")
                && first.ends_with(".css")
                && first.len() == "/static/css/site.12345678.css".len(),
            "{first}"
        );
        assert_eq!(
            Assets::load(dir.path(), [], None).url("/static/css/site.css"),
            first
        );
        std::fs::write(dir.path().join("css/site.css"), "body{color:red}").unwrap();
        assert_ne!(
            Assets::load(dir.path(), [], None).url("/static/css/site.css"),
            first
        );
        assert_eq!(
            Assets::load(dir.path(), [], None).url("/static/favicon.svg"),
            "/static/favicon.svg",
            "missing files keep their URL"
        );
    }
}
