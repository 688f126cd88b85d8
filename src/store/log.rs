//! The ingest log: one JSON line per committed ingest, kept inside each version folder so that
//! it is published by the same swap as the data it describes. A rollback goes back to an older
//! folder's log, so the ingests it sets aside are kept in a log of rollbacks of their own.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, IoContext, Result};

/// A target's market and period, and the markets under it (at any depth) when it was loaded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GroupThen {
    pub market: String,
    pub period: String,
    pub members: Vec<String>,
}

/// What one ingest added, and from where.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IngestRecord {
    pub kind: String,
    /// The store version of the kind this ingest created.
    pub version: u64,
    pub file: String,
    /// BLAKE3 of the file's bytes.
    pub checksum: String,
    pub rows_read: u64,
    pub rows_added: u64,
    /// Rows already in the store with the same value (re-ingested).
    pub rows_unchanged: u64,
    /// Of the rows unchanged, those that repeat the vintage in force under a later day, kept
    /// once (the earlier row), of arrivals and targets; not recorded before 2026-12-03 (a plain
    /// re-ingest cannot be told from such repeats there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows_repeated: Option<u64>,
    /// Rows that replaced a different value (only with --replace).
    pub rows_replaced: u64,
    /// The vintages of the rows: their own `as_of`, or the one given for rows without (one day,
    /// or `first..last`). Logs written before 2026-12 hold the one given only.
    pub as_of: Option<String>,
    pub source: Option<String>,
    /// The sheet read, when the file is a workbook (two sheets of a file are two ingests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The file's own column names given (`--column`), as `column=header,...`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<String>,
    /// BLAKE3 of the market map given (`--market-map`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_map: Option<String>,
    /// The unit the figures were written in, when not ones (`--unit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The year given to months without one (`--year`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// How the file was read beyond the above, when not the default: the calendar, the number
    /// style, the series picked (`calendar=be;decimal=,;row=arrivals>Total`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// Of a targets ingest into a store with a tree, each target it added, with the markets
    /// under its market then (at any depth): a target is of the group as it was when set, and
    /// one that grew or lost members since is said. Not recorded before 2026-12-04.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<GroupThen>,
    /// UTC time of the commit, RFC 3339.
    pub committed_at: String,
    /// The commit wrote a manifest of the version's files (every commit since 2026-12-03): a
    /// version whose own record says so and that has none has lost it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub manifest: bool,
}

pub fn read(path: &Path) -> Result<Vec<IngestRecord>> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.at(path)?;
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str(&line).map_err(|e| Error::Store {
            path: path.to_path_buf(),
            message: format!("line {}: unreadable ingest record: {e}", i + 1),
        })?;
        out.push(record);
    }
    Ok(out)
}

/// Writes the previous log plus the records of one commit to a new file (the new version's
/// own copy).
pub fn write_with(previous: Option<&Path>, records: &[IngestRecord], path: &Path) -> Result<()> {
    let mut text = match previous {
        Some(p) => text_or_none(p)?,
        None => String::new(),
    };
    for record in records {
        push_line(&mut text, record, path, "ingest record")?;
    }
    let mut f = std::fs::File::create(path).at(path)?;
    f.write_all(text.as_bytes()).at(path)?;
    f.sync_all().at(path)
}

/// One `tourstat rollback`: the ingests of the version it set aside, which the log of the
/// version it went back to never held.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RolledBack {
    pub kind: String,
    /// The version set aside, and the one committed again.
    pub from: u64,
    pub to: u64,
    /// UTC time of the rollback, RFC 3339.
    pub rolled_back_at: String,
    pub ingests: Vec<IngestRecord>,
}

pub fn read_rolled_back(path: &Path) -> Result<Vec<RolledBack>> {
    text_or_none(path)?
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|e| Error::Store {
                path: path.to_path_buf(),
                message: format!("line {}: unreadable rollback record: {e}", i + 1),
            })
        })
        .collect()
}

/// Adds `record` to the rollbacks at `path`: the whole file written anew beside it and renamed
/// over it, so a crash leaves the old list or the new one.
pub fn append_rolled_back(path: &Path, record: &RolledBack) -> Result<()> {
    let mut text = text_or_none(path)?;
    push_line(&mut text, record, path, "rollback record")?;
    let tmp = path.with_extension("jsonl.tmp");
    let mut f = std::fs::File::create(&tmp).at(&tmp)?;
    f.write_all(text.as_bytes()).at(&tmp)?;
    f.sync_all().at(&tmp)?;
    std::fs::rename(&tmp, path).at(path)
}

/// A file's text, empty where there is no file yet.
fn text_or_none(path: &Path) -> Result<String> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Adds one record to a JSON-lines text.
fn push_line(text: &mut String, record: &impl Serialize, path: &Path, what: &str) -> Result<()> {
    let line = serde_json::to_string(record).map_err(|e| Error::Store {
        path: path.to_path_buf(),
        message: format!("cannot encode the {what}: {e}"),
    })?;
    text.push_str(&line);
    text.push('\n');
    Ok(())
}
