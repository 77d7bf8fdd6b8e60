#!/usr/bin/env bash
# docs/architecture.dot and docs/architecture.svg, the floors and rooms of
# tunet, from CMake's own target graph (a configure with CUDA and MPI where
# they are found; nothing is built). Needs graphviz (apt-get install graphviz).
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
mkdir -p "$build/.cmake/api/v1/query"
touch "$build/.cmake/api/v1/query/codemodel-v2"
cmake -S . -B "$build" -G Ninja -DTUNET_BUILD_TESTS=OFF -DTUNET_BUILD_BENCH=OFF > "$build/configure.log"
python3 scripts/architecture_diagram.py "$build" > docs/architecture.dot
dot -Tsvg docs/architecture.dot -o docs/architecture.svg
echo "wrote docs/architecture.dot and docs/architecture.svg"
