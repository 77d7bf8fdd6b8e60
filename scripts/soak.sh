#!/usr/bin/env bash
# The soak (docs/reliability.md): TRIALS trials of a small network through
# random search and then as many through Hyperband, all in one process, with
# the resident memory recorded every 10 trials and the time per trial; then the
# GP's proposal time with 10 .. GP_MAX observations (0: skip).
#   scripts/soak.sh                  300 trials each, GP up to 500 observations
#   scripts/soak.sh 50 0             the short soak of CI
# Fails (exit 1) when RSS after trial 10 ever exceeds its value at trial 10 by
# more than MAX_RSS_GROWTH (default 0.10). Environment: BUILD_DIR (default build;
# builds its tunet_soak target), GP_CAP (the GP's max_model_points; 0: no cap).
# The rows go to $BUILD_DIR/soak/soak.tsv; a summary is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

trials="${1:-300}"
gp_max="${2:-500}"
build_dir="${BUILD_DIR:-build}"
out="$build_dir/soak"
mkdir -p "$out"
cmake --build "$build_dir" --target tunet_soak >/dev/null
gp_cap=()
if [ -n "${GP_CAP:-}" ]; then gp_cap=(--gp-cap "$GP_CAP"); fi

status=0
OMP_NUM_THREADS=1 "$build_dir/tests/reliability/tunet_soak" "$trials" "$out/repos" --gp "$gp_max" "${gp_cap[@]}" \
  --max-rss-growth "${MAX_RSS_GROWTH:-0.10}" >"$out/soak.tsv" || status=$?

awk -F'\t' '
  $1 == "rss" {
    n++
    if (n == 1) { first = $4 }
    if ($5 > peak) peak = $5
    if (n > 1 && $4 > most) most = $4
    ms[$2] = ms[$2] (ms[$2] == "" ? "" : " ") $6
    last[$2] = $3
  }
  $1 == "gp" { gp = gp sprintf("  %4d observations (cap %s): first ask %.3f s, next ask %.3f s\n", $2, $3, $4, $5) }
  END {
    printf "soak: RSS %d KiB at trial 10, at most %d KiB after (%+.1f%%), peak %d KiB\n", first, most,
           first ? 100 * (most - first) / first : 0, peak
    for (a in ms) printf "soak: %s, %d trials, ms per trial by 10s: %s\n", a, last[a], ms[a]
    if (gp != "") printf "soak: GP proposal time\n%s", gp
  }' "$out/soak.tsv"
if ((status == 1)); then echo "soak: FAILED: memory grew from trial to trial; rows in $out/soak.tsv" >&2; fi
if ((status > 1)); then echo "soak: FAILED: tunet_soak stopped with status $status" >&2; fi
exit "$status"
