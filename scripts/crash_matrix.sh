#!/usr/bin/env bash
# The crash matrix (docs/reliability.md): a small search, for each algorithm,
# is killed with SIGKILL at seeded random points, then resumed; its final
# journal, results table and best model must equal those of an uninterrupted
# run with the same seed, every time.
#   scripts/crash_matrix.sh                  50 kills per algorithm (random grid hyperband gp)
#   scripts/crash_matrix.sh 5                5 kills per algorithm (CI)
#   scripts/crash_matrix.sh 20 gp hyperband  some algorithms only
# Environment: BUILD_DIR (default build; needs its bin/tunet), SEED (default 1),
# CRASH_DIR (default $BUILD_DIR/crash_matrix), RESUME_THREADS (default 2).
#
# Kill points: inside the write of a journal line (so the line is torn), after
# a checkpoint's temporary file and before its rename, between a checkpoint
# and its journaled epoch, inside the write of results.csv, between two
# Hyperband rungs, inside a GP proposal (TUNET_CRASH_AT, tuner/storage/crash_point.hpp:
# the process SIGKILLs itself at the n-th time it gets there, n drawn from the
# uninterrupted run's counts), and at a random time from outside (kill -9).
# Each algorithm's runs go through every kind of point first, then draw kinds
# at random. The uninterrupted and the killed runs train on one thread
# (OMP_NUM_THREADS=1), the resumed ones on RESUME_THREADS (default 2): results
# do not depend on the thread count, so a search killed on one thread count
# and resumed on another must still end equal.
# Prints one line per run that differs, then a summary per algorithm; exits 1
# on any mismatch or failed resume.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-50}"
shift || true
algorithms=("$@")
if ((${#algorithms[@]} == 0)); then algorithms=(random grid hyperband gp); fi
build_dir="${BUILD_DIR:-build}"
tunet="$build_dir/bin/tunet"
seed="${SEED:-1}"
resume_threads="${RESUME_THREADS:-2}"
work="${CRASH_DIR:-$build_dir/crash_matrix}"
helper=tests/reliability/crash_compare.py
if [ ! -x "$tunet" ]; then
  echo "crash_matrix.sh: $tunet not found; build it first (scripts/build.sh, or set BUILD_DIR)" >&2
  exit 2
fi
export OMP_NUM_THREADS=1 TUNET_GNUPLOT=none

# tune CONFIG_TEMPLATE REPO_DIR [ENV...]: runs the search; prints its exit status.
tune() {
  local template="$1" repo="$2"
  shift 2
  mkdir -p "$repo"
  sed "s|@REPO_DIR@|$repo|" "$template" >"$repo.json"
  local status=0
  env "$@" "$tunet" tune "$repo.json" >>"$repo.log" 2>&1 || status=$?
  echo "$status"
}

failures=0
start=$SECONDS
for algorithm in "${algorithms[@]}"; do
  template="tests/reliability/crash_configs/$algorithm.json"
  base="$work/$algorithm"
  rm -rf "$base"
  mkdir -p "$base"
  t0=$EPOCHREALTIME
  status="$(tune "$template" "$base/reference")"
  awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }' >"$base/reference/duration_s"
  if [ "$status" != 0 ]; then
    echo "crash_matrix: the uninterrupted $algorithm search failed (see $base/reference.log)" >&2
    exit 1
  fi
  python3 "$helper" normalize "$base/reference" >"$base/reference.outcome"

  declare -A kills=()
  mismatches=0
  not_killed=0
  run=0
  while read -r point value; do
    run=$((run + 1))
    repo="$base/run$run"
    if [ "$point" = external ]; then
      sed "s|@REPO_DIR@|$repo|" "$template" >"$repo.json"
      mkdir -p "$repo"
      "$tunet" tune "$repo.json" >"$repo.log" 2>&1 &
      pid=$!
      sleep "$value"
      kill -9 "$pid" 2>/dev/null || true
      status=0
      wait "$pid" 2>/dev/null || status=$?
    else
      status="$(tune "$template" "$repo" TUNET_CRASH_AT="$point:$value")"
    fi
    if [ "$status" = 137 ]; then kills[$point]=$((${kills[$point]:-0} + 1)); else not_killed=$((not_killed + 1)); fi
    resumed="$(tune "$template" "$repo" OMP_NUM_THREADS="$resume_threads")"
    if [ "$resumed" != 0 ]; then
      echo "  $algorithm run $run ($point $value): the resumed search failed (status $resumed, see $repo.log)"
      mismatches=$((mismatches + 1))
      continue
    fi
    python3 "$helper" normalize "$repo" >"$repo.outcome"
    if ! diff -q "$base/reference.outcome" "$repo.outcome" >/dev/null; then
      echo "  $algorithm run $run ($point $value): differs from the uninterrupted run:"
      diff "$base/reference.outcome" "$repo.outcome" | head -n 6 | sed 's/^/    /'
      mismatches=$((mismatches + 1))
    else
      rm -rf "$repo" "$repo.json" "$repo.outcome"  # keep what differs only
    fi
  done < <(python3 "$helper" plan "$base/reference" "$algorithm" "$seed" "$runs")

  summary=""
  for point in $(printf '%s\n' "${!kills[@]}" | sort); do summary+=" $point=${kills[$point]}"; done
  echo "crash_matrix $algorithm: $run runs, kills:${summary:- none}, not killed (finished first): $not_killed," \
       "mismatches: $mismatches"
  failures=$((failures + mismatches))
  unset kills
done
echo "crash_matrix: done in $((SECONDS - start)) s, $failures mismatches"
((failures == 0))
