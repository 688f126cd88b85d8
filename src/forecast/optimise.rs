//! Minimising a likelihood with argmin's Nelder-Mead (derivative-free, as R's `ets` and
//! statsforecast fit exponential smoothing).

use argmin::core::{CostFunction, Error, Executor, State};
use argmin::solver::neldermead::NelderMead;

struct Cost<F: Fn(&[f64]) -> f64>(F);

impl<F: Fn(&[f64]) -> f64> CostFunction for Cost<F> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, p: &Vec<f64>) -> Result<f64, Error> {
        let c = (self.0)(p);
        Ok(if c.is_finite() { c } else { f64::MAX / 4.0 })
    }
}

/// The point near `start` where `f` is least: the first simplex steps each coordinate by
/// `step[i]`; at most `iters` iterations. Returns the point and `f` there.
pub fn minimise(f: impl Fn(&[f64]) -> f64, start: &[f64], step: &[f64], iters: u64) -> (Vec<f64>, f64) {
    let mut simplex = vec![start.to_vec()];
    for (i, s) in step.iter().enumerate() {
        let mut v = start.to_vec();
        v[i] += s;
        simplex.push(v);
    }
    let at_start = f(start);
    let fallback = || (start.to_vec(), at_start);
    let Ok(solver) = NelderMead::new(simplex).with_sd_tolerance(1e-5) else {
        return fallback();
    };
    match Executor::new(Cost(f), solver).configure(|s| s.max_iters(iters)).run() {
        Ok(r) => {
            let state = r.state();
            match state.get_best_param() {
                Some(p) => (p.clone(), state.get_best_cost()),
                None => fallback(),
            }
        }
        Err(_) => fallback(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_bottom_of_a_bowl() {
        let (p, c) =
            minimise(|p| (p[0] - 3.0).powi(2) + 10.0 * (p[1] + 1.0).powi(2), &[0.0, 0.0], &[1.0, 1.0], 500);
        assert!((p[0] - 3.0).abs() < 1e-3 && (p[1] + 1.0).abs() < 1e-3, "{p:?}");
        assert!(c < 1e-5);
    }
}
