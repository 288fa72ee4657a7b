#!/usr/bin/env bash
# Writers under steady reading: four loops list a fleet's devices as JSON while one writer renames
# a device WRITES times, each with PCON_LOCK_TIMEOUT=10. Prints how many writes timed out and the
# median and slowest write. Run by hand:
#   bash Tests/Benchmarks/writer-preference.sh [DEVICES] [WRITES]
# PCON_BENCH_BINARY=path times another pcon build (an older one, to compare) over the same fleet.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
devices=${1:-100000}
writes=${2:-15}
runs=1
. "$here/lib.sh"

build_release fixtures
pcon=${PCON_BENCH_BINARY:-$pcon}
"$here/.build/release/make-fleet" "$work/fleet" "$devices"
export PCON_STATE_DIR="$work/fleet"

readers=()
for _ in 1 2 3 4; do
  (while [ ! -e "$work/stop" ]; do "$pcon" device list --json --as bench@example.com >/dev/null; done) &
  readers+=($!)
done
stop_readers() { touch "$work/stop"; wait "${readers[@]}" 2>/dev/null || true; }
trap 'stop_readers; rm -rf "$work"' EXIT

timeouts=0
samples=()
name=dev-50
for _ in $(seq "$writes"); do
  # Alternate between two names so every write really changes the device.
  next=$([ "$name" = dev-50 ] && echo dev-50-b || echo dev-50)
  start=$(date +%s%N)
  if PCON_LOCK_TIMEOUT=10 "$pcon" device rename "$name" "$next" --as bench@example.com >/dev/null 2>&1; then
    name=$next
  else
    timeouts=$((timeouts + 1))
  fi
  end=$(date +%s%N)
  samples+=($(( (end - start) / 1000000 )))
done
stop_readers
printf '%s\n' "${samples[@]}" | sort -n | awk -v t="$timeouts" -v w="$writes" -v d="$devices" '
  {a[NR]=$1} END {printf "%d devices, 4 reader loops: %d of %d writes timed out; median %d ms, slowest %d ms\n", d, t, w, a[int((NR+1)/2)], a[NR]}'
