//! Hostile input: each is refused with a clear message, in bounded memory, nothing written; and
//! what tourstat writes is safe to open in a spreadsheet or show on a terminal.

mod common;

use std::io::Write;
use std::process::Command;

use common::{bin, snapshot, Workdir};

/// Ingests a file and returns stderr, after checking the refusal and that the store is as it was.
fn refused(w: &Workdir, kind: &str, name: &str, contents: &[u8]) -> String {
    let before = snapshot(&w.store());
    w.write(name, contents);
    let out = w.run(&["ingest", kind, name]).fails();
    assert_eq!(snapshot(&w.store()), before, "the store changed");
    out.stderr
}

fn with_markets() -> Workdir {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\nChina,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    w
}

#[test]
fn a_single_line_of_200_mb_is_refused_in_bounded_memory() {
    let w = with_markets();
    let chunk = vec![b'7'; 1 << 20];
    for (kind, start) in [
        ("arrivals", &b"market,period,arrivals\nChina,2025-01,"[..]),
        ("bookings", &b"booked_on,travel_date,market,seats\n2025-01-01,2025-02-01,China,"[..]),
    ] {
        let path = w.path(&format!("long-{kind}.csv"));
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(start).unwrap();
        for _ in 0..200 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(b"\n").unwrap();
        drop(f);
        // /usr/bin/time reports the peak resident memory of the ingest, in KB.
        let out = Command::new("/usr/bin/time")
            .args(["-f", "peak %M"])
            .arg(bin())
            .args(["--store", w.store().to_str().unwrap(), "ingest", kind, path.to_str().unwrap()])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(stderr.contains("line 2 is longer than 1 MiB"), "{kind}: {stderr}");
        let peak: u64 = stderr.lines().find_map(|l| l.strip_prefix("peak ")?.trim().parse().ok()).unwrap();
        assert!(peak < 200_000, "{kind}: peak memory {peak} KB for a 200 MB line");
    }
}

#[test]
fn an_unclosed_quote_is_refused_not_read_to_the_end_of_the_file() {
    let w = with_markets();
    let mut text = String::from("market,period,arrivals\n\"China,2025-01,5\n");
    for i in 0..60_000 {
        text.push_str(&format!("China,2025-{:02},{i}\n", i % 12 + 1));
    }
    let err = refused(&w, "arrivals", "quote.csv", text.as_bytes());
    assert!(err.contains("a quote opened by line") && err.contains("not closed within 1 MiB"), "{err}");
}

#[test]
fn a_header_of_a_million_columns_is_refused_briefly() {
    let w = with_markets();
    let header: Vec<String> = (0..1_000_000).map(|i| format!("c{i}")).collect();
    let text = format!("{}\n", header.join(","));
    let err = refused(&w, "arrivals", "wide.csv", text.as_bytes());
    assert!(err.contains("longer than 1 MiB") || err.contains("columns"), "{err}");
    assert!(err.len() < 2_000, "the message is {} bytes", err.len());
    let header: Vec<String> = (0..5_000).map(|i| format!("c{i}")).collect();
    let err = refused(&w, "arrivals", "wide2.csv", format!("{}\n1\n", header.join(",")).as_bytes());
    assert!(err.contains("the header has 5000 columns; an arrivals file has"), "{err}");
    assert!(err.len() < 2_000, "the message is {} bytes", err.len());
}

#[test]
fn files_that_are_not_text_are_named_for_what_they_are() {
    let w = with_markets();
    for (name, bytes, what) in [
        ("chart.png", &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], "a PNG image"),
        // Workbooks are read; a broken one is named as one.
        ("book.xlsx", &b"PK\x03\x04\x14\0\x06\0"[..], "book.xlsx: the workbook does not open"),
        ("old.xls", &b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"[..], "old.xls: the workbook does not open"),
        ("blob.bin", &b"market\0period"[..], "not text"),
    ] {
        for kind in ["arrivals", "bookings", "markets"] {
            let err = refused(&w, kind, name, bytes);
            assert!(err.contains(what), "{kind} {name}: {err}");
        }
    }
}

#[test]
fn control_characters_in_a_value_are_refused_and_never_echoed_raw() {
    let w = with_markets();
    let err = refused(&w, "arrivals", "esc.csv", b"market,period,arrivals\n\x1b[31mChina\x07,2025-01,5\n");
    assert!(err.contains("esc.csv:2: a value holds the control character U+001B"), "{err}");
    assert!(!err.contains('\x1b') && !err.contains('\x07'), "escape sequences reached the terminal: {err:?}");
    assert!(err.contains("\\u{1b}[31mChina\\u{7}"), "{err}");
    // From the command line too.
    let out = w.run(&["summary", "--market", "\x1b]0;owned\x07China"]).fails();
    assert!(!out.stderr.contains('\x1b'), "{:?}", out.stderr);
}

#[test]
fn a_market_name_with_path_separators_never_becomes_a_path() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\n../../etc/x,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    w.write("a.csv", "market,period,arrivals\n../../etc/x,2024-01,1\n../../etc/x,2025-01,2\n");
    w.run(&["ingest", "arrivals", "a.csv"]).ok();
    let out = w.run(&["chart", "trend", "--market", "../../etc/x"]).ok();
    let written = out.stdout.trim();
    assert!(written.starts_with("charts/") && !written.contains(".."), "{written}");
    assert!(w.path(written).is_file());
}

#[test]
fn csv_output_keeps_spreadsheets_from_running_text_as_formulas() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\n\"=HYPERLINK(\"\"http://x\"\")\",Total\n-Minus,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    w.write("a.csv", "market,period,arrivals,source\n\"=HYPERLINK(\"\"http://x\"\")\",2025-01,5,@SUM(A1)\n-Minus,2025-01,7,x\n");
    w.run(&["ingest", "arrivals", "a.csv", "--as-of", "2025-02-01"]).ok();
    let summary = w.run(&["summary", "--format", "csv"]).ok().stdout;
    assert!(summary.contains("\"'=HYPERLINK(\"\"http://x\"\")\",5,"), "{summary}");
    assert!(summary.contains("'-Minus,7,"), "{summary}");
    let export = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(export.contains("'@SUM(A1)") && export.contains("'-Minus,2025-01"), "{export}");
    assert!(export.contains(",5,A,2025-02-01,") && !export.contains("'5"), "numbers stay numbers: {export}");
    // Without the guard, export is what ingest reads back unchanged.
    let raw = w.run(&["export", "arrivals", "--no-formula-guard"]).ok().stdout;
    assert!(raw.contains("\n-Minus,2025-01,7,") && raw.contains(",@SUM(A1)\n"), "{raw}");
}

#[test]
fn a_file_from_a_pipe_is_read_as_a_file_is() {
    // `curl ... | tourstat ingest arrivals /dev/stdin`: a pipe gives its bytes once, and a file
    // is read more than once (its layout, then its records beside its checksum).
    let w = with_markets();
    let text = "market,period,arrivals\nChina,2025-01,1000\nChina,2025-02,1200\n";
    let piped = |args: &[&str]| {
        let mut child = w
            .command(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        );
        assert!(out.status.success(), "{stdout}{stderr}");
        stdout
    };
    let inspected = piped(&["inspect", "arrivals", "/dev/stdin"]);
    assert!(
        inspected.contains("file: /dev/stdin") && inspected.contains("rows as they would be stored: 2"),
        "{inspected}"
    );
    let ingested = piped(&["ingest", "arrivals", "/dev/stdin"]);
    assert!(ingested.contains("2 rows"), "{ingested}");
    let out = w.run(&["summary", "--year", "2025", "--through", "2025-02", "--format", "csv"]).ok();
    assert!(out.stdout.contains("China,2200"), "{}", out.stdout);
    // The same bytes again are the same file: nothing new.
    assert!(piped(&["ingest", "arrivals", "/dev/stdin"]).contains("already"), "ingested twice");
    // A device has no end to read to: refused at once, not read (or copied) for ever.
    let err = w.run(&["ingest", "arrivals", "/dev/zero"]).fails().stderr;
    assert!(err.contains("/dev/zero is a device, not a file of figures"), "{err}");
}
