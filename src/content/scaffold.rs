//! `hearth new`: a new content file with every field written out and
//! explained, so an editor fills in blanks instead of remembering names.
//! New posts, therapists and pages start as drafts: nothing half-written
//! reaches the live site.

use std::io;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::urls::slugify;

/// The sentences `hearth new` writes where the editor's own words go:
/// `hearth check` refuses them in a file that is published, so a new file
/// cannot reach the live site half-written.
pub(crate) const PLACEHOLDER_TEXT: [&str; 3] = [
    "Write the first paragraph here: it is what readers see first.",
    "Write the bio here, in two to four short paragraphs.",
    "Write the page here. Sections start with ##.",
];

/// What `hearth new` can create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Post,
    Therapist,
    Service,
    Page,
}

/// Writes the new file under `content` and returns its path. The file name
/// is the title's ASCII slug ("Elena Márquez" → `elena-marquez.md`), the
/// name `hearth check` asks for. Refuses to replace a file that exists, and
/// a title with no letters or digits to name the file after.
pub fn create(content: &Path, kind: Kind, title: &str, today: Date) -> io::Result<PathBuf> {
    let (relative, text) = draft(content, kind, title, today)?;
    let path = content.join(relative);
    std::fs::create_dir_all(path.parent().unwrap_or(content))?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|error| match error.kind() {
            io::ErrorKind::AlreadyExists => io::Error::new(
                error.kind(),
                format!("{} already exists: choose another title", path.display()),
            ),
            _ => error,
        })?;
    io::Write::write_all(&mut file, text.as_bytes())?;
    Ok(path)
}

/// The new file [`create`] would write: its place under `content` (such
/// as `posts/2026-12-04-a-title.md`) and its text. Writes nothing; the
/// browser editor shows it to fill in, and only a save writes it.
pub fn draft(content: &Path, kind: Kind, title: &str, today: Date) -> io::Result<(String, String)> {
    let slug = slugify(title).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "\"{title}\" has no letters or digits to name the file after: choose another title"
            ),
        )
    })?;
    let title = title.replace('"', "'");
    let (folder, file_name, text) = match kind {
        Kind::Post => (
            "posts",
            format!("{today}-{slug}.md"),
            post(&title, today, &first_therapist(content)),
        ),
        Kind::Therapist => ("therapists", format!("{slug}.md"), therapist(&title)),
        Kind::Service => ("services", format!("{slug}.md"), service(&title)),
        Kind::Page => ("pages", format!("{slug}.md"), page(&title)),
    };
    Ok((format!("{folder}/{file_name}"), text))
}

/// The day it is at `now` where the practice is: in the `timezone` of
/// `content/site.yaml`, which is also where a post's date is read, so a
/// post started in the evening is dated today, not tomorrow in UTC and
/// silently scheduled. UTC when site.yaml names no time zone, as the site
/// reads it; a site.yaml that cannot be read is `hearth check`'s to report.
pub fn today(content: &Path, now: jiff::Timestamp) -> Date {
    /// Only the time zone; every other field is the loader's to check.
    #[derive(serde::Deserialize)]
    struct Zone {
        timezone: Option<String>,
    }
    let zone = std::fs::read_to_string(content.join("site.yaml"))
        .ok()
        .and_then(|text| serde_saphyr::from_str::<Zone>(&text).ok())
        .and_then(|file| file.timezone)
        .and_then(|name| jiff::tz::TimeZone::get(&name).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    now.to_zoned_datetime(zone).date()
}

/// The first therapist by file name, as a starting author.
fn first_therapist(content: &Path) -> String {
    let mut slugs: Vec<String> = std::fs::read_dir(content.join("therapists"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            Some(name.strip_suffix(".md")?.to_owned())
        })
        .collect();
    slugs.sort();
    slugs
        .into_iter()
        .next()
        .unwrap_or_else(|| "your-file-name".to_owned())
}

/// Whether a license number is the one `hearth new` writes, all zeros.
pub(crate) fn is_placeholder_number(number: &str) -> bool {
    let mut digits = number.chars().filter(char::is_ascii_digit).peekable();
    digits.peek().is_some() && digits.all(|digit| digit == '0')
}

fn post(title: &str, today: Date, author: &str) -> String {
    format!(
        r#"---
# The article's title, shown at the top and in lists.
title: "{title}"
# When it appears: today, a date in the future to schedule it, or a time such as {today}T09:00.
# It must match the date at the start of the file name.
date: {today}
# Who wrote it: a file name from content/therapists/, without .md.
author: {author}
# Topics, each becomes a page listing its articles.
tags: []
# One or two sentences for lists and search results (under about 160 characters).
summary: ""
# A picture above the article: put the file in static/img/ and describe it for people who cannot see it.
# image: /static/img/your-picture.jpg
# image_alt: What the picture shows
# The date of a later, meaningful revision.
# updated: {today}
# Who clinically reviewed the article, and when (both lines together).
# reviewed_by: Name, credentials
# reviewed_on: {today}
# Delete this line, or set it to false, to publish.
draft: true
---
Write the first paragraph here: it is what readers see first.

## A first section

Sections start with ##, and sub-sections with ###.
"#
    )
}

fn therapist(name: &str) -> String {
    format!(
        r#"---
name: "{name}"
# For example she/her, he/him, they/them; delete the line to leave it out.
pronouns: ""
# Letters after the name.
credentials: LMFT
# The job title, written out.
title: Licensed Marriage and Family Therapist
# California requires the license type, number and state wherever a therapist is advertised.
license: {{ type: LMFT, number: "LMFT 000000", state: CA }}
# Licensed in several states? Replace the line above with every license, the primary first:
# licenses: [{{ type: LMFT, number: "LMFT 000000", state: CA }}, {{ type: LMFT, number: "T0000", state: OR }}]
# Associates (AMFT, ACSW, APCC) must name their supervisor:
# supervisor: {{ name: "Name, LMFT", license: "LMFT 000000" }}
# A square photo in static/img/therapists/, and a description of it.
# photo: /static/img/therapists/file-name.jpg
# photo_alt: Name smiling in the office
specialties: []
# File names from content/services/, without .md.
services: []
approaches: []
languages: [English]
# in_person, online, or both.
formats: [in_person, online]
accepting_new_clients: true
# Only where they differ from site.yaml's: fees in whole dollars, and insurance plans by key.
# fees: {{ individual: 180, couples: 220 }}
# sliding_scale: true
# insurance: [aetna, kaiser]
# Position on the team page, smallest first.
order: 100
# Delete this line, or set it to false, to publish.
draft: true
---
Write the bio here, in two to four short paragraphs.
"#
    )
}

fn service(title: &str) -> String {
    format!(
        r#"---
title: "{title}"
# One sentence for cards and search results (under about 160 characters).
summary: "Describe the service in one sentence."
# Position on the services page, smallest first.
order: 100
---
Describe who this is for and what sessions are like.

## Who it is for

## What sessions are like
"#
    )
}

fn page(title: &str) -> String {
    format!(
        r#"---
title: "{title}"
# One sentence for search results (under about 160 characters).
summary: ""
# Delete this line, or set it to false, to publish.
draft: true
---
Write the page here. Sections start with ##.
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each drafted kind of file holds one of the placeholders the check
    /// looks for, so the two cannot drift apart; a therapist's license
    /// number is the all-zero placeholder.
    #[test]
    fn placeholders_are_the_ones_the_check_knows() {
        let today: Date = "2026-01-05".parse().unwrap();
        for text in [post("T", today, "a"), therapist("T"), page("T")] {
            assert!(
                PLACEHOLDER_TEXT
                    .iter()
                    .any(|placeholder| text.contains(placeholder)),
                "{text}"
            );
            assert!(text.contains("draft: true"), "{text}");
        }
        assert!(therapist("T").contains("number: \"LMFT 000000\""));
        assert!(is_placeholder_number("LMFT 000000"));
        assert!(!is_placeholder_number("LMFT 100231"));
        assert!(!is_placeholder_number("pending"));
    }
}
