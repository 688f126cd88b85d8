//! The questions asked of the library directly, without the binary: the scenario's figures
//! from the query functions, and the target chart's lines against the tracking `shortfall`
//! prints.

use std::sync::OnceLock;

use tourstat::analysis::arrivals::Years;
use tourstat::analysis::otb::OtbQuery;
use tourstat::ingest::{ingest, IngestOptions};
use tourstat::kind::Kind;
use tourstat::period::{LyRule, Window};
use tourstat::progress::Silent;
use tourstat::query::on_the_books::{on_the_books, seats_by_month, Basis, Selection, Source};
use tourstat::query::series::{series_footnote, target_series};
use tourstat::query::year_to_date::{load_monthly, track_targets, TrackingRequest};
use tourstat::store::Store;

/// A store with the sample data, ingested through the library.
fn sample() -> &'static Store {
    static STORE: OnceLock<(tempfile::TempDir, Store)> = OnceLock::new();
    &STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
            for kind in Kind::ALL {
                let file = data.join(format!("{kind}.csv"));
                ingest(dir.path(), &[file], &IngestOptions::new(kind), &Silent).unwrap();
            }
            let store = Store::open(dir.path());
            (dir, store)
        })
        .1
}

/// A store in `dir` of the files given as (kind, text), each ingested through the library.
fn store_of(dir: &tempfile::TempDir, files: &[(&str, impl AsRef<str>)]) -> Store {
    for (kind, text) in files {
        let file = dir.path().join(format!("{kind}.csv"));
        std::fs::write(&file, text.as_ref()).unwrap();
        let kind: Kind = kind.parse().unwrap();
        ingest(&dir.path().join("store"), &[file], &IngestOptions::new(kind), &Silent).unwrap();
    }
    Store::open(dir.path().join("store"))
}

fn second_half() -> OtbQuery {
    OtbQuery {
        as_of: "2025-07-01".parse().unwrap(),
        window: Window::parse("2025-06-01..2025-12-31").unwrap(),
        ly: LyRule::Days364,
    }
}

#[test]
fn seats_on_the_books_as_published_with_last_year_derived_and_the_unallocated_part() {
    let store = sample();
    let tree = store.market_tree().unwrap();
    let sel = Selection { root: Some("Short-haul".into()), depth: None };
    let books = on_the_books(store, &tree, &second_half(), Source::Snapshots, &sel).unwrap();
    assert_eq!(books.basis, Basis::Published);
    let short = &books.lines[0];
    assert_eq!((short.market.as_str(), short.seats), ("Short-haul", Some(849_034.0)));
    assert!(short.seats_ly_derived);
    assert_eq!(short.seats_ly.map(f64::round), Some(1_088_505.0));
    assert_eq!(short.unallocated.round(), 17_229.0);
}

#[test]
fn seats_on_the_books_from_the_flows_count_last_year_and_the_group_own_flows() {
    let store = sample();
    let tree = store.market_tree().unwrap();
    let sel = Selection { root: Some("Short-haul".into()), depth: Some(2) };
    let books = on_the_books(store, &tree, &second_half(), Source::Flows, &sel).unwrap();
    assert_eq!(books.basis, Basis::Flows);
    let short = &books.lines[0];
    assert_eq!(short.seats, Some(849_034.0));
    assert_eq!(short.seats_ly, Some(1_088_505.0));
    assert!(!short.seats_ly_derived);
    assert_eq!(short.unallocated, 17_229.0);
    assert_eq!(
        books.notes,
        ["Short-haul: 17,229 seats were booked to Short-haul itself and are not allocated to any of its members"],
        "and nothing about last year: the sample's flows cover it"
    );
}

#[test]
fn short_haul_has_11_1m_of_its_28_2m_target_39_percent() {
    let store = sample();
    let tree = store.market_tree().unwrap();
    let arrivals = load_monthly(store, &tree, &Years::Of(vec![2024, 2025]), None).unwrap();
    let req = TrackingRequest {
        year: 2025,
        through: None,
        market: Some("Short-haul".into()),
        as_of: None,
        books_as_of: None,
        ly: LyRule::Days364,
        with_bookings: false,
        method: tourstat::forecast::Method::RunRate,
        history_from: None,
    };
    let result = track_targets(store, &tree, &arrivals, &req).unwrap();
    assert_eq!(result.through.month, 6);
    let t = &result.rows[0].tracking;
    assert_eq!(
        format!("{:.1}m of {:.1}m, {:.0}%", t.ytd / 1e6, t.target / 1e6, t.pct_achieved),
        "11.1m of 28.2m, 39%"
    );
}

#[test]
fn the_target_chart_draws_the_numbers_shortfall_prints_for_every_market() {
    let store = sample();
    let tree = store.market_tree().unwrap();
    let arrivals = load_monthly(store, &tree, &Years::Of(vec![2024, 2025]), None).unwrap();
    for through in [None, Some(3), Some(6)] {
        let req = TrackingRequest {
            year: 2025,
            through,
            market: None,
            as_of: None,
            books_as_of: None,
            ly: LyRule::Days364,
            with_bookings: false,
            method: tourstat::forecast::Method::RunRate,
            history_from: None,
        };
        let result = track_targets(store, &tree, &arrivals, &req).unwrap();
        assert_eq!(result.rows.len(), 2);
        for row in &result.rows {
            let lines = target_series(&arrivals, row, 2025).unwrap();
            let t = &row.tracking;
            let k = row.through as usize;
            assert_eq!(lines.actual.len(), k);
            assert_eq!(lines.actual[k - 1].1, t.ytd, "{}", row.market);
            assert_eq!(lines.path[k - 1].1, t.target_to_date, "{} through {k}", row.market);
            assert_eq!(lines.path[11].1, t.target, "{}", row.market);
            assert_eq!(lines.projection.first().map(|p| p.1), Some(t.ytd), "{}", row.market);
            assert_eq!(lines.projection.last().map(|p| p.1), Some(t.projection), "{}", row.market);
        }
    }
}

#[test]
fn a_charts_footnote_names_the_sources_of_its_own_markets_only() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("markets", "market,parent\nAsia,\nChina,Asia\nJapan,Asia\nEurope,\n"),
        (
            "arrivals",
            "market,period,arrivals,as_of,source\nChina,2025-01,10,2025-02-10,Immigration\n\
             Japan,2025-01,20,2025-02-12,Airports\nEurope,2025-01,30,2025-03-01,Board\n",
        ),
    ];
    let store = store_of(&dir, &files);
    let tree = store.market_tree().unwrap();
    let note = |markets: &[&str]| {
        let markets: Vec<String> = markets.iter().map(|m| m.to_string()).collect();
        series_footnote(&store, &tree, None, &markets).unwrap()
    };
    // A group's figures are its members': their sources, their latest vintage.
    assert_eq!(
        note(&["Asia"]),
        "Source: Airports, Immigration; figures as published up to 2025-02-12. Chart: tourstat"
    );
    assert_eq!(
        note(&["China"]),
        "Source: Immigration; figures as published up to 2025-02-10. Chart: tourstat"
    );
    assert_eq!(
        note(&["Europe", "China"]),
        "Source: Board, Immigration; figures as published up to 2025-03-01. Chart: tourstat"
    );
}

/// A target chart's footnote names the files of its year's targets: with 2024's targets in a
/// file of their own, the 2025 chart named both.
#[test]
fn a_years_sources_are_of_that_years_figures() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let store_dir = dir.path().join("store");
    let markets = write("m.csv", "market,parent\nA,\n");
    ingest(&store_dir, &[markets], &IngestOptions::new(Kind::Markets), &Silent).unwrap();
    for (file, text) in
        [("t24.csv", "market,period,target\nA,2024,100\n"), ("t25.csv", "market,period,target\nA,2025,120\n")]
    {
        let f = write(file, text);
        let mut opts = IngestOptions::new(Kind::Targets);
        opts.as_of = Some(chrono::NaiveDate::from_ymd_opt(2025, 1, 15).unwrap());
        ingest(&store_dir, &[f], &opts, &Silent).unwrap();
    }
    let store = Store::open(&store_dir);
    let of = |years| {
        tourstat::query::series::Sources::of_years(
            &store,
            Kind::Targets,
            None,
            Some(&["A".to_string()]),
            years,
        )
        .unwrap()
        .part("targets")
    };
    assert_eq!(of(Some((2025, 2025))), "t25.csv (targets as published up to 2025-01-15)");
    assert_eq!(of(None), "t24.csv, t25.csv (targets as published up to 2025-01-15)");
}

/// Seats by travel month as the seat chart draws them: each month `otb`'s answer, so a month
/// still being booked is set against last year booked as many days ahead, never against last
/// year's final seats (a trial's chart read -69% for December where `otb` read -7.8%), and a
/// market whose feed stopped is missing from then on, never low.
#[test]
fn seats_by_month_compare_like_with_like_and_leave_a_stopped_feed_out() {
    let dir = tempfile::tempdir().unwrap();
    // Every day of travel in 2024 and 2025: seats booked 200, 100 and 10 days ahead. A's
    // earliest bookings grew from 4 to 5 seats a day; B's feed stops after 2025-06-01.
    let mut flows = String::from("booked_on,travel_date,market,seats\n");
    let mut day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let last = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 7, 15).unwrap();
    let stop = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    while day <= last {
        for (market, lead, seats) in
            [("A", 200, 4), ("A", 100, 2), ("A", 10, 1), ("B", 200, 3), ("B", 100, 3), ("B", 10, 3)]
        {
            let booked = day - chrono::Days::new(lead);
            let seats = if market == "A" && lead == 200 && day.format("%Y").to_string() == "2025" {
                5
            } else {
                seats
            };
            if booked <= as_of && (market != "B" || booked <= stop) {
                flows.push_str(&format!("{booked},{day},{market},{seats}\n"));
            }
        }
        day = day.succ_opt().unwrap();
    }
    let files = [("markets", "market,parent\nT,\nA,T\nB,T\n".to_string()), ("bookings", flows)];
    let store = store_of(&dir, &files);
    let tree = store.market_tree().unwrap();
    let months: Vec<(i32, u32)> = (1..=12).map(|m| (2025, m)).collect();
    let seats = seats_by_month(&store, &tree, &months, None, None).unwrap();
    assert_eq!(seats.as_of, as_of, "the snapshot is the store's last booking");
    // December 2025: only the bookings 200 days ahead are made by 15 July (31 days of 5),
    // against December 2024's booked as many days ahead (31 of 4), not its final 31 of 7.
    let dec = seats.get("A", 2025, 12);
    assert_eq!((dec.seats, dec.seats_ly), (Some(155.0), Some(124.0)));
    // March is travelled: all its bookings, both years.
    let mar = seats.get("A", 2025, 3);
    assert_eq!((mar.seats, mar.seats_ly), (Some(31.0 * 8.0), Some(31.0 * 7.0)));
    // Each month is otb's own answer.
    for &(y, m) in &months {
        let q =
            OtbQuery { as_of, window: Window::parse(&format!("{y}-{m:02}")).unwrap(), ly: LyRule::Days364 };
        let books = on_the_books(&store, &tree, &q, Source::Flows, &Selection::default()).unwrap();
        for l in &books.lines {
            let s = seats.get(&l.market, y, m);
            assert_eq!((s.seats, s.seats_ly), (l.seats, l.seats_ly), "{} {y}-{m:02}", l.market);
        }
    }
    // B's feed stopped on 1 June: the months last year went on being booked after it (10,
    // 100 or 200 days ahead) miss B and the group, not B's seats booked up to then. August
    // was booked neither year between June and the snapshot: complete, and drawn.
    assert!(seats.get("B", 2025, 5).seats.is_some());
    for m in [6, 7, 9, 10, 12] {
        assert_eq!(seats.get("B", 2025, m).seats, None, "B 2025-{m:02}");
        assert_eq!(seats.get("T", 2025, m).seats, None, "T 2025-{m:02}");
    }
    let aug = seats.get("B", 2025, 8);
    assert_eq!((aug.seats, aug.seats_ly), (Some(186.0), Some(186.0)));
    // A snapshot after the store's last booking: the months still ahead of it have no answer.
    let later = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let seats = seats_by_month(&store, &tree, &months, Some(later), None).unwrap();
    let unanswered: Vec<u32> = seats.unanswered.iter().map(|(_, m, _)| *m).collect();
    assert!(unanswered.contains(&12) && !unanswered.contains(&3), "{:?}", seats.unanswered);
    assert_eq!(seats.get("A", 2025, 12).seats, None);
}
