#!/usr/bin/env bash
# Start-up cost: `pcon --version` (release) against a Foundation-only hello built the same way,
# median of many runs each, and their ratio (issue 13 requires at most 1.5×). Then the median
# round trip of one local http request through pcon's HTTP client. Run by hand:
#   bash Tests/Benchmarks/startup.sh [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-101}
. "$here/lib.sh"

build_release
echo "building the Foundation-only hello and the round-trip timer (release)…" >&2
printf 'import Foundation\nprint("hello \\(Date().timeIntervalSince1970 > 0)")\n' > "$work/hello.swift"
swiftc -O "$work/hello.swift" -o "$work/hello" 2>/dev/null
(cd "$here" && swift build -c release --product http-roundtrip >/dev/null)

if ldd "$pcon" | grep -q -E 'libcurl|FoundationNetworking'; then
  echo "pcon links libcurl or FoundationNetworking:" >&2
  ldd "$pcon" | grep -E 'libcurl|FoundationNetworking' >&2
  exit 1
fi

t_hello=$(median_ms "$work/hello")
t_pcon=$(median_ms "$pcon" --version)
echo "Foundation-only hello: ${t_hello} ms (median of $runs)"
echo "pcon --version:        ${t_pcon} ms (median of $runs)"
echo "ratio:                 $(ratio "$t_pcon" "$t_hello")× (limit 1.5×)"
"$here/.build/release/http-roundtrip" 500
