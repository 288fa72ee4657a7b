#!/usr/bin/env bash
# Times `pcon simulate` of a month of 100 devices publishing every minute (4,320,000 events)
# against `pcon logs ingest` of a capture of as many events, with the peak memory of each.
# Both store into the same kind of state: a product of 100 devices in an organization.
# Run by hand (not in CI):
#   bash Tests/Benchmarks/billing.sh [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-1}
devices=100
count=$((devices * 30 * 24 * 60))
. "$here/lib.sh"

build_release fixtures
export PCON_NOW=2026-11-01T00:00:00Z
capture="$work/capture.ndjson"
echo "writing a capture of $count events from $devices devices…" >&2
"$here/.build/release/make-events" --capture "$capture" "$count" "$devices"
size=$(du -m "$capture" | cut -f1)
awk -v n="$devices" 'BEGIN { for (i = 0; i < n; i++) printf "e00fce68%016x\n", i }' > "$work/ids"

fleet() {  # fleet DIR: an organization's product holding the devices
  rm -rf "$1"
  "$pcon" --state-dir "$1" account create bench@example.com >/dev/null
  "$pcon" --state-dir "$1" org create Bench --blocks 1 >/dev/null 2>&1
  "$pcon" --state-dir "$1" product create Fleet --platform boron --org bench --id 10001 >/dev/null 2>&1
  "$pcon" --state-dir "$1" device import --product 10001 "$work/ids" >/dev/null
}
simulate() {
  fleet "$work/state"
  "$pcon" --state-dir "$work/state" simulate --product 10001 --every 1m --for 30d --json
}
ingest() {
  fleet "$work/state"
  "$pcon" --state-dir "$work/state" logs ingest --product 10001 "$capture"
}

# Each result is checked once, so the times below are of runs that stored every event.
stored=$(simulate | awk -F'[:,]' '/"events"/ { n = $2 } END { gsub(/ /, "", n); print n }')
[ "$stored" = "$count" ] || { echo "simulate stored $stored events, not $count" >&2; exit 1; }
said=$(ingest)
[ "$said" = "stored $count events, skipped 0" ] || { echo "ingest said: $said" >&2; exit 1; }

# The fleet is made before each timed run and not timed: only the command itself is.
timed() {  # timed CMD…: wall milliseconds and peak RSS (KB) of one run after a fresh fleet
  fleet "$work/state"
  local start end rss
  start=$(date +%s%N)
  if [ -x /usr/bin/time ]; then
    rss=$( { /usr/bin/time -f '%M' "$pcon" --state-dir "$work/state" "$@" >/dev/null; } 2>&1 | tail -1)
  else
    "$pcon" --state-dir "$work/state" "$@" >/dev/null
    rss="?"
  fi
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $rss"
}
best() {  # best CMD…: the fastest of $runs timed runs, with its peak RSS
  for _ in $(seq "$runs"); do timed "$@"; done | sort -n | head -1
}
read -r t_sim rss_sim < <(best simulate --product 10001 --every 1m --for 30d)
read -r t_ingest rss_ingest < <(best logs ingest --product 10001 "$capture")

cat <<REPORT
pcon billing benchmark (best of $runs, ms; $devices devices, $count events; capture $size MB)
  pcon simulate --every 1m --for 30d    $t_sim   (peak RSS ${rss_sim} KB)
  pcon logs ingest (same count)         $t_ingest   (peak RSS ${rss_ingest} KB)
  simulate/ingest $(ratio "$t_sim" "$t_ingest")  (target <= 1)
REPORT
