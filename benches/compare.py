#!/usr/bin/env python3
"""Side-by-side benchmark of tourstat against the peers in ../shared/bench, in one run.

  python3 benches/compare.py [--runs 3] [--work /tmp/tourstat-bench] [--gen-args ...]
                             [--spark HOST:PORT] [--only TEXT]

Generates gen.py data at the default scale ("M": 200 markets, ~11.5 million booking rows)
unless it is already in WORK/data, builds tourstat and the bare polars sink of
benches/polars_bare_sink.rs in release mode, then runs each step of tourstat and of its peers
alternately, RUNS times, and prints the median wall time, the median peak memory (max RSS of
the process) and the ratios, as a Markdown table.
Needs numpy, pyarrow, pandas, matplotlib, duckdb and polars (pip install ...).

--spark HOST:PORT adds "on the books on Spark": tourstat built with --features spark and run
with --engine spark://HOST:PORT, against the plain PySpark job of benches/spark_peer.py on the
same Spark Connect server (pip install "pyspark[connect]"; the README's "Beyond one machine"
starts one). --only TEXT runs the steps whose name holds TEXT (the store is ingested first if
WORK has none).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BENCH = os.path.normpath(os.path.join(ROOT, "..", "shared", "bench"))
BIN = os.path.join(ROOT, "target", "release", "tourstat")
# The day each kind of gen.py's data is known: its arrivals run to 2025-12, so are known once
# the year is over (tourstat refuses arrivals of a month to come); the rest as of mid-2025.
AS_OF = {"arrivals": "2026-01-01"}
BARE = os.path.join(ROOT, "target", "release", "examples", "polars_bare_sink")


def run(cmd, stdout=subprocess.DEVNULL):
    """Wall seconds and peak RSS (MB) of one command, which must succeed."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024.0


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/tourstat-bench")
    ap.add_argument("--gen-args", default="", help="extra gen.py arguments (default scale M)")
    ap.add_argument("--spark", help="HOST:PORT of a Spark Connect server: adds the Spark engine step")
    ap.add_argument("--only", help="run only the steps whose name holds this text")
    a = ap.parse_args()
    if not os.path.isdir(BENCH):
        sys.exit(f"{BENCH} is missing: the peers and the generator live there")
    data = os.path.join(a.work, "data")
    if not os.path.exists(os.path.join(data, "bookings.csv")):
        os.makedirs(data, exist_ok=True)
        subprocess.check_call([sys.executable, os.path.join(BENCH, "gen.py"), data] + a.gen_args.split())
    features = ["--features", "spark"] if a.spark else []
    subprocess.check_call(["cargo", "build", "--release", "--locked", "--quiet", "--bin", "tourstat", "--example", "polars_bare_sink"] + features, cwd=ROOT)
    py = sys.executable
    peer = {n: os.path.join(BENCH, f"peer_{n}.py") for n in ("pandas", "duckdb", "polars")}
    ts_store = os.path.join(a.work, "ts-store")
    ts_base = os.path.join(a.work, "ts-base")  # the market tree only, copied before each bookings ingest
    peer_store = {n: os.path.join(a.work, f"{n}-store") for n in peer}
    csv = {k: os.path.join(data, f"{k}.csv") for k in ("markets", "arrivals", "targets", "bookings")}
    charts = os.path.join(a.work, "charts")

    def ts(*args):
        return [BIN, "--store", ts_store] + list(args)

    def ingest_bookings_setup():
        shutil.rmtree(ts_store, ignore_errors=True)
        shutil.copytree(ts_base, ts_store, symlinks=True)

    fresh(ts_base)
    run([BIN, "--store", ts_base, "ingest", "markets", csv["markets"]])

    def ingest_all_setup():
        shutil.rmtree(ts_store, ignore_errors=True)

    def ts_ingest_all():
        total_wall, peak = 0.0, 0.0
        for kind in ("markets", "arrivals", "targets", "bookings"):
            w, m = run(ts("ingest", kind, csv[kind], "--as-of", AS_OF.get(kind, "2025-07-01")))
            total_wall += w
            peak = max(peak, m)
        return total_wall, peak

    # The first quarter and half of the booking flows, to see how memory grows with the file.
    parts = {name: os.path.join(a.work, f"bookings-{name}.csv") for name in ("quarter", "half")}
    lines = None
    for name, share in (("quarter", 4), ("half", 2)):
        if not os.path.exists(parts[name]):
            if lines is None:
                with open(csv["bookings"], "rb") as src:
                    lines = sum(1 for _ in src) - 1
            with open(csv["bookings"], "rb") as src, open(parts[name], "wb") as out:
                for i, line in enumerate(src):
                    if i > lines // share:
                        break
                    out.write(line)

    # The arrivals pivoted as a publisher releases them: markets as rows, months as columns
    # ("Jan 2015"), newest first, a title line above the header and a source line below.
    wide = os.path.join(a.work, "arrivals-wide.csv")
    if not os.path.exists(wide):
        import csv as csvmod
        import datetime
        figures, months = {}, set()
        with open(csv["arrivals"], newline="") as src:
            for row in csvmod.DictReader(src):
                figures[(row["market"], row["period"])] = row["arrivals"]
                months.add(row["period"])
        months = sorted(months, reverse=True)
        markets = sorted({m for m, _ in figures})
        label = lambda p: datetime.date(int(p[:4]), int(p[5:7]), 1).strftime("%b %Y")
        with open(wide, "w", newline="") as out:
            w = csvmod.writer(out)
            w.writerow(["Visitor arrivals by market"])
            w.writerow(["Market"] + [label(p) for p in months])
            for m in markets:
                w.writerow([m] + [figures.get((m, p), "na") for p in months])
            w.writerow(["Source: gen.py"])

    steps = {
        # name: [(label, setup, command or callable)]
        "ingest arrivals: long and wide (200 markets x 132 months)": [
            ("tourstat, long", ingest_bookings_setup, ts("ingest", "arrivals", csv["arrivals"], "--as-of", AS_OF["arrivals"])),
            ("tourstat, wide", ingest_bookings_setup, ts("ingest", "arrivals", wide, "--as-of", AS_OF["arrivals"])),
        ],
        "ingest bookings (11.5m rows)": [
            ("tourstat", ingest_bookings_setup, ts("ingest", "bookings", csv["bookings"])),
            ("polars, bare", lambda: fresh(peer_store["polars"]), [py, peer["polars"], "ingest", data, peer_store["polars"]]),
            # The same bare sink with tourstat's own polars build (Rust 0.55, stable).
            ("polars 0.55 Rust, bare", lambda: fresh(peer_store["polars"]), [BARE, csv["bookings"], os.path.join(peer_store["polars"], "bookings.parquet")]),
        ],
        "ingest bookings: a quarter, a half, all of the rows": [
            ("tourstat, quarter", ingest_bookings_setup, ts("ingest", "bookings", parts["quarter"])),
            ("tourstat, half", ingest_bookings_setup, ts("ingest", "bookings", parts["half"])),
            ("tourstat, all", ingest_bookings_setup, ts("ingest", "bookings", csv["bookings"])),
        ],
        "ingest all four files": [
            ("tourstat", ingest_all_setup, ts_ingest_all),
            ("duckdb", lambda: fresh(peer_store["duckdb"]), [py, peer["duckdb"], "ingest", data, peer_store["duckdb"]]),
            ("pandas", lambda: fresh(peer_store["pandas"]), [py, peer["pandas"], "ingest", data, peer_store["pandas"]]),
        ],
        "on the books Jun-Dec 2025": [
            ("tourstat", None, ts("otb", "--as-of", "2025-07-01", "--travel", "2025-06-01..2025-12-31", "--format", "csv")),
            ("duckdb", None, [py, peer["duckdb"], "otb", peer_store["duckdb"], "2025-07-01", "2025-06-01", "2025-12-31"]),
            ("pandas", None, [py, peer["pandas"], "otb", peer_store["pandas"], "2025-07-01", "2025-06-01", "2025-12-31"]),
            ("polars, bare", None, [py, peer["polars"], "otb", peer_store["polars"], "2025-07-01", "2025-06-01", "2025-12-31"]),
        ],
        "target tracking 2025 through June": [
            ("tourstat shortfall", None, ts("shortfall", "--year", "2025", "--through", "2025-06", "--format", "csv")),
            ("tourstat summary", None, ts("summary", "--year", "2025", "--through", "2025-06", "--format", "csv")),
            ("pandas", None, [py, peer["pandas"], "shortfall", peer_store["pandas"], "2025", "6"]),
        ],
        "one trend chart": [
            ("tourstat", None, ts("chart", "trend", "--market", "Total", "--market", "Short-haul", "--market", "Long-haul", "--since", "2023-01", "--dir", charts)),
            ("pandas", None, [py, peer["pandas"], "chart", peer_store["pandas"], os.path.join(a.work, "pandas.png")]),
        ],
        "a trend chart for every market (one invocation)": [
            ("tourstat", None, ts("chart", "trend", "--each-market", "--dir", charts)),
        ],
    }
    if a.spark:
        window = ["--as-of", "2025-07-01", "--travel", "2025-06-01..2025-12-31", "--format", "csv"]
        steps["on the books Jun-Dec 2025, on Spark"] = [
            ("tourstat", None, ts("--engine", f"spark://{a.spark}", "otb", *window)),
            ("PySpark job", None, [py, os.path.join(HERE, "spark_peer.py"), f"sc://{a.spark}", os.path.abspath(ts_store), "2025-07-01", "2025-06-01", "2025-12-31"]),
            ("tourstat, local engine", None, ts("otb", *window)),
        ]
    if a.only:
        if not os.path.isdir(os.path.join(ts_store, "bookings")):
            ingest_all_setup()
            ts_ingest_all()
        steps = {k: v for k, v in steps.items() if a.only in k}
    results = {}
    for step, contenders in steps.items():
        samples = {label: [] for label, _, _ in contenders}
        for _ in range(a.runs):
            for label, setup, cmd in contenders:
                if setup:
                    setup()
                samples[label].append(cmd() if callable(cmd) else run(cmd))
        results[step] = {label: (statistics.median(w for w, _ in s), statistics.median(m for _, m in s)) for label, s in samples.items()}
        print(f"{step}: " + ", ".join(f"{l} {w:.2f}s {m:.0f}MB" for l, (w, m) in results[step].items()), file=sys.stderr)

    print(f"\nMedians of {a.runs} runs, alternating, whole process (start to exit); ratio = tourstat / peer.\n")
    print("| step | tool | wall (s) | peak RSS (MB) | tourstat / this |")
    print("|---|---|---:|---:|---:|")
    for step, tools in results.items():
        ours = tools.get("tourstat") or tools.get("tourstat shortfall")
        for label, (w, m) in tools.items():
            ratio = "" if label.startswith("tourstat") or not ours else f"{ours[0] / w:.2f}"
            print(f"| {step} | {label} | {w:.2f} | {m:.0f} | {ratio} |")


if __name__ == "__main__":
    main()
