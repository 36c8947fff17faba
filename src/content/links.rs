//! Internal links in bodies must lead to a page of the site or a file of
//! `static/`. Every address the site answers comes from [`crate::urls`], so
//! the checker knows exactly what the router serves: the fixed addresses
//! (home, blog, team, search, feed, sitemap…), each post, tag, therapist,
//! service and page, and the pages of the blog's list that exist.

use std::collections::HashSet;
use std::path::{Component, Path};

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
        let exists = match urls::static_relative(trimmed) {
            Some(_) => static_file_exists(static_files, trimmed),
            None => known.contains(trimmed),
        };
        if !exists {
            let message = match front_matter::closest(trimmed, &known_list) {
                Some(best) => format!("the link \"{url}\" leads nowhere; did you mean \"{best}\"?"),
                None => format!("the link \"{url}\" leads nowhere on this site"),
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

/// Whether the static address `address` names a file inside `static_files`:
/// a path that climbs out of the folder (`..`) names nothing the server shows.
pub(super) fn static_file_exists(static_files: &Path, address: &str) -> bool {
    let Some(relative) = urls::static_relative(address) else {
        return false;
    };
    let relative = Path::new(relative);
    relative
        .components()
        .all(|part| matches!(part, Component::Normal(_)))
        && static_files.join(relative).is_file()
}
