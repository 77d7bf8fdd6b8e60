#!/usr/bin/env bash
# Runs sklearn_hyperband.py with a Python that has scikit-learn (Debian:
# apt-get install python3-sklearn, or scripts/install_deps.sh --sklearn);
# exits 77 (CTest's skip) with the reason where there is none.
#   examples/external/run_sklearn.sh TUNET RUN_PARENT [--reduced]
set -euo pipefail
tunet=$1
parent=$2
shift 2
here="$(cd "$(dirname "$0")" && pwd)"
for python in python3 /usr/bin/python3; do
  if command -v "$python" > /dev/null && "$python" -c "import sklearn" 2> /dev/null; then
    rm -rf "$parent" && mkdir -p "$parent"
    exec "$python" "$here/sklearn_hyperband.py" --tunet "$tunet" --run-dir "$parent/run" "$@"
  fi
done
echo "SKIPPED: no python3 with scikit-learn (apt-get install python3-sklearn, or scripts/install_deps.sh --sklearn)"
exit 77
