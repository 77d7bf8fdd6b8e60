#pragma once
// The worker's side of a distributed search (every rank but 0): say hello,
// then train each trial the coordinator sends, streaming its epochs (metrics
// and checkpoint) back, until told to stop. Training runs on a second thread;
// this one alone talks MPI: it relays epochs and sends a heartbeat every
// heartbeat_interval_s, also during a long epoch. A coordinator silent for
// twice heartbeat_timeout_s is taken for dead: the worker ends.
#include "tuner/distributed/distributed.hpp"
#include "tuner/distributed/mpi_session.hpp"
#include "tuner/study/objective.hpp"

namespace tunet::tuner::mpi {

void serve_trials(MpiSession& mpi, Objective& objective, const DistributedOptions& options);

}  // namespace tunet::tuner::mpi
