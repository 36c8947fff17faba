//! Pages: `pages/slug.md`, free-standing pages at the top level of the site
//! (`/fees`), so a page's name must not be one of the site's own addresses.

use std::path::Path;

use super::{Loader, modified_date};
use crate::content::files::PageFile;
use crate::content::markdown::smarten;
use crate::content::model::Page;
use crate::content::{names, rules};
use crate::urls::Paths;

impl Loader<'_> {
    pub(super) fn pages(&mut self) -> Vec<Page> {
        let mut pages = Vec::new();
        // Every page file's slug, read or not, so a page that fails to parse
        // is not also reported as missing.
        let mut present = Vec::new();
        for (path, stem) in self.markdown_files("pages") {
            let slug = self.page_slug(&path, &stem);
            let address = Paths::root().page(&slug);
            self.claim(address.clone(), &path);
            present.push(slug.clone());
            let Some(parsed) = self.parse_referenced::<PageFile>(&path, address) else {
                continue;
            };
            let body = self.body(&path, &parsed.body, parsed.body_line);
            self.placeholders(&path, &parsed.body, parsed.body_line, parsed.fields.draft);
            pages.push(Page {
                source: self.source_of(&path),
                key: slug.clone(),
                slug,
                draft: parsed.fields.draft,
                modified: modified_date(&path),
                updated: parsed.fields.updated,
                title: self.title(&path, &parsed.fields.title),
                summary: parsed
                    .fields
                    .summary
                    .filter(|summary| !summary.trim().is_empty())
                    .map_or_else(|| body.first_paragraph.clone(), |summary| smarten(&summary)),
                body,
            });
        }
        let folder = self.sources.content.join("pages");
        self.errors.extend(rules::page_problems(&folder, &pages));
        for (slug, missing) in rules::missing_pages(&folder, &present) {
            let file = missing.path.clone();
            self.errors.push(missing);
            self.last_error_is_cause(Paths::root().page(slug), &file);
        }
        pages
    }

    /// A page's slug from its file name. A name taken by the site itself is
    /// reported instead of a rename to it: `Blog.md` is told that `blog` is
    /// taken, not to become `blog.md`.
    fn page_slug(&mut self, path: &Path, stem: &str) -> String {
        let (slug, name_problem) = names::slug_from_name(path, "", stem);
        match names::reserved_page(path, stem).or_else(|| names::reserved_page(path, &slug)) {
            Some(reserved) => self.errors.push(reserved),
            None => self.errors.extend(name_problem),
        }
        slug
    }
}
