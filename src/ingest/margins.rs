//! A long file's margins, as publishers' exports carry them: title lines above its header
//! ("Arrivals by market, 2025", "Source: ..."), footnotes below its rows ("Note: provisional
//! figures"). Passed over, and said, where they are plainly no rows: each a line of one or two
//! fields, the title under no header the kind reads and above one it does, the footnotes after
//! the last row, each a note ("Note:", "Source:", a footnote mark) or a sentence. Anything else
//! stays a problem of its line, as before: a row cut short is never passed over as a note.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, IoContext, Result};
use crate::kind::Kind;
use crate::market::MarketTree;

use super::read::{ColumnName, Layout, Unit};

/// Lines of a long file that are no rows (see the module).
#[derive(Debug, Clone, PartialEq)]
pub struct Margins {
    /// The title's first and last lines and its lines' text, each with its line.
    pub title: Option<Span>,
    /// The footnotes' first and last lines and their text, each with its line.
    pub footnotes: Option<Span>,
    /// The line after the last row, from which lines are passed over with the footnotes (a
    /// sheet's empty rows between them).
    after_rows: Option<u64>,
    /// The header's line.
    pub header_line: u64,
    /// A unit a title or footnote states ("Arrivals in thousands"), its line and text: the
    /// figures' unit, which `--unit` must say.
    pub unit: Option<(Unit, u64, String)>,
}

/// Lines passed over: the first and the last, and each one's text with its line.
pub type Span = (u64, u64, Vec<(u64, String)>);

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
        let quoted = |texts: &[(u64, String)]| {
            texts.iter().map(|(_, t)| format!("\"{t}\"")).collect::<Vec<_>>().join(", ")
        };
        let mut notes = Vec::new();
        if let Some((from, to, texts)) = &self.title {
            let text = quoted(texts);
            notes.push(format!(
                "{} above the header ({text}): the file's title, passed over",
                lines((*from, *to))
            ));
        }
        if let Some((from, to, texts)) = &self.footnotes {
            let text = quoted(texts);
            notes.push(format!("{} below the rows ({text}): footnotes, passed over", lines((*from, *to))));
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
/// any to pass over; an error where they say what the rows cannot (a month over whole years, a
/// status of some figures). A footnote that names a market of `tree` is a row cut short.
fn margins(
    path: &Path,
    label: &str,
    kind: Kind,
    names: &[ColumnName],
    tree: &MarketTree,
) -> Result<Option<Margins>> {
    let file = std::fs::File::open(path).at(path)?;
    let mut lines = super::read::LineNumbers::default();
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(lines.track(file));
    let mut raw = csv::ByteRecord::new();
    // A file that is no CSV is said by the reader proper. Each record's fields filled, read
    // from its bytes: a row with as many as the kind requires is read no further (every row of
    // a long file passes here).
    let mut next = |rows_from: usize| -> Option<Option<Record>> {
        reader.read_byte_record(&mut raw).ok().filter(|more| *more)?;
        if raw.iter().filter(|f| !f.trim_ascii().is_empty()).count() >= rows_from {
            return Some(None);
        }
        let line = raw.position().map_or(0, |p| lines.line_at(p.byte()));
        let fields: Vec<String> = raw.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
        let spans_lines = fields.iter().any(|f| f.contains(['\n', '\r']));
        Some(Some(Record { line, fields, spans_lines }))
    };
    // A header the kind reads, or one of a long file that names its columns otherwise
    // (`Country,Month,Visitors`: the read below it names the flags, review 101 M5).
    let header_of = |r: &Record| {
        let fields: Vec<&str> = r.fields.iter().map(String::as_str).collect();
        let layout = Layout::from_header(kind, &fields, names).ok();
        let named_otherwise = names.is_empty() && {
            let flags = super::read::suggested_columns(kind, &fields);
            !flags.is_empty() && flags.iter().any(|n| n.column != ColumnName::SKIP)
        };
        (layout.is_some() || named_otherwise).then_some(layout)
    };
    // The header: the first record, or a record below a title of a few short lines.
    let mut title: Vec<Record> = Vec::new();
    let (width, header_line, layout) = loop {
        let Some(Some(r)) = next(usize::MAX) else { return Ok(None) };
        if let Some(layout) = header_of(&r) {
            let width = r.filled().len();
            let short = |t: &Record| !t.spans_lines && t.filled().len() <= 2 && t.filled().len() < width;
            if width < 2 || !title.iter().all(short) {
                return Ok(None);
            }
            break (width, r.line, layout);
        }
        if title.len() == TITLE_RECORDS {
            return Ok(None);
        }
        title.push(r);
    };
    // The footnotes: the notes after the last row, and empty records among them and before
    // them (a sheet's empty rows, `,,`). A record with as many fields filled as the kind
    // requires is a row (review 101 H1: a markets file's last market, `Rest of the world,`).
    let required = kind.input_columns().iter().filter(|c| c.required).count();
    let known = |r: &Record| r.filled().first().is_some_and(|m| tree.get(m).is_some());
    let period_at = layout.as_ref().and_then(|l| l.position(kind, "period"));
    let (mut first_period, mut first) = (None, true);
    let (mut rows, mut notes, mut after_rows) = (0usize, Vec::new(), None);
    // (The first row read whole, for its period.)
    while let Some(r) = next(if first { usize::MAX } else { required }) {
        let Some(r) = r else {
            rows += 1 + notes.len();
            notes.clear();
            after_rows = None;
            continue;
        };
        if std::mem::take(&mut first) {
            first_period = period_at.and_then(|i| r.fields.get(i)).map(|p| p.trim().to_string());
        }
        let empty = !r.spans_lines && r.filled().is_empty();
        let note = r.filled().len() < required && !known(&r) && is_footnote(&r, width);
        match empty || note {
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
    // (Lines ended by a bare carriage return: the reader ends records there, the copy would
    // not. Looked for only where there are margins to cut.)
    if (title.is_empty() && notes.is_empty()) || lone_carriage_return(path)? {
        return Ok(None);
    }
    // What they say of the figures: a unit is the figures' (said to `--unit`); a rate, or a
    // dash that means nil, changes how the rows read: not passed over (the lines stay problems).
    let passed: Vec<&Record> = title.iter().chain(&notes).collect();
    // A status of some figures (`* Provisional figures`): which, a long file says in a status
    // column (review 101 M2: stored as actual, without a word).
    if let Some(r) = passed.iter().find(|r| names_a_status(&r.text())) {
        return Err(Error::invalid_at(
            label,
            r.line,
            format!("\"{}\" says figures of the file are provisional, estimated or revised, and a long file says which in a status column (P, E); tourstat cannot tell from a note which figures it means: give the rows their status, or delete the line where it is of no figure here", r.text()),
        ));
    }
    // A title that names a month or part of a year, over periods that are years: the figures
    // may be of that month or part only (review 101 H2: stored as whole years).
    let years =
        first_period.as_deref().is_some_and(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()));
    if let Some(r) = title.iter().find(|r| years && super::wide::names_part_of_a_year(&r.text())) {
        return Err(Error::invalid_at(
            label,
            r.line,
            format!("the title \"{}\" names a month or part of a year, and the periods below it are years: the figures may be of that month or part only, not of the whole years; tourstat does not guess: give each row its period (2025-11, 2025-Q1), or delete the title line where the figures are of the whole years", r.text()),
        ));
    }
    if passed
        .iter()
        .any(|r| super::wide::rate_in_title(&r.text()).is_some() || super::wide::dash_means_nil(&r.text()))
    {
        return Ok(None);
    }
    let unit =
        passed.iter().find_map(|r| super::wide::unit_in_title(&r.text()).map(|u| (u, r.line, r.text())));
    let span = |rs: &[Record]| -> Option<Span> {
        let texts = rs.iter().filter(|r| !r.filled().is_empty()).map(|r| (r.line, r.text())).collect();
        Some((rs.first()?.line, rs.last()?.line, texts))
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
    // (A mark, or a sentence, with a second field is a row: `* Others,2025-01,`.)
    let marked = marked && filled.len() == 1;
    let words: Vec<&str> = first.split_whitespace().collect();
    // (Review 101 M1: `Rest of the world` is a row cut short: a sentence ends with a stop, or
    // holds a figure, or runs to six words.)
    let sentence = filled.len() == 1
        && words.len() >= 3
        && words.iter().filter(|w| w.starts_with(|c: char| c.is_lowercase())).count() >= 2
        && (first.ends_with('.') || first.contains(|c: char| c.is_ascii_digit()) || words.len() >= 6);
    // A label and a colon, in any language ("Quelle:", "Fuente:"); a total's is a total line
    // (review 101 M4: `Total:,,999`, checked against the rows).
    let labelled = words.first().and_then(|w| w.strip_suffix(':')).is_some_and(|w| {
        w.chars().count() >= 3 && w.chars().all(char::is_alphabetic) && !super::wide::is_total(w)
    });
    (super::wide::is_note(first) && !super::wide::is_total(first)) || marked || sentence || labelled
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
    label: &str,
    (kind, names): (Kind, &[ColumnName]),
    tree: &MarketTree,
    dir: impl FnOnce() -> Result<PathBuf>,
) -> Result<Option<(PathBuf, Margins)>> {
    if !matches!(kind, Kind::Arrivals | Kind::Targets | Kind::Markets) {
        return Ok(None);
    }
    let Some(margins) = self::margins(path, label, kind, names, tree)? else { return Ok(None) };
    Ok(Some((without_margins(path, &margins, &dir()?)?, margins)))
}

/// Whether a line says figures are provisional, estimated or revised (a status of some).
fn names_a_status(text: &str) -> bool {
    let t = text.to_lowercase();
    let words = [
        "provisional",
        "preliminary",
        "estimated",
        "estimate",
        "estimates",
        "revised",
        "forecast",
        "projected",
        "vorläufig",
        "vorläufige",
        "geschätzt",
        "provisoire",
        "provisoires",
        "estimé",
        "estimés",
        "provisionales",
        "provvisorio",
        "provvisori",
        "voorlopig",
        "voorlopige",
    ];
    t.split(|c: char| !c.is_alphanumeric() && c != '.').any(|w| words.contains(&w.trim_end_matches('.')))
}

/// Whether a file has a carriage return not followed by a line feed (lines ended the old Mac
/// way, or a title so ended above lines ended the Windows way).
fn lone_carriage_return(path: &Path) -> Result<bool> {
    use std::io::Read;
    let mut file = std::io::BufReader::new(std::fs::File::open(path).at(path)?);
    let (mut buf, mut after_cr) = ([0u8; 8192], false);
    loop {
        let n = file.read(&mut buf).at(path)?;
        if n == 0 {
            return Ok(after_cr);
        }
        for &b in &buf[..n] {
            if after_cr && b != b'\n' {
                return Ok(true);
            }
            after_cr = b == b'\r';
        }
    }
}
