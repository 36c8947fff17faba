//! Bad content is reported all at once, each problem with its file and line,
//! and the site refuses to load; good content loads.

mod common;

use common::repo_path;
use hearth::content::{self, Sources};

/// The fixture sites meant to pass `hearth check`.
const GOOD_FIXTURES: [&str; 4] = ["minimal", "every-kind", "practice", "spanish"];

fn sources(fixture: &str) -> Sources {
    Sources {
        content: repo_path(&format!("tests/fixtures/{fixture}")),
        static_files: repo_path("static"),
    }
}

/// Every good fixture and the demo practice load without a single problem,
/// not even a warning, and the minimal fixture's one post is read as written.
#[test]
fn good_content_loads() {
    let demo = common::demo_sources();
    let fixtures = GOOD_FIXTURES.map(sources);
    for good in fixtures.iter().chain([&demo]) {
        let (_, problems) = content::check(good);
        assert!(
            problems.0.is_empty(),
            "{}: {problems}",
            good.content.display()
        );
    }

    let site = content::load(&sources("minimal")).unwrap();
    assert_eq!(site.posts.len(), 1);
    assert_eq!(site.posts[0].slug, "hello");
    assert_eq!(site.posts[0].summary, "The first paragraph.");
    assert_eq!(site.tags[0].tag.slug, "first-post");
    assert_eq!(site.settings.state_names(), ["California", "Oregon"]);
}

/// `hearth check` on the broken fixture finds every mistake in one pass,
/// in file order, each as `path:line:col: error|warning: message` with its
/// hint, then the summary; the output is compared line by line with
/// `tests/fixtures/broken.expected`.
#[test]
fn check_lists_every_problem_line_by_line() {
    let output = common::hearth()
        .args(["check", "--content", "tests/fixtures/broken"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "errors make check fail");
    let actual = String::from_utf8(output.stdout).unwrap();
    let expected = std::fs::read_to_string(repo_path("tests/fixtures/broken.expected")).unwrap();
    let actual_lines: Vec<&str> = actual.lines().collect();
    let expected_lines: Vec<&str> = expected.lines().collect();
    for (number, (got, wanted)) in actual_lines.iter().zip(&expected_lines).enumerate() {
        assert_eq!(got, wanted, "line {} of the output", number + 1);
    }
    assert_eq!(actual_lines.len(), expected_lines.len(), "{actual}");
}

/// Good content, the demo's and every good fixture's, passes the check
/// with exit status 0.
#[test]
fn check_passes_good_content() {
    let fixtures = GOOD_FIXTURES.map(|fixture| format!("tests/fixtures/{fixture}"));
    for folder in ["content"]
        .iter()
        .copied()
        .chain(fixtures.iter().map(String::as_str))
    {
        let output = common::hearth()
            .args(["check", "--content", folder])
            .output()
            .unwrap();
        assert!(output.status.success(), "{folder}");
        assert_eq!(
            String::from_utf8(output.stdout).unwrap(),
            "no problems: the content is ready\n"
        );
    }
}

/// Warnings alone do not stop the site; errors do.
#[test]
fn warnings_do_not_stop_the_site() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&repo_path("tests/fixtures/minimal"), dir.path());
    let long = "word ".repeat(40);
    std::fs::write(
        dir.path().join("posts/2026-01-05-hello.md"),
        format!(
            "---\ntitle: Hello\ndate: 2026-01-05\nauthor: jo-lee\nsummary: {long}\n---\nBody.\n"
        ),
    )
    .unwrap();
    let sources = Sources {
        content: dir.path().to_owned(),
        static_files: repo_path("static"),
    };
    let (_, problems) = content::check(&sources);
    assert_eq!((problems.error_count(), problems.warning_count()), (0, 1));
    assert!(content::load(&sources).is_ok());
}

/// The summary line counts errors and warnings, so an editor knows how many are left.
#[test]
fn summary_counts_problems() {
    let (_, problems) = content::check(&sources("broken"));
    assert_eq!(problems.summary(), "26 errors and 1 warning");
    assert!(
        problems
            .to_string()
            .ends_with("26 errors and 1 warning in the content")
    );
}

/// Hostile or mangled files are errors, never a panic or a hang: deep
/// nesting, alias bombs, binary bytes, and front matter of the wrong shape.
#[test]
fn mangled_files_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&repo_path("tests/fixtures/minimal"), dir.path());
    let nasty = [
        format!("---\ntitle: {}\n---\n", "[".repeat(10_000)),
        "---\na: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d]\n---\n".to_owned(),
        "---\n- a list\n---\n".to_owned(),
        "---\ntitle: Hi\n---\n---\n".to_owned(),
        "---\n\t\u{0}\u{7f}: x\n---\n".to_owned(),
        "---\ntitle: ok\ndate: 99999-01-01\nauthor: jo-lee\n---\n".to_owned(),
    ];
    for (index, text) in nasty.iter().enumerate() {
        std::fs::write(
            dir.path()
                .join(format!("posts/2026-01-0{index}-nasty-{index}.md")),
            text,
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("posts/2026-02-01-binary.md"),
        [0xff, 0xfe, 0x00, 0x80],
    )
    .unwrap();
    let sources = Sources {
        content: dir.path().to_owned(),
        static_files: repo_path("static"),
    };
    let errors = content::load(&sources).unwrap_err();
    let text = errors.to_string();
    for index in 0..nasty.len() {
        assert!(
            text.contains(&format!("-nasty-{index}.md:")),
            "file {index}: {text}"
        );
    }
    assert!(
        text.contains("2026-02-01-binary.md:1:1: error: cannot read"),
        "{text}"
    );
}

/// A photo saved in a phone's format that most browsers cannot show is an
/// error with its file and line, whether named in front matter or in the text.
#[test]
fn phone_formats_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        &repo_path("tests/fixtures/minimal"),
        &dir.path().join("content"),
    );
    common::copy_dir(&repo_path("static"), &dir.path().join("static"));
    std::fs::write(dir.path().join("static/img/jo.HEIC"), "a phone photo").unwrap();
    let bio_path = dir.path().join("content/therapists/jo-lee.md");
    let bio = std::fs::read_to_string(&bio_path).unwrap().replacen(
        "formats:",
        "photo: /static/img/jo.HEIC\nphoto_alt: Jo Lee\nformats:",
        1,
    ) + "\n![The office](/static/img/jo.HEIC)\n";
    std::fs::write(&bio_path, &bio).unwrap();
    let (_, problems) = content::check(&Sources {
        content: dir.path().join("content"),
        static_files: dir.path().join("static"),
    });
    let report = problems.report();
    let photo_line = bio
        .lines()
        .position(|line| line.starts_with("photo:"))
        .unwrap()
        + 1;
    let text_line = bio.lines().position(|line| line.starts_with("![")).unwrap() + 1;
    for line in [photo_line, text_line] {
        let at = format!("jo-lee.md:{line}:");
        assert!(
            report.lines().any(|reported| reported.contains(&at)
                && reported.contains("error: image \"/static/img/jo.HEIC\" is a .heic file, which most browsers cannot show: save it as JPEG")),
            "{at} in {report}"
        );
    }
    assert_eq!(problems.error_count(), 2, "{report}");
}
