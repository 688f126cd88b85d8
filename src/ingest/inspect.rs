//! `tourstat inspect`: how a file would be read, and nothing written. The readers note what
//! they understood as they read (an [`Understanding`]: the layout, the header line, what each
//! column holds, which lines were passed over and why, a unit in the title), the rows come out
//! as an ingest would store them, and what the file still needs is named as the flags that say
//! it: the file is read again with them, so the rows shown are those the suggested command
//! stores.

pub use crate::error::column_letter;

use std::cell::RefCell;
use std::path::Path;

use polars::prelude::DataFrame;
use serde::Serialize;

use super::parse::{parse_file, ParseContext};
use super::read::{Layout, Unit};
use super::{market_map, workbook, IngestOptions};
use crate::error::{Error, IoContext, Remedy, Result};
use crate::kind::Kind;
use crate::market::MarketNode;
use crate::period::{Calendar, DateOrder};
use crate::progress::Silent;
use crate::store::Store;

/// What a reader understood of a file.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Understanding {
    /// The layout, in words ("markets as rows, periods as columns").
    pub layout: String,
    /// The line (or sheet row) of the header.
    pub header_line: Option<u64>,
    /// What each column of the header holds.
    pub columns: Vec<ColumnRole>,
    /// Lines passed over, and why.
    pub passed_over: Vec<PassedOver>,
    /// A unit the title gives: (unit, line, the title).
    pub unit_in_title: Option<(String, u64, String)>,
    /// The decimal mark the figures show, when the file said none (`--decimal`).
    pub numbers: Option<String>,
    /// A year the title or the file's name gives, for periods without one.
    pub year_in_name: Option<i32>,
    /// Rows that are the sums of the rows under them, in words.
    pub groups: Vec<String>,
    /// Rows read as another market than their label says (the rest of their section, a
    /// market beside its total word): (line, label, market, why).
    pub renamed: Vec<(u64, String, String, &'static str)>,
    /// What separates the columns, where it is no comma ("semicolons", "tabs").
    pub separator: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnRole {
    /// The column as a spreadsheet names it (A, B, ... AA).
    pub column: String,
    pub header: String,
    pub role: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PassedOver {
    pub line: u64,
    pub text: String,
    pub why: &'static str,
}

/// How a file was understood and what its ingest would store.
#[derive(Debug)]
pub struct Inspection {
    pub file: String,
    pub kind: Kind,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    pub understanding: Understanding,
    /// Flags the file needs beyond those given (`--unit thousands`), with why.
    pub suggested: Vec<(String, String)>,
    /// The rows as they would be stored (all of them), when the file reads.
    pub rows: Option<DataFrame>,
    /// What stops the file from loading, even with the suggested flags.
    pub problems: Option<Error>,
    /// The markets an ingest with `--add-markets` would add to the tree, parents first.
    pub markets_added: Vec<MarketNode>,
    /// What the ingest would say of figures it stores as given (a quarter unlike its months).
    pub notes: Vec<String>,
}

/// Reads `file` as `tourstat ingest` would with `opts`, against the store's market tree,
/// writing nothing. A file that reads only with more flags is read again with them.
pub fn inspect(store: &Path, file: &Path, opts: &IngestOptions) -> Result<Inspection> {
    super::flags_fit_the_kind(opts)?;
    let mut tree = Store::open(store).market_tree()?;
    if let Some(map) = &opts.market_map {
        tree = market_map::with_map(&tree, map)?;
    }
    let label = file.display().to_string();
    let shown = label.clone();
    std::fs::metadata(file).at(file)?;
    // A workbook's sheet is read as CSV from a folder of its own, removed after; so is a pipe.
    let mut streamed = None;
    let copy = super::stream_copy(file, &mut streamed)?;
    let file = copy.as_deref().unwrap_or(file);
    let scratch = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let write_sheet = |opts: &IngestOptions, dir: &Path| {
        workbook::sheet_to_csv(file, &shown, &workbook::SheetRead::of(opts), dir)
    };
    let (path, label, sheet, first_column) = if workbook::is_workbook(file) {
        let (csv, sheet, first_column) = write_sheet(opts, scratch.path())?;
        (csv, format!("{label}:{sheet}"), Some(sheet), first_column)
    } else {
        (file.to_path_buf(), label, None, 0)
    };
    // Columns separated by semicolons or tabs: read through a comma copy, as ingest reads them.
    let separator = if sheet.is_none() { super::separator::separator(&path)? } else { None };
    let path = match separator {
        Some((sep, _)) => super::separator::comma_copy(&path, sep, scratch.path())?,
        None => path,
    };
    let as_of = opts.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let first_unit = opts.unit;
    let read = |opts: &IngestOptions| -> (Understanding, Result<super::parse::Parsed>) {
        // A sheet read with another unit than the one it was written for (the title's, once
        // applied): written again, for a number its format shows in thousands is written so
        // only with a unit.
        let rewritten = match &sheet {
            Some(_) if opts.unit != first_unit => {
                let dir = scratch.path().join("with-unit");
                std::fs::create_dir_all(&dir).ok();
                write_sheet(opts, &dir).ok().map(|(csv, _, _)| csv)
            }
            _ => None,
        };
        let path = rewritten.as_deref().unwrap_or(&path);
        // A long file's title and footnotes: passed over, as ingest passes them over.
        let dir = || {
            let dir = scratch.path().join(if rewritten.is_some() { "margins-unit" } else { "margins" });
            std::fs::create_dir_all(&dir).at(&dir)?;
            Ok(dir)
        };
        let margins = match super::margins::pass_over(path, &label, (opts.kind, &opts.columns), &tree, dir) {
            Ok(m) => m,
            Err(e) => return (Understanding::default(), Err(e)),
        };
        let path = margins.as_ref().map_or(path, |(p, _)| p.as_path());
        let margins = margins.as_ref().map(|(_, m)| m);
        let seen = RefCell::new(Understanding::default());
        let ctx = ParseContext {
            calendar: opts.calendar,
            date_order: opts.date_order,
            numbers: opts.numbers,
            year: opts.year,
            unit: opts.unit,
            tree: &tree,
            as_of,
            source: opts.source.clone().or_else(|| super::file_name(file)),
            columns: &opts.columns,
            progress: &Silent,
            seen: Some(&seen),
            pick: opts.pick.as_ref(),
            add_markets: opts.add_markets.as_deref(),
            table: opts.table.as_deref(),
            month: opts.month,
            frequency: opts.frequency,
            measure: opts.measure.as_deref(),
            first_column,
            semicolons: separator.is_some_and(|(sep, _)| sep == b';'),
            alike: None,
            cancellations: opts.cancellations,
        };
        // A unit its title or footnotes state, as ingest checks it.
        let stated = margins.and_then(|m| m.check_unit(&label, opts.unit).err());
        let parsed = match stated {
            Some(e) => Err(e),
            None => parse_file(path, &label, opts.kind, &ctx),
        }
        .map_err(|e| if sheet.is_some() { e.in_sheet(first_column) } else { e });
        let mut understood = seen.into_inner();
        // A long file with problems in its rows (an unknown market) is still understood
        // (trial 44 L3: "layout: not understood").
        if understood.layout.is_empty() {
            understood = long_layout(path, opts, understood);
        }
        if let Some(m) = margins {
            understood.header_line = Some(m.header_line);
            let title = m.title.iter().map(|t| (t, "the file's title, above the header"));
            let notes = m.footnotes.iter().map(|t| (t, "footnotes, below the rows"));
            for ((_, _, texts), why) in title.chain(notes) {
                for (line, text) in texts {
                    understood.passed_over.push(PassedOver { line: *line, text: text.clone(), why });
                }
            }
            if let Some((unit, line, text)) = &m.unit {
                understood.unit_in_title = Some((unit.as_str().to_string(), *line, text.clone()));
            }
        }
        // The sheet's own letters for a table that does not start in column A.
        for (i, c) in understood.columns.iter_mut().enumerate() {
            c.column = column_letter(i + first_column);
        }
        understood.separator = separator.map(|(_, name)| name);
        (understood, parsed)
    };
    let (mut understood, mut parsed) = read(opts);
    let mut suggested = Vec::new();
    let mut more = opts.clone();
    // A --year the rows' Year column makes wrong (trial 46 F5: "layout: not understood", and a
    // command that failed again): left out before anything else is read from the table.
    if parsed
        .as_ref()
        .err()
        .is_some_and(|e| opts.year.is_some() && e.remedies().contains(&Remedy::LeaveOutYear))
    {
        more.year = None;
        suggested.push(("--year left out".into(), "a column gives each row's months their year".into()));
        (understood, parsed) = read(&more);
    }
    if let Err(e) = &parsed {
        // A unit named in a title above the header is applied; one named in a note below it
        // ("hotel nights are in thousands in Table 2") may be of another table: the error
        // offers both readings, and nothing is applied.
        let above = |line: &u64| understood.header_line.is_none_or(|h| *line < h);
        if let (None, Some((unit, line, title))) =
            (opts.unit, understood.unit_in_title.as_ref().filter(|t| above(&t.1)))
        {
            if let Ok(u) = unit.parse::<Unit>() {
                more.unit = Some(u);
                suggested.push((
                    format!("--unit {unit}"),
                    format!("the title on line {line} says so: \"{title}\""),
                ));
            }
        }
        if opts.calendar == Calendar::Ce && e.remedies().contains(&Remedy::BuddhistEra) {
            more.calendar = Calendar::Be;
            suggested.push(("--calendar be".into(), "the periods read only as Buddhist Era years".into()));
        }
        if let (None, Some(y)) = (opts.year, understood.year_in_name) {
            more.year = Some(y);
            // As --year takes it: in the file's calendar (2559 with --calendar be).
            let shown = more.calendar.written(y);
            suggested.push((
                format!("--year {shown}"),
                "the periods are months without a year; the title or the file's name gives it".into(),
            ));
        }
        // A long file that names its columns otherwise: the names its header calls for.
        if opts.columns.is_empty() && understood.layout.is_empty() {
            let header = first_record(&path);
            let fields: Vec<&str> = header.iter().map(String::as_str).collect();
            for name in super::read::suggested_columns(opts.kind, &fields) {
                let why = if name.column == super::read::ColumnName::SKIP {
                    format!(
                        "the header's \"{}\" is no column of {} file: passed over",
                        name.header,
                        opts.kind.with_article()
                    )
                } else {
                    format!("the header's \"{}\" reads as {}", name.header, name.column)
                };
                suggested.push((format!("--column {name}"), why));
                more.columns.push(name);
            }
        }
        if !suggested.is_empty() {
            (understood, parsed) = read(&more);
        }
        // Dates in one order alone, none in the other: the flag that reads them.
        // (Read once the columns are: trial 60 L1.)
        let orders: Vec<DateOrder> = parsed
            .as_ref()
            .err()
            .map(Error::remedies)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|r| match r {
                Remedy::DateOrder(o) => Some(o),
                _ => None,
            })
            .collect();
        if let (None, [order]) = (opts.date_order, orders.as_slice()) {
            more.date_order = Some(*order);
            suggested.push((
                format!("--date-order {}", order.flag()),
                format!(
                    "the dates read only {} first",
                    if *order == DateOrder::DayFirst { "day" } else { "month" }
                ),
            ));
            (understood, parsed) = read(&more);
        }
        // Negative seats, where the file is read without --cancellations: a feed of net
        // bookings by day (trial 66 M2: the command offered left the flag out).
        let cancels = parsed.as_ref().err().is_some_and(|e| e.remedies().contains(&Remedy::Cancellations));
        if cancels && !more.cancellations {
            more.cancellations = true;
            suggested.push((
                "--cancellations".to_string(),
                "its negative seats read as seats cancelled on their booked_on day".to_string(),
            ));
            (understood, parsed) = read(&more);
        }
        // A unit the header of the figures' column states ("arrivals ('000)"), found once
        // the column is read (trial 44 L4: the command offered failed on it).
        let stated = parsed.as_ref().err().and_then(|e| {
            e.remedies().into_iter().find_map(|r| match r {
                Remedy::StatedUnit(u) => Some(u),
                _ => None,
            })
        });
        if let (None, Some(unit)) = (more.unit, stated.and_then(|u| u.parse::<Unit>().ok().map(|p| (u, p)))) {
            more.unit = Some(unit.1);
            suggested.push((
                format!("--unit {}", unit.0),
                format!("the file states its figures are in {}", unit.0),
            ));
            (understood, parsed) = read(&more);
        }
        // Figures refused as ambiguous ("757.213") where others of the file show the mark
        // ("1185.942"): the flag that says so (trial 37 #8: the command offered failed).
        let ambiguous = parsed.as_ref().err().is_some_and(|e| e.remedies().contains(&Remedy::NumberStyle));
        if let (true, super::NumberStyle::Auto) = (ambiguous, opts.numbers) {
            let (lines, _) = super::read::all_records(&path, &shown, &crate::progress::Silent)?;
            if let Some((style, figure)) =
                super::read::style_shown(lines.iter().skip(1).flat_map(|(_, f)| f.iter().map(String::as_str)))
            {
                let flag =
                    if style == super::NumberStyle::DecimalComma { "--decimal ," } else { "--decimal ." };
                suggested.push((flag.to_string(), format!("the file's \"{figure}\" shows the decimal mark")));
                more.numbers = style;
                (understood, parsed) = read(&more);
            } else if separator.is_some_and(|(sep, _)| sep == b';') {
                // No figure shows it, but columns separated by semicolons are written where
                // the comma is the decimal mark (trial 61 L1: the command offered failed on
                // each "107.159"): offered, the rows below shown read so to be checked.
                suggested.push((
                    "--thousands .".to_string(),
                    "no figure shows the decimal mark, but the columns are separated by semicolons, as where the comma is the decimal mark: check the figures below".to_string(),
                ));
                more.numbers = super::NumberStyle::DecimalComma;
                (understood, parsed) = read(&more);
            }
        }
    }
    let (rows, problems, markets_added, notes) = match parsed {
        Ok(p) => {
            let added = match &opts.add_markets {
                Some(parent) => super::markets_to_add(&tree, &[&p.frame], &p.groups, parent)?,
                None => Vec::new(),
            };
            (Some(p.frame), None, added, p.notes)
        }
        Err(e) => (None, Some(e), Vec::new(), Vec::new()),
    };
    Ok(Inspection {
        file: shown,
        kind: opts.kind,
        sheet,
        understanding: understood,
        suggested,
        rows,
        problems,
        markets_added,
        notes,
    })
}

/// The fields of a CSV file's first line (none when it does not read).
fn first_record(path: &Path) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(path).ok();
    let record = reader.as_mut().and_then(|r| r.records().next()).and_then(|r| r.ok());
    record.map(|r| r.iter().map(str::to_string).collect()).unwrap_or_default()
}

/// The long layout's understanding: its header line, read again, and what each column is.
fn long_layout(path: &Path, opts: &IngestOptions, mut u: Understanding) -> Understanding {
    let header = first_record(path);
    if header.is_empty() {
        return u;
    }
    let fields: Vec<&str> = header.iter().map(String::as_str).collect();
    let Ok(layout) = Layout::from_header(opts.kind, &fields, &opts.columns) else { return u };
    let sdmx = fields.iter().any(|f| f.trim().eq_ignore_ascii_case("time_period"));
    u.layout =
        if sdmx { "SDMX-CSV, one row per observation".into() } else { "one row per figure (long)".into() };
    u.header_line = Some(1);
    let names = opts.kind.input_columns();
    u.columns = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let role = layout
                .positions
                .iter()
                .position(|p| *p == Some(i))
                .map(|ci| names[ci].name.to_string())
                .unwrap_or_else(|| "passed over".into());
            ColumnRole { column: column_letter(i), header: f.trim().to_string(), role }
        })
        .collect();
    u
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        let names: Vec<String> =
            [0, 1, 25, 26, 27, 51, 52, 701, 702].iter().map(|&i| column_letter(i)).collect();
        assert_eq!(names, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }
}
