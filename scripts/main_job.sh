#!/usr/bin/env bash
# The main job: installs what is needed, builds the `tunet` command, and runs
# the seed-000 Hyperband search (Dropout/Dense-100/Dropout/Dense-10 MLP,
# RMSprop) on Fashion-MNIST on the CPU. Extra arguments go to `tunet tune`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build --target tunet_cli --parallel "$(nproc)"
# One thread unless told otherwise: this MLP trains as fast on one core as on
# two (bench/RESULTS.md), and one thread makes the run bit-reproducible.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
./build/bin/tunet tune examples/fashion_mlp_hyperband.json "$@"
