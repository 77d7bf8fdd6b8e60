#!/usr/bin/env bash
# Installs the build in BUILD_DIR (argument) into a temporary prefix and builds
# a consumer of each exported target with find_package(tunet) against it
# (examples/package_consumer: one program per target, each linking that target
# alone), then runs them:
#   - tunet::core, tunet::nn, tunet::datasets as an inference-only project,
#     find_package(tunet COMPONENTS core nn datasets) with nlohmann-json, MPI
#     and the CUDA toolkit made unfindable: the inference part needs none;
#   - tunet::tunet, and those of tunet::tuner, tunet::tuner_nn,
#     tunet::tuner_mpi and tunet::cuda that the build has, with
#     find_package(tunet COMPONENTS ...).
# Every consumer also checks that the earlier name tunet::tunet_<target> resolves.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build_dir" --prefix "$prefix/install" >/dev/null
# The package must not force the build machine's -march on its consumers
# (docs/portability.md): no exported target may carry it.
targets_files=$(find "$prefix/install" -path '*/cmake/tunet/tunet*Targets*.cmake')
if grep -n -- '-march=' $targets_files; then
  echo "check_package: the installed targets export a -march flag (above)"; exit 1
fi
grep -q 'EIGEN_MAX_ALIGN_BYTES=16' $targets_files ||
  { echo "check_package: tunet::core does not export Eigen's pinned layout (EIGEN_MAX_ALIGN_BYTES=16)"; exit 1; }
echo "check_package: exported targets carry no -march flag; Eigen's layout is pinned"

# What linking tunet::nn brings along: core (and through it Eigen, OpenMP), not the tuner, not JSON.
nn_links=$(awk 'FNR == 1 || /^[ \t]*\)/ { inside = 0 }
                /^set_target_properties\(tunet::nn PROPERTIES/ { inside = 1 }
                inside && /INTERFACE_LINK_LIBRARIES/ { print }' $targets_files)
[ -n "$nn_links" ] || { echo "check_package: no exported tunet::nn with INTERFACE_LINK_LIBRARIES"; exit 1; }
if grep -E -i 'tuner|nlohmann|MPI' <<<"$nn_links"; then
  echo "check_package: tunet::nn pulls in the tuner, nlohmann-json or MPI (above)"; exit 1
fi
echo "check_package: tunet::nn links$(sed 's/.*INTERFACE_LINK_LIBRARIES//' <<<"$nn_links")"

# The targets this build exported, beyond the inference part.
full=(tunet)
exported() { grep -q "^add_library(tunet::$1 " $targets_files; }
for target in tuner tuner_nn tuner_mpi cuda; do
  if exported "$target"; then full+=("$target"); fi
done
consume() {  # consume NAME "TARGETS" [cmake arguments]
  local name=$1 targets=$2
  shift 2
  cmake -S examples/package_consumer -B "$prefix/$name" -G Ninja -DCMAKE_PREFIX_PATH="$prefix/install" \
    -DTUNET_CONSUMERS="$targets" "$@" >"$prefix/$name.log" 2>&1 || { cat "$prefix/$name.log"; exit 1; }
}
consume inference "core;nn;datasets" -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON -DCMAKE_DISABLE_FIND_PACKAGE_MPI=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_CUDAToolkit=ON
consume tuner "$(IFS=';'; echo "${full[*]}")"
cmake --build "$prefix/inference"
cmake --build "$prefix/tuner"
for target in core nn datasets "${full[@]}"; do
  folder=$prefix/tuner
  case $target in core | nn | datasets) folder=$prefix/inference ;; esac
  "$folder/consumer_$target" || { echo "check_package: the consumer of tunet::$target failed"; exit 1; }
done
echo "check_package: a consumer of each of tunet::core, nn, datasets, ${full[*]} built and ran against the install"
