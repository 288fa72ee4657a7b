"""Key latency of the live log view under a steady stream of events; see live-latency.sh."""
import fcntl
import json
import os
import random
import re
import select
import struct
import subprocess
import sys
import termios
import threading
import time

pcon, work, keys, rate = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
env = dict(os.environ, PCON_STATE_DIR=os.path.join(work, "state"), TERM="xterm")
for name in ("PCON_NOW", "PCON_TOKEN", "NO_COLOR"):
    env.pop(name, None)
subprocess.run([pcon, "account", "create", "ada@example.com"], env=env, check=True,
               stdout=subprocess.DEVNULL)

stop = threading.Event()
published = [0]


def publish():
    """Ingests a batch every 100 ms, `rate` events a second in all, as its own process."""
    batch = rate // 10
    start = time.monotonic()
    tick = 0
    while not stop.is_set():
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
        lines = "".join(
            json.dumps({"name": "load", "data": str(published[0] + n), "ttl": 60,
                        "published_at": stamp, "coreid": "api"}) + "\n"
            for n in range(batch))
        subprocess.run([pcon, "logs", "ingest", "--format", "ndjson", "-"], env=env,
                       input=lines.encode(), stdout=subprocess.DEVNULL, check=True)
        published[0] += batch
        tick += 1
        # Keeps the average rate even when one ingest runs long.
        delay = start + tick * 0.1 - time.monotonic()
        if delay > 0:
            time.sleep(delay)


master, slave = os.openpty()
fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
view = subprocess.Popen([pcon, "logs", "--follow"], stdin=slave, stdout=slave, stderr=slave,
                        env=env)
output = bytearray()


def wait_for(text, since, timeout=5.0):
    """Reads until `text` appears after `since`; the time it was read, or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if output.find(text, since) >= 0:
            return time.monotonic()
        ready, _, _ = select.select([master], [], [], 0.005)
        if ready:
            output.extend(os.read(master, 1 << 20))
    return None


if wait_for(b"all events", 0) is None:
    sys.exit("the live view did not start")
feeder = threading.Thread(target=publish)
feeder.start()
time.sleep(1)  # let the stream reach its rate before timing keys

samples = []
began = time.monotonic()
start_count = published[0]
for n in range(keys):
    # Space toggles pause; the status line's first word is the change to wait for.
    expected = b"PAUSED \xc2\xb7" if n % 2 == 0 else b"following \xc2\xb7"
    mark = len(output)
    sent = time.monotonic()
    os.write(master, b" ")
    seen = wait_for(expected, mark)
    if seen is None:
        sys.exit(f"key {n} had no effect within 5 s")
    samples.append((seen - sent) * 1000)
    # Keys come at a person's pace, landing anywhere between the view's polls and redraws.
    time.sleep(random.uniform(0.005, 0.05))
elapsed = time.monotonic() - began
events = published[0] - start_count
stop.set()
feeder.join()
counts = re.findall(rb"(\d+) shown \xc2\xb7 (\d+) queued", bytes(output))
os.write(master, b"q")
view.wait(timeout=10)

samples.sort()
p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
print(f"{len(samples)} keys over {elapsed:.1f} s while {events / elapsed:.0f} events/s arrived")
print(f"key to screen: median {samples[len(samples) // 2]:.1f} ms, p99 {p99:.1f} ms, "
      f"max {samples[-1]:.1f} ms")
if counts:
    print(f"the view last showed {int(counts[-1][0])} events with {int(counts[-1][1])} queued")
