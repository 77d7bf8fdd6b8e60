#!/usr/bin/env bash
# CI stage for the pictures, beyond ctest (tests/test_tuner_plot.cpp renders
# every figure kind from synthetic searches): the `tunet` commands end to end.
#   1. a tiny `tunet tune` (Hyperband on 8x8 Fashion-MNIST) whose end draws the
#      figures, the image grids, test.json and report.html;
#   2. `tunet plot` and `tunet report` on that repo_dir, `tunet optimizers`
#      and `tunet explain-gp` (the animated GIF);
#   3. the report in headless Chromium (scripts/check_report.sh; skipped with
#      a message when chromium is not installed).
# Needs a build with the tunet command:  BUILD_DIR=build bash scripts/ci_plots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
tunet="$build/bin/tunet"
start=$SECONDS
[ -x "$tunet" ] || { echo "ci_plots: $tunet is not built (cmake --build $build --target tunet_cli)" >&2; exit 1; }
if ! command -v gnuplot > /dev/null; then
  echo "ci_plots: skipped: gnuplot is not installed (apt-get install gnuplot-nox)"
  exit 0
fi
work="$build/ci_plots"
rm -rf "$work"
mkdir -p "$work"

fail() { echo "ci_plots: FAILED: $*" >&2; exit 1; }
expect_figures() {  # folder, figure names...
  local dir=$1; shift
  for name in "$@"; do
    for ext in gp png svg; do [ -s "$dir/$name.$ext" ] || fail "$dir/$name.$ext is missing or empty"; done
  done
}

if [ -d /usr/share/datasets/fashion-mnist ] || [ -d "${TUNET_DATA_DIR:-/nonexistent}/fashion-mnist" ]; then
  cat > "$work/search.json" <<JSON
{
  "description": "The pictures' end-to-end check: a tiny Hyperband search of an MLP on 8x8 Fashion-MNIST.",
  "data": {"name": "fashion_mnist", "subset": {"train": 1200, "test": 300}, "resize": [8, 8], "flatten": true,
           "validation_split": 0.25},
  "model": [
    {"layer": "dense", "units": "\$units", "activation": "\$activation", "input_shape": [64]},
    {"layer": "dropout", "rate": "\$dropout"},
    {"layer": "dense", "units": 10, "activation": "softmax"}
  ],
  "compile": {"optimizer": {"name": "adam", "learning_rate": "\$learning_rate"},
              "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
  "space": {
    "learning_rate": {"type": "log-uniform", "low": 1e-4, "high": 0.1},
    "units":         {"type": "integer", "low": 8, "high": 64},
    "dropout":       {"type": "uniform", "low": 0.0, "high": 0.5},
    "activation":    {"type": "choice", "values": ["relu", "tanh"]}
  },
  "search": {"algorithm": "hyperband", "R": 9, "eta": 3, "objective": "val_accuracy"},
  "fit": {"batch_size": 64},
  "repo_dir": "$work/search",
  "seed": 1
}
JSON
  OMP_NUM_THREADS=1 "$tunet" tune "$work/search.json" > "$work/tune.log" 2>&1 || { tail -20 "$work/tune.log"; fail "tunet tune"; }
  expect_figures "$work/search/plots" convergence objective histograms evaluations hyperband training_curves \
    test_examples misclassified
  [ -s "$work/search/test.json" ] || fail "tunet tune wrote no test.json"
  [ -s "$work/search/report.html" ] || fail "tunet tune wrote no report.html"
  grep -q "^Report: " "$work/tune.log" || fail "tunet tune did not say where the report is"

  "$tunet" plot "$work/search" --out "$work/replot" --best 2 > "$work/plot.log"
  expect_figures "$work/replot" convergence objective histograms evaluations hyperband training_curves
  "$tunet" report "$work/search" --out "$work/report.html" > "$work/report.log"
  bash scripts/check_report.sh "$work/report.html" "$work/report_screenshot.png"
else
  echo "ci_plots: skipped the tune/plot/report part: Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)"
fi

"$tunet" optimizers --surface saddle --steps 60 --out "$work/optimizers" > "$work/optimizers.log"
expect_figures "$work/optimizers" optimizers_saddle
"$tunet" explain-gp --steps 3 --out "$work/explain_gp" > "$work/explain_gp.log"
expect_figures "$work/explain_gp" explain_gp_step_1 explain_gp_step_3
head -c 6 "$work/explain_gp/explain_gp.gif" | grep -q GIF89a || fail "explain-gp drew no GIF"

echo "ci_plots: passed in $((SECONDS - start)) s (outputs in $work)"
