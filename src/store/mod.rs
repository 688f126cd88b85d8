//! The embedded store: one Parquet dataset per kind, in Hive-style folders, committed all or
//! nothing.
//!
//! ```text
//! STORE/bookings -> _versions/bookings.000004     the committed state of a kind (a symlink)
//! STORE/_versions/bookings.000004/travel_year=2025/part-000004-00000000.parquet
//! STORE/_versions/bookings.000004/_ingests.jsonl  every ingest of the kind so far
//! STORE/_tmp/                                     staging; never read
//! STORE/_lock                                     one writer at a time
//! ```
//!
//! A commit builds a complete new version folder beside the current one (hard links for the
//! files it keeps, new files for what changed) and then swaps the kind's symlink with one
//! `rename`, the only step readers can observe. A crash before the swap leaves the old state
//! (the half-built folder is swept by the next writer); after it, the new one. Readers resolve
//! the symlink once, so they never see half an ingest. `STORE/bookings/*/*.parquet` is what
//! DuckDB, Spark or polars read directly.
//!
//! Only this module touches the store's files.

mod check;
mod commit;
mod crash;
mod flow_files;
mod log;
mod manifest;
mod partitioned;
mod plan;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::columns::{self, Stream};

pub use check::{check, rollback, Finding, StoreCheck, VersionCheck};
pub use commit::{CommitOptions, CommitReport, LockWait, NewFigures, SourceFile, Writer};
pub use crash::crash_point;
pub use flow_files::{flow_partition, FlowFiles};
pub use log::{IngestRecord, RolledBack};
pub use manifest::{FileEntry, Manifest};
pub use partitioned::sink_partitioned;

use crate::error::{Error, IoContext, PolarsContext, Result};
use crate::kind::Kind;
use crate::market::{MarketNode, MarketTree};

const VERSIONS: &str = "_versions";
const TMP: &str = "_tmp";
const LOCK: &str = "_lock";
/// What an ingest's `--add-markets` committed before its figures (see `Writer::markets_added`).
const PENDING: &str = "_markets_added";
const LOG_FILE: &str = "_ingests.jsonl";
const MARKETS_FILE: &str = "markets.parquet";

/// A store directory, read at one point in time: each kind's version is resolved when the
/// kind is first read and stays fixed for the life of this value.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    /// Where the questions over booking flows run (`crate::engine`).
    engine: crate::engine::EngineChoice,
    /// Each kind's version folder as first resolved, where the store is `pinned` (shared by
    /// its clones).
    pinned: Option<Pinned>,
}

/// Each kind's version folder as a pinned store first resolved it (none: nothing committed).
type Pinned = std::sync::Arc<std::sync::Mutex<std::collections::HashMap<Kind, Option<PathBuf>>>>;

impl Store {
    /// Opens a store; a store that does not exist yet reads as empty. Each kind's version is
    /// resolved on each read: a writer's view, which must see its own commits.
    pub fn open(root: impl Into<PathBuf>) -> Store {
        Store { root: root.into(), engine: Default::default(), pinned: None }
    }

    /// The same store, each kind's version resolved once, when first read, and kept for the
    /// life of this value and its clones: a command's questions all read one version of each
    /// kind (trial 95 H1: `otb` read the bookings link once for each of its queries, and an
    /// ingest or rollback between them printed a total without Canada's seats and the note
    /// that said so).
    pub fn pinned(mut self) -> Store {
        self.pinned = Some(Default::default());
        self
    }

    /// The same store, its booking-flow questions run on `engine`.
    pub fn with_engine(mut self, engine: crate::engine::EngineChoice) -> Store {
        self.engine = engine;
        self
    }

    pub fn engine(&self) -> &crate::engine::EngineChoice {
        &self.engine
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder holding the committed version of a kind, if anything was ever committed. A
    /// link missing or set back (by hand, or by a restore of the link alone) while a version
    /// committed after it is there is refused: the answers would be superseded figures, and a
    /// writer would sweep the later versions as an interrupted writer's.
    pub fn version_dir(&self, kind: Kind) -> Result<Option<PathBuf>> {
        let Some(pinned) = &self.pinned else { return self.resolve_version(kind) };
        if let Some(dir) = pinned.lock().ok().and_then(|p| p.get(&kind).cloned()) {
            return Ok(dir);
        }
        let dir = self.resolve_version(kind)?;
        if let Ok(mut p) = pinned.lock() {
            // (Two threads that resolved it at once keep the first.)
            return Ok(p.entry(kind).or_insert(dir).clone());
        }
        Ok(dir)
    }

    /// The version folder of a kind as its link points now (see `version_dir`).
    fn resolve_version(&self, kind: Kind) -> Result<Option<PathBuf>> {
        let link = self.root.join(kind.as_str());
        let set_back = |at: u64| {
            committed_after(&self.root, kind, at).map(|later| {
                let name = format!("{kind}.{later:06}");
                Error::Store {
                    path: self.root.clone(),
                    message: format!(
                        "{}, though version {later} was committed after it and its folder is there: answers from it would be superseded figures; `ln -sfn {VERSIONS}/{name} {}` puts the link back (`tourstat check` then proves it)",
                        if at == 0 {
                            format!("the {kind} link is missing")
                        } else {
                            format!("the {kind} link points to version {at}")
                        },
                        link.display()
                    ),
                }
            })
        };
        match std::fs::read_link(&link) {
            Ok(target) if !own_version_folder(&target, kind) => Err(Error::Store {
                path: self.root.clone(),
                message: format!(
                    "{} points to {}, which is no {kind} version folder; was it edited by hand? `tourstat check` says what to do",
                    link.display(),
                    target.display()
                ),
            }),
            Ok(target) => {
                let dir = self.root.join(target);
                match set_back(version_of(&dir)) {
                    // A commit that swapped the link after it was read: read again.
                    Some(_) if std::fs::read_link(&link).is_ok_and(|t| self.root.join(t) != dir) => {
                        self.resolve_version(kind)
                    }
                    Some(e) => Err(e),
                    None => Ok(Some(dir)),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => match set_back(0) {
                Some(e) => Err(e),
                None => Ok(None),
            },
            Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => Err(Error::Store {
                path: self.root.clone(),
                message: format!(
                    "{} is not a link to a version folder; was it edited by hand?",
                    link.display()
                ),
            }),
            Err(e) => Err(Error::io(link, e)),
        }
    }

    /// The version number of a kind's committed state (0 when empty).
    pub fn version(&self, kind: Kind) -> Result<u64> {
        Ok(self.version_dir(kind)?.as_deref().map_or(0, version_of))
    }

    /// Parquet files of a kind, optionally only those of some partition years.
    pub fn files(&self, kind: Kind, years: Option<(i32, i32)>) -> Result<Vec<PathBuf>> {
        let Some(dir) = self.version_dir(kind)? else {
            return Ok(Vec::new());
        };
        data_files(&dir, kind, years)
    }

    /// The partition years of a kind that hold files, in order (read from the folder names).
    pub fn partition_years(&self, kind: Kind) -> Result<Vec<i32>> {
        let Some((partition, _)) = kind.partition() else { return Ok(Vec::new()) };
        let prefix = format!("{partition}=");
        // The folders' names only: each file is checked where it is read.
        let Some(dir) = self.version_dir(kind)? else { return Ok(Vec::new()) };
        let mut years: Vec<i32> = version_files_on_disk(&dir, kind, None)?
            .iter()
            .filter_map(|f| f.parent()?.file_name()?.to_str()?.strip_prefix(&prefix)?.parse().ok())
            .collect();
        years.sort_unstable();
        years.dedup();
        Ok(years)
    }

    /// A lazy scan of a kind's figures (of some partition years), or `None` if it has none.
    pub fn scan(&self, kind: Kind, years: Option<(i32, i32)>) -> Result<Option<LazyFrame>> {
        let files = self.files(kind, years)?;
        scan_kind(kind, &files)
    }

    /// The market tree, empty when no markets file was ingested.
    pub fn market_tree(&self) -> Result<MarketTree> {
        let Some(lf) = self.scan(Kind::Markets, None)? else {
            return Ok(MarketTree::default());
        };
        let df = lf.collect().context("reading the market tree")?;
        let nodes = market_nodes(&df)?;
        MarketTree::new(nodes).map_err(|message| Error::Store { path: self.root.clone(), message })
    }

    /// Each market name figures are stored under, with the kinds and rows of them: arrivals,
    /// targets and published snapshots read here, booking flows on the store's engine.
    pub fn stored_markets(&self) -> Result<BTreeMap<String, Vec<(Kind, i64)>>> {
        let mut out: BTreeMap<String, Vec<(Kind, i64)>> = BTreeMap::new();
        for kind in [Kind::Arrivals, Kind::Targets, Kind::Otb] {
            let Some(lf) = self.scan(kind, None)? else { continue };
            let df = lf
                .group_by([col("market")])
                .agg([len().cast(DataType::Int64).alias("rows")])
                .collect()
                .context("reading the markets figures are stored under")?;
            let (names, rows) = (columns::strings(&df, "market")?, columns::ints(&df, "rows")?);
            for (name, rows) in names.into_iter().zip(rows) {
                if let (Some(name), Some(rows)) = (name, rows) {
                    out.entry(name).or_default().push((kind, rows));
                }
            }
        }
        let spans = crate::engine::MarketSpans { label: "reading the flows' markets" };
        if let Some(df) = self.market_spans(&spans)? {
            let (names, rows) = (columns::strings(&df, "market")?, columns::ints(&df, "rows")?);
            for (name, rows) in names.into_iter().zip(rows) {
                if let (Some(name), Some(rows)) = (name, rows) {
                    out.entry(name).or_default().push((Kind::Bookings, rows));
                }
            }
        }
        Ok(out)
    }

    /// Every ingest recorded for a kind, oldest first.
    pub fn ingests(&self, kind: Kind) -> Result<Vec<IngestRecord>> {
        match self.version_dir(kind)? {
            None => Ok(Vec::new()),
            Some(dir) => log::read(&dir.join(LOG_FILE)),
        }
    }

    /// Every rollback, oldest first, with the ingests it set aside.
    pub fn rollbacks(&self) -> Result<Vec<RolledBack>> {
        log::read_rolled_back(&rollbacks_file(&self.root))
    }

    /// Every ingest of every kind, in the order they were committed: refused where a kind's log
    /// is not as its manifest sealed it (review 65 H1: a log edited by hand named a file never
    /// ingested, and `history` told it as where the figures came from).
    pub fn all_ingests(&self) -> Result<Vec<IngestRecord>> {
        let mut all = Vec::new();
        for kind in Kind::ALL {
            let Some(dir) = self.version_dir(kind)? else { continue };
            // A folder missing is no empty log (a copy of the store taken mid-ingest listed
            // none of the kind's ingests, and `history` exited 0).
            if !dir.is_dir() {
                let missing = Error::io(&dir, std::io::Error::from(std::io::ErrorKind::NotFound));
                return Err(gone_while_read(&dir, kind, missing));
            }
            let log = dir.join(LOG_FILE);
            if let Some(changed) =
                manifest::read(&dir).ok().flatten().and_then(|m| manifest::log_changed(&m, &log))
            {
                return Err(Error::Store {
                    path: log,
                    message: format!(
                        "{changed}: where the {kind} figures came from cannot be told from it (the figures are checked by their own checksums); `tourstat check` says what to do"
                    ),
                });
            }
            all.extend(log::read(&log)?);
        }
        all.sort_by(|a, b| a.committed_at.cmp(&b.committed_at));
        Ok(all)
    }
}

/// The log of rollbacks (`_versions/_rollbacks.jsonl`).
pub(crate) fn rollbacks_file(root: &Path) -> PathBuf {
    root.join(VERSIONS).join("_rollbacks.jsonl")
}

/// The file recording the highest version of a kind a rollback set aside (`_versions/_highest.bookings`).
/// The version of a kind recorded as committed, when it is above `version` and its folder is
/// there: the link was set back below it (or deleted). A writer records each commit after its
/// swap, and a rollback the version it goes back to before its swap, so an interrupted
/// writer's version (never recorded) and a rollback's set-aside one are never it.
pub(crate) fn committed_after(root: &Path, kind: Kind, version: u64) -> Option<u64> {
    // Recorded in two places: the store's marker, and the version folder's own (review 65 M1:
    // the link and the marker both restored from an older backup made a committed version
    // "half-built", its figures answered from the one before and swept by the next ingest).
    // Only folders after `version`, and not one a rollback set aside (a crash before its
    // folder was removed): every read asks this, so the folders are looked into only then.
    let prefix = format!("{kind}.");
    let floor = version.max(highest_recorded(root, kind));
    let marked = std::fs::read_dir(root.join(VERSIONS))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&prefix)))
        .map(|p| (version_of(&p), p))
        .filter(|(v, p)| *v > floor && p.join(COMMITTED_IN_FOLDER).is_file())
        .map(|(v, _)| v)
        .max()
        .unwrap_or(0);
    let committed = committed_recorded(root, kind).max(marked);
    (committed > version && root.join(VERSIONS).join(format!("{kind}.{committed:06}")).is_dir())
        .then_some(committed)
}

/// The file a version folder holds once its version was committed (the link swapped to it).
const COMMITTED_IN_FOLDER: &str = "_committed";

fn committed_file(root: &Path, kind: Kind) -> PathBuf {
    root.join(VERSIONS).join(format!("_committed.{kind}"))
}

/// The version of a kind last recorded as committed (0 when none was, or in a store written
/// before commits were recorded).
pub(crate) fn committed_recorded(root: &Path, kind: Kind) -> u64 {
    std::fs::read_to_string(committed_file(root, kind)).ok().and_then(|t| t.trim().parse().ok()).unwrap_or(0)
}

/// Records `version` as the kind's committed one (written whole: a temporary file renamed over
/// the old one).
pub(crate) fn record_committed(root: &Path, kind: Kind, version: u64) -> Result<()> {
    if version > 0 {
        let folder = root.join(VERSIONS).join(format!("{kind}.{version:06}"));
        let mark = folder.join(COMMITTED_IN_FOLDER);
        if folder.is_dir() && !mark.is_file() {
            std::fs::write(&mark, b"").at(&mark)?;
        }
    }
    let path = committed_file(root, kind);
    let tmp = root.join(VERSIONS).join(format!("_committed.{kind}.tmp"));
    std::fs::write(&tmp, format!("{version}\n")).at(&tmp)?;
    std::fs::File::open(&tmp).and_then(|f| f.sync_all()).at(&tmp)?;
    std::fs::rename(&tmp, &path).at(&path)?;
    Ok(())
}

fn highest_file(root: &Path, kind: Kind) -> PathBuf {
    root.join(VERSIONS).join(format!("_highest.{kind}"))
}

/// The highest version of a kind a rollback set aside (0 when none was).
pub(crate) fn highest_recorded(root: &Path, kind: Kind) -> u64 {
    std::fs::read_to_string(highest_file(root, kind)).ok().and_then(|t| t.trim().parse().ok()).unwrap_or(0)
}

/// Records `version` as set aside, so that no later commit takes its number (written whole:
/// a temporary file renamed over the old one).
pub(crate) fn record_highest(root: &Path, kind: Kind, version: u64) -> Result<()> {
    let path = highest_file(root, kind);
    let highest = highest_recorded(root, kind).max(version);
    let tmp = root.join(VERSIONS).join(format!("_highest.{kind}.tmp"));
    std::fs::write(&tmp, format!("{highest}\n")).at(&tmp)?;
    std::fs::File::open(&tmp).and_then(|f| f.sync_all()).at(&tmp)?;
    std::fs::rename(&tmp, &path).at(&path)?;
    Ok(())
}

/// Whether `dir`, a version folder of `kind` (`STORE/_versions/kind.000042`), is the one the
/// kind's link points to now; `None` where there is no link to read.
pub(crate) fn is_linked(dir: &Path, kind: &str) -> Option<bool> {
    let root = dir.parent()?.parent()?;
    let target = std::fs::read_link(root.join(kind)).ok()?;
    Some(target.file_name() == dir.file_name())
}

/// Whether a kind's link `target` names a version folder of that kind in the store's own
/// folder of versions, as commits write it (`_versions/kind.000042`, relative); else the link
/// was edited by hand (a bookings link set to an arrivals folder was read as bookings, whole,
/// and the next ingest committed a version of its new rows alone; review 104 F7: one set to
/// another store's folder, by its absolute path, was read and called whole).
pub(crate) fn own_version_folder(target: &Path, kind: Kind) -> bool {
    let number =
        target.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_prefix(&format!("{kind}.")));
    number.is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        && target.parent() == Some(Path::new(VERSIONS))
}

/// The version number in a folder name `kind.000042`.
pub fn version_of(dir: &Path) -> u64 {
    dir.file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.rsplit_once('.'))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
}

/// The data files of a version folder (of some partition years) as its manifest lists them,
/// each there, of the size it was written with, and, but for booking flows (too large to hash
/// on every read; `tourstat check` proves them), of the checksum it was written with; a file
/// in the folder that the manifest does not list is refused too. A version written before
/// manifests were kept: the files in its folders. Readers and writers alike take their files
/// from here: a damaged version is never answered from, nor built on.
fn data_files(dir: &Path, kind: Kind, years: Option<(i32, i32)>) -> Result<Vec<PathBuf>> {
    listed_files(dir, kind, years).map_err(|e| gone_while_read(dir, kind, e))
}

/// An error reading a version folder `dir` of `kind`, told for what it is where a file or
/// folder of it is missing: the version no longer the committed one, replaced or rolled back
/// while this command read it (trial 95: a bare "No such file or directory" of
/// `_versions/bookings.000022`, the folder checked to be there, gone when its files were
/// listed); or, the kind's link still to it, the folder missing (trial 95 M2: a copy of the
/// store taken mid-ingest, told to "run it again" for ever, or given the bare error).
fn gone_while_read(dir: &Path, kind: Kind, e: Error) -> Error {
    let Error::Io { source, .. } = &e else { return e };
    if source.kind() != std::io::ErrorKind::NotFound {
        return e;
    }
    match is_linked(dir, kind.as_str()) {
        // (Its link gone too: rolled back to no version.)
        Some(false) | None => Error::replaced_while_read(dir, kind.as_str()),
        Some(true) if !dir.is_dir() => Error::Store {
            path: dir.to_path_buf(),
            message: format!(
                "the committed {kind} version folder is missing (a copy of the store taken while an ingest ran?): `tourstat check` says what to do"
            ),
        },
        _ => e,
    }
}

/// `files_on_disk` of a kind's version folder as read, a folder gone while listed told for
/// what it is (see `gone_while_read`).
pub(super) fn version_files_on_disk(
    dir: &Path,
    kind: Kind,
    years: Option<(i32, i32)>,
) -> Result<Vec<PathBuf>> {
    files_on_disk(dir, kind, years).map_err(|e| gone_while_read(dir, kind, e))
}

/// `data_files`, but for a file or folder gone while listed (see `gone_while_read`).
fn listed_files(dir: &Path, kind: Kind, years: Option<(i32, i32)>) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Err(Error::io(dir, std::io::Error::from(std::io::ErrorKind::NotFound)));
    }
    let on_disk = files_on_disk(dir, kind, years)?;
    let damaged = |what: String| {
        // No longer the committed one: replaced or rolled back while this command read it,
        // its files going (review 99 M2: told damaged, and a rollback advised, of a store whole).
        if is_linked(dir, kind.as_str()) == Some(false) {
            return Error::replaced_while_read(dir, kind.as_str());
        }
        Error::Store {
            path: dir.to_path_buf(),
            message: format!(
                "the committed {kind} (version {}) is not as it was written: {what}; nothing was read from it: `tourstat check` names every problem, and `tourstat rollback` goes back to a version that is whole",
                version_of(dir)
            ),
        }
    };
    let Some(manifest) = manifest::read(dir)? else {
        return match manifest_lost(dir, kind) {
            Some(why) => Err(damaged(format!("its manifest is missing, though {why}"))),
            None => Ok(on_disk),
        };
    };
    let rel = |p: &Path| p.strip_prefix(dir).map(|r| r.to_string_lossy().to_string()).unwrap_or_default();
    let wanted = |entry: &str| match (kind.partition(), years) {
        (Some((partition, _)), Some((from, to))) => entry
            .split('/')
            .next()
            .and_then(|folder| folder.strip_prefix(partition)?.strip_prefix('=')?.parse::<i32>().ok())
            .is_some_and(|y| (from..=to).contains(&y)),
        _ => true,
    };
    let listed: Vec<&FileEntry> = manifest.files.iter().filter(|e| wanted(&e.path)).collect();
    let names: std::collections::HashSet<&str> = listed.iter().map(|e| e.path.as_str()).collect();
    if let Some(stray) = on_disk.iter().map(|p| rel(p)).find(|r| !names.contains(r.as_str())) {
        return Err(damaged(format!("{stray} is not in its manifest")));
    }
    let mut files = Vec::with_capacity(listed.len());
    for entry in listed {
        let path = dir.join(&entry.path);
        let Ok(meta) = std::fs::metadata(&path) else {
            return Err(damaged(format!("{} is missing", entry.path)));
        };
        if meta.len() != entry.bytes {
            return Err(damaged(format!(
                "{} is {} bytes, {} when written",
                entry.path,
                meta.len(),
                entry.bytes
            )));
        }
        if kind != Kind::Bookings && !manifest::unchanged(&path, entry)? {
            return Err(damaged(format!(
                "{} has changed since it was written (its checksum differs)",
                entry.path
            )));
        }
        files.push(path);
    }
    files.sort();
    Ok(files)
}

/// Why a version folder without a manifest had one: its own commit's record says it wrote one,
/// or an earlier version of the kind has one (manifests were kept by then). `None` for a
/// version written before tourstat kept manifests.
pub(crate) fn manifest_lost(dir: &Path, kind: Kind) -> Option<String> {
    let version = version_of(dir);
    if log::read(&dir.join(LOG_FILE))
        .is_ok_and(|records| records.iter().any(|r| r.version == version && r.manifest))
    {
        return Some(format!("the ingest log records that version {version} was written with one"));
    }
    let earlier =
        std::fs::read_dir(dir.parent()?).ok()?.filter_map(|e| e.ok()).map(|e| e.path()).find(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&format!("{kind}.")))
                && version_of(p) < version
                && p.join(manifest::MANIFEST_FILE).is_file()
        })?;
    Some(format!("version {}, written before it, has one", version_of(&earlier)))
}

/// Parquet files under a version folder, restricted to partition years when asked.
fn files_on_disk(dir: &Path, kind: Kind, years: Option<(i32, i32)>) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let Some((partition, _)) = kind.partition() else {
        let f = dir.join(MARKETS_FILE);
        if f.exists() {
            files.push(f);
        }
        return Ok(files);
    };
    let prefix = format!("{partition}=");
    for entry in std::fs::read_dir(dir).at(dir)? {
        let entry = entry.at(dir)?;
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(year) = name.strip_prefix(&prefix) else {
            continue;
        };
        if let (Some((from, to)), Ok(y)) = (years, year.parse::<i32>()) {
            if y < from || y > to {
                continue;
            }
        }
        let sub = entry.path();
        for f in std::fs::read_dir(&sub).at(&sub)? {
            let p = f.at(&sub)?.path();
            if p.extension().is_some_and(|e| e == "parquet") {
                files.push(p);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// A lazy scan of a kind's files. Arrivals and targets are read with their figures as
/// decimals (Float64): stores written before figures could have decimals hold them as whole
/// numbers (Int64), so each file is read and cast on its own, and old and new files read as one.
pub(crate) fn scan_kind(kind: Kind, files: &[PathBuf]) -> Result<Option<LazyFrame>> {
    let value = match kind {
        Kind::Arrivals => "arrivals",
        Kind::Targets => "target",
        _ => return scan_files(files),
    };
    let mut parts = Vec::with_capacity(files.len());
    for f in files {
        if let Some(lf) = scan_files(std::slice::from_ref(f))? {
            parts.push(lf.with_column(col(value).cast(DataType::Float64)));
        }
    }
    match parts.len() {
        0 => Ok(None),
        1 => Ok(parts.pop()),
        _ => Ok(Some(concat(parts, UnionArgs::default()).context("scanning the store")?)),
    }
}

pub fn scan_files(files: &[PathBuf]) -> Result<Option<LazyFrame>> {
    if files.is_empty() {
        return Ok(None);
    }
    let paths = files
        .iter()
        .map(|p| PlRefPath::try_from_path(p))
        .collect::<PolarsResult<Vec<_>>>()
        .context("listing the store's files")?;
    let args = ScanArgsParquet { hive_options: HiveOptions::new_disabled(), ..Default::default() };
    let lf =
        LazyFrame::scan_parquet_files(paths.into_iter().collect(), args).context("scanning the store")?;
    Ok(Some(lf))
}

/// The stored form of a market tree (the inverse of `market_nodes`), for ingest and commit alike.
pub(crate) fn markets_frame(nodes: &[MarketNode]) -> Result<DataFrame> {
    let aliases: Vec<Option<String>> =
        nodes.iter().map(|n| (!n.aliases.is_empty()).then(|| n.aliases.join(";"))).collect();
    DataFrame::new_infer_height(vec![
        Column::new("market".into(), nodes.iter().map(|n| n.name.clone()).collect::<Vec<_>>()),
        Column::new("parent".into(), nodes.iter().map(|n| n.parent.clone()).collect::<Vec<_>>()),
        Column::new("aliases".into(), aliases),
    ])
    .context("building the market table")
}

/// The market tree's nodes from its stored form.
pub(crate) fn market_nodes(df: &DataFrame) -> Result<Vec<MarketNode>> {
    let col = |name: &str| -> Result<Vec<Option<String>>> {
        Ok(df
            .column(name)
            .and_then(|c| c.str().cloned())
            .context("reading the market tree")?
            .iter()
            .map(|v| v.map(str::to_string))
            .collect())
    };
    let (markets, parents, aliases) = (col("market")?, col("parent")?, col("aliases")?);
    Ok(markets
        .into_iter()
        .zip(parents)
        .zip(aliases)
        .filter_map(|((m, p), a)| {
            Some(MarketNode {
                name: m?,
                parent: p,
                aliases: a.map(|a| a.split(';').map(str::to_string).collect()).unwrap_or_default(),
            })
        })
        .collect())
}

/// Writes figures to one Parquet file (for export), streaming.
pub fn write_parquet_file(lf: LazyFrame, path: &Path) -> Result<()> {
    let target = PlRefPath::try_from_path(path).context("naming the output file")?;
    lf.sink(
        SinkDestination::File { target: SinkTarget::Path(target) },
        FileWriteFormat::Parquet(std::sync::Arc::new(ParquetWriteOptions::default())),
        UnifiedSinkArgs::default(),
    )
    .context("writing Parquet")?
    .stream_with("writing Parquet")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file or folder of a version gone while its files were listed: said replaced where the
    /// kind's link has moved on, the folder missing where it has not, as it was where the link
    /// has moved on and the error is no missing file.
    #[test]
    fn a_version_gone_while_read_is_told_for_what_it_is() {
        let root = tempfile::tempdir().unwrap();
        let versions = root.path().join(VERSIONS);
        let (old, new) = (versions.join("arrivals.000001"), versions.join("arrivals.000002"));
        std::fs::create_dir_all(&new).unwrap();
        std::os::unix::fs::symlink(format!("{VERSIONS}/arrivals.000002"), root.path().join("arrivals"))
            .unwrap();
        let io = |kind: std::io::ErrorKind| Error::io(&old, std::io::Error::from(kind));
        let said = |dir: &Path, e: Error| gone_while_read(dir, Kind::Arrivals, e).to_string();
        assert!(said(&old, io(std::io::ErrorKind::NotFound)).contains("was replaced while this command ran"));
        assert!(said(&old, io(std::io::ErrorKind::PermissionDenied)).contains("denied"));
        // The committed one gone.
        std::fs::remove_dir(&new).unwrap();
        assert!(said(&new, io(std::io::ErrorKind::NotFound))
            .contains("the committed arrivals version folder is missing"));
        assert!(data_files(&new, Kind::Arrivals, None)
            .unwrap_err()
            .to_string()
            .contains("folder is missing"));
        assert!(data_files(&old, Kind::Arrivals, None).unwrap_err().to_string().contains("was replaced"));
    }
}
