//! Arrivals year to date and target tracking, like with like.
//!
//! Publishers release markets at different times (the big markets' provisional figures first)
//! and series start at different dates, so the months a store holds are ragged by nature. Every
//! figure here counts the same months this year and last, through the market's own latest
//! complete month (a group's: the last month its own figure or all its reporting members
//! cover; see [`MonthlyArrivals`]), never further than the month the table counts through. By
//! default that month is the latest the markets asked about have in common. A comparison that
//! the store cannot make (last year incomplete, a series that starts after January) is empty,
//! with a note that says why; it is never a partial sum and never 0.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use polars::prelude::{col, lit};
use serde::Serialize;

use super::on_the_books::flow_lines;
use super::store_info::{
    alike, mixed, mixed_like, period_notes, periods_read, unlike_markets, Mixed, OtherPeriod,
};
use crate::analysis::arrivals::{
    figures_of_period, first_known_monthly, latest_monthly_year, monthly_figures, MonthlyArrivals, Years,
};
use crate::analysis::otb::OtbQuery;
use crate::analysis::rollup::RollupRule;
use crate::analysis::targets::{track, Status, Tracking, TrackingInput};
use crate::analysis::{change_pct, contribution_pct};
use crate::columns;
use crate::error::{Error, PolarsContext, Result};
use crate::forecast::{
    airline_min_len, project, run_rate, Interval, Method, Series, Shocks, Unfit, PATHS, SEED,
};
use crate::kind::Kind;
use crate::market::MarketTree;
use crate::period::{first_of_month, LyRule, Period, Window};
use crate::store::Store;

/// A month of a year as publishers write it: `2025-06`.
pub fn month_label(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// Months of a year as ranges: "2025-01..2025-03, 2025-05".
pub fn month_list(year: i32, months: &[u32]) -> String {
    let all: Vec<(i32, u32)> = months.iter().map(|&m| (year, m)).collect();
    crate::analysis::arrivals::month_ranges(&all)
}

/// "A has" or "A, B have": a few names (at most five) as the subject of a sentence.
fn names_have(names: &[String]) -> String {
    format!("{} {}", some_names(names, 5), if names.len() == 1 { "has" } else { "have" })
}

/// Names, at most `n` of them, then how many more.
pub fn some_names(names: &[String], n: usize) -> String {
    // A name with a comma of its own ("Korea, Rep.") would read as two: the list is then
    // separated by semicolons (trial 41 #7). Commas inside a name's parentheses are its notes'.
    let comma_in_name = |name: &String| {
        let mut depth = 0i32;
        name.chars().any(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            c == ',' && depth == 0
        })
    };
    let sep = if names.iter().any(comma_in_name) { "; " } else { ", " };
    if names.len() <= n {
        return names.join(sep);
    }
    format!("{} and {} more", names[..n].join(sep), names.len() - n)
}

/// A quarter's or a year's own figure (of `year`, or the year before) that the months counted
/// do not add up to (a total published beside its months, then revised in one of them): the
/// months are what is counted, and the difference is said. `counted` holds each market and the
/// last month counted; with `whole_last_year` the year before is counted whole (the target
/// path and the projection use all of it), else through the same month.
pub fn own_totals_notes(
    store: &Store,
    arrivals: &MonthlyArrivals,
    counted: &[(String, u32)],
    year: i32,
    as_of: Option<NaiveDate>,
    whole_last_year: bool,
    by_periods: &[String],
) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    // The tree, read once where a revision is looked into.
    let mut tree: Option<MarketTree> = None;
    let periods = super::store_info::other_periods(store, as_of)?;
    for o in &periods {
        let Some((_, through)) = counted.iter().find(|(m, _)| *m == o.market) else { continue };
        let (y, (fy, fm), (ly, lm)) = (o.first.0, o.first, o.last);
        let reach = if y == year - 1 && whole_last_year { 12 } else { *through };
        if fy != ly || !(y == year || y == year - 1) || lm > reach || fm < 1 {
            continue;
        }
        // A market counted by its months and a quarter of its own in place of some: its own
        // figure of a half or a year that they do not add up to (review 51 M6: 1,320 counted,
        // its own 1,400 for the year unsaid, which claims read).
        if arrivals.sum(&o.market, y, fm, lm).is_none() {
            let patched = super::store_info::mixed(arrivals, &periods, &o.market, y, (fm, lm))
                .filter(|x| !x.patched.is_empty() && !x.periods.iter().any(|p| p.1 == o.period));
            if let Some(x) = patched {
                if (x.value - o.value).abs() >= 0.5 {
                    let count = |v: f64| crate::output::thousands(v.round() as i64);
                    notes.push(format!(
                        "{}: its own figure for {} ({}) is not what {} add up to ({}); they are counted",
                        o.market,
                        o.period,
                        count(o.value),
                        super::store_info::months_and_own(&o.market, &x),
                        count(x.value)
                    ));
                }
                continue;
            }
        }
        // A market counted by its quarters: a half's or a year's own figure beside them that
        // they do not add up to (review 30 M1: said at ingest, never by summary).
        if by_periods.contains(&o.market) && arrivals.sum(&o.market, y, fm, lm).is_none() {
            if let Some((parts, read)) = super::store_info::tiled(&periods, &o.market, y, (fm, lm)) {
                if read.len() > 1 && (parts - o.value).abs() >= 0.5 {
                    let count = |v: f64| crate::output::thousands(v.round() as i64);
                    notes.push(format!(
                        "{}: its own figure for {} ({}) is not what its {} add up to ({}); they are counted",
                        o.market,
                        o.period,
                        count(o.value),
                        read.iter().map(|r| r.period.as_str()).collect::<Vec<_>>().join(", "),
                        count(parts)
                    ));
                }
            }
            continue;
        }
        let Some(months) = arrivals.sum(&o.market, y, fm, lm) else { continue };
        if (months - o.value).abs() >= 0.5 {
            let count = |v: f64| crate::output::thousands(v.round() as i64);
            // Published before its months were revised (trial 46 F9): the vintages say so, where
            // the months as known that day were its figure (trial 47 F13: a difference already
            // in the release had been put down to the revision).
            let revised = match (o.known, arrivals.latest_vintage(&o.market, y, fm, lm)) {
                (Some(own), Some(months)) if own < months => {
                    let tree = match &mut tree {
                        Some(t) => t,
                        slot => slot.insert(store.market_tree()?),
                    };
                    let then =
                        load_monthly(store, tree, &Years::Of(vec![y]), Some(own))?.sum(&o.market, y, fm, lm);
                    match then {
                        Some(then) if (then - o.value).abs() < 0.5 => format!(
                            " (it is as published on {own}, when its months added up to it; they are as known up to {months}: revised since)"
                        ),
                        _ => format!(" (it is as published on {own}, its months as known up to {months})"),
                    }
                }
                _ => String::new(),
            };
            // A market counted by its quarters (this year's, and so last year's too).
            let counted = if by_periods.contains(&o.market) {
                "its own figures of quarters or years are counted, as this year's"
            } else {
                "the months are counted"
            };
            notes.push(format!(
                "{}: its own figure for {} ({}) is not what its months add up to ({}){revised}; {counted}",
                o.market,
                o.period,
                count(o.value),
                count(months)
            ));
        }
    }
    Ok(notes)
}

/// The years of monthly arrivals a projection by `method` of `year` is made from: the run
/// rate's this year and last (and the year before, for how months vary), every year for the
/// others. Every command that projects loads these, so each gives the same year end.
pub fn projection_years(method: Method, year: i32) -> Years {
    match method {
        Method::RunRate | Method::Bookings => Years::Of(vec![year - 2, year - 1, year]),
        _ => Years::All,
    }
}

/// Monthly arrivals of the given years, rolled up the tree, as known on `as_of`.
pub fn load_monthly(
    store: &Store,
    tree: &MarketTree,
    years: &Years,
    as_of: Option<NaiveDate>,
) -> Result<MonthlyArrivals> {
    let span = match years {
        Years::All => None,
        Years::Of(years) => {
            Some((years.iter().min().copied().unwrap_or(0), years.iter().max().copied().unwrap_or(0)))
        }
    };
    let Some(lf) = store.scan(Kind::Arrivals, span)? else {
        if store.scan(Kind::Arrivals, None)?.is_none() {
            return Err(Error::Usage(
                "the store has no arrivals; ingest some with `tourstat ingest arrivals FILE`".into(),
            ));
        }
        return Ok(MonthlyArrivals::default());
    };
    read_monthly(store, tree, lf, years, as_of)
}

/// The monthly arrivals of `lf` (the store's) of `years`, as known on `as_of`, with the months
/// its figures of quarters stand for (`MonthlyArrivals::hold`).
pub(crate) fn read_monthly(
    store: &Store,
    tree: &MarketTree,
    lf: polars::prelude::LazyFrame,
    years: &Years,
    as_of: Option<NaiveDate>,
) -> Result<MonthlyArrivals> {
    let elsewhere = crate::analysis::arrivals::other_period_map(lf.clone(), as_of)?;
    let df = monthly_figures(lf, "arrivals", years, as_of).collect().context("reading arrivals")?;
    let mut arrivals =
        MonthlyArrivals::with_other_periods(tree, &df, RollupRule::OwnFigureFirst, &elsewhere)?;
    if !elsewhere.is_empty() {
        let periods = super::store_info::other_periods(store, as_of)?;
        arrivals.hold(periods.iter().map(|o| (o.market.as_str(), o.first, o.last, o.value)));
    }
    Ok(arrivals)
}

/// Why the store has nothing for a year: nothing at all, or nothing yet known on `as_of`.
pub fn nothing_for_year(store: &Store, year: i32, as_of: Option<NaiveDate>) -> Result<Error> {
    if let (Some(d), Some(lf)) = (as_of, store.scan(Kind::Arrivals, Some((year, year)))?) {
        let first = first_known_monthly(lf, &[year]).collect().context("reading arrivals")?;
        if let Some(known) = columns::dates(&first, "as_of")?.first().copied().flatten() {
            return Ok(Error::Usage(format!(
                "the store's monthly arrivals for {year} were first known on {known}; nothing of {year} was known on {d} (ask as of {known} or later)"
            )));
        }
    }
    let years = monthly_years(store)?;
    let has = match (years.first(), years.last()) {
        (Some(a), Some(b)) if a == b => format!(" (it has {a})"),
        (Some(a), Some(b)) => format!(" (it has {a} to {b})"),
        _ => String::new(),
    };
    // Figures of quarters or years of that year: the questions asked here are of months.
    let other = match store.scan(Kind::Arrivals, Some((year, year)))? {
        Some(lf) => crate::analysis::arrivals::other_period_map(lf, as_of)?,
        None => Default::default(),
    };
    let mut by_other: Vec<String> =
        other.into_iter().filter(|(_, y)| y.contains(&year)).map(|(m, _)| m).collect();
    by_other.sort();
    let other = if by_other.is_empty() {
        String::new()
    } else {
        format!(
            // (Trial 82 M2: "which summary ... do not count", where summary counts them.)
            // (Review 71 M2: the advice given to shortfall and the charts, which it does not
            // help.)
            "; {} figures of {year} by other periods than months (quarters, years, days): summary counts them with --through the last month of one ({year}-03 for a first quarter, {year}-12 for the year); shortfall and the charts, which go month by month, do not",
            names_have(&by_other)
        )
    };
    Ok(Error::Usage(format!("the store has no monthly arrivals for {year}{has}{other}")))
}

/// The years with any monthly arrivals, in order.
fn monthly_years(store: &Store) -> Result<Vec<i32>> {
    let Some(lf) = store.scan(Kind::Arrivals, None)? else { return Ok(Vec::new()) };
    let df = lf
        .filter(col("granularity").eq(lit("month")))
        .select([col("period_start").dt().year().unique().sort(Default::default()).alias("year")])
        .collect()
        .context("reading the years")?;
    Ok(columns::ints(&df, "year")?.into_iter().flatten().map(|y| y as i32).collect())
}

/// The latest year with monthly arrivals known on `as_of`.
pub fn latest_year(store: &Store, as_of: Option<NaiveDate>) -> Result<i32> {
    let Some(lf) = store.scan(Kind::Arrivals, None)? else {
        return Err(Error::Usage(
            "the store has no arrivals; ingest some with `tourstat ingest arrivals FILE`".into(),
        ));
    };
    let latest = latest_monthly_year(lf.clone(), as_of).collect().context("reading arrivals")?;
    if let Some(y) = columns::ints(&latest, "year")?.first().copied().flatten() {
        return Ok(y as i32);
    }
    let any = latest_monthly_year(lf.clone(), None).collect().context("reading arrivals")?;
    match (as_of, columns::ints(&any, "year")?.first().copied().flatten()) {
        (Some(_), Some(y)) => Err(nothing_for_year(store, y as i32, as_of)?),
        _ => {
            // Figures of years or quarters only: the --through that counts them (trial 77 L2:
            // "the store has no monthly arrivals" alone, where --through 2022-12 answers).
            let other = crate::analysis::arrivals::other_period_map(lf, as_of)?;
            let last = other.values().flat_map(|years| years.iter().copied()).max();
            Err(Error::Usage(match last {
                Some(y) => format!(
                    "the store has no monthly arrivals, only figures of other periods (quarters, years, days), the latest of {y}: --through {y}-12 (or a quarter's last month) counts them where they tile the months"
                ),
                None => "the store has no monthly arrivals".into(),
            }))
        }
    }
}

/// The month a table counts through, and what its reader must know about that choice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Through {
    pub year: i32,
    /// Months 1..=month are counted, for every market that covers them.
    pub month: u32,
    /// Whether the month was asked for (otherwise: the latest the markets have in common).
    pub asked: bool,
    pub notes: Vec<String>,
    /// Not asked, and the markets behind hold most of the others back: said where the table's
    /// months are (trials 56 M1, 58 L2: one small market's January made a year's table January).
    pub held_back: Option<HeldBack>,
}

/// The markets a table's month waits for, and the later month most of the others reach.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeldBack {
    /// The markets through the table's month only.
    pub by: Vec<String>,
    /// The latest month at least half the markets reach.
    pub most: u32,
    /// How many markets reach it, of how many counted: the store's markets of the year at or
    /// below those shown, each with none of its members among them.
    pub have: usize,
    pub of: usize,
}

impl HeldBack {
    /// "held back by X; 53 of 66 markets have to 2025-08: --through 2025-08 counts each
    /// through its own".
    pub fn describe(&self, year: i32) -> String {
        let most = month_label(year, self.most);
        format!(
            "held back by {}; {} of {} markets have to {most}: --through {most} counts each through its own",
            some_names(&self.by, 3),
            self.have,
            self.of
        )
    }
}

/// Said of a group with a member first published after `other` beside members published in
/// `other` and `year` both: a new market is most often one split out of another (of an "other"
/// market, or a sibling: trial 73 M3, Hong Kong out of China), and that one's `what` (its
/// change against `other`, or its level) counts it then and not now, which its row cannot show.
fn new_member_note(
    arrivals: &MonthlyArrivals,
    group: &str,
    (year, other): (i32, i32),
    what: &str,
) -> Option<String> {
    let (new, old): (Vec<&str>, Vec<&str>) =
        arrivals.tree().children(group).into_iter().filter(|c| arrivals.reports_in(c, year)).partition(|c| {
            !arrivals.reports_in(c, other) && arrivals.first_covered(c).is_some_and(|(y, _)| y > other)
        });
    if new.is_empty() || old.is_empty() {
        return None;
    }
    // Each new member with its first month (review 50 L1: the first alone was named).
    let dated: Vec<String> = new
        .iter()
        .filter_map(|n| arrivals.first_covered(n).map(|(y, m)| format!("{n} (from {})", month_label(y, m))))
        .collect();
    let siblings: Vec<String> = old.iter().map(|s| s.to_string()).collect();
    let (it, one) = if new.len() == 1 { (new[0].to_string(), "is") } else { ("them".to_string(), "are") };
    Some(format!(
        "{group}: {} {one} new; if {} counted before in one of its siblings ({}: split out), that one's {what} counts {it} then and not now",
        some_names(&dated, 4),
        if new.len() == 1 { "it was" } else { "they were" },
        some_names(&siblings, 4),
    ))
}

/// Where a market's months `from..=to` are not made of the same markets as a year before: the
/// notes that say why (and of a member new since), its change left empty.
fn unlike_last_year(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    (from, to): (u32, u32),
) -> Option<Vec<String>> {
    let why = arrivals.comparable(market, year, year - 1, from, to).err()?;
    let mut notes = vec![format!("{market}: not compared with {}: {why}", year - 1)];
    notes.extend(new_member_note(
        arrivals,
        market,
        (year, year - 1),
        &format!("change against {}", year - 1),
    ));
    Some(notes)
}

/// Whether a group covers no month of `year` from January on for members published by
/// quarters or longer periods only (down the tree), every other member covering one.
fn behind_by_longer_periods_only(arrivals: &MonthlyArrivals, market: &str, year: i32) -> bool {
    let members = arrivals.members_through(market, year);
    members.iter().any(|(_, k)| *k == 0)
        && members.iter().all(|(c, _)| {
            arrivals.complete_through(c, year) > 0
                || arrivals.by_other_periods_only(c, year)
                || behind_by_longer_periods_only(arrivals, c, year)
        })
}

/// Where months `missing` of `year` of a market, without a figure, are each held by a figure of
/// a longer period of its own or a member's (see `MonthlyArrivals::hold`) that the months
/// counted (1 to `own`) end within (review 51 M2: "last year has no figure for 2025-07..2025-08"
/// of a year with U's 2025-Q3): those figures ("U's 2025-Q3"), and the nearest month counted
/// through that ends none within (0: none).
fn split_periods(
    arrivals: &MonthlyArrivals,
    periods: &[OtherPeriod],
    market: &str,
    year: i32,
    missing: &[u32],
    own: u32,
) -> Option<(String, u32)> {
    let read = cut_periods(arrivals, periods, market, year, missing, (1, own));
    if read.is_empty() {
        return None;
    }
    let names: Vec<String> = read.iter().map(|o| format!("{}'s {}", o.market, o.period)).collect();
    let whole = (1..own)
        .rev()
        .find(|k| {
            (1..=*k).all(|mo| arrivals.reaches(market, year, mo))
                && read.iter().all(|o| *k < o.first.1 || *k >= o.last.1)
        })
        .unwrap_or(0);
    Some((some_names(&names, 4), whole))
}

/// Where months `missing` of `year` of a market, without a figure, are each held by a figure of
/// a longer period of its own or a member's (see `MonthlyArrivals::hold`), those figures among
/// them that months `from` to `to` cut (begin or end within): none where a missing month is held
/// by none, or where none is cut (review 55 M1: through September, the whole quarter counted,
/// was said to cut it).
pub(crate) fn cut_periods<'a>(
    arrivals: &MonthlyArrivals,
    periods: &'a [OtherPeriod],
    market: &str,
    year: i32,
    missing: &[u32],
    (from, to): (u32, u32),
) -> Vec<&'a OtherPeriod> {
    if missing.is_empty() || !missing.iter().all(|mo| arrivals.reaches(market, year, *mo)) {
        return Vec::new();
    }
    let mut within = arrivals.tree().descendants(market);
    within.push(market);
    let read: Vec<&OtherPeriod> = periods
        .iter()
        .filter(|o| {
            within.contains(&o.market.as_str()) && o.first.0 == year && o.last.0 == year && o.value > 0.0
        })
        .filter(|o| missing.iter().any(|mo| (o.first.1..=o.last.1).contains(mo)))
        // (Those standing for months: none of theirs with a figure, as `hold` takes them.)
        .filter(|o| (o.first.1..=o.last.1).all(|mo| !arrivals.covers(&o.market, year, mo)))
        .collect();
    if read.iter().any(|o| o.first.1 < from || to < o.last.1) {
        read
    } else {
        Vec::new()
    }
}

/// Where each of `markets` is one published by quarters only or holds one, and those reach an
/// earlier quarter's end than the month in common, counted through it: the month is that quarter's end
/// (review 90 M2: members to August, Q to its third quarter, refused where `--through 2025-06`
/// tracks every market). Its notes say the month.
fn quarter_end_reached(
    arrivals: &MonthlyArrivals,
    periods: &[OtherPeriod],
    markets: &[String],
    through: &mut Through,
) {
    let year = through.year;
    // Only where each of them is held back so: a market with a target the month tracks keeps
    // it, the others told the `--through` that tracks them (review 37 M1).
    // (A group with monthly figures of its own is counted by them: review 91 M1, cut to its
    // quarterly member's quarter, two published months dropped.)
    let by_quarters = |m: &String| {
        arrivals.by_other_periods_only(m, year)
            || (!arrivals.has_own(m, year)
                && arrivals.tree().descendants(m).iter().any(|c| arrivals.by_other_periods_only(c, year)))
    };
    if !markets.iter().all(by_quarters) {
        return;
    }
    let mut below: Vec<&str> = markets
        .iter()
        .flat_map(|m| {
            let mut d = arrivals.tree().descendants(m);
            d.push(m.as_str());
            d
        })
        .filter(|m| arrivals.by_other_periods_only(m, year))
        .collect();
    below.sort_unstable();
    below.dedup();
    // Its figures known once their period ended (review 92 M2: a third quarter estimated on
    // 15 September counted through September, where a month known before it ended is passed).
    let whole =
        |o: &&OtherPeriod| o.known.is_none_or(|known| known > Period::month(o.last.0, o.last.1).end());
    let held = |m: &str, mo: u32| {
        periods.iter().filter(whole).any(|o| {
            o.market == m && o.first.0 == year && o.last.0 == year && (o.first.1..=o.last.1).contains(&mo)
        })
    };
    // The latest month up to the one in common that ends one of its figures, every month from
    // January held (not a month within a quarter: August of a third quarter).
    let ends = |m: &str, q: u32| periods.iter().filter(whole).any(|o| o.market == m && o.last == (year, q));
    let reach = |m: &str| {
        (1..=through.month).rev().find(|&q| ends(m, q) && (1..=q).all(|mo| held(m, mo))).unwrap_or(0)
    };
    let Some((cap, by)) = below.iter().map(|m| (reach(m), *m)).min() else { return };
    if cap == 0 || cap >= through.month {
        return;
    }
    let (was, now) = (month_label(year, through.month), month_label(year, cap));
    for n in &mut through.notes {
        *n = n.replace(&was, &now);
    }
    through.notes.push(format!(
        "counted through {now}: {by} is published by quarters or longer periods, and {now} is the latest end of one up to {was} that its figures reach from January without a break, each known once it ended; the months after it are not counted"
    ));
    through.month = cap;
    through.held_back = None;
}

/// The month to count through for `markets`: the one asked for, or the latest month of `year`
/// that every market among them with figures from January on covers. Markets that cover more
/// are named in a note (their later months are not counted, so that rows compare alike).
pub fn common_through(
    arrivals: &MonthlyArrivals,
    markets: &[String],
    year: i32,
    asked: Option<u32>,
) -> std::result::Result<Through, String> {
    if let Some(month) = asked {
        // Asked through a month of a year none of them has a figure of (trial 75 L4: an empty
        // table, where `--year` said the store has no figures of that year).
        if !markets.iter().any(|m| arrivals.reports_in(m, year)) {
            return Err(format!("no monthly arrivals for {year}"));
        }
        return Ok(Through { year, month, asked: true, notes: Vec::new(), held_back: None });
    }
    let reach: Vec<(&String, u32)> = markets
        .iter()
        .filter(|m| arrivals.reports_in(m, year))
        .map(|m| (m, arrivals.reach_through(m, year)))
        .collect();
    let Some(mut month) = reach.iter().map(|(_, k)| *k).filter(|&k| k > 0).min() else {
        if reach.is_empty() {
            return Err(format!("no monthly arrivals for {year}"));
        }
        // Held back only by members published by quarters or longer periods (trial 73 M5:
        // `summary --depth 0` refused Total, where with its members shown it is given through
        // June, a quarterly member counted by its quarters): the month of their members.
        // (A market asked about that is itself published by quarters only is counted by them at
        // the month of the others' members: review 89 L2, targets of Total, Region and Qtr
        // alone were refused, where `--through 2025-09` tracks them.)
        let by_periods = |m: &str| arrivals.by_other_periods_only(m, year);
        if reach.iter().all(|(m, _)| behind_by_longer_periods_only(arrivals, m, year) || by_periods(m))
            && reach.iter().any(|(m, _)| !by_periods(m))
        {
            let members: Vec<String> = reach
                .iter()
                .flat_map(|(m, _)| arrivals.members_through(m, year))
                .map(|(c, _)| c)
                .filter(|c| !markets.contains(c))
                .collect();
            // (Each step down adds members; none left to add ends it: markets of figures by
            // years alone, each asked, asked again the same.)
            let found = if members.is_empty() {
                None
            } else {
                common_through(arrivals, &[markets, &members[..]].concat(), year, None).ok()
            };
            if let Some(mut t) = found {
                // The month is the members' (review 68 L1: "UK (through 2026-10)", not shown,
                // called one of the markets shown, and the note of those behind it lost).
                let at: Vec<(&String, u32)> = reach.iter().map(|(m, _)| (*m, t.month)).collect();
                let behind =
                    if t.held_back.is_none() { behind_the_store(arrivals, &at, year, t.month) } else { None };
                for n in &mut t.notes {
                    *n = n.replace(
                        "the markets shown have in common",
                        "the markets shown and their members have in common",
                    );
                }
                if let Some(b) = behind {
                    t.notes.retain(|n| {
                        !n.starts_with(&format!(
                            "counted through {}, the latest month",
                            month_label(year, t.month)
                        ))
                    });
                    t.notes.push(b);
                }
                return Ok(t);
            }
        }
        let starts: Vec<String> = reach
            .iter()
            .filter_map(|(m, _)| {
                let first = (1..=12).find(|&mo| arrivals.covers(m, year, mo))?;
                Some(format!("{m} from {}", month_label(year, first)))
            })
            .collect();
        let mut by_other: Vec<String> = Vec::new();
        for m in reach.iter().flat_map(|(m, _)| {
            std::iter::once(m.to_string())
                .chain(arrivals.members_through(m, year).into_iter().map(|(c, _)| c))
        }) {
            // A member shown beside its group is named once.
            if arrivals.by_other_periods_only(&m, year) && !by_other.contains(&m) {
                by_other.push(m);
            }
        }
        let longer: Vec<String> = reach
            .iter()
            .map(|(m, _)| m.to_string())
            .filter(|m| arrivals.has_other_periods(m, year) && !arrivals.by_other_periods_only(m, year))
            .collect();
        // Groups held back by members further down (a quarterly member of a member): named
        // down to the cause (trial 39 #3 named none).
        // (Beside a member published by quarters, named below: review 86 M1, a member that
        // stopped went unnamed and the quarterly one was blamed.)
        let behind: Vec<String> = reach
            .iter()
            .filter_map(|(m, _)| {
                let behind = members_behind_but(arrivals, m, year, 1, &by_other);
                (!behind.is_empty()).then(|| format!("; {m}: members behind: {}", some_names(&behind, 4)))
            })
            .collect();
        return Err(format!(
            "no market asked about has complete figures for {year} from January on{}{}{}{}",
            if starts.is_empty() { String::new() } else { format!(" ({})", some_names(&starts, 5)) },
            behind.concat(),
            if by_other.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} figures by other periods only (quarters, years, days), none by month (--through the last month of a period they have counts them by it: {year}-03 for a first quarter, {year}-12 for the year)",
                    names_have(&by_other)
                )
            },
            if longer.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} figures of longer periods of {year} too (a quarter or the year), no months to count (`tourstat gaps` names them)",
                    names_have(&longer)
                )
            }
        ));
    };
    // Not within a quarter a market's (or a member's) figure of stands for its months: the
    // month before it, where there is one (review 52 M1, M2: July, within B's 2026-Q3, left B
    // at June and Total uncounted).
    let cut = |k: u32| reach.iter().any(|(m, _)| arrivals.cuts_held(m, year, k));
    let mut cut_by: Vec<String> = Vec::new();
    if cut(month) {
        if let Some(k) = (1..month).rev().find(|k| !cut(*k)) {
            // The lowest markets whose figure is cut, named (not every group above them).
            let shown: HashSet<&str> = reach.iter().map(|(m, _)| m.as_str()).collect();
            cut_by = reach
                .iter()
                .filter(|(m, _)| arrivals.cuts_held(m, year, month))
                .filter(|(m, _)| {
                    !arrivals
                        .tree()
                        .descendants(m)
                        .iter()
                        .any(|d| shown.contains(d) && arrivals.cuts_held(d, year, month))
                })
                .map(|(m, _)| m.to_string())
                .collect();
            month = k;
        }
    }
    // The month in common known before it ended (a month to date, summed from a daily feed)
    // is not counted by default: against the whole month a year before it reads as a fall
    // (trial 60 H1: "down 10.5% through July", the headline of a brief, on 15 days of July).
    // Each month known early is passed, back to one that is not (review 34 M4: flash figures
    // of the 25th, June as early as July); January early leaves none of the year (review 34
    // H1: counted, "down 50%" on 15 days).
    let early_in = |mo: u32| -> BTreeSet<(String, NaiveDate)> {
        reach
            .iter()
            .filter(|(_, k)| *k >= mo)
            .flat_map(|(m, _)| arrivals.known_before_end(m, year, mo))
            .collect()
    };
    let mut counted = month;
    let mut early = early_in(counted);
    let mut passed: Vec<u32> = Vec::new();
    while !early.is_empty() {
        passed.push(counted);
        if counted == 1 {
            break;
        }
        counted -= 1;
        early = early_in(counted);
    }
    if !passed.is_empty() {
        let early: BTreeSet<(String, NaiveDate)> = passed.iter().flat_map(|&mo| early_in(mo)).collect();
        let names: Vec<String> =
            early.iter().map(|(m, _)| m.clone()).collect::<BTreeSet<_>>().into_iter().collect();
        let first = early.iter().map(|(_, d)| *d).min().unwrap_or_default();
        passed.sort_unstable();
        let months = month_list(year, &passed);
        let why = format!(
            "{months}, the {} the markets shown have in common, {} known {} {first} for {}, before the month ended: part of the month, perhaps (a month to date), which against the whole month a year before would read as a fall",
            if passed.len() == 1 { "latest month" } else { "latest months" },
            if passed.len() == 1 { "was" } else { "were" },
            if passed.len() == 1 { "on" } else { "from" },
            some_names(&names, 6),
        );
        let asked = month_label(year, month);
        if counted == 1 && passed.contains(&1) {
            return Err(format!("no whole month of {year} yet: {why}; --through {asked} counts it"));
        }
        // Markets with whole months beyond: named, as where a market holds the table back
        // (review 34 M5: three markets' later months went unsaid).
        let whole: Vec<String> = reach
            .iter()
            .filter(|(m, k)| *k > month && arrivals.known_before_end(m, year, *k).is_empty())
            .map(|(m, k)| format!("{m} (through {})", month_label(year, *k)))
            .collect();
        let mut notes = vec![format!(
            "counted through {}: {why}; --through {asked} counts it",
            month_label(year, counted)
        )];
        if !whole.is_empty() {
            notes.push(format!(
                "{} {} whole months later too, not counted here so that every row covers the same months (ask for a later month to count them per market)",
                some_names(&whole, 6),
                if whole.len() == 1 { "has" } else { "have" }
            ));
        }
        return Ok(Through { year, month: counted, asked: false, notes, held_back: None });
    }
    let mut notes = Vec::new();
    // A market with no month from January on is said by the rows' own notes (`short_notes`,
    // with its members behind): said here too, it was said twice.
    for (m, k) in reach.iter().filter(|(_, k)| *k > 0) {
        if let Some(latest) = arrivals.latest_covered(m, year).filter(|l| l > k) {
            let missing = arrivals.uncovered(m, year, k + 1, latest);
            notes.push(format!(
                "{m}: no figure for {}, though it has later months (to {}); counted through {} at most",
                month_list(year, &missing),
                month_label(year, latest),
                month_label(year, *k)
            ));
        }
    }
    let ahead: Vec<String> = reach
        .iter()
        .filter(|(_, k)| *k > month)
        .map(|(m, k)| format!("{m} (through {})", month_label(year, *k)))
        .collect();
    if !ahead.is_empty() {
        notes.push(format!(
            "counted through {}, the latest month the markets shown have in common; {} {} later figures, not counted here so that every row covers the same months (ask for a later month to count them per market)",
            month_label(year, month),
            some_names(&ahead, 6),
            if ahead.len() == 1 { "has" } else { "have" }
        ));
    }
    // Counted by the markets shown with none of their members shown (review 33 M2: each
    // group above a market behind was counted as another).
    // (A group behind for a part of it not shown counts too: trial 81 L1, "1 of 1 markets
    // have to 2026-09" where Europe, held back by Sweden, was shown above Western Europe.)
    let reach_of: HashMap<&str, u32> = reach.iter().map(|(m, k)| (m.as_str(), *k)).collect();
    let lowest = |m: &str, k: u32| {
        !arrivals.tree().descendants(m).iter().any(|d| reach_of.get(d).is_some_and(|&dk| dk <= k))
    };
    let mut reached: Vec<u32> =
        reach.iter().filter(|(m, k)| lowest(m, *k)).map(|(_, k)| *k).filter(|&k| k > 0).collect();
    reached.sort_unstable();
    let most = reached.get(reached.len() / 2).copied().unwrap_or(month);
    let mut held_back = (most > month).then(|| HeldBack {
        by: if cut_by.is_empty() {
            held_back_by(
                arrivals,
                reach.iter().filter(|(_, k)| *k == month).map(|(m, _)| m.as_str()),
                year,
                month,
            )
        } else {
            cut_by
                .iter()
                .map(|m| format!("{m} (a quarter's figure from {})", month_label(year, month + 1)))
                .collect()
        },
        most,
        have: reached.iter().filter(|&&k| k >= most).count(),
        of: reached.len(),
    });
    // Those holding the table back, and how many have the later month, are read down to the
    // store's own markets below those shown, as a table of them all reads them (trial 91 M2:
    // "held back by Japan; 1 of 2 markets" at --depth 0 and 1, counted of Asia and Americas,
    // where Japan and the UK lack 2025-10 and 5 of 7 markets have it).
    if held_back.is_some() {
        let mut below: Vec<String> = markets
            .iter()
            .flat_map(|m| arrivals.tree().descendants(m))
            .map(str::to_string)
            .filter(|c| !markets.contains(c))
            .collect();
        below.sort_unstable();
        below.dedup();
        if !below.is_empty() {
            let whole = common_through(arrivals, &[markets, &below[..]].concat(), year, None).ok();
            if let Some(h) = whole.filter(|w| w.month == month).and_then(|w| w.held_back) {
                held_back = Some(h);
            }
        }
    }
    if held_back.is_none() {
        notes.extend(behind_the_store(arrivals, &reach, year, month));
    }
    Ok(Through { year, month, asked: false, notes, held_back })
}

/// The markets shown (`reach`, each with its last month from January on) that stop at `month`,
/// with no figure after it, where most other markets of the store with figures of `year` go
/// further: said, as a market asked for alone has no other to hold it back (trial 61 M4: a
/// route closed in March, asked for in November, projected for nine more months as if it
/// went on, its chart silent).
fn behind_the_store(
    arrivals: &MonthlyArrivals,
    reach: &[(&String, u32)],
    year: i32,
    month: u32,
) -> Option<String> {
    let shown: HashSet<&str> = reach.iter().map(|(m, _)| m.as_str()).collect();
    // Other markets: none of those shown, nor any of their members or groups (review 35 M2:
    // a group asked for alone compared with its own members).
    let tree = arrivals.tree();
    let related: HashSet<String> = reach
        .iter()
        .flat_map(|(m, _)| {
            tree.descendants(m).into_iter().map(str::to_string).chain(tree.ancestors_and_self(m))
        })
        .collect();
    let stopped: Vec<String> = reach
        .iter()
        .filter(|(m, k)| *k == month && arrivals.latest_covered(m, year).is_none_or(|l| l <= month))
        .map(|(m, _)| m.to_string())
        .collect();
    // A group some of whose members have the month is held back by the others, which are
    // named (trial 79 M1: Asia "late, or no longer published?" where only Japan was late),
    // with every month the others have; a month late is "none yet", more is late or no longer
    // published (review 67 M3: five months called "none yet"). Where none of its members is
    // behind, its own figure stopped: asked as a market's is (review 69 M4).
    let counted = month_label(year, month);
    let mut said = Vec::new();
    let mut alone = Vec::new();
    for g in stopped {
        let ahead = tree
            .descendants(&g)
            .iter()
            .filter_map(|c| arrivals.latest_covered(c, year))
            .max()
            .filter(|&r| r > month);
        let Some(reach) = ahead.filter(|_| !members_behind(arrivals, &g, year, month + 1).is_empty()) else {
            alone.push(g);
            continue;
        };
        // Every market below it that stops short of `reach`, a group held back by its own
        // members down to them (review 68 M4: Total blamed on Asia, a group whose China had
        // every month, where Korea was late; and Europe, through a month less, said to have
        // them).
        let (behind, nested, short) = late_below(arrivals, &g, year, reach);
        let months = month_list(year, &(month + 1..=reach).collect::<Vec<_>>());
        let (who, has, goes) = match (behind.len(), nested) {
            (1, false) => ("its member", "has", "it goes"),
            (_, false) => ("its members", "have", "they go"),
            (1, true) => ("below it,", "has", "it goes"),
            (_, true) => ("below it,", "have", "they go"),
        };
        // Every member behind, markets further down having the months (trial 97 L6: "where its
        // other members have it" of Total, whose three members were all behind).
        let every = !nested && behind.len() == tree.children(&g).len();
        let others = match (nested, every) {
            (_, true) => "the markets below them",
            (true, false) => "its other markets",
            (false, false) => "its other members",
        };
        let names = some_names(&behind, 4);
        // Those that have some of the months lack the rest: "none" only where none has one.
        let lack = match (short, behind.len()) {
            (false, 1) => "has none",
            (false, _) => "have none",
            (true, 1) => "lacks some or all of them",
            (true, _) => "lack some or all of them",
        };
        said.push(if reach == month + 1 {
            format!(
                "{g}: no figure for {months}: {who} {names} {has} none yet, where {others} have it; counted through {counted}, a projection assumes {goes} on"
            )
        } else {
            format!(
                "{g}: no figure for {months}: {who} {names} {lack}, where {others} have them: late, or no longer published (a route closed)? Counted through {counted}; a projection assumes {goes} on"
            )
        });
    }
    let mut others: Vec<u32> = arrivals
        .markets_seen()
        .iter()
        .filter(|m| {
            !shown.contains(m.as_str()) && !related.contains(m.as_str()) && arrivals.reports_in(m, year)
        })
        // Their latest month, from whichever month they began (review 60 L1: one begun in
        // March left out of "2 of the 2 other markets", where 3 of 3 have the months).
        .filter_map(|m| arrivals.latest_covered(m, year))
        .collect();
    others.sort_unstable();
    // The month more than half of them reach (review 35 L1: the upper median named two of four).
    let most = others.get(others.len().saturating_sub(1) / 2).copied().unwrap_or(0);
    if !alone.is_empty() && most > month && month < 12 {
        let have = others.iter().filter(|&&k| k >= most).count();
        said.push(format!(
            "{}: no figure for {}, which {have} of the {} other markets of the store with figures of {year} have: late, or no longer published (a route closed)? Counted through {}; a projection assumes it goes on",
            some_names(&alone, 4),
            month_list(year, &(month + 1..=most).collect::<Vec<_>>()),
            others.len(),
            counted
        ));
    }
    (!said.is_empty()).then(|| said.join("; "))
}

/// The markets below the group `g` counted through fewer than `reach` months of `year`, each
/// group among them held back by its own members down to those, as `behind_label` names them;
/// whether any is not a member of `g` itself, and whether any has a month after `g`'s own.
fn late_below(arrivals: &MonthlyArrivals, g: &str, year: i32, reach: u32) -> (Vec<String>, bool, bool) {
    fn visit(
        arrivals: &MonthlyArrivals,
        g: &str,
        group: &str,
        year: i32,
        reach: u32,
        out: &mut (Vec<String>, bool, bool),
    ) {
        let own = arrivals.latest_covered(g, year).unwrap_or(0);
        let members = arrivals
            .members_through(group, year)
            .into_iter()
            .filter(|(m, k)| *k < reach && arrivals.reach_through(m, year) < reach);
        for (m, k) in members {
            let below_ahead = arrivals
                .tree()
                .descendants(&m)
                .iter()
                .filter_map(|c| arrivals.latest_covered(c, year))
                .any(|r| r > k);
            if below_ahead && !members_behind(arrivals, &m, year, reach).is_empty() {
                visit(arrivals, g, &m, year, reach, out);
                continue;
            }
            out.1 |= group != g;
            out.2 |= k > own;
            out.0.push(behind_label(arrivals, group, m, k, year, reach));
        }
    }
    let mut out = (Vec::new(), false, false);
    visit(arrivals, g, g, year, reach, &mut out);
    out
}

/// The markets through `month` only, each group down to its members that are (Nordics to
/// Finland): the ones that hold a table back, once each.
fn held_back_by<'a>(
    arrivals: &MonthlyArrivals,
    markets: impl Iterator<Item = &'a str>,
    year: i32,
    month: u32,
) -> Vec<String> {
    let mut by: Vec<String> = Vec::new();
    let mut todo: Vec<String> = markets.map(str::to_string).collect();
    todo.reverse();
    while let Some(m) = todo.pop() {
        let behind: Vec<String> = arrivals
            .members_through(&m, year)
            .into_iter()
            .filter(|(_, k)| *k == month)
            .map(|(c, _)| c)
            .collect();
        if behind.is_empty() {
            if !by.contains(&m) {
                by.push(m);
            }
        } else {
            todo.extend(behind.into_iter().rev());
        }
    }
    by
}

/// A note on a market whose months last year (of the `own` compared) were 0 for a closure
/// (`closed_at`): its change counts this year's figures for them against none.
pub fn closed_note(arrivals: &MonthlyArrivals, market: &str, year: i32, own: u32) -> Option<String> {
    let (history, first) = history_of(arrivals, market, year, own, None);
    let n = history.len();
    let at = |mo: u32| (n + mo as usize).checked_sub(13 + own as usize);
    // Closed a year before and open now: a month 0 in both years counts nothing against none
    // (trial 63 M2: a route closed since last July was said to count this year against none).
    let closed: Vec<u32> = (1..=own)
        .filter(|mo| {
            at(*mo).is_some_and(|t| closed_at(&history, t) && history.get(t + 12).is_some_and(|v| *v > 0.0))
        })
        .collect();
    if !closed.is_empty() {
        // Months of 0 between open ones elsewhere in its history: a small market's 0 as much
        // as a closure (trial 39 #5: Iceland, 0 to 5 a month, "closed").
        let this: Vec<usize> = closed.iter().filter_map(|mo| at(*mo)).collect();
        let month_at = |i: usize| {
            let k = (first.1 as usize - 1) + i;
            (first.0 + (k / 12) as i32, (k % 12) as u32 + 1)
        };
        // The runs of 0 the compared months are in are theirs (a closure of March to May).
        let same_run = |i: usize| {
            this.iter().any(|&t| {
                let (lo, hi) = (i.min(t), i.max(t));
                history[lo..=hi].iter().all(|v| *v == 0.0)
            })
        };
        // Only a small market's (a usual month under 20), and not a season's (0 a year before
        // or after too) (review 19 M4).
        let seasonal = |i: usize| (i >= 12 && history[i - 12] == 0.0) || history.get(i + 12) == Some(&0.0);
        let small = usual_month(&history).is_some_and(|u| u < 20.0);
        let others: Vec<(i32, u32)> = (0..n)
            .filter(|i| small && history[*i] == 0.0 && !same_run(*i) && !seasonal(*i))
            .map(month_at)
            .collect();
        let why = if others.is_empty() {
            "closed".to_string()
        } else {
            format!(
                "as {} {}: a small market's month of none, or closed",
                crate::analysis::arrivals::month_ranges(&others),
                if others.len() == 1 { "was" } else { "were" }
            )
        };
        // The change without them, like with like (trial 62 M3: -6.2% where -52.2%, the
        // figure claims gave and the chart did not).
        let like = match (arrivals.sum(market, year, 1, own), arrivals.sum(market, year - 1, 1, own)) {
            (Some(now), Some(ly)) if ly > 0.0 => {
                let theirs: f64 = closed.iter().filter_map(|mo| arrivals.month(market, year, *mo)).sum();
                change_pct(now - theirs, ly)
                    .map(|c| format!("; like with like, without them, {}", crate::output::change_text(c)))
            }
            _ => None,
        };
        return Some(format!(
            "{market}: {} {} 0 ({why}): yoy_pct counts this year's figures for {} against none{}",
            month_list(year - 1, &closed),
            if closed.len() == 1 { "was" } else { "were" },
            if closed.len() == 1 { "it" } else { "them" },
            like.unwrap_or_default()
        ));
    }
    // Nearly closed (20 a month where 10,000 is usual): the change is as much the closure's.
    let median = usual_month(&history)?;
    let low = |v: f64| below_usual(v, median);
    let near: Vec<u32> = (1..=own)
        .filter(|mo| {
            (n + *mo as usize)
                .checked_sub(13 + own as usize)
                .is_some_and(|t| history[t] > 0.0 && low(history[t]) && !low(history[t + 12]))
        })
        .collect();
    (!near.is_empty()).then(|| {
        format!(
            "{market}: {} {} nearly closed (below a tenth of the usual month, {}): yoy_pct counts this year's figures for {} against nearly none",
            month_list(year - 1, &near),
            if near.len() == 1 { "was" } else { "were" },
            crate::output::thousands(median.round() as i64),
            if near.len() == 1 { "it" } else { "them" }
        )
    })
}

/// A member of `market`'s group whose first figure comes after the first of last year's months
/// `from..=to` (with a year of `market`'s figures before it and none of its own: a first figure
/// the store can vouch for, not the first of the years read), and that adds more this year
/// than last, where `market`'s change (`now` against `ly`) is the fall among its siblings'
/// that best matches what the member adds, within half of it: the member may have been
/// counted in `market` before (Poland split out of "Other Europe"), so the change may compare
/// unlike with unlike. Said, with the change of the two together where the member has every
/// month from its first figure on (trial 39 #1: Other Europe -27.1% where, with Poland, +4.2%;
/// review 19 H1, M1, M2). Where no member alone matches, those first published in the same
/// month are tried together (trial 43: Poland and Czechia out of Other Europe in one release,
/// -23.6% where like with like +2.4%, said nowhere).
pub fn split_note(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    (from, to): (u32, u32),
    now: f64,
    ly: f64,
) -> Option<String> {
    // Whether it fell is `split_of`'s to say, against its peers' change (review 47 H3: a market
    // split out while every market grew, +4.0% where +30% with it, said nowhere).
    let tree = arrivals.tree();
    let parent = tree.get(market)?.parent.clone()?;
    let siblings = tree.children(&parent);
    // The siblings first published within the months, `market` having a figure a year before.
    let new: Vec<(&str, (i32, u32))> = siblings
        .iter()
        .copied()
        .filter(|s| *s != market)
        .filter_map(|s| {
            let first = arrivals.first_covered(s).filter(|f| *f > (year - 1, from))?;
            arrivals.covers(market, first.0 - 1, first.1).then_some((s, first))
        })
        // A sibling's new name is none split out (trial 69 M2: South Korea, "Korea, Rep." to
        // December, offered as split out of China).
        .filter(|(s, first)| renamed(arrivals, s, &parent, *first).is_none())
        // Nor one published by quarters or years before its first month (trial 84 M2: India's
        // 2015 quarters, counted in the same table, "first figure: 2016-01", offered as split
        // out of Indonesia).
        .filter(|(s, first)| !(first.0 - 1..=first.0).any(|y| arrivals.has_other_periods(s, y)))
        // Nor one of those a sibling ended into (M3).
        .filter(|(s, _)| {
            !siblings.iter().any(|e| *e != market && successors(arrivals, e).is_some_and(|n| n.contains(s)))
        })
        .collect();
    let said_of = |members: &[&str], first: (i32, u32)| {
        split_of(arrivals, market, year, (from, to), (now, ly), &siblings, members, first)
    };
    let mut said: Vec<String> = new.iter().filter_map(|(s, first)| said_of(&[s], *first)).collect();
    if said.is_empty() {
        let mut firsts: Vec<(i32, u32)> = new.iter().map(|(_, f)| *f).collect();
        firsts.sort_unstable();
        firsts.dedup();
        for first in firsts {
            let together: Vec<&str> = new.iter().filter(|(_, f)| *f == first).map(|(s, _)| *s).collect();
            if together.len() > 1 {
                said.extend(said_of(&together, first));
            }
        }
    }
    (!said.is_empty()).then(|| said.join("; "))
}

/// What may make a market's change (`now` against `ly`, months `from..=to`) compare it with
/// another self: a member split out of it (`split_note`), or merged into it (`merge_note`).
pub fn change_note(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    months: (u32, u32),
    now: f64,
    ly: f64,
) -> Option<String> {
    split_note(arrivals, market, year, months, now, ly)
        .or_else(|| merge_note(arrivals, market, year, months, now, ly))
}

/// The sibling under `group` last published the month before `member`'s first figure
/// (`first`, of its months to `last`), whose figures a year before are about the member's
/// (from two thirds to one and a half times): the member may be it, renamed.
fn renamed_from<'a>(
    arrivals: &'a MonthlyArrivals,
    member: &str,
    group: &str,
    (year, first): (i32, u32),
    last: u32,
) -> Option<&'a str> {
    let to = last.min(first + 2);
    let now = arrivals.sum(member, year, first, to)?;
    // A market merely late beside one new is no rename (review 34 M1).
    arrivals.tree().children(group).into_iter().filter(|s| *s != member).find(|s| {
        names_alike(s, member)
            && arrivals.last_covered(s) == Some(month_before((year, first)))
            && arrivals
                .sum(s, year - 1, first, to)
                .is_some_and(|then| then > 0.0 && (2.0 / 3.0..=1.5).contains(&(now / then)))
    })
}

/// Whether two market names share a word's first four letters ("Czech Republic" and
/// "Czechia", "Korea, Rep." and "South Korea"), as a market's new name does its old.
pub fn names_alike(a: &str, b: &str) -> bool {
    let stems = |name: &str| -> Vec<String> {
        name.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .map(|w| w.to_lowercase().chars().take(4).collect())
            .collect()
    };
    let theirs = stems(b);
    stems(a).iter().any(|w| theirs.contains(w))
}

/// Whether `part` is named as a part of `whole`: a word of it beyond a generic one
/// ("Belgium" of "Belgium & Luxembourg"; not "Slovak Republic" of "Czech Republic", review 77
/// M3), or its initials ("United Kingdom" of "UK & Ireland", M2).
fn part_of_name(whole: &str, part: &str) -> bool {
    const GENERIC: [&str; 14] = [
        "republic",
        "united",
        "kingdom",
        "states",
        "islands",
        "island",
        "federation",
        "democratic",
        "other",
        "others",
        "rest",
        "countries",
        "region",
        "people",
    ];
    let words = |name: &str| -> Vec<String> {
        name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    };
    let (whole, part) = (words(whole), words(part));
    let initials: String = part.iter().filter_map(|w| w.chars().next()).collect();
    let proper = |w: &&String| !GENERIC.contains(&w.as_str());
    // The same word, or one the start of the other, of five letters or more ("Czech" of
    // "Czechia"; not "Slovenia" of "Slovakia", review 78 M3).
    let alike = |a: &String, b: &String| {
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        short.chars().count() >= 4
            && (short == long || (short.chars().count() >= 5 && long.starts_with(short.as_str())))
    };
    // (Initials and one more letter: "USA" of "United States", review 78 M2.)
    whole.iter().any(|w| part.len() >= 2 && w.starts_with(initials.as_str()) && w.len() <= initials.len() + 1)
        || whole.iter().filter(proper).any(|w| part.iter().filter(proper).any(|p| alike(p, w)))
}

/// `renamed_from` of a market first published in month `first`, read up to its last figure
/// of that year.
fn renamed<'a>(
    arrivals: &'a MonthlyArrivals,
    member: &str,
    group: &str,
    first: (i32, u32),
) -> Option<&'a str> {
    let last = arrivals.latest_covered(member, first.0).unwrap_or(first.1);
    renamed_from(arrivals, member, group, first, last)
}

/// The sibling under `group` whose change this year (through `months`) `merges` reads as
/// counting `member` since its last figure.
fn merged_into<'a>(
    arrivals: &'a MonthlyArrivals,
    member: &str,
    group: &str,
    year: i32,
    months: u32,
) -> Option<&'a str> {
    arrivals.tree().children(group).into_iter().filter(|s| *s != member).find(|s| {
        let k = arrivals.complete_through(s, year).min(months);
        match (k > 0).then(|| (arrivals.sum(s, year, 1, k), arrivals.sum(s, year - 1, 1, k))) {
            Some((Some(now), Some(ly))) => merges(arrivals, s, year, (1, k), now, ly)
                .is_some_and(|(members, _)| members.iter().any(|(m, _)| *m == member)),
            _ => false,
        }
    })
}

/// The mirror of `split_note`: members of `market`'s group that stopped being published on
/// their own after the first of last year's months `from..=to` and before the last of this
/// year's, while `market` went on, where `market`'s rise (`now` against `ly`) is the one among
/// its siblings' that best matches what they no longer add: they may be counted in `market`
/// since (trial 59 H1: Poland counted in "Other Europe" from 2026, +35.2% where, with Poland
/// in 2025, +6.1%, said nowhere).
fn merge_note(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    months: (u32, u32),
    now: f64,
    ly: f64,
) -> Option<String> {
    merges(arrivals, market, year, months, now, ly).map(|(_, note)| note)
}

/// A member no longer published on its own, with its last figure.
type Ended<'a> = (&'a str, (i32, u32));

/// The siblings of `ended` first published the month after its last figure, two or more, each
/// sharing a word of its name, together at about its level a year before (two thirds to one and a half times, over up to three months): it
/// was split into them (trial 84 M3: Belgium & Luxembourg into Belgium and Luxembourg, said
/// merged into the United Kingdom, whose own rise matched it, or split out of France).
fn successors<'a>(arrivals: &'a MonthlyArrivals, ended: &str) -> Option<Vec<&'a str>> {
    let last = arrivals.last_covered(ended)?;
    let (year, first) = shift(last, 1);
    let to = (first + 2).min(12);
    let next: Vec<&str> = siblings_of(arrivals.tree(), ended)
        .into_iter()
        .filter(|s| *s != ended && arrivals.first_covered(s) == Some((year, first)))
        // Each named after it ("Belgium" of "Belgium & Luxembourg"): markets new beside one
        // merged into a sibling are not its parts (review 76 M4: Iceland and Malta, Luxembourg
        // merged into Belgium, +32.7% unsaid).
        .filter(|s| part_of_name(ended, s))
        .collect();
    // Two or more: one alone at its level is a rename, or a market new beside one merged
    // (review 75 M4, M5: Czechia "split" out of Czech Republic; Iceland's first January hid
    // Luxembourg's merge into Belgium).
    if next.len() < 2 {
        return None;
    }
    let months = (first..=to).take_while(|m| next.iter().all(|s| arrivals.covers(s, year, *m))).last()?;
    let now: f64 = next.iter().map(|s| arrivals.sum(s, year, first, months)).sum::<Option<f64>>()?;
    let then = arrivals.sum(ended, year - 1, first, months)?;
    (then > 0.0 && (2.0 / 3.0..=1.5).contains(&(now / then))).then_some(next)
}

/// A market's siblings: the members of its group, or the markets at the top for one there.
fn siblings_of<'a>(tree: &'a crate::market::MarketTree, market: &str) -> Vec<&'a str> {
    match tree.get(market).and_then(|n| n.parent.as_deref()) {
        Some(p) => tree.children(p),
        None => tree.roots(),
    }
}

/// The markets that may have merged into `market`: its siblings (in its group), and the
/// markets alone at the top of the tree (no group, no members), where a member merged in and then moved out of its
/// group lands by the note of the group above (trial 72 H1: Austria in Germany from 2025,
/// moved to the top, left Germany's +14.9% unsaid, where with it -0.9%). Not the markets of
/// other groups above it, nor another tree at the top (review 49 M1: an ended cruise tree and a
/// market beside Europe read as merged into Germany). Neither it nor a market below it.
fn merge_candidates<'a>(tree: &'a crate::market::MarketTree, market: &str) -> Vec<&'a str> {
    let below = tree.descendants(market);
    // (At the top, only those: another tree there is no sibling of it.)
    let mut out: Vec<&str> = match tree.get(market).and_then(|n| n.parent.as_deref()) {
        Some(parent) => tree.children(parent).into_iter().filter(|s| *s != market).collect(),
        None => Vec::new(),
    };
    for root in tree.roots() {
        if tree.children(root).is_empty() && root != market && !below.contains(&root) && !out.contains(&root)
        {
            out.push(root);
        }
    }
    out
}

/// The members `merge_note` reads as merged into `market`, each with its last figure, and the
/// note. A group stopped only where none of its members goes on (review 33 H1: a group with
/// one member merged was read as merged whole). Members that each match are said together,
/// whatever their last month (review 33 H2: two merges, two contradicting "like with like"
/// figures); where none alone matches, those last published in the same month are tried
/// together.
fn merges<'a>(
    arrivals: &'a MonthlyArrivals,
    market: &str,
    year: i32,
    (from, to): (u32, u32),
    now: f64,
    ly: f64,
) -> Option<(Vec<Ended<'a>>, String)> {
    if now <= ly {
        return None;
    }
    let tree = arrivals.tree();
    tree.get(market)?;
    let siblings = siblings_of(tree, market);
    let candidates = merge_candidates(tree, market);
    let ended: Vec<(&str, (i32, u32))> = candidates
        .iter()
        .copied()
        .filter_map(|s| {
            let last = arrivals.last_covered(s).filter(|l| *l >= (year - 1, from) && *l < (year, to))?;
            let goes_on =
                tree.descendants(s).iter().any(|d| arrivals.last_covered(d).is_some_and(|l| l > last));
            let next = shift(last, 1);
            (!goes_on && arrivals.covers(market, next.0, next.1) && successors(arrivals, s).is_none())
                .then_some((s, last))
        })
        .collect();
    let said_of = |members: &[(&'a str, (i32, u32))]| {
        merge_of(arrivals, market, year, (from, to), (now, ly), &siblings, members)
            .map(|n| (members.to_vec(), n))
    };
    let singles: Vec<(&str, (i32, u32))> =
        ended.iter().copied().filter(|e| said_of(&[*e]).is_some()).collect();
    if !singles.is_empty() {
        // Of several, the one (or all together) whose figures best match the rise (review 34
        // H3: P and Q stopped, O rose by P's alone, and both were said merged).
        let lost_of = |members: &[Ended]| -> f64 {
            let (counted, _) = ended_months(arrivals, members, year, (from, to));
            counted.iter().map(|c| if c.1 == year { -c.3 } else { c.3 }).sum()
        };
        let rise = now - ly;
        let mut options: Vec<Vec<Ended>> = singles.iter().map(|s| vec![*s]).collect();
        if singles.len() > 1 {
            options.push(singles.clone());
        }
        let best = options
            .into_iter()
            .min_by(|a, b| (lost_of(a) - rise).abs().total_cmp(&(lost_of(b) - rise).abs()))?;
        return said_of(&best);
    }
    // Members of different months, each stepping the market up, of which none alone makes its
    // rise: together.
    let stepped: Vec<(&str, (i32, u32))> = ended
        .iter()
        .copied()
        .filter(|(m, last)| merge_stepped(arrivals, market, &[m], *last) == Some(true))
        .collect();
    if stepped.len() > 1 {
        if let Some(said) = said_of(&stepped) {
            return Some(said);
        }
    }
    let mut lasts: Vec<(i32, u32)> = ended.iter().map(|(_, l)| *l).collect();
    lasts.sort_unstable();
    lasts.dedup();
    lasts.into_iter().find_map(|last| {
        let together: Vec<(&str, (i32, u32))> = ended.iter().copied().filter(|e| e.1 == last).collect();
        (together.len() > 1).then(|| said_of(&together)).flatten()
    })
}

/// Members' figures of the months `from..=to` of `year` and the year before, up to each one's
/// last figure, and the months of those they lack.
#[allow(clippy::type_complexity)]
fn ended_months<'a>(
    arrivals: &MonthlyArrivals,
    members: &[Ended<'a>],
    year: i32,
    (from, to): (u32, u32),
) -> (Vec<(&'a str, i32, u32, f64)>, Vec<(&'a str, i32, u32)>) {
    let (mut counted, mut lacking) = (Vec::new(), Vec::new());
    for (member, last) in members {
        let expected = |y: i32| (from..=to).filter(move |&m| (y, m) <= *last).map(move |m| (y, m));
        for (y, m) in expected(year - 1).chain(expected(year)) {
            match arrivals.month(member, y, m) {
                Some(v) => counted.push((*member, y, m, v)),
                None => lacking.push((*member, y, m)),
            }
        }
    }
    (counted, lacking)
}

/// `merges`'s reading of `members` (each with its last figure) taken together.
fn merge_of(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    (from, to): (u32, u32),
    (now, ly): (f64, f64),
    siblings: &[&str],
    members: &[(&str, (i32, u32))],
) -> Option<String> {
    let rise = now - ly;
    let span = |y: i32| month_list(y, &(from..=to).collect::<Vec<_>>());
    let (counted, lacking) = ended_months(arrivals, members, year, (from, to));
    let theirs = |y: i32| counted.iter().filter(|c| c.1 == y).map(|c| c.3).sum::<f64>();
    let (theirs_now, theirs_ly) = (theirs(year), theirs(year - 1));
    let lost = theirs_ly - theirs_now;
    if lost <= 0.0 {
        return None;
    }
    // The market steps up at the month after their last (`merge_stepped`, for members of one
    // last month), and rises by about what they lost.
    let names: Vec<&str> = members.iter().map(|(m, _)| *m).collect();
    let mut lasts: Vec<(i32, u32)> = members.iter().map(|(_, l)| *l).collect();
    lasts.dedup();
    if let [last] = lasts.as_slice() {
        if merge_stepped(arrivals, market, &names, *last) == Some(false) {
            return None;
        }
    }
    if (rise - lost).abs() > 0.5 * lost {
        return None;
    }
    // Only the sibling whose rise best matches what they lost is named.
    let rise_of = |m: &str| Some(arrivals.sum(m, year, from, to)? - arrivals.sum(m, year - 1, from, to)?);
    let best = siblings
        .iter()
        .copied()
        .filter(|m| !names.contains(m))
        .filter_map(|m| Some((m, rise_of(m).filter(|r| *r > 0.0)?)))
        .min_by(|a, b| (a.1 - lost).abs().total_cmp(&(b.1 - lost).abs()));
    if best.map(|(m, _)| m) != Some(market) {
        return None;
    }
    let joined = names.join(", ");
    let lasts_said = match lasts.as_slice() {
        [last] => format!(
            "{}: {}",
            if members.len() == 1 { "its last figure" } else { "their last figure" },
            month_label(last.0, last.1)
        ),
        _ => {
            let each: Vec<String> = members
                .iter()
                .map(|(m, l)| format!("{m}'s last figure: {}", month_label(l.0, l.1)))
                .collect();
            each.join(", ")
        }
    };
    let (were, their, they, merged) = match members {
        [_] => ("was", "its", joined.clone(), "a market merged in"),
        _ => ("were", "their", "they".to_string(), "markets merged in"),
    };
    let head = format!(
        "{market}: its change compares {} with {}, when {joined} {were} published on {their} own ({lasts_said}); if {they} {were} counted in {market} since ({merged})",
        span(year),
        span(year - 1),
    );
    together(
        &Together {
            head,
            market,
            names: &names,
            counted: &counted,
            lacking: &lacking,
            now,
            ly,
            in_part: theirs_now > 0.0,
        },
        year,
        (from, to),
    )
}

/// Whether `market` steps up at the month after `last` by about `members`' share (a merge,
/// not a rise of its own): its change on a year before; where no year before is read, its
/// level, by about their figures (review 33 H4: a market that had grown before, flat across
/// the month, was named); None where neither is read.
fn merge_stepped(
    arrivals: &MonthlyArrivals,
    market: &str,
    members: &[&str],
    last: (i32, u32),
) -> Option<bool> {
    let next = shift(last, 1);
    let near = |(step, size): (f64, f64)| step > 0.0 && (step - size).abs() <= 0.5 * size;
    step_at(arrivals, market, members, next, Direction::Merge)
        .or_else(|| level_step(arrivals, market, members, next))
        .map(near)
}

/// A merge's step in level, where no year before is read: `market`'s months from `next` on
/// less those before it, and the members' figures before it (the same number of months).
fn level_step(
    arrivals: &MonthlyArrivals,
    market: &str,
    members: &[&str],
    next: (i32, u32),
) -> Option<(f64, f64)> {
    let sum = |who: &str, start: (i32, u32), n: i32| -> Option<f64> {
        (0..n).map(|k| shift(start, k)).map(|(y, m)| arrivals.month(who, y, m)).sum()
    };
    [3, 2, 1].into_iter().find_map(|n| {
        let step = sum(market, next, n)? - sum(market, shift(next, -n), n)?;
        let theirs: f64 = members.iter().map(|m| sum(m, shift(next, -n), n)).sum::<Option<f64>>()?;
        Some((step, theirs))
    })
}

/// `split_note` of members first published in month `first`, taken together.
#[allow(clippy::too_many_arguments)]
fn split_of(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    (from, to): (u32, u32),
    (now, ly): (f64, f64),
    siblings: &[&str],
    members: &[&str],
    first: (i32, u32),
) -> Option<String> {
    // Falls beyond its peers' change (the siblings but it and the members, with figures both
    // years): a fall of them all is none a split explains (trial 69 M1: Japan offered India,
    // first published in 2020, when every market fell about 37%).
    let sums = |m: &str| Some((arrivals.sum(m, year, from, to)?, arrivals.sum(m, year - 1, from, to)?));
    let (peers_now, peers_ly) = siblings
        .iter()
        .filter(|s| **s != market && !members.contains(s))
        .filter_map(|s| sums(s))
        .fold((0.0, 0.0), |(a, b), (n, l)| (a + n, b + l));
    let rate = if peers_ly > 0.0 { peers_now / peers_ly } else { 1.0 };
    let fall = ly * rate - now;
    let fall_of = |m: &str| sums(m).map(|(now, ly)| ly * rate - now);
    let span = |y: i32| month_list(y, &(from..=to).collect::<Vec<_>>());
    // Their months of the range from their first figure on, both years, and those they lack.
    let expected = |y: i32| (from..=to).filter(move |&m| (y, m) >= first).map(move |m| (y, m));
    let (mut counted, mut lacking) = (Vec::new(), Vec::new());
    for member in members {
        for (y, m) in expected(year - 1).chain(expected(year)) {
            match arrivals.month(member, y, m) {
                Some(v) => counted.push((*member, y, m, v)),
                None => lacking.push((*member, y, m)),
            }
        }
    }
    let theirs = |y: i32| counted.iter().filter(|c| c.1 == y).map(|c| c.3).sum::<f64>();
    let (theirs_now, theirs_ly) = (theirs(year), theirs(year - 1));
    let added = theirs_now - theirs_ly;
    if added <= 0.0 || (fall - added).abs() > 0.5 * added {
        return None;
    }
    // Where the figures around their first month are read: the sibling's change steps down
    // there, by about their share of it (a split, not a fall of its own: trial 40, Western
    // Samoa's fall beside Palau's new route).
    if let Some((step, share)) = step_at(arrivals, market, members, first, Direction::Split) {
        if step <= 0.0 || (step - share).abs() > 0.5 * share {
            return None;
        }
    }
    // Only the sibling whose fall best matches what they add is named.
    let best = siblings
        .iter()
        .copied()
        .filter(|m| !members.contains(m))
        .filter_map(|m| Some((m, fall_of(m).filter(|f| *f > 0.0)?)))
        .min_by(|a, b| (a.1 - added).abs().total_cmp(&(b.1 - added).abs()));
    if best.map(|(m, _)| m) != Some(market) {
        return None;
    }
    let names = members.join(", ");
    let (were, first_figure, they, split) = match members {
        [one] => ("was", "its first figure", one.to_string(), "a market split out"),
        _ => ("were", "their first figure", "they".to_string(), "markets split out"),
    };
    let head = format!(
        "{market}: its change compares {} with {}, before {names} {were} published on {} own ({first_figure}: {}); if {they} {were} counted in {market} then ({split})",
        span(year),
        span(year - 1),
        if members.len() == 1 { "its" } else { "their" },
        month_label(first.0, first.1),
    );
    together(
        &Together {
            head,
            market,
            names: members,
            counted: &counted,
            lacking: &lacking,
            now,
            ly,
            in_part: theirs_ly > 0.0,
        },
        year,
        (from, to),
    )
}

/// A split's or a merge's members with the market they left or joined, for its note's end.
struct Together<'a> {
    /// The note's beginning, up to "if they were counted in it".
    head: String,
    market: &'a str,
    names: &'a [&'a str],
    /// Their figures of the months compared (member, year, month, figure), and those they lack.
    counted: &'a [(&'a str, i32, u32, f64)],
    lacking: &'a [(&'a str, i32, u32)],
    now: f64,
    ly: f64,
    /// Whether they are counted in part of the months only (said with their months).
    in_part: bool,
}

/// The end of `split_note`'s and `merge_note`'s notes: the market's change with its members,
/// like with like, or why the two cannot be compared (a member lacks months).
fn together(t: &Together, year: i32, (from, to): (u32, u32)) -> Option<String> {
    let (head, names) = (&t.head, t.names.join(", "));
    if !t.lacking.is_empty() {
        let gaps: Vec<String> = t
            .names
            .iter()
            .filter_map(|member| {
                let months: Vec<(i32, u32)> =
                    t.lacking.iter().filter(|l| l.0 == *member).map(|l| (l.1, l.2)).collect();
                (!months.is_empty()).then(|| {
                    format!("{member} has no figure for {}", crate::analysis::arrivals::month_ranges(&months))
                })
            })
            .collect();
        return Some(format!(
            "{head}, the {} together cannot be compared: {}",
            if t.names.len() == 1 { "two" } else { "markets" },
            gaps.join(", and ")
        ));
    }
    let theirs = |y: i32| t.counted.iter().filter(|c| c.1 == y).map(|c| c.3).sum::<f64>();
    let with = change_pct(t.now + theirs(year), t.ly + theirs(year - 1))?;
    let mut months: Vec<(i32, u32)> = t.counted.iter().map(|c| (c.1, c.2)).collect();
    months.sort_unstable();
    months.dedup();
    let partly = if t.in_part || months.len() < (from..=to).count() {
        let of = if t.names.len() == 1 { names.clone() } else { "them".to_string() };
        format!(" (of {of}, {} only)", crate::analysis::arrivals::month_ranges(&months))
    } else {
        String::new()
    };
    Some(format!(
        "{head}, {} with {names}{partly} is {} on {}, like with like",
        t.market,
        crate::output::change_text(with),
        year - 1
    ))
}

/// `base_split_note` of each level asked (market, months of `year`, the level's figures now and
/// in the base year), read from every year between the base year and `year` where a sibling of
/// one was published since the base year (the years a level is read with leave out those its
/// split is seen in).
pub fn base_split_notes(
    store: &Store,
    arrivals: &MonthlyArrivals,
    as_of: Option<NaiveDate>,
    (year, base): (i32, i32),
    levels: &[(String, (u32, u32), f64, f64)],
) -> Result<Vec<String>> {
    let tree = arrivals.tree();
    // A sibling with figures now and none in the base year's months: published since.
    let since = |m: &str, (from, to): (u32, u32)| {
        tree.get(m).and_then(|n| n.parent.clone()).is_some_and(|parent| {
            tree.children(&parent).iter().any(|s| {
                *s != m
                    && arrivals.sum(s, year, from, to).is_some()
                    && arrivals.sum(s, base, from, to).is_none()
            })
        })
    };
    // Or one with figures in the base year's months and none now: merged since?
    let ended = |m: &str, (from, to): (u32, u32)| {
        merge_candidates(tree, m)
            .iter()
            .any(|s| arrivals.sum(s, year, from, to).is_none() && arrivals.sum(s, base, from, to).is_some())
    };
    let asked = |m: &str, months: (u32, u32)| since(m, months) || ended(m, months);
    if !levels.iter().any(|(m, months, _, _)| asked(m, *months)) {
        return Ok(Vec::new());
    }
    let all = load_monthly(store, tree, &Years::Of((base..=year).collect()), as_of)?;
    Ok(levels
        .iter()
        .filter(|(m, months, _, _)| asked(m, *months))
        .flat_map(|(m, months, now, then)| {
            [
                base_split_note(&all, m, (year, base), *months, *now, *then),
                base_merge_note(&all, m, (year, base), *months, *now, *then),
            ]
        })
        .flatten()
        .collect())
}

/// The mirror of `base_split_note`: members of `market`'s group published on their own in the
/// base year's months `from..=to` and no longer by `year`'s, where `market`'s change on a year
/// before steps up at the month after their last by about their share (of the siblings, it
/// the nearest). Its level (`now` against `then`) may then count them now and not in the base
/// year (trial 72 H2: Germany 115.5% of 2019, Austria in it from 2025, where against both in
/// 2019 it is 99.6%). Said, with the level against them together in the base year.
pub fn base_merge_note(
    arrivals: &MonthlyArrivals,
    market: &str,
    (year, base): (i32, i32),
    (from, to): (u32, u32),
    now: f64,
    then: f64,
) -> Option<String> {
    if then <= 0.0 {
        return None;
    }
    let tree = arrivals.tree();
    let siblings: Vec<&str> = siblings_of(tree, market).into_iter().filter(|s| *s != market).collect();
    let said: Vec<String> = merge_candidates(tree, market)
        .into_iter()
        .filter_map(|s| {
            // Stopped before the months asked for, or within them (review 48 H3: Austria's last
            // figure 2025-06, Germany's level of 2025 unsaid): its figures of them count too.
            let last = arrivals.last_covered(s).filter(|l| *l >= (base, to) && *l < (year, to))?;
            let goes_on =
                tree.descendants(s).iter().any(|d| arrivals.last_covered(d).is_some_and(|l| l > last));
            let next = shift(last, 1);
            let theirs = arrivals.sum(s, base, from, to)?;
            let theirs_now = if last.0 == year { arrivals.sum(s, year, from, last.1)? } else { 0.0 };
            (!goes_on && arrivals.covers(market, next.0, next.1)).then_some((s, last, (theirs_now, theirs)))
        })
        .filter(|(member, last, _)| {
            // Of the siblings, only the one whose step up after its last figure best matches
            // its share.
            let misfit = |m: &str| {
                let (step, share) = step_at(arrivals, m, &[member], shift(*last, 1), Direction::Merge)?;
                (step > 0.0 && (step - share).abs() <= 0.5 * share).then_some((step - share).abs() / share)
            };
            let best = std::iter::once(market)
                .chain(siblings.iter().copied().filter(|s| s != member))
                .filter_map(|m| Some((m, misfit(m)?)))
                .min_by(|a, b| a.1.total_cmp(&b.1));
            best.is_some_and(|(m, _)| m == market)
        })
        .map(|(member, last, (theirs_now, theirs))| {
            let span = |y: i32| month_list(y, &(from..=to).collect::<Vec<_>>());
            let with = if theirs_now > 0.0 { format!(" with {member}") } else { String::new() };
            format!(
                "{market}: its level compares {} with {}, when {member} was published on its own (its last figure: {}); if {member} was counted in {market} since (a market merged in), {market}{with} is {:.1}% of {market} and {member} in {base}",
                span(year),
                span(base),
                month_label(last.0, last.1),
                (now + theirs_now) / (then + theirs) * 100.0
            )
        })
        .collect();
    (!said.is_empty()).then(|| said.join("; "))
}

/// `split_note` of a level against a base year: members of `market`'s group first published
/// after the base year's months `from..=to` and by `year`'s, where `market`'s change on a year
/// before steps down at their first figure by about their share of it. `market`'s level (`now`
/// against `then`) may then count them in the base year and not now (trial 55 H3: Other Europe
/// 64.6% of 2019, where with Italy, split out of it in 2024, 108.7%). Said, with the level of
/// them together where they have every month of the range.
pub fn base_split_note(
    arrivals: &MonthlyArrivals,
    market: &str,
    (year, base): (i32, i32),
    (from, to): (u32, u32),
    now: f64,
    then: f64,
) -> Option<String> {
    if then <= 0.0 {
        return None;
    }
    let tree = arrivals.tree();
    let parent = tree.get(market)?.parent.clone()?;
    let new: Vec<(&str, (i32, u32))> = tree
        .children(&parent)
        .into_iter()
        .filter(|s| *s != market)
        .filter_map(|s| {
            let first = arrivals.first_covered(s).filter(|f| *f > (base, to) && *f <= (year, from))?;
            let before = shift(first, -1);
            arrivals.covers(market, before.0, before.1).then_some((s, first))
        })
        .filter(|(s, first)| renamed(arrivals, s, &parent, *first).is_none())
        .collect();
    let mut firsts: Vec<(i32, u32)> = new.iter().map(|(_, f)| *f).collect();
    firsts.sort_unstable();
    firsts.dedup();
    // Each alone, then those first published in one month together (as `split_note`).
    let groups = new.iter().map(|(s, f)| (vec![*s], *f)).chain(firsts.into_iter().filter_map(|first| {
        let together: Vec<&str> = new.iter().filter(|(_, f)| *f == first).map(|(s, _)| *s).collect();
        (together.len() > 1).then_some((together, first))
    }));
    let siblings: Vec<&str> = tree.children(&parent).into_iter().filter(|s| *s != market).collect();
    let said: Vec<String> = groups
        .filter(|(members, first)| {
            // Of the siblings, only the one whose step down at their first figure best matches
            // their share, each against its peers' change (a recovery lifts them all: trial 58
            // H2, Germany named where Ireland left Other).
            let misfit = |m: &str| {
                let (step, share) = relative_step_at(arrivals, m, members, *first, &siblings)?;
                (step > 0.0 && (step - share).abs() <= 0.5 * share).then_some((step - share).abs() / share)
            };
            let best = std::iter::once(market)
                .chain(siblings.iter().copied().filter(|s| !members.contains(s)))
                .filter_map(|m| Some((m, misfit(m)?)))
                .min_by(|a, b| a.1.total_cmp(&b.1));
            best.is_some_and(|(m, _)| m == market)
        })
        .map(|(members, first)| {
            let names = members.join(", ");
            let (were, its, split) = match members.as_slice() {
                [_] => ("was", "its first figure", "a market split out"),
                _ => ("were", "their first figure", "markets split out"),
            };
            let span = |y: i32| month_list(y, &(from..=to).collect::<Vec<_>>());
            let theirs: Option<f64> = members.iter().map(|m| arrivals.sum(m, year, from, to)).sum();
            let with = match theirs {
                Some(t) => format!(", {market} with {names} is {:.1}% of {base}", (now + t) / then * 100.0),
                None => format!(", and {names} {were} not published for every month of {}", span(year)),
            };
            format!(
                "{market}: its level compares {} with {}, before {names} {were} published on {} own ({its}: {}); if {} {were} counted in {market} then ({split}){with}",
                span(year),
                span(base),
                if members.len() == 1 { "its" } else { "their" },
                month_label(first.0, first.1),
                if members.len() == 1 { names.as_str() } else { "they" },
            )
        })
        .collect();
    (!said.is_empty()).then(|| said.join("; "))
}

/// The month `k` months after (or before, `k` < 0) a month.
fn shift((y, m): (i32, u32), k: i32) -> (i32, u32) {
    let i = y * 12 + m as i32 - 1 + k;
    (i.div_euclid(12), i.rem_euclid(12) as u32 + 1)
}

/// Which way a member moved: out of a market (a split), or into it (a merge).
#[derive(Clone, Copy)]
enum Direction {
    Split,
    Merge,
}

/// How far `market`'s change on a year before steps at month `at`, down for a split (its
/// change over the months before it less that over the months from it), up for a merge (the
/// other way round), and `members`' figures as a share of `market`'s a year before: from `at`
/// for a split, a year before it for a merge (their figures then, not since); six months each
/// side, or three, two, one; None where the store has not read them.
fn step_at(
    arrivals: &MonthlyArrivals,
    market: &str,
    members: &[&str],
    at: (i32, u32),
    direction: Direction,
) -> Option<(f64, f64)> {
    let sum = |who: &str, start: (i32, u32), n: i32| months_from(arrivals, who, start, n);
    let sum_members =
        |start: (i32, u32), n: i32| -> Option<f64> { members.iter().map(|m| sum(m, start, n)).sum() };
    // The widest the months read allow (review 20 M2: three months each side were often more).
    // Of three months or more, the middle month's change: one month of a strike beside them
    // is no step (trial 72 H3: a May at 55% hid a merge in January, Germany +11.0% where with
    // Austria -4.3%, unsaid).
    [6, 3, 2, 1].into_iter().find_map(|n| {
        let change = |start: (i32, u32)| -> Option<f64> {
            if n < 3 {
                return Some(sum(market, start, n)? / sum(market, shift(start, -12), n)?);
            }
            let mut each: Vec<f64> = (0..n)
                .map(|k| Some(sum(market, shift(start, k), 1)? / sum(market, shift(start, k - 12), 1)?))
                .collect::<Option<_>>()?;
            each.sort_by(f64::total_cmp);
            let mid = each.len() / 2;
            Some(if each.len().is_multiple_of(2) { (each[mid - 1] + each[mid]) / 2.0 } else { each[mid] })
        };
        let before = change(shift(at, -n))?;
        let after = change(at)?;
        let (step, theirs) = match direction {
            Direction::Split => (before - after, sum_members(at, n)?),
            Direction::Merge => (after - before, sum_members(shift(at, -12), n)?),
        };
        let share = theirs / sum(market, shift(at, -12), n)?;
        (step.is_finite() && share.is_finite()).then_some((step, share))
    })
}

/// `step_at` of `market` against its peers (`group`'s markets but it and `members`, with
/// figures in the months read): its change on a year before over theirs, before and from month
/// `first`, so that a change of them all (a recovery) is no step of its own; `step_at` itself
/// where it has no peers.
fn relative_step_at(
    arrivals: &MonthlyArrivals,
    market: &str,
    members: &[&str],
    first: (i32, u32),
    group: &[&str],
) -> Option<(f64, f64)> {
    let sum = |who: &str, start: (i32, u32), n: i32| months_from(arrivals, who, start, n);
    [6, 3, 2, 1].into_iter().find_map(|n| {
        let peers: Vec<&str> = group
            .iter()
            .copied()
            .filter(|p| *p != market && !members.contains(p))
            .filter(|p| [-n - 12, -n, 0, -12].iter().all(|k| sum(p, shift(first, *k), n).is_some()))
            .collect();
        let of = |who: &[&str], start: (i32, u32)| -> Option<f64> {
            let now: f64 = who.iter().map(|w| sum(w, start, n)).sum::<Option<f64>>()?;
            let then: f64 = who.iter().map(|w| sum(w, shift(start, -12), n)).sum::<Option<f64>>()?;
            Some(now / then)
        };
        let relative = |start: (i32, u32)| -> Option<f64> {
            let own = of(&[market], start)?;
            if peers.is_empty() {
                return Some(own);
            }
            Some(own / of(&peers, start)?)
        };
        let (before, after) = (relative(shift(first, -n))?, relative(first)?);
        let theirs: f64 = members.iter().map(|m| sum(m, first, n)).sum::<Option<f64>>()?;
        let share = theirs / sum(market, shift(first, -12), n)?;
        (before.is_finite() && after.is_finite() && share.is_finite()).then_some((before - after, share))
    })
}

/// A market's `n` months from `start`, where each has a figure.
fn months_from(arrivals: &MonthlyArrivals, market: &str, start: (i32, u32), n: i32) -> Option<f64> {
    (0..n).map(|k| shift(start, k)).map(|(y, m)| arrivals.month(market, y, m)).sum()
}

/// A group's figure of last year's months `from..=to` without its members that have no figure
/// of last year nor of this one (published the year before last and no longer: merged into a
/// sibling, or dropped): this year's figure counts them no more either, so the same markets
/// both years (trial 72 M4: Europe without a change all of 2026 for Austria, counted in
/// Germany since 2025, where +0.4%). With the note that says so.
pub fn ly_without_ended(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    (from, to): (u32, u32),
) -> Option<(f64, String)> {
    let ended = ended_members(arrivals, market, year, (from, to))?;
    let ly = arrivals.sum_without(market, year - 1, from, to, &ended)?;
    Some((ly, ended_note(arrivals, market, year, &ended)))
}

/// The members `ly_without_ended` leaves out of `market`'s last year: none (`None`) where it has
/// none, or where its figure of this year's months `from..=to` is not made of the same markets.
fn ended_members(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    (from, to): (u32, u32),
) -> Option<Vec<String>> {
    let ended: Vec<String> = arrivals
        .tree()
        .descendants(market)
        .into_iter()
        .filter(|d| {
            arrivals.expected_in(d, year - 1)
                && !arrivals.reports_in(d, year - 1)
                && !arrivals.reports_in(d, year)
        })
        .map(str::to_string)
        .collect();
    if ended.is_empty() {
        return None;
    }
    // The same markets both years: each one this year's figure is made of has its month of
    // last year (review 49 H1: a market new this year was counted against none, +20% "the
    // same markets"; H2: a group's own figure against its members' sum a year before).
    // (Of the months this year has: target tracking reads last year's rest too.)
    let same = (from..=to).filter(|m| arrivals.covers(market, year, *m)).all(|m| {
        arrivals
            .contributors(market, year, m)
            .is_some_and(|now| now.iter().all(|c| arrivals.month(c, year - 1, m).is_some()))
    });
    same.then_some(ended)
}

/// Last year of `market`, read as `now` (this year's, by months and periods) is read, without
/// its members silent both years (`ended_members`): where they alone leave it without a figure
/// and it is then made of the same markets, that figure, with the note that says so.
fn without_ended_by_periods(
    arrivals: &MonthlyArrivals,
    periods: &[OtherPeriod],
    market: &str,
    year: i32,
    range: (u32, u32),
    now: &Mixed,
) -> Option<(Mixed, String)> {
    let ended: BTreeSet<String> = ended_members(arrivals, market, year, range)?.into_iter().collect();
    let prefer: BTreeSet<String> = now.by_periods.iter().cloned().collect();
    let then =
        super::store_info::mixed_like_without(arrivals, periods, market, year - 1, range, &prefer, &ended)?;
    alike(arrivals, now, &then, (year, year - 1), range).ok()?;
    let ended: Vec<String> = ended.into_iter().collect();
    Some((then, ended_note(arrivals, market, year, &ended)))
}

/// Says that `market` is compared with last year without the members `ended`.
/// Its last figure is the one before those two years, and "no longer published" a question:
/// the years after them are not read (review 49 L3: a member published again in the year after
/// was said "no longer published", with its latest figure, after the two years, as its last).
fn ended_note(arrivals: &MonthlyArrivals, market: &str, year: i32, ended: &[String]) -> String {
    let named: Vec<String> = ended
        .iter()
        .map(|e| match arrivals.last_covered_before(e, (year - 1, 1)) {
            Some((y, m)) => format!("{e} (its last figure before: {})", month_label(y, m)),
            None => e.clone(),
        })
        .collect();
    format!(
        "{market}: compared with {} without {}, with no figure of {} or {year} (no longer published?): the same markets both years",
        year - 1,
        some_names(&named, 4),
        year - 1
    )
}

/// Said of a market missing months of `year` that has figures of longer periods in it (a
/// quarter, the year): they may hold the months, and are no months to count.
fn longer_periods(arrivals: &MonthlyArrivals, market: &str, year: i32) -> &'static str {
    if arrivals.has_other_periods(market, year) {
        "; it has figures of longer periods of the year too (a quarter or the year), no months to count (`tourstat gaps` names them)"
    } else {
        ""
    }
}

/// Each of `said` added to the notes and to a line's, once.
fn said_once(notes: &mut Vec<String>, line: &mut Vec<String>, said: Vec<String>) {
    // Periods a note already says may be revised (a group's note names its members'), not
    // said again one by one (trial 78 L6: each of seven regions' years said twice).
    fn items(n: &str) -> Option<Vec<String>> {
        let (items, _) = n.split_once(": a later release may revise")?;
        Some(
            items
                .split("), ")
                .map(|i| if i.ends_with(')') { i.to_string() } else { format!("{i})") })
                .collect(),
        )
    }
    let covered = |notes: &[String], n: &str| {
        let earlier: Vec<String> = notes.iter().filter_map(|o| items(o)).flatten().collect();
        items(n).is_some_and(|mine| mine.iter().all(|i| earlier.contains(i)))
    };
    for n in said {
        if !line.contains(&n) {
            line.push(n.clone());
        }
        if !notes.contains(&n) && !covered(notes, &n) {
            notes.push(n);
        }
    }
}

/// A group's members counted through fewer than `months` months of a year, each with how far
/// it goes ("UK (through 2025-02)", "France (no figure of 2025 yet: ...)").
pub fn members_behind(arrivals: &MonthlyArrivals, market: &str, year: i32, months: u32) -> Vec<String> {
    members_behind_but(arrivals, market, year, months, &[])
}

/// As `members_behind`, without the members of `counted` (counted by figures of quarters or
/// years).
fn members_behind_but(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    months: u32,
    counted: &[String],
) -> Vec<String> {
    arrivals
        .members_through(market, year)
        .into_iter()
        .filter(|(m, k)| *k < months && !counted.contains(m))
        // (Not one whose quarter of its own stands for the months: review 51 M4.)
        .filter(|(m, _)| arrivals.reach_through(m, year) < months)
        .map(|(m, k)| behind_label(arrivals, market, m, k, year, months))
        .collect()
}

/// How far `m`, a member of `market` counted through `k` of the `months` months of a year, goes,
/// and why where the store can tell ("UK (through 2025-02)").
fn behind_label(
    arrivals: &MonthlyArrivals,
    market: &str,
    m: String,
    k: u32,
    year: i32,
    months: u32,
) -> String {
    if k == 0 && arrivals.by_other_periods_only(&m, year) {
        format!("{m} (not by month)")
    } else if k == 0 && arrivals.has_other_periods(&m, year) {
        format!("{m} (its first months by a quarter or the year, not by month)")
    } else if let Some(advice) = seasonal(arrivals, &m, year, k, months) {
        format!("{m} ({advice})")
    } else if let Some(inner) = seasonal_below(arrivals, &m, year, months) {
        // A group whose members behind are each a season's (review 86 M3: a group of a summer
        // route, in its off season, "late, or no longer published? ... moved out of Total").
        format!("{m} (members behind: {})", some_names(&inner, 4))
    } else if k == 0 && !arrivals.reports_in(&m, year) {
        // Last year's member without a figure this year: late, or no longer published
        // (a market split or dropped, which a markets file that moves it says); or
        // counted in a sibling since, whose rise says so (trial 59 H1).
        if let Some(next) = successors(arrivals, &m) {
            let names = some_names(&next.iter().map(|s| s.to_string()).collect::<Vec<_>>(), 4);
            return format!(
                "{m} (no figure of {year}; {names}, first published the month after its last, together at about its level a year before: split into them? Then {names} under {m} in the market tree (`ingest markets --replace`) count {m}, and {market}, by their sum; not their change on {}, which {m}'s own figures then may count more than)",
                year - 1
            );
        }
        match merged_into(arrivals, &m, market, year, months) {
                Some(s) => format!(
                    "{m} (no figure of {year}; {s} rose by about as much from the month after its last: merged into {s}? Then {m} moved out of {market} (`ingest markets --replace`) counts {market}, its change as published with a note of it like with like)"
                ),
                // What counts the group either way (trial 63 M3: a closed route left its
                // group and Total untracked all year, with only the question).
                None => format!(
                    "{m} (no figure of {year} yet: late, or no longer published? If it has no arrivals now (a route closed), its months of {year} given as 0 count {market}; if its figures are counted elsewhere now, {m} moved out of {market} (`ingest markets --replace`))"
                ),
            }
    } else if k == 0
        && !arrivals.readable_from_members(&m, year)
        && !arrivals.has_own(&m, year)
        && arrivals.has_other_periods(&m, year - 1)
    {
        // A group kept from its members' sum by its own figures of longer periods the year
        // before: that, not its members (review 74 M4: World "held back" by Americas "(members
        // behind: North America (members behind: Canada (not by month)))", both counted).
        format!(
            "{m} (its own figures of {} by quarters, halves or years keep its members' sum from standing in)",
            year - 1
        )
    } else if k == 0 && !arrivals.tree().children(&m).is_empty() {
        // A group held back by its own members: named, down to the cause (trial 39
        // #3: "Americas (none from January on)" where Canada is published by quarter).
        let inner = members_behind(arrivals, &m, year, months);
        if inner.is_empty() {
            format!("{m} (none from January on)")
        } else {
            format!("{m} (members behind: {})", some_names(&inner, 4))
        }
    } else if let Some((_, first)) = arrivals.first_covered(&m).filter(|f| k == 0 && f.0 == year && f.1 > 1) {
        // A market whose figures begin within the year is not behind (trial 39 #4).
        // What counts the group, where so (trial 53 #3: no way forward was given); where
        // a sibling fell by as much from then on, it was split out of it: moved out of
        // the group it would leave the sibling's fall unsaid (review 31 H2), and its
        // months before given as 0 would read the group's change as its own.
        let last = arrivals.latest_covered(&m, year).unwrap_or(first);
        // A sibling last published the month before, at about its level a year before:
        // the same market renamed (trial 60 M4: "Czech Republic" to February, "Czechia"
        // from March, was offered a move out of the group, which would lose it).
        if let Some(s) = renamed_from(arrivals, &m, market, (year, first), last) {
            return format!(
                    "{m} (its first figure: {}, the month after {s}'s last, at about {s}'s level a year before: the same market renamed? Then \"{s}\" as an alias of {m} counts {market} (`tourstat ingest markets` with the alias says how))",
                    month_label(year, first)
                );
        }
        let split_from = arrivals.tree().children(market).into_iter().find(|s| {
            *s != m.as_str()
                && match (arrivals.sum(s, year, first, last), arrivals.sum(s, year - 1, first, last)) {
                    (Some(now), Some(ly)) => split_note(arrivals, s, year, (first, last), now, ly).is_some(),
                    _ => false,
                }
        });
        match split_from {
                Some(s) => format!(
                    "{m} (its first figure: {}: split out of {s}? Then {s}'s figures before it held {m}'s, and the store cannot count {market} before it)",
                    month_label(year, first)
                ),
                None => format!(
                    "{m} (its first figure: {}: published from then on? {m}'s earlier months ingested, or {m} moved out of {market} (`ingest markets --replace`), count {market})",
                    month_label(year, first)
                ),
            }
    } else if let Some(l) = arrivals.latest_covered(&m, year).filter(|_| k == 0) {
        // January missing, later months there (review 19 M3); and those after them
        // (review 22 L3).
        format!(
            "{m} (no figure for {}, though it has later months to {}{})",
            month_list(year, &arrivals.uncovered(&m, year, 1, l)),
            month_label(year, l),
            nor_after(arrivals, &m, year, l, months)
        )
    } else if k == 0 {
        format!("{m} (none from January on)")
    } else if let Some(l) = arrivals.latest_covered(&m, year).filter(|l| *l > k + 1) {
        // A month missing within the months it has is a gap, not a delay (trial 39 #6).
        format!(
            "{m} (through {}: no figure for {}, though it has later months to {}{})",
            month_label(year, k),
            month_list(year, &arrivals.uncovered(&m, year, k + 1, l)),
            month_label(year, l),
            nor_after(arrivals, &m, year, l, months)
        )
    } else {
        format!("{m} (through {})", month_label(year, k))
    }
}

/// ", nor for M..N": the months a market lacks after its latest `l`, to `months`.
fn nor_after(arrivals: &MonthlyArrivals, market: &str, year: i32, l: u32, months: u32) -> String {
    let after = arrivals.uncovered(market, year, l + 1, months);
    if after.is_empty() {
        String::new()
    } else {
        format!(", nor for {}", month_list(year, &after))
    }
}

/// Where a market's arrivals are those of a season (see `season`), what to give for it to be
/// counted: its months outside the season with no figure, as 0 where it had none, last year's
/// (all of them: its year to date, its target path) and this year's to the store's latest
/// month (trial 40: Italy, a route flown Jun-Oct, left Total with no figure, and the note took
/// it for late).
fn seasonal(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    through: u32,
    months: u32,
) -> Option<String> {
    let season = season(arrivals, market, year, through, months)?;
    Some(seasonal_advice(arrivals, market, year, &season, months))
}

/// Why `market`, without a figure of `year` through month `months`, may have none: a seasonal
/// route's off season, or a group's of such members (see `seasonal`, `seasonal_below`).
pub fn why_off_season(arrivals: &MonthlyArrivals, market: &str, year: i32, months: u32) -> Option<String> {
    match seasonal(arrivals, market, year, 0, months) {
        Some(advice) => Some(format!("{market}: {advice}")),
        None => seasonal_below(arrivals, market, year, months)
            .map(|inner| format!("{market}: members behind: {}", some_names(&inner, 4))),
    }
}

/// Where `market` is a group and each of its members behind (through fewer than `months`
/// months of `year`) is a seasonal route's (see `seasonal`), or a group of such: their labels.
fn seasonal_below(arrivals: &MonthlyArrivals, market: &str, year: i32, months: u32) -> Option<Vec<String>> {
    let behind: Vec<(String, u32)> = arrivals
        .members_through(market, year)
        .into_iter()
        .filter(|(c, k)| *k < months && arrivals.reach_through(c, year) < months)
        .collect();
    if behind.is_empty() {
        return None;
    }
    behind
        .into_iter()
        .map(|(c, k)| match seasonal(arrivals, &c, year, k, months) {
            Some(advice) => Some(format!("{c} ({advice})")),
            None => seasonal_below(arrivals, &c, year, months)
                .map(|inner| format!("{c} (members behind: {})", some_names(&inner, 4))),
        })
        .collect()
}

/// What to give for a market of a season to be counted (see `seasonal`).
fn seasonal_advice(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    season: &[u32],
    months: u32,
) -> String {
    let off = |y: i32, to: u32| -> Vec<u32> {
        arrivals.uncovered(market, y, 1, to).into_iter().filter(|m| !season.contains(m)).collect()
    };
    // (All of the year where the store has later years: summary showing the year before.)
    let latest = match arrivals.latest_month() {
        Some((y, m)) if y == year => m.max(months),
        Some((y, _)) if y > year => 12,
        _ => months,
    };
    let give: Vec<String> = [(year - 1, off(year - 1, 12)), (year, off(year, latest))]
        .into_iter()
        .filter(|(_, m)| !m.is_empty())
        .map(|(y, m)| month_list(y, &m))
        .collect();
    // The months it had arrivals in, each year as it had them.
    format!(
        // (The years named: trial 82 L3, "only" read as all it ever had.)
        "of {} and {}, arrivals in {} and {} only: a seasonal route? where it had none outside those months, give {} as 0 for it to be counted",
        year - 2,
        year - 1,
        month_list(year - 2, &flown(arrivals, market, year - 2)),
        month_list(year - 1, &flown(arrivals, market, year - 1)),
        give.join(" and "),
    )
}

/// The months of a year a market had arrivals in (a figure above 0).
fn flown(arrivals: &MonthlyArrivals, market: &str, year: i32) -> Vec<u32> {
    (1..=12).filter(|&mo| arrivals.month(market, year, mo).is_some_and(|v| v > 0.0)).collect()
}

/// A season: the months a market (not a group, whose figures follow its members') had
/// arrivals in, in both of the two years before `year` (each some of them), one run of 2 to 10
/// months (over the year's end too: a winter route), the other months without a figure or 0;
/// this year's arrivals all within it, and the months it lacks of `year` (after `through`, to
/// `months`) all outside it. A gap, a late month, a route now flown all year or a yearly figure
/// is none (review 21 H1).
fn season(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    through: u32,
    months: u32,
) -> Option<Vec<u32>> {
    let season = season_of(arrivals, market, year)?;
    let lacking = arrivals.uncovered(market, year, through + 1, months);
    (!lacking.is_empty() && lacking.iter().all(|m| !season.contains(m))).then_some(season)
}

/// The season of a market (see `season`) in the years before `year`, whatever it lacks.
fn season_of(arrivals: &MonthlyArrivals, market: &str, year: i32) -> Option<Vec<u32>> {
    if !arrivals.tree().children(market).is_empty() {
        return None;
    }
    // The months of both years: a winter route first flown in the November of the year before
    // last has only its Nov-Dec then (trial 42 F1: Nordics, Nov-Mar, not recognised).
    let (before, last) = (flown(arrivals, market, year - 2), flown(arrivals, market, year - 1));
    let mut season: Vec<u32> = before.iter().chain(&last).copied().collect();
    season.sort_unstable();
    season.dedup();
    let starts = season.iter().filter(|&&m| !season.contains(&(if m == 1 { 12 } else { m - 1 }))).count();
    // Two months are a season only where both years had those two (review 23 L14: a feed
    // first published in a December that stopped after January is none).
    if season.len() <= 2 && before != last {
        return None;
    }
    ((2..=10).contains(&season.len())
        && starts == 1
        && !before.is_empty()
        && !last.is_empty()
        && flown(arrivals, market, year).iter().all(|m| season.contains(m)))
    .then_some(season)
}

/// Members of a group (`names`, as `members_without` gives them) that lack some of last year's
/// `missing` months, each with the advice for a season where it is one and those months are
/// all outside it (trial 42 F2: a winter route, whose last summer no one gave as 0 while it was
/// still to come, was named only as lacking them).
fn with_season(
    arrivals: &MonthlyArrivals,
    names: Vec<String>,
    year: i32,
    missing: &[u32],
    months: u32,
) -> Vec<String> {
    names
        .into_iter()
        .map(|m| {
            let lacking: Vec<u32> =
                missing.iter().copied().filter(|&mo| arrivals.month(&m, year - 1, mo).is_none()).collect();
            if !arrivals.tree().children(&m).is_empty() {
                // A group lacking them for its own members: named down to a season.
                let members = members_without(arrivals, &m, year - 1, &lacking);
                let inner = with_season(arrivals, members.clone(), year, &lacking, months);
                // (A member is changed only by advice given: review 23 L2 read "Others (East
                // Asia)" as advice by its shape.)
                return if inner != members {
                    format!("{m} (members without them: {})", some_names(&inner, 4))
                } else {
                    m
                };
            }
            match season_lacking(arrivals, &m, year, &lacking, months) {
                Some(advice) => format!("{m} ({advice})"),
                None => m,
            }
        })
        .collect()
}

/// The advice for a market (not a group) lacking some of last year's `missing` months, where
/// it is a season and the months it lacks are all outside it.
fn season_lacking(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    missing: &[u32],
    months: u32,
) -> Option<String> {
    let lacking: Vec<u32> =
        missing.iter().copied().filter(|&mo| arrivals.month(market, year - 1, mo).is_none()).collect();
    let season = season_of(arrivals, market, year).filter(|s| lacking.iter().all(|mo| !s.contains(mo)))?;
    Some(seasonal_advice(arrivals, market, year, &season, months))
}

/// The notes on one market counted through fewer months than the table: which of its own
/// months are missing, and for a group, which members are behind.
fn short_notes(
    arrivals: &MonthlyArrivals,
    periods: &[OtherPeriod],
    market: &str,
    year: i32,
    own: u32,
    table: u32,
) -> Vec<String> {
    // Months no market has a figure of yet are no one's lag (trial 43 LOW-7: every market
    // "behind" through 2026-09, the store's figures to 2026-06); the table's own note says so.
    let table = match arrivals.latest_month() {
        Some((y, latest)) if y == year => table.min(latest),
        _ => table,
    };
    if own >= table {
        return Vec::new();
    }
    let season = seasonal(arrivals, market, year, own, table).map(|a| format!(" ({a})")).unwrap_or_default();
    // A market of the tree without a figure of the year (one added before its first figure):
    // its empty row said nothing.
    if !arrivals.reports_in(market, year) {
        // Nor the two years before: its groups are their other members' sums, both years
        // (review 60 L5: Oceania's 900, New Zealand's alone, said nowhere).
        let groups: Vec<String> =
            arrivals.tree().ancestors_and_self(market).into_iter().filter(|a| a != market).collect();
        // (Not one with figures the year before last: a member ended, which is said as such,
        // and counted so or not by the basis: review 61 M3.)
        let others = if (1..=2).any(|back| arrivals.reports_in(market, year - back)) || groups.is_empty() {
            String::new()
        } else {
            format!(
                " (nor for {}: {} count{} the other markets only)",
                year - 1,
                some_names(&groups, 4),
                if groups.len() == 1 { "s" } else { "" }
            )
        };
        return vec![format!("{market}: no figures for {year}{others}; not counted{season}")];
    }
    // A group whose members by quarters or years would make it with the others' months, but
    // not after its own figures of quarters, halves or years: that is why, beside them (review
    // 71 M3: Americas' 2025 blamed on "members behind: Canada (not by month)" alone, where its
    // own 2024-H1 kept Canada's quarters from counting it; review 73 M4, L1: Canada by quarters
    // is a cause too, and one really lagging is still named).
    let after_own_periods = !arrivals.readable_from_members(market, year)
        && !arrivals.has_own(market, year)
        && arrivals.has_other_periods(market, year - 1);
    // Its members counted by figures of quarters or years through the table's months (review
    // 73 M5: Americas, counted by Canada's quarters in the same table, named behind World).
    // (Such members are none of those behind either: trial 93 M1, France by quarters through
    // June named beside Italy, whose May lacking held Europe at March.)
    let by_periods_through: Vec<String> = arrivals
        .members_through(market, year)
        .into_iter()
        .filter(|(m, k)| {
            *k < table
                && mixed(arrivals, periods, m, year, (1, table)).is_some_and(|x| !x.by_periods.is_empty())
        })
        .map(|(m, _)| m)
        .collect();
    let unmonthly: Vec<String> = if after_own_periods { by_periods_through.clone() } else { Vec::new() };
    let behind = members_behind_but(arrivals, market, year, table, &by_periods_through);
    let missing = arrivals.uncovered(market, year, own + 1, table);
    let counted = if own == 0 && arrivals.by_other_periods_only(market, year) {
        format!("figures of {year} by other periods only (quarters, years, days), none by month; not counted")
    } else if own == 0 {
        // Months before its latest are missing "though it has later months"; those after it
        // are not (trial 41: "2024-11..2024-12, though it has later months (to 2024-10)").
        let latest = arrivals.latest_covered(market, year).filter(|l| *l > own);
        let before: Vec<u32> = missing.iter().copied().filter(|m| latest.is_none_or(|l| *m < l)).collect();
        let later = match latest {
            Some(l) => format!(", though it has later months (to {})", month_label(year, l)),
            None => String::new(),
        };
        let after = latest.map(|l| nor_after(arrivals, market, year, l, table)).unwrap_or_default();
        format!(
            "no figure for {}{later}{after}{}; not counted{season}",
            month_list(year, &before),
            longer_periods(arrivals, market, year)
        )
    } else {
        // Its figures of quarters (or halves) after a missing one, named as not counted without
        // it (review 94 M2: a second quarter missing, "no figure for 2025-04..2025-09" beside
        // the third quarter's 9,900).
        let after: Vec<&OtherPeriod> = periods
            .iter()
            .filter(|o| {
                o.market == market && o.first.0 == year && o.last.0 == year && missing.contains(&o.first.1)
            })
            .collect();
        let held: BTreeSet<u32> = after.iter().flat_map(|o| o.first.1..=o.last.1).collect();
        let lacking: Vec<u32> = missing.iter().copied().filter(|m| !held.contains(m)).collect();
        // (The months lacking after them said apart: review 96 L1, October named among those
        // its third quarter came after.)
        let first_held = held.first().copied().unwrap_or(0);
        let (lacking, later): (Vec<u32>, Vec<u32>) = lacking.into_iter().partition(|m| *m < first_held);
        let later = match later.as_slice() {
            [] => String::new(),
            _ => format!("; none for {}", month_list(year, &later)),
        };
        if after.is_empty() || lacking.is_empty() {
            format!(
                "counted through {} only (no figure for {}{}){season}",
                month_label(year, own),
                month_list(year, &missing),
                arrivals.left_out_words(market, year, &missing)
            )
        } else {
            let names: Vec<String> = after.iter().map(|o| o.period.clone()).collect();
            let them = if lacking.len() == 1 { "it" } else { "them" };
            format!(
                "counted through {} only (no figure for {}; its {} after {them} not counted without {them}{later}){season}",
                month_label(year, own),
                month_list(year, &lacking),
                names.join(", ")
            )
        }
    };
    // A group whose own figures its members' do not add up to, with none of its own for the
    // months: why its members' sum does not stand in (trial 58 H1: Total's own figures to 2025,
    // "no figure for 2026-01..2026-02" where both its members had them, unexplained).
    let apart = if arrivals.publishes_apart(market)
        && (arrivals.has_own(market, year) || arrivals.has_own(market, year - 1))
        && behind.is_empty()
        && !missing.is_empty()
    {
        format!(
            " (its own figures are not the sum of its members' in months both have, so their sum does not stand in for one of its own: ingest {market}'s own figures for them)"
        )
    } else if !unmonthly.is_empty() && !missing.is_empty() {
        format!(
            " ({}, counted by figures of quarters or years, would make it with its other members' months, but not after its own figures of {} by quarters, halves or years, which are not told apart from its members' sum: ingest its own figures of {year}, or ask for its members)",
            some_names(&unmonthly, 4),
            year - 1
        )
    } else {
        String::new()
    };
    if behind.is_empty() {
        vec![format!("{market}: {counted}{apart}")]
    } else {
        vec![format!("{market}: {counted}{apart}; members behind: {}", some_names(&behind, 6))]
    }
}

/// The latest quarter's end after `own` and before `month` through which `market`'s figures,
/// by months and by the quarters (or years) of it or its members, count it, with how (each
/// market through its own, asked through a month past a quarterly member's latest quarter:
/// trial 91 M3).
fn by_quarters_before(
    arrivals: &MonthlyArrivals,
    periods: &[OtherPeriod],
    market: &str,
    year: i32,
    (own, month): (u32, u32),
) -> Option<(u32, Mixed)> {
    (own + 1..month).rev().filter(|q| q.is_multiple_of(3)).find_map(|q| {
        let x = mixed(arrivals, periods, market, year, (1, q)).filter(|x| !x.by_periods.is_empty())?;
        Some((q, x))
    })
}

/// One market's arrivals year to date against last year and a base year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearToDateLine {
    pub market: String,
    pub depth: usize,
    /// Months 1..=through are counted (0: the market has no complete month).
    pub through: u32,
    pub arrivals: Option<f64>,
    /// The same months last year; empty when last year does not cover them all.
    pub arrivals_ly: Option<f64>,
    pub yoy_pct: Option<f64>,
    /// Share of the first market shown (the top), when it counts the same months.
    pub share_pct: Option<f64>,
    /// Level against the same months of the base year (100: the same), where one is asked.
    pub vs_base_pct: Option<f64>,
    /// Share of the change of the group above it (the market shown just above, one level up)
    /// that this market's change makes, percent, when both count the same months. Within a
    /// group the shares add up to 100% with what its members shown do not explain (a note).
    pub contribution_pct: Option<f64>,
    /// The markets counted by their own figures of quarters or years, not months (a member of
    /// a group published so), where the months asked end with their periods.
    pub by_periods: Vec<String>,
    /// What is said of those figures of quarters or years, this year's and last year's:
    /// provisional, estimated, or known before the period ended (each also among the notes).
    pub period_notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearToDate {
    pub through: Through,
    pub lines: Vec<YearToDateLine>,
    pub notes: Vec<String>,
}

impl YearToDate {
    /// Whether rows count through different months (the table must then say so per row).
    pub fn mixed(&self) -> bool {
        // A row that counts no month (no figures) counts no other months either.
        self.lines.iter().any(|l| l.through != 0 && l.through != self.through.month)
    }
}

/// Arrivals year to date for the markets shown (in order, with their depth), like with like.
pub fn year_to_date(
    arrivals: &MonthlyArrivals,
    periods: &[OtherPeriod],
    shown: &[(usize, String)],
    through: Through,
    base_year: Option<i32>,
) -> YearToDate {
    let year = through.year;
    let mut notes = through.notes.clone();
    let mut lines: Vec<YearToDateLine> = Vec::new();
    let mut no_base = Vec::new();
    // Markets with a figure but no share of their tree's top: (the top, the markets).
    let mut unshared: Vec<(String, &str, Vec<String>)> = Vec::new();
    let mut short: Vec<(String, Vec<String>)> = Vec::new();
    let tops = shown.iter().filter(|(depth, _)| *depth == 0).count();
    // The markets with figures of other periods: only where one of them is in a market's
    // subtree can it be counted by them (review 28 M7: tried for every market, summary of a
    // tree of 1,241 took 7 s).
    let with_periods: HashSet<&str> = periods.iter().map(|o| o.market.as_str()).collect();
    // The markets counted by figures of other periods, each with its note.
    let mut by_periods_said: Vec<(String, String)> = Vec::new();
    // The members read by months of the markets counted so, with the month counted through.
    let mut months_read: Vec<(String, u32)> = Vec::new();
    for (depth, m) in shown {
        // What is said of the quarters counted this year and last (see `YearToDateLine`).
        let mut line_periods: Vec<String> = Vec::new();
        let mut own = arrivals.complete_through(m, year).min(through.month);
        let may_mix = !with_periods.is_empty()
            && (with_periods.contains(m.as_str())
                || arrivals.tree().descendants(m).iter().any(|d| with_periods.contains(d)));
        // A market published by quarter (or a group with a member so) is counted through the
        // month asked where its quarters end there (trial 50 #1: a region with one quarterly
        // member could never be summed, though `claims` summed it).
        // Or, each market counted through its own, through its months and a quarter of its
        // own in place of some, where they end before the month asked (review 51 M4: T held at
        // June, its months and U's 2025-Q3 reaching October).
        let reach = arrivals.reach_through(m, year).min(through.month);
        let by_quarters = (may_mix && own < through.month)
            .then(|| mixed(arrivals, periods, m, year, (1, through.month)))
            .flatten()
            .filter(|x| !x.by_periods.is_empty())
            .map(|x| (through.month, x))
            .or_else(|| {
                let x = (may_mix && own < reach).then(|| mixed(arrivals, periods, m, year, (1, reach)))??;
                (!x.patched.is_empty()).then_some((reach, x))
            })
            .or_else(|| {
                // Asked through a month, each market through its own: one by quarters through
                // the latest quarter's end its figures reach before it (trial 91 M3: Total and
                // Europe, France by quarters to September, left empty at October, Asia counted
                // through September beside them).
                (may_mix && through.asked)
                    .then(|| by_quarters_before(arrivals, periods, m, year, (own, through.month)))?
            });
        let by_quarters = if let Some((k, x)) = by_quarters {
            own = k;
            short.push((m.clone(), short_notes(arrivals, periods, m, year, k, through.month)));
            Some(x)
        } else {
            None
        };
        if by_quarters.is_none() {
            let mut said = short_notes(arrivals, periods, m, year, own, through.month);
            // Counted by its quarters at an earlier month (a quarter's end): said how.
            // (Or a later one: the nearest.)
            // (Or where its months and a quarter of its own end: review 51 M4, 2025-05 after a
            // first quarter, unnamed.)
            let reach = arrivals.reach_through(m, year);
            let ends = |q: &u32| may_mix && (q.is_multiple_of(3) || *q == reach);
            let earlier =
                (own + 1..through.month).rev().chain(through.month + 1..=12).filter(ends).find_map(|q| {
                    let x = mixed(arrivals, periods, m, year, (1, q)).filter(|x| !x.by_periods.is_empty())?;
                    Some(format!("{m}: --through {} counts it{}", month_label(year, q), periods_read(m, &x)))
                });
            said.extend(earlier.filter(|_| !said.is_empty()));
            short.push((m.clone(), said));
        }
        let counted = own > 0;
        // Last year (or the base year) of the months counted where the store has it by months
        // and quarters: made of the same markets, read alike (review 28 H3).
        let by_periods_in = |y: i32, now: &Mixed| -> Option<(f64, std::result::Result<(), String>, Mixed)> {
            let prefer: BTreeSet<String> = now.by_periods.iter().cloned().collect();
            let then = mixed_like(arrivals, periods, m, y, (1, own), &prefer)?;
            let same = alike(arrivals, now, &then, (year, y), (1, own));
            Some((then.value, same, then))
        };
        let mut ly_by_periods = false;
        let mut ly_said = false;
        let (now, mut ly) = match &by_quarters {
            Some(x) => {
                let counted_note =
                    format!("{m}: counted through {}{}", month_label(year, own), periods_read(m, x));
                let ly = match by_periods_in(year - 1, x) {
                    Some((v, Ok(()), then)) => {
                        let likewise = if then.by_periods.is_empty() {
                            String::new()
                        } else {
                            format!(" ({} likewise)", year - 1)
                        };
                        by_periods_said.push((m.clone(), format!("{counted_note}{likewise}")));
                        // A quarter of 0 last year: its change is against none (review 29 M7).
                        // (Not where this year's is 0 too: review 30 L2.)
                        let zero: Vec<&String> = then
                            .zero_periods
                            .iter()
                            .filter(|z| {
                                !x.zero_periods.contains(&z.replacen(
                                    &(year - 1).to_string(),
                                    &year.to_string(),
                                    1,
                                ))
                            })
                            .collect();
                        if !zero.is_empty() && v > 0.0 {
                            notes.push(format!(
                                "{m}: {} had no arrivals (0): yoy_pct counts this year's figures for {} against none",
                                zero.iter().map(|z| z.as_str()).collect::<Vec<_>>().join(", "),
                                if zero.len() == 1 { "it" } else { "them" }
                            ));
                        }
                        said_once(&mut notes, &mut line_periods, period_notes(&then));
                        Some(v)
                    }
                    Some((_, Err(why), _)) => {
                        notes.push(format!("{counted_note}; not compared with {}: {why}", year - 1));
                        None
                    }
                    None => match without_ended_by_periods(arrivals, periods, m, year, (1, own), x) {
                        // A member no longer published, silent both years: compared without it,
                        // as by months (review 61 M3: Asia with Vietnam by quarters refused
                        // for Laos, 14,001 against 13,821 without it).
                        Some((then, said)) => {
                            by_periods_said.push((m.clone(), counted_note));
                            notes.push(said);
                            said_once(&mut notes, &mut line_periods, period_notes(&then));
                            Some(then.value)
                        }
                        None => {
                            notes.push(format!(
                                "{counted_note}; {}; no comparison",
                                no_figure_of(arrivals, periods, m, year - 1, (1, own))
                            ));
                            None
                        }
                    },
                };
                said_once(&mut notes, &mut line_periods, period_notes(x));
                months_read.extend(x.by_months.iter().map(|b| (b.clone(), own)));
                (Some(x.value), ly)
            }
            None if counted => {
                let ly = arrivals.sum(m, year - 1, 1, own).or_else(|| {
                    // Last year by its quarters, where they end with the months counted (by
                    // months this year, by quarters then).
                    if !may_mix {
                        return None;
                    }
                    let this = mixed(arrivals, periods, m, year, (1, own))?;
                    let (v, same, then) = by_periods_in(year - 1, &this)?;
                    if then.by_periods.is_empty() {
                        return None;
                    }
                    let read = format!(
                        "{m}: {} read{}",
                        month_list(year - 1, &(1..=own).collect::<Vec<_>>()),
                        periods_read(m, &then)
                    );
                    // This year's own quarters beside its months, on another basis: last
                    // year's quarters are no like for its months (review 30 H1).
                    let basis = then.by_periods.iter().find_map(|x| {
                        let (q, _) = super::store_info::tiled(periods, x, year, (1, own))?;
                        let mo = arrivals.sum(x, year, 1, own)?;
                        ((q - mo).abs() >= 0.5).then(|| {
                            format!(
                                "{x}'s own figures of {year} ({}) are not what its months add up to ({}), another basis",
                                crate::output::thousands(q.round() as i64),
                                crate::output::thousands(mo.round() as i64)
                            )
                        })
                    });
                    let same = match basis {
                        Some(why) => Err(why),
                        None => same,
                    };
                    match same {
                        Ok(()) => {
                            notes.push(read);
                            said_once(&mut notes, &mut line_periods, period_notes(&then));
                            ly_by_periods = true;
                            Some(v)
                        }
                        Err(why) => {
                            notes.push(format!("{read}; not compared: {why}"));
                            ly_said = true;
                            None
                        }
                    }
                });
                (arrivals.sum(m, year, 1, own), ly)
            }
            None => (None, None),
        };
        if by_quarters.is_some() || ly_said {
            // Said by its own note.
        } else if counted && ly.is_none() {
            if arrivals.by_other_periods_only(m, year - 1) {
                // The months its figures of last year end at, nearest the month counted: the
                // --through that compares with them (trial 59 L5: none was named).
                let ends: BTreeSet<u32> = periods
                    .iter()
                    .filter(|o| o.market == *m && o.last.0 == year - 1 && o.first.0 == year - 1)
                    .map(|o| o.last.1)
                    .collect();
                let reach = arrivals.complete_through(m, year);
                // (A reach no further than the month counted has no later end: trial 72 M1,
                // an empty range read as one whose start passed its end.)
                let later = ends.iter().find(|&&e| e > own && e <= reach);
                let nearest: Vec<u32> =
                    [ends.range(..own).next_back(), later].into_iter().flatten().copied().collect();
                let ended: Vec<String> = nearest.iter().map(|q| month_label(year - 1, *q)).collect();
                let nearest: Vec<String> =
                    nearest.iter().map(|q| format!("--through {}", month_label(year, *q))).collect();
                notes.push(format!(
                    "{m}: last year's figures are of other periods only (quarters, years, days), none by month; no comparison month by month{}",
                    if nearest.is_empty() {
                        String::new()
                    } else {
                        // (Last year's periods end a year before: trial 84 L3, "--through
                        // 2017-09, where they end", of quarters ending 2016-09.)
                        format!(
                            " ({} compares with them, which end in {})",
                            nearest.join(" or "),
                            ended.join(" and ")
                        )
                    }
                ));
            } else if let Some((without, said)) = ly_without_ended(arrivals, m, year, (1, own)) {
                ly = Some(without);
                notes.push(said);
            } else if let Some((read, whole)) =
                split_periods(arrivals, periods, m, year - 1, &arrivals.uncovered(m, year - 1, 1, own), own)
            {
                notes.push(format!(
                    "{m}: last year has {} only within {read}, which counting through {} cuts: no comparison{}",
                    month_list(year - 1, &arrivals.uncovered(m, year - 1, 1, own)),
                    month_label(year, own),
                    if whole > 0 {
                        format!(" (--through {} compares whole periods)", month_label(year, whole))
                    } else {
                        String::new()
                    }
                ));
            } else if arrivals.reports_in(m, year - 1) {
                let missing = arrivals.uncovered(m, year - 1, 1, own);
                let not_by_month: Vec<String> = arrivals
                    .members_through(m, year - 1)
                    .into_iter()
                    .filter(|(c, _)| arrivals.by_other_periods_only(c, year - 1))
                    .map(|(c, _)| c)
                    .collect();
                // The members that lack them, named (trial 40 #1 named none), a seasonal route
                // with the months to give.
                let lacking: Vec<String> = members_lacking(arrivals, m, year - 1, &missing)
                    .into_iter()
                    .filter(|c| !not_by_month.iter().any(|n| c.starts_with(n.as_str())))
                    .collect();
                let lacking = with_season(arrivals, lacking, year, &missing, own);
                // A seasonal route itself (trial 43: Israel, Dec-Mar, in 2025 without 2024's
                // summer given as 0).
                let own_season = season_lacking(arrivals, m, year, &missing, own)
                    .map(|advice| format!(" ({advice})"))
                    .unwrap_or_default();
                let members = match (not_by_month.is_empty(), lacking.is_empty()) {
                    (true, true) => String::new(),
                    (true, false) => format!(" (members without all of them: {})", some_names(&lacking, 6)),
                    (false, true) => format!("; members not by month then: {}", some_names(&not_by_month, 6)),
                    (false, false) => format!(
                        " (members without all of them: {}); members not by month then: {}",
                        some_names(&lacking, 6),
                        some_names(&not_by_month, 6)
                    ),
                };
                // A quarter of 0 there, which stands for no months (review 52 L3: unnamed).
                let mut within = arrivals.tree().descendants(m);
                within.push(m);
                let zero: Vec<String> = periods
                    .iter()
                    .filter(|o| {
                        o.value == 0.0 && o.first.0 == year - 1 && within.contains(&o.market.as_str())
                    })
                    .filter(|o| missing.iter().any(|mo| (o.first.1..=o.last.1).contains(mo)))
                    .map(|o| format!("{}'s {}", o.market, o.period))
                    .collect();
                let zero = if zero.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; {} {} 0, which stands for no months (a route suspended?)",
                        some_names(&zero, 4),
                        if zero.len() == 1 { "is" } else { "are" }
                    )
                };
                notes.push(format!(
                    "{m}: last year has no figure for {}{members}{zero}; no comparison{own_season}",
                    month_list(year - 1, &missing)
                ));
            } else {
                notes.push(format!("{m}: no figures for {}; no comparison", year - 1));
            }
        } else if counted && !ly_by_periods {
            // Like with like: the same markets' figures both years.
            if let Some(why) = unlike_last_year(arrivals, m, year, (1, own)) {
                notes.extend(why);
                ly = None;
            }
        }
        let by_months_both = by_quarters.is_none() && !ly_by_periods;
        if let (Some(n), Some(l), true) = (now, ly, by_months_both) {
            notes.extend(change_note(arrivals, m, year, (1, own), n, l));
        }
        if ly.is_some_and(|l| l > 0.0) {
            // (Where months are not known, no month closed is told; a member reopened is,
            // where the group is counted with a quarter standing for a member's months:
            // review 53 H1, +13.3% of +9.6% like with like, unsaid.)
            if let (Some(n), Some(l), Some(_), false) = (now, ly, &by_quarters, by_months_both) {
                notes.extend(reopened_note(arrivals, m, year, (1, own), n, l));
            }
            if by_months_both {
                // A closure said says the months counted against none; else, those reopened.
                match closed_note(arrivals, m, year, own) {
                    Some(closed) => notes.push(closed),
                    None => {
                        if let (Some(n), Some(l)) = (now, ly) {
                            notes.extend(reopened_note(arrivals, m, year, (1, own), n, l));
                        }
                    }
                }
            }
        } else if ly == Some(0.0) && now.is_some_and(|n| n > 0.0) {
            // No change against none: said, never an empty cell without a word.
            notes.push(format!(
                "{m}: {} had no arrivals (0): no change against none",
                month_list(year - 1, &(1..=own).collect::<Vec<_>>())
            ));
        } else if ly == Some(0.0) && now == Some(0.0) {
            // None in either year (an off-season route): no change to give (trial 41 #6).
            notes.push(format!(
                "{m}: no arrivals in {} nor a year before (0 and 0): no change to give",
                month_list(year, &(1..=own).collect::<Vec<_>>())
            ));
        }
        // The base year likewise: by months, or by its quarters where it was published so
        // (trial 51 #3: claims read 2019's quarters, summary gave no level).
        // (A base year read by its quarters is said, with their status: review 29 M4.)
        let mut base_read: Option<Mixed> = None;
        let mut against = |x: &Mixed, b: i32| match by_periods_in(b, x) {
            Some((v, Ok(()), then)) => {
                if !then.by_periods.is_empty() {
                    base_read = Some(then);
                }
                (Some(v), None)
            }
            Some((v, Err(why), _)) => (Some(v), Some(why)),
            None => (None, None),
        };
        let (then, unlike) = match (&by_quarters, base_year.filter(|_| counted)) {
            (Some(x), Some(b)) => against(x, b),
            (None, Some(b)) => match arrivals.sum(m, b, 1, own) {
                Some(v) => (Some(v), arrivals.comparable(m, year, b, 1, own).err()),
                None if !may_mix => (None, None),
                None => match mixed(arrivals, periods, m, year, (1, own)) {
                    // (Or a base year of its months with a quarter of its own in place of
                    // some: review 51 M5, refused for U, read for its group.)
                    Some(this)
                        if arrivals.by_other_periods_only(m, b)
                            || !arrivals.tree().children(m).is_empty()
                            || mixed(arrivals, periods, m, b, (1, own))
                                .is_some_and(|x| !x.patched.is_empty()) =>
                    {
                        match by_periods_in(b, &this) {
                            Some((_, _, then)) if then.by_periods.is_empty() => (None, None),
                            Some(_) => against(&this, b),
                            None => (None, None),
                        }
                    }
                    _ => (None, None),
                },
            },
            _ => (None, None),
        };
        let base = then.filter(|_| unlike.is_none());
        if let (Some(read), Some(b), Some(_)) = (&base_read, base_year, base) {
            notes.push(format!("{m}: its level against {b} is read{}", periods_read(m, read)));
            for n in period_notes(read) {
                if !notes.contains(&n) {
                    notes.push(n);
                }
            }
        }
        match (unlike, base_year) {
            // The base covers the months, but not with the same members: why is said (review 21
            // M4: "does not cover the same months", where a member counted then has none now).
            (Some(why), Some(b)) if then.is_some() => {
                notes.push(format!("{m}: no level against {b}: {why}"));
                notes.extend(new_member_note(arrivals, m, (year, b), &format!("level against {b}")));
            }
            _ if counted && base_year.is_some() && base.is_none() => no_base.push((m.clone(), own)),
            // None in the base year's months: no level against none, said (review 22 L6).
            (_, Some(b)) if base == Some(0.0) && now.is_some() => notes.push(format!(
                "{m}: {} had no arrivals (0): no level against none",
                month_list(b, &(1..=own).collect::<Vec<_>>())
            )),
            _ => {}
        }
        // A share is of the top of the market's own tree: the last market of no group shown
        // above it (or itself). Tops of several trees are no shares of one another, and
        // theirs of themselves says nothing: left empty.
        let (top_through, top) = if *depth == 0 {
            (own, now.filter(|_| tops == 1))
        } else {
            let top_line = lines.iter().rev().find(|t| t.depth == 0);
            if let (Some(t), Some(_)) = (top_line, now) {
                if t.arrivals.is_none() || t.through != own {
                    let why = if t.arrivals.is_none() {
                        "it has no figure to share"
                    } else {
                        "counted through other months than it"
                    };
                    match unshared.iter_mut().find(|(top, w, _)| *top == t.market && *w == why) {
                        Some((_, _, markets)) => markets.push(m.clone()),
                        None => unshared.push((t.market.clone(), why, vec![m.clone()])),
                    }
                }
            }
            top_line.map_or((own, None), |t| (t.through, t.arrivals))
        };
        lines.push(YearToDateLine {
            market: m.clone(),
            depth: *depth,
            through: own,
            arrivals: now,
            arrivals_ly: ly,
            yoy_pct: now.zip(ly).and_then(|(n, l)| change_pct(n, l)),
            share_pct: now
                .zip(top)
                .filter(|_| top_through == own)
                .and_then(|(n, t)| (t > 0.0).then(|| n / t * 100.0)),
            vs_base_pct: now.zip(base).and_then(|(n, b)| (b > 0.0).then(|| n / b * 100.0)),
            contribution_pct: None,
            by_periods: by_quarters.map(|x| x.by_periods).unwrap_or_default(),
            period_notes: line_periods,
        });
    }
    // Many markets counted by their quarters: one note, not one each.
    if by_periods_said.len() > 6 {
        // By the month each is counted through (review 94 L1: "through 2025-10" of markets
        // counted through their quarters' end, 2025-09).
        let mut by_month: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        for (m, _) in &by_periods_said {
            let k = lines.iter().find(|l| l.market == *m).map_or(through.month, |l| l.through);
            by_month.entry(k).or_default().push(m.clone());
        }
        let months: Vec<String> = by_month
            .iter()
            .rev()
            .map(|(k, names)| format!("through {}: {}", month_label(year, *k), some_names(names, 8)))
            .collect();
        notes.push(format!(
            "{} markets are counted by figures of quarters or years, their own or their members' (their notes in full with --market), {}",
            by_periods_said.len(),
            months.join("; ")
        ));
    } else {
        notes.extend(by_periods_said.into_iter().map(|(_, n)| n));
    }
    // A market counting no month is said once, by its short note (with its members behind),
    // not again by the note on the months it has later.
    let none_counted: Vec<String> =
        lines.iter().filter(|l| l.through == 0).map(|l| format!("{}: no figure for ", l.market)).collect();
    notes.retain(|n| {
        !(n.ends_with("; not counted") && none_counted.iter().any(|p| n.starts_with(p.as_str())))
    });
    // Months asked for that no market has a figure of yet: said once (trial 43 LOW-7).
    if let Some((y, l)) = arrivals.latest_month().filter(|(y, l)| *y == through.year && *l < through.month) {
        notes.push(format!(
            "no market has a monthly figure for {} yet (the store's latest month is {})",
            month_list(y, &(l + 1..=through.month).collect::<Vec<_>>()),
            month_label(y, l)
        ));
    }
    // Many markets short of the month asked for: one note, not one each; those counted
    // through an earlier month apart from those not counted at all (a month missing before).
    let through_of = |m: &str| lines.iter().find(|l| l.market == m).map_or(0, |l| l.through);
    let (counted_short, uncounted): (Vec<_>, Vec<_>) =
        short.into_iter().filter(|(_, n)| !n.is_empty()).partition(|(m, _)| through_of(m) > 0);
    let mixed = lines.iter().any(|l| l.through != 0 && l.through != through.month);
    for (group, counted) in [(counted_short, true), (uncounted, false)] {
        if group.len() > 6 {
            let names: Vec<String> = group.iter().map(|(m, _)| m.clone()).collect();
            // Those with a figure for the month, short of it by a month missing before, said
            // apart (trial 81 M3: India, 7,812 for 2026-10, said to have none).
            let gapped: Vec<String> =
                names.iter().filter(|m| arrivals.covers(m, year, through.month)).cloned().collect();
            let gap = match gapped.len() {
                0 => String::new(),
                n => format!(
                    "; {} {} a figure for {}, with a month missing before it (its note in full with --market)",
                    some_names(&gapped, 6),
                    if n == 1 { "has" } else { "have" },
                    month_label(year, through.month)
                ),
            };
            notes.push(if counted {
                format!(
                    "{} markets have no complete months to {} and are counted through their own latest complete month{}: {}{gap}",
                    group.len(),
                    month_label(year, through.month),
                    if mixed { " (column through)" } else { "" },
                    some_names(&names, 8)
                )
            } else {
                format!(
                    "{} markets have no figure for a month up to {} and are not counted (their notes in full with --market): {}",
                    group.len(),
                    month_label(year, through.month),
                    some_names(&names, 8)
                )
            });
        } else {
            notes.extend(group.into_iter().flat_map(|(_, n)| n));
        }
    }
    for (top, why, markets) in unshared {
        notes.push(format!("no share of {top} for {}: {why}", some_names(&markets, 6)));
    }
    notes.extend(contributions(&mut lines, arrivals, year, 1));
    notes.extend(stale_own_figures(&lines, arrivals, (year, 1), &depth_shows_members));
    let mut counted: Vec<(String, u32)> = lines.iter().map(|l| (l.market.clone(), l.through)).collect();
    // The members a group counted by quarters read by months: their provisional months too
    // (review 28 H4: none was said of a group counted so).
    for (m, k) in months_read {
        if !counted.iter().any(|(c, _)| *c == m) {
            counted.push((m, k));
        }
    }
    notes.extend(tentative_notes(arrivals, &counted, year, None));
    notes.extend(unit_notes(arrivals, &counted, year, 1));
    // Which months the base year lacks, where it has figures: per market not in a group shown
    // with it, its own months or its members lacking them (review 22 M3: a seasonal route's
    // off-season, named nowhere).
    let why_not = |b: i32| -> String {
        let names: Vec<&String> = no_base.iter().map(|(m, _)| m).collect();
        let each: Vec<String> = no_base
            .iter()
            .filter(|(m, _)| arrivals.reports_in(m, b))
            .filter_map(|(m, own)| {
                let missing = arrivals.uncovered(m, b, 1, *own);
                let lacking = members_lacking(arrivals, m, b, &missing);
                if !lacking.is_empty() {
                    // A group: its members named, unless each is in the list itself.
                    let unlisted: Vec<String> = lacking.into_iter().filter(|c| !names.contains(&c)).collect();
                    return (!unlisted.is_empty())
                        .then(|| format!("{m}: members without all of them: {}", some_names(&unlisted, 4)));
                }
                // Held within a quarter of its own that the months cut (review 52 L5: "has none
                // for 2019-07" of a market with its 2019-Q3).
                let cut = cut_periods(arrivals, periods, m, b, &missing, (1, *own));
                if !cut.is_empty() {
                    let names: Vec<String> =
                        cut.iter().map(|o| format!("{}'s {}", o.market, o.period)).collect();
                    return Some(format!(
                        "{m} has {} only within {}, which the months counted cut",
                        month_list(b, &missing),
                        some_names(&names, 4)
                    ));
                }
                (!missing.is_empty() && arrivals.tree().children(m).is_empty())
                    .then(|| format!("{m} has none for {}", month_list(b, &missing)))
            })
            .collect();
        if each.is_empty() {
            String::new()
        } else {
            format!(" ({})", each.join("; "))
        }
    };
    let no_base_names: Vec<String> = no_base.iter().map(|(m, _)| m.clone()).collect();
    match base_year {
        Some(b)
            if !no_base.is_empty()
                && no_base.len() < lines.iter().filter(|l| l.arrivals.is_some()).count() =>
        {
            notes.push(format!(
                "no level against {b} for {}: {b} does not cover the same months{}",
                some_names(&no_base_names, 6),
                why_not(b)
            ));
        }
        // No market shown has a level: the column is empty, and why is said once.
        Some(b) if !no_base.is_empty() => {
            notes.push(if no_base.iter().any(|(m, _)| arrivals.reports_in(m, b)) {
                format!(
                    "no level against {b}: {b} does not cover the same months for any market shown{}",
                    why_not(b)
                )
            } else {
                format!("no level against {b}: the store has no figures of {b} for the markets shown")
            })
        }
        _ => {}
    }
    YearToDate { through, lines, notes }
}

/// One month's arrivals for the markets shown (in order, with their depth), against the same
/// month last year and the base year, like with like: the press release's table, where
/// `year_to_date` is its year to date. A line's `through` is the month where the market has a
/// figure for it (its own, or all its members'), 0 where it has none; a comparison the store
/// cannot make is left empty, with a note that says why.
pub fn month_on_year(
    arrivals: &MonthlyArrivals,
    periods: &[OtherPeriod],
    shown: &[(usize, String)],
    (year, month): (i32, u32),
    base_year: Option<i32>,
) -> YearToDate {
    let span = (month, month);
    let label = month_label(year, month);
    let mut notes: Vec<String> = Vec::new();
    let mut lines: Vec<YearToDateLine> = Vec::new();
    let mut uncounted: Vec<String> = Vec::new();
    let mut no_base: Vec<String> = Vec::new();
    let mut unshared: Vec<(String, Vec<String>)> = Vec::new();
    let mut no_year: Vec<String> = Vec::new();
    let tops = shown.iter().filter(|(depth, _)| *depth == 0).count();
    for (depth, m) in shown {
        let now = arrivals.month(m, year, month);
        if now.is_none() {
            uncounted.push(m.clone());
            // Why, where it is not simply a market with no figures that year: a quarter of its
            // own, a group's members behind, a figure of its own that leaves members out.
            if !arrivals.reports_in(m, year) && !arrivals.has_other_periods(m, year) {
                // No figure of the year at all: said together (review 86 L3: four empty rows
                // of a real file without a word); a season's off months, as such (review 86 M3).
                match why_off_season(arrivals, m, year, month) {
                    Some(season) => notes.push(format!("{season}; not counted")),
                    None => no_year.push(m.clone()),
                }
            } else {
                notes.push(format!(
                    "{m}: {}; not counted",
                    no_month(arrivals, periods, m, (year, month), year)
                ));
            }
        }
        let mut ly = None;
        if let Some(n) = now {
            ly = arrivals.month(m, year - 1, month);
            if ly.is_none() {
                match ly_without_ended(arrivals, m, year, span) {
                    Some((without, said)) => {
                        ly = Some(without);
                        notes.push(said);
                    }
                    None if arrivals.reports_in(m, year - 1) || arrivals.has_other_periods(m, year - 1) => {
                        notes.push(format!(
                            "{m}: last year {}; no comparison",
                            no_month(arrivals, periods, m, (year - 1, month), year)
                        ));
                    }
                    None => notes.push(format!("{m}: no figures for {}; no comparison", year - 1)),
                }
            } else if let Some(why) = unlike_last_year(arrivals, m, year, span) {
                notes.extend(why);
                ly = None;
            }
            match ly {
                Some(l) if l > 0.0 => {
                    notes.extend(change_note(arrivals, m, year, span, n, l));
                    notes.extend(reopened_note(arrivals, m, year, span, n, l));
                }
                Some(_) if n > 0.0 => notes.push(format!(
                    "{m}: {} had no arrivals (0): no change against none",
                    month_label(year - 1, month)
                )),
                Some(_) => notes.push(format!(
                    "{m}: no arrivals in {label} nor a year before (0 and 0): no change to give"
                )),
                None => {}
            }
        }
        // The base year's month, of the same markets' figures.
        let base = match (base_year, now) {
            (Some(b), Some(n)) => match arrivals.month(m, b, month) {
                Some(v) => match arrivals.comparable(m, year, b, month, month) {
                    Ok(()) if v > 0.0 => Some(n / v * 100.0),
                    Ok(()) => {
                        notes.push(format!(
                            "{m}: {} had no arrivals (0): no level against none",
                            month_label(b, month)
                        ));
                        None
                    }
                    Err(why) => {
                        notes.push(format!("{m}: no level against {b}: {why}"));
                        None
                    }
                },
                None => {
                    no_base.push(m.clone());
                    None
                }
            },
            _ => None,
        };
        // A share is of the top of the market's own tree, as in the year to date.
        let top = if *depth == 0 {
            now.filter(|_| tops == 1)
        } else {
            let top_line = lines.iter().rev().find(|t| t.depth == 0);
            if let (Some(t), Some(_)) = (top_line, now) {
                if t.arrivals.is_none() {
                    match unshared.iter_mut().find(|(top, _)| *top == t.market) {
                        Some((_, markets)) => markets.push(m.clone()),
                        None => unshared.push((t.market.clone(), vec![m.clone()])),
                    }
                }
            }
            top_line.and_then(|t| t.arrivals)
        };
        lines.push(YearToDateLine {
            market: m.clone(),
            depth: *depth,
            through: if now.is_some() { month } else { 0 },
            arrivals: now,
            arrivals_ly: ly,
            yoy_pct: now.zip(ly).and_then(|(n, l)| change_pct(n, l)),
            share_pct: now.zip(top).and_then(|(n, t)| (t > 0.0).then(|| n / t * 100.0)),
            vs_base_pct: base,
            contribution_pct: None,
            by_periods: Vec::new(),
            period_notes: Vec::new(),
        });
    }
    if !no_year.is_empty() {
        let latest: Vec<String> = no_year
            .iter()
            .map(|m| match arrivals.last_covered(m) {
                Some((y, mo)) => format!("{m} (its latest: {})", month_label(y, mo)),
                None => m.clone(),
            })
            .collect();
        notes.push(format!(
            "no figure of {year} for {}: not counted (no longer published?)",
            some_names(&latest, 8)
        ));
    }
    // Many markets without the month: one note, not one each.
    if uncounted.len() > 6 {
        let named: Vec<String> = uncounted.iter().map(|m| format!("{m}: ")).collect();
        notes.retain(|n| !(n.ends_with("; not counted") && named.iter().any(|p| n.starts_with(p.as_str()))));
        notes.push(format!(
            "{} markets have no figure for {label} and are not counted (their notes in full with --market): {}",
            uncounted.len(),
            some_names(&uncounted, 8)
        ));
    }
    if let Some((y, l)) = arrivals.latest_month().filter(|&latest| latest < (year, month)) {
        notes.push(format!(
            "no market has a monthly figure for {label} yet (the store's latest month is {})",
            month_label(y, l)
        ));
    }
    for (top, markets) in unshared {
        notes.push(format!("no share of {top} for {}: it has no figure to share", some_names(&markets, 6)));
    }
    notes.extend(contributions(&mut lines, arrivals, year, month));
    notes.extend(stale_own_figures(&lines, arrivals, (year, month), &depth_shows_members));
    let counted: Vec<(String, u32)> = lines.iter().map(|l| (l.market.clone(), l.through)).collect();
    notes.extend(tentative_notes(arrivals, &counted, year, Some(month)));
    // Last year's month, and the base year's, provisional or estimated: the change or the level
    // set against it may be revised with it (trial 88 M8: said of neither).
    let against: Vec<(i32, &str, Vec<&String>)> =
        [(year - 1, "last year's month", false), (base_year.unwrap_or(0), "the base year's", true)]
            .into_iter()
            .filter(|(y, _, _)| *y > 0)
            .map(|(y, what, base)| {
                let lines: Vec<&String> = lines
                    .iter()
                    .filter(|l| if base { l.vs_base_pct.is_some() } else { l.yoy_pct.is_some() })
                    .map(|l| &l.market)
                    .collect();
                (y, what, lines)
            })
            .collect();
    for (y, what, markets) in against {
        let mut by_status: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
        for m in markets {
            for (c, status) in arrivals.tentative(m, y, month) {
                by_status.entry(status).or_default().insert(c);
            }
        }
        for (status, markets) in by_status {
            let markets: Vec<String> = markets.into_iter().collect();
            notes.push(format!(
                "{}, {what}, is {} for {}: a later release may revise it, and the {} with it",
                month_label(y, month),
                if status == "P" { "provisional (status P)" } else { "estimated (status E)" },
                some_names(&markets, 6),
                if y == year - 1 { "change" } else { "level" }
            ));
        }
    }
    notes.extend(unit_notes(arrivals, &counted, year, month));
    notes.extend(lone_unit_notes(arrivals, &lines, (year, month), base_year));
    if let Some(b) = base_year.filter(|_| !no_base.is_empty()) {
        let counted = lines.iter().filter(|l| l.arrivals.is_some()).count();
        notes.push(if no_base.len() < counted {
            format!(
                "no level against {b} for {}: {b} has no figure for {}",
                some_names(&no_base, 6),
                month_label(b, month)
            )
        } else if no_base.iter().any(|m| arrivals.reports_in(m, b)) {
            format!("no level against {b}: {} has no figure for any market shown", month_label(b, month))
        } else {
            format!("no level against {b}: the store has no figures of {b} for the markets shown")
        });
    }
    let through = Through { year, month, asked: true, notes: Vec::new(), held_back: None };
    YearToDate { through, lines, notes }
}

/// Why a market has no figure for a month of `year`: "no figure for 2025-03, only 2025-Q1,
/// which holds it (`summary --through 2025-03` counts it whole)", or its members without it,
/// each with why where the store can tell (a seasonal route, a member no longer published), or
/// the later months it has. `table` is the year of the table asking (a hint names its months).
fn no_month(
    arrivals: &MonthlyArrivals,
    periods: &[OtherPeriod],
    market: &str,
    (year, month): (i32, u32),
    table: i32,
) -> String {
    let label = month_label(year, month);
    let longer: Vec<&OtherPeriod> = periods
        .iter()
        .filter(|o| {
            o.market == market && o.first <= (year, month) && o.last >= (year, month) && o.first != o.last
        })
        .collect();
    if !longer.is_empty() {
        let names: Vec<String> = longer.iter().map(|o| o.period.clone()).collect();
        let whole = longer
            .iter()
            .filter(|o| o.first.0 == year && o.last.0 == year)
            .map(|o| o.last.1)
            .min()
            .map(|end| {
                let compares = if table == year { "counts it whole" } else { "compares it whole" };
                format!(" (`summary --through {}` {compares})", month_label(table, end))
            })
            .unwrap_or_default();
        return format!("no figure for {label}, only {}, which holds it{whole}", some_names(&names, 3));
    }
    // Its members without the month, each said as the year to date says a member behind.
    let lacking: Vec<String> = arrivals
        .tree()
        .children(market)
        .into_iter()
        .filter(|c| arrivals.expected_in(c, year) && !arrivals.covers(c, year, month))
        .map(|c| {
            // A seasonal route, or one behind or gone, with why; one with later months is
            // named alone (its own note says which).
            let k = arrivals.complete_through(c, year).min(month - 1);
            let later = arrivals.latest_covered(c, year).is_some_and(|l| l > month);
            match seasonal(arrivals, c, year, k, month) {
                Some(advice) => format!("{c} ({advice})"),
                None if later => c.to_string(),
                None => behind_label(arrivals, market, c.to_string(), k, year, month),
            }
        })
        .collect();
    let members = if lacking.is_empty() {
        String::new()
    } else {
        format!(" (members without it: {})", some_names(&lacking, 6))
    };
    let later = match arrivals.latest_covered(market, year).filter(|&l| l > month) {
        Some(l) => format!(", though it has later months (to {})", month_label(year, l)),
        None => String::new(),
    };
    // A group whose own figures its members' do not add up to: their sum is no stand-in.
    let apart = if lacking.is_empty()
        && arrivals.publishes_apart(market)
        && (arrivals.has_own(market, year) || arrivals.has_own(market, year - 1))
    {
        format!(
            " (its own figures are not the sum of its members' in months both have, so their sum does not stand in for one of its own: ingest {market}'s own figure for it)"
        )
    } else {
        String::new()
    };
    let season = match arrivals.tree().children(market).is_empty() {
        true => {
            seasonal(arrivals, market, year, arrivals.complete_through(market, year).min(month - 1), month)
                .map(|advice| format!(" ({advice})"))
                .unwrap_or_default()
        }
        false => String::new(),
    };
    format!(
        "no figure for {label}{members}{later}{apart}{}{season}",
        arrivals.left_out_words(market, year, &[month])
    )
}

/// Of a market counted by quarters through month `k` (`now`): the same months of `before`
/// and the rest of that year, made of the same markets, with the note of members left out as
/// silent both years where they are (`without_ended_by_periods`); or why not.
fn by_quarters_last_year(
    arrivals: &MonthlyArrivals,
    periods: &[OtherPeriod],
    market: &str,
    now: &Mixed,
    before: i32,
    k: u32,
) -> std::result::Result<(f64, f64, Option<String>), String> {
    let year = before + 1;
    let prefer: BTreeSet<String> = now.by_periods.iter().cloned().collect();
    let lacking = |months: (u32, u32)| {
        format!(
            "{}; the target path needs all of {before}",
            no_figure_of(arrivals, periods, market, before, months)
        )
    };
    let (then, without) = match mixed_like(arrivals, periods, market, before, (1, k), &prefer) {
        Some(then) => (then, None),
        None => {
            let (then, said) = without_ended_by_periods(arrivals, periods, market, year, (1, k), now)
                .ok_or_else(|| lacking((1, k)))?;
            (then, Some(said))
        }
    };
    alike(arrivals, now, &then, (year, before), (1, k))
        .map_err(|why| format!("last year does not compare like with like ({why})"))?;
    let ytd = then.value;
    // The rest of last year is of the markets counted now (its months compared with those of
    // the same markets this year where it has them: none, for a rest still to come).
    let rest = if k < 12 {
        let then = mixed_like(arrivals, periods, market, before, (k + 1, 12), &prefer)
            .or_else(|| {
                // Without the members the year to date leaves out (silent both years).
                let ended: BTreeSet<String> =
                    ended_members(arrivals, market, year, (1, k))?.into_iter().collect();
                super::store_info::mixed_like_without(
                    arrivals,
                    periods,
                    market,
                    before,
                    (k + 1, 12),
                    &prefer,
                    &ended,
                )
            })
            .ok_or_else(|| lacking((k + 1, 12)))?;
        if then.made_of != now.made_of {
            return Err(format!(
                "last year does not compare like with like ({})",
                unlike_markets(&now.made_of, &then.made_of, before)
            ));
        }
        then.value
    } else {
        0.0
    };
    Ok((ytd, rest, without))
}

/// Whether two figures are one within rounding (half an arrival, or 0.05% of the first).
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.5_f64.max(0.0005 * a.abs())
}

/// Whether a group's figures (each beside the sum of the figures below it, `pairs`) are their
/// sum in some month: `None` where never (it holds the rest of its region), `Some(true)` where
/// to the arrival, `Some(false)` within rounding only.
fn sums_to(pairs: impl Iterator<Item = (f64, f64)>) -> Option<bool> {
    // (A round figure, 5,688,000, of a table rounded to the thousand, is its rounded members'
    // sum by chance as often as not: review 106 L2.)
    pairs
        .filter(|(g, s)| close(*g, *s))
        .fold(None, |exact, (g, s)| Some(exact == Some(true) || ((g - s).abs() < 0.5 && g % 100.0 != 0.0)))
}

/// `sums_to` of a group's own months (each beside `below` of its year and month), in `year`
/// and the year before; where none is, a month read from its members (never shown apart from
/// them) tells it is their sum within rounding, never to the arrival (that month is their sum
/// by its making: review 106 M3).
fn own_sums_to(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    below: &dyn Fn(i32, u32) -> Option<f64>,
) -> Option<bool> {
    let months = || [year - 1, year].into_iter().flat_map(|y| (1..=12).map(move |mo| (y, mo)));
    let own = |&(y, mo): &(i32, u32)| arrivals.has_own_month(market, y, mo);
    sums_to(months().filter(own).filter_map(|(y, mo)| arrivals.month(market, y, mo).zip(below(y, mo))))
        .or_else(|| {
            months().any(|(y, mo)| !own(&(y, mo)) && arrivals.month(market, y, mo).is_some()).then_some(false)
        })
}

/// Whether a group's own figure is other than the sum below it (`below` of a month) in a month
/// of `year` no figure below it was published after (not among `stale`): what it holds apart
/// from them (arrivals unallocated, a member that stopped and is counted in it still) tells
/// nothing of a revision (review 106 M1, M4: 42 a month unallocated, a member stopped in
/// 2024, each said as a revision that changed nothing).
fn apart_in_newer_months(
    arrivals: &MonthlyArrivals,
    market: &str,
    (year, stale): (i32, &Stale),
    below: &dyn Fn(u32) -> Option<f64>,
    exactly: bool,
) -> bool {
    (1..=12)
        .filter(|mo| arrivals.has_own_month(market, year, *mo) && !stale.months.iter().any(|(m, _)| m == mo))
        .any(|mo| {
            arrivals
                .month(market, year, mo)
                .zip(below(mo))
                .is_some_and(|(own, sum)| differs(own, sum, exactly))
        })
}

/// Whether a group's figure and a sum below it differ, where the group is that sum `exactly`
/// in other months (to the arrival: trial 97 F1, Europe's own January 47 below its countries
/// revised since, 0.04%, taken for rounding) or within rounding.
fn differs(own: f64, sum: f64, exactly: bool) -> bool {
    if exactly {
        (own - sum).abs() >= 0.5
    } else {
        !close(own, sum)
    }
}

/// The sum of markets `feet` (those at the foot of a group: with no members) over months
/// `from..=to` of `year`; those with none of the months count none (a market published from a
/// later month on), one with some of them makes it unknown.
fn foot_sum(arrivals: &MonthlyArrivals, feet: &[&str], year: i32, from: u32, to: u32) -> Option<f64> {
    let mut total = 0.0;
    for m in feet {
        match arrivals.sum(m, year, from, to) {
            Some(v) => total += v,
            None if (from..=to).all(|mo| arrivals.month(m, year, mo).is_none()) => {}
            None => return None,
        }
    }
    Some(total)
}

/// A group's own months published before a figure of a market below it was (see
/// `stale_months`).
#[derive(Clone)]
struct Stale {
    /// The months, each with the group's vintage of it.
    months: Vec<(u32, NaiveDate)>,
    revised: NaiveDate,
}

impl Stale {
    /// Of an own figure of `count` months of `year`: "is as published on 2025-02-20" where
    /// they are all of them, of one vintage; else "counts 2025-01 as published on 2025-02-20,
    /// 2025-03 as published on 2025-04-20".
    fn said(&self, year: i32, count: u32) -> String {
        let mut by: BTreeMap<NaiveDate, Vec<u32>> = BTreeMap::new();
        for (month, vintage) in &self.months {
            by.entry(*vintage).or_default().push(*month);
        }
        match by.first_key_value() {
            Some((v, _)) if by.len() == 1 && self.months.len() as u32 == count => {
                format!("is as published on {v}")
            }
            _ => {
                let parts: Vec<String> = by
                    .iter()
                    .map(|(v, months)| format!("{} as published on {v}", month_list(year, months)))
                    .collect();
                format!("counts {}", parts.join(", "))
            }
        }
    }
}

/// The months of `first..=to` whose figure of `group` (its own) was published before a figure
/// of a market below it was (revised, or first known, since), judged month by month (trial 97
/// F1: a group's own January as first published, its later months newer than its members'
/// revision of January, went unsaid as one vintage newer than all), with the latest vintage
/// below it.
fn stale_months(
    arrivals: &MonthlyArrivals,
    group: &str,
    year: i32,
    (first, to): (u32, u32),
) -> Option<Stale> {
    let below = arrivals.tree().descendants(group);
    let mut out: Option<Stale> = None;
    for month in (first..=to).filter(|m| arrivals.has_own_month(group, year, *m)) {
        let Some(own) = arrivals.latest_vintage(group, year, month, month) else { continue };
        let Some(later) = below.iter().filter_map(|m| arrivals.latest_vintage(m, year, month, month)).max()
        else {
            continue;
        };
        if later > own {
            let s = out.get_or_insert(Stale { months: Vec::new(), revised: later });
            s.revised = s.revised.max(later);
            s.months.push((month, own));
        }
    }
    out
}

/// A sum of the figures below a group (`sum` of a year), as known up to `revised`, where it is
/// not the group's own figure (`own`, as published when `stale` says), with its change on the
/// year before where the line has one.
struct Revised<'a> {
    line: &'a YearToDateLine,
    own: f64,
    year: i32,
    /// The months of its own figure, `first..=to`: fewer than the line counts where its later
    /// months are its members' sum (published in a release with region rows, then by country).
    months: (u32, u32),
    /// Those of them published before figures below were, and when (see `stale_months`).
    stale: Stale,
}

impl Revised<'_> {
    /// When its own months were published (see `Stale::said`).
    fn published(&self) -> String {
        let (first, to) = self.months;
        self.stale.said(self.year, to + 1 - first)
    }

    /// Its own figure's months, where fewer than the line counts (` of 2025-01..2025-03`).
    fn of_months(&self) -> String {
        match self.months {
            (first, to) if to < self.line.through && first == to => format!(" of {}-{to:02}", self.year),
            (first, to) if to < self.line.through => {
                format!(" of {y}-{first:02}..{y}-{to:02}", y = self.year)
            }
            _ => String::new(),
        }
    }

    /// The note, `whose` the figures summed (`its members`), `after` what follows it.
    fn note(&self, whose: &str, sum: &dyn Fn(i32) -> Option<f64>, after: &str) -> Option<String> {
        let count = |v: f64| crate::output::thousands(v.round() as i64);
        let now = sum(self.year)?;
        let change = match (sum(self.year - 1), self.line.yoy_pct) {
            (Some(ly), Some(_)) => crate::analysis::change_pct(now, ly)
                .map(|c| format!(" ({} on {})", crate::output::change_text(c), self.year - 1))
                .unwrap_or_default(),
            _ => String::new(),
        };
        Some(format!(
            "{m}: its own figure{} ({}) {}; {whose}, as known up to {}, add up to {}{change}: a later release of {m} may revise it{after}",
            self.of_months(),
            count(self.own),
            self.published(),
            self.stale.revised,
            count(now),
            m = self.line.market,
        ))
    }

    /// What the markets at the foot of the group (`feet`) say of its own figure over months
    /// `first..=k`, where its members' own figures are as old as its own: their sum where it is
    /// not the group's figure but is that sum in some month of the year or the year before
    /// (trial 96 F1); nothing where it is the group's figure (a revision that changed no sum:
    /// review 104 F4, F5, China +10 and Japan -10, or figures gone from provisional to final at
    /// equal values, said as a revision of Asia and Total) or never is (it holds the rest of its
    /// region: review 38 M4); that they were revised since where a market at its foot has some
    /// of the months and not others (new since).
    fn at_the_foot(
        &self,
        arrivals: &MonthlyArrivals,
        feet: &[&str],
        (first, k): (u32, u32),
    ) -> Option<String> {
        let market = self.line.market.as_str();
        let sum = |y: i32| foot_sum(arrivals, feet, y, first, k);
        let adds_up = own_sums_to(arrivals, market, self.year, &|y, mo| foot_sum(arrivals, feet, y, mo, mo));
        let at_foot = |mo: u32| foot_sum(arrivals, feet, self.year, mo, mo);
        if adds_up.is_some_and(|exactly| {
            apart_in_newer_months(arrivals, market, (self.year, &self.stale), &at_foot, exactly)
        }) {
            return None;
        }
        // Named: the months whose sum below changed, or is not known (review 106 L6: January,
        // +10 and -10 below it, named beside February's revision). Each month older than
        // figures below it still their sum: nothing to say, whatever the other months (trial 43
        // M2: a member's month first known a month after Total's own, the same as Total had
        // it, beside members new since April, read as a revision).
        let changed = Stale {
            months: self
                .stale
                .months
                .iter()
                .filter(|(mo, _)| {
                    let month = arrivals.month(market, self.year, *mo).zip(at_foot(*mo));
                    month.zip(adds_up).is_none_or(|((own, now), exactly)| differs(own, now, exactly))
                })
                .copied()
                .collect(),
            revised: self.stale.revised,
        };
        if changed.months.is_empty() {
            return None;
        }
        let this = Revised { stale: changed, ..*self };
        let (Some(own), Some(now)) = (arrivals.sum(market, self.year, first, k), sum(self.year)) else {
            return Some(format!(
                "{market}: its own figure{} ({}) {}; figures of markets below it were revised since (as known up to {}): a later release of {market} may revise it",
                this.of_months(),
                crate::output::thousands(this.own.round() as i64),
                this.published(),
                this.stale.revised
            ));
        };
        if !adds_up.is_some_and(|exactly| differs(own, now, exactly)) {
            return None;
        }
        this.note("the markets at the foot of it", &sum, "")
    }
}

/// The table's way to a group's members: ` (--depth 2 shows them)`.
fn depth_shows_members(line: &YearToDateLine) -> String {
    format!(" (--depth {} shows them)", line.depth + 1)
}

/// Groups whose own figure was published before figures below them were revised: shown
/// without their members, the members' sum and change beside the group's (trial 64 M7: Total
/// +15.0% at depth 0, where its members revised since give +5.0%); shown with members whose
/// figures add up to it (their own figures as stale as it), what the markets at its foot say
/// (trial 96 F1: Total, Europe and Asia as published in April, their countries revised in May
/// and June, said of Americas alone). Shown with members that do not add up to it,
/// `contributions` says it. `shows_members`: the way to a group's members the note names
/// (the table's `--depth`; `shortfall` names `summary`'s).
fn stale_own_figures(
    lines: &[YearToDateLine],
    arrivals: &MonthlyArrivals,
    (year, first): (i32, u32),
    shows_members: &dyn Fn(&YearToDateLine) -> String,
) -> Vec<String> {
    let tree = arrivals.tree();
    let mut notes = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let k = line.through;
        let members = tree.children(&line.market);
        let Some(own) = line.arrivals else { continue };
        if members.is_empty() || k == 0 || !arrivals.has_own(&line.market, year) {
            continue;
        }
        // Its own months, where they are the first of those counted and its members' sum the
        // rest (trial 96 F3: Europe's own January-March, as published in April, and its
        // countries' April-August: the later months' vintage is its members', not its own).
        let own_to = (first..=k).take_while(|mo| arrivals.has_own_month(&line.market, year, *mo)).last();
        let (to, own) = match own_to {
            Some(to) if to < k && !(to + 1..=k).any(|mo| arrivals.has_own_month(&line.market, year, mo)) => {
                let Some(own) = arrivals.sum(&line.market, year, first, to) else { continue };
                (to, own)
            }
            _ => (k, own),
        };
        // Any market below it, at any depth (a member's own figure as old as the group's, its
        // countries revised since).
        let Some(months) = stale_months(arrivals, &line.market, year, (first, to)) else { continue };
        let below = tree.descendants(&line.market);
        let stale = Revised { line, own, year, months: (first, to), stale: months };
        let feet: Vec<&str> = below.into_iter().filter(|m| tree.children(m).is_empty()).collect();
        let shown: Vec<&YearToDateLine> = lines[i + 1..]
            .iter()
            .take_while(|l| l.depth > line.depth)
            .filter(|l| l.depth == line.depth + 1)
            .collect();
        let note = if shown.is_empty() {
            // A group whose figure is its members' sum in some month (within rounding): one
            // that never is (it holds the rest of its region) is no stale sum (review 38 M4).
            let of_members =
                |y: i32, mo: u32| members.iter().map(|c| arrivals.month(c, y, mo)).sum::<Option<f64>>();
            let adds_up = own_sums_to(arrivals, &line.market, year, &of_members);
            let sum = |y: i32| members.iter().map(|m| arrivals.sum(m, y, first, to)).sum::<Option<f64>>();
            let newer_apart = |exactly: bool| {
                apart_in_newer_months(
                    arrivals,
                    &line.market,
                    (year, &stale.stale),
                    &|mo| of_members(year, mo),
                    exactly,
                )
            };
            match sum(year).zip(adds_up) {
                Some((now, exactly)) if differs(own, now, exactly) && !newer_apart(exactly) => {
                    stale.note("its members", &sum, &shows_members(line))
                }
                // Its members' own figures as old as its, their sum not known over the months
                // (one of them new since), or never its figure: what the markets at its foot say.
                _ => stale.at_the_foot(arrivals, &feet, (first, to)),
            }
        } else {
            // Members shown over its months that do not add up to it: `contributions` says so,
            // and why. Members counted through other months than it say nothing of it (trial 96
            // F3: Total counted through March as published in April, Europe through August,
            // the countries' revisions of January-March unsaid): the markets at its foot do.
            // (Members that count no month, `contributions` names.)
            let counted = |l: &&&YearToDateLine| l.through != 0;
            let sum = shown.iter().filter(counted).map(|l| l.arrivals).sum::<Option<f64>>();
            // Members without a month counted, and members that add up to less: `contributions`
            // puts the difference down to them, not to the revision (trial 97 F1: Poland new
            // since, Europe's own January older than its countries').
            let uncounted = shown.iter().any(|l| l.through == 0);
            (to < k
                || shown.iter().filter(counted).any(|l| l.through != k)
                || sum.is_none_or(|sum| close(own, sum) || (uncounted && sum < own)))
            .then(|| stale.at_the_foot(arrivals, &feet, (first, to)))
            .flatten()
        };
        notes.extend(note);
    }
    notes
}

/// Each line's share of its group's change (the group: the nearest line above it one level
/// up), and a note per group on the part of its change its members shown do not explain.
fn contributions(
    lines: &mut [YearToDateLine],
    arrivals: &MonthlyArrivals,
    year: i32,
    first: u32,
) -> Vec<String> {
    let change = |l: &YearToDateLine| Some(l.arrivals? - l.arrivals_ly?);
    let mut parents: Vec<Option<usize>> = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        parents.push(
            (0..i).rev().find(|&j| lines[j].depth < l.depth).filter(|&j| lines[j].depth + 1 == l.depth),
        );
    }
    let mut explained: Vec<Option<f64>> = vec![None; lines.len()];
    // Members counted through other months than their group: (group, members); and members
    // that count no month at all (no figures from January on), which have no share to give.
    let mut unlike: Vec<(usize, Vec<String>)> = Vec::new();
    let mut uncounted: Vec<Vec<String>> = vec![Vec::new(); lines.len()];
    // Groups unchanged against last year whose members changed: no share of no change.
    let mut unchanged: Vec<usize> = Vec::new();
    for i in 0..lines.len() {
        let Some(p) = parents[i] else { continue };
        if lines[i].through == 0 && lines[p].through != 0 {
            uncounted[p].push(lines[i].market.clone());
            continue;
        }
        // A group not counted has no change to share, whatever months its members count:
        // its own note says why.
        if lines[p].arrivals.is_none() {
            continue;
        }
        if lines[p].through != lines[i].through {
            match unlike.iter_mut().find(|(g, _)| *g == p) {
                Some((_, members)) => members.push(lines[i].market.clone()),
                None => unlike.push((p, vec![lines[i].market.clone()])),
            }
            continue;
        }
        let (Some(member), Some(group)) = (change(&lines[i]), change(&lines[p])) else { continue };
        if group == 0.0 && member != 0.0 && !unchanged.contains(&p) {
            unchanged.push(p);
        }
        let share = contribution_pct(member, group);
        lines[i].contribution_pct = share;
        if let Some(share) = share {
            *explained[p].get_or_insert(0.0) += share;
        }
    }
    let mut notes = Vec::new();
    // A group whose own figure is not what its members shown add up to (they leave some out,
    // or the publisher's total is of more): said, as `otb` says it of seats.
    for (p, group) in lines.iter().enumerate() {
        let members: Vec<&YearToDateLine> = (0..lines.len())
            .filter(|&i| parents[i] == Some(p) && !uncounted[p].contains(&lines[i].market))
            .map(|i| &lines[i])
            .collect();
        if members.is_empty() || members.iter().any(|m| m.through != group.through) {
            continue;
        }
        let (Some(own), Some(sum)) =
            (group.arrivals, members.iter().map(|m| m.arrivals).sum::<Option<f64>>())
        else {
            continue;
        };
        if (own - sum).abs() >= 0.5 {
            let count = |v: f64| crate::output::thousands(v.round() as i64);
            // A total published before its members were revised (or first known): the vintages
            // say so, where every member shown is in the sum (trial 43: Europe, not counted, was
            // the 180,000 short, put down to a late first figure of Hong Kong's).
            let stale = stale_months(arrivals, &group.market, year, (first, group.through));
            // Figures rounded apart (a table to the nearest 100): a difference within what
            // rounding each month's figures makes (trial 64 L1: 300 of 19.8 million said as
            // members counted more than once).
            let figures: Vec<f64> =
                std::iter::once(own).chain(members.iter().filter_map(|m| m.arrivals)).collect();
            let step = [1000.0, 100.0, 10.0]
                .into_iter()
                .find(|step| figures.iter().all(|v| *v != 0.0 && (v / step).fract() == 0.0));
            // Not where a member shown is not counted: the difference may be its (review 40 M2).
            // At most what rounding can make: half a step a figure, and about the square root
            // of their number of steps.
            let rounding = step.filter(|step| {
                let months = (group.through + 1).saturating_sub(first).max(1) as usize;
                let parts = (months * (members.len() + 1)) as f64;
                uncounted[p].is_empty() && (own - sum).abs() <= step * parts.sqrt().min(parts / 2.0)
            });
            let why = match (stale, rounding) {
                // (A member without a month counted may hold what the others lack, not more:
                // members that add up to more are counted more than once, or revised since.)
                (Some(s), _) if uncounted[p].is_empty() || sum > own => format!(
                    "its own figure {}, its members' as known up to {}",
                    s.said(year, group.through + 1 - first),
                    s.revised
                ),
                (_, Some(step)) => {
                    format!(
                        "within the rounding of figures to the nearest {}, each rounded apart",
                        count(step)
                    )
                }
                _ if sum < own => "unallocated, or in members not shown".to_string(),
                _ => "its members are counted more than once, or it is not their sum".to_string(),
            };
            notes.push(format!(
                "{}: its members shown add up to {}, {} {} its own figure ({}): {why}{}",
                group.market,
                count(sum),
                count((own - sum).abs()),
                if sum < own { "short of" } else { "more than" },
                count(own),
                not_counted_in(&uncounted[p])
            ));
        }
    }
    for (p, members) in &unlike {
        notes.push(format!(
            "{}: no share of its change for {}, counted through other months than it",
            lines[*p].market,
            some_names(members, 6)
        ));
    }
    for p in unchanged {
        notes.push(format!(
            "{}: unchanged against last year, so its members' changes have no share of it (contribution_pct empty)",
            lines[p].market
        ));
    }
    for (p, sum) in explained.iter().enumerate() {
        // A group with members counted through other months: the rest of its change is theirs
        // in part, not unallocated.
        if unlike.iter().any(|(g, _)| *g == p) {
            continue;
        }
        if let Some(sum) = sum.filter(|s| (100.0 - s).abs() >= 0.05) {
            notes.push(format!(
                "{}: its members shown explain {sum:.1}% of its change against last year; the other {:.1}% is unallocated or in members not shown{}",
                lines[p].market,
                100.0 - sum,
                not_counted_in(&uncounted[p])
            ));
        }
    }
    notes
}

/// The members of a group shown that count no month, said after what they may hold.
fn not_counted_in(members: &[String]) -> String {
    if members.is_empty() {
        return String::new();
    }
    format!("; members shown without a month counted: {}", some_names(members, 6))
}

/// The lines with each group's members ordered by their share of its change, largest first
/// (the markets that drive the change on top); every group keeps its members under it.
pub fn sort_by_contribution(lines: Vec<YearToDateLine>) -> Vec<YearToDateLine> {
    // Subtrees as (line, children), built from the depths of the tree order.
    struct Node {
        line: YearToDateLine,
        children: Vec<Node>,
    }
    fn build(lines: &mut std::iter::Peekable<std::vec::IntoIter<YearToDateLine>>, depth: usize) -> Vec<Node> {
        let mut out = Vec::new();
        while let Some(l) = lines.next_if(|l| l.depth >= depth) {
            let children = build(lines, l.depth + 1);
            out.push(Node { line: l, children });
        }
        out
    }
    fn flatten(mut nodes: Vec<Node>, out: &mut Vec<YearToDateLine>) {
        nodes.sort_by(|a, b| {
            let key = |n: &Node| n.line.contribution_pct.unwrap_or(f64::NEG_INFINITY);
            key(b).total_cmp(&key(a))
        });
        for n in nodes {
            out.push(n.line);
            flatten(n.children, out);
        }
    }
    let top = lines.iter().map(|l| l.depth).min().unwrap_or(0);
    let mut iter = lines.into_iter().peekable();
    let mut forest = build(&mut iter, top);
    // Markets with no group above them (several trees' tops, a store without a tree) have no
    // share of a change: by their own change instead, the largest gain first, then the
    // losses, those without a change last.
    forest.sort_by(|a, b| {
        let change = |n: &Node| match (n.line.arrivals, n.line.arrivals_ly) {
            (Some(now), Some(ly)) if n.line.yoy_pct.is_some() => now - ly,
            _ => f64::NEG_INFINITY,
        };
        change(b).total_cmp(&change(a))
    });
    let mut out = Vec::new();
    for root in forest {
        out.push(root.line);
        flatten(root.children, &mut out);
    }
    out
}

/// What target tracking is asked.
#[derive(Debug, Clone)]
pub struct TrackingRequest {
    pub year: i32,
    /// The month to count through; `None`: the latest the tracked markets have in common.
    pub through: Option<u32>,
    /// Only this market (canonical name).
    pub market: Option<String>,
    pub as_of: Option<NaiveDate>,
    /// The day of the seats on the books the bookings projection reads, where it is not
    /// `as_of` (a brief's --as-of, its arrivals the latest); `None`: `as_of`, else the first
    /// day after the month counted through.
    pub books_as_of: Option<NaiveDate>,
    /// Last year of the on-the-books snapshot, for the bookings projection.
    pub ly: LyRule,
    /// Also project from seats on the books (a read of the booking flows).
    pub with_bookings: bool,
    /// How the year end is projected (its interval and the chance of the target too).
    pub method: Method,
    /// The first month (year, month) a fitted method may use: the months after a break.
    pub history_from: Option<(i32, u32)>,
}

/// One market's tracking, counted through its own month.
/// What a group's members' closures say of its projection by `method` through month `through`
/// of the tracking: a member's months open now that were 0 a year before (`reopened`), a
/// member closed in the last month counted (`closing`), closed in last year's months still to
/// come (`copied`); the run rate (and the bookings projection, of `copied`) is refused where
/// they move it, or where a closure of months of the year so far has ended.
struct MemberClosures {
    reopened: Option<(Vec<String>, f64)>,
    closing: Option<Closing>,
    copied: Option<(Vec<String>, Vec<u32>, f64)>,
}

fn member_closures(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    tracking: &Tracking,
    method: Method,
) -> std::result::Result<MemberClosures, Unfit> {
    let (through, ytd) = (tracking.through, tracking.ytd);
    let ly_rest = tracking.ly_full - tracking.ly_ytd;
    // A group's months are open where a member's were 0 a year before (closed then, open
    // now): its rate compares them as the member's own rate would, which is refused.
    let reopened =
        if method == Method::RunRate { reopened_members(arrivals, market, year, (1, through)) } else { None };
    if let Some((members, opened)) = &reopened {
        let (rate, like) = (ytd / tracking.ly_ytd, (ytd - opened) / tracking.ly_ytd);
        if *opened > ytd * 0.005 {
            return Err(Unfit::new(format!(
                "its rate (x{rate:.3}) counts {} arrivals of {} in months that were 0 a year before (closed then, open now); like with like it is x{like:.3}",
                crate::output::thousands(opened.round() as i64),
                some_names(members, 6)
            )));
        }
    }
    // A member closed in the last month counted (0 where a year before it was not): the group's
    // rate over the year so far averages the closure away, as the member's own rate would,
    // which is refused.
    let closing =
        if method == Method::RunRate { closing_members(arrivals, market, year, through) } else { None };
    if let Some(c @ Closing { members, rest: before, .. }) = &closing {
        if *before > ly_rest * 0.005 {
            return Err(Unfit::closure_under_way(format!(
                "{} had no arrivals in {} where a year before {} had: a closure under way, which the group's rate over the year so far would average away ({} had {} of the {} arrivals of the rest of last year)",
                some_names(members, 6),
                c.months(year, through),
                if members.len() == 1 { "it" } else { "they" },
                if members.len() == 1 { "it" } else { "they" },
                crate::output::thousands(before.round() as i64),
                crate::output::thousands(ly_rest.round() as i64),
            )));
        }
    }
    // Closed in months of the year so far and open again since: the rate counts the closure
    // and grows the rest of the year by it; refused, with the rate like with like.
    let ended =
        if method == Method::RunRate { ended_closures(arrivals, market, year, through) } else { None };
    if let Some((members, months, lost)) = &ended {
        if *lost > tracking.ly_ytd * 0.005 && tracking.ly_ytd > *lost {
            let (rate, like) = (ytd / tracking.ly_ytd, ytd / (tracking.ly_ytd - lost));
            return Err(Unfit::new(format!(
                "{} had no arrivals in {} where a year before {} had {} (a closure, since ended?): its rate over the year so far (x{rate:.3}) would grow the rest of the year by the closure; like with like, without {} in both years, it is x{like:.3}",
                some_names(members, 6),
                month_list(year, months),
                if members.len() == 1 { "it" } else { "they" },
                crate::output::thousands(lost.round() as i64),
                if months.len() == 1 { "that month" } else { "those months" },
            )));
        }
    }
    // A member closed in months of last year still to come: the group's projection of last
    // year's months copies the closure, as the member's own run rate would, which is refused.
    let copied = if through < 12 { members_closed_last_year(arrivals, market, year, through) } else { None };
    if let (Method::RunRate | Method::Bookings, Some((members, months, lost))) = (method, &copied) {
        if *lost > ly_rest * 0.005 {
            return Err(Unfit::copies_closure(format!(
                "{} had no arrivals in {} where a year before {} had {}: a closure, which the group's projection of last year's months would copy into the year end, as {} own run rate would",
                some_names(members, 6),
                month_list(year - 1, months),
                if members.len() == 1 { "it" } else { "they" },
                crate::output::thousands(lost.round() as i64),
                if members.len() == 1 { "its" } else { "their" },
            )));
        }
    }
    Ok(MemberClosures { reopened, closing, copied })
}

/// The year end of a market counted by quarters at a quarter's end (a member published by
/// quarter, `now` the year so far read so), by the run rate or seasonal naive: its quarters,
/// each a member's own quarter in place of its months as the year so far reads it, back as
/// far as each is made of the same markets (and not before `history_from`). The fitted
/// methods' checks of a history read months (a collapse, seasons they cannot measure): they do
/// not project it. Its members' closures are read as by months (`member_closures`).
fn outlook_by_quarters(
    arrivals: &MonthlyArrivals,
    periods: &[OtherPeriod],
    market: &str,
    (year, tracking): (i32, &Tracking),
    (method, history_from): (Method, Option<(i32, u32)>),
    now: &Mixed,
) -> std::result::Result<Outlook, Unfit> {
    let (k, target, ytd) = (tracking.through, tracking.target, tracking.ytd);
    if !matches!(method, Method::RunRate | Method::SeasonalNaive) {
        // Who is published so, and why this method needs months (trial 93 L1: France itself
        // said to have "a member published so"; bookings, which fits no history, said to check
        // one).
        let who = if now.by_periods.iter().any(|m| m == market) {
            "it is published so".to_string()
        } else {
            format!("{} published so", some_names(&now.by_periods, 4))
        };
        let why = match method {
            Method::Bookings => {
                "bookings grows last year's months each by its own seats on the books, and quarters are no months".to_string()
            }
            _ => format!(
                "{method}'s checks of a history (a collapse, seasons it cannot measure) are made on months"
            ),
        };
        return Err(Unfit::new(format!(
            "by its quarters ({who}) only --method run-rate and seasonal-naive project it: {why}"
        )));
    }
    let MemberClosures { copied, .. } = member_closures(arrivals, market, year, tracking, method)?;
    // Seasonal naive copies last year's months closed then, and projects a closure under way
    // as reopened at once: by months it says so; by quarters it does not project them.
    if method == Method::SeasonalNaive {
        let closing = closing_members(arrivals, market, year, k).map(|c| (c.months(year, k), c.members));
        let closed = copied.map(|(members, months, _)| (month_list(year - 1, &months), members)).or(closing);
        if let Some((months, members)) = closed {
            return Err(Unfit::new(format!(
                "{} had no arrivals in {months} where a year before {} had arrivals (a closure), which seasonal naive by quarters would copy or project as reopened at once",
                some_names(&members, 6),
                if members.len() == 1 { "it" } else { "they" }
            )));
        }
    }
    let position = (k / 3) as usize;
    let rest = 4 - position;
    let prefer: BTreeSet<String> = now.by_periods.iter().cloned().collect();
    let quarter = |y: i32, q: u32| mixed_like(arrivals, periods, market, y, (3 * q - 2, 3 * q), &prefer);
    let latest = quarter(year, k / 3).ok_or_else(|| Unfit::new(format!("no figure of {year}-Q{}", k / 3)))?;
    let same = |x: &Mixed| x.made_of == latest.made_of && x.by_periods == latest.by_periods;
    let from = history_from.filter(|_| method == Method::SeasonalNaive);
    let mut history = Vec::new();
    let (mut y, mut q) = (year, k / 3);
    let mut start = (y, q);
    while let Some(x) = quarter(y, q).filter(same).filter(|_| from.is_none_or(|f| (y, 3 * q - 2) >= f)) {
        history.push(x.value);
        start = (y, q);
        (y, q) = if q == 1 { (y - 1, 4) } else { (y, q - 1) };
    }
    history.reverse();
    let mut notes = Vec::new();
    // A collapse in the history (a quarter below a tenth of its median): seasonal naive's
    // interval measures the quarters after it, where two years follow; else it is not given.
    // (Not a quarter low every year, a season's: review 89 M1, a route closed every first quarter
    // refused as a collapse.)
    let median = crate::forecast::usual_step(&history);
    let low = |i: usize| median.is_some_and(|m| crate::forecast::nearly_closed(history[i], m));
    let seasonal = |i: usize| (i >= 4 && low(i - 4)) || (i + 4 < history.len() && low(i + 4));
    let collapse = (0..history.len()).rev().find(|&i| low(i) && !seasonal(i));
    if let (Some(i), Method::SeasonalNaive) = (collapse, method) {
        let after = history.len() - 1 - i;
        let at = shift_quarter(start, i as i32);
        if after < 8 {
            return Err(Unfit::new(format!(
                "its quarters hold a collapse (below a tenth of their median, last in {}-Q{}), with {after} since: too few to measure seasonal naive's interval without it (8 are needed)",
                at.0, at.1
            )));
        }
        history.drain(..=i);
        start = shift_quarter(at, 1);
        notes.push(format!(
            "{market}: seasonal naive's interval measures the year-on-year changes of the {after} quarters from {}-Q{}, after the collapse last in {}-Q{} (below a tenth of their median)",
            start.0, start.1, at.0, at.1
        ));
    }
    let from = format!("{}-Q{}", start.0, start.1);
    // A member's quarter of last year or this at 0 where the same quarter a year before was
    // not (or last year's, where this year's is not): a closure, of a quarterly member too,
    // which the rate would count (review 87 H2: x1.260 where like with like x1.048) and both
    // methods would copy into the year end (H1: 288,774 where about 346,000), without a word.
    // By months the same is refused; so it is here. (A quarter 0 every year is a season.)
    let count = |v: f64| crate::output::thousands(v.round() as i64);
    // Every market below it (review 88 H1: a quarterly member of a member passed unread), the
    // quarters of its history: last year's and this year's refuse it; earlier ones, which the
    // interval measures, are said. One of under 0.5% of last year's arrivals moves nothing
    // (M1: 40 arrivals a quarter refused Total's year end, where by months it is projected).
    let quarters: Vec<(i32, u32)> = (0..history.len() as i32)
        .map(|i| shift_quarter(start, i))
        .filter(|&(y, _)| y < year - 1)
        .chain((1..=4).map(|q| (year - 1, q)).chain((1..=k / 3).map(|q| (year, q))))
        .collect();
    let mut earlier: Vec<String> = Vec::new();
    let mut tiny: Vec<(String, f64)> = Vec::new();
    // (The markets without members first: the one closed is named, not its group.)
    // (The market itself too: one published by quarters, with a target of its own, review 89 H2.)
    let mut below = arrivals.tree().descendants(market);
    below.sort_by_key(|c| !arrivals.tree().children(c).is_empty());
    below.push(market);
    for c in below {
        let v = |(y, q): (i32, u32)| mixed(arrivals, periods, c, y, (3 * q - 2, 3 * q)).map(|x| x.value);
        // (A year before without a figure is no reason to pass it: the same quarter a year on
        // open tells a closure too, review 89 H1.)
        let closed = quarters.iter().filter_map(|&(y, q)| {
            let now = v((y, q))?;
            let before = v((y - 1, q));
            let after = if (y + 1, q) <= (year, k / 3) { v((y + 1, q)) } else { None };
            let (other, at) = match (before, after) {
                (Some(b), _) if b > 0.0 => (b, y - 1),
                (_, Some(a)) if a > 0.0 => (a, y + 1),
                _ => return None,
            };
            (now == 0.0).then_some(((y, q), other, at))
        });
        // One too small to move it is counted as it is, and said (review 89 L3: 99 arrivals of
        // 20,000 passed without a word, where by months a note names them).
        let (closed, small): (Vec<_>, Vec<_>) =
            closed.partition(|(_, other, _)| *other >= 0.005 * tracking.ly_full);
        // Each of a market's (review 92 H2: only the first of three was summed), and only of
        // the markets whose figures are their own, not a group's of them (M1: a group of one
        // member closed counted it twice).
        if arrivals.tree().children(c).is_empty() || arrivals.has_own(c, year - 1) {
            for ((y, q), other, at) in small.iter().filter(|((y, _), _, _)| *y >= year - 1) {
                tiny.push((format!("{c} in {y}-Q{q} (where in {at}-Q{q} it had {})", count(*other)), *other));
            }
        }
        let (old, recent): (Vec<_>, Vec<_>) = closed.into_iter().partition(|((y, _), _, _)| *y < year - 1);
        earlier.extend(old.first().map(|((y, q), _, _)| format!("{c} in {y}-Q{q}")));
        if let Some(&((y, q), other, at)) = recent.first() {
            let latest = (y, q) == (year, k / 3);
            let why = format!(
                "{c} had no arrivals in {y}-Q{q} where in {at}-Q{q} it had {}: a closure{}, which {}",
                count(other),
                if latest { " under way" } else { "" },
                match (method, latest) {
                    (Method::RunRate, true) => "the group's rate over the year so far would average away",
                    (Method::RunRate, false) =>
                        "the group's rate and last year's quarters to come would count, unlike with like",
                    (_, true) => "seasonal naive would project as reopened at once",
                    (_, false) => "seasonal naive by quarters would copy or count, unlike with like",
                }
            );
            return Err(if latest { Unfit::closure_under_way(why) } else { Unfit::new(why) });
        }
    }
    // Small closures of several markets together (review 91 H2: six of 0.43% each, 2.58%
    // together, passed one by one): refused as one.
    let small: f64 = tiny.iter().map(|(_, v)| v).sum();
    let names: Vec<String> = tiny.into_iter().map(|(n, _)| n).collect();
    if small >= 0.005 * tracking.ly_full {
        return Err(Unfit::new(format!(
            "its quarters hold {} closures, each small, together {} of last year's {} arrivals: {}; the group's rate and last year's quarters to come would count them, unlike with like",
            names.len(),
            count(small),
            count(tracking.ly_full),
            some_names(&names, 4)
        )));
    }
    if !names.is_empty() {
        notes.push(format!(
            "{market}: no arrivals in a quarter where a year before or on there were some (a closure?): {}; too few to move the projection, under 0.5% of last year's {} arrivals",
            some_names(&names, 4),
            count(tracking.ly_full)
        ));
    }
    // (Seasonal naive's: the run rate's interval did not move for it, review 89 M2.)
    if !earlier.is_empty() && method == Method::SeasonalNaive {
        notes.push(format!(
            "{market}: its quarters had a closure ({}: no arrivals where the same quarter a year before or on had some): seasonal naive's interval measures the changes about it too",
            some_names(&earlier, 4)
        ));
    }
    let shocks = Shocks::new(PATHS, rest, SEED);
    let f = project(Series { values: &history, m: 4, position }, method, rest, &shocks)?;
    let none_below = |v: f64| if v < 0.0 { 0.0 } else { v };
    let shift = |i: Interval| Interval {
        forecast: ytd + none_below(i.forecast),
        lo80: ytd + none_below(i.lo80),
        hi80: ytd + none_below(i.hi80),
        lo95: ytd + none_below(i.lo95),
        hi95: ytd + none_below(i.hi95),
    };
    let mut year_total = shift(f.total(0, rest));
    let members: Vec<String> = now.by_periods.clone();
    notes.insert(
        0,
        format!(
            "{market}: projected by {method} from its quarters ({} quarters made of the same markets, from {from}: months summed), as {} {} published by quarters",
            history.len(),
            some_names(&members, 4),
            if members.len() == 1 { "is" } else { "are" }
        ),
    );
    let mut chance_pct = if ytd >= target { 100.0 } else { f.chance_at_least(0, rest, target - ytd) * 100.0 };
    if !year_total.lo80.is_finite() {
        notes.push(format!(
            "{market}: no interval by {method}: it needs two quarters with a figure a year before to measure how quarters vary"
        ));
    } else if year_total.hi95 - year_total.lo95 <= 1e-9 * year_total.forecast.abs().max(1.0) {
        for bound in [&mut year_total.lo80, &mut year_total.hi80, &mut year_total.lo95, &mut year_total.hi95]
        {
            *bound = f64::NAN;
        }
        if ytd < target {
            chance_pct = f64::NAN;
        }
        notes.push(format!(
            "{market}: the interval not given by {method}: every simulated year is the same ({}), as the quarters it measures vary not at all, and that is no certainty",
            count(year_total.forecast)
        ));
    }
    let rate = ytd / tracking.ly_ytd;
    if rate.is_finite() && !(1.0 / 3.0..=3.0).contains(&rate) {
        notes.push(format!(
            "{market}: the year so far is {rate:.2} times the same months last year: compare other methods"
        ));
    }
    Ok(Outlook {
        method,
        model: f.model.clone(),
        year: year_total,
        cumulative: (1..=rest).map(|j| (k + 3 * j as u32, shift(f.total(0, j)))).collect(),
        chance_pct,
        history_months: 3 * history.len(),
        by_quarters: true,
        history_start: (start.0, 3 * start.1 - 2),
        notes,
    })
}

/// The quarter `k` quarters after (or before, `k` < 0) a quarter.
fn shift_quarter((y, q): (i32, u32), k: i32) -> (i32, u32) {
    let i = y * 4 + q as i32 - 1 + k;
    (i.div_euclid(4), i.rem_euclid(4) as u32 + 1)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackedMarket {
    pub market: String,
    pub through: u32,
    pub tracking: Tracking,
    /// The year end by the request's method, with its intervals and the chance of the target;
    /// `tracking.projection` and `status` are this projection's.
    pub outlook: Outlook,
}

/// A year-end projection with its uncertainty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outlook {
    pub method: Method,
    /// The model fitted, e.g. "ETS(M,Ad,M)".
    pub model: String,
    /// The year total: the months counted plus the projected rest, with 80% and 95% intervals.
    pub year: Interval,
    /// Cumulative from January, for each month after the last counted (the target chart's band).
    pub cumulative: Vec<(u32, Interval)>,
    /// Percent of simulated years that reach the target.
    pub chance_pct: f64,
    /// Monthly values the method was fitted on (ending at the last month counted); three a
    /// quarter where it was fitted on quarters.
    pub history_months: usize,
    /// Fitted on the market's quarters (a member published by quarter), not its months.
    pub by_quarters: bool,
    /// The first month of that history.
    pub history_start: (i32, u32),
    /// What a reader of the projection must know (an unknown spread, a model without seasons,
    /// a collapse inside the history).
    pub notes: Vec<String>,
}

/// The market's monthly figures ending at `year`-`through`, going back while each month is
/// present and made of the same markets (a group's history stops where its members change),
/// and not before `from`; with the first month taken.
pub fn history_of(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    through: u32,
    from: Option<(i32, u32)>,
) -> (Vec<f64>, (i32, u32)) {
    let members = arrivals.contributors(market, year, through);
    let (mut y, mut m) = (year, through);
    let mut first = (y, m);
    let mut out = Vec::new();
    while let Some(v) = arrivals.month(market, y, m) {
        // The same markets, or a group's own figure where its members' add up to it (review
        // 39 M1: the same arrivals).
        let makers = arrivals.contributors(market, y, m);
        let alike = match (&makers, &members) {
            (Some(then), Some(now)) => {
                then == now
                    || arrivals.as_members(then, y, m, now) == arrivals.as_members(now, year, through, then)
            }
            _ => makers == members,
        };
        if !alike || from.is_some_and(|f| (y, m) < f) {
            break;
        }
        out.push(v);
        first = (y, m);
        (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    }
    out.reverse();
    (out, first)
}

/// The markets whose arrivals make `market`'s figure of a month (see
/// `MonthlyArrivals::contributors`), a group's own figure replaced by its members' (it is made
/// of their arrivals all the same); never `market` itself. Empty for a market of no members
/// with its own figure, or none for the month.
fn figure_makers(arrivals: &MonthlyArrivals, market: &str, year: i32, month: u32) -> BTreeSet<String> {
    // A group not covered that month (a member's quarter standing for its months: review 53
    // H1): its members' makers, each that has the month.
    let Some(mut stored) = arrivals.contributors(market, year, month) else {
        return arrivals
            .tree()
            .children(market)
            .into_iter()
            .filter(|c| arrivals.expected_in(c, year))
            .flat_map(|c| {
                let mut own = figure_makers(arrivals, c, year, month);
                if arrivals.month(c, year, month).is_some() && arrivals.tree().children(c).is_empty() {
                    own.insert(c.to_string());
                }
                own
            })
            .collect();
    };
    if stored.remove(market) {
        for member in arrivals.tree().children(market) {
            stored.extend(arrivals.contributors(member, year, month).unwrap_or_default());
        }
        stored.remove(market);
    }
    stored
}

/// A group's change of months `from` to `to` (`now` against `ly`) that counts members' arrivals
/// in months that were 0 a year before (closed or suspended then, open now) against none, with
/// the change without them, where they change it as written (a tenth of a percent) (trial 54 H1: a
/// network's +5.9% was -9.8% without a route resumed, and nothing said so, where otb did).
pub fn reopened_note(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    months: (u32, u32),
    now: f64,
    ly: f64,
) -> Option<String> {
    reopened_across(arrivals, market, &[(year, months)], now, ly).map(|r| reopened_text(market, &r, now, ly))
}

/// The note of `reopened_note`, of months of one year or of a season across two.
pub fn reopened_text(market: &str, r: &Reopened, now: f64, ly: f64) -> String {
    let count = crate::output::thousands(r.opened.round() as i64);
    let arrivals_of = match r.members == [market] {
        true => format!("its {count} arrivals"),
        false => format!("{count} arrivals of {}", some_names(&r.members, 6)),
    };
    format!(
        "{market}: its change ({}) counts {arrivals_of} in months that were 0 a year before (closed or suspended then, open now) against none; like with like, without them, {}",
        change_pct(now, ly).map(crate::output::change_text).unwrap_or_default(),
        crate::output::change_text(r.like)
    )
}

/// Members of a group whose months were 0 a year before and are open now (`reopened_note`).
pub struct Reopened {
    pub members: Vec<String>,
    /// Their arrivals in those months.
    pub opened: f64,
    /// The group's change without them, percent.
    pub like: f64,
}

/// The members a group's change of months `from` to `to` counts against none, where they change
/// it as written (see `reopened_note`).
pub fn reopened_change(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    months: (u32, u32),
    now: f64,
    ly: f64,
) -> Option<Reopened> {
    reopened_across(arrivals, market, &[(year, months)], now, ly)
}

/// `reopened_change` of the months of several years' parts, (year, (from, to)) each: a season
/// across the year end too (review 60 H1: a winter's +25.0% reproduced, counting a March of 0
/// a year before, 0.0% like with like).
pub fn reopened_across(
    arrivals: &MonthlyArrivals,
    market: &str,
    parts: &[(i32, (u32, u32))],
    now: f64,
    ly: f64,
) -> Option<Reopened> {
    let mut members: BTreeSet<String> = BTreeSet::new();
    let mut opened = 0.0;
    for &(year, months) in parts {
        if let Some((m, o)) = opened_in(arrivals, market, year, months) {
            members.extend(m);
            opened += o;
        }
    }
    if members.is_empty() {
        return None;
    }
    let members: Vec<String> = members.into_iter().collect();
    // Where they change the figure as written, to a tenth of a percent (review 51 H3: 400 of
    // 100,100, under half a percent of it, made -0.3% read +0.1%, unsaid).
    // (Review 52 L1: by the text, not by a tenth of a point, which rounding can cross.)
    let like = change_pct(now - opened, ly)?;
    let text = crate::output::change_text;
    if ly <= 0.0 || opened <= 0.0 || text(change_pct(now, ly)?) == text(like) {
        return None;
    }
    Some(Reopened { members, opened, like })
}

/// The markets (a market of no members: itself) whose months `from` to `to` of `year` have
/// figures where the same months a year before were 0, and those figures' sum.
fn opened_in(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    (from, to): (u32, u32),
) -> Option<(Vec<String>, f64)> {
    // A market of no members: its own months (review 31 M4: D read +57.5% against months of 0,
    // +5.0% like with like, unsaid).
    let own = || {
        let opened: f64 = (from..=to)
            .filter(|m| arrivals.month(market, year - 1, *m) == Some(0.0))
            .filter_map(|m| arrivals.month(market, year, m))
            .sum();
        (opened > 0.0).then(|| (vec![market.to_string()], opened))
    };
    if arrivals.tree().children(market).is_empty() {
        own()
    } else {
        reopened_members(arrivals, market, year, (from, to))
    }
}

/// The markets making a group's figure (not the group's own) whose months `from` to `to` of
/// `year` have figures where the same months a year before were 0, and those figures' sum;
/// `None` where there are none.
fn reopened_members(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    (from, to): (u32, u32),
) -> Option<(Vec<String>, f64)> {
    let mut members: BTreeSet<String> = BTreeSet::new();
    let mut opened = 0.0;
    for month in from..=to {
        for c in figure_makers(arrivals, market, year, month) {
            if let (Some(now), Some(0.0)) =
                (arrivals.month(&c, year, month), arrivals.month(&c, year - 1, month))
            {
                if now > 0.0 {
                    opened += now;
                    members.insert(c);
                }
            }
        }
    }
    if members.is_empty() {
        return None;
    }
    // A member split out of a sibling (its months before, inside the sibling's, given as 0):
    // the group holds both, like with like (review 31 H2: -6.7% "without them" where the split
    // note says 0.0%).
    let split = arrivals.tree().children(market).into_iter().any(|s| {
        match (arrivals.sum(s, year, from, to), arrivals.sum(s, year - 1, from, to)) {
            (Some(now), Some(ly)) => split_note(arrivals, s, year, (from, to), now, ly).is_some(),
            _ => false,
        }
    });
    (!split).then(|| (members.into_iter().collect(), opened))
}

/// The market, or the markets making a group's figure, at 0 in months of the year so far
/// before the last, open again since, where a year before they had arrivals (not below their
/// usual month): a closure that ended, which a rate over the year so far counts and grows the
/// rest of the year by (trial 86 H1: France 0 in April 2025 against 10,050, x0.935 where
/// x1.070 like with like, "far behind" where "behind", unsaid). Who, which months, and what
/// they had in them a year before; `None` where there are none.
fn ended_closures(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    through: u32,
) -> Option<(Vec<String>, Vec<u32>, f64)> {
    let candidates = (1..through).flat_map(|month| {
        // (A market of no members makes its own figure.)
        let mut makers = figure_makers(arrivals, market, year, month);
        if makers.is_empty() && arrivals.tree().children(market).is_empty() {
            makers.insert(market.to_string());
        }
        makers.into_iter().filter_map(move |c| {
            // A closure under way is `closing_members`'.
            let open_since =
                (month + 1..=through).any(|m| arrivals.month(&c, year, m).is_some_and(|v| v > 0.0));
            if arrivals.month(&c, year, month) != Some(0.0) || !open_since {
                return None;
            }
            let before = arrivals.month(&c, year - 1, month).filter(|v| *v > 0.0)?;
            Some((month, c, before))
        })
    });
    closures_among(arrivals, year, through, candidates)
}

/// Of markets at 0 in a month where they had arrivals the year it was open (the month, the
/// market, and what it had then), those whose arrivals then were not below their usual month
/// (a season's edge is no closure): the markets, the months, and what they had in them;
/// `None` where there are none. Each market's usual month is read once.
fn closures_among(
    arrivals: &MonthlyArrivals,
    year: i32,
    through: u32,
    candidates: impl IntoIterator<Item = (u32, String, f64)>,
) -> Option<(Vec<String>, Vec<u32>, f64)> {
    let (mut members, mut months, mut lost) = (BTreeSet::new(), BTreeSet::new(), 0.0);
    let mut usual: std::collections::HashMap<String, f64> = std::collections::HashMap::new();
    for (month, c, before) in candidates {
        let usual = *usual
            .entry(c.clone())
            .or_insert_with(|| usual_month(&history_of(arrivals, &c, year, through, None).0).unwrap_or(0.0));
        if !below_usual(before, usual) {
            lost += before;
            members.insert(c);
            months.insert(month);
        }
    }
    (!members.is_empty()).then(|| (members.into_iter().collect(), months.into_iter().collect(), lost))
}

/// Members of a group at 0 in the last months counted where a year before they had arrivals
/// (see `closing_members`): who, from which month on (all of them then), and what they had in
/// the rest of last year.
struct Closing {
    members: Vec<String>,
    from: u32,
    rest: f64,
}

impl Closing {
    /// The months closed, as a note says them: "2025-06", "2025-05..2025-06".
    fn months(&self, year: i32, through: u32) -> String {
        month_list(year, &(self.from..=through).collect::<Vec<_>>())
    }
}

/// The markets making a group's figure (not the group's own) whose month `through` of `year` is
/// 0 where a year before it was not (a closure under way), with what they had in the rest of
/// last year; `None` where there are none.
fn closing_members(arrivals: &MonthlyArrivals, market: &str, year: i32, through: u32) -> Option<Closing> {
    let mut from = 1;
    let closing: Vec<String> = figure_makers(arrivals, market, year, through)
        .into_iter()
        .filter(|c| {
            // At 0 from a month on to now, open the month before it and in each of them a year
            // before: a closure, not a season's edge (a cruise market at 0 in its off months,
            // at 40 a year before, is no closure). A closure of two months or more is one too.
            if arrivals.month(c, year, through) != Some(0.0) {
                return false;
            }
            // The run of months at 0 up to now, back into last year where it began there.
            let mut run = vec![(year, through)];
            let mut before = month_before((year, through));
            while run.len() < 12 && arrivals.month(c, before.0, before.1) == Some(0.0) {
                run.push(before);
                before = month_before(before);
            }
            let (history, _) = history_of(arrivals, c, year, through, None);
            let usual = usual_month(&history).unwrap_or(0.0);
            let open = |v: f64| v > 0.0 && !below_usual(v, usual);
            let closed = arrivals.month(c, before.0, before.1).is_some_and(open)
                && run.iter().all(|&(y, m)| arrivals.month(c, y - 1, m).is_some_and(open));
            if closed {
                // The months of this year said (a closure since December: from January).
                let start = run.iter().filter(|(y, _)| *y == year).map(|&(_, m)| m).min().unwrap_or(through);
                from = from.max(start);
            }
            closed
        })
        .collect();
    let rest: f64 = closing
        .iter()
        .map(|c| (through + 1..=12).filter_map(|m| arrivals.month(c, year - 1, m)).sum::<f64>())
        .sum();
    (!closing.is_empty()).then_some(Closing { members: closing, from, rest })
}

/// The members of a group closed in months of last year still to come this year (0 then,
/// open the year before): a projection of the group from last year's months copies their
/// closure, as the member's own would, which the run rate refuses. The members, those months
/// and what they had in them the year before.
fn members_closed_last_year(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    through: u32,
) -> Option<(Vec<String>, Vec<u32>, f64)> {
    if arrivals.tree().children(market).is_empty() {
        return None;
    }
    // A group's own figure: its members' months are looked at (its own 0 in a closed member's
    // months is no closure of the group).
    let candidates = (through + 1..=12).flat_map(|m| {
        figure_makers(arrivals, market, year - 1, m).into_iter().filter_map(move |c| {
            // Open again this year (still closed, last year's 0 is this year's too), at 0 last
            // year where the year before it had arrivals.
            let open_now = arrivals.month(&c, year, through).is_some_and(|v| v > 0.0);
            let before = arrivals.month(&c, year - 2, m).filter(|v| *v > 0.0)?;
            (open_now && arrivals.month(&c, year - 1, m) == Some(0.0)).then_some((m, c, before))
        })
    });
    closures_among(arrivals, year, through, candidates)
}

/// The note on a target path spread by last year's months where some were 0 for a closure:
/// none of the target falls in them, whatever the method, projected or not.
fn closed_path_note(market: &str, year: i32, history: &[f64], through: u32, ly_full: f64) -> Option<String> {
    let n = history.len();
    let closed: Vec<u32> = (1..=12)
        .filter(|mo| {
            (n + *mo as usize).checked_sub(13 + through as usize).is_some_and(|t| closed_at(history, t))
        })
        .collect();
    (!closed.is_empty() && ly_full > 0.0).then(|| {
        format!(
            "{market}: {} {} 0 (closed): target_to_date and shortfall_to_date spread the target by last year's months, none of it in those, and required_growth_pct is over a year partly closed",
            month_list(year - 1, &closed),
            if closed.len() == 1 { "was" } else { "were" }
        )
    })
}

/// A note on each last month counted (of the markets counted and the months they are counted
/// through) whose figures are provisional (status P) or estimated (E), naming the markets
/// they are of: a later release may revise them.
/// The months counted, this year and last, of the stored markets making each figure counted
/// (`counted`: market, month counted through) that are a fiftieth of the market's middle month
/// among the years read, or fifty times it, and not near the same month a year before (a
/// season's low): a figure in another unit (trial 73 M4: USA's July of a release in thousands,
/// `95.0` for 95,000, read -9.6% through July, where the truth was +5%, and only its ingest
/// said so). Counted as they are; said with the markets whose figures count them.
/// Whether two figures above 0 are a unit's step apart, either way: 300 to 3,000 times, or a
/// million times, as a figure in thousands (or millions) read as ones is (see `unit_notes`).
pub fn unit_step(a: f64, b: f64) -> bool {
    if a <= 0.0 || b <= 0.0 {
        return false;
    }
    let ratio = a.max(b) / a.min(b);
    (300.0..=3000.0).contains(&ratio) || (3e5..=3e6).contains(&ratio)
}

/// A month's figure a unit's step from the months on either side of it (or, short of one, from
/// the base year's month), where no month a year before tells it (`unit_notes` compares those):
/// a figure in another unit (trial 88 M6: Korea's 21 of 21,014 in the month's own table, 0.2%
/// of 2019, unsaid). Both sides, so that a closure's first month, low beside the months after
/// it too, is none.
fn lone_unit_notes(
    arrivals: &MonthlyArrivals,
    lines: &[YearToDateLine],
    (year, month): (i32, u32),
    base_year: Option<i32>,
) -> Vec<String> {
    let count = |v: f64| crate::output::thousands(v.round() as i64);
    let mut said: BTreeSet<String> = BTreeSet::new();
    let mut notes = Vec::new();
    for l in lines.iter().filter(|l| l.arrivals.is_some()) {
        for c in arrivals.contributors(&l.market, year, month).unwrap_or_default() {
            let Some(v) = arrivals.month(&c, year, month) else { continue };
            if said.contains(&c) || arrivals.month(&c, year - 1, month).is_some() {
                continue;
            }
            let before = if month == 1 { (year - 1, 12) } else { (year, month - 1) };
            let after = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
            let mut around: Vec<((i32, u32), f64)> = [before, after]
                .into_iter()
                .filter_map(|(y, m)| Some(((y, m), arrivals.month(&c, y, m)?)))
                .collect();
            if around.len() < 2 {
                around.extend(base_year.and_then(|b| Some(((b, month), arrivals.month(&c, b, month)?))));
            }
            if around.len() < 2 || !around.iter().all(|(_, w)| unit_step(v, *w)) {
                continue;
            }
            let (at, w) = around[0];
            said.insert(c.clone());
            notes.push(format!(
                "{c} {}: {} arrivals, about {} {}'s ({}) and the other month beside it: a figure in another unit? Counted as it is ({})",
                month_label(year, month),
                count(v),
                if v < w { format!("1/{} of", (w / v).round()) } else { format!("{} times", (v / w).round()) },
                month_label(at.0, at.1),
                count(w),
                if v < w {
                    "if it is in thousands, ingest it again with --unit thousands: 21 reads as 21,000"
                } else {
                    "if the others are in thousands, ingest them again with --unit thousands"
                }
            ));
        }
    }
    notes
}

fn unit_notes(arrivals: &MonthlyArrivals, counted: &[(String, u32)], year: i32, first: u32) -> Vec<String> {
    // (market, year, month) -> the markets counted whose figures hold it.
    let mut suspects: std::collections::BTreeMap<(String, i32, u32), Vec<String>> = Default::default();
    let count = |v: f64| crate::output::thousands(v.round() as i64);
    // A unit's step from the same month a year before, about a thousand times (or a million),
    // as a release in thousands gives (review 54 M1: a season's low slipped, 3 for 3,224, missed
    // against the middle month): not a collapse's hundredth, nor a new route's first months,
    // which have no month a year before (review 52 M4).
    for (market, own) in counted.iter().filter(|(_, own)| *own > 0) {
        for y in [year - 1, year] {
            for month in first..=*own {
                for c in arrivals.contributors(market, y, month).unwrap_or_default() {
                    let key = (c.clone(), y, month);
                    if let Some(holders) = suspects.get_mut(&key) {
                        if !holders.contains(market) {
                            holders.push(market.clone());
                        }
                        continue;
                    }
                    let (Some(v), Some(before)) =
                        (arrivals.month(&c, y, month), arrivals.month(&c, y - 1, month))
                    else {
                        continue;
                    };
                    if unit_step(v, before) {
                        suspects.insert(key, vec![market.clone()]);
                    }
                }
            }
        }
    }
    suspects
        .into_iter()
        .filter_map(|((c, y, month), mut holders)| {
            // Its own name first, then the groups counting it.
            holders.sort_by_key(|h| *h != c);
            let (v, before) = (arrivals.month(&c, y, month)?, arrivals.month(&c, y - 1, month)?);
            let then = month_label(y - 1, month);
            // Which figure to ingest again (review 52 M3: "95 reads as 95,000" of a figure
            // already too large), if either.
            let (ratio, again) = if v < before {
                (
                    format!("1/{} of {then}'s ({})", (before / v).round(), count(before)),
                    "if it is in thousands, ingest it again with --unit thousands: 95 reads as 95,000".to_string(),
                )
            } else {
                (
                    format!("{} times {then}'s ({})", (v / before).round(), count(before)),
                    format!("if {then}'s is the one in thousands, ingest it again with --unit thousands"),
                )
            };
            Some(format!(
                "{c} {}: {} arrivals, {ratio}: a figure in another unit, or a closure? Counted as it is{} ({again})",
                month_label(y, month),
                count(v),
                if holders == [c.clone()] { String::new() } else { format!(" in {}", some_names(&holders, 4)) }
            ))
        })
        .collect()
}

/// `one_month`: the month counted where a table counts one month, not the year to date.
fn tentative_notes(
    arrivals: &MonthlyArrivals,
    counted: &[(String, u32)],
    year: i32,
    one_month: Option<u32>,
) -> Vec<String> {
    let first = one_month.unwrap_or(1);
    // By (month, whether the last month a market counts, status): a month before the last one
    // counted is said too (trial 55 M1: Germany's April estimated, in the year to date of
    // Europe and Total without a word, where the chart and claims said it).
    // A market's last month is the latest through which a row counting it counts (trial 75 L5:
    // the United States, counted through October on its own row, was said under September, "the
    // last month counted", as Americas counts it only through September).
    let mut seen: Vec<(u32, String, String)> = Vec::new();
    let mut last_of: std::collections::BTreeMap<String, u32> = Default::default();
    for (market, own) in counted.iter().filter(|(_, own)| *own > 0) {
        for month in first..=*own {
            for (m, status) in arrivals.tentative(market, year, month) {
                let last = last_of.entry(m.clone()).or_default();
                *last = (*last).max(*own);
                seen.push((month, status, m));
            }
        }
    }
    let mut by: std::collections::BTreeMap<(u32, bool, String), BTreeSet<String>> = Default::default();
    for (month, status, m) in seen {
        let is_last = last_of.get(&m) == Some(&month);
        by.entry((month, is_last, status)).or_default().insert(m);
    }
    let what = |status: &str| if status == "P" { "provisional (status P)" } else { "estimated (status E)" };
    let of = |markets: &[String]| match markets {
        [one] => one.clone(),
        many => format!("{} markets ({})", many.len(), some_names(many, 6)),
    };
    // The months before the last, by (status, markets): one note of their months (review 32
    // L1: a year marked provisional throughout said once a month).
    type Months = Vec<(i32, u32)>;
    let mut before: Vec<((String, Vec<String>), Months)> = Vec::new();
    let mut notes = Vec::new();
    for ((month, is_last, status), markets) in by {
        let markets: Vec<String> = markets.into_iter().collect();
        if is_last {
            notes.push(format!(
                "{}, the {}month counted, is {} for {}: a later release may revise it",
                month_label(year, month),
                if one_month.is_some() { "" } else { "last " },
                what(&status),
                of(&markets)
            ));
            continue;
        }
        let key = (status, markets);
        match before.iter_mut().find(|(k, _)| *k == key) {
            Some((_, months)) => months.push((year, month)),
            None => before.push((key, vec![(year, month)])),
        }
    }
    for ((status, markets), months) in before {
        let (which, verb) =
            if months.len() == 1 { ("a month counted", "is") } else { ("months counted", "are") };
        notes.push(format!(
            "{}, {which}, {verb} {} for {}: a later release may revise {}",
            crate::analysis::arrivals::month_ranges(&months),
            what(&status),
            of(&markets),
            if months.len() == 1 { "it" } else { "them" }
        ));
    }
    notes.into_iter().chain(early_month_notes(arrivals, counted, year, one_month)).collect()
}

/// A note on each last month counted whose figures were known before the month ended (a
/// vintage of the 15th for the month): part of the month, perhaps (a month to date), which
/// against a whole month a year before reads as a fall.
fn early_month_notes(
    arrivals: &MonthlyArrivals,
    counted: &[(String, u32)],
    year: i32,
    one_month: Option<u32>,
) -> Vec<String> {
    let first = one_month.unwrap_or(1);
    // By month: the stored markets known early, and the groups counted that sum them.
    type Early = (BTreeSet<(String, NaiveDate)>, Vec<String>);
    let mut by: std::collections::BTreeMap<u32, Early> = Default::default();
    for (market, own) in counted.iter().filter(|(_, own)| *own > 0) {
        let early = arrivals.known_before_end(market, year, *own);
        let entry = by.entry(*own).or_default();
        if !early.is_empty() && !early.iter().any(|(m, _)| m == market) {
            entry.1.push(market.clone());
        }
        entry.0.extend(early);
    }
    // Months before the last counted, so known and never replaced (review 62 M2: February's
    // 350, known on the 14th, in a -16.7% of January to March without a word).
    let mut before: std::collections::BTreeMap<u32, BTreeSet<(String, NaiveDate)>> = Default::default();
    for (market, own) in counted.iter().filter(|(_, own)| *own > first) {
        for month in first..*own {
            before.entry(month).or_default().extend(arrivals.known_before_end(market, year, month));
        }
    }
    let earlier = before.into_iter().filter(|(_, early)| !early.is_empty()).map(|(month, early)| {
        let names: Vec<String> = early.iter().map(|(m, _)| m.clone()).collect::<BTreeSet<_>>().into_iter().collect();
        let first = early.iter().map(|(_, d)| *d).min().unwrap_or_default();
        format!(
            "{}, a month counted, was known on {first} for {}, before the month ended, and not since: it may be part of the month (a month to date), which against the whole month a year before reads as a fall",
            month_label(year, month),
            some_names(&names, 6)
        )
    });
    by.into_iter()
        .filter(|(_, (early, _))| !early.is_empty())
        .map(|(month, (early, groups))| {
            let names: Vec<String> = early.iter().map(|(m, _)| m.clone()).collect();
            let first = early.iter().map(|(_, d)| *d).min().unwrap_or_default();
            let within = if groups.is_empty() {
                String::new()
            } else {
                format!(" (counted in {})", some_names(&groups, 6))
            };
            format!(
                "{}, the {}month counted, was known on {first} for {}{within}, before the month ended: it may be part of the month (a month to date), which against the whole month a year before reads as a fall; {} counts whole months",
                month_label(year, month),
                if one_month.is_some() { "" } else { "last " },
                some_names(&names, 6),
                match (one_month, month) {
                    (Some(_), _) => {
                        let (y, m) = month_before((year, month));
                        format!("--month {}", month_label(y, m))
                    }
                    (None, 1) => "an earlier --through".to_string(),
                    (None, _) => format!("--through {}", month_label(year, month - 1)),
                }
            )
        })
        .chain(earlier)
        .collect()
}

/// The month before (year, month).
pub fn month_before((y, m): (i32, u32)) -> (i32, u32) {
    if m == 1 {
        (y - 1, 12)
    } else {
        (y, m - 1)
    }
}

/// The markets making a group's figure (not the group's own) with no arrivals in months 1 to
/// `through` this year or last but some in the rest of last year (a season yet to begin):
/// the group's run rate grows their season at the other members' rate. With their rest of
/// last year.
fn dormant_members(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    through: u32,
) -> Option<(Vec<String>, f64)> {
    let mut rest = 0.0;
    let dormant: Vec<String> = figure_makers(arrivals, market, year, through)
        .into_iter()
        .filter(|c| {
            let (now, ly) = (arrivals.sum(c, year, 1, through), arrivals.sum(c, year - 1, 1, through));
            let later = arrivals.sum(c, year - 1, through + 1, 12).unwrap_or(0.0);
            let dormant = now == Some(0.0) && ly == Some(0.0) && later > 0.0;
            if dormant {
                rest += later;
            }
            dormant
        })
        .collect();
    (!dormant.is_empty()).then_some((dormant, rest))
}

/// A market (or a member of a group) whose months after those counted, in the store, run at
/// a rate on a year before `FAR_APART` from that of the months counted (a group counted
/// through February for want of a member's March, beside a member whose level changed).
struct Turned {
    market: String,
    last: u32,
    counted_rate: f64,
    later_rate: f64,
}

/// The markets making `market`'s figure through `through` whose later months of `year` (each
/// with its month a year before) run at a rate far from their months counted, where those
/// later months held half a percent or more of the rest of last year (`ly_rest`).
fn turned_members(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    through: u32,
    ly_rest: f64,
) -> Vec<Turned> {
    // A market with no members is looked at itself (counted through February beside others,
    // with its own later months).
    let mut stored = figure_makers(arrivals, market, year, through);
    if arrivals.tree().children(market).is_empty() {
        stored.insert(market.to_string());
    }
    stored
        .into_iter()
        .filter_map(|c| {
            // Two later months at least: one (Easter in March one year, April the next) moves
            // by chance.
            let last = (through + 1..=12)
                .take_while(|&m| {
                    arrivals.month(&c, year, m).is_some() && arrivals.month(&c, year - 1, m).is_some()
                })
                .last()
                .filter(|&last| last > through + 1)?;
            let rate = |from: u32, to: u32| -> Option<f64> {
                let (now, ly) = (arrivals.sum(&c, year, from, to)?, arrivals.sum(&c, year - 1, from, to)?);
                (now > 0.0 && ly > 0.0).then(|| now / ly)
            };
            let (counted_rate, later_rate) = (rate(1, through)?, rate(through + 1, last)?);
            let apart = later_rate / counted_rate;
            let weight = arrivals.sum(&c, year - 1, through + 1, 12).unwrap_or(0.0);
            ((apart >= FAR_APART || apart <= 1.0 / FAR_APART) && weight >= ly_rest * 0.005)
                .then_some(Turned { market: c, last, counted_rate, later_rate })
        })
        .collect()
}

/// A group's members expected in a year (one of the year before too: review 20 M1) that lack
/// some of its `months`; one with no figure of the year said so ("K (no figure of 2024)").
pub fn members_lacking(arrivals: &MonthlyArrivals, market: &str, year: i32, months: &[u32]) -> Vec<String> {
    children_lacking(arrivals, market, year, months, |c| arrivals.expected_in(c, year))
        .into_iter()
        .map(
            |c| {
                if arrivals.reports_in(c, year) {
                    c.to_string()
                } else {
                    format!("{c} (no figure of {year})")
                }
            },
        )
        .collect()
}

/// "2025 has no figure for 2025-01..2025-05 (members without all of them: Poland) by months or
/// quarters": the months of `span` a market's figures leave without one in `year`, and the
/// markets under it without them (trial 75 L3: "no figure for all of 2025-01..2025-09", where
/// a member new in June lacked January to May and a quarterly one had its quarters).
fn no_figure_of(
    arrivals: &MonthlyArrivals,
    periods: &[OtherPeriod],
    market: &str,
    year: i32,
    span: (u32, u32),
) -> String {
    let months: Vec<u32> = (span.0..=span.1).collect();
    let members = deepest_lacking(arrivals, periods, market, year, &months, span);
    let mut missing: BTreeSet<u32> = members.iter().flat_map(|(_, l)| l.iter().copied()).collect();
    if missing.is_empty() {
        missing =
            months.iter().copied().filter(|&mo| lacks(arrivals, periods, market, year, mo, span)).collect();
    }
    if missing.is_empty() {
        missing = months.into_iter().collect();
    }
    // Months of its own figures are not missing (trial 81 M2: Americas' own 2024-01..2024-06
    // said to be none): where they and its members' months after are not read together, said.
    let own: Vec<u32> = (span.0..=span.1).filter(|&mo| arrivals.has_own_month(market, year, mo)).collect();
    missing.retain(|mo| !own.contains(mo));
    if !own.is_empty() {
        let rest: Vec<u32> = (span.0..=span.1).filter(|mo| !own.contains(mo)).collect();
        let members = if missing.is_empty() {
            String::new()
        } else {
            format!(" (no figure for {})", month_list(year, &missing.iter().copied().collect::<Vec<_>>()))
        };
        let quarterly =
            arrivals.tree().descendants(market).into_iter().any(|d| arrivals.has_other_periods(d, year));
        // All of them its own (review 72 H1: "and by its members' for :").
        if rest.is_empty() {
            return format!(
                "{year} is by {market}'s own figures for {}, not its members' sum{}",
                month_list(year, &own),
                if quarterly { ", which counts a member by quarters or years" } else { "" }
            );
        }
        return format!(
            "{year} is by {market}'s own figures for {}, and by its members' for {}{members}: not read together{}",
            month_list(year, &own),
            month_list(year, &rest),
            if quarterly { " where a member has figures of quarters or years" } else { "" }
        );
    }
    let names: Vec<String> = members.into_iter().map(|(m, _)| m).collect();
    format!(
        "{year} has no figure for {}{} by months or quarters",
        month_list(year, &missing.into_iter().collect::<Vec<_>>()),
        if names.is_empty() {
            String::new()
        } else {
            format!(" (members without all of them: {})", some_names(&names, 6))
        }
    )
}

/// Whether no figure of a market reaches a month: by months, or by a quarter's or year's
/// within `span` (read whole where it ends there).
fn lacks(
    arrivals: &MonthlyArrivals,
    periods: &[OtherPeriod],
    market: &str,
    year: i32,
    month: u32,
    span: (u32, u32),
) -> bool {
    !arrivals.reaches(market, year, month)
        && !periods.iter().any(|o| {
            o.market == market
                && o.first.0 == year
                && o.last.0 == year
                && (o.first.1..=o.last.1).contains(&month)
                && span.0 <= o.first.1
                && o.last.1 <= span.1
        })
}

/// The markets under `market` lacking a figure for one of `months` of `year` (see `lacks`),
/// each with its months, named at the deepest level that lacks them: Poland, not Europe.
fn deepest_lacking(
    arrivals: &MonthlyArrivals,
    periods: &[OtherPeriod],
    market: &str,
    year: i32,
    months: &[u32],
    span: (u32, u32),
) -> Vec<(String, Vec<u32>)> {
    let mut out = Vec::new();
    for c in arrivals.tree().children(market) {
        let lacking: Vec<u32> =
            months.iter().copied().filter(|&mo| lacks(arrivals, periods, c, year, mo, span)).collect();
        if !arrivals.expected_in(c, year) || lacking.is_empty() {
            continue;
        }
        // A group's months are its members' (none of them lacking: a quarterly one read whole).
        if arrivals.tree().children(c).iter().any(|g| arrivals.expected_in(g, year)) {
            out.extend(deepest_lacking(arrivals, periods, c, year, &lacking, span));
        } else if arrivals.reports_in(c, year) {
            out.push((c.to_string(), lacking));
        } else {
            out.push((format!("{c} (no figure of {year})"), lacking));
        }
    }
    out
}

/// The members of a group with figures in `year` but none for some of `months`: why the group
/// has none for them.
fn members_without(arrivals: &MonthlyArrivals, market: &str, year: i32, months: &[u32]) -> Vec<String> {
    children_lacking(arrivals, market, year, months, |c| arrivals.reports_in(c, year))
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// The members of a group, of those `counted`, lacking a figure for one of `months` of `year`.
fn children_lacking<'a>(
    arrivals: &'a MonthlyArrivals,
    market: &str,
    year: i32,
    months: &[u32],
    counted: impl Fn(&str) -> bool,
) -> Vec<&'a str> {
    arrivals
        .tree()
        .children(market)
        .into_iter()
        .filter(|c| counted(c) && months.iter().any(|&m| arrivals.month(c, year, m).is_none()))
        .collect()
}

/// The month before a history that starts at `first`, when it has no figure and the market has
/// figures before it (within three years): a gap that cut the history short.
fn gap_before(arrivals: &MonthlyArrivals, market: &str, first: (i32, u32)) -> Option<(i32, u32)> {
    let gap = month_before(first);
    if arrivals.month(market, gap.0, gap.1).is_some() {
        return None;
    }
    let mut at = gap;
    for _ in 0..36 {
        at = month_before(at);
        if arrivals.month(market, at.0, at.1).is_some() {
            return Some(gap);
        }
    }
    None
}

/// A history's usual month (its median), against which a month is a collapse or nearly closed
/// (`below_usual`): the one rule of `collapse_in`, `closed_note` and `near_closure`.
fn usual_month(history: &[f64]) -> Option<f64> {
    crate::forecast::usual_step(history)
}

/// Below a tenth of the usual month.
fn below_usual(v: f64, usual: f64) -> bool {
    crate::forecast::nearly_closed(v, usual)
}

/// The last month of `history` (starting at `first`) below a tenth of its median that is no
/// season's low (one recurs a year before or after; a collapse, a closed border, does not),
/// with the months since.
fn collapse_in(history: &[f64], first: (i32, u32)) -> Option<((i32, u32), usize)> {
    let median = usual_month(history)?;
    let low = |v: f64| below_usual(v, median);
    let n = history.len();
    // A season's low is shorter than a year and recurs a year before or after; a closure of a
    // year or more (the months a year before closed too) is no season. The last low month
    // that is no season's (trial 86 M1: a market closed every June and July, its 0 of last
    // July recurring, hid its 2020-21 collapse, and the fit across it went unsaid).
    let run = |i: usize| {
        let back = history[..=i].iter().rev().take_while(|v| low(**v)).count();
        back + history[i + 1..].iter().take_while(|v| low(**v)).count()
    };
    let seasonal =
        |i: usize| run(i) < 12 && ((i >= 12 && low(history[i - 12])) || (i + 12 < n && low(history[i + 12])));
    let i = (0..n).rev().find(|&i| low(history[i]) && !seasonal(i))?;
    let after = n - 1 - i;
    let months = (first.1 as usize - 1) + i;
    Some(((first.0 + (months / 12) as i32, (months % 12) as u32 + 1), after))
}

/// Why the run rate cannot grow this year's `k` months against last year's: some of last
/// year's were nearly closed (below a tenth of the history's median month, not 0, which the
/// run rate itself refuses) where this year's are not, or some of the months it would grow were.
fn near_closure(history: &[f64], k: usize, rest: usize, year: i32) -> Option<String> {
    if history.len() < k + 12 {
        return None;
    }
    // One rule with the run rate's own (review 32 M5: a resort's off season refused as a
    // closure), which also judges whether the months move the rate at all.
    let c = crate::forecast::near_closures(history, 12, k, rest);
    let so_far: Vec<u32> = c.so_far.iter().map(|j| *j as u32 + 1).collect();
    let grown: Vec<u32> = c.grown.iter().map(|step| (k + step) as u32).collect();
    let count = |v: f64| crate::output::thousands(v.round() as i64);
    if !so_far.is_empty() {
        return Some(format!(
            "{} {} nearly closed (below a tenth of the usual month, {}) and {} not now: a rate over them would compare open months with nearly closed ones",
            month_list(year - 1, &so_far),
            if so_far.len() == 1 { "was" } else { "were" },
            count(c.usual),
            if so_far.len() == 1 { "is" } else { "are" }
        ));
    }
    if !grown.is_empty() {
        return Some(format!(
            "the months it would grow, {}, were nearly closed (below a tenth of the usual month, {}): it would copy a near-closure into the projection",
            month_list(year - 1, &grown),
            count(c.usual)
        ));
    }
    None
}

/// Projects the rest of `year` after the tracking's last month with `method` and sums it with
/// the year so far; `bookings_change` is the seats-on-the-books change the bookings method grows by.
pub fn outlook(
    arrivals: &MonthlyArrivals,
    market: &str,
    year: i32,
    tracking: &Tracking,
    method: Method,
    bookings_change: Option<f64>,
    history_from: Option<(i32, u32)>,
) -> std::result::Result<Outlook, Unfit> {
    let (through, target, ytd) = (tracking.through, tracking.target, tracking.ytd);
    let rest = 12 - through.min(12) as usize;
    let fitted = matches!(
        method,
        Method::Ets | Method::Theta | Method::Airline | Method::Combination | Method::Weighted
    );
    // Seasonal naive's interval is the spread of the history's year-on-year changes: the months
    // given by --history-from, as a fitted method's.
    let naive = method == Method::SeasonalNaive;
    let (mut history, mut history_start) =
        history_of(arrivals, market, year, through, history_from.filter(|_| fitted || naive));
    // A collapse's changes (a year's months at a hundredth of the year before, then back) are
    // no spread of a year like this one (trial 63 H1: a chance of 19% where the years since
    // give 0.1%): seasonal naive's interval measures the months after it, where 24 follow.
    let mut naive_note = None;
    if let Some(((y, m), after)) =
        collapse_in(&history, history_start).filter(|_| naive && history_from.is_none())
    {
        let next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        naive_note = Some(if after >= 24 {
            history.drain(..history.len() - after);
            history_start = next;
            format!(
                "{market}: seasonal naive's interval measures the year-on-year changes of the {after} months from {}-{:02}, after the collapse last in {y}-{m:02} (below a tenth of its median), not the collapse's; --history-from gives it other months",
                next.0, next.1
            )
        } else {
            format!(
                "{market}: seasonal naive's interval measures year-on-year changes that include a collapse (below a tenth of its median, last in {y}-{m:02}), with {} since: too few to leave it out (24 are needed), so the interval is as wide as the collapse makes it",
                match after {
                    0 => "no month".to_string(),
                    1 => "one month".to_string(),
                    n => format!("only {n} months"),
                }
            )
        });
    }
    let exact = Interval { forecast: ytd, lo80: ytd, hi80: ytd, lo95: ytd, hi95: ytd };
    if rest == 0 {
        return Ok(Outlook {
            method,
            model: "the year is complete".into(),
            year: exact,
            cumulative: Vec::new(),
            chance_pct: if ytd >= target { 100.0 } else { 0.0 },
            history_months: history.len(),
            by_quarters: false,
            history_start,
            notes: Vec::new(),
        });
    }
    // The months before a gap in the history are not fitted: said, with the gap.
    let gap =
        if fitted && history_from.is_none() { gap_before(arrivals, market, history_start) } else { None };
    let before = month_before(history_start);
    let after_gap = match gap {
        Some((y, m)) => {
            // A group without a figure for the month: the members that have none then are why.
            let without = members_without(arrivals, market, y, &[m]);
            let whose = if without.is_empty() {
                String::new()
            } else {
                format!(", as {} none", names_have(&without))
            };
            format!(" ({y}-{m:02} has no figure{whose}: the months before it are not used)")
        }
        // A group whose members changed: the months before are of other markets.
        None if fitted && history_from.is_none() && arrivals.month(market, before.0, before.1).is_some() => {
            format!(" ({}-{:02} and before are not made of the same markets: not used)", before.0, before.1)
        }
        None => String::new(),
    };
    // A fitted model sees the seasons only with two years of months; with fewer it would
    // project a year of tourism without its seasons.
    // The airline model spends 13 months on its differences and needs 16 after them.
    let needed = if method == Method::Airline { airline_min_len(12) } else { 24 };
    if fitted && history.len() < needed {
        let other = if method == Method::Airline { "--method ets needs 24, " } else { "" };
        // Cut short by --history-from: an earlier month gives more; the run rate is no way round
        // a closure, which it refuses.
        let way = match history_from {
            Some(_) => "an earlier --history-from gives more".to_string(),
            None => format!("{other}--method run-rate needs only this year and last"),
        };
        return Err(Unfit::new(format!(
            "needs {needed} months of history to see the seasons, has {}{after_gap} ({way})",
            history.len()
        )));
    }
    // The run rate refuses a year before of 0 (a closed border); one nearly closed (20 a month
    // where 10,000 is usual) inflates the rate as surely: refused the same, with the months.
    if method == Method::RunRate {
        if let Some(why) = near_closure(&history, through as usize, rest, year) {
            return Err(Unfit::new(why));
        }
    }
    let MemberClosures { reopened, closing, copied } =
        member_closures(arrivals, market, year, tracking, method)?;
    let ly_rest = tracking.ly_full - tracking.ly_ytd;
    // Theta finds the seasons and cannot take them out of months of 0 every year: it would
    // project arrivals flat into the months closed every year, and so would a combination
    // with it (review 37 M2: x2.17 last year's same months, "no seasonal pattern" said).
    if matches!(method, Method::Theta | Method::Combination | Method::Weighted)
        && crate::forecast::theta_loses_seasons(&history, 12)
    {
        let closed: Vec<u32> = (1..=12u32)
            .filter(|mo| {
                let months: Vec<f64> = history
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| ((history_start.1 as usize - 1 + i) % 12) as u32 + 1 == *mo)
                    .map(|(_, v)| *v)
                    .collect();
                !months.is_empty() && months.iter().all(|v| *v == 0.0)
            })
            .collect();
        let whose = if method == Method::Theta { String::new() } else { format!("{method}'s member ") };
        let names = |months: &[u32]| {
            months.iter().map(|m| crate::chart::MONTHS[*m as usize - 1]).collect::<Vec<_>>().join(", ")
        };
        return Err(Unfit::new(match closed.as_slice() {
            [] => {
                // A month of 0 once, in a history too short to outweigh it (review 38 M3: the
                // reason said "every year", no month named).
                let zeros: Vec<(i32, u32)> = history
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| **v == 0.0)
                    .map(|(i, _)| {
                        let k = history_start.1 as usize - 1 + i;
                        (history_start.0 + (k / 12) as i32, (k % 12) as u32 + 1)
                    })
                    .collect();
                match zeros.as_slice() {
                    // (A season no month of the history measures: review 39 L2.)
                    [] => format!(
                        "{whose}Theta finds seasons it cannot measure in its {} months of history, and would project it without them; --method seasonal-naive or ets projects it",
                        history.len()
                    ),
                    _ => format!(
                        "{whose}Theta takes a series' seasons out by dividing by them, and its months of 0 ({}) leave a season with nothing to divide by in its {} months of history: it would project it without its seasons; --method seasonal-naive or ets projects it",
                        crate::analysis::arrivals::month_ranges(&zeros),
                        history.len()
                    ),
                }
            }
            months => format!(
                "{whose}Theta takes a series' seasons out by dividing by them, and months of 0 every year ({}: a season closed) are none to divide by: it would project arrivals flat into them; --method seasonal-naive or ets projects a closed season",
                names(months)
            ),
        }));
    }
    let shocks = Shocks::new(PATHS, rest, SEED);
    let f = match method {
        Method::Bookings => {
            let c = bookings_change.ok_or_else(|| {
                Unfit::new(
                    "no seats on the books this year and last for the rest of the year: no booking flows of it, nor a published snapshot of exactly those months (`tourstat otb --from snapshots` says which the store has)",
                )
            })?;
            run_rate(&history, 12, through as usize, Some(c), rest, &shocks)?
        }
        _ => project(Series { values: &history, m: 12, position: through as usize }, method, rest, &shocks)?,
    };
    // The rest of a year has no fewer arrivals than none: a model's paths below 0 (a normal
    // spread about a small rest) are no year end below the year so far. (NaN, an interval not
    // given, stays so.)
    let none_below = |v: f64| if v < 0.0 { 0.0 } else { v };
    let shift = |i: Interval| Interval {
        forecast: ytd + none_below(i.forecast),
        lo80: ytd + none_below(i.lo80),
        hi80: ytd + none_below(i.hi80),
        lo95: ytd + none_below(i.lo95),
        hi95: ytd + none_below(i.hi95),
    };
    let year_total = shift(f.total(0, rest));
    // A projection outside the middle 80% of its own simulated years is the mean of a spread
    // so skewed that a few wild years carry it (the airline model's logarithms fitted across
    // a collapse gave 186 million for a market of 120,000 a year): the model does not hold.
    let (lo, hi) = (year_total.lo80, year_total.hi80);
    if lo.is_finite() && (year_total.forecast > hi + 0.5 || year_total.forecast < lo - 0.5) {
        let count = |v: f64| crate::output::thousands(v.round() as i64);
        let across = match collapse_in(&history, history_start) {
            Some(((y, m), _)) => format!(", fitted across the collapse last in {y}-{m:02}"),
            None => String::new(),
        };
        return Err(Unfit::new(format!(
            "its year end ({}) is the mean of simulated years whose middle 80% run from {} to {}, and lies outside them: the model does not hold for this history{across}; compare other methods",
            count(year_total.forecast),
            count(lo),
            count(hi)
        )));
    }
    // The rest of the year projected at many times what the year so far runs at (x6.08 last
    // year's months where the year runs at x1.02: trial 55 H2, the airline model fitted across
    // a collapse, "on track" at a 71% chance) is the model's turn, not the market's: refused,
    // where the note below says a lesser gap. Not where last year's months to come were nearly
    // closed: a recovery's rest runs far from its year so far, as it should (review 32 H4: New
    // Zealand 2022 refused at x58.54, where the year's rest ran at x60.71).
    let recovering = {
        let n = history.len();
        usual_month(&history).is_some_and(|usual| {
            (1..=rest).filter_map(|j| (n + j).checked_sub(13)).any(|t| below_usual(history[t], usual))
        })
    };
    if let Some((rest_rate, ytd_rate)) =
        rates_apart(method, tracking, ytd, year_total.forecast, REFUSED_APART).filter(|_| !recovering)
    {
        let across = match collapse_in(&history, history_start) {
            Some(((y, m), _)) => {
                format!(" (fitted across the collapse last in {y}-{m:02}: --history-from after it?)")
            }
            None => String::new(),
        };
        return Err(Unfit::new(format!(
            "it projects the rest of the year at x{rest_rate:.2} last year's same months, where the year so far runs at x{ytd_rate:.2}: a turn of its history carried into the year end{across}; compare --method run-rate or seasonal-naive"
        )));
    }
    let mut notes: Vec<String> = naive_note.into_iter().collect();
    if method == Method::RunRate && through < 12 {
        if let Some((members, rest)) = dormant_members(arrivals, market, year, through) {
            notes.push(format!(
                "{market}: {} had no arrivals in the months counted, this year or last: {} of the {} arrivals of the rest of last year, theirs, are grown at the other members' rate (its season yet to come?)",
                some_names(&members, 6),
                crate::output::thousands(rest.round() as i64),
                crate::output::thousands(ly_rest.round() as i64),
            ));
        }
        for t in turned_members(arrivals, market, year, through, ly_rest) {
            notes.push(format!(
                "{market}: {}'s {} in the store run at x{:.2} on a year before, where its months counted run at x{:.2}: the rate grown may not hold for the rest of the year (a change of level?); compare --method seasonal-naive or ets",
                t.market,
                month_list(year, &(through + 1..=t.last).collect::<Vec<_>>()),
                t.later_rate,
                t.counted_rate
            ));
        }
    }
    if let Some(c @ Closing { members, rest: before, .. }) = &closing {
        notes.push(format!(
            "{market}: {} had no arrivals in {} where a year before {} had (a closure under way), too few to move its rate: {} of the {} arrivals of the rest of last year",
            some_names(members, 6),
            c.months(year, through),
            if members.len() == 1 { "it" } else { "they" },
            crate::output::thousands(before.round() as i64),
            crate::output::thousands(ly_rest.round() as i64),
        ));
    }
    if let Some((members, opened)) = &reopened {
        notes.push(format!(
            "{market}: its rate counts {} arrivals of {} in months that were 0 a year before, too few to move it by half a percent",
            crate::output::thousands(opened.round() as i64),
            some_names(members, 6)
        ));
    }
    if !after_gap.is_empty() {
        notes.push(format!(
            "{market}: fitted on the {} months from {}-{:02}{after_gap}",
            history.len(),
            history_start.0,
            history_start.1
        ));
    }
    if !year_total.lo80.is_finite() {
        notes.push(format!(
            "{market}: no interval by {method}: it needs two months with a figure a year before to measure how months vary"
        ));
    }
    let without_seasons = match method {
        Method::Ets => f.model.ends_with(",N)"),
        Method::Theta => !f.model.contains("seasonally"),
        _ => false,
    };
    if without_seasons {
        notes.push(format!(
            "{market}: {} found no seasonal pattern in {} months and projects without seasons; compare --method seasonal-naive",
            f.model,
            history.len()
        ));
    }
    // The same of a combination's members: one projecting a season's peak flat across the
    // year pulls the mean with it.
    if matches!(method, Method::Combination | Method::Weighted) {
        let flat = crate::forecast::flat_parts(&f.model);
        if !flat.is_empty() {
            notes.push(format!(
                "{market}: {method}'s {} found no seasonal pattern in {} months and {} without seasons; compare --method seasonal-naive",
                flat.join(" and "),
                history.len(),
                if flat.len() == 1 { "projects" } else { "project" }
            ));
        }
    }
    // A projection of the months to come far from the year so far: the rest of the year at
    // 2.7 times last year's same months while the year runs at +4.8% is the model carrying a
    // turn of its history (a collapse, a recovery) into the year end. Said, with both rates.
    if let Some((rest_rate, ytd_rate)) = rates_apart(method, tracking, ytd, year_total.forecast, FAR_APART) {
        notes.push(format!(
            "{market}: {method} projects the rest of the year at x{rest_rate:.2} last year's same months, where the year so far runs at x{ytd_rate:.2}: a turn of its history carried into the year end? Compare --method run-rate or seasonal-naive"
        ));
    }
    // The target path follows last year's months: a closure then puts none of the target in
    // its months, and the growth the rest of the year needs is over a year partly closed.
    let n = history.len();
    notes.extend(closed_path_note(market, year, &history, through, tracking.ly_full));
    // Seasonal naive (alone or in a combination) copies last year's months: a 0 of a closure
    // then (open the year before, or open again now) is projected as certain. The airline
    // model (of the figures, with a 0 among them) projects a month as last year's plus the
    // latest month's change on a year before: the same 0, unless the latest month was closed a
    // year before and is open now, and that change lifts it. Said, with the months; the run
    // rate refuses the same case.
    let lifted = method == Method::Airline && n >= 13 && history[n - 1] > 0.0 && closed_at(&history, n - 13);
    if matches!(method, Method::SeasonalNaive | Method::Combination | Method::Weighted | Method::Airline)
        && !lifted
    {
        let copied = closed_last_year(&history, through as usize, rest);
        if !copied.is_empty() {
            let months: Vec<u32> = copied.iter().map(|j| through + *j as u32).collect();
            let how = match method {
                Method::SeasonalNaive => "projects last year's 0",
                Method::Airline => "projects last year's 0 plus the latest month's change on a year before",
                _ => "has its seasonal naive member project last year's 0",
            };
            // Advised only where the months since the closure are enough to fit (advice that
            // then failed sent the user round: run rate, seasonal naive, ets, run rate).
            let since = (0..n).rev().take_while(|&t| !closed_at(&history, t)).count();
            let advice = if since >= 24 {
                "--method ets fits the months since (--history-from)".to_string()
            } else {
                format!("the {since} months since are too few for a fitted method without it (24 are needed)")
            };
            notes.push(format!(
                "{market}: {method} {how} for {} as this year's (closed then, open before or since): {advice}",
                month_list(year, &months)
            ));
        }
    }
    // The same of a group whose member was closed then: its months are copied with the group.
    if let (
        Method::SeasonalNaive | Method::Combination | Method::Weighted | Method::Airline,
        Some((members, months, _)),
    ) = (method, &copied)
    {
        notes.push(format!(
            "{market}: {method} projects last year's months of {}, 0 in {} (closed then, open the year before), as this year's: the group's year end counts none of {} arrivals then",
            some_names(members, 6),
            month_list(year - 1, months),
            if members.len() == 1 { "its" } else { "their" }
        ));
    }
    // A closure under way (the latest month 0, a year before not): the methods that project
    // project last year's open months, as if it reopened at once. The run rate refuses it; the
    // others say so.
    if method != Method::RunRate && method != Method::Bookings {
        let own = (n >= 13 && history[n - 1] == 0.0 && history[n - 13] > 0.0)
            .then(|| (vec![market.to_string()], month_label(year, through)));
        let closing = own.or_else(|| {
            closing_members(arrivals, market, year, through).map(|c| {
                let months = c.months(year, through);
                (c.members, months)
            })
        });
        if let Some((closing, months)) = closing {
            let who = if closing == [market] { "it".to_string() } else { some_names(&closing, 6) };
            // A model fitted on the market's own months may carry the closure on (ets's level
            // falls to 0): then it is said to project it closed, not open.
            let rest_share = if ly_rest > 0.0 { (year_total.forecast - ytd) / ly_rest } else { f64::NAN };
            let how = if closing == [market] && method != Method::SeasonalNaive && rest_share.is_finite() {
                let reads = match rest_share {
                    r if r < 0.1 => "as if it stayed closed for the rest of the year",
                    r if r < 0.9 => "as if it reopened in part, or later",
                    _ => "as if it reopened at once at last year's level",
                };
                format!(
                    "{method} projects the months to come at {:.0}% of last year's same months, {reads}",
                    rest_share * 100.0
                )
            } else {
                format!(
                    "{method} projects the months to come as open, as if {} reopened at once",
                    if closing.len() == 1 { "it" } else { "they" }
                )
            };
            notes.push(format!(
                "{market}: {who} had no arrivals in {months} where a year before {} had (a closure under way?): {how}; no method here knows when a closure ends",
                if closing.len() == 1 { "it" } else { "they" },
            ));
        }
    }
    // The other side of the airline model's lift: where the latest month was closed a year
    // before and is open now, the change it adds is this year's whole level, and last year's
    // open months get it too.
    if lifted {
        let raised: Vec<u32> =
            (1..=rest).filter(|j| history[n + j - 13] > 0.0).map(|j| through + j as u32).collect();
        if !raised.is_empty() {
            notes.push(format!(
                "{market}: airline projects a month as last year's plus the latest month's change on a year before, and {}-{through:02} was closed: {} are projected as last year's open months raised by this year's whole level; compare --method seasonal-naive or ets",
                year - 1,
                month_list(year, &raised)
            ));
        }
    }
    // The run rate multiplies last year's rest by this year's rate: from a tiny base the rate
    // is no forecast.
    let rate = ytd / tracking.ly_ytd;
    // The other methods project from the years before such a change, and their intervals
    // measure how those years varied, not the change.
    if rate.is_finite() && !(1.0 / 3.0..=3.0).contains(&rate) {
        notes.push(if method == Method::RunRate {
            format!(
                "{market}: the year so far is {rate:.2} times the same months last year; the run rate grows last year's remaining months by that: compare --method seasonal-naive or ets"
            )
        } else {
            format!(
                "{market}: the year so far is {rate:.2} times the same months last year: {method} projects from years unlike this one, and its interval measures how they varied, not this change; compare other methods"
            )
        });
    }
    match collapse_in(&history, history_start).filter(|_| fitted) {
        // --history-from leaves the months after: advised only where they are enough to fit.
        Some(((y, m), after)) if after >= needed => {
            let next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            notes.push(format!(
                "{market}: the history fitted includes a collapse (below a tenth of its median, last in {y}-{m:02}); --history-from {}-{:02} fits only the months after",
                next.0, next.1
            ));
        }
        Some(((y, m), after)) => notes.push(format!(
            "{market}: the history fitted includes a collapse (below a tenth of its median, last in {y}-{m:02}), and {} since: too few to fit without it ({needed} are needed), so the model is fitted across it",
            match after {
                0 => "no month".to_string(),
                1 => "one month".to_string(),
                n => format!("only {n} months"),
            }
        )),
        None => {}
    }
    // Every simulated year the same (each month so far changed by exactly the same rate): the
    // model knows no spread, which is no certainty; the chance is left unsaid.
    // Nor is an interval of no width given ("8,640 to 8,640").
    // A target reached is reached, whatever paths below 0 the model draws for the rest (review
    // 37 H1: 52% beside "target reached").
    let mut chance_pct = if ytd >= target { 100.0 } else { f.chance_at_least(0, rest, target - ytd) * 100.0 };
    let mut year_total = year_total;
    if year_total.hi95 - year_total.lo95 <= 1e-9 * year_total.forecast.abs().max(1.0) {
        for bound in [&mut year_total.lo80, &mut year_total.hi80, &mut year_total.lo95, &mut year_total.hi95]
        {
            *bound = f64::NAN;
        }
        let chance = if ytd < target {
            chance_pct = f64::NAN;
            "chance_pct and "
        } else {
            ""
        };
        notes.push(format!(
            "{market}: {chance}the interval not given by {method}: every simulated year is the same ({}), as the months it measures vary not at all, and that is no certainty",
            crate::output::thousands(year_total.forecast.round() as i64)
        ));
    }
    Ok(Outlook {
        method,
        model: f.model.clone(),
        year: year_total,
        cumulative: (1..=rest).map(|j| (through + j as u32, shift(f.total(0, j)))).collect(),
        chance_pct,
        history_months: history.len(),
        by_quarters: false,
        history_start,
        notes,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetTracking {
    pub through: Through,
    pub rows: Vec<TrackedMarket>,
    /// Markets tracked to date whose year end the method could not project (a note says why):
    /// their progress does not depend on a projection. `projection`, `projected_gap` and
    /// `bookings_projection` are NaN or empty, `status` meaningless.
    pub unprojected: Vec<(String, u32, Tracking)>,
    /// Markets with a target of the year that could not be tracked, with their target, in the
    /// order of the targets (a note says why): shown as rows of their own, never left out.
    pub untracked: Vec<(String, f64)>,
    pub notes: Vec<String>,
}

impl TargetTracking {
    pub fn mixed(&self) -> bool {
        self.rows
            .iter()
            .map(|r| r.through)
            .chain(self.unprojected.iter().map(|u| u.1))
            .any(|t| t != self.through.month)
    }
}

/// Targets of a year known on `as_of`: (market, target), in tree order.
pub(crate) fn targets_of(
    store: &Store,
    tree: &MarketTree,
    year: i32,
    as_of: Option<NaiveDate>,
) -> Result<Vec<(String, f64)>> {
    let Some(lf) = store.scan(Kind::Targets, Some((year, year)))? else {
        return Ok(Vec::new());
    };
    let df = figures_of_period(lf.clone(), "target", &year.to_string(), as_of)
        .collect()
        .context("reading targets")?;
    let names = columns::strings(&df, "market")?;
    let values = columns::floats(&df, "value")?;
    let mut pairs: Vec<(String, f64)> =
        names.into_iter().zip(values).filter_map(|(m, v)| Some((m?, v?))).collect();
    let order: HashMap<&str, usize> =
        tree.depth_first().into_iter().enumerate().map(|(i, (_, m))| (m, i)).collect();
    pairs.sort_by_key(|(m, _)| order.get(m.as_str()).copied().unwrap_or(usize::MAX));
    if let (true, Some(d)) = (pairs.is_empty(), as_of) {
        if let Some(f) = first_announced(store, year, None)? {
            return Err(Error::Usage(format!(
                "the store's targets for {year} were first announced on {f}; none was known on {d}"
            )));
        }
    }
    Ok(pairs)
}

/// The day a target for a year was first announced (its earliest vintage): of one market, or
/// of any; `None` where the store has none.
fn first_announced(store: &Store, year: i32, market: Option<&str>) -> Result<Option<NaiveDate>> {
    let Some(lf) = store.scan(Kind::Targets, Some((year, year)))? else {
        return Ok(None);
    };
    let of_year = col("period").eq(lit(year.to_string()));
    let wanted = match market {
        Some(m) => of_year.and(col("market").eq(lit(m))),
        None => of_year,
    };
    let first = lf.filter(wanted).select([col("as_of").min()]).collect().context("reading targets")?;
    Ok(columns::dates(&first, "as_of")?.first().copied().flatten())
}

/// The steps j (1..=rest) after the `through` months of this year whose month a year before
/// was 0 where the year before that was not, or where this year's months so far are open
/// against a closed year before: a closure seasonal naive would copy.
fn closed_last_year(history: &[f64], through: usize, rest: usize) -> Vec<usize> {
    let n = history.len();
    let reopened =
        (n.saturating_sub(through)..n).any(|t| t >= 12 && history[t] > 0.0 && history[t - 12] == 0.0);
    (1..=rest)
        .filter(|j| {
            let Some(t) = (n + j).checked_sub(13) else { return false };
            // With a year before last, a month 0 then too is a season's 0, unless the zeros
            // ran on for a year (`closed_at`); without one, this year's months open against
            // last year's 0 say it was closed.
            history[t] == 0.0
                && if t >= 12 {
                    history[t - 12] > 0.0 || (reopened && closed_at(history, t))
                } else {
                    reopened
                }
        })
        .collect()
}

/// Whether month `t`'s 0 is a closure's rather than a season's: the month had a figure a year
/// before, or its zeros ran on for a year or more (a season's 0 is shorter) and no year before
/// them had a 0 in that month (a season's, next to a closure).
fn closed_at(history: &[f64], t: usize) -> bool {
    if history[t] != 0.0 {
        return false;
    }
    if t >= 12 && history[t - 12] > 0.0 {
        return true;
    }
    let start = t - history[..t].iter().rev().take_while(|v| **v == 0.0).count();
    let end = t + history[t..].iter().take_while(|v| **v == 0.0).count();
    let season_before = (1..=t / 12).map(|k| t - 12 * k).any(|i| i < start && history[i] == 0.0);
    end - start >= 12 && !season_before
}

/// Targets of parts of a year (quarters, months) known on `as_of`, which `shortfall` does not
/// track: (market, its periods of parts of the year, whether it has a target for the whole
/// year too).
fn part_year_targets(
    store: &Store,
    year: i32,
    as_of: Option<NaiveDate>,
) -> Result<Vec<(String, Vec<String>, bool)>> {
    let Some(lf) = store.scan(Kind::Targets, Some((year, year)))? else {
        return Ok(Vec::new());
    };
    let df = crate::analysis::vintage::latest_known(lf, &["market", "period"], as_of)
        .filter(col("period_start").dt().year().eq(lit(year)))
        .select([col("market"), col("period")])
        .collect()
        .context("reading targets")?;
    let mut by_market: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
    for (m, p) in columns::strings(&df, "market")?.into_iter().zip(columns::strings(&df, "period")?) {
        if let (Some(m), Some(p)) = (m, p) {
            by_market.entry(m).or_default().push(p);
        }
    }
    let whole = year.to_string();
    Ok(by_market
        .into_iter()
        .filter(|(_, periods)| periods.iter().any(|p| *p != whole))
        .map(|(m, mut periods)| {
            let has_whole = periods.contains(&whole);
            periods.retain(|p| *p != whole);
            periods.sort();
            (m, periods, has_whole)
        })
        .collect())
}

fn part_year_note(year: i32, market: &str, periods: &[String], has_whole: bool) -> String {
    let shown = match periods {
        [one] => one.clone(),
        [first, .., last] => format!("{first}..{last}"),
        [] => String::new(),
    };
    if has_whole {
        return format!(
            "{market}: its targets for parts of {year} ({shown}) are not tracked; shortfall tracks its target for the whole year"
        );
    }
    format!(
        "{market}: not tracked: its targets for {year} are of parts of the year ({shown}), and shortfall tracks a target for the whole year (period {year})"
    )
}

/// How far each market with a target is from it (DESIGN.md, "Target tracking"), each counted
/// through its own complete months; markets that cannot be tracked are named with the reason.
pub fn track_targets(
    store: &Store,
    tree: &MarketTree,
    arrivals: &MonthlyArrivals,
    req: &TrackingRequest,
) -> Result<TargetTracking> {
    let year = req.year;
    if let Some((y, m)) = req.history_from.filter(|(y, _)| *y > year) {
        return Err(Error::Usage(format!(
            "--history-from {y}-{m:02} is after {year}: the history a method fits starts before the months it projects"
        )));
    }
    let mut targets = targets_of(store, tree, year, req.as_of)?;
    // Targets by quarter or month are stored but not tracked: said, never silently left out.
    let (beside, only_parts): (Vec<_>, Vec<_>) = part_year_targets(store, year, req.as_of)?
        .into_iter()
        .filter(|(m, _, _)| {
            req.market.as_ref().is_none_or(|only| tree.resolve(only).unwrap_or(only.as_str()) == m)
        })
        .partition(|(_, _, has_whole)| *has_whole);
    let mut part_year: Vec<String> =
        only_parts.iter().map(|(m, periods, _)| part_year_note(year, m, periods, false)).collect();
    // Beside a year's target, a quarter's is said once too, never passed over.
    let beside: Vec<String> =
        beside.iter().map(|(m, periods, _)| part_year_note(year, m, periods, true)).collect();
    if targets.is_empty() || (req.market.is_some() && !part_year.is_empty()) {
        if !part_year.is_empty() {
            return Err(Error::Usage(format!(
                "no market with a target for {year} can be tracked:\n  {}",
                part_year.join("\n  ")
            )));
        }
        return Err(Error::Usage(format!(
            "the store has no targets for {year}; ingest some with `tourstat ingest targets FILE`"
        )));
    }
    // (After the targets: a store without them is told so, not that its arrivals are by
    // quarters, which summary counts: trial 82 M2.)
    if !arrivals.markets().iter().any(|m| arrivals.reports_in(m, year)) {
        return Err(nothing_for_year(store, year, req.as_of)?);
    }
    if let Some(only) = &req.market {
        let names: Vec<String> = targets.iter().map(|(m, _)| m.clone()).collect();
        targets.retain(|(m, _)| m == only);
        // Announced after --as-of: said with the day, as arrivals first known later are.
        if let (true, Some(d)) = (targets.is_empty(), req.as_of) {
            if let Some(first) = first_announced(store, year, Some(only))? {
                return Err(Error::Usage(format!(
                    "{only}'s target for {year} was first announced on {first}, after {d}: none was known then (ask as of {first} or later)"
                )));
            }
        }
        if targets.is_empty() {
            return Err(Error::Usage(format!(
                "{only} has no target for {year}; the store has targets for {year} for {}",
                names.join(", ")
            )));
        }
    }
    let markets: Vec<String> = targets.iter().map(|(m, _)| m.clone()).collect();
    if !markets.iter().any(|m| arrivals.reports_in(m, year)) {
        // The store has figures of the year (checked above), only not of these markets.
        // A market that stopped: its last month said, as "late, or no longer published?".
        let latest = match markets.as_slice() {
            [one] => arrivals
                .latest_covered(one, year - 1)
                .map(|m| {
                    format!(" (its latest is {}: late, or no longer published?)", month_label(year - 1, m))
                })
                .unwrap_or_default(),
            _ => String::new(),
        };
        return Err(Error::Usage(format!(
            "{} no monthly arrivals for {year}{latest}; the store has {year} figures of other markets",
            match markets.as_slice() {
                [one] => format!("{one} has"),
                many => format!("the markets with a target for {year} ({}) have", many.join(", ")),
            }
        )));
    }
    // The month in common is of the markets that can be tracked: one without all of last year
    // by month (new this year, or published by quarter then), or a group with a member new
    // this year (not like with like), is not tracked at its own month, and would hold every
    // row back to it.
    let trackable: Vec<String> = markets
        .iter()
        .filter(|m| {
            let own = arrivals.complete_through(m, year);
            arrivals.sum(m, year - 1, 1, 12).is_some()
                && (own == 0 || arrivals.comparable(m, year, year - 1, 1, own).is_ok())
        })
        .cloned()
        .collect();
    // Where none of those has a month of the year from January on, all the markets' reasons
    // are the answer, as before.
    let counted = trackable.iter().any(|m| arrivals.reach_through(m, year) > 0);
    let periods = super::store_info::other_periods(store, req.as_of)?;
    let mut through =
        common_through(arrivals, if counted { &trackable } else { &markets }, year, req.through)
            .map_err(Error::Usage)?;
    if req.through.is_none() {
        quarter_end_reached(arrivals, &periods, &markets, &mut through);
    }
    let mut notes = through.notes.clone();
    notes.append(&mut part_year);
    notes.extend(beside);
    // A target in another unit (typed in thousands) was said at its ingest; every answer on it
    // says it again, as its progress reads 49,354% achieved.
    for (market, target) in &targets {
        if let Some(why) = scale_of(arrivals, &periods, market, year, *target) {
            notes.push(format!(
                "{market}: {why}: a figure in another unit? Its progress and year end below are against {}; ingest the target again in the arrivals' unit (--unit thousands reads 20 as 20,000)",
                crate::output::thousands(target.round() as i64)
            ));
        }
    }
    notes.extend(members_changed_notes(store, arrivals, &targets, year, req.as_of)?);
    let mut rows = Vec::new();
    // By the month tracked through: the bookings change of each market, and what the flows
    // could not tell (a feed stopped or gapped, last year unknown, a member with no flows).
    let mut changes: HashMap<u32, FlowChanges> = HashMap::new();
    let mut flow_notes_due: BTreeSet<u32> = BTreeSet::new();
    let mut unprojected = Vec::new();
    // The markets tracked by their quarters (both years).
    let mut by_periods_tracked: Vec<String> = Vec::new();
    let with_target = targets.clone();
    for (market, target) in targets {
        let own = arrivals.complete_through(&market, year).min(through.month);
        // A group with a member published by quarter (or a market so), where its quarters end
        // on the month tracked through: its progress to date, by them (trial 50 #1); its year
        // end is projected from months, which it has not.
        // Asked through a month, each market through its own: by its quarters through the latest
        // quarter's end they reach before it, as `summary` counts it (trial 91 M3: Total and
        // Europe "not tracked" at October, France by quarters to September).
        let by_quarters = (own < through.month && !periods.is_empty())
            .then(|| {
                mixed(arrivals, &periods, &market, year, (1, through.month))
                    .filter(|x| !x.by_periods.is_empty())
                    .map(|x| (through.month, x))
                    .or_else(|| {
                        through.asked.then(|| {
                            by_quarters_before(arrivals, &periods, &market, year, (own, through.month))
                        })?
                    })
            })
            .flatten();
        if let Some((k, x)) = by_quarters {
            // Counted through a quarter's end before the month asked: why, as `summary` says
            // (trial 93 M1: Europe through March, "France by its own figures of quarters" alone,
            // where Italy's May lacking held it there).
            notes.extend(short_notes(arrivals, &periods, &market, year, k, through.month));
            let counted = format!("counted through {}{}", month_label(year, k), periods_read(&market, &x));
            match by_quarters_last_year(arrivals, &periods, &market, &x, year - 1, k) {
                Ok((ly_ytd, ly_rest, without)) => {
                    let mut tracking = track(&TrackingInput {
                        target,
                        through: k,
                        ytd: x.value,
                        ly_ytd,
                        ly_rest,
                        bookings_change: None,
                    });
                    // Projected by its quarters, a member's own in place of its months (trial 86
                    // M2: Total had no year end, not even by the run rate, for one member
                    // published by quarters). Not where last year is read without a member
                    // silent both years: its quarters before are of other markets.
                    let projected = match without.is_none() {
                        true => outlook_by_quarters(
                            arrivals,
                            &periods,
                            &market,
                            (year, &tracking),
                            (req.method, req.history_from),
                            &x,
                        ),
                        false => Err(Unfit::new(
                            "last year is read without a member silent both years, and its quarters before are of other markets",
                        )),
                    };
                    notes.push(match &projected {
                        Ok(_) => format!("{market}: {counted}"),
                        Err(why) => format!("{market}: not projected by {}: {counted}: {why}", req.method),
                    });
                    notes.extend(period_notes(&x).into_iter().map(|n| format!("{market}: {n}")));
                    // Last year read without a member silent both years: said, as by months.
                    notes.extend(without);
                    by_periods_tracked.extend(x.by_periods.iter().cloned());
                    match projected {
                        Ok(outlook) => {
                            notes.extend(outlook.notes.iter().cloned());
                            tracking.projection = outlook.year.forecast;
                            tracking.projected_gap = target - tracking.projection;
                            tracking.status = Status::of(tracking.projection, target);
                            tracking.bookings_projection = None;
                            rows.push(TrackedMarket { market, through: k, tracking, outlook });
                        }
                        Err(_) => {
                            tracking.projection = f64::NAN;
                            tracking.projected_gap = f64::NAN;
                            unprojected.push((market, k, tracking));
                        }
                    }
                }
                Err(why) => notes.push(format!("{market}: not tracked ({counted}): {why}")),
            }
            continue;
        }
        notes.extend(short_notes(arrivals, &periods, &market, year, own, through.month));
        // Counted by its quarters at another quarter's end: the --through that tracks it, as
        // `summary` says (review 37 M1: a group with a quarterly member, and the member, "not
        // tracked" at July with no word of June).
        if own == 0 && !periods.is_empty() {
            let reach = arrivals.reach_through(&market, year);
            let at_quarter = (1..through.month)
                .rev()
                .chain(through.month + 1..=12)
                .filter(|q| q.is_multiple_of(3) || *q == reach)
                .find_map(|q| {
                    let x = mixed(arrivals, &periods, &market, year, (1, q))
                        .filter(|x| !x.by_periods.is_empty())?;
                    // Only where last year tracks it too (trial 75 M2: named, and refused again
                    // for last year's months).
                    by_quarters_last_year(arrivals, &periods, &market, &x, year - 1, q).ok()?;
                    Some(format!(
                        "{market}: --through {} tracks it{}",
                        month_label(year, q),
                        periods_read(&market, &x)
                    ))
                });
            notes.extend(at_quarter);
        }
        if own == 0 {
            // A market whose figures begin after January has months, but no year to date.
            let first = (1..=12).find(|&mo| arrivals.covers(&market, year, mo));
            notes.push(match first {
                Some(mo) => format!(
                    "{market}: not tracked: no figure for {} (its figures of {year} begin in {year}-{mo:02}){}; the year to date needs every month from January",
                    month_list(year, &(1..mo).collect::<Vec<_>>()),
                    longer_periods(arrivals, &market, year)
                ),
                None if arrivals.by_other_periods_only(&market, year) => format!(
                    "{market}: not tracked: its figures of {year} are of other periods only (quarters, years), none by month; the year to date is counted by month"
                ),
                None => {
                    let behind = members_behind(arrivals, &market, year, through.month);
                    let none = arrivals.latest_covered(&market, year).is_none()
                        && !arrivals.has_other_periods(&market, year);
                    match behind.is_empty() {
                        // None at all (trial 86 L1: "not every month from January has its
                        // figure", as if some had).
                        true if none => format!("{market}: not tracked: no figure of {year}"),
                        true => format!(
                            "{market}: not tracked through {}: not every month from January has its figure by months",
                            month_label(year, through.month)
                        ),
                        // Its members behind named (trial 51 #8: "no complete month" of a
                        // region with nine complete months of one member and quarters of the
                        // other).
                        false => format!(
                            "{market}: not tracked through {}: not every month from January has its figure by months (members behind: {})",
                            month_label(year, through.month),
                            some_names(&behind, 6)
                        ),
                    }
                }
            });
            continue;
        }
        // Last year's rest of the year must be made of the markets counted now.
        let members_now = arrivals.contributors(&market, year, own);
        let unlike = arrivals.comparable(&market, year, year - 1, 1, own).err().or_else(|| {
            (own + 1..=12).find_map(|mo| {
                let then = arrivals.contributors(&market, year - 1, mo)?;
                // A group's own figure one year and its members' the other are alike where they
                // add up to it (review 39 M1: summary compared them, shortfall refused).
                let alike = members_now.as_ref().is_some_and(|now| {
                    arrivals.as_members(now, year, own, &then)
                        == arrivals.as_members(&then, year - 1, mo, now)
                });
                (!alike).then(|| {
                    format!("{}-{mo:02} is not made of the same markets as {year}-{own:02}", year - 1)
                })
            })
        });
        if let Some(why) = unlike.filter(|_| arrivals.sum(&market, year - 1, 1, 12).is_some()) {
            notes.push(format!("{market}: not tracked: last year does not compare like with like ({why})"));
            continue;
        }
        // Last year without its members published in neither year, as summary compares it
        // (trial 72 M4: Europe's target not tracked all of 2026 for a member merged in 2025).
        let ended = arrivals
            .sum(&market, year - 1, 1, 12)
            .is_none()
            .then(|| ended_members(arrivals, &market, year, (1, 12)))
            .flatten();
        let ly_sum = |from: u32, to: u32| match &ended {
            Some(left) => arrivals.sum_without(&market, year - 1, from, to, left),
            None => arrivals.sum(&market, year - 1, from, to),
        };
        let (Some(ytd), Some(ly_ytd), Some(ly_rest)) =
            (arrivals.sum(&market, year, 1, own), ly_sum(1, own), ly_sum(own + 1, 12))
        else {
            let missing = arrivals.uncovered(&market, year - 1, 1, 12);
            // Last year's quarter that the month tracked through splits (review 51 M2).
            let split = split_periods(arrivals, &periods, &market, year - 1, &missing, own);
            // Last year by months and, in place of some, a market's own figure of a quarter
            // (trial 73 M1: UK's 2025-Q3 beside its months, and Total "not tracked"): tracked
            // to date by it; the year end is projected from months.
            let this = arrivals
                .sum(&market, year, 1, own)
                .filter(|_| ended.is_none())
                .and_then(|ytd| Some((ytd, mixed(arrivals, &periods, &market, year, (1, own))?)));
            let then =
                mixed(arrivals, &periods, &market, year - 1, (1, 12)).filter(|t| !t.patched.is_empty());
            if let (Some((ytd, this)), Some(then)) = (this, then) {
                let read = by_quarters_last_year(arrivals, &periods, &market, &this, year - 1, own);
                // Last year so read, unlike (a market new this year: review 55 M1, said as a
                // quarter cut), is said so.
                if let (Err(why), None) = (&read, &split) {
                    notes.push(format!(
                        "{market}: not tracked ({} read{}): {why}",
                        year - 1,
                        periods_read(&market, &then)
                    ));
                    continue;
                }
                if let Ok((ly_ytd, ly_rest, _)) = read {
                    let mut tracking = track(&TrackingInput {
                        target,
                        through: own,
                        ytd,
                        ly_ytd,
                        ly_rest,
                        bookings_change: None,
                    });
                    notes.push(format!(
                        "{market}: not projected by {}: {} read{}, and the projections are made from months",
                        req.method,
                        year - 1,
                        periods_read(&market, &then)
                    ));
                    notes.extend(period_notes(&then).into_iter().map(|n| format!("{market}: {n}")));
                    tracking.projection = f64::NAN;
                    tracking.projected_gap = f64::NAN;
                    unprojected.push((market, own, tracking));
                    continue;
                }
            }
            if let Some((read, whole)) = split {
                notes.push(format!(
                    "{market}: not tracked through {}: last year has {} only within {read}, which tracking through it cuts, and the target path spreads the target by last year's months{}",
                    month_label(year, own),
                    month_list(year - 1, &missing),
                    if whole > 0 {
                        format!(" (--through {} tracks it)", month_label(year, whole))
                    } else {
                        String::new()
                    }
                ));
                continue;
            }
            notes.push(if arrivals.by_other_periods_only(&market, year - 1) {
                format!(
                    "{market}: not tracked: last year's figures are of other periods only (quarters, years), none by month; the target path and the projection need all of {} by month",
                    year - 1
                )
            } else {
                // Members by quarters or years then are named so (trial 72 M3: "no figure"
                // where a member's quarters covered the year); one expected with no figure of
                // the year is named too (trial 82 M1: Kiribati, the one member without 2024-05
                // ..2024-12, left out of Pacific's reason, as summary names it).
                let (by_periods, without): (Vec<String>, Vec<String>) =
                    members_lacking(arrivals, &market, year - 1, &missing)
                        .into_iter()
                        .partition(|c| arrivals.by_other_periods_only(c, year - 1));
                let without = with_season(arrivals, without, year, &missing, own);
                let mut members = if without.is_empty() {
                    String::new()
                } else {
                    format!(" (members without all of them: {})", some_names(&without, 6))
                };
                if !by_periods.is_empty() {
                    members.push_str(&format!(
                        "{}members by quarters or years then, not by month: {}",
                        if without.is_empty() { " (" } else { "; " },
                        some_names(&by_periods, 6)
                    ));
                    if without.is_empty() {
                        members.push(')');
                    }
                }
                format!(
                    "{market}: not tracked: last year has no figure for {}{members}{}; the target path and the projection need all of {}",
                    month_list(year - 1, &missing),
                    longer_periods(arrivals, &market, year - 1),
                    year - 1
                )
            });
            continue;
        };
        if let Some(left) = &ended {
            notes.push(ended_note(arrivals, &market, year, left));
        }
        // Its own figure published before figures below it were revised, as `summary` says
        // it (trial 97 F1: Total's year to date and year end from its own figures of April,
        // its countries revised since, said nowhere).
        let line = YearToDateLine {
            market: market.clone(),
            depth: 0,
            through: own,
            arrivals: Some(ytd),
            arrivals_ly: Some(ly_ytd),
            yoy_pct: crate::analysis::change_pct(ytd, ly_ytd),
            share_pct: None,
            vs_base_pct: None,
            contribution_pct: None,
            by_periods: Vec::new(),
            period_notes: Vec::new(),
        };
        let shows =
            |l: &YearToDateLine| format!(" (`summary --market \"{}\" --depth 1` shows them)", l.market);
        notes.extend(stale_own_figures(&[line], arrivals, (year, 1), &shows));
        // A member split out of it or merged into it since last year: its pace and projection
        // compare unlike with unlike as summary's change does, said here too (review 33 M3:
        // shortfall said nothing of the merge summary named).
        notes.extend(change_note(arrivals, &market, year, (1, own), ytd, ly_ytd).map(|n| {
            format!("{n}; its pace, required growth and projection here read the change as published")
        }));
        let change = if (req.with_bookings || req.method == Method::Bookings) && own < 12 {
            if let std::collections::hash_map::Entry::Vacant(e) = changes.entry(own) {
                e.insert(bookings_change(
                    store,
                    tree,
                    &markets,
                    year,
                    own,
                    req.books_as_of.or(req.as_of),
                    req.ly,
                )?);
            }
            // Said whether the market has its change or not: a group's change may count only
            // some of its members (one with no flows, or whose last year is unknown).
            flow_notes_due.insert(own);
            let change = changes.get(&own).and_then(|f| f.of(&market));
            // A group's change of the seats of some of its markets only grows the others by it
            // too (trial 60 M5: Total's year end grown by the seats of 3 of its 8 markets, 57% of
            // its arrivals, without a word).
            if let (Some(Ok(c)), Some(flows)) = (&change, changes.get(&own)) {
                notes.extend(partly_fed(arrivals, &market, year, own, &flows.fed));
                if let Some(left) = flows.left_out.get(&market) {
                    notes.push(format!(
                        "{market}: bookings_change_pct ({}) is like with like, without {left}: the projection grows its arrivals of last year by the change of its other seats",
                        crate::output::change_text(c * 100.0),
                    ));
                }
            }
            change
        } else {
            None
        };
        let (change, no_change) = match change {
            Some(Ok(c)) => (Some(c), None),
            Some(Err(why)) => (None, Some(why)),
            None => (None, None),
        };
        let mut tracking =
            track(&TrackingInput { target, through: own, ytd, ly_ytd, ly_rest, bookings_change: change });
        let outlook = match outlook(arrivals, &market, year, &tracking, req.method, change, req.history_from)
        {
            Ok(o) => {
                notes.extend(o.notes.iter().cloned());
                o
            }
            Err(why) => {
                // Not for a closure under way: seasonal naive would project last year's open
                // months, and no method here knows when a closure ends.
                // Nor seasonal naive where the months to grow were 0: it would copy them.
                let other = match (req.method, why.closure_under_way, why.copies_closure) {
                    (Method::RunRate, false, false) => " (--method seasonal-naive or ets may project it)",
                    (Method::RunRate, false, true) => {
                        " (--method ets may project it; seasonal-naive would copy the same months of 0)"
                    }
                    _ => "",
                };
                let why = match no_change.filter(|_| req.method == Method::Bookings) {
                    Some(flows) => flows,
                    None => why.to_string(),
                };
                notes.push(format!("{market}: not projected by {}: {why}{other}", req.method));
                let (history, _) = history_of(arrivals, &market, year, own, None);
                notes.extend(closed_path_note(&market, year, &history, own, tracking.ly_full));
                tracking.projection = f64::NAN;
                tracking.projected_gap = f64::NAN;
                tracking.bookings_projection = None;
                unprojected.push((market, own, tracking));
                continue;
            }
        };
        tracking.projection = outlook.year.forecast;
        tracking.projected_gap = target - tracking.projection;
        tracking.status = Status::of(tracking.projection, target);
        rows.push(TrackedMarket { market, through: own, tracking, outlook });
    }
    // A group projected beside all its members: its year end is measured on the group, theirs
    // each on its own, so the two need not add up; where they differ, said (a reader adding
    // the members' rows gets another figure).
    for r in &rows {
        let members = tree.children(&r.market);
        if members.is_empty() {
            continue;
        }
        let projected: Vec<&TrackedMarket> = members
            .iter()
            .filter_map(|m| rows.iter().find(|x| x.market == *m && x.through == r.through))
            .collect();
        if projected.len() < members.len() {
            continue;
        }
        let sum: f64 = projected.iter().map(|x| x.tracking.projection).sum();
        let own = r.tracking.projection;
        if sum.is_finite() && own.is_finite() && (sum - own).abs() > 0.005 * own.abs().max(1.0) {
            notes.push(format!(
                "{}: projected {} as a whole by {}; its members' projections add up to {} (each is projected on its own figures, the group on its total)",
                r.market,
                crate::output::thousands(own.round() as i64),
                req.method,
                crate::output::thousands(sum.round() as i64)
            ));
        }
    }
    for own in flow_notes_due {
        let window = format!("{}..{year}-12-31", first_of_month(year, own + 1));
        // Which seats are compared, said (trial 52 #1: the bookings change, of the same months
        // a year before as many days ahead, read beside otb's 364 days back without a word),
        // where a change was found (review 30 L1, M2: said of a store without flows, and with a
        // day a year back its own).
        let from = first_of_month(year, own + 1);
        let as_of = req.books_as_of.or(req.as_of).unwrap_or(from);
        let found = changes.get(&own).is_some_and(|f| f.by_market.values().any(|c| c.is_ok()));
        if let (true, Ok(window)) = (found, Window::new(from, Period::Year(year).end(), false)) {
            let (ly_as_of, _) = OtbQuery { as_of, window, ly: req.ly }.last_year();
            notes.push(format!(
                "bookings_change_pct: seats on the books for travel {window} as of {as_of}, against those of the same months of {} as of {ly_as_of}, as many days ahead (`tourstat otb --as-of {as_of} --travel {year}-{:02}..{year}-12` gives both)",
                year - 1,
                own + 1
            ));
        }
        let said = changes.remove(&own).map(|f| f.notes).unwrap_or_default();
        notes.extend(said.into_iter().map(|n| format!("seats on the books for travel {window}: {n}")));
    }
    let counted: Vec<(String, u32)> = rows
        .iter()
        .map(|r| (r.market.clone(), r.through))
        .chain(unprojected.iter().map(|(m, own, _)| (m.clone(), *own)))
        .collect();
    notes.extend(tentative_notes(arrivals, &counted, year, None));
    notes.extend(unit_notes(arrivals, &counted, year, 1));
    notes.extend(own_totals_notes(store, arrivals, &counted, year, req.as_of, true, &by_periods_tracked)?);
    if rows.is_empty() && unprojected.is_empty() {
        let which = match &req.market {
            Some(m) => format!("{m} cannot be tracked for {year}"),
            None => format!("no market with a target for {year} can be tracked"),
        };
        return Err(Error::Usage(format!("{which}:\n  {}", notes.join("\n  "))));
    }
    let untracked = with_target.into_iter().filter(|(m, _)| !counted.iter().any(|(c, _)| c == m)).collect();
    Ok(TargetTracking { through, rows, unprojected, untracked, notes })
}

/// Targets of groups whose markets changed since the target was loaded: each is tracked
/// against the group as it is now, and that is said (trial 42: Total's target, set when it had
/// 8 markets, was tracked against the 18 `--add-markets` put under it without a word). Targets
/// loaded before this was recorded, or into a store without a tree, say nothing.
fn members_changed_notes(
    store: &Store,
    arrivals: &MonthlyArrivals,
    targets: &[(String, f64)],
    year: i32,
    as_of: Option<NaiveDate>,
) -> Result<Vec<String>> {
    let tree = arrivals.tree();
    // An answer as known on a day reads the ingests of targets known by then (review 23 L9:
    // one committed later was cited): those whose first vintage is on or before it.
    let known = |r: &crate::store::IngestRecord| {
        let first =
            r.as_of.as_deref().and_then(|a| a.split("..").next()).and_then(|d| d.parse::<NaiveDate>().ok());
        as_of.is_none_or(|d| first.is_none_or(|f| f <= d))
    };
    // Only a market with figures of the year changes what the group counts (trial 43: Poland
    // and Czechia, first published in 2026, were said of the 2025 target too).
    let counts = |m: &str| arrivals.reports_in(m, year);
    let ingests = store.ingests(Kind::Targets)?;
    let period = year.to_string();
    let mut notes = Vec::new();
    for (market, _) in targets {
        // The latest ingest that loaded this target, with the group as it was then.
        let Some((record, then)) = ingests.iter().rev().filter(|r| known(r)).find_map(|r| {
            r.members.iter().find(|g| g.market == *market && g.period == period).map(|g| (r, &g.members))
        }) else {
            continue;
        };
        let now = tree.descendants(market);
        // Of the markets that joined, the topmost: a group added with its members is named once.
        let joined: Vec<String> = now
            .iter()
            .filter(|m| !then.iter().any(|t| t == *m))
            .filter(|m| tree.ancestors_and_self(m).get(1).is_none_or(|p| p == market || then.contains(p)))
            .filter(|m| counts(m))
            .map(|m| m.to_string())
            .collect();
        // One that left counts where it has figures of the year or of the year before, whose
        // path the target is tracked by (trial 59 H2: Poland, merged into a sibling group from
        // the target's year, went unsaid).
        let left: Vec<String> = then
            .iter()
            .filter(|t| !now.contains(&t.as_str()) && (counts(t) || arrivals.reports_in(t, year - 1)))
            .cloned()
            .collect();
        if joined.is_empty() && left.is_empty() {
            continue;
        }
        let mut changed = Vec::new();
        if !joined.is_empty() {
            changed.push(format!("{} joined it", some_names(&joined, 6)));
        }
        if !left.is_empty() {
            changed.push(format!("{} left it", some_names(&left, 6)));
        }
        let was = if then.is_empty() {
            "no market was under it".to_string()
        } else {
            format!("the markets under it were {}", some_names(then, 6))
        };
        let day = record.committed_at.get(..10).unwrap_or(&record.committed_at);
        notes.push(format!(
            "{market}: its target for {year} was loaded on {day} ({}), when {was}; since, {}: it is tracked against {market} as it is now, which the target may not be of (where it is, load the target again with a later --as-of, its day, to record that)",
            record.file,
            changed.join(" and ")
        ));
    }
    Ok(notes)
}

/// A note on a group whose markets (the lowest under it) with flows had less than all of its
/// arrivals of last year's months after `own`: its bookings change is theirs, applied to all.
fn partly_fed(
    arrivals: &MonthlyArrivals,
    group: &str,
    year: i32,
    own: u32,
    fed: &HashSet<String>,
) -> Option<String> {
    let tree = arrivals.tree();
    let lowest: Vec<&str> =
        tree.descendants(group).into_iter().filter(|m| tree.children(m).is_empty()).collect();
    if lowest.is_empty() {
        return None;
    }
    // A market is fed by its own flows or by flows of a group above it, under `group`.
    let is_fed = |m: &str| {
        tree.ancestors_and_self(m)
            .iter()
            .take_while(|a| a.as_str() != group)
            .any(|a| fed.contains(a.as_str()))
            || fed.contains(group)
    };
    let rest = |m: &str| arrivals.sum(m, year - 1, own + 1, 12).unwrap_or(0.0);
    let (with, without): (Vec<&str>, Vec<&str>) = lowest.iter().copied().partition(|m| is_fed(m));
    let (fed_rest, all_rest) =
        (with.iter().map(|m| rest(m)).sum::<f64>(), lowest.iter().map(|m| rest(m)).sum::<f64>());
    let mut without: Vec<String> =
        without.into_iter().filter(|m| rest(m) > 0.0).map(str::to_string).collect();
    // Of its own figure where it has one, which may count more than its members (trial 81 M5:
    // Germany "46% of its arrivals", its share of the members' sum, 44.6% of Western Europe's).
    let group_rest = arrivals.sum(group, year - 1, own + 1, 12).filter(|g| *g > 0.0).unwrap_or(all_rest);
    if group_rest - all_rest > (0.001 * group_rest).max(0.5) {
        without.push(format!("the part of {group}'s arrivals its markets do not add up to"));
    }
    if without.is_empty() || all_rest <= 0.0 || with.is_empty() {
        return None;
    }
    let with: Vec<String> = with.into_iter().map(str::to_string).collect();
    Some(format!(
        "{group}: bookings_change_pct is the change of the seats of {} only ({:.0}% of its arrivals of {}), and bookings_projection grows the rest ({}) by it too",
        some_names(&with, 6),
        100.0 * fed_rest / group_rest,
        month_list(year - 1, &(own + 1..=12).collect::<Vec<_>>()),
        some_names(&without, 6)
    ))
}

/// Each market's change of seats on the books, or why it has none.
type BookingsChanges = HashMap<String, std::result::Result<f64, String>>;

/// The flows' answer for the rest of a year: each market's change, what the flows could not
/// tell, and why no market has one where the flows could not answer at all (a feed stopped).
#[derive(Default)]
struct FlowChanges {
    by_market: BookingsChanges,
    notes: Vec<String>,
    none: Option<String>,
    /// The markets with flows for the window.
    fed: HashSet<String>,
    /// By market: what its change leaves out, said: members with seats now and none on the
    /// books a year before (a route new since, or suspended then), and seats of travel whose
    /// days a year before had none.
    left_out: HashMap<String, String>,
}

impl FlowChanges {
    fn of(&self, market: &str) -> Option<std::result::Result<f64, String>> {
        self.by_market.get(market).cloned().or_else(|| self.none.clone().map(Err))
    }
}

/// YoY change of seats on the books for the months after `through`, by market, where flows
/// cover them this year and last (or why not, for a market the flows have a line of); with what
/// the flows could not tell of `markets` and the markets below them (`flow_lines`' notes).
fn bookings_change(
    store: &Store,
    tree: &MarketTree,
    markets: &[String],
    year: i32,
    through: u32,
    as_of: Option<NaiveDate>,
    ly: LyRule,
) -> Result<FlowChanges> {
    let from = first_of_month(year, through + 1);
    let to = Period::Year(year).end();
    let window = Window::new(from, to, false).map_err(Error::Usage)?;
    let q = OtbQuery { as_of: as_of.unwrap_or(from), window, ly };
    if store.files(Kind::Bookings, Some(q.travel_years()))?.is_empty() {
        return Ok(FlowChanges::default());
    }
    let asked: Vec<(usize, String)> = tree
        .depth_first()
        .into_iter()
        .filter(|(_, m)| markets.iter().any(|a| a == m))
        .map(|(d, m)| (d, m.to_string()))
        .collect();
    let fed: std::cell::RefCell<HashSet<String>> = Default::default();
    let shown = |names: &[String]| {
        fed.borrow_mut().extend(names.iter().cloned());
        if tree.is_empty() {
            names.iter().filter(|n| markets.contains(n)).map(|n| (0, n.clone())).collect()
        } else {
            asked.clone()
        }
    };
    // A rest of the year with no flows (or none known yet) gives no bookings projection.
    let (lines, notes) = match flow_lines(store, tree, &q, shown) {
        Ok(found) => found,
        Err(Error::Usage(why)) => {
            // The day of the seats on the books is also the day the arrivals are known on:
            // --as-of moves both.
            let both = if why.contains("--as-of") {
                " (here --as-of also takes the arrivals as known on that day)"
            } else {
                ""
            };
            return Ok(FlowChanges {
                by_market: HashMap::new(),
                fed: HashSet::new(),
                notes: vec![format!("{why}{both}")],
                left_out: HashMap::new(),
                none: Some(format!(
                    "its seats on the books for travel {} as of {} are not known (see the note on them)",
                    q.window, q.as_of
                )),
            });
        }
        Err(e) => return Err(e),
    };
    let window = q.window;
    // Like with like (trial 76: Asia's year end grown +65.6% by India's seats, a route new
    // this year counted against none, where without them it is +9.2%; India's arrivals are
    // none of the months it grows): a group's change leaves out members with seats now and
    // none a year before, and they feed none of its arrivals.
    // Review 61 H1: months of travel a route was suspended in last year (Vietnam's July to
    // September, +29.7% called like with like, +14.3% without them) are left out as well.
    let mut left_out = HashMap::new();
    let mut fed = fed.into_inner();
    let count = |x: f64| crate::output::thousands(x.round() as i64);
    for l in &lines {
        let mut said = Vec::new();
        if !l.against_none.is_empty() {
            for (m, _) in &l.against_none {
                fed.remove(m);
            }
            let names: Vec<String> = l
                .against_none
                .iter()
                .map(|(m, seats)| format!("{m} ({} seats now)", count(*seats)))
                .collect();
            said.push(format!(
                "{}, with none on the books a year before (a route new since, or suspended then?)",
                some_names(&names, 4)
            ));
        }
        if l.suspended.0 > 0.0 {
            said.push(format!(
                "{} seats of travel whose days a year before had none, or next to none ({})",
                count(l.suspended.0),
                crate::query::on_the_books::SUSPENDED_GUESS
            ));
        }
        if !said.is_empty() {
            left_out.insert(l.market.clone(), said.join(", and "));
        }
    }
    // A group's last year unknown for markets below it: named (trial 83 L2: Total "not
    // projected" with no word of Japan, whose feed began later, where its other markets were).
    let unknown_below = |l: &crate::analysis::otb::OtbLine| -> String {
        let names: Vec<String> = l.unknown_ly_below.iter().filter(|m| **m != l.market).cloned().collect();
        if names.is_empty() {
            String::new()
        } else {
            format!(
                " for {} below it (see the note on seats): a group is grown by its own change, which needs them",
                some_names(&names, 4)
            )
        }
    };
    let change = lines
        .into_iter()
        .map(|l| {
            let (new_since, (suspended, suspended_ly)) = (l.seats_against_none(), l.suspended);
            let change = match (l.seats, l.seats_ly) {
                (None, _) => Err(format!("its seats on the books for travel {window} are not known")),
                (_, None) => Err(format!(
                    "last year's seats on the books for travel {window} are not known{}",
                    unknown_below(&l)
                )),
                (Some(_), Some(ly)) if ly <= 0.0 => {
                    Err(format!("no seats were on the books last year for travel {window}"))
                }
                (Some(s), Some(_)) if s <= 0.0 => {
                    Err(format!("no seats are on the books for travel {window}"))
                }
                (Some(_), Some(ly)) if ly - suspended_ly <= 0.0 => Err(format!(
                    "no seats were on the books last year for travel {window} but for days with none, or next to none"
                )),
                (Some(s), Some(ly)) => Ok((s - new_since - suspended) / (ly - suspended_ly) - 1.0),
            };
            (l.market, change)
        })
        .collect();
    Ok(FlowChanges { by_market: change, notes, none: None, fed, left_out })
}

/// Targets for a year (market, period, target) set beside the market's arrivals of the year
/// before: a target a fiftieth of them or fifty times them is in another unit far more often
/// than it is meant (20 for 20,000, typed in thousands among figures in persons), said.
pub fn target_scale_notes(
    store: &Store,
    tree: &MarketTree,
    targets: &[(String, String, f64)],
) -> Result<Vec<String>> {
    let years: BTreeSet<i32> = targets
        .iter()
        .filter_map(|(_, p, _)| match Period::parse(p, crate::period::Calendar::Ce) {
            Ok(Period::Year(y)) => Some(y - 1),
            _ => None,
        })
        .collect();
    if years.is_empty() || store.scan(Kind::Arrivals, None)?.is_none() {
        return Ok(Vec::new());
    }
    let arrivals = load_monthly(store, tree, &Years::Of(years.into_iter().collect()), None)?;
    Ok(targets
        .iter()
        .filter_map(|(market, period, target)| {
            let Ok(Period::Year(y)) = Period::parse(period, crate::period::Calendar::Ce) else { return None };
            let why = scale_of(&arrivals, &[], market, y, *target)?;
            Some(format!(
                "{market} {period}: {why}: a figure in another unit? (--unit thousands reads 20 as 20,000)"
            ))
        })
        .collect())
}

/// How a market's target for `year` stands against its arrivals of the year before, where it
/// is a fiftieth of them or fifty times them (see `target_scale_notes`).
fn scale_of(
    arrivals: &MonthlyArrivals,
    periods: &[OtherPeriod],
    market: &str,
    year: i32,
    target: f64,
) -> Option<String> {
    // (Or by its months and a member's quarters: review 86 H4, a target of 400 for 329,331
    // "41,170% achieved" without a word, where by months it was said.)
    let before = arrivals
        .sum(market, year - 1, 1, 12)
        .or_else(|| mixed(arrivals, periods, market, year - 1, (1, 12)).map(|x| x.value))
        .filter(|b| *b > 0.0 && target > 0.0)?;
    let ratio = if target * UNIT_RATIO <= before {
        format!("1/{} of them", crate::output::thousands((before / target).round() as i64))
    } else if target >= before * UNIT_RATIO {
        format!("{} times them", crate::output::thousands((target / before).round() as i64))
    } else {
        return None;
    };
    Some(format!(
        "a target of {} against {} arrivals in {} ({ratio})",
        crate::output::thousands(target.round() as i64),
        crate::output::thousands(before.round() as i64),
        year - 1
    ))
}

/// How far apart a projection's rate on last year for the months to come and the year so far's
/// may be, either way, before a note says so.
const FAR_APART: f64 = 1.5;

/// A fitted method's rest of the year at this many times the year so far's rate on a year
/// before (or at its inverse), and at this many times last year's (or its inverse), is no
/// projection of the market (see `rates_apart`).
const REFUSED_APART: f64 = 3.0;

/// The rate on last year's same months a fitted method projects the rest of the year at, and
/// the year so far's, where they are `apart` times apart or more (or its inverse). Not of the
/// methods whose rest is meant to differ: seasonal naive copies last year, the bookings
/// projection grows it by the seats on the books, the run rate by the year so far.
fn rates_apart(
    method: Method,
    tracking: &Tracking,
    ytd: f64,
    year_end: f64,
    apart: f64,
) -> Option<(f64, f64)> {
    let modelled = !matches!(method, Method::RunRate | Method::SeasonalNaive | Method::Bookings);
    let ly_rest = tracking.ly_full - tracking.ly_ytd;
    if !(modelled && ly_rest > 0.0 && tracking.ly_ytd > 0.0 && ytd > 0.0) {
        return None;
    }
    let (rest_rate, ytd_rate) = ((year_end - ytd) / ly_rest, ytd / tracking.ly_ytd);
    let ratio = rest_rate / ytd_rate;
    let far = |r: f64| r.is_finite() && !(1.0 / apart..=apart).contains(&r);
    // Refused only where the rest of the year is itself far from last year's (a recovery's
    // year so far at x2.55 on closed months and the rest at x0.75 is no turn of the model's).
    let refused = apart >= REFUSED_APART;
    (far(ratio) && (!refused || far(rest_rate))).then_some((rest_rate, ytd_rate))
}

/// How far a target may be from the arrivals of the year before it, either way, before it is
/// taken for a figure in another unit.
const UNIT_RATIO: f64 = 50.0;

#[cfg(test)]
mod tests {
    use super::some_names;

    #[test]
    fn a_list_of_names_with_commas_of_their_own_is_separated_by_semicolons() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(some_names(&names(&["China", "Japan"]), 6), "China, Japan");
        assert_eq!(
            some_names(&names(&["China", "Korea, Rep.", "Japan"]), 2),
            "China; Korea, Rep. and 1 more"
        );
        assert_eq!(
            some_names(&names(&["P (through 2025-02: no figure, late)", "Q"]), 6),
            "P (through 2025-02: no figure, late), Q"
        );
    }
}
