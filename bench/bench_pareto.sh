#!/usr/bin/env bash
# Multi-objective search (val_accuracy up, flash_bytes down) on the 8x8
# Fashion-MNIST search of examples/fashion8x8_*.json, 5 seeds: the hypervolume
# of each search's Pareto front, for Hyperband (rungs promoted by
# non-dominated rank and crowding distance), the GP with ParEGO and random
# search, all at about the same number of epochs (Hyperband R=9, eta=3: 69
# epochs; 23 configurations of 3 epochs for the other two).
#
# Hypervolume (pareto.hpp) of the points (1 - val_accuracy, flash_bytes / F),
# both minimised, up to the reference point (1, 1); F is the largest
# flash_bytes of any trial of any run, so every search is measured alike.
# Larger is better.
#
#   bash bench/bench_pareto.sh [BUILD_DIR] [TRAIN_IMAGES]
# Needs BUILD_DIR/bin/tunet (ninja tunet_cli). TRAIN_IMAGES: 6000 by default.
set -euo pipefail
build=${1:-build}
train=${2:-6000}
here=$(cd "$(dirname "$0")/.." && pwd)
runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT
objectives='[{"name": "val_accuracy"}, {"name": "flash_bytes"}]'
subset="{\"train\": $train, \"test\": 1000}"

# The three searches' configs, from the examples with their search sections replaced.
python3 - "$here/examples" "$runs" "$objectives" <<'PY'
import json, sys
examples, runs, objectives = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
searches = {
    "hyperband": {"algorithm": "hyperband", "R": 9, "eta": 3},
    "random": {"algorithm": "random", "n_trials": 23, "epochs": 3},
    "gp": {"algorithm": "gp", "n_calls": 23, "n_initial_points": 8, "epochs": 3},
}
for method, search in searches.items():
    config = json.load(open(f"{examples}/fashion8x8_{'hyperband' if method == 'hyperband' else 'random'}.json"))
    config["search"] = dict(search, objectives=objectives)
    json.dump(config, open(f"{runs}/{method}.json", "w"), indent=1)
PY

for seed in 1 2 3 4 5; do
  for method in hyperband random gp; do
    OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} "$build/bin/tunet" tune "$runs/$method.json" --set data.subset="$subset" \
      --set seed="$seed" --set repo_dir="$runs/$method-$seed" --set evaluate_test=false \
      > "$runs/$method-$seed.log" 2>&1 || { echo "$method seed $seed failed:"; tail -5 "$runs/$method-$seed.log"; exit 1; }
  done
done

python3 - "$runs" <<'PY'
import csv, glob, os, statistics, sys
runs = sys.argv[1]

def hypervolume_2d(points, ref):
    # Sweep by the first coordinate; each point adds the strip up to the next (tuner/study/pareto.cpp).
    pts = sorted(p for p in points if p[0] < ref[0] and p[1] < ref[1])
    volume, lowest = 0.0, ref[1]
    for i, (x, y) in enumerate(pts):
        lowest = min(lowest, y)
        right = pts[i + 1][0] if i + 1 < len(pts) else ref[0]
        volume += (right - x) * (ref[1] - lowest)
    return volume

table = {}
for path in glob.glob(os.path.join(runs, "*-*/results.csv")):
    method, seed = os.path.basename(os.path.dirname(path)).rsplit("-", 1)
    rows = list(csv.DictReader(open(path)))
    table[(method, int(seed))] = rows
flash_max = max(float(r["flash_bytes"]) for rows in table.values() for r in rows if r["flash_bytes"])
print(f"reference point: (1 - val_accuracy, flash_bytes / {flash_max:.0f}) = (1, 1)")
print(f"{'method':<10} {'seed':>4} {'trials':>6} {'epochs':>6} {'front':>5} {'hypervolume':>11}")
summary = {}
for (method, seed), rows in sorted(table.items()):
    done = [r for r in rows if r["status"] == "completed" and r["val_accuracy"]]
    epochs = sum(int(r["epochs"]) - int(r["initial_epoch"]) for r in rows)
    pts = [(1 - float(r["val_accuracy"]), float(r["flash_bytes"]) / flash_max) for r in done]
    hv = hypervolume_2d(pts, (1.0, 1.0))
    front = sum(1 for r in rows if r.get("front") == "1")
    summary.setdefault(method, []).append(hv)
    print(f"{method:<10} {seed:>4} {len(rows):>6} {epochs:>6} {front:>5} {hv:>11.4f}")
print()
print(f"{'method':<10} {'median':>8} {'mean':>8} {'min':>8} {'max':>8}")
for method, hvs in sorted(summary.items()):
    print(f"{method:<10} {statistics.median(hvs):>8.4f} {statistics.mean(hvs):>8.4f} {min(hvs):>8.4f} {max(hvs):>8.4f}")
PY
