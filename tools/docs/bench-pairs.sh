#!/usr/bin/env bash
# Pairs of 1-thread runs of the crossing benchmark (50,000 persons), a baseline build against
# another, for the ratios in docs/performance.md: the model phase's and the whole step's
# milliseconds, other over baseline (below 1 is faster), per pair and their medians.
#
# Usage: tools/docs/bench-pairs.sh BASELINE_BENCH_BINARY OTHER_BENCH_BINARY [PAIRS] [MODE]
#   PAIRS defaults to 5. MODE `together` (the default) runs the two builds at the same time,
#   one on each core, then again with the cores swapped, and takes the geometric mean of the
#   two ratios: the host's slow and fast spells then fall on both builds alike. MODE `turn`
#   runs them one after the other on core 0, as the earlier sections did. Both builds must
#   be bench builds (tools/docs/bench-kernel.sh says how to build a baseline).
# Two builds of the same commit give the method's spread (docs/performance.md gives it).
set -euo pipefail
base=${1:?baseline stroom_bench_crossing binary}
other=${2:?other stroom_bench_crossing binary}
pairs=${3:-5}
mode=${4:-together}
steps=${STROOM_BENCH_STEPS:-200}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One run: model and step milliseconds, "model step".
run() {  # core binary file
  STROOM_BENCH_THREADS=1 STROOM_BENCH_STEPS=$steps STROOM_BENCH_PHASE_MS=1 taskset -c "$1" "$2" \
    50000 | grep -E '^ +50000 ' | awk '{for (k = 1; k < NF; ++k) if ($k == "model") m = $(k + 1);
      print m, $5}' > "$3"
}
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

echo "load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M'), mode $mode, $steps steps"
echo "pair model_base model_other model_ratio step_ratio"
for pair in $(seq "$pairs"); do
  if [ "$mode" = together ]; then
    run 0 "$base" "$out/a0" & run 1 "$other" "$out/b1" & wait
    run 1 "$base" "$out/a1" & run 0 "$other" "$out/b0" & wait
    paste "$out/a0" "$out/b1" "$out/a1" "$out/b0" | awk -v p="$pair" '{
      printf "%d %.3f %.3f %.3f %.3f\n", p, ($1 + $5) / 2, ($3 + $7) / 2,
        sqrt($3 / $1 * $7 / $5), sqrt($4 / $2 * $8 / $6)}'
  else
    run 0 "$base" "$out/a0"
    run 0 "$other" "$out/b0"
    paste "$out/a0" "$out/b0" | awk -v p="$pair" '{
      printf "%d %.3f %.3f %.3f %.3f\n", p, $1, $3, $3 / $1, $4 / $2}'
  fi
done | tee "$out/pairs.txt"
echo "median model ratio $(awk '{print $4}' "$out/pairs.txt" | median)," \
  "median step ratio $(awk '{print $5}' "$out/pairs.txt" | median)"
