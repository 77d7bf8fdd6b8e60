#!/usr/bin/env bash
# Cross-compiles core, nn, datasets and the embedding example for 64-bit Arm
# Linux (cmake/aarch64-linux-gnu.cmake), runs the core and nn tests and the
# kernel lab's GEMM test through qemu-aarch64 (CTest's emulator), and prints
# the embedding example's stripped size.
#
#   scripts/cross_aarch64.sh          build folder: $CROSS_BUILD_DIR or ./build-aarch64
#
# Needs g++-aarch64-linux-gnu and qemu-user (scripts/install_deps.sh --cross);
# without them it says so and exits 0 with SKIPPED. One configuration, the one
# scripts/embed_size.sh uses for the embedded binary: MinSizeRel (-Os), no
# OpenMP, no CUDA, no tuner tools, static, unused sections dropped, stripped.
# No zlib is installed for arm64, so the Arm datasets read uncompressed files
# only (CMake says so). The tests run under emulation, so two are left out:
# test_nn_fashion and test_nn_export_fashion, which train on the gzipped
# Fashion-MNIST images (minutes under qemu on the 2-core build machine, where
# all the other core and nn tests together take about 1.5 min).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v aarch64-linux-gnu-g++ >/dev/null || missing+=("aarch64-linux-gnu-g++ (apt package g++-aarch64-linux-gnu)")
command -v qemu-aarch64 >/dev/null || missing+=("qemu-aarch64 (apt package qemu-user)")
if ((${#missing[@]})); then
  for tool in "${missing[@]}"; do echo "cross_aarch64: not found: $tool"; done
  echo "cross_aarch64: install them with scripts/install_deps.sh --cross"
  echo "cross_aarch64: SKIPPED"
  exit 0
fi

start=$SECONDS
build_dir="${CROSS_BUILD_DIR:-build-aarch64}"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

echo "== configuring $build_dir (aarch64, MinSizeRel, static, no OpenMP)"
cmake -S . -B "$build_dir" -G Ninja "${launcher[@]}" \
  -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/aarch64-linux-gnu.cmake" -DCMAKE_BUILD_TYPE=MinSizeRel \
  -DTUNET_CUDA=OFF -DTUNET_OPENMP=OFF -DTUNET_NATIVE=OFF -DTUNET_BUILD_TOOLS=OFF \
  -DTUNET_BUILD_TESTS=ON -DTUNET_BUILD_BENCH=ON \
  -DCMAKE_CXX_FLAGS="-ffunction-sections -fdata-sections" \
  -DCMAKE_EXE_LINKER_FLAGS="-static -Wl,--gc-sections -s" | grep -E '^-- tunet|rror' || true

core_nn='^(core|nn)$'
heavy='^test_nn_(export_)?fashion$'
lab_tests='^test_bench_lab_gemm$'
mapfile -t tests < <( (ctest --test-dir "$build_dir" -N -L "$core_nn" -E "$heavy"; ctest --test-dir "$build_dir" -N -R "$lab_tests") |
                     sed -n 's/^ *Test *#[0-9]*: \(test_[a-z0-9_]*\)$/\1/p')
echo "== building tunet_core tunet_nn embed_predict and ${#tests[@]} test programs"
ninja -C "$build_dir" -j "${JOBS:-$(nproc)}" tunet_core tunet_nn tunet_datasets embed_predict "${tests[@]}"

echo "== core + nn tests, and the lab's GEMM test, under qemu-aarch64 (left out: test_nn_fashion, test_nn_export_fashion)"
ctest --test-dir "$build_dir" -L "$core_nn" -E "$heavy" --output-on-failure --timeout 900 -j "${JOBS:-$(nproc)}"
ctest --test-dir "$build_dir" -R "$lab_tests" --output-on-failure --timeout 900

binary="$build_dir/examples/embed_predict"
size=$(stat -c %s "$binary")
echo "== $(file -b "$binary" | cut -d, -f1-2)"
echo "embed_predict (aarch64, static, -Os, stripped): $size bytes ($(awk "BEGIN{printf \"%.2f\", $size/1048576}") MiB)"
echo "cross_aarch64: done in $((SECONDS - start)) s"
