#!/usr/bin/env bash
# The main job on the sample data: build, ingest into data/store, print the summaries of the
# week of 9 July 2025, write the charts into charts/. Run from the project's root or anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked --quiet
ts() { ./target/debug/tourstat --store data/store "$@"; }

echo "== ingest (a second run finds everything already ingested)"
for kind in markets arrivals bookings otb targets; do
    ts ingest "$kind" "data/$kind.csv"
done

echo; echo "== arrivals January-June 2025 by market"
ts summary --year 2025 --through 2025-06 --depth 2 --round m
echo; echo "== arrivals in June 2025 by market, against June 2024"
ts summary --month 2025-06 --depth 1 --round k
echo; echo "== seats on the books as published (ForwardKeys, as of 2025-07-01), June-December"
ts otb --as-of 2025-07-01 --travel 2025-06-01..2025-12-31 --from snapshots
echo; echo "== the same from the booking flows, rolled up the tree"
ts otb --as-of 2025-07-01 --travel 2025-06-01..2025-12-31 --from flows --market Short-haul --depth 2
echo; echo "== long-haul, July-September"
ts otb --as-of 2025-07-01 --travel 2025-07-01..2025-09-30 --from snapshots --market Long-haul
echo; echo "== target tracking 2025"
ts shortfall --year 2025 --through 2025-06 --round m
echo; echo "== the year end by the mean of ETS, Theta and seasonal naive: 80% interval and chance of each target"
ts shortfall --year 2025 --through 2025-06 --method combination --round m
echo; echo "== how each projection method would have done on the store's markets, 6 months ahead"
ts backtest --horizon 6 --origins 6
echo; echo "== the week's published statements, checked against the store"
ts claims data/claims.csv
echo; echo "== booking curve, short-haul, travel June-December"
ts pace --travel 2025-06-01..2025-12-31 --market Short-haul --lead 84 --step 14

echo; echo "== the weekly brief"
ts report --year 2025 --through 2025-06 --as-of 2025-07-01 --travel 2025-06-01..2025-12-31 --claims data/claims.csv -o charts/brief.html

echo; echo "== charts"
ts chart trend --market Total
ts chart trend --market Short-haul --market Long-haul --since 2023-01
ts chart yoy --as-of 2025-07-01 --travel 2025-06-01..2025-12-31 --market Short-haul --from snapshots
ts chart target --year 2025 --through 2025-06 --market Short-haul --method combination
ts chart target --year 2025 --through 2025-06 --market Long-haul --method combination
ts chart pace --travel 2025-06-01..2025-12-31 --market Short-haul --lead 120
