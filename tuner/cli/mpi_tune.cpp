#include "tuner/cli/mpi_tune.hpp"

#include <iostream>

#include "core/build_info.hpp"
#include "tuner/cli/plot_commands.hpp"
#include "tuner/distributed/mpi_executor.hpp"
#include "tuner/distributed/trial_worker.hpp"
#include "tuner/integration/tune_config.hpp"

namespace tunet::tuner::cli {

bool launched_by_mpirun() { return mpi::MpiSession::launched_with_several_ranks(); }

int mpi_tune(int& argc, char**& argv, const Json& config) {
  mpi::MpiSession session(argc, argv);
  const mpi::DistributedOptions options = mpi::options_from_environment({});
  try {
    if (session.rank() == 0) {
      std::cout << build_info_str() << "\n";
      TuneJob job(config, &std::cout);
      mpi::MpiExecutor executor(session, options, &std::cout);
      TuneReport report = job.run(executor);
      draw_after_tune(job, report, std::cout);
    } else {
      TuneJob job(config, nullptr, TuneJob::Role::Worker);
      job.serve([&](Objective& objective) { mpi::serve_trials(session, objective, options); });
    }
  } catch (const std::exception& e) {
    std::cerr << "tunet: error (rank " << session.rank() << "): " << e.what() << "\n";
    session.abort(1);  // the other ranks would wait for this one forever
  }
  return 0;
}

}  // namespace tunet::tuner::cli
