//! The manifest of a version: every data file it holds, with its size, its BLAKE3 checksum and
//! its row count as written. Written into the version folder before the swap that publishes
//! it, so that `check` can prove later that the files are whole and unchanged.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::path::Path;

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, IoContext, PolarsContext, Result};
use crate::kind::Kind;

pub const MANIFEST_FILE: &str = "_manifest.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub kind: String,
    pub version: u64,
    pub files: Vec<FileEntry>,
    /// The version's ingest log as written (since 2026-12-06; review 65 H1: a log edited by
    /// hand, naming a file never ingested, passed `check` and was told by `history`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<LogSeal>,
}

/// The size and BLAKE3 checksum of a version's ingest log as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogSeal {
    pub bytes: u64,
    pub blake3: String,
}

impl LogSeal {
    pub fn measure(path: &Path) -> Result<LogSeal> {
        Ok(LogSeal { bytes: std::fs::metadata(path).at(path)?.len(), blake3: blake3_of(path)? })
    }
}

/// What is wrong with a version's ingest log (`log`, the file) against the seal its manifest
/// keeps, if anything: `None` where it is as written, or the manifest keeps no seal (written
/// before 2026-12-06).
pub fn log_changed(manifest: &Manifest, log: &Path) -> Option<String> {
    let seal = manifest.log.as_ref()?;
    match LogSeal::measure(log) {
        Err(_) => Some("the ingest log is missing or unreadable".into()),
        Ok(now) if now.bytes != seal.bytes => Some(format!(
            "the ingest log is {} bytes, {} when written: it was edited or damaged",
            now.bytes, seal.bytes
        )),
        Ok(now) if now.blake3 != seal.blake3 => Some(
            "the ingest log has changed since it was written (its BLAKE3 checksum differs): it was edited"
                .into(),
        ),
        Ok(_) => None,
    }
}

/// One data file of a version, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path inside the version folder: `travel_year=2025/part-000004-00000.parquet`.
    pub path: String,
    pub bytes: u64,
    pub blake3: String,
    pub rows: u64,
}

impl FileEntry {
    /// Measures a file: its size, checksum and row count (from the Parquet footer).
    pub fn measure(path: &Path, rel: String) -> Result<FileEntry> {
        let bytes = std::fs::metadata(path).at(path)?.len();
        Ok(FileEntry { path: rel, bytes, blake3: blake3_of(path)?, rows: parquet_rows(path)? })
    }
}

/// Whether a file's bytes are the ones its entry was written with (its BLAKE3 checksum). A
/// file found unchanged is remembered for the life of the process, by its size and change
/// time, so that a command reading the store several times hashes each file once.
pub fn unchanged(path: &Path, entry: &FileEntry) -> Result<bool> {
    use std::os::unix::fs::MetadataExt;
    type Seen = std::collections::HashSet<(std::path::PathBuf, u64, i64, i64)>;
    static SEEN: std::sync::LazyLock<std::sync::Mutex<Seen>> = std::sync::LazyLock::new(Default::default);
    let meta = std::fs::metadata(path).at(path)?;
    let key = (path.to_path_buf(), meta.len(), meta.ctime(), meta.ctime_nsec());
    if SEEN.lock().is_ok_and(|seen| seen.contains(&key)) {
        return Ok(true);
    }
    let same = blake3_of(path)? == entry.blake3;
    if same {
        if let Ok(mut seen) = SEEN.lock() {
            seen.insert(key);
        }
    }
    Ok(same)
}

/// A file's BLAKE3 checksum, in hex.
fn blake3_of(path: &Path) -> Result<String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(File::open(path).at(path)?).at(path)?;
    Ok(hasher.finalize().to_hex().to_string())
}

/// The rows a Parquet file's footer records.
pub fn parquet_rows(path: &Path) -> Result<u64> {
    let file = File::open(path).at(path)?;
    let rows =
        ParquetReader::new(file).num_rows().context(&format!("reading the footer of {}", path.display()))?;
    Ok(rows as u64)
}

/// The manifest of a version folder whose data files are `files` (paths inside it); a file
/// carried over unchanged from `previous` (its manifest and folder: hard-linked, the same
/// file) keeps its entry there, so only the new files are read. A new file at a path the
/// previous version also has (the market tree's `markets.parquet`) is measured anew, whatever
/// its size.
pub fn build(
    kind: Kind,
    version: u64,
    folder: &Path,
    files: &[String],
    previous: Option<(&Manifest, &Path)>,
) -> Result<Manifest> {
    use std::os::unix::fs::MetadataExt;
    let known: HashMap<&str, &FileEntry> =
        previous.map(|(m, _)| m.files.iter().map(|f| (f.path.as_str(), f)).collect()).unwrap_or_default();
    let same_file = |rel: &str, path: &Path| {
        let inode = |p: &Path| std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()));
        previous.is_some_and(|(_, dir)| inode(path).is_some() && inode(path) == inode(&dir.join(rel)))
    };
    let mut entries = Vec::with_capacity(files.len());
    for rel in files {
        let path = folder.join(rel);
        let carried = known
            .get(rel.as_str())
            .filter(|e| same_file(rel, &path) && std::fs::metadata(&path).is_ok_and(|m| m.len() == e.bytes));
        entries.push(match carried {
            Some(e) => (*e).clone(),
            None => FileEntry::measure(&path, rel.clone())?,
        });
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Manifest { kind: kind.to_string(), version, files: entries, log: None })
}

pub fn write(manifest: &Manifest, folder: &Path) -> Result<()> {
    let path = folder.join(MANIFEST_FILE);
    let text = serde_json::to_string_pretty(manifest)
        .map_err(|e| Error::internal_from("encoding the manifest", e))?;
    let mut f = File::create(&path).at(&path)?;
    f.write_all(text.as_bytes()).at(&path)?;
    f.sync_all().at(&path)
}

/// The manifest of a version folder; `None` when the folder has none (written before manifests).
pub fn read(folder: &Path) -> Result<Option<Manifest>> {
    let path = folder.join(MANIFEST_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    serde_json::from_str(&text).map(Some).map_err(|e| Error::Store {
        path: path.clone(),
        message: format!("the manifest is unreadable ({e}): it was torn or edited"),
    })
}
