#include "tuner/distributed/distributed.hpp"

#include <cstdlib>
#include <string>

#include "core/error.hpp"
#include "tuner/distributed/mpi_executor.hpp"
#include "tuner/distributed/trial_worker.hpp"

namespace tunet::tuner::mpi {

DistributedOptions options_from_environment(DistributedOptions options) {
  if (const char* v = std::getenv("TUNET_MPI_HEARTBEAT_TIMEOUT")) {
    char* end = nullptr;
    const double seconds = std::strtod(v, &end);
    check(end != v && *end == '\0' && seconds > 0,
          std::string("TUNET_MPI_HEARTBEAT_TIMEOUT: expected a number of seconds > 0, got \"") + v + "\"");
    options.heartbeat_timeout_s = seconds;
    options.heartbeat_interval_s = std::min(options.heartbeat_interval_s, seconds / 4);
  }
  return options;
}

std::optional<Results> run_distributed(MpiSession& mpi, Study& study, Scheduler& scheduler, Objective& objective,
                                       DistributedOptions options) {
  options = options_from_environment(options);
  if (mpi.size() == 1) return study.run(scheduler);
  if (mpi.rank() != 0) {
    serve_trials(mpi, objective, options);
    return std::nullopt;
  }
  MpiExecutor executor(mpi, options, study.log());
  return study.run(scheduler, executor);
}

}  // namespace tunet::tuner::mpi
