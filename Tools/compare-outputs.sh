#!/usr/bin/env bash
# Byte-compares `analyze --format json` of two twitchscope builds on simulated recordings
# (9 scenarios at 2 kHz, plus 250 Hz, 4 kHz and 10 kHz runs), in both latency modes. Use it
# to check that a hot-path optimisation changed no result.
# Usage: Tools/compare-outputs.sh OLD_BINARY NEW_BINARY   (exit 1 when any output differs)
set -euo pipefail
old="${1:?usage: compare-outputs.sh OLD_BINARY NEW_BINARY}"
new="${2:?usage: compare-outputs.sh OLD_BINARY NEW_BINARY}"
# Absolute paths: the runs happen in a temporary folder.
for b in "$old" "$new"; do
  [ -x "$b" ] || { echo "compare-outputs: $b is not an executable" >&2; exit 2; }
done
old="$(realpath "$old")"
new="$(realpath "$new")"
work="$(mktemp -d -t twitchscope-compare.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work"
for s in benign evaluate fatigue artifacts myokymia mains60 complex tremor neuromyotonia; do
  "$old" simulate --scenario "$s" --seed 2 --out "$s.bin" --format raw >/dev/null 2>&1
done
"$old" simulate --scenario benign --seed 3 --sample-rate 250 --out low250.bin --format raw >/dev/null 2>&1
"$old" simulate --scenario artifacts --seed 5 --sample-rate 4000 --duration 60 --out art4k.bin --format raw >/dev/null 2>&1
"$old" simulate --scenario evaluate --seed 4 --sample-rate 10000 --duration 30 --out hi10k.bin --format raw >/dev/null 2>&1
differ=0 total=0
for f in *.bin; do
  for mode in standard low; do
    total=$((total + 1))
    "$old" analyze "$f" --format json --latency "$mode" >"old.json" 2>/dev/null || true
    "$new" analyze "$f" --format json --latency "$mode" >"new.json" 2>/dev/null || true
    if ! cmp -s old.json new.json; then
      echo "differs: $f ($mode latency)"
      differ=$((differ + 1))
    fi
  done
done
echo "$differ of $total outputs differ"
[ "$differ" -eq 0 ]
