//! Projections of a seasonal series: point forecasts with 80% and 95% intervals, for each
//! step and for sums of steps (a year's rest), and the chance a sum reaches a figure.
//!
//! Every method fits the series it is given (values in time order, no gaps, `m` steps a
//! year) and simulates sample paths from what it fitted. All methods of one call draw from the
//! same standard normals (common random numbers), so a combination averages paths that share
//! their shocks and its interval is not narrowed by averaging independent noise. Intervals
//! are quantiles of the paths; a sum's interval is the quantile of the paths' sums, so the
//! correlation of the months is carried into the year total (of a count, kept to what a
//! running total can do: see `Forecast::total`).
//!
//! The methods (`Method`): seasonal naive; the run rate (last year's months grown at the
//! rate of the year so far, tourstat's first projection); exponential smoothing chosen by
//! AICc among the ETS models of Hyndman et al. (`ets`); the Theta method (`theta`); the
//! airline model, a seasonal ARIMA of the logarithms (`airline`); the bookings-adjusted run
//! rate (the rest of the year grown at the seats-on-the-books change); and the combinations of
//! ETS, Theta and seasonal naive (with the airline model for quarterly series), by equal
//! weights or by each member's error on the series' last year.

mod airline;
pub mod backtest;
pub mod ets;
pub mod metrics;
mod naive;
mod optimise;
mod seasonal;
pub mod theta;

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use rand_distr::{Distribution, StandardNormal};
use rand_pcg::rand_core::SeedableRng;
use serde::Serialize;

pub use airline::min_len as airline_min_len;
pub use naive::{near_closures, nearly_closed, run_rate, seasonal_naive, usual_step, NearClosures};

/// Sample paths simulated by default: enough for a 95% interval's ends to settle within a
/// fraction of a percent of the total.
pub const PATHS: usize = 2000;
/// The seed of the shocks: the same series and method give the same interval every run.
pub const SEED: u64 = 20_250_709;

/// A projection method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    SeasonalNaive,
    RunRate,
    Ets,
    Theta,
    Bookings,
    Combination,
    /// The airline model: a seasonal ARIMA(0,1,1)(0,1,1) of the logarithms.
    Airline,
    /// ETS, Theta and seasonal naive (and the airline model for a quarterly series) weighted
    /// by their accuracy on the series' own last year.
    Weighted,
}

impl Method {
    pub const ALL: [Method; 8] = [
        Method::RunRate,
        Method::Bookings,
        Method::SeasonalNaive,
        Method::Ets,
        Method::Theta,
        Method::Airline,
        Method::Combination,
        Method::Weighted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::SeasonalNaive => "seasonal-naive",
            Method::RunRate => "run-rate",
            Method::Ets => "ets",
            Method::Theta => "theta",
            Method::Airline => "airline",
            Method::Bookings => "bookings",
            Method::Combination => "combination",
            Method::Weighted => "weighted",
        }
    }

    /// Methods that need only the series (not booking flows).
    pub fn from_series_alone(self) -> bool {
        self != Method::Bookings
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Method, String> {
        let key = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        let found = Method::ALL.into_iter().find(|m| m.as_str() == key).or(match key.as_str() {
            "snaive" | "naive" => Some(Method::SeasonalNaive),
            "runrate" | "ytd" => Some(Method::RunRate),
            "comb" | "mean" => Some(Method::Combination),
            _ => None,
        });
        found.ok_or_else(|| {
            let names: Vec<&str> = Method::ALL.iter().map(|m| m.as_str()).collect();
            format!("expected a method: {}, got \"{s}\"", names.join(", "))
        })
    }
}

/// Standard normal draws shared by every method of one projection: `paths` rows of
/// `steps + 1` (one per step, and one for a method's uncertainty in a fitted rate).
#[derive(Debug, Clone)]
pub struct Shocks {
    paths: usize,
    width: usize,
    z: Vec<f64>,
}

impl Shocks {
    pub fn new(paths: usize, steps: usize, seed: u64) -> Shocks {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
        let width = steps + 1;
        let z = (0..paths * width).map(|_| StandardNormal.sample(&mut rng)).collect();
        Shocks { paths, width, z }
    }

    pub fn paths(&self) -> usize {
        self.paths
    }

    pub fn steps(&self) -> usize {
        self.width - 1
    }

    /// The draw of path `p` at step `j` (0-based).
    pub fn at(&self, p: usize, j: usize) -> f64 {
        self.z[p * self.width + j]
    }

    /// Path `p`'s draw for a fitted rate.
    pub fn rate(&self, p: usize) -> f64 {
        self.z[p * self.width + self.width - 1]
    }
}

/// What a method projected: the point forecast of each step and the simulated paths.
#[derive(Debug, Clone)]
pub struct Forecast {
    pub method: Method,
    /// The model fitted, e.g. "ETS(M,Ad,M)".
    pub model: String,
    pub mean: Vec<f64>,
    /// `paths` rows of `mean.len()` values, as the model simulates them.
    sims: Vec<f64>,
    /// No step below this (counts are never negative): the forecasts and the interval ends
    /// are held at it, and a sum's ends and chances never fall as months are added (`total`);
    /// the paths are not held.
    floor: Option<f64>,
}

/// A point forecast with its 80% and 95% intervals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub forecast: f64,
    pub lo80: f64,
    pub hi80: f64,
    pub lo95: f64,
    pub hi95: f64,
}

impl Forecast {
    fn new(method: Method, model: String, mean: Vec<f64>, sims: Vec<f64>) -> Forecast {
        debug_assert!(mean.is_empty() || sims.len().is_multiple_of(mean.len()));
        Forecast { method, model, mean, sims, floor: None }
    }

    pub fn horizon(&self) -> usize {
        self.mean.len()
    }

    fn paths(&self) -> impl Iterator<Item = &[f64]> {
        self.sims.chunks(self.mean.len().max(1))
    }

    /// Step `j` (0-based) with its intervals.
    pub fn step(&self, j: usize) -> Interval {
        let values: Vec<f64> = self.paths().map(|p| p[j]).collect();
        self.held(Interval::of(self.mean[j], values), 1)
    }

    /// The sum of steps `from..to` (0-based, `to` excluded) with its intervals.
    ///
    /// Of a count (a floor), a running total never falls: the sum of more months reaches any
    /// figure at least as surely as the sum of fewer, so each of its quantiles is at least
    /// theirs. A model of the figures can simulate months below 0, whose sums break that (a
    /// year's lower end below its first months'); each end is kept to the highest of the
    /// sums' ends up to `to`, so a lower end never passes its upper end.
    pub fn total(&self, from: usize, to: usize) -> Interval {
        let mut sums = self.running_sums(from, to);
        let Some(last) = sums.pop() else {
            return self.held(Interval::of(0.0, vec![-0.0; self.paths().count()]), 0);
        };
        let mut total = self.held(Interval::of(self.mean[from..to].iter().sum(), last), to - from);
        for (k, part) in (from + 1..).zip(sums) {
            let part = self.held(Interval::of(0.0, part), k - from);
            // Not `max`: an unknown spread (NaN) stays unknown.
            for (end, part) in [
                (&mut total.lo80, part.lo80),
                (&mut total.hi80, part.hi80),
                (&mut total.lo95, part.lo95),
                (&mut total.hi95, part.hi95),
            ] {
                if part > *end {
                    *end = part;
                }
            }
        }
        total
    }

    /// The share of paths whose sum of steps `from..to` is at least `threshold`; NaN where the
    /// method could not estimate its spread (or more than 1% of its paths broke down, as
    /// for an interval). Of a count, at least the share for any of its first months (as
    /// `total`'s ends).
    pub fn chance_at_least(&self, from: usize, to: usize, threshold: f64) -> f64 {
        let mut sums = self.running_sums(from, to);
        if sums.is_empty() {
            // No step: a sum of 0.
            sums.push(vec![-0.0; self.paths().count()]);
        }
        let mut chance = 0.0;
        for sums in sums {
            // Paths that broke down are left out while they are rare, as in the intervals.
            let finite: Vec<f64> = sums.iter().copied().filter(|s| s.is_finite()).collect();
            if finite.is_empty() || (sums.len() - finite.len()) * 100 > sums.len() {
                return f64::NAN;
            }
            let reaching = finite.iter().filter(|s| **s >= threshold).count();
            chance = f64::max(chance, reaching as f64 / finite.len() as f64);
        }
        chance
    }

    /// The paths' sums of steps `from..k`, for each `k` up to `to` where the forecast is of a
    /// count (whose sums of more months keep to those of fewer), else for `to` alone; added
    /// up once, step by step.
    fn running_sums(&self, from: usize, to: usize) -> Vec<Vec<f64>> {
        // From -0.0, as `Sum` starts: the same sums to the bit.
        let mut sums = vec![-0.0; self.paths().count()];
        let mut out = Vec::new();
        for k in from..to {
            for (s, path) in sums.iter_mut().zip(self.paths()) {
                *s += path[k];
            }
            if self.floor.is_some() || k + 1 == to {
                out.push(sums.clone());
            }
        }
        out
    }

    /// No step below `floor` (counts of people are never negative): the forecasts and the
    /// ends of the intervals are held at it. Not the paths: a projection held at 0 with paths
    /// held there too would sit below the interval of their sum.
    pub fn floored(mut self, floor: f64) -> Forecast {
        // Not `max`: a NaN (an unknown spread) stays NaN.
        self.mean.iter_mut().filter(|v| **v < floor).for_each(|v| *v = floor);
        self.floor = Some(floor);
        self
    }

    fn held(&self, i: Interval, steps: usize) -> Interval {
        let Some(f) = self.floor else { return i };
        let low = f * steps as f64;
        let hold = |v: f64| if v < low { low } else { v };
        Interval {
            forecast: hold(i.forecast),
            lo80: hold(i.lo80),
            hi80: hold(i.hi80),
            lo95: hold(i.lo95),
            hi95: hold(i.hi95),
        }
    }

    /// The equal-weight mean of forecasts made with the same shocks, path by path.
    /// The combination's model, with a word of the member left out where one was.
    fn left_out(self, left_out: bool) -> Forecast {
        if !left_out {
            return self;
        }
        Forecast { model: format!("{} ({AIRLINE_LEFT_OUT})", self.model), ..self }
    }

    pub fn combine(parts: &[Forecast]) -> Option<Forecast> {
        let weights = vec![1.0 / parts.len() as f64; parts.len()];
        let f = Forecast::weigh(parts, &weights)?;
        let model = parts.iter().map(|f| f.model.as_str()).collect::<Vec<_>>().join(" + ");
        Some(Forecast { model: format!("mean of {model}"), ..f })
    }

    /// The mean of forecasts made with the same shocks weighted by `weights` (summing to 1),
    /// path by path.
    pub fn weigh(parts: &[Forecast], weights: &[f64]) -> Option<Forecast> {
        let first = parts.first()?;
        let mut mean = vec![0.0; first.mean.len()];
        let mut sims = vec![0.0; first.sims.len()];
        for (f, w) in parts.iter().zip(weights) {
            if f.mean.len() != mean.len() || f.sims.len() != sims.len() {
                return None;
            }
            mean.iter_mut().zip(&f.mean).for_each(|(a, b)| *a += w * b);
            sims.iter_mut().zip(&f.sims).for_each(|(a, b)| *a += w * b);
        }
        let model = parts
            .iter()
            .zip(weights)
            .map(|(f, w)| format!("{:.0}% {}", 100.0 * w, f.model))
            .collect::<Vec<_>>()
            .join(" + ");
        Some(Forecast::new(Method::Combination, model, mean, sims))
    }
}

/// Whether the Theta method, finding `y` seasonal at period `m`, cannot take its seasons out:
/// it divides by them, and a season of 0 every year (a route closed in winter) is none to
/// divide by, so it projects the series flat, into the months closed every year.
pub fn theta_loses_seasons(y: &[f64], m: usize) -> bool {
    seasonal::is_seasonal(y, m) && seasonal::indices(y, m, true).is_none()
}

/// The parts of a fitted model that found no seasonal pattern and project without seasons
/// (ETS without a season, `ETS(A,A,N)`; Theta not seasonally adjusted), each by its last
/// word: the model itself, or a combination's members so.
pub fn flat_parts(model: &str) -> Vec<&str> {
    model
        .split(" + ")
        .filter(|part| part.ends_with(",N)") || part.ends_with("Theta"))
        .map(|part| part.rsplit(' ').next().unwrap_or(part))
        .collect()
}

impl Interval {
    fn of(forecast: f64, mut values: Vec<f64>) -> Interval {
        // Paths that broke down (a multiplicative model can overflow) are left out while they
        // are rare; an unknown spread (every path NaN) is no interval.
        let broken = values.iter().filter(|v| !v.is_finite()).count();
        if broken * 100 > values.len() {
            values.clear();
        }
        values.retain(|v| v.is_finite());
        let [lo95, lo80, hi80, hi95] = quantiles(&mut values, [0.025, 0.10, 0.90, 0.975]);
        Interval { forecast, lo80, hi80, lo95, hi95 }
    }
}

/// The `ps` quantiles (ascending) of `values`, each what `quantile` gives of the values
/// sorted, found by selection instead: a backtest takes four from each step of every
/// forecast, and sorting all the paths for them was a third of its time. `values` is left
/// partly ordered.
pub(crate) fn quantiles<const N: usize>(values: &mut [f64], ps: [f64; N]) -> [f64; N] {
    assert!(ps.is_sorted(), "quantiles asked out of order: {ps:?}");
    let n = values.len();
    let mut out = [f64::NAN; N];
    // The last selection: its index, the order statistic there and the one after. Each
    // selection works only below the last, whose value is at least all of them.
    let mut last: Option<(usize, f64, f64)> = None;
    for (k, p) in ps.iter().enumerate().rev() {
        if n == 0 {
            break;
        }
        let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
        let (lo, frac) = (h.floor() as usize, h - h.floor());
        let (a, next) = match last {
            Some((at, a, next)) if at == lo => (a, next),
            _ => {
                let bound = last.map_or(n, |(at, ..)| at);
                let settled = values.get(bound).copied();
                let (_, at, above) = values[..bound].select_nth_unstable_by(lo, f64::total_cmp);
                let a = *at;
                // The next order statistic: the least the selection put above, or the one
                // the selection before settled.
                let next = above.iter().copied().chain(settled).min_by(f64::total_cmp).unwrap_or(a);
                (a, next)
            }
        };
        out[k] = a + frac * (next - a);
        last = Some((lo, a, next));
    }
    out
}

/// The `p` quantile of sorted values, linear between order statistics (R's type 7): what
/// `quantiles` finds without sorting, kept as its reference.
#[cfg(test)]
fn quantile(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
            let (lo, frac) = (h.floor() as usize, h - h.floor());
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + frac * (sorted[hi] - sorted[lo])
        }
    }
}

/// Why a method cannot project a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfit {
    pub reason: String,
    /// The series is closing (its latest step 0 where a year before it was not): no method
    /// here knows when a closure ends, so none is suggested instead.
    pub closure_under_way: bool,
    /// The months to be grown were 0 a year before (a closure then): seasonal naive, which
    /// copies them, would project that closure too.
    pub copies_closure: bool,
}

impl Unfit {
    pub fn new(reason: impl Into<String>) -> Unfit {
        Unfit { reason: reason.into(), closure_under_way: false, copies_closure: false }
    }

    pub fn closure_under_way(reason: impl Into<String>) -> Unfit {
        Unfit { closure_under_way: true, ..Unfit::new(reason) }
    }

    pub fn copies_closure(reason: impl Into<String>) -> Unfit {
        Unfit { copies_closure: true, ..Unfit::new(reason) }
    }
}

impl fmt::Display for Unfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

/// What a projection is asked: the series, its steps a year, and where the last value sits
/// in its year (1..=m; for the run rate, which counts the year so far).
#[derive(Debug, Clone, Copy)]
pub struct Series<'a> {
    pub values: &'a [f64],
    pub m: usize,
    pub position: usize,
}

/// Fits that several methods projecting one series share: the ETS model AICc chooses, made
/// once however many methods use it (ETS and both combinations). Only for one series, from
/// the same values and steps a year each time.
#[derive(Debug, Default)]
pub(crate) struct Fitted {
    ets: OnceLock<Result<ets::Fit, Unfit>>,
}

impl Fitted {
    fn ets(&self, y: &[f64], m: usize) -> Result<&ets::Fit, Unfit> {
        self.ets.get_or_init(|| ets::select(y, m)).as_ref().map_err(Clone::clone)
    }
}

/// Projects `series` `h` steps ahead with `method` (not `Bookings`, which needs the bookings
/// change: `naive::run_rate` with the bookings growth). A series never below zero (a count) is
/// projected never below zero.
pub fn project(series: Series, method: Method, h: usize, shocks: &Shocks) -> Result<Forecast, Unfit> {
    project_sharing(series, method, h, shocks, &Fitted::default())
}

/// `project`, reusing the fits of `fitted` that an earlier method made of the same series,
/// and leaving its own there for the next.
pub(crate) fn project_sharing(
    series: Series,
    method: Method,
    h: usize,
    shocks: &Shocks,
    fitted: &Fitted,
) -> Result<Forecast, Unfit> {
    let counts = series.values.iter().all(|v| *v >= 0.0);
    let f = project_raw(series, method, h, shocks, fitted)?;
    Ok(if counts { f.floored(0.0) } else { f })
}

fn project_raw(
    series: Series,
    method: Method,
    h: usize,
    shocks: &Shocks,
    fitted: &Fitted,
) -> Result<Forecast, Unfit> {
    let Series { values: y, m, position } = series;
    if y.iter().any(|v| !v.is_finite()) {
        return Err(Unfit::new("the series has a missing or non-numeric value"));
    }
    if shocks.steps() < h {
        return Err(Unfit::new(format!("{h} steps asked with shocks for {}", shocks.steps())));
    }
    match method {
        Method::SeasonalNaive => seasonal_naive(y, m, h, shocks),
        Method::RunRate => run_rate(y, m, position, None, h, shocks),
        Method::Bookings => Err(Unfit::new("the bookings projection needs seats on the books")),
        Method::Ets => Ok(fitted.ets(y, m)?.forecast(h, shocks)),
        Method::Theta => theta::theta(y, m, h, shocks),
        Method::Airline => airline::airline(y, m, h, shocks),
        Method::Combination => {
            let (parts, left_out) = members(y, m, h, shocks, fitted.ets(y, m)?)?;
            let (_, parts): (Vec<Member>, Vec<Forecast>) = parts.into_iter().unzip();
            let f = Forecast::combine(&parts)
                .ok_or_else(|| Unfit::new("the combined forecasts differ in length"))?;
            Ok(f.left_out(left_out))
        }
        Method::Weighted => {
            let (parts, left_out) = members(y, m, h, shocks, fitted.ets(y, m)?)?;
            let (kinds, parts): (Vec<Member>, Vec<Forecast>) = parts.into_iter().unzip();
            let (weights, equal) = member_weights(y, m, &kinds);
            let f = Forecast::weigh(&parts, &weights)
                .ok_or_else(|| Unfit::new("the combined forecasts differ in length"))?;
            // Weights that are equal for want of a year to score: said, never passed off as
            // weights by accuracy.
            let model = match equal {
                Some(why) => format!("equal weights ({why}): {}", f.model),
                None => f.model.clone(),
            };
            Ok(Forecast { method: Method::Weighted, model, ..f }.left_out(left_out))
        }
    }
}

/// Said in a combination's model where the airline model, a member of the combinations of
/// quarterly series, was left out, its own forecast not holding (as the backtest counts it not
/// made).
pub const AIRLINE_LEFT_OUT: &str =
    "the airline model left out: its own forecast does not hold for this history";

/// A member of the combinations, as `member_weights` refits it.
#[derive(Debug, Clone, Copy)]
enum Member {
    Ets(ets::Spec),
    Theta,
    SeasonalNaive,
    Airline,
}

impl Member {
    /// The member's point forecasts of `h` steps from `y`.
    fn mean(self, y: &[f64], m: usize, h: usize, shocks: &Shocks) -> Option<Vec<f64>> {
        match self {
            Member::Ets(spec) => ets::fit(y, m, spec).ok().map(|f| f.mean(h)),
            Member::Theta => theta::theta(y, m, h, shocks).ok().map(|f| f.mean),
            Member::SeasonalNaive => seasonal_naive(y, m, h, shocks).ok().map(|f| f.mean),
            Member::Airline => airline::airline(y, m, h, shocks).ok().map(|f| f.mean),
        }
    }
}

/// The members of the combinations, projected `h` steps: ETS (the model fitted), Theta and
/// seasonal naive, and for a quarterly series the airline model where it fits (judged on a
/// validation split of the tourism competition: it improved both combinations of quarterly
/// series, and made the monthly ones worse).
/// Whether a member was left out, its own forecast not holding (see `AIRLINE_LEFT_OUT`).
fn members(
    y: &[f64],
    m: usize,
    h: usize,
    shocks: &Shocks,
    model: &ets::Fit,
) -> Result<(Vec<(Member, Forecast)>, bool), Unfit> {
    let mut parts = vec![
        (Member::Ets(model.spec), model.forecast(h, shocks)),
        (Member::Theta, theta::theta(y, m, h, shocks)?),
        (Member::SeasonalNaive, seasonal_naive(y, m, h, shocks)?),
    ];
    // Not where its forecast does not hold, as the backtest counts the airline model's own
    // forecast not made then (trial 93 H1: France's history through 2020, its airline forecast
    // 3,700,099 for a quarter of 76,048, refused as the airline model's and averaged into the
    // combination's: MASE 8.65 where its members scored 0.14 to 0.36, without a word).
    let mut left_out = false;
    if m == 4 {
        if let Ok(f) = airline::airline(y, m, h, shocks) {
            if backtest::holds(&f.total(0, h))
                && backtest::runs_apart(y, m, &f.mean, Method::Airline).is_none()
            {
                parts.push((Member::Airline, f));
            } else {
                left_out = true;
            }
        }
    }
    // A count is never below zero, nor is a member's forecast of it: each held at 0 before
    // they are weighed, as each member's own forecast is (trial 55 H1: ETS 27, Theta 0 and
    // seasonal naive 3 combined to 0, Theta's -90 in the mean where its own forecast read 0).
    // (Not the paths, as `Forecast::floored`.)
    if y.iter().all(|v| *v >= 0.0) {
        for (_, f) in &mut parts {
            f.mean.iter_mut().filter(|v| **v < 0.0).for_each(|v| *v = 0.0);
        }
    }
    Ok((parts, left_out))
}

/// The weights of the members for a series: each fitted without its last year (m values)
/// and scored on it (ETS as the model AICc chose on the whole series), weighted by the
/// inverse of its mean absolute error (the members that were exact share it all; a member that
/// cannot be fitted without that year, the airline model of 16 quarters, has none); equal
/// where the series is too short to hold a year out, or no member can be scored, with why.
fn member_weights(y: &[f64], m: usize, members: &[Member]) -> (Vec<f64>, Option<String>) {
    let hold = m.max(1);
    // Only the members' means are scored: one path of shocks as long as the year held out
    // (the caller's are as long as its own horizon, which may be shorter).
    let shocks = &Shocks::new(1, hold, SEED);
    let equal = vec![1.0 / members.len() as f64; members.len()];
    let needed = hold + 2 * m.max(2) + 4;
    if y.len() < needed {
        let steps = match m {
            12 => "months",
            4 => "quarters",
            _ => "steps",
        };
        let why = format!(
            "{} {steps} of history are too few to fit the members without the last year and score them on it: that needs {needed}",
            y.len()
        );
        return (equal, Some(why));
    }
    let (train, test) = y.split_at(y.len() - hold);
    let errors: Vec<Option<f64>> = members
        .iter()
        .map(|k| {
            let mean = k.mean(train, m, hold, shocks)?;
            let e = mean.iter().zip(test).map(|(a, b)| (a - b).abs()).sum::<f64>() / hold as f64;
            e.is_finite().then_some(e)
        })
        .collect();
    // Exact to the rounding of a logarithm and back (the airline model's 500 is 499.99999999999994).
    let size = test.iter().map(|v| v.abs()).sum::<f64>() / hold as f64;
    let is_exact = |e: &Option<f64>| e.is_some_and(|e| e <= 1e-9 * size);
    let exact = errors.iter().filter(|e| is_exact(e)).count();
    if exact > 0 {
        return (errors.iter().map(|e| if is_exact(e) { 1.0 / exact as f64 } else { 0.0 }).collect(), None);
    }
    let inverse: Vec<f64> = errors.iter().map(|e| e.map_or(0.0, |e| 1.0 / e)).collect();
    let total: f64 = inverse.iter().sum();
    if !total.is_finite() || total <= 0.0 {
        return (equal, Some("no member could be fitted without the last year".to_string()));
    }
    (inverse.iter().map(|v| v / total).collect(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_follow_each_members_error_on_the_last_year() {
        // A pure seasonal pattern: a member exact on the year held out (ETS here) takes the
        // weight, shared with any other exact one.
        let pattern = [5.0, 7.0, 9.0, 4.0];
        let y: Vec<f64> = (0..24).map(|t| pattern[t % 4]).collect();
        let three =
            |y: &[f64]| [Member::Ets(ets::select(y, 4).unwrap().spec), Member::Theta, Member::SeasonalNaive];
        let (w, equal) = member_weights(&y, 4, &three(&y));
        assert_eq!(equal, None);
        let top = w.iter().copied().fold(0.0, f64::max);
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{w:?}");
        assert!(w.iter().all(|x| *x == 0.0 || *x == top) && w[0] == top, "{w:?}");
        // Too short to hold a year out: equal weights.
        let (w, equal) = member_weights(&y[..10], 4, &three(&y));
        assert_eq!(w, [1.0 / 3.0; 3]);
        assert!(equal.is_some_and(|why| why.starts_with("10 quarters of history are too few")));
        // A seasonal pattern on a steep line: seasonal naive misses each quarter by a year's
        // growth and weighs least; the weights sum to 1. Quarterly: the airline model is the
        // fourth member.
        let trend: Vec<f64> =
            (0..24).map(|t| 100.0 + 10.0 * t as f64 + pattern[t % 4] + ((t * 7) % 5) as f64).collect();
        let mut four = three(&trend).to_vec();
        four.push(Member::Airline);
        let (w, _) = member_weights(&trend, 4, &four);
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{w:?}");
        assert!(w.iter().all(|x| *x > 0.0) && w[2] < w[0], "{w:?}");
        // The weighted projection is the weighted mean of the four, step by step.
        let series = Series { values: &trend, m: 4, position: 4 };
        let f = project(series, Method::Weighted, 4, &Shocks::new(8, 12, 1)).unwrap();
        let parts: Vec<Forecast> = [Method::Ets, Method::Theta, Method::SeasonalNaive, Method::Airline]
            .iter()
            .map(|m| project(series, *m, 4, &Shocks::new(8, 12, 1)).unwrap())
            .collect();
        for t in 0..4 {
            let expected: f64 = parts.iter().zip(&w).map(|(p, w)| w * p.mean[t]).sum();
            assert!((f.mean[t] - expected).abs() < 1e-9 * expected, "{t}");
        }
        assert_eq!(f.method, Method::Weighted);
    }

    #[test]
    fn members_exact_to_rounding_share_the_weight_and_one_that_cannot_be_scored_has_none() {
        let four = |y: &[f64]| {
            [
                Member::Ets(ets::select(y, 4).unwrap().spec),
                Member::Theta,
                Member::SeasonalNaive,
                Member::Airline,
            ]
        };
        // A constant: every member forecasts it, the airline model through exp(ln 500), a
        // rounding off.
        let flat = [500.0; 24];
        let (w, _) = member_weights(&flat, 4, &four(&flat));
        assert!(w.iter().all(|x| (x - 0.25).abs() < 1e-12), "{w:?}");
        // Sixteen quarters: twelve without the last year, fewer than the airline model's 13.
        let y: Vec<f64> =
            (0..16).map(|t| [80.0, 130.0, 110.0, 80.0][t % 4] + 3.0 * t as f64 + (t % 3) as f64).collect();
        let (w, _) = member_weights(&y, 4, &four(&y));
        assert_eq!(w[3], 0.0, "{w:?}");
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12 && w[..3].iter().all(|x| *x > 0.0), "{w:?}");
    }

    #[test]
    fn the_airline_model_joins_the_combinations_of_quarterly_series_only() {
        let pattern = [0.8, 1.3, 1.1, 0.8];
        let wobble = |t: usize| 1.0 + 0.03 * ((t * 7) % 5) as f64;
        let shocks = Shocks::new(8, 12, 1);
        for (m, members) in [(4, 4), (12, 3)] {
            let y: Vec<f64> =
                (0..48).map(|t| (100.0 + 2.0 * t as f64) * pattern[(t * 4 / m) % 4] * wobble(t)).collect();
            let series = Series { values: &y, m, position: m };
            for method in [Method::Combination, Method::Weighted] {
                let f = project(series, method, 8, &shocks).unwrap();
                assert_eq!(f.model.matches(" + ").count() + 1, members, "{m}: {}", f.model);
                assert_eq!(f.model.contains("ARIMA(0,1,1)(0,1,1)[4]"), m == 4, "{m}: {}", f.model);
            }
        }
    }

    #[test]
    fn quantiles_by_selection_are_those_of_the_sorted_values() {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(3);
        let ps = [0.0, 0.025, 0.10, 0.10, 0.5, 0.90, 0.975, 1.0];
        for n in [0, 1, 2, 3, 5, 40, 41, 2000] {
            // Ties and signed zeros too: a floored or closed month repeats one value.
            let draw = |rng: &mut rand_pcg::Pcg64Mcg| {
                let z: f64 = StandardNormal.sample(rng);
                if z.abs() < 0.3 {
                    [0.0, -0.0, 1.5][(z.abs() * 10.0) as usize % 3]
                } else {
                    z
                }
            };
            let values: Vec<f64> = (0..n).map(|_| draw(&mut rng)).collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let want = ps.map(|p| quantile(&sorted, p));
            let got = quantiles(&mut values.clone(), ps);
            for (g, w) in got.iter().zip(want) {
                assert!(g.to_bits() == w.to_bits(), "n = {n}: {got:?} against {want:?}");
            }
        }
    }

    #[test]
    fn quantiles_interpolate_like_r_type_7() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert_eq!(quantile(&v, 0.1), 1.4);
        assert_eq!(quantile(&v, 1.0), 5.0);
        assert!(quantile(&[], 0.5).is_nan());
    }

    #[test]
    fn shocks_repeat_for_a_seed_and_are_standard_normal() {
        let a = Shocks::new(4000, 3, 7);
        let b = Shocks::new(4000, 3, 7);
        assert_eq!(a.at(17, 2), b.at(17, 2));
        let all: Vec<f64> = (0..4000).map(|p| a.at(p, 0)).collect();
        let mean = all.iter().sum::<f64>() / 4000.0;
        let var = all.iter().map(|z| (z - mean).powi(2)).sum::<f64>() / 3999.0;
        assert!(mean.abs() < 0.05, "{mean}");
        assert!((var - 1.0).abs() < 0.07, "{var}");
    }

    #[test]
    fn methods_parse_by_name_and_alias() {
        assert_eq!("ETS".parse::<Method>(), Ok(Method::Ets));
        assert_eq!("snaive".parse::<Method>(), Ok(Method::SeasonalNaive));
        assert_eq!("run_rate".parse::<Method>(), Ok(Method::RunRate));
        assert_eq!("Airline".parse::<Method>(), Ok(Method::Airline));
        assert!("arima".parse::<Method>().unwrap_err().contains("airline, combination"));
    }

    #[test]
    fn a_count_falling_to_zero_is_never_projected_below_zero() {
        let y: Vec<f64> = (0..36).map(|t| (300.0 - 10.0 * t as f64).max(0.0)).collect();
        let shocks = Shocks::new(200, 12, 1);
        for method in
            [Method::Ets, Method::Theta, Method::SeasonalNaive, Method::Airline, Method::Combination]
        {
            let f = project(Series { values: &y, m: 12, position: 12 }, method, 12, &shocks).unwrap();
            assert!(f.mean.iter().all(|v| *v >= 0.0), "{method}: {:?}", f.mean);
            assert!(f.total(0, 12).lo95 >= 0.0, "{method}");
        }
    }

    #[test]
    fn a_counts_running_total_never_falls_though_its_models_months_go_below_zero() {
        // A model on the figures whose months go below 0 (an additive model of a small
        // count): the sum of more months is never less likely to reach a figure.
        let (paths, means) = (1000, [40.0, -5.0, -20.0, 3.0]);
        let shocks = Shocks::new(paths, means.len(), 9);
        let sims = (0..paths)
            .flat_map(|p| (0..means.len()).map(move |j| (p, j)))
            .map(|(p, j)| means[j] + 30.0 * shocks.at(p, j))
            .collect();
        let raw = Forecast::new(Method::Ets, "test".into(), means.to_vec(), sims);
        // The model's own sums do fall: the case is real.
        assert!(raw.total(0, 3).lo80 < raw.total(0, 1).lo80, "{:?}", raw.total(0, 3));
        let f = raw.floored(0.0);
        let (mut low, mut chance) = (0.0, 0.0);
        for to in 1..=means.len() {
            let t = f.total(0, to);
            assert!(t.lo80 >= low && t.lo95 >= 0.0, "{to}: {t:?} after {low}");
            assert!(t.lo95 <= t.lo80 && t.lo80 <= t.forecast && t.forecast <= t.hi80, "{to}: {t:?}");
            let c = f.chance_at_least(0, to, 30.0);
            assert!(c >= chance, "{to}: {c} after {chance}");
            (low, chance) = (t.lo80, c);
        }
        // Not of a figure that may be negative (no floor): its own sums as they are.
        let unfloored = Forecast { floor: None, ..f.clone() };
        assert!(unfloored.total(0, 3).lo80 < f.total(0, 3).lo80);
        // A month far below 0 after one well above it: the upper ends keep to the first
        // month's too, and the lower ends never pass them.
        let sims =
            (0..paths).flat_map(|p| [100.0 + 5.0 * shocks.at(p, 0), -80.0 + 5.0 * shocks.at(p, 1)]).collect();
        let f = Forecast::new(Method::Ets, "test".into(), vec![100.0, -80.0], sims).floored(0.0);
        let (one, two) = (f.total(0, 1), f.total(0, 2));
        assert_eq!(two.forecast, 100.0);
        assert!(two.lo95 <= two.lo80 && two.lo80 <= two.forecast && two.forecast <= two.hi80, "{two:?}");
        assert!(two.hi80 >= one.hi80 && two.hi95 >= one.hi95, "{two:?}");
        assert!((f.chance_at_least(0, 2, 90.0) - f.chance_at_least(0, 1, 90.0)).abs() < 1e-12);
        assert_eq!(f.chance_at_least(1, 1, 0.0), 1.0, "an empty sum is 0, which reaches 0");
    }

    #[test]
    fn a_chance_leaves_out_rare_broken_paths_as_an_interval_does() {
        let with_broken = |broken: usize| {
            let sims = (0..1000).map(|p| if p < broken { f64::NAN } else { p as f64 }).collect();
            Forecast::new(Method::Ets, "test".into(), vec![500.0], sims)
        };
        let rare = with_broken(10);
        assert!(rare.total(0, 1).lo80.is_finite());
        assert_eq!(rare.chance_at_least(0, 1, 500.0), 500.0 / 990.0);
        let many = with_broken(11);
        assert!(many.total(0, 1).lo80.is_nan() && many.chance_at_least(0, 1, 500.0).is_nan());
    }

    #[test]
    fn a_combination_averages_paths_that_share_shocks() {
        let shocks = Shocks::new(500, 2, 1);
        let a = Forecast::new(Method::Ets, "a".into(), vec![10.0, 10.0], vec![10.0; 1000]);
        let b = Forecast::new(Method::Theta, "b".into(), vec![20.0, 30.0], vec![20.0; 1000]);
        let c = Forecast::combine(&[a, b]).unwrap();
        assert_eq!(c.mean, vec![15.0, 20.0]);
        assert_eq!(c.step(0).lo95, 15.0);
        assert_eq!(shocks.paths(), 500);
    }
}
