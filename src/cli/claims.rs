use chrono::NaiveDate;
use std::path::{Path, PathBuf};

use tourstat::error::{Error, Result};
use tourstat::output::{settled, thousands, Cell, Report};
use tourstat::query::claims::{check_claims, read_claims, Measure, Verdict};

use super::select::{open, Opened};
use super::OutputArgs;

/// Check published statements against the store: each is reproduced, differs (by how much, and
/// the likely cause: another vintage, a group figure that is the sum of its members, last year
/// by the calendar instead of 364 days, a travel window a day off) or cannot be checked (why).
/// A change published without last year's figure gets the figure it implies. Exits 0 only when
/// every claim is reproduced.
///
/// The file: market,measure,[period],[travel],[as_of],[value],[change_pct],[source],[text]
///   measure   arrivals (with a period: 2025-06, 2025-Q2, 2025-H1, 2025, or months 2025-01..2025-05),
///             seats_on_books (with a travel window and as_of), target (with a year), or
///             pct_of_2019 (a level against 2019, or another year, with a period: value 94.9)
///   value     as published: "849,034", "16.6m"; a figure within the precision written matches
///
/// Examples:
///   tourstat claims data/claims.csv
///   tourstat claims data/claims.csv --format csv
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A CSV file of claims.
    file: PathBuf,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(store_dir: &Path, a: Args) -> Result<()> {
    let opened = open(store_dir)?;
    let (report, not, total) = build(&opened, &a.file, None)?;
    a.output.print(&report)?;
    if not > 0 {
        return Err(Error::Usage(format!("{not} of {total} claims are not reproduced by the store")));
    }
    Ok(())
}

/// The claims of a file checked, as a report, with how many are not reproduced and in all.
/// The claims of `file` checked; those of arrivals and targets that give no date of their own
/// as known on `known_on` where given (a brief of an earlier vintage), else on the latest.
pub fn build(opened: &Opened, file: &Path, known_on: Option<NaiveDate>) -> Result<(Report, usize, usize)> {
    let mut claims = read_claims(file, &opened.tree)?;
    for c in claims.iter_mut().filter(|c| c.measure != Measure::SeatsOnBooks) {
        c.as_of = c.as_of.or(known_on);
    }
    let checked = check_claims(&opened.store, &opened.tree, &claims)?;
    let mut report = Report::new(&[
        "line",
        "market",
        "measure",
        "period",
        "as_of",
        "claimed",
        "store",
        "difference",
        "claimed_change_pct",
        "store_change_pct",
        "verdict",
        "explanation",
    ]);
    report.title = Some(format!("Claims of {} against the store", file.display()));
    for c in &checked {
        let claim = &c.claim;
        let period = match (claim.period, claim.travel) {
            (Some(p), _) => p.to_string(),
            (None, Some(w)) => w.as_written(),
            (None, None) => String::new(),
        };
        let level = matches!(claim.measure, Measure::PctOf(_));
        // A level is a share in percent (106.0), its difference in points, never clamped.
        let amount = |x: f64| if level { Cell::Number(x) } else { Cell::Amount(x) };
        report.push(vec![
            Cell::Int(claim.line as i64),
            Cell::text(&claim.market),
            Cell::text(claim.measure.to_string()),
            Cell::text(period),
            Cell::text(claim.as_of.map(|d| d.to_string()).unwrap_or_default()),
            // A level is a share (106.0%), the others a number of people or seats.
            claim.value.map_or(Cell::Empty, |v| amount(v.value)),
            c.value.map_or(Cell::Empty, amount),
            // Without the last digits binary arithmetic adds (12000.4 - 12000 is 0.4, a change
            // of 1100 on 1000 is 10%, not 10.000000000000009).
            c.difference.map_or(Cell::Empty, |d| amount(settled(d))),
            Cell::opt_percent(claim.change_pct.map(|v| settled(v.value))),
            Cell::opt_percent(c.change_pct.map(settled)),
            Cell::text(c.verdict.as_str()),
            Cell::text(&c.explanation),
        ]);
        if let Some(ly) = c.implied_last_year {
            report.note(format!(
                "line {}: {} implies last year's figure {} ({} / (1 + {}%))",
                claim.line,
                claim.market,
                thousands(ly.round() as i64),
                thousands(claim.value.map_or(0.0, |v| v.value).round() as i64),
                claim.change_pct.map_or(0.0, |c| c.value)
            ));
        }
    }
    let not = checked.iter().filter(|c| c.verdict != Verdict::Reproduced).count();
    Ok((report, not, checked.len()))
}
