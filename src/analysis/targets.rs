//! Target tracking: how far a year is from its target, and what year-end the pace gives.
//!
//! For year Y, target T and data through month k (DESIGN.md, "Analyses"):
//! YTD = months 1..k; % achieved = YTD / T; target to date = T x LY(1..k) / LY(1..12);
//! shortfall to date = target to date - YTD; projection = YTD + LY(k+1..12) x YTD / LY(1..k);
//! projected gap = T - projection; required pace = (T - YTD) / (12 - k) a month, or as growth
//! over LY for the rest of the year: (T - YTD) / LY(k+1..12) - 1. Where forward bookings
//! cover the rest of the year, a second projection scales LY(k+1..12) by their YoY change.

use serde::Serialize;

/// Projection at or above this share of the target is "on track".
pub const ON_TRACK_SHARE: f64 = 0.98;
/// Projection at or above this share (and below on track) is "behind"; below it, "far behind".
pub const BEHIND_SHARE: f64 = 0.90;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    #[serde(rename = "on track")]
    OnTrack,
    #[serde(rename = "behind")]
    Behind,
    #[serde(rename = "far behind")]
    FarBehind,
}

impl Status {
    /// The rule the help text states.
    pub fn of(projection: f64, target: f64) -> Status {
        if projection >= ON_TRACK_SHARE * target {
            Status::OnTrack
        } else if projection >= BEHIND_SHARE * target {
            Status::Behind
        } else {
            Status::FarBehind
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::OnTrack => "on track",
            Status::Behind => "behind",
            Status::FarBehind => "far behind",
        }
    }
}

/// What tracking needs of one market.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackingInput {
    pub target: f64,
    /// Data through this month (1..=12).
    pub through: u32,
    pub ytd: f64,
    /// Last year, months 1..k.
    pub ly_ytd: f64,
    /// Last year, months k+1..12.
    pub ly_rest: f64,
    /// YoY change of seats on the books for months k+1..12, as a ratio (-0.22), if known.
    pub bookings_change: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tracking {
    pub target: f64,
    pub through: u32,
    pub ytd: f64,
    pub ly_ytd: f64,
    pub ly_full: f64,
    pub pct_achieved: f64,
    pub target_to_date: f64,
    pub shortfall_to_date: f64,
    pub projection: f64,
    pub projected_gap: f64,
    /// Monthly average so far this year.
    pub pace_so_far: f64,
    /// Needed per remaining month; `None` when the year is complete.
    pub required_per_month: Option<f64>,
    /// Needed growth over LY in the remaining months, percent.
    pub required_growth_pct: Option<f64>,
    pub bookings_change_pct: Option<f64>,
    pub bookings_projection: Option<f64>,
    pub status: Status,
}

impl Tracking {
    /// The year so far has already reached the target.
    pub fn reached(&self) -> bool {
        self.ytd >= self.target
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b != 0.0 {
        a / b
    } else {
        f64::NAN
    }
}

/// The target spread by last year's profile: for each month m, T x LY(1..m) / LY(1..12), from
/// last year's cumulative months (`ly_cumulative[m - 1]` = LY(1..m)). At month k this is the
/// target to date.
pub fn target_path(target: f64, ly_cumulative: &[f64]) -> Vec<f64> {
    let ly_full = ly_cumulative.last().copied().unwrap_or(0.0);
    ly_cumulative.iter().map(|c| target * ratio(*c, ly_full)).collect()
}

/// The projection from month k (k >= 1) to December: YTD + (LY(1..m) - LY(1..k)) x YTD / LY(1..k)
/// for m = k..12, last year's months grown at the year-to-date rate. At December this is the
/// projection.
pub fn projection_path(ytd: f64, ly_ytd: f64, ly_cumulative: &[f64], k: u32) -> Vec<f64> {
    let growth = ratio(ytd, ly_ytd);
    let at_k = ly_cumulative.get(k.max(1) as usize - 1).copied().unwrap_or(0.0);
    ly_cumulative.iter().skip(k.max(1) as usize - 1).map(|c| ytd + (c - at_k) * growth).collect()
}

pub fn track(i: &TrackingInput) -> Tracking {
    let ly_full = i.ly_ytd + i.ly_rest;
    // The end points of the target path and the projection (`target_path`, `projection_path`).
    let target_to_date = *target_path(i.target, &[i.ly_ytd, ly_full]).first().unwrap_or(&f64::NAN);
    let projection = *projection_path(i.ytd, i.ly_ytd, &[i.ly_ytd, ly_full], 1).last().unwrap_or(&f64::NAN);
    let remaining = 12 - i.through.min(12);
    // A target already reached needs nothing more: not a negative amount a month.
    let still_needed = (i.target - i.ytd).max(0.0);
    let bookings_projection = i.bookings_change.map(|c| i.ytd + i.ly_rest * (1.0 + c));
    Tracking {
        target: i.target,
        through: i.through,
        ytd: i.ytd,
        ly_ytd: i.ly_ytd,
        ly_full,
        pct_achieved: ratio(i.ytd, i.target) * 100.0,
        target_to_date,
        shortfall_to_date: target_to_date - i.ytd,
        projection,
        projected_gap: i.target - projection,
        pace_so_far: i.ytd / i.through.max(1) as f64,
        required_per_month: (remaining > 0).then(|| still_needed / remaining as f64),
        // None asked of a target reached (trial 62 L7: -100.0%, a fall it asks for).
        required_growth_pct: (remaining > 0 && i.ly_rest > 0.0 && still_needed > 0.0)
            .then(|| (still_needed / i.ly_rest - 1.0) * 100.0),
        bookings_change_pct: i.bookings_change.map(|c| c * 100.0),
        bookings_projection,
        status: Status::of(projection, i.target),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_haul_h1_2025_needs_2_85m_a_month() {
        let t = track(&TrackingInput {
            target: 28_200_000.0,
            through: 6,
            ytd: 11_104_521.0,
            ly_ytd: 12_500_000.0,
            ly_rest: 12_800_000.0,
            bookings_change: Some(-0.22),
        });
        assert_eq!(format!("{:.0}", t.pct_achieved), "39");
        assert_eq!(format!("{:.2}", t.required_per_month.unwrap() / 1e6), "2.85");
        assert_eq!(format!("{:.2}", t.pace_so_far / 1e6), "1.85");
        assert!((t.target_to_date - 28_200_000.0 * 12.5 / 25.3).abs() < 1e-6);
        let growth = 11_104_521.0 / 12_500_000.0;
        assert!((t.projection - (11_104_521.0 + 12_800_000.0 * growth)).abs() < 1e-6);
        assert_eq!(t.bookings_projection, Some(11_104_521.0 + 12_800_000.0 * 0.78));
        assert_eq!(t.status, Status::FarBehind);
    }

    #[test]
    fn the_status_rule_has_two_thresholds() {
        assert_eq!(Status::of(98.0, 100.0), Status::OnTrack);
        assert_eq!(Status::of(97.9, 100.0), Status::Behind);
        assert_eq!(Status::of(90.0, 100.0), Status::Behind);
        assert_eq!(Status::of(89.9, 100.0), Status::FarBehind);
    }

    #[test]
    fn a_complete_year_needs_no_monthly_pace() {
        let t = track(&TrackingInput {
            target: 100.0,
            through: 12,
            ytd: 105.0,
            ly_ytd: 100.0,
            ly_rest: 0.0,
            bookings_change: None,
        });
        assert_eq!(t.required_per_month, None);
        assert_eq!(t.projection, 105.0);
        assert_eq!(t.status, Status::OnTrack);
    }
}
