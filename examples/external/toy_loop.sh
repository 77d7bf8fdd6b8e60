#!/usr/bin/env bash
# A trainer in bash: tunet hands out trials, this loop "trains" each one epoch
# by epoch on a closed form (the Branin function, approached as 1/epoch
# shrinks; "noisy" adds a bias) and tells every epoch's loss, so Hyperband
# promotes the best of each rung. Two loops run at once to show that asks
# from several processes get different trials.
#   examples/external/toy_loop.sh TUNET RUN_PARENT [--reduced]
# --reduced: R = 9 instead of 27 (CI).
set -euo pipefail
tunet=$1
parent=$2
here="$(cd "$(dirname "$0")" && pwd)"
run="$parent/run"
rm -rf "$parent" && mkdir -p "$parent"
sets=()
[ "${3:-}" = --reduced ] && sets=(--set search.R=9)
"$tunet" init "$here/toy_hyperband.json" --repo-dir "$run" "${sets[@]}"

# The loss of the trial described in file $1 after epoch $2.
loss() {
  awk -F= -v e="$2" '
    $1 == "x" {x = $2} $1 == "y" {y = $2} $1 == "kind" {k = $2}
    END {
      pi = atan2(0, -1); b = 5.1 / (4 * pi * pi); c = 5 / pi; t = 1 / (8 * pi)
      branin = (y - b * x * x + c * x - 6) ^ 2 + 10 * (1 - t) * cos(x) + 10
      print branin + 20 / e + (k == "noisy" ? 3 : 0)
    }' "$1"
}

worker() {
  local trial="$parent/trial.$1" code id budget
  while :; do
    code=0
    "$tunet" ask "$run" > "$trial" 2> /dev/null || code=$?
    if [ $code = 2 ]; then return 0; fi          # the search is over
    if [ $code = 3 ]; then sleep 0.1; continue; fi  # a rung waits for the other loop's trials
    [ $code = 0 ] || { echo "tunet ask failed ($code)" >&2; return 1; }
    id=$(sed -n 's/^trial=//p' "$trial")
    budget=$(sed -n 's/^budget=//p' "$trial")
    for ((e = $(sed -n 's/^initial_epoch=//p' "$trial") + 1; e <= budget; e++)); do
      "$tunet" tell "$run" "$id" --epoch "$e" --value "$(loss "$trial" "$e")" > /dev/null
    done
  done
}

worker 1 & first=$!
worker 2 & second=$!
wait $first
wait $second
"$tunet" results "$run" --top 5
