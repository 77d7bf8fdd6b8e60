#!/usr/bin/env python3
"""Helpers of scripts/crash_matrix.sh.

  crash_compare.py normalize REPO_DIR      the search's outcome, without what may differ
  crash_compare.py plan REPO_DIR ALGORITHM SEED RUNS
                                           one kill per line: "<point> <n>" (TUNET_CRASH_AT)
                                           or "external <seconds>" (kill -9 from outside)

normalize prints the journal's events without "time", "wall_s" and the
"resumed" events (a resumed search adds those), then results.csv without its
wall_s column, then the SHA-256 of best_model.ckpt: two runs of the same
search, one of them killed and resumed, must print the same text.

plan draws the kills from the uninterrupted run's journal: how often each
crash point (tuner/storage/crash_point.hpp) is reached, and how long the run took.
"""
import hashlib
import json
import random
import sys
from pathlib import Path


def events(repo):
    out = []
    for line in (Path(repo) / "journal.jsonl").read_text().splitlines():
        if line:
            out.append(json.loads(line.rsplit("\t", 1)[0] if "\t" in line else line))
    return out


def normalize(repo):
    lines = []
    for e in events(repo):
        if e["event"] == "resumed":
            continue
        e.pop("time", None)
        e.pop("wall_s", None)
        lines.append(json.dumps(e, sort_keys=True))
    table = (Path(repo) / "results.csv").read_text().splitlines()
    wall = table[0].split(",").index("wall_s")
    # (the failure column may hold quoted commas; wall_s comes before it)
    lines += [",".join(c for i, c in enumerate(row.split(",")) if i != wall) for row in table]
    best = Path(repo) / "best_model.ckpt"
    lines.append("best_model.ckpt " + (hashlib.sha256(best.read_bytes()).hexdigest() if best.exists() else "absent"))
    print("\n".join(lines))


def hits(repo, algorithm):
    evs = events(repo)
    trials = [e for e in evs if e["event"] == "started"]
    epochs = sum(e["event"] == "epoch" for e in evs)
    points = {
        "journal_append": len(evs),
        "checkpoint_write": epochs,
        "epoch_journal": epochs,
        "results_write": sum(e["event"] == "finished" for e in evs),
    }
    if algorithm == "hyperband":
        points["hyperband_rung"] = len({(e["bracket"], e["rung"]) for e in trials})
    if algorithm == "gp":
        points["gp_proposal"] = len(trials)
    return points


def plan(repo, algorithm, seed, runs):
    points = hits(repo, algorithm)
    duration = float((Path(repo) / "duration_s").read_text())
    rng = random.Random(f"{algorithm}-{seed}")
    kinds = sorted(points) + ["external"]
    for run in range(runs):
        kind = kinds[run % len(kinds)] if run < len(kinds) else rng.choice(kinds)
        if kind == "external":
            print(f"external {rng.uniform(0.05, 0.8) * duration:.3f}")
        else:
            print(f"{kind} {rng.randint(1, points[kind])}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["normalize"] and len(sys.argv) == 3:
        normalize(sys.argv[2])
    elif sys.argv[1:2] == ["plan"] and len(sys.argv) == 6:
        plan(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        sys.exit(__doc__)
