//! Internal links in bodies must lead to a page of the site or a file of
//! `static/`. Every address the site answers comes from [`crate::urls`], so
//! the checker knows exactly what the router serves: the fixed addresses
//! (home, blog, team, search, feed, sitemap…), each post, tag, therapist,
//! service and page, and the pages of the blog's list that exist.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use super::ContentError;
use super::front_matter;
use super::model::Site;
use crate::urls::{self, Paths};

/// Every address of `site` that a link may lead to, besides static files.
pub(super) fn known_addresses(site: &Site) -> HashSet<String> {
    let paths = Paths::root();
    let mut known: HashSet<String> = paths.fixed().into_iter().collect();
    known.insert(paths.consultation_thanks());
    let published = site.posts.iter().filter(|post| !post.draft).count();
    known.extend(paths.blog_pages(published));
    known.extend(site.posts.iter().map(|post| paths.post(&post.slug)));
    known.extend(site.tags.iter().map(|tag| paths.tag(&tag.tag.slug)));
    known.extend(
        site.therapists
            .iter()
            .map(|therapist| paths.therapist(&therapist.slug)),
    );
    known.extend(
        site.services
            .iter()
            .map(|service| paths.service(&service.slug)),
    );
    known.extend(site.pages.iter().map(|page| paths.page(&page.slug)));
    known
}

/// The links in `found` that lead nowhere, each at its place, with the
/// nearest real address when one is close enough to be a typo.
pub(super) fn broken_links(
    site: &Site,
    found: Vec<(ContentError, String)>,
    static_files: &Path,
) -> Vec<BrokenLink> {
    if found.is_empty() {
        return Vec::new();
    }
    let known = known_addresses(site);
    let mut known_list: Vec<&str> = known.iter().map(String::as_str).collect();
    // The same suggestion whatever order the set is in.
    known_list.sort_unstable();
    let mut broken = Vec::new();
    for (at, url) in found {
        let path = url.split(['#', '?']).next().unwrap_or_default();
        let trimmed = if path.len() > 1 {
            path.trim_end_matches('/')
        } else {
            path
        };
        let (exists, other_case) = match urls::static_relative(trimmed) {
            Some(_) => match find_static(static_files, trimmed) {
                StaticFile::Found(_) => (true, None),
                StaticFile::OtherCase(address) => (false, Some(address)),
                StaticFile::Missing => (false, None),
            },
            None => (known.contains(trimmed), None),
        };
        if !exists {
            let message = match (other_case, front_matter::closest(trimmed, &known_list)) {
                (Some(best), _) => format!(
                    "the link \"{url}\" leads nowhere; did you mean \"{best}\"? Capitals matter in file names"
                ),
                (None, Some(best)) => {
                    format!("the link \"{url}\" leads nowhere; did you mean \"{best}\"?")
                }
                (None, None) => format!("the link \"{url}\" leads nowhere on this site"),
            };
            broken.push(BrokenLink {
                problem: ContentError { message, ..at },
                address: trimmed.to_owned(),
                url,
            });
        }
    }
    broken
}

/// A link that leads nowhere.
pub(super) struct BrokenLink {
    /// The error, at the link's place.
    pub(super) problem: ContentError,
    /// The link as written.
    pub(super) url: String,
    /// The address it leads to, without `#part`, `?query` or a trailing slash.
    pub(super) address: String,
}

/// What a static address names.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum StaticFile {
    /// The file, named exactly so.
    Found(PathBuf),
    /// A file whose name differs only in capitals, by the address to write.
    OtherCase(String),
    Missing,
}

/// The file of `static_files` that `address` names. Each part of the
/// name is compared exactly, also on a Mac or Windows computer that does
/// not mind capitals: the server does, and `Candle.JPG` linked as
/// `candle.jpg` works on the editor's computer but not on the site. A path
/// that climbs out of the folder (`..`) names nothing the server shows.
pub(super) fn find_static(static_files: &Path, address: &str) -> StaticFile {
    let Some(relative) = urls::static_relative(address) else {
        return StaticFile::Missing;
    };
    let mut folder = static_files.to_owned();
    let mut corrected = Vec::new();
    let mut other_case = false;
    for part in Path::new(relative).components() {
        let Component::Normal(part) = part else {
            return StaticFile::Missing;
        };
        let Ok(entries) = std::fs::read_dir(&folder) else {
            return StaticFile::Missing;
        };
        let names: Vec<std::ffi::OsString> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.file_name())
            .collect();
        let name = if names.iter().any(|name| name == part) {
            part.to_owned()
        } else {
            let wanted = part.to_string_lossy().to_lowercase();
            let mut alike = names
                .iter()
                .filter(|name| name.to_string_lossy().to_lowercase() == wanted);
            match (alike.next(), alike.next()) {
                (Some(only), None) => {
                    other_case = true;
                    only.clone()
                }
                _ => return StaticFile::Missing,
            }
        };
        folder.push(&name);
        corrected.push(name.to_string_lossy().into_owned());
    }
    if !folder.is_file() {
        return StaticFile::Missing;
    }
    if other_case {
        let prefix = address.strip_suffix(relative).unwrap_or_default();
        StaticFile::OtherCase(format!("{prefix}{}", corrected.join("/")))
    } else {
        StaticFile::Found(folder)
    }
}
