# Sourced by each transcript (docs/transcripts/*.t, run by cram in a fresh
# folder): the folder then looks like the repository root to the docs'
# commands (build/bin/tunet, build/examples, examples/ and scripts/ link to the
# build and the sources under test); one thread, no figures drawn, and a
# failing command in a pipe fails the pipe.
#
#   . "$TESTDIR/setup.sh" [fashion] [digits] [kernel]
#
# fashion: needs Fashion-MNIST; digits: the MNIST digits ($TUNET_DATA_DIR,
# else ./data, as scripts/check_tutorials.sh); kernel: numbers that depend on
# the CPU's floating point paths (training), recorded with the CPU kernel
# below (tunet --version names it), like docs/main_job_reduced_table.txt.
# A transcript whose needs this machine does not meet is skipped (exit 80,
# cram's "skipped").
recorded_kernel="avx512 14x32"
root="${TUNET_SOURCE_DIR:-$(cd "$TESTDIR/../.." && pwd)}"
mkdir -p build/bin
ln -s "$TUNET_BIN" build/bin/tunet
[ -z "${TUNET_EXAMPLES_DIR:-}" ] || ln -s "$TUNET_EXAMPLES_DIR" build/examples
ln -s "$root/examples" examples
ln -s "$root/scripts" scripts
export OMP_NUM_THREADS=1 TUNET_GNUPLOT=none
set -o pipefail
for need in "$@"; do
  case "$need" in
    fashion)
      [ -e "${TUNET_DATA_DIR:-/nonexistent}/fashion-mnist/train-images-idx3-ubyte.gz" ] ||
        [ -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || exit 80 ;;
    digits)
      export TUNET_DATA_DIR="${TUNET_DATA_DIR:-$root/data}"
      [ -s "$TUNET_DATA_DIR/mnist-digits/0.json" ] || exit 80 ;;
    kernel)
      build/bin/tunet --version | grep -q "CPU kernel $recorded_kernel)" || exit 80 ;;
  esac
done
