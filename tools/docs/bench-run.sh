#!/usr/bin/env bash
# The whole `stroom run` process on the 50,000-person crossing, this build against a baseline
# build, in turn (A B A B ...): wall time of the process, time in the steps and outside them
# (summary.json `runtime`), and the steps' share; docs/performance.md.
#
# Usage: tools/docs/bench-run.sh BASELINE_STROOM_BINARY [PAIRS] [TRAJECTORIES]
#   PAIRS defaults to 3, TRAJECTORIES to none (or sqlite, csv). Build the baseline as the
#   header of tools/docs/bench-kernel.sh says, with the target `stroom`.
# Run on an otherwise idle machine: each run takes 15-20 s.
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${1:?baseline stroom binary}
pairs=${2:-3}
traj=${3:-none}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%d), load $(cut -d' ' -f1-3 /proc/loadavg), trajectories $traj"
echo "who process_s steps_s outside_s share_%"
for _ in $(seq "$pairs"); do
  for who in now base; do
    bin=build/bench/bin/stroom
    [ "$who" = base ] && bin=$base
    start=$(date +%s.%N)
    "$bin" run scenarios/benchmarks/crossing-50000.yaml --out "$out/$who" --quiet --threads 2 \
      --trajectories "$traj" > /dev/null || true  # exit 4: the duration limit
    end=$(date +%s.%N)
    python3 -c "
import json
r = json.load(open('$out/$who/summary.json'))['runtime']
total = $end - $start
steps = r['stepping_seconds']
print('$who', round(total, 2), round(steps, 2), round(total - steps, 2), round(100 * steps / total, 1))
"
  done
done
