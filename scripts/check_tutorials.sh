#!/usr/bin/env bash
# The tutorials of docs/tutorials/, run on reduced data so that they cannot
# rot: each tutorial's commands as written, made small with `tunet tune
# --set PATH=VALUE` (fewer epochs, calls and images) and TUNET_TUTORIAL_QUICK=1
# for the C++ programs, in a temporary folder, on one thread. Figures are
# drawn only where the tutorial runs `tunet plot` (and only with gnuplot).
#
#   scripts/check_tutorials.sh TUNET_BIN EXAMPLES_DIR TUTORIAL     TUTORIAL: 1, 1-digits, 2, 3 or 4
#   e.g. scripts/check_tutorials.sh build/bin/tunet build/examples 3
#
# CTest runs each as tutorial_<name> (label "tutorial"). Exit 77 (CTest:
# skipped) when Fashion-MNIST, or for 1-digits the MNIST digits, are not installed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tunet="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
examples="$(cd "$2" && pwd)"
tutorial="$3"
data_dir="${TUNET_DATA_DIR:-$root/data}"
have_fashion_mnist() {
  local d
  for d in "${TUNET_DATA_DIR:-/nonexistent}/fashion-mnist" /usr/share/datasets/fashion-mnist; do
    [ -e "$d/train-images-idx3-ubyte.gz" ] || [ -e "$d/train-images-idx3-ubyte" ] && return 0
  done
  return 1
}
if ! have_fashion_mnist; then
  echo "check_tutorials: Fashion-MNIST is not installed (scripts/install_deps.sh installs it); skipped"
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
export OMP_NUM_THREADS=1

# run NAME COMMAND...: runs it with its output in NAME.log; shows the log on failure.
run() {
  local name="$1"
  shift
  echo "+ $*"
  if ! "$@" > "$name.log" 2>&1; then
    tail -n 40 "$name.log"
    echo "check_tutorials: tutorial $tutorial: '$*' failed" >&2
    exit 1
  fi
}
# expect NAME PATTERN: the log of NAME has a line matching PATTERN (grep -E).
expect() {
  if ! grep -qE "$2" "$1.log"; then
    tail -n 40 "$1.log"
    echo "check_tutorials: tutorial $tutorial: no line matching '$2' in the output of $1" >&2
    exit 1
  fi
}
# tune NAME CONFIG [--set ...]: `tunet tune` without drawing (the figures are tunet plot's check).
tune() {
  local name="$1" config="$2"
  shift 2
  run "$name" env TUNET_GNUPLOT=none "$tunet" tune "$root/examples/$config" --set repo_dir="runs/$name" "$@"
  expect "$name" "^Test set "
}
small_fashion=(--set data.subset.train=2000 --set data.subset.test=500)

case "$tutorial" in
  1)  # docs/tutorials/1-hyperband-first-steps.md
    run schedule "$tunet" schedule --R 20 --eta 3
    expect schedule "^Total epochs with continuation=154 "
    tune hyperband fashion_mlp_hyperband.json --set search.R=3 "${small_fashion[@]}"
    expect hyperband "continuing trial [0-9]+ from epoch 1"
    # Again on the same repo_dir: replays the journal, trains nothing.
    run hyperband_again env TUNET_GNUPLOT=none "$tunet" tune "$root/examples/fashion_mlp_hyperband.json" \
      --set repo_dir=runs/hyperband --set search.R=3 "${small_fashion[@]}"
    expect hyperband_again "^Resuming the search in runs/hyperband"
    if grep -q "Epoch 1/" hyperband_again.log; then
      echo "check_tutorials: resuming a finished search trained again" >&2
      exit 1
    fi
    run results "$tunet" results runs/hyperband
    expect results "^rank  trial  bracket  rung"
    run cpp env TUNET_TUTORIAL_QUICK=1 "$examples/hyperband_mlp" fashion_mnist 3 3
    expect cpp "^Test set \(1000 images"
    ;;
  1-digits)
    if [ ! -s "$data_dir/mnist-digits/0.json" ]; then
      echo "check_tutorials: the MNIST digits are not in $data_dir/mnist-digits (scripts/install_deps.sh --digits); skipped"
      exit 77
    fi
    export TUNET_DATA_DIR="$data_dir"
    tune digits mnist_digits_mlp_hyperband.json --set search.R=3 --set data.subset.train=2000
    run cpp env TUNET_TUTORIAL_QUICK=1 "$examples/hyperband_mlp" mnist_digits 3 3
    expect cpp "^Test set "
    ;;
  2)  # docs/tutorials/2-gp-cnn.md
    tune gp fashion_cnn_gp.json --set data.subset.train=600 --set data.subset.test=200 \
      --set search.n_calls=5 --set search.n_initial_points=2 --set search.epochs=1
    expect gp "^Trial 0: \{learning_rate=1e-05, num_dense_layers=1, num_dense_nodes=16, activation=\"relu\", dropout=0\}"
    run plot "$tunet" plot runs/gp
    expect plot "partial_dependence"
    run explain "$tunet" explain-gp --acq EI --steps 2 --out explain_gp
    ;;
  3)  # docs/tutorials/3-random-vs-hyperband.md
    tune random fashion8x8_random.json --set search.n_trials=4 --set search.epochs=2 "${small_fashion[@]}"
    tune hyperband fashion8x8_hyperband.json --set search.R=3 "${small_fashion[@]}"
    run compare "$tunet" plot runs/hyperband --compare runs/random --out compare
    expect compare "convergence"
    test -s compare/convergence.gp
    run leak env TUNET_TUTORIAL_QUICK=1 "$examples/validation_leak" 3 1
    expect leak "^chosen on test A \(the leak\) +trial"
    ;;
  4)  # docs/tutorials/4-optimizers.md
    run paths "$tunet" optimizers --surface saddle --steps 40 --out paths
    test -s paths/optimizers_saddle.gp
    tune curves optimizer_curves.json --set search.epochs=2 --set data.subset.train=300 --set data.subset.test=100
    run curves_plot "$tunet" plot runs/curves --best 9
    expect curves_plot "training_curves"
    tune grid optimizer_grid.json --set search.epochs=1 --set data.subset.train=300 --set data.subset.test=100 \
      --set 'space.learning_rate.values=[0.001, 0.01]' --set 'space.beta_2.values=[0.9, 0.999]'
    expect grid "^Best: trial"
    ;;
  *)
    echo "check_tutorials: unknown tutorial '$tutorial' (expected 1, 1-digits, 2, 3 or 4)" >&2
    exit 2
    ;;
esac
echo "check_tutorials: tutorial $tutorial ran as written (reduced)"
