//! Writing to the store: the lock and the recovery of what a killed writer left, staging, and
//! the atomic publish of a new version. What a commit adds is planned in `plan`; figures are
//! written in the store's partitions by `partitioned`.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::crash::crash_point;
use super::manifest;
use super::plan::{plan_figures, plan_markets, Plan};
use super::{data_files, log, version_of, IngestRecord, Store};
use super::{LOCK, LOG_FILE, MARKETS_FILE, PENDING, TMP, VERSIONS};
use crate::error::{Error, IoContext, Result};
use crate::kind::Kind;

/// Rows to add, either in memory or already staged as Parquet files by a streaming reader.
#[derive(Debug, Clone)]
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
    /// The sheet read, when the file is a workbook.
    pub sheet: Option<String>,
    /// The file's own column names given (`--column`), as `column=header,...`.
    pub columns: Option<String>,
    /// BLAKE3 of the market map given (`--market-map`).
    pub market_map: Option<String>,
    /// The unit the figures were written in, when not ones (`--unit`).
    pub unit: Option<String>,
    /// The year given to months without one (`--year`).
    pub year: Option<i32>,
    /// How the file was read beyond the above, when not the default (calendar, numbers, a
    /// series picked): the same file read otherwise is another ingest.
    pub reading: Option<String>,
    /// The day given to rows without one of their own (`--as-of`, or today); not logged.
    pub given_day: Option<String>,
}

/// How a commit treats what it finds in the store.
#[derive(Debug, Clone, Copy, Default)]
pub struct CommitOptions {
    /// Replace figures that exist with a different value instead of failing.
    pub replace: bool,
    /// Validate and report, write nothing.
    pub dry_run: bool,
    /// The vintage rows without their own were given because none was (no `--as-of`: today).
    /// A row of it that puts back a figure a later vintage has corrected is refused: it is far
    /// more often an earlier release saved again than news.
    pub default_vintage: Option<chrono::NaiveDate>,
    /// Flows may hold cancellations (negative seats): the books of each market and day of
    /// travel they touch are checked never to fall below 0.
    pub cancellations: bool,
}

/// What an ingest did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CommitReport {
    pub kind: String,
    pub file: String,
    pub rows_read: u64,
    pub rows_added: u64,
    pub rows_unchanged: u64,
    /// Of the rows unchanged, those that repeat the vintage in force under a later day of their
    /// own, kept once (the earlier row): arrivals and targets only.
    #[serde(skip)]
    pub rows_repeated: Option<u64>,
    pub rows_replaced: u64,
    /// Figures the file marks missing (na, -, .., empty): read, not stored.
    pub rows_missing: u64,
    /// Values the file's layout reads past (below a series' declared length): not stored.
    pub rows_passed_over: u64,
    /// Figures added with a vintage before one the store holds for the same market and
    /// period: kept as history, while the later one stays the latest known.
    pub rows_older_vintage: u64,
    /// Their markets, as stored (the first of them, in order).
    pub older_vintage_markets: Vec<String>,
    /// Revisions 50 times the figure they revise or a fiftieth of it (another unit?), said.
    pub unit_jumps: Vec<String>,
    /// The targets this file adds (market, period, target): a first target is checked
    /// against the market's arrivals by the caller, which reads them (a target in thousands
    /// among figures in persons is said).
    #[serde(skip)]
    pub targets_added: Vec<(String, String, f64)>,
    /// Every target the file reads, added or as stored: (market, period).
    #[serde(skip)]
    pub targets_read: Vec<(String, String)>,
    /// Other notes of this file: what loading it out of the order of the releases' days may
    /// have hidden; names of a markets file that the tree knows by another name.
    #[serde(skip)]
    pub said: Vec<String>,
    /// Markets this file brings whose names differ from another market's in punctuation only
    /// ("New..Zealand" beside "New Zealand"): kept apart in a store without a tree, said.
    #[serde(skip)]
    pub near_spellings: Vec<String>,
    /// Figures of earlier releases that this later one does not give (no row, or one marked
    /// missing) for a period it gives most markets for: they stay the latest known, said.
    pub left_as_they_were: Vec<String>,
    /// The new version of the kind, or the current one when nothing changed.
    pub version: u64,
    pub committed: bool,
    pub dry_run: bool,
    /// Set when the same file was ingested before with the same options.
    pub already_ingested_as: Option<u64>,
    /// The vintage it was ingested as, where that was another than this ingest's.
    pub already_ingested_vintage: Option<String>,
    /// Markets added to the tree for this ingest (`--add-markets`), parents first.
    pub markets_added: Vec<crate::market::MarketNode>,
    /// The groups among them whose members' counts overlap: not their members' sums.
    pub groups_overlapping: Vec<String>,
}

/// How a file was read, less the markets its ingest added to the tree (`--add-markets`): read
/// again without the flag once they are in the tree, it does what it did.
fn without_added_markets(reading: &Option<String>) -> Option<String> {
    let rest: Vec<&str> = reading.as_deref()?.split(';').filter(|p| !p.starts_with("add-markets=")).collect();
    (!rest.is_empty()).then(|| rest.join(";"))
}

/// The one writer of a store: holds its lock from open to drop.
pub struct Writer {
    store: Store,
    _lock: File,
    /// Whether opening it took back the markets of an ingest stopped before its figures (see
    /// `take_back_markets_added`).
    took_back_markets: Option<(u64, u64)>,
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
        let mut writer = Writer { store: Store::open(root), _lock: lock, took_back_markets: None };
        writer.took_back_markets = writer.recover()?;
        Ok(writer)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Removes staging folders and version folders that no link points to and that are newer
    /// than the committed version: the remains of a writer killed before its swap; and takes
    /// back markets added for figures never committed (the markets' versions from and to, where
    /// it did).
    fn recover(&self) -> Result<Option<(u64, u64)>> {
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
        self.take_back_markets_added()
    }

    /// Records, before the markets an ingest's `--add-markets` adds are committed, what takes
    /// them back should the writer stop before its figures are committed (trial 89 H1: a
    /// SIGTERM between the two commits left Italy and Spain in the tree without a figure, and
    /// `check` said the store whole): the markets' version folder before (`None`: no tree), and
    /// the figures' kind with its version then. `markets_settled` ends it.
    pub fn markets_adding(&self, before: Option<&Path>, figures: Kind) -> Result<()> {
        let root = self.store.root();
        let before = before.and_then(|p| p.file_name()).map(|n| n.to_string_lossy().to_string());
        let text = format!("{}\n{figures}\n{}\n", before.unwrap_or_default(), self.store.version(figures)?);
        let staged = root.join(TMP).join(PENDING);
        let mut file = File::create(&staged).at(&staged)?;
        std::io::Write::write_all(&mut file, text.as_bytes()).at(&staged)?;
        file.sync_all().at(&staged)?;
        fs::rename(&staged, root.join(PENDING)).at(root)?;
        sync_dir(root)
    }

    /// The figures of the markets added are committed, or the markets taken back: nothing to
    /// take back on the next writer's start.
    pub fn markets_settled(&self) -> Result<()> {
        let root = self.store.root();
        match fs::remove_file(root.join(PENDING)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            removed => {
                removed.at(root)?;
                sync_dir(root)
            }
        }
    }

    /// Where a writer stopped after committing the markets of `--add-markets` and before their
    /// figures (see `markets_adding`): the markets go back to the version before them. Where
    /// the figures were committed, they keep their markets.
    fn take_back_markets_added(&self) -> Result<Option<(u64, u64)>> {
        let root = self.store.root();
        let Ok(text) = fs::read_to_string(root.join(PENDING)) else { return Ok(None) };
        let mut lines = text.lines();
        let (before, figures, version) = (lines.next(), lines.next(), lines.next());
        let figures = figures.and_then(|k| k.parse::<Kind>().ok());
        let version = version.and_then(|v| v.parse::<u64>().ok());
        let (Some(before), Some(figures), Some(version)) = (before, figures, version) else {
            return Err(Error::internal(format!(
                "{} is not as an ingest writes it: remove it, then check the market tree (`tourstat markets`)",
                root.join(PENDING).display()
            )));
        };
        let mut taken = None;
        if self.store.version(figures)? == version {
            let from = self.store.version(Kind::Markets)?;
            let before = (!before.is_empty()).then(|| root.join(VERSIONS).join(before));
            self.undo_commit(Kind::Markets, before.as_deref())?;
            taken = Some((from, self.store.version(Kind::Markets)?)).filter(|(from, to)| from != to);
        }
        self.markets_settled()?;
        Ok(taken)
    }

    /// Where opening it took back the markets of an ingest stopped before its figures: the
    /// markets' versions from and to.
    pub fn took_back_markets(&self) -> Option<(u64, u64)> {
        self.took_back_markets
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

    /// The previous ingest of the same file with the same options, if any: its version and
    /// vintage. With `any_vintage` (no `--as-of` given, the day of the ingest its vintage) one
    /// of another day is the same: stored again as today's, its figures would undo revisions
    /// ingested since.
    pub fn find_same_ingest(
        &self,
        kind: Kind,
        opts: &SourceFile,
        any_vintage: bool,
    ) -> Result<Option<(u64, Option<String>)>> {
        Ok(self
            .store
            .ingests(kind)?
            .into_iter()
            .find(|r| {
                r.checksum == opts.checksum
                    && (r.as_of == opts.as_of || any_vintage)
                    && r.source == opts.source
                    && r.sheet == opts.sheet
                    && r.columns == opts.columns
                    && r.market_map == opts.market_map
                    && r.unit == opts.unit
                    && r.year == opts.year
                    && (r.reading == opts.reading || without_added_markets(&r.reading) == opts.reading)
            })
            .map(|r| (r.version, r.as_of)))
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
        // A failed commit's own error is what the user needs: a staging folder that cannot be
        // removed after it is the next writer's to sweep.
        let cleared = remove_any(&stage);
        result?;
        cleared.map(|()| reports)
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
                plan_markets(self.store.market_tree()?, &frames, sources, opts, stage, reports)?
            }
            _ => plan_figures(kind, new, sources, opts, current, stage, reports)?,
        };
        let changes = reports.iter().any(|r| r.rows_added > 0 || r.rows_replaced > 0);
        // Targets read again, as stored, of a group whose markets changed since they were
        // loaded: committed all the same, to record the group as it is now (review 23 M3: the
        // note that it changed could not be cleared).
        let regrouped = kind == Kind::Targets && !changes && self.targets_regrouped(reports)?;
        if opts.dry_run || !(changes || regrouped) {
            return Ok(());
        }
        self.publish(kind, current, plan, sources, stage, reports)
    }

    /// Whether a target read has another group of markets under it now than its latest ingest
    /// recorded; each such is said in its file's report.
    fn targets_regrouped(&self, reports: &mut [CommitReport]) -> Result<bool> {
        let tree = self.store.market_tree()?;
        let ingests = self.store.ingests(Kind::Targets)?;
        let mut any = false;
        for report in reports.iter_mut() {
            for (market, period) in report.targets_read.clone() {
                let then = ingests.iter().rev().find_map(|r| {
                    r.members.iter().find(|g| g.market == market && g.period == period).map(|g| &g.members)
                });
                let now: Vec<String> = tree.descendants(&market).into_iter().map(str::to_string).collect();
                if then.is_some_and(|then| *then != now) {
                    report.said.push(format!(
                        "{market}'s target for {period} recorded as of the group as it is now ({} markets under it)",
                        now.len()
                    ));
                    any = true;
                }
            }
        }
        Ok(any)
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
        // After the highest version ever committed, even one a rollback set aside.
        let next = current.map_or(0, version_of).max(super::highest_recorded(&root, kind)) + 1;
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
        // What the version holds, measured as written, for `check` to prove later.
        let files: Vec<String> = super::files_on_disk(&building, kind, None)?
            .iter()
            .filter_map(|f| Some(f.strip_prefix(&building).ok()?.to_string_lossy().to_string()))
            .collect();
        let previous = match current {
            Some(c) => manifest::read(c)?,
            None => None,
        };
        let previous = previous.as_ref().zip(current);
        // The log carried into the new version is the one sealed (review 66 H1: an edited log
        // was copied and sealed again by the next ingest, and `check` then called it whole).
        if let Some((m, dir)) = previous {
            if let Some(changed) = manifest::log_changed(m, &dir.join(LOG_FILE)) {
                return Err(Error::Store {
                    path: dir.join(LOG_FILE),
                    message: format!(
                        "{changed}: an ingest would carry it into the next version as written; nothing was written (`tourstat check` says what to do)"
                    ),
                });
            }
        }
        let mut manifest = manifest::build(kind, next, &building, &files, previous)?;
        let committed_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let tree = if kind == Kind::Targets { self.store.market_tree()? } else { Default::default() };
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
                rows_repeated: report.rows_repeated,
                rows_replaced: report.rows_replaced,
                as_of: src.as_of.clone(),
                source: src.source.clone(),
                sheet: src.sheet.clone(),
                columns: src.columns.clone(),
                market_map: src.market_map.clone(),
                unit: src.unit.clone(),
                reading: src.reading.clone(),
                year: src.year,
                members: report
                    .targets_read
                    .iter()
                    .filter(|_| !tree.is_empty())
                    .map(|(market, period)| super::log::GroupThen {
                        market: market.clone(),
                        period: period.clone(),
                        members: tree.descendants(market).into_iter().map(str::to_string).collect(),
                    })
                    .collect(),
                committed_at: committed_at.clone(),
                manifest: true,
            })
            .collect();
        log::write_with(current.map(|c| c.join(LOG_FILE)).as_deref(), &records, &building.join(LOG_FILE))?;
        // The log sealed in the manifest, so that an edit of it is found as a data file's is.
        manifest.log = Some(manifest::LogSeal::measure(&building.join(LOG_FILE))?);
        manifest::write(&manifest, &building)?;
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
        // Recorded as committed: a link set back below it later is told from an interrupted
        // writer's version (one never committed). The ingest is committed whatever this does.
        let _ = super::record_committed(&root, kind, next);
        crash_point("after-swap");
        for report in reports.iter_mut() {
            report.version = next;
            report.committed = true;
        }
        self.sweep_old_versions(kind, next)
    }

    /// Points `kind`'s link back at the version folder `name` (one rename) and removes
    /// `current`, the version set aside; its number is never given again: a copy of the store
    /// synced before (a Spark cluster's) must not take the next ingest for it. For `rollback`,
    /// and for an ingest whose figures fail after it added their markets.
    pub(crate) fn set_back(&self, kind: Kind, current: &Path, name: &str) -> Result<()> {
        let root = self.store.root();
        let link_tmp = root.join(TMP).join("rollback-link");
        let _ = fs::remove_file(&link_tmp);
        std::os::unix::fs::symlink(Path::new(VERSIONS).join(name), &link_tmp).at(&link_tmp)?;
        super::record_highest(root, kind, version_of(current))?;
        super::record_committed(root, kind, version_of(Path::new(name)))?;
        fs::rename(&link_tmp, root.join(kind.as_str())).at(root)?;
        sync_dir(root)?;
        // (A folder already gone is the damage the rollback mends: trial 95 M2, a copy of the
        // store taken mid-ingest, its link to a folder it lacked, rolled back and said failed.)
        match fs::remove_dir_all(current) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other.at(current),
        }
    }

    /// Undoes this writer's last commit of `kind`, back to `before` (the version folder it
    /// replaced; `None`: the kind had none, and has none again): the markets `--add-markets`
    /// committed for figures that then failed. Nothing to undo when the version is `before`.
    pub fn undo_commit(&self, kind: Kind, before: Option<&Path>) -> Result<()> {
        let Some(current) = self.store.version_dir(kind)? else {
            return Ok(());
        };
        if before == Some(current.as_path()) {
            return Ok(());
        }
        match before {
            Some(before) => {
                let name = before.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                self.set_back(kind, &current, &name)
            }
            // No version before: the link goes, then the folder, its number never given again.
            None => {
                let root = self.store.root();
                super::record_highest(root, kind, version_of(&current))?;
                super::record_committed(root, kind, 0)?;
                fs::remove_file(root.join(kind.as_str())).at(root)?;
                sync_dir(root)?;
                fs::remove_dir_all(&current).at(&current)
            }
        }
    }

    /// Keeps the new version and the one before it (for `rollback`), and any older version
    /// replaced less than `READER_GRACE` ago: a reader that resolved it just before two quick
    /// commits may still be scanning it (a soak of three writers and two readers on a loaded
    /// machine saw a read fail on a file of a version swept under it).
    fn sweep_old_versions(&self, kind: Kind, current: u64) -> Result<()> {
        let versions = self.store.root().join(VERSIONS);
        let mut kept: Vec<(u64, std::path::PathBuf)> = Vec::new();
        for entry in fs::read_dir(&versions).at(&versions)? {
            let p = entry.at(&versions)?.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name.starts_with(&format!("{kind}.")) {
                kept.push((version_of(&p), p));
            }
        }
        kept.sort();
        // The version before the committed one stays, whatever its number (a rollback may
        // have set the one after it aside).
        let previous = kept.iter().map(|(v, _)| *v).filter(|v| *v < current).max();
        for (i, (v, p)) in kept.iter().enumerate() {
            if *v >= current || Some(*v) == previous {
                continue;
            }
            // It stopped being current when the next version that exists was built.
            let replaced_long_ago = kept.get(i + 1).is_none_or(|(_, next)| {
                fs::metadata(next)
                    .and_then(|m| m.modified())
                    .map_or(true, |t| t.elapsed().is_ok_and(|age| age > READER_GRACE))
            });
            if replaced_long_ago {
                remove_any(p)?;
            }
        }
        Ok(())
    }
}

/// How long a replaced version stays for the readers that resolved it.
const READER_GRACE: std::time::Duration = std::time::Duration::from_secs(120);

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
