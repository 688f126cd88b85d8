//! Every flag that takes a number or a date, fed extreme values: a clear message and a non-zero
//! exit, never a panic. Regression (hardening issue, defect 2): `pace --lead 100000000` exited
//! 101 with a chrono backtrace.

mod common;

use std::sync::OnceLock;

use common::Workdir;

fn sample() -> &'static Workdir {
    static SAMPLE: OnceLock<Workdir> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let w = Workdir::new();
        w.ingest_sample();
        w
    })
}

#[test]
fn a_lead_of_a_hundred_million_days_is_refused_not_a_panic() {
    let out = sample().run(&["pace", "--travel", "2025-06-01..2025-12-31", "--lead", "100000000"]).fails();
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("--lead") && out.stderr.contains("0..=3660"), "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

#[test]
fn extreme_values_of_every_number_and_date_flag_never_panic() {
    let w = sample();
    let numbers = ["-1", "0", "99999999999999999999", "-9223372036854775808", "4294967296", "1e9", "NaN", ""];
    let dates = ["0001-01-01", "9999-12-31", "1899-12-31", "2200-12-31", "2025-02-30", "2025-06", "x"];
    let windows =
        ["1900-01-01..2200-12-31", "2200-12-31", "1900-01", "2025-12-31..2025-01-01", "1900-Q1", "9999"];
    let mut commands: Vec<Vec<String>> = Vec::new();
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for n in numbers {
        commands.push(owned(&["pace", "--travel", "2025-Q3", "--lead", n]));
        commands.push(owned(&["pace", "--travel", "2025-Q3", "--step", n]));
        commands.push(owned(&["summary", "--year", n]));
        commands.push(owned(&["summary", "--base", n]));
        commands.push(owned(&["summary", "--depth", n]));
        commands.push(owned(&["shortfall", "--year", n]));
        commands.push(owned(&["chart", "trend", "--width", n, "-o", "t.png"]));
        commands.push(owned(&["chart", "trend", "--height", n, "-o", "t.png"]));
        commands.push(owned(&["chart", "target", "--year", n, "-o", "t.png"]));
        commands.push(owned(&["chart", "pace", "--travel", "2025-Q3", "--lead", n, "-o", "t.png"]));
    }
    for d in dates {
        commands.push(owned(&["otb", "--as-of", d, "--travel", "2025-Q3"]));
        commands.push(owned(&["summary", "--as-of", d]));
        commands.push(owned(&["shortfall", "--year", "2025", "--as-of", d]));
        commands.push(owned(&["pace", "--travel", "2025-Q3", "--as-of", d]));
        commands.push(owned(&["export", "arrivals", "--as-of", d]));
        commands.push(owned(&["summary", "--through", d]));
        commands.push(owned(&["ingest", "arrivals", "none.csv", "--as-of", d, "--dry-run"]));
    }
    for t in windows {
        commands.push(owned(&["otb", "--as-of", "2025-07-01", "--travel", t]));
        commands.push(owned(&["otb", "--as-of", "2025-07-01", "--travel", t, "--ly", "calendar"]));
        commands.push(owned(&["pace", "--travel", t, "--lead", "3660"]));
        commands.push(owned(&["chart", "yoy", "--as-of", "2025-07-01", "--travel", t, "-o", "y.png"]));
    }
    for args in &commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = w.run(&args);
        assert_ne!(out.status.code(), Some(101), "{args:?} panicked:\n{}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{args:?}:\n{}", out.stderr);
        if !out.status.success() {
            assert!(
                out.stderr.lines().any(|l| l.starts_with("error")),
                "{args:?} failed without a message:\n{}",
                out.stderr
            );
        }
    }
}

/// A long file that names its columns otherwise loads once they are named, a column passed
/// over on request; a second reading of the same file with other names is a new ingest.
#[test]
fn a_long_file_with_its_own_column_names_loads_with_column_flags() {
    let w = Workdir::new();
    w.write(
        "pax.csv",
        "port_country,month,passengers_in,passengers_out\nJapan,2025-01,1200,900\nGermany,2025-01,800,750\n",
    );
    let err = w.run(&["ingest", "arrivals", "pax.csv"]).fails().stderr;
    assert!(
        err.contains(
            "say so: --column market=port_country --column period=month --column arrivals=passengers_in"
        ),
        "{err}"
    );
    // A table (periods as rows) is no long file: --column there is refused, never ignored.
    w.write("wide.csv", "Month,Japan,Germany\nNov-24,31,41\n");
    let err = w.run(&["ingest", "arrivals", "wide.csv", "--column", "skip=Germany"]).fails().stderr;
    assert!(err.contains("wide.csv:1: the header of an arrivals file must be"), "{err}");
    let err = w.run(&["ingest", "arrivals", "wide.csv", "--sheet", "2"]).fails().stderr;
    assert!(err.contains("--sheet is for workbooks"), "{err}");
    let names =
        ["--column", "market=port_country", "--column", "period=month", "--column", "arrivals=passengers_in"];
    let err = w.run(&[&["ingest", "arrivals", "pax.csv"][..], &names].concat()).fails().stderr;
    assert!(err.contains("--column skip=passengers_out"), "{err}");
    let skip = ["--column", "skip=passengers_out", "--as-of", "2025-02-10"];
    let out = w.run(&[&["ingest", "arrivals", "pax.csv"][..], &names, &skip].concat()).ok().stdout;
    assert!(out.contains("2 rows read, 2 added"), "{out}");
    let rows = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(
        rows.contains("Japan,2025-01,1200,A,2025-02-10") && rows.contains("Germany,2025-01,800,A"),
        "{rows}"
    );
    // The other column as arrivals is another reading of the file: not "already ingested", and
    // its different figures are refused as a conflict with what is stored.
    let other = [
        "--column",
        "market=port_country",
        "--column",
        "period=month",
        "--column",
        "arrivals=passengers_out",
    ];
    let skip_in = ["--column", "skip=passengers_in", "--as-of", "2025-02-10"];
    let err = w.run(&[&["ingest", "arrivals", "pax.csv"][..], &other, &skip_in].concat()).fails().stderr;
    assert!(!err.contains("already ingested") && err.contains("Japan"), "{err}");
    let err = w.run(&["ingest", "arrivals", "pax.csv", "--column", "period"]).fails().stderr;
    assert!(err.contains("COLUMN=HEADER names a long file's column"), "{err}");
}

/// A publisher's spellings load through a market map, stored under the tree's names; a map
/// that contradicts the tree or itself is refused with every problem on its line.
#[test]
fn a_market_map_gives_a_publishers_spellings_their_markets() {
    let w = Workdir::new();
    w.write("markets.csv", "market,parent\nTotal,\nAsia,Total\nSouth Korea,Asia\nJapan,Asia\n");
    w.run(&["ingest", "markets", "markets.csv"]).ok();
    w.write("jan.csv", "market,period,arrivals\nKorea (South),2025-01,50\nJAPAN,2025-01,10\n");
    let err = w.run(&["ingest", "arrivals", "jan.csv"]).fails().stderr;
    assert!(err.contains("unknown market \"Korea (South)\"") && err.contains("--market-map"), "{err}");
    w.write(
        "bad.csv",
        "name,market\nKorea (South),South Korea\nKorea (South),Japan\nJapan,South Korea\nX,Nowhere\n",
    );
    let err = w.run(&["ingest", "arrivals", "jan.csv", "--market-map", "bad.csv"]).fails().stderr;
    assert!(err.contains("bad.csv:3: \"Korea (South)\" is mapped to \"South Korea\" on line 2"), "{err}");
    assert!(err.contains("bad.csv:4: \"Japan\" is the market \"Japan\" in the tree"), "{err}");
    assert!(err.contains("bad.csv:5: unknown market \"Nowhere\""), "{err}");
    w.write("map.csv", "name,market\nKorea (South),south korea\n");
    let args = ["ingest", "arrivals", "jan.csv", "--market-map", "map.csv", "--as-of", "2025-02-01"];
    let out = w.run(&args).ok().stdout;
    assert!(out.contains("2 rows read, 2 added"), "{out}");
    let rows = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(rows.contains("South Korea,2025-01,50,") && !rows.contains("Korea (South)"), "{rows}");
    // The map is for the ingest only: the tree itself is unchanged.
    let markets = w.run(&["export", "markets"]).ok().stdout;
    assert!(!markets.contains("Korea (South)"), "{markets}");
}

/// Figures published in thousands: `--unit thousands` stores whole people; a table whose title
/// gives its unit is never read past silently; decimals that are not whole people, and a unit
/// for booking flows, are refused.
#[test]
fn figures_in_thousands_are_stored_as_people_and_a_titles_unit_is_never_ignored() {
    let w = Workdir::new();
    w.write("long.csv", "market,period,arrivals\nJapan,2025-01,12.5\nChina,2025-01,\"1,234.567\"\n");
    let out = w
        .run(&["ingest", "arrivals", "long.csv", "--unit", "thousands", "--as-of", "2025-02-01"])
        .ok()
        .stdout;
    assert!(out.contains("2 rows read, 2 added"), "{out}");
    let rows = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(rows.contains("Japan,2025-01,12500,") && rows.contains("China,2025-01,1234567,"), "{rows}");
    // Without the unit, 12.5 people is refused as before.
    let err = w.run(&["ingest", "arrivals", "long.csv", "--as-of", "2025-03-01"]).fails().stderr;
    assert!(err.contains("must be a whole number >= 0, got \"12.5\""), "{err}");

    w.write(
        "table.csv",
        "Visitor arrivals by country (in thousands)\nCountry,2024,2025\nKorea,10.5,11.25\nIndia,3,4.2\n",
    );
    let err = w.run(&["ingest", "arrivals", "table.csv", "--as-of", "2026-02-01"]).fails().stderr;
    assert!(
        err.contains("table.csv:1: the title \"Visitor arrivals by country (in thousands)\" says the figures are in thousands; --unit thousands reads them so"),
        "{err}"
    );
    w.run(&["ingest", "arrivals", "table.csv", "--unit", "thousands", "--as-of", "2026-02-01"]).ok();
    let rows = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(rows.contains("Korea,2025,11250,") && rows.contains("India,2024,3000,"), "{rows}");

    w.write("odd.csv", "market,period,arrivals\nPeru,2025-01,1.2345\n");
    // Without the unit it is refused (12.5 may be thousands); with it, an estimate's decimals
    // are kept, the decimal point moved, never rounded to whole people.
    let err = w.run(&["ingest", "arrivals", "odd.csv"]).fails().stderr;
    assert!(err.contains("must be a whole number >= 0, got \"1.2345\""), "{err}");
    assert!(err.contains("a figure with decimals needs --unit"), "{err}");
    w.run(&["ingest", "arrivals", "odd.csv", "--unit", "thousands"]).ok();
    let rows = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(rows.contains("Peru,2025-01,1234.5,"), "{rows}");
    w.write("b.csv", "booked_on,travel_date,market,seats\n2025-01-01,2025-02-01,Japan,3\n");
    let err = w.run(&["ingest", "bookings", "b.csv", "--unit", "thousands"]).fails().stderr;
    assert!(err.contains("--unit is for figures published in thousands or millions"), "{err}");
}

/// A table whose periods are months alone ("January") takes its year from --year; without it
/// the file is refused with the flag named, and the year its name gives.
#[test]
fn months_without_a_year_take_it_from_the_year_flag() {
    let w = Workdir::new();
    w.write(
        "2015-arrivals.csv",
        "Visitor arrivals 2015\nCountry,January,February,March\nJapan,10,11,12\nChina,20,\"2,100\",na\n",
    );
    let err = w.run(&["ingest", "arrivals", "2015-arrivals.csv"]).fails().stderr;
    assert!(err.contains("2015-arrivals.csv:2: the periods are months without their year"), "{err}");
    assert!(err.contains("the title and the file's name say 2015: --year 2015"), "{err}");
    w.run(&["ingest", "arrivals", "2015-arrivals.csv", "--year", "2015", "--as-of", "2016-01-01"]).ok();
    let rows = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(
        rows.contains("Japan,2015-01,10,")
            && rows.contains("China,2015-02,2100,")
            && !rows.contains("China,2015-03"),
        "{rows}"
    );
    // Months as rows, and a Buddhist Era year.
    w.write("rows.csv", "Month,Japan,China\nJanuary,5,6\nFebruary,7,8\n");
    let err = w.run(&["ingest", "arrivals", "rows.csv", "--year", "2559"]).fails().stderr;
    assert!(err.contains("--calendar be"), "{err}");
    w.run(&["ingest", "arrivals", "rows.csv", "--year", "2559", "--calendar", "be", "--as-of", "2017-01-01"])
        .ok();
    let rows = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(rows.contains("Japan,2016-02,7,") && rows.contains("China,2016-01,6,"), "{rows}");
}

/// From a new-user trial: two markets whose names differ only in punctuation are refused, a
/// unit flag that contradicts the title is refused, and "1,234" thousands with a decimal comma
/// is 1,234 people.
#[test]
fn names_that_would_merge_and_units_that_contradict_are_refused() {
    let w = Workdir::new();
    w.write("markets.csv", "market,parent\nKorea (Republic of),\n\"Korea, Republic of\",\n");
    let err = w.run(&["ingest", "markets", "markets.csv"]).fails().stderr;
    assert!(err.contains("differ only in accents or punctuation"), "{err}");
    w.write("t.csv", "Arrivals (in thousands)\nCountry,2024,2025\nGermany,1.3,1.4\n");
    let err = w.run(&["ingest", "arrivals", "t.csv", "--unit", "millions"]).fails().stderr;
    assert!(err.contains("says the figures are in thousands, --unit says millions"), "{err}");
    w.write("x.csv", "Tourist arrivals (x 1000)\nCountry,2024,2025\nGermany,1.3,1.4\n");
    let err = w.run(&["ingest", "arrivals", "x.csv"]).fails().stderr;
    assert!(err.contains("--unit thousands"), "{err}");
    w.write("c.csv", "market,period,arrivals\nGermany,2025-01,\"1,234\"\n");
    w.run(&["ingest", "arrivals", "c.csv", "--unit", "thousands", "--decimal", ",", "--as-of", "2025-02-01"])
        .ok();
    let rows = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(rows.contains("Germany,2025-01,1234,"), "{rows}");
}

/// Publishers group thousands with a space (France, the Nordics: "5 100"), an apostrophe
/// (Switzerland: "5'100") or in lakhs (India: "1,23,456"); each reads as written. A figure
/// whose comma can only be a decimal mark ("1 234,5") is refused in a file read with the point,
/// never taken for 1,234,5 or 12,345, and the message says what --decimal , makes of it.
#[test]
fn thousands_grouped_by_spaces_apostrophes_and_lakhs_read_as_written() {
    let w = Workdir::new();
    w.write(
        "wide.csv",
        "Country,Jan 2025,Feb 2025\nFrance,\"5 100\",\"12\u{a0}345\"\nSwitzerland,5'100,\"1\u{2019}234\"\nIndia,\"1,23,456\",\"12,34,567\"\n",
    );
    w.run(&["ingest", "arrivals", "wide.csv", "--add-markets", "World", "--as-of", "2025-03-01"]).ok();
    let rows = w.run(&["export", "arrivals"]).ok().stdout;
    for row in [
        "France,2025-01,5100,",
        "France,2025-02,12345,",
        "Switzerland,2025-01,5100,",
        "Switzerland,2025-02,1234,",
        "India,2025-01,123456,",
        "India,2025-02,1234567,",
    ] {
        assert!(rows.contains(row), "{row} in {rows}");
    }

    w.write("fr.csv", "Country,Mar 2025\nFrance,\"1 234,5\"\n");
    let err = w.run(&["ingest", "arrivals", "fr.csv", "--as-of", "2025-04-01"]).fails().stderr;
    assert!(
        err.contains("must be a whole number >= 0 or a missing marker (na, -, ..), got \"1 234,5\"; --decimal , reads it as 1234.5, with --unit (ones keeps its decimals)"),
        "{err}"
    );
    w.run(&["ingest", "arrivals", "fr.csv", "--decimal", ",", "--unit", "ones", "--as-of", "2025-04-01"])
        .ok();
    let rows = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(rows.contains("France,2025-03,1234.5,"), "{rows}");

    // "0,500" is no five hundred: a group of thousands never starts with 0.
    w.write("half.csv", "Country,May 2025\nFrance,\"0,500\"\n");
    let err = w
        .run(&["ingest", "arrivals", "half.csv", "--unit", "thousands", "--as-of", "2025-06-01"])
        .fails()
        .stderr;
    assert!(err.contains("got \"0,500\"; --decimal , reads it as 500"), "{err}");
    // With the comma the decimal mark, "1,234" has decimals: it needs --unit, not --thousands.
    w.write("dec.csv", "market,period,arrivals\nFrance,2025-06,\"1,234\"\n");
    let err = w.run(&["ingest", "arrivals", "dec.csv", "--decimal", ","]).fails().stderr;
    assert!(err.contains("a figure with decimals needs --unit") && !err.contains("ambiguous"), "{err}");

    // In a long file as in a table.
    w.write("long.csv", "market,period,arrivals\nFrance,2025-04,\"2 345,75\"\n");
    let err = w.run(&["ingest", "arrivals", "long.csv", "--unit", "ones"]).fails().stderr;
    assert!(err.contains("got \"2 345,75\" (market \"France\"); --decimal , reads it as 2345.75"), "{err}");
}

/// A file separated by semicolons (a spreadsheet's CSV in much of Europe) or tabs is read as its
/// comma-separated twin would be, line for line; a semicolon file's "12,345" is refused until
/// --decimal says which it is, as such files write decimals with a comma.
#[test]
fn semicolon_and_tab_separated_files_read_as_their_comma_twins() {
    let w = Workdir::new();
    let tabs = w.write("tabs.csv", "market\tparent\nAsia\t\nJapan\tAsia\nFrance\t\n");
    w.run(&["ingest", "markets", tabs.to_str().unwrap()]).ok();
    let text = "Ankünfte (in Tsd.);;\n\nLand;Jan 2025;Feb 2025\nJapan;12,345;1,5\n\n\"France\";1.234,5;2\n";
    let semi = w.write("semi.csv", text);
    let semi = semi.to_str().unwrap();
    let flags = ["--unit", "thousands", "--as-of", "2025-06-01"];
    let err = w.run(&[&["ingest", "arrivals", semi][..], &flags].concat()).fails().stderr;
    // Each problem on the file's own line (blank lines counted).
    assert!(err.contains("semi.csv:4: arrivals of Japan, 2025-02 must be a number"), "{err}");
    assert!(err.contains("semi.csv:6: arrivals of France, 2025-01 must be a number"), "{err}");
    let out = w.run(&["inspect", "arrivals", semi, "--unit", "thousands"]).stdout;
    assert!(out.contains("columns separated by semicolons"), "{out}");
    assert!(out.contains("header on line 3"), "{out}");
    w.run(&[&["ingest", "arrivals", semi, "--decimal", ","][..], &flags].concat()).ok();
    let rows = common::sorted_rows(&w.run(&["export", "arrivals"]).ok().stdout);
    let rows: Vec<&str> = rows.iter().skip(1).map(|r| r.rsplitn(3, ',').nth(2).unwrap()).collect();
    assert_eq!(
        rows,
        [
            "France,2025-01,1234500,A",
            "France,2025-02,2000,A",
            "Japan,2025-01,12345,A",
            "Japan,2025-02,1500,A"
        ]
    );
    // The file is known by its own bytes: loaded again, it is already ingested.
    let again = w.run(&[&["ingest", "arrivals", semi, "--decimal", ","][..], &flags].concat()).ok();
    assert!(again.stdout.contains("already ingested"), "{}", again.stdout);

    // Without a word of its language, the semicolons alone make "12,345" a question.
    let plain = w.write("plain.csv", "market;period;arrivals\nJapan;2025-03;12,345\n");
    let err = w.run(&["ingest", "arrivals", plain.to_str().unwrap()]).fails().stderr;
    assert!(err.contains("this file separates its columns by semicolons, as files whose decimal mark is the comma do, where it reads as 12.345"), "{err}");
    // A markets file of one column is no such file.
    let one = w.write("one.csv", "market\nAsia\n");
    w.run(&["ingest", "markets", one.to_str().unwrap()]).ok();
    // Decimal commas in every row and a source line with a comma below (trial 94 M1: refused
    // as "tourstat reads comma-separated files", the tie of the two separators the comma's).
    let w = Workdir::new();
    let sourced = w.write(
        "sourced.csv",
        "Country;Jan-24;Feb-24\r\nJapan;21,0;19,5\r\nFrance;9,0;12,5\r\n\r\nSource: Regional Tourism Office, 2024\r\n",
    );
    w.run(&["ingest", "markets", tabs.to_str().unwrap()]).ok();
    let sourced = sourced.to_str().unwrap();
    w.run(&["ingest", "arrivals", sourced, "--decimal", ",", "--unit", "thousands", "--as-of", "2024-06-01"])
        .ok();
    let rows = common::sorted_rows(&w.run(&["export", "arrivals"]).ok().stdout);
    let rows: Vec<&str> = rows.iter().skip(1).map(|r| r.rsplitn(3, ',').nth(2).unwrap()).collect();
    assert_eq!(
        rows,
        ["France,2024-01,9000,A", "France,2024-02,12500,A", "Japan,2024-01,21000,A", "Japan,2024-02,19500,A"]
    );
}

/// A table of several series (a tourism board's monthly indicators): --row or --column with a
/// pattern picks the one wanted, --market names whose it is; the others are passed over.
#[test]
fn one_series_of_a_table_of_several_is_picked_by_its_label() {
    let w = Workdir::new();
    let m = w.write("m.csv", "market,parent\nAll foreign visitors,\nJapan,All foreign visitors\n");
    w.run(&["ingest", "markets", m.to_str().unwrap()]).ok();
    let rows = w.write(
        "indicators.csv",
        "Tourism indicators\nIndicator,Jan-25,Feb-25\nVisitor arrivals,\"1,000\",1100\nHotel occupancy (%),65.2,70.1\nReceipts (THB m),500,520\n",
    );
    let path = rows.to_str().unwrap();
    // Without a pick, the indicators are no markets: refused, not guessed.
    w.run(&["ingest", "arrivals", path, "--as-of", "2025-03-10"]).fails();
    let shown = w
        .run(&["inspect", "arrivals", path, "--row", "arrivals", "--market", "All foreign visitors"])
        .ok()
        .stdout;
    assert!(shown.contains("another series: passed over (--row picks one)"), "{shown}");
    w.run(&[
        "ingest",
        "arrivals",
        path,
        "--row",
        "ARRIVALS",
        "--market",
        "all foreign visitors",
        "--as-of",
        "2025-03-10",
    ])
    .ok();
    let out = w.run(&["export", "arrivals"]).ok().stdout;
    let stored: Vec<String> =
        out.lines().skip(1).map(|l| l.split(',').take(3).collect::<Vec<_>>().join(",")).collect();
    assert_eq!(stored, ["All foreign visitors,2025-01,1000", "All foreign visitors,2025-02,1100"]);

    let columns = w
        .write("by-month.csv", "Month,Visitor arrivals,Occupancy rate\n2025-03,1200,66.5\n2025-04,1300,71\n");
    let c = columns.to_str().unwrap();
    w.run(&[
        "ingest",
        "arrivals",
        c,
        "--column",
        "arrivals",
        "--market",
        "All foreign visitors",
        "--as-of",
        "2025-05-10",
    ])
    .ok();
    let out = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(out.contains("All foreign visitors,2025-04,1300"), "{out}");

    // A pattern two labels hold, one no label holds, the wrong axis, no --market: each refused.
    for (args, says) in [
        (vec![path, "--row", "e", "--market", "Japan"], "picks 2 series"),
        (vec![path, "--row", "cruise", "--market", "Japan"], "no row label of the table holds \"cruise\""),
        (vec![path, "--column", "arrivals", "--market", "Japan"], "--row picks one of its rows"),
        (vec![path, "--row", "arrivals"], "--market NAME says which market"),
        (vec![path, "--column", "arrivals"], "COLUMN=HEADER names a long file's column"),
        (
            vec![c, "--market", "Japan"],
            "--column PATTERN picks one of its columns, and --market NAME names it",
        ),
    ] {
        let err = w.run(&[&["ingest", "arrivals"][..], &args].concat()).fails().stderr;
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let long = w.write("long.csv", "market,period,arrivals\nJapan,2025-01,5\n");
    let err = w
        .run(&["ingest", "arrivals", long.to_str().unwrap(), "--row", "x", "--market", "Japan"])
        .fails()
        .stderr;
    assert!(err.contains("this file is in the long layout"), "{err}");
}

/// `--ly` given where it makes no difference is said, not passed over: a published
/// snapshot's last year is its publisher's, and a window in months is compared with the same
/// months a year before whatever the rule.
#[test]
fn a_last_year_rule_that_is_not_used_is_said() {
    let w = sample();
    let snapshots =
        ["otb", "--as-of", "2025-07-01", "--travel", "2025-06-01..2025-12-31", "--from", "snapshots"];
    let plain = w.run(&snapshots).ok().stdout;
    let with_rule = w.run(&[&snapshots[..], &["--ly", "calendar"]].concat()).ok().stdout;
    let published =
        "--ly is not used: a published snapshot's last year is the one its publisher compared with";
    assert!(!plain.contains("--ly is not used") && with_rule.contains(published), "{with_rule}");
    assert_eq!(with_rule.replace(&format!("note: {published}\n"), ""), plain);

    let months =
        ["otb", "--as-of", "2025-07-01", "--travel", "2025-08", "--from", "flows", "--ly", "calendar"];
    let out = w.run(&months).ok().stdout;
    assert!(out.contains("--ly is not used: a window in months (2025-08-01..2025-08-31)"), "{out}");
    let pace = w.run(&["pace", "--travel", "2025-Q3", "--lead", "14", "--ly", "364"]).ok().stdout;
    assert!(pace.contains("--ly is not used: a window in months"), "{pace}");
    // In days the rule chooses last year's window: no such note.
    let days = ["otb", "--as-of", "2025-07-01", "--travel", "2025-08-01..2025-08-31", "--ly", "calendar"];
    let out = w.run(&days).ok().stdout;
    assert!(
        !out.contains("--ly is not used") && out.contains("against 2024-07-01 for 2024-08-01..2024-08-31"),
        "{out}"
    );
}

/// `--through` as a quarter or a half counts through its last month, as the month would; one of
/// another year is refused, naming what is accepted.
#[test]
fn through_a_quarter_or_half_counts_through_its_last_month() {
    let w = sample();
    let csv = |through: &str| {
        w.run(&["summary", "--year", "2025", "--through", through, "--depth", "0", "--format", "csv"])
            .ok()
            .stdout
    };
    assert_eq!(csv("2025-Q1"), csv("2025-03"));
    assert_eq!(csv("2025-H1"), csv("2025-06"));
    assert_ne!(csv("2025-Q1"), csv("2025-06"));
    let target = |through: &str| {
        w.run(&["shortfall", "--year", "2025", "--through", through, "--format", "csv"]).ok().stdout
    };
    assert_eq!(target("2025-Q2"), target("2025-06"));
    let err = w.run(&["summary", "--year", "2025", "--through", "2024-Q1"]).fails().stderr;
    assert!(err.contains("--through must be a month of 2025 (or a quarter, a half, the year"), "{err}");
}
