#!/usr/bin/env python3
"""The competition backtest side by side: tourstat against statsmodels, in one run.

  python3 benches/backtest_peer.py [--series 40] [--runs 3]

Takes the first N monthly and N quarterly series of the tourism forecasting competition
(../shared/realdata/tourism_competition_2011/tourism_long.csv), holds out the last 24 months /
8 quarters, and projects them with ETS chosen by AICc, Theta and seasonal naive, plus their
equal-weight mean: `tourstat backtest` (release build) against statsmodels (ETSModel over the
same candidate models, ThetaModel, seasonal naive by hand). Prints the median wall time of
each over RUNS alternating runs, their ratio, and each side's MASE, as a Markdown table.
Needs numpy, pandas and statsmodels.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "realdata", "tourism_competition_2011", "tourism_long.csv"))
BIN = os.path.join(ROOT, "target", "release", "tourstat")


def statsmodels_backtest(df):
    """MASE of ETS (AICc), Theta, seasonal naive and their mean, per frequency."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel
    from statsmodels.tsa.forecasting.theta import ThetaModel

    warnings.filterwarnings("ignore")
    out = {}
    for freq, m, h in [("monthly", 12, 24), ("quarterly", 4, 8)]:
        scores = {k: [] for k in ["seasonal-naive", "ets", "theta", "combination"]}
        for _, g in df[df.frequency == freq].groupby("series_id", sort=False):
            v = g.value.to_numpy(dtype=float)
            y, actual = v[:-h], v[-h:]
            scale = np.mean(np.abs(y[m:] - y[:-m]))
            snaive = np.array([y[len(y) - m + (j % m)] for j in range(h)])
            best = None
            positive = bool((y > 0).all())
            for e in "AM":
                for t in ["N", "A", "Ad"]:
                    for s in "NAM":
                        if (e == "M" or s == "M") and not positive or (e == "A" and s == "M"):
                            continue
                        try:
                            r = ETSModel(y, error={"A": "add", "M": "mul"}[e], trend=None if t == "N" else "add",
                                         damped_trend=t == "Ad", seasonal=None if s == "N" else {"A": "add", "M": "mul"}[s],
                                         seasonal_periods=m if s != "N" else None).fit(disp=False)
                        except Exception:
                            continue
                        if np.isfinite(r.aicc) and (best is None or r.aicc < best[0]):
                            best = (r.aicc, r)
            ets = np.asarray(best[1].forecast(h))
            theta = np.asarray(ThetaModel(y, period=m).fit().forecast(h))
            for name, f in [("seasonal-naive", snaive), ("ets", ets), ("theta", theta),
                            ("combination", (snaive + ets + theta) / 3)]:
                scores[name].append(np.mean(np.abs(f - actual)) / scale)
        out[freq] = {k: float(np.mean(v)) for k, v in scores.items()}
    return out


def tourstat_backtest(path):
    out = {}
    for freq, h in [("monthly", "24"), ("quarterly", "8")]:
        text = subprocess.run(
            [BIN, "backtest", "--input", path, "--holdout", h, "--frequency", freq, "--format", "csv",
             "--method", "snaive", "--method", "ets", "--method", "theta", "--method", "combination"],
            check=True, capture_output=True, text=True).stdout
        rows = [l.split(",") for l in text.strip().splitlines()[1:]]
        out[freq] = {r[1]: float(r[5]) for r in rows}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--series", type=int, default=40)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    if not os.path.exists(DATA):
        sys.exit(f"{DATA} is missing: the benchmark needs ../shared beside the project")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--locked"], cwd=ROOT, check=True)
    df = pd.read_csv(DATA)
    ids = [f"M{i}" for i in range(1, a.series + 1)] + [f"Q{i}" for i in range(1, a.series + 1)]
    df = df[df.series_id.isin(ids)]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "series.csv")
        df[["series_id", "frequency", "period", "value"]].to_csv(path, index=False)
        times = {"tourstat": [], "statsmodels": []}
        for _ in range(a.runs):
            start = time.perf_counter()
            ours = tourstat_backtest(path)
            times["tourstat"].append(time.perf_counter() - start)
            start = time.perf_counter()
            theirs = statsmodels_backtest(df)
            times["statsmodels"].append(time.perf_counter() - start)
    t_ours, t_theirs = statistics.median(times["tourstat"]), statistics.median(times["statsmodels"])
    print(f"{a.series} monthly + {a.series} quarterly series, ETS (AICc) + Theta + seasonal naive + mean, "
          f"median of {a.runs} alternating runs\n")
    print("| | tourstat | statsmodels | ratio |\n|---|---|---|---|")
    print(f"| wall time | {t_ours:.2f} s | {t_theirs:.2f} s | {t_ours / t_theirs:.3f} |")
    for freq in ["monthly", "quarterly"]:
        for k in ["seasonal-naive", "ets", "theta", "combination"]:
            print(f"| MASE {freq} {k} | {ours[freq][k]:.3f} | {theirs[freq][k]:.3f} | |")


main()
