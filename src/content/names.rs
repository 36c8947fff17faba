//! File names become web addresses (`therapists/elena-marquez.md` is shown
//! at `/therapists/elena-marquez`), so they are checked as addresses: ASCII
//! slugs only, because browsers, static hosts and sitemaps each encode
//! "Márquez" their own way; never one of the site's own addresses; and never
//! the address of another file.
//!
//! A name that is not its slug is refused with the name to use, rather than
//! accepted with a slug derived from it: the file name is what editors see
//! and link to, so it should read the same as the address.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::{Path, PathBuf};

use super::ContentError;
use crate::urls;

/// The slug a content file's name makes, and what is wrong with the name,
/// if anything. `stem` is the name without `.md` and without `prefix`, the
/// part before the slug (a post's `2026-01-05-`), kept in the name to use.
pub(super) fn slug_from_name(
    path: &Path,
    prefix: &str,
    stem: &str,
) -> (String, Option<ContentError>) {
    if urls::is_slug(stem) {
        return (stem.to_owned(), None);
    }
    let hint = "file names are web addresses: lowercase letters a to z, digits and dashes, with accents left off";
    match urls::slugify(stem) {
        Some(slug) => {
            let problem = ContentError::new(
                path,
                1,
                format!("this file name cannot be a web address: rename it to {prefix}{slug}.md"),
            )
            .hinted(hint);
            (slug, Some(problem))
        }
        None => {
            let problem = ContentError::new(
                path,
                1,
                "this file name has no letters or digits to make a web address of: rename it after what the file is about",
            )
            .hinted(hint);
            (stem.to_owned(), Some(problem))
        }
    }
}

/// A page whose name is one of the site's own addresses would never be
/// shown: the site answers there itself.
pub(super) fn reserved_page(path: &Path, slug: &str) -> Option<ContentError> {
    urls::is_reserved_page_slug(slug).then(|| {
        ContentError::new(
            path,
            1,
            format!("\"{slug}\" is already an address of the site itself: give this page another file name"),
        )
        .hinted(format!(
            "these names are taken: {}",
            urls::reserved_page_slugs().join(", ")
        ))
    })
}

/// Which file has claimed each address so far.
pub(super) struct Claims {
    /// The content folder, so messages name files as editors see them.
    root: PathBuf,
    /// Each address and the first file that made it.
    by_address: HashMap<String, PathBuf>,
}

impl Claims {
    pub(super) fn new(root: &Path) -> Self {
        Claims {
            root: root.to_owned(),
            by_address: HashMap::new(),
        }
    }

    /// Claims `address` for the file at `path`. A second file making the
    /// same address gets one error that names both files.
    pub(super) fn claim(&mut self, address: String, path: &Path) -> Option<ContentError> {
        match self.by_address.entry(address) {
            Entry::Vacant(free) => {
                free.insert(path.to_owned());
                None
            }
            Entry::Occupied(taken) => {
                let first = taken.get();
                let shown = first.strip_prefix(&self.root).unwrap_or(first);
                Some(
                    ContentError::new(
                        path,
                        1,
                        format!(
                            "this file and {} both make the web address {}",
                            shown.display(),
                            taken.key()
                        ),
                    )
                    .hinted("rename one of them: each file needs an address of its own"),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Accented names are refused with the name to use; ASCII slugs pass.
    #[test]
    fn names_must_be_their_slug() {
        let path = Path::new("therapists/elena-márquez.md");
        let (slug, problem) = slug_from_name(path, "", "elena-márquez");
        assert_eq!(slug, "elena-marquez");
        let message = problem.unwrap().message;
        assert!(
            message.ends_with("rename it to elena-marquez.md"),
            "{message}"
        );
        assert_eq!(slug_from_name(path, "", "elena-marquez").1, None);
        let (_, problem) = slug_from_name(Path::new("p.md"), "2026-01-05-", "Pérdida");
        assert!(
            problem
                .unwrap()
                .message
                .ends_with("rename it to 2026-01-05-perdida.md")
        );
        assert!(slug_from_name(Path::new("p.md"), "", "…").1.is_some());
    }

    /// The second file to make an address is told the first one's name.
    #[test]
    fn collisions_name_both_files() {
        let mut claims = Claims::new(Path::new("content"));
        let first = Path::new("content/pages/Fees.md");
        let second = Path::new("content/pages/fees.md");
        assert_eq!(claims.claim("/fees".into(), first), None);
        let problem = claims.claim("/fees".into(), second).unwrap();
        assert_eq!(problem.path, second);
        assert!(
            problem.message.contains("pages/Fees.md") && problem.message.contains("/fees"),
            "{}",
            problem.message
        );
    }
}
