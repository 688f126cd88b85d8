//! Monthly arrivals by market, rolled up the tree, and the gaps in them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use polars::prelude::*;

use super::rollup::{rollup, Rolled, RollupRule};
use super::vintage::latest_known;
use crate::columns;
use crate::error::{PolarsContext, Result};
use crate::market::MarketTree;

/// Monthly figures (latest vintage known on `as_of`) of the given years:
/// columns market, year, month, value.
pub fn monthly_figures(lf: LazyFrame, value: &str, years: &[i32], as_of: Option<NaiveDate>) -> LazyFrame {
    let years = Series::new("years".into(), years.to_vec());
    latest_known(lf, &["market", "period"], as_of)
        .filter(col("granularity").eq(lit("month")))
        .select([
            col("market"),
            col("period_start").dt().year().alias("year"),
            col("period_start").dt().month().cast(DataType::Int32).alias("month"),
            col(value).alias("value"),
        ])
        .filter(col("year").is_in(lit(years).implode(false), false))
}

/// The latest year with a monthly figure (latest vintage known on `as_of`): one row, column
/// `year`, null when there is none.
pub fn latest_monthly_year(lf: LazyFrame, as_of: Option<NaiveDate>) -> LazyFrame {
    let year = col("period_start").dt().year().max().alias("year");
    latest_known(lf, &["market", "period"], as_of).filter(col("granularity").eq(lit("month"))).select([year])
}

/// Yearly (or other non-monthly) figures of one year: columns market, value. Used for targets.
pub fn figures_of_period(lf: LazyFrame, value: &str, period: &str, as_of: Option<NaiveDate>) -> LazyFrame {
    latest_known(lf, &["market", "period"], as_of)
        .filter(col("period").eq(lit(period.to_string())))
        .select([col("market"), col(value).alias("value")])
}

/// Arrivals by month for every market and group, with what is missing.
#[derive(Debug, Clone, Default)]
pub struct MonthlyArrivals {
    rolled: BTreeMap<(i32, u32), HashMap<String, Rolled>>,
    /// Months each market (as stored, not rolled up) has a figure for.
    present: HashMap<String, BTreeSet<(i32, u32)>>,
    tree: MarketTree,
}

impl MonthlyArrivals {
    /// Reads a frame of `monthly_figures` and rolls each month up the tree (published
    /// figures: a group's own figure first; flows: additive).
    pub fn new(tree: &MarketTree, df: &DataFrame, rule: RollupRule) -> Result<MonthlyArrivals> {
        let markets = columns::strings(df, "market")?;
        let years = columns::ints(df, "year")?;
        let months = columns::ints(df, "month")?;
        let values = columns::ints(df, "value")?;
        let mut own: BTreeMap<(i32, u32), HashMap<String, f64>> = BTreeMap::new();
        let mut present: HashMap<String, BTreeSet<(i32, u32)>> = HashMap::new();
        for i in 0..markets.len() {
            let (Some(m), Some(y), Some(mo), Some(v)) = (&markets[i], years[i], months[i], values[i]) else {
                continue;
            };
            let key = (y as i32, mo as u32);
            own.entry(key).or_default().insert(m.clone(), v as f64);
            present.entry(m.clone()).or_default().insert(key);
        }
        let rolled = own.into_iter().map(|(k, v)| (k, rollup(tree, &v, rule))).collect();
        Ok(MonthlyArrivals { rolled, present, tree: tree.clone() })
    }

    /// The latest month with any figure.
    pub fn latest_month(&self) -> Option<(i32, u32)> {
        self.rolled.keys().next_back().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.rolled.is_empty()
    }

    /// Total of a market over months `from..=to` of a year; `None` when no month has a figure.
    pub fn sum(&self, market: &str, year: i32, from: u32, to: u32) -> Option<f64> {
        let mut total = None;
        for month in from..=to {
            if let Some(r) = self.rolled.get(&(year, month)).and_then(|m| m.get(market)).filter(|r| r.present)
            {
                *total.get_or_insert(0.0) += r.total;
            }
        }
        total
    }

    /// Value of one month.
    pub fn month(&self, market: &str, year: i32, month: u32) -> Option<f64> {
        self.sum(market, year, month, month)
    }

    /// Stored markets at or below `market` that miss a month of `year` in `from..=to` while
    /// having figures in that year: (market, missing months).
    pub fn gaps_under(&self, market: &str, year: i32, from: u32, to: u32) -> Vec<(String, Vec<u32>)> {
        let below = super::rollup::subtree(&self.tree, market);
        let mut out = Vec::new();
        let mut names: Vec<&String> = self.present.keys().collect();
        names.sort();
        for m in names {
            if !(below.contains(m) || (self.tree.is_empty() && m == market)) {
                continue;
            }
            let months = &self.present[m];
            if !months.iter().any(|(y, _)| *y == year) {
                continue;
            }
            let missing: Vec<u32> = (from..=to).filter(|mo| !months.contains(&(year, *mo))).collect();
            if !missing.is_empty() {
                out.push((m.clone(), missing));
            }
        }
        out
    }

    /// All stored markets, for display when there is no tree.
    pub fn markets(&self) -> Vec<String> {
        let mut v: Vec<String> = self.present.keys().cloned().collect();
        v.sort();
        v
    }

    /// Every market's missing months between its first month and the store's latest.
    pub fn all_gaps(&self) -> Vec<Gap> {
        let Some(latest) = self.latest_month() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in self.markets() {
            let months = &self.present[&m];
            let Some(&first) = months.iter().next() else {
                continue;
            };
            let last = *months.iter().next_back().unwrap_or(&first);
            let mut missing = Vec::new();
            let mut cur = first;
            while cur <= latest {
                if !months.contains(&cur) {
                    missing.push(cur);
                }
                cur = if cur.1 == 12 { (cur.0 + 1, 1) } else { (cur.0, cur.1 + 1) };
            }
            out.push(Gap { market: m, first, last, missing });
        }
        out
    }
}

/// A market's monthly series and the months missing from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub market: String,
    pub first: (i32, u32),
    pub last: (i32, u32),
    pub missing: Vec<(i32, u32)>,
}

/// Months written compactly: "2024-03..2024-05, 2024-09".
pub fn month_ranges(months: &[(i32, u32)]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < months.len() {
        let start = months[i];
        let mut end = start;
        while i + 1 < months.len() {
            let next = if end.1 == 12 { (end.0 + 1, 1) } else { (end.0, end.1 + 1) };
            if months[i + 1] != next {
                break;
            }
            end = next;
            i += 1;
        }
        let f = |(y, m): (i32, u32)| format!("{y:04}-{m:02}");
        parts.push(if start == end { f(start) } else { format!("{}..{}", f(start), f(end)) });
        i += 1;
    }
    parts.join(", ")
}

/// Seats by travel month from booking flows (booked on or before `as_of` when given):
/// columns market, year, month, value, as `monthly_figures` gives arrivals.
pub fn monthly_seats(bookings: LazyFrame, as_of: Option<NaiveDate>) -> LazyFrame {
    let lf = match as_of {
        Some(d) => bookings.filter(col("booked_on").lt_eq(super::vintage::date_lit(d))),
        None => bookings,
    };
    lf.group_by([
        col("market"),
        col("travel_date").dt().year().alias("year"),
        col("travel_date").dt().month().cast(DataType::Int32).alias("month"),
    ])
    .agg([col("seats").sum().alias("value")])
}

/// Where figures came from: their sources and latest vintage (for chart footnotes).
pub fn provenance(lf: LazyFrame, as_of: Option<NaiveDate>) -> Result<(Vec<String>, Option<NaiveDate>)> {
    let known = match as_of {
        Some(d) => lf.filter(col("as_of").lt_eq(super::vintage::date_lit(d))),
        None => lf,
    };
    let sources = known
        .clone()
        .select([col("source").unique().sort(SortOptions::default())])
        .collect()
        .context("reading sources")?;
    let vintage = known.select([col("as_of").max()]).collect().context("reading vintages")?;
    let sources = columns::strings(&sources, "source")?.into_iter().flatten().collect();
    Ok((sources, columns::dates(&vintage, "as_of")?.first().copied().flatten()))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::market::MarketNode;

    fn months(rows: &[(&str, i32, i32, i64)]) -> MonthlyArrivals {
        let tree = MarketTree::new(vec![
            MarketNode { name: "Total".into(), parent: None, aliases: vec![] },
            MarketNode { name: "China".into(), parent: Some("Total".into()), aliases: vec![] },
            MarketNode { name: "Japan".into(), parent: Some("Total".into()), aliases: vec![] },
        ])
        .unwrap();
        let df = df!(
            "market" => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            "year" => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            "month" => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            "value" => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
        )
        .unwrap();
        MonthlyArrivals::new(&tree, &df, RollupRule::OwnFigureFirst).unwrap()
    }

    #[test]
    fn a_month_with_no_data_adds_nothing_and_is_reported_as_a_gap() {
        let m = months(&[
            ("China", 2025, 1, 10),
            ("China", 2025, 3, 30),
            ("Japan", 2025, 1, 5),
            ("Japan", 2025, 2, 6),
        ]);
        assert_eq!(m.sum("Total", 2025, 1, 3), Some(51.0));
        assert_eq!(m.month("China", 2025, 2), None);
        assert_eq!(m.sum("China", 2024, 1, 12), None, "a year with no data is unknown, not zero");
        assert_eq!(
            m.gaps_under("Total", 2025, 1, 3),
            [("China".to_string(), vec![2]), ("Japan".to_string(), vec![3])]
        );
    }

    #[test]
    fn the_first_month_of_a_year_is_a_year_to_date_of_its_own() {
        let m = months(&[("China", 2024, 12, 99), ("China", 2025, 1, 10)]);
        assert_eq!(m.sum("China", 2025, 1, 1), Some(10.0));
        assert_eq!(m.latest_month(), Some((2025, 1)));
        assert_eq!(m.all_gaps()[0].missing, Vec::<(i32, u32)>::new());
    }

    #[test]
    fn consecutive_missing_months_are_written_as_ranges() {
        let months = [(2024, 3), (2024, 4), (2024, 5), (2024, 9), (2024, 12), (2025, 1)];
        assert_eq!(month_ranges(&months), "2024-03..2024-05, 2024-09, 2024-12..2025-01");
    }
}
