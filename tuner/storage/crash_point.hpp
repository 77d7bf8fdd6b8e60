#pragma once
// Deliberate crashes at named places, for the crash matrix
// (scripts/crash_matrix.sh, docs/reliability.md). With
//   TUNET_CRASH_AT=<point>:<n>
// in the environment, the n-th time (1-based) the process reaches <point> it
// runs `just_before` (e.g. writes half of a journal line, so the crash tears
// it) and kills itself with SIGKILL, exactly as `kill -9` from outside would:
// no destructor, no flush, no atexit handler runs.
//
// The points, in the order a trial meets them:
//   journal_append    inside the write of a journal line (half of it written)
//   checkpoint_write  a checkpoint's temporary file written, not yet renamed
//   epoch_journal     a checkpoint in place, its epoch not yet journaled
//   results_write     results.csv's temporary file written, not yet renamed
//   hyperband_rung    a Hyperband rung finished, the next not yet scheduled
//   gp_proposal       a GP proposal computed, not yet returned to the study
// Without the variable a crash point costs one comparison.
#include <functional>
#include <string_view>

namespace tunet::tuner {

void crash_point(std::string_view point, const std::function<void()>& just_before = {});

}  // namespace tunet::tuner
