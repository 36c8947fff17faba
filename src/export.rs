//! `hearth build`: the whole public site as files, for a static host or a
//! CDN. Every page is written from the very bytes `hearth serve` answers
//! with, its brotli and gzip forms beside it (`about.html`, `about.html.br`,
//! `about.html.gz`), so the export and the server cannot drift apart.
//!
//! Pages are written as `PATH.html` (`/blog/grief` → `blog/grief.html`,
//! `/` → `index.html`), which static hosts serve at the address without the
//! extension. The consultation form, search and team filters need a server:
//! `HEARTH_FORM_ORIGIN` points their links at a `hearth serve` elsewhere.

use std::io;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use crate::SystemClock;
use crate::config::BuildArgs;
use crate::content::Sources;
use crate::policy::{IMMUTABLE_CACHE_CONTROL, security_headers};
use crate::render::{Encoding, Page, SiteUrls};
use crate::site::{LiveSite, Loaded, Preparation, Publisher};
use crate::urls::routes;

/// Written into every export, so a later build knows the folder is its own
/// to empty, and never empties a folder of anything else.
const MARKER: &str = ".hearth-build";

/// Why `hearth build` wrote nothing, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content has mistakes, or a template failed.
    #[error(transparent)]
    Load(#[from] crate::LoadError),
    #[error(transparent)]
    Export(#[from] ExportError),
}

/// What `hearth build` says without `--form-origin`: a static host cannot
/// answer the consultation form, search or the team filters.
pub const NO_FORM_SERVER: &str = "warning: no --form-origin (HEARTH_FORM_ORIGIN): no server answers the forms of this export, so its consultation links say to call the practice instead, and search and the team filters post to the static host, which cannot answer them. Run `hearth serve` somewhere, such as https://forms.example.org, and build with --form-origin set to it.";

/// Loads the site as `hearth serve` would with the same settings, and exports it.
pub fn build(args: &BuildArgs) -> Result<Summary, BuildError> {
    let publisher = Publisher {
        sources: Sources {
            content: args.content.clone(),
            static_files: args.static_dir.clone(),
        },
        urls: SiteUrls {
            base: args.base_url.clone(),
            forms: args.form_origin.clone().unwrap_or_default(),
            calls_only: args.form_origin.is_none(),
        },
        clock: Arc::new(SystemClock),
        preview: false,
        image_cache: None,
    };
    let live = LiveSite::start(publisher, Preparation::OnDemand)?;
    Ok(export(&live.load(), &args.static_dir, &args.out)?)
}

/// What was written.
#[derive(Debug, Default)]
pub struct Summary {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Refused, so that a typo in `--out` cannot wipe someone's files.
    #[error("{0} is not empty and was not written by `hearth build`; choose a new or empty folder")]
    NotOurs(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// The file a page's path is written to, relative to the export folder.
pub fn file_for(path: &str) -> PathBuf {
    let relative = path.trim_start_matches('/');
    if relative.is_empty() || relative.ends_with('/') {
        // A language's home page, `/es/`, is `es/index.html`.
        PathBuf::from(format!("{relative}index.html"))
    } else if Path::new(relative).extension().is_some() {
        // feed.xml, sitemap.xml, robots.txt and fingerprinted files keep their names.
        PathBuf::from(relative)
    } else {
        PathBuf::from(format!("{relative}.html"))
    }
}

/// Writes `site` and the static folder into `out`, replacing an earlier
/// export there.
pub fn export(site: &Loaded, static_dir: &Path, out: &Path) -> Result<Summary, ExportError> {
    prepare_folder(out)?;
    compress_all(site);
    let mut writer = Writer {
        out,
        summary: Summary::default(),
    };
    // The thank-you page belongs to the consultation form's server, not to a
    // static host.
    let rendered = &site.rendered;
    let server_only: Vec<String> = (rendered.editions.iter())
        .map(|edition| edition.paths.consultation_thanks())
        .collect();
    for (path, page) in &site.rendered.pages {
        if !server_only.contains(path) {
            writer.page(&file_for(path), page)?;
            writer.summary.pages += 1;
        }
    }
    writer.file(Path::new("404.html"), &site.rendered.error_page(404))?;
    // Hosts that look for the nearest 404 page find each language's own.
    for edition in rendered.editions.iter().skip(1) {
        if let Some(page) = edition.error_pages.get(&404) {
            let folder = edition.paths.prefix().trim_start_matches('/');
            writer.file(&Path::new(folder).join("404.html"), page)?;
        }
    }
    // Static files keep their addresses: `/static/x` is `static/x`.
    let static_folder = Path::new(routes::STATIC.trim_start_matches('/'));
    writer.copy_folder(static_dir, static_folder)?;
    for (url, asset) in &site.assets.files {
        writer.page(&file_for(url), asset)?;
    }
    writer.file(Path::new("_headers"), headers_file(site).as_bytes())?;
    writer.file(Path::new(MARKER), b"")?;
    Ok(writer.summary)
}

/// Empties `out` if an earlier build wrote it, or creates it.
fn prepare_folder(out: &Path) -> Result<(), ExportError> {
    let io_error = |source| ExportError::Io {
        path: out.to_owned(),
        source,
    };
    match std::fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                if !out.join(MARKER).is_file() {
                    return Err(ExportError::NotOurs(out.to_owned()));
                }
                std::fs::remove_dir_all(out).map_err(io_error)?;
            }
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(io_error(error)),
    }
    std::fs::create_dir_all(out).map_err(io_error)
}

/// Compresses every page not yet compressed, on every core: an export is a
/// one-off job with nobody waiting to be served.
fn compress_all(site: &Loaded) {
    let pages: Vec<&Page> = site
        .rendered
        .pages
        .values()
        .chain(site.assets.files.values())
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get());
    let share = pages.len().div_ceil(cores).max(1);
    std::thread::scope(|scope| {
        for chunk in pages.chunks(share) {
            scope.spawn(move || chunk.iter().for_each(|page| page.precompress_all()));
        }
    });
}

/// Security headers in the `_headers` format that Netlify and Cloudflare
/// Pages read, so a static host sends what `hearth serve` sends, and a year
/// of caching for the fingerprinted files.
fn headers_file(site: &Loaded) -> String {
    let mut file = String::from("/*\n");
    let https = site.urls.base.starts_with("https://");
    for (name, value) in security_headers(
        https,
        site.site.settings.quick_exit.is_some(),
        &site.urls.forms,
    ) {
        let value = value.to_str().unwrap_or_default();
        file.push_str(&format!("  {name}: {value}\n"));
    }
    let mut fingerprinted: Vec<&String> = site.assets.files.keys().collect();
    fingerprinted.sort();
    for url in fingerprinted {
        file.push_str(&format!(
            "{url}\n  cache-control: {}\n",
            IMMUTABLE_CACHE_CONTROL
        ));
    }
    file
}

struct Writer<'a> {
    out: &'a Path,
    summary: Summary,
}

impl Writer<'_> {
    /// A page and, when it is worth compressing, its `.br` and `.gz` siblings.
    fn page(&mut self, relative: &Path, page: &Page) -> Result<(), ExportError> {
        self.file(relative, &page.body(Encoding::Identity))?;
        if page.compresses() {
            for encoding in [Encoding::Brotli, Encoding::Gzip] {
                let suffix = encoding.file_suffix().unwrap_or_default();
                let mut name = relative.as_os_str().to_owned();
                name.push(suffix);
                self.file(Path::new(&name), &page.body(encoding))?;
            }
        }
        Ok(())
    }

    fn file(&mut self, relative: &Path, bytes: &[u8]) -> Result<(), ExportError> {
        let path = self.out.join(relative);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, bytes));
        written.map_err(|source| ExportError::Io { path, source })?;
        self.summary.files += 1;
        self.summary.bytes += bytes.len() as u64;
        Ok(())
    }

    /// Copies a folder, leaving out hidden files (editors' `.DS_Store` and the like).
    fn copy_folder(&mut self, from: &Path, to: &Path) -> Result<(), ExportError> {
        let entries = std::fs::read_dir(from).map_err(|source| ExportError::Io {
            path: from.to_owned(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| ExportError::Io {
                path: from.to_owned(),
                source,
            })?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let source = entry.path();
            if source.is_dir() {
                self.copy_folder(&source, &to.join(&name))?;
            } else {
                let bytes = std::fs::read(&source).map_err(|error| ExportError::Io {
                    path: source.clone(),
                    source: error,
                })?;
                self.file(&to.join(&name), &bytes)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Addresses map to the files static hosts serve at them.
    #[test]
    fn pages_are_written_where_static_hosts_look() {
        assert_eq!(file_for("/"), PathBuf::from("index.html"));
        assert_eq!(file_for("/about"), PathBuf::from("about.html"));
        assert_eq!(file_for("/blog/page/2"), PathBuf::from("blog/page/2.html"));
        assert_eq!(file_for("/feed.xml"), PathBuf::from("feed.xml"));
        assert_eq!(
            file_for("/static/css/site.1a2b3c4d.css"),
            PathBuf::from("static/css/site.1a2b3c4d.css")
        );
    }

    /// A folder with someone else's files in it is never emptied.
    #[test]
    fn refuses_folders_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("thesis.docx"), "years of work").unwrap();
        assert!(matches!(
            prepare_folder(dir.path()),
            Err(ExportError::NotOurs(_))
        ));
        assert!(dir.path().join("thesis.docx").exists());

        std::fs::remove_file(dir.path().join("thesis.docx")).unwrap();
        std::fs::write(dir.path().join(MARKER), "").unwrap();
        std::fs::write(dir.path().join("old.html"), "stale").unwrap();
        prepare_folder(dir.path()).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
