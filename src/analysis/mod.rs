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

/// A member's share of its group's change against last year, percent: a market down 0.9m in a
/// group down 1.5m explains 60% of the decline. `None` when the group did not change.
pub fn contribution_pct(member_change: f64, group_change: f64) -> Option<f64> {
    // + 0.0: a member unchanged in a group that fell is 0, never -0.
    (group_change != 0.0).then(|| member_change / group_change * 100.0 + 0.0)
}
