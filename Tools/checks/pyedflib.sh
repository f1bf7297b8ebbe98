#!/usr/bin/env bash
# Cross-checks `twitchscope convert` output with pyedflib (Tools/check_pyedflib.py).
# Installs pyedflib into a venv under .build/ when python3 lacks it; skips without python3.
# $1 (as Tools/test.sh passes it) or TWITCHSCOPE_BIN: a built twitchscope to use instead
# of building one.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v python3 >/dev/null 2>&1; then
    echo "check-pyedflib: skipped, python3 not found"
    exit 0
fi
PY=python3
if ! python3 -c 'import pyedflib, numpy' 2>/dev/null; then
    VENV=".build/pyedflib-venv"
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/python" -c 'import pyedflib' 2>/dev/null || "$VENV/bin/pip" install --quiet pyedflib
    PY="$VENV/bin/python"
fi
BIN="${1:-${TWITCHSCOPE_BIN:-}}"
if [ -z "$BIN" ]; then
    swift build --product twitchscope >/dev/null
    BIN="$(swift build --show-bin-path)/twitchscope"
fi
exec "$PY" Tools/check_pyedflib.py --twitchscope "$BIN" --fixtures Tests/TwitchscopeTests/Fixtures
