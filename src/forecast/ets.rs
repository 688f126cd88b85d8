//! Exponential smoothing in the innovations state-space form of Hyndman, Koehler, Ord and
//! Snyder (2008), as R's `forecast::ets`: error additive or multiplicative, trend none,
//! additive or damped, seasonality none, additive or multiplicative; parameters by maximum
//! likelihood (Nelder-Mead), the model chosen by AICc. The initial seasonal states come from a
//! classical decomposition of the first years and are counted as parameters in the AICc; the
//! smoothing parameters and the initial level and trend are fitted.

use std::fmt;

use super::optimise::minimise;
use super::{seasonal, Forecast, Method, Shocks, Unfit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    Additive,
    Multiplicative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    None,
    Additive,
    Damped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Season {
    None,
    Additive,
    Multiplicative,
}

/// One model of the family, e.g. ETS(M,Ad,M).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub error: Error,
    pub trend: Trend,
    pub season: Season,
}

impl fmt::Display for Spec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = match self.error {
            Error::Additive => "A",
            Error::Multiplicative => "M",
        };
        let t = match self.trend {
            Trend::None => "N",
            Trend::Additive => "A",
            Trend::Damped => "Ad",
        };
        let s = match self.season {
            Season::None => "N",
            Season::Additive => "A",
            Season::Multiplicative => "M",
        };
        write!(f, "ETS({e},{t},{s})")
    }
}

impl Spec {
    /// The models `forecast::ets` tries by default: no multiplicative trend, and no additive
    /// error with multiplicative seasonality (numerically unstable); multiplicative parts only
    /// for positive data, seasonal ones only with two years of data.
    pub fn candidates(y: &[f64], m: usize) -> Vec<Spec> {
        let positive = y.iter().all(|v| *v > 0.0);
        let seasonal = m > 1 && y.len() >= 2 * m;
        let mut out = Vec::new();
        for error in [Error::Additive, Error::Multiplicative] {
            for trend in [Trend::None, Trend::Additive, Trend::Damped] {
                for season in [Season::None, Season::Additive, Season::Multiplicative] {
                    let mult = error == Error::Multiplicative || season == Season::Multiplicative;
                    if (mult && !positive)
                        || (season != Season::None && !seasonal)
                        || (error == Error::Additive && season == Season::Multiplicative)
                    {
                        continue;
                    }
                    out.push(Spec { error, trend, season });
                }
            }
        }
        out
    }
}

/// Smoothing parameters (`beta` as in `forecast::ets`: at most `alpha`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub phi: f64,
}

/// A fitted model: its states after the last value and the spread of its errors.
#[derive(Debug, Clone)]
pub struct Fit {
    pub spec: Spec,
    pub params: Params,
    pub m: usize,
    level: f64,
    trend: f64,
    /// Seasonal states by position in the year: `season[t % m]` is the state for step t.
    season: Vec<f64>,
    /// The number of values fitted (positions continue from here).
    n: usize,
    pub sigma: f64,
    pub aicc: f64,
}

/// Runs the model over `y` from its initial states; returns the likelihood term
/// (n log SSE (+ 2 sum log|f|)) and the states after the last value, or `None` where a
/// forecast is not positive under multiplicative error.
fn filter(
    y: &[f64],
    spec: Spec,
    p: Params,
    m: usize,
    l0: f64,
    b0: f64,
    s0: &[f64],
) -> Option<(f64, f64, State)> {
    let mut st = State { level: l0, trend: b0, season: s0.to_vec() };
    let (mut sse, mut logs) = (0.0, 0.0);
    // The position in the year, counted rather than divided for: this loop is most of a fit.
    let mut pos = 0;
    for v in y {
        let f = st.forecast_one(spec, p, pos);
        let e = match spec.error {
            Error::Additive => v - f,
            Error::Multiplicative => {
                if f <= 0.0 {
                    return None;
                }
                logs += f.ln();
                (v - f) / f
            }
        };
        sse += e * e;
        st.update(spec, p, pos, *v);
        pos = if pos + 1 == m.max(1) { 0 } else { pos + 1 };
    }
    let n = y.len() as f64;
    if !(sse.is_finite() && sse > 0.0) {
        // A perfect fit: likelihood unbounded; take a tiny error so models still compare.
        return Some((n * (1e-300f64).ln() + 2.0 * logs, 0.0, st));
    }
    Some((n * sse.ln() + 2.0 * logs, sse, st))
}

#[derive(Debug, Clone)]
struct State {
    level: f64,
    trend: f64,
    season: Vec<f64>,
}

impl State {
    fn forecast_one(&self, spec: Spec, p: Params, pos: usize) -> f64 {
        let q = match spec.trend {
            Trend::None => self.level,
            Trend::Additive => self.level + self.trend,
            Trend::Damped => self.level + p.phi * self.trend,
        };
        match spec.season {
            Season::None => q,
            Season::Additive => q + self.season[pos],
            Season::Multiplicative => q * self.season[pos],
        }
    }

    fn update(&mut self, spec: Spec, p: Params, pos: usize, y: f64) {
        let phib = match spec.trend {
            Trend::None => 0.0,
            Trend::Additive => self.trend,
            Trend::Damped => p.phi * self.trend,
        };
        let q = self.level + phib;
        let s = match spec.season {
            Season::None => 0.0,
            _ => self.season[pos],
        };
        let deseasoned = match spec.season {
            Season::None => y,
            Season::Additive => y - s,
            Season::Multiplicative => y / s,
        };
        let level = q + p.alpha * (deseasoned - q);
        if spec.trend != Trend::None {
            self.trend = phib + p.beta / p.alpha * (level - self.level - phib);
        }
        match spec.season {
            Season::None => {}
            Season::Additive => self.season[pos] = s + p.gamma * (y - q - s),
            Season::Multiplicative => self.season[pos] = s + p.gamma * (y / q - s),
        }
        self.level = level;
    }
}

/// Ordinary least squares of `y` on 1..=n: (intercept at t = 0, slope).
pub(super) fn line(y: &[f64]) -> (f64, f64) {
    let n = y.len() as f64;
    let tm = (n + 1.0) / 2.0;
    let ym = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, v) in y.iter().enumerate() {
        let t = i as f64 + 1.0 - tm;
        sxy += t * (v - ym);
        sxx += t * t;
    }
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (ym - slope * tm, slope)
}

/// Fits one model to `y` (m steps a year).
pub fn fit(y: &[f64], m: usize, spec: Spec) -> Result<Fit, Unfit> {
    let n = y.len();
    let seasonal = spec.season != Season::None;
    let s0 = if seasonal {
        let first = &y[..n.min(4 * m).max(2 * m).min(n)];
        seasonal::indices(first, m, spec.season == Season::Multiplicative)
            .ok_or_else(|| Unfit::new(format!("{spec} needs two years of data to start its seasons")))?
    } else {
        vec![0.0; m.max(1)]
    };
    let adjusted: Vec<f64> = y
        .iter()
        .take(10.max(2 * m).min(n))
        .enumerate()
        .map(|(t, v)| match spec.season {
            Season::None => *v,
            Season::Additive => v - s0[t % m],
            Season::Multiplicative => v / s0[t % m],
        })
        .collect();
    let (mut l0, mut b0) = line(&adjusted);
    if spec.trend == Trend::None {
        l0 = adjusted.iter().take(m.max(1)).sum::<f64>() / m.max(1).min(adjusted.len()) as f64;
        b0 = 0.0;
    }
    let has_trend = spec.trend != Trend::None;
    let damped = spec.trend == Trend::Damped;
    // The parameter vector: alpha, [beta], [gamma], [phi], l0, [b0].
    let unpack = |v: &[f64]| -> (Params, f64, f64) {
        let mut i = 0;
        let mut next = || {
            i += 1;
            v[i - 1]
        };
        let alpha = next();
        let beta = if has_trend { next() } else { 0.0 };
        let gamma = if seasonal { next() } else { 0.0 };
        let phi = if damped { next() } else { 1.0 };
        let l = next();
        let b = if has_trend { next() } else { 0.0 };
        (Params { alpha, beta, gamma, phi }, l, b)
    };
    let admissible = |p: &Params| {
        (1e-4..=0.9999).contains(&p.alpha)
            && (!has_trend || (1e-4 <= p.beta && p.beta <= p.alpha))
            && (!seasonal || (1e-4 <= p.gamma && p.gamma <= 1.0 - p.alpha))
            && (!damped || (0.8..=0.98).contains(&p.phi))
    };
    let cost = |v: &[f64]| {
        let (p, l, b) = unpack(v);
        if !admissible(&p) || (spec.error == Error::Multiplicative && l <= 0.0) {
            return f64::INFINITY;
        }
        filter(y, spec, p, m, l, b, &s0).map_or(f64::INFINITY, |r| r.0)
    };
    let scale = y.iter().map(|v| v.abs()).sum::<f64>() / n as f64;
    let mut start = vec![0.2];
    let mut step = vec![0.1];
    if has_trend {
        start.push(0.02);
        step.push(0.01);
    }
    if seasonal {
        start.push(0.05);
        step.push(0.05);
    }
    if damped {
        start.push(0.95);
        step.push(0.02);
    }
    start.push(l0);
    step.push((0.1 * l0.abs()).max(0.01 * scale).max(1e-6));
    if has_trend {
        start.push(b0);
        step.push((0.1 * b0.abs()).max(0.001 * scale).max(1e-6));
    }
    if !cost(&start).is_finite() {
        return Err(Unfit::new(format!("{spec} cannot start on this series")));
    }
    let iters = 200 * start.len() as u64;
    let (best, lik) = minimise(cost, &start, &step, iters);
    if !lik.is_finite() || lik >= f64::MAX / 8.0 {
        return Err(Unfit::new(format!("{spec} found no fit")));
    }
    let (params, l, b) = unpack(&best);
    let (lik, sse, st) =
        filter(y, spec, params, m, l, b, &s0).ok_or_else(|| Unfit::new(format!("{spec} found no fit")))?;
    // Parameters counted as forecast::ets does: smoothing, initial states (m - 1 free seasons)
    // and the error variance.
    let k = (best.len() + if seasonal { m - 1 } else { 0 } + 1) as f64;
    let nf = n as f64;
    let aic = lik + 2.0 * k;
    let aicc = if nf - k - 1.0 > 0.0 { aic + 2.0 * k * (k + 1.0) / (nf - k - 1.0) } else { f64::INFINITY };
    let dof = if nf > k { nf - k } else { nf };
    Ok(Fit {
        spec,
        params,
        m: m.max(1),
        level: st.level,
        trend: st.trend,
        season: st.season,
        n,
        sigma: (sse / dof).sqrt(),
        aicc,
    })
}

impl Fit {
    fn state(&self) -> State {
        State { level: self.level, trend: self.trend, season: self.season.clone() }
    }

    /// The point forecasts (the states projected without errors).
    pub fn mean(&self, h: usize) -> Vec<f64> {
        let mut st = self.state();
        (0..h)
            .map(|j| {
                let pos = (self.n + j) % self.m;
                let f = st.forecast_one(self.spec, self.params, pos);
                st.update(self.spec, self.params, pos, f);
                f
            })
            .collect()
    }

    /// Paths simulated from the model with the given shocks, `h` steps each.
    pub fn simulate(&self, h: usize, shocks: &Shocks) -> Vec<f64> {
        let mut out = Vec::with_capacity(shocks.paths() * h);
        let mut st = self.state();
        let first = self.n % self.m;
        for p in 0..shocks.paths() {
            // Each path starts from the fitted states, in the one buffer.
            st.level = self.level;
            st.trend = self.trend;
            st.season.copy_from_slice(&self.season);
            let mut pos = first;
            for j in 0..h {
                let f = st.forecast_one(self.spec, self.params, pos);
                let e = self.sigma * shocks.at(p, j);
                let y = match self.spec.error {
                    Error::Additive => f + e,
                    Error::Multiplicative => f * (1.0 + e),
                };
                st.update(self.spec, self.params, pos, y);
                out.push(y);
                pos = if pos + 1 == self.m { 0 } else { pos + 1 };
            }
        }
        out
    }

    pub fn forecast(&self, h: usize, shocks: &Shocks) -> Forecast {
        Forecast::new(Method::Ets, self.spec.to_string(), self.mean(h), self.simulate(h, shocks))
    }
}

/// The model of least AICc among `Spec::candidates`.
pub fn select(y: &[f64], m: usize) -> Result<Fit, Unfit> {
    if y.len() < 4 {
        return Err(Unfit::new(format!(
            "exponential smoothing needs at least 4 values, the series has {}",
            y.len()
        )));
    }
    let mut best: Option<Fit> = None;
    let mut why = None;
    for spec in Spec::candidates(y, m) {
        match fit(y, m, spec) {
            Ok(f) if best.as_ref().is_none_or(|b| f.aicc < b.aicc) => best = Some(f),
            Ok(_) => {}
            Err(e) => why = Some(e),
        }
    }
    best.filter(|b| b.aicc.is_finite())
        .ok_or_else(|| why.unwrap_or_else(|| Unfit::new("no exponential smoothing model fits the series")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_constant_series_is_projected_flat() {
        let y = [50.0; 30];
        let f = select(&y, 1).unwrap().forecast(5, &Shocks::new(200, 5, 1));
        for v in &f.mean {
            assert!((v - 50.0).abs() < 1e-6, "{:?} {}", f.mean, f.model);
        }
    }

    #[test]
    fn a_line_is_continued_by_a_trend_model() {
        let y: Vec<f64> =
            (0..40).map(|t| 100.0 + 5.0 * t as f64 + if t % 2 == 0 { 0.5 } else { -0.5 }).collect();
        let fit = select(&y, 1).unwrap();
        assert_ne!(fit.spec.trend, Trend::None, "{}", fit.spec);
        let f = fit.mean(3);
        // The line's next values are 300, 305, 310 (a damped trend bends slightly).
        for (v, want) in f.iter().zip([300.0, 305.0, 310.0]) {
            assert!((v - want).abs() < 3.0, "{f:?} by {}", fit.spec);
        }
    }

    #[test]
    fn a_pure_seasonal_series_is_repeated() {
        let pattern = [80.0, 120.0, 150.0, 50.0];
        let y: Vec<f64> = (0..24).map(|t| pattern[t % 4]).collect();
        let fit = select(&y, 4).unwrap();
        assert_ne!(fit.spec.season, Season::None, "{}", fit.spec);
        for (v, want) in fit.mean(4).iter().zip(pattern) {
            assert!((v - want).abs() < 1.0, "{:?} by {}", fit.mean(4), fit.spec);
        }
    }

    #[test]
    fn zeros_rule_out_multiplicative_models() {
        let y: Vec<f64> = (0..36).map(|t| if t % 12 == 0 { 0.0 } else { 10.0 + t as f64 }).collect();
        let specs = Spec::candidates(&y, 12);
        assert!(specs.iter().all(|s| s.error == Error::Additive && s.season != Season::Multiplicative));
        assert!(select(&y, 12).is_ok());
    }

    #[test]
    fn simulated_intervals_of_a_local_level_match_the_formula() {
        // ETS(A,N,N): the h-step variance is sigma^2 (1 + (h - 1) alpha^2).
        let fit = Fit {
            spec: Spec { error: Error::Additive, trend: Trend::None, season: Season::None },
            params: Params { alpha: 0.5, beta: 0.0, gamma: 0.0, phi: 1.0 },
            m: 1,
            level: 100.0,
            trend: 0.0,
            season: vec![0.0],
            n: 10,
            sigma: 2.0,
            aicc: 0.0,
        };
        let f = fit.forecast(5, &Shocks::new(20_000, 5, 9));
        let want = 1.959964 * 2.0 * (1.0f64 + 4.0 * 0.25).sqrt();
        let got = (f.step(4).hi95 - f.step(4).lo95) / 2.0;
        assert!((got - want).abs() / want < 0.03, "{got} vs {want}");
    }
}
