//! The airline model of Box and Jenkins (1970, fitted there to airline passengers): a seasonal
//! ARIMA(0,1,1)(0,1,1)m of the logarithms of a positive series (of the values themselves where
//! one is zero), the differences of a year and of a step being a moving average of the shocks
//! of the step and the year before. The two parameters by exact Gaussian maximum likelihood
//! (the moving average's covariance is banded, so its Cholesky factor is too: the innovations
//! algorithm), the forecasts and their paths from the same factor continued over the horizon,
//! which conditions on the series exactly rather than on shocks before it assumed zero. Of
//! logarithms, the forecast is the mean of the lognormal each path's value has (exp(z +
//! var / 2)), so forecasts and year totals are means as the other methods' are. A series of
//! one step a year is differenced once (ARIMA(0,1,1)).

use super::optimise::minimise;
use super::{Forecast, Method, Shocks, Unfit};

/// The largest moving-average coefficient allowed (invertible, and away from the boundary
/// where a difference cancels the one it follows).
const BOUND: f64 = 0.98;

/// A fitted airline model.
#[derive(Debug, Clone)]
struct Fit {
    m: usize,
    logs: bool,
    theta: f64,
    seasonal_theta: f64,
    sigma: f64,
    /// The series as modelled (logarithms where `logs`).
    z: Vec<f64>,
    /// The differenced series' innovations as the factor of the unit-variance covariance
    /// leaves them (w = L u; their variance is sigma squared), one per difference.
    u: Vec<f64>,
}

/// The moving-average polynomial (1 + theta B)(1 + Theta B^m), lowest power first.
fn polynomial(theta: f64, seasonal_theta: f64, m: usize) -> Vec<f64> {
    if m <= 1 {
        return vec![1.0, theta];
    }
    let mut c = vec![0.0; m + 2];
    c[0] = 1.0;
    c[1] = theta;
    c[m] = seasonal_theta;
    c[m + 1] = theta * seasonal_theta;
    c
}

/// The Cholesky factor of the moving average's covariance (unit shock variance) over `rows`
/// steps, by rows: `l[i * (q + 1) + (i - j)]` is the entry (i, j), zero beyond the band `q`.
fn factor(c: &[f64], rows: usize) -> Option<Vec<f64>> {
    let q = c.len() - 1;
    let r: Vec<f64> = (0..=q).map(|k| (0..=q - k).map(|j| c[j] * c[j + k]).sum()).collect();
    let width = q + 1;
    let mut l = vec![0.0; rows * width];
    for i in 0..rows {
        let first = i.saturating_sub(q);
        let (done, rest) = l.split_at_mut(i * width);
        let row = &mut rest[..width];
        // Entry (i, j) sits at row[i - j]; the rows before at done[j * width + (j - k)].
        for j in first..=i {
            // The sum over k in first..j of L(i, k) L(j, k): both run down their rows.
            let earlier = if j < i { &done[j * width..j * width + width] } else { &row[..0] };
            let dot: f64 = if j < i {
                row[i - j + 1..=i - first].iter().zip(&earlier[1..=j - first]).map(|(a, b)| a * b).sum()
            } else {
                row[1..=i - first].iter().map(|a| a * a).sum()
            };
            let s = r[i - j] - dot;
            if i == j {
                if s.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
                    return None;
                }
                row[0] = s.sqrt();
            } else {
                row[i - j] = s / earlier[0];
            }
        }
    }
    Some(l)
}

/// Solves L u = w for the first `w.len()` rows.
fn solve(l: &[f64], q: usize, w: &[f64]) -> Vec<f64> {
    let width = q + 1;
    let mut u = vec![0.0; w.len()];
    for i in 0..w.len() {
        let s: f64 = (i.saturating_sub(q)..i).map(|j| l[i * width + (i - j)] * u[j]).sum();
        u[i] = (w[i] - s) / l[i * width];
    }
    u
}

/// Minus twice the log-likelihood with the shock variance concentrated out (constants left
/// out): n log(u'u / n) + 2 log det L.
fn cost(w: &[f64], c: &[f64]) -> f64 {
    let Some(l) = factor(c, w.len()) else { return f64::INFINITY };
    let q = c.len() - 1;
    let u = solve(&l, q, w);
    let n = w.len() as f64;
    let ss: f64 = u.iter().map(|v| v * v).sum();
    let log_det: f64 = (0..w.len()).map(|i| l[i * (q + 1)].ln()).sum();
    n * (ss / n).ln() + 2.0 * log_det
}

/// The fewest values the model fits with `m` steps a year: the two differences spend m + 1,
/// and a year and four more steps remain to fit (one difference and four with one a year).
pub fn min_len(m: usize) -> usize {
    if m > 1 {
        2 * m + 5
    } else {
        5
    }
}

fn fit(y: &[f64], m: usize) -> Result<Fit, Unfit> {
    let m = m.max(1);
    let n = y.len();
    let seasonal = m > 1;
    let lost = if seasonal { m + 1 } else { 1 };
    let needed = min_len(m);
    if n < needed {
        return Err(Unfit::new(format!(
            "the airline model needs at least {needed} values, the series has {n}"
        )));
    }
    let logs = y.iter().all(|v| *v > 0.0);
    let z: Vec<f64> = if logs { y.iter().map(|v| v.ln()).collect() } else { y.to_vec() };
    let w: Vec<f64> = (lost..n)
        .map(|t| {
            let d = z[t] - z[t - 1];
            if seasonal {
                d - (z[t - m] - z[t - m - 1])
            } else {
                d
            }
        })
        .collect();
    if w.iter().all(|v| *v == 0.0) {
        // Exactly a seasonal pattern on a line: nothing to fit, the shocks are nil.
        let u = vec![0.0; w.len()];
        return Ok(Fit { m, logs, theta: 0.0, seasonal_theta: 0.0, sigma: 0.0, z, u });
    }
    let objective = |p: &[f64]| {
        let (a, b) = (p[0], if seasonal { p[1] } else { 0.0 });
        if a.abs() > BOUND || b.abs() > BOUND {
            return f64::INFINITY;
        }
        cost(&w, &polynomial(a, b, m))
    };
    let (start, step): (Vec<f64>, Vec<f64>) =
        if seasonal { (vec![-0.2, -0.4], vec![0.2, 0.2]) } else { (vec![-0.2], vec![0.2]) };
    let (best, value) = minimise(objective, &start, &step, 400);
    if !value.is_finite() || value >= f64::MAX / 8.0 {
        return Err(Unfit::new("the airline model found no fit"));
    }
    let (theta, seasonal_theta) = (best[0], if seasonal { best[1] } else { 0.0 });
    Fit::at(m, logs, z, &w, theta, seasonal_theta)
}

impl Fit {
    /// The model with the given coefficients: its innovations and their spread.
    fn at(
        m: usize,
        logs: bool,
        z: Vec<f64>,
        w: &[f64],
        theta: f64,
        seasonal_theta: f64,
    ) -> Result<Fit, Unfit> {
        let c = polynomial(theta, seasonal_theta, m);
        let l = factor(&c, w.len()).ok_or_else(|| Unfit::new("the airline model found no fit"))?;
        let u = solve(&l, c.len() - 1, w);
        let sigma = (u.iter().map(|v| v * v).sum::<f64>() / w.len() as f64).sqrt();
        Ok(Fit { m, logs, theta, seasonal_theta, sigma, z, u })
    }

    /// The modelled series' forecasts `h` steps ahead and, for each step j, its response to
    /// the standardised shock of each future step s <= j (`a[j * h + s]`, times sigma).
    fn project(&self, h: usize) -> Option<(Vec<f64>, Vec<f64>)> {
        let c = polynomial(self.theta, self.seasonal_theta, self.m);
        let q = c.len() - 1;
        let width = q + 1;
        let nw = self.u.len();
        // Positive definite while the coefficients are within BOUND, as the fit keeps them.
        let l = factor(&c, nw + h)?;
        // The differences ahead: the known innovations' part, and each future shock's part.
        let mut w_mean = vec![0.0; h];
        let mut w_shock = vec![0.0; h * h];
        for j in 0..h {
            let i = nw + j;
            for k in i.saturating_sub(q)..=i {
                let coef = l[i * width + (i - k)];
                if k < nw {
                    w_mean[j] += coef * self.u[k];
                } else {
                    w_shock[j * h + (k - nw)] = coef;
                }
            }
        }
        // Undo the differencing: z_t = w_t + z_{t-1} (+ z_{t-m} - z_{t-m-1}).
        let n = self.z.len();
        let m = self.m;
        let seasonal = m > 1;
        let mut z = self.z.clone();
        let mut resp = vec![0.0; h * h];
        for (j, dw) in w_mean.iter().enumerate() {
            let t = n + j;
            let mut v = dw + z[t - 1];
            if seasonal {
                v += z[t - m] - z[t - m - 1];
            }
            z.push(v);
        }
        for s in 0..h {
            // A unit shock at future step s: its effect on the differences, then on the levels.
            for j in 0..h {
                let mut v = w_shock[j * h + s];
                let at = |k: isize| -> f64 {
                    if k < 0 {
                        0.0
                    } else {
                        resp[k as usize * h + s]
                    }
                };
                let j = j as isize;
                v += at(j - 1);
                if seasonal {
                    v += at(j - m as isize) - at(j - m as isize - 1);
                }
                resp[j as usize * h + s] = v;
            }
        }
        Some((z[n..].to_vec(), resp))
    }

    fn forecast(&self, h: usize, shocks: &Shocks) -> Result<Forecast, Unfit> {
        let (mean, resp) = self
            .project(h)
            .ok_or_else(|| Unfit::new("the airline model's covariance is not positive definite"))?;
        let out = |v: f64| if self.logs { v.exp() } else { v };
        let mut sims = Vec::with_capacity(shocks.paths() * h);
        for p in 0..shocks.paths() {
            for j in 0..h {
                let e: f64 = (0..=j).map(|s| resp[j * h + s] * shocks.at(p, s)).sum();
                sims.push(out(mean[j] + self.sigma * e));
            }
        }
        // Of logarithms, the mean of the lognormal: exp(z + var / 2), not its median.
        let mean = mean
            .iter()
            .enumerate()
            .map(|(j, v)| {
                let var = self.sigma.powi(2) * (0..=j).map(|s| resp[j * h + s].powi(2)).sum::<f64>();
                if self.logs {
                    (v + var / 2.0).exp()
                } else {
                    *v
                }
            })
            .collect();
        let of = if self.logs { " of logs" } else { "" };
        let model = if self.m > 1 {
            format!(
                "ARIMA(0,1,1)(0,1,1)[{}]{of}, ma1 {:.3}, sma1 {:.3}",
                self.m, self.theta, self.seasonal_theta
            )
        } else {
            format!("ARIMA(0,1,1){of}, ma1 {:.3}", self.theta)
        };
        Ok(Forecast::new(Method::Airline, model, mean, sims))
    }
}

/// The airline model fitted to `y` (m steps a year) and projected `h` steps.
pub fn airline(y: &[f64], m: usize, h: usize, shocks: &Shocks) -> Result<Forecast, Unfit> {
    fit(y, m)?.forecast(h, shocks)
}

#[cfg(test)]
mod tests {
    use rand_distr::{Distribution, StandardNormal};
    use rand_pcg::rand_core::SeedableRng;

    use super::*;

    /// `n` values of the airline process (1 + theta B)(1 + Theta B^m) e_t of the differences,
    /// shocks of sd `sigma`, from a log level of 5; returned as exp of the logarithms.
    fn simulated(theta: f64, seasonal_theta: f64, m: usize, sigma: f64, n: usize, seed: u64) -> Vec<f64> {
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
        let c = polynomial(theta, seasonal_theta, m);
        let e: Vec<f64> =
            (0..n).map(|_| sigma * Distribution::<f64>::sample(&StandardNormal, &mut rng)).collect();
        let mut z = vec![5.0; m + 1];
        for t in m + 1..n {
            let w: f64 = c.iter().enumerate().filter(|(k, _)| *k <= t).map(|(k, ck)| ck * e[t - k]).sum();
            z.push(w + z[t - 1] + z[t - m] - z[t - m - 1]);
        }
        z.iter().map(|v| v.exp()).collect()
    }

    #[test]
    fn a_constant_series_is_projected_flat() {
        let f = airline(&[40.0; 20], 4, 6, &Shocks::new(50, 6, 1)).unwrap();
        assert!(f.mean.iter().all(|v| (v - 40.0).abs() < 1e-9), "{:?}", f.mean);
        assert_eq!(f.step(5).lo95, f.step(5).hi95);
    }

    #[test]
    fn a_seasonal_pattern_on_a_line_is_continued_exactly() {
        // The line starts at 0 (a route opening): fitted on the values (no logarithm of 0),
        // where the two differences of a pattern on a line are all zero.
        let pattern = [0.0, 30.0, 50.0, 20.0];
        let y: Vec<f64> = (0..24).map(|t| 2.0 * t as f64 + pattern[t % 4]).collect();
        let f = airline(&y, 4, 8, &Shocks::new(50, 8, 1)).unwrap();
        for (j, v) in f.mean.iter().enumerate() {
            let t = 24 + j;
            assert!((v - (2.0 * t as f64 + pattern[t % 4])).abs() < 1e-9, "{:?}", f.mean);
        }
        assert!(!f.model.contains("logs"), "{}", f.model);
    }

    #[test]
    fn the_coefficients_of_a_simulated_process_are_recovered() {
        for (theta, seasonal_theta, m) in [(-0.4, -0.6, 4), (0.3, -0.5, 12)] {
            let y = simulated(theta, seasonal_theta, m, 0.05, 1500, 7);
            let fit = fit(&y, m).unwrap();
            assert!(fit.logs);
            assert!((fit.theta - theta).abs() < 0.06, "{m}: {} against {theta}", fit.theta);
            assert!(
                (fit.seasonal_theta - seasonal_theta).abs() < 0.06,
                "{m}: {} against {seasonal_theta}",
                fit.seasonal_theta
            );
            assert!((fit.sigma - 0.05).abs() < 0.004, "{m}: {}", fit.sigma);
        }
    }

    #[test]
    fn the_spread_of_the_paths_follows_the_psi_weights() {
        // Far from the series' start the exact predictor is the infinite-past one: the
        // variance h steps ahead is sigma^2 times the sum of the first h squared psi weights of
        // (1 + theta B)(1 + Theta B^m) / ((1 - B)(1 - B^m)).
        let m = 4;
        let y = simulated(-0.3, -0.5, m, 0.05, 800, 3);
        let fit = fit(&y, m).unwrap();
        let h = 12;
        let c = polynomial(fit.theta, fit.seasonal_theta, m);
        let mut psi = vec![0.0; h];
        for j in 0..h {
            let mut v = c.get(j).copied().unwrap_or(0.0);
            if j >= 1 {
                v += psi[j - 1];
            }
            if j >= m {
                v += psi[j - m];
            }
            if j > m {
                v -= psi[j - m - 1];
            }
            psi[j] = v;
        }
        let shocks = Shocks::new(20_000, h, 11);
        let f = fit.forecast(h, &shocks).unwrap();
        let (_, resp) = fit.project(h).unwrap();
        for j in [0, 3, 7, 11] {
            let formula: f64 = psi[..=j].iter().map(|p| p * p).sum::<f64>() * fit.sigma.powi(2);
            let analytic: f64 = (0..=j).map(|s| resp[j * h + s].powi(2)).sum::<f64>() * fit.sigma.powi(2);
            assert!((analytic / formula - 1.0).abs() < 1e-6, "step {j}: {analytic} against {formula}");
            // The simulated logarithms have that variance.
            let logs: Vec<f64> = f.paths().map(|p| p[j].ln()).collect();
            let mean = logs.iter().sum::<f64>() / logs.len() as f64;
            let var = logs.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (logs.len() - 1) as f64;
            assert!((var / formula - 1.0).abs() < 0.05, "step {j}: simulated {var} against {formula}");
            // And the forecast is the lognormal's mean, a little above its median.
            assert!((f.mean[j] / (mean + var / 2.0).exp() - 1.0).abs() < 0.01, "step {j}");
        }
    }

    #[test]
    fn far_from_the_start_the_forecasts_are_the_infinite_past_recursions() {
        // With the coefficients given, after 1,500 steps the exact predictor is the recursion
        // of the shocks from zeros before the series (conditional sum of squares): the
        // differences ahead are the moving average of the known shocks, summed back up.
        let (theta, seasonal_theta, m) = (-0.4, -0.6, 4);
        let y = simulated(theta, seasonal_theta, m, 0.05, 1500, 5);
        let z: Vec<f64> = y.iter().map(|v| v.ln()).collect();
        let w: Vec<f64> = (m + 1..z.len()).map(|t| z[t] - z[t - 1] - z[t - m] + z[t - m - 1]).collect();
        let fit = Fit::at(m, true, z.clone(), &w, theta, seasonal_theta).unwrap();
        let (ahead, _) = fit.project(6).unwrap();
        let c = polynomial(theta, seasonal_theta, m);
        let mut e = vec![0.0; w.len() + 6];
        for t in 0..w.len() {
            let past: f64 = (1..c.len()).filter(|k| *k <= t).map(|k| c[k] * e[t - k]).sum();
            e[t] = w[t] - past;
        }
        let mut expected = z.clone();
        for j in 0..6 {
            let t = w.len() + j;
            let dw: f64 = (1..c.len()).filter(|k| t - k < w.len()).map(|k| c[k] * e[t - k]).sum();
            let n = expected.len();
            expected.push(dw + expected[n - 1] + expected[n - m] - expected[n - m - 1]);
        }
        for (j, v) in ahead.iter().enumerate() {
            assert!(
                (v - expected[z.len() + j]).abs() < 1e-9,
                "step {j}: {v} against {}",
                expected[z.len() + j]
            );
        }
        assert_eq!(min_len(4), 13);
        assert_eq!(min_len(12), 29);
    }

    #[test]
    fn a_short_series_is_refused_with_the_length_it_needs() {
        let e = airline(&[5.0; 12], 4, 4, &Shocks::new(10, 4, 1)).unwrap_err();
        assert_eq!(e.reason, "the airline model needs at least 13 values, the series has 12");
        // One step a year: differenced once, an MA(1).
        let y: Vec<f64> = (0..10).map(|t| 10.0 + t as f64 + (t % 3) as f64).collect();
        let f = airline(&y, 1, 2, &Shocks::new(10, 2, 1)).unwrap();
        assert!(f.model.starts_with("ARIMA(0,1,1) of logs, ma1"), "{}", f.model);
        assert!(f.mean.iter().all(|v| v.is_finite() && *v > 0.0));
    }
}
