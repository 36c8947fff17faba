//! Names become addresses: file names, tags and new files are ASCII slugs,
//! a page cannot take one of the site's own addresses, two files cannot
//! share one, and the link checker knows every address the site answers.
//! Each test changes a copy of the minimal fixture site.

mod common;

use std::path::Path;

use common::{copy_dir, hearth, repo_path};
use hearth::content::{self, ContentErrors, Sources};
use tempfile::TempDir;

/// A copy of the minimal fixture site that a test may change.
fn minimal_site() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("tests/fixtures/minimal"), dir.path());
    dir
}

fn check(dir: &Path) -> ContentErrors {
    content::check(&Sources {
        content: dir.to_owned(),
        static_files: repo_path("static"),
    })
    .1
}

/// The lines of the report about one file of the site, without the folder.
fn problems_of(problems: &ContentErrors, dir: &Path, file: &str) -> Vec<String> {
    let prefix = format!("{}:", dir.join(file).display());
    problems
        .0
        .iter()
        .map(ToString::to_string)
        .filter_map(|line| Some(format!("{file}:{}", line.strip_prefix(&prefix)?)))
        .collect()
}

fn write(dir: &Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).unwrap();
}

/// Writes `text` to `file` in the site at `dir`, checks the site, and gives
/// what the check says about that file, with the whole report for messages.
fn problems_after_writing(dir: &Path, file: &str, text: &str) -> (Vec<String>, String) {
    write(dir, file, text);
    let problems = check(dir);
    (problems_of(&problems, dir, file), problems.report())
}

fn therapist_named(name: &str) -> String {
    std::fs::read_to_string(repo_path("tests/fixtures/minimal/therapists/jo-lee.md"))
        .unwrap()
        .replacen("name: Jo Lee", &format!("name: {name}"), 1)
}

/// A therapist file named with an accent would be served at an address
/// browsers encode differently: check refuses it at line 1 and says which
/// name to use.
#[test]
fn accented_therapist_file_is_refused_with_the_name_to_use() {
    let dir = minimal_site();
    let (found, report) = problems_after_writing(
        dir.path(),
        "therapists/elena-márquez.md",
        &therapist_named("Elena Márquez"),
    );
    assert_eq!(found.len(), 1, "{report}");
    assert!(
        found[0].starts_with("therapists/elena-márquez.md:1:1: error: ")
            && found[0].contains("rename it to elena-marquez.md"),
        "{}",
        found[0]
    );
}

/// `hearth new therapist "Elena Márquez"` writes `elena-marquez.md`, and
/// the site with it passes the check.
#[test]
fn new_therapist_with_an_accented_name_gets_an_ascii_file_name() {
    let dir = minimal_site();
    let output = common::succeeded(
        hearth()
            .args(["new", "therapist", "Elena Márquez", "--content"])
            .arg(dir.path()),
    );
    let written = dir.path().join("therapists/elena-marquez.md");
    assert_eq!(
        String::from_utf8(output.stdout).unwrap().trim(),
        written.display().to_string()
    );
    assert!(
        std::fs::read_to_string(&written)
            .unwrap()
            .contains("name: \"Elena Márquez\"")
    );
    let problems = check(dir.path());
    assert_eq!(problems.0, [], "{}", problems.report());
}

/// Tags keep the words as written and get an ASCII slug for their page; a
/// tag with no letters or digits is an error on its own line.
#[test]
fn tags_keep_their_words_and_get_ascii_slugs() {
    let dir = minimal_site();
    write(
        dir.path(),
        "posts/2026-01-05-hello.md",
        "---\ntitle: Hello\ndate: 2026-01-05\nauthor: jo-lee\ntags: [pérdida, Pérdida y duelo]\n---\nThe first paragraph.\n",
    );
    let site = content::load(&Sources {
        content: dir.path().to_owned(),
        static_files: repo_path("static"),
    })
    .unwrap();
    let tags: Vec<(&str, &str)> = site
        .tags
        .iter()
        .map(|tag| (tag.tag.name.as_str(), tag.tag.slug.as_str()))
        .collect();
    assert_eq!(
        tags,
        [
            ("pérdida", "perdida"),
            ("Pérdida y duelo", "perdida-y-duelo")
        ]
    );

    let (found, report) = problems_after_writing(
        dir.path(),
        "posts/2026-01-05-hello.md",
        "---\ntitle: Hello\ndate: 2026-01-05\nauthor: jo-lee\ntags:\n  - grief\n  - \"?!\"\n---\nThe first paragraph.\n",
    );
    assert_eq!(found.len(), 1, "{report}");
    assert!(
        found[0].starts_with(
            "posts/2026-01-05-hello.md:7:5: error: the tag \"?!\" has no letters or digits"
        ),
        "{}",
        found[0]
    );
}

/// A page named after one of the site's own addresses (`search`,
/// `robots.txt`, `_dev`…) would never be shown: each is an error at line 1
/// of its file.
#[test]
fn reserved_page_names_are_refused_at_file_and_line() {
    for reserved in hearth::urls::reserved_page_slugs() {
        let dir = minimal_site();
        let file = format!("pages/{reserved}.md");
        let (found, report) =
            problems_after_writing(dir.path(), &file, "---\ntitle: A page\n---\nText.\n");
        assert_eq!(found.len(), 1, "{reserved}: {report}");
        assert!(
            found[0].starts_with(&format!(
                "{file}:1:1: error: \"{reserved}\" is already an address of the site itself"
            )),
            "{}",
            found[0]
        );
    }
}

/// Links to every address the site answers pass the check, the feed,
/// search and sitemap included; a page of the blog's list that does not
/// exist is still a broken link.
#[test]
fn links_to_every_address_of_the_site_are_accepted() {
    let dir = minimal_site();
    let links = [
        "/feed.xml",
        "/search",
        "/search?q=grief",
        "/sitemap.xml",
        "/robots.txt",
        "/",
        "/blog",
        "/blog/hello",
        "/blog/tags/first-post",
        "/therapists/jo-lee",
        "/services/individual-therapy",
        "/consultation",
        "/consultation/thanks",
        "/fees#sliding-scale",
        "/static/favicon.svg",
    ];
    let body: String = links
        .iter()
        .map(|link| format!("- [a link]({link})\n"))
        .collect();
    write(
        dir.path(),
        "pages/about.md",
        &format!("---\ntitle: About\n---\nLinks:\n\n{body}"),
    );
    let problems = check(dir.path());
    assert_eq!(problems.0, [], "{}", problems.report());

    let (found, report) = problems_after_writing(
        dir.path(),
        "pages/about.md",
        "---\ntitle: About\n---\nSee [older](/blog/page/2) and [out](/static/../Cargo.toml).\n",
    );
    assert_eq!(found.len(), 2, "{report}");
    assert!(
        found[0].contains("\"/blog/page/2\" leads nowhere"),
        "{found:?}"
    );
    assert!(
        found[1].contains("\"/static/../Cargo.toml\" leads nowhere"),
        "{found:?}"
    );
}

/// Two files that make one address, two posts in different months or
/// `Fees.md` beside `fees.md`, are one error that names both files.
#[test]
fn colliding_slugs_are_one_error_naming_both_files() {
    let dir = minimal_site();
    write(
        dir.path(),
        "posts/2026-03-01-hello.md",
        "---\ntitle: Hello again\ndate: 2026-03-01\nauthor: jo-lee\n---\nAgain.\n",
    );
    std::fs::copy(
        dir.path().join("pages/fees.md"),
        dir.path().join("pages/Fees.md"),
    )
    .unwrap();
    let report = check(dir.path()).report();
    let naming = |first: &str, second: &str| {
        report
            .lines()
            .filter(|line| line.contains("both make the web address"))
            .filter(|line| line.contains(first) && line.contains(second))
            .count()
    };
    assert_eq!(
        naming("2026-01-05-hello.md", "2026-03-01-hello.md"),
        1,
        "{report}"
    );
    assert_eq!(naming("Fees.md", "fees.md"), 1, "{report}");
    assert!(
        report.contains("both make the web address /fees"),
        "{report}"
    );
}
