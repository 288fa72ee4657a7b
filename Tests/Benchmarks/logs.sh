#!/usr/bin/env bash
# Times pcon's log queries over 1,000,000 events against jq and grep over the same events as
# one NDJSON file. Prints medians of several runs and pcon's peak memory. Run by hand:
#   bash Tests/Benchmarks/logs.sh [RUNS] [EVENTS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-5}
count=${2:-1000000}
. "$here/lib.sh"

build_release fixtures
export PCON_STATE_DIR="$work/state"

echo "building a state of $count events from 1,000 devices…" >&2
"$here/.build/release/make-events" "$PCON_STATE_DIR" "$count" 1000
"$pcon" logs --all --json > "$work/events.ndjson"
echo "$(wc -l < "$work/events.ndjson") events, $(du -h "$work/events.ndjson" | cut -f1) as NDJSON" >&2


query() { "$pcon" logs 'event:temperature range:30-50' --all --json | wc -l; }
jq_query() {
  jq -c 'select(.name=="temperature" and ((.data|tonumber? // null) as $v | $v != null and $v >= 30 and $v <= 50))' \
    "$work/events.ndjson" | wc -l
}
# Piped, because GNU grep stops at the first match when its output is /dev/null.
grep_query() { grep -c '"name":"temperature"' "$work/events.ndjson" | cat; }
word_query() { "$pcon" logs 'battery' --all --json | wc -l; }
limit_query() { "$pcon" logs --limit 20 --all --json | wc -l; }
limit_filtered() { "$pcon" logs 'event:alarm overheat' --limit 20 --all --json | wc -l; }

matches=$(query)
[ "$matches" = "$(jq_query)" ] || { echo "pcon and jq disagree: $matches vs $(jq_query)" >&2; exit 1; }
t_pcon=$(median_ms query)
t_jq=$(median_ms jq_query)
t_grep=$(median_ms grep_query)
t_word=$(median_ms word_query)
t_limit=$(median_ms limit_query)
t_limit_filtered=$(median_ms limit_filtered)
rss=$( { /usr/bin/time -f '%M' "$pcon" logs 'event:temperature range:30-50' --all --json >/dev/null; } 2>&1 | tail -1)
rss_limit=$( { /usr/bin/time -f '%M' "$pcon" logs --limit 20 --all --json >/dev/null; } 2>&1 | tail -1)

cat <<REPORT
pcon log benchmarks (median of $runs runs, ms; $count events, $matches matches)
  pcon logs 'event:temperature range:30-50' --all --json | wc -l    $t_pcon   (peak RSS ${rss} KB)
  jq -c 'select(…)' | wc -l                                         $t_jq   jq/pcon $(ratio "$t_jq" "$t_pcon")  (target >= 10)
  grep -c '"name":"temperature"'                                    $t_grep   pcon/grep $(ratio "$t_pcon" "$t_grep")  (target <= 3)
  pcon logs 'battery' (free word)                                   $t_word
  pcon logs --limit 20                                              $t_limit   (peak RSS ${rss_limit} KB)
  pcon logs 'event:alarm overheat' --limit 20                       $t_limit_filtered
REPORT
