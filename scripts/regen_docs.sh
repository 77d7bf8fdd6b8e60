#!/usr/bin/env bash
# Regenerates the docs' console blocks from real runs: runs the transcripts
# docs/transcripts/NAME.t (all, or the named ones) with BUILD_DIR's tunet and
# example programs, rewrites each transcript with the run's output (times,
# durations and the compiler masked as globs) and each block of README.md and
# docs/ marked <!-- output: docs/transcripts/NAME.t#PART --> with the same
# output, then checks them (scripts/docs_transcripts.py has the format).
#
#   scripts/regen_docs.sh BUILD_DIR [NAME...]
#   e.g. scripts/regen_docs.sh build tutorial-1 tuner-schedule
#        scripts/regen_docs.sh build errors-config         # after changing an error message
#
# Needs cram (Debian python3-cram, in scripts/install_deps.sh) and the build's
# tunet_cli, hyperband_mlp and validation_leak targets. The tutorials' full
# runs take minutes; they use one thread, so their numbers do not depend on
# the machine's core count (they do on its CPU kernel: see setup.sh there).
# CTest runs the same transcripts and check (label docs).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:?usage: scripts/regen_docs.sh BUILD_DIR [NAME...]}" && pwd)"
shift
export TUNET_BIN="$build/bin/tunet" TUNET_EXAMPLES_DIR="$build/examples"
[ -x "$TUNET_BIN" ] || { echo "regen_docs: $TUNET_BIN not found (build the tunet_cli target)" >&2; exit 1; }
exec python3 "$root/scripts/docs_transcripts.py" regen "$@"
