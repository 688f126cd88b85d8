use std::path::Path;

use chrono::NaiveDate;

use tourstat::analysis::arrivals::month_ranges;
use tourstat::error::{Error, Result};
use tourstat::output::{Cell, Report};

use super::select::{open, Opened};
use super::{parse_date, OutputArgs};
use tourstat::query::store_info::{gaps, other_periods};

/// Missing months per market: every month between a market's first figure and the latest
/// month in the store that has no figure.
///
/// Examples:
///   tourstat gaps
///   tourstat gaps --format csv
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// What was known on this date.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
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
    let gaps = gaps(&opened.store, &opened.tree, a.as_of)?;
    // No market at all is no answer, never "no gaps".
    if gaps.is_empty() {
        return Err(Error::Usage(match a.as_of {
            Some(d) => format!("no monthly arrivals were known on {d}: ask as of a later date"),
            None => {
                "the store has no monthly arrivals: ingest some with `tourstat ingest arrivals FILE`".into()
            }
        }));
    }
    let mut report = Report::new(&["market", "first", "last", "missing_months", "missing"]);
    report.title = Some("Monthly arrivals: missing months per market".into());
    let f = |(y, m): (i32, u32)| format!("{y:04}-{m:02}");
    for g in gaps.iter().filter(|g| !g.missing.is_empty()) {
        report.push(vec![
            Cell::text(&g.market),
            Cell::text(f(g.first)),
            Cell::text(f(g.last)),
            Cell::Int(g.missing.len() as i64),
            Cell::text(month_ranges(&g.missing)),
        ]);
    }
    // Months missing by month that a quarter's or a year's figure holds are no figures lost.
    let longer = other_periods(&opened.store, a.as_of)?;
    for g in gaps.iter().filter(|g| !g.missing.is_empty()) {
        let covering: Vec<&str> = longer
            .iter()
            .filter(|o| o.market == g.market && g.missing.iter().any(|m| (o.first..=o.last).contains(m)))
            .map(|o| o.period.as_str())
            .collect();
        if !covering.is_empty() {
            let held: Vec<(i32, u32)> = g
                .missing
                .iter()
                .copied()
                .filter(|m| longer.iter().any(|o| o.market == g.market && (o.first..=o.last).contains(m)))
                .collect();
            report.note(format!(
                "{}: {} {} no monthly figure, but {} {} {} (figures of longer periods)",
                g.market,
                month_ranges(&held),
                if held.len() == 1 { "has" } else { "have" },
                covering.join(", "),
                if covering.len() == 1 { "holds" } else { "hold" },
                if held.len() == 1 { "it" } else { "them" },
            ));
        }
    }
    if report.rows.is_empty() {
        report.note(format!(
            "no gaps: {} markets, every month present from each one's first figure on",
            gaps.len()
        ));
    }
    Ok(report)
}
