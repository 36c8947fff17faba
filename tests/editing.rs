//! The editors' tools: `hearth new` writes files that pass `hearth check`,
//! and the guide in docs/editing.md documents every field the code accepts.

mod common;

use common::{copy_dir, hearth, repo_path};

/// Each kind of new file is written where it belongs, is printed, passes
/// the check as it stands (a service once its two placeholder sentences
/// are the practice's own), and is never written over.
#[test]
fn new_files_are_ready_to_fill_in() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("tests/fixtures/minimal"), dir.path());
    for (kind, folder) in [
        ("post", "posts"),
        ("therapist", "therapists"),
        ("service", "services"),
        ("page", "pages"),
    ] {
        let output = common::succeeded(
            hearth()
                .args(["new", kind, "Finding \"calm\": a guide", "--content"])
                .arg(dir.path()),
        );
        let printed = String::from_utf8(output.stdout).unwrap();
        let path = std::path::PathBuf::from(printed.trim());
        assert!(
            path.starts_with(dir.path().join(folder)),
            "{kind}: {printed}"
        );
        assert!(
            path.to_str().unwrap().ends_with("finding-calm-a-guide.md"),
            "{printed}"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("Finding 'calm': a guide"), "{text}");

        let again = hearth()
            .args(["new", kind, "Finding \"calm\": a guide", "--content"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(!again.status.success(), "{kind} was written over");
        assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    }
    let post = std::fs::read_dir(dir.path().join("posts"))
        .unwrap()
        .flatten()
        .find(|entry| entry.file_name().to_string_lossy().contains("finding-calm"))
        .unwrap();
    let text = std::fs::read_to_string(post.path()).unwrap();
    let today = &post.file_name().to_string_lossy()[..10].to_owned();
    assert!(text.contains(&format!("date: {today}\n")), "{text}");
    assert!(text.contains("author: jo-lee\n"), "{text}");
    assert!(text.contains("draft: true\n"), "{text}");

    let check = || {
        let output = hearth()
            .arg("check")
            .arg("--content")
            .arg(dir.path())
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    // A service has no drafts: it waits for its own words, and only those
    // two are in the way.
    let waiting = check();
    let problems: Vec<&str> = waiting
        .lines()
        .filter(|line| line.contains(": error: "))
        .collect();
    assert_eq!(problems.len(), 2, "{waiting}");
    assert!(
        problems
            .iter()
            .all(|line| line.contains("services/finding-calm-a-guide.md:")),
        "{waiting}"
    );
    let service = dir.path().join("services/finding-calm-a-guide.md");
    let written = std::fs::read_to_string(&service).unwrap();
    let filled = written
        .replace(
            "Describe the service in one sentence.",
            "Calm, found together.",
        )
        .replace(
            "Describe who this is for and what sessions are like.",
            "For anyone.",
        );
    std::fs::write(&service, filled).unwrap();
    assert_eq!(check(), "no problems: the content is ready\n");
}

/// The guide's field reference lists every field the code accepts, under
/// the heading of its kind of file, as a table row starting with the
/// field's name; a field added to the code but not the guide fails here.
#[test]
fn the_guide_documents_every_field() {
    let guide = std::fs::read_to_string(repo_path("docs/editing.md")).unwrap();
    let reference = guide
        .split_once("## Field reference")
        .expect("the guide has a field reference")
        .1;
    for (kind, fields) in hearth::content::accepted_fields() {
        let section = reference
            .split_once(&format!("### {kind}\n"))
            .unwrap_or_else(|| panic!("the field reference has no \"### {kind}\" section"))
            .1;
        let section = section.split("\n### ").next().unwrap();
        for field in fields {
            assert!(
                section.contains(&format!("\n| `{field}` |")),
                "docs/editing.md does not document the {kind} field \"{field}\""
            );
        }
    }
}

/// The README sends editors to the guide.
#[test]
fn the_readme_links_the_guide() {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    assert!(readme.contains("(docs/editing.md)"));
}

/// The guide names every page name the site keeps for itself, so an editor
/// can choose a free one before `hearth check` refuses it.
#[test]
fn the_guide_lists_every_reserved_page_name() {
    let guide = std::fs::read_to_string(repo_path("docs/editing.md")).unwrap();
    for reserved in hearth::urls::reserved_page_slugs() {
        assert!(guide.contains(&format!("`{reserved}`")), "{reserved}");
    }
}
