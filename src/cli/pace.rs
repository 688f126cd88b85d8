use std::path::Path;

use chrono::NaiveDate;

use tourstat::analysis::change_pct;
use tourstat::analysis::otb::PacePoint;
use tourstat::error::Result;
use tourstat::output::{Cell, Report};
use tourstat::period::{LyRule, Window};
use tourstat::query::pace::{pace, Pace, PaceRequest, MAX_LEAD_DAYS};

use super::select::{open, Opened};
use super::{parse_date, parse_with, OutputArgs};

/// The booking curve: seats on the books at each lead before a travel window starts, this
/// year against last year, and the pickup between two rows.
///
/// A row for lead L gives the seats booked at least L days before the window's first day for
/// travel in the window. Points later than --as-of (default: the last booking in the store)
/// are not known yet and are left empty.
///
/// Examples:
///   tourstat pace --travel 2025-06-01..2025-12-31
///   tourstat pace --travel 2025-Q3 --market Long-haul --lead 120 --step 14
#[derive(Debug, Clone, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Travel window, inclusive: 2025-06-01..2025-12-31, 2025-06..2025-12, 2025-Q3.
    #[arg(long, value_parser = parse_with::<Window>)]
    pub travel: Window,
    /// A market (and everything below it); all markets when absent.
    #[arg(long)]
    pub market: Option<String>,
    /// Leave a market (and everything below it) out of the curve: a route whose last year is
    /// not known, for the others' curve against theirs a year before (repeatable).
    #[arg(long)]
    pub without: Vec<String>,
    /// Longest lead shown, in days before the window starts (0 to 3660).
    #[arg(long, default_value_t = 180, value_parser = clap::value_parser!(i64).range(0..=MAX_LEAD_DAYS))]
    pub lead: i64,
    /// Days between rows (1 to 3660).
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(i64).range(1..=MAX_LEAD_DAYS))]
    pub step: i64,
    /// What was known on this date.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Last year of a window in days: 364 (days, same weekday; the default) or calendar.
    #[arg(long, value_parser = parse_with::<LyRule>)]
    pub ly: Option<LyRule>,
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
    let ly = a.ly.unwrap_or_default();
    let pace = curve(opened, a.travel, (a.market.as_deref(), &a.without), (a.lead, a.step), a.as_of, ly)?;
    let mut report = Report::new(&[
        "lead_days",
        "as_of",
        "seats_on_books",
        "seats_on_books_ly",
        "change_pct",
        "pickup",
        "pickup_ly",
    ]);
    report.title = Some(format!(
        "Booking curve for travel {} ({}), against {}",
        a.travel,
        pace.label,
        a.travel.last_year(ly)
    ));
    let mut previous: Option<&PacePoint> = None;
    for p in &pace.points {
        let pickup = previous.and_then(|q| Some(p.seats? - q.seats?));
        let pickup_ly = previous.and_then(|q| Some(p.seats_ly? - q.seats_ly?));
        let change = p.seats.zip(p.seats_ly).and_then(|(s, ly)| change_pct(s as f64, ly as f64));
        report.push(vec![
            Cell::Int(p.lead_days),
            Cell::text(p.as_of.to_string()),
            Cell::opt_count(p.seats),
            Cell::opt_count(p.seats_ly),
            Cell::opt_percent(change),
            Cell::opt_count(pickup),
            Cell::opt_count(pickup_ly),
        ]);
        previous = Some(p);
    }
    // Points after the last day known; those empty before it are told by the notes below.
    if let Some(until) = pace.until.filter(|u| pace.points.iter().any(|p| p.seats.is_none() && p.as_of > *u))
    {
        // An --as-of after the store's last booking knows no more than that booking: said so,
        // never as days not come yet.
        report.note(match a.as_of.filter(|d| *d > until) {
            Some(d) => format!(
                "empty after {until}: the store's last booking is on {until}, before --as-of {d}: what was booked after it is not in the store (ingest the later flows)"
            ),
            None => format!("empty after {until}: not known yet on the last booking date in the store (or --as-of)"),
        });
    }
    for n in &pace.notes {
        report.note(n.clone());
    }
    if let Some(n) = a.travel.ly_not_used(a.ly) {
        report.note(n);
    }
    Ok(report)
}

/// The markets that leave last year's curve of all markets unknown (routes new since), where
/// the others have one: the brief draws the others' curve, like with like.
pub fn unknown_last_year(opened: &Opened, travel: Window, as_of: NaiveDate, ly: LyRule) -> Vec<String> {
    // From twelve weeks before the day asked on to the window's start: a point known, where the
    // store has one (trial 80 L1: a feed stopped a week before the day asked left its one
    // point empty, and the brief drew all markets with no last year, not the others').
    let lead = (travel.from - as_of).num_days().max(0);
    let leads = ((lead + 84).min(tourstat::query::pace::MAX_LEAD_DAYS), 7);
    let unknown = match curve(opened, travel, (None, &[]), leads, Some(as_of), ly) {
        Ok(p) if p.points.iter().all(|p| p.seats_ly.is_none()) => p.ly_unknown,
        _ => return Vec::new(),
    };
    // Only where the others' curve has a last year (review 41 M1).
    match curve(opened, travel, (None, &unknown), leads, Some(as_of), ly) {
        Ok(p) if !unknown.is_empty() && p.points.iter().any(|p| p.seats_ly.is_some()) => unknown,
        _ => Vec::new(),
    }
}

/// The curve as `pace` prints it and the chart draws it.
pub fn curve(
    opened: &Opened,
    travel: Window,
    (market, without): (Option<&str>, &[String]),
    (lead, step): (i64, i64),
    as_of: Option<NaiveDate>,
    ly: LyRule,
) -> Result<Pace> {
    let market = market.map(|m| opened.market(m)).transpose()?;
    // A market of the flows the tree lacks is left out by its name as stored (review 42 M3:
    // the note offered `--without X` for a new route not in the tree, and it was refused).
    let mut without: Vec<String> =
        without.iter().map(|m| opened.market(m).unwrap_or_else(|_| m.clone())).collect();
    // Named twice, said once (review 43 L5).
    let mut seen = std::collections::HashSet::new();
    without.retain(|m| seen.insert(m.clone()));
    let req = PaceRequest { travel, market, without, lead, step, as_of, ly };
    pace(&opened.store, &opened.tree, &req)
}
