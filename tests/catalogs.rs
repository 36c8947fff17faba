//! The interface's words: `languages` in `site.yaml` and the practice's
//! corrections in `content/i18n/<lang>.ftl` are checked with `file:line`,
//! and the default language's catalog writes the pages' dates and reading
//! times.

mod common;

use common::*;
use hearth::content::{self, ContentError, Sources};

/// The minimal fixture with `languages` set and catalog files written.
fn site_with(languages: &str, catalogs: &[(&str, &str)]) -> (tempfile::TempDir, Sources) {
    let (dir, sources) = editable_site();
    let settings = sources.content.join("site.yaml");
    let mut yaml = std::fs::read_to_string(&settings).unwrap();
    yaml.push_str(&format!("languages: {languages}\n"));
    std::fs::write(&settings, yaml).unwrap();
    if !catalogs.is_empty() {
        std::fs::create_dir_all(sources.content.join("i18n")).unwrap();
    }
    for (name, text) in catalogs {
        std::fs::write(sources.content.join("i18n").join(name), text).unwrap();
    }
    (dir, sources)
}

/// Every problem as `check` prints it, with the temporary folder taken off.
fn problems(sources: &Sources) -> Vec<String> {
    let (_, problems) = content::check(sources);
    let prefix = format!("{}/", sources.content.display());
    problems
        .0
        .iter()
        .map(|problem: &ContentError| problem.to_string().replace(&prefix, ""))
        .collect()
}

/// One of `problems` starts with `start`.
fn assert_problem(problems: &[String], start: &str) {
    assert!(
        problems.iter().any(|problem| problem.starts_with(start)),
        "no problem starts with {start:?}: {problems:#?}"
    );
}

/// A correction with a mistyped id and a line that is not Fluent: both are
/// errors at their lines, and the site does not load.
#[test]
fn a_correction_with_a_typo_or_bad_syntax_is_an_error_at_its_line() {
    let correction =
        "# Our words\nreading-time = { $minutes } min\nreadng-time = typo\n\nnot fluent at all\n";
    let (_dir, sources) = site_with("[en, es]", &[("es.ftl", correction)]);
    let problems = problems(&sources);
    assert_problem(
        &problems,
        "i18n/es.ftl:3:1: error: `readng-time` is not a message",
    );
    assert_problem(&problems, "i18n/es.ftl:5:1: error:");
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(content::load(&sources).is_err());
}

/// A malformed code, a repeated one and a language Hearth has no words for
/// are errors on `site.yaml`'s `languages` line.
#[test]
fn unknown_or_malformed_languages_are_errors_in_site_yaml() {
    let (_dir, sources) = site_with("[en, EN, es, es, fr]", &[]);
    let line = std::fs::read_to_string(sources.content.join("site.yaml"))
        .unwrap()
        .lines()
        .count();
    let problems = problems(&sources);
    for word in [
        "`EN` is not a language code",
        "listed twice",
        "no words for `fr`",
    ] {
        assert!(
            problems
                .iter()
                .any(|problem| problem.starts_with(&format!("site.yaml:{line}:"))
                    && problem.contains(word)),
            "{word}: {problems:#?}"
        );
    }
    assert_eq!(problems.len(), 3, "{problems:#?}");
}

/// A language with only the practice's own catalog: each English message it
/// lacks is an error at that message's line in Hearth's English catalog.
#[test]
fn a_practice_catalog_missing_a_message_names_the_english_line() {
    let (_dir, sources) = site_with(
        "[fr]",
        &[("fr.ftl", "reading-time = { $minutes } min de lecture\n")],
    );
    let english = std::fs::read_to_string(repo_path("i18n/en.ftl")).unwrap();
    let banner_line = english
        .lines()
        .position(|line| line.starts_with("scheduled-banner ="))
        .unwrap()
        + 1;
    let problems = problems(&sources);
    assert_problem(
        &problems,
        &format!("i18n/en.ftl:{banner_line}:1: error: `scheduled-banner` has no fr words"),
    );
    assert!(
        !problems
            .iter()
            .any(|problem| problem.contains("`reading-time`")),
        "{problems:#?}"
    );
}

/// A correction for a language the site does not list is never read: a
/// warning at its first line says so, and the site still loads.
#[test]
fn a_correction_for_an_unlisted_language_is_a_warning() {
    let correction = "reading-time = { $minutes } min de lecture\n";
    let (_dir, sources) = site_with("[en]", &[("fr.ftl", correction)]);
    let problems = problems(&sources);
    assert_problem(
        &problems,
        "i18n/fr.ftl:1:1: warning: these words for `fr` are not used",
    );
    assert_eq!(content::check(&sources).1.error_count(), 0, "{problems:#?}");
}

/// The minimal fixture's one post, as the site with these settings shows it.
async fn hello_post(languages: &str, catalogs: &[(&str, &str)]) -> String {
    let (_dir, sources) = site_with(languages, catalogs);
    let app = app_for(&sources, "http://127.0.0.1:3000");
    get(&app, "/blog/hello").await.body
}

/// A site whose first language is Spanish dates its posts and counts their
/// reading time in Spanish; a correction to the English catalog changes the
/// English page.
#[tokio::test]
async fn the_default_language_writes_dates_and_reading_times() {
    let spanish = hello_post("[es, en]", &[]).await;
    assert!(spanish.contains(">5 de enero de 2026</time>"), "{spanish}");
    assert!(spanish.contains("1 min de lectura"), "{spanish}");

    let correction = "reading-time = { NUMBER($minutes) ->\n    [one] a one-minute read\n   *[other] { $minutes } minutes\n}\n";
    let english = hello_post("[en]", &[("en.ftl", correction)]).await;
    assert!(english.contains(">January 5, 2026</time>"), "{english}");
    assert!(english.contains("a one-minute read"), "{english}");
    assert!(!english.contains("min read"), "{english}");
}

/// Every message id the templates and the code name in so many words
/// (`t("…")`, `say("…")`, `message("…", …)`) is in Hearth's English and
/// Spanish catalogs: a missing one would show its id to a visitor.
#[test]
fn every_message_the_code_names_is_in_both_catalogs() {
    let catalogs: Vec<(&str, Vec<String>)> = ["i18n/en.ftl", "i18n/es.ftl"]
        .into_iter()
        .map(|path| {
            let source = std::fs::read_to_string(common::repo_path(path)).unwrap();
            let ids = hearth::i18n::message_ids(&source)
                .into_iter()
                .map(|(id, _)| id);
            (path, ids.collect())
        })
        .collect();
    let mut named = Vec::new();
    let files = ["src", "templates"].map(|folder| common::files_under(&common::repo_path(folder)));
    for path in files.concat() {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for call in ["t(\"", "t_with(\"", "say(\"", "message(\""] {
            for (at, _) in text.match_indices(call) {
                // `t("` inside `get("` is another call.
                if text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let id: String = text[at + call.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                    .collect();
                let closed = text[at + call.len() + id.len()..].starts_with('"');
                if closed && id.contains('-') {
                    named.push((id, path.display().to_string()));
                }
            }
        }
    }
    assert!(named.len() > 100, "{} ids found", named.len());
    for (id, file) in &named {
        for (catalog, ids) in &catalogs {
            assert!(
                ids.contains(id),
                "{file} names \"{id}\", which {catalog} lacks"
            );
        }
    }
}
