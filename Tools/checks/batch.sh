#!/usr/bin/env bash
# End-to-end check of `twitchscope batch` and `merge` with the release binary ($1):
# exit codes, failed rows, resume, shards + merge equal to one run, merge errors.
set -euo pipefail
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d -t twitchscope-batch-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "batch check FAILED: $*" >&2; exit 1; }

python3 "$here/lib/batch_data.py" "$work/data" 4 10 2000

# One run: the broken file is recorded as failed, exit status 1.
status=0
"$bin" batch "$work/data" --out "$work/single" --sample-rate 2000 --jobs 2 2>"$work/single.log" || status=$?
[ "$status" -eq 1 ] || fail "expected exit 1 with a broken file, got $status"
grep -q "Results: 4 ok" "$work/single.log" || fail "summary: $(cat "$work/single.log")"
grep -q "failed: sub-99/ses-1/broken.csv: " "$work/single.log" || fail "failure not reported"
[ "$(ls "$work/single/recordings" | wc -l)" -eq 4 ] || fail "expected 4 JSON reports"
head -1 "$work/single/events.csv" | grep -q '^recording,kind,time_s' || fail "events.csv header"
python3 - "$work/single/results.sqlite" <<'PY' || fail "database rows"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = dict(db.execute("SELECT path, status FROM recordings"))
assert rows["sub-99/ses-1/broken.csv"] == "failed", rows
assert sum(1 for s in rows.values() if s == "ok") == 4, rows
assert db.execute("SELECT subject, session FROM recordings WHERE path = 'sub-02/ses-1/emg.csv'").fetchone() == ("02", "1")
assert db.execute("SELECT count(*) FROM channels_quality").fetchone()[0] == 8
PY

# Resume: nothing new is analysed except the failed file.
status=0
"$bin" batch "$work/data" --out "$work/single" --sample-rate 2000 --resume 2>"$work/resume.log" || status=$?
[ "$status" -eq 1 ] || fail "resume: expected exit 1, got $status"
grep -q "Analysed 1, skipped 4" "$work/resume.log" || fail "resume summary: $(cat "$work/resume.log")"

# Usage errors exit 2.
status=0
"$bin" batch "$work/data" --out "$work/x" --shard 3/3 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "bad --shard: expected exit 2, got $status"
status=0
"$bin" batch "$work/missing" --out "$work/x" 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "missing input: expected exit 2, got $status"

# Two shards merged equal the single run; a missing shard is exit 2.
for k in 0 1; do
    "$bin" batch "$work/data" --out "$work/shard-$k" --shard "$k/2" --sample-rate 2000 --jobs 1 2>/dev/null || true
done
status=0
"$bin" merge "$work/shard-0" --out "$work/merged" 2>"$work/merge.log" || status=$?
[ "$status" -eq 2 ] || fail "merge with a missing shard: expected exit 2, got $status"
grep -q "missing shard 1 of 2" "$work/merge.log" || fail "merge message: $(cat "$work/merge.log")"
status=0
"$bin" merge "$work/shard-0" "$work/shard-1" --out "$work/merged" 2>/dev/null || status=$?
[ "$status" -eq 1 ] || fail "merge: expected exit 1 (one failed recording), got $status"
python3 "$here/lib/compare_results.py" "$work/single" "$work/merged" || fail "merged shards differ from one run"
echo "batch check OK"
