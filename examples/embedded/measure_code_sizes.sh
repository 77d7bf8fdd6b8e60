#!/usr/bin/env bash
# Measures the code each layer kind of an exported model adds on a Cortex-M4F
# (arm-none-eabi-gcc -Os, linked as the firmware links it) and on x86-64
# (gcc -Os object), float and int8, and writes the table the tuner uses to
# estimate a configuration's flash: nn/export/code_size_table.hpp.
#
#   examples/embedded/measure_code_sizes.sh BUILD_DIR [OUT=nn/export/code_size_table.hpp]
#
# Each row is the difference between two small models trained for one epoch on
# 8x8 Fashion-MNIST (BUILD_DIR/bin/tunet tune, then tunet export):
#   base            dense(10, softmax)                     (the smallest classifier: the
#                                                          runtime, one dense layer, softmax)
#   dense_more      dense(16), base              vs base      (each further dense layer)
#   <activation>    dense(16, <activation>), base vs dense_more (one per activation)
#   conv2d          conv2d(4, 3x3, same), flatten, base   vs base
#   conv2d_more     conv2d, conv2d, flatten, base         vs conv2d (each further one)
#   maxpool2d       conv2d, maxpool2d(2), flatten, base   vs conv2d
#   maxpool2d_more  conv2d, maxpool2d, maxpool2d, ...     vs maxpool2d
# Code = .text of the model linked alone (examples/embedded/firmware/size_probe.c),
# library routines included; weights are not code (they are 4 bytes a float
# parameter, 1 an int8 one plus 4 a channel's scale and bias: the tuner counts them).
# Helpers shared by several kinds (the exp approximation behind softmax, sigmoid,
# tanh, ...) are in `base` once, so a row is what that kind adds to a model
# that has the base: flash ~ base + the rows of the kinds it uses + weights.
# Needs scripts/install_deps.sh --embedded. Takes about a minute.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tunet="$(cd "$1/bin" && pwd)/tunet"
out="${2:-$root/nn/export/code_size_table.hpp}"
fw="$root/examples/embedded/firmware"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
m4_flags=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -Os -ffunction-sections -fdata-sections)
activations=(sigmoid tanh relu leaky_relu elu celu selu gelu gelu_tanh silu softplus)

# config NAME DATA_FIELDS LAYERS_JSON: a one-trial, one-epoch search whose best model is the model.
config() {
  cat > "$work/$1.json" <<EOF
{"data": {"name": "fashion_mnist", "resize": [8, 8], $2, "subset": {"train": 600, "test": 100},
          "validation_split": 0.2},
 "model": [$3],
 "compile": {"optimizer": {"name": "adam", "learning_rate": "\$learning_rate"},
             "loss": "sparse_categorical_crossentropy"},
 "space": {"learning_rate": {"type": "choice", "values": [0.001]}},
 "search": {"algorithm": "grid", "epochs": 1, "objective": "val_loss"},
 "fit": {"batch_size": 64}, "evaluate_test": false, "repo_dir": "$work/$1.run", "seed": 1}
EOF
}
head='{"layer": "dense", "units": 10, "activation": "softmax"}'
flat='"flatten": true'
image='"channels_first": true'
conv='{"layer": "conv2d", "filters": 4, "kernel_size": 3, "padding": "same"}'
config base "$flat" "$head"
config dense_more "$flat" "{\"layer\": \"dense\", \"units\": 16}, $head"
for a in "${activations[@]}"; do
  config "$a" "$flat" "{\"layer\": \"dense\", \"units\": 16, \"activation\": \"$a\"}, $head"
done
config conv2d "$image" "$conv, {\"layer\": \"flatten\"}, $head"
pool='{"layer": "maxpool2d", "pool_size": 2}'
config conv2d_more "$image" "$conv, $conv, {\"layer\": \"flatten\"}, $head"
config maxpool2d "$image" "$conv, $pool, {\"layer\": \"flatten\"}, $head"
config maxpool2d_more "$image" "$conv, $pool, $pool, {\"layer\": \"flatten\"}, $head"

# code VARIANT NAME -> "m4_text x86_text m4_rodata" of that model's export.
code() {
  local dir="$work/$2.$1"
  mkdir -p "$dir"
  if [ "$1" = int8 ]; then
    "$tunet" export "$work/$2.run/best_model.ckpt" --format c --out "$dir" --int8 --calibration "$work/$2.json" > /dev/null
  else
    "$tunet" export "$work/$2.run/best_model.ckpt" --format c --out "$dir" > /dev/null
  fi
  arm-none-eabi-gcc "${m4_flags[@]}" -std=c99 -ffreestanding -c "$dir/model.c" -o "$dir/model.o"
  arm-none-eabi-gcc "${m4_flags[@]}" -std=c11 -I "$dir" -DPROBE_MODEL=1 "$fw/size_probe.c" "$dir/model.o" \
    -T "$fw/mps2_an386.ld" -nostartfiles --specs=nano.specs -Wl,--gc-sections -o "$dir/probe.elf"
  gcc -std=c99 -Os -ffunction-sections -fdata-sections -ffreestanding -c "$dir/model.c" -o "$dir/model_x86.o"
  echo "$(arm-none-eabi-size -A "$dir/probe.elf" | awk '$1 ~ /^\.text/ { t += $2 } END { print t }')" \
       "$(size -A "$dir/model_x86.o" | awk '$1 ~ /^\.text/ { t += $2 } END { print t }')" \
       "$(arm-none-eabi-size -A "$dir/probe.elf" | awk '$1 ~ /^\.rodata/ { t += $2 } END { print t }')"
}

names=(base dense_more "${activations[@]}" conv2d conv2d_more maxpool2d maxpool2d_more)
for name in "${names[@]}"; do
  OMP_NUM_THREADS=1 TUNET_GNUPLOT=none "$tunet" tune "$work/$name.json" > "$work/$name.log" 2>&1 ||
    { tail -20 "$work/$name.log"; echo "measure_code_sizes: training the $name model failed" >&2; exit 1; }
done
declare -A m4 x86 rodata
for variant in float int8; do
  for name in "${names[@]}"; do
    read -r m4[$variant.$name] x86[$variant.$name] rodata[$variant.$name] <<<"$(code "$variant" "$name")"
  done
done

# The model a row is measured against.
reference() {
  case "$1" in
    base) echo "" ;; dense_more | conv2d) echo base ;; conv2d_more | maxpool2d) echo conv2d ;;
    maxpool2d_more) echo maxpool2d ;; *) echo dense_more ;;
  esac
}
rows=()
for name in "${names[@]}"; do
  ref="$(reference "$name")"
  for variant in float int8; do
    a=${m4[$variant.$name]} b=${x86[$variant.$name]}
    if [ -n "$ref" ]; then a=$((a - m4[$variant.$ref])) b=$((b - x86[$variant.$ref])); fi
    # An activation's model has the weights of its reference: the rest is its constants (int8: a table).
    c=0
    [ "$ref" = dense_more ] && c=$((rodata[$variant.$name] - rodata[$variant.dense_more]))
    ((a < 0)) && a=0
    ((b < 0)) && b=0
    ((c < 0)) && c=0
    rows+=("$(printf '    {"%s", %s, %d, %d, %d},' "$name" "$([ "$variant" = int8 ] && echo true || echo false)" "$a" "$b" "$c")")
  done
done

cat > "$out.tmp" <<EOF
#pragma once
// Code bytes each layer kind of an exported model (nn::export_c, \`tunet export
// --format c\`) adds, measured on a Cortex-M4F (arm-none-eabi-gcc -Os
// -mcpu=cortex-m4 -mfloat-abi=hard, linked with --gc-sections, the library
// routines it pulls in included) and on x86-64 (gcc -Os, the object's .text).
// Written by examples/embedded/measure_code_sizes.sh BUILD_DIR; rerun it when
// the generated C changes.
//
// "base" is the smallest classifier, dense(10) + softmax: the shared helpers
// (the exp approximation, requantisation) and one dense kernel. Every other row
// is what that kind adds to a model that has the base. A model's code is about
// base + the row of each kind it uses + the "_more" row of each further layer of
// that kind (the first dense layer is in base; a further use of an activation
// is a call, a few bytes): -Os code is not exactly additive, the estimate was
// within 10 % of the measured whole models (the main job's MLP, float: 564
// estimated, 536 measured; the GP tutorial's CNN: 1,100 and 1,220). The weights
// are counted apart (4 bytes a float parameter; int8: 1 byte a weight, 4 a bias,
// and a channel's requantisation multiplier and shift).
// int8: an activation is a lookup table of each layer that uses it (the const
// column), except ReLU, a clamp fused into the layer before it (a row of 0).
#include <cstdint>

namespace tunet::nn {

struct LayerCodeSize {
  const char* kind;  // "base", "dense_more", "conv2d", "conv2d_more", "maxpool2d", "maxpool2d_more"
                     // or an activation name
  bool int8;         // an int8 export (--int8) or a float one
  int64_t cortex_m4_bytes;     // code (.text)
  int64_t x86_64_bytes;        // code (.text)
  int64_t cortex_m4_const_bytes;  // constants besides the weights (an int8 activation's 256-byte table)
};

inline constexpr LayerCodeSize kLayerCodeSizes[] = {
$(printf '%s\n' "${rows[@]}")
};

}  // namespace tunet::nn
EOF
mv "$out.tmp" "$out"
echo "measure_code_sizes: wrote $out"
printf '%s\n' "${rows[@]}"
