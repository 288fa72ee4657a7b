#!/usr/bin/env bash
# Times webhook delivery: 10,000 events sent by `pcon integration deliver` to a local server that
# answers 200 to every request, and prints delivered events per second. Run by hand:
#   bash Tests/Benchmarks/webhooks.sh [EVENTS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=1
count=${1:-10000}
. "$here/lib.sh"

build_release
export PCON_STATE_DIR="$work/state"
command -v python3 >/dev/null || { echo "python3 is needed for the local server" >&2; exit 1; }

# The smallest server that answers 200 to every POST; it writes its port once it listens.
cat > "$work/server.py" <<'PY'
import http.server, sys
class Reply(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Reply)
server.request_queue_size = 128
open(sys.argv[1], "w").write(str(server.server_address[1]))
server.serve_forever()
PY
python3 "$work/server.py" "$work/port" &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
port=$(cat "$work/port")

export PCON_NOW=2026-11-01T00:00:00Z
"$pcon" account create bench@example.com >/dev/null
"$pcon" device claim e00fce680000000000000001 --platform argon --name bench >/dev/null
"$pcon" integration create --event t --url "http://127.0.0.1:$port/in" >/dev/null
echo "publishing $count events…" >&2
"$pcon" simulate --device bench --every 1m --for "${count}m" --event t --bytes 32 >/dev/null
# Later than every simulated event, so all of them have happened.
export PCON_NOW=2026-12-31T00:00:00Z

start=$(date +%s%N)
"$pcon" integration deliver >/dev/null 2>"$work/deliver.err"
end=$(date +%s%N)
delivered=$("$pcon" logs --json 'event:hook-response/t/0' | wc -l)
cat "$work/deliver.err" >&2
[ "$delivered" -eq "$count" ] || { echo "delivered $delivered of $count" >&2; exit 1; }
ms=$(( (end - start) / 1000000 ))
echo "webhooks: $delivered events delivered in $ms ms: $(awk -v n="$delivered" -v ms="$ms" 'BEGIN {printf "%.0f", n * 1000 / ms}') events/s"
