#!/usr/bin/env bash
# The main job: installs what is needed, builds the `tunet` command, and runs
# the Fashion-MNIST MLP Hyperband search (Dropout/Dense-100/Dropout/Dense-10
# MLP, RMSprop; examples/fashion_mlp_hyperband.json) on the CPU. Extra
# arguments go to `tunet tune` (e.g. --set search.R=9).
#
# TUNET_MAIN_JOB_REDUCED=1 runs the reduced search that CI compares with
# docs/main_job_reduced_table.txt (scripts/check_main_job_table.sh): R=9 on a
# stratified 5,000-image subset of the training images and 1,000 test images,
# every trial in the table, in runs/fashion_mlp_hyperband_reduced.
# TUNET_BIN=PATH uses that `tunet` and skips the installation and the build.
set -euo pipefail
cd "$(dirname "$0")/.."
tunet="${TUNET_BIN:-}"
if [ -z "$tunet" ]; then
  bash scripts/install_deps.sh
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
  cmake --build build --target tunet_cli --parallel "$(nproc)"
  tunet=./build/bin/tunet
fi
reduced=()
if [ "${TUNET_MAIN_JOB_REDUCED:-0}" = 1 ]; then
  reduced=(--set search.R=9 --set data.subset.train=5000 --set data.subset.test=1000 --set top=0
           --set repo_dir=runs/fashion_mlp_hyperband_reduced)
fi
# One thread unless told otherwise: the run is then bit-reproducible, and it
# does not depend on two OpenMP threads getting both shared vCPUs at once
# (bench/RESULTS.md: two threads train this MLP in 0.28 to 0.46 s an epoch,
# one in a steady 0.43 s).
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
"$tunet" tune examples/fashion_mlp_hyperband.json "${reduced[@]}" "$@"
