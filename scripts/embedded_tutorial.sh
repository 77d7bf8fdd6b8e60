#!/usr/bin/env bash
# docs/embedded.md, run as written: tune the main job's MLP under a 64 KB flash
# budget at int8 (examples/fashion_mlp_embedded.json), see which widths the
# budget rules out, export the best model as C (int8 and float), run it on a
# Cortex-M4F under QEMU (scripts/embedded_check.sh: the same predictions as the
# host, the sizes), and classify the whole test set with the exported C on the
# host. Each command is printed before it runs, with how long it took after.
#
#   scripts/embedded_tutorial.sh [BUILD_DIR (default build)]
#
# BUILD_DIR/bin/tunet (the tunet_cli target) does the work, on one thread (the
# outputs then do not depend on the thread count). Everything is written under
# runs/, or TUNET_TUTORIAL_RUNS=DIR; a search whose folder exists resumes
# instead of starting over. Needs Fashion-MNIST (scripts/install_deps.sh) and
# the arm toolchain and QEMU (scripts/install_deps.sh --embedded).
# About a minute on the 2-core build machine.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
tunet="$build/bin/tunet"
runs="${TUNET_TUTORIAL_RUNS:-runs}"
[ -x "$tunet" ] || { echo "embedded_tutorial: $tunet not found (build the tunet_cli target)" >&2; exit 1; }
export OMP_NUM_THREADS=1

# step COMMAND...: prints it (an argument with spaces or quotes in '...'), runs
# it, prints its wall time.
step() {
  local arg line='$'
  for arg in "$@"; do
    if [[ "$arg" =~ ^[A-Za-z0-9_./=:,+-]+$ ]]; then line+=" $arg"; else line+=" '$arg'"; fi
  done
  printf '\n%s\n' "$line"
  local start=$SECONDS
  "$@"
  echo "[$((SECONDS - start)) s]"
}

# 1. The search: Hyperband R=9, eta=3, every configuration's int8 size known before training.
where=()
[ "$runs" = runs ] || where=(--set repo_dir="$runs/fashion_mlp_embedded")
step "$tunet" tune examples/fashion_mlp_embedded.json "${where[@]}"

# 2. What the budget rules out: the widths alone, one epoch each (a grid records
#    every point; an infeasible one untrained, with the reason).
step "$tunet" tune examples/fashion_mlp_embedded.json --set repo_dir="$runs/fashion_mlp_embedded_widths" \
  --set 'space={"units": {"type": "choice", "values": [16, 32, 64, 128, 256]}, "learning_rate": {"type": "choice", "values": [0.003]}, "activation": {"type": "choice", "values": ["sigmoid"]}, "dropout": {"type": "choice", "values": [0.05]}}' \
  --set 'search={"algorithm": "grid", "epochs": 1, "objective": "val_accuracy", "constraints": {"flash_bytes": {"max": 65536}}}'

# 3. The export: int8 (calibrated on the config's training images) and float.
c="$runs/fashion_mlp_embedded_c"
step "$tunet" export "$runs/fashion_mlp_embedded/best_model.ckpt" --format c --out "$c/int8" \
  --int8 --calibration examples/fashion_mlp_embedded.json
step "$tunet" export "$runs/fashion_mlp_embedded/best_model.ckpt" --format c --out "$c/float"

# 4. On the Cortex-M4F under QEMU: 200 test images, compared with the host; the sizes.
step env TUNET_EMBEDDED_EXPORTED="$c" bash scripts/embedded_check.sh "$build"

# 5. The exported C on all 10,000 test images (the firmware's harness, built for the host).
classify_test_set() {
  local fw=examples/embedded/firmware
  bash examples/embedded/make_test_images.sh 10000 "$c/test_images.h"
  for v in float int8; do
    gcc -std=c11 -O2 -I "$c/$v" -I "$c" -I "$fw" "$fw/main.c" "$c/$v/model.c" -o "$c/$v/host"
    "$c/$v/host" > "$c/$v/predictions.txt"
    grep '^# accuracy' "$c/$v/predictions.txt"
  done
  # Lines: IMAGE LABEL PREDICTED OUTPUTS...; the top-1 agreement of int8 with float.
  awk '/^#/ { next } FNR == NR { float[$1] = $3; next } { n++; same += float[$1] == $3 }
       END { printf "# top-1 agreement, int8 vs float: %d of %d (%.2f %%)\n", same, n, 100 * same / n }' \
    "$c/float/predictions.txt" "$c/int8/predictions.txt"
}
step classify_test_set
