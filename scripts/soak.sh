#!/usr/bin/env bash
# The soak (docs/reliability.md): TRIALS trials of a small network through
# random search and then as many through Hyperband, all in one process, with
# the resident memory recorded every 10 trials and the time per trial; then the
# GP's proposal time with 10 .. GP_MAX observations (0: skip).
#   scripts/soak.sh                  300 trials each, GP up to 500 observations
#   scripts/soak.sh 50 0             the short soak of CI
# Fails (exit 1) when, in either search, RSS after its trial 10 ever exceeds
# the process's peak by then by more than MAX_RSS_GROWTH (default 0.10). Environment: BUILD_DIR (default build;
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
    if ($3 == 10) { base[$2] = $5; heap10[$2] = $7; order = order " " $2 }
    else if ($4 > most[$2]) most[$2] = $4
    ms[$2] = ms[$2] (ms[$2] == "" ? "" : " ") $6
    last[$2] = $3
    heap[$2] = $7
  }
  $1 == "gp" { gp = gp sprintf("  %4d observations (cap %s): first ask %.3f s, next ask %.3f s\n", $2, $3, $4, $5) }
  END {
    n = split(order, names, " ")
    for (i = 1; i <= n; i++) {
      a = names[i]
      printf "soak: %s, %d trials: peak RSS %d KiB by its trial 10, RSS at most %d KiB after (%+.1f%%);" \
             " heap in use %d -> %d KiB (%+.2f KiB per trial)\n", a, last[a], base[a], most[a],
             100 * (most[a] - base[a]) / base[a], heap10[a], heap[a], (heap[a] - heap10[a]) / (last[a] - 10)
      printf "soak: %s, ms per trial by 10s: %s\n", a, ms[a]
    }
    if (gp != "") printf "soak: GP proposal time\n%s", gp
  }' "$out/soak.tsv"
# The curves, when gnuplot is there: memory against trials, GP time against observations.
if command -v gnuplot >/dev/null; then
  gnuplot <<PLOT
set terminal pngcairo size 760,380 font "sans,10"
set datafile separator "\t"
set grid
set output "$out/soak_memory.png"
set title "Soak: memory every 10 trials (random search, then Hyperband)"
set xlabel "trials run in the process"
set ylabel "KiB"
set key center right box opaque
plot "< awk -F'\t' '\$1==\"rss\"{n+=10; print n\"\t\"\$4\"\t\"\$5\"\t\"\$7}' $out/soak.tsv" \
       using 1:2 with linespoints title "RSS", "" using 1:3 with lines title "peak RSS", \
     "" using 1:4 with linespoints title "heap in use"
PLOT
  if grep -q "^gp" "$out/soak.tsv"; then
    gnuplot <<PLOT
set terminal pngcairo size 760,380 font "sans,10"
set datafile separator "\t"
set grid
set output "$out/gp_time.png"
set title "GP: time of one proposal (ask) against observations"
set xlabel "observations told"
set ylabel "seconds"
set logscale xy
set key top left box opaque
plot "< grep '^gp' $out/soak.tsv" using 2:4 with linespoints title "first ask (cold fit)", \
     "" using 2:5 with linespoints title "next ask (warm start)"
PLOT
  fi
  echo "soak: figures in $out (soak_memory.png$(grep -q "^gp" "$out/soak.tsv" && echo ", gp_time.png"))"
fi
if ((status == 1)); then echo "soak: FAILED: memory grew from trial to trial; rows in $out/soak.tsv" >&2; fi
if ((status > 1)); then echo "soak: FAILED: tunet_soak stopped with status $status" >&2; fi
exit "$status"
