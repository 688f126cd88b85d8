use std::collections::HashMap;
use std::path::Path;

use tourstat::analysis::coverage::market_coverage;
use tourstat::columns;
use tourstat::error::Result;
use tourstat::kind::Kind;
use tourstat::output::{Cell, Report};
use tourstat::store::Store;

use super::OutputArgs;

/// The market tree, with each market's first and last period and row counts.
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
    let store = Store::open(store_dir);
    let tree = store.market_tree()?;
    let coverage = market_coverage(store.scan(Kind::Arrivals, None)?, store.scan(Kind::Bookings, None)?)?;
    let names = columns::strings(&coverage, "market")?;
    let first = columns::dates(&coverage, "first")?;
    let last = columns::dates(&coverage, "last")?;
    let arrivals = columns::ints(&coverage, "arrival_rows")?;
    let bookings = columns::ints(&coverage, "booking_rows")?;
    let mut by_market = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        if let Some(n) = name {
            by_market.insert(n.clone(), i);
        }
    }
    let mut outside: Vec<String> = by_market.keys().filter(|m| tree.resolve(m).is_none()).cloned().collect();
    outside.sort();
    let mut report =
        Report::new(&["market", "parent", "aliases", "first", "last", "arrival_rows", "booking_rows"]);
    let mut row = |label: String, parent: String, aliases: String, name: &str| {
        let i = by_market.remove(name);
        let day = |v: &Vec<Option<chrono::NaiveDate>>| {
            i.and_then(|i| v[i]).map_or(Cell::Empty, |d| Cell::text(d.to_string()))
        };
        report.push(vec![
            Cell::text(label),
            Cell::text(parent),
            Cell::text(aliases),
            day(&first),
            day(&last),
            Cell::opt_count(i.and_then(|i| arrivals[i])),
            Cell::opt_count(i.and_then(|i| bookings[i])),
        ]);
    };
    let indent =
        matches!(a.output.format, tourstat::output::Format::Table | tourstat::output::Format::Markdown);
    for (depth, name) in tree.depth_first() {
        let node = tree.get(name).cloned();
        let label = if indent { format!("{}{name}", "  ".repeat(depth)) } else { name.to_string() };
        let parent = node.as_ref().and_then(|n| n.parent.clone()).unwrap_or_default();
        let aliases = node.map(|n| n.aliases.join("; ")).unwrap_or_default();
        row(label, parent, aliases, name);
    }
    for name in &outside {
        row(name.clone(), String::new(), String::new(), name);
    }
    if tree.is_empty() {
        report.note("no market tree: ingest one with `tourstat ingest markets FILE` to roll figures up");
    } else if !outside.is_empty() {
        report.note(format!("{} market(s) with figures are not in the tree", outside.len()));
    }
    a.output.print(&report)
}
