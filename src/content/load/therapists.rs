//! Therapists: `therapists/slug.md`, one per clinician, with the license
//! details California asks for on every advertisement, and their fees
//! where they differ from the practice's.

use std::path::Path;

use super::payment::PaymentFields;
use super::{ImageField, Loader, Missing, modified_date};
use crate::content::ContentError;
use crate::content::errors::located;
use crate::content::files::TherapistFile;
use crate::content::front_matter::YAML_LINE_OFFSET;
use crate::content::model::{License, Service, Settings, Supervisor, Therapist};
use crate::content::rules;
use crate::content::scaffold::is_placeholder_number;
use crate::urls::Paths;

impl Loader<'_> {
    /// `settings` gives the practice's fees and the states it serves.
    pub(super) fn therapists(
        &mut self,
        services: &[Service],
        settings: &Settings,
    ) -> Vec<Therapist> {
        let service_slugs: Vec<&str> = services.iter().map(|known| known.slug.as_str()).collect();
        let mut therapists = Vec::new();
        for (path, stem) in self.markdown_files("therapists") {
            if let Some(therapist) = self.therapist(&path, &stem, &service_slugs, settings) {
                therapists.push(therapist);
            }
        }
        therapists.sort_by(|a, b| (a.order, &a.name).cmp(&(b.order, &b.name)));
        therapists
    }

    fn therapist(
        &mut self,
        path: &Path,
        stem: &str,
        service_slugs: &[&str],
        settings: &Settings,
    ) -> Option<Therapist> {
        let slug = self.name_to_slug(path, "", stem);
        let address = Paths::root().therapist(&slug);
        self.claim(address.clone(), path);
        let parsed = self.parse_referenced::<TherapistFile>(path, address.clone())?;
        let fields = parsed.fields;
        for service in &fields.services {
            if !service_slugs.contains(&service.value.as_str()) {
                let missing = Missing {
                    what: "service",
                    wrong: &service.value,
                    known: service_slugs,
                    address: Some(Paths::root().service(&service.value)),
                };
                self.unknown_reference(path, service.referenced, YAML_LINE_OFFSET, missing);
            }
        }
        let (licenses, problems) = rules::given_licenses(path, fields.license, fields.licenses);
        self.errors.extend(problems);
        if licenses.is_empty() {
            // The therapist is left out below: this is why.
            self.last_error_is_cause(address, path);
        }
        for license in &licenses {
            self.errors.extend(rules::license_problems(
                path,
                license,
                fields.supervisor.is_some(),
            ));
            if !fields.draft && is_placeholder_number(&license.value.number) {
                self.errors.push(
                    located(path, license.referenced, YAML_LINE_OFFSET, format!(
                        "the license number \"{}\" is the placeholder from hearth new: write the real number",
                        license.value.number
                    ))
                    .hinted("California requires the license type and number wherever a therapist is advertised; keep the file a draft (draft: true) until it is known"),
                );
            }
        }
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
        let payment = PaymentFields {
            fees: fields.fees,
            sliding_scale: fields.sliding_scale,
            superbills: fields.superbills,
            insurance: fields.insurance,
        };
        let payment = self.payment(path, YAML_LINE_OFFSET, payment, &settings.payment);
        let licenses: Vec<License> = (licenses.into_iter())
            .map(|license| License {
                kind: license.value.kind,
                number: license.value.number,
                state: license.value.state,
            })
            .collect();
        // Without a license there is nothing to advertise them under: the
        // error above says so, and they are left out.
        if licenses.is_empty() {
            return None;
        }
        self.placeholders(path, &parsed.body, parsed.body_line, fields.draft);
        let mut serves: Vec<&'static str> = (settings.states.iter())
            .copied()
            .filter(|state| licenses.iter().any(|license| license.state == *state))
            .collect();
        serves.sort_by_key(|state| licenses.iter().position(|license| license.state == *state));
        Some(Therapist {
            source: self.source_of(path),
            key: slug.clone(),
            slug,
            name: fields.name,
            pronouns: fields
                .pronouns
                .filter(|pronouns| !pronouns.trim().is_empty()),
            credentials: fields.credentials,
            title: fields.title,
            licenses,
            serves,
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
            payment,
            order: fields.order,
            bio: self.body(path, &parsed.body, parsed.body_line),
            draft: fields.draft,
            modified: modified_date(path),
            updated: fields.updated,
        })
    }
}
