#!/bin/sh
# Files small enough to read in one sitting: no source file of the library
# (core/, nn/, datasets/, tuner/, cuda/) is over 450 lines, except the CPU
# kernels of core/cpu/, whose variants of one kernel stay side by side.
# A file that grows past the limit is split along its seams (one job per file).
# Prints each offender with its line count and exits 1 when any is found.
cd "$(dirname "$0")/.." || exit 2
limit=450
status=0
for file in $(find core nn datasets tuner cuda -path core/cpu -prune -o -type f \
                \( -name '*.cpp' -o -name '*.hpp' -o -name '*.cu' -o -name '*.cuh' \) -print | sort); do
  lines=$(wc -l < "$file")
  if [ "$lines" -gt "$limit" ]; then
    echo "file sizes: $file has $lines lines (more than $limit): split it along its seams"
    status=1
  fi
done
[ $status = 0 ] && echo "file sizes: every source file outside core/cpu has at most $limit lines: ok"
exit $status
