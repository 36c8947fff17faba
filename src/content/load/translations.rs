//! Translations: `NAME.LANG.md` beside `NAME.md`, and `site.LANG.yaml`
//! beside `site.yaml`, named as Zola and Hugo name them, so staff see the
//! two languages of a page side by side in the folder.
//!
//! A translation carries the words (title, summary, tags, body, its own
//! address); everything that is not words (dates, the author, licenses, fees, a
//! photo, formats) comes from the original. A translation may leave those
//! out, and one that writes them differently is an error: the two languages
//! can never disagree about a fact. One the original has been updated
//! since is a warning naming both files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_saphyr::Spanned;

use super::Loader;
use crate::content::ContentError;
use crate::content::errors::located;
use crate::content::files::{
    FromOriginal, PageTranslationFile, PostTranslationFile, ServiceTranslationFile,
    SiteTranslationFile, TherapistTranslationFile,
};
use crate::content::front_matter::{self, YAML_LINE_OFFSET};
use crate::content::markdown::smarten;
use crate::content::model::{Page, Post, Service, Settings, Site, Therapist, index_tags};
use crate::content::names;
use crate::i18n::Language;
use crate::urls::{self, Paths};

/// A translation file found while listing a folder.
pub(super) struct Source {
    /// The content folder it is in: `posts`, `therapists`, `services` or `pages`.
    folder: String,
    path: PathBuf,
    /// The original's file name without `.md`.
    original: String,
    language: Language,
}

/// The original's front matter as written, to compare a translation's
/// values that must be the same.
type Written = BTreeMap<String, serde_json::Value>;

impl Loader<'_> {
    /// Whether the file named `stem` (without `.md`) is a translation:
    /// `Some(Some(_))` into one of the site's languages, `Some(None)` when
    /// it is named like one but cannot be used (reported here), `None` for
    /// an original.
    pub(super) fn translation_source(
        &mut self,
        folder: &str,
        path: &Path,
        stem: &str,
    ) -> Option<Option<Source>> {
        let (original, code) = stem.rsplit_once('.')?;
        let language = Language::parse(code).ok()?;
        // A three-letter ending is a language only when the site lists it:
        // `robots.txt.md` is a page named after an address, not Hearth's
        // "txt" translation.
        let listed = self.languages.contains(&language) || self.is_default_language(&language);
        if code.len() > 2 && !listed {
            return None;
        }
        if self.languages.contains(&language) {
            return Some(Some(Source {
                folder: folder.to_owned(),
                path: path.to_owned(),
                original: original.to_owned(),
                language,
            }));
        }
        let problem = if self.is_default_language(&language) {
            ContentError::new(
                path,
                1,
                format!("`{code}` is the site's first language, so this file is not a translation and is not shown"),
            )
            .hinted(format!("name it {original}.md"))
        } else {
            ContentError::new(
                path,
                1,
                format!("this is named as a translation into `{code}`, which `languages` in site.yaml does not list, so it is not shown"),
            )
            .hinted(format!("add `{code}` to `languages` in site.yaml, or rename the file"))
            .as_warning()
        };
        self.errors.push(problem);
        Some(None)
    }

    /// The first language's files are named without one.
    fn is_default_language(&self, language: &Language) -> bool {
        self.default_language.as_ref() == Some(language)
    }

    /// The site in each further language: only what has a translation.
    pub(super) fn translations(&mut self, original: &Site) -> Vec<Site> {
        let sources = std::mem::take(&mut self.translation_files);
        let languages = self.languages.clone();
        languages
            .iter()
            .map(|language| {
                let own: Vec<&Source> = (sources.iter())
                    .filter(|source| source.language == *language)
                    .collect();
                self.edition(original, language, &own)
            })
            .collect()
    }

    fn edition(&mut self, original: &Site, language: &Language, sources: &[&Source]) -> Site {
        let paths = Paths::translated(language);
        let in_folder =
            |folder: &'static str| sources.iter().filter(move |source| source.folder == folder);
        let mut posts: Vec<(usize, Post)> = Vec::new();
        for source in in_folder("posts") {
            posts.extend(self.translated_post(original, &paths, source));
        }
        // The original's order: newest first.
        posts.sort_by_key(|(index, _)| *index);
        let posts: Vec<Post> = posts.into_iter().map(|(_, post)| post).collect();
        let mut therapists = Vec::new();
        for source in in_folder("therapists") {
            therapists.extend(self.translated_therapist(original, &paths, source));
        }
        therapists.sort_by_key(|therapist: &Therapist| {
            (original.therapists.iter()).position(|first| first.key == therapist.key)
        });
        let mut services = Vec::new();
        for source in in_folder("services") {
            services.extend(self.translated_service(original, &paths, source));
        }
        services.sort_by_key(|service: &Service| {
            (original.services.iter()).position(|first| first.key == service.key)
        });
        let mut pages = Vec::new();
        for source in in_folder("pages") {
            pages.extend(self.translated_page(original, &paths, source));
        }
        Site {
            settings: self.translated_settings(&original.settings, language),
            tags: index_tags(&posts),
            posts,
            therapists,
            services,
            pages,
            translations: Vec::new(),
        }
    }

    /// The original's settings with the words of `site.LANG.yaml`, when
    /// there is one, and this language's catalog first.
    fn translated_settings(&mut self, original: &Settings, language: &Language) -> Settings {
        let mut settings = original.clone();
        settings
            .catalogs
            .sort_by_key(|catalog| catalog.language() != language);
        let path = self.sources.content.join(format!("site.{language}.yaml"));
        if !path.exists() {
            return settings;
        }
        let Some(text) = self.read(&path) else {
            return settings;
        };
        let file: SiteTranslationFile = match front_matter::from_yaml(&path, &text, 0) {
            Ok(file) => file,
            Err(error) => {
                self.errors.push(error);
                return settings;
            }
        };
        if let Some(tagline) = file.tagline {
            settings.tagline = tagline;
        }
        if let Some(description) = file.description {
            settings.description = description;
        }
        if let Some(crisis) = file.crisis {
            settings.crisis = crisis.trim().to_owned();
        }
        settings
    }

    /// The original `source` translates, by its key, with its front matter
    /// as written; an error when there is none.
    fn original_of<'s, T>(
        &mut self,
        source: &Source,
        key_of: impl Fn(&str) -> String,
        items: &'s [T],
        item_key: impl Fn(&T) -> &str,
    ) -> Option<(usize, &'s T, PathBuf, Written)> {
        let key = key_of(&source.original);
        let found = items.iter().position(|item| item_key(item) == key);
        let original_path = (self.sources.content)
            .join(&source.folder)
            .join(format!("{}.md", source.original));
        let Some(index) = found.filter(|_| original_path.exists()) else {
            let knock_on = ContentError::new(&source.path, 1, "its translation");
            if self.fold_into_cause(|cause| cause.file == original_path, knock_on) {
                return None;
            }
            let known: Vec<&str> = items.iter().map(&item_key).collect();
            let mut problem = ContentError::new(
                &source.path,
                1,
                format!(
                    "this translates {}/{}.md, which does not exist",
                    source.folder, source.original
                ),
            );
            if let Some(best) = front_matter::closest(&key, &known) {
                problem = problem.hinted(format!("did you mean a translation of \"{best}\"?"));
            }
            self.errors.push(problem);
            return None;
        };
        let written = self
            .read(&original_path)
            .and_then(|text| front_matter::parse::<Written>(&original_path, &text).ok())
            .map(|parsed| parsed.fields)
            .unwrap_or_default();
        Some((index, &items[index], original_path, written))
    }

    /// Errors for each value a translation writes that is not the original's.
    fn same_as_original(
        &mut self,
        path: &Path,
        original_path: &Path,
        written: &Written,
        fields: &[(&str, &FromOriginal)],
    ) {
        let shown = self.shown(original_path);
        for (name, value) in fields {
            let Some(value) = value else { continue };
            if written.get(*name) != Some(&value.value) {
                self.errors.push(
                    located(path, value.referenced, YAML_LINE_OFFSET, format!(
                        "`{name}` is not the same as in {shown}: a translation takes it from the original"
                    ))
                    .hinted(format!("delete `{name}` here, or change it in {shown} too")),
                );
            }
        }
    }

    /// A file's path as editors see it, under the content folder.
    fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.sources.content)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    /// A translation's own address: its `slug`, checked as an address, or
    /// the original's.
    fn translated_slug(
        &mut self,
        path: &Path,
        slug: Option<Spanned<String>>,
        original: &str,
    ) -> String {
        let Some(slug) = slug else {
            return original.to_owned();
        };
        if urls::is_slug(&slug.value) {
            return slug.value;
        }
        let suggestion = urls::slugify(&slug.value);
        let mut problem = located(
            path,
            slug.referenced,
            YAML_LINE_OFFSET,
            format!("\"{}\" cannot be a web address", slug.value),
        );
        problem = match &suggestion {
            Some(suggestion) => problem.hinted(format!(
                "addresses are lowercase letters a to z, digits and dashes: write \"{suggestion}\""
            )),
            None => problem.hinted("addresses are lowercase letters a to z, digits and dashes"),
        };
        self.errors.push(problem);
        suggestion.unwrap_or_else(|| original.to_owned())
    }

    fn translated_post(
        &mut self,
        original: &Site,
        paths: &Paths,
        source: &Source,
    ) -> Option<(usize, Post)> {
        let key_of = |stem: &str| {
            let (_, name) = super::posts::split_dated_name(stem);
            names::slug_from_name(Path::new(""), "", name).0
        };
        let (index, first, original_path, written) =
            self.original_of(source, key_of, &original.posts, |post| &post.key)?;
        let path = &source.path;
        let parsed = self.parse::<PostTranslationFile>(path)?;
        let fields = parsed.fields;
        self.same_as_original(
            path,
            &original_path,
            &written,
            &[
                ("date", &fields.date),
                ("author", &fields.author),
                ("image", &fields.image),
                ("reviewed_by", &fields.reviewed_by),
                ("reviewed_on", &fields.reviewed_on),
            ],
        );
        let slug = self.translated_slug(path, fields.slug, &first.slug);
        self.claim(paths.post(&slug), path);
        let body = self.body(path, &parsed.body, parsed.body_line);
        let updated = fields.updated;
        // A post's translation written before any revision was as new as
        // the post itself.
        let brought_up_to = updated.or(Some(first.date));
        self.out_of_date(path, &original_path, first.updated, brought_up_to);
        let mut post = first.clone();
        post.source = self.source_of(path);
        let tags = fields.tags.map(|tags| self.tags(path, tags));
        post.slug = slug;
        post.title = self.title(path, &fields.title);
        post.tags = tags.unwrap_or(post.tags);
        post.summary = (fields.summary)
            .filter(|summary| !summary.value.trim().is_empty())
            .map_or_else(
                || body.first_paragraph.clone(),
                |summary| smarten(&summary.value),
            );
        if let (Some(image), Some(alt)) = (&mut post.image, fields.image_alt) {
            image.alt = alt;
        }
        post.updated = updated.or(post.updated);
        post.draft = fields.draft;
        post.body = Arc::new(body);
        Some((index, post))
    }

    fn translated_therapist(
        &mut self,
        original: &Site,
        paths: &Paths,
        source: &Source,
    ) -> Option<Therapist> {
        let key_of = |stem: &str| names::slug_from_name(Path::new(""), "", stem).0;
        let (_, first, original_path, written) =
            self.original_of(source, key_of, &original.therapists, |therapist| {
                &therapist.key
            })?;
        let path = &source.path;
        let parsed = self.parse::<TherapistTranslationFile>(path)?;
        let fields = parsed.fields;
        self.same_as_original(
            path,
            &original_path,
            &written,
            &[
                ("name", &fields.name),
                ("pronouns", &fields.pronouns),
                ("credentials", &fields.credentials),
                ("license", &fields.license),
                ("licenses", &fields.licenses),
                ("supervisor", &fields.supervisor),
                ("photo", &fields.photo),
                ("services", &fields.services),
                ("languages", &fields.languages),
                ("formats", &fields.formats),
                ("accepting_new_clients", &fields.accepting_new_clients),
                ("order", &fields.order),
                ("fees", &fields.fees),
                ("sliding_scale", &fields.sliding_scale),
                ("superbills", &fields.superbills),
                ("insurance", &fields.insurance),
            ],
        );
        self.claim(paths.therapist(&first.slug), path);
        let mut therapist = first.clone();
        therapist.source = self.source_of(path);
        therapist.title = fields.title;
        therapist.specialties = fields.specialties.unwrap_or(therapist.specialties);
        therapist.approaches = fields.approaches.unwrap_or(therapist.approaches);
        if let (Some(photo), Some(alt)) = (&mut therapist.photo, fields.photo_alt) {
            photo.alt = alt;
        }
        therapist.draft = fields.draft;
        therapist.bio = self.body(path, &parsed.body, parsed.body_line);
        self.out_of_date(path, &original_path, first.updated, fields.updated);
        therapist.updated = fields.updated.or(therapist.updated);
        Some(therapist)
    }

    fn translated_service(
        &mut self,
        original: &Site,
        paths: &Paths,
        source: &Source,
    ) -> Option<Service> {
        let key_of = |stem: &str| names::slug_from_name(Path::new(""), "", stem).0;
        let (_, first, original_path, written) =
            self.original_of(source, key_of, &original.services, |service| &service.key)?;
        let path = &source.path;
        let parsed = self.parse::<ServiceTranslationFile>(path)?;
        let fields = parsed.fields;
        self.same_as_original(path, &original_path, &written, &[("order", &fields.order)]);
        let slug = self.translated_slug(path, fields.slug, &first.slug);
        self.claim(paths.service(&slug), path);
        let mut service = first.clone();
        service.source = self.source_of(path);
        service.slug = slug;
        service.title = self.title(path, &fields.title);
        service.summary = smarten(&fields.summary);
        service.body = self.body(path, &parsed.body, parsed.body_line);
        service.modified = super::modified_date(path);
        self.out_of_date(path, &original_path, first.updated, fields.updated);
        service.updated = fields.updated.or(service.updated);
        Some(service)
    }

    fn translated_page(&mut self, original: &Site, paths: &Paths, source: &Source) -> Option<Page> {
        let key_of = |stem: &str| names::slug_from_name(Path::new(""), "", stem).0;
        let (_, first, original_path, _) =
            self.original_of(source, key_of, &original.pages, |page| &page.key)?;
        let path = &source.path;
        let parsed = self.parse::<PageTranslationFile>(path)?;
        let fields = parsed.fields;
        let slug = self.translated_slug(path, fields.slug, &first.slug);
        if let Some(reserved) = names::reserved_page(path, &slug) {
            self.errors.push(reserved);
        }
        self.claim(paths.page(&slug), path);
        let body = self.body(path, &parsed.body, parsed.body_line);
        let mut page = first.clone();
        page.source = self.source_of(path);
        page.slug = slug;
        page.title = self.title(path, &fields.title);
        page.summary = (fields.summary)
            .filter(|summary| !summary.trim().is_empty())
            .map_or_else(|| body.first_paragraph.clone(), |summary| smarten(&summary));
        page.draft = fields.draft;
        page.modified = super::modified_date(path);
        page.body = body;
        self.out_of_date(path, &original_path, first.updated, fields.updated);
        page.updated = fields.updated.or(page.updated);
        Some(page)
    }

    /// Warns that the translation at `path` may be out of date when its
    /// original was updated after the date it was brought up to (`None`:
    /// never said).
    fn out_of_date(
        &mut self,
        path: &Path,
        original_path: &Path,
        original_updated: Option<jiff::civil::Date>,
        brought_up_to: Option<jiff::civil::Date>,
    ) {
        let Some(original_updated) = original_updated else {
            return;
        };
        if brought_up_to.is_some_and(|date| date >= original_updated) {
            return;
        }
        let shown = self.shown(original_path);
        let since = brought_up_to.map_or_else(
            || "this translation does not say when it was brought up to date".to_owned(),
            |date| format!("after this translation ({date})"),
        );
        self.errors.push(
            ContentError::new(
                path,
                1,
                format!(
                    "this translation may be out of date: {shown} was updated on {original_updated}, {since}"
                ),
            )
            .hinted(format!(
                "bring it up to date with {shown}, then write `updated: {original_updated}` here"
            ))
            .as_warning(),
        );
    }
}
