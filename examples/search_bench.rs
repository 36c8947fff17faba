//! Search speed on a large practice site: 1,000 articles of about 1,500
//! words and 20 therapists (see `support/large_site.rs`).
//!
//! Run with `cargo run --release --example search_bench`; it prints the
//! time to build the index and per-query times (mean, p50, p99).

use std::path::Path;
use std::time::Instant;

use hearth::content::{self, Sources};
use hearth::search::SearchIndex;

const POSTS: usize = 1_000;
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

#[path = "support/large_site.rs"]
mod large_site;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    large_site::generate(root, dir.path(), POSTS);

    let sources = Sources {
        content: dir.path().to_owned(),
        static_files: root.join("static"),
    };
    let started = Instant::now();
    let site = content::load(&sources).unwrap_or_else(|errors| panic!("{errors}"));
    let loaded = started.elapsed();
    let started = Instant::now();
    let index = SearchIndex::build(&site, &hearth::urls::Paths::root());
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
