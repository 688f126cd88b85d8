use std::path::Path;

use chrono::NaiveDate;

use tourstat::analysis::otb::OtbQuery;
use tourstat::error::Result;
use tourstat::output::{Cell, Format, Report};
use tourstat::period::{LyRule, Window};
use tourstat::query::on_the_books::{on_the_books, Basis, Source};

use super::select::{indented, open, MarketArgs, Opened};
use super::{parse_date, parse_with, OutputArgs};

/// Seats on the books for a travel window, against the same time last year.
///
/// From booking flows (seats booked on or before --as-of for travel in the window), rolled up
/// the market tree; or from published snapshots for exactly that window, the latest known on
/// --as-of. Where a snapshot gives only a change, last year's seats are derived from it
/// (seats / (1 + change)) and marked with *.
///
/// Last year: a window in days and the snapshot date shift back 364 days (same weekdays);
/// --ly calendar shifts them by one calendar year; a window in months shifts one year, and
/// its snapshot with it, as many days ahead of last year's window as this one is of this
/// year's (as of 2025-07-01 for 2025-11 against 2024-07-01 for 2024-11).
///
/// Examples:
///   tourstat otb --as-of 2025-07-01 --travel 2025-06-01..2025-12-31
///   tourstat otb --as-of 2025-07-01 --travel 2025-06-01..2025-12-31 --format csv
///   tourstat otb --as-of 2025-07-01 --travel 2025-07-01..2025-09-30 --market Long-haul --from snapshots
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The snapshot date: bookings made on or before it count.
    #[arg(long, value_parser = parse_date)]
    pub as_of: NaiveDate,
    /// Travel window, inclusive: 2025-06-01..2025-12-31, 2025-06..2025-12, 2025-Q3.
    #[arg(long, value_parser = parse_with::<Window>)]
    pub travel: Window,
    #[command(flatten)]
    pub markets: MarketArgs,
    /// Last year of a window in days: 364 (days, same weekday; the default) or calendar.
    #[arg(long, value_parser = parse_with::<LyRule>)]
    pub ly: Option<LyRule>,
    /// Where the figures come from: flows, snapshots, or auto (flows when the store has
    /// booking flows, published snapshots when it has none; a window the flows do not cover
    /// is refused, naming a snapshot of it where the store has one: --from snapshots).
    #[arg(long, default_value = "auto", value_parser = parse_with::<Source>)]
    pub from: Source,
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
    let q = OtbQuery { as_of: a.as_of, window: a.travel, ly: a.ly.unwrap_or_default() };
    let books = on_the_books(&opened.store, &opened.tree, &q, a.from, &opened.selection(&a.markets)?)?;
    let (lines, basis) = (&books.lines, books.basis.as_str());
    let indent = matches!(a.output.format, Format::Table | Format::Markdown);
    // CSV and JSON end with each market's parent and depth, as summary's do: a program adding
    // up the seats column would count a group and its members alike (trial 65 M5).
    let mut columns = vec!["market", "seats", "seats_ly", "change", "change_pct", "basis"];
    if !indent {
        columns.extend(["parent", "depth"]);
    }
    let mut report = Report::new(&columns);
    let (ly_as_of, ly_window) = q.last_year();
    report.title = Some(match books.published {
        // A snapshot's last year is the publisher's, whatever --ly; its date may be before
        // the one asked for.
        Some((first, last)) => format!(
            "Seats on the books for travel {} as published {}{}, against last year as published or implied by its change ({basis})",
            q.window,
            if first == last { format!("as of {first}") } else { format!("as of {first} to {last}") },
            if last == q.as_of { String::new() } else { format!(" (the latest known on {})", q.as_of) }
        ),
        None => format!(
            "Seats on the books as of {} for travel {}, against {} for {} ({basis})",
            q.as_of, q.window, ly_as_of, ly_window
        ),
    });
    // Indent from the shallowest market shown, which need not be the root.
    let base = lines.iter().map(|l| l.depth).min().unwrap_or(0);
    for l in lines {
        let ly_cell = match (l.seats_ly, l.seats_ly_derived) {
            (Some(v), true) => Cell::Derived(v),
            (Some(v), false) => Cell::Count(v.round() as i64),
            (None, _) => Cell::Empty,
        };
        let change = match (l.change(), l.seats_ly_derived) {
            (Some(c), false) => Cell::Count(c.round() as i64),
            (Some(c), true) => Cell::Derived(c),
            (None, _) => Cell::Empty,
        };
        let row_basis = if l.seats_ly_derived { "published; ly derived" } else { basis };
        let mut row = vec![
            Cell::text(indented(l.depth - base, &l.market, indent)),
            Cell::opt_count(l.seats.map(|s| s.round() as i64)),
            ly_cell,
            change,
            Cell::opt_percent(l.change_pct),
            Cell::text(row_basis),
        ];
        if !indent {
            row.extend(super::summary::parent_and_depth(&opened.tree, &l.market));
        }
        report.push(row);
    }
    for n in &books.notes {
        report.note(n.clone());
    }
    if let Some(n) = ly_not_used(a.ly, &a.travel, books.basis) {
        report.note(n);
    }
    Ok(report)
}

/// A note where `--ly` was given and makes no difference: a published snapshot's last year is
/// its publisher's, and a window in months is compared with the same months a year before.
pub fn ly_not_used(ly: Option<LyRule>, travel: &Window, basis: Basis) -> Option<String> {
    match (ly, basis) {
        (Some(_), Basis::Published) => Some(
            "--ly is not used: a published snapshot's last year is the one its publisher compared with"
                .into(),
        ),
        _ => travel.ly_not_used(ly),
    }
}
