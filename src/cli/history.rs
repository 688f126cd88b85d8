use std::path::Path;

use polars::prelude::*;

use tourstat::columns;
use tourstat::error::{Error, PolarsContext, Result};
use tourstat::kind::Kind;
use tourstat::output::{Cell, Report};
use tourstat::period::Period;
use tourstat::store::Store;

use super::{parse_with, OutputArgs};

/// Where the numbers came from: the ingest log, or every vintage of one figure.
///
/// Without --market: every ingest (time, kind, version, file, checksum, rows, vintage).
/// With --market and --period: every vintage of that market's arrivals and targets for the
/// period, oldest first, with status and source.
///
/// Examples:
///   tourstat history
///   tourstat history --market "Short-haul" --period 2025
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A market (any spelling or alias the tree knows).
    #[arg(long, requires = "period")]
    market: Option<String>,
    /// A period: 2025-06, 2025-Q3, 2025-H1, 2025...
    #[arg(long, requires = "market", value_parser = parse_with::<Period>)]
    period: Option<Period>,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(store_dir: &Path, a: Args) -> Result<()> {
    let store = Store::open(store_dir);
    let report = match (a.market, a.period) {
        (Some(m), Some(p)) => vintages(&store, &m, p)?,
        _ => ingest_log(&store)?,
    };
    a.output.print(&report)
}

fn ingest_log(store: &Store) -> Result<Report> {
    let mut report = Report::new(&[
        "committed_at",
        "kind",
        "version",
        "file",
        "checksum",
        "rows_read",
        "rows_added",
        "rows_unchanged",
        "rows_replaced",
        "as_of",
        "source",
    ]);
    for r in store.all_ingests()? {
        report.push(vec![
            Cell::text(r.committed_at),
            Cell::text(r.kind),
            Cell::Count(r.version as i64),
            Cell::text(r.file),
            Cell::text(r.checksum.chars().take(16).collect::<String>()),
            Cell::Count(r.rows_read as i64),
            Cell::Count(r.rows_added as i64),
            Cell::Count(r.rows_unchanged as i64),
            Cell::Count(r.rows_replaced as i64),
            Cell::text(r.as_of.unwrap_or_default()),
            Cell::text(r.source.unwrap_or_default()),
        ]);
    }
    if report.rows.is_empty() {
        report.note(format!("nothing has been ingested into {}", store.root().display()));
    }
    Ok(report)
}

fn vintages(store: &Store, market: &str, period: Period) -> Result<Report> {
    let tree = store.market_tree()?;
    let name = if tree.is_empty() {
        tourstat::market::normalise_name(market)
    } else {
        tree.resolve(market)
            .ok_or_else(|| Error::Usage(format!("unknown market \"{market}\"{}", tree.suggestion(market))))?
            .to_string()
    };
    let mut report = Report::new(&["kind", "market", "period", "as_of", "value", "status", "source"]);
    for (kind, value) in [(Kind::Arrivals, "arrivals"), (Kind::Targets, "target")] {
        let Some(lf) = store.scan(kind, Some((period.year(), period.year())))? else {
            continue;
        };
        let status = if kind == Kind::Arrivals {
            col("status")
        } else {
            lit(NULL).cast(DataType::String).alias("status")
        };
        let df = lf
            .filter(col("market").eq(lit(name.clone())).and(col("period").eq(lit(period.to_string()))))
            .select([col("as_of"), col(value).alias("value"), status, col("source")])
            .sort(["as_of"], SortMultipleOptions::default())
            .collect()
            .context("reading vintages")?;
        let (as_of, values) = (columns::dates(&df, "as_of")?, columns::ints(&df, "value")?);
        let (statuses, sources) = (columns::strings(&df, "status")?, columns::strings(&df, "source")?);
        for i in 0..df.height() {
            report.push(vec![
                Cell::text(kind.as_str()),
                Cell::text(name.clone()),
                Cell::text(period.to_string()),
                Cell::text(as_of[i].map(|d| d.to_string()).unwrap_or_default()),
                Cell::opt_count(values[i]),
                Cell::text(statuses[i].clone().unwrap_or_default()),
                Cell::text(sources[i].clone().unwrap_or_default()),
            ]);
        }
    }
    if report.rows.is_empty() {
        return Err(Error::Usage(format!(
            "no arrivals or targets for {name} in {period}; `tourstat markets` shows the periods each market has"
        )));
    }
    Ok(report)
}
