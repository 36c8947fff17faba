//! The mistakes editors really make in front matter, recognised from the
//! text around a YAML parser's complaint and explained in their words.
//!
//! The parser knows what it expected ("mapping values are not allowed in
//! this context"), not what the editor did (a title with a colon in it), and
//! it often points at the line before the one to fix. So when it complains,
//! the lines themselves are read again, by the few shapes that cover most
//! real mistakes: a tab, a colon inside a value, a field out of line with
//! its neighbours, curly quotes from a word processor, a missing closing
//! `---`, and a yes-or-no field given another word.
//!
//! Every check only reads; none can make a parse succeed, so a wrong guess
//! costs a less helpful message, never a wrong site.

/// What the editor most likely did, placed where they should look. Lines
/// and columns are 1-based and counted within the YAML, in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Diagnosis {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
    pub(crate) hint: String,
}

/// The likely mistake behind the parser's `message` at `line` and `column`
/// of `yaml`, when it is one of the known ones. The YAML starts
/// `line_offset` lines into its file, for the lines a message names.
pub(crate) fn diagnose(
    yaml: &str,
    line_offset: usize,
    line: usize,
    column: usize,
    message: &str,
) -> Option<Diagnosis> {
    let lines: Vec<&str> = yaml.lines().collect();
    let at = Place {
        lines: &lines,
        line_offset,
        line,
        column,
        message,
    };
    tab(&at)
        .or_else(|| not_closed(&at))
        .or_else(|| curly_quotes(&at))
        .or_else(|| colon_in_value(&at))
        .or_else(|| out_of_line(&at))
        .or_else(|| wrong_kind_of_value(&at))
}

/// The parser's complaint and the text it is about.
struct Place<'a> {
    lines: &'a [&'a str],
    /// Where YAML line 1 is in the file, less one.
    line_offset: usize,
    line: usize,
    column: usize,
    message: &'a str,
}

impl Place<'_> {
    /// The text of 1-based line `number`, if the YAML has it.
    fn text(&self, number: usize) -> Option<&str> {
        number
            .checked_sub(1)
            .and_then(|index| self.lines.get(index))
            .copied()
    }
}

/// A line read as a field: where its name starts, the name, and what
/// follows the colon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Field<'a> {
    /// 1-based, in characters.
    column: usize,
    name: &'a str,
    value: &'a str,
    /// Where the value starts, 1-based, in characters.
    value_column: usize,
}

/// `line` as `name: value`, allowing for list dashes in front (`- days:`).
/// Names are what front matter uses: letters, digits, `_` and `-`.
fn field(line: &str) -> Option<Field<'_>> {
    let mut column = 1;
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        column += rest.len() - trimmed.len();
        rest = trimmed;
        match rest.strip_prefix("- ") {
            Some(after) => {
                column += 2;
                rest = after;
            }
            None => break,
        }
    }
    let (name, value) = rest.split_once(':')?;
    let is_name = !name.is_empty()
        && name
            .chars()
            .all(|character| character.is_alphanumeric() || matches!(character, '_' | '-'));
    let separated = value.is_empty() || value.starts_with([' ', '\t']);
    let value_column = column + name.chars().count() + 1 + (value.len() - value.trim_start().len());
    (is_name && separated).then_some(Field {
        column,
        name,
        value: value.trim(),
        value_column,
    })
}

/// How many spaces `line` starts with.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Blank lines and comments say nothing about the shape of the fields.
fn is_meaningful(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty() && !trimmed.starts_with('#')
}

/// A line at the left edge that cannot be a field, a list item, a comment
/// or a value: words, as the text of a page is written.
fn is_prose(line: &str) -> bool {
    is_meaningful(line)
        && indent(line) == 0
        && field(line).is_none()
        && !line.starts_with([
            '-', '[', '{', '"', '\'', '|', '>', '&', '*', '!', '%', '@', '`',
        ])
        && !line.trim().starts_with("...")
}

/// YAML lines fields up with spaces only: a tab anywhere in the
/// indentation stops it, and the parser names the line before.
fn tab(at: &Place) -> Option<Diagnosis> {
    if !at.message.to_lowercase().contains("tab") {
        return None;
    }
    let has_tab = |(_, text): &(usize, &&str)| text.contains('\t');
    let from = at.line.saturating_sub(1);
    let (index, text) = (at.lines.iter().enumerate().skip(from).find(has_tab))
        .or_else(|| at.lines.iter().enumerate().find(has_tab))?;
    let column = text
        .chars()
        .take_while(|&character| character != '\t')
        .count()
        + 1;
    Some(Diagnosis {
        line: index + 1,
        column,
        message: "this line has a tab in it: fields are lined up with spaces, never tabs"
            .to_owned(),
        hint: "delete the tab and type spaces instead (two for each step in)".to_owned(),
    })
}

/// When the closing `---` is left out, the fields run on into the text
/// until a `---` further down, and the parser trips on the first sentence.
/// A line of words before the complaint, with no field right after it, is
/// where the fields should have ended; with fields after it, it is a field
/// whose colon is missing.
fn not_closed(at: &Place) -> Option<Diagnosis> {
    // A value of the wrong kind is a complaint about a value, not about
    // where the fields end.
    let about_a_value = ["invalid", "missing field", "is not a date"]
        .iter()
        .any(|kind| at.message.starts_with(kind) || at.message.contains(kind));
    if about_a_value {
        return None;
    }
    let last = at.line.min(at.lines.len());
    let index = (0..last).find(|&index| is_prose(at.lines[index]))?;
    let after_blank = index > 0 && at.lines[index - 1].trim().is_empty();
    let next = at.lines[index + 1..]
        .iter()
        .find(|line| is_meaningful(line));
    let field_follows = next.is_some_and(|line| field(line).is_some());
    let line = index + 1;
    if after_blank || !field_follows {
        return Some(Diagnosis {
            line,
            column: 1,
            message: "this line is not a field, so the line of three dashes (---) that ends the fields is probably missing above it".to_owned(),
            hint: "add a line of three dashes (---) after the last field; the text of the page goes after it".to_owned(),
        });
    }
    let text = at.lines[index].trim_end();
    let above = (0..index)
        .rev()
        .map(|before| at.lines[before])
        .find(|line| is_meaningful(line))
        .and_then(field)
        .filter(|above| !above.value.is_empty());
    let hint = match (above, text.split_once(' ')) {
        (Some(above), _) => format!(
            "if it goes on from \"{}\" on the line above, join the two lines; if it is a field of its own, write it as name: value",
            above.name
        ),
        (None, Some((name, rest))) => format!(
            "write it as name, colon, value, such as \"{name}: {}\"",
            rest.trim_start()
        ),
        (None, None) => "write it as name, colon, value, such as \"title: Hello\"".to_owned(),
    };
    Some(Diagnosis {
        line,
        column: 1,
        message: "this line is not a field: it has no colon after a name".to_owned(),
        hint,
    })
}

/// Word processors and phones turn `"` into `“` and `”`, which YAML reads
/// as part of the value, so `“true”` is not true.
fn curly_quotes(at: &Place) -> Option<Diagnosis> {
    const CURLY: [char; 10] = ['“', '”', '„', '‟', '‘', '’', '‚', '‛', '«', '»'];
    let text = at.text(at.line)?;
    let found = field(text)?;
    if !found.value.starts_with(CURLY) {
        return None;
    }
    let inner = found
        .value
        .trim_matches(|character| CURLY.contains(&character) || character == ' ');
    let bare = inner.parse::<f64>().is_ok()
        || matches!(inner, "true" | "false")
        || inner.parse::<jiff::civil::Date>().is_ok();
    let fixed = if bare {
        inner.to_owned()
    } else {
        quoted(inner)
    };
    Some(Diagnosis {
        line: at.line,
        column: found.value_column,
        message: format!(
            "the value of \"{}\" is in curly quotes ({}), which are not read as quotes",
            found.name, found.value
        ),
        hint: format!("use straight quotes (\") or none: {}: {fixed}", found.name),
    })
}

/// `title: Grief: what helps` reads as a field `title` whose value is a
/// field `Grief`: the parser points at the second colon.
fn colon_in_value(at: &Place) -> Option<Diagnosis> {
    if !at.message.contains("mapping values are not allowed") {
        return None;
    }
    let text = at.text(at.line)?;
    let found = field(text)?;
    // The complaint is at a colon after the value began; one at the
    // field's own colon is a line out of place instead.
    let name_end = found.column + found.name.chars().count();
    if found.value.is_empty() || at.column <= name_end {
        return None;
    }
    Some(Diagnosis {
        line: at.line,
        column: found.column,
        message: format!(
            "the value of \"{}\" has a colon in it, so it is read as the start of another field",
            found.name
        ),
        hint: format!(
            "put a value that contains a colon in quotes: {}: {}",
            found.name,
            quoted(found.value)
        ),
    })
}

/// The spaces in front of a field say what it belongs to: one space too
/// many or too few moves it into another entry, and the parser then
/// complains about a line it cannot place, or says a field is missing that
/// is there.
fn out_of_line(at: &Place) -> Option<Diagnosis> {
    let missing = at
        .message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name);
    if let Some(name) = missing {
        return missing_but_there(at, name);
    }
    let complaints = [
        "mapping values are not allowed",
        "did not find expected key",
        "expected ':'",
        "did not find expected '-'",
    ];
    if !complaints
        .iter()
        .any(|complaint| at.message.contains(complaint))
    {
        return None;
    }
    let found = field(at.text(at.line)?)?;
    let (above_line, above) = (1..at.line)
        .rev()
        .filter_map(|number| Some((number, at.text(number)?)))
        .find(|(_, text)| is_meaningful(text))?;
    let above = field(above)?;
    if above.column == found.column || (above.value.is_empty() && found.column > above.column) {
        return None;
    }
    Some(misaligned(
        at.line,
        found,
        above_line + at.line_offset,
        above,
    ))
}

/// "missing field `closes`" when a line `closes:` is there, but not in
/// line with the entry's other fields, whose column the parser gives.
fn missing_but_there(at: &Place, name: &str) -> Option<Diagnosis> {
    let candidates = (1..=at.lines.len())
        .filter_map(|number| Some((number, field(at.text(number)?)?)))
        .filter(|(_, found)| found.name == name && found.column != at.column);
    let (line, found) = candidates.min_by_key(|(number, _)| number.abs_diff(at.line))?;
    let neighbour = (1..line)
        .rev()
        .filter_map(|number| Some((number, field(at.text(number)?)?)))
        .find(|(_, other)| other.column == at.column);
    Some(match neighbour {
        Some((neighbour_line, neighbour)) => {
            misaligned(line, found, neighbour_line + at.line_offset, neighbour)
        }
        None => Diagnosis {
            line,
            column: found.column,
            message: format!(
                "\"{name}\" is there, but not lined up with the fields it belongs with"
            ),
            hint: format!(
                "start it in column {}: the spaces in front of a field say what it belongs to",
                at.column
            ),
        },
    })
}

/// `found`, on YAML line `line`, out of line with `neighbour` on file line
/// `neighbour_line`.
fn misaligned(line: usize, found: Field, neighbour_line: usize, neighbour: Field) -> Diagnosis {
    let spaces = |count: usize| match count {
        0 => "no spaces".to_owned(),
        1 => "1 space".to_owned(),
        count => format!("{count} spaces"),
    };
    Diagnosis {
        line,
        column: found.column,
        message: format!(
            "\"{}\" is not lined up with \"{}\" on line {neighbour_line}: the spaces in front of a field say what it belongs to",
            found.name, neighbour.name
        ),
        hint: format!(
            "\"{}\" has {} in front of it and \"{}\" {}: if they belong together, start them in the same column",
            found.name,
            spaces(found.column - 1),
            neighbour.name,
            spaces(neighbour.column - 1)
        ),
    }
}

/// A yes-or-no field given another word (`accepting_new_clients:
/// waitlist`), or a number field given words (`order: first`).
fn wrong_kind_of_value(at: &Place) -> Option<Diagnosis> {
    let rest = at.message.strip_prefix("invalid ")?;
    let (fix, hint) = if rest.starts_with("boolean") {
        (
            "write true or false",
            "a yes-or-no field takes only the word true or the word false, without quotes",
        )
    } else if is_number_type(rest) {
        (
            "write a number, such as 2",
            "a number field takes digits only, without words, quotes or a $ sign",
        )
    } else {
        return None;
    };
    let message = match field(at.text(at.line)?) {
        Some(found) if !found.value.is_empty() => {
            format!("\"{}\" is \"{}\": {fix}", found.name, found.value)
        }
        _ => format!("this value cannot be read: {fix}"),
    };
    Some(Diagnosis {
        line: at.line,
        column: at.column.max(1),
        message,
        hint: hint.to_owned(),
    })
}

/// The parser's names for number types: `i64`, `u16`, `floating point`.
fn is_number_type(name: &str) -> bool {
    name == "floating point"
        || (name.len() > 1
            && name.starts_with(['i', 'u'])
            && name
                .chars()
                .skip(1)
                .all(|character| character.is_ascii_digit()))
}

/// `value` in the quotes YAML reads as quotes: double, or single when
/// it has double quotes in it.
fn quoted(value: &str) -> String {
    if value.contains('"') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{value}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(yaml: &str) -> Field<'_> {
        field(yaml).unwrap()
    }

    /// Fields are found behind list dashes, at their character column.
    #[test]
    fn fields_are_read_with_their_column() {
        assert_eq!(
            read("  - days: [monday]"),
            Field {
                column: 5,
                name: "days",
                value: "[monday]",
                value_column: 11,
            }
        );
        assert_eq!(read("title:").value, "");
        assert_eq!(field("The first paragraph."), None);
        assert_eq!(field("a:b"), None);
        assert_eq!(field("A sentence: with a colon"), None);
    }

    proptest! {
        /// Whatever the text and wherever the parser points, a diagnosis
        /// never panics and points at a line of the text.
        #[test]
        fn any_text_is_diagnosed_without_panic(
            yaml in "(\\PC|\\t|\\n| |:|-|“|”){0,80}",
            line in 0usize..12,
            column in 0usize..40,
            message in prop::sample::select(vec![
                "found a tab",
                "mapping values are not allowed in this context",
                "did not find expected key",
                "missing field `date`",
                "invalid boolean",
                "simple key expected ':'",
                "anything else",
            ]),
        ) {
            if let Some(diagnosis) = diagnose(&yaml, 1, line, column, message) {
                prop_assert!(diagnosis.line >= 1 && diagnosis.column >= 1);
                prop_assert!(diagnosis.line <= yaml.lines().count().max(1));
            }
        }
    }
}
