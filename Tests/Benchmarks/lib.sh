# Shared by the benchmark scripts: build pcon in release mode, and time commands.
# Expects $here (this folder) and $runs (how many timed runs) to be set by the script that
# sources it; sets $root, $pcon and $work (a scratch folder removed on exit).

export PATH="/opt/swift/usr/bin:$PATH"
root=$(cd "$here/../.." && pwd)

# build_release [fixtures]: builds pcon in release mode, and the fixture builders when asked.
build_release() {
  echo "building (release)…" >&2
  (cd "$root" && swift build -c release >/dev/null)
  if [ "${1:-}" = fixtures ]; then (cd "$here" && swift build -c release >/dev/null); fi
  pcon="$root/.build/release/pcon"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
}

# median_ms CMD…: runs CMD $runs times (after one warm-up) and prints the median in ms.
median_ms() {
  "$@" >/dev/null 2>&1 || true
  local samples=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    samples+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${samples[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

# ratio A B: A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
