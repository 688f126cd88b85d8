use chrono::NaiveDate;
use std::path::{Path, PathBuf};

use tourstat::error::{Error, Result};
use tourstat::output::{settled, thousands, Cell, Report};
use tourstat::query::claims::{check_claims, read_claims, ClaimsFile, Measure, Unread, Verdict};

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
///             pct_of_2019 (a level against 2019, or another year, with a period: value 94.9),
///             or share (of all arrivals, the top of the market's tree, with a period: value 47.7)
///   value     as published: "849,034", "16.6m"; a figure within the precision written matches
///
/// Examples:
///   tourstat claims data/claims.csv
///   tourstat claims data/claims.csv --format csv
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A CSV file of claims (`-`: standard input).
    file: PathBuf,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(store_dir: &Path, a: Args) -> Result<()> {
    let opened = open(store_dir)?;
    let checked = build(&opened, &a.file, None)?;
    a.output.print(&checked.report)?;
    if checked.not > 0 {
        // The lines that could not be read, by line as an editor finds them, after the table
        // of those that could.
        let mut out: Vec<String> =
            checked.unread.iter().map(|u| format!("{}:{}: {}", a.file.display(), u.line, u.why)).collect();
        let read = match checked.unread.len() {
            0 => String::new(),
            n if n == checked.total => format!(" ({n} of them could not be read)"),
            n => format!(" ({n} of them could not be read; the others were checked)"),
        };
        out.push(format!(
            "{} of {} claims are not reproduced by the store{read}",
            checked.not, checked.total
        ));
        return Err(Error::Usage(out.join("\n")));
    }
    Ok(())
}

/// A claims file checked: the report (a row a line of the file, in its order), how many claims
/// are not reproduced (those not read among them) and in all, and the lines not read.
pub struct Checked {
    pub report: Report,
    pub not: usize,
    pub total: usize,
    pub unread: Vec<Unread>,
}

/// The claims of `file` checked; those of arrivals and targets that give no date of their own
/// as known on `known_on` where given (a brief of an earlier vintage), else on the latest.
/// A line that cannot be read is a row "not checkable" with why; the others are checked.
pub fn build(opened: &Opened, file: &Path, known_on: Option<NaiveDate>) -> Result<Checked> {
    let ClaimsFile { mut claims, unread } = read_claims(file, &opened.tree)?;
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
        // The sentence checked, as the file gives it (trial 64 M10: a reader of the brief could
        // not tell which line of a press release a verdict was of).
        "text",
    ]);
    let name = if file == Path::new("-") { "standard input".to_string() } else { file.display().to_string() };
    report.title = Some(format!("Claims of {name} against the store"));
    for c in &checked {
        let claim = &c.claim;
        let period = match (claim.period, claim.travel) {
            (Some(p), _) => p.to_string(),
            (None, Some(w)) => w.as_written(),
            (None, None) => String::new(),
        };
        let level = matches!(claim.measure, Measure::PctOf(_) | Measure::Share);
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
            claim.text.as_deref().map_or(Cell::Empty, Cell::text),
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
    for u in &unread {
        let mut row = vec![
            Cell::Int(u.line as i64),
            Cell::text(&u.market),
            Cell::text(&u.measure),
            Cell::text(&u.period),
        ];
        row.extend(std::iter::repeat_with(|| Cell::Empty).take(6));
        row.push(Cell::text(Verdict::NotCheckable.as_str()));
        row.push(Cell::text(format!("the line could not be read: {}", u.why)));
        row.push(Cell::Empty);
        report.push(row);
    }
    report.rows.sort_by_key(|r| match r[0] {
        Cell::Int(line) => line,
        _ => 0,
    });
    let not = checked.iter().filter(|c| c.verdict != Verdict::Reproduced).count() + unread.len();
    Ok(Checked { report, not, total: checked.len() + unread.len(), unread })
}
