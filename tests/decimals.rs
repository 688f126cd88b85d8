//! Figures with decimals (a survey's estimates, the forecasting competition's series): kept
//! as written, never rounded, never taken for thousands unasked; stores written before
//! figures could have decimals read and grow as before.

mod common;

use std::path::Path;

use common::Workdir;

/// Copies a store, its links to version folders kept as links.
fn copy_store(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&p).unwrap(), &target).unwrap();
        } else if p.is_dir() {
            copy_store(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

fn export(w: &Workdir, kind: &str, extra: &[&str]) -> String {
    w.run(&[&["export", kind][..], extra].concat()).ok().stdout
}

/// A store written by tourstat before decimals (figures stored as whole numbers): read as it
/// was, figures with decimals added beside its whole ones, the same file again unchanged, a
/// different figure still a conflict, the store checked sound.
#[test]
fn a_store_written_before_decimals_reads_and_takes_decimal_figures() {
    let w = Workdir::new();
    copy_store(&common::project().join("tests/fixtures/store-before-decimals"), &w.store());
    let before = export(&w, "arrivals", &[]);
    assert!(
        before.contains("China,2025-01,1000,A,2025-03-10") && before.contains("Japan,2025-02,600,"),
        "{before}"
    );
    let targets = export(&w, "targets", &[]);
    assert!(targets.contains("Asia,2025,20000,2025-01-05"), "{targets}");

    // The same figures again: unchanged, though the new ones are read as decimals.
    let same = w.write("same.csv", "market,period,arrivals\nChina,2025-01,1000\nJapan,2025-01,500\n");
    let out = w.run(&["ingest", "arrivals", same.to_str().unwrap(), "--as-of", "2025-03-10"]).ok().stdout;
    assert!(out.contains("2 rows read, 0 added, 2 unchanged"), "{out}");
    let other = w.write("other.csv", "market,period,arrivals\nChina,2025-01,999.5\n");
    let err = w
        .run(&["ingest", "arrivals", other.to_str().unwrap(), "--as-of", "2025-03-10", "--unit", "ones"])
        .fails()
        .stderr;
    assert!(err.contains("arrivals 1000 in the store, 999.5 in the file"), "{err}");

    // New months with decimals go in beside the old whole figures, in the same year's partition.
    let march = w.write("march.csv", "market,period,arrivals\nChina,2025-03,1200.25\nJapan,2025-03,700.5\n");
    w.run(&["ingest", "arrivals", march.to_str().unwrap(), "--as-of", "2025-04-10", "--unit", "ones"]).ok();
    let after = export(&w, "arrivals", &[]);
    assert!(after.contains("China,2025-01,1000,A,2025-03-10"), "{after}");
    assert!(
        after.contains("China,2025-03,1200.25,A,2025-04-10") && after.contains("Japan,2025-03,700.5,"),
        "{after}"
    );
    // A replaced figure rewrites the old partition with the decimal one.
    w.run(&[
        "ingest",
        "arrivals",
        other.to_str().unwrap(),
        "--as-of",
        "2025-03-10",
        "--unit",
        "ones",
        "--replace",
    ])
    .ok();
    let replaced = export(&w, "arrivals", &[]);
    assert!(
        replaced.contains("China,2025-01,999.5,A,2025-03-10") && replaced.contains("Japan,2025-01,500,"),
        "{replaced}"
    );
    w.run(&["check"]).ok();

    // Summary adds the months: Asia's first quarter is 999.5 + 500 + 1100 + 600 + 1200.25 + 700.5.
    let json = w.run(&["summary", "--year", "2025", "--format", "json"]).ok().stdout;
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let asia = rows.as_array().unwrap().iter().find(|r| r["market"] == "Asia").expect("an Asia row");
    let total = asia["arrivals"].as_f64().unwrap();
    assert!((total - 5100.25).abs() < 1e-9, "{json}");
}

/// A decimal figure in a file that has not said its unit may be thousands: refused with the
/// flag that decides; with `--unit ones` kept to the last digit, through CSV and SDMX-CSV.
#[test]
fn decimal_figures_need_their_unit_and_come_back_out_exactly() {
    let w = Workdir::new();
    let f = w.write(
        "m.csv",
        "market,period,arrivals\nM1,1979-01,1149.87\nM1,1979-02,\"1,053.8002\"\nM2,1979-01,0.0001\nM2,1979-02,52000\n",
    );
    let err = w.run(&["ingest", "arrivals", f.to_str().unwrap(), "--as-of", "2011-01-01"]).fails().stderr;
    assert!(err.contains("m.csv:2: arrivals must be a whole number >= 0, got \"1149.87\""), "{err}");
    assert!(err.contains("m.csv:3:") && err.contains("--unit: thousands or millions"), "{err}");
    assert!(!err.contains("m.csv:5:"), "52000 is whole: {err}");
    w.run(&["ingest", "arrivals", f.to_str().unwrap(), "--as-of", "2011-01-01", "--unit", "ones"]).ok();
    let csv = export(&w, "arrivals", &[]);
    for row in ["M1,1979-01,1149.87,", "M1,1979-02,1053.8002,", "M2,1979-01,0.0001,", "M2,1979-02,52000,"] {
        assert!(csv.contains(row), "{row} in\n{csv}");
    }
    let json = export(&w, "arrivals", &["--format", "json"]);
    assert!(json.contains("\"arrivals\":1053.8002") && json.contains("\"arrivals\":52000,"), "{json}");

    // SDMX-CSV out, into an empty store, out again: the same bytes, with no flag (review 57
    // M1: its decimals needed --unit, and "--unit thousands", offered first, stored 1000 times
    // over), a figure of three decimals too (refused as ambiguous, a thousand with a dot).
    let sdmx = export(&w, "arrivals", &["--format", "sdmx"]);
    assert!(sdmx.contains(",1053.8002,"), "{sdmx}");
    let again = Workdir::new();
    let f = again.write("in.csv", &sdmx);
    again.run(&["ingest", "arrivals", f.to_str().unwrap()]).ok();
    assert_eq!(export(&again, "arrivals", &["--format", "sdmx"]), sdmx);
    assert_eq!(export(&again, "arrivals", &[]), csv);
    let three = again.write("three.csv", sdmx.replace(",1149.87,", ",610.714,"));
    again.run(&["ingest", "arrivals", three.to_str().unwrap(), "--replace"]).ok();
    assert!(export(&again, "arrivals", &[]).contains("M1,1979-01,610.714,"));
}

/// A wide table of estimates in thousands (the survey export's "Overnight trips (000)"):
/// decimals kept after the point moves, a subtotal row found by its sums though binary
/// addition of decimals is not exact.
#[test]
fn a_wide_table_of_estimates_in_thousands_keeps_its_decimals_and_its_subtotals() {
    let w = Workdir::new();
    let f = w.write(
        "trips.csv",
        "Overnight trips (000)\nRegion,1998 Q1,1998 Q2\nSydney,828.3171185,800.1\nBlue Mountains,103.7609092,99.9\nNew South Wales,932.0780277,900\n",
    );
    let err = w.run(&["ingest", "arrivals", f.to_str().unwrap(), "--as-of", "2018-01-01"]).fails().stderr;
    assert!(err.contains("says the figures are in thousands"), "{err}");
    let out = w
        .run(&[
            "ingest",
            "arrivals",
            f.to_str().unwrap(),
            "--as-of",
            "2018-01-01",
            "--unit",
            "thousands",
            "--add-markets",
            "Australia",
        ])
        .ok()
        .stdout;
    assert!(out.contains("6 rows read"), "{out}");
    let csv = export(&w, "arrivals", &[]);
    assert!(
        csv.contains("Sydney,1998-Q1,828317.1185,") && csv.contains("Blue Mountains,1998-Q2,99900,"),
        "{csv}"
    );
    assert!(csv.contains("New South Wales,1998-Q1,932078.0277,"), "{csv}");
    let markets = export(&w, "markets", &[]);
    assert!(
        markets.contains("Sydney,New South Wales") && markets.contains("New South Wales,Australia"),
        "{markets}"
    );
}
