#!/usr/bin/env bash
# End-to-end check of `stream --latency low` against `emulate` on a pseudo-terminal:
# 8 channels at 2 kHz (Arduino-style text lines), a clean simulated recording with many
# twitches. Checks that the event latency (peak sample read -> event line written, measured
# by the tool itself) has p95 under 100 ms, that the stream uses under 5 % of a core, and
# that the live events equal `analyze --latency low` on the recording.
#
# The algorithmic part is fixed (55-70 ms at 2 kHz, LowLatencyTests); the rest is blocks
# (5 ms), pty transport and scheduling. On a quiet 2-core box p95 is ~80 ms. A busy CI box
# can delay one run, so a latency or CPU miss is retried once and fails only if the
# second run misses too. Usage: stream-latency.sh /path/to/twitchscope
set -euo pipefail
bin="${1:?usage: stream-latency.sh TWITCHSCOPE_BINARY}"
# shellcheck source=lib/stream_common.sh
source "$(cd "$(dirname "$0")" && pwd)/lib/stream_common.sh" twitchscope-latency

"$bin" simulate --scenario evaluate --seed 3 --channels 8 --sample-rate 2000 --mains off \
    --duration 30 --rate 150 --out "$dir/input.bdf" >/dev/null

run() {   # run N: stream for 20 s, write $dir/N.*
    local n="$1"
    rm -f "$dir/ascii"
    "$bin" emulate --protocol ascii --input "$dir/input.bdf" --link "$dir/ascii" --duration 26 \
        >"$dir/$n.emulator.out" 2>"$dir/$n.emulator.err" &
    emu_pid=$!
    for _ in $(seq 100); do [ -e "$dir/ascii" ] && break; sleep 0.05; done
    /usr/bin/time -f "%U %S %e" -o "$dir/$n.time" \
        "$bin" stream --port "$dir/ascii" --protocol ascii --duration 20 --format jsonl \
        --latency low --mains off --latency-report --summary-every 0 --record "$dir/$n.csv" \
        >"$dir/$n.jsonl" 2>"$dir/$n.err"
    kill "$emu_pid" 2>/dev/null || true
    wait "$emu_pid" 2>/dev/null || true
    emu_pid=""
    "$bin" analyze "$dir/$n.csv" --mains off --latency low --format json >"$dir/$n.analyze.json" || [ $? -eq 1 ]
}

check() {   # check N RETRYABLE: 0 pass, 1 fail, 2 latency/CPU miss worth a retry
    python3 - "$dir" "$1" "$2" <<'PY'
import json, sys
d, n, retryable = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
lines = [json.loads(l) for l in open(f"{d}/{n}.jsonl")]
events = [l for l in lines if l["type"] == "event"]
lat = next((l for l in lines if l["type"] == "latency"), None)
user, system, wall = (float(x) for x in open(f"{d}/{n}.time").read().split()[-3:])
report = json.load(open(f"{d}/{n}.analyze.json"))
fail, miss = [], []
def check(ok, what, timing=False):
    print(("ok   " if ok else ("MISS " if timing and retryable else "FAIL ")) + what)
    if not ok: (miss if timing and retryable else fail).append(what)
live = sorted((round(e["time_s"], 4), e["channel"]) for e in events)
offline = sorted((round(e["time_s"], 4), e["channel"]) for e in report["events"])
check(len(live) >= 15 and live == offline,
      f"live events equal analyze --latency low on the recording ({len(live)} vs {len(offline)})")
# Events finalised by the stop itself (the last ~60 ms) have no latency.
check(lat is not None and len(events) - 2 <= lat["count"] <= len(events),
      f"latency measured for the events shown while streaming ({lat['count'] if lat else 0} of {len(events)})")
if lat is not None and lat["count"] > 0:
    check(lat["p95_ms"] < 100,
          f"latency p95 {lat['p95_ms']:.1f} ms < 100 ms (median {lat['median_ms']:.1f}, max {lat['max_ms']:.1f}, {lat['count']} events)",
          timing=True)
cpu = 100 * (user + system) / wall
check(cpu < 5, f"CPU {cpu:.1f} % of a core < 5 % ({user:.2f} s user + {system:.2f} s system in {wall:.1f} s, start-up included)",
      timing=True)
sys.exit(1 if fail else (2 if miss else 0))
PY
}

run 1
status=0
check 1 1 || status=$?
if [ "$status" -eq 2 ]; then
    echo "     a latency or CPU bar was missed: the machine may be busy; running once more"
    run 2
    check 2 0
else
    exit "$status"
fi
