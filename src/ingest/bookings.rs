//! The streaming path for booking flows: CSV to staged Parquet in one pass of polars'
//! streaming engine, every check (duplicate keys included) made as the columns go by.
//!
//! It accepts only what it can check exactly; anything else (a value polars cannot parse,
//! thousands separators, a null, a negative count, a booking after travel, a duplicate key, a
//! market not spelled as the tree spells it) sends the file to the line-accurate reader, which
//! either reads it after all or names every problem.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use chrono::NaiveDate;
use polars::prelude::*;

use super::read::Layout;
use crate::columns::memo_runs;
use crate::error::Result;
use crate::kind::Kind;
use crate::market::{normalise_name, MarketTree};
use crate::store::{sink_partitioned, NewFigures};

/// Dates are read as text and turned into days here (`iso_days`): polars' general date parser
/// took a fifth of an ingest's CPU time.
const COLUMNS: [(&str, DataType); 4] = [
    ("booked_on", DataType::String),
    ("travel_date", DataType::String),
    ("market", DataType::String),
    ("seats", DataType::Int64),
];

/// Stages a clean bookings file under `stage`; `None` when the file needs the careful reader.
pub fn stage_clean_file(path: &Path, stage: &Path, tree: &MarketTree) -> Result<Option<NewFigures>> {
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
    let scan =
        LazyCsvReader::new(reference).with_has_header(true).with_schema(Some(Arc::new(schema))).finish();
    let Ok(scan) = scan else { return Ok(None) };
    // The checks ride along the one streaming pass: each column is looked at as it goes by.
    let checks = Arc::new(StreamChecks::default());
    let lf = scan.select(renames).with_columns([iso_days("booked_on"), iso_days("travel_date")]).select([
        checks.clone().watch_dates(),
        col("travel_date"),
        checks.clone().watch_keys(),
        checks.clone().watch_seats(),
    ]);
    let dir = stage.join("new");
    let Ok(files) = sink_partitioned(lf, Kind::Bookings, &dir) else {
        let _ = std::fs::remove_dir_all(&dir);
        return Ok(None);
    };
    let files: Vec<_> = files.into_iter().map(|(_, f)| f).collect();
    // Every row read must be in a complete staged file before anything is committed; a
    // staged set that does not add up (seen once under load, not reproduced) is not trusted.
    let rows = checks.rows.load(Ordering::Relaxed);
    if staged_rows(&files) != Some(rows) {
        return Ok(None);
    }
    if !checks.clean(tree) {
        return Ok(None);
    }
    Ok(Some(NewFigures::Staged { files, rows }))
}

/// What the streaming pass saw: anything but zero in the counters sends the file to the
/// careful reader.
#[derive(Default)]
struct StreamChecks {
    rows: AtomicU64,
    nulls: AtomicU64,
    negative: AtomicU64,
    booked_after_travel: AtomicU64,
    keys: Mutex<SeenKeys>,
}

/// The dates of a text column written exactly `YYYY-MM-DD`; anything else (another layout, an
/// impossible date) becomes a null, which the checks count, so that the file goes to the
/// careful reader, which reads the other layouts it accepts or names the line.
fn iso_days(name: &str) -> Expr {
    col(name).map(
        |c: Column| {
            let mut day_of = memo_runs(|text: [u8; 10]| iso_day(&text));
            let days: Int32Chunked =
                c.str()?.iter().map(|text| day_of(text?.as_bytes().try_into().ok()?)).collect();
            Ok(days.with_name(c.name().clone()).into_date().into_column())
        },
        |_, f| Ok(Field::new(f.name().clone(), DataType::Date)),
    )
}

/// Days since 1970-01-01 of a date written exactly `YYYY-MM-DD`.
fn iso_day(b: &[u8; 10]) -> Option<i32> {
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let date = NaiveDate::from_ymd_opt(number(&b[..4])? as i32, number(&b[5..7])?, number(&b[8..])?)?;
    Some(crate::columns::date_to_day(date))
}

fn same_field(_: &Schema, fields: &[Field]) -> PolarsResult<Field> {
    Ok(fields[0].clone())
}

impl StreamChecks {
    /// `booked_on`, unchanged, after counting nulls and bookings after travel.
    fn watch_dates(self: Arc<Self>) -> Expr {
        col("booked_on").map_many(
            move |cols: &mut [Column]| {
                let (booked, travel) = (&cols[0], &cols[1]);
                let nulls = booked.null_count() + travel.null_count();
                self.nulls.fetch_add(nulls as u64, Ordering::Relaxed);
                let late = booked.as_materialized_series().gt(travel.as_materialized_series())?;
                self.booked_after_travel.fetch_add(late.sum().unwrap_or(0) as u64, Ordering::Relaxed);
                Ok(std::mem::take(&mut cols[0]))
            },
            &[col("travel_date")],
            same_field,
        )
    }

    /// `market`, unchanged, after recording each (booked_on, travel_date, market) key.
    fn watch_keys(self: Arc<Self>) -> Expr {
        col("market").map_many(
            move |cols: &mut [Column]| {
                let market = &cols[0];
                self.nulls.fetch_add(market.null_count() as u64, Ordering::Relaxed);
                self.rows.fetch_add(market.len() as u64, Ordering::Relaxed);
                let (booked, travel) = (cols[1].cast(&DataType::Int32)?, cols[2].cast(&DataType::Int32)?);
                let mut keys = self.keys.lock().map_err(|_| polars_err!(ComputeError: "a check panicked"))?;
                keys.insert(market.str()?, booked.i32()?, travel.i32()?);
                Ok(std::mem::take(&mut cols[0]))
            },
            &[col("booked_on"), col("travel_date")],
            same_field,
        )
    }

    /// `seats`, unchanged, after counting nulls and negatives.
    fn watch_seats(self: Arc<Self>) -> Expr {
        col("seats").map(
            move |c: Column| {
                self.nulls.fetch_add(c.null_count() as u64, Ordering::Relaxed);
                let negative = c.as_materialized_series().lt(0)?.sum().unwrap_or(0);
                self.negative.fetch_add(negative as u64, Ordering::Relaxed);
                Ok(c)
            },
            |_, f| Ok(f.clone()),
        )
    }

    /// Whether the file passed every check.
    fn clean(&self, tree: &MarketTree) -> bool {
        let counters = [&self.nulls, &self.negative, &self.booked_after_travel];
        if self.rows.load(Ordering::Relaxed) == 0 || counters.iter().any(|c| c.load(Ordering::Relaxed) > 0) {
            return false;
        }
        let Ok(keys) = self.keys.lock() else { return false };
        !keys.duplicate
            && !keys.far_ahead
            && keys.markets.keys().all(|m| match tree.is_empty() {
                true => normalise_name(m) == *m,
                false => tree.resolve(m) == Some(m.as_str()),
            })
    }
}

/// Rows in the staged files, from their footers; `None` if any file is unreadable.
fn staged_rows(files: &[std::path::PathBuf]) -> Option<u64> {
    let lf = crate::store::scan_files(files).ok()??;
    let counted = lf.select([len().cast(DataType::Int64).alias("n")]).collect().ok()?;
    crate::columns::ints(&counted, "n").ok()?.first().copied().flatten().map(|n| n as u64)
}

/// The (booked_on, travel_date, market) keys seen so far: for each market and day of travel,
/// one bit per lead day (travel date minus booking date). Memory grows with the markets and
/// days of travel a file spans, not with its rows (146,200 market-days, under 20 MB, for the
/// 11.5 million flows of gen.py's default scale); rows that share a market and travel date,
/// as flows usually come, cost a comparison and a bit each.
#[derive(Default)]
struct SeenKeys {
    markets: HashMap<String, u32>,
    /// Index into `leads` of each (market, travel day).
    slots: HashMap<(u32, i32), usize>,
    leads: Vec<Vec<u64>>,
    duplicate: bool,
    /// A flow booked more than `MAX_LEAD_DAYS` ahead: left to the careful reader, which keeps
    /// its keys in a set, so that a stray date cannot make a bitmap of thousands of words.
    far_ahead: bool,
}

/// Five years: more than any airline or hotel sells ahead.
const MAX_LEAD_DAYS: usize = 5 * 366;

impl SeenKeys {
    /// Records the keys of one batch of rows; rows with a null or a booking after travel are
    /// left to the other checks.
    fn insert(&mut self, markets: &StringChunked, booked: &Int32Chunked, travel: &Int32Chunked) {
        let mut last_market: Option<(&str, u32)> = None;
        let mut last_slot: Option<((u32, i32), usize)> = None;
        for ((m, b), t) in markets.iter().zip(booked.iter()).zip(travel.iter()) {
            let (Some(m), Some(b), Some(t)) = (m, b, t) else { continue };
            let Ok(lead) = usize::try_from(i64::from(t) - i64::from(b)) else { continue };
            if lead > MAX_LEAD_DAYS {
                self.far_ahead = true;
                continue;
            }
            let market = match last_market {
                Some((name, id)) if name == m => id,
                _ => {
                    let id = self.market_id(m);
                    last_market = Some((m, id));
                    id
                }
            };
            let slot = match last_slot {
                Some((key, slot)) if key == (market, t) => slot,
                _ => {
                    let leads = &mut self.leads;
                    let slot = *self.slots.entry((market, t)).or_insert_with(|| {
                        leads.push(Vec::new());
                        leads.len() - 1
                    });
                    last_slot = Some(((market, t), slot));
                    slot
                }
            };
            let bits = &mut self.leads[slot];
            let (word, bit) = (lead / 64, 1u64 << (lead % 64));
            if bits.len() <= word {
                bits.resize(word + 1, 0);
            }
            self.duplicate |= bits[word] & bit != 0;
            bits[word] |= bit;
        }
    }

    fn market_id(&mut self, name: &str) -> u32 {
        if let Some(id) = self.markets.get(name) {
            return *id;
        }
        let id = self.markets.len() as u32;
        self.markets.insert(name.to_string(), id);
        id
    }
}

fn read_header(path: &Path) -> Option<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(path).ok()?;
    let mut record = csv::StringRecord::new();
    if !reader.read_record(&mut record).ok()? {
        return None;
    }
    Some(record.iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_day_reads_only_real_dates_written_yyyy_mm_dd() {
        let day = |text: &str| iso_day(text.as_bytes().try_into().unwrap());
        assert_eq!(day("1970-01-01"), Some(0));
        assert_eq!(day("2025-06-30"), Some(20_269));
        assert_eq!(day("2024-02-29"), Some(19_782));
        for other in ["2025-02-29", "2025-13-01", "2025-06-00", "2025/06/30", "2025-6-300", "+025-06-30"] {
            assert_eq!(day(other), None, "{other}");
        }
    }
}
