#!/usr/bin/env bash
# Serves the browser playground on localhost: web/ (the page and its scripts)
# and the built tunet_playground.js/.wasm (scripts/build_web.sh), side by side
# in one folder of links, with python3's http.server. Static files only.
#   scripts/serve_web.sh [PORT]          (default 8000; BUILD_DIR=build-web)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-web}
port=${1:-8000}
for f in tunet_playground.js tunet_playground.wasm; do
  [ -f "$build/web/$f" ] || { echo "serve_web: $build/web/$f is not built (scripts/build_web.sh)" >&2; exit 1; }
done
site="$build/site"
rm -rf "$site"
mkdir -p "$site"
for f in web/*.html web/*.js web/*.css "$build"/web/tunet_playground.js "$build"/web/tunet_playground.wasm; do
  ln -s "$(realpath "$f")" "$site/$(basename "$f")"
done
echo "serve_web: the playground at http://localhost:$port/ (Ctrl-C stops)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site"
