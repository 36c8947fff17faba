//! Markdown to HTML for staff-written content, with what a reader of long
//! articles needs: linkable headings, a table of contents, reading time and a
//! summary. Only staff content goes through here: visitor input never does.
//!
//! pulldown-cmark writes no heading ids of its own, so the events are collected
//! first, every h2–h4 gets a unique slug (as Zola does for its table of
//! contents), and the heading is written with a permalink beside it.

use std::collections::HashSet;
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use pulldown_cmark_escape::{escape_href, escape_html};

/// Average silent reading speed for non-fiction, in words per minute.
const WORDS_PER_MINUTE: usize = 230;

/// Markdown rendered once at load time.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body as HTML, ready to place in a template unescaped.
    pub html: String,
    /// Every h2 and h3, in order, for the table of contents.
    pub toc: Vec<TocEntry>,
    /// Words of visible text, for the reading time.
    pub word_count: usize,
    /// The first paragraph as plain text: the summary when none is written.
    pub first_paragraph: String,
    /// Where the body points, for `hearth check`.
    pub references: Vec<Reference>,
    /// Questions and answers: every h3 ending in "?" under an h2, with the
    /// text up to the next heading (for FAQPage structured data).
    pub faq: Vec<Faq>,
    /// All the visible text, for search.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Faq {
    pub question: String,
    pub answer: String,
}

/// Something in a body that `hearth check` verifies, with the byte offset
/// in the markdown where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub offset: usize,
    pub kind: ReferenceKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceKind {
    /// A link's target as written.
    Link(String),
    /// An image's source and its alt text.
    Image { src: String, alt: String },
    /// A heading's level, 1 to 6.
    Heading(u8),
}

impl Rendered {
    /// The sources of the images in the body, as written.
    pub fn images(&self) -> impl Iterator<Item = &str> {
        self.references
            .iter()
            .filter_map(|reference| match &reference.kind {
                ReferenceKind::Image { src, .. } => Some(src.as_str()),
                _ => None,
            })
    }

    /// Minutes to read, never less than one.
    pub fn reading_minutes(&self) -> usize {
        self.word_count.div_ceil(WORDS_PER_MINUTE).max(1)
    }

    /// Number of h2 sections: long articles with three or more get a table of contents.
    pub fn section_count(&self) -> usize {
        self.toc.iter().filter(|entry| entry.level == 2).count()
    }
}

/// One heading in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// The heading's `id`, unique on the page.
    pub id: String,
    /// The heading as plain text.
    pub text: String,
}

/// Renders staff markdown with tables, footnotes, strikethrough, smart
/// punctuation and `{#id .class}` heading attributes.
pub fn render(markdown: &str) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let (events, offsets): (Vec<Event>, Vec<usize>) = Parser::new_ext(markdown, options)
        .into_offset_iter()
        .map(|(event, range)| (event, range.start))
        .unzip();

    let mut rendered = Rendered {
        references: references(&events, &offsets),
        faq: questions_and_answers(&events),
        text: visible_text(&events),
        ..Rendered::default()
    };
    let mut writer = BodyWriter {
        output: Vec::with_capacity(events.len()),
        ..BodyWriter::default()
    };
    let mut index = 0;
    while index < events.len() {
        index = writer.write(&events, index, &mut rendered);
    }

    html::push_html(&mut rendered.html, writer.output.into_iter());
    rendered.first_paragraph = rendered.first_paragraph.trim().to_owned();
    // Kept for the life of the site: give back what growing the strings reserved.
    rendered.html.shrink_to_fit();
    rendered.text.shrink_to_fit();
    rendered
}

/// The events of a body on their way to HTML, with what the writing needs
/// to remember: the ids already given, the footnotes' numbers, and whether
/// the first paragraph is being read.
#[derive(Default)]
struct BodyWriter<'a> {
    /// The events to write as HTML, headings and footnotes already turned
    /// into HTML of their own.
    output: Vec<Event<'a>>,
    /// Heading ids given so far on this page, so each is unique.
    used_ids: HashSet<String>,
    footnotes: Footnotes,
    /// Inside the first paragraph: its text becomes the fallback summary.
    in_first_paragraph: bool,
    /// The first paragraph has ended.
    first_paragraph_done: bool,
    /// The id of the last heading written: a table without a caption of
    /// its own is named by it.
    last_heading: Option<String>,
}

impl<'a> BodyWriter<'a> {
    /// Writes the event at `index`, noting what `rendered` collects from it;
    /// returns the index of the next event to write.
    fn write(&mut self, events: &[Event<'a>], index: usize, rendered: &mut Rendered) -> usize {
        let event = &events[index];
        match event {
            Event::Start(Tag::Heading { .. }) => return self.heading(events, index, rendered),
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) if is_external(dest_url) => {
                self.html(external_link_start(dest_url, title));
            }
            Event::Start(Tag::Table(_)) => self.table_start(event),
            Event::End(TagEnd::Table) => {
                self.output.push(event.clone());
                self.html("</div>\n".to_owned());
            }
            Event::FootnoteReference(label) => {
                let reference = self.footnotes.reference(label);
                self.html(reference);
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let start = self.footnotes.definition_start(label);
                self.html(start);
                self.footnotes.open = Some(label.to_string());
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let label = self.footnotes.open.take().unwrap_or_default();
                let end = self.footnotes.definition_end(&label);
                self.html(end);
            }
            Event::Start(Tag::Paragraph) if !self.first_paragraph_done => {
                self.in_first_paragraph = true;
                self.output.push(event.clone());
            }
            Event::End(TagEnd::Paragraph) if self.in_first_paragraph => {
                self.in_first_paragraph = false;
                self.first_paragraph_done = true;
                self.output.push(event.clone());
            }
            Event::Text(text) | Event::Code(text) => {
                rendered.word_count += count_words(text);
                if self.in_first_paragraph {
                    rendered.first_paragraph.push_str(text);
                }
                self.output.push(event.clone());
            }
            Event::SoftBreak | Event::HardBreak if self.in_first_paragraph => {
                rendered.first_paragraph.push(' ');
                self.output.push(event.clone());
            }
            other => self.output.push(other.clone()),
        }
        index + 1
    }

    /// Wide tables scroll inside a focusable region, so keyboard users can
    /// scroll them too. The region is named by the table's caption (a
    /// paragraph `Table: what it shows` just above it, as Pandoc writes
    /// captions), or else by the heading of its section.
    fn table_start(&mut self, event: &Event<'a>) {
        let caption = self.take_caption();
        let caption_id = caption
            .as_ref()
            .map(|_| unique_id("table", &mut self.used_ids));
        let region = match caption_id.as_ref().or(self.last_heading.as_ref()) {
            Some(id) => {
                let mut attributes = String::from(" role=\"region\" aria-labelledby=\"");
                let _ = escape_html(&mut attributes, id);
                attributes.push('"');
                attributes
            }
            None => String::new(),
        };
        self.html(format!(
            "<div class=\"table-scroll\"{region} tabindex=\"0\">\n"
        ));
        self.output.push(event.clone());
        if let (Some(caption), Some(id)) = (caption, caption_id) {
            let mut html = String::from("<caption id=\"");
            let _ = escape_html(&mut html, &id);
            html.push_str("\">");
            let _ = escape_html(&mut html, &caption);
            html.push_str("</caption>");
            self.html(html);
        }
    }

    /// The caption written just above a table (`Table: Fees by service`),
    /// taken out of the text it was written in.
    fn take_caption(&mut self) -> Option<String> {
        let Some(Event::End(TagEnd::Paragraph)) = self.output.last() else {
            return None;
        };
        let start = (self.output.iter())
            .rposition(|event| matches!(event, Event::Start(Tag::Paragraph)))?;
        let inner = &self.output[start + 1..self.output.len() - 1];
        if !(inner.iter())
            .all(|event| matches!(event, Event::Text(_) | Event::Code(_) | Event::SoftBreak))
        {
            return None;
        }
        let text = plain_text(inner);
        let caption = text.strip_prefix("Table:")?.trim().to_owned();
        if caption.is_empty() {
            return None;
        }
        self.output.truncate(start);
        Some(caption)
    }

    fn html(&mut self, html: String) {
        self.output.push(Event::Html(html.into()));
    }

    /// Writes the heading starting at `index` with its id and permalink, and
    /// lists h2 and h3 in the table of contents; returns the index after it.
    fn heading(&mut self, events: &[Event<'a>], index: usize, rendered: &mut Rendered) -> usize {
        let Event::Start(Tag::Heading {
            level, id, classes, ..
        }) = &events[index]
        else {
            return index + 1;
        };
        let end = events[index..]
            .iter()
            .position(|event| matches!(event, Event::End(TagEnd::Heading(_))))
            .map_or(events.len(), |offset| index + offset);
        let inner = events.get(index + 1..end).unwrap_or_default();
        let text = plain_text(inner);
        rendered.word_count += count_words(&text);
        let heading = Heading {
            level: *level,
            id: id.as_deref(),
            classes,
            text: &text,
        };
        let id = write_heading(&heading, inner, &mut self.used_ids, &mut self.output);
        self.last_heading.clone_from(&id);
        let level = heading_number(*level);
        if let (Some(id), 2 | 3) = (id, level) {
            rendered.toc.push(TocEntry { level, id, text });
        }
        end + 1
    }
}

/// The text a reader sees, blocks separated by line breaks.
fn visible_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(part) | Event::Code(part) => text.push_str(part),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(_) if !text.ends_with('\n') => text.push('\n'),
            _ => {}
        }
    }
    text
}

/// Every h3 that asks a question under an h2, with its answer as plain text.
fn questions_and_answers(events: &[Event]) -> Vec<Faq> {
    let mut found: Vec<Faq> = Vec::new();
    let mut seen_h2 = false;
    let mut answering = false;
    let mut index = 0;
    while index < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &events[index] {
            let end = events[index..]
                .iter()
                .position(|event| matches!(event, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |offset| index + offset);
            let text = plain_text(&events[index + 1..end]);
            let level = heading_number(*level);
            seen_h2 |= level == 2;
            answering = level == 3 && seen_h2 && text.ends_with('?');
            if answering {
                found.push(Faq {
                    question: text,
                    answer: String::new(),
                });
            }
            index = end + 1;
            continue;
        }
        if answering && let Some(last) = found.last_mut() {
            match &events[index] {
                Event::Text(text) | Event::Code(text) => last.answer.push_str(text),
                Event::SoftBreak | Event::HardBreak => last.answer.push(' '),
                Event::End(TagEnd::Paragraph | TagEnd::Item) => last.answer.push('\n'),
                _ => {}
            }
        }
        index += 1;
    }
    for faq in &mut found {
        faq.answer = faq.answer.trim().to_owned();
    }
    found.retain(|faq| !faq.answer.is_empty());
    found
}

/// The links, images and headings of a body, where they start.
fn references(events: &[Event], offsets: &[usize]) -> Vec<Reference> {
    let mut found = Vec::new();
    for (index, event) in events.iter().enumerate() {
        let kind = match event {
            Event::Start(Tag::Link { dest_url, .. }) => ReferenceKind::Link(dest_url.to_string()),
            Event::Start(Tag::Image { dest_url, .. }) => {
                let end = events[index..]
                    .iter()
                    .position(|event| matches!(event, Event::End(TagEnd::Image)))
                    .map_or(events.len(), |offset| index + offset);
                ReferenceKind::Image {
                    src: dest_url.to_string(),
                    alt: plain_text(&events[index + 1..end]),
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                ReferenceKind::Heading(heading_number(*level))
            }
            _ => continue,
        };
        found.push(Reference {
            offset: offsets[index],
            kind,
        });
    }
    found
}

/// Footnotes numbered in the order they are first cited, each linked both
/// ways: the reader can jump to the note and back to where they were. Ids
/// carry a prefix so they never collide with heading ids.
#[derive(Default)]
struct Footnotes {
    numbers: Vec<String>,
    open: Option<String>,
}

impl Footnotes {
    fn number(&mut self, label: &str) -> usize {
        match self.numbers.iter().position(|known| known == label) {
            Some(index) => index + 1,
            None => {
                self.numbers.push(label.to_owned());
                self.numbers.len()
            }
        }
    }

    fn reference(&mut self, label: &str) -> String {
        let number = self.number(label);
        format!(
            "<sup class=\"footnote-reference\" id=\"fnref-{number}\"><a href=\"#fn-{number}\" aria-label=\"Note {number}\">{number}</a></sup>"
        )
    }

    fn definition_start(&mut self, label: &str) -> String {
        let number = self.number(label);
        format!(
            "<div class=\"footnote-definition\" id=\"fn-{number}\"><sup class=\"footnote-definition-label\">{number}</sup><div>"
        )
    }

    fn definition_end(&mut self, label: &str) -> String {
        let number = self.number(label);
        format!(
            "<a class=\"footnote-back\" href=\"#fnref-{number}\" aria-label=\"Back to the text of note {number}\">↩</a></div></div>\n"
        )
    }
}

struct Heading<'a> {
    level: HeadingLevel,
    id: Option<&'a str>,
    classes: &'a [CowStr<'a>],
    text: &'a str,
}

/// Writes one heading, as GitHub does: a wrapper holding the heading and a
/// permalink whose accessible name says where it leads. Returns the id given
/// to h2–h4 (h1, h5 and h6 keep only an id the author wrote).
fn write_heading<'a>(
    heading: &Heading<'_>,
    inner: &[Event<'a>],
    used_ids: &mut HashSet<String>,
    output: &mut Vec<Event<'a>>,
) -> Option<String> {
    let level = heading_number(heading.level);
    let wants_id = (2..=4).contains(&level);
    let id = match heading.id {
        Some(written) => Some(unique_id(written, used_ids)),
        None if wants_id => Some(unique_id(&heading_id(heading.text), used_ids)),
        None => None,
    };

    let mut open = String::new();
    if wants_id {
        open.push_str("<div class=\"heading\">");
    }
    let _ = write!(open, "<h{level}");
    if let Some(id) = &id {
        open.push_str(" id=\"");
        let _ = escape_html(&mut open, id);
        open.push('"');
    }
    if !heading.classes.is_empty() {
        open.push_str(" class=\"");
        let _ = escape_html(&mut open, &heading.classes.join(" "));
        open.push('"');
    }
    open.push('>');
    output.push(Event::Html(open.into()));
    output.extend(inner.iter().cloned());

    let mut close = format!("</h{level}>");
    if let (true, Some(id)) = (wants_id, &id) {
        close.push_str("<a class=\"anchor\" href=\"#");
        let _ = escape_href(&mut close, id);
        close.push_str("\" aria-label=\"Link to the section: ");
        let _ = escape_html(&mut close, heading.text);
        close.push_str("\">#</a></div>");
    }
    close.push('\n');
    output.push(Event::Html(close.into()));
    id
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Returns `wanted`, or `wanted-1`, `wanted-2`… if that id is already taken.
fn unique_id(wanted: &str, used: &mut HashSet<String>) -> String {
    let mut candidate = wanted.to_owned();
    let mut suffix = 1;
    while used.contains(&candidate) {
        candidate = format!("{wanted}-{suffix}");
        suffix += 1;
    }
    used.insert(candidate.clone());
    candidate
}

/// The id a heading gets from its text: an ASCII slug, so the address of
/// a section (`/fees#sliding-scale`) reads the same in every browser, or
/// [`FALLBACK_ID`] when the text has no letters or digits.
pub fn heading_id(text: &str) -> String {
    crate::urls::slugify(text).unwrap_or_else(|| FALLBACK_ID.to_owned())
}

/// The id of a heading with nothing to make a slug of ("?!", an emoji).
pub const FALLBACK_ID: &str = "section";

/// Curly quotes, dashes and ellipses for text that never goes through
/// markdown, such as titles and summaries, matching what smart punctuation
/// does to bodies: `Before you say "I do"` becomes `Before you say “I do”`.
pub fn smarten(text: &str) -> String {
    let mut output = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        let opens = previous.is_none_or(|before| {
            before.is_whitespace() || matches!(before, '(' | '[' | '{' | '—' | '–' | '“' | '‘')
        });
        let replacement = match character {
            '"' if opens => '“',
            '"' => '”',
            '\'' if opens => '‘',
            '\'' => '’',
            '-' if characters.peek() == Some(&'-') => {
                characters.next();
                if characters.peek() == Some(&'-') {
                    characters.next();
                    '—'
                } else {
                    '–'
                }
            }
            other => other,
        };
        output.push(replacement);
        previous = Some(replacement);
    }
    output.replace("...", "…")
}

/// Plain text of a run of inline events.
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(part) | Event::Code(part) => text.push_str(part),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .count()
}

fn is_external(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || url.starts_with("//")
}

/// An external link opens no channel back to this page (`noopener`).
fn external_link_start(url: &str, title: &str) -> String {
    let mut tag = String::from("<a href=\"");
    let _ = escape_href(&mut tag, url);
    tag.push('"');
    if !title.is_empty() {
        tag.push_str(" title=\"");
        let _ = escape_html(&mut tag, title);
        tag.push('"');
    }
    tag.push_str(" rel=\"noopener\">");
    tag
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(markdown: &str) -> Vec<String> {
        render(markdown)
            .toc
            .into_iter()
            .map(|entry| entry.id)
            .collect()
    }

    /// Headings get ids from their text, with a visible permalink beside them.
    #[test]
    fn headings_get_ids_and_permalinks() {
        let rendered = render("## Getting started\n\nText.\n");
        assert!(
            rendered.html.contains(
                r##"<div class="heading"><h2 id="getting-started">Getting started</h2><a class="anchor" href="#getting-started" aria-label="Link to the section: Getting started">#</a></div>"##
            ),
            "{}",
            rendered.html
        );
    }

    /// The same heading twice gets two different ids.
    #[test]
    fn duplicate_headings_get_unique_ids() {
        assert_eq!(
            ids("## Notes\n\n## Notes\n\n### Notes\n"),
            ["notes", "notes-1", "notes-2"]
        );
    }

    /// An id the author wrote wins, and a generated one steps around it.
    #[test]
    fn written_ids_are_kept_and_respected() {
        assert_eq!(ids("## Fees {#fees}\n\n## Fees\n"), ["fees", "fees-1"]);
    }

    /// Heading ids are ASCII slugs of the heading's text, in any script;
    /// punctuation is dropped, not turned into dashes.
    #[test]
    fn heading_ids_are_ascii_slugs() {
        assert_eq!(heading_id("What's next?"), "whats-next");
        assert_eq!(heading_id("Ünïcödé  Über — Straße"), "unicode-uber-strasse");
        assert_eq!(heading_id("Pérdida y duelo"), "perdida-y-duelo");
        assert!(crate::urls::is_slug(&heading_id("日本語の見出し")));
        assert_eq!(
            heading_id("  LGBTQIA+ affirmative care!  "),
            "lgbtqia-affirmative-care"
        );
        assert_eq!(
            heading_id("2026: a year/in review"),
            "2026-a-year-in-review"
        );
        assert_eq!(heading_id("?!"), "section");
        assert_eq!(
            ids("## “Quoted” — and *emphasised*\n"),
            ["quoted-and-emphasised"]
        );
        assert_eq!(
            ids("## Cómo empezar\n\n## ?!\n\n## …\n"),
            ["como-empezar", "section", "section-1"]
        );
    }

    /// h2 and h3 go into the table of contents; h4 gets an id but stays out of it.
    #[test]
    fn toc_lists_h2_and_h3() {
        let rendered = render("# Title\n\n## One\n\n### One a\n\n#### Deep\n\n## Two\n");
        let toc: Vec<(u8, &str)> = rendered
            .toc
            .iter()
            .map(|entry| (entry.level, entry.id.as_str()))
            .collect();
        assert_eq!(toc, [(2, "one"), (3, "one-a"), (2, "two")]);
        assert_eq!(rendered.section_count(), 2);
        assert!(rendered.html.contains(r#"<h4 id="deep">"#));
        assert!(rendered.html.contains("<h1>Title</h1>"));
    }

    /// The first paragraph, as plain text, is the fallback summary.
    #[test]
    fn first_paragraph_is_plain_text() {
        let rendered = render("## Intro\n\nGrief *is* not a\n[straight](/x) line.\n\nSecond.\n");
        assert_eq!(rendered.first_paragraph, "Grief is not a straight line.");
    }

    /// Words are counted across the whole text, and reading time rounds up.
    #[test]
    fn counts_words_and_minutes() {
        let rendered = render(&"word ".repeat(231));
        assert_eq!(rendered.word_count, 231);
        assert_eq!(rendered.reading_minutes(), 2);
        assert_eq!(render("").reading_minutes(), 1);
    }

    /// External links get rel="noopener"; internal ones are left alone.
    #[test]
    fn external_links_get_noopener() {
        let html = render("[a](https://988lifeline.org \"Lifeline\") and [b](/fees)").html;
        assert!(
            html.contains(
                r#"<a href="https://988lifeline.org" title="Lifeline" rel="noopener">a</a>"#
            ),
            "{html}"
        );
        assert!(html.contains(r#"<a href="/fees">b</a>"#), "{html}");
    }

    /// Tables, footnotes, strikethrough and smart punctuation are on.
    #[test]
    fn extensions_are_enabled() {
        let html = render("| a |\n|---|\n| b |\n\n~~old~~ \"new\"[^1]\n\n[^1]: Note.\n").html;
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("“new”"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
    }

    /// Footnotes are numbered by first citation and link there and back.
    #[test]
    fn footnotes_link_both_ways() {
        let html = render("One[^b] two[^a].\n\n[^a]: Note A.\n\n[^b]: Note B.\n").html;
        assert!(html.contains(r##"<sup class="footnote-reference" id="fnref-1"><a href="#fn-1" aria-label="Note 1">1</a></sup>"##), "{html}");
        assert!(html.contains(r##"<div class="footnote-definition" id="fn-1"><sup class="footnote-definition-label">1</sup><div>"##), "{html}");
        assert!(html.contains(r##"<a class="footnote-back" href="#fnref-2" aria-label="Back to the text of note 2">↩</a>"##), "{html}");
        let before_b_note = html.split("Note B.").next().unwrap();
        assert!(
            before_b_note.contains(r#"id="fn-1""#),
            "b is cited first, so it is note 1: {html}"
        );
    }

    /// Titles get the same curly quotes and dashes as bodies.
    #[test]
    fn smartens_plain_text() {
        assert_eq!(smarten(r#"Before you say "I do""#), "Before you say “I do”");
        assert_eq!(
            smarten("It's 'fine' -- really --- wait..."),
            "It’s ‘fine’ – really — wait…"
        );
        assert_eq!(smarten("(\"quoted\")"), "(“quoted”)");
        assert_eq!(smarten("plain"), "plain");
    }

    /// Tables sit in a scrollable region a keyboard can reach, named by the
    /// table's caption, or else by its section's heading.
    #[test]
    fn tables_are_wrapped_for_scrolling_and_named() {
        let html = render("| a |\n|---|\n| b |\n").html;
        assert!(
            html.starts_with(r#"<div class="table-scroll" tabindex="0">"#),
            "{html}"
        );
        assert!(html.trim_end().ends_with("</table>\n</div>"), "{html}");

        let html = render("## Fees\n\n| a |\n|---|\n| b |\n").html;
        assert!(
            html.contains(
                r#"<div class="table-scroll" role="region" aria-labelledby="fees" tabindex="0">"#
            ),
            "{html}"
        );

        let html =
            render("## Fees\n\nTable: What each “service” costs\n\n| a |\n|---|\n| b |\n").html;
        assert!(
            html.contains(
                "<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"table\" tabindex=\"0\">\n<table><caption id=\"table\">What each “service” costs</caption>"
            ),
            "{html}"
        );
        assert!(!html.contains("<p>Table:"), "{html}");
    }

    /// Links, images and headings are found with where they stand.
    #[test]
    fn references_are_collected() {
        let markdown = "## One\n\nSee [fees](/fees) and ![a chart](/static/c.png).\n\n#### Deep\n";
        let kinds: Vec<(usize, ReferenceKind)> = render(markdown)
            .references
            .into_iter()
            .map(|found| (found.offset, found.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                (0, ReferenceKind::Heading(2)),
                (12, ReferenceKind::Link("/fees".into())),
                (
                    30,
                    ReferenceKind::Image {
                        src: "/static/c.png".into(),
                        alt: "a chart".into()
                    }
                ),
                (58, ReferenceKind::Heading(4)),
            ]
        );
    }

    /// Questions under an h2 become question-and-answer pairs; other h3s do not.
    #[test]
    fn faq_sections_are_found() {
        let markdown = "### Before any h2?\n\nNo.\n\n## FAQ\n\n### Is it free?\n\nYes, the *first* call.\n\nNo obligation.\n\n### Notes\n\nNot a question.\n\n### Can I bring someone?\n\n- Yes\n- Always\n";
        let faq = render(markdown).faq;
        assert_eq!(
            faq,
            [
                Faq {
                    question: "Is it free?".into(),
                    answer: "Yes, the first call.\nNo obligation.".into()
                },
                Faq {
                    question: "Can I bring someone?".into(),
                    answer: "Yes\nAlways".into()
                },
            ]
        );
    }

    /// Staff may write raw HTML; it passes through.
    #[test]
    fn raw_html_passes_through() {
        assert!(
            render("<aside>Note</aside>\n")
                .html
                .contains("<aside>Note</aside>")
        );
    }

    proptest::proptest! {
        /// However headings are written, in any script, the ids a page gets
        /// are unique and each an ASCII slug (the fallback `section` is one).
        #[test]
        fn heading_ids_are_unique_ascii_slugs(
            headings in proptest::collection::vec("[^{}\\r\\n]{0,24}", 1..8),
        ) {
            let markdown: String = headings.iter().map(|text| format!("## {text}\n\n")).collect();
            let ids: Vec<String> = render(&markdown).toc.into_iter().map(|entry| entry.id).collect();
            let unique: HashSet<&String> = ids.iter().collect();
            proptest::prop_assert_eq!(unique.len(), ids.len(), "{:?}", ids);
            for id in &ids {
                proptest::prop_assert!(crate::urls::is_slug(id), "{:?}", id);
            }
        }

        /// Any body renders without a panic; its fallback summary is
        /// trimmed, and a plain paragraph's summary is its words.
        #[test]
        fn summaries_never_panic_and_keep_the_words(
            body in "(\\PC|\\n|\\u{0}){0,200}",
            words in proptest::collection::vec("\\p{L}{1,8}", 1..20),
        ) {
            let rendered = render(&body);
            proptest::prop_assert_eq!(rendered.first_paragraph.trim(), &rendered.first_paragraph);
            let paragraph = words.join(" ");
            proptest::prop_assert_eq!(render(&format!("{paragraph}\n\nMore.")).first_paragraph, paragraph);
        }

        /// Reading time is never under a minute, and rounds up at
        /// [`WORDS_PER_MINUTE`].
        #[test]
        fn reading_time_rounds_up(count in 0usize..3000, noise in "\\PC{0,60}") {
            let rendered = render(&"word ".repeat(count));
            proptest::prop_assert_eq!(rendered.word_count, count);
            proptest::prop_assert_eq!(rendered.reading_minutes(), count.div_ceil(WORDS_PER_MINUTE).max(1));
            let any = render(&noise);
            proptest::prop_assert!(any.reading_minutes() >= 1);
            proptest::prop_assert!(any.reading_minutes() * WORDS_PER_MINUTE >= any.word_count);
        }
    }
}
