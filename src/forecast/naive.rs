//! The two projections that copy last year: seasonal naive (each step is the same step a year
//! before) and the run rate (last year's steps grown at the year-so-far rate).

use super::{Forecast, Method, Shocks, Unfit};

/// Each step the value of the same step a year before; intervals from a seasonal random walk
/// whose shocks have the spread of the series' own year-on-year differences.
pub fn seasonal_naive(y: &[f64], m: usize, h: usize, shocks: &Shocks) -> Result<Forecast, Unfit> {
    let n = y.len();
    let m = m.max(1);
    if n <= m {
        return Err(Unfit::new(format!("seasonal naive needs more than {m} values, the series has {n}")));
    }
    let diffs: Vec<f64> = (m..n).map(|t| y[t] - y[t - m]).collect();
    let sigma = (diffs.iter().map(|d| d * d).sum::<f64>() / diffs.len() as f64).sqrt();
    let last = &y[n - m..];
    let mean: Vec<f64> = (0..h).map(|j| last[j % m]).collect();
    let mut sims = Vec::with_capacity(shocks.paths() * h);
    for p in 0..shocks.paths() {
        let mut cur = last.to_vec();
        for j in 0..h {
            cur[j % m] += sigma * shocks.at(p, j);
            sims.push(cur[j % m]);
        }
    }
    let name = if m == 1 { "naive" } else { "seasonal naive" };
    Ok(Forecast::new(Method::SeasonalNaive, name.into(), mean, sims))
}

/// Last year's steps grown at the rate of the year so far: the last `position` values over the
/// same steps a year before (`position` = m: the last full year), or at `1 + growth` when a
/// growth is given (the bookings projection: the seats-on-the-books change). A step more than
/// a year ahead grows the projected year again. Intervals: each step varies by the spread of
/// the recent year-on-year ratios, and the rate itself by that spread over the steps it was
/// measured on.
pub fn run_rate(
    y: &[f64],
    m: usize,
    position: usize,
    growth: Option<f64>,
    h: usize,
    shocks: &Shocks,
) -> Result<Forecast, Unfit> {
    let n = y.len();
    let m = m.max(1);
    let k = if position == 0 { m } else { position.min(m) };
    if n < k + m {
        return Err(Unfit::new(format!(
            "the run rate needs {k} values this year and the same a year before"
        )));
    }
    // Like with like: a step of this year with a figure against a year before of 0 (a closed
    // border, a route not yet flown) would inflate the rate without end.
    let closed = (n - k..n).filter(|&t| y[t] > 0.0 && y[t - m] == 0.0).count();
    if growth.is_none() && closed > 0 && closed < k {
        return Err(Unfit::new(format!(
            "{closed} of the {k} steps so far were 0 a year before and are not now: a rate over them would compare open months with closed ones"
        )));
    }
    // The latest step 0 where a year before it was not: a closure under way, which a rate over
    // the year so far would average away (100, 100, 0 against 100, 100, 100 gives 0.67).
    if growth.is_none() && y[n - 1] == 0.0 && y[n - 1 - m] > 0.0 {
        let effect = if y[n - k..].iter().all(|v| *v == 0.0) {
            "every step so far is 0: the rate (0) would project it to last the year"
        } else {
            "which a rate over the year so far would average away"
        };
        return Err(Unfit::closure_under_way(format!(
            "the latest step is 0 where a year before it was {}: a closure under way, {effect}",
            y[n - 1 - m]
        )));
    }
    // Growing a step that was 0 last year, where the year before it was not, would copy a
    // closure into the projection as a certainty.
    let copied = (1..=h.min(m))
        .filter(|&step| {
            let t = n - 1 + step - m;
            y[t] == 0.0 && t >= m && y[t - m] > 0.0
        })
        .count();
    if copied > 0 {
        return Err(Unfit::copies_closure(format!(
            "{copied} of the steps it would grow (the same steps a year before the ones projected) were 0 where a year earlier they were not: it would copy a closure into the projection"
        )));
    }
    // Nearly closed a year before where the steps so far are open, or nearly closed steps to
    // grow where a year earlier they were open (trial 55 H1: x279.8 over quarters of 27, 14 and
    // 17, forecasting 313 million for a market of 10,000). (`shortfall` says the same with the
    // months named, before it projects.)
    if growth.is_none() {
        let c = near_closures(y, m, k, h);
        if !c.so_far.is_empty() {
            return Err(Unfit::new(format!(
                "{} of the {k} steps so far were nearly closed a year before (below a tenth of the usual step, {:.0}) and are not now: a rate over them would compare open steps with nearly closed ones",
                c.so_far.len(),
                c.usual
            )));
        }
        if !c.grown.is_empty() {
            return Err(Unfit::copies_closure(format!(
                "{} of the steps it would grow were nearly closed (below a tenth of the usual step, {:.0}) where a year earlier they were not: it would copy a near-closure into the projection",
                c.grown.len(),
                c.usual
            )));
        }
    }
    let this: f64 = y[n - k..].iter().sum();
    let before: f64 = y[n - k - m..n - m].iter().sum();
    let g = match growth {
        Some(c) => 1.0 + c,
        None if before > 0.0 => this / before,
        None => return Err(Unfit::new("the same steps a year before sum to zero: no rate of growth")),
    };
    if !(g.is_finite() && g >= 0.0) {
        return Err(Unfit::new(format!("the rate of growth {g} is not a number a projection can use")));
    }
    // The spread of the log ratios of the recent year-on-year pairs (at least a year's worth).
    let w = k.max(m).min(n - m);
    let logs: Vec<f64> =
        (n - w..n).filter(|t| y[*t] > 0.0 && y[t - m] > 0.0).map(|t| (y[t] / y[t - m]).ln()).collect();
    // With fewer than two ratios the spread is unknown: paths of NaN, so the interval and the
    // chance are empty rather than a certainty.
    let sigma = if logs.len() >= 2 {
        let mu = logs.iter().sum::<f64>() / logs.len() as f64;
        (logs.iter().map(|v| (v - mu).powi(2)).sum::<f64>() / (logs.len() - 1) as f64).sqrt()
    } else {
        f64::NAN
    };
    let mean: Vec<f64> = (1..=h)
        .map(|step| {
            let c = step.div_ceil(m);
            y[n - 1 + step - m * c] * g.powi(c as i32)
        })
        .collect();
    let rate_sd = sigma / (k as f64).sqrt();
    let mut sims = Vec::with_capacity(shocks.paths() * h);
    for p in 0..shocks.paths() {
        let rate = (rate_sd * shocks.rate(p)).exp();
        for (j, base) in mean.iter().enumerate() {
            let c = (j + 1).div_ceil(m) as i32;
            sims.push(base * rate.powi(c) * (sigma * shocks.at(p, j) - sigma * sigma / 2.0).exp());
        }
    }
    let (method, model) = match growth {
        Some(_) => (Method::Bookings, format!("last year x {g:.3} (bookings)")),
        None => (Method::RunRate, format!("last year x {g:.3} (year so far)")),
    };
    Ok(Forecast::new(method, model, mean, sims))
}

/// A series' usual step, its median: the one measure of a step nearly closed (`nearly_closed`)
/// for the run rate, `backtest`'s guards and `shortfall`'s notes.
pub fn usual_step(y: &[f64]) -> Option<f64> {
    let mut sorted = y.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied()
}

/// Below a tenth of the usual step.
pub fn nearly_closed(v: f64, usual: f64) -> bool {
    v < 0.1 * usual
}

/// Steps the run rate would read across a near-closure (a step below a tenth of the series'
/// usual one, its median, and not 0, which the run rate refuses itself).
#[derive(Debug, Default)]
pub struct NearClosures {
    /// The series' usual step (its median).
    pub usual: f64,
    /// Of the `k` steps so far (0-based), those nearly closed a year before and open now.
    pub so_far: Vec<usize>,
    /// Of the steps ahead (1-based, at most a year), those whose same step a year before was
    /// nearly closed where a year earlier it was open.
    pub grown: Vec<usize>,
}

/// The near-closures the run rate over the last `k` of `y` (`m` steps a year) would read, `h`
/// steps ahead; each kind kept only where it moves the rate, or the steps grown, by 5% or more
/// (an off season's few visitors, 32 one December and 500 the next, among summers of 30,000,
/// move nothing: the competition's M360, review 32 M5). Shared by `run_rate` and `shortfall`.
pub fn near_closures(y: &[f64], m: usize, k: usize, h: usize) -> NearClosures {
    let n = y.len();
    if m == 0 || k == 0 || n < k + m {
        return NearClosures::default();
    }
    let Some(usual) = usual_step(y) else { return NearClosures::default() };
    let low = |v: f64| v > 0.0 && nearly_closed(v, usual);
    let mut so_far: Vec<usize> = (0..k).filter(|&j| low(y[n - k + j - m]) && !low(y[n - k + j])).collect();
    let sum = |ts: &mut dyn Iterator<Item = usize>| ts.map(|t| y[t]).sum::<f64>();
    let (this, before) = (sum(&mut (n - k..n)), sum(&mut (n - k - m..n - m)));
    let (this_low, before_low) =
        (sum(&mut so_far.iter().map(|j| n - k + j)), sum(&mut so_far.iter().map(|j| n - k + j - m)));
    let (with, without) = (this / before, (this - this_low) / (before - before_low));
    if with.is_finite() && without.is_finite() && without > 0.0 && (with / without - 1.0).abs() < 0.05 {
        so_far.clear();
    }
    let ahead = h.min(m);
    let mut grown: Vec<usize> = (1..=ahead)
        .filter(|&step| {
            let t = n - 1 + step - m;
            low(y[t]) && t >= m && !low(y[t - m])
        })
        .collect();
    // What the near-closure took from the steps grown, against what they hold.
    let lost: f64 = grown.iter().map(|step| y[n - 1 + step - 2 * m] - y[n - 1 + step - m]).sum();
    let held: f64 = (1..=ahead).map(|step| y[n - 1 + step - m]).sum();
    if lost < 0.05 * (held + lost) {
        grown.clear();
    }
    NearClosures { usual, so_far, grown }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seasonal_naive_repeats_last_year_and_widens_each_year() {
        let y = [1.0, 2.0, 3.0, 4.0, 2.0, 3.0, 4.0, 5.0];
        let f = seasonal_naive(&y, 4, 8, &Shocks::new(4000, 8, 3)).unwrap();
        assert_eq!(f.mean, vec![2.0, 3.0, 4.0, 5.0, 2.0, 3.0, 4.0, 5.0]);
        // Every difference is 1: sigma 1; a year ahead sd 1, two years ahead sqrt(2).
        let (one, two) = (f.step(0), f.step(4));
        assert!((one.hi95 - one.lo95 - 2.0 * 1.96).abs() < 0.25, "{one:?}");
        assert!((two.hi95 - two.lo95 - 2.0 * 1.96 * 2f64.sqrt()).abs() < 0.35, "{two:?}");
    }

    #[test]
    fn a_constant_series_has_no_spread() {
        let y = [5.0; 12];
        let f = seasonal_naive(&y, 4, 4, &Shocks::new(100, 4, 3)).unwrap();
        assert_eq!(
            f.total(0, 4),
            super::super::Interval { forecast: 20.0, lo80: 20.0, hi80: 20.0, lo95: 20.0, hi95: 20.0 }
        );
    }

    #[test]
    fn the_run_rate_grows_last_years_rest_at_the_year_so_far() {
        // Last year 10 a quarter; this year's first two quarters 12 and 12: +20%.
        let y = [10.0, 10.0, 10.0, 10.0, 12.0, 12.0];
        let f = run_rate(&y, 4, 2, None, 2, &Shocks::new(10, 2, 1)).unwrap();
        assert_eq!(f.mean, vec![12.0, 12.0]);
        let b = run_rate(&y, 4, 2, Some(-0.5), 6, &Shocks::new(10, 6, 1)).unwrap();
        assert_eq!(b.mean[..2], [5.0, 5.0]);
        // A year on: this year's Q3 (10 x 0.5) grown again.
        assert_eq!(b.mean[4], 2.5);
        assert!(run_rate(&[0.0; 6], 4, 2, None, 2, &Shocks::new(10, 2, 1)).is_err());
        // One ratio a year before: the spread is unknown, so no interval and no chance.
        let one = run_rate(&[10.0, 10.0, 10.0, 10.0, 12.0], 4, 1, None, 3, &Shocks::new(10, 3, 1)).unwrap();
        assert_eq!(one.mean, vec![12.0, 12.0, 12.0]);
        assert!(one.total(0, 3).lo80.is_nan() && one.chance_at_least(0, 3, 1.0).is_nan());
    }

    #[test]
    fn the_run_rate_does_not_grow_from_or_into_a_closure() {
        // Two years of 10 a quarter, then last year's first half closed (0), this year open.
        let open_against_closed = [10.0, 10.0, 10.0, 10.0, 0.0, 0.0, 10.0, 10.0, 12.0, 12.0];
        let err = run_rate(&open_against_closed, 4, 2, None, 2, &Shocks::new(10, 2, 1)).unwrap_err();
        assert!(err.reason.contains("sum to zero: no rate of growth"), "{}", err.reason);
        let err = run_rate(
            &[10.0, 10.0, 10.0, 10.0, 0.0, 10.0, 10.0, 10.0, 12.0, 12.0],
            4,
            2,
            None,
            2,
            &Shocks::new(10, 2, 1),
        )
        .unwrap_err();
        assert!(err.reason.contains("1 of the 2 steps so far were 0 a year before"), "{}", err.reason);
        // Last year's second half closed where the year before was open: not copied as certain.
        let y = [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 0.0, 0.0, 11.0, 11.0];
        let err = run_rate(&y, 4, 2, None, 2, &Shocks::new(10, 2, 1)).unwrap_err();
        assert!(
            err.reason.contains(
                "2 of the steps it would grow (the same steps a year before the ones projected) were 0"
            ),
            "{}",
            err.reason
        );
        // A closure under way this year (the latest quarter 0, a year before 10): not a rate of 0.67.
        let closing = [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 0.0];
        let err = run_rate(&closing, 4, 3, None, 1, &Shocks::new(10, 1, 1)).unwrap_err();
        assert!(err.reason.contains("the latest step is 0 where a year before it was 10"), "{}", err.reason);
        assert!(err.closure_under_way);
        // Closed in the middle and open again: the rate over the year so far stands.
        let reopened = [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 0.0, 10.0];
        let f = run_rate(&reopened, 4, 3, None, 1, &Shocks::new(10, 1, 1)).unwrap();
        assert!((f.mean[0] - 10.0 * 20.0 / 30.0).abs() < 1e-9, "{:?}", f.mean);
        // Nearly closed a year before (1 a quarter where 100 is usual), open now: no rate of
        // x100 (trial 55 H1); nor grown into the projection where a year earlier it was open.
        let near = [100.0, 100.0, 100.0, 100.0, 1.0, 1.0, 100.0, 100.0, 100.0, 100.0];
        let err = run_rate(&near, 4, 2, None, 2, &Shocks::new(10, 2, 1)).unwrap_err();
        assert!(
            err.reason.contains("2 of the 2 steps so far were nearly closed a year before"),
            "{}",
            err.reason
        );
        let copying = [100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 1.0, 1.0, 100.0, 100.0];
        let err = run_rate(&copying, 4, 2, None, 2, &Shocks::new(10, 2, 1)).unwrap_err();
        assert!(err.reason.contains("2 of the steps it would grow were nearly closed"), "{}", err.reason);
        // The bookings projection grows by the seats on the books, not by a rate over them.
        assert!(run_rate(&near, 4, 2, Some(0.1), 2, &Shocks::new(10, 2, 1)).is_ok());
        // A step that is 0 every year is a season, not a closure: projected as 0, the steps
        // around it grown at the rate (33 against 30).
        let seasonal = [10.0, 10.0, 10.0, 0.0, 10.0, 10.0, 10.0, 0.0, 11.0, 11.0, 11.0];
        let f = run_rate(&seasonal, 4, 3, None, 2, &Shocks::new(10, 2, 1)).unwrap();
        assert_eq!(f.mean[0], 0.0);
        assert!((f.mean[1] - 12.1).abs() < 1e-9, "{:?}", f.mean);
    }
}
