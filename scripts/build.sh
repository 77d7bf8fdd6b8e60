#!/usr/bin/env bash
# Configures and builds tunet in ./build (Release). Extra arguments go to cmake.
#   scripts/build.sh                       default: OpenMP on, CUDA when nvcc is found
#   BUILD_DIR=build-cpu scripts/build.sh -DTUNET_OPENMP=OFF -DTUNET_CUDA=OFF
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" "$@"
cmake --build "$build_dir" --parallel "$(nproc)"
