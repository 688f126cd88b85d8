//! Analyses: pure functions over polars `LazyFrame`s, no I/O.
//!
//! Each takes the store's frames (as [`crate::store::Store::scan`] gives them) and typed
//! arguments ([`crate::period::Window`], dates, market names) and returns frames or plain
//! result structs that the output and chart modules present. Definitions follow DESIGN.md
//! ("Analyses"); every window is inclusive.

pub mod arrivals;
pub mod coverage;
pub mod otb;
pub mod rollup;
pub mod targets;
pub mod vintage;
