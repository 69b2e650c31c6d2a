#!/bin/bash
# The calm-queue table of docs/models.md: for each heading relaxation τ (model.turn_time) and
# time gap T of the collision-free speed model, the velocity reversals in the NIST 5.1 room and
# in the waiting area of the Jülich 1.0 m bottleneck (0.1 s frames), the Jülich bottleneck
# series and the ring's speeds at 2 and 3 P/m² of `stroom verify`.
# Usage: tools/docs/calm-queues.sh STROOM "TAU T" ["TAU T" ...]
set -euo pipefail
stroom=$(realpath "$1"); shift
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo "| τ (s) | T (s) | reversals NIST 5.1 | reversals Jülich waiting area | Jülich mean abs. diff. | widths within 10 % | ring 2 P/m² | ring 3 P/m² |"
echo "|---|---|---|---|---|---|---|---|"
for pair in "$@"; do
  read -r tau gap <<<"$pair"
  model="model: {type: collision-free-speed, turn_time: $tau, time_gap: $gap}"
  rm -rf "$work/s" && cp -r "$repo/scenarios/verification" "$work/s"
  for f in juelich-2006-bottleneck rimea-04-fundamental-diagram; do
    echo "$model" >>"$work/s/$f.yaml"
  done
  sets=(--set model.turn_time="$tau" --set model.time_gap="$gap" --set output.trajectories=sqlite
        --set output.frame_interval=0.1 --quiet --maps none)
  "$stroom" run "$repo/scenarios/verification/nist-5.1-congestion.yaml" "${sets[@]}" --out "$work/n" >/dev/null
  "$stroom" run "$repo/scenarios/verification/juelich-2006-bottleneck.yaml" "${sets[@]}" --out "$work/j" >/dev/null
  r_room=$(python3 "$repo/tools/docs/reversals.py" "$work/n/trajectories.sqlite" 0 0 10 10 | cut -d' ' -f1-2)
  r_wait=$(python3 "$repo/tools/docs/reversals.py" "$work/j/trajectories.sqlite" 0 0 10 8 | cut -d' ' -f1-2)
  juelich=$(cd "$repo" && "$stroom" verify --model collision-free-speed --filter juelich --jobs 2 \
              --scenarios "$work/s" --out "$work/vj" 2>&1 || true)
  ring=$(cd "$repo" && "$stroom" verify --model collision-free-speed --filter rimea-04 --jobs 2 \
           --scenarios "$work/s" --out "$work/vr" 2>&1 || true)
  mean=$(grep "mean absolute difference" <<<"$juelich" | grep -o "measured: [0-9.]* P/s" | cut -d' ' -f2)
  within=$(grep -c "^PASS juelich-2006-bottleneck b = " <<<"$juelich" || true)
  v2=$(grep "rimea-04-fundamental-diagram 2.0" <<<"$ring" | grep -o "v [0-9.]* m/s" | cut -d' ' -f2)
  v3=$(grep "rimea-04-fundamental-diagram 3.0" <<<"$ring" | grep -o "v [0-9.]* m/s" | cut -d' ' -f2)
  echo "| $tau | $gap | $r_room | $r_wait | $mean P/s | $within of 10 | $v2 m/s | $v3 m/s |"
done
