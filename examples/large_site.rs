//! Writes the benchmarks' large practice site (1,000 articles of about 1,500
//! words, 20 therapists) into a folder, for `bench/run` or for trying
//! Hearth at scale by hand:
//!
//! ```sh
//! cargo run --release --example large_site -- /tmp/large
//! hearth serve --content /tmp/large
//! ```

#[path = "support/large_site.rs"]
mod large_site;

use std::path::{Path, PathBuf};

fn main() {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: large_site OUT_DIR");
        std::process::exit(2);
    };
    if out.exists() && std::fs::read_dir(&out).map_or(true, |mut entries| entries.next().is_some())
    {
        eprintln!("error: {} exists and is not empty", out.display());
        std::process::exit(1);
    }
    large_site::generate(Path::new(env!("CARGO_MANIFEST_DIR")), &out, 1_000);
    println!(
        "wrote a site of 1,000 articles and 20 therapists to {}",
        out.display()
    );
}
