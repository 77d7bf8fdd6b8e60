#!/bin/sh
# The kernel lab against the peer libraries, on 1 and 2 threads in one session,
# each run between two `uptime`s (a shared machine's load moves the numbers),
# then the comparisons the lab is read for (bench/lab_peers_summary.py):
# core's GEMM against the best peer at the MLP's shapes and 1024^3, its share of
# the one-thread FMA peak at 1024^3, tunet's convolution training step against
# oneDNN's best, and the softmax and Adam rungs against oneDNN's.
#
#   bench/bench_lab_peers.sh [build-dir=build] [out-dir=lab_peers] [repetitions=5] [time-cap=1]
#
# On a loaded machine give more repetitions and a longer cap (20 2): the best
# run is the one least disturbed, and a two-thread run needs both cores free at once.
#
# Writes OUT/lab_t1.json, OUT/lab_t2.json (validated), their roofline figures
# OUT/roofline_t1/, OUT/roofline_t2/, and the logs; prints the summary.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
out=${2:-lab_peers}
repetitions=${3:-5}
cap=${4:-1}
mkdir -p "$out"
echo "date $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$here" rev-parse --short HEAD)," \
     "$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
echo "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
for threads in 1 2; do
  echo "== threads $threads: load before: $(uptime | sed 's/.*load average: //')"
  "$build/bin/tunet-bench" kernels --threads "$threads" --repetitions "$repetitions" --time-cap "$cap" \
    --json "$out/lab_t$threads.json" --plot "$out/roofline_t$threads" | tee "$out/lab_t$threads.log"
  echo "== threads $threads: load after: $(uptime | sed 's/.*load average: //')" | tee -a "$out/lab_t$threads.log"
  "$build/bin/tunet-bench" validate "$out/lab_t$threads.json"
done
/usr/bin/python3 "$here/bench/lab_peers_summary.py" "$out/lab_t1.json" "$out/lab_t2.json"
