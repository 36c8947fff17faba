//! Reading `content/`: every file is parsed and checked once, and every
//! mistake is collected, so an editor sees the whole list at once instead of
//! fixing one error per restart. A site with any error is never served.

pub mod front_matter;
pub mod markdown;
pub mod model;
pub mod scaffold;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use jiff::civil::{Date, Time, Weekday};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_saphyr::{Location, MessageFormatter, Spanned};

use self::front_matter::{Parsed, YAML_LINE_OFFSET};
use self::markdown::{ReferenceKind, slugify, smarten};
use self::model::*;

/// How serious a problem is: errors stop the site from being served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the content, located so an editor can go straight to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub path: PathBuf,
    /// 1-based.
    pub line: usize,
    /// 1-based.
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    /// One line on how to fix it, when there is more to say.
    pub hint: Option<String>,
}

impl ContentError {
    /// An error at the start of `line`.
    pub fn new(path: &Path, line: usize, message: impl Into<String>) -> Self {
        ContentError {
            path: path.to_owned(),
            line,
            column: 1,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
        }
    }

    pub fn at_column(mut self, column: usize) -> Self {
        self.column = column.max(1);
        self
    }

    pub fn hinted(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `path:line:col: error: message`, as compilers write it, so editors and
/// terminals can jump to the place; the hint goes on the next line.
impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {severity}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ContentError {}

/// Every problem found in one pass over the content, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<ContentError>);

impl ContentErrors {
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|problem| problem.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// "2 errors and 1 warning", or "no problems".
    pub fn summary(&self) -> String {
        let plural = |count: usize, word: &str| {
            format!("{count} {word}{}", if count == 1 { "" } else { "s" })
        };
        match (self.error_count(), self.warning_count()) {
            (0, 0) => "no problems".to_owned(),
            (errors, 0) => plural(errors, "error"),
            (0, warnings) => plural(warnings, "warning"),
            (errors, warnings) => format!(
                "{} and {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            ),
        }
    }
}

impl ContentErrors {
    /// What `hearth check` prints: every problem, then a verdict.
    pub fn report(&self) -> String {
        let mut report = String::new();
        for problem in &self.0 {
            report.push_str(&format!("{problem}\n"));
        }
        let verdict = if self.error_count() == 0 {
            "the content is ready"
        } else {
            "the site cannot be published until the errors are fixed"
        };
        report.push_str(&format!("{}: {verdict}\n", self.summary()));
        report
    }
}

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.0 {
            writeln!(f, "{problem}")?;
        }
        write!(f, "{} in the content", self.summary())
    }
}

impl std::error::Error for ContentErrors {}

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
    let mut loader = Loader {
        sources,
        errors: Vec::new(),
        links: Vec::new(),
    };
    let site = loader.load();
    let mut problems = loader.errors;
    problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    (site, ContentErrors(problems))
}

/// Every field each kind of content file accepts, read from the parser
/// itself (by asking it about a field that does not exist), so the guide's
/// test cannot drift from the code.
pub fn accepted_fields() -> Vec<(&'static str, Vec<String>)> {
    fn fields_of<T: DeserializeOwned>() -> Vec<String> {
        let Err(error) = serde_saphyr::from_str::<T>("hearth_probe_field: 1\n") else {
            return Vec::new();
        };
        let message = serde_saphyr::DefaultMessageFormatter.format_message(error.without_snippet());
        let expected = message
            .split_once(", expected")
            .map_or("", |(_, rest)| rest);
        front_matter::expected_names(expected)
    }
    vec![
        ("site.yaml", fields_of::<SiteFile>()),
        ("Posts", fields_of::<PostFile>()),
        ("Therapists", fields_of::<TherapistFile>()),
        ("Services", fields_of::<ServiceFile>()),
        ("Pages", fields_of::<PageFile>()),
    ]
}

use crate::search::SNIPPET_CHARS;

/// Names that cannot be page slugs because the site already uses those paths.
const RESERVED_PATHS: [&str; 8] = [
    "blog",
    "therapists",
    "services",
    "static",
    "healthz",
    "consultation",
    "feed.xml",
    "sitemap.xml",
];

struct Loader<'a> {
    sources: &'a Sources,
    errors: Vec<ContentError>,
    /// Internal links found in bodies, checked once every page is known.
    links: Vec<(ContentError, String)>,
}

impl Loader<'_> {
    fn load(&mut self) -> Site {
        let settings_path = self.sources.content.join("site.yaml");
        let settings_file = self.read(&settings_path).and_then(|text| {
            front_matter::from_yaml::<SiteFile>(&settings_path, &text, 0)
                .map_err(|error| self.errors.push(error))
                .ok()
        });

        let services = self.services();
        let pages = self.pages();
        let therapists = self.therapists(&services);
        let posts = self.posts(&therapists);
        let settings = settings_file.map(|file| self.settings(&settings_path, file, &pages));
        let tags = index_tags(&posts);

        let site = Site {
            settings: settings.unwrap_or_else(placeholder_settings),
            posts,
            therapists,
            services,
            pages,
            tags,
        };
        self.check_links(&site);
        site
    }

    /// Renders a body and checks what only the markdown shows: headings in
    /// order, images that exist and are described, links (checked later).
    fn body(&mut self, path: &Path, markdown: &str, first_line: usize) -> markdown::Rendered {
        let rendered = markdown::render(markdown);
        let place = |offset: usize| {
            // pulldown-cmark's offsets fall on characters; `get` makes sure.
            let before = markdown.get(..offset).unwrap_or(markdown);
            let line = first_line + before.matches('\n').count();
            let column = before
                .rsplit('\n')
                .next()
                .map_or(0, |text| text.chars().count())
                + 1;
            ContentError::new(path, line, String::new()).at_column(column)
        };
        let mut previous_level = 1;
        for found in &rendered.references {
            let at = place(found.offset);
            match &found.kind {
                ReferenceKind::Heading(1) => self.errors.push(ContentError {
                    message: "a heading with one # is the page title's level".to_owned(),
                    hint: Some("start sections with ## (and sub-sections with ###)".to_owned()),
                    ..at
                }),
                ReferenceKind::Heading(level) => {
                    if *level > previous_level + 1 {
                        self.errors.push(ContentError {
                            message: format!("this heading skips from level {previous_level} to level {level}"),
                            hint: Some(format!(
                                "use {} here: screen reader users move through a page by its heading levels",
                                "#".repeat(previous_level as usize + 1)
                            )),
                            ..at
                        });
                    }
                    previous_level = *level;
                }
                ReferenceKind::Image { src, alt } => {
                    if alt.trim().is_empty() {
                        self.errors.push(ContentError {
                            message: "this image has no alt text".to_owned(),
                            hint: Some("describe it between the brackets: ![A quiet office with two chairs](/static/img/office.jpg)".to_owned()),
                            ..at.clone()
                        });
                    }
                    if let Some(relative) = src.strip_prefix("/static/")
                        && !self.sources.static_files.join(relative).is_file()
                    {
                        self.errors.push(ContentError {
                            message: format!(
                                "image \"{src}\" does not exist in {}",
                                self.sources.static_files.display()
                            ),
                            ..at
                        });
                    } else if let Some(message) = unshowable_format(src) {
                        self.errors.push(ContentError { message, ..at });
                    }
                }
                ReferenceKind::Link(url) => {
                    if url.starts_with('/') && !url.starts_with("//") {
                        self.links.push((at, url.clone()));
                    }
                }
            }
        }
        rendered
    }

    /// Internal links must lead to a page of the site or a static file.
    fn check_links(&mut self, site: &Site) {
        let mut known: HashSet<String> =
            ["/", "/blog", "/therapists", "/services", "/consultation"]
                .map(String::from)
                .into();
        known.extend(site.posts.iter().map(|post| format!("/blog/{}", post.slug)));
        known.extend(
            site.tags
                .iter()
                .map(|tag| format!("/blog/tags/{}", tag.tag.slug)),
        );
        known.extend(
            site.therapists
                .iter()
                .map(|therapist| format!("/therapists/{}", therapist.slug)),
        );
        known.extend(
            site.services
                .iter()
                .map(|service| format!("/services/{}", service.slug)),
        );
        known.extend(site.pages.iter().map(|page| format!("/{}", page.slug)));
        let known_list: Vec<&str> = known.iter().map(String::as_str).collect();
        for (at, url) in std::mem::take(&mut self.links) {
            let path = url.split(['#', '?']).next().unwrap_or("");
            let trimmed = if path.len() > 1 {
                path.trim_end_matches('/')
            } else {
                path
            };
            let exists = match trimmed.strip_prefix("/static/") {
                Some(relative) => self.sources.static_files.join(relative).is_file(),
                None => known.contains(trimmed),
            };
            if !exists {
                let message = match front_matter::closest(trimmed, &known_list) {
                    Some(best) => {
                        format!("the link \"{url}\" leads nowhere; did you mean \"{best}\"?")
                    }
                    None => format!("the link \"{url}\" leads nowhere on this site"),
                };
                self.errors.push(ContentError { message, ..at });
            }
        }
    }

    fn read(&mut self, path: &Path) -> Option<String> {
        match std::fs::read_to_string(path) {
            Ok(text) => Some(text),
            Err(error) => {
                self.errors
                    .push(ContentError::new(path, 1, format!("cannot read: {error}")));
                None
            }
        }
    }

    /// The markdown files of one content folder, sorted by name.
    fn markdown_files(&mut self, folder: &str) -> Vec<(PathBuf, String)> {
        let dir = self.sources.content.join(folder);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(error) => {
                self.errors.push(ContentError::new(
                    &dir,
                    1,
                    format!("cannot read the folder: {error}"),
                ));
                return Vec::new();
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                let name = path
                    .file_name()
                    .and_then(|name| name.to_str())
                    .unwrap_or("");
                !name.starts_with('.') && name.ends_with(".md") && path.is_file()
            })
            .collect();
        paths.sort();
        paths
            .into_iter()
            .filter_map(|path| {
                let stem = path.file_stem()?.to_str()?.to_owned();
                Some((path, stem))
            })
            .collect()
    }

    /// Reads and parses one content file, recording any error.
    fn parse<T: DeserializeOwned>(&mut self, path: &Path) -> Option<Parsed<T>> {
        let text = self.read(path)?;
        front_matter::parse(path, &text)
            .map_err(|error| self.errors.push(error))
            .ok()
    }

    /// Records an error where a front-matter value stands.
    fn error_at(&mut self, path: &Path, at: Location, message: impl Into<String>) {
        self.errors
            .push(located(path, at, YAML_LINE_OFFSET, message));
    }

    /// Records a reference to something that does not exist, suggesting
    /// the nearest name that does.
    fn unknown_reference(
        &mut self,
        path: &Path,
        at: Location,
        line_offset: usize,
        what: &str,
        wrong: &str,
        known: &[&str],
    ) {
        let message = match front_matter::closest(wrong, known) {
            Some(best) => format!("{what} \"{wrong}\" does not exist; did you mean \"{best}\"?"),
            None => format!("{what} \"{wrong}\" does not exist"),
        };
        let problem = located(path, at, line_offset, message)
            .hinted(format!("the choices are: {}", list(known.iter().copied())));
        self.errors.push(problem);
    }

    fn check_slug(&mut self, path: &Path, slug: &str) {
        if slugify(slug) != slug {
            self.errors.push(ContentError::new(
                path,
                1,
                format!(
                    "the file name makes the web address \"{slug}\": use lowercase letters, digits and dashes, e.g. \"{}\"",
                    slugify(slug)
                ),
            ));
        }
    }

    /// An optional image: a `/static/` URL to a file that exists, with alt text.
    /// An optional image: a `/static/` URL to a file that exists, with alt
    /// text. `line_offset` is where the YAML starts in its file.
    fn image(
        &mut self,
        path: &Path,
        src: Option<Spanned<String>>,
        alt: Option<String>,
        field: &str,
        line_offset: usize,
    ) -> Option<Image> {
        let src = src?;
        let at = src.referenced;
        let alt = alt.unwrap_or_default();
        if alt.trim().is_empty() {
            self.errors.push(located(path, at, line_offset, format!(
                "\"{field}\" needs \"{field}_alt\": a short description of the picture for people who cannot see it"
            )));
        }
        let problem = match src.value.strip_prefix("/static/") {
            Some(relative) if self.sources.static_files.join(relative).is_file() => {
                unshowable_format(&src.value)
            }
            Some(_) => Some(format!(
                "image \"{}\" does not exist in {}",
                src.value,
                self.sources.static_files.display()
            )),
            None => Some(format!(
                "image \"{}\" must be a path starting with /static/",
                src.value
            )),
        };
        if let Some(message) = problem {
            self.errors.push(located(path, at, line_offset, message));
        }
        Some(Image {
            src: src.value,
            alt,
        })
    }

    fn services(&mut self) -> Vec<Service> {
        let mut services = Vec::new();
        for (path, slug) in self.markdown_files("services") {
            self.check_slug(&path, &slug);
            let Some(parsed) = self.parse::<ServiceFile>(&path) else {
                continue;
            };
            let fields = parsed.fields;
            services.push(Service {
                slug,
                title: smarten(&fields.title),
                summary: smarten(&fields.summary),
                order: fields.order,
                body: self.body(&path, &parsed.body, parsed.body_line),
                modified: modified_date(&path),
            });
        }
        services.sort_by(|a, b| (a.order, &a.title).cmp(&(b.order, &b.title)));
        services
    }

    fn pages(&mut self) -> Vec<Page> {
        let mut pages = Vec::new();
        for (path, slug) in self.markdown_files("pages") {
            self.check_slug(&path, &slug);
            if RESERVED_PATHS.contains(&slug.as_str()) {
                self.errors.push(ContentError::new(
                    &path,
                    1,
                    format!("\"{slug}\" is already a section of the site: rename this page"),
                ));
            }
            let Some(parsed) = self.parse::<PageFile>(&path) else {
                continue;
            };
            let body = self.body(&path, &parsed.body, parsed.body_line);
            pages.push(Page {
                slug,
                draft: parsed.fields.draft,
                modified: modified_date(&path),
                title: smarten(&parsed.fields.title),
                summary: parsed
                    .fields
                    .summary
                    .filter(|summary| !summary.trim().is_empty())
                    .map_or_else(|| body.first_paragraph.clone(), |summary| smarten(&summary)),
                body,
            });
        }
        let folder = self.sources.content.join("pages");
        if let Some(fees) = pages.iter().find(|page| page.slug == "fees")
            && !fees
                .body
                .html
                .to_lowercase()
                .contains("good faith estimate")
        {
            let problem = ContentError::new(&folder.join("fees.md"), 1, "the fees page does not mention the Good Faith Estimate")
                .hinted("the No Surprises Act requires telling people without insurance that they can ask for a Good Faith Estimate");
            self.errors.push(problem);
        }
        for required in REQUIRED_PAGES {
            if pages.iter().any(|page| page.slug == required && page.draft) {
                self.errors.push(ContentError::new(
                    &folder.join(format!("{required}.md")),
                    1,
                    format!("the \"{required}\" page is required, so it cannot be a draft"),
                ));
            }
            if !pages.iter().any(|page| page.slug == required) {
                self.errors.push(ContentError::new(
                    &folder.join(format!("{required}.md")),
                    1,
                    format!("the \"{required}\" page is missing: every practice site needs it"),
                ));
            }
        }
        pages
    }

    fn therapists(&mut self, services: &[Service]) -> Vec<Therapist> {
        let mut therapists = Vec::new();
        for (path, slug) in self.markdown_files("therapists") {
            self.check_slug(&path, &slug);
            let Some(parsed) = self.parse::<TherapistFile>(&path) else {
                continue;
            };
            let fields = parsed.fields;
            let service_slugs: Vec<&str> =
                services.iter().map(|known| known.slug.as_str()).collect();
            for service in &fields.services {
                if !service_slugs.contains(&service.value.as_str()) {
                    self.unknown_reference(
                        &path,
                        service.referenced,
                        YAML_LINE_OFFSET,
                        "service",
                        &service.value,
                        &service_slugs,
                    );
                }
            }
            let license = fields.license.value;
            if license.number.trim().is_empty() {
                let problem = located(&path, fields.license.referenced, YAML_LINE_OFFSET, "the license number is empty")
                    .hinted("California requires the license type and number wherever a therapist is advertised");
                self.errors.push(problem);
            }
            let is_associate = ASSOCIATE_LICENSES.contains(&license.kind.as_str());
            if is_associate && fields.supervisor.is_none() {
                self.error_at(&path, fields.license.referenced,
                    format!(
                        "{} is an associate registration: add \"supervisor: {{ name: ..., license: ... }}\"",
                        license.kind
                    ),
                );
            }
            if state_name(&license.state).is_none() {
                self.error_at(
                    &path,
                    fields.license.referenced,
                    format!(
                        "license state \"{}\" is not a two-letter US state code such as CA",
                        license.state
                    ),
                );
            }
            if fields.formats.is_empty() {
                self.errors.push(ContentError::new(
                    &path,
                    1,
                    "\"formats\" must list in_person, online, or both",
                ));
            }
            let photo = self.image(
                &path,
                fields.photo,
                fields.photo_alt,
                "photo",
                YAML_LINE_OFFSET,
            );
            therapists.push(Therapist {
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
                bio: self.body(&path, &parsed.body, parsed.body_line),
                draft: fields.draft,
                modified: modified_date(&path),
            });
        }
        therapists.sort_by(|a, b| (a.order, &a.name).cmp(&(b.order, &b.name)));
        therapists
    }

    fn posts(&mut self, therapists: &[Therapist]) -> Vec<Post> {
        let mut posts: Vec<Post> = Vec::new();
        let mut seen: HashMap<String, PathBuf> = HashMap::new();
        for (path, stem) in self.markdown_files("posts") {
            let (file_date, slug) = split_dated_name(&stem);
            self.check_slug(&path, &slug);
            if let Some(first) = seen.insert(slug.clone(), path.clone()) {
                self.errors.push(ContentError::new(
                    &path,
                    1,
                    format!(
                        "another post has the web address /blog/{slug}: {}",
                        first.display()
                    ),
                ));
            }
            let Some(parsed) = self.parse::<PostFile>(&path) else {
                continue;
            };
            let mut fields = parsed.fields;
            // An empty summary, as `hearth new` writes, means "use the first paragraph".
            fields.summary = fields
                .summary
                .filter(|summary| !summary.value.trim().is_empty());
            let publish_at = fields.date.value.0;
            if let Some(file_date) = file_date
                && file_date != publish_at.date()
            {
                self.error_at(
                    &path,
                    fields.date.referenced,
                    format!(
                        "the file name says {file_date} but \"date\" is {}: make them match",
                        publish_at.date()
                    ),
                );
            }
            let review = match (fields.reviewed_by, fields.reviewed_on) {
                (Some(by), Some(on)) => Some(Review {
                    by: by.value,
                    on: on.value,
                }),
                (None, None) => None,
                (Some(by), None) => {
                    self.error_at(
                        &path,
                        by.referenced,
                        "\"reviewed_by\" needs \"reviewed_on\": the date of the review",
                    );
                    None
                }
                (None, Some(on)) => {
                    self.error_at(
                        &path,
                        on.referenced,
                        "\"reviewed_on\" needs \"reviewed_by\": who reviewed the article",
                    );
                    None
                }
            };
            let therapist_slugs: Vec<&str> = therapists
                .iter()
                .map(|therapist| therapist.slug.as_str())
                .collect();
            if !therapist_slugs.contains(&fields.author.value.as_str()) {
                self.unknown_reference(
                    &path,
                    fields.author.referenced,
                    YAML_LINE_OFFSET,
                    "therapist",
                    &fields.author.value,
                    &therapist_slugs,
                );
            }
            let mut tags: Vec<Tag> = Vec::new();
            for name in fields.tags {
                let name = name.trim().to_owned();
                let slug = crate::urls::slugify(&name).unwrap_or_else(|| slugify(&name));
                if !tags.iter().any(|tag| tag.slug == slug) {
                    tags.push(Tag { name, slug });
                }
            }
            let image = self.image(
                &path,
                fields.image,
                fields.image_alt,
                "image",
                YAML_LINE_OFFSET,
            );
            let body = self.body(&path, &parsed.body, parsed.body_line);
            let summary_length = |text: &str| text.chars().count();
            match &fields.summary {
                Some(summary) if summary_length(&summary.value) > SNIPPET_CHARS => {
                    let problem = located(&path, summary.referenced, YAML_LINE_OFFSET, format!(
                        "the summary is {} characters: search results show about {SNIPPET_CHARS}",
                        summary_length(&summary.value)
                    ))
                    .hinted("shorten it to one or two plain sentences")
                    .as_warning();
                    self.errors.push(problem);
                }
                None if summary_length(&body.first_paragraph) > SNIPPET_CHARS => {
                    let problem = ContentError::new(&path, 1, format!(
                        "there is no summary, and the first paragraph is {} characters: search results show about {SNIPPET_CHARS}",
                        summary_length(&body.first_paragraph)
                    ))
                    .hinted("add a line \"summary: ...\" of one or two sentences")
                    .as_warning();
                    self.errors.push(problem);
                }
                _ => {}
            }
            posts.push(Post {
                slug,
                title: smarten(&fields.title),
                date: publish_at.date(),
                publish_at,
                updated: fields.updated,
                draft: fields.draft,
                review,
                author: fields.author.value,
                tags,
                summary: fields.summary.map_or_else(
                    || body.first_paragraph.clone(),
                    |summary| smarten(&summary.value),
                ),
                image,
                body: body.into(),
            });
        }
        posts.sort_by(|a, b| {
            b.publish_at
                .cmp(&a.publish_at)
                .then_with(|| a.slug.cmp(&b.slug))
        });
        posts
    }

    fn settings(&mut self, path: &Path, file: SiteFile, pages: &[Page]) -> Settings {
        let mut states = Vec::new();
        for state in file.states {
            match US_STATES.iter().find(|(code, _)| *code == state.value) {
                Some((code, _)) => states.push(*code),
                None => self.errors.push(located(
                    path,
                    state.referenced,
                    0,
                    format!(
                        "\"{}\" is not a two-letter US state code such as CA",
                        state.value
                    ),
                )),
            }
        }
        if states.is_empty() {
            self.errors.push(ContentError::new(
                path,
                1,
                "\"states\" must list at least one state where the practice sees clients",
            ));
        }
        if file.crisis.trim().is_empty() {
            self.errors.push(ContentError::new(
                path,
                1,
                "\"crisis\" must say what to do in an emergency (call or text 988, or 911)",
            ));
        }
        let mut nav = Vec::new();
        for item in file.nav {
            let target = match item.value.as_str() {
                "blog" => Some(("Articles".to_owned(), "/blog".to_owned())),
                "therapists" => Some(("Our team".to_owned(), "/therapists".to_owned())),
                "services" => Some(("Services".to_owned(), "/services".to_owned())),
                slug => pages
                    .iter()
                    .find(|page| page.slug == slug)
                    .map(|page| (nav_label(page), format!("/{slug}"))),
            };
            match target {
                Some((label, href)) => nav.push(NavItem { label, href }),
                None => {
                    let mut known = vec!["blog", "therapists", "services"];
                    known.extend(pages.iter().map(|page| page.slug.as_str()));
                    self.unknown_reference(
                        path,
                        item.referenced,
                        0,
                        "nav item",
                        &item.value,
                        &known,
                    );
                }
            }
        }
        let timezone = match file.timezone {
            None => jiff::tz::TimeZone::UTC,
            Some(name) => jiff::tz::TimeZone::get(&name.value).unwrap_or_else(|_| {
                self.errors.push(located(
                    path,
                    name.referenced,
                    0,
                    format!(
                        "\"{}\" is not a time zone: use a name such as America/Los_Angeles",
                        name.value
                    ),
                ));
                jiff::tz::TimeZone::UTC
            }),
        };
        let social_image = self.image(
            path,
            file.social_image,
            file.social_image_alt,
            "social_image",
            0,
        );
        Settings {
            timezone,
            social_image,
            name: file.name,
            tagline: file.tagline,
            description: file.description,
            address: Address {
                street: file.address.street,
                city: file.address.city,
                region: file.address.region,
                postal_code: file.address.postal_code,
            },
            phone: file.phone,
            coordinator: Coordinator {
                name: file.coordinator.name,
                email: file.coordinator.email,
            },
            hours: file
                .hours
                .into_iter()
                .map(|hours| OpeningHours {
                    days: hours.days.into_iter().map(Weekday::from).collect(),
                    opens: hours.opens,
                    closes: hours.closes,
                })
                .collect(),
            states,
            crisis: file.crisis.trim().to_owned(),
            nav,
        }
    }
}

/// A short label for a page in the header: its title up to the first comma or "and".
fn nav_label(page: &Page) -> String {
    match page.slug.as_str() {
        "about" => "About".to_owned(),
        "fees" => "Fees".to_owned(),
        "faq" => "FAQ".to_owned(),
        _ => page.title.clone(),
    }
}

/// `2026-10-14-some-title` gives the date and `some-title`; a name without a
/// date prefix is all slug.
fn split_dated_name(stem: &str) -> (Option<Date>, String) {
    if let (Some(prefix), Some(rest)) = (stem.get(..10), stem.get(11..))
        && stem.as_bytes().get(10) == Some(&b'-')
        && let Ok(date) = prefix.parse::<Date>()
        && !rest.is_empty()
    {
        return (Some(date), rest.to_owned());
    }
    (None, stem.to_owned())
}

/// The day a file was last changed (today if the system cannot say).
fn modified_date(path: &Path) -> Date {
    std::fs::metadata(path)
        .and_then(|metadata| metadata.modified())
        .ok()
        .and_then(|time| jiff::Timestamp::try_from(time).ok())
        .unwrap_or_else(jiff::Timestamp::now)
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
}

/// An error at a value's place in a YAML document that starts `line_offset`
/// lines into its file.
fn located(
    path: &Path,
    at: Location,
    line_offset: usize,
    message: impl Into<String>,
) -> ContentError {
    ContentError::new(path, at.line().max(1) as usize + line_offset, message)
        .at_column(at.column() as usize)
}

fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    if names.is_empty() {
        "(none yet)".to_owned()
    } else {
        names.join(", ")
    }
}

/// Stands in when site.yaml failed, so the other files are still checked.
fn placeholder_settings() -> Settings {
    Settings {
        name: String::new(),
        tagline: String::new(),
        description: String::new(),
        address: Address {
            street: String::new(),
            city: String::new(),
            region: String::new(),
            postal_code: String::new(),
        },
        phone: String::new(),
        coordinator: Coordinator {
            name: String::new(),
            email: String::new(),
        },
        hours: Vec::new(),
        states: Vec::new(),
        crisis: String::new(),
        nav: Vec::new(),
        timezone: jiff::tz::TimeZone::UTC,
        social_image: None,
    }
}

// What the files say, field by field. Every struct refuses unknown fields so
// a misspelt field is reported instead of silently ignored.

/// `content/site.yaml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteFile {
    /// The practice's name, in the header and every title.
    name: String,
    /// One line under the name on the home page.
    tagline: String,
    /// The home page's description for search engines (under 160 characters).
    description: String,
    address: AddressFile,
    phone: String,
    /// The care coordinator who answers consultation requests.
    coordinator: CoordinatorFile,
    hours: Vec<HoursFile>,
    /// Where the practice can see clients, as postal codes.
    states: Vec<Spanned<String>>,
    /// What to do in an emergency; shown on every page.
    crisis: String,
    /// The header links in order: blog, therapists, services or a page slug.
    nav: Vec<Spanned<String>>,
    /// The practice's time zone (IANA name, e.g. America/Los_Angeles), for
    /// scheduled posts. Defaults to UTC.
    timezone: Option<Spanned<String>>,
    /// The picture shown when a page without its own is shared (1200×630).
    social_image: Option<Spanned<String>>,
    social_image_alt: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AddressFile {
    street: String,
    city: String,
    region: String,
    postal_code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CoordinatorFile {
    name: String,
    email: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HoursFile {
    days: Vec<DayName>,
    /// 24-hour time, e.g. "08:00".
    opens: Time,
    closes: Time,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum DayName {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl From<DayName> for Weekday {
    fn from(day: DayName) -> Weekday {
        match day {
            DayName::Monday => Weekday::Monday,
            DayName::Tuesday => Weekday::Tuesday,
            DayName::Wednesday => Weekday::Wednesday,
            DayName::Thursday => Weekday::Thursday,
            DayName::Friday => Weekday::Friday,
            DayName::Saturday => Weekday::Saturday,
            DayName::Sunday => Weekday::Sunday,
        }
    }
}

/// `content/posts/YYYY-MM-DD-slug.md`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PostFile {
    title: String,
    /// Publication date, `YYYY-MM-DD` (must match the file name's date), or
    /// `YYYY-MM-DDTHH:MM` for a set time; a future one schedules the post.
    date: Spanned<PublishDate>,
    /// The writing therapist's slug (their file name without `.md`).
    author: Spanned<String>,
    #[serde(default)]
    tags: Vec<String>,
    /// For lists and search results; else the first paragraph.
    summary: Option<Spanned<String>>,
    /// A `/static/...` picture shown above the article.
    image: Option<Spanned<String>>,
    image_alt: Option<String>,
    /// The date of the last meaningful revision.
    updated: Option<Date>,
    /// `true` keeps the post off the live site.
    #[serde(default)]
    draft: bool,
    /// The clinician who reviewed the article, shown as "Clinically reviewed by".
    reviewed_by: Option<Spanned<String>>,
    /// When they reviewed it, `YYYY-MM-DD`.
    reviewed_on: Option<Spanned<Date>>,
}

/// A post's `date`: a day, or a day and a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PublishDate(jiff::civil::DateTime);

impl<'de> Deserialize<'de> for PublishDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let text = text.trim();
        // jiff reads a date out of a date and time too, dropping the time:
        // only a bare YYYY-MM-DD means midnight.
        if text.len() == 10
            && let Ok(date) = text.parse::<Date>()
        {
            return Ok(PublishDate(date.to_datetime(Time::midnight())));
        }
        text.replacen(' ', "T", 1)
            .parse::<jiff::civil::DateTime>()
            .map(PublishDate)
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "\"{text}\" is not a date: write YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a set time"
                ))
            })
    }
}

/// `content/therapists/slug.md`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TherapistFile {
    name: String,
    pronouns: Option<String>,
    /// Letters after the name, e.g. LMFT.
    credentials: String,
    /// The job title, e.g. "Licensed Clinical Social Worker".
    title: String,
    /// California requires type, number and state on every advertisement.
    license: Spanned<LicenseFile>,
    /// Required for associates (AMFT, ACSW, APCC).
    supervisor: Option<SupervisorFile>,
    photo: Option<Spanned<String>>,
    photo_alt: Option<String>,
    #[serde(default)]
    specialties: Vec<String>,
    /// Slugs of the services this therapist offers.
    #[serde(default)]
    services: Vec<Spanned<String>>,
    #[serde(default)]
    approaches: Vec<String>,
    #[serde(default)]
    languages: Vec<String>,
    formats: Vec<Format>,
    accepting_new_clients: bool,
    /// Position on the team page, smallest first.
    #[serde(default)]
    order: i64,
    /// `true` keeps the therapist (and their posts) off the live site.
    #[serde(default)]
    draft: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LicenseFile {
    #[serde(rename = "type")]
    kind: String,
    number: String,
    state: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SupervisorFile {
    name: String,
    license: String,
}

/// `content/services/slug.md`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceFile {
    title: String,
    /// One sentence for cards and search engines.
    summary: String,
    #[serde(default)]
    order: i64,
}

/// `content/pages/slug.md`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageFile {
    title: String,
    summary: Option<String>,
    /// `true` keeps the page off the live site.
    #[serde(default)]
    draft: bool,
}

/// Phones save photos in formats most browsers cannot show; the site would
/// show a broken picture to most visitors.
fn unshowable_format(src: &str) -> Option<String> {
    let extension = Path::new(src).extension()?.to_str()?.to_ascii_lowercase();
    matches!(extension.as_str(), "heic" | "heif" | "tif" | "tiff").then(|| {
        format!(
            "image \"{src}\" is a .{extension} file, which most browsers cannot show: save it as JPEG (on an iPhone, share it by email or choose Settings > Camera > Formats > Most Compatible)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field lists come straight from the parser.
    #[test]
    fn accepted_fields_are_read_from_the_parser() {
        let fields = accepted_fields();
        let posts = &fields.iter().find(|(kind, _)| *kind == "Posts").unwrap().1;
        assert_eq!(posts.first().map(String::as_str), Some("title"));
        assert!(posts.iter().any(|field| field == "reviewed_on"));
        assert!(fields.iter().all(|(_, names)| names.len() >= 3));
    }

    /// Post dates are a day (meaning midnight) or a day and a time.
    #[test]
    fn publish_dates() {
        let read =
            |yaml: &str| serde_saphyr::from_str::<PublishDate>(yaml).map(|date| date.0.to_string());
        assert_eq!(read("2026-12-01").unwrap(), "2026-12-01T00:00:00");
        assert_eq!(read("2026-12-01T09:30").unwrap(), "2026-12-01T09:30:00");
        assert_eq!(read("\"2026-12-01 09:30\"").unwrap(), "2026-12-01T09:30:00");
        assert!(read("tomorrow").is_err());
        assert!(read("2026-02-30").is_err());
    }

    /// Post file names give a date and a slug; names without a date are all slug.
    #[test]
    fn post_slugs_drop_the_date() {
        let date: Date = "2026-10-14".parse().unwrap();
        assert_eq!(
            split_dated_name("2026-10-14-what-to-ask"),
            (Some(date), "what-to-ask".to_owned())
        );
        assert_eq!(
            split_dated_name("what-to-ask"),
            (None, "what-to-ask".to_owned())
        );
        assert_eq!(
            split_dated_name("2026-13-14-x"),
            (None, "2026-13-14-x".to_owned())
        );
        assert_eq!(
            split_dated_name("2026-10-14-"),
            (None, "2026-10-14-".to_owned())
        );
    }
}
