#pragma once
// MpiExecutor: the coordinator's side of a distributed search (rank 0). Each
// worker rank trains one trial at a time; see distributed.hpp for the protocol
// in short and docs/distributed.md in full.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "tuner/distributed/distributed.hpp"
#include "tuner/distributed/mpi_session.hpp"
#include "tuner/study/executor.hpp"

namespace tunet::tuner::mpi {

class MpiExecutor : public Executor {
 public:
  // Waits (up to startup_timeout_s) for every worker's hello.
  MpiExecutor(MpiSession& mpi, DistributedOptions options, std::ostream* log = nullptr);

  int free_slots() const override;
  int capacity() const override;
  void submit(const TrialJob& job) override;
  void wait(ExecutorEvents& events) override;
  std::string where(int trial) const override;
  void shutdown() override;

  // Messages and bytes sent and received, for the overhead benchmark.
  struct Traffic {
    long messages = 0;
    long bytes = 0;
    long checkpoint_bytes = 0;
  };
  const Traffic& sent() const { return sent_; }
  const Traffic& received() const { return received_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Worker {
    std::string host;
    bool alive = true;
    bool greeted = false;
    int trial = -1;  // the trial it trains, -1 when idle
    Clock::time_point last_heard;
  };
  void handle(const Received& message, ExecutorEvents* events);
  bool check_heartbeats(ExecutorEvents& events);
  void send_heartbeats();

  MpiSession& mpi_;
  DistributedOptions options_;
  std::ostream* log_;
  std::map<int, Worker> workers_;  // by rank
  Clock::time_point last_heartbeat_sent_;
  bool shut_down_ = false;
  Traffic sent_, received_;
};

}  // namespace tunet::tuner::mpi
