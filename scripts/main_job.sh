#!/usr/bin/env bash
# The main job: installs what is needed, builds the `tunet` command, and runs
# the seed-000 Hyperband search (Dropout/Dense-100/Dropout/Dense-10 MLP,
# RMSprop) on Fashion-MNIST on the CPU. Extra arguments go to `tunet tune`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build --target tunet_cli --parallel "$(nproc)"
# One thread unless told otherwise: the run is then bit-reproducible, and it
# does not depend on two OpenMP threads getting both shared vCPUs at once
# (bench/RESULTS.md: two threads train this MLP in 0.28 to 0.46 s an epoch,
# one in a steady 0.43 s).
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
./build/bin/tunet tune examples/fashion_mlp_hyperband.json "$@"
