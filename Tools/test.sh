#!/usr/bin/env bash
# The whole test suite: unit and integration tests, then the end-to-end checks that run
# the release CLI (scenario suites, third-party readers, CLI contract).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
# Full log to a file; on the terminal only failures, suite results and the closing line.
log="$(mktemp -t twitchscope-test.XXXXXX)"
set +e
swift test --skip-build >"$log" 2>&1
status=$?
set -e
grep -E '✘|error:|Suite .* (passed|failed)|Test run with' "$log" || cat "$log"
if [ "$status" -ne 0 ]; then
    echo "swift test failed (exit $status); full log: $log" >&2
    exit "$status"
fi

swift build -c release --product twitchscope
bin="$(swift build -c release --show-bin-path)/twitchscope"
for check in Tools/checks/*.sh; do
    [ -e "$check" ] || continue
    echo "== $check"
    bash "$check" "$bin"
done
