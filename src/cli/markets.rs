use std::path::Path;

use tourstat::error::Result;
use tourstat::output::{Cell, Format, Report};
use tourstat::query::store_info::markets;

use super::select::indented;

use super::OutputArgs;

/// The market tree, with each market's first and last period (of figures, forecasts left out) and
/// row counts.
///
/// `first` and `last` are days: the earliest and latest of its arrivals (a month's first and
/// last day) and of its flows' days of travel together.
///
/// Examples:
///   tourstat markets
///   tourstat markets --format csv
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(store_dir: &Path, a: Args) -> Result<()> {
    let store = super::select::existing(store_dir)?;
    let tree = store.market_tree()?;
    let lines = markets(&store, &tree)?;
    let mut report =
        Report::new(&["market", "parent", "aliases", "first", "last", "arrival_rows", "booking_rows"]);
    let indent = matches!(a.output.format, Format::Table | Format::Markdown);
    let day = |d: Option<chrono::NaiveDate>| d.map_or(Cell::Empty, |d| Cell::text(d.to_string()));
    for l in &lines {
        report.push(vec![
            Cell::text(indented(l.depth, &l.market, indent)),
            Cell::text(l.parent.clone().unwrap_or_default()),
            Cell::text(l.aliases.join("; ")),
            day(l.first),
            day(l.last),
            Cell::opt_count(l.arrival_rows),
            Cell::opt_count(l.booking_rows),
        ]);
    }
    let outside = lines.iter().filter(|l| l.outside_tree).count();
    if tree.is_empty() {
        report.note("no market tree: ingest one with `tourstat ingest markets FILE` to roll figures up");
    } else if outside > 0 {
        report.note(format!(
            "{outside} market(s) with figures are not in the tree, or are stored under a spelling the tree reads as another market's (not counted as it)"
        ));
    }
    a.output.print(&report)
}
