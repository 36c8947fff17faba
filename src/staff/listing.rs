//! What `/staff/` lists: every file the editor may open, found on disk, so
//! a file the site cannot read is listed too, with its problems, and what
//! the site makes of each: live, a draft, scheduled, or not on the site.
//!
//! The content is checked afresh for the list, as `hearth check` would,
//! since the live site only ever holds content that loaded: a file broken
//! on disk since then would otherwise look fine here.

use std::path::Path;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};

use super::files::{self, FOLDERS};
use crate::content::model::Site;
use crate::content::{ContentError, Sources};

/// Which list a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Posts,
    Therapists,
    Services,
    Pages,
    /// `site.yaml` and its translations.
    Settings,
}

/// What the site makes of a file now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// On the live site.
    Live,
    /// Marked `draft: true`.
    Draft,
    /// A post whose time has not come: it appears on this day.
    Scheduled(Date),
    /// Not on the live site though not a draft itself: a translation of a
    /// draft, or an article by a therapist who is one.
    NotShown,
    /// The site cannot load with the file as it is: this many errors.
    Problems(usize),
}

/// One file of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Its place under `content/`.
    pub path: String,
    /// Its title or name, or its file name when the site cannot read it.
    pub title: String,
    /// The language code of a translation.
    pub language: Option<String>,
    pub group: Group,
    pub state: State,
    /// Its page on the live site, when it has one.
    pub live: Option<String>,
    /// A post's time, for newest first.
    pub appears: Option<DateTime>,
}

/// Every file under `sources.content` the editor may open, each group in
/// its order (posts newest first, the rest by title), with what `live`
/// (the live site at `now`) makes of it.
pub fn list(sources: &Sources, live: &Site, now: Timestamp) -> Vec<Listed> {
    let (checked, problems) = crate::content::check(sources);
    let errors_in = |absolute: &Path| {
        (problems.0.iter())
            .filter(|problem| problem.is_error() && problem.path == absolute)
            .map(|problem: &ContentError| 1 + problem.knock_on.len())
            .sum::<usize>()
    };
    let mut listed: Vec<Listed> = files_on_disk(&sources.content)
        .into_iter()
        .map(|(path, absolute)| {
            let known = known(&checked, &path);
            let live_page = crate::render::languages::page_of_source(live, &path);
            let errors = errors_in(&absolute);
            let state = match &known {
                _ if errors > 0 => State::Problems(errors),
                Some(known) if known.draft => State::Draft,
                Some(Known {
                    appears: Some(at), ..
                }) if appears_after(live, *at, now) => State::Scheduled(at.date()),
                _ if live_page.is_some() => State::Live,
                _ => State::NotShown,
            };
            Listed {
                title: (known.as_ref().map(|known| known.title.clone()))
                    .unwrap_or_else(|| path.rsplit('/').next().unwrap_or(&path).to_owned()),
                language: files::language_of(&path),
                group: group_of(&path),
                state,
                live: live_page,
                appears: known.and_then(|known| known.appears),
                path,
            }
        })
        .collect();
    listed.sort_by(|a, b| {
        (a.group.cmp(&b.group))
            .then_with(|| b.appears.cmp(&a.appears))
            .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
            .then_with(|| a.path.cmp(&b.path))
    });
    listed
}

/// The files of `content` the editor may open: their places and paths.
fn files_on_disk(content: &Path) -> Vec<(String, std::path::PathBuf)> {
    let names_in = |folder: &Path| -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| entry.file_name().into_string().ok())
            .collect();
        names.sort();
        names
    };
    let settings = names_in(content)
        .into_iter()
        .filter(|name| name.starts_with("site.") && name.ends_with(".yaml"));
    let markdown = FOLDERS.iter().flat_map(|folder| {
        names_in(&content.join(folder))
            .into_iter()
            .filter(|name| name.ends_with(".md"))
            .map(move |name| format!("{folder}/{name}"))
    });
    settings
        .chain(markdown)
        .filter_map(|path| files::editable(content, &path).ok())
        .filter(|file| file.absolute.is_file())
        .map(|file| (file.relative, file.absolute))
        .collect()
}

/// What the checked site knows of a file.
struct Known {
    title: String,
    draft: bool,
    appears: Option<DateTime>,
}

fn known(site: &Site, source: &str) -> Option<Known> {
    std::iter::once(site)
        .chain(site.translations.iter())
        .find_map(|site| {
            let post = (site.posts.iter().find(|post| post.source == source)).map(|post| Known {
                title: post.title.clone(),
                draft: post.draft,
                appears: Some(post.publish_at),
            });
            let therapist = || {
                (site.therapists.iter())
                    .find(|therapist| therapist.source == source)
                    .map(|therapist| Known {
                        title: therapist.name.clone(),
                        draft: therapist.draft,
                        appears: None,
                    })
            };
            let service = || {
                (site.services.iter())
                    .find(|service| service.source == source)
                    .map(|service| Known {
                        title: service.title.clone(),
                        draft: false,
                        appears: None,
                    })
            };
            let page = || {
                (site.pages.iter())
                    .find(|page| page.source == source)
                    .map(|page| Known {
                        title: page.title.clone(),
                        draft: page.draft,
                        appears: None,
                    })
            };
            post.or_else(therapist).or_else(service).or_else(page)
        })
        .or_else(|| {
            let settings = &site.settings;
            (source == "site.yaml").then(|| Known {
                title: settings.name.clone(),
                draft: false,
                appears: None,
            })
        })
}

fn appears_after(site: &Site, at: DateTime, now: Timestamp) -> bool {
    (site.settings.timezone.to_timestamp(at)).is_ok_and(|at| at > now)
}

fn group_of(path: &str) -> Group {
    match path.split_once('/').map(|(folder, _)| folder) {
        Some("posts") => Group::Posts,
        Some("therapists") => Group::Therapists,
        Some("services") => Group::Services,
        Some("pages") => Group::Pages,
        _ => Group::Settings,
    }
}
