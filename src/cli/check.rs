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
    let store = Store::open(store_dir);
    // The files of the version set aside, and the markets their ingest added to the tree
    // (`--add-markets`), which is another kind's version and stays.
    // Those of the markets' current version committed after every ingest of the version gone
    // back to: a file of the same name ingested with --add-markets before it is not this one.
    let (set_aside, kept_until) = match store.version_dir(a.kind)? {
        Some(dir) if a.kind != Kind::Markets => {
            let version = tourstat::store::version_of(&dir);
            let (gone, kept): (Vec<_>, Vec<_>) =
                store.ingests(a.kind)?.into_iter().partition(|r| r.version == version);
            (gone.into_iter().map(|r| r.file).collect(), kept.into_iter().map(|r| r.committed_at).max())
        }
        _ => (Vec::new(), None),
    };
    let markets_version = store.version_dir(Kind::Markets)?.map(|d| tourstat::store::version_of(&d));
    let added: Vec<String> = store
        .ingests(Kind::Markets)?
        .into_iter()
        .filter(|r| Some(r.version) == markets_version && r.file.starts_with("--add-markets "))
        .filter(|r| kept_until.as_ref().is_none_or(|t| r.committed_at > *t))
        .filter(|r| set_aside.iter().any(|f| r.file.ends_with(&format!(" markets of {f})"))))
        .map(|r| r.file)
        .collect();
    let (from, to) = rollback(store_dir, a.kind)?;
    // The files whose ingest it undoes (trial 89 M2: after an ingest refused, a rollback undid
    // the release before it, saying version numbers only).
    let undone = if set_aside.is_empty() {
        String::new()
    } else {
        format!(" (the ingest of {})", tourstat::query::year_to_date::some_names(&set_aside, 4))
    };
    put!("{}: version {from}{undone} set aside, version {to} is the committed one again", a.kind);
    for how in added {
        say!(
            "note: the market tree keeps what that ingest added to it ({how}): `tourstat rollback markets` takes the tree back to before it"
        );
    }
    Ok(())
}
