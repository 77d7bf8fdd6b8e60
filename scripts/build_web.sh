#!/usr/bin/env bash
# Builds the browser playground (web/) with Debian's Emscripten: core, nn,
# datasets and the tuner's pieces the widgets use, compiled to WebAssembly
# (no OpenMP, no CUDA, no file system, exceptions as WebAssembly exceptions).
#   scripts/install_deps.sh --web && scripts/build_web.sh     -> build-web/web/tunet_playground.{js,wasm}
#   BUILD_DIR=other scripts/build_web.sh                       (another folder)
# Then: scripts/serve_web.sh (http://localhost:8000/), scripts/check_web.sh (headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-web}
command -v emcmake > /dev/null || { echo "build_web: emcmake not found (scripts/install_deps.sh --web)" >&2; exit 1; }
# Debian's node-acorn lives in /usr/share/nodejs, where a node from elsewhere does not look.
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"
flags="-fwasm-exceptions -msimd128 -include $PWD/web/compat/charconv_float.hpp"
if [ ! -f "$build/build.ninja" ]; then
  emcmake cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTUNET_WEB=ON \
    -DTUNET_OPENMP=OFF -DTUNET_CUDA=OFF -DTUNET_MPI=OFF -DTUNET_NATIVE=OFF -DTUNET_BUILD_TOOLS=OFF \
    -DTUNET_BUILD_TESTS=OFF -DTUNET_BUILD_BENCH=OFF -DEigen3_DIR=/usr/share/eigen3/cmake \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" > "$build.cmake.log" 2>&1 ||
    { cat "$build.cmake.log" >&2; exit 1; }
fi
ninja -C "$build" -j "${JOBS:-2}" tunet_playground
ls -l "$build/web/tunet_playground.js" "$build/web/tunet_playground.wasm"
