//! Therapists: `therapists/slug.md`, one per clinician, with the license
//! details California asks for on every advertisement.

use std::path::Path;

use super::{ImageField, Loader, Missing, modified_date};
use crate::content::ContentError;
use crate::content::files::TherapistFile;
use crate::content::front_matter::YAML_LINE_OFFSET;
use crate::content::model::{License, Service, Supervisor, Therapist};
use crate::content::rules;
use crate::urls::Paths;

impl Loader<'_> {
    pub(super) fn therapists(&mut self, services: &[Service]) -> Vec<Therapist> {
        let service_slugs: Vec<&str> = services.iter().map(|known| known.slug.as_str()).collect();
        let mut therapists = Vec::new();
        for (path, stem) in self.markdown_files("therapists") {
            if let Some(therapist) = self.therapist(&path, &stem, &service_slugs) {
                therapists.push(therapist);
            }
        }
        therapists.sort_by(|a, b| (a.order, &a.name).cmp(&(b.order, &b.name)));
        therapists
    }

    fn therapist(&mut self, path: &Path, stem: &str, service_slugs: &[&str]) -> Option<Therapist> {
        let slug = self.name_to_slug(path, "", stem);
        self.claim(Paths::root().therapist(&slug), path);
        let parsed = self.parse::<TherapistFile>(path)?;
        let fields = parsed.fields;
        for service in &fields.services {
            if !service_slugs.contains(&service.value.as_str()) {
                let missing = Missing {
                    what: "service",
                    wrong: &service.value,
                    known: service_slugs,
                };
                self.unknown_reference(path, service.referenced, YAML_LINE_OFFSET, missing);
            }
        }
        self.errors.extend(rules::license_problems(
            path,
            &fields.license,
            fields.supervisor.is_some(),
        ));
        if fields.formats.is_empty() {
            self.errors.push(ContentError::new(
                path,
                1,
                "\"formats\" must list in_person, online, or both",
            ));
        }
        let photo = ImageField {
            name: "photo",
            src: fields.photo,
            alt: fields.photo_alt,
        };
        let photo = self.image(path, photo, YAML_LINE_OFFSET);
        let license = fields.license.value;
        Some(Therapist {
            key: slug.clone(),
            slug,
            name: fields.name,
            pronouns: fields
                .pronouns
                .filter(|pronouns| !pronouns.trim().is_empty()),
            credentials: fields.credentials,
            title: fields.title,
            license: License {
                kind: license.kind,
                number: license.number,
                state: license.state,
            },
            supervisor: fields.supervisor.map(|supervisor| Supervisor {
                name: supervisor.name,
                license: supervisor.license,
            }),
            photo,
            specialties: fields.specialties,
            services: fields
                .services
                .into_iter()
                .map(|service| service.value)
                .collect(),
            approaches: fields.approaches,
            languages: fields.languages,
            formats: fields.formats,
            accepting_new_clients: fields.accepting_new_clients,
            order: fields.order,
            bio: self.body(path, &parsed.body, parsed.body_line),
            draft: fields.draft,
            modified: modified_date(path),
            updated: fields.updated,
        })
    }
}
