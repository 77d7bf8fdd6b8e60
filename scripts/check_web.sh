#!/usr/bin/env bash
# The browser playground checked in headless Chromium against the native build:
#   1. builds the WebAssembly module (scripts/build_web.sh) and the native
#      tunet + tunet_web_reference (NATIVE_BUILD_DIR, default build) if needed;
#   2. serves the page on localhost and opens it once per widget with URL
#      settings and ?check, which puts window.tunetResults into the page
#      (--dump-dom); bad settings in the URL must show a message and start nothing;
#   3. compares (scripts/check_web_compare.py): the optimizer paths with
#      `tunet optimizers`' CSVs, the GP steps with `tunet explain-gp`'s, the
#      schedule with `tunet schedule`, and every answer the page got (network
#      epochs included) with tunet_web_reference given the same requests;
#      no console error; load-to-interactive time;
#   4. screenshots each widget (docs/images/web_*.png with --screenshots).
#   scripts/check_web.sh [--screenshots]
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
native=${NATIVE_BUILD_DIR:-build}
web=${BUILD_DIR:-build-web}
shots=0
[ "${1:-}" = "--screenshots" ] && shots=1
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "check_web: chromium is not installed (scripts/install_deps.sh --web)" >&2; exit 1; }

BUILD_DIR="$web" bash scripts/build_web.sh > /dev/null
ninja -C "$native" tunet_cli tunet_web_reference > /dev/null
work="$web/check"
rm -rf "$work"
mkdir -p "$work/shots"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BUILD_DIR="$web" bash scripts/serve_web.sh "$port" > "$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2> /dev/null || true' EXIT
for _ in $(seq 50); do python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2> /dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port/index.html"

flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --disable-dev-shm-usage --no-first-run
       --disable-extensions --user-data-dir="$work/profile" --enable-logging=stderr --v=0)
dump() {  # name, query: the page's DOM after its runs finished (virtual time)
  timeout 120 "$browser" "${flags[@]}" --virtual-time-budget=60000 --dump-dom "$base?check&$2" > "$work/$1.html" \
    2> "$work/$1.log" || { cat "$work/$1.log" >&2; echo "check_web: chromium failed on $1" >&2; exit 1; }
}
all_nine=sgd,momentum,nesterov,adagrad,rmsprop,adam,nadam,adadelta,lion
dump optimizers "widget=optimizers&opt.surface=rosenbrock&opt.optimizers=$all_nine"
dump optimizers_beale "widget=optimizers&opt.surface=beale&opt.optimizers=adam,nadam&opt.lr=0.01&opt.set=beta_1=0.8&opt.steps=300"
dump gp "widget=gp&gp.acq=EI&gp.initial=3&gp.seed=1&gp.steps=8"
dump gp_hedge "widget=gp&gp.acq=gp_hedge&gp.initial=3&gp.seed=2&gp.steps=6"
dump hyperband "widget=hyperband&hb.R=81&hb.eta=3&hb.run=1"
dump network "widget=network&net.dataset=spirals&net.epochs=5"
dump bad_lr "widget=optimizers&opt.lr=-0.1"
dump bad_optimizer "widget=optimizers&opt.optimizers=adam,bogus"
dump bad_eta "widget=hyperband&hb.eta=1&hb.run=1"
dump bad_R "widget=hyperband&hb.R=0"
dump bad_net "widget=network&net.learning_rate=-1"

tunet="$native/bin/tunet"
OMP_NUM_THREADS=1 "$tunet" optimizers --surface rosenbrock --out "$work/native_rosenbrock" > "$work/native_optimizers.txt"
OMP_NUM_THREADS=1 "$tunet" optimizers --surface beale --optimizer adam --optimizer nadam --learning_rate 0.01 \
  --set beta_1=0.8 --steps 300 --out "$work/native_beale" > "$work/native_beale.txt"
OMP_NUM_THREADS=1 "$tunet" explain-gp --acq EI --steps 8 --initial 3 --seed 1 --out "$work/native_gp" > "$work/native_gp.txt"
"$tunet" schedule --R 81 --eta 3 > "$work/native_schedule.txt"
python3 scripts/check_web_compare.py "$work" "$native/bin/tunet_web_reference"

if ((shots)); then
  for widget in optimizers gp hyperband network; do
    case $widget in
      optimizers) q="opt.surface=rosenbrock&opt.optimizers=sgd,momentum,rmsprop,adam,lion"; h=760 ;;
      gp) q="gp.acq=EI&gp.steps=5"; h=860 ;;
      hyperband) q="hb.R=27&hb.eta=3&hb.run=1"; h=900 ;;
      network) q="net.epochs=150"; h=780 ;;
    esac
    timeout 120 "$browser" "${flags[@]}" --virtual-time-budget=30000 --window-size=1120,$h \
      --screenshot="$work/shots/web_$widget.png" "$base?shot&widget=$widget&$q" 2>> "$work/shots.log" ||
      { cat "$work/shots.log" >&2; exit 1; }
    cp "$work/shots/web_$widget.png" "docs/images/web_$widget.png"
  done
  echo "check_web: screenshots in docs/images/web_*.png"
fi
echo "check_web: passed in $((SECONDS - start)) s"
