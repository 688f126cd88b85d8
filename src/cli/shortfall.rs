use std::path::Path;

use chrono::{Datelike, NaiveDate};

use tourstat::analysis::targets::{Status, Tracking, BEHIND_SHARE, ON_TRACK_SHARE};
use tourstat::error::Result;
use tourstat::forecast::Method;
use tourstat::kind::Kind;
use tourstat::output::{round_count, Cell, Format, Report, Rounding};
use tourstat::period::{LyRule, Period};
use tourstat::query::year_to_date::{
    load_monthly, month_label, projection_years, track_targets, Outlook, TargetTracking, TrackingRequest,
};

use super::select::{open, Opened};
use super::{parse_date, parse_with, parse_year, through_month, OutputArgs};

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
/// Each market counts the same months this year and last, through its own latest complete
/// month (a group: the last month its own figure or all its members cover); by default k is
/// the latest month the markets with targets have in common. A market counted through fewer
/// months shows it in a column "through"; one whose last year is incomplete is not tracked.
///
/// --method chooses the projection. The default, run-rate, grows last year's remaining months
/// at the year-to-date rate: it needs only this year and last, and is what tourism boards
/// quote. ets, theta, seasonal-naive, airline (a seasonal ARIMA of the logarithms),
/// combination (the equal-weight mean of ets, theta and seasonal-naive) and weighted
/// (weighted by how each did on the market's last year: the most accurate in `tourstat
/// backtest` on the tourism competition data) fit each market's whole monthly history;
/// bookings grows the rest of the year at the seats-on-the-books change.
/// Every method gives an 80% interval of the year total (projection_lo80..projection_hi80)
/// and chance_pct, the share of 2,000 simulated years that reach the target.
///
/// Status: "on track" when the projection reaches at least 98% of the target, "behind" at
/// 90% to 98%, "far behind" below 90%.
///
/// Examples:
///   tourstat shortfall --year 2025
///   tourstat shortfall --year 2025 --through 2025-06 --market Short-haul --round m
///   tourstat shortfall --year 2025 --through 2025-06 --method combination --round m
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
// One of the two is needed, and the error names both (trial 79 L1: "--year" alone).
#[command(group(clap::ArgGroup::new("when").required(true).multiple(true).args(["year", "through"])))]
pub struct Args {
    /// The year of the target (default: the year of --through).
    #[arg(long, value_parser = parse_year)]
    pub year: Option<i32>,
    /// Last month to count, e.g. 2025-06, or a quarter (2025-Q3: through September) (default: the
    /// latest month the markets with targets have in common).
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
    /// How to project the year end: run-rate, bookings, seasonal-naive, ets, theta, airline,
    /// combination or weighted (see above).
    #[arg(long, default_value = "run-rate", value_parser = parse_with::<Method>)]
    pub method: Method,
    /// Fitted methods (ets, theta, airline, combination, weighted) and seasonal-naive's interval:
    /// use the history from this month on, e.g. the months after a closed border (YYYY-MM).
    #[arg(long, value_parser = parse_with::<Period>)]
    pub history_from: Option<Period>,
    /// The day of the seats on the books, where it is not --as-of (the brief's --as-of, its
    /// arrivals the latest published).
    #[arg(skip)]
    pub books_as_of: Option<NaiveDate>,
    #[command(flatten)]
    pub output: OutputArgs,
}

impl Args {
    /// The year of the target: --year, or --through's (clap asks for one of them).
    pub fn year(&self) -> i32 {
        self.year.or(self.through.map(|p| p.year())).unwrap_or_default()
    }
}

/// How tracking projects the year end.
#[derive(Debug, Clone, Copy)]
pub struct Projecting {
    /// Last year for the bookings projection; `None`: no bookings projection (no read of flows).
    pub bookings_ly: Option<LyRule>,
    /// The day of the seats on the books, where it is not the arrivals' `as_of` (a brief's).
    pub books_as_of: Option<NaiveDate>,
    pub method: Method,
    /// The first month fitted methods use.
    pub history_from: Option<(i32, u32)>,
}

/// Target tracking as `shortfall` prints it (and the target chart draws it).
pub fn tracking(
    opened: &Opened,
    year: i32,
    through: Option<Period>,
    market: Option<&str>,
    as_of: Option<NaiveDate>,
    projecting: Projecting,
) -> Result<(tourstat::analysis::arrivals::MonthlyArrivals, TargetTracking)> {
    let Projecting { bookings_ly, books_as_of, method, history_from } = projecting;
    // Seats on the books of no market at all: what the store lacks, and how to load it (trial
    // 63 M4: "no seats on the books this year and last", market by market).
    if method == Method::Bookings
        && opened.store.version_dir(Kind::Bookings)?.is_none()
        && opened.store.version_dir(Kind::Otb)?.is_none()
    {
        return Err(tourstat::error::Error::Usage(
            "--method bookings grows last year's remaining months by the change of the seats on the books, and the store has none (no booking flows or snapshots): `tourstat ingest bookings FILE` loads the flows (or `ingest otb` snapshots); --method run-rate needs arrivals only".into(),
        ));
    }
    let req = TrackingRequest {
        year,
        through: through_month(year, through)?,
        market: market.map(|m| opened.market(m)).transpose()?,
        as_of,
        books_as_of,
        ly: bookings_ly.unwrap_or(LyRule::Days364),
        with_bookings: bookings_ly.is_some(),
        method,
        history_from,
    };
    // The run rate needs this year and last (and the year before, for how months vary); the
    // other methods fit the whole history.
    let arrivals = load_monthly(&opened.store, &opened.tree, &projection_years(method, year), as_of)?;
    let result = track_targets(&opened.store, &opened.tree, &arrivals, &req)?;
    Ok((arrivals, result))
}

pub fn run(store_dir: &Path, a: Args) -> Result<()> {
    if a.history_from.is_some()
        && !matches!(
            a.method,
            Method::Ets
                | Method::Theta
                | Method::Airline
                | Method::Combination
                | Method::Weighted
                | Method::SeasonalNaive
        )
    {
        return Err(tourstat::error::Error::Usage(format!(
            "--history-from is for the methods that learn from the years before (ets, theta, airline, combination, weighted, and seasonal-naive, whose interval measures their year-on-year changes); {} uses this year and last",
            a.method
        )));
    }
    let opened = open(store_dir)?;
    let (report, _) = build(&opened, &a)?;
    a.output.print(&report)?;
    // Progress to date is shown, but a question of the year end none of whose markets could
    // be projected is not answered: said, and the exit is not 0.
    let projected = |row: &Vec<Cell>| !matches!(status_of(&report, row), Some(s) if s == NOT_PROJECTED || s == NOT_TRACKED);
    if !report.rows.iter().any(projected) {
        let why: Vec<&str> = report
            .notes
            .iter()
            .map(String::as_str)
            .filter(|n| n.contains(": not projected by ") || n.contains(": not tracked"))
            .collect();
        let who = match &a.market {
            Some(m) => format!("{m} cannot be projected by {} for {}", a.method, a.year()),
            None => format!("no market with a target for {} can be projected by {}", a.year(), a.method),
        };
        return Err(tourstat::error::Error::Usage(format!("{who}:\n  {}", why.join("\n  "))));
    }
    Ok(())
}

/// The status of a market tracked whose year end the method could not project.
pub const NOT_PROJECTED: &str = "not projected";

/// A row's status, by its column (CSV and JSON have the tree's columns after it).
pub fn status_of<'a>(report: &Report, row: &'a [Cell]) -> Option<&'a str> {
    let at = report.columns.iter().position(|c| c == "status")?;
    match row.get(at) {
        Some(Cell::Text(s)) => Some(s.as_str()),
        _ => None,
    }
}

/// The status of a market with a target whose progress could not be counted (a note says why).
pub const NOT_TRACKED: &str = "not tracked";

/// A row of the table: a market tracked (through its month, with its year end where projected),
/// or one whose target could not be tracked.
enum Entry<'a> {
    Tracked(u32, &'a Tracking, Option<&'a Outlook>),
    Untracked(f64),
}

/// A market's name and last month counted, as the notes name them.
struct Named<'a> {
    market: &'a str,
    through: u32,
}

/// The command's answer as a report (the brief builds it too), with the latest month it counts
/// (a market counting fewer says so in its column `through`).
pub fn build(opened: &Opened, a: &Args) -> Result<(Report, u32)> {
    let (_, result) = tracking(
        opened,
        a.year(),
        a.through,
        a.market.as_deref(),
        a.as_of,
        Projecting {
            bookings_ly: Some(a.ly),
            books_as_of: a.books_as_of,
            method: a.method,
            history_from: history_month(a.history_from),
        },
    )?;
    let mixed = result.mixed();
    let mut columns = vec!["market"];
    if mixed {
        columns.push("through");
    }
    columns.extend([
        "target",
        "ytd",
        "pct_achieved",
        "target_to_date",
        "shortfall_to_date",
        "projection",
        "projection_lo80",
        "projection_hi80",
        "chance_pct",
        "projected_gap",
        "pace_so_far",
        "required_per_month",
        "required_growth_pct",
        "bookings_change_pct",
        "bookings_projection",
        "status",
    ]);
    // CSV and JSON end with each market's parent and depth, as summary's do (trial 65 M5).
    let tree_columns = !matches!(a.output.format, Format::Table | Format::Markdown);
    if tree_columns {
        columns.extend(["parent", "depth"]);
    }
    let mut report = Report::new(&columns);
    let k = result.through.month;
    report.title = Some(if mixed {
        format!(
            "Target tracking {} with arrivals through each market's latest complete month, at most {} (column through)",
            a.year(),
            month_label(a.year(), k)
        )
    } else if let Some(held) = &result.through.held_back {
        format!(
            "Target tracking {} with arrivals through {}, the latest month every market shown has ({})",
            a.year(),
            month_label(a.year(), k),
            held.describe(a.year())
        )
    } else {
        format!("Target tracking {} with arrivals through {}", a.year(), month_label(a.year(), k))
    });
    // Markets projected and those the method could not project (their progress to date is
    // known all the same), in the tree's order.
    let order = opened.tree.depth_first();
    let position = |m: &str| order.iter().position(|(_, n)| *n == m).unwrap_or(usize::MAX);
    let mut entries: Vec<(&str, Entry)> = result
        .rows
        .iter()
        .map(|r| (r.market.as_str(), Entry::Tracked(r.through, &r.tracking, Some(&r.outlook))))
        .chain(
            result.unprojected.iter().map(|(m, through, t)| (m.as_str(), Entry::Tracked(*through, t, None))),
        )
        .chain(result.untracked.iter().map(|(m, target)| (m.as_str(), Entry::Untracked(*target))))
        .collect();
    entries.sort_by_key(|e| position(e.0));
    // A figure the data cannot give (last year all zeros) is empty, never 0.
    let count = |x: f64| if x.is_finite() { Cell::Amount(x) } else { Cell::Empty };
    for (market, entry) in entries {
        let mut row = vec![Cell::text(market)];
        let (through, t, outlook) = match entry {
            Entry::Tracked(through, t, outlook) => (through, t, outlook),
            // Its target shown, its progress not (trial 54 L2: the table held Asia alone, the
            // groups of Network and Europe only in the notes, where summary kept their rows).
            Entry::Untracked(target) => {
                if mixed {
                    row.push(Cell::Empty);
                }
                row.push(count(target));
                let tail = if tree_columns { 3 } else { 1 };
                row.extend(std::iter::repeat_n(Cell::Empty, columns.len() - row.len() - tail));
                row.push(Cell::text(NOT_TRACKED));
                if tree_columns {
                    row.extend(super::summary::parent_and_depth(&opened.tree, market));
                }
                report.push(row);
                continue;
            }
        };
        if mixed {
            row.push(Cell::text(month_label(a.year(), through)));
        }
        row.extend([
            count(t.target),
            count(t.ytd),
            Cell::opt_share(Some(t.pct_achieved)),
            count(t.target_to_date),
            count(t.shortfall_to_date),
            count(t.projection),
            outlook.map_or(Cell::Empty, |o| count(o.year.lo80)),
            outlook.map_or(Cell::Empty, |o| count(o.year.hi80)),
            Cell::opt_chance(outlook.map(|o| o.chance_pct), t.reached() || through >= 12),
            count(t.projected_gap),
            count(t.pace_so_far),
            t.required_per_month.map_or(Cell::Empty, count),
            Cell::opt_percent(t.required_growth_pct),
            Cell::opt_percent(t.bookings_change_pct),
            t.bookings_projection.map_or(Cell::Empty, count),
            // A year complete is no projection: its target was reached or missed.
            Cell::text(match (outlook, through) {
                (None, _) => NOT_PROJECTED,
                (Some(_), 12) if !t.reached() => "missed",
                (Some(_), 12) => "reached",
                (Some(_), _) => t.status.as_str(),
            }),
        ]);
        if tree_columns {
            row.extend(super::summary::parent_and_depth(&opened.tree, market));
        }
        report.push(row);
        let r = Named { market, through };
        if t.reached() {
            let big = |x: f64| round_count(x, a.output.round);
            report.note(format!(
                "{}: target reached: {} of {} achieved ({:.0}%), {} above it",
                r.market,
                big(t.ytd),
                big(t.target),
                t.pct_achieved,
                big(t.ytd - t.target),
            ));
        } else if r.through == 12 {
            let big = |x: f64| round_count(x, a.output.round);
            report.note(format!(
                "{}: the year is complete and the target missed: {} of {} achieved ({:.0}%), {} short of it",
                r.market,
                big(t.ytd),
                big(t.target),
                t.pct_achieved,
                big(t.target - t.ytd),
            ));
        } else if let Some(per_month) = t.required_per_month {
            // One unit for the whole sentence: where --round would show one of its figures as
            // none ("<0.1m of <0.1m achieved") or the two it compares as one ("1k a month
            // against 1k" for 1,450 against 1,050), all of them are written whole.
            let asked = a.output.round;
            let figures = [t.ytd, t.target, t.target - t.ytd, per_month, t.pace_so_far];
            let coarse = figures.iter().any(|x| round_count(*x, asked).starts_with(['<', '>']))
                || (round_count(per_month, asked) == round_count(t.pace_so_far, asked)
                    && (per_month - t.pace_so_far).abs() >= 0.5);
            let round = if coarse { Rounding::Full } else { asked };
            let big = |x: f64| round_count(x, round);
            // In millions to two places (0.12m a month, not 0.1m).
            let monthly = |x: f64| match round {
                Rounding::Millions => format!("{:.2}m", x / 1e6),
                r => round_count(x, r),
            };
            // December alone left: said as one month (trial 61 L3: "the remaining 1 months").
            let remaining = match 12 - r.through {
                1 => format!("in December, {} against", monthly(per_month)),
                n => format!("in the remaining {n} months, {} a month against", monthly(per_month)),
            };
            report.note(format!(
                "{}: {} of {} achieved ({:.0}%); {} still needed {remaining} {} a month so far",
                r.market,
                big(t.ytd),
                big(t.target),
                t.pct_achieved,
                big(t.target - t.ytd),
                monthly(t.pace_so_far),
            ));
        }
    }
    // "On track" with under half the simulated years reaching the target: the two are told
    // apart. Either the projection is a little short of the target (on track allows it, the
    // chance counts it as missing), or it is a mean (of skewed years) above the middle one.
    for r in
        result.rows.iter().filter(|r| r.tracking.status == Status::OnTrack && r.outlook.chance_pct < 50.0)
    {
        let (t, chance) = (&r.tracking, r.outlook.chance_pct);
        let share = 100.0 * t.projection / t.target;
        report.note(if t.projection < t.target {
            format!(
                "{}: on track, as its projection is {share:.1}% of the target (at least {:.0}%), yet a chance of {} of reaching the target itself: the projection falls short of it",
                r.market,
                ON_TRACK_SHARE * 100.0,
                super::chart::chance_text(chance, t.reached())
            )
        } else {
            format!(
                "{}: on track, as its projection is {share:.1}% of the target, yet a chance of {} of reaching it: the projection is the model's mean, which a few high simulated years can lift above the middle one",
                r.market,
                super::chart::chance_text(chance, t.reached())
            )
        });
    }
    for n in &result.notes {
        report.note(n.clone());
    }
    let models: Vec<String> = result
        .rows
        .iter()
        .filter(|r| r.through < 12)
        // The bookings projection grows last year by the seats on the books: no history fitted,
        // and the months loaded for it are no count of the market's (trial 79 L3: "33 months").
        .map(|r| match a.method {
            Method::Bookings => format!("{} {}", r.market, r.outlook.model),
            _ if r.outlook.by_quarters => format!(
                "{} {} ({} quarters of history)",
                r.market,
                r.outlook.model,
                r.outlook.history_months / 3
            ),
            _ => format!("{} {} ({} months of history)", r.market, r.outlook.model, r.outlook.history_months),
        })
        .collect();
    report.note(format!(
        "projection by {}: {}{}; the 80% interval and chance_pct (the share reaching the target) from {} simulated years",
        a.method,
        method_summary(a.method),
        if models.is_empty() || matches!(a.method, Method::RunRate) { String::new() } else { format!(": {}", models.join("; ")) },
        tourstat::forecast::PATHS
    ));
    report.note(format!(
        "status: on track = projection at least {:.0}% of target; behind = {:.0}% to {:.0}%; far behind = below {:.0}%{}",
        ON_TRACK_SHARE * 100.0,
        BEHIND_SHARE * 100.0,
        ON_TRACK_SHARE * 100.0,
        BEHIND_SHARE * 100.0,
        if result.rows.iter().any(|r| r.through == 12) { "; a year complete: reached or missed" } else { "" }
    ));
    Ok((report, k))
}

/// One line on what a method does, for the table's note.
fn method_summary(method: Method) -> &'static str {
    match method {
        Method::RunRate => "last year's remaining months grown at the year-to-date rate",
        Method::Bookings => "last year's remaining months grown at the seats-on-the-books change",
        Method::SeasonalNaive => "last year's remaining months as they were",
        Method::Ets => "exponential smoothing chosen by AICc",
        Method::Theta => "the Theta method",
        Method::Airline => "the airline model (a seasonal ARIMA, of the logarithms where no month is 0)",
        Method::Combination => "the mean of ETS, Theta and seasonal naive",
        Method::Weighted => {
            "ETS, Theta and seasonal naive weighted by how each did on the market's last year"
        }
    }
}

/// `--history-from` as (year, month): a month, or a year (its January).
pub fn history_month(p: Option<Period>) -> Option<(i32, u32)> {
    p.map(|p| {
        let start = p.start();
        (start.year(), start.month())
    })
}
