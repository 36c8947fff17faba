//! Splits a content file into YAML front matter and markdown body, and turns
//! YAML mistakes into errors that name the file and the line an editor must fix.
//!
//! Front matter sits between two `---` lines at the very top of the file, as
//! Jekyll, Hugo and Obsidian write it, so files move between tools unchanged.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{DefaultMessageFormatter, MessageFormatter};

use super::errors::ContentError;
use super::mistakes;

/// A content file after its front matter has been read.
#[derive(Debug)]
pub struct Parsed<T> {
    /// The typed front matter.
    pub fields: T,
    /// The markdown after the closing `---`.
    pub body: String,
    /// The file line the body starts on, so body problems can be located too.
    pub body_line: usize,
}

/// The file line that YAML line 1 sits on: the opening `---` is line 1.
pub const YAML_LINE_OFFSET: usize = 1;

/// Reads front matter of type `T` from `text`, which came from `path`.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<Parsed<T>, ContentError> {
    let (yaml, body, body_line) = split(path, text)?;
    let fields = from_yaml(path, yaml, YAML_LINE_OFFSET)?;
    Ok(Parsed {
        fields,
        body: body.to_owned(),
        body_line,
    })
}

/// Deserializes a YAML document, reporting errors at `line_offset` lines
/// below the YAML's own first line.
pub fn from_yaml<T: DeserializeOwned>(
    path: &Path,
    yaml: &str,
    line_offset: usize,
) -> Result<T, ContentError> {
    serde_saphyr::from_str(yaml).map_err(|error| {
        let error = error.without_snippet();
        let (line, column) = error.location().map_or((1, 1), |at| {
            (at.line().max(1) as usize, at.column().max(1) as usize)
        });
        let message = DefaultMessageFormatter.format_message(error);
        if let Some(mistake) = mistakes::diagnose(yaml, line_offset, line, column, &message) {
            return ContentError::new(path, mistake.line + line_offset, mistake.message)
                .at_column(mistake.column)
                .hinted(mistake.hint);
        }
        let (message, hint) = explain(&message);
        let problem = ContentError::new(path, line + line_offset, message).at_column(column);
        match hint {
            Some(hint) => problem.hinted(hint),
            None => problem,
        }
    })
}

/// Turns a parser message into one an editor can act on, with a hint:
/// a misspelt field gets the closest real one ("did you mean").
fn explain(message: &str) -> (String, Option<String>) {
    for (prefix, kind) in [("unknown field `", "field"), ("unknown variant `", "value")] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((wrong, expected)) = rest.split_once('`')
        {
            let choices = expected_names(expected);
            let choices_text = choices.join(", ");
            let hint = if kind == "field" {
                format!("the fields here are: {choices_text}")
            } else {
                format!("the choices are: {choices_text}")
            };
            let message = match closest(wrong, &choices) {
                Some(best) => format!("unknown {kind} \"{wrong}\"; did you mean \"{best}\"?"),
                None => format!("unknown {kind} \"{wrong}\""),
            };
            return (message, Some(hint));
        }
    }
    if let Some(rest) = message.strip_prefix("missing field `")
        && let Some((field, _)) = rest.split_once('`')
    {
        return (
            format!("missing field \"{field}\""),
            Some(format!("add a line \"{field}: ...\" (see docs/editing.md)")),
        );
    }
    (clarify(message), None)
}

/// The names in ", expected one of a, b, c" or ", expected `a` or `b`".
pub(crate) fn expected_names(text: &str) -> Vec<String> {
    let text = text.trim_start_matches([',', ' ']);
    let text = text.strip_prefix("expected").unwrap_or(text).trim();
    let text = text.strip_prefix("one of").unwrap_or(text);
    text.replace(" or ", ",")
        .split(',')
        .map(|name| name.trim().trim_matches('`').to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}

/// The choice nearest to what was typed, if one is near enough to be a typo.
pub fn closest<'a>(typed: &str, choices: &'a [impl AsRef<str>]) -> Option<&'a str> {
    choices
        .iter()
        .map(AsRef::as_ref)
        .map(|choice| {
            (
                strsim::damerau_levenshtein(&typed.to_lowercase(), &choice.to_lowercase()),
                choice,
            )
        })
        .filter(|(distance, choice)| *distance <= (choice.chars().count() / 3).clamp(1, 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, choice)| choice)
}

/// Rewords the parser's messages where an editor would not recognise them.
fn clarify(message: &str) -> String {
    match message {
        "unexpected end of input" => "the front matter is empty".to_owned(),
        "expected mapping start" => {
            "the front matter must be a list of `field: value` lines".to_owned()
        }
        other if other.contains("date is not valid") || other.contains("failed to parse") => {
            format!("not a valid date ({other}); write dates as YYYY-MM-DD, e.g. 2026-10-14")
        }
        other => other.replace('`', "\""),
    }
}

/// Returns the YAML, the body, and the file line the body starts on.
fn split<'a>(path: &Path, text: &'a str) -> Result<(&'a str, &'a str, usize), ContentError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "---" {
        return Err(ContentError::new(
            path,
            1,
            "the file must start with a line of three dashes (---), then the fields, then another line of three dashes",
        ));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (index, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            // Both ends are line ends, so on character boundaries; `get`
            // keeps it so if that ever changes.
            let yaml = text.get(yaml_start..offset).unwrap_or_default();
            let body = text.get(offset + line.len()..).unwrap_or_default();
            // index 0 is file line 2; the body starts on the line after the closing `---`.
            return Ok((yaml, body, index + 3));
        }
        offset += line.len();
    }
    Err(ContentError::new(
        path,
        1,
        "the front matter is not closed: add a line of three dashes (---) after the last field",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Fields {
        title: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn error_of(text: &str) -> String {
        parse::<Fields>(Path::new("posts/x.md"), text)
            .unwrap_err()
            .to_string()
    }

    /// Valid front matter gives its fields, the body and the body's first line.
    #[test]
    fn splits_fields_and_body() {
        let parsed = parse::<Fields>(
            Path::new("x.md"),
            "---\ntitle: Hello\ntags: [a]\n---\nBody\n",
        )
        .unwrap();
        assert_eq!(parsed.fields.title, "Hello");
        assert_eq!(parsed.fields.tags, ["a"]);
        assert_eq!(parsed.body, "Body\n");
        assert_eq!(parsed.body_line, 5);
    }

    /// Windows line endings and a byte-order mark, as some editors save, still parse.
    #[test]
    fn accepts_crlf_and_bom() {
        let parsed =
            parse::<Fields>(Path::new("x.md"), "\u{feff}---\r\ntitle: Hi\r\n---\r\nBody").unwrap();
        assert_eq!(parsed.fields.title, "Hi");
        assert_eq!(parsed.body, "Body");
    }

    /// An unknown field is reported on its own file line, counting the
    /// opening `---`, with the nearest real field suggested.
    #[test]
    fn unknown_field_names_file_and_line() {
        let message = error_of("---\ntitle: Hi\ntgas: [a]\n---\n");
        assert_eq!(
            message,
            "posts/x.md:3:1: error: unknown field \"tgas\"; did you mean \"tags\"?\n  hint: the fields here are: title, tags"
        );
        let message = error_of("---\ntitle: Hi\nsomething: me\n---\n");
        assert!(
            message
                .contains("unknown field \"something\"\n  hint: the fields here are: title, tags"),
            "{message}"
        );
    }

    /// Suggestions only for likely typos.
    #[test]
    fn closest_suggests_typos_only() {
        let fields = ["title", "author", "summary", "image_alt"];
        assert_eq!(closest("autor", &fields), Some("author"));
        assert_eq!(closest("Titel", &fields), Some("title"));
        assert_eq!(closest("imagealt", &fields), Some("image_alt"));
        assert_eq!(closest("colour", &fields), None);
    }

    /// A field of the wrong type is reported where it stands.
    #[test]
    fn wrong_type_names_line() {
        let message = error_of("---\ntitle: Hi\n\ntags: {a: b}\n---\n");
        assert!(message.starts_with("posts/x.md:4:7: error: "), "{message}");
    }

    /// A missing required field is an error, not a default.
    #[test]
    fn missing_field_is_an_error() {
        let message = error_of("---\ntags: [a]\n---\n");
        assert!(message.contains("missing field \"title\""), "{message}");
        assert!(message.starts_with("posts/x.md:"), "{message}");
    }

    /// YAML that does not parse names the line of the mistake.
    #[test]
    fn broken_yaml_names_line() {
        let message = error_of("---\ntitle: Hi\ntags: [a, b\n---\n");
        assert!(message.starts_with("posts/x.md:"), "{message}");
        let message = error_of("---\ntitle: Hi\n  tags: x: y\n---\n");
        assert!(message.starts_with("posts/x.md:3:"), "{message}");
    }

    /// Files without front matter, or with it left open, say how to fix them.
    #[test]
    fn missing_delimiters_are_explained() {
        assert!(error_of("title: Hi\n").contains("must start with a line of three dashes"));
        assert!(error_of("---\ntitle: Hi\n").contains("not closed"));
        assert!(error_of("").contains("must start with"));
        assert!(error_of("---\n---\n").contains("empty"));
    }

    proptest::proptest! {
        /// Any file, in any alphabet and with any line endings, is split
        /// into its fields and body or refused with a message: never a panic.
        #[test]
        fn any_file_is_split_or_refused(
            fields in "(\\PC|\\r|\\n){0,40}",
            body in "(\\PC|\\r|\\n){0,40}",
        ) {
            let path = Path::new("posts/any.md");
            let _ = split(path, &format!("---\n{fields}\n---\n{body}"));
            let _ = split(path, &fields);
        }
    }
}
