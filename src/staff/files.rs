//! Which files the browser editor may open and write. An address such as
//! `/staff/edit/posts/2026-09-02-grief-has-no-timeline.md` names a file
//! under `content/`; it is read as text from outside, so it is taken only
//! in the shapes the content folder has (`site.yaml`, `site.LANG.yaml`, a
//! markdown file one level down in `posts/`, `therapists/`, `services/` or
//! `pages/`), and never through `..`, an absolute path, a hidden name
//! (`.git`), a name Windows keeps for devices, or a symbolic link: a link
//! could lead out of the folder, and writing the file in its place would
//! quietly replace the link.

use std::path::{Component, Path, PathBuf};

/// The folders of `content/` whose markdown files the editor opens.
pub const FOLDERS: [&str; 4] = ["posts", "therapists", "services", "pages"];
/// The longest path taken: far past any real file name, short of every
/// file system's limit.
const MAX_PATH_CHARS: usize = 200;

/// A file the editor may touch: its path under the folder, with `/`, and
/// where it is on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditableFile {
    pub relative: String,
    pub absolute: PathBuf,
}

/// Why a path is refused, in words for the person who typed or followed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathProblem {
    #[error("no file is named")]
    Empty,
    #[error("the name is too long")]
    TooLong,
    #[error("the name has characters a file name cannot have")]
    BadCharacters,
    #[error("only files inside the content folder can be edited")]
    OutsideFolder,
    #[error("hidden files and names Windows keeps for devices cannot be edited")]
    Reserved,
    #[error(
        "only site.yaml, its translations and the markdown files in posts/, therapists/, services/ and pages/ can be edited here"
    )]
    NotContent,
    #[error(
        "this file is a link to another file, which the browser editor does not change: edit the file it points to"
    )]
    Link,
    #[error("the file could not be looked at: {0}")]
    Unreadable(String),
}

/// The language code a translation's name carries before its extension
/// (`grief.es.md`, `site.es.yaml`); `None` for an original.
pub fn language_of(path: &str) -> Option<String> {
    let name = path.rsplit('/').next()?;
    let stem = name
        .strip_suffix(".md")
        .or_else(|| name.strip_suffix(".yaml"))?;
    let (_, code) = stem.rsplit_once('.')?;
    ((2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase()))
        .then(|| code.to_owned())
}

/// The file `requested` names under `root` (the content folder), if the
/// editor may touch it. The file need not exist yet (a new post).
pub fn editable(root: &Path, requested: &str) -> Result<EditableFile, PathProblem> {
    let relative = checked_shape(requested)?;
    let absolute = root.join(&relative);
    // The folder itself, and each folder on the way, must be what it
    // says: a link among them could lead anywhere.
    let root_real = root
        .canonicalize()
        .map_err(|error| PathProblem::Unreadable(error.kind().to_string()))?;
    if let Some(parent) = absolute.parent() {
        match parent.canonicalize() {
            // Exactly where the path says, under the real folder.
            Ok(real) if real == root_real.join(relative_parent(&relative)) => {}
            Ok(_) => return Err(PathProblem::Link),
            // A folder not made yet: the file is new and nothing links.
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(PathProblem::Unreadable(error.kind().to_string())),
        }
    }
    match std::fs::symlink_metadata(&absolute) {
        Ok(metadata) if metadata.file_type().is_symlink() => Err(PathProblem::Link),
        Ok(metadata) if !metadata.is_file() => Err(PathProblem::NotContent),
        Ok(_) => Ok(EditableFile { relative, absolute }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            Ok(EditableFile { relative, absolute })
        }
        Err(error) => Err(PathProblem::Unreadable(error.kind().to_string())),
    }
}

/// The folder part of a checked relative path (`posts` of `posts/a.md`).
fn relative_parent(relative: &str) -> &str {
    relative.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// `requested` as a relative path of one of the content folder's shapes,
/// judged on its text alone.
fn checked_shape(requested: &str) -> Result<String, PathProblem> {
    if requested.is_empty() {
        return Err(PathProblem::Empty);
    }
    if requested.chars().count() > MAX_PATH_CHARS {
        return Err(PathProblem::TooLong);
    }
    if requested
        .chars()
        .any(|character| character.is_control() || matches!(character, '\\' | ':'))
    {
        return Err(PathProblem::BadCharacters);
    }
    let path = Path::new(requested);
    if requested.starts_with('/')
        || path
            .components()
            .any(|component| !matches!(component, Component::Normal(_)))
    {
        return Err(PathProblem::OutsideFolder);
    }
    let segments: Vec<&str> = requested.split('/').collect();
    if segments.iter().any(|segment| is_reserved(segment)) {
        return Err(PathProblem::Reserved);
    }
    let fits = match segments.as_slice() {
        [file] => is_site_file(file),
        [folder, file] => FOLDERS.contains(folder) && is_markdown_name(file),
        _ => false,
    };
    if fits {
        Ok(requested.to_owned())
    } else {
        Err(PathProblem::NotContent)
    }
}

/// A segment no file of the content may be called: empty (`a//b`), hidden,
/// ending in a dot or a space, or a device name on Windows (`con`, `nul.md`).
fn is_reserved(segment: &str) -> bool {
    const DEVICES: [&str; 4] = ["con", "prn", "aux", "nul"];
    let stem = segment
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let numbered = (stem.starts_with("com") || stem.starts_with("lpt"))
        && stem.len() == 4
        && stem.as_bytes()[3].is_ascii_digit();
    segment.is_empty()
        || segment.starts_with('.')
        || segment.ends_with(['.', ' '])
        || DEVICES.contains(&stem.as_str())
        || numbered
}

/// `site.yaml`, or a translation of it such as `site.es.yaml`.
fn is_site_file(name: &str) -> bool {
    name == "site.yaml"
        || name
            .strip_prefix("site.")
            .and_then(|rest| rest.strip_suffix(".yaml"))
            .is_some_and(|language| crate::i18n::Language::parse(language).is_ok())
}

/// A markdown file name as `hearth new` writes them: lowercase letters,
/// digits, dashes and dots, ending in `.md`.
fn is_markdown_name(name: &str) -> bool {
    name.strip_suffix(".md").is_some_and(|stem| {
        !stem.is_empty()
            && stem.chars().all(|character| {
                character.is_ascii_lowercase()
                    || character.is_ascii_digit()
                    || matches!(character, '-' | '.')
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A translation is known by the code before its extension; an
    /// original has none, whatever dots its name has.
    #[test]
    fn translations_are_known_by_their_names() {
        assert_eq!(
            language_of("posts/2026-09-02-grief.es.md").as_deref(),
            Some("es")
        );
        assert_eq!(language_of("site.es.yaml").as_deref(), Some("es"));
        assert_eq!(language_of("site.yaml"), None);
        assert_eq!(language_of("posts/2026-09-02-grief.md"), None);
        assert_eq!(language_of("pages/v2.0-notes.md"), None);
    }

    /// The content folder's own files are taken; everything else is
    /// refused with its reason.
    #[test]
    fn only_the_content_folders_shapes_are_taken() {
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path();
        std::fs::create_dir(root.join("posts")).unwrap();
        std::fs::write(root.join("posts/2026-09-02-grief.md"), "---\n").unwrap();
        for taken in [
            "site.yaml",
            "site.es.yaml",
            "posts/2026-09-02-grief.md",
            "posts/2026-12-01-new.md",
            "therapists/maya-okafor.es.md",
            "pages/fees.md",
        ] {
            let file = editable(root, taken).unwrap_or_else(|problem| panic!("{taken}: {problem}"));
            assert_eq!(file.absolute, root.join(taken));
        }
        let cases = [
            ("", PathProblem::Empty),
            ("../outside.md", PathProblem::OutsideFolder),
            ("posts/../site.yaml", PathProblem::OutsideFolder),
            ("/etc/passwd", PathProblem::OutsideFolder),
            ("./site.yaml", PathProblem::OutsideFolder),
            ("posts\\..\\site.yaml", PathProblem::BadCharacters),
            ("C:/site.yaml", PathProblem::BadCharacters),
            ("posts/a\0.md", PathProblem::BadCharacters),
            (".git/config", PathProblem::Reserved),
            ("posts/.hidden.md", PathProblem::Reserved),
            ("posts//a.md", PathProblem::Reserved),
            ("pages/con.md", PathProblem::Reserved),
            ("pages/LPT1.md", PathProblem::Reserved),
            ("posts/a.md.", PathProblem::Reserved),
            ("posts/a.txt", PathProblem::NotContent),
            ("posts/Grief.md", PathProblem::NotContent),
            ("posts/sub/a.md", PathProblem::NotContent),
            ("static/img/a.jpg", PathProblem::NotContent),
            ("site.yml", PathProblem::NotContent),
            ("site.xx-yy.yaml", PathProblem::NotContent),
            ("i18n/es.ftl", PathProblem::NotContent),
            ("posts", PathProblem::NotContent),
        ];
        for (requested, problem) in cases {
            assert_eq!(editable(root, requested), Err(problem), "{requested:?}");
        }
    }

    /// A link, to a file outside or inside, and a folder that is a link,
    /// are refused: writing in their place would replace the link.
    #[cfg(unix)]
    #[test]
    fn links_are_refused() {
        let folder = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = folder.path();
        std::fs::create_dir(root.join("posts")).unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        std::fs::write(root.join("posts/real.md"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.md"), root.join("posts/out.md"))
            .unwrap();
        std::os::unix::fs::symlink(root.join("posts/real.md"), root.join("posts/in.md")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("pages")).unwrap();
        assert_eq!(editable(root, "posts/out.md"), Err(PathProblem::Link));
        assert_eq!(editable(root, "posts/in.md"), Err(PathProblem::Link));
        assert_eq!(editable(root, "pages/secret.md"), Err(PathProblem::Link));
        assert!(editable(root, "posts/real.md").is_ok());
    }

    proptest::proptest! {
        /// Any text at all is taken or refused without a panic, and what
        /// is taken lies inside the folder, one of its own shapes.
        #[test]
        fn any_text_is_taken_only_inside_the_folder(requested in "\\PC{0,80}|[a-z./\\\\-]{0,30}") {
            let root = std::env::temp_dir().join("hearth-editable-never-made");
            if let Ok(relative) = checked_shape(&requested) {
                proptest::prop_assert!(root.join(&relative).starts_with(&root));
                proptest::prop_assert!(!relative.split('/').any(|segment| segment == ".." || segment.is_empty()));
                proptest::prop_assert!(relative.ends_with(".md") || relative.ends_with(".yaml"));
            }
        }
    }
}
