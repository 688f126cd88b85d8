//! Forecast accuracy as the tourism forecasting competition scores it (Athanasopoulos et al.
//! 2011): MASE scaled by the in-sample seasonal-naive error, MAPE where no actual is zero,
//! and the share of actuals inside the 80% and 95% intervals.

use super::Interval;

/// The scores of one forecast against what happened.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub mase: f64,
    /// `None` where an actual is zero.
    pub mape: Option<f64>,
    /// Mean error (forecast - actual) as a percent of the mean actual.
    pub bias_pct: Option<f64>,
    pub in80: usize,
    pub in95: usize,
    pub steps: usize,
    /// Steps with an interval (a method that cannot say its spread gives none).
    pub with_interval: usize,
}

/// The in-sample mean absolute seasonal difference (`m` = 1: first difference): MASE's scale.
pub fn mase_scale(train: &[f64], m: usize) -> Option<f64> {
    let m = m.max(1);
    if train.len() <= m {
        return None;
    }
    let s = (m..train.len()).map(|t| (train[t] - train[t - m]).abs()).sum::<f64>() / (train.len() - m) as f64;
    (s > 0.0).then_some(s)
}

/// Scores the forecasts `steps` (each with its intervals) against `actual`, step by step.
pub fn score(steps: &[Interval], train: &[f64], m: usize, actual: &[f64]) -> Option<Score> {
    let scale = mase_scale(train, m)?;
    let h = actual.len().min(steps.len());
    if h == 0 {
        return None;
    }
    let errors: Vec<f64> = (0..h).map(|j| steps[j].forecast - actual[j]).collect();
    let mase = errors.iter().map(|e| e.abs()).sum::<f64>() / h as f64 / scale;
    let mape = actual[..h]
        .iter()
        .all(|a| *a != 0.0)
        .then(|| errors.iter().zip(actual).map(|(e, a)| (e / a).abs()).sum::<f64>() / h as f64 * 100.0);
    let mean_actual = actual[..h].iter().sum::<f64>() / h as f64;
    let bias_pct = (mean_actual != 0.0).then(|| errors.iter().sum::<f64>() / h as f64 / mean_actual * 100.0);
    let (mut in80, mut in95, mut with_interval) = (0, 0, 0);
    for (i, a) in steps.iter().zip(&actual[..h]) {
        if ![i.lo80, i.hi80, i.lo95, i.hi95].iter().all(|v| v.is_finite()) {
            continue;
        }
        with_interval += 1;
        in80 += usize::from(i.lo80 <= *a && *a <= i.hi80);
        in95 += usize::from(i.lo95 <= *a && *a <= i.hi95);
    }
    Some(Score { mase, mape, bias_pct, in80, in95, steps: h, with_interval })
}

#[cfg(test)]
mod tests {
    use super::super::{seasonal_naive, Shocks};
    use super::*;

    #[test]
    fn mase_of_seasonal_naive_on_a_repeating_year_is_zero_and_scales_by_in_sample_error() {
        let train = [1.0, 2.0, 3.0, 4.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(mase_scale(&train, 4), Some(1.0));
        let f = seasonal_naive(&train, 4, 4, &Shocks::new(100, 4, 1)).unwrap();
        let f: Vec<_> = (0..4).map(|j| f.step(j)).collect();
        let s = score(&f, &train, 4, &[2.0, 3.0, 4.0, 5.0]).unwrap();
        assert_eq!(s.mase, 0.0);
        let s = score(&f, &train, 4, &[4.0, 5.0, 6.0, 7.0]).unwrap();
        assert_eq!(s.mase, 2.0);
        assert_eq!(
            s.mape.map(|v| (v * 100.0).round() / 100.0),
            Some(((2.0 / 4.0 + 2.0 / 5.0 + 2.0 / 6.0 + 2.0 / 7.0) / 4.0 * 100.0 * 100.0f64).round() / 100.0)
        );
        assert!(score(&f, &train, 4, &[0.0, 5.0]).unwrap().mape.is_none());
    }
}
