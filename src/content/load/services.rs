//! Services: `services/slug.md`, what the practice offers, each with its page.

use super::{Loader, modified_date};
use crate::content::files::ServiceFile;
use crate::content::markdown::smarten;
use crate::content::model::Service;
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
                summary: smarten(&fields.summary),
                order: fields.order,
                body: self.body(&path, &parsed.body, parsed.body_line),
                modified: modified_date(&path),
                updated: fields.updated,
            });
        }
        services.sort_by(|a, b| (a.order, &a.title).cmp(&(b.order, &b.title)));
        services
    }
}
