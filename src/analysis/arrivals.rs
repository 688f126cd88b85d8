//! Monthly arrivals by market, rolled up the tree, and the gaps in them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use polars::prelude::*;

use super::rollup::{rollup, Rolled, RollupRule};
use super::vintage::latest_known;
use crate::columns;
use crate::error::{PolarsContext, Result};
use crate::market::MarketTree;

/// Which years a question reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Years {
    All,
    Of(Vec<i32>),
}

impl Years {
    /// The years a year's arrivals are read with by every command that compares it with the
    /// year before, so that they agree (trial 40 #1, review 21 M3): the year before last too
    /// (a member of it is expected last year, a season is seen in it), and the base year of a
    /// level where one is asked.
    pub fn around(year: i32, base: Option<i32>) -> Years {
        Years::Of(base.into_iter().chain([year - 2, year - 1, year]).collect())
    }
}

/// Monthly figures (latest vintage known on `as_of`) of the given years:
/// columns market, year, month, value (and of arrivals, status).
pub fn monthly_figures(lf: LazyFrame, value: &str, years: &Years, as_of: Option<NaiveDate>) -> LazyFrame {
    // A forecast (status F) is no count of arrivals: its month is missing, not counted.
    let arrivals = value == "arrivals";
    let lf = if arrivals { lf.filter(col("status").neq(lit("F"))) } else { lf };
    let mut columns = vec![
        col("market"),
        col("period_start").dt().year().alias("year"),
        col("period_start").dt().month().cast(DataType::Int32).alias("month"),
        col(value).alias("value"),
    ];
    // A provisional or estimated month is said where it is counted, and a group's own figure
    // older than its members' by its vintage.
    if arrivals {
        columns.extend([col("status"), col("as_of")]);
    }
    let lf = latest_known(lf, &["market", "period"], as_of)
        .filter(col("granularity").eq(lit("month")))
        .select(columns);
    match years {
        Years::All => lf,
        Years::Of(years) => {
            let years = Series::new("years".into(), years.clone());
            lf.filter(col("year").is_in(lit(years).implode(false), false))
        }
    }
}

/// The years in which each market has figures of another period than a month (quarters,
/// half-years, years, days): columns market, year. Such a market is a member its group's months cannot be
/// whole without.
pub fn other_period_years(lf: LazyFrame, as_of: Option<NaiveDate>) -> LazyFrame {
    latest_known(lf, &["market", "period"], as_of)
        .filter(col("granularity").neq(lit("month")))
        .select([col("market"), col("period_start").dt().year().cast(DataType::Int32).alias("year")])
        .unique(None, UniqueKeepStrategy::Any)
}

/// `other_period_years` collected: the years of each market's figures of other periods.
pub fn other_period_map(lf: LazyFrame, as_of: Option<NaiveDate>) -> Result<HashMap<String, BTreeSet<i32>>> {
    let df = other_period_years(lf, as_of).collect().context("reading arrivals of other periods")?;
    let markets = columns::strings(&df, "market")?;
    let years = columns::ints(&df, "year")?;
    let mut out: HashMap<String, BTreeSet<i32>> = HashMap::new();
    for (m, y) in markets.into_iter().zip(years) {
        if let (Some(m), Some(y)) = (m, y) {
            out.entry(m).or_default().insert(y as i32);
        }
    }
    Ok(out)
}

/// The latest year with a monthly figure (latest vintage known on `as_of`): one row, column
/// `year`, null when there is none.
pub fn latest_monthly_year(lf: LazyFrame, as_of: Option<NaiveDate>) -> LazyFrame {
    let year = col("period_start").dt().year().max().alias("year");
    latest_known(lf, &["market", "period"], as_of).filter(col("granularity").eq(lit("month"))).select([year])
}

/// The earliest vintage of any monthly figure of the given years: one row, column `as_of`,
/// null when there is none. Says when figures asked for `--as-of` an earlier date became known.
pub fn first_known_monthly(lf: LazyFrame, years: &[i32]) -> LazyFrame {
    let years = Series::new("years".into(), years.to_vec());
    lf.filter(col("granularity").eq(lit("month")))
        .filter(col("period_start").dt().year().is_in(lit(years).implode(false), false))
        .select([col("as_of").min()])
}

/// Yearly (or other non-monthly) figures of one year: columns market, value. Used for targets.
pub fn figures_of_period(lf: LazyFrame, value: &str, period: &str, as_of: Option<NaiveDate>) -> LazyFrame {
    latest_known(lf, &["market", "period"], as_of)
        .filter(col("period").eq(lit(period.to_string())))
        .select([col("market"), col(value).alias("value")])
}

/// Arrivals by month for every market and group, with what is missing.
///
/// Publishers release markets at different times and series start at different dates, so a
/// group's figure for a month is only whole when it is *covered*: the group published its own
/// figure, or every member that reports in that year has the month (members covered the same
/// way, down the tree). Sums here only add covered months; a month that is not covered is
/// missing, never a partial total and never 0.
#[derive(Debug, Clone, Default)]
pub struct MonthlyArrivals {
    rolled: BTreeMap<(i32, u32), HashMap<String, Rolled>>,
    /// Months each market (as stored, not rolled up) has a figure for.
    present: HashMap<String, BTreeSet<(i32, u32)>>,
    /// Months each market and group covers (see above).
    covered: HashMap<String, BTreeSet<(i32, u32)>>,
    /// Years in which each market or any market below it has a figure.
    reporting: HashMap<String, BTreeSet<i32>>,
    /// Years in which each market has figures of quarters or years.
    other_periods: HashMap<String, BTreeSet<i32>>,
    /// The months of each market (as stored) whose figure is provisional or estimated.
    tentative: HashMap<String, BTreeMap<(i32, u32), String>>,
    /// The vintage of each market's (as stored) figure of each month, where the frame has it.
    vintages: HashMap<String, BTreeMap<(i32, u32), NaiveDate>>,
    /// Groups whose own figures are not the sum of their members' in some month both have.
    apart: BTreeSet<String>,
    /// Each market's figures of longer periods standing for its months, none of which has a
    /// figure (see `hold`): (year, first month, last month).
    held_periods: HashMap<String, Vec<(i32, u32, u32)>>,
    /// Months of a group's own figure that leave out members with none (see `coverage`): the
    /// members (down to those without a figure), by group and month.
    left_out: HashMap<String, BTreeMap<(i32, u32), Vec<String>>>,
    tree: MarketTree,
}

impl MonthlyArrivals {
    /// Reads a frame of `monthly_figures` and rolls each month up the tree (published
    /// figures: a group's own figure first; flows: additive).
    pub fn new(tree: &MarketTree, df: &DataFrame, rule: RollupRule) -> Result<MonthlyArrivals> {
        MonthlyArrivals::with_other_periods(tree, df, rule, &HashMap::new())
    }

    /// As `new`, where markets also report in the years `elsewhere` gives (figures of
    /// quarters or years, `other_period_years`): a group's month is not whole without them.
    pub fn with_other_periods(
        tree: &MarketTree,
        df: &DataFrame,
        rule: RollupRule,
        elsewhere: &HashMap<String, BTreeSet<i32>>,
    ) -> Result<MonthlyArrivals> {
        let markets = columns::strings(df, "market")?;
        let years = columns::ints(df, "year")?;
        let months = columns::ints(df, "month")?;
        let values = columns::floats(df, "value")?;
        let statuses = match df.column("status") {
            Ok(_) => columns::strings(df, "status")?,
            Err(_) => vec![None; markets.len()],
        };
        let mut own: BTreeMap<(i32, u32), HashMap<String, f64>> = BTreeMap::new();
        let mut present: HashMap<String, BTreeSet<(i32, u32)>> = HashMap::new();
        let vintage = match df.column("as_of") {
            Ok(_) => columns::dates(df, "as_of")?,
            Err(_) => vec![None; markets.len()],
        };
        let mut tentative: HashMap<String, BTreeMap<(i32, u32), String>> = HashMap::new();
        let mut vintages: HashMap<String, BTreeMap<(i32, u32), NaiveDate>> = HashMap::new();
        for i in 0..markets.len() {
            let (Some(m), Some(y), Some(mo), Some(v)) = (&markets[i], years[i], months[i], values[i]) else {
                continue;
            };
            let key = (y as i32, mo as u32);
            if let Some(s) = statuses[i].as_deref().filter(|s| matches!(*s, "P" | "E")) {
                tentative.entry(m.clone()).or_default().insert(key, s.to_string());
            }
            if let Some(d) = vintage[i] {
                vintages.entry(m.clone()).or_default().insert(key, d);
            }
            own.entry(key).or_default().insert(m.clone(), v);
            present.entry(m.clone()).or_default().insert(key);
        }
        let rolled: BTreeMap<(i32, u32), HashMap<String, Rolled>> =
            own.into_iter().map(|(k, v)| (k, rollup(tree, &v, rule))).collect();
        // Groups whose own figures are not the sum of their members' (by more than rounding)
        // in some month both have, every member expected with its figure: their members' sum
        // is no stand-in for a missing one. (Not a month a member lacks, whose sum is short by
        // it: trial 81 M1, Europe's own figures of three months where Sweden had none lost
        // Europe the seven months before, which its members had whole.)
        let (whole, expected_in, _) = coverage(tree, &present, elsewhere, rule, &BTreeSet::new(), &rolled);
        // A member published by quarters or years only that year has no month to lack: the
        // group's figure is compared with the others' (review 28 H1: Asia's own 7,000 a month
        // stands beside China's 1,000 and Vietnam's quarters).
        fn whole_or_unmonthly(
            tree: &MarketTree,
            whole: &HashMap<String, Months>,
            expected_in: &HashMap<String, BTreeSet<i32>>,
            present: &HashMap<String, BTreeSet<(i32, u32)>>,
            c: &str,
            k: &(i32, u32),
        ) -> bool {
            let members = tree.children(c);
            whole.get(c).is_some_and(|m| m.contains(k))
                || !expected_in.get(c).is_some_and(|years| expected(years, k.0))
                || (members.is_empty()
                    && present.get(c).is_none_or(|p| p.range((k.0, 1)..=(k.0, 12)).next().is_none()))
                || (!members.is_empty()
                    && members.iter().all(|m| whole_or_unmonthly(tree, whole, expected_in, present, m, k)))
        }
        let members_whole = |name: &str, k: &(i32, u32)| {
            tree.children(name).iter().all(|c| whole_or_unmonthly(tree, &whole, &expected_in, &present, c, k))
        };
        let (members_whole, present_at) = (&members_whole, &present);
        let apart: BTreeSet<String> = rolled
            .iter()
            .flat_map(|(k, by)| {
                by.iter().filter(move |(name, r)| {
                    r.unallocated.abs() > 0.5
                        && present_at.get(*name).is_some_and(|p| p.contains(k))
                        && members_whole(name, k)
                })
            })
            .map(|(name, _)| name.clone())
            .collect();
        let (covered, reporting, left_out) = coverage(tree, &present, elsewhere, rule, &apart, &rolled);
        Ok(MonthlyArrivals {
            rolled,
            present,
            covered,
            reporting,
            other_periods: elsewhere.clone(),
            tentative,
            vintages,
            apart,
            left_out,
            held_periods: HashMap::new(),
            tree: tree.clone(),
        })
    }

    /// Takes the figures of longer periods than a month (market, first and last month, value)
    /// whose months a market's figure of them stands for, as `store_info::mixed` counts them:
    /// within a year, not 0, none of its months with a figure, of a market with months that
    /// year (one published by them alone is read by them whole), a group's only beside months
    /// of its own (trial 73 M1: UK's 2025-Q3 among its months; review 51 M3, M4: the default
    /// month stopped before such a quarter).
    pub fn hold<'a>(&mut self, periods: impl IntoIterator<Item = (&'a str, (i32, u32), (i32, u32), f64)>) {
        for (market, (y, first), (last_y, last), value) in periods {
            if y != last_y || value <= 0.0 || self.by_other_periods_only(market, y) {
                continue;
            }
            if (first..=last).any(|m| self.covers(market, y, m)) {
                continue;
            }
            let own_months =
                self.present.get(market).is_some_and(|p| p.range((y, 1)..=(y, 12)).next().is_some());
            if !self.tree.children(market).is_empty() && !own_months {
                continue;
            }
            self.held_periods.entry(market.to_string()).or_default().push((y, first, last));
        }
    }

    /// Whether counting `market` through month `k` of `year` ends within such a figure (see
    /// `hold`), its own or a member's, whose months have no figure apart (review 52 M1: July,
    /// within B's 2026-Q3, left Total uncounted).
    pub fn cuts_held(&self, market: &str, year: i32, k: u32) -> bool {
        let mut within = self.tree.descendants(market);
        within.push(market);
        within.iter().any(|m| {
            self.held_periods
                .get(*m)
                .is_some_and(|p| p.iter().any(|(y, a, b)| *y == year && *a <= k && k < *b))
        })
    }

    /// Whether a market's month is covered, or held by its own figure of a longer period (see
    /// `hold`), or, for a group with no figure of its own that year or the year before, so for
    /// every member expected then.
    pub fn reaches(&self, market: &str, year: i32, month: u32) -> bool {
        if self.covers(market, year, month)
            || self
                .held_periods
                .get(market)
                .is_some_and(|p| p.iter().any(|(y, a, b)| *y == year && (*a..=*b).contains(&month)))
        {
            return true;
        }
        let members = self.tree.children(market);
        if members.is_empty() || self.has_own(market, year) || self.has_own(market, year - 1) {
            return false;
        }
        let expected: Vec<&str> = members.into_iter().filter(|c| self.expected_in(c, year)).collect();
        !expected.is_empty() && expected.iter().all(|c| self.reaches(c, year, month))
    }

    /// The last month k of a year such that months 1..=k are each covered or held by a figure
    /// of a longer period (see `reaches`): `complete_through` with such figures.
    pub fn reach_through(&self, market: &str, year: i32) -> u32 {
        if self.held_periods.is_empty() {
            return self.complete_through(market, year);
        }
        (1..=12).take_while(|&m| self.reaches(market, year, m)).last().unwrap_or(0)
    }

    /// The market tree the figures are rolled up by.
    pub fn tree(&self) -> &MarketTree {
        &self.tree
    }

    /// The stored markets making a market's figure for a month whose figure is provisional
    /// (status P) or estimated (E), with that status.
    pub fn tentative(&self, market: &str, year: i32, month: u32) -> Vec<(String, String)> {
        self.contributors(market, year, month)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|c| {
                let s = self.tentative.get(&c)?.get(&(year, month))?.clone();
                Some((c, s))
            })
            .collect()
    }

    /// The stored figures making a market's month (its own, or its members') known before the
    /// month ended, with their vintage: a month to date, perhaps, not the whole month.
    pub fn known_before_end(&self, market: &str, year: i32, month: u32) -> Vec<(String, NaiveDate)> {
        let Some(end) = NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
            .and_then(|d| d.pred_opt())
        else {
            return Vec::new();
        };
        self.contributors(market, year, month)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|c| {
                let d = *self.vintages.get(&c)?.get(&(year, month))?;
                (d < end).then_some((c, d))
            })
            .collect()
    }

    /// The latest vintage among the stored figures making a market's months `from..=to` of a
    /// year (its own, or its members'), where the figures carry one.
    pub fn latest_vintage(&self, market: &str, year: i32, from: u32, to: u32) -> Option<NaiveDate> {
        (from..=to)
            .flat_map(|month| {
                self.contributors(market, year, month)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(move |c| self.vintages.get(&c)?.get(&(year, month)).copied())
            })
            .max()
    }

    /// Whether a market's figure for a month is whole (its own, or all its reporting members').
    pub fn covers(&self, market: &str, year: i32, month: u32) -> bool {
        self.covered.get(market).is_some_and(|c| c.contains(&(year, month)))
    }

    /// Whether a market (or any market below it) has a figure in a year.
    pub fn reports_in(&self, market: &str, year: i32) -> bool {
        self.reporting.get(market).is_some_and(|y| y.contains(&year))
    }

    /// The last month k of a year such that months 1..=k are all covered (0: not even January).
    pub fn complete_through(&self, market: &str, year: i32) -> u32 {
        (1..=12).take_while(|&m| self.covers(market, year, m)).last().unwrap_or(0)
    }

    /// The latest covered month of a year, whatever is missing before it.
    pub fn latest_covered(&self, market: &str, year: i32) -> Option<u32> {
        self.covered.get(market)?.range((year, 1)..=(year, 12)).next_back().map(|&(_, m)| m)
    }

    /// The months of `from..=to` of a year that a market does not cover.
    pub fn uncovered(&self, market: &str, year: i32, from: u32, to: u32) -> Vec<u32> {
        (from..=to).filter(|&m| !self.covers(market, year, m)).collect()
    }

    /// Total of a market over months `from..=to` of a year, only when every one of them is
    /// covered (an empty range is 0); `None` otherwise: a partial sum is not a figure.
    pub fn sum(&self, market: &str, year: i32, from: u32, to: u32) -> Option<f64> {
        let mut total = 0.0;
        for month in from..=to {
            total += self.month(market, year, month)?;
        }
        Some(total)
    }

    /// A market's total over months `from..=to` of a year without the markets `left` (and
    /// those below them): its own where covered, otherwise its expected members' (each
    /// covered); `None` where a month of another is missing, or where a group has figures of
    /// its own in them (another basis than its members').
    pub fn sum_without(&self, market: &str, year: i32, from: u32, to: u32, left: &[String]) -> Option<f64> {
        if left.iter().any(|l| l == market) {
            return Some(0.0);
        }
        if let Some(total) = self.sum(market, year, from, to) {
            return Some(total);
        }
        let members = self.tree.children(market);
        let own = self.present.get(market).is_some_and(|p| (from..=to).any(|m| p.contains(&(year, m))));
        if members.is_empty() || own {
            return None;
        }
        members
            .into_iter()
            .filter(|c| self.expected_in(c, year))
            .map(|c| self.sum_without(c, year, from, to, left))
            .sum()
    }

    /// The value of one month, when it is covered.
    pub fn month(&self, market: &str, year: i32, month: u32) -> Option<f64> {
        if !self.covers(market, year, month) {
            return None;
        }
        self.rolled.get(&(year, month)).and_then(|m| m.get(market)).filter(|r| r.present).map(|r| r.total)
    }

    /// The first month a market covers among the years read.
    pub fn first_covered(&self, market: &str) -> Option<(i32, u32)> {
        self.covered.get(market)?.first().copied()
    }

    /// The last month a market covers, in the years read.
    pub fn last_covered(&self, market: &str) -> Option<(i32, u32)> {
        self.covered.get(market)?.last().copied()
    }

    /// The last month a market covers before `before` (year, month), in the years read.
    pub fn last_covered_before(&self, market: &str, before: (i32, u32)) -> Option<(i32, u32)> {
        self.covered.get(market)?.range(..before).next_back().copied()
    }

    /// The first and last year a market has any covered month.
    pub fn years_of(&self, market: &str) -> Option<(i32, i32)> {
        let c = self.covered.get(market)?;
        Some((c.first()?.0, c.last()?.0))
    }

    /// Members (direct) of a group that report in a year, with the month each covers through.
    pub fn members_through(&self, market: &str, year: i32) -> Vec<(String, u32)> {
        self.tree
            .children(market)
            .into_iter()
            .filter(|c| self.expected_in(c, year))
            .map(|c| (c.to_string(), self.complete_through(c, year)))
            .collect()
    }

    /// Whether the market has figures of other periods (quarters, halves, the year, days) in
    /// `year`, beside its months or without them.
    /// Whether a market has figures of its own in a year, as stored (months or other
    /// periods), not its members' sum.
    /// Whether a group publishes figures of its own that its members' do not add up to (in
    /// some month both have): their sum is then no stand-in for a month of its own.
    pub fn publishes_apart(&self, market: &str) -> bool {
        self.apart.contains(market)
    }

    /// The members a group's own figure of a month leaves out (it is the sum of the others,
    /// where they have none), which is why the month is not covered.
    pub fn left_out(&self, market: &str, year: i32, month: u32) -> Option<&[String]> {
        self.left_out.get(market)?.get(&(year, month)).map(Vec::as_slice)
    }

    /// Why a group's own figures of some of `months` are not counted: each is the sum of its
    /// members but those with none (`; its own figure of 2026-03 is the sum of its members but
    /// Italy, which has none: it leaves Italy out, where 2025-03 counts it`), or nothing.
    pub fn left_out_words(&self, market: &str, year: i32, months: &[u32]) -> String {
        let mut by_members: BTreeMap<&[String], Vec<(i32, u32)>> = BTreeMap::new();
        for &m in months {
            if let Some(members) = self.left_out(market, year, m) {
                by_members.entry(members).or_default().push((year, m));
            }
        }
        by_members
            .into_iter()
            .map(|(members, at)| {
                let names = members.join(", ");
                let many = members.len() > 1;
                format!(
                    "; its own figure{} of {} {} the sum of its members but {names}, which {} none: {} {names} out, where a year before counts {}",
                    if at.len() > 1 { "s" } else { "" },
                    month_ranges(&at),
                    if at.len() > 1 { "are" } else { "is" },
                    if many { "have" } else { "has" },
                    if at.len() > 1 { "they likely leave" } else { "it likely leaves" },
                    if many { "them" } else { "it" },
                )
            })
            .collect()
    }

    /// Whether a market has a figure of its own for a month, as stored (not its members' sum).
    pub fn has_own_month(&self, market: &str, year: i32, month: u32) -> bool {
        self.present.get(market).is_some_and(|p| p.contains(&(year, month)))
    }

    pub fn has_own(&self, market: &str, year: i32) -> bool {
        self.present.get(market).is_some_and(|p| p.range((year, 1)..=(year, 12)).next().is_some())
            || self.has_other_periods(market, year)
    }

    pub fn has_other_periods(&self, market: &str, year: i32) -> bool {
        self.other_periods.get(market).is_some_and(|y| y.contains(&year))
    }

    /// Whether a market has figures of a year by other periods than months (quarters, years,
    /// days), and no month of that year, its own or its members'.
    pub fn by_other_periods_only(&self, market: &str, year: i32) -> bool {
        self.other_periods.get(market).is_some_and(|y| y.contains(&year))
            && self.covered.get(market).is_none_or(|p| p.range((year, 1)..=(year, 12)).next().is_none())
    }

    /// Whether a group expects a member's figures in a year: it reported that year or the
    /// year before.
    /// Whether a market is expected to have figures in a year (see `expected`).
    pub fn expected_in(&self, market: &str, year: i32) -> bool {
        self.reporting.get(market).is_some_and(|years| expected(years, year))
    }

    /// The stored markets whose figures make a market's value for a month, when it is covered:
    /// itself when it has its own figure, otherwise those of its expected members.
    pub fn contributors(&self, market: &str, year: i32, month: u32) -> Option<BTreeSet<String>> {
        if !self.covers(market, year, month) {
            return None;
        }
        if self.present.get(market).is_some_and(|p| p.contains(&(year, month))) {
            return Some(BTreeSet::from([market.to_string()]));
        }
        let mut out = BTreeSet::new();
        for member in self.tree.children(market) {
            if self.expected_in(member, year) {
                out.extend(self.contributors(member, year, month)?);
            }
        }
        Some(out)
    }

    /// Whether a market's months `from..=to` compare like with like between two years: every
    /// month covered in both, by the same markets' figures. Otherwise why not.
    pub fn comparable(&self, market: &str, year: i32, other: i32, from: u32, to: u32) -> Result<(), String> {
        for month in from..=to {
            let Some(now) = self.contributors(market, year, month) else {
                return Err(format!("no figure for {year}-{month:02}"));
            };
            let Some(then) = self.contributors(market, other, month) else {
                return Err(format!("{other} has no figure for {other}-{month:02}"));
            };
            // A group's own figure in one year, its members' in the other, where that month the
            // members' figures add up to the own one (within rounding): the same arrivals, told
            // by its members (trial 64 M5: no change, and "A has no figure for 2025-01" where
            // A had one, under G's own figure).
            let (now, then) =
                (self.as_members(&now, year, month, &then), self.as_members(&then, other, month, &now));
            // The group's own figure in one year, its members' in the other: the own may count
            // what the members do not (unallocated arrivals), so the two are not set side by side.
            for (own, members) in [(year, other), (other, year)] {
                let owned = if own == year { &now } else { &then };
                if owned.contains(market) && now != then {
                    return Err(format!(
                        "{market}'s own figure counts in {own}-{month:02}, only its members' in {members}-{month:02} (an own figure may count arrivals its members do not)"
                    ));
                }
            }
            // So of a group under it (review 70 M1: Europe's own figure in 2025, its members'
            // in 2026, gave Total the false "France counts in 2026 but has no figure for
            // 2025-01").
            for (own, members) in [(year, other), (other, year)] {
                let (owned, told) = if own == year { (&now, &then) } else { (&then, &now) };
                let group = owned.iter().find(|g| {
                    !told.contains(*g) && self.tree.descendants(g).iter().any(|d| told.contains(*d))
                });
                if let Some(g) = group {
                    return Err(format!(
                        "{g}'s own figure counts in {own}-{month:02}, only its members' in {members}-{month:02} (an own figure may count arrivals its members do not)"
                    ));
                }
            }
            if let Some(m) = now.difference(&then).next() {
                return Err(format!("{m} counts in {year} but has no figure for {other}-{month:02}"));
            }
            if let Some(m) = then.difference(&now).next() {
                return Err(format!(
                    "{m} counts in {other}-{month:02} but has no figure for {year}-{month:02}"
                ));
            }
        }
        Ok(())
    }

    /// `set` (the stored markets making a figure of a month of `year`) with each group whose
    /// own figure it holds replaced by its members in `other` (the other year's makers), where
    /// their figures of the month add up to the group's own within rounding.
    pub fn as_members(
        &self,
        set: &BTreeSet<String>,
        year: i32,
        month: u32,
        other: &BTreeSet<String>,
    ) -> BTreeSet<String> {
        let value = |name: &str| {
            self.present.get(name).filter(|p| p.contains(&(year, month)))?;
            self.rolled.get(&(year, month))?.get(name).map(|r| r.total)
        };
        let mut out = BTreeSet::new();
        for x in set {
            let below: Vec<&str> = self.tree.descendants(x);
            let members: Vec<&String> = other.iter().filter(|o| below.contains(&o.as_str())).collect();
            let sum: Option<f64> = members.iter().map(|m| value(m)).sum();
            match (value(x), sum) {
                (Some(own), Some(sum))
                    if !members.is_empty() && (own - sum).abs() <= 0.5_f64.max(0.0005 * own.abs()) =>
                {
                    out.extend(members.into_iter().cloned());
                }
                _ => {
                    out.insert(x.clone());
                }
            }
        }
        out
    }

    /// The latest month with any figure.
    pub fn latest_month(&self) -> Option<(i32, u32)> {
        self.rolled.keys().next_back().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.rolled.is_empty()
    }

    /// All stored markets, for display when there is no tree.
    pub fn markets(&self) -> Vec<String> {
        let mut v: Vec<String> = self.present.keys().cloned().collect();
        v.sort();
        v
    }

    /// Every market with a figure: by month, or by other periods only (quarters, years,
    /// days) in the years of the months read, sorted. What a flat store shows, so that no
    /// market is passed over in silence.
    pub fn markets_seen(&self) -> Vec<String> {
        let years = self.rolled.keys().next().zip(self.rolled.keys().next_back()).map(|(a, b)| a.0..=b.0);
        let other = self
            .other_periods
            .iter()
            .filter(|(_, y)| years.as_ref().is_none_or(|r| y.iter().any(|y| r.contains(y))))
            .map(|(m, _)| m);
        let mut v: Vec<String> = self.present.keys().chain(other).cloned().collect();
        v.sort();
        v.dedup();
        v
    }

    /// Whether a group's figures of `year` may be read as its members' sum: not where it has
    /// figures of its own that year, which may leave out a member by quarters (review 72 H1:
    /// Asia's own 2025, China's months without Japan's quarters, read as its members' 342 in
    /// place of its own 246); nor where it had figures of quarters or years the year before
    /// (review 70 H1: Americas' own 2024-H1, 3,000 above its members'), or own figures its
    /// members do not add up to. Where they have never differed, its members' sum stands in
    /// (trial 81 M2). One rule for the answers (`store_info::mixed_like_without`) and `gaps`.
    pub fn readable_from_members(&self, group: &str, year: i32) -> bool {
        !(self.has_own(group, year)
            || self.has_other_periods(group, year - 1)
            || (self.publishes_apart(group) && self.has_own(group, year - 1)))
    }

    /// Whether a group's members make its month where it has no figure of its own, as the
    /// answers count it: read from its members that year (`readable_from_members`), every
    /// member expected that year with the month (covered, held by a figure of a longer period,
    /// or so by its own members) (review 71 M1, M4: a group under it whose own figure counts
    /// more, a member with only its first quarter, and the years after a group's own figures
    /// stopped, told as `summary` counts them).
    fn members_reach(&self, group: &str, (year, month): (i32, u32)) -> bool {
        if !self.readable_from_members(group, year) {
            return false;
        }
        let members: Vec<&str> =
            self.tree.children(group).into_iter().filter(|c| self.expected_in(c, year)).collect();
        !members.is_empty()
            && members.iter().all(|c| {
                // (A member by quarters or years only that year is taken to have its months:
                // its own gaps are said by its periods.)
                self.reaches(c, year, month)
                    || self.by_other_periods_only(c, year)
                    || self.members_reach(c, (year, month))
            })
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
            // A group's month its members make is theirs, not missing (trial 81 M2: Americas'
            // own figures of 2024-H1, its members' after, said to miss 28 months); see
            // `members_reach` (review 70 H2: Europe's 2026-02 hidden, as one member had it).
            // And a month the answers count whole from its members (trial 96 F5: Europe's own
            // figures of January-March, its members' of April-August, which `summary` counts,
            // said to lack April-August).
            let members_have = |k: &(i32, u32)| self.members_reach(&m, *k) || self.covers(&m, k.0, k.1);
            let mut missing = Vec::new();
            let mut cur = first;
            while cur <= latest {
                if !months.contains(&cur) && !members_have(&cur) {
                    missing.push(cur);
                }
                cur = if cur.1 == 12 { (cur.0 + 1, 1) } else { (cur.0, cur.1 + 1) };
            }
            out.push(Gap { market: m, first, last, missing });
        }
        out
    }
}

/// Months as (year, month).
type Months = BTreeSet<(i32, u32)>;

/// Whether a market reporting in `years` is expected to have figures in `year`: it reports
/// then, or it did the year before (a member late with a year's figures is no member gone:
/// review 20 H1 found a rule that took one silent a year for stopped leaving a group's total
/// short of a late member without a word).
fn expected(years: &BTreeSet<i32>, year: i32) -> bool {
    years.contains(&year) || years.contains(&(year - 1))
}

/// Which months each market and group covers, and in which years each reports (see
/// [`MonthlyArrivals`]). Markets outside the tree cover the months they have. Flows add up
/// (a market without flows in a month has none), so a group of flows covers every month any
/// of its members covers.
type Coverage = (
    HashMap<String, Months>,
    HashMap<String, BTreeSet<i32>>,
    HashMap<String, BTreeMap<(i32, u32), Vec<String>>>,
);

fn coverage(
    tree: &MarketTree,
    present: &HashMap<String, BTreeSet<(i32, u32)>>,
    elsewhere: &HashMap<String, BTreeSet<i32>>,
    rule: RollupRule,
    apart: &BTreeSet<String>,
    rolled: &BTreeMap<(i32, u32), HashMap<String, Rolled>>,
) -> Coverage {
    let years_of = |months: &BTreeSet<(i32, u32)>| months.iter().map(|&(y, _)| y).collect::<BTreeSet<i32>>();
    let mut covered: Vec<BTreeSet<(i32, u32)>> = vec![BTreeSet::new(); tree.len()];
    let mut reporting: Vec<BTreeSet<i32>> = vec![BTreeSet::new(); tree.len()];
    let mut left_out: Vec<BTreeMap<(i32, u32), Vec<String>>> = vec![BTreeMap::new(); tree.len()];
    let value = |k: (i32, u32), name: &str| rolled.get(&k).and_then(|r| r.get(name)).filter(|r| r.present);
    // Reversed, the tree's order puts every member before its group.
    for &(_, i) in tree.order().iter().rev() {
        let mut own = present.get(tree.name(i)).cloned().unwrap_or_default();
        let members = tree.members(i);
        // A group's own figure that is its members' sum but for a member with none in a month
        // it has a figure after (a hole in its months), or one late for the group's latest month
        // (its figure of the month before known): the figure leaves the member out, as an
        // office's total of the markets it has does (trial 64 H1: Europe -0.2% against a year
        // that counted Italy, +1.0% like with like, without a word). Not a month of the group
        // then: missing, as its members' sum would be. (A member whose figures stopped months
        // ago is closed or counted elsewhere, and the group's figure counts what there is.)
        if rule == RollupRule::OwnFigureFirst && !members.is_empty() {
            let latest_own = own.iter().next_back().copied();
            for k in own.clone() {
                let Some(figure) = value(k, tree.name(i)) else { continue };
                // The sum of some members (with none, the figure is the group's whole), to its
                // rounding (a tenth of a percent). (A group whose figure holds more than its
                // members, the rest of its region, shows no member left out: said in the README.
                // Nor is that told from the group's other months, which each command reads a
                // span of its own of: review 40 H2.)
                let tolerance = (0.001 * figure.total.abs()).max(0.5);
                let beyond = figure.unallocated.abs();
                if beyond > tolerance || !members.iter().any(|&c| value(k, tree.name(c)).is_some()) {
                    continue;
                }
                let before = (k.0 - 1, k.1);
                let mut out: Vec<String> = Vec::new();
                for &c in members {
                    if covered[c].contains(&k) || !expected(&reporting[c], k.0) {
                        continue;
                    }
                    // Counted in the sum none the less (a group's partial sum: a member of its
                    // own behind, which may be new): not left out.
                    let inner = left_out[c].get(&k);
                    if inner.is_none() && value(k, tree.name(c)).is_some() {
                        continue;
                    }
                    // What would be left out, by its size a year before: the member's, or (a
                    // group whose own figure leaves out some of its members) theirs. The
                    // figure leaves it out where it is nearer the others' sum than that sum
                    // with the member (review 38 H1: a total 3,000 above its region's figure
                    // that lacked 3,000 counts it; review 39 H1: 600 of rounding above a sum
                    // without 2,200 does not), and the member is more than its rounding.
                    let size = |name: &str| value(before, name).map_or(0.0, |r| r.total);
                    let gone: f64 = match inner {
                        Some(inner) => inner.iter().map(|n| size(n)).sum(),
                        None => size(tree.name(c)),
                    };
                    let month_before = if k.1 == 1 { (k.0 - 1, 12) } else { (k.0, k.1 - 1) };
                    let hole = covered[c].range((k.0, k.1 + 1)..).next().is_some();
                    let late = Some(k) == latest_own && covered[c].contains(&month_before);
                    if gone > 2.0 * tolerance && beyond <= 0.5 * gone && (hole || late) {
                        match inner {
                            Some(inner) => out.extend(inner.iter().cloned()),
                            None => out.push(tree.name(c).to_string()),
                        }
                    }
                }
                if !out.is_empty() {
                    own.remove(&k);
                    left_out[i].insert(k, out);
                }
            }
        }
        let own_years = years_of(&own);
        // A group publishing its own figures, which its members' do not add up to: a month
        // without its own figure that year or the year after one is missing, not its
        // members' (partial) sum.
        let publishes_apart = apart.contains(tree.name(i));
        let mut years = own_years.clone();
        years.extend(elsewhere.get(tree.name(i)).into_iter().flatten().copied());
        for &c in members {
            years.extend(reporting[c].iter().copied());
        }
        let mut months = own;
        let candidates: BTreeSet<(i32, u32)> =
            members.iter().flat_map(|&c| covered[c].iter().copied()).collect();
        for (y, m) in candidates {
            // A member that reported this year or last is expected: a new year's first
            // release of a few markets does not make a group's month.
            let whole = rule == RollupRule::Additive
                || (!(publishes_apart && (own_years.contains(&y) || own_years.contains(&(y - 1))))
                    && members
                        .iter()
                        .filter(|&&c| expected(&reporting[c], y))
                        .all(|&c| covered[c].contains(&(y, m))));
            if whole {
                months.insert((y, m));
            }
        }
        covered[i] = months;
        reporting[i] = years;
    }
    let mut covered_by_name: HashMap<String, BTreeSet<(i32, u32)>> = HashMap::new();
    let mut reporting_by_name: HashMap<String, BTreeSet<i32>> = HashMap::new();
    for (i, (c, r)) in covered.into_iter().zip(reporting).enumerate() {
        covered_by_name.insert(tree.name(i).to_string(), c);
        reporting_by_name.insert(tree.name(i).to_string(), r);
    }
    let left_out_by_name = left_out
        .into_iter()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .map(|(i, l)| (tree.name(i).to_string(), l))
        .collect();
    // Markets the tree does not know report in the years of their months and of their other
    // periods (quarters, years, days), as the tree's do.
    for (name, months) in present {
        if tree.resolve(name).is_none() {
            covered_by_name.insert(name.clone(), months.clone());
            reporting_by_name.insert(name.clone(), years_of(months));
        }
    }
    for (name, years) in elsewhere {
        if tree.resolve(name).is_none() {
            reporting_by_name.entry(name.clone()).or_default().extend(years.iter().copied());
        }
    }
    (covered_by_name, reporting_by_name, left_out_by_name)
}

/// A market's monthly series and the months missing from it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
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

/// Where figures came from: their sources and latest vintage (for chart footnotes).
pub fn provenance(
    lf: LazyFrame,
    as_of: Option<NaiveDate>,
    markets: Option<&[String]>,
) -> Result<(Vec<String>, Option<NaiveDate>)> {
    let known = match as_of {
        Some(d) => lf.filter(col("as_of").lt_eq(super::vintage::date_lit(d))),
        None => lf,
    };
    let known = match markets {
        Some(m) => {
            let list = Series::new("markets".into(), m.to_vec());
            known.filter(col("market").is_in(lit(list).implode(false), false))
        }
        None => known,
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
    fn a_group_whose_own_figures_its_members_miss_is_not_their_sum_where_it_has_none() {
        // Total publishes 100 a month, its members 30 + 20: where Total's own March is
        // missing, 50 is no figure of Total. Where the members add up to it, they stand in.
        let apart = months(&[
            ("Total", 2025, 1, 100),
            ("Total", 2025, 2, 100),
            ("China", 2025, 1, 30),
            ("China", 2025, 2, 30),
            ("China", 2025, 3, 30),
            ("Japan", 2025, 1, 20),
            ("Japan", 2025, 2, 20),
            ("Japan", 2025, 3, 20),
        ]);
        assert_eq!(apart.month("Total", 2025, 3), None);
        assert_eq!(apart.complete_through("Total", 2025), 2);
        let adding_up = months(&[
            ("Total", 2025, 1, 50),
            ("China", 2025, 1, 30),
            ("China", 2025, 2, 30),
            ("Japan", 2025, 1, 20),
            ("Japan", 2025, 2, 20),
        ]);
        assert_eq!(adding_up.month("Total", 2025, 2), Some(50.0));
    }

    #[test]
    fn a_group_covers_a_month_only_when_every_reporting_member_has_it() {
        let m = months(&[
            ("China", 2025, 1, 10),
            ("China", 2025, 3, 30),
            ("Japan", 2025, 1, 5),
            ("Japan", 2025, 2, 6),
            ("Japan", 2025, 3, 7),
            ("Japan", 2025, 4, 8),
        ]);
        assert_eq!(m.sum("Total", 2025, 1, 1), Some(15.0));
        // February lacks China, April lacks China: Total has neither, never a partial sum.
        assert_eq!(m.month("Total", 2025, 2), None);
        assert_eq!(m.sum("Total", 2025, 1, 3), None);
        assert_eq!(m.month("Total", 2025, 3), Some(37.0));
        assert_eq!(m.complete_through("Total", 2025), 1);
        assert_eq!(m.complete_through("Japan", 2025), 4);
        assert_eq!(m.latest_covered("Total", 2025), Some(3));
        assert_eq!(m.uncovered("Total", 2025, 1, 4), [2, 4]);
        assert_eq!(m.sum("China", 2024, 1, 12), None, "a year with no data is unknown, not zero");
        assert_eq!(m.members_through("Total", 2025), [("China".to_string(), 1), ("Japan".to_string(), 4)]);
    }

    #[test]
    fn a_member_is_expected_the_year_after_it_reported_and_not_once_silent_for_a_year() {
        let m = months(&[("China", 2023, 1, 9), ("Japan", 2024, 1, 5), ("Japan", 2025, 1, 6)]);
        assert!(!m.reports_in("China", 2025));
        // 2024: China reported in 2023, so Total without it is not a figure (late, or gone:
        // the store cannot tell).
        assert_eq!(m.sum("Total", 2024, 1, 1), None);
        assert!(m.expected_in("China", 2024));
        // 2025: China has been silent a whole year; Japan is Total.
        assert_eq!(m.sum("Total", 2025, 1, 1), Some(6.0));
        // A new year's first release of one market is no Total.
        let m = months(&[("China", 2024, 1, 9), ("Japan", 2024, 1, 5), ("Japan", 2025, 1, 6)]);
        assert_eq!(m.sum("Total", 2025, 1, 1), None);
        assert!(m.comparable("Japan", 2025, 2024, 1, 1).is_ok());
    }

    #[test]
    fn a_comparison_needs_the_same_markets_figures_both_years() {
        let m = months(&[("China", 2025, 1, 9), ("Japan", 2024, 1, 5), ("Japan", 2025, 1, 6)]);
        assert_eq!(m.sum("Total", 2024, 1, 1), Some(5.0));
        assert_eq!(m.sum("Total", 2025, 1, 1), Some(15.0));
        let why = m.comparable("Total", 2025, 2024, 1, 1).unwrap_err();
        assert_eq!(why, "China counts in 2025 but has no figure for 2024-01");
        // Trial 28 #5: the group's own figure last year, its members' this year, is said so
        // (it was "China counts in 2025 but has no figure for 2024-01").
        let m = months(&[("Total", 2024, 1, 20), ("China", 2025, 1, 9), ("Japan", 2025, 1, 6)]);
        let why = m.comparable("Total", 2025, 2024, 1, 1).unwrap_err();
        assert_eq!(
            why,
            "Total's own figure counts in 2024-01, only its members' in 2025-01 (an own figure may count arrivals its members do not)"
        );
    }

    #[test]
    fn flows_add_up_so_a_group_covers_what_any_member_covers() {
        let tree = MarketTree::new(vec![
            MarketNode { name: "Total".into(), parent: None, aliases: vec![] },
            MarketNode { name: "China".into(), parent: Some("Total".into()), aliases: vec![] },
            MarketNode { name: "Japan".into(), parent: Some("Total".into()), aliases: vec![] },
        ])
        .unwrap();
        let df = df!("market" => ["China", "Japan"], "year" => [2025, 2025], "month" => [1, 2], "value" => [4i64, 5])
            .unwrap();
        let m = MonthlyArrivals::new(&tree, &df, RollupRule::Additive).unwrap();
        assert_eq!(m.sum("Total", 2025, 1, 2), Some(9.0));
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
