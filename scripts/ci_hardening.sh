#!/usr/bin/env bash
# The hardening checks of CI (docs/reliability.md), run after the Release
# build in BUILD_DIR (default build: bin/tunet, tests/reliability/tunet_soak):
#   1. every fuzz target for FUZZ_SECONDS (default 30) under ASan + UBSan
#      (scripts/fuzz.sh: clang-14, builds build-fuzz first);
#   2. the short soak: 50 trials of random search and 50 of Hyperband in one
#      process; fails if RSS grows more than 10% after trial 10;
#   3. the short crash matrix: 5 kills per algorithm (random, grid, Hyperband, GP).
# About 8 minutes on 2 cores with a warm ccache; the fuzz build is most of the
# rest when the cache is cold. Needs scripts/install_deps.sh --fuzz and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
stage() { echo; echo "==== [hardening $((SECONDS - start))s] $*"; }
export BUILD_DIR="${BUILD_DIR:-build}"

stage "fuzz: each target ${FUZZ_SECONDS:-30} s under ASan + UBSan"
bash scripts/install_deps.sh --fuzz
bash scripts/fuzz.sh all "${FUZZ_SECONDS:-30}"

stage "short soak: 50 + 50 trials, RSS must not grow more than 10% after trial 10"
bash scripts/soak.sh 50 0

stage "short crash matrix: 5 kills per algorithm"
bash scripts/crash_matrix.sh 5

stage "hardening done in $((SECONDS - start))s"
