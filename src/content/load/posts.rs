//! Posts: `posts/YYYY-MM-DD-slug.md`, each by a therapist of the team, with
//! tags that become pages of their own.

use std::path::Path;

use jiff::civil::Date;
use serde_saphyr::Spanned;

use super::{ImageField, Loader, Missing};
use crate::content::ContentError;
use crate::content::errors::located;
use crate::content::files::PostFile;
use crate::content::front_matter::YAML_LINE_OFFSET;
use crate::content::markdown::{Rendered, smarten};
use crate::content::model::{Post, Review, Tag, Therapist};
use crate::search::SNIPPET_CHARS;
use crate::urls::{self, Paths};

impl Loader<'_> {
    pub(super) fn posts(&mut self, therapists: &[Therapist]) -> Vec<Post> {
        let therapist_slugs: Vec<&str> = therapists
            .iter()
            .map(|therapist| therapist.slug.as_str())
            .collect();
        let mut posts: Vec<Post> = Vec::new();
        for (path, stem) in self.markdown_files("posts") {
            if let Some(post) = self.post(&path, &stem, &therapist_slugs) {
                posts.push(post);
            }
        }
        posts.sort_by(|a, b| {
            b.publish_at
                .cmp(&a.publish_at)
                .then_with(|| a.slug.cmp(&b.slug))
        });
        posts
    }

    fn post(&mut self, path: &Path, stem: &str, therapist_slugs: &[&str]) -> Option<Post> {
        let (file_date, name) = split_dated_name(stem);
        let prefix = stem.strip_suffix(name).unwrap_or_default();
        let slug = self.name_to_slug(path, prefix, name);
        let address = Paths::root().post(&slug);
        self.claim(address.clone(), path);
        let parsed = self.parse_referenced::<PostFile>(path, address)?;
        let mut fields = parsed.fields;
        // An empty summary, as `hearth new` writes, means "use the first paragraph".
        let summary = (fields.summary.take()).filter(|summary| !summary.value.trim().is_empty());
        let publish_at = fields.date.value.0;
        if file_date.is_none() {
            self.errors.push(
                ContentError::new(
                    path,
                    1,
                    format!(
                        "this post's file name does not start with its date: rename it to {}-{slug}.md",
                        publish_at.date()
                    ),
                )
                .hinted("post files are named YYYY-MM-DD-name.md, the day of \"date\" first, so they sort by date in the folder"),
            );
        }
        if let Some(file_date) = file_date
            && file_date != publish_at.date()
        {
            self.error_at(
                path,
                fields.date.referenced,
                format!(
                    "the file name says {file_date} but \"date\" is {}: make them match",
                    publish_at.date()
                ),
            );
        }
        if !therapist_slugs.contains(&fields.author.value.as_str()) {
            let missing = Missing {
                what: "therapist",
                wrong: &fields.author.value,
                known: therapist_slugs,
                address: Some(Paths::root().therapist(&fields.author.value)),
            };
            self.unknown_reference(path, fields.author.referenced, YAML_LINE_OFFSET, missing);
        }
        let review = self.review(path, fields.reviewed_by, fields.reviewed_on);
        let tags = self.tags(path, fields.tags);
        let image = ImageField {
            name: "image",
            src: fields.image,
            alt: fields.image_alt,
        };
        let image = self.image(path, image, YAML_LINE_OFFSET);
        let body = self.body(path, &parsed.body, parsed.body_line);
        self.placeholders(path, &parsed.body, parsed.body_line, fields.draft);
        self.errors
            .extend(summary_length_warning(path, summary.as_ref(), &body));
        Some(Post {
            source: self.source_of(path),
            key: slug.clone(),
            slug,
            title: self.title(path, &fields.title),
            date: publish_at.date(),
            publish_at,
            updated: fields.updated,
            draft: fields.draft,
            review,
            author: fields.author.value,
            tags,
            summary: summary.map_or_else(
                || body.first_paragraph.clone(),
                |summary| smarten(&summary.value),
            ),
            image,
            body: body.into(),
        })
    }

    /// Who reviewed the article and when: both, or neither.
    fn review(
        &mut self,
        path: &Path,
        by: Option<Spanned<String>>,
        on: Option<Spanned<Date>>,
    ) -> Option<Review> {
        match (by, on) {
            (Some(by), Some(on)) => Some(Review {
                by: by.value,
                on: on.value,
            }),
            (None, None) => None,
            (Some(by), None) => {
                self.error_at(
                    path,
                    by.referenced,
                    "\"reviewed_by\" needs \"reviewed_on\": the date of the review",
                );
                None
            }
            (None, Some(on)) => {
                self.error_at(
                    path,
                    on.referenced,
                    "\"reviewed_on\" needs \"reviewed_by\": who reviewed the article",
                );
                None
            }
        }
    }

    /// Tags keep the words as written ("Pérdida") and get an ASCII slug
    /// (`perdida`) for their address; a tag with nothing to make an address
    /// of is an error where it is written.
    pub(super) fn tags(&mut self, path: &Path, written: Vec<Spanned<String>>) -> Vec<Tag> {
        let mut tags: Vec<Tag> = Vec::new();
        for name in written {
            let at = name.referenced;
            let name = name.value.trim().to_owned();
            let Some(slug) = urls::slugify(&name) else {
                self.errors.push(
                    located(path, at, YAML_LINE_OFFSET, format!(
                        "the tag \"{name}\" has no letters or digits, so it cannot have a web address"
                    ))
                    .hinted("write the tag as a word or two, such as \"grief\""),
                );
                continue;
            };
            if !tags.iter().any(|tag| tag.slug == slug) {
                tags.push(Tag { name, slug });
            }
        }
        tags
    }
}

/// Search results and lists show about [`SNIPPET_CHARS`] characters of a
/// summary: a longer one is cut short where readers see it.
fn summary_length_warning(
    path: &Path,
    summary: Option<&Spanned<String>>,
    body: &Rendered,
) -> Option<ContentError> {
    let length = |text: &str| text.chars().count();
    match summary {
        Some(summary) if length(&summary.value) > SNIPPET_CHARS => Some(
            located(
                path,
                summary.referenced,
                YAML_LINE_OFFSET,
                format!(
                    "the summary is {} characters: search results show about {SNIPPET_CHARS}",
                    length(&summary.value)
                ),
            )
            .hinted("shorten it to one or two plain sentences")
            .as_warning(),
        ),
        None if length(&body.first_paragraph) > SNIPPET_CHARS => Some(
            ContentError::new(path, 1, format!(
                "there is no summary, and the first paragraph is {} characters: search results show about {SNIPPET_CHARS}",
                length(&body.first_paragraph)
            ))
            .hinted("add a line \"summary: ...\" of one or two sentences")
            .as_warning(),
        ),
        _ => None,
    }
}

/// `2026-10-14-some-title` gives the date and `some-title`; a name without a
/// date prefix is all slug.
pub(super) fn split_dated_name(stem: &str) -> (Option<Date>, &str) {
    if let (Some(prefix), Some(rest)) = (stem.get(..10), stem.get(11..))
        && stem.as_bytes().get(10) == Some(&b'-')
        && let Ok(date) = prefix.parse::<Date>()
        && !rest.is_empty()
    {
        return (Some(date), rest);
    }
    (None, stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Post file names give a date and a slug; names without a date are all slug.
    #[test]
    fn post_slugs_drop_the_date() {
        let date: Date = "2026-10-14".parse().unwrap();
        assert_eq!(
            split_dated_name("2026-10-14-what-to-ask"),
            (Some(date), "what-to-ask")
        );
        assert_eq!(split_dated_name("what-to-ask"), (None, "what-to-ask"));
        assert_eq!(split_dated_name("2026-13-14-x"), (None, "2026-13-14-x"));
        assert_eq!(split_dated_name("2026-10-14-"), (None, "2026-10-14-"));
        assert_eq!(split_dated_name("2026-10-1é-x"), (None, "2026-10-1é-x"));
    }
}
