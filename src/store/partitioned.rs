//! Writing figures in the store's layout: Hive partitions by year (booking flows one file per
//! half-year of travel inside the year's folder), in row groups of `ROW_GROUP_ROWS`.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

use crate::columns::Stream;

use super::flow_partition;
use crate::columns::{day_to_date, memo_runs};
use crate::error::{Error, IoContext, PolarsContext, Result};
use crate::kind::Kind;

/// Writes figures as Hive partitions by year under `dir`; returns (partition folder, file).
pub fn sink_partitioned(lf: LazyFrame, kind: Kind, dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let (partition, date_col) =
        kind.partition().ok_or_else(|| Error::internal(format!("{kind} is not partitioned")))?;
    fs::create_dir_all(dir).at(dir)?;
    let base = PlRefPath::try_from_path(dir).context("naming the staging folder")?;
    // Booking flows are written one file per half-year of travel inside the year's folder (as
    // `FlowFiles` writes a clean bookings file), so that the forward windows of `shortfall` (the
    // rest of a year) and `otb` skip the other half's file by its statistics: on gen.py's data
    // `shortfall` took 0.12 s instead of 0.165 s with one file per year. Finer files cost this
    // sink more (medians of 5 ingests when clean files went through it: year 3.40 s, half
    // 3.61 s, quarter 3.71 s, month 4.15 s and 200 MB more for the 24 files' open row groups);
    // a one-month `otb` took 0.05 s with month files against 0.11 s.
    let mut lf = lf.with_column(date_key(date_col, partition, |d| d.year()));
    let mut keys = vec![col(partition)];
    if kind == Kind::Bookings {
        lf = lf.with_column(date_key(date_col, HALF_KEY, |d| i32::from(flow_partition(d).1)));
        keys.push(col(HALF_KEY));
    }
    lf.sink(
        SinkDestination::Partitioned {
            base_path: base,
            file_path_provider: None,
            partition_strategy: PartitionStrategy::Keyed {
                keys,
                include_keys: false,
                keys_pre_grouped: false,
            },
            max_rows_per_file: IdxSize::MAX,
            approximate_bytes_per_file: u64::MAX,
        },
        FileWriteFormat::Parquet(Arc::new(ParquetWriteOptions {
            // Without a row-group size each file is one group, held in memory until the file
            // closes: memory would grow with the input. Smaller groups also give finer
            // statistics for a travel window to skip by.
            row_group_size: Some(ROW_GROUP_ROWS),
            ..Default::default()
        })),
        UnifiedSinkArgs {
            mkdir: true,
            sync_on_close: polars::io::utils::sync_on_close::SyncOnCloseType::All,
            ..Default::default()
        },
    )
    .context("staging figures")
    .and_then(|sink| sink.stream_with("writing figures"))
    .inspect_err(|_| remove_for_good(dir))?;
    staged_files(dir)
}

/// Removes a failed sink's folder until it stays gone. After the sink fails (a full disk),
/// polars may still create a partition's folder in it: the task opening that file is aborted
/// with the error, but the folder is made on tokio's blocking pool, which an abort does not
/// stop. Without this, about one failed ingest in 15 left a `_tmp` entry after the writer's
/// sweep, which `check` took for an interrupted writer's (tests/faults.rs). Waits until the
/// folder has been gone for 100 ms, 2 s at most; a folder left all the same is the next
/// writer's to sweep, and the sink's error is what the user needs to see.
fn remove_for_good(dir: &Path) {
    let start = Instant::now();
    let mut gone_since = start;
    let _ = fs::remove_dir_all(dir);
    while gone_since.elapsed() < Duration::from_millis(100) && start.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(10));
        if fs::symlink_metadata(dir).is_ok() {
            let _ = fs::remove_dir_all(dir);
            gone_since = Instant::now();
        }
    }
}

/// A key of each date of a column (its year, its half), as a column `name`, worked out once for
/// each run of equal dates: `dt().year()` converts every row's date in full, which took a
/// fortieth of the CPU time of a bookings ingest when clean files went through this sink (flows
/// come grouped by day).
fn date_key(date_col: &str, name: &str, key: fn(NaiveDate) -> i32) -> Expr {
    col(date_col)
        .map(
            move |c: Column| {
                let mut key_of = memo_runs(|day| day_to_date(day).map(key));
                let keys: Int32Chunked = c.date()?.physical().iter().map(|day| key_of(day?)).collect();
                Ok(keys.into_column())
            },
            |_, f| Ok(Field::new(f.name().clone(), DataType::Int32)),
        )
        .alias(name)
}

/// Rows per Parquet row group in the store.
pub(super) const ROW_GROUP_ROWS: usize = 128 * 1024;

/// Staging sub-folder of one half-year of travel (not part of the store's layout).
pub(super) const HALF_KEY: &str = "travel_half";

/// The Parquet files under a partitioned staging folder, with the store partition (the
/// top folder, `travel_year=2025`) each belongs in.
pub(crate) fn staged_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
        for entry in fs::read_dir(dir).at(dir)? {
            let p = entry.at(dir)?.path();
            if p.is_dir() {
                walk(&p, out)?;
            } else if p.extension().is_some_and(|e| e == "parquet") {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    if dir.exists() {
        walk(dir, &mut files)?;
    }
    files.sort();
    Ok(files.into_iter().map(|f| (partition_of(&f), f)).collect())
}

/// The store partition (`travel_year=2025`) a file belongs in: the nearest folder above it
/// that is not a staging sub-folder.
pub(super) fn partition_of(file: &Path) -> String {
    file.ancestors()
        .skip(1)
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().to_string())
        .find(|n| n.contains('=') && !n.starts_with(HALF_KEY))
        .unwrap_or_default()
}
