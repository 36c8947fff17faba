//! Search over the live site's posts, services, therapists and pages, on
//! the server, so it works without JavaScript and tells no one else what a
//! visitor looked for.
//!
//! A small in-memory index of our own rather than a search engine crate:
//! a practice's site has hundreds of documents, not millions, and tantivy
//! would add minutes of build time and megabytes of binary for features
//! (segments, merging, a query language) it does not need. Words are
//! stemmed with Snowball (rust-stemmers), so "sessions" finds "session".

use std::collections::HashMap;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};

use crate::content::markdown::Rendered;
use crate::content::model::Site;
use crate::urls::Paths;

/// A title match counts this many times more than a body match.
const TITLE_WEIGHT: f32 = 8.0;
/// Summaries, tags, specialties.
const SUMMARY_WEIGHT: f32 = 3.0;
const BODY_WEIGHT: f32 = 1.0;
/// Characters of text a search result shows: around the first match, or
/// of a summary (`hearth check` warns about longer summaries).
pub const SNIPPET_CHARS: usize = 160;

/// Stems Snowball leaves apart that readers expect to meet: "grieving"
/// stems to "griev", "grief" to "grief".
const STEM_ALIASES: [(&str, &str); 3] = [
    ("grief", "griev"),
    ("anxieti", "anxious"),
    ("depress", "depress"),
];

/// Words too common to search for.
const STOP_WORDS: [&str; 32] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "i", "in", "is", "it",
    "my", "of", "on", "or", "that", "the", "this", "to", "was", "we", "what", "when", "with",
    "you", "your", "do", "can",
];

/// One searchable document.
#[derive(Debug, Clone)]
pub struct Document {
    pub url: String,
    pub title: String,
    /// "Article", "Service", "Therapist" or "Page".
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
    stemmer: Stemmer,
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
    /// Indexes what the live site shows, with results linking to `paths`.
    pub fn build(site: &Site, paths: &Paths) -> SearchIndex {
        let mut index = SearchIndex {
            documents: Vec::new(),
            postings: HashMap::new(),
            stemmer: Stemmer::create(Algorithm::English),
        };
        let mut stems = HashMap::new();
        for post in &site.posts {
            let tags: Vec<&str> = post.tags.iter().map(|tag| tag.name.as_str()).collect();
            index.add(
                &mut stems,
                Document {
                    url: paths.post(&post.slug),
                    title: post.title.clone(),
                    kind: "Article",
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
                    kind: "Service",
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
                    kind: "Therapist",
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
                    kind: "Page",
                    lead: String::new(),
                    body: Arc::new(page.body.clone()),
                },
                &page.summary,
            );
        }
        index
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
            for word in words(text).filter(|word| !STOP_WORDS.contains(&word.as_str())) {
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
            .filter(|word| !STOP_WORDS.contains(&word.as_str()))
            .map(|word| self.stem(&word))
            .collect()
    }

    fn stem(&self, word: &str) -> String {
        let stem = self.stemmer.stem(word).into_owned();
        STEM_ALIASES
            .iter()
            .find(|(from, _)| *from == stem)
            .map_or(stem, |(_, to)| (*to).to_owned())
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

    /// Text around the first matched word, with every matched word marked.
    fn snippet(&self, document: &Document, terms: &[String]) -> Vec<SnippetPart> {
        // Stems are nearly always prefixes of their words, so a word whose
        // start matches no term's start is skipped without stemming it.
        let starts: Vec<&str> = terms
            .iter()
            .map(|term| {
                // Three bytes, or fewer where a character would be cut:
                // slicing `naïv` at byte 3 panicked.
                let mut end = term.len().min(3);
                while !term.is_char_boundary(end) {
                    end -= 1;
                }
                &term[..end]
            })
            .collect();
        let matches = |word: &str| {
            let core = word.trim_matches(|c: char| !c.is_alphanumeric());
            // Compared before lowercasing, which allocates: most words fail here.
            let may_match = starts.iter().any(|start| {
                core.get(..start.len())
                    .is_some_and(|prefix| prefix.eq_ignore_ascii_case(start))
            });
            may_match && terms.contains(&self.stem(&core.to_lowercase()))
        };
        let all_words = || {
            document
                .lead
                .split_whitespace()
                .chain(document.body.text.split_whitespace())
        };
        // Up to eight words before the first match, then what follows it;
        // the text from its start when nothing matches.
        let mut before = std::collections::VecDeque::with_capacity(9);
        let mut dropped = false;
        let mut rest = all_words();
        let mut found = false;
        for word in rest.by_ref() {
            before.push_back(word);
            if before.len() > 9 {
                before.pop_front();
                dropped = true;
            }
            if matches(word) {
                found = true;
                break;
            }
        }
        let (start_cut, words): (bool, Box<dyn Iterator<Item = &str>>) = if found {
            (dropped, Box::new(before.into_iter().chain(rest)))
        } else {
            (false, Box::new(all_words()))
        };
        let mut parts = Vec::new();
        let mut length = 0;
        let mut plain = String::new();
        if start_cut {
            plain.push('…');
        }
        for word in words {
            if length > SNIPPET_CHARS {
                plain.push('…');
                break;
            }
            length += word.chars().count() + 1;
            if matches(word) {
                let core_start = word.find(char::is_alphanumeric).unwrap_or(0);
                let core_end = word
                    .char_indices()
                    .rev()
                    .find(|(_, character)| character.is_alphanumeric())
                    .map_or(word.len(), |(at, character)| at + character.len_utf8());
                plain.push_str(&word[..core_start]);
                parts.push(SnippetPart::Text(std::mem::take(&mut plain)));
                parts.push(SnippetPart::Match(word[core_start..core_end].to_owned()));
                plain.push_str(&word[core_end..]);
            } else {
                plain.push_str(word);
            }
            plain.push(' ');
        }
        parts.push(SnippetPart::Text(plain.trim_end().to_owned()));
        parts.retain(|part| !matches!(part, SnippetPart::Text(text) if text.is_empty()));
        parts
    }
}

/// Lowercase words of letters and digits.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|character: char| !character.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> SearchIndex {
        let mut index = SearchIndex {
            documents: Vec::new(),
            postings: HashMap::new(),
            stemmer: Stemmer::create(Algorithm::English),
        };
        let mut stems = HashMap::new();
        let document = |title: &str, text: &str| Document {
            url: format!("/{title}"),
            title: title.to_owned(),
            kind: "Article",
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
        assert!(
            hits[0]
                .snippet
                .contains(&SnippetPart::Match("naïve".into())),
            "{:?}",
            hits[0].snippet
        );
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

    proptest::proptest! {
        /// Any query over any text, in any alphabet, is answered without a
        /// panic: every slice of a word or a query term falls on a
        /// character's boundary (the three-byte prefix of `mañana` did not).
        #[test]
        fn any_query_over_any_text_is_answered(
            text in "\\PC{0,80}",
            query in "\\PC{0,20}",
        ) {
            let mut index = SearchIndex {
                documents: Vec::new(),
                postings: HashMap::new(),
                stemmer: Stemmer::create(Algorithm::English),
            };
            let document = Document {
                url: "/text".to_owned(),
                title: "Text".to_owned(),
                kind: "Article",
                lead: String::new(),
                body: Arc::new(Rendered {
                    text: text.clone(),
                    ..Rendered::default()
                }),
            };
            index.add(&mut HashMap::new(), document, "");
            index.search(&query, 10);
            // A word of the text itself, searched for, is found and marked.
            if let Some(word) = text.split_whitespace().find(|word| word.chars().any(char::is_alphanumeric)) {
                index.search(word, 10);
            }
        }
    }
}
