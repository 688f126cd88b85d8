//! tourstat: tourism statistics by source market, kept as time series in an embedded store.
//!
//! The modules follow the data's path: [`ingest`] reads and validates CSV files, [`store`]
//! keeps them as Parquet and commits all or nothing, [`query`] answers the questions (one
//! function per question, typed requests, `Serialize` results with their notes) using the
//! polars analyses of [`analysis`], and [`output`] and [`chart`] present the answers. The
//! library prints nothing (long jobs report through [`progress::Progress`]) and knows nothing
//! of the command line: strings become [`period::Period`], [`period::Window`], [`kind::Kind`]
//! and market names at the boundary.
//!
//! Seats on the books for the second half of 2025 as published, from the sample data:
//!
//! ```
//! use tourstat::analysis::otb::OtbQuery;
//! use tourstat::ingest::{ingest, IngestOptions};
//! use tourstat::kind::Kind;
//! use tourstat::period::{LyRule, Window};
//! use tourstat::progress::Silent;
//! use tourstat::query::on_the_books::{on_the_books, Selection, Source};
//! use tourstat::store::Store;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! for (kind, file) in [(Kind::Markets, "data/markets.csv"), (Kind::Otb, "data/otb.csv")] {
//!     ingest(dir.path(), &[file.into()], &IngestOptions::new(kind), &Silent)?;
//! }
//! let store = Store::open(dir.path());
//! let tree = store.market_tree()?;
//! let question = OtbQuery {
//!     as_of: "2025-07-01".parse()?,
//!     window: Window::parse("2025-06-01..2025-12-31")?,
//!     ly: LyRule::Days364,
//! };
//! let short_haul = Selection { root: Some("Short-haul".into()), depth: None };
//! let books = on_the_books(&store, &tree, &question, Source::Snapshots, &short_haul)?;
//! assert_eq!(books.lines[0].market, "Short-haul");
//! assert_eq!(books.lines[0].seats, Some(849_034.0));
//! assert_eq!(books.lines[0].change_pct, Some(-22.0));
//! # Ok(())
//! # }
//! ```

pub mod analysis;
pub mod chart;
pub mod columns;
pub mod engine;
pub mod error;
pub mod export;
pub mod forecast;
pub mod html;
pub mod ingest;
pub mod kind;
pub mod market;
pub mod output;
pub mod period;
pub mod progress;
pub mod query;
pub mod store;

pub use error::{Error, Result};
