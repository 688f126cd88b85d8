use std::path::Path;

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

use tourstat::analysis::otb::{
    otb_by_market, otb_lines_from_flows, otb_lines_from_snapshots, snapshots_for, OtbLine, OtbQuery,
};
use tourstat::columns;
use tourstat::error::{Error, PolarsContext, Result};
use tourstat::kind::Kind;
use tourstat::output::{thousands, Cell, Format, Report};
use tourstat::period::{LyRule, Window};

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
/// --ly calendar shifts them by one calendar year; a window in months shifts one year.
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
    /// Last year: 364 (days, same weekday) or calendar.
    #[arg(long, default_value = "364", value_parser = parse_with::<LyRule>)]
    pub ly: LyRule,
    /// Where the figures come from: flows, snapshots, or auto (flows when the store has
    /// booking flows for the window, published snapshots otherwise).
    #[arg(long, default_value = "auto", value_parser = ["auto", "flows", "snapshots"])]
    pub from: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(store_dir: &Path, a: Args) -> Result<()> {
    let opened = open(store_dir)?;
    let q = OtbQuery { as_of: a.as_of, window: a.travel, ly: a.ly };
    let (lines, basis) = otb_lines(&opened, &q, &a.from, &a.markets)?;
    let mut report = Report::new(&["market", "seats", "seats_ly", "change", "change_pct", "basis"]);
    let (ly_as_of, ly_window) = q.last_year();
    report.title = Some(format!(
        "Seats on the books as of {} for travel {}, against {} for {} ({basis})",
        q.as_of, q.window, ly_as_of, ly_window
    ));
    let indent = matches!(a.output.format, Format::Table | Format::Markdown);
    let mut derived = false;
    // Indent from the shallowest market shown, which need not be the root.
    let base = lines.iter().map(|l| l.depth).min().unwrap_or(0);
    for l in &lines {
        let ly_cell = match (l.seats_ly, l.seats_ly_derived) {
            (Some(v), true) => {
                derived = true;
                Cell::Derived(v)
            }
            (Some(v), false) => Cell::Count(v.round() as i64),
            (None, _) => Cell::Empty,
        };
        let change = match (l.change(), l.seats_ly_derived) {
            (Some(c), false) => Cell::Count(c.round() as i64),
            (Some(c), true) => Cell::Derived(c),
            (None, _) => Cell::Empty,
        };
        let row_basis = if l.seats_ly_derived { "published; ly derived" } else { basis };
        report.push(vec![
            Cell::text(indented(l.depth - base, &l.market, indent)),
            Cell::opt_count(l.seats.map(|s| s.round() as i64)),
            ly_cell,
            change,
            Cell::opt_percent(l.change_pct),
            Cell::text(row_basis),
        ]);
        if l.unallocated.abs() >= 0.5 {
            let members = opened.tree.children(&l.market);
            let shown: Vec<&OtbLine> =
                lines.iter().filter(|o| members.contains(&o.market.as_str())).collect();
            let sum: f64 = shown.iter().filter_map(|o| o.seats).sum();
            let names: Vec<&str> = shown.iter().map(|o| o.market.as_str()).collect();
            report.note(if basis == "flows" {
                format!(
                    "{}: {} seats were booked to {} itself and are not allocated to any of its members",
                    l.market,
                    thousands(l.unallocated.round() as i64),
                    l.market
                )
            } else {
                format!(
                    "{}: its members shown ({}) add up to {}, {} {} its own figure: unallocated",
                    l.market,
                    names.join(", "),
                    thousands(sum.round() as i64),
                    thousands(l.unallocated.abs().round() as i64),
                    if l.unallocated > 0.0 { "short of" } else { "more than" }
                )
            });
        }
    }
    if derived {
        report.note(
            "* derived: last year's seats implied by the published change, seats / (1 + change_pct/100)",
        );
    }
    a.output.print(&report)
}

/// The on-the-books lines for a query, and the basis they rest on ("flows" or "published").
pub fn otb_lines(
    opened: &Opened,
    q: &OtbQuery,
    from: &str,
    sel: &MarketArgs,
) -> Result<(Vec<OtbLine>, &'static str)> {
    let years = q.travel_years();
    let flows = match from {
        "snapshots" => None,
        _ => opened.store.scan(Kind::Bookings, Some(years))?,
    };
    if let Some(bookings) = flows {
        let by_market = otb_by_market(bookings, q)
            .collect_with_engine(Engine::Streaming)
            .map(|r| r.unwrap_single())
            .context("counting seats on the books")?;
        let names: Vec<String> = columns::strings(&by_market, "market")?.into_iter().flatten().collect();
        let shown = opened.shown(sel, &names)?;
        return Ok((otb_lines_from_flows(&opened.tree, &by_market, &shown)?, "flows"));
    }
    if from == "flows" {
        return Err(Error::Usage(format!(
            "the store has no booking flows for travel in {}..{}; ingest bookings, or use --from snapshots",
            years.0, years.1
        )));
    }
    let Some(otb) = opened.store.scan(Kind::Otb, Some((q.as_of.year() - 1, q.as_of.year())))? else {
        return Err(Error::Usage(
            "the store has neither booking flows nor published snapshots (otb) for this window".into(),
        ));
    };
    let snaps = snapshots_for(otb.clone(), q).collect().context("reading snapshots")?;
    if snaps.height() == 0 {
        let known = otb
            .select([col("as_of"), col("travel_from"), col("travel_to")])
            .unique(None, UniqueKeepStrategy::First)
            .sort(["as_of", "travel_from"], SortMultipleOptions::default())
            .collect()
            .context("listing snapshots")?;
        let (a, f, t) = (
            columns::dates(&known, "as_of")?,
            columns::dates(&known, "travel_from")?,
            columns::dates(&known, "travel_to")?,
        );
        let list: Vec<String> = (0..known.height())
            .filter_map(|i| Some(format!("as of {} for {}..{}", a[i]?, f[i]?, t[i]?)))
            .collect();
        return Err(Error::Usage(format!(
            "no published snapshot for travel {} known on {}; the store has: {}",
            q.window,
            q.as_of,
            list.join("; ")
        )));
    }
    let names: Vec<String> = columns::strings(&snaps, "market")?.into_iter().flatten().collect();
    let shown = opened.shown(sel, &names)?;
    Ok((otb_lines_from_snapshots(&opened.tree, &snaps, &shown)?, "published"))
}
