use std::path::Path;

use tourstat::error::{Error, Result};
use tourstat::kind::Kind;
use tourstat::output::{Cell, Report};
use tourstat::store::{check, rollback, Store};

use super::{parse_with, OutputArgs};

/// Verify the whole store: every file of each kind's committed version is there, with the size,
/// BLAKE3 checksum and row count recorded when it was written, and opens as Parquet; the ingest
/// log matches the versions; nothing half-written is left. Exits non-zero naming each problem
/// and what to do.
///
/// Examples:
///   tourstat check
///   tourstat check --format json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(store_dir: &Path, a: Args) -> Result<()> {
    let result = check(&Store::open(store_dir))?;
    let mut report = Report::new(&["kind", "version", "files", "rows_whole", "proved", "previous_kept"]);
    report.title = Some(format!("Store {}", store_dir.display()));
    for v in &result.versions {
        let damaged = result.findings.iter().any(|f| f.kind == Some(v.kind));
        report.push(vec![
            Cell::text(v.kind.as_str()),
            Cell::Int(v.version as i64),
            Cell::Int(v.files as i64),
            Cell::Count(v.rows as i64),
            Cell::text(match (damaged, v.proved) {
                (true, _) => "NOT WHOLE",
                (false, true) => "by manifest",
                (false, false) => "readable",
            }),
            Cell::opt_count(v.previous.map(|p| p as i64)),
        ]);
    }
    for n in &result.notes {
        report.note(n.clone());
    }
    if result.is_whole() {
        report.note("whole: every committed file is as it was written");
        return a.output.print(&report);
    }
    a.output.print(&report)?;
    let problems: Vec<String> = result
        .findings
        .iter()
        .map(|f| match f.kind {
            Some(k) => format!("{k}: {}; {}", f.problem, f.what_to_do),
            None => format!("{}; {}", f.problem, f.what_to_do),
        })
        .collect();
    Err(Error::Usage(format!(
        "the store is not whole ({} problems):\n  {}",
        problems.len(),
        problems.join("\n  ")
    )))
}

/// Go back to the version of a kind before the committed one, which the store keeps (after a
/// mistaken ingest, or when `tourstat check` finds the committed one damaged). The earlier
/// version is checked whole first; the switch is one atomic rename under the writer's lock.
///
/// Examples:
///   tourstat rollback arrivals    # after an ingest of arrivals that was a mistake
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct RollbackArgs {
    /// markets, arrivals, bookings, otb or targets.
    #[arg(value_parser = parse_with::<Kind>)]
    kind: Kind,
}

pub fn run_rollback(store_dir: &Path, a: RollbackArgs) -> Result<()> {
    let (from, to) = rollback(store_dir, a.kind)?;
    println!("{}: version {from} set aside, version {to} is the committed one again", a.kind);
    Ok(())
}
