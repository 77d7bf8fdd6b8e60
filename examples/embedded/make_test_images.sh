#!/usr/bin/env bash
# Writes the firmware's test images as C: the first N images of the
# Fashion-MNIST test set (t10k, the IDX files of the Debian package
# dataset-fashion-mnist, which scripts/install_deps.sh installs) as grey
# levels 0-255 and their labels, const, so they stay in flash. The firmware
# scales them as tunet's data loader does (grey level * 1/255).
#
#   examples/embedded/make_test_images.sh N OUT.h [FASHION_MNIST_DIR]
set -euo pipefail
n="$1" out="$2" dir="${3:-${TUNET_DATA_DIR:+$TUNET_DATA_DIR/fashion-mnist}}"
dir="${dir:-/usr/share/datasets/fashion-mnist}"
images="$dir/t10k-images-idx3-ubyte.gz" labels="$dir/t10k-labels-idx1-ubyte.gz"
for f in "$images" "$labels"; do
  [ -e "$f" ] || { echo "make_test_images: $f is missing (scripts/install_deps.sh installs Fashion-MNIST)" >&2; exit 1; }
done
((n >= 1 && n <= 10000)) || { echo "make_test_images: N must be 1 to 10000, got $n" >&2; exit 1; }
# The IDX headers: images 16 bytes (magic, count, rows, columns), labels 8 (magic, count).
# (head stops reading early: gzip's broken pipe is expected, hence no pipefail here.)
bytes() ( set +o pipefail; gzip -dc "$1" 2>/dev/null | tail -c +"$2" | head -c "$3" | od -An -v -tu1 )
{
  echo "/* The first $n images of the Fashion-MNIST test set (t10k), written by"
  echo " * examples/embedded/make_test_images.sh: grey levels, row by row, and labels. */"
  echo "#include <stdint.h>"
  echo "#define TEST_IMAGES $n"
  echo "#define TEST_IMAGE_PIXELS 784"
  echo "static const uint8_t test_images[TEST_IMAGES][TEST_IMAGE_PIXELS] = {"
  bytes "$images" 17 $((n * 784)) | tr -s ' \n' '\n\n' | grep -v '^$' |
    awk '{ row = row (NR % 784 == 1 ? "" : ",") $1 } NR % 784 == 0 { print "  {" row "},"; row = "" }'
  echo "};"
  echo "static const uint8_t test_labels[TEST_IMAGES] = {"
  bytes "$labels" 9 "$n" | tr -s ' \n' '\n\n' | grep -v '^$' | paste -sd, | sed 's/^/  /'
  echo "};"
} > "$out.tmp"
mv "$out.tmp" "$out"
