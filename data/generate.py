#!/usr/bin/env python3
"""Builds the sample data in this folder for the scenario of the week of 9 July 2025 (Thailand).

Deterministic (a fixed seed, Python's standard library only): running it again writes the same
bytes. `cargo test` checks that the committed files add up to the published figures.

What is published (shared/scenarios/thailand-2025.md) is kept exactly:
  otb.csv       the on-the-books figures as the press quoted them (as of 2025-07-01)
  targets.csv   the 2025 targets for short-haul (28.2m) and long-haul (10.7m)
What was not published is constructed, so that it adds up exactly to what was:
  arrivals.csv  monthly arrivals by country, 2019 and 2023-01..2025-06; H1 2025 adds up to
                11,104,521 short-haul and 5,496,388 long-haul (16.6m, 11.1m, 5.5m as quoted)
  bookings.csv  daily ticket flows for travel in 2024 and 2025; seats on the books as of
                2025-07-01 for travel 2025-06-01..2025-12-31 (and 364 days earlier) add up to
                the published short-haul figures, travel 2025-07-01..2025-09-30 to the long-haul
                ones. Flows whose country is unknown are booked to the group itself: they are
                the 17,229 seats the sub-regions do not account for.
"""
import datetime as dt
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20250709)

# market, parent, aliases (;-separated), relative size
TREE = [
    ("Total", "", "All foreign visitors", 0),
    ("Short-haul", "Total", "Asia and South Pacific;Asia and South Pacific (all short-haul)", 0),
    ("East Asia", "Short-haul", "", 0),
    ("China", "East Asia", "China (routes);PRC", 45),
    ("Japan", "East Asia", "", 10),
    ("South Korea", "East Asia", "Korea", 14),
    ("Taiwan", "East Asia", "", 8),
    ("Hong Kong", "East Asia", "", 7),
    ("Southeast Asia, South Asia and Oceania", "Short-haul", "SE Asia, S Asia and Oceania", 0),
    ("ASEAN", "Southeast Asia, South Asia and Oceania", "", 0),
    ("Malaysia", "ASEAN", "", 40),
    ("Singapore", "ASEAN", "", 10),
    ("Vietnam", "ASEAN", "", 9),
    ("Laos", "ASEAN", "Lao PDR", 9),
    ("Indonesia", "ASEAN", "", 6),
    ("Philippines", "ASEAN", "", 5),
    ("Cambodia", "ASEAN", "", 5),
    ("Myanmar", "ASEAN", "", 4),
    ("South Asia", "Southeast Asia, South Asia and Oceania", "", 0),
    ("India", "South Asia", "", 22),
    ("Bangladesh", "South Asia", "", 2),
    ("Sri Lanka", "South Asia", "", 1),
    ("Oceania", "Southeast Asia, South Asia and Oceania", "", 0),
    ("Australia", "Oceania", "", 8),
    ("New Zealand", "Oceania", "", 1),
    ("Long-haul", "Total", "Long-haul (Europe, Americas, Africa, Middle East)", 0),
    ("Europe", "Long-haul", "", 0),
    ("Russia", "Europe", "Russian Federation", 30),
    ("United Kingdom", "Europe", "UK", 15),
    ("Germany", "Europe", "", 14),
    ("France", "Europe", "", 10),
    ("Italy", "Europe", "", 5),
    ("Netherlands", "Europe", "", 4),
    ("Scandinavia", "Europe", "", 9),
    ("The Americas", "Long-haul", "Americas", 0),
    ("United States", "The Americas", "USA;US", 20),
    ("Canada", "The Americas", "", 5),
    ("Middle East", "Long-haul", "", 0),
    ("Israel", "Middle East", "", 8),
    ("Saudi Arabia", "Middle East", "", 5),
    ("United Arab Emirates", "Middle East", "UAE", 4),
    ("Africa", "Long-haul", "", 0),
    ("South Africa", "Africa", "", 2),
]
PARENT = {m: p for m, p, _, _ in TREE}
SIZE = {m: s for m, _, _, s in TREE if s}


def under(group):
    """Countries below a group."""
    out = []
    for m in SIZE:
        a = m
        while a:
            if a == group:
                out.append(m)
                break
            a = PARENT[a]
    return out


def split(total, weights):
    """Integers proportional to weights that add up to total exactly (largest remainder)."""
    s = float(sum(weights))
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def d(s):
    return dt.date.fromisoformat(s)


SEASON = [1.25, 1.12, 1.02, 0.92, 0.80, 0.84, 1.00, 1.04, 0.84, 0.90, 1.05, 1.22]
LY = dt.timedelta(days=364)
AS_OF = d("2025-07-01")


def write_markets():
    with open(os.path.join(HERE, "markets.csv"), "w", newline="") as f:
        f.write("market,parent,aliases\n")
        for m, p, a, _ in TREE:
            f.write(f'"{m}","{p}","{a}"\n' if p else f'"{m}",,"{a}"\n')


def write_arrivals():
    # Yearly totals by haul; 2025 is January-June only. H1 2025 is what was published.
    haul_year = {
        ("Short-haul", 2019): 29_300_000, ("Long-haul", 2019): 10_600_000,
        ("Short-haul", 2023): 20_100_000, ("Long-haul", 2023): 8_050_000,
        ("Short-haul", 2024): 25_300_000, ("Long-haul", 2024): 10_250_000,
    }
    h1_2025 = {"Short-haul": 11_104_521, "Long-haul": 5_496_388}
    # Long-haul grew in 2025, short-haul fell: last year's first half, for the growth rates.
    rows = []
    for haul in ("Short-haul", "Long-haul"):
        countries = under(haul)
        trend = {c: rng.uniform(0.85, 1.15) for c in countries}
        for year in (2019, 2023, 2024, 2025):
            months = range(1, 7) if year == 2025 else range(1, 13)
            if year == 2025:
                total = h1_2025[haul]
                season = SEASON[:6]
            else:
                total = haul_year[(haul, year)]
                season = SEASON
            weights = [SIZE[c] * trend[c] * season[m - 1] * rng.uniform(0.95, 1.05)
                       for c in countries for m in months]
            values = split(total, weights)
            i = 0
            for c in countries:
                for m in months:
                    status = "P" if (year, m) == (2025, 6) else "A"
                    rows.append((c, f"{year}-{m:02d}", values[i], status))
                    i += 1
    rows.sort(key=lambda r: (r[1], r[0]))
    # As known the week of the report; the constructed monthly split is labelled as such.
    with open(os.path.join(HERE, "arrivals.csv"), "w", newline="") as f:
        f.write("market,period,arrivals,status,as_of,source\n")
        for c, p, v, s in rows:
            f.write(f'"{c}",{p},{v},{s},2025-07-09,TAT H1 totals (monthly split constructed)\n')


def write_targets():
    with open(os.path.join(HERE, "targets.csv"), "w", newline="") as f:
        f.write("market,period,target,announced_on,source\n")
        f.write('Short-haul,2025,"28,200,000",2025-07-09,TAT\n')
        f.write('Long-haul,2025,"10,700,000",2025-07-09,TAT\n')


def write_otb():
    with open(os.path.join(HERE, "otb.csv"), "w", newline="") as f:
        f.write("as_of,travel_from,travel_to,market,seats,seats_ly,change_pct,source\n")
        src = "ForwardKeys via Bangkok Post"
        for m, seats, ly, pct in [
            ("Asia and South Pacific", "849,034", "", "-22"),
            ("Southeast Asia, South Asia and Oceania", "303,325", "", "-16"),
            ("East Asia", "528,480", "", "-25"),
            ("China (routes)", "109,676", "", "-40"),
        ]:
            f.write(f'2025-07-01,2025-06-01,2025-12-31,"{m}","{seats}",{ly},{pct},{src}\n')
        for m, seats, ly, pct in [
            ("Long-haul (Europe, Americas, Africa, Middle East)", "713,491", "677,211", "5.4"),
            ("Middle East", "97,246", "", "-9"),
        ]:
            f.write(f'2025-07-01,2025-07-01,2025-09-30,"{m}","{seats}","{ly}",{pct},{src}\n')


# Seats on the books as of 2025-07-01 (and 364 days earlier) in the published windows.
# Last year's short-haul figures are those the published changes imply, rounded.
SHORT_WINDOW = (d("2025-06-01"), d("2025-12-31"))
LONG_WINDOW = (d("2025-07-01"), d("2025-09-30"))
TARGETS = {
    # group: (window, seats this year, seats last year)
    "China": (SHORT_WINDOW, 109_676, 182_793),
    "East Asia (other)": (SHORT_WINDOW, 528_480 - 109_676, 704_640 - 182_793),
    "Southeast Asia, South Asia and Oceania": (SHORT_WINDOW, 303_325, 361_101),
    "Short-haul": (SHORT_WINDOW, 17_229, 1_088_505 - 704_640 - 361_101),
    "Middle East": (LONG_WINDOW, 97_246, 106_864),
    "Long-haul (other)": (LONG_WINDOW, 713_491 - 97_246, 677_211 - 106_864),
}


def target_group(market):
    if market == "China":
        return "China"
    if market in under("East Asia"):
        return "East Asia (other)"
    if market in under("Southeast Asia, South Asia and Oceania"):
        return "Southeast Asia, South Asia and Oceania"
    if market == "Short-haul":
        return "Short-haul"
    if market in under("Middle East"):
        return "Middle East"
    return "Long-haul (other)"


def write_bookings():
    markets = list(SIZE) + ["Short-haul"]  # flows of unknown country count for the group only
    size = dict(SIZE, **{"Short-haul": 4})
    start, end = d("2024-01-01"), d("2025-12-31")
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    leads = [0, 3, 7, 14, 30, 60, 90, 150]
    flows = {}  # (market, travel, booked) -> weight
    for m in markets:
        long_haul = m in under("Long-haul")
        mean_lead = 75.0 if long_haul else 35.0
        for t in days:
            base = size[m] * SEASON[t.month - 1] * rng.uniform(0.7, 1.3)
            for lead in leads:
                w = base * pow(2.718281828, -lead / mean_lead) * rng.uniform(0.5, 1.5)
                if rng.random() < 0.45:
                    flows[(m, t, t - dt.timedelta(days=lead))] = w
    # Scale each constrained region to its published total; everything else to a plausible level.
    region_of = {}
    for key in flows:
        m, t, b = key
        g = target_group(m)
        (w0, w1), this_year, last_year = TARGETS[g]
        if b <= AS_OF and w0 <= t <= w1:
            region_of[key] = (g, 0)
        elif b <= AS_OF - LY and w0 - LY <= t <= w1 - LY:
            region_of[key] = (g, 1)
    seats = {}
    for g, (_, this_year, last_year) in TARGETS.items():
        for which, total in ((0, this_year), (1, last_year)):
            keys = sorted(k for k, r in region_of.items() if r == (g, which))
            for k, v in zip(keys, split(total, [flows[k] for k in keys])):
                seats[k] = v
    # Outside the published regions: about the same density of seats per unit of weight.
    per_weight = 109_676 / sum(flows[k] for k, r in region_of.items() if r == ("China", 0))
    for k, w in flows.items():
        if k not in region_of:
            seats[k] = int(round(w * per_weight * rng.uniform(0.9, 1.1)))
    rows = sorted((b, t, m, s) for (m, t, b), s in seats.items() if s > 0)
    with open(os.path.join(HERE, "bookings.csv"), "w", newline="") as f:
        f.write("booked_on,travel_date,market,seats\n")
        for b, t, m, s in rows:
            f.write(f"{b},{t},{m},{s}\n")


if __name__ == "__main__":
    write_markets()
    write_arrivals()
    write_targets()
    write_otb()
    write_bookings()
    print("wrote", ", ".join(sorted(f for f in os.listdir(HERE) if f.endswith(".csv"))))
