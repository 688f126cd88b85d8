#!/usr/bin/env python3
"""How long `tourstat inspect` and `tourstat ingest` take on every file of ../shared/realdata.

  python3 benches/real_files.py [--runs 5]

Each file as its publisher released it (the BITRE file with the flags that name its columns),
into an empty store each time, with the release build; prints the median wall time of the
whole process and whether the command read the file (exit 0) or refused it, as a Markdown
table. The goal (issue "Load the files publishers actually release"): under 0.3 s each.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REAL = os.path.normpath(os.path.join(ROOT, "..", "shared", "realdata"))
BIN = os.path.join(ROOT, "target", "release", "tourstat")
# The flags a file needs, as the README and the shared tests give them; every other file as is
# (most of those are refused, by design: the table read says why, and that too is timed).
FLAGS = {
    "pax_in_by_country_monthly.csv": ["--column", "market=port_country", "--column", "arrivals=passengers_in"],
    "sg_visitor_arrivals_long.csv": ["--column", "period=month", "--column", "arrivals=visitors"],
    "domestic-trips_raw_superweb.csv": ["--unit", "thousands", "--measure", "Holiday"],
    "tourist_expend_stay_2020.xlsx": ["--measure", "Number of Arrivals"],
    **{f"{f}_{s}.csv": ["--unit", "ones"] for f in ("monthly", "quarterly", "yearly") for s in ("in", "oos")},
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    if not os.path.isdir(REAL):
        sys.exit(f"{REAL} is missing")
    subprocess.check_call(["cargo", "build", "--release", "--locked", "--quiet", "--bin", "tourstat"], cwd=ROOT)
    files = sorted(
        os.path.join(d, f)
        for d, _, names in os.walk(REAL)
        for f in names
        if f.lower().endswith((".csv", ".xlsx"))
    )
    work = tempfile.mkdtemp(prefix="tourstat-real-")
    store = os.path.join(work, "store")
    print("| file | command | median wall (s) | exit |")
    print("|---|---|---:|---:|")
    slowest = 0.0
    for path in files:
        for command in ("inspect", "ingest"):
            cmd = [BIN, "--store", store, command, "arrivals", path] + FLAGS.get(os.path.basename(path), [])
            times, code = [], None
            for _ in range(a.runs):
                shutil.rmtree(store, ignore_errors=True)
                start = time.perf_counter()
                code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            slowest = max(slowest, median)
            print(f"| {os.path.relpath(path, REAL)} | {command} | {median:.3f} | {code} |")
    shutil.rmtree(work, ignore_errors=True)
    print(f"\nslowest median: {slowest:.3f} s (goal: under 0.3 s)")


if __name__ == "__main__":
    main()
