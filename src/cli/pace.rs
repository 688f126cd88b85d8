use std::path::Path;

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

use tourstat::analysis::otb::{pace_curve, seats_by_lead, PacePoint};
use tourstat::analysis::rollup::subtree;
use tourstat::columns;
use tourstat::error::{Error, PolarsContext, Result};
use tourstat::kind::Kind;
use tourstat::output::{Cell, Report};
use tourstat::period::{LyRule, Window};

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
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Travel window, inclusive: 2025-06-01..2025-12-31, 2025-06..2025-12, 2025-Q3.
    #[arg(long, value_parser = parse_with::<Window>)]
    pub travel: Window,
    /// A market (and everything below it); all markets when absent.
    #[arg(long)]
    pub market: Option<String>,
    /// Longest lead shown, in days before the window starts.
    #[arg(long, default_value_t = 180)]
    pub lead: i64,
    /// Days between rows.
    #[arg(long, default_value_t = 7)]
    pub step: i64,
    /// What was known on this date.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Last year: 364 (days, same weekday) or calendar.
    #[arg(long, default_value = "364", value_parser = parse_with::<LyRule>)]
    pub ly: LyRule,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The curve for a window and market, as `pace` prints and the chart draws it.
pub fn curve(opened: &Opened, a: &Args) -> Result<(String, Vec<PacePoint>)> {
    let ly_window = a.travel.last_year(a.ly);
    let Some(bookings) =
        opened.store.scan(Kind::Bookings, Some((ly_window.from.year(), a.travel.to.year())))?
    else {
        return Err(Error::Usage(format!("the store has no booking flows for travel in {}", a.travel)));
    };
    let (label, markets) = match &a.market {
        Some(m) => {
            let m = opened.market(m)?;
            let below = if opened.tree.is_empty() { vec![m.clone()] } else { subtree(&opened.tree, &m) };
            (m, below)
        }
        None => ("all markets".to_string(), Vec::new()),
    };
    let known_until = match a.as_of {
        Some(d) => Some(d),
        None => {
            let last = bookings
                .clone()
                .select([col("booked_on").max()])
                .collect()
                .context("finding the last booking")?;
            columns::dates(&last, "booked_on")?.first().copied().flatten()
        }
    };
    let by_lead = seats_by_lead(bookings, &a.travel, a.ly, &markets)
        .collect_with_engine(Engine::Streaming)
        .map(|r| r.unwrap_single())
        .context("building the booking curve")?;
    Ok((label, pace_curve(&by_lead, &a.travel, a.lead, a.step, known_until)?))
}

pub fn run(store_dir: &Path, a: Args) -> Result<()> {
    let opened = open(store_dir)?;
    let (label, points) = curve(&opened, &a)?;
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
        "Booking curve for travel {} ({label}), against {}",
        a.travel,
        a.travel.last_year(a.ly)
    ));
    let mut previous: Option<&PacePoint> = None;
    for p in &points {
        let pickup = previous.and_then(|q| Some(p.seats? - q.seats?));
        let change = p.seats.filter(|_| p.seats_ly > 0).map(|s| (s as f64 / p.seats_ly as f64 - 1.0) * 100.0);
        report.push(vec![
            Cell::Count(p.lead_days),
            Cell::text(p.as_of.to_string()),
            Cell::opt_count(p.seats),
            Cell::Count(p.seats_ly),
            Cell::opt_percent(change),
            Cell::opt_count(pickup),
            previous.map_or(Cell::Empty, |q| Cell::Count(p.seats_ly - q.seats_ly)),
        ]);
        previous = Some(p);
    }
    if points.iter().any(|p| p.seats.is_none()) {
        report.note("empty: not known yet on the last booking date in the store (or --as-of)");
    }
    a.output.print(&report)
}
