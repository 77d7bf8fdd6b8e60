#!/bin/sh
# The README's measured figures come from one place: the "Current figures"
# table at the top of bench/RESULTS.md. The README's speed, size and accuracy
# sentences sit between
#   <!-- measured: bench/RESULTS.md, "Current figures" -->  and  <!-- /measured -->
# and every number written in them must appear in the table's figure, value or
# machine column (code spans and words with letters, such as x86-64 or 1024^3, are
# names, not numbers; a range 0.39-0.41x is two numbers). Outside those
# sentences a figure with a unit (55 s, 1.9 MB, 0.21x, 86 %) is refused: move
# it in, or take it from the table. The table itself must have six columns per
# row, a YYYY-MM-DD date and a commit id, newest first.
#   check_readme_numbers.sh [README] [RESULTS]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
readme=${1:-$root/README.md}
results=${2:-$root/bench/RESULTS.md}
for f in "$readme" "$results"; do
  [ -r "$f" ] || { echo "check_readme_numbers: cannot read $f"; exit 1; }
done

# Prints each number of the text on stdin, one per line, as "LINE NUMBER".
numbers() {
  awk '
    function strip(w) {
      while (w ~ /^[(\["~*]/) w = substr(w, 2)
      while (w ~ /[.,;:)\]"!?*]$/) w = substr(w, 1, length(w) - 1)
      return w
    }
    {
      line = $0
      gsub(/`[^`]*`/, " ", line)
      n = split(line, words, /[ \t]+/)
      for (i = 1; i <= n; i++) {
        w = strip(words[i])
        if (w !~ /^[0-9][0-9,]*(\.[0-9]+)?[x%]?(-[0-9][0-9,]*(\.[0-9]+)?[x%]?)?$/) continue
        gsub(/[x%]/, "", w)
        m = split(w, ends, "-")
        for (j = 1; j <= m; j++) print NR, ends[j]
      }
    }'
}

table=$(awk '
  /^## / { inside = ($0 == "## Current figures"); next }
  inside && /^\|/ { print }' "$results")
[ -n "$table" ] || { echo "check_readme_numbers: $results has no \"## Current figures\" table"; exit 1; }

status=0
rows=$(printf '%s\n' "$table" | awk -F'|' 'NR > 2')
bad_rows=$(printf '%s\n' "$rows" | awk -F'|' '
  function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
  NF != 8 { print "a row without six columns: " $0; next }
  {
    date = trim($4); commit = trim($5)
    if (date !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/) print "date \"" date "\" is not YYYY-MM-DD: " $0
    else if (last != "" && date > last) print "not newest first (" date " after " last "): " $0
    if (commit !~ /^[0-9a-f]+$/ || length(commit) < 7) print "commit \"" commit "\" is not a commit id: " $0
    if (date ~ /^[0-9-]+$/) last = date
  }')
if [ -n "$bad_rows" ]; then
  printf '%s\n' "$bad_rows" | sed "s|^|check_readme_numbers: $results, \"Current figures\": |"
  status=1
fi
known=$(printf '%s\n' "$rows" | awk -F'|' '{ print $2; print $3; print $6 }' | numbers | awk '{ print $2 }' | sort -u)

# The README split into the measured sentences and the rest, fenced code left out.
regions=$(awk '
  /^```/ { fence = !fence; next }
  fence { next }
  /<!-- measured: bench\/RESULTS.md, "Current figures" -->/ {
    if (inside) { print "ERROR " NR " a region opens inside another"; }
    inside = 1; opened++; next }
  /<!-- \/measured -->/ {
    if (!inside) { print "ERROR " NR " a region closes that was not opened"; }
    inside = 0; next }
  { print (inside ? "IN " : "OUT ") NR " " $0 }
  END { if (inside) print "ERROR " NR " a region is not closed"; if (!opened) print "ERROR 0 no measured region" }' "$readme")

errors=$(printf '%s\n' "$regions" | awk '$1 == "ERROR"')
if [ -n "$errors" ]; then
  printf '%s\n' "$errors" | awk -v f="$readme" '{ $1 = ""; sub(/^ /, ""); n = $1; $1 = ""; print "check_readme_numbers: " f ":" n ":" $0 }'
  exit 1
fi

# Every number inside a region is in the table.
inside_numbers=$(printf '%s\n' "$regions" | awk '$1 == "IN" { n = $2; $1 = ""; $2 = ""; print n "\t" $0 }')
missing=$(printf '%s\n' "$inside_numbers" | awk -F'\t' '{ print $2 }' | numbers | while read -r index number; do
  printf '%s\n' "$known" | grep -qxF "$number" && continue
  line=$(printf '%s\n' "$inside_numbers" | sed -n "${index}p" | cut -f1)
  echo "check_readme_numbers: $readme:$line: $number is not in $results's \"Current figures\" table"
done)
if [ -n "$missing" ]; then
  printf '%s\n' "$missing"
  status=1
fi

# Outside the regions, no figure with a unit.
stray=$(printf '%s\n' "$regions" | awk '$1 == "OUT" {
  n = $2; $1 = ""; $2 = ""; line = $0
  gsub(/`[^`]*`/, " ", line)
  if (line ~ /(^|[ (~])[0-9][0-9,.]*([ ]?(%|ms|s|us|MB|MiB|KB|KiB|GB|GiB|bytes|GFLOP\/s|samples\/s)|x)([ .,;:)]|$)/)
    print n ":" $0 }')
if [ -n "$stray" ]; then
  printf '%s\n' "$stray" | sed "s|^|check_readme_numbers: $readme:|; s|\$|  <- a measured figure outside the measured sentences|"
  status=1
fi

[ "$status" = 0 ] && echo "check_readme_numbers: every number in the README's measured sentences is in bench/RESULTS.md's \"Current figures\""
exit "$status"
