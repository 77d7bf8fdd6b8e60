#!/bin/sh
# Trains the main job's MLP and the GP search's CNN on Fashion-MNIST with tunet and
# with PyTorch side by side, in one session, and prints per-epoch times,
# inference samples/s, test accuracies and the ratios against PyTorch's fastest
# thread setting (1 thread; 2 threads; 2 threads with OPENBLAS_NUM_THREADS=1);
# tunet runs with 1 and 2 threads and its faster setting is compared.
#
#   bench/bench_train.sh [build-dir=build] [epochs=5] [mlp|cnn|both] [before-build-dir]
#
# With a fourth argument, the bench_train of that build (an earlier version of
# tunet) runs too, interleaved with this one, and the table gives both ratios
# to the same PyTorch runs: a before/after comparison measured side by side.
#
# ROUNDS=K (default 1) repeats the whole set K times, tunet and PyTorch in
# turn: a shared machine's speed drifts by 1.5x within minutes, and each side's
# best round is its speed on this machine (as inference takes the best of ten).
#
# Epoch time = median of epochs 2..N (epoch 1 includes warm-up). Targets:
# MLP epoch <= 0.25x, CNN epoch <= 0.40x, inference >= 2x PyTorch's. With
# several rounds, the table also gives each side's spread over the rounds
# (min / median / max of its fastest setting) beside its best.
#
# ACCURACY_SEEDS="1 2 3" times nothing: it trains each model once per seed on
# each side (one thread) and prints per seed the two test accuracies and their
# difference, then each side's mean and range and whether the means agree within
# 1 point. INIT=own (default) starts each side from its own initialisation
# (tunet: glorot_uniform kernels, zero biases, as Keras; PyTorch: every weight and
# bias U(-1/sqrt(fan_in), 1/sqrt(fan_in))); INIT=glorot or INIT=torch starts
# both sides from that one.
#
# First, bench/torch_backends.py names the BLAS PyTorch calls and the oneDNN
# kernels of one CNN step (ONEDNN_VERBOSE), and the script stops there (exit 1)
# when PyTorch would run on the reference BLAS: that is no anchor.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
epochs=${2:-5}
which=${3:-both}
before=${4:-}
rounds=${ROUNDS:-1}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if [ -n "${ACCURACY_SEEDS:-}" ]; then
  case ${INIT:=own} in
    own) tunet_init=glorot torch_init=torch ;;
    glorot | torch) tunet_init=$INIT torch_init=$INIT ;;
    *) echo "bench_train.sh: INIT is own, glorot or torch, not '$INIT'" >&2; exit 1 ;;
  esac
  for seed in $ACCURACY_SEEDS; do
    echo "== seed $seed: tunet from $tunet_init init, PyTorch from $torch_init init"
    OMP_NUM_THREADS=1 "$build/bench/bench_train" "$which" "$epochs" 1 --seed "$seed" --init "$tunet_init" |
      sed "s/^RESULT tunet/RESULT tunet $seed/" | tee -a "$log"
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
      /usr/bin/python3 "$here/bench/torch_train.py" "$which" "$epochs" 1 "$seed" "$torch_init" |
      sed "s/^RESULT torch/RESULT torch $seed/" | tee -a "$log"
  done
  exec /usr/bin/python3 - "$log" "$INIT" <<'PY'
import statistics, sys
accuracy = {}  # model -> side -> seed -> test accuracy
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        w = line.split()
        accuracy.setdefault(w[3], {}).setdefault(w[1], {})[w[2]] = float(w[w.index("accuracy") + 1])
print(f"\ntest accuracy after the epochs asked for, INIT={sys.argv[2]}")
for model, side in accuracy.items():
    print(f"{model}: seed   tunet  PyTorch  difference (points)")
    for seed, ours in side["tunet"].items():
        print(f"{model}: {seed:>4}  {ours:.4f}   {side['torch'][seed]:.4f}  {100 * (ours - side['torch'][seed]):+.2f}")
    summary = {}
    for who, name in (("tunet", "tunet"), ("torch", "PyTorch")):
        values = list(side[who].values())
        summary[who] = statistics.mean(values)
        spread = statistics.stdev(values) if len(values) > 1 else 0.0
        print(f"{model}: {name} mean {summary[who]:.4f}, sd {spread:.4f}, range {min(values):.4f} .. {max(values):.4f}")
    gap = 100 * (summary["tunet"] - summary["torch"])
    print(f"{model}: tunet - PyTorch = {gap:+.2f} points: {'within' if abs(gap) <= 1 else 'NOT within'} 1 point")
PY
fi

if ! /usr/bin/python3 "$here/bench/torch_backends.py" 1; then
  echo "bench_train.sh: not running PyTorch on the reference BLAS (see above)" >&2
  exit 1
fi

for round in $(seq "$rounds"); do
  if [ "$rounds" -gt 1 ]; then echo "==== round $round of $rounds"; fi
  for threads in 1 2; do
    echo "== tunet (bench_train $which $epochs $threads)"
    "$build/bench/bench_train" "$which" "$epochs" "$threads" | sed "s/^RESULT tunet/RESULT tunet[t$threads]/" | tee -a "$log"
    if [ -n "$before" ]; then
      echo "== tunet before ($before/bench/bench_train $which $epochs $threads)"
      "$before/bench/bench_train" "$which" "$epochs" "$threads" |
        sed "s/^RESULT tunet/RESULT before[t$threads]/" | tee -a "$log"
    fi
  done
  for setting in "1 1" "2 unset" "2 1"; do
    set -- $setting
    echo "== PyTorch: torch threads $1, OPENBLAS_NUM_THREADS=$2"
    if [ "$2" = unset ]; then
      env -u OPENBLAS_NUM_THREADS /usr/bin/python3 "$here/bench/torch_train.py" "$which" "$epochs" "$1" |
        sed "s/^RESULT torch/RESULT torch[t$1,blas-default]/" | tee -a "$log"
    else
      OPENBLAS_NUM_THREADS=$2 /usr/bin/python3 "$here/bench/torch_train.py" "$which" "$epochs" "$1" |
        sed "s/^RESULT torch/RESULT torch[t$1,blas$2]/" | tee -a "$log"
    fi
  done
done

/usr/bin/python3 - "$log" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    if not line.startswith("RESULT "):
        continue
    w = line.split()
    who, model = w[1], w[2]
    i = w.index("epochs")
    j = w.index("accuracy")
    times = [float(t) for t in w[i + 1:j]]
    epoch = statistics.median(times[1:] if len(times) > 1 else times)
    rows.setdefault(model, []).append((who, epoch, float(w[j + 1]), float(w[w.index("infer") + 1]), times))
targets = {"mlp": 0.25, "cnn": 0.40}
infer_target = 2.0
print()
print(f"{'model':5} {'who':24} {'s/epoch':>8} {'accuracy':>8} {'infer/s':>10}  epochs")
for model, results in rows.items():
    for who, epoch, acc, infer, times in results:
        print(f"{model:5} {who:24} {epoch:8.3f} {acc:8.4f} {infer:10.0f}  " + " ".join(f"{t:.2f}" for t in times))
    ours = [r for r in results if r[0].startswith("tunet")]
    earlier = [r for r in results if r[0].startswith("before")]
    peers = [r for r in results if r[0].startswith("torch")]
    if earlier and peers:
        fastest = min(peers, key=lambda r: r[1])
        old, new = min(earlier, key=lambda r: r[1]), min(ours, key=lambda r: r[1])
        old_infer, new_infer = max(earlier, key=lambda r: r[3]), max(ours, key=lambda r: r[3])
        fastest_infer = max(peers, key=lambda r: r[3])
        print(f"{model}: epoch / PyTorch before {old[1] / fastest[1]:.3f}x, now {new[1] / fastest[1]:.3f}x "
              f"(now/before {new[1] / old[1]:.3f}); inference before {old_infer[3] / fastest_infer[3]:.2f}x, "
              f"now {new_infer[3] / fastest_infer[3]:.2f}x (now/before {new_infer[3] / old_infer[3]:.3f})")
    for side, runs in (("PyTorch", peers), ("tunet", ours)):
        if not runs:
            continue
        best_setting = min(runs, key=lambda r: r[1])[0]
        spread = sorted(r[1] for r in runs if r[0] == best_setting)
        print(f"{model}: {side} {best_setting} s/epoch over {len(spread)} round(s): best {spread[0]:.3f}, "
              f"median {statistics.median(spread):.3f}, max {spread[-1]:.3f}")
    if ours and peers:
        torch_best = min(peers, key=lambda r: r[1])[0]
        torch_median = statistics.median(r[1] for r in peers if r[0] == torch_best)
        print(f"{model}: tunet's best epoch / PyTorch's median ({torch_best}) = "
              f"{min(r[1] for r in ours) / torch_median:.2f}x")
        fastest = min(peers, key=lambda r: r[1])
        fastest_infer = max(peers, key=lambda r: r[3])
        our_epoch = min(ours, key=lambda r: r[1])
        our_infer = max(ours, key=lambda r: r[3])
        ratio = our_epoch[1] / fastest[1]
        infer_ratio = our_infer[3] / fastest_infer[3]
        print(f"{model}: tunet fastest ({our_epoch[0]}) epoch / PyTorch fastest ({fastest[0]}) = {ratio:.2f}x "
              f"(target <= {targets[model]}x: {'met' if ratio <= targets[model] else 'NOT met'}); "
              f"inference tunet ({our_infer[0]}) / PyTorch fastest ({fastest_infer[0]}) = {infer_ratio:.2f}x "
              f"(target >= {infer_target}x: {'met' if infer_ratio >= infer_target else 'NOT met'})")
PY
