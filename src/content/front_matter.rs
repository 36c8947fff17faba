//! Splits a content file into YAML front matter and markdown body, and turns
//! YAML mistakes into errors that name the file and the line an editor must fix.
//!
//! Front matter sits between two `---` lines at the very top of the file, as
//! Jekyll, Hugo and Obsidian write it, so files move between tools unchanged.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{DefaultMessageFormatter, MessageFormatter};

use super::ContentError;

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
        let yaml_line = error.location().map_or(1, |at| at.line().max(1) as usize);
        let message = DefaultMessageFormatter.format_message(error);
        ContentError::new(path, yaml_line + line_offset, clarify(&message))
    })
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
            let yaml = &text[yaml_start..offset];
            let body = &text[offset + line.len()..];
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

    /// An unknown field is reported on its own file line, counting the opening `---`.
    #[test]
    fn unknown_field_names_file_and_line() {
        let message = error_of("---\ntitle: Hi\nautor: me\n---\n");
        assert!(message.starts_with("posts/x.md:3: "), "{message}");
        assert!(message.contains("unknown field \"autor\""), "{message}");
    }

    /// A field of the wrong type is reported where it stands.
    #[test]
    fn wrong_type_names_line() {
        let message = error_of("---\ntitle: Hi\n\ntags: {a: b}\n---\n");
        assert!(message.starts_with("posts/x.md:4: "), "{message}");
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
        assert!(message.starts_with("posts/x.md:3: "), "{message}");
    }

    /// Files without front matter, or with it left open, say how to fix them.
    #[test]
    fn missing_delimiters_are_explained() {
        assert!(error_of("title: Hi\n").contains("must start with a line of three dashes"));
        assert!(error_of("---\ntitle: Hi\n").contains("not closed"));
        assert!(error_of("").contains("must start with"));
        assert!(error_of("---\n---\n").contains("empty"));
    }
}
