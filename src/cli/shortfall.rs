use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use polars::prelude::*;

use tourstat::analysis::arrivals::{
    figures_of_period, latest_monthly_year, monthly_figures, MonthlyArrivals,
};
use tourstat::analysis::otb::{otb_by_market, otb_lines_from_flows, OtbQuery};
use tourstat::analysis::rollup::RollupRule;
use tourstat::analysis::targets::{track, Tracking, TrackingInput, BEHIND_SHARE, ON_TRACK_SHARE};
use tourstat::columns;
use tourstat::error::{Error, PolarsContext, Result};
use tourstat::kind::Kind;
use tourstat::output::{round_count, Cell, Report, Rounding};
use tourstat::period::{first_of_month, LyRule, Period, Window};

use super::select::{open, Opened};
use super::{parse_date, parse_with, OutputArgs};

/// How far each market with a target is from it, and what year-end the pace gives.
///
/// For year Y with data through month k: YTD, % achieved, target to date (the target spread
/// by last year's monthly profile), shortfall to date (positive = behind), projection (YTD
/// plus last year's remaining months grown at the YTD rate), projected gap, the monthly pace
/// so far and the pace now needed, and the growth over last year the rest of the year needs.
/// Where booking flows cover the rest of the year, a second projection scales last year's
/// remaining months by the seats-on-the-books change (as of the first day after month k, or
/// --as-of).
///
/// Status: "on track" when the projection reaches at least 98% of the target, "behind" at
/// 90% to 98%, "far behind" below 90%.
///
/// Examples:
///   tourstat shortfall --year 2025
///   tourstat shortfall --year 2025 --through 2025-06 --market Short-haul --round m
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The year of the target.
    #[arg(long)]
    pub year: i32,
    /// Last month with data to use (default: the latest month of the year in the store).
    #[arg(long, value_parser = parse_with::<Period>)]
    pub through: Option<Period>,
    /// Only this market (any spelling or alias).
    #[arg(long)]
    pub market: Option<String>,
    /// What was known on this date (vintages of arrivals and targets, and bookings).
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Last year for the on-the-books snapshot: 364 days or calendar.
    #[arg(long, default_value = "364", value_parser = parse_with::<LyRule>)]
    pub ly: LyRule,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// One market's tracking.
pub struct Tracked {
    pub market: String,
    pub tracking: Tracking,
}

/// Monthly arrivals of the given years, rolled up, known on `as_of`.
pub fn load_arrivals(opened: &Opened, years: &[i32], as_of: Option<NaiveDate>) -> Result<MonthlyArrivals> {
    let (from, to) = (years.iter().min().copied().unwrap_or(0), years.iter().max().copied().unwrap_or(0));
    let Some(lf) = opened.store.scan(Kind::Arrivals, Some((from, to)))? else {
        return Err(Error::Usage(
            "the store has no arrivals; ingest some with `tourstat ingest arrivals FILE`".into(),
        ));
    };
    let df = monthly_figures(lf, "arrivals", years, as_of).collect().context("reading arrivals")?;
    MonthlyArrivals::new(&opened.tree, &df, RollupRule::OwnFigureFirst)
}

/// The latest year with monthly arrivals (known on `as_of`).
pub fn latest_year(opened: &Opened, as_of: Option<NaiveDate>) -> Result<i32> {
    let none = || Error::Usage("the store has no monthly arrivals".into());
    let Some(lf) = opened.store.scan(Kind::Arrivals, None)? else { return Err(none()) };
    let latest = latest_monthly_year(lf, as_of).collect().context("reading arrivals")?;
    let year = columns::ints(&latest, "year")?.first().copied().flatten();
    year.map(|y| y as i32).ok_or_else(none)
}

/// The month through which to track: asked for, or the latest of the year in the store.
pub fn through_month(arrivals: &MonthlyArrivals, year: i32, through: Option<Period>) -> Result<u32> {
    match through {
        Some(Period::Month { year: y, month }) if y == year => Ok(month),
        Some(p) => Err(Error::Usage(format!("--through must be a month of {year}, like {year}-06, got {p}"))),
        None => match arrivals.latest_month() {
            Some((y, m)) if y == year => Ok(m),
            Some((y, _)) if y > year => Ok(12),
            _ => Err(Error::Usage(format!("the store has no monthly arrivals for {year}"))),
        },
    }
}

/// Tracking of every market with a target; with `forward_bookings`, also the projection from
/// seats on the books (a read of the booking flows, which the summary does without).
pub fn tracked(
    opened: &Opened,
    arrivals: &MonthlyArrivals,
    a: &Args,
    k: u32,
    forward_bookings: bool,
) -> Result<(Vec<Tracked>, Vec<String>)> {
    let Some(targets) = opened.store.scan(Kind::Targets, Some((a.year, a.year)))? else {
        return Ok((Vec::new(), Vec::new()));
    };
    let targets = figures_of_period(targets, "target", &a.year.to_string(), a.as_of)
        .collect()
        .context("reading targets")?;
    let names = columns::strings(&targets, "market")?;
    let values = columns::ints(&targets, "value")?;
    let only = a.market.as_deref().map(|m| opened.market(m)).transpose()?;
    let changes = if forward_bookings { bookings_change(opened, a, k)? } else { HashMap::new() };
    let mut notes = Vec::new();
    let mut out = Vec::new();
    let order: Vec<String> = opened.tree.depth_first().into_iter().map(|(_, m)| m.to_string()).collect();
    let mut pairs: Vec<(String, f64)> =
        names.into_iter().zip(values).filter_map(|(m, v)| Some((m?, v? as f64))).collect();
    pairs.sort_by_key(|(m, _)| order.iter().position(|o| o == m).unwrap_or(usize::MAX));
    for (market, target) in pairs {
        if only.as_ref().is_some_and(|o| *o != market) {
            continue;
        }
        let (Some(ytd), Some(ly_ytd)) =
            (arrivals.sum(&market, a.year, 1, k), arrivals.sum(&market, a.year - 1, 1, k))
        else {
            notes.push(format!(
                "{market}: no arrivals for {} or {} through month {k}; not tracked",
                a.year,
                a.year - 1
            ));
            continue;
        };
        let ly_rest = arrivals.sum(&market, a.year - 1, k + 1, 12).unwrap_or(0.0);
        for (year, to) in [(a.year, k), (a.year - 1, 12)] {
            for (m, missing) in arrivals.gaps_under(&market, year, 1, to) {
                let months: Vec<String> = missing.iter().map(|mo| format!("{year}-{mo:02}")).collect();
                notes.push(format!(
                    "{market}: the series of {m} has gaps ({}); totals undercount",
                    months.join(", ")
                ));
            }
        }
        let tracking = track(&TrackingInput {
            target,
            through: k,
            ytd,
            ly_ytd,
            ly_rest,
            bookings_change: changes.get(&market).copied(),
        });
        out.push(Tracked { market, tracking });
    }
    Ok((out, notes))
}

/// YoY change of seats on the books for the rest of the year, by market, where flows exist.
fn bookings_change(opened: &Opened, a: &Args, k: u32) -> Result<HashMap<String, f64>> {
    if k >= 12 {
        return Ok(HashMap::new());
    }
    let from = first_of_month(a.year, k + 1);
    let to = Period::Year(a.year).end();
    let window = Window::new(from, to, false).map_err(Error::Usage)?;
    let q = OtbQuery { as_of: a.as_of.unwrap_or(from), window, ly: a.ly };
    let Some(bookings) = opened.store.scan(Kind::Bookings, Some(q.travel_years()))? else {
        return Ok(HashMap::new());
    };
    let by_market = otb_by_market(bookings, &q)
        .collect_with_engine(Engine::Streaming)
        .map(|r| r.unwrap_single())
        .context("reading forward bookings")?;
    let names: Vec<String> = columns::strings(&by_market, "market")?.into_iter().flatten().collect();
    let shown: Vec<(usize, String)> = if opened.tree.is_empty() {
        names.into_iter().map(|n| (0, n)).collect()
    } else {
        opened.tree.depth_first().into_iter().map(|(d, m)| (d, m.to_string())).collect()
    };
    let lines = otb_lines_from_flows(&opened.tree, &by_market, &shown)?;
    Ok(lines
        .into_iter()
        .filter_map(|l| {
            let (s, ly) = (l.seats?, l.seats_ly?);
            (s > 0.0 && ly > 0.0).then(|| (l.market, s / ly - 1.0))
        })
        .collect())
}

pub fn run(store_dir: &Path, a: Args) -> Result<()> {
    let opened = open(store_dir)?;
    let arrivals = load_arrivals(&opened, &[a.year - 1, a.year], a.as_of)?;
    let k = through_month(&arrivals, a.year, a.through)?;
    let (rows, notes) = tracked(&opened, &arrivals, &a, k, true)?;
    if rows.is_empty() && notes.is_empty() {
        return Err(Error::Usage(format!(
            "the store has no targets for {}; ingest some with `tourstat ingest targets FILE`",
            a.year
        )));
    }
    let mut report = Report::new(&[
        "market",
        "target",
        "ytd",
        "pct_achieved",
        "target_to_date",
        "shortfall_to_date",
        "projection",
        "projected_gap",
        "pace_so_far",
        "required_per_month",
        "required_growth_pct",
        "bookings_change_pct",
        "bookings_projection",
        "status",
    ]);
    report.title = Some(format!("Target tracking {} with arrivals through {}-{k:02}", a.year, a.year));
    for r in &rows {
        let t = &r.tracking;
        let count = Cell::Amount;
        report.push(vec![
            Cell::text(&r.market),
            count(t.target),
            count(t.ytd),
            Cell::opt_share(Some(t.pct_achieved)),
            count(t.target_to_date),
            count(t.shortfall_to_date),
            count(t.projection),
            count(t.projected_gap),
            count(t.pace_so_far),
            t.required_per_month.map_or(Cell::Empty, count),
            Cell::opt_percent(t.required_growth_pct),
            Cell::opt_percent(t.bookings_change_pct),
            t.bookings_projection.map_or(Cell::Empty, count),
            Cell::text(t.status.as_str()),
        ]);
        if let Some(per_month) = t.required_per_month {
            let big = |x: f64| round_count(x, a.output.round);
            let monthly = |x: f64| match a.output.round {
                Rounding::Millions => format!("{:.2}m", x / 1e6),
                r => round_count(x, r),
            };
            report.note(format!(
                "{}: {} of {} achieved ({:.0}%); {} still needed in the remaining {} months, {} a month against {} a month so far",
                r.market,
                big(t.ytd),
                big(t.target),
                t.pct_achieved,
                big(t.target - t.ytd),
                12 - k,
                monthly(per_month),
                monthly(t.pace_so_far),
            ));
        }
    }
    for n in notes {
        report.note(n);
    }
    report.note(format!(
        "status: on track = projection at least {:.0}% of target; behind = {:.0}% to {:.0}%; far behind = below {:.0}%",
        ON_TRACK_SHARE * 100.0,
        BEHIND_SHARE * 100.0,
        ON_TRACK_SHARE * 100.0,
        BEHIND_SHARE * 100.0
    ));
    a.output.print(&report)
}
