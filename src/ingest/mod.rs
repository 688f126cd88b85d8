//! Ingest: from a user's CSV file to a committed store version.
//!
//! Every file is read, validated in full (all problems collected) and only then handed to the
//! store, which checks it against what it holds and commits it in one step. Booking flows can
//! be tens of millions of rows, so a clean bookings file is read in blocks on every core straight
//! to staged Parquet and validated on the way (`bookings`); a file that fails any check on that
//! path is read again by the line-accurate reader, which names every problem.

mod blocks;
mod bookings;
mod inspect;
mod layout_file;
mod margins;
mod market_map;
mod measures;
mod parse;
mod read;
mod separator;
mod series_columns;
mod wide;
mod workbook;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use inspect::{inspect, ColumnRole, Inspection, PassedOver, Understanding};
pub use layout_file::LayoutFile;
pub use read::{
    parse_count, parse_decimal, parse_figure, parse_percent, thousands_or_decimal, Axis, ColumnName,
    CountError, LineNumbers, NumberStyle, Pick, Unit,
};
pub use separator::{separator, separator_of};
pub use series_columns::Frequency;

use crate::error::{Error, IoContext, Result};
use crate::kind::Kind;
use crate::market::{MarketNode, MarketTree};
use crate::period::{Calendar, DateOrder};
use crate::progress::Progress;
use crate::store::{CommitOptions, CommitReport, LockWait, NewFigures, SourceFile, Writer};

/// What the year columns (or rows) of a table are, under a title that names one month
/// ("Visitor arrivals in November, 2015-2019"): that month of each year, or whole years
/// (`--month November`, `--month year`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearColumns {
    Years,
    Month(u32),
}

impl std::str::FromStr for YearColumns {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<YearColumns, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "year" | "years" => Ok(YearColumns::Years),
            other => crate::period::month_word(other)
                .map(YearColumns::Month)
                .ok_or_else(|| format!("expected a month (November, Nov) or \"year\", got \"{s}\"")),
        }
    }
}

impl std::fmt::Display for YearColumns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            YearColumns::Years => f.write_str("year"),
            YearColumns::Month(m) => f.write_str(
                ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
                    [(*m as usize - 1) % 12],
            ),
        }
    }
}

/// What the user asked of one ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub kind: Kind,
    pub calendar: Calendar,
    /// The order of the day and month of dates written with both as numbers (`--date-order`).
    pub date_order: Option<DateOrder>,
    /// How numbers write thousands and decimals.
    pub numbers: NumberStyle,
    /// The year of periods written as a month alone ("January"), for a file that gives its
    /// year only in its title or name (`--year`).
    pub year: Option<i32>,
    /// The unit the figures are written in (`--unit thousands`: "12.5" is 12,500); `None`: not
    /// stated (ones, unless a table's title gives a unit, which is then an error).
    pub unit: Option<Unit>,
    /// The sheet of a workbook to read (a name, or a number from 1); the first with a number.
    pub sheet: Option<String>,
    /// The file's own names for tourstat's columns, and columns to pass over.
    pub columns: Vec<ColumnName>,
    /// A publisher's spellings of markets, CSV `name,market` (`--market-map`).
    pub market_map: Option<PathBuf>,
    /// One series of a table of several indicators (`--row`/`--column` PATTERN `--market`).
    pub pick: Option<Pick>,
    /// Markets the tree does not know are added to it (`--add-markets PARENT`): each under
    /// its group in the table (by the sums, or a section heading), the others under PARENT,
    /// which becomes the tree's root when the store has no tree yet.
    pub add_markets: Option<String>,
    /// Of a sheet with several tables one under the other, the one to load: its number from 1,
    /// or a word of its title (`--table`).
    pub table: Option<String>,
    /// Year columns under a title that names a month: that month of each year, or years.
    pub month: Option<YearColumns>,
    /// What the start periods of a file of series as columns count in (`--frequency`); its
    /// name ("monthly_in.csv") says it otherwise.
    pub frequency: Option<Frequency>,
    /// Of a table of several measures for each market and period (a survey's columns of
    /// purposes), the one to load (`--measure`).
    pub measure: Option<String>,
    /// Vintage of rows without their own `as_of`; the day of the ingest when not given.
    pub as_of: Option<NaiveDate>,
    pub source: Option<String>,
    pub replace: bool,
    /// A flow's seats may be negative: seats cancelled on its booked_on day, more than were
    /// booked that day (`--cancellations`); the books of each market and day of travel are
    /// checked never to fall below 0.
    pub cancellations: bool,
    pub dry_run: bool,
    pub wait_for_lock: bool,
}

impl IngestOptions {
    /// A plain ingest of a kind: Common Era years, `1,234.5` numbers, today's vintage for rows
    /// without one, no replacing, waiting for another writer.
    pub fn new(kind: Kind) -> IngestOptions {
        IngestOptions {
            kind,
            calendar: Calendar::Ce,
            date_order: None,
            numbers: NumberStyle::Auto,
            year: None,
            unit: None,
            sheet: None,
            columns: Vec::new(),
            market_map: None,
            pick: None,
            add_markets: None,
            table: None,
            month: None,
            frequency: None,
            measure: None,
            as_of: None,
            source: None,
            replace: false,
            cancellations: false,
            dry_run: false,
            wait_for_lock: true,
        }
    }
}

/// Ingests files of one kind as one commit: every file is read and validated first (every
/// problem of every file reported), then all are checked against the store and each other and
/// committed as one new version, or nothing is written. One report per file.
pub fn ingest(
    store: &Path,
    files: &[PathBuf],
    opts: &IngestOptions,
    progress: &dyn Progress,
) -> Result<Vec<CommitReport>> {
    let mut writer = open_writer(store, opts, progress)?;
    let mut result = ingest_together(&mut writer, files, opts, progress);
    writer.clear_staging()?;
    // What opening the store took back is said with the ingest's outcome (review 90 L1: the
    // markets went without a word, and a file of them was then refused as of unknown markets).
    if let (Some((from, to)), Ok(reports)) = (writer.took_back_markets(), &mut result) {
        if let Some(first) = reports.first_mut() {
            first.said.insert(0, taken_back(from, to));
        }
    }
    result
}

/// The note of markets taken back on opening the store (see `Writer::took_back_markets`).
pub fn taken_back(from: u64, to: u64) -> String {
    format!(
        "first, the markets an earlier ingest with --add-markets added were taken back, as it was stopped before it wrote their figures (markets version {from} set aside, version {to} committed again)"
    )
}

/// Ingests files one after the other, each committed on its own, going on after a file that
/// fails: each file's outcome, in order.
pub fn ingest_each(
    store: &Path,
    files: &[PathBuf],
    opts: &IngestOptions,
    progress: &dyn Progress,
) -> Result<Vec<(PathBuf, Result<CommitReport>)>> {
    let mut writer = open_writer(store, opts, progress)?;
    let mut out = Vec::new();
    for file in files {
        let result = ingest_together(&mut writer, std::slice::from_ref(file), opts, progress);
        writer.clear_staging()?;
        out.push((file.clone(), result.map(|mut r| r.remove(0))));
    }
    Ok(out)
}

fn open_writer(store: &Path, opts: &IngestOptions, progress: &dyn Progress) -> Result<Writer> {
    flags_fit_the_kind(opts)?;
    Writer::open(store, if opts.wait_for_lock { LockWait::Wait } else { LockWait::Fail }, progress)
}

/// Flags that mean nothing for the kind are refused, by ingest and inspect alike.
pub(crate) fn flags_fit_the_kind(opts: &IngestOptions) -> Result<()> {
    if opts.add_markets.is_some() && !matches!(opts.kind, Kind::Arrivals | Kind::Targets) {
        return Err(Error::Usage(format!(
            "--add-markets adds the markets of a file of arrivals or targets to the tree; {} are loaded with the tree as it is (`tourstat ingest markets FILE` adds markets)",
            opts.kind
        )));
    }
    if let (Some(m), false) = (&opts.measure, matches!(opts.kind, Kind::Arrivals | Kind::Targets)) {
        return Err(Error::Usage(format!(
            "--measure {m} picks a measure of a table of arrivals or targets; {} files have none: leave it out",
            opts.kind
        )));
    }
    if let (Some(f), false) = (opts.frequency, matches!(opts.kind, Kind::Arrivals | Kind::Targets)) {
        return Err(Error::Usage(format!(
            "--frequency {f} is for files of arrivals or targets as series in columns; {} files have none: leave it out",
            opts.kind
        )));
    }
    if opts.unit.is_some_and(|u| u != Unit::Ones)
        && !matches!(opts.kind, Kind::Arrivals | Kind::Targets | Kind::Otb)
    {
        return Err(Error::Usage(format!(
            "--unit is for figures published in thousands or millions (arrivals, targets, otb); {} are counted one by one",
            opts.kind
        )));
    }
    Ok(())
}

fn ingest_together(
    writer: &mut Writer,
    files: &[PathBuf],
    opts: &IngestOptions,
    progress: &dyn Progress,
) -> Result<Vec<CommitReport>> {
    let today = chrono::Local::now().date_naive();
    let as_of = opts.as_of.unwrap_or(today);
    let default_vintage = opts.as_of.is_none().then_some(as_of);
    if opts.kind == Kind::Arrivals && as_of > today + chrono::Days::new(1) {
        return Err(Error::Usage(format!(
            "--as-of {as_of} is after today ({today}): a vintage is the day the figures were known"
        )));
    }
    // Markets files of one ingest build on each other: a parent may be in an earlier file.
    let mut tree = writer.store().market_tree()?;
    let market_map = match &opts.market_map {
        Some(map) => {
            tree = market_map::with_map(&tree, map)?;
            Some(checksum(map)?)
        }
        None => None,
    };
    let mut reports: Vec<Option<CommitReport>> = vec![None; files.len()];
    let mut missing: Vec<(u64, u64)> = vec![(0, 0); files.len()];
    let (mut parts, mut errors) = (Vec::new(), Vec::new());
    let mut groups: Vec<(String, String)> = Vec::new();
    let mut overlapping: Vec<String> = Vec::new();
    // Without a tree to resolve names, one market's spellings ("China", "CHINA") across files
    // and against the store's are one market, its first spelling.
    let mut spellings: std::collections::HashMap<String, String> =
        if tree.is_empty() && matches!(opts.kind, Kind::Arrivals | Kind::Targets | Kind::Otb) {
            crate::query::store_info::markets(writer.store(), &tree)?
                .into_iter()
                .map(|l| (l.market.to_lowercase(), l.market))
                .collect()
        } else {
            std::collections::HashMap::new()
        };
    // Spellings that differ in punctuation only ("New..Zealand", "New Zealand") stay apart
    // without a tree (they may be two series), and are said, per file: (file, the pair).
    let mut near: Vec<Vec<String>> = vec![Vec::new(); files.len()];
    // Names read as a market only by ignoring their punctuation, said, per file.
    let mut alike: Vec<Vec<String>> = vec![Vec::new(); files.len()];
    let mut scratch = None;
    for (i, path) in files.iter().enumerate() {
        let label = path.display().to_string();
        let copy = stream_copy(path, &mut scratch)?;
        let path = copy.as_deref().unwrap_or(path);
        progress.reading(&label, std::fs::metadata(path).map_or(0, |m| m.len()));
        // The checksum is computed beside the reading: on a big file it would otherwise add a
        // full pass over the bytes.
        let (checksum, new) = std::thread::scope(|s| {
            let hashing = s.spawn(|| checksum(path));
            let new = read(writer, &tree, path, i, &label, opts, as_of, progress);
            let checksum =
                hashing.join().unwrap_or_else(|_| Err(Error::internal("the checksum thread stopped")));
            (checksum, new)
        });
        progress.done();
        // A workbook's label names its sheet: two sheets of one file are two ingests.
        let sheet = new.as_ref().ok().and_then(|r| r.sheet.clone());
        missing[i] = new.as_ref().map_or((0, 0), |r| (r.missing, r.passed_over));
        let file_groups = new.as_ref().map(|r| r.groups.clone()).unwrap_or_default();
        let file_overlapping = new.as_ref().map(|r| r.overlapping.clone()).unwrap_or_default();
        alike[i] = new.as_ref().map(|r| r.said.clone()).unwrap_or_default();
        let label = sheet.as_ref().map_or(label.clone(), |s| format!("{label}:{s}"));
        let new = match new.map(|r| r.figures) {
            Ok(NewFigures::Frame(df))
                if tree.is_empty() && matches!(opts.kind, Kind::Arrivals | Kind::Targets | Kind::Otb) =>
            {
                let known: std::collections::HashSet<String> = spellings.values().cloned().collect();
                let folded = fold_spellings(df, &mut spellings);
                near[i] = near_spellings(&known, &spellings);
                folded.map(NewFigures::Frame)
            }
            other => other,
        };
        // The table's groups spelled as its figures now are: a member found under its group.
        let file_groups: Vec<(String, String)> = if tree.is_empty() {
            let spell = |n: String| spellings.get(&n.to_lowercase()).cloned().unwrap_or(n);
            file_groups.into_iter().map(|(m, g)| (spell(m), spell(g))).collect()
        } else {
            file_groups
        };
        let file_overlapping: Vec<String> = file_overlapping
            .into_iter()
            .map(|g| spellings.get(&g.to_lowercase()).cloned().unwrap_or(g))
            .collect();
        let vintages = match &new {
            Ok(figures) if opts.kind.has_vintage() => {
                vintage_span(figures)?.or_else(|| Some(as_of.to_string()))
            }
            _ => opts.kind.has_vintage().then(|| as_of.to_string()),
        };
        // The source given, or those the rows name of their own (a `source` column).
        let named = match (&opts.source, &new) {
            (Some(s), _) => Some(s.clone()),
            (None, Ok(figures)) => row_sources(figures, file_name(path).as_deref())?,
            (None, Err(_)) => None,
        };
        let source = SourceFile {
            file: label.clone(),
            checksum: checksum?,
            as_of: vintages,
            given_day: opts.kind.has_vintage().then(|| as_of.to_string()),
            source: named,
            sheet,
            columns: (!opts.columns.is_empty())
                .then(|| opts.columns.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")),
            market_map: market_map.clone(),
            unit: opts.unit.filter(|u| *u != Unit::Ones).map(|u| u.as_str().to_string()),
            year: opts.year,
            reading: reading_of(opts),
        };
        // The same file with the same options was committed before: nothing to do, even if the
        // store has changed since in a way that would now reject it.
        if let Some((version, vintage)) = writer.find_same_ingest(opts.kind, &source, opts.as_of.is_none())? {
            reports[i] = Some(CommitReport {
                kind: opts.kind.to_string(),
                file: label,
                version: writer.store().version(opts.kind)?,
                dry_run: opts.dry_run,
                already_ingested_as: Some(version),
                already_ingested_vintage: vintage.filter(|v| Some(v) != source.as_of.as_ref()),
                ..Default::default()
            });
            continue;
        }
        match new {
            Ok(new) => {
                if let (Kind::Markets, NewFigures::Frame(df)) = (opts.kind, &new) {
                    let nodes = crate::store::market_nodes(df)?;
                    tree = MarketTree::new(tree.merge(&nodes).0).unwrap_or(tree);
                }
                // The groups of a file skipped as ingested before do not count.
                groups.extend(file_groups);
                overlapping.extend(file_overlapping);
                parts.push((i, source, new));
            }
            Err(e) => errors.push(e),
        }
    }
    match errors.len() {
        0 => {}
        1 if files.len() == 1 => return Err(errors.remove(0)),
        _ => return Err(Error::Files { errors, files: files.len() }),
    }
    if opts.kind == Kind::Markets && !parts.is_empty() {
        spellings_kept_apart(writer.store(), &tree, false)?;
    }
    crate::store::crash_point("read");
    // Markets to add first: the figures are checked against the store (a dry run) before the
    // tree changes, so a file refused for its figures adds no market.
    let mut added = Vec::new();
    // The markets version the added markets replace (none in a store with no tree yet): put
    // back if the figures then fail. `None` when no market was added.
    let mut markets_before: Option<Option<std::path::PathBuf>> = None;
    if let (Some(parent), false) = (&opts.add_markets, parts.is_empty()) {
        let frames: Vec<&polars::prelude::DataFrame> = parts
            .iter()
            .filter_map(|(_, _, new)| if let NewFigures::Frame(df) = new { Some(df) } else { None })
            .collect();
        let tree = writer.store().market_tree()?;
        added = markets_to_add(&tree, &frames, &groups, parent)?;
        alike_markets(writer.store(), opts.kind, &tree, &added, &frames)?;
        // A market added alike a name stored outside the tree would take that name's figures
        // from it, uncounted (review 20 M4): refused as a markets file doing so is.
        if !added.is_empty() {
            let grown = MarketTree::new(tree.merge(&added).0).map_err(Error::internal)?;
            spellings_kept_apart(writer.store(), &grown, true)?;
        }
        if !added.is_empty() && !opts.dry_run {
            let check = CommitOptions {
                replace: opts.replace,
                dry_run: true,
                default_vintage,
                cancellations: opts.cancellations,
            };
            let trial = parts.iter().map(|(_, src, new)| (src.clone(), new.clone())).collect();
            writer.commit(opts.kind, trial, &check)?;
            let table = crate::store::markets_frame(&added)?;
            let text: String =
                added.iter().map(|n| format!("{},{}\n", n.name, n.parent.as_deref().unwrap_or(""))).collect();
            let source = SourceFile {
                file: format!("--add-markets {parent} ({} markets of {})", added.len(), parts[0].1.file),
                checksum: blake3::hash(text.as_bytes()).to_hex().to_string(),
                ..Default::default()
            };
            let commit = CommitOptions::default();
            let before = writer.store().version_dir(Kind::Markets)?;
            writer.markets_adding(before.as_deref(), opts.kind)?;
            markets_before = Some(before);
            writer.commit(Kind::Markets, vec![(source, NewFigures::Frame(table))], &commit)?;
            crate::store::crash_point("markets-added");
        }
    }
    if !parts.is_empty() {
        let label = if parts.len() == 1 { parts[0].1.file.clone() } else { format!("{} files", parts.len()) };
        progress.step(&format!("committing {label}"));
        let order: Vec<usize> = parts.iter().map(|(i, _, _)| *i).collect();
        let parts = parts.into_iter().map(|(_, src, new)| (src, new)).collect();
        let commit = CommitOptions {
            replace: opts.replace,
            dry_run: opts.dry_run,
            default_vintage,
            cancellations: opts.cancellations,
        };
        let figures_before = writer.store().version(opts.kind)?;
        let committed = writer.commit(opts.kind, parts, &commit);
        progress.done();
        // Markets added for figures that could not be committed (a full disk) are taken back:
        // the store is as it was before the ingest, not half of it. Figures that were committed
        // (an error after the swap, sweeping an old version) keep their markets.
        if let (Err(e), Some(before)) = (&committed, &markets_before) {
            if writer.store().version(opts.kind)? == figures_before {
                writer.undo_commit(Kind::Markets, before.as_deref()).map_err(|undo| {
                    Error::internal(format!(
                        "{e}; and the markets added for them could not be taken back ({undo}): the next ingest takes them back"
                    ))
                })?;
            }
        }
        if markets_before.is_some() {
            writer.markets_settled()?;
        }
        for (k, (i, mut report)) in order.into_iter().zip(committed?).enumerate() {
            (report.rows_missing, report.rows_passed_over) = missing[i];
            report.near_spellings = std::mem::take(&mut near[i]);
            report.said.append(&mut alike[i]);
            if k == 0 {
                report.markets_added = added.clone();
                report.groups_overlapping = std::mem::take(&mut overlapping);
            }
            reports[i] = Some(report);
        }
    }
    Ok(reports.into_iter().flatten().collect())
}

/// A file read and validated, ready to commit.
struct FileRead {
    figures: NewFigures,
    /// The sheet read, when the file is a workbook.
    sheet: Option<String>,
    /// Figures the file marks missing, and values its layout reads past: not stored.
    missing: u64,
    passed_over: u64,
    /// (market, its group in the table), for `--add-markets`, and the groups whose members'
    /// counts overlap.
    groups: Vec<(String, String)>,
    overlapping: Vec<String>,
    /// What is said of it: its names read as a market only by ignoring their punctuation, its
    /// figures stored as given that are unlike the periods inside them.
    said: Vec<String>,
}

/// The vintages of a file's figures, as the log records them: their own where rows carry an
/// `as_of`, the one given (or today) for the others; one day, or the first and last
/// (`2025-06-01..2025-07-09`). `None` for figures not in memory.
fn vintage_span(figures: &NewFigures) -> Result<Option<String>> {
    let NewFigures::Frame(df) = figures else { return Ok(None) };
    if df.column("as_of").is_err() {
        return Ok(None);
    }
    let days = crate::columns::dates(df, "as_of")?;
    let (first, last) = (days.iter().flatten().min(), days.iter().flatten().max());
    Ok(match (first, last) {
        (Some(f), Some(l)) if f == l => Some(f.to_string()),
        (Some(f), Some(l)) => Some(format!("{f}..{l}")),
        _ => None,
    })
}

/// The sources a file's rows name of their own (not the file's name, which rows without one
/// get), as the log records them: up to three, then how many more. `None` for figures not in
/// memory or naming none.
fn row_sources(figures: &NewFigures, default: Option<&str>) -> Result<Option<String>> {
    let NewFigures::Frame(df) = figures else { return Ok(None) };
    if df.column("source").is_err() {
        return Ok(None);
    }
    let mut named: Vec<String> = crate::columns::strings(df, "source")?
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty() && Some(s.as_str()) != default)
        .collect();
    named.sort();
    named.dedup();
    Ok(match named.len() {
        0 => None,
        1..=3 => Some(named.join("; ")),
        n => Some(format!("{} and {} more", named[..3].join("; "), n - 3)),
    })
}

/// Reads and validates a file (the `index`-th of an ingest) into figures ready to commit, with
/// the sheet read when the file is a workbook.
#[allow(clippy::too_many_arguments)]
fn read(
    writer: &Writer,
    tree: &MarketTree,
    path: &Path,
    index: usize,
    label: &str,
    opts: &IngestOptions,
    as_of: NaiveDate,
    progress: &dyn Progress,
) -> Result<FileRead> {
    let alike = std::cell::RefCell::new(std::collections::HashMap::new());
    let said = || parse::alike_note(&alike.borrow(), tree, opts.kind);
    let ctx = parse::ParseContext {
        calendar: opts.calendar,
        date_order: opts.date_order,
        numbers: opts.numbers,
        year: opts.year,
        unit: opts.unit,
        tree,
        as_of,
        source: opts.source.clone().or_else(|| file_name(path)),
        columns: &opts.columns,
        progress,
        seen: None,
        pick: opts.pick.as_ref(),
        add_markets: opts.add_markets.as_deref(),
        table: opts.table.as_deref(),
        month: opts.month,
        frequency: opts.frequency,
        measure: opts.measure.as_deref(),
        first_column: 0,
        semicolons: false,
        alike: Some(&alike),
        cancellations: opts.cancellations,
    };
    // A workbook: its sheet as CSV, each sheet row a line, named by file and sheet.
    let is_workbook = workbook::is_workbook(path);
    if opts.sheet.is_some() && !is_workbook {
        return Err(Error::invalid_file(
            label,
            "--sheet is for workbooks (xlsx, xls, ods); this file is not one",
        ));
    }
    if is_workbook {
        let dir = writer.staging_dir(&format!("sheet.{index}"))?;
        let (csv, sheet, first_column) =
            workbook::sheet_to_csv(path, label, &workbook::SheetRead::of(opts), &dir)?;
        let ctx = parse::ParseContext { first_column, ..ctx };
        let named = format!("{label}:{sheet}");
        // A long table's title and footnotes, as a file's.
        let (trimmed, margin_notes) = without_margins(&csv, &named, opts, (tree, writer, index), true)
            .map_err(|e| e.in_sheet(first_column))?;
        let csv = trimmed.as_deref().unwrap_or(&csv);
        let parsed = parse::parse_file(csv, &named, opts.kind, &ctx).map_err(|e| e.in_sheet(first_column))?;
        return Ok(FileRead {
            figures: NewFigures::Frame(parsed.frame),
            sheet: Some(sheet),
            missing: parsed.missing,
            passed_over: parsed.passed_over,
            groups: parsed.groups,
            overlapping: parsed.overlapping,
            said: margin_notes.into_iter().chain(said()).chain(parsed.notes).collect(),
        });
    }
    // Columns separated by semicolons or tabs: read through a comma copy, line for line.
    let copy = match separator::separator(path)? {
        Some((sep, _)) => {
            Some((separator::comma_copy(path, sep, &writer.staging_dir(&format!("comma.{index}"))?)?, sep))
        }
        None => None,
    };
    let ctx = parse::ParseContext { semicolons: copy.as_ref().is_some_and(|(_, sep)| *sep == b';'), ..ctx };
    let path = copy.as_ref().map_or(path, |(p, _)| p.as_path());
    // A long file's title above its header and footnotes below its rows: passed over, said.
    let (trimmed, margin_notes) = without_margins(path, label, opts, (tree, writer, index), false)?;
    let path = trimmed.as_deref().unwrap_or(path);
    if opts.kind == Kind::Bookings
        && opts.calendar == Calendar::Ce
        && opts.columns.is_empty()
        && opts.unit.is_none_or(|u| u == Unit::Ones)
    {
        let stage = writer.staging_dir(&format!("bookings.read.{index}"))?;
        if let Some(staged) =
            bookings::stage_clean_file(path, &stage, tree, (opts.date_order, opts.cancellations), progress)?
        {
            return Ok(FileRead {
                figures: staged,
                sheet: None,
                missing: 0,
                passed_over: 0,
                groups: Vec::new(),
                overlapping: Vec::new(),
                said: Vec::new(),
            });
        }
        progress.restart("reading line by line");
    }
    let parsed = parse::parse_file(path, label, opts.kind, &ctx)?;
    Ok(FileRead {
        figures: NewFigures::Frame(parsed.frame),
        sheet: None,
        missing: parsed.missing,
        passed_over: parsed.passed_over,
        groups: parsed.groups,
        overlapping: parsed.overlapping,
        said: margin_notes.into_iter().chain(said()).chain(parsed.notes).collect(),
    })
}

/// A long file's (or a sheet's: `sheet`) margins passed over (see `margins::pass_over`), a unit
/// they state checked against `--unit`: the copy to read where it has any, and what is said.
fn without_margins(
    path: &Path,
    label: &str,
    opts: &IngestOptions,
    (tree, writer, index): (&MarketTree, &Writer, usize),
    sheet: bool,
) -> Result<(Option<PathBuf>, Vec<String>)> {
    let dir = || writer.staging_dir(&format!("margins.{index}"));
    let Some((copy, m)) = margins::pass_over(path, label, (opts.kind, &opts.columns), tree, dir)? else {
        return Ok((None, Vec::new()));
    };
    m.check_unit(label, opts.unit)?;
    Ok((Some(copy), m.notes(sheet)))
}

/// The markets new since `known` whose spelling differs from another's in punctuation only
/// (the same `match_key`): "\"New..Zealand\" beside \"New Zealand\"".
fn near_spellings(
    known: &std::collections::HashSet<String>,
    spellings: &std::collections::HashMap<String, String>,
) -> Vec<String> {
    let mut all: Vec<&String> = spellings.values().collect();
    all.sort();
    all.dedup();
    // Each spelling's key once: by key, the spellings that share it.
    let mut by_key: std::collections::HashMap<String, Vec<&String>> = std::collections::HashMap::new();
    for m in &all {
        by_key.entry(crate::market::match_key(m)).or_default().push(m);
    }
    let mut out = Vec::new();
    for same in by_key.values().filter(|v| v.len() > 1) {
        for new in same.iter().filter(|m| !known.contains(**m)) {
            for other in same.iter().filter(|o| *o != new) {
                // A pair of two new spellings is said once.
                if known.contains(*other) || new < other {
                    out.push(format!("\"{new}\" beside \"{other}\""));
                }
            }
        }
    }
    out.sort();
    out
}

/// The figures' markets spelled as first seen (in the store, or in an earlier file or row):
/// without a tree, "JAPAN" after "Japan" is that market, never a second one.
fn fold_spellings(
    mut df: polars::prelude::DataFrame,
    spellings: &mut std::collections::HashMap<String, String>,
) -> Result<polars::prelude::DataFrame> {
    use polars::prelude::Column;
    let names: Vec<Option<String>> = crate::columns::strings(&df, "market")?
        .into_iter()
        .map(|m| m.map(|m| spellings.entry(m.to_lowercase()).or_insert(m).clone()))
        .collect();
    df.with_column(Column::new("market".into(), names))
        .map_err(|e| Error::internal(format!("spelling markets: {e}")))?;
    Ok(df)
}

/// The markets of `frames` the tree does not know, as nodes to add (`--add-markets PARENT`):
/// each under its group in the table where that group is in the tree or added too, the others
/// under `parent`. `parent` must be in the tree, or the tree empty (it is then added as the
/// root). In the order the files name them, groups before their members.
pub fn markets_to_add(
    tree: &MarketTree,
    frames: &[&polars::prelude::DataFrame],
    groups: &[(String, String)],
    parent: &str,
) -> Result<Vec<MarketNode>> {
    let known = |m: &str| tree.resolve(m).is_some();
    let mut names: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for df in frames {
        let markets = df.column("market").map_err(Error::polars("reading the markets of a file"))?;
        for m in markets.str().map_err(Error::polars("reading the markets of a file"))?.iter().flatten() {
            if !known(m) && seen.insert(m.to_string()) {
                names.push(m.to_string());
            }
        }
    }
    // Two spellings of one new market (Newland, newland) would be two markets the tree can
    // tell apart by name only where a user cannot: `--market newland` finds Newland.
    let mut by_key: std::collections::BTreeMap<String, Vec<&str>> = std::collections::BTreeMap::new();
    for n in &names {
        by_key.entry(crate::market::match_key(n)).or_default().push(n);
    }
    let spelt_twice: Vec<String> = by_key.values().filter(|v| v.len() > 1).map(|v| v.join(" and ")).collect();
    if !spelt_twice.is_empty() {
        return Err(Error::Usage(format!(
            "--add-markets would add one market under two names: {}; names match whatever their case, accents and punctuation, so write each one way in the files, or add it first with `tourstat ingest markets FILE` (then both spellings are read as it)",
            spelt_twice.join("; ")
        )));
    }
    let parent = match tree.resolve(parent) {
        Some(p) => p.to_string(),
        // The new root, spelt as the files spell it where they name it ("Total" for total):
        // with no tree, every market of the files is among the names.
        None if tree.is_empty() => {
            let wanted = crate::market::normalise_name(parent);
            names.iter().find(|m| m.eq_ignore_ascii_case(&wanted)).cloned().unwrap_or(wanted)
        }
        None => {
            return Err(Error::Usage(format!(
                "--add-markets {parent}: no such market in the tree{}; name the market the new ones go under",
                tree.suggestion(parent)
            )))
        }
    };
    // "Others" outside any group of the table, where the tree has the rest of each section
    // ("Others (Asia)"): whose rest it is cannot be told (a group that does not add up?).
    let rest_named: Vec<&String> = names
        .iter()
        .filter(|n| {
            wide::is_rest_of_section(n)
                && tree.nodes().iter().any(|t| {
                    t.name.get(..n.len()).is_some_and(|head| head.eq_ignore_ascii_case(n))
                        && t.name.get(n.len()..).is_some_and(|rest| rest.starts_with(" ("))
                })
        })
        .collect();
    if let Some(n) = rest_named.first() {
        return Err(Error::Usage(format!(
            "--add-markets would add \"{n}\" as a market of its own, where the tree names the rest of each group (\"{n} (...)\"): the table has no group above it that adds up to its rows (a group that does not add up?), so whose rest it is cannot be told; give the row its group's name (\"{n} (Asia)\") or load it without --add-markets"
        )));
    }
    // A market in two groups (ASEAN in one table, Southeast Asia in another) has no place.
    let mut in_groups: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    for (m, g) in groups {
        let gs = in_groups.entry(m.as_str()).or_default();
        if !gs.contains(&g.as_str()) {
            gs.push(g.as_str());
        }
    }
    let torn: Vec<String> = in_groups
        .iter()
        .filter(|(_, gs)| gs.len() > 1)
        .map(|(m, gs)| format!("{m} (in {})", gs.join(" and in ")))
        .collect();
    if !torn.is_empty() {
        return Err(Error::Usage(format!(
            "--add-markets: the tables put markets in two groups, so they would be counted twice: {}; load the files one at a time, or give the tree yourself with `tourstat ingest markets FILE`",
            torn.join(", ")
        )));
    }
    // A market of the tree inside a group being added would be counted twice, in the new
    // group and where the tree has it: refused, naming where each is.
    let twice: Vec<String> = groups
        .iter()
        .filter(|(m, g)| known(m) && seen.contains(g))
        .filter_map(|(m, g)| {
            let node = tree.get(m)?;
            Some(format!(
                "{} (under {} in the tree, in {g} in the table)",
                node.name,
                node.parent.as_deref().unwrap_or("no market")
            ))
        })
        .collect();
    if !twice.is_empty() {
        return Err(Error::Usage(format!(
            "--add-markets would add groups that hold markets the tree already has elsewhere, which would then be counted twice: {}; put them under their group with `tourstat ingest markets FILE` (market,parent) first, or give the table's groups to the tree yourself",
            twice.join(", ")
        )));
    }
    let group_of: std::collections::HashMap<&str, &str> =
        groups.iter().map(|(m, g)| (m.as_str(), g.as_str())).collect();
    let mut nodes = Vec::new();
    if tree.is_empty() && !names.contains(&parent) {
        nodes.push(MarketNode { name: parent.clone(), parent: None, aliases: Vec::new() });
    }
    for name in &names {
        let up = match group_of.get(name.as_str()) {
            Some(g) if seen.contains(*g) => g.to_string(),
            Some(g) if known(g) => tree.resolve(g).unwrap_or(g).to_string(),
            _ if *name == parent => {
                nodes.push(MarketNode { name: name.clone(), parent: None, aliases: Vec::new() });
                continue;
            }
            _ => parent.clone(),
        };
        nodes.push(MarketNode { name: name.clone(), parent: Some(up), aliases: Vec::new() });
    }
    // Parents before their children, as a markets file is read.
    let mut ordered: Vec<MarketNode> = Vec::new();
    let mut placed: std::collections::HashSet<String> = std::collections::HashSet::new();
    while ordered.len() < nodes.len() {
        let before = ordered.len();
        for n in &nodes {
            let ready = n.parent.as_ref().is_none_or(|p| known(p) || placed.contains(p));
            if !placed.contains(&n.name) && ready {
                placed.insert(n.name.clone());
                ordered.push(n.clone());
            }
        }
        if ordered.len() == before {
            return Err(Error::internal("the markets to add form a cycle"));
        }
    }
    Ok(ordered)
}

/// How a file is read beyond its identity's other parts, when not the default.
fn reading_of(opts: &IngestOptions) -> Option<String> {
    let mut parts = Vec::new();
    if opts.calendar == Calendar::Be {
        parts.push("calendar=be".to_string());
    }
    match opts.numbers {
        NumberStyle::DecimalComma => parts.push("decimal=,".into()),
        NumberStyle::DecimalPoint => parts.push("decimal=.".into()),
        NumberStyle::Auto => {}
    }
    if let Some(p) = &opts.pick {
        parts.push(format!("{}={}>{}", p.flag().trim_start_matches('-'), p.pattern, p.market));
    }
    // With markets added, another ingest: the tree it builds is part of what it does.
    if let Some(p) = &opts.add_markets {
        parts.push(format!("add-markets={p}"));
    }
    if let Some(t) = &opts.table {
        parts.push(format!("table={t}"));
    }
    if let Some(m) = opts.month {
        parts.push(format!("month={m}"));
    }
    if let Some(f) = opts.frequency {
        parts.push(format!("frequency={f}"));
    }
    if let Some(m) = &opts.measure {
        parts.push(format!("measure={m}"));
    }
    (!parts.is_empty()).then(|| parts.join(";"))
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name().map(|n| n.to_string_lossy().to_string())
}

/// A pipe or a terminal (`<(curl ...)`, `/dev/stdin`) gives its bytes once, and a file is read
/// more than once (its layout first, then its records beside its checksum): such a file is read
/// into a scratch folder first, under its own name, and the copy is read. `None` for a path
/// read where it is (a file, or what the reading will report as missing); an error for a
/// device.
pub(crate) fn stream_copy(path: &Path, scratch: &mut Option<tempfile::TempDir>) -> Result<Option<PathBuf>> {
    use std::os::unix::fs::FileTypeExt;
    match std::fs::metadata(path).map(|m| m.file_type()) {
        Ok(t) if t.is_fifo() || t.is_socket() => {}
        // A device (/dev/zero) has no end to read to.
        Ok(t) if t.is_char_device() || t.is_block_device() => {
            return Err(Error::Usage(format!(
                "{} is a device, not a file of figures: give a file, or a pipe (`cat FILE | tourstat ingest KIND /dev/stdin`)",
                path.display()
            )))
        }
        _ => return Ok(None),
    }
    let dir = match scratch {
        Some(dir) => dir,
        None => scratch.insert(tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?),
    };
    // Two streams of one ingest may share a name (/dev/fd/63 twice): each its own folder.
    let folder = tempfile::tempdir_in(dir.path()).map_err(|e| Error::io(dir.path(), e))?.keep();
    let copy = folder.join(path.file_name().unwrap_or("stream".as_ref()));
    let mut from = std::fs::File::open(path).at(path)?;
    let mut to = std::fs::File::create(&copy).at(&copy)?;
    std::io::copy(&mut from, &mut to).at(path)?;
    Ok(Some(copy))
}

/// BLAKE3 of a file: fast enough to hash half a gigabyte in a fraction of the ingest.
pub fn checksum(path: &Path) -> Result<String> {
    let mut hasher = blake3::Hasher::new();
    let file = std::fs::File::open(path).at(path)?;
    hasher.update_reader(file).at(path)?;
    Ok(hasher.finalize().to_hex().to_string())
}

/// A name without its qualifier: what a trailing parenthesis or a trailing ", ..." adds to it
/// ("Hong Kong (China)", "Hong Kong, China" and "Hong Kong SAR, China" give "Hong Kong", "Hong
/// Kong SAR"); `None` for a name with none.
fn unqualified(name: &str) -> Option<&str> {
    let name = name.trim();
    let cut = if name.ends_with(')') { name.rfind('(') } else { name.find(',') }?;
    Some(name[..cut].trim()).filter(|n| !n.is_empty())
}

/// A market `--add-markets` adds whose name is another market's with a qualifier ("Hong Kong
/// (China)" beside the tree's "Hong Kong", or an alias of it, or another name added with it),
/// given for periods that market has figures of too, close to its (within a tenth), is most
/// likely the same market counted twice in the groups above both (trial 41 #2: Asia 1,030
/// where 820, without a word; review 22 H1): refused, with the ways out. Distinct markets
/// whose names nest ("Congo (Democratic Republic)" and "Congo") have other figures, and are
/// added.
fn alike_markets(
    store: &crate::store::Store,
    kind: Kind,
    tree: &MarketTree,
    added: &[MarketNode],
    frames: &[&polars::prelude::DataFrame],
) -> Result<()> {
    use polars::prelude::{col, lit, DataType, Expr, IntoLazy};
    use std::collections::BTreeMap;
    // The pairs by name first: most ingests have none, and read no figures.
    let pairs: Vec<(&str, String)> = added
        .iter()
        .filter_map(|node| {
            let base = unqualified(&node.name)?;
            let key = crate::market::match_key(base);
            let other = tree.resolve(base).map(str::to_string).or_else(|| {
                added.iter().find(|a| crate::market::match_key(&a.name) == key).map(|a| a.name.clone())
            })?;
            (other != node.name).then_some((node.name.as_str(), other))
        })
        .collect();
    if pairs.is_empty() {
        return Ok(());
    }
    // Their figures by period, read once from the store and the files (the files' where both).
    let value = if kind == Kind::Targets { "target" } else { "arrivals" };
    let named = pairs
        .iter()
        .flat_map(|(n, o)| [n.to_string(), o.clone()])
        .map(|m| col("market").eq(lit(m)))
        .reduce(Expr::or)
        .unwrap_or(lit(false));
    let mut figures: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for lf in store.scan(kind, None)?.into_iter().chain(frames.iter().map(|df| (*df).clone().lazy())) {
        let of = lf
            .filter(named.clone())
            .select([col("market"), col("period"), col(value).cast(DataType::Float64)])
            .collect()
            .map_err(Error::polars("reading the figures of markets alike"))?;
        let markets = crate::columns::strings(&of, "market")?;
        let periods = crate::columns::strings(&of, "period")?;
        let values = crate::columns::floats(&of, value)?;
        for ((m, p), v) in markets.into_iter().zip(periods).zip(values) {
            if let (Some(m), Some(p), Some(v)) = (m, p, v) {
                figures.entry(m).or_default().insert(p, v);
            }
        }
    }
    let none = BTreeMap::new();
    let mut found = Vec::new();
    for (name, other) in pairs {
        let (new, old) = (figures.get(name).unwrap_or(&none), figures.get(&other).unwrap_or(&none));
        let both: Vec<&String> = new.keys().filter(|p| old.contains_key(*p)).collect();
        let (a, b): (f64, f64) =
            both.iter().map(|p| (new[*p], old[*p])).fold((0.0, 0.0), |s, x| (s.0 + x.0, s.1 + x.1));
        if both.is_empty() || (a - b).abs() > 0.1 * a.max(b) {
            continue;
        }
        let span = if both.len() == 1 {
            both[0].clone()
        } else {
            format!("{} to {} ({} periods)", both[0], both[both.len() - 1], both.len())
        };
        found.push(format!(
            "\"{name}\" beside \"{other}\", both with figures of {span}, {} and {} in all",
            crate::output::thousands(a.round() as i64),
            crate::output::thousands(b.round() as i64)
        ));
    }
    if found.is_empty() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "--add-markets would add markets named as others are with a qualifier, with figures close to theirs for the same periods, so most likely counted twice in the groups above them: {}; if one market, write it as the tree does in the file (or map it so with --market-map); if two, add it first with `tourstat ingest markets FILE` (market,parent)",
        found.join("; ")
    )))
}

/// A markets file that makes a name figures are stored under the spelling of another market
/// (an alias, or a name alike but for punctuation) is refused: those figures would no longer
/// be counted, the market's own counting without them (trial 40 #2: "New..Zealand" made New
/// Zealand's alias after its 764 passengers were stored, and summary left them out without a
/// word). Names the tree as it stood already read so are not this file's doing.
/// `added`: the tree grown by `--add-markets` from a figures file, whose spelling is the one
/// to change.
fn spellings_kept_apart(store: &crate::store::Store, tree: &MarketTree, added: bool) -> Result<()> {
    let before = store.market_tree()?;
    // A tree that reads every spelling as before (no market or alias new) takes no name from
    // its figures: the stored names need not be read.
    if tree
        .nodes()
        .iter()
        .all(|n| before.get(&n.name).is_some_and(|b| b.name == n.name && b.aliases == n.aliases))
    {
        return Ok(());
    }
    let mut found = Vec::new();
    for (name, kinds) in store.stored_markets()? {
        let Some(canonical) = tree.resolve(&name).filter(|c| *c != name) else { continue };
        if before.resolve(&name).is_some_and(|c| c == canonical) {
            continue;
        }
        let held: Vec<String> = kinds
            .iter()
            .map(|(kind, rows)| {
                format!("{} {kind} row{}", crate::output::thousands(*rows), if *rows == 1 { "" } else { "s" })
            })
            .collect();
        // Which spelling of the tree's takes it: the market's name or one of its aliases.
        let key = crate::market::match_key(&name);
        let node = tree.get(canonical);
        // (A name alike the market's own is read so whatever its aliases: review 20 M3.)
        let by = node
            .filter(|_| crate::market::match_key(canonical) != key)
            .and_then(|n| n.aliases.iter().find(|a| crate::market::match_key(a) == key));
        let how = match by {
            Some(a) => format!("its alias \"{a}\": leave that alias out to keep them apart"),
            None if added => format!(
                "a name alike but for punctuation, case or accents, so one market: write it \"{name}\" in the file, as stored (or map it so with --market-map), to count both as one"
            ),
            None => format!(
                "a name alike but for punctuation, case or accents, so one market: where only \"{name}\" is stored, name the market so in the file (\"{name}\" with \"{canonical}\" as its alias)"
            ),
        };
        found.push(format!("\"{name}\" ({}) would be \"{canonical}\" ({how})", held.join(", ")));
    }
    if found.is_empty() {
        return Ok(());
    }
    if added {
        return Err(Error::Usage(format!(
            "--add-markets would add markets alike names the store holds figures under outside the tree, which would then be read as the new markets' and no longer counted: {}",
            found.join("; ")
        )));
    }
    Err(Error::Usage(format!(
        "the store holds figures under names this file makes spellings of other markets, so they would no longer be counted: {}. Where both spellings are stored, to count them as one market: a new store (or `tourstat rollback KIND` where the ingest that stored them is the kind's latest, `tourstat history` says), this file first, then the figures again (a period both spellings give is then named as a duplicate)",
        found.join("; ")
    )))
}
