//! Reading `content/`: every file is parsed and checked once, and every
//! mistake is collected, so an editor sees the whole list at once instead of
//! fixing one error per restart. A site with any error is never served.
//!
//! Split by job:
//! - [`errors`]: what a problem is ([`ContentError`], `path:line:col`) and
//!   the list `hearth check` prints ([`ContentErrors`]).
//! - `files`: what each kind of file may say, as front-matter structs.
//! - [`front_matter`]: splitting a file into fields and body, YAML errors
//!   worded for editors; `mistakes` recognises the usual slips (a colon in a
//!   title, a tab, a field out of line, curly quotes) from the text itself.
//! - `load`: a loader per kind of file (posts, therapists, services, pages,
//!   `site.yaml`).
//! - `rules`: what the law asks of a practice's site (California's license
//!   rules, the No Surprises Act, required pages, a crisis notice).
//! - `names` and `links`: what needs every file at once: file names as ASCII
//!   addresses, addresses that collide, links that lead nowhere.
//! - [`markdown`], [`model`], [`scaffold`]: bodies to HTML, the checked
//!   site as data, and `hearth new`.

pub mod errors;
mod files;
pub mod front_matter;
mod links;
mod load;
pub mod markdown;
mod mistakes;
pub mod model;
mod names;
mod rules;
pub mod scaffold;

use std::path::PathBuf;

pub use errors::{ContentError, ContentErrors, Severity};
pub use files::accepted_fields;

use self::load::Loader;
use self::model::Site;

/// Where a site's files live.
#[derive(Debug, Clone)]
pub struct Sources {
    /// `content/`: site.yaml, posts/, therapists/, services/, pages/.
    pub content: PathBuf,
    /// `static/`: images referenced from content must exist here.
    pub static_files: PathBuf,
}

/// Loads and checks the whole site, or returns every problem found when
/// any of them is an error. Warnings alone do not stop the site.
pub fn load(sources: &Sources) -> Result<Site, ContentErrors> {
    let (site, problems) = check(sources);
    if problems.error_count() == 0 {
        Ok(site)
    } else {
        Err(problems)
    }
}

/// Reads everything and returns what could be loaded with every problem,
/// errors and warnings, in file order: what `hearth check` prints.
pub fn check(sources: &Sources) -> (Site, ContentErrors) {
    let mut loader = Loader::new(sources);
    let site = loader.load();
    let mut problems = loader.errors;
    let in_file_order = |a: &ContentError, b: &ContentError| {
        (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column))
    };
    problems.sort_by(in_file_order);
    for problem in &mut problems {
        problem.knock_on.sort_by(in_file_order);
    }
    (site, ContentErrors(problems))
}
