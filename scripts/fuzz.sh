#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang-14, ASan + UBSan) and runs
# them, one after the other.
#   scripts/fuzz.sh                   every target, 60 s each
#   scripts/fuzz.sh csv 600           one target for 10 minutes
#   scripts/fuzz.sh all 30            every target, 30 s each (CI: scripts/ci_hardening.sh)
#   scripts/fuzz.sh build             the whole project in this configuration, tests
#                                     included (CI runs the suite from it), no fuzzing
# Targets: idx csv mnist_json npy model_file journal tune_config.
# Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_BUILD_TYPE (RelWithDebInfo).
#
# Inputs: the committed seeds in tests/fuzz/corpus/<target> are read; the
# inputs libFuzzer finds interesting go to $FUZZ_BUILD_DIR/corpus/<target>
# (kept between runs, never committed). A finding (crash, sanitizer report,
# leak, timeout > 10 s, > 2 GB of memory, an exception other than
# tunet::Error) is saved as $FUZZ_BUILD_DIR/findings/<target>/<kind>-<hash>
# and makes the script exit 1 after the remaining targets ran. Every fixed
# finding goes into tests/fuzz/regressions/<target>/, which CTest replays.
# Each run's statistics: $FUZZ_BUILD_DIR/logs/<target>.log; one summary line
# per target on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(idx csv mnist_json npy model_file journal tune_config)
target="${1:-all}"
seconds="${2:-60}"
build_dir="${FUZZ_BUILD_DIR:-build-fuzz}"
if [ "$target" = all ] || [ "$target" = build ]; then targets=("${all_targets[@]}"); else targets=("$target"); fi
for t in "${targets[@]}"; do
  if [[ ! " ${all_targets[*]} " =~ " $t " ]]; then
    echo "fuzz.sh: unknown target '$t' (expected all, build or one of: ${all_targets[*]})" >&2
    exit 2
  fi
done

compiler="$(command -v clang++-14 || command -v clang++ || true)"
if [ -z "$compiler" ]; then
  echo "fuzz.sh: clang++ not found; install it with scripts/install_deps.sh --fuzz" >&2
  exit 2
fi
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${FUZZ_BUILD_TYPE:-RelWithDebInfo}" \
  -DCMAKE_CXX_COMPILER="$compiler" -DTUNET_FUZZ=ON -DTUNET_CUDA=OFF -DTUNET_OPENMP=OFF -DTUNET_MPI=OFF \
  -DTUNET_BUILD_BENCH=OFF "${launcher[@]}" >"$build_dir.cmake.log" 2>&1 ||
  { cat "$build_dir.cmake.log" >&2; exit 1; }
if [ "$target" = build ]; then
  ninja -C "$build_dir"
  exit 0
fi
ninja -C "$build_dir" "${targets[@]/#/fuzz_}"

status=0
for t in "${targets[@]}"; do
  corpus="$build_dir/corpus/$t"
  findings="$build_dir/findings/$t"
  log="$build_dir/logs/$t.log"
  mkdir -p "$corpus" "$findings" "$(dirname "$log")"
  dict=()
  if [ -f "tests/fuzz/$t.dict" ]; then dict=(-dict="tests/fuzz/$t.dict"); fi
  before="$(find "$findings" -type f | wc -l)"
  # -rss_limit_mb: a small input must not take gigabytes; -timeout: nor seconds.
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 UBSAN_OPTIONS=print_stacktrace=1 \
    "$build_dir/tests/fuzz/fuzz_$t" "$corpus" "tests/fuzz/corpus/$t" "${dict[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1 || true
  after="$(find "$findings" -type f | wc -l)"
  executions="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1 || true)"
  inputs="$(find "$corpus" -type f | wc -l)"
  coverage="$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || true)"
  echo "fuzz $t: ${executions:-0} executions in ${seconds} s, corpus ${inputs} inputs, coverage ${coverage:-?} edges," \
       "$((after - before)) new findings (log: $log)"
  if ((after > before)); then
    status=1
    grep -E "ERROR|SUMMARY|escaped|reached a tunet::Error|==[0-9]+==" "$log" | head -n 5 || true
  fi
done
exit "$status"
