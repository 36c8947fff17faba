//! Services: `services/slug.md`, what the practice offers, each with its page.

use serde_saphyr::Spanned;

use super::{Loader, located, modified_date};
use crate::content::files::ServiceFile;
use crate::content::front_matter::YAML_LINE_OFFSET;
use crate::content::markdown::smarten;
use crate::content::model::Service;
use crate::content::scaffold::SERVICE_SUMMARY_PLACEHOLDER;
use crate::urls::Paths;

impl Loader<'_> {
    pub(super) fn services(&mut self) -> Vec<Service> {
        let mut services = Vec::new();
        for (path, stem) in self.markdown_files("services") {
            let slug = self.name_to_slug(&path, "", &stem);
            let address = Paths::root().service(&slug);
            self.claim(address.clone(), &path);
            let Some(parsed) = self.parse_referenced::<ServiceFile>(&path, address) else {
                continue;
            };
            let fields = parsed.fields;
            services.push(Service {
                source: self.source_of(&path),
                key: slug.clone(),
                slug,
                title: self.title(&path, &fields.title),
                summary: smarten(&self.service_summary(&path, &fields.summary)),
                order: fields.order,
                body: {
                    // Services have no drafts: a scaffold's words must go
                    // before the file can be published.
                    self.placeholders(&path, &parsed.body, parsed.body_line, false);
                    self.body(&path, &parsed.body, parsed.body_line)
                },
                modified: modified_date(&path),
                updated: fields.updated,
            });
        }
        services.sort_by(|a, b| (a.order, &a.title).cmp(&(b.order, &b.title)));
        services
    }

    /// A service's summary; `hearth new`'s placeholder sentence is an
    /// error at its line, since a service is published as soon as it exists.
    fn service_summary(&mut self, path: &std::path::Path, summary: &Spanned<String>) -> String {
        if summary.value.trim() == SERVICE_SUMMARY_PLACEHOLDER {
            self.errors.push(
                located(
                    path,
                    summary.referenced,
                    YAML_LINE_OFFSET,
                    "this is the placeholder summary from hearth new: write one sentence about the service",
                )
                .hinted("it is shown on the service's card and in search results"),
            );
        }
        summary.value.clone()
    }
}
