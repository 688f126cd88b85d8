use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use tourstat::error::{Error, Result};
use tourstat::ingest::{
    ingest, ingest_each, Axis, ColumnName, IngestOptions, LayoutFile, NumberStyle, Pick, Unit,
};
use tourstat::kind::Kind;
use tourstat::output::thousands;
use tourstat::period::{Calendar, DateOrder};
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
/// separators ("849,034", "5 100", "5'100"). Every problem of a file is listed with its line; on any problem,
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
    #[command(flatten)]
    read: ReadArgs,
    /// Replace figures already in the store with a different value for the same market,
    /// period and vintage (otherwise such a conflict is an error).
    #[arg(long)]
    replace: bool,
    /// Validate and report what would change; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Commit file by file, going on after a file that fails, and report each file's outcome
    /// (without it, the files are one commit: all of them or, on any problem, none).
    #[arg(long)]
    each: bool,
    /// Fail at once if another tourstat is writing the store, instead of waiting for it.
    #[arg(long)]
    no_wait: bool,
}

/// A `--column` value: a long file's own name for a column (`market=country`), or a pattern
/// picking one series of a table (`arrivals`).
#[derive(Debug, Clone)]
pub enum ColumnArg {
    Name(ColumnName),
    Pick(String),
}

impl std::fmt::Display for ColumnArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ColumnArg::Name(n) => write!(f, "{n}"),
            ColumnArg::Pick(p) => write!(f, "{p}"),
        }
    }
}

fn column_arg(text: &str) -> std::result::Result<ColumnArg, String> {
    if text.contains('=') {
        ColumnName::parse(text).map(ColumnArg::Name)
    } else if text.trim().is_empty() {
        Err("expected COLUMN=HEADER or a PATTERN of a series' header".into())
    } else {
        Ok(ColumnArg::Pick(text.trim().to_string()))
    }
}

/// How to read the files: the flags `ingest` and `inspect` share.
#[derive(Debug, Clone, clap::Args)]
pub struct ReadArgs {
    /// Vintage (publication date) of rows without their own as_of, of arrivals, targets and
    /// otb snapshots; default today. Booking flows and the market tree keep no vintages.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Name of the source, recorded with each figure (default: the file name).
    #[arg(long)]
    source: Option<String>,
    /// Years in the files, in periods and dates alike (as_of 2568-09-01), are Buddhist Era
    /// (2568 = 2025) or Common Era.
    #[arg(long, value_parser = parse_with::<Calendar>)]
    calendar: Option<Calendar>,
    /// The order of the day and month in dates written with both as numbers: dmy (05/03/2025
    /// is 5 March) or mdy (May 3rd); such dates are read only with it, never guessed.
    #[arg(long, value_parser = parse_with::<DateOrder>)]
    date_order: Option<DateOrder>,
    /// Bookings: a negative seats figure is the seats cancelled on its booked_on day, net of
    /// that day's bookings of the market and day of travel, so the books fall on the day of a
    /// cancellation, not before. The books of each day of travel are checked never to fall
    /// below 0. Without it a negative figure is refused.
    #[arg(long)]
    cancellations: bool,
    /// The decimal mark of the files' numbers, "." or ","; it, or --thousands (one of the two,
    /// each says the other), is needed only when a count such as 1.000 could be read either way.
    #[arg(long, value_parser = |v: &str| NumberStyle::from_flag("decimal", v))]
    decimal: Option<NumberStyle>,
    /// The thousands separator of the files' numbers, "," or "." (1.000 = 1000).
    #[arg(long, conflicts_with = "decimal", value_parser = |v: &str| NumberStyle::from_flag("thousands", v))]
    thousands: Option<NumberStyle>,
    /// The year of a table whose periods are months alone ("January", "Feb"), when the year is
    /// only in its title or file name (in the files' calendar: 2558 with --calendar be).
    #[arg(long, value_parser = clap::value_parser!(i32).range(1900..=2700))]
    year: Option<i32>,
    /// The unit the figures are published in: ones (default), hundreds, thousands,
    /// ten-thousands (万), lakhs, millions, crores or billions ("12.5" in thousands is stored as 12,500;
    /// "92.36" in lakhs as 9,236,000); ones keeps figures' decimals as written,
    /// which without --unit are refused (12.5 may be thousands).
    #[arg(long, value_parser = parse_with::<Unit>)]
    unit: Option<Unit>,
    /// The sheet of a workbook (xlsx, xls, ods) to read: its name, or its number from 1
    /// (default: the first sheet that holds a number).
    #[arg(long)]
    sheet: Option<String>,
    /// A long file's own name for one of tourstat's columns, COLUMN=HEADER (repeatable):
    /// `--column market=country --column period=month`; `--column skip=notes` passes a column
    /// over.
    ///
    /// In a table of several series (arrivals beside occupancy, receipts...), `--column
    /// PATTERN` (no `=`) picks the one column whose header holds PATTERN, any case; --market
    /// names it.
    #[arg(long = "column", value_name = "COLUMN=HEADER", value_parser = column_arg)]
    columns: Vec<ColumnArg>,
    /// In a table whose rows are several series (visitor arrivals, hotel occupancy, receipts)
    /// and whose columns are periods: the one row whose label holds PATTERN, any case; --market
    /// names it.
    #[arg(long, value_name = "PATTERN")]
    row: Option<String>,
    /// The market the series picked with --row or --column PATTERN is about (all foreign
    /// visitors: the tree's top market, say). Alone, the market of a table that is one series
    /// with a row per year (`Year,Jan,...,Dec`).
    #[arg(long, value_name = "NAME")]
    market: Option<String>,
    /// A publisher's spellings of markets, a CSV `name,market` (`Korea (South),South Korea`):
    /// read as aliases of the tree's markets for this ingest.
    #[arg(long, value_name = "FILE")]
    market_map: Option<PathBuf>,
    /// A layout file (TOML) holding these flags for a publisher's file that comes every month
    /// (`unit = "thousands"`, `columns = ["market=country"]`, ...); a flag given here wins
    /// over it. The README shows one.
    #[arg(long, value_name = "FILE")]
    layout: Option<PathBuf>,
    /// Add the markets of the files that the tree does not know to it, rather than refuse
    /// them: each under its group in a table (a row that is the sum of the rows under it, or
    /// a section heading above them), the others under PARENT, a market of the tree (in a
    /// store with no tree yet, PARENT becomes its root).
    #[arg(long, value_name = "PARENT")]
    add_markets: Option<String>,
    /// Of a sheet that holds several tables one under the other (a report's "Table 1",
    /// "Table 2"), the one to load: its number from 1, or a word of its title.
    #[arg(long, value_name = "N|WORD")]
    table: Option<String>,
    /// What the year columns (or rows) of a table are under a title that names a month
    /// ("Visitor arrivals in November, 2015-2019"): that month of each year (`--month
    /// November`), or whole years (`--month year`). Such a table is refused without it.
    #[arg(long, value_name = "MONTH|year", value_parser = parse_with::<tourstat::ingest::YearColumns>)]
    month: Option<tourstat::ingest::YearColumns>,
    /// What the start periods of a file of series as columns count in (names on line 1,
    /// lengths, start years and start periods under them, as the forecasting competition's
    /// files): monthly, quarterly or yearly. A name like "monthly_in.csv" says it otherwise.
    #[arg(long, value_name = "monthly|quarterly|yearly", value_parser = parse_with::<tourstat::ingest::Frequency>)]
    frequency: Option<tourstat::ingest::Frequency>,
    /// Of a table of several measures for each market and period (a survey's cross-table:
    /// the period once in column A, markets under it in column B, a column per purpose and
    /// a Total), the one to load: a heading equal to NAME, or the one heading holding it.
    #[arg(long, value_name = "NAME")]
    measure: Option<String>,
}

impl ReadArgs {
    /// The options of an ingest of `kind` read so: the layout file's, then the flags given.
    pub fn options(&self, kind: Kind) -> Result<IngestOptions> {
        let mut opts = IngestOptions::new(kind);
        if let Some(path) = &self.layout {
            LayoutFile::read(path)?.fill(&mut opts, &path.display().to_string())?;
        }
        if let Some(c) = self.calendar {
            opts.calendar = c;
        }
        opts.date_order = self.date_order.or(opts.date_order);
        if self.cancellations && kind != Kind::Bookings {
            return Err(Error::Usage(format!(
                "--cancellations is of booking flows (ingest bookings), not of {kind}"
            )));
        }
        opts.cancellations = self.cancellations;
        if let Some(y) = self.year.filter(|y| *y > 2200 && opts.calendar == Calendar::Ce) {
            return Err(Error::Usage(format!(
                "--year {y} reads as a Buddhist Era year ({} CE); add --calendar be, or give the Common Era year",
                y - 543
            )));
        }
        if let Some(n) = self.decimal.or(self.thousands) {
            opts.numbers = n;
        }
        if let Some(u) = self.unit {
            opts.unit = Some(u);
        }
        if let Some(y) = self.year {
            opts.year = Some(if opts.calendar == Calendar::Be { y - 543 } else { y });
        }
        if let Some(s) = &self.sheet {
            opts.sheet = Some(s.clone());
        }
        let names: Vec<ColumnName> = self
            .columns
            .iter()
            .filter_map(|c| match c {
                ColumnArg::Name(n) => Some(n.clone()),
                ColumnArg::Pick(_) => None,
            })
            .collect();
        if !names.is_empty() {
            opts.columns = names;
        }
        let column_picks: Vec<&String> = self
            .columns
            .iter()
            .filter_map(|c| match c {
                ColumnArg::Pick(p) => Some(p),
                ColumnArg::Name(_) => None,
            })
            .collect();
        let pattern = match (&self.row, column_picks.as_slice()) {
            (None, []) => None,
            (Some(r), []) => Some((Axis::Row, r.clone())),
            (None, [c]) => Some((Axis::Column, (*c).clone())),
            _ => {
                return Err(Error::Usage("pick one series: one --row PATTERN or one --column PATTERN".into()))
            }
        };
        match (pattern, &self.market) {
            (Some((axis, pattern)), Some(market)) => {
                opts.pick = Some(Pick { axis, pattern, market: market.clone() });
            }
            (Some((axis, _)), None) => {
                return Err(Error::Usage(match axis {
                    Axis::Row => "--row picks one series of a table; --market NAME says which market it is about".into(),
                    Axis::Column | Axis::Table => format!(
                        "--column {}: COLUMN=HEADER names a long file's column (--column period=month); a pattern without = picks one series of a table, and --market NAME says which market it is about",
                        column_picks.first().map(|p| p.as_str()).unwrap_or_default()
                    ),
                }));
            }
            // Alone, it names a table that is one series (a row per year): any other table
            // refuses it, naming --row and --column.
            (None, Some(market)) => {
                opts.pick = Some(Pick { axis: Axis::Table, pattern: String::new(), market: market.clone() });
            }
            (None, None) => {}
        }
        if let Some(m) = &self.market_map {
            opts.market_map = Some(m.clone());
        }
        if let Some(p) = &self.add_markets {
            opts.add_markets = Some(p.clone());
        }
        if let Some(t) = &self.table {
            opts.table = Some(t.clone());
        }
        if let Some(m) = self.month {
            opts.month = Some(m);
        }
        if let Some(f) = self.frequency {
            opts.frequency = Some(f);
        }
        if let Some(m) = &self.measure {
            opts.measure = Some(m.clone());
        }
        if let Some(d) = self.as_of {
            opts.as_of = Some(d);
        }
        if let Some(s) = &self.source {
            opts.source = Some(s.clone());
        }
        // A year read in the wrong calendar (a layout's 2568 without calendar = "be") is no
        // year of the data.
        if let Some(y) = opts.year.filter(|y| !(1900..=2200).contains(y)) {
            return Err(Error::Usage(match opts.calendar {
                Calendar::Ce => format!(
                    "the year {y} (from --year or the layout file) is outside 1900-2200; a Buddhist Era year needs --calendar be (or calendar = \"be\")"
                ),
                Calendar::Be => format!(
                    "the year {} (from --year or the layout file) read as a Buddhist Era year (--calendar be) is {y}, outside 1900-2200; give the year as the file writes it (BE {} is 2025), or leave out --calendar be",
                    Calendar::Be.written(y),
                    Calendar::Be.written(2025)
                ),
            }));
        }
        Ok(opts)
    }

    /// The flags as typed, for a command line that repeats them.
    pub fn flags(&self) -> Vec<String> {
        let mut f: Vec<String> = Vec::new();
        let mut flag = |name: &str, value: String| {
            f.push(name.to_string());
            f.push(value);
        };
        if let Some(d) = self.as_of {
            flag("--as-of", d.to_string());
        }
        // A flag without a value: an empty one beside it, left out of a command line.
        if self.cancellations {
            flag("--cancellations", String::new());
        }
        if let Some(s) = &self.source {
            flag("--source", s.clone());
        }
        if let Some(layout) = &self.layout {
            flag("--layout", layout.display().to_string());
        }
        match self.calendar {
            Some(Calendar::Be) => flag("--calendar", "be".into()),
            Some(Calendar::Ce) => flag("--calendar", "ce".into()),
            None => {}
        }
        match self.decimal.or(self.thousands) {
            Some(NumberStyle::DecimalComma) => flag("--decimal", ",".into()),
            Some(NumberStyle::DecimalPoint) => flag("--decimal", ".".into()),
            _ => {}
        }
        if let Some(y) = self.year {
            flag("--year", y.to_string());
        }
        if let Some(u) = self.unit {
            flag("--unit", u.as_str().into());
        }
        if let Some(s) = &self.sheet {
            flag("--sheet", s.clone());
        }
        for c in &self.columns {
            flag("--column", c.to_string());
        }
        if let Some(r) = &self.row {
            flag("--row", r.clone());
        }
        if let Some(m) = &self.market {
            flag("--market", m.clone());
        }
        if let Some(m) = &self.market_map {
            flag("--market-map", m.display().to_string());
        }
        if let Some(p) = &self.add_markets {
            flag("--add-markets", p.clone());
        }
        if let Some(t) = &self.table {
            flag("--table", t.clone());
        }
        if let Some(m) = self.month {
            flag("--month", m.to_string());
        }
        if let Some(f) = self.frequency {
            flag("--frequency", f.to_string());
        }
        if let Some(m) = &self.measure {
            flag("--measure", m.clone());
        }
        f
    }
}

pub fn run(store: &Path, a: Args) -> Result<()> {
    // A dry run into a store that does not exist leaves none behind (the writer makes its
    // folders to take its lock).
    let made_here = a.dry_run && !store.exists();
    // Only a store that holds nothing (no kind committed: another writer may have made it
    // meanwhile) is removed.
    let empty = || {
        std::fs::read_dir(store.join("_versions")).map_or(true, |mut d| d.next().is_none())
            && tourstat::kind::Kind::ALL
                .iter()
                .all(|k| std::fs::symlink_metadata(store.join(k.as_str())).is_err())
    };
    // A store made by this ingest is said, with where (trial 57 L5: a mistyped --store made a
    // second store without a word), also after a first ingest that failed and left its
    // folders behind (review 32 M1).
    let new = !a.dry_run && empty();
    let result = run_in(store, a);
    if new && result.is_ok() && !empty() {
        say!("note: a new store was made at {} (there was none)", store.display());
    }
    if made_here && empty() {
        let _ = std::fs::remove_dir_all(store);
    }
    result
}

fn run_in(store: &Path, a: Args) -> Result<()> {
    // One file named twice (trial 89 L4: "9 figures are in both feb.csv and feb.csv").
    let same = |p: &PathBuf| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
    for (i, file) in a.files.iter().enumerate() {
        if let Some(earlier) = a.files[..i].iter().find(|e| same(e) == same(file)) {
            let also = if earlier == file { String::new() } else { format!(" (as {})", earlier.display()) };
            return Err(Error::Usage(format!(
                "{} is given twice{also}: name each file once",
                file.display()
            )));
        }
    }
    let mut opts = a.read.options(a.kind)?;
    if let Some(note) = vintage_not_kept(a.kind, a.read.as_of) {
        say!("note: {note}");
    }
    opts.replace = a.replace;
    opts.dry_run = a.dry_run;
    opts.wait_for_lock = !a.no_wait;
    if !a.each {
        for r in ingest(store, &a.files, &opts, &Bar::default())? {
            put!("{}", outcome(&r));
            say_jumps(&r);
            say_target_scale(store, &r);
            say_renamed(store, &r, a.files.len() == 1);
        }
        return Ok(());
    }
    let results = ingest_each(store, &a.files, &opts, &Bar::default())?;
    let failed = results.iter().filter(|(_, r)| r.is_err()).count();
    for (file, result) in &results {
        match result {
            Ok(r) => {
                put!("{}", outcome(r));
                say_jumps(r);
                say_target_scale(store, r);
                say_renamed(store, r, results.len() == 1);
            }
            Err(e) => say!(
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

/// What `--as-of` means for a kind that keeps no vintages: it is not used, and a script that
/// gives it to every kind is told so rather than refused.
pub(crate) fn vintage_not_kept(kind: Kind, as_of: Option<NaiveDate>) -> Option<String> {
    let d = as_of?;
    match kind {
        Kind::Bookings => Some(format!(
            "--as-of {d} is not used: booking flows keep no vintages, each is dated by its booked_on (what was on the books on a date is `tourstat otb --as-of {d}`)"
        )),
        Kind::Markets => Some(format!("--as-of {d} is not used: the market tree keeps no vintages")),
        Kind::Arrivals | Kind::Otb | Kind::Targets => None,
    }
}

/// Revisions far from the figures they revise, on stderr as notes; and flows of a new file
/// that the store already holds to the seat, kept once.
fn say_jumps(r: &CommitReport) {
    // Part of a file's flows already stored (feeds that overlap): kept once, which is right
    // for a feed sent again, wrong for a second sales channel's equal seats.
    if r.kind == "bookings" && r.rows_unchanged > 0 && r.rows_added > 0 {
        say!(
            "note: {}: {} of its flows {} already in the store with the same seats (booked_on, travel_date and market): kept once; if they are another sales channel's, add the channels' seats into one row and load that",
            tourstat::output::visible(&r.file),
            thousands(r.rows_unchanged as i64),
            if r.rows_unchanged == 1 { "is" } else { "are" }
        );
    }
    if !r.left_as_they_were.is_empty() {
        let n = r.left_as_they_were.len();
        let shown: Vec<&str> = r.left_as_they_were.iter().take(8).map(String::as_str).collect();
        say!(
            "note: {}: {} of earlier releases {} not in this later file (no row, or marked missing), so {} the latest known: {}{}",
            tourstat::output::visible(&r.file),
            if n == 1 { "a figure" } else { "figures" },
            if n == 1 { "is" } else { "are" },
            if n == 1 { "it stays" } else { "they stay" },
            tourstat::output::visible(&shown.join(", ")),
            if n > shown.len() { format!(" and {} more", n - shown.len()) } else { String::new() }
        );
    }
    for n in &r.said {
        say!("note: {}: {}", tourstat::output::visible(&r.file), tourstat::output::visible(n));
    }
    // Repeats of a later day in a file that adds nothing leave no record (no version is made
    // for them): a release of a day between, loaded after it, could not be told from the latest.
    if let (false, false, Some(n @ 1..)) = (r.committed, r.dry_run, r.rows_repeated) {
        say!(
            "note: {}: {} {} the figure{} of an earlier release under this later day: kept once, with the earlier day, and this file is not recorded; a release of a day between them loaded after it would stand as the latest known without a word: load releases in the order of their days",
            tourstat::output::visible(&r.file),
            thousands(n as i64),
            if n == 1 { "repeats" } else { "repeat" },
            if n == 1 { "" } else { "s" }
        );
    }
    if !r.near_spellings.is_empty() {
        say!(
            "note: {}: markets whose names differ only in punctuation, stored apart (a store without a market tree keeps them so: they may be two series): {}; if they are one market, a new store with a markets file naming one with the other as its alias loaded first (or `tourstat rollback` this ingest, then the markets file, then this file again), or give the file a --market-map",
            tourstat::output::visible(&r.file),
            tourstat::output::visible(&r.near_spellings.join(", "))
        );
    }
    for jump in r.unit_jumps.iter().take(5) {
        say!("note: {}: {}", tourstat::output::visible(&r.file), tourstat::output::visible(jump));
    }
    if r.unit_jumps.len() > 5 {
        say!("note: {}: {} more such figures", tourstat::output::visible(&r.file), r.unit_jumps.len() - 5);
    }
}

/// A market `--add-markets` added whose figures begin the month after those of a market
/// beside it in the tree end, while other markets that began by then go on: the same market
/// renamed (trial 64 M9:
/// "Korea, Rep." to 2024-12 and "South Korea" from 2025-01, each a market with no change),
/// said with the way to join them (`alone`: this file was an ingest of its own, which two
/// rollbacks undo).
fn say_renamed(store: &Path, r: &CommitReport, alone: bool) {
    if r.kind != "arrivals" || r.dry_run || r.markets_added.is_empty() {
        return;
    }
    let store = tourstat::store::Store::open(store);
    let Ok(tree) = store.market_tree() else { return };
    // The tree's markets by their arrivals alone: a market's booking flows run on past its
    // figures (trial 67 M3: the note was not given where the old name had flows).
    let Ok(spans) = tourstat::query::store_info::arrival_spans(&store) else { return };
    let month = |d: NaiveDate| d.year() * 12 + d.month() as i32;
    let added_now = |m: &str| r.markets_added.iter().any(|n| n.name == m);
    // (market, parent, first, last) of each market at the tree's leaves with arrivals.
    let leaves: Vec<(&str, Option<&str>, NaiveDate, NaiveDate)> = tree
        .depth_first()
        .into_iter()
        .map(|(_, m)| m)
        .filter(|m| tree.children(m).is_empty())
        .filter_map(|m| {
            let (first, last) = spans.get(m)?;
            Some((m, tree.get(m).and_then(|n| n.parent.as_deref()), *first, *last))
        })
        .collect();
    // The markets added that begin the month after one beside them ends (added in this file
    // too: trial 69 M3, a history of both names in one file), while another goes on past its
    // end (review 43 M2: a file of a new market alone, after the store's last month, asked
    // about every market beside it), one that began by then (trial 89 M3: Italy and Spain added
    // ahead of the release, each read as the other's "going on" past every sibling's last month,
    // six rename notes).
    let starts_where_ends =
        |added: &str, first: NaiveDate, was: &str, parent: Option<&str>, last: NaiveDate| {
            was != added
                && parent == tree.get(added).and_then(|n| n.parent.as_deref())
                && month(last) + 1 == month(first)
                && leaves
                    .iter()
                    .any(|&(m, _, f, l)| m != was && m != added && f <= last && month(l) >= month(first))
        };
    // Names alike, as summary reads a rename: where one new market's is the old one's, the
    // others are no rename of it (trial 69 M3: Hong Kong, new beside South Korea, offered as
    // "Korea, Rep." renamed).
    let alike = tourstat::query::year_to_date::names_alike;
    let candidates = |was: &str, parent: Option<&str>, last: NaiveDate| -> Vec<&str> {
        leaves
            .iter()
            .filter(|l| added_now(l.0) && starts_where_ends(l.0, l.2, was, parent, last))
            .map(|l| l.0)
            .collect()
    };
    for added in &r.markets_added {
        let Some(&(_, _, first, _)) = leaves.iter().find(|l| l.0 == added.name) else { continue };
        let before = leaves.iter().filter(|&&(m, parent, _, last)| {
            starts_where_ends(&added.name, first, m, parent, last) && {
                let others = candidates(m, parent, last);
                alike(&added.name, m) || !others.iter().any(|o| alike(o, m))
            }
        });
        for &(was, _, _, last) in before {
            let Some(parent) = added.parent.as_deref() else { continue };
            say!(
                "note: {new} (added under {parent}) begins in {first_month} where {was}, under {parent} too, ends in {last_month}: the same market renamed? Each is then a market with no change; to join them, give {new} as an alias of {was} (a markets file `market,parent,aliases` with the line `{was_csv},{parent_csv},{new_csv}`) and load this file again{undo}",
                new = tourstat::output::visible(&added.name),
                was = tourstat::output::visible(was),
                first_month = first.format("%Y-%m"),
                last_month = last.format("%Y-%m"),
                was_csv = csv_field(was),
                parent_csv = csv_field(parent),
                new_csv = csv_field(&added.name),
                // A rollback undoes the last ingest (review 43 M3: with --each, another file's).
                undo = match alone {
                    true => ": `tourstat rollback arrivals` and `tourstat rollback markets` undo this ingest",
                    false => " on its own (a rollback undoes the last ingest only: `tourstat history` lists the ingests)",
                },
            );
        }
    }
}

/// A value as a CSV field (quoted where it holds a comma or a quote).
fn csv_field(value: &str) -> String {
    match value.contains([',', '"']) {
        true => format!("\"{}\"", value.replace('"', "\"\"")),
        false => tourstat::output::visible(value),
    }
}

/// Targets for a year a fiftieth of their market's arrivals the year before, or fifty times
/// them (another unit?), on stderr as notes. The targets are in: a store that cannot be read
/// for arrivals here leaves the check unsaid, and says so.
fn say_target_scale(store: &Path, r: &CommitReport) {
    if r.targets_added.is_empty() {
        return;
    }
    let store = tourstat::store::Store::open(store);
    let notes = store
        .market_tree()
        .and_then(|tree| tourstat::query::year_to_date::target_scale_notes(&store, &tree, &r.targets_added));
    let file = tourstat::output::visible(&r.file);
    match notes {
        Ok(notes) => {
            // A revision said already as far from the target it revises: said once.
            let said = |n: &String| {
                let of = n.split_once(": ").map_or("", |(m, _)| m);
                r.unit_jumps.iter().any(|j| j.split_once(": ").is_some_and(|(m, _)| m == of))
            };
            let notes: Vec<&String> = notes.iter().filter(|n| !said(n)).collect();
            for n in notes.iter().take(5) {
                say!("note: {file}: {}", tourstat::output::visible(n));
            }
            if notes.len() > 5 {
                say!("note: {file}: {} more targets as far from their market's arrivals", notes.len() - 5);
            }
        }
        Err(e) => say!("note: {file}: the targets were not set beside the arrivals: {e}"),
    }
}

/// One file's lines of the ingest report.
fn outcome(r: &CommitReport) -> String {
    let line = outcome_line(r);
    if r.markets_added.is_empty() {
        return line;
    }
    let shown: Vec<String> = r
        .markets_added
        .iter()
        .take(8)
        .map(|n| match &n.parent {
            Some(p) => format!("{} (under {p})", n.name),
            None => format!("{} (the root)", n.name),
        })
        .collect();
    let more = r.markets_added.len().saturating_sub(shown.len());
    // Groups the file's sums made (a row whose figures are the sums of the rows under it): a
    // country whose figures equal two others' by chance would be one, so each is named.
    let root = r.markets_added.iter().find(|n| n.parent.is_none()).map(|n| n.name.as_str());
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for n in &r.markets_added {
        let Some(p) = n.parent.as_deref().filter(|p| Some(*p) != root) else { continue };
        if !r.markets_added.iter().any(|g| g.name == p) {
            continue;
        }
        match groups.iter_mut().find(|(g, _)| g == p) {
            Some((_, members)) => members.push(&n.name),
            None => groups.push((p.to_string(), vec![&n.name])),
        }
    }
    let groups: String = groups
        .iter()
        .map(|(g, members)| {
            format!(
                "\nnote: {g} is taken for a group of {}: its figures in the file are {}; if it is a market of its own, a markets file with them beside it (`tourstat ingest markets FILE --replace`) says so",
                if members.len() > 8 {
                    format!("{} and {} more", members[..8].join(", "), members.len() - 8)
                } else {
                    members.join(", ")
                },
                match (r.groups_overlapping.contains(g), members.as_slice()) {
                    (false, _) => "their sums".to_string(),
                    (true, [one]) => format!("within 1% of {one}'s in every period (in its Total measure, where it has one)"),
                    (true, _) => "in every period at least the largest of theirs, and between half their sum and their sum and a twentieth (in its Total measure, where it has one: counts that overlap, as trips to two of them counted once)".to_string(),
                }
            )
        })
        .collect();
    format!(
        "{line}\n{} {} {} the market tree: {}{}{groups}",
        r.markets_added.len(),
        if r.markets_added.len() == 1 { "market" } else { "markets" },
        if r.dry_run { "would be added to" } else { "added to" },
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more (`tourstat markets` lists the tree)")
        } else {
            String::new()
        }
    )
}

fn outcome_line(r: &CommitReport) -> String {
    if let Some(v) = r.already_ingested_as {
        let vintage = match &r.already_ingested_vintage {
            Some(d) => format!(
                ", its figures as of {d}; --as-of with another day stores them again as that day's, over any revised since"
            ),
            None => String::new(),
        };
        return format!("{}: already ingested (as {} version {v}{vintage}); nothing to do", r.file, r.kind);
    }
    let rows = |n: u64, what: &str| format!("{} {what}", thousands(n as i64));
    let what = format!(
        "{}: {} read, {} added{}, {} unchanged{}",
        r.file,
        rows(r.rows_read, if r.rows_read == 1 { "row" } else { "rows" }),
        thousands(r.rows_added as i64),
        if r.rows_older_vintage > 0 {
            format!(
                " ({} of them older vintages than the store holds for their period ({}): kept as history; answers use the later one, or --as-of)",
                thousands(r.rows_older_vintage as i64),
                tourstat::output::visible(&match r.older_vintage_markets.len() {
                    n @ 6.. => format!("{} and {} more", r.older_vintage_markets[..5].join(", "), n - 5),
                    _ => r.older_vintage_markets.join(", "),
                })
            )
        } else {
            String::new()
        },
        thousands(r.rows_unchanged as i64),
        [
            (r.rows_replaced, "replaced"),
            (r.rows_missing, "marked missing in the file (not stored, never 0)"),
            (r.rows_passed_over, "below a series' declared length passed over (inspect lists them)"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!(", {} {what}", thousands(*n as i64)))
        .collect::<String>()
    );
    if r.dry_run {
        format!("{what} (dry run: nothing written)")
    } else if r.committed {
        format!("{what} -> {} version {}", r.kind, r.version)
    } else if r.kind == "bookings" {
        // Every flow equal to a stored one: a feed sent again, or a second sales channel's
        // equal seats, which would be lost without a word.
        format!("{what}; the store already holds all of it, to the seat: kept once (a feed sent again); if they are another sales channel's, add the channels' seats into one row and load that")
    } else {
        format!("{what}; the store already holds all of it")
    }
}
