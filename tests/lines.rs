//! Every problem is named on its physical line, for every kind of file, whatever its line ends
//! (LF, CRLF), a byte-order mark, line ends inside quotes and blank lines. Regression: with CRLF
//! every message named the line before the right one, and so did a record after a blank line.

mod common;

use common::Workdir;

/// A file's lines (without line ends) and the lines two problems are expected on.
struct Case {
    kind: &'static str,
    header: &'static str,
    good: &'static str,
    /// A good record with a line end inside quotes.
    quoted: &'static str,
    bad: [&'static str; 2],
    message: &'static str,
}

const CASES: [Case; 5] = [
    Case {
        kind: "markets",
        header: "market,parent",
        good: "Spain,Total",
        quoted: "\"Ger\nmany\",Total",
        bad: ["Peru,Nowhere", "Chile,Elsewhere"],
        message: "has an unknown parent",
    },
    Case {
        kind: "arrivals",
        header: "market,period,arrivals",
        good: "Spain,2025-01,100",
        quoted: "\"Ger\nmany\",2025-01,200",
        bad: ["France,2025-01,-5", "Spain,2025-02,x"],
        message: "arrivals must be a whole number",
    },
    Case {
        kind: "bookings",
        header: "booked_on,travel_date,market,seats",
        good: "2025-01-01,2025-02-01,Spain,3",
        quoted: "2025-01-01,2025-02-01,\"Ger\nmany\",4",
        bad: ["2025-01-01,2025-02-01,France,-5", "2025-01-02,2025-02-01,Spain,x"],
        message: "seats must be a whole number",
    },
    Case {
        kind: "otb",
        header: "as_of,travel_from,travel_to,market,seats",
        good: "2025-07-01,2025-07-01,2025-09-30,Spain,100",
        quoted: "2025-07-01,2025-07-01,2025-09-30,\"Ger\nmany\",100",
        bad: ["2025-07-01,2025-07-01,2025-09-30,France,-5", "2025-07-02,2025-07-01,2025-09-30,Spain,x"],
        message: "seats must be a whole number",
    },
    Case {
        kind: "targets",
        header: "market,period,target",
        good: "Spain,2025,100",
        quoted: "\"Ger\nmany\",2025,200",
        bad: ["France,2025,-5", "Spain,2026,x"],
        message: "target must be a whole number",
    },
];

#[test]
fn every_problem_is_named_on_its_line_for_every_kind_and_every_way_of_writing_lines() {
    let mut checked = 0;
    for case in &CASES {
        for crlf in [false, true] {
            for bom in [false, true] {
                for quoted in [false, true] {
                    for blank in [false, true] {
                        let w = Workdir::new();
                        if case.kind != "markets" {
                            w.write(
                                "m.csv",
                                "market,parent\nTotal,\nSpain,Total\nFrance,Total\nGer many,Total\n",
                            );
                            w.run(&["ingest", "markets", "m.csv"]).ok();
                        } else {
                            w.write("m.csv", "market,parent\nTotal,\n");
                            w.run(&["ingest", "markets", "m.csv"]).ok();
                        }
                        // Physical lines, each a record's first line; a quoted record takes two.
                        let mut records: Vec<&str> = vec![case.header, case.good];
                        if quoted {
                            records.push(case.quoted);
                        }
                        if blank {
                            records.push("");
                        }
                        records.push(case.bad[0]);
                        if blank {
                            records.push("");
                        }
                        records.push(case.bad[1]);
                        let mut expected = Vec::new();
                        let mut line: u64 = 1;
                        for r in &records {
                            if case.bad.contains(r) {
                                expected.push(line);
                            }
                            line += 1 + r.matches('\n').count() as u64;
                        }
                        let end = if crlf { "\r\n" } else { "\n" };
                        let mut text = records.join("\n").replace('\n', end);
                        text.push_str(end);
                        if bom {
                            text.insert(0, '\u{feff}');
                        }
                        w.write("f.csv", &text);
                        let out = w.run(&["ingest", case.kind, "f.csv"]).fails();
                        let lines: Vec<u64> = out
                            .stderr
                            .lines()
                            .filter(|l| l.contains(case.message))
                            .filter_map(|l| {
                                l.trim_start_matches("error: ")
                                    .strip_prefix("f.csv:")?
                                    .split(':')
                                    .next()?
                                    .parse()
                                    .ok()
                            })
                            .collect();
                        assert_eq!(
                            lines, expected,
                            "{} crlf={crlf} bom={bom} quoted={quoted} blank={blank}:\n{}\n{text:?}",
                            case.kind, out.stderr
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 80);
}

#[test]
fn a_markets_file_names_every_problem_of_its_shape_on_its_line() {
    let w = Workdir::new();
    w.write(
        "m.csv",
        "market,parent,aliases\r\nTotal,,\r\nA,B,\r\nB,A,\r\nC,Nowhere,\r\nD,Total,PRC\r\nE,Total,prc\r\n",
    );
    let out = w.run(&["ingest", "markets", "m.csv"]).fails();
    for expected in [
        "m.csv:4: the markets above \"A\" form a cycle: A -> B -> A",
        "m.csv:5: market \"C\" has an unknown parent \"Nowhere\"",
        "m.csv:7: the name \"prc\" is used by both \"D\" and \"E\"; if \"E\" is \"D\" renamed, keep the name its figures are stored under and give the new one as its alias",
        "m.csv: 3 problems; nothing was written",
    ] {
        assert!(out.stderr.contains(expected), "{expected}\n{}", out.stderr);
    }
    assert!(!w.store().join("markets").exists());
}
