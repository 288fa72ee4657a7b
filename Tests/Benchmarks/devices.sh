#!/usr/bin/env bash
# Times pcon's one-device commands at 100 and 100,000 devices, and a 100,000-device JSON list
# against jq over the same objects. Prints medians of several runs. Run by hand:
#   bash Tests/Benchmarks/devices.sh [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-9}
. "$here/lib.sh"

build_release fixtures
make_fleet="$here/.build/release/make-fleet"

echo "building states of 100 and 100,000 devices…" >&2
"$make_fleet" "$work/small" 100
"$make_fleet" "$work/large" 100000


flip=0
rename_dev50() {
  # Alternate between two names so every run really renames.
  local state=$1
  if [ -e "$state/.flip" ]; then
    "$pcon" --state-dir "$state" device rename dev-50-b dev-50 && rm "$state/.flip"
  else
    "$pcon" --state-dir "$state" device rename dev-50 dev-50-b && touch "$state/.flip"
  fi
}

# dev-50's ID, so show is timed by ID and by name.
id50=e00fce680000000000000032
"$pcon" --state-dir "$work/large" device list --json > "$work/devices.json"
count=$(jq length "$work/devices.json")

version=$(median_ms "$pcon" --version)
show_small=$(median_ms "$pcon" --state-dir "$work/small" device show "$id50")
show_large=$(median_ms "$pcon" --state-dir "$work/large" device show "$id50")
name_small=$(median_ms "$pcon" --state-dir "$work/small" device show dev-50)
name_large=$(median_ms "$pcon" --state-dir "$work/large" device show dev-50)
rename_small=$(median_ms rename_dev50 "$work/small")
rename_large=$(median_ms rename_dev50 "$work/large")
list_large=$(median_ms "$pcon" --state-dir "$work/large" device list --json)
jq_large=$(median_ms jq -c '.[]' "$work/devices.json")

cat <<REPORT
pcon device benchmarks (median of $runs runs, ms; $count devices in the large state)
  pcon --version                         $version
  device show ID       100 / 100,000     $show_small / $show_large   ratio $(ratio "$show_large" "$show_small")  (target <= 1.5)
  device show NAME     100 / 100,000     $name_small / $name_large   ratio $(ratio "$name_large" "$name_small")  (target <= 1.5)
  device rename        100 / 100,000     $rename_small / $rename_large   ratio $(ratio "$rename_large" "$rename_small")  (target <= 1.5)
  device list --json   100,000           $list_large
  jq -c '.[]'          100,000           $jq_large   pcon/jq $(ratio "$list_large" "$jq_large")  (target <= 1.0)
REPORT
