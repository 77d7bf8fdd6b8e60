#!/bin/sh
# Builds examples/embed_predict the way an embedding user would (CPU only, no
# OpenMP, static, -Os, link-time optimisation, unused sections dropped,
# stripped) and measures the
# binary's size and the peak RSS of classifying the Fashion-MNIST test set.
#
#   scripts/embed_size.sh [model.tunet]
#
# Without a model file it first trains the Fashion-MNIST MLP (examples/train_mlp, a
# normal Release build) and saves it. Work folder: $TUNET_EMBED_DIR or /tmp/tunet-embed.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
work=${TUNET_EMBED_DIR:-/tmp/tunet-embed}
mkdir -p "$work"
model=${1:-$work/mlp.tunet}
common="-G Ninja -DTUNET_CUDA=OFF -DTUNET_BUILD_TESTS=OFF -DTUNET_BUILD_BENCH=OFF -DTUNET_BUILD_TOOLS=OFF"

if [ ! -f "$model" ]; then
  echo "== training the Fashion-MNIST MLP -> $model"
  cmake -S "$root" -B "$work/build-train" $common -DCMAKE_BUILD_TYPE=Release >/dev/null
  ninja -C "$work/build-train" train_mlp >"$work/build.log" || { tail -30 "$work/build.log"; exit 1; }
  "$work/build-train/examples/train_mlp" "$model" 5 | tail -2
fi

echo "== building embed_predict: CPU only, no OpenMP, static, -Os, LTO, stripped"
cmake -S "$root" -B "$work/build-embed" $common -DCMAKE_BUILD_TYPE=MinSizeRel -DTUNET_OPENMP=OFF \
  -DCMAKE_CXX_FLAGS="-ffunction-sections -fdata-sections -flto" \
  -DCMAKE_EXE_LINKER_FLAGS="-static -Wl,--gc-sections -s -flto" \
  -DZLIB_LIBRARY="$(gcc -print-file-name=libz.a)" >/dev/null
ninja -C "$work/build-embed" embed_predict >"$work/build.log" || { tail -30 "$work/build.log"; exit 1; }
binary="$work/build-embed/examples/embed_predict"

size=$(stat -c %s "$binary")
/usr/bin/time -v "$binary" "$model" 2>"$work/time.txt"
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
images=$((10000 * 28 * 28))
echo "binary: $size bytes ($(awk "BEGIN{printf \"%.2f\", $size/1048576}") MiB), static, stripped"
echo "peak RSS: $rss_kb KiB ($(awk "BEGIN{printf \"%.1f\", $rss_kb/1024}") MiB); the test images are $images bytes" \
     "($(awk "BEGIN{printf \"%.1f\", $images/1048576}") MiB) -> $(awk "BEGIN{printf \"%.1f\", ($rss_kb*1024-$images)/1048576}") MiB beyond them"
