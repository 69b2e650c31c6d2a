#!/usr/bin/env bash
# Round trip of `stroom batch --slurm` on a throw-away single-node Slurm cluster:
#   munged + slurmctld + slurmd started in a temporary folder with a generated slurm.conf,
#   a small sweep submitted as a job array, collected, and its batch.csv compared byte for
#   byte with the same sweep run locally. The daemons are stopped at the end.
# Installs nothing (tools/setup.sh lists slurmctld slurmd slurm-client munge). Exits 77
# (ctest SKIP_RETURN_CODE) only where the daemons cannot be started here.
# Usage: tools/slurm/test-slurm.sh path/to/stroom [SWEEP.yaml]   (default: a 2 × 3 sweep)
set -uo pipefail

stroom=$(readlink -f "${1:?usage: $0 path/to/stroom}")
repo=$(cd "$(dirname "$0")/../.." && pwd)
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

for tool in munged slurmctld slurmd sbatch squeue sinfo; do
  command -v "$tool" >/dev/null || skip "$tool not installed (tools/setup.sh installs Slurm and munge)"
done
[ "$(id -u)" -eq 0 ] || skip "starting slurmd and munged needs root"
id munge >/dev/null 2>&1 || skip "no 'munge' user (is the munge package installed?)"

tmp=$(mktemp -d /tmp/stroom-slurm.XXXXXX)
chmod 755 "$tmp"
pids=()
cleanup() {
  for pidfile in "$tmp/slurmd.pid" "$tmp/slurmctld.pid" "$tmp/munge/munged.pid"; do
    [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  sleep 0.5
  rm -rf "$tmp"
}
trap cleanup EXIT

# [munge] its own key, socket and files, run as user munge.
mkdir -p "$tmp/munge"
if [ -r /etc/munge/munge.key ]; then
  cp /etc/munge/munge.key "$tmp/munge/munge.key"
else
  dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
fi
chown -R munge: "$tmp/munge"
chmod 700 "$tmp/munge"
chmod 400 "$tmp/munge/munge.key"
socket="$tmp/munge/munge.socket"
runuser -u munge -- munged --force --socket="$socket" --key-file="$tmp/munge/munge.key" \
  --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munge/munged.log" \
  --seed-file="$tmp/munge/munged.seed" ||
  skip "munged did not start: $(tail -3 "$tmp/munge/munged.log" 2>/dev/null)"

# [slurm] a minimal single-node configuration (see docs/batch.md).
host=$(hostname -s)
cpus=$(nproc)
port=$((20000 + RANDOM % 20000))
mkdir -p "$tmp/state" "$tmp/spool"
cat > "$tmp/slurm.conf" <<CONF
ClusterName=stroomtest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$tmp/slurm.conf"
slurmctld -i || skip "slurmctld did not start: $(tail -3 "$tmp/slurmctld.log" 2>/dev/null)"
slurmd || skip "slurmd did not start: $(tail -3 "$tmp/slurmd.log" 2>/dev/null)"
up=no
for _ in $(seq 60); do
  state=$(sinfo -h -o %T 2>/dev/null | head -1)
  if [ "$state" = idle ] || [ "$state" = mixed ]; then up=yes; break; fi
  sleep 0.5
done
[ "$up" = yes ] || skip "the Slurm node did not come up (state '${state:-none}'): $(tail -3 "$tmp/slurmctld.log" "$tmp/slurmd.log" 2>/dev/null)"
echo "slurm: node $host idle with $cpus CPUs"

# [the sweep] 2 variants × 3 seeds of a small example; run on Slurm and locally.
cat > "$tmp/sweep.yaml" <<SWEEP
stroom-batch: 1
scenario: $repo/scenarios/examples/room-one-door.yaml
seeds: 3
variants:
  - {name: base}
  - {name: half, set: {populations.0.count: 50}}
SWEEP
sweep=$tmp/sweep.yaml
[ -n "${2:-}" ] && sweep=$(readlink -f "$2")
"$stroom" batch "$sweep" --slurm --array-size 3 --out "$tmp/on-slurm" ||
  fail "submission failed"
# Wait (bounded) until the array has left the queue; a failed squeue (controller busy) is not
# an empty queue.
queue_empty() { local q; q=$(squeue -h 2>/dev/null) && [ -z "$q" ]; }
for _ in $(seq 480); do
  queue_empty && break
  sleep 0.5
done
queue_empty || fail "the job array did not finish within 4 minutes"
"$stroom" batch --collect "$tmp/on-slurm"
collect_rc=$?
"$stroom" batch "$sweep" --out "$tmp/local" --quiet >/dev/null
local_rc=$?
if [ "$collect_rc" -ne "$local_rc" ]; then
  tail -n 20 "$tmp"/on-slurm/slurm/*.out
  fail "exit codes differ: collect $collect_rc, local $local_rc"
fi
if ! cmp "$tmp/on-slurm/batch.csv" "$tmp/local/batch.csv"; then
  cat "$tmp"/on-slurm/slurm/*.out
  diff "$tmp/on-slurm/batch.csv" "$tmp/local/batch.csv"
  fail "batch.csv differs between Slurm and local"
fi
tasks=$(ls "$tmp"/on-slurm/slurm/*.out 2>/dev/null | wc -l)
[ "$tasks" -eq 3 ] || fail "expected 3 array task logs, found $tasks"
echo "PASS: Slurm ($tasks array tasks) and local batch.csv are identical ($(($(wc -l < "$tmp/local/batch.csv") - 1)) runs)"
