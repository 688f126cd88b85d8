//! Planning a commit: what new figures add to the store (rows already there, conflicts,
//! replacements, revisions that repeat a vintage, the same figure in two files), counted per
//! file, and the files the new version is built from.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::columns::{self, Stream};

use super::commit::{CommitOptions, CommitReport, NewFigures, SourceFile};
use super::partitioned::{partition_of, sink_partitioned};
use super::{data_files, market_nodes, scan_files, scan_kind, MARKETS_FILE};
use crate::error::{Error, IoContext, PolarsContext, Problem, Result};
use crate::kind::Kind;
use crate::market::{match_key, MarketTree};

/// New files (with the partition folder each belongs in) and the partitions whose old files
/// are left out of the new version because they were rewritten.
pub(super) struct Plan {
    pub(super) new_files: Vec<(String, PathBuf)>,
    pub(super) drop_partitions: Vec<String>,
    pub(super) replace_all: bool,
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
pub(super) fn plan_figures(
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
    if kind == Kind::Targets {
        targets_read(&new_lf.clone().collect().context("reading the new targets")?, reports)?;
    }
    let data_only = |lf: LazyFrame| lf.drop(by_name(["_row", FILE_COL], true, false));

    // Only the committed partitions of the years the new figures fall in can hold them (a
    // first ingest of a kind has none, and skips reading the new figures for their years).
    let new_years = match current {
        Some(dir) if !super::version_files_on_disk(dir, kind, None)?.is_empty() => {
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
            year_at("from").zip(year_at("to")).map(|years| (dir, years))
        }
        _ => None,
    };
    let existing_files = match new_years {
        Some((dir, years)) => data_files(dir, kind, Some(years))?,
        None => Vec::new(),
    };
    // New arrivals set against the store's figures of their years and the year before.
    let far_new = match (kind, new_years) {
        (Kind::Arrivals, Some((dir, (from, to)))) => {
            match scan_kind(kind, &data_files(dir, kind, Some((from - 1, to)))?)? {
                Some(context) => far_new_figures(&new_lf, &context, reports.len())?,
                None => vec![Vec::new(); reports.len()],
            }
        }
        _ => vec![Vec::new(); reports.len()],
    };
    for (report, said) in reports.iter_mut().zip(&far_new) {
        report.unit_jumps.extend(said.iter().cloned());
    }
    let existing = scan_kind(kind, &existing_files)?;
    if kind == Kind::Bookings && opts.cancellations {
        books_never_negative(&new_lf, existing.as_ref(), None, sources)?;
    }
    let Some(existing) = existing else {
        if kind == Kind::Targets {
            targets_added(kind, &new_lf.clone().collect().context("reading the new targets")?, reports)?;
        }
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
    // A flow replaced by fewer seats may take a cancellation stored after it below the books.
    if kind == Kind::Bookings && conflicts.height() > 0 {
        books_never_negative(&new_lf, Some(&existing), Some(&conflicts), sources)?;
    }
    let unchanged = matched.clone().filter(col("_same")).select([col("_row")]);
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
    // Figures added older than a vintage already stored: the answers go on using the later
    // one. Of arrivals and targets, stored by their period, so the later vintage is in a year
    // read here (snapshots on the books are stored by the day they were taken).
    let mut older_vintages = vec![0; reports.len()];
    let mut older_markets: Vec<Vec<String>> = vec![Vec::new(); reports.len()];
    if matches!(kind, Kind::Arrivals | Kind::Targets) && keep.height() > 0 {
        let identity: Vec<&str> = key.iter().copied().filter(|c| *c != "as_of").collect();
        let mut later = cols(&identity);
        later.push(col("as_of").alias("_as_of_later"));
        let replacing = conflicts.clone().lazy().select([col("_row")]);
        let older = keep
            .clone()
            .lazy()
            .join(replacing, [col("_row")], [col("_row")], JoinArgs::new(JoinType::Anti))
            .join(
                existing.clone().select(later),
                cols(&identity),
                cols(&identity),
                JoinArgs::new(JoinType::Inner),
            )
            .filter(col("_as_of_later").gt(col("as_of")))
            .group_by([col("_row")])
            .agg([col(FILE_COL).first(), col("market").first()])
            .sort(["market"], SortMultipleOptions::default())
            .collect()
            .context("comparing vintages with the store")?;
        older_vintages = per_file(&older)?;
        let files = older.column(FILE_COL).and_then(|c| c.u32().cloned()).context("reading the files")?;
        for (f, m) in files.iter().zip(crate::columns::strings(&older, "market")?) {
            if let (Some(names), Some(m)) = (f.and_then(|f| older_markets.get_mut(f as usize)), m) {
                if !names.contains(&m) {
                    names.push(m);
                }
            }
        }
    }
    // Rows the store holds as they are (a file read again), as against repeats of a vintage in
    // force under a later day, which are kept once and hide what the later release said.
    let same_vintage = if matches!(kind, Kind::Arrivals | Kind::Targets) {
        let exact = matched
            .filter(col("_same"))
            .select([col(FILE_COL)])
            .collect()
            .context("comparing with the store")?;
        Some(per_file(&exact)?)
    } else {
        None
    };
    targets_added(kind, &keep, reports)?;
    if matches!(kind, Kind::Arrivals | Kind::Targets) && keep.height() > 0 {
        if let Some(dir) = current {
            let log = super::log::read(&dir.join(super::LOG_FILE))?;
            let found = restatements_unknown(kind, &keep, &existing, &log, reports.len())?;
            for (report, note) in reports.iter_mut().zip(found) {
                report.said.extend(note);
            }
        }
    }
    if let (Some(day), Kind::Arrivals | Kind::Targets, true) = (opts.default_vintage, kind, keep.height() > 0)
    {
        restored_corrections(kind, &keep, &new_lf, &existing, day, sources)?;
    }
    // A revision 50 times the figure it revises, or a fiftieth of it, is a figure in another
    // unit (a target of 125 for 125,000; 793 for 79,289, in hundreds and rounded) far more
    // often than news: kept, and said.
    let mut jumps: Vec<Vec<String>> = vec![Vec::new(); reports.len()];
    if matches!(kind, Kind::Arrivals | Kind::Targets) && keep.height() > 0 {
        let identity: Vec<&str> = key.iter().copied().filter(|c| *c != "as_of").collect();
        let value = values[0];
        // One join with the stored vintages of each row gives both the one it revises (the
        // latest before it) and whether the store holds a later one: the answers go on reading
        // that one, so no revision note (review 69 M1: "the answers read it now" of a row loaded
        // out of release order).
        let mut stored = cols(&identity);
        stored.push(col("as_of").alias("_as_of_stored"));
        stored.push(col(value).alias("_stored"));
        let earlier = col("_as_of_stored").lt(col("as_of"));
        // (Nor one a later row of the same file or ingest revises in turn: review 73 L3, 905
        // "read now" where 910 of the same file stood.)
        let later_added = col("as_of")
            .max()
            .over(cols(&identity))
            .context("comparing revisions with the store")?
            .gt(col("as_of"))
            .alias("_later_added");
        let revisions = keep
            .clone()
            .lazy()
            .with_column(later_added)
            .join(
                existing.clone().select(stored),
                cols(&identity),
                cols(&identity),
                JoinArgs::new(JoinType::Inner),
            )
            .sort(["_row", "_as_of_stored"], SortMultipleOptions::default())
            .group_by([col("_row")])
            .agg([
                col(FILE_COL).first(),
                col("market").first(),
                col("period").first(),
                col(value).first(),
                col("_stored").filter(earlier.clone()).last().alias("_before"),
                col("_as_of_stored").filter(earlier).last().alias("_as_of_before"),
                col("_as_of_stored")
                    .gt(col("as_of"))
                    .any(false)
                    .or(col("_later_added").first())
                    .alias("_superseded"),
            ])
            .filter(col("_as_of_before").is_not_null())
            .sort(["_row"], SortMultipleOptions::default())
            .collect()
            .context("comparing revisions with the store")?;
        let read_now = revisions
            .clone()
            .lazy()
            .filter(col("_superseded").not())
            .collect()
            .context("comparing revisions with the store")?;
        for (report, said) in reports.iter_mut().zip(revision_notes(kind, &read_now, value, sources.len())?) {
            report.said.extend(said);
        }
        let jumped = revisions
            .lazy()
            .filter(unit_jump(value))
            .collect()
            .context("comparing revisions with the store")?;
        let files = jumped.column(FILE_COL).and_then(|c| c.u32().cloned()).context("reading revisions")?;
        for i in 0..jumped.height() {
            let Some(f) = files.get(i) else { continue };
            jumps[f as usize].push(format!(
                "{} {}: {} {} revises {} of {}: {}; a figure in another unit? (--unit thousands reads 125 as 125,000)",
                cell(&jumped, "market", i),
                cell(&jumped, "period", i),
                kind.value_columns()[0],
                cell(&jumped, value, i),
                cell(&jumped, "_before", i),
                cell(&jumped, "_as_of_before", i),
                ratio_text(&jumped, value, i),
            ));
        }
    }
    let mut left_out = if matches!(kind, Kind::Arrivals | Kind::Targets) {
        left_as_they_were(kind, &new_lf, &existing, reports.len())?
    } else {
        vec![Vec::new(); reports.len()]
    };
    // A file of flows the store holds some of (a feed sent again, corrected): stored flows of
    // its days it does not give stay counted, said.
    let resent = reports.iter().enumerate().any(|(i, r)| kept[i] < r.rows_read || replaced[i] > 0);
    if kind == Kind::Bookings && resent {
        for (report, said) in reports.iter_mut().zip(flows_left_out(&new_lf, &existing, sources.len())?) {
            report.said.extend(said);
        }
    }
    for (i, report) in reports.iter_mut().enumerate() {
        report.rows_older_vintage = older_vintages[i];
        report.older_vintage_markets = std::mem::take(&mut older_markets[i]);
        report.left_as_they_were = std::mem::take(&mut left_out[i]);
        let mut said = std::mem::take(&mut jumps[i]);
        said.append(&mut report.unit_jumps);
        report.unit_jumps = said;
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
        report.rows_repeated =
            same_vintage.as_ref().map(|same| report.rows_unchanged.saturating_sub(same[i]));
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
        if let Some(old) = scan_kind(kind, &affected)? {
            let rest = old.join(replaced, cols(key), cols(key), JoinArgs::new(JoinType::Anti));
            new_files.extend(sink_partitioned(rest, kind, &stage.join("rewrite"))?);
        }
        drop_partitions = affected.iter().map(|f| partition_of(f)).collect();
        drop_partitions.dedup();
    }
    Ok(Plan { new_files, drop_partitions, replace_all: false })
}

/// Of each file, the figures of earlier releases it does not give for a period it gives most
/// of the store's markets for, in a later vintage (a correction without a row, or with the
/// row marked missing): they stay the latest known, which is right for a correction that
/// sends only what changed and wrong for one that lost a row, so they are named, as
/// "Japan 2025-01 (85 as of 2025-02-10)".
fn left_as_they_were(
    kind: Kind,
    new: &LazyFrame,
    existing: &LazyFrame,
    files: usize,
) -> Result<Vec<Vec<String>>> {
    use std::collections::{BTreeMap, BTreeSet};
    let value = kind.value_columns()[0];
    let new = new
        .clone()
        .select([col(FILE_COL), col("market"), col("period"), col("as_of")])
        .collect()
        .context("reading the new figures' periods")?;
    let (file, market, period, as_of) = (
        new.column(FILE_COL).and_then(|c| c.u32().cloned()).context("reading the files")?,
        crate::columns::strings(&new, "market")?,
        crate::columns::strings(&new, "period")?,
        crate::columns::dates(&new, "as_of")?,
    );
    // (file, period) -> the markets it gives and its latest vintage.
    let mut given: BTreeMap<(u32, String), (BTreeSet<String>, chrono::NaiveDate)> = BTreeMap::new();
    for i in 0..new.height() {
        let (Some(f), Some(m), Some(p), Some(d)) = (file.get(i), &market[i], &period[i], as_of[i]) else {
            continue;
        };
        let entry = given.entry((f, p.clone())).or_insert_with(|| (BTreeSet::new(), d));
        entry.0.insert(m.clone());
        entry.1 = entry.1.max(d);
    }
    let periods: BTreeSet<&String> = given.keys().map(|(_, p)| p).collect();
    let stored = existing
        .clone()
        .select([col("market"), col("period"), col("as_of"), col(value)])
        .collect()
        .context("reading the stored figures of the new figures' periods")?;
    let (s_market, s_period, s_as_of, s_value) = (
        crate::columns::strings(&stored, "market")?,
        crate::columns::strings(&stored, "period")?,
        crate::columns::dates(&stored, "as_of")?,
        crate::columns::floats(&stored, value)?,
    );
    // period -> market -> its latest stored vintage and figure.
    let mut latest: HashMap<&str, BTreeMap<&str, (chrono::NaiveDate, f64)>> = HashMap::new();
    for i in 0..stored.height() {
        let (Some(m), Some(p), Some(d), Some(v)) = (&s_market[i], &s_period[i], s_as_of[i], s_value[i])
        else {
            continue;
        };
        if !periods.contains(p) {
            continue;
        }
        let slot = latest.entry(p.as_str()).or_default().entry(m.as_str()).or_insert((d, v));
        if d > slot.0 {
            *slot = (d, v);
        }
    }
    // Markets are given by the commit's files together (a release split in two files).
    let mut together: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for ((_, p), (markets, _)) in &given {
        together.entry(p.as_str()).or_default().extend(markets.iter().map(String::as_str));
    }
    let mut out = vec![Vec::new(); files];
    let mut named = BTreeSet::new();
    for ((f, p), (_, vintage)) in &given {
        let Some(before) = latest.get(p.as_str()) else { continue };
        let markets = &together[p.as_str()];
        let covered = before.keys().filter(|m| markets.contains(*m)).count();
        let left: Vec<(&str, (chrono::NaiveDate, f64))> = before
            .iter()
            .filter(|(m, (d, _))| !markets.contains(*m) && d < vintage)
            .map(|(m, v)| (*m, *v))
            .collect();
        // A file of one market among many is no release of the period, nor one of half the
        // markets (trial 51 #7: a file of X and Y named Z, the other of the two stored, as
        // left out): nothing to say.
        if left.is_empty() || covered * 2 <= before.len() {
            continue;
        }
        for (m, (d, v)) in left {
            // Named once, with the first file of the period.
            if !named.insert((m, p.as_str())) {
                continue;
            }
            out[*f as usize].push(format!("{m} {p} ({} as of {d})", crate::output::figure(v)));
        }
    }
    Ok(out)
}

/// Fails when rows given today's vintage by default (no `--as-of`) would put back figures that
/// a later vintage corrected: the value of an earlier vintage, where the latest stored differs.
/// An earlier release saved again (other line ends, another export) is not the same bytes, so
/// it is not known as already ingested; loaded as today's, it would undo the correction.
fn restored_corrections(
    kind: Kind,
    keep: &DataFrame,
    new: &LazyFrame,
    existing: &LazyFrame,
    day: chrono::NaiveDate,
    sources: &[SourceFile],
) -> Result<()> {
    let key = kind.key_columns();
    let identity: Vec<&str> = key.iter().copied().filter(|c| *c != "as_of").collect();
    let value = kind.value_columns()[0];
    let mut stored = cols(&identity);
    stored.push(col("as_of").alias("_as_of_stored"));
    stored.push(col(value).alias("_stored"));
    let earlier = keep
        .clone()
        .lazy()
        .filter(col("as_of").eq(lit(day)))
        .join(
            existing.clone().select(stored),
            cols(&identity),
            cols(&identity),
            JoinArgs::new(JoinType::Inner),
        )
        .filter(col("_as_of_stored").lt(col("as_of")));
    let latest = earlier.clone().group_by([col("_row")]).agg([
        col("_as_of_stored").max().alias("_latest_as_of"),
        col("_stored")
            .sort_by([col("_as_of_stored")], SortMultipleOptions::default())
            .last()
            .alias("_latest"),
    ]);
    let restored = earlier
        .join(latest, [col("_row")], [col("_row")], JoinArgs::new(JoinType::Inner))
        .filter(
            col("_stored")
                .eq(col(value))
                .and(col("_as_of_stored").lt(col("_latest_as_of")))
                .and(col("_latest").neq(col(value))),
        )
        .group_by([col("_row")])
        .agg([
            col(FILE_COL).first(),
            col("market").first(),
            col("period").first(),
            col(value).first(),
            col("_as_of_stored").max(),
            col("_latest").first(),
            col("_latest_as_of").first(),
        ])
        .sort(["_row"], SortMultipleOptions::default())
        .collect()
        .context("comparing the new figures with the corrections stored")?;
    if restored.height() == 0 {
        return Ok(());
    }
    // Refused only where the file is that earlier release: every figure of it the one the
    // store held as of that release's day. A release that returns one figure to an earlier
    // value among others it revises (12.3, 12.4, 12.3) is news, and loads.
    let Some(release) = crate::columns::dates(&restored, "_as_of_stored")?.into_iter().flatten().max() else {
        return Ok(());
    };
    let mut then = cols(&identity);
    then.push(col(value).alias("_then"));
    let at_release = existing
        .clone()
        .filter(col("as_of").lt_eq(lit(release)))
        .group_by(cols(&identity))
        .agg([col(value).sort_by([col("as_of")], SortMultipleOptions::default()).last()])
        .select(then);
    let differing = new
        .clone()
        .filter(col("as_of").eq(lit(day)))
        .join(at_release, cols(&identity), cols(&identity), JoinArgs::new(JoinType::Left))
        .filter(col("_then").is_null().or(col("_then").neq(col(value))))
        .select([col(FILE_COL)])
        .collect()
        .context("comparing the file with the earlier release")?;
    // File by file: one of a commit that is the earlier release, beside one that is new.
    let news: std::collections::HashSet<u32> = differing
        .column(FILE_COL)
        .and_then(|c| c.u32().cloned())
        .context("reading the files")?
        .iter()
        .flatten()
        .collect();
    let of_file = restored.column(FILE_COL).and_then(|c| c.u32().cloned()).context("reading the files")?;
    let mask: BooleanChunked = of_file.iter().map(|f| Some(f.is_some_and(|f| !news.contains(&f)))).collect();
    let restored = restored.filter(&mask).context("picking the files that are the earlier release")?;
    if restored.height() == 0 {
        return Ok(());
    }
    let files = restored.column(FILE_COL).and_then(|c| c.u32().cloned()).context("reading the files")?;
    let problems: Vec<Problem> = (0..restored.height().min(crate::error::PROBLEMS_SHOWN))
        .map(|i| {
            Problem::new(
                0,
                format!(
                    "{} {}: {} is the figure of {}, corrected to {} on {}; loaded as today's ({day}) it would put the correction back",
                    cell(&restored, "market", i),
                    cell(&restored, "period", i),
                    cell(&restored, value, i),
                    cell(&restored, "_as_of_stored", i),
                    cell(&restored, "_latest", i),
                    cell(&restored, "_latest_as_of", i),
                ),
            )
        })
        .collect();
    let first = files.get(0).map_or(0, |f| f as usize);
    let mut problems = problems;
    if let Some(last) = problems.last_mut() {
        last.message += &format!(
            "; is this file the release of {release} saved again? Give the day it was published (--as-of {release}: kept as history, the correction stays the latest), or --as-of {day} if today's release does put {} back",
            if restored.height() == 1 { "it" } else { "them" }
        );
    }
    Err(Error::Invalid { file: sources[first].file.clone(), problems, total: restored.height() })
}

/// Fails when two files of one commit hold the same figure (the same key): which of the two
/// is meant cannot be guessed.
fn check_across_files(kind: Kind, new: &LazyFrame, sources: &[SourceFile]) -> Result<()> {
    let key = kind.key_columns();
    let twice = new
        .clone()
        .group_by(cols(key))
        .agg([
            len().alias("_n"),
            col(FILE_COL).min().alias("_first"),
            col(FILE_COL).max().alias("_last"),
            col(kind.value_columns()[0]).min().alias("_lo"),
            col(kind.value_columns()[0]).max().alias("_hi"),
        ])
        .filter(col("_n").gt(lit(1)))
        .sort([&["_first"][..], key].concat(), SortMultipleOptions::default())
        .stream_with("checking the files against each other")?;
    if twice.height() == 0 {
        return Ok(());
    }
    let first = twice.column("_first").and_then(|c| c.u32().cloned()).context("reading files")?;
    let last = twice.column("_last").and_then(|c| c.u32().cloned()).context("reading files")?;
    let channels = if kind == Kind::Bookings {
        " (if they are two sales channels' seats of one day, add them up into one row before loading)"
    } else {
        ""
    };
    let (one, many) = if kind == Kind::Bookings { ("flow", "flows") } else { ("figure", "figures") };
    // One problem for each pair of files, and each of same or different values (trial 71 L1:
    // 35 monthly files, each month's last day sent again in the next, gave 10,070 problems of
    // one line each): how many, the first of them, and what to do, said once.
    let mut pairs: BTreeMap<(u32, u32, bool), (usize, usize)> = BTreeMap::new();
    for i in 0..twice.height() {
        let differ = cell(&twice, "_lo", i) != cell(&twice, "_hi", i);
        let file = |f: Option<u32>| f.unwrap_or(u32::MAX);
        pairs.entry((file(first.get(i)), file(last.get(i)), differ)).or_insert((i, 0)).1 += 1;
    }
    let name = |f: u32| sources.get(f as usize).map_or("?", |s| s.file.as_str());
    let mut problems: Vec<Problem> = pairs
        .iter()
        .take(crate::error::PROBLEMS_SHOWN)
        .map(|((a, b, differ), (i, n))| {
            let what: Vec<String> = key.iter().map(|k| format!("{k} {}", cell(&twice, k, *i))).collect();
            let values = if *differ {
                format!(
                    ", with different values ({} and {})",
                    cell(&twice, "_lo", *i),
                    cell(&twice, "_hi", *i)
                )
            } else {
                String::new()
            };
            let message = match n {
                1 => format!("{} is in both {} and {}{values}", what.join(", "), name(*a), name(*b)),
                n => format!(
                    "{n} {many} are in both {} and {}, {} values (the first: {}{values})",
                    name(*a),
                    name(*b),
                    if *differ { "with different" } else { "with the same" },
                    what.join(", ")
                ),
            };
            Problem::new(0, message)
        })
        .collect();
    // What to do, once: the same figure sent again (trial 54 L1: files that overlap by a
    // week) is kept once where the files are loaded one after the other.
    let any_same = pairs.keys().any(|(_, _, differ)| !differ);
    if let Some(p) = problems.first_mut() {
        p.message += &format!(
            "; keep {} in one file{channels}{}",
            if twice.height() == 1 { "it" } else { "each" },
            if any_same {
                format!(", or, files that overlap, ingest them one after the other (a repeat of a stored {one} with the same value is kept once)")
            } else {
                String::new()
            }
        );
    }
    let files: Vec<&str> = sources.iter().map(|s| s.file.as_str()).collect();
    Err(Error::Invalid { file: files_named(&files), problems, total: pairs.len() })
}

/// Refuses flows that would take the seats on the books of a market and day of travel below 0
/// on some day: a cancellation of seats not booked (cancelled twice, booked on a day the store
/// lacks, or given another day of travel or market). Checked over the days of travel of the
/// new cancellations (negative seats), or, where flows are replaced, of those flows.
fn books_never_negative(
    new: &LazyFrame,
    existing: Option<&LazyFrame>,
    replaced: Option<&DataFrame>,
    sources: &[SourceFile],
) -> Result<()> {
    let days = ["market", "travel_date"];
    let key = Kind::Bookings.key_columns();
    let touched = match replaced {
        Some(df) => df.clone().lazy().select(cols(&days)),
        None => new.clone().filter(col("seats").lt(lit(0))).select(cols(&days)),
    }
    .unique(None, UniqueKeepStrategy::Any);
    let mut flows = cols(key);
    flows.push(col("seats"));
    let mut from_files = flows.clone();
    from_files.push(col(FILE_COL).cast(DataType::Int64).alias("_from"));
    let mut parts = vec![new.clone().select(from_files).join(
        touched.clone(),
        cols(&days),
        cols(&days),
        JoinArgs::new(JoinType::Inner),
    )];
    if let Some(old) = existing {
        // The store's flows of those days that the new ones do not give again (-1: the store).
        let mut stored = flows;
        stored.push(lit(-1i64).cast(DataType::Int64).alias("_from"));
        parts.push(
            old.clone()
                .select(stored)
                .join(touched, cols(&days), cols(&days), JoinArgs::new(JoinType::Inner))
                .join(new.clone().select(cols(key)), cols(key), cols(key), JoinArgs::new(JoinType::Anti)),
        );
    }
    let books = concat(parts, UnionArgs::default())
        .context("reading the books of the days of travel cancelled")?
        .sort(["market", "travel_date", "booked_on"], SortMultipleOptions::default())
        .collect()
        .context("reading the books of the days of travel cancelled")?;
    let (markets, travel, booked) = (
        columns::strings(&books, "market")?,
        columns::dates(&books, "travel_date")?,
        columns::dates(&books, "booked_on")?,
    );
    let (seats, from) = (columns::ints(&books, "seats")?, columns::ints(&books, "_from")?);
    let mut problems = Vec::new();
    let (mut total, mut on_books) = (0, 0i64);
    for i in 0..books.height() {
        let same_day = i > 0 && markets[i] == markets[i - 1] && travel[i] == travel[i - 1];
        let before = if same_day { on_books } else { 0 };
        on_books = before + seats[i].unwrap_or(0);
        // Each day of travel once, at the first day its books fall below 0.
        if on_books >= 0 || (same_day && before < 0) {
            continue;
        }
        total += 1;
        if problems.len() >= crate::error::PROBLEMS_SHOWN {
            continue;
        }
        let date = |d: &Option<chrono::NaiveDate>| d.map_or("?".into(), |d| d.to_string());
        let whose = match from[i] {
            Some(_) if sources.len() == 1 => String::new(),
            Some(f) if f >= 0 => sources.get(f as usize).map_or(String::new(), |s| format!(" in {}", s.file)),
            _ => " in the store".into(),
        };
        let n = seats[i].unwrap_or(0);
        let why = if replaced.is_some() {
            "the flows replaced leave fewer seats booked than were cancelled since: replace the cancellation too, in the same ingest (with --cancellations)"
        } else {
            "more seats cancelled than booked; is a booking missing (load it first, or in the same ingest), or the cancellation's travel_date or market wrong?"
        };
        problems.push(Problem::new(
            0,
            format!(
                "{} for travel_date {}: booked_on {} {} seats{whose}, with {} on the books the day before, leaves {}: {why}",
                markets[i].as_deref().unwrap_or("?"),
                date(&travel[i]),
                date(&booked[i]),
                if n < 0 { format!("cancels {}", crate::output::thousands(-n)) } else { format!("gives {}", crate::output::thousands(n)) },
                crate::output::thousands(before),
                crate::output::thousands(on_books),
            ),
        ));
    }
    if total == 0 {
        return Ok(());
    }
    // Each problem names the file of the cancellation.
    let files: Vec<&str> = sources.iter().map(|s| s.file.as_str()).collect();
    Err(Error::Invalid { file: files_named(&files), problems, total })
}

/// The files of one ingest, as an error names them: each, where they are three at most, or
/// their count and ends (trial 70 M1: 127 names before each of 8 problems, each of which names
/// its file).
fn files_named(files: &[&str]) -> String {
    match files {
        [first, _, _, .., last] => format!("the {} files of this ingest ({first} to {last})", files.len()),
        few => few.join(", "),
    }
}

/// A value of a frame as text, for messages.
/// How far a revision may be from the figure it revises, either way, before it is said to be
/// in another unit: a unit of hundreds (rounded: 99.99 times) is caught, news is not.
const UNIT_JUMP: f64 = 50.0;

/// Figures loaded out of the order of their vintages that may stand where a later release
/// restated the earlier figure: a repeat of the vintage in force is kept once (the earlier
/// row), so a release dated between them that revises the figure becomes the latest known,
/// where the later release said otherwise. Found where a row revises an earlier stored vintage,
/// has no later one stored, and an ingest already in the log kept figures once with a vintage
/// after the row's: per file, the note (there is no telling which figures that ingest held).
fn restatements_unknown(
    kind: Kind,
    keep: &DataFrame,
    existing: &LazyFrame,
    log: &[super::log::IngestRecord],
    files_read: usize,
) -> Result<Vec<Option<String>>> {
    use std::collections::{HashMap, HashSet};
    let files =
        keep.column(FILE_COL).and_then(|c| c.u32().cloned()).context("reading the file of each row")?;
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    // The ingests that kept figures once, with their latest vintage.
    let repeats: Vec<(&str, chrono::NaiveDate)> = log
        .iter()
        .filter(|r| r.rows_repeated.unwrap_or(r.rows_unchanged) > 0)
        .filter_map(|r| Some((r.file.as_str(), day(r.as_of.as_deref()?.rsplit("..").next()?)?)))
        .collect();
    let Some(&(file, until)) = repeats.iter().max_by_key(|(_, d)| *d) else {
        return Ok(Vec::new());
    };
    let value = kind.value_columns()[0];
    let (markets, periods) = (columns::strings(keep, "market")?, columns::strings(keep, "period")?);
    let (as_of, values) = (columns::dates(keep, "as_of")?, columns::floats(keep, value)?);
    let early: Vec<usize> = (0..keep.height()).filter(|&i| as_of[i].is_some_and(|d| d < until)).collect();
    if early.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: HashSet<(String, String)> =
        early.iter().filter_map(|&i| Some((markets[i].clone()?, periods[i].clone()?))).collect();
    let stored = existing
        .clone()
        .select([col("market"), col("period"), col("as_of"), col(value)])
        .collect()
        .context("reading the stored vintages")?;
    let (sm, sp) = (columns::strings(&stored, "market")?, columns::strings(&stored, "period")?);
    let (sa, sv) = (columns::dates(&stored, "as_of")?, columns::floats(&stored, value)?);
    // Each (market, period)'s stored vintages: (as_of, value).
    type Vintages = Vec<(chrono::NaiveDate, Option<f64>)>;
    let mut vintages: HashMap<(String, String), Vintages> = HashMap::new();
    for j in 0..stored.height() {
        let (Some(m), Some(p), Some(a)) = (&sm[j], &sp[j], sa[j]) else { continue };
        let key = (m.clone(), p.clone());
        if wanted.contains(&key) {
            vintages.entry(key).or_default().push((a, sv[j]));
        }
    }
    let mut counts: HashMap<u32, (u64, chrono::NaiveDate)> = HashMap::new();
    for &i in &early {
        let (Some(m), Some(p), Some(a), Some(f)) = (&markets[i], &periods[i], as_of[i], files.get(i)) else {
            continue;
        };
        let Some(v) = vintages.get(&(m.clone(), p.clone())) else { continue };
        let before = v.iter().filter(|(d, _)| *d < a).max_by_key(|(d, _)| *d);
        let later = v.iter().any(|(d, _)| *d > a);
        if let (Some((_, prev)), false) = (before, later) {
            if *prev != values[i] {
                let e = counts.entry(f).or_insert((0, a));
                e.0 += 1;
                e.1 = e.1.min(a);
            }
        }
    }
    let mut notes = vec![None; files_read];
    for (f, (n, first)) in counts {
        if let Some(slot) = notes.get_mut(f as usize) {
            *slot = Some(format!(
                "{n} of its figures (of {first} or later) revise an earlier release and stand as the latest known, but a release of a later day ({file}, {until}) was loaded before and kept figures equal to the earlier release once: where it restated those, its restatement is not known and this file's figure is taken instead; load releases in the order of their days (into a new store) to be sure"
            ));
        }
    }
    Ok(notes)
}

/// Every target a file reads (market, period), added or as stored: the markets under each are
/// recorded with the ingest.
fn targets_read(read: &DataFrame, reports: &mut [CommitReport]) -> Result<()> {
    let files =
        read.column(FILE_COL).and_then(|c| c.u32().cloned()).context("reading the file of each row")?;
    let (markets, periods) = (columns::strings(read, "market")?, columns::strings(read, "period")?);
    for i in 0..read.height() {
        if let (Some(f), Some(m), Some(p)) = (files.get(i), &markets[i], &periods[i]) {
            let read = &mut reports[f as usize].targets_read;
            if !read.contains(&(m.clone(), p.clone())) {
                read.push((m.clone(), p.clone()));
            }
        }
    }
    Ok(())
}

/// The targets added, for the caller to set beside the markets' arrivals (few rows): each
/// file's in its report.
fn targets_added(kind: Kind, added: &DataFrame, reports: &mut [CommitReport]) -> Result<()> {
    if kind != Kind::Targets {
        return Ok(());
    }
    let files =
        added.column(FILE_COL).and_then(|c| c.u32().cloned()).context("reading the file of each row")?;
    let (markets, periods) = (columns::strings(added, "market")?, columns::strings(added, "period")?);
    let targets = columns::floats(added, kind.value_columns()[0])?;
    for i in 0..added.height() {
        if let (Some(f), Some(m), Some(p), Some(t)) = (files.get(i), &markets[i], &periods[i], targets[i]) {
            reports[f as usize].targets_added.push((m.clone(), p.clone(), t));
        }
    }
    Ok(())
}

/// New arrivals (no vintage of their market and period in `context`, the store's figures of
/// their years and the year before) a fiftieth of the middle of the market's figures of the same
/// kind of period there (months, quarters...; six or more), or fifty times it, and not near the
/// same period a year before: a month sent in another unit (2,150 for 2,150,000, a release in
/// thousands) far more often than news, said as a revision's is.
fn far_new_figures(new_lf: &LazyFrame, context: &LazyFrame, files: usize) -> Result<Vec<Vec<String>>> {
    let kind = Kind::Arrivals;
    let key = kind.key_columns();
    let identity: Vec<&str> = key.iter().copied().filter(|c| *c != "as_of").collect();
    let value = kind.value_columns()[0];
    let mut out = vec![Vec::new(); files];
    let new = new_lf
        .clone()
        .join(
            context.clone().select(cols(&identity)),
            cols(&identity),
            cols(&identity),
            JoinArgs::new(JoinType::Anti),
        )
        .filter(col(value).gt(lit(0.0)))
        .sort(["_row"], SortMultipleOptions::default())
        .select([col(FILE_COL), col("market"), col("period"), col(value).cast(DataType::Float64).alias("_v")])
        .collect()
        .context("reading the new figures")?;
    if new.height() == 0 {
        return Ok(out);
    }
    let (markets, periods) = (columns::strings(&new, "market")?, columns::strings(&new, "period")?);
    let values = new.column("_v").and_then(|c| c.f64().cloned()).context("reading the new figures")?;
    let files_of = new.column(FILE_COL).and_then(|c| c.u32().cloned()).context("reading the new figures")?;
    // The store's latest figure of each (market, period) of those markets.
    let wanted: Vec<String> = markets.iter().flatten().cloned().collect();
    let stored = context
        .clone()
        .filter(col("market").is_in(lit(Series::new("markets".into(), wanted)).implode(false), false))
        .select([col("market"), col("period"), col("as_of"), col(value).cast(DataType::Float64).alias("_v")])
        .sort(["as_of"], SortMultipleOptions::default())
        .collect()
        .context("reading the store's figures of the markets")?;
    let (sm, sp) = (columns::strings(&stored, "market")?, columns::strings(&stored, "period")?);
    let sv = stored.column("_v").and_then(|c| c.f64().cloned()).context("reading the store")?;
    let mut latest: HashMap<(String, String), f64> = HashMap::new();
    for i in 0..stored.height() {
        if let (Some(m), Some(p), Some(v)) = (&sm[i], &sp[i], sv.get(i)) {
            latest.insert((m.clone(), p.clone()), v);
        }
    }
    // A period's kind: its digits as 9s ("9999-99" a month, "9999-Q9" a quarter, "9999").
    let shape = |p: &str| p.chars().map(|c| if c.is_ascii_digit() { '9' } else { c }).collect::<String>();
    let mut by_kind: HashMap<(String, String), Vec<f64>> = HashMap::new();
    for ((m, p), v) in &latest {
        by_kind.entry((m.clone(), shape(p))).or_default().push(*v);
    }
    let count = |v: f64| crate::output::thousands(v.round() as i64);
    for i in 0..new.height() {
        let (Some(f), Some(m), Some(p), Some(v)) = (files_of.get(i), &markets[i], &periods[i], values.get(i))
        else {
            continue;
        };
        let Some(figures) = by_kind.get(&(m.clone(), shape(p))).filter(|f| f.len() >= 6) else { continue };
        let mut sorted = figures.clone();
        sorted.sort_by(f64::total_cmp);
        let middle = sorted[sorted.len() / 2];
        if middle <= 0.0 || (v < middle * UNIT_JUMP && v > middle / UNIT_JUMP) {
            continue;
        }
        // A season's low (a cruise market's winter) is near the same period a year before.
        let before = p.get(..4).and_then(|y| y.parse::<i32>().ok()).map(|y| format!("{}{}", y - 1, &p[4..]));
        let year_before = before.as_ref().and_then(|b| latest.get(&(m.clone(), b.clone())).map(|x| (b, *x)));
        if year_before.is_some_and(|(_, b)| b > 0.0 && v < b * UNIT_JUMP && v > b / UNIT_JUMP) {
            continue;
        }
        let ratio = if v < middle {
            format!("1/{} of it", (middle / v).round())
        } else {
            format!("{} times it", (v / middle).round())
        };
        let then = match year_before {
            Some((b, x)) => format!(", and {b} was {}", count(x)),
            None => String::new(),
        };
        // The figure's own reading in thousands, where it is the smaller (trial 89 L2: "reads
        // 2150 as 2,150,000" of a file of 14).
        let reads = if v < middle {
            format!("--unit thousands reads {} as {}", count(v), count(v * 1000.0))
        } else {
            "--unit thousands reads 2150 as 2,150,000".to_string()
        };
        out[f as usize].push(format!(
            "{m} {p}: arrivals {}, where the market's {} figures of such periods in the store run at {} (the middle one; this is {ratio}){then}: a figure in another unit? ({reads})",
            count(v),
            figures.len(),
            count(middle),
        ));
    }
    Ok(out)
}

/// Whether `value` and `_before`, both above 0, are `UNIT_JUMP` times apart either way.
fn unit_jump(value: &str) -> Expr {
    col(value).gt(lit(0.0)).and(col("_before").gt(lit(0.0))).and(
        col(value)
            .gt_eq(col("_before") * lit(UNIT_JUMP))
            .or(col(value).lt_eq(col("_before") / lit(UNIT_JUMP))),
    )
}

/// Of each file, its rows that revise a figure stored under an earlier vintage (`revisions`:
/// each row's file, market, period, value and `_before`, the latest earlier one), said: they
/// were counted as added, as new vintages are, without a word (trial 78 L2). Where every one
/// is within the rounding of the file's own figures (to the nearest 100, say) and the figures
/// they revise are finer, the file is likely a rounded table of the same figures, whose
/// ingest puts rounded figures in place of exact ones: said so, with the way back.
fn revision_notes(kind: Kind, revisions: &DataFrame, value: &str, files: usize) -> Result<Vec<Vec<String>>> {
    let mut by_file: Vec<Vec<(String, String, f64, f64)>> = vec![Vec::new(); files];
    let file_of = revisions.column(FILE_COL).and_then(|c| c.u32().cloned()).context("reading revisions")?;
    let markets = crate::columns::strings(revisions, "market")?;
    let periods = crate::columns::strings(revisions, "period")?;
    let number = |name: &str, i: usize| revisions.column(name).ok()?.get(i).ok()?.extract::<f64>();
    for i in 0..revisions.height() {
        let (Some(f), Some(v), Some(b)) = (file_of.get(i), number(value, i), number("_before", i)) else {
            continue;
        };
        if v != b {
            let (m, p) = (markets[i].clone().unwrap_or_default(), periods[i].clone().unwrap_or_default());
            if let Some(rows) = by_file.get_mut(f as usize) {
                rows.push((m, p, v, b));
            }
        }
    }
    Ok(by_file
        .into_iter()
        .map(|rows| {
            let Some((m, p, _, _)) = rows.first() else { return Vec::new() };
            let n = rows.len();
            let market = shlex::try_quote(m).map_or_else(|_| format!("\"{m}\""), |q| q.into_owned());
            let mut said = if n == 1 {
                "1 row added revises a figure already stored under an earlier day (a later vintage): the answers read it now".to_string()
            } else {
                format!(
                    "{} rows added revise figures already stored under an earlier day (later vintages): the answers read them now",
                    crate::output::thousands(n as i64)
                )
            };
            said.push_str(&format!(" (`tourstat history --market {market} --period {p}` shows each vintage)"));
            let multiple = |x: f64, step: f64| (x / step).fract() == 0.0;
            // Of the figures revised to other than 0, a multiple of every step (review 67 M4:
            // four preliminary figures revised to 0 called "rounded to the nearest 1,000,000").
            let rounded: Vec<&(String, String, f64, f64)> = rows.iter().filter(|(_, _, v, _)| *v != 0.0).collect();
            let step = (1..=6)
                .rev()
                .map(|k| 10f64.powi(k))
                .find(|&step| rounded.iter().all(|(_, _, v, _)| multiple(*v, step)));
            if let Some(step) = step.filter(|_| rounded.len() >= 3) {
                let within = rows.iter().all(|(_, _, v, b)| (v - b).abs() <= step / 2.0);
                let finer = rows.iter().any(|(_, _, _, b)| !multiple(*b, step));
                if within && finer {
                    said.push_str(&format!(
                        "; every one within the rounding of this file's figures (to the nearest {}), of figures stored finer: a rounded table of the same figures? Its rounded figures now stand for the exact ones (`tourstat rollback {kind}` undoes the ingest)",
                        crate::output::thousands(step as i64)
                    ));
                }
            }
            vec![said]
        })
        .collect())
}

/// A revision's value over the one it revises, as "1/1000 of it" or "1000 times it".
fn ratio_text(df: &DataFrame, value: &str, i: usize) -> String {
    let get = |name: &str| df.column(name).ok().and_then(|c| c.get(i).ok()).and_then(|v| v.extract::<f64>());
    match (get(value), get("_before")) {
        (Some(v), Some(b)) if v < b => format!("1/{} of it", (b / v).round()),
        (Some(v), Some(b)) => format!("{} times it", (v / b).round()),
        _ => "?".into(),
    }
}

fn cell(df: &DataFrame, name: &str, i: usize) -> String {
    df.column(name)
        .ok()
        .and_then(|c| c.get(i).ok())
        .map(|v| match v {
            AnyValue::Null => "empty".to_string(),
            AnyValue::Float64(x) => x.to_string(),
            other => other.get_str().map_or_else(|| other.to_string(), str::to_string),
        })
        .unwrap_or_default()
}

/// For each file of flows, the stored flows (of seats) of the days of booking and markets it
/// gives, for travel in the market's months of travel in the file, that it does not give: a corrected feed sent again that leaves
/// a flow out does not take it out of the store. Said once per file, with the first of them.
fn flows_left_out(new: &LazyFrame, existing: &LazyFrame, files: usize) -> Result<Vec<Vec<String>>> {
    let day = [col("booked_on"), col("market")];
    let days =
        new.clone().select([col(FILE_COL), col("booked_on"), col("market")]).unique(None, Default::default());
    // Each market's months of travel in the file, from the month of its earliest travel to
    // that of its last (a flow dropped may be the earliest or the last): files split by
    // months of travel give a day's other months in another file.
    let by_market = [col(FILE_COL), col("market")];
    let spans = new
        .clone()
        .group_by(by_market.clone())
        .agg([col("travel_date").min().alias("_from"), col("travel_date").max().alias("_to")]);
    let key = cols(&["booked_on", "travel_date", "market"]);
    // The file's days of booking first, so that the store's flows of other days are skipped
    // as they are read (a feed that sends its last day again does so on every ingest).
    let span = new
        .clone()
        .select([col("booked_on").min().alias("first"), col("booked_on").max().alias("last")])
        .collect()
        .context("reading the file's days of booking")?;
    let (Some(first), Some(last)) = (
        crate::columns::dates(&span, "first")?.first().copied().flatten(),
        crate::columns::dates(&span, "last")?.first().copied().flatten(),
    ) else {
        return Ok(vec![Vec::new(); files]);
    };
    let left = existing
        .clone()
        .filter(
            col("booked_on")
                .gt_eq(crate::analysis::vintage::date_lit(first))
                .and(col("booked_on").lt_eq(crate::analysis::vintage::date_lit(last))),
        )
        .select([col("booked_on"), col("travel_date"), col("market"), col("seats")])
        // A flow of 0 seats is no booking: one the file leaves out stays 0.
        .filter(col("seats").gt(lit(0)))
        .join(days, day.clone(), day, JoinArgs::new(JoinType::Inner))
        .join(spans, by_market.clone(), by_market, JoinArgs::new(JoinType::Inner))
        .filter(
            month_of(col("travel_date"))
                .gt_eq(month_of(col("_from")))
                .and(month_of(col("travel_date")).lt_eq(month_of(col("_to")))),
        )
        .join(new.clone().select(key.clone()), key.clone(), key, JoinArgs::new(JoinType::Anti))
        .sort([FILE_COL, "booked_on", "market", "travel_date"], SortMultipleOptions::default())
        .collect()
        .context("reading the stored flows of the file's days")?;
    let file = left.column(FILE_COL).and_then(|c| c.u32().cloned()).context("reading the files")?;
    let mut out: Vec<Vec<String>> = vec![Vec::new(); files];
    let mut counts = vec![0usize; files];
    let mut first: Vec<Option<usize>> = vec![None; files];
    for (i, f) in file.iter().enumerate() {
        let Some(f) = f.map(|f| f as usize).filter(|f| *f < files) else { continue };
        counts[f] += 1;
        first[f].get_or_insert(i);
    }
    for f in 0..files {
        let Some(i) = first[f] else { continue };
        let n = counts[f];
        out[f].push(format!(
            "{} of the days of booking it gives (booked_on {}, travel_date {}, market {}, seats {}{}) {} in the store and not in the file: kept, still counted; if the file gives those days in full, a flow it drops needs a row of 0 seats and --replace to be taken out",
            if n == 1 { "a flow".to_string() } else { format!("{n} flows") },
            cell(&left, "booked_on", i),
            cell(&left, "travel_date", i),
            cell(&left, "market", i),
            cell(&left, "seats", i),
            if n > 1 { ", and more" } else { "" },
            if n == 1 { "is" } else { "are" },
        ));
    }
    Ok(out)
}

/// A date's month as a count from year 0, for comparing months.
fn month_of(date: Expr) -> Expr {
    date.clone().dt().year().cast(DataType::Int32) * lit(12) + date.dt().month().cast(DataType::Int32)
}

/// Drops new figures whose value is the same as the latest earlier vintage in the store:
/// publishing an unchanged figure again is not a revision. Rows in `exempt` (by `_row`) stay.
fn drop_repeated_vintages(new: LazyFrame, existing: LazyFrame, kind: Kind, exempt: LazyFrame) -> LazyFrame {
    let identity: Vec<&str> = kind.key_columns().iter().copied().filter(|c| *c != "as_of").collect();
    // A figure's status is part of what is published: a provisional figure made final at
    // the same value is a revision (P to A), not a repeat.
    let mut values: Vec<&str> = kind.value_columns().to_vec();
    if kind == Kind::Arrivals {
        values.push("status");
    }
    let values = values.as_slice();
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
    // Rows whose day the file gives itself (an as_of column), not --as-of: a later --as-of
    // revises none of them (review 74 L4: advised, and the same refusal came back).
    let own_days = kind.has_vintage()
        && (0..shown.height()).any(|i| {
            let source = files.as_ref().and_then(|f| f.get(i)).map_or(&sources[0], |f| &sources[f as usize]);
            source.given_day.as_deref().is_some_and(|d| d != cell(&shown, "as_of", i).as_str())
        });
    Error::Conflict {
        file: named.join(", "),
        conflicts: lines,
        total,
        vintages: kind.has_vintage(),
        own_days,
    }
}

/// Merges market files into the tree one after the other, each file's counts against the
/// tree as the files before it left it.
pub(super) fn plan_markets(
    mut tree: MarketTree,
    frames: &[DataFrame],
    sources: &[SourceFile],
    opts: &CommitOptions,
    stage: &Path,
    reports: &mut [CommitReport],
) -> Result<Plan> {
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
        // Each row once: added (a new market, or a known one with a new alias), moved to
        // another parent (replaced), or unchanged; the three add up to the rows read.
        let (mut added, mut unchanged) = (0u64, 0u64);
        for node in &incoming {
            if moved.iter().any(|(m, _, _)| tree.resolve(m) == tree.resolve(&node.name)) {
                continue;
            }
            let new_alias = node.aliases.iter().any(|a| tree.resolve(a).is_none());
            // A name the tree knows as another market's alias: the market keeps its name (its
            // figures are stored under it), which a file meant as a rename must hear.
            if let Some(known) = tree.resolve(&node.name).filter(|k| match_key(k) != match_key(&node.name)) {
                report.said.push(format!(
                    "\"{}\" is an alias of \"{known}\" in the tree, which keeps \"{known}\" as the market's name (its figures are stored under it; a market is not renamed)",
                    node.name
                ));
            }
            if tree.resolve(&node.name).is_none() || new_alias {
                added += 1;
            } else {
                unchanged += 1;
            }
        }
        report.rows_added = added;
        report.rows_replaced = moved.len() as u64;
        report.rows_unchanged = unchanged;
        tree = next;
    }
    if !conflicts.is_empty() && !opts.replace {
        let files: Vec<&str> = sources.iter().map(|s| s.file.as_str()).collect();
        return Err(Error::Moved { file: files_named(&files), moves: conflicts });
    }
    let mut frame = super::markets_frame(tree.nodes())?;
    let path = stage.join(MARKETS_FILE);
    let mut file = File::create(&path).at(&path)?;
    ParquetWriter::new(&mut file).finish(&mut frame).context("writing the market tree")?;
    file.sync_all().at(&path)?;
    Ok(Plan { new_files: vec![(String::new(), path)], drop_partitions: Vec::new(), replace_all: true })
}
