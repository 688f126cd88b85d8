//! The library's one error type.
//!
//! Messages are lowercase, say where (`file:line`), what was expected and what was found.
//! Validation collects every problem of a file before failing, so [`Error::Invalid`] carries
//! a list; the foreign error (I/O, polars) stays reachable through `source()`.

use std::fmt;
use std::path::PathBuf;

/// How many problems of one file are shown; the rest are counted.
pub const PROBLEMS_SHOWN: usize = 20;

/// One problem found in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Physical line in the file, 1-based (the header is line 1); 0 when it concerns the file.
    pub line: u64,
    /// The field of the line the problem is in (0 the first), when it is one.
    pub column: Option<usize>,
    /// The sheet's cell (`C17`) when the file is a sheet of a workbook: named instead of the line.
    pub cell: Option<String>,
    pub message: String,
    /// What the user can change to read the line as meant, if it is a matter of reading.
    pub remedy: Option<Remedy>,
}

impl Problem {
    pub fn new(line: u64, message: impl Into<String>) -> Problem {
        Problem { line, column: None, cell: None, message: message.into(), remedy: None }
    }

    /// The same problem, in a column of its line.
    pub fn in_column(self, column: usize) -> Problem {
        Problem { column: Some(column), ..self }
    }
}

/// What a user can change to get past an error. The library's messages say what is wrong; a
/// front end names its own way to ask for the remedy (the command line, a flag).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Remedy {
    /// Overwrite figures already stored with another value, or give the file a later vintage.
    Replace,
    /// Overwrite figures already stored with another value (a kind without vintages).
    ReplaceOnly,
    /// Overwrite figures already stored with another value, of rows whose day (vintage or
    /// snapshot) the file gives itself: `--as-of` does not change it.
    ReplaceOwnDays,
    /// Move markets of the tree to the parents a markets file gives them.
    Move,
    /// Wait for the other writer instead of failing at once.
    Wait,
    /// Read the file's years as Buddhist Era years.
    BuddhistEra,
    /// Say which mark of the file's numbers is the decimal one.
    NumberStyle,
    /// Read the figures in the unit the file states (`thousands`): its message says how.
    StatedUnit(&'static str),
    /// Leave the year given for the file out: its rows give theirs.
    LeaveOutYear,
    /// Read dates written with their day and month as numbers in this order, the only one
    /// they read in.
    DateOrder(crate::period::DateOrder),
    /// Read negative seats as seats cancelled on their day.
    Cancellations,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{context}: {source}")]
    Polars {
        context: String,
        #[source]
        source: polars::error::PolarsError,
    },
    /// Problems found while validating an input file; nothing was written.
    #[error("{}", format_problems(file, problems, *total))]
    Invalid { file: String, problems: Vec<Problem>, total: usize },
    /// Figures that already exist in the store with a different value.
    #[error("{}", format_conflicts(file, conflicts, *total, *vintages))]
    Conflict { file: String, conflicts: Vec<String>, total: usize, vintages: bool, own_days: bool },
    /// Markets of the tree that a markets file puts under another parent.
    #[error("{}", format_moves(file, moves))]
    Moved { file: String, moves: Vec<String> },
    /// Another writer holds the store.
    #[error("the store {} is being written by another tourstat; try again when it is done", path.display())]
    Locked { path: PathBuf },
    /// A store that is not in a state this version understands.
    #[error("store {}: {message}", path.display())]
    Store { path: PathBuf, message: String },
    /// Problems in several files of one ingest; none of them was written.
    #[error("{}", format_files(errors, *files))]
    Files { errors: Vec<Error>, files: usize },
    /// A failure that is not the user's: a thread that died, the drawing library, a broken
    /// invariant. The foreign error, if any, stays reachable through `source()`.
    #[error("internal error: {what}{}", source.as_ref().map(|s| format!(": {s}")).unwrap_or_default())]
    Internal {
        what: String,
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// A request that cannot be answered from what the store holds, or a bad argument.
    #[error("{0}")]
    Usage(String),
    /// The engine that runs the queries over booking flows failed (a Spark cluster that does
    /// not answer, cannot read the store, ...): never taken for "no data".
    #[error("engine {engine}: {message}")]
    Engine { engine: String, message: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io { path: path.into(), source }
    }

    pub fn polars(context: impl Into<String>) -> impl FnOnce(polars::error::PolarsError) -> Error {
        let context = context.into();
        move |source| match swept_version(&source.to_string()) {
            Some((path, kind)) => Error::replaced_while_read(&path, &kind),
            None => Error::Polars { context, source },
        }
    }

    /// Said of a read whose version folder was replaced under it (by a newer version, or a
    /// rollback).
    pub fn replaced_while_read(dir: &std::path::Path, kind: &str) -> Error {
        Error::Store {
            path: dir.to_path_buf(),
            message: format!(
                "the {kind} version read was replaced while this command ran (by a newer one, or a rollback): run it again"
            ),
        }
    }

    /// A failure that is not the user's.
    pub fn internal(what: impl Into<String>) -> Error {
        Error::Internal { what: what.into(), source: None }
    }

    /// A failure that is not the user's, keeping the foreign error.
    pub fn internal_from(
        what: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Error {
        Error::Internal { what: what.into(), source: Some(Box::new(source)) }
    }

    /// What the user can change to get past this error, each once.
    pub fn remedies(&self) -> Vec<Remedy> {
        let mut out: Vec<Remedy> = match self {
            Error::Conflict { own_days: true, .. } => vec![Remedy::ReplaceOwnDays],
            Error::Conflict { vintages: true, .. } => vec![Remedy::Replace],
            Error::Conflict { vintages: false, .. } => vec![Remedy::ReplaceOnly],
            Error::Moved { .. } => vec![Remedy::Move],
            Error::Locked { .. } => vec![Remedy::Wait],
            Error::Invalid { problems, .. } => problems.iter().filter_map(|p| p.remedy).collect(),
            Error::Files { errors, .. } => errors.iter().flat_map(Error::remedies).collect(),
            _ => Vec::new(),
        };
        out.sort();
        out.dedup();
        out
    }

    /// The same error of a workbook's sheet written as CSV (a sheet row a line): each problem
    /// in one column of its line named by its cell (`Sheet1!C17`), as a spreadsheet shows it.
    /// `first_column`: the sheet's column of the CSV's first (0 for A).
    pub fn in_sheet(self, first_column: usize) -> Error {
        match self {
            Error::Invalid { file, mut problems, total } => {
                for p in &mut problems {
                    if let (Some(c), 1..) = (p.column, p.line) {
                        p.cell = Some(format!("{}{}", column_letter(c + first_column), p.line));
                    }
                }
                Error::Invalid { file, problems, total }
            }
            other => other,
        }
    }

    /// A problem with the file as a whole (no line).
    pub fn invalid_file(file: &str, message: impl Into<String>) -> Error {
        Error::invalid_at(file, 0, message)
    }

    /// One problem of a file, on a line (0: the file as a whole).
    pub fn invalid_at(file: &str, line: u64, message: impl Into<String>) -> Error {
        Error::Invalid { file: file.to_string(), problems: vec![Problem::new(line, message)], total: 1 }
    }
}

/// A spreadsheet's name of a column (0 the first): A, ..., Z, AA, AB, ...
pub fn column_letter(i: usize) -> String {
    let mut n = i + 1;
    let mut name = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        name.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// `book.xlsx:Sheet1` as a cell reference's sheet: a name with anything but letters, digits
/// and `_` in quotes, as a spreadsheet writes it (`book.xlsx:'Arrivals 2025'`).
fn sheet_reference(label: &str) -> String {
    match label.rsplit_once(':') {
        Some((book, sheet)) if !sheet.chars().all(|c| c.is_alphanumeric() || c == '_') => {
            format!("{book}:'{}'", sheet.replace('\'', "''"))
        }
        _ => label.to_string(),
    }
}

fn format_problems(file: &str, problems: &[Problem], total: usize) -> String {
    // A problem of the same words on several lines (an unknown market on each of its rows) is
    // said once, with where else (trial 44 L3: the same long message on 19 lines).
    let mut groups: Vec<(&Problem, Vec<String>)> = Vec::new();
    let mut first_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for p in problems {
        match first_of.get(p.message.as_str()) {
            Some(&i) => groups[i].1.push(p.cell.clone().unwrap_or_else(|| p.line.to_string())),
            None => {
                first_of.insert(&p.message, groups.len());
                groups.push((p, Vec::new()));
            }
        }
    }
    let mut out = String::new();
    let mut shown = 0;
    for (i, (p, more)) in groups.iter().take(PROBLEMS_SHOWN).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if let Some(cell) = &p.cell {
            out.push_str(&format!("{}!{cell}: {}", sheet_reference(file), p.message));
        } else if p.line == 0 {
            out.push_str(&format!("{file}: {}", p.message));
        } else {
            out.push_str(&format!("{file}:{}: {}", p.line, p.message));
        }
        if !more.is_empty() {
            let places = match (p.cell.is_some(), more.len()) {
                (true, 1) => "cell",
                (true, _) => "cells",
                (false, 1) => "line",
                (false, _) => "lines",
            };
            let listed = more.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
            let rest = if more.len() > 5 { format!(" and {} more", more.len() - 5) } else { String::new() };
            out.push_str(&format!(" (the same on {places} {listed}{rest})"));
        }
        shown += 1 + more.len();
    }
    if total > shown {
        out.push_str(&format!("\n{file}: ... and {} more problems ({total} in all)", total - shown));
    }
    if total > 1 {
        out.push_str(&format!("\n{file}: {total} problems; nothing was written"));
    } else {
        out.push_str("\nnothing was written");
    }
    out
}

fn format_files(errors: &[Error], files: usize) -> String {
    let mut out: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    out.push(format!(
        "{} of the {files} files {} problems; none of the {files} was written",
        errors.len(),
        if errors.len() == 1 { "has" } else { "have" }
    ));
    out.join("\n")
}

fn format_conflicts(file: &str, conflicts: &[String], total: usize, vintages: bool) -> String {
    let mut out = format!(
        "{file}: {total} figure{} already in the store with a different value ({}):",
        if total == 1 { " is" } else { "s are" },
        if vintages { "same market, period and vintage" } else { "same key" }
    );
    for c in conflicts.iter().take(PROBLEMS_SHOWN) {
        out.push_str("\n  ");
        out.push_str(c);
    }
    if total > conflicts.len().min(PROBLEMS_SHOWN) {
        out.push_str(&format!("\n  ... and {} more", total - conflicts.len().min(PROBLEMS_SHOWN)));
    }
    out.push_str(if vintages {
        "\nnothing was written; replace them, or give the file a later vintage to keep it as a revision"
    } else {
        "\nnothing was written; replace them (the store keeps one value of each), or, where the file's seats are more of the same day's (another sales channel's), add them to the stored ones into one row of each day before ingesting: --replace would drop the stored seats"
    });
    out
}

fn format_moves(file: &str, moves: &[String]) -> String {
    let n = moves.len();
    let mut out = format!(
        "{file}: {n} market{} of the tree {} under another parent in the file:",
        if n == 1 { "" } else { "s" },
        if n == 1 { "is" } else { "are" }
    );
    for m in moves.iter().take(PROBLEMS_SHOWN) {
        out.push_str("\n  ");
        out.push_str(m);
    }
    if n > PROBLEMS_SHOWN {
        out.push_str(&format!("\n  ... and {} more", n - PROBLEMS_SHOWN));
    }
    out.push_str("\nnothing was written; a market moves only when asked (its figures then count in the group it joins, for every year)");
    out
}

/// Lets `?` on a polars call name what was being done.
pub trait PolarsContext<T> {
    fn context(self, what: &str) -> Result<T>;
}

/// The version folder a read's missing file was in, and its kind, where the folder is gone:
/// swept or rolled back under a reader that resolved it (trial 95 M1: a bare "No such file or
/// directory (os error 2): .../_versions/bookings.000029/..." from a rollback meanwhile).
fn swept_version(text: &str) -> Option<(std::path::PathBuf, String)> {
    if !text.contains("os error 2") {
        return None;
    }
    let marker = "_versions/";
    let at = text.find(marker)?;
    let start = text[..at].rfind(|c: char| c.is_whitespace() || c == '"' || c == '\'').map_or(0, |i| i + 1);
    let name: String =
        text[at + marker.len()..].chars().take_while(|c| *c != '/' && !c.is_whitespace()).collect();
    let (kind, _) = name.rsplit_once('.')?;
    let dir = std::path::PathBuf::from(format!("{}{name}", &text[start..at + marker.len()]));
    // Gone, or going: its kind's link to another (review 99 M3: a rollback removes the files
    // before their folder, and a read between saw the folder still there).
    (!dir.exists() || crate::store::is_linked(&dir, kind) != Some(true)).then(|| (dir, kind.to_string()))
}

impl<T> PolarsContext<T> for std::result::Result<T, polars::error::PolarsError> {
    fn context(self, what: &str) -> Result<T> {
        self.map_err(Error::polars(what))
    }
}

/// Lets `?` on an I/O call name the path.
pub trait IoContext<T> {
    fn at(self, path: &std::path::Path) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, path: &std::path::Path) -> Result<T> {
        self.map_err(|e| Error::io(path, e))
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_beyond_twenty_are_counted_not_listed() {
        let problems: Vec<Problem> = (2..40).map(|l| Problem::new(l, format!("bad {l}"))).collect();
        let text = Error::Invalid { file: "a.csv".into(), problems, total: 38 }.to_string();
        assert!(text.starts_with("a.csv:2: bad 2\n"));
        assert!(text.contains("a.csv:21: bad 21"));
        assert!(!text.contains("a.csv:22: bad"));
        assert!(text.contains("... and 18 more problems (38 in all)"), "{text}");
    }

    #[test]
    fn a_problem_of_the_same_words_on_several_lines_is_said_once() {
        let mut problems: Vec<Problem> = (2..10).map(|l| Problem::new(l, "unknown market \"X\"")).collect();
        problems.insert(1, Problem::new(3, "bad figure"));
        let text = Error::Invalid { file: "a.csv".into(), problems, total: 9 }.to_string();
        assert_eq!(
            text,
            "a.csv:2: unknown market \"X\" (the same on lines 3, 4, 5, 6, 7 and 2 more)\na.csv:3: bad figure\na.csv: 9 problems; nothing was written"
        );
        let one = vec![Problem::new(2, "m"), Problem::new(4, "m")];
        let text = Error::Invalid { file: "a.csv".into(), problems: one, total: 2 }.to_string();
        assert!(text.starts_with("a.csv:2: m (the same on line 4)\n"), "{text}");
    }
}
