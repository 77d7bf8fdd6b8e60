#include "tuner/distributed/mpi_executor.hpp"

#include <ostream>
#include <thread>

#include "core/error.hpp"
#include "tuner/distributed/trial_message.hpp"

namespace tunet::tuner::mpi {

namespace {

double seconds_between(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

long file_bytes(const Message& m) {
  long n = 0;
  for (const FileBlob& f : m.files) n += static_cast<long>(f.bytes.size());
  return n;
}

}  // namespace

MpiExecutor::MpiExecutor(MpiSession& mpi, DistributedOptions options, std::ostream* log)
    : mpi_(mpi), options_(options), log_(log) {
  check(mpi_.rank() == 0, "MpiExecutor runs on rank 0 (the coordinator), not on rank " + std::to_string(mpi_.rank()));
  check(mpi_.size() >= 2, "MpiExecutor needs at least one worker rank (mpirun -np 2 or more)");
  const auto start = Clock::now();
  for (int rank = 1; rank < mpi_.size(); ++rank) workers_[rank].last_heard = start;
  // Every worker says hello once its objective is built (its data loaded).
  int greeted = 0;
  while (greeted < mpi_.size() - 1 && seconds_between(start, Clock::now()) < options_.startup_timeout_s) {
    if (auto m = mpi_.poll()) {
      handle(*m, nullptr);
      greeted = 0;
      for (const auto& [rank, w] : workers_) greeted += w.greeted;
    } else {
      send_heartbeats();  // the workers that said hello wait for the others
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  for (auto& [rank, w] : workers_) {
    w.last_heard = Clock::now();
    if (!w.greeted) {
      w.alive = false;
      mpi_.mark_peer_lost();
      if (log_) *log_ << "Worker rank " << rank << " did not start within " << options_.startup_timeout_s << " s: left out\n";
    }
  }
  if (log_) {
    *log_ << "Distributed search: " << capacity() << " workers";
    for (const auto& [rank, w] : workers_)
      if (w.alive) *log_ << (rank == 1 ? ": " : ", ") << "rank " << rank << " on " << w.host;
    *log_ << "\n";
  }
}

int MpiExecutor::capacity() const {
  int n = 0;
  for (const auto& [rank, w] : workers_) n += w.alive;
  return n;
}

int MpiExecutor::free_slots() const {
  int n = 0;
  for (const auto& [rank, w] : workers_) n += w.alive && w.trial < 0;
  return n;
}

void MpiExecutor::submit(const TrialJob& job) {
  for (auto& [rank, w] : workers_) {
    if (!w.alive || w.trial >= 0) continue;
    Message m = job_message(job, !options_.shared_repo_dir);
    const long checkpoint = file_bytes(m);
    std::string bytes = encode_message(m);
    sent_.messages += 1;
    sent_.bytes += static_cast<long>(bytes.size());
    sent_.checkpoint_bytes += checkpoint;
    mpi_.send(rank, kJob, std::move(bytes));
    w.trial = job.trial;
    w.last_heard = Clock::now();  // its silence counts from now
    return;
  }
  throw Error("MpiExecutor: no idle worker for trial " + std::to_string(job.trial));
}

std::string MpiExecutor::where(int trial) const {
  for (const auto& [rank, w] : workers_)
    if (w.trial == trial) return "rank " + std::to_string(rank) + " (" + w.host + ")";
  return "";
}

void MpiExecutor::handle(const Received& r, ExecutorEvents* events) {
  auto it = workers_.find(r.source);
  if (it == workers_.end() || !it->second.alive) return;  // a rank already given up: ignore it
  Worker& w = it->second;
  w.last_heard = Clock::now();
  received_.messages += 1;
  received_.bytes += static_cast<long>(r.bytes.size());
  if (r.tag == kHeartbeat) return;
  const std::string source = "message from rank " + std::to_string(r.source);
  const Message m = decode_message(r.bytes, source);
  if (r.tag == kHello) {
    w.greeted = true;
    w.host = m.header.value("host", std::string("?"));
    return;
  }
  check(events != nullptr, source + ": tag " + std::to_string(r.tag) + " before the search started");
  const int trial = m.header.value("trial", -1);
  check(trial == w.trial, source + ": about trial " + std::to_string(trial) + ", but it trains trial " +
                              std::to_string(w.trial));
  if (r.tag == kEpoch) {
    received_.checkpoint_bytes += file_bytes(m);
    events->on_epoch(trial, epoch_from_message(m), m.files);
  } else if (r.tag == kFinished) {
    w.trial = -1;
    events->on_finished(trial, outcome_from_json(m.header));
  } else {
    throw Error(source + ": unknown tag " + std::to_string(r.tag));
  }
}

void MpiExecutor::send_heartbeats() {
  const auto now = Clock::now();
  if (seconds_between(last_heartbeat_sent_, now) < options_.heartbeat_interval_s) return;
  last_heartbeat_sent_ = now;
  for (const auto& [rank, w] : workers_)
    if (w.alive) mpi_.send(rank, kHeartbeat, "");
}

// A worker silent for heartbeat_timeout_s is lost: its trial goes back to the study.
bool MpiExecutor::check_heartbeats(ExecutorEvents& events) {
  bool lost = false;
  const auto now = Clock::now();
  for (auto& [rank, w] : workers_) {
    if (!w.alive || seconds_between(w.last_heard, now) < options_.heartbeat_timeout_s) continue;
    w.alive = false;
    mpi_.mark_peer_lost();
    if (w.trial >= 0) {
      const int trial = w.trial;
      w.trial = -1;
      char reason[160];
      std::snprintf(reason, sizeof reason, "worker rank %d on %s silent for %.0f s (killed, or its node lost)", rank,
                    w.host.c_str(), seconds_between(w.last_heard, now));
      events.on_lost(trial, reason);
      lost = true;
    } else if (log_) {
      *log_ << "Worker rank " << rank << " (idle) is silent: left out\n";
    }
  }
  return lost;
}

void MpiExecutor::wait(ExecutorEvents& events) {
  for (;;) {
    bool delivered = false;
    while (auto m = mpi_.poll()) {
      const bool event = m->tag == kEpoch || m->tag == kFinished;
      handle(*m, &events);
      delivered = delivered || event;
    }
    delivered = check_heartbeats(events) || delivered;
    send_heartbeats();
    if (delivered || capacity() == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

void MpiExecutor::shutdown() {
  if (shut_down_) return;
  shut_down_ = true;
  Json stop = {{"peer_lost", mpi_.peer_lost()}};
  for (const auto& [rank, w] : workers_) mpi_.send(rank, kStop, encode_message({stop, {}}));
  mpi_.flush(std::chrono::milliseconds(2000));
  if (log_) *log_ << "Coordinator traffic: sent " << sent_.messages << " messages (" << sent_.bytes << " bytes, "
                  << sent_.checkpoint_bytes << " of checkpoints), received " << received_.messages << " ("
                  << received_.bytes << " bytes, " << received_.checkpoint_bytes << " of checkpoints)\n";
}

}  // namespace tunet::tuner::mpi
