#!/usr/bin/env bash
# Classification scenario suite for CI: every scenario but snr, 50 seeds each (550 cases,
# about 1.5-2 minutes on 2 idle cores with a release build; 0.33 s of CPU per case). Fails when fewer than 95 % of the cases
# reach the expected level and findings, or when any quiet or benign case gets an
# evaluation finding. Usage: Tools/checks/classification-suite.sh path/to/release/twitchscope
set -euo pipefail
bin="${1:?usage: $0 path/to/release/twitchscope}"
if [[ ! -x "$bin" ]]; then
    echo "classification-suite: $bin is not an executable" >&2
    exit 2
fi
exec "$bin" classification-suite --seeds 50 --jobs 2 --show-failures
