//! What the store holds: the market tree with each market's coverage, every vintage of a
//! figure, and the months missing from each series.

use std::collections::HashMap;

use chrono::NaiveDate;
use polars::prelude::*;
use serde::Serialize;

use crate::analysis::arrivals::{Gap, Years};
use crate::analysis::coverage::market_coverage;
use crate::columns;
use crate::error::{Error, PolarsContext, Result};
use crate::kind::Kind;
use crate::market::MarketTree;
use crate::period::Period;
use crate::store::Store;

use super::year_to_date::load_monthly;

/// One market of the tree (or a market with figures outside it), with what the store holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketLine {
    pub market: String,
    pub depth: usize,
    pub parent: Option<String>,
    pub aliases: Vec<String>,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub arrival_rows: Option<i64>,
    pub booking_rows: Option<i64>,
    /// Figures are stored under this name, but the tree does not have it.
    pub outside_tree: bool,
}

/// The tree in display order, then markets with figures the tree does not know, sorted.
pub fn markets(store: &Store, tree: &MarketTree) -> Result<Vec<MarketLine>> {
    let flows = store.market_spans(&crate::engine::MarketSpans { label: "reading the flows' markets" })?;
    let coverage = market_coverage(store.scan(Kind::Arrivals, None)?, flows)?;
    let names = columns::strings(&coverage, "market")?;
    let (first, last) = (columns::dates(&coverage, "first")?, columns::dates(&coverage, "last")?);
    let (arrivals, bookings) =
        (columns::ints(&coverage, "arrival_rows")?, columns::ints(&coverage, "booking_rows")?);
    let mut by_market: HashMap<String, usize> =
        names.iter().enumerate().filter_map(|(i, n)| Some((n.clone()?, i))).collect();
    let mut line = |market: &str, depth: usize, outside_tree: bool| {
        let i = by_market.remove(market);
        // A name outside the tree is none of its markets, though the tree may read it as one.
        let node = tree.get(market).filter(|_| !outside_tree);
        MarketLine {
            market: market.to_string(),
            depth,
            parent: node.and_then(|n| n.parent.clone()),
            aliases: node.map(|n| n.aliases.clone()).unwrap_or_default(),
            first: i.and_then(|i| first[i]),
            last: i.and_then(|i| last[i]),
            arrival_rows: i.and_then(|i| arrivals[i]),
            booking_rows: i.and_then(|i| bookings[i]),
            outside_tree,
        }
    };
    let mut out: Vec<MarketLine> = tree.depth_first().into_iter().map(|(d, m)| line(m, d, false)).collect();
    // Names the tree does not know, and names it reads as another market's spelling (figures
    // stored before it gave that alias, which no analysis counts under it): listed apart.
    let mut outside: Vec<String> =
        names.into_iter().flatten().filter(|m| tree.resolve(m).is_none_or(|c| c != m)).collect();
    outside.sort();
    out.extend(outside.iter().map(|m| line(m, 0, true)));
    Ok(out)
}

/// One vintage of a figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Vintage {
    pub kind: Kind,
    pub market: String,
    pub period: Period,
    pub as_of: Option<NaiveDate>,
    pub value: Option<f64>,
    pub status: Option<String>,
    pub source: Option<String>,
}

/// Every vintage of a market's arrivals and target for a period, oldest first. A figure the
/// store does not have is an error naming it.
pub fn vintages(store: &Store, market: &str, period: Period) -> Result<Vec<Vintage>> {
    let mut out = Vec::new();
    for (kind, value) in [(Kind::Arrivals, "arrivals"), (Kind::Targets, "target")] {
        let Some(lf) = store.scan(kind, Some((period.year(), period.year())))? else {
            continue;
        };
        let status = if kind == Kind::Arrivals {
            col("status")
        } else {
            lit(NULL).cast(DataType::String).alias("status")
        };
        let df = lf
            .filter(col("market").eq(lit(market.to_string())).and(col("period").eq(lit(period.to_string()))))
            .select([col("as_of"), col(value).alias("value"), status, col("source")])
            .sort(["as_of"], SortMultipleOptions::default())
            .collect()
            .context("reading vintages")?;
        let (as_of, values) = (columns::dates(&df, "as_of")?, columns::floats(&df, "value")?);
        let (statuses, sources) = (columns::strings(&df, "status")?, columns::strings(&df, "source")?);
        for i in 0..df.height() {
            out.push(Vintage {
                kind,
                market: market.to_string(),
                period,
                as_of: as_of[i],
                value: values[i],
                status: statuses[i].clone(),
                source: sources[i].clone(),
            });
        }
    }
    if out.is_empty() {
        return Err(Error::Usage(format!("no arrivals or targets for {market} in {period}")));
    }
    Ok(out)
}

/// A figure of a longer period than a month (a quarter, a half, a year), not a forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct OtherPeriod {
    pub market: String,
    pub period: String,
    /// Its first and last month.
    pub first: (i32, u32),
    pub last: (i32, u32),
    pub value: f64,
    /// The day it was published (its vintage).
    pub known: Option<NaiveDate>,
}

/// Every arrivals figure of a longer period than a month known on `as_of` (latest vintage),
/// forecasts left out: what covers months a monthly series is missing.
pub fn other_periods(store: &Store, as_of: Option<NaiveDate>) -> Result<Vec<OtherPeriod>> {
    let Some(lf) = store.scan(Kind::Arrivals, None)? else {
        return Ok(Vec::new());
    };
    let df = crate::analysis::vintage::latest_known(lf, &["market", "period"], as_of)
        .filter(col("granularity").neq(lit("month")).and(col("granularity").neq(lit("day"))))
        .filter(col("status").neq(lit("F")))
        .select([
            col("market"),
            col("period"),
            col("period_start"),
            col("period_end"),
            col("arrivals"),
            col("as_of"),
        ])
        .sort(["market", "period_start"], Default::default())
        .collect()
        .context("reading arrivals of other periods")?;
    let known = columns::dates(&df, "as_of")?;
    let (markets, periods) = (columns::strings(&df, "market")?, columns::strings(&df, "period")?);
    let (starts, ends) = (columns::dates(&df, "period_start")?, columns::dates(&df, "period_end")?);
    let values = columns::floats(&df, "arrivals")?;
    let month = |d: NaiveDate| (chrono::Datelike::year(&d), chrono::Datelike::month(&d));
    Ok((0..df.height())
        .filter_map(|i| {
            Some(OtherPeriod {
                market: markets[i].clone()?,
                period: periods[i].clone()?,
                first: month(starts[i]?),
                last: month(ends[i]?),
                value: values[i]?,
                known: known[i],
            })
        })
        .collect())
}

/// Every market's figures by day known on `as_of` (latest vintage), forecasts left out: the
/// days of each market, sorted.
pub fn daily_figures(store: &Store, as_of: Option<NaiveDate>) -> Result<Vec<(String, Vec<NaiveDate>)>> {
    let Some(lf) = store.scan(Kind::Arrivals, None)? else {
        return Ok(Vec::new());
    };
    let df = crate::analysis::vintage::latest_known(lf, &["market", "period"], as_of)
        .filter(col("granularity").eq(lit("day")))
        .filter(col("status").neq(lit("F")))
        .select([col("market"), col("period_start")])
        .sort(["market", "period_start"], Default::default())
        .collect()
        .context("reading arrivals by day")?;
    let (markets, days) = (columns::strings(&df, "market")?, columns::dates(&df, "period_start")?);
    let mut out: Vec<(String, Vec<NaiveDate>)> = Vec::new();
    for (m, d) in markets.into_iter().zip(days) {
        let (Some(m), Some(d)) = (m, d) else { continue };
        match out.last_mut() {
            Some((last, ds)) if *last == m => ds.push(d),
            _ => out.push((m, vec![d])),
        }
    }
    Ok(out)
}

/// Every market's missing months between its first figure and the store's latest month.
pub fn gaps(store: &Store, tree: &MarketTree, as_of: Option<NaiveDate>) -> Result<Vec<Gap>> {
    Ok(load_monthly(store, tree, &Years::All, as_of)?.all_gaps())
}
