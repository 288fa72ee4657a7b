#!/usr/bin/env bash
# Firmware at fleet scale: on a product of 100,000 devices in 20 groups, times
# `firmware release --dry-run --json` (product default) and `firmware status` against
# `device list --product --json` of the same product; and `firmware target DEVICE` and a release
# to group g00 against the same on products of 100 devices (g00 holds all 100) and of 1,000
# devices (g00 holds the same 1,000 as at 100,000). Prints medians in ms and the ratios.
# Run by hand:
#   bash Tests/Benchmarks/firmware.sh [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-5}
. "$here/lib.sh"
build_release fixtures
module="$here/.build/release/make-module"

ids() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "e00fce68%016x\n", i }'; }
# setup DIR COUNT: product 10001 (argon) of COUNT devices in 20 groups (g00 holds the first
# min(COUNT, 1,000) devices, the rest are dealt round the other 19), versions 1 to 3 uploaded,
# one device running version 2 and one version 1, version 2 the product default.
setup() {
  local dir=$1 count=$2
  "$pcon" --state-dir "$dir" account create bench@example.com >/dev/null
  "$pcon" --state-dir "$dir" org create Bench --blocks 1000 >/dev/null 2>&1
  "$pcon" --state-dir "$dir" product create Fleet --platform argon --org bench --id 10001 \
    >/dev/null 2>&1
  ids "$count" > "$dir.ids"
  "$pcon" --state-dir "$dir" device import --product 10001 "$dir.ids" >/dev/null
  for version in 1 2 3; do
    "$module" 12 10001 "$version" "$dir.v$version.bin"
    "$pcon" --state-dir "$dir" firmware upload "$dir.v$version.bin" --product 10001 \
      --version "$version" --title "v$version" >/dev/null
  done
  for g in $(seq -w 0 19); do
    "$pcon" --state-dir "$dir" group create "g$g" --product 10001 >/dev/null
  done
  local first=$(( count < 1000 ? count : 1000 ))
  head -n "$first" "$dir.ids" | xargs "$pcon" --state-dir "$dir" group add g00 --product 10001 \
    >/dev/null
  if [ "$count" -gt 1000 ]; then
    for g in $(seq 1 19); do
      tail -n +1001 "$dir.ids" | awk -v g="$g" 'NR % 19 == g % 19' \
        | xargs -n 5000 "$pcon" --state-dir "$dir" group add "g$(printf %02d "$g")" \
          --product 10001 >/dev/null
    done
  fi
  "$pcon" --state-dir "$dir" device connect e00fce680000000000000000 --firmware-version 2 \
    >/dev/null
  "$pcon" --state-dir "$dir" device connect e00fce680000000000000001 --firmware-version 1 \
    >/dev/null
  "$pcon" --state-dir "$dir" firmware release 2 --product 10001 --product-default --yes \
    >/dev/null 2>&1
}
echo "building products of 100, 1,000 and 100,000 devices…" >&2
setup "$work/small" 100
setup "$work/mid" 1000
setup "$work/large" 100000

# release_ms DIR: median ms of releases to group g00 that each change its target (versions 1
# and 2 in turn).
release_ms() {
  local samples=() version start end
  for n in $(seq "$runs"); do
    version=$(( n % 2 == 0 ? 2 : 1 ))
    start=$(date +%s%N)
    "$pcon" --state-dir "$1" firmware release "$version" --product 10001 --group g00 --yes \
      >/dev/null 2>&1
    end=$(date +%s%N)
    samples+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${samples[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

at() { local size=$1; shift; "$pcon" --state-dir "$work/$size" "$@"; }
list=$(median_ms at large device list --product 10001 --json)
dry=$(median_ms at large firmware release 1 --product 10001 --product-default --dry-run --json)
status=$(median_ms at large firmware status 2 --product 10001 --json)
echo "pcon firmware benchmarks (median of $runs runs, ms)"
echo "100,000 devices in 20 groups:"
printf '  %-46s %8s\n' "device list --product --json" "$list"
printf '  %-46s %8s  ratio %s  (target <= 2)\n' "firmware release --product-default --dry-run" \
  "$dry" "$(ratio "$dry" "$list")"
printf '  %-46s %8s  ratio %s  (target <= 2)\n' "firmware status --json" "$status" \
  "$(ratio "$status" "$list")"
echo "100 / 1,000 / 100,000 devices, and ratios 100,000:100 and 100,000:1,000:"
small=$(median_ms at small firmware target e00fce680000000000000005)
mid=$(median_ms at mid firmware target e00fce680000000000000005)
large=$(median_ms at large firmware target e00fce680000000000000005)
printf '  %-46s %8s / %8s / %-8s %s %s  (target <= 1.5)\n' "firmware target DEVICE" "$small" \
  "$mid" "$large" "$(ratio "$large" "$small")" "$(ratio "$large" "$mid")"
small=$(release_ms "$work/small")
mid=$(release_ms "$work/mid")
large=$(release_ms "$work/large")
printf '  %-46s %8s / %8s / %-8s %s %s  (target <= 1.5)\n' "firmware release --group g00 --yes" \
  "$small" "$mid" "$large" "$(ratio "$large" "$small")" "$(ratio "$large" "$mid")"
