//! Workbooks (xlsx, xlsm, xlsb, xls, ods) as publishers release them, read with calamine: the
//! chosen sheet is written out as CSV, a sheet row a line, so that every reader and check of a
//! CSV file applies to it and a problem on line 17 is on the sheet's row 17.

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

/// Writes a sheet of a workbook as CSV into `dir`: the sheet named, or numbered from 1, or the
/// first that holds a number (a contents, notes or cover sheet last). Returns the CSV file, the sheet's name and the sheet's column of
/// the CSV's first (a table that starts in column C is read from there: the columns left of
/// it are empty in every row).
///
/// With `months`, a column whose date cells all fall on the first of a month (and that is no
/// vintage, `as_of` or `announced_on`) has them written as months (`2024-08`): months typed as
/// dates (shown `Aug-24`) are months, not days. A number cell is written as `numbers` reads
/// it back: a cell holds a number, never a separator to guess at.
pub fn sheet_to_csv(
    path: &Path,
    label: &str,
    sheet: Option<&str>,
    months: bool,
    numbers: NumberStyle,
    unit: Option<super::read::Unit>,
    dir: &Path,
) -> Result<(PathBuf, String, usize)> {
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
            // "Arrivals").
            let front = |n: &str| {
                let n = n.trim().to_ascii_lowercase();
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
                    "info",
                    "information",
                    "metadata",
                    "definitions",
                    "explanatory notes",
                ]
                .contains(&n.as_str())
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
    // Per column: its date cells all on the first of a month, and the column no vintage; a
    // date shown with its day (a format "yyyy-mm-dd") is a day, as in a CSV file.
    let styles = book.worksheet_style(&chosen).ok();
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let format_at = |r: usize, c: usize| -> Option<String> {
        let at = (first_row + r as u32, first_col + c as u32);
        Some(styles.as_ref()?.get(at)?.number_format.as_ref()?.format_code.clone())
    };
    // Or all on a month's last day, each shown as a month, without its day ("mmm-yy": Jan-16 for
    // 2016-01-31, as the sheet saved as CSV holds it; trial 84 M1: read as days, each a month's
    // arrivals on one day, and every answer after said the month had no figure), a 28 February
    // too (review 75 L4: among month ends of a leap year, left a day). Not one shown as a year ("yyyy": review 75 H2, read as
    // December), nor a vintage's column, however headed (M2: "As of").
    let width = range.width();
    let mut month_columns = vec![months; width];
    let mut shown_as_months = vec![months; width];
    // And shown as years ("yyyy": 2015-12-31 shown 2015), years, as the CSV holds them
    // (review 75 H2: stored as days, then as December).
    let mut shown_as_years = vec![months; width];
    let mut has_dates = vec![false; width];
    let vintage = |t: &str| {
        let key: String = t
            .trim()
            .to_ascii_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        VINTAGES.contains(&key.as_str())
    };
    for (row, col, cell) in range.used_cells() {
        match cell {
            Data::String(t) if vintage(t) => {
                month_columns[col] = false;
                shown_as_months[col] = false;
                shown_as_years[col] = false;
            }
            _ => {
                if let Some(d) = date_of(cell) {
                    has_dates[col] = true;
                    let format = format_at(row, col);
                    if d.day() != 1 || format.as_deref().is_some_and(shows_day) {
                        month_columns[col] = false;
                    }
                    // (A month's last day, or a 28 February: days of a month not shown stay
                    // days where they fall within it, as a column of days shown so would lose
                    // them.)
                    let month_end =
                        d.succ_opt().is_some_and(|n| n.day() == 1) || (d.month() == 2 && d.day() == 28);
                    if !month_end || format.as_deref().is_none_or(|f| shows_day(f) || !shows_month(f)) {
                        shown_as_months[col] = false;
                    }
                    // (A year's last day: months' first days shown so stay months, review 76
                    // M5, 1 January among them; a fiscal year's 30 June stays a day, L3.)
                    let year_end = (d.month(), d.day()) == (12, 31);
                    if !year_end
                        || format.as_deref().is_none_or(|f| shows_day(f) || shows_month(f) || !shows(f, 'y'))
                    {
                        shown_as_years[col] = false;
                    }
                }
            }
        }
    }
    for c in 0..width {
        month_columns[c] = month_columns[c] || (shown_as_months[c] && has_dates[c]);
        shown_as_years[c] = shown_as_years[c] && has_dates[c];
    }
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
                        cell_text(&Data::Float(x / 1000f64.powi(k)), false, numbers)
                    }
                    _ if shown_as_years[i] && date_of(c).is_some() => {
                        date_of(c).map(|d| d.year().to_string()).unwrap_or_default()
                    }
                    _ => cell_text(c, month_columns[i], numbers),
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

/// A cell as a CSV file would hold it: whole numbers without ".0", dates as YYYY-MM-DD (or
/// YYYY-MM, `as_months`), line ends inside a cell as spaces (a sheet row stays one line).
/// A number with decimals is written with the decimal mark `numbers` reads (the comma, for
/// `--decimal ,`), and one that would read as a thousand ("1.005") with a fourth decimal
/// ("1.0050"): the cell is the number 1.005, whatever a text cell beside it may mean.
fn cell_text(c: &Data, as_months: bool, numbers: NumberStyle) -> String {
    if let Some(d) = date_of(c) {
        return if as_months { d.format("%Y-%m").to_string() } else { d.to_string() };
    }
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
