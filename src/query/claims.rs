//! Checking published statements against the store: each claim (a market, a measure, a period
//! or travel window, a value and perhaps a change) is reproduced, differs (by how much, and the
//! likely cause: another vintage, a group figure that is the sum of its members, last year
//! taken by the calendar instead of 364 days, a window a day off), or cannot be checked (why).
//! A change published without last year's figure gets the figure it implies.

use std::collections::BTreeSet;
use std::path::Path;
use std::str::FromStr;

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use crate::analysis::arrivals::{MonthlyArrivals, Years};
use crate::analysis::otb::{OtbLine, OtbQuery};
use crate::error::{Error, Result};
use crate::market::MarketTree;
use crate::period::{Calendar, LyRule, Period, Window};
use crate::store::Store;

use super::on_the_books::{on_the_books, Basis, Selection, Source};
use super::store_info::{by_own_periods, mixed, tiled};
use super::year_to_date::{load_monthly, month_list, targets_of};

/// What a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Arrivals,
    SeatsOnBooks,
    Target,
    /// Arrivals as a share of the same months of a year ("94.9% of its 2019 level"): a level,
    /// as summary's pct_of_2019 gives it.
    PctOf(i32),
    /// Arrivals as a share of all arrivals, the top of the market's tree ("47.7% of
    /// arrivals"), as summary's share_pct gives it.
    Share,
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Measure::Arrivals => f.write_str("arrivals"),
            Measure::SeatsOnBooks => f.write_str("seats_on_books"),
            Measure::Target => f.write_str("target"),
            Measure::PctOf(y) => write!(f, "pct_of_{y}"),
            Measure::Share => f.write_str("share"),
        }
    }
}

impl FromStr for Measure {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().replace([' ', '-'], "_").as_str() {
            "arrivals" | "visitors" => Ok(Measure::Arrivals),
            "seats_on_books" | "seats" | "otb" | "on_the_books" => Ok(Measure::SeatsOnBooks),
            "target" => Ok(Measure::Target),
            "share" | "share_pct" => Ok(Measure::Share),
            other => match other.strip_prefix("pct_of_").or(other.strip_prefix("%_of_")).map(str::parse::<i32>) {
                Some(Ok(y)) if (1900..=2200).contains(&y) => Ok(Measure::PctOf(y)),
                _ => Err(format!(
                    "expected a measure arrivals, seats_on_books, target, pct_of_2019 (a level against a year) or share (of all arrivals), got \"{other}\""
                )),
            },
        }
    }
}

/// A number as published, with the precision it was written to: "849,034" is exact to one seat,
/// "16.6m" to fifty thousand.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stated {
    pub value: f64,
    /// Half a unit of the last digit written: a figure within it is the same figure.
    pub tolerance: f64,
}

impl Stated {
    /// A published figure or change as written: "849,034", "16.6m", "1.2k", "-22". Its marks
    /// must group thousands in threes ("1,2k" is a decimal comma, refused, never 12,000), and
    /// a figure with one dot and three digits ("12.000") reads either way, refused too.
    pub fn parse(text: &str) -> Result<Stated, String> {
        let (sign, digits, scale) = Stated::parts(text);
        let digits = digits.as_str();
        if scale == 1.0 && !text.contains('%') && crate::ingest::thousands_or_decimal(digits, '.') {
            let (whole, thousands) = digits.split_once('.').unwrap_or((digits, ""));
            let decimal = digits.trim_end_matches('0').trim_end_matches('.');
            // A decimal that ends in a figure other than 0 ("96.015") is written so that it reads
            // one way with a 0 after it, not as it was (trial 78 L5: the advice repeated it).
            let one_way = if decimal == digits { format!("{digits}0") } else { decimal.to_string() };
            return Err(format!(
                "one dot and three digits read either way ({decimal} or {whole}{thousands}): write {whole}{thousands}, or {one_way} for the decimal"
            ));
        }
        let Some(value) = crate::ingest::parse_decimal(digits).filter(|v| *v >= 0.0) else {
            let grouping = digits.contains(',') && digits.chars().any(|c| c.is_ascii_digit());
            return Err(if grouping {
                format!(
                    "a comma between digits groups thousands in threes (849,034); a decimal is written with a point ({})",
                    text.trim().replace(',', ".")
                )
            } else {
                String::new()
            });
        };
        let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len() as i32);
        Ok(Stated { value: sign * value * scale, tolerance: 0.5 * 10f64.powi(-decimals) * scale })
    }

    /// A figure's sign, its digits and the scale of its suffix: "-1.2m" is (-1, "1.2", 1e6).
    fn parts(text: &str) -> (f64, String, f64) {
        let t = text.trim().trim_end_matches('%').trim().to_ascii_lowercase();
        let (number, scale) =
            [(" million", 1e6), ("million", 1e6), ("m", 1e6), (" bn", 1e9), ("bn", 1e9), ("k", 1e3)]
                .iter()
                .find_map(|(suffix, scale)| t.strip_suffix(suffix).map(|n| (n.trim().to_string(), *scale)))
                .unwrap_or((t.clone(), 1.0));
        let unsigned = number.strip_prefix('+').unwrap_or(&number);
        match unsigned.strip_prefix('-') {
            Some(rest) => (-1.0, rest.to_string(), scale),
            None => (1.0, unsigned.to_string(), scale),
        }
    }

    /// Whether `x` rounds to the figure as written, half away from zero as published figures
    /// are rounded: 7.5m is "8m", never "7m" too (a figure on the half is one claim's, not
    /// both's). Within a billionth of the half, `x` counts as on it (sums and rates in
    /// floating point).
    pub fn matches(&self, x: f64) -> bool {
        // The float noise allowed is a billionth of the figure, never a thousandth of the half
        // (a billion written in full is exact to the unit).
        let (d, half) = (x - self.value, self.tolerance);
        let eps = (1e-9 * x.abs().max(1.0)).min(half * 1e-3);
        if x >= 0.0 {
            d >= -half - eps && d < half - eps
        } else {
            d > -half + eps && d <= half + eps
        }
    }
}

/// One published statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// Its line in the claims file.
    pub line: u64,
    pub market: String,
    pub measure: Measure,
    pub period: Option<ClaimPeriod>,
    pub travel: Option<Window>,
    pub as_of: Option<NaiveDate>,
    pub value: Option<Stated>,
    pub change_pct: Option<Stated>,
    pub source: Option<String>,
    pub text: Option<String>,
}

/// What a claim of arrivals covers: a period as published (2025-06, 2025-Q2, 2025-H1, 2025),
/// months of one year from one to another (2017-01..2017-11: the year to date a story quotes,
/// as summary heads it), or months over the year's end, twelve at most (2024-11..2025-03: a
/// winter season).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimPeriod {
    Period(Period),
    Months {
        year: i32,
        from: u32,
        to: u32,
    },
    /// From a month of `year` to a month of the year after, which comes before it.
    Season {
        year: i32,
        from: u32,
        to: u32,
    },
}

impl ClaimPeriod {
    /// A period as ingest reads one, in the labels of tables too (`Q3 2026`, `Jan 2025`,
    /// trial 44 M2), or months from one to another.
    pub fn parse(text: &str) -> std::result::Result<ClaimPeriod, String> {
        let period = |t: &str| {
            Period::parse(t, Calendar::Ce).or_else(|e| {
                Period::parse_label(t, Calendar::Ce)
                    .map(|(p, _)| p)
                    .map_err(|_| format!("{e} (or as a table labels it: Jun 2025, Q2 2025)"))
            })
        };
        // From one month to another as written: "..", or a dash with spaces ("Nov 2025 - Mar
        // 2026", trial 45 L4), or an en dash.
        let range = text.split_once("..").or_else(|| text.split_once(" - ")).or_else(|| text.split_once('–'));
        let Some((a, b)) = range else {
            return period(text).map(ClaimPeriod::Period);
        };
        let month = |t: &str| match period(t.trim()) {
            Ok(Period::Month { year, month }) => Ok((year, month)),
            _ => Err(format!("months from one to another are written 2025-01..2025-06, got \"{text}\"")),
        };
        match (month(a)?, month(b)?) {
            ((y, from), (y2, to)) if y == y2 && from <= to => Ok(ClaimPeriod::Months { year: y, from, to }),
            ((y, from), (y2, to)) if y2 == y + 1 && to < from => Ok(ClaimPeriod::Season { year: y, from, to }),
            ((y, _), (y2, _)) if y2 > y => Err(format!(
                "months from one to another are twelve at most (a season over the year's end: 2024-11..2025-03), got \"{text}\""
            )),
            _ => Err(format!("the first month must come before the last, got \"{text}\"")),
        }
    }
}

impl std::fmt::Display for ClaimPeriod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClaimPeriod::Period(p) => p.fmt(f),
            ClaimPeriod::Months { year, from, to } => write!(f, "{year}-{from:02}..{year}-{to:02}"),
            ClaimPeriod::Season { year, from, to } => write!(f, "{year}-{from:02}..{}-{to:02}", year + 1),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Reproduced,
    Differs,
    NotCheckable,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Reproduced => "reproduced",
            Verdict::Differs => "differs",
            Verdict::NotCheckable => "not checkable",
        }
    }
}

/// A claim against the store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checked {
    pub claim: Claim,
    pub verdict: Verdict,
    /// The store's figure and change.
    pub value: Option<f64>,
    pub change_pct: Option<f64>,
    /// Claimed minus the store's figure.
    pub difference: Option<f64>,
    /// Last year's figure a published change implies (value / (1 + change)).
    pub implied_last_year: Option<f64>,
    /// Why it differs or cannot be checked, or what it rests on when reproduced.
    pub explanation: String,
}

/// A claims file as read: the claims of its lines that could be read, and why each other line
/// could not. One line that cannot be read leaves the others to be checked (trial 43 LOW-2).
#[derive(Debug, Clone)]
pub struct ClaimsFile {
    pub claims: Vec<Claim>,
    pub unread: Vec<Unread>,
}

/// A line of a claims file that could not be read, with its fields as written.
#[derive(Debug, Clone)]
pub struct Unread {
    pub line: u64,
    pub market: String,
    pub measure: String,
    pub period: String,
    pub why: String,
}

/// Reads a claims file: `market,measure,[period],[travel],[as_of],[value],[change_pct],[source],[text]`.
/// A line that cannot be read is kept aside with why, named by its line; a file that cannot
/// be read as claims at all (no market or measure heading, not CSV, no claims) is an error.
/// Nothing is written, so the errors say only what is wrong with the file.
pub fn read_claims(path: &Path, tree: &MarketTree) -> Result<ClaimsFile> {
    // `-` is standard input. The file is read once, whole (a pipe cannot be read twice: its
    // separator sniffed first left the reader an empty header, trial 50 #3).
    let stdin = path == Path::new("-");
    let label = if stdin { "standard input".to_string() } else { path.display().to_string() };
    let unreadable = |e: csv::Error| Error::Usage(format!("{label}: unreadable CSV: {e}"));
    let mut bytes = Vec::new();
    let read = if stdin {
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| std::io::Read::read_to_end(&mut f, &mut bytes))
    };
    read.map_err(|e| Error::io(&label, e))?;
    // Semicolons or tabs between the columns read as ingest reads them.
    let sep = crate::ingest::separator_of(&bytes).map_or(b',', |(sep, _)| sep);
    // Lines as the file has them (CRLF line ends, blank lines), as ingest names them.
    let mut lines = crate::ingest::LineNumbers::default();
    let mut reader =
        csv::ReaderBuilder::new().flexible(true).delimiter(sep).from_reader(lines.track(bytes.as_slice()));
    let header: Vec<String> = reader
        .headers()
        .map_err(unreadable)?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name);
    let (Some(market_at), Some(measure_at)) = (at("market"), at("measure")) else {
        return Err(Error::Usage(format!(
            "{label}: the header of a claims file must have market and measure (and period or travel, as_of, value, change_pct, source, text), got \"{}\"",
            header.join(",")
        )));
    };
    let mut claims = Vec::new();
    let mut unread = Vec::new();
    for record in reader.byte_records() {
        let record = record.map_err(unreadable)?;
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        // A line not in UTF-8 (a Latin-1 "café" in its text) is one claim not read, not the
        // file (review 24 L1).
        let record = match csv::StringRecord::from_byte_record(record) {
            Ok(record) => record,
            Err(e) => {
                let bytes = e.into_byte_record();
                // Only the free text (text, source) not UTF-8: read as it can be (trial 45 L3).
                let free = [at("text"), at("source")];
                if bytes
                    .iter()
                    .enumerate()
                    .all(|(i, f)| std::str::from_utf8(f).is_ok() || free.contains(&Some(i)))
                {
                    bytes
                        .iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect::<csv::StringRecord>()
                } else {
                    let lossy = |i: usize| {
                        bytes
                            .get(i)
                            .map(|f| String::from_utf8_lossy(f).trim().to_string())
                            .unwrap_or_default()
                    };
                    unread.push(Unread {
                    line,
                    market: lossy(market_at),
                    measure: lossy(measure_at),
                    period: String::new(),
                    why: "the line is not UTF-8 text (a file saved as Latin-1 or Windows-1252?): save the file as UTF-8".into(),
                });
                    continue;
                }
            }
        };
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).map(str::trim).filter(|v| !v.is_empty());
        let written = |i: Option<usize>| get(i).unwrap_or_default().to_string();
        // One line is one claim, whatever number of its fields cannot be read (trial 46 F10:
        // three unread fields counted three claims).
        let mut say = |why: String| {
            if let Some(u) = unread.last_mut().filter(|u| u.line == line) {
                u.why = format!("{}; {why}", u.why);
                return;
            }
            unread.push(Unread {
                line,
                market: written(Some(market_at)),
                measure: written(Some(measure_at)),
                period: get(at("period")).or(get(at("travel"))).unwrap_or_default().to_string(),
                why,
            })
        };
        // A field past the header's last heading: a decimal comma or an unquoted "1,250" split
        // a figure in two, and what is left of it would be checked as the claim.
        if let Some((i, extra)) =
            record.iter().enumerate().skip(header.len()).find(|(_, f)| !f.trim().is_empty())
        {
            // A market name with its own comma ("Hong Kong SAR, China") moved every field
            // after it on: the measure is found that many fields later (trial 42 F6).
            let extra_fields = record.len() - header.len();
            let split_name = (measure_at > market_at)
                .then(|| {
                    (1..=extra_fields).find(|k| {
                        record.get(measure_at).is_some_and(|m| m.trim().parse::<Measure>().is_err())
                            && record.get(measure_at + k).is_some_and(|m| m.trim().parse::<Measure>().is_ok())
                    })
                })
                .flatten();
            if let Some(k) = split_name {
                let name: Vec<&str> = record.iter().skip(market_at).take(k + 1).collect();
                let name = name.join(",");
                let known = match tree.resolve(&name) {
                    Some(m) if m != name.trim() => format!(" (the market {m})"),
                    _ => String::new(),
                };
                say(format!(
                    "market \"{}\"{known} has a comma in its name, which splits it in two fields and moves those after it on: quote it (\"{}\")",
                    name.trim(),
                    name.trim()
                ));
                continue;
            }
            let last = header.last().map_or("", String::as_str);
            say(format!(
                "field {} (\"{}\") is past the header's last heading ({last}): a comma inside a figure (\"{}\") splits it in two; quote it, or write it with a point",
                i + 1,
                extra.trim(),
                record.iter().skip(header.len().saturating_sub(1)).collect::<Vec<_>>().join(","),
            ));
            continue;
        }
        let market = get(Some(market_at)).unwrap_or_default();
        let market = match tree.resolve(market) {
            Some(m) => m.to_string(),
            None if tree.is_empty() => crate::market::normalise_name(market),
            None => {
                say(format!("unknown market \"{market}\"{}", tree.suggestion(market)));
                continue;
            }
        };
        let measure = match get(Some(measure_at)).unwrap_or_default().parse::<Measure>() {
            Ok(m) => m,
            Err(e) => {
                say(e);
                continue;
            }
        };
        let period = get(at("period")).map(ClaimPeriod::parse);
        let travel = get(at("travel")).map(Window::parse);
        let as_of = get(at("as_of")).map(|d| crate::period::parse_date(d, Calendar::Ce));
        let why = |e: String| if e.is_empty() { e } else { format!(": {e}") };
        // In a file separated by semicolons the comma is as likely the decimal mark: a comma
        // and three digits ("1,500") read either way, refused.
        // So with a suffix: "1,485m" is 1.485 million there, and 1,485 million in English.
        let stated = |v: &str| -> std::result::Result<Stated, String> {
            let (_, digits, _) = Stated::parts(v);
            if sep == b';' && crate::ingest::thousands_or_decimal(&digits, ',') {
                let (whole, rest) = digits.split_once(',').unwrap_or((&digits, ""));
                let t = v.trim().trim_end_matches('%').trim();
                let suffix = &t[t.trim_end_matches(|c: char| c.is_alphabetic() || c == ' ').len()..];
                let decimal = format!("{whole}.{rest}");
                let trimmed = decimal.trim_end_matches('0').trim_end_matches('.');
                // "1.100" would read either way again: "1.1"; "1.105" reads one way as "1.1050".
                // (With a suffix, "1.485m", it reads one way as it is.)
                let one_way = match (trimmed == decimal, suffix.is_empty()) {
                    (true, true) => format!("{decimal}0"),
                    (true, false) => decimal.clone(),
                    (false, _) => trimmed.to_string(),
                };
                return Err(format!(
                    "in a file separated by semicolons a comma and three digits read either way ({decimal}{suffix} or {whole}{rest}{suffix}): write {whole}{rest}{suffix}, or {one_way}{suffix} for the decimal"
                ));
            }
            Stated::parse(v)
        };
        let value = get(at("value")).map(|v| stated(v).map_err(|e| (v, why(e))));
        let change = get(at("change_pct")).map(|v| stated(v).map_err(|e| (v, why(e))));
        let mut errors = Vec::new();
        let (period, travel, as_of) =
            (take(period, &mut errors), take(travel, &mut errors), take(as_of, &mut errors));
        let value = take(
            value.map(|v| {
                v.map_err(|(t, e)| format!("value must be a number like 849,034 or 16.6m, got \"{t}\"{e}"))
            }),
            &mut errors,
        );
        let change_pct = take(
            change.map(|v| {
                v.map_err(|(t, e)| format!("change_pct must be a percentage like -22, got \"{t}\"{e}"))
            }),
            &mut errors,
        );
        if !errors.is_empty() {
            errors.into_iter().for_each(&mut say);
            continue;
        }
        claims.push(Claim {
            line,
            market,
            measure,
            period,
            travel,
            as_of,
            value,
            change_pct,
            source: get(at("source")).map(str::to_string),
            text: get(at("text")).map(str::to_string),
        });
    }
    if claims.is_empty() && unread.is_empty() {
        return Err(Error::Usage(format!("{label}: the file has no claims")));
    }
    Ok(ClaimsFile { claims, unread })
}

/// The value of a parsed cell, its error kept aside.
fn take<T>(parsed: Option<std::result::Result<T, String>>, errors: &mut Vec<String>) -> Option<T> {
    match parsed? {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

/// Checks every claim against the store.
pub fn check_claims(store: &Store, tree: &MarketTree, claims: &[Claim]) -> Result<Vec<Checked>> {
    claims.iter().map(|c| check_one(store, tree, c)).collect()
}

fn checked(claim: &Claim, verdict: Verdict, explanation: impl Into<String>) -> Checked {
    Checked {
        claim: claim.clone(),
        verdict,
        value: None,
        change_pct: None,
        difference: None,
        implied_last_year: None,
        explanation: explanation.into(),
    }
}

fn check_one(store: &Store, tree: &MarketTree, claim: &Claim) -> Result<Checked> {
    if claim.value.is_none() && claim.change_pct.is_none() {
        return Ok(checked(claim, Verdict::NotCheckable, "the claim states neither a value nor a change"));
    }
    let mut out = match claim.measure {
        Measure::SeatsOnBooks => seats(store, tree, claim)?,
        Measure::Arrivals => arrivals(store, tree, claim)?,
        Measure::Target => target(store, tree, claim)?,
        Measure::PctOf(base) => level(store, tree, claim, base)?,
        Measure::Share => share(store, tree, claim)?,
    };
    if let (Some(v), Some(c)) = (claim.value, claim.change_pct) {
        out.implied_last_year = (c.value > -100.0).then(|| v.value / (1.0 + c.value / 100.0));
    }
    Ok(out)
}

/// Compares a claim with the store's figure and change. A part the claim states and the store
/// cannot give (`None`) is not compared: the claim is then not checkable (`unknown` says why),
/// unless a part the store gives differs.
fn compare(
    claim: &Claim,
    value: Option<f64>,
    change: Option<f64>,
    rests_on: String,
    unknown: impl FnOnce() -> String,
) -> Checked {
    let value_ok = claim.value.is_none_or(|v| value.is_none_or(|x| v.matches(x)));
    let change_ok = claim.change_pct.is_none_or(|c| change.is_none_or(|x| c.matches(x)));
    let lacking =
        (claim.value.is_some() && value.is_none()) || (claim.change_pct.is_some() && change.is_none());
    let verdict = match (value_ok && change_ok, lacking) {
        (false, _) => Verdict::Differs,
        (true, true) => Verdict::NotCheckable,
        (true, false) => Verdict::Reproduced,
    };
    let mut explanation = rests_on;
    if claim.value.is_some() && !value.zip(claim.value).is_some_and(|(x, v)| v.matches(x)) {
        explanation.push_str(&format!(
            "; the store has {}",
            value.map_or("no figure".into(), |v| crate::output::thousands(v.round() as i64))
        ));
    }
    // A figure written rounded ("0.2m") matches any the rounding gives: the span said, where
    // the claimed column reads 200000 beside a store's 249,062.
    if let Some((x, v)) =
        value.zip(claim.value).filter(|(x, v)| v.matches(*x) && v.tolerance >= 1.0 && *x != v.value)
    {
        let thousands = |f: f64| crate::output::thousands(f.round() as i64);
        explanation.push_str(&format!(
            "; the store's {} is the claim's figure as rounded where written (from {} to under {})",
            thousands(x),
            thousands(v.value - v.tolerance),
            thousands(v.value + v.tolerance)
        ));
    }
    if claim.change_pct.is_some() && !change.zip(claim.change_pct).is_some_and(|(x, c)| c.matches(x)) {
        explanation.push_str(&format!(
            "; the store's change is {}",
            change.map_or("unknown".into(), |c| format!("{c:+.1}%"))
        ));
    }
    if lacking {
        explanation.push_str(&format!(" ({})", unknown()));
    }
    Checked {
        claim: claim.clone(),
        verdict,
        value,
        change_pct: change,
        difference: claim.value.zip(value).map(|(c, v)| c.value - v),
        implied_last_year: None,
        explanation,
    }
}

/// A market's line of seats on the books, what it rests on, the lines of its members, the
/// notes of the answer, and the dates of the published snapshots it rests on.
type Found = (OtbLine, Basis, Vec<OtbLine>, Vec<String>, Option<(NaiveDate, NaiveDate)>);

fn seats(store: &Store, tree: &MarketTree, claim: &Claim) -> Result<Checked> {
    let (Some(window), Some(as_of)) = (claim.travel, claim.as_of) else {
        return Ok(checked(
            claim,
            Verdict::NotCheckable,
            "seats on the books need a travel window and an as_of date",
        ));
    };
    // The market's line, or why the store has none.
    let answer = |q: &OtbQuery, source: Source| -> Result<std::result::Result<Found, String>> {
        let sel = Selection { root: Some(claim.market.clone()), depth: Some(1) };
        match on_the_books(store, tree, q, source, &sel) {
            Ok(b) => Ok(b
                .lines
                .iter()
                .find(|l| l.market == claim.market)
                .cloned()
                .map(|l| (l, b.basis, b.lines.clone(), b.notes.clone(), b.published))
                .ok_or_else(|| format!("no line of {}", claim.market))),
            Err(Error::Usage(why)) => Ok(Err(why)),
            Err(e) => Err(e),
        }
    };
    let line = |q: &OtbQuery, source: Source| Ok(answer(q, source)?.ok());
    let q = OtbQuery { as_of, window, ly: LyRule::Days364 };
    // As published (snapshots of exactly that window) and from the flows: a claim either
    // reproduces is reproduced, and where they disagree the other is named.
    let (published, flows) = (answer(&q, Source::Snapshots)?, answer(&q, Source::Flows)?);
    let (first, second) = match (published, flows) {
        (Ok(p), flows) => (p, flows.ok()),
        (Err(_), Ok(f)) => (f, None),
        (Err(_), Err(why)) => {
            let no_flows = why.starts_with("the store has no booking flows");
            return Ok(checked(
                claim,
                Verdict::NotCheckable,
                if no_flows {
                    format!("the store has neither a published snapshot nor booking flows of {} for travel {window} known on {as_of}", claim.market)
                } else {
                    format!("no published snapshot of {} for travel {window} known on {as_of}, and its booking flows cannot tell: {why}", claim.market)
                },
            ));
        }
    };
    let check = |f: &Found| {
        // A group some of whose markets have no flows at all: its seats are its other
        // members' (trial 85 H1: Total's 87,971 from 3 markets of 7 "reproduced", and a
        // claimed +8% "differs" against their -1.3%).
        if f.1 == Basis::Flows && !f.0.unfed_below.is_empty() {
            let names = super::year_to_date::some_names(&f.0.unfed_below, 8);
            return checked(
                claim,
                Verdict::NotCheckable,
                format!(
                    "the store's booking flows booked by {as_of} for travel {window} have no flows of {names}, below {}, whose seats are not known (not 0): its {} seats count only its other members",
                    claim.market,
                    f.0.seats.map_or("unknown".into(), |v| crate::output::thousands(v.round() as i64))
                ),
            );
        }
        let rests_on = match f.1 {
            Basis::Published => {
                format!("as published (snapshot as of {}, travel {window})", snapshot_date(f.4, as_of))
            }
            Basis::Flows => format!("from the booking flows booked by {as_of} for travel {window}"),
        };
        let subtree = crate::analysis::rollup::subtree(tree, &claim.market);
        let notes: Vec<&String> =
            f.3.iter()
                .filter(|n| subtree.iter().chain([&claim.market]).any(|m| n.contains(m.as_str())))
                .collect();
        // The notes on the market or those below it; failing those, every note of the answer.
        let notes: Vec<&str> = if notes.is_empty() {
            f.3.iter().map(String::as_str).collect()
        } else {
            notes.into_iter().map(String::as_str).collect()
        };
        compare(claim, f.0.seats, f.0.change_pct, rests_on, || match notes.as_slice() {
            [] => "the store cannot tell".to_string(),
            notes => notes.join("; "),
        })
    };
    // The second is used where it reproduces the claim and the first does not, or, neither
    // doing so, where it alone has the claim's figure (what differs is then its change).
    let rank = |c: &Checked| match c.verdict {
        Verdict::Reproduced => 2,
        _ if claim.value.zip(c.value).is_some_and(|(v, x)| v.matches(x)) => 1,
        _ => 0,
    };
    let checked_first = check(&first);
    let (mut out, used, other) = match second.as_ref().map(|f| (check(f), f)) {
        Some((c, f)) if rank(&c) > rank(&checked_first) => (c, f, Some(&first)),
        _ => (checked_first, &first, second.as_ref()),
    };
    if out.verdict == Verdict::Differs && out.value.is_some() {
        if let Some(cause) = seats_cause(tree, claim, &q, &used.2, &line)? {
            out.explanation.push_str(&format!("; likely cause: {cause}"));
        }
    }
    // The other basis where it gives another figure or change than the one used.
    if let Some(o) = other.filter(|o| (o.0.seats, o.0.change_pct) != (used.0.seats, used.0.change_pct)) {
        let figure = o.0.seats.map_or("no figure".into(), |v| crate::output::thousands(v.round() as i64));
        let change = o.0.change_pct.map_or("change unknown".into(), |c| format!("{c:+.1}%"));
        out.explanation.push_str(&match o.1 {
            Basis::Published => {
                format!("; the published snapshot of {} has {figure} ({change})", snapshot_date(o.4, as_of))
            }
            Basis::Flows => format!("; the store's booking flows give {figure} ({change}), which otb shows"),
        });
    }
    // A group's change that counts members with no seats last year against none (review 19
    // M6: reproduced without a word, where otb and the charts say it).
    let l = &used.0;
    if let (Some(seats), Some(ly), Some(_)) = (l.seats, l.seats_ly, claim.change_pct) {
        if !l.against_none.is_empty() {
            let members: Vec<String> = l.against_none.iter().map(|(m, _)| m.clone()).collect();
            let without = crate::analysis::change_pct(seats - l.seats_against_none(), ly);
            out.explanation.push_str(&format!(
                "; but {}: no seats on the books last year, though booked then (a route suspended or new?): the change counts {} seats against none{}",
                super::year_to_date::some_names(&members, members.len()),
                if members.len() == 1 { "its" } else { "their" },
                without.map(|w| format!(" ({} without them)", crate::output::change_text(w))).unwrap_or_default()
            ));
            // The claim quotes the change like with like (trial 53: "differs", with its own
            // figure printed beside, and no cause).
            let like = claim.change_pct.zip(without).is_some_and(|(p, w)| p.matches(w));
            if out.verdict == Verdict::Differs && like && !out.explanation.contains("likely cause") {
                out.explanation.push_str(&format!(
                    "; likely cause: the change like with like, without {}",
                    super::year_to_date::some_names(&members, members.len())
                ));
            }
        }
        // Months or days of its markets with none a year before (review 82 H3: +27.9%
        // reproduced without a word, where otb says it, -1.3% like with like).
        let (part_now, part_then) = l.suspended;
        if part_now > 0.0 {
            let without =
                crate::analysis::change_pct(seats - l.seats_against_none() - part_now, ly - part_then);
            out.explanation.push_str(&format!(
                "; but {} seats of travel whose days a year before had none, or next to none (a route suspended then, not on sale yet, or flows missing? see otb's note): the change counts them against none{}",
                crate::output::thousands(part_now.round() as i64),
                without.map(|w| format!(" ({} without them)", crate::output::change_text(w))).unwrap_or_default()
            ));
            let like = claim.change_pct.zip(without).is_some_and(|(p, w)| p.matches(w));
            if out.verdict == Verdict::Differs && like && !out.explanation.contains("likely cause") {
                out.explanation.push_str("; likely cause: the change like with like, without them");
            }
        }
    }
    Ok(out)
}

/// The date of the snapshots an answer rests on ("2025-05-15", or "2025-05-08 to 2025-05-15"
/// where its markets' latest differ): the latest known on the claim's day, which may be
/// before it.
fn snapshot_date(published: Option<(NaiveDate, NaiveDate)>, as_of: NaiveDate) -> String {
    match published {
        Some((first, last)) if first == last => first.to_string(),
        Some((first, last)) => format!("{first} to {last}"),
        None => as_of.to_string(),
    }
}

/// Why a seats claim differs, when one of the usual slips explains it.
fn seats_cause(
    tree: &MarketTree,
    claim: &Claim,
    q: &OtbQuery,
    lines: &[OtbLine],
    line: &dyn Fn(&OtbQuery, Source) -> Result<Option<Found>>,
) -> Result<Option<String>> {
    let value_matches = |l: &OtbLine| claim.value.is_none_or(|v| l.seats.is_some_and(|s| v.matches(s)));
    // A cause explains the claim whole: its change too, where it gives one.
    let change_matches =
        |l: &OtbLine| claim.change_pct.is_none_or(|c| l.change_pct.is_some_and(|x| c.matches(x)));
    // The sum of the group's members shown rather than the group's own figure.
    let members: Vec<&OtbLine> =
        lines.iter().filter(|l| tree.children(&claim.market).contains(&l.market.as_str())).collect();
    let members_sum: f64 = members.iter().filter_map(|l| l.seats).sum();
    let own = lines.iter().find(|l| l.market == claim.market).and_then(|l| l.seats);
    if !members.is_empty()
        && claim.value.is_some_and(|v| v.matches(members_sum))
        && own.is_some_and(|o| (o - members_sum).abs() >= 0.5)
    {
        return Ok(Some(format!(
            "the claim adds up the members of {} ({}), which do not add up to the group's own figure",
            claim.market,
            super::year_to_date::some_names(
                &members.iter().map(|l| l.market.clone()).collect::<Vec<_>>(),
                members.len()
            )
        )));
    }
    // Another vintage of the snapshot: a date shortly before or after.
    for days in 1..=62u64 {
        for as_of in [q.as_of.checked_sub_days(Days::new(days)), q.as_of.checked_add_days(Days::new(days))]
            .into_iter()
            .flatten()
        {
            let other = OtbQuery { as_of, ..*q };
            if let Some((l, Basis::Published, _, _, _)) = line(&other, Source::Snapshots)? {
                let current = lines.iter().find(|x| x.market == claim.market).and_then(|x| x.seats);
                if value_matches(&l) && change_matches(&l) && l.seats != current {
                    return Ok(Some(format!("another vintage: the figure as known on {as_of}")));
                }
            }
        }
    }
    // Last year by the calendar instead of 364 days (flows).
    if claim.change_pct.is_some() {
        let calendar = OtbQuery { ly: LyRule::Calendar, ..*q };
        if let Some((l, Basis::Flows, _, _, _)) = line(&calendar, Source::Flows)? {
            if claim.change_pct.is_some_and(|c| l.change_pct.is_some_and(|x| c.matches(x)))
                && value_matches(&l)
            {
                return Ok(Some("last year taken by the calendar (the same dates) instead of 364 days (the same weekdays)".into()));
            }
        }
        // A window in months, whose last year is the same months, taken 364 days back instead.
        if !q.window.in_days {
            let days = OtbQuery { window: Window { in_days: true, ..q.window }, ly: LyRule::Days364, ..*q };
            if let Some((l, Basis::Flows, _, _, _)) = line(&days, Source::Flows)? {
                if claim.change_pct.is_some_and(|c| l.change_pct.is_some_and(|x| c.matches(x)))
                    && value_matches(&l)
                {
                    let (ly_as_of, ly_window) = days.last_year();
                    return Ok(Some(format!(
                        "last year taken 364 days back (the same weekdays: {ly_window} as of {ly_as_of}) instead of the same months"
                    )));
                }
            }
        }
    }
    // A travel window a day off at either end, or moved a day whole (1 Aug to 31 Aug taken as
    // 2 Aug to 1 Sep) (flows).
    let w = q.window;
    let before = |d: NaiveDate| d.checked_sub_days(Days::new(1));
    let after = |d: NaiveDate| d.checked_add_days(Days::new(1));
    let shifted = [
        (before(w.from), Some(w.to)),
        (after(w.from), Some(w.to)),
        (Some(w.from), before(w.to)),
        (Some(w.from), after(w.to)),
        (before(w.from), before(w.to)),
        (after(w.from), after(w.to)),
    ];
    for (from, to) in shifted {
        let (Some(from), Some(to)) = (from, to) else { continue };
        let Ok(window) = Window::new(from, to, w.in_days) else { continue };
        if let Some((l, _, _, _, _)) = line(&OtbQuery { window, ..*q }, Source::Flows)? {
            if claim.value.is_some() && value_matches(&l) && change_matches(&l) {
                return Ok(Some(format!("a travel window a day off: the figure is that of {window}")));
            }
        }
    }
    Ok(None)
}

/// A claim of arrivals' period, its year and its first and last months; why it has none the
/// store can give (no period, or days).
fn months_of(claim: &Claim) -> std::result::Result<(ClaimPeriod, i32, (u32, u32)), &'static str> {
    match claim.period {
        None => Err("arrivals need a period (2025-06, 2025-Q2, 2025-H1, 2025, 2025-01..2025-05)"),
        Some(ClaimPeriod::Period(Period::Day(_))) => Err("the store keeps arrivals by month, not by day"),
        Some(p @ ClaimPeriod::Period(period)) => {
            Ok((p, period.year(), (period.start().month(), period.end().month())))
        }
        Some(p @ ClaimPeriod::Months { year, from, to }) => Ok((p, year, (from, to))),
        Some(ClaimPeriod::Season { .. }) => {
            Err("a level against a base year or a share is checked for months of one year (a period such as 2025-01..2025-05), not a season across the year end")
        }
    }
}

/// A level claimed against a base year ("94.9% of its 2019 level"): the period's arrivals as a
/// share of the same months of `base`, like with like as summary's pct_of_2019.
fn level(store: &Store, tree: &MarketTree, claim: &Claim, base: i32) -> Result<Checked> {
    let (period, year, (from, to)) = match months_of(claim) {
        Ok(p) => p,
        Err(why) => return Ok(checked(claim, Verdict::NotCheckable, why)),
    };
    if claim.change_pct.is_some() {
        return Ok(checked(
            claim,
            Verdict::NotCheckable,
            format!("a level against {base} is a share (value 94.9), not a change: give it as value"),
        ));
    }
    let Some(claimed) = claim.value else {
        return Ok(checked(claim, Verdict::NotCheckable, "the claim states no level"));
    };
    if base >= year {
        return Ok(checked(
            claim,
            Verdict::NotCheckable,
            format!("a level is measured against a year before the claim's ({year}), not {base}"),
        ));
    }
    // The years summary reads (the year before last too), so that a member is expected as
    // there and the two agree (review 21 M3).
    let months = match load_monthly(store, tree, &Years::around(year, Some(base)), claim.as_of) {
        Ok(months) => months,
        Err(Error::Usage(why)) => return Ok(checked(claim, Verdict::NotCheckable, why)),
        Err(e) => return Err(e),
    };
    let known = claim.as_of.map(|d| format!(" as known on {d}")).unwrap_or_default();
    let (mut now, mut then) =
        (months.sum(&claim.market, year, from, to), months.sum(&claim.market, base, from, to));
    // A group with a member published by quarter only, by its quarters where they tile the
    // months (trial 45 M1), like with like by the markets that make it each year.
    let mut by_periods = Vec::new();
    if now.is_none() || then.is_none() {
        let periods = super::store_info::other_periods(store, claim.as_of)?;
        let of = |y: i32| mixed(&months, &periods, &claim.market, y, (from, to));
        if let (Some(a), Some(b)) = (of(year), of(base)) {
            if a.made_of != b.made_of {
                return Ok(checked(
                    claim,
                    Verdict::NotCheckable,
                    format!(
                        "not like with like: {} is not made of the same markets in {year} and {base}",
                        claim.market
                    ),
                ));
            }
            (now, then) = (Some(a.value), Some(b.value));
            by_periods = a.by_periods.into_iter().chain(b.by_periods).collect();
            by_periods.sort();
            by_periods.dedup();
        }
    }
    let (Some(now), Some(then)) = (now, then) else {
        let (y, what) = match now {
            None => (year, period.to_string()),
            Some(_) => (base, format!("the same months of {base}")),
        };
        let why = incomplete(&months, &claim.market, (y, from, to), &what, &known);
        return Ok(checked(claim, Verdict::NotCheckable, why));
    };
    // (Read by quarters, the markets that make it were compared above.)
    let comparable =
        if by_periods.is_empty() { months.comparable(&claim.market, year, base, from, to) } else { Ok(()) };
    if let Err(why) = comparable {
        return Ok(checked(
            claim,
            Verdict::NotCheckable,
            format!("not like with like: {why}; summary gives no level either"),
        ));
    }
    if then <= 0.0 {
        return Ok(checked(
            claim,
            Verdict::NotCheckable,
            format!("{} had no arrivals in those months of {base}", claim.market),
        ));
    }
    let pct = now / then * 100.0;
    let thousands = |x: f64| crate::output::thousands(x.round() as i64);
    let mut explanation = format!(
        "arrivals of {period}{known}: {} against {} in the same months of {base}",
        thousands(now),
        thousands(then)
    );
    explanation.push_str(&by_own_periods(&by_periods));
    explanation.push_str(&tentative_note(&months, &claim.market, &year_months(&[base, year], (from, to))));
    // A level that counts a member split out since in the base year only (trial 55 H3: 64.6%
    // of 2019 reproduced, where with Italy 108.7%), as summary says.
    if by_periods.is_empty() {
        let level = [(claim.market.clone(), (from, to), now, then)];
        for split in super::year_to_date::base_split_notes(store, &months, claim.as_of, (year, base), &level)?
        {
            explanation.push_str(&format!("; but {split}"));
        }
    }
    let verdict = if claimed.matches(pct) {
        Verdict::Reproduced
    } else {
        explanation.push_str(&format!("; the store's level is {pct:.1}%"));
        // A change quoted as the level (+5.1 for 105.1) or the level as a change; the way
        // short of the base unsigned ("4.2% below 2019" as 4.2); the level against last year
        // (trial 42 F5), or another base year (2023 for 2019, trial 43 LOW-1).
        // Named only where the claim is far from the level beyond its precision (review 23
        // L3: a level of 50.6% claimed as 49 is no "how far below").
        let decisive = |x: f64| (x - pct).abs() > (4.0 * claimed.tolerance).max(1.0);
        let cause = if claimed.matches(pct - 100.0) {
            Some(format!("the change against {base} ({:+.1}%) given as the level", pct - 100.0))
        } else if pct < 100.0 && claimed.matches(100.0 - pct) && decisive(100.0 - pct) {
            Some(format!("how far below {base} it is ({:.1}%) given as the level", 100.0 - pct))
        } else {
            other_base(store, tree, claim, (year, base), (from, to), now)?
                .filter(|(_, l)| claimed.matches(*l) && decisive(*l))
                .map(|(y, l)| format!("the level against {y} ({l:.1}%), not {base}"))
        };
        // The level as an earlier vintage gave it, as a figure's is named (review 60 L3: 100.0
        // quoted before a revision, 116.7% now, no cause).
        let cause = match cause {
            Some(c) => Some(c),
            None => {
                let level_on = |d: NaiveDate| -> Result<Option<f64>> {
                    let m = match load_monthly(store, tree, &Years::around(year, Some(base)), Some(d)) {
                        Ok(m) => m,
                        Err(Error::Usage(_)) => return Ok(None),
                        Err(e) => return Err(e),
                    };
                    let (n, t) = (m.sum(&claim.market, year, from, to), m.sum(&claim.market, base, from, to));
                    Ok(n.zip(t).filter(|(_, t)| *t > 0.0).map(|(n, t)| n / t * 100.0))
                };
                let days = vintages_of(
                    store,
                    crate::kind::Kind::Arrivals,
                    (base, year),
                    Some(&makers_of(tree, &claim.market)),
                )?;
                earlier_vintage(&days, claim.as_of, |d| Ok(level_on(d)?.is_some_and(|l| claimed.matches(l))))?
                    .map(|(first, revised)| {
                        format!(
                            "an earlier vintage (the level as first known on {first}, {})",
                            revised.map_or("since revised".to_string(), |r| format!("revised on {r}"))
                        )
                    })
            }
        };
        if let Some(cause) = cause {
            explanation.push_str(&format!("; likely cause: {cause}"));
        }
        Verdict::Differs
    };
    Ok(percent_checked(claim, verdict, pct, claimed, explanation))
}

/// A claim of a percent (a level, a share) checked: the store's, and the difference in points.
fn percent_checked(
    claim: &Claim,
    verdict: Verdict,
    pct: f64,
    claimed: Stated,
    explanation: String,
) -> Checked {
    Checked {
        claim: claim.clone(),
        verdict,
        value: Some(pct),
        change_pct: None,
        difference: Some(claimed.value - pct),
        implied_last_year: None,
        explanation,
    }
}

/// Why `market` has no sum of the months `from..=to` of `y` (`what`, as the claim has it):
/// the months missing, and where the store can tell (review 21 M5), that it is published by
/// quarter only, or the members behind.
fn incomplete(
    months: &MonthlyArrivals,
    market: &str,
    (y, from, to): (i32, u32, u32),
    what: &str,
    known: &str,
) -> String {
    let missing = months.uncovered(market, y, from, to);
    let mut why = months.left_out_words(market, y, &missing);
    if months.by_other_periods_only(market, y) {
        why = format!(": {market} is published by quarter, year or day only, not by month");
    }
    // A group that publishes its own figure waits for no member (trial 59 L2).
    let behind = if months.has_own(market, y) {
        Vec::new()
    } else {
        super::year_to_date::members_behind(months, market, y, to)
    };
    if !behind.is_empty() {
        why.push_str(&format!("; members behind: {}", super::year_to_date::some_names(&behind, 6)));
    }
    format!(
        "the store does not have all of {what} for {market}{known} (missing {}){why}",
        missing.iter().map(|m| format!("{y}-{m:02}")).collect::<Vec<_>>().join(", ")
    )
}

/// A share claimed of all arrivals ("Europe accounted for 47.7% of arrivals"): the period's
/// arrivals of the market as a share of the top of its tree's, as summary's share_pct, like
/// with like (the same months of both). A share of its group quoted as of the whole is named.
fn share(store: &Store, tree: &MarketTree, claim: &Claim) -> Result<Checked> {
    let (period, year, (from, to)) = match months_of(claim) {
        Ok(p) => p,
        Err(why) => return Ok(checked(claim, Verdict::NotCheckable, why)),
    };
    if claim.change_pct.is_some() {
        return Ok(checked(
            claim,
            Verdict::NotCheckable,
            "a share is a value (47.7 for 47.7% of all arrivals), not a change: give it as value",
        ));
    }
    let Some(claimed) = claim.value else {
        return Ok(checked(claim, Verdict::NotCheckable, "the claim states no share"));
    };
    let line = tree.ancestors_and_self(&claim.market);
    let Some(top) = line.last().filter(|t| **t != claim.market) else {
        return Ok(checked(
            claim,
            Verdict::NotCheckable,
            format!(
                "{} is in no group: a share is of the top of the market's tree (markets file)",
                claim.market
            ),
        ));
    };
    let months = match load_monthly(store, tree, &Years::around(year, None), claim.as_of) {
        Ok(months) => months,
        Err(Error::Usage(why)) => return Ok(checked(claim, Verdict::NotCheckable, why)),
        Err(e) => return Err(e),
    };
    let known = claim.as_of.map(|d| format!(" as known on {d}")).unwrap_or_default();
    let what = period.to_string();
    // A group with a member published by quarter only, by its quarters where they tile the
    // months (trial 45 M1), as a claim of its arrivals is.
    let need = [claim.market.as_str(), top].iter().any(|m| months.sum(m, year, from, to).is_none());
    let periods = if need { super::store_info::other_periods(store, claim.as_of)? } else { Vec::new() };
    let read_by_periods = std::cell::RefCell::new(Vec::new());
    let sum = |m: &str| {
        let x = mixed(&months, &periods, m, year, (from, to))?;
        read_by_periods.borrow_mut().extend(x.by_periods);
        Some(x.value)
    };
    let (now, all) = match (sum(&claim.market), sum(top)) {
        (Some(now), Some(all)) if all > 0.0 => (now, all),
        (Some(_), Some(_)) => {
            return Ok(checked(claim, Verdict::NotCheckable, format!("{top} had no arrivals in {what}")))
        }
        (None, _) => {
            let why = incomplete(&months, &claim.market, (year, from, to), &what, &known);
            return Ok(checked(claim, Verdict::NotCheckable, why));
        }
        (_, None) => {
            let why = incomplete(&months, top, (year, from, to), &what, &known);
            return Ok(checked(claim, Verdict::NotCheckable, why));
        }
    };
    let pct = now / all * 100.0;
    let thousands = |x: f64| crate::output::thousands(x.round() as i64);
    let mut explanation =
        format!("arrivals of {period}{known}: {} of {top}'s {} ({pct:.1}%)", thousands(now), thousands(all));
    let mut by_periods = read_by_periods.borrow().clone();
    by_periods.sort();
    by_periods.dedup();
    explanation.push_str(&by_own_periods(&by_periods));
    explanation.push_str(&tentative_note(&months, &claim.market, &year_months(&[year], (from, to))));
    let verdict = if claimed.matches(pct) {
        Verdict::Reproduced
    } else {
        // Of one of its groups below the top, its own or one above it (trial 45 L5: a share
        // of the grandparent group was not named), the nearest that gives it.
        let of_group = line[1..].iter().filter(|g| *g != top).find_map(|g| {
            let x = now / sum(g).filter(|x| *x > 0.0)? * 100.0;
            claimed.matches(x).then_some((g, x))
        });
        if let Some((p, x)) = of_group {
            explanation.push_str(&format!("; likely cause: the share of {p} ({x:.1}%), not of {top}"));
        }
        Verdict::Differs
    };
    Ok(percent_checked(claim, verdict, pct, claimed, explanation))
}

/// The other base year, of the five before `base` up to the year before the claim's, whose
/// level matches the claim like with like (a base year mixed up: 2023 for 2019), with that
/// level: last year where it matches (the slip made most), else the one year that does; none
/// where no year or more than one other does.
fn other_base(
    store: &Store,
    tree: &MarketTree,
    claim: &Claim,
    (year, base): (i32, i32),
    (from, to): (u32, u32),
    now: f64,
) -> Result<Option<(i32, f64)>> {
    let (Some(claimed), first) = (claim.value, base - 5) else { return Ok(None) };
    let months = match load_monthly(store, tree, &Years::Of((first - 2..=year).collect()), claim.as_of) {
        Ok(months) => months,
        Err(Error::Usage(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let matching: Vec<(i32, f64)> = (first..year)
        .filter(|y| *y != base)
        .filter_map(|y| {
            let then = months.sum(&claim.market, y, from, to).filter(|t| *t > 0.0)?;
            months.comparable(&claim.market, year, y, from, to).ok()?;
            Some((y, now / then * 100.0)).filter(|(_, l)| claimed.matches(*l))
        })
        .collect();
    Ok(match matching[..] {
        _ if matching.iter().any(|(y, _)| *y == year - 1) => {
            matching.into_iter().find(|(y, _)| *y == year - 1)
        }
        [one] => Some(one),
        _ => None,
    })
}

fn arrivals(store: &Store, tree: &MarketTree, claim: &Claim) -> Result<Checked> {
    if let Some(ClaimPeriod::Season { year, from, to }) = claim.period {
        return season(store, tree, claim, year, (from, to));
    }
    let (period, year, (from, to)) = match months_of(claim) {
        Ok(p) => p,
        Err(why) => return Ok(checked(claim, Verdict::NotCheckable, why)),
    };
    // The year before too: a member that reported then is expected now.
    // And the year before that, as summary reads it, so that a member of it is expected last
    // year here as there (trial 40 #1: claims gave a group's change that summary refused), and
    // a member's first figure is one only with a year of its group's before it (review 19 M2).
    let load = |as_of: Option<NaiveDate>| load_monthly(store, tree, &Years::around(year, None), as_of);
    // The change only where the months compare like with like, as summary gives it: a group
    // with a member that has no figure a year before has no change (its figures would be
    // counted as growth).
    // A group whose members published neither year are left out of both, as summary leaves
    // them (trial 72 M4).
    let without_ended = |months: &crate::analysis::arrivals::MonthlyArrivals| {
        let ly = months.sum(&claim.market, year - 1, from, to);
        (months.sum(&claim.market, year, from, to).is_some() && ly.is_none())
            .then(|| super::year_to_date::ly_without_ended(months, &claim.market, year, (from, to)))
            .flatten()
    };
    let figures = |months: &crate::analysis::arrivals::MonthlyArrivals| {
        let now = months.sum(&claim.market, year, from, to);
        let (ly, like) = match without_ended(months) {
            Some((ly, _)) => (Some(ly), true),
            None => (
                months.sum(&claim.market, year - 1, from, to),
                months.comparable(&claim.market, year, year - 1, from, to).is_ok(),
            ),
        };
        (now, now.zip(ly).filter(|_| like).and_then(|(n, l)| crate::analysis::change_pct(n, l)))
    };
    let at = |as_of: Option<NaiveDate>| -> Result<(Option<f64>, Option<f64>)> { Ok(figures(&load(as_of)?)) };
    // A store without the arrivals asked for cannot check the claim; the others are still checked.
    let months = match load(claim.as_of) {
        Ok(months) => months,
        Err(Error::Usage(why)) => return Ok(checked(claim, Verdict::NotCheckable, why)),
        Err(e) => return Err(e),
    };
    let (now, change) = figures(&months);
    // The publisher's own figure for the period (a year or a quarter published beside its
    // months, or in place of them), and last year's: a claim may quote it.
    // Read only where the months cannot answer the claim (none, or one that differs).
    let own = |periods: &[super::store_info::OtherPeriod]| own_figures(periods, claim, year, from, to);
    // Read once where the months have no figure: the own figures and a group's quarters use them.
    let periods =
        if now.is_none() { super::store_info::other_periods(store, claim.as_of)? } else { Vec::new() };
    if let Some((value, ly, parts)) = if now.is_none() { own(&periods) } else { None } {
        let ly = ly.or_else(|| months.sum(&claim.market, year - 1, from, to));
        let change = ly.and_then(|l| crate::analysis::change_pct(value, l));
        let known = claim.as_of.map(|d| format!(" as known on {d}")).unwrap_or_default();
        let names: Vec<&str> = parts.iter().map(|o| o.period.as_str()).collect();
        let whose = match names.as_slice() {
            [_] => format!("{}'s own figure for {period}", claim.market),
            _ => format!("the sum of {}'s own figures for {}", claim.market, names.join(", ")),
        };
        // Its months with a quarter of its own in place of some, as summary counts them: said
        // where they add up to another figure (review 51 M6: 1,320 in summary, "differs" here
        // beside its own 1,400, and "the store does not have its months").
        let patched =
            mixed(&months, &periods, &claim.market, year, (from, to)).filter(|x| !x.patched.is_empty());
        // Some of its months in the store (review 60 M2: a 2025-Q3 of 400 "reproduced" at
        // -73.3%, "the store does not have its months", beside an August of 500).
        let have: Vec<(u32, f64)> =
            (from..=to).filter_map(|m| Some((m, months.month(&claim.market, year, m)?))).collect();
        let have_sum: f64 = have.iter().map(|(_, v)| v).sum();
        let have_months = || month_list(year, &have.iter().map(|(m, _)| *m).collect::<Vec<_>>());
        let mut rests_on = match &patched {
            None if have.is_empty() => format!("{whose}{known} (the store does not have its months)"),
            None if have_sum > value => format!(
                "{whose}{known}; but the store's {} alone count {}, more than the whole: the publisher's figures disagree ({value_text} may be a part of {period}: a period to date?)",
                have_months(),
                crate::output::thousands(have_sum.round() as i64),
                value_text = crate::output::thousands(value.round() as i64),
            ),
            None => format!("{whose}{known} (the store has {} of its months only)", have_months()),
            Some(x) if (x.value - value).abs() < 0.5 => format!("{whose}{known}"),
            Some(x) => format!(
                "{whose}{known}; {} add up to {} (as summary counts them): the publisher's figures disagree",
                super::store_info::months_and_own(&claim.market, x),
                crate::output::thousands(x.value.round() as i64)
            ),
        };
        // A period provisional or estimated is said, as a month is (trial 51 #4).
        let tentative: Vec<String> = parts
            .iter()
            .filter(|o| o.status == "P" || o.status == "E")
            .map(|o| {
                let what = if o.status == "P" { "provisional" } else { "estimated" };
                format!("{} is {what} (status {})", o.period, o.status)
            })
            .collect();
        if !tentative.is_empty() {
            rests_on.push_str(&format!("; {}: a later release may revise it", tentative.join(", ")));
        }
        // Known before it ended: a quarter to date, perhaps (review 29 M6).
        for o in &parts {
            if let (Some(k), Some(e)) = (o.known, o.end()) {
                if k < e {
                    rests_on.push_str(&format!(
                        "; {} was known on {k}, before it ended ({e}): it may be a part of it (a quarter to date)",
                        o.period
                    ));
                }
            }
        }
        let mut out = compare(claim, Some(value), change, rests_on, || {
            format!("the store does not have the same months of {} for {}", year - 1, claim.market)
        });
        // The figure of another vintage, as a month's is named (trial 53: a quarter quoted as
        // first published, since revised, named no cause).
        if let (Verdict::Differs, Some(v), Some(x)) = (out.verdict, claim.value, &patched) {
            if v.matches(x.value) {
                out.explanation.push_str(&format!(
                    "; likely cause: the sum of {}, as summary counts it",
                    super::store_info::months_and_own(&claim.market, x)
                ));
                return Ok(out);
            }
        }
        if let (Verdict::Differs, Some(v)) = (out.verdict, claim.value) {
            // Its change too, where the claim quotes one (trial 69 H1).
            let quoted = |d: Option<NaiveDate>| -> Result<bool> {
                let then = super::store_info::other_periods(store, d)?;
                Ok(own(&then).is_some_and(|(x, ly, _)| {
                    let change_quoted = claim.change_pct.is_none_or(|p| {
                        ly.and_then(|l| crate::analysis::change_pct(x, l)).is_some_and(|c| p.matches(c))
                    });
                    v.matches(x) && x != value && change_quoted
                }))
            };
            let makers = makers_of(tree, &claim.market);
            let days = vintages_of(store, crate::kind::Kind::Arrivals, (year, year), Some(&makers))?;
            if claim.as_of.is_some() && quoted(None)? {
                out.explanation.push_str("; likely cause: another vintage (the latest figures)");
            } else if let Some((first, revised)) = earlier_vintage(&days, claim.as_of, |d| quoted(Some(d)))? {
                out.explanation.push_str(&format!(
                    "; likely cause: an earlier vintage (the figure as first known on {first}, {})",
                    revised.map_or("since revised".to_string(), |r| format!("revised on {r}"))
                ));
            }
            // Its members' figures of the period summed, where the store has its own (trial 82
            // L1: a state claimed at its 13 regions' sum of a quarter given no cause).
            if !out.explanation.contains("likely cause") {
                let members: Vec<&str> =
                    tree.children(&claim.market).into_iter().filter(|m| months.reports_in(m, year)).collect();
                let sum: Option<f64> = members
                    .iter()
                    .map(|m| mixed(&months, &periods, m, year, (from, to)).map(|x| x.value))
                    .sum();
                if let Some(sum) = sum.filter(|s| !members.is_empty() && v.matches(*s) && !v.matches(value)) {
                    out.explanation.push_str(&format!(
                        "; likely cause: the sum of its members ({}), where the store has {}'s own figure",
                        crate::output::thousands(sum.round() as i64),
                        claim.market
                    ));
                }
            }
        }
        unit_cause(&mut out, claim, Some(value));
        return Ok(out);
    }
    // A group with a member published by quarter only: its members summed, that one by its
    // quarters, where they tile the claim's months (trial 44 M1).
    // And a market by months with a quarter in place of some (trial 73 M1: UK's 2025-Q3).
    if now.is_none() {
        let of = |y: i32| mixed(&months, &periods, &claim.market, y, (from, to));
        if let Some(this) = of(year).filter(|m| !m.by_periods.is_empty()) {
            // Like with like: the same stored markets make it a year before, on the same basis.
            let prefer: BTreeSet<String> = this.by_periods.iter().cloned().collect();
            let ly = super::store_info::mixed_like(
                &months,
                &periods,
                &claim.market,
                year - 1,
                (from, to),
                &prefer,
            )
            .filter(|l| super::store_info::alike(&months, &this, l, (year, year - 1), (from, to)).is_ok())
            .map(|l| l.value);
            let change = ly.and_then(|l| crate::analysis::change_pct(this.value, l));
            let known = claim.as_of.map(|d| format!(" as known on {d}")).unwrap_or_default();
            let its = if this.by_periods.len() == 1 { "its" } else { "their" };
            let mut rests_on = if this.patched.is_empty() {
                format!(
                    "the sum of {}'s members for {period}{known}, {} by {its} own figures of quarters or years (the store does not have {its} months)",
                    claim.market,
                    super::year_to_date::some_names(&this.by_periods, 6),
                )
            } else {
                let parts =
                    if months.tree().children(&claim.market).is_empty() { "months" } else { "members" };
                format!(
                    "the sum of {}'s {parts} for {period}{known}{}",
                    claim.market,
                    super::store_info::periods_read(&claim.market, &this)
                )
            };
            // The provisional months of the members read by month, as of a group read so.
            let spans = year_months(&[year], (from, to));
            let by_months: Vec<&str> = this.by_months.iter().map(String::as_str).collect();
            rests_on.push_str(&tentative_note_of(&months, &by_months, &spans));
            // Its quarters provisional or estimated, or known before they ended (trial 51 #4).
            for n in super::store_info::period_notes(&this) {
                rests_on.push_str(&format!("; {n}"));
            }
            let mut out = compare(claim, Some(this.value), change, rests_on, || {
                format!(
                    "the store does not have {} for the same members and months of {} (like with like)",
                    claim.market,
                    year - 1
                )
            });
            // A member's months of 0 a year before, open now, as summary says (review 53 H2).
            if let (Some(l), Some(_)) = (ly, change) {
                if let Some(reopened) = super::year_to_date::reopened_note(
                    &months,
                    &claim.market,
                    year,
                    (from, to),
                    this.value,
                    l,
                ) {
                    out.explanation.push_str(&format!("; but {reopened}"));
                }
            }
            // The figure as the latest releases give it, where the claim quotes that (trial 52
            // #2: a group's sum quoted from a later release named no cause, a market's did).
            if let (Verdict::Differs, Some(v), Some(_)) = (out.verdict, claim.value, claim.as_of) {
                let latest_periods = super::store_info::other_periods(store, None)?;
                let latest = mixed(&load(None)?, &latest_periods, &claim.market, year, (from, to));
                if latest.is_some_and(|x| v.matches(x.value) && x.value != this.value) {
                    out.explanation.push_str("; likely cause: another vintage (the latest figures)");
                }
            }
            return Ok(out);
        }
    }
    if now.is_none() {
        let mut missing = months.uncovered(&claim.market, year, from, to);
        let mut summed = None;
        // Months its own figures of quarters (or years) hold are not missing, only not
        // enough for the claim's months.
        let held: Vec<&super::store_info::OtherPeriod> = periods
            .iter()
            .filter(|o| {
                o.market == claim.market && missing.iter().any(|m| (o.first..=o.last).contains(&(year, *m)))
            })
            .collect();
        if !held.is_empty() {
            missing.retain(|m| !held.iter().any(|o| (o.first..=o.last).contains(&(year, *m))));
            // All of them held (trial 56 L1: "(missing )"): they are there, among others'.
            summed = Some(format!(
                "its own figures of {} hold {}",
                held.iter().map(|o| o.period.as_str()).collect::<Vec<_>>().join(", "),
                if missing.is_empty() {
                    "its months among others, no figure of them alone"
                } else {
                    "the other months"
                }
            ));
        }
        // A group with a member by quarter: the months its quarters and the others' months
        // reach are not missing (trial 50 #5: a claim of the year listed the half just
        // reproduced as missing).
        if !months.tree().children(&claim.market).is_empty() {
            let reach = (from..to).rev().find_map(|q| {
                mixed(&months, &periods, &claim.market, year, (from, q))
                    .filter(|x| !x.by_periods.is_empty())
                    .map(|x| (q, x))
            });
            if let Some((q, x)) = reach {
                missing.retain(|m| *m > q);
                let its = if x.by_periods.len() == 1 { "its" } else { "their" };
                summed = Some(format!(
                    "{year}-{from:02}..{year}-{q:02} are known as the sum of its members, {} by {its} own figures of quarters or years",
                    super::year_to_date::some_names(&x.by_periods, 6)
                ));
            }
        }
        // A group's months are missing where members are: named, with how far each goes.
        // A group that publishes its own figure waits for no member (trial 59 L2).
        let behind = if months.has_own(&claim.market, year) {
            Vec::new()
        } else {
            super::year_to_date::members_behind(&months, &claim.market, year, to)
        };
        // Why the months are missing, where the store can tell: published after the claim's
        // day, a forecast only, or a market published by longer periods.
        let mut why = Vec::new();
        if months.by_other_periods_only(&claim.market, year) {
            why.push(format!("{} is published by quarter, year or day only, not by month", claim.market));
        }
        // Its figures by day add up to the claim: the days of part of the period, a month to
        // date given as the month (trial 60 M1: "missing 2026-07" where 15 days of it made the
        // claim to the unit).
        if let Some(cause) = daily_cause(store, claim, year, (from, to), false)? {
            why.push(cause);
        }
        if claim.as_of.is_some() {
            let latest = load(None)?;
            let later: Vec<u32> =
                missing.iter().copied().filter(|m| latest.month(&claim.market, year, *m).is_some()).collect();
            if !later.is_empty() {
                let first = first_known_after(store, year, claim.as_of, |d| {
                    Ok(later
                        .iter()
                        .all(|m| load(Some(d)).is_ok_and(|k| k.month(&claim.market, year, *m).is_some())))
                })?;
                why.push(format!(
                    "{} first known {} (after the claim's day)",
                    later.iter().map(|m| format!("{year}-{m:02}")).collect::<Vec<_>>().join(", "),
                    first.map_or("later".to_string(), |d| format!("on {d}"))
                ));
            } else if let Some((_, _, parts)) =
                own_figures(&super::store_info::other_periods(store, None)?, claim, year, from, to)
            {
                // Its own figure of a year or a quarter, published after the claim's day (trial
                // 77 M1: China's 2022, out on 2023-01-25, "missing 2022-01 ... 2022-12" for a
                // claim of 2022-06-01, where a month's said "first known ... after").
                let known: Vec<String> = parts
                    .iter()
                    .map(|o| match o.known {
                        Some(d) => format!("{} first known on {d}", o.period),
                        None => o.period.clone(),
                    })
                    .collect();
                why.push(format!(
                    "{}'s own figure for {} (after the claim's day); no month of it in the store",
                    claim.market,
                    known.join(", ")
                ));
            }
        }
        why.extend(summed);
        // The claim's figure is the months the store has, from the first: a year (or a quarter)
        // to date given as the whole period (trial 52 #3: a year to date quoted as the year
        // named no cause, where the months ran past it).
        if let (Some(v), true) = (claim.value, from < to) {
            let to_date = (from..to).rev().find_map(|k| {
                months.sum(&claim.market, year, from, k).filter(|x| v.matches(*x)).map(|x| (k, x))
            });
            if let Some((k, x)) = to_date {
                let span = if k == from {
                    format!("{year}-{from:02}")
                } else {
                    format!("{year}-{from:02}..{year}-{k:02}")
                };
                // "The months to date" only where they are all the store has (review 31 M6).
                let latest = months.latest_covered(&claim.market, year);
                why.push(format!(
                    "the claim's figure is that of {span} ({}){}: a part of {period} given as the whole?",
                    crate::output::thousands(x.round() as i64),
                    if latest == Some(k) { ", the months to date" } else { "" }
                ));
            }
        }
        let forecasts = forecast_months(store, &claim.market, year, from, to, claim.as_of)?;
        if !forecasts.is_empty() {
            why.push(format!(
                "{} {} only a forecast (status F), no count",
                forecasts.iter().map(|m| format!("{year}-{m:02}")).collect::<Vec<_>>().join(", "),
                if forecasts.len() == 1 { "is" } else { "are" }
            ));
        }
        return Ok(checked(
            claim,
            Verdict::NotCheckable,
            format!(
                "the store does not have all of {period} for {}{}{}{}",
                claim.market,
                if missing.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (missing {}{})",
                        missing.iter().map(|m| format!("{year}-{m:02}")).collect::<Vec<_>>().join(", "),
                        months.left_out_words(&claim.market, year, &missing)
                    )
                },
                if why.is_empty() { String::new() } else { format!(": {}", why.join("; ")) },
                if behind.is_empty() {
                    String::new()
                } else {
                    format!("; members behind: {}", super::year_to_date::some_names(&behind, 6))
                }
            ),
        ));
    }
    let known = claim.as_of.map(|d| format!(" as known on {d}")).unwrap_or_default();
    // Last year's figures of quarters (or years) standing for its months: one the claim's months
    // cut is why a month is missing (review 52 L4: "the store does not have 2025-07" of a year
    // with its 2025-Q3).
    let periods_ly =
        if change.is_none() { super::store_info::other_periods(store, claim.as_of)? } else { Vec::new() };
    let unknown = || {
        if let Err(why) = months.comparable(&claim.market, year, year - 1, from, to) {
            if months.sum(&claim.market, year - 1, from, to).is_some() {
                return format!("not like with like: {why}; summary gives no change either");
            }
        }
        // The months as read for the claim (the year before last too): a member silent since
        // then holds them back, named (trial 40: "G had no arrivals in those months").
        let missing = months.uncovered(&claim.market, year - 1, from, to);
        let cut = super::year_to_date::cut_periods(
            &months,
            &periods_ly,
            &claim.market,
            year - 1,
            &missing,
            (from, to),
        );
        if missing.is_empty() {
            format!("{} had no arrivals in those months a year before", claim.market)
        } else if !cut.is_empty() {
            let names: Vec<String> = cut.iter().map(|o| format!("{}'s {}", o.market, o.period)).collect();
            format!(
                "{} has {} only within {}, which the claim's months cut: no change on part of a period's figure",
                year - 1,
                missing.iter().map(|m| format!("{}-{m:02}", year - 1)).collect::<Vec<_>>().join(", "),
                super::year_to_date::some_names(&names, 4)
            )
        } else {
            let lacking = super::year_to_date::members_lacking(&months, &claim.market, year - 1, &missing);
            format!(
                "the store does not have {} for {}{}",
                missing.iter().map(|m| format!("{}-{m:02}", year - 1)).collect::<Vec<_>>().join(", "),
                claim.market,
                if lacking.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (members without all of them: {})",
                        super::year_to_date::some_names(&lacking, 6)
                    )
                }
            )
        }
    };
    // Last year by its own figures of quarters or years, this year by months, as summary reads
    // it (trial 72 M2: India's Q1 +12.0% "not checkable" where summary gave it), on the same
    // basis: none where this year's own figures of those periods are not what its months add
    // up to.
    let mut by_quarters_then = None;
    let change = match (now, change) {
        (Some(n), None) if months.sum(&claim.market, year - 1, from, to).is_none() => {
            let periods = super::store_info::other_periods(store, claim.as_of)?;
            super::store_info::mixed(&months, &periods, &claim.market, year - 1, (from, to))
                .filter(|l| !l.by_periods.is_empty())
                // Like with like: the same markets this year, read month by month as then (review
                // 55 H1: Total +16.0% counted a market new this year against none, "reproduced").
                .filter(|l| {
                    super::store_info::mixed(&months, &periods, &claim.market, year, (from, to)).is_some_and(
                        |this| {
                            super::store_info::alike(&months, &this, l, (year, year - 1), (from, to)).is_ok()
                        },
                    )
                })
                .filter(|l| {
                    l.by_periods.iter().all(|x| {
                        match (
                            super::store_info::tiled(&periods, x, year, (from, to)),
                            months.sum(x, year, from, to),
                        ) {
                            (Some((q, _)), Some(mo)) => (q - mo).abs() < 0.5,
                            _ => true,
                        }
                    })
                })
                .and_then(|l| {
                    let change = crate::analysis::change_pct(n, l.value)?;
                    by_quarters_then = Some(format!(
                        "; {} of {} read by {} own figures of quarters or years",
                        super::year_to_date::some_names(&l.by_periods, 6),
                        year - 1,
                        if l.by_periods.len() == 1 { "its" } else { "their" }
                    ));
                    Some(change)
                })
        }
        (_, change) => change,
    };
    let mut out = compare(claim, now, change, format!("arrivals of {period}{known}"), unknown);
    if let (Some((_, said)), true) = (without_ended(&months), claim.change_pct.is_some()) {
        out.explanation.push_str(&format!("; {said}"));
    }
    if let (Some(said), true) = (by_quarters_then, claim.change_pct.is_some()) {
        out.explanation.push_str(&said);
    }
    let own = if out.verdict == Verdict::Differs && now.is_some() {
        own(&super::store_info::other_periods(store, claim.as_of)?)
    } else {
        None
    };
    if let (Some((value, ly, _)), Some(months_now)) = (own, now) {
        // Quoted as the publisher's own figure, where its months add up to another.
        let ly = ly.or_else(|| months.sum(&claim.market, year - 1, from, to));
        let change = ly.and_then(|l| crate::analysis::change_pct(value, l));
        let rests_on = format!("{}'s own figure for {period}{known}", claim.market);
        let as_own = compare(claim, Some(value), change, rests_on, || "last year unknown".into());
        if as_own.verdict == Verdict::Reproduced {
            let mut as_own = as_own;
            as_own.explanation.push_str(&format!(
                ", published beside its months, which add up to {} (summary counts the months)",
                crate::output::thousands(months_now.round() as i64)
            ));
            return Ok(as_own);
        }
    }
    if out.verdict == Verdict::Differs {
        // Another vintage: the figure as known before the claim's date (or the latest).
        // What the claim quotes in another vintage: its figure, or (a claim of a change alone,
        // "rose 5.1%") its change (trial 39 #2: a change overtaken by a revision read as wrong).
        // Both, where it quotes both (trial 69 H1: a change no vintage gave, beside a figure
        // as first published, put down to that vintage).
        let quoted = |(x, c): (Option<f64>, Option<f64>)| {
            let value = claim.value.is_none_or(|v| x.is_some_and(|x| v.matches(x)));
            let change_quoted = claim.change_pct.is_none_or(|p| c.is_some_and(|c| p.matches(c)));
            let other = match claim.value {
                Some(_) => x != now || (claim.change_pct.is_some() && c != change),
                None => c != change,
            };
            (claim.value.is_some() || claim.change_pct.is_some()) && value && change_quoted && other
        };
        let latest = at(None)?;
        // The releases of the markets that make the figure (trial 44 M4: another office's
        // release is no day of it), of last year too where the claim is of a change, which a
        // revision of last year's figure changes (review 24 H3).
        let makers = makers_of(tree, &claim.market);
        let first = if claim.change_pct.is_some() { year - 1 } else { year };
        let days = vintages_of(store, crate::kind::Kind::Arrivals, (first, year), Some(&makers))?;
        let earlier = match (claim.value, claim.change_pct) {
            _ if quoted(latest) => None,
            (None, None) => None,
            _ => earlier_vintage(&days, claim.as_of, |d| Ok(quoted(at(Some(d))?)))?,
        };
        if quoted(latest) {
            // The day the latest figures came out, after the claim's (trial 45 L8: not said).
            let since = earlier_vintage(&days, None, |d| Ok(quoted(at(Some(d))?)))?;
            out.explanation.push_str(&format!(
                "; likely cause: another vintage (the latest figures{})",
                since.map_or(String::new(), |(first, _)| format!(
                    ", the {} as first known on {first}",
                    if claim.value.is_some() { "figure" } else { "change" }
                ))
            ));
        } else if let Some((first, revised)) = earlier {
            out.explanation.push_str(&format!(
                "; likely cause: an earlier vintage (the {} as first known on {first}, {})",
                if claim.value.is_some() { "figure" } else { "change" },
                revised.map_or("since revised".to_string(), |r| format!("revised on {r}"))
            ));
        } else {
            // A group's figure quoted as its members' sum, where the store has its own: of the
            // members with figures of the year (one with none is not reported, as in summary).
            let (reporting, silent): (Vec<&str>, Vec<&str>) =
                tree.children(&claim.market).into_iter().partition(|m| months.reports_in(m, year));
            let members: Option<f64> = reporting.iter().map(|m| months.sum(m, year, from, to)).sum();
            if let (Some(sum), Some(v)) = (members.filter(|_| !reporting.is_empty()), claim.value) {
                if v.matches(sum) && now.is_some_and(|n| !v.matches(n)) {
                    let none = match silent.as_slice() {
                        [] => String::new(),
                        [one] => format!("; {one} has no figure of {year}"),
                        many => {
                            let names: Vec<String> = many.iter().map(|m| m.to_string()).collect();
                            format!(
                                "; {} have no figure of {year}",
                                super::year_to_date::some_names(&names, 6)
                            )
                        }
                    };
                    out.explanation.push_str(&format!(
                        "; likely cause: the sum of its members ({}{none}), where the store has {}'s own figure",
                        crate::output::thousands(sum.round() as i64),
                        claim.market
                    ));
                }
            }
            if !out.explanation.contains("likely cause") {
                if let Some(cause) = desk_slip(claim, &months, year, (from, to), now, change) {
                    out.explanation.push_str(&format!("; likely cause: {cause}"));
                }
            }
            // The sum of its figures by day where the store has the months too: another count
            // (a daily feed beside the office's months; trial 60 M2).
            if !out.explanation.contains("likely cause") {
                if let Some(cause) = daily_cause(store, claim, year, (from, to), true)? {
                    out.explanation.push_str(&format!("; likely cause: {cause}"));
                }
            }
        }
    }
    // Months of the period still provisional or estimated: a later release may revise what
    // the claim is checked against (trial 39: summary said so, claims did not).
    if now.is_some() {
        // Last year's months too, where the claim quotes a change (review 19 L3).
        let years = if claim.change_pct.is_some() { vec![year - 1, year] } else { vec![year] };
        out.explanation.push_str(&tentative_note(&months, &claim.market, &year_months(&years, (from, to))));
        out.explanation.push_str(&early_note(&months, &claim.market, &year_months(&[year], (from, to))));
    }
    // A change the store reproduces may still compare a market with its unsplit self (trial
    // 39 #1: "fell 27.1%" reproduced, where with the member split out of it +4.2%).
    if let (Some(n), Some(l), Some(_), Some(_)) =
        (now, months.sum(&claim.market, year - 1, from, to), change, claim.change_pct)
    {
        if let Some(split) = super::year_to_date::change_note(&months, &claim.market, year, (from, to), n, l)
        {
            out.explanation.push_str(&format!("; but {split}"));
        }
        // Or a group's with a member's months that were 0 a year before, open now (trial 54
        // H1: a network's +5.9% reproduced, -9.8% without a route resumed), as summary says.
        reopened_said(&mut out, claim, &months, &[(year, (from, to))], n, l);
    }
    unit_cause(&mut out, claim, now);
    Ok(out)
}

/// A figure of the store a unit's step off the claim's: one stored in another unit (review 55
/// L1: Japan's 75 for 74,639, which summary says, no cause here), of months, quarters or
/// years alike (trial 78 L1: Victoria's 2017-Q4 quoted as 2,660.6 thousand, no cause).
fn unit_cause(out: &mut Checked, claim: &Claim, now: Option<f64>) {
    if let (Verdict::Differs, Some(v), Some(n)) = (out.verdict, claim.value, now) {
        let ratio = v.value / n;
        if !out.explanation.contains("likely cause") && super::year_to_date::unit_step(v.value, n) {
            // Which way: a store figure in thousands ingested without --unit is the smaller; a
            // claim written in thousands is (trial 75 M1: "ingested in thousands without
            // --unit?" of a store 1000 times the claim's 44.2).
            let unit = if ratio.max(1.0 / ratio) < 3e4 { "thousands" } else { "millions" };
            out.explanation.push_str(&if ratio > 1.0 {
                format!(
                    "; likely cause: a figure in another unit (the store's is 1/{} of the claim's: ingested in {unit} without --unit?)",
                    ratio.round()
                )
            } else {
                format!(
                    "; likely cause: a figure in another unit (the store's is {} times the claim's: the claim's figure in {unit}?)",
                    (1.0 / ratio).round()
                )
            });
        }
    }
}

/// Months `from` to `to` of each of `years`.
fn year_months(years: &[i32], (from, to): (u32, u32)) -> Vec<(i32, u32)> {
    years.iter().flat_map(|&y| (from..=to).map(move |m| (y, m))).collect()
}

/// Arrivals of months over the year's end (trial 42 F4: a winter charter's season, 2024-11..
/// 2025-03, could not be checked): the months' sum, and the change on the same months a year
/// before, like with like in each year's part as summary compares them. The slips and own
/// figures of one year's periods are not looked for.
fn season(
    store: &Store,
    tree: &MarketTree,
    claim: &Claim,
    year: i32,
    (from, to): (u32, u32),
) -> Result<Checked> {
    let months = match load_monthly(store, tree, &Years::around(year + 1, None), claim.as_of) {
        Ok(months) => months,
        Err(Error::Usage(why)) => return Ok(checked(claim, Verdict::NotCheckable, why)),
        Err(e) => return Err(e),
    };
    let market = claim.market.as_str();
    // Each year's part: (year, first month, last month); a year before, one year less.
    let parts = [(year, from, 12), (year + 1, 1, to)];
    let sum = |back: i32| -> Option<f64> {
        parts.iter().map(|&(y, a, b)| months.sum(market, y - back, a, b)).sum()
    };
    let missing = |back: i32| -> Vec<String> {
        parts
            .iter()
            .flat_map(|&(y, a, b)| {
                months
                    .uncovered(market, y - back, a, b)
                    .into_iter()
                    .map(move |m| format!("{}-{m:02}", y - back))
            })
            .collect()
    };
    let (now, ly) = (sum(0), sum(1));
    let unlike = parts.iter().find_map(|&(y, a, b)| months.comparable(market, y, y - 1, a, b).err());
    let change =
        now.zip(ly).filter(|_| unlike.is_none()).and_then(|(n, l)| crate::analysis::change_pct(n, l));
    let period = ClaimPeriod::Season { year, from, to };
    if now.is_none() {
        return Ok(checked(
            claim,
            Verdict::NotCheckable,
            format!(
                "the store does not have all of {period} for {market} (missing {}){}",
                missing(0).join(", "),
                season_cause(&months, market, &parts)
            ),
        ));
    }
    let known = claim.as_of.map(|d| format!(" as known on {d}")).unwrap_or_default();
    let unknown = || match (&unlike, ly) {
        (Some(why), Some(_)) => format!("not like with like: {why}; summary gives no change either"),
        (_, Some(_)) => format!("{market} had no arrivals in those months a year before"),
        (_, None) => format!("the store does not have {} for {market}", missing(1).join(", ")),
    };
    let mut out = compare(claim, now, change, format!("arrivals of {period}{known}"), unknown);
    let back = if claim.change_pct.is_some() { vec![1, 0] } else { vec![0] };
    let tentative: Vec<(i32, u32)> = back
        .iter()
        .flat_map(|&k| parts.iter().flat_map(move |&(y, a, b)| (a..=b).map(move |m| (y - k, m))))
        .collect();
    out.explanation.push_str(&tentative_note(&months, market, &tentative));
    let within: Vec<(i32, u32)> = parts.iter().flat_map(|&(y, a, b)| (a..=b).map(move |m| (y, m))).collect();
    out.explanation.push_str(&early_note(&months, market, &within));
    // Months that were 0 a year before, open now, as within a year (review 60 H1: a winter's
    // +25.0% reproduced where a March of 0 a year before made it, 0.0% like with like).
    if let (Some(n), Some(l), Some(_), Some(_)) = (now, ly, change, claim.change_pct) {
        let parts: Vec<(i32, (u32, u32))> = parts.iter().map(|&(y, a, b)| (y, (a, b))).collect();
        reopened_said(&mut out, claim, &months, &parts, n, l);
    }
    Ok(out)
}

/// The period's months known before they ended (review 60 M3: July's 600, known on the 15th,
/// "reproduced" as down 40% on a whole July, where summary says it; review 62 M2: a February
/// so known within 2026-01..03 too).
fn early_note(months: &MonthlyArrivals, market: &str, within: &[(i32, u32)]) -> String {
    let mut said: Vec<String> = Vec::new();
    let mut first: Option<NaiveDate> = None;
    let mut names: BTreeSet<String> = BTreeSet::new();
    for &(y, m) in within {
        let early = months.known_before_end(market, y, m);
        if early.is_empty() {
            continue;
        }
        said.push(super::year_to_date::month_label(y, m));
        for (c, d) in early {
            first = Some(first.map_or(d, |f| f.min(d)));
            names.insert(c);
        }
    }
    let Some(first) = first else { return String::new() };
    let names: Vec<String> = names.into_iter().collect();
    let names = super::year_to_date::some_names(&names, 6);
    match said.as_slice() {
        [one] => format!(
            "; but {one} was known on {first} for {names}, before the month ended: it may be part of the month (a month to date), which against the whole month a year before may read as a fall"
        ),
        many => format!(
            "; but {} were known before they ended (from {first}) for {names}: each may be part of its month (a month to date), which against the whole month a year before may read as a fall",
            many.join(", ")
        ),
    }
}

/// A change (`now` against `ly`) of months of `parts` that counts months that were 0 a year
/// before, open now, against none: said after the verdict, and the change without them named
/// as the likely cause of a claim that quotes it (review 31 M8, as of seats).
fn reopened_said(
    out: &mut Checked,
    claim: &Claim,
    months: &crate::analysis::arrivals::MonthlyArrivals,
    parts: &[(i32, (u32, u32))],
    now: f64,
    ly: f64,
) {
    use super::year_to_date::{reopened_across, reopened_text, some_names};
    let Some(r) = reopened_across(months, &claim.market, parts, now, ly) else { return };
    out.explanation.push_str(&format!("; but {}", reopened_text(&claim.market, &r, now, ly)));
    let like = claim.change_pct.is_some_and(|p| p.matches(r.like));
    if out.verdict == Verdict::Differs && like && !out.explanation.contains("likely cause") {
        out.explanation.push_str(&format!(
            "; likely cause: the change like with like, without {}",
            some_names(&r.members, r.members.len())
        ));
    }
}

/// Why a season's months are missing, where the store can tell (trial 52 #8: a winter claim of
/// a group with a member published by quarter named no cause): the markets published by longer
/// periods only, whose figures no season across two years adds up from, and a group's members
/// lacking months.
fn season_cause(
    months: &crate::analysis::arrivals::MonthlyArrivals,
    market: &str,
    parts: &[(i32, u32, u32)],
) -> String {
    let tree = months.tree();
    // Each market named once, with the years it holds the season back in.
    let mut longer: Vec<(String, Vec<i32>)> = Vec::new();
    let mut lacking: Vec<(String, Vec<i32>)> = Vec::new();
    let add =
        |list: &mut Vec<(String, Vec<i32>)>, m: &str, y: i32| match list.iter_mut().find(|(n, _)| n == m) {
            Some((_, years)) => years.push(y),
            None => list.push((m.to_string(), vec![y])),
        };
    for &(y, a, b) in parts {
        let missing = months.uncovered(market, y, a, b);
        if missing.is_empty() {
            continue;
        }
        for m in std::iter::once(market).chain(tree.descendants(market)) {
            if months.by_other_periods_only(m, y) && !months.uncovered(m, y, a, b).is_empty() {
                add(&mut longer, m, y);
            }
        }
        for m in super::year_to_date::members_lacking(months, market, y, &missing) {
            if !longer.iter().any(|(n, _)| *n == m) {
                add(&mut lacking, &m, y);
            }
        }
    }
    let named = |list: &[(String, Vec<i32>)]| -> Vec<String> {
        list.iter()
            .map(|(m, years)| match m.contains(" (no figure of ") {
                // "UK (no figure of 2025)" says its year.
                true => m.clone(),
                false => format!("{m} ({})", years.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")),
            })
            .collect()
    };
    let (longer, lacking) = (named(&longer), named(&lacking));
    let mut why = String::new();
    if !longer.is_empty() {
        why.push_str(&format!(
            ": {} published by quarter, year or day only, not by month (a season is counted by its months only)",
            super::year_to_date::some_names(&longer, 6)
        ));
    }
    if !lacking.is_empty() {
        why.push_str(&format!(
            "{}members without all of them: {}",
            if why.is_empty() { ": " } else { "; " },
            super::year_to_date::some_names(&lacking, 6)
        ));
    }
    why
}

/// "; 2025-06 is provisional (status P) for Korea: a later release may revise it", where months
/// `from` to `to` of `years` are still provisional or estimated for the market or its members.
fn tentative_note(
    months: &crate::analysis::arrivals::MonthlyArrivals,
    market: &str,
    year_months: &[(i32, u32)],
) -> String {
    tentative_note_of(months, &[market], year_months)
}

/// As `tentative_note`, of several markets' months at once (a group's members read by month),
/// the markets named where there are several (trial 50: the same note once per member, each
/// naming none).
fn tentative_note_of(
    months: &crate::analysis::arrivals::MonthlyArrivals,
    markets: &[&str],
    year_months: &[(i32, u32)],
) -> String {
    let (mut tentative, mut statuses, mut members) = (Vec::new(), BTreeSet::new(), BTreeSet::new());
    for &(y, m) in year_months {
        let mut any = false;
        for market in markets {
            let of = months.tentative(market, y, m);
            any |= !of.is_empty();
            for (member, status) in of {
                statuses.insert(status);
                if markets.len() > 1 || member != *market {
                    members.insert(member);
                }
            }
        }
        if any {
            tentative.push((y, m));
        }
    }
    if tentative.is_empty() {
        return String::new();
    }
    let what = match (statuses.contains("P"), statuses.contains("E")) {
        (true, false) => "provisional (status P)",
        (false, true) => "estimated (status E)",
        _ => "provisional or estimated (status P, E)",
    };
    let members: Vec<String> = members.into_iter().collect();
    format!(
        "; {} {} {what}{}: a later release may revise {}",
        crate::analysis::arrivals::month_ranges(&tentative),
        if tentative.len() == 1 { "is" } else { "are" },
        if members.is_empty() {
            String::new()
        } else {
            format!(" for {}", super::year_to_date::some_names(&members, 6))
        },
        if tentative.len() == 1 { "it" } else { "them" }
    )
}

/// The claim's figure as the sum of the market's own figures by day in the period: said with
/// the days, and whether they are the whole period; `monthly`: whether the store has the
/// period by month (the claim then differs from it).
fn daily_cause(
    store: &Store,
    claim: &Claim,
    year: i32,
    (from, to): (u32, u32),
    monthly: bool,
) -> Result<Option<String>> {
    let Some(v) = claim.value else { return Ok(None) };
    let (Some(start), Some(end)) = (
        NaiveDate::from_ymd_opt(year, from, 1),
        NaiveDate::from_ymd_opt(year, to, 1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
            .and_then(|d| d.pred_opt()),
    ) else {
        return Ok(None);
    };
    let Some((sum, first, last, n)) =
        super::store_info::daily_sum(store, &claim.market, (start, end), claim.as_of)?
            .filter(|d| v.matches(d.0))
    else {
        return Ok(None);
    };
    let whole = (end - start).num_days() as usize + 1;
    let period =
        if from == to { format!("{year}-{from:02}") } else { format!("{year}-{from:02}..{year}-{to:02}") };
    Ok(Some(if n < whole {
        format!(
            "the sum of its figures by day, {first}..{last} ({n} of the {whole} days, {}): a part of {period} given as the whole?",
            crate::output::thousands(sum.round() as i64)
        )
    } else if monthly {
        format!(
            "the sum of its figures by day ({}), another count of {period} than its monthly figure (a daily feed beside the publisher's months?)",
            crate::output::thousands(sum.round() as i64)
        )
    } else {
        // (Review 34 M2: "than its monthly figure" where the store had none.)
        format!(
            "the sum of its figures by day, every day of {period} ({}): the store checks months, and its days are not summed into them",
            crate::output::thousands(sum.round() as i64)
        )
    }))
}

/// The slips a desk makes most, where one gives the claim exactly (trial 40 #3): a month's
/// figure that is the month before's; a year or quarter that is only its first months (the year
/// to date); a group with a member counted twice; a change worked out on this year's figure.
fn desk_slip(
    claim: &Claim,
    months: &crate::analysis::arrivals::MonthlyArrivals,
    year: i32,
    (from, to): (u32, u32),
    now: Option<f64>,
    change: Option<f64>,
) -> Option<String> {
    let thousands = |x: f64| crate::output::thousands(x.round() as i64);
    let market = claim.market.as_str();
    if let Some(v) = claim.value {
        // A slip is named only where it moves the figure far beyond the claim's precision, so a
        // coarse claim ("5.2m") is not put down to a coincidence (review 20 M6).
        let decisive = |x: f64| now.is_some_and(|n| (x - n).abs() > 4.0 * v.tolerance.max(0.5));
        let differs = |x: f64| v.matches(x) && now.is_none_or(|n| !v.matches(n)) && decisive(x);
        if from == to {
            let (py, pm) = if from == 1 { (year - 1, 12) } else { (year, from - 1) };
            if months.month(market, py, pm).is_some_and(differs) {
                return Some(format!("the figure of {py}-{pm:02}, the month before"));
            }
            // Or after (trial 59 L1: June's figure quoted for May); within the year, the
            // months read (review 33 L2).
            if from < 12 && months.month(market, year, from + 1).is_some_and(differs) {
                return Some(format!("the figure of {year}-{:02}, the month after", from + 1));
            }
        } else if let Some(k) =
            (from..to).rev().find(|&k| months.sum(market, year, from, k).is_some_and(differs))
        {
            let span = if k == from {
                format!("{year}-{from:02}")
            } else {
                format!("{year}-{from:02}..{year}-{k:02}")
            };
            return Some(format!(
                "{span} only ({}), the months to date, not the whole period",
                thousands(months.sum(market, year, from, k)?)
            ));
        }
        // The year to date through the period's last month given as the month's or the
        // quarter's own (trial 91 M1: China's January to September, 512,053, +13.2%, quoted as
        // September's, no cause named).
        if from > 1 {
            if let Some(x) = months.sum(market, year, 1, to).filter(|x| differs(*x)) {
                let change = months
                    .sum(market, year - 1, 1, to)
                    .and_then(|ly| crate::analysis::change_pct(x, ly))
                    .map(|c| format!(", {c:+.1}% on a year before"))
                    .unwrap_or_default();
                return Some(format!(
                    "the year to date, {year}-01..{year}-{to:02} ({}{change}), given as the period's own figure",
                    thousands(x)
                ));
            }
        }
        // (Of one month too: April quoted with April and May, review 23 L13.)
        if let Some(k) =
            (to + 1..=(to + 2).min(12)).find(|&k| months.sum(market, year, from, k).is_some_and(differs))
        {
            // The figure of a month or two more than the span (trial 42 F5: Jan-May quoted
            // for Jan-Apr).
            let more = k - to;
            return Some(format!(
                "the figure of {year}-{from:02}..{year}-{k:02} ({}), {} more than the claim's period",
                thousands(months.sum(market, year, from, k)?),
                if more == 1 { "a month".to_string() } else { format!("{more} months") }
            ));
        }
        if let Some(n) = now {
            // One member only: two that fit are a coincidence.
            let twice: Vec<(&str, f64)> = months
                .tree()
                .children(market)
                .into_iter()
                .filter_map(|member| {
                    Some((member, months.sum(member, year, from, to).filter(|o| differs(n + o))?))
                })
                .collect();
            if let [(member, own)] = twice.as_slice() {
                return Some(format!(
                    "{member} counted twice: {market}'s figure with {member}'s own ({}) added again",
                    thousands(*own)
                ));
            }
        }
    }
    // Where the claim's figure (if any) is the store's: the sign flipped ("-3.9%" for +3.9%),
    // the change more than the claim's precision from 0 (trial 42 F5; review 23 M4: not where
    // the figure is wrong too).
    let value_right = claim.value.is_none_or(|v| now.is_some_and(|n| v.matches(n)));
    if let (Some(p), Some(c), true) = (claim.change_pct, change, value_right) {
        if !p.matches(c) && p.matches(-c) && c.abs() > 2.0 * p.tolerance.max(0.05) {
            return Some("the sign turned".to_string());
        }
    }
    // A change on this year's base, where the claim's figure (if any) is the store's.
    if let (Some(p), Some(n), Some(_), true) = (claim.change_pct, now, change, value_right) {
        let ly = months.sum(market, year - 1, from, to)?;
        let on_now = (n > 0.0).then(|| 100.0 * (n - ly) / n)?;
        if p.matches(on_now) && change.is_some_and(|c| !p.matches(c)) {
            return Some(format!(
                "the change worked out on this year's figure ({}), not last year's ({})",
                thousands(n),
                thousands(ly)
            ));
        }
    }
    // The months to date against the whole of last year (trial 64 M4: nine months of 2026
    // against all of 2025, -10.4% where +17.8%), or against more of it than they are.
    if let (Some(p), Some(n), Some(c), true) = (claim.change_pct, now, change, value_right) {
        if p.matches(c) {
            return None;
        }
        let longer = (to + 1..=12).rev().find(|&k| {
            months.sum(market, year - 1, from, k).is_some_and(|l| l > 0.0 && p.matches(100.0 * (n - l) / l))
        });
        if let Some(k) = longer {
            let ly = months.sum(market, year - 1, from, k)?;
            let span = if (from, k) == (1, 12) {
                format!("the whole of {}", year - 1)
            } else {
                format!("{}-{from:02}..{}-{k:02}", year - 1, year - 1)
            };
            return Some(format!(
                "{year}-{from:02}..{year}-{to:02} against {span} ({}), unlike periods: {} months against {}",
                thousands(ly),
                to + 1 - from,
                k + 1 - from
            ));
        }
    }
    None
}

/// A period's own figure (or the sum of those that tile it), the same a year before, and the
/// periods it was read from.
/// (its value, last year's, the periods read).
type OwnFigure = (f64, Option<f64>, Vec<super::store_info::OtherPeriod>);

/// The store's own figure of `claim.market` for months `from` to `to` of `year`, as known on the
/// claim's date, with the same months' own figure a year before: a year or a quarter published
/// as one figure, or quarters that add up to a half or a year (forecasts left out).
/// `periods`: the store's figures of other periods (`store_info::other_periods`).
fn own_figures(
    periods: &[super::store_info::OtherPeriod],
    claim: &Claim,
    year: i32,
    from: u32,
    to: u32,
) -> Option<OwnFigure> {
    if from == to {
        return None;
    }
    // Its own figure of the very period claimed first (review 30 H3: a half quoted as published
    // read against its quarters' sum), else the periods that tile it.
    let of = |y: i32| {
        periods
            .iter()
            .find(|o| o.market == claim.market && o.first == (y, from) && o.last == (y, to))
            .map(|o| (o.value, vec![o]))
            .or_else(|| tiled(periods, &claim.market, y, (from, to)))
    };
    of(year).map(|(value, parts)| (value, of(year - 1).map(|(v, _)| v), parts.into_iter().cloned().collect()))
}

/// A market and every market under it: the stored markets its figure can be made of.
fn makers_of(tree: &MarketTree, market: &str) -> Vec<String> {
    std::iter::once(market).chain(tree.descendants(market)).map(str::to_string).collect()
}

/// The vintages (days known, or announced) of the store's figures of a kind for the years
/// `first..=last`, of the markets given (all where none), in order.
fn vintages_of(
    store: &Store,
    kind: crate::kind::Kind,
    (first, last): (i32, i32),
    markets: Option<&[String]>,
) -> Result<Vec<NaiveDate>> {
    use crate::error::PolarsContext;
    use polars::prelude::{col, lit, NamedFrom, Series};
    let Some(lf) = store.scan(kind, Some((first, last)))? else { return Ok(Vec::new()) };
    let lf = match markets {
        Some(m) => lf.filter(col("market").is_in(lit(Series::new("m".into(), m)).implode(false), false)),
        None => lf,
    };
    let df = lf
        .select([col("as_of")])
        .unique(None, polars::prelude::UniqueKeepStrategy::Any)
        .collect()
        .context("reading the vintages of arrivals")?;
    let mut days: Vec<NaiveDate> = crate::columns::dates(&df, "as_of")?.into_iter().flatten().collect();
    days.sort_unstable();
    Ok(days)
}

/// The first of `days` (of the first 20 tried) on which `matches` holds.
fn first_matching(
    days: impl IntoIterator<Item = NaiveDate>,
    mut matches: impl FnMut(NaiveDate) -> Result<bool>,
) -> Result<Option<NaiveDate>> {
    for d in days.into_iter().take(20) {
        if matches(d)? {
            return Ok(Some(d));
        }
    }
    Ok(None)
}

/// The vintages of `days` (every vintage of the kind's figures of the year, in order) in which
/// the figure a claim quotes was the store's: the latest before `before` on which `matches`
/// holds, then the first of the run of days it held on up to it (the day the figure was
/// published) and the first after it on which it does not (the revision). The days are the
/// releases of the markets that make the figure: another market's is no day of it (trial 44
/// M4).
fn earlier_vintage(
    days: &[NaiveDate],
    before: Option<NaiveDate>,
    mut matches: impl FnMut(NaiveDate) -> Result<bool>,
) -> Result<Option<(NaiveDate, Option<NaiveDate>)>> {
    let candidates = days.iter().rev().copied().filter(|d| before.is_none_or(|b| *d < b));
    let Some(latest) = first_matching(candidates, &mut matches)? else { return Ok(None) };
    let mut first = latest;
    for d in days.iter().rev().copied().filter(|d| *d < latest) {
        if !matches(d)? {
            break;
        }
        first = d;
    }
    let revised = first_matching(days.iter().copied().filter(|d| *d > latest), |d| Ok(!matches(d)?))?;
    Ok(Some((first, revised)))
}

/// The first vintage of arrivals of `year` after `after` on which `matches` holds.
fn first_known_after(
    store: &Store,
    year: i32,
    after: Option<NaiveDate>,
    matches: impl FnMut(NaiveDate) -> Result<bool>,
) -> Result<Option<NaiveDate>> {
    let days = vintages_of(store, crate::kind::Kind::Arrivals, (year, year), None)?;
    first_matching(days.into_iter().filter(|d| after.is_none_or(|a| *d > a)), matches)
}

/// The months `from..=to` of `year` whose figure for `market` (stored as such), as known on
/// `as_of`, is a forecast: no count of arrivals.
fn forecast_months(
    store: &Store,
    market: &str,
    year: i32,
    from: u32,
    to: u32,
    as_of: Option<NaiveDate>,
) -> Result<Vec<u32>> {
    use crate::error::PolarsContext;
    use polars::prelude::{col, lit};
    let Some(lf) = store.scan(crate::kind::Kind::Arrivals, Some((year, year)))? else {
        return Ok(Vec::new());
    };
    let df = crate::analysis::vintage::latest_known(
        lf.filter(col("market").eq(lit(market))),
        &["market", "period"],
        as_of,
    )
    // A quarter's (or a year's) forecast too: its months (trial 51 #6: a quarter known only
    // as a forecast was put down to a market "published by quarter only").
    .filter(col("granularity").neq(lit("day")).and(col("status").eq(lit("F"))))
    .select([col("period_start"), col("period_end")])
    .collect()
    .context("reading forecasts of arrivals")?;
    let starts = crate::columns::dates(&df, "period_start")?;
    let ends = crate::columns::dates(&df, "period_end")?;
    let mut months: Vec<u32> = starts
        .into_iter()
        .zip(ends)
        .filter_map(|(s, e)| Some((s?, e?)))
        .flat_map(|(s, e)| {
            let first = if s.year() < year { 1 } else { s.month() };
            let last = if e.year() > year { 12 } else { e.month() };
            (s.year() <= year && e.year() >= year).then_some(first..=last).into_iter().flatten()
        })
        .filter(|m| (from..=to).contains(m))
        .collect();
    months.sort_unstable();
    months.dedup();
    Ok(months)
}

fn target(store: &Store, tree: &MarketTree, claim: &Claim) -> Result<Checked> {
    let Some(ClaimPeriod::Period(Period::Year(year))) = claim.period else {
        return Ok(checked(claim, Verdict::NotCheckable, "a target is for a year (period 2025)"));
    };
    // The market's target as known on a day (the latest announced by then).
    let target_on = |d: Option<NaiveDate>| -> Result<Option<f64>> {
        targets_of(store, tree, year, d)
            .map(|t| t.into_iter().find(|(m, _)| *m == claim.market).map(|(_, v)| v))
            .or_else(|e| match e {
                Error::Usage(_) => Ok(None),
                e => Err(e),
            })
    };
    let makers = makers_of(tree, &claim.market);
    let announced = vintages_of(store, crate::kind::Kind::Targets, (year, year), Some(&makers))?;
    let Some(value) = target_on(claim.as_of)? else {
        // One announced after the claim's day is no target it could quote: said as such, the
        // first one announced (a revision since is not the target it came before).
        let later = match claim.as_of {
            Some(d) => first_matching(announced.iter().copied().filter(|a| *a > d), |a| {
                Ok(target_on(Some(a))?.is_some())
            })?
            .map(|a| Ok::<_, Error>((d, a, target_on(Some(a))?.unwrap_or_default())))
            .transpose()?,
            None => None,
        };
        let why = match later {
            Some((d, announced, v)) => format!(
                "the store's {year} target for {} ({}) was first announced on {announced}, after {d}, the claim's as_of; none was known then",
                claim.market,
                crate::output::thousands(v.round() as i64)
            ),
            None => format!("the store has no {year} target for {}", claim.market),
        };
        return Ok(checked(claim, Verdict::NotCheckable, why));
    };
    let mut out =
        compare(claim, Some(value), None, format!("the {year} target"), || "a target has no change".into());
    if out.verdict == Verdict::Differs {
        let latest = target_on(None)?;
        if claim.value.is_some_and(|v| latest.is_some_and(|x| v.matches(x))) && latest != Some(value) {
            out.explanation.push_str("; likely cause: another vintage (the target as announced later)");
        } else if let Some(v) = claim.value {
            // The target as announced before it was revised.
            // Announced on or before the claim's day.
            let before = claim.as_of.and_then(|a| a.succ_opt());
            let earlier = earlier_vintage(&announced, before, |d| {
                Ok(target_on(Some(d))?.is_some_and(|x| v.matches(x) && x != value))
            })?;
            if let Some((first, revised)) = earlier {
                out.explanation.push_str(&format!(
                    "; likely cause: an earlier vintage (the target as announced on {first}, {})",
                    revised.map_or("since revised".to_string(), |r| format!("revised on {r}"))
                ));
            }
        }
    }
    Ok(out)
}
