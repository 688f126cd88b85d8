//! The weekly brief: one self-contained HTML file. What any machine can check is here (the
//! figures in it, nothing loaded from outside, hostile names escaped, the same bytes twice);
//! tests/browser.rs loads it in a real browser.

mod common;

use common::Workdir;

fn brief(w: &Workdir, name: &str) -> String {
    w.seed_brief(&w.path(name));
    std::fs::read_to_string(w.path(name)).unwrap()
}

#[test]
fn the_brief_holds_the_week_and_loads_nothing_from_anywhere() {
    let w = Workdir::new();
    w.ingest_sample();
    let html = brief(&w, "brief.html");
    for figure in
        ["849,034", "1,088,505", "17,229", "11,104,521", "28,200,000", "39.4%", "far behind", "on track"]
    {
        assert!(html.contains(figure), "{figure} is not in the brief");
    }
    assert!(html.contains("Short-haul is down 1.5m (-11.9%) on 2024"), "the opening sentences");
    assert!(html.contains("11 of 11 claims reproduced"));
    // The target charts count the table's months, given --through or not (trial 25 #4: a
    // market's own later month made the brief contradict its tables).
    assert!(html.contains("Short-haul: arrivals against the 2025 target<"), "caption");
    let out = w.path("own.html");
    w.run(&["report", "--year", "2025", "-o", out.to_str().unwrap()]).ok();
    let own = std::fs::read_to_string(out).unwrap();
    assert!(own.contains("Short-haul: arrivals against the 2025 target<"));
    assert!(!own.contains("through its own latest month"));
    assert_eq!(html.matches("<img src=\"data:image/png;base64,").count(), 6, "six charts, embedded");
    // Nothing outside the file: no URL, no external source, a policy that forbids loading.
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("src=\"/"));
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    assert!(html.contains("@media print"));
    assert_eq!(brief(&w, "again.html"), html, "the same store and command give the same bytes");
}

#[test]
fn a_hostile_market_name_is_text_in_the_brief() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\n<script>alert(1)</script>,Total\nChina,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    w.write(
        "a.csv",
        "market,period,arrivals\n<script>alert(1)</script>,2024-01,5\n<script>alert(1)</script>,2025-01,6\nChina,2024-01,7\nChina,2025-01,8\n",
    );
    w.run(&["ingest", "arrivals", "a.csv"]).ok();
    w.run(&["report", "-o", "b.html"]).ok();
    let html = std::fs::read_to_string(w.path("b.html")).unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>alert(1)"), "the name ran as a script");
}

#[test]
fn a_store_of_bookings_alone_has_a_brief_of_its_seats() {
    let w = Workdir::new();
    let data = common::project().join("data");
    for kind in ["markets", "bookings"] {
        w.run(&["ingest", kind, data.join(format!("{kind}.csv")).to_str().unwrap()]).ok();
    }
    let out = w.path("b.html");
    w.run(&[
        "report",
        "--as-of",
        "2025-07-01",
        "--travel",
        "2025-06-01..2025-12-31",
        "-o",
        out.to_str().unwrap(),
    ])
    .ok();
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.contains("No answer: the store has no arrivals"), "the arrivals section says why");
    // The seats on the books are there, as otb gives them from the flows (Short-haul's 849,034).
    assert!(html.contains("849,034"), "the seats section");
    assert!(html.contains("Booking curve for travel 2025-06-01..2025-12-31"), "the booking curve chart");
    // Trial 35 #6: titled by what it has, its gaps said to be of the arrivals, and without the
    // question it says how to ask it.
    assert!(
        html.contains("Seats on the books as of 2025-07-01 for travel 2025-06-01..2025-12-31<"),
        "the subtitle"
    );
    assert!(!html.contains("Arrivals of 2025"), "no arrivals in the subtitle");
    assert!(html.contains("Gaps in the arrivals"), "the gaps section's title");
    assert!(html.contains("gaps in the booking flows are named in the notes of the seats on the books"));
    for asked in [&[][..], &["--as-of", "2025-07-01"]] {
        let c = w.path("c.html");
        let err = w.run(&[&["report", "-o", c.to_str().unwrap()][..], asked].concat()).fails().stderr;
        assert!(
            err.contains("its brief is of seats on the books, asked with --as-of DAY --travel WINDOW"),
            "{err}"
        );
    }
}

/// A member published by quarter leaves its group no complete month to draw: the brief is
/// written without that chart, where it used to stop with "nothing to draw"; and the sentence
/// of a market with a target and no members ends whole ("most of it: ." it read).
#[test]
fn a_member_by_quarter_costs_the_brief_a_chart_not_the_brief() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\nSteady,Total\nQuarterly,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    let mut text = String::from("market,period,arrivals\n");
    for y in [2024, 2025] {
        for m in 1..=6 {
            text += &format!("Steady,{y}-{m:02},{}\n", if y == 2024 { 1000 } else { 1100 });
        }
        text += &format!("Quarterly,{y}-Q1,3000\nQuarterly,{y}-Q2,3000\n");
    }
    for m in 7..=12 {
        text += &format!("Steady,2024-{m:02},1000\n");
    }
    w.write("a.csv", text);
    w.run(&["ingest", "arrivals", "a.csv", "--as-of", "2025-07-10"]).ok();
    w.write("t.csv", "market,period,target\nSteady,2025,13000\n");
    w.run(&["ingest", "targets", "t.csv", "--as-of", "2025-01-10"]).ok();
    let out = w.run(&["report", "--year", "2025", "-o", "b.html"]).ok();
    assert!(
        out.stderr.contains("the brief has no trend chart: nothing to draw: Total has no month of 2025"),
        "{}",
        out.stderr
    );
    let html = std::fs::read_to_string(w.path("b.html")).unwrap();
    assert!(html.contains("Steady is up 600 (+10.0%) on 2024 through June."), "the sentence of Steady");
    assert!(!html.contains("most of it: ."), "a sentence ends in an empty list");
}

/// Trial 23 #3: the brief said "Asia is up 100; most of it: Beta -100% (-100)" where Beta
/// fell and Alpha, counted through other months than Asia, rose by 200. A member that moved
/// against its group offsets the change, and where a member's share is not known no member
/// is said to explain most of it.
#[test]
fn the_brief_never_credits_a_change_to_a_member_that_moved_against_it() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nAsia,\nAlpha,Asia\nBeta,Asia\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    let mut text = String::from("market,period,arrivals\n");
    for m in 1..=12 {
        text += &format!("Alpha,2024-{m:02},1000\nBeta,2024-{m:02},500\n");
    }
    for m in 1..=6 {
        text += &format!("Alpha,2025-{m:02},1100\n");
        if m != 3 {
            text += &format!("Beta,2025-{m:02},450\n");
        }
    }
    w.write("a.csv", text);
    w.run(&["ingest", "arrivals", "a.csv", "--as-of", "2025-07-10"]).ok();
    w.write("t.csv", "market,period,target\nAsia,2025,20000\n");
    w.run(&["ingest", "targets", "t.csv", "--as-of", "2025-01-10"]).ok();
    w.run(&["report", "--year", "2025", "--through", "2025-02", "-o", "b.html"]).ok();
    let html = std::fs::read_to_string(w.path("b.html")).unwrap();
    assert!(
        html.contains("Asia is up 100 (+3.3%) on 2024 through February; driven by Alpha (+200, more than the whole change); offset by Beta (-100)."),
        "{html}"
    );
    w.run(&["report", "--year", "2025", "--through", "2025-06", "-o", "b.html"]).ok();
    let html = std::fs::read_to_string(w.path("b.html")).unwrap();
    assert!(
        html.contains("Asia is up 100 (+3.3%) on 2024 through February; its members&#39; shares of it are not all known (Alpha is counted through June)."),
        "{html}"
    );
}

/// Trial 96 F6: a market split out of "Other" (Netherlands, published from April) was read as
/// Other's fall: "offset by Other (-…)". Its share of the change is not known: said so.
#[test]
fn the_brief_credits_no_change_to_a_member_a_market_was_split_out_of() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nEurope,\nGermany,Europe\nOther,Europe\nNetherlands,Europe\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    let mut text = String::from("market,period,arrivals\n");
    for m in 1..=12 {
        text += &format!("Germany,2024-{m:02},1000\nOther,2024-{m:02},800\nEurope,2024-{m:02},1800\n");
    }
    // (The office's own rows for Europe: without them the split leaves it blank.)
    for m in 1..=6 {
        text += &format!("Germany,2025-{m:02},1100\nEurope,2025-{m:02},1920\n");
        match m {
            1..=3 => text += &format!("Other,2025-{m:02},820\n"),
            _ => text += &format!("Other,2025-{m:02},520\nNetherlands,2025-{m:02},300\n"),
        }
    }
    w.write("a.csv", text);
    w.run(&["ingest", "arrivals", "a.csv", "--as-of", "2025-07-10"]).ok();
    w.write("t.csv", "market,period,target\nEurope,2025,25000\n");
    w.run(&["ingest", "targets", "t.csv", "--as-of", "2025-01-10"]).ok();
    let out = w
        .run(&["summary", "--year", "2025", "--through", "2025-06", "--market", "Europe", "--depth", "1"])
        .ok();
    assert!(
        out.stdout.contains("split out") || out.stderr.contains("split out"),
        "{}{}",
        out.stdout,
        out.stderr
    );
    w.run(&["report", "--year", "2025", "--through", "2025-06", "-o", "b.html"]).ok();
    let html = std::fs::read_to_string(w.path("b.html")).unwrap();
    assert!(!html.contains("offset by Other"), "{html}");
    assert!(
        html.contains("its members&#39; shares of it are not all known (Other may count a market split out of it or merged into it since)"),
        "{html}"
    );
}

/// Trial 54 H1: the brief opened "Network is up 4,174 (+5.9%)" where a route resumed after
/// months of 0 made the change, -9.8% like with like; the sentence gives both.
#[test]
fn the_briefs_sentence_gives_the_change_like_with_like_beside_a_resumed_member() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nNet,\nA,Net\nD,Net\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    let mut text = String::from("market,period,arrivals\n");
    for m in 1..=12 {
        text += &format!("A,2024-{m:02},1000\nD,2024-{m:02},{}\n", if m <= 6 { 0 } else { 300 });
    }
    for m in 1..=6 {
        text += &format!("A,2025-{m:02},950\nD,2025-{m:02},200\n");
    }
    w.write("a.csv", text);
    w.run(&["ingest", "arrivals", "a.csv", "--as-of", "2025-07-10"]).ok();
    w.write("t.csv", "market,period,target\nNet,2025,20000\n");
    w.run(&["ingest", "targets", "t.csv", "--as-of", "2025-01-10"]).ok();
    w.run(&["report", "--year", "2025", "--through", "2025-06", "-o", "b.html"]).ok();
    let html = std::fs::read_to_string(w.path("b.html")).unwrap();
    // Net: 6,900 against 6,000 (+15.0%); without D's 1,200, 5,700 (-5.0%).
    assert!(
        html.contains(
            "Net is up 900 (+15.0%; -5.0% like with like, without D, 0 a year before) on 2024 through June"
        ),
        "{html}"
    );
    // A market of its own with months of 0 a year before is not said to be without itself
    // (trial 62 L5: "Israel ... without Israel").
    w.write(
        "m2.csv",
        "market,parent
Net,
A,Net
D,Net
I,
",
    );
    w.run(&["ingest", "markets", "m2.csv"]).ok();
    let mut text = String::from(
        "market,period,arrivals
",
    );
    for m in 1..=12 {
        text += &format!(
            "I,2024-{m:02},{}
",
            if (4..=6).contains(&m) { 0 } else { 300 }
        );
    }
    for m in 1..=6 {
        text += &format!(
            "I,2025-{m:02},300
"
        );
    }
    w.write("i.csv", text);
    w.run(&["ingest", "arrivals", "i.csv", "--as-of", "2025-07-10"]).ok();
    w.write(
        "t2.csv",
        "market,period,target
I,2025,4000
",
    );
    w.run(&["ingest", "targets", "t2.csv", "--as-of", "2025-01-10"]).ok();
    w.run(&["report", "--year", "2025", "--through", "2025-06", "-o", "c.html"]).ok();
    let html = std::fs::read_to_string(w.path("c.html")).unwrap();
    assert!(
        html.contains("I is up 900 (+100.0%; +0.0% like with like, without its months of 0 a year before) on 2024 through June"),
        "{html}"
    );
}

/// Trial 25 #4: without --through, the brief's tables counted through June (the months its
/// markets share) while its sentence and target chart of A counted A's provisional July: +14.7%
/// and on track in one place, +2.2% and far behind in another. One month for the whole brief.
#[test]
fn the_brief_counts_one_month_in_its_tables_sentences_and_charts() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\nA,Total\nB,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    let mut text = String::from("market,period,arrivals,status\n");
    for m in 1..=12 {
        text += &format!("A,2024-{m:02},100,A\nB,2024-{m:02},200,A\n");
    }
    for m in 1..=6 {
        text += &format!("A,2025-{m:02},115,A\nB,2025-{m:02},190,A\n");
    }
    text += "A,2025-07,30,P\n";
    w.write("a.csv", &text);
    w.run(&["ingest", "arrivals", "a.csv", "--as-of", "2025-08-05"]).ok();
    w.write("t.csv", "market,period,target\nA,2025,1300\n");
    w.run(&["ingest", "targets", "t.csv", "--as-of", "2025-01-10"]).ok();
    w.run(&["report", "--year", "2025", "-o", "b.html"]).ok();
    let html = std::fs::read_to_string(w.path("b.html")).unwrap();
    assert!(html.contains("A is up 90 (+15.0%) on 2024 through June."), "{html}");
    assert!(!html.contains("through July"), "{html}");
}

/// Trial 25 #9: the brief left out the target chart of a market its method could not project
/// without a word.
#[test]
fn the_brief_says_which_target_charts_it_has_not() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\nA,Total\nR,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    let mut text = String::from("market,period,arrivals\n");
    for y in [2023, 2024] {
        for m in 1..=12 {
            let r = if y == 2024 && (m == 8 || m == 9) { 0 } else { 200 };
            text += &format!("A,{y}-{m:02},1000\nR,{y}-{m:02},{r}\n");
        }
    }
    for m in 1..=6 {
        text += &format!("A,2025-{m:02},1050\nR,2025-{m:02},220\n");
    }
    w.write("a.csv", &text);
    w.run(&["ingest", "arrivals", "a.csv", "--as-of", "2025-07-10"]).ok();
    w.write("t.csv", "market,period,target\nTotal,2025,15000\nA,2025,12500\n");
    w.run(&["ingest", "targets", "t.csv", "--as-of", "2025-01-10"]).ok();
    w.run(&["report", "--year", "2025", "-o", "b.html"]).ok();
    let html = std::fs::read_to_string(w.path("b.html")).unwrap();
    // Trial 55 M2: drawn all the same, its year so far against the target path, as `chart
    // target` draws it, the caption saying it is not projected.
    assert!(html.contains("Total: arrivals against the 2025 target (not projected by run-rate)"), "{html}");
    assert!(!html.contains("No target chart of Total"), "{html}");
    assert!(html.contains("A: arrivals against the 2025 target"), "{html}");
}

/// Trial 54 L2: a market with a target that cannot be tracked keeps its row in the brief's
/// tracking table, as in shortfall's, and has no target chart, which is said.
#[test]
fn the_brief_keeps_a_target_it_cannot_track() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\nA,Total\nN,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    let mut text = String::from("market,period,arrivals\n");
    for y in [2023, 2024] {
        for m in 1..=12 {
            text += &format!("A,{y}-{m:02},1000\n");
        }
    }
    for m in 1..=6 {
        text += &format!("A,2025-{m:02},1050\nN,2025-{m:02},300\n");
    }
    w.write("a.csv", &text);
    w.run(&["ingest", "arrivals", "a.csv", "--as-of", "2025-07-10"]).ok();
    w.write("t.csv", "market,period,target\nA,2025,12500\nN,2025,4000\n");
    w.run(&["ingest", "targets", "t.csv", "--as-of", "2025-01-10"]).ok();
    let csv = w.run(&["shortfall", "--year", "2025", "--format", "csv"]).ok().stdout;
    let n = csv.lines().find(|l| l.starts_with("N,")).unwrap_or_else(|| panic!("{csv}"));
    assert!(n.starts_with("N,4000,,") && n.ends_with(",not tracked,Total,1"), "{csv}");
    w.run(&["report", "--year", "2025", "-o", "b.html"]).ok();
    let html = std::fs::read_to_string(w.path("b.html")).unwrap();
    assert!(html.contains("No target chart of N: not tracked"), "{html}");
    assert!(html.contains("A: arrivals against the 2025 target"), "{html}");
    assert!(!html.contains("N: arrivals against the 2025 target"), "{html}");
}

/// Trial 39: last month's brief could not be rebuilt after a revision (`report --as-of` is the
/// seats' snapshot; its arrivals were always the latest). `--arrivals-as-of` gives the
/// arrivals, targets and gaps as known on a day, and the subtitle says so.
#[test]
fn the_brief_of_an_earlier_vintage_of_the_arrivals() {
    let w = Workdir::new();
    let mut first = String::from("market,period,arrivals\n");
    for m in 1..=6 {
        first +=
            &format!("Germany,2024-{m:02},1000\nGermany,2025-{m:02},{}\n", if m == 6 { 1111 } else { 1100 });
    }
    w.write("first.csv", &first);
    w.write("revised.csv", "market,period,arrivals\nGermany,2025-06,1357\n");
    w.run(&["ingest", "arrivals", "first.csv", "--as-of", "2025-07-10"]).ok();
    w.run(&["ingest", "arrivals", "revised.csv", "--as-of", "2025-08-11"]).ok();
    let html = |name: &str, args: &[&str]| {
        let out = w.path(name);
        w.run(&[&["report", "-o", out.to_str().unwrap()][..], args].concat()).ok();
        std::fs::read_to_string(out).unwrap()
    };
    // January to June: 6,611 as first known, 6,857 since.
    let then = html("then.html", &["--arrivals-as-of", "2025-07-20"]);
    assert!(then.contains("6,611") && !then.contains("6,857"), "the July brief");
    assert!(then.contains("Arrivals of 2025 to date, as known on 2025-07-20"));
    let now = html("now.html", &[]);
    assert!(now.contains("6,857") && !now.contains("6,611"), "the latest brief");
    // Its claims without a date of their own are checked as known on that day too.
    w.write("c.csv", "market,measure,period,travel,as_of,value,change_pct,source,text\nGermany,arrivals,2025-H1,,,\"6,611\",,B,H1\n");
    let then = html("then_claims.html", &["--arrivals-as-of", "2025-07-20", "--claims", "c.csv"]);
    assert!(then.contains("1 of 1 claims reproduced"), "the July brief's claims");
    assert!(then.contains("checked as known on 2025-07-20"));
    let now = html("now_claims.html", &["--claims", "c.csv"]);
    assert!(now.contains("0 of 1 claims reproduced"), "the latest brief's claims");
    // Before anything was known of 2025: said, not a brief of nothing.
    let out = w.path("before.html");
    let before = w.run(&["report", "-o", out.to_str().unwrap(), "--arrivals-as-of", "2025-07-01"]).fails();
    assert!(before.stderr.contains("nothing of 2025 was known on 2025-07-01"), "{}", before.stderr);
    assert!(!out.exists());
    // Trial 59 M1: --as-of, the seats' day, in a store without seats changed nothing of the
    // brief, without a word: refused, naming --arrivals-as-of.
    let out = w.path("asof.html");
    let err = w.run(&["report", "-o", out.to_str().unwrap(), "--as-of", "2025-07-20"]).fails().stderr;
    assert!(
        err.contains("--as-of 2025-07-20 is the day of the seats on the books, and the store has none"),
        "{err}"
    );
    assert!(
        err.contains(
            "--arrivals-as-of 2025-07-20 writes it with the arrivals, targets and gaps as known on that day"
        ),
        "{err}"
    );
    assert!(!out.exists());
    // With --travel, or beside --arrivals-as-of, the advice is what can be done (review 33 L1).
    let travel = ["--as-of", "2025-07-20", "--travel", "2025-08-01..2025-12-31"];
    let err = w.run(&[&["report", "-o", out.to_str().unwrap()][..], &travel].concat()).fails().stderr;
    assert!(err.contains("asks for seats on the books, and the store has none (no booking flows or snapshots): leave them out"), "{err}");
    let both =
        ["report", "-o", out.to_str().unwrap(), "--as-of", "2025-07-20", "--arrivals-as-of", "2025-07-20"];
    let err = w.run(&both).fails().stderr;
    assert!(
        err.contains("the store has none: leave it out (--arrivals-as-of gives the day of the arrivals)"),
        "{err}"
    );
    assert!(!out.exists());
}

/// The brief's seats on the books are as of its --as-of, in the target table's bookings
/// projection too (trial 49 #1: it read the seats of the first day after the month counted,
/// booked after the brief's day, without a word).
#[test]
fn the_briefs_bookings_projection_reads_the_seats_of_its_own_day() {
    let w = Workdir::new();
    w.ingest_sample();
    let change = |as_of: &str| {
        let out = w
            .run(&[
                "otb",
                "--as-of",
                as_of,
                "--travel",
                "2025-07..2025-12",
                "--market",
                "Short-haul",
                "--depth",
                "0",
                "--format",
                "csv",
            ])
            .ok()
            .stdout;
        let row = out.lines().nth(1).unwrap().to_string();
        let pct: f64 = row.split(',').nth(4).unwrap().parse().unwrap();
        format!("{pct:+.1}%")
    };
    let (then, later) = (change("2025-06-14"), change("2025-07-01"));
    assert_ne!(then, later, "the test needs seats that moved between the two days");
    // Which seats the bookings change compares is said, with the otb that gives them (trial
    // 52 #1: read beside otb's 364 days back without a word).
    let out = w.run(&["shortfall", "--year", "2025", "--through", "2025-06"]).ok();
    let err = format!("{}{}", out.stdout, out.stderr);
    assert!(err.contains("bookings_change_pct: seats on the books for travel 2025-07-01..2025-12-31 as of 2025-07-01, against those of the same months of 2024 as of 2024-07-01, as many days ahead (`tourstat otb --as-of 2025-07-01 --travel 2025-07..2025-12` gives both)"), "{err}");
    let args = ["report", "--year", "2025", "--through", "2025-06", "--as-of", "2025-06-14"];
    w.run(&[&args[..], &["--travel", "2025-07..2025-12", "-o", "b.html"]].concat()).ok();
    let html = std::fs::read_to_string(w.path("b.html")).unwrap();
    let table = &html[html.find("The year end projected").unwrap()..];
    let row = &table[table.find("Short-haul").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains(&then), "the brief's bookings change is not that of 2025-06-14 ({then}): {row}");
    assert!(!row.contains(&later), "{row}");
    // By --method bookings, without --travel: the arrivals table projects as the tracking
    // table does, from the same day's seats (review 28 H5: it read those of 2025-07-01).
    w.run(&[&args[..], &["--method", "bookings", "-o", "m.html"]].concat()).ok();
    let html = std::fs::read_to_string(w.path("m.html")).unwrap();
    let cells = |from: &str| -> Vec<String> {
        let table = &html[html.find(from).unwrap()..];
        let at = table.find("Short-haul</td>").unwrap();
        let row = &table[table[..at].rfind("<tr").unwrap()..];
        let row = &row[..row.find("</tr>").unwrap()];
        row.split("<td")
            .skip(1)
            .map(|c| c[c.find('>').unwrap() + 1..c.find("</td>").unwrap()].to_string())
            .collect()
    };
    let tracked = cells("The year end projected");
    let projection = &tracked[1];
    assert!(projection.contains(','), "{tracked:?}");
    let arrivals = cells("Arrivals 2025-01..2025-06, against the same months");
    assert!(arrivals.contains(projection), "the arrivals table does not project {projection}: {arrivals:?}");
}

/// Trial 67 M4: the brief's trend chart, cut at the month its tables count through, said in
/// its footnote that its line ended at a later month, as the chart command's does.
#[test]
fn the_briefs_trend_chart_says_where_it_was_cut_not_where_the_figures_end() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\nX,Total\nY,Total\n");
    let mut text = String::from("market,period,arrivals\n");
    for m in 1..=12 {
        text += &format!("X,2025-{m:02},{}\nY,2025-{m:02},{}\n", 1000 + 50 * m, 800 + 40 * m);
    }
    for m in 1..=5 {
        text += &format!("X,2026-{m:02},{}\n", 1100 + 50 * m);
    }
    for m in [1, 3, 4] {
        text += &format!("Y,2026-{m:02},{}\n", 900 + 40 * m);
    }
    w.write("a.csv", text);
    w.run(&["ingest", "markets", "m.csv"]).ok();
    w.run(&["ingest", "arrivals", "a.csv", "--as-of", "2026-06-10"]).ok();
    let out = w.run(&["report", "--year", "2026", "-o", "b.html"]).ok();
    assert!(
        out.stderr.contains(
            "Total: drawn through 2026-01, the month the tables count through (its figures run to 2026-04)"
        ),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("the line ends at"), "{}", out.stderr);
}

/// Trial 70 M2: one small market without a target, its February not published, held the whole
/// brief back to January, its target tracking too, where `shortfall` counted the markets with a
/// target through March: a brief two months behind its data, with another year end than
/// `shortfall`'s. Its tracking (and target charts) now count as `shortfall` does, and its
/// arrivals table, of another month, has no target columns beside them.
#[test]
fn the_briefs_target_tracking_is_not_held_back_by_a_market_without_a_target() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\nA,Total\nB,Total\nC,Total\nD,Total\nR,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    let mut text = String::from("market,period,arrivals\n");
    for m in 1..=12 {
        for (x, v) in [("A", 1000), ("B", 800), ("C", 600), ("D", 500), ("R", 50)] {
            text += &format!("{x},2025-{m:02},{v}\n");
        }
    }
    for m in 1..=3 {
        for (x, v) in [("A", 1100), ("B", 800), ("C", 600), ("D", 500), ("R", 40)] {
            if !(x == "R" && m == 2) {
                text += &format!("{x},2026-{m:02},{v}\n");
            }
        }
    }
    w.write("a.csv", &text);
    w.run(&["ingest", "arrivals", "a.csv", "--as-of", "2026-04-20"]).ok();
    w.write("t.csv", "market,period,target\nA,2026,13000\n");
    w.run(&["ingest", "targets", "t.csv", "--as-of", "2026-01-10"]).ok();
    let shortfall = w.run(&["shortfall", "--year", "2026", "--format", "csv"]).ok().stdout;
    let row = shortfall.lines().find(|l| l.starts_with("A,")).unwrap();
    // 3,300 of 13,000 through March.
    assert!(row.starts_with("A,13000,3300,"), "{shortfall}");
    w.run(&["report", "--year", "2026", "-o", "b.html"]).ok();
    let html = std::fs::read_to_string(w.path("b.html")).unwrap();
    assert!(html.contains("Target tracking 2026 with arrivals through 2026-03"), "{html}");
    assert!(html.contains("3,300"), "{html}");
    assert!(html.contains("counted as `tourstat shortfall` counts them, to 2026-03 (its title says how), not held back to 2026-01 with the arrivals table"), "{html}");
    // Its chart counts the months its row does (review 48 M1: a chart of each market's own
    // latest month beside a table of the months they had in common).
    assert!(html.contains("alt=\"A: arrivals against the 2026 target\""), "{html}");
    // The arrivals table, through January, projects no year end of its own beside it.
    let arrivals = &html[html.find("Arrivals 2026-01").unwrap()..html.find("Target tracking 2026").unwrap()];
    assert!(arrivals.contains("1,100"), "{arrivals}");
    assert!(!arrivals.contains("chance_") && !arrivals.contains("achieved"), "{arrivals}");
}

/// Review 48 M1: where the markets with a target share an earlier month than one of them has
/// (B through February, A through March), the brief's tracking counted them through February
/// and its chart of A through March: two year ends of A in one brief. Its charts now count the
/// tracking's month.
#[test]
fn the_briefs_target_charts_count_the_months_of_its_tracking() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\nA,Total\nB,Total\nC,Total\nD,Total\nR,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    let mut text = String::from("market,period,arrivals\n");
    for m in 1..=12 {
        for (x, v) in [("A", 1000), ("B", 800), ("C", 600), ("D", 500), ("R", 50)] {
            text += &format!("{x},2025-{m:02},{v}\n");
        }
    }
    for m in 1..=3 {
        for (x, v) in [("A", 1100), ("B", 900), ("C", 600), ("D", 500), ("R", 40)] {
            if !((x == "R" && m == 2) || (x == "B" && m == 3)) {
                text += &format!("{x},2026-{m:02},{}\n", v + 10 * m);
            }
        }
    }
    w.write("a.csv", &text);
    w.run(&["ingest", "arrivals", "a.csv", "--as-of", "2026-04-20"]).ok();
    w.write("t.csv", "market,period,target\nA,2026,13000\nB,2026,10000\n");
    w.run(&["ingest", "targets", "t.csv", "--as-of", "2026-01-10"]).ok();
    w.run(&["report", "--year", "2026", "-o", "b.html"]).ok();
    let html = std::fs::read_to_string(w.path("b.html")).unwrap();
    assert!(html.contains("counted as `tourstat shortfall` counts them, to 2026-02"), "{html}");
    assert!(html.contains("2,230"), "{html}");
    assert!(html.contains("alt=\"A: arrivals against the 2026 target\""), "{html}");
    assert!(!html.contains("through its own latest month"), "{html}");
}

/// Review 91 M2: targets of a group and its members published by quarters, the monthly member
/// to August: `shortfall` tracks them through June, their latest quarters' end, and the brief
/// refused them all ("no market with a target for 2025 can be tracked") at its August.
#[test]
fn the_brief_tracks_targets_of_markets_published_by_quarters_as_shortfall_does() {
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nTotal,\nA,Total\nQ1,Total\nQ2,Total\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    let mut text = String::from("market,period,arrivals\n");
    for (year, months, quarters) in [(2024, 12, [4, 4]), (2025, 8, [3, 2])] {
        for m in 1..=months {
            text += &format!("A,{year}-{m:02},{}\n", 1000 + m);
        }
        for (market, last) in [("Q1", quarters[0]), ("Q2", quarters[1])] {
            for q in 1..=last {
                text += &format!("{market},{year}-Q{q},{}\n", 3000 + 100 * q);
            }
        }
    }
    w.write("a.csv", &text);
    w.run(&["ingest", "arrivals", "a.csv"]).ok();
    w.write("t.csv", "market,period,target\nTotal,2025,40000\nQ1,2025,15000\nQ2,2025,15000\n");
    w.run(&["ingest", "targets", "t.csv"]).ok();
    let shortfall = w.run(&["shortfall", "--year", "2025"]).ok().stdout;
    assert!(shortfall.contains("Target tracking 2025 with arrivals through 2025-06"), "{shortfall}");
    w.run(&["report", "--year", "2025", "-o", "b.html"]).ok();
    let html = std::fs::read_to_string(w.path("b.html")).unwrap();
    assert!(!html.contains("can be tracked"), "{html}");
    // Each through its latest quarter's end, June, as the brief's arrivals table counts them
    // beside A's August.
    let tracking = &html[html.find("Target tracking 2025").unwrap()..];
    assert!(tracking.contains("Total</td><td>2025-06"), "{tracking}");
    // Total: A's six months, Q1's and Q2's two quarters each.
    let total = (1..=6).map(|m| 1000 + m).sum::<i32>() + 2 * (3100 + 3200);
    assert_eq!(total, 18_621);
    assert!(tracking.contains("18,621"), "{tracking}");
}

/// Trial 80 L1: a route new since (no last year) and a feed stopped a week before the day
/// asked: the brief's curve was of all markets with no last year, where it draws the others'
/// like with like (as `pace --without` does) when the feed has not stopped.
#[test]
fn the_brief_draws_the_others_curve_where_a_new_route_and_a_stopped_feed_meet() {
    use chrono::{Days, NaiveDate};
    let w = Workdir::new();
    w.write("m.csv", "market,parent\nAll,\nA,All\nB,All\nC,All\n");
    w.run(&["ingest", "markets", "m.csv"]).ok();
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    let mut text = String::from("booked_on,travel_date,market,seats\n");
    let mut t = day("2024-10-01");
    while t <= day("2026-03-31") {
        for (m, seats, last, from) in [
            ("A", 20, "2025-12-05", "2024-06-01"),
            ("B", 5, "2025-12-05", "2025-06-01"),
            ("C", 10, "2025-11-28", "2024-06-01"),
        ] {
            for lead in [3u64, 20, 45, 70] {
                let booked = t - Days::new(lead);
                if booked <= day(last) && booked >= day(from) {
                    text += &format!("{booked},{t},{m},{seats}\n");
                }
            }
        }
        t = t + Days::new(1);
    }
    w.write("f.csv", &text);
    w.run(&["ingest", "bookings", "f.csv"]).ok();
    let out = w.path("b.html");
    let args = [
        "report",
        "--as-of",
        "2025-12-05",
        "--travel",
        "2026-01-01..2026-03-31",
        "-o",
        out.to_str().unwrap(),
    ];
    w.run(&args).ok();
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.contains("Of all markets but B, whose last year is not known"), "{html}");
    assert!(html.contains("(all markets without B)"), "the others' curve");
}
