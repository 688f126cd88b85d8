use std::path::Path;

use chrono::NaiveDate;

use tourstat::analysis::arrivals::month_ranges;
use tourstat::error::{Error, Result};
use tourstat::kind::Kind;
use tourstat::output::{Cell, Report};

use super::select::{open, Opened};
use super::{parse_date, OutputArgs};
use tourstat::analysis::otb::{
    feed_silences, shut_runs, FEED_DAYS_BEGUN, FEED_DAYS_JUDGED, SHORTEST_GAP, SILENT_DAYS,
};
use tourstat::query::store_info::{
    booking_days, closed_for_all_feeds, closures, daily_figures, monthly_arrivals, other_periods, Closures,
};

/// Missing months per market: every month between a market's first figure and the latest
/// month in the store that has no figure (quarters, years or days, for a market published so).
///
/// With --bookings: the booking feeds instead, each market's first and last day of booking and
/// the silences its own rhythm makes unlikely (a feed out for a week, a weekly file missing),
/// and the feeds that stopped while the others went on.
///
/// Examples:
///   tourstat gaps
///   tourstat gaps --format csv
///   tourstat gaps --bookings
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// What was known on this date.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// The gaps of the booking feeds, not of the arrivals.
    #[arg(long)]
    pub bookings: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(store_dir: &Path, a: Args) -> Result<()> {
    let opened = open(store_dir)?;
    let report = build(&opened, &a)?;
    a.output.print(&report)
}

/// The command's answer as a report (the brief builds it too).
pub fn build(opened: &Opened, a: &Args) -> Result<Report> {
    if a.bookings {
        return feeds(opened, a.as_of);
    }
    // A store of booking flows alone: their gaps are the answer there is (trial 68 M3: told
    // to load arrivals an airline does not have).
    if opened.store.version_dir(Kind::Arrivals)?.is_none()
        && opened.store.version_dir(Kind::Bookings)?.is_some()
    {
        return Err(Error::Usage(
            "the store has no arrivals, only booking flows: `tourstat gaps --bookings` lists each market's days with no booking".into(),
        ));
    }
    let arrivals = monthly_arrivals(&opened.store, &opened.tree, a.as_of)?;
    let gaps = arrivals.all_gaps();
    // Months missing by month that a quarter's or a year's figure holds are no figures lost.
    let longer = other_periods(&opened.store, a.as_of)?;
    let by_periods = longer_series_gaps(&gaps, &longer, |m, (y, k)| arrivals.covers(m, y, k));
    // A market published by day only is a series too: its missing days, never passed over.
    let daily = daily_figures(&opened.store, a.as_of)?;
    let beside = days_beside_months(&gaps, &daily);
    let by_day = day_gaps(&gaps, &by_periods, daily);
    // No market at all is no answer, never "no gaps".
    if gaps.is_empty() && by_periods.is_empty() && by_day.is_empty() {
        return Err(Error::Usage(match a.as_of {
            Some(d) => format!("no monthly arrivals were known on {d}: ask as of a later date"),
            None => {
                "the store has no monthly arrivals: ingest some with `tourstat ingest arrivals FILE`".into()
            }
        }));
    }
    // Months a figure of a longer period holds (a quarter published in place of its months) are
    // no figures lost: not missing, and said (trial 52 #5: they were counted for a market whose
    // series began with months, and not for one whose series began with quarters).
    // A period with one of its months published is not read in place of the others, by summary,
    // shortfall or claims (review 60 M1: "no gaps" for a July beside August and September, where
    // summary counted through June for it): those are missing, and said.
    let mut held = Vec::new();
    let mut beside_months = Vec::new();
    let gaps: Vec<tourstat::analysis::arrivals::Gap> = gaps
        .into_iter()
        .map(|mut g| {
            let published = |o: &tourstat::query::store_info::OtherPeriod| {
                let mut at = o.first;
                let mut months = Vec::new();
                while at <= o.last {
                    if at >= g.first && at <= g.last && !g.missing.contains(&at) {
                        months.push(at);
                    }
                    at = if at.1 == 12 { (at.0 + 1, 1) } else { (at.0, at.1 + 1) };
                }
                months
            };
            let within = |o: &tourstat::query::store_info::OtherPeriod| {
                o.market == g.market && g.missing.iter().any(|m| (o.first..=o.last).contains(m))
            };
            let mut covering: Vec<&tourstat::query::store_info::OtherPeriod> = Vec::new();
            for o in longer.iter().filter(|o| within(o)) {
                let months = published(o);
                if months.is_empty() {
                    covering.push(o);
                } else {
                    let lost: Vec<(i32, u32)> =
                        g.missing.iter().copied().filter(|m| (o.first..=o.last).contains(m)).collect();
                    beside_months.push((g.market.clone(), lost, o.period.clone(), months));
                }
            }
            if !covering.is_empty() {
                let (by_longer, lost): (Vec<_>, Vec<_>) =
                    g.missing.iter().partition(|m| covering.iter().any(|o| (o.first..=o.last).contains(*m)));
                let periods: Vec<String> = covering.iter().map(|o| o.period.clone()).collect();
                held.push((g.market.clone(), by_longer, periods));
                g.missing = lost;
            }
            g
        })
        .collect();
    let mut report = Report::new(&["market", "first", "last", "missing_months", "missing"]);
    // The periods listed, by name (trial 52 #7: "quarters" where halves were listed too).
    let mut listed: Vec<&str> = [(3, "quarters"), (6, "halves"), (12, "years")]
        .into_iter()
        .filter(|(step, _)| by_periods.iter().any(|g| g.step == *step))
        .map(|(_, name)| name)
        .collect();
    if !by_day.is_empty() {
        listed.push("days");
    }
    report.title = Some(if listed.is_empty() {
        "Monthly arrivals: missing months per market".into()
    } else {
        let names = match listed.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
        format!("Arrivals: missing months (and {names}, where published so) per market")
    });
    let f = |(y, m): (i32, u32)| format!("{y:04}-{m:02}");
    // A market published by quarter (or half, or year) before its months: its series begins
    // with its first figure, and the months none of those figures holds are missing (trial 51:
    // "first 2025-01, missing 1" for a market with quarters from 2023 and one of them missing;
    // one with none of 2020-2023 was not listed at all).
    let mut earlier = Vec::new();
    for g in &gaps {
        let history = history_before(g, &longer);
        let mut missing = history.as_ref().map(|(_, m)| m.clone()).unwrap_or_default();
        missing.extend(g.missing.iter().copied());
        if missing.is_empty() {
            continue;
        }
        let first = match &history {
            Some((label, _)) => {
                earlier.push(g.market.as_str());
                label.clone()
            }
            None => f(g.first),
        };
        report.push(vec![
            Cell::text(&g.market),
            Cell::text(first),
            Cell::text(f(g.last)),
            Cell::Int(missing.len() as i64),
            Cell::text(month_ranges(&missing)),
        ]);
    }
    if !earlier.is_empty() {
        report.note(format!(
            "{}: published by quarter, half or year before {} months: the months none of those figures holds are missing, from {} first figure",
            earlier.join(", "),
            if earlier.len() == 1 { "its" } else { "their" },
            if earlier.len() == 1 { "its" } else { "each one's" }
        ));
    }
    // A market published by quarter (or half, or year) only: its missing periods, in months.
    for g in by_periods.iter().filter(|g| !g.missing.is_empty()) {
        report.push(vec![
            Cell::text(&g.market),
            Cell::text(&g.first),
            Cell::text(&g.last),
            Cell::Int(g.missing.len() as i64 * i64::from(g.step)),
            Cell::text(g.missing.join(", ")),
        ]);
    }
    // A market published by day only: its missing days (no months: missing_months is empty).
    for g in by_day.iter().filter(|g| !g.missing.is_empty()) {
        report.push(vec![
            Cell::text(&g.market),
            Cell::text(g.first.to_string()),
            Cell::text(g.last.to_string()),
            Cell::Empty,
            Cell::text(day_ranges(&g.missing)),
        ]);
    }
    if let Some(g) = by_day.first() {
        let names: Vec<&str> = by_day.iter().map(|g| g.market.as_str()).collect();
        report.note(format!(
            "{}: published by day only: missing days shown (missing_months left empty), from {} first day to the latest day in the store ({})",
            names.join(", "),
            if names.len() == 1 { "its" } else { "each one's" },
            g.last_in_store
        ));
    }
    for step in [3, 6, 12] {
        let of_step: Vec<&PeriodGaps> = by_periods.iter().filter(|g| g.step == step).collect();
        let Some(g) = of_step.first() else { continue };
        let names: Vec<&str> = of_step.iter().map(|g| g.market.as_str()).collect();
        let (one, many) = match step {
            3 => ("quarter", "quarters"),
            6 => ("half", "halves"),
            _ => ("year", "years"),
        };
        report.note(format!(
            "{}: published by {one} only: missing {many} shown ({step} months each), from {} first {one} to the latest the store's figures cover ({})",
            names.join(", "),
            if names.len() == 1 { "its" } else { "each one's" },
            g.last_in_store
        ));
        // A group's periods its members' months make after its own figures: no gap, and said
        // (review 72 M1: "published by quarter only" of Asia, counted by its members' months).
        for g in of_step.iter().filter(|g| !g.by_members.is_empty()) {
            report.note(format!(
                "{}: {} by its members' months, as the answers count {}, after its own figures of {many}",
                g.market,
                g.by_members.join(", "),
                if g.by_members.len() == 1 { "it" } else { "them" },
            ));
        }
    }
    // The same months missing every year: an off season, where a route did not fly (trial 43
    // LOW-5: listed as gaps without a word, where summary asks "a seasonal route?").
    for g in gaps.iter().filter(|g| !g.missing.is_empty()) {
        if let Some(season) = off_season(g) {
            let names: Vec<&str> = season.iter().map(|m| tourstat::chart::MONTHS[*m as usize - 1]).collect();
            report.note(format!(
                "{}: {} missing in every year from {} to {}: a seasonal route's months off season? Where it did not fly, give them as 0 (for every year compared, 2019 too), and summary counts it",
                g.market,
                names.join(", "),
                g.first.0,
                g.last.0
            ));
        }
    }
    for (market, lost, period, months) in &beside_months {
        report.note(format!(
            "{market}: {} missing, though {period} holds {}: beside {} by month, {period} is not read in place of {} (summary, shortfall and claims count months there)",
            month_ranges(lost),
            if lost.len() == 1 { "it" } else { "them" },
            month_ranges(months),
            if lost.len() == 1 { "it" } else { "them" },
        ));
    }
    for (market, months, periods) in &held {
        report.note(format!(
            "{market}: {} {} no monthly figure, but {} {} {} (figures of longer periods): not counted as missing",
            month_ranges(months),
            if months.len() == 1 { "has" } else { "have" },
            periods.join(", "),
            if periods.len() == 1 { "holds" } else { "hold" },
            if months.len() == 1 { "it" } else { "them" },
        ));
    }
    // Days a daily series beside the months lacks: no gap of the months counted, but the
    // feed's (trial 60 M3: "no gaps" where the immigration feed had lost 4 to 6 days).
    if !beside.is_empty() {
        // A series with figures on fewer than half its days is intermittent (a cruise port's
        // ship days), not one with days lost: said so, not listed.
        let shown: Vec<String> = beside
            .iter()
            .take(4)
            .map(|(m, days, span)| {
                if days.len() * 2 > *span {
                    format!(
                        "{m}: figures on {} of its {span} days (an intermittent series?)",
                        span - days.len()
                    )
                } else {
                    format!("{m} {}", day_ranges_short(days))
                }
            })
            .collect();
        report.note(format!(
            "days missing from the daily figures beside {} months (not gaps of the months, which are what is counted): {}{}",
            if beside.len() == 1 { "its" } else { "their" },
            shown.join("; "),
            if beside.len() > 4 { format!("; and {} more markets", beside.len() - 4) } else { String::new() }
        ));
    }
    if report.rows.is_empty() {
        let n = gaps.len() + by_periods.len() + by_day.len();
        report.note(format!(
            "no gaps: {n} market{}, every {} present from each one's first figure on",
            if n == 1 { "" } else { "s" },
            match (by_periods.is_empty() && held.is_empty(), by_day.is_empty()) {
                (true, true) => "month",
                (false, true) => "month (or longer period, where published so)",
                (true, false) => "month (or day, where published so)",
                (false, false) => "month (or other period, where published so)",
            }
        ));
    }
    Ok(report)
}

/// A market's figures of longer periods before its first month (a quarterly series that went
/// monthly): the first of them, and the months between it and the first month that none of
/// them holds.
fn history_before(
    g: &tourstat::analysis::arrivals::Gap,
    longer: &[tourstat::query::store_info::OtherPeriod],
) -> Option<(String, Vec<(i32, u32)>)> {
    let before: Vec<&tourstat::query::store_info::OtherPeriod> =
        longer.iter().filter(|o| o.market == g.market && o.last < g.first).collect();
    let first = before.iter().min_by_key(|o| o.first)?;
    let mut missing = Vec::new();
    let mut at = first.first;
    while at < g.first {
        if !before.iter().any(|o| (o.first..=o.last).contains(&at)) {
            missing.push(at);
        }
        at = if at.1 == 12 { (at.0 + 1, 1) } else { (at.0, at.1 + 1) };
    }
    Some((first.period.clone(), missing))
}

/// A market published by periods longer than a month only (quarters, halves or years) and
/// those of its periods missing between its first and the latest of that length in the store.
struct PeriodGaps {
    market: String,
    /// Months in each period: 3, 6 or 12.
    step: u32,
    first: String,
    last: String,
    last_in_store: String,
    missing: Vec<String>,
    /// Its periods after its own figures that its members' months make, as the answers count
    /// them (review 72 M1).
    by_members: Vec<String>,
}

/// A figure's first and last months (as indices) and its period.
type Span<'a> = (i32, i32, &'a str);

/// The booking feeds: each market's days of booking, its silences that its own rhythm makes
/// unlikely, and whether it stopped while the store went on (trial 65 M3: a week missing of
/// one market was said only in the notes of otb and pace, for the window they read).
fn feeds(opened: &Opened, as_of: Option<NaiveDate>) -> Result<Report> {
    let days = booking_days(&opened.store, (None, as_of))?;
    let Some(until) = days.iter().filter_map(|f| f.days.last().copied()).max() else {
        return Err(Error::Usage(match as_of {
            Some(d) => format!("no booking flows were booked by {d}: ask as of a later date"),
            None => "the store has no booking flows: ingest some with `tourstat ingest bookings FILE`".into(),
        }));
    };
    let mut report = Report::new(&[
        "market",
        "first_booked",
        "last_booked",
        "days_booked",
        "silent_days",
        "silences",
        "status",
    ]);
    report.title = Some(format!(
        "Booking feeds up to {until}: days without a booking that a market's own rhythm makes unlikely"
    ));
    let (mut with_gaps, mut stopped) = (0, 0);
    let (mut yearly, mut early) = (Vec::new(), Vec::new());
    // Days no market was booked on, of the feeds booked about them: the seller closed (a
    // Christmas in a store's first year), no feed out (trial 67 M1: every feed read broken).
    // As otb and pace read them (see `read_as_closed`).
    let sales_closed = |span: (NaiveDate, NaiveDate)| closed_for_all_feeds(&days, span);
    // Days no market was booked on, where 3 or more feeds were booked before and after: none
    // of a feed's rhythm, and said where the store's own rhythm makes them unlikely.
    let Closures { open, shut, closed: closed_days } = closures(&days, until);
    let (mut closed, mut counted): (Vec<(NaiveDate, NaiveDate)>, Vec<_>) = (Vec::new(), Vec::new());
    for feed in &days {
        let Some(mut s) = feed_silences(&feed.days, until, (feed.last_travel, feed.mean_lead), &closed_days)
        else {
            continue;
        };
        s.gaps.retain(|g| {
            let all = sales_closed(*g);
            if all && !closed.contains(g) {
                closed.push(*g);
            }
            !all
        });
        counted.extend(s.gaps.iter().copied());
        let silent: i64 = s.gaps.iter().map(|(from, to)| (*to - *from).num_days() + 1).sum();
        let mut listed: Vec<String> = s.gaps.iter().map(|(from, to)| range_text(*from, *to)).collect();
        if let Some(last) = s.stopped_after {
            listed.push(format!("{}..{until}", last + chrono::Days::new(1)));
        }
        let status = match (s.stopped_after, s.gaps.is_empty()) {
            _ if !s.judged => format!(
                "{} booked: too few to judge",
                match feed.days.len() {
                    1 => "1 day".to_string(),
                    n => format!("{n} days"),
                }
            ),
            (Some(last), _) => {
                stopped += 1;
                format!("stopped after {last}")
            }
            (None, false) => "gaps".to_string(),
            // Silent to the end as on the same days a year before (review 44 M3).
            (None, true) if s.yearly.iter().any(|(_, to)| *to == until) => {
                format!("paused since {}, as a year before", s.last + chrono::Days::new(1))
            }
            // Its route's flights ended where its bookings did (review 42 M1).
            (None, true) if s.ended && (until - s.last).num_days() >= SILENT_DAYS => {
                format!("ended (last travel {})", feed.last_travel)
            }
            (None, true) => "complete".to_string(),
        };
        with_gaps += usize::from(!s.gaps.is_empty());
        // A silence after its first days of bookings: a feed out, or sales not yet open
        // (review 43 M1: such outages were passed over without a word).
        if let Some((from, to)) = early_silence(&feed.days).filter(|_| s.judged) {
            early.push(format!("{} ({}..{})", feed.market, from, to));
        }
        if !s.yearly.is_empty() {
            let spans: Vec<String> = s.yearly.iter().map(|(from, to)| range_text(*from, *to)).collect();
            yearly.push(format!("{} ({})", feed.market, spans.join(", ")));
        }
        report.push(vec![
            Cell::text(&feed.market),
            Cell::text(s.first.to_string()),
            Cell::text(s.last.to_string()),
            Cell::Int(feed.days.len() as i64),
            match s.judged {
                true => Cell::Int(silent + s.stopped_after.map_or(0, |last| (until - last).num_days())),
                false => Cell::Empty,
            },
            Cell::text(listed.join(", ")),
            Cell::text(status),
        ]);
    }
    report.note(format!(
        "a silence is a gap where the market's own rhythm makes it unlikely by chance (a feed booked every day out for {SHORTEST_GAP} days or more, a weekly one missing two deliveries, or one where it never missed one about it); a quiet spell of a trickle of bookings is none, nor are the days before a feed's first booking or after its route's last flight, and a feed of fewer than {FEED_DAYS_JUDGED} days booked is not judged; a pause in sales between seasons is told from a gap by the same days a year before or after, and reads as one where the store holds neither"
    ));
    if !yearly.is_empty() {
        report.note(format!(
            "{}: no booking on the same days a year before or after either, while booked about them: a closure kept every year (sales paused between seasons, a holiday), not counted",
            yearly.join("; ")
        ));
    }
    // Days no market was booked on, said once (below), and not where a feed's gap names them
    // (review 45 H3: a daily feed's outage beside feeds booked weekly).
    let mut runs = shut_runs(&open, &shut);
    runs.retain(|r| !counted.contains(r));
    closed.retain(|c| !runs.contains(c));
    if !closed.is_empty() {
        closed.sort();
        let spans: Vec<String> = closed.iter().map(|(from, to)| range_text(*from, *to)).collect();
        report.note(format!(
            "{}: four in five or more of the feeds booked about these days had no booking on them: sales closed for all, no feed out; not counted",
            spans.join(", ")
        ));
    }
    let runs: Vec<String> = runs.iter().map(|(from, to)| range_text(*from, *to)).collect();
    if !runs.is_empty() {
        report.note(format!(
            "{}: no market was booked on these days, though 3 or more feeds were booked before and after: sales closed for all (a holiday), or days whose bookings the store lacks for every market (a file not loaded)? Not counted as gaps",
            runs.join(", ")
        ));
    }
    // Read by its deliveries (trial 92 H1: a Monday file missed, hidden by a Sunday's one
    // booking for travel before the next).
    let aside: Vec<String> = days
        .iter()
        .filter(|f| !f.aside.is_empty())
        .map(|f| format!("{} ({} days)", f.market, f.aside.len()))
        .collect();
    if !aside.is_empty() {
        report.note(format!(
            "{}: a weekly file's few late bookings or cancellations, each on a day of its own beside its deliveries (under a tenth of the seats of a delivery within ten days), are set aside: its silences and days_booked are of its deliveries",
            aside.join("; ")
        ));
    }
    if !early.is_empty() {
        report.note(format!(
            "{}: booked on its first day or few, then on none for {SILENT_DAYS} days or more: a feed out from its start, or sales opened after early bookings? Not counted as a gap",
            early.join("; ")
        ));
    }
    // Markets of the tree with no flow at all (review 42 L4).
    let fed: Vec<&str> = days.iter().map(|f| f.market.as_str()).collect();
    let unfed: Vec<String> = opened
        .tree
        .depth_first()
        .into_iter()
        .map(|(_, m)| m)
        .filter(|m| opened.tree.children(m).is_empty() && !fed.contains(m))
        .map(str::to_string)
        .collect();
    if !unfed.is_empty() {
        report.note(format!(
            "{}: in the market tree, with no booking flow in the store{}",
            tourstat::query::year_to_date::some_names(&unfed, 8),
            as_of.map_or(String::new(), |d| format!(" booked by {d}"))
        ));
    }
    if with_gaps + stopped > 0 {
        report.note(format!(
            "{with_gaps} of {} feeds with gaps, {stopped} stopped: load the days missing, or the feed again; `otb` and `pace` name the gaps of the bookings of the window they read",
            days.len()
        ));
    }
    Ok(report)
}

/// The silence of `SILENT_DAYS` or more after a feed's first days of bookings, fewer than
/// `FEED_DAYS_BEGUN`, which `feed_silences` does not judge.
fn early_silence(days: &std::collections::BTreeSet<NaiveDate>) -> Option<(NaiveDate, NaiveDate)> {
    let booked: Vec<NaiveDate> = days.iter().take(FEED_DAYS_BEGUN).copied().collect();
    booked
        .windows(2)
        .find(|d| (d[1] - d[0]).num_days() > SILENT_DAYS)
        .map(|d| (d[0] + chrono::Days::new(1), d[1] - chrono::Days::new(1)))
}

/// Days from `from` to `to` as a range (one day alone as itself).
fn range_text(from: NaiveDate, to: NaiveDate) -> String {
    match from == to {
        true => from.to_string(),
        false => format!("{from}..{to}"),
    }
}

/// The missing periods of the markets with no monthly figure, by their shortest period.
fn longer_series_gaps(
    monthly: &[tourstat::analysis::arrivals::Gap],
    longer: &[tourstat::query::store_info::OtherPeriod],
    covered: impl Fn(&str, (i32, u32)) -> bool,
) -> Vec<PeriodGaps> {
    use std::collections::{BTreeMap, BTreeSet};
    let months = |(y, m): (i32, u32)| y * 12 + m as i32 - 1;
    let step_of =
        |o: &tourstat::query::store_info::OtherPeriod| (months(o.last) - months(o.first) + 1) as u32;
    let by_month: BTreeSet<&str> = monthly.iter().map(|g| g.market.as_str()).collect();
    // Each market's periods (as their first and last months' indices), and its shortest length;
    // a market published by half and then by quarter is one series, its halves its history
    // (trial 51: "published by quarter only, first 2025-Q1", its 2024 halves left out).
    let mut all: BTreeMap<&str, (u32, Vec<Span>)> = BTreeMap::new();
    for o in longer.iter().filter(|o| !by_month.contains(o.market.as_str())) {
        let step = step_of(o);
        if ![3, 6, 12].contains(&step) || (o.first.1 - 1) % step != 0 {
            continue;
        }
        let entry = all.entry(o.market.as_str()).or_insert((step, Vec::new()));
        entry.0 = entry.0.min(step);
        entry.1.push((months(o.first), months(o.last), o.period.as_str()));
    }
    // Each market's periods of its shortest length from its first figure on, as their first
    // month's index: those its figures hold whole (its own, or a longer one of its history), and
    // those after, a group's, its members' months make, as the answers count them (review 72
    // M1: Asia's 2026-Q1 listed missing after its own quarters of 2025, where summary counted
    // China's and Japan's months).
    let latest_month = monthly.iter().map(|g| months(g.last)).max();
    let month_at = |i: i32| (i.div_euclid(12), i.rem_euclid(12) as u32 + 1);
    // (Its length, its periods' starts, its first period's label, those its members make.)
    type Series = (u32, BTreeSet<i32>, String, BTreeSet<i32>);
    let mut series: BTreeMap<&str, Series> = BTreeMap::new();
    for (market, (step, periods)) in &all {
        let Some(&(first, _, first_label)) = periods.iter().min_by_key(|(f, _, _)| *f) else { continue };
        let held = |m: i32| periods.iter().any(|(f, l, _)| (*f..=*l).contains(&m));
        let last = periods.iter().map(|(_, l, _)| *l).max().unwrap_or(first);
        let whole = |s: &i32, by: &dyn Fn(i32) -> bool| (*s..*s + *step as i32).all(by);
        let starts: BTreeSet<i32> =
            (first..=last).step_by(*step as usize).filter(|s| whole(s, &held)).collect();
        let by_members: BTreeSet<i32> = (last + 1..=latest_month.unwrap_or(last))
            .step_by(*step as usize)
            .filter(|s| whole(s, &|m| covered(market, month_at(m))))
            .collect();
        series.insert(market, (*step, starts, first_label.to_string(), by_members));
    }
    // The latest period of each length in the store: its latest of that length, or the latest
    // whole one its months reach (a quarterly market late with the second quarter, where the
    // months run to June, is late, whether or not another market has the quarter).
    let mut latest: BTreeMap<u32, i32> = BTreeMap::new();
    for (step, starts, _, by_members) in series.values() {
        if let Some(last) = by_members.last().or(starts.last()) {
            let l = latest.entry(*step).or_insert(*last);
            *l = (*l).max(*last);
            if let Some(month) = latest_month {
                let whole = (month + 1).div_euclid(*step as i32) * *step as i32 - *step as i32;
                *l = (*l).max(whole);
            }
        }
    }
    let label = |start: i32, step: u32| {
        let (y, m) = (start.div_euclid(12), start.rem_euclid(12) as u32 + 1);
        match step {
            3 => format!("{y}-Q{}", (m - 1) / 3 + 1),
            6 => format!("{y}-H{}", (m - 1) / 6 + 1),
            _ => format!("{y}"),
        }
    };
    series
        .into_iter()
        .filter_map(|(market, (step, starts, first_label, by_members))| {
            let first = *starts.first()?;
            let last = *by_members.last().or(starts.last())?;
            let end = latest[&step];
            let missing = (first..=end)
                .step_by(step as usize)
                .filter(|s| !starts.contains(s) && !by_members.contains(s))
                .map(|s| label(s, step))
                .collect();
            Some(PeriodGaps {
                market: market.to_string(),
                step,
                first: first_label,
                last: label(last, step),
                last_in_store: label(end, step),
                missing,
                by_members: by_members.iter().map(|s| label(*s, step)).collect(),
            })
        })
        .collect()
}

/// A market published by day only and its days missing between its first and the latest day
/// of any such market in the store.
struct DayGaps {
    market: String,
    first: NaiveDate,
    last: NaiveDate,
    last_in_store: NaiveDate,
    missing: Vec<NaiveDate>,
}

/// The missing days of the markets with neither monthly nor longer periods' figures.
fn day_gaps(
    monthly: &[tourstat::analysis::arrivals::Gap],
    longer: &[PeriodGaps],
    daily: Vec<(String, Vec<NaiveDate>)>,
) -> Vec<DayGaps> {
    let daily: Vec<(String, Vec<NaiveDate>)> = daily
        .into_iter()
        .filter(|(m, _)| !monthly.iter().any(|g| &g.market == m) && !longer.iter().any(|g| &g.market == m))
        .collect();
    let Some(end) = daily.iter().filter_map(|(_, days)| days.last().copied()).max() else {
        return Vec::new();
    };
    daily
        .into_iter()
        .filter_map(|(market, days)| {
            let (first, last) = (*days.first()?, *days.last()?);
            let have: std::collections::BTreeSet<NaiveDate> = days.into_iter().collect();
            let missing = first.iter_days().take_while(|d| *d <= end).filter(|d| !have.contains(d)).collect();
            Some(DayGaps { market, first, last, last_in_store: end, missing })
        })
        .collect()
}

/// The markets with months whose daily figures beside them lack days between their own first
/// and last day (not after: a feed behind another's, or retired, is no gap of its days; review
/// 34 M3), each with those days and how many days its span has.
fn days_beside_months(
    monthly: &[tourstat::analysis::arrivals::Gap],
    daily: &[(String, Vec<NaiveDate>)],
) -> Vec<(String, Vec<NaiveDate>, usize)> {
    daily
        .iter()
        .filter(|(m, _)| monthly.iter().any(|g| &g.market == m))
        .filter_map(|(market, days)| {
            let (first, last) = (*days.first()?, *days.last()?);
            let have: std::collections::BTreeSet<&NaiveDate> = days.iter().collect();
            let missing: Vec<NaiveDate> =
                first.iter_days().take_while(|d| *d <= last).filter(|d| !have.contains(d)).collect();
            let span = (last - first).num_days() as usize + 1;
            (!missing.is_empty()).then(|| (market.clone(), missing, span))
        })
        .collect()
}

/// `day_ranges`, its first five runs only where there are more.
fn day_ranges_short(days: &[NaiveDate]) -> String {
    let all = day_ranges(days);
    let Some((runs, count)) = all.rsplit_once(" (") else { return all };
    let runs: Vec<&str> = runs.split(", ").collect();
    if runs.len() <= 5 {
        return all;
    }
    format!("{}, ... ({count}", runs[..5].join(", "))
}

/// Days written compactly, with how many: "2025-01-03, 2025-01-05..2025-02-28 (57 days)".
fn day_ranges(days: &[NaiveDate]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let start = days[i];
        while i + 1 < days.len() && days[i + 1] == days[i] + chrono::Days::new(1) {
            i += 1;
        }
        parts.push(if days[i] == start { start.to_string() } else { format!("{start}..{}", days[i]) });
        i += 1;
    }
    format!("{} ({} day{})", parts.join(", "), days.len(), if days.len() == 1 { "" } else { "s" })
}

/// The calendar months a market misses in every year it spans, where those are all it misses
/// and each is missed in two years or more (a winter closure across the turn of the year, in a
/// span of no whole year but one: trial 65 M2): its off season (none otherwise).
fn off_season(g: &tourstat::analysis::arrivals::Gap) -> Option<Vec<u32>> {
    let season: Vec<u32> = (1..=12).filter(|m| g.missing.iter().any(|(_, mo)| mo == m)).collect();
    if season.is_empty() || season.len() > 10 {
        return None;
    }
    let twice = season.iter().all(|m| g.missing.iter().filter(|(_, mo)| mo == m).count() >= 2);
    if !twice {
        return None;
    }
    // Every month missing is of the season, and every month of the season in the span is missing.
    let in_span = |y: i32, m: u32| (y, m) >= g.first && (y, m) <= g.last;
    let of_season = g.missing.iter().all(|(_, m)| season.contains(m));
    let all_missing = (g.first.0..=g.last.0)
        .all(|y| season.iter().filter(|m| in_span(y, **m)).all(|m| g.missing.contains(&(y, *m))));
    (of_season && all_missing).then_some(season)
}
