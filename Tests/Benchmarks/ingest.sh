#!/usr/bin/env bash
# Times `pcon logs ingest` of a 1,000,000-event capture (NDJSON as `particle subscribe` prints
# it) against `jq -c .` over the same file, with peak memory, and `device import` of 100,000 IDs
# from a file and from standard input. Run by hand:
#   bash Tests/Benchmarks/ingest.sh [RUNS] [EVENTS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-3}
count=${2:-1000000}
. "$here/lib.sh"

build_release fixtures
capture="$work/capture.ndjson"

echo "writing a capture of $count events from 1,000 devices…" >&2
"$here/.build/release/make-events" --capture "$capture" "$count" 1000
size=$(du -m "$capture" | cut -f1)

fresh() {  # fresh DIR: an empty state with one account
  rm -rf "$1"
  "$pcon" --state-dir "$1" account create bench@example.com >/dev/null
}
ingest() {
  fresh "$work/state"
  "$pcon" --state-dir "$work/state" logs ingest "$capture"
}
jq_pass() { jq -c . "$capture" >/dev/null; }

stored=$(ingest)
[ "$stored" = "stored $count events, skipped 0" ] || { echo "ingest said: $stored" >&2; exit 1; }
t_ingest=$(median_ms ingest)
t_jq=$(median_ms jq_pass)
fresh "$work/state"
rss_ingest=$( { /usr/bin/time -f '%M' "$pcon" --state-dir "$work/state" logs ingest "$capture" >/dev/null; } 2>&1 | tail -1)
fresh "$work/state"
rss_ingest_stdin=$( { /usr/bin/time -f '%M' "$pcon" --state-dir "$work/state" logs ingest - < "$capture" >/dev/null; } 2>&1 | tail -1)
rss_jq=$( { /usr/bin/time -f '%M' jq -c . "$capture" >/dev/null; } 2>&1 | tail -1)

# device import: an organization of 1,000 blocks, 100,000 IDs.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "e00fce68%016x\n", i }' > "$work/ids"
product() {
  rm -rf "$1"
  "$pcon" --state-dir "$1" account create bench@example.com >/dev/null
  "$pcon" --state-dir "$1" org create Bench --blocks 1000 >/dev/null 2>&1
  "$pcon" --state-dir "$1" product create Fleet --platform boron --org bench --id 10001 >/dev/null 2>&1
}
import_file() { product "$work/p"; "$pcon" --state-dir "$work/p" device import --product 10001 "$work/ids"; }
import_stdin() { product "$work/p"; "$pcon" --state-dir "$work/p" device import --product 10001 - < "$work/ids"; }
t_import_file=$(median_ms import_file)
t_import_stdin=$(median_ms import_stdin)
product "$work/p"
rss_import_file=$( { /usr/bin/time -f '%M' "$pcon" --state-dir "$work/p" device import --product 10001 "$work/ids" >/dev/null; } 2>&1 | tail -1)
product "$work/p"
rss_import_stdin=$( { /usr/bin/time -f '%M' "$pcon" --state-dir "$work/p" device import --product 10001 - < "$work/ids" >/dev/null; } 2>&1 | tail -1)

cat <<REPORT
pcon ingest benchmarks (median of $runs runs, ms; $count events, $size MB of NDJSON)
  pcon logs ingest FILE                 $t_ingest   (peak RSS ${rss_ingest} KB; from stdin ${rss_ingest_stdin} KB)
  jq -c . FILE > /dev/null              $t_jq   (peak RSS ${rss_jq} KB)   pcon/jq $(ratio "$t_ingest" "$t_jq")  (target <= 1)
  device import of 100,000 IDs, file    $t_import_file   (peak RSS ${rss_import_file} KB)
  device import of 100,000 IDs, stdin   $t_import_stdin   (peak RSS ${rss_import_stdin} KB)
REPORT
