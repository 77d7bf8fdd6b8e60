#!/usr/bin/env bash
# The sanitizer and hardening checks of CI (docs/reliability.md), run after the
# Release build in BUILD_DIR (default build: bin/tunet, tests/reliability/tunet_soak):
#   1. one clang-14 build with AddressSanitizer + UndefinedBehaviorSanitizer and
#      libFuzzer (scripts/fuzz.sh build, in FUZZ_BUILD_DIR, default build-asan);
#   2. the doctest suite from it (less the example runs, which the Release pass
#      covered), the fuzz corpus and regressions replayed among them;
#   3. every fuzz target for FUZZ_SECONDS (default 30);
#   4. the short soak: 50 trials of random search and 50 of Hyperband in one
#      process; fails if RSS grows more than 10% after trial 10;
#   5. the short crash matrix: 5 kills per algorithm (random, grid, Hyperband, GP).
# Needs scripts/install_deps.sh --fuzz (run here) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
stage() { echo; echo "==== [hardening $((SECONDS - start))s] $*"; }
export BUILD_DIR="${BUILD_DIR:-build}"
export FUZZ_BUILD_DIR="${FUZZ_BUILD_DIR:-build-asan}"

stage "clang-14 build with ASan + UBSan + libFuzzer in $FUZZ_BUILD_DIR"
bash scripts/install_deps.sh --fuzz
bash scripts/fuzz.sh build

stage "the suite under ASan + UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir "$FUZZ_BUILD_DIR" -LE "example|tutorial" --output-on-failure --timeout 900 -j "$(nproc)"

stage "fuzz: each target ${FUZZ_SECONDS:-30} s"
bash scripts/fuzz.sh all "${FUZZ_SECONDS:-30}"

stage "short soak: 50 + 50 trials, RSS must not grow more than 10% after trial 10"
bash scripts/soak.sh 50 0

stage "short crash matrix: 5 kills per algorithm"
bash scripts/crash_matrix.sh 5

stage "hardening done in $((SECONDS - start))s"
