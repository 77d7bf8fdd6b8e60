#!/usr/bin/env bash
# The distributed search's wall time and the coordinator's traffic
# (docs/distributed.md): the random search of examples/fashion8x8_random.json
# (100 configurations of an MLP on 8x8 Fashion-MNIST) with short epochs, one
# thread per rank, run with 1 rank (no mpirun: today's serial search), then
# under mpirun with 2 and 3 ranks (1 and 2 workers beside the coordinator).
#
#   bash bench/bench_distributed.sh [BUILD_DIR] [N_TRIALS] [EPOCHS] [TRAIN_IMAGES]
# Defaults: build 100 1 12000. Needs BUILD_DIR/bin/tunet built with MPI.
set -euo pipefail
build=${1:-build} trials=${2:-100} epochs=${3:-1} images=${4:-12000}
here=$(cd "$(dirname "$0")/.." && pwd)
tunet=$(cd "$build" && pwd)/bin/tunet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=1 TUNET_GNUPLOT=none OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl=self,vader,tcp
args=(tune "$here/examples/fashion8x8_random.json" --set search.n_trials="$trials" --set search.epochs="$epochs"
      --set data.subset.train="$images" --set data.subset.test=1000 --set evaluate_test=false)

echo "random search: $trials configurations x $epochs epoch(s), $images training images, OMP_NUM_THREADS=1, $(nproc --all) cores"
printf '| ranks | workers | wall s | trials/s | speed-up | messages sent/received | bytes sent/received | checkpoint bytes per trial |\n'
printf '|---|---|---|---|---|---|---|---|\n'
base=""
for ranks in 1 2 3; do
  repo="$work/r$ranks"
  start=$(date +%s.%N)
  if [[ $ranks == 1 ]]; then
    "$tunet" "${args[@]}" --set repo_dir="$repo" > "$work/out$ranks" 2>&1
  else
    mpirun -np "$ranks" --oversubscribe "$tunet" "${args[@]}" --set repo_dir="$repo" > "$work/out$ranks" 2>&1
  fi
  wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
  [[ -z $base ]] && base=$wall
  traffic=$(grep -o 'Coordinator traffic: .*' "$work/out$ranks" || true)
  if [[ -n $traffic ]]; then
    read -r sent_m sent_b sent_c recv_m recv_b recv_c <<< "$(grep -o '[0-9]\+' <<< "$traffic" | tr '\n' ' ')"
    msgs="$sent_m / $recv_m" bytes="$sent_b / $recv_b" per_trial=$(( (sent_c + recv_c) / trials ))
  else
    msgs="-" bytes="-" per_trial="- (no messages)"
  fi
  printf '| %d | %d | %.1f | %.2f | %.2fx | %s | %s | %s |\n' "$ranks" $((ranks > 1 ? ranks - 1 : 1)) "$wall" \
    "$(awk -v t="$trials" -v w="$wall" 'BEGIN {print t / w}')" "$(awk -v b="$base" -v w="$wall" 'BEGIN {print b / w}')" \
    "$msgs" "$bytes" "$per_trial"
done
echo
echo "the best trial of each run (the same configurations, so the same best):"
for ranks in 1 2 3; do echo "  $ranks ranks: $(grep -m1 '^Best: trial' "$work/out$ranks" | sed "s/ {.*}//; s/; model.*//")"; done
echo "checkpoint size of one trial: $(ls -l "$work"/r1/trials/0/*.ckpt | awk '{print $5}' | head -1) bytes"
