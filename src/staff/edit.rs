//! Saving an editor's change to one file. The change is checked with the
//! whole site first, exactly as `hearth check` and a reload would check it:
//! a copy of the content folder with the change in it is loaded, and only a
//! site with no error is written. So a save can never leave the live site
//! unable to reload, and an editor sees every problem their change makes,
//! in other files too (a renamed therapist breaks the posts by them).
//!
//! Two editors on one file: each form carries the file's revision (a digest
//! of the text it was opened with), and a save whose revision is no longer
//! the file's is refused with the file as it is now, so nothing is
//! overwritten unseen. The file is written atomically (a new file beside
//! it, synced, renamed over it), so a crash leaves the old text or the new.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::files::EditableFile;
use crate::content::model::Site;
use crate::content::{ContentError, Sources};

/// The revision of a file that does not exist yet.
pub const NEW_FILE: &str = "new";

/// The revision of a file's text: a digest, or [`NEW_FILE`].
pub fn revision_of(text: Option<&[u8]>) -> String {
    text.map_or_else(
        || NEW_FILE.to_owned(),
        |bytes| crate::digest::short_sha256(bytes, 16),
    )
}

/// The file's text now, if it exists. A file that is not UTF-8 is an
/// error, not text with replacement marks: saving that would change
/// every character the editor never touched.
pub fn read(file: &EditableFile) -> io::Result<Option<String>> {
    match std::fs::read(&file.absolute) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the file is not UTF-8 text")),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

/// What a save did.
#[derive(Debug)]
pub enum Saved {
    /// Written; the site loads with it. Its warnings, if any, to show.
    Written {
        revision: String,
        warnings: Vec<ContentError>,
    },
    /// The file changed since the editor opened it: nothing was written.
    Conflict {
        current: Option<String>,
        revision: String,
    },
    /// The site would not load with the change: nothing was written.
    /// Every problem of the changed site, errors first.
    Refused { problems: Vec<ContentError> },
}

/// Every problem the site has with `file` holding `text`, with the paths of
/// the real content folder. The real folder is not touched.
pub fn check_change(
    sources: &Sources,
    file: &EditableFile,
    text: &str,
) -> io::Result<Vec<ContentError>> {
    load_change(sources, file, text).map(|(_, problems)| problems)
}

/// The site as it would be with `file` holding `text`, and every problem it
/// would have (errors first, named by their place in the real content
/// folder), read from a copy: the real folder is not touched.
pub fn load_change(
    sources: &Sources,
    file: &EditableFile,
    text: &str,
) -> io::Result<(Site, Vec<ContentError>)> {
    let copy = tempfile::tempdir()?;
    copy_folder(&sources.content, copy.path())?;
    let changed = copy.path().join(&file.relative);
    if let Some(folder) = changed.parent() {
        std::fs::create_dir_all(folder)?;
    }
    std::fs::write(&changed, text)?;
    let overlay = Sources {
        content: copy.path().to_owned(),
        static_files: sources.static_files.clone(),
    };
    let (site, problems) = crate::content::check(&overlay);
    let mut problems: Vec<ContentError> = problems
        .0
        .into_iter()
        .map(|mut problem| {
            if let Ok(inside) = problem.path.strip_prefix(copy.path()) {
                problem.path = sources.content.join(inside);
            }
            problem
        })
        .collect();
    problems.sort_by_key(|problem| !problem.is_error());
    Ok((site, problems))
}

/// Writes `text` to `file` if `revision` is still the file's and the site
/// loads with it. Callers run one save at a time.
pub fn save(
    sources: &Sources,
    file: &EditableFile,
    text: &str,
    revision: &str,
) -> io::Result<Saved> {
    let current = read(file)?;
    let current_revision = revision_of(current.as_deref().map(str::as_bytes));
    if current_revision != revision {
        return Ok(Saved::Conflict {
            current,
            revision: current_revision,
        });
    }
    let problems = check_change(sources, file, text)?;
    if problems.iter().any(ContentError::is_error) {
        return Ok(Saved::Refused { problems });
    }
    write_atomically(&file.absolute, text.as_bytes())?;
    Ok(Saved::Written {
        revision: revision_of(Some(text.as_bytes())),
        warnings: problems,
    })
}

/// Replaces `path` with `bytes` all at once: a crash at any moment leaves
/// either the old file or the new one, never half of one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = path
        .parent()
        .ok_or_else(|| io::Error::other("a file to write has a folder"))?;
    std::fs::create_dir_all(folder)?;
    let mut new = tempfile::Builder::new()
        .prefix(".hearth-saving-")
        .tempfile_in(folder)?;
    new.write_all(bytes)?;
    new.as_file().sync_all()?;
    new.persist(path).map_err(|error| error.error)?;
    // The rename is durable once the folder is.
    std::fs::File::open(folder)?.sync_all()
}

/// Copies the content folder's files and folders, as they are, into `to`.
fn copy_folder(from: &Path, to: &Path) -> io::Result<()> {
    let mut pending: Vec<(PathBuf, PathBuf)> = vec![(from.to_owned(), to.to_owned())];
    while let Some((source, target)) = pending.pop() {
        std::fs::create_dir_all(&target)?;
        for entry in std::fs::read_dir(&source)? {
            let entry = entry?;
            let name = entry.file_name();
            // The content folder's own history is not content.
            if name == ".git" {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                pending.push((path, target.join(name)));
            } else if path.is_file() {
                std::fs::copy(&path, target.join(name))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file that is not UTF-8 is refused, not opened with replacement
    /// marks that a save would write back over its text.
    #[test]
    fn a_file_that_is_not_utf8_is_not_opened() {
        let folder = tempfile::tempdir().unwrap();
        let file = EditableFile {
            relative: "pages/old.md".into(),
            absolute: folder.path().join("old.md"),
        };
        std::fs::write(&file.absolute, b"---\ntitle: Caf\xe9\n---\n").unwrap();
        let refused = read(&file).unwrap_err();
        assert_eq!(refused.kind(), io::ErrorKind::InvalidData);
        std::fs::write(&file.absolute, "---\ntitle: Café\n---\n").unwrap();
        assert_eq!(
            read(&file).unwrap().as_deref(),
            Some("---\ntitle: Café\n---\n")
        );
        std::fs::remove_file(&file.absolute).unwrap();
        assert_eq!(read(&file).unwrap(), None);
    }
}
