//! tourstat: tourism statistics by source market, kept as time series in an embedded store.
//!
//! The modules follow the data's path: [`ingest`] reads and validates CSV files, [`store`]
//! keeps them as Parquet and commits all or nothing, [`analysis`] answers questions with
//! polars lazy queries (no I/O), [`output`] and [`chart`] present the answers. The library
//! knows nothing of the command line; strings become [`period::Period`], [`period::Window`],
//! [`kind::Kind`] and market names at the boundary.

pub mod analysis;
pub mod chart;
pub mod columns;
pub mod error;
pub mod export;
pub mod ingest;
pub mod kind;
pub mod market;
pub mod output;
pub mod period;
pub mod progress;
pub mod query;
pub mod store;

pub use error::{Error, Result};
