//! Workbooks as publishers release them: a sheet is read as its CSV twin would be, problems are
//! placed on the sheet's rows, and the sheet read is the one asked for or the first with figures.

mod common;

use std::io::Write;

use common::Workdir;

/// A cell: a number, text (written inline, as small writers do), or a date (its Excel serial,
/// shown as `mmm-yy`).
enum Cell<'a> {
    N(f64),
    S(&'a str),
    D(u32),
    /// No cell: the column is left empty.
    E,
    /// A number shown in thousands by its format (`#,##0,`: 1234567 shown 1,235).
    K(f64),
    /// A formula without its value saved (as a program writes one).
    F(&'a str),
    /// A date shown with its day (`yyyy-mm-dd`).
    Y(u32),
    /// A date shown as its year alone (`yyyy`).
    A(u32),
}
use Cell::{A, D, E, F, K, N, S, Y};

/// A sheet's rows, each with its row number from 1.
type Rows<'a> = Vec<(usize, Vec<Cell<'a>>)>;

fn column(i: usize) -> String {
    let mut name = String::new();
    let mut i = i + 1;
    while i > 0 {
        name.insert(0, (b'A' + ((i - 1) % 26) as u8) as char);
        i = (i - 1) / 26;
    }
    name
}

fn sheet_xml(rows: &Rows) -> String {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, cells) in rows {
        x += &format!(r#"<row r="{r}">"#);
        for (c, cell) in cells.iter().enumerate() {
            let at = format!("{}{r}", column(c));
            x += &match cell {
                N(v) => format!(r#"<c r="{at}"><v>{v}</v></c>"#),
                S(t) => format!(r#"<c r="{at}" t="inlineStr"><is><t>{t}</t></is></c>"#),
                D(serial) => format!(r#"<c r="{at}" s="1"><v>{serial}</v></c>"#),
                K(v) => format!(r#"<c r="{at}" s="2"><v>{v}</v></c>"#),
                F(f) => format!(r#"<c r="{at}"><f>{f}</f></c>"#),
                Y(serial) => format!(r#"<c r="{at}" s="3"><v>{serial}</v></c>"#),
                A(serial) => format!(r#"<c r="{at}" s="4"><v>{serial}</v></c>"#),
                E => String::new(),
            };
        }
        x += "</row>";
    }
    x + "</sheetData></worksheet>"
}

/// Writes an xlsx with the named sheets, each given by its rows (1-based row numbers).
fn xlsx(w: &Workdir, name: &str, sheets: &[(&str, Rows)]) -> std::path::PathBuf {
    let path = w.path(name);
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let o = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, text: &str| {
        z.start_file(name, o).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    };
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    );
    let mut book = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (sheet, rows)) in sheets.iter().enumerate() {
        let n = i + 1;
        types += &format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        );
        book += &format!(r#"<sheet name="{sheet}" sheetId="{n}" r:id="rId{n}"/>"#);
        rels += &format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        );
        put(&format!("xl/worksheets/sheet{n}.xml"), &sheet_xml(rows));
    }
    types += r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#;
    put("[Content_Types].xml", &(types + "</Types>"));
    put(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    put("xl/workbook.xml", &(book + "</sheets></workbook>"));
    rels += r#"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#;
    put(
        "xl/styles.xml",
        r##"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="4"><numFmt numFmtId="164" formatCode="mmm\-yy"/><numFmt numFmtId="165" formatCode="#,##0,"/><numFmt numFmtId="166" formatCode="yyyy\-mm\-dd"/><numFmt numFmtId="167" formatCode="yyyy"/></numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/><xf numFmtId="166" applyNumberFormat="1"/><xf numFmtId="167" applyNumberFormat="1"/></cellXfs></styleSheet>"##,
    );
    put("xl/_rels/workbook.xml.rels", &(rels + "</Relationships>"));
    z.finish().unwrap();
    path
}

/// A workbook as a board publishes it: a notes sheet first, then the table under a title and a
/// blank row, months as columns, a total row, a missing cell.
fn board_workbook(w: &Workdir, bad_row: Option<Vec<Cell<'static>>>) -> std::path::PathBuf {
    let mut table = vec![
        (1, vec![S("Visitor arrivals by market, 2025")]),
        (3, vec![S("Market"), S("Jan 2025"), S("Feb 2025")]),
        (4, vec![S("Japan"), N(1200.0), N(1350.0)]),
        (5, vec![S("Germany"), N(800.0), S("na")]),
        (6, vec![S("Total"), N(2000.0), N(1350.0)]),
        (8, vec![S("Source: the board")]),
    ];
    if let Some(row) = bad_row {
        table.push((7, row));
    }
    xlsx(w, "board.xlsx", &[("Notes", vec![(1, vec![S("Read me first")])]), ("Arrivals", table)])
}

#[test]
fn the_first_sheet_with_figures_is_read_exactly_and_missing_stays_missing() {
    let w = Workdir::new();
    let book = board_workbook(&w, None);
    let out = w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2025-03-05"]).ok();
    assert!(out.stdout.contains("board.xlsx:Arrivals: 3 rows read, 3 added"), "{}", out.stdout);
    let exported = w.run(&["export", "arrivals"]).ok().stdout;
    let rows = common::sorted_rows(&exported);
    assert_eq!(
        rows,
        common::sorted_rows(
            "market,period,arrivals,status,as_of,source\n\
             Germany,2025-01,800,A,2025-03-05,board.xlsx\n\
             Japan,2025-01,1200,A,2025-03-05,board.xlsx\n\
             Japan,2025-02,1350,A,2025-03-05,board.xlsx\n"
        ),
        "{exported}"
    );
}

#[test]
fn a_problem_is_named_by_file_sheet_and_cell_and_nothing_is_written() {
    let w = Workdir::new();
    let book = board_workbook(&w, Some(vec![S("France"), N(40.0), N(12.5)]));
    let err = w.run(&["ingest", "arrivals", book.to_str().unwrap()]).fails().stderr;
    assert!(
        err.contains("board.xlsx:Arrivals!C7: arrivals of France, 2025-02 must be a whole number"),
        "{err}"
    );
    let inspected = w.run(&["inspect", "arrivals", book.to_str().unwrap()]).fails();
    assert!(inspected.stderr.contains("board.xlsx:Arrivals!C7: arrivals of France"), "{}", inspected.stderr);
    // A long table in a sheet: each problem at its cell, a problem of the row at its line.
    let long = xlsx(
        &w,
        "long.xlsx",
        &[(
            "Sheet1",
            vec![
                (1, vec![S("market"), S("period"), S("arrivals")]),
                (2, vec![S("Japan"), S("2025-01"), N(10.0)]),
                (3, vec![S("Japan"), S("2025-13"), S("ten")]),
                (4, vec![S("Japan"), S("2025-01"), N(10.0)]),
            ],
        )],
    );
    let err = w.run(&["ingest", "arrivals", long.to_str().unwrap()]).fails().stderr;
    for expected in [
        "long.xlsx:Sheet1!B3: period",
        "long.xlsx:Sheet1!C3: arrivals must be a whole number",
        "long.xlsx:Sheet1:4: ",
    ] {
        assert!(err.contains(expected), "{expected} in {err}");
    }
    assert!(err.contains("nothing was written"), "{err}");
    assert!(
        !w.store().join("arrivals").exists() || w.run(&["export", "arrivals"]).stdout.lines().count() <= 1
    );
}

#[test]
fn figures_without_a_market_on_their_row_are_refused_not_passed_over() {
    let w = Workdir::new();
    let book = board_workbook(&w, Some(vec![S(""), N(9.5), N(9.75)]));
    let err = w.run(&["ingest", "arrivals", book.to_str().unwrap()]).fails().stderr;
    assert!(
        err.contains("board.xlsx:Arrivals:7: figures on a row with no market in the first column"),
        "{err}"
    );
}

#[test]
fn a_sheet_is_chosen_by_name_or_number_and_a_wrong_one_lists_the_sheets() {
    let w = Workdir::new();
    let book = board_workbook(&w, None);
    let path = book.to_str().unwrap();
    let by_number = w.run(&["ingest", "arrivals", path, "--sheet", "2", "--dry-run"]).ok().stdout;
    assert!(by_number.contains("3 rows read"), "{by_number}");
    let by_name = w.run(&["ingest", "arrivals", path, "--sheet", "arrivals", "--dry-run"]).ok().stdout;
    assert!(by_name.contains("3 rows read"), "{by_name}");
    let err = w.run(&["ingest", "arrivals", path, "--sheet", "Data"]).fails().stderr;
    assert!(err.contains("no sheet \"Data\"; the workbook has 2 (Notes, Arrivals)"), "{err}");
    // The notes sheet holds no figures: said, not an empty success.
    let err = w.run(&["ingest", "arrivals", path, "--sheet", "Notes"]).fails().stderr;
    assert!(err.contains("board.xlsx:Notes"), "{err}");
    // Trial 84 L1: a contents sheet holding a table's number is read last, not first.
    let w = Workdir::new();
    let contents = vec![(1, vec![S("Contents")]), (2, vec![S("Table"), N(1.0), S("Visitor arrivals")])];
    let table = vec![
        (1, vec![S("market"), S("period"), S("arrivals")]),
        (2, vec![S("Japan"), S("2025-01"), N(10.0)]),
    ];
    let book = xlsx(&w, "toc.xlsx", &[("Contents", contents), ("Arrivals", table)]);
    let out = w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2025-02-01"]).ok().stdout;
    assert!(out.contains("toc.xlsx:Arrivals: 1 row read"), "{out}");
    // Review 78 M5: or begun with such a word ("Notes_and_definitions").
    let notes =
        vec![(1, vec![S("Note number"), S("Note text")]), (2, vec![N(1.0), S("Figures are provisional")])];
    let table = vec![
        (1, vec![S("market"), S("period"), S("arrivals")]),
        (2, vec![S("Japan"), S("2025-01"), N(10.0)]),
    ];
    let book = xlsx(&w, "defs.xlsx", &[("Notes_and_definitions", notes), ("Table_1", table)]);
    let out = w
        .run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2025-02-01", "--dry-run"])
        .ok()
        .stdout;
    assert!(out.contains("defs.xlsx:Table_1: 1 row read"), "{out}");
    // Review 77 M6: however its words are joined ("Table_of_contents", as ONS names it).
    let contents = vec![(1, vec![S("Contents")]), (2, vec![S("Table"), N(1.0), S("Visitor arrivals")])];
    let table = vec![
        (1, vec![S("market"), S("period"), S("arrivals")]),
        (2, vec![S("Japan"), S("2025-01"), N(10.0)]),
    ];
    let book = xlsx(&w, "ons.xlsx", &[("Table_of_contents", contents), ("Arrivals", table)]);
    let out = w
        .run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2025-02-01", "--dry-run"])
        .ok()
        .stdout;
    assert!(out.contains("ons.xlsx:Arrivals: 1 row read"), "{out}");
}

#[test]
fn a_broken_workbook_is_refused_with_its_name() {
    let w = Workdir::new();
    let path = w.write("broken.xlsx", b"PK\x03\x04 not really a zip");
    let err = w.run(&["ingest", "arrivals", path.to_str().unwrap()]).fails().stderr;
    assert!(err.contains("broken.xlsx: the workbook does not open"), "{err}");
}

#[test]
fn two_sheets_of_one_workbook_are_two_ingests_not_one_seen_twice() {
    let w = Workdir::new();
    let month = |m: &'static str, jp: f64| vec![(1, vec![S("Market"), S(m)]), (2, vec![S("Japan"), N(jp)])];
    let book =
        xlsx(&w, "months.xlsx", &[("Jan", month("Jan 2025", 100.0)), ("Feb", month("Feb 2025", 110.0))]);
    let path = book.to_str().unwrap();
    let first = w.run(&["ingest", "arrivals", path, "--sheet", "Jan", "--as-of", "2025-03-01"]).ok().stdout;
    assert!(first.contains("months.xlsx:Jan: 1 row read, 1 added"), "{first}");
    let second = w.run(&["ingest", "arrivals", path, "--sheet", "Feb", "--as-of", "2025-03-01"]).ok().stdout;
    assert!(second.contains("months.xlsx:Feb: 1 row read, 1 added"), "{second}");
    let again = w.run(&["ingest", "arrivals", path, "--sheet", "Feb", "--as-of", "2025-03-01"]).ok().stdout;
    assert!(again.contains("already"), "the same sheet again is the same ingest: {again}");
    let rows = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(rows.contains("Japan,2025-01,100,") && rows.contains("Japan,2025-02,110,"), "{rows}");
}

/// Months typed as dates (2024-08-01 shown as Aug-24) are months, as the same table saved as CSV
/// says; a column of dates that are days stays days, and an as_of column stays a day.
#[test]
fn months_typed_as_dates_are_months_and_days_stay_days() {
    let w = Workdir::new();
    let rows = vec![
        (1, vec![S("Month"), S("Japan"), S("Germany")]),
        (2, vec![D(45505), N(10.0), N(20.0)]),
        (3, vec![D(45536), N(11.0), N(21.0)]),
    ];
    let book = xlsx(&w, "months.xlsx", &[("Arr", rows)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2024-11-01"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(stored.contains("Japan,2024-08,10,") && stored.contains("Germany,2024-09,21,"), "{stored}");
    // The same months as a CSV: the same figures, nothing added.
    w.write("months.csv", "Month,Japan,Germany\nAug-24,10,20\nSep-24,11,21\n");
    let out = w.run(&["ingest", "arrivals", "months.csv", "--as-of", "2024-11-01"]).ok().stdout;
    assert!(out.contains("4 unchanged"), "{out}");

    // Trial 84 M1: months typed as their last day, shown as months (Jan-16 for 2016-01-31),
    // are months too; shown with their day, days.
    let w = Workdir::new();
    let rows = vec![(1, vec![S("Country"), D(45535), D(45565)]), (2, vec![S("Japan"), N(10.0), N(11.0)])];
    let book = xlsx(&w, "ends.xlsx", &[("Arr", rows)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2024-11-01"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(stored.contains("Japan,2024-08,10,") && stored.contains("Japan,2024-09,11,"), "{stored}");
    let w = Workdir::new();
    let rows = vec![(1, vec![S("Country"), Y(45535), Y(45565)]), (2, vec![S("Japan"), N(10.0), N(11.0)])];
    let book = xlsx(&w, "ends.xlsx", &[("Arr", rows)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2024-11-01"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(stored.contains("Japan,2024-08-31,10,"), "{stored}");
    // Review 75 L4: a 28 February of a leap year among month ends, shown as a month, is that
    // month; H2: year ends shown as years (`yyyy`) are years, not Decembers.
    let w = Workdir::new();
    let rows = vec![
        (1, vec![S("Country"), D(42400), D(42428), D(42460)]),
        (2, vec![S("Japan"), N(10.0), N(20.0), N(30.0)]),
    ];
    let book = xlsx(&w, "feb.xlsx", &[("Arr", rows)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2017-01-15"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(stored.contains("Japan,2016-02,20,") && stored.contains("Japan,2016-03,30,"), "{stored}");
    let w = Workdir::new();
    let rows = vec![(1, vec![S("Country"), A(42369), A(42735)]), (2, vec![S("Japan"), N(1200.0), N(1300.0)])];
    let book = xlsx(&w, "years.xlsx", &[("Arr", rows)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2017-01-15"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(stored.contains("Japan,2015,1200,") && stored.contains("Japan,2016,1300,"), "{stored}");
    // Review 76 M5: months' first days shown as years stay months.
    let w = Workdir::new();
    let rows = vec![(1, vec![S("Country"), A(42370), A(42401)]), (2, vec![S("Japan"), N(101.0), N(102.0)])];
    let book = xlsx(&w, "firsts.xlsx", &[("Arr", rows)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2017-01-15"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(stored.contains("Japan,2016-01,101,") && stored.contains("Japan,2016-02,102,"), "{stored}");
    // Review 77 H1: years typed as their 1 January, shown as years, are years, not Januaries.
    let w = Workdir::new();
    let rows = vec![(1, vec![S("Country"), A(42005), A(42370)]), (2, vec![S("Japan"), N(1200.0), N(1300.0)])];
    let book = xlsx(&w, "jan.xlsx", &[("Arr", rows)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2017-01-15"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(stored.contains("Japan,2015,1200,") && stored.contains("Japan,2016,1300,"), "{stored}");
    // M4: a year's total shown as a year under its month ends shown as months: both kept, as
    // the sheet saved as CSV holds them; M5: 15ths shown as months, one a month, are months.
    let w = Workdir::new();
    let rows = vec![
        (1, vec![S("Country"), D(43131), D(43159), A(43465)]),
        (2, vec![S("Japan"), N(10.0), N(20.0), N(300.0)]),
    ];
    let book = xlsx(&w, "total.xlsx", &[("Arr", rows)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2019-01-15"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(
        stored.contains("Japan,2018-01,10,")
            && stored.contains("Japan,2018-02,20,")
            && stored.contains("Japan,2018,300,"),
        "{stored}"
    );
    let w = Workdir::new();
    let rows = vec![(1, vec![S("Country"), D(43480), D(43511)]), (2, vec![S("Japan"), N(10.0), N(11.0)])];
    let book = xlsx(&w, "mid.xlsx", &[("Arr", rows)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2019-03-15"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(stored.contains("Japan,2019-01,10,") && stored.contains("Japan,2019-02,11,"), "{stored}");

    // Review 80 H1: a long table's years, each in a row a market, shown as years, are years.
    let w = Workdir::new();
    let long = vec![
        (1, vec![S("market"), S("period"), S("arrivals")]),
        (2, vec![S("China"), A(44562), N(1000.0)]),
        (3, vec![S("Japan"), A(44562), N(700.0)]),
        (4, vec![S("China"), A(44927), N(1200.0)]),
        (5, vec![S("Japan"), A(44927), N(800.0)]),
    ];
    let book = xlsx(&w, "years_long.xlsx", &[("Arr", long)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2024-02-01"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(stored.contains("China,2022,1000,") && stored.contains("Japan,2023,800,"), "{stored}");
    // Review 81 L1: a January shown as its year ("2023") among months shown "mmm" is January,
    // in a long table and in a wide one; beside a January shown as a month, the year's total
    // (one that is the sum of the months beside it is read as their total column).
    let w = Workdir::new();
    let long = vec![
        (1, vec![S("market"), S("period"), S("arrivals")]),
        (2, vec![S("China"), A(44927), N(1001.0)]),
        (3, vec![S("China"), D(44958), N(1002.0)]),
        (4, vec![S("China"), D(44986), N(1003.0)]),
        (5, vec![S("Japan"), A(44927), N(701.0)]),
        (6, vec![S("Japan"), D(44958), N(702.0)]),
    ];
    let book = xlsx(&w, "jan_long.xlsx", &[("Arr", long)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2024-02-01"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(
        stored.contains("China,2023-01,1001,")
            && stored.contains("Japan,2023-01,701,")
            && !stored.contains(",2023,"),
        "{stored}"
    );
    let w = Workdir::new();
    let rows = vec![
        (1, vec![S("Country"), A(44927), D(44958), D(44986)]),
        (2, vec![S("Japan"), N(10.0), N(11.0), N(12.0)]),
    ];
    let book = xlsx(&w, "jan_wide.xlsx", &[("Arr", rows)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2024-02-01"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(stored.contains("Japan,2023-01,10,") && stored.contains("Japan,2023-03,12,"), "{stored}");
    let w = Workdir::new();
    let rows = vec![
        (1, vec![S("Country"), D(44927), D(44958), A(44927)]),
        (2, vec![S("Japan"), N(10.0), N(11.0), N(150.0)]),
    ];
    let book = xlsx(&w, "jan_total.xlsx", &[("Arr", rows)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2024-02-01"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(stored.contains("Japan,2023-01,10,") && stored.contains("Japan,2023,150,"), "{stored}");
    // Review 84 M3: a January shown as its year and, after December, the year's total shown
    // so too: the first is January, the second the total.
    let w = Workdir::new();
    let long = vec![
        (1, vec![S("market"), S("period"), S("arrivals")]),
        (2, vec![S("China"), A(44927), N(1001.0)]),
        (3, vec![S("China"), D(44958), N(1002.0)]),
        (4, vec![S("China"), A(44927), N(5000.0)]),
        (5, vec![S("China"), A(45292), N(1101.0)]),
        (6, vec![S("China"), D(45323), N(1102.0)]),
    ];
    let book = xlsx(&w, "jan_and_total.xlsx", &[("Arr", long)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2024-03-01"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(
        stored.contains("China,2023-01,1001,")
            && stored.contains("China,2023,5000,")
            && stored.contains("China,2024-01,1101,"),
        "{stored}"
    );
    // Review 78 H3: a year to date shown as a year beside them stays a day, and they years.
    let w = Workdir::new();
    let rows = vec![
        (1, vec![S("Country"), A(44562), A(44927), A(45382)]),
        (2, vec![S("Japan"), N(300.0), N(310.0), N(80.0)]),
    ];
    let book = xlsx(&w, "ytd.xlsx", &[("Arr", rows)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2024-04-20"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(
        stored.contains("Japan,2022,300,")
            && stored.contains("Japan,2023,310,")
            && stored.contains("Japan,2024-03-31,80,"),
        "{stored}"
    );
    // H1: a column of the day of publication named as the vintage (`--column as_of=...`),
    // shown as months on a 15th: no part of the periods' months.
    let w = Workdir::new();
    let long = vec![
        (1, vec![S("market"), S("period"), S("arrivals"), S("Published")]),
        (2, vec![S("Japan"), D(44957), N(10.0), D(45397)]),
        (3, vec![S("Japan"), D(44985), N(11.0), D(45397)]),
        (4, vec![S("Japan"), D(45322), N(12.0), D(45397)]),
        (5, vec![S("Japan"), D(45351), N(13.0), D(45397)]),
    ];
    let book = xlsx(&w, "pub.xlsx", &[("Arr", long)]);
    // (Named in any case: review 80 H2.)
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--column", "as_of=published"]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(
        stored.contains("Japan,2023-01,10,A,2024-04-15") && stored.contains("Japan,2024-02,13,A,2024-04-15"),
        "{stored}"
    );

    let w = Workdir::new();
    let long = vec![
        (1, vec![S("market"), S("period"), S("arrivals"), S("as_of")]),
        (2, vec![S("Japan"), D(45505), N(5.0), D(45689)]),
        (3, vec![S("Japan"), D(45506), N(6.0), D(45689)]),
    ];
    let book = xlsx(&w, "days.xlsx", &[("Daily", long)]);
    w.run(&["ingest", "arrivals", book.to_str().unwrap()]).ok();
    let stored = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(
        stored.contains("Japan,2024-08-01,5,A,2025-02-01")
            && stored.contains("Japan,2024-08-02,6,A,2025-02-01"),
        "{stored}"
    );
}

#[test]
fn a_report_sheet_of_several_tables_loads_the_one_named_and_lists_them_otherwise() {
    let w = Workdir::new();
    let book = xlsx(
        &w,
        "report.xlsx",
        &[(
            "Report",
            vec![
                (1, vec![S("Table 1 Visitor arrivals by country of residence")]),
                (2, vec![S("Country"), S("Jan 2025"), S("Feb 2025")]),
                (3, vec![S("China"), N(10.0), N(11.0)]),
                (4, vec![S("Japan"), N(20.0), N(21.0)]),
                (5, vec![S("Total visitor arrivals(1)"), N(30.0), N(32.0)]),
                (7, vec![S("Table 2 Hotel nights by country of residence")]),
                (8, vec![S("Country"), S("Jan 2025"), S("Feb 2025")]),
                (9, vec![S("China"), N(100.0), N(110.0)]),
                (10, vec![S("(1) Visitors staying at least one night.")]),
            ],
        )],
    );
    let path = book.to_str().unwrap();
    let err = w.run(&["ingest", "arrivals", path]).fails().stderr;
    assert!(
        err.contains("the sheet holds 2 tables, one under the other: 1 (header on line 2, under \"Table 1 Visitor arrivals by country of residence\"); 2 (header on line 8, under \"Table 2 Hotel nights"),
        "{err}"
    );
    assert!(err.contains("--table N (or a word of its title)"), "{err}");
    let err = w.run(&["ingest", "arrivals", path, "--table", "residence"]).fails().stderr;
    assert!(err.contains("--table residence: 2 tables have it in their title"), "{err}");
    let out =
        w.run(&["ingest", "arrivals", path, "--table", "arrivals", "--as-of", "2025-03-05"]).ok().stdout;
    assert!(out.contains("4 rows read, 4 added"), "{out}");
    let nights = w.run(&["inspect", "arrivals", path, "--table", "2"]).ok().stdout;
    assert!(nights.contains("another table of the sheet: passed over (--table picks one)"), "{nights}");
    assert!(nights.contains("rows as they would be stored: 2"), "{nights}");
    let exported = w.run(&["export", "arrivals"]).ok().stdout;
    assert_eq!(
        common::sorted_rows(&exported),
        common::sorted_rows(
            "market,period,arrivals,status,as_of,source\n\
             China,2025-01,10,A,2025-03-05,report.xlsx\n\
             China,2025-02,11,A,2025-03-05,report.xlsx\n\
             Japan,2025-01,20,A,2025-03-05,report.xlsx\n\
             Japan,2025-02,21,A,2025-03-05,report.xlsx\n"
        )
    );
}

#[test]
fn a_table_that_starts_in_column_c_is_read_from_there_and_its_cells_keep_their_names() {
    let w = Workdir::new();
    let book = xlsx(
        &w,
        "offset.xlsx",
        &[(
            "Report",
            vec![
                (1, vec![S("Visitor arrivals (in thousands)")]),
                (3, vec![E, E, S("Country"), S("Jan 2025"), S("Feb 2025")]),
                (4, vec![E, E, S("China"), N(10.0), N(11.0)]),
                (5, vec![E, E, S("Japan"), N(20.0), S("lots")]),
            ],
        )],
    );
    let path = book.to_str().unwrap();
    // The title in A1 says the unit: never read past, though the table starts in column C.
    let err = w.run(&["ingest", "arrivals", path]).fails().stderr;
    assert!(err.contains("offset.xlsx:Report:1: the title \"Visitor arrivals (in thousands)\" says the figures are in thousands"), "{err}");
    let err = w.run(&["ingest", "arrivals", path, "--unit", "ones"]).fails().stderr;
    assert!(err.contains("offset.xlsx:Report!E5: arrivals of Japan, 2025-02 must be a number >= 0"), "{err}");
    let shown = w.run(&["inspect", "arrivals", path]).fails().stdout;
    assert!(shown.contains("   C       Country   the market of each row"), "{shown}");
    assert!(shown.contains("unit: thousands, from the title on line 1"), "{shown}");
    let fixed = xlsx(
        &w,
        "offset2.xlsx",
        &[(
            "Report",
            vec![
                (3, vec![E, E, S("Country"), S("Jan 2025"), S("Feb 2025")]),
                (4, vec![E, E, S("China"), N(10.0), N(11.0)]),
            ],
        )],
    );
    let out = w.run(&["ingest", "arrivals", fixed.to_str().unwrap()]).ok().stdout;
    assert!(out.contains("2 rows read, 2 added"), "{out}");
}

/// A sheet named with a space is quoted in cell names as a spreadsheet writes it, and a column
/// of figures passed over is named by the sheet's letters where the table starts right of A.
#[test]
fn cells_are_named_as_the_spreadsheet_names_them() {
    let w = Workdir::new();
    let book = xlsx(
        &w,
        "spaced.xlsx",
        &[(
            "Arrivals 2025",
            vec![
                (1, vec![S("Country"), S("Jan 2025"), S("Feb 2025")]),
                (2, vec![S("China"), N(10.0), S("lots")]),
            ],
        )],
    );
    let err = w.run(&["ingest", "arrivals", book.to_str().unwrap()]).fails().stderr;
    assert!(
        err.contains("spaced.xlsx:'Arrivals 2025'!C2: arrivals of China, 2025-02 must be a whole number"),
        "{err}"
    );
    let book = xlsx(
        &w,
        "offset.xlsx",
        &[(
            "Report",
            vec![
                (3, vec![E, E, S("Country"), S("Jan 2025"), S("Feb 2025 (x)")]),
                (4, vec![E, E, S("China"), N(10.0), N(11.0)]),
            ],
        )],
    );
    let err = w.run(&["ingest", "arrivals", book.to_str().unwrap()]).fails().stderr;
    assert!(err.contains("column E holds figures that would be passed over"), "{err}");
    // inspect refuses what ingest refuses: --add-markets adds markets of figures only.
    let m = w.write("m.csv", "market,parent\nAsia,\n");
    let err = w.run(&["inspect", "markets", m.to_str().unwrap(), "--add-markets", "Asia"]).fails().stderr;
    assert!(err.contains("--add-markets adds the markets of a file of arrivals or targets"), "{err}");
}

#[test]
fn a_number_cell_is_its_number_whatever_the_text_cells_beside_it_write() {
    let w = Workdir::new();
    // A German table in thousands: its text cells write decimals with a comma, its number
    // cells hold 1.234 (1,234 arrivals) and 1.005 (1,005).
    let book = xlsx(
        &w,
        "tsd.xlsx",
        &[(
            "Tab",
            vec![
                (1, vec![S("Ankünfte (in Tsd.)")]),
                (2, vec![S("Land"), S("Jan 2025"), S("Feb 2025")]),
                (3, vec![S("China"), N(1.234), S("2,5")]),
                (4, vec![S("Japan"), N(1234.5), S("1.234,5")]),
            ],
        )],
    );
    let book = book.to_str().unwrap();
    let flags = ["--unit", "thousands", "--as-of", "2025-03-05"];
    w.run(&[&["ingest", "arrivals", book, "--decimal", ","][..], &flags].concat()).ok();
    let rows = common::sorted_rows(&w.run(&["export", "arrivals"]).ok().stdout);
    let expected = [
        "China,2025-01,1234,A,2025-03-05,tsd.xlsx",
        "China,2025-02,2500,A,2025-03-05,tsd.xlsx",
        "Japan,2025-01,1234500,A,2025-03-05,tsd.xlsx",
        "Japan,2025-02,1234500,A,2025-03-05,tsd.xlsx",
    ];
    assert_eq!(rows[1..], expected.map(String::from), "{rows:?}");

    // In an English table, the number 1.005 is no "thousand with a dot": it is 1,005 arrivals.
    let w = Workdir::new();
    let book = xlsx(
        &w,
        "k.xlsx",
        &[("Tab", vec![(1, vec![S("Market"), S("Jan 2025")]), (2, vec![S("China"), N(1.005)])])],
    );
    w.run(&[&["ingest", "arrivals", book.to_str().unwrap()][..], &flags].concat()).ok();
    assert!(w.run(&["export", "arrivals"]).ok().stdout.contains("China,2025-01,1005,A"));
}

/// Trial 29 #1: numbers shown in thousands by their format ("#,##0,") under a title in
/// thousands were stored a thousand times too big with --unit thousands.
#[test]
fn numbers_a_format_shows_in_thousands_are_read_as_shown() {
    let w = Workdir::new();
    let book = xlsx(
        &w,
        "fmt.xlsx",
        &[(
            "Tab",
            vec![
                (1, vec![S("Visitor arrivals (in thousands)")]),
                (2, vec![S("Market"), S("Jan 2025")]),
                (3, vec![S("Germany"), K(1234567.0)]),
            ],
        )],
    );
    let book = book.to_str().unwrap();
    w.run(&["ingest", "arrivals", book, "--as-of", "2025-03-05"]).fails();
    // inspect applies the title's unit to the rows it shows, and shows them as they are stored.
    let shown = w.run(&["inspect", "arrivals", book, "--as-of", "2025-03-05"]).stdout;
    assert!(shown.contains("needs --unit thousands") && shown.contains("1234567"), "{shown}");
    assert!(!shown.contains("1234567000"), "{shown}");
    w.run(&["ingest", "arrivals", book, "--as-of", "2025-03-05", "--unit", "thousands"]).ok();
    assert!(w.run(&["export", "arrivals"]).ok().stdout.contains("Germany,2025-01,1234567,A"));
    // Without a unit, such a number is the number it is (a table rounded to thousands).
    let w = Workdir::new();
    let book = xlsx(
        &w,
        "plain.xlsx",
        &[("Tab", vec![(1, vec![S("Market"), S("Jan 2025")]), (2, vec![S("Germany"), K(1234000.0)])])],
    );
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2025-03-05"]).ok();
    assert!(w.run(&["export", "arrivals"]).ok().stdout.contains("Germany,2025-01,1234000,A"));
}

/// Trial 29 #6, #7: formulas whose values were never saved were stored as "marked missing";
/// dates shown with their day (yyyy-mm-dd) on the first of each month were read as months,
/// where the same header in a CSV file is asked about.
#[test]
fn unsaved_formulas_are_refused_and_dates_shown_with_their_day_are_days() {
    let w = Workdir::new();
    let book = xlsx(
        &w,
        "f.xlsx",
        &[(
            "Tab",
            vec![
                (1, vec![S("Market"), S("Jan 2025"), S("Feb 2025")]),
                (2, vec![S("Germany"), N(100.0), F("B2*2")]),
            ],
        )],
    );
    let err = w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2025-03-05"]).fails().stderr;
    assert!(err.contains("has formulas whose values were never saved (C2 (=B2*2))"), "{err}");
    // 45658 and 45689: 2025-01-01 and 2025-02-01.
    let book = xlsx(
        &w,
        "d.xlsx",
        &[(
            "Tab",
            vec![(1, vec![S("Market"), Y(45658), Y(45689)]), (2, vec![S("Germany"), N(100.0), N(200.0)])],
        )],
    );
    let err = w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2025-03-05"]).fails().stderr;
    assert!(err.contains("every period of the header is the first day of a month"), "{err}");
    assert!(!w.store().join("arrivals").exists());
}

/// Trial 69 M4, M5: a workbook whose figures are all typed as text (`1 200.5`), as offices'
/// often are, was refused as holding no number unless its sheet was named; a provisional mark
/// printed after the figure in brackets (`1 350.0 (p)`) was refused.
#[test]
fn figures_typed_as_text_are_found_and_a_status_in_brackets_is_read() {
    let w = Workdir::new();
    let table = vec![
        (1, vec![S("Visitor arrivals by market, 2025 (thousands)")]),
        (3, vec![S("Market"), S("Jan 2025"), S("Feb 2025")]),
        (4, vec![S("Japan"), S("1 200.5"), S("1 350.0 (p)")]),
        (5, vec![S("Germany"), S("800.0"), S("..")]),
        (7, vec![S("(p) provisional.")]),
    ];
    let notes = vec![(1, vec![S("Updated 2025")]), (2, vec![S("Read me first")])];
    let book = xlsx(&w, "text.xlsx", &[("Notes", notes), ("Arrivals", table)]);
    let out = w
        .run(&["ingest", "arrivals", book.to_str().unwrap(), "--unit", "thousands", "--as-of", "2025-03-05"])
        .ok();
    assert!(out.stdout.contains("text.xlsx:Arrivals: 3 rows read, 3 added"), "{}", out.stdout);
    let exported = w.run(&["export", "arrivals"]).ok().stdout;
    assert_eq!(
        common::sorted_rows(&exported),
        common::sorted_rows(
            "market,period,arrivals,status,as_of,source\n\
             Germany,2025-01,800000,A,2025-03-05,text.xlsx\n\
             Japan,2025-01,1200500,A,2025-03-05,text.xlsx\n\
             Japan,2025-02,1350000,P,2025-03-05,text.xlsx\n"
        ),
        "{exported}"
    );
    // A workbook of notes alone still says it has no figures.
    let none = xlsx(&w, "none.xlsx", &[("Notes", vec![(1, vec![S("Updated 2025")])])]);
    let err = w.run(&["ingest", "arrivals", none.to_str().unwrap()]).fails().stderr;
    assert!(err.contains("no sheet of the workbook holds a number, nor a figure written as text"), "{err}");
}

/// A sheet of a long table under a title and above a source line (an empty row between each),
/// as a CSV of it is read: passed over and said by its rows; a unit its title states must be
/// given.
#[test]
fn a_long_tables_title_and_source_rows_in_a_sheet_are_passed_over_and_said() {
    let w = Workdir::new();
    let book = xlsx(
        &w,
        "titled.xlsx",
        &[(
            "Arrivals",
            vec![
                (1, vec![S("Visitor arrivals by market, 2025")]),
                (3, vec![S("market"), S("period"), S("arrivals")]),
                (4, vec![S("Japan"), S("2025-01"), N(1200.0)]),
                (5, vec![S("China"), S("2025-01"), N(900.0)]),
                (7, vec![S("Source: Office of Tourism")]),
            ],
        )],
    );
    let out = w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--as-of", "2025-03-05"]).ok();
    assert!(
        out.stderr.contains("titled.xlsx:Arrivals: rows 1-2 above the header (\"Visitor arrivals by market, 2025\"): the file's title, passed over")
            && out.stderr.contains("titled.xlsx:Arrivals: row 7 below the rows (\"Source: Office of Tourism\"): footnotes, passed over"),
        "{}",
        out.stderr
    );
    let exported = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(
        exported.contains("Japan,2025-01,1200,") && exported.contains("China,2025-01,900,"),
        "{exported}"
    );
    let book = xlsx(
        &w,
        "thousands.xlsx",
        &[(
            "Arrivals",
            vec![
                (1, vec![S("Visitor arrivals (thousands)")]),
                (2, vec![S("market"), S("period"), S("arrivals")]),
                (3, vec![S("Japan"), S("2025-02"), N(1.5)]),
            ],
        )],
    );
    let err = w.run(&["ingest", "arrivals", book.to_str().unwrap()]).fails().stderr;
    assert!(
        err.contains("the title \"Visitor arrivals (thousands)\" says the figures are in thousands"),
        "{err}"
    );
    w.run(&["ingest", "arrivals", book.to_str().unwrap(), "--unit", "thousands"]).ok();
    assert!(w.run(&["export", "arrivals"]).ok().stdout.contains("Japan,2025-02,1500,"));
}
