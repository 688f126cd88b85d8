use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use tourstat::error::{Error, Result};
use tourstat::ingest::{ingest, ingest_each, ColumnName, IngestOptions, NumberStyle, Unit};
use tourstat::kind::Kind;
use tourstat::output::thousands;
use tourstat::period::Calendar;
use tourstat::store::CommitReport;

use super::progress::Bar;
use super::{parse_date, parse_with};

/// Load CSV files of one kind into the store: all the files or, on any problem in any of
/// them, none (--each: file by file).
///
/// Layouts (header names in any case and order, [optional]):
///   markets   market,[parent],[aliases]           (aliases separated by ;)
///   arrivals  market,period,arrivals,[status],[as_of],[source]
///   bookings  booked_on,travel_date,market,seats
///   otb       as_of,travel_from,travel_to,market,seats,[seats_ly],[change_pct],[source]
///   targets   market,period,target,[announced_on],[source]
///
/// Periods: 2025-06, 2025-M06, 2025-Q3, 2025-H1, 2025, 2025-06-30. Numbers may carry thousands
/// separators ("849,034"). Every problem of a file is listed with its line; on any problem,
/// or a figure already stored with a different value, nothing is written.
///
/// Examples:
///   tourstat ingest markets data/markets.csv
///   tourstat ingest arrivals data/arrivals.csv --source "Ministry of Tourism"
///   tourstat ingest otb data/otb.csv --dry-run
///   tourstat ingest targets data/targets.csv --no-wait
///
/// Revised figures (a later vintage: an as_of column, or --as-of 2025-08-15 for rows without
/// one) are kept beside the earlier ones; `tourstat history` lists every vintage.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// What the files hold: markets, arrivals, bookings, otb or targets.
    #[arg(value_parser = parse_with::<Kind>)]
    kind: Kind,
    /// CSV files (UTF-8, with or without BOM; CRLF or LF).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Vintage (publication date) of rows without their own as_of; default today.
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Name of the source, recorded with each figure (default: the file name).
    #[arg(long)]
    source: Option<String>,
    /// Years in the files, in periods and dates alike (as_of 2568-09-01), are Buddhist Era
    /// (2568 = 2025) or Common Era.
    #[arg(long, default_value = "ce", value_parser = parse_with::<Calendar>)]
    calendar: Calendar,
    /// The decimal mark of the files' numbers, "." or ","; with --thousands, needed only when
    /// a count such as 1.000 could be read either way.
    #[arg(long, value_parser = |v: &str| NumberStyle::from_flag("decimal", v))]
    decimal: Option<NumberStyle>,
    /// The thousands separator of the files' numbers, "," or "." (1.000 = 1000).
    #[arg(long, conflicts_with = "decimal", value_parser = |v: &str| NumberStyle::from_flag("thousands", v))]
    thousands: Option<NumberStyle>,
    /// The year of a table whose periods are months alone ("January", "Feb"), when the year is
    /// only in its title or file name (in the files' calendar: 2558 with --calendar be).
    #[arg(long, value_parser = clap::value_parser!(i32).range(1900..=2700))]
    year: Option<i32>,
    /// The unit the figures are published in: ones (default), thousands or millions
    /// ("12.5" in thousands is stored as 12,500; a figure must come to whole people).
    #[arg(long, value_parser = parse_with::<Unit>)]
    unit: Option<Unit>,
    /// Replace figures already in the store with a different value for the same market,
    /// period and vintage (otherwise such a conflict is an error).
    #[arg(long)]
    replace: bool,
    /// Validate and report what would change; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// The sheet of a workbook (xlsx, xls, ods) to read: its name, or its number from 1
    /// (default: the first sheet that holds a number).
    #[arg(long)]
    sheet: Option<String>,
    /// A long file's own name for one of tourstat's columns, COLUMN=HEADER (repeatable):
    /// `--column market=country --column period=month`; `--column skip=notes` passes a column
    /// over.
    #[arg(long = "column", value_name = "COLUMN=HEADER", value_parser = ColumnName::parse)]
    columns: Vec<ColumnName>,
    /// A publisher's spellings of markets, a CSV `name,market` (`Korea (South),South Korea`):
    /// read as aliases of the tree's markets for this ingest.
    #[arg(long, value_name = "FILE")]
    market_map: Option<PathBuf>,
    /// Commit file by file, going on after a file that fails, and report each file's outcome
    /// (without it, the files are one commit: all of them or, on any problem, none).
    #[arg(long)]
    each: bool,
    /// Fail at once if another tourstat is writing the store, instead of waiting for it.
    #[arg(long)]
    no_wait: bool,
}

pub fn run(store: &Path, a: Args) -> Result<()> {
    if let Some(y) = a.year.filter(|y| *y > 2200 && a.calendar == Calendar::Ce) {
        return Err(Error::Usage(format!(
            "--year {y} reads as a Buddhist Era year ({} CE); add --calendar be, or give the Common Era year",
            y - 543
        )));
    }
    let opts = IngestOptions {
        kind: a.kind,
        calendar: a.calendar,
        numbers: a.decimal.or(a.thousands).unwrap_or_default(),
        unit: a.unit,
        year: a.year.map(|y| if a.calendar == Calendar::Be { y - 543 } else { y }),
        sheet: a.sheet,
        columns: a.columns,
        market_map: a.market_map,
        as_of: a.as_of,
        source: a.source,
        replace: a.replace,
        dry_run: a.dry_run,
        wait_for_lock: !a.no_wait,
    };
    if !a.each {
        for r in ingest(store, &a.files, &opts, &Bar::default())? {
            println!("{}", outcome(&r));
        }
        return Ok(());
    }
    let results = ingest_each(store, &a.files, &opts, &Bar::default())?;
    let failed = results.iter().filter(|(_, r)| r.is_err()).count();
    for (file, result) in &results {
        match result {
            Ok(r) => println!("{}", outcome(r)),
            Err(e) => eprintln!(
                "error: {}\n{}: not ingested",
                tourstat::output::visible(&e.to_string()),
                tourstat::output::visible(&file.display().to_string())
            ),
        }
    }
    if failed > 0 {
        return Err(Error::Usage(format!(
            "{failed} of {} files {} not ingested; the others were, each on its own",
            results.len(),
            if failed == 1 { "was" } else { "were" }
        )));
    }
    Ok(())
}

/// One file's line of the ingest report.
fn outcome(r: &CommitReport) -> String {
    if let Some(v) = r.already_ingested_as {
        return format!("{}: already ingested (as {} version {v}); nothing to do", r.file, r.kind);
    }
    let what = format!(
        "{}: {} rows read, {} added, {} unchanged{}",
        r.file,
        thousands(r.rows_read as i64),
        thousands(r.rows_added as i64),
        thousands(r.rows_unchanged as i64),
        if r.rows_replaced > 0 {
            format!(", {} replaced", thousands(r.rows_replaced as i64))
        } else {
            String::new()
        }
    );
    if r.dry_run {
        format!("{what} (dry run: nothing written)")
    } else if r.committed {
        format!("{what} -> {} version {}", r.kind, r.version)
    } else {
        format!("{what}; the store already holds all of it")
    }
}
