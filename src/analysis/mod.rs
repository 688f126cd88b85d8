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

/// Change against a comparison figure, percent: `now / before - 1`. `None` when the comparison
/// is not above 0 (a change against nothing is not a number). The one YoY formula.
pub fn change_pct(now: f64, before: f64) -> Option<f64> {
    (before > 0.0).then(|| (now / before - 1.0) * 100.0)
}
