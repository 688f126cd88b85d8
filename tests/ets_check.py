"""Cross-check of tourstat's ETS against statsmodels' ETSModel (a reference implementation).

Usage: ets_check.py SERIES.csv FORECASTS.csv H M
SERIES.csv is long (series_id,period,value), the last H values of each series held out;
FORECASTS.csv is `tourstat backtest --method ets --forecasts` of the same. For each series,
statsmodels fits the model tourstat chose (same error, trend, damping and seasonality; its
initial states estimated) on the same values, and the H forecasts are compared; statsmodels'
own AICc choice among the same candidates is reported beside tourstat's. Exits 1 when the
forecasts of the same model differ by more than the bounds below.
"""
import sys
import warnings

import numpy as np
import pandas as pd
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

warnings.filterwarnings("ignore")
MEDIAN_BOUND, MAX_BOUND = 3.0, 15.0


def fit(y, m, e, t, s):
    return ETSModel(
        y,
        error={"A": "add", "M": "mul"}[e],
        trend=None if t == "N" else "add",
        damped_trend=t == "Ad",
        seasonal=None if s == "N" else {"A": "add", "M": "mul"}[s],
        seasonal_periods=m if s != "N" else None,
        initialization_method="estimated",
    ).fit(disp=False, maxiter=2000)


def aicc_choice(y, m):
    positive = bool((y > 0).all())
    best = None
    for e in "AM":
        for t in ["N", "A", "Ad"]:
            for s in "NAM":
                if (e == "M" or s == "M") and not positive or (e == "A" and s == "M"):
                    continue
                try:
                    r = fit(y, m, e, t, s)
                except Exception:
                    continue
                if np.isfinite(r.aicc) and (best is None or r.aicc < best[0]):
                    best = (r.aicc, f"ETS({e},{t},{s})")
    return best[1] if best else "none"


def main():
    series, forecasts = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
    h, m = int(sys.argv[3]), int(sys.argv[4])
    diffs, same = [], 0
    for sid, g in forecasts.groupby("series_id", sort=False):
        model = g.model.iloc[0]
        e, t, s = model[len("ETS("):-1].split(",")
        y = series[series.series_id == sid].value.to_numpy(dtype=float)[:-h]
        theirs = np.asarray(fit(y, m, e, t, s).forecast(h))
        ours = g.sort_values("h").forecast.to_numpy()
        d = float(np.mean(np.abs(ours - theirs) / np.abs(theirs)) * 100)
        choice = aicc_choice(y, m)
        same += choice == model
        diffs.append(d)
        print(f"{sid}: tourstat {model}, statsmodels' AICc {choice}; same model's forecasts differ by {d:.2f}%")
    median, worst = float(np.median(diffs)), max(diffs)
    print(f"same model chosen: {same}/{len(diffs)}; forecasts of tourstat's model: median difference "
          f"{median:.2f}% (bound {MEDIAN_BOUND}%), largest {worst:.2f}% (bound {MAX_BOUND}%)")
    sys.exit(0 if median <= MEDIAN_BOUND and worst <= MAX_BOUND else 1)


main()
