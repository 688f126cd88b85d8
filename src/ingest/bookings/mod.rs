//! The fast path for booking flows: the file cut into blocks of whole records, the blocks
//! parsed on every core by csv-core, the flows written one file per half-year of travel as they
//! come, every check (duplicate keys included) made on the way.
//!
//! polars' CSV reader was the first way: on a stable compiler it finds line ends one byte at a
//! time, on one thread, which took a fifth of an ingest's CPU time, and it makes every date a
//! string before tourstat can read it as a day. Here a block is cut at a line end found by
//! memchr and a count of quotes (`blocks`), and each value goes straight from the file's bytes
//! into its column.
//!
//! It accepts only what it can check exactly; anything else (thousands separators, an empty
//! value, a sign, a date not written `YYYY-MM-DD`, a booking after travel, a duplicate key, a
//! market not spelled as the tree spells it, a quote inside a value) sends the file to the
//! line-accurate reader, which either reads it after all or names every problem.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek};
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};

use crate::progress::{Progress, Reading};
use polars::prelude::*;

mod block;
mod keys;

use block::{parse_block, Parsed, FIELDS};
use keys::SeenKeys;

use super::blocks::{read_blocks, Blocks, BLOCK_BYTES};
use super::read::Layout;
use crate::error::{Error, IoContext, Result};
use crate::kind::Kind;
use crate::market::{normalise_name, MarketTree};
use crate::period::DateOrder;
use crate::store::{FlowFiles, NewFigures};

/// Stages a clean bookings file under `stage`; `None` when the file needs the careful reader.
/// `progress` is advanced by the bytes read.
pub fn stage_clean_file(
    path: &Path,
    stage: &Path,
    tree: &MarketTree,
    (order, cancellations): (Option<DateOrder>, bool),
    progress: &dyn Progress,
) -> Result<Option<NewFigures>> {
    stage_in_blocks(path, stage, tree, BLOCK_BYTES, (order, cancellations), progress)
}

/// `stage_clean_file`, reading blocks of about `block_size` bytes.
fn stage_in_blocks(
    path: &Path,
    stage: &Path,
    tree: &MarketTree,
    block_size: usize,
    (order, cancellations): (Option<DateOrder>, bool),
    progress: &dyn Progress,
) -> Result<Option<NewFigures>> {
    let Some((header, data_start)) = read_header(path) else {
        return Ok(None);
    };
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let Ok(layout) = Layout::from_header(Kind::Bookings, &header_refs, &[]) else {
        return Ok(None);
    };
    // Where booked_on, travel_date, market and seats sit in a record.
    let Some(Ok(fields)) = (layout.field_count == FIELDS)
        .then(|| layout.positions.iter().copied().collect::<Option<Vec<_>>>())
        .flatten()
        .map(<[usize; FIELDS]>::try_from)
    else {
        return Ok(None);
    };
    let file = Reading::new(File::open(path).at(path)?, progress);
    let (reading, written) =
        parse_and_write(file, data_start, block_size, (fields, order, cancellations), &stage.join("new"));
    if reading.at(path)? != Blocks::Done {
        return Ok(None);
    }
    let Some(written) = written? else {
        return Ok(None);
    };
    // Every row read must be in a complete staged file before anything is committed.
    if staged_rows(&written.files) != Some(written.rows) || !written.clean(tree) {
        return Ok(None);
    }
    Ok(Some(NewFigures::Staged { files: written.files, rows: written.rows }))
}

/// Reads the file from `data_start` in blocks, parses them on every core and writes the flows
/// under `dir` on one more thread, in the order of the file.
fn parse_and_write(
    file: impl Read + Seek,
    data_start: u64,
    block_size: usize,
    (fields, order, cancellations): ([usize; FIELDS], Option<DateOrder>, bool),
    dir: &Path,
) -> (std::io::Result<Blocks>, Result<Option<Written>>) {
    let parsers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        let (block_tx, block_rx) = sync_channel::<(u64, Vec<u8>)>(parsers);
        let block_rx = Arc::new(Mutex::new(block_rx));
        let (parsed_tx, parsed_rx) = sync_channel::<(u64, Parsed)>(2 * parsers);
        for _ in 0..parsers {
            let (blocks, parsed) = (block_rx.clone(), parsed_tx.clone());
            s.spawn(move || {
                let next = || blocks.lock().ok()?.recv().ok();
                while let Some((number, block)) = next() {
                    if parsed.send((number, parse_block(&block, fields, order, cancellations))).is_err() {
                        break;
                    }
                }
            });
        }
        // The parsers own the receiving end now: when they stop, the reading stops.
        drop((block_rx, parsed_tx));
        let writing = s.spawn(|| write_flows(parsed_rx, dir));
        let reading =
            read_blocks(file, data_start, block_size, |number, block| block_tx.send((number, block)).is_ok());
        drop(block_tx);
        let written =
            writing.join().unwrap_or_else(|_| Err(Error::internal("the thread writing the flows stopped")));
        (reading, written)
    })
}

/// What the writing thread staged, and the keys it saw.
struct Written {
    files: Vec<std::path::PathBuf>,
    rows: u64,
    keys: SeenKeys,
}

impl Written {
    /// Whether the file passed the checks that need all of it.
    fn clean(&self, tree: &MarketTree) -> bool {
        let keys = &self.keys;
        self.rows > 0
            && !keys.duplicate
            && !keys.far_ahead
            && keys.markets.keys().all(|m| match tree.is_empty() {
                true => normalise_name(m) == *m,
                false => tree.resolve(m) == Some(m.as_str()),
            })
    }
}

/// Takes the parsed blocks in the order of the file, records their keys and writes them out;
/// `None` as soon as a block needs the careful reader.
fn write_flows(parsed: Receiver<(u64, Parsed)>, dir: &Path) -> Result<Option<Written>> {
    let mut files = FlowFiles::new(dir);
    let (mut keys, mut rows) = (SeenKeys::default(), 0);
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    for (number, flows) in parsed {
        let Some(flows) = flows else { return Ok(None) };
        waiting.insert(number, flows);
        while let Some(parts) = waiting.remove(&next) {
            for (partition, flows) in parts {
                keys.insert(&flows)?;
                rows += flows.height() as u64;
                files.push(partition, flows)?;
            }
            next += 1;
        }
    }
    if !waiting.is_empty() {
        return Ok(None);
    }
    Ok(Some(Written { files: files.finish()?, rows, keys }))
}

/// Rows in the staged files, from their footers; `None` if any file is unreadable.
fn staged_rows(files: &[std::path::PathBuf]) -> Option<u64> {
    let lf = crate::store::scan_files(files).ok()??;
    let counted = lf.select([len().cast(DataType::Int64).alias("n")]).collect().ok()?;
    crate::columns::ints(&counted, "n").ok()?.first().copied().flatten().map(|n| n as u64)
}

/// The header's fields and the byte where the first record after it starts.
fn read_header(path: &Path) -> Option<(Vec<String>, u64)> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(path).ok()?;
    let mut record = csv::StringRecord::new();
    if !reader.read_record(&mut record).ok()? {
        return None;
    }
    let fields = record.iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
    Some((fields, reader.position().byte()))
}

#[cfg(test)]
mod tests {
    use super::block::iso_day;
    use super::*;
    use chrono::NaiveDate;

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

    /// Flows for travel from 2024-12-20 over 400 days, four markets a day, booked 1 to 3
    /// days ahead: rows as (booked_on, travel_date, market, seats).
    fn flows() -> Vec<(String, String, String, i64)> {
        let start = NaiveDate::from_ymd_opt(2024, 12, 20).unwrap();
        let mut rows = Vec::new();
        for d in 0..400 {
            let travel = start + chrono::Days::new(d);
            for (m, market) in ["China", "Japan", "South Korea", "Germany"].iter().enumerate() {
                for lead in 1..=3 {
                    let booked = travel - chrono::Days::new(lead);
                    let seats = (d as i64 * 7 + m as i64 * 3 + lead as i64) % 500;
                    rows.push((booked.to_string(), travel.to_string(), market.to_string(), seats));
                }
            }
        }
        rows
    }

    /// The flows as a file: columns in another order than the store's, quoted markets, CRLF,
    /// a byte-order mark.
    fn file_text(rows: &[(String, String, String, i64)]) -> String {
        let mut text = String::from("\u{feff}Market,Seats,Travel_Date,booked_on\r\n");
        for (booked, travel, market, seats) in rows {
            text.push_str(&format!("\"{market}\",{seats},{travel},{booked}\r\n"));
        }
        text
    }

    fn stage(text: &str) -> (tempfile::TempDir, Option<NewFigures>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("flows.csv");
        std::fs::write(&path, text).unwrap();
        let progress = crate::progress::Counted::default();
        let staged = stage_in_blocks(
            &path,
            &dir.path().join("stage"),
            &MarketTree::default(),
            2048,
            (None, false),
            &progress,
        )
        .unwrap();
        if staged.is_some() {
            // The progress bar counted every byte of the file, the header's included.
            assert_eq!(progress.bytes(), text.len() as u64);
        }
        (dir, staged)
    }

    #[test]
    fn a_clean_file_is_staged_whole_in_its_order_one_file_per_half_year() {
        let rows = flows();
        let (_dir, staged) = stage(&file_text(&rows));
        let Some(NewFigures::Staged { files, rows: staged_rows }) = staged else {
            panic!("a clean file took the careful path");
        };
        assert_eq!(staged_rows, rows.len() as u64);
        let folders: Vec<String> = files
            .iter()
            .map(|f| {
                f.parent().unwrap().strip_prefix(f.ancestors().nth(3).unwrap()).unwrap().display().to_string()
            })
            .collect();
        assert_eq!(
            folders,
            [
                "travel_year=2024/travel_half=2",
                "travel_year=2025/travel_half=1",
                "travel_year=2025/travel_half=2",
                "travel_year=2026/travel_half=1"
            ]
        );
        // Each file holds its half-year's rows in the order of the file.
        let mut read = Vec::new();
        for file in &files {
            let df =
                crate::store::scan_files(std::slice::from_ref(file)).unwrap().unwrap().collect().unwrap();
            let dates = |name| crate::columns::dates(&df, name).unwrap();
            let (booked, travel) = (dates("booked_on"), dates("travel_date"));
            let (markets, seats) = (
                crate::columns::strings(&df, "market").unwrap(),
                crate::columns::ints(&df, "seats").unwrap(),
            );
            for i in 0..df.height() {
                let day = |d: &Option<NaiveDate>| d.unwrap().to_string();
                read.push((day(&booked[i]), day(&travel[i]), markets[i].clone().unwrap(), seats[i].unwrap()));
            }
        }
        assert_eq!(read, rows);
    }

    #[test]
    fn anything_unusual_in_one_line_sends_the_file_to_the_careful_reader() {
        let rows = flows();
        let clean = file_text(&rows);
        let (booked, travel, market, seats) = &rows[rows.len() / 2];
        let line = format!("\"{market}\",{seats},{travel},{booked}\r\n");
        assert_eq!(clean.matches(&line).count(), 1);
        for odd in [
            format!("\"{market}\",\"1,200\",{travel},{booked}"),
            format!("\"{market}\",,{travel},{booked}"),
            format!("\"{market}\",+{seats},{travel},{booked}"),
            format!("\"{market}\",-5,{travel},{booked}"),
            format!("\"{market}\",{seats},{},{booked}", travel.replace('-', "/")),
            format!("\"{market}\",{seats},{booked},{travel}"),
            format!("\"{market}\",{seats},2025-02-30,{booked}"),
            format!("\"Ja\"\"pan\",{seats},{travel},{booked}"),
            format!("\" {market}\",{seats},{travel},{booked}"),
            format!("\"\",{seats},{travel},{booked}"),
            format!("\"{market}\",{seats},{travel},{booked},x"),
            format!("\"{market}\",{seats},{travel}"),
            // The same flow twice.
            format!("{line}\"{market}\",{},{travel},{booked}", seats + 1),
        ] {
            let (_dir, staged) = stage(&clean.replace(&line, &format!("{odd}\r\n")));
            assert!(staged.is_none(), "taken as clean: {odd}");
        }
        // The unchanged file is clean, so each of the above was turned away for its one line;
        // so is the file without its last line end.
        assert!(stage(&clean).1.is_some());
        assert!(stage(clean.trim_end()).1.is_some());
    }

    /// A small bookings file as exporters write them, now and then with something odd in it.
    fn random_file(rng: &mut fastrand::Rng, order: Option<DateOrder>, cancellations: bool) -> String {
        // Names as the tree below spells them, in another case, by an alias, and unknown.
        const MARKETS: [&str; 9] = [
            "China",
            "Korea, South",
            "Côte d'Ivoire",
            "United Kingdom",
            "japan",
            "PRC",
            "uk",
            "South  Korea",
            "Peru",
        ];
        const ODD: [&str; 10] =
            ["", "+3", "1,200", " 7", "Japan ", "2025/03/01", "-1", "7.0", "\"a\"b\"", "x"];
        let mut columns = ["booked_on", "travel_date", "market", "seats"];
        rng.shuffle(&mut columns);
        let end = if rng.bool() { "\r\n" } else { "\n" };
        let quote_all = rng.u8(..4) == 0;
        let field =
            |rng: &mut fastrand::Rng, value: &str| match quote_all || value.contains(',') || rng.u8(..5) == 0
            {
                true => format!("\"{}\"", value.replace('"', "\"\"")),
                false => value.to_string(),
            };
        let mut text = if rng.u8(..4) == 0 { String::from("\u{feff}") } else { String::new() };
        let header: Vec<String> = columns.iter().map(|c| field(rng, &c.to_uppercase())).collect();
        text.push_str(&header.join(","));
        let odd_file = rng.bool();
        // Dates in one of the order's ways (most files) or mixed.
        let (style, mixed) = (rng.usize(..5), rng.u8(..4) == 0);
        // Half the files spell every market as the tree does (the first four names).
        let spellings = if rng.bool() { 4 } else { MARKETS.len() };
        for _ in 0..rng.usize(1..40) {
            text.push_str(end);
            let travel = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(rng.u64(0..400));
            let booked = travel - chrono::Days::new(rng.u64(0..60));
            // In the order given, as exporters write it: mostly ten bytes with one mark, now
            // and then without the zeros, or ISO after all.
            let written = |rng: &mut fastrand::Rng, d: NaiveDate| match order {
                None => d.to_string(),
                Some(o) => {
                    let pattern = match o {
                        DateOrder::DayFirst => ["%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%-d/%-m/%Y", "%Y-%m-%d"],
                        DateOrder::MonthFirst => {
                            ["%m/%d/%Y", "%m.%d.%Y", "%m-%d-%Y", "%-m/%-d/%Y", "%Y-%m-%d"]
                        }
                    };
                    let i = match mixed {
                        true => rng.usize(..pattern.len()),
                        false => style,
                    };
                    d.format(pattern[i]).to_string()
                }
            };
            let mut values = [
                written(rng, booked),
                written(rng, travel),
                rng.choice(&MARKETS[..spellings]).unwrap().to_string(),
                // Now and then without the flag too: the fast path must turn them away (review 41 L1).
                match rng.u8(..if cancellations { 4 } else { 40 }) == 0 {
                    true => format!("-{}", rng.u32(0..1000)),
                    false => rng.u32(0..1000).to_string(),
                },
            ];
            if odd_file && rng.u8(..8) == 0 {
                values[rng.usize(..4)] = rng.choice(ODD).unwrap().to_string();
            }
            let record: Vec<String> = columns
                .iter()
                .map(|c| ["booked_on", "travel_date", "market", "seats"].iter().position(|n| n == c).unwrap())
                .map(|i| field(rng, &values[i]))
                .collect();
            text.push_str(&record.join(","));
        }
        if rng.bool() {
            text.push_str(end);
        }
        text
    }

    /// A row of the bookings columns.
    type Row = (Option<NaiveDate>, Option<NaiveDate>, Option<String>, Option<i64>);

    /// Rows of a frame with the bookings columns, sorted.
    fn sorted_rows(df: &DataFrame) -> Vec<Row> {
        let dates = |name| crate::columns::dates(df, name).unwrap();
        let (booked, travel) = (dates("booked_on"), dates("travel_date"));
        let (markets, seats) =
            (crate::columns::strings(df, "market").unwrap(), crate::columns::ints(df, "seats").unwrap());
        let mut rows: Vec<_> =
            (0..df.height()).map(|i| (booked[i], travel[i], markets[i].clone(), seats[i])).collect();
        rows.sort();
        rows
    }

    /// A tree with aliases, as users have: names the fast path must resolve or turn away.
    fn tree_with_aliases() -> MarketTree {
        let node = |name: &str, parent: Option<&str>, aliases: &[&str]| crate::market::MarketNode {
            name: name.into(),
            parent: parent.map(str::to_string),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        };
        MarketTree::new(vec![
            node("Total", None, &[]),
            node("China", Some("Total"), &["PRC", "China (routes)"]),
            node("Korea, South", Some("Total"), &["South Korea"]),
            node("Côte d'Ivoire", Some("Total"), &[]),
            node("United Kingdom", Some("Total"), &["UK"]),
            node("Japan", Some("Total"), &[]),
        ])
        .unwrap()
    }

    /// Cases of the random tests: `TOURSTAT_FUZZ_CASES` (the CI's bounded pass sets more, a long
    /// run many more), 300 by default.
    fn cases() -> usize {
        std::env::var("TOURSTAT_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
    }

    #[test]
    fn whatever_the_fast_path_takes_the_careful_reader_reads_the_same() {
        differential(&MarketTree::default(), 20_251_129, None, false);
    }

    #[test]
    fn with_cancellations_the_fast_path_reads_negative_seats_as_the_careful_reader_does() {
        differential(&tree_with_aliases(), 20_261_207, None, true);
    }

    #[test]
    fn with_dates_day_or_month_first_the_fast_path_reads_what_the_careful_reader_reads() {
        differential(&MarketTree::default(), 20_261_205, Some(DateOrder::DayFirst), false);
        differential(&tree_with_aliases(), 20_261_206, Some(DateOrder::MonthFirst), false);
    }

    #[test]
    fn with_a_tree_of_aliases_the_fast_path_takes_only_what_the_careful_reader_reads_the_same() {
        differential(&tree_with_aliases(), 20_261_130, None, false);
    }

    fn differential(tree: &MarketTree, seed: u64, order: Option<DateOrder>, cancellations: bool) {
        let mut rng = fastrand::Rng::with_seed(seed);
        let tree = tree.clone();
        let (mut taken, mut turned_away, mut with_cancellations) = (0, 0, 0);
        for case in 0..cases() {
            let text = random_file(&mut rng, order, cancellations);
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("flows.csv");
            std::fs::write(&path, &text).unwrap();
            let counted = crate::progress::Counted::default();
            let ctx = super::super::parse::ParseContext {
                calendar: crate::period::Calendar::Ce,
                date_order: order,
                numbers: super::super::read::NumberStyle::Auto,
                year: None,
                unit: None,
                tree: &tree,
                as_of: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
                source: None,
                columns: &[],
                progress: &counted,
                seen: None,
                pick: None,
                add_markets: None,
                table: None,
                month: None,
                frequency: None,
                measure: None,
                first_column: 0,
                semicolons: false,
                alike: None,
                cancellations,
            };
            let careful = super::super::parse::parse_file(&path, "flows.csv", Kind::Bookings, &ctx);
            if careful.is_ok() {
                assert_eq!(counted.bytes(), text.len() as u64, "the careful reader's progress");
            }
            // Blocks of 64 bytes, a record or two each: cutting and ordering are exercised.
            match stage_in_blocks(
                &path,
                &dir.path().join("stage"),
                &tree,
                64,
                (order, cancellations),
                &crate::progress::Silent,
            )
            .unwrap()
            {
                Some(NewFigures::Staged { files, rows }) => {
                    taken += 1;
                    let careful = careful.unwrap_or_else(|e| panic!("case {case}: taken, but {e}\n{text}"));
                    let staged = crate::store::scan_files(&files).unwrap().unwrap().collect().unwrap();
                    assert_eq!(rows as usize, staged.height());
                    assert_eq!(sorted_rows(&staged), sorted_rows(&careful.frame), "case {case}\n{text}");
                    with_cancellations +=
                        usize::from(sorted_rows(&staged).iter().any(|r| r.3.is_some_and(|s| s < 0)));
                }
                Some(NewFigures::Frame(_)) => unreachable!(),
                None => turned_away += 1,
            }
        }
        // Both ways are taken often: clean files make it through whatever their quoting and
        // line ends, odd ones do not.
        let share = cases() / 10;
        assert!(taken > share && turned_away > share, "taken {taken}, turned away {turned_away}");
        // Cancellations are read by the fast path too, and only where they are asked for.
        assert_eq!(
            with_cancellations > share,
            cancellations,
            "{with_cancellations} files taken with cancellations"
        );
    }
}
