#!/usr/bin/env bash
# tunet init / ask / tell from the command line (tuner/cli/ask_tell_commands.hpp):
# concurrent asks get distinct trials and leave a valid journal; a Hyperband
# search runs to its end with epochs told, and results / plot / report read it; each
# kind of bad input is one line on stderr, exit 1, the journal unchanged; a
# silent trial is handed out again after --timeout.
#   check_ask_tell_cli.sh TUNET WORK_DIR
set -uo pipefail
tunet=$1
work=$2
here="$(cd "$(dirname "$0")" && pwd)"
rm -rf "$work" && mkdir -p "$work"
cd "$work" || exit 2
failures=0
fail() { echo "FAILED: $*"; failures=$((failures + 1)); }

# expect_error WHAT NEEDLE RUN_DIR COMMAND...: exit 1, one line naming NEEDLE, RUN_DIR's journal unchanged.
expect_error() {
  local what=$1 needle=$2 dir=$3
  shift 3
  cp "$dir/journal.jsonl" before.jsonl
  "$@" > out.txt 2> err.txt
  local rc=$?
  [ $rc = 1 ] || fail "$what: exit $rc, expected 1"
  [ "$(wc -l < err.txt)" = 1 ] || fail "$what: expected one line on stderr, got: $(cat err.txt)"
  grep -q -- "$needle" err.txt || fail "$what: '$needle' not in: $(cat err.txt)"
  cmp -s before.jsonl "$dir/journal.jsonl" || fail "$what: the journal changed"
  echo "ok: $what: $(cat err.txt)"
}

# field NAME FILE: a value of `tunet ask`'s KEY=VALUE lines.
field() { sed -n "s/^$1=//p" "$2"; }
# The toy objective of the trial in FILE $1 at epoch $2: (x - 0.5)^2 + 1/epoch (+0.1 for kind b).
toy() { awk -F= -v e="$2" '$1 == "x" {x = $2} $1 == "kind" {k = $2} END {print (x - 0.5) ^ 2 + 1 / e + (k == "b" ? 0.1 : 0)}' "$1"; }

echo "== init"
"$tunet" init "$here/hyperband_toy.json" --repo-dir run | grep -q "Made the ask/tell run run" || fail "init"
"$tunet" init "$here/hyperband_toy.json" --repo-dir run | grep -q "Already" || fail "init twice"

echo "== 8 asks at once"
for k in 1 2 3 4 5 6 7 8; do "$tunet" ask run > "ask$k.txt" & done
wait
ids=$(cat ask?.txt | sed -n 's/^trial=//p' | sort -n | tr '\n' ' ')
[ "$ids" = "0 1 2 3 4 5 6 7 " ] || fail "concurrent asks got trials '$ids', expected 0..7 once each"
[ "$(grep -c '"event":"started"' run/journal.jsonl)" = 8 ] || fail "expected 8 started events"
"$tunet" results run > /dev/null || fail "results after concurrent asks: the journal does not read back"

echo "== the search to its end, epochs told one by one"
for k in 1 2 3 4 5 6 7 8; do
  "$tunet" tell run "$(field trial "ask$k.txt")" --value "$(toy "ask$k.txt" 1)" > /dev/null || fail "tell of ask$k"
done
asks=0
while :; do
  "$tunet" ask run > trial.txt 2> ask_err.txt
  rc=$?
  [ $rc = 2 ] && break
  [ $rc = 0 ] || { fail "ask exited $rc: $(cat ask_err.txt)"; break; }
  asks=$((asks + 1))
  id=$(field trial trial.txt)
  budget=$(field budget trial.txt)
  for ((e = $(field initial_epoch trial.txt) + 1; e <= budget; e++)); do
    "$tunet" tell run "$id" --epoch "$e" --value "$(toy trial.txt "$e")" > /dev/null || fail "tell $id epoch $e"
  done
done
grep -q "the search is over" ask_err.txt || fail "the last ask said $(cat ask_err.txt)"
{ "$tunet" ask run --json || true; } | grep -q '"status":"done"' || fail "ask --json after the end"
finished=$(grep -c '"event":"finished"' run/journal.jsonl)
echo "trials: $finished finished ($asks asked after the first 8)"
[ "$finished" = "$(grep -c '"event":"started"' run/journal.jsonl)" ] || fail "not every trial finished"
grep -q '"resumed_from":[0-9]' run/journal.jsonl || fail "Hyperband promoted no trial"
"$tunet" results run --top 3 | tee results.txt
grep -q "completed" results.txt || fail "results"
[ -f run/results.csv ] || fail "no results.csv"
"$tunet" plot run --out plots > plot.txt 2>&1 || fail "plot: $(cat plot.txt)"
"$tunet" report run --out report.html > report.txt 2>&1 && [ -s report.html ] || fail "report: $(cat report.txt)"

echo "== bad input"
expect_error "tell of an unknown trial" "trial 99: no such trial" run "$tunet" tell run 99 --value 1
expect_error "tell of a finished trial" "trial 0 is finished already" run "$tunet" tell run 0 --value 1
expect_error "tell of a trial id that is no number" "expected a trial id" run "$tunet" tell run x1 --value 1
"$tunet" init "$here/hyperband_toy.json" --repo-dir run2 --set search.R=3 > /dev/null
"$tunet" ask run2 > t.txt
id=$(field trial t.txt)
expect_error "tell without a value" "--value V is needed" run2 "$tunet" tell run2 "$id"
expect_error "tell of an epoch beyond the budget" "epoch 7 is not in 1..1" run2 "$tunet" tell run2 "$id" --epoch 7 --value 1
expect_error "ask with another config" "holds another search than the config: its algorithm differs" run2 \
  "$tunet" ask run2 --config "$here/hyperband_toy.json"
cp run2/config.json config.saved
sed 's/"seed": 1/"seed": 9/' config.saved > run2/config.json
expect_error "ask after the run's config changed" "its seed differs" run2 "$tunet" ask run2
cp config.saved run2/config.json
flock run2/lock sleep 2 &
holder=$!
sleep 0.3
expect_error "ask on a locked run" "locked by" run2 "$tunet" ask run2 --lock-timeout 0.2
expect_error "tell on a locked run" "locked by" run2 "$tunet" tell run2 "$id" --value 1 --lock-timeout 0.2
kill "$holder" 2> /dev/null
wait "$holder" 2> /dev/null
cp -r run2 corrupt
sed -i '1s/"seed":1/"seed":2/' corrupt/journal.jsonl
expect_error "ask on a corrupt journal" "checksum mismatch" corrupt "$tunet" ask corrupt
expect_error "tell on a corrupt journal" "checksum mismatch" corrupt "$tunet" tell corrupt "$id" --value 1
expect_error "ask on a folder that is no run" "not an ask/tell run" run2 "$tunet" ask nowhere

echo "== values that are no finite number fail the trial, recorded with the reason"
"$tunet" ask run2 > t2.txt
id2=$(field trial t2.txt)
"$tunet" tell run2 "$id" --value nan 2> err.txt
[ $? = 1 ] && grep -q "value nan is not a finite number: the trial is recorded as failed" err.txt || fail "nan: $(cat err.txt)"
"$tunet" tell run2 "$id2" --value 0.5abc 2> err.txt
[ $? = 1 ] && grep -q 'value "0.5abc" is not a number' err.txt || fail "text: $(cat err.txt)"
[ "$(grep -c '"status":"failed"' run2/journal.jsonl)" = 2 ] || fail "the two trials are not recorded as failed"
"$tunet" results run2 | grep -q 'failed: epoch 1: value "0.5abc" is not a number' || fail "results show the reason"

echo "== a trial nothing is told of is handed out again after --timeout"
"$tunet" init "$here/hyperband_toy.json" --repo-dir run3 --set search.R=3 > /dev/null
"$tunet" ask run3 > first.txt
sleep 1.2
"$tunet" ask run3 --timeout 1 > again.txt
[ "$(field trial again.txt)" = "$(field trial first.txt)" ] || fail "timeout: got trial $(field trial again.txt) after $(field trial first.txt)"
[ "$(field attempt again.txt)" = 2 ] || fail "timeout: attempt is not 2: $(cat again.txt)"
grep -q '"event":"lost"' run3/journal.jsonl || fail "timeout: no lost event"
"$tunet" ask run3 --timeout 1 > next.txt
[ "$(field trial next.txt)" != "$(field trial first.txt)" ] || fail "timeout: handed out a third time at once"

[ $failures = 0 ] && echo "ask/tell CLI: ok"
exit $((failures > 0))
