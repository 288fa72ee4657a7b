#!/usr/bin/env bash
# Fuzzes command lines and filter queries, SIGKILLs writers at random moments and races
# publishers against each other, against a release build; prints what held. Run by hand:
#   bash Tests/Benchmarks/robustness.sh [COMMANDS] [KILLS] [WRITERS]   (SEED=N to vary)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=1
. "$here/lib.sh"

build_release
python3 "$here/robustness.py" "$pcon" "$work" "${1:-10000}" "${2:-1000}" "${3:-8}"
