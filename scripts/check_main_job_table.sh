#!/usr/bin/env bash
# Keeps the main job's documented output true: runs the reduced main job
# (TUNET_MAIN_JOB_REDUCED=1 scripts/main_job.sh, one thread, no drawing) with
# the given `tunet` and compares its results table, best trial and test score
# with docs/main_job_reduced_table.txt. Trials, brackets, rungs,
# hyperparameters and epochs must match exactly; metric values to a relative
# 1e-3 (the same build on one thread gives the same bits; another CPU's SIMD
# width may move the last digits). The time_s column and paths are left out.
#
#   scripts/check_main_job_table.sh TUNET_BIN            compare (CTest: example_main_job_table)
#   scripts/check_main_job_table.sh TUNET_BIN --record   rewrite the committed table
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tunet="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
expected="$root/docs/main_job_reduced_table.txt"
if [ ! -e "${TUNET_DATA_DIR:-/nonexistent}/fashion-mnist/train-images-idx3-ubyte.gz" ] &&
   [ ! -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  echo "check_main_job_table: Fashion-MNIST is not installed (scripts/install_deps.sh installs it); skipped"
  exit 77
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

TUNET_BIN="$tunet" TUNET_MAIN_JOB_REDUCED=1 OMP_NUM_THREADS=1 TUNET_GNUPLOT=none \
  bash "$root/scripts/main_job.sh" --set repo_dir="$tmp/run" > "$tmp/out.txt" 2>&1 ||
  { cat "$tmp/out.txt"; echo "check_main_job_table: the reduced main job failed" >&2; exit 1; }

# The table (header to the blank line) without time_s, the best trial without
# its checkpoint's path, and the test score.
awk '
  /^rank  trial/ { in_table = 1; for (i = 1; i <= NF; ++i) if ($i == "time_s") skip = i }
  in_table && NF == 0 { in_table = 0 }
  in_table { line = ""; for (i = 1; i <= NF; ++i) if (i != skip) line = line (line == "" ? "" : " ") $i; print line }
  /^Best: / { sub(/; model.*/, ""); print }
  /^Test set / { print }
' "$tmp/out.txt" > "$tmp/table.txt"

if [ "${2:-}" = "--record" ]; then
  {
    echo "# The reduced main job's results (scripts/check_main_job_table.sh compares a fresh run with this):"
    echo "# TUNET_MAIN_JOB_REDUCED=1 OMP_NUM_THREADS=1 bash scripts/main_job.sh, i.e. examples/fashion_mlp_hyperband.json"
    echo "# with R=9 on 5,000 training images (4,500 train + 500 validation) and 1,000 test images; time_s left out."
    cat "$tmp/table.txt"
  } > "$expected"
  echo "check_main_job_table: recorded $expected"
  exit 0
fi

grep -v '^#' "$expected" > "$tmp/expected.txt"
if ! awk '
  function numeric(s) { return s ~ /^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$/ }
  function close_enough(a, b,   d, m) { d = a - b; if (d < 0) d = -d; m = (a < 0 ? -a : a); if ((b < 0 ? -b : b) > m) m = (b < 0 ? -b : b); return d <= 1e-3 * m + 1e-9 }
  NR == FNR { want[FNR] = $0; n_want = FNR; next }
  {
    n_got = FNR
    if (!(FNR in want)) { print "extra line " FNR ": " $0; bad = 1; next }
    nw = split(want[FNR], w, " "); ng = split($0, g, " ")
    same = (nw == ng)
    for (i = 1; same && i <= nw; ++i) same = (numeric(w[i]) && numeric(g[i])) ? close_enough(w[i] + 0, g[i] + 0) : (w[i] == g[i])
    if (!same) { print "line " FNR " differs:\n  expected: " want[FNR] "\n  got:      " $0; bad = 1 }
  }
  END { if (n_got < n_want) { print "missing lines " n_got + 1 " to " n_want; bad = 1 }; exit bad }
' "$tmp/expected.txt" "$tmp/table.txt"; then
  echo "check_main_job_table: the reduced main job's table differs from docs/main_job_reduced_table.txt." >&2
  echo "If the change is intended, re-record it: scripts/check_main_job_table.sh BUILD/bin/tunet --record" >&2
  exit 1
fi
echo "check_main_job_table: $(grep -c '^ *[0-9]' "$tmp/table.txt") trials match docs/main_job_reduced_table.txt"
