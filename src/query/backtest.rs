//! The series a backtest evaluates: each market's monthly arrivals from the store, or the
//! series of a long CSV file (`series_id,period,value`, as the tourism forecasting
//! competition's data is published).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::analysis::arrivals::Years;
use crate::error::{Error, Result};
use crate::forecast::backtest::History;
use crate::market::MarketTree;
use crate::period::{Calendar, Period};
use crate::store::Store;

use super::year_to_date::load_monthly;

/// Each market's arrivals (latest vintage known on `as_of`) by month, and by quarter or year
/// for markets published so (a store of the forecasting competition's series), from the
/// period after its last gap to its last; notes name the markets cut short by a gap.
pub fn store_histories(
    store: &Store,
    tree: &MarketTree,
    as_of: Option<NaiveDate>,
) -> Result<(Vec<History>, Vec<String>)> {
    let arrivals = load_monthly(store, tree, &Years::All, as_of)?;
    let (mut out, mut notes) = store_period_histories(store, as_of)?;
    let mut cut: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // The markets evaluated up to a gap near the end, by the gap's first month.
    let mut before_gap: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // The markets whose last months were known before they ended, left out, by those months;
    // and those with no month known after it ended.
    let mut partial: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut unevaluated: Vec<String> = Vec::new();
    for market in arrivals.markets() {
        let Some((first, last)) = arrivals.years_of(&market) else { continue };
        let months: Vec<(i32, u32, Option<f64>)> = (first..=last)
            .flat_map(|y| (1..=12).map(move |m| (y, m)))
            .map(|(y, m)| (y, m, arrivals.month(&market, y, m)))
            .collect();
        let Some(mut end) = months.iter().rposition(|(_, _, v)| v.is_some()) else { continue };
        // A last month known before it ended (a month to date) is no outcome to score a
        // forecast against, as `summary` and `shortfall` count none (review 37 M3: July of 20
        // July, half a month, the last actual of every origin, MASE 1.66 inflated unsaid).
        let mut early: Vec<String> = Vec::new();
        let mut none_whole = false;
        loop {
            let (y, m, _) = months[end];
            let Some(d) = arrivals.known_before_end(&market, y, m).into_iter().map(|(_, d)| d).max() else {
                break;
            };
            early.push(format!("{y}-{m:02} (known on {d})"));
            // Up to the last month with a figure before it: a gap there is the gap rule's
            // (review 38 H2: the market was dropped, said as evaluated).
            match months[..end].iter().rposition(|(_, _, v)| v.is_some()) {
                Some(e) => end = e,
                None => {
                    none_whole = true;
                    break;
                }
            }
        }
        if none_whole {
            // Every month known before it ended (review 39 H2: dropped, said as evaluated).
            unevaluated.push(market.clone());
            continue;
        }
        if !early.is_empty() {
            early.reverse();
            partial.entry(early.join(", ")).or_default().push(market.clone());
        }
        let mut begin = months[..end].iter().rposition(|(_, _, v)| v.is_none()).map_or(0, |i| i + 1);
        let first_known = months.iter().position(|(_, _, v)| v.is_some()).unwrap_or(begin);
        // A gap near the end (a month late: trial 55 M3, Germany's April left 2 months to
        // evaluate on, its 69 before not used): the months before it are evaluated instead,
        // where those after it are fewer than two years and fewer than those before.
        if begin > first_known && end + 1 - begin < 24 {
            let gap = months[..begin].iter().rposition(|(_, _, v)| v.is_some()).unwrap_or(0);
            let from =
                months[..gap].iter().rposition(|(_, _, v)| v.is_none()).map_or(0, |i| i + 1).max(first_known);
            if gap + 1 - from > end + 1 - begin {
                let (y, m, _) = months[gap + 1];
                before_gap.entry(format!("{y}-{m:02}")).or_default().push(market.clone());
                (begin, end) = (from, gap);
            }
        }
        if begin > first_known && !before_gap.values().any(|v| v.contains(&market)) {
            let (y, m, _) = months[begin - 1];
            cut.entry(format!("{y}-{m:02}")).or_default().push(market.clone());
        }
        let (start_year, start_month, _) = months[begin];
        out.push(History {
            id: market,
            m: 12,
            start_year,
            start: start_month as usize - 1,
            values: months[begin..=end].iter().filter_map(|(_, _, v)| *v).collect(),
        });
    }
    notes.extend(cut_notes(cut, "month"));
    if !unevaluated.is_empty() {
        notes.push(format!(
            "{}: not evaluated: every month was known before it ended (a month to date is no outcome to score a forecast against; its as_of the day the figure of the whole month was known?)",
            super::year_to_date::some_names(&unevaluated, 4)
        ));
    }
    notes.extend(partial.into_iter().map(|(month, markets)| {
        format!(
            "{}: {month} left out, known before the month ended (a month to date is no outcome to score a forecast against); evaluated up to the last month before it with a figure",
            super::year_to_date::some_names(&markets, 4)
        )
    }));
    notes.extend(before_gap.into_iter().map(|(gap, markets)| {
        format!(
            "{}: evaluated up to the month before a gap from {gap}, as the months after it are fewer than two years",
            super::year_to_date::some_names(&markets, 4)
        )
    }));
    if out.is_empty() {
        return Err(Error::Usage(
            "the store has no monthly, quarterly or yearly arrivals to evaluate projections on".into(),
        ));
    }
    Ok((out, notes))
}

/// Notes naming the markets a gap cut short, by the period that ended it.
fn cut_notes(cut: BTreeMap<String, Vec<String>>, unit: &str) -> Vec<String> {
    cut.into_iter()
        .map(|(period, markets)| {
            let names = super::year_to_date::some_names(&markets, 4);
            format!("{names}: evaluated from the {unit} after a gap that ends in {period}")
        })
        .collect()
}

/// Each market's quarterly and yearly arrivals as stored (no roll-up: a group is evaluated on
/// its own published figures), from the period after its last gap.
fn store_period_histories(store: &Store, as_of: Option<NaiveDate>) -> Result<(Vec<History>, Vec<String>)> {
    use polars::prelude::*;
    let Some(lf) = store.scan(crate::kind::Kind::Arrivals, None)? else {
        return Ok((Vec::new(), Vec::new()));
    };
    let df = crate::analysis::vintage::latest_known(lf, &["market", "period"], as_of)
        .filter(col("granularity").eq(lit("quarter")).or(col("granularity").eq(lit("year"))))
        .select([col("market"), col("period"), col("arrivals")])
        .collect()
        .map_err(|e| Error::internal(format!("reading quarterly and yearly arrivals: {e}")))?;
    let markets = crate::columns::strings(&df, "market")?;
    let periods = crate::columns::strings(&df, "period")?;
    let values = crate::columns::floats(&df, "arrivals")?;
    // (market, steps a year) -> (index of the period, value)
    let mut series: BTreeMap<(String, usize), BTreeMap<i64, f64>> = BTreeMap::new();
    for i in 0..df.height() {
        let (Some(m), Some((steps, year, pos)), Some(v)) =
            (&markets[i], periods[i].as_deref().and_then(period_of), values[i])
        else {
            continue;
        };
        series.entry((m.clone(), steps)).or_default().insert(year as i64 * steps as i64 + pos as i64, v);
    }
    let mut out = Vec::new();
    let mut cut: BTreeMap<(usize, String), Vec<String>> = BTreeMap::new();
    // The series evaluated up to a gap near the end, by the gap's first period.
    let mut near_end: BTreeMap<(usize, String), Vec<String>> = BTreeMap::new();
    for ((market, steps), points) in series {
        let indices: Vec<i64> = points.keys().copied().collect();
        let label = |i: i64| {
            let (y, p) = (i.div_euclid(steps as i64), i.rem_euclid(steps as i64));
            if steps == 4 {
                format!("{y}-Q{}", p + 1)
            } else {
                y.to_string()
            }
        };
        // The run of consecutive periods that ends with the last.
        let run_before =
            |end: usize| indices[..end].windows(2).rposition(|w| w[1] != w[0] + 1).map_or(0, |i| i + 1);
        let (mut begin, mut end) = (run_before(indices.len()), indices.len());
        // A gap near the end (a quarter late: review 32 M6, as a month late): the run before it,
        // where the one after is shorter than two years and than it.
        if begin > 0 && end - begin < 2 * steps {
            let before = run_before(begin);
            if begin - before > end - begin {
                near_end.entry((steps, label(indices[begin - 1] + 1))).or_default().push(market.clone());
                (begin, end) = (before, begin);
            }
        }
        if begin > 0 && !near_end.values().any(|m| m.contains(&market)) {
            cut.entry((steps, label(indices[begin] - 1))).or_default().push(market.clone());
        }
        let first = indices[begin];
        out.push(History {
            id: market,
            m: steps,
            start_year: first.div_euclid(steps as i64) as i32,
            start: first.rem_euclid(steps as i64) as usize,
            values: indices[begin..end].iter().map(|k| points[k]).collect(),
        });
    }
    let mut notes = Vec::new();
    for steps in [4, 1] {
        let of: BTreeMap<String, Vec<String>> =
            cut.iter().filter(|((s, _), _)| *s == steps).map(|((_, p), m)| (p.clone(), m.clone())).collect();
        notes.extend(cut_notes(of, if steps == 4 { "quarter" } else { "year" }));
    }
    for ((steps, gap), markets) in near_end {
        let unit = if steps == 4 { "quarter" } else { "year" };
        notes.push(format!(
            "{}: evaluated up to the {unit} before a gap from {gap}, as the {unit}s after it are fewer than two years",
            super::year_to_date::some_names(&markets, 4)
        ));
    }
    Ok((out, notes))
}

/// A period of a long file as `Period` reads it: a month (`1979-01`), a quarter (`1979-Q1`) or
/// a year (`1979`), as (steps a year, year, 0-based position in the year).
fn period_of(s: &str) -> Option<(usize, i32, usize)> {
    match Period::parse(s, Calendar::Ce).ok()? {
        Period::Month { year, month } => Some((12, year, month as usize - 1)),
        Period::Quarter { year, quarter } => Some((4, year, quarter as usize - 1)),
        Period::Year(year) => Some((1, year, 0)),
        Period::Day(_) | Period::Half { .. } => None,
    }
}

/// The series of a long CSV: a column naming the series (`series_id`, `series` or `market`),
/// `period`, and the value (`value`, `arrivals` or `obs_value`); other columns are ignored.
/// Each series of a CSV file, from the period after its last gap (as the store's are, and
/// said in the notes); a period twice is refused.
pub fn csv_histories(path: &Path) -> Result<(Vec<History>, Vec<String>)> {
    let label = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .map_err(|e| Error::Usage(format!("{label}: {e}")))?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::Usage(format!("{label}: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let find = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let (Some(id_col), Some(period_col), Some(value_col)) = (
        find(&["series_id", "series", "market"]),
        find(&["period", "time_period"]),
        find(&["value", "arrivals", "obs_value"]),
    ) else {
        return Err(Error::Usage(format!(
            "{label}: a series file needs columns series_id (or market), period and value; the header is {}",
            header.join(",")
        )));
    };
    let mut by_series: BTreeMap<String, Vec<(i32, usize, usize, f64)>> = BTreeMap::new();
    let mut problems = Vec::new();
    // Series with a bad line: reported once, by that line, not again as a gap.
    let mut bad = std::collections::BTreeSet::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| Error::Usage(format!("{label}: {e}")))?;
        let (id, period, value) = (&record[id_col], &record[period_col], record[value_col].trim());
        let Some((m, year, pos)) = period_of(period) else {
            problems.push(format!("line {line}: period \"{period}\" is not 1979-01, 1979-Q1 or 1979"));
            bad.insert(id.trim().to_string());
            continue;
        };
        // A missing value ("", "na", ".."): a gap, the series evaluated from after it.
        if value.is_empty() || ["na", "n/a", "..", "-", "nan"].contains(&value.to_ascii_lowercase().as_str())
        {
            continue;
        }
        let Some(v) = crate::ingest::parse_decimal(value) else {
            problems.push(format!("line {line}: value \"{value}\" of {id} {period} is not a number (missing values cannot be evaluated)"));
            bad.insert(id.trim().to_string());
            continue;
        };
        by_series.entry(id.trim().to_string()).or_default().push((year, pos, m, v));
    }
    let mut out = Vec::new();
    // Series cut short by a gap, by the period that ended it and the unit.
    let mut cut: BTreeMap<(usize, String), Vec<String>> = BTreeMap::new();
    for (id, mut points) in by_series {
        if bad.contains(&id) {
            continue;
        }
        points.sort_by_key(|(y, p, _, _)| (*y, *p));
        let m = points[0].2;
        if points.iter().any(|p| p.2 != m) {
            problems.push(format!("{id}: mixes months, quarters and years"));
            continue;
        }
        let index = |(y, p, _, _): &(i32, usize, usize, f64)| *y as i64 * m as i64 + *p as i64;
        let named = |(y, p, _, _): &(i32, usize, usize, f64)| match m {
            12 => format!("{y}-{:02}", p + 1),
            4 => format!("{y}-Q{}", p + 1),
            _ => y.to_string(),
        };
        if let Some(w) = points.windows(2).find(|w| index(&w[1]) == index(&w[0])) {
            problems.push(format!("{id}: period {} appears twice", named(&w[0])));
            continue;
        }
        // Evaluated from the period after its last gap, as a market of the store is.
        if let Some(after) = (1..points.len()).rev().find(|&i| index(&points[i]) != index(&points[i - 1]) + 1)
        {
            let gap_end = index(&points[after]) - 1;
            let (y, p) = (gap_end.div_euclid(m as i64) as i32, gap_end.rem_euclid(m as i64) as usize);
            cut.entry((m, named(&(y, p, m, 0.0)))).or_default().push(id.clone());
            points.drain(..after);
        }
        out.push(History {
            id,
            m,
            start_year: points[0].0,
            start: points[0].1,
            values: points.iter().map(|p| p.3).collect(),
        });
    }
    if !problems.is_empty() {
        let total = problems.len();
        problems.truncate(20);
        return Err(Error::Usage(format!(
            "{label}: {total} problem(s), nothing evaluated:\n  {}",
            problems.join("\n  ")
        )));
    }
    if out.is_empty() {
        return Err(Error::Usage(format!("{label}: no series")));
    }
    let mut notes = Vec::new();
    for m in [12, 4, 1] {
        let of: BTreeMap<String, Vec<String>> =
            cut.iter().filter(|((u, _), _)| *u == m).map(|((_, p), ids)| (p.clone(), ids.clone())).collect();
        notes.extend(cut_notes(
            of,
            match m {
                12 => "month",
                4 => "quarter",
                _ => "year",
            },
        ));
    }
    Ok((out, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_as_the_competition_writes_them() {
        assert_eq!(period_of("1979-01"), Some((12, 1979, 0)));
        assert_eq!(period_of("1998-Q3"), Some((4, 1998, 2)));
        assert_eq!(period_of("2007"), Some((1, 2007, 0)));
        assert_eq!(period_of("1979-13"), None);
        assert_eq!(period_of("soon"), None);
    }
}
