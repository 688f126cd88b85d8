//! The week of 9 July 2025 (shared/scenarios/thailand-2025.md), reproduced from the sample
//! data in `data/` through the real binary: one test per statement.

mod common;

use std::sync::OnceLock;

use common::Workdir;

/// One store with the sample data, shared by the tests (ingest is the slow part).
fn sample() -> &'static Workdir {
    static SAMPLE: OnceLock<Workdir> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let w = Workdir::new();
        w.ingest_sample();
        w
    })
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect()
}

fn header(text: &str) -> Vec<String> {
    csv::Reader::from_reader(text.as_bytes()).headers().unwrap().iter().map(str::to_string).collect()
}

/// The row of a market in a CSV result, as a map from column to value.
fn row(text: &str, market: &str) -> std::collections::HashMap<String, String> {
    let h = header(text);
    let r = csv_rows(text)
        .into_iter()
        .find(|r| r[0] == market)
        .unwrap_or_else(|| panic!("no row {market} in\n{text}"));
    h.into_iter().zip(r).collect()
}

fn number(v: &str) -> f64 {
    v.parse().unwrap_or_else(|_| panic!("not a number: {v:?}"))
}

const SHORT: [&str; 6] = ["otb", "--as-of", "2025-07-01", "--travel", "2025-06-01..2025-12-31", "--format"];

#[test]
fn published_short_haul_seats_on_the_books_are_held_as_published() {
    let mut args = SHORT.to_vec();
    args.extend(["csv", "--from", "snapshots"]);
    let out = sample().run(&args).ok().stdout;
    for (market, seats, change) in [
        ("Short-haul", "849034", "-22"),
        ("Southeast Asia, South Asia and Oceania", "303325", "-16"),
        ("East Asia", "528480", "-25"),
        ("China", "109676", "-40"),
    ] {
        let r = row(&out, market);
        assert_eq!((r["seats"].as_str(), r["change_pct"].as_str()), (seats, change), "{market}");
    }
}

#[test]
fn last_years_seats_implied_by_a_published_change_are_derived_and_marked() {
    let mut args = SHORT.to_vec();
    args.extend(["csv", "--from", "snapshots"]);
    let out = sample().run(&args).ok();
    let r = row(&out.stdout, "Short-haul");
    assert_eq!(number(&r["seats_ly"]).round(), 1_088_505.0);
    assert_eq!(r["basis"], "published; ly derived");
    assert_eq!(number(&row(&out.stdout, "East Asia")["seats_ly"]).round(), 704_640.0);
    assert!(
        out.stderr.contains("derived: last year's seats implied by the published change"),
        "{}",
        out.stderr
    );
    let table = sample()
        .run(&["otb", "--as-of", "2025-07-01", "--travel", "2025-06-01..2025-12-31", "--from", "snapshots"])
        .ok();
    assert!(table.stdout.contains("1,088,505*"), "{}", table.stdout);
    assert!(table.stdout.contains("849,034") && table.stdout.contains("-22.0%"), "{}", table.stdout);
}

#[test]
fn the_two_sub_regions_fall_17229_short_of_the_short_haul_figure() {
    let out = sample()
        .run(&["otb", "--as-of", "2025-07-01", "--travel", "2025-06-01..2025-12-31", "--from", "snapshots"])
        .ok();
    assert!(
        out.stdout.contains("Short-haul: its members (East Asia, Southeast Asia, South Asia and Oceania) add up to 831,805, 17,229 short of its own figure: unallocated"),
        "{}",
        out.stdout
    );
}

#[test]
fn booking_flows_add_up_to_the_published_short_haul_figures() {
    let mut args = SHORT.to_vec();
    args.extend(["csv", "--from", "flows"]);
    let out = sample().run(&args).ok();
    assert_eq!(header(&out.stdout)[..4], ["market", "seats", "seats_ly", "change"]);
    for (market, seats, seats_ly, pct) in [
        ("Short-haul", 849_034, 1_088_505, "-22.0"),
        ("Southeast Asia, South Asia and Oceania", 303_325, 361_101, "-16.0"),
        ("East Asia", 528_480, 704_640, "-25.0"),
        ("China", 109_676, 182_793, "-40.0"),
    ] {
        let r = row(&out.stdout, market);
        assert_eq!(number(&r["seats"]) as i64, seats, "{market}");
        assert_eq!(number(&r["seats_ly"]) as i64, seats_ly, "{market}");
        assert_eq!(format!("{:.1}", number(&r["change_pct"])), pct, "{market}");
    }
    assert!(
        out.stderr.contains("Short-haul: 17,229 seats were booked to Short-haul itself"),
        "{}",
        out.stderr
    );
}

#[test]
fn long_haul_q3_is_up_5_4_percent_and_the_middle_east_down_9() {
    let q3 = ["otb", "--as-of", "2025-07-01", "--travel", "2025-07-01..2025-09-30", "--format", "csv"];
    let mut flows = q3.to_vec();
    flows.extend(["--market", "Long-haul", "--depth", "1", "--from", "flows"]);
    let out = sample().run(&flows).ok().stdout;
    let lh = row(&out, "Long-haul");
    assert_eq!((lh["seats"].as_str(), lh["seats_ly"].as_str()), ("713491", "677211"));
    assert_eq!(format!("{:.1}", number(&lh["change_pct"])), "5.4");
    let me = row(&out, "Middle East");
    assert_eq!((me["seats"].as_str(), me["seats_ly"].as_str()), ("97246", "106864"));
    assert_eq!(format!("{:.0}", number(&me["change_pct"])), "-9");
    let mut snaps = q3.to_vec();
    snaps.extend(["--from", "snapshots"]);
    let out = sample().run(&snaps).ok().stdout;
    assert_eq!(number(&row(&out, "Middle East")["seats_ly"]).round(), 106_864.0);
    assert_eq!(row(&out, "Long-haul")["seats_ly"], "677211");
}

#[test]
fn first_half_arrivals_are_16_6m_11_1m_and_5_5m() {
    let out = sample()
        .run(&["summary", "--year", "2025", "--through", "2025-06", "--depth", "1", "--round", "m"])
        .ok()
        .stdout;
    let line = |m: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(m))
            .unwrap_or_else(|| panic!("{m}: {out}"))
            .to_string()
    };
    assert!(line("Total").contains("16.6m"), "{out}");
    assert!(line("Short-haul").contains("11.1m"), "{out}");
    assert!(line("Long-haul").contains("5.5m"), "{out}");
    let csv =
        sample().run(&["summary", "--year", "2025", "--through", "2025-06", "--format", "csv"]).ok().stdout;
    assert_eq!(row(&csv, "Total")["arrivals"], "16600909");
}

#[test]
fn short_haul_has_39_percent_of_28_2m_and_needs_2_85m_a_month() {
    let out = sample().run(&["shortfall", "--year", "2025", "--through", "2025-06", "--format", "csv"]).ok();
    let r = row(&out.stdout, "Short-haul");
    assert_eq!(r["target"], "28200000");
    assert_eq!(r["ytd"], "11104521");
    assert_eq!(format!("{:.0}", number(&r["pct_achieved"])), "39");
    assert_eq!(format!("{:.1}", (number(&r["target"]) - number(&r["ytd"])) / 1e6), "17.1");
    assert_eq!(format!("{:.2}", number(&r["required_per_month"]) / 1e6), "2.85");
    assert_eq!(format!("{:.2}", number(&r["pace_so_far"]) / 1e6), "1.85");
    assert_eq!(r["status"], "far behind");
    assert!(!r["bookings_projection"].is_empty(), "forward bookings cover July-December");
    let table =
        sample().run(&["shortfall", "--year", "2025", "--through", "2025-06", "--round", "m"]).ok().stdout;
    assert!(table.contains("Short-haul: 11.1m of 28.2m achieved (39%); 17.1m still needed in the remaining 6 months, 2.85m a month against 1.85m a month so far"), "{table}");
}

#[test]
fn long_haul_is_on_track_for_10_7m_with_5_2m_needed() {
    let out = sample()
        .run(&[
            "shortfall",
            "--year",
            "2025",
            "--through",
            "2025-06",
            "--format",
            "csv",
            "--market",
            "long-haul",
        ])
        .ok()
        .stdout;
    let r = row(&out, "Long-haul");
    assert_eq!(r["status"], "on track");
    assert_eq!(format!("{:.1}", (number(&r["target"]) - number(&r["ytd"])) / 1e6), "5.2");
    assert_eq!(csv_rows(&out).len(), 1, "--market keeps one market");
}

#[test]
fn target_tracking_follows_the_definitions_of_the_design() {
    let csv =
        sample().run(&["shortfall", "--year", "2025", "--through", "2025-06", "--format", "csv"]).ok().stdout;
    let summary =
        sample().run(&["summary", "--year", "2024", "--through", "2024-12", "--format", "csv"]).ok().stdout;
    let h1_2024 =
        sample().run(&["summary", "--year", "2024", "--through", "2024-06", "--format", "csv"]).ok().stdout;
    let r = row(&csv, "Short-haul");
    let ly_full = number(&row(&summary, "Short-haul")["arrivals"]);
    let ly_ytd = number(&row(&h1_2024, "Short-haul")["arrivals"]);
    let (t, ytd) = (number(&r["target"]), number(&r["ytd"]));
    let close = |a: f64, b: f64| (a - b).abs() < 1.0;
    assert!(close(number(&r["target_to_date"]), t * ly_ytd / ly_full), "{r:?}");
    assert!(close(number(&r["shortfall_to_date"]), t * ly_ytd / ly_full - ytd));
    let projection = ytd + (ly_full - ly_ytd) * ytd / ly_ytd;
    assert!(close(number(&r["projection"]), projection));
    assert!(close(number(&r["projected_gap"]), t - projection));
    assert!(
        (number(&r["required_growth_pct"]) - ((t - ytd) / (ly_full - ly_ytd) - 1.0) * 100.0).abs() < 1e-6
    );
}

#[test]
fn the_booking_curve_ends_at_the_seats_on_the_books_when_travel_starts() {
    let out = sample()
        .run(&[
            "pace",
            "--travel",
            "2025-06-01..2025-12-31",
            "--market",
            "Short-haul",
            "--format",
            "csv",
            "--lead",
            "28",
            "--step",
            "7",
        ])
        .ok()
        .stdout;
    let rows = csv_rows(&out);
    assert_eq!(rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(), ["28", "21", "14", "7", "0"]);
    let seats: Vec<i64> = rows.iter().map(|r| r[2].parse().unwrap()).collect();
    assert!(seats.windows(2).all(|w| w[0] <= w[1]), "seats on the books only grow: {seats:?}");
    let otb = sample()
        .run(&[
            "otb",
            "--as-of",
            "2025-06-01",
            "--travel",
            "2025-06-01..2025-12-31",
            "--format",
            "csv",
            "--from",
            "flows",
        ])
        .ok()
        .stdout;
    assert_eq!(number(&row(&otb, "Short-haul")["seats"]) as i64, seats[4]);
    let pickup: i64 = rows[4][5].parse().unwrap();
    assert_eq!(pickup, seats[4] - seats[3]);
    // --round rounds seats, never the days before travel (28 is no "<1k").
    let table = sample()
        .run(&[
            "pace",
            "--travel",
            "2025-06-01..2025-12-31",
            "--market",
            "Short-haul",
            "--lead",
            "28",
            "--round",
            "k",
        ])
        .ok()
        .stdout;
    let leads: Vec<&str> =
        table.lines().skip(2).filter_map(|l| l.split_whitespace().next()).take(5).collect();
    assert_eq!(leads, ["28", "21", "14", "7", "0"], "{table}");
    assert!(table.contains(&format!("{}k", (seats[4] as f64 / 1e3).round())), "{table}");
}

#[test]
fn gaps_are_found_and_flagged_where_the_series_is_used() {
    let w = Workdir::new();
    let m = w.write("m.csv", "market,parent\nTotal,\nChina,Total\nJapan,Total\n");
    w.run(&["ingest", "markets", m.to_str().unwrap()]).ok();
    let a = w.write("a.csv", "market,period,arrivals\nChina,2025-01,10\nChina,2025-03,30\nJapan,2025-01,5\nJapan,2025-02,6\nJapan,2025-03,7\n");
    w.run(&["ingest", "arrivals", a.to_str().unwrap()]).ok();
    let gaps = w.run(&["gaps", "--format", "csv"]).ok().stdout;
    assert_eq!(gaps, "market,first,last,missing_months,missing\nChina,2025-01,2025-03,1,2025-02\n");
    // Like with like: the months every market has from January on, and the gap named.
    let summary = w.run(&["summary"]).ok().stdout;
    assert!(summary.starts_with("Arrivals 2025-01,"), "{summary}");
    assert!(summary.contains("China: no figure for 2025-02, though it has later months"), "{summary}");
}

#[test]
fn every_command_answers_as_of_a_date_with_what_was_known_then() {
    let w = Workdir::new();
    let m = w.write("m.csv", "market,parent\nTotal,\nChina,Total\n");
    w.run(&["ingest", "markets", m.to_str().unwrap()]).ok();
    let a = w.write("a.csv", "market,period,arrivals\nChina,2024-01,100\nChina,2025-01,110\n");
    w.run(&["ingest", "arrivals", a.to_str().unwrap(), "--as-of", "2025-02-05"]).ok();
    let b = w.write("b.csv", "market,period,arrivals\nChina,2025-01,150\n");
    w.run(&["ingest", "arrivals", b.to_str().unwrap(), "--as-of", "2025-03-05"]).ok();
    let then = w.run(&["summary", "--year", "2025", "--format", "csv", "--as-of", "2025-02-28"]).ok().stdout;
    assert_eq!(row(&then, "China")["arrivals"], "110");
    let now = w.run(&["summary", "--year", "2025", "--format", "csv"]).ok().stdout;
    assert_eq!(row(&now, "China")["arrivals"], "150");
    assert_eq!(format!("{:.1}", number(&row(&now, "China")["yoy_pct"])), "50.0");
}

/// Regression: `summary` without --year looked for the latest year among 1900 and 2200 only,
/// and so always answered for 2025.
#[test]
fn summary_without_a_year_takes_the_latest_year_in_the_store() {
    let w = Workdir::new();
    let a = w.write(
        "a.csv",
        "market,period,arrivals\nChina,2016-01,5\nChina,2016-02,7\nChina,2016-03,30\nChina,2017-01,10\nChina,2017-02,20\n",
    );
    w.run(&["ingest", "arrivals", a.to_str().unwrap()]).ok();
    let out = w.run(&["summary", "--format", "csv"]).ok();
    assert_eq!(row(&out.stdout, "China")["arrivals"], "30");
    let chart = w.run(&["chart", "yoy"]).ok();
    assert!(chart.stdout.contains("2017-02"), "{}", chart.stdout);
}
