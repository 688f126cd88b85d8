//! Presenting results: one [`Report`] type written as a readable table, CSV, JSON or Markdown.
//!
//! Tables are for people: thousands separators, aligned columns, percentages to one decimal,
//! `16.6m` where asked. CSV and JSON are for machines: full precision, no separators. Notes
//! (gaps, unallocated figures, derived values) go under a table, or to stderr for machine
//! formats so that stdout stays parseable.

use std::io::Write;
use std::str::FromStr;

use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
    Markdown,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "table" => Ok(Format::Table),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            "markdown" | "md" => Ok(Format::Markdown),
            other => Err(format!("expected a format table, csv, json or markdown, got \"{other}\"")),
        }
    }
}

/// How numbers are rounded in tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rounding {
    /// Every digit, with thousands separators: 16,600,000.
    #[default]
    Full,
    /// Thousands: 16,600k.
    Thousands,
    /// Millions with one decimal: 16.6m.
    Millions,
}

impl FromStr for Rounding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "" | "none" | "full" => Ok(Rounding::Full),
            "k" => Ok(Rounding::Thousands),
            "m" => Ok(Rounding::Millions),
            other => Err(format!("expected k or m, got \"{other}\"")),
        }
    }
}

/// Text safe to show on a terminal: control characters (an escape sequence could recolour or
/// rewrite the screen) are written as `\u{1b}`; line ends stay.
pub fn visible(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() && c != '\n' { c.escape_unicode().to_string() } else { c.to_string() })
        .collect()
}

/// A text cell of a CSV that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or
/// a carriage return first) gets a `'` before it; numbers are never text cells.
pub fn formula_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A text as `formula_safe` wrote it, read back: `'-Unknown` is `-Unknown` (the guard's
/// quote is no part of the name), so that export and ingest round trip.
pub fn formula_unguarded(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

/// One value of a result.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A count (people, seats).
    Count(i64),
    /// A whole number that counts no people or seats (days before travel, a version, a line
    /// of a file, months): never rounded by --round.
    Int(i64),
    /// A stored figure (arrivals, a target): rounded like a count in tables, as the data
    /// gives it for machines (849034, 1053.8002).
    Figure(f64),
    /// A computed amount of people or seats (a projection, a pace): a whole number in tables,
    /// full precision for machines.
    Amount(f64),
    /// A count that is derived rather than stored, e.g. last year's seats implied by a
    /// published change; marked in tables.
    Derived(f64),
    /// A percentage in percent points (-22.0 for -22%).
    Percent(f64),
    /// A share in percent (66.9 for 66.9%), shown without a sign.
    Share(f64),
    /// A chance in percent counted from simulated years, and whether the outcome is already
    /// certain (the target reached, the year complete): a chance not certain is never shown as
    /// 0.0% or 100.0% (all 2,000 simulated years are no certainty).
    Chance(f64, bool),
    /// A ratio or other real number, shown with two decimals.
    Number(f64),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn opt_count(v: Option<i64>) -> Cell {
        v.map_or(Cell::Empty, Cell::Count)
    }

    pub fn opt_figure(v: Option<f64>) -> Cell {
        v.filter(|x| x.is_finite()).map_or(Cell::Empty, Cell::Figure)
    }

    pub fn opt_percent(v: Option<f64>) -> Cell {
        v.filter(|x| x.is_finite()).map_or(Cell::Empty, Cell::Percent)
    }

    pub fn opt_share(v: Option<f64>) -> Cell {
        v.filter(|x| x.is_finite()).map_or(Cell::Empty, Cell::Share)
    }

    pub fn opt_chance(v: Option<f64>, certain: bool) -> Cell {
        v.filter(|x| x.is_finite()).map_or(Cell::Empty, |p| Cell::Chance(p, certain))
    }

    fn for_table(&self, rounding: Rounding) -> String {
        // A figure that is no number (a target path of 0/0) is empty, as in CSV: never "0".
        if let Cell::Figure(x)
        | Cell::Amount(x)
        | Cell::Derived(x)
        | Cell::Percent(x)
        | Cell::Share(x)
        | Cell::Chance(x, _)
        | Cell::Number(x) = self
        {
            if !x.is_finite() {
                return String::new();
            }
        }
        match self {
            Cell::Text(s) => visible(s),
            Cell::Count(n) => round_count(*n as f64, rounding),
            Cell::Int(n) => n.to_string(),
            Cell::Amount(x) | Cell::Figure(x) => round_count(*x, rounding),
            // Seats implied by a published change: shown whole, as seats are (trial 49 #7:
            // -86.6* beside whole seats); the CSV keeps the full figure.
            Cell::Derived(x) => format!("{}*", round_count(x.round(), rounding)),
            Cell::Percent(p) => change_text(*p),
            // Never rounded to none or to all it is not: 360 of 1,000,000 is no 0.0%, and a
            // target 99.97% achieved is not 100.0% of it.
            // (A share of all of it off by a float's last bits is all of it: review 60 L4,
            // ">99.9%" for a member making the whole change, the CSV's 100.)
            Cell::Share(p) if *p > 1e-9 && *p < 0.05 => "<0.1%".to_string(),
            // A contribution may be negative: a tiny one is no -0.0% either (trial 88 L2:
            // -0.0% beside a change of 0.0%), as a difference reads >-0.01.
            Cell::Share(p) if *p < -1e-9 && *p > -0.05 => ">-0.1%".to_string(),
            Cell::Share(p) if *p >= 99.95 && *p < 100.0 - 1e-9 => ">99.9%".to_string(),
            // A share of exactly none, -0.0 where a change of 0 was divided by a fall.
            Cell::Share(p) if *p == 0.0 => "0.0%".to_string(),
            Cell::Share(p) => format!("{p:.1}%"),
            Cell::Chance(p, false) if *p >= 99.95 => ">99.9%".to_string(),
            Cell::Chance(p, false) if *p < 0.05 => "<0.1%".to_string(),
            Cell::Chance(p, _) => Cell::Share(*p).for_table(rounding),
            // None is 0.00, not -0.00 (trial 72 L1); a difference that is not none never reads
            // as none (review 48 M2: 0.00 beside "differs").
            Cell::Number(x) if *x == 0.0 => "0.00".to_string(),
            Cell::Number(x) if *x > 0.0 && *x < 0.005 => "<0.01".to_string(),
            Cell::Number(x) if *x < 0.0 && *x > -0.005 => ">-0.01".to_string(),
            Cell::Number(x) => format!("{x:.2}"),
            Cell::Empty => String::new(),
        }
    }

    fn for_machine(&self, guard: bool) -> String {
        match self {
            Cell::Text(s) if guard => formula_safe(s).into_owned(),
            Cell::Text(s) => s.clone(),
            Cell::Count(n) | Cell::Int(n) => n.to_string(),
            Cell::Figure(x) => settled(*x).to_string(),
            // A share of simulated years, in steps of 0.05: 0.7, not 0.7000000000000001
            // (trial 44 L6).
            Cell::Chance(x, _) => format_float(settled(*x)),
            // People or seats, a sum of stored figures among them: exact, as stored figures are
            // (review 41 M3: a target of 1234567890123 was written 1234567890120).
            Cell::Amount(x) | Cell::Derived(x) => format_float(settled(*x)),
            // -0.0 (a difference of none, taken the other way) is 0.
            Cell::Percent(x) | Cell::Share(x) | Cell::Number(x) if *x == 0.0 => "0".to_string(),
            Cell::Percent(x) | Cell::Share(x) | Cell::Number(x) => format_float(significant(*x)),
            Cell::Empty => String::new(),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Cell::Text(s) => Value::String(s.clone()),
            Cell::Count(n) | Cell::Int(n) => Value::from(*n),
            Cell::Figure(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Value::from(*x as i64),
            Cell::Figure(x) | Cell::Chance(x, _) => {
                serde_json::Number::from_f64(settled(*x)).map_or(Value::Null, Value::Number)
            }
            Cell::Amount(x) | Cell::Derived(x) => {
                serde_json::Number::from_f64(settled(*x)).map_or(Value::Null, Value::Number)
            }
            Cell::Percent(x) | Cell::Share(x) | Cell::Number(x) => {
                serde_json::Number::from_f64(significant(*x)).map_or(Value::Null, Value::Number)
            }
            Cell::Empty => Value::Null,
        }
    }

    fn is_numeric(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }
}

fn format_float(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    format!("{x}")
}

/// A computed number to 12 significant digits, as precise as any figure it comes from and
/// without the noise of binary arithmetic (a change of 2.499999999999991% is 2.5%: trial 65 L1).
pub fn significant(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// A sum of decimal figures without the last digits binary addition loses (3589.3062320000004
/// is 3589.306232): nine decimals, more than any published figure has.
/// Nine decimals, or as many as fifteen significant digits leave (12345679.299999999 is
/// 12345679.3: review 42 L3, where nine decimals of a figure past 9 million are past what a
/// double holds).
pub fn settled(x: f64) -> f64 {
    if !x.is_finite() || x.fract() == 0.0 {
        return x;
    }
    let digits = x.abs().log10().floor() as i32 + 1;
    let decimals = (15 - digits.max(1)).clamp(0, 9) as usize;
    format!("{x:.decimals$}").parse().unwrap_or(x)
}

/// A stored figure as the data gives it, with thousands separators: 1088505 -> "1,088,505",
/// 1053.8002 -> "1,053.8002" (its decimals all shown, none invented).
pub fn figure(x: f64) -> String {
    let text = format!("{}", settled(x).abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let grouped = int.parse::<i64>().map_or_else(|_| int.to_string(), thousands);
    let sign = if x < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// A change in percent with its sign, as every table and chart writes it: `+4.5%`, `-0.3%`,
/// and `0.0%` for one that rounds to none (never `-0.0%` or `+0.0%`).
pub fn change_text(p: f64) -> String {
    format!("{p:+.1}%").replace("+0.0%", "0.0%").replace("-0.0%", "0.0%")
}

/// A whole number with thousands separators: 1088505 -> "1,088,505".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A count for people: with separators, or in thousands or millions.
/// A figure that is not 0 is never shown as one: 300 in thousands is `<1k`, -300 `>-1k`.
pub fn round_count(x: f64, rounding: Rounding) -> String {
    let (unit, suffix) = match rounding {
        // A small figure with decimals (a survey's 0.4 thousand, with --unit ones) keeps two:
        // rounded whole, 0.4 would read as none and 1.2 against 1.5 as 1 against 2.
        Rounding::Full if x.abs() < 100.0 && (x - x.round()).abs() > 1e-9 => {
            let shown = format!("{x:.2}");
            let shown = shown.trim_end_matches('0').trim_end_matches('.');
            return match shown {
                "0" | "-0" if x > 0.0 => "<0.01".to_string(),
                "0" | "-0" => ">-0.01".to_string(),
                _ => shown.to_string(),
            };
        }
        Rounding::Full => return thousands(x.round() as i64),
        Rounding::Thousands => (1e3, "k"),
        Rounding::Millions => (1e6, "m"),
    };
    let shown = match rounding {
        Rounding::Millions => format!("{:.1}", x / unit),
        _ => thousands((x / unit).round() as i64),
    };
    let zero = shown.trim_start_matches('-').chars().all(|c| c == '0' || c == '.');
    let least = if rounding == Rounding::Millions { "0.1" } else { "1" };
    match (zero, x) {
        (true, x) if x > 0.0 => format!("<{least}{suffix}"),
        (true, x) if x < 0.0 => format!(">-{least}{suffix}"),
        (true, _) => format!("0{}{suffix}", if rounding == Rounding::Millions { ".0" } else { "" }),
        (false, _) => format!("{shown}{suffix}"),
    }
}

/// Short form for chart labels: 849,034 -> "849k", 16,600,000 -> "16.6m".
pub fn short_count(x: f64) -> String {
    let a = x.abs();
    if a >= 1e6 {
        format!("{:.1}m", x / 1e6)
    } else if a >= 1e5 {
        format!("{:.0}k", x / 1e3)
    } else if a >= 1e4 {
        // 12,500 is "12.5k", never "12k" (4% off, a target's label) nor "13k"; 13,000 "13k".
        let tenths = (x / 100.0).round();
        if tenths % 10.0 == 0.0 {
            format!("{:.0}k", tenths / 10.0)
        } else {
            format!("{:.1}k", tenths / 10.0)
        }
    } else {
        thousands(x.round() as i64)
    }
}

/// A result: named columns, rows of cells, and notes a reader must see with it.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub title: Option<String>,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub notes: Vec<String>,
}

impl Report {
    pub fn new(columns: &[&str]) -> Report {
        Report { columns: columns.iter().map(|c| c.to_string()).collect(), ..Default::default() }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }

    pub fn note(&mut self, note: impl Into<String>) {
        let note = note.into();
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// Writes the report; notes go to `notes_out` for machine formats. With `formula_guard`,
    /// CSV text cells a spreadsheet would run as formulas are written as text (`formula_safe`).
    pub fn write(
        &self,
        out: &mut impl Write,
        notes_out: &mut impl Write,
        format: Format,
        rounding: Rounding,
        formula_guard: bool,
    ) -> std::io::Result<()> {
        match format {
            Format::Table => {
                if let Some(t) = &self.title {
                    writeln!(out, "{}", visible(t))?;
                }
                writeln!(out, "{}", self.table(rounding))?;
                for n in &self.notes {
                    writeln!(out, "note: {}", visible(n))?;
                }
            }
            Format::Markdown => {
                if let Some(t) = &self.title {
                    writeln!(out, "### {}\n", visible(t))?;
                }
                self.markdown(out, rounding)?;
                if !self.notes.is_empty() {
                    writeln!(out)?;
                }
                for n in &self.notes {
                    writeln!(out, "- note: {}", visible(n))?;
                }
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut *out);
                w.write_record(&self.columns)?;
                for row in &self.rows {
                    w.write_record(row.iter().map(|c| c.for_machine(formula_guard)))?;
                }
                w.flush()?;
                self.notes_to(notes_out)?;
            }
            Format::Json => {
                let rows: Vec<Value> = self
                    .rows
                    .iter()
                    .map(|row| {
                        let obj: Map<String, Value> =
                            self.columns.iter().cloned().zip(row.iter().map(Cell::to_json)).collect();
                        Value::Object(obj)
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &rows)?;
                writeln!(out)?;
                self.notes_to(notes_out)?;
            }
        }
        Ok(())
    }

    fn notes_to(&self, notes_out: &mut impl Write) -> std::io::Result<()> {
        for n in &self.notes {
            writeln!(notes_out, "note: {}", visible(n))?;
        }
        Ok(())
    }

    /// The header, the rows as the table shows them, and which columns are numbers: for
    /// presentations other than the terminal's (the HTML brief).
    pub fn table_text(&self, rounding: Rounding) -> (Vec<String>, Vec<Vec<String>>, Vec<bool>) {
        let rows = self.rows.iter().map(|r| r.iter().map(|c| c.for_table(rounding)).collect()).collect();
        let numeric = (0..self.columns.len()).map(|i| self.numeric_column(i)).collect();
        (self.columns.clone(), rows, numeric)
    }

    fn numeric_column(&self, i: usize) -> bool {
        self.rows.iter().any(|r| r.get(i).is_some_and(Cell::is_numeric))
            && self.rows.iter().all(|r| r.get(i).is_none_or(|c| c.is_numeric() || *c == Cell::Empty))
    }

    fn table(&self, rounding: Rounding) -> Table {
        let mut table = Table::new();
        table
            .load_preset(presets::NOTHING)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_header(self.columns.clone());
        for row in &self.rows {
            table.add_row(row.iter().map(|c| c.for_table(rounding)).collect::<Vec<_>>());
        }
        for i in 0..self.columns.len() {
            if self.numeric_column(i) {
                if let Some(column) = table.column_mut(i) {
                    column.set_cell_alignment(CellAlignment::Right);
                }
            }
        }
        table
    }

    fn markdown(&self, out: &mut impl Write, rounding: Rounding) -> std::io::Result<()> {
        writeln!(out, "| {} |", self.columns.join(" | "))?;
        let rule: Vec<&str> =
            (0..self.columns.len()).map(|i| if self.numeric_column(i) { "---:" } else { "---" }).collect();
        writeln!(out, "| {} |", rule.join(" | "))?;
        for row in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| {
                    // A renderer trims a cell's spaces: a tree's indent is kept as
                    // non-breaking spaces, which it does not.
                    let text = c.for_table(rounding).replace('|', "\\|");
                    let name = text.trim_start_matches(' ');
                    format!("{}{name}", "&nbsp;".repeat(text.len() - name.len()))
                })
                .collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
        Ok(())
    }
}

/// A file written whole or not at all: filled under a hidden temporary name beside its path
/// and renamed over it once complete, so an interrupted run (Ctrl-C, kill, a full disk)
/// leaves what was there before, never a truncated file that reads as whole (review 65 H2:
/// an export stopped part way kept 305,152 of its 2,130,800 rows, each line whole, and loaded
/// into a new store without a word).
pub struct WholeFile {
    /// The temporary file beside the target; none where the target is written in place (a
    /// device or a pipe such as /dev/null, which no rename may replace: review 69 H2).
    temp: Option<tempfile::NamedTempFile>,
    path: std::path::PathBuf,
    /// The temporary file named for [`remove_temp_files`] while it is written.
    _named: Option<TempNamed>,
}

/// How many temporary files being written at once a signal can remove (a command writes one
/// at a time; past this many, one is left, as before).
const TEMP_SLOTS: usize = 64;

/// The temporary files being written, as C strings, for a signal handler to remove.
static TEMPS: [std::sync::atomic::AtomicPtr<libc::c_char>; TEMP_SLOTS] =
    [const { std::sync::atomic::AtomicPtr::new(std::ptr::null_mut()) }; TEMP_SLOTS];

/// A temporary file's slot in [`TEMPS`], emptied when dropped.
struct TempNamed(usize);

impl TempNamed {
    fn new(path: &std::path::Path) -> Option<TempNamed> {
        use std::os::unix::ffi::OsStrExt;
        use std::sync::atomic::Ordering;
        let raw = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?.into_raw();
        for (i, slot) in TEMPS.iter().enumerate() {
            if slot.compare_exchange(std::ptr::null_mut(), raw, Ordering::SeqCst, Ordering::SeqCst).is_ok() {
                return Some(TempNamed(i));
            }
        }
        // SAFETY: `raw` came from `CString::into_raw` above and was never shared.
        drop(unsafe { std::ffi::CString::from_raw(raw) });
        None
    }
}

impl Drop for TempNamed {
    fn drop(&mut self) {
        // The name is left allocated: a handler on another thread may be reading it. A few
        // bytes a file written.
        TEMPS[self.0].store(std::ptr::null_mut(), std::sync::atomic::Ordering::SeqCst);
    }
}

/// Removes the temporary files being written: called from a signal handler (Ctrl-C, kill), so
/// that a run stopped part way leaves no hidden file beside its output (review 66 L2, review
/// 69 L1). Only atomic loads and `unlink`, which a signal handler may call.
pub fn remove_temp_files() {
    for slot in &TEMPS {
        let name = slot.load(std::sync::atomic::Ordering::SeqCst);
        if !name.is_null() {
            // SAFETY: a slot holds null or a C string that is never freed.
            unsafe {
                libc::unlink(name);
            }
        }
    }
}

impl WholeFile {
    /// A temporary file beside `path`, with its extension (a chart's format is told by it).
    /// A link is followed: the file it points to is the one replaced, the link kept (review
    /// 66 M1). A file that may not be written is refused, as writing it in place would be
    /// (review 66 H2: a file made read-only was replaced). What is no regular file (a device,
    /// a pipe: `-o /dev/null`), or a file in a folder this user may not write, is written in
    /// place, as before.
    pub fn create(path: &std::path::Path) -> crate::error::Result<WholeFile> {
        use crate::error::Error;
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let target = match is_link {
            // A link to a file not made yet: the path it names (review 69 L2).
            true => std::fs::canonicalize(path).or_else(|_| {
                std::fs::read_link(path).map(|to| path.parent().map_or(to.clone(), |p| p.join(&to)))
            }),
            false => Ok(path.to_path_buf()),
        }
        .map_err(|e| Error::io(path, e))?;
        let in_place = || Ok(WholeFile { temp: None, path: target.clone(), _named: None });
        match std::fs::metadata(&target) {
            Ok(m) if !m.is_file() && !m.is_dir() => return in_place(),
            Ok(m) if m.is_file() => {
                std::fs::OpenOptions::new().write(true).open(&target).map_err(|e| Error::io(path, e))?;
            }
            _ => {}
        }
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => std::path::Path::new("."),
        };
        if !folder.is_dir() {
            return Err(Error::io(
                path,
                std::io::Error::new(std::io::ErrorKind::NotFound, "its folder does not exist"),
            ));
        }
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let suffix = target.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
        // Created as a new file would be: 0666 less the umask (review 66 M2: always 0644); its
        // name given to the signal handler before the file is there, so that no signal comes
        // between the two.
        let mut named = None;
        let temp =
            tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(&suffix).make_in(folder, |path| {
                use std::os::unix::fs::OpenOptionsExt;
                named = None;
                named = TempNamed::new(path);
                std::fs::OpenOptions::new().read(true).write(true).create_new(true).mode(0o666).open(path)
            });
        match temp {
            Ok(temp) => Ok(WholeFile { temp: Some(temp), path: target, _named: named }),
            // A file this user may write in a folder it may not (review 69 M3): in place.
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied && target.is_file() => in_place(),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// Where to write the file's content before it is committed.
    pub fn temp_path(&self) -> &std::path::Path {
        self.temp.as_ref().map_or(self.path.as_path(), |t| t.path())
    }

    /// Another handle on the file to write, for a writer that owns its file.
    pub fn handle(&self) -> crate::error::Result<std::fs::File> {
        let handle = match &self.temp {
            Some(t) => t.as_file().try_clone(),
            None => std::fs::File::create(&self.path),
        };
        handle.map_err(|e| crate::error::Error::io(&self.path, e))
    }

    /// Puts the file in place of what `path` held, with the permissions of the file it
    /// replaces (a new file has those it was created with).
    pub fn commit(self) -> crate::error::Result<()> {
        use crate::error::Error;
        let path = self.path;
        let Some(temp) = self.temp else { return Ok(()) };
        temp.as_file().sync_all().map_err(|e| Error::io(&path, e))?;
        if let Ok(m) = std::fs::metadata(&path) {
            std::fs::set_permissions(temp.path(), m.permissions()).map_err(|e| Error::io(&path, e))?;
        }
        temp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
        Ok(())
    }
}

/// Writes a file whole or not at all ([`WholeFile`]): `write` fills the path it is given.
pub fn write_whole<T>(
    path: &std::path::Path,
    write: impl FnOnce(&std::path::Path) -> crate::error::Result<T>,
) -> crate::error::Result<T> {
    let file = WholeFile::create(path)?;
    let out = write(file.temp_path())?;
    file.commit()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_is_never_rounded_to_none_or_all() {
        let shown = [0.036, 0.05, 12.34, 99.94, 99.97, 100.0, 0.0, -0.0]
            .map(|p| Cell::Share(p).for_table(Rounding::Full));
        assert_eq!(shown, ["<0.1%", "0.1%", "12.3%", "99.9%", ">99.9%", "100.0%", "0.0%", "0.0%"]);
        // All of it, off by a float's last bits (review 60 L4: 0.3 of 0.1 + 0.2).
        let all = 0.3 / (0.1 + 0.2) * 100.0;
        assert!(all < 100.0);
        assert_eq!(Cell::Share(all).for_table(Rounding::Full), "100.0%");
        // A tiny negative contribution (trial 88 L2: -0.0274 read -0.0% beside a change of
        // 0.0%).
        let negative = [-0.0274, -0.05, -12.34].map(|p| Cell::Share(p).for_table(Rounding::Full));
        assert_eq!(negative, [">-0.1%", "-0.1%", "-12.3%"]);
    }

    /// Trial 72 L1, review 48 M2: a difference of a level of none read -0.00, and one of 0.0047
    /// points, beside "differs", 0.00.
    #[test]
    fn a_number_reads_as_none_only_where_it_is_none() {
        let shown =
            [-0.0047, 0.0047, -0.0, 0.0, -0.006, 1.234].map(|x| Cell::Number(x).for_table(Rounding::Full));
        assert_eq!(shown, [">-0.01", "<0.01", "0.00", "0.00", "-0.01", "1.23"]);
        assert_eq!(Cell::Number(-0.0).for_machine(false), "0");
    }

    /// Trial 49 #7: seats implied by a published change read -86.6* beside whole seats.
    #[test]
    fn derived_seats_are_shown_whole_and_kept_whole_for_machines() {
        let shown = [-86.6, 55.56, 2886.6].map(|x| Cell::Derived(x).for_table(Rounding::Full));
        assert_eq!(shown, ["-87*", "56*", "2,887*"]);
        assert_eq!(Cell::Derived(-86.6).for_machine(false), "-86.6");
    }

    #[test]
    fn a_chance_not_certain_is_never_shown_as_none_or_all() {
        let shown = [(100.0, false), (0.0, false), (100.0, true), (0.0, true), (42.0, false)]
            .map(|(p, certain)| Cell::Chance(p, certain).for_table(Rounding::Full));
        assert_eq!(shown, [">99.9%", "<0.1%", "100.0%", "0.0%", "42.0%"]);
        assert_eq!(Cell::Chance(100.0, false).for_machine(false), "100");
        // 14 of 2,000 simulated years, without binary's last digits (trial 44 L6).
        let chance = Cell::Chance(14.0 / 2000.0 * 100.0, false);
        assert_eq!((chance.for_machine(false), chance.to_json().to_string()), ("0.7".into(), "0.7".into()));
    }

    #[test]
    fn counts_read_with_separators_and_in_millions() {
        assert_eq!(thousands(849_034), "849,034");
        assert_eq!(thousands(-17_229), "-17,229");
        assert_eq!(thousands(0), "0");
        assert_eq!(round_count(16_600_000.0, Rounding::Millions), "16.6m");
        assert_eq!(round_count(849_034.0, Rounding::Thousands), "849k");
        // Not 0 is never shown as 0.
        assert_eq!(round_count(300.0, Rounding::Thousands), "<1k");
        assert_eq!(round_count(-300.0, Rounding::Thousands), ">-1k");
        assert_eq!(round_count(500.0, Rounding::Thousands), "1k");
        assert_eq!(round_count(0.0, Rounding::Thousands), "0k");
        assert_eq!(round_count(40_000.0, Rounding::Millions), "<0.1m");
        assert_eq!(round_count(-40_000.0, Rounding::Millions), ">-0.1m");
        assert_eq!(round_count(-60_000.0, Rounding::Millions), "-0.1m");
        assert_eq!(round_count(0.0, Rounding::Millions), "0.0m");
        assert_eq!(short_count(2_850_000.0), "2.9m");
        // Trial 25 #7: a target of 12,500 was labelled "12k", an interval "13k to 13k".
        assert_eq!(short_count(12_500.0), "12.5k");
        assert_eq!(short_count(13_000.0), "13k");
        assert_eq!(short_count(12_960.0), "13k");
        assert_eq!(short_count(849_034.0), "849k");
        assert_eq!(short_count(9_999.0), "9,999");
        assert_eq!(figure(1_088_505.0), "1,088,505");
        assert_eq!(figure(1053.8002), "1,053.8002");
        assert_eq!(figure(-9000.0), "-9,000");
        assert_eq!(figure(0.5), "0.5");
        assert_eq!(figure(3589.3062320000004), "3,589.306232");
        assert_eq!(figure(1101.1 - 1100.0), "1.1");
    }

    #[test]
    fn text_a_spreadsheet_would_run_is_written_as_text_and_numbers_stay_numbers() {
        let mut r = Report::new(&["market", "change"]);
        r.push(vec![Cell::text("=HYPERLINK(\"x\")"), Cell::Count(-5)]);
        r.push(vec![Cell::text("-5"), Cell::Percent(-2.5)]);
        r.push(vec![Cell::text("@SUM(A1)"), Cell::Empty]);
        let (mut out, mut notes) = (Vec::new(), Vec::new());
        r.write(&mut out, &mut notes, Format::Csv, Rounding::Full, true).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "market,change\n\"'=HYPERLINK(\"\"x\"\")\",-5\n'-5,-2.5\n'@SUM(A1),\n"
        );
        let (mut out, mut notes) = (Vec::new(), Vec::new());
        r.write(&mut out, &mut notes, Format::Csv, Rounding::Full, false).unwrap();
        assert!(String::from_utf8(out).unwrap().contains("\n-5,-2.5\n"));
    }

    #[test]
    fn a_small_figure_with_decimals_is_never_rounded_whole() {
        assert_eq!(round_count(0.4, Rounding::Full), "0.4");
        assert_eq!(round_count(1.25, Rounding::Full), "1.25");
        assert_eq!(round_count(0.001, Rounding::Full), "<0.01");
        assert_eq!(round_count(12.0, Rounding::Full), "12");
        assert_eq!(round_count(1053.8002, Rounding::Full), "1,054");
    }

    #[test]
    fn a_change_that_rounds_to_none_has_no_sign() {
        assert_eq!(change_text(-0.04), "0.0%");
        assert_eq!(change_text(0.0), "0.0%");
        assert_eq!(change_text(0.04), "0.0%");
        assert_eq!(change_text(-0.05), "-0.1%");
        assert_eq!(change_text(12.34), "+12.3%");
    }

    #[test]
    fn control_characters_are_shown_not_sent_to_the_terminal() {
        assert_eq!(visible("\u{1b}[31mChina\u{7}"), "\\u{1b}[31mChina\\u{7}");
        assert_eq!(visible("East Asia\nnote"), "East Asia\nnote");
    }

    #[test]
    fn tables_round_and_machines_get_full_precision() {
        let mut r = Report::new(&["market", "seats", "change_pct"]);
        r.push(vec![Cell::text("East Asia"), Cell::Count(528_480), Cell::Percent(-25.04)]);
        r.note("a note");
        let (mut out, mut notes) = (Vec::new(), Vec::new());
        r.write(&mut out, &mut notes, Format::Table, Rounding::Full, true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("528,480") && text.contains("-25.0%") && text.contains("note: a note"),
            "{text}"
        );
        let (mut out, mut notes) = (Vec::new(), Vec::new());
        r.write(&mut out, &mut notes, Format::Csv, Rounding::Full, true).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "market,seats,change_pct\nEast Asia,528480,-25.04\n");
        assert_eq!(String::from_utf8(notes).unwrap(), "note: a note\n");
        // Twelve significant digits: the noise of binary arithmetic goes, the precision stays.
        let mut r = Report::new(&["change_pct", "share", "target", "ytd"]);
        r.push(vec![
            Cell::Percent(2.499999999999991),
            Cell::Share(2.7595686191583813),
            Cell::Amount(1_234_567_890_123.0),
            Cell::Amount(12_345_679.299_999_999),
        ]);
        for format in [Format::Csv, Format::Json] {
            let (mut out, mut notes) = (Vec::new(), Vec::new());
            r.write(&mut out, &mut notes, format, Rounding::Full, true).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(text.contains("2.5") && text.contains("2.75956861916"), "{text}");
            assert!(!text.contains("2.49999") && !text.contains("2.759568619158"), "{text}");
            // A sum of stored figures stays exact, without the noise of its sum.
            assert!(text.contains("1234567890123"), "{text}");
            assert!(text.contains("12345679.3") && !text.contains("12345679.29"), "{text}");
        }
    }
}
