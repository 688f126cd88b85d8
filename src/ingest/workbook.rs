//! Workbooks (xlsx, xlsm, xlsb, xls, ods) as publishers release them, read with calamine: the
//! chosen sheet is written out as CSV, a sheet row a line, so that every reader and check of a
//! CSV file applies to it and a problem on line 17 is on the sheet's row 17.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, DataType, Reader};
use chrono::{Datelike, NaiveDate};

use super::read::{thousands_or_decimal, NumberStyle};
use crate::error::{Error, IoContext, Result};

/// Whether a file is a workbook, by its name or its first bytes.
pub fn is_workbook(path: &Path) -> bool {
    let by_name = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods"));
    let mut start = [0u8; 4];
    let by_bytes = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut start))
        .is_ok_and(|()| start == *b"PK\x03\x04" || start == [0xD0, 0xCF, 0x11, 0xE0]);
    by_name || by_bytes
}

/// How a sheet is read (see `sheet_to_csv`).
#[derive(Debug, Clone, Copy)]
pub struct SheetRead<'a> {
    /// The sheet named (by name or number); else the first that holds a number.
    pub sheet: Option<&'a str>,
    /// Whether dates may be months or years (figures of periods), not only days.
    pub months: bool,
    pub numbers: NumberStyle,
    pub unit: Option<super::read::Unit>,
    /// The file's own names for tourstat's columns (a vintage's among them).
    pub columns: &'a [super::read::ColumnName],
}

impl<'a> SheetRead<'a> {
    /// As an ingest's options ask: dates as months or years of figures of periods.
    pub fn of(opts: &'a super::IngestOptions) -> SheetRead<'a> {
        SheetRead {
            sheet: opts.sheet.as_deref(),
            months: matches!(opts.kind, crate::kind::Kind::Arrivals | crate::kind::Kind::Targets),
            numbers: opts.numbers,
            unit: opts.unit,
            columns: &opts.columns,
        }
    }
}

/// Writes a sheet of a workbook as CSV into `dir`: the sheet named, or numbered from 1, or the
/// first that holds a number (a contents, notes or cover sheet last). Returns the CSV file, the sheet's name and the sheet's column of
/// the CSV's first (a table that starts in column C is read from there: the columns left of
/// it are empty in every row).
///
/// With `months`, date cells are written as the sheet shows them, months (`2024-08`) and
/// years (`2024`) where the sheet's dates allow (see the rules inside), a vintage's
/// (`as_of`, `announced_on`, or a column `columns` names so) always as days. A number cell
/// is written as `numbers` reads it back: a cell holds a number, never a separator to guess
/// at.
pub fn sheet_to_csv(
    path: &Path,
    label: &str,
    how: &SheetRead,
    dir: &Path,
) -> Result<(PathBuf, String, usize)> {
    let SheetRead { sheet, months, numbers, unit, columns } = *how;
    let mut book = open_workbook_auto(path).map_err(|e| {
        Error::invalid_file(
            label,
            format!(
                "the workbook does not open ({e}); a zip archive of CSV files: unzip it and load the CSV"
            ),
        )
    })?;
    let names = book.sheet_names().to_vec();
    let chosen = match sheet {
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=names.len()).contains(&n) => names[n - 1].clone(),
            _ => names.iter().find(|n| n.eq_ignore_ascii_case(s.trim())).cloned().ok_or_else(|| {
                Error::invalid_file(
                    label,
                    format!("no sheet \"{s}\"; the workbook has {} ({})", names.len(), names.join(", ")),
                )
            })?,
        },
        None => {
            // The first sheet with a number; where none has, the first whose figures are text
            // cells (trial 69 M4: `1 433.6` typed as text, as offices' workbooks often are).
            let ranges: Vec<(String, calamine::Range<Data>)> =
                names.iter().filter_map(|n| Some((n.clone(), book.worksheet_range(n).ok()?))).collect();
            let has = |r: &calamine::Range<Data>, number: &dyn Fn(&Data) -> bool| {
                r.used_cells().filter(|(_, _, c)| number(c)).nth(1).is_some()
            };
            let typed = |c: &Data| matches!(c, Data::Int(_) | Data::Float(_));
            // A figure, whatever its unit (`175.0` in a table of thousands).
            let written = |c: &Data| match c {
                Data::String(s) => {
                    let text = super::wide::value_and_status(s).0;
                    text.chars().any(|c| c.is_ascii_digit())
                        && !matches!(
                            super::read::read_figure(text, numbers, unit),
                            Err(super::read::CountError::Invalid)
                        )
                }
                _ => false,
            };
            // A sheet named as a contents, notes or cover page is read only where no other
            // holds a number (trial 84 L1: "Contents", its table number 1, read before
            // "Arrivals"), however its words are joined (review 77 M6: ONS's "Cover_sheet" and
            // "Table_of_contents" read as data).
            let front = |n: &str| {
                let n = n
                    .to_ascii_lowercase()
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                [
                    "contents",
                    "content",
                    "table of contents",
                    "read me",
                    "index",
                    "toc",
                    "notes",
                    "note",
                    "readme",
                    "about",
                    "cover",
                    "cover sheet",
                    "cover page",
                    "front page",
                    "guidance",
                    "glossary",
                    "info",
                    "information",
                    "metadata",
                    "definitions",
                    "explanatory notes",
                ]
                .contains(&n.as_str())
                    // Or begun as one ("Notes_and_definitions", review 78 M5).
                    || ["contents", "notes", "cover", "readme", "metadata", "definitions", "glossary", "guidance"]
                        .contains(&n.split(' ').next().unwrap_or_default())
            };
            let ordered: Vec<&(String, calamine::Range<Data>)> = ranges
                .iter()
                .filter(|(n, _)| !front(n))
                .chain(ranges.iter().filter(|(n, _)| front(n)))
                .collect();
            ordered
                .iter()
                .copied()
                .find(|(_, r)| r.used_cells().any(|(_, _, c)| typed(c)))
                .or_else(|| ordered.iter().copied().find(|(_, r)| has(r, &written)))
                .map(|(n, _)| n.clone())
                .ok_or_else(|| {
                    Error::invalid_file(
                        label,
                        "no sheet of the workbook holds a number, nor a figure written as text",
                    )
                })?
        }
    };
    let range = book
        .worksheet_range(&chosen)
        .map_err(|e| Error::invalid_file(label, format!("sheet \"{chosen}\" does not read: {e}")))?;
    // Formulas whose values were never saved (a workbook a program wrote, never opened in a
    // spreadsheet): read as empty they would be figures lost as "missing".
    if let Ok(formulas) = book.worksheet_formula(&chosen) {
        let (fr, fc) = formulas.start().unwrap_or((0, 0));
        let unsaved: Vec<String> = formulas
            .used_cells()
            .filter(|(_, _, f)| !f.trim().is_empty())
            .map(|(r, c, f)| (fr + r as u32, fc + c as u32, f))
            .filter(|(r, c, _)| matches!(range.get_value((*r, *c)), None | Some(Data::Empty)))
            .map(|(r, c, f)| format!("{}{} (={f})", crate::error::column_letter(c as usize), r + 1))
            .collect();
        if !unsaved.is_empty() {
            return Err(Error::invalid_file(
                label,
                format!(
                    "sheet \"{chosen}\" has formulas whose values were never saved ({}{}): they would read as empty; open the workbook in a spreadsheet program and save it, then load it",
                    unsaved.iter().take(5).cloned().collect::<Vec<_>>().join(", "),
                    if unsaved.len() > 5 { format!(" and {} more", unsaved.len() - 5) } else { String::new() }
                ),
            ));
        }
    }
    // A date cell is read as the sheet shows it, as the sheet saved as CSV holds it:
    // - shown as a month without its day ("mmm-yy": Jan-16 for 2016-01-31), a month, where the
    //   sheet's so shown are all on a month's first or last day (a 28 February too, review 75
    //   L4), or each of another month (trial 84 M1: month ends read as days, each a month's
    //   arrivals on one day, and every answer after said the month had no figure; review 77 M5:
    //   15ths); days of a month shown so stay days, as months would lose them;
    // - shown as a year alone ("yyyy"), a year, where the sheet's so shown are all on 31
    //   December or 1 January (review 75 H2: year ends stored as Decembers; review 77 H1: 1
    //   Januaries stored as Januaries; a fiscal year's 30 June stays a day, review 76 L3),
    //   whatever the cells beside them (review 77 M4: a year's total shown "2018" after its
    //   months refused as a duplicate of December);
    // - otherwise, in a column of dates all on a month's first day, none shown with its day, a
    //   month (months' first days shown "yyyy" too, review 76 M5); else a day.
    // Not in a vintage's column, however headed (review 75 M2: "As of").
    let styles = book.worksheet_style(&chosen).ok();
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let format_at = |r: usize, c: usize| -> Option<String> {
        let at = (first_row + r as u32, first_col + c as u32);
        Some(styles.as_ref()?.get(at)?.number_format.as_ref()?.format_code.clone())
    };
    let shown_as = |r: usize, c: usize| -> Shown {
        match format_at(r, c) {
            None => Shown::Unknown,
            Some(f) if shows_day(&f) => Shown::Day,
            Some(f) if shows_month(&f) => Shown::Month,
            Some(f) if shows(&f, 'y') => Shown::Year,
            Some(_) => Shown::Unknown,
        }
    };
    let width = range.width();
    let mut month_columns = vec![months; width];
    let mut vintages = vec![false; width];
    let vintage = |t: &str| {
        let key: String = t
            .trim()
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        // Or named one (review 78 H1: `--column as_of=Published`, its 15ths shown as months
        // made the period's month ends days).
        VINTAGES.contains(&key.as_str())
            || columns.iter().any(|c| {
                VINTAGES.contains(&c.column.as_str())
                    && super::read::header_key(&c.header) == super::read::header_key(t)
            })
    };
    for (_, col, cell) in range.used_cells() {
        if let Data::String(t) = cell {
            vintages[col] |= vintage(t);
        }
    }
    // Over the sheet's dates, not a column's: a wide table's are one to a column.
    let (mut years_shown, mut month_bounds, mut months_distinct) = (months, months, months);
    let mut months_seen = HashSet::new();
    // The cells showing a February as a month: a 1 January shown as its year right before
    // one, along its row or down its column, is that January.
    let mut februaries: HashSet<(usize, usize, i32)> = HashSet::new();
    // And the cells showing a 1 January as its year (several markets' Januaries in a row).
    let mut year_firsts: HashSet<(usize, usize, i32)> = HashSet::new();
    for (row, col, cell) in range.used_cells() {
        let Some(d) = date_of(cell).filter(|_| !vintages[col]) else { continue };
        let shown = shown_as(row, col);
        if shown == Shown::Year && (d.month(), d.day()) == (1, 1) {
            year_firsts.insert((row, col, d.year()));
        }
        if d.day() != 1 || shown == Shown::Day {
            month_columns[col] = false;
        }
        match shown {
            // Years where no month's first day but January's is shown so (review 76 M5:
            // months shown "yyyy"); one on another day beside them, a year to date, stays a
            // day (review 78 H3: it made the years Januaries). A year may stand in several
            // rows, one a market (review 80 H1: a long table's years stored as Januaries).
            Shown::Year if d.day() == 1 && d.month() != 1 => years_shown = false,
            Shown::Month => {
                month_bounds &= d.day() == 1
                    || d.succ_opt().is_some_and(|n| n.day() == 1)
                    || (d.month(), d.day()) == (2, 28);
                months_distinct &= months_seen.insert((d.year(), d.month()));
                if d.month() == 2 {
                    februaries.insert((row, col, d.year()));
                }
            }
            _ => {}
        }
    }
    // Along the row or down the column, past other Januaries of the year so shown, the next
    // cell is its February shown as a month.
    let before_february = |r: usize, c: usize, y: i32| {
        let next = |step: &dyn Fn(usize, usize) -> (usize, usize)| {
            let mut at = step(r, c);
            while year_firsts.contains(&(at.0, at.1, y)) {
                at = step(at.0, at.1);
            }
            februaries.contains(&(at.0, at.1, y))
        };
        next(&|r, c| (r, c + 1)) || next(&|r, c| (r + 1, c))
    };
    let date_text = |r: usize, c: usize, d: NaiveDate| -> String {
        if vintages[c] {
            return d.to_string();
        }
        let months_are_months = month_bounds || months_distinct;
        match shown_as(r, c) {
            // A January shown as its year ("2024") right before its February shown as a month
            // ("Feb"), along the row or down the column: the month, labelled by its year
            // (review 81 L1: stored as the year, January lost); after December, or beside a
            // January shown as a month, the year's total (review 84 M3: read as a second
            // January).
            Shown::Year
                if (d.month(), d.day()) == (1, 1) && months_are_months && before_february(r, c, d.year()) =>
            {
                d.format("%Y-%m").to_string()
            }
            Shown::Year if years_shown && matches!((d.month(), d.day()), (12, 31) | (1, 1)) => {
                d.year().to_string()
            }
            Shown::Month if months_are_months => d.format("%Y-%m").to_string(),
            _ if month_columns[c] => d.format("%Y-%m").to_string(),
            _ => d.to_string(),
        }
    };
    let out = dir.join("sheet.csv");
    let file = std::fs::File::create(&out).at(&out)?;
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(std::io::BufWriter::new(file));
    let io = |e: csv::Error| Error::io(&out, std::io::Error::other(e));
    // Rows above the used range are blank rows of the sheet: kept, so lines are sheet rows.
    // Columns left of it are not: a table is read from its first column, and its cells are
    // named from `first_col`.
    for _ in 0..first_row {
        w.write_record([""]).map_err(io)?;
    }
    // A number format that shows a number in thousands ("#,##0,": 1234567 shown 1,235): with
    // a unit given (the title's, "in thousands"), the cell is written as shown, at full
    // precision (1234.567), as that unit reads it; without, as the number it is.
    let scaled = unit.is_some_and(|u| u.exponent() > 0);
    let scale = |r: usize, c: usize| -> i32 {
        if !scaled {
            return 0;
        }
        format_at(r, c).map_or(0, |f| thousands_shown(&f))
    };
    let rows: Vec<Vec<String>> = range
        .rows()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(i, c)| match (c, scale(r, i)) {
                    (Data::Float(_) | Data::Int(_), k) if k > 0 => {
                        let x = c.as_f64().unwrap_or_default();
                        cell_text(&Data::Float(x / 1000f64.powi(k)), numbers)
                    }
                    _ => match date_of(c) {
                        Some(d) => date_text(r, i, d),
                        None => cell_text(c, numbers),
                    },
                })
                .collect()
        })
        .collect();
    // A table further right than a title above it ("Visitor arrivals" in A1, the table from C3):
    // read from the table's first column, each title moved to it, so the table's labels are
    // its first column.
    let filled = |row: &Vec<String>| row.iter().filter(|c| !c.trim().is_empty()).count();
    let cut = rows
        .iter()
        .filter(|r| filled(r) >= 2)
        .filter_map(|r| r.iter().position(|c| !c.trim().is_empty()))
        .min()
        .unwrap_or(0);
    for row in &rows {
        let mut cells: Vec<String> = row.iter().skip(cut).cloned().collect();
        let left: Vec<&str> = row.iter().take(cut).map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
        if !left.is_empty() && cells.iter().all(|c| c.trim().is_empty()) {
            if cells.is_empty() {
                cells.push(String::new());
            }
            cells[0] = left.join(" ");
        }
        w.write_record(&cells).map_err(io)?;
    }
    w.flush().map_err(|e| Error::io(&out, e))?;
    Ok((out, chosen, first_col as usize + cut))
}

/// How many thousands a number format divides by for show: "#,##0," 1, "0.0,," 2 (commas
/// right after the last digit placeholder of its first section, quoted text and escapes aside),
/// "#,##0" none.
fn thousands_shown(code: &str) -> i32 {
    // A format with conditions ("[>=1000000]#,##0,,\"M\";[>=1000]#,##0,\"K\"") scales each
    // number its own way: read as the number it is.
    if code.contains("[>") || code.contains("[<") || code.contains("[=") {
        return 0;
    }
    let first = code.split(';').next().unwrap_or_default();
    let mut plain = String::new();
    let (mut quoted, mut escaped) = (false, false);
    for ch in first.chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            _ if quoted => {}
            c => plain.push(c),
        }
    }
    let Some(last) = plain.rfind(['0', '#', '?']) else { return 0 };
    plain[last + 1..].chars().take_while(|c| *c == ',').count() as i32
}

/// What of a date its cell's number format shows, the smallest unit first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Day,
    Month,
    Year,
    /// No format known, or one that shows none of them.
    Unknown,
}

/// Whether a date format shows the day ("yyyy-mm-dd", "d/m/yy"; not "mmm-yy").
fn shows_day(code: &str) -> bool {
    shows(code, 'd')
}

/// Whether a date format shows the month ("mmm-yy", "mm/yyyy"; not "yyyy").
fn shows_month(code: &str) -> bool {
    shows(code, 'm')
}

/// Whether a date format holds the code `letter` (either case): quoted text, escapes and
/// brackets ("[Red]", "[DBNum1]", "[$-409]") aside.
fn shows(code: &str, letter: char) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    let mut bracket = false;
    for ch in code.chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            c if !quoted && !bracket && c.eq_ignore_ascii_case(&letter) => return true,
            _ => {}
        }
    }
    false
}

/// The columns of dates that are days, whatever day they fall on.
const VINTAGES: [&str; 2] = ["as_of", "announced_on"];

/// The day of a date cell.
fn date_of(c: &Data) -> Option<NaiveDate> {
    match c {
        Data::DateTime(d) => d.as_datetime().map(|t| t.date()),
        _ => None,
    }
}

/// A cell not a date (see `date_text`) as a CSV file would hold it: whole numbers without
/// ".0", line ends inside a cell as spaces (a sheet row stays one line).
/// A number with decimals is written with the decimal mark `numbers` reads (the comma, for
/// `--decimal ,`), and one that would read as a thousand ("1.005") with a fourth decimal
/// ("1.0050"): the cell is the number 1.005, whatever a text cell beside it may mean.
fn cell_text(c: &Data, numbers: NumberStyle) -> String {
    match c {
        Data::Empty => String::new(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => {
            let text = f.to_string();
            match numbers {
                NumberStyle::DecimalComma => text.replace('.', ","),
                _ if thousands_or_decimal(&text, '.') => text + "0",
                _ => text,
            }
        }
        Data::String(s) => s.replace(['\n', '\r'], " "),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_datetime().map_or_else(|| d.to_string(), |t| t.date().to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_that_show_thousands_are_known() {
        for (code, k) in [
            ("#,##0,", 1),
            ("#,##0.0,,", 2),
            ("0,\"k\"", 1),
            ("#,##0", 0),
            ("General", 0),
            ("#,##0,;(#,##0,)", 1),
            ("\"1,000s\" 0", 0),
            ("[>=1000000]#,##0,,\"M\";[>=1000]#,##0,\"K\";0", 0),
        ] {
            assert_eq!(super::thousands_shown(code), k, "{code}");
        }
    }
}
