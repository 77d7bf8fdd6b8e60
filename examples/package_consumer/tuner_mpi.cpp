// Links tunet::tuner_mpi alone: run_distributed is there (running it needs mpirun).
#include <iostream>

#include "tuner/distributed/distributed.hpp"

int main() {
  const auto options = tunet::tuner::mpi::options_from_environment({});
  std::cout << "tuner_mpi: run_distributed links; a worker silent for " << options.heartbeat_timeout_s << " s is lost\n";
  return 0;
}
