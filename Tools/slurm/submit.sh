#!/bin/bash
# Submits a Twitchscope batch to Slurm as N shards plus a merge:
#   Tools/slurm/submit.sh INPUT OUT N [batch options...]
# - a job array of N tasks (twitchscope-array.sbatch): task K writes OUT/shard-K;
# - a merge job (twitchscope-merge.sbatch) with --dependency=afterok:<array job>, writing
#   OUT/merged (results.sqlite, CSVs, recordings/).
# Logs go to OUT/logs. The binary is $TWITCHSCOPE, else `twitchscope` on PATH (it must be
# reachable from the compute nodes). sbatch's own settings come from its environment
# (SBATCH_PARTITION, SBATCH_TIMELIMIT, SBATCH_ACCOUNT, ...).
# Prints "<array job id> <merge job id>" on stdout.
set -euo pipefail

if [ $# -lt 3 ] || ! [[ $3 =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 INPUT OUT N [batch options...]   (N >= 1 shards)" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
input=$(realpath "$1")
out=$(realpath -m "$2")
n=$3
shift 3
bin=${TWITCHSCOPE:-$(command -v twitchscope || true)}
if [ -z "$bin" ] || ! [ -x "$bin" ]; then
    echo "$0: no twitchscope binary: set TWITCHSCOPE=/path/to/twitchscope or put it on PATH" >&2
    exit 2
fi
export TWITCHSCOPE=$(realpath "$bin")
mkdir -p "$out/logs"

array=$(sbatch --parsable --array="0-$((n - 1))" -o "$out/logs/shard-%A_%a.out" \
    "$here/twitchscope-array.sbatch" "$input" "$out" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" -o "$out/logs/merge-%j.out" \
    "$here/twitchscope-merge.sbatch" "$out" "$n")
merge=${merge%%;*}
echo "submitted array job $array ($n shards) and merge job $merge; merged results in $out/merged" >&2
echo "$array $merge"
