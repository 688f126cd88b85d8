use chrono::Datelike;
use std::path::Path;

use tourstat::error::{Error, Result};
use tourstat::output::{thousands, Cell, Report};
use tourstat::period::Period;
use tourstat::query::store_info;
use tourstat::store::Store;

use super::{parse_with, OutputArgs};

/// Where the numbers came from: the ingest log, or every vintage of one figure.
///
/// Without --market: every ingest (time, kind, version, file, checksum, rows, vintage).
/// With --market and --period: every vintage of that market's arrivals and targets for the
/// period, oldest first, with status and source.
///
/// Examples:
///   tourstat history
///   tourstat history --market "Short-haul" --period 2025
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A market (any spelling or alias the tree knows).
    #[arg(long, requires = "period")]
    market: Option<String>,
    /// A period: 2025-06, 2025-Q3, 2025-H1, 2025...
    #[arg(long, requires = "market", value_parser = parse_with::<Period>)]
    period: Option<Period>,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(store_dir: &Path, a: Args) -> Result<()> {
    let store = super::select::existing(store_dir)?;
    let report = match (a.market, a.period) {
        (Some(m), Some(p)) => vintages(&store, &m, p)?,
        _ => ingest_log(&store)?,
    };
    a.output.print(&report)
}

/// The ingest log as a table (the brief's provenance too).
pub fn ingest_log(store: &Store) -> Result<Report> {
    let mut report = Report::new(&[
        "committed_at",
        "kind",
        "version",
        "file",
        "checksum",
        "rows_read",
        "rows_added",
        "rows_unchanged",
        "rows_replaced",
        "as_of",
        "source",
    ]);
    for r in store.all_ingests()? {
        report.push(vec![
            Cell::text(r.committed_at),
            Cell::text(r.kind),
            Cell::Int(r.version as i64),
            Cell::text(r.file),
            Cell::text(r.checksum.chars().take(16).collect::<String>()),
            Cell::Count(r.rows_read as i64),
            Cell::Count(r.rows_added as i64),
            Cell::Count(r.rows_unchanged as i64),
            Cell::Count(r.rows_replaced as i64),
            Cell::text(r.as_of.unwrap_or_default()),
            Cell::text(r.source.unwrap_or_default()),
        ]);
    }
    // What a rollback set aside is in no version's log: said here, so the log keeps every
    // ingest ever committed.
    for back in store.rollbacks()? {
        let files: Vec<String> = back
            .ingests
            .iter()
            .map(|r| {
                let rows = thousands(r.rows_added as i64);
                let s = if r.rows_added == 1 { "" } else { "s" };
                format!("{}, committed {}, {rows} row{s} added", r.file, r.committed_at)
            })
            .collect();
        report.note(format!(
            "{} version {}{} was rolled back to version {} at {}",
            back.kind,
            back.from,
            if files.is_empty() { String::new() } else { format!(" ({})", files.join("; ")) },
            back.to,
            back.rolled_back_at,
        ));
    }
    if report.rows.is_empty() {
        report.note(format!("nothing has been ingested into {}", store.root().display()));
    }
    Ok(report)
}

fn vintages(store: &Store, market: &str, period: Period) -> Result<Report> {
    let tree = store.market_tree()?;
    let name = if tree.is_empty() {
        tourstat::market::normalise_name(market)
    } else {
        tree.resolve(market)
            .ok_or_else(|| Error::Usage(format!("unknown market \"{market}\"{}", tree.suggestion(market))))?
            .to_string()
    };
    let found = store_info::vintages(store, &name, period).map_err(|e| match e {
        Error::Usage(m) => {
            // A figure the answers make of others (a group's of its members', a quarter's of
            // its months) has no vintages of its own: said, with where its parts' are.
            let members = tree.children(&name);
            let has = |market: &str, period: Period| {
                store_info::vintages(store, market, period).is_ok_and(|v| !v.is_empty())
            };
            // The parts of a longer period, where it is not published as such: its halves and
            // quarters (trial 89 L1: a year of four quarters was said to have none of its
            // parts), then its months.
            let months: Vec<Period> = match period {
                Period::Month { .. } | Period::Day(_) => Vec::new(),
                _ => {
                    let firsts = || {
                        period.start().iter_days().take_while(|d| *d <= period.end()).filter(|d| d.day() == 1)
                    };
                    let halves = firsts()
                        .filter(|d| matches!(period, Period::Year(_)) && (d.month() - 1) % 6 == 0)
                        .map(|d| Period::Half { year: d.year(), half: d.month().div_ceil(6) });
                    let quarters = firsts()
                        .filter(|d| !matches!(period, Period::Quarter { .. }) && (d.month() - 1) % 3 == 0)
                        .map(|d| Period::Quarter { year: d.year(), quarter: d.month().div_ceil(3) });
                    let months = firsts().map(|d| Period::Month { year: d.year(), month: d.month() });
                    halves.chain(quarters).chain(months).collect()
                }
            };
            // A month or a day within a longer period the market publishes: that figure holds it.
            let held = match period {
                Period::Month { year, month } => vec![
                    Period::Quarter { year, quarter: month.div_ceil(3) },
                    Period::Half { year, half: month.div_ceil(6) },
                    Period::Year(year),
                ],
                Period::Day(d) => vec![
                    Period::Month { year: d.year(), month: d.month() },
                    Period::Quarter { year: d.year(), quarter: d.month().div_ceil(3) },
                    Period::Year(d.year()),
                ],
                _ => Vec::new(),
            };
            if let Some(holder) = held.into_iter().find(|p| has(&name, *p)) {
                let quoted = shlex::try_quote(&name).map_or_else(|_| name.clone(), |q| q.into_owned());
                return Error::Usage(format!(
                    "{m}; {name}'s figure of {holder} holds it: `tourstat history --market {quoted} --period {holder}` gives its vintages"
                ));
            }
            // The first of `markets` with a figure of the period, or else of one of its months.
            let part = |markets: &[&str]| -> Option<(String, Period)> {
                markets.iter().find_map(|m| {
                    std::iter::once(period)
                        .chain(months.iter().copied())
                        .find(|p| has(m, *p))
                        .map(|p| (m.to_string(), p))
                })
            };
            // A group with months of its own in the period: its quarter is the sum of them (trial
            // 78 L4: Thailand's Total, with its own months, was said to publish none).
            let own_months = if months.is_empty() { None } else { part(&[name.as_str()]) };
            let parts = if matches!(period, Period::Quarter { .. }) { "months" } else { "quarters or months" };
            let made = if let Some((_, p)) = own_months {
                // Quoted for the shell ("New Zealand": review 69 L6).
                let quoted = shlex::try_quote(&name).map_or_else(|_| name.clone(), |q| q.into_owned());
                format!(
                    "; a {} figure not published as such is the sum of its {parts}: `tourstat history --market {quoted} --period {p}` gives one's",
                    period.granularity().as_str()
                )
            } else if !members.is_empty() {
                let sum = format!(
                    "; {name}'s figure, where it publishes none, is the sum of its members ({})",
                    members.join(", ")
                );
                // The group's own months first, then members and members below them, nearest
                // first: a group of groups sums their markets.
                let mut below = vec![name.as_str()];
                below.extend(members.iter().copied());
                let mut i = 1;
                while i < below.len() {
                    below.extend(tree.children(below[i]));
                    i += 1;
                }
                match part(&below) {
                    Some((m, p)) => {
                        format!("{sum}: `tourstat history --market {m} --period {p}` gives one's")
                    }
                    None => format!("{sum}, and none of them has a figure of {period} or its months either"),
                }
            } else if !months.is_empty() {
                let sum = format!(
                    "; a {} figure not published as such is the sum of its {parts}",
                    period.granularity().as_str()
                );
                match part(&[name.as_str()]) {
                    Some((_, p)) => {
                        format!("{sum}: `tourstat history --market {name} --period {p}` gives one's")
                    }
                    None => format!("{sum}, and {name} has none of them either"),
                }
            } else {
                String::new()
            };
            Error::Usage(format!("{m}{made}; `tourstat markets` shows the periods each market has"))
        }
        e => e,
    })?;
    let mut report = Report::new(&["kind", "market", "period", "as_of", "value", "status", "source"]);
    for v in found {
        report.push(vec![
            Cell::text(v.kind.as_str()),
            Cell::text(v.market),
            Cell::text(v.period.to_string()),
            Cell::text(v.as_of.map(|d| d.to_string()).unwrap_or_default()),
            Cell::opt_figure(v.value),
            Cell::text(v.status.unwrap_or_default()),
            Cell::text(v.source.unwrap_or_default()),
        ]);
    }
    Ok(report)
}
