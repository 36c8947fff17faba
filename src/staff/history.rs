//! History: every version an editor saved, restored or uploaded, kept as a
//! git commit in the content folder, so a change made in the browser can
//! be seen, blamed and undone, also by someone who never opens Hearth
//! (`git log content/posts/x.md` tells the same story as the history page).
//!
//! Which repository: the one the content folder is already in, when it is
//! in one's work tree (a practice that keeps its site in git gets its
//! editors' changes as commits there, beside its own); otherwise Hearth
//! makes one in the content folder and commits every file there first, so
//! the first save already has a version to go back to.
//!
//! A commit is built from HEAD's tree with only the recorded files' bytes
//! put in, never from the index: whatever a person staged by hand stays
//! staged and out of the editor's commit. Afterwards the index entries of
//! just those files are brought up to date, so `git status` stays clean.
//! The first word of each message says what made it (`save: posts/x.md`,
//! `restore: posts/x.md to 1a2b3c4`, `photo: ...`, `start: ...`), so the
//! history page can name it in the editor's language; a commit made by a
//! person with git shows its own message.
//!
//! Why git2 (libgit2) and not gix: gix 0.91 is split over 57 `gix-*` crates,
//! and building a commit from an edited tree, updating the index and
//! diffing two blobs needs its `index`, `blob-diff` and tree-editing
//! features, a large share of them, each a long build on a 2-core machine.
//! git2 with `default-features = false` (no https, ssh or OpenSSL) is
//! three new crates and one C library built once with `cc` (21 s for a
//! debug build on this 2-core machine), and libgit2 is what most tools that
//! write git repositories use. gix was not built here to compare: its
//! feature list alone settled it.
//!
//! `git2::Repository` is not `Sync`, so [`History`] holds only paths and
//! each operation opens the repository afresh; every call does file work
//! and belongs on a blocking thread.

use std::path::{Component, Path, PathBuf};

use git2::build::TreeUpdateBuilder;
use git2::{DiffLineType, ErrorCode, FileMode, Oid, Repository, Signature};
use jiff::Timestamp;

/// The most versions of one file the history lists: years of weekly edits,
/// and a page that still opens quickly. Older ones stay in git.
pub const MAX_VERSIONS: usize = 50;
/// The most lines of one version's changes shown: a whole rewritten
/// article, not a page too long to read. The rest are counted.
pub const MAX_CHANGED_LINES: usize = 400;
/// Lines shown around each change, as `git diff` shows them.
const CONTEXT_LINES: u32 = 3;
/// Who the first commit of a repository Hearth made is by: no editor made
/// it, and git needs a name and an address.
const HEARTH_NAME: &str = "Hearth";
const HEARTH_ADDRESS: &str = "hearth@localhost";

/// Why history could not be read or kept.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// libgit2 refused: a damaged repository, one owned by another user,
    /// a reference moved while a commit was being made.
    #[error("git: {0}")]
    Git(#[from] git2::Error),
    /// A file to record, or the content folder, could not be read.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A kept version of the file is not UTF-8 text, so the editor cannot
    /// show or restore it.
    #[error("that version of the file is not UTF-8 text")]
    NotText,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> HistoryError + '_ {
    move |source| HistoryError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Where the versions are kept.
#[derive(Debug, Clone)]
pub struct History {
    /// The repository's own folder (`.git`), opened afresh by each operation.
    git_dir: PathBuf,
    /// Its work tree, canonical: a recorded file must be inside it.
    work_tree: PathBuf,
}

/// Whether the content folder was already in a repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Started {
    Existing,
    /// Hearth made one in the content folder, with every file in a first commit.
    Created,
}

/// What made a commit, as the first word of its message says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The first commit of a repository Hearth made.
    Start,
    /// An editor's save.
    Save,
    /// An editor put an earlier version back.
    Restore,
    /// An editor's uploaded photo.
    Photo,
}

impl Action {
    const ALL: [Action; 4] = [Action::Start, Action::Save, Action::Restore, Action::Photo];

    /// The message's first word.
    pub fn word(self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::Save => "save",
            Action::Restore => "restore",
            Action::Photo => "photo",
        }
    }

    /// The action a message names, if Hearth wrote it.
    fn of_message(message: &str) -> Option<Action> {
        let (word, _) = message.split_once(": ")?;
        Action::ALL.into_iter().find(|action| action.word() == word)
    }
}

/// One kept version of a file: a commit that changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The commit's full id, which a restore names.
    pub id: String,
    /// The shortest unambiguous id, as `git log --oneline` shows it.
    pub short: String,
    /// The author's address: the editor's, for Hearth's commits.
    pub author: String,
    pub at: Timestamp,
    /// What made it; `None` for a commit a person made with git.
    pub action: Option<Action>,
    /// The whole message, for commits Hearth did not write.
    pub message: String,
    /// Whether the file exists in this version (a commit may remove it).
    pub exists: bool,
}

/// How a line of a version's changes differs from the version before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Added,
    Removed,
    /// Unchanged, shown around a change.
    Context,
}

/// One line of a version's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedLine {
    pub kind: LineKind,
    /// The line without its line ending.
    pub text: String,
    /// Its number in the version before, unless it was added.
    pub old: Option<u32>,
    /// Its number in this version, unless it was removed.
    pub new: Option<u32>,
}

/// A version's changes against the version before it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Each run of changed lines with its context, in order.
    pub hunks: Vec<Vec<ChangedLine>>,
    /// Lines past [`MAX_CHANGED_LINES`], not listed.
    pub left_out: usize,
}

impl History {
    /// The history of `content`: the repository it is in, or a new one
    /// made in it with every file committed as it is, at `at`.
    pub fn open_or_start(
        content: &Path,
        at: Timestamp,
    ) -> Result<(History, Started), HistoryError> {
        let content = content.canonicalize().map_err(io_error(content))?;
        if let Some(history) = History::enclosing(&content)? {
            return Ok((history, Started::Existing));
        }
        let repository = Repository::init(&content)?;
        let history = History {
            git_dir: repository.path().to_owned(),
            work_tree: content.clone(),
        };
        let files = every_file(&content)?;
        let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        history.record(
            &files,
            (HEARTH_NAME, HEARTH_ADDRESS),
            Action::Start,
            "the content folder as it was",
            at,
        )?;
        Ok((history, Started::Created))
    }

    /// The repository whose work tree holds `content` (canonical), unless
    /// there is none, it is bare, or it ignores the content folder.
    fn enclosing(content: &Path) -> Result<Option<History>, HistoryError> {
        let repository = match Repository::discover(content) {
            Ok(repository) => repository,
            Err(error) if error.code() == ErrorCode::NotFound => return Ok(None),
            Err(error) => return Err(error.into()),
        };
        let Some(work_tree) = repository.workdir() else {
            return Ok(None);
        };
        let work_tree = work_tree.canonicalize().map_err(io_error(work_tree))?;
        let Ok(inside) = content.strip_prefix(&work_tree) else {
            return Ok(None);
        };
        // A folder is ignored by a pattern such as `content/` only when
        // asked about with its slash.
        let ignored = !inside.as_os_str().is_empty()
            && repository.is_path_ignored(format!("{}/", inside.display()))?;
        Ok((!ignored).then(|| History {
            git_dir: repository.path().to_owned(),
            work_tree,
        }))
    }

    fn open(&self) -> Result<Repository, HistoryError> {
        Ok(Repository::open(&self.git_dir)?)
    }

    /// Commits `files` as they are on disk now (a missing file is removed)
    /// on top of HEAD, by `author` (a name and an address) at `at`, with the
    /// message `ACTION: detail`. The commit's id, or `None` when nothing
    /// changed. Files outside the work tree are skipped with a warning.
    pub fn record(
        &self,
        files: &[&Path],
        (name, address): (&str, &str),
        action: Action,
        detail: &str,
        at: Timestamp,
    ) -> Result<Option<String>, HistoryError> {
        let repository = self.open()?;
        let head = head_commit(&repository)?;
        let base = match &head {
            Some(commit) => commit.tree()?,
            None => repository.find_tree(repository.treebuilder(None)?.write()?)?,
        };
        let mut update = TreeUpdateBuilder::new();
        let mut recorded = Vec::new();
        for file in files {
            let Some(relative) = self.relative(file) else {
                tracing::warn!(file = %file.display(), "history: not recording a file outside the repository's work tree");
                continue;
            };
            let kept = base.get_path(Path::new(&relative)).ok();
            match std::fs::symlink_metadata(file) {
                Ok(metadata) if metadata.is_file() => {
                    let bytes = std::fs::read(file).map_err(io_error(file))?;
                    let mode = match kept.map(|entry| entry.filemode()) {
                        Some(mode) if mode == i32::from(FileMode::BlobExecutable) => {
                            FileMode::BlobExecutable
                        }
                        _ => FileMode::Blob,
                    };
                    update.upsert(relative.as_str(), repository.blob(&bytes)?, mode);
                }
                // A link or a folder is not a version of a file.
                Ok(_) => continue,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    if kept.is_none() {
                        continue;
                    }
                    update.remove(relative.as_str());
                }
                Err(error) => return Err(io_error(file)(error)),
            }
            recorded.push(relative);
        }
        if recorded.is_empty() {
            return Ok(None);
        }
        let tree = repository.find_tree(update.create_updated(&repository, &base)?)?;
        if tree.id() == base.id() {
            return Ok(None);
        }
        let when = git2::Time::new(at.as_second(), 0);
        let signature = Signature::new(name, address, &when)?;
        let message = format!("{}: {detail}", action.word());
        let parents: Vec<&git2::Commit<'_>> = head.iter().collect();
        // Updating HEAD checks that it still points at the parent, so a
        // commit a person made meanwhile is never lost.
        let id = repository.commit(
            Some("HEAD"),
            &signature,
            &signature,
            &message,
            &tree,
            &parents,
        )?;
        // The commit is made; a stale index only shows in `git status`.
        if let Err(error) = self.update_index(&repository, &recorded) {
            tracing::warn!(%error, "history: commit {id} made, but the index was not updated");
        }
        Ok(Some(id.to_string()))
    }

    /// Brings the index entries of `recorded` to the files as they are.
    fn update_index(
        &self,
        repository: &Repository,
        recorded: &[String],
    ) -> Result<(), git2::Error> {
        let mut index = repository.index()?;
        for relative in recorded {
            let path = Path::new(relative);
            if self.work_tree.join(path).is_file() {
                index.add_path(path)?;
            } else {
                index.remove_path(path)?;
            }
        }
        index.write()
    }

    /// `file`'s place in the work tree, with `/`, if it is inside it and
    /// not in the repository's own folder.
    fn relative(&self, file: &Path) -> Option<String> {
        let name = file.file_name()?;
        let folder = file.parent()?.canonicalize().ok()?;
        let full = folder.join(name);
        let inside = full.strip_prefix(&self.work_tree).ok()?;
        let mut parts = Vec::new();
        for component in inside.components() {
            match component {
                Component::Normal(part) => parts.push(part.to_str()?),
                _ => return None,
            }
        }
        let in_git = parts.iter().any(|part| part.eq_ignore_ascii_case(".git"));
        (!parts.is_empty() && !in_git).then(|| parts.join("/"))
    }

    /// The commits that changed `file`, newest first, at most [`MAX_VERSIONS`].
    pub fn versions(&self, file: &Path) -> Result<Vec<Version>, HistoryError> {
        let Some(relative) = self.relative(file) else {
            return Ok(Vec::new());
        };
        let repository = self.open()?;
        let mut walk = repository.revwalk()?;
        match walk.push_head() {
            Ok(()) => {}
            Err(error) if matches!(error.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => {
                return Ok(Vec::new());
            }
            Err(error) => return Err(error.into()),
        }
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
        let path = Path::new(&relative);
        let mut versions = Vec::new();
        for id in walk {
            let commit = repository.find_commit(id?)?;
            let here = entry_id(&commit, path)?;
            let mut parents = commit.parents().peekable();
            // As `git log FILE` counts: changed unless the same as a parent.
            let changed = if parents.peek().is_none() {
                here.is_some()
            } else {
                let mut changed = true;
                for parent in parents {
                    changed &= entry_id(&parent, path)? != here;
                }
                changed
            };
            if !changed {
                continue;
            }
            let message = String::from_utf8_lossy(commit.message_bytes())
                .trim()
                .to_owned();
            versions.push(Version {
                id: commit.id().to_string(),
                short: commit
                    .as_object()
                    .short_id()?
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                author: String::from_utf8_lossy(commit.author().email_bytes()).into_owned(),
                at: Timestamp::from_second(commit.time().seconds())
                    .unwrap_or(Timestamp::UNIX_EPOCH),
                action: Action::of_message(&message),
                message,
                exists: here.is_some(),
            });
            if versions.len() == MAX_VERSIONS {
                break;
            }
        }
        Ok(versions)
    }

    /// `file`'s text in the version `id`, if `id` is a full commit id in
    /// HEAD's history (not any object a repository happens to hold) and
    /// the file exists in it.
    pub fn text_at(&self, id: &str, file: &Path) -> Result<Option<String>, HistoryError> {
        let Some(relative) = self.relative(file) else {
            return Ok(None);
        };
        let repository = self.open()?;
        let Some(commit) = kept_commit(&repository, id)? else {
            return Ok(None);
        };
        match blob_bytes(&repository, &commit, Path::new(&relative))? {
            Some(bytes) => String::from_utf8(bytes)
                .map(Some)
                .map_err(|_| HistoryError::NotText),
            None => Ok(None),
        }
    }

    /// What the version `id` changed in `file`, against its first parent.
    pub fn changes(&self, id: &str, file: &Path) -> Result<Changes, HistoryError> {
        let Some(relative) = self.relative(file) else {
            return Ok(Changes::default());
        };
        let repository = self.open()?;
        let Some(commit) = kept_commit(&repository, id)? else {
            return Ok(Changes::default());
        };
        let path = Path::new(&relative);
        let new = blob_bytes(&repository, &commit, path)?.unwrap_or_default();
        let old = match commit.parents().next() {
            Some(parent) => blob_bytes(&repository, &parent, path)?.unwrap_or_default(),
            None => Vec::new(),
        };
        let mut options = git2::DiffOptions::new();
        options.context_lines(CONTEXT_LINES);
        let patch =
            git2::Patch::from_buffers(&old, Some(path), &new, Some(path), Some(&mut options))?;
        let mut changes = Changes::default();
        let mut listed = 0;
        for hunk_index in 0..patch.num_hunks() {
            let mut hunk = Vec::new();
            for line_index in 0..patch.num_lines_in_hunk(hunk_index)? {
                let line = patch.line_in_hunk(hunk_index, line_index)?;
                let kind = match line.origin_value() {
                    DiffLineType::Addition => LineKind::Added,
                    DiffLineType::Deletion => LineKind::Removed,
                    DiffLineType::Context => LineKind::Context,
                    // "No newline at end of file" and headers.
                    _ => continue,
                };
                if listed == MAX_CHANGED_LINES {
                    changes.left_out += 1;
                    continue;
                }
                listed += 1;
                hunk.push(ChangedLine {
                    kind,
                    text: String::from_utf8_lossy(line.content())
                        .trim_end_matches(['\n', '\r'])
                        .to_owned(),
                    old: line.old_lineno(),
                    new: line.new_lineno(),
                });
            }
            if !hunk.is_empty() {
                changes.hunks.push(hunk);
            }
        }
        Ok(changes)
    }
}

/// HEAD's commit, or `None` on a branch with no commit yet.
fn head_commit(repository: &Repository) -> Result<Option<git2::Commit<'_>>, HistoryError> {
    match repository.head() {
        Ok(head) => Ok(Some(head.peel_to_commit()?)),
        Err(error) if matches!(error.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => {
            Ok(None)
        }
        Err(error) => Err(error.into()),
    }
}

/// The commit `id` names, if it is a full id and HEAD or one of its ancestors.
fn kept_commit<'r>(
    repository: &'r Repository,
    id: &str,
) -> Result<Option<git2::Commit<'r>>, HistoryError> {
    // A short id would be padded with zeros, not looked up.
    let full = id.len() == 40 && id.bytes().all(|byte| byte.is_ascii_hexdigit());
    let Some(id) = full.then(|| Oid::from_str(id).ok()).flatten() else {
        return Ok(None);
    };
    let commit = match repository.find_commit(id) {
        Ok(commit) => commit,
        Err(error) if error.code() == ErrorCode::NotFound => return Ok(None),
        Err(error) => return Err(error.into()),
    };
    let Some(head) = head_commit(repository)? else {
        return Ok(None);
    };
    let kept = head.id() == id || repository.graph_descendant_of(head.id(), id)?;
    Ok(kept.then_some(commit))
}

/// The id of `path`'s blob in `commit`, if it has one there.
fn entry_id(commit: &git2::Commit<'_>, path: &Path) -> Result<Option<Oid>, HistoryError> {
    match commit.tree()?.get_path(path) {
        Ok(entry) if entry.kind() == Some(git2::ObjectType::Blob) => Ok(Some(entry.id())),
        Ok(_) => Ok(None),
        Err(error) if error.code() == ErrorCode::NotFound => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// `path`'s bytes in `commit`, if it is a file there.
fn blob_bytes(
    repository: &Repository,
    commit: &git2::Commit<'_>,
    path: &Path,
) -> Result<Option<Vec<u8>>, HistoryError> {
    match entry_id(commit, path)? {
        Some(id) => Ok(Some(repository.find_blob(id)?.content().to_vec())),
        None => Ok(None),
    }
}

/// Every file of `content` for the first commit: not hidden names (the
/// loader skips them too: `.DS_Store`, a save's leftover temporary file),
/// not links, not `.git`.
fn every_file(content: &Path) -> Result<Vec<PathBuf>, HistoryError> {
    let mut files = Vec::new();
    let mut pending = vec![content.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).map_err(io_error(&folder))? {
            let entry = entry.map_err(io_error(&folder))?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let kind = entry.file_type().map_err(io_error(&entry.path()))?;
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EDITOR: &str = "office@harborlight.example";

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + second).unwrap()
    }

    fn save(history: &History, file: &Path, text: &str, second: i64) -> Option<String> {
        std::fs::write(file, text).unwrap();
        history
            .record(
                &[file],
                (EDITOR, EDITOR),
                Action::Save,
                "posts/a.md",
                at(second),
            )
            .unwrap()
    }

    /// A plain folder becomes a repository whose first commit holds every
    /// file, by Hearth, and the folder's files are unchanged.
    #[test]
    fn a_plain_folder_becomes_a_repository_with_a_first_commit() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::create_dir(folder.path().join("posts")).unwrap();
        std::fs::write(folder.path().join("site.yaml"), "name: x\n").unwrap();
        std::fs::write(folder.path().join("posts/a.md"), "one\n").unwrap();
        std::fs::write(folder.path().join(".DS_Store"), "junk").unwrap();
        let (history, started) = History::open_or_start(folder.path(), at(0)).unwrap();
        assert_eq!(started, Started::Created);
        let repository = Repository::open(folder.path()).unwrap();
        let head = repository.head().unwrap().peel_to_commit().unwrap();
        assert_eq!(head.author().name().ok(), Some(HEARTH_NAME));
        assert!(head.message().unwrap().starts_with("start: "));
        let tree = head.tree().unwrap();
        assert!(tree.get_path(Path::new("site.yaml")).is_ok());
        assert!(tree.get_path(Path::new("posts/a.md")).is_ok());
        assert!(tree.get_path(Path::new(".DS_Store")).is_err());
        let versions = history.versions(&folder.path().join("posts/a.md")).unwrap();
        assert_eq!(versions.len(), 1);
        assert_eq!(versions[0].action, Some(Action::Start));
        let (_, again) = History::open_or_start(folder.path(), at(1)).unwrap();
        assert_eq!(
            again,
            Started::Existing,
            "the second start finds the first's"
        );
    }

    /// A save is a commit by the editor, listed newest first with its
    /// text and its added and removed lines; nothing changed, no commit.
    #[test]
    fn saves_are_versions_by_the_editor_newest_first() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::create_dir(folder.path().join("posts")).unwrap();
        let file = folder.path().join("posts/a.md");
        std::fs::write(&file, "one\ntwo\n").unwrap();
        let (history, _) = History::open_or_start(folder.path(), at(0)).unwrap();
        let first = save(&history, &file, "one\nthree\n", 10).unwrap();
        assert_eq!(save(&history, &file, "one\nthree\n", 20), None);
        let second = save(&history, &file, "zero\none\nthree\n", 30).unwrap();
        let versions = history.versions(&file).unwrap();
        let ids: Vec<&str> = versions.iter().map(|version| version.id.as_str()).collect();
        assert_eq!(ids[..2], [second.as_str(), first.as_str()]);
        assert_eq!(versions.len(), 3);
        assert_eq!(versions[1].author, EDITOR);
        assert_eq!(versions[1].at, at(10));
        assert_eq!(versions[1].action, Some(Action::Save));
        assert_eq!(versions[1].message, "save: posts/a.md");
        assert!(first.starts_with(&versions[1].short));
        assert_eq!(
            history.text_at(&first, &file).unwrap().as_deref(),
            Some("one\nthree\n")
        );
        let changes = history.changes(&first, &file).unwrap();
        let lines: Vec<(LineKind, &str, Option<u32>, Option<u32>)> = changes.hunks[0]
            .iter()
            .map(|line| (line.kind, line.text.as_str(), line.old, line.new))
            .collect();
        assert_eq!(
            lines,
            [
                (LineKind::Context, "one", Some(1), Some(1)),
                (LineKind::Removed, "two", Some(2), None),
                (LineKind::Added, "three", None, Some(2)),
            ]
        );
        let short: String = first.chars().take(7).collect();
        assert_eq!(
            history.text_at(&short, &file).unwrap(),
            None,
            "a short id is not looked up"
        );
        assert_eq!(history.text_at("not an id", &file).unwrap(), None);
        let unknown = "0".repeat(40);
        assert_eq!(
            history.text_at(&unknown, &file).unwrap(),
            None,
            "no such commit"
        );
    }

    /// Inside a repository a person keeps, a save commits only its file:
    /// what they staged by hand stays staged and out of the commit, and
    /// the saved file's index entry matches it (nothing left to commit).
    #[test]
    fn inside_an_existing_repository_only_the_saved_file_is_committed() {
        let site = tempfile::tempdir().unwrap();
        let repository = Repository::init(site.path()).unwrap();
        let content = site.path().join("content");
        std::fs::create_dir_all(content.join("posts")).unwrap();
        let file = content.join("posts/a.md");
        std::fs::write(&file, "one\n").unwrap();
        std::fs::write(site.path().join("README"), "theirs\n").unwrap();
        let mut index = repository.index().unwrap();
        index.add_path(Path::new("content/posts/a.md")).unwrap();
        index.add_path(Path::new("README")).unwrap();
        index.write().unwrap();
        let tree = repository.find_tree(index.write_tree().unwrap()).unwrap();
        let person = Signature::now("A Person", "person@example.org").unwrap();
        repository
            .commit(
                Some("HEAD"),
                &person,
                &person,
                "their own commit",
                &tree,
                &[],
            )
            .unwrap();
        std::fs::write(site.path().join("README"), "staged by hand\n").unwrap();
        std::fs::write(site.path().join("notes"), "staged too\n").unwrap();
        let mut index = repository.index().unwrap();
        index.add_path(Path::new("README")).unwrap();
        index.add_path(Path::new("notes")).unwrap();
        index.write().unwrap();

        let (history, started) = History::open_or_start(&content, at(0)).unwrap();
        assert_eq!(started, Started::Existing);
        save(&history, &file, "two\n", 10).unwrap();
        let head = repository.head().unwrap().peel_to_commit().unwrap();
        assert_eq!(head.message().ok(), Some("save: posts/a.md"));
        let tree = head.tree().unwrap();
        let readme = tree
            .get_path(Path::new("README"))
            .unwrap()
            .to_object(&repository)
            .unwrap();
        assert_eq!(readme.as_blob().unwrap().content(), b"theirs\n");
        assert!(tree.get_path(Path::new("notes")).is_err());
        let statuses = repository.statuses(None).unwrap();
        let status_of = |path: &str| {
            (statuses.iter())
                .find(|entry| entry.path().ok() == Some(path))
                .map(|entry| entry.status())
        };
        assert_eq!(
            status_of("content/posts/a.md"),
            None,
            "nothing left to commit"
        );
        assert_eq!(status_of("README"), Some(git2::Status::INDEX_MODIFIED));
        assert_eq!(status_of("notes"), Some(git2::Status::INDEX_NEW));
        let versions = history.versions(&file).unwrap();
        assert_eq!(versions.len(), 2);
        assert_eq!(versions[1].action, None, "a person's commit has no action");
        assert_eq!(versions[1].message, "their own commit");
    }

    /// A content folder its enclosing repository ignores gets its own.
    #[test]
    fn an_ignored_content_folder_gets_its_own_repository() {
        let site = tempfile::tempdir().unwrap();
        Repository::init(site.path()).unwrap();
        std::fs::write(site.path().join(".gitignore"), "content/\n").unwrap();
        let content = site.path().join("content");
        std::fs::create_dir(&content).unwrap();
        std::fs::write(content.join("site.yaml"), "name: x\n").unwrap();
        let (_, started) = History::open_or_start(&content, at(0)).unwrap();
        assert_eq!(started, Started::Created);
        assert!(content.join(".git").is_dir());
    }

    /// A path that leads out of the work tree, or into `.git`, is not
    /// recorded, and no commit is made for it.
    #[test]
    fn a_path_outside_the_work_tree_is_skipped() {
        let folder = tempfile::tempdir().unwrap();
        let content = folder.path().join("content");
        std::fs::create_dir(&content).unwrap();
        std::fs::write(folder.path().join("secret"), "outside\n").unwrap();
        let (history, _) = History::open_or_start(&content, at(0)).unwrap();
        let repository = Repository::open(&content).unwrap();
        let before = repository.head().ok().and_then(|head| head.target());
        for hostile in [
            content.join("../secret"),
            folder.path().join("secret"),
            content.join(".git/config"),
            PathBuf::from("/etc/passwd"),
        ] {
            let recorded = history
                .record(&[&hostile], (EDITOR, EDITOR), Action::Save, "x", at(1))
                .unwrap();
            assert_eq!(recorded, None, "{}", hostile.display());
            assert!(history.versions(&hostile).unwrap().is_empty());
        }
        let after = repository.head().ok().and_then(|head| head.target());
        assert_eq!(before, after);
    }
}
