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
    let run = w.run(&["export", "arrivals"]);
    // A store that every ingest refused holds nothing, and says so.
    if !run.status.success() && run.stderr.contains("holds nothing: no ingest into it has completed") {
        return Vec::new();
    }
    let out = run.ok().stdout;
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
    w.run(&[&["ingest", "arrivals", f.to_str().unwrap(), "--as-of", "2026-06-01"][..], flags].concat())
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

#[test]
fn others_rows_are_the_rest_of_their_section_found_by_the_sums_or_a_section_heading() {
    let w = Workdir::new();
    // Regions above their countries (a Thai MOTS table), an "Others" row closing each; then a
    // section heading with no figures over rows that sum to nothing.
    let text = "Arrivals by nationality\n\
                Nationality,2020P,2019\n\
                East  Asia,60,600\n\
                China,40,400\n\
                Others,20,200\n\
                Europe,9,90\n\
                France,7,70\n\
                Others,2,20\n\
                Far away\n\
                Chile,1,3\n\
                Others,1,1\n\
                Grand  Total,71,694\n";
    let file = w.write("th.csv", text);
    let inspected = w.run(&["inspect", "arrivals", file.to_str().unwrap()]).ok().stdout;
    assert!(
        inspected.contains(
            "line 3, East Asia: the sum of the 2 rows under it (line 4 to line 5, groups counted once)"
        ),
        "{inspected}"
    );
    assert!(
        inspected
            .contains("line 5: \"Others\" is the rest of its section, read as market \"Others (East Asia)\""),
        "{inspected}"
    );
    assert!(
        inspected
            .contains("line 11: \"Others\" is the rest of its section, read as market \"Others (Far away)\""),
        "{inspected}"
    );
    ingest(&w, "th.csv", text, &[]).ok();
    let figures = stored(&w);
    for figure in [
        "East Asia,2020,60,P",
        "Others (East Asia),2020,20,P",
        "Others (Europe),2019,20,A",
        "Others (Far away),2019,1,A",
        "France,2019,70,A",
    ] {
        assert!(figures.contains(&figure.to_string()), "{figure} in {figures:?}");
    }
    assert_eq!(figures.len(), 16, "{figures:?}");
    // With a market tree, the rest of a section is a market of its own there.
    let t = with_tree();
    let err = ingest(&t, "th.csv", "Nationality,2020\nAsia,10\nJapan,6\nOthers,4\n", &[]).fails().stderr;
    assert!(err.contains("\"Others\" is the rest of its section: unknown market \"Others (Asia)\""), "{err}");
    let m = t.write("m2.csv", "market,parent\nOthers (Asia),Asia\n");
    t.run(&["ingest", "markets", m.to_str().unwrap()]).ok();
    ingest(&t, "th.csv", "Nationality,2020\nAsia,10\nJapan,6\nOthers,4\n", &[]).ok();
    assert_eq!(stored(&t), ["Asia,2020,10,A", "Japan,2020,6,A", "Others (Asia),2020,4,A"]);
}

/// market,parent of the store's tree, sorted.
fn tree(w: &Workdir) -> Vec<String> {
    let out = w.run(&["export", "markets"]).ok().stdout;
    let mut rows: Vec<String> =
        out.lines().skip(1).map(|l| l.split(',').take(2).collect::<Vec<_>>().join(",")).collect();
    rows.sort();
    rows
}

#[test]
fn add_markets_builds_the_tree_from_the_table_groups_and_refuses_what_would_count_twice() {
    let table = "Nationality,2020,2019\n\
                 East Asia,60,600\n\
                 China,40,400\n\
                 Others,20,200\n\
                 Far away\n\
                 Chile,1,3\n\
                 Peru,2,4\n";
    let w = Workdir::new();
    let file = w.write("t.csv", table);
    let path = file.to_str().unwrap();
    // A dry run says what it would add, and adds nothing.
    let dry = w.run(&["ingest", "arrivals", path, "--add-markets", "Total", "--dry-run"]).ok().stdout;
    assert!(
        dry.contains(
            "6 markets would be added to the market tree: Total (the root), East Asia (under Total)"
        ),
        "{dry}"
    );
    assert!(!w.store().join("markets").exists());
    let out =
        w.run(&["ingest", "arrivals", path, "--add-markets", "Total", "--as-of", "2021-01-01"]).ok().stdout;
    assert!(out.contains("10 rows read, 10 added"), "{out}");
    // Trial 27 #6: a group taken from the sums is named, for a country whose figures equal
    // others' by chance would be one.
    assert!(
        out.contains("note: East Asia is taken for a group of China, Others (East Asia): its figures in the file are their sums"),
        "{out}"
    );
    assert_eq!(
        tree(&w),
        [
            "Chile,Total",
            "China,East Asia",
            "East Asia,Total",
            "Others (East Asia),East Asia",
            "Peru,Total",
            "Total,",
        ]
    );
    // Far away, a section heading with no figures, is no group of the tree: where its section
    // ends cannot be told (a group after it would be taken into it and counted twice).
    let yearly = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(yearly.contains("Others (East Asia),2020,20,"), "{yearly}");
    assert!(!yearly.contains("Far away"), "{yearly}");

    // A market the tree has under another parent, inside a group being added: refused, and
    // nothing is written.
    let t = with_tree();
    let before = common::snapshot(&t.store());
    let err = t
        .run(&[
            "ingest",
            "arrivals",
            &t.write("t.csv", "Nationality,2020,2019\nEast Asia,60,600\nChina,40,400\nKorea,20,200\n")
                .to_string_lossy(),
            "--add-markets",
            "Asia",
        ])
        .fails()
        .stderr;
    assert!(err.contains("China (under Asia in the tree, in East Asia in the table)"), "{err}");
    assert_eq!(common::snapshot(&t.store()), before);
    // A parent the tree does not have is refused with the closest names.
    let err = t
        .run(&[
            "ingest",
            "arrivals",
            &t.write("k.csv", "market,period,arrivals\nKorea,2025-01,5\n").to_string_lossy(),
            "--add-markets",
            "Asai",
        ])
        .fails()
        .stderr;
    assert!(err.contains("--add-markets Asai: no such market in the tree (did you mean \"Asia\"?)"), "{err}");
    // Figures refused by the store add no market: the check runs before the tree changes.
    t.run(&[
        "ingest",
        "arrivals",
        &t.write("j.csv", "market,period,arrivals\nJapan,2025-01,5\n").to_string_lossy(),
        "--as-of",
        "2025-02-01",
    ])
    .ok();
    let clash = t.write("clash.csv", "market,period,arrivals\nJapan,2025-01,6\nKorea,2025-01,5\n");
    let add = |as_of: &str| {
        t.run(&["ingest", "arrivals", clash.to_str().unwrap(), "--add-markets", "Asia", "--as-of", as_of])
    };
    let err = add("2025-02-01").fails().stderr;
    assert!(err.contains("already in the store with a different value"), "{err}");
    assert!(!tree(&t).iter().any(|m| m.starts_with("Korea")), "{:?}", tree(&t));
    // In a long file, every market the tree lacks goes under the parent named.
    let ok = add("2025-03-01").ok().stdout;
    assert!(ok.contains("1 market added to the market tree: Korea (under Asia)"), "{ok}");
    let err = t.run(&["ingest", "bookings", clash.to_str().unwrap(), "--add-markets", "Asia"]).fails().stderr;
    assert!(err.contains("--add-markets adds the markets of a file of arrivals or targets"), "{err}");
    // One new market spelt two ways in one file is one market, its first spelling: never two
    // markets `--market` cannot tell apart.
    let twice = t.write("twice.csv", "market,period,arrivals\nNewland,2025-06,40\nnewland,2025-07,50\n");
    let out = t
        .run(&[
            "ingest",
            "arrivals",
            twice.to_str().unwrap(),
            "--add-markets",
            "Asia",
            "--as-of",
            "2025-08-01",
        ])
        .ok()
        .stdout;
    assert!(out.contains("1 market added to the market tree: Newland (under Asia)"), "{out}");
    assert!(!tree(&t).iter().any(|m| m.starts_with("newland")), "{:?}", tree(&t));
    let out = t.run(&["export", "arrivals"]).ok().stdout;
    assert!(out.contains("Newland,2025-06,") && out.contains("Newland,2025-07,"), "{out}");
}

#[test]
fn a_header_repeated_at_a_page_break_is_passed_over_and_table_is_refused_where_it_picks_nothing() {
    let w = Workdir::new();
    let text = "Country,Jan-25,Feb-25\nChina,10,11\nJapan,20,21\nCountry,Jan-25,Feb-25\nKorea,1,2\n";
    let inspected = w.run(&["inspect", "arrivals", w.write("pages.csv", text).to_str().unwrap()]).ok().stdout;
    assert!(inspected.contains("the header repeated (a page break): passed over"), "{inspected}");
    ingest(&w, "pages.csv", text, &[]).ok();
    assert_eq!(stored(&w).len(), 6);
    let err =
        ingest(&w, "long.csv", "market,period,arrivals\nChina,2025-03,5\n", &["--table", "1"]).fails().stderr;
    assert!(err.contains("this file is in the long layout, one figure a row: leave --table out"), "{err}");
    let err = ingest(&w, "pages.csv", text, &["--table", "nights"]).fails().stderr;
    assert!(err.contains("--table nights: no table of the sheet is numbered or titled so"), "{err}");
}

#[test]
fn add_markets_places_market_columns_under_their_group_and_a_total_named_as_the_parent_is_its_figure() {
    // Markets as columns, regions before their countries, the table's Total last: the tree
    // built must not count a country twice (the summary's Total is the file's 3,120).
    let w = Workdir::new();
    let text = "Month,East Asia,China,Japan,Europe,Germany,France,Total\n\
                Jan 2025,\"1,000\",600,400,500,450,50,\"1,500\"\n\
                Feb 2025,\"1,100\",700,400,520,460,60,\"1,620\"\n";
    let out = ingest(&w, "pc.csv", text, &["--add-markets", "total"]).ok().stdout;
    assert!(out.contains("14 rows read, 14 added"), "{out}");
    assert!(out.contains("Total (the root), East Asia (under Total), China (under East Asia)"), "{out}");
    let summary = w.run(&["summary", "--year", "2025", "--format", "csv"]).ok().stdout;
    let total = summary.lines().find(|l| l.starts_with("Total,")).unwrap_or_else(|| panic!("{summary}"));
    assert!(total.starts_with("Total,3120,"), "{summary}");
    // The same table again reads the same: its Total column was the root's figure the first
    // time. (Saved again, other bytes: the same file without --add-markets is already ingested.)
    let again = ingest(&w, "pc2.csv", &format!("{text}\n"), &[]).ok().stdout;
    assert!(again.contains("14 rows read, 0 added, 14 unchanged"), "{again}");

    // A group off its members' sum in one period of three is still their group, the difference
    // shown by inspect; two files that put the same markets in two groups are refused.
    let w = Workdir::new();
    let near = "Country,Jan-25,Feb-25,Mar-25\nEast Asia,\"1,002\",\"1,100\",900\nChina,600,700,500\nJapan,401,400,400\n";
    let file = w.write("near.csv", near);
    let shown = w.run(&["inspect", "arrivals", file.to_str().unwrap(), "--add-markets", "Total"]).ok().stdout;
    assert!(shown.contains("not in 2025-01: 1,002 against their 1,001 (1 unallocated)"), "{shown}");
    assert!(!shown.contains("groups: without a tree"), "{shown}");
    // Trial 33 #5: without --add-markets, inspect says where the groups it found go.
    let flat = w.run(&["inspect", "arrivals", file.to_str().unwrap()]).ok().stdout;
    assert!(
        flat.contains("groups: without a tree the groups above are stored as markets of their own, beside their members"),
        "{flat}"
    );
    let under = |m: &str| {
        // The last line naming it: the table of markets added comes after the rows.
        shown.lines().rev().find(|l| l.split_whitespace().next() == Some(m)).map(|l| l.trim().to_string())
    };
    assert_eq!(under("China").as_deref(), Some("China      East Asia"), "{shown}");
    let a = w.write("a.csv", "Country,2024,2025\nASEAN,300,330\nThailand,200,220\nVietnam,100,110\n");
    let b =
        w.write("b.csv", "Country,2024,2025\nSoutheast Asia,300,330\nThailand,200,220\nVietnam,100,110\n");
    let err = w
        .run(&["ingest", "arrivals", a.to_str().unwrap(), b.to_str().unwrap(), "--add-markets", "Total"])
        .fails()
        .stderr;
    assert!(err.contains("Thailand (in ASEAN and in Southeast Asia)"), "{err}");
    assert!(!w.store().join("markets").exists());
}

#[test]
fn table_titles_are_the_line_right_above_and_a_continued_table_is_one_table() {
    let w = Workdir::new();
    let text = "Tourism Statistics Quarterly Report Q1 2025\n\
                Table 1 Visitor arrivals by country\n\
                Country,Jan-25,Feb-25\n\
                China,10,11\n\
                Source: Immigration\n\
                Page 1 of 2\n\
                Table 1 Visitor arrivals by country (continued)\n\
                Country,Jan-25,Feb-25\n\
                France,1,2\n\
                Table 2 Hotel nights by country\n\
                Country,Jan-25,Feb-25\n\
                China,100,110\n";
    let err = ingest(&w, "mt.csv", text, &[]).fails().stderr;
    assert!(err.contains("the sheet holds 2 tables"), "{err}");
    assert!(err.contains("Table 1 Visitor arrivals by country\"); 2 (header on line 11"), "{err}");
    assert!(err.contains("2 (header on line 11, under \"Table 2 Hotel nights by country\")"), "{err}");
    // A number is a table's number, never a word of a title (the report's "2025").
    let err = ingest(&w, "mt.csv", text, &["--table", "0"]).fails().stderr;
    assert!(err.contains("--table 0: no table of the sheet is numbered or titled so"), "{err}");
    ingest(&w, "mt.csv", text, &["--table", "arrivals"]).ok();
    assert_eq!(
        stored(&w),
        ["China,2025-01,10,A", "China,2025-02,11,A", "France,2025-01,1,A", "France,2025-02,2,A"]
    );
    // A title of two lines is one title: the unit in its first line is read for its table.
    let two = "Table 1 Arrivals\nCountry,Jan-25\nChina,10\nTable 2 Visitor nights ('000)\nby country\nCountry,Jan-25\nChina,1.5\n";
    let err = ingest(&w, "two.csv", two, &["--table", "2"]).fails().stderr;
    assert!(err.contains("says the figures are in thousands"), "{err}");
    let m = w.write("m.csv", "market,parent\nAsia,\n");
    let err = w.run(&["ingest", "markets", m.to_str().unwrap(), "--table", "2"]).fails().stderr;
    assert!(err.contains("--table 2 picks one of the tables of arrivals or targets in a sheet"), "{err}");
}

#[test]
fn a_title_with_its_year_in_a_cell_of_its_own_heads_no_table_of_its_own() {
    // Trial 57 M2: "..., 2024" split by its comma read as a header of one year, and the real
    // header under "Unit: persons" as a second table.
    let w = Workdir::new();
    let text = "International visitor arrivals by country of residence, 2024\n\
                Unit: persons\n\
                \n\
                Country,Jan-24,Feb-24,Total\n\
                China,\"1,000\",\"2,000\",\"3,000\"\n\
                Japan,10,20,30\n";
    let out = ingest(&w, "across.csv", text, &[]).ok().stdout;
    assert!(out.contains("4 rows read"), "{out}");
    assert_eq!(
        stored(&w),
        ["China,2024-01,1000,A", "China,2024-02,2000,A", "Japan,2024-01,10,A", "Japan,2024-02,20,A"]
    );
    // Two real tables under such titles are still two, each under its whole title.
    let two = format!("{text}\nHotel nights by country of residence, 2024\nUnit: nights\n\nCountry,Jan-24,Feb-24\nChina,5,6\n");
    // (In a store with a tree: without one, any name may be a row, and the line under the
    // first table's rows is read as one.)
    let m = w.write("m.csv", "market,parent\nAsia,\nChina,Asia\nJapan,Asia\n");
    w.run(&["ingest", "markets", m.to_str().unwrap()]).ok();
    let err = ingest(&w, "two.csv", &two, &[]).fails().stderr;
    assert!(err.contains("the sheet holds 2 tables"), "{err}");
    assert!(
        err.contains("1 (header on line 4, under \"International visitor arrivals by country of residence 2024 Unit: persons\")"),
        "{err}"
    );
    assert!(
        err.contains(
            "2 (header on line 11, under \"Hotel nights by country of residence 2024 Unit: nights\")"
        ),
        "{err}"
    );
    let w = Workdir::new();
    ingest(&w, "two.csv", &two, &["--table", "nights"]).ok();
    assert_eq!(stored(&w), ["China,2024-01,5,A", "China,2024-02,6,A"]);
    // Review 33 H3: a first table with no figure counted (all marked missing, or figures that
    // read as years) is still a table: never folded into the next one's title, its nights
    // stored as arrivals.
    let missing = "Visitor arrivals by country (not yet released)\nCountry,Jan-25,Feb-25\nChina,..,..\nJapan,..,..\nHotel nights by country\nCountry,Jan-25,Feb-25\nChina,5000,5100\n";
    let yearlike = "Arrivals by country\nCountry,2024\nChina,1995\nJapan,2010\nHotel nights by country\nCountry,2024\nKorea,5000\n";
    for (name, text) in [("missing.csv", missing), ("yearlike.csv", yearlike)] {
        let err = ingest(&Workdir::new(), name, text, &[]).fails().stderr;
        assert!(err.contains("the sheet holds 2 tables"), "{name}: {err}");
    }
    // Review 33 M1: a row with one figure, under a name of three words, among a table's rows
    // is a row, not a title: the header repeated under it is a page break.
    let w = Workdir::new();
    let paged = "Arrivals by country\nCountry,2023,2024\nChina,5000,5100\nOther Middle East countries,,2031\nCountry,2023,2024\nJapan,3000,3100\n";
    ingest(&w, "paged.csv", paged, &["--add-markets", "Asia"]).ok();
    assert!(stored(&w).contains(&"Other Middle East countries,2024,2031,A".to_string()), "{:?}", stored(&w));
}

#[test]
fn a_bare_others_outside_any_group_is_not_added_beside_the_trees_named_rest_and_be_on_ce_says_so() {
    let w = Workdir::new();
    let m = w.write("m.csv", "market,parent\nAll,\nAsia,All\nChina,Asia\nJapan,Asia\nOthers (Asia),Asia\n");
    w.run(&["ingest", "markets", m.to_str().unwrap()]).ok();
    // Asia is off its rows' sum by one in the only period: no group, so "Others" is nobody's rest.
    let text = "Country,Jul-25\nAsia,1301\nChina,1000\nJapan,200\nOthers,100\n";
    let err = ingest(&w, "t9.csv", text, &["--add-markets", "All"]).fails().stderr;
    assert!(err.contains("--add-markets would add \"Others\" as a market of its own"), "{err}");
    assert!(!tree(&w).iter().any(|m| m.starts_with("Others,")), "{:?}", tree(&w));
    let err = ingest(&w, "ce.csv", "market,period,arrivals\nChina,2025-01,5\n", &["--calendar", "be"])
        .fails()
        .stderr;
    assert!(err.contains("\"2025-01\" reads only as a Common Era period"), "{err}");
    assert!(err.contains("leave out --calendar be"), "{err}");
}

#[test]
fn review_cases_subtotals_after_their_members_sections_page_breaks_and_long_files_read_right() {
    // A subtotal under its countries is their group: World is 15, never 25.
    let w = Workdir::new();
    let up = "Country,2024,2025\nJapan,6,60\nChina,4,40\nOthers,1,1\nAsia,11,101\nFrance,5,50\n";
    let out = ingest(&w, "up.csv", up, &["--add-markets", "World"]).ok().stdout;
    assert!(out.contains("Asia (under World)"), "{out}");
    assert_eq!(
        tree(&w),
        ["Asia,World", "China,Asia", "France,World", "Japan,Asia", "Others (Asia),Asia", "World,"]
    );
    // A section heading is no parent: Europe, a group of its own after Asia's countries, stays
    // beside Asia.
    let w = Workdir::new();
    let sections =
        "Country,2024,2025\nAsia\nJapan,6,60\nChina,4,40\nEurope,20,200\nFrance,12,120\nGermany,8,80\n";
    ingest(&w, "s.csv", sections, &["--add-markets", "World"]).ok();
    assert!(tree(&w).contains(&"Europe,World".to_string()), "{:?}", tree(&w));
    assert!(tree(&w).contains(&"Japan,World".to_string()), "{:?}", tree(&w));
    // A second table continued over a page break is one table.
    let w = Workdir::new();
    let pages = "Table 1 Arrivals\nCountry,Jan-25\nChina,10\nTable 2 Nights\nCountry,Jan-25,Feb-25\nChina,100,110\nTable 2 Nights (continued)\nCountry,Jan-25,Feb-25\nJapan,200,210\n";
    ingest(&w, "pages.csv", pages, &["--table", "2"]).ok();
    assert_eq!(stored(&w).len(), 4, "{:?}", stored(&w));
    // Long files with a sparse row or year-like figures get the long layout's --column hint.
    for (name, text) in [
        ("sparse.csv", "Country,Month,Visitors\nJapan,2025-01,100\nChina,,\nKorea,2025-01,50\n"),
        ("years.csv", "Country,Year,Visitors\nJapan,2023,2024\nChina,2023,1500\n"),
    ] {
        let err = ingest(&w, name, text, &[]).fails().stderr;
        assert!(
            err.contains("if the file names its columns otherwise, say so: --column market=Country"),
            "{name}: {err}"
        );
    }
    // A tree of names beyond ASCII and an "Other" row outside any group: no panic, a refusal.
    let w = Workdir::new();
    let m = w.write("m.csv", "market,parent\nAll,\nCuraçao,All\nOtherç (x),All\nไทย,All\n");
    w.run(&["ingest", "markets", m.to_str().unwrap()]).ok();
    let out =
        ingest(&w, "o.csv", "Country,2024\nCuraçao,5\nOther,3\n", &["--add-markets", "All"]).ok().stdout;
    assert!(out.contains("Other (under All)"), "{out}");
    // A tree that has a bare "Others": the row under the table's Total group keeps that name.
    let w = Workdir::new();
    let m = w.write("m.csv", "market,parent\nTotal,\nJapan,Total\nOthers,Total\n");
    w.run(&["ingest", "markets", m.to_str().unwrap()]).ok();
    ingest(&w, "t.csv", "Country,2024,2025\nTotal,10,100\nJapan,7,70\nOthers,3,30\n", &[]).ok();
    assert!(stored(&w).contains(&"Others,2024,3,A".to_string()), "{:?}", stored(&w));
}

#[test]
fn years_under_a_title_that_names_a_month_are_never_guessed() {
    let w = Workdir::new();
    let text = "Visitor arrivals in November, 2015-2016\nCountry,2015,2016\nJapan,10,12\n";
    let err = ingest(&w, "nov.csv", text, &[]).fails().stderr;
    assert!(err.contains("names a month and the periods are years"), "{err}");
    assert!(err.contains("--month nov reads them as nov of each year, --month year as years"), "{err}");
    ingest(&w, "nov.csv", text, &["--month", "November"]).ok();
    assert_eq!(stored(&w), ["Japan,2015-11,10,A", "Japan,2016-11,12,A"]);
    let w = Workdir::new();
    ingest(&w, "nov.csv", text, &["--month", "year"]).ok();
    assert_eq!(stored(&w), ["Japan,2015,10,A", "Japan,2016,12,A"]);
    // "may" in a sentence is no month; a range of months is no single month; --month where no
    // year column is under such a title, or in a long file, is refused.
    let w = Workdir::new();
    ingest(&w, "may.csv", "Figures may change, 2015-2016\nCountry,2015,2016\nJapan,10,12\n", &[]).ok();
    // A range of months is part of each year (year to date): not whole years unless told.
    let ytd = "Arrivals January-November\nCountry,2017,2018\nJapan,1,2\n";
    let err = ingest(&w, "ytd.csv", ytd, &[]).fails().stderr;
    assert!(err.contains("ytd.csv:1: the title \"Arrivals January-November\" names part of a year"), "{err}");
    ingest(&w, "ytd.csv", ytd, &["--month", "year"]).ok();
    let full = "Arrivals January-December\nCountry,2019\nJapan,5\n";
    ingest(&w, "full.csv", full, &[]).ok();
    let err = ingest(&w, "m.csv", "Country,Jan-25\nJapan,1\n", &["--month", "nov"]).fails().stderr;
    assert!(err.contains("--month nov does nothing here"), "{err}");
    let err =
        ingest(&w, "l.csv", "market,period,arrivals\nJapan,2025-01,1\n", &["--month", "nov"]).fails().stderr;
    assert!(err.contains("leave --month out"), "{err}");
}

/// Series as columns, each with its length, start year and start period above it (the
/// forecasting competition's layout), ragged: a shorter series padded with empty cells, an
/// empty cell within a series missing (never 0), numbers below a series' end passed over.
/// Months or quarters: the file's name or --frequency says, never guessed.
#[test]
fn series_as_columns_load_from_their_start_as_the_file_name_or_frequency_says() {
    let w = Workdir::new();
    let text = "s1,s2,s3\n4,2,3\n2024,2025,2024\n11,3,4\n10,20,5\n11,,6\n12,99,7\n13,,\n";
    let err = ingest(&w, "series.csv", text, &[]).fails().stderr;
    assert!(
        err.contains("series.csv:1: 3 series as columns") && err.contains("--frequency says which"),
        "{err}"
    );
    // A file of another layout takes no --frequency.
    let err =
        ingest(&w, "long.csv", "market,period,arrivals\nJapan,2025-01,3\n", &["--frequency", "monthly"])
            .fails()
            .stderr;
    assert!(err.contains("--frequency monthly is for files of series as columns"), "{err}");
    let b = w.write("b.csv", "booked_on,travel_date,market,seats\n2025-01-01,2025-02-01,Japan,3\n");
    let err = w.run(&["ingest", "bookings", b.to_str().unwrap(), "--frequency", "monthly"]).fails().stderr;
    assert!(err.contains("--frequency monthly is for files of arrivals or targets"), "{err}");
    // Quarters: line 4 must hold each series' start quarter (11 is none).
    let err = ingest(&w, "series.csv", text, &["--frequency", "quarterly"]).fails().stderr;
    assert!(err.contains("series.csv:4: line 4 should hold each series' start quarter (1 to 4)"), "{err}");

    let inspect = w.write("monthly-series.csv", text);
    let out = w.run(&["inspect", "arrivals", inspect.to_str().unwrap(), "--as-of", "2026-06-01"]).ok().stdout;
    assert!(out.contains("3 monthly series as columns"), "{out}");
    assert!(out.contains("s2: 1 value below its length of 2 (line 7)"), "{out}");
    let out = ingest(&w, "monthly-series.csv", text, &[]).ok().stdout;
    assert!(
        out.contains("8 rows read, 8 added, 0 unchanged, 1 marked missing in the file (not stored, never 0), 1 below a series' declared length passed over (inspect lists them)"),
        "s2's empty second figure, and its 99 past its length: {out}"
    );
    assert_eq!(
        stored(&w),
        [
            "s1,2024-11,10,A",
            "s1,2024-12,11,A",
            "s1,2025-01,12,A",
            "s1,2025-02,13,A",
            "s2,2025-03,20,A",
            "s3,2024-04,5,A",
            "s3,2024-05,6,A",
            "s3,2024-06,7,A",
        ]
    );
    // Quarterly, from the layout file's key.
    let q = Workdir::new();
    let layout = q.write("q.toml", "kind = \"arrivals\"\nfrequency = \"quarterly\"\n");
    ingest(
        &q,
        "q.csv",
        "q1\n3\n1998\n4\n100\n110.5\n120\n",
        &["--layout", layout.to_str().unwrap(), "--unit", "ones"],
    )
    .ok();
    assert_eq!(stored(&q), ["q1,1998-Q4,100,A", "q1,1999-Q1,110.5,A", "q1,1999-Q2,120,A"]);
}

/// A survey's cross-table: each quarter written once in column A over its regions in column B,
/// a column per purpose and a Total, state rows after their regions, a closing block of totals
/// over all quarters, a copyright line. One measure loads with --measure; regions whose state
/// row is their sum are found as its members (a territory of one region too), and with
/// --add-markets the tree is built from them, never counting a region twice.
#[test]
fn blocks_of_regions_under_each_quarter_load_one_measure_at_a_time() {
    let text = "\
\"Domestic trips\"
\"Counting: trips (000)\"

,\"Reason\",\"Holiday\",\"Business\",\"Other reason\",\"No other reason\",\"Total\",
\"Quarter\",\"Region\",
\"March quarter 1998\",\"Sydney\",828.3171185,10,1,0,839.3171185,
,\"Hunter\",53.995,5,na,0,58.995,
,\"New South Wales\",882.3121185,15,1,0,898.3121185,
,\"Canberra\",20.5,2,0,0,22.5,
,\"ACT\",20.5,2,0,0,22.5,
\"June quarter 1998\",\"Sydney\",800,11,2,0,813,
,\"Hunter\",60.25,4,1,0,65.25,
,\"New South Wales\",860.25,15,3,0,878.25,
,\"Canberra\",21,1,0,0,22,
,\"ACT\",21,1,0,0,22,
\"Total\",\"Sydney\",1628.3171185,21,3,0,1652.3171185,
,\"Hunter\",114.245,9,1,0,124.245,

\"(c) Copyright 2013\"
";
    let w = Workdir::new();
    let err = ingest(&w, "trips.csv", text, &["--unit", "thousands"]).fails().stderr;
    assert!(err.contains("trips.csv:4: 5 measures for each market and period (Holiday, Business, Other reason, No other reason, Total): --measure NAME picks the one to load"), "{err}");
    let err = ingest(&w, "trips.csv", text, &["--unit", "thousands", "--measure", "other"]).fails().stderr;
    assert!(
        err.contains("--measure other holds in Other reason, No other reason: name one of them whole"),
        "{err}"
    );
    let err = ingest(&w, "trips.csv", text, &["--unit", "thousands", "--measure", "nights"]).fails().stderr;
    assert!(err.contains("--measure nights: no heading holds it"), "{err}");
    let err = ingest(&w, "long.csv", "market,period,arrivals\nJapan,2025-01,3\n", &["--measure", "Holiday"])
        .fails()
        .stderr;
    assert!(err.contains("--measure Holiday picks one of the measures of a table of blocks"), "{err}");
    // Without the unit the title states, nothing is read as people.
    let err = ingest(&w, "trips.csv", text, &["--measure", "Holiday"]).fails().stderr;
    assert!(
        err.contains("trips.csv:2: the title \"Counting: trips (000)\" says the figures are in thousands"),
        "{err}"
    );

    let f = w.path("trips.csv");
    let out = w
        .run(&[
            "inspect",
            "arrivals",
            f.to_str().unwrap(),
            "--unit",
            "thousands",
            "--measure",
            "holiday",
            "--add-markets",
            "Australia",
        ])
        .ok()
        .stdout;
    assert!(out.contains("\"New South Wales\", New South Wales: the sum of the 2 rows before it"), "{out}");
    // ACT equal to Canberra in two quarters: too few to call it its territory's group.
    assert!(!out.contains("\"ACT\", ACT: the sum"), "{out}");
    assert!(out.contains("a block of totals over the periods: passed over"), "{out}");
    assert!(out.contains("the decimal mark is the point, as \"828.3171185\" shows"), "{out}");
    let out = ingest(
        &w,
        "trips.csv",
        text,
        &["--unit", "thousands", "--measure", "holiday", "--add-markets", "Australia"],
    )
    .ok()
    .stdout;
    assert!(out.contains("10 rows read, 10 added"), "{out}");
    // Hunter's "53.995" thousand is 53,995: the file's other figures show the point is decimal.
    assert!(stored(&w).contains(&"Hunter,1998-Q1,53995,A".to_string()), "{:?}", stored(&w));
    assert!(stored(&w).contains(&"Sydney,1998-Q1,828317.1185,A".to_string()), "{:?}", stored(&w));
    let markets = w.run(&["export", "markets"]).ok().stdout;
    for row in [
        "Sydney,New South Wales",
        "Hunter,New South Wales",
        "Canberra,Australia",
        "New South Wales,Australia",
        "ACT,Australia",
    ] {
        assert!(markets.contains(row), "{row}: {markets}");
    }
    // The other reason's missing figure for Hunter is missing, never 0.
    let other = Workdir::new();
    let out =
        ingest(&other, "trips.csv", text, &["--unit", "thousands", "--measure", "Other reason"]).ok().stdout;
    assert!(out.contains("9 rows read, 9 added, 0 unchanged, 1 marked missing"), "{out}");
}

/// Markets as rows under labels filled down (section, market, item), periods as columns:
/// `--measure` picks the item; a market in two sections is named by each; notes passed over.
#[test]
fn rows_labelled_by_section_market_and_item_load_the_item_asked_for() {
    let text = "\
Visitors and spending by country of residence
Region,Country,Item,Unit,2019,2020
Asia,Asia,Number of Arrivals,Persons,300,40
,,Length of Stay,Days,7.5,9.1
,Japan,Number of Arrivals,Persons,200,30
,,Length of Stay,Days,6.5,8
,Others,Number of Arrivals,Persons,100,10
,,Length of Stay,Days,5,6
Europe,Europe,Number of Arrivals,Persons,50,n.a.
,,Length of Stay,Days,12,14
,Others,Number of Arrivals,Persons,50,n.a.
,,Length of Stay,Days,12,14
Note: 2020 preliminary
";
    let w = Workdir::new();
    let err = ingest(&w, "visitors.csv", text, &[]).fails().stderr;
    assert!(err.contains("--measure NAME"), "{err}");
    let err = ingest(&w, "visitors.csv", text, &["--measure", "a"]).fails().stderr;
    assert!(err.contains("--measure a holds in"), "{err}");
    let out =
        ingest(&w, "visitors.csv", text, &["--measure", "number of arrivals", "--add-markets", "World"])
            .ok()
            .stdout;
    assert!(out.contains("8 rows read, 8 added, 0 unchanged, 2 marked missing"), "{out}");
    assert_eq!(
        stored(&w),
        [
            "Asia,2019,300,A",
            "Asia,2020,40,A",
            "Europe,2019,50,A",
            "Japan,2019,200,A",
            "Japan,2020,30,A",
            "Others (Asia),2019,100,A",
            "Others (Asia),2020,10,A",
            "Others (Europe),2019,50,A",
        ]
    );
    let markets = w.run(&["export", "markets"]).ok().stdout;
    for row in ["Japan,Asia", "Others (Asia),Asia", "Asia,World", "Europe,World"] {
        assert!(markets.contains(row), "{row}: {markets}");
    }
}

/// What a new user's messy files showed (each once a wrong number stored without a word): a
/// unit in a title or a unit column never read past, a row with no market refused rather than
/// stored under "", a label not filled down into a new section, no group from the sums of one
/// period, two series of one name refused, stray values below a series named by line, and
/// `--decimal ,` with `--unit ones` reading "1,234" as the user said.
#[test]
fn messy_files_of_the_new_layouts_are_refused_or_read_as_they_say() {
    let w = Workdir::new();
    let blocks = "Overnight trips (in thousands)\nQuarter,Region,Holiday,Business,Total\nMarch quarter 1998,Sydney,828,100,928\n,Melbourne,400,50,450\nJune quarter 1998,Sydney,700,10,710\n,Melbourne,300,40,340\n";
    let err = ingest(&w, "trips.csv", blocks, &["--measure", "Holiday"]).fails().stderr;
    assert!(
        err.contains(
            "trips.csv:1: the title \"Overnight trips (in thousands)\" says the figures are in thousands"
        ),
        "{err}"
    );
    let units = "Country,Item,Unit,2019,2020\nChina,Number of Arrivals,('000),10,2\n,Length of Stay,Days,8.5,9.1\nJapan,Number of Arrivals,('000),5,1\n";
    let err = ingest(&w, "units.csv", units, &["--measure", "Number of Arrivals"]).fails().stderr;
    assert!(err.contains("the unit column \"('000)\" says the figures are in thousands"), "{err}");
    let blank = "Continent,Country,Item,Unit,2024,2025\nTotal,,Number of Arrivals,Persons,1160,1400\nAsia,China,Number of Arrivals,Persons,1000,1200\n,Japan,Number of Arrivals,Persons,100,120\n";
    let err =
        ingest(&w, "blank.csv", blank, &["--measure", "Number", "--add-markets", "Total"]).fails().stderr;
    assert!(
        err.contains("blank.csv:2: a row of \"Number of Arrivals\" with no market: its column B is empty"),
        "{err}"
    );
    let fill = "Continent,Country,Item,Unit,2019,2020\nAsia,China,Number of Arrivals,Persons,200,60\n,,Length of Stay,Days,8,9\nEurope,,Number of Arrivals,Persons,300,70\n,France,Number of Arrivals,Persons,400,80\n";
    let err = ingest(&w, "fill.csv", fill, &["--measure", "Number"]).fails().stderr;
    assert!(err.contains("fill.csv:4: a row of \"Number of Arrivals\" with no market"), "{err}");
    let one = "Continent,Country,Item,Unit,Jan 2024\nAsia,China,Number of Arrivals,Persons,300\n,Japan,Number of Arrivals,Persons,100\n,Korea,Number of Arrivals,Persons,200\nEurope,France,Number of Arrivals,Persons,50\n";
    // One period: China 300 = Japan 100 + Korea 200 may be chance; --add-markets cannot file them.
    let v = Workdir::new();
    let err = ingest(&v, "one.csv", one, &["--measure", "Number", "--add-markets", "World"]).fails().stderr;
    assert!(
        err.contains("with one period, rows that are the sums of others may be groups or chance"),
        "{err}"
    );
    let blocks_one =
        "Quarter,Region,Holiday,Total\nMarch quarter 1998,Alpha,10,11\n,Beta,20,22\n,Gamma,30,33\n";
    let b = Workdir::new();
    let err =
        ingest(&b, "co.csv", blocks_one, &["--measure", "Holiday", "--add-markets", "W"]).fails().stderr;
    assert!(
        err.contains("with one period, rows that are the sums of others may be groups or chance"),
        "{err}"
    );
    // Without --add-markets nothing is put in a tree: the rows load as they are.
    ingest(&b, "co.csv", blocks_one, &["--measure", "Holiday"]).ok();
    assert_eq!(stored(&b).len(), 3);

    // The shape of series as columns with a value they cannot hold: said, with or without
    // --frequency, not the long layout's header message.
    let two_digits = "m1,m2\n3,3\n98,98\n1,1\n10,20\n11,21\n12,22\n";
    for flags in [&[][..], &["--frequency", "monthly"][..]] {
        let err = ingest(&w, "monthly_98.csv", two_digits, flags).fails().stderr;
        assert!(err.contains("monthly_98.csv:3: the first lines have the shape of series as columns (names, then whole numbers under each), but line 3 should hold each series' start year, written in full: column A holds 98"), "{err}");
    }
    // A series picked (or named with --market alone) in series as columns, each stored under
    // its name, was passed over without a word (review 27 M3).
    let named = "m1,m2\n3,3\n2024,2024\n1,1\n10,20\n11,21\n12,22\n";
    let err = ingest(&w, "comp_monthly.csv", named, &["--market", "Japan"]).fails().stderr;
    assert!(
        err.contains("this file is series as columns, each stored under its name: leave --market out"),
        "{err}"
    );
    // A file that does not say it is series as columns keeps the long layout's message.
    let err = ingest(&w, "ym.csv", "Year,Month,Arrivals\n2024,1,1000\n2024,2,1100\n", &[]).fails().stderr;
    assert!(
        err.contains("the header of an arrivals file must be") && !err.contains("series as columns"),
        "{err}"
    );
    let err = ingest(&w, "monthly_0.csv", "m1,m2\n0,3\n1998,1998\n1,1\n10,20\n", &[]).fails().stderr;
    assert!(
        err.contains("monthly_0.csv:2:")
            && err.contains("line 2 should hold each series' length (1 or more): column A holds 0"),
        "{err}"
    );
    let err = ingest(&w, "monthly_dup.csv", "m1,m1\n2,2\n1998,2000\n1,1\n1,5\n2,6\n", &[]).fails().stderr;
    assert!(err.contains("series \"m1\" is named twice (columns A and B)"), "{err}");
    let stray = w.write("monthly_stray.csv", "m1,m2\n2,4\n1979,1980\n1,1\n10,20\n11,21\n12,22\n13,23\n14,\n");
    let out = w.run(&["inspect", "arrivals", stray.to_str().unwrap()]).ok().stdout;
    assert!(out.contains("m1: 3 values below its length of 2 (lines 7-9)"), "{out}");
    let comma = Workdir::new();
    ingest(
        &comma,
        "monthly_c.csv",
        "m1\n2\n1998\n1\n\"1,234\"\n\"12,5\"\n",
        &["--unit", "ones", "--decimal", ","],
    )
    .ok();
    assert_eq!(stored(&comma), ["m1,1998-01,1.234,A", "m1,1998-02,12.5,A"]);
    // Without a unit "1,234" with the comma the decimal mark is refused as a figure with
    // decimals, never 1.234 people; it was called ambiguous "with a dot between thousands",
    // and the hint (--thousands .) conflicted with the --decimal , given.
    let err = ingest(&w, "c.csv", "market,period,arrivals\nA,2025-01,\"1,234\"\n", &["--decimal", ","])
        .fails()
        .stderr;
    assert!(err.contains("a figure with decimals needs --unit") && !err.contains("--thousands"), "{err}");
}

/// What a review of the new layouts showed: units in a measure's heading or an item's name,
/// a Year,Month table never taken for blocks of markets "January", totals passed over, a
/// frequency flag that contradicts the file's name, a blank line above the series names,
/// and --add-markets refused where one period's sums cannot tell groups from chance.
#[test]
fn the_new_layouts_read_units_totals_and_lines_as_the_file_gives_them() {
    let w = Workdir::new();
    let err = ingest(
        &w,
        "h.csv",
        "Quarter,Region,Holiday ('000)\nMarch quarter 1998,Sydney,828\n,Melbourne,400\n",
        &[],
    )
    .fails()
    .stderr;
    assert!(err.contains("the heading \"Holiday ('000)\" says the figures are in thousands"), "{err}");
    let item = "Country,Item,2019,2020\nChina,Number of Arrivals ('000),10,2\n,Length of Stay,8,9\nJapan,Number of Arrivals ('000),5,1\n,Length of Stay,7,8\n";
    let err = ingest(&w, "i.csv", item, &["--measure", "Number"]).fails().stderr;
    assert!(err.contains("says the figures are in thousands"), "{err}");
    // Year and month in columns: no markets named after months.
    let err =
        ingest(&w, "ym.csv", "Year,Month,Arrivals\n2024,January,100\n,February,110\n", &[]).fails().stderr;
    assert!(!err.contains("January (") && !err.contains("market \"January\""), "{err}");
    let months = Workdir::new();
    let _ = ingest(&months, "ym.csv", "Year,Month,Arrivals\n2024,January,100\n,February,110\n", &[]);
    assert!(!stored(&months).iter().any(|r| r.contains("January")), "{:?}", stored(&months));
    // A block's Total row is passed over, not stored beside the regions it sums.
    let t = Workdir::new();
    ingest(&t, "t.csv", "Quarter,Region,Holiday\nMarch quarter 1998,Sydney,10\n,Melbourne,20\n,Total,30\nJune quarter 1998,Sydney,11\n,Melbourne,21\n,Total,32\n", &[]).ok();
    assert!(!stored(&t).iter().any(|r| r.starts_with("Total")), "{:?}", stored(&t));
    let err = ingest(
        &w,
        "quarterly_in.csv",
        "q1\n3\n1998\n1\n1\n2\n3\n",
        &["--unit", "ones", "--frequency", "yearly"],
    )
    .fails()
    .stderr;
    assert!(err.contains("--frequency yearly, but the file's name says quarterly"), "{err}");
    let blank = Workdir::new();
    ingest(&blank, "monthly_b.csv", "\nm1\n3\n1998\n1\n10\n20\n30\n", &[]).ok();
    assert_eq!(stored(&blank), ["m1,1998-01,10,A", "m1,1998-02,20,A", "m1,1998-03,30,A"]);
    let err = ingest(&w, "monthly_gap.csv", "m1\n3\n1998\n1\n10\n\n20\n30\n", &[]).fails().stderr;
    assert!(err.contains("a blank line among the figures"), "{err}");
    let one = "Quarter,Region,Holiday\nMarch quarter 1998,NSW,30\n,Sydney,10\n,Rest of NSW,20\n";
    let err = ingest(&w, "one.csv", one, &["--add-markets", "W"]).fails().stderr;
    assert!(
        err.contains("with one period, rows that are the sums of others may be groups or chance"),
        "{err}"
    );
}

/// A report table of one period whose region row is its countries' sum: with --add-markets
/// refused (the sum may be chance), without it loaded as written.
#[test]
fn one_period_sums_do_not_build_a_tree() {
    let w = Workdir::new();
    let text = "Market,Jan-25\nAsia,300\nJapan,100\nKorea,200\nFrance,50\n";
    let err = ingest(&w, "one.csv", text, &["--add-markets", "World"]).fails().stderr;
    assert!(
        err.contains("with one period, rows that are the sums of others may be groups or chance"),
        "{err}"
    );
    let two = "Market,Jan-25,Feb-25\nAsia,300,330\nJapan,100,110\nKorea,200,220\nFrance,50,60\n";
    ingest(&w, "two.csv", two, &["--add-markets", "World"]).ok();
    let markets = w.run(&["export", "markets"]).ok().stdout;
    assert!(markets.contains("Japan,Asia") && markets.contains("Asia,World"), "{markets}");
}

/// A year or quarter beside its months contradicts them (less than the months given, or unlike
/// all of them beyond rounding), or is their sum on some rows only though the months do not
/// cover it (a year to date beside January to March): refused, never stored as the year.
#[test]
fn a_period_that_contradicts_its_months_or_sums_only_part_of_it_is_refused() {
    let w = Workdir::new();
    let ytd = "market,2025-01,2025-02,2025-03,2025\nA,10,20,30,60\nB,5,5,5,40\n";
    let err = ingest(&w, "ytd.csv", ytd, &[]).fails().stderr;
    assert!(
        err.contains(
            "ytd.csv:1: column E (2025) is the sum of the columns it spans on line 2 but not on line 3"
        ),
        "{err}"
    );
    // Their sum on every row: a year to date, passed over (it was refused as the sum "on line
    // 2, 3 but not on line ,").
    let all = "market,2025-01,2025-02,2025-03,2025-04,2025\nA,10,20,30,,60\nB,5,5,5,,15\n";
    let f = w.write("all.csv", all);
    let out = w.run(&["inspect", "arrivals", f.to_str().unwrap(), "--as-of", "2026-06-01"]).ok().stdout;
    assert!(
        out.contains("the total of the columns it spans that have figures (a total so far, not all of 2025): passed over"),
        "{out}"
    );
    assert!(out.contains("rows as they would be stored: 6"), "{out}");
    // Periods as rows: a quarter row under its months is checked as a quarter column is (it
    // was stored beside months that contradict it).
    let rows = "period,A,B\n2025-01,100,5\n2025-02,200,\n2025-03,300,5\n2025-Q1,550,12\n";
    let err = ingest(&w, "rows.csv", rows, &[]).fails().stderr;
    assert!(
        err.contains("rows.csv:5: 2025-Q1 of A is 550, but the rows it spans add up to 600: which is right?"),
        "{err}"
    );
    assert!(!err.contains("of B"), "B's February is missing, and 12 is more than 10: {err}");
    // A quarter row that is the sum of the months given, March empty: a total so far, refused
    // (it was stored as the whole quarter, and March counted as covered).
    let so_far = "period,A\n2025-01,100\n2025-02,200\n2025-03,\n2025-Q1,300\n";
    let err = ingest(&w, "so_far.csv", so_far, &[]).fails().stderr;
    assert!(err.contains("so_far.csv:5: 2025-Q1 of A is 300, the sum of the 2 rows of it that have a figure, though they do not cover it"), "{err}");
    // A Total column is checked as a year column is: it was passed over unread.
    let total = "market,2025-01,2025-02,2025-03,Total\nA,1000,2000,3000,9999\nB,100,,300,600\nC,5,5,5,16\n";
    let err = ingest(&w, "total.csv", total, &[]).fails().stderr;
    assert!(
        err.contains("total.csv:2: Total of A (column E) is 9999, but the columns it spans add up to 6000: which is right?"),
        "{err}"
    );
    // B's missing February and C's rounding (1 off over 3 columns) are no contradiction.
    assert!(!err.contains("total.csv:3") && !err.contains("total.csv:4"), "{err}");
    let q = "market,2025-01,2025-02,2025-03,2025-Q1\nA,10,20,30,60\nB,5,5,5,40\n";
    let err = ingest(&w, "q.csv", q, &[]).fails().stderr;
    assert!(err.contains("q.csv:3: 2025-Q1 of B is 40, but the columns it spans add up to 15"), "{err}");
    let less = "market,2025-01,2025-02,2025-03,2025\nA,10,20,30,50\nB,5,5,5,40\n";
    let err = ingest(&w, "less.csv", less, &[]).fails().stderr;
    assert!(err.contains("less.csv:2: 2025 of A is 50, less than the 3 columns of it given"), "{err}");
    assert!(stored(&w).is_empty(), "{:?}", stored(&w));
    // Months rounded to thousands beside a total rounded on its own are within rounding (a
    // step of one refused 98,000 against their 96,000).
    let rounded = format!(
        "market,{}\nA,{}98000\n",
        (1..=12).map(|m| format!("2024-{m:02},")).collect::<String>() + "Total",
        "8000,".repeat(12)
    );
    ingest(&w, "rounded_total.csv", &rounded, &[]).ok();
    // Rounded independently (1 off), or a whole year beside some of its months: stored.
    let rounded = "market,2025-01,2025-02,2025-03,2025-Q1\nA,10,20,30,61\nB,5,5,5,15\n";
    ingest(&w, "rounded.csv", rounded, &[]).ok();
    assert!(stored(&w).contains(&"A,2025-Q1,61,A".to_string()), "{:?}", stored(&w));
    let year = "market,2025-01,2025-02,2025-03,2025\nC,10,20,30,100\nD,5,5,5,40\n";
    ingest(&w, "year.csv", year, &[]).ok();
    assert!(stored(&w).contains(&"D,2025,40,A".to_string()), "{:?}", stored(&w));
}

#[test]
fn a_figure_past_the_headers_last_column_is_refused_never_shifted_or_dropped() {
    // An unquoted "1,250" is two fields: read as 1 and 250, every figure after it moved one
    // column on and the last passed over.
    let w = with_tree();
    let says = |err: &str, line: &str, past: &str| {
        err.contains(&format!("{line}: column {past}, past the header's last heading"))
            && err.contains("quote it, \"1,250\"")
    };
    let rows = "Market,Jan 2025,Feb 2025,Mar 2025\nJapan,2 000,1 850,2 100\nChina,1,250,980,1 020\n";
    let err = ingest(&w, "rows.csv", rows, &["--unit", "thousands"]).fails().stderr;
    assert!(says(&err, "rows.csv:3", "E holds \"1 020\""), "{err}");
    let columns = "Month,Japan,China\n2025-01,2000,1,250\n2025-02,1850,980\n";
    let err = ingest(&w, "columns.csv", columns, &[]).fails().stderr;
    assert!(says(&err, "columns.csv:2", "D holds \"250\""), "{err}");
    let series = "Japan,China\n3,3\n2024,2024\n1,1\n10,20\n11,1,250\n12,22\n";
    let err = ingest(&w, "series.csv", series, &["--frequency", "monthly", "--unit", "ones"]).fails().stderr;
    assert!(says(&err, "series.csv:6", "C holds \"250\""), "{err}");
    let blocks = ",\"Reason\",\"Holiday\",\"Business\",\"Total\",\n\"Quarter\",\"Region\",\n\"March quarter 1998\",\"Japan\",828,3171185,10,838.3171185,\n,\"China\",53,5,58,\n\"June quarter 1998\",\"Japan\",800,11,811,\n,\"China\",60,4,64,\n";
    let err =
        ingest(&w, "blocks.csv", blocks, &["--measure", "Holiday", "--unit", "thousands"]).fails().stderr;
    assert!(says(&err, "blocks.csv:3", "F holds \"838.3171185\""), "{err}");
    // A trailing comma on the header is no heading: the figure it would stand over is refused.
    let columns = "Month,Japan,China,\n2025-01,2000,1,250\n";
    let err = ingest(&w, "comma.csv", columns, &[]).fails().stderr;
    assert!(says(&err, "comma.csv:2", "D holds \"250\""), "{err}");
    assert!(err.contains("(column C, \"China\")"), "{err}");
    assert!(stored(&w).is_empty());
    // The field pushed past the header empty (a month to come): the row is as wide as none
    // of the others, and refused all the same.
    let empty_end = "Market,Jan-25,Feb-25,Mar-25\nChina,1,250,2000,\nJapan,1000,2000,3000\n";
    let err = ingest(&w, "empty_end.csv", empty_end, &[]).fails().stderr;
    assert!(err.contains("empty_end.csv:2: 5 fields where the header and other rows have 4"), "{err}");
    // Empty cells and text past the header are no figures: read as before.
    let trailing = "Market,Jan 2025,Feb 2025\nJapan,2000,1850,,\nChina,1250,980,,see note\n";
    ingest(&w, "trailing.csv", trailing, &[]).ok();
    assert_eq!(
        stored(&w),
        ["China,2025-01,1250,A", "China,2025-02,980,A", "Japan,2025-01,2000,A", "Japan,2025-02,1850,A"]
    );
}

/// A spreadsheet's months to come filled with 0 were stored as months of no arrivals, and
/// summary then compared a whole year of which four months were known: -81.6% without a word.
/// A 0 for a month not begun on the day it was known is refused; months begun, and figures
/// other than 0, are read. A target of 0 printed "NaN%": refused too.
#[test]
fn zeros_for_months_to_come_and_targets_of_zero_are_refused() {
    let w = with_tree();
    let table = "Market,May 2026,Jun 2026,Jul 2026\nJapan,120,0,0\nChina,0,80,\n";
    let err = ingest(&w, "zeros.csv", table, &[]).fails().stderr;
    assert!(
        err.contains("zeros.csv:2: arrivals of Japan for 2026-07 are 0 with the vintage 2026-06-01, before 2026-07 began: a month to come written as 0? leave it empty (or na)"),
        "{err}"
    );
    // June had begun on 1 June, and China's May is a month past: their 0s are figures.
    assert!(!err.contains("2026-06 are 0") && !err.contains("China for 2026-05"), "{err}");
    assert!(stored(&w).is_empty());
    ingest(&w, "zeros.csv", &table.replace("Japan,120,0,0", "Japan,120,0,"), &[]).ok();
    assert_eq!(
        stored(&w),
        ["China,2026-05,0,A", "China,2026-06,80,A", "Japan,2026-05,120,A", "Japan,2026-06,0,A"]
    );
    // A forecast or an estimate of 0 is of a month to come by its status: read.
    ingest(&w, "f.csv", "market,period,arrivals,status\nJapan,2026-08,0,F\nChina,2026-08,0,E\n", &[]).ok();
    let t = w.write("t.csv", "market,period,target\nJapan,2026,0\nChina,2026,5000\n");
    let err = w.run(&["ingest", "targets", t.to_str().unwrap()]).fails().stderr;
    assert!(err.contains("t.csv:2: a target of 0 for Japan, 2026: nothing to track against"), "{err}");
}

/// "Asia total" beside its members, where it is more than they add up to, was passed over as
/// a total "the tree has no such group", and "Japan, total" with it: Japan's figures lost.
/// A market named beside its total word is that market's own figure.
#[test]
fn a_market_named_beside_its_total_word_is_its_own_figure() {
    let w = with_tree();
    let rows =
        "Country,Jan-25,Feb-25\nJapan, total,100,200\nChina,50,60\nAsia total,400,500\nGrand total,999,999\n";
    let out = ingest(&w, "rows.csv", &rows.replace("Japan, total", "\"Japan, total\""), &[]).ok().stdout;
    assert!(out.contains("6 rows read"), "{out}");
    assert_eq!(
        stored(&w),
        [
            "Asia,2025-01,400,A",
            "Asia,2025-02,500,A",
            "China,2025-01,50,A",
            "China,2025-02,60,A",
            "Japan,2025-01,100,A",
            "Japan,2025-02,200,A"
        ]
    );
    let f = w.path("rows.csv");
    let out = w.run(&["inspect", "arrivals", f.to_str().unwrap(), "--as-of", "2026-06-01"]).ok().stdout;
    assert!(
        out.contains("line 4: \"Asia total\" names a market beside its total word, read as market \"Asia\""),
        "{out}"
    );
    assert!(out.contains("a total row: passed over (no market of the tree is named so)"), "{out}");
    let w = with_tree();
    ingest(&w, "columns.csv", "Month,Japan,China,Total Asia\n2025-03,7,8,20\n", &[]).ok();
    assert_eq!(stored(&w), ["Asia,2025-03,20,A", "China,2025-03,8,A", "Japan,2025-03,7,A"]);
}

/// A file that groups thousands with spaces ("12 345") and writes "1,250": read by default as
/// 1,250, where the comma is as likely its decimal mark (1.25, a thousand times less). It was
/// stored without a word; each such figure is refused until --decimal says.
#[test]
fn a_comma_in_a_file_grouped_by_spaces_is_refused_until_decimal_says() {
    let w = with_tree();
    let long = "market,period,arrivals\nJapan,2025-01,12 345\nChina,2025-01,\"1,250\"\n";
    let wide = "Market,Jan 2025,Feb 2025\nJapan,\"2 000\",\"1 850\"\nChina,\"1,250\",980\n";
    for (name, text, at, spaced) in [("long.csv", long, 3, "12 345"), ("wide.csv", wide, 3, "2 000")] {
        let err = ingest(&w, name, text, &["--unit", "thousands"]).fails().stderr;
        assert!(
            err.contains(&format!("{name}:{at}: \"1,250\" reads as 1250 with the comma grouping thousands, but this file groups thousands with spaces (\"{spaced}\", line 2)")),
            "{err}"
        );
        assert!(err.contains("--decimal , reads it so, --decimal . as 1250"), "{err}");
    }
    assert!(stored(&w).is_empty());
    ingest(&w, "wide.csv", wide, &["--unit", "thousands", "--decimal", ","]).ok();
    assert!(stored(&w).contains(&"China,2025-01,1250,A".to_string()), "{:?}", stored(&w));
    // Without spaces in the file, "1,250" is 1,250 as before.
    let w = with_tree();
    ingest(&w, "plain.csv", "market,period,arrivals\nJapan,2025-01,12345\nChina,2025-01,\"1,250\"\n", &[])
        .ok();
    assert_eq!(stored(&w), ["China,2025-01,1250,A", "Japan,2025-01,12345,A"]);
}

/// A spreadsheet's long export with trailing commas ("market,period,arrivals,,") was refused
/// with "(unexpected , )": the empty fields ending the header head nothing, and a value under
/// them (an unquoted comma's second half) is refused, naming its column.
#[test]
fn empty_fields_ending_a_long_header_head_nothing() {
    let w = with_tree();
    ingest(
        &w,
        "trailing.csv",
        "market,period,arrivals,,\r\nJapan,2025-01,100,,\r\nChina,2025-01,5,,\r\n",
        &[],
    )
    .ok();
    assert_eq!(stored(&w), ["China,2025-01,5,A", "Japan,2025-01,100,A"]);
    let err = ingest(&w, "split.csv", "market,period,arrivals,,\nJapan,2025-02,1,250,\n", &[]).fails().stderr;
    assert!(
        err.contains("split.csv:2: column D holds \"250\" under no heading (the header's last is \"arrivals\", column C)"),
        "{err}"
    );
}

/// A note below a table naming another table's unit was taken as this one's by inspect, whose
/// proposed command then stored every figure a thousand times too large. Ingest refuses until
/// --unit says; inspect applies a unit from a title above the header only.
#[test]
fn a_unit_named_in_a_note_below_the_table_is_never_applied_by_inspect() {
    let w = with_tree();
    let text = "Market,Jan-25,Feb-25\nJapan,12400,13100\nChina,5000,5100\n\n\"Note: nights are published in thousands in Table 2; this table counts persons.\"\n";
    let f = w.write("note.csv", text);
    let out = w.run(&["inspect", "arrivals", f.to_str().unwrap(), "--as-of", "2026-06-01"]);
    assert!(!out.stdout.contains("--unit thousands") && !out.stdout.contains("12400000"), "{}", out.stdout);
    let err = ingest(&w, "note.csv", text, &[]).fails().stderr;
    assert!(err.contains("--unit ones as they are written"), "{err}");
    ingest(&w, "note.csv", text, &["--unit", "ones"]).ok();
    assert!(stored(&w).contains(&"Japan,2025-01,12400,A".to_string()), "{:?}", stored(&w));
}

/// Trial 20 #1: a month or part of a year on a second header line under years ("January",
/// "Jan-Mar"), or "first quarter" in the title: the figures are of that part, never stored as
/// whole years.
#[test]
fn a_part_of_the_year_under_year_columns_is_never_read_as_the_years() {
    let w = with_tree();
    let err =
        ingest(&w, "ym1.csv", "Country,2023,2024\n,January,January\nChina,100,120\n", &[]).fails().stderr;
    assert!(err.contains("ym1.csv:2: \"January\" under the header's 2023: the figures are of that part of each year, not whole years"), "{err}");
    let text = "Country,2023,2024,% change\n,Jan-Mar,Jan-Mar,\nChina,100,120,20.0\n";
    let err = ingest(&w, "ym2.csv", text, &[]).fails().stderr;
    assert!(err.contains("\"Jan-Mar\" under the header's 2023"), "{err}");
    let err = ingest(&w, "ym4.csv", "\"Arrivals, first quarter\"\nCountry,2023,2024\nChina,100,120\n", &[])
        .fails()
        .stderr;
    assert!(err.contains("names part of a year and the periods are years"), "{err}");
    assert!(stored(&w).is_empty());
    // --month reads the years as that month of each year, as it does under such a title.
    ingest(&w, "ym1.csv", "Country,2023,2024\n,January,January\nChina,100,120\n", &["--month", "January"])
        .ok();
    assert_eq!(stored(&w), ["China,2023-01,100,A", "China,2024-01,120,A"]);
}

/// Trial 20 #2: "01-Jan" (a spreadsheet's day and month) was read as January 2001; a header of
/// labels that look like periods and read as none is said as such.
#[test]
fn a_day_and_month_header_is_no_month_of_a_two_digit_year() {
    let w = with_tree();
    let err = ingest(&w, "d.csv", "Country,01-Jan,01-Feb\nChina,100,200\n", &[]).fails().stderr;
    assert!(
        err.contains("d.csv:1: the header's labels (01-Jan, 01-Feb, ...) look like periods but are none tourstat reads: \"01-Jan\" is a day and a month"),
        "{err}"
    );
    let err = ingest(&w, "q.csv", "Country,1Q25,2Q25\nChina,100,200\n", &[]).fails().stderr;
    assert!(err.contains("the header's labels (1Q25, 2Q25, ...) look like periods"), "{err}");
    assert!(stored(&w).is_empty());
    // A four-digit year before its month still reads.
    ingest(&w, "y.csv", "Country,2025-Jan,2025-Feb\nChina,100,200\n", &[]).ok();
    assert_eq!(stored(&w), ["China,2025-01,100,A", "China,2025-02,200,A"]);
}

/// Trial 29 #2, #3: a grand total in another language ("Insgesamt", "合計") became a market
/// counted beside the markets it totals, and German ways of writing thousands were missed.
#[test]
fn grand_totals_and_units_in_other_languages_are_read() {
    for total in ["Insgesamt", "合計", "Total général"] {
        let w = Workdir::new();
        let text = format!("Market,Jan-25\nGermany,100\nFrance,10\n{total},130\n");
        w.write("t.csv", &text);
        w.run(&["ingest", "arrivals", "t.csv", "--add-markets", "World", "--as-of", "2025-04-10"]).ok();
        let out =
            w.run(&["summary", "--year", "2025", "--through", "2025-01", "--format", "csv"]).ok().stdout;
        assert!(out.contains("World,130"), "{total}: {out}");
        assert!(!out.contains(total), "{total}: {out}");
    }
    let w = with_tree();
    for title in ["Ankünfte (1.000 Personen)", "Einheit: 1000", "Arrivals [1000]"] {
        let err =
            ingest(&w, "u.csv", &format!("\"{title}\"\nCountry,Jan-25\nChina,12\n"), &[]).fails().stderr;
        assert!(err.contains("says the figures are in thousands"), "{title}: {err}");
    }
}

/// Trial 26 #10: headers of financial years, of Buddhist Era years with a year not ended, and of
/// Japanese, Chinese or Korean months got the long file's header message.
#[test]
fn headers_of_other_ways_of_writing_periods_are_read_or_said() {
    let w = with_tree();
    let err = ingest(&w, "fy.csv", "Country,FY2024,FY2025\nChina,100,200\n", &[]).fails().stderr;
    assert!(err.contains("\"FY2024\" is a financial year, whose months its label does not say"), "{err}");
    assert!(!err.contains("must be market,period,arrivals"), "{err}");
    // 2569 is 2026, not over by the vintage (2026-06-01): the calendar is named first.
    let err = ingest(&w, "be.csv", "Nationality,2568,2569\nChina,100,200\n", &[]).fails().stderr;
    assert!(err.contains("the table's periods read only as Buddhist Era years"), "{err}");
    let text = "Country,2025年1月,2025年2月,2025년 3월,2025年第2四半期\nChina,100,200,300,900\n";
    ingest(&w, "jp.csv", text, &[]).ok();
    assert_eq!(
        stored(&w),
        ["China,2025-01,100,A", "China,2025-02,200,A", "China,2025-03,300,A", "China,2025-Q2,900,A"]
    );
}

/// Trial 20 #3: units written "(1000s)", "(thous.)", "(k)", "Units: 1000", "arrivals_000" or in
/// hundreds were read as people; now refused until --unit says, and hundreds read as such.
#[test]
fn every_way_of_writing_thousands_or_hundreds_asks_for_the_unit() {
    let w = with_tree();
    for title in
        ["Visitor arrivals (1000s)", "Arrivals (thous.)", "Arrivals (th.)", "Units: 1000", "Arrivals (k)"]
    {
        let err =
            ingest(&w, "u.csv", &format!("\"{title}\"\nCountry,Jan-25\nChina,12\n"), &[]).fails().stderr;
        assert!(err.contains("says the figures are in thousands"), "{title}: {err}");
    }
    let long = "market,period,arrivals_000\nChina,2025-01,12\n";
    let err = ingest(&w, "l.csv", long, &["--column", "arrivals=arrivals_000"]).fails().stderr;
    assert!(err.contains("the header \"arrivals_000\" says the figures are in thousands"), "{err}");
    assert!(stored(&w).is_empty());
    let text = "\"Arrivals (hundreds of persons)\"\nCountry,Jan-25\nChina,12.5\n";
    let err = ingest(&w, "h.csv", text, &[]).fails().stderr;
    assert!(
        err.contains("says the figures are in hundreds; --unit hundreds reads them so (12.5 = 1,250)"),
        "{err}"
    );
    ingest(&w, "h.csv", text, &["--unit", "hundreds"]).ok();
    assert_eq!(stored(&w), ["China,2025-01,1250,A"]);
}

/// India publishes arrivals in lakh (100,000), Japan and China in 万 (10,000): their titles
/// were no unit ("(in lakh)") or a thousand's zeros ("(10,000 persons)", "x 100 000"), so
/// 2.10 lakh asked for --unit thousands and was stored as 2,100 where 210,000 was published.
#[test]
fn lakhs_and_ten_thousands_are_units_of_their_own_never_thousands() {
    let w = with_tree();
    let india = "Foreign Tourist Arrivals (in lakh)\nCountry,Jan-25,Feb-25\nChina,2.10,1.95\n";
    let err = ingest(&w, "in.csv", india, &[]).fails().stderr;
    assert!(
        err.contains("says the figures are in lakhs; --unit lakhs reads them so (12.5 = 1,250,000)"),
        "{err}"
    );
    let err = ingest(&w, "in.csv", india, &["--unit", "thousands"]).fails().stderr;
    assert!(err.contains("says the figures are in lakhs, --unit says thousands"), "{err}");
    ingest(&w, "in.csv", india, &["--unit", "lakhs"]).ok();
    assert_eq!(stored(&w), ["China,2025-01,210000,A", "China,2025-02,195000,A"]);
    for (title, unit) in [
        ("\"Visitor arrivals (10,000 persons)\"", "ten-thousands"),
        ("Arrivals (x 10 000)", "ten-thousands"),
        ("訪日外客数（万人）", "ten-thousands"),
        ("\"Arrivals (x 100,000)\"", "lakhs"),
    ] {
        let text = format!("{title}\nCountry,Mar-25\nJapan,96.5\n");
        let err = ingest(&w, "jp.csv", &text, &[]).fails().stderr;
        assert!(err.contains(&format!("says the figures are in {unit};")), "{title}: {err}");
    }
    let text = "Arrivals (x 10 000)\nCountry,Mar-25\nJapan,96.5\n";
    ingest(&w, "jp.csv", text, &["--unit", "ten-thousands"]).ok();
    assert!(stored(&w).contains(&"Japan,2025-03,965000,A".to_string()), "{:?}", stored(&w));
    // A figure in a title's words is no unit: these are people.
    let text = "\"Markets with over 10,000 arrivals\"\nCountry,Apr-25\nJapan,12500\n";
    ingest(&w, "big.csv", text, &[]).ok();
    assert!(stored(&w).contains(&"Japan,2025-04,12500,A".to_string()), "{:?}", stored(&w));
}

/// Trial 26 #3 and #1: a German table "(in Tsd.)" of "12,345" stored 12,345,000 (the comma is
/// its decimal mark: 12,345 people); Japan's "(10 thousand persons)" asked for thousands.
#[test]
fn a_comma_in_a_table_written_in_a_decimal_comma_language_is_not_read_as_thousands() {
    let w = Workdir::new();
    let de = "\"Ankünfte aus dem Ausland (in Tsd.)\"\nHerkunftsland,Januar 2024,Februar 2024\nNiederlande,\"12,345\",\"11,002\"\n";
    let err = ingest(&w, "de.csv", de, &["--unit", "thousands"]).fails().stderr;
    assert!(
        err.contains("\"12,345\" reads as 12345 with the comma grouping thousands, but this file is written in a language whose decimal mark is the comma (\"Ankünfte\", line 1), where it reads as 12.345: --decimal , reads it so"),
        "{err}"
    );
    ingest(&w, "de.csv", de, &["--unit", "thousands", "--decimal", ","]).ok();
    assert_eq!(stored(&w), ["Niederlande,2024-01,12345,A", "Niederlande,2024-02,11002,A"]);
    // The same figures under an English title read as before.
    let en = "\"Arrivals from abroad (thousands)\"\nCountry,Jan 2024\nNetherlands,\"12,345\"\n";
    ingest(&w, "en.csv", en, &["--unit", "thousands"]).ok();
    assert!(stored(&w).contains(&"Netherlands,2024-01,12345000,A".to_string()));
    let jp = "\"Visitor arrivals to Japan (10 thousand persons)\"\nCountry,Jan 2024\nKorea,85.7\n";
    let err = ingest(&w, "jp.csv", jp, &["--unit", "thousands"]).fails().stderr;
    assert!(err.contains("says the figures are in ten-thousands, --unit says thousands"), "{err}");
}

/// A footnote mark after a market's name ("China*", "Japan¹", "Korea (1)") made a market of
/// its own without a tree: the next month's "Japan" was another market, so Japan's series
/// stopped and its revision was never seen. The mark is no part of the name, and the status a
/// footnote gives it is its figures'.
#[test]
fn a_footnote_mark_after_a_market_is_no_market_of_its_own() {
    let w = Workdir::new();
    let text = "Country,Jan-25,Feb-25\nChina*,100,200\nJapan¹,50,60\nKorea (1),7,8\nU.S.A.,3,4\n\n* Provisional figures\n1) incl. Okinawa\n";
    ingest(&w, "a.csv", text, &[]).ok();
    let text = "market,period,arrivals\nJapan,2025-03,70\nChina,2025-03,300\nu.s.a.,2025-03,5\n";
    ingest(&w, "b.csv", text, &[]).ok();
    assert_eq!(
        stored(&w),
        [
            "China,2025-01,100,P",
            "China,2025-02,200,P",
            "China,2025-03,300,A",
            "Japan,2025-01,50,A",
            "Japan,2025-02,60,A",
            "Japan,2025-03,70,A",
            "Korea,2025-01,7,A",
            "Korea,2025-02,8,A",
            "U.S.A.,2025-01,3,A",
            "U.S.A.,2025-02,4,A",
            "U.S.A.,2025-03,5,A",
        ]
    );
    // The same name twice, once with its mark, is one market given twice.
    let err = ingest(&w, "c.csv", "Country,Apr-25\nChina*,1\nChina,2\n", &[]).fails().stderr;
    assert!(err.contains("duplicate figure for market \"China\", period 2025-04"), "{err}");
    // With a tree, a mark is read past too.
    let w = with_tree();
    ingest(&w, "d.csv", "Country,Jan-25\nJapan²,5\nChina †,6\n", &[]).ok();
    assert_eq!(stored(&w), ["China,2025-01,6,A", "Japan,2025-01,5,A"]);
}

/// Trial 20 #5: "of which" and "Memo" rows under a table are parts or memo items, never
/// markets: `--add-markets` put them under Total with shares of their own.
#[test]
fn of_which_and_memo_rows_are_passed_over_never_added_as_markets() {
    let w = Workdir::new();
    let text = "Country,Jan-25,Feb-25\nChina,100,200\nJapan,10,20\nTotal,110,220\nof which: cruise,30,40\nMemo: residents abroad,7,8\n";
    ingest(&w, "t.csv", text, &["--add-markets", "Total"]).ok();
    let rows = stored(&w);
    assert_eq!(rows.len(), 6, "{rows:?}");
    assert!(rows.iter().all(|r| ["China", "Japan", "Total"].iter().any(|m| r.starts_with(m))), "{rows:?}");
    let tree = w.run(&["markets", "--format", "csv"]).ok().stdout;
    assert!(!tree.contains("cruise") && !tree.contains("Memo"), "{tree}");
}

/// Trial 20 #7: a header of first days of months (a spreadsheet's months saved as dates) was
/// stored as days; whether they are months or days is not guessed.
#[test]
fn a_header_of_first_days_of_months_is_refused_not_guessed() {
    let w = with_tree();
    let text = "Country,2025-01-01,2025-02-01,2025-03-01\nChina,100,200,300\n";
    let err = ingest(&w, "t6.csv", text, &[]).fails().stderr;
    assert!(
        err.contains("t6.csv:1: every period of the header is the first day of a month (2025-01-01, 2025-02-01, 2025-03-01, ...)"),
        "{err}"
    );
    assert!(stored(&w).is_empty());
    // Days of a month beside the first are a table of days.
    ingest(&w, "days.csv", "Country,2025-01-01,2025-01-02\nChina,5,6\n", &[]).ok();
    assert_eq!(stored(&w), ["China,2025-01-01,5,A", "China,2025-01-02,6,A"]);
}

/// Trial 20 #8: a long file's period column reads the labels a table's header does.
#[test]
fn a_long_files_periods_read_as_table_labels_do() {
    let w = with_tree();
    let text = "market,period,arrivals\nChina,January 2025,100\nChina,Feb-25,200\nJapan,Q1 2025,10\n";
    ingest(&w, "l.csv", text, &[]).ok();
    assert_eq!(stored(&w), ["China,2025-01,100,A", "China,2025-02,200,A", "Japan,2025-Q1,10,A"]);
    let err = ingest(&w, "p.csv", "market,period,arrivals\nChina,2022P,100\n", &[]).fails().stderr;
    assert!(err.contains("a status after the period (\"2022P\") is given in the status column"), "{err}");
}

/// Trial 20 #6: `Mar-25*` under a footnote `* Provisional figures` was stored as final; the
/// footnote gives the mark its status, in a header or a row label. A mark no footnote explains
/// says nothing.
#[test]
fn a_footnote_gives_a_period_mark_its_status() {
    let w = with_tree();
    ingest(&w, "p.csv", "Country,Jan-25,Mar-25*\nChina,100,300\n\n* Provisional figures\n", &[]).ok();
    assert_eq!(stored(&w), ["China,2025-01,100,A", "China,2025-03,300,P"]);
    ingest(&w, "r.csv", "Month,Japan\nJan-25,10\nFeb-25†,20\n† estimated\n", &[]).ok();
    assert!(stored(&w).contains(&"Japan,2025-02,20,E".to_string()), "{:?}", stored(&w));
    let w = with_tree();
    ingest(&w, "b.csv", "Country,Jan-25,Mar-25*\nChina,100,300\n* Break in series\n", &[]).ok();
    assert_eq!(stored(&w), ["China,2025-01,100,A", "China,2025-03,300,A"]);
    // A negation gives no status (trial 22 N5: "* Not provisional" read as provisional).
    let w = with_tree();
    ingest(&w, "n.csv", "Country,Jan-25,Mar-25*\nChina,100,300\n* Not provisional: final figures\n", &[])
        .ok();
    assert_eq!(stored(&w), ["China,2025-01,100,A", "China,2025-03,300,A"]);
}

/// Trial 20 #11: a unit in the first heading is the header's, not a title's.
#[test]
fn a_unit_in_a_heading_is_named_as_the_headers() {
    let w = with_tree();
    let err = ingest(&w, "u.csv", "Country (thousands),Jan-25\nChina,12\n", &[]).fails().stderr;
    assert!(
        err.contains("u.csv:1: the header \"Country (thousands)\" says the figures are in thousands"),
        "{err}"
    );
}

/// The review of this round's reading rules: what they must not refuse or misread.
#[test]
fn the_new_reading_rules_leave_ordinary_tables_alone() {
    let w = with_tree();
    // A note below the figures names no unit; a bulletin published each quarter is no quarter.
    let note = "Country,Jan-25\nChina,12\n\n\"Markets with fewer than a hundred arrivals, or k) below, are in Others\"\n";
    ingest(&w, "note.csv", note, &[]).ok();
    ingest(&w, "q.csv", "\"Quarterly Tourism Bulletin\"\nCountry,2023,2024\nChina,120,130\n", &[]).ok();
    assert!(stored(&w).contains(&"China,2024,130,A".to_string()), "{:?}", stored(&w));
    // Decimals in a file that is no table are no period labels.
    let err =
        ingest(&w, "d.csv", "Country,Arrivals,Share\nFrance,12.5,3.4\nChina,1.5,2.5\n", &[]).fails().stderr;
    assert!(!err.contains("look like periods"), "{err}");
    // A year row's mark takes its footnote's status, as a year column's does; first days of
    // months as rows are refused as in a header.
    let w = with_tree();
    ingest(&w, "y.csv", "Year,China\n2023,100\n2024*,200\n* Provisional\n", &[]).ok();
    assert_eq!(stored(&w), ["China,2023,100,A", "China,2024,200,P"]);
    let err = ingest(&w, "r.csv", "Date,China\n2025-01-01,120\n2025-02-01,130\n", &[]).fails().stderr;
    assert!(err.contains("every period of the rows is the first day of a month"), "{err}");
}

/// Trial 22 N1, N2, N6, N7, N9: a unit or status row under the header, more unit words, more
/// memo spellings, and a season over years are never read past; "of which: China" is China's.
#[test]
fn rows_under_the_header_and_more_words_are_never_read_past() {
    let w = with_tree();
    let err = ingest(&w, "u.csv", "Country,Jan-25,Feb-25\n,(thousands),(thousands)\nChina,12,20\n", &[])
        .fails()
        .stderr;
    assert!(err.contains("u.csv:2: the header \"(thousands)\" says the figures are in thousands"), "{err}");
    let err = ingest(&w, "p.csv", "Country,Jan-25,Feb-25\n,p,p\nChina,12,20\n", &[]).fails().stderr;
    assert!(err.contains("p.csv:2: a line of statuses under the header"), "{err}");
    for title in ["Visitor arrivals (Tsd)", "Arrivals (10^3)", "Arrivals (hundred)", "Arrivals ('00)"] {
        let err =
            ingest(&w, "t.csv", &format!("\"{title}\"\nCountry,Jan-25\nChina,12\n"), &[]).fails().stderr;
        assert!(err.contains("says the figures are in"), "{title}: {err}");
    }
    let err = ingest(
        &w,
        "l.csv",
        "market,period,arrivals_k\nChina,2025-01,12\n",
        &["--column", "arrivals=arrivals_k"],
    )
    .fails()
    .stderr;
    assert!(err.contains("the header \"arrivals_k\" says the figures are in thousands"), "{err}");
    let err = ingest(&w, "s.csv", "\"Arrivals, summer season\"\nCountry,2023,2024\nChina,12,13\n", &[])
        .fails()
        .stderr;
    assert!(err.contains("names part of a year"), "{err}");
    assert!(stored(&w).is_empty());
    let text = "Country,Jan-25\nAsia,110\nof which: China,100\nJapan,10\no/w cruise,3\nCruise passengers (memo),3\nExcursionists (not included in total),7\n";
    ingest(&w, "m.csv", text, &[]).ok();
    assert_eq!(stored(&w), ["Asia,2025-01,110,A", "China,2025-01,100,A", "Japan,2025-01,10,A"]);
}

/// Trial 26 #6: rows of changes, growth rates and indices under the countries were stored as
/// markets, their percentages as arrivals (and added to the tree with --add-markets).
#[test]
fn rows_of_changes_rates_and_indices_are_no_markets() {
    let w = Workdir::new();
    let text = "Country,Jan-25,Feb-25\nChina,1500,1600\nChange over previous year,10,12\nJapan,450,460\nGrowth rate,5,4\nIndex (2019=100),95,97\nVar,30,31\n";
    ingest(&w, "t.csv", text, &[]).ok();
    let markets: std::collections::BTreeSet<String> =
        stored(&w).iter().map(|r| r.split(',').next().unwrap().to_string()).collect();
    assert_eq!(markets.into_iter().collect::<Vec<_>>(), ["China", "Japan", "Var"]);
}

/// Trial 26 #5: a monthly report's cumulative column headed only by the year ("2024" beside
/// "Feb-24": January and February) was stored as the whole year 2024.
#[test]
fn a_year_column_far_under_its_months_given_is_refused_as_a_part_of_the_year() {
    let w = Workdir::new();
    let text = "\"Visitor arrivals, February 2025\",,,\nCountry,Feb-25,Feb-24,2024\nChina,1500,1400,2800\n";
    let err = ingest(&w, "c.csv", text, &[]).fails().stderr;
    assert!(err.contains("2024 of China is 2800, under a quarter of 17,669, what the 1 column of it given (1400) comes to over the whole period: a part of it (a year to date?)"), "{err}");
    // A year's own figure beside a peak month of it still reads.
    ingest(&w, "y.csv", "Country,Jul-24,2024\nChina,4000,16500\n", &[]).ok();
    assert!(stored(&w).contains(&"China,2024,16500,A".to_string()), "{:?}", stored(&w));
}

/// Trial 26 #7: a Thai table saved without its Buddhist Era title ("Jan-68": 2568, 2025) was
/// stored as 1968, 57 years before its vintage, without a word.
#[test]
fn two_digit_years_that_read_only_as_the_buddhist_era_are_asked_about() {
    let w = Workdir::new();
    let text = "Nationality,Jan-68,Feb-68\nChina,\"650,123\",\"590,456\"\n";
    let f = w.write("th.csv", text);
    let args = ["ingest", "arrivals", f.to_str().unwrap(), "--as-of", "2025-04-01"];
    let err = w.run(&args).fails().stderr;
    assert!(err.contains("\"Jan-68\" reads as 1968, 57 years before the figures were known (2025-04-01): a Buddhist Era year (2568 = 2025)? --calendar be reads it so"), "{err}");
    w.run(&[&args[..], &["--calendar", "be"]].concat()).ok();
    assert_eq!(stored(&w), ["China,2025-01,650123,A", "China,2025-02,590456,A"]);
    // "Jan-98" is 1998: no Buddhist Era year reads near its vintage.
    let f = w.write("old.csv", "Country,Jan-98\nChina,1\n");
    w.run(&["ingest", "arrivals", f.to_str().unwrap(), "--as-of", "2025-04-01"]).ok();
}

/// The review of this session's rules: what they must not refuse. A year column beside a full
/// year of months with "-" for nil; a bilingual header with English figures, and a source
/// line in Spanish under the table; a historical series of months in two-digit years.
#[test]
fn the_new_ingest_rules_leave_ordinary_tables_alone() {
    let w = Workdir::new();
    let months: Vec<String> = (1..=12)
        .map(|m| {
            format!(
                "{}-24",
                ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1]
            )
        })
        .collect();
    let text = format!(
        "Country,{},2024\nGreenland,-,-,-,20,-,-,-,-,-,-,-,-,20\nChina,{}1200\n",
        months.join(","),
        "100,".repeat(12)
    );
    ingest(&w, "nil.csv", &text, &[]).ok();
    assert!(stored(&w).contains(&"Greenland,2024,20,A".to_string()), "{:?}", stored(&w));
    let w = Workdir::new();
    let text = "Country / Pays,Jan 2024,Feb 2024\nFrance,\"12,345\",\"1,234,567\"\n\nSource: INE, Llegadas de turistas\n";
    ingest(&w, "bi.csv", text, &[]).ok();
    assert!(stored(&w).contains(&"France,2024-01,12345,A".to_string()), "{:?}", stored(&w));
    let w = Workdir::new();
    let header: Vec<String> = (50..=69).map(|y| format!("Jan-{y}")).collect();
    let text = format!("Country,{}\nUSA,{}\n", header.join(","), vec!["5"; 20].join(","));
    ingest(&w, "hist.csv", &text, &[]).ok();
    assert!(stored(&w).contains(&"USA,1950-01,5,A".to_string()));
}

/// Trial 33 #6: a long file naming its columns otherwise (`month,market,visitors`) was read
/// as a table of series as columns, "visitors" taken for a market; its market column makes
/// it long, and the error names the flags it needs.
#[test]
fn a_long_file_with_its_own_column_names_is_not_read_as_a_table() {
    let w = Workdir::new();
    w.write(
        "sg.csv",
        "month,market,visitors\n1978-01,Japan,\"18,652\"\n1978-01,China,56\n1978-02,Japan,\"17,001\"\n",
    );
    let out = w.run(&["ingest", "arrivals", "sg.csv", "--as-of", "2018-01-01"]).fails();
    assert!(
        out.stderr.contains("if the file names its columns otherwise, say so: --column period=month --column arrivals=visitors"),
        "{}",
        out.stderr
    );
    let out = w
        .run(&[
            "ingest",
            "arrivals",
            "sg.csv",
            "--as-of",
            "2018-01-01",
            "--column",
            "period=month",
            "--column",
            "arrivals=visitors",
        ])
        .ok();
    assert!(out.stdout.contains("3 rows read, 3 added"), "{}", out.stdout);
    // A table of markets as columns keeps being read as one.
    let v = Workdir::new();
    v.write("wide.csv", "month,Japan,China\n1978-01,18652,56\n1978-02,17001,60\n");
    let out = v.run(&["ingest", "arrivals", "wide.csv", "--as-of", "2018-01-01"]).ok();
    assert!(out.stdout.contains("4 rows read, 4 added"), "{}", out.stdout);
}

/// Trial 33 #8: BITRE's routes file (`origin_city,dest_city,dest_country,...,year,month`) was
/// advised `--column market=origin_city --column period=month`: a city for the market, and a
/// month without its year for the period.
#[test]
fn a_header_with_year_and_month_apart_and_a_country_is_advised_rightly() {
    let w = Workdir::new();
    w.write(
        "routes.csv",
        "origin_city,dest_city,dest_country,n_passengers_in,n_passengers_out,year,month\nAdelaide,Auckland,New Zealand,2725,3179,2016,9\n",
    );
    let out = w.run(&["ingest", "arrivals", "routes.csv"]).fails();
    assert!(
        out.stderr.contains("its period is in two columns (year, month), where a long file has one (2025-06): join them first; the others: --column market=dest_country --column arrivals=n_passengers_in"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("period=month"), "{}", out.stderr);
}

/// A survey's blocks of regions, each closed by its state's row, a trip to two regions counted
/// once in its state: a state is at least its largest region and at most their sum, never
/// their sum. With `--add-markets` the states are the regions' groups (the tree counted each
/// region twice: beside its state, under the root), a territory equal to its one region is
/// that region's group, and the ingest says why; where one period breaks the rule, or there
/// are fewer than six, or fewer than three states of three regions, nothing is grouped.
#[test]
fn states_over_regions_whose_trips_overlap_are_their_groups() {
    let table = |quarters: usize, broken: Option<usize>, states: usize| {
        let mut text = String::from("Quarter,Stopover region,Holiday\n");
        for q in 0..quarters {
            let (a1, a2, a3, b1, b2, b3, c1, c2, c3, t) =
                (10 + q, 20 + q, 5, 7, 9 + q, 6, 3 + q, 8, 5, 4 + q);
            let state_a = a1 + a2 + a3 - 3 + usize::from(broken == Some(q)) * 20;
            let name = ["March", "June", "September", "December"][q % 4];
            text += &format!("{name} quarter {},North,{a1}\n", 1998 + q / 4);
            let mut rows = vec![("South", a2), ("East", a3), ("State A", state_a)];
            rows.extend([("Coast", b1), ("Hills", b2), ("Bay", b3), ("State B", b1 + b2 + b3 - 2)]);
            if states == 3 {
                rows.extend([("Cape", c1), ("Dale", c2), ("Fen", c3), ("State C", c1 + c2 + c3 - 1)]);
            }
            rows.extend([("Capital", t), ("Territory", t)]);
            for (m, v) in rows {
                text += &format!(",{m},{v}\n");
            }
        }
        text
    };
    let w = Workdir::new();
    let out = ingest(&w, "trips.csv", &table(6, None, 3), &["--add-markets", "Total"]).ok().stdout;
    assert!(
        out.contains("note: State A is taken for a group of North, South, East: its figures in the file are in every period at least the largest of theirs, and between half their sum and their sum and a twentieth"),
        "{out}"
    );
    assert!(out.contains("note: Territory is taken for a group of Capital: its figures in the file are within 1% of Capital's in every period"), "{out}");
    let markets = w.run(&["export", "markets"]).ok().stdout;
    for pair in [
        "North,State A",
        "South,State A",
        "East,State A",
        "State A,Total",
        "Coast,State B",
        "Bay,State B",
        "State B,Total",
        "Fen,State C",
        "State C,Total",
        "Capital,Territory",
        "Territory,Total",
    ] {
        assert!(markets.contains(&format!("\n{pair},")), "{pair}: {markets}");
    }
    let f = w.write("trips.csv", table(6, None, 3));
    let seen = w.run(&["inspect", "arrivals", f.to_str().unwrap(), "--as-of", "2026-06-01"]).ok().stdout;
    assert!(seen.contains("\"State B\", State B: a group of the 3 rows before it (\"Coast\" to \"Bay\") whose counts overlap"), "{seen}");
    // State A a third above its regions' sum once, five quarters only, or two states only (a
    // list sorted by size splits into a few blocks so by chance): no groups, every row under
    // Total.
    // Review 18 H1: twelve markets sorted by size, fixed shares over eight quarters, were
    // paired into groups (China and the USA under New Zealand) when the split of the most
    // blocks was taken.
    let shares = [1400, 1300, 800, 700, 600, 500, 400, 300, 250, 200, 150, 100];
    let names = [
        "NZ",
        "China",
        "USA",
        "UK",
        "Japan",
        "Singapore",
        "India",
        "Korea",
        "Germany",
        "Canada",
        "France",
        "Malaysia",
    ];
    let mut sorted = String::from("Quarter,Country of residence,Holiday\n");
    for q in 0..8usize {
        let name = ["March", "June", "September", "December"][q % 4];
        for (k, (m, v)) in names.iter().zip(shares).enumerate() {
            let first = if k == 0 { format!("{name} quarter {}", 2016 + q / 4) } else { String::new() };
            sorted += &format!("{first},{m},{}\n", v * (10 + q % 3) / 10);
        }
    }
    let flat = Workdir::new();
    ingest(&flat, "sorted.csv", &sorted, &["--add-markets", "Total"]).ok();
    let markets = flat.run(&["export", "markets"]).ok().stdout;
    assert!(names.iter().all(|m| markets.contains(&format!("\n{m},Total,"))), "{markets}");
    for (quarters, broken, states) in [(6, Some(3), 3), (5, None, 3), (6, None, 2)] {
        let flat = Workdir::new();
        ingest(&flat, "trips.csv", &table(quarters, broken, states), &["--add-markets", "Total"]).ok();
        let markets = flat.run(&["export", "markets"]).ok().stdout;
        assert!(markets.contains("\nNorth,Total,") && markets.contains("\nState A,Total,"), "{markets}");
    }
}

/// Trial 37 #8: a table "(in thousands)" whose figures have three decimals: inspect offered a
/// command that failed on "757.213" (a thousand with a dot between thousands, or three
/// decimals?), though "1185.942" can only be a decimal. It now names --decimal . and why.
#[test]
fn inspect_names_the_decimal_mark_other_figures_show() {
    let w = Workdir::new();
    let text = "Arrivals by region (in thousands)\nMonth,Year,EastAsia,Europe\nJanuary,2018,1185.942,757.213\nFebruary,2018,1201.500,760.001\n";
    let f = w.write("rel_k.csv", text);
    let out = w.run(&["inspect", "arrivals", f.to_str().unwrap(), "--as-of", "2019-01-10"]).ok().stdout;
    assert!(out.contains("needs --decimal .: the file's \"1185.942\" shows the decimal mark"), "{out}");
    assert!(out.contains("--unit thousands --decimal ."), "{out}");
    assert!(out.contains("757213"), "{out}");
}

/// Trial 61 L1: inspect offered commands that failed on the marks its own errors named: a
/// semicolon file of "107.159" throughout (no figure shows the mark, but semicolons are written
/// where the comma is the decimal one), and a table in thousands of "12,4".
#[test]
fn inspect_offers_the_mark_a_semicolon_file_or_its_figures_call_for() {
    let w = Workdir::new();
    let text = "País;janeiro 2024;fevereiro 2024\nReino Unido;27.267;32.739\nAlemanha;14.094;17.712\n";
    let f = w.write("ine.csv", text);
    let out = w.run(&["inspect", "arrivals", f.to_str().unwrap(), "--as-of", "2024-03-10"]).ok().stdout;
    assert!(out.contains("needs --thousands .: no figure shows the decimal mark, but the columns are separated by semicolons"), "{out}");
    assert!(out.contains("--as-of 2024-03-10 --thousands ."), "{out}");
    assert!(out.contains("27267"), "{out}");
    // Commas: no such offer (the file's "27.267" stays ambiguous, the error says so).
    let f = w.write("comma.csv", text.replace(';', ","));
    let out = w.run(&["inspect", "arrivals", f.to_str().unwrap(), "--as-of", "2024-03-10"]).fails().stdout;
    assert!(!out.contains("needs --thousands"), "{out}");
    let f = w.write("br.csv", "Hóspedes do Brasil (milhares)\nTrimestre;Brasil\n2024Q1;12,4\n2024Q2;24,3\n");
    let out = w.run(&["inspect", "arrivals", f.to_str().unwrap(), "--as-of", "2024-08-10"]).ok().stdout;
    assert!(out.contains("needs --decimal ,: the file's \"12,4\" shows the decimal mark"), "{out}");
    assert!(out.contains("--unit thousands --decimal ','"), "{out}");
    assert!(out.contains("12400"), "{out}");
}

/// Trial 44 M3: a ministry's table of months with a "Year" column (the total, as "Total" is)
/// was refused until the user edited it. It is checked against the months and passed over.
#[test]
fn a_year_column_beside_the_months_is_their_total() {
    let w = with_tree();
    for heading in ["Year", "Annual", "Jan-Dec", "Jan–Dec"] {
        ingest(&w, "y.csv", &format!("Country,Jan-25,Feb-25,{heading}\nChina,12,23,35\n"), &["--replace"])
            .ok();
        assert_eq!(stored(&w), ["China,2025-01,12,A", "China,2025-02,23,A"], "{heading}");
    }
    let err = ingest(&w, "y.csv", "Country,Jan-25,Feb-25,Year\nChina,12,23,40\n", &[]).fails().stderr;
    assert!(err.contains("y.csv:2: Year of China (column D) is 40"), "{err}");
    // A Year column before the months is each row's year, no total of them (review 24 M4).
    let err =
        ingest(&w, "r.csv", "Market,Year,Jan,Feb\nChina,2025,12,23\n", &["--year", "2025"]).fails().stderr;
    assert!(
        !err.contains("add up to") && err.contains("column B (Year) gives each row's months their year"),
        "{err}"
    );
}

/// Trial 45 M2: a table with each row's year in a column of its own and the months without
/// it in the header (`Market,Year,Jan,...`) was refused, with `--year` as the advice, which a
/// file of several years cannot take. Each row's months are read in its year; a Total column
/// is checked against them.
#[test]
fn a_year_column_gives_each_row_its_year() {
    let w = with_tree();
    let text = "Market,Year,Jan,Feb,Mar,Total\nJapan,2024,10,20,30,60\nChina,2024,5,6,7,18\nJapan,2025,11,21,..,32\nChina,2025,6,7,8,21\n";
    ingest(&w, "y.csv", text, &[]).ok();
    assert_eq!(
        stored(&w),
        [
            "China,2024-01,5,A",
            "China,2024-02,6,A",
            "China,2024-03,7,A",
            "China,2025-01,6,A",
            "China,2025-02,7,A",
            "China,2025-03,8,A",
            "Japan,2024-01,10,A",
            "Japan,2024-02,20,A",
            "Japan,2024-03,30,A",
            "Japan,2025-01,11,A",
            "Japan,2025-02,21,A",
        ]
    );
    // A Total that contradicts the row's months, and a row without its year, are said by line.
    let bad = "Market,Year,Jan,Feb,Total\nJapan,2024,10,20,35\nChina,2024,5,6,11\n";
    let err = ingest(&w, "total.csv", bad, &[]).fails().stderr;
    assert!(err.contains("total.csv:2: Total of Japan (column E) is 35"), "{err}");
    let bad = "Market,Year,Jan,Feb,Total\nJapan,2024,10,20,30\nChina,,5,6,11\nChina,20x4,5,6,11\n";
    let err = ingest(&w, "bad.csv", bad, &[]).fails().stderr;
    assert!(err.contains("bad.csv:3: the Year cell is empty"), "{err}");
    assert!(err.contains("bad.csv:4: the Year cell must be a year (2025), got \"20x4\""), "{err}");
    // inspect says what the columns are.
    let f = w.write("y.csv", text);
    let out = w.run(&["inspect", "arrivals", f.to_str().unwrap(), "--as-of", "2026-06-01"]).ok().stdout;
    assert!(out.contains("the year of each row's months"), "{out}");
    assert!(out.contains("Feb of the row's year"), "{out}");
    assert!(!out.contains("2001"), "{out}");
    // --row picks one label's rows of every year (review 25 L3).
    let picked = Workdir::new();
    let text = "Country,Year,Jan\nJapan,2024,10\nJapan,2025,11\nChina,2024,1\n";
    ingest(&picked, "pk.csv", text, &["--row", "Japan", "--market", "Japan"]).ok();
    assert_eq!(stored(&picked), ["Japan,2024-01,10,A", "Japan,2025-01,11,A"]);
    // The year first and the market after it: said how to write it, never --year.
    let err = ingest(&w, "first.csv", "Year,Country,Jan,Feb\n2024,Japan,10,20\n", &[]).fails().stderr;
    assert!(err.contains("column A (Year) gives each row's year and column B (Country) its market: put the market column first (Country,Year,Jan,...)"), "{err}");
}

/// Trial 45 M3: a Total row under months as rows was passed over without a word where it
/// contradicted them. It is checked against the months of its year, or the rows above it.
#[test]
fn a_total_row_under_months_is_checked_against_them() {
    let w = with_tree();
    let fine = "Year,Month,Japan,China\n2024,Jan,10,5\n2024,Feb,20,6\n2024,Total,30,11\n2025,Jan,12,7\n2025,Total,12,7\n";
    ingest(&w, "ym.csv", fine, &[]).ok();
    assert_eq!(stored(&w).len(), 6);
    let bad = "Year,Month,Japan,China\n2024,Jan,10,5\n2024,Feb,20,6\n2024,Total,35,11\n2025,Jan,12,7\n2025,Total,12,9\n";
    let err = ingest(&w, "ym.csv", bad, &["--replace"]).fails().stderr;
    assert!(
        err.contains("ym.csv:4: Total 2024 of Japan is 35, but the rows it totals add up to 30"),
        "{err}"
    );
    assert!(err.contains("ym.csv:6: Total 2025 of China is 9"), "{err}");
    assert!(!err.contains("of China is 11"), "{err}");
    // A year's row by its word (trial 87 L1: "Year 2024" refused as no period).
    let months: String = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .map(|m| format!("{m}-24,11\n"))
        .concat();
    let err =
        ingest(&w, "y.csv", &format!("Period,Japan\n{months}Year 2024,150\n"), &["--replace"]).fails().stderr;
    assert!(
        err.contains("y.csv:14: Year 2024 of Japan is 150, but the rows it totals add up to 132"),
        "{err}"
    );
    ingest(&w, "y.csv", &format!("Period,Japan\n{months}Annual 2024,132\n"), &["--replace"]).ok();
    // Months as the rows' labels, a Total under each year's block.
    let blocks = "Period,Japan\nJan-24,10\nFeb-24,20\nTotal,30\nJan-25,11\nTotal,15\n";
    let err = ingest(&w, "p.csv", blocks, &["--replace"]).fails().stderr;
    assert!(err.contains("p.csv:6: Total of Japan is 15, but the rows it totals add up to 11"), "{err}");
    assert!(!err.contains("p.csv:4"), "{err}");
}

/// Trial 45 L7: a long file's figure of a year (or quarter) beside its months was stored
/// without a word where it was unlike them. It is still stored, as publishers give both (a year
/// revised, its months not), and the analyses count the months and say so; the ingest now says
/// it too, naming its line. One that agrees within rounding, or is more than the months given
/// of a year not all given, is not named.
#[test]
fn a_long_files_year_unlike_its_months_is_said_at_ingest() {
    let w = with_tree();
    let text = "market,period,arrivals\nJapan,2025-01,100\nJapan,2025-02,200\nJapan,2025-03,50\nJapan,2025-Q1,351\nChina,2025-01,500\nChina,2025-02,600\nChina,2025,900\nChina,2024-Q1,100\nChina,2024-01,40\nChina,2024-02,40\nChina,2024-03,40\n";
    let err = ingest(&w, "l.csv", text, &[]).ok().stderr;
    assert!(err.contains("l.csv: line 8: 2025 of China is 900, less than the 2 figures of it in the file, which add up to 1,100"), "{err}");
    assert!(
        err.contains("l.csv: line 9: 2024-Q1 of China is 100, but the figures it spans add up to 120\n"),
        "{err}"
    );
    assert!(err.contains("they are stored as given; where a period's own figure and its parts differ, the analyses count the parts"), "{err}");
    assert!(!err.contains("line 5"), "{err}");
    assert_eq!(stored(&w).len(), 11);
    // Another vintage is another release: a revised year beside the months first published.
    let vintages =
        "market,period,arrivals,as_of\nJapan,2024-01,100,2026-02-01\nJapan,2024-Q1,380,2026-06-01\n";
    let err = ingest(&w, "v.csv", vintages, &[]).ok().stderr;
    assert!(!err.contains("line"), "{err}");
}

/// Trial 46 F2, review 25 H1, H2: in a table of rows of several years, a region's rows were
/// taken for groups only where each year's rows came together; with a market's years together
/// (Europe 2024, Europe 2025, France 2024, ...) `--add-markets` put the region beside its
/// countries, and summary counted it twice. A rest row ("Others") lost its group too.
#[test]
fn groups_of_a_year_column_table_are_found_in_any_order() {
    for text in [
        "Country,Year,Jan,Feb\nEurope,2024,31,41\nEurope,2025,34,45\nFrance,2024,10,15\nFrance,2025,11,16\nGermany,2024,20,25\nGermany,2025,22,28\nOthers,2024,1,1\nOthers,2025,1,1\n",
        "Country,Year,Jan,Feb\nEurope,2024,31,41\nFrance,2024,10,15\nGermany,2024,20,25\nOthers,2024,1,1\nEurope,2025,34,45\nFrance,2025,11,16\nGermany,2025,22,28\nOthers,2025,1,1\n",
    ] {
        let w = Workdir::new();
        ingest(&w, "g.csv", text, &["--add-markets", "Total"]).ok();
        let tree = w.run(&["markets", "--format", "csv"]).ok().stdout;
        for member in ["France,Europe", "Germany,Europe", "Others (Europe),Europe", "Europe,Total"] {
            assert!(tree.contains(member), "{member}: {tree}");
        }
        let out = w.run(&["summary", "--year", "2025", "--format", "csv"]).ok().stdout;
        assert!(out.lines().any(|l| l.starts_with("Total,79,72,")), "{out}");
    }
}

/// Trial 46 F3, F4, F6; review 25 M1, M2, M3: a mark on the Year cell gives its months its
/// status; a Buddhist Era year names --calendar be; a year written on its first month only is
/// the year of the months under it; a total of a part of its block is not checked against all
/// of it; a targets file's year beside its months is no note.
#[test]
fn year_cells_and_total_rows_as_publishers_write_them() {
    let w = with_tree();
    ingest(&w, "p.csv", "Country,Year,Jan\nJapan,2024,10\nJapan,2025p,11\n", &[]).ok();
    assert_eq!(stored(&w), ["Japan,2024-01,10,A", "Japan,2025-01,11,P"]);
    let err = ingest(&w, "be.csv", "Country,Year,Jan\nJapan,2567,10\n", &[]).fails().stderr;
    assert!(err.contains("be.csv:2: the Year cell \"2567\" reads only as a Buddhist Era year (2568 is 2025): --calendar be"), "{err}");
    let filled = "Year,Month,Japan\n2024,Jan,10\n,Feb,20\n,Total,30\n2025,Jan,12\n,Total,12\n";
    ingest(&w, "f.csv", filled, &["--replace"]).ok();
    assert!(stored(&w).contains(&"Japan,2024-02,20,A".to_string()), "{:?}", stored(&w));
    let parts = "Period,Japan\nJan-25,5\nFeb-25,6\nMar-25,7\nQ1 total,18\nApr-25,1\nTotal Jan-Apr,19\nTotal 2024/25,999\nTotal,19\n";
    ingest(&w, "parts.csv", parts, &["--replace"]).ok();
    let wrong = "Period,Japan\nJan-25,5\nFeb-25,6\nMar-25,7\nQ1 total,18\nApr-25,1\nTotal,25\n";
    let err = ingest(&w, "wrong.csv", wrong, &["--replace"]).fails().stderr;
    assert!(err.contains("wrong.csv:7: Total of Japan is 25, but the rows it totals add up to 19"), "{err}");
    let t = w.write("t.csv", "market,period,target\nJapan,2026,1000\nJapan,2026-01,10\n");
    let out = w.run(&["ingest", "targets", t.to_str().unwrap()]).ok();
    assert!(!out.stderr.contains("unlike") && !out.stderr.contains("figures of it"), "{}", out.stderr);
}

/// Trial 46 F7: a Total checked to the unit's one (a thousand) let a Total 5,800 off its
/// months shown to a tenth of a thousand pass. The rounding is the step the figures show.
#[test]
fn a_total_is_checked_to_the_decimals_its_table_shows() {
    let w = with_tree();
    let months = ["10.1"; 12].join(",");
    let head = "Visitor arrivals (in thousands)\nCountry,Year,Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec,Total\n";
    let err = ingest(&w, "t.csv", &format!("{head}China,2024,{months},127.0\n"), &["--unit", "thousands"])
        .fails()
        .stderr;
    assert!(err.contains("t.csv:3: Total of China (column O) is 127000"), "{err}");
    ingest(&w, "t.csv", &format!("{head}China,2024,{months},121.2\n"), &["--unit", "thousands"]).ok();
    // Another row's tenths are not this row's: whole thousands beside a Total rounded on its
    // own pass (review 26 M1).
    let whole = ["10"; 12].join(",");
    let tenths = ["0.3"; 12].join(",");
    let text = format!("{head}China,2024,{whole},122\nJapan,2024,{tenths},3.6\n");
    ingest(&w, "r.csv", &text, &["--unit", "thousands", "--replace"]).ok();
}

/// Review 26 H1, H2: a year written on its first month only was filled down past December (a
/// July-June table's January stored in the year above) and onto total rows.
#[test]
fn a_year_filled_down_stops_where_its_months_do() {
    let w = with_tree();
    let fiscal = "Month,Year,China\nNov,2024,100\nDec,,110\nJan,,120\n";
    let err = ingest(&w, "fy.csv", fiscal, &[]).fails().stderr;
    assert!(err.contains("fy.csv:4:") && err.contains("got \"Jan\""), "{err}");
    let grand = "Month,Year,China\nJan,2024,100\nFeb,,110\nGrand total,,210\nJan-Feb total,,210\n";
    ingest(&w, "g.csv", grand, &[]).ok();
    assert_eq!(stored(&w), ["China,2024-01,100,A", "China,2024-02,110,A"]);
}

/// One market's arrivals with a row per year and the months as columns (`Year,Jan,...,Dec`),
/// as statistics offices publish a country's series, was refused with `--year` as the advice,
/// which no file of several years can take. `--market NAME` alone names its market; each row's
/// months are read in its year, its Total checked against them, and rows of the years' total,
/// mean or change passed over.
#[test]
fn one_series_with_a_row_per_year_loads_with_its_market_named() {
    let w = with_tree();
    let text = "Visitor arrivals from Japan (thousands)\nYear,Jan,Feb,Mar,Total\n2024,1.3,2.4,3.1,6.8\n2025p,1.0,2.2,,3.2\nTotal,2.3,4.6,3.1,10.0\nAverage,1.15,2.3,3.1,5.0\n% change,-23,-8,,\nSource: the board\n";
    let err = ingest(&w, "y.csv", text, &["--unit", "thousands"]).fails().stderr;
    assert!(err.contains("y.csv: column A (Year) gives each row's year and the other columns are its months (or quarters): the table is one series, a row per year; --market NAME says which market it is"), "{err}");
    ingest(&w, "y.csv", text, &["--unit", "thousands", "--market", "Japan"]).ok();
    assert_eq!(
        stored(&w),
        [
            "Japan,2024-01,1300,A",
            "Japan,2024-02,2400,A",
            "Japan,2024-03,3100,A",
            "Japan,2025-01,1000,P",
            "Japan,2025-02,2200,P"
        ]
    );
    // A Total unlike its months is refused, naming the year; so is a --row, which picks one
    // series of several.
    let wrong = "Year,Jan,Feb,Mar,Total\n2024,1013,2024,3031,6168\n";
    let err = ingest(&w, "w.csv", wrong, &["--market", "Japan", "--replace"]).fails().stderr;
    assert!(
        err.contains(
            "w.csv:2: Total of Japan in 2024 (column E) is 6168, but the columns it spans add up to 6068"
        ),
        "{err}"
    );
    // A Total of whole counts a few off its months is within rounding each to the whole, and
    // loads; it is said, as exact counts would make one of them wrong (trial 47 F10).
    let near = "Year,Jan,Feb,Mar,Total\n2023,1013,2024,3031,6068\n2024,1013,2024,3031,6070\n";
    let n = Workdir::new();
    let err = ingest(&n, "n.csv", near, &["--market", "Japan"]).ok().stderr;
    assert!(err.contains("n.csv: 1 of 2 totals is not what its parts add up to, by up to 2 (line 3, Japan in 2024: the total is 6070, its parts add up to 6068): within rounding each figure to the whole"), "{err}");
    let err = ingest(&n, "e.csv", &near.replace("6070", "6068"), &["--market", "Japan"]).ok().stderr;
    assert!(!err.contains("totals"), "{err}");
    let err = ingest(&w, "w.csv", wrong, &["--row", "2024", "--market", "Japan"]).fails().stderr;
    assert!(
        err.contains("this one is one series, a row per year (column A, Year): --market NAME alone"),
        "{err}"
    );
    // --market alone on a table of several series, or a long file, is refused naming the way.
    let markets = "Market,Jan 2024,Feb 2024\nJapan,10,20\nChina,5,6\n";
    let err = ingest(&w, "m.csv", markets, &["--market", "Japan"]).fails().stderr;
    assert!(err.contains("this table's rows are its series: where they name their markets, leave --market out; --row PATTERN picks one of its rows"), "{err}");
    let long = "market,period,arrivals\nJapan,2024-01,5\n";
    let err = ingest(&w, "l.csv", long, &["--market", "Japan"]).fails().stderr;
    assert!(
        err.contains("this file is in the long layout, its rows name their markets: leave --market out"),
        "{err}"
    );
    // Quarters or halves as the columns: each row's, never markets named Q1 to Q4 (without
    // --market they had been stored as such, of whole years).
    let quarters = "Year,Q1,Q2,Q3,Q4,Total\n2023,1013,2024,3031,4001,10069\n2024,1011,2021,,,\n";
    let err = ingest(&w, "q.csv", quarters, &[]).fails().stderr;
    assert!(err.contains("the table is one series, a row per year; --market NAME"), "{err}");
    let q = Workdir::new();
    ingest(&q, "q.csv", quarters, &["--market", "Japan"]).ok();
    assert_eq!(
        stored(&q),
        [
            "Japan,2023-Q1,1013,A",
            "Japan,2023-Q2,2024,A",
            "Japan,2023-Q3,3031,A",
            "Japan,2023-Q4,4001,A",
            "Japan,2024-Q1,1011,A",
            "Japan,2024-Q2,2021,A"
        ]
    );
    // inspect names them as the row's, not the year the header is read in (trial 59 L3: "2001-Q1").
    let seen =
        q.run(&["inspect", "arrivals", q.path("q.csv").to_str().unwrap(), "--market", "Japan"]).ok().stdout;
    assert!(seen.contains("B       Q1      Q1 of the row's year"), "{seen}");
    assert!(!seen.contains("2001"), "{seen}");
    let halves = Workdir::new();
    ingest(&halves, "h.csv", "Year,H1,H2\n2023,1013,2024\n", &["--market", "Japan"]).ok();
    assert_eq!(stored(&halves), ["Japan,2023-H1,1013,A", "Japan,2023-H2,2024,A"]);
    // Quarters without a year in a table of markets take --year, as months do.
    let err = ingest(&w, "mq.csv", "Market,Q1,Q2\nJapan,10,20\n", &[]).fails().stderr;
    assert!(err.contains("--year YYYY gives the year"), "{err}");
    // A picked row's Total is checked as any row's is.
    let rows = "Series,Jan 2024,Feb 2024,Total\nVisitor arrivals,1013,2024,4037\nHotel nights,1,2,3\n";
    let err = ingest(&w, "r.csv", rows, &["--row", "visitor", "--market", "Japan"]).fails().stderr;
    assert!(err.contains("r.csv:2: Total of Visitor arrivals (column D) is 4037"), "{err}");
}

/// Trial 46 F11: a Year typed 1924 for 2024 loaded without a word, and 2204 was refused as no
/// year. The first is said (stored as given: a table may reach back); the second names the range.
#[test]
fn a_year_far_from_the_files_others_is_said() {
    let w = with_tree();
    let text = "Country,Year,Jan,Feb\nJapan,2023,10,20\nJapan,1924,11,21\nJapan,2025,12,22\n";
    let err = ingest(&w, "y.csv", text, &[]).ok().stderr;
    assert!(err.contains("y.csv: line 3: the year 1924 is 99 years from every other year of the file (1924-2025): a mistyped year?"), "{err}");
    assert_eq!(stored(&w).len(), 6);
    let near = "Country,Year,Jan\nJapan,1995,10\nJapan,2010,11\nJapan,2025,12\n";
    let err = ingest(&w, "n.csv", near, &["--replace"]).ok().stderr;
    assert!(!err.contains("mistyped"), "{err}");
    let err = ingest(&w, "f.csv", "Country,Year,Jan\nJapan,2204,10\n", &[]).fails().stderr;
    assert!(
        err.contains("f.csv:2: the Year cell \"2204\" is outside the years tourstat reads (1900-2200)"),
        "{err}"
    );
}

/// A column headed by what is counted (`Visitors`) is no market. Under `Year,Month` it had been
/// read past as a caption, and the file refused with --year as the advice; beside markets it
/// may be their total, which the advice now names (review 26 L1).
#[test]
fn a_column_of_what_is_counted_is_named_with_the_ways_to_read_it() {
    let w = Workdir::new();
    let err = ingest(&w, "ym.csv", "Year,Month,Visitors\n2024,Jan,1013\n2024,Feb,2022\n", &[]).fails().stderr;
    assert!(err.contains("ym.csv:1: column C (\"Visitors\") names what is counted, not a market: one market's figures? --column \"Visitors\" --market NAME"), "{err}");
    assert!(!err.contains("--year"), "{err}");
    ingest(
        &w,
        "ym.csv",
        "Year,Month,Visitors\n2024,Jan,1013\n",
        &["--column", "Visitors", "--market", "Japan"],
    )
    .ok();
    assert_eq!(stored(&w), ["Japan,2024-01,1013,A"]);
    let sum = "Month,China,Japan,Visitors\n2024-01,1013,2022,3035\n";
    let err = ingest(&w, "s.csv", sum, &[]).fails().stderr;
    assert!(err.contains("column D (\"Visitors\") names what is counted, not a market: their total, beside the markets? head it Total: passed over, or the figure of a market of the tree named so"), "{err}");
    let headed = "Month,China,Japan,Total\n2024-01,1013,2022,3035\n";
    ingest(&w, "t.csv", headed, &["--replace"]).ok();
    assert_eq!(stored(&w), ["China,2024-01,1013,A", "Japan,2024-01,2022,A"]);
}

/// Review 25 L1: a total row written `Total (2024)`, or `Total 2025p` (a provisional year, as
/// a Year,Month table fills it down), was passed over unchecked.
#[test]
fn a_total_row_with_its_year_in_parentheses_or_marked_is_checked() {
    let w = with_tree();
    let bracketed = "Period,Japan\nJan-24,1013\nFeb-24,2022\nTotal (2024),3135\n";
    let err = ingest(&w, "b.csv", bracketed, &[]).fails().stderr;
    assert!(
        err.contains("b.csv:4: Total (2024) of Japan is 3135, but the rows it totals add up to 3035"),
        "{err}"
    );
    let marked = "Year,Month,Japan\n2025p,Jan,1013\n2025p,Feb,2022\n2025p,Total,3135\n";
    let err = ingest(&w, "m.csv", marked, &[]).fails().stderr;
    assert!(err.contains("m.csv:4: Total 2025p of Japan is 3135"), "{err}");
    let right = "Year,Month,Japan\n2025p,Jan,1013\n,Feb,2022\n,Total,3035\n";
    ingest(&w, "m.csv", right, &[]).ok();
    assert_eq!(stored(&w), ["Japan,2025-01,1013,P", "Japan,2025-02,2022,P"]);
}

/// Trial 47 F1, F2, F3, F6: tables of one market with a row per year that were stored wrong
/// without a word. A fiscal year's months (Apr..Mar) put January-March a year early; a second
/// table under its own title was taken for a page break of the first; a short row's unquoted
/// `1,300` split into two months; a blank Year header stored the years as markets.
#[test]
fn year_rows_that_would_be_stored_wrong_are_refused() {
    let w = Workdir::new();
    let months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"];
    let fiscal = format!("Japan (April-March)\nYear,{}\n2023,{}\n", months.join(","), ["101"; 12].join(","));
    let err = ingest(&w, "fy.csv", &fiscal, &["--market", "Japan"]).fails().stderr;
    assert!(
        err.contains("fy.csv:2: the header's months go back from Dec to Jan (column K): they span two years"),
        "{err}"
    );
    let err = ingest(&w, "fy2.csv", "Market,Nov,Dec,Jan\nJapan,1,2,3\n", &["--year", "2024"]).fails().stderr;
    assert!(err.contains("the header's months go back from Dec to Jan"), "{err}");
    // As rows under one --year, likewise (review 27 H2); months then the quarter they make,
    // or the latest month first, are of one year (review 27 M2).
    let rows = "Quarter,Japan\nQ2,1\nQ3,2\nQ4,3\nQ1,4\n";
    let err = ingest(&w, "fy3.csv", rows, &["--year", "2024"]).fails().stderr;
    assert!(err.contains("fy3.csv:5: the rows' months go back from Q4 (line 4) to Q1"), "{err}");
    let one_year = Workdir::new();
    ingest(&one_year, "q.csv", "Market,Jan,Feb,Mar,Q1\nJapan,1,2,3,6\n", &["--year", "2024"]).ok();
    ingest(&one_year, "r.csv", "Market,Mar,Feb,Jan\nChina,3,2,1\n", &["--year", "2024"]).ok();
    assert_eq!(stored(&one_year).len(), 6);
    // A month or quarter as the label of a row of markets (years as columns) names no market
    // (review 27 H1: a market Q1 with figures of whole years).
    let err = ingest(&w, "qy.csv", "Quarter,2023,2024\nQ1,1,2\n", &[]).fails().stderr;
    assert!(
        err.contains("qy.csv:2: the row's label \"Q1\" is a month or quarter without its year, no market"),
        "{err}"
    );

    let two = "Japan arrivals\nYear,Jan,Feb\n2024,200,210\n\nJapan departures\nYear,Jan,Feb\n2023,20,21\n";
    let err = ingest(&w, "two.csv", two, &["--market", "Japan"]).fails().stderr;
    assert!(err.contains("the sheet holds 2 tables"), "{err}");
    ingest(&w, "two.csv", two, &["--market", "Japan", "--table", "1"]).ok();
    assert_eq!(stored(&w), ["Japan,2024-01,200,A", "Japan,2024-02,210,A"]);

    // Said, not refused (a month that collapsed may be so), whatever the row's width; a small
    // month beside its like in other years, or three-digit months, say nothing (trial 48 #1, #2).
    let split = "Year,Jan,Feb,Mar,Apr,May,Total\n2024,\"1,200\",\"1,210\",\"1,220\",\"1,230\",\"1,240\",\"6,100\"\n2025,1,300,1,310\n";
    let padded = "Year,Jan,Feb,Mar,Apr,May,Total\n2024,\"1,200\",\"1,210\",\"1,220\",\"1,230\",\"1,240\",\"6,100\"\n2025,950,1,300,,\n";
    for (text, least) in [(split, "1,200"), (padded, "1,210")] {
        let err = ingest(&w, "s.csv", text, &["--market", "Japan", "--replace"]).ok().stderr;
        assert!(err.contains(&format!("s.csv: line 3: \"1,300\" is in two fields, the first far below its column's figure in the other years ({least} or more)")), "{err}");
    }
    let seasonal = "Year,Jan,Feb,Mar,Total\n2023,10,9,400,419\n2024,12,8,450,470\n2025,15,600\n";
    let small = "Year,Jan,Feb,Mar,Apr,May,Total\n2024,410,420,430,440,450,2150\n2025,400,500,600,700\n";
    for text in [seasonal, small] {
        let err = ingest(&w, "s.csv", text, &["--market", "Japan", "--replace"]).ok().stderr;
        assert!(!err.contains("in two fields"), "{err}");
    }
    assert!(stored(&w).contains(&"Japan,2025-04,700,A".to_string()));

    let blank = ",Jan,Feb\n2023,100,110\n2024,200,210\n";
    let err = ingest(&w, "b.csv", blank, &["--year", "2024"]).fails().stderr;
    assert!(err.contains("b.csv:2: the row's label \"2023\" is a year, no market: a table of one market with a row per year? head column A `Year`"), "{err}");
}

/// Trial 47 F8, F9: --calendar be on Common Era Year cells named a range, not the flag; a
/// Buddhist Era Year column was offered by inspect without --calendar be.
#[test]
fn a_year_columns_calendar_is_named_and_applied_by_inspect() {
    let w = Workdir::new();
    let ce = "Year,Jan,Feb\n2023,100,110\n";
    let err = ingest(&w, "ce.csv", ce, &["--market", "Japan", "--calendar", "be"]).fails().stderr;
    assert!(
        err.contains(
            "the Year cell \"2023\" reads only as a Common Era year (with --calendar be, 2568 is 2025)"
        ),
        "{err}"
    );
    let be = w.write("be.csv", "Year,Jan,Feb\n2567,100,110\n2568,120,130\n");
    let out = w
        .run(&["inspect", "arrivals", be.to_str().unwrap(), "--market", "Japan", "--as-of", "2025-06-01"])
        .ok();
    assert!(out.stdout.contains("needs --calendar be"), "{}", out.stdout);
    let line = out.stdout.lines().skip_while(|l| !l.starts_with("to load it:")).nth(1).unwrap_or_default();
    assert!(line.ends_with("--calendar be"), "{}", out.stdout);
}

/// Trial 47 F5: a row picked with --row whose label is another market of the tree than --market
/// names was stored as the --market's without a word. It is still stored, as asked, and said.
#[test]
fn a_picked_series_labelled_as_another_market_is_said() {
    let w = with_tree();
    let text = "Market,Jan-25,Feb-25\nChina,500,510\nJapan,300,310\n";
    let err = ingest(&w, "r.csv", text, &["--row", "China", "--market", "Japan"]).ok().stderr;
    assert!(err.contains("r.csv: line 2: the series picked is labelled \"China\", the tree's China, and is stored as Japan's (--market): is that meant?"), "{err}");
    let err = ingest(&w, "r.csv", text, &["--row", "Japan", "--market", "Japan", "--replace"]).ok().stderr;
    assert!(!err.contains("is that meant"), "{err}");
    let columns = "Month,China,Japan\n2025-01,500,300\n";
    let err =
        ingest(&w, "c.csv", columns, &["--column", "China", "--market", "Japan", "--replace"]).ok().stderr;
    assert!(err.contains("labelled \"China\", the tree's China, and is stored as Japan's"), "{err}");
}

/// Trial 47 F12: a footnote's superscript number on a Year cell (`2025²` under `² Preliminary.`)
/// was refused as no year; it is read past, and its footnote gives the status.
#[test]
fn a_superscript_footnote_on_a_year_gives_its_status() {
    let w = Workdir::new();
    let text = "Year,Jan,Feb,Total\n2024¹,200,210,410\n2025²,300,310,610\n¹ Revised.\n² Preliminary.\n";
    ingest(&w, "k.csv", text, &["--market", "Japan"]).ok();
    assert_eq!(
        stored(&w),
        ["Japan,2024-01,200,A", "Japan,2024-02,210,A", "Japan,2025-01,300,P", "Japan,2025-02,310,P"]
    );
    // A mark no footnote explains is said (trial 47 F12): its figures are stored as actual.
    let bare = "Year,Jan,Feb\n2024,100,110\n2025*,120,130\n";
    let err = ingest(&w, "s.csv", bare, &["--market", "China"]).ok().stderr;
    assert!(
        err.contains("s.csv: line 3: the mark \"*\" on its year is explained by no footnote of the table"),
        "{err}"
    );
    // A footnote that gives no status (`¹ Revised.`) explains its mark all the same.
    let err = ingest(&Workdir::new(), "k2.csv", text, &["--market", "Japan"]).ok().stderr;
    assert!(!err.contains("explained by no footnote"), "{err}");
}

/// Trial 56 M3: a note under the table that calls figures preliminary by no mark ("Note:
/// November 2017 figures are preliminary.") was passed over without a word, its figures stored
/// as actual; now said, with what marks them.
#[test]
fn a_note_that_gives_a_status_by_no_mark_is_said() {
    let w = Workdir::new();
    let text = "Month,Japan,China\n2017 Oct,200,300\n2017 Nov,210,310\nNote: November 2017 figures are preliminary.\nSource: the board\n";
    let err = ingest(&w, "n.csv", text, &[]).ok().stderr;
    assert!(
        err.contains("n.csv: line 4: \"Note: November 2017 figures are preliminary.\" gives figures a status by no mark tourstat reads: they are stored as actual (A)"),
        "{err}"
    );
    assert!(stored(&w).iter().all(|r| r.ends_with(",A")), "{:?}", stored(&w));
    // After another sentence that negates (trial 76 L1: passed over as a negation whole).
    let text = "Month,Japan,China\n2017 Oct,200,300\n2017 Nov,210,..\nNote: .. not available. Nov-17 figures are preliminary.\n";
    let w = Workdir::new();
    let err = ingest(&w, "s.csv", text, &[]).ok().stderr;
    assert!(
        err.contains("line 4: \"Note: .. not available. Nov-17 figures are preliminary.\" gives figures a status by no mark"),
        "{err}"
    );
    // Marked, the same note is the footnote that gives the status, and nothing is said.
    let marked =
        "Month,Japan,China\n2017 Oct,200,300\n2017 Nov*,210,310\n* November 2017 figures are preliminary.\n";
    let w = Workdir::new();
    let err = ingest(&w, "m.csv", marked, &[]).ok().stderr;
    assert!(!err.contains("by no mark"), "{err}");
    assert!(stored(&w).iter().any(|r| r.ends_with("2017-11,210,P")), "{:?}", stored(&w));
}

/// Trial 78 M1: the legend of a letter mark behind a `Note:` ("Note: p = preliminary") was
/// said to leave the figures actual, where `1,300p` is stored as provisional. The legend
/// explains the mark: nothing to say. A note that calls figures preliminary by no letter
/// ("Note: A figure for ...") is still said.
#[test]
fn the_legend_of_a_letter_mark_after_a_note_word_is_no_unmarked_status() {
    for legend in [
        "Note: p = preliminary",
        "Notes: (p) provisional figures",
        "Figures marked p are preliminary",
        // Review 66 M7.
        "Note: the letter p indicates preliminary figures",
        "Note: Figures followed by p are provisional",
        "Note: figures are provisional (p)",
    ] {
        let text = format!(
            "Month,China,Japan\n2025 Jan,\"1,200\",\"3,400\"\n2025 Feb,\"1,300p\",\"3,500p\"\n{legend}\n"
        );
        let w = Workdir::new();
        let err = ingest(&w, "p.csv", &text, &[]).ok().stderr;
        assert!(!err.contains("stored as actual"), "{legend}: {err}");
        assert!(stored(&w).iter().any(|r| r.ends_with("2025-02,1300,P")), "{:?}", stored(&w));
    }
    // Nor a page, a table, another letter or a short word (review 67 M1, M5).
    for note in [
        "Note: A figure for February is preliminary.",
        "Note: February figures are preliminary (see p. 4)",
        "Note: February figures are preliminary as in Table E",
        "Note: February figures are preliminary; r = revised",
        "\"As of October 2026, February figures are provisional\"",
        "In February figures are provisional",
    ] {
        let text = format!("Month,China,Japan\n2025 Jan,1200,3400\n2025 Feb,1300,3500\n{note}\n");
        let err = ingest(&Workdir::new(), "a.csv", &text, &[]).ok().stderr;
        assert!(err.contains("gives figures a status by no mark tourstat reads"), "{note}: {err}");
    }
    // Review 66 M8: a mark's legend behind a note word gives its status.
    let text = "Month,China,Japan\n2025 Jan,1200,3400\n2025 Feb,1300*,3500*\nNote: * = provisional\n";
    let w = Workdir::new();
    let err = ingest(&w, "s.csv", text, &[]).ok().stderr;
    assert!(!err.contains("explained by no footnote"), "{err}");
    assert!(stored(&w).iter().any(|r| r.ends_with("2025-02,1300,P")), "{:?}", stored(&w));
    // Trial 97 L7: a title's "(provisional)" beside a heading's mark and its footnote, which
    // give the status: no word that the figures are stored as actual.
    let text = "\"Visitor arrivals by country of residence, January 2025 (provisional)\"\n\nCountry of residence,Jan 2025*\nChina,\"1,200\"\nJapan,\"3,400\"\n\n\"* Provisional\"\n";
    let w = Workdir::new();
    let err = ingest(&w, "t.csv", text, &[]).ok().stderr;
    assert!(!err.contains("stored as actual"), "{err}");
    assert!(stored(&w).iter().any(|r| r.ends_with("2025-01,1200,P")), "{:?}", stored(&w));
}

/// A row of a whole year's months with none of them given and its Total given (2019, the base
/// year, published as a year only) had its Total passed over and the year lost. The Total is the
/// year's own figure; beside some of its months, or under a header of part of a year, it is
/// only checked, as before.
#[test]
fn a_total_alone_on_a_row_of_a_whole_years_months_is_the_years_figure() {
    let w = Workdir::new();
    let months = "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec";
    let text = format!(
        "Year,{months},Total\n2019p,,,,,,,,,,,,,\"40,123\"\n2024,{},78\n2025,5,,,,,,,,,,,,9\n",
        (1..=12).map(|m| m.to_string()).collect::<Vec<_>>().join(",")
    );
    ingest(&w, "t.csv", &text, &["--market", "Japan"]).ok();
    let rows = stored(&w);
    assert!(rows.contains(&"Japan,2019,40123,P".to_string()), "{rows:?}");
    assert!(!rows.iter().any(|r| r.starts_with("Japan,2025,") || r.starts_with("Japan,2024,")), "{rows:?}");
    assert_eq!(rows.len(), 1 + 12 + 1);
    let markets = Workdir::new();
    let part = "Market,Jan-24,Feb-24,Total\nJapan,,,400\nChina,1,2,3\n";
    ingest(&markets, "p.csv", part, &[]).ok();
    assert_eq!(stored(&markets), ["China,2024-01,1,A", "China,2024-02,2,A"]);
}

/// Review 27 L1, M4: a second table of markets as columns under its own title was read as a
/// page break of the first (its figures stored as the first's); a page's title repeated over
/// the same header is a page break, not a second table.
#[test]
fn a_header_again_under_a_title_is_a_page_break_only_under_the_same_title() {
    let w = Workdir::new();
    let two = "Arrivals\nMonth,Japan,China\n2024-01,1,2\n\nDepartures\nMonth,Japan,China\n2024-02,3,4\n";
    let err = ingest(&w, "two.csv", two, &[]).fails().stderr;
    assert!(
        err.contains("two.csv:6: the header again, under the title \"Departures\" (line 5): a second table"),
        "{err}"
    );
    let pages = "Visitor arrivals\nMonth,Japan,China\n2024-01,1,2\nVisitor arrivals\nMonth,Japan,China\n2024-02,3,4\n";
    ingest(&w, "pages.csv", pages, &[]).ok();
    assert_eq!(stored(&w).len(), 4);
    let report =
        "Report\nCountry,Year,Jan,Feb\nJapan,2024,1,2\nReport\nCountry,Year,Jan,Feb\nKorea,2024,5,6\n";
    let other = Workdir::new();
    ingest(&other, "report.csv", report, &[]).ok();
    assert_eq!(stored(&other).len(), 4);
}

/// Trial 48 #6: a `Year,Quarter,Japan,China` table was read with Quarter as a market and each
/// row as a whole year; quarters in a column of their own are read as months in theirs are.
#[test]
fn quarter_and_year_in_columns_of_their_own_are_read_as_the_rows_period() {
    let w = with_tree();
    let text = "Year,Quarter,Japan,China\n2024,Q1,101,201\n,Q2,102,202\n2025,Q1,103,203\n";
    ingest(&w, "q.csv", text, &[]).ok();
    assert_eq!(
        stored(&w),
        [
            "China,2024-Q1,201,A",
            "China,2024-Q2,202,A",
            "China,2025-Q1,203,A",
            "Japan,2024-Q1,101,A",
            "Japan,2024-Q2,102,A",
            "Japan,2025-Q1,103,A"
        ]
    );
}

/// A title written with its year after an unquoted comma is a line of two cells: it had been
/// taken for a header of one year, the header under it read as a row (trial 48 F8).
#[test]
fn a_title_with_its_year_in_a_cell_of_its_own_stands_above_the_header() {
    let w = with_tree();
    let text = "Visitor arrivals by country, 2025\nCountry,Jan-25,Feb-25\nJapan,81200,79650\nChina,\"1,200,000\",\"1,045,300\"\n";
    ingest(&w, "t.csv", text, &[]).ok();
    assert_eq!(
        stored(&w),
        [
            "China,2025-01,1200000,A",
            "China,2025-02,1045300,A",
            "Japan,2025-01,81200,A",
            "Japan,2025-02,79650,A"
        ]
    );
    let out = w.run(&["inspect", "arrivals", w.path("t.csv").to_str().unwrap()]).ok().stdout;
    assert!(out.contains("a title above the header, its year in a cell of its own"), "{out}");
    // Months without their year under it: the title's year is named, never guessed.
    let bare = "Visitor arrivals by country, 2025\nCountry,Jan,Feb\nJapan,81200,79650\n";
    let err = ingest(&w, "b.csv", bare, &[]).fails().stderr;
    assert!(err.contains("the title says 2025: --year 2025"), "{err}");
    // A header of a market and a year over a line of months is no title (review 28 M8: with
    // --add-markets its figures were stored under a market named Visitors).
    let h = Workdir::new();
    let text = "Japan,2025\nMonth,Jan,Feb,Mar\nVisitors,100,200,300\n";
    let err = ingest(&h, "h.csv", text, &["--add-markets", "Asia", "--year", "2025"]).fails().stderr;
    assert!(err.contains("\"Jan\" under the header's 2025"), "{err}");
    // A table of one year column is a table, not a title.
    let one = "Country,2024\nJapan,81200\nChina,1200\n";
    let o = with_tree();
    ingest(&o, "o.csv", one, &[]).ok();
    assert_eq!(stored(&o), ["China,2024,1200,A", "Japan,2024,81200,A"]);
}

/// Trial 57 H1: units in spellings not read ("(000's)", Eurostat's "(THS)", "(M)", "(bn)")
/// stored the figures as people, 1,000 times too small; now each asks for --unit, and a rate
/// ("per 1000") is refused as no count.
#[test]
fn units_in_common_spellings_and_rates_are_never_read_as_people() {
    let table = "Country,Jan-24,Feb-24\nChina,120,130\nJapan,50,60\n";
    for (title, unit) in [
        ("Visitor arrivals (000's)", "thousands"),
        ("Visitor arrivals (THS)", "thousands"),
        ("Visitor arrivals (thou.)", "thousands"),
        ("Visitor arrivals (M)", "millions"),
        ("Visitor arrivals (bn)", "billions"),
    ] {
        let w = Workdir::new();
        let err = ingest(&w, "t.csv", &format!("{title}\n{table}"), &[]).fails().stderr;
        assert!(
            err.contains(&format!("says the figures are in {unit}; --unit {unit} reads them so")),
            "{err}"
        );
    }
    let w = Workdir::new();
    ingest(&w, "t.csv", &format!("Visitor arrivals (000's)\n{table}"), &["--unit", "thousands"]).ok();
    assert_eq!(stored(&w)[0], "China,2024-01,120000,A");
    let err = ingest(&Workdir::new(), "r.csv", &format!("Visitor arrivals (per 1000)\n{table}"), &[])
        .fails()
        .stderr;
    assert!(err.contains("says the figures are a rate (per 1000), not counts of arrivals"), "{err}");
}

/// Trial 57 M1: a long file's column of units, passed over as the refusal advised, stored 120
/// thousand as 120 people; it is read against --unit, as SDMX's UNIT_MULT is.
#[test]
fn a_column_of_units_passed_over_is_still_read_against_the_unit() {
    let text = "market,period,arrivals,unit\nChina,2024-01,120,thousands\nJapan,2024-01,50,thousands\n";
    let err = ingest(&Workdir::new(), "u.csv", text, &[]).fails().stderr;
    assert!(err.contains("--column skip=unit (its units are checked against --unit"), "{err}");
    let w = Workdir::new();
    let err = ingest(&w, "u.csv", text, &["--column", "skip=unit"]).fails().stderr;
    assert!(err.contains("u.csv:2: unit \"thousands\": the figures are in thousands, and --unit says ones; give --unit thousands"), "{err}");
    let seen = w.run(&["inspect", "arrivals", w.path("u.csv").to_str().unwrap()]).ok().stdout;
    assert!(seen.contains("needs --unit thousands: the file states its figures are in thousands"), "{seen}");
    ingest(&w, "u.csv", text, &["--column", "skip=unit", "--unit", "thousands"]).ok();
    assert_eq!(stored(&w), ["China,2024-01,120000,A", "Japan,2024-01,50000,A"]);
    // Units of ones ("persons") or no unit word ("PS") pass as they are.
    let w = Workdir::new();
    let ones = "market,period,arrivals,unit\nChina,2024-01,120,persons\nJapan,2024-01,50,PS\n";
    ingest(&w, "p.csv", ones, &["--column", "skip=unit"]).ok();
    assert_eq!(stored(&w), ["China,2024-01,120,A", "Japan,2024-01,50,A"]);
}

/// Review 32 H1, H2, H3, M2: a rate per "1 000" read as thousands; a unit column's "THS" or
/// "Number" passed unread; a letter footnote "(m)" and a market "Mill Valley" refused as
/// millions; source lines and letter legends said to give a status by no mark.
#[test]
fn units_rates_and_notes_are_read_as_publishers_write_them() {
    let table = "Country,Jan-24,Feb-24\nChina,120,130\nJapan,50,60\n";
    let err = ingest(&Workdir::new(), "r.csv", &format!("Arrivals per 1 000 inhabitants\n{table}"), &[])
        .fails()
        .stderr;
    assert!(err.contains("says the figures are a rate (per 1 000)"), "{err}");
    // A long file's figures named with a rate (review 32 M3).
    let long = "market,period,arrivals per 100000 inhabitants\nChina,2024-01,12\n";
    let column = ["--column", "arrivals=arrivals per 100000 inhabitants"];
    let err = ingest(&Workdir::new(), "l.csv", long, &column).fails().stderr;
    assert!(
        err.contains("the figures' header \"arrivals per 100000 inhabitants\" says they are a rate"),
        "{err}"
    );
    for unit in ["THS", "Thousands of persons"] {
        let text = format!("market,period,arrivals,unit\nChina,2024-01,120,{unit}\n");
        let err = ingest(&Workdir::new(), "u.csv", &text, &["--column", "skip=unit"]).fails().stderr;
        assert!(err.contains("the figures are in thousands, and --unit says ones"), "{err}");
    }
    let mixed = "market,period,arrivals,unit\nChina,2024-01,120,thousands\nJapan,2024-01,50000,Number\n";
    let err = ingest(&Workdir::new(), "m.csv", mixed, &["--column", "skip=unit", "--unit", "thousands"])
        .fails()
        .stderr;
    assert!(
        err.contains("m.csv:3: unit \"Number\": the figures are in ones, and --unit says thousands"),
        "{err}"
    );
    let unknown = "market,period,arrivals,unit\nChina,2024-01,120,lots\n";
    let err = ingest(&Workdir::new(), "k.csv", unknown, &["--column", "skip=unit"]).fails().stderr;
    assert!(err.contains("unit \"lots\": no unit tourstat reads"), "{err}");
    // A letter footnote and a market with no figures: no unit.
    let w = Workdir::new();
    let text = format!("{table}Mill Valley,,\n(m) Excludes transit passengers.\n");
    ingest(&w, "f.csv", &text, &[]).ok();
    assert!(stored(&w).contains(&"China,2024-01,120,A".to_string()), "{:?}", stored(&w));
    // A market of the tree whose name holds a unit's word, with no figures, is its row; a
    // note of two words under the table still gives the unit.
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\nChina,Total\nJapan,Total\nThousand Oaks,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    ingest(&w, "o.csv", &format!("{table}Thousand Oaks,,\n"), &[]).ok();
    let err = ingest(&Workdir::new(), "n.csv", &format!("{table}In thousands\n"), &[]).fails().stderr;
    assert!(
        err.contains("the note below the table \"In thousands\" says the figures are in thousands"),
        "{err}"
    );
    // Figures marked p under their legend, and a source of estimates: nothing said of marks.
    let marked =
        "Country,Jan-24,Feb-24\nChina,120,130p\np Provisional\nSource: Estimates from the visitor survey\n";
    let w = Workdir::new();
    let err = ingest(&w, "p.csv", marked, &[]).ok().stderr;
    assert!(!err.contains("by no mark"), "{err}");
    assert!(stored(&w).contains(&"China,2024-02,130,P".to_string()), "{:?}", stored(&w));
}

/// Trial 58 M1: a Spanish table's "Año" column was read as no column of years, and --year
/// advised, which read every row in one year; it is the Year column.
#[test]
fn a_year_column_in_the_publishers_language_gives_each_row_its_year() {
    let w = Workdir::new();
    let text = "País,Año,Jan,Feb\nChina,2024,100,110\nChina,2025,120,130\n";
    ingest(&w, "es.csv", text, &[]).ok();
    assert_eq!(
        stored(&w),
        ["China,2024-01,100,A", "China,2024-02,110,A", "China,2025-01,120,A", "China,2025-02,130,A"]
    );
}

/// Trial 60 L2: a long file closed by a total line ("TOTAL,,2278698") was refused whole.
#[test]
fn a_long_files_total_line_is_passed_over_and_checked() {
    let w = Workdir::new();
    let text = "date,nationality,arrivals\n2025-01-01,China,35\n2025-01-01,Japan,20\nTOTAL,,55\n";
    let out = ingest(&w, "d.csv", text, &["--column", "market=nationality", "--column", "period=date"]).ok();
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(said.contains("line 4: a total line (\"TOTAL\", 55), no market's figure: passed over; the file's figures add up to it"), "{said}");
    assert_eq!(stored(&w), ["China,2025-01-01,35,A", "Japan,2025-01-01,20,A"]);
    // One that the rows do not add up to is said so; a market's row of a period is no total.
    let w = Workdir::new();
    let text = "market,period,arrivals\nTotal,2025-01,60\nChina,2025-01,35\nTotal,,90\n";
    let out = ingest(&w, "t.csv", text, &[]).ok();
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(said.contains("line 4: a total line (\"Total\", 90), no market's figure: passed over; the file's figures add up to 95, not to it"), "{said}");
    assert_eq!(stored(&w), ["China,2025-01,35,A", "Total,2025-01,60,A"]);
}

/// Trial 60 L1: dates written day first (01/02/2025, as the feed of an immigration office
/// writes them) were refused with no way to read them. They are read in the order
/// `--date-order` gives, never guessed: a file whose dates read only day first is told so, and
/// `inspect` offers the flag; one whose dates read either way names both days.
#[test]
fn dates_written_with_day_and_month_as_numbers_are_read_in_the_order_given_never_guessed() {
    let w = with_tree();
    let text = "market,period,arrivals\nJapan,01/02/2025,10\nJapan,02/02/2025,12\nJapan,13/02/2025,9\n";
    let err = ingest(&w, "feed.csv", text, &[]).fails().stderr;
    assert!(
        err.contains("\"01/02/2025\" is 2025-02-01 day first or 2025-01-02 month first: say which, --date-order dmy or --date-order mdy"),
        "{err}"
    );
    assert!(err.contains("\"13/02/2025\" is 2025-02-13 day first and no date month first; it reads only day first: --date-order dmy"), "{err}");
    // The day the month (02/02) is one date either way: no problem of its own.
    assert!(!err.contains("\"02/02/2025\""), "{err}");
    assert!(err.contains("hint: --date-order dmy reads the file's dates day first"), "{err}");
    let f = w.path("feed.csv");
    let inspected = w.run(&["inspect", "arrivals", f.to_str().unwrap()]).ok().stdout;
    assert!(inspected.contains("needs --date-order dmy: the dates read only day first"), "{inspected}");
    assert!(inspected.contains("--date-order dmy --as-of"), "{inspected}");
    ingest(&w, "feed.csv", text, &["--date-order", "dmy"]).ok();
    assert_eq!(stored(&w), ["Japan,2025-02-01,10,A", "Japan,2025-02-02,12,A", "Japan,2025-02-13,9,A"]);
    // Month first, in dots: read so where asked; a date that names no day so is refused.
    let us = "market,period,arrivals\nChina,03.04.2025,5\nChina,12.31.2025,6\n";
    ingest(&w, "us.csv", us, &["--date-order", "mdy"]).ok();
    assert!(stored(&w).contains(&"China,2025-03-04,5,A".to_string()), "{:?}", stored(&w));
    assert!(stored(&w).contains(&"China,2025-12-31,6,A".to_string()), "{:?}", stored(&w));
    let err = ingest(&w, "bad.csv", "market,period,arrivals\nChina,31.12.2025,6\n", &["--date-order", "mdy"])
        .fails()
        .stderr;
    assert!(err.contains("\"31.12.2025\" is no date read month first"), "{err}");
    // ISO dates and months are read as ever beside the flag.
    ingest(&w, "iso.csv", "market,period,arrivals\nChina,2025-05,7\n", &["--date-order", "dmy"]).ok();
    assert!(stored(&w).contains(&"China,2025-05,7,A".to_string()), "{:?}", stored(&w));
    // Review 35 L3: dates some only day first, some only month first: one hint, that no one
    // order reads them, not two flags each of which fails.
    let mixed = "market,period,arrivals\nJapan,13/02/2025,9\nJapan,02/14/2025,8\n";
    let err = ingest(&w, "mixed.csv", mixed, &[]).fails().stderr;
    assert!(err.contains("hint: the file's dates read day first only in some rows and month first only in others: no one --date-order reads them all"), "{err}");
    assert_eq!(err.matches("hint:").count(), 1, "{err}");
}

/// Trial 61 M6: Portugal's statistics office marks its latest month "Po" (provisório), a
/// revised one "Rv"; "2026M10 Po" was refused, and the message did not say which marks are
/// read, so each release was edited by hand.
#[test]
fn a_provisional_or_revised_mark_of_two_letters_after_a_period_is_its_status() {
    let w = with_tree();
    let text = "Período;Japan;China\n2025M08 Rv;1;2\n2025M09Pe;3;4\n2025M10 Po;5;6\n2025M07 (Po);7;8\nPo - valor provisório;;\n";
    ingest(&w, "ine.csv", text, &[]).ok();
    assert_eq!(
        stored(&w),
        [
            "China,2025-07,8,P",
            "China,2025-08,2,A",
            "China,2025-09,4,P",
            "China,2025-10,6,P",
            "Japan,2025-07,7,P",
            "Japan,2025-08,1,A",
            "Japan,2025-09,3,P",
            "Japan,2025-10,5,P"
        ]
    );
    // A mark not read names those that are.
    let err = ingest(&w, "odd.csv", "Período;Japan\n2025M09;1\n2025M10 Xy;2\n", &[]).fails().stderr;
    assert!(err.contains("a status after it read: p, e, r, po, pe, rv"), "{err}");
}

/// Trial 64 M2: a footnote mark after a figure (`120,000*`, as statistics offices' workbooks
/// mark their latest month) was refused as no number, the mark not named. It is read past,
/// with the status its footnote gives; one no footnote explains is said, its figure actual.
#[test]
fn a_footnote_mark_after_a_figure_gives_the_status_its_footnote_says() {
    let w = with_tree();
    let text = "Visitor arrivals by market 2026\nMarket,Jan-26,Feb-26\nJapan,100,\"1,200*\"\nChina,50,60*\n* Provisional figures\n";
    ingest(&w, "star.csv", text, &[]).ok();
    assert_eq!(
        stored(&w),
        ["China,2026-01,50,A", "China,2026-02,60,P", "Japan,2026-01,100,A", "Japan,2026-02,1200,P"]
    );
    let out = ingest(&w, "dagger.csv", "Market,Mar-26\nJapan,\"1,300†\"\n", &[]).ok();
    assert!(
        out.stderr.contains("line 2: the mark \"†\" after a figure is explained by no footnote of the table (\"† Provisional\" would say so): read past, its figures stored as actual (A)"),
        "{}",
        out.stderr
    );
    assert!(stored(&w).contains(&"Japan,2026-03,1300,A".to_string()), "{:?}", stored(&w));
    // Review 38 H3: a year's figure beside its months, or alone, marked so, is provisional too.
    let w = with_tree();
    let text = "Visitor arrivals by market 2024\nMarket,Nov-24,Dec-24,2024\nJapan,100,\"1,200*\",\"5,000*\"\nChina,,,\"7,000*\"\n* Provisional figures\n";
    ingest(&w, "year.csv", text, &[]).ok();
    let s = stored(&w);
    for row in ["Japan,2024,5000,P", "China,2024,7000,P", "Japan,2024-12,1200,P"] {
        assert!(s.contains(&row.to_string()), "{row}: {s:?}");
    }
    // Review 39 M3: a market's own mark (`Japan*`) gives its year's figure beside its months
    // the status it gives the months.
    let w = with_tree();
    let text = "Visitor arrivals by market 2024\nMarket,Nov-24,Dec-24,2024\nJapan*,100,200,\"5,000\"\nChina,50,60,700\n* Provisional figures\n";
    ingest(&w, "name.csv", text, &[]).ok();
    let s = stored(&w);
    for row in ["Japan,2024,5000,P", "Japan,2024-12,200,P", "China,2024-12,60,A"] {
        assert!(s.contains(&row.to_string()), "{row}: {s:?}");
    }
}

/// Review 57 H2: Tourism Research Australia's `Quarter,Region,State,Purpose,Trips` stored its
/// `Trips` column as a market "Trips" (its `Region` passed over), and a second region's file
/// "revised" the first's figures. Such words of what is counted are refused as `Visitors` is, and
/// a long file's market column is named with the flags that read it.
#[test]
fn a_column_of_trips_or_passengers_is_no_market() {
    let w = Workdir::new();
    for word in ["Trips", "Passengers", "Tourists", "Guests", "Nights", "Overnight trips", "Number of trips"]
    {
        let text = format!("Quarter,Operator,{word}\n2017 Q1,A,100\n2017 Q2,A,120\n");
        let err = ingest(&w, "h.csv", &text, &[]).fails().stderr;
        assert!(err.contains(&format!("column C (\"{word}\") names what is counted, not a market")), "{err}");
    }
    let tra = "Quarter,Region,State,Purpose,Trips\n2017 Q1,Adelaide,South Australia,Holiday,223.5\n2017 Q2,Adelaide,South Australia,Holiday,130.25\n";
    let err = ingest(&w, "tra.csv", tra, &["--unit", "thousands"]).fails().stderr;
    assert!(
        err.contains("column E (\"Trips\") names what is counted, not a market: a long file, its markets in column B (\"Region\")? --column \"market=Region\" --column \"arrivals=Trips\" reads it so"),
        "{err}"
    );
    let flags = [
        "--unit",
        "thousands",
        "--column",
        "market=Region",
        "--column",
        "arrivals=Trips",
        "--column",
        "period=Quarter",
        "--column",
        "skip=State",
        "--column",
        "skip=Purpose",
    ];
    ingest(&w, "tra.csv", tra, &flags).ok();
    assert_eq!(stored(&w), ["Adelaide,2017-Q1,223500,A", "Adelaide,2017-Q2,130250,A"]);
}

/// Review 57 H1: a region over its countries in a table in thousands to a tenth (ASEAN over 7)
/// is off their rounded sum by a tenth or two in most months: it was read as a market beside
/// them, and `--add-markets` counted it twice. Within rounding's width, it is their group.
#[test]
fn a_region_rounded_on_its_own_in_a_table_in_thousands_is_found_as_a_group() {
    let w = Workdir::new();
    // Each country's true figures (people), the region their sum; the table shows each rounded
    // to a tenth of a thousand.
    let months = ["Jan-25", "Feb-25", "Mar-25", "Apr-25", "May-25", "Jun-25"];
    let countries: [(&str, [f64; 6]); 3] = [
        ("Aland", [11000.0, 12140.0, 13170.0, 11200.0, 12240.0, 13140.0]),
        ("Borea", [15300.0, 16240.0, 17240.0, 15300.0, 16240.0, 17240.0]),
        ("Cantia", [18100.0, 19140.0, 11240.0, 18100.0, 19240.0, 11140.0]),
    ];
    let rounded = |v: f64| format!("{:.1}", (v / 100.0).round() / 10.0);
    let mut text = format!("Country,{}\n", months.join(","));
    let region: Vec<f64> = (0..6).map(|i| countries.iter().map(|(_, v)| v[i]).sum()).collect();
    text += &format!("Region,{}\n", region.iter().map(|v| rounded(*v)).collect::<Vec<_>>().join(","));
    for (name, v) in &countries {
        text += &format!("{name},{}\n", v.iter().map(|v| rounded(*v)).collect::<Vec<_>>().join(","));
    }
    // The rounded countries do not add up to the rounded region in some months.
    let off = (0..6)
        .filter(|&i| {
            let sum: f64 = countries.iter().map(|(_, v)| (v[i] / 100.0).round()).sum();
            sum != (region[i] / 100.0).round()
        })
        .count();
    assert!(off >= 3, "{text}");
    ingest(&w, "t.csv", &text, &["--unit", "thousands", "--add-markets", "Total"]).ok();
    let tree = w.run(&["markets", "--format", "csv"]).ok().stdout;
    for name in ["Aland", "Borea", "Cantia"] {
        assert!(tree.lines().any(|l| l.starts_with(&format!("{name},Region,"))), "{tree}");
    }
    // Total counts each country once: its countries' 2025-01..06, not the region beside them.
    let out = w.run(&["summary", "--year", "2025", "--format", "csv", "--depth", "1"]).ok().stdout;
    let total: f64 =
        out.lines().find(|l| l.starts_with("Total,")).unwrap().split(',').nth(1).unwrap().parse().unwrap();
    let region_shown: f64 = region.iter().map(|v| (v / 100.0).round() * 100.0).sum();
    let countries_shown: f64 =
        countries.iter().flat_map(|(_, v)| v.iter().map(|x| (x / 100.0).round() * 100.0)).sum();
    assert!(total == region_shown || total == countries_shown, "{out}");
}

/// Review 57 M2: `--column market=market`, naming a column as it is named already, was refused
/// with advice (`--column skip=market`) refused in turn; it needs no naming, and loads.
#[test]
fn a_column_named_as_it_is_already_loads() {
    let w = Workdir::new();
    let text = "month,market,visitors\n2025-01,Japan,5\n";
    let flags = ["--column", "period=month", "--column", "market=market", "--column", "arrivals=visitors"];
    ingest(&w, "l.csv", text, &flags).ok();
    assert_eq!(stored(&w), ["Japan,2025-01,5,A"]);
    // Two columns for one name are still refused.
    let two = "month,market,country,visitors\n2025-01,Japan,Japan,5\n";
    let err = ingest(
        &w,
        "two.csv",
        two,
        &["--column", "market=country", "--column", "period=month", "--column", "arrivals=visitors"],
    )
    .fails()
    .stderr;
    assert!(err.contains("--column market=country: the file has a column \"market\" already"), "{err}");
}

/// Review 58 H2: rounding's width made small markets groups: Cyprus's 0.5 thousand within it
/// of Malta's and Iceland's, France's 6 thousand of three markets' 5 (Total 18,000 for
/// 33,000). Rounding excuses a sum only where its width is a small part of the figure.
#[test]
fn small_figures_within_rounding_of_the_rows_under_them_are_no_group() {
    let w = Workdir::new();
    let text = "Market,Jan-2025,Feb-2025,Mar-2025\nFrance,6,7,5\nGermany,2,3,2\nItaly,2,2,1\nSpain,1,1,1\n";
    ingest(&w, "t1.csv", text, &["--unit", "thousands", "--add-markets", "Total"]).ok();
    let out = w.run(&["summary", "--year", "2025", "--format", "csv", "--depth", "1"]).ok().stdout;
    assert!(out.lines().any(|l| l.starts_with("Total,33000,")), "{out}");
    let tree = w.run(&["markets", "--format", "csv"]).ok().stdout;
    assert!(tree.lines().any(|l| l.starts_with("Germany,Total,")), "{tree}");
    // Review 59 H1: a region of 7 to 10 thousand off its countries' sum by a tenth in some
    // months is their group; a market of 6.0 within a tenth of two others' sum every month,
    // exact in none, is none.
    let w = Workdir::new();
    let text = "Country,Jan-2025,Feb-2025,Mar-2025,Apr-2025,May-2025,Jun-2025\nOceania,8.3,9.3,9.8,9.5,8.0,7.2\nAustralia,5.8,6.1,7.1,6.6,5.7,5.0\nNew Zealand,2.0,2.8,2.3,2.5,1.9,1.9\nFiji,0.5,0.5,0.4,0.4,0.4,0.4\nCyprus,6.0,6.0,6.0,6.0,6.0,6.0\nMalta,3.4,3.6,3.5,3.3,3.4,3.6\nIceland,2.5,2.5,2.6,2.6,2.5,2.3\n";
    ingest(&w, "t2.csv", text, &["--unit", "thousands", "--add-markets", "Total"]).ok();
    let tree = w.run(&["markets", "--format", "csv"]).ok().stdout;
    assert!(tree.lines().any(|l| l.starts_with("Fiji,Oceania,")), "{tree}");
    assert!(tree.lines().any(|l| l.starts_with("Malta,Total,")), "{tree}");
}

/// Trial 77 L1: a periods-as-rows table's Total column, with no market of the tree named so,
/// was passed over without a word, though it was 9,000 above its regions in one month: the
/// publisher's own total lost. Ingest and inspect now say whether it is their sum, where not,
/// and how to keep it; `--add-markets Total` keeps it, the difference unallocated.
#[test]
fn a_total_column_passed_over_is_checked_against_the_markets_and_said() {
    let text = "Month,Year,Season,EastAsia,Europe,Total\nJanuary,2018,winter,1013,502,1515\nFebruary,2018,summer,1107,611,1718\nMarch,2018,summer,1236,704,1940\nApril,2018,summer,1309,,1350\n";
    let w = Workdir::new();
    let out = ingest(&w, "regions.csv", text, &[]).ok();
    // Each row the sum of its markets; April lacks Europe, so it is not compared.
    assert!(
        out.stderr.contains("column F (\"Total\") is the sum of the table's markets on each of the 3 rows with all of them, and is passed over: no market of the tree is named so; --add-markets \"Total\" keeps it, as the group of these markets (what it has beyond them then unallocated)"),
        "{}",
        out.stderr
    );
    let off = text.replace("1107,611,1718", "1107,611,1727");
    let w = Workdir::new();
    let f = w.write("regions.csv", &off);
    let inspect = w.run(&["inspect", "arrivals", f.to_str().unwrap()]).ok().stdout;
    let said = "column F (\"Total\"), a total passed over (no market of the tree is named so), is not the sum of the table's markets on 1 row of the 3 with all of them: 2018-02: 1,727 against their 1,718 (9 unallocated); --add-markets \"Total\" keeps it";
    assert!(inspect.contains(said), "{inspect}");
    assert!(ingest(&w, "regions.csv", &off, &[]).ok().stderr.contains(said));
    // Kept as the group of its markets: its own figure, with the 9 beyond them said.
    let w = Workdir::new();
    ingest(&w, "regions.csv", &off, &["--add-markets", "Total"]).ok();
    assert!(stored(&w).contains(&"Total,2018-02,1727,A".to_string()), "{:?}", stored(&w));
}

/// The same of a markets-as-rows table's Total row (trial 77 L1's leftover): passed over
/// without a word on ingest, though 10 above its markets in March. A total row inside a
/// section may be the section's own, so only a grand total outside every section is checked.
#[test]
fn a_total_row_passed_over_is_checked_against_the_markets_and_said() {
    let text = "Market,2025-01,2025-02,2025-03\nGermany,101,113,127\nFrance,202,219,\nSpain,55,61,70\nTotal,358,393,\n";
    let w = Workdir::new();
    let out = ingest(&w, "rows.csv", text, &[]).ok();
    // March lacks France and the Total: not compared.
    assert!(
        out.stderr.contains("line 5 (\"Total\") is the sum of the table's markets on each of the 2 columns with all of them, and is passed over: no market of the tree is named so; --add-markets \"Total\" keeps it"),
        "{}",
        out.stderr
    );
    let off = text.replace("France,202,219,", "France,202,219,221").replace("393,\n", "393,428\n");
    let w = Workdir::new();
    let out = ingest(&w, "rows.csv", &off, &[]).ok();
    let said = "line 5 (\"Total\"), a total passed over (no market of the tree is named so), is not the sum of the table's markets on 1 column of the 3 with all of them: 2025-03: 428 against their 418 (10 unallocated); --add-markets \"Total\" keeps it";
    assert!(out.stderr.contains(said), "{}", out.stderr);
    let f = w.write("rows.csv", &off);
    assert!(w.run(&["inspect", "arrivals", f.to_str().unwrap()]).ok().stdout.contains(said));
    // A section's Total is its own: not checked against the whole table.
    let sections = "Market,2025-01,2025-02\nEurope,,\nGermany,101,113\nFrance,202,219\nTotal,303,340\nAsia,,\nJapan,40,41\n";
    let w = Workdir::new();
    let out = ingest(&w, "sections.csv", sections, &[]).ok();
    assert!(!out.stderr.contains("a total passed over"), "{}", out.stderr);
    // Review 66 M4, M5: two Totals, each under its own countries (their sections markets of
    // the tree, or no headings at all): each is a part's, none checked against the whole.
    let tree = "market,parent\nWorld,\nEurope,World\nGermany,Europe\nFrance,Europe\nSpain,Europe\nAsia,World\nJapan,Asia\nChina,Asia\n";
    let two = "Market,2025-01,2025-02\nEurope,,\nGermany,101,113\nFrance,202,219\nTotal,303,332\nAsia,,\nJapan,40,41\nChina,30,31\nTotal,70,72\n";
    let plain = "Market,2025-01\nGermany,101\nFrance,202\nTotal,303\nJapan,40\nChina,30\nTotal,70\n";
    for table in [two, plain] {
        let w = Workdir::new();
        w.write("m.csv", tree);
        w.run(&["ingest", "markets", "m.csv"]).ok();
        let out = ingest(&w, "two.csv", table, &[]).ok();
        assert!(!out.stderr.contains("a total passed over"), "{}", out.stderr);
    }
    // Review 66 M3: a region's own figure with travellers unallocated, and its countries: the
    // tree says the countries are in it, so the Total is the regions' sum.
    let regions = "Market,2025-01,2025-02,2025-03\nEurope,368,403,428\nGermany,101,113,127\nFrance,202,219,221\nSpain,55,61,70\nAsia,70,72,74\nJapan,40,41,42\nChina,30,31,32\nTotal,438,475,502\n";
    let w = Workdir::new();
    w.write("m.csv", tree);
    w.run(&["ingest", "markets", "m.csv"]).ok();
    let out = ingest(&w, "regions.csv", regions, &[]).ok();
    assert!(
        out.stderr.contains("line 9 (\"Total\") is the sum of the table's markets on each of the 3 columns"),
        "{}",
        out.stderr
    );
}

/// Review 64 L1: a Total 10 off its markets' sum, within the rounding its figures show (tens),
/// was called "the sum" without a word of it.
#[test]
fn a_total_column_within_rounding_of_its_markets_says_so() {
    let w = Workdir::new();
    let text = "Month,Year,EastAsia,Europe,Total\nJanuary,2025,300,500,800\nFebruary,2025,310,500,800\n";
    let out = ingest(&w, "rounded.csv", text, &[]).ok();
    assert!(
        out.stderr.contains("column E (\"Total\") is the sum of the table's markets on each of the 2 rows with all of them (within the rounding of its figures: 1 row off it by up to 10), and is passed over"),
        "{}",
        out.stderr
    );
}

/// Trial 87 H1: a region's row more than the countries listed under it ("Asia includes other
/// Asian countries not shown") was stored beside them by `--add-markets`: Total 889,058 where
/// 572,148, China's share 24.8% where 38.5%. Refused, with the markets file that places it;
/// with it, Total is the region's own figure and the others'.
#[test]
fn a_region_more_than_the_countries_it_lists_is_not_stored_beside_them() {
    let w = Workdir::new();
    let mut text = String::from(
        "Visitor arrivals by country of residence\n\nCountry,Jan-24,Feb-24,Mar-24,Jan-25,Feb-25,Mar-25\n",
    );
    let rows = [
        ("China", [50000, 52000, 51000, 56000, 57000, 55000]),
        ("Japan", [20000, 21000, 22000, 22000, 23000, 24000]),
        ("South Africa", [3000, 3100, 3200, 3300, 3400, 3500]),
        ("Germany", [25000, 24000, 26000, 26000, 25000, 27000]),
    ];
    let asia: Vec<i64> = (0..6).map(|k| rows[0].1[k] + rows[1].1[k] + 5000 + 10 * k as i64).collect();
    let line = |name: &str, v: &[i64]| {
        format!("{name},{}\n", v.iter().map(|x| format!("\"{x}\"")).collect::<Vec<_>>().join(","))
    };
    text += &line("Asia", &asia);
    for (name, v) in &rows {
        text += &line(name, v);
    }
    w.write("rolling.csv", &text);
    let err = w
        .run(&["ingest", "arrivals", "rolling.csv", "--as-of", "2025-04-20", "--add-markets", "Total"])
        .fails()
        .stderr;
    assert!(
        err.contains("Asia (line 4) is more than the rows next to it in every period (China + Japan by 5,000 to 5,050): a region with countries it does not list? --add-markets would store it beside them, counted twice in every total above; load a markets file first (tourstat ingest markets) with the countries it holds under it (lines such as China,Asia; a market of its own goes under the top), and leave --add-markets out"),
        "{err}"
    );
    w.write(
        "m.csv",
        "market,parent\nTotal,\nAsia,Total\nChina,Asia\nJapan,Asia\nSouth Africa,Total\nGermany,Total\n",
    );
    w.run(&["ingest", "markets", "m.csv"]).ok();
    w.run(&["ingest", "arrivals", "rolling.csv", "--as-of", "2025-04-20"]).ok();
    let out = w.run(&["summary", "--through", "2025-03", "--format", "csv"]).ok().stdout;
    let total: i64 = asia[3..].iter().sum::<i64>() + 3300 + 3400 + 3500 + 26000 + 25000 + 27000;
    assert!(out.contains(&format!("Total,{total},")), "{out}");
    // Trial 94 M2: more by no more than the rounding of the figures (thousands to a tenth): their
    // subtotal, each figure rounded on its own, may be so too, and the refusal says it.
    let w = Workdir::new();
    w.write(
        "round.csv",
        "Visitor arrivals ('000)\n\nMarket,Jan-24,Feb-24,Mar-24,Apr-24\nEurope,16.1,18.9,18.3,17.7\nGermany,9.0,12.3,11.0,10.2\nFrance,7.0,6.5,7.2,7.4\nUnited States,6.0,5.8,6.2,6.6\n",
    );
    let err = w
        .run(&[
            "ingest",
            "arrivals",
            "round.csv",
            "--unit",
            "thousands",
            "--as-of",
            "2024-06-01",
            "--add-markets",
            "Total",
        ])
        .fails()
        .stderr;
    assert!(
        err.contains("Europe (line 4) is more than the rows next to it in every period (Germany + France by 100), by no more than the rounding of the table's figures (each to the nearest 100): their subtotal, each figure rounded on its own, or a region with countries it does not list?"),
        "{err}"
    );
    // Placed by a markets file, it loads as their group, its own figures kept.
    w.write(
        "m.csv",
        "market,parent\nTotal,\nEurope,Total\nGermany,Europe\nFrance,Europe\nUnited States,Total\n",
    );
    w.run(&["ingest", "markets", "m.csv"]).ok();
    w.run(&["ingest", "arrivals", "round.csv", "--unit", "thousands", "--as-of", "2024-06-01"]).ok();
    let out = w.run(&["export", "arrivals", "--format", "csv"]).ok().stdout;
    assert!(out.contains("Europe,2024-01,16100,"), "{out}");
    // Review 84 H1: the sum of its countries but in one month, a slip: refused, the month
    // named; M1: a region of its own after another continent's markets (a table sorted by
    // size) is no group of them.
    let w = Workdir::new();
    w.write("slip.csv", "Country,Jan-25,Feb-25,Mar-25,Apr-25\nAsia,7000,7100,7200,7300\nJapan,4000,4050,4100,4500\nKorea,3000,3050,3100,3100\n");
    let err = w
        .run(&["ingest", "arrivals", "slip.csv", "--as-of", "2025-05-20", "--add-markets", "Total"])
        .fails()
        .stderr;
    assert!(err.contains("Asia (line 2) is the sum of Japan + Korea in 3 periods of 4, but not in 1 (2025-04: 7,300 against their 7,600): a slip in a figure"), "{err}");
    let w = Workdir::new();
    w.write("sorted.csv", "Country,Jan-25,Feb-25,Mar-25\nChina,30000,31000,32000\nAfrica,9000,9100,9200\nJapan,4000,4100,4200\nKorea,3000,3100,3200\n");
    w.run(&["ingest", "arrivals", "sorted.csv", "--as-of", "2025-05-20", "--add-markets", "Total"]).ok();
    // Review 85 B-M1: a part of a continent, a market of its own beside countries of another
    // part of it, is no group of them either.
    let w = Workdir::new();
    w.write("part.csv", "Country,Jan-25,Feb-25,Mar-25\nUSA,30000,31000,32000\nSoutheast Asia,9000,9100,9200\nJapan,4000,4100,4200\nKorea,3000,3100,3200\n");
    w.run(&["ingest", "arrivals", "part.csv", "--as-of", "2025-05-20", "--add-markets", "Total"]).ok();
    // A region the sum of its countries is their group, as before; South Africa is no region.
    let w = Workdir::new();
    let exact: Vec<i64> = (0..6).map(|k| rows[0].1[k] + rows[1].1[k]).collect();
    let mut text =
        String::from("Country,Jan-24,Feb-24,Mar-24,Jan-25,Feb-25,Mar-25\n") + &line("Asia", &exact);
    for (name, v) in &rows {
        text += &line(name, v);
    }
    w.write("exact.csv", &text);
    w.run(&["ingest", "arrivals", "exact.csv", "--as-of", "2025-04-20", "--add-markets", "Total"]).ok();
    let tree = w.run(&["export", "markets"]).ok().stdout;
    assert!(tree.contains("China,Asia") && tree.contains("South Africa,Total"), "{tree}");
}

/// Trial 94 M4: a table whose legend calls "-" nil ("- nil or rounded to zero") had its "-"
/// stored as missing: France's May a gap, the year's table cut to April (103,745 where the
/// publisher's January to June is 147,545). It is 0, said; ".." stays missing.
#[test]
fn a_dash_the_tables_legend_calls_nil_is_zero() {
    let w = Workdir::new();
    let table = "Arrivals by market\n\nMarket,Jan-24,Feb-24,Mar-24,Apr-24,May-24,Jun-24\nGermany,10000,9500,10200,10300,10545,10500\nFrance,6000,5800,6100,6000,-,11100\nUnited Kingdom,8000,8200,8400,8600,9000,..\n\n.. not available.  - nil or rounded to zero.\n";
    w.write("nil.csv", table);
    let out =
        w.run(&["ingest", "arrivals", "nil.csv", "--as-of", "2024-08-01", "--add-markets", "Europe"]).ok();
    assert!(
        out.stderr.contains("line 8: the table's legend (\".. not available.  - nil or rounded to zero.\") calls \"-\" nil: its 1 \"-\" cell (France, 2024-05, line 5, the first) is stored as 0"),
        "{}{}",
        out.stdout,
        out.stderr
    );
    let rows = w.run(&["export", "arrivals"]).ok().stdout;
    assert!(rows.contains("France,2024-05,0,A"), "{rows}");
    assert!(!rows.contains("United Kingdom,2024-06"), "{rows}");
    // Without the legend, "-" is missing, as ever.
    let w = Workdir::new();
    w.write("plain.csv", table.replace(".. not available.  - nil or rounded to zero.\n", ""));
    w.run(&["ingest", "arrivals", "plain.csv", "--as-of", "2024-08-01", "--add-markets", "Europe"]).ok();
    assert!(!w.run(&["export", "arrivals"]).ok().stdout.contains("France,2024-05"));
    // A legend that calls it not available keeps it missing.
    let w = Workdir::new();
    w.write("na.csv", table.replace("- nil or rounded to zero.", "- not available"));
    w.run(&["ingest", "arrivals", "na.csv", "--as-of", "2024-08-01", "--add-markets", "Europe"]).ok();
    assert!(!w.run(&["export", "arrivals"]).ok().stdout.contains("France,2024-05"));
}

/// A long file's title above its header and footnotes below its rows, as publishers' exports
/// carry them (review 98: refused, "the header of an arrivals file must be ...", or "expected 3
/// fields as in the header, found 1"): passed over and said, the rows read as they are; a unit
/// the title states must be given; a row cut short, a legend of its dash, are no margins.
#[test]
fn a_long_files_title_and_footnotes_are_passed_over_and_said() {
    let w = with_tree();
    w.write(
        "titled.csv",
        "Visitor arrivals by market, 2025\nSource: Office of Tourism\n\nmarket,period,arrivals\nJapan,2025-01,100\nChina,2025-01,200\n,,\nNote: figures exclude transit passengers.\n* Excludes crew\n",
    );
    let out = w.run(&["ingest", "arrivals", "titled.csv"]).ok();
    assert!(
        out.stderr.contains("titled.csv: lines 1-2 above the header (\"Visitor arrivals by market, 2025\", \"Source: Office of Tourism\"): the file's title, passed over")
            && out.stderr.contains("titled.csv: lines 8-9 below the rows (\"Note: figures exclude transit passengers.\", \"* Excludes crew\"): footnotes, passed over"),
        "{}",
        out.stderr
    );
    assert_eq!(stored(&w), ["China,2025-01,200,A", "Japan,2025-01,100,A"]);
    // Semicolons, and a source in the publisher's language.
    w.write(
        "semi.csv",
        "Ankünfte nach Markt, 2025\nmarket;period;arrivals\nJapan;2025-02;1.234\n\nQuelle: Amt, 2025\n",
    );
    let out = w.run(&["ingest", "arrivals", "semi.csv", "--thousands", "."]).ok();
    assert!(out.stderr.contains("line 5 below the rows (\"Quelle: Amt, 2025\")"), "{}", out.stderr);
    assert!(stored(&w).contains(&"Japan,2025-02,1234,A".to_string()));
    // The unit a title states is the figures': said, not passed over with the title.
    w.write("thousands.csv", "Arrivals (thousands)\nmarket,period,arrivals\nJapan,2025-03,12.5\n");
    let err = w.run(&["ingest", "arrivals", "thousands.csv"]).fails().stderr;
    assert!(
        err.contains("thousands.csv:1: the title \"Arrivals (thousands)\" says the figures are in thousands"),
        "{err}"
    );
    w.run(&["ingest", "arrivals", "thousands.csv", "--unit", "thousands"]).ok();
    assert!(stored(&w).contains(&"Japan,2025-03,12500,A".to_string()));
    // A unit in the header below a title is said on the header's line.
    w.write("header.csv", "Arrivals by market\nmarket,period,arrivals ('000)\nJapan,2025-03,1.5\n");
    let err =
        w.run(&["ingest", "arrivals", "header.csv", "--column", "arrivals=arrivals ('000)"]).fails().stderr;
    assert!(
        err.contains("header.csv:2: the header \"arrivals ('000)\" says the figures are in thousands"),
        "{err}"
    );
    // A row cut short, at the end or in a name of words, is a problem of its line (review 101
    // M1: `Rest of the world` passed over as a footnote).
    for (name, text) in [
        ("cut.csv", "market,period,arrivals\nJapan,2025-04,100\nChina,2025-04\n"),
        ("named.csv", "market,period,arrivals\nJapan,2025-04,100\nHong Kong SAR China\n"),
        ("rest.csv", "market,period,arrivals\nJapan,2025-04,100\nRest of the world,,\n"),
        ("nil.csv", "market,period,arrivals\nJapan,2025-04,100\nChina,2025-04,-\n\n- nil\n"),
    ] {
        w.write(name, text);
        let err = w.run(&["ingest", "arrivals", name]).fails().stderr;
        assert!(
            err.contains(":3: expected 3 fields as in the header, found")
                || err.contains(":5: expected 3 fields")
                || err.contains(":3: period is empty"),
            "{name}: {err}"
        );
    }
    // A note that some figures are provisional, and a title that names a month over periods
    // that are years, are refused (review 101 M2, H2: stored as actual, and as whole years).
    w.write("status.csv", "market,period,arrivals\nJapan,2025-05*,110\n\n* Provisional figures\n");
    let err = w.run(&["ingest", "arrivals", "status.csv"]).fails().stderr;
    assert!(
        err.contains("status.csv:4: \"* Provisional figures\" says figures of the file are provisional"),
        "{err}"
    );
    w.write(
        "november.csv",
        "Visitor arrivals in November, 2023-2025\nmarket,period,arrivals\nJapan,2023,100\n",
    );
    let err = w.run(&["ingest", "arrivals", "november.csv"]).fails().stderr;
    assert!(err.contains("november.csv:1: the title \"Visitor arrivals in November, 2023-2025\" names a month or part of a year, and the periods below it are years"), "{err}");
    // A markets file's last market, at the top of the tree, is a market (review 101 H1).
    w.write("tree.csv", "market,parent\nWorld,\nEurope,World\nRest of the world,\n(a) Others,\n");
    w.run(&["ingest", "markets", "tree.csv"]).ok();
    let tree = w.run(&["markets", "--format", "csv"]).ok().stdout;
    assert!(tree.contains("Rest of the world") && tree.contains("(a) Others"), "{tree}");
    // `inspect` reads it as ingest does.
    let out = w.run(&["inspect", "arrivals", "titled.csv"]).ok().stdout;
    assert!(
        out.contains("layout: one row per figure (long), header on line 4")
            && out.contains("the file's title, above the header")
            && out.contains("footnotes, below the rows"),
        "{out}"
    );
}
