#!/usr/bin/env python3
"""Attacks a pcon binary the way the hardening review did, and prints the figures.

  fuzz      random command lines and filter queries: no signal, no hang, doctor stays clean
  kill      writers SIGKILLed at random moments: no acknowledged change lost, doctor clean
  race      concurrent read-modify-write publishers: no update lost, no event ID twice

Run through robustness.sh, which builds pcon in release mode:
  bash Tests/Benchmarks/robustness.sh [COMMANDS] [KILLS] [WRITERS]
"""

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

PCON, WORK = sys.argv[1], sys.argv[2]
COMMANDS = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
KILLS = int(sys.argv[4]) if len(sys.argv) > 4 else 1_000
WRITERS = int(sys.argv[5]) if len(sys.argv) > 5 else 8
rng = random.Random(int(os.environ.get("SEED", "1")))


def run(state, args, timeout=20, stdin=None):
    env = dict(os.environ, PCON_STATE_DIR=state, NO_COLOR="1")
    return subprocess.run(
        [PCON] + args, env=env, capture_output=True, timeout=timeout, stdin=stdin or subprocess.DEVNULL,
        cwd=WORK,  # a fuzzed relative path lands in the scratch folder, never the checkout
    )


def fresh(name):
    state = os.path.join(WORK, name)
    shutil.rmtree(state, ignore_errors=True)
    os.mkdir(state, 0o700)
    assert run(state, ["demo"]).returncode == 0
    return state


def doctor_clean(state):
    result = run(state, ["doctor"], timeout=60)
    return result.returncode == 0, result.stdout.decode(errors="replace") + result.stderr.decode(errors="replace")


# Every command path, so most lines reach a rule rather than stopping at the parser.
PATHS = [
    p.split()
    for p in (
        "account create|account list|login|logout|whoami|token create|token list|token revoke|"
        "device list|device show|device claim|device rename|device notes|device unclaim|"
        "device connect|device disconnect|device import|device remove|device development|"
        "sim list|sim pause|sim resume|sim release|product create|product list|product show|"
        "product move|team list|team invite|team remove|team role|team api-user create|"
        "team api-user update|team api-user delete|invite list|invite accept|invite decline|"
        "customer create|customer list|customer delete|customer token|customer claim|"
        "oauth-client create|org create|org list|org show|publish|logs|logs show|logs clear|"
        "logs ingest|logs prune|doctor|help|man|completion|__complete|version"
    ).split("|")
]
WORDS = sorted({w for p in PATHS for w in p})
OPTIONS = (
    "--json --product --product-id --platform --device --name --as --limit --since --until --all "
    "--follow --format --role --scope --org --blocks --id --yes --raw --quarantined --expires-in "
    "-f -n -h --help --version --"
).split()
VALUES = [
    "", "-", "--", "0", "-1", "9223372036854775807", "99999999999999999999", "1e3", "0x10",
    "e00fce68a41c2d7f3b9e0a12", "greenhouse-north", "van-12", "10001", "pump-monitors", "boron",
    "p2", "administrator", "devices:list", "table", "sse", "json", "1h30m", "1y", "1970-01-01",
    "9999-12-31T23:00:00-14:00", "x" * 5000, "caf\u00e9", "\u202eevil", "a\x1b[31mred", "a\nb",
    "a\rb", "'", '"', "\\", "{}", "[", "*", "?", "%s%n", "../../etc/passwd", "/dev/zero",
    "ada@example.com", "owner@example.com", "@", "a@b", "event:", "device:", "data:*",
]
FILTER_PARTS = [
    "event:", "device:", "data:", "product:", "publisher:", "ttl:", "AND", "OR", "NOT", "(", ")",
    '"', "'", "*", "temp*", "temperature", "van-12", "e00fce68", ">", "<", ">=", "=", "!", "-",
    "\\", "\u00e9", "\u202e", "", " ", "::", "data:>20", "data:<", "event:*a*", "1e309", "NaN",
]


def fuzz():
    state = fresh("fuzz")
    signals = hangs = 0
    codes = {}
    started = time.time()
    for n in range(COMMANDS):
        if n % 2 == 0:
            args = list(rng.choice(PATHS)) if rng.random() < 0.9 else [rng.choice(WORDS)]
            for _ in range(rng.randint(0, 5)):
                args.append(rng.choice(OPTIONS + VALUES + WORDS))
        else:
            query = " ".join(
                rng.choice(FILTER_PARTS) + rng.choice(FILTER_PARTS) for _ in range(rng.randint(1, 5))
            )
            args = ["logs", query] + rng.sample(["--json", "--limit", "3", "--all"], rng.randint(0, 2))
        args = [a for a in args if "\x00" not in a]
        try:
            result = run(state, args, timeout=20)
        except subprocess.TimeoutExpired:
            hangs += 1
            print("hang:", args, file=sys.stderr)
            continue
        code = result.returncode
        codes[code] = codes.get(code, 0) + 1
        if code < 0 or code >= 128 or b"Fatal error" in result.stderr:
            signals += 1
            print("signal or trap:", code, args, result.stderr[:300], file=sys.stderr)
        if n % 1000 == 999:
            ok, report = doctor_clean(state)
            if not ok:
                print("doctor after fuzz:", report[:500], file=sys.stderr)
                return False
            state = fresh("fuzz")
    elapsed = time.time() - started
    print(
        f"fuzz: {COMMANDS} command lines and filter queries in {elapsed:.0f} s: "
        f"{signals} signals or traps, {hangs} hangs; exit codes {dict(sorted(codes.items()))}"
    )
    return signals == 0 and hangs == 0


def kill():
    state = fresh("kill")
    ids = [line.split()[0] for line in run(state, ["device", "list"]).stdout.decode().splitlines()[1:]]
    acknowledged, attempted, killed = [], [], 0
    started = time.time()
    for n in range(KILLS):
        kind = n % 3
        if kind == 0:
            args = ["publish", "kill-test", f"k{n}"]
        elif kind == 1:
            args = ["device", "notes", rng.choice(ids), f"note-{n}"]
        else:
            args = ["device", "rename", ids[n % len(ids)], f"k{n}"]
        env = dict(os.environ, PCON_STATE_DIR=state)
        process = subprocess.Popen(
            [PCON] + args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=WORK
        )
        time.sleep(rng.random() * 0.02)
        if process.poll() is None:
            process.kill()
            killed += 1
        process.wait()
        attempted.append((kind, args, process.returncode == 0))
        if process.returncode == 0:
            acknowledged.append((kind, args))
        ok, report = doctor_clean(state)
        if not ok:
            print(f"doctor after kill {n} ({args}):", report[:500], file=sys.stderr)
            return False
    # Every acknowledged publish is there once; the last acknowledged note and name of each
    # device are what it holds.
    events = run(state, ["logs", "event:kill-test", "--json", "--all", "--limit", "100000"]).stdout.decode()
    stored = [json.loads(line)["data"] for line in events.splitlines() if line.strip()]
    lost = [a for k, a in acknowledged if k == 0 and stored.count(a[2]) != 1]
    # A device's note is its last acknowledged one, or one attempted after it (a writer killed
    # after its commit but before it exited changed the state without saying so).
    allowed = {}
    for k, a, ok in attempted:
        if k == 1:
            allowed.setdefault(a[2], set())
            if ok:
                allowed[a[2]] = set()
            allowed[a[2]].add(a[3])
    for device, notes in allowed.items():
        if not any(k == 1 and a[2] == device for k, a in acknowledged):
            continue
        shown = json.loads(run(state, ["device", "show", device, "--json"]).stdout)
        if shown.get("notes") not in notes:
            lost.append(("notes", device, sorted(notes), shown.get("notes")))
    for item in lost:
        print("lost:", item, file=sys.stderr)
    elapsed = time.time() - started
    print(
        f"kill: {KILLS} writers ({killed} SIGKILLed mid-run, {len(acknowledged)} acknowledged) in "
        f"{elapsed:.0f} s: {len(lost)} acknowledged changes lost; doctor clean after every one"
    )
    return not lost


def race():
    state = fresh("race")
    per = 60
    script = "for i in $(seq %d); do \"$PCON\" publish race \"w$W-$i\" >/dev/null || echo fail; done" % per
    started = time.time()
    workers = [
        subprocess.Popen(
            ["bash", "-c", script],
            env=dict(os.environ, PCON=PCON, PCON_STATE_DIR=state, W=str(w), PCON_LOCK_TIMEOUT="60"),
            stdout=subprocess.PIPE,
            cwd=WORK,
        )
        for w in range(WRITERS)
    ]
    readers = [
        subprocess.Popen(
            ["bash", "-c", 'for i in $(seq 40); do "$PCON" logs --limit 5 >/dev/null; done'],
            env=dict(os.environ, PCON=PCON, PCON_STATE_DIR=state),
        )
        for _ in range(2)
    ]
    failures = sum(w.communicate()[0].decode().count("fail") for w in workers)
    for r in readers:
        r.wait()
    events = run(state, ["logs", "event:race", "--json", "--all", "--limit", "100000"]).stdout.decode()
    records = [json.loads(line) for line in events.splitlines() if line.strip()]
    datas = [r["data"] for r in records]
    ids = [r.get("id") for r in records]
    expected = {f"w{w}-{i}" for w in range(WRITERS) for i in range(1, per + 1)}
    lost = len(expected - set(datas))
    duplicate_ids = len(ids) - len(set(ids))
    elapsed = time.time() - started
    print(
        f"race: {WRITERS} writers x {per} publishes with 2 reader loops in {elapsed:.0f} s: "
        f"{failures} failed, {lost} lost, {duplicate_ids} duplicate event IDs"
    )
    return failures == 0 and lost == 0 and duplicate_ids == 0


only = os.environ.get("ONLY")
results = [f() for f in (fuzz, kill, race) if not only or f.__name__ == only]
sys.exit(0 if all(results) else 1)
