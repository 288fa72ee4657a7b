#!/usr/bin/env bash
# Times a 100,000-device import into an organization's product (1,000 blocks), a JSON listing
# of that product, and show/rename of one of its devices against the same at 100 devices.
# Run by hand:  bash Tests/Benchmarks/products.sh [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-7}
. "$here/lib.sh"
build_release

ids() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "e00fce68%016x\n", i }'; }
setup() {  # setup DIR COUNT: an org of 1,000 blocks with one product importing COUNT devices
  local dir=$1
  "$pcon" --state-dir "$dir" account create bench@example.com >/dev/null
  "$pcon" --state-dir "$dir" org create Bench --blocks 1000 >/dev/null 2>&1
  "$pcon" --state-dir "$dir" product create Fleet --platform boron --org bench --id 10001 >/dev/null 2>&1
  ids "$2" > "$dir.ids"
}
setup "$work/small" 100
setup "$work/large" 100000
"$pcon" --state-dir "$work/small" device import --product 10001 "$work/small.ids" >/dev/null

start=$(date +%s%N)
"$pcon" --state-dir "$work/large" device import --product 10001 "$work/large.ids" > "$work/import.out"
end=$(date +%s%N)
import_ms=$(( (end - start) / 1000000 ))
head -1 "$work/import.out" >&2

rename_one() {  # alternate between two names so each run really renames
  local dir=$1
  if [ -e "$dir.flip" ]; then
    "$pcon" --state-dir "$dir" device rename pump-b pump-a && rm "$dir.flip"
  else
    "$pcon" --state-dir "$dir" device rename "$2" pump-b 2>/dev/null || "$pcon" --state-dir "$dir" device rename pump-a pump-b
    touch "$dir.flip"
  fi
}
id=e00fce680000000000000032
list_large=$(median_ms "$pcon" --state-dir "$work/large" device list --product 10001 --json)
count=$("$pcon" --state-dir "$work/large" device list --product 10001 --json | jq length)
show_small=$(median_ms "$pcon" --state-dir "$work/small" device show "$id")
show_large=$(median_ms "$pcon" --state-dir "$work/large" device show "$id")
rename_small=$(median_ms rename_one "$work/small" "$id")
rename_large=$(median_ms rename_one "$work/large" "$id")
cat <<REPORT
pcon product benchmarks (median of $runs runs, ms; org of 1,000 blocks)
  device import of 100,000 IDs (one run)        $import_ms
  device list --product --json ($count devices)   $list_large
  device show      100 / 100,000                 $show_small / $show_large   ratio $(ratio "$show_large" "$show_small")  (target <= 1.5)
  device rename    100 / 100,000                 $rename_small / $rename_large   ratio $(ratio "$rename_large" "$rename_small")  (target <= 1.5)
REPORT
