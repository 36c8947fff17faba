//! Bad content is reported all at once, each problem with its file and line,
//! and the site refuses to load; good content loads.

mod common;

use common::repo_path;
use hearth::content::{self, Sources};

fn sources(fixture: &str) -> Sources {
    Sources {
        content: repo_path(&format!("tests/fixtures/{fixture}")),
        static_files: repo_path("static"),
    }
}

/// The minimal fixture and the demo practice load without a single problem.
#[test]
fn good_content_loads() {
    let site = content::load(&sources("minimal")).unwrap();
    assert_eq!(site.posts.len(), 1);
    assert_eq!(site.posts[0].slug, "hello");
    assert_eq!(site.posts[0].summary, "The first paragraph.");
    assert_eq!(site.tags[0].tag.slug, "first-post");
    assert_eq!(site.settings.state_names(), ["California", "Oregon"]);

    let demo = content::load(&common::demo_sources()).unwrap();
    assert!(demo.therapists.len() >= 4);
    assert!(demo.services.len() >= 8);
    assert!(demo.posts.len() >= 4);
    assert!(demo.posts.iter().any(|post| post.body.word_count >= 1500));
    assert!(
        demo.therapists
            .iter()
            .any(|therapist| therapist.supervisor.is_some())
    );
}

/// Every mistake in the broken fixture is found in one pass, in file order,
/// each as `path:line: message`.
#[test]
fn every_problem_is_reported_with_file_and_line() {
    let errors = content::load(&sources("broken")).unwrap_err();
    let root = repo_path("tests/fixtures/broken");
    let lines: Vec<String> = errors
        .0
        .iter()
        .map(|error| {
            let relative = error
                .path
                .strip_prefix(&root)
                .unwrap()
                .display()
                .to_string();
            format!("{relative}:{}: {}", error.line, error.message)
        })
        .collect();
    let static_dir = repo_path("static").display().to_string();
    let expected = [
        r#"pages/Blog.md:1: the file name makes the web address "Blog": use lowercase letters, digits and dashes, e.g. "blog""#.to_owned(),
        r#"pages/consultation.md:1: "consultation" is already a section of the site: rename this page"#.to_owned(),
        r#"pages/privacy.md:1: the "privacy" page is missing: every practice site needs it"#.to_owned(),
        r#"posts/2026-01-05-hello.md:4: author "jo-le" is not a therapist; the therapists are: jo-lee, sam-associate"#.to_owned(),
        r#"posts/2026-01-06-typo.md:4: unknown field "autor", expected one of title, date, author, tags, summary, image, image_alt, updated, draft, reviewed_by, reviewed_on"#.to_owned(),
        r#"posts/2026-01-07-bad-date.md:3: "2026-02-30" is not a date: write YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a set time"#.to_owned(),
        r#"posts/2026-01-08-wrong-date.md:3: the file name says 2026-01-08 but "date" is 2026-01-09: make them match"#.to_owned(),
        r#"posts/2026-01-08-wrong-date.md:5: "image" needs "image_alt": a short description of the picture for people who cannot see it"#.to_owned(),
        format!(r#"posts/2026-01-08-wrong-date.md:5: image "/static/missing.jpg" does not exist in {static_dir}"#),
        "posts/2026-01-09-unclosed.md:1: the front matter is not closed: add a line of three dashes (---) after the last field".to_owned(),
        "posts/2026-01-10-broken-yaml.md:5: unclosed bracket '['".to_owned(),
        r#"site.yaml:17: "ZZ" is not a two-letter US state code such as CA"#.to_owned(),
        r#"site.yaml:19: "blogg" in nav is neither blog, therapists, services nor a page; the pages are: Blog, about, accessibility, consultation, faq, fees"#.to_owned(),
        r#"therapists/bad-format.md:6: unknown variant "by_phone", expected one of in_person, online"#.to_owned(),
        r#"therapists/no-license.md:6: missing field "license""#.to_owned(),
        r#"therapists/sam-associate.md:5: AMFT is an associate registration: add "supervisor: { name: ..., license: ... }""#.to_owned(),
        r#"therapists/sam-associate.md:6: service "grief" does not exist; the services are: individual-therapy"#.to_owned(),
    ];
    assert_eq!(lines, expected);
}

/// The summary line counts the problems, so an editor knows how many are left.
#[test]
fn summary_counts_problems() {
    let errors = content::load(&sources("broken")).unwrap_err();
    let text = errors.to_string();
    assert!(text.ends_with(&format!("{} problems in the content", errors.0.len())));
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
    // Every nasty file but the one that is merely a short post with an odd body.
    let text = errors.to_string();
    for index in 0..nasty.len() {
        assert!(
            text.contains(&format!("-nasty-{index}.md:")),
            "file {index}: {text}"
        );
    }
    assert!(
        text.contains("2026-02-01-binary.md:1: cannot read"),
        "{text}"
    );
}

/// Two posts with the same slug would share an address: the second is an error.
#[test]
fn duplicate_post_slugs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&repo_path("tests/fixtures/minimal"), dir.path());
    std::fs::copy(
        dir.path().join("posts/2026-01-05-hello.md"),
        dir.path().join("posts/2026-03-01-hello.md"),
    )
    .unwrap();
    let sources = Sources {
        content: dir.path().to_owned(),
        static_files: repo_path("static"),
    };
    let text = content::load(&sources).unwrap_err().to_string();
    assert!(
        text.contains("2026-03-01-hello.md:1: another post has the web address /blog/hello: "),
        "{text}"
    );
}
