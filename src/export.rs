//! Export: a kind's figures in its canonical layout, as CSV, JSON or Parquet.
//!
//! What export writes ingests again unchanged: the same columns, periods in canonical notation,
//! dates as YYYY-MM-DD. With a date, only what was known on that date: the latest vintage of
//! each figure, and booking flows booked by then.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use polars::prelude::*;

use crate::columns::Stream;

use crate::analysis::vintage::{date_lit, latest_known};
use crate::error::{Error, PolarsContext, Result};
use crate::kind::Kind;
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
    Parquet,
    /// SDMX-CSV 1.0 (arrivals and targets): DATAFLOW, FREQ, COUNTERPART_AREA, TIME_PERIOD,
    /// OBS_VALUE, OBS_STATUS, with the vintage and source as the attributes AS_OF and SOURCE.
    Sdmx,
}

impl std::str::FromStr for ExportFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(ExportFormat::Csv),
            "json" => Ok(ExportFormat::Json),
            "parquet" => Ok(ExportFormat::Parquet),
            "sdmx" | "sdmx-csv" => Ok(ExportFormat::Sdmx),
            other => Err(format!("expected csv, json, parquet or sdmx, got \"{other}\"")),
        }
    }
}

/// What an export writes beside the kind: which vintages, and how.
#[derive(Debug, Clone, Copy)]
pub struct ExportOptions {
    /// Only what was known on this date: the latest vintage of each figure then.
    pub as_of: Option<NaiveDate>,
    pub format: ExportFormat,
    /// CSV text a spreadsheet would run as a formula gets a `'` before it.
    pub formula_guard: bool,
    /// SDMX-CSV: every vintage of a figure, where one observation a key is the default.
    pub all_vintages: bool,
}

/// The figures of a kind in its canonical layout, sorted by key (markets: in the tree's order):
/// those known (or booked) on `as_of` where given; with `latest`, of arrivals, targets and
/// snapshots only the latest vintage of each figure of those.
pub fn canonical_frame(
    store: &Store,
    kind: Kind,
    as_of: Option<NaiveDate>,
    latest: bool,
) -> Result<Option<LazyFrame>> {
    let Some(lf) = store.scan(kind, None)? else {
        return Ok(None);
    };
    let lf = match (kind, as_of) {
        (Kind::Bookings, Some(d)) => lf.filter(col("booked_on").lt_eq(date_lit(d))),
        (Kind::Arrivals | Kind::Targets | Kind::Otb, Some(d)) => lf.filter(col("as_of").lt_eq(date_lit(d))),
        _ => lf,
    };
    let lf = match kind {
        Kind::Arrivals | Kind::Targets if latest => latest_known(lf, &["market", "period"], None),
        Kind::Otb if latest => latest_known(lf, &["travel_from", "travel_to", "market"], None),
        _ => lf,
    };
    let select: Vec<Expr> = kind
        .export_columns()
        .iter()
        .map(|c| match (kind, *c) {
            (Kind::Targets, "announced_on") => col("as_of").alias("announced_on"),
            (_, c) => col(c),
        })
        .collect();
    let sort: Vec<&str> = kind
        .key_columns()
        .iter()
        .map(|c| if kind == Kind::Targets && *c == "as_of" { "announced_on" } else { c })
        .collect();
    // The tree keeps the order its markets were given in (the order every table shows them
    // in): a store built from the export shows them so too, not alphabetically.
    if kind == Kind::Markets {
        return Ok(Some(lf.select(select)));
    }
    Ok(Some(lf.select(select).sort(sort, SortMultipleOptions::default().with_maintain_order(true))))
}

/// Writes a kind's figures to `out` (CSV, JSON) or to `file` (Parquet). With `formula_guard`,
/// CSV text a spreadsheet would run as a formula gets a `'` before it (`output::formula_safe`);
/// without it, what export writes ingests again unchanged.
///
/// SDMX-CSV identifies an observation by its key (frequency, market, period): a figure's
/// earlier vintages under the same key are two values of one observation, which a receiving
/// body refuses or takes one of at random (trial 44 H1). So it has the latest vintage of each
/// figure unless every vintage is asked for. Returns how many earlier vintages there are (of
/// figures with a later one), and whether they were written.
pub fn export(
    store: &Store,
    kind: Kind,
    options: ExportOptions,
    out: &mut dyn Write,
    file: Option<&Path>,
) -> Result<EarlierVintages> {
    let ExportOptions { as_of, format, formula_guard, all_vintages } = options;
    if let Some(d) = as_of {
        if let Some(e) = nothing_known(store, kind, d)? {
            return Err(e);
        }
    }
    // A date asks for the latest vintage of each figure known then (CSV, JSON, Parquet); SDMX
    // has one vintage of each unless every one is asked for, known then where a date is given.
    let sdmx_latest = format == ExportFormat::Sdmx && !all_vintages;
    let latest = sdmx_latest || (format != ExportFormat::Sdmx && as_of.is_some());
    let lf = match canonical_frame(store, kind, as_of, latest)? {
        Some(lf) => lf,
        None => empty_frame(kind)?.lazy(),
    };
    let count = |lf: LazyFrame| -> Result<usize> {
        let n = lf.select([len()]).collect().context("counting the figures")?;
        Ok(crate::columns::ints(&n, "len")?.first().copied().flatten().unwrap_or(0) as usize)
    };
    // Earlier vintages left out, or written each on a row of its own beside the latest (a sum
    // over such a file counts the figure twice: trial 64 M8, said nowhere).
    let vintaged = matches!(kind, Kind::Arrivals | Kind::Targets | Kind::Otb);
    let earlier = match (canonical_frame(store, kind, as_of, false)?, latest, vintaged) {
        (Some(every), true, true) if sdmx_latest => {
            EarlierVintages { count: count(every)? - count(lf.clone())?, written: false }
        }
        (Some(every), false, true) if !all_vintages => match canonical_frame(store, kind, as_of, true)? {
            Some(newest) => EarlierVintages { count: count(every)? - count(newest)?, written: true },
            None => EarlierVintages::default(),
        },
        _ => EarlierVintages::default(),
    };
    if format == ExportFormat::Parquet {
        let path = file.ok_or_else(|| Error::Usage("Parquet is written to a file; name one".into()))?;
        crate::store::write_parquet_file(lf, path)?;
        return Ok(earlier);
    }
    let mut df = lf.stream_with("reading the figures")?;
    if format == ExportFormat::Csv {
        df = figures_as_written(df, kind)?;
    }
    if matches!(format, ExportFormat::Csv | ExportFormat::Sdmx) && formula_guard {
        df = guard_formulas(df)?;
    }
    match format {
        ExportFormat::Csv => CsvWriter::new(out).finish(&mut df).context("writing CSV")?,
        ExportFormat::Json => write_json(&df, out)?,
        ExportFormat::Sdmx => write_sdmx(kind, &df, out)?,
        ExportFormat::Parquet => {}
    }
    Ok(earlier)
}

/// A figure's vintages before its latest, among those an export reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EarlierVintages {
    pub count: usize,
    /// Written, each on a row of its own (told apart by `as_of`); otherwise left out.
    pub written: bool,
}

/// The error for a date before the store knew any figure of a kind (none when it knew some).
fn nothing_known(store: &Store, kind: Kind, d: NaiveDate) -> Result<Option<Error>> {
    let date_col = match kind {
        Kind::Markets => return Ok(None),
        Kind::Bookings => "booked_on",
        _ => "as_of",
    };
    let Some(lf) = store.scan(kind, None)? else { return Ok(None) };
    let first = lf.select([col(date_col).min()]).collect().context("reading the first vintage")?;
    let first = crate::columns::dates(&first, date_col)?.first().copied().flatten();
    Ok(first.filter(|f| *f > d).map(|f| {
        let what = if kind == Kind::Bookings { "booked" } else { "known" };
        Error::Usage(format!(
            "the store's {kind} were first {what} on {f}; nothing was {what} on or before {d}"
        ))
    }))
}

/// SDMX-CSV 1.0 of arrivals or targets: a row per observation, the period in SDMX notation
/// (`2025-06`, `2025-Q3`, `2025-S1`, `2025`) with its frequency, the market as the counterpart
/// area (where the visitors come from), the vintage and source as attributes. What tourstat
/// writes it reads back to the same figures.
fn write_sdmx(kind: Kind, df: &DataFrame, out: &mut dyn Write) -> Result<()> {
    let (value, dataflow, vintage) = match kind {
        Kind::Arrivals => ("arrivals", "TOURSTAT:ARRIVALS(1.0)", "as_of"),
        Kind::Targets => ("target", "TOURSTAT:TARGETS(1.0)", "announced_on"),
        other => {
            return Err(Error::Usage(format!("SDMX-CSV is written for arrivals and targets, not {other}")))
        }
    };
    let text = |name: &str| crate::columns::strings(df, name);
    let (markets, periods, sources) = (text("market")?, text("period")?, text("source")?);
    let values = crate::columns::floats(df, value)?;
    let vintages = crate::columns::dates(df, vintage)?;
    let statuses = if kind == Kind::Arrivals { text("status")? } else { vec![None; df.height()] };
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| Error::io("<output>", std::io::Error::other(e));
    let mut header = vec!["DATAFLOW", "FREQ", "COUNTERPART_AREA", "TIME_PERIOD", "OBS_VALUE"];
    if kind == Kind::Arrivals {
        header.push("OBS_STATUS");
    }
    header.extend(["AS_OF", "SOURCE"]);
    w.write_record(&header).map_err(io)?;
    for i in 0..df.height() {
        let period = periods[i]
            .as_deref()
            .and_then(|p| crate::period::Period::parse(p, crate::period::Calendar::Ce).ok());
        let (freq, time) = match period {
            Some(crate::period::Period::Half { year, half }) => ("S", format!("{year:04}-S{half}")),
            Some(p) => (freq_code(&p), p.to_string()),
            None => ("", periods[i].clone().unwrap_or_default()),
        };
        let mut record = vec![
            dataflow.to_string(),
            freq.to_string(),
            markets[i].clone().unwrap_or_default(),
            time,
            values[i].map(|v| v.to_string()).unwrap_or_default(),
        ];
        if kind == Kind::Arrivals {
            record.push(statuses[i].clone().unwrap_or_default());
        }
        record.push(vintages[i].map(|d| d.to_string()).unwrap_or_default());
        record.push(sources[i].clone().unwrap_or_default());
        w.write_record(&record).map_err(io)?;
    }
    w.flush().map_err(|e| Error::io("<output>", e))
}

/// The SDMX frequency code of a period.
fn freq_code(p: &crate::period::Period) -> &'static str {
    use crate::period::Period;
    match p {
        Period::Day(_) => "D",
        Period::Month { .. } => "M",
        Period::Quarter { .. } => "Q",
        Period::Half { .. } => "S",
        Period::Year(_) => "A",
    }
}

/// Every text column with `output::formula_safe` applied to its values.
fn guard_formulas(df: DataFrame) -> Result<DataFrame> {
    let columns = df
        .columns()
        .iter()
        .map(|c| match c.str() {
            Ok(text) => text.apply_values(crate::output::formula_safe).into_column(),
            Err(_) => c.clone(),
        })
        .collect();
    DataFrame::new_infer_height(columns).context("guarding CSV text")
}

fn empty_frame(kind: Kind) -> Result<DataFrame> {
    let columns =
        kind.export_columns().iter().map(|c| Column::new_empty((*c).into(), &DataType::String)).collect();
    DataFrame::new_infer_height(columns).context("building an empty export")
}

/// Arrivals and targets as the data wrote them: whole figures without ".0" (849034), decimals
/// with all their digits and no more (1053.8002), so that export then ingest (with --unit ones
/// where figures have decimals) is the identity.
fn figures_as_written(mut df: DataFrame, kind: Kind) -> Result<DataFrame> {
    for name in kind.value_columns() {
        let is_float = df.column(name).is_ok_and(|c| c.dtype() == &DataType::Float64);
        if matches!(kind, Kind::Arrivals | Kind::Targets) && is_float {
            let text: Vec<Option<String>> =
                crate::columns::floats(&df, name)?.into_iter().map(|v| v.map(|v| v.to_string())).collect();
            df.with_column(Column::new((*name).into(), text)).context("writing the figures")?;
        }
    }
    Ok(df)
}

fn write_json(df: &DataFrame, out: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::io("<output>", e);
    let names: Vec<String> = df.get_column_names().iter().map(|n| n.to_string()).collect();
    out.write_all(b"[").map_err(io)?;
    for i in 0..df.height() {
        let mut obj = serde_json::Map::new();
        for (c, name) in df.columns().iter().zip(&names) {
            let v = c.get(i).context("reading a value")?;
            let json = match v {
                AnyValue::Null => serde_json::Value::Null,
                AnyValue::Int64(n) => n.into(),
                AnyValue::Int32(n) => n.into(),
                AnyValue::UInt32(n) => n.into(),
                // A whole figure is written as one (849034, not 849034.0).
                AnyValue::Float64(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => (x as i64).into(),
                AnyValue::Float64(x) => {
                    serde_json::Number::from_f64(x).map_or(serde_json::Value::Null, Into::into)
                }
                AnyValue::String(s) => s.into(),
                other => other.to_string().trim_matches('"').to_string().into(),
            };
            obj.insert(name.clone(), json);
        }
        let sep = if i == 0 { "\n" } else { ",\n" };
        out.write_all(sep.as_bytes()).map_err(io)?;
        serde_json::to_writer(&mut *out, &obj).map_err(|e| io(e.into()))?;
    }
    out.write_all(b"\n]\n").map_err(io)
}
