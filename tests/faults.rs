//! Faults a user's machine can throw at the store, injected for real: a full filesystem and a
//! read-only one (small tmpfs mounts, so these tests need root, as CI has), and a soak of
//! several writers and readers at once. Run by `.ci/run`:
//!   cargo test --locked --features ci-long --test faults
//! `TOURSTAT_SOAK_SECS` bounds the soak (30 s by default).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{bin, committed, Workdir};

/// A small tmpfs mounted for one test, unmounted when dropped.
struct Mount {
    dir: PathBuf,
    _parent: tempfile::TempDir,
}

impl Mount {
    fn new(size: &str) -> Mount {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("fs");
        std::fs::create_dir(&dir).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .output();
        let ok = out.as_ref().is_ok_and(|o| o.status.success());
        assert!(
            ok,
            "mounting a tmpfs failed ({out:?}): these fault tests need root (CI runs them as root); run the rest with cargo test"
        );
        Mount { dir, _parent: parent }
    }

    fn remount(&self, how: &str) {
        let status =
            Command::new("mount").args(["-o", &format!("remount,{how}")]).arg(&self.dir).status().unwrap();
        assert!(status.success(), "remount {how}");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

fn tourstat(store: &Path, args: &[&str]) -> std::process::Output {
    Command::new(bin()).arg("--store").arg(store).args(args).output().unwrap()
}

fn ok(out: std::process::Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn without_staging(state: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    state.into_iter().filter(|(k, _)| !k.starts_with("_tmp")).collect()
}

#[test]
fn a_full_filesystem_fails_the_ingest_loses_nothing_and_the_next_one_works() {
    let fs = Mount::new("256k");
    let store = fs.dir.join("store");
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\nChina,Total\nJapan,Total\n");
    ok(tourstat(&store, &["ingest", "markets", w.path("m.csv").to_str().unwrap()]));
    // Flows of high entropy: their Parquet (about 700 KB) is larger than the filesystem.
    let mut rng = fastrand::Rng::with_seed(1);
    let mut text = String::from("booked_on,travel_date,market,seats\n");
    for d in 0..700u64 {
        for m in ["China", "Japan"] {
            for lead in 1..200u64 {
                let travel = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(d);
                text.push_str(&format!(
                    "{},{travel},{m},{}\n",
                    travel - chrono::Days::new(lead),
                    rng.u32(1..1_000_000)
                ));
            }
        }
    }
    w.write("flows.csv", &text);
    let before = without_staging(committed(&store));
    let out = tourstat(&store, &["ingest", "bookings", w.path("flows.csv").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the ingest fit in 256 KB?");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert_eq!(without_staging(committed(&store)), before, "committed data changed");
    ok(tourstat(&store, &["check"]));
    w.write("a.csv", "market,period,arrivals\nChina,2025-01,5\n");
    ok(tourstat(&store, &["ingest", "arrivals", w.path("a.csv").to_str().unwrap()]));
    ok(tourstat(&store, &["check"]));
}

#[test]
fn markets_added_for_figures_that_then_fail_are_taken_back() {
    for with_tree in [true, false] {
        let fs = Mount::new("1m");
        let store = fs.dir.join("store");
        let w = Workdir::new();
        // With a tree, and in a store with none yet (the new root and all taken back).
        if with_tree {
            w.write("m.csv", "market,parent\nTotal,\nChina,Total\n");
            ok(tourstat(&store, &["ingest", "markets", w.path("m.csv").to_str().unwrap()]));
        }
        // Newland is not in the tree: `--add-markets Total` commits it, then the figures.
        let mut rng = fastrand::Rng::with_seed(2);
        let mut text = String::from("market,period,arrivals\n");
        for year in 2000..2025 {
            for month in 1..=12 {
                for market in ["China", "Newland"] {
                    text.push_str(&format!("{market},{year}-{month:02},{}\n", rng.u32(1..1_000_000)));
                }
            }
        }
        let file = w.write("a.csv", &text);
        let before = committed(&store);
        let marker = w.path("paused");
        let child = Command::new(bin())
            .arg("--store")
            .arg(&store)
            .args(["ingest", "arrivals", file.to_str().unwrap(), "--add-markets", "Total"])
            .env("TOURSTAT_PAUSE_AT", "markets-added")
            .env("TOURSTAT_PAUSE_FILE", &marker)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while !marker.exists() {
            assert!(start.elapsed() < Duration::from_secs(60), "never reached markets-added");
            std::thread::sleep(Duration::from_millis(20));
        }
        // Newland is committed; the disk fills up to two pages before the figures are written.
        let df = Command::new("df").args(["--output=avail", "-B1"]).arg(&fs.dir).output().unwrap();
        let avail: u64 = String::from_utf8_lossy(&df.stdout).lines().nth(1).unwrap().trim().parse().unwrap();
        let filler = fs.dir.join("filler");
        std::fs::write(&filler, vec![0u8; (avail - 8192) as usize]).unwrap();
        std::fs::remove_file(&marker).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "the figures fit in two pages?");
        assert!(stderr.contains("No space left on device"), "{stderr}");
        assert_eq!(
            committed(&store),
            before,
            "with a tree: {with_tree}: markets stayed without their figures"
        );
        ok(tourstat(&store, &["check"]));
        // With room again, the same ingest adds both.
        std::fs::remove_file(&filler).unwrap();
        let again = ok(Command::new(bin())
            .arg("--store")
            .arg(&store)
            .args(["ingest", "arrivals", file.to_str().unwrap(), "--add-markets", "Total"])
            .output()
            .unwrap());
        assert!(again.contains("600 added") && again.contains("Newland"), "{again}");
        if !with_tree {
            assert!(again.contains("China") && again.contains("Total"), "{again}");
        }
        ok(tourstat(&store, &["check"]));
    }
}

#[test]
fn a_read_only_store_refuses_writes_clearly_and_still_answers() {
    let fs = Mount::new("8m");
    let store = fs.dir.join("store");
    let data = common::project().join("data");
    for kind in ["markets", "arrivals"] {
        ok(tourstat(&store, &["ingest", kind, data.join(format!("{kind}.csv")).to_str().unwrap()]));
    }
    fs.remount("ro");
    let out = tourstat(&store, &["ingest", "targets", data.join("targets.csv").to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("Read-only file system"), "{stderr}");
    let summary = ok(tourstat(&store, &["summary", "--depth", "1", "--format", "csv"]));
    assert!(summary.contains("Total,16600909,"), "{summary}");
    ok(tourstat(&store, &["check"]));
    fs.remount("rw");
    ok(tourstat(&store, &["ingest", "targets", data.join("targets.csv").to_str().unwrap()]));
    ok(tourstat(&store, &["check"]));
}

/// Several writers and readers at once for a bounded time: every committed ingest is present
/// afterwards, and every read saw whole ingests (each ingest is a vintage of three rows).
#[test]
fn a_soak_of_writers_and_readers_loses_nothing_and_shows_no_half_ingest() {
    let secs: u64 = std::env::var("TOURSTAT_SOAK_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(30);
    let w = Arc::new(Workdir::new());
    w.write("m.csv", "market,parent\nTotal,\nChina,Total\nJapan,Total\nLaos,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    let stop = Arc::new(AtomicBool::new(false));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let writers: Vec<_> = (0..3)
        .map(|k| {
            let (w, stop) = (Arc::clone(&w), Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut done = Vec::new();
                let mut i = 0;
                while Instant::now() < deadline && !stop.load(Ordering::Relaxed) {
                    // A vintage of its own per ingest: writer k, round i (after the period, and
                    // interleaved so that none is after today before a few hundred rounds).
                    let vintage = chrono::NaiveDate::from_ymd_opt(2025, 2, 1).unwrap() + chrono::Days::new(3 * i + k);
                    let file = w.write(&format!("w{k}-{i}.csv"), {
                        // Values of their own too: a vintage repeating the one before is no revision.
                        let v = k * 1_000_000 + i;
                        format!("market,period,arrivals\nChina,2025-01,{v}\nJapan,2025-01,{v}\nLaos,2025-01,{v}\n")
                    });
                    let out = w.run(&["ingest", "arrivals", file.to_str().unwrap(), "--as-of", &vintage.to_string()]);
                    if out.status.success() {
                        done.push(vintage.to_string());
                    }
                    i += 1;
                }
                done
            })
        })
        .collect();
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (w, stop) = (Arc::clone(&w), Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut reads = 0;
                while Instant::now() < deadline && !stop.load(Ordering::Relaxed) {
                    let out = w.run(&["export", "arrivals"]);
                    if !out.status.success() {
                        assert!(
                            out.stderr.is_empty() || out.stderr.contains("no arrivals"),
                            "{}",
                            out.stderr
                        );
                        continue;
                    }
                    let mut per_vintage: BTreeMap<String, usize> = BTreeMap::new();
                    for line in out.stdout.lines().skip(1) {
                        let as_of = line.split(',').nth(4).unwrap_or_default().to_string();
                        *per_vintage.entry(as_of).or_default() += 1;
                    }
                    for (vintage, rows) in &per_vintage {
                        assert_eq!(*rows, 3, "a read saw half of the ingest of vintage {vintage}");
                    }
                    reads += 1;
                }
                reads
            })
        })
        .collect();
    let committed_vintages: Vec<String> = writers.into_iter().flat_map(|h| h.join().unwrap()).collect();
    stop.store(true, Ordering::Relaxed);
    let reads: usize = readers.into_iter().map(|h| h.join().unwrap()).sum();
    assert!(
        committed_vintages.len() >= 6 && reads >= 6,
        "{} ingests, {reads} reads",
        committed_vintages.len()
    );
    let export = w.run(&["export", "arrivals"]).ok().stdout;
    for v in &committed_vintages {
        assert_eq!(
            export.matches(&format!(",{v},")).count(),
            3,
            "the ingest of vintage {v} is not all there"
        );
    }
    w.run(&["check"]).ok();
}
