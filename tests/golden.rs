//! Golden files: the table, CSV, JSON and Markdown output of every command on the sample data,
//! kept in tests/golden/ and reviewed like code, so that any change of output shows in review.
//! After a deliberate change: `UPDATE_GOLDEN=1 cargo test --test golden`, then read the diff.

mod common;

use std::path::PathBuf;

use common::{project, Workdir};

const COMMANDS: [(&str, &[&str]); 10] = [
    ("summary-depth2", &["summary", "--year", "2025", "--through", "2025-06", "--depth", "2"]),
    ("summary-east-asia", &["summary", "--market", "East Asia"]),
    (
        "otb-snapshots",
        &["otb", "--as-of", "2025-07-01", "--travel", "2025-06-01..2025-12-31", "--from", "snapshots"],
    ),
    (
        "otb-flows",
        &[
            "otb",
            "--as-of",
            "2025-07-01",
            "--travel",
            "2025-06-01..2025-12-31",
            "--from",
            "flows",
            "--market",
            "Short-haul",
            "--depth",
            "2",
        ],
    ),
    (
        "otb-long-haul",
        &[
            "otb",
            "--as-of",
            "2025-07-01",
            "--travel",
            "2025-07-01..2025-09-30",
            "--market",
            "Long-haul",
            "--from",
            "snapshots",
        ],
    ),
    (
        "pace",
        &[
            "pace",
            "--travel",
            "2025-06-01..2025-12-31",
            "--market",
            "Short-haul",
            "--lead",
            "84",
            "--step",
            "14",
        ],
    ),
    ("shortfall", &["shortfall", "--year", "2025", "--through", "2025-06"]),
    ("gaps", &["gaps"]),
    ("markets", &["markets"]),
    ("history", &["history", "--market", "Short-haul", "--period", "2025"]),
];

fn golden(name: &str) -> PathBuf {
    project().join("tests").join("golden").join(name)
}

#[test]
fn every_command_prints_what_its_golden_file_holds() {
    let w = Workdir::new();
    w.ingest_sample();
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut differ = Vec::new();
    for (name, args) in COMMANDS {
        for format in ["table", "csv", "json", "markdown"] {
            let mut all = args.to_vec();
            all.extend(["--format", format]);
            let out = w.run(&all).ok();
            let text = format!("{}--- stderr ---\n{}", out.stdout, out.stderr);
            let path = golden(&format!("{name}.{format}.txt"));
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &text).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&path)
                .unwrap_or_else(|_| format!("(no golden file {})", path.display()));
            if text != expected {
                differ.push(format!("{}:\n--- expected\n{expected}\n--- got\n{text}", path.display()));
            }
        }
    }
    assert!(
        differ.is_empty(),
        "output differs from the golden files (UPDATE_GOLDEN=1 rewrites them):\n{}",
        differ.join("\n")
    );
}
