//! `tourstat check` proves the store whole and names what is not; `tourstat rollback` goes back
//! to the version before. Faults injected by hand: torn and edited files, a torn manifest, a
//! stray file, leftovers of a killed writer, a write that fails midway (a file-size limit).

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{bin, snapshot, Workdir};

fn arrivals_twice() -> Workdir {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\nChina,Total\nJapan,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    w.write("a.csv", "market,period,arrivals\nChina,2024-01,10\nJapan,2024-01,5\n");
    w.run(&["ingest", "arrivals", "a.csv", "--as-of", "2025-02-01"]).ok();
    w.write("b.csv", "market,period,arrivals\nChina,2025-01,12\nJapan,2025-01,6\n");
    w.run(&["ingest", "arrivals", "b.csv", "--as-of", "2025-02-01"]).ok();
    w
}

/// The one data file of arrivals version 2 for 2025 (version 1 has none for that year).
fn new_file(w: &Workdir) -> std::path::PathBuf {
    let dir = w.store().join("arrivals").join("year=2025");
    std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path()
}

#[test]
fn a_whole_store_checks_whole() {
    let w = arrivals_twice();
    let out = w.run(&["check", "--format", "csv"]).ok();
    assert!(out.stdout.contains("arrivals,2,2,4,by manifest,1"), "{}", out.stdout);
    assert!(out.stderr.contains("whole"), "{}", out.stderr);
}

#[test]
fn a_torn_file_is_found_and_rollback_goes_back_to_the_version_before() {
    let w = arrivals_twice();
    let file = new_file(&w);
    let len = std::fs::metadata(&file).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&file).unwrap().set_len(len - 50).unwrap();
    let out = w.run(&["check"]).fails();
    assert!(
        out.stderr.contains("torn or changed") && out.stderr.contains("tourstat rollback arrivals"),
        "{}",
        out.stderr
    );
    let back = w.run(&["rollback", "arrivals"]).ok();
    // The ingest undone is named by its file (trial 89 M2: version numbers only).
    assert!(
        back.stdout.contains(
            "arrivals: version 2 (the ingest of b.csv) set aside, version 1 is the committed one again"
        ),
        "{}",
        back.stdout
    );
    w.run(&["check"]).ok();
    let export = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(export.contains("China,2024-01,10") && !export.contains("2025-01"), "{export}");
    // The version set aside is gone; the next ingest works and is whole.
    w.run(&["ingest", "arrivals", "b.csv", "--as-of", "2025-02-01"]).ok();
    w.run(&["check"]).ok();
}

#[test]
fn a_file_changed_in_place_a_torn_manifest_and_a_stray_file_are_each_named() {
    let w = arrivals_twice();
    let file = new_file(&w);
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xFF;
    std::fs::write(&file, &bytes).unwrap();
    let out = w.run(&["check"]).fails();
    assert!(
        out.stderr.contains("has changed since it was written")
            || out.stderr.contains("does not open as Parquet"),
        "{}",
        out.stderr
    );

    let w = arrivals_twice();
    std::fs::copy(new_file(&w), w.store().join("arrivals").join("year=2025").join("stray.parquet")).unwrap();
    let out = w.run(&["check"]).fails();
    assert!(
        out.stderr.contains("stray.parquet is in the version folder but not in its manifest"),
        "{}",
        out.stderr
    );

    let w = arrivals_twice();
    let manifest = w.store().join("arrivals").join("_manifest.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, &text[..text.len() / 2]).unwrap();
    let out = w.run(&["check"]).fails();
    assert!(out.stderr.contains("the manifest is unreadable"), "{}", out.stderr);
}

/// Trial 27 #2-#5: a deleted file, a stray one, an edited byte or a deleted manifest were
/// answered from (the superseded release shown as current, a stray's figures counted, figures
/// moved between months), and the next ingest wrote a new manifest over the damage. Readers and
/// writers now take the files the manifest lists, as written, or refuse.
#[test]
fn a_damaged_version_is_never_answered_from_nor_built_on() {
    type Damage = fn(&Workdir);
    let damages: [(&str, Damage); 4] = [
        ("year=2025/part-", |w| std::fs::remove_file(new_file(w)).unwrap()),
        ("not in its manifest", |w| {
            let stray = w.store().join("arrivals").join("year=2025").join("part-000009-00000.parquet");
            std::fs::copy(new_file(w), stray).unwrap();
        }),
        ("has changed since it was written", |w| {
            let file = new_file(w);
            let mut bytes = std::fs::read(&file).unwrap();
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x01;
            std::fs::write(&file, &bytes).unwrap();
        }),
        ("its manifest is missing, though the ingest log records that version 2 was written with one", |w| {
            std::fs::remove_file(w.store().join("arrivals").join("_manifest.json")).unwrap()
        }),
    ];
    for (said, damage) in damages {
        let w = arrivals_twice();
        damage(&w);
        for command in [
            &["summary"][..],
            &["export", "arrivals"],
            &["history", "--market", "China", "--period", "2025-01"],
            &["gaps"],
        ] {
            let err = w.run(command).fails().stderr;
            assert!(
                err.contains("the committed arrivals (version 2) is not as it was written")
                    && err.contains(said),
                "{command:?}: {err}"
            );
            assert!(err.contains("`tourstat check` names every problem"), "{err}");
        }
        w.write("c.csv", "market,period,arrivals\nChina,2025-02,13\n");
        let err = w.run(&["ingest", "arrivals", "c.csv", "--as-of", "2025-03-01"]).fails().stderr;
        assert!(err.contains("is not as it was written"), "{said}: {err}");
        let check = w.run(&["check"]).fails().stderr;
        assert!(check.contains("tourstat rollback arrivals"), "{said}: {check}");
        w.run(&["rollback", "arrivals"]).ok();
        w.run(&["summary"]).ok();
        w.run(&["check"]).ok();
    }
}

#[test]
fn leftovers_of_a_killed_writer_are_named_and_the_next_ingest_sweeps_them() {
    let w = arrivals_twice();
    std::fs::create_dir_all(w.store().join("_tmp").join("arrivals.commit")).unwrap();
    std::fs::create_dir_all(w.store().join("_versions").join("arrivals.000007")).unwrap();
    let out = w.run(&["check"]).fails();
    assert!(out.stderr.contains("version 7 was left half-built"), "{}", out.stderr);
    assert!(out.stderr.contains("entries left by an interrupted writer"), "{}", out.stderr);
    w.write("c.csv", "market,period,arrivals\nChina,2025-02,1\n");
    w.run(&["ingest", "arrivals", "c.csv", "--as-of", "2025-03-01"]).ok();
    w.run(&["check"]).ok();
}

#[test]
fn a_write_that_fails_midway_loses_nothing_and_the_next_ingest_works() {
    let w = arrivals_twice();
    let mut text = String::from("booked_on,travel_date,market,seats\n");
    for d in 0..300 {
        for m in ["China", "Japan"] {
            for lead in 1..40 {
                let travel = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(d);
                let booked = travel - chrono::Days::new(lead);
                text.push_str(&format!("{booked},{travel},{m},{}\n", (d + lead) % 7 + 1));
            }
        }
    }
    w.write("flows.csv", &text);
    let before = snapshot(&w.store());
    // A file-size limit of 2 KB: the first Parquet file written past it fails (SIGXFSZ).
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!("ulimit -f 2; exec {} --store {} ingest bookings flows.csv", bin(), w.store().display()))
        .current_dir(w.dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success(), "the ingest should have failed under the limit");
    let after: Vec<String> = snapshot(&w.store()).into_keys().filter(|k| !k.starts_with("_tmp")).collect();
    let before: Vec<String> = before.into_keys().filter(|k| !k.starts_with("_tmp")).collect();
    assert_eq!(after, before, "committed data changed");
    let started = Instant::now();
    w.run(&["ingest", "bookings", "flows.csv"]).ok();
    assert!(started.elapsed() < Duration::from_secs(60));
    w.run(&["check"]).ok();
}

/// A rollback sets its version aside for good: the next ingest takes a new number, so a copy
/// of the store made before the rollback (a cluster's) never holds other flows under it; and
/// the ingest it set aside stays in the history.
#[test]
fn a_version_number_set_aside_by_rollback_is_never_given_again() {
    let w = Workdir::new();
    w.ingest_sample();
    let a = w.write("a.csv", "market,period,arrivals\nChina,2026-01,5\n");
    let out = w.run(&["ingest", "arrivals", a.to_str().unwrap()]).ok().stdout;
    assert!(out.contains("arrivals version 2"), "{out}");
    w.run(&["rollback", "arrivals"]).ok();
    let b = w.write("b.csv", "market,period,arrivals\nChina,2026-01,6\n");
    let out = w.run(&["ingest", "arrivals", b.to_str().unwrap()]).ok().stdout;
    assert!(out.contains("arrivals version 3"), "{out}");
    // The log of version 1 never held a.csv; history still tells of it, as rolled back.
    let history = w.run(&["history"]).ok();
    let text = format!("{}{}", history.stdout, history.stderr);
    assert!(text.contains("arrivals version 2 (") && text.contains("a.csv, committed "), "{text}");
    assert!(text.contains(", 1 row added) was rolled back to version 1 at "), "{text}");
    assert!(text.contains("b.csv") && !history.stdout.lines().any(|l| l.contains(" a.csv ")), "{text}");
    let check = w.run(&["check"]).ok();
    assert!(!check.stdout.contains("problem"), "{}", check.stdout);
}

/// After a rollback and a new commit, the version before is still kept for the next rollback.
#[test]
fn a_commit_after_a_rollback_keeps_the_version_before_it() {
    let w = Workdir::new();
    w.ingest_sample();
    for (i, v) in [5, 6].iter().enumerate() {
        let f = w.write(&format!("v{i}.csv"), format!("market,period,arrivals\nChina,2026-0{},{v}\n", i + 1));
        w.run(&["ingest", "arrivals", f.to_str().unwrap()]).ok();
    }
    w.run(&["rollback", "arrivals"]).ok();
    let f = w.write("v9.csv", "market,period,arrivals\nChina,2026-05,9\n");
    w.run(&["ingest", "arrivals", f.to_str().unwrap()]).ok();
    let out = w.run(&["rollback", "arrivals"]).ok();
    assert!(
        out.stdout.contains("version 2") || out.stderr.contains("version 2"),
        "{}{}",
        out.stdout,
        out.stderr
    );
}

/// Code review: a new market tree of the same size as the one before (a market moved between
/// two groups whose names are as long) kept the old file's checksum in the manifest, and every
/// command then refused the store as damaged.
#[test]
fn a_new_tree_of_the_same_size_is_measured_anew() {
    let w = Workdir::new();
    w.write("m1.csv", "market,parent\nTotal,\nEurope,Total\nAfrica,Total\nFrance,Europe\n");
    w.write("m2.csv", "market,parent\nTotal,\nEurope,Total\nAfrica,Total\nFrance,Africa\n");
    w.run(&["ingest", "markets", "m1.csv"]).ok();
    let file = w.store().join("markets").join("markets.parquet");
    let before = std::fs::metadata(&file).unwrap().len();
    w.run(&["ingest", "markets", "m2.csv", "--replace"]).ok();
    assert_eq!(std::fs::metadata(&file).unwrap().len(), before, "the case: a file of the same size");
    let tree = w.run(&["markets", "--format", "csv"]).ok().stdout;
    assert!(tree.contains("France,Africa"), "{tree}");
    w.run(&["check"]).ok();
}

/// Trial 29 #4, #5: the kind's link deleted, or set back to an earlier version (a restore of
/// the link alone), read as "no arrivals" or answered the superseded figures; `check` called
/// the committed versions half-built, and the next ingest or rollback deleted them.
#[test]
fn a_link_deleted_or_set_back_is_refused_and_nothing_is_swept() {
    for set_back in [false, true] {
        let w = arrivals_twice();
        let link = w.store().join("arrivals");
        std::fs::remove_file(&link).unwrap();
        if set_back {
            std::os::unix::fs::symlink("_versions/arrivals.000001", &link).unwrap();
        }
        let said =
            if set_back { "the arrivals link points to version 1" } else { "the arrivals link is missing" };
        for command in [&["summary"][..], &["export", "arrivals"], &["rollback", "arrivals"]] {
            let err = w.run(command).fails().stderr;
            assert!(
                err.contains(said) && err.contains("though version 2 was committed after it"),
                "{command:?}: {err}"
            );
        }
        w.write("c.csv", "market,period,arrivals\nChina,2025-02,13\n");
        w.run(&["ingest", "arrivals", "c.csv", "--as-of", "2025-03-01"]).fails();
        let check = w.run(&["check"]).fails().stderr;
        assert!(check.contains("version 2 was committed, but"), "{check}");
        assert!(w.store().join("_versions").join("arrivals.000002").is_dir(), "nothing swept");
        // Put back as the message says, the store is whole and answers as before.
        std::fs::remove_file(&link).ok();
        std::os::unix::fs::symlink("_versions/arrivals.000002", &link).unwrap();
        w.run(&["check"]).ok();
        assert!(w.run(&["export", "arrivals"]).ok().stdout.contains("China,2025-01,12"));
    }
}

/// A kind's link edited by hand to another kind's version folder (a bookings link to an
/// arrivals folder) was read as that kind's, whole: `check` called it whole, and the next
/// ingest committed a version of its new rows alone.
#[test]
fn a_link_to_another_kinds_folder_is_refused_and_check_says_how_to_put_it_back() {
    let w = Workdir::new();
    w.write("a.csv", "market,period,arrivals\nChina,2025-01,12\n");
    w.write("b.csv", "booked_on,travel_date,market,seats\n2025-01-02,2025-03-01,China,5\n");
    w.write("c.csv", "booked_on,travel_date,market,seats\n2025-01-03,2025-03-02,China,7\n");
    w.run(&["ingest", "arrivals", "a.csv"]).ok();
    w.run(&["ingest", "bookings", "b.csv"]).ok();
    let name = |prefix: &str| -> String {
        let names: Vec<String> = std::fs::read_dir(w.store().join("_versions"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with(prefix))
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        names[0].clone()
    };
    let (arrivals, bookings) = (name("arrivals."), name("bookings."));
    let link = w.store().join("bookings");
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(format!("_versions/{arrivals}"), &link).unwrap();
    for command in [
        &["export", "bookings"][..],
        &["otb", "--as-of", "2025-01-31", "--travel", "2025-03"],
        &["ingest", "bookings", "c.csv"],
    ] {
        let err = w.run(command).fails().stderr;
        assert!(err.contains("which is no bookings version folder"), "{command:?}: {err}");
    }
    let check = w.run(&["check"]).fails();
    let said = format!("{}{}", check.stdout, check.stderr);
    let fix = format!("ln -sfn _versions/{bookings} ");
    assert!(said.contains("which is no bookings version folder") && said.contains(&fix), "{said}");
    // Put back as `check` says, the store is whole and answers as before.
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(format!("_versions/{bookings}"), &link).unwrap();
    w.run(&["check"]).ok();
    assert!(w.run(&["export", "bookings"]).ok().stdout.contains("2025-01-02,2025-03-01,China,5"));
    // Review 104 F7: set, by its absolute path, to the bookings folder of another store (a
    // copy of this one, since changed), it was read and called whole.
    let copy = w.path("copy");
    let status = std::process::Command::new("cp").arg("-a").arg(w.store()).arg(&copy).status().unwrap();
    assert!(status.success());
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(copy.join("_versions").join(&bookings), &link).unwrap();
    let err = w.run(&["export", "bookings"]).fails().stderr;
    assert!(err.contains("which is no bookings version folder"), "{err}");
    let check = w.run(&["check"]).fails();
    let said = format!("{}{}", check.stdout, check.stderr);
    assert!(said.contains("which is no bookings version folder") && said.contains(&fix), "{said}");
}

/// Trial 29: an ingest log edited to read more rows added than the file had passed `check`.
#[test]
fn an_ingest_record_whose_counts_do_not_add_up_is_named() {
    let w = arrivals_twice();
    let logs: Vec<std::path::PathBuf> =
        walk(&w.store()).into_iter().filter(|p| p.ends_with("_ingests.jsonl")).collect();
    assert!(!logs.is_empty());
    for log in &logs {
        let text = std::fs::read_to_string(log).unwrap();
        std::fs::write(log, text.replace("\"rows_added\":2", "\"rows_added\":9")).unwrap();
    }
    let out = w.run(&["check"]).fails();
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(said.contains("does not add up: 2 rows read, 9 added, 0 replaced, 0 unchanged"), "{said}");
}

/// Review 65 H1: a log edited by hand whose records still add up (a file renamed, its counts
/// changed together) passed `check`, and `history` told the forged record. The log is sealed
/// in its version's manifest: `check` names the change, and that going back drops the last
/// ingest; `history` refuses to tell where the figures came from.
#[test]
fn an_ingest_log_edited_by_hand_is_found_and_not_told() {
    let w = arrivals_twice();
    let link = std::fs::read_link(w.store().join("arrivals")).unwrap();
    let log = w.store().join(link).join("_ingests.jsonl");
    let text = std::fs::read_to_string(&log).unwrap();
    let forged = text.replace("\"file\":\"", "\"file\":\"evil-");
    assert_ne!(forged, text);
    std::fs::write(&log, forged).unwrap();
    let out = w.run(&["check"]).fails();
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(said.contains(" when written: it was edited or damaged (version 2)"), "{said}");
    assert!(
        said.contains("the figures are checked by their own checksums, not by the log: restore"),
        "{said}"
    );
    assert!(
        said.contains("which also sets aside the figures of the last ingest (ingest its file again after)"),
        "{said}"
    );
    let out = w.run(&["history"]).fails();
    assert!(
        out.stderr.contains("where the arrivals figures came from cannot be told from it"),
        "{}",
        out.stderr
    );
    assert!(!out.stdout.contains("evil-"), "{}", out.stdout);
    // The figures themselves are still answered.
    w.run(&["export", "arrivals"]).ok();
    // An ingest does not carry the edited log into a new version, sealed again (review 66 H1).
    w.write("c.csv", "market,period,arrivals\nChina,2025-02,13\n");
    let out = w.run(&["ingest", "arrivals", "c.csv", "--as-of", "2025-03-01"]).fails();
    assert!(
        out.stderr.contains("an ingest would carry it into the next version as written; nothing was written"),
        "{}",
        out.stderr
    );
    w.run(&["check"]).fails();
    // An edit of the same length is found by the checksum.
    std::fs::write(&log, text.replace("\"file\":\"b.csv", "\"file\":\"x.csv")).unwrap();
    let out = w.run(&["check"]).fails();
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(said.contains("the ingest log has changed since it was written (its BLAKE3 checksum differs): it was edited (version 2)"), "{said}");
    // Put back as written, the store is whole again.
    std::fs::write(&log, &text).unwrap();
    w.run(&["check"]).ok();
    assert!(w.run(&["history"]).ok().stdout.contains("b.csv"));
    // Going back to a version whose log was edited is refused (review 66 M6).
    let first = w.store().join("_versions/arrivals.000001/_ingests.jsonl");
    let old = std::fs::read_to_string(&first).unwrap();
    std::fs::write(&first, old.replace("\"file\":\"a.csv", "\"file\":\"z.csv")).unwrap();
    let out = w.run(&["rollback", "arrivals"]).fails();
    assert!(
        out.stderr.contains("version 1 is not whole either (the ingest log has changed"),
        "{}",
        out.stderr
    );
    w.run(&["check"]).ok();
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Trial 37 #1: rolling back an ingest that added markets to the tree (--add-markets) left
/// them there without a word: the rollback says the tree keeps them, and how to take them out.
#[test]
fn a_rollback_of_an_ingest_that_added_markets_says_the_tree_keeps_them() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\nA,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    w.write("a.csv", "market,period,arrivals\nA,2025-01,100\n");
    w.run(&["ingest", "arrivals", "a.csv", "--as-of", "2025-02-10"]).ok();
    w.write("b.csv", "market,period,arrivals\nA,2025-02,100\nZ,2025-02,5\n");
    w.run(&["ingest", "arrivals", "b.csv", "--as-of", "2025-03-10", "--add-markets", "Total"]).ok();
    let out = w.run(&["rollback", "arrivals"]).ok();
    assert!(
        out.stderr.contains("the market tree keeps what that ingest added to it (--add-markets Total (1 markets of b.csv)): `tourstat rollback markets`"),
        "{}",
        out.stderr
    );
    w.run(&["rollback", "markets"]).ok();
    let out = w.run(&["markets", "--format", "csv"]).ok();
    assert!(!out.stdout.contains("Z,"), "{}", out.stdout);
    // Review: a later file of the same name, ingested without --add-markets, added none: its
    // rollback says nothing of the tree (rolling the markets back would drop Z, still used).
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\nA,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    w.write("b.csv", "market,period,arrivals\nA,2025-02,100\nZ,2025-02,5\n");
    w.run(&["ingest", "arrivals", "b.csv", "--as-of", "2025-03-10", "--add-markets", "Total"]).ok();
    w.write("b.csv", "market,period,arrivals\nA,2025-03,100\n");
    w.run(&["ingest", "arrivals", "b.csv", "--as-of", "2025-04-10"]).ok();
    let out = w.run(&["rollback", "arrivals"]).ok();
    assert!(!out.stderr.contains("the market tree keeps"), "{}", out.stderr);
}

/// Review 65 M1: the link and the store's record of the committed version both set back (two
/// small files restored from an older backup) made the committed version 2 "half-built by an
/// interrupted writer": readers answered from version 1 without a word and the next ingest
/// deleted version 2. Its own folder records that it was committed, too.
#[test]
fn a_committed_version_is_known_by_its_folder_when_the_link_and_the_marker_are_set_back() {
    let w = arrivals_twice();
    let link = w.store().join("arrivals");
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink("_versions/arrivals.000001", &link).unwrap();
    std::fs::remove_file(w.store().join("_versions/_committed.arrivals")).unwrap();
    let out = w.run(&["check"]).fails();
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(said.contains("version 2 was committed, but the link points to version 1"), "{said}");
    assert!(w
        .run(&["export", "arrivals"])
        .fails()
        .stderr
        .contains("though version 2 was committed after it"));
    w.write("c.csv", "market,period,arrivals\nChina,2025-02,13\n");
    w.run(&["ingest", "arrivals", "c.csv"]).fails();
    assert!(w.store().join("_versions/arrivals.000002").is_dir(), "nothing swept");
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink("_versions/arrivals.000002", &link).unwrap();
    w.run(&["check"]).ok();
    assert!(w.run(&["export", "arrivals"]).ok().stdout.contains("China,2025-01,12"));
}

/// `check` run beside ingests and rollbacks called the store damaged about once in 120 runs (a
/// version replaced and removed while it read its files, or renamed into place before its link
/// was swapped), and advised a rollback that would drop the last ingest: read again where a
/// writer was at work or a link moved, it finds the store whole. (Four seconds of writes.)
#[test]
fn check_beside_ingests_and_rollbacks_finds_the_store_whole() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nT,\nA,T\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    for i in 0..3 {
        let rows: String = (2020..2026)
            .flat_map(|y| (1..=12).map(move |m| format!("A,{y}-{m:02},{}\n", 100 + i * 7 + m)))
            .collect();
        w.write(&format!("a{i}.csv"), format!("market,period,arrivals\n{rows}"));
    }
    w.run(&["ingest", "arrivals", "a0.csv", "--as-of", "2026-01-01"]).ok();
    let store = w.store().display().to_string();
    let writes = format!(
        "end=$((SECONDS+4)); i=0; while [ $SECONDS -lt $end ]; do i=$((i+1)); {bin} --store {store} ingest arrivals a$((i%3)).csv --replace --as-of 2026-0$((i%9+1))-01 >/dev/null 2>&1; [ $((i%3)) = 0 ] && {bin} --store {store} rollback arrivals >/dev/null 2>&1; done",
        bin = bin()
    );
    let mut writer = Command::new("bash").arg("-c").arg(writes).current_dir(w.dir.path()).spawn().unwrap();
    let (mut checks, mut failed) = (0, Vec::new());
    while writer.try_wait().unwrap().is_none() {
        let out = Command::new(bin()).args(["--store", &store, "check"]).output().unwrap();
        checks += 1;
        if !out.status.success() {
            failed.push(format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(checks >= 10, "only {checks} checks ran");
    assert!(failed.is_empty(), "{} of {checks} checks failed:\n{}", failed.len(), failed.join("\n"));
    w.run(&["check"]).ok();
}
