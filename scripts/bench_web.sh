#!/usr/bin/env bash
# The playground's size and speed (bench/RESULTS.md): the .wasm's size, the
# page's load-to-interactive time, and an epoch of the two-spirals network
# (the page's default: 3 x 32 relu, Adam, 150 points per spiral) timed
# inside tunet, in headless Chromium in real time and natively on one thread:
# EPOCHS epochs in blocks of BLOCK, each block's time / BLOCK (the browser's
# clock counts in 0.1 ms, a tenth of an epoch).
#   scripts/bench_web.sh            (BUILD_DIR=build-web, NATIVE_BUILD_DIR=build, EPOCHS=300, BLOCK=10)
set -euo pipefail
cd "$(dirname "$0")/.."
native=${NATIVE_BUILD_DIR:-build}
web=${BUILD_DIR:-build-web}
epochs=${EPOCHS:-300}
block=${BLOCK:-10}
BUILD_DIR="$web" bash scripts/build_web.sh > /dev/null
ninja -C "$native" tunet_web_reference > /dev/null
work="$web/bench"
rm -rf "$work"
mkdir -p "$work"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BUILD_DIR="$web" bash scripts/serve_web.sh "$port" > "$work/server.log" 2>&1 &
server=$!
browser_pid=""
trap 'kill "$server" $browser_pid 2> /dev/null || true' EXIT
for _ in $(seq 50); do python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2> /dev/null && break; sleep 0.2; done

chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-extensions \
  --user-data-dir="$work/profile" --remote-debugging-port=0 \
  "http://127.0.0.1:$port/index.html?bench&epochs=$epochs&block=$block" > "$work/chromium.log" 2>&1 &
browser_pid=$!
for _ in $(seq 600); do grep -q "bench-result" "$work/server.log" && break; sleep 0.2; done
line=$(grep -o 'bench-result?[^ ]*' "$work/server.log" || true)
[ -n "$line" ] || { echo "bench_web: the page reported nothing (see $work)" >&2; exit 1; }
native_json=$(echo "[{\"call\": \"net_bench\", \"dataset\": \"spirals\", \"epochs\": $epochs, \"block\": $block}]" |
  OMP_NUM_THREADS=1 "$native/bin/tunet_web_reference")
python3 - "$line" "$native_json" "$web/web/tunet_playground.wasm" <<'PYTHON'
import json, os, statistics, sys, urllib.parse
query = urllib.parse.parse_qs(sys.argv[1].split("?", 1)[1])
page = [float(v) for v in query["epoch_ms"][0].split(",")]
native = json.loads(sys.argv[2])[0]["epoch_ms"]
size = os.path.getsize(sys.argv[3])
# The blocks of the second half: by then the browser has compiled the hot functions
# with its optimizing tier (it starts on its baseline compiler), as in a page trained for a while.
m_page, m_native = statistics.median(page[len(page) // 2:]), statistics.median(native[len(native) // 2:])
print(f"bench_web: tunet_playground.wasm {size} bytes ({size / 2**20:.2f} MiB)")
print(f"bench_web: interactive {float(query['interactive_ms'][0]):.0f} ms after navigation")
print(f"bench_web: two-spirals epoch, median of the last {len(page) - len(page) // 2} blocks: page {m_page:.3f} ms, "
      f"native one thread {m_native:.3f} ms, ratio {m_page / m_native:.2f}; fastest block: page {min(page):.3f} ms, "
      f"native {min(native):.3f} ms, ratio {min(page) / min(native):.2f}")
PYTHON
