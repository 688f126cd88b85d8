//! Writing to the store: the lock, staging, conflict detection and the atomic swap.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

use super::{data_files, flow_partition, log, market_nodes, scan_files, version_of, IngestRecord, Store};
use super::{LOCK, LOG_FILE, MARKETS_FILE, TMP, VERSIONS};
use crate::columns::{day_to_date, memo_runs};
use crate::error::{Error, IoContext, PolarsContext, Problem, Result};
use crate::kind::Kind;
use crate::market::{MarketNode, MarketTree};

/// Rows to add, either in memory or already staged as Parquet files by a streaming reader.
pub enum NewFigures {
    Frame(DataFrame),
    /// Parquet files in a staging folder (partitioned as the store is), with their row count.
    Staged {
        files: Vec<PathBuf>,
        rows: u64,
    },
}

/// Where one file's figures come from, as the ingest log records it.
#[derive(Debug, Clone, Default)]
pub struct SourceFile {
    /// File name as the user gave it, for messages and the log.
    pub file: String,
    pub checksum: String,
    pub as_of: Option<String>,
    pub source: Option<String>,
}

/// How a commit treats what it finds in the store.
#[derive(Debug, Clone, Copy, Default)]
pub struct CommitOptions {
    /// Replace figures that exist with a different value instead of failing.
    pub replace: bool,
    /// Validate and report, write nothing.
    pub dry_run: bool,
}

/// What an ingest did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CommitReport {
    pub kind: String,
    pub file: String,
    pub rows_read: u64,
    pub rows_added: u64,
    pub rows_unchanged: u64,
    pub rows_replaced: u64,
    /// The new version of the kind, or the current one when nothing changed.
    pub version: u64,
    pub committed: bool,
    pub dry_run: bool,
    /// Set when the same file was ingested before with the same options.
    pub already_ingested_as: Option<u64>,
}

/// The one writer of a store: holds its lock from open to drop.
pub struct Writer {
    store: Store,
    _lock: File,
}

/// How long a writer waits for another one before saying so.
pub enum LockWait {
    Wait,
    Fail,
}

impl Writer {
    /// Takes the store's lock (waiting for another writer or failing, as asked), creates the
    /// store if needed and sweeps what an interrupted writer left behind.
    pub fn open(root: &Path, wait: LockWait, progress: &dyn crate::progress::Progress) -> Result<Writer> {
        fs::create_dir_all(root.join(VERSIONS)).at(root)?;
        fs::create_dir_all(root.join(TMP)).at(root)?;
        let lock_path = root.join(LOCK);
        let lock = File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .at(&lock_path)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => match wait {
                LockWait::Fail => return Err(Error::Locked { path: root.to_path_buf() }),
                LockWait::Wait => {
                    progress.waiting(&format!("waiting for another tourstat writing {}...", root.display()));
                    lock.lock().at(&lock_path)?;
                }
            },
            Err(fs::TryLockError::Error(e)) => return Err(Error::io(&lock_path, e)),
        }
        let writer = Writer { store: Store::open(root), _lock: lock };
        writer.recover()?;
        Ok(writer)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Removes staging folders and version folders that no link points to and that are newer
    /// than the committed version: the remains of a writer killed before its swap.
    fn recover(&self) -> Result<()> {
        let root = self.store.root();
        self.clear_staging()?;
        let versions = root.join(VERSIONS);
        for entry in fs::read_dir(&versions).at(&versions)? {
            let p = entry.at(&versions)?.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            let Some(kind) = name.split('.').next().and_then(|k| k.parse::<Kind>().ok()) else {
                continue;
            };
            if version_of(&p) > self.store.version(kind)? {
                remove_any(&p)?;
            }
        }
        Ok(())
    }

    /// A fresh staging folder for one step of an ingest (`name` keeps steps apart).
    pub fn staging_dir(&self, name: &str) -> Result<PathBuf> {
        let dir = self.store.root().join(TMP).join(name);
        remove_any(&dir)?;
        fs::create_dir_all(&dir).at(&dir)?;
        Ok(dir)
    }

    /// Removes everything staged so far (after an ingest, whether it succeeded or not).
    pub fn clear_staging(&self) -> Result<()> {
        let tmp = self.store.root().join(TMP);
        for entry in fs::read_dir(&tmp).at(&tmp)? {
            remove_any(&entry.at(&tmp)?.path())?;
        }
        Ok(())
    }

    /// The previous ingest of the same file with the same options, if any.
    pub fn find_same_ingest(&self, kind: Kind, opts: &SourceFile) -> Result<Option<u64>> {
        Ok(self
            .store
            .ingests(kind)?
            .into_iter()
            .find(|r| r.checksum == opts.checksum && r.as_of == opts.as_of && r.source == opts.source)
            .map(|r| r.version))
    }

    /// Adds figures of a kind from one or more files: checks them against the committed ones
    /// and against each other, and commits them as one new version with one swap unless
    /// nothing changes or this is a dry run. One report per file.
    pub fn commit(
        &mut self,
        kind: Kind,
        parts: Vec<(SourceFile, NewFigures)>,
        opts: &CommitOptions,
    ) -> Result<Vec<CommitReport>> {
        let current = self.store.version_dir(kind)?;
        let version = current.as_deref().map_or(0, version_of);
        let (sources, figures): (Vec<SourceFile>, Vec<NewFigures>) = parts.into_iter().unzip();
        let mut reports: Vec<CommitReport> = sources
            .iter()
            .map(|src| CommitReport {
                kind: kind.to_string(),
                file: src.file.clone(),
                version,
                dry_run: opts.dry_run,
                ..Default::default()
            })
            .collect();
        let stage = self.staging_dir(&format!("{kind}.commit"))?;
        let result =
            self.commit_staged(kind, figures, &sources, opts, current.as_deref(), &stage, &mut reports);
        remove_any(&stage)?;
        result.map(|()| reports)
    }

    #[allow(clippy::too_many_arguments)]
    fn commit_staged(
        &mut self,
        kind: Kind,
        new: Vec<NewFigures>,
        sources: &[SourceFile],
        opts: &CommitOptions,
        current: Option<&Path>,
        stage: &Path,
        reports: &mut [CommitReport],
    ) -> Result<()> {
        let plan = match kind {
            Kind::Markets => {
                let mut frames = Vec::new();
                for part in new {
                    let NewFigures::Frame(df) = part else {
                        return Err(Error::internal("a market tree was staged instead of read into memory"));
                    };
                    frames.push(df);
                }
                self.plan_markets(&frames, sources, opts, stage, reports)?
            }
            _ => plan_figures(kind, new, sources, opts, current, stage, reports)?,
        };
        let changes = reports.iter().any(|r| r.rows_added > 0 || r.rows_replaced > 0);
        if opts.dry_run || !changes {
            return Ok(());
        }
        self.publish(kind, current, plan, sources, stage, reports)
    }

    /// Merges market files into the tree one after the other, each file's counts against the
    /// tree as the files before it left it.
    fn plan_markets(
        &self,
        frames: &[DataFrame],
        sources: &[SourceFile],
        opts: &CommitOptions,
        stage: &Path,
        reports: &mut [CommitReport],
    ) -> Result<Plan> {
        let mut tree = self.store.market_tree()?;
        let mut conflicts = Vec::new();
        for (i, df) in frames.iter().enumerate() {
            let incoming = market_nodes(df)?;
            let (merged, moved) = tree.merge(&incoming);
            let report = &mut reports[i];
            report.rows_read = incoming.len() as u64;
            conflicts.extend(moved.iter().map(|(m, old, new)| {
                format!(
                    "{}: market \"{m}\": parent \"{old}\" in the store, \"{new}\" in the file",
                    sources[i].file
                )
            }));
            let next = MarketTree::new(merged).map_err(|m| Error::invalid_file(&sources[i].file, m))?;
            let added = next.len() - tree.len();
            let alias_count = |nodes: &[MarketNode]| nodes.iter().map(|n| n.aliases.len()).sum::<usize>();
            let new_aliases = alias_count(next.nodes()) - alias_count(tree.nodes());
            report.rows_added = (added + new_aliases) as u64;
            report.rows_replaced = moved.len() as u64;
            report.rows_unchanged = report.rows_read.saturating_sub(added as u64 + moved.len() as u64);
            tree = next;
        }
        if !conflicts.is_empty() && !opts.replace {
            let total = conflicts.len();
            let files: Vec<&str> = sources.iter().map(|s| s.file.as_str()).collect();
            return Err(Error::Conflict { file: files.join(", "), conflicts, total });
        }
        let mut frame = super::markets_frame(tree.nodes())?;
        let path = stage.join(MARKETS_FILE);
        let mut file = File::create(&path).at(&path)?;
        ParquetWriter::new(&mut file).finish(&mut frame).context("writing the market tree")?;
        file.sync_all().at(&path)?;
        Ok(Plan { new_files: vec![(String::new(), path)], drop_partitions: Vec::new(), replace_all: true })
    }

    /// Builds the new version folder and swaps it in.
    fn publish(
        &mut self,
        kind: Kind,
        current: Option<&Path>,
        plan: Plan,
        sources: &[SourceFile],
        stage: &Path,
        reports: &mut [CommitReport],
    ) -> Result<()> {
        crash_point("staged");
        let root = self.store.root().to_path_buf();
        let next = current.map_or(0, version_of) + 1;
        let building = stage.join("version");
        fs::create_dir_all(&building).at(&building)?;
        let mut partitions: Vec<PathBuf> = vec![building.clone()];
        if let (Some(current), false) = (current, plan.replace_all) {
            for file in data_files(current, kind, None)? {
                let rel = file.strip_prefix(current).map_err(|_| Error::Store {
                    path: root.clone(),
                    message: format!("{} is outside its version folder", file.display()),
                })?;
                let partition = rel.parent().map(|p| p.to_string_lossy().to_string()).unwrap_or_default();
                if plan.drop_partitions.contains(&partition) {
                    continue;
                }
                let target = building.join(rel);
                if let Some(parent) = target.parent() {
                    if !parent.exists() {
                        fs::create_dir_all(parent).at(parent)?;
                        partitions.push(parent.to_path_buf());
                    }
                }
                fs::hard_link(&file, &target).at(&target)?;
            }
        }
        for (i, (partition, file)) in plan.new_files.iter().enumerate() {
            let dir = building.join(partition);
            if !dir.exists() {
                fs::create_dir_all(&dir).at(&dir)?;
                partitions.push(dir.clone());
            }
            let name = if kind == Kind::Markets {
                MARKETS_FILE.to_string()
            } else {
                format!("part-{next:06}-{i:05}.parquet")
            };
            fs::rename(file, dir.join(&name)).at(file)?;
        }
        let committed_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let records: Vec<IngestRecord> = sources
            .iter()
            .zip(reports.iter())
            .map(|(src, report)| IngestRecord {
                kind: kind.to_string(),
                version: next,
                file: src.file.clone(),
                checksum: src.checksum.clone(),
                rows_read: report.rows_read,
                rows_added: report.rows_added,
                rows_unchanged: report.rows_unchanged,
                rows_replaced: report.rows_replaced,
                as_of: src.as_of.clone(),
                source: src.source.clone(),
                committed_at: committed_at.clone(),
            })
            .collect();
        log::write_with(current.map(|c| c.join(LOG_FILE)).as_deref(), &records, &building.join(LOG_FILE))?;
        for dir in &partitions {
            sync_dir(dir)?;
        }
        crash_point("version-built");
        let name = format!("{kind}.{next:06}");
        let version_dir = root.join(VERSIONS).join(&name);
        fs::rename(&building, &version_dir).at(&version_dir)?;
        sync_dir(&root.join(VERSIONS))?;
        crash_point("before-swap");
        // The commit point: one rename of a link over the kind's link.
        let link_tmp = stage.join("link");
        std::os::unix::fs::symlink(Path::new(VERSIONS).join(&name), &link_tmp).at(&link_tmp)?;
        fs::rename(&link_tmp, root.join(kind.as_str())).at(&root)?;
        sync_dir(&root)?;
        crash_point("after-swap");
        for report in reports.iter_mut() {
            report.version = next;
            report.committed = true;
        }
        self.sweep_old_versions(kind, next)
    }

    /// Keeps the new version and the one before it (a reader may still be scanning it).
    fn sweep_old_versions(&self, kind: Kind, current: u64) -> Result<()> {
        let versions = self.store.root().join(VERSIONS);
        for entry in fs::read_dir(&versions).at(&versions)? {
            let p = entry.at(&versions)?.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name.starts_with(&format!("{kind}.")) && version_of(&p) + 1 < current {
                remove_any(&p)?;
            }
        }
        Ok(())
    }
}

/// New files (with the partition folder each belongs in) and the partitions whose old files
/// are left out of the new version because they were rewritten.
struct Plan {
    new_files: Vec<(String, PathBuf)>,
    drop_partitions: Vec<String>,
    replace_all: bool,
}

fn eq_all(values: &[&str], suffix: &str) -> Expr {
    values
        .iter()
        .map(|v| col(*v).eq_missing(col(format!("{v}{suffix}"))))
        .reduce(|a, b| a.and(b))
        .unwrap_or(lit(true))
}

fn prefixed(names: &[&str], suffix: &str) -> Vec<Expr> {
    names.iter().map(|n| col(*n).alias(format!("{n}{suffix}"))).collect()
}

fn cols(names: &[&str]) -> Vec<Expr> {
    names.iter().map(|n| col(*n)).collect()
}

/// The file (its index among the commit's files) each new row comes from.
const FILE_COL: &str = "_file";

/// Decides what a kind's new figures add: drops rows already in the store, fails on
/// conflicts (or plans their replacement), drops revisions that repeat the latest vintage.
/// Rows of several files are checked against each other too (no key in two files), and
/// counted per file.
fn plan_figures(
    kind: Kind,
    new: Vec<NewFigures>,
    sources: &[SourceFile],
    opts: &CommitOptions,
    current: Option<&Path>,
    stage: &Path,
    reports: &mut [CommitReport],
) -> Result<Plan> {
    let (partition, date_col) =
        kind.partition().ok_or_else(|| Error::internal(format!("{kind} is not partitioned")))?;
    let several = new.len() > 1;
    let mut parts = Vec::new();
    let mut staged = Vec::new();
    for (i, figures) in new.into_iter().enumerate() {
        let (rows, lf) = match figures {
            NewFigures::Frame(df) => {
                staged.push(None);
                (df.height() as u64, df.lazy())
            }
            NewFigures::Staged { files, rows } => {
                let lf =
                    scan_files(&files)?.ok_or_else(|| Error::internal("a staged file list was empty"))?;
                staged.push(Some(files));
                (rows, lf)
            }
        };
        reports[i].rows_read = rows;
        parts.push(lf.with_column(lit(i as u32).cast(DataType::UInt32).alias(FILE_COL)));
    }
    let new_lf = match parts.len() {
        1 => parts.remove(0),
        _ => concat(parts, UnionArgs::default()).context("combining the files")?,
    }
    .with_row_index("_row", None);
    if several {
        check_across_files(kind, &new_lf, sources)?;
    }
    let data_only = |lf: LazyFrame| lf.drop(by_name(["_row", FILE_COL], true, false));

    // Only the committed partitions of the years the new figures fall in can hold them (a
    // first ingest of a kind has none, and skips reading the new figures for their years).
    let existing_files = match current {
        Some(dir) if !data_files(dir, kind, None)?.is_empty() => {
            let years = new_lf
                .clone()
                .select([
                    col(date_col).dt().year().min().alias("from"),
                    col(date_col).dt().year().max().alias("to"),
                ])
                .collect()
                .context("reading the years of the new figures")?;
            let year_at = |name: &str| {
                years.column(name).ok().and_then(|c| c.get(0).ok()).and_then(|v| v.extract::<i32>())
            };
            match (year_at("from"), year_at("to")) {
                (Some(from), Some(to)) => data_files(dir, kind, Some((from, to)))?,
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    };
    let Some(existing) = scan_files(&existing_files)? else {
        let mut new_files = Vec::new();
        for (i, files) in staged.into_iter().enumerate() {
            reports[i].rows_added = reports[i].rows_read;
            if opts.dry_run {
                continue;
            }
            new_files.extend(match files {
                Some(files) => files.into_iter().map(|f| (partition_of(&f), f)).collect(),
                None => {
                    let part = new_lf.clone().filter(col(FILE_COL).eq(lit(i as u32).cast(DataType::UInt32)));
                    sink_partitioned(data_only(part), kind, &stage.join(format!("new{i}")))?
                }
            });
        }
        return Ok(Plan { new_files, drop_partitions: Vec::new(), replace_all: false });
    };

    let key = kind.key_columns();
    let values = kind.value_columns();
    let mut existing_cols = cols(key);
    existing_cols.extend(prefixed(values, "_old"));
    let matched = new_lf
        .clone()
        .join(existing.clone().select(existing_cols), cols(key), cols(key), JoinArgs::new(JoinType::Inner))
        .with_column(eq_all(values, "_old").alias("_same"));
    let conflicts =
        matched.clone().filter(col("_same").not()).collect().context("comparing with the store")?;
    if conflicts.height() > 0 && !opts.replace {
        return Err(conflict_error(kind, &conflicts, sources));
    }
    let unchanged = matched.filter(col("_same")).select([col("_row")]);
    let mut keep =
        new_lf.clone().join(unchanged, [col("_row")], [col("_row")], JoinArgs::new(JoinType::Anti));
    if kind.has_vintage() {
        // A replacement stays even where it equals an earlier vintage: the user corrected
        // that vintage, and dropping it would keep the value it replaces.
        let replacing = conflicts.clone().lazy().select([col("_row")]);
        keep = drop_repeated_vintages(keep, existing.clone(), kind, replacing);
    }
    let keep = keep.collect().context("selecting the new figures")?;
    let per_file = |df: &DataFrame| -> Result<Vec<u64>> {
        let mut counts = vec![0u64; reports.len()];
        let files =
            df.column(FILE_COL).and_then(|c| c.u32().cloned()).context("reading the file of each row")?;
        for f in files.iter().flatten() {
            counts[f as usize] += 1;
        }
        Ok(counts)
    };
    let (kept, replaced) = (per_file(&keep)?, per_file(&conflicts)?);
    for (i, report) in reports.iter_mut().enumerate() {
        let (kept, replaced) = (kept[i], replaced[i]);
        if kept < replaced || kept > report.rows_read {
            return Err(Error::Store {
                path: stage.to_path_buf(),
                message: format!(
                    "{}: {kept} rows to write of {} read, {replaced} of them replacements: the plan does not add up",
                    sources[i].file, report.rows_read
                ),
            });
        }
        report.rows_replaced = replaced;
        report.rows_added = kept - replaced;
        report.rows_unchanged = report.rows_read - kept;
    }
    if keep.height() == 0 || opts.dry_run {
        return Ok(Plan { new_files: Vec::new(), drop_partitions: Vec::new(), replace_all: false });
    }
    let mut new_files = sink_partitioned(data_only(keep.lazy()), kind, &stage.join("new"))?;
    let mut drop_partitions = Vec::new();
    if conflicts.height() > 0 {
        // Rewrite each partition that held a replaced figure, without it.
        let replaced = conflicts.clone().lazy().select(cols(key));
        let years = conflicts
            .column(date_col)
            .and_then(|c| c.as_materialized_series().year())
            .context("reading the years of replaced figures")?;
        let years: Vec<String> = years.iter().flatten().map(|y| format!("{partition}={y}")).collect();
        let affected: Vec<PathBuf> =
            existing_files.iter().filter(|f| years.contains(&partition_of(f))).cloned().collect();
        if let Some(old) = scan_files(&affected)? {
            let rest = old.join(replaced, cols(key), cols(key), JoinArgs::new(JoinType::Anti));
            new_files.extend(sink_partitioned(rest, kind, &stage.join("rewrite"))?);
        }
        drop_partitions = affected.iter().map(|f| partition_of(f)).collect();
        drop_partitions.dedup();
    }
    Ok(Plan { new_files, drop_partitions, replace_all: false })
}

/// Fails when two files of one commit hold the same figure (the same key): which of the two
/// is meant cannot be guessed.
fn check_across_files(kind: Kind, new: &LazyFrame, sources: &[SourceFile]) -> Result<()> {
    let key = kind.key_columns();
    let twice = new
        .clone()
        .group_by(cols(key))
        .agg([len().alias("_n"), col(FILE_COL).min().alias("_first"), col(FILE_COL).max().alias("_last")])
        .filter(col("_n").gt(lit(1)))
        .sort(["_first"], SortMultipleOptions::default())
        .collect_with_engine(Engine::Streaming)
        .map(|r| r.unwrap_single())
        .context("checking the files against each other")?;
    if twice.height() == 0 {
        return Ok(());
    }
    let first = twice.column("_first").and_then(|c| c.u32().cloned()).context("reading files")?;
    let last = twice.column("_last").and_then(|c| c.u32().cloned()).context("reading files")?;
    let problems: Vec<Problem> = (0..twice.height().min(crate::error::PROBLEMS_SHOWN))
        .map(|i| {
            let what: Vec<String> = key.iter().map(|k| format!("{k} {}", cell(&twice, k, i))).collect();
            let name = |f: Option<u32>| f.map_or("?", |f| sources[f as usize].file.as_str());
            Problem::new(
                0,
                format!(
                    "{} is in both {} and {}; keep it in one file",
                    what.join(", "),
                    name(first.get(i)),
                    name(last.get(i))
                ),
            )
        })
        .collect();
    let files: Vec<&str> = sources.iter().map(|s| s.file.as_str()).collect();
    Err(Error::Invalid { file: files.join(", "), problems, total: twice.height() })
}

/// A value of a frame as text, for messages.
fn cell(df: &DataFrame, name: &str, i: usize) -> String {
    df.column(name)
        .ok()
        .and_then(|c| c.get(i).ok())
        .map(|v| match v {
            AnyValue::Null => "empty".to_string(),
            other => other.get_str().map_or_else(|| other.to_string(), str::to_string),
        })
        .unwrap_or_default()
}

/// Drops new figures whose value is the same as the latest earlier vintage in the store:
/// publishing an unchanged figure again is not a revision. Rows in `exempt` (by `_row`) stay.
fn drop_repeated_vintages(new: LazyFrame, existing: LazyFrame, kind: Kind, exempt: LazyFrame) -> LazyFrame {
    let identity: Vec<&str> = kind.key_columns().iter().copied().filter(|c| *c != "as_of").collect();
    let values = kind.value_columns();
    let mut prev_cols = cols(&identity);
    prev_cols.push(col("as_of").alias("as_of_prev"));
    prev_cols.extend(prefixed(values, "_prev"));
    let mut new_cols = cols(&identity);
    new_cols.extend(cols(values));
    new_cols.push(col("as_of"));
    new_cols.push(col("_row"));
    let mut latest: Vec<Expr> = values.iter().map(|v| col(format!("{v}_prev")).last()).collect();
    latest.extend(values.iter().map(|v| col(*v).first()));
    let repeated = new
        .clone()
        .select(new_cols)
        .join(existing.select(prev_cols), cols(&identity), cols(&identity), JoinArgs::new(JoinType::Inner))
        .filter(col("as_of_prev").lt(col("as_of")))
        .sort(["_row", "as_of_prev"], SortMultipleOptions::default())
        .group_by([col("_row")])
        .agg(latest)
        .filter(eq_all(values, "_prev"))
        .select([col("_row")])
        .join(exempt, [col("_row")], [col("_row")], JoinArgs::new(JoinType::Anti));
    new.join(repeated, [col("_row")], [col("_row")], JoinArgs::new(JoinType::Anti))
}

fn conflict_error(kind: Kind, conflicts: &DataFrame, sources: &[SourceFile]) -> Error {
    let total = conflicts.height();
    let shown = conflicts.head(Some(crate::error::PROBLEMS_SHOWN));
    let files = shown.column(FILE_COL).ok().and_then(|c| c.u32().ok().cloned());
    let mut lines = Vec::new();
    let mut named: Vec<&str> = Vec::new();
    for i in 0..shown.height() {
        let key: Vec<String> =
            kind.key_columns().iter().map(|k| format!("{k} {}", cell(&shown, k, i))).collect();
        let change: Vec<String> = kind
            .value_columns()
            .iter()
            .filter(|v| cell(&shown, v, i) != cell(&shown, &format!("{v}_old"), i))
            .map(|v| {
                format!(
                    "{v} {} in the store, {} in the file",
                    cell(&shown, &format!("{v}_old"), i),
                    cell(&shown, v, i)
                )
            })
            .collect();
        let file = files
            .as_ref()
            .and_then(|f| f.get(i))
            .map_or(sources[0].file.as_str(), |f| sources[f as usize].file.as_str());
        if !named.contains(&file) {
            named.push(file);
        }
        let prefix = if sources.len() > 1 { format!("{file}: ") } else { String::new() };
        lines.push(format!("{prefix}{}: {}", key.join(", "), change.join("; ")));
    }
    Error::Conflict { file: named.join(", "), conflicts: lines, total }
}

/// Writes figures as Hive partitions by year under `dir`; returns (partition folder, file).
pub fn sink_partitioned(lf: LazyFrame, kind: Kind, dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let (partition, date_col) =
        kind.partition().ok_or_else(|| Error::internal(format!("{kind} is not partitioned")))?;
    fs::create_dir_all(dir).at(dir)?;
    let base = PlRefPath::try_from_path(dir).context("naming the staging folder")?;
    // Booking flows are written one file per half-year of travel inside the year's folder (as
    // `FlowFiles` writes a clean bookings file), so that the forward windows of `shortfall` (the
    // rest of a year) and `otb` skip the other half's file by its statistics: on gen.py's data
    // `shortfall` took 0.12 s instead of 0.165 s with one file per year. Finer files cost this
    // sink more (medians of 5 ingests when clean files went through it: year 3.40 s, half
    // 3.61 s, quarter 3.71 s, month 4.15 s and 200 MB more for the 24 files' open row groups);
    // a one-month `otb` took 0.05 s with month files against 0.11 s.
    let mut lf = lf.with_column(date_key(date_col, partition, |d| d.year()));
    let mut keys = vec![col(partition)];
    if kind == Kind::Bookings {
        lf = lf.with_column(date_key(date_col, HALF_KEY, |d| i32::from(flow_partition(d).1)));
        keys.push(col(HALF_KEY));
    }
    lf.sink(
        SinkDestination::Partitioned {
            base_path: base,
            file_path_provider: None,
            partition_strategy: PartitionStrategy::Keyed {
                keys,
                include_keys: false,
                keys_pre_grouped: false,
            },
            max_rows_per_file: IdxSize::MAX,
            approximate_bytes_per_file: u64::MAX,
        },
        FileWriteFormat::Parquet(Arc::new(ParquetWriteOptions {
            // Without a row-group size each file is one group, held in memory until the file
            // closes: memory would grow with the input. Smaller groups also give finer
            // statistics for a travel window to skip by.
            row_group_size: Some(ROW_GROUP_ROWS),
            ..Default::default()
        })),
        UnifiedSinkArgs {
            mkdir: true,
            sync_on_close: polars::io::utils::sync_on_close::SyncOnCloseType::All,
            ..Default::default()
        },
    )
    .context("staging figures")?
    .collect_with_engine(Engine::Streaming)
    .map(|r| r.unwrap_single())
    .context("writing figures")?;
    staged_files(dir)
}

/// A key of each date of a column (its year, its half), as a column `name`, worked out once for
/// each run of equal dates: `dt().year()` converts every row's date in full, which took a
/// fortieth of the CPU time of a bookings ingest when clean files went through this sink (flows
/// come grouped by day).
fn date_key(date_col: &str, name: &str, key: fn(NaiveDate) -> i32) -> Expr {
    col(date_col)
        .map(
            move |c: Column| {
                let mut key_of = memo_runs(|day| day_to_date(day).map(key));
                let keys: Int32Chunked = c.date()?.physical().iter().map(|day| key_of(day?)).collect();
                Ok(keys.into_column())
            },
            |_, f| Ok(Field::new(f.name().clone(), DataType::Int32)),
        )
        .alias(name)
}

/// Rows per Parquet row group in the store.
pub(super) const ROW_GROUP_ROWS: usize = 128 * 1024;

/// Staging sub-folder of one half-year of travel (not part of the store's layout).
pub(super) const HALF_KEY: &str = "travel_half";

/// The Parquet files under a partitioned staging folder, with the store partition (the
/// top folder, `travel_year=2025`) each belongs in.
pub(crate) fn staged_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
        for entry in fs::read_dir(dir).at(dir)? {
            let p = entry.at(dir)?.path();
            if p.is_dir() {
                walk(&p, out)?;
            } else if p.extension().is_some_and(|e| e == "parquet") {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    if dir.exists() {
        walk(dir, &mut files)?;
    }
    files.sort();
    Ok(files.into_iter().map(|f| (partition_of(&f), f)).collect())
}

/// The store partition (`travel_year=2025`) a file belongs in: the nearest folder above it
/// that is not a staging sub-folder.
fn partition_of(file: &Path) -> String {
    file.ancestors()
        .skip(1)
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().to_string())
        .find(|n| n.contains('=') && !n.starts_with(HALF_KEY))
        .unwrap_or_default()
}

fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).at(dir)
}

fn remove_any(p: &Path) -> Result<()> {
    match fs::symlink_metadata(p) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(p, e)),
        Ok(m) if m.is_dir() => fs::remove_dir_all(p).at(p),
        Ok(_) => fs::remove_file(p).at(p),
    }
}

/// Test hook for the crash tests: with `TOURSTAT_PAUSE_AT=<point>` and
/// `TOURSTAT_PAUSE_FILE=<path>`, the writer creates the file when it reaches the point and
/// waits there, so that a test can `kill -9` it exactly between two steps of a commit.
pub fn crash_point(name: &str) {
    if std::env::var("TOURSTAT_PAUSE_AT").is_ok_and(|v| v == name) {
        if let Ok(path) = std::env::var("TOURSTAT_PAUSE_FILE") {
            let _ = fs::write(path, name);
            std::thread::sleep(std::time::Duration::from_secs(120));
        }
    }
}
