//! Damaged content never crashes the check: a copy of the fixture practice
//! (`tests/fixtures/practice`, every kind of file and field) is mutated one file at a time (cut short, even inside a multi-byte
//! character; bytes flipped; tabs, colons, `---`, NUL and invalid UTF-8
//! inserted), and `content::check` must report, never panic, with every
//! problem at an existing file and a line and column of at least 1.
//!
//! The cases come from a fixed seed, so a failure names a case that the
//! same seed repeats exactly.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_dir, repo_path};
use hearth::content::{self, Sources};

/// How many damaged sites are checked: a few hundred, so the test runs in
/// seconds even in a debug build.
const CASES: usize = 300;

/// Change it to explore other damage; keep it fixed in the repository so
/// every run checks the same cases.
const SEED: u64 = 0x4865_6172_7468_2121;

/// SplitMix64: a tiny, well-known generator, so the cases do not depend on
/// another crate's algorithm staying the same.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut mixed = self.0;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        mixed ^ (mixed >> 31)
    }

    /// A number in `0..bound` (0 when `bound` is 0).
    fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            0
        } else {
            (self.next() % bound as u64) as usize
        }
    }
}

/// One way of damaging a file, chosen and placed by the generator.
#[derive(Debug, Clone, Copy)]
enum Damage {
    /// Cut the file short at any byte.
    Truncate,
    /// Cut the file in the middle of a multi-byte character, when it has one.
    TruncateInsideCharacter,
    /// Flip one bit of one byte.
    FlipBit,
    /// Insert bytes at any place.
    Insert(&'static [u8]),
}

const DAMAGES: &[Damage] = &[
    Damage::Truncate,
    Damage::TruncateInsideCharacter,
    Damage::FlipBit,
    Damage::Insert(b"\t"),
    Damage::Insert(b":"),
    Damage::Insert(b": :"),
    Damage::Insert(b"\n---\n"),
    Damage::Insert(b"---"),
    Damage::Insert(b"\0"),
    Damage::Insert(b"\xff"),
    Damage::Insert(b"\xc3"),
    Damage::Insert(b"\n\t- [\n"),
];

/// `original` with `damage` done at a place the generator picks.
fn damaged(original: &[u8], damage: Damage, random: &mut Random) -> Vec<u8> {
    let at = random.below(original.len() + 1);
    match damage {
        Damage::Truncate => original[..at].to_vec(),
        Damage::TruncateInsideCharacter => {
            // Continuation bytes (10xxxxxx) sit inside a character.
            let inside: Vec<usize> = (0..original.len())
                .filter(|&index| original[index] & 0b1100_0000 == 0b1000_0000)
                .collect();
            let cut = match inside.len() {
                0 => at,
                count => inside[random.below(count)],
            };
            original[..cut].to_vec()
        }
        Damage::FlipBit => {
            let mut bytes = original.to_vec();
            if !bytes.is_empty() {
                let index = random.below(bytes.len());
                bytes[index] ^= 1 << random.below(8);
            }
            bytes
        }
        Damage::Insert(inserted) => {
            let mut bytes = original[..at].to_vec();
            bytes.extend_from_slice(inserted);
            bytes.extend_from_slice(&original[at..]);
            bytes
        }
    }
}

/// Every file under `folder`, sorted, so the cases are the same on every machine.
fn files_under(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![folder.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Hundreds of damaged copies of the fixture practice: the check never
/// panics, and every problem names a file or folder that exists, at line and
/// column 1 or later, written as `path:line:col: severity: message`.
#[test]
fn damaged_content_is_reported_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_path("tests/fixtures/practice"), dir.path());
    let sources = Sources {
        content: dir.path().to_owned(),
        static_files: repo_path("static"),
    };
    let files = files_under(dir.path());
    let mut random = Random(SEED);
    let mut reported = 0;
    for case in 0..CASES {
        let file = &files[random.below(files.len())];
        let damage = DAMAGES[random.below(DAMAGES.len())];
        let original = std::fs::read(file).unwrap();
        std::fs::write(file, damaged(&original, damage, &mut random)).unwrap();
        let what = format!("case {case}: {damage:?} in {}", file.display());

        let checked = std::panic::catch_unwind(|| content::check(&sources));
        let (_, problems) = checked.unwrap_or_else(|_| panic!("the check panicked on {what}"));
        for problem in &problems.0 {
            assert!(
                problem.path.exists(),
                "{what}: names a file that does not exist: {problem}"
            );
            assert!(
                problem.line >= 1 && problem.column >= 1,
                "{what}: {problem}"
            );
            let place = format!(
                "{}:{}:{}: ",
                problem.path.display(),
                problem.line,
                problem.column
            );
            assert!(problem.to_string().starts_with(&place), "{what}: {problem}");
        }
        reported += usize::from(problems.error_count() > 0);
        std::fs::write(file, &original).unwrap();
    }
    // Much damage lands in body text, which is still valid markdown; if
    // almost no case were an error, the damage would be missing the files.
    assert!(
        reported > CASES / 10,
        "only {reported} of {CASES} cases found an error"
    );
}
