#!/usr/bin/env bash
# The distributed search's CTest checks (docs/distributed.md), on a synthetic
# objective over loopback: mpirun -np 3 --oversubscribe, no network.
#
#   check_mpi_search.sh MODE PROGRAM WORK_DIR
#     MODE: random | grid | hyperband | asha | gp    every trial evaluated exactly once;
#           random, grid, hyperband: the same trials, rungs and values as a serial run
#           worker_killed        a worker SIGKILLed mid-trial: the search finishes, the trial
#                                is retrained from its checkpoint, the table equals the serial one
#           coordinator_killed   rank 0 SIGKILLed after some trials, mpirun run again: it resumes
#                                without training a finished trial again
#           cli                  `mpirun -np 3 tunet tune` on a small Fashion-MNIST random search
#                                (PROGRAM is the tunet command): the table, and `tunet results`
# Exit 77 (CTest: skipped) with the reason where mpirun is missing.
set -euo pipefail
mode=$1 program=$2 work=$3
if ! command -v mpirun > /dev/null; then
  echo "SKIPPED: mpirun not found (apt-get install openmpi-bin libopenmpi-dev, or scripts/install_deps.sh --mpi)"
  exit 77
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMP_NUM_THREADS=1
export OMPI_MCA_btl=self,vader,tcp OMPI_MCA_btl_tcp_if_include=lo OMPI_MCA_oob_tcp_if_include=lo
rm -rf "$work"
mkdir -p "$work/serial_log" "$work/mpi_log"

fail() { echo "FAIL ($mode): $*"; exit 1; }

# Every started trial is finished exactly once in the journal, and no
# (budget, epoch, configuration) was trained twice within one run.
check_once() {  # repo log_dir
  local journal=$1/journal.jsonl
  local started finished
  started=$(grep -c '"event":"started"' "$journal")
  finished=$(grep -o '"event":"finished","trial":[0-9]*' "$journal" | sort | uniq | wc -l)
  [[ $started -gt 0 && $started -eq $finished ]] || fail "$started trials started, $finished finished"
  [[ $(grep -c '"event":"finished"' "$journal") -eq $finished ]] || fail "a trial finished twice"
  local dup
  dup=$(cat "$2"/epochs.* | sort | uniq -d | head -3)
  [[ -z $dup ]] || fail "trained twice in one run: $dup"
  echo "  $started trials, each evaluated once"
}

serial() {  # algorithm
  "$program" "$1" "$work/serial" "$work/serial_log" > "$work/serial.out"
}

parallel() {  # algorithm ranks [mpirun options]
  local algorithm=$1 ranks=$2
  shift 2
  mpirun -np "$ranks" --oversubscribe "$@" "$program" "$algorithm" "$work/mpi" "$work/mpi_log"
}

same_table() {
  diff "$work/serial/summary.txt" "$work/mpi/summary.txt" > "$work/table.diff" ||
    fail "the distributed table differs from the serial one: $(head -5 "$work/table.diff")"
  echo "  the table equals the serial run's ($(wc -l < "$work/serial/summary.txt") trials)"
}

case $mode in
  random | grid | hyperband)
    serial "$mode"
    parallel "$mode" 3 > "$work/mpi.out" || { tail -20 "$work/mpi.out"; fail "mpirun failed"; }
    check_once "$work/mpi" "$work/mpi_log"
    same_table
    ;;
  asha | gp)
    parallel "$mode" 3 > "$work/mpi.out" || { tail -20 "$work/mpi.out"; fail "mpirun failed"; }
    check_once "$work/mpi" "$work/mpi_log"
    configurations=$(awk '{print $NF}' "$work/mpi/summary.txt" | sort -u | wc -l)
    [[ $mode != gp || $configurations -eq 10 ]] || fail "gp: $configurations distinct configurations, expected 10"
    echo "  $configurations distinct configurations"
    ;;
  worker_killed)
    export TUNET_TEST_EPOCH_MS=150
    serial hyperband
    TUNET_TEST_KILL=3 TUNET_MPI_HEARTBEAT_TIMEOUT=3 parallel hyperband 3 --enable-recovery > "$work/mpi.out" 2>&1 ||
      { tail -20 "$work/mpi.out"; fail "mpirun failed"; }
    [[ -f $work/mpi_log/killed ]] || fail "no worker was killed"
    lost=$(grep -o '"event":"lost","trial":[0-9]*' "$work/mpi/journal.jsonl" | head -1 | grep -o '[0-9]*$') ||
      fail "no lost event in the journal"
    echo "  $(grep -o "trial $lost lost: [^;]*" "$work/mpi.out" | head -1)"
    # Retrained from its last journaled checkpoint: after the lost event its
    # epochs go on from the last one journaled before (at least one was).
    epoch_of() { grep -o '"epoch":[0-9]*' | grep -o '[0-9]*$'; }
    lines=$(grep '"trial":'"$lost"',' "$work/mpi/journal.jsonl")
    initial=$(grep '"event":"started"' <<< "$lines" | grep -o '"initial_epoch":[0-9]*' | grep -o '[0-9]*$')
    last_before=$(sed '/"event":"lost"/q' <<< "$lines" | grep '"event":"epoch"' | epoch_of | tail -1)
    first_after=$(sed '1,/"event":"lost"/d' <<< "$lines" | grep '"event":"epoch"' | epoch_of | head -1)
    [[ -n $last_before && $last_before -gt $initial ]] || fail "trial $lost journaled no epoch before it was lost"
    [[ $first_after -eq $((last_before + 1)) ]] ||
      fail "after the loss trial $lost went on at epoch $first_after, after epoch $last_before was journaled"
    echo "  it went on at epoch $first_after from the checkpoint of epoch $last_before (it started at $initial)"
    same_table
    ;;
  coordinator_killed)
    serial random
    set +e
    TUNET_CRASH_AT=results_write:4 parallel random 3 > "$work/mpi_first.out" 2>&1
    status=$?
    set -e
    [[ $status -ne 0 ]] || fail "the coordinator was not killed"
    done_before=$(grep -c '"event":"finished"' "$work/mpi/journal.jsonl")
    journaled=$(grep -c '"event":"epoch"' "$work/mpi/journal.jsonl")
    echo "  run 1 ended by SIGKILL of rank 0 after $done_before trials ($journaled epochs journaled)"
    TUNET_TEST_RUN=2 parallel random 3 > "$work/mpi.out" 2>&1 || { tail -20 "$work/mpi.out"; fail "the resumed run failed"; }
    grep -q "Resuming the search" "$work/mpi.out" || fail "run 2 did not resume"
    # 12 configurations x 4 epochs: run 2 trains exactly the epochs run 1 did not journal.
    trained=$(cat "$work"/mpi_log/epochs.* | awk '$1 == 2' | wc -l)
    [[ $trained -eq $((48 - journaled)) ]] || fail "run 2 trained $trained epochs; $((48 - journaled)) were not journaled"
    echo "  run 2 trained the $trained epochs that were missing, none again"
    same_table
    ;;
  cli)
    config=$(dirname "$0")/../../examples/fashion8x8_random.json
    TUNET_GNUPLOT=none mpirun -np 3 --oversubscribe "$program" tune "$config" --set repo_dir="$work/cli" \
      --set search.n_trials=6 --set search.epochs=1 --set data.subset.train=3000 --set data.subset.test=500 \
      > "$work/mpi.out" 2>&1 || { tail -20 "$work/mpi.out"; fail "mpirun tunet tune failed"; }
    grep -q "Distributed search: 2 workers" "$work/mpi.out" || fail "no distributed search line"
    grep -q "^Test set " "$work/mpi.out" || fail "no test-set line"
    [[ $(grep -c '^  -> trial .* (rank ' "$work/mpi.out") -eq 6 ]] || fail "not 6 trials reported with their rank"
    "$program" results "$work/cli" > "$work/results.out"
    [[ $(grep -c 'completed' "$work/results.out") -eq 6 ]] || fail "tunet results: not 6 completed trials"
    echo "  6 trials on 2 workers; tunet results reads the table"
    ;;
  *) fail "unknown mode" ;;
esac
echo "PASS ($mode)"
