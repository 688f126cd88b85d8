//! Proving the store whole: every file the committed version of each kind names is there, with
//! the size, checksum and row count recorded when it was written, and opens as Parquet; the
//! ingest log matches the versions; nothing half-written is left. And going back to the
//! version before, which the store keeps.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::commit::{LockWait, Writer};
use super::log::{IngestRecord, RolledBack};
use super::manifest::{self, parquet_rows};
use super::{files_on_disk, log, version_of, Store, LOCK, LOG_FILE, PENDING, TMP, VERSIONS};
use crate::error::{Error, IoContext, Result};
use crate::kind::Kind;

/// One problem found, and what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub kind: Option<Kind>,
    pub problem: String,
    pub what_to_do: String,
}

/// What was checked of one kind's committed version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionCheck {
    pub kind: Kind,
    pub version: u64,
    pub files: usize,
    pub rows: u64,
    /// Whether a manifest proved the files (a store written before manifests has none).
    pub proved: bool,
    /// The earlier version the store keeps, which `rollback` returns to.
    pub previous: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoreCheck {
    pub versions: Vec<VersionCheck>,
    pub findings: Vec<Finding>,
    /// Facts that are not problems (a writer at work, a version without a manifest).
    pub notes: Vec<String>,
}

impl StoreCheck {
    pub fn is_whole(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Reads the whole store and verifies it (see the module's doc). Problems are findings, not
/// errors: the result lists them all. Read while a writer commits or rolls back, a version
/// replaced (its files removed) or one renamed into place before its link is swapped is no
/// damage: where a kind's link moved while it was read, or a writer is at work, the store is
/// read again, up to `CHECK_TRIES` times (1 check in 120 run beside ingests and rollbacks
/// called a whole store damaged, and advised a rollback that would drop the last ingest).
pub fn check(store: &Store) -> Result<StoreCheck> {
    let root = store.root();
    let links = || Kind::ALL.map(|kind| fs::read_link(root.join(kind.as_str())).ok());
    let mut tries = 1;
    loop {
        let (before, busy) = (links(), writer_at_work(root));
        let result = check_once(store);
        if result.as_ref().is_ok_and(StoreCheck::is_whole) || tries == CHECK_TRIES {
            return result;
        }
        if links() == before && !busy && !writer_at_work(root) {
            return result;
        }
        tries += 1;
        std::thread::sleep(std::time::Duration::from_millis(100 * tries as u64));
    }
}

/// How often `check` reads a store that writers change under it (see `check`).
const CHECK_TRIES: usize = 8;

/// Whether a writer holds the store's lock.
fn writer_at_work(root: &Path) -> bool {
    File::options().read(true).write(true).open(root.join(LOCK)).is_ok_and(|f| f.try_lock().is_err())
}

/// One reading of the store by `check`.
fn check_once(store: &Store) -> Result<StoreCheck> {
    let root = store.root();
    if !root.is_dir() {
        return Err(Error::Usage(format!("no store at {}", root.display())));
    }
    let mut out = StoreCheck { versions: Vec::new(), findings: Vec::new(), notes: Vec::new() };
    let versions_dir = root.join(VERSIONS);
    let folders = version_folders(&versions_dir)?;
    for kind in Kind::ALL {
        let found = |problem: String, what_to_do: String| Finding { kind: Some(kind), problem, what_to_do };
        let link = root.join(kind.as_str());
        let current = match fs::symlink_metadata(&link) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&link, e)),
            Ok(m) if !m.file_type().is_symlink() => {
                out.findings.push(found(
                    format!("{} is not a link to a version folder", link.display()),
                    "it was replaced by hand: move it away and go back with `tourstat rollback` if an earlier version is kept".into(),
                ));
                continue;
            }
            Ok(_) => {
                let target = fs::read_link(&link).at(&link)?;
                if !super::own_version_folder(&target, kind) {
                    let latest = super::committed_after(root, kind, 0);
                    out.findings.push(found(
                        format!("{} points to {}, which is no {kind} version folder", link.display(), target.display()),
                        match latest {
                            Some(v) => format!(
                                "it was edited by hand: `ln -sfn {VERSIONS}/{kind}.{v:06} {}` puts back the link to version {v}, the last committed",
                                link.display()
                            ),
                            None => format!(
                                "it was edited by hand, and no {kind} version is recorded as committed: move the link away and ingest the kind's files again"
                            ),
                        },
                    ));
                    continue;
                }
                Some(root.join(target))
            }
        };
        let committed = current.as_deref().map_or(0, version_of);
        let previous = folders.iter().filter(|(k, v)| *k == kind && *v < committed).map(|(_, v)| *v).max();
        let back = |v: Option<u64>| match v {
            Some(v) => format!("`tourstat rollback {kind}` goes back to version {v}, the one before"),
            None => "no earlier version is kept: ingest the kind's files again into a fresh store".into(),
        };
        for (_, v) in folders.iter().filter(|(k, v)| *k == kind && *v > committed) {
            if super::committed_after(root, kind, committed) == Some(*v) {
                // Committed: the link was set back (by hand, or a restore of it alone).
                let link_at = if committed == 0 {
                    "the link is missing".to_string()
                } else {
                    format!("the link points to version {committed}")
                };
                out.findings.push(found(
                    format!("version {v} was committed, but {link_at}: every command refuses until it is put back"),
                    format!("`ln -sfn {VERSIONS}/{kind}.{v:06} {}` puts the link back", link.display()),
                ));
                continue;
            }
            out.findings.push(found(
                format!("version {v} was left half-built by an interrupted writer"),
                "the next ingest removes it; readers never see it".into(),
            ));
        }
        let Some(folder) = current else { continue };
        if !folder.is_dir() {
            out.findings.push(found(
                format!("the committed version folder {} is missing", folder.display()),
                back(previous),
            ));
            continue;
        }
        let before = out.findings.len();
        let (files, rows, proved) = check_files(kind, &folder, &mut out, &found)?;
        // A file the version before shares (a hard link: the same file) is damaged in both.
        let earlier = previous.map(|v| versions_dir.join(format!("{kind}.{v:06}")));
        for f in &mut out.findings[before..] {
            let shared = f.problem.split_whitespace().next().is_some_and(|rel| {
                earlier.as_ref().is_some_and(|e| same_file(&folder.join(rel), &e.join(rel)))
            });
            f.what_to_do = if shared {
                format!(
                    "{}; version {} shares the file, so going back does not help: ingest the kind's files again into a fresh store, or restore the store from a backup",
                    f.what_to_do,
                    previous.unwrap_or_default()
                )
            } else {
                format!("{}; {}", f.what_to_do, back(previous))
            };
        }
        // The log says where the figures came from; going back drops the last ingest's
        // figures, which are whole (review 65 M3: the one fix given lost a committed ingest).
        let restore = format!(
            "the figures are checked by their own checksums, not by the log: restore {} from a backup; or {}{}",
            folder.join(LOG_FILE).display(),
            back(previous),
            if previous.is_some() { ", which also sets aside the figures of the last ingest (ingest its file again after)" } else { "" }
        );
        check_log(committed, &folder, &mut out, &|problem| found(problem, restore.clone()));
        out.versions.push(VersionCheck { kind, version: committed, files, rows, proved, previous });
    }
    check_staging(root, &mut out)?;
    Ok(out)
}

/// Whether two paths are one file (hard links of it).
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// The version folders in `_versions`: (kind, version).
fn version_folders(dir: &Path) -> Result<Vec<(Kind, u64)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in fs::read_dir(dir).at(dir)? {
        let p = entry.at(dir)?.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if let Some(kind) = name.split('.').next().and_then(|k| k.parse::<Kind>().ok()) {
            out.push((kind, version_of(&p)));
        }
    }
    Ok(out)
}

/// Every data file of a version against its manifest: (files, rows, proved by a manifest).
fn check_files(
    kind: Kind,
    folder: &Path,
    out: &mut StoreCheck,
    found: &dyn Fn(String, String) -> Finding,
) -> Result<(usize, u64, bool)> {
    let on_disk: BTreeSet<String> = files_on_disk(folder, kind, None)?
        .iter()
        .filter_map(|f| Some(f.strip_prefix(folder).ok()?.to_string_lossy().to_string()))
        .collect();
    let manifest = match manifest::read(folder) {
        Ok(m) => m,
        Err(e) => {
            out.findings.push(found(e.to_string(), "the version cannot be proved whole".into()));
            None
        }
    };
    let Some(manifest) = manifest else {
        if let Some(why) = super::manifest_lost(folder, kind) {
            out.findings.push(found(
                format!("version {} has no manifest, though {why}", version_of(folder)),
                "its manifest was deleted: the version cannot be proved whole".into(),
            ));
            return Ok((on_disk.len(), 0, false));
        }
        out.notes.push(format!("{kind}: version {} has no manifest (written before tourstat kept them): its files were checked for readability only; the next ingest of the kind writes one", version_of(folder)));
        let mut rows = 0;
        for rel in &on_disk {
            match parquet_rows(&folder.join(rel)) {
                Ok(n) => rows += n,
                Err(e) => out.findings.push(found(
                    format!("{rel} does not open as Parquet: {e}"),
                    "the file is damaged".into(),
                )),
            }
        }
        return Ok((on_disk.len(), rows, false));
    };
    let mut rows = 0;
    for entry in &manifest.files {
        let path = folder.join(&entry.path);
        let Ok(meta) = fs::metadata(&path) else {
            out.findings.push(found(
                format!("{} is missing", entry.path),
                "a file of the committed version was deleted".into(),
            ));
            continue;
        };
        if meta.len() != entry.bytes {
            out.findings.push(found(
                format!(
                    "{} is {} bytes, {} when written: torn or changed",
                    entry.path,
                    meta.len(),
                    entry.bytes
                ),
                "the file is damaged".into(),
            ));
            continue;
        }
        let measured = manifest::FileEntry::measure(&path, entry.path.clone());
        match measured {
            Err(e) => out.findings.push(found(
                format!("{} does not open as Parquet: {e}", entry.path),
                "the file is damaged".into(),
            )),
            Ok(m) if m.blake3 != entry.blake3 => out.findings.push(found(
                format!(
                    "{} has changed since it was written (BLAKE3 {} against {})",
                    entry.path,
                    short(&m.blake3),
                    short(&entry.blake3)
                ),
                "the file is damaged or was edited".into(),
            )),
            Ok(m) if m.rows != entry.rows => out.findings.push(found(
                format!("{} holds {} rows, {} when written", entry.path, m.rows, entry.rows),
                "the file is damaged".into(),
            )),
            Ok(m) => rows += m.rows,
        }
    }
    let listed: BTreeSet<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    for extra in on_disk.iter().filter(|f| !listed.contains(f.as_str())) {
        out.findings.push(found(
            format!("{extra} is in the version folder but not in its manifest: readers would count it"),
            "it was not written by tourstat: move it out of the store".into(),
        ));
    }
    Ok((manifest.files.len(), rows, true))
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

/// The ingest log of a version is as its manifest sealed it, and ends at that version.
fn check_log(version: u64, folder: &Path, out: &mut StoreCheck, found: &dyn Fn(String) -> Finding) {
    if let Some(changed) =
        manifest::read(folder).ok().flatten().and_then(|m| manifest::log_changed(&m, &folder.join(LOG_FILE)))
    {
        out.findings.push(found(format!("{changed} (version {version})")));
    }
    match log::read(&folder.join(LOG_FILE)) {
        Err(e) => out.findings.push(found(format!("{e}: the ingest log is damaged"))),
        Ok(records) => {
            // Each file's rows are added, replaced or unchanged, and the three add up to the
            // rows read: a record that does not was edited, or written by no ingest.
            // (Not of the market tree, whose records counted new aliases apart before 2026-12.)
            let unsound = |r: &&super::log::IngestRecord| {
                r.kind != "markets" && r.rows_added + r.rows_replaced + r.rows_unchanged != r.rows_read
            };
            for r in records.iter().filter(unsound) {
                out.findings.push(found(format!(
                    "the ingest log's record of {} (version {}) does not add up: {} rows read, {} added, {} replaced, {} unchanged: the log was edited or damaged",
                    r.file, r.version, r.rows_read, r.rows_added, r.rows_replaced, r.rows_unchanged
                )));
            }
            let last = records.iter().map(|r| r.version).max();
            if last != Some(version) {
                out.findings.push(found(format!(
                    "the ingest log ends at version {}, the committed version is {version}: the log does not match the versions",
                    last.map_or("none".into(), |v| v.to_string())
                )));
            }
        }
    }
}

/// Staging left by an interrupted writer (when no writer is at work).
fn check_staging(root: &Path, out: &mut StoreCheck) -> Result<()> {
    let tmp = root.join(TMP);
    let leftovers: Vec<PathBuf> = match fs::read_dir(&tmp) {
        Ok(entries) => entries.filter_map(|e| Some(e.ok()?.path())).collect(),
        Err(_) => Vec::new(),
    };
    // Markets an ingest's --add-markets committed, its figures not (trial 89 H1: `check`
    // called such a store whole).
    if root.join(PENDING).exists() && !writer_at_work(root) {
        out.findings.push(Finding {
            kind: Some(Kind::Markets),
            problem: "an ingest with --add-markets was stopped after it added its markets to the tree and before it wrote their figures: the tree holds markets of figures it never wrote".into(),
            what_to_do: "the next ingest takes those markets back before anything else (then ingest the file again); no figure was changed".into(),
        });
    }
    if leftovers.is_empty() {
        return Ok(());
    }
    if !writer_at_work(root) {
        out.findings.push(Finding {
            kind: None,
            problem: format!(
                "{} holds {} entries left by an interrupted writer",
                tmp.display(),
                leftovers.len()
            ),
            what_to_do: "the next ingest removes them; readers never look there".into(),
        });
    } else {
        out.notes.push("a writer is at work: its staging is in use".into());
    }
    Ok(())
}

/// Goes back to the version of a kind before the committed one (the store keeps it): checks it
/// whole, swaps the kind's link to it with one rename under the writer's lock, and removes the
/// version left. Returns (from, to).
pub fn rollback(root: &Path, kind: Kind) -> Result<(u64, u64)> {
    let writer = Writer::open(root, LockWait::Fail, &crate::progress::Silent)?;
    // The markets of an ingest stopped before its figures, taken back on opening: that was
    // the rollback (the version before the committed one), not a step before a second.
    if let Some(taken) = writer.took_back_markets().filter(|_| kind == Kind::Markets) {
        return Ok(taken);
    }
    let store = writer.store();
    let current = store
        .version_dir(kind)?
        .ok_or_else(|| Error::Usage(format!("the store has no {kind} to roll back")))?;
    let from = version_of(&current);
    let versions_dir = root.join(VERSIONS);
    let to = version_folders(&versions_dir)?
        .into_iter()
        .filter(|(k, v)| *k == kind && *v < from)
        .map(|(_, v)| v)
        .max()
        .ok_or_else(|| {
            // (Trial 95 L1: the first ingest of a kind was said to have lost the one before.)
            let first = log::read(&current.join(LOG_FILE))
                .is_ok_and(|records| records.iter().all(|r| r.version >= from));
            Error::Usage(if first {
                format!(
                    "{kind} version {from} is its first: there is none before it to go back to; to take its figures out, ingest the kind's other files into a fresh store (`--store`), or load corrected figures with --replace"
                )
            } else {
                format!("no version of {kind} before {from} is kept (the store keeps the one before the committed one)")
            })
        })?;
    let name = format!("{kind}.{to:06}");
    let target = versions_dir.join(&name);
    let mut proof = StoreCheck { versions: Vec::new(), findings: Vec::new(), notes: Vec::new() };
    let found = |problem: String, what_to_do: String| Finding { kind: Some(kind), problem, what_to_do };
    check_files(kind, &target, &mut proof, &found)?;
    // Its log as sealed too (review 66 M6: a version with an edited log gone back to without
    // a word, and `check` then calling the store not whole).
    check_log(to, &target, &mut proof, &|problem| found(problem, String::new()));
    if let Some(f) = proof.findings.first() {
        return Err(Error::Store {
            path: target,
            message: format!("version {to} is not whole either ({}); nothing was changed", f.problem),
        });
    }
    // The ingests the older log never held, kept once the swap is made (a crash between the
    // two loses the record, never the store).
    let ingests: Vec<IngestRecord> =
        log::read(&current.join(LOG_FILE))?.into_iter().filter(|r| r.version > to).collect();
    writer.set_back(kind, &current, &name)?;
    let rolled_back_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let record = RolledBack { kind: kind.to_string(), from, to, rolled_back_at, ingests };
    log::append_rolled_back(&super::rollbacks_file(root), &record)?;
    Ok((from, to))
}
