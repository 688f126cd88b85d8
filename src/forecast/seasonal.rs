//! Classical decomposition: the seasonal indices the Theta method divides out and ETS starts
//! from, and the test of whether a series is seasonal at all.

/// Centred moving average of order `m` (a 2 x m average when `m` is even); `None` at the ends.
fn centred_average(y: &[f64], m: usize) -> Vec<Option<f64>> {
    let n = y.len();
    let mut out = vec![None; n];
    if m < 2 || n < m + 1 {
        return out;
    }
    let half = m / 2;
    for (t, slot) in out.iter_mut().enumerate().take(n - half).skip(half) {
        *slot = Some(if m.is_multiple_of(2) {
            let inner: f64 = y[t + 1 - half..t + half].iter().sum();
            (inner + 0.5 * (y[t - half] + y[t + half])) / m as f64
        } else {
            y[t - half..=t + half].iter().sum::<f64>() / m as f64
        });
    }
    out
}

/// Seasonal indices by position in the year (index 0 = the position of `y[0]`), from the
/// detrended values averaged by season: ratios normalised to mean 1 when `multiplicative`,
/// differences normalised to mean 0 otherwise. `None` for fewer than two years.
pub fn indices(y: &[f64], m: usize, multiplicative: bool) -> Option<Vec<f64>> {
    if m < 2 || y.len() < 2 * m {
        return None;
    }
    let trend = centred_average(y, m);
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    for (t, (v, c)) in y.iter().zip(&trend).enumerate() {
        let Some(c) = c else { continue };
        let d = if multiplicative {
            if *c == 0.0 {
                continue;
            }
            v / c
        } else {
            v - c
        };
        sums[t % m] += d;
        counts[t % m] += 1;
    }
    if counts.contains(&0) {
        return None;
    }
    let mut s: Vec<f64> = sums.iter().zip(&counts).map(|(s, c)| s / *c as f64).collect();
    let mean = s.iter().sum::<f64>() / m as f64;
    if multiplicative {
        if mean <= 0.0 || s.iter().any(|v| *v <= 0.0) {
            return None;
        }
        s.iter_mut().for_each(|v| *v /= mean);
    } else {
        s.iter_mut().for_each(|v| *v -= mean);
    }
    Some(s)
}

/// Autocorrelation at lags 1..=max_lag.
fn acf(y: &[f64], max_lag: usize) -> Vec<f64> {
    let n = y.len();
    let mean = y.iter().sum::<f64>() / n as f64;
    let c0: f64 = y.iter().map(|v| (v - mean).powi(2)).sum();
    (1..=max_lag)
        .map(|k| {
            if c0 == 0.0 || k >= n {
                return 0.0;
            }
            (k..n).map(|t| (y[t] - mean) * (y[t - k] - mean)).sum::<f64>() / c0
        })
        .collect()
}

/// The seasonality test of Assimakopoulos and Nikolopoulos (as R's `forecast::thetaf`): the
/// autocorrelation at lag m beyond 1.645 of its standard error (90%, one-sided).
pub fn is_seasonal(y: &[f64], m: usize) -> bool {
    if m < 2 || y.len() < 2 * m {
        return false;
    }
    let r = acf(y, m);
    let inner: f64 = r[..m - 1].iter().map(|v| v * v).sum();
    let limit = 1.645 * ((1.0 + 2.0 * inner) / y.len() as f64).sqrt();
    r[m - 1].abs() > limit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pure_seasonal_pattern_gives_back_its_indices() {
        let pattern = [0.5, 1.0, 1.5, 1.0];
        let y: Vec<f64> = (0..16).map(|t| 100.0 * pattern[t % 4]).collect();
        let s = indices(&y, 4, true).unwrap();
        for (a, b) in s.iter().zip(pattern) {
            assert!((a - b).abs() < 1e-9, "{s:?}");
        }
        assert!(is_seasonal(&y, 4));
        let add = indices(&y, 4, false).unwrap();
        assert!((add[0] + 50.0).abs() < 1e-9, "{add:?}");
    }

    #[test]
    fn a_line_is_not_seasonal() {
        let y: Vec<f64> = (0..48).map(|t| 10.0 + t as f64).collect();
        assert!(!is_seasonal(&y, 12));
        assert!(indices(&y[..20], 12, true).is_none(), "fewer than two years");
    }
}
