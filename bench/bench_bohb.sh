#!/usr/bin/env bash
# Model-based Hyperband ("proposer": "gp", BOHB-style) against random-proposal
# Hyperband, at equal epochs (the same schedule), over 5 seeds:
#   1. the synthetic multi-fidelity functions of bench/bench_bohb.cpp (Branin,
#      Hartmann-6; seconds);
#   2. the Fashion-MNIST MLP search of examples/fashion_mlp_hyperband.json at a
#      reduced size (6,000 training images, 1,000 test images, R=9, eta=3,
#      2 Hyperband iterations; minutes): the best val_loss found, median over seeds.
#
#   bash bench/bench_bohb.sh [BUILD_DIR] [--synthetic-only]
# Needs BUILD_DIR/bench/bench_bohb and BUILD_DIR/bin/tunet (ninja bench_bohb tunet_cli).
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")/.." && pwd)

echo "== synthetic multi-fidelity functions"
TMPDIR=${TMPDIR:-/tmp} OMP_NUM_THREADS=1 "$build/bench/bench_bohb" --seeds 5 --iterations 4
[[ "${2:-}" == "--synthetic-only" ]] && exit 0

echo "== Fashion-MNIST MLP, Hyperband R=9 eta=3, 2 iterations, 6000 training images"
runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT
# The best (lowest) val_loss of a finished search, from its results.csv.
best_val_loss() {
  python3 - "$1" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["status"] == "completed" and r["val_loss"] != ""]
print(min(float(r["val_loss"]) for r in rows))
PY
}
for proposer in random gp; do
  values=()
  for seed in 1 2 3 4 5; do
    repo="$runs/$proposer-$seed"
    OMP_NUM_THREADS=1 "$build/bin/tunet" tune "$here/examples/fashion_mlp_hyperband.json" \
      --set search.R=9 --set search.hyperband_iterations=2 --set search.proposer="$proposer" \
      --set data.subset='{"train": 6000, "test": 1000}' --set seed=$seed --set repo_dir="$repo" \
      > "$repo.log" 2>&1
    values+=("$(best_val_loss "$repo/results.csv")")
  done
  python3 - "$proposer" "${values[@]}" <<'PY'
import statistics, sys
v = sorted(float(x) for x in sys.argv[2:])
print(f"{sys.argv[1]:8s} best val_loss per seed {' '.join(f'{x:.4f}' for x in v)}  median {statistics.median(v):.4f}")
PY
done
