//! The editor's form, field by field: which fields a kind of file may
//! have (the loader's own list, [`crate::content::accepted_fields`]), what
//! each means (the editors' guide's field reference, read from
//! `docs/editing.md` as it is built into Hearth, so the form and the guide
//! say the same), and what kind of input suits it: a date input for a day,
//! one item per line for a list, a select of the site's real therapists
//! for a post's `author`.
//!
//! Editors type words, not YAML: a title with a colon in it is written back
//! in quotes, a list as `[a, b]`. A field the editor did not change keeps
//! its YAML exactly as it was, so a save changes only what they changed.
//! A value the form cannot show as its kind (a mapping, a list of them, or
//! YAML that does not read) is shown and taken back as YAML, as written.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::document::Document;
use crate::content::model::Site;

/// What kind of input a field gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// One line of words.
    Text,
    /// A whole number (`order: 2`).
    Number,
    /// A day (`2026-09-02`); a day with a time stays [`Input::Text`].
    Date,
    /// `true` or `false`.
    Boolean,
    /// A list of words, one per line.
    List,
    /// One of the site's real choices, such as a post's `author`.
    Choice(Vec<Choice>),
    /// Any of the site's real choices, such as a therapist's `services`.
    Choices(Vec<Choice>),
    /// YAML as written: a mapping, a list of mappings, or a value that
    /// does not read as its kind.
    Yaml,
}

/// One of the real choices for a reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// What the file says (a therapist's file name).
    pub value: String,
    /// What the editor reads (the therapist's name).
    pub label: String,
}

/// One field of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    pub name: String,
    pub input: Input,
    /// What the input holds: the words of a text, one item per line of a
    /// list, `true`/`false`, or the YAML.
    pub shown: String,
    /// The chosen values of [`Input::Choices`].
    pub chosen: Vec<String>,
    /// The guide says the field is required ("yes").
    pub required: bool,
    /// The guide's "what it does".
    pub hint: Option<String>,
    /// When the field is needed, when the guide says more than yes or no
    /// ("with image", "this or licenses", "from the original").
    pub needed: Option<String>,
    /// The guide's example, as it would be written in the file.
    pub example: Option<String>,
}

/// The heading of the guide's field reference that `relative` (a file's
/// place under `content/`) is described under: the kind names of
/// [`crate::content::accepted_fields`].
pub fn kind_of(relative: &str) -> Option<&'static str> {
    if relative == "site.yaml" {
        return Some("site.yaml");
    }
    if relative.starts_with("site.") && relative.ends_with(".yaml") {
        return Some("site.LANG.yaml");
    }
    let (folder, name) = relative.split_once('/')?;
    name.strip_suffix(".md")?;
    let translated = super::files::language_of(relative).is_some();
    Some(match (folder, translated) {
        ("posts", false) => "Posts",
        ("posts", true) => "Translated posts",
        ("therapists", false) => "Therapists",
        ("therapists", true) => "Translated therapists",
        ("services", false) => "Services",
        ("services", true) => "Translated services",
        ("pages", false) => "Pages",
        ("pages", true) => "Translated pages",
        _ => return None,
    })
}

/// One row of the guide's field reference.
#[derive(Debug, Clone, Default)]
struct GuideRow {
    required: String,
    example: String,
    meaning: String,
}

/// The loader's fields of each kind of file: asked of the parser once,
/// not at every form.
static ACCEPTED: LazyLock<Vec<(&'static str, Vec<String>)>> =
    LazyLock::new(crate::content::accepted_fields);

/// The guide's field reference, by kind of file and field name.
static GUIDE: LazyLock<HashMap<(String, String), GuideRow>> =
    LazyLock::new(|| guide_rows(include_str!("../../docs/editing.md")));

/// Reads the rows of each `### kind` table under `## Field reference`.
fn guide_rows(guide: &str) -> HashMap<(String, String), GuideRow> {
    let mut rows = HashMap::new();
    let Some((_, reference)) = guide.split_once("## Field reference") else {
        return rows;
    };
    let mut kind = String::new();
    for line in reference.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            heading.trim().clone_into(&mut kind);
            continue;
        }
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
        if let [name, required, example, meaning] = cells[..]
            && let Some(name) = name
                .trim()
                .strip_prefix('`')
                .and_then(|n| n.strip_suffix('`'))
        {
            rows.insert(
                (kind.clone(), name.to_owned()),
                GuideRow {
                    required: plain(required),
                    example: plain(example),
                    meaning: plain(meaning),
                },
            );
        }
    }
    rows
}

/// A cell of the guide as plain words: no backticks, no bold, a link's
/// words without its address.
fn plain(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut rest = cell.trim();
    while let Some(open) = rest.find('[') {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        match (from.find("]("), from.find(')')) {
            (Some(close), Some(end)) if close < end => {
                out.push_str(&from[1..close]);
                rest = &from[end + 1..];
            }
            _ => {
                out.push('[');
                rest = &from[1..];
            }
        }
    }
    out.push_str(rest);
    out.replace(['`'], "").replace("**", "")
}

/// The input a field gets, from what the guide's example shows of it and
/// the references the site can list.
fn input_for(kind: &str, name: &str, example: &str, site: &Site) -> Input {
    let base = kind.strip_prefix("Translated ").map_or(kind, |kind| {
        // "Translated posts" → "Posts".
        match kind {
            "posts" => "Posts",
            "therapists" => "Therapists",
            "services" => "Services",
            _ => "Pages",
        }
    });
    match (base, name) {
        ("Posts", "author") => return Input::Choice(therapists(site)),
        ("Therapists", "services") => return Input::Choices(services(site)),
        _ => {}
    }
    let value = example
        .split_once(':')
        .map_or("", |(_, value)| value.trim());
    if value.starts_with("[{") || value.starts_with('{') {
        Input::Yaml
    } else if value.starts_with('[') {
        Input::List
    } else if value == "true" || value == "false" {
        Input::Boolean
    } else if is_day(value) {
        Input::Date
    } else if !value.is_empty() && value.chars().all(|c| c.is_ascii_digit()) {
        Input::Number
    } else {
        Input::Text
    }
}

fn is_day(value: &str) -> bool {
    jiff::civil::Date::strptime("%Y-%m-%d", value).is_ok()
}

fn therapists(site: &Site) -> Vec<Choice> {
    (site.therapists.iter())
        .map(|therapist| Choice {
            value: therapist.key.clone(),
            label: therapist.name.clone(),
        })
        .collect()
}

fn services(site: &Site) -> Vec<Choice> {
    (site.services.iter())
        .map(|service| Choice {
            value: service.key.clone(),
            label: service.title.clone(),
        })
        .collect()
}

/// Every field the form shows for `relative`: each field its kind may
/// have, in the guide's order, then any other the file has (a misspelt
/// one, shown so the editor can mend it), each with what it holds now.
/// `site` gives the real choices for references.
pub fn form_fields(relative: &str, document: &Document, site: &Site) -> Vec<FormField> {
    let kind = kind_of(relative);
    let accepted: Vec<String> = (ACCEPTED.iter())
        .find(|(name, _)| Some(*name) == kind)
        .map(|(_, fields)| fields.clone())
        .unwrap_or_default();
    let others = (document.fields.iter())
        .map(|field| field.name.clone())
        .filter(|name| !accepted.contains(name));
    let names: Vec<String> = accepted.iter().cloned().chain(others).collect();
    names
        .into_iter()
        .map(|name| {
            let row = kind
                .and_then(|kind| GUIDE.get(&(kind.to_owned(), name.clone())))
                .cloned();
            let input = match (kind, &row) {
                (Some(kind), Some(row)) => input_for(kind, &name, &row.example, site),
                _ => Input::Yaml,
            };
            let raw = document.value(&name).unwrap_or_default();
            let (input, shown, chosen) = shown_as(input, raw);
            let required = row.as_ref().is_some_and(|row| row.required == "yes");
            let hint = (row.as_ref())
                .map(|row| row.meaning.clone())
                .filter(|meaning| !meaning.is_empty());
            let needed = (row.as_ref())
                .map(|row| row.required.clone())
                .filter(|when| !matches!(when.as_str(), "yes" | "no" | ""));
            FormField {
                name,
                input,
                shown,
                chosen,
                required,
                hint,
                needed,
                example: row.map(|row| row.example),
            }
        })
        .collect()
}

/// What the input shows of `raw` YAML; the input falls back to YAML when
/// the value does not read as its kind.
fn shown_as(input: Input, raw: &str) -> (Input, String, Vec<String>) {
    if raw.trim().is_empty() {
        return (input, String::new(), Vec::new());
    }
    let words = || serde_saphyr::from_str::<String>(raw).ok();
    let list = || serde_saphyr::from_str::<Vec<String>>(raw).ok();
    let yaml = || raw.trim_start_matches('\n').to_owned();
    match input {
        Input::Text | Input::Number | Input::Date | Input::Choice(_) => match words() {
            // A day and a time is more than a date input holds.
            Some(text) if input == Input::Date && !is_day(&text) => (Input::Text, text, Vec::new()),
            Some(text) => (input, text, Vec::new()),
            None => (Input::Yaml, yaml(), Vec::new()),
        },
        Input::Boolean => match serde_saphyr::from_str::<bool>(raw) {
            Ok(value) => (input, value.to_string(), Vec::new()),
            Err(_) => (Input::Yaml, yaml(), Vec::new()),
        },
        Input::List => match list() {
            Some(items) => (input, items.join("\n"), Vec::new()),
            None => (Input::Yaml, yaml(), Vec::new()),
        },
        Input::Choices(_) => match list() {
            Some(items) => (input, String::new(), items),
            None => (Input::Yaml, yaml(), Vec::new()),
        },
        Input::Yaml => (input, yaml(), Vec::new()),
    }
}

/// Puts an editor's posted form into `document`: each field of `fields`
/// that was posted, turned into YAML as its kind is written, and `body`.
/// A field whose posted value is what the form showed keeps its YAML as
/// it was; fields not posted stay as they are.
pub fn apply(document: &mut Document, fields: &[FormField], posted: &[(String, String)]) {
    let values = |name: &str| -> Vec<&str> {
        (posted.iter())
            .filter(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
            .collect()
    };
    let mut raw: Vec<(String, String)> = Vec::new();
    for field in fields {
        let posted = values(&field.name);
        let Some(first) = posted.first() else {
            continue;
        };
        let new = match &field.input {
            Input::Choices(_) => {
                let chosen: Vec<String> = (posted.iter())
                    .filter(|value| !value.is_empty())
                    .map(|value| (*value).to_owned())
                    .collect();
                if chosen == field.chosen {
                    continue;
                }
                flow_list(&chosen)
            }
            _ if first.replace("\r\n", "\n").trim_end() == field.shown.trim_end() => continue,
            Input::Text | Input::Choice(_) => scalar(first.trim()),
            Input::Number | Input::Date | Input::Boolean => first.trim().to_owned(),
            Input::List => {
                let items: Vec<String> = (first.lines())
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(str::to_owned)
                    .collect();
                if items.is_empty() {
                    String::new()
                } else {
                    flow_list(&items)
                }
            }
            Input::Yaml => (*first).to_owned(),
        };
        if document.value(&field.name).is_some() {
            raw.push((field.name.clone(), new));
        } else {
            // A field the file did not have goes after the others.
            document.set(&field.name, &new);
        }
    }
    if let Some(body) = values("body").first() {
        raw.push(("body".to_owned(), (*body).to_owned()));
    }
    document.apply_form(&raw);
}

/// `[a, b]`, each item as [`scalar`] writes it.
fn flow_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|item| scalar(item)).collect();
    format!("[{}]", items.join(", "))
}

/// `text` as a YAML value that reads back as exactly `text`: as it is when
/// that is safe, else in double quotes. Words that YAML would read as
/// something else (`true`, `null`, `1984`, `Grief: what helps`, a leading
/// `-`) are quoted.
pub fn scalar(text: &str) -> String {
    let reads_as_other = matches!(
        text.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "~"
    );
    let plain = !reads_as_other
        && text.chars().next().is_some_and(char::is_alphabetic)
        && text == text.trim()
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.contains([',', '[', ']', '{', '}', '"', '\''])
        && !text.chars().any(char::is_control);
    if plain {
        return text.to_owned();
    }
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for character in text.chars() {
        match character {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            other if other.is_control() => {
                quoted.push_str(&format!("\\u{:04x}", u32::from(other)));
            }
            other => quoted.push(other),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The demo practice, for its real therapists and services.
    fn demo() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let sources = crate::content::Sources {
            content: root.join("content"),
            static_files: root.join("static"),
        };
        crate::content::check(&sources).0
    }

    /// Every kind of file the loader knows has its rows in the guide, each
    /// with a meaning, so every field the form shows has a hint.
    #[test]
    fn every_accepted_field_has_the_guides_hint() {
        for (kind, fields) in crate::content::accepted_fields() {
            for field in fields {
                let row = GUIDE.get(&(kind.to_owned(), field.clone()));
                let row = row.unwrap_or_else(|| panic!("no guide row for {kind} {field}"));
                assert!(
                    !row.meaning.is_empty() || row.required == "from the original",
                    "{kind} {field}"
                );
                assert!(!row.meaning.contains('`'), "{}", row.meaning);
            }
        }
    }

    /// Each file's place names the guide's heading it is described under.
    #[test]
    fn files_are_known_by_their_place() {
        assert_eq!(kind_of("site.yaml"), Some("site.yaml"));
        assert_eq!(kind_of("site.es.yaml"), Some("site.LANG.yaml"));
        assert_eq!(kind_of("posts/2026-09-02-grief.md"), Some("Posts"));
        assert_eq!(
            kind_of("posts/2026-09-02-grief.es.md"),
            Some("Translated posts")
        );
        assert_eq!(kind_of("therapists/daniel-reyes.md"), Some("Therapists"));
        assert_eq!(kind_of("pages/fees.zh.md"), Some("Translated pages"));
        assert_eq!(kind_of("static/x.md"), None);
    }

    /// The guide's examples give each field its input: dates, lists,
    /// true or false, numbers, and YAML for mappings.
    #[test]
    fn inputs_follow_the_guides_examples() {
        let site = demo();
        let input = |kind: &str, name: &str| {
            let row = GUIDE.get(&(kind.to_owned(), name.to_owned())).unwrap();
            input_for(kind, name, &row.example, &site)
        };
        assert_eq!(input("Posts", "date"), Input::Date);
        assert_eq!(input("Posts", "tags"), Input::List);
        assert_eq!(input("Posts", "draft"), Input::Boolean);
        assert_eq!(input("Posts", "title"), Input::Text);
        assert!(matches!(input("Posts", "author"), Input::Choice(_)));
        assert!(matches!(input("Therapists", "services"), Input::Choices(_)));
        assert_eq!(input("Therapists", "order"), Input::Number);
        assert_eq!(input("Therapists", "license"), Input::Yaml);
        assert_eq!(input("site.yaml", "hours"), Input::Yaml);
        assert!(matches!(
            input("Translated posts", "title"),
            Input::Text | Input::Yaml
        ));
    }

    /// Typed values go back as YAML that means what the editor typed; an
    /// untouched field keeps its bytes, comments and quotes included.
    #[test]
    fn a_form_goes_back_as_the_yaml_it_means() {
        let text = "---\ntitle: \"Grief, and what helps\" # kept\ndate: 2026-09-02\n\
                    author: daniel-reyes\ntags: [grief]\n---\nBody.\n";
        let mut document = Document::read(text, true);
        let site = demo();
        let fields = form_fields("posts/2026-09-02-grief.md", &document, &site);
        let title = fields.iter().find(|field| field.name == "title").unwrap();
        assert_eq!(title.shown, "Grief, and what helps");
        let posted = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            (pairs.iter())
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect()
        };
        let mut unchanged = document.clone();
        apply(
            &mut unchanged,
            &fields,
            &posted(&[
                ("title", "Grief, and what helps"),
                ("date", "2026-09-02"),
                ("tags", "grief"),
                ("body", "Body.\n"),
            ]),
        );
        assert_eq!(unchanged.write(), text);
        apply(
            &mut document,
            &fields,
            &posted(&[
                ("title", "Grief: what helps"),
                ("tags", "grief\r\nloss\n\n"),
                ("summary", "New, with a comma"),
                ("draft", "true"),
            ]),
        );
        let written = document.write();
        assert!(
            written.contains("title: \"Grief: what helps\"\n"),
            "{written}"
        );
        assert!(written.contains("tags: [grief, loss]\n"), "{written}");
        assert!(
            written.contains("summary: \"New, with a comma\"\n"),
            "{written}"
        );
        assert!(written.contains("draft: true\n"), "{written}");
    }

    /// Every file of the demo and of the fixtures, its form posted back
    /// as it was shown, is written back byte for byte: opening and saving
    /// a file changes nothing the editor did not change.
    #[test]
    fn an_untouched_form_changes_no_file() {
        let site = demo();
        for (name, text) in crate::staff::document::tests::content_files() {
            let mut document = Document::read(&text, name.ends_with(".md"));
            let fields = form_fields(&name, &document, &site);
            let mut posted: Vec<(String, String)> = Vec::new();
            for field in &fields {
                match field.input {
                    Input::Choices(_) => {
                        posted.push((field.name.clone(), String::new()));
                        (field.chosen.iter())
                            .for_each(|value| posted.push((field.name.clone(), value.clone())));
                    }
                    _ => posted.push((field.name.clone(), field.shown.clone())),
                }
            }
            if let Some(body) = &document.body {
                posted.push(("body".into(), body.clone()));
            }
            apply(&mut document, &fields, &posted);
            assert_eq!(document.write(), text, "{name}");
        }
    }

    proptest::proptest! {
        /// Any text in any alphabet, with any punctuation, comes back from
        /// the YAML [`scalar`] writes as exactly itself.
        #[test]
        fn any_text_reads_back_as_itself(text in "\\PC{0,40}") {
            let yaml = format!("value: {}\n", scalar(&text));
            #[derive(serde::Deserialize)]
            struct One { value: String }
            let read: One = serde_saphyr::from_str(&yaml)
                .map_err(|error| proptest::test_runner::TestCaseError::fail(format!("{yaml}: {error}")))?;
            proptest::prop_assert_eq!(read.value, text);
        }

        /// Any cell of a guide row is read without a panic.
        #[test]
        fn any_guide_text_is_read(text in "\\PC{0,60}") {
            let _ = guide_rows(&format!("## Field reference\n### Posts\n| `x` | {text} | {text} | {text} |\n"));
            let _ = plain(&text);
        }
    }
}
