#pragma once
// `mpirun -np N tunet tune CONFIG.json`: one search over N processes. Rank 0
// runs the search (journal, schedule, progress, the final table and figures);
// ranks 1..N-1 train the trials it sends (tuner/distributed/, docs/distributed.md).
// Built only with MPI (TUNET_MPI).
#include "tuner/config/json.hpp"

namespace tunet::tuner::cli {

// Whether this process was started by mpirun with more than one rank.
bool launched_by_mpirun();
// Runs this rank's part; returns the process exit code.
int mpi_tune(int& argc, char**& argv, const Json& config);

}  // namespace tunet::tuner::cli
