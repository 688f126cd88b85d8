//! What the store holds: the market tree with each market's coverage, every vintage of a
//! figure, and the months missing from each series.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use polars::prelude::*;
use serde::Serialize;

use crate::analysis::arrivals::{MonthlyArrivals, Years};
use crate::analysis::coverage::market_coverage;
use crate::columns::{self, Stream};
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
    /// A (actual), P (provisional) or E (estimated).
    pub status: String,
}

impl OtherPeriod {
    /// Its last day.
    pub fn end(&self) -> Option<NaiveDate> {
        let (y, m) = if self.last.1 == 12 { (self.last.0 + 1, 1) } else { (self.last.0, self.last.1 + 1) };
        NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
    }
}

/// Every arrivals figure of a longer period than a month known on `as_of` (latest vintage),
/// forecasts left out: what covers months a monthly series is missing. Sorted by market, then
/// by first month (`tiled` finds a market's by it).
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
            col("status"),
        ])
        .sort(["market", "period_start"], Default::default())
        .collect()
        .context("reading arrivals of other periods")?;
    let known = columns::dates(&df, "as_of")?;
    let (markets, periods) = (columns::strings(&df, "market")?, columns::strings(&df, "period")?);
    let (starts, ends) = (columns::dates(&df, "period_start")?, columns::dates(&df, "period_end")?);
    let values = columns::floats(&df, "arrivals")?;
    let statuses = columns::strings(&df, "status")?;
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
                status: statuses[i].clone().unwrap_or_else(|| "A".to_string()),
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

/// Each market's first and last period of arrivals (their first days; forecasts left out),
/// its booking flows apart.
pub fn arrival_spans(store: &Store) -> Result<HashMap<String, (NaiveDate, NaiveDate)>> {
    let Some(lf) = store.scan(Kind::Arrivals, None)? else {
        return Ok(HashMap::new());
    };
    let df = lf
        .filter(col("status").neq(lit("F")).or(col("status").is_null()))
        .group_by([col("market")])
        .agg([col("period_start").min().alias("first"), col("period_start").max().alias("last")])
        .collect()
        .context("reading the periods of the arrivals")?;
    Ok(columns::strings(&df, "market")?
        .into_iter()
        .zip(columns::dates(&df, "first")?)
        .zip(columns::dates(&df, "last")?)
        .filter_map(|((m, f), l)| Some((m?, (f?, l?))))
        .collect())
}

/// One market's booking feed: the days it was booked on (any travel), its last day of travel
/// with seats on the books, and how far ahead it books.
pub struct FeedDays {
    pub market: String,
    pub days: BTreeSet<NaiveDate>,
    /// The last day of travel whose seats booked (net of cancellations) are more than 0 (a
    /// flight cancelled to 0 is no flight to sell: review 44 M2); its last booked day's
    /// travel where there is none.
    pub last_travel: NaiveDate,
    /// Its mean lead, in days from booking to travel, over its flows.
    pub mean_lead: f64,
    /// The days of a weekly file's late bookings, left out of `days` (see
    /// `late_bookings_aside`).
    pub aside: BTreeSet<NaiveDate>,
}

/// The days each market's booking flows were booked on (any travel), from `since` up to
/// `as_of`: by market, sorted, with each market's last day of travel.
pub fn booking_days(
    store: &Store,
    (since, as_of): (Option<NaiveDate>, Option<NaiveDate>),
) -> Result<Vec<FeedDays>> {
    let Some(lf) = store.scan(Kind::Bookings, None)? else {
        return Ok(Vec::new());
    };
    let lf = match as_of {
        Some(d) => lf.filter(col("booked_on").lt_eq(lit(d))),
        None => lf,
    };
    let lf = match since {
        Some(d) => lf.filter(col("booked_on").gt_eq(lit(d))),
        None => lf,
    };
    // One read for both: each market's last flight with seats, and its mean lead over its
    // flows (by day of travel first, then summed).
    let lead = (col("travel_date").cast(DataType::Int32) - col("booked_on").cast(DataType::Int32))
        .cast(DataType::Float64);
    let travel = lf
        .clone()
        .group_by([col("market"), col("travel_date")])
        .agg([col("seats").sum(), lead.sum().alias("leads"), len().cast(DataType::Float64).alias("flows")])
        .group_by([col("market")])
        .agg([
            col("travel_date").max().alias("any_travel"),
            col("travel_date").filter(col("seats").gt(lit(0))).max().alias("last_flight"),
            (col("leads").sum() / col("flows").sum()).alias("mean_lead"),
        ])
        .stream_with("reading the days of travel and leads of the booking flows")?;
    let last_travel: HashMap<String, (NaiveDate, f64)> = columns::strings(&travel, "market")?
        .into_iter()
        .zip(columns::dates(&travel, "last_flight")?)
        .zip(columns::dates(&travel, "any_travel")?)
        .zip(columns::floats(&travel, "mean_lead")?)
        .filter_map(|(((m, flight), any), lead)| Some((m?, (flight.or(any)?, lead?))))
        .collect();
    // Each day's seats, cancellations counted as many: a weekly file's late bookings, each on
    // a day of its own, are set aside by them.
    let df = lf
        .group_by([col("market"), col("booked_on")])
        .agg([when(col("seats").lt(lit(0)))
            .then(-col("seats"))
            .otherwise(col("seats"))
            .sum()
            .alias("volume")])
        .sort(["market", "booked_on"], Default::default())
        .stream_with("reading the days of the booking flows")?;
    let (markets, days) = (columns::strings(&df, "market")?, columns::dates(&df, "booked_on")?);
    let mut out: Vec<FeedDays> = Vec::new();
    let mut volumes: Vec<BTreeMap<NaiveDate, i64>> = Vec::new();
    for ((m, d), v) in markets.into_iter().zip(days).zip(columns::ints(&df, "volume")?) {
        let (Some(m), Some(d)) = (m, d) else { continue };
        match out.last_mut() {
            Some(feed) if feed.market == m => {
                feed.days.insert(d);
            }
            _ => {
                let (last_travel, mean_lead) = last_travel.get(&m).copied().unwrap_or((d, 0.0));
                out.push(FeedDays {
                    market: m,
                    days: BTreeSet::from([d]),
                    last_travel,
                    mean_lead,
                    aside: BTreeSet::new(),
                });
                volumes.push(BTreeMap::new());
            }
        }
        if let Some(volume) = volumes.last_mut() {
            volume.insert(d, v.unwrap_or(0));
        }
    }
    for (feed, volume) in out.iter_mut().zip(&volumes) {
        feed.aside = crate::analysis::otb::late_bookings_aside(volume);
        feed.days.retain(|d| !feed.aside.contains(d));
    }
    Ok(out)
}

/// A market's own figures by day within `from..=to` (as known at `as_of`): their sum, the first
/// and last day, and how many days; None where it has none.
pub fn daily_sum(
    store: &Store,
    market: &str,
    (from, to): (NaiveDate, NaiveDate),
    as_of: Option<NaiveDate>,
) -> Result<Option<(f64, NaiveDate, NaiveDate, usize)>> {
    let Some(lf) = store.scan(Kind::Arrivals, None)? else {
        return Ok(None);
    };
    let df = crate::analysis::vintage::latest_known(lf, &["market", "period"], as_of)
        .filter(col("granularity").eq(lit("day")))
        .filter(col("status").neq(lit("F")))
        .filter(col("market").eq(lit(market.to_string())))
        .filter(col("period_start").gt_eq(lit(from)).and(col("period_start").lt_eq(lit(to))))
        .select([col("period_start"), col("arrivals").cast(DataType::Float64)])
        .sort(["period_start"], Default::default())
        .collect()
        .context("reading arrivals by day")?;
    let days: Vec<NaiveDate> = columns::dates(&df, "period_start")?.into_iter().flatten().collect();
    let (Some(first), Some(last)) = (days.first().copied(), days.last().copied()) else {
        return Ok(None);
    };
    let sum: f64 = columns::floats(&df, "arrivals")?.into_iter().flatten().sum();
    Ok(Some((sum, first, last, days.len())))
}

/// Every year's monthly arrivals as known on `as_of`, as the answers read them: what `gaps`
/// lists every market's missing months of (`MonthlyArrivals::all_gaps`).
pub fn monthly_arrivals(
    store: &Store,
    tree: &MarketTree,
    as_of: Option<NaiveDate>,
) -> Result<MonthlyArrivals> {
    load_monthly(store, tree, &Years::All, as_of)
}

/// ", Brazil by its own figures of quarters or years": the markets a figure read so (none:
/// nothing).
pub fn by_own_periods(names: &[String]) -> String {
    if names.is_empty() {
        return String::new();
    }
    let its = if names.len() == 1 { "its" } else { "their" };
    format!(", {} by {its} own figures of quarters or years", super::year_to_date::some_names(names, 6))
}

/// How `x`, a figure of `market`, reads figures of longer periods, said after what it counts:
/// " by its own figures of quarters or years" (itself by them only), ", Canada by its own
/// figures of quarters or years" (a member so), ", United Kingdom's 2025-Q3 by its own figure
/// (no figure of its months)" (one read by months elsewhere: see `patched`).
pub fn periods_read(market: &str, x: &Mixed) -> String {
    let (patched, whole): (Vec<String>, Vec<String>) =
        x.by_periods.iter().cloned().partition(|m| x.patched.iter().any(|(p, _)| p == m));
    let mut out = if whole == [market] && patched.is_empty() {
        " by its own figures of quarters or years".to_string()
    } else {
        by_own_periods(&whole)
    };
    for p in patched {
        let read: Vec<&str> = x.periods.iter().filter(|r| r.0 == p).map(|r| r.1.as_str()).collect();
        let (s, of) = if read.len() == 1 { ("", "its") } else { ("s", "their") };
        out += &format!(
            ", {} {} by its own figure{s} (no figure of {of} months)",
            if p == market { "its".to_string() } else { format!("{p}'s") },
            read.join(", ")
        );
    }
    out
}

/// "its months and its own 2025-Q3": what `x`, a figure of `market` read by months and its
/// own figures of quarters in place of some (see `patched`), adds up.
pub fn months_and_own(market: &str, x: &Mixed) -> String {
    let own: Vec<&str> = x.periods.iter().filter(|p| p.0 == market).map(|p| p.1.as_str()).collect();
    format!("its months and its own {}", own.join(", "))
}

/// A market's own figures for months `from..=to` of `y` (periods that tile them: 2025-Q1 and
/// 2025-Q2 for 2025-H1), with the figures read: the finest that do (its quarters before a half
/// or a year beside them, as ingest says the analyses count the parts: review 29 H2).
pub fn tiled<'a>(
    periods: &'a [OtherPeriod],
    market: &str,
    y: i32,
    (from, to): (u32, u32),
) -> Option<(f64, Vec<&'a OtherPeriod>)> {
    // The market's figures: `periods` is sorted by market.
    let start = periods.partition_point(|o| o.market.as_str() < market);
    let end = start + periods[start..].partition_point(|o| o.market == market);
    let own = &periods[start..end];
    // From month `at` on: the shortest period starting there that leads to a tiling.
    fn tile(own: &[OtherPeriod], y: i32, at: u32, to: u32) -> Option<Vec<&OtherPeriod>> {
        if at > to {
            return Some(Vec::new());
        }
        let mut next: Vec<&OtherPeriod> =
            own.iter().filter(|o| o.first == (y, at) && o.last.0 == y && o.last.1 <= to).collect();
        next.sort_by_key(|o| o.last.1);
        next.into_iter().find_map(|o| {
            let mut rest = tile(own, y, o.last.1 + 1, to)?;
            rest.insert(0, o);
            Some(rest)
        })
    }
    let parts = tile(own, y, from, to)?;
    Some((parts.iter().map(|o| o.value).sum(), parts))
}

/// A group's figure where some member is published by quarter (or year) only, with the
/// stored markets it is made of, those read from other periods than months (and the periods
/// read), and those read by month.
#[derive(Debug, Clone)]
pub struct Mixed {
    pub value: f64,
    pub made_of: BTreeSet<String>,
    pub by_periods: Vec<String>,
    pub by_months: Vec<String>,
    /// The figures of other periods read: (market, period, status, known, its last day).
    pub periods: Vec<(String, String, String, Option<NaiveDate>, NaiveDate)>,
    /// The stored markets whose figures make each month (of a period read: its market).
    pub per_month: std::collections::BTreeMap<u32, BTreeSet<String>>,
    /// The periods read whose figure is 0 ("Laos 2024-Q1").
    pub zero_periods: Vec<String>,
    /// The months of a market read by months elsewhere that its own figures of a longer period
    /// stand for (see `patched`): (market, month).
    pub patched: Vec<(String, u32)>,
}

/// A market's figure for months `from..=to` of `y` (trial 44 M1: Americas had no figure for a
/// quarter the store holds whole, a member published by quarter only): by its months where
/// they are covered; else, for a market published by other periods only that year, by its
/// own figures of periods that tile them (one with months that year is never counted by its
/// quarters in their place: review 28 H2); else, of a group with no figure of its own that
/// year or the year before (whose own figures would be set aside: review 28 H1), the sum of
/// its members expected that year (a member late this year is missing, never left out), each
/// so, down the tree. None where any member has none.
pub fn mixed(
    months: &MonthlyArrivals,
    periods: &[OtherPeriod],
    market: &str,
    y: i32,
    range: (u32, u32),
) -> Option<Mixed> {
    mixed_like(months, periods, market, y, range, &BTreeSet::new())
}

/// As `mixed`, the markets of `prefer` read by their own figures of other periods where those
/// tile the months, months or not: a year compared with one where they were counted so is
/// read on the same basis (review 29 H3: this year's quarters against last year's months,
/// where last year's quarters, on the quarters' basis, are stored).
pub fn mixed_like(
    months: &MonthlyArrivals,
    periods: &[OtherPeriod],
    market: &str,
    y: i32,
    range: (u32, u32),
    prefer: &BTreeSet<String>,
) -> Option<Mixed> {
    mixed_like_without(months, periods, market, y, range, prefer, &BTreeSet::new())
}

/// As `mixed_like`, the markets of `without` left out of the groups above them (members no
/// longer published, compared without them both years: `year_to_date::ended_members`).
pub fn mixed_like_without(
    months: &MonthlyArrivals,
    periods: &[OtherPeriod],
    market: &str,
    y: i32,
    (from, to): (u32, u32),
    prefer: &BTreeSet<String>,
    without: &BTreeSet<String>,
) -> Option<Mixed> {
    let by_periods = |v: f64, read: Vec<&OtherPeriod>| Mixed {
        zero_periods: read
            .iter()
            .filter(|o| o.value == 0.0)
            .map(|o| format!("{} {}", o.market, o.period))
            .collect(),
        value: v,
        made_of: [market.to_string()].into(),
        by_periods: vec![market.to_string()],
        by_months: Vec::new(),
        periods: read
            .into_iter()
            .filter_map(|o| Some((o.market.clone(), o.period.clone(), o.status.clone(), o.known, o.end()?)))
            .collect(),
        per_month: (from..=to).map(|m| (m, [market.to_string()].into())).collect(),
        patched: Vec::new(),
    };
    if prefer.contains(market) {
        if let Some((v, read)) = tiled(periods, market, y, (from, to)) {
            return Some(by_periods(v, read));
        }
    }
    // A group holding a market to read by its periods is read from its members.
    let holds_preferred =
        !prefer.is_empty() && months.tree().descendants(market).iter().any(|d| prefer.contains(*d));
    if let Some(v) = months.sum(market, y, from, to).filter(|_| !holds_preferred) {
        let per_month: std::collections::BTreeMap<u32, BTreeSet<String>> =
            (from..=to).map(|m| (m, months.contributors(market, y, m).unwrap_or_default())).collect();
        return Some(Mixed {
            value: v,
            made_of: per_month.values().flatten().cloned().collect(),
            by_periods: Vec::new(),
            by_months: vec![market.to_string()],
            periods: Vec::new(),
            per_month,
            zero_periods: Vec::new(),
            patched: Vec::new(),
        });
    }
    if months.by_other_periods_only(market, y) {
        if let Some((v, read)) = tiled(periods, market, y, (from, to)) {
            return Some(by_periods(v, read));
        }
    }
    if let Some(x) = patched(months, periods, market, y, (from, to)) {
        return Some(x);
    }
    // Otherwise its members' sum stands in, where the rule allows (see there why not always).
    if !months.readable_from_members(market, y) {
        return None;
    }
    let members: Vec<&str> = months
        .tree()
        .children(market)
        .into_iter()
        .filter(|m| months.expected_in(m, y) && !without.contains(*m))
        .collect();
    if members.is_empty() {
        return None;
    }
    let mut out = Mixed {
        value: 0.0,
        made_of: BTreeSet::new(),
        by_periods: Vec::new(),
        by_months: Vec::new(),
        periods: Vec::new(),
        per_month: Default::default(),
        zero_periods: Vec::new(),
        patched: Vec::new(),
    };
    for member in members {
        let part = mixed_like_without(months, periods, member, y, (from, to), prefer, without)?;
        out.value += part.value;
        out.made_of.extend(part.made_of);
        out.by_periods.extend(part.by_periods);
        out.by_months.extend(part.by_months);
        out.periods.extend(part.periods);
        out.zero_periods.extend(part.zero_periods);
        out.patched.extend(part.patched);
        for (m, set) in part.per_month {
            out.per_month.entry(m).or_default().extend(set);
        }
    }
    Some(out)
}

/// A market's figure for months `from..=to` of `y` by its months where they have a figure and
/// by its own figures of longer periods where none of their months has one (trial 73 M1: UK's
/// 2025-Q3 published as a quarter only, beside its other months, left UK, Europe and Total
/// with no figure of 2025, and target tracking with a false reason). A period never stands in
/// place of a month with a figure (review 28 H2). None where they do not tile the months, or
/// where the market has no such period.
fn patched(
    months: &MonthlyArrivals,
    periods: &[OtherPeriod],
    market: &str,
    y: i32,
    range: (u32, u32),
) -> Option<Mixed> {
    let start = periods.partition_point(|o| o.market.as_str() < market);
    let end = start + periods[start..].partition_point(|o| o.market == market);
    let own = &periods[start..end];
    if own.is_empty() {
        return None;
    }
    // From month `at` on: its month where it has a figure, else the shortest period starting
    // there, of months without one, that leads to a tiling.
    fn tile<'a>(
        months: &MonthlyArrivals,
        own: &'a [OtherPeriod],
        market: &str,
        y: i32,
        (at, to): (u32, u32),
    ) -> Option<Vec<(u32, Option<&'a OtherPeriod>)>> {
        if at > to {
            return Some(Vec::new());
        }
        if months.covers(market, y, at) {
            let mut rest = tile(months, own, market, y, (at + 1, to))?;
            rest.insert(0, (at, None));
            return Some(rest);
        }
        let mut next: Vec<&OtherPeriod> = own
            .iter()
            .filter(|o| o.first == (y, at) && o.last.0 == y && o.last.1 <= to)
            .filter(|o| (at..=o.last.1).all(|m| !months.covers(market, y, m)))
            .collect();
        next.sort_by_key(|o| o.last.1);
        next.into_iter().find_map(|o| {
            let mut rest = tile(months, own, market, y, (o.last.1 + 1, to))?;
            rest.insert(0, (at, Some(o)));
            Some(rest)
        })
    }
    let pieces = tile(months, own, market, y, range)?;
    let read: Vec<&OtherPeriod> = pieces.iter().filter_map(|(_, o)| *o).collect();
    // A quarter of 0 among months (a route suspended, review 51 H1) would count the same
    // months of another year against none, where months of 0 are said so: not read.
    if read.is_empty() || read.iter().any(|o| o.value == 0.0) {
        return None;
    }
    // A group's own figure of a quarter beside its members' months would mix the two ways of
    // reading it (review 51 H2: 4,970, its members' months and its own quarter counting what
    // they do not, "its own figure"): only beside months of its own.
    let own_months =
        |at: u32| months.contributors(market, y, at).is_some_and(|c| c.len() == 1 && c.contains(market));
    if !months.tree().children(market).is_empty()
        && pieces.iter().any(|(at, o)| o.is_none() && !own_months(*at))
    {
        return None;
    }
    let mut out = Mixed {
        value: 0.0,
        made_of: BTreeSet::new(),
        by_periods: vec![market.to_string()],
        by_months: vec![market.to_string()],
        periods: read
            .iter()
            .filter_map(|o| Some((o.market.clone(), o.period.clone(), o.status.clone(), o.known, o.end()?)))
            .collect(),
        per_month: Default::default(),
        zero_periods: read
            .iter()
            .filter(|o| o.value == 0.0)
            .map(|o| format!("{} {}", o.market, o.period))
            .collect(),
        patched: Vec::new(),
    };
    for (at, piece) in pieces {
        match piece {
            None => {
                out.value += months.month(market, y, at)?;
                out.per_month.insert(at, months.contributors(market, y, at).unwrap_or_default());
            }
            Some(o) => {
                out.value += o.value;
                for m in at..=o.last.1 {
                    out.per_month.insert(m, [market.to_string()].into());
                    out.patched.push((market.to_string(), m));
                }
            }
        }
    }
    out.made_of = out.per_month.values().flatten().cloned().collect();
    Some(out)
}

/// Whether two such figures of a market (`now`, of `year`, and `then`, of `before`, months
/// `from..=to`) compare like with like: made of the same stored markets, each read the same
/// way month by month where read by months both years (review 28 H3: the union over the months
/// hid a member's own figure one year and its members' the other). A market by months one
/// year and by its quarters the other (published so then) is alike.
pub fn alike(
    months: &MonthlyArrivals,
    now: &Mixed,
    then: &Mixed,
    (year, before): (i32, i32),
    (from, to): (u32, u32),
) -> std::result::Result<(), String> {
    if now.made_of != then.made_of {
        return Err(unlike_markets(&now.made_of, &then.made_of, before));
    }
    // Each month made of the same stored markets both years: a group by its own figure one
    // year and by its members' the other is unlike, whatever markets make the whole (review
    // 29 H1).
    for m in from..=to {
        let (a, b) = (now.per_month.get(&m), then.per_month.get(&m));
        if a != b {
            let names = |s: Option<&BTreeSet<String>>| {
                super::year_to_date::some_names(&s.into_iter().flatten().cloned().collect::<Vec<_>>(), 4)
            };
            return Err(format!(
                "month {m:02} is made of {} in {year}, of {} in {before}",
                names(a),
                names(b)
            ));
        }
    }
    // (Months a period of its own stands for either year, as the months beside them: their
    // makers are compared above.)
    for m in now.by_months.iter().filter(|m| then.by_months.contains(m)) {
        let by_period = |mo: u32| [now, then].iter().any(|x| x.patched.contains(&(m.clone(), mo)));
        for mo in (from..=to).filter(|mo| !by_period(*mo)) {
            months.comparable(m, year, before, mo, mo)?;
        }
    }
    // The same periods both years: a year's figure one year against its quarters the other is
    // another basis (review 30 H2).
    let shape = |x: &Mixed, m: &str| -> Vec<String> {
        x.periods.iter().filter(|p| p.0 == m).map(|p| p.1.chars().skip(4).collect()).collect()
    };
    for m in now.by_periods.iter().filter(|m| then.by_periods.contains(m)) {
        let (a, b) = (shape(now, m), shape(then, m));
        if a != b {
            let list =
                |v: &[String], y: i32| v.iter().map(|p| format!("{y}{p}")).collect::<Vec<_>>().join(", ");
            return Err(format!(
                "{m} is read by {} in {year}, by {} in {before}",
                list(&a, year),
                list(&b, before)
            ));
        }
    }
    Ok(())
}

/// Why two sums of markets are unlike: the markets one has and the other lacks.
pub fn unlike_markets(now: &BTreeSet<String>, then: &BTreeSet<String>, before: i32) -> String {
    let names =
        |s: Vec<&String>| super::year_to_date::some_names(&s.into_iter().cloned().collect::<Vec<_>>(), 4);
    let gone: Vec<&String> = then.difference(now).collect();
    let new: Vec<&String> = now.difference(then).collect();
    match (gone.is_empty(), new.is_empty()) {
        (false, false) => format!("it is made of {} now and of {} in {before}", names(new), names(gone)),
        (true, _) => format!("{} in it now, not in {before}", names(new)),
        (false, true) => format!("{} in it in {before}, not now", names(gone)),
    }
}

/// What a reader must know of the figures of other periods a sum read: those provisional or
/// estimated, and those known before their period ended (a quarter to date).
pub fn period_notes(x: &Mixed) -> Vec<String> {
    let mut notes = Vec::new();
    let tentative: Vec<String> = x
        .periods
        .iter()
        .filter(|(_, _, s, _, _)| s == "P" || s == "E")
        .map(|(m, p, s, _, _)| format!("{m} {p} ({})", if s == "P" { "provisional" } else { "estimated" }))
        .collect();
    if !tentative.is_empty() {
        notes.push(format!(
            "{}: a later release may revise {}",
            tentative.join(", "),
            if tentative.len() == 1 { "it" } else { "them" }
        ));
    }
    for (m, p, _, known, e) in &x.periods {
        if let Some(k) = known {
            if k < e {
                notes.push(format!(
                    "{m} {p} was known on {k}, before the period ended ({e}): it may be a part of it (a quarter to date), which against the whole period a year before reads as a fall"
                ));
            }
        }
    }
    notes
}

/// The days any market of some feeds was booked on (`open`), the days none was though feeds
/// were booked about them (`shut`), and those of them that read as sales closed for all rather
/// than as a gap of each feed (`closed`, see `closures_of`), as `gaps --bookings` reads them.
pub struct Closures {
    pub open: BTreeSet<NaiveDate>,
    pub shut: BTreeSet<NaiveDate>,
    pub closed: BTreeSet<NaiveDate>,
}

/// The `Closures` of `feeds` up to `until`.
pub fn closures(feeds: &[FeedDays], until: NaiveDate) -> Closures {
    use crate::analysis::otb::{closures_of, shut_days};
    let open: BTreeSet<NaiveDate> = feeds.iter().flat_map(|f| f.days.iter().copied()).collect();
    let spans: Vec<Vec<(NaiveDate, NaiveDate)>> = feeds
        .iter()
        .map(|f| f.days.first().zip(f.days.last()).map(|(a, b)| (*a, *b)).into_iter().collect())
        .collect();
    let shut = match open.first() {
        Some(first) => shut_days(&open, &spans, *first, until),
        None => BTreeSet::new(),
    };
    let closed = closures_of(&shut, &open);
    Closures { open, shut, closed }
}

/// Whether days from one to another no market of `feeds` was booked on are sales closed for
/// all (a holiday; a store's first Christmas), not a gap of each feed, as `otb` and `pace`
/// read them (see `read_as_closed`).
pub fn closed_for_all_feeds(feeds: &[FeedDays], span: (NaiveDate, NaiveDate)) -> bool {
    use crate::analysis::otb::{closed_for_all, read_as_closed};
    closed_for_all(feeds.iter().map(|f| &f.days), span)
        .is_some_and(|(silent, _)| read_as_closed(feeds.iter().map(|f| &f.days), &silent, span))
}
