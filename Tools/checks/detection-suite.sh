#!/usr/bin/env bash
# Detection accuracy on simulated data (CI size: 20 seeds per scenario and SNR level, 60-s
# runs, artefacts 180 s; about 1-2 minutes on 2 cores). Fails when a reachable accuracy bar
# is missed; bars no detector can reach on the simulator print as MISSED (unreachable: ...).
# Usage: detection-suite.sh PATH/TO/twitchscope
set -euo pipefail
bin="${1:?usage: detection-suite.sh PATH/TO/twitchscope}"
"$bin" detection-suite --seeds 20 --workers 2 --format text --quiet
