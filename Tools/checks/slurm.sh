#!/usr/bin/env bash
# End-to-end check of the Slurm scripts with the release binary ($1): brings up a one-node
# Slurm cluster (Debian's slurm-wlm + munge, daemons started by hand: no systemd; see
# shared docs slurm-local-cluster.sh), runs Tools/slurm/submit.sh over a small study, and
# checks that the merged results equal a single-machine batch. Skips when Slurm cannot be
# installed (not root, no apt). Stops the daemons it started on exit.
set -euo pipefail
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d -t twitchscope-slurm-check.XXXXXX)
started=()
cleanup() {
    for pidfile in "${started[@]}"; do
        [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "slurm check FAILED: $*" >&2
    for log in "$work"/out/logs/* /var/log/slurm/slurmctld.log; do
        [ -f "$log" ] && { echo "== $log" >&2; tail -20 "$log" >&2; }
    done
    exit 1
}
t0=$(date +%s)

# 1. Slurm and munge.
if ! command -v sbatch >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        echo "slurm check SKIPPED: Slurm is not installed and cannot be (needs root and apt-get)"
        exit 0
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    if ! apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends slurm-wlm munge >"$work/apt.log" 2>&1; then
        echo "slurm check SKIPPED: apt-get could not install slurm-wlm and munge:" && tail -3 "$work/apt.log"
        exit 0
    fi
fi

# 2. A one-node cluster, unless one already answers.
if ! sinfo -h >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || { echo "slurm check SKIPPED: no running cluster, and starting one needs root"; exit 0; }
    host=$(hostname)
    getent hosts "$host" >/dev/null || echo "127.0.0.1 $host" >>/etc/hosts
    nodeline=$(slurmd -C | head -1 | cut -d' ' -f2-)
    mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
    cat >/etc/slurm/slurm.conf <<CONF
ClusterName=ci
SlurmctldHost=${host}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MailProg=/bin/true
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
MaxArraySize=10001
NodeName=${host} ${nodeline} State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
    if ! [ -S /run/munge/munge.socket.2 ]; then
        mkdir -p /run/munge && chown munge:munge /run/munge
        [ -s /etc/munge/munge.key ] || { mungekey --create --force; chown munge:munge /etc/munge/munge.key; }
        su -s /bin/sh munge -c '/usr/sbin/munged --pid-file=/run/munge/munged.pid'
        started+=(/run/munge/munged.pid)
        for _ in $(seq 50); do [ -S /run/munge/munge.socket.2 ] && break; sleep 0.1; done
    fi
    slurmctld && started+=(/run/slurmctld.pid)
    slurmd && started+=(/run/slurmd.pid)
    for _ in $(seq 100); do
        sinfo -h -o %T 2>/dev/null | grep -qx idle && break
        sleep 0.2
    done
    sinfo -h -o %T | grep -qx idle || fail "the node did not come up idle: $(sinfo 2>&1)"
fi
t1=$(date +%s)

# 3. A small study (6 recordings of 20 s, one broken file) and the single-machine result.
python3 "$here/lib/batch_data.py" "$work/data" 6 20 2000
"$bin" batch "$work/data" --out "$work/single" --sample-rate 2000 --jobs 2 2>/dev/null || true
[ -s "$work/single/recordings.csv" ] || fail "single-machine batch wrote no recordings.csv"

# 4. Three shards and the merge through Slurm; poll squeue (no accounting, so no sacct).
ids=$(TWITCHSCOPE="$bin" "$repo/Tools/slurm/submit.sh" "$work/data" "$work/out" 3 --sample-rate 2000) \
    || fail "submit.sh failed"
read -r array merge <<<"$ids"
for i in $(seq 240); do
    [ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ] && break
    [ "$i" -eq 240 ] && { scancel "$array" "$merge" 2>/dev/null || true; fail "jobs still queued after 120 s: $(squeue)"; }
    sleep 0.5
done
[ -s "$work/out/merged/recordings.csv" ] || fail "the merge job wrote no merged/recordings.csv"
for k in 0 1 2; do [ -s "$work/out/shard-$k/shard.json" ] || fail "shard $k wrote no shard.json"; done
python3 "$here/lib/compare_results.py" "$work/single" "$work/out/merged" || fail "merged Slurm results differ from a single-machine batch"
grep -q "1 failed" "$work"/out/logs/merge-*.out || fail "merge log does not report the broken file"
echo "slurm check OK: cluster up in $((t1 - t0)) s, batch via Slurm in $(($(date +%s) - t1)) s"
