//! Publisher tables that were read wrong, or dropped figures, without a word (found by a new
//! user's trial): each is now read right or refused.

mod common;

use common::Workdir;

fn with_tree() -> Workdir {
    let w = Workdir::new();
    let m = w.write("m.csv", "market,parent\nAsia,\nJapan,Asia\nChina,Asia\n");
    w.run(&["ingest", "markets", m.to_str().unwrap()]).ok();
    w
}

/// market,period,value,status of every stored figure, sorted.
fn stored(w: &Workdir) -> Vec<String> {
    let out = w.run(&["export", "arrivals"]).ok().stdout;
    let mut rows: Vec<String> = out
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            format!("{},{},{},{}", c[0], c[1], c[2], c[3])
        })
        .collect();
    rows.sort();
    rows
}

fn ingest(w: &Workdir, name: &str, text: &str, flags: &[&str]) -> common::Run {
    let f = w.write(name, text);
    w.run(&[&["ingest", "arrivals", f.to_str().unwrap(), "--as-of", "2025-06-01"][..], flags].concat())
}

#[test]
fn a_unit_in_the_figures_header_of_a_long_file_is_never_read_past() {
    let w = with_tree();
    let text = "market,period,arrivals ('000)\nJapan,2025-01,15\nChina,2025-01,2\n";
    let flags = ["--column", "arrivals=arrivals ('000)"];
    let err = ingest(&w, "long.csv", text, &flags).fails().stderr;
    assert!(err.contains("the header \"arrivals ('000)\" says the figures are in thousands"), "{err}");
    ingest(&w, "long.csv", text, &[&flags[..], &["--unit", "thousands"]].concat()).ok();
    assert_eq!(stored(&w), ["China,2025-01,2000,A", "Japan,2025-01,15000,A"]);
}

#[test]
fn footnote_marks_on_periods_are_read_past_and_a_column_of_figures_is_never_dropped() {
    let w = with_tree();
    let text = "Market,Jan-25,Feb-25*,Mar-25 (p),Apr 2025 (prelim.)\nJapan,1,2,3,4\n";
    ingest(&w, "marks.csv", text, &[]).ok();
    assert_eq!(
        stored(&w),
        ["Japan,2025-01,1,A", "Japan,2025-02,2,A", "Japan,2025-03,3,P", "Japan,2025-04,4,P"]
    );
    let err = ingest(&w, "odd.csv", "Market,May-25,Jun-25 (x)\nJapan,5,6\n", &[]).fails().stderr;
    assert!(err.contains("column C holds figures that would be passed over"), "{err}");
}

#[test]
fn two_digit_years_follow_the_calendar() {
    let w = with_tree();
    ingest(&w, "be.csv", "Market,Jan-67,Feb-67\nJapan,10,11\n", &["--calendar", "be"]).ok();
    assert_eq!(stored(&w), ["Japan,2024-01,10,A", "Japan,2024-02,11,A"]);
}

#[test]
fn a_year_beside_its_months_is_their_total_not_a_year_of_its_own() {
    let w = with_tree();
    ingest(&w, "ytd.csv", "Market,Jan-25,Feb-25,2025,Q1 2025\nJapan,1000,1100,2100,2100\n", &[]).ok();
    assert_eq!(stored(&w), ["Japan,2025-01,1000,A", "Japan,2025-02,1100,A"]);
}

#[test]
fn month_and_year_tables_pass_over_text_columns_total_rows_and_source_lines() {
    let w = with_tree();
    let text = "Month,Year,Season,Japan,China\nJanuary,2025,Winter,10,20\nFebruary,2025,Winter,11,21\n\
                Total,2025,,21,41\nSource: Ministry of Tourism and Sports, 2025\n";
    ingest(&w, "my.csv", text, &[]).ok();
    assert_eq!(
        stored(&w),
        ["China,2025-01,20,A", "China,2025-02,21,A", "Japan,2025-01,10,A", "Japan,2025-02,11,A"]
    );
    let rows = "Period,Japan,China\n2025-03,12,22\nTotal,12,22\nNote: provisional, 2025\n";
    ingest(&w, "rows.csv", rows, &[]).ok();
    assert!(stored(&w).contains(&"Japan,2025-03,12,A".to_string()));
}

#[test]
fn a_dry_run_into_no_store_leaves_none() {
    let w = Workdir::new();
    let m = w.write("m.csv", "market,parent\nAsia,\n");
    w.run(&["ingest", "markets", m.to_str().unwrap(), "--dry-run"]).ok();
    assert!(!w.store().exists());
}

#[test]
fn the_same_file_read_in_another_calendar_is_another_ingest() {
    let w = with_tree();
    let text = "Market,2567\nJapan,10\n";
    ingest(&w, "be.csv", text, &["--calendar", "be"]).ok();
    let out = ingest(&w, "be.csv", text, &["--calendar", "ce"]).fails();
    assert!(!out.stdout.contains("already ingested"), "{}", out.stdout);
}

#[test]
fn a_year_in_the_title_is_offered_for_months_without_one() {
    let w = with_tree();
    let f = w.write("monthly.csv", "Visitor arrivals 2016\nMarket,January,February\nJapan,10,11\n");
    let err = w.run(&["ingest", "arrivals", f.to_str().unwrap()]).fails().stderr;
    assert!(err.contains("the title says 2016: --year 2016"), "{err}");
    let out = w.run(&["inspect", "arrivals", f.to_str().unwrap()]).ok().stdout;
    assert!(out.contains("needs --year 2016"), "{out}");
    // Title and name disagree: said, and nothing guessed.
    let g = w.write("2015-arrivals.csv", "Visitor arrivals 2016\nMarket,January\nJapan,10\n");
    let err = w.run(&["ingest", "arrivals", g.to_str().unwrap()]).fails().stderr;
    assert!(err.contains("the title says 2016, the file's name 2015"), "{err}");
}

#[test]
fn a_buddhist_era_title_year_is_offered_as_the_file_writes_it() {
    let w = with_tree();
    let f = w.write("th.csv", "Visitor arrivals 2559\nMarket,January,February\nJapan,10,11\n");
    let err = w.run(&["ingest", "arrivals", f.to_str().unwrap(), "--calendar", "be"]).fails().stderr;
    assert!(err.contains("the title says 2559: --year 2559"), "{err}");
    ingest(
        &w,
        "th.csv",
        "Visitor arrivals 2559\nMarket,January,February\nJapan,10,11\n",
        &["--calendar", "be", "--year", "2559"],
    )
    .ok();
    assert_eq!(stored(&w), ["Japan,2016-01,10,A", "Japan,2016-02,11,A"]);
    // A layout's Buddhist Era year without its calendar is no year of the data.
    let layout = w.write("th.toml", "year = 2568\n");
    let err = w
        .run(&["ingest", "arrivals", f.to_str().unwrap(), "--layout", layout.to_str().unwrap()])
        .fails()
        .stderr;
    assert!(err.contains("outside 1900-2200"), "{err}");
}

#[test]
fn a_year_beside_one_month_of_it_is_a_year_of_its_own() {
    let w = with_tree();
    ingest(&w, "years.csv", "Country,2023,2024,Jan 2024,Jan 2025\nJapan,12000,13000,1000,1100\n", &[]).ok();
    assert_eq!(
        stored(&w),
        ["Japan,2023,12000,A", "Japan,2024,13000,A", "Japan,2024-01,1000,A", "Japan,2025-01,1100,A"]
    );
}

#[test]
fn figures_are_never_passed_over_in_a_column_read_as_text_or_under_no_period() {
    let w = with_tree();
    // The first row's "np" (not published) looked like a column of text.
    let err = ingest(&w, "np.csv", "Month,Japan,China\nJan 2025,np,5\nFeb 2025,7,6\n", &[]).fails().stderr;
    assert!(err.contains("column B holds figures that would be passed over"), "{err}");
    // A fiscal year is no change column: its figures are not dropped.
    let err = ingest(&w, "fy.csv", "Market,2023,2024/25\nJapan,5,6\n", &[]).fails().stderr;
    assert!(err.contains("column C holds figures that would be passed over"), "{err}");
    // A row of figures starting with "*" is no note.
    let err = ingest(&w, "star.csv", "Market,Jan-25\nJapan,5\n*Other Asia,7\n", &[]).fails().stderr;
    assert!(err.contains("*Other Asia"), "{err}");
}

#[cfg(not(feature = "spark"))]
#[test]
fn a_build_without_spark_refuses_a_spark_engine_at_once() {
    let w = with_tree();
    let err = w.run(&["--engine", "spark://127.0.0.1:15002", "markets"]).fails().stderr;
    assert!(err.contains("built without Spark"), "{err}");
}

#[test]
fn a_year_or_calendar_flag_that_would_change_nothing_is_refused_naming_it() {
    let w = with_tree();
    // Periods that carry their years: --year would be passed over, and the user meant it.
    let long = "market,period,arrivals\nJapan,2025-01,10\n";
    let err = ingest(&w, "long.csv", long, &["--year", "2024"]).fails().stderr;
    assert!(err.contains("--year 2024 is for tables whose months are written without their year"), "{err}");
    let wide = "Market,Jan 2025,Feb 2025\nJapan,10,11\n";
    let err = ingest(&w, "wide.csv", wide, &["--year", "2024"]).fails().stderr;
    assert!(
        err.contains("--year 2024 does nothing here: the table's periods carry their own years"),
        "{err}"
    );
    let m = w.write("m2.csv", "market,parent\nKorea,Asia\n");
    let err = w.run(&["ingest", "markets", m.to_str().unwrap(), "--year", "2024"]).fails().stderr;
    assert!(err.contains("a markets file has no such periods"), "{err}");
    assert!(stored(&w).is_empty());
    // Months without their year take it; a Buddhist Era year with --calendar be.
    ingest(&w, "2568.csv", "Market,January,February\nJapan,1,2\n", &["--year", "2568", "--calendar", "be"])
        .ok();
    assert_eq!(stored(&w), ["Japan,2025-01,1,A", "Japan,2025-02,2,A"]);
    // A table in the other calendar is named as such, not as a bad header.
    let err = ingest(&w, "ce.csv", wide, &["--calendar", "be"]).fails().stderr;
    assert!(
        err.contains(
            "read only as Common Era years (2025), not as Buddhist Era ones: leave out --calendar be"
        ),
        "{err}"
    );
    let err = ingest(&w, "be.csv", "Market,Jan 2568\nJapan,1\n", &["--year", "2024"]).fails().stderr;
    assert!(err.contains("read only as Buddhist Era years"), "{err}");
    // A year out of range in the calendar given says which reading made it so.
    let err = ingest(&w, "x.csv", "Market,January\nJapan,1\n", &["--year", "2024", "--calendar", "be"])
        .fails()
        .stderr;
    assert!(err.contains("the year 2024 (from --year or the layout file) read as a Buddhist Era year (--calendar be) is 1481"), "{err}");
    assert_eq!(stored(&w).len(), 2);
}
