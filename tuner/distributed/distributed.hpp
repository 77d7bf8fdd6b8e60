#pragma once
// One search over many processes and machines with MPI: rank 0 coordinates,
// every other rank trains the trials it is sent (docs/distributed.md).
//
//   int main(int argc, char** argv) {
//     tunet::tuner::mpi::MpiSession mpi(argc, argv);
//     MyObjective objective;                      // built on every rank
//     Study study(space, objective, {.repo_dir = "runs/demo", .seed = 1, .log = &std::cout});
//     Hyperband hyperband({.R = 27, .eta = 3});
//     if (auto results = run_distributed(mpi, study, hyperband, objective))  // rank 0 only
//       results->print(std::cout);
//   }
//   $ mpirun -np 4 --enable-recovery ./my_search
//
// The coordinator alone owns the study: the scheduler, the journal and
// repo_dir. A worker gets each trial with the checkpoint it starts from in the
// message, and sends back every epoch's metrics and checkpoint, so workers
// need no shared file system (shared_repo_dir: they read and write repo_dir
// directly instead). Workers send a heartbeat every heartbeat_interval_s; one
// silent for heartbeat_timeout_s is lost, and its trial is retrained elsewhere
// from its last checkpoint (StudyOptions::max_trial_retries). Open MPI ends
// the whole job when one process dies unless mpirun is given
// --enable-recovery.
#include <optional>

#include "tuner/distributed/mpi_session.hpp"
#include "tuner/schedulers/scheduler.hpp"
#include "tuner/study/objective.hpp"
#include "tuner/study/results.hpp"
#include "tuner/study/study.hpp"

namespace tunet::tuner::mpi {

struct DistributedOptions {
  double heartbeat_interval_s = 1;
  double heartbeat_timeout_s = 30;  // environment: TUNET_MPI_HEARTBEAT_TIMEOUT (seconds)
  double startup_timeout_s = 600;   // for every worker's hello (each loads the data first)
  bool shared_repo_dir = false;     // workers see repo_dir at the same path: no checkpoint bytes in messages
};

// Rank 0: runs the study with an MpiExecutor and returns its results. Other
// ranks: train trials for rank 0 with `objective` until the search ends, then
// return nullopt. With one rank, the study runs here as usual.
std::optional<Results> run_distributed(MpiSession& mpi, Study& study, Scheduler& scheduler, Objective& objective,
                                       DistributedOptions options = {});

// `options` with TUNET_MPI_HEARTBEAT_TIMEOUT (seconds) applied, when set
// (run_distributed applies it itself).
DistributedOptions options_from_environment(DistributedOptions options);

}  // namespace tunet::tuner::mpi
