//! Periods and windows: the time half of every figure.
//!
//! A figure belongs to a day, month, quarter, half or year, written the way statistics offices
//! write them (`2025-06-30`, `2025-06`, SDMX `2025-M06`, `2025-Q3`, `2025-H1`, `2025`). Buddhist
//! Era years are accepted on input when asked for and stored in CE. A [`Window`] is an inclusive
//! range of days with the unit it was written in, because that unit decides how "last year" shifts.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

/// Difference between Buddhist Era and Common Era years (2568 BE = 2025 CE).
pub const BE_OFFSET: i32 = 543;

/// How years are written on input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Calendar {
    /// Common Era (Gregorian) years.
    #[default]
    Ce,
    /// Buddhist Era years, CE + 543.
    Be,
}

impl FromStr for Calendar {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ce" | "ad" | "gregorian" => Ok(Calendar::Ce),
            "be" | "buddhist" => Ok(Calendar::Be),
            other => Err(format!("expected a calendar \"ce\" or \"be\", got \"{other}\"")),
        }
    }
}

impl Calendar {
    fn to_ce(self, year: i32) -> i32 {
        match self {
            Calendar::Ce => year,
            Calendar::Be => year - BE_OFFSET,
        }
    }

    /// A Common Era year as this calendar writes it (2025 is BE 2568).
    pub fn written(self, year: i32) -> i32 {
        match self {
            Calendar::Ce => year,
            Calendar::Be => year + BE_OFFSET,
        }
    }
}

/// The order of the day and the month in a date written with both as numbers
/// (`05/03/2025`, `05.03.2025`): day first as most of the world writes it, or month first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum DateOrder {
    DayFirst,
    MonthFirst,
}

impl FromStr for DateOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "dmy" | "day-first" => Ok(DateOrder::DayFirst),
            "mdy" | "month-first" => Ok(DateOrder::MonthFirst),
            other => Err(format!(
                "expected a date order \"dmy\" (day first) or \"mdy\" (month first), got \"{other}\""
            )),
        }
    }
}

impl DateOrder {
    /// As `--date-order` takes it.
    pub fn flag(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "dmy",
            DateOrder::MonthFirst => "mdy",
        }
    }

    /// The date `text` stands for in this order, where it is written with its day and month as
    /// numbers before a year of four digits (`5/3/2025`, `05.03.2025`, `05-03-2025`): `None`
    /// where it is not written so, an error where it names no day in this order.
    pub fn read(self, text: &str, calendar: Calendar) -> Option<Result<NaiveDate, String>> {
        let (a, b, year) = numeric_date(text)?;
        let (day, month) = match self {
            DateOrder::DayFirst => (a, b),
            DateOrder::MonthFirst => (b, a),
        };
        Some(
            Period::parse(&format!("{year}-{month:02}-{day:02}"), calendar)
                .and_then(|p| match p {
                    Period::Day(d) => Ok(d),
                    _ => Err(format!("\"{}\" is no date", text.trim())),
                })
                .map_err(|e| {
                    if e.contains("out of range") {
                        e
                    } else {
                        format!(
                            "\"{}\" is no date read {} first",
                            text.trim(),
                            if self == DateOrder::DayFirst { "day" } else { "month" }
                        )
                    }
                }),
        )
    }

    /// The orders a date written with its day and month as numbers reads in: both
    /// (`05/03/2025`), one (`13/03/2025` only day first), or none.
    pub fn readings(text: &str) -> Vec<DateOrder> {
        [DateOrder::DayFirst, DateOrder::MonthFirst]
            .into_iter()
            .filter(|o| matches!(o.read(text, Calendar::Ce), Some(Ok(_))))
            .collect()
    }
}

/// The two numbers before the year of a date written `5/3/2025`, `05.03.2025` or `05-03-2025`
/// (one separator throughout, a year of four digits last), in the order written.
fn numeric_date(text: &str) -> Option<(u32, u32, &str)> {
    let s = text.trim();
    let sep = s.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
    let parts: Vec<&str> = s.split(sep).collect();
    let [a, b, y] = parts.as_slice() else { return None };
    let small = |t: &str| (1..=2).contains(&t.len()) && t.bytes().all(|c| c.is_ascii_digit());
    (small(a) && small(b) && y.len() == 4 && y.bytes().all(|c| c.is_ascii_digit()))
        .then(|| Some((a.parse().ok()?, b.parse().ok()?, *y)))
        .flatten()
}

/// The granularity of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    Month,
    Quarter,
    Half,
    Year,
}

impl Granularity {
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
            Granularity::Half => "half",
            Granularity::Year => "year",
        }
    }
}

/// One period in CE: a day, month, quarter, half or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Half { year: i32, half: u32 },
    Year(i32),
}

/// Years outside this range are typing mistakes rather than statistics (or BE years given as CE).
pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1900..=2200;

impl Period {
    /// Parses a period in any accepted notation, with years in the given calendar.
    pub fn parse(text: &str, calendar: Calendar) -> Result<Period, String> {
        let s = text.trim();
        let bad = || {
            format!(
                "expected a period like 2025-06, 2025-M06, 2025-Q3, 2025-H1, 2025 or 2025-06-30, got \"{s}\""
            )
        };
        let year = |y: &str| -> Result<i32, String> {
            if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let raw: i32 = y.parse().map_err(|_| bad())?;
            let ce = calendar.to_ce(raw);
            if !YEAR_RANGE.contains(&ce) {
                let hint =
                    if calendar == Calendar::Ce && raw > 2400 { " (a Buddhist Era year?)" } else { "" };
                return Err(format!("year {raw} is out of range in \"{s}\"{hint}"));
            }
            Ok(ce)
        };
        let number = |t: &str, range: std::ops::RangeInclusive<u32>| -> Result<u32, String> {
            if t.is_empty() || t.len() > 2 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let n: u32 = t.parse().map_err(|_| bad())?;
            range.contains(&n).then_some(n).ok_or_else(bad)
        };
        // Eurostat's and SDMX 2.0's "2025M01", "2025Q1", "2025S1": "2025-M01" without its hyphen.
        let joined = s.len() > 4
            && s.is_char_boundary(4)
            && s[..4].bytes().all(|b| b.is_ascii_digit())
            && s[4..].starts_with(|c: char| matches!(c.to_ascii_uppercase(), 'M' | 'Q' | 'H' | 'S'));
        let parts: Vec<&str> = if joined { vec![&s[..4], &s[4..]] } else { s.split('-').collect() };
        match parts.as_slice() {
            [y] => Ok(Period::Year(year(y)?)),
            [y, rest] => {
                let y = year(y)?;
                let upper = rest.to_ascii_uppercase();
                if let Some(q) = upper.strip_prefix('Q') {
                    Ok(Period::Quarter { year: y, quarter: number(q, 1..=4)? })
                } else if let Some(h) = upper.strip_prefix('H').or_else(|| upper.strip_prefix('S')) {
                    Ok(Period::Half { year: y, half: number(h, 1..=2)? })
                } else if let Some(m) = upper.strip_prefix('M') {
                    Ok(Period::Month { year: y, month: number(m, 1..=12)? })
                } else if rest.len() == 2 {
                    Ok(Period::Month { year: y, month: number(rest, 1..=12)? })
                } else {
                    Err(bad())
                }
            }
            [y, m, d] => {
                let y = year(y)?;
                let m = number(m, 1..=12)?;
                let d = number(d, 1..=31)?;
                NaiveDate::from_ymd_opt(y, m, d)
                    .map(Period::Day)
                    .ok_or_else(|| format!("no such day: \"{s}\""))
            }
            _ => Err(bad()),
        }
    }

    pub fn month(year: i32, month: u32) -> Period {
        Period::Month { year, month }
    }

    pub fn granularity(&self) -> Granularity {
        match self {
            Period::Day(_) => Granularity::Day,
            Period::Month { .. } => Granularity::Month,
            Period::Quarter { .. } => Granularity::Quarter,
            Period::Half { .. } => Granularity::Half,
            Period::Year(_) => Granularity::Year,
        }
    }

    pub fn year(&self) -> i32 {
        match *self {
            Period::Day(d) => d.year(),
            Period::Month { year, .. }
            | Period::Quarter { year, .. }
            | Period::Half { year, .. }
            | Period::Year(year) => year,
        }
    }

    /// First day of the period.
    pub fn start(&self) -> NaiveDate {
        let first = |y: i32, m: u32| first_of_month(y, m);
        match *self {
            Period::Day(d) => d,
            Period::Month { year, month } => first(year, month),
            Period::Quarter { year, quarter } => first(year, (quarter - 1) * 3 + 1),
            Period::Half { year, half } => first(year, (half - 1) * 6 + 1),
            Period::Year(year) => first(year, 1),
        }
    }

    /// Last day of the period (inclusive).
    /// The number of days the period spans.
    pub fn days(&self) -> i64 {
        (self.end() - self.start()).num_days() + 1
    }

    pub fn end(&self) -> NaiveDate {
        let months = match self {
            Period::Day(d) => return *d,
            Period::Month { .. } => 1,
            Period::Quarter { .. } => 3,
            Period::Half { .. } => 6,
            Period::Year(_) => 12,
        };
        let next = self.start() + Months::new(months);
        next - Days::new(1)
    }
}

const MONTH_NAMES: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// A month written as a word: `Jan`, `JANUARY`, `Sept`.
pub fn month_word(w: &str) -> Option<u32> {
    // Other publishers' languages, their names written out (an abbreviation may be another
    // language's other month): French, German, Spanish, Italian, Portuguese, Dutch.
    let lower = w.trim_end_matches('.').to_lowercase();
    if let Some(i) = FOREIGN_MONTHS.iter().position(|names| names.contains(&lower.as_str())) {
        return Some(i as u32 + 1);
    }
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let i = MONTH_NAMES
        .iter()
        .position(|m| w.starts_with(m) && (w.len() == 3 || full_month(m).starts_with(&w)))?;
    Some(i as u32 + 1)
}

/// A quarter or half of a year written without its year: `Q1`, `Qtr 2`, `Quarter 3`, `4th
/// quarter`, `H1`: (periods a year, which of them), `(4, 1)` for the first quarter.
pub fn part_word(w: &str) -> Option<(u32, u32)> {
    let lower = w.trim().to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let number = |t: &str, most: u32| t.parse::<u32>().ok().filter(|n| (1..=most).contains(n));
    let ordinal = |t: &str| {
        let n = ["1st", "2nd", "3rd", "4th"].iter().position(|o| *o == t)?;
        Some(n as u32 + 1)
    };
    match words.as_slice() {
        [one] => {
            if let Some(q) = one.strip_prefix('q').and_then(|n| number(n, 4)) {
                return Some((4, q));
            }
            one.strip_prefix('h').and_then(|n| number(n, 2)).map(|h| (2, h))
        }
        ["q" | "qtr" | "quarter", n] => number(n, 4).map(|q| (4, q)),
        [n, "quarter" | "qtr"] => ordinal(n).map(|q| (4, q)),
        ["half", n] => number(n, 2).map(|h| (2, h)),
        _ => None,
    }
}

/// A month's name in French, German, Spanish, Italian, Portuguese or Dutch ("mars",
/// "März", "marzo"), whatever its case.
pub fn foreign_month_word(w: &str) -> Option<u32> {
    let lower = w.trim_end_matches('.').to_lowercase();
    FOREIGN_MONTHS.iter().position(|names| names.contains(&lower.as_str())).map(|i| i as u32 + 1)
}

/// Each month's full names in French, German, Spanish, Italian, Portuguese and Dutch, with
/// and without their accents, and the German abbreviations that are no English month's
/// (`Jän`, `Mär`, `Mrz`, `Okt`, `Dez`: review 100 M3, "Mär 2025" read as no period).
const FOREIGN_MONTHS: [&[&str]; 12] = [
    &["janvier", "januar", "enero", "gennaio", "janeiro", "januari", "jänner", "jän"],
    &["février", "fevrier", "februar", "febrero", "febbraio", "fevereiro", "februari"],
    &["mars", "märz", "maerz", "marz", "marzo", "março", "marco", "maart", "mär", "mrz"],
    &["avril", "abril", "aprile"],
    &["mai", "mayo", "maggio", "maio", "mei"],
    &["juin", "juni", "junio", "giugno", "junho"],
    &["juillet", "juli", "julio", "luglio", "julho"],
    &["août", "aout", "agosto", "augustus"],
    &["septembre", "septiembre", "settembre", "setembro"],
    &["octobre", "oktober", "octubre", "ottobre", "outubro", "okt"],
    &["novembre", "noviembre", "novembro"],
    &["décembre", "decembre", "dezember", "diciembre", "dicembre", "dezembro", "dez"],
];

fn full_month(abbr: &str) -> &'static str {
    match abbr {
        "jan" => "january",
        "feb" => "february",
        "mar" => "march",
        "apr" => "april",
        "may" => "may",
        "jun" => "june",
        "jul" => "july",
        "aug" => "august",
        "sep" => "september",
        "oct" => "october",
        "nov" => "november",
        _ => "december",
    }
}

impl Period {
    /// A period as publishers label rows and columns: anything `parse` reads, and `1978 Jan`,
    /// `Jan 1978`, `AUG 2024`, `Aug-24`, `January 2025`, `1998 Q1`, `Q1 1998`, `March quarter
    /// 1998`, `2022P` (a status letter after it: P provisional, R revised, E estimated, which
    /// is returned as the status A/P/E). Years in the calendar given.
    /// A label as `parse_label` reads it, or a month without its year ("January") in `year`
    /// when the file's year is given (`--year`).
    pub fn parse_label_in(
        text: &str,
        calendar: Calendar,
        year: Option<i32>,
    ) -> Result<(Period, Option<&'static str>), String> {
        Period::parse_label(text, calendar).or_else(|e| match (year, month_word(text.trim())) {
            (Some(year), Some(month)) => Ok((Period::Month { year, month }, None)),
            (Some(year), None) => match part_word(text) {
                Some((4, quarter)) => Ok((Period::Quarter { year, quarter }, None)),
                Some((_, half)) => Ok((Period::Half { year, half }, None)),
                None => Err(e),
            },
            _ => Err(e),
        })
    }

    pub fn parse_label(text: &str, calendar: Calendar) -> Result<(Period, Option<&'static str>), String> {
        let s = text.trim();
        if let Ok(p) = Period::parse(s, calendar) {
            return Ok((p, None));
        }
        let bad = || {
            format!("expected a period label like 2025-06, 1978 Jan, Aug-24, 1998 Q1 or 2022 (a status after it read: p, e, r, po, pe, rv, with or without brackets), got \"{s}\"")
        };
        // A footnote mark or a status after the label: "Mar-25*", "Mar-25 (p)", "2024 r",
        // "Mar 2025 (prelim.)".
        let lower = s.to_ascii_lowercase();
        for (mark, status) in [
            ("(prelim.)", Some("P")),
            ("(prelim)", Some("P")),
            ("(provisional)", Some("P")),
            ("(p)", Some("P")),
            ("(e)", Some("E")),
            ("(r)", Some("A")),
            // Portugal's INE and others: Po provisório, Pe preliminar, Rv revisto (trial 61
            // M6: "2026M10 Po" refused, each release edited by hand).
            ("(po)", Some("P")),
            ("(pe)", Some("P")),
            ("(rv)", Some("A")),
            (" po", Some("P")),
            (" pe", Some("P")),
            (" rv", Some("A")),
            (" p", Some("P")),
            (" e", Some("E")),
            (" r", Some("A")),
            ("*", None),
            ("†", None),
        ] {
            if let Some(label) = lower.strip_suffix(mark).map(|l| &s[..l.len()]) {
                if let Ok((p, own)) = Period::parse_label(label.trim_end(), calendar) {
                    return Ok((p, status.or(own)));
                }
            }
        }
        // A status of two letters stuck to the label: 2026M10Po, 2025Rv.
        for (mark, status) in [("po", "P"), ("pe", "P"), ("rv", "A")] {
            if let Some(label) =
                lower.strip_suffix(mark).filter(|l| l.ends_with(|c: char| c.is_ascii_digit()))
            {
                if let Ok((p, _)) = Period::parse_label(&s[..label.len()], calendar) {
                    return Ok((p, Some(status)));
                }
            }
        }
        // A status letter stuck to the label: 2022P, 2024r.
        let last = s.chars().last().unwrap_or(' ');
        if s.len() > 4
            && matches!(last.to_ascii_lowercase(), 'p' | 'r' | 'e')
            && s[..s.len() - 1].ends_with(|c: char| c.is_ascii_digit())
        {
            let (p, _) = Period::parse_label(&s[..s.len() - 1], calendar)?;
            let status = match last.to_ascii_lowercase() {
                'p' => "P",
                'e' => "E",
                _ => "A",
            };
            return Ok((p, Some(status)));
        }
        if let Some(p) = cjk_label(s, calendar) {
            return Ok((p, None));
        }
        if s.get(..2).is_some_and(|f| f.eq_ignore_ascii_case("fy"))
            && s[2..].trim().bytes().all(|b| b.is_ascii_digit())
        {
            return Err(format!(
                "\"{s}\" is a financial year, whose months its label does not say (April to March in the UK and India, July to June in Australia): tourstat keeps calendar periods; load the months or quarters it is made of"
            ));
        }
        let words: Vec<&str> = s.split([' ', '-', '/', ',']).filter(|w| !w.is_empty()).collect();
        let year = |w: &str| -> Option<i32> {
            let digits = w.bytes().all(|b| b.is_ascii_digit());
            match w.len() {
                4 if digits => Period::parse(w, calendar).ok().map(|p| p.year()),
                // Two digits: the century nearest today's in the file's calendar (BE 67 is
                // 2567, 2024 CE).
                2 if digits => w.parse::<i32>().ok().map(|y| match calendar {
                    Calendar::Be => 2500 + y - BE_OFFSET,
                    Calendar::Ce => {
                        if y < 50 {
                            2000 + y
                        } else {
                            1900 + y
                        }
                    }
                }),
                _ => None,
            }
        };
        let quarter = |w: &str| -> Option<u32> {
            let q = w.strip_prefix(['Q', 'q'])?.parse().ok()?;
            (1..=4).contains(&q).then_some(q)
        };
        let found = match words.as_slice() {
            [a, b] => match (month_word(a), year(b), year(a), month_word(b), quarter(a), quarter(b)) {
                (Some(m), Some(y), ..) => Some(Period::Month { year: y, month: m }),
                // A year first in four digits only: "01-Jan" or "15-Jan" is a spreadsheet's date
                // shown as day and month, without its year.
                (_, _, Some(y), Some(m), ..) if a.len() == 4 => Some(Period::Month { year: y, month: m }),
                (.., Some(q), _) => year(b).map(|y| Period::Quarter { year: y, quarter: q }),
                (.., Some(q)) => year(a).map(|y| Period::Quarter { year: y, quarter: q }),
                _ => None,
            },
            // "March quarter 1998": the quarter ending in that month.
            [m, q, y] if q.eq_ignore_ascii_case("quarter") => {
                let (m, y) = (month_word(m).filter(|m| m % 3 == 0), year(y));
                m.zip(y).map(|(m, y)| Period::Quarter { year: y, quarter: m / 3 })
            }
            _ => None,
        };
        if let [a, b] = words.as_slice() {
            if a.len() <= 2 && a.bytes().all(|c| c.is_ascii_digit()) && month_word(b).is_some() {
                return Err(format!(
                    "\"{s}\" is a day and a month (a date shown without its year, as a spreadsheet shows 1 January as 01-Jan), or a year of two digits before its month: write the month with its year, like {b}-25 or 2025-01"
                ));
            }
        }
        found.map(|p| (p, None)).ok_or_else(bad)
    }
}

/// A period as Japanese, Chinese and Korean tables write it: `2024年1月` (a month), `2024年`
/// (a year), `2024年第1四半期` or `2024年1季度` (a quarter), `2024년 1월`, `2024년 1분기`.
fn cjk_label(s: &str, calendar: Calendar) -> Option<Period> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let (y, rest) = compact.split_once('年').or_else(|| compact.split_once('년'))?;
    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = Period::parse(y, calendar).ok()?.year();
    if rest.is_empty() {
        return Some(Period::Year(year));
    }
    let number =
        |t: &str, range: std::ops::RangeInclusive<u32>| t.parse::<u32>().ok().filter(|n| range.contains(n));
    if let Some(m) = rest.strip_suffix('月').or_else(|| rest.strip_suffix('월')) {
        return number(m, 1..=12).map(|month| Period::Month { year, month });
    }
    let q = rest.strip_prefix('第').unwrap_or(rest);
    let q = ["四半期", "季度", "季", "분기"].iter().find_map(|w| q.strip_suffix(w))?;
    number(q, 1..=4).map(|quarter| Period::Quarter { year, quarter })
}

/// The first day of a month; months and years here come from parsed, range-checked periods.
pub fn first_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1)
        .or_else(|| NaiveDate::from_ymd_opt(year.clamp(1900, 2200), month.clamp(1, 12), 1))
        .unwrap_or(NaiveDate::MIN)
}

impl fmt::Display for Period {
    /// The canonical notation, as stored: `2025-06-30`, `2025-06`, `2025-Q3`, `2025-H1`, `2025`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Period::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Half { year, half } => write!(f, "{year:04}-H{half}"),
            Period::Year(year) => write!(f, "{year:04}"),
        }
    }
}

/// A period is written in its canonical notation (`2025-06`, `2025-Q3`).
impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Period::parse(s, Calendar::Ce)
    }
}

/// Parses a calendar date `YYYY-MM-DD` (also `YYYY/MM/DD`), years in the given calendar.
pub fn parse_date(text: &str, calendar: Calendar) -> Result<NaiveDate, String> {
    let s = text.trim();
    match Period::parse(&s.replace('/', "-"), calendar) {
        Ok(Period::Day(d)) => Ok(d),
        // A year out of range is the calendar's matter (a CE date read as Buddhist Era, or the
        // reverse): say so rather than that the date is not one.
        Err(e) if e.contains("out of range") => Err(e),
        Ok(_) | Err(_) => {
            Err(format!("expected a date YYYY-MM-DD, got \"{s}\"{}{}", spreadsheet_day(s), short_year(s)))
        }
    }
}

/// For a date whose year has two digits (`01/03/25`, review 35 L2): that its century is not
/// guessed, and how to have it written in full.
fn short_year(s: &str) -> &'static str {
    let Some(sep) = s.chars().find(|c| matches!(c, '/' | '.' | '-')) else { return "" };
    let parts: Vec<&str> = s.split(sep).collect();
    let digits = |t: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&t.len()) && t.bytes().all(|c| c.is_ascii_digit())
    };
    match parts.as_slice() {
        [a, b, y] if digits(a, 1..=2) && digits(b, 1..=2) && digits(y, 2..=2) => {
            " (a year of two digits, whose century is not guessed: have the year written in full, 2025 for 25, as a spreadsheet does with the date format dd/mm/yyyy, and give --date-order dmy or mdy)"
        }
        _ => "",
    }
}

/// For a whole number a spreadsheet counts days by (from 1899-12-30, as Excel and LibreOffice
/// do, 20000 to 80000: 1954 to 2119): the date it stands for, and how to have it written so.
fn spreadsheet_day(s: &str) -> String {
    let Some(n) = s.parse::<u32>().ok().filter(|n| (20_000..=80_000).contains(n)) else {
        return String::new();
    };
    NaiveDate::from_ymd_opt(1899, 12, 30)
        .and_then(|d| d.checked_add_days(chrono::Days::new(n.into())))
        .map_or(String::new(), |d| {
            format!(" (a spreadsheet's day number? {s} is {d} there: format the column as dates YYYY-MM-DD before saving)")
        })
}

/// How "last year" is found for a window written in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum LyRule {
    /// 364 days earlier: the same weekday, as airline and hotel analysts compare.
    #[default]
    Days364,
    /// The same calendar dates one year earlier.
    Calendar,
}

impl FromStr for LyRule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "364" => Ok(LyRule::Days364),
            "calendar" => Ok(LyRule::Calendar),
            other => Err(format!("expected 364 or calendar, got \"{other}\"")),
        }
    }
}

/// Shifts a date back by one year under a rule. Feb 29 under the calendar rule becomes Feb 28.
pub fn last_year(date: NaiveDate, rule: LyRule) -> NaiveDate {
    match rule {
        LyRule::Days364 => date - Days::new(364),
        LyRule::Calendar => date.checked_sub_months(Months::new(12)).unwrap_or(date - Days::new(365)),
    }
}

/// An inclusive range of days, remembering whether it was written in days or in calendar
/// periods (months, quarters, years), because that decides how its last year is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub in_days: bool,
}

impl Window {
    pub fn new(from: NaiveDate, to: NaiveDate, in_days: bool) -> Result<Window, String> {
        if from > to {
            return Err(format!("window starts after it ends: {from}..{to}"));
        }
        Ok(Window { from, to, in_days })
    }

    /// Parses `FROM..TO` (either side a period in any notation) or a single period.
    pub fn parse(text: &str) -> Result<Window, String> {
        let s = text.trim();
        let (a, b) = match s.split_once("..") {
            Some((a, b)) => (Period::parse(a, Calendar::Ce)?, Period::parse(b, Calendar::Ce)?),
            None => {
                let p = Period::parse(s, Calendar::Ce)?;
                (p, p)
            }
        };
        let in_days = a.granularity() == Granularity::Day || b.granularity() == Granularity::Day;
        Window::new(a.start(), b.end(), in_days)
    }

    /// The comparable window one year earlier: 364 days (or the calendar rule) for windows
    /// written in days, one calendar year for windows written in months, quarters or years.
    pub fn last_year(&self, rule: LyRule) -> Window {
        let rule = if self.in_days { rule } else { LyRule::Calendar };
        let from = last_year(self.from, rule);
        let mut to = last_year(self.to, rule);
        if !self.in_days {
            // A calendar window ends on a month end; keep it there (Feb 29 -> Feb 28 is right,
            // Feb 28 of a leap year must become Feb 28, which it does; the reverse needs Feb 29).
            let next = to + Days::new(1);
            if next.day() != 1 && self.to.succ_opt().is_some_and(|d| d.day() == 1) {
                to = first_of_month(next.year(), next.month()) + Months::new(1) - Days::new(1);
            }
        }
        Window { from, to, in_days: self.in_days }
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// A note where last year's window (by `rule`) has another number of days than this one
    /// (across 29 February): a window in days by calendar dates, or in months (compared whole,
    /// as published, whatever the rule).
    pub fn unequal_last_year(&self, rule: LyRule) -> Option<String> {
        let ly = self.last_year(rule);
        (ly.days() != self.days()).then(|| {
            let instead = if self.in_days {
                "--ly 364 compares as many days, on the same weekdays"
            } else {
                "months are compared whole, as published; a window in days (with --ly 364) compares as many days, on the same weekdays"
            };
            format!(
                "last year's window {ly} has {} days against this one's {} (29 February): the change compares unequal windows; {instead}",
                ly.days(),
                self.days()
            )
        })
    }

    /// A note where `--ly` was given and makes no difference: a window in months is compared
    /// with the same months a year before whatever the rule.
    pub fn ly_not_used(&self, given: Option<LyRule>) -> Option<String> {
        (given.is_some() && !self.in_days).then(|| {
            format!(
                "--ly is not used: a window in months ({self}) is compared with the same months a year before; --ly chooses for windows in days"
            )
        })
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// The window as a user writes it: in months (`2025-08`, `2025-07..2025-12`) where it is
    /// one, whose last year is the same months, not the days 364 days back.
    pub fn as_written(&self) -> String {
        if self.in_days {
            return self.to_string();
        }
        let (from, to) = (self.from.format("%Y-%m").to_string(), self.to.format("%Y-%m").to_string());
        if from == to {
            from
        } else {
            format!("{from}..{to}")
        }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.from.format("%Y-%m-%d"), self.to.format("%Y-%m-%d"))
    }
}

impl FromStr for Window {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Window::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_with_day_and_month_as_numbers_read_in_the_order_given() {
        let read = |o: DateOrder, s: &str| o.read(s, Calendar::Ce).map(|r| r.map(|d| d.to_string()));
        assert_eq!(read(DateOrder::DayFirst, "5/3/2025"), Some(Ok("2025-03-05".into())));
        assert_eq!(read(DateOrder::MonthFirst, "05.03.2025"), Some(Ok("2025-05-03".into())));
        assert_eq!(read(DateOrder::DayFirst, "31-12-2025"), Some(Ok("2025-12-31".into())));
        assert!(matches!(read(DateOrder::MonthFirst, "31/12/2025"), Some(Err(_))));
        assert!(matches!(read(DateOrder::DayFirst, "29/02/2025"), Some(Err(_))));
        // Not written so: ISO dates, months, mixed marks, two-digit years, thousands.
        for s in ["2025-03-05", "03/2025", "05/03.2025", "05/03/25", "1.000.000", "100/3/2025"] {
            assert_eq!(read(DateOrder::DayFirst, s), None, "{s}");
        }
        assert_eq!(DateOrder::readings("05/03/2025"), [DateOrder::DayFirst, DateOrder::MonthFirst]);
        assert_eq!(DateOrder::readings("13/03/2025"), [DateOrder::DayFirst]);
        assert_eq!(DateOrder::readings("03/13/2025"), [DateOrder::MonthFirst]);
        assert_eq!(DateOrder::readings("13/13/2025"), []);
    }

    #[test]
    fn a_window_is_written_in_months_where_it_is_one() {
        let w = |s: &str| Window::parse(s).unwrap().as_written();
        assert_eq!(w("2025-08"), "2025-08");
        assert_eq!(w("2025-07..2025-12"), "2025-07..2025-12");
        assert_eq!(w("2025-08-01..2025-08-31"), "2025-08-01..2025-08-31");
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn quarters_and_halves_without_a_year_are_read_as_written() {
        for (text, part) in [
            ("Q1", Some((4, 1))),
            ("q4", Some((4, 4))),
            ("Qtr 2", Some((4, 2))),
            ("Quarter 3", Some((4, 3))),
            ("4th quarter", Some((4, 4))),
            ("H2", Some((2, 2))),
            ("Half 1", Some((2, 1))),
            ("Q5", None),
            ("H3", None),
            ("Q0", None),
            ("Queensland", None),
            ("Hotels", None),
            ("5th quarter", None),
        ] {
            assert_eq!(part_word(text), part, "{text}");
        }
        let read = |t: &str| Period::parse_label_in(t, Calendar::Ce, Some(2024)).map(|(p, _)| p);
        assert_eq!(read("Q2"), Ok(Period::Quarter { year: 2024, quarter: 2 }));
        assert_eq!(read("H1"), Ok(Period::Half { year: 2024, half: 1 }));
        assert!(Period::parse_label_in("Q2", Calendar::Ce, None).is_err());
    }

    /// Trial 38 #6: a spreadsheet's day number is named as one, with the date it stands for.
    #[test]
    fn a_spreadsheet_day_number_is_named_with_its_date() {
        let err = parse_date("45778", Calendar::Ce).unwrap_err();
        assert!(err.ends_with("(a spreadsheet's day number? 45778 is 2025-05-01 there: format the column as dates YYYY-MM-DD before saving)"), "{err}");
        for plain in ["20250501", "1999", "2025-13-01"] {
            let err = parse_date(plain, Calendar::Ce).unwrap_err();
            assert!(!err.contains("spreadsheet"), "{err}");
        }
    }

    /// Review 35 L2: a date with a year of two digits says so, not only which notation it lacks.
    #[test]
    fn a_year_of_two_digits_is_named_as_one() {
        for short in ["01/03/25", "1.3.25", "03-15-25"] {
            let err = parse_date(short, Calendar::Ce).unwrap_err();
            assert!(err.contains("a year of two digits, whose century is not guessed"), "{err}");
        }
        for other in ["01/03/2025x", "2025-13-01", "1/2/345", "ab/cd/25"] {
            let err = parse_date(other, Calendar::Ce).unwrap_err();
            assert!(!err.contains("two digits"), "{err}");
        }
    }

    #[test]
    fn every_notation_parses_to_its_canonical_form() {
        for (input, canonical) in [
            ("2025-06", "2025-06"),
            ("2025-M06", "2025-06"),
            ("2025-m6", "2025-06"),
            ("2025-Q3", "2025-Q3"),
            ("2025-q3", "2025-Q3"),
            ("2025-H1", "2025-H1"),
            ("2025-S2", "2025-H2"),
            ("2025", "2025"),
            ("2025-06-30", "2025-06-30"),
            (" 2025-06 ", "2025-06"),
            ("2025M01", "2025-01"),
            ("2025m1", "2025-01"),
            ("2025Q1", "2025-Q1"),
            ("2025S2", "2025-H2"),
        ] {
            assert_eq!(Period::parse(input, Calendar::Ce).unwrap().to_string(), canonical, "{input}");
        }
    }

    #[test]
    fn joined_notations_need_their_letter_and_a_number_in_range() {
        for bad in ["2025M13", "2025Q5", "2025X1", "2025M", "20251", "2025M001"] {
            assert!(Period::parse(bad, Calendar::Ce).is_err(), "{bad}");
        }
    }

    #[test]
    fn buddhist_era_years_become_ce() {
        assert_eq!(Period::parse("2568", Calendar::Be).unwrap(), Period::Year(2025));
        assert_eq!(Period::parse("2568-06", Calendar::Be).unwrap().to_string(), "2025-06");
        let err = Period::parse("2568", Calendar::Ce).unwrap_err();
        assert!(err.contains("a Buddhist Era year?"), "{err}");
    }

    #[test]
    fn malformed_periods_are_rejected_with_the_value() {
        for bad in ["2025-13", "2025-Q5", "2025-H3", "25-06", "2025-02-30", "June 2025", "", "2025-06-1x"] {
            let err = Period::parse(bad, Calendar::Ce).unwrap_err();
            assert!(err.contains(bad.trim()), "{bad}: {err}");
        }
    }

    #[test]
    fn period_bounds_cover_leap_days() {
        let feb = Period::month(2024, 2);
        assert_eq!((feb.start(), feb.end()), (d("2024-02-01"), d("2024-02-29")));
        assert_eq!(Period::month(2025, 2).end(), d("2025-02-28"));
        let q4 = Period::Quarter { year: 2025, quarter: 4 };
        assert_eq!((q4.start(), q4.end()), (d("2025-10-01"), d("2025-12-31")));
        let h1 = Period::Half { year: 2025, half: 1 };
        assert_eq!(h1.end(), d("2025-06-30"));
    }

    #[test]
    fn day_windows_shift_by_364_days_keeping_weekdays() {
        let w = Window::parse("2025-06-01..2025-12-31").unwrap();
        let ly = w.last_year(LyRule::Days364);
        assert_eq!((ly.from, ly.to), (d("2024-06-02"), d("2025-01-01")));
        assert_eq!(ly.from.weekday(), w.from.weekday());
        let cal = w.last_year(LyRule::Calendar);
        assert_eq!((cal.from, cal.to), (d("2024-06-01"), d("2024-12-31")));
    }

    #[test]
    fn month_windows_shift_by_a_calendar_year_whatever_the_rule() {
        let w = Window::parse("2025-06..2025-12").unwrap();
        assert!(!w.in_days);
        let ly = w.last_year(LyRule::Days364);
        assert_eq!((ly.from, ly.to), (d("2024-06-01"), d("2024-12-31")));
        let q = Window::parse("2025-Q3").unwrap().last_year(LyRule::Days364);
        assert_eq!((q.from, q.to), (d("2024-07-01"), d("2024-09-30")));
    }

    #[test]
    fn a_february_window_ends_on_the_leap_day_last_year() {
        let w = Window::parse("2025-02").unwrap().last_year(LyRule::Calendar);
        assert_eq!((w.from, w.to), (d("2024-02-01"), d("2024-02-29")));
        let back = Window::parse("2024-02").unwrap().last_year(LyRule::Calendar);
        assert_eq!(back.to, d("2023-02-28"));
    }

    #[test]
    fn a_leap_day_under_the_calendar_rule_becomes_february_28() {
        assert_eq!(last_year(d("2024-02-29"), LyRule::Calendar), d("2023-02-28"));
        assert_eq!(last_year(d("2024-02-29"), LyRule::Days364), d("2023-03-02"));
    }

    #[test]
    fn a_window_across_a_year_end_shifts_whole() {
        let w = Window::parse("2024-12-15..2025-01-15").unwrap();
        let ly = w.last_year(LyRule::Calendar);
        assert_eq!((ly.from, ly.to), (d("2023-12-15"), d("2024-01-15")));
        assert_eq!(w.days(), 32);
    }

    #[test]
    fn a_reversed_window_is_an_error() {
        assert!(Window::parse("2025-12-31..2025-01-01").is_err());
    }

    /// Random and extreme text through every parser and the window arithmetic: an answer or an
    /// error, never a panic.
    #[test]
    fn no_text_and_no_window_makes_the_period_arithmetic_panic() {
        let mut rng = fastrand::Rng::with_seed(13);
        let pieces = [
            "0", "1", "9", "12", "13", "31", "99", "1900", "2200", "2201", "2568", "9999", "0000", "-", "..",
            "Q", "H", "S", "M", "/", " ", "+", "\u{feff}", "e", "x",
        ];
        let extremes =
            ["1900-01-01", "2200-12-31", "1900-01", "2200-12", "1900-Q1", "2200-H2", "1900", "2200"];
        let mut texts: Vec<String> = Vec::new();
        for a in extremes {
            for b in extremes {
                texts.push(format!("{a}..{b}"));
            }
        }
        for _ in 0..20_000 {
            let n = rng.usize(1..8);
            texts.push((0..n).map(|_| pieces[rng.usize(..pieces.len())]).collect());
        }
        for text in &texts {
            let _ = Period::parse(text, Calendar::Ce);
            let _ = Period::parse(text, Calendar::Be);
            let _ = parse_date(text, Calendar::Be);
            if let Ok(w) = Window::parse(text) {
                for rule in [LyRule::Days364, LyRule::Calendar] {
                    let ly = w.last_year(rule);
                    assert!(ly.from <= ly.to, "{text}: {ly:?}");
                    let _ = ly.last_year(rule).days();
                }
            }
            if let Ok(p) = Period::parse(text, Calendar::Ce) {
                assert!(p.start() <= p.end(), "{text}");
            }
        }
    }

    #[test]
    fn periods_as_publishers_label_them() {
        let label = |t: &str| Period::parse_label(t, Calendar::Ce).map(|(p, s)| (p.to_string(), s));
        assert_eq!(label(" 1978 Jan "), Ok(("1978-01".into(), None)));
        assert_eq!(label("AUG 2024"), Ok(("2024-08".into(), None)));
        assert_eq!(label("Aug-24"), Ok(("2024-08".into(), None)));
        assert_eq!(label("January 2025"), Ok(("2025-01".into(), None)));
        assert_eq!(label("Sept 2025"), Ok(("2025-09".into(), None)));
        // Other publishers' languages, written out.
        assert_eq!(label("février 2025"), Ok(("2025-02".into(), None)));
        assert_eq!(label("Août 2025"), Ok(("2025-08".into(), None)));
        assert_eq!(label("März 2025"), Ok(("2025-03".into(), None)));
        // German abbreviations that are no English month's (review 100 M3).
        assert_eq!(label("Mär 2025"), Ok(("2025-03".into(), None)));
        assert_eq!(label("Okt 2025"), Ok(("2025-10".into(), None)));
        assert_eq!(label("Dez 2024"), Ok(("2024-12".into(), None)));
        assert_eq!(label("Jän 2025"), Ok(("2025-01".into(), None)));
        assert_eq!(label("diciembre 2024"), Ok(("2024-12".into(), None)));
        assert_eq!(label("2025 gennaio"), Ok(("2025-01".into(), None)));
        assert!(label("févr 2025").is_err());
        assert_eq!(label("1998 Q1"), Ok(("1998-Q1".into(), None)));
        assert_eq!(label("Q3 1998"), Ok(("1998-Q3".into(), None)));
        assert_eq!(label("March quarter 1998"), Ok(("1998-Q1".into(), None)));
        assert_eq!(label("December quarter 1998"), Ok(("1998-Q4".into(), None)));
        assert_eq!(label("2022P"), Ok(("2022".into(), Some("P"))));
        assert_eq!(label("2025-06"), Ok(("2025-06".into(), None)));
        assert_eq!(Period::parse_label("2565", Calendar::Be).map(|(p, _)| p.to_string()), Ok("2022".into()));
        // Japanese, Chinese and Korean tables.
        assert_eq!(label("2024年1月"), Ok(("2024-01".into(), None)));
        assert_eq!(label("2024 年 12 月"), Ok(("2024-12".into(), None)));
        assert_eq!(label("2024年"), Ok(("2024".into(), None)));
        assert_eq!(label("2024年第2四半期"), Ok(("2024-Q2".into(), None)));
        assert_eq!(label("2024年3季度"), Ok(("2024-Q3".into(), None)));
        assert_eq!(label("2024년 1월"), Ok(("2024-01".into(), None)));
        assert_eq!(label("2024년 4분기"), Ok(("2024-Q4".into(), None)));
        assert!(label("FY2024").is_err_and(|e| e.contains("financial year")));
        for bad in [
            "January",
            "Total",
            "Jnu 2025",
            "April quarter 1998",
            "13 2025",
            "Q5 1998",
            "",
            "2024年13月",
            "24年1月",
            "2024年1-3月",
        ] {
            assert!(label(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_window_across_29_february_by_calendar_dates_is_unequal_and_said_so() {
        let days = Window::parse("2025-02-28..2025-03-01").unwrap();
        let note = days.unequal_last_year(LyRule::Calendar).unwrap();
        assert!(note.contains("2024-02-28..2024-03-01 has 3 days against this one's 2"), "{note}");
        assert_eq!(days.unequal_last_year(LyRule::Days364), None);
        assert_eq!(
            Window::parse("2025-03-01..2025-03-31").unwrap().unequal_last_year(LyRule::Calendar),
            None
        );
        // February against February: compared whole, as published, with a note on the days.
        let note = Window::parse("2025-02..2025-03").unwrap().unequal_last_year(LyRule::Days364).unwrap();
        assert!(note.contains("2024-02-01..2024-03-31 has 60 days against this one's 59"), "{note}");
        assert!(note.contains("months are compared whole"), "{note}");
        assert_eq!(Window::parse("2025-03").unwrap().unequal_last_year(LyRule::Calendar), None);
    }
}
