//! Tables as publishers release them: periods as rows and markets as columns (a statistics
//! office's monthly table), or markets as rows and periods as columns (a report's year table).
//! Title lines above the header and notes below the data are passed over; labels are read as
//! publishers write them (`1978 Jan`, `Aug-24`, `1998 Q1`, `2022P`); missing markers (`na`,
//! `-`, `..`, `n.a.`, empty) are missing, never 0; a status letter after a value (`123p`,
//! `98r`) is its status; a total column or row is the group's own figure only where the tree
//! says so, otherwise it is passed over (never added twice).

use std::path::Path;

use super::inspect::{column_letter, ColumnRole, PassedOver, Understanding};
use super::parse::{figure_problem, finish, FigureRows, ParseContext, Parsed};
use super::read::{parse_figure, read_figure, scan_records, Axis, Unit};
use crate::error::{Error, Problem, Remedy, Result};
use crate::kind::Kind;
use crate::market::{normalise_name, MarketTree};
use crate::period::{month_word, part_word, Calendar, Period, BE_OFFSET};

/// How the table is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Orientation {
    /// The header holds markets; each row is a period.
    PeriodsAsRows,
    /// The header holds periods; each row is a market.
    MarketsAsRows,
}

/// What a cell of the header stands for.
#[derive(Debug, Clone)]
enum Heading {
    Market(String),
    Period(Period, Option<&'static str>),
    /// A total, a label column, an empty one: passed over.
    Skip,
    /// A period spanning other columns of the header (`2025` beside its months): their total
    /// where its figures are their sums on every row, a figure of its own otherwise; whether
    /// the columns cover all of it.
    MaybeTotal(Period, Option<&'static str>, Vec<usize>, bool),
    /// A column whose first row is text (a season, a note): passed over; an error if a later
    /// row holds a figure in it.
    Text,
    /// A header that is no period tourstat reads (`Mar-25 (x)`): an error if it holds figures.
    NotPeriod,
    /// A header naming no market the tree knows: an error, unless its cells are text (a
    /// column of notes beside the figures), which the first row tells.
    Unknown(String),
}

/// What the cells of one row hold: its figures (market, period, value, status), the cells
/// marked missing, the problems.
#[derive(Default)]
struct Cells {
    figures: Vec<(String, Period, f64, String)>,
    missing: u64,
    problems: Vec<Problem>,
}

impl Cells {
    /// Stores the row's figures (its vintage and source the file's), counts its missing cells:
    /// its problems, and those of a figure given twice.
    fn store(self, rows: &mut FigureRows, line: u64, ctx: &ParseContext) -> Vec<Problem> {
        rows.missing += self.missing;
        let mut problems = self.problems;
        for (market, period, value, status) in self.figures {
            if let Some(m) = rows.push(line, market, period, value, status, ctx.as_of, ctx.source.clone()) {
                problems.push(Problem::new(line, m));
            }
        }
        problems
    }
}

/// A unit the file states (in its title, or in the figures' column header) is never read
/// past silently: `--unit` says how to read it, and a `--unit` naming another is refused.
/// `place`: where it was stated ("title", "header").
pub(super) fn check_unit(
    label: &str,
    given: Option<Unit>,
    stated: Option<&(Unit, u64, String)>,
    place: &str,
) -> Result<()> {
    let Some((unit, line, text)) = stated else { return Ok(()) };
    let message = match given {
        Some(g) if g != Unit::Ones && g != *unit => {
            format!("the {place} \"{text}\" says the figures are in {}, --unit says {}", unit.as_str(), g.as_str())
        }
        None => format!(
            "the {place} \"{text}\" says the figures are in {}; --unit {} reads them so (12.5 = {}), --unit ones as they are written",
            unit.as_str(),
            unit.as_str(),
            crate::output::thousands((12.5 * unit.factor()) as i64)
        ),
        _ => return Ok(()),
    };
    // The header of the figures' own column is of these figures; a title or a note may be of
    // another table's (a note below it naming Table 2's unit): the user says.
    let remedy = (given.is_none() && matches!(place, "header" | "heading"))
        .then_some(Remedy::StatedUnit(unit.as_str()));
    let problem = Problem { remedy, ..Problem::new(*line, message) };
    Err(Error::Invalid { file: label.to_string(), problems: vec![problem], total: 1 })
}

/// A column derived from the figures (a change, a share, a rate: "%Change", "2022/21",
/// "YoY"): passed over, never a period.
fn is_derived(label: &str) -> bool {
    let l = label.trim().to_ascii_lowercase();
    let word = l.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
        ["change", "changes", "chg", "growth", "share", "diff", "yoy", "ratio", "rate", "var"].contains(&w)
    });
    // "2022/21" compares two years; "2024/25" (the next year) is a fiscal year, no change.
    let years_over = l.split_once('/').is_some_and(|(a, b)| {
        let (a, b) = (a.trim(), b.trim());
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|c| c.is_ascii_digit());
        let modulo = if b.len() == 2 { 100 } else { 10_000 };
        let (year, other) = (a.parse::<i32>().ok(), b.parse::<i32>().ok());
        let next = year.map(|y| (y + 1) % modulo);
        let before = year.map(|y| (y - 1) % modulo);
        // "2025/03" is a month (March 2025), unless its number is the year before ("2013/12").
        let month = b.len() == 2 && other.is_some_and(|m| (1..=12).contains(&m)) && other != before;
        a.len() == 4 && digits(a) && digits(b) && other != next && !month
    });
    l.contains('%') || word || years_over
}

/// A row label that names a measure derived from the figures, no market: a change, a share,
/// a rate, a percentage or an index ("Index (2019=100)").
/// (Not "var", a column's abbreviation: the Var is a French département.)
fn is_derived_row(label: &str) -> bool {
    let l = label.trim().to_lowercase();
    l.contains('%')
        || l.contains("per cent")
        || l.split(|c: char| !c.is_alphanumeric()).any(|w| {
            [
                "change",
                "changes",
                "chg",
                "growth",
                "share",
                "yoy",
                "ratio",
                "rate",
                "index",
                "percent",
                "percentage",
                "pct",
                "variation",
                "veränderung",
            ]
            .contains(&w)
        })
}

/// A row of the mean of the rows above ("Average", "Monthly mean"): no period's figures.
fn is_average(label: &str) -> bool {
    let l = label.trim().to_lowercase();
    l.split(|c: char| !c.is_alphanumeric()).any(|w| ["average", "avg", "mean", "median"].contains(&w))
}

/// A line of notes below (or above) the table, whatever else is on it: "Source: ..., 2025".
pub(super) fn is_note(label: &str) -> bool {
    let l = label.trim().to_ascii_lowercase();
    ["source", "sources", "note", "notes", "remark", "remarks", "footnote", "footnotes"]
        .iter()
        .any(|w| l.strip_prefix(w).is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '.'])))
}

/// The widest table read: ten years of days, or a market a column for every country.
const MAX_COLUMNS: usize = 1000;

/// Cells that mean "no figure".
pub(super) fn missing(cell: &str) -> bool {
    let c = cell.trim().to_ascii_lowercase();
    matches!(
        c.as_str(),
        "" | "na" | "n/a" | "n.a." | "n.a" | "-" | "--" | "–" | "—" | ".." | "..." | "…" | "x" | ":"
    )
}

/// The fields of a header up to its last heading: empty fields after it head nothing.
fn heading_width<H: AsRef<str>>(header: &[H]) -> usize {
    header.iter().rposition(|h| !h.as_ref().trim().is_empty()).map_or(0, |i| i + 1)
}

/// A record with a figure past the header's last heading: under no heading, and most often
/// a figure an unquoted comma split in two ("1,250" read as 1 and 250), which moves every
/// figure after it one column on. Never passed over. `first_column` is the sheet's column
/// of the record's first field.
pub(super) fn past_the_header<S: AsRef<str>, H: AsRef<str>>(
    line: u64,
    fields: &[S],
    header: &[H],
    first_column: usize,
) -> Option<Problem> {
    past(line, fields, header, first_column, heading_width(header))
}

/// [`past_the_header`] from field `from` on.
fn past<S: AsRef<str>, H: AsRef<str>>(
    line: u64,
    fields: &[S],
    header: &[H],
    first_column: usize,
    from: usize,
) -> Option<Problem> {
    let width = heading_width(header);
    let figure = |c: &str| !missing(c) && value_and_status(c).0.chars().any(|c| c.is_ascii_digit());
    let (j, cell) = fields.iter().enumerate().skip(from).find(|(_, c)| figure(c.as_ref()))?;
    let last = width
        .checked_sub(1)
        .map(|i| format!(" (column {}, \"{}\")", column_letter(i + first_column), header[i].as_ref().trim()));
    Some(
        Problem::new(
            line,
            format!(
                "column {} holds \"{}\", past the header's last heading{}: a figure under no heading, and those before it may have moved a column on (a figure with an unquoted comma, 1,250, is two fields: quote it, \"1,250\", or write 1250)",
                column_letter(j + first_column),
                cell.as_ref().trim(),
                last.unwrap_or_default()
            ),
        )
        .in_column(j),
    )
}

/// A label that names no market of its own but the rest of its section: "Others" under
/// "East Asia" is the rest of East Asia, another market than "Others" under "Europe".
pub(super) fn is_rest_of_section(label: &str) -> bool {
    let l = label.trim().trim_end_matches(['*', '.', ':']).trim().to_ascii_lowercase();
    let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
    [
        "others",
        "other",
        "other countries",
        "others countries",
        "other nationalities",
        "other markets",
        "rest",
        "not stated",
        "not specified",
        "unspecified",
    ]
    .contains(&l.as_str())
}

/// The groups of a table found by their sums: for each row, the row it is a part of, and for
/// each group, the periods where its own figure is not the sum of its members' (column,
/// its figure, their sum): unallocated, as publishers' tables sometimes have it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Grouping {
    pub(super) parent: Vec<Option<usize>>,
    pub(super) differences: Vec<Vec<Difference>>,
    /// Groups whose members' counts overlap (`overlapping_groups`), not their sums.
    pub(super) overlapping: bool,
}

/// A period where a group's own figure is not its members' sum: (column, its figure, the sum).
type Difference = (usize, f64, f64);

/// Why `--add-markets` is refused on a table of one period whose rows sum to others.
pub(super) const ONE_PERIOD_SUMS: &str = "with one period, rows that are the sums of others may be groups or chance: --add-markets cannot tell where they belong; load a markets file first (tourstat ingest markets) and leave --add-markets out";

/// Whether a sum is a group's figure: equal, but for the last digits a sum of decimals loses
/// in binary (whole numbers add exactly; an off-by-one is never equal).
/// What a row holds in the columns a period spans (its months beside a year).
#[derive(Debug, Clone, Copy)]
pub(super) struct PartsShown {
    /// The sum of those given.
    sum: f64,
    count: usize,
    /// Whether they cover all of the period and are all given.
    all: bool,
    /// The share of the period's days the table's columns (or rows) of its parts cover.
    share: f64,
    /// The figure a 1 in the table stands for (1000 in a table in thousands).
    step: f64,
}

impl PartsShown {
    /// How far `figure` may lie from the parts' sum by rounding alone: each part and the figure
    /// rounded to the table's step.
    fn slack(&self, figure: f64) -> f64 {
        (0.5 * (self.count as f64 + 1.0) * self.step).max(1e-9 * figure.abs())
    }

    /// Whether `figure` is the parts' sum within rounding.
    fn within_rounding(&self, figure: f64) -> bool {
        (figure - self.sum).abs() <= self.slack(figure)
    }

    /// How `figure`, for the whole period, contradicts its parts beyond rounding: less than the
    /// parts given, or unlike all of them.
    fn contradiction(&self, figure: f64) -> Option<String> {
        self.contradiction_of(figure, "column", "pass the column over (--column skip=...)")
    }

    /// As `contradiction`, its parts named as `part`s ("column", "figure"), and `pass` what
    /// to do with a part of a year written as the year.
    pub(super) fn contradiction_of(&self, figure: f64, part: &str, pass: &str) -> Option<String> {
        let slack = self.slack(figure);
        let sum = self.sum;
        if self.all && (figure - sum).abs() > slack {
            Some(format!("but the {part}s it spans add up to {sum}: which is right?"))
        } else if figure < sum - slack {
            Some(format!("less than the {} {part}s of it given, which add up to {sum}", self.count))
        } else if !self.all && self.count > 0 && self.share > 0.0 && figure * 4.0 < sum / self.share {
            // A year of 2,800 beside its February of 1,400: a year to date (January and
            // February), not the year; a season's peak month is at most a quarter of its year.
            Some(format!(
                "under a quarter of {}, what the {} {part}{} of it given ({sum}) come{} to over the whole period: a part of it (a year to date?), not the whole; give the months it covers, or {pass}",
                crate::output::thousands((sum / self.share).round() as i64),
                self.count,
                if self.count == 1 { "" } else { "s" },
                if self.count == 1 { "s" } else { "" }
            ))
        } else {
            None
        }
    }

    /// Of a figure of a period, the figures of the finest periods inside it (`parts`: their
    /// values and their days), of a table whose figures are rounded to `step`.
    pub(super) fn of(period_days: i64, parts: &[(f64, i64)], step: f64) -> PartsShown {
        let covered: i64 = parts.iter().map(|(_, d)| d).sum();
        PartsShown {
            sum: parts.iter().map(|(v, _)| v).sum(),
            count: parts.len(),
            all: covered == period_days,
            share: covered as f64 / period_days.max(1) as f64,
            step,
        }
    }
}

/// The year a table's months are read in where each row gives its own in a Year column; no
/// row's figures are stored in it.
const STAND_IN_YEAR: i32 = 2001;

/// The column headed "Year" of a markets-as-rows table whose header's other periods are months
/// without their year (`Market,Year,Jan,...,Dec`), where a table has one. Column A for a table
/// that is one series, a row per year (`Year,Jan,...,Dec[,Total]`): `--market NAME` names it.
fn row_year_column(
    path: &Path,
    label: &str,
    lines: Option<(u64, u64)>,
    ctx: &ParseContext,
) -> Result<Option<usize>> {
    let within = |line: u64| lines.is_none_or(|(from, to)| line >= from && line < to);
    for (_, fields) in super::read::first_records(path, 200)?.into_iter().filter(|(l, _)| within(*l)) {
        let is = |f: &String, name: &str| f.trim().eq_ignore_ascii_case(name);
        // "Year" in the publishers' languages too (trial 58 M1: Spain's "Año" was read as no
        // column of years, and --year advised, which read every row in one year).
        let year_word = |f: &String| {
            ["year", "years", "año", "ano", "anno", "année", "annee", "jahr", "jaar", "år"]
                .iter()
                .any(|w| is(f, w) || f.trim().to_lowercase() == *w)
        };
        let Some(year) = fields.iter().position(year_word) else {
            // A line of figures before any such header: the table is another.
            if fields.iter().skip(1).any(|f| is_figure(f, ctx)) {
                return Ok(None);
            }
            continue;
        };
        let labels = fields[1..].iter().filter(|f| !f.trim().is_empty()).count();
        let months = fields[1..].iter().filter(|f| without_year(f)).count();
        let month_column = fields.iter().any(|f| is(f, "month"));
        let months_after = fields.iter().skip(year + 1).any(|f| without_year(f));
        // The year first, the market after it (`Year,Country,Jan,...`): the market is read
        // from the first column; said, never guessed.
        if let (0, Some(market), false) = (year, fields.get(1), month_column) {
            let market = market.trim();
            if months_after
                && months * 2 >= labels
                && !market.is_empty()
                && !without_year(market)
                && !is_total_column(market, true)
            {
                return Err(Error::invalid_file(
                    label,
                    format!(
                        "column {} (Year) gives each row's year and column {} ({market}) its market: put the market column first ({market},Year,Jan,...), and each row's months are read in its year",
                        column_letter(ctx.first_column),
                        column_letter(ctx.first_column + 1)
                    ),
                ));
            }
        }
        // One series, a row per year: the months (or a total of them) right after the year.
        let grid = year == 0 && fields.get(1).is_some_and(|f| without_year(f) || is_total(f));
        return Ok(
            ((year > 0 || grid) && !month_column && months_after && months * 2 >= labels).then_some(year)
        );
    }
    Ok(None)
}

/// Why a column heading is no market's name, where it is none: a number (`1`, months numbered
/// without their name) or months (`Jan-Mar`, a quarter written as its months).
fn no_market_name(label: &str) -> Option<&'static str> {
    let l = label.trim();
    if !l.is_empty() && l.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',')) {
        return Some("is a number, no market's name: months numbered 1-12? write them as Jan..Dec");
    }
    let words: Vec<&str> = l.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
    let months = words.iter().filter(|w| month_word(w).is_some()).count();
    let joiners =
        words.iter().filter(|w| ["to", "through", "thru"].contains(&w.to_ascii_lowercase().as_str())).count();
    (months >= 2 && months + joiners == words.len())
        .then_some("names months, not a market: write the periods with their year (Jan-Mar 2024, 2024-Q1)")
}

/// Rows of a table with a row per year (of one series, or each market's), where two period
/// cells side by side read as the halves of a number split at an unquoted comma (`1`,`300`):
/// the first far below what its column holds in every other year of the same series (a
/// twentieth or less), and its number with the three digits after it like theirs. Whatever the
/// row's width, as exporters trim empty fields or keep them (trial 47 F3, trial 48 #1, #2).
/// `rows`: (line, series, cells); `columns`: the period columns in order. The line, the number
/// and the least of the other years' figures, of each.
fn split_at_commas(rows: &[(u64, String, Vec<String>)], columns: &[usize]) -> Vec<(u64, String, f64)> {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let value = |cells: &Vec<String>, i: usize| -> Option<f64> {
        let c = cells.get(i)?.trim().replace([',', ' '], "");
        c.parse::<f64>().ok()
    };
    let mut found = Vec::new();
    for (line, series, cells) in rows {
        for pair in columns.windows(2) {
            let (head, tail) =
                (cells.get(pair[0]).map_or("", |c| c.trim()), cells.get(pair[1]).map_or("", |c| c.trim()));
            if !(digits(head) && head.len() <= 3 && !head.starts_with('0') && digits(tail) && tail.len() == 3)
            {
                continue;
            }
            let usual: Vec<f64> = rows
                .iter()
                .filter(|(l, s, _)| s == series && l != line)
                .filter_map(|(_, _, c)| value(c, pair[0]))
                .collect();
            let Some(least) = usual.iter().copied().reduce(f64::min) else { continue };
            let (Ok(h), Ok(t)) = (head.parse::<f64>(), tail.parse::<f64>()) else { continue };
            // Far below every other year's, and joined within a factor of three of them.
            let joined = h * 1000.0 + t;
            let most = usual.iter().copied().fold(least, f64::max);
            if h * 20.0 <= least && joined * 3.0 >= least && joined <= most * 3.0 {
                found.push((*line, format!("{head},{tail}"), least));
                break;
            }
        }
    }
    found
}

/// Of periods written without their year (`(index, period)` in the year they were read in), in
/// order: the first step where they turn (go back after going forward, or forward after going
/// back: Apr..Dec then Jan, a fiscal year), as the indexes it steps between. Periods of each
/// length are compared apart (months before the quarters that total them go on), and periods
/// all forward, or all latest first, are of one year.
fn wraps(periods: &[(usize, Period)]) -> Option<(usize, usize)> {
    let mut by_length: std::collections::BTreeMap<i64, Vec<(usize, chrono::NaiveDate)>> = Default::default();
    for (i, p) in periods {
        by_length.entry(p.days().min(366) / 28).or_default().push((*i, p.start()));
    }
    by_length.values().find_map(|run| {
        // (A period given twice is a duplicate, said as such.)
        let steps: Vec<(usize, usize, std::cmp::Ordering)> = run
            .windows(2)
            .map(|w| (w[0].0, w[1].0, w[1].1.cmp(&w[0].1)))
            .filter(|s| s.2 != std::cmp::Ordering::Equal)
            .collect();
        let first = steps.first().map(|s| s.2)?;
        steps.iter().find(|s| s.2 != first).map(|s| (s.0, s.1))
    })
}

/// A month, quarter or half written without its year (`Jan`, `Q1`, `H2`): of no year until a
/// row, a title or `--year` gives it.
fn without_year(label: &str) -> bool {
    let label = label.trim();
    month_word(label).is_some() || part_word(label).is_some()
}

/// What is wrong with a row's Year cell, and the remedy where one flag is it.
type YearCellError = (String, Option<Remedy>);

/// The problem of a row's Year cell on `line`: its message, and with a Buddhist Era year read
/// in CE the remedy (`inspect` applies it, trial 47 F9).
fn year_problem(line: u64, column: usize, (message, remedy): YearCellError) -> Problem {
    Problem { remedy, ..Problem::new(line, message).in_column(column) }
}

/// The year a row's Year cell gives, as the file's calendar writes it.
fn year_of_row(
    fields: &[&str],
    column: usize,
    calendar: Calendar,
) -> std::result::Result<(i32, Option<&'static str>), YearCellError> {
    // A footnote's number after the year ("2024¹"): the footnote gives its status, if any.
    let cell = fields.get(column).map_or("", |c| c.trim()).trim_end_matches(is_footnote_mark);
    let without = |message: String| Err((message, None));
    match Period::parse_label(cell, calendar) {
        Ok((Period::Year(y), status)) => Ok((y, status)),
        _ if calendar == Calendar::Ce && matches!(Period::parse_label(cell, Calendar::Be), Ok((Period::Year(_), _))) => {
            Err((
                format!("the Year cell \"{cell}\" reads only as a Buddhist Era year (2568 is 2025): --calendar be reads it so"),
                Some(Remedy::BuddhistEra),
            ))
        }
        _ if calendar == Calendar::Be && matches!(Period::parse_label(cell, Calendar::Ce), Ok((Period::Year(_), _))) => {
            without(format!("the Year cell \"{cell}\" reads only as a Common Era year (with --calendar be, 2568 is 2025): a Common Era year among Buddhist Era ones? leave --calendar be out, or write it as the others are"))
        }
        _ if cell.is_empty() => without("the Year cell is empty: the row's months have no year; give it".to_string()),
        _ if cell.len() == 4 && cell.bytes().all(|b| b.is_ascii_digit()) => without(format!(
            "the Year cell \"{cell}\" is outside the years tourstat reads ({}-{}): a mistyped year?",
            calendar.written(*crate::period::YEAR_RANGE.start()),
            calendar.written(*crate::period::YEAR_RANGE.end())
        )),
        _ => without(format!("the Year cell must be a year (2025), got \"{cell}\"")),
    }
}

/// The header's headings with its months (read in `STAND_IN_YEAR`) in `year`, and the status
/// a mark on the year gives them (`2025p`), where the month's own has none.
fn of_year(headings: &[Heading], year: i32, status: Option<&'static str>) -> Vec<Heading> {
    let shift = |p: &Period| match p {
        Period::Month { year: STAND_IN_YEAR, month } => Period::Month { year, month: *month },
        Period::Quarter { year: STAND_IN_YEAR, quarter } => Period::Quarter { year, quarter: *quarter },
        Period::Half { year: STAND_IN_YEAR, half } => Period::Half { year, half: *half },
        Period::Year(STAND_IN_YEAR) => Period::Year(year),
        p => *p,
    };
    headings
        .iter()
        .map(|h| match h {
            Heading::Period(p, s) => Heading::Period(shift(p), s.or(status)),
            Heading::MaybeTotal(p, s, parts, all) => {
                Heading::MaybeTotal(shift(p), s.or(status), parts.clone(), *all)
            }
            h => h.clone(),
        })
        .collect()
}

/// A markets-as-rows row's figures under the header's periods, in order (`None` where missing
/// or unread).
fn period_figures(fields: &[&str], headings: &[Heading], ctx: &ParseContext) -> Vec<Option<f64>> {
    headings
        .iter()
        .enumerate()
        .filter(|(_, h)| matches!(h, Heading::Period(..)))
        .map(|(i, _)| {
            let cell = fields.get(i).filter(|c| !missing(c))?;
            read_figure(value_and_status(cell).0, ctx.numbers, ctx.unit).ok()
        })
        .collect()
}

/// A row's figures in its columns headed as a total of the periods (`Total`), with the parts
/// they are checked against once the table's rounding is known: a total that contradicts its
/// periods cannot be told right from them.
fn row_totals(
    line: u64,
    label: &str,
    fields: &[&str],
    values: &[Option<f64>],
    total_columns: &[usize],
    ctx: &ParseContext,
) -> Vec<(u64, String, usize, f64, PartsShown)> {
    let shown: Vec<f64> = values.iter().flatten().copied().collect();
    let mut totals = Vec::new();
    for &j in total_columns {
        let Some(cell) = fields.get(j).filter(|c| !missing(c)) else { continue };
        let Ok(v) = read_figure(value_and_status(cell).0, ctx.numbers, ctx.unit) else {
            continue;
        };
        let parts = PartsShown {
            sum: shown.iter().sum(),
            count: shown.len(),
            all: !values.is_empty() && shown.len() == values.len(),
            // A total column of the table's periods: no period of its own.
            share: 0.0,
            step: row_step(shown.iter().copied().chain([v])),
        };
        totals.push((line, label.to_string(), j, v, parts));
    }
    totals
}

/// What a total passed over is, period by period: the sum of the table's markets (`values`,
/// those of `tops` not in a group of the table), or not, where (trial 77 L1); and how to keep
/// it. `place` says where the total is (a periods-as-rows table's `column K`, each period a
/// row; a markets-as-rows table's `line 12`, each period a column), `header` its label.
/// `None` where no period has it and all the markets.
fn passed_total_note(
    (place, header): (&str, &str),
    totals: &[Option<f64>],
    (values, tops): (&[Vec<Option<f64>>], &[usize]),
    periods: &[String],
    step: f64,
    ctx: &ParseContext,
) -> Option<String> {
    let mut compared = 0;
    let mut off: Vec<(usize, f64, f64)> = Vec::new();
    // Rows off their markets' sum within the table's rounding: how many, and by how much at
    // most (review 64 L1: 800 beside 310 and 500 had been "the sum").
    let (mut near, mut most) = (0, 0.0f64);
    for (r, total) in totals.iter().enumerate() {
        let Some(total) = total else { continue };
        let parts: Option<Vec<f64>> = tops.iter().map(|&k| values[k].get(r).copied().flatten()).collect();
        let Some(parts) = parts.filter(|p| !p.is_empty()) else { continue };
        compared += 1;
        let shown = PartsShown { sum: parts.iter().sum(), count: parts.len(), all: true, share: 1.0, step };
        if !shown.within_rounding(*total) {
            off.push((r, *total, shown.sum));
        } else if !same(*total, shown.sum) {
            near += 1;
            most = most.max((total - shown.sum).abs());
        }
    }
    if compared == 0 {
        return None;
    }
    let keep = if ctx.tree.is_empty() {
        format!("--add-markets \"{header}\" keeps it, as the group of these markets (what it has beyond them then unallocated)")
    } else {
        "a market of the tree named so keeps it (tourstat ingest markets FILE)".to_string()
    };
    let unit = if place.starts_with("column") { "row" } else { "column" };
    let rows = |n: usize| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if off.is_empty() {
        let rounded = match near {
            0 => String::new(),
            _ => format!(
                " (within the rounding of its figures: {} off it by up to {})",
                rows(near),
                crate::output::figure(most)
            ),
        };
        return Some(format!(
            "{place} (\"{header}\") is the sum of the table's markets on {} with all of them{rounded}, and is passed over: no market of the tree is named so; {keep}",
            if compared == 1 { format!("the {unit}") } else { format!("each of the {compared} {unit}s") }
        ));
    }
    let figure = crate::output::figure;
    let each: Vec<String> = off
        .iter()
        .take(3)
        .map(|(r, total, sum)| {
            format!(
                "{}: {} against their {} ({} unallocated)",
                periods.get(*r).map_or("?", String::as_str),
                figure(*total),
                figure(*sum),
                figure(total - sum)
            )
        })
        .collect();
    Some(format!(
        "{place} (\"{header}\"), a total passed over (no market of the tree is named so), is not the sum of the table's markets on {} of the {compared} with all of them: {}{}; {keep}",
        rows(off.len()),
        each.join(", "),
        if off.len() > 3 { ", ..." } else { "" }
    ))
}

/// The markets of a table a total of all of them adds up: those in no group of the table,
/// by its sums (`parent`) or by the tree (review 66 M3: Europe and its countries, whose sums
/// differ by what Europe has unallocated, both added to the total).
fn top_markets(names: &[&str], parent: &[Option<usize>], ctx: &ParseContext) -> Vec<usize> {
    let resolved: Vec<Option<&str>> = names.iter().map(|n| ctx.tree.resolve(n)).collect();
    let above = |k: usize| -> bool {
        let Some(me) = resolved[k] else { return false };
        let ancestors = ctx.tree.ancestors_and_self(me);
        resolved
            .iter()
            .enumerate()
            .any(|(j, r)| j != k && r.is_some_and(|r| r != me && ancestors.iter().any(|a| a == r)))
    };
    (0..names.len()).filter(|&k| parent[k].is_none() && !above(k)).collect()
}

/// The step one row's figures (a total and its parts) are rounded to, where they are enough to
/// show it (six or more: 10, 20 and 30 show a step of ten by chance); 1 otherwise, the table's
/// step deciding (review 26 M1: a small market's tenths made a big one's whole thousands, and
/// its Total rounded on its own, a contradiction).
fn row_step(figures: impl IntoIterator<Item = f64>) -> f64 {
    let figures: Vec<f64> = figures.into_iter().collect();
    if figures.len() >= 6 {
        step_of(figures, 1.0)
    } else {
        1.0
    }
}

/// A header naming what a table counts, not a market: `Arrivals`, `Visitor arrivals`,
/// `Number of visitors`, `Trips` (review 57 H2: Tourism Research Australia's `Trips` column was
/// stored as a market "Trips", and a second region's file "revised" the first's figures).
fn is_measure_word(label: &str) -> bool {
    let l = label.trim().to_ascii_lowercase();
    let l = l.strip_prefix("number of ").unwrap_or(&l);
    let l = l.strip_prefix("overnight ").unwrap_or(l);
    [
        "arrivals",
        "visitor arrivals",
        "tourist arrivals",
        "international arrivals",
        "visitors",
        "tourists",
        "guests",
        "passengers",
        "pax",
        "trips",
        "visits",
        "nights",
        "stays",
        "guest nights",
        "bed nights",
        "room nights",
        "departures",
        "value",
        "count",
    ]
    .contains(&l)
}

/// A total row of a periods-as-rows table, passed over and checked against the rows it totals.
struct TotalRow {
    line: u64,
    label: String,
    /// The year its label names ("Total 2024"), if any.
    year: Option<i32>,
    /// How many period rows came before the total row above it (0 for the first), and before it.
    from: usize,
    after: usize,
    /// Its figure in each market column that has one.
    figures: Vec<(usize, f64)>,
}

impl TotalRow {
    /// The rows it totals, the finest of them: those of the year its label names, else those
    /// since the total row before it (`rows` are the period rows, in order).
    fn parts(&self, rows: &[Period]) -> Vec<usize> {
        if let Some(y) = self.year {
            return finest_parts(&Period::Year(y), rows);
        }
        // The months since the total before it; rows of years or quarters among them leave
        // what it totals untold.
        let block: Vec<usize> = (self.from..self.after.min(rows.len())).collect();
        if block.iter().all(|&q| matches!(rows[q], Period::Month { .. })) {
            block
        } else {
            Vec::new()
        }
    }
}

/// Of a total row's label, whether it is a total of its block or of a year, and the year:
/// `Total`, `Total 2024`, `2024 total`, `Total:`, `Total (2024)`, `Total 2025p` (review 25 L1:
/// these two were passed over unchecked); None for any other (`Total Jan-May`, `Q1 total`,
/// `Grand total`, `Total 2023/24`).
fn plain_total(label: &str, calendar: Calendar) -> Option<Option<i32>> {
    let words: Vec<String> = label
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .filter(|w| !matches!(w.as_str(), "total" | "year" | "annual"))
        .collect();
    match words.as_slice() {
        [] => Some(None),
        [year] => {
            // A status mark after the year ("2025p", "2025*") is no other period.
            let digits = year.trim_end_matches(['p', 'r', 'e', 'f', '*', '†']);
            if digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()) {
                year_in_text(digits, calendar).map(Some)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Whether a row's label is a year's total by a word and the year: "Year 2024", "Annual 2024",
/// "2024 year" (`plain_total` reads its year).
fn year_row(label: &str, calendar: Calendar) -> bool {
    let lower = label.to_ascii_lowercase();
    let worded = lower.split(|c: char| !c.is_alphanumeric()).any(|w| w == "year" || w == "annual");
    worded && plain_total(label, calendar).is_some_and(|y| y.is_some())
}

/// Whether `inner` is inside `outer` and not it.
fn is_inside(outer: &Period, inner: &Period) -> bool {
    inner != outer && outer.start() <= inner.start() && inner.end() <= outer.end()
}

/// The positions of the periods inside `outer` (not `outer` itself) with none of the others
/// inside them: the finest it spans (its months, not a quarter of them beside them).
fn finest_parts(outer: &Period, periods: &[Period]) -> Vec<usize> {
    (0..periods.len())
        .filter(|&q| is_inside(outer, &periods[q]) && !periods.iter().any(|x| is_inside(&periods[q], x)))
        .collect()
}

/// The step the figures are rounded to, as they show it: the largest power of ten (up to a
/// million) dividing every one that is not 0, and never less than `floor` (the unit's one).
/// Months rounded to thousands written out (8,000) beside a total rounded on its own (98,000
/// against their 96,000) differ within rounding, where a step of one would call it a
/// contradiction.
pub(super) fn step_of(figures: impl IntoIterator<Item = f64>, floor: f64) -> f64 {
    let mut step = f64::INFINITY;
    for v in figures.into_iter().filter(|v| *v != 0.0) {
        let mut s = 1.0;
        while s < 1e6 && (v / (s * 10.0)).fract() == 0.0 {
            s *= 10.0;
        }
        // A figure with decimals shows no step of a whole number.
        step = step.min(if v.fract() == 0.0 { s } else { 0.0 });
    }
    if step.is_finite() {
        step.max(floor)
    } else {
        floor
    }
}

pub(super) fn same(figure: f64, sum: f64) -> bool {
    (figure - sum).abs() <= 1e-9 * figure.abs().max(1.0)
}

/// Which row each row is a part of, by the sums: a row whose figures, where it and the rows
/// after it have them, are the sums of the rows right after it (a row that is itself such a
/// group counted once, for its members) is their group. At least two members and a figure
/// other than 0. The sums must be exact in every period (two or more where the row has figures of two or
/// more: one may be by chance), or in two periods of three (with two
/// or more periods) and within 1% in the others, the difference then reported; a sum that
/// overshoots by more ends the search (counts are never negative). Rows are read bottom-up, so
/// each group's members are known before it is tried.
/// In a table rounded to a `step` above one (figures in thousands to a tenth: 100), a sum
/// within rounding's width of the row (half a step for each member and the row) is exact
/// (review 57 H1: ASEAN over its 7 countries in thousands matched their rounded sum in 11
/// months of 23, and was stored beside them, counted twice).
fn groups_by_sums(values: &[Vec<Option<f64>>], step: f64) -> Grouping {
    let n = values.len();
    // The row after the last member of each row that is a group.
    let mut end: Vec<Option<usize>> = vec![None; n];
    let mut differences: Vec<Vec<Difference>> = vec![Vec::new(); n];
    let near = |t: f64, s: f64| (s - t).abs() <= 0.01 * t.abs().max(1.0);
    for i in (0..n).rev() {
        let target = &values[i];
        if !target.iter().any(|v| v.is_some_and(|v| v > 0.0)) {
            continue;
        }
        let given = target.iter().filter(|v| v.is_some()).count();
        let mut sum = vec![Some(0.0); target.len()];
        let (mut at, mut members) = (i + 1, 0);
        // A sum within the tolerance is kept while the rows after may still make it exact.
        let mut near_fit: Option<(usize, Vec<Difference>)> = None;
        while at < n {
            for (s, v) in sum.iter_mut().zip(&values[at]) {
                *s = match (*s, v) {
                    (Some(a), Some(b)) => Some(a + b),
                    _ => None,
                };
            }
            members += 1;
            at = end[at].unwrap_or(at + 1);
            let compared: Vec<Difference> = target
                .iter()
                .zip(&sum)
                .enumerate()
                .filter_map(|(c, (t, s))| Some((c, (*t)?, (*s)?)))
                .collect();
            // Rounding's width is no match where the figure is a few steps (review 58 H2:
            // Cyprus's 0.5 thousand within it of Malta's and Iceland's 0.4 and 0.3): fifty
            // steps or more (review 59 H1: Oceania's 7.4 thousand, off its three countries' sum
            // by 0.1, 1.4% of it, was stored beside them).
            let rounded = |t: f64, s: f64| {
                let slack = 0.5 * (members as f64 + 1.0) * step;
                same(t, s) || (step > 1.0 && (t - s).abs() <= slack && t.abs() >= 50.0 * step)
            };
            // An overshoot within rounding's width ends nothing.
            if compared.is_empty()
                || compared.iter().any(|(_, t, s)| s > t && !near(*t, *s) && !rounded(*t, *s))
            {
                break;
            }
            // And only where a fifth or more of the periods are exact: a market by chance within
            // rounding's width of others every period is exact in none (review 59 H1: Cyprus's
            // 6.0 against Malta's and Iceland's 5.9 or 6.1).
            let strict = compared.iter().filter(|(_, t, s)| same(*t, *s)).count();
            let exact = match strict * 5 >= compared.len() {
                true => compared.iter().filter(|(_, t, s)| rounded(*t, *s)).count(),
                false => strict,
            };
            let all_near = compared.iter().all(|(_, t, s)| near(*t, *s));
            // One period compared proves nothing where the row has more: a sum by chance.
            if members >= 2 && exact == compared.len() && (compared.len() >= 2 || given < 2) {
                near_fit = Some((at, Vec::new()));
                break;
            }
            if members >= 2 && all_near && compared.len() >= 2 && exact * 3 >= compared.len() * 2 {
                near_fit
                    .get_or_insert((at, compared.into_iter().filter(|(_, t, s)| !rounded(*t, *s)).collect()));
            }
        }
        if let Some((e, d)) = near_fit {
            end[i] = Some(e);
            differences[i] = d;
        }
    }
    // From the top: each group's members, nested groups once.
    let mut parent = vec![None; n];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    while at < n {
        while stack.last().is_some_and(|(_, e)| *e <= at) {
            stack.pop();
        }
        parent[at] = stack.last().map(|(g, _)| *g);
        if let Some(e) = end[at] {
            stack.push((at, e));
        }
        at += 1;
    }
    // A row the walk from the top did not take for a group reports no difference.
    for (i, d) in differences.iter_mut().enumerate() {
        if !parent.contains(&Some(i)) {
            d.clear();
        }
    }
    Grouping { parent, differences, overlapping: false }
}

/// The words that make a region a part of a continent ("South-East Asia").
const SIDES: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeast",
    "southeast",
    "northwest",
    "southwest",
    "north-east",
    "south-east",
    "north-west",
    "south-west",
    "sub-saharan",
];

/// Whether a market's name is a region's: a continent or a part of one ("Asia", "South-East
/// Asia", "Americas", "Middle East", "EU"), maybe with "total" (not South Africa).
fn region_name(name: &str) -> bool {
    const REGIONS: &[&str] = &[
        "asia",
        "europe",
        "africa",
        "america",
        "americas",
        "oceania",
        "pacific",
        "middle east",
        "caribbean",
        "asean",
        "scandinavia",
        "nordic countries",
        "benelux",
        "eu",
        "eu27",
        "european union",
        "latin america",
        "gulf states",
        "gcc",
    ];
    let lower = name.trim().to_lowercase().replace('&', "and");
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    if words.last().is_some_and(|w| matches!(*w, "total" | "(total)" | "region" | "countries"))
        && words.len() > 1
    {
        words.pop();
    }
    if words.first() == Some(&"total") && words.len() > 1 {
        words.remove(0);
    }
    let whole = words.join(" ");
    if whole == "south africa" {
        return false;
    }
    // One side word or two ("South East Asia").
    let sides = words.iter().take(2).take_while(|w| SIDES.contains(w)).count();
    let rest = words[sides..].join(" ");
    REGIONS.contains(&whole.as_str()) || REGIONS.contains(&rest.as_str())
}

/// The continents of a region's name (`region_name`), or of a market's where it is among the
/// usual source markets: for a region's rows to be of its own continent.
fn continents(name: &str) -> Option<&'static [&'static str]> {
    let lower: String =
        name.trim().to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let key = words.join(" ");
    const ASIA: &[&str] = &["asia"];
    const EUROPE: &[&str] = &["europe"];
    const EURASIA: &[&str] = &["europe", "asia"];
    const AMERICAS: &[&str] = &["americas"];
    const OCEANIA: &[&str] = &["oceania"];
    const AFRICA: &[&str] = &["africa"];
    const MIDDLE_EAST: &[&str] = &["middle east", "asia"];
    const EGYPT: &[&str] = &["africa", "middle east"];
    if region_name(name) {
        let has = |w: &str| words.contains(&w);
        return Some(match () {
            _ if has("asia") || has("asean") => ASIA,
            _ if has("europe")
                || has("eu")
                || has("eu27")
                || has("european")
                || has("scandinavia")
                || has("nordic")
                || has("benelux") =>
            {
                EUROPE
            }
            _ if has("america") || has("americas") || has("caribbean") => AMERICAS,
            _ if has("oceania") || has("pacific") => OCEANIA,
            _ if has("africa") || has("saharan") => AFRICA,
            _ => MIDDLE_EAST,
        });
    }
    let of = |list: &[&str]| list.contains(&key.as_str());
    Some(match () {
        _ if of(&[
            "china",
            "japan",
            "korea",
            "south korea",
            "korea rep",
            "republic of korea",
            "korea republic of",
            "india",
            "singapore",
            "malaysia",
            "thailand",
            "indonesia",
            "vietnam",
            "viet nam",
            "philippines",
            "taiwan",
            "hong kong",
            "hong kong sar",
            "hong kong sar china",
            "china hong kong sar",
            "macao sar china",
            "china macao sar",
            "macau",
            "macao",
            "cambodia",
            "laos",
            "myanmar",
            "bangladesh",
            "sri lanka",
            "pakistan",
            "nepal",
            "mongolia",
            "brunei",
        ]) =>
        {
            ASIA
        }
        _ if of(&[
            "united kingdom",
            "uk",
            "germany",
            "france",
            "italy",
            "spain",
            "netherlands",
            "belgium",
            "switzerland",
            "austria",
            "sweden",
            "norway",
            "denmark",
            "finland",
            "ireland",
            "portugal",
            "poland",
            "czechia",
            "czech republic",
            "greece",
            "hungary",
            "romania",
            "luxembourg",
            "iceland",
        ]) =>
        {
            EUROPE
        }
        _ if of(&["russia", "russian federation", "turkey", "türkiye", "turkiye"]) => EURASIA,
        _ if of(&[
            "israel",
            "united arab emirates",
            "uae",
            "saudi arabia",
            "qatar",
            "kuwait",
            "bahrain",
            "oman",
            "iran",
            "iraq",
            "jordan",
            "lebanon",
        ]) =>
        {
            MIDDLE_EAST
        }
        _ if of(&["egypt"]) => EGYPT,
        _ if of(&[
            "united states",
            "usa",
            "us",
            "united states of america",
            "canada",
            "mexico",
            "brazil",
            "argentina",
            "chile",
            "colombia",
            "peru",
        ]) =>
        {
            AMERICAS
        }
        _ if of(&["australia", "new zealand", "fiji", "papua new guinea"]) => OCEANIA,
        _ if of(&[
            "south africa",
            "nigeria",
            "kenya",
            "morocco",
            "ethiopia",
            "tanzania",
            "ghana",
            "mauritius",
            "tunisia",
            "algeria",
        ]) =>
        {
            AFRICA
        }
        _ => return None,
    })
}

/// Whether a region's name is of a part of a continent ("South-East Asia", "Middle East"), not
/// the whole of one.
fn region_part(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    let first = lower.split(|c: char| c.is_whitespace() || c == '-').next().unwrap_or("");
    SIDES.contains(&first)
        || first == "sub"
        || lower.contains("middle east")
        || lower.contains("gulf")
        || lower.contains("gcc")
}

/// How a region's row stands to a run of rows next to it (`unlisted_region`).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum RegionRows {
    /// More than their sum in every period: the least and most it is more by, and the step the
    /// table's figures are rounded to where that is within rounding's width (half a step for
    /// each row and the region's).
    More(Vec<usize>, f64, f64, Option<f64>),
    /// Their sum in half the periods or more (how many), not in the others: (period, its
    /// figure, their sum) of those.
    Slip(Vec<usize>, usize, Vec<(usize, f64, f64)>),
}

/// A region's row (`region_name`) that no sum made a group, next to two rows or more of its
/// own continent (as far as `continents` knows them; none of another) that it is more than in
/// every period (by countries it does not list: "Asia includes other Asian countries not
/// shown"), or whose sum it is in half the periods or more but not in the others (a slip in
/// a figure): the row, and the runs so (right after it, or right before it, a subtotal under
/// them). The figures cannot tell which it holds. `--add-markets` would put it beside them,
/// counted twice in every total (trial 87 H1: Total 889,058 where 572,148, China's share
/// 24.8% where 38.5%; review 84 H1: Asia the sum of Japan and Korea but in April, beside
/// them). Not of a region of its own among other continents' markets (review 84 M1: Africa
/// after Japan and Korea in a table sorted by size, refused).
pub(super) fn unlisted_region(
    values: &[Vec<Option<f64>>],
    names: &[String],
    grouping: &Grouping,
) -> Option<(usize, Vec<RegionRows>)> {
    let n = values.len();
    let grouped = |k: usize| grouping.parent[k].is_some() || grouping.parent.contains(&Some(k));
    let step = step_of(values.iter().flatten().flatten().copied(), 1.0);
    for i in (0..n).filter(|&i| region_name(&names[i]) && !grouped(i)) {
        let Some(region) = continents(&names[i]).and_then(|c| c.first().copied()) else { continue };
        // A part of a continent ("South-East Asia") beside countries of another part of it
        // (Japan) may be a market of its own: the list knows continents, not their parts, so
        // only a sum in most periods tells (review 85 B-M1: refused beside Japan and Korea).
        let part_of = region_part(&names[i]);
        let after: Vec<usize> = (i + 1..n).collect();
        let before: Vec<usize> = (0..i).rev().collect();
        for side in [after, before] {
            let mut sum = values[i].iter().map(|v| v.map(|_| 0.0)).collect::<Vec<Option<f64>>>();
            let (mut runs, mut own) = (Vec::new(), false);
            for (taken, &j) in side.iter().enumerate() {
                let theirs = continents(&names[j]);
                if grouped(j) || region_name(&names[j]) || theirs.is_some_and(|c| !c.contains(&region)) {
                    break;
                }
                own |= theirs.is_some();
                for (s, v) in sum.iter_mut().zip(&values[j]) {
                    *s = match (*s, v) {
                        (Some(a), Some(b)) => Some(a + b),
                        _ => None,
                    };
                }
                let by: Vec<(usize, f64, f64)> = values[i]
                    .iter()
                    .zip(&sum)
                    .enumerate()
                    .filter_map(|(c, (t, s))| Some((c, (*t)?, (*s)?)))
                    // (Periods of 0 in both prove nothing: review 85 B-L1.)
                    .filter(|(_, t, s)| *t != 0.0 || *s != 0.0)
                    .collect();
                if by.len() < 2 {
                    break;
                }
                let exact = by.iter().filter(|(_, t, s)| same(*t, *s)).count();
                let over = by.iter().filter(|(_, t, s)| s > t && !same(*t, *s)).count();
                if taken >= 1 && own {
                    if !part_of && by.iter().all(|(_, t, s)| t > s && !same(*t, *s)) {
                        let diffs = by.iter().map(|(_, t, s)| t - s);
                        let least = diffs.clone().fold(f64::INFINITY, f64::min);
                        let most = diffs.fold(0.0, f64::max);
                        let width = 0.5 * (taken as f64 + 2.0) * step;
                        let rounding = (step > 1.0 && most <= width).then_some(step);
                        runs.push(RegionRows::More(side[..=taken].to_vec(), least, most, rounding));
                    } else if exact >= 2 && exact * 2 >= by.len() && exact < by.len() {
                        let off = by.into_iter().filter(|(_, t, s)| !same(*t, *s)).collect();
                        runs.push(RegionRows::Slip(side[..=taken].to_vec(), exact, off));
                        break;
                    }
                }
                if over * 2 > values[i].len() {
                    break;
                }
            }
            if !runs.is_empty() {
                return Some((i, runs));
            }
        }
    }
    None
}

/// The problem `unlisted_region` finds, under `--add-markets`: refused, with the markets file
/// that places its rows.
pub(super) fn unlisted_region_problem(
    (i, runs): (usize, Vec<RegionRows>),
    names: &[String],
    periods: &[String],
    place: impl Fn(usize) -> String,
) -> String {
    let region = names[i].trim();
    let amount = |x: f64| crate::output::thousands(x.round() as i64);
    let joined = |rows: &[usize]| rows.iter().map(|&k| names[k].trim()).collect::<Vec<_>>().join(" + ");
    let first = |rows: &[usize]| rows.first().map_or("", |&k| names[k].trim()).to_string();
    let tail = "--add-markets would store it beside them, counted twice in every total above";
    if let Some(RegionRows::Slip(rows, exact, off)) = runs.iter().find(|r| matches!(r, RegionRows::Slip(..)))
    {
        let each: Vec<String> = off
            .iter()
            .take(3)
            .map(|(c, t, s)| {
                format!(
                    "{}: {} against their {}",
                    periods.get(*c).map_or("?", String::as_str),
                    amount(*t),
                    amount(*s)
                )
            })
            .collect();
        return format!(
            "{region} ({}) is the sum of {} in {exact} periods of {}, but not in {} ({}): a slip in a figure, or a group with a member not listed? {tail}; correct the figure, or load a markets file first (tourstat ingest markets) with the countries it holds under it (lines such as {},{region}) and leave --add-markets out",
            place(i),
            joined(rows),
            exact + off.len(),
            off.len(),
            each.join("; "),
            first(rows)
        );
    }
    let each: Vec<String> = runs
        .iter()
        .take(3)
        .filter_map(|r| match r {
            RegionRows::More(rows, least, most, _) => {
                let by = if least == most {
                    amount(*least)
                } else {
                    format!("{} to {}", amount(*least), amount(*most))
                };
                Some(format!("{} by {by}", joined(rows)))
            }
            RegionRows::Slip(..) => None,
        })
        .collect();
    let lead = runs.first().map(|r| match r {
        RegionRows::More(rows, ..) | RegionRows::Slip(rows, ..) => first(rows),
    });
    // By no more than the rounding of the table's figures: their subtotal, rounded on its own,
    // may be so too (trial 94 M2: Europe 16.1 thousand against Germany's 9.0 and France's
    // 7.0, said to be a region with countries it does not list, and that alone).
    let rounding = match runs.first() {
        Some(RegionRows::More(_, _, _, Some(step))) => format!(
            ", by no more than the rounding of the table's figures (each to the nearest {}): their subtotal, each figure rounded on its own, or",
            amount(*step)
        ),
        _ => ":".to_string(),
    };
    format!(
        "{region} ({}) is more than the rows next to it in every period ({}){rounding} a region with countries it does not list? {tail}; load a markets file first (tourstat ingest markets) with the countries it holds under it (lines such as {},{region}; a market of its own goes under the top), and leave --add-markets out",
        place(i),
        each.join("; "),
        lead.unwrap_or_default()
    )
}

/// The groups of a table: above their members (a region over its countries), or, where the
/// table has none so, after them (its subtotal under its countries).
pub(super) fn table_groups(values: &[Vec<Option<f64>>]) -> Grouping {
    let step = step_of(values.iter().flatten().flatten().copied(), 1.0);
    let down = groups_by_sums(values, step);
    if down.parent.iter().any(Option::is_some) {
        return down;
    }
    let n = values.len();
    let reversed: Vec<Vec<Option<f64>>> = values.iter().rev().cloned().collect();
    let up = groups_by_sums(&reversed, step);
    Grouping {
        parent: (0..n).map(|k| up.parent[n - 1 - k].map(|p| n - 1 - p)).collect(),
        differences: (0..n).map(|k| up.differences[n - 1 - k].clone()).collect(),
        overlapping: false,
    }
}

/// Groups whose members' counts overlap (a survey's trips to a state, counted once where
/// they stop in two of its regions), where no row is the sum of others: the rows fall, in
/// order, into blocks each closed by a row that is at least the largest of the block's rows,
/// at least half their sum and at most their sum and a twentieth in every period where all
/// have figures (six or more: a survey's estimates of a state and its regions are not always
/// consistent, and a touring trip stops in many regions), or within 1% of the one row of its
/// block and above 0 (a territory of one region). Only where exactly one such split covers
/// every row, with three blocks of three rows or more: a row larger than those before it
/// proves nothing on its own, and a list of markets sorted by size splits so by chance more
/// often the fewer and smaller its blocks. Groups after their members, else before.
pub(super) fn overlapping_groups(values: &[Vec<Option<f64>>]) -> Option<Grouping> {
    let n = values.len();
    let from_top = |values: &[Vec<Option<f64>>]| -> Option<Vec<Option<usize>>> {
        // ways[j]: the splits of the first j rows into closed blocks (counted up to two),
        // from[j]: where the last block of one of them starts.
        let mut ways = vec![0u8; n + 1];
        let mut from = vec![0; n + 1];
        ways[0] = 1;
        for g in 1..n {
            for start in closed_by(values, g) {
                if ways[start] > 0 {
                    ways[g + 1] = (ways[g + 1] + ways[start]).min(2);
                    from[g + 1] = start;
                }
            }
        }
        if ways[n] != 1 {
            return None;
        }
        let mut parent = vec![None; n];
        let (mut end, mut large) = (n, 0);
        while end > 0 {
            let (start, g) = (from[end], end - 1);
            (start..g).for_each(|k| parent[k] = Some(g));
            large += usize::from(g - start >= 3);
            end = start;
        }
        (large >= 3).then_some(parent)
    };
    if let Some(parent) = from_top(values) {
        return Some(Grouping { parent, differences: vec![Vec::new(); n], overlapping: true });
    }
    let reversed: Vec<Vec<Option<f64>>> = values.iter().rev().cloned().collect();
    let up = from_top(&reversed)?;
    Some(Grouping {
        parent: (0..n).map(|k| up[n - 1 - k].map(|p| n - 1 - p)).collect(),
        differences: vec![Vec::new(); n],
        overlapping: true,
    })
}

/// Where the blocks that row `g` closes start: the rows from there to `g` are its members,
/// it at least their largest, at least half their sum and at most their sum and a twentieth
/// in every period (six or more) where all have figures, above 0 in one, or within 1% of its
/// one member. A block grows upwards until a row of it is larger than `g` somewhere (beyond
/// the last digits: it can never close again).
fn closed_by(values: &[Vec<Option<f64>>], g: usize) -> Vec<usize> {
    let own = &values[g];
    let mut largest: Vec<Option<f64>> = own.iter().map(|v| v.map(|_| 0.0)).collect();
    let mut sum = largest.clone();
    let mut starts = Vec::new();
    for start in (0..g).rev() {
        for ((l, s), v) in largest.iter_mut().zip(sum.iter_mut()).zip(&values[start]) {
            match (*l, *v) {
                (Some(a), Some(b)) => {
                    *l = Some(a.max(b));
                    *s = s.map(|s| s + b);
                }
                _ => (*l, *s) = (None, None),
            }
        }
        let compared: Vec<(f64, f64, f64)> = own
            .iter()
            .zip(largest.iter().zip(&sum))
            .filter_map(|(o, (l, s))| Some(((*o)?, (*l)?, (*s)?)))
            .collect();
        if compared.iter().any(|(o, l, _)| *o < l * (1.0 - 1e-6)) {
            break;
        }
        let closes = if start + 1 == g {
            compared.iter().all(|(o, l, _)| *o > 0.0 && (o - l).abs() <= 0.01 * o)
        } else {
            compared.iter().any(|(o, _, _)| *o > 0.0)
                && compared.iter().all(|(o, _, s)| *o >= s * 0.5 && *o <= s * 1.05)
        };
        if closes && compared.len() >= 6 {
            starts.push(start);
        }
    }
    starts
}

/// Each group in words, for `inspect`: where it is, what it sums, and where its own figure
/// differs from the sum (`place`: "line 4" or "column C"; `periods`: the labels of the
/// values' positions).
pub(super) fn describe_groups(
    grouping: &Grouping,
    place: impl Fn(usize) -> String,
    names: &[String],
    periods: &[String],
    (under, above): (&str, &str),
) -> Vec<String> {
    let n = grouping.parent.len();
    let within = |k: usize, g: usize| {
        let mut up = grouping.parent[k];
        while let Some(p) = up {
            if p == g {
                return true;
            }
            up = grouping.parent[p];
        }
        false
    };
    let mut out = Vec::new();
    for (g, name) in names.iter().enumerate().take(n) {
        let members = grouping.parent.iter().filter(|p| **p == Some(g)).count();
        if members == 0 {
            continue;
        }
        let first = (0..n).find(|k| within(*k, g)).unwrap_or(g);
        let last = (0..n).rev().find(|k| within(*k, g)).unwrap_or(g);
        let members_are = if first > g { under } else { above };
        let differences: Vec<String> = grouping.differences[g]
            .iter()
            .map(|(c, own, sum)| {
                format!(
                    "{}: {} against their {} ({} unallocated)",
                    periods.get(*c).map_or("?", String::as_str),
                    crate::output::figure(*own),
                    crate::output::figure(*sum),
                    crate::output::figure(own - sum)
                )
            })
            .collect();
        if grouping.overlapping {
            out.push(match members {
                1 => format!("{}, {name}: within 1% of {} in every period (of the Total measure, where the table has one)", place(g), place(first)),
                _ => format!(
                    "{}, {name}: a group of the {members} {members_are} ({} to {}) whose counts overlap: in every period (of the Total measure, where the table has one) at least the largest of them, and between half their sum and their sum and a twentieth",
                    place(g),
                    place(first),
                    place(last)
                ),
            });
            continue;
        }
        out.push(format!(
            "{}, {}: the sum of the {members} {members_are} ({} to {}, groups counted once){}",
            place(g),
            name,
            place(first),
            place(last),
            if differences.is_empty() {
                String::new()
            } else {
                format!("; not in {}", differences.join(", "))
            }
        ));
    }
    out
}

/// A grand total in the publishers' other languages: German, French, Spanish, Italian, Dutch,
/// Portuguese, Japanese, Chinese, Korean and Thai.
const GRAND_TOTALS: [&str; 22] = [
    "insgesamt",
    "gesamt",
    "summe",
    "total général",
    "total general",
    "ensemble",
    "totale",
    "totaal",
    "total geral",
    "合計",
    "合计",
    "总计",
    "總計",
    "総計",
    "計",
    "总数",
    "합계",
    "총계",
    "전체",
    "รวม",
    "รวมทั้งสิ้น",
    "ทั้งหมด",
];

pub(super) fn is_total(label: &str) -> bool {
    let l = label.trim().trim_end_matches(':').trim().to_ascii_lowercase();
    let everyone =
        ["countries", "nationalities", "markets", "visitors", "arrivals", "residence", "origins", "regions"];
    l == "total"
        || l.starts_with("total ")
        || l.ends_with(" total")
        || l.ends_with("(total)")
        || l == "all"
        || (l.starts_with("all ") && everyone.iter().any(|w| l.contains(w)))
        || ["world", "sum", "overall", "grand total"].contains(&l.as_str())
        || GRAND_TOTALS.contains(&l.as_str())
        || ["subtotal", "sub-total", "sub total"].iter().any(|w| l.starts_with(w))
}

/// A column of the total of the periods beside it: a total's heading, or, after the periods,
/// the year's ("Year", "Annual", "Jan-Dec") over months (trial 44 M3: a ministry's "Year"
/// column refused the file). A "Year" before the periods is the year of each row (review 24
/// M4), no total.
fn is_total_column(label: &str, after_periods: bool) -> bool {
    let l = label.trim().trim_end_matches(':').trim().to_ascii_lowercase().replace(['–', '—'], "-");
    let year_words = [
        "year",
        "annual",
        "full year",
        "whole year",
        "year total",
        "jan-dec",
        "jan - dec",
        "january-december",
    ];
    is_total(label) || (after_periods && year_words.contains(&l.as_str()))
}

/// A memo item or a part of the row above ("of which: cruise", "Memo: residents abroad",
/// "incl. day trips", "thereof", "davon"): no market of its own, never a member of a group.
fn is_memo(label: &str) -> bool {
    let lower = label.trim().to_ascii_lowercase();
    let l = lower.trim_start_matches(['-', ' ']);
    l.contains("(memo)")
        || l.contains("not included in")
        || [
            "of which",
            "o/w",
            "memo",
            "memorandum",
            "incl.",
            "including",
            "includes",
            "thereof",
            "davon",
            "dont ",
            "of whom",
        ]
        .iter()
        .any(|w| l.starts_with(w))
}

/// The market a total's label names beside its total word ("Europe total", "Japan, total",
/// "Subtotal Asia"): the row is that market's own figure, not a total to pass over.
fn total_of<'t>(label: &str, tree: &'t MarketTree) -> Option<&'t str> {
    let l = label.trim().trim_end_matches(':').trim();
    let lower = l.to_ascii_lowercase();
    let cut = |s: &'_ str| s.trim_matches(|c: char| c.is_whitespace() || ",-–:".contains(c)).to_string();
    let name = if let Some(rest) = lower.strip_suffix("(total)").or_else(|| lower.strip_suffix("total")) {
        cut(&l[..rest.len()])
    } else {
        let prefix =
            ["sub-total", "sub total", "subtotal", "total"].into_iter().find(|p| lower.starts_with(p))?;
        cut(&l[prefix.len()..])
    };
    (!name.is_empty()).then(|| tree.resolve(&name)).flatten()
}

/// A total of the whole table, not of a part of it ("Total", "All nationalities", "World";
/// not "Asia total" nor "Subtotal").
fn is_grand_total(label: &str) -> bool {
    let l = label.trim().trim_end_matches(':').trim().to_ascii_lowercase();
    ["total", "grand total", "all", "world", "sum", "overall"].contains(&l.as_str())
        || GRAND_TOTALS.contains(&l.as_str())
        || (l.starts_with("all ") && is_total(&l))
}

/// The one month a title names ("Visitor arrivals in November, 2015-2019"), written with a
/// capital as English writes a month ("may" is no month); none where it names two or more (a
/// range: "January-November").
fn month_in_title(text: &str) -> Option<u32> {
    let mut months: Vec<u32> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| title_month_word(w))
        .filter_map(month_word)
        .collect();
    months.dedup();
    match months.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// A word of a title that may be a month's name: capitalised (English "March", not "march"
/// the verb; German "März"), or a month of the other languages read, which write them in lower
/// case ("mars", "marzo", "março").
fn title_month_word(w: &str) -> bool {
    w.starts_with(|c: char| c.is_uppercase()) || crate::period::foreign_month_word(w).is_some()
}

/// Whether a title names part of a year: a range of months ("January-June", "Jan to Jun"),
/// months up to one ("to June", "through June", "end of June"), a quarter or half ("Q1", "H1",
/// "first quarter", "quarterly",
/// "first half", "semester 1") or a running total ("year to date", "YTD", "cumulative").
/// "January-December" and "to December" are the whole year.
/// Whether a title names a month ("in November") or part of a year ("January-June", "Q1").
pub(super) fn names_part_of_a_year(text: &str) -> bool {
    month_in_title(text).is_some() || part_of_year_in_title(text)
}

fn part_of_year_in_title(text: &str) -> bool {
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut months: Vec<u32> =
        words.iter().filter(|w| title_month_word(w)).filter_map(|w| month_word(w)).collect();
    months.sort_unstable();
    months.dedup();
    let range = months.len() >= 2 && months != [1, 12];
    let before_december = |w: &str| month_word(w).is_some_and(|m| m < 12);
    let up_to = lower.windows(2).any(|p| {
        ["to", "through", "thru", "until", "till"].contains(&p[0].as_str()) && before_december(&p[1])
    }) || lower.windows(3).any(|p| p[0] == "end" && p[1] == "of" && before_december(&p[2]));
    let part = lower.iter().any(|w| {
        [
            "ytd",
            "cumulative",
            "semester",
            "half",
            "halfyear",
            "h1",
            "h2",
            "1h",
            "2h",
            "q1",
            "q2",
            "q3",
            "q4",
            "season",
            "summer",
            "winter",
            "trimester",
            // Quarters, halves and running totals in the other languages read.
            "trimestre",
            "trimestres",
            "quartal",
            "kwartaal",
            "semestre",
            "halbjahr",
            "cumul",
            "cumulé",
            "cumulés",
            "acumulado",
            "acumulada",
            "cumulato",
            "kumuliert",
            "1q",
            "2q",
            "3q",
            "4q",
        ]
        .contains(&w.as_str())
    });
    let phrase = |p: &[&str]| lower.windows(p.len()).any(|w| w.iter().zip(p).all(|(a, b)| a == b));
    // "first quarter", "quarter 1": one quarter, not a bulletin published each quarter.
    let ordinal = ["first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th"];
    let one_quarter = lower.windows(2).any(|p| {
        (ordinal.contains(&p[0].as_str()) && p[1] == "quarter")
            || (p[0] == "quarter" && ["1", "2", "3", "4"].contains(&p[1].as_str()))
    });
    range
        || up_to
        || part
        || one_quarter
        || phrase(&["to", "date"])
        || phrase(&["six", "months"])
        || phrase(&["first", "six"])
        // "first three months", "first 9 months", "the first months".
        || lower.windows(3).any(|p| {
            p[0] == "first"
                && ["two", "three", "four", "five", "seven", "eight", "nine", "ten", "eleven", "2", "3", "4", "5", "7", "8", "9", "10", "11"]
                    .contains(&p[1].as_str())
                && p[2].starts_with("month")
        })
}

/// Years under a title that names part of a year: figures of that part, not of the years.
fn part_of_year_error(label: &str, line: u64, text: &str) -> Error {
    Error::invalid_at(
        label,
        line,
        format!(
            "the title \"{text}\" names part of a year and the periods are years: the figures are of that part of each year, not whole years, and tourstat stores months, quarters, halves and years; write the periods as such (2025-H1, 2025-Q1), or --month year if they are whole years"
        ),
    )
}

/// A year as `--month` reads it: that month of the year, or the year.
fn of_month(p: Period, month: Option<super::YearColumns>) -> Period {
    match (p, month) {
        (Period::Year(year), Some(super::YearColumns::Month(month))) => Period::Month { year, month },
        _ => p,
    }
}

/// Years under a title that names a month: which they are is not guessed.
fn month_in_title_error(label: &str, month: u32, line: u64, text: &str) -> Error {
    let name = super::YearColumns::Month(month);
    Error::Invalid {
        file: label.to_string(),
        problems: vec![Problem::new(
            line,
            format!(
                "the title \"{text}\" names a month and the periods are years: are the figures that month's of each year, or whole years? --month {name} reads them as {name} of each year, --month year as years (a year-to-date table, January to the month, is neither: tourstat stores months, quarters and years)"
            ),
        )],
        total: 1,
    }
}

/// A value with perhaps a status letter after it: `"12,345"`, `123p`, `98 r`, `238.9 (p)`.
pub(super) fn value_and_status(cell: &str) -> (&str, Option<&'static str>) {
    // A footnote mark after the figure (`120,000*`, `98¹`) is read past (trial 64 M2); the
    // status its footnote gives is the table's to say (`figure_mark`).
    let t = figure_mark(cell).0;
    // The letter in brackets, as offices print it (trial 69 M5: `238.9 (p)` refused).
    let bracketed = t
        .strip_suffix(')')
        .and_then(|inner| inner.rsplit_once('('))
        .filter(|(_, letter)| letter.trim().chars().count() == 1)
        .map(|(body, letter)| (body.trim_end(), letter.trim()));
    let (last, body) = match bracketed {
        Some((body, letter)) => (letter.chars().next().unwrap_or(' ').to_ascii_lowercase(), body),
        None => (
            t.chars().last().unwrap_or(' ').to_ascii_lowercase(),
            t[..t.len() - t.chars().last().map_or(0, char::len_utf8)].trim_end(),
        ),
    };
    if matches!(last, 'p' | 'r' | 'e' | 'f') && body.ends_with(|c: char| c.is_ascii_digit()) {
        let status = match last {
            'p' => "P",
            'e' => "E",
            'f' => "F",
            // Revised: an actual figure, kept as a later vintage beside the first.
            _ => "A",
        };
        return (body, Some(status));
    }
    (t, None)
}

/// Reads a wide table of arrivals or targets; `None` when the file is not one (the long
/// layout's own message then says what was expected).
/// A year in a file's name ("2015-arrivals.csv", "arrivals_2015.xlsx"): four digits standing
/// alone, from 1950 to 2100.
fn year_in_name(label: &str) -> Option<i32> {
    let name = std::path::Path::new(label.split(':').next().unwrap_or(label))
        .file_stem()?
        .to_string_lossy()
        .to_string();
    year_in_text(&name, Calendar::Ce)
}

/// The first year standing alone in a text (four digits, 1950 to 2100; with the Buddhist Era
/// calendar, 2493 to 2643), in Common Era.
fn year_in_text(text: &str, calendar: Calendar) -> Option<i32> {
    text.split(|c: char| !c.is_ascii_digit()).filter(|d| d.len() == 4).find_map(|d| {
        let y = d.parse::<i32>().ok()?;
        match calendar {
            Calendar::Be if (1950 + BE_OFFSET..=2100 + BE_OFFSET).contains(&y) => Some(y - BE_OFFSET),
            Calendar::Ce if (1950..=2100).contains(&y) => Some(y),
            _ => None,
        }
    })
}

/// The unit a table's title gives its figures: "(in thousands)", "('000)", "Millions".
/// Whether a number is compared with, not a unit: after words that compare ("with", "over",
/// "than", "least", "under", "above", "below", "to": `before`, up to the number) or before them
/// ("or more", "and over", "+": `after`, from the number's end).
fn compared(before: &str, after: &str) -> bool {
    let word = before.split_whitespace().next_back().unwrap_or("");
    ["with", "over", "than", "least", "under", "above", "below", "to", "from", "exceeding", "upto"]
        .contains(&word)
        || ["or ", "and ", "+", "plus"].iter().any(|w| after.trim_start().starts_with(w))
}

pub(super) fn unit_in_title(text: &str) -> Option<Unit> {
    // A letter footnote's mark first ("(m) Excludes transit passengers.", as ABS tables letter
    // their notes) is no unit (review 32 H3).
    let text = match text.trim_start().strip_prefix('(').and_then(|r| r.split_once(')')) {
        Some((mark, rest)) if mark.len() == 1 && mark.chars().all(|c| c.is_ascii_alphabetic()) => rest,
        _ => text,
    };
    let t = text.to_lowercase().replace(['(', ')', '[', ']', ',', ':', ';', '_'], " ");
    let t = format!(" {} ", t.split_whitespace().collect::<Vec<_>>().join(" "));
    let any = |words: &[&str]| words.iter().any(|w| t.contains(w));
    // Forms whose brackets make them a unit ("(k)"): read before the brackets go.
    let lower = text.to_lowercase();
    let raw = |forms: &[&str]| forms.iter().any(|f| lower.contains(f));
    // Units whose words or zeros hold another's ("ten thousand", "10 000", "100 000", 千万):
    // read before those.
    if any(&["千万", "千萬"]) {
        return Some(Unit::Crores);
    }
    if any(&["百万", "百萬"]) {
        return Some(Unit::Millions);
    }
    if any(&[" lakh ", " lakhs ", " in lac ", " in lacs "]) {
        return Some(Unit::Lakhs);
    }
    if any(&[" crore ", " crores "]) {
        return Some(Unit::Crores);
    }
    if any(&[" 100 thousand", "hundred thousand", "hundreds of thousands"]) {
        return Some(Unit::Lakhs);
    }
    if any(&[
        "ten thousand",
        "ten-thousand",
        "tens of thousands",
        " 10 thousand",
        "万人",
        "萬人",
        "만 명",
        "만명",
    ]) {
        return Some(Unit::TenThousands);
    }
    // A power of ten alone in brackets: "Arrivals [1000]", "(1.000)".
    let bracketed = lower.split(['(', '[']).skip(1).filter_map(|rest| rest.split([')', ']']).next());
    for inside in bracketed {
        let unit = power_of_ten_unit(inside.trim()).filter(|_| inside.split_whitespace().count() <= 2);
        if let Some(unit) = unit.and_then(Unit::of_exponent) {
            return Some(unit);
        }
    }
    // Units no word list below holds ("x 10 000", "in 100.000s"); a thousand and a million are
    // read after the lists, a hundred only by its words.
    if let Some(unit) = power_of_ten_unit(&t).filter(|n| [4, 5, 7].contains(n)).and_then(Unit::of_exponent) {
        return Some(unit);
    }
    // "(x 1 000 000)" holds a thousand's "1 000" too: a million's zeros are read first.
    if any(&["1 000 000", "1.000.000", "1,000,000", "1000000", "1\u{a0}000\u{a0}000"]) {
        return Some(Unit::Millions);
    }
    if any(&[
        "thousand",
        "千人",
        "천명",
        "천 명",
        "tausend",
        "millier",
        "migliaia",
        " miles ",
        "milhares",
        "duizend",
        "tusen",
        "tusind",
        "tuhat",
        " tys. ",
        "тыс",
        " in 1.000 ",
        " in 1 000 ",
        " x 1.000",
        " x 1 000",
        "×1000",
        "× 1000",
        "×1 000",
        "× 1 000",
        "×1.000",
        "× 1.000",
        "'000",
        "\u{2019}000",
        " 000s",
        " in 000 ",
        " x 1000",
        " x1000",
        " x 1,000",
        "1,000 persons",
        "1000 persons",
        " 1000s",
        " 1,000s",
        " 1.000s",
        " 1 000s",
        " in 1000 ",
        " in 1,000 ",
        "units 1000 ",
        "unit 1000 ",
        " thous",
        " tsd",
        " 10^3 ",
        // Trial 57 H1: forms read as people until now.
        " 000's",
        " 000\u{2019}s",
        " ths ",
        " ths. ",
        " thsd",
        " thou ",
        " thou. ",
        "10³",
    ]) || raw(&["(th.)", "(k)", "(in k)"])
        // "(000)", "(1 000)": zeros alone or after a 1, not the end of another number ("over 10 000"),
        // nor a number compared with (review 101 L2: "Markets with 1,000 or more arrivals" read
        // as thousands, and `inspect` offered the unit).
        || t.match_indices(" 000 ").any(|(at, _)| {
            let before = &t[..at];
            let after = &t[at + 5..];
            (!before.ends_with(|c: char| c.is_ascii_digit()) || before.ends_with(" 1"))
                && !compared(before.trim_end_matches(|c: char| c.is_ascii_digit()), after)
        })
        || lower.trim_end().ends_with("_k")
    {
        Some(Unit::Thousands)
    } else if any(&[" hundreds ", " in hundreds ", " x 100 ", " x100 ", "units 100 "])
        || raw(&["(hundreds)", "(hundred)", "('00)", "(00s)"])
    {
        Some(Unit::Hundreds)
    } else if any(&[
        "million", "millones", "milion", "milhões", "miljoen", "miljon", "miljoona", "млн", " mn ", " mio ",
        " mio. ", " mln ", " mill. ", "10⁶",
    ]) || raw(&["(m)", "(m.)", "(in m)"])
    {
        Some(Unit::Millions)
    } else if any(&["billion", " bn ", " bln ", " mrd ", " mrd. ", "milliard", "10⁹"]) {
        Some(Unit::Billions)
    } else {
        // A thousand or a million written as a number with a unit's word beside it, last:
        // "Einheit: 1000", "(1000 Pers.)" (never a hundred: "in 100 municipalities").
        power_of_ten_unit(&t).filter(|n| [3, 6].contains(n)).and_then(Unit::of_exponent)
    }
}

/// A rate a title gives its figures ("Arrivals (per 1000)", "per 100,000 inhabitants", "per
/// capita"): the words that say so. Such figures are no counts of arrivals.
pub(super) fn rate_in_title(text: &str) -> Option<String> {
    let t = text.to_lowercase().replace(['(', ')', '[', ']', ':', ';', '_'], " ");
    let words: Vec<&str> = t.split_whitespace().map(|w| w.trim_end_matches([',', '.'])).collect();
    let digits = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    words.iter().enumerate().find_map(|(i, w)| {
        if *w != "per" {
            return None;
        }
        let next = *words.get(i + 1)?;
        if ["capita", "inhabitant", "inhabitants", "thousand", "hundred", "million", "head", "person"]
            .contains(&next)
        {
            return Some(format!("per {next}"));
        }
        // A power of ten, its groups split by spaces too ("per 1 000", review 32 H1), or with a
        // k ("per 100k").
        let mut number = next.trim_end_matches('k').replace([',', '.', '\''], "");
        let mut said = vec![next];
        for more in words[i + 2..].iter().take_while(|g| g.len() == 3 && digits(g)) {
            number.push_str(more);
            said.push(more);
        }
        let power = digits(&number)
            && number.len() > 1
            && number.starts_with('1')
            && number[1..].bytes().all(|b| b == b'0');
        power.then(|| format!("per {}", said.join(" ")))
    })
}

/// The zeros of a unit written as a number in a title's words (`t` lowercased, its commas
/// and brackets spaces): "x 10 000", "in 100.000s", "10000 persons" give 4 and 5. A number
/// is a unit where "x", "in" or "units" comes before it, "s" or "persons" after it, or it is
/// the whole text (a header "(10,000)"); "markets over 10,000" names no unit.
fn power_of_ten_unit(t: &str) -> Option<usize> {
    let words: Vec<&str> = t.split_whitespace().collect();
    let digits = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    for i in 0..words.len() {
        let (times, word) = match words[i].strip_prefix('x').or_else(|| words[i].strip_prefix('×')) {
            Some(rest) if !rest.is_empty() => (true, rest),
            _ => (false, words[i]),
        };
        // Groups of three after the first, split by dots or spaces: "10.000", "100 000".
        let mut groups: Vec<&str> = word.split(['.', '\'', '\u{2019}']).collect();
        let mut last = i;
        while groups[0].len() <= 3 && last + 1 < words.len() {
            let next = words[last + 1].trim_end_matches('s');
            if next.len() == 3 && digits(next) {
                groups.push(next);
                last += 1;
            } else {
                break;
            }
        }
        let plural = words[last].ends_with('s');
        if let Some(end) = groups.last_mut() {
            *end = end.trim_end_matches('s');
        }
        let grouped = groups.len() == 1 || groups[1..].iter().all(|g| g.len() == 3);
        let number: String = groups.concat();
        if !grouped || !digits(&number) || !number.starts_with('1') || !number[1..].bytes().all(|b| b == b'0')
        {
            continue;
        }
        let before = i.checked_sub(1).map(|b| words[b]);
        let after = words.get(last + 1).copied();
        let unit_word = times
            || plural
            || matches!(
                before,
                Some(
                    "x" | "×"
                        | "in"
                        | "units"
                        | "unit"
                        | "einheit"
                        | "unité"
                        | "unidad"
                        | "unità"
                        | "eenheid"
                )
            )
            || matches!(
                after,
                Some(
                    "persons"
                        | "people"
                        | "pax"
                        | "visitors"
                        | "tourists"
                        | "personen"
                        | "pers."
                        | "pers"
                        | "gäste"
                        | "personnes"
                        | "personas"
                        | "persone"
                        | "pessoas"
                )
            )
            || words.len() == 1;
        if unit_word {
            return Some(number.len() - 1);
        }
    }
    None
}

/// One table of a sheet that holds several (a report's "Table 1", "Table 2" one under the
/// other): the line it starts on (its title, or its header), its header line and its title.
#[derive(Debug, Clone, PartialEq)]
struct Table {
    start: u64,
    header: u64,
    title: Option<String>,
}

/// A line that could head a table of markets as rows: a label column, then mostly periods.
fn heads_periods(fields: &[&str], ctx: &ParseContext) -> bool {
    fields.len() >= 2
        && Period::parse_label_in(fields[0], ctx.calendar, ctx.year).is_err()
        && periods_in(fields, ctx)
        // A header holds labels: a figure in the line ("Korea,2025-01,50") makes it a row.
        && !fields[1..].iter().any(|f| is_figure(f, ctx))
}

/// Whether the cells after a line's first are mostly periods (half of those filled or more).
fn periods_in(fields: &[&str], ctx: &ParseContext) -> bool {
    let labels = fields[1..].iter().filter(|f| !f.trim().is_empty()).count();
    let periods =
        fields[1..].iter().filter(|f| Period::parse_label_in(f, ctx.calendar, ctx.year).is_ok()).count();
    periods > 0 && periods * 2 >= labels.max(1)
}

/// A label that looks like a period whether or not it reads as one: a month's name among its
/// words ("01-Jan", "Mar-25 1)"), a month or quarter stuck to digits ("JAN25", "1Q25"), or
/// numbers joined by separators ("01/2025", "2025-1"), or a financial year ("FY2024"); it
/// holds a digit.
fn looks_like_period(cell: &str) -> bool {
    if !cell.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let words: Vec<&str> = cell.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let stuck = |w: &str| {
        let letters: String = w.chars().filter(|c| c.is_alphabetic()).collect();
        w.chars().any(|c| c.is_ascii_digit())
            && (month_word(&letters).is_some() || letters.eq_ignore_ascii_case("q"))
    };
    // "FY2024", "FY24": a financial year, whose months the label does not say.
    let financial_year = |w: &str| {
        w.get(..2).is_some_and(|f| f.eq_ignore_ascii_case("fy"))
            && w.len() > 2
            && w[2..].bytes().all(|b| b.is_ascii_digit())
    };
    words.iter().any(|w| month_word(w).is_some() || stuck(w) || financial_year(w))
        || (cell.contains(['/', '-'])
            && words.len() >= 2
            && words.iter().all(|w| w.bytes().all(|b| b.is_ascii_digit())))
}

/// A mark that refers to a footnote: `*`, `†`, a superscript number (`¹`).
fn is_footnote_mark(c: char) -> bool {
    matches!(c, '*' | '†' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹' | '⁰')
}

/// A figure and the footnote marks after it (`120,000*`: `120,000`, `*`; `123p*`: `123p`,
/// `*`); a cell that is no figure before its marks is as written, with none.
fn figure_mark(cell: &str) -> (&str, &str) {
    let t = cell.trim();
    let body = t.trim_end_matches(is_footnote_mark).trim_end();
    let figure = body.ends_with(|c: char| c.is_ascii_digit())
        || (body.ends_with(|c: char| matches!(c.to_ascii_lowercase(), 'p' | 'r' | 'e' | 'f'))
            && body[..body.len() - 1].trim_end().ends_with(|c: char| c.is_ascii_digit()));
    match figure && body.len() < t.len() {
        true => (body, t[body.len()..].trim_start()),
        false => (t, ""),
    }
}

/// The footnote marks a label ends with (`*` of `Mar-25*`, `¹` of `2024¹`), in order.
fn trailing_mark(text: &str) -> String {
    let t = text.trim();
    let start = t.trim_end_matches(is_footnote_mark).len();
    t[start..].to_string()
}

/// Whether a cell is a year, in either calendar (`2024`, `2567`, `2025p`).
fn is_year_in_either_calendar(cell: &str) -> bool {
    [Calendar::Ce, Calendar::Be]
        .into_iter()
        .any(|c| matches!(Period::parse_label(cell.trim(), c), Ok((Period::Year(_), _))))
}

/// The statuses footnotes give marks after periods: `* Provisional figures` makes `Mar-25*`
/// provisional (P), `† estimated` estimated (E); `¹ Revised.` none. A mark no footnote
/// explains says nothing.
fn footnote_statuses(path: &Path, lines: Option<(u64, u64)>) -> Result<Footnotes> {
    let mut out = Footnotes::default();
    // Of the table --table picks, where a sheet has several.
    let within = |line: u64| lines.is_none_or(|(from, to)| line >= from && line < to);
    for (line, fields) in super::read::first_records(path, 5000)?.into_iter().filter(|(l, _)| within(*l)) {
        let cells: Vec<&str> = fields.iter().map(|f| f.trim()).filter(|f| !f.is_empty()).collect();
        let text = cells.join(" ");
        if out.dash_nil.is_none() && cells.len() <= 2 && dash_means_nil(&text) {
            out.dash_nil = Some((line, text.clone()));
        }
        // After a note word ("Note: * = provisional": review 66 M8, read as no legend).
        let lead = ["note:", "notes:", "key:", "legend:"];
        let legend = match text.split_once(char::is_whitespace) {
            Some((word, rest)) if lead.contains(&word.to_lowercase().as_str()) => rest.trim_start(),
            _ => text.as_str(),
        };
        let mark: String = legend.chars().take_while(|c| is_footnote_mark(*c)).collect();
        let said = legend[mark.len()..].to_lowercase();
        // Sentence by sentence (trial 76 L1: "Note: .. not available. Oct-26 figures are
        // preliminary." read as a negation whole).
        let status = said.split(". ").find_map(|sentence| {
            if sentence.contains("not ") || sentence.contains("non-") {
                // "* Not provisional": no status read from a negation.
                None
            } else if ["provisional", "preliminary", "prelim"].iter().any(|w| sentence.contains(w)) {
                Some("P")
            } else if sentence.contains("estimate") {
                Some("E")
            } else {
                None
            }
        });
        if mark.is_empty() {
            // A line of text alone that gives a status to figures with no mark to find them
            // by (trial 56 M3: "Note: November 2017 figures are preliminary." passed over).
            // Not a source line ("Source: Estimates from the visitor survey"), nor the legend
            // of a letter mark ("p Provisional", "(e) estimated": figures such as 1200p carry
            // it; review 32 M2).
            let legend = status.is_some_and(|st| names_letter_mark(&text, st));
            let source = said.trim_start().starts_with("source");
            if let (1, Some(status), true, false) =
                (cells.len(), status, out.unmarked.len() < 3, legend || source)
            {
                out.unmarked.push((line, text, status));
            }
            continue;
        }
        if out.marks.iter().any(|(m, _)| *m == mark) {
            continue;
        }
        if !said.trim().is_empty() {
            out.marks.push((mark, status));
        }
    }
    Ok(out)
}

/// Whether a line of text is the legend of a letter mark figures carry (`p Provisional`,
/// `(e) estimated`, `Note: p = preliminary`, `Figures marked p are provisional`): its first
/// word after a `Note:` (or `Notes:`, `Key:`, `Legend:`), or the word after `marked` or
/// `flagged`, a letter or two (trial 78 M1: `Note: p = preliminary` was said to leave the
/// figures marked `1,300p` actual, where they are stored as provisional).
fn names_letter_mark(text: &str, status: &str) -> bool {
    // The letter that gives the status the note says: p for provisional, e for estimated.
    let wanted = if status == "E" { "e" } else { "p" };
    let words: Vec<&str> = text.split_whitespace().collect();
    let bare = |w: &str| {
        w.trim_matches(['(', ')', '=', ':', '"', '\'', '‘', '’', '“', '”', ',', ';']).to_lowercase()
    };
    let is_letter = |w: &str| bare(w) == wanted;
    let lead = ["note:", "notes:", "key:", "legend:"];
    let start = usize::from(words.first().is_some_and(|w| lead.contains(&w.to_lowercase().as_str())));
    // Where a letter names a mark: first ("p Provisional", "(e) estimated"), in parentheses
    // ("provisional (p)"), beside "=" or ":" ("p = preliminary"), or after a word that points
    // at it ("the letter p", "figures marked p", "followed by p", "with a p"; review 66 M7).
    // Not a page, a table or another letter ("see p. 4", "Table E", "r = revised": review 67
    // M1), nor a short word ("As of October": review 67 M5).
    let pointing = ["letter", "marked", "flagged", "by", "with", "a"];
    words.iter().enumerate().any(|(i, w)| {
        let lower = w.to_lowercase();
        let parenthesised = lower == format!("({wanted})");
        let set = lower == format!("{wanted}=")
            || lower == format!("{wanted}:")
            || (is_letter(w) && words.get(i + 1).is_some_and(|n| n.starts_with(['=', ':', '-', '–'])));
        let first = i == start && is_letter(w) && !w.ends_with('.');
        let pointed = i > 0
            && is_letter(w)
            && !w.ends_with('.')
            && pointing.contains(&words[i - 1].to_lowercase().as_str());
        parenthesised || set || first || pointed
    })
}

/// What a table's footnotes say of its figures' status.
#[derive(Default)]
struct Footnotes {
    /// Each mark explained, and the status it gives (none: "¹ Revised.").
    marks: Vec<(String, Option<&'static str>)>,
    /// Lines that call figures provisional or estimated by no mark (line, text): their figures
    /// are stored as actual, which the ingest says.
    unmarked: Vec<(u64, String, &'static str)>,
    /// The line of a legend that calls a dash nil ("- nil or rounded to zero"), and its text.
    dash_nil: Option<(u64, String)>,
}

/// Whether a line of text calls a dash nil or zero, as tables' legends do: the dash first on
/// the line (after a `Note:` or `Key:`), or first after an item before it ends (`.. not
/// available.  - nil or rounded to zero`, `x suppressed; - nil`), and the item's word after
/// it `nil`, `zero` or `magnitude zero`, or `none` alone (`- = nil`, `"-" zero`). Not a dash
/// within a sentence (review 98 H3: "Note - none of these figures include transit passengers",
/// "Arrivals - nil returns excluded", each made "-" cells 0), nor an item that says "not".
pub(super) fn dash_means_nil(text: &str) -> bool {
    let raw: Vec<&str> = text.split_whitespace().collect();
    let bare = |w: &str| {
        w.trim_matches(['=', ':', '"', '\'', '‘', '’', '“', '”', ',', ';', '(', ')', '.']).to_lowercase()
    };
    let lead = ["note:", "notes:", "key:", "legend:", "symbols:"];
    let start = usize::from(raw.first().is_some_and(|w| lead.contains(&w.to_lowercase().as_str())));
    raw.iter().enumerate().any(|(i, w)| {
        let dash = matches!(bare(w).as_str(), "-" | "–" | "—") || matches!(*w, "\"-\"" | "'-'" | "(-)");
        let first = i == start || (i > start && raw[i - 1].ends_with(['.', ';']));
        if !dash || !first {
            return false;
        }
        // The item: the words after the dash up to the one ending it ("zero." or "nil;").
        let mut item: Vec<&str> = Vec::new();
        for w in &raw[i + 1..] {
            // Another mark begins the next item ("- nil .. not available").
            if !item.is_empty()
                && matches!(*w, ".." | "..." | "…" | "x" | "X" | ":" | "n.a." | "na" | "*" | "p" | "e" | "r")
            {
                break;
            }
            if bare(w).is_empty() {
                continue;
            }
            item.push(w);
            if w.ends_with(['.', ';']) {
                break;
            }
        }
        let words: Vec<String> = item.iter().map(|w| bare(w)).collect();
        // The item is the word itself, or it and its qualifier ("nil or rounded to zero"), never
        // a sentence it begins (review 99 H2: "- Zero values are shown as 0; missing values as
        // -.", "- Nil returns from small ports are excluded.", each made "-" cells 0).
        // Its qualifier of size alone ("or rounded to zero", "or less than half the unit"), not
        // of a figure missing (review 100 H4: "- nil or missing", "- zero or no report
        // received" made "-" cells 0).
        let of_size = |rest: &[String]| {
            rest.iter().any(|w| {
                matches!(w.as_str(), "rounded" | "zero" | "less" | "negligible" | "half" | "magnitude")
            })
        };
        let words_of = |w: &[&str]| words.len() == w.len() && words.iter().zip(w).all(|(a, b)| a == b);
        let nil = match words.first().map(String::as_str) {
            Some("nil" | "zero") => match words.get(1).map(String::as_str) {
                None => true,
                Some("or" | "and") => of_size(&words[2..]),
                _ => false,
            },
            Some("magnitude") => words_of(&["magnitude", "zero"]),
            // A publisher's own words: INSEE's "néant", INE's "cero", Destatis' "nichts
            // vorhanden", Statistik Austria's "Zahlenwert ist genau null" (review 100 M4).
            Some("none" | "néant" | "neant" | "cero" | "nul" | "null") => words.len() == 1,
            Some("nichts") => words_of(&["nichts", "vorhanden"]),
            Some("zahlenwert") => words_of(&["zahlenwert", "ist", "genau", "null"]),
            _ => false,
        };
        let not = words.iter().any(|n| {
            matches!(
                n.as_str(),
                "not"
                    | "n/a"
                    | "unavailable"
                    | "available"
                    | "applicable"
                    | "missing"
                    | "unknown"
                    | "withheld"
            )
        });
        nil && !not
    })
}

/// Whether a cell is a dash alone (`-`, `–`, `—`).
fn is_dash(cell: &str) -> bool {
    matches!(cell.trim(), "-" | "–" | "—")
}

/// A line among the first of a file that is no table tourstat reads whose labels look like
/// periods and read as none ("01-Jan", "JAN25", "01/2025"): said as such, rather than the long
/// layout's header message.
pub(super) fn unread_period_header(
    head: &[super::read::Record],
    label: &str,
    ctx: &ParseContext,
) -> Option<Error> {
    head.iter().find_map(|(line, fields)| {
        let cells: Vec<&str> = fields.iter().skip(1).map(|f| f.trim()).filter(|f| !f.is_empty()).collect();
        let read = |f: &str| Period::parse_label_in(f, ctx.calendar, ctx.year);
        // Figures ("12.5", "1,234") are no labels.
        let figure = |f: &str| {
            parse_figure(f, super::NumberStyle::Auto, Unit::Ones).is_ok() || super::parse_decimal(f).is_some()
        };
        let unread: Vec<&str> = cells
            .iter()
            .copied()
            .filter(|f| looks_like_period(f) && !figure(f) && read(f).is_err())
            .collect();
        if unread.len() < 2 || unread.len() * 2 < cells.len() {
            return None;
        }
        let why = read(unread[0]).err().unwrap_or_default();
        let write = if why.contains("write the month") || why.contains("load the months") {
            ""
        } else {
            "; write them as months with their year (Jan-25, 2025-01), quarters (2025-Q1) or years"
        };
        Some(Error::invalid_at(
            label,
            *line,
            format!(
                "the header's labels ({}, ...) look like periods but are none tourstat reads: {why}{write}",
                unread.iter().take(3).copied().collect::<Vec<_>>().join(", ")
            ),
        ))
    })
}

/// A cell a header may hold beside its periods: empty, a period, a change or share, a total.
fn is_label(cell: &str, ctx: &ParseContext) -> bool {
    cell.trim().is_empty()
        || is_derived(cell)
        || is_total(cell)
        || Period::parse_label_in(cell, ctx.calendar, ctx.year).is_ok()
}

/// A cell holding a figure: digits that are no label (a period, a change, a total).
fn is_figure(cell: &str, ctx: &ParseContext) -> bool {
    !missing(cell) && value_and_status(cell).0.chars().any(|c| c.is_ascii_digit()) && !is_label(cell, ctx)
}

/// The tables of a sheet, one under the other. A table starts at a line of periods that has a
/// title of its own above it (the last line of one cell after the rows of the table before,
/// not a note or source line of that table); the same header again with no title between, or
/// under a title that says it continues ("(continued)"), is that table's header repeated (a
/// page break).
fn find_tables(path: &Path, label: &str, ctx: &ParseContext) -> Result<Vec<Table>> {
    // A header of months without their year heads a table whatever year they are read in
    // (trial 47 F2: a second table of a row per year, under its own title, was taken for a
    // page break of the first).
    let ctx = &ParseContext { year: ctx.year.or(Some(STAND_IN_YEAR)), ..ctx.clone() };
    let mut tables: Vec<Table> = Vec::new();
    // The one-cell lines since the last row of figures: (first line, their text).
    let mut title: Option<(u64, String)> = None;
    let mut last_header: Option<String> = None;
    // Whether the last line filled was a row of the table (not a title, a note, a blank).
    let mut after_row = false;
    // No header of periods in the first lines: no table of them (a long file, a table of
    // periods as rows), and the rest of the file is not looked at.
    let mut done = false;
    scan_records(path, label, &crate::progress::Silent, |line, fields| {
        done |= tables.is_empty() && line > FIRST_LINES;
        if done {
            return Ok(Vec::new());
        }
        let filled: Vec<&str> = fields.iter().map(|f| f.trim()).filter(|f| !f.is_empty()).collect();
        let labels_only = filled.len() >= 2 && filled[1..].iter().all(|f| !is_figure(f, ctx));
        let row_before = std::mem::replace(&mut after_row, false);
        match filled.len() {
            0 => {}
            1 if is_note(filled[0]) || is_page_mark(filled[0]) => {}
            1 => {
                title = Some(match title.take() {
                    Some((l, t)) => (l, format!("{t} {}", filled[0])),
                    None => (line, filled[0].to_string()),
                })
            }
            // A title with its year in a cell of its own, split off by its comma ("Hotel nights
            // by country, 2024": trial 57 M2): the year right after its words, nothing after
            // it; among a table's rows, only where no market new to the tree may be a row
            // (review 33 M1: "Other Middle East countries,,2031", a row with one figure under
            // --add-markets, was taken for a title).
            2 if (!row_before || (ctx.add_markets.is_none() && !ctx.tree.is_empty()))
                && filled[0].split_whitespace().count() >= 3
                && fields.first().map(|f| f.trim()) == Some(filled[0])
                && fields.get(1).map(|f| f.trim()) == Some(filled[1])
                && ctx.tree.resolve(filled[0]).is_none()
                && matches!(
                    Period::parse_label_in(filled[1], ctx.calendar, None),
                    Ok((Period::Year(_), _))
                ) =>
            {
                let text = filled.join(" ");
                title = Some(match title.take() {
                    Some((l, t)) => (l, format!("{t} {text}")),
                    None => (line, text),
                })
            }
            _ if heads_periods(fields, ctx) && (tables.is_empty() || title.is_some()) => {
                let text = filled.join(" ");
                // The same title over the same header again is that table's, page after page.
                let same_title =
                    title.as_ref().map(|(_, t)| t.as_str()) == tables.last().and_then(|t| t.title.as_deref());
                let continued = title.as_ref().is_some_and(|(_, t)| continues(t) || same_title)
                    && last_header.as_deref() == Some(text.as_str());
                if continued {
                    title = None;
                } else {
                    let (start, t) = title.take().map_or((line, None), |(l, t)| (l, Some(t)));
                    tables.push(Table { start, header: line, title: t });
                    last_header = Some(text);
                }
            }
            // The upper line of a two-line header ("Country of,Number"): labels, no figure.
            _ if labels_only => after_row = true,
            _ => {
                after_row = true;
                title = None
            }
        }
        Ok(Vec::new())
    })?;
    Ok(tables)
}

/// How far down a sheet the header of its first table may be.
const FIRST_LINES: u64 = 200;

/// A title that says its table goes on from a page before: "Table 1 (continued)", "cont'd".
fn continues(title: &str) -> bool {
    let t = title.to_lowercase();
    ["continued", "cont'd", "(cont.)", "(cont)", "contd"].iter().any(|w| t.contains(w))
}

/// A page's mark, no title: "Page 1 of 2", "- 3 -".
fn is_page_mark(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    t.starts_with("page ") || t.trim_matches(|c: char| c == '-' || c.is_whitespace()).parse::<u32>().is_ok()
}

/// The lines of the table `--table` picks (from, to: `to` excluded), or of the only table;
/// several tables and no `--table` is an error listing them.
fn table_lines(path: &Path, label: &str, ctx: &ParseContext) -> Result<Option<(u64, u64)>> {
    let tables = find_tables(path, label, ctx)?;
    let describe = |i: usize, t: &Table| {
        format!(
            "{} (header on line {}{})",
            i + 1,
            t.header,
            t.title.as_ref().map(|s| format!(", under \"{s}\"")).unwrap_or_default()
        )
    };
    let listed = || tables.iter().enumerate().map(|(i, t)| describe(i, t)).collect::<Vec<_>>().join("; ");
    let chosen = match (ctx.table, tables.len()) {
        (None, 0 | 1) => return Ok(None),
        (Some(want), 0) => {
            return Err(Error::invalid_file(
                label,
                format!("--table {want} picks one of the tables of a sheet, each under its title with periods as its columns; this file has none such: leave --table out"),
            ))
        }
        (None, n) => {
            return Err(Error::invalid_file(
                label,
                format!("the sheet holds {n} tables, one under the other: {}; --table N (or a word of its title) says which to load", listed()),
            ))
        }
        (Some(want), _) => {
            // A number is a table's number, never a word of a title ("2025").
            let by_number = want.trim().parse::<usize>().ok();
            let matching: Vec<usize> = match by_number {
                Some(n) if (1..=tables.len()).contains(&n) => vec![n - 1],
                Some(_) => Vec::new(),
                None => tables
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| {
                        t.title.as_ref().is_some_and(|s| s.to_lowercase().contains(&want.trim().to_lowercase()))
                    })
                    .map(|(i, _)| i)
                    .collect(),
            };
            match matching.as_slice() {
                [one] => *one,
                [] => {
                    return Err(Error::invalid_file(
                        label,
                        format!("--table {want}: no table of the sheet is numbered or titled so; its tables: {}", listed()),
                    ))
                }
                _ => {
                    return Err(Error::invalid_file(
                        label,
                        format!("--table {want}: {} tables have it in their title; give their number: {}", matching.len(), listed()),
                    ))
                }
            }
        }
    };
    // The first table has what stands above it too (a report's title).
    let from = if chosen == 0 { 0 } else { tables[chosen].start };
    let end = tables.get(chosen + 1).map_or(u64::MAX, |t| t.start);
    Ok(Some((from, end)))
}

pub(super) fn parse_wide(path: &Path, label: &str, kind: Kind, ctx: &ParseContext) -> Result<Option<Parsed>> {
    let seen = |f: &mut dyn FnMut(&mut Understanding)| {
        if let Some(u) = ctx.seen {
            f(&mut u.borrow_mut());
        }
    };
    let text_of = |fields: &[&str]| {
        fields.iter().map(|f| f.trim()).filter(|f| !f.is_empty()).collect::<Vec<_>>().join(" ")
    };
    // A line passed over, and why, for `inspect`.
    let pass_over = |line: u64, fields: &[&str], why: &'static str| {
        seen(&mut |s| s.passed_over.push(PassedOver { line, text: text_of(fields), why }));
    };
    let value_name = if kind == Kind::Arrivals { "arrivals" } else { "target" };
    // Several tables one under the other: the one --table picks (or an error listing them).
    let lines = table_lines(path, label, ctx)?;
    // The year of each row in a column of its own, the months in the header without it
    // (`Market,Year,Jan,...,Dec`; trial 45 M2: refused, with --year as the advice): the header's
    // months are read in a stand-in year, and each row's figures in the year of its Year cell.
    let row_year = row_year_column(path, label, lines, ctx)?;
    if let (Some(column), Some(year)) = (row_year, ctx.year) {
        let message = format!(
            "--year {}: column {} (Year) gives each row's months their year; leave --year out",
            ctx.calendar.written(year),
            column_letter(column + ctx.first_column)
        );
        let problem = Problem { remedy: Some(Remedy::LeaveOutYear), ..Problem::new(0, message) };
        return Err(Error::Invalid { file: label.to_string(), problems: vec![problem], total: 1 });
    }
    // One series, a row per year (`Year,Jan,...,Dec`): --market alone names it.
    let grid = row_year == Some(0);
    let year_column = column_letter(ctx.first_column);
    match ctx.pick.map(|p| (p.axis, p.flag())) {
        None if grid => {
            return Err(Error::invalid_file(
                label,
                format!("column {year_column} (Year) gives each row's year and the other columns are its months (or quarters): the table is one series, a row per year; --market NAME says which market it is"),
            ))
        }
        Some((Axis::Row | Axis::Column, flag)) if grid => {
            return Err(Error::invalid_file(
                label,
                format!("{flag} picks one series of a table of several; this one is one series, a row per year (column {year_column}, Year): --market NAME alone says which market it is"),
            ))
        }
        _ => {}
    }
    let in_stand_in;
    let ctx = match row_year {
        Some(_) => {
            in_stand_in = ParseContext { year: Some(STAND_IN_YEAR), ..ctx.clone() };
            &in_stand_in
        }
        None => ctx,
    };
    // What a footnote says a mark after a period means ("* Provisional figures").
    let footnotes = footnote_statuses(path, lines)?;
    let marks = &footnotes.marks;
    let marked = |text: &str, status: Option<&'static str>| {
        status.or_else(|| {
            let mark = trailing_mark(text);
            marks.iter().find(|(m, _)| !mark.is_empty() && *m == mark).and_then(|(_, s)| *s)
        })
    };
    let mut rows = FigureRows::new(kind);
    let mut layout: Option<(Orientation, Vec<Heading>)> = None;
    // Month and year in columns of their own (`Month,Year,...`): where they are, and the last
    // year written.
    let mut month_year: Option<(usize, usize)> = None;
    let mut year_above = (String::new(), 0u32);
    let mut first_row = true;
    let mut not_wide = false;
    // A caption line naming no market the tree knows ("Country of,Number,,%Change*"): the next
    // line may be the header of periods under it.
    let mut caption = false;
    // A total named as the parent --add-markets adds markets under is that market's figure,
    // as it is once the tree has it.
    let adds_as_parent = |label: &str| {
        ctx.add_markets.is_some_and(|p| normalise_name(p).eq_ignore_ascii_case(&normalise_name(label)))
    };
    // A title that gives the unit ("Visitor arrivals (in thousands)"): (unit, line, text).
    let mut title_unit: Option<(Unit, u64, String)> = None;
    // Whether that unit was on a line under the header, in its period columns.
    let mut unit_under_header = false;
    // Periods that are months without a year ("January") and no --year: the line.
    let mut needs_year: Option<u64> = None;
    let mut title_year: Option<i32> = None;
    // A title's Buddhist Era year (as CE) where the file is read in CE, and its line.
    let mut title_be: Option<(u64, i32)> = None;
    // A title that names one month ("Visitor arrivals in November, 2015-2019"): (month, line,
    // text); year columns under it are that month's, or years, as --month says.
    let mut title_month: Option<(u32, u64, String)> = None;
    let mut month_used = false;
    // A title that names part of a year ("January-June", "YTD"): (line, text).
    let mut title_part: Option<(u64, String)> = None;
    // The header's line, and the columns passed over whose cells hold figures.
    let mut header_line = 0u64;
    let mut header_text = String::new();
    let mut header_fields: Vec<String> = Vec::new();
    // The columns of a markets-as-rows table headed as a total of its periods ("Total"),
    // checked against them row by row.
    let mut total_columns: Vec<usize> = Vec::new();
    let mut skipped_figures: Vec<usize> = Vec::new();
    // The header's empty cells.
    let mut empty_headers: Vec<usize> = Vec::new();
    // Columns that may total others: whether every row's figure was their sum, and its figures.
    #[allow(clippy::type_complexity)]
    let mut totals: std::collections::BTreeMap<
        usize,
        (bool, Vec<(u64, String, Period, f64, String, PartsShown)>),
    > = std::collections::BTreeMap::new();
    // The labels a --row or --column pattern picked, and the line of each picked row.
    let mut picked: Vec<(u64, String)> = Vec::new();
    let pick_row = ctx.pick.filter(|p| p.axis == Axis::Row || (grid && p.axis == Axis::Table));
    let pick_column = ctx.pick.filter(|p| p.axis == Axis::Column);
    let mut pending: Vec<Problem> = Vec::new();
    // Each market row of a markets-as-rows table: its line, label, figures in the period
    // columns (for the groups found by their sums) and the section heading above it.
    #[allow(clippy::type_complexity)]
    let mut table: Vec<(u64, String, Vec<Option<f64>>, Option<String>)> = Vec::new();
    let mut section: Option<String> = None;
    // Rows that are the rest of their section ("Others"): read once their section is known.
    let mut rest_rows: Vec<(u64, String, Vec<String>)> = Vec::new();
    // The figures of each market column of a periods-as-rows table, and the rows' periods.
    let mut column_values: std::collections::BTreeMap<usize, Vec<Option<f64>>> =
        std::collections::BTreeMap::new();
    // The line and period of each row of a periods-as-rows table, in order.
    let mut period_lines: Vec<(u64, Period)> = Vec::new();
    // A periods-as-rows table's total columns passed over (no market of the tree is named so),
    // and their figures row by row: checked against the markets' sum, and said (trial 77 L1:
    // a publisher's Total, 9,000 above its regions in 2018-04, lost without a word).
    let mut passed_totals: Vec<usize> = Vec::new();
    let mut total_notes: Vec<String> = Vec::new();
    let mut passed_total_values: std::collections::BTreeMap<usize, Vec<Option<f64>>> =
        std::collections::BTreeMap::new();
    // A markets-as-rows table's grand total rows passed over, outside any section and where
    // the header's periods are every row's: line, label and figures, checked the same way.
    #[allow(clippy::type_complexity)]
    let mut passed_total_rows: Vec<(u64, String, Vec<Option<f64>>)> = Vec::new();
    // The year of each row of `table`, where the rows give theirs (`row_year`).
    let mut table_years: Vec<Option<i32>> = Vec::new();
    // Each row's line and the year its Year cell gives, for a year far from all the others.
    let mut row_years: Vec<(u64, i32)> = Vec::new();
    // The total rows of a periods-as-rows table ("Total", "Total 2024").
    let mut total_rows: Vec<TotalRow> = Vec::new();
    // (market, its group) of the rows in groups, for `--add-markets`.
    let mut member_of: Vec<(String, String)> = Vec::new();
    // Whether a period was a month written without its year, read with --year: a --year that
    // no period needed is refused, never passed over.
    let year_used = std::cell::Cell::new(false);
    let period_label = |text: &str| {
        let read = Period::parse_label_in(text, ctx.calendar, ctx.year);
        if read.is_ok() && ctx.year.is_some() && Period::parse_label(text, ctx.calendar).is_err() {
            year_used.set(true);
        }
        read
    };
    let mut witness = super::read::MarkWitness::default();
    witness.semicolons = ctx.semicolons;
    // A word of the titles or the header in a language that writes decimals with a comma.
    let mut language: Option<(u64, String)> = None;
    // Each row's line and number of fields, against the header's: see below the scan.
    let mut widths: Vec<(u64, usize)> = Vec::new();
    // The titles above the header: the same again over the header is a page's.
    let mut titles_above: Vec<String> = Vec::new();
    // The one-cell line right above this one, under the table's rows: (line, text).
    let mut title_since_rows: Option<(u64, String)> = None;
    // Rows whose period is a month (or quarter) without its year, read in --year's: (line,
    // label, period), for months that go back (a fiscal year under one --year).
    let mut bare_rows: Vec<(u64, String, Period)> = Vec::new();
    // Series picked (--row, --column) whose label is another market of the tree than --market
    // names: said (trial 47 F5).
    let mut picked_other: Vec<String> = Vec::new();
    // Marks on Year cells no footnote explains, and the first line of each.
    let mut unexplained: Vec<(String, u64)> = Vec::new();
    // Marks after figures no footnote explains, and the first line of each.
    let unexplained_figures: std::cell::RefCell<Vec<(String, u64)>> = Default::default();
    // What is said of figures that look split at unquoted commas.
    let mut split_notes: Vec<String> = Vec::new();
    // Each row of a table with a row per year: its line, series (the market's label, or none
    // in a table of one series) and cells, for figures split at unquoted commas.
    let mut year_rows: Vec<(u64, String, Vec<String>)> = Vec::new();
    // Every figure read, for the step the table's figures are rounded to (`step_of`), and the
    // Total columns' figures with the periods of their rows, checked against them with it.
    let figures_read: std::cell::RefCell<Vec<f64>> = Default::default();
    // The dashes read as 0 by the table's legend (line, market, period).
    let dashes_read: std::cell::RefCell<Vec<(u64, String, Period)>> = Default::default();
    // Markets whose label carries a mark a footnote gives a status ("China*" under
    // "* Provisional"): the status of their figures that have none of their own.
    let market_marks: std::cell::RefCell<std::collections::HashMap<String, &'static str>> =
        Default::default();
    let resolve_marked = |label: &str| {
        let m = ctx.resolve(label)?;
        if let Some(s) = marked(label, None) {
            market_marks.borrow_mut().insert(m.clone(), s);
        }
        Ok::<String, String>(m)
    };
    let mut total_cells: Vec<(u64, String, usize, f64, PartsShown)> = Vec::new();
    // The figures of one row, cell by cell under the header's headings.
    let mut read_cells = |line: u64,
                          fields: &[&str],
                          header: &[String],
                          headings: &[Heading],
                          row_period: Option<(Period, Option<&'static str>)>,
                          row_market: Option<String>|
     -> Cells {
        let mut out = Cells::default();
        // Markets as rows: a figure under an empty heading within the header is a column
        // passed over, said with the others; markets as columns: no market's.
        let from = match row_period {
            Some(_) => heading_width(header),
            None => header.len(),
        };
        let beyond = past(line, fields, header, ctx.first_column, from);
        // A row with a figure past the header is said by that; one without, by its width below.
        if beyond.is_none() {
            widths.push((line, fields.len()));
        }
        out.problems.extend(beyond);
        for (i, cell) in fields.iter().enumerate().skip(1).take(from.saturating_sub(1)) {
            let Some(heading) = headings.get(i) else { continue };
            let (market, period, label_status) = match (heading, &row_period, &row_market) {
                (Heading::Market(m), Some((p, s)), _) => (m.clone(), *p, *s),
                (Heading::Period(p, s), _, Some(m)) => (m.clone(), *p, *s),
                (Heading::MaybeTotal(p, s, parts, complete), _, Some(m)) => {
                    if missing(cell) {
                        continue;
                    }
                    let read = |c: &str| read_figure(value_and_status(c).0, ctx.numbers, ctx.unit).ok();
                    let Some(value) = read(cell) else {
                        out.problems.push(Problem::new(line, format!("{value_name} of {m}, {p} must be a number or a missing marker (na, -, ..), got \"{}\"", cell.trim())).in_column(i));
                        continue;
                    };
                    let read_parts: Vec<Option<f64>> = parts
                        .iter()
                        .map(|j| fields.get(*j).filter(|c| !missing(c)).and_then(|c| read(c)))
                        .collect();
                    let sum: Option<f64> = read_parts.iter().copied().sum();
                    let entry = totals.entry(i).or_insert((true, Vec::new()));
                    entry.0 &= sum.is_some_and(|s| same(value, s));
                    // A mark after the figure gives its footnote's status here too (review 38 H3).
                    // (And the market's own mark, as its months have it: review 39 M3.)
                    let status = marked(cell, value_and_status(cell).1)
                        .or(*s)
                        .or_else(|| market_marks.borrow().get(m.as_str()).copied())
                        .unwrap_or("A")
                        .to_string();
                    // The days of the columns the table has under the period, whether or not
                    // this row fills them (a "-" for nil, an "x" suppressed).
                    let shown_days: i64 = parts
                        .iter()
                        .filter_map(|j| match headings.get(*j) {
                            Some(Heading::Period(q, _)) => Some(q.days()),
                            _ => None,
                        })
                        .sum();
                    let shown: Vec<f64> = read_parts.into_iter().flatten().collect();
                    let parts = PartsShown {
                        sum: shown.iter().sum(),
                        count: shown.len(),
                        all: *complete && sum.is_some(),
                        share: shown_days as f64 / p.days().max(1) as f64,
                        // As the row's figures show it, and the table's below (trial 46 F7:
                        // a unit's one hid a total 5,800 off its months shown to a tenth of a
                        // thousand; review 26 M1: another row's tenths are not this row's).
                        step: row_step(shown.iter().copied().chain([value])),
                    };
                    entry.1.push((line, m.clone(), *p, value, status, parts));
                    continue;
                }
                (Heading::NotPeriod | Heading::Text, _, _) => {
                    if !missing(cell)
                        && value_and_status(cell).0.chars().any(|c| c.is_ascii_digit())
                        && !skipped_figures.contains(&i)
                    {
                        skipped_figures.push(i);
                    }
                    continue;
                }
                _ => continue,
            };
            // A dash the table's own legend calls nil is 0, said (trial 94 M4: France's May "-"
            // under "- nil or rounded to zero", stored as missing, the year's table cut to April).
            if footnotes.dash_nil.is_some() && is_dash(cell) {
                dashes_read.borrow_mut().push((line, market.clone(), period));
                let status =
                    label_status.or_else(|| market_marks.borrow().get(&market).copied()).unwrap_or("A");
                out.figures.push((market, period, 0.0, status.to_string()));
                continue;
            }
            if missing(cell) {
                out.missing += 1;
                continue;
            }
            let (text, cell_status) = value_and_status(cell);
            // A footnote mark after the figure gives the status its footnote says (`120,000*`
            // under `* Provisional figures`); one no footnote explains is said.
            let mark = figure_mark(cell).1;
            let mark_status = match marks.iter().find(|(m, _)| !mark.is_empty() && m == mark) {
                Some((_, s)) => *s,
                None => {
                    let mut said = unexplained_figures.borrow_mut();
                    if !mark.is_empty() && !said.iter().any(|(m, _)| m == mark) {
                        said.push((mark.to_string(), line));
                    }
                    None
                }
            };
            witness.see(ctx.numbers, (line, Some(i)), text);
            let value = match read_figure(text, ctx.numbers, ctx.unit) {
                Ok(v) => {
                    figures_read.borrow_mut().push(v);
                    v
                }
                Err(e) => {
                    let of = format!("of {market}, {period}");
                    let problem = figure_problem(line, e, value_name, &of, text, ctx.numbers, ctx.unit);
                    out.problems.push(problem.in_column(i));
                    continue;
                }
            };
            let status = cell_status
                .or(mark_status)
                .or(label_status)
                .or_else(|| market_marks.borrow().get(&market).copied())
                .unwrap_or("A")
                .to_string();
            out.figures.push((market, period, value, status));
        }
        out
    };
    let mut problems = scan_records(path, label, ctx.progress, |line, fields| {
        if not_wide {
            return Ok(Vec::new());
        }
        let filled = fields.iter().filter(|f| !f.trim().is_empty()).count();
        if lines.is_some_and(|(from, to)| line < from || line >= to) {
            if filled > 0 {
                pass_over(line, fields, "another table of the sheet: passed over (--table picks one)");
            }
            return Ok(Vec::new());
        }
        // A year in a title line above the header ("Visitor arrivals 2016"), for a table of
        // months without their year.
        if layout.is_none() && filled < 2 && title_year.is_none() {
            title_year = fields.iter().find_map(|f| year_in_text(f, ctx.calendar));
        }
        // A Buddhist Era year in a title read in CE ("... 2568"): its header's years are then
        // checked against it (Jan-68 is no 1968 under it).
        if layout.is_none() && filled < 2 && ctx.calendar == Calendar::Ce && title_be.is_none() {
            title_be = fields
                .iter()
                .find_map(|f| {
                    year_in_text(f, Calendar::Be).filter(|_| year_in_text(f, Calendar::Ce).is_none())
                })
                .map(|y| (line, y));
        }
        if layout.is_none() && (1..=2).contains(&filled) && title_month.is_none() {
            let text = text_of(fields);
            if part_of_year_in_title(&text) && title_part.is_none() {
                title_part = Some((line, text.clone()));
            }
            title_month = month_in_title(&text).map(|m| (m, line, text));
        }
        if (filled < 2 || layout.is_none()) && title_unit.is_none() {
            let text =
                fields.iter().map(|f| f.trim()).filter(|f| !f.is_empty()).collect::<Vec<_>>().join(" ");
            if language.is_none() && layout.is_none() {
                language = super::read::decimal_comma_word(&text).map(|w| (line, w));
            }
            // A rate is no count: refused, where it titles the table (above its header).
            if let (true, Some(rate)) = (layout.is_none(), rate_in_title(&text)) {
                return Err(Error::invalid_at(
                    label,
                    line,
                    format!("the title \"{text}\" says the figures are a rate ({rate}), not counts of arrivals: tourstat stores counts (if they are counts, take the rate out of the title)"),
                ));
            }
            // Under the header, a market's row with no figures ("Thousand Oaks") states no unit
            // (review 32 H3); a note does ("In thousands").
            let market_row = layout.is_some() && ctx.tree.resolve(&text).is_some();
            title_unit = unit_in_title(&text).filter(|_| !market_row).map(|u| (u, line, text));
            if let Some((u, line, text)) = &title_unit {
                seen(&mut |s| s.unit_in_title = Some((u.as_str().to_string(), *line, text.clone())));
            }
        }
        // A header of two lines ("Country of,Number" over "Nationality,2020P,2019"): the line
        // with the periods, coming first under the other, is the header.
        if matches!(layout, Some((Orientation::PeriodsAsRows, _)))
            && rows.is_empty()
            && first_row
            && heads_periods(fields, ctx)
            // The upper line is a caption, not a long file's header ("Country,Year,Visitors").
            && !header_text.split_whitespace().any(|w| {
                ["year", "month", "period", "date", "quarter"].contains(&w.to_ascii_lowercase().as_str())
            })
            // Labels only, not even a word tourstat does not read.
            && fields[1..].iter().all(|f| is_label(f, ctx))
        {
            layout = None;
            seen(&mut |s| {
                if let Some(h) = s.header_line.take() {
                    s.passed_over.push(PassedOver {
                        line: h,
                        text: String::new(),
                        why: "the upper line of a two-line header",
                    });
                }
            });
        }
        // A title with its year in a cell of its own (`Visitor arrivals by country, 2025`
        // unquoted) over the header: taken for a header of one year, and the header under it
        // for a row (trial 48 F8). A line of periods and no figures under it is the header.
        if let Some((Orientation::MarketsAsRows, headings)) = &layout {
            let years: Vec<i32> = headings
                .iter()
                .filter_map(|h| match h {
                    Heading::Period(Period::Year(y), _) => Some(*y),
                    _ => None,
                })
                .collect();
            let header_filled = header_fields.iter().filter(|f| !f.trim().is_empty()).count();
            // A title's words, not a market's name (review 28 M8: `Japan,2025` above a header of
            // months is the series' market and year).
            let head = header_fields.first().map_or("", |f| f.trim());
            let title_like = ctx.tree.resolve(head).is_none()
                && (head.split_whitespace().count() >= 3 || is_measure_word(head));
            if rows.is_empty()
                && first_row
                && header_filled == 2
                && title_like
                && years.len() == 1
                && filled > 2
                && (heads_periods(fields, ctx)
                    || fields[1..].iter().filter(|f| !f.trim().is_empty()).all(|f| without_year(f)))
                && ctx.tree.resolve(fields[0]).is_none()
            {
                title_year = title_year.or(years.first().copied());
                layout = None;
                titles_above.push(header_text.clone());
                seen(&mut |s| {
                    if let Some(h) = s.header_line.take() {
                        s.passed_over.push(PassedOver {
                            line: h,
                            text: header_text.clone(),
                            why: "a title above the header, its year in a cell of its own",
                        });
                    }
                });
            }
        }
        let Some((orientation, headings)) = &mut layout else {
            // Title lines (a cell or two) stand above the header.
            if filled < 2 {
                if filled == 1 {
                    pass_over(line, fields, "a title above the header");
                    titles_above.push(text_of(fields));
                }
                return Ok(Vec::new());
            }
            // A header of months without their year, and no --year to give it.
            let labels = fields[1..].iter().filter(|f| !f.trim().is_empty()).count();
            let months = fields[1..].iter().filter(|f| without_year(f)).count();
            if ctx.year.is_none() && months > 0 && months * 2 >= labels {
                needs_year = Some(line);
                not_wide = true;
                return Ok(Vec::new());
            }
            // No publisher's table is this wide: the long layout's message says what is wrong.
            if fields.len() > MAX_COLUMNS {
                not_wide = true;
                return Ok(Vec::new());
            }
            // Under a caption, only a line of periods labelled by no market, with no figure in
            // it, is a header: a long file's first row ("Japan,2025-01,10") is none.
            if std::mem::take(&mut caption)
                && !(periods_in(fields, ctx)
                    && ctx.tree.resolve(fields[0]).is_none()
                    && fields[1..].iter().all(|f| {
                        Period::parse_label_in(f, ctx.calendar, ctx.year).is_ok()
                            || parse_figure(f, ctx.numbers, Unit::Ones).is_err()
                    }))
            {
                not_wide = true;
                return Ok(Vec::new());
            }
            let at = |name: &str| fields.iter().position(|f| f.trim().eq_ignore_ascii_case(name));
            // (Or a quarter's: `Year,Quarter,Japan,...`, trial 48 #6.)
            month_year = at("month").or_else(|| at("quarter")).zip(at("year"));
            let mut problems = Vec::new();
            let (orientation, headings) = if periods_in(fields, ctx) {
                // The first column of periods: a year's total comes after them.
                let first_period = (1..fields.len()).find(|&i| period_label(fields[i]).is_ok()).unwrap_or(0);
                let mut headings: Vec<Heading> = fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| match if i > 0 { period_label(f) } else { Err(String::new()) } {
                        Ok((p, s)) => Heading::Period(p, marked(f, s)),
                        _ if i == 0 || row_year == Some(i) => Heading::Skip,
                        _ if is_total_column(f, i > first_period) || is_derived(f) => Heading::Skip,
                        // Figures under no header are no column to pass over (a year written
                        // once over its months, in a header of two lines): an error if it has any.
                        _ => Heading::NotPeriod,
                    })
                    .collect();
                // Months (or quarters) without their year that go back (`Apr,...,Dec,Jan,...,Mar`:
                // a fiscal year) are of two years, and the year the row or --year gives is
                // one (trial 47 F1: January-March stored a year early without a word).
                let bare: Vec<(usize, Period)> = headings
                    .iter()
                    .enumerate()
                    .filter_map(|(i, h)| match h {
                        Heading::Period(p, _) if without_year(fields[i]) => Some((i, *p)),
                        _ => None,
                    })
                    .collect();
                if let Some((from, to)) = wraps(&bare) {
                    return Err(Error::invalid_at(
                        label,
                        line,
                        format!(
                            "the header's months go back from {} to {} (column {}): they span two years (a fiscal year?), and which year each is in is not written; write each with its year (Dec-24, Jan-25), or the table as months of one calendar year",
                            fields[from].trim(),
                            fields[to].trim(),
                            column_letter(to + ctx.first_column)
                        ),
                    ));
                }
                // Years under a title that names a month: as --month says, never guessed.
                let years = headings.iter().any(|h| matches!(h, Heading::Period(Period::Year(_), _)));
                let only_years = headings
                    .iter()
                    .all(|h| !matches!(h, Heading::Period(p, _) if !matches!(p, Period::Year(_))));
                if years && only_years {
                    if let (None, Some((l, text))) = (ctx.month, &title_part) {
                        return Err(part_of_year_error(label, *l, text));
                    }
                    if let (None, Some((m, l, text))) = (ctx.month, &title_month) {
                        return Err(month_in_title_error(label, *m, *l, text));
                    }
                    for h in headings.iter_mut() {
                        if let Heading::Period(p, s) = h {
                            (*p, month_used) = (of_month(*p, ctx.month), ctx.month.is_some());
                            *h = Heading::Period(*p, *s);
                        }
                    }
                }
                // A period that spans others of the header (the year beside its months) may be
                // their total: decided by the sums, row by row, once the table is read.
                let periods: Vec<(usize, Period)> = headings
                    .iter()
                    .enumerate()
                    .filter_map(|(i, h)| if let Heading::Period(p, _) = h { Some((i, *p)) } else { None })
                    .collect();
                let spans: Vec<Period> = periods.iter().map(|(_, p)| *p).collect();
                // Every period the first day of a month: a spreadsheet's months saved as dates,
                // or figures of those days? Not guessed: a day's figure stored as its month's, or
                // a month's as one day's, would be wrong without a word.
                let firsts: Vec<String> = spans
                    .iter()
                    .filter_map(|p| match p {
                        Period::Day(d) if chrono::Datelike::day(d) == 1 => Some(p.to_string()),
                        _ => None,
                    })
                    .collect();
                let days = spans.iter().filter(|p| matches!(p, Period::Day(_))).count();
                if firsts.len() >= 2 && firsts.len() == days {
                    return Err(Error::invalid_at(
                        label,
                        line,
                        format!(
                            "every period of the header is the first day of a month ({}, ...): months saved as dates by a spreadsheet, or figures of those days? Write months as months (2025-01, Jan-25); a table of days has other days too",
                            firsts.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
                        ),
                    ));
                }
                for h in headings.iter_mut() {
                    if let Heading::Period(p, s) = h {
                        // Summed over the finest columns inside it.
                        let inside = finest_parts(p, &spans);
                        if !inside.is_empty() {
                            let covered: i64 = inside.iter().map(|&q| spans[q].days()).sum();
                            let parts = inside.iter().map(|&q| periods[q].0).collect();
                            *h = Heading::MaybeTotal(*p, *s, parts, covered == p.days());
                        }
                    }
                }
                (Orientation::MarketsAsRows, headings)
            } else {
                picked.clear();
                let headings: Vec<Heading> = fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        let label_column = month_year.is_some_and(|(m, y)| i == m || i == y);
                        if i == 0 || label_column || f.trim().is_empty() {
                            return Heading::Skip;
                        }
                        if let Some(p) = pick_column {
                            if !p.matches(f) {
                                return Heading::Skip;
                            }
                            picked.push((line, f.trim().to_string()));
                            return match ctx.resolve(&p.market) {
                                Ok(m) => {
                                    other_market(&mut picked_other, line, f.trim(), &m, ctx.tree);
                                    Heading::Market(m)
                                }
                                Err(e) => {
                                    problems.push(Problem::new(line, format!("--market: {e}")));
                                    Heading::Skip
                                }
                            };
                        }
                        // A column headed by what is counted ("Arrivals") is no market's:
                        // stored under that name, it would be a market called Arrivals.
                        if is_measure_word(f) && ctx.tree.resolve(f).is_none() {
                            let f = f.trim();
                            // Beside markets, it may be their total (review 26 L1: the advice
                            // would have loaded the total alone).
                            let beside = (1..fields.len()).any(|j| {
                                j != i
                                    && !month_year.is_some_and(|(m, y)| j == m || j == y)
                                    && !fields[j].trim().is_empty()
                            });
                            // A long file's market column beside it (review 57 H2: TRA's
                            // `Quarter,Region,State,Purpose,Trips`): the flags that read it so.
                            let markets_in = (0..fields.len()).find(|&j| {
                                j != i && {
                                    let h = fields[j].trim().to_ascii_lowercase();
                                    ["country", "countries", "nationality", "residence", "origin", "region", "market"]
                                        .iter()
                                        .any(|w| h.split(|c: char| !c.is_alphanumeric()).any(|x| x.starts_with(w)))
                                }
                            });
                            if let Some(j) = markets_in {
                                return Heading::Unknown(format!(
                                    "column {} (\"{f}\") names what is counted, not a market: a long file, its markets in column {} (\"{}\")? --column \"market={}\" --column \"arrivals={f}\" reads it so (with --column period=HEADER for its periods' column and --column skip=HEADER for each other column)",
                                    column_letter(i + ctx.first_column),
                                    column_letter(j + ctx.first_column),
                                    fields[j].trim(),
                                    fields[j].trim()
                                ));
                            }
                            let total = if beside {
                                "their total, beside the markets? head it Total: passed over, or the figure of a market of the tree named so; "
                            } else {
                                ""
                            };
                            return Heading::Unknown(format!(
                                "column {} (\"{f}\") names what is counted, not a market: {total}one market's figures? --column \"{f}\" --market NAME reads them as that market's",
                                column_letter(i + ctx.first_column)
                            ));
                        }
                        // A number, or months ("Jan-Mar"), names no market: stored as one, its
                        // figures would be a market's of the rows' periods.
                        if let Some(why) = no_market_name(f).filter(|_| ctx.tree.resolve(f).is_none()) {
                            return Heading::Unknown(format!(
                                "column {} (\"{}\") {why}",
                                column_letter(i + ctx.first_column),
                                f.trim()
                            ));
                        }
                        if is_total(f) && ctx.tree.resolve(f).is_none() {
                            if let Some(m) = total_of(f, ctx.tree) {
                                return Heading::Market(m.to_string());
                            }
                            if !adds_as_parent(f) {
                                return Heading::Skip;
                            }
                        }
                        match resolve_marked(f) {
                            Ok(m) => Heading::Market(m),
                            Err(e) => Heading::Unknown(e),
                        }
                    })
                    .collect();
                header_line = line;
                // Not one market the tree knows: no table of this store's markets.
                let known = headings.iter().any(|h| matches!(h, Heading::Market(_)));
                let unknown = headings.iter().any(|h| matches!(h, Heading::Unknown(_)));
                // Under a header naming its Month and Year columns, the line is the header
                // whatever its markets (a `Year,Month,Visitors` had been read past, and refused
                // with --year as the advice).
                if !known && (unknown || !problems.is_empty()) && ctx.pick.is_none() && month_year.is_none() {
                    caption = true;
                    pass_over(line, fields, "a caption above the header (names no market)");
                    return Ok(Vec::new());
                }
                (Orientation::PeriodsAsRows, headings)
            };
            seen(&mut |s| {
                s.layout = match (orientation, month_year) {
                    (Orientation::MarketsAsRows, _) => "markets as rows, periods as columns".into(),
                    (Orientation::PeriodsAsRows, Some(_)) => {
                        "month and year in columns of their own, markets as columns".into()
                    }
                    (Orientation::PeriodsAsRows, None) => "periods as rows, markets as columns".into(),
                };
                s.header_line = Some(line);
                s.columns = fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        let role = match &headings[i] {
                            Heading::Market(m) => format!("market {m}"),
                            Heading::MaybeTotal(p, ..) => format!(
                                "period {p}, or the total of the columns it spans: passed over where its figures are their sums on every row"
                            ),
                            Heading::Text => "text beside the figures: passed over".into(),
                            Heading::NotPeriod => {
                                "not a period tourstat reads (an error if it holds figures)".into()
                            }
                            Heading::Unknown(_) => {
                                "an unknown market (a problem below, unless its cells are text)".into()
                            }
                            Heading::Period(p, status) => {
                                let status = status.map(|st| format!(" (status {st})")).unwrap_or_default();
                                match (row_year, p) {
                                    (Some(_), Period::Month { month, .. }) => {
                                        format!("{} of the row's year{status}", crate::chart::MONTHS[*month as usize - 1])
                                    }
                                    // Not the year the header is read in (trial 59 L3: "2001-Q1").
                                    (Some(_), Period::Quarter { quarter, .. }) => {
                                        format!("Q{quarter} of the row's year{status}")
                                    }
                                    (Some(_), Period::Half { half, .. }) => {
                                        format!("H{half} of the row's year{status}")
                                    }
                                    _ => format!("period {p}{status}"),
                                }
                            }
                            Heading::Skip if row_year == Some(i) => "the year of each row's months".into(),
                            Heading::Skip if month_year.is_some_and(|(m, _)| m == i) => {
                                "the month of each row".into()
                            }
                            Heading::Skip if month_year.is_some_and(|(_, y)| y == i) => {
                                "the year of each row".into()
                            }
                            Heading::Skip if i == 0 => match orientation {
                                Orientation::MarketsAsRows => "the market of each row".into(),
                                Orientation::PeriodsAsRows => "the period of each row".into(),
                            },
                            Heading::Skip if f.trim().is_empty() => "empty: passed over".into(),
                            Heading::Skip if i > 0 && is_derived(f) => {
                                "a change or share: passed over".into()
                            }
                            Heading::Skip if pick_column.is_some() => "another series: passed over".into(),
                            Heading::Skip if is_total_column(f, true) => match orientation {
                                Orientation::MarketsAsRows if whole_year(&headings).is_some() => "a total of the periods: checked against them on each row, passed over (on a row with none of them, the year's own figure)".into(),
                                Orientation::MarketsAsRows => "a total of the periods: checked against them on each row, passed over".into(),
                                Orientation::PeriodsAsRows => {
                                    "a total: passed over (no market of the tree is named so)".into()
                                }
                            },
                            Heading::Skip => match orientation {
                                Orientation::MarketsAsRows => "not a period: passed over".into(),
                                Orientation::PeriodsAsRows => "an unknown market (a problem below)".into(),
                            },
                        };
                        ColumnRole { column: column_letter(i), header: f.trim().to_string(), role }
                    })
                    .collect();
            });
            header_line = line;
            header_text = text_of(fields);
            header_fields = fields.iter().map(|f| f.to_string()).collect();
            if language.is_none() {
                language = fields.iter().find_map(|f| super::read::decimal_comma_word(f)).map(|w| (line, w));
            }
            total_columns = match orientation {
                Orientation::MarketsAsRows => (1..fields.len())
                    .filter(|&i| {
                        is_total_column(fields[i], matches!(headings.get(i), Some(Heading::Skip)))
                            && row_year != Some(i)
                            && !fields[i].chars().any(|c| c.is_ascii_digit())
                    })
                    .collect(),
                Orientation::PeriodsAsRows => Vec::new(),
            };
            passed_totals = match orientation {
                Orientation::PeriodsAsRows => (1..fields.len())
                    .filter(|&i| {
                        matches!(headings.get(i), Some(Heading::Skip))
                            && is_total(fields[i])
                            && ctx.tree.resolve(fields[i]).is_none()
                    })
                    .collect(),
                Orientation::MarketsAsRows => Vec::new(),
            };
            empty_headers =
                fields.iter().enumerate().filter(|(_, f)| f.trim().is_empty()).map(|(i, _)| i).collect();
            layout = Some((orientation, headings));
            return Ok(problems);
        };
        if filled == 0 {
            return Ok(Vec::new());
        }
        if text_of(fields) == header_text {
            // Under a title of its own, markets as columns: a second table, not a page break
            // (review 27 L1: its departures stored as the first table's arrivals).
            if let (Some((at, title)), Orientation::PeriodsAsRows) = (title_since_rows.take(), orientation) {
                if !continues(&title) && !titles_above.contains(&title) {
                    return Err(Error::invalid_at(
                        label,
                        line,
                        format!("the header again, under the title \"{title}\" (line {at}): a second table, whose figures would be read as the first's; give each table a file (or sheet) of its own"),
                    ));
                }
            }
            pass_over(line, fields, "the header repeated (a page break): passed over");
            return Ok(Vec::new());
        }
        // A line of one cell under the rows (not a note or a page's mark): a title, if the
        // header follows.
        title_since_rows = match filled {
            1 if !is_note(&text_of(fields)) && !is_page_mark(&text_of(fields)) => {
                Some((line, text_of(fields)))
            }
            _ => None,
        };
        // Columns of text beside the figures (a season, a note): not markets. A line of one
        // cell ("Unit: persons") is no first row: the header's reading waits for one (trial 57
        // M2: a title's year in a cell of its own, then a unit line, then the header).
        if filled > 1 && std::mem::take(&mut first_row) {
            for (i, cell) in fields.iter().enumerate() {
                let text = !missing(cell) && !value_and_status(cell).0.chars().any(|c| c.is_ascii_digit());
                if !text {
                    if let Some(Heading::Unknown(e)) = headings.get(i) {
                        pending.push(Problem::new(header_line, e.clone()));
                        headings[i] = Heading::Skip;
                    }
                }
                if text && matches!(headings.get(i), Some(Heading::Market(_) | Heading::Unknown(_))) {
                    headings[i] = Heading::Text;
                    seen(&mut |s| {
                        if let Some(c) = s.columns.get_mut(i) {
                            c.role = "text beside the figures: passed over".into();
                        }
                    });
                }
            }
        }
        let label_text = match month_year {
            Some((m, y)) => {
                // A year written on the first row of its months only, as a report's table
                // writes it (trial 46 F6): the rows under it are of that year.
                // Only a month's row, and only while the months go on (review 26 H1, H2: a
                // year filled past December, or onto a Grand total row).
                let year = fields.get(y).map_or("", |f| f.trim());
                let month = fields.get(m).map_or("", |f| f.trim());
                // The month it starts in, for whether they go forward (a quarter's first).
                let number = month_word(month)
                    .or_else(|| part_word(month).map(|(n, k)| (k - 1) * 12 / n + 1))
                    .unwrap_or(0);
                let filled = if !year.is_empty() {
                    year_above = (year.to_string(), number);
                    year
                } else if number > year_above.1 {
                    year_above.1 = number;
                    year_above.0.as_str()
                } else {
                    ""
                };
                format!("{month} {filled}")
            }
            None => fields[0].to_string(),
        };
        let first = label_text.trim();
        if is_note(first) {
            pass_over(line, fields, "a note or source line");
            return Ok(Vec::new());
        }
        let numbers = fields[1..]
            .iter()
            .filter(|f| !missing(f) && value_and_status(f).0.chars().any(|c| c.is_ascii_digit()))
            .count();
        let mut problems = Vec::new();
        // The row's label: a period (markets in the header) or a market (periods in the header).
        let (row_period, row_market) = match orientation {
            Orientation::PeriodsAsRows => match period_label(first) {
                Ok((p @ Period::Year(_), s)) => {
                    if let (None, Some((l, text))) = (ctx.month, &title_part) {
                        return Err(part_of_year_error(label, *l, text));
                    }
                    if let (None, Some((m, l, text))) = (ctx.month, &title_month) {
                        return Err(month_in_title_error(label, *m, *l, text));
                    }
                    month_used |= ctx.month.is_some();
                    (Some((of_month(p, ctx.month), marked(first, s))), None)
                }
                Ok((p, s)) => {
                    if without_year(first) {
                        bare_rows.push((line, first.to_string(), p));
                    }
                    (Some((p, marked(first, s))), None)
                }
                // A total of the periods above: passed over, never a period; checked against
                // them once the table is read (trial 45 M3: a Total contradicting its months
                // passed without a word).
                // (Or a year's, "Year 2024", "Annual 2024": trial 87 L1, refused as no period.)
                Err(_) if is_total(first) || year_row(first, ctx.calendar) => {
                    pass_over(line, fields, "a total row: passed over");
                    let figures = headings
                        .iter()
                        .enumerate()
                        .filter(|(_, h)| matches!(h, Heading::Market(_)))
                        .filter_map(|(i, _)| {
                            let cell = fields.get(i).filter(|c| !missing(c))?;
                            Some((i, read_figure(value_and_status(cell).0, ctx.numbers, ctx.unit).ok()?))
                        })
                        .collect();
                    // A total of a part ("Total Jan-May", "Q1 total", "Total 2023/24") or of
                    // all before it ("Grand total") is not checked: which rows it spans is not
                    // told (review 25 M2).
                    if let Some(year) = plain_total(first, ctx.calendar) {
                        total_rows.push(TotalRow {
                            line,
                            label: first.to_string(),
                            year,
                            from: total_rows.last().map_or(0, |t| t.after),
                            after: period_lines.len(),
                            figures,
                        });
                    }
                    return Ok(Vec::new());
                }
                // A note, a footnote, a source line: no figures on it.
                Err(_) if numbers == 0 => {
                    pass_over(line, fields, "no figures: a note, footnote or source line");
                    return Ok(Vec::new());
                }
                Err(e) if rows.is_empty() && problems.is_empty() => {
                    // Months without their year as row labels, and no --year to give it.
                    if ctx.year.is_none() && without_year(first) {
                        needs_year = Some(line);
                    }
                    // The first data row is not a period either: this is no wide table.
                    let _ = e;
                    not_wide = true;
                    return Ok(Vec::new());
                }
                Err(e) => return Ok(vec![Problem::new(line, e)]),
            },
            Orientation::MarketsAsRows => {
                // A line under a header of years naming a month or part of a year in their
                // columns ("January", "Jan-Mar"): the figures are of that part of each year,
                // never whole years.
                if numbers == 0
                    && table.is_empty()
                    && ctx.month.is_none()
                    && !empty_headers.iter().any(|&i| i > 0)
                {
                    let part = fields.iter().enumerate().find_map(|(i, f)| {
                        let year = match headings.get(i) {
                            Some(Heading::Period(Period::Year(y), _)) => *y,
                            _ => return None,
                        };
                        let f = f.trim();
                        (month_word(f).is_some() || part_of_year_in_title(f)).then_some((year, f))
                    });
                    if let Some((year, f)) = part {
                        return Err(Error::invalid_at(
                            label,
                            line,
                            format!(
                                "\"{f}\" under the header's {year}: the figures are of that part of each year, not whole years; write the periods in one header line as such ({year}-01, {year}-Q1, {year}-H1), or --month with the month's name reads years as that month of each year"
                            ),
                        ));
                    }
                }
                // A line under the header, above the figures, giving their unit or status in the
                // period columns (",(thousands),(thousands)", ",p,p"): never passed over.
                if numbers == 0 && table.is_empty() {
                    let under: Vec<&str> = fields
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| matches!(headings.get(*i), Some(Heading::Period(..))))
                        .map(|(_, f)| f.trim())
                        .filter(|f| !f.is_empty())
                        .collect();
                    if let Some(unit) =
                        under.iter().find_map(|f| unit_in_title(f).map(|u| (u, f.to_string())))
                    {
                        if title_unit.is_none() {
                            title_unit = Some((unit.0, line, unit.1));
                            unit_under_header = true;
                        }
                    } else if !under.is_empty()
                        && under.iter().all(|f| {
                            let f = f.trim_matches(|c| c == '(' || c == ')').to_ascii_lowercase();
                            ["p", "e", "f", "r"].contains(&f.as_str())
                        })
                    {
                        return Err(Error::invalid_at(
                            label,
                            line,
                            format!(
                                "a line of statuses under the header (\"{}\"): tourstat reads a figure's status beside it (\"12p\") or in a status column; write it so",
                                under.join("\", \"")
                            ),
                        ));
                    }
                }
                if numbers == 0 {
                    // A row with every cell marked missing (":", "..") is a market's, not a
                    // heading (trial 59 L6).
                    let marked = fields.iter().skip(1).filter(|f| !f.trim().is_empty()).count();
                    let all_marked = marked > 0
                        && fields.iter().skip(1).filter(|f| !f.trim().is_empty()).all(|f| missing(f));
                    pass_over(
                        line,
                        fields,
                        if all_marked {
                            "no figures: every one marked missing (not stored, never 0)"
                        } else {
                            "no figures: a section heading, note or source line"
                        },
                    );
                    // A heading: one label, no page mark or title going on from a page before,
                    // no market of the tree (a market whose figures are all blank).
                    if !first.is_empty()
                        && filled == 1
                        && !is_page_mark(first)
                        && !continues(first)
                        && ctx.tree.resolve(first).is_none()
                    {
                        section = Some(first.to_string());
                    }
                    return Ok(Vec::new());
                }
                // Under a table of one series' years, a row of the years' total, mean or
                // change: no year of its own, passed over.
                if grid
                    && year_of_row(fields, 0, ctx.calendar).is_err()
                    && (is_total(first) || is_derived_row(first) || is_average(first))
                {
                    pass_over(line, fields, "a total, mean or change of the years: passed over");
                    return Ok(Vec::new());
                }
                if let Some(p) = pick_row {
                    if !p.matches(first) {
                        pass_over(line, fields, "another series: passed over (--row picks one)");
                        return Ok(Vec::new());
                    }
                    picked.push((line, first.to_string()));
                    // Its total of the periods is checked as any row's is.
                    let named = match grid {
                        true => format!("{} in {first}", p.market),
                        false => first.to_string(),
                    };
                    let values = period_figures(fields, headings, ctx);
                    total_cells.extend(row_totals(line, &named, fields, &values, &total_columns, ctx));
                    match ctx.resolve(&p.market) {
                        Ok(m) => {
                            other_market(&mut picked_other, line, first, &m, ctx.tree);
                            (None, Some(m))
                        }
                        Err(e) => return Ok(vec![Problem::new(line, format!("--market: {e}"))]),
                    }
                } else {
                    // A row of changes, shares, rates or an index under the markets ("Change over
                    // previous year", "Growth rate", "Index (2019=100)"): its figures are no
                    // arrivals of a market.
                    if !first.is_empty() && is_derived_row(first) && ctx.tree.resolve(first).is_none() {
                        pass_over(
                            line,
                            fields,
                            "a row of changes, shares, rates or an index: passed over, no market",
                        );
                        return Ok(Vec::new());
                    }
                    if first.is_empty() {
                        // A second measure of the market above, or markets in another column: whose
                        // figures these are cannot be told, and passing them over would be silent.
                        return Ok(vec![Problem::new(line, "figures on a row with no market in the first column: tourstat cannot tell whose they are (another measure of the market above? markets named in a later column?); give each row of figures its market in the first column, one measure per table; a table of several measures per market, labelled in columns filled down (continent, country, item), loads one with --measure NAME")]);
                    }
                    // "Europe total", "Japan, total": the market's own figure, never passed over.
                    let named = (is_total(first) && ctx.tree.resolve(first).is_none())
                        .then(|| total_of(first, ctx.tree))
                        .flatten();
                    if let Some(n) = named {
                        seen(&mut |s| {
                            s.renamed.push((
                                line,
                                first.to_string(),
                                n.to_string(),
                                "names a market beside its total word",
                            ))
                        });
                    }
                    let first = named.unwrap_or(first);
                    // "of which: China" names a market of the tree: its own row.
                    let named_after = first
                        .get(..8)
                        .filter(|p| p.eq_ignore_ascii_case("of which"))
                        .and_then(|_| ctx.tree.resolve(first[8..].trim_start_matches([':', ' '])));
                    let first = named_after.unwrap_or(first);
                    if is_memo(first) && ctx.tree.resolve(first).is_none() {
                        pass_over(
                            line,
                            fields,
                            "a memo item or a part of the row above (\"of which\"): passed over, no market",
                        );
                        return Ok(Vec::new());
                    }
                    // The table's grand total ("All nationalities") is the figure of the market
                    // --add-markets adds the others under, as a row named so is.
                    let grand = ctx
                        .add_markets
                        .filter(|_| is_grand_total(first) && ctx.tree.resolve(first).is_none());
                    if is_total(first)
                        && ctx.tree.resolve(first).is_none()
                        && !adds_as_parent(first)
                        && grand.is_none()
                    {
                        pass_over(
                            line,
                            fields,
                            "a total row: passed over (no market of the tree is named so)",
                        );
                        if is_grand_total(first) && section.is_none() && row_year.is_none() {
                            passed_total_rows.push((
                                line,
                                first.to_string(),
                                period_figures(fields, headings, ctx),
                            ));
                        }
                        return Ok(Vec::new());
                    }
                    let values = period_figures(fields, headings, ctx);
                    total_cells.extend(row_totals(line, first, fields, &values, &total_columns, ctx));
                    table.push((line, first.to_string(), values, section.clone()));
                    table_years.push(
                        row_year.and_then(|c| year_of_row(fields, c, ctx.calendar).ok()).map(|(y, _)| y),
                    );
                    if is_rest_of_section(first) {
                        rest_rows.push((
                            line,
                            first.to_string(),
                            fields.iter().map(|f| f.to_string()).collect(),
                        ));
                        return Ok(Vec::new());
                    }
                    // A year as a row's label names no market (trial 47 F6: the rows of a
                    // `,Jan,...,Dec` table of one market stored as markets "2023" and "2024",
                    // the months in --year). A numeric code (392) may be one.
                    if ctx.tree.resolve(first).is_none() && is_year_in_either_calendar(first) {
                        return Ok(vec![Problem::new(
                            line,
                            format!("the row's label \"{first}\" is a year, no market: a table of one market with a row per year? head column {} `Year`, and --market NAME says which market it is", column_letter(ctx.first_column)),
                        )]);
                    }
                    // A month or quarter without its year, likewise (review 27 H1: `Quarter,2023,
                    // 2024` over `Q1,...` stored a market named Q1 with figures of whole years).
                    if ctx.tree.resolve(first).is_none() && without_year(first) {
                        return Ok(vec![Problem::new(
                            line,
                            format!("the row's label \"{first}\" is a month or quarter without its year, no market: months as rows and years as columns? write a row per year (Year,Jan,...,Dec) with --market NAME, or each period with its year (Jan-24)"),
                        )]);
                    }
                    match resolve_marked(grand.unwrap_or(first)) {
                        Ok(m) => (None, Some(m)),
                        Err(e) => return Ok(vec![Problem::new(line, e)]),
                    }
                }
            }
        };
        if let (Some((p, _)), Orientation::PeriodsAsRows) = (&row_period, *orientation) {
            period_lines.push((line, *p));
            for (i, h) in headings.iter().enumerate() {
                if matches!(h, Heading::Market(_)) {
                    let value = fields
                        .get(i)
                        .filter(|c| !missing(c))
                        .and_then(|c| read_figure(value_and_status(c).0, ctx.numbers, ctx.unit).ok());
                    column_values.entry(i).or_default().push(value);
                }
            }
            for &j in &passed_totals {
                let value = fields
                    .get(j)
                    .filter(|c| !missing(c))
                    .and_then(|c| read_figure(value_and_status(c).0, ctx.numbers, ctx.unit).ok());
                passed_total_values.entry(j).or_default().push(value);
            }
        }
        let in_year;
        let headings = match (row_year, &row_market) {
            (Some(c), Some(_)) => match year_of_row(fields, c, ctx.calendar) {
                Ok((y, status)) => {
                    row_years.push((line, y));
                    let series = if grid { String::new() } else { first.to_string() };
                    year_rows.push((line, series, fields.iter().map(|f| f.to_string()).collect()));
                    // A mark on the year no footnote explains (`2025*`): its figures are read
                    // as actual, and that is said once (trial 47 F12).
                    let cell = fields[c].trim();
                    if status.is_none() && cell.ends_with(is_footnote_mark) {
                        let mark = trailing_mark(cell);
                        if !marks.iter().any(|(m, _)| *m == mark)
                            && !unexplained.iter().any(|(m, _)| *m == mark)
                        {
                            unexplained.push((mark, line));
                        }
                    }
                    in_year = of_year(headings, y, marked(fields[c], status));
                    in_year.as_slice()
                }
                Err(e) => {
                    problems.push(year_problem(line, c, e));
                    return Ok(problems);
                }
            },
            _ => headings.as_slice(),
        };
        let market = row_market.clone();
        let mut cells = read_cells(line, fields, &header_fields, headings, row_period, row_market);
        // A row with none of a whole year's periods given and its Total given: the Total is
        // the year's figure, stored as such (it had been passed over, the year lost).
        if let (Some(market), Some((year, status)), true) =
            (market, whole_year(headings), cells.figures.is_empty() && cells.problems.is_empty())
        {
            for &j in &total_columns {
                let Some(cell) = fields.get(j).filter(|c| !missing(c)) else { continue };
                let (text, own) = value_and_status(cell);
                if let Ok(value) = read_figure(text, ctx.numbers, ctx.unit) {
                    let status = marked(cell, own).or(status).unwrap_or("A").to_string();
                    cells.figures.push((market.clone(), Period::Year(year), value, status));
                }
            }
        }
        problems.extend(cells.store(&mut rows, line, ctx));
        Ok(problems)
    })?;
    // The step the table's figures are rounded to, shown by all of them (a row's few figures,
    // 10, 20 and 30, would show a step of ten by chance).
    // Whatever the unit: figures in thousands shown to a tenth (1.5) show a step of a hundred
    // (trial 46 F7).
    let table_step = step_of(figures_read.borrow().iter().copied(), 1.0);
    // Totals of whole figures off their parts' sum by rounding's width or less: said, as
    // exact counts would make them wrong (trial 47 F10: 3,116 beside months adding to 3,110).
    let mut near_totals: Vec<(u64, String, f64, f64)> = Vec::new();
    let mut whole_totals = 0;
    for (line, market, j, v, mut parts) in std::mem::take(&mut total_cells) {
        parts.step = parts.step.max(table_step);
        if parts.step <= 1.0 && parts.all && parts.within_rounding(v) {
            whole_totals += 1;
            if !same(v, parts.sum) {
                near_totals.push((line, market.clone(), v, parts.sum));
            }
        }
        if let Some(m) = parts.contradiction(v) {
            problems.push(
                Problem::new(
                    line,
                    format!(
                        "{} of {market} (column {}) is {v}, {m}",
                        header_fields[j].trim().trim_end_matches(':'),
                        column_letter(j + ctx.first_column)
                    ),
                )
                .in_column(j),
            );
        }
    }
    // The groups the sums show, and the rows that are the rest of a section, named by it
    // ("Others" under East Asia is "Others (East Asia)").
    // Markets as columns: the columns that are the sums of the columns after them.
    if let Some((Orientation::PeriodsAsRows, headings)) = &layout {
        let markets: Vec<(usize, String)> = headings
            .iter()
            .enumerate()
            .filter_map(|(i, h)| if let Heading::Market(m) = h { Some((i, m.clone())) } else { None })
            .collect();
        let values: Vec<Vec<Option<f64>>> =
            markets.iter().map(|(i, _)| column_values.get(i).cloned().unwrap_or_default()).collect();
        // A row whose period spans others (a quarter below its months) and contradicts them:
        // which is right cannot be told (as a column of markets-as-rows, checked the same).
        let row_periods: Vec<Period> = period_lines.iter().map(|(_, p)| *p).collect();
        // Every day a row names the first of a month: months saved as dates, or those days?
        let days: Vec<&(u64, Period)> =
            period_lines.iter().filter(|(_, p)| matches!(p, Period::Day(_))).collect();
        if days.len() >= 2
            && days.iter().all(|(_, p)| matches!(p, Period::Day(d) if chrono::Datelike::day(d) == 1))
        {
            return Err(Error::invalid_at(
                label,
                days[0].0,
                format!(
                    "every period of the rows is the first day of a month ({}, {}, ...): months saved as dates by a spreadsheet, or figures of those days? Write months as months (2025-01, Jan-25); a table of days has other days too",
                    days[0].1,
                    days[1].1
                ),
            ));
        }
        for (r, (line, p)) in period_lines.iter().enumerate() {
            let parts = finest_parts(p, &row_periods);
            if parts.is_empty() {
                continue;
            }
            let covered: i64 = parts.iter().map(|&q| row_periods[q].days()).sum();
            for (k, (i, market)) in markets.iter().enumerate() {
                let Some(v) = values[k].get(r).copied().flatten() else { continue };
                let shown: Vec<f64> =
                    parts.iter().filter_map(|&q| values[k].get(q).copied().flatten()).collect();
                let shown_days = covered;
                let shown_parts = PartsShown {
                    sum: shown.iter().sum(),
                    count: shown.len(),
                    all: covered == p.days() && shown.len() == parts.len(),
                    share: shown_days as f64 / p.days().max(1) as f64,
                    step: table_step,
                };
                if let Some(m) = shown_parts.contradiction(v) {
                    problems.push(
                        Problem::new(
                            *line,
                            format!("{p} of {market} is {v}, {}", m.replace("columns", "rows")),
                        )
                        .in_column(*i),
                    );
                } else if !shown_parts.all && !shown.is_empty() && shown_parts.within_rounding(v) {
                    // The sum of the rows given where others of it have none: a total so far,
                    // which stored as the period would stand for the months it lacks.
                    problems.push(
                        Problem::new(
                            *line,
                            format!(
                                "{p} of {market} is {v}, the sum of the {} rows of it that have a figure, though they do not cover it: a total so far, not all of {p}? Remove the row, or give every row it spans",
                                shown.len()
                            ),
                        )
                        .in_column(*i),
                    );
                }
            }
        }
        // Where rows were misread, the sums are of what was read: no check.
        let read_right = problems.is_empty();
        for total in total_rows.iter().filter(|_| read_right) {
            let parts = total.parts(&row_periods);
            if parts.is_empty() {
                continue;
            }
            for (i, v) in &total.figures {
                let Some(k) = markets.iter().position(|(j, _)| j == i) else { continue };
                let shown: Vec<f64> =
                    parts.iter().filter_map(|&q| values[k].get(q).copied().flatten()).collect();
                let shown_parts = PartsShown {
                    sum: shown.iter().sum(),
                    count: shown.len(),
                    // The total of the rows the table has (a year so far under a year's
                    // months), no more.
                    all: shown.len() == parts.len(),
                    share: 0.0,
                    step: row_step(shown.iter().copied().chain([*v])).max(table_step),
                };
                if let Some(m) = shown_parts.contradiction(*v) {
                    problems.push(
                        Problem::new(
                            total.line,
                            format!(
                                "{} of {} is {v}, {}",
                                total.label,
                                markets[k].1,
                                m.replace("columns it spans", "rows it totals").replace("columns", "rows")
                            ),
                        )
                        .in_column(*i),
                    );
                }
            }
        }
        let grouping = table_groups(&values);
        let period_rows: Vec<String> = row_periods.iter().map(Period::to_string).collect();
        if ctx.add_markets.is_some() && period_rows.len() < 2 && grouping.parent.iter().any(Option::is_some) {
            problems.push(Problem::new(0, ONE_PERIOD_SUMS));
        }
        let column_names: Vec<String> = markets.iter().map(|m| m.1.clone()).collect();
        if let Some(found) =
            unlisted_region(&values, &column_names, &grouping).filter(|_| ctx.add_markets.is_some())
        {
            let place = |k: usize| format!("column {}", column_letter(markets[k].0 + ctx.first_column));
            problems
                .push(Problem::new(0, unlisted_region_problem(found, &column_names, &period_rows, place)));
        }
        let groups = describe_groups(
            &grouping,
            |k| format!("column {}", column_letter(markets[k].0 + ctx.first_column)),
            &markets.iter().map(|m| m.1.clone()).collect::<Vec<_>>(),
            &period_rows,
            ("columns after it", "columns before it"),
        );
        seen(&mut |s| s.groups = groups.clone());
        for (k, (_, m)) in markets.iter().enumerate() {
            if let Some(g) = grouping.parent[k] {
                member_of.push((m.clone(), markets[g].1.clone()));
            }
        }
        let names: Vec<&str> = markets.iter().map(|m| m.1.as_str()).collect();
        let tops = top_markets(&names, &grouping.parent, ctx);
        for &j in &passed_totals {
            let place = format!("column {}", column_letter(j + ctx.first_column));
            let totals = passed_total_values.get(&j).map(Vec::as_slice).unwrap_or_default();
            total_notes.extend(passed_total_note(
                (&place, header_fields[j].trim()),
                totals,
                (&values, &tops),
                &period_rows,
                table_step,
                ctx,
            ));
        }
    }
    if let Some((Orientation::MarketsAsRows, headings)) = &layout {
        let mut periods: Vec<String> = headings
            .iter()
            .filter_map(|h| if let Heading::Period(p, _) = h { Some(p.to_string()) } else { None })
            .collect();
        let values: Vec<Vec<Option<f64>>> = table.iter().map(|t| t.2.clone()).collect();
        let width = periods.len();
        let grouping = if row_year.is_some() {
            // Rows of several years, in any order (a market's years together, or a year's
            // markets): the groups of each year's rows, in the file's order (trial 46 F2,
            // review 25 H1: rows of a market's years together hid every group, and a region
            // went in beside its countries).
            let years: std::collections::BTreeSet<i32> = table_years.iter().flatten().copied().collect();
            periods = years
                .iter()
                .flat_map(|y| of_year(headings, *y, None))
                .filter_map(|h| if let Heading::Period(p, _) = h { Some(p.to_string()) } else { None })
                .collect();
            let mut all = Grouping {
                parent: vec![None; table.len()],
                differences: vec![Vec::new(); table.len()],
                overlapping: false,
            };
            for (slot, year) in years.iter().enumerate() {
                let rows: Vec<usize> = (0..table.len()).filter(|&k| table_years[k] == Some(*year)).collect();
                let of_year = table_groups(&rows.iter().map(|&k| values[k].clone()).collect::<Vec<_>>());
                for (i, &k) in rows.iter().enumerate() {
                    all.parent[k] = of_year.parent[i].map(|p| rows[p]);
                    all.differences[k] = of_year.differences[i]
                        .iter()
                        .map(|(c, own, sum)| (c + slot * width, *own, *sum))
                        .collect();
                }
            }
            all
        } else {
            table_groups(&values)
        };
        let parents = &grouping.parent;
        if ctx.add_markets.is_some() && width < 2 && parents.iter().any(Option::is_some) {
            problems.push(Problem::new(0, ONE_PERIOD_SUMS));
        }
        let names: Vec<String> = table.iter().map(|t| normalise_name(&t.1)).collect();
        // (Of one year's rows: a table of several has its groups by year.)
        if let Some(found) = unlisted_region(&values, &names, &grouping)
            .filter(|_| ctx.add_markets.is_some() && row_year.is_none())
        {
            let line = table[found.0].0;
            problems.push(Problem::new(
                line,
                unlisted_region_problem(found, &names, &periods, |k| format!("line {}", table[k].0)),
            ));
        }
        let groups = describe_groups(
            &grouping,
            |k| format!("line {}", table[k].0),
            &names,
            &periods,
            ("rows under it", "rows above it"),
        );
        seen(&mut |s| s.groups = groups.clone());
        let names: Vec<&str> = table.iter().map(|t| t.1.as_str()).collect();
        let tops = top_markets(&names, parents, ctx);
        // Two total rows or more are each of a part of the table (a section's, under its
        // countries: review 66 M4, M5), whichever is the grand one: none is checked.
        if passed_total_rows.len() > 1 {
            passed_total_rows.clear();
        }
        for (line, label, totals) in std::mem::take(&mut passed_total_rows) {
            let place = format!("line {line}");
            let total = (place.as_str(), label.trim());
            total_notes.extend(passed_total_note(
                total,
                &totals,
                (&values, &tops),
                &periods,
                table_step,
                ctx,
            ));
        }
        // Each market's group, for markets to be added to the tree: its group by the sums
        // only (where a section heading ends cannot be told: a group after it would be taken
        // into it, and counted twice).
        for (k, row) in table.iter().enumerate() {
            let group = parents[k].map(|g| table[g].1.clone());
            if let (Some(g), false) = (group, is_rest_of_section(&row.1)) {
                if let (Ok(member), Ok(group)) = (ctx.resolve(&row.1), ctx.resolve(&g)) {
                    member_of.push((member, group));
                }
            }
        }
        for (line, label, fields) in std::mem::take(&mut rest_rows) {
            let Some(k) = table.iter().position(|t| t.0 == line) else { continue };
            let group = parents[k].map(|g| table[g].1.clone()).or_else(|| table[k].3.clone());
            let name = match &group {
                Some(g) => format!(
                    "{} ({})",
                    normalise_name(&label),
                    ctx.tree.resolve(g).map_or_else(|| normalise_name(g), str::to_string)
                ),
                None => label.clone(),
            };
            // A tree with one market of that name and none named by the group: the tree's.
            let name = if ctx.tree.resolve(&name).is_none() && ctx.tree.resolve(&label).is_some() {
                label.clone()
            } else {
                name
            };
            let market = match ctx.resolve(&name) {
                Ok(m) => m,
                Err(e) => {
                    problems.push(Problem::new(
                        line,
                        format!("\"{}\" is the rest of its section: {e}", label.trim()),
                    ));
                    continue;
                }
            };
            if let Some(g) = &group {
                seen(&mut |s| {
                    s.renamed.push((
                        line,
                        label.trim().to_string(),
                        market.clone(),
                        "is the rest of its section",
                    ))
                });
                if let Ok(g) = ctx.resolve(g) {
                    member_of.push((market.clone(), g));
                }
            }
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            let in_year;
            let headings = match row_year.map(|c| (c, year_of_row(&fields, c, ctx.calendar))) {
                Some((c, Ok((y, status)))) => {
                    in_year = of_year(headings, y, marked(fields[c], status));
                    in_year.as_slice()
                }
                // Said when the row was read.
                Some((_, Err(_))) => continue,
                None => headings.as_slice(),
            };
            let cells = read_cells(line, &fields, &header_fields, headings, None, Some(market));
            problems.extend(cells.store(&mut rows, line, ctx));
        }
    }
    witness.language = language;
    problems.extend(witness.problems());
    // A row wider than the header where others are as wide as it: an unquoted comma split one
    // of its figures in two, and the field it pushed past the header was empty (a month still
    // to come), so no figure shows past it; the figures before it are a column off all the same.
    // Review 27 H2: Apr..Dec then Jan..Mar as rows, under one --year, stored January-March in it.
    let in_order: Vec<(usize, Period)> = bare_rows.iter().enumerate().map(|(k, (_, _, p))| (k, *p)).collect();
    if let Some((from, to)) = wraps(&in_order) {
        let ((l1, t1, _), (l2, t2, _)) = (&bare_rows[from], &bare_rows[to]);
        return Err(Error::invalid_at(
            label,
            *l2,
            format!("the rows' months go back from {t1} (line {l1}) to {t2}: they span two years (a fiscal year?), and --year gives them one; write each with its year (Dec-24, Jan-25)"),
        ));
    }
    // A figure split at an unquoted comma, whatever the row's width (with its empty fields
    // after the figures kept, no figure is pushed past the header).
    if let Some((_, headings)) = &layout {
        let columns: Vec<usize> =
            (0..headings.len()).filter(|&i| matches!(headings[i], Heading::Period(..))).collect();
        // Said, not refused: a month that collapsed (2020) may be so, and no flag could load it.
        for (line, number, least) in split_at_commas(&year_rows, &columns) {
            split_notes.push(format!(
                "line {line}: \"{number}\" is in two fields, the first far below its column's figure in the other years ({} or more): a figure with an unquoted comma, split in two, and this row's figures after it a column off? They are stored as written; if so, `tourstat rollback` this ingest, quote it (\"{number}\") and load the file again",
                crate::output::thousands(least.round() as i64)
            ));
        }
    }
    let header_width = header_fields.len();
    if widths.iter().any(|(_, w)| *w == header_width) {
        for (line, w) in widths.iter().filter(|(_, w)| *w > header_width) {
            problems.push(Problem::new(
                *line,
                format!(
                    "{w} fields where the header and other rows have {header_width}: a figure with an unquoted comma (1,250) is two fields, and moves those after it a column on; quote it (\"1,250\") or write 1250"
                ),
            ));
        }
    }
    // (A table whose rows give their year has no years in its header.)
    if let (Some((line, ce)), Some((Orientation::MarketsAsRows, headings)), None) =
        (title_be, &layout, row_year)
    {
        let years: std::collections::BTreeSet<i32> = headings
            .iter()
            .filter_map(|h| if let Heading::Period(p, _) = h { Some(p.year()) } else { None })
            .collect();
        if !years.is_empty() && !years.contains(&ce) {
            let shown: Vec<String> = years.iter().map(|y| y.to_string()).collect();
            return Err(Error::Invalid {
                file: label.to_string(),
                problems: vec![Problem::new(
                    line,
                    format!(
                        "the title names {} (Buddhist Era: {ce}), the header's periods are of {}: two-digit years under a Buddhist Era title are Buddhist Era too (68 = 2568 = 2025); --calendar be reads them so",
                        ce + crate::period::BE_OFFSET,
                        shown.join(", ")
                    ),
                )],
                total: 1,
            });
        }
    }
    // Two-digit years far before the figures were known, with no title to say their era: a
    // Thai table's "Jan-68" (2568, 2025) saved without its title reads as 1968.
    if let (Calendar::Ce, None, Some((Orientation::MarketsAsRows, headings)), None) =
        (ctx.calendar, title_be, &layout, row_year)
    {
        let known = chrono::Datelike::year(&ctx.as_of);
        // A table of a year or two (a Thai monthly table), not a historical series of decades.
        let years: Vec<i32> = headings
            .iter()
            .filter_map(|h| if let Heading::Period(p, _) = h { Some(p.year()) } else { None })
            .collect();
        let short = years.iter().max().zip(years.iter().min()).is_some_and(|(a, b)| a - b <= 2);
        let two_digit = headings.iter().zip(&header_fields).filter(|_| short).find_map(|(h, text)| {
            let Heading::Period(p, _) = h else { return None };
            let four = text.split(|c: char| !c.is_ascii_digit()).any(|d| d.len() == 4);
            // "68" in the Buddhist Era is 2568.
            let be = p.year().rem_euclid(100) + 2500 - crate::period::BE_OFFSET;
            (!four && p.year() < known - 30 && (known - 30..=known + 1).contains(&be))
                .then(|| (text.trim().to_string(), p.year(), be))
        });
        if let Some((text, year, be)) = two_digit {
            return Err(Error::invalid_at(
                label,
                header_line,
                format!(
                    "\"{text}\" reads as {year}, {} years before the figures were known ({}): a Buddhist Era year ({} = {be})? --calendar be reads it so; a table of {year} writes its years in four digits",
                    known - year,
                    ctx.as_of,
                    year.rem_euclid(100) + 2500
                ),
            ));
        }
    }
    if let Some(line) = needs_year {
        let name = year_in_name(label);
        // Years as the file writes them (--year takes them so: 2559 with --calendar be).
        let own = |y: i32| ctx.calendar.written(y);
        let (hint, year) = match (title_year, name) {
            (Some(t), Some(n)) if t != n => {
                (format!("; the title says {}, the file's name {n}: --year says which", own(t)), None)
            }
            (Some(t), Some(_)) => {
                (format!("; the title and the file's name say {0}: --year {0}", own(t)), Some(t))
            }
            (Some(t), None) => (format!("; the title says {0}: --year {0}", own(t)), Some(t)),
            (None, Some(n)) => (format!("; the file's name says {n}: --year {n}"), Some(n)),
            (None, None) => (years_in_rows(path, header_line, lines).unwrap_or_default(), None),
        };
        seen(&mut |s| s.year_in_name = year);
        return Err(Error::Invalid {
            file: label.to_string(),
            problems: vec![Problem::new(
                line,
                format!("the periods are months without their year (January, Feb, ..., or quarters: Q1, ...); --year YYYY gives the year{hint}"),
            )],
            total: 1,
        });
    }
    if let (Some(p), Some((orientation, _))) = (ctx.pick, &layout) {
        let flag = p.flag();
        let wrong_axis = match (p.axis, orientation) {
            (Axis::Table, _) if !grid => {
                let (series, pick) = match orientation {
                    Orientation::MarketsAsRows => ("rows", "--row PATTERN"),
                    Orientation::PeriodsAsRows => ("columns", "--column PATTERN"),
                };
                return Err(Error::invalid_file(
                    label,
                    format!("--market alone names the market of a table that is one series, a row per year (Year,Jan,...,Dec); this table's {series} are its series: where they name their markets, leave --market out; {pick} picks one of its {series}, and --market NAME names it"),
                ));
            }
            (Axis::Row, Orientation::PeriodsAsRows) => {
                Some("its rows are periods: --column picks one of its columns")
            }
            (Axis::Column, Orientation::MarketsAsRows) => {
                Some("its columns are periods: --row picks one of its rows")
            }
            _ => None,
        };
        let message = if let Some(why) = wrong_axis {
            Some(format!("{flag} \"{}\" cannot pick a series of this table: {why}", p.pattern))
        } else if picked.is_empty() {
            Some(format!(
                "no {} of the table holds \"{}\" ({flag})",
                if p.axis == Axis::Row { "row label" } else { "column header" },
                p.pattern
            ))
        } else if picked.len() > 1
            && !grid
            // One label's rows of several years (a Year column) are one series (review 25 L3).
            && !(row_year.is_some() && picked.iter().all(|(_, t)| normalise_name(t) == normalise_name(&picked[0].1)))
        {
            let labels: Vec<String> = picked.iter().map(|(l, t)| format!("\"{t}\" (line {l})")).collect();
            Some(format!(
                "{flag} \"{}\" picks {} series, {}; give a pattern only one label holds",
                p.pattern,
                picked.len(),
                labels.join(", ")
            ))
        } else {
            None
        };
        if let Some(message) = message {
            return Err(Error::invalid_file(label, message));
        }
    }
    problems.extend(pending);
    // A column that spans others and is their sum on every row is their total; any other is a
    // figure of its own (a full year beside one month of it), stored.
    for (column, (all_sums, figures)) in totals {
        if all_sums {
            seen(&mut |s| {
                if let Some(c) = s.columns.get_mut(column) {
                    c.role =
                        "the total of the columns it spans (its figures are their sums): passed over".into();
                }
            });
            continue;
        }
        // Rows where it is the sum of columns that do not cover it (January to March beside
        // 2025) make it, there, a total of those columns, not the period it names.
        let sums_of_part: Vec<u64> = figures
            .iter()
            .filter(|f| !f.5.all && f.5.count >= 2 && same(f.3, f.5.sum))
            .map(|f| f.0)
            .collect();
        if let (false, Some(f)) = (sums_of_part.is_empty(), figures.first()) {
            let lines = |l: &[u64]| l.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(", ");
            let others: Vec<u64> =
                figures.iter().map(|f| f.0).filter(|l| !sums_of_part.contains(l)).collect();
            // The sum of the columns with figures on every row: their total so far (a year to
            // date), never the period's figure; nothing is lost passing it over.
            if others.is_empty() {
                seen(&mut |s| {
                    if let Some(c) = s.columns.get_mut(column) {
                        c.role = format!(
                            "the total of the columns it spans that have figures (a total so far, not all of {}): passed over",
                            f.2
                        );
                    }
                });
                continue;
            }
            problems.push(
                Problem::new(header_line.max(1), format!(
                    "column {} ({}) is the sum of the columns it spans on line {} but not on line {}, and those columns do not cover all of {}: is it their total (a year to date, no figure for {}) or the whole of it? Remove the column, or give all of its columns",
                    column_letter(column + ctx.first_column), f.2, lines(&sums_of_part), lines(&others), f.2, f.2
                ))
                .in_column(column),
            );
            continue;
        }
        for (line, market, period, value, status, mut parts) in figures {
            parts.step = parts.step.max(table_step);
            if let Some(m) = parts.contradiction(value) {
                problems.push(
                    Problem::new(line, format!("{period} of {market} is {value}, {m}")).in_column(column),
                );
                continue;
            }
            if let Some(m) = rows.push(line, market, period, value, status, ctx.as_of, ctx.source.clone()) {
                problems.push(Problem::new(line, m));
            }
        }
    }
    if layout.is_some() && !skipped_figures.is_empty() {
        let empty_headed = skipped_figures.iter().any(|i| empty_headers.contains(i));
        let names: Vec<String> =
            skipped_figures.iter().map(|i| column_letter(*i + ctx.first_column)).collect();
        problems.push(Problem::new(
            header_line.max(1),
            format!(
                "column {} holds figures that would be passed over: its header is no period tourstat reads (a footnote mark or a word it does not know?{}), or its first row is text (a code such as \"np\" for a figure not published?); write the period there (Mar-25, 2025-03), a missing marker (na) for a figure not given, or remove the column",
                names.join(", "),
                if empty_headed { "; an empty header: a year written once over its months, in a header of two lines, is not read" } else { "" }
            ),
        ));
    }
    if not_wide || layout.is_none() || (rows.is_empty() && problems.is_empty()) {
        // No table: what was taken for one on the way says nothing of the file.
        seen(&mut |s| *s = Understanding::default());
        return Ok(None);
    }
    if let (Some(m), false) = (ctx.month, month_used) {
        return Err(Error::invalid_file(
            label,
            format!("--month {m} does nothing here: no year columns (or rows) under a title that names a month; leave it out"),
        ));
    }
    if let (Some(year), false) = (ctx.year, year_used.get()) {
        return Err(Error::invalid_file(
            label,
            format!(
                "--year {} does nothing here: the table's periods carry their own years; --year is for months written without their year (\"January\"): leave it out",
                ctx.calendar.written(year)
            ),
        ));
    }
    // A unit found on the header's own line is in a heading ("Country (thousands)"), not a title.
    let stated =
        title_unit.map(|(u, line, text)| match header_fields.iter().find(|f| unit_in_title(f).is_some()) {
            Some(cell) if line == header_line => (u, line, cell.trim().to_string()),
            _ => (u, line, text),
        });
    let place = match stated.as_ref() {
        // On the header's line, or a unit row under it.
        Some((_, line, _)) if header_line > 0 && *line <= header_line + 1 && *line >= header_line => "header",
        Some((_, line, _)) if header_line > 0 && *line > header_line => "note below the table",
        _ => "title",
    };
    check_unit(label, ctx.unit, stated.as_ref(), place)?;
    finish(label, problems)?;
    let mut parsed = rows.into_parsed()?;
    parsed.groups = member_of;
    parsed.notes.extend(years_apart(&row_years, ctx.calendar));
    parsed.notes.extend(picked_other);
    parsed.notes.extend(split_notes);
    parsed.notes.extend(total_notes);
    // The example given is the one furthest off.
    if let Some((line, market, total, sum)) =
        near_totals.iter().max_by(|a, b| (a.2 - a.3).abs().total_cmp(&(b.2 - b.3).abs()))
    {
        let most = (total - sum).abs();
        parsed.notes.push(format!(
            "{} of {whole_totals} totals {} not what {} parts add up to, by up to {most} (line {line}, {market}: the total is {total}, its parts add up to {sum}): within rounding each figure to the whole, and so loaded; if the figures are exact counts, one of them is wrong",
            near_totals.len(),
            if near_totals.len() == 1 { "is" } else { "are" },
            if near_totals.len() == 1 { "its" } else { "their" },
        ));
    }
    parsed.notes.extend(unexplained.into_iter().map(|(mark, line)| {
        format!("line {line}: the mark \"{mark}\" on its year is explained by no footnote of the table (\"{mark} Provisional\" would say so): its figures are stored as actual (A)")
    }));
    parsed.notes.extend(unexplained_figures.into_inner().into_iter().map(|(mark, line)| {
        format!("line {line}: the mark \"{mark}\" after a figure is explained by no footnote of the table (\"{mark} Provisional\" would say so): read past, its figures stored as actual (A)")
    }));
    if let (Some((line, text)), Some((at, market, period))) =
        (&footnotes.dash_nil, dashes_read.borrow().first())
    {
        let n = dashes_read.borrow().len();
        parsed.notes.push(format!(
            "line {line}: the table's legend (\"{}\") calls \"-\" nil: its {n} \"-\" cell{} ({market}, {period}, line {at}, the first) {} stored as 0, not as missing; a \"..\", \"x\" or \"n.a.\" stays missing",
            text.trim(),
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" },
        ));
    }
    // Not where the figures were given the status by a mark read (trial 97 L7: a title's
    // "(provisional)" beside a "Jan 2025*" heading and its footnote "* Provisional", said to
    // be stored as actual where they were stored as provisional).
    let stored: std::collections::HashSet<String> = match parsed.frame.column("status") {
        Ok(_) => crate::columns::strings(&parsed.frame, "status")?.into_iter().flatten().collect(),
        Err(_) => std::collections::HashSet::new(),
    };
    parsed.notes.extend(footnotes.unmarked.iter().filter(|(_, _, status)| !stored.contains(*status)).map(|(line, text, status)| {
        let text: String = match text.char_indices().nth(80) {
            Some((end, _)) => format!("{}...", &text[..end]),
            None => text.clone(),
        };
        let (word, status) = if *status == "E" { ("Estimated", "estimated (E)") } else { ("Provisional", "provisional (P)") };
        format!("line {line}: \"{text}\" gives figures a status by no mark tourstat reads: they are stored as actual (A); a mark after their period (2025 Mar*) and a footnote of it (* {word}) make them {status}")
    }));
    Ok(Some(parsed))
}

/// The year the header's periods tile, each day once (its twelve months, its four quarters),
/// and the status its headings give (a mark on the row's year): a Total beside them is that
/// year's.
fn whole_year(headings: &[Heading]) -> Option<(i32, Option<&'static str>)> {
    let mut periods: Vec<(Period, Option<&'static str>)> = headings
        .iter()
        .filter_map(|h| if let Heading::Period(p, s) = h { Some((*p, *s)) } else { None })
        .collect();
    let status = periods.first()?.1;
    periods.sort_by_key(|(p, _)| p.start());
    let year = Period::Year(periods.first()?.0.year());
    let tiles = periods.first()?.0.start() == year.start()
        && periods.last()?.0.end() == year.end()
        && periods.windows(2).all(|w| w[0].0.end().succ_opt() == Some(w[1].0.start()));
    tiles.then_some((year.year(), status))
}

/// Of a table whose months have no year, where its rows' first cells are years: how to read
/// it (trial 48 #3, #4: `--year` was advised for a table with a row per year under a column not
/// headed `Year`, and for years written on lines of their own above their months).
fn years_in_rows(path: &Path, header: u64, lines: Option<(u64, u64)>) -> Option<String> {
    let records = super::read::first_records(path, 200).ok()?;
    let within = |l: u64| l > header && lines.is_none_or(|(from, to)| l >= from && l < to);
    let rows: Vec<&Vec<String>> = records.iter().filter(|(l, _)| within(*l)).map(|(_, f)| f).collect();
    let year_rows: Vec<&&Vec<String>> =
        rows.iter().filter(|f| f.first().is_some_and(|c| is_year_in_either_calendar(c))).collect();
    let alone = |f: &Vec<String>| f.iter().skip(1).all(|c| c.trim().is_empty());
    match year_rows.first() {
        Some(f) if alone(f) => Some(format!(
            "; a year on a line of its own (\"{}\") above its months? write it beside each month (Jan 2024), or in a Year column (Year,Month,...)",
            f[0].trim()
        )),
        Some(f) => Some(format!(
            "; the rows' first cells are years (\"{}\"): a table of one market with a row per year? head column A `Year`, and --market NAME says which market it is",
            f[0].trim()
        )),
        None => None,
    }
}

/// Where a picked series' label names a market of the tree other than `market` (its figures
/// are stored as `market`'s), the note that says so.
fn other_market(notes: &mut Vec<String>, line: u64, label: &str, market: &str, tree: &MarketTree) {
    if let Some(named) = tree.resolve(label).filter(|named| *named != market) {
        notes.push(format!(
            "line {line}: the series picked is labelled \"{label}\", the tree's {named}, and is stored as {market}'s (--market): is that meant?"
        ));
    }
}

/// Years further than this from every other year of a file are said (a 1924 typed for 2024).
const YEARS_APART: i32 = 20;

/// Of the rows' years (a Year column), those further than `YEARS_APART` from every other year
/// of the file, said at their first line: stored as given, as a table may reach back.
fn years_apart(row_years: &[(u64, i32)], calendar: Calendar) -> Vec<String> {
    let years: std::collections::BTreeSet<i32> = row_years.iter().map(|(_, y)| *y).collect();
    if years.len() < 2 {
        return Vec::new();
    }
    let mut said = std::collections::BTreeSet::new();
    let mut notes = Vec::new();
    for &(line, year) in row_years {
        let nearest = years.iter().filter(|&&y| y != year).map(|y| (y - year).abs()).min().unwrap_or(0);
        if nearest > YEARS_APART && said.insert(year) {
            let (first, last) =
                (years.first().copied().unwrap_or(year), years.last().copied().unwrap_or(year));
            notes.push(format!(
                "line {line}: the year {} is {nearest} years from every other year of the file ({}-{}): a mistyped year? Its figures are stored as {}'s",
                calendar.written(year),
                calendar.written(first),
                calendar.written(last),
                calendar.written(year)
            ));
        }
    }
    notes
}

#[cfg(test)]
mod tests {

    #[test]
    fn units_are_read_from_titles_in_the_publishers_languages() {
        use super::{unit_in_title, Unit};
        // A number compared with is no unit (review 101 L2: read as thousands, and the
        // command `inspect` offered stored figures 1,000 times over).
        for title in [
            "Markets with 1,000 or more arrivals",
            "Note: markets with fewer than 1,000 arrivals are not shown",
            "Markets of 1 000 and over",
        ] {
            assert_eq!(unit_in_title(title), None, "{title}");
        }
        assert_eq!(unit_in_title("Arrivals (1 000)"), Some(Unit::Thousands));
        for title in [
            "Llegadas de turistas internacionales (miles)",
            "Arrivi internazionali (migliaia)",
            "Ankünfte (in 1.000)",
            "Arrivals (×1000)",
            "Aankomsten (x 1 000)",
            "Chegadas (milhares)",
            "Przyjazdy (w tys.)",
            "Arrivals ('000)",
            "Arrivées (en milliers)",
            "Visitor arrivals (1000s)",
            "Arrivals (in 1000s)",
            "Arrivals (thous.)",
            "Arrivals (th.)",
            "Arrivals. Units: 1000",
            "Arrivals (k)",
            "Arrivals (in 1,000)",
            // Trial 29 #2.
            "Ankünfte (1.000 Personen)",
            "Einheit: 1.000",
            "Einheit: 1000",
            "Ankünfte (1000 Pers.)",
            "Arrivals [1000]",
            "Arrivées (1 000 personnes)",
            "Arrivals in 100 largest markets (thousands)",
            // Trial 57 H1.
            "Visitor arrivals (000's)",
            "Visitor arrivals - 000's",
            "Visitor arrivals (THS)",
            "Visitor arrivals (ths.)",
            "Visitor arrivals (thsd)",
            "Visitor arrivals (thou.)",
            "Visitor arrivals (10³)",
        ] {
            assert_eq!(unit_in_title(title), Some(Unit::Thousands), "{title}");
        }
        for title in ["Arrivals (hundreds of persons)", "Arrivals (x 100)"] {
            assert_eq!(unit_in_title(title), Some(Unit::Hundreds), "{title}");
        }
        for title in [
            "Llegadas (millones)",
            "Arrivals (x 1 000 000)",
            "Ankünfte (Mio.)",
            "Arrivi (milioni)",
            "入境游客（百万人次）",
            "Visitor arrivals (Mill.)",
            "Visitor arrivals (M)",
        ] {
            assert_eq!(unit_in_title(title), Some(Unit::Millions), "{title}");
        }
        // A letter footnote's mark, a place named Mill: no unit (review 32 H3).
        for title in
            ["(m) Excludes transit passengers.", "Visitor arrivals at Mill Valley, 2024", "(k) Revised."]
        {
            assert_eq!(unit_in_title(title), None, "{title}");
        }
        for title in ["Visitor arrivals (bn)", "Ankünfte (Mrd.)", "Arrivals in billions"] {
            assert_eq!(unit_in_title(title), Some(Unit::Billions), "{title}");
        }
        for (title, rate) in [
            ("Visitor arrivals (per 1000)", Some("per 1000")),
            ("Arrivals per 100,000 inhabitants", Some("per 100,000")),
            ("Arrivals per 1 000 inhabitants", Some("per 1 000")),
            ("Arrivals per 100k residents", Some("per 100k")),
            ("Spending per head", Some("per head")),
            ("Arrivals per resident country", None),
            ("Spending per capita", Some("per capita")),
            ("Arrivals per month", None),
            ("Arrivals per market, 2024", None),
        ] {
            assert_eq!(super::rate_in_title(title).as_deref(), rate, "{title}");
        }
        // Units whose words or zeros hold a thousand's are read as what they are.
        for title in [
            "Visitor arrivals (10,000 persons)",
            "Arrivals (x 10 000)",
            "Arrivals, in 10.000s",
            "訪日外客数（万人）",
            "Arrivals (ten thousands)",
            "(10000)",
            "Visitor arrivals to Japan (10 thousand persons)",
            "Arrivals (in tens of thousands)",
        ] {
            assert_eq!(unit_in_title(title), Some(Unit::TenThousands), "{title}");
        }
        for title in ["訪日外客数（単位：千人）", "来访人数（千人次）"] {
            assert_eq!(unit_in_title(title), Some(Unit::Thousands), "{title}");
        }
        assert_eq!(unit_in_title("Visitor arrivals (100 thousand)"), Some(Unit::Lakhs));
        for title in
            ["Foreign Tourist Arrivals (in lakh)", "FTAs (Lakhs)", "Arrivals (x 100,000)", "in 100 000s"]
        {
            assert_eq!(unit_in_title(title), Some(Unit::Lakhs), "{title}");
        }
        for title in ["Domestic Tourist Visits (in crore)", "(x 10,000,000)"] {
            assert_eq!(unit_in_title(title), Some(Unit::Crores), "{title}");
        }
        for title in [
            "International visitor arrivals 2025",
            "Arrivals by market, January 2000",
            "Arrivals by month, 5th edition",
            "Top markets, Thailand",
            "Markets over 10,000 arrivals",
            "Hotels near Lac Léman",
        ] {
            assert_eq!(unit_in_title(title), None, "{title}");
        }
    }

    #[test]
    fn titles_that_name_part_of_a_year_are_told_from_whole_years() {
        for part in [
            "Visitor arrivals January-June",
            "Arrivals YTD (Jan-Jun)",
            "Arrivals Q1",
            "Arrivals H1",
            "Arrivals, first half",
            "Arrivals semester 1",
            "Arrivals, first six months",
            "Arrivals to date",
            "Arrivals cumulative",
            "Six months to June",
            "Arrivals through June",
            "Arrivals up to end of June",
            // Trial 26 #2: the other languages read.
            "Llegadas, enero-marzo",
            "Arrivées, 1er trimestre",
            "Ankünfte, 1. Quartal",
            "Visitor arrivals, first three months",
        ] {
            assert!(part_of_year_in_title(part), "{part}");
        }
        for (title, month) in [
            ("Arrivées de touristes non-résidents, mars", 3),
            ("Llegadas en marzo", 3),
            ("Arrivi a marzo", 3),
            ("Chegadas em março", 3),
            ("Aankomsten in maart", 3),
            ("Visitor arrivals, March", 3),
        ] {
            assert_eq!(month_in_title(title), Some(month), "{title}");
        }
        // English months are names only when capitalised: "may" and "march" are words too.
        assert_eq!(month_in_title("Arrivals may be revised"), None);
        for whole in [
            "Visitor arrivals 2015-2019",
            "Visitor arrivals, January-December",
            "Arrivals to December",
            "Visitor arrivals in November, 2015-2019",
            "Figures may change",
        ] {
            assert!(!part_of_year_in_title(whole), "{whole}");
        }
    }

    use super::*;

    #[test]
    fn groups_are_found_by_their_sums_nested_groups_counted_once() {
        let v = |a: i32, b: i32| vec![Some(f64::from(a)), Some(f64::from(b))];
        // East Asia = ASEAN (= Brunei + Laos) + China + Others; Europe = France + Others.
        let rows = [
            v(60, 600),
            v(30, 300),
            v(10, 100),
            v(20, 200),
            v(25, 250),
            v(5, 50),
            v(9, 90),
            v(7, 70),
            v(2, 20),
        ];
        let grouping = groups_by_sums(&rows, 1.0);
        assert_eq!(
            grouping.parent,
            [None, Some(0), Some(1), Some(1), Some(0), Some(0), None, Some(6), Some(6)]
        );
        assert!(grouping.differences.iter().all(Vec::is_empty));
        // A sum reached in one period of two is no group; nor is a row of zeros, nor one member.
        let parents = groups_by_sums(&[v(30, 300), v(10, 100), v(20, 250)], 1.0).parent;
        assert_eq!(parents, [None, None, None]);
        assert_eq!(groups_by_sums(&[v(0, 0), v(0, 0), v(0, 0)], 1.0).parent, [None, None, None]);
        assert_eq!(groups_by_sums(&[v(5, 5), v(5, 5)], 1.0).parent, [None, None]);
        // A member's missing figure leaves that period out of the comparison, not the group;
        // but one period compared, of a row with more, is a sum by chance (Japan 500 = France
        // 300 + Germany 200 in January, France's February and Germany's March missing).
        let x = |a: Option<i32>, b: Option<i32>, c: Option<i32>| {
            vec![a.map(f64::from), b.map(f64::from), c.map(f64::from)]
        };
        let parents = groups_by_sums(
            &[
                x(Some(30), Some(300), Some(3000)),
                x(Some(10), None, Some(1000)),
                x(Some(20), Some(200), Some(2000)),
            ],
            1.0,
        )
        .parent;
        assert_eq!(parents, [None, Some(0), Some(0)]);
        let parents = groups_by_sums(
            &[
                x(Some(500), Some(550), Some(600)),
                x(Some(300), None, Some(350)),
                x(Some(200), Some(220), None),
            ],
            1.0,
        )
        .parent;
        assert_eq!(parents, [None, None, None]);
        // A group whose figure is off its members' sum in one period of three (by under 1%) is
        // still their group, the difference reported; with one period, or two, it must be exact.
        let w = |a: i32, b: i32, c: i32| vec![Some(f64::from(a)), Some(f64::from(b)), Some(f64::from(c))];
        let grouping = groups_by_sums(&[w(1002, 1100, 900), w(600, 700, 500), w(401, 400, 400)], 1.0);
        assert_eq!(grouping.parent, [None, Some(0), Some(0)]);
        assert_eq!(grouping.differences[0], [(0, 1002.0, 1001.0)]);
        // Decimal figures (a survey's estimates in thousands) sum to their group up to the
        // last digits binary loses; a whole number off by one is never equal.
        let d = |a: f64, b: f64| vec![Some(a), Some(b)];
        let grouping =
            groups_by_sums(&[d(2289.206232, 1300.1), d(828.3171185, 700.7), d(1460.8891135, 599.4)], 1.0);
        assert_eq!(grouping.parent, [None, Some(0), Some(0)]);
        assert!(grouping.differences[0].is_empty());
        assert!(same(0.1 + 0.2, 0.3) && !same(3_739_408.0, 3_739_409.0));
        let two = groups_by_sums(&[v(1002, 1100), v(600, 700), v(401, 400)], 1.0);
        assert_eq!(two.parent, [None, None, None]);
        let far = groups_by_sums(&[w(1100, 1100, 900), w(600, 700, 500), w(401, 400, 400)], 1.0);
        assert_eq!(far.parent, [None, None, None]);
        // A sum within the tolerance gives way to an exact one a row further.
        let later =
            groups_by_sums(&[w(1000, 1000, 1000), w(600, 600, 600), w(400, 400, 395), w(0, 0, 5)], 1.0);
        assert_eq!(later.parent, [None, Some(0), Some(0), Some(0)]);
        assert!(later.differences[0].is_empty());
        assert!(is_rest_of_section("Others") && is_rest_of_section(" Other  countries* "));
        assert!(!is_rest_of_section("Other Europe") && !is_rest_of_section("Otherland"));
    }

    #[test]
    fn a_dash_is_nil_only_where_a_legend_says_so() {
        for legend in [
            ".. not available.  - nil or rounded to zero.",
            "- nil; .. not available",
            "Note: - = nil",
            "x suppressed; \"-\" magnitude zero",
            "– zero",
            "- none",
            "Symbols: - nil .. not available",
            "- nil or less than half the unit shown",
            "- néant",
            "– nichts vorhanden",
            "– = Zahlenwert ist genau null",
            "- cero",
        ] {
            assert!(dash_means_nil(legend), "{legend}");
        }
        for text in [
            "Note - none of these figures include transit passengers",
            "Source: Immigration Bureau - none of the figures are seasonally adjusted",
            "Arrivals - nil returns excluded",
            "- not applicable",
            "- = data not available",
            "n.a./- not available",
            "- none of them",
            "Visitor arrivals 2024 - provisional",
            "- Zero values are shown as 0; missing values as -.",
            "- Nil returns from small ports are excluded.",
            "Notes: - Zero values are shown as 0, and months without a report as -.",
            "- nil or missing",
            "- zero or missing",
            "- nil or unknown",
            "- nil or data withheld",
            "- zero or no report received",
            "- nil and missing values",
        ] {
            assert!(!dash_means_nil(text), "{text}");
        }
    }

    #[test]
    fn missing_markers_are_missing_and_status_letters_are_statuses() {
        for m in ["", " na ", "n.a.", "-", "..", "…", "x"] {
            assert!(missing(m), "{m:?}");
        }
        assert!(!missing("0"));
        assert_eq!(value_and_status("123p"), ("123", Some("P")));
        assert_eq!(value_and_status(" 1,234 r "), ("1,234", Some("A")));
        assert_eq!(value_and_status("12,345"), ("12,345", None));
        assert!(is_total("TOTAL") && is_total("Grand total") && !is_total("Totalia"));
        assert_eq!(year_in_name("data/2015-arrivals.csv"), Some(2015));
        assert_eq!(year_in_name("arrivals_2015.xlsx:Sheet1"), Some(2015));
        assert_eq!(year_in_name("arrivals-v12345.csv"), None);
    }
}
