#!/usr/bin/env bash
# The figures of docs/performance.md, "Vectorised collision-free speed kernel": the crossing
# benchmark at 50,000 persons, this build against a baseline build, in turn (A B A B ...), five
# runs each on 1 and 2 threads; each kernel variant on 1 thread; 100,000 persons; and the whole
# `stroom run` process on the same crossing without and with SQLite trajectories. Medians are
# printed; the raw lines are kept in the output folder.
#
# Usage: tools/docs/bench-kernel.sh BASELINE_BENCH_BINARY [OUT_DIR]
#   build the baseline with the bench preset in a worktree of the older commit, e.g.
#   git worktree add /tmp/base <commit> && cmake --preset bench -S /tmp/base -B /tmp/base/build/bench \
#     && cmake --build /tmp/base/build/bench --target stroom_bench_crossing
# Run on an otherwise idle machine: it takes about ten minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${1:?baseline stroom_bench_crossing binary}
out=${2:-/tmp/stroom-bench-kernel}
bench=build/bench/bin/stroom_bench_crossing
stroom=build/bench/bin/stroom
mkdir -p "$out"
: > "$out/crossing.txt"

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
rate() { STROOM_BENCH_THREADS=$2 "$1" "${3:-50000}" | tail -1; }

echo "commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%d), load $(cut -d' ' -f1-3 /proc/loadavg)"
for run in 1 2 3 4 5; do
  for threads in 1 2; do
    echo "base $threads $(rate "$base" "$threads")" >> "$out/crossing.txt"
    echo "now $threads $(rate "$bench" "$threads")" >> "$out/crossing.txt"
  done
done
for who in base now; do
  for threads in 1 2; do
    line=$(awk -v w="$who" -v t="$threads" '$1 == w && $2 == t' "$out/crossing.txt")
    printf '%s, %s thread(s), 50,000 persons: median %s agent-steps/s (runs: %s); B/person %s\n' \
      "$who" "$threads" "$(echo "$line" | awk '{print $5}' | median)" \
      "$(echo "$line" | awk '{printf "%s ", $5}')" "$(echo "$line" | awk '{print $8}' | median)"
  done
done
echo "pair ratios now/base, 1 thread then 2 threads:"
for threads in 1 2; do
  paste <(awk -v t="$threads" '$1 == "base" && $2 == t {print $5}' "$out/crossing.txt") \
    <(awk -v t="$threads" '$1 == "now" && $2 == t {print $5}' "$out/crossing.txt") |
    awk '{printf "%.2f ", $2 / $1} END {print ""}'
done
echo "phase shares, now, 2 threads (last run):"
awk '$1 == "now" && $2 == 2' "$out/crossing.txt" | tail -1 |
  awk '{for (k = 9; k <= NF; ++k) printf "%s ", $k; print ""}'

for run in 1 2 3; do  # the variants in turn, so that a slower spell of the host hits all
  for isa in portable avx2 avx512; do
    echo "$isa $(STROOM_BENCH_ISA=$isa STROOM_BENCH_THREADS=1 "$bench" 50000 | tail -1 | awk '{print $3}')"
  done
done > "$out/variants.txt"
for isa in portable avx2 avx512; do
  awk -v i="$isa" '$1 == i {print $2}' "$out/variants.txt" | median |
    xargs printf "variant %s, 1 thread: median %s agent-steps/s\n" "$isa"
done

for run in 1 2 3; do
  STROOM_BENCH_THREADS=2 STROOM_BENCH_STEPS=50 "$bench" 100000 | tail -1 | awk '{print $3, $5}'
done > "$out/100k.txt"
printf '100,000 persons, 2 threads: median %s agent-steps/s, %s ms per step (5x real time: 10 ms)\n' \
  "$(awk '{print $1}' "$out/100k.txt" | median)" "$(awk '{print $2}' "$out/100k.txt" | median)"

# The whole process: wall time of `stroom run` and the share spent in the simulation's steps.
for run in 1 2 3; do
  for traj in none sqlite; do
    rm -rf "$out/run-$traj"
    start=$(date +%s.%N)
    "$stroom" run scenarios/benchmarks/crossing-50000.yaml --out "$out/run-$traj" --quiet \
      --threads 2 --trajectories "$traj" > /dev/null || true  # exit 4: the duration limit
    end=$(date +%s.%N)
    python3 -c "
import json, sys
r = json.load(open('$out/run-$traj/summary.json'))['runtime']
total = $end - $start
print('$traj', round(total, 2), round(r['wall_seconds'], 2), round(r['stepping_seconds'], 2))
" >> "$out/run.txt"
  done
done
for traj in none sqlite; do
  awk -v t="$traj" '$1 == t {print $2, $3, $4}' "$out/run.txt" | sort -n |
    awk -v t="$traj" '{v[NR] = $0} END {split(v[int((NR + 1) / 2)], m, " ");
      printf "stroom run, trajectories %s: median process %.2f s, run loop %.2f s, stepping %.2f s (%.0f %% of the process)\n",
        t, m[1], m[2], m[3], 100 * m[3] / m[1]}'
done
