//! A long file's margins, as publishers' exports carry them: title lines above its header
//! ("Arrivals by market, 2025", "Source: ..."), footnotes below its rows ("Note: provisional
//! figures"). Passed over, and said, where they are plainly no rows: each a line of one or two
//! fields, the title under no header the kind reads and above one it does, the footnotes after
//! the last row, each a note ("Note:", "Source:", a footnote mark) or a sentence. Anything else
//! stays a problem of its line, as before: a row cut short is never passed over as a note.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use crate::error::{IoContext, Result};
use crate::kind::Kind;

use super::read::{ColumnName, Layout, Unit};

/// Lines of a long file that are no rows (see the module).
#[derive(Debug, Clone, PartialEq)]
pub struct Margins {
    /// The title's first and last lines and its first line's text.
    pub title: Option<(u64, u64, String)>,
    /// The footnotes' first and last lines and the first one's text.
    pub footnotes: Option<(u64, u64, String)>,
    /// The line after the last row, from which lines are passed over with the footnotes (a
    /// sheet's empty rows between them).
    after_rows: Option<u64>,
    /// The header's line.
    pub header_line: u64,
    /// A unit a title or footnote states ("Arrivals in thousands"), its line and text: the
    /// figures' unit, which `--unit` must say.
    pub unit: Option<(Unit, u64, String)>,
}

/// Records above a header looked at for it.
const TITLE_RECORDS: usize = 8;

impl Margins {
    /// What is said of the lines passed over (of a workbook's sheet, its rows: `sheet`).
    pub fn notes(&self, sheet: bool) -> Vec<String> {
        let line = if sheet { "row" } else { "line" };
        let lines = |(from, to): (u64, u64)| match from == to {
            true => format!("{line} {from}"),
            false => format!("{line}s {from}-{to}"),
        };
        let mut notes = Vec::new();
        if let Some((from, to, text)) = &self.title {
            notes.push(format!(
                "{} above the header (\"{text}\"): the file's title, passed over",
                lines((*from, *to))
            ));
        }
        if let Some((from, to, text)) = &self.footnotes {
            notes
                .push(format!("{} below the rows (\"{text}\"): footnotes, passed over", lines((*from, *to))));
        }
        notes
    }

    /// A unit the title or a footnote states, against the unit given (see `check_unit`).
    pub fn check_unit(&self, label: &str, given: Option<Unit>) -> Result<()> {
        let place = match self.unit.as_ref().is_some_and(|u| u.1 < self.header_line) {
            true => "title",
            false => "footnote",
        };
        super::wide::check_unit(label, given, self.unit.as_ref(), place)
    }

    fn passed(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        let notes = self.footnotes.as_ref().map(|(from, to, _)| (self.after_rows.unwrap_or(*from), *to));
        self.title.as_ref().map(|(from, to, _)| (*from, *to)).into_iter().chain(notes)
    }
}

/// One record as `margins` reads it: its line, its fields' text, whether a field spans lines.
struct Record {
    line: u64,
    fields: Vec<String>,
    spans_lines: bool,
}

impl Record {
    fn filled(&self) -> Vec<&str> {
        self.fields.iter().map(|f| f.trim()).filter(|f| !f.is_empty()).collect()
    }

    fn text(&self) -> String {
        self.filled().join(", ")
    }
}

/// The margins of a comma-separated long file of `kind` (its columns named `names`), if it has
/// any to pass over.
fn margins(path: &Path, kind: Kind, names: &[ColumnName]) -> Result<Option<Margins>> {
    let file = std::fs::File::open(path).at(path)?;
    let mut lines = super::read::LineNumbers::default();
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(lines.track(file));
    let mut raw = csv::ByteRecord::new();
    // A file that is no CSV is said by the reader proper.
    let mut next = || -> Option<Record> {
        reader.read_byte_record(&mut raw).ok().filter(|more| *more)?;
        let line = raw.position().map_or(0, |p| lines.line_at(p.byte()));
        let fields: Vec<String> = raw.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
        let spans_lines = fields.iter().any(|f| f.contains(['\n', '\r']));
        Some(Record { line, fields, spans_lines })
    };
    let header_of = |r: &Record| {
        let fields: Vec<&str> = r.fields.iter().map(String::as_str).collect();
        Layout::from_header(kind, &fields, names).ok()
    };
    // The header: the first record, or a record below a title of a few short lines.
    let mut title: Vec<Record> = Vec::new();
    let (width, header_line) = loop {
        let Some(r) = next() else { return Ok(None) };
        if header_of(&r).is_some() {
            let width = r.filled().len();
            let short = |t: &Record| !t.spans_lines && t.filled().len() <= 2 && t.filled().len() < width;
            if width < 2 || !title.iter().all(short) {
                return Ok(None);
            }
            break (width, r.line);
        }
        if title.len() == TITLE_RECORDS {
            return Ok(None);
        }
        title.push(r);
    };
    // The footnotes: the notes after the last row, and empty records among them and before
    // them (a sheet's empty rows, `,,`).
    let (mut rows, mut notes, mut after_rows) = (0usize, Vec::new(), None);
    while let Some(r) = next() {
        let empty = !r.spans_lines && r.filled().is_empty();
        match empty || is_footnote(&r, width) {
            true => {
                after_rows.get_or_insert(r.line);
                if !empty {
                    notes.push(r);
                }
            }
            false => {
                rows += 1 + notes.len();
                notes.clear();
                after_rows = None;
            }
        }
    }
    // (A file of footnotes alone under its header has no rows to pass them for.)
    if rows == 0 {
        notes.clear();
    }
    if title.is_empty() && notes.is_empty() {
        return Ok(None);
    }
    // What they say of the figures: a unit is the figures' (said to `--unit`); a rate, or a
    // dash that means nil, changes how the rows read: not passed over (the lines stay problems).
    let passed: Vec<&Record> = title.iter().chain(&notes).collect();
    if passed
        .iter()
        .any(|r| super::wide::rate_in_title(&r.text()).is_some() || super::wide::dash_means_nil(&r.text()))
    {
        return Ok(None);
    }
    let unit =
        passed.iter().find_map(|r| super::wide::unit_in_title(&r.text()).map(|u| (u, r.line, r.text())));
    let span = |rs: &[Record]| -> Option<(u64, u64, String)> {
        Some((rs.first()?.line, rs.last()?.line, rs.first()?.text()))
    };
    Ok(Some(Margins { title: span(&title), footnotes: span(&notes), after_rows, header_line, unit }))
}

/// Whether a record below the rows is a footnote: one or two fields (fewer than the header's),
/// on one line, a note ("Note:", "Source:", "Quelle:"), one that begins with a footnote's mark (`*`, `¹`,
/// `(1)`, `1)`), or a sentence alone on its line: three words or more, two of them in lower
/// case ("Figures for 2025 are provisional"; "Hong Kong SAR China" is a row cut short).
fn is_footnote(r: &Record, width: usize) -> bool {
    let filled = r.filled();
    let Some(first) = filled.first() else { return false };
    if r.spans_lines || filled.len() > 2 || filled.len() >= width {
        return false;
    }
    let marked = first.starts_with(['*', '†', '‡', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'])
        || first.strip_prefix('(').unwrap_or(first).split_once(')').is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_alphanumeric())
        });
    let words: Vec<&str> = first.split_whitespace().collect();
    let sentence = filled.len() == 1
        && words.len() >= 3
        && words.iter().filter(|w| w.starts_with(|c: char| c.is_lowercase())).count() >= 2;
    // A label and a colon, in any language ("Quelle:", "Fuente:").
    let labelled = words
        .first()
        .and_then(|w| w.strip_suffix(':'))
        .is_some_and(|w| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic));
    super::wide::is_note(first) || marked || sentence || labelled
}

/// A copy of the file at `path` in `dir`, its margins' lines blank (the reader passes over
/// blank lines, so every other line keeps its number).
fn without_margins(path: &Path, margins: &Margins, dir: &Path) -> Result<PathBuf> {
    let out = dir.join(path.file_name().unwrap_or("file.csv".as_ref()));
    let reader = std::io::BufReader::new(std::fs::File::open(path).at(path)?);
    let mut to = std::io::BufWriter::new(std::fs::File::create(&out).at(&out)?);
    let passed: Vec<(u64, u64)> = margins.passed().collect();
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = line.at(path)?;
        let n = i as u64 + 1;
        if !passed.iter().any(|(from, to)| (*from..=*to).contains(&n)) {
            to.write_all(&line).at(&out)?;
        }
        to.write_all(b"\n").at(&out)?;
    }
    to.flush().at(&out)?;
    Ok(out)
}

/// A long file's margins passed over: a copy of the file at `path` without them, written in the
/// folder `dir` gives, and the margins; `None` where it has none (or is of a kind read without
/// them: booking flows and on-the-books files come from systems, and are read fast).
pub fn pass_over(
    path: &Path,
    kind: Kind,
    names: &[ColumnName],
    dir: impl FnOnce() -> Result<PathBuf>,
) -> Result<Option<(PathBuf, Margins)>> {
    if !matches!(kind, Kind::Arrivals | Kind::Targets | Kind::Markets) {
        return Ok(None);
    }
    let Some(margins) = self::margins(path, kind, names)? else { return Ok(None) };
    Ok(Some((without_margins(path, &margins, &dir()?)?, margins)))
}
