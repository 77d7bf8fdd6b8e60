#!/bin/sh
# The C export on Fashion-MNIST, measured: trains the main job's MLP (relu, and
# tanh for the int8 lookup tables) and the GP tutorial's CNN with `tunet tune`
# at one configuration each, exports each with `tunet export` (float and int8),
# compiles the C freestanding with the host compiler, then runs
# tests/test_nn_export_fashion on the saved models, which prints for the 10,000
# test images: the float export's max |C - predict|, the int8 export's top-1
# agreement with the float model and its test-accuracy drop.
#
#   scripts/export_accuracy.sh [BUILD_DIR (default build)] [WORK_DIR (default runs/export_accuracy)]
#
# Needs Debian's dataset-fashion-mnist (scripts/install_deps.sh). Minutes on a laptop CPU.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
work=${2:-runs/export_accuracy}
cmake --build "$build" --target tunet_cli test_nn_export_fashion
tunet="$build/bin/tunet"
mkdir -p "$work"

# The main job's MLP (examples/fashion_mlp_hyperband.json) at one configuration, 5 epochs.
mlp_config() {  # mlp_config ACTIVATION
  cat <<JSON
{
  "data": {"name": "fashion_mnist", "flatten": true, "validation_split": 0.1},
  "model": [
    {"layer": "dropout", "rate": 0.2, "input_shape": [784]},
    {"layer": "dense", "units": 100, "activation": "$1"},
    {"layer": "dropout", "rate": 0.2},
    {"layer": "dense", "units": 10, "activation": "softmax"}
  ],
  "compile": {"optimizer": {"name": "rmsprop", "learning_rate": "\$learning_rate"},
              "loss": "categorical_crossentropy", "metrics": ["accuracy"]},
  "space": {"learning_rate": {"type": "choice", "values": [0.001]}},
  "search": {"algorithm": "grid", "epochs": 5, "objective": "val_loss"},
  "fit": {"batch_size": 128},
  "repo_dir": "$work/mlp_$1",
  "seed": 1
}
JSON
}
mlp_config relu > "$work/mlp_relu.json"
mlp_config tanh > "$work/mlp_tanh.json"

# The GP tutorial's CNN (examples/fashion_cnn_gp.json) at a representative point:
# one dense layer of 128 relu units, Adam 1e-3, 3 epochs on 12,000 training images.
cat > "$work/cnn.json" <<JSON
{
  "data": {"name": "fashion_mnist", "channels_first": true, "subset": {"train": 12000}, "validation_split": 0.1},
  "model": [
    {"layer": "conv2d", "filters": 16, "kernel_size": 5, "padding": "same", "activation": "relu"},
    {"layer": "maxpool2d", "pool_size": 2},
    {"layer": "conv2d", "filters": 36, "kernel_size": 5, "padding": "same", "activation": "relu"},
    {"layer": "maxpool2d", "pool_size": 2},
    {"layer": "flatten"},
    {"layer": "dense", "units": 128, "activation": "relu"},
    {"layer": "dense", "units": 10, "activation": "softmax"}
  ],
  "compile": {"optimizer": {"name": "adam", "learning_rate": "\$learning_rate"},
              "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
  "space": {"learning_rate": {"type": "choice", "values": [0.001]}},
  "search": {"algorithm": "grid", "epochs": 3, "objective": "val_accuracy"},
  "fit": {"batch_size": 128},
  "repo_dir": "$work/cnn",
  "seed": 1
}
JSON

models=""
for m in mlp_relu mlp_tanh cnn; do
  [ -f "$work/$m/best_model.ckpt" ] || "$tunet" tune "$work/$m.json"
  model="$work/$m/best_model.ckpt"
  "$tunet" export "$model" --format c --out "$work/$m-c-float"
  "$tunet" export "$model" --format c --out "$work/$m-c-int8" --int8 --calibration "$work/$m.json"
  for variant in float int8; do
    cc -std=c99 -Wall -Wextra -Werror -pedantic -ffreestanding -Os -c "$work/$m-c-$variant/model.c" \
       -o "$work/$m-c-$variant/model.o"
    echo "$m $variant: $(size "$work/$m-c-$variant/model.o" | tail -1 | awk '{print "text+data " $1 + $2 " bytes (x86-64 -Os)"}')"
  done
  models="$models $(cd "$(dirname "$model")" && pwd)/$(basename "$model")"
done

TUNET_EXPORT_MODELS="$models" "$build/tests/test_nn_export_fashion" --success=false
