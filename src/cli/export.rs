use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use tourstat::error::{Error, IoContext, Result};
use tourstat::export::{export, EarlierVintages, ExportFormat, ExportOptions};
use tourstat::kind::Kind;

use super::{parse_date, parse_with};

/// Write a kind's figures in its canonical layout (as CSV or SDMX-CSV, what ingest reads
/// back; as JSON or Parquet, for other tools).
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
    /// Only what was known on this date: the latest vintage of each figure then. Without it,
    /// CSV, JSON and Parquet have every vintage of each figure, each on a row of its own.
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// SDMX-CSV: every vintage of each figure (known on --as-of where given), told apart by
    /// the attribute AS_OF (tourstat reads it back; an SDMX validator refuses two
    /// observations of one key). Without it, SDMX-CSV has the latest vintage of each figure.
    #[arg(long)]
    all_vintages: bool,
    /// CSV: write text that starts with = + - @ as it is, instead of with a ' before it (which
    /// keeps a spreadsheet from running it as a formula); ingest reads such a file unchanged.
    #[arg(long)]
    no_formula_guard: bool,
}

pub fn run(store_dir: &Path, mut a: Args) -> Result<()> {
    let store = super::select::existing(store_dir)?;
    // `-o -` is stdout, as the tools it is piped into read it; never a file named "-".
    if a.output.as_deref() == Some(Path::new("-")) {
        a.output = None;
    }
    if a.all_vintages && a.format != ExportFormat::Sdmx {
        return Err(Error::Usage(
            "--all-vintages is for --format sdmx: CSV, JSON and Parquet have every vintage (--as-of DATE: the latest of each known on that day)".into(),
        ));
    }
    let options = ExportOptions {
        as_of: a.as_of,
        format: a.format,
        formula_guard: !a.no_formula_guard && a.format != ExportFormat::Parquet,
        all_vintages: a.all_vintages,
    };
    let earlier = if a.format == ExportFormat::Parquet {
        let path = a.output.ok_or_else(|| Error::Usage("--format parquet needs -o FILE".into()))?;
        tourstat::output::write_whole(&path, |temp| {
            export(&store, a.kind, options, &mut std::io::sink(), Some(temp))
        })?
    } else {
        match &a.output {
            Some(path) => tourstat::output::write_whole(path, |temp| {
                let file = std::fs::File::create(temp).at(path)?;
                let mut w = std::io::BufWriter::new(file);
                let earlier = export(&store, a.kind, options, &mut w, None)?;
                w.flush().at(path)?;
                Ok(earlier)
            })?,
            None => {
                let stdout = std::io::stdout();
                let mut w = std::io::BufWriter::new(stdout.lock());
                let earlier = export(&store, a.kind, options, &mut w, None)?;
                w.flush().map_err(|e| Error::io("<stdout>", e))?;
                earlier
            }
        }
    };
    let vintages = |n: usize| if n == 1 { "vintage" } else { "vintages" };
    match earlier {
        EarlierVintages { count: 0, .. } => {}
        EarlierVintages { count, written: false } => say!(
            "note: SDMX-CSV has one observation of each market and period: the latest vintage of each figure is written, {count} earlier {} left out (--all-vintages writes them too, told apart by AS_OF)",
            vintages(count)
        ),
        EarlierVintages { count, written: true } => say!(
            "note: every vintage of each figure is written, {count} earlier {} beside the latest, each on a row of its own (as_of tells them apart): a sum over the file counts such a figure more than once; --as-of {} writes only the latest of each",
            vintages(count),
            chrono::Local::now().date_naive()
        ),
    }
    Ok(())
}
