//! Search speed on a large practice site: 1,000 articles of about 1,500
//! words, made by recombining the demo practice's paragraphs.
//!
//! Run with `cargo run --release --example search_bench`; it prints the
//! time to build the index and per-query times (mean, p50, p99).

use std::path::Path;
use std::time::Instant;

use hearth::content::{self, Sources};
use hearth::search::SearchIndex;

const POSTS: usize = 1_000;
const WORDS_PER_POST: usize = 1_500;
const QUERIES: [&str; 8] = [
    "grieving",
    "couples counseling",
    "anxiety",
    "first session fees",
    "online therapy california",
    "teen",
    "creative block",
    "good faith estimate",
];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy(&root.join("content"), dir.path());

    // Paragraphs of the demo articles, to recombine.
    let mut paragraphs = Vec::new();
    for entry in std::fs::read_dir(root.join("content/posts"))
        .unwrap()
        .flatten()
    {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let body = text.splitn(3, "---\n").nth(2).unwrap_or("");
        paragraphs.extend(
            body.split("\n\n")
                .filter(|p| !p.starts_with('#') && p.len() > 80)
                .map(str::to_owned),
        );
    }
    let mut seed: u64 = 42;
    let mut next = |bound: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % bound
    };
    let authors = [
        "maya-okafor",
        "daniel-reyes",
        "priya-raman",
        "sam-whitfield",
    ];
    for number in 0..POSTS {
        let mut body = String::new();
        let mut words = 0;
        let mut section = 1;
        while words < WORDS_PER_POST {
            if words / 300 >= section {
                body.push_str(&format!("## Part {section}\n\n"));
                section += 1;
            }
            let paragraph = &paragraphs[next(paragraphs.len())];
            words += paragraph.split_whitespace().count();
            body.push_str(paragraph);
            body.push_str("\n\n");
        }
        let day = 1 + number % 28;
        let month = 1 + (number / 28) % 12;
        let year = 2020 + number / 336;
        std::fs::write(
            dir.path().join(format!("posts/{year}-{month:02}-{day:02}-bench-{number}.md")),
            format!(
                "---\ntitle: Bench article {number}\ndate: {year}-{month:02}-{day:02}\nauthor: {}\ntags: [bench]\nsummary: A generated article.\n---\n{body}",
                authors[number % authors.len()]
            ),
        )
        .unwrap();
    }

    let sources = Sources {
        content: dir.path().to_owned(),
        static_files: root.join("static"),
    };
    let started = Instant::now();
    let site = content::load(&sources).unwrap_or_else(|errors| panic!("{errors}"));
    let loaded = started.elapsed();
    let started = Instant::now();
    let index = SearchIndex::build(&site);
    let built = started.elapsed();
    println!(
        "site: {} posts; loaded and checked in {loaded:.1?}; index built in {built:.1?}",
        site.posts.len()
    );

    let rounds = 200;
    let mut timings = Vec::with_capacity(rounds * QUERIES.len());
    let mut results = 0;
    for _ in 0..rounds {
        for query in QUERIES {
            let started = Instant::now();
            results += index.search(query, 20).len();
            timings.push(started.elapsed());
        }
    }
    timings.sort();
    let mean = timings.iter().sum::<std::time::Duration>() / timings.len() as u32;
    let at = |fraction: f64| {
        timings[((timings.len() as f64 * fraction) as usize).min(timings.len() - 1)]
    };
    println!(
        "{} queries ({} results): mean {mean:.1?}, p50 {:.1?}, p99 {:.1?}, max {:.1?}",
        timings.len(),
        results,
        at(0.50),
        at(0.99),
        timings[timings.len() - 1]
    );
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
