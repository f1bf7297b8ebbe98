#!/usr/bin/env bash
# Detection accuracy on simulated data (CI size: 20 seeds per scenario and SNR level, 60-s
# runs, artefacts 180 s; under 2 minutes on 2 cores). Prints the results table and the
# issue's accuracy bars (PASS / MISSED), and fails on a regression below the floors in
# lib/detection_gate.py (or on a usage error).
# Usage: detection-suite.sh PATH/TO/twitchscope
set -euo pipefail
bin="${1:?usage: detection-suite.sh PATH/TO/twitchscope}"
here="$(cd "$(dirname "$0")" && pwd)"
json="$(mktemp -t detection-suite.XXXXXX.json)"
status=0
"$bin" detection-suite --seeds 20 --workers 2 --format json --quiet >"$json" || status=$?
# Exit 1 means "a bar was missed": the gate below decides; anything else is a failure.
if [ "$status" -gt 1 ]; then echo "detection-suite failed (exit $status)" >&2; exit 1; fi
python3 "$here/lib/detection_gate.py" "$json"
