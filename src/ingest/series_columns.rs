//! Series as columns, each headed by its name with its length and its start written under it:
//! the layout of the tourism forecasting competition's files (`m1,m2,...` over `163,163,...`
//! over the start years over the start months, then the figures, shorter series padded with
//! empty cells). Which periods the start counts in (months, quarters, years) the file does not
//! say: its name ("monthly_in.csv") or `--frequency` does.

use std::path::Path;

use crate::error::{Error, Problem, Result};
use crate::kind::Kind;
use crate::market::normalise_name;
use crate::period::Period;

use super::inspect::PassedOver;
use super::parse::{figure_problem, finish, FigureRows, ParseContext, Parsed};
use super::read::{all_records, numbers_of, read_figure, Record};

/// How often a series has a figure: what the start period under its name counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Monthly,
    Quarterly,
    Yearly,
}

impl Frequency {
    /// Periods a year; 1 for yearly series, whose files have no start period line.
    fn per_year(self) -> u32 {
        match self {
            Frequency::Monthly => 12,
            Frequency::Quarterly => 4,
            Frequency::Yearly => 1,
        }
    }

    /// The `k`-th period of a series starting in period `start` (from 1) of `year`.
    fn period(self, year: i32, start: u32, k: usize) -> Option<Period> {
        let n = self.per_year() as i64;
        let index = (start as i64 - 1) + k as i64;
        let year = i32::try_from(year as i64 + index.div_euclid(n)).ok()?;
        let within = index.rem_euclid(n) as u32 + 1;
        Some(match self {
            Frequency::Monthly => Period::Month { year, month: within },
            Frequency::Quarterly => Period::Quarter { year, quarter: within },
            Frequency::Yearly => Period::Year(year),
        })
    }

    /// The frequency a file's name gives ("monthly_in.csv", "tourism-quarterly.xlsx").
    pub fn in_name(label: &str) -> Option<Frequency> {
        let name = Path::new(label).file_name()?.to_string_lossy().to_ascii_lowercase();
        let found: Vec<Frequency> = [
            (Frequency::Monthly, "monthly"),
            (Frequency::Quarterly, "quarterly"),
            (Frequency::Yearly, "yearly"),
            (Frequency::Yearly, "annual"),
        ]
        .into_iter()
        .filter(|(_, word)| name.contains(word))
        .map(|(f, _)| f)
        .collect();
        match found.as_slice() {
            [f] => Some(*f),
            _ => None,
        }
    }
}

impl std::fmt::Display for Frequency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::Yearly => "yearly",
        })
    }
}

impl std::str::FromStr for Frequency {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Frequency, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "monthly" | "month" | "m" | "12" => Ok(Frequency::Monthly),
            "quarterly" | "quarter" | "q" | "4" => Ok(Frequency::Quarterly),
            "yearly" | "annual" | "year" | "y" | "1" => Ok(Frequency::Yearly),
            _ => Err(format!("expected monthly, quarterly or yearly, got \"{s}\"")),
        }
    }
}

/// A whole number written as one ("163", "1979"; a spreadsheet's "163.0" too).
fn whole(cell: &str) -> Option<i64> {
    let t = cell.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok()).flatten()
}

/// For a file no layout reads that says it is series as columns (`--frequency`, or a name with
/// monthly, quarterly or yearly in it) and whose first lines have their shape (names, then
/// whole numbers under every name on the next two lines) but not their values: the line and
/// what is wrong there, e.g. a start year written with two digits. A file that does not say
/// so (`Year,Month,Arrivals` over `2024,1,1000`) keeps the long layout's message.
pub(super) fn near_miss(records: &[Record], label: &str, ctx: &ParseContext) -> Option<(u64, String)> {
    if ctx.frequency.is_none() && Frequency::in_name(label).is_none() {
        return None;
    }
    let names = &records.first()?.1;
    let width = names.len();
    let is_name =
        |c: &String| !c.trim().is_empty() && whole(c).is_none() && read_figure(c, ctx.numbers, None).is_err();
    if width == 0 || !names.iter().all(is_name) {
        return None;
    }
    let numbers = |i: usize| -> Option<(u64, Vec<i64>)> {
        let (line, row) = records.get(i)?;
        let cells: Option<Vec<i64>> = row.get(..width)?.iter().map(|c| whole(c)).collect();
        Some((*line, cells?))
    };
    let (lengths, years) = (numbers(1)?, numbers(2)?);
    let column = |j: usize| crate::error::column_letter(j + ctx.first_column);
    if let Some(j) = lengths.1.iter().position(|n| *n < 1) {
        let why = format!(
            "line {} should hold each series' length (1 or more): column {} holds {}",
            lengths.0,
            column(j),
            lengths.1[j]
        );
        return Some((lengths.0, why));
    }
    let j = years.1.iter().position(|y| !(1800..=2200).contains(y))?;
    let why = format!(
        "line {} should hold each series' start year, written in full: column {} holds {}",
        years.0,
        column(j),
        years.1[j]
    );
    Some((years.0, why))
}

/// Reads a file of series as columns, or `None` when it is not one: names on its first line,
/// then on every column a length (>= 1), a start year, and (for months and quarters) a start
/// period. Figures past a series' length are passed over (some published files hold stray
/// numbers below the data); an empty cell within it is a missing figure.
pub(super) fn parse_series_columns(
    path: &Path,
    label: &str,
    kind: Kind,
    ctx: &ParseContext,
    records: &[Record],
) -> Result<Option<Parsed>> {
    // The first five lines tell the layout; the cells below show the decimal mark.
    let head: Vec<Vec<String>> = records.iter().take(5).map(|(_, f)| f.clone()).collect();
    let Some(names) = head.first() else { return Ok(None) };
    let width = names.len();
    let is_name =
        |c: &String| !c.trim().is_empty() && whole(c).is_none() && read_figure(c, ctx.numbers, None).is_err();
    let column_of = |i: usize, ok: &dyn Fn(i64) -> bool| {
        head.get(i)
            .is_some_and(|row| row.len() >= width && row[..width].iter().all(|c| whole(c).is_some_and(ok)))
    };
    let years = |y: i64| (1800..=2200).contains(&y);
    if !(names.iter().all(is_name) && column_of(1, &|n| n >= 1) && column_of(2, &years)) {
        return Ok(None);
    }
    let frequency = match (ctx.frequency, Frequency::in_name(label)) {
        (Some(f), Some(named)) if f != named => {
            let message = format!("--frequency {f}, but the file's name says {named}: which counts its start periods cannot be told; leave --frequency out, or rename the file");
            return Err(Error::invalid_at(label, 1, message));
        }
        (Some(f), _) | (None, Some(f)) => f,
        (None, None) => {
            let message = format!(
                "{width} series as columns, each with its length and start year under its name: whether they are monthly, quarterly or yearly the file does not say; --frequency says which"
            );
            return Err(Error::invalid_at(label, 1, message));
        }
    };
    let per_year = frequency.per_year() as i64;
    if per_year > 1 && !column_of(3, &|p| (1..=per_year).contains(&p)) {
        let message = format!(
            "line 4 should hold each series' start {} (1 to {per_year}), as --frequency {frequency} says; it does not",
            if frequency == Frequency::Monthly { "month" } else { "quarter" }
        );
        return Err(Error::invalid_at(label, 4, message));
    }
    // The line after the start years (or start periods): blank lines above are no record.
    let first_figure_line: u64 =
        records.get(if per_year > 1 { 3 } else { 2 }).map_or(u64::MAX, |(l, _)| l + 1);
    let (lines, unread) = all_records(path, label, ctx.progress)?;
    let figure_lines: Vec<&(u64, Vec<String>)> =
        lines.iter().filter(|(l, _)| *l >= first_figure_line).collect();
    let (numbers, numbers_note) =
        numbers_of(ctx.numbers, figure_lines.iter().flat_map(|(_, f)| f.iter().map(String::as_str)));
    let length = |j: usize| whole(&head[1][j]).unwrap_or(0) as usize;
    let start_year = |j: usize| whole(&head[2][j]).unwrap_or(0) as i32;
    let start = |j: usize| if per_year > 1 { whole(&head[3][j]).unwrap_or(1) as u32 } else { 1 };

    let mut problems: Vec<Problem> = unread;
    // Two columns of one name would be one series, their figures mixed.
    for (j, name) in names.iter().enumerate() {
        if let Some(i) =
            names[..j].iter().position(|n| normalise_name(n).eq_ignore_ascii_case(&normalise_name(name)))
        {
            problems.push(
                Problem::new(1, format!("series \"{}\" is named twice (columns {} and {}): which figures are its cannot be told", name.trim(), crate::error::column_letter(i + ctx.first_column), crate::error::column_letter(j + ctx.first_column)))
                    .in_column(j),
            );
        }
    }
    let markets: Vec<Option<String>> = names
        .iter()
        .map(|name| {
            ctx.resolve(name)
                .map_err(|e| {
                    problems.push(Problem::new(
                        1,
                        format!("{e} (--add-markets PARENT adds the series under PARENT)"),
                    ))
                })
                .ok()
        })
        .collect();
    let value_name = if kind == Kind::Arrivals { "arrivals" } else { "target" };
    let mut rows = FigureRows::new(kind);
    // Per series: the cells below its length that hold something (count, first and last line).
    let mut past_the_end: std::collections::BTreeMap<usize, (u64, u64, u64)> =
        std::collections::BTreeMap::new();
    // The figures' records in order: the k-th is each series' k-th period. A blank line
    // among them is no period of its own, nor nothing: whether it is cannot be told.
    let longest = (0..width).map(length).max().unwrap_or(0);
    for (k, (line, fields)) in figure_lines.iter().enumerate() {
        let line = *line;
        if k > 0 && k < longest && line > figure_lines[k - 1].0 + 1 {
            problems.push(Problem::new(line - 1, "a blank line among the figures: whether it is a period with no figures (then write na in each column) or nothing cannot be told"));
        }
        problems.extend(super::wide::past_the_header(line, fields, names, ctx.first_column));
        for (j, cell) in fields.iter().enumerate().take(width) {
            let blank = super::wide::missing(cell);
            if k >= length(j) {
                if !blank {
                    let e = past_the_end.entry(j).or_insert((0, line, line));
                    e.0 += 1;
                    e.2 = line;
                }
                continue;
            }
            if blank {
                rows.missing += 1;
                continue;
            }
            let Some(market) = &markets[j] else { continue };
            let Some(period) = frequency.period(start_year(j), start(j), k) else { continue };
            match read_figure(cell, numbers, ctx.unit) {
                Ok(v) => {
                    if let Some(m) =
                        rows.push(line, market.clone(), period, v, "A".into(), ctx.as_of, ctx.source.clone())
                    {
                        problems.push(Problem::new(line, m).in_column(j));
                    }
                }
                Err(e) => {
                    let of = format!("of {market}, {period}");
                    problems.push(
                        figure_problem(line, e, value_name, &of, cell, ctx.numbers, ctx.unit).in_column(j),
                    );
                }
            }
        }
    }
    if let Some(u) = ctx.seen {
        let mut s = u.borrow_mut();
        s.layout = format!(
            "{width} {frequency} series as columns: names on line 1, lengths on line 2, start years on line 3{}",
            if per_year > 1 { ", start periods on line 4" } else { "" }
        );
        s.numbers = numbers_note;
        for (j, (n, first, last)) in &past_the_end {
            let lines = if first == last { format!("line {first}") } else { format!("lines {first}-{last}") };
            let values = if *n == 1 { "1 value".to_string() } else { format!("{n} values") };
            s.passed_over.push(PassedOver {
                line: *first,
                text: format!("{}: {values} below its length of {} ({lines})", names[*j].trim(), length(*j)),
                why: "past the series' length on line 2: passed over",
            });
        }
    }
    finish(label, problems)?;
    let mut parsed = rows.into_parsed()?;
    parsed.passed_over = past_the_end.values().map(|(n, _, _)| n).sum();
    Ok(Some(parsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_count_on_from_the_start_across_years() {
        assert_eq!(Frequency::Monthly.period(1979, 11, 3), Some(Period::Month { year: 1980, month: 2 }));
        assert_eq!(Frequency::Quarterly.period(1985, 4, 1), Some(Period::Quarter { year: 1986, quarter: 1 }));
        assert_eq!(Frequency::Yearly.period(1960, 1, 43), Some(Period::Year(2003)));
        assert_eq!(Frequency::in_name("data/monthly_in.csv"), Some(Frequency::Monthly));
        assert_eq!(Frequency::in_name("tourism-Quarterly.xlsx:Sheet1"), Some(Frequency::Quarterly));
        assert_eq!(Frequency::in_name("monthly-and-quarterly.csv"), None);
        assert_eq!(Frequency::in_name("series.csv"), None);
        assert_eq!(whole("163.0"), Some(163));
        assert_eq!(whole("1.5"), None);
    }
}
