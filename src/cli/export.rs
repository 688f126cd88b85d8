use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use tourstat::error::{Error, IoContext, Result};
use tourstat::export::{export, ExportFormat};
use tourstat::kind::Kind;
use tourstat::store::Store;

use super::{parse_date, parse_with};

/// Write a kind's figures in its canonical layout (what ingest reads).
///
/// Examples:
///   tourstat export arrivals > arrivals.csv
///   tourstat export otb --format json
///   tourstat export bookings --format parquet -o bookings.parquet
///   tourstat export arrivals --as-of 2025-07-09    # the vintages known on that day
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// markets, arrivals, bookings, otb or targets.
    #[arg(value_parser = parse_with::<Kind>)]
    kind: Kind,
    /// csv, json, parquet (needs -o) or sdmx (SDMX-CSV, arrivals and targets).
    #[arg(long, default_value = "csv", value_parser = parse_with::<ExportFormat>)]
    format: ExportFormat,
    /// Write to this file instead of stdout (`-` is stdout).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Only what was known on this date: the latest vintage of each figure then.
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// CSV: write text that starts with = + - @ as it is, instead of with a ' before it (which
    /// keeps a spreadsheet from running it as a formula); ingest reads such a file unchanged.
    #[arg(long)]
    no_formula_guard: bool,
}

pub fn run(store_dir: &Path, mut a: Args) -> Result<()> {
    let store = Store::open(store_dir);
    // `-o -` is stdout, as the tools it is piped into read it; never a file named "-".
    if a.output.as_deref() == Some(Path::new("-")) {
        a.output = None;
    }
    if a.format == ExportFormat::Parquet {
        let path = a.output.ok_or_else(|| Error::Usage("--format parquet needs -o FILE".into()))?;
        export(&store, a.kind, a.as_of, a.format, &mut std::io::sink(), Some(&path), false)?;
        return Ok(());
    }
    match &a.output {
        Some(path) => {
            let file = std::fs::File::create(path).at(path)?;
            let mut w = std::io::BufWriter::new(file);
            export(&store, a.kind, a.as_of, a.format, &mut w, None, !a.no_formula_guard)?;
            w.flush().at(path)
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            export(&store, a.kind, a.as_of, a.format, &mut w, None, !a.no_formula_guard)?;
            w.flush().map_err(|e| Error::io("<stdout>", e))
        }
    }
}
