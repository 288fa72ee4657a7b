#!/usr/bin/env bash
# Times `logs --device X --limit 1` and `logs show ID` (an event in the oldest of 24 months, among
# three product streams) next to `device show`, in a product of 100 and of 100,000 devices.
# Prints medians and the ratio 100,000/100 of each. Run by hand:
#   bash Tests/Benchmarks/one-device-logs.sh [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-7}
. "$here/lib.sh"
build_release

ids() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "e00fce68%016x\n", i }'; }
# events PRODUCT COUNT: 24 months of readings from COUNT devices, 2,000 a month, as
# `particle subscribe` prints them; only the first of each month from device 50, so the
# listing reads the same at either fleet size.
events() {
  awk -v product="$1" -v n="$2" 'BEGIN {
    for (m = 0; m < 24; m++) for (i = 0; i < 2000; i++) {
      device = (i * 7919 + m) % n
      if (device == 50) device = 51
      if (i == 0) device = 50
      printf "{\"name\":\"temp\",\"data\":\"%d\",\"published_at\":\"%04d-%02d-%02dT10:%02d:00.000Z\",\"coreid\":\"e00fce68%016x\",\"productID\":%d}\n",
        i % 50, 2024 + int(m / 12), m % 12 + 1, 1 + i % 28, i % 60, device, product
    }
  }'
}
setup() {  # setup DIR COUNT: three products of COUNT devices each, with 24 months of events
  local dir=$1
  "$pcon" --state-dir "$dir" account create bench@example.com >/dev/null
  "$pcon" --state-dir "$dir" org create Bench --blocks 1000 >/dev/null 2>&1
  for product in 10001 10002 10003; do
    "$pcon" --state-dir "$dir" product create "P$product" --platform boron --org bench \
      --id "$product" >/dev/null 2>&1
  done
  ids "$2" > "$dir.ids"
  "$pcon" --state-dir "$dir" device import --product 10001 "$dir.ids" >/dev/null
  for product in 10003 10002 10001; do
    events "$product" "$2" | "$pcon" --state-dir "$dir" logs ingest --product "$product" \
      --format ndjson - >/dev/null
  done
  "$pcon" --state-dir "$dir" device rename e00fce680000000000000032 pump >/dev/null
}
echo "building states of 100 and 100,000 devices…" >&2
setup "$work/small" 100
setup "$work/large" 100000

# The ID of device 50's event in the oldest month of product 10001 (ingested last).
oldest_id() {
  "$pcon" --state-dir "$1" logs --product 10001 --device pump --until 2024-01-31T23:59:59Z --json \
    | head -1 | jq -r .id
}
id_small=$(oldest_id "$work/small")
id_large=$(oldest_id "$work/large")
[ "$("$pcon" --state-dir "$work/large" logs show "$id_large" --json | jq -r .coreid)" \
  = e00fce680000000000000032 ] || { echo "logs show found the wrong event" >&2; exit 1; }

row() {  # row LABEL ARGS…: median at 100 and 100,000 devices, and their ratio
  local label=$1; shift
  local small large
  small=$(median_ms "$pcon" --state-dir "$work/small" "${@//@ID@/$id_small}")
  large=$(median_ms "$pcon" --state-dir "$work/large" "${@//@ID@/$id_large}")
  printf '  %-34s %8s / %-8s ratio %s  (target <= 1.5)\n' "$label" "$small" "$large" \
    "$(ratio "$large" "$small")"
}
echo "pcon one-device log benchmarks (median of $runs runs, ms; 100 / 100,000 devices; 3 streams x 24 months)"
row "device show pump" device show pump
row "logs --device pump --limit 1" logs --device pump --limit 1
row "logs show ID (oldest month)" logs show @ID@
