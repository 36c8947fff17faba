//! A large practice site for the benchmarks: the demo practice with 1,000
//! more articles of about 1,500 words and 20 therapists. Articles are made
//! by recombining the demo articles' paragraphs, with what real articles
//! have: sections and subsections, lists, tables, footnotes, and links to
//! services, other articles and other sites. A fixed seed makes every run
//! write the same site.

use std::fmt::Write;
use std::path::Path;

/// Invented names for the therapists added to the demo's four.
const NAMES: [&str; 16] = [
    "Ana Lucia Ferreira",
    "Ben Adeyemi",
    "Carmen Delgado",
    "David Kim",
    "Eleanor Marsh",
    "Farid Haddad",
    "Grace Whitaker",
    "Hannah Levi",
    "Isaac Thornton",
    "Julia Novak",
    "Kwame Asante",
    "Lena Fischer",
    "Marcus Bell",
    "Nadia Petrova",
    "Omar Siddiqui",
    "Rosa Jimenez",
];

const TAGS: [&str; 12] = [
    "anxiety",
    "grief",
    "couples",
    "teens",
    "creativity",
    "self-worth",
    "first-session",
    "boundaries",
    "sleep",
    "parenting",
    "work",
    "identity",
];

/// A small, fixed pseudo-random sequence, so every run writes the same site.
struct Seeded(u64);

impl Seeded {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % bound
    }
}

/// Writes the demo content of `root` into `out`, plus `posts` articles and
/// the therapists that bring the team to 20.
pub fn generate(root: &Path, out: &Path, posts: usize) {
    copy(&root.join("content"), out);
    let paragraphs = demo_paragraphs(root);
    let services: Vec<String> = std::fs::read_dir(root.join("content/services"))
        .unwrap()
        .flatten()
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.trim_end_matches(".md").to_owned()
        })
        // Translations (`grief-and-loss.es.md`) are not services of their own.
        .filter(|stem| !stem.contains('.'))
        .collect();
    let mut authors = vec![
        "maya-okafor".to_owned(),
        "daniel-reyes".to_owned(),
        "priya-raman".to_owned(),
        "sam-whitfield".to_owned(),
    ];
    let template = std::fs::read_to_string(root.join("content/therapists/priya-raman.md")).unwrap();
    for (number, name) in NAMES.iter().enumerate() {
        let slug = name.to_lowercase().replace(' ', "-");
        let bio = template
            .replace("Priya Raman", name)
            .replace("Priya", name.split(' ').next().unwrap())
            .replace("order: 3", &format!("order: {}", 10 + number))
            .replace(
                "accepting_new_clients: true",
                "accepting_new_clients: false",
            );
        let bio = replace_license_number(&bio, 200_000 + number);
        std::fs::write(out.join(format!("therapists/{slug}.md")), bio).unwrap();
        authors.push(slug);
    }

    let mut random = Seeded(42);
    for number in 0..posts {
        let day = 1 + number % 28;
        let month = 1 + (number / 28) % 12;
        let year = 2020 + number / 336;
        let mut tags = vec![TAGS[number % TAGS.len()]];
        let second = TAGS[random.below(TAGS.len())];
        if !tags.contains(&second) {
            tags.push(second);
        }
        let body = article(number, &paragraphs, &services, &mut random);
        std::fs::write(
            out.join(format!(
                "posts/{year}-{month:02}-{day:02}-article-{number}.md"
            )),
            format!(
                "---\ntitle: Notes from the therapy room, part {number}\ndate: {year}-{month:02}-{day:02}\nauthor: {}\ntags: [{}]\nsummary: Part {number} of a long series on what people bring to therapy, and what helps.\n---\n{body}",
                authors[number % authors.len()],
                tags.join(", ")
            ),
        )
        .unwrap();
    }
}

/// About 1,500 words: five sections, one with a subsection, a list, a
/// table in every third article, two footnotes and a few links.
fn article(
    number: usize,
    paragraphs: &[String],
    services: &[String],
    random: &mut Seeded,
) -> String {
    let mut body = String::new();
    let mut words = 0;
    for section in 1..=5 {
        let _ = write!(body, "## What helps, step {section}\n\n");
        let mut section_words = 0;
        while section_words < 290 {
            let paragraph = &paragraphs[random.below(paragraphs.len())];
            section_words += paragraph.split_whitespace().count();
            body.push_str(paragraph);
            body.push_str("\n\n");
        }
        words += section_words;
        match section {
            2 => {
                body.push_str("### A few things to try\n\n");
                for item in 0..4 {
                    let sentence = paragraphs[random.below(paragraphs.len())]
                        .split(". ")
                        .next()
                        .unwrap_or("Breathe slowly")
                        .trim_end_matches('.')
                        .to_owned();
                    let _ = writeln!(body, "- {sentence} ({}).", item + 1);
                }
                body.push('\n');
            }
            3 if number.is_multiple_of(3) => {
                body.push_str("| Week | What we practised | How it felt |\n|---|---|---|\n");
                for week in 1..=4 {
                    let _ = writeln!(
                        body,
                        "| {week} | Noticing the first sign of worry | Easier than week {} |",
                        week.max(2) - 1
                    );
                }
                body.push('\n');
            }
            4 => {
                let service = &services[random.below(services.len())];
                let _ = write!(
                    body,
                    "If this sounds familiar, read about [how we help]( /services/{service}){}, or call the [988 Suicide & Crisis Lifeline](https://988lifeline.org) any time.[^1] Many people find this hard at first.[^2]\n\n",
                    if number > 0 {
                        format!(" and [the previous part](/blog/article-{})", number - 1)
                    } else {
                        String::new()
                    }
                );
            }
            _ => {}
        }
    }
    let _ = write!(
        body,
        "[^1]: In the United States, call or text 988.\n\n[^2]: This note is one of {words} words' worth of examples.\n"
    );
    body.replace("]( /", "](/")
}

fn replace_license_number(bio: &str, number: usize) -> String {
    bio.lines()
        .map(|line| {
            if line.starts_with("license:") {
                let kind = line
                    .split("type: ")
                    .nth(1)
                    .and_then(|rest| rest.split(',').next())
                    .unwrap_or("LMFT");
                format!("license: {{ type: {kind}, number: \"{kind} {number}\", state: CA }}")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn demo_paragraphs(root: &Path) -> Vec<String> {
    let mut paragraphs = Vec::new();
    for entry in std::fs::read_dir(root.join("content/posts"))
        .unwrap()
        .flatten()
        // The articles are in English: no paragraphs from translations.
        .filter(|entry| entry.file_name().to_string_lossy().matches('.').count() == 1)
    {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let body = text.splitn(3, "---\n").nth(2).unwrap_or("");
        paragraphs.extend(
            body.split("\n\n")
                .filter(|p| {
                    !p.starts_with(['#', '-', '|', '[', '*', '>', '1'])
                        && !p.contains("[^")
                        && p.len() > 80
                })
                .map(str::to_owned),
        );
    }
    paragraphs.sort();
    paragraphs
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
