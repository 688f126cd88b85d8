//! A program that uses tourstat as a library, not through its command line: it loads the
//! sample data into a store of its own and prints each market's arrivals year to date against
//! last year, like with like, with the notes a reader must see.
//!
//!     cargo run --example year_to_date

use tourstat::analysis::arrivals::Years;
use tourstat::analysis::rollup::shown_markets;
use tourstat::ingest::{ingest, IngestOptions};
use tourstat::kind::Kind;
use tourstat::progress::Silent;
use tourstat::query::store_info::other_periods;
use tourstat::query::year_to_date::{common_through, load_monthly, year_to_date};
use tourstat::store::Store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("tourstat-example-{}", std::process::id()));
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for kind in [Kind::Markets, Kind::Arrivals] {
        ingest(&dir, &[data.join(format!("{kind}.csv"))], &IngestOptions::new(kind), &Silent)?;
    }
    let store = Store::open(&dir);
    let tree = store.market_tree()?;
    let arrivals = load_monthly(&store, &tree, &Years::Of(vec![2019, 2024, 2025]), None)?;
    let shown = shown_markets(&tree, None, Some(1), &arrivals.markets());
    let names: Vec<String> = shown.iter().map(|(_, m)| m.clone()).collect();
    let through = common_through(&arrivals, &names, 2025, None)?;
    println!("Arrivals January to month {} of 2025 against 2024:", through.month);
    // Figures of quarters and years: a group with a member published so is counted by them
    // through a quarter's last month.
    let periods = other_periods(&store, None)?;
    let ytd = year_to_date(&arrivals, &periods, &shown, through, Some(2019));
    for line in &ytd.lines {
        let yoy = line.yoy_pct.map_or("n/a".to_string(), |p| format!("{p:+.1}%"));
        println!(
            "{}{:<12} {:>12.0} {yoy:>8}",
            "  ".repeat(line.depth),
            line.market,
            line.arrivals.unwrap_or(f64::NAN)
        );
    }
    for note in &ytd.notes {
        println!("note: {note}");
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
