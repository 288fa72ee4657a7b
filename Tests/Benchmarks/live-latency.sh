#!/usr/bin/env bash
# Times key presses in the live log view (`pcon logs --follow` on a pseudo-terminal) while
# another process feeds the log 1,000 events a second: from writing the key to its change on
# screen. Prints median, p99 and max in ms, and the event rate reached. Run by hand:
#   bash Tests/Benchmarks/live-latency.sh [KEYS] [EVENTS-PER-SECOND]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=1
. "$here/lib.sh"

build_release
python3 "$here/live-latency.py" "$pcon" "$work" "${1:-400}" "${2:-1000}"
