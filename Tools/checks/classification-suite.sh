#!/usr/bin/env bash
# Classification on simulated scenarios (50 seeds x 11 scenarios plus one 60-minute benign
# recording, about 2-2.5 minutes on 2 cores): prints the confusion table and the issue's bar
# (met or missed), and fails on a regression below the floors in lib/classification_gate.py
# (or on a usage error).
# Usage: classification-suite.sh PATH/TO/twitchscope
set -euo pipefail
bin="${1:?usage: classification-suite.sh PATH/TO/twitchscope}"
if [[ ! -x "$bin" ]]; then
    echo "classification-suite: $bin is not an executable" >&2
    exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
json="$(mktemp -t classification-suite.XXXXXX.json)"
status=0
"$bin" classification-suite --seeds 50 --jobs 2 --format json >"$json" || status=$?
# Exit 1 means "the bar was missed": the gate decides; anything else is a failure.
if [ "$status" -gt 1 ]; then echo "classification-suite failed (exit $status)" >&2; exit 1; fi
python3 "$here/lib/classification_gate.py" "$json"
