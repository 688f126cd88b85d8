use std::path::Path;

use chrono::NaiveDate;

use tourstat::error::Result;
use tourstat::output::{Cell, Format, Report};
use tourstat::period::{LyRule, Period};

use super::select::{indented, open, MarketArgs};
use super::shortfall::{latest_year, load_arrivals, through_month, tracked};
use super::{parse_date, parse_with, OutputArgs};

/// Arrivals by market for the year to date: total, last year, YoY, share, the base year's
/// level, and progress against targets.
///
/// Columns: arrivals (months 1..k of the year), arrivals_ly (the same months last year),
/// yoy_pct, share_pct (of the top of the tree shown), vs_base_pct (against the same months
/// of --base, 2019 by default, where the store has them), and for markets with a target:
/// target_achieved_pct and shortfall_to_date (see `tourstat shortfall`).
///
/// Examples:
///   tourstat summary
///   tourstat summary --year 2025 --through 2025-06 --depth 1 --round m
///   tourstat summary --market "East Asia" --format csv
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The year (default: the latest in the store).
    #[arg(long)]
    pub year: Option<i32>,
    /// Last month to count, e.g. 2025-06 (default: the latest month of the year in the store).
    #[arg(long, value_parser = parse_with::<Period>)]
    pub through: Option<Period>,
    #[command(flatten)]
    pub markets: MarketArgs,
    /// The year to compare the level with.
    #[arg(long, default_value_t = 2019)]
    pub base: i32,
    /// What was known on this date.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(store_dir: &Path, a: Args) -> Result<()> {
    let opened = open(store_dir)?;
    let year = match (a.year, a.through) {
        (Some(y), _) => y,
        (None, Some(p)) => p.year(),
        (None, None) => latest_year(&opened, a.as_of)?,
    };
    let arrivals = load_arrivals(&opened, &[a.base, year - 1, year], a.as_of)?;
    let k = through_month(&arrivals, year, a.through)?;
    let shown = opened.shown(&a.markets, &arrivals.markets())?;
    let top = shown.first().map(|(_, m)| m.clone());
    let total = top.as_ref().and_then(|m| arrivals.sum(m, year, 1, k));
    let track_args = super::shortfall::Args {
        year,
        through: Some(Period::month(year, k)),
        market: None,
        as_of: a.as_of,
        ly: LyRule::Days364,
        output: a.output.clone(),
    };
    let (targets, mut notes) = tracked(&opened, &arrivals, &track_args, k, false)?;
    let mut report = Report::new(&[
        "market",
        "arrivals",
        "arrivals_ly",
        "yoy_pct",
        "share_pct",
        "vs_base_pct",
        "target_achieved_pct",
        "shortfall_to_date",
    ]);
    report.columns[5] = format!("vs_{}_pct", a.base);
    let months = if k == 1 { format!("{year}-01") } else { format!("{year}-01..{year}-{k:02}") };
    report.title = Some(format!("Arrivals {months}, against the same months of {} and {}", year - 1, a.base));
    let indent = matches!(a.output.format, Format::Table | Format::Markdown);
    for (depth, m) in &shown {
        let now = arrivals.sum(m, year, 1, k);
        let ly = arrivals.sum(m, year - 1, 1, k);
        let base = arrivals.sum(m, a.base, 1, k);
        let pct = |x: Option<f64>, y: Option<f64>| match (x, y) {
            (Some(x), Some(y)) if y > 0.0 => Some((x / y - 1.0) * 100.0),
            _ => None,
        };
        let t = targets.iter().find(|t| &t.market == m).map(|t| &t.tracking);
        report.push(vec![
            Cell::text(indented(*depth, m, indent)),
            Cell::opt_count(now.map(|v| v.round() as i64)),
            Cell::opt_count(ly.map(|v| v.round() as i64)),
            Cell::opt_percent(pct(now, ly)),
            Cell::opt_share(match (now, total) {
                (Some(n), Some(t)) if t > 0.0 => Some(n / t * 100.0),
                _ => None,
            }),
            Cell::opt_share(match (now, base) {
                (Some(n), Some(b)) if b > 0.0 => Some(n / b * 100.0),
                _ => None,
            }),
            Cell::opt_share(t.map(|t| t.pct_achieved)),
            t.map_or(Cell::Empty, |t| Cell::Amount(t.shortfall_to_date)),
        ]);
        for (series, missing) in arrivals.gaps_under(m, year, 1, k) {
            let list: Vec<String> = missing.iter().map(|mo| format!("{year}-{mo:02}")).collect();
            notes.push(format!(
                "the series of {series} has gaps ({}); totals that include it undercount",
                list.join(", ")
            ));
        }
    }
    for n in notes {
        report.note(n);
    }
    a.output.print(&report)
}
