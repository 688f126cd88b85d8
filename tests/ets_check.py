"""Cross-check of tourstat's ETS against statsmodels' ETSModel (a reference implementation).

Usage: ets_check.py SERIES.csv FORECASTS.csv H M
SERIES.csv is long (series_id,period,value), the last H values of each series held out;
FORECASTS.csv is `tourstat backtest --method ets --forecasts` of the same.

tourstat follows forecast::ets's models, recursions, bounds and choice by AICc, with one
difference: forecast::ets estimates the initial seasons with the rest, tourstat starts them
from the classical decomposition of the series' first four years (at least two) and fits the
smoothing parameters and the initial level and trend by maximum likelihood. It still counts
the m - 1 seasons in the AICc, as forecast::ets does, which weighs against seasonal models
a little; this check counts them the same way, so it cannot show that choice, only the fits. statsmodels is given the same
problem and solves it with its own likelihood and optimiser:
- the same initial seasons, from its own `seasonal_decompose` of the same years, held fixed;
- forecast::ets's update of multiplicative seasons (statsmodels' own differs, see
  `forecast_ets_seasons`; additive seasons are the same model in both);
- each model with a trend fitted from statsmodels' start and from the fit without a trend,
  the better kept (L-BFGS stops early on the flat likelihood of a small trend).
For each series the model statsmodels' AICc chooses (parameters counted as forecast::ets
counts them) must be tourstat's, or tourstat's within AICC_TIE of it: a tie, which the
optimisers' different bounds on the trend's smoothing decide (statsmodels 1e-4 alpha,
forecast::ets 1e-4). The forecasts of tourstat's model must agree within BOUND percent
(mean absolute difference over the horizon) on every series but one, that one within
FLAT_BOUND. For information, the forecasts
statsmodels gives when it also estimates the seasons (with forecast::ets's update still) are compared too: a few
percent apart, not checked. Only point forecasts are compared; the intervals are checked
against the variance formula in the unit tests and by coverage in the backtest. Exits 1 when a
check fails.
"""
import sys
import warnings

import numpy as np
import pandas as pd
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.exponential_smoothing import _ets_smooth
from statsmodels.tsa.seasonal import seasonal_decompose

warnings.filterwarnings("ignore")
# Within BOUND percent on every series but at most one, which is within FLAT_BOUND: on a
# likelihood that is flat along the trend (M7: statsmodels' own fits with and without
# forecast::ets's bound on the trend's smoothing reach log-likelihoods 0.0013 apart with
# forecasts 0.27% apart) the two optimisers stop at points a little over 1% apart.
BOUND, FLAT_BOUND, AICC_TIE = 1.0, 2.0, 0.5


def initial_seasons(y, m, s):
    """The seasons by position in the year (0 = the position of y[0]), as tourstat starts them."""
    first = y[: min(len(y), 4 * m)]
    d = seasonal_decompose(first, model={"A": "additive", "M": "multiplicative"}[s], period=m)
    return np.asarray(d.seasonal[:m])


def forecast_ets_seasons(params, y, yhat, xhat, is_fixed, fixed_values, use_beta_star=False,
                         use_gamma_star=False):
    """statsmodels' smoother for an additive (or no) trend and multiplicative seasons, with the
    season updated as forecast::ets updates it (etscalc.c): from the level before the step,
    s_t = s_{t-m} + gamma (y_t / (l_{t-1} + phi b_{t-1}) - s_{t-m}). statsmodels' own
    (_ets_smooth.pyx) divides by the new level l_t and scales gamma by 1 / (1 - alpha): the same
    model for additive seasons, a different one for multiplicative seasons."""
    alpha, beta_star, gamma_star, phi, m, n = _ets_smooth._initialize_ets_smooth(
        params, xhat, is_fixed, fixed_values, use_beta_star, use_gamma_star
    )
    gamma = gamma_star * (1 - alpha)
    prev = n - 1
    for i in range(n):
        level, trend, season = xhat[prev, 0], xhat[prev, 1], xhat[prev, 2 + m - 1]
        q = level + phi * trend
        yhat[i] = q * season
        xhat[i, 0] = alpha * (y[i] / season) + (1 - alpha) * q
        xhat[i, 1] = beta_star * (xhat[i, 0] - level) + (1 - beta_star) * phi * trend
        xhat[i, 2] = season + gamma * (y[i] / q - season)
        xhat[i, 3:] = xhat[prev, 2 : 2 + m - 1]
        prev = i


class Fits:
    """statsmodels' fits of one series, each model fitted once."""

    def __init__(self, y, m):
        self.y, self.m, self.done = y, m, {}

    def model(self, e, t, s):
        model = ETSModel(
            self.y,
            error={"A": "add", "M": "mul"}[e],
            trend=None if t == "N" else "add",
            damped_trend=t == "Ad",
            seasonal=None if s == "N" else {"A": "add", "M": "mul"}[s],
            seasonal_periods=self.m if s != "N" else None,
            initialization_method="estimated",
        )
        if s == "M":
            model._smoothing_func = forecast_ets_seasons
        return model

    def fit(self, e, t, s, fixed_seasons=True):
        """The model fitted from statsmodels' own start and, with a trend, also from the fit
        without one (trend 0): L-BFGS stops on the flat likelihood of a small trend, so the
        better of the two is kept. The seasons start as tourstat's and stay there, unless
        `fixed_seasons` is False."""
        key = (e, t, s, fixed_seasons)
        if key not in self.done:
            self.done[key] = self._fit(e, t, s, fixed_seasons)
        return self.done[key]

    def _fit(self, e, t, s, fixed_seasons):
        model = self.model(e, t, s)
        starts = [None]
        if t != "N":
            flat = self.fit(e, "N", s, fixed_seasons)
            start = dict(zip(model.param_names, model.start_params))
            start.update(zip(flat.model.param_names, flat.params))
            start.update(smoothing_trend=1e-3 * start["smoothing_level"], initial_trend=0.0)
            if t == "Ad":
                start["damping_trend"] = 0.97
            starts.append(np.array([start[name] for name in model.param_names]))
        fixed = {}
        if s != "N" and fixed_seasons:
            seasons = initial_seasons(self.y, self.m, s)
            # statsmodels names the state used at step 0 (s_{-m}) initial_seasonal.<m-1>.
            fixed = {f"initial_seasonal.{i}": float(seasons[self.m - 1 - i]) for i in range(self.m)}
        best = None
        with model.fix_params(fixed):
            for start in starts:
                r = model.fit(start_params=start, disp=False, maxiter=10000, factr=10, pgtol=1e-10)
                if best is None or r.llf > best.llf:
                    best = r
        return best

    def aicc(self, e, t, s):
        """AICc with the parameters counted as forecast::ets counts them."""
        r, n = self.fit(e, t, s), len(self.y)
        k = 1 + (t != "N") + (s != "N") + (t == "Ad") + 1 + (t != "N") + (self.m - 1 if s != "N" else 0) + 1
        return -2 * r.llf + 2 * k + 2 * k * (k + 1) / (n - k - 1) if n - k - 1 > 0 else np.inf

    def choice(self):
        """The model of least AICc among forecast::ets's candidates."""
        positive = bool((self.y > 0).all())
        seasonal = len(self.y) >= 2 * self.m
        best = None
        for e in "AM":
            for t in ["N", "A", "Ad"]:
                for s in "NAM":
                    if (e == "M" or s == "M") and not positive or (e == "A" and s == "M"):
                        continue
                    if s != "N" and not seasonal:
                        continue
                    try:
                        a = self.aicc(e, t, s)
                    except Exception:
                        continue
                    if np.isfinite(a) and (best is None or a < best[0]):
                        best = (a, f"ETS({e},{t},{s})")
        return best if best else (np.inf, "none")


def difference(ours, theirs):
    return float(np.mean(np.abs(ours - theirs) / np.abs(theirs)) * 100)


def main():
    series, forecasts = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
    h, m = int(sys.argv[3]), int(sys.argv[4])
    diffs, free, same, ties = [], [], 0, 0
    for sid, g in forecasts.groupby("series_id", sort=False):
        model = g.model.iloc[0]
        e, t, s = model[len("ETS("):-1].split(",")
        fits = Fits(series[series.series_id == sid].value.to_numpy(dtype=float)[:-h], m)
        ours = g.sort_values("h").forecast.to_numpy()
        d = difference(ours, np.asarray(fits.fit(e, t, s).forecast(h)))
        f = difference(ours, np.asarray(fits.fit(e, t, s, fixed_seasons=False).forecast(h)))
        least, choice = fits.choice()
        behind = fits.aicc(e, t, s) - least
        same += choice == model
        ties += choice != model and behind <= AICC_TIE
        diffs.append(d)
        free.append(f)
        tie = f" (AICc {behind:.2f} behind it)" if choice != model else ""
        print(f"{sid}: tourstat {model}, statsmodels' AICc {choice}{tie}; same model's forecasts differ by "
              f"{d:.3f}% (with the seasons estimated too: {f:.2f}%)")
    median, worst = float(np.median(diffs)), max(diffs)
    print(f"same model chosen: {same}/{len(diffs)}, a tie within {AICC_TIE} AICc: {ties}; forecasts of tourstat's model from the same seasons: "
          f"median difference {median:.3f}%, largest {worst:.3f}% (bound {BOUND}%); "
          f"with the seasons estimated: median {float(np.median(free)):.2f}%, largest {max(free):.2f}%")
    beyond = sum(d > BOUND for d in diffs)
    if beyond:
        print(f"beyond {BOUND}%: {beyond} (at most 1, within {FLAT_BOUND}%)")
    ok = beyond <= 1 and worst <= FLAT_BOUND and same + ties == len(diffs)
    sys.exit(0 if ok else 1)


main()
