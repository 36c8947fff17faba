//! The loader: reads every file of `content/` once, a module per kind of
//! file, and records every problem instead of stopping at the first, so an
//! editor sees the whole list in one run.
//!
//! Each kind's module turns its front-matter struct into the model and
//! checks what only that file shows; what needs every file at once (links,
//! colliding addresses) runs after, in [`super::links`] and [`super::names`].

mod consultations;
mod pages;
mod payment;
mod posts;
mod services;
mod settings;
mod therapists;
mod translations;

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_saphyr::{Location, Spanned};

use super::errors::located;
use super::front_matter::{self, Parsed, YAML_LINE_OFFSET};
use super::markdown::{self, ReferenceKind};
use super::model::{Image, Site, index_tags};
use super::names::Claims;
use super::{ContentError, Sources, links};
use crate::urls;

/// Search engines show about 60 to 70 characters of a title, and browser
/// tabs fewer: past this, the end of a title is cut off where people choose.
const TITLE_CHARS: usize = 70;

/// One pass over the content folder.
pub(super) struct Loader<'a> {
    /// Where the files are read from.
    sources: &'a Sources,
    /// Every problem found so far, in the order found; sorted at the end.
    pub(super) errors: Vec<ContentError>,
    /// Internal links found in bodies, checked once every page is known.
    links: Vec<(ContentError, String)>,
    /// Which file has each address, so two files with one address are
    /// reported together.
    claims: Claims,
    /// The site's languages after the default, read first: a file named
    /// `NAME.LANG.md` is a translation only into one of these.
    languages: Vec<crate::i18n::Language>,
    /// The first language, whose files are named without one.
    default_language: Option<crate::i18n::Language>,
    /// Translation files found while listing folders, read once every
    /// original is.
    translation_files: Vec<translations::Source>,
    /// Files that could not be read, and required pages that are missing:
    /// what refers to them is folded into their error, not reported again.
    causes: Vec<Cause>,
}

/// Something others refer to that is not there because of one error: a
/// file that failed to load, or a required page that is missing.
struct Cause {
    /// The address it would have had.
    address: String,
    /// The file it is, or would be.
    file: PathBuf,
    /// Its error's place in [`Loader::errors`].
    error: usize,
}

impl<'a> Loader<'a> {
    pub(super) fn new(sources: &'a Sources) -> Self {
        Loader {
            sources,
            errors: Vec::new(),
            links: Vec::new(),
            claims: Claims::new(&sources.content),
            languages: Vec::new(),
            default_language: None,
            translation_files: Vec::new(),
            causes: Vec::new(),
        }
    }

    /// Reads every kind of file, then checks what spans files: links.
    pub(super) fn load(&mut self) -> Site {
        let settings_path = self.sources.content.join("site.yaml");
        let mut settings_file: Option<super::files::SiteFile> =
            self.read(&settings_path).and_then(|text| {
                front_matter::from_yaml(&settings_path, &text, 0)
                    .map_err(|error| self.errors.push(error))
                    .ok()
            });
        // Languages first: they decide which files are translations.
        let listed = settings_file
            .as_mut()
            .and_then(|file| file.languages.take());
        let catalogs = self.catalogs(&settings_path, listed);
        self.default_language = Some(catalogs[0].language().clone());
        self.languages = (catalogs.iter().skip(1))
            .map(|catalog| catalog.language().clone())
            .collect();

        let services = self.services();
        let pages = self.pages();
        // Settings before therapists: they give the practice's fees and
        // the states it serves, which every therapist's are read against.
        let settings = match settings_file {
            Some(file) => self.settings(&settings_path, file, &pages, catalogs),
            None => settings::placeholder(),
        };
        let therapists = self.therapists(&services, &settings);
        let posts = self.posts(&therapists);
        let tags = index_tags(&posts);

        let mut site = Site {
            settings,
            posts,
            therapists,
            services,
            pages,
            tags,
            translations: Vec::new(),
        };
        site.translations = self.translations(&site);
        let found = std::mem::take(&mut self.links);
        for broken in links::broken_links(&site, found, &self.sources.static_files) {
            let knock_on = ContentError {
                message: format!("the link \"{}\"", broken.url),
                ..broken.problem.clone()
            };
            if !self.fold_into_cause(|cause| cause.address == broken.address, knock_on) {
                self.errors.push(broken.problem);
            }
        }
        site
    }

    /// Records that the last error recorded is why `file`, at `address`,
    /// is not there.
    fn last_error_is_cause(&mut self, address: String, file: &Path) {
        if let Some(error) = self.errors.len().checked_sub(1) {
            self.causes.push(Cause {
                address,
                file: file.to_owned(),
                error,
            });
        }
    }

    /// Adds `knock_on` under the error of the first cause that `is_it`,
    /// if there is one; returns whether there was.
    fn fold_into_cause(&mut self, is_it: impl Fn(&Cause) -> bool, knock_on: ContentError) -> bool {
        let Some(cause) = self.causes.iter().find(|cause| is_it(cause)) else {
            return false;
        };
        match self.errors.get_mut(cause.error) {
            Some(error) => {
                error.knock_on.push(knock_on);
                true
            }
            None => false,
        }
    }

    /// Renders a body and checks what only the markdown shows: headings in
    /// order, images that exist and are described, links (checked later).
    fn body(&mut self, path: &Path, markdown: &str, first_line: usize) -> markdown::Rendered {
        let rendered = markdown::render(markdown);
        let mut previous_level = 1;
        for found in &rendered.references {
            let at = place(path, markdown, first_line, found.offset);
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
                ReferenceKind::Image { src, alt } => self.body_image(at, src, alt),
                ReferenceKind::Link(url) => {
                    if url.starts_with('/') && !url.starts_with("//") {
                        self.links.push((at, url.clone()));
                    }
                }
            }
        }
        rendered
    }

    /// `hearth new`'s placeholder sentences left in the body of a file
    /// that is published (drafts may keep them while they are written).
    fn placeholders(&mut self, path: &Path, markdown: &str, first_line: usize, draft: bool) {
        if draft {
            return;
        }
        for placeholder in super::scaffold::PLACEHOLDER_TEXT {
            if let Some(offset) = markdown.find(placeholder) {
                self.errors.push(ContentError {
                    message:
                        "this is the placeholder text from hearth new: write your own words here"
                            .to_owned(),
                    hint: Some(
                        "or keep the file off the site while you write, with \"draft: true\""
                            .to_owned(),
                    ),
                    ..place(path, markdown, first_line, offset)
                });
            }
        }
    }

    /// An image in a body: described, and a file browsers can show.
    fn body_image(&mut self, at: ContentError, src: &str, alt: &str) {
        if alt.trim().is_empty() {
            self.errors.push(ContentError {
                message: "this image has no alt text".to_owned(),
                hint: Some("describe it between the brackets: ![A quiet office with two chairs](/static/img/office.jpg)".to_owned()),
                ..at.clone()
            });
        }
        let problem = match urls::static_relative(src) {
            Some(_) => self.static_image_problem(src),
            None => unshowable_format(src),
        };
        if let Some(message) = problem {
            self.errors.push(ContentError { message, ..at });
        }
    }

    /// What keeps the `static/` picture at `src` from being shown: no such
    /// file (or one with other capitals), a format browsers cannot show, or
    /// a file that is not a picture at all.
    fn static_image_problem(&self, src: &str) -> Option<String> {
        let folder = self.sources.static_files.display();
        match links::find_static(&self.sources.static_files, src) {
            links::StaticFile::Found(file) => {
                unshowable_format(src).or_else(|| not_a_picture(&file, src))
            }
            links::StaticFile::OtherCase(named) => Some(format!(
                "image \"{src}\" does not exist in {folder}; did you mean \"{named}\"? Capitals matter in file names"
            )),
            links::StaticFile::Missing => {
                Some(format!("image \"{src}\" does not exist in {folder}"))
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

    /// `path`'s place in the content folder, as the browser editor names
    /// files: `posts/2026-09-02-grief.md`.
    fn source_of(&self, path: &Path) -> String {
        let inside = path.strip_prefix(&self.sources.content).unwrap_or(path);
        let parts: Vec<String> = inside
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        parts.join("/")
    }

    /// The markdown files of one content folder, sorted by name, each with
    /// its name without `.md`. A name that is not text is an error: it could
    /// never be an address.
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
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut unread: Vec<PathBuf> = Vec::new();
        for path in entries.filter_map(Result::ok).map(|entry| entry.path()) {
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned());
            let Some(name) = name.filter(|name| !name.starts_with('.')) else {
                continue;
            };
            if !path.is_file() {
                continue;
            }
            if name.ends_with(".md") {
                paths.push(path);
            } else if !is_system_file(&name) {
                unread.push(path);
            }
        }
        paths.sort();
        unread.sort();
        for path in unread {
            self.errors.push(not_markdown(&path));
        }
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            match path.file_stem().and_then(|stem| stem.to_str()) {
                Some(stem) => {
                    if let Some(source) = self.translation_source(folder, &path, stem) {
                        self.translation_files.extend(source);
                        continue;
                    }
                    let stem = stem.to_owned();
                    files.push((path, stem));
                }
                None => self.errors.push(ContentError::new(
                    &path,
                    1,
                    "the file name has characters that are not text: rename it with letters a to z, digits and dashes",
                )),
            }
        }
        files
    }

    /// Reads and parses one content file, recording any error.
    fn parse<T: DeserializeOwned>(&mut self, path: &Path) -> Option<Parsed<T>> {
        let text = self.read(path)?;
        front_matter::parse(path, &text)
            .map_err(|error| self.errors.push(error))
            .ok()
    }

    /// As [`Loader::parse`], for a file others refer to at `address`: when
    /// it fails, its error is their cause.
    fn parse_referenced<T: DeserializeOwned>(
        &mut self,
        path: &Path,
        address: String,
    ) -> Option<Parsed<T>> {
        let parsed = self.parse(path);
        if parsed.is_none() {
            self.last_error_is_cause(address, path);
        }
        parsed
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
        missing: Missing,
    ) {
        let Missing {
            what,
            wrong,
            known,
            address,
        } = missing;
        if let Some(address) = address {
            let knock_on = located(path, at, line_offset, format!("the {what} \"{wrong}\""));
            if self.fold_into_cause(|cause| cause.address == address, knock_on) {
                return;
            }
        }
        let message = match front_matter::closest(wrong, known) {
            Some(best) => format!("{what} \"{wrong}\" does not exist; did you mean \"{best}\"?"),
            None => format!("{what} \"{wrong}\" does not exist"),
        };
        let problem = located(path, at, line_offset, message)
            .hinted(format!("the choices are: {}", list(known.iter().copied())));
        self.errors.push(problem);
    }

    /// A title as it is shown, with what is wrong with it: an empty one
    /// shows nothing where people choose what to open, and a long one is
    /// cut short there.
    fn title(&mut self, path: &Path, title: &Spanned<String>) -> String {
        let length = title.value.trim().chars().count();
        let at = title.referenced;
        if length == 0 {
            self.errors.push(
                located(path, at, YAML_LINE_OFFSET, "the title is empty").hinted(
                    "write the title between the quotes, as it should read at the top of the page",
                ),
            );
        } else if length > TITLE_CHARS {
            self.errors.push(
                located(path, at, YAML_LINE_OFFSET, format!(
                    "the title is {length} characters: search results and browser tabs show about {TITLE_CHARS}"
                ))
                .hinted("shorten it to a few words, and say the rest in the summary or the first paragraph")
                .as_warning(),
            );
        }
        markdown::smarten(&title.value)
    }

    /// Records what is wrong with a file's name, and claims the address it
    /// makes; returns the slug the address is made from.
    fn name_to_slug(&mut self, path: &Path, prefix: &str, stem: &str) -> String {
        let (slug, problem) = super::names::slug_from_name(path, prefix, stem);
        self.errors.extend(problem);
        slug
    }

    /// Claims `address` for the file at `path`; a second file with the same
    /// address is an error naming both.
    fn claim(&mut self, address: String, path: &Path) {
        self.errors.extend(self.claims.claim(address, path));
    }

    /// An optional image: a `/static/` URL to a file that exists, with alt
    /// text. `line_offset` is where the YAML starts in its file.
    fn image(&mut self, path: &Path, field: ImageField, line_offset: usize) -> Option<Image> {
        let ImageField { name, src, alt } = field;
        let src = src?;
        let at = src.referenced;
        let alt = alt.unwrap_or_default();
        if alt.trim().is_empty() {
            self.errors.push(located(path, at, line_offset, format!(
                "\"{name}\" needs \"{name}_alt\": a short description of the picture for people who cannot see it"
            )));
        }
        let problem = match urls::static_relative(&src.value) {
            Some(_) => self.static_image_problem(&src.value),
            None => Some(format!(
                "image \"{}\" must be a path starting with {}/",
                src.value,
                urls::routes::STATIC
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
}

/// Files that computers and editors leave in folders by themselves, which
/// nobody meant as content.
fn is_system_file(name: &str) -> bool {
    let lower = name.to_lowercase();
    matches!(lower.as_str(), "thumbs.db" | "desktop.ini")
        || lower.ends_with('~')
        || lower.ends_with(".swp")
        || lower.ends_with(".tmp")
}

/// A file in a content folder whose name does not end in `.md` is never
/// read: most often a post saved as `.txt` or `.markdown`, which would
/// otherwise be missing from the site without a word.
fn not_markdown(path: &Path) -> ContentError {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, extension.to_lowercase()),
        _ => (name.as_str(), String::new()),
    };
    // `post.md.txt`, as Windows saves a file named `post.md` in Notepad.
    let md_inside = (stem.char_indices().rev().nth(2))
        .and_then(|(at, _)| Some((stem.get(..at)?, stem.get(at..)?)))
        .filter(|(_, tail)| tail.eq_ignore_ascii_case(".md"))
        .map(|(base, _)| base);
    let renamed = if extension == "md" {
        // `post.MD`.
        Some(format!("{stem}.md"))
    } else if let Some(base) = md_inside {
        Some(format!("{base}.md"))
    } else if matches!(
        extension.as_str(),
        "markdown" | "mdown" | "mkd" | "mkdn" | "txt" | "text" | ""
    ) {
        Some(format!("{stem}.md"))
    } else {
        None
    };
    let problem = ContentError::new(
        path,
        1,
        "this file is not read: only files whose names end in .md are",
    )
    .as_warning();
    match renamed {
        Some(renamed) => problem.hinted(format!("rename it to {renamed}")),
        None => problem.hinted(
            "copy its text into a file whose name ends in .md, or move it out of the content folder",
        ),
    }
}

/// A reference to something that should exist: what kind of thing, the name
/// written, and the names that do exist.
struct Missing<'a> {
    what: &'a str,
    wrong: &'a str,
    known: &'a [&'a str],
    /// Where it would be, if it is a thing with an address.
    address: Option<String>,
}

/// A picture named in front matter: the field's name, its value and its
/// `NAME_alt` companion.
struct ImageField {
    name: &'static str,
    src: Option<Spanned<String>>,
    alt: Option<String>,
}

/// An error at byte `offset` of a body that starts on `first_line` of its
/// file, with the column counted in characters.
fn place(path: &Path, markdown: &str, first_line: usize, offset: usize) -> ContentError {
    let before = text_before(markdown, offset);
    let line = first_line + before.matches('\n').count();
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |text| text.chars().count())
        + 1;
    ContentError::new(path, line, String::new()).at_column(column)
}

/// The text before byte `offset`, stopping at the character boundary at or
/// before it: never a panic, whatever the offset.
pub(super) fn text_before(text: &str, offset: usize) -> &str {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

/// The day a file was last changed, if the file system can say.
fn modified_date(path: &Path) -> Option<jiff::civil::Date> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let at = jiff::Timestamp::try_from(modified).ok()?;
    Some(at.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
}

fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    if names.is_empty() {
        "(none yet)".to_owned()
    } else {
        names.join(", ")
    }
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

/// A `.jpg`, `.png` or `.webp` whose header cannot be read shows as a
/// broken picture: a damaged copy, or a document renamed. Only the
/// header is read; the whole picture is decoded when the site is rendered.
fn not_a_picture(file: &Path, src: &str) -> Option<String> {
    let extension = file.extension()?.to_str()?.to_ascii_lowercase();
    if !matches!(extension.as_str(), "jpg" | "jpeg" | "png" | "webp") {
        return None;
    }
    let readable = image::ImageReader::open(file)
        .and_then(|reader| reader.with_guessed_format())
        .map_err(image::ImageError::IoError)
        .and_then(|reader| reader.into_dimensions());
    readable.is_err().then(|| {
        format!(
            "image \"{src}\" is not a picture browsers can show: the file is damaged, or is another kind of file named .{extension}; open it in a photo app and save it again as JPEG or PNG"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Places are counted in lines and characters, so a column after an
    /// accented word is where an editor sees it.
    #[test]
    fn places_count_characters() {
        let at = place(Path::new("x.md"), "one\nMárquez [x](/y)", 5, 13);
        assert_eq!((at.line, at.column), (6, 9));
    }

    proptest! {
        /// Any offset, even inside a multi-byte character or past the end,
        /// gives a prefix of the text that ends on a character boundary.
        #[test]
        fn text_before_is_a_prefix_on_a_char_boundary(text in any::<String>(), offset in 0usize..600) {
            let before = text_before(&text, offset);
            prop_assert!(text.starts_with(before));
            prop_assert!(before.len() <= offset);
            prop_assert!(text.is_char_boundary(before.len()));
            // Nothing is lost that a shorter cut could have kept.
            let after = text.get(before.len()..).unwrap_or_default();
            let next = after.chars().next().map_or(0, char::len_utf8);
            prop_assert!(before.len() == text.len() || before.len() + next > offset);
        }

        /// Every place inside a body is at line one or later, column one or later.
        #[test]
        fn places_are_never_zero(text in any::<String>(), offset in 0usize..600) {
            let at = place(Path::new("x.md"), &text, 1, offset);
            prop_assert!(at.line >= 1 && at.column >= 1);
        }
    }
}
