#!/usr/bin/env bash
# Installs the build in BUILD_DIR (argument) into a temporary prefix and builds
# a small consumer project with find_package(tunet) against it.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build_dir" --prefix "$prefix/install" >/dev/null
# The package must not force the build machine's -march on its consumers
# (docs/portability.md): no exported target may carry it.
targets_files=$(find "$prefix/install" -path '*/cmake/tunet/tunetTargets*.cmake')
if grep -n -- '-march=' $targets_files; then
  echo "check_package: the installed targets export a -march flag (above)"; exit 1
fi
grep -q 'EIGEN_MAX_ALIGN_BYTES=16' $targets_files ||
  { echo "check_package: tunet::core does not export Eigen's pinned layout (EIGEN_MAX_ALIGN_BYTES=16)"; exit 1; }
echo "check_package: exported targets carry no -march flag; Eigen's layout is pinned"
cmake -S examples/package_consumer -B "$prefix/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$prefix/install" >/dev/null
cmake --build "$prefix/consumer"
"$prefix/consumer/consumer"
