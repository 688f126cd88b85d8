//! The Theta method of Assimakopoulos and Nikolopoulos (2000) as Hyndman and Billah (2003)
//! showed it to be, and R's `forecast::thetaf` computes it: simple exponential smoothing of
//! the seasonally adjusted series plus half its linear trend, seasons put back by the
//! classical multiplicative decomposition when the lag-m autocorrelation says the series is
//! seasonal. Intervals from the smoothing model's own simulated paths.

use super::ets::{self, Error, Season, Spec, Trend};
use super::{seasonal, Forecast, Method, Shocks, Unfit};

pub fn theta(y: &[f64], m: usize, h: usize, shocks: &Shocks) -> Result<Forecast, Unfit> {
    let n = y.len();
    if n < 4 {
        return Err(Unfit::new(format!("the Theta method needs at least 4 values, the series has {n}")));
    }
    let indices = if seasonal::is_seasonal(y, m) { seasonal::indices(y, m, true) } else { None };
    let index = |t: usize| indices.as_ref().map_or(1.0, |s| s[t % m]);
    let adjusted: Vec<f64> = y.iter().enumerate().map(|(t, v)| v / index(t)).collect();
    let ses =
        ets::fit(&adjusted, 1, Spec { error: Error::Additive, trend: Trend::None, season: Season::None })?;
    // The slope of the adjusted series on time: half of it is the Theta line's drift.
    let (_, slope) = ets::line(&adjusted);
    let alpha = ses.params.alpha;
    let start = (1.0 - (1.0 - alpha).powi(n as i32)) / alpha;
    let drift = |j: usize| 0.5 * slope * (j as f64 + start);
    let mean: Vec<f64> = ses.mean(h).iter().enumerate().map(|(j, v)| (v + drift(j)) * index(n + j)).collect();
    let paths = ses.simulate(h, shocks);
    let sims: Vec<f64> =
        paths.iter().enumerate().map(|(i, v)| (v + drift(i % h)) * index(n + i % h)).collect();
    let model = if indices.is_some() { "Theta (seasonally adjusted)" } else { "Theta" };
    Ok(Forecast::new(Method::Theta, model.into(), mean, sims))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_continued_at_half_its_slope_plus_the_smoothed_level() {
        // A straight line: SES follows it closely (alpha near 1), so the forecast starts near the
        // last value and climbs at about half the slope, as the Theta method does.
        let y: Vec<f64> = (0..30).map(|t| 10.0 + 2.0 * t as f64).collect();
        let f = theta(&y, 1, 3, &Shocks::new(10, 3, 1)).unwrap();
        assert!(f.mean[1] - f.mean[0] > 0.9 && f.mean[1] - f.mean[0] < 1.1, "{:?}", f.mean);
        assert!((f.mean[0] - 69.0).abs() < 3.0, "{:?}", f.mean);
    }

    #[test]
    fn seasons_are_put_back() {
        let pattern = [0.5, 1.5, 1.0, 1.0];
        let y: Vec<f64> = (0..40).map(|t| 100.0 * pattern[t % 4]).collect();
        let f = theta(&y, 4, 4, &Shocks::new(10, 4, 1)).unwrap();
        for (v, p) in f.mean.iter().zip(pattern) {
            assert!((v - 100.0 * p).abs() < 2.0, "{:?}", f.mean);
        }
    }
}
