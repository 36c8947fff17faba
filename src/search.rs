//! Search over the live site's posts, services, therapists and pages, on
//! the server, so it works without JavaScript and tells no one else what a
//! visitor looked for.
//!
//! A small in-memory index of our own rather than a search engine crate:
//! a practice's site has hundreds of documents, not millions, and tantivy
//! would add minutes of build time and megabytes of binary for features
//! (segments, merging, a query language) it does not need. Words are
//! stemmed with Snowball (rust-stemmers) by the rules of the language of
//! the pages searched (each language of the site has its own index), so
//! "sessions" finds "session" and "duelo" finds "duelos".
//!
//! Text is Unicode throughout. A word is a run of letters and digits of any
//! alphabet together with the combining marks written after them, so
//! `corazo\u{301}n` (the accent typed as its own character) is one word.
//! Words are folded the same way when indexed and when searched for:
//! lowercased, combining marks dropped, and letters of the Latin alphabets
//! transliterated to ASCII by `deunicode` (`ñ` → `n`, `ó` → `o`, `ß` →
//! `ss`). So "manana" finds "mañana" and "corazon" finds "corazón", as a
//! visitor on a phone keyboard without accents expects, and the other way
//! round. Other scripts (Greek, Cyrillic, Arabic, Hebrew, Han …) are kept as
//! written, lowercased: transliterating them would make unrelated words of
//! two alphabets meet.
//!
//! A snippet is a piece of one text of the document (its lead or its body),
//! cut only at character boundaries, at most [`SNIPPET_CHARS`] characters,
//! with an ellipsis where it starts or ends inside that text.

use std::collections::HashMap;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};

use crate::content::markdown::Rendered;
use crate::content::model::Site;
use crate::i18n::Language;
use crate::urls::Paths;

/// A title match counts this many times more than a body match.
const TITLE_WEIGHT: f32 = 8.0;
/// Summaries, tags, specialties.
const SUMMARY_WEIGHT: f32 = 3.0;
const BODY_WEIGHT: f32 = 1.0;
/// Characters of text a search result shows: around the first match, or
/// of a summary (`hearth check` warns about longer summaries).
pub const SNIPPET_CHARS: usize = 160;

/// How one language's words are searched: its Snowball stemmer (none for
/// a language Snowball has no rules for: its words are then matched as
/// folded), the words too common to search for, and stems Snowball leaves
/// apart that readers expect to meet. All are written folded, as
/// [`words`] gives them: lowercase, without accents.
pub struct LanguageRules {
    stemmer: Option<Stemmer>,
    stop_words: &'static [&'static str],
    aliases: &'static [(&'static str, &'static str)],
}

/// "grieving" stems to "griev", "grief" to "grief".
const ENGLISH_ALIASES: &[(&str, &str)] = &[
    ("grief", "griev"),
    ("anxieti", "anxious"),
    ("depress", "depress"),
];

const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "i", "in", "is", "it",
    "my", "of", "on", "or", "that", "the", "this", "to", "was", "we", "what", "when", "with",
    "you", "your", "do", "can",
];

/// Folded, so "más" is "mas" and "qué" is "que".
const SPANISH_STOP_WORDS: &[&str] = &[
    "a", "al", "como", "con", "de", "del", "e", "el", "en", "es", "esta", "este", "la", "las",
    "le", "les", "lo", "los", "mas", "me", "mi", "mis", "no", "o", "para", "pero", "por", "que",
    "se", "si", "sin", "su", "sus", "te", "tu", "u", "un", "una", "unas", "unos", "y", "ya", "yo",
];

impl LanguageRules {
    pub fn of(language: &Language) -> LanguageRules {
        let algorithm = match language.code() {
            "ar" => Some(Algorithm::Arabic),
            "da" => Some(Algorithm::Danish),
            "de" => Some(Algorithm::German),
            "el" => Some(Algorithm::Greek),
            "en" => Some(Algorithm::English),
            "es" => Some(Algorithm::Spanish),
            "fr" => Some(Algorithm::French),
            "hu" => Some(Algorithm::Hungarian),
            "it" => Some(Algorithm::Italian),
            "nl" => Some(Algorithm::Dutch),
            "no" | "nb" => Some(Algorithm::Norwegian),
            "pt" => Some(Algorithm::Portuguese),
            "ro" => Some(Algorithm::Romanian),
            "ru" => Some(Algorithm::Russian),
            "sv" => Some(Algorithm::Swedish),
            "ta" => Some(Algorithm::Tamil),
            "tr" => Some(Algorithm::Turkish),
            _ => None,
        };
        let (stop_words, aliases) = match language.code() {
            "en" => (ENGLISH_STOP_WORDS, ENGLISH_ALIASES),
            "es" => (SPANISH_STOP_WORDS, &[][..]),
            _ => (&[][..], &[][..]),
        };
        LanguageRules {
            stemmer: algorithm.map(Stemmer::create),
            stop_words,
            aliases,
        }
    }

    fn is_stop_word(&self, word: &str) -> bool {
        self.stop_words.contains(&word)
    }

    fn stem(&self, word: &str) -> String {
        let Some(stemmer) = &self.stemmer else {
            return word.to_owned();
        };
        let stem = stemmer.stem(word).into_owned();
        (self.aliases.iter())
            .find(|(from, _)| *from == stem)
            .map_or(stem, |(_, to)| (*to).to_owned())
    }
}

/// One searchable document.
#[derive(Debug, Clone)]
pub struct Document {
    pub url: String,
    pub title: String,
    /// What kind of page it is, as the catalog's message id
    /// (`search-kind-article`, `-service`, `-therapist` or `-page`).
    pub kind: &'static str,
    /// The text snippets are cut from: `lead`, then the body's text. The
    /// body is shared with the site, not copied: with a thousand articles a
    /// copy would be megabytes.
    pub lead: String,
    pub body: Arc<Rendered>,
}

/// A result, best first.
#[derive(Debug, Clone)]
pub struct Hit<'a> {
    pub document: &'a Document,
    pub score: f32,
    /// Plain text around the first match, with the matched words marked.
    pub snippet: Vec<SnippetPart>,
}

/// A piece of a snippet: plain text, or a matched word to highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnippetPart {
    Text(String),
    Match(String),
}

pub struct SearchIndex {
    documents: Vec<Document>,
    /// Term → (document, weighted count).
    postings: HashMap<String, Vec<(usize, f32)>>,
    /// The language of every document, and of the queries asked of it.
    rules: LanguageRules,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SearchIndex({} documents, {} terms)",
            self.documents.len(),
            self.postings.len()
        )
    }
}

impl SearchIndex {
    /// Indexes what one language of the live site shows, by that
    /// language's rules, with results linking to `paths`.
    pub fn build(site: &Site, paths: &Paths) -> SearchIndex {
        let mut index = SearchIndex::empty(LanguageRules::of(site.language()));
        let mut stems = HashMap::new();
        for post in &site.posts {
            let tags: Vec<&str> = post.tags.iter().map(|tag| tag.name.as_str()).collect();
            index.add(
                &mut stems,
                Document {
                    url: paths.post(&post.slug),
                    title: post.title.clone(),
                    kind: "search-kind-article",
                    lead: post.summary.clone(),
                    body: Arc::clone(&post.body),
                },
                &format!("{} {}", post.summary, tags.join(" ")),
            );
        }
        for service in &site.services {
            index.add(
                &mut stems,
                Document {
                    url: paths.service(&service.slug),
                    title: service.title.clone(),
                    kind: "search-kind-service",
                    lead: service.summary.clone(),
                    body: Arc::new(service.body.clone()),
                },
                &service.summary,
            );
        }
        for therapist in &site.therapists {
            let about = format!(
                "{} {} {} {}",
                therapist.title,
                therapist.specialties.join(" "),
                therapist.approaches.join(" "),
                therapist.languages.join(" ")
            );
            index.add(
                &mut stems,
                Document {
                    url: paths.therapist(&therapist.slug),
                    title: format!("{}, {}", therapist.name, therapist.credentials),
                    kind: "search-kind-therapist",
                    lead: about.clone(),
                    body: Arc::new(therapist.bio.clone()),
                },
                &about,
            );
        }
        for page in &site.pages {
            index.add(
                &mut stems,
                Document {
                    url: paths.page(&page.slug),
                    title: page.title.clone(),
                    kind: "search-kind-page",
                    lead: String::new(),
                    body: Arc::new(page.body.clone()),
                },
                &page.summary,
            );
        }
        index
    }

    /// An index with no documents yet.
    fn empty(rules: LanguageRules) -> SearchIndex {
        SearchIndex {
            documents: Vec::new(),
            postings: HashMap::new(),
            rules,
        }
    }

    /// Indexes one document. `stems` remembers each word's stem across
    /// documents: stemming is most of the indexing time, and articles
    /// repeat their words.
    fn add(&mut self, stems: &mut HashMap<String, String>, document: Document, summary: &str) {
        let id = self.documents.len();
        let mut counts: HashMap<String, f32> = HashMap::new();
        for (text, weight) in [
            (document.title.as_str(), TITLE_WEIGHT),
            (summary, SUMMARY_WEIGHT),
            (document.body.text.as_str(), BODY_WEIGHT),
        ] {
            for word in words(text).filter(|word| !self.rules.is_stop_word(word)) {
                let term = match stems.get(&word) {
                    Some(term) => term.clone(),
                    None => {
                        let term = self.stem(&word);
                        stems.insert(word, term.clone());
                        term
                    }
                };
                *counts.entry(term).or_default() += weight;
            }
        }
        for (term, count) in counts {
            self.postings.entry(term).or_default().push((id, count));
        }
        self.documents.push(document);
    }

    /// The stemmed, searchable words of `text`.
    fn terms(&self, text: &str) -> Vec<String> {
        words(text)
            .filter(|word| !self.rules.is_stop_word(word))
            .map(|word| self.stem(&word))
            .collect()
    }

    fn stem(&self, word: &str) -> String {
        self.rules.stem(word)
    }

    /// Documents matching every word of `query`, best first: a word's
    /// weight counts less the more documents have it (inverse document
    /// frequency), and long documents do not win by length alone.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        let mut terms = self.terms(query);
        terms.sort();
        terms.dedup();
        if terms.is_empty() {
            return Vec::new();
        }
        let total = self.documents.len() as f32;
        let mut scores: HashMap<usize, (f32, usize)> = HashMap::new();
        for term in &terms {
            let Some(postings) = self.postings.get(term) else {
                return Vec::new();
            };
            let idf = (1.0 + total / postings.len() as f32).ln();
            for &(document, count) in postings {
                let entry = scores.entry(document).or_default();
                entry.0 += (1.0 + count).ln() * idf;
                entry.1 += 1;
            }
        }
        let mut hits: Vec<(usize, f32)> = scores
            .into_iter()
            .filter(|(_, (_, matched))| *matched == terms.len())
            .map(|(document, (score, _))| (document, score))
            .collect();
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        hits.into_iter()
            .take(limit)
            .map(|(document, score)| Hit {
                document: &self.documents[document],
                score,
                snippet: self.snippet(&self.documents[document], &terms),
            })
            .collect()
    }

    /// Text around the first matched word, with every matched word marked:
    /// from the lead when a word of it matches, else from the body, else the
    /// start of whichever has text.
    fn snippet(&self, document: &Document, terms: &[String]) -> Vec<SnippetPart> {
        let matcher = Matcher::new(self, terms);
        let texts = [document.lead.as_str(), document.body.text.as_str()];
        let (text, window) = texts
            .into_iter()
            .find_map(|text| {
                let found = matcher.first_match(text)?;
                Some((text, window_around(text, found)))
            })
            .unwrap_or_else(|| {
                let text = texts
                    .into_iter()
                    .find(|text| !text.trim().is_empty())
                    .unwrap_or("");
                let first_word = word_spans(text).next().map(|(start, _)| (start, start));
                let from_start = Found {
                    word: first_word.unwrap_or_default(),
                    before: std::collections::VecDeque::new(),
                };
                (text, window_around(text, from_start))
            });
        let (start, end) = window;
        let mut parts = Vec::new();
        let mut plain = String::new();
        if !text[..start].trim().is_empty() {
            plain.push('…');
        }
        let mut copied = start;
        for (word_start, word_end) in word_spans(&text[start..end]) {
            let (word_start, word_end) = (start + word_start, start + word_end);
            if matcher.matches(&text[word_start..word_end]) {
                plain.push_str(&text[copied..word_start]);
                parts.push(SnippetPart::Text(std::mem::take(&mut plain)));
                parts.push(SnippetPart::Match(text[word_start..word_end].to_owned()));
                copied = word_end;
            }
        }
        plain.push_str(&text[copied..end]);
        if !text[end..].trim().is_empty() {
            plain.push('…');
        }
        parts.push(SnippetPart::Text(plain));
        parts.retain(|part| !matches!(part, SnippetPart::Text(text) if text.is_empty()));
        parts
    }
}

/// Words of context a snippet shows before its first match, room allowing.
const CONTEXT_WORDS: usize = 8;

/// Decides whether a word of a document is one the query asked for.
struct Matcher<'a> {
    index: &'a SearchIndex,
    terms: &'a [String],
    /// The first three characters of each term. Stems are nearly always
    /// prefixes of their words, so an ASCII word whose start matches no
    /// term's start is skipped without folding and stemming it: most words
    /// of a body fail here.
    starts: Vec<&'a str>,
}

/// Where the first match of a text is, with the words just before it.
struct Found {
    /// The matched word's byte range: on character boundaries.
    word: (usize, usize),
    /// Starts of up to [`CONTEXT_WORDS`] words before it, nearest last.
    before: std::collections::VecDeque<usize>,
}

impl<'a> Matcher<'a> {
    fn new(index: &'a SearchIndex, terms: &'a [String]) -> Matcher<'a> {
        let starts = terms
            .iter()
            .map(|term| {
                term.char_indices()
                    .nth(3)
                    .map_or(term.as_str(), |(at, _)| &term[..at])
            })
            .collect();
        Matcher {
            index,
            terms,
            starts,
        }
    }

    /// Whether `word`, a run of word characters, folds and stems to a term.
    fn matches(&self, word: &str) -> bool {
        let may_match = !word.is_ascii()
            || self.starts.iter().any(|start| {
                word.get(..start.len())
                    .is_some_and(|prefix| prefix.eq_ignore_ascii_case(start))
            });
        may_match && {
            let folded = fold(word);
            !folded.is_empty() && self.terms.contains(&self.index.stem(&folded))
        }
    }

    /// The first matching word of `text`, and the words before it.
    fn first_match(&self, text: &str) -> Option<Found> {
        let mut before = std::collections::VecDeque::with_capacity(CONTEXT_WORDS + 1);
        for (start, end) in word_spans(text) {
            if self.matches(&text[start..end]) {
                return Some(Found {
                    word: (start, end),
                    before,
                });
            }
            before.push_back(start);
            if before.len() > CONTEXT_WORDS {
                before.pop_front();
            }
        }
        None
    }
}

/// The byte range of `text` a snippet shows: the found word (cut to
/// [`SNIPPET_CHARS`] if it alone is longer), as many of the words before it
/// as fit, then what follows it up to the limit, ending after a whole word
/// and the punctuation attached to it. Every bound is a character boundary.
fn window_around(text: &str, found: Found) -> (usize, usize) {
    let chars_between = |from: usize, to: usize| text[from..to].chars().count();
    let (word_start, word_end) = found.word;
    if chars_between(word_start, word_end) > SNIPPET_CHARS {
        return (word_start, after_chars(text, word_start, SNIPPET_CHARS));
    }
    let mut start = word_start;
    for &earlier in found.before.iter().rev() {
        if chars_between(earlier, word_end) > SNIPPET_CHARS {
            break;
        }
        start = earlier;
    }
    // Punctuation that opens the first word ("(", "¿", a quotation mark).
    let opening = text[..start]
        .char_indices()
        .rev()
        .take_while(|(_, character)| !character.is_whitespace())
        .last()
        .map_or(start, |(at, _)| at);
    if chars_between(opening, word_end) <= SNIPPET_CHARS {
        start = opening;
    }
    // The last end of a whole word, with what is attached to it, that
    // fits; the found word's own end when its punctuation runs past.
    let budget_end = after_chars(text, start, SNIPPET_CHARS);
    let end = if budget_end == text.len() || text[budget_end..].starts_with(char::is_whitespace) {
        budget_end
    } else {
        text[word_end..budget_end]
            .rfind(char::is_whitespace)
            .map_or(word_end, |at| word_end + at)
    };
    (start, start + text[start..end].trim_end().len())
}

/// The byte offset `count` characters after `from`, or the end of `text`.
fn after_chars(text: &str, from: usize, count: usize) -> usize {
    text[from..]
        .char_indices()
        .nth(count)
        .map_or(text.len(), |(at, _)| from + at)
}

/// Whether `character` belongs to a word: a letter or digit of any
/// alphabet, or a combining mark that decorates the one before it.
fn is_word_character(character: char) -> bool {
    character.is_alphanumeric() || is_combining_mark(character)
}

/// The combining diacritical marks: accents typed as a character of their
/// own after their letter (`e` + U+0301 for `é`). `char::is_alphanumeric`
/// says no to most of them, which would cut `corazo\u{301}n` in two.
fn is_combining_mark(character: char) -> bool {
    matches!(
        character,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Letters of the Latin alphabets beyond ASCII: Latin-1, Extended-A and -B,
/// and Extended Additional (Vietnamese).
fn is_latin_letter(character: char) -> bool {
    matches!(character, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// A word as the index keeps it and a query looks for it: lowercase,
/// without combining marks, Latin letters transliterated to ASCII (see the
/// module's documentation). Empty when the word was only marks.
fn fold(word: &str) -> String {
    // Most words of an English site are ASCII, and folding leaves ASCII as
    // it is but for case: this keeps indexing a large site quick.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    fold_any(word)
}

/// [`fold`] for a word in any script.
fn fold_any(word: &str) -> String {
    let mut folded = String::with_capacity(word.len());
    for character in word.chars().flat_map(char::to_lowercase) {
        if is_combining_mark(character) {
            continue;
        }
        let ascii = is_latin_letter(character)
            .then(|| deunicode::deunicode_char(character))
            .flatten()
            .filter(|ascii| !ascii.is_empty() && ascii.bytes().all(|b| b.is_ascii_alphanumeric()));
        match ascii {
            Some(ascii) => folded.extend(ascii.chars().map(|c| c.to_ascii_lowercase())),
            None => folded.push(character),
        }
    }
    folded
}

/// The byte ranges of the words of `text`: runs of word characters. Each
/// bound comes from `char_indices`, so it is a character boundary.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut characters = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = characters.find(|(_, character)| is_word_character(*character))?;
        let mut end = text.len();
        while let Some(&(at, character)) = characters.peek() {
            if !is_word_character(character) {
                end = at;
                break;
            }
            characters.next();
        }
        Some((start, end))
    })
}

/// The folded words of `text`, as the index keeps them.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    word_spans(text)
        .map(|(start, end)| fold(&text[start..end]))
        .filter(|word| !word.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> SearchIndex {
        let mut index = SearchIndex::empty(LanguageRules::of(&Language::english()));
        let mut stems = HashMap::new();
        let document = |title: &str, text: &str| Document {
            url: format!("/{title}"),
            title: title.to_owned(),
            kind: "search-kind-article",
            lead: String::new(),
            body: Arc::new(Rendered {
                text: text.to_owned(),
                ..Rendered::default()
            }),
        };
        index.add(
            &mut stems,
            document("Grief has no timeline", "Mourning takes time."),
            "",
        );
        index.add(
            &mut stems,
            document(
                "Couples",
                "When grief enters a marriage, partners grieve differently.",
            ),
            "",
        );
        index.add(&mut stems, document("Fees", "Sessions cost money."), "");
        index.add(
            &mut stems,
            document("Questions", "No question is too naïve to ask."),
            "",
        );
        index
    }

    /// A word whose third byte falls inside a character is found and
    /// marked; it used to panic, quoting the visitor's word.
    #[test]
    fn words_with_accents_early_are_found_without_a_panic() {
        let index = index();
        let hits = index.search("naïve", 10);
        assert_eq!(hits.len(), 1);
        assert_marked(&hits[0], "naïve");
    }

    /// Stems match across forms, and a title match ranks above a body match.
    #[test]
    fn stems_and_ranking() {
        let index = index();
        let hits = index.search("grieving", 10);
        let titles: Vec<&str> = hits.iter().map(|hit| hit.document.title.as_str()).collect();
        assert_eq!(titles, ["Grief has no timeline", "Couples"]);
        assert_eq!(index.search("session", 10)[0].document.title, "Fees");
        assert!(
            index.search("the", 10).is_empty(),
            "stop words alone find nothing"
        );
        assert!(
            index.search("grief money", 10).is_empty(),
            "every word must match"
        );
    }

    /// Snippets mark each matched word.
    #[test]
    fn snippets_mark_matches() {
        let index = index();
        let hits = index.search("grieve", 10);
        let couples = hits
            .iter()
            .find(|hit| hit.document.title == "Couples")
            .unwrap();
        assert_eq!(
            couples.snippet,
            [
                SnippetPart::Text("When ".into()),
                SnippetPart::Match("grief".into()),
                SnippetPart::Text(" enters a marriage, partners ".into()),
                SnippetPart::Match("grieve".into()),
                SnippetPart::Text(" differently.".into()),
            ]
        );
    }

    /// An empty index, for tests that add their own documents.
    fn empty_index() -> SearchIndex {
        index_in("en")
    }

    /// An empty index of pages in the language `code`.
    fn index_in(code: &str) -> SearchIndex {
        SearchIndex::empty(LanguageRules::of(&Language::parse(code).unwrap()))
    }

    /// Titles of what `query` finds, best first.
    fn found<'a>(index: &'a SearchIndex, query: &str) -> Vec<&'a str> {
        (index.search(query, 10).into_iter())
            .map(|hit| hit.document.title.as_str())
            .collect()
    }

    /// A Spanish index stems by Spanish rules, with or without accents,
    /// and ignores Spanish stop words; English rules do not apply there.
    #[test]
    fn spanish_pages_are_searched_by_spanish_rules() {
        let mut index = index_in("es");
        let mut stems = HashMap::new();
        let grief = "Los duelos no siguen un calendario: las olas de la pérdida. Lloramos juntos.";
        index.add(&mut stems, document_of("Duelo", "", grief), "");
        let fees = "Cada sesión cuesta lo mismo en persona que en línea.";
        index.add(&mut stems, document_of("Tarifas", "", fees), "");
        for query in [
            "duelo",
            "duelos",
            "perdida",
            "pérdidas",
            "PERDIDA",
            "llorar",
            "llora",
        ] {
            assert_eq!(found(&index, query), ["Duelo"], "{query}");
        }
        for query in ["sesion", "sesiones", "Sesión"] {
            assert_eq!(found(&index, query), ["Tarifas"], "{query}");
        }
        assert!(
            found(&index, "de la que").is_empty(),
            "stop words alone find nothing"
        );
        assert_eq!(found(&index, "en linea persona"), ["Tarifas"]);
        // "grieving" is stemmed to "griev" and aliased to "grief" by the
        // English rules only.
        let mut english = empty_index();
        english.add(
            &mut stems,
            document_of("Grief", "", "Grief moves in waves."),
            "",
        );
        assert_eq!(found(&english, "grieving"), ["Grief"]);
        assert_eq!(
            index.stem("grieving"),
            LanguageRules::of(&Language::parse("es").unwrap()).stem("grieving")
        );
        assert_ne!(index.stem("grieving"), "grief");
    }

    /// A language Snowball has no rules for is searched by whole folded words.
    #[test]
    fn a_language_without_a_stemmer_matches_whole_words() {
        let mut index = index_in("ko");
        let mut stems = HashMap::new();
        index.add(&mut stems, document_of("상담", "", "무료 상담 예약"), "");
        assert_eq!(found(&index, "상담"), ["상담"]);
        assert!(found(&index, "상").is_empty());
    }

    fn document_of(title: &str, lead: &str, text: &str) -> Document {
        Document {
            url: "/text".to_owned(),
            title: title.to_owned(),
            kind: "search-kind-article",
            lead: lead.to_owned(),
            body: Arc::new(Rendered {
                text: text.to_owned(),
                ..Rendered::default()
            }),
        }
    }

    /// The hit's snippet marks `word` as the document wrote it.
    fn assert_marked(hit: &Hit, word: &str) {
        assert!(
            hit.snippet.contains(&SnippetPart::Match(word.into())),
            "{word:?} is not marked in {:?}",
            hit.snippet
        );
    }

    /// The snippet as one string, highlights included.
    fn joined(snippet: &[SnippetPart]) -> String {
        snippet
            .iter()
            .map(|part| match part {
                SnippetPart::Text(text) | SnippetPart::Match(text) => text.as_str(),
            })
            .collect()
    }

    /// Accents are folded at index and query time: the word typed with or
    /// without them, precomposed or as a letter and a combining mark, finds
    /// it, and the snippet marks the word as the document wrote it.
    #[test]
    fn accents_are_optional_in_queries_and_in_documents() {
        let mut index = empty_index();
        let mut stems = HashMap::new();
        let spanish = "Hasta mañana: escuchar con el corazón.";
        index.add(&mut stems, document_of("Spanish", "", spanish), "");
        let decomposed = "Sin prisa, con el corazo\u{301}n abierto.";
        index.add(&mut stems, document_of("Decomposed", "", decomposed), "");
        for query in ["mañana", "manana", "MAÑANA", "man\u{303}ana"] {
            let hits = index.search(query, 10);
            assert_eq!(hits.len(), 1, "{query}");
            assert_marked(&hits[0], "mañana");
        }
        for query in ["corazón", "corazon", "Corazo\u{301}n"] {
            let titles: Vec<&str> = index
                .search(query, 10)
                .iter()
                .map(|hit| hit.document.title.as_str())
                .collect();
            assert_eq!(titles, ["Spanish", "Decomposed"], "{query}");
        }
        assert_marked(&index.search("corazon", 10)[1], "corazo\u{301}n");
        assert!(index.search("ñ", 10).is_empty());
    }

    proptest::proptest! {
        /// The quick path for ASCII words folds them as the general one does.
        #[test]
        fn ascii_words_fold_as_any_word_does(word in "[ -~]{0,30}") {
            proptest::prop_assert_eq!(fold(&word), fold_any(&word));
        }
    }

    /// Folding takes accents off Latin letters only, and drops lone marks.
    #[test]
    fn folding_keeps_other_scripts_as_written() {
        assert_eq!(fold("Pérdida"), "perdida");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("e\u{301}"), "e");
        assert_eq!(fold("\u{301}\u{303}"), "");
        assert_eq!(fold("Москва"), "москва");
        assert_eq!(fold("שלום"), "שלום");
        assert_eq!(fold("北京"), "北京");
        let found: Vec<String> = words("¿Qué tal? 🙂 corazo\u{301}n\u{0}x").collect();
        assert_eq!(found, ["que", "tal", "corazon", "x"]);
    }

    /// A long text gives a snippet of at most `SNIPPET_CHARS` characters
    /// around the match, cut at words, with an ellipsis on each cut side.
    #[test]
    fn long_texts_are_cut_at_words_around_the_match() {
        let mut index = empty_index();
        let before = "palabra ".repeat(40);
        let after = " otra".repeat(60);
        let text = format!("{before}¿Mañana?{after}");
        index.add(&mut HashMap::new(), document_of("Long", "", &text), "");
        let hits = index.search("manana", 10);
        let snippet = joined(&hits[0].snippet);
        assert!(snippet.starts_with("…palabra palabra"), "{snippet}");
        assert!(snippet.ends_with("otra…"), "{snippet}");
        let inner = snippet.trim_matches('…');
        assert!(text.contains(inner), "{snippet}");
        assert!(inner.chars().count() <= SNIPPET_CHARS);
        assert_marked(&hits[0], "Mañana");
        assert_eq!(
            inner
                .split(' ')
                .take_while(|word| *word == "palabra")
                .count(),
            CONTEXT_WORDS
        );
        // One word longer than a snippet is cut on a character boundary.
        let mut index = empty_index();
        let giant = format!("{}ñ", "é".repeat(300));
        index.add(&mut HashMap::new(), document_of("Giant", "", &giant), "");
        let hits = index.search(&giant, 10);
        let snippet = joined(&hits[0].snippet);
        assert_eq!(snippet.trim_end_matches('…').chars().count(), SNIPPET_CHARS);
    }

    /// Text of every kind: any character, and often the ones that break
    /// byte arithmetic or word splitting (NUL, combining marks, right-to-left
    /// marks and scripts, emoji with joiners, letters that change length
    /// when lowercased).
    fn hostile_text(pieces: usize) -> impl Strategy<Value = String> {
        let piece = proptest::prop_oneof![
            1 => proptest::arbitrary::any::<char>().prop_map(String::from),
            4 => proptest::sample::select(vec![
                "\0", "\u{301}", "\u{303}", "e\u{301}", "n\u{303}", "\u{200F}", "\u{202E}",
                "\u{200D}", "🙂", "👩‍👩‍👧", "ñ", "ß", "İ", "ﬁ", "Σ", "שלום", "مرحبا", "北京",
                "mañana", "corazón", "grief", "naïve", "the", " ", " ", "\n", "\t", "…", "-",
                "(", ".",
            ])
            .prop_map(str::to_owned),
        ];
        proptest::collection::vec(piece, 0..pieces).prop_map(|pieces| pieces.concat())
    }

    /// Whether `inner` is, with or without the ellipses a snippet adds, a
    /// piece of one of `texts` no longer than a snippet.
    fn is_cut_from(snippet: &str, texts: [&str; 2]) -> bool {
        let without_start = snippet.strip_prefix('…').unwrap_or(snippet);
        let candidates = [
            snippet,
            without_start,
            snippet.strip_suffix('…').unwrap_or(snippet),
            without_start.strip_suffix('…').unwrap_or(without_start),
        ];
        candidates.iter().any(|candidate| {
            candidate.chars().count() <= SNIPPET_CHARS
                && texts.iter().any(|text| text.contains(candidate))
        })
    }

    use proptest::arbitrary::Arbitrary;
    use proptest::strategy::Strategy;

    proptest::proptest! {
        /// Any documents and any query, in any alphabet and by any
        /// language's rules, are indexed and answered without a panic (the three-byte prefix of `mañana`
        /// panicked), and every hit's snippet keeps its promises: a piece
        /// of the document's lead or body of at most `SNIPPET_CHARS`
        /// characters plus ellipses, whose marks wrap only words of it that
        /// fold and stem to a word of the query.
        #[test]
        fn any_documents_and_any_query_keep_the_snippet_promises(
            documents in proptest::collection::vec(
                (hostile_text(6), hostile_text(12), hostile_text(80)),
                1..4,
            ),
            query in hostile_text(8),
            pick in proptest::sample::Index::arbitrary(),
            language in proptest::sample::select(vec!["en", "es", "ko"]),
        ) {
            let mut index = index_in(language);
            let mut stems = HashMap::new();
            for (title, lead, text) in &documents {
                index.add(&mut stems, document_of(title, lead, text), lead);
            }
            // A word of a document, so that some queries find something.
            let (_, _, text) = &documents[pick.index(documents.len())];
            let words_of_text: Vec<&str> = text.split_whitespace().collect();
            let word = words_of_text.get(pick.index(words_of_text.len().max(1))).copied();
            for query in std::iter::once(query.as_str()).chain(word) {
                let asked = index.terms(query);
                for hit in index.search(query, 10) {
                    let snippet = joined(&hit.snippet);
                    let texts = [hit.document.lead.as_str(), hit.document.body.text.as_str()];
                    proptest::prop_assert!(is_cut_from(&snippet, texts), "{:?} from {:?}", snippet, texts);
                    for part in &hit.snippet {
                        if let SnippetPart::Match(marked) = part {
                            proptest::prop_assert!(!marked.is_empty() && marked.chars().all(is_word_character));
                            proptest::prop_assert!(asked.contains(&index.stem(&fold(marked))), "{:?}", marked);
                        }
                    }
                }
            }
        }
    }
}
