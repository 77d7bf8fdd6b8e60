#!/usr/bin/env bash
# The GPU check, for a machine with a usable CUDA device: configures and builds
# tunet with CUDA (for this GPU's architecture), runs the CUDA tests (the GPU
# parity test, the backend's registration, the kernel bodies and the block
# cache on the host, the kernel lab's GPU GEMM rungs), the GPU benchmarks and
# the kernel lab's GEMM ladder with its GPU rows (docs/kernel_lab.md; report in
# BUILD_DIR/kernel_lab_gpu.json), and prints the tables. Where no GPU is usable
# it says why and exits with 2; a failing test, benchmark or GPU row exits 1.
#
#   scripts/gpu_check.sh [build_dir]           default build dir: build-gpu
#   scripts/gpu_check.sh --pack-deps DIR       copy the header-only dependencies
#                                              (Eigen, doctest, nlohmann_json,
#                                              CLI11) into DIR, for a
#                                              GPU machine without apt or network
#   TUNET_DEPS=DIR scripts/gpu_check.sh        build with the packed DIR
#
# Needs cmake, ninja, nvcc (CUDA 12+) and, unless TUNET_DEPS is given, Eigen 3.4,
# doctest, nlohmann_json and CLI11 (scripts/install_deps.sh). Of the tools only
# tunet-bench (the kernel lab) is built.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--pack-deps" ]; then
  dir="${2:?usage: scripts/gpu_check.sh --pack-deps DIR}"
  mkdir -p "$dir/include" "$dir/share/eigen3" "$dir/share/cmake" "$dir/lib/cmake"
  cp -r /usr/include/eigen3 /usr/include/doctest /usr/include/nlohmann /usr/include/CLI "$dir/include/"
  cp -r /usr/share/eigen3/cmake "$dir/share/eigen3/"
  cp -r /usr/share/cmake/nlohmann_json /usr/share/cmake/CLI11 "$dir/share/cmake/"
  cp -r /usr/lib/cmake/doctest "$dir/lib/cmake/"
  echo "gpu_check: Eigen, doctest, nlohmann_json and CLI11 packed into $dir ($(du -sh "$dir" | cut -f1)); run with TUNET_DEPS=$dir"
  exit 0
fi

build_dir="${1:-build-gpu}"
no_gpu() {
  echo "gpu_check: no usable GPU: $*" >&2
  echo "gpu_check: nothing was checked (the CUDA code builds and its host tests run in the ordinary build)" >&2
  exit 2
}

nvcc="$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)"
[ -x "$nvcc" ] || no_gpu "nvcc not found (put CUDA's bin on PATH)"
if ! command -v nvidia-smi >/dev/null; then no_gpu "nvidia-smi not found: no NVIDIA driver on this machine"; fi
gpu="$(nvidia-smi --query-gpu=name,compute_cap,memory.total --format=csv,noheader 2>&1 | head -n 1)" ||
  no_gpu "nvidia-smi failed: $gpu"
arch="$(echo "$gpu" | awk -F', ' '{gsub(/\./, "", $2); print $2}')"
echo "gpu_check: $gpu (sm_$arch), $("$nvcc" --version | grep -o 'release [0-9.]*')"

prefix=()
if [ -n "${TUNET_DEPS:-}" ]; then prefix=(-DCMAKE_PREFIX_PATH="$(cd "$TUNET_DEPS" && pwd)"); fi
start=$SECONDS
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTUNET_CUDA=ON \
  -DCMAKE_CUDA_COMPILER="$nvcc" -DCMAKE_CUDA_ARCHITECTURES="$arch" -DTUNET_MPI=OFF "${prefix[@]}" |
  grep -E "^-- tunet:" || true
targets=(test_cuda_parity test_cuda_backend test_cuda_kernel_bodies test_cuda_kernel_bodies_nn
         test_cuda_block_cache bench_cuda test_bench_lab_cuda_bodies test_bench_lab_report tunet_bench_cli)
cmake --build "$build_dir" --parallel "$(nproc)" --target "${targets[@]}"
build_s=$((SECONDS - start))

# The parity test must run, not skip, on a machine with a GPU.
status=0
parity_log="$(mktemp)"
"$build_dir/tests/test_cuda_parity" >"$parity_log" 2>&1 || status=$?
if [ "$status" = 77 ]; then
  cat "$parity_log"
  no_gpu "$(grep -o 'no usable CUDA device.*' "$parity_log" | head -n 1)"
fi
ctest_log="$(mktemp)"
tests_ok=1
ctest --test-dir "$build_dir" -L cuda --output-on-failure --timeout 600 >"$ctest_log" 2>&1 || tests_ok=0
ctest --test-dir "$build_dir" -R '^test_bench_lab_(cuda_bodies|report)$' --output-on-failure --timeout 600 \
  >>"$ctest_log" 2>&1 || tests_ok=0
bench_log="$(mktemp)"
bench_ok=1
"$build_dir/bench/bench_cuda" >"$bench_log" 2>&1 || bench_ok=0
# The kernel lab's GEMM ladder, its GPU rows included: the MLP's forward
# product and two squares (the CPU's naive rung is skipped at 2048, too slow).
lab_log="$(mktemp)"
lab_json="$build_dir/kernel_lab_gpu.json"
lab_ok=1
"$build_dir/bin/tunet-bench" kernels --op gemm --sizes 128x100x784 512 2048 4096 --repetitions 5 --time-cap 0.5 \
  --json "$lab_json" >"$lab_log" 2>&1 || lab_ok=0
"$build_dir/bin/tunet-bench" validate "$lab_json" >>"$lab_log" 2>&1 || lab_ok=0
# Every GPU row timed (not skipped) and within 1e-5 of the naive CPU GEMM (the last column).
awk '$3 == "gpu" { rows++; if ($4 == "skipped:" || $NF + 0 > 1e-5) bad = 1 } END { exit bad || rows == 0 }' \
  "$lab_log" || lab_ok=0

echo
cat "$ctest_log" | grep -E "Test +#|tests passed|Skipped|Failed" || true
((tests_ok)) || { echo; echo "---- failures"; grep -B2 -A40 "ERROR\|FAILED" "$ctest_log" | head -n 200; }
echo
echo "==== tunet GPU check on $gpu (build ${build_s} s)"
grep -E "MESSAGE: (cuda:0|cudaMalloc|TF32)" "$parity_log" | sed 's/.*MESSAGE: /  /' || true
cat "$bench_log"
echo
echo "==== kernel lab, GEMM ladder (CPU and GPU rows; $lab_json)"
cat "$lab_log"
echo
# The goals the GPU rows are read against: the register-blocked kernel at
# 4096^3 at >= 60% of cuBLAS's GFLOP/s, and the device copy (the bandwidth
# roof) at >= 80% of the card's rated memory bandwidth (its data sheet: H100
# SXM 3.35 TB/s, H200 4.8 TB/s). Printed here; the rows above are the evidence.
echo "==== GPU goals"
grep -E "^  GPU .*device copy" "$lab_log" | sed 's/^  /  /' || echo "  no GPU ceilings line"
awk '$3 == "gpu" && $4 != "skipped:" { rate[$1 " " $2] = $6; sizes[$2] = 1 }
     END { for (s in sizes) if (rate["cublas " s] > 0)
             for (v in rate) { split(v, p, " "); if (p[2] == s && p[1] != "cublas")
               printf "  %-22s %-16s %6.1f%% of cuBLAS%s\n", p[1], s, 100 * rate[v] / rate["cublas " s],
                      (p[1] == "cuda_register_blocked" && s == "4096x4096x4096") ? " (goal >= 60%)" : "" } }' "$lab_log"
echo
if ((tests_ok && bench_ok && lab_ok)); then
  echo "gpu_check: all CUDA tests passed on the GPU; benchmarks and the kernel lab above"
  exit 0
fi
echo "gpu_check: FAILED ($( ((tests_ok)) || printf 'tests ')$( ((bench_ok)) || printf 'benchmarks ')$( ((lab_ok)) || printf 'kernel-lab'))" >&2
exit 1
