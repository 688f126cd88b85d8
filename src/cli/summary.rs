use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;

use tourstat::analysis::arrivals::{MonthlyArrivals, Years};
use tourstat::error::{Error, Result};
use tourstat::forecast::Method;
use tourstat::output::{Cell, Format, Report};
use tourstat::period::{LyRule, Period};
use tourstat::query::store_info::other_periods;
use tourstat::query::year_to_date::{
    base_split_notes, common_through, latest_year, load_monthly, month_label, month_on_year,
    nothing_for_year, own_totals_notes, projection_years, some_names, sort_by_contribution, track_targets,
    why_off_season, year_to_date, TrackingRequest, YearToDateLine,
};

use super::select::{indented, open, MarketArgs, Opened};
use super::{parse_date, parse_with, parse_year, through_month, OutputArgs};

/// Arrivals by market for the year to date: total, last year, YoY, share, the base year's
/// level, and progress against targets.
///
/// Columns: arrivals (months 1..k of the year), arrivals_ly (the same months last year),
/// yoy_pct, contribution_pct (the market's share of the change of the group above it: a
/// market down 0.9m in a group down 1.5m explains 60%), share_pct (of the top of the
/// market's tree shown; empty for the tops of several trees), pct_of_2019 (a level, not a
/// change: the year to date as a share of the same months of --base, 2019 by default from
/// 2021, where the store has them: 95% is 5% short of it), and for markets with a target:
/// target_achieved_pct, shortfall_to_date, the projected year end (by --method: the run rate
/// unless asked) and chance_pct of reaching the target (see `tourstat shortfall`). CSV and JSON
/// end with each market's parent and depth in the tree (0: a top), which a table shows by
/// indenting.
///
/// Like with like: k is the latest month the markets shown have in common (or --through), and
/// each market counts months 1..k only as far as its own figures (a group's: its own figure or
/// all its members) cover them, the same months last year; a market counted through fewer
/// months shows it in a column "through". A comparison the store cannot make is left empty,
/// with a note that says why.
///
/// Examples:
///   tourstat summary
///   tourstat summary --year 2025 --through 2025-06 --depth 1 --round m
///   tourstat summary --market "East Asia" --format csv
///   tourstat summary --depth 2 --sort contribution
///   tourstat summary --month 2025-03 --depth 1
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The year (default: the latest in the store).
    #[arg(long, value_parser = parse_year)]
    pub year: Option<i32>,
    /// Last month to count, e.g. 2025-06, or a quarter (2025-Q3: through September) (default: the
    /// latest month the markets shown have in common).
    #[arg(long, value_parser = parse_with::<Period>, conflicts_with = "month")]
    pub through: Option<Period>,
    /// One month against the same month last year, not the year to date, e.g. 2025-03 (alone:
    /// the latest whole month every market shown has a figure for; a month known before it
    /// ended is passed over). No target columns: targets are of years.
    #[arg(long, num_args = 0..=1, value_name = "MONTH", value_parser = parse_month)]
    pub month: Option<Option<Period>>,
    #[command(flatten)]
    pub markets: MarketArgs,
    /// The year to compare the level with (column pct_of_BASE), before the year shown (default:
    /// 2019, for a year from 2021; none for 2020 or before).
    #[arg(long, value_parser = parse_year)]
    pub base: Option<i32>,
    /// What was known on this date.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Order: tree (the market tree's order) or contribution (within each group, the members
    /// that explain most of its change first).
    #[arg(long, default_value = "tree", value_parser = ["tree", "contribution"])]
    pub sort: String,
    /// How the projection and chance_pct of markets with a target project the year end (as
    /// `tourstat shortfall --method`; the brief's follows `report --method`).
    #[arg(long, default_value = "run-rate", value_parser = parse_with::<Method>)]
    pub method: Method,
    /// The day of the seats on the books its projection by bookings reads, where it is not
    /// --as-of (the brief's --as-of, its arrivals the latest published).
    #[arg(skip)]
    pub books_as_of: Option<NaiveDate>,
    /// Whether the table has the target columns (the brief's has none where its tracking
    /// counts a later month than its arrivals table).
    #[arg(skip = true)]
    pub targets: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Parses `--month`: a month, like 2025-03 (not a quarter, a year or a day).
fn parse_month(s: &str) -> std::result::Result<Period, String> {
    match s.parse::<Period>() {
        Ok(p @ Period::Month { .. }) => Ok(p),
        Ok(p) => Err(format!("expected a month like 2025-03, got {p}")),
        Err(_) => Err(format!("expected a month like 2025-03, got \"{s}\"")),
    }
}

/// The year a level is measured against: --base, else 2019 (the last before the pandemic, the
/// level tourism boards measure recovery by) for a year from 2021, where it is not last year
/// (whose level would repeat the change: review 21 M6); none before.
fn base(asked: Option<i32>, year: i32) -> Option<i32> {
    asked.or((year > 2020).then_some(2019))
}

pub fn run(store_dir: &Path, a: Args) -> Result<()> {
    let opened = open(store_dir)?;
    let report = build(&opened, &a)?;
    a.output.print(&report)
}

/// The command's answer as a report (the brief builds it too).
pub fn build(opened: &Opened, a: &Args) -> Result<Report> {
    // One month asked for: of its year.
    let one_month = match a.month {
        Some(Some(Period::Month { year, month })) => Some((year, month)),
        Some(Some(p)) => {
            return Err(Error::Usage(format!("--month must be a month, like 2025-03, got {p}")));
        }
        Some(None) | None => None,
    };
    if let (Some((y, _)), Some(year)) =
        (one_month, a.year.filter(|&year| Some(year) != one_month.map(|m| m.0)))
    {
        let m = one_month.map_or(1, |(_, m)| m);
        return Err(Error::Usage(format!("--month {}: not a month of --year {year}", month_label(y, m))));
    }
    let chosen = match (a.year, a.through, one_month) {
        (Some(y), _, _) => Some(y),
        (None, Some(p), _) => Some(p.year()),
        (None, None, Some((y, _))) => Some(y),
        (None, None, None) => None,
    };
    let year = match chosen {
        Some(y) => y,
        None => latest_year(&opened.store, a.as_of)?,
    };
    // The year before last too: a member of it is expected last year, a season is seen in it.
    let load = |year: i32| {
        load_monthly(&opened.store, &opened.tree, &Years::around(year, base(a.base, year)), a.as_of)
    };
    let arrivals = load(year)?;
    let shown = opened.shown(&a.markets, &arrivals.markets_seen())?;
    let names: Vec<String> = shown.iter().map(|(_, m)| m.clone()).collect();
    let asked = through_month(year, a.through)?;
    if let Some((year, month)) = one_month {
        return month_table(opened, a, &arrivals, &shown, (year, month), Vec::new());
    }
    if a.month.is_some() {
        // Alone: the latest whole month every market shown has (of the latest year, or of the
        // year before where none has a month of it: a market no longer published).
        if let Some((month, said)) = latest_whole_month(&arrivals, &names, year) {
            return month_table(opened, a, &arrivals, &shown, (year, month), said);
        }
        if chosen.is_none() {
            let before = load(year - 1)?;
            if let Some((month, mut said)) = latest_whole_month(&before, &names, year - 1) {
                said.insert(
                    0,
                    format!("{year}: no market shown has a whole month of it; showing {}'s latest", year - 1),
                );
                return month_table(opened, a, &before, &shown, (year - 1, month), said);
            }
        }
        return Err(not_of_year(opened, &arrivals, &names, (year, None), a.as_of)?);
    }
    let mut early = Vec::new();
    let (year, through) = match common_through(&arrivals, &names, year, asked) {
        Ok(t) => (year, t),
        // The latest year has begun for some markets only: show the year before, and say so.
        Err(why)
            if chosen.is_none()
                && names.iter().any(|m| {
                    arrivals.reports_in(m, year - 1) && !arrivals.by_other_periods_only(m, year - 1)
                }) =>
        {
            early.push(format!("{year}: {why}; showing {}", year - 1));
            // Where the year before cannot be shown either, the latest year's reason first
            // (trial 78 L3: a refusal of 2024 alone, where 2025 was the year a user expects).
            let before = common_through(&arrivals, &names, year - 1, None)
                .map_err(|e| Error::Usage(format!("{why}; nor the year before, {}: {e}", year - 1)))?;
            (year - 1, before)
        }
        // No market with a month of the year (figures of quarters, years or days at most).
        Err(_)
            if !names
                .iter()
                .any(|m| arrivals.reports_in(m, year) && !arrivals.by_other_periods_only(m, year)) =>
        {
            let by_other: Vec<&String> =
                names.iter().filter(|m| arrivals.by_other_periods_only(m, year)).collect();
            if by_other.is_empty() || arrivals.is_empty() {
                return Err(not_of_year(opened, &arrivals, &names, (year, None), a.as_of)?);
            }
            // The markets asked about have no months of the year, only other periods.
            let listed: Vec<&str> = by_other.iter().take(5).map(|m| m.as_str()).collect();
            return Err(Error::Usage(format!(
                "{}{} {} figures of {year} by other periods only (quarters, years, days), none by month, and summary counts months (or a quarter's, through its last month: --through {year}-03); `tourstat export arrivals` lists them",
                listed.join(", "),
                if by_other.len() > 5 { format!(" and {} more", by_other.len() - 5) } else { String::new() },
                if by_other.len() == 1 { "has" } else { "have" },
            )));
        }
        Err(why) => return Err(Error::Usage(why)),
    };
    // Shown the year before: read as `summary --year` reads it, the year before that too, so
    // the two agree (review 21 L3: the fallback lost the seasonal note; review 22 L2).
    let (arrivals, through) = if !early.is_empty() {
        let arrivals = load(year)?;
        let through = common_through(&arrivals, &names, year, None).map_err(Error::Usage)?;
        (arrivals, through)
    } else {
        (arrivals, through)
    };
    let k = through.month;
    let base = base(a.base, year);
    // A level against the year itself is 100% for every market, and one against a later year
    // is no recovery measure: refused (review 21 M6).
    if let Some(b) = base.filter(|&b| b >= year) {
        return Err(Error::Usage(format!(
            "--base {b}: the level is measured against a year before the one shown ({year}{}); give an earlier year, e.g. --base 2019",
            early.first().map(|why| format!(", as {why}")).unwrap_or_default()
        )));
    }
    let periods = other_periods(&opened.store, a.as_of)?;
    let mut ytd = year_to_date(&arrivals, &periods, &shown, through, base);
    // A level that counts a member split out since in the base year only (trial 55 H3).
    if let Some(b) = base {
        let levels: Vec<(String, (u32, u32), f64, f64)> = ytd
            .lines
            .iter()
            .filter(|l| l.by_periods.is_empty())
            .filter_map(|l| {
                let (now, pct) = (l.arrivals?, l.vs_base_pct?);
                (pct > 0.0).then(|| (l.market.clone(), (1, l.through), now, now / pct * 100.0))
            })
            .collect();
        let said = base_split_notes(&opened.store, &arrivals, a.as_of, (year, b), &levels)?;
        ytd.notes.extend(said);
    }
    if a.sort == "contribution" {
        ytd.lines = sort_by_contribution(ytd.lines);
        let tops = ytd.lines.iter().filter(|l| l.depth == 0).count();
        if tops > 1 {
            ytd.notes.push(format!(
                "{tops} markets shown have no group above them to share a change of: they are sorted by their own change on {} (the largest gain first)",
                year - 1
            ));
        }
    }
    let req = TrackingRequest {
        year,
        through: Some(k),
        market: None,
        as_of: a.as_of,
        ly: LyRule::Days364,
        books_as_of: a.books_as_of,
        with_bookings: false,
        method: a.method,
        history_from: None,
    };
    // Markets without a target (or a store without targets) simply have no target columns.
    // Projected from the years `shortfall` projects from: from the years this table loads
    // (which --base changes) a method would measure its spread on another history and give
    // another chance than the brief's tracking.
    let mut untracked: Vec<String> = Vec::new();
    let found = match a.targets {
        true => {
            let history =
                load_monthly(&opened.store, &opened.tree, &projection_years(a.method, year), a.as_of)?;
            Some(track_targets(&opened.store, &opened.tree, &history, &req))
        }
        false => None,
    };
    let targets = match found {
        None => None,
        Some(Ok(t)) => Some(t),
        // No market with a target could be tracked: why is said below, never empty target
        // columns without a word (a store without targets has no target columns to explain).
        Some(Err(Error::Usage(why))) => {
            untracked = match why.split_once("\n  ") {
                Some((_, lines)) => lines.split("\n  ").map(str::to_string).collect(),
                None if why.starts_with("the store has no targets") => Vec::new(),
                None => vec![format!("targets of {year} not tracked: {why}")],
            };
            None
        }
        Some(Err(e)) => return Err(e),
    };
    let mixed = ytd.mixed();
    // A table shows the tree by indenting; CSV and JSON by a column of each market's group and
    // depth, where a program reading them would otherwise add up groups and members alike
    // (trial 43 LOW-8).
    let indent = matches!(a.output.format, Format::Table | Format::Markdown);
    let mut columns = vec!["market"];
    if mixed {
        columns.push("through");
    }
    columns.extend(["arrivals", "arrivals_ly", "yoy_pct", "contribution_pct", "share_pct"]);
    let base_column = base.map(|b| format!("pct_of_{b}"));
    columns.extend(base_column.as_deref());
    if a.targets {
        columns.extend(["target_achieved_pct", "shortfall_to_date", "projection", "chance_pct"]);
    }
    // Last, so that a script reading the columns by place reads them as before.
    if !indent {
        columns.extend(["parent", "depth"]);
    }
    let mut report = Report::new(&columns);
    // A base year no row has a level against is not promised in the title (trial 60 L8: "and
    // 2019" over a store without 2019, said only in a note).
    let against = match base {
        Some(b) if b != year - 1 && ytd.lines.iter().any(|l| l.vs_base_pct.is_some()) => {
            format!("{} and {b}", year - 1)
        }
        _ => (year - 1).to_string(),
    };
    // Each market through its own month: the title spans to the latest any row reaches, not
    // past it (asked through December with every row at June, it says June).
    let last = if mixed {
        ytd.lines.iter().map(|l| l.through).max().filter(|&m| m > 0).unwrap_or(k).min(k)
    } else {
        k
    };
    let months = if last == 1 {
        month_label(year, 1)
    } else {
        format!("{}..{}", month_label(year, 1), month_label(year, last))
    };
    report.title = Some(if mixed {
        format!(
            "Arrivals {months}, each market through its latest complete month (column through), against the same months of {against}"
        )
    } else if let Some(held) = &ytd.through.held_back {
        format!(
            "Arrivals {months}, the latest month every market shown has ({}), against the same months of {against}",
            held.describe(year)
        )
    } else {
        format!("Arrivals {months}, against the same months of {against}")
    });
    let mut pathless: Vec<String> = Vec::new();
    for l in &ytd.lines {
        // Of the months the row counts: a row the tracking counts through other months has no
        // target cells (review 94 M1: a group empty through August given its progress through
        // June, its quarterly member's, in a table with no column saying so).
        let tracked = targets
            .as_ref()
            .and_then(|t| t.rows.iter().find(|r| r.market == l.market))
            .filter(|r| r.through == l.through);
        // A market its method could not project still has its progress to date.
        let unprojected = targets
            .as_ref()
            .and_then(|t| t.unprojected.iter().find(|u| u.0 == l.market))
            .filter(|u| u.1 == l.through);
        let t = tracked.map(|r| &r.tracking).or(unprojected.map(|u| &u.2));
        // A target with no path to date (last year all 0: nothing to spread it by) has no
        // shortfall to date, which is said, never shown as 0.
        if t.is_some_and(|t| !t.shortfall_to_date.is_finite()) {
            pathless.push(format!(
                "{}: no shortfall to date: {} had no arrivals to spread the target by (its profile over the year), so none is due by a month",
                l.market,
                year - 1
            ));
        }
        let mut row = vec![Cell::text(indented(l.depth, &l.market, indent))];
        if mixed {
            row.push(if l.through == 0 { Cell::Empty } else { Cell::text(month_label(year, l.through)) });
        }
        row.extend(figure_cells(l, base.is_some()));
        row.extend(
            a.targets
                .then(|| {
                    [
                        Cell::opt_share(t.map(|t| t.pct_achieved)),
                        // A shortfall that is no number (no target path) is empty in every format.
                        t.map_or(Cell::Empty, |t| Cell::Amount(t.shortfall_to_date)),
                        // The year end as `shortfall` projects it by --method, and the chance of the target.
                        tracked
                            .filter(|r| r.through < 12)
                            .map_or(Cell::Empty, |r| Cell::Amount(r.outlook.year.forecast)),
                        Cell::opt_chance(
                            tracked.filter(|r| r.through < 12).map(|r| r.outlook.chance_pct),
                            tracked.is_some_and(|r| r.tracking.reached()),
                        ),
                    ]
                })
                .into_iter()
                .flatten(),
        );
        if !indent {
            row.extend(parent_and_depth(&opened.tree, &l.market));
        }
        report.push(row);
    }
    // A quarter's or a year's own figure the months counted do not add up to: said.
    let counted: Vec<(String, u32)> = ytd.lines.iter().map(|l| (l.market.clone(), l.through)).collect();
    let by_periods: Vec<String> = ytd.lines.iter().flat_map(|l| l.by_periods.clone()).collect();
    let totals = own_totals_notes(&opened.store, &arrivals, &counted, year, a.as_of, false, &by_periods)?;
    // Tracking notes of markets not shown belong to `shortfall`, not here.
    let shown_note = |n: &&String| names.iter().any(|m| n.starts_with(&format!("{m}: ")));
    // A group's own figure older than figures below it, said by the table already (review 106
    // L5: said twice, the tracking's words naming `summary --depth` beside the table's).
    let stale_said = |n: &&String| {
        n.split_once(": its own figure").is_some_and(|(m, _)| {
            ytd.notes.iter().any(|s| {
                s.starts_with(&format!("{m}: its own figure"))
                    || s.starts_with(&format!("{m}: its members shown add up to"))
            })
        })
    };
    let target_notes = targets
        .iter()
        .flat_map(|t| &t.notes)
        .chain(&untracked)
        .filter(|n| shown_note(n) || n.starts_with("targets of "))
        .filter(|n| !stale_said(n));
    let mut said: Vec<&String> = Vec::new();
    for n in early.iter().chain(&ytd.notes).chain(&totals).chain(target_notes).chain(&pathless) {
        // The tracking says some of the table's notes again (a year's own figure), or their
        // first part (`Total: counted through 2025-06, Qtr by ...` without `(2024 likewise)`:
        // review 86 L1): once.
        if !said.iter().any(|s| s.starts_with(n.as_str())) {
            said.push(n);
            report.note(n.clone());
        }
    }
    Ok(report)
}

/// The latest month every market of `names` with a month of `year` has a whole figure for (a
/// market's month missing before it holds no later month back, as it holds the year to date;
/// a month known before it ended is passed over, as the year to date passes it), with what is
/// said of the markets with later months.
fn latest_whole_month(arrivals: &MonthlyArrivals, names: &[String], year: i32) -> Option<(u32, Vec<String>)> {
    let mut early: Vec<(u32, String, NaiveDate)> = Vec::new();
    let mut latest: Vec<(&String, u32)> = Vec::new();
    for m in names {
        let Some(last) = arrivals.latest_covered(m, year) else { continue };
        let whole = (1..=last).rev().filter(|&mo| arrivals.covers(m, year, mo)).find(|&mo| {
            let known = arrivals.known_before_end(m, year, mo);
            early.extend(known.iter().map(|(c, d)| (mo, c.clone(), *d)));
            known.is_empty()
        });
        latest.extend(whole.map(|w| (m, w)));
    }
    let month = latest.iter().map(|(_, l)| *l).min()?;
    let mut said = Vec::new();
    // Months known before they ended, passed over: said with the month that shows them.
    let passed: BTreeSet<u32> = early.iter().map(|(mo, _, _)| *mo).filter(|mo| *mo > month).collect();
    if let Some(&last) = passed.last() {
        let markets: BTreeSet<String> =
            early.iter().filter(|(mo, _, _)| *mo > month).map(|(_, c, _)| c.clone()).collect();
        let first =
            early.iter().filter(|(mo, _, _)| *mo > month).map(|(_, _, d)| *d).min().unwrap_or_default();
        let months: Vec<u32> = passed.iter().copied().collect();
        said.push(format!(
            "{} known on {first} for {}, before the month ended: part of the month, perhaps (a month to date), which against the whole month a year before would read as a fall; not taken by default (--month {} shows it)",
            tourstat::query::year_to_date::month_list(year, &months),
            some_names(&markets.into_iter().collect::<Vec<_>>(), 6),
            month_label(year, last)
        ));
    }
    if let Some(most) = latest.iter().map(|(_, l)| *l).max().filter(|&l| l > month) {
        let ahead: Vec<String> =
            latest.iter().filter(|(_, l)| *l > month).map(|(m, _)| m.to_string()).collect();
        let behind: Vec<String> =
            latest.iter().filter(|(_, l)| *l == month).map(|(m, _)| m.to_string()).collect();
        said.push(format!(
            "{}: the latest month every market shown has a whole figure for ({} {} no later one); {} {} later months (to {}): --month {} shows them",
            month_label(year, month),
            some_names(&behind, 4),
            if behind.len() == 1 { "has" } else { "have" },
            some_names(&ahead, 6),
            if ahead.len() == 1 { "has" } else { "have" },
            month_label(year, most),
            month_label(year, most)
        ));
    }
    Some((month, said))
}

/// Why the markets of `names` have no month of `year` to show: the store has none of the year,
/// or they have none of it though others do (with each one's latest month, which shows it, and
/// a seasonal route's off season, up to `month` or the store's latest month of the year).
fn not_of_year(
    opened: &Opened,
    arrivals: &MonthlyArrivals,
    names: &[String],
    (year, month): (i32, Option<u32>),
    as_of: Option<NaiveDate>,
) -> Result<Error> {
    let store_has = arrivals.markets_seen().iter().any(|m| arrivals.latest_covered(m, year).is_some());
    if !store_has {
        return nothing_for_year(&opened.store, year, as_of);
    }
    let latest: Vec<String> = names
        .iter()
        .filter_map(|m| {
            let (y, mo) = arrivals.last_covered(m)?;
            Some(format!("{m}'s latest: {}", month_label(y, mo)))
        })
        .take(4)
        .collect();
    let latest = if latest.is_empty() { String::new() } else { format!(" ({})", latest.join("; ")) };
    // (Review 86 M3: a group of a summer route, asked in its off season, was given no why.)
    let months = month.or_else(|| arrivals.latest_month().filter(|(y, _)| *y == year).map(|(_, m)| m));
    let season = months
        .and_then(|months| names.iter().find_map(|m| why_off_season(arrivals, m, year, months)))
        .map(|s| format!("; {s}"))
        .unwrap_or_default();
    Ok(Error::Usage(format!(
        "{} {} no monthly figure of {year}, though other markets have{latest}{season}",
        some_names(names, 4),
        if names.len() == 1 { "has" } else { "have" }
    )))
}

/// One month's table (`--month`): each market's month against the same month last year and
/// the base year, like with like; `said` goes first among the notes.
fn month_table(
    opened: &Opened,
    a: &Args,
    arrivals: &MonthlyArrivals,
    shown: &[(usize, String)],
    (year, month): (i32, u32),
    said: Vec<String>,
) -> Result<Report> {
    let base = base(a.base, year);
    if let Some(b) = base.filter(|&b| b >= year) {
        return Err(Error::Usage(format!(
            "--base {b}: the level is measured against a year before the one shown ({year}); give an earlier year, e.g. --base 2019"
        )));
    }
    // A month of a year the markets have no figures of: refused as the year to date is.
    if !shown.iter().any(|(_, m)| arrivals.reports_in(m, year) || arrivals.has_other_periods(m, year)) {
        let names: Vec<String> = shown.iter().map(|(_, m)| m.clone()).collect();
        return Err(not_of_year(opened, arrivals, &names, (year, Some(month)), a.as_of)?);
    }
    // A month no market has yet: no table of empty rows (a month mistyped, or asked the day
    // before its release).
    if let Some((y, l)) = arrivals.latest_month().filter(|&latest| latest < (year, month)) {
        return Err(Error::Usage(format!(
            "no market has a monthly figure for {} yet (the store's latest month is {}{})",
            month_label(year, month),
            month_label(y, l),
            a.as_of.map(|d| format!(", as known on {d}")).unwrap_or_default()
        )));
    }
    let periods = other_periods(&opened.store, a.as_of)?;
    let mut table = month_on_year(arrivals, &periods, shown, (year, month), base);
    if let Some(b) = base {
        let levels: Vec<(String, (u32, u32), f64, f64)> = table
            .lines
            .iter()
            .filter_map(|l| {
                let (now, pct) = (l.arrivals?, l.vs_base_pct?);
                (pct > 0.0).then(|| (l.market.clone(), (month, month), now, now / pct * 100.0))
            })
            .collect();
        let split = base_split_notes(&opened.store, arrivals, a.as_of, (year, b), &levels)?;
        table.notes.extend(split);
    }
    if a.sort == "contribution" {
        table.lines = sort_by_contribution(table.lines);
    }
    let indent = matches!(a.output.format, Format::Table | Format::Markdown);
    let mut columns = vec!["market", "arrivals", "arrivals_ly", "yoy_pct", "contribution_pct", "share_pct"];
    let base_column = base.map(|b| format!("pct_of_{b}"));
    columns.extend(base_column.as_deref());
    if !indent {
        columns.extend(["parent", "depth"]);
    }
    let mut report = Report::new(&columns);
    let against = match base {
        Some(b) if b != year - 1 && table.lines.iter().any(|l| l.vs_base_pct.is_some()) => {
            format!("{} and {}", month_label(year - 1, month), month_label(b, month))
        }
        _ => month_label(year - 1, month),
    };
    report.title = Some(format!("Arrivals in {}, against {against}", month_label(year, month)));
    for l in &table.lines {
        let mut row = vec![Cell::text(indented(l.depth, &l.market, indent))];
        row.extend(figure_cells(l, base.is_some()));
        if !indent {
            row.extend(parent_and_depth(&opened.tree, &l.market));
        }
        report.push(row);
    }
    let mut noted: Vec<&String> = Vec::new();
    for n in said.iter().chain(&table.notes) {
        if !noted.contains(&n) {
            noted.push(n);
            report.note(n.clone());
        }
    }
    Ok(report)
}

/// A line's figures, as the year to date and the month's table show them: arrivals, last
/// year's, the change, its share of the group's change, the share of the top, and the level
/// against the base year where one is shown.
fn figure_cells(l: &YearToDateLine, base: bool) -> Vec<Cell> {
    let mut cells = vec![
        Cell::opt_figure(l.arrivals),
        Cell::opt_figure(l.arrivals_ly),
        Cell::opt_percent(l.yoy_pct),
        Cell::opt_share(l.contribution_pct),
        Cell::opt_share(l.share_pct),
    ];
    if base {
        cells.push(Cell::opt_share(l.vs_base_pct));
    }
    cells
}

/// A market's parent and depth in the tree (0: a top), the last two columns of a CSV or JSON
/// answer (the depth in the tree, as the parent is: not the depth shown under --market).
pub fn parent_and_depth(tree: &tourstat::market::MarketTree, market: &str) -> [Cell; 2] {
    let parent = tree.ancestors_and_self(market).into_iter().nth(1);
    [parent.map_or(Cell::Empty, Cell::text), Cell::Int(tree.depth(market) as i64)]
}
