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

/// The minimal fixture with `changes` written over it (a file's path in
/// the content folder, and its new text), checked as `hearth check` does:
/// the report, with paths shown from the content folder.
fn report_with(changes: &[(&str, &str)]) -> String {
    report_without(&[], changes)
}

/// As [`report_with`], after deleting the files `removed` first.
fn report_without(removed: &[&str], changes: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&repo_path("tests/fixtures/minimal"), dir.path());
    for file in removed {
        std::fs::remove_file(dir.path().join(file)).unwrap();
    }
    for (file, text) in changes {
        let path = dir.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let (_, problems) = content::check(&Sources {
        content: dir.path().to_owned(),
        static_files: repo_path("static"),
    });
    let root = format!("{}/", dir.path().display());
    problems.report().replace(&root, "")
}

const POST: &str = "posts/2026-01-05-hello.md";
const THERAPIST: &str = "therapists/jo-lee.md";

/// The minimal fixture's therapist, with `from` replaced by `to`.
fn therapist_with(from: &str, to: &str) -> String {
    let text =
        std::fs::read_to_string(repo_path("tests/fixtures/minimal/therapists/jo-lee.md")).unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

/// The minimal fixture's site.yaml, with `from` replaced by `to`.
fn settings_with(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(repo_path("tests/fixtures/minimal/site.yaml")).unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

/// The slips editors make in front matter each get one error, on the line
/// to fix, that says what happened and how to fix it in plain words, not
/// the YAML parser's own ("mapping values are not allowed in this
/// context", "found a tab" on the line above, "missing field" for a field
/// that is there, "invalid boolean").
#[test]
fn front_matter_slips_are_explained_where_they_are() {
    let cases: [(&str, &str, String, &[&str]); 12] = [
        (
            "a title with a colon",
            POST,
            "---\ntitle: Grief: what helps\ndate: 2026-01-05\nauthor: jo-lee\n---\nBody.\n".into(),
            &[
                "posts/2026-01-05-hello.md:2:1: error: the value of \"title\" has a colon in it, so it is read as the start of another field",
                "  hint: put a value that contains a colon in quotes: title: \"Grief: what helps\"",
            ],
        ),
        (
            "a tab in front of a field",
            POST,
            "---\ntitle: Hello\ndate: 2026-01-05\n\tauthor: jo-lee\n---\nBody.\n".into(),
            &[
                "posts/2026-01-05-hello.md:4:1: error: this line has a tab in it: fields are lined up with spaces, never tabs",
                "  hint: delete the tab and type spaces instead (two for each step in)",
            ],
        ),
        (
            "a tab in front of a list item",
            POST,
            "---\ntitle: Hello\ntags:\n  - grief\n\t- loss\ndate: 2026-01-05\nauthor: jo-lee\n---\nBody.\n".into(),
            &["posts/2026-01-05-hello.md:5:1: error: this line has a tab in it"],
        ),
        (
            "a field indented one space too few",
            "site.yaml",
            settings_with("    closes:", "   closes:"),
            &[
                "site.yaml:16:4: error: \"closes\" is not lined up with \"opens\" on line 15: the spaces in front of a field say what it belongs to",
                "  hint: \"closes\" has 3 spaces in front of it and \"opens\" 4 spaces: if they belong together, start them in the same column",
            ],
        ),
        (
            "a field indented one space too many",
            "site.yaml",
            settings_with("    opens:", "     opens:"),
            &["site.yaml:15:6: error: \"opens\" is not lined up with \"days\" on line 14"],
        ),
        (
            "a top-level field indented",
            POST,
            "---\ntitle: Hello\n date: 2026-01-05\nauthor: jo-lee\n---\nBody.\n".into(),
            &["posts/2026-01-05-hello.md:3:2: error: \"date\" is not lined up with \"title\" on line 2"],
        ),
        (
            "the closing --- left out, with a --- in the text",
            POST,
            "---\ntitle: Hello\ndate: 2026-01-05\nauthor: jo-lee\n\nThe first paragraph.\n\n---\n\nMore text.\n".into(),
            &[
                "posts/2026-01-05-hello.md:6:1: error: this line is not a field, so the line of three dashes (---) that ends the fields is probably missing above it",
                "  hint: add a line of three dashes (---) after the last field; the text of the page goes after it",
            ],
        ),
        (
            "a field without its colon",
            POST,
            "---\ntitle Hello\ndate: 2026-01-05\nauthor: jo-lee\n---\nBody.\n".into(),
            &[
                "posts/2026-01-05-hello.md:2:1: error: this line is not a field: it has no colon after a name",
                "  hint: write it as name, colon, value, such as \"title: Hello\"",
            ],
        ),
        (
            "curly quotes around true",
            THERAPIST,
            therapist_with("accepting_new_clients: true", "accepting_new_clients: “true”"),
            &[
                "therapists/jo-lee.md:12:24: error: the value of \"accepting_new_clients\" is in curly quotes (“true”), which are not read as quotes",
                "  hint: use straight quotes (\") or none: accepting_new_clients: true",
            ],
        ),
        (
            "curly quotes around a date",
            POST,
            "---\ntitle: Hello\ndate: “2026-01-05”\nauthor: jo-lee\n---\nBody.\n".into(),
            &["posts/2026-01-05-hello.md:3:7: error: the value of \"date\" is in curly quotes (“2026-01-05”)"],
        ),
        (
            "a yes-or-no field given a word",
            THERAPIST,
            therapist_with("accepting_new_clients: true", "accepting_new_clients: waitlist"),
            &[
                "therapists/jo-lee.md:12:24: error: \"accepting_new_clients\" is \"waitlist\": write true or false",
                "  hint: a yes-or-no field takes only the word true or the word false, without quotes",
            ],
        ),
        (
            "a number field given a word",
            THERAPIST,
            therapist_with("formats:", "order: first\nformats:"),
            &["therapists/jo-lee.md:11:8: error: \"order\" is \"first\": write a number, such as 2"],
        ),
    ];
    for (case, file, text, wanted) in cases {
        let report = report_with(&[(file, &text)]);
        let lines: Vec<&str> = report.lines().collect();
        for want in wanted {
            assert!(
                lines.iter().any(|line| line.starts_with(want)),
                "{case}: no line starts with\n{want}\nin\n{report}"
            );
        }
        assert!(
            !report.contains("mapping values")
                && !report.contains("invalid")
                && !report.contains("found a tab")
                && !report.contains("missing field"),
            "{case}: the parser's words are shown\n{report}"
        );
    }
}

/// A post by Jo Lee on `day` of January 2026, whose text links to `link`.
fn post_linking(day: u8, link: &str) -> (String, String) {
    (
        format!("posts/2026-01-{day:02}-post-{day}.md"),
        format!(
            "---\ntitle: Post {day}\ndate: 2026-01-{day:02}\nauthor: jo-lee\n---\nSee [this]({link}).\n"
        ),
    )
}

/// One mistake that makes a file unusable is one error, listed first at
/// its own place: what it breaks elsewhere (posts whose author it is,
/// links to it) is shown under it, instead of as errors of their own that
/// came first in the list and hid the cause.
#[test]
fn knock_on_errors_are_folded_into_their_cause() {
    let posts: Vec<(String, String)> = (6..9)
        .map(|day| post_linking(day, "/therapists/jo-lee"))
        .collect();
    let fees_links: Vec<(String, String)> =
        (6..9).map(|day| post_linking(day, "/fees#costs")).collect();
    let with = |extra: &[(String, String)], file: &'static str, text: String| {
        let mut changes: Vec<(String, String)> = extra.to_vec();
        if !file.is_empty() {
            changes.push((file.to_owned(), text));
        }
        changes
    };
    /// Files written, as paths in the content folder and their text.
    type Written = Vec<(String, String)>;
    let cases: [(&str, &[&str], Written, &str); 3] = [
        (
            "a therapist's yes-or-no field given a word",
            &[],
            with(&posts, THERAPIST, therapist_with("accepting_new_clients: true", "accepting_new_clients: waitlist")),
            "therapists/jo-lee.md:12:24: error: \"accepting_new_clients\" is \"waitlist\": write true or false
  hint: a yes-or-no field takes only the word true or the word false, without quotes
  because of this, these do not work yet:
    posts/2026-01-05-hello.md:4:9: the therapist \"jo-lee\"
    posts/2026-01-06-post-6.md:4:9: the therapist \"jo-lee\"
    posts/2026-01-06-post-6.md:6:5: the link \"/therapists/jo-lee\"
    posts/2026-01-07-post-7.md:4:9: the therapist \"jo-lee\"
    posts/2026-01-07-post-7.md:6:5: the link \"/therapists/jo-lee\"
    posts/2026-01-08-post-8.md:4:9: the therapist \"jo-lee\"
    posts/2026-01-08-post-8.md:6:5: the link \"/therapists/jo-lee\"
1 error: the site cannot be published until the errors are fixed
",
        ),
        (
            "a typo in a therapist's field name",
            &[],
            with(&posts[..2], THERAPIST, therapist_with("credentials:", "credentails:")),
            "therapists/jo-lee.md:4:1: error: unknown field \"credentails\"; did you mean \"credentials\"?
  hint: the fields here are: name, pronouns, credentials, title, license, licenses, supervisor, photo, photo_alt, specialties, services, approaches, languages, formats, accepting_new_clients, order, draft, updated, fees, sliding_scale, superbills, insurance
  because of this, these do not work yet:
    posts/2026-01-05-hello.md:4:9: the therapist \"jo-lee\"
    posts/2026-01-06-post-6.md:4:9: the therapist \"jo-lee\"
    posts/2026-01-06-post-6.md:6:5: the link \"/therapists/jo-lee\"
    posts/2026-01-07-post-7.md:4:9: the therapist \"jo-lee\"
    posts/2026-01-07-post-7.md:6:5: the link \"/therapists/jo-lee\"
1 error: the site cannot be published until the errors are fixed
",
        ),
        (
            "a deleted required page",
            &["pages/fees.md"],
            with(&fees_links, "", String::new()),
            "pages/fees.md:1:1: error: the \"fees\" page is missing: every practice site needs it
  because of this, these do not work yet:
    posts/2026-01-06-post-6.md:6:5: the link \"/fees#costs\"
    posts/2026-01-07-post-7.md:6:5: the link \"/fees#costs\"
    posts/2026-01-08-post-8.md:6:5: the link \"/fees#costs\"
1 error: the site cannot be published until the errors are fixed
",
        ),
    ];
    for (case, removed, changes, wanted) in cases {
        let changes: Vec<(&str, &str)> = (changes.iter())
            .map(|(file, text)| (file.as_str(), text.as_str()))
            .collect();
        assert_eq!(report_without(removed, &changes), wanted, "{case}");
    }
}

/// Files the site would leave out, or show badly, without a word are
/// named: a post saved as `.txt` or `.markdown` (a warning saying what to
/// rename it to), a post whose file name lacks its date (an error, as
/// docs/editing.md says), a title longer than search results show (a
/// warning), and an empty title (an error).
#[test]
fn files_the_site_would_leave_out_or_cut_short_are_named() {
    let post = |title: &str| {
        format!("---\ntitle: \"{title}\"\ndate: 2026-01-06\nauthor: jo-lee\n---\nBody.\n")
    };
    let long = "A title that goes on ".repeat(16);
    let cases: [(&str, String, String, &[&str]); 6] = [
        (
            "a post saved as .txt",
            "posts/2026-01-06-notes.txt".into(),
            post("Notes"),
            &[
                "posts/2026-01-06-notes.txt:1:1: warning: this file is not read: only files whose names end in .md are",
                "  hint: rename it to 2026-01-06-notes.md",
            ],
        ),
        (
            "a post saved as .markdown",
            "posts/2026-01-06-notes.markdown".into(),
            post("Notes"),
            &[
                "posts/2026-01-06-notes.markdown:1:1: warning: this file is not read",
                "  hint: rename it to 2026-01-06-notes.md",
            ],
        ),
        (
            "a page saved as .md.txt",
            "pages/team.md.txt".into(),
            "---\ntitle: Team\n---\nBody.\n".into(),
            &[
                "pages/team.md.txt:1:1: warning: this file is not read",
                "  hint: rename it to team.md",
            ],
        ),
        (
            "a post without its date",
            "posts/notes.md".into(),
            post("Notes"),
            &[
                "posts/notes.md:1:1: error: this post's file name does not start with its date: rename it to 2026-01-06-notes.md",
            ],
        ),
        (
            "a title of over 300 characters",
            "posts/2026-01-06-long.md".into(),
            post(long.trim()),
            &[
                "posts/2026-01-06-long.md:2:8: warning: the title is 335 characters: search results and browser tabs show about 70",
                "  hint: shorten it to a few words, and say the rest in the summary or the first paragraph",
            ],
        ),
        (
            "an empty title",
            "posts/2026-01-06-empty.md".into(),
            post(""),
            &["posts/2026-01-06-empty.md:2:8: error: the title is empty"],
        ),
    ];
    for (case, file, text, wanted) in cases {
        let report = report_with(&[(&file, &text)]);
        let lines: Vec<&str> = report.lines().collect();
        for want in wanted {
            assert!(
                lines.iter().any(|line| line.starts_with(want)),
                "{case}: no line starts with\n{want}\nin\n{report}"
            );
        }
        let problems = report.lines().filter(|line| !line.starts_with(' ')).count() - 1;
        assert_eq!(problems, 1, "{case}: one problem, and only it\n{report}");
    }
}

/// `hearth new post` dates a post by the practice's clock: in the evening
/// in California it is still today there, though tomorrow in UTC, and the
/// post is dated today, so it is live as soon as it is published instead
/// of silently scheduled for tomorrow. Without a `timezone`, the site
/// reads dates in UTC, and so does `hearth new`.
#[test]
fn new_posts_are_dated_today_where_the_practice_is() {
    let evening_in_oakland: jiff::Timestamp = "2026-01-06T03:30:00Z".parse().unwrap();
    for (timezone, today) in [
        (Some("America/Los_Angeles"), "2026-01-05"),
        (None, "2026-01-06"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(&repo_path("tests/fixtures/minimal"), dir.path());
        if let Some(timezone) = timezone {
            let settings = std::fs::read_to_string(dir.path().join("site.yaml")).unwrap();
            std::fs::write(
                dir.path().join("site.yaml"),
                format!("{settings}timezone: {timezone}\n"),
            )
            .unwrap();
        }
        let date = content::scaffold::today(dir.path(), evening_in_oakland);
        assert_eq!(date.to_string(), today, "{timezone:?}");
        let path = content::scaffold::create(
            dir.path(),
            content::scaffold::Kind::Post,
            "An evening post",
            date,
        )
        .unwrap();
        assert!(
            path.ends_with(format!("posts/{today}-an-evening-post.md")),
            "{}",
            path.display()
        );
        // Published as it stands (not a draft), it is live at once.
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replace("draft: true\n", "").replace(
            "Write the first paragraph here: it is what readers see first.",
            "Evenings are quiet.",
        );
        std::fs::write(&path, text).unwrap();
        let site = content::load(&Sources {
            content: dir.path().to_owned(),
            static_files: repo_path("static"),
        });
        let Ok(site) = site else {
            panic!("{timezone:?}: {}", site.err().unwrap());
        };
        let (live, _) = site.published(evening_in_oakland);
        assert!(
            live.posts.iter().any(|post| post.slug == "an-evening-post"),
            "{timezone:?}: the new post is scheduled, not live"
        );
    }
}

/// Pictures that would show broken on the site are errors at the line
/// that names them: a file named with other capitals than the text uses
/// (it works on a Mac, which does not mind capitals, but not on the
/// server), either way round, and a `.jpg` that is not a picture at all.
#[test]
fn pictures_that_would_show_broken_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(
        &repo_path("tests/fixtures/minimal"),
        &dir.path().join("content"),
    );
    common::copy_dir(&repo_path("static"), &dir.path().join("static"));
    let picture = std::fs::read(repo_path("static/img/social.png")).unwrap();
    std::fs::write(dir.path().join("static/img/Candle.JPG"), &picture).unwrap();
    std::fs::write(dir.path().join("static/img/lamp.jpg"), &picture).unwrap();
    std::fs::write(
        dir.path().join("static/img/letter.jpg"),
        "Dear clients, a letter saved with a picture's name.",
    )
    .unwrap();
    let post = "---\ntitle: Hello\ndate: 2026-01-05\nauthor: jo-lee\nimage: /static/img/candle.jpg\nimage_alt: A candle\n---\n\
        The first paragraph.\n\n\
        ![A lamp](/static/img/Lamp.jpg)\n\n\
        ![A letter](/static/img/letter.jpg)\n\n\
        [The candle](/static/img/candle.jpg)\n\n\
        ![A candle, as named](/static/img/Candle.JPG)\n";
    std::fs::write(dir.path().join("content/posts/2026-01-05-hello.md"), post).unwrap();
    let (_, problems) = content::check(&Sources {
        content: dir.path().join("content"),
        static_files: dir.path().join("static"),
    });
    let report = problems.report();
    let root = format!("{}/", dir.path().join("content").display());
    let report = report.replace(&root, "");
    let wanted = [
        "posts/2026-01-05-hello.md:5:8: error: image \"/static/img/candle.jpg\" does not exist in",
        "posts/2026-01-05-hello.md:10:1: error: image \"/static/img/Lamp.jpg\" does not exist in",
        "posts/2026-01-05-hello.md:12:1: error: image \"/static/img/letter.jpg\" is not a picture browsers can show",
        "posts/2026-01-05-hello.md:14:1: error: the link \"/static/img/candle.jpg\" leads nowhere; did you mean \"/static/img/Candle.JPG\"? Capitals matter in file names",
    ];
    for want in wanted {
        assert!(
            report.lines().any(|line| line.starts_with(want)),
            "no line starts with\n{want}\nin\n{report}"
        );
    }
    assert!(
        report.contains("did you mean \"/static/img/Candle.JPG\"? Capitals matter in file names\n")
            && report
                .contains("did you mean \"/static/img/lamp.jpg\"? Capitals matter in file names\n"),
        "{report}"
    );
    assert_eq!(problems.error_count(), 4, "{report}");
}

/// What `hearth new` writes is ready to fill in as a draft, and refused
/// once published as it stands: its placeholder sentences where the
/// editor's words go, and a therapist's all-zero license number, are
/// errors at their line in a file that is not a draft.
#[test]
fn scaffold_placeholders_are_refused_once_published() {
    let placeholder = "this is the placeholder text from hearth new: write your own words here";
    let cases = [
        (
            content::scaffold::Kind::Post,
            "Write the first paragraph here",
            placeholder,
        ),
        (
            content::scaffold::Kind::Therapist,
            "{ type: LMFT, number: \"LMFT 000000\"",
            "the license number \"LMFT 000000\" is the placeholder from hearth new: write the real number",
        ),
        (
            content::scaffold::Kind::Therapist,
            "Write the bio here",
            placeholder,
        ),
        (
            content::scaffold::Kind::Page,
            "Write the page here",
            placeholder,
        ),
    ];
    for (kind, placed_at, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(&repo_path("tests/fixtures/minimal"), dir.path());
        let today = "2026-01-06".parse().unwrap();
        let path = content::scaffold::create(dir.path(), kind, "New", today).unwrap();
        let sources = Sources {
            content: dir.path().to_owned(),
            static_files: repo_path("static"),
        };
        let (_, problems) = content::check(&sources);
        assert_eq!(problems.0, [], "{kind:?}: a new draft is ready to fill in");
        let text = std::fs::read_to_string(&path).unwrap();
        let published = text.replace("draft: true\n", "");
        std::fs::write(&path, &published).unwrap();
        let (line, column) = (published.lines().enumerate())
            .find_map(|(index, line)| {
                let before = line.split_once(placed_at)?.0;
                Some((index + 1, before.chars().count() + 1))
            })
            .unwrap();
        let (_, problems) = content::check(&sources);
        let wanted = format!("{}:{line}:{column}: error: {message}", path.display());
        let report = problems.report();
        assert!(
            report.lines().any(|line| line == wanted),
            "{kind:?}: no line\n{wanted}\nin\n{report}"
        );
    }
    // A service has no drafts: it is refused until both its summary and its
    // text are the practice's own.
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&repo_path("tests/fixtures/minimal"), dir.path());
    let today = "2026-01-06".parse().unwrap();
    let kind = content::scaffold::Kind::Service;
    let path = content::scaffold::create(dir.path(), kind, "New", today).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let line_of = |needle: &str| {
        (text.lines().enumerate())
            .find_map(|(index, line)| line.find(needle).map(|at| (index + 1, at + 1)))
            .unwrap()
    };
    let sources = Sources {
        content: dir.path().to_owned(),
        static_files: repo_path("static"),
    };
    let report = content::check(&sources).1.report();
    let (summary_line, _) = line_of("summary:");
    let (body_line, body_column) = line_of("Describe who this is for");
    for wanted in [
        format!("{}:{summary_line}:", path.display()),
        format!(
            "{}:{body_line}:{body_column}: error: {placeholder}",
            path.display()
        ),
    ] {
        assert!(
            report.lines().any(|line| line.starts_with(&wanted)),
            "no line {wanted} in\n{report}"
        );
    }
    assert!(
        report.contains("placeholder summary from hearth new"),
        "{report}"
    );
}
