#!/usr/bin/env python3
"""Hyperband over a scikit-learn model, trained by Python, searched by tunet.

tunet proposes (Hyperband, its schedule and promotions, the journal); this
script trains: it asks `tunet ask RUN --json` for a trial, fits a
GradientBoostingClassifier with n_estimators = 10 x the trial's budget (an
"epoch" is 10 trees) on the breast-cancer data set, and tells the validation
accuracy with `tunet tell RUN ID --value V`. Several worker processes ask and
tell at once; tunet's lock on the run folder keeps their trials apart.
Standard library and scikit-learn only (Debian: python3-sklearn).

  examples/external/sklearn_hyperband.py --tunet build/bin/tunet --run-dir runs/gb [--workers 2] [--reduced]

--reduced: R = 9 instead of 27 (CI). Afterwards `tunet results RUN`, `tunet
plot RUN` and `tunet report RUN` show the search like any other.
"""
import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import time

from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import train_test_split

TREES_PER_EPOCH = 10
EXIT_DONE, EXIT_WAIT = 2, 3  # tunet ask: the search is over / wait for another worker's tell


def tunet(args, *command):
    return subprocess.run([args.tunet, *command], capture_output=True, text=True)


def train(params, budget, seed):
    """The validation accuracy of one configuration trained for `budget` epochs."""
    x, y = load_breast_cancer(return_X_y=True)
    x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.25, random_state=0, stratify=y)
    model = GradientBoostingClassifier(
        n_estimators=TREES_PER_EPOCH * budget,
        learning_rate=params["learning_rate"],
        max_depth=params["max_depth"],
        subsample=params["subsample"],
        random_state=seed % 2**32,
    )
    model.fit(x_train, y_train)
    return model.score(x_val, y_val)


def worker(args, number):
    trained = 0
    while True:
        asked = tunet(args, "ask", args.run_dir, "--json", "--timeout", "600")
        if asked.returncode == EXIT_DONE:
            return trained
        if asked.returncode == EXIT_WAIT:  # a Hyperband rung waits for another worker's trials
            time.sleep(0.2)
            continue
        if asked.returncode != 0:
            sys.exit(f"worker {number}: tunet ask failed: {asked.stderr.strip()}")
        trial = json.loads(asked.stdout)
        try:
            told = ["--value", repr(train(trial["params"], trial["budget"], trial["seed"]))]
        except Exception as error:  # a configuration scikit-learn refuses fails its trial, not the search
            told = ["--status", "failed", "--reason", f"{type(error).__name__}: {error}"]
        result = tunet(args, "tell", args.run_dir, str(trial["trial"]), *told)
        if result.returncode != 0:
            sys.exit(f"worker {number}: tunet tell failed: {result.stderr.strip()}")
        print(f"worker {number}: {result.stdout.strip()}", flush=True)
        trained += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tunet", default="tunet", help="the tunet command")
    parser.add_argument("--run-dir", default="runs/sklearn_gb_hyperband", help="the run folder")
    parser.add_argument("--workers", type=int, default=2, help="worker processes asking at once")
    parser.add_argument("--reduced", action="store_true", help="R = 9 instead of 27 (CI)")
    args = parser.parse_args()

    config = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sklearn_hyperband.json")
    init = tunet(args, "init", config, "--repo-dir", args.run_dir, *(["--set", "search.R=9"] if args.reduced else []))
    if init.returncode != 0:
        sys.exit(init.stderr.strip())
    with multiprocessing.Pool(args.workers) as pool:
        trained = pool.starmap(worker, [(args, k) for k in range(1, args.workers + 1)])
    print(f"trials trained by each worker: {trained}")
    results = tunet(args, "results", args.run_dir, "--top", "5")
    print(results.stdout, end="")
    return results.returncode


if __name__ == "__main__":
    sys.exit(main())
