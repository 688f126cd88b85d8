//! Turning the rows of a canonical CSV file into the stored columns of its kind, with every
//! problem of the file collected and named by line, value and what was expected.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::NaiveDate;
use polars::prelude::*;

use super::read::{
    parse_percent, read_figure, read_records, read_the_other_way, Axis, ColumnName, CountError, Layout,
    NumberStyle, Unit, DECIMAL_NEEDS_UNIT,
};
use crate::error::{Error, PolarsContext, Problem, Remedy, Result};
use crate::kind::Kind;
use crate::market::{footnote_free, normalise_name, MarketNode, MarketTree};
use crate::period::{parse_date, Calendar, DateOrder, Period};

/// What a row is read against: the calendar of its years, the market tree, the defaults.
#[derive(Clone)]
pub struct ParseContext<'a> {
    pub calendar: Calendar,
    /// The order of the day and month of dates written with both as numbers (`--date-order`).
    pub date_order: Option<DateOrder>,
    /// How the file writes thousands and decimals.
    pub numbers: NumberStyle,
    /// The year of periods written as a month alone ("January"), from `--year`.
    pub year: Option<i32>,
    /// The unit its figures are in (`--unit`); `None`: not stated (ones, unless a table's title
    /// says otherwise, which is then an error naming the flag).
    pub unit: Option<Unit>,
    pub tree: &'a MarketTree,
    /// Vintage of rows that do not carry their own `as_of`.
    pub as_of: NaiveDate,
    pub source: Option<String>,
    /// The file's own names for tourstat's columns (`--column`).
    pub columns: &'a [ColumnName],
    /// Told of the bytes read.
    pub progress: &'a dyn crate::progress::Progress,
    /// Told what the reader understood of the file (`tourstat inspect`).
    pub seen: Option<&'a std::cell::RefCell<super::inspect::Understanding>>,
    /// One series of a table of several (`--row`, `--column` with a pattern).
    pub pick: Option<&'a super::read::Pick>,
    /// Markets the tree does not know are read as written, to be added to it under this
    /// parent (`--add-markets`), not refused.
    pub add_markets: Option<&'a str>,
    /// Of a sheet with several tables, the one to read: its number from 1 or a word of its
    /// title (`--table`).
    pub table: Option<&'a str>,
    /// Year columns under a title that names a month (`--month`).
    pub month: Option<super::YearColumns>,
    /// What the start periods of series as columns count in (`--frequency`).
    pub frequency: Option<super::Frequency>,
    /// Of a table of several measures for each market and period, the one to load (`--measure`).
    pub measure: Option<&'a str>,
    /// The sheet column the file's first column is (0 for a CSV; a table that starts in column
    /// C of a sheet: 2), for the letters messages name columns by.
    pub first_column: usize,
    /// The file as written separates its columns by semicolons (it is read through a comma
    /// copy): as files whose decimal mark is the comma do.
    pub semicolons: bool,
    /// Names read as a market only by ignoring their punctuation, each once: the name as
    /// written, to the market's spelling it was matched with (none where it is written as
    /// one), to be said.
    pub alike: Option<&'a std::cell::RefCell<HashMap<String, Option<String>>>>,
    /// A flow's negative seats are seats cancelled on its day (`--cancellations`).
    pub cancellations: bool,
}

impl ParseContext<'_> {
    /// A market of a table as the store names it: as written where the store has no tree, or
    /// where `--add-markets` adds the markets the tree lacks; else the tree's name for it, or
    /// the error naming the closest ones.
    pub(super) fn resolve(&self, name: &str) -> std::result::Result<String, String> {
        if self.tree.is_empty() || (self.add_markets.is_some() && self.tree.resolve(name).is_none()) {
            return Ok(normalise_name(footnote_free(name)));
        }
        self.note_alike(name);
        self.tree.resolve(name).map(str::to_string).ok_or_else(|| {
            format!(
                "unknown market \"{}\"{}; the store's market tree has no such market or alias",
                name.trim(),
                self.tree.suggestion(name)
            )
        })
    }
}

impl ParseContext<'_> {
    /// Notes a name the tree reads as a market only by ignoring its punctuation.
    fn note_alike(&self, name: &str) {
        if let Some(alike) = self.alike {
            if !alike.borrow().contains_key(name) {
                let spelling = self.tree.alike_but_for_punctuation(name).map(str::to_string);
                alike.borrow_mut().insert(name.to_string(), spelling);
            }
        }
    }
}

/// What is said of names read as a market only by ignoring their punctuation: one note, or
/// none.
pub(super) fn alike_note(
    alike: &HashMap<String, Option<String>>,
    tree: &MarketTree,
    kind: crate::kind::Kind,
) -> Option<String> {
    let mut read: Vec<String> = alike
        .iter()
        .filter_map(|(written, spelling)| {
            let spelling = spelling.as_deref()?;
            let market = tree.resolve(written)?;
            let by =
                if spelling == market { String::new() } else { format!(" (by its alias \"{spelling}\")") };
            Some(format!("\"{}\" as {market}{by}", written.trim()))
        })
        .collect();
    read.sort();
    let shown = read.len().min(8);
    let more = if read.len() > shown { format!(" and {} more", read.len() - shown) } else { String::new() };
    (!read.is_empty()).then(|| {
        format!(
            "read {}{more}: names alike but for punctuation are one market; if one is another market, take this ingest back with `tourstat rollback {kind}` (the tree cannot keep such spellings apart)",
            read[..shown].join(", ")
        )
    })
}

/// The problem of a figure of a table that did not read: `value_name` (arrivals, target),
/// `of` ("of Japan, 2025-02"), the cell as written, and the number style and unit asked for.
pub(super) fn figure_problem(
    line: u64,
    e: CountError,
    value_name: &str,
    of: &str,
    text: &str,
    numbers: NumberStyle,
    unit: Option<Unit>,
) -> Problem {
    let text = text.trim();
    let (what, markers, why) = match e {
        CountError::Ambiguous => {
            let message = format!("{value_name} \"{text}\" {of} is ambiguous: a thousand with a dot between thousands, or a number with three decimals");
            return Problem { remedy: Some(Remedy::NumberStyle), ..Problem::new(line, message) };
        }
        CountError::Decimal => ("a whole number >= 0", "", DECIMAL_NEEDS_UNIT.to_string()),
        CountError::TooPrecise => return Problem::new(line, too_precise(value_name, text, of)),
        _ => {
            let what = if unit.is_none() { "a whole number >= 0" } else { "a number >= 0" };
            (what, " (na, -, ..)", read_the_other_way(text, numbers, unit))
        }
    };
    let problem = Problem::new(
        line,
        format!("{value_name} {of} must be {what} or a missing marker{markers}, got \"{text}\"{why}"),
    );
    // Read with the other decimal mark: the flag remedies it (trial 61 L1: inspect's command
    // left out the --decimal , each line named).
    match why.contains(" reads it as ") {
        true => Problem { remedy: Some(Remedy::NumberStyle), ..problem },
        false => problem,
    }
}

/// The unit of a number with a magnitude after it, as announcements write them ("17.0m",
/// "850k"; "1.2bn" as millions, 1,200 of them).
fn magnitude_suffix(text: &str) -> Option<Unit> {
    let t = text.trim().to_ascii_lowercase();
    [
        ("million", Unit::Millions),
        ("bn", Unit::Millions),
        ("mn", Unit::Millions),
        ("m", Unit::Millions),
        ("k", Unit::Thousands),
    ]
    .into_iter()
    .find(|(s, _)| {
        t.strip_suffix(s).is_some_and(|n| {
            let n = n.trim().replace(',', "");
            !n.is_empty() && n.parse::<f64>().is_ok_and(|v| v >= 0.0)
        })
    })
    .map(|(_, u)| u)
}

/// A figure with more significant digits than a stored figure holds as written.
fn too_precise(value_name: &str, text: &str, of: &str) -> String {
    let of = of.trim();
    let of = if of.is_empty() { String::new() } else { format!(" {of}") };
    format!(
        "{value_name} \"{}\"{of} has more significant digits than a stored figure keeps (a 64-bit float holds 15 exactly): stored, its last digits would change; round it to 15 significant digits",
        text.trim()
    )
}

/// The rows of one file in the stored columns of its kind.
pub struct Parsed {
    pub frame: DataFrame,
    /// Figures the file marks missing (na, -, .., empty): not stored.
    pub missing: u64,
    /// Values the layout reads past (a series' figures below its declared length): not
    /// stored; `inspect` lists them.
    pub passed_over: u64,
    /// The group each market of a table is a part of, by the sums or a section heading
    /// above it: (market, group), for `--add-markets`.
    pub groups: Vec<(String, String)>,
    /// The groups among them whose members' counts overlap (a state over its regions, a trip
    /// to two of them counted once): their figures are not their members' sums.
    pub overlapping: Vec<String>,
    /// What is said of the file's figures stored as given (a year beside months that add up to
    /// another number).
    pub notes: Vec<String>,
}

impl Parsed {
    /// Figures read with nothing to say of them.
    fn of(frame: DataFrame) -> Parsed {
        Parsed {
            frame,
            missing: 0,
            passed_over: 0,
            groups: Vec::new(),
            overlapping: Vec::new(),
            notes: Vec::new(),
        }
    }
}

pub(crate) fn days(d: NaiveDate) -> i32 {
    (d - NaiveDate::default()).num_days() as i32
}

pub(crate) fn date_column(name: &str, values: Vec<i32>) -> Result<Column> {
    Column::new(name.into(), values).cast(&DataType::Date).context("building a date column")
}

/// Column values of one row, by layout name.
struct Row<'a> {
    fields: &'a [&'a str],
    layout: &'a Layout,
    kind: Kind,
}

impl<'a> Row<'a> {
    /// The trimmed value of a column, `None` when the file lacks it or the cell is empty.
    fn get(&self, name: &str) -> Option<&'a str> {
        let i = self.layout.position(self.kind, name)?;
        let v = self.fields[i].trim();
        (!v.is_empty()).then_some(v)
    }
}

/// Checks of one row: each failing check adds its problem.
struct Checks {
    line: u64,
    problems: Vec<Problem>,
    numbers: NumberStyle,
    unit: Option<Unit>,
    /// A market the tree does not know is read as written (`--add-markets`).
    add_markets: bool,
    /// Negative seats are seats cancelled (`--cancellations`).
    cancellations: bool,
}

impl Checks {
    fn new(line: u64, numbers: NumberStyle, unit: Option<Unit>) -> Checks {
        Checks { line, problems: Vec::new(), numbers, unit, add_markets: false, cancellations: false }
    }

    fn say(&mut self, message: impl Into<String>) {
        self.problems.push(Problem::new(self.line, message));
    }

    fn say_with(&mut self, message: impl Into<String>, remedy: Remedy) {
        self.problems.push(Problem { remedy: Some(remedy), ..Problem::new(self.line, message) });
    }

    /// Names the column `name` of the row in the problems said since the `start`-th.
    fn in_column(&mut self, start: usize, row: &Row, name: &str) {
        if let Some(i) = row.layout.position(row.kind, name) {
            for p in &mut self.problems[start..] {
                p.column = p.column.or(Some(i));
            }
        }
    }

    fn required<'a>(&mut self, row: &Row<'a>, name: &str) -> Option<&'a str> {
        let v = row.get(name);
        if v.is_none() {
            let start = self.problems.len();
            self.say(format!("{name} is empty"));
            self.in_column(start, row, name);
        }
        v
    }

    /// A count of seats: a whole number >= 0; below 0 too where seats cancelled are read as
    /// such (`--cancellations`).
    fn count(&mut self, row: &Row, name: &str, market: &str) -> Option<i64> {
        let start = self.problems.len();
        let cancelled = row.get(name).and_then(|t| t.trim().strip_prefix('-')).filter(|_| self.cancellations);
        let v = match cancelled {
            Some(rest) => self.number_of(rest.trim_start(), name, market, true).map(|v| -v),
            None => self.number_in(row, name, market, true),
        };
        self.in_column(start, row, name);
        v.map(|v| v as i64)
    }

    /// A figure of arrivals or a target: a number >= 0, decimals kept.
    fn figure(&mut self, row: &Row, name: &str, market: &str) -> Option<f64> {
        let start = self.problems.len();
        let v = self.number_in(row, name, market, false);
        self.in_column(start, row, name);
        v
    }

    fn number_in(&mut self, row: &Row, name: &str, market: &str, whole: bool) -> Option<f64> {
        let Some(text) = row.get(name) else {
            self.say(format!(
                "{name} is empty; in a long file a figure not published is a row left out, never 0"
            ));
            return None;
        };
        self.number_of(text, name, market, whole)
    }

    fn number_of(&mut self, text: &str, name: &str, market: &str, whole: bool) -> Option<f64> {
        let of_market = if market.is_empty() { String::new() } else { format!(" (market \"{market}\")") };
        let read = if whole {
            // Seats published in thousands come to whole seats.
            // "1,000" with the comma the decimal mark and no unit: ambiguous, never 1 seat.
            read_figure(text, self.numbers, self.unit.filter(|u| *u != Unit::Ones))
                .map_err(|e| if e == CountError::Decimal { CountError::Invalid } else { e })
                .and_then(|v| if v.fract() == 0.0 { Ok(v) } else { Err(CountError::Invalid) })
        } else {
            read_figure(text, self.numbers, self.unit)
        };
        match read {
            Ok(v) => Some(v),
            Err(CountError::Ambiguous) => {
                self.say_with(
                    format!(
                        "{name} \"{text}\" is ambiguous{of_market}: a thousand with a dot between thousands, or a number with three decimals"
                    ),
                    Remedy::NumberStyle,
                );
                None
            }
            Err(CountError::TooLarge) => {
                self.say(format!("{name} \"{text}\" is too large for a count{of_market}"));
                None
            }
            Err(CountError::TooPrecise) => {
                self.say(too_precise(name, text, &of_market));
                None
            }
            Err(CountError::Decimal) => {
                self.say(format!(
                    "{name} must be a whole number >= 0, got \"{text}\"{of_market}{DECIMAL_NEEDS_UNIT}"
                ));
                None
            }
            Err(CountError::Invalid) => {
                // Say what a publisher's marker or status letter means in the long layout.
                let cancelled = name == "seats" && text.trim_start().starts_with('-') && !self.cancellations;
                let why = if cancelled {
                    "; seats cancelled on that day? (--cancellations, below)"
                } else if super::wide::missing(text) {
                    "; in a long file a figure not published is a row left out"
                } else if super::wide::value_and_status(text).1.is_some() {
                    "; a status letter goes in the status column (A, P, E, F)"
                } else if let Some(unit) = magnitude_suffix(text) {
                    // Trial 40 #8: "17.0m", as targets are announced.
                    match unit {
                        Unit::Thousands => "; a figure is written in full (850,000), or the file's figures in thousands with --unit thousands (850)",
                        _ => "; a figure is written in full (17,000,000), or the file's figures in millions with --unit millions (17.0)",
                    }
                } else {
                    ""
                };
                let what = match self.unit {
                    Some(u) if whole && u != Unit::Ones => {
                        format!("a number >= 0 of {} that comes to whole seats", u.as_str())
                    }
                    Some(_) if !whole => "a number >= 0".to_string(),
                    _ => "a whole number >= 0".to_string(),
                };
                let other_way = if why.is_empty() && !whole {
                    read_the_other_way(text, self.numbers, self.unit)
                } else {
                    String::new()
                };
                let message = format!("{name} must be {what}, got \"{text}\"{of_market}{why}{other_way}");
                // Read with the other decimal mark: the flag remedies it, which inspect's
                // command gives (trial 87 L3: each line said --decimal , and the command left
                // it out).
                match (cancelled, other_way.is_empty()) {
                    (true, _) => self.say_with(message, Remedy::Cancellations),
                    (false, false) => self.say_with(message, Remedy::NumberStyle),
                    (false, true) => self.say(message),
                }
                None
            }
        }
    }

    fn optional_count(&mut self, row: &Row, name: &str, market: &str) -> Option<i64> {
        row.get(name)?;
        self.count(row, name, market)
    }

    fn date(&mut self, row: &Row, name: &str, dates: Dates) -> Option<NaiveDate> {
        let text = self.required(row, name)?;
        let start = self.problems.len();
        let v = match dates.ordered(text) {
            Some(read) => self.check(read.map_err(|e| format!("{name}: {e}"))),
            None => self.check(parse_date(text, dates.calendar).map_err(|e| format!("{name}: {e}"))),
        };
        self.in_column(start, row, name);
        v
    }

    fn period(&mut self, row: &Row, name: &str, dates: Dates) -> Option<Period> {
        let text = self.required(row, name)?;
        let start = self.problems.len();
        if let Some(read) = dates.ordered(text) {
            let v = self.check(read.map(Period::Day).map_err(|e| format!("{name}: {e}")));
            self.in_column(start, row, name);
            return v;
        }
        let calendar = dates.calendar;
        // A label as tables write them ("January 2025", "Jan-25", "Q1 2025"), as the wide
        // layouts read it; a status stuck to it ("2022P") belongs in the status column.
        let label = |e: String| match Period::parse_label(text, calendar) {
            Ok((p, None)) => Ok(p),
            Ok((_, Some(_))) => {
                Err(format!("{e}; a status after the period (\"{text}\") is given in the status column"))
            }
            Err(_) => Err(e),
        };
        let v = self.check(Period::parse(text, calendar).or_else(label).map_err(|e| {
            // Years that read only in Common Era, asked in Buddhist Era: the flag is the slip.
            if calendar == Calendar::Be && Period::parse(text, Calendar::Ce).is_ok() {
                format!("{name}: \"{text}\" reads only as a Common Era period (with --calendar be its year would be {} years earlier): leave out --calendar be", crate::period::BE_OFFSET)
            } else {
                format!("{name}: {e}")
            }
        }));
        self.in_column(start, row, name);
        v
    }

    fn market(&mut self, row: &Row, ctx: &ParseContext) -> Option<String> {
        let text = self.required(row, "market")?;
        let tree = ctx.tree;
        if tree.is_empty() {
            return Some(normalise_name(footnote_free(text)));
        }
        ctx.note_alike(text);
        let found = tree.resolve(text).map(str::to_string);
        if found.is_none() && self.add_markets {
            return Some(normalise_name(footnote_free(text)));
        }
        if found.is_none() {
            let start = self.problems.len();
            self.say(format!(
                "unknown market \"{text}\"{}; the store's market tree has no such market or alias (add it with `tourstat ingest markets`, or the file's new markets under a group with --add-markets GROUP, or give a publisher's spelling its market with --market-map)",
                tree.suggestion(text)
            ));
            self.in_column(start, row, "market");
        }
        found
    }

    fn check<T>(&mut self, r: std::result::Result<T, String>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            // A date in one order alone: the flag that reads the file so.
            Err(m) if m.ends_with(DAY_FIRST_ONLY) => {
                self.say_with(m, Remedy::DateOrder(DateOrder::DayFirst));
                None
            }
            Err(m) if m.ends_with(MONTH_FIRST_ONLY) => {
                self.say_with(m, Remedy::DateOrder(DateOrder::MonthFirst));
                None
            }
            // Period::parse's own words for a year too far ahead to be CE.
            Err(m) if m.contains("a Buddhist Era year?") => {
                self.say_with(m, Remedy::BuddhistEra);
                None
            }
            Err(m) => {
                self.say(m);
                None
            }
        }
    }
}

/// How a file writes its dates: the calendar of its years, and the order of the day and month
/// where both are numbers (`05/03/2025`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Dates {
    calendar: Calendar,
    order: Option<DateOrder>,
}

const DAY_FIRST_ONLY: &str = "reads only day first: --date-order dmy";
const MONTH_FIRST_ONLY: &str = "reads only month first: --date-order mdy";

impl Dates {
    /// A date written with its day and month as numbers, read in the order given; where none
    /// was given, the problem, naming the orders it reads in (never a guess: 05/03/2025 is
    /// March 5th or May 3rd). `None`: not a date written so.
    fn ordered(self, text: &str) -> Option<std::result::Result<NaiveDate, String>> {
        if let Some(order) = self.order {
            return order.read(text, self.calendar);
        }
        let readings = DateOrder::readings(text);
        let in_order = |o: DateOrder| {
            o.read(text, self.calendar).and_then(|r| r.ok()).map_or(String::new(), |d| d.to_string())
        };
        // The day the month (02/02/2025): one date either way.
        if readings.len() == 2 && in_order(DateOrder::DayFirst) == in_order(DateOrder::MonthFirst) {
            return DateOrder::DayFirst.read(text, self.calendar);
        }
        let t = text.trim();
        Some(Err(match readings.as_slice() {
            [] => return None,
            [DateOrder::DayFirst] => format!(
                "\"{t}\" is {} day first and no date month first; it {DAY_FIRST_ONLY}",
                in_order(DateOrder::DayFirst)
            ),
            [DateOrder::MonthFirst] => format!(
                "\"{t}\" is {} month first and no date day first; it {MONTH_FIRST_ONLY}",
                in_order(DateOrder::MonthFirst)
            ),
            _ => format!(
                "\"{t}\" is {} day first or {} month first: say which, --date-order dmy or --date-order mdy",
                in_order(DateOrder::DayFirst),
                in_order(DateOrder::MonthFirst)
            ),
        }))
    }
}

impl ParseContext<'_> {
    pub(super) fn dates(&self) -> Dates {
        Dates { calendar: self.calendar, order: self.date_order }
    }
}

/// Remembers the first line of each key, to report duplicates within a file.
pub(super) struct Duplicates<K> {
    first_line: HashMap<K, u64>,
}

impl<K: std::hash::Hash + Eq> Duplicates<K> {
    fn new() -> Self {
        Duplicates { first_line: HashMap::new() }
    }

    fn check(&mut self, key: K, line: u64, what: impl FnOnce() -> String) -> Option<String> {
        match self.first_line.get(&key) {
            Some(first) => Some(format!("duplicate {} (first on line {first})", what())),
            None => {
                self.first_line.insert(key, line);
                None
            }
        }
    }
}

pub(super) fn finish(label: &str, problems: Vec<Problem>) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    let total = problems.len();
    Err(Error::Invalid { file: label.to_string(), problems, total })
}

/// Reads and validates a file of any kind.
pub fn parse_file(path: &Path, label: &str, kind: Kind, ctx: &ParseContext) -> Result<Parsed> {
    // A flag that would change nothing is refused: the user meant something by it.
    if let (Some(year), Kind::Markets | Kind::Bookings | Kind::Otb) = (ctx.year, kind) {
        return Err(Error::invalid_file(
            label,
            format!("--year {} is for tables of arrivals or targets whose months are written without their year (\"January\"); {} file has no such periods: leave it out", ctx.calendar.written(year), kind.with_article()),
        ));
    }
    if let (Some(m), Kind::Markets | Kind::Bookings | Kind::Otb) = (ctx.month, kind) {
        return Err(Error::invalid_file(
            label,
            format!("--month {m} is for tables of arrivals or targets whose columns are years under a title that names a month; {} file has none: leave it out", kind.with_article()),
        ));
    }
    if let (Some(t), Kind::Markets | Kind::Bookings | Kind::Otb) = (ctx.table, kind) {
        return Err(Error::invalid_file(
            label,
            format!("--table {t} picks one of the tables of arrivals or targets in a sheet; {} file has none: leave it out", kind.with_article()),
        ));
    }
    if let (Some(p), Kind::Markets | Kind::Bookings | Kind::Otb) = (ctx.pick, kind) {
        let flag = p.flag();
        return Err(Error::invalid_file(
            label,
            format!("{flag} picks one series of a table of arrivals or targets; {} file has none: leave {flag} out", kind.with_article()),
        ));
    }
    match kind {
        Kind::Markets => parse_markets(path, label, ctx),
        Kind::Arrivals | Kind::Targets => parse_period_figures(path, label, kind, ctx),
        Kind::Bookings => parse_bookings(path, label, ctx),
        Kind::Otb => parse_otb(path, label, ctx),
    }
}

fn parse_markets(path: &Path, label: &str, ctx: &ParseContext) -> Result<Parsed> {
    let kind = Kind::Markets;
    let mut nodes = Vec::new();
    let mut lines: HashMap<String, u64> = HashMap::new();
    let mut dups = Duplicates::new();
    let (_, mut problems, _) =
        read_records(path, label, kind, ctx.columns, ctx.progress, |line, fields, layout| {
            let row = Row { fields, layout, kind };
            let mut c = Checks::new(line, ctx.numbers, ctx.unit);
            if let Some(market) = c.required(&row, "market").map(normalise_name) {
                if let Some(m) = dups.check(market.to_lowercase(), line, || format!("market \"{market}\"")) {
                    c.say(m);
                }
                let aliases = row
                    .get("aliases")
                    .map(|a| a.split([';', '|']).map(normalise_name).filter(|s| !s.is_empty()).collect())
                    .unwrap_or_default();
                lines.entry(market.to_lowercase()).or_insert(line);
                nodes.push(MarketNode {
                    name: market,
                    parent: row.get("parent").map(normalise_name),
                    aliases,
                });
            }
            c.problems
        })?;
    // The tree as it will be, the store's markets and the file's together: every problem of
    // its shape (a parent that is nowhere, a cycle, a name or alias used twice) on the line of
    // the file that makes it.
    // An alias that is already another market of the store's tree would fold that market, and
    // the figures stored under its name, into this one: the tree cannot (its figures keep the
    // name they were stored with). Said with what works, where the general message's advice
    // (give the new name as an alias) is what the file did.
    let mut folded: Vec<String> = Vec::new();
    for node in &nodes {
        for alias in &node.aliases {
            let Some(other) = ctx
                .tree
                .get(alias)
                .filter(|o| o.name != node.name && ctx.tree.resolve(&node.name) != Some(&o.name))
            else {
                continue;
            };
            let line = lines.get(&node.name.to_lowercase()).copied().unwrap_or(0);
            folded.extend([node.name.clone(), other.name.clone()]);
            problems.push(Problem::new(
                line,
                format!(
                    "\"{0}\" takes \"{alias}\" as an alias, but \"{1}\" is a market of the store's tree already, and a market's figures keep the name they were stored under: the tree cannot make one market of two. To make them one: export every kind the store holds (`tourstat export markets -o markets.csv`, `tourstat export arrivals -o arrivals.csv`, and bookings, otb and targets alike), in markets.csv give \"{0}\" the alias in place of the market \"{1}\", and ingest the files into a new store (--store), markets first: the alias then gives \"{1}\"'s figures to \"{0}\"",
                    node.name, other.name
                ),
            ));
        }
    }
    let (merged, _) = ctx.tree.merge(&nodes);
    for (i, message) in MarketTree::problems(&merged) {
        let line = lines.get(&merged[i].name.to_lowercase()).copied().unwrap_or(0);
        if folded.contains(&merged[i].name) {
            continue;
        }
        if !problems.iter().any(|p| p.line == line && p.message.starts_with("duplicate market")) {
            problems.push(Problem::new(line, message));
        }
    }
    problems.sort_by_key(|p| p.line);
    finish(label, problems)?;
    let frame = crate::store::markets_frame(&nodes)?;
    Ok(Parsed::of(frame))
}

const STATUSES: [&str; 4] = ["A", "P", "E", "F"];

/// Arrivals and targets: a count for a market and a period, with a vintage.
/// Figures of a market and a period (arrivals, targets) as they are read, then as the store's
/// columns. Duplicates (market, period, vintage) within the file are problems.
pub(super) struct FigureRows {
    kind: Kind,
    /// The line each figure was read on.
    line: Vec<u64>,
    market: Vec<String>,
    period: Vec<String>,
    gran: Vec<&'static str>,
    start: Vec<i32>,
    end: Vec<i32>,
    value: Vec<f64>,
    status: Vec<String>,
    as_of: Vec<i32>,
    source: Vec<Option<String>>,
    dups: Duplicates<(String, Period, NaiveDate)>,
    /// The value each key was first read with, to name both where it comes again.
    first_value: HashMap<(String, Period, NaiveDate), f64>,
    /// Each market's first spelling by its lower case: without a tree to resolve names,
    /// "CHINA" under "China" in one file is the same market, never a second one (punctuation
    /// is kept apart: a publisher's "New..Zealand" may be another series than "New Zealand").
    spelling: HashMap<String, String>,
    /// Figures marked missing in the file, passed over.
    pub(super) missing: u64,
}

impl FigureRows {
    pub(super) fn new(kind: Kind) -> FigureRows {
        FigureRows {
            kind,
            line: Vec::new(),
            market: Vec::new(),
            period: Vec::new(),
            gran: Vec::new(),
            start: Vec::new(),
            end: Vec::new(),
            value: Vec::new(),
            status: Vec::new(),
            as_of: Vec::new(),
            source: Vec::new(),
            dups: Duplicates::new(),
            first_value: HashMap::new(),
            spelling: HashMap::new(),
            missing: 0,
        }
    }

    /// Adds one figure read on `line`; a duplicate is returned as its problem.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn push(
        &mut self,
        line: u64,
        market: String,
        period: Period,
        value: f64,
        status: String,
        as_of: NaiveDate,
        source: Option<String>,
    ) -> Option<String> {
        let market = self.spelling.entry(market.to_lowercase()).or_insert(market).clone();
        let key = (market.clone(), period, as_of);
        let first = *self.first_value.entry(key.clone()).or_insert(value);
        let what = || {
            let values = if first == value {
                format!("the same value, {}", crate::output::figure(value))
            } else {
                format!("{} here, {} there", crate::output::figure(value), crate::output::figure(first))
            };
            format!("figure for market \"{market}\", period {period}, vintage {as_of}: {values}")
        };
        let duplicate = self.dups.check(key, line, what);
        // Arrivals of a period not over on the day they were known are a part of it (a year
        // to date, a typo's year) or a forecast, never the period's figure: a year's, a half's
        // or a quarter's. A month's figure known before its end is let be (a month's first
        // weeks, as a flash estimate gives them); one of a month not begun is none (trial 46
        // F1: a Year cell typed 2026 for 2025 stored a year to come, and summary answered for
        // it; it had been let be up to a year ahead).
        let counted = self.kind == Kind::Arrivals && !matches!(status.as_str(), "F" | "E");
        let unended = if counted && period.start() > as_of {
            Some(format!(
                "arrivals of {market} for {period} with the vintage {as_of}, before {period} began: no arrivals of a period to come are known; a year mistyped (2026 for 2025)? give the day they were published (as_of, or --as-of), or status F (forecast) or E (estimate)"
            ))
        } else if counted && !matches!(period, Period::Month { .. }) && period.end() > as_of {
            Some(format!(
                "arrivals of {market} for {period} with the vintage {as_of}, before {period} ended ({}): a figure known then is a part of it (a year to date?) or a forecast; give the day it was published (as_of, or --as-of), status F (forecast) or E (estimate), or the months it covers",
                period.end()
            ))
        } else {
            None
        };
        // A 0 for a month not begun on the day it was known: a month to come, filled with 0 in a
        // spreadsheet, which would count as a month of no arrivals.
        // A forecast (F) or an estimate (E) is of a month to come by its status: no placeholder.
        let to_come = (self.kind == Kind::Arrivals
            && value == 0.0
            && period.start() > as_of
            && !matches!(status.as_str(), "F" | "E"))
        .then(|| {
            format!(
                "arrivals of {market} for {period} are 0 with the vintage {as_of}, before {period} began: a month to come written as 0? leave it empty (or na); a month that had no arrivals is known once it has begun (give the day it was published: as_of, or --as-of)"
            )
        });
        // A target of 0 gives nothing to track against: a target not set is a row left out.
        let no_target = (self.kind == Kind::Targets && value == 0.0).then(|| {
            format!("a target of 0 for {market}, {period}: nothing to track against; a target not set is left out (or na)")
        });
        self.line.push(line);
        self.period.push(period.to_string());
        self.gran.push(period.granularity().as_str());
        self.start.push(days(period.start()));
        self.end.push(days(period.end()));
        self.market.push(market);
        self.value.push(value);
        self.status.push(status);
        self.as_of.push(days(as_of));
        self.source.push(source);
        duplicate.or(to_come).or(unended).or(no_target)
    }

    pub(super) fn is_empty(&self) -> bool {
        self.market.is_empty()
    }

    /// Figures of a period that spans others of the file's for the same market and vintage (a
    /// year beside its months), unlike them beyond the rounding the figures show, said (trial
    /// 45 L7: a long file's year of 900 beside its months of 1,100 was stored without a word).
    /// Both are stored, as publishers give them (a year revised, its months not): the analyses
    /// count the months and say the difference.
    pub(super) fn spans_unlike_their_parts(&self) -> Vec<String> {
        let mut by_series: HashMap<(&str, i32), Vec<usize>> = HashMap::new();
        for i in 0..self.market.len() {
            by_series.entry((&self.market[i], self.as_of[i])).or_default().push(i);
        }
        let step = super::wide::step_of(self.value.iter().copied(), 1.0);
        let inside = |o: usize, i: usize| {
            (self.start[i], self.end[i]) != (self.start[o], self.end[o])
                && self.start[o] <= self.start[i]
                && self.end[i] <= self.end[o]
        };
        let mut unlike: Vec<(u64, String)> = Vec::new();
        for series in by_series.values_mut().filter(|s| s.len() > 1) {
            // By start: the periods inside one start within it, a run of the series.
            series.sort_by_key(|&i| self.start[i]);
            let starts: Vec<i32> = series.iter().map(|&i| self.start[i]).collect();
            for &o in series.iter() {
                let from = starts.partition_point(|&d| d < self.start[o]);
                let to = starts.partition_point(|&d| d <= self.end[o]);
                let within: Vec<usize> = series[from..to].iter().copied().filter(|&i| inside(o, i)).collect();
                let parts: Vec<(f64, i64)> = within
                    .iter()
                    .filter(|&&i| !within.iter().any(|&x| inside(i, x)))
                    .map(|&i| (self.value[i], i64::from(self.end[i] - self.start[i]) + 1))
                    .collect();
                if parts.is_empty() {
                    continue;
                }
                let days = i64::from(self.end[o] - self.start[o]) + 1;
                let shown = super::wide::PartsShown::of(days, &parts, step);
                let sum: f64 = parts.iter().map(|(v, _)| v).sum();
                if let Some(m) = shown.contradiction_of(self.value[o], "figure", "leave it out") {
                    let v = crate::output::figure(self.value[o]);
                    let m = m
                        .replace("given", "in the file")
                        .replace(": which is right?", "")
                        .replace(&sum.to_string(), &crate::output::figure(sum));
                    unlike.push((
                        self.line[o],
                        format!(
                            "line {}: {} of {} is {v}, {m}",
                            self.line[o], self.period[o], self.market[o]
                        ),
                    ));
                }
            }
        }
        unlike.sort();
        let n = unlike.len();
        let mut notes: Vec<String> = unlike.into_iter().take(5).map(|(_, m)| m).collect();
        if n > 5 {
            notes.push(format!("{} more figures unlike the periods inside them", n - 5));
        }
        if n > 0 {
            notes.push(format!(
                "{} stored as given; where a period's own figure and its parts differ, the analyses count the parts and say the difference",
                if n == 1 { "it is" } else { "they are" }
            ));
        }
        notes
    }

    pub(super) fn into_parsed(self) -> Result<Parsed> {
        let value_name = if self.kind == Kind::Arrivals { "arrivals" } else { "target" };
        let mut columns = vec![
            Column::new("market".into(), self.market),
            Column::new("period".into(), self.period),
            Column::new("granularity".into(), self.gran),
            date_column("period_start", self.start)?,
            date_column("period_end", self.end)?,
            Column::new(value_name.into(), self.value),
        ];
        if self.kind == Kind::Arrivals {
            columns.push(Column::new("status".into(), self.status));
        }
        columns.push(date_column("as_of", self.as_of)?);
        columns.push(Column::new("source".into(), self.source));
        let frame = DataFrame::new_infer_height(columns).context("building the figures")?;
        Ok(Parsed { missing: self.missing, ..Parsed::of(frame) })
    }
}

fn parse_period_figures(path: &Path, label: &str, kind: Kind, ctx: &ParseContext) -> Result<Parsed> {
    let value_name = if kind == Kind::Arrivals { "arrivals" } else { "target" };
    let vintage_name = if kind == Kind::Arrivals { "as_of" } else { "announced_on" };
    let mut rows = FigureRows::new(kind);
    let mut witness = super::read::MarkWitness::default();
    witness.semicolons = ctx.semicolons;
    // Whether the file's header is the canonical one: the file's, so read at its first row.
    let canonical_header = std::cell::OnceCell::new();
    // A total line closing the file ("TOTAL,,2278698"): no market's figure, passed over and
    // checked against the rows (trial 60 L2: the whole file was refused for it).
    let mut totals: Vec<(u64, String, String)> = Vec::new();
    // Of SDMX-CSV, the other statuses of its code list read as one of ours: per code, the
    // rows and the first (line, market, period).
    let mut read_as: BTreeMap<String, (u64, u64, String, String)> = BTreeMap::new();
    // Whether the status is Eurostat's `OBS_FLAG` (its letters are not all SDMX's).
    let mut flags = false;
    // SDMX's first UNIT_MULT and its line, and whether a second was said.
    let mut first_mult: Option<(String, u64, bool)> = None;
    let read = read_records(path, label, kind, ctx.columns, ctx.progress, |line, fields, layout| {
        let row = Row { fields, layout, kind };
        // (A total word with no period, or in the period's place: the tree's "Total" too.)
        let total_word = |t: &str| super::wide::is_total(t);
        let (market_cell, period_cell) =
            (row.get("market").unwrap_or_default(), row.get("period").unwrap_or_default());
        if (total_word(market_cell) && (period_cell.is_empty() || total_word(period_cell)))
            || (market_cell.is_empty() && total_word(period_cell))
        {
            let word = if market_cell.is_empty() { period_cell } else { market_cell };
            totals.push((line, word.to_string(), row.get(value_name).unwrap_or_default().to_string()));
            return Vec::new();
        }
        // The canonical layout as `export` writes it, every column in order: its figures are
        // in ones, the point their decimal mark, where the flags say nothing else.
        // And tourstat's own SDMX-CSV (review 57 M1: its decimals were refused as needing
        // --unit, and `--unit thousands`, the first way offered, stored them 1000 times over).
        let canonical = *canonical_header.get_or_init(|| {
            let own_sdmx = layout
                .header
                .iter()
                .position(|h| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case("dataflow"))
                .and_then(|i| fields.get(i))
                .is_some_and(|v| v.trim().starts_with("TOURSTAT:"));
            ctx.unit.is_none()
                && ctx.numbers == NumberStyle::Auto
                && (own_sdmx
                    || layout.header.len() == kind.export_columns().len()
                        && layout
                            .header
                            .iter()
                            .zip(kind.export_columns())
                            .all(|(h, c)| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case(c)))
        });
        // Export writes no decimal with a 0 last ("125.000", "12.500" are a person's, where the
        // point may group thousands): such a figure is read as any file's.
        let padded = row.get(value_name).is_some_and(|v| v.contains('.') && v.trim().ends_with('0'));
        let (numbers, unit) = match (canonical, padded) {
            (true, false) => (NumberStyle::DecimalPoint, Some(Unit::Ones)),
            (true, true) => (ctx.numbers, Some(Unit::Ones)),
            (false, _) => (ctx.numbers, ctx.unit),
        };
        // SDMX-CSV writes OBS_VALUE with the point as its decimal mark, always (trial 84 L4:
        // an agency's 316.802 in thousands refused as ambiguous, `--thousands .` offered first,
        // which with the unit would store 316,802,000).
        // Only of a file separated by commas, as SDMX-CSV is, and a value with no comma: one
        // separated by semicolons may write its decimals with a comma (review 75 H1: "316,802"
        // read with the point as decimal mark, the comma grouping thousands, and stored
        // 316,802,000 in thousands).
        let sdmx = layout.header.iter().any(|h| h.trim().eq_ignore_ascii_case("obs_value"));
        flags = sdmx
            && layout.header.iter().any(|h| h.trim().eq_ignore_ascii_case("obs_flag"))
            && !layout.header.iter().any(|h| h.trim().eq_ignore_ascii_case("obs_status"));
        let point = sdmx
            && !ctx.semicolons
            && numbers == NumberStyle::Auto
            && row.get(value_name).is_some_and(|v| !v.contains(','));
        let numbers = if point { NumberStyle::DecimalPoint } else { numbers };
        let mut c = Checks::new(line, numbers, unit);
        c.add_markets = ctx.add_markets.is_some();
        let m = c.market(&row, ctx);
        let p = c.period(&row, "period", ctx.dates());
        // SDMX's UNIT_MULT (figures in 10^n), read or passed over: the unit must be given.
        if let Some(given) = layout
            .header
            .iter()
            .position(|h| h.eq_ignore_ascii_case("unit_mult"))
            .and_then(|i| fields.get(i))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            // Rows of two multipliers: no one --unit reads them all (trial 94 L2: each row's
            // hint undid the other's).
            match &mut first_mult {
                None => first_mult = Some((given.to_string(), line, false)),
                Some((first, at, said)) if !*said && first != given => {
                    *said = true;
                    c.say(format!(
                        "UNIT_MULT is {given} here and {first} on line {at}: the file mixes multipliers, which no one --unit reads; ingest the rows of each UNIT_MULT apart (filter the file by it), each with its --unit"
                    ));
                }
                Some(_) => {}
            }
            let exponent = ctx.unit.map_or(0, Unit::exponent);
            if given.parse::<usize>().ok() != Some(exponent) {
                let fits = given.parse::<usize>().ok().and_then(Unit::of_exponent);
                let give = match fits {
                    Some(u) => format!("give --unit {}", u.as_str()),
                    None if given == "0" => "leave --unit out, or give --unit ones".to_string(),
                    None => "tourstat reads units of 10^2 to 10^7 (--unit hundreds to crores)".to_string(),
                };
                let message = format!(
                    "UNIT_MULT {given}: the figures are in units of 10^{given}, and --unit says 10^{exponent}; {give}"
                );
                // The unit it states, which `inspect` offers in its command (trial 58 L1: the
                // command offered failed on it again).
                match fits.filter(|_| ctx.unit.is_none()) {
                    Some(u) => c.say_with(message, Remedy::StatedUnit(u.as_str())),
                    None => c.say(message),
                }
            }
        }
        // A column of units ("unit": thousands), read or passed over: checked against --unit
        // as UNIT_MULT is (trial 57 M1: passed over as the refusal advised, 120 thousand were
        // stored as 120 people). A value that is no unit ("PS") says nothing.
        if let Some((header, said)) = layout
            .header
            .iter()
            // (And SDMX's UNIT_MEASURE: review 97 H1, THS passed over as inspect advised.)
            .position(|h| matches!(h.trim().to_ascii_lowercase().as_str(), "unit" | "units" | "unit_measure"))
            .and_then(|i| Some((layout.header[i].trim(), fields.get(i)?.trim())))
            .filter(|(_, v)| !v.is_empty())
        {
            let asked = ctx.unit.unwrap_or_default();
            // Its words as a title's ("THS", "Thousands of persons"), a count's ("Number",
            // "PS"); one naming no unit is refused, never taken for --unit's (review 32 H2).
            let ones =
                ["number", "nr", "no", "no.", "ps", "pers", "persons", "people", "count", "units", "unit"];
            let unit = said
                .parse::<Unit>()
                .ok()
                .or_else(|| ones.contains(&said.to_lowercase().as_str()).then_some(Unit::Ones))
                .or_else(|| super::wide::unit_in_title(said));
            // SDMX's UNIT_MEASURE names what is counted (PS persons, NUM, NGT nights), and
            // UNIT_MULT the multiplier: only a multiplier it names (THS) is checked (review 98
            // M2, M3: PS beside UNIT_MULT 3, and ABS's NUM, refused with every --unit).
            let measure = header.eq_ignore_ascii_case("unit_measure");
            match unit {
                _ if measure && unit.is_none_or(|u| u == Unit::Ones || u == asked) => {}
                Some(unit) if unit != asked => {
                    let message = format!(
                        "{header} \"{said}\": the figures are in {}, and --unit says {}; give --unit {}",
                        unit.as_str(),
                        asked.as_str(),
                        unit.as_str()
                    );
                    match ctx.unit {
                        None => c.say_with(message, Remedy::StatedUnit(unit.as_str())),
                        Some(_) => c.say(message),
                    }
                }
                Some(_) => {}
                None => c.say(format!(
                    "{header} \"{said}\": no unit tourstat reads (persons, thousands, millions...): the figures' unit must be known to store them"
                )),
            }
        }
        // A figure the publisher marks missing (na, -, .., empty) is not stored, as in a
        // table: missing, never 0. The row's market and period are still checked.
        // ("x", a confidential figure in some tables, stays an error here: in a long file it is
        // more often a slip.)
        // Of SDMX-CSV, an observation whose OBS_STATUS says it is missing (M, L, O, Q: not
        // applicable, not collected, missing, suppressed), whatever its value ("NaN", 0), and
        // a value "NaN" (trial 84 L4: refused as no number, or its status as none of A, P, E, F).
        // Of Eurostat's flags, z (not applicable) and c (confidential) too (review 84 L1).
        // And one its CONF_STATUS (or OBS_CONF) says is not free to publish (C confidential, D
        // secondary, N not for publication...), read or passed over: its value is a placeholder
        // (review 98 H2: CONF_STATUS C's 0 stored as a figure, the column passed over as the
        // refusal advised).
        let withheld = sdmx
            && layout
                .header
                .iter()
                .enumerate()
                .filter(|(_, h)| matches!(h.trim().to_ascii_lowercase().as_str(), "conf_status" | "obs_conf"))
                .filter_map(|(i, _)| fields.get(i))
                .any(|v| !v.trim().is_empty() && !v.trim().eq_ignore_ascii_case("f"));
        let sdmx_missing = withheld
            || sdmx
                && (row.get("status").is_some_and(|s| {
                    let s = s.trim().to_ascii_uppercase();
                    ["M", "L", "O", "Q"].contains(&s.as_str())
                        || (flags && (s.contains('Z') || s.contains('C')))
                }) || row.get(value_name).is_some_and(|v| v.trim().eq_ignore_ascii_case("nan")));
        if sdmx_missing
            || row
                .get(value_name)
                .is_none_or(|v| super::wide::missing(v) && !v.trim().eq_ignore_ascii_case("x"))
        {
            rows.missing += 1;
            return c.problems;
        }
        witness.see(numbers, (line, None), row.get(value_name).unwrap_or_default());
        let v = c.figure(&row, value_name, m.as_deref().unwrap_or(""));
        let s = match row.get("status") {
            None => Some("A".to_string()),
            Some(s) if STATUSES.contains(&s.to_ascii_uppercase().as_str()) => Some(s.to_ascii_uppercase()),
            // (Trial 87 M2: a break in series, B, or a figure of low reliability, U, refused the
            // whole file.)
            Some(s) if sdmx && status_read_as(s, flags).is_some() => {
                let seen = read_as.entry(s.trim().to_string()).or_insert_with(|| {
                    (
                        0,
                        line,
                        m.clone().unwrap_or_default(),
                        p.as_ref().map(ToString::to_string).unwrap_or_default(),
                    )
                });
                seen.0 += 1;
                status_read_as(s, flags).map(|(ours, _)| ours.to_string())
            }
            Some(s) if flags => {
                c.say(format!(
                    "OBS_FLAG \"{s}\": a flag tourstat does not read (Eurostat's b, d, e, f, n, p, r, s and u are read; c and z mark a figure missing)"
                ));
                None
            }
            Some(s) => {
                c.say(format!(
                    "status must be one of A (normal), P (provisional), E (estimated), F (forecast), got \"{s}\""
                ));
                None
            }
        };
        let vintage = match row.get(vintage_name) {
            None => Some(ctx.as_of),
            Some(_) => c.date(&row, vintage_name, ctx.dates()),
        };
        if let (Some(a), true, true) = (vintage, kind == Kind::Arrivals, row.get(vintage_name).is_some()) {
            if let Some(why) = impossible_vintage(a) {
                c.say(why);
            }
        }
        if let (Some(m), Some(p), Some(v), Some(s), Some(a)) = (m, p, v, s, vintage) {
            let source = row
                .get("source")
                .map(|s| crate::output::formula_unguarded(s).to_string())
                .or_else(|| ctx.source.clone());
            if let Some(msg) = rows.push(line, m, p, v, s, a, source) {
                c.say(msg);
            }
        }
        c.problems
    });
    let problems = match read {
        Ok(_) if ctx.pick.is_some_and(|p| p.axis == Axis::Table) => {
            return Err(Error::invalid_file(
                label,
                "--market alone names the market of a table that is one series, a row per year (Year,Jan,...,Dec); this file is in the long layout, its rows name their markets: leave --market out",
            ));
        }
        Ok(_) if ctx.pick.is_some() => {
            let p = ctx.pick.map(|p| p.flag()).unwrap_or_default();
            return Err(Error::invalid_file(
                label,
                format!("{p} picks one series of a table of several; this file is in the long layout, one figure a row: leave {p} out"),
            ));
        }
        Ok(_) if ctx.month.is_some() => {
            return Err(Error::invalid_file(
                label,
                "--month says what the year columns of a table are, under a title that names a month; this file is in the long layout, its periods say what they are: leave --month out",
            ));
        }
        Ok(_) if ctx.table.is_some() => {
            return Err(Error::invalid_file(
                label,
                "--table picks one of several tables of a sheet; this file is in the long layout, one figure a row: leave --table out",
            ));
        }
        Ok(_) if ctx.year.is_some() => {
            let year = ctx.year.unwrap_or_default();
            return Err(Error::invalid_file(
                label,
                format!("--year {} is for tables whose months are written without their year (\"January\"); this file is in the long layout, its periods carry their years: leave --year out", ctx.calendar.written(year)),
            ));
        }
        Ok((layout, problems, _)) => {
            // A unit in the figures' header ("arrivals ('000)") says how to read them; a rate
            // ("arrivals per 100000 inhabitants") is no count (review 32 M3).
            let header = layout.position(kind, value_name).and_then(|i| layout.header.get(i));
            if let Some((h, rate)) = header.and_then(|h| Some((h, super::wide::rate_in_title(h)?))) {
                return Err(Error::invalid_at(
                    label,
                    layout.line,
                    format!("the figures' header \"{h}\" says they are a rate ({rate}), not counts of arrivals: tourstat stores counts"),
                ));
            }
            let stated =
                header.and_then(|h| super::wide::unit_in_title(h).map(|u| (u, layout.line, h.clone())));
            super::wide::check_unit(label, ctx.unit, stated.as_ref(), "header")?;
            let mut problems = problems;
            problems.extend(witness.problems());
            problems
        }
        // Columns named with --column are a long file's: no table is guessed instead.
        Err(long) if !ctx.columns.is_empty() => return Err(long),
        // Not the long layout: perhaps a table as publishers release them.
        Err(long) => {
            // The first records tell the layouts below apart, read once for all of them.
            let head = super::read::first_records(path, super::measures::HEAD_RECORDS)?;
            // A long file that names its columns otherwise: the error names the flags.
            if let (Some((_, header)), None) = (head.first(), ctx.measure) {
                let fields: Vec<&str> = header.iter().map(String::as_str).collect();
                if super::read::long_named_otherwise(kind, &fields) {
                    return Err(long);
                }
            }
            if let Some(parsed) = super::series_columns::parse_series_columns(path, label, kind, ctx, &head)?
            {
                no_measure(label, ctx)?;
                // Each series is named by its column: a pick would be passed over (review 27 M3).
                if let Some(p) = ctx.pick {
                    let flag = p.flag();
                    return Err(Error::invalid_file(
                        label,
                        format!("{flag} picks one series of a table; this file is series as columns, each stored under its name: leave {flag} out"),
                    ));
                }
                return Ok(parsed);
            }
            // The shape of series as columns with a value they cannot hold: said, not the
            // long layout's header message.
            let near_miss = || {
                super::series_columns::near_miss(&head, label, ctx).map(|(line, why)| {
                    let message = format!("the first lines have the shape of series as columns (names, then whole numbers under each), but {why}");
                    Error::invalid_at(label, line, message)
                })
            };
            if ctx.frequency.is_some() {
                if let Some(e) = near_miss() {
                    return Err(e);
                }
            }
            no_frequency(label, ctx)?;
            if let Some(parsed) = super::measures::parse_measures(path, label, kind, ctx, &head)? {
                return Ok(parsed);
            }
            // Without --measure, rows of several measures are named, not misread by another layout.
            if let Some(parsed) = super::measures::parse_labelled_rows(path, label, kind, ctx, &head)? {
                return Ok(parsed);
            }
            no_measure(label, ctx)?;
            match super::wide::parse_wide(path, label, kind, ctx)? {
                Some(parsed) => return Ok(parsed),
                None => {
                    return Err(other_calendar_table(path, label, kind, ctx)
                        .or_else(near_miss)
                        .or_else(|| super::wide::unread_period_header(&head, label, ctx))
                        .unwrap_or(long))
                }
            }
        }
    };
    no_frequency(label, ctx)?;
    no_measure(label, ctx)?;
    finish(label, problems)?;
    // Of arrivals: a target's year is tracked as set, whatever its months (review 25 M3).
    let mut notes = match kind {
        Kind::Arrivals => rows.spans_unlike_their_parts(),
        _ => Vec::new(),
    };
    for (code, (n, line, market, period)) in &read_as {
        if let Some((ours, what)) = status_read_as(code, flags) {
            let upper = code.to_ascii_uppercase();
            notes.push(format!(
                "{} {code} ({what}) on {n} row{} (the first line {line}, {market} {period}): stored as {ours}{}",
                if flags { "OBS_FLAG" } else { "OBS_STATUS" },
                if *n == 1 { "" } else { "s" },
                match () {
                    _ if upper.contains('B') => "; a series broken there may not compare like with like across it",
                    _ if upper.contains('D') => "; a definition that differs may not compare like with like",
                    _ => "",
                }
            ));
        }
    }
    let sum: f64 = rows.value.iter().sum();
    for (line, word, figure) in totals {
        let total = super::read::parse_figure(&figure, ctx.numbers, ctx.unit.unwrap_or_default()).ok();
        let shown = |x: f64| crate::output::thousands(x.round() as i64);
        notes.push(match total {
            Some(t) if (t - sum).abs() < 0.5 => {
                format!("line {line}: a total line (\"{word}\", {}), no market's figure: passed over; the file's figures add up to it", shown(t))
            }
            Some(t) => format!(
                "line {line}: a total line (\"{word}\", {}), no market's figure: passed over; the file's figures add up to {}, not to it (rows missing, or a total of other figures?)",
                shown(t),
                shown(sum)
            ),
            None => format!("line {line}: a total line (\"{word}\"), no market's figure: passed over"),
        });
    }
    Ok(Parsed { notes, ..rows.into_parsed()? })
}

/// Of SDMX's code list of observation statuses (CL_OBS_STATUS), or of Eurostat's flags
/// (`OBS_FLAG`, `flags`: one letter or several, "bp"), those with a figure that are none of
/// ours alone: the status stored (provisional before forecast before estimated before
/// normal), and what the code says.
fn status_read_as(code: &str, flags: bool) -> Option<(&'static str, String)> {
    let code = code.trim().to_ascii_uppercase();
    let each = |c: char| -> Option<(&'static str, &'static str)> {
        Some(match (c, flags) {
            ('A', false) => ("A", "normal"),
            ('P', _) => ("P", "provisional"),
            ('E', _) => ("E", "estimated"),
            ('F', _) => ("F", "forecast"),
            ('B', _) => ("A", "break in series"),
            ('D', _) => ("A", "definition differs"),
            ('N', _) => ("A", "not significant"),
            ('U', _) => ("E", "low reliability"),
            ('S', false) => ("A", "strike or other unusual event"),
            ('S', true) => ("E", "Eurostat estimate"),
            ('R', true) => ("A", "revised"),
            ('I', false) => ("E", "imputed"),
            ('V', false) => ("P", "unvalidated"),
            ('G', false) => ("P", "experimental"),
            _ => return None,
        })
    };
    if code.is_empty() || STATUSES.contains(&code.as_str()) || (!flags && code.chars().count() > 1) {
        return None;
    }
    let read: Vec<(&str, &str)> = code.chars().map(each).collect::<Option<_>>()?;
    let ours = ["P", "F", "E", "A"].into_iter().find(|s| read.iter().any(|(o, _)| o == s))?;
    Some((ours, read.iter().map(|(_, w)| *w).collect::<Vec<_>>().join(", ")))
}

/// `--measure` on a file that is no table of several measures would change nothing: refused.
fn no_measure(label: &str, ctx: &ParseContext) -> Result<()> {
    match ctx.measure {
        Some(m) => Err(Error::invalid_file(
            label,
            format!("--measure {m} picks one of the measures of a table of blocks of markets under each period (period in column A, market in column B, a column per measure); this file is none: leave it out (--row/--column PATTERN --market NAME pick a series of other tables)"),
        )),
        None => Ok(()),
    }
}

/// `--frequency` on a file that is no series as columns would change nothing: refused.
fn no_frequency(label: &str, ctx: &ParseContext) -> Result<()> {
    match ctx.frequency {
        Some(f) => Err(Error::invalid_file(
            label,
            format!("--frequency {f} is for files of series as columns (names on line 1, their lengths, start years and start periods under them); this file is none: leave it out"),
        )),
        None => Ok(()),
    }
}

/// A table whose periods read only in the other calendar (`Market,2565,2564` without
/// `--calendar be`, or `Jan 2025` with it): said, with the flag that decides it, rather than the
/// long layout's header message.
fn other_calendar_table(path: &Path, label: &str, kind: Kind, ctx: &ParseContext) -> Option<Error> {
    let other = match ctx.calendar {
        Calendar::Ce => Calendar::Be,
        Calendar::Be => Calendar::Ce,
    };
    let in_other = ParseContext {
        calendar: other,
        date_order: ctx.date_order,
        numbers: ctx.numbers,
        year: ctx.year,
        unit: ctx.unit,
        tree: ctx.tree,
        as_of: ctx.as_of,
        source: None,
        columns: ctx.columns,
        progress: &crate::progress::Silent,
        seen: None,
        pick: ctx.pick,
        add_markets: ctx.add_markets,
        table: ctx.table,
        month: ctx.month,
        frequency: ctx.frequency,
        measure: ctx.measure,
        first_column: ctx.first_column,
        semicolons: ctx.semicolons,
        alike: None,
        cancellations: ctx.cancellations,
    };
    // With the year given, or without it where the periods carry theirs. A table whose header
    // reads in the other calendar is one, even where its rows have problems there (a year not
    // ended by the vintage): those are said once the calendar is given.
    let reads = |ctx: &ParseContext| {
        matches!(super::wide::parse_wide(path, label, kind, ctx), Ok(Some(_)) | Err(Error::Invalid { .. }))
    };
    let read = reads(&in_other) || (ctx.year.is_some() && reads(&ParseContext { year: None, ..in_other }));
    if !read {
        return None;
    }
    let problem = match other {
        Calendar::Be => Problem {
            remedy: Some(Remedy::BuddhistEra),
            ..Problem::new(0, "the table's periods read only as Buddhist Era years (2568 is 2025)")
        },
        Calendar::Ce => Problem::new(
            0,
            "the table's periods read only as Common Era years (2025), not as Buddhist Era ones: leave out --calendar be",
        ),
    };
    Some(Error::Invalid { file: label.to_string(), problems: vec![problem], total: 1 })
}

/// The furthest ahead of travel a booking is taken as written: 5 years (a convention's or a
/// world cruise's block booked early); a flow booked 10 years ahead is a year mistyped (2015
/// for 2025), which would lift every comparison since.
pub(super) const MAX_LEAD_DAYS: i64 = 5 * 366;

fn parse_bookings(path: &Path, label: &str, ctx: &ParseContext) -> Result<Parsed> {
    let kind = Kind::Bookings;
    let (mut booked, mut travel, mut market, mut seats) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut dups = Duplicates::new();
    let mut first_seats = HashMap::new();
    let mut totals: Vec<(u64, String, String)> = Vec::new();
    let skipped: Vec<&str> = ctx
        .columns
        .iter()
        .filter(|c| c.column == super::read::ColumnName::SKIP)
        .map(|c| c.header.as_str())
        .collect();
    // Where the columns passed over are in the header, found on the first row.
    let mut skipped_at: Option<Vec<usize>> = None;
    // A booking is made on a day that has come (tomorrow allowed, for time zones ahead).
    let latest = chrono::Local::now().date_naive() + chrono::Days::new(1);
    let (_, problems, _) = read_records(
        path,
        label,
        kind,
        ctx.columns,
        ctx.progress,
        |line, fields, layout| {
            let row = Row { fields, layout, kind };
            // A spreadsheet's total line under the flows (trial 49 #5: three date problems, none
            // saying what the line is).
            // Passed over, and checked against the flows, as a long file's closing total (trial
            // 62 L2: every weekly export edited by hand).
            if let Some(word) = fields.iter().map(|f| f.trim()).find(|f| super::wide::is_total(f)) {
                if row.get("booked_on").is_none_or(|b| !b.starts_with(|c: char| c.is_ascii_digit())) {
                    totals.push((line, word.to_string(), row.get("seats").unwrap_or_default().to_string()));
                    return Vec::new();
                }
            }
            let mut c =
                Checks { cancellations: ctx.cancellations, ..Checks::new(line, ctx.numbers, ctx.unit) };
            let m = c.market(&row, ctx);
            let b = c.date(&row, "booked_on", ctx.dates());
            if let Some(b) = b.filter(|b| *b > latest) {
                c.say(format!(
                    "booked_on {b} is after today ({}): a booking is made on a day that has come; a Buddhist Era year (--calendar be reads 2568 as 2025) or a year mistyped?",
                    latest - chrono::Days::new(1)
                ));
            }
            let t = c.date(&row, "travel_date", ctx.dates());
            let s = c.count(&row, "seats", m.as_deref().unwrap_or(""));
            if let (Some(b), Some(t)) = (b, t) {
                if b > t && s.is_some_and(|s| s < 0) {
                    // Trial 66 M3: refunds after the flight, in an airline's feed.
                    c.say(format!(
                        "booked_on {b} is after travel_date {t}: a cancellation after the day of travel (a refund, a no-show) takes no seat off the books before it; leave it out, or, where it counts in the final books, date it on the day of travel"
                    ));
                } else if b > t {
                    c.say(format!(
                        "booked_on {b} is after travel_date {t}; a seat is booked before the flight"
                    ));
                } else if (t - b).num_days() > MAX_LEAD_DAYS {
                    c.say(format!(
                        "booked_on {b} is {} days before travel_date {t}, more than {MAX_LEAD_DAYS} (5 years) ahead: is a year mistyped? Such a flow would count as booked for every year since",
                        crate::output::thousands((t - b).num_days())
                    ));
                }
            }
            if let (Some(m), Some(b), Some(t), Some(s)) = (m, b, t, s) {
                // The same seats twice may be a row an export wrote twice, which adding up
                // would count twice (trial 49 #2): both readings said.
                // What the columns passed over hold, as the row's seats, kept for the first row
                // of each flow.
                let passed_over = {
                    use std::hash::{Hash, Hasher};
                    let at = skipped_at.get_or_insert_with(|| {
                        let keys: Vec<String> = skipped.iter().map(|k| super::read::header_key(k)).collect();
                        (0..layout.header.len())
                            .filter(|&i| keys.contains(&super::read::header_key(&layout.header[i])))
                            .collect::<Vec<usize>>()
                    });
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    for &i in at.iter() {
                        fields.get(i).map(|f| f.trim()).hash(&mut h);
                    }
                    h.finish()
                };
                let (first, first_passed_over) =
                    *first_seats.entry((b, t, m.clone())).or_insert((s, passed_over));
                if let Some(msg) = dups.check((b, t, m.clone()), line, || {
                    // Rows a column passed over tells apart (trial 61 L2: two airports' flows,
                    // after `--column skip=airport`, blamed on "two channels"); named only where
                    // it holds another value than in the first row (review 35 L4).
                    let apart = match skipped.as_slice() {
                        _ if first_passed_over == passed_over => String::new(),
                        [] => String::new(),
                        names => format!(
                            ", or rows told apart by {} passed over, {} (two airports or routes: a store for each, with --store, or a market for each in the tree)",
                            if names.len() == 1 { "the column" } else { "the columns" },
                            names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
                        ),
                    };
                    if first == s {
                        format!("flow for market \"{m}\" booked on {b} for travel on {t}, with the same seats ({s}): a row written twice (keep one), or two channels' bookings of the day (add them up into one row){apart}?")
                    } else {
                        format!("flow for market \"{m}\" booked on {b} for travel on {t}; add the seats up into one row{apart}")
                    }
                }) {
                    c.say(msg);
                }
                booked.push(days(b));
                travel.push(days(t));
                market.push(m);
                seats.push(s);
            }
            c.problems
        },
    )?;
    finish(label, problems)?;
    let sum: i64 = seats.iter().sum();
    let frame = DataFrame::new_infer_height(vec![
        date_column("booked_on", booked)?,
        date_column("travel_date", travel)?,
        Column::new("market".into(), market),
        Column::new("seats".into(), seats),
    ])
    .context("building the booking flows")?;
    let notes = totals
        .into_iter()
        .map(|(line, word, figure)| {
            let shown = crate::output::thousands;
            match super::read::parse_count(&figure, ctx.numbers).ok() {
                Some(t) if t == sum => format!(
                    "line {line}: a total line (\"{word}\", {} seats), no flow: passed over; the file's flows add up to it",
                    shown(t)
                ),
                Some(t) => format!(
                    "line {line}: a total line (\"{word}\", {} seats), no flow: passed over; the file's flows add up to {}, not to it (rows missing, or a total of other flows?)",
                    shown(t),
                    shown(sum)
                ),
                None => format!("line {line}: a total line (\"{word}\"), no flow: passed over"),
            }
        })
        .collect();
    Ok(Parsed { notes, ..Parsed::of(frame) })
}

fn parse_otb(path: &Path, label: &str, ctx: &ParseContext) -> Result<Parsed> {
    let kind = Kind::Otb;
    let (mut as_of, mut from, mut to, mut market) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut seats, mut seats_ly, mut change, mut source) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut dups = Duplicates::new();
    let (_, problems, _) =
        read_records(path, label, kind, ctx.columns, ctx.progress, |line, fields, layout| {
            let row = Row { fields, layout, kind };
            let mut c = Checks::new(line, ctx.numbers, ctx.unit);
            let a = c.date(&row, "as_of", ctx.dates());
            let f = c.period(&row, "travel_from", ctx.dates()).map(|p| p.start());
            let t = c.period(&row, "travel_to", ctx.dates()).map(|p| p.end());
            let m = c.market(&row, ctx);
            let mk = m.as_deref().unwrap_or("");
            let s = c.count(&row, "seats", mk);
            let ly = c.optional_count(&row, "seats_ly", mk);
            let pct = match row.get("change_pct") {
                None => None,
                Some(text) => {
                    let v = parse_percent(text, ctx.numbers);
                    match v {
                        None => {
                            c.say(format!("change_pct must be a percentage like -22 or -22%, got \"{text}\""))
                        }
                        Some(p) if p < -100.0 => c.say(format!(
                            "change_pct {text} is below -100%: seats cannot fall by more than all of them"
                        )),
                        _ => {}
                    }
                    v.map(|p| (p, text))
                }
            };
            match (s, ly, pct) {
                (Some(s), _, Some((p, text))) if p == -100.0 && s > 0 => c.say(format!(
                "change_pct {text} means no seats this year, but seats is {s}: the row contradicts itself"
            )),
                (Some(s), Some(ly), Some((p, text))) if ly > 0 => {
                    // The published change, as rounded, must be the one its two figures give.
                    let implied = (s as f64 / ly as f64 - 1.0) * 100.0;
                    let decimals = text
                        .trim()
                        .trim_end_matches('%')
                        .trim()
                        .rsplit_once(['.', ','])
                        .map_or(0, |(_, d)| d.len() as i32);
                    let tolerance = 0.5 * 10f64.powi(-decimals) + 1e-9;
                    if (implied - p).abs() > tolerance {
                        c.say(format!(
                        "change_pct {text} does not match seats {s} against seats_ly {ly} ({implied:+.1}%)"
                    ));
                    }
                }
                _ => {}
            }
            let pct = pct.map(|(p, _)| p);
            if let (Some(f), Some(t)) = (f, t) {
                if f > t {
                    c.say(format!("travel_from {f} is after travel_to {t}"));
                }
            }
            if let (Some(a), Some(f), Some(t), Some(m), Some(s)) = (a, f, t, m, s) {
                if let Some(msg) = dups.check((a, f, t, m.clone()), line, || {
                    format!("snapshot for market \"{m}\", travel {f}..{t}, as of {a}")
                }) {
                    c.say(msg);
                }
                as_of.push(days(a));
                from.push(days(f));
                to.push(days(t));
                market.push(m);
                seats.push(s);
                seats_ly.push(ly);
                change.push(pct);
                source.push(
                    row.get("source")
                        .map(|s| crate::output::formula_unguarded(s).to_string())
                        .or_else(|| ctx.source.clone()),
                );
            }
            c.problems
        })?;
    finish(label, problems)?;
    let frame = DataFrame::new_infer_height(vec![
        date_column("as_of", as_of)?,
        date_column("travel_from", from)?,
        date_column("travel_to", to)?,
        Column::new("market".into(), market),
        Column::new("seats".into(), seats),
        Column::new("seats_ly".into(), seats_ly),
        Column::new("change_pct".into(), change),
        Column::new("source".into(), source),
    ])
    .context("building the snapshots")?;
    Ok(Parsed::of(frame))
}

/// Why an arrivals figure's own vintage cannot be: a day after today (tomorrow allowed, for
/// time zones; `--as-of` is checked once). (A vintage before its period is left alone: a
/// publisher's file date, or generated data, may carry one.)
fn impossible_vintage(as_of: NaiveDate) -> Option<String> {
    let today = chrono::Local::now().date_naive();
    (as_of > today + chrono::Days::new(1))
        .then(|| format!("as_of {as_of} is after today ({today}): a vintage is the day a figure was known"))
}
