//! A content file as the browser editor shows it: each top-level field of
//! its front matter (or of `site.yaml`) with its YAML text, and the body.
//! Written back, a file the editor did not change comes out byte for byte
//! as it was, comments and blank lines included; a changed field changes
//! only its own lines. What the YAML means is the loader's business: the
//! save checks the whole site with the new text (see [`super::edit`]).

/// One top-level field: `name: value`, with what stood above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    /// The YAML after `name:` on its line, then its indented lines, as
    /// written (`Grief has no timeline`, or `\n  type: LCSW\n  state: CA`).
    pub value: String,
    /// What stood between the colon and the value, usually one space.
    gap: String,
    /// Comment and blank lines before the field, kept as they were.
    before: Vec<String>,
    /// The file line the field starts on.
    pub line: usize,
}

/// A file split for editing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Whether the fields sit between `---` lines above a body, or are the
    /// whole file (`site.yaml`), or there are none (markdown without them).
    fenced: bool,
    pub fields: Vec<Field>,
    /// Lines before the first field or after the last that belong to none.
    trailing: Vec<String>,
    /// The markdown after the closing `---`; `None` for `site.yaml`.
    pub body: Option<String>,
    /// The file line the body starts on.
    pub body_line: usize,
}

impl Document {
    /// Splits `text`: markdown with front matter, or else YAML (`site.yaml`).
    /// Any text at all is taken: a file whose front matter is broken still
    /// opens, so the editor can mend it.
    pub fn read(text: &str, markdown: bool) -> Document {
        let text = text.replace("\r\n", "\n");
        // A markdown file without front matter is all body.
        let fenced = markdown && text.starts_with("---\n");
        let (yaml, body) = match (fenced, markdown) {
            (true, _) => split_fences(&text),
            (false, true) => ("", None),
            (false, false) => (text.as_str(), None),
        };
        let first_line = usize::from(fenced) + 1;
        let mut fields: Vec<Field> = Vec::new();
        let mut pending: Vec<String> = Vec::new();
        for (index, line) in lines_of(yaml).into_iter().enumerate() {
            let starts_field = !line.starts_with([' ', '\t', '#', '-'])
                && !line.trim().is_empty()
                && line.contains(':');
            match (starts_field, fields.last_mut()) {
                (true, _) => {
                    let (name, rest) = line.split_once(':').unwrap_or((line, ""));
                    let value = rest.trim_start_matches([' ', '\t']);
                    fields.push(Field {
                        name: name.to_owned(),
                        value: value.to_owned(),
                        gap: rest[..rest.len() - value.len()].to_owned(),
                        before: std::mem::take(&mut pending),
                        line: first_line + index,
                    });
                }
                (false, Some(field)) if !line.trim().is_empty() && !line.starts_with('#') => {
                    // Blank and comment lines wait: they may belong to the
                    // next field; an indented line belongs to this one.
                    for waiting in pending.drain(..) {
                        field.value.push('\n');
                        field.value.push_str(&waiting);
                    }
                    field.value.push('\n');
                    field.value.push_str(line);
                }
                (false, _) => pending.push(line.to_owned()),
            }
        }
        let yaml_lines = lines_of(yaml).len();
        Document {
            fenced,
            fields,
            trailing: pending,
            body: match (fenced, body) {
                (false, None) if markdown => Some(text.clone()),
                (_, body) => body.map(str::to_owned),
            },
            body_line: if fenced {
                first_line + yaml_lines + 1
            } else {
                1
            },
        }
    }

    /// The value of field `name`, if the file has it.
    pub fn value(&self, name: &str) -> Option<&str> {
        (self.fields.iter())
            .find(|field| field.name == name)
            .map(|field| field.value.as_str())
    }

    /// Sets field `name` to `value` (YAML text, as [`Field::value`]); an
    /// empty value removes the field, a new field goes after the others.
    pub fn set(&mut self, name: &str, value: &str) {
        let value = value.replace("\r\n", "\n");
        let value = value.trim_end_matches(['\n', ' ']);
        match self.fields.iter().position(|field| field.name == name) {
            Some(at) if value.trim().is_empty() => {
                let removed = self.fields.remove(at);
                if let Some(next) = self.fields.get_mut(at) {
                    let mut before = removed.before;
                    before.append(&mut next.before);
                    next.before = before;
                }
            }
            Some(at) => {
                let field = &mut self.fields[at];
                value.clone_into(&mut field.value);
                if value.starts_with('\n') {
                    field.gap.clear();
                } else if field.gap.is_empty() {
                    field.gap.push(' ');
                }
            }
            None if value.trim().is_empty() => {}
            None => self.fields.push(Field {
                name: name.to_owned(),
                value: value.to_owned(),
                gap: if value.starts_with('\n') {
                    String::new()
                } else {
                    " ".to_owned()
                },
                before: Vec::new(),
                line: 0,
            }),
        }
    }

    /// Puts an editor's posted form into the document: each of its fields
    /// that was posted, and `body`. Fields the form did not post stay as
    /// they are, and so does every line no field shows.
    pub fn apply_form(&mut self, posted: &[(String, String)]) {
        let value = |name: &str| {
            (posted.iter())
                .find(|(field, _)| field == name)
                .map(|(_, value)| value.as_str())
        };
        let names: Vec<String> = self.fields.iter().map(|field| field.name.clone()).collect();
        for name in &names {
            let Some(new) = value(name) else { continue };
            match self.value(name) {
                // A block (a list or a mapping) keeps starting on its own line.
                Some(old) if old.starts_with('\n') && !new.starts_with('\n') => {
                    self.set(name, &format!("\n{new}"));
                }
                _ => self.set(name, new),
            }
        }
        if self.body.is_some()
            && let Some(body) = value("body")
        {
            self.body = Some(body.replace("\r\n", "\n"));
        }
    }

    /// The file's text.
    pub fn write(&self) -> String {
        let mut yaml = String::new();
        for field in &self.fields {
            for line in &field.before {
                yaml.push_str(line);
                yaml.push('\n');
            }
            yaml.push_str(&field.name);
            yaml.push(':');
            yaml.push_str(&field.gap);
            yaml.push_str(&field.value);
            yaml.push('\n');
        }
        for line in &self.trailing {
            yaml.push_str(line);
            yaml.push('\n');
        }
        match (&self.body, self.fenced) {
            (Some(body), true) => format!("---\n{yaml}---\n{body}"),
            (Some(body), false) => format!("{yaml}{body}"),
            (None, true) => format!("---\n{yaml}"),
            (None, false) => yaml,
        }
    }
}

/// The lines of `text`, without their line ends.
fn lines_of(text: &str) -> Vec<&str> {
    text.split_inclusive('\n')
        .map(|line| line.strip_suffix('\n').unwrap_or(line))
        .collect()
}

/// The YAML between the opening `---` line and the closing one, and the
/// body after it. Without a closing line, all of it is YAML and there is
/// no body (the check says the closing line is missing).
fn split_fences(text: &str) -> (&str, Option<&str>) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return ("", Some(text));
    };
    if let Some(body) = rest.strip_prefix("---\n") {
        return ("", Some(body));
    }
    match rest.find("\n---\n") {
        Some(end) => (&rest[..=end], Some(&rest[end + 5..])),
        None => match rest.strip_suffix("\n---") {
            Some(yaml) => (&rest[..=yaml.len()], Some("")),
            None => (rest, None),
        },
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every content file of the demo and of the fixtures: its place
    /// under its content folder, and its text.
    pub(crate) fn content_files() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for folder in [
            "content",
            "tests/fixtures/practice",
            "tests/fixtures/minimal",
        ] {
            let base = root.join(folder);
            let mut pending = vec![base.clone()];
            while let Some(path) = pending.pop() {
                if path.is_dir() {
                    pending.extend(
                        std::fs::read_dir(&path)
                            .unwrap()
                            .map(|entry| entry.unwrap().path()),
                    );
                    continue;
                }
                let name = path.to_string_lossy();
                if !name.ends_with(".md") && !name.ends_with(".yaml") {
                    continue;
                }
                let relative = path.strip_prefix(&base).unwrap().to_string_lossy();
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((relative.replace('\\', "/"), text));
            }
        }
        files
    }

    /// Every file of the demo and of the fixtures reads and writes back
    /// byte for byte.
    #[test]
    fn content_files_write_back_as_they_were() {
        let files = content_files();
        for (name, text) in &files {
            let fenced = name.ends_with(".md");
            assert_eq!(Document::read(text, fenced).write(), *text, "{name}");
        }
        assert!(files.len() > 20, "{} files", files.len());
    }

    /// A changed field changes its own lines only; an emptied one goes,
    /// and a new one is added last.
    #[test]
    fn a_change_touches_only_its_field() {
        let bare = Document::read("No front matter.\n", true);
        assert_eq!(bare.write(), "No front matter.\n");
        let text = "---\n# The heading.\ntitle: Old\nlicense:\n  type: LCSW\n\n  state: CA\ndraft: true\n---\nBody\n";
        let mut document = Document::read(text, true);
        assert_eq!(
            document.value("license"),
            Some("\n  type: LCSW\n\n  state: CA")
        );
        assert_eq!(document.fields[1].line, 4);
        assert_eq!(document.body_line, 10);
        document.set("title", "New: \"quoted\"\r\n");
        document.set("draft", "");
        document.set("tags", "[grief]");
        assert_eq!(
            document.write(),
            "---\n# The heading.\ntitle: New: \"quoted\"\nlicense:\n  type: LCSW\n\n  state: CA\ntags: [grief]\n---\nBody\n"
        );
    }

    /// A posted form changes the fields it names and the text; a block
    /// typed without its first line break keeps starting on its own line;
    /// the form's own fields (`token`, `action`) are not fields of the file.
    #[test]
    fn a_posted_form_changes_what_it_names() {
        let text = "---\ntitle: Old\nlicense:\n  type: LCSW\ndraft: true\n---\nBody\n";
        let mut document = Document::read(text, true);
        let posted = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect()
        };
        document.apply_form(&posted(&[
            ("token", "t"),
            ("action", "save"),
            ("title", "New"),
            ("license", "  type: LMFT\r\n  state: CA"),
            ("body", "New body\r\n"),
        ]));
        assert_eq!(
            document.write(),
            "---\ntitle: New\nlicense:\n  type: LMFT\n  state: CA\ndraft: true\n---\nNew body\n"
        );
    }

    proptest::proptest! {
        /// Any text reads without a panic, and a file read and written
        /// unchanged keeps every line it had (line ends made `\n`).
        #[test]
        fn any_text_reads_and_keeps_its_lines(text in "(---\n)?([a-z ]{0,6}(: ?)?[\\PC]{0,12}\n){0,8}(---\n)?\\PC{0,20}") {
            for fenced in [true, false] {
                let written = Document::read(&text, fenced).write();
                let expected = text.replace("\r\n", "\n");
                if fenced && !expected.starts_with("---\n") {
                    continue;
                }
                proptest::prop_assert_eq!(written.trim_end_matches('\n'), expected.trim_end_matches('\n'));
            }
        }
    }
}
