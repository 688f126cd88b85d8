//! The series charts draw, from the same answers the commands print: monthly arrivals or
//! seats, where the figures came from, and the target tracker's lines.

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::arrivals::{provenance, MonthlyArrivals, Years};
use crate::analysis::rollup::subtree;
use crate::analysis::targets::{target_path, Tracking};
use crate::error::{Error, Result};
use crate::kind::Kind;
use crate::market::MarketTree;
use crate::store::Store;

use super::year_to_date::{Outlook, TrackedMarket};

/// Every month of every market's arrivals the store holds, as known on `as_of` (a group's own
/// figure first).
pub fn monthly_series(store: &Store, tree: &MarketTree, as_of: Option<NaiveDate>) -> Result<MonthlyArrivals> {
    let Some(lf) = store.scan(Kind::Arrivals, None)? else {
        return Err(Error::Usage("the store has no arrivals".into()));
    };
    super::year_to_date::read_monthly(store, tree, lf, &Years::All, as_of)
}

/// The footnote of a chart of arrivals of `markets` (with everything below them: a group's
/// figure may be its members' sum), naming their sources and vintage.
pub fn series_footnote(
    store: &Store,
    tree: &MarketTree,
    as_of: Option<NaiveDate>,
    markets: &[String],
) -> Result<String> {
    Ok(Sources::of(store, Kind::Arrivals, as_of, Some(&with_members(tree, markets)))?.footnote("arrivals"))
}

/// The markets and every market below them in the tree.
pub fn with_members(tree: &MarketTree, markets: &[String]) -> Vec<String> {
    let mut all: Vec<String> =
        markets.iter().flat_map(|m| subtree(tree, m)).chain(markets.iter().cloned()).collect();
    all.sort();
    all.dedup();
    all
}

/// Where a kind's figures (of some markets, or all) came from: their sources and the latest
/// vintage known on a date, for a chart's footnote.
pub struct Sources {
    /// `None` for a kind the store does not have.
    known: Option<(Vec<String>, Option<NaiveDate>)>,
}

impl Sources {
    pub fn of(
        store: &Store,
        kind: Kind,
        as_of: Option<NaiveDate>,
        markets: Option<&[String]>,
    ) -> Result<Sources> {
        Sources::of_years(store, kind, as_of, markets, None)
    }

    /// As `of`, of the figures of the years `years` (first, last) only: a target chart of
    /// 2025 names the files of 2025's targets, not of 2024's.
    pub fn of_years(
        store: &Store,
        kind: Kind,
        as_of: Option<NaiveDate>,
        markets: Option<&[String]>,
        years: Option<(i32, i32)>,
    ) -> Result<Sources> {
        let known = match store.scan(kind, years)? {
            Some(lf) => Some(provenance(lf, as_of, markets)?),
            None => None,
        };
        Ok(Sources { known })
    }

    /// A footnote of one kind: "Source: TAT; figures as published up to 2025-07-09. Chart: tourstat".
    pub fn footnote(&self, what: &str) -> String {
        let Some((sources, vintage)) = &self.known else { return format!("Source: {what}") };
        let vintage = vintage.map(|d| format!("; figures as published up to {d}")).unwrap_or_default();
        format!(
            "Source: {}{vintage}. Chart: tourstat",
            if sources.is_empty() { what.to_string() } else { sources.join(", ") }
        )
    }

    /// One kind's part of a footnote naming two: "TAT (arrivals as published up to 2025-07-09)".
    pub fn part(&self, what: &str) -> String {
        let Some((sources, vintage)) = &self.known else { return what.to_string() };
        let vintage = vintage.map(|d| format!(" up to {d}")).unwrap_or_default();
        if sources.is_empty() {
            format!("{what} as published{vintage}")
        } else {
            format!("{} ({what} as published{vintage})", sources.join(", "))
        }
    }
}

/// The target tracker of one market: cumulative arrivals to date, the target path through the
/// year and the projection from the last month counted; (month, value) each. The path at the
/// last month counted is `target_to_date`, the projection at December is `projection`, as
/// `shortfall` prints them: the same formulas (analysis::targets).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetSeries {
    pub market: String,
    pub year: i32,
    pub target: f64,
    pub actual: Vec<(u32, f64)>,
    pub path: Vec<(u32, f64)>,
    pub projection: Vec<(u32, f64)>,
    /// The projection's 80% interval, cumulative: (month, low, high) from the last month counted.
    pub band: Vec<(u32, f64, f64)>,
}

/// The tracker's lines for a tracked market; `None` when a month it needs is missing (which
/// tracking already refuses).
pub fn target_series(arrivals: &MonthlyArrivals, tracked: &TrackedMarket, year: i32) -> Option<TargetSeries> {
    target_series_of(
        arrivals,
        &tracked.market,
        tracked.through,
        &tracked.tracking,
        Some(&tracked.outlook),
        year,
    )
}

/// The same of a market tracked through month `k`, projected by `outlook` or not projected
/// (a method that cannot project it): then the projection is the year so far alone.
pub fn target_series_of(
    arrivals: &MonthlyArrivals,
    m: &str,
    k: u32,
    t: &Tracking,
    outlook: Option<&Outlook>,
    year: i32,
) -> Option<TargetSeries> {
    let projected: &[(u32, crate::forecast::Interval)] = outlook.map_or(&[], |o| &o.cumulative);
    let cumulative = |y: i32, to: u32| -> Option<Vec<f64>> {
        let mut total = 0.0;
        (1..=to)
            .map(|mo| {
                total += arrivals.month(m, y, mo)?;
                Some(total)
            })
            .collect()
    };
    let actual = cumulative(year, k)?;
    let ly = cumulative(year - 1, 12)?;
    let numbered = |v: Vec<f64>, first: u32| v.into_iter().zip(first..).map(|(v, m)| (m, v)).collect();
    Some(TargetSeries {
        market: m.to_string(),
        year,
        target: t.target,
        actual: numbered(actual, 1),
        path: numbered(target_path(t.target, &ly), 1),
        projection: std::iter::once((k, t.ytd))
            .chain(projected.iter().map(|(m, i)| (*m, i.forecast)))
            .collect(),
        band: std::iter::once((k, t.ytd, t.ytd))
            .chain(projected.iter().map(|(m, i)| (*m, i.lo80, i.hi80)))
            .collect(),
    })
}
