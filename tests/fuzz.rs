//! Fuzzing the readers from a seed corpus (tests/fuzz/corpus/, one file per kind): each seed
//! is mutated at random (bytes flipped, inserted, deleted; lines repeated, dropped, swapped;
//! quotes, separators and line ends thrown in) and ingested, dry run, through the library:
//! both bookings readers, the period and number parsers, the markets file. Every case ends in
//! an answer or a clean error, never a panic, and a markets file that is accepted makes a valid
//! tree. `TOURSTAT_FUZZ_CASES` sets the cases per seed (100 by default; `.ci/run` runs a bounded
//! pass of more; see the README for a long run).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use tourstat::ingest::{ingest, IngestOptions};
use tourstat::kind::Kind;
use tourstat::progress::Silent;
use tourstat::store::Store;

fn cases() -> usize {
    std::env::var("TOURSTAT_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100)
}

const SPICE: [&[u8]; 14] = [
    b"\"",
    b",",
    b"\n",
    b"\r\n",
    b"\r",
    b";",
    b"-",
    b"9999999999999999999999",
    b"2568",
    b"\xEF\xBB\xBF",
    b"\xC3\x28",
    b"..",
    b"1.000",
    b"\t",
];

fn mutate(seed: &[u8], rng: &mut fastrand::Rng) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..rng.usize(1..6) {
        let at = rng.usize(..=bytes.len());
        match rng.u8(..6) {
            0 if !bytes.is_empty() => {
                let i = rng.usize(..bytes.len());
                bytes[i] ^= 1 << rng.u8(..8);
            }
            1 => {
                let spice = rng.choice(SPICE).unwrap();
                bytes.splice(at..at, spice.iter().copied());
            }
            2 if at < bytes.len() => {
                let end = (at + rng.usize(1..8)).min(bytes.len());
                bytes.drain(at..end);
            }
            _ => {
                // Whole lines: repeated, dropped or swapped.
                let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                if lines.len() > 1 {
                    let (i, j) = (rng.usize(..lines.len()), rng.usize(..lines.len()));
                    match rng.u8(..3) {
                        0 => lines.insert(j, lines[i].clone()),
                        1 => {
                            lines.remove(i);
                        }
                        _ => lines.swap(i, j),
                    }
                }
                bytes = lines.join(&b'\n');
            }
        }
    }
    bytes
}

#[test]
fn mutated_seeds_are_read_or_refused_never_a_panic() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus");
    let markets = std::fs::read(corpus.join("markets-tree.csv")).unwrap();
    let mut rng = fastrand::Rng::with_seed(20_261_130);
    let mut seeds: Vec<(Kind, Vec<u8>)> = Vec::new();
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let kind: Kind = name.split('-').next().unwrap().parse().unwrap();
        seeds.push((kind, std::fs::read(&path).unwrap()));
    }
    seeds.sort_by_key(|(k, _)| *k);
    assert_eq!(seeds.len(), 5, "a seed per kind");
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    std::fs::write(dir.path().join("m.csv"), &markets).unwrap();
    ingest(&store, &[dir.path().join("m.csv")], &IngestOptions::new(Kind::Markets), &Silent).unwrap();
    let (mut read, mut refused) = (0, 0);
    for (kind, seed) in &seeds {
        for case in 0..cases() {
            let bytes = mutate(seed, &mut rng);
            let file = dir.path().join(format!("case-{kind}.csv"));
            std::fs::write(&file, &bytes).unwrap();
            let opts = IngestOptions { dry_run: true, ..IngestOptions::new(*kind) };
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                ingest(&store, std::slice::from_ref(&file), &opts, &Silent)
            }));
            let outcome = outcome.unwrap_or_else(|_| {
                panic!("{kind} case {case} panicked on:\n{}", String::from_utf8_lossy(&bytes))
            });
            match outcome {
                Ok(_) => read += 1,
                Err(e) => {
                    assert!(!e.to_string().is_empty());
                    refused += 1;
                }
            }
        }
    }
    // The dry runs changed nothing, and the tree is still valid.
    Store::open(&store).market_tree().unwrap();
    assert!(read > 0 && refused > 0, "read {read}, refused {refused}");
}

#[test]
fn a_markets_file_that_is_accepted_makes_a_valid_tree() {
    let mut rng = fastrand::Rng::with_seed(7);
    let names = ["Total", "Asia", "China", "Japan", "Europe", "France", "PRC", "asia", "Nowhere"];
    let dir = tempfile::tempdir().unwrap();
    for case in 0..cases() {
        let mut text = String::from("market,parent,aliases\n");
        for _ in 0..rng.usize(1..8) {
            let name = rng.choice(names).unwrap();
            let parent = if rng.u8(..4) == 0 { "" } else { rng.choice(names).unwrap() };
            let alias = if rng.u8(..3) == 0 { rng.choice(names).unwrap() } else { "" };
            text.push_str(&format!("{name},{parent},{alias}\n"));
        }
        let store = dir.path().join(format!("s{case}"));
        let file = dir.path().join("m.csv");
        std::fs::write(&file, &text).unwrap();
        if ingest(&store, &[file], &IngestOptions::new(Kind::Markets), &Silent).is_ok() {
            let tree = Store::open(&store).market_tree();
            assert!(tree.is_ok(), "case {case}: accepted, but the stored tree is invalid:\n{text}");
        }
    }
}
