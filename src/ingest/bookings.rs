//! The streaming path for booking flows: CSV to staged Parquet in one pass of polars'
//! streaming engine, then the checks as aggregates over the staged columns.
//!
//! It accepts only what it can check exactly; anything else (a value polars cannot parse,
//! thousands separators, a null, a negative count, a booking after travel, a duplicate key, a
//! market not spelled as the tree spells it) sends the file to the line-accurate reader, which
//! either reads it after all or names every problem.

use std::path::Path;

use polars::prelude::*;

use super::read::Layout;
use crate::error::{PolarsContext, Result};
use crate::kind::Kind;
use crate::market::{normalise_name, MarketTree};
use crate::store::{sink_partitioned, NewFigures};

const COLUMNS: [(&str, DataType); 4] = [
    ("booked_on", DataType::Date),
    ("travel_date", DataType::Date),
    ("market", DataType::String),
    ("seats", DataType::Int64),
];

/// Stages a clean bookings file under `stage`; `None` when the file needs the careful reader.
pub fn stage_clean_file(
    path: &Path,
    stage: &Path,
    tree: &MarketTree,
) -> Result<Option<NewFigures>> {
    let Some(header) = read_header(path) else {
        return Ok(None);
    };
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let Ok(layout) = Layout::from_header(Kind::Bookings, &header_refs) else {
        return Ok(None);
    };
    if layout.field_count != COLUMNS.len() {
        return Ok(None);
    }
    // The schema in the file's column order, under the file's own header names.
    let mut schema = Schema::default();
    let mut renames = Vec::new();
    for (i, raw) in header.iter().enumerate() {
        let Some(ci) = layout.positions.iter().position(|p| *p == Some(i)) else {
            return Ok(None);
        };
        let (name, dtype) = &COLUMNS[ci];
        schema.insert(raw.as_str().into(), dtype.clone());
        renames.push(col(raw.as_str()).alias(*name));
    }
    let Ok(reference) = PlRefPath::try_from_path(path) else {
        return Ok(None);
    };
    let scan = LazyCsvReader::new(reference)
        .with_has_header(true)
        .with_schema(Some(Arc::new(schema)))
        .finish();
    let Ok(scan) = scan else { return Ok(None) };
    let lf = scan.select(renames);
    let dir = stage.join("new");
    let Ok(files) = sink_partitioned(lf, Kind::Bookings, &dir) else {
        let _ = std::fs::remove_dir_all(&dir);
        return Ok(None);
    };
    let files: Vec<_> = files.into_iter().map(|(_, f)| f).collect();
    let Some(staged) = crate::store::scan_files(&files)? else {
        return Ok(None);
    };

    let checks = staged
        .clone()
        .select([
            len().alias("rows"),
            col("booked_on").null_count().alias("booked_nulls"),
            col("travel_date").null_count().alias("travel_nulls"),
            col("market").null_count().alias("market_nulls"),
            col("seats").null_count().alias("seats_nulls"),
            col("seats").lt(lit(0)).sum().alias("negative"),
            col("booked_on")
                .gt(col("travel_date"))
                .sum()
                .alias("booked_after_travel"),
        ])
        .collect_with_engine(Engine::Streaming)
        .map(|r| r.unwrap_single())
        .context("checking the staged bookings")?;
    let value = |name: &str| -> i64 {
        checks
            .column(name)
            .ok()
            .and_then(|c| c.get(0).ok())
            .and_then(|v| v.extract::<i64>())
            .unwrap_or(-1)
    };
    let rows = value("rows");
    let clean = [
        "booked_nulls",
        "travel_nulls",
        "market_nulls",
        "seats_nulls",
        "negative",
        "booked_after_travel",
    ]
    .iter()
    .all(|c| value(c) == 0);
    if !clean || rows <= 0 {
        return Ok(None);
    }
    let markets = staged
        .clone()
        .select([col("market").unique()])
        .collect_with_engine(Engine::Streaming)
        .map(|r| r.unwrap_single())
        .context("listing the markets of the bookings")?;
    let spelled_as_stored = markets
        .column("market")
        .and_then(|c| c.str().cloned())
        .context("listing the markets of the bookings")?
        .iter()
        .flatten()
        .all(|m| match tree.is_empty() {
            true => normalise_name(m) == m,
            false => tree.resolve(m) == Some(m),
        });
    if !spelled_as_stored || has_duplicate_keys(staged, rows)? {
        return Ok(None);
    }
    Ok(Some(NewFigures::Staged {
        files,
        rows: rows as u64,
    }))
}

/// Whether two flows share (booked_on, travel_date, market). Markets are few, so the key is
/// packed into one integer per market group and counted there.
fn has_duplicate_keys(staged: LazyFrame, rows: i64) -> Result<bool> {
    let packed = (col("booked_on").cast(DataType::Int32).cast(DataType::Int64) * lit(1i64 << 32))
        + col("travel_date")
            .cast(DataType::Int32)
            .cast(DataType::Int64);
    let distinct = staged
        .group_by([col("market")])
        .agg([packed.n_unique().alias("distinct")])
        .select([col("distinct").cast(DataType::Int64).sum()])
        .collect_with_engine(Engine::Streaming)
        .map(|r| r.unwrap_single())
        .context("checking the bookings for duplicate keys")?;
    let distinct = distinct
        .columns()
        .first()
        .and_then(|c| c.get(0).ok())
        .and_then(|v| v.extract::<i64>())
        .unwrap_or(-1);
    Ok(distinct != rows)
}

fn read_header(path: &Path) -> Option<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .ok()?;
    let mut record = csv::StringRecord::new();
    if !reader.read_record(&mut record).ok()? {
        return None;
    }
    Some(
        record
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_string())
            .collect(),
    )
}
