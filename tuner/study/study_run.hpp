#pragma once
// The event loop of one Study::run: opens the journal (or replays it to
// resume), keeps the executor busy with the scheduler's trials, interrupted
// and lost trials first, and records what the executor reports (each epoch,
// each outcome, each lost worker) in the journal, results.csv and the best
// model. The lines it prints are ProgressPrinter's; the resume checks are
// replay_check's; the checkpoint housekeeping is checkpoints'.
#include <cstdint>
#include <functional>

#include "tuner/schedulers/scheduler.hpp"
#include "tuner/space/space.hpp"
#include "tuner/study/executor.hpp"
#include "tuner/study/objective.hpp"
#include "tuner/study/results.hpp"

namespace tunet::tuner {

struct StudyOptions;

// `scheduler_rng`: the scheduler's generator; `trial_seed(id)`: the seed of
// trial `id` (both derived from the study seed by Study).
Results run_study(const Space& space, Objective& objective, const StudyOptions& options, Scheduler& scheduler,
                  Rng scheduler_rng, Executor& executor, std::function<std::uint64_t(int)> trial_seed);

}  // namespace tunet::tuner
