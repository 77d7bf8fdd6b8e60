#include "tuner/distributed/trial_worker.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "tuner/distributed/trial_message.hpp"

namespace tunet::tuner::mpi {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// One trial training on its own thread; its epochs queue up for the MPI thread.
class TrainingThread {
 public:
  TrainingThread(Objective& objective, TrialJob job) : job_(std::move(job)) {
    thread_ = std::thread([this, &objective] {
      try {
        outcome_ = run_trial_job(objective, job_, [this](const EpochRecord& r) {
          std::lock_guard<std::mutex> lock(mutex_);
          epochs_.push_back(r);
        });
      } catch (const std::exception& e) {  // this worker's scratch disk failed
        outcome_ = {TrialOutcome::Kind::Failed, {}, std::string("on the worker: ") + e.what()};
      }
      done_ = true;
    });
  }
  ~TrainingThread() {
    if (thread_.joinable()) thread_.join();
  }

  const TrialJob& job() const { return job_; }
  std::deque<EpochRecord> take_epochs() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::exchange(epochs_, {});
  }
  bool done() const { return done_; }
  const TrialOutcome& outcome() {
    thread_.join();
    return outcome_;
  }

 private:
  TrialJob job_;
  std::thread thread_;
  std::mutex mutex_;
  std::deque<EpochRecord> epochs_;
  TrialOutcome outcome_;
  std::atomic<bool> done_ = false;
};

}  // namespace

void serve_trials(MpiSession& mpi, Objective& objective, const DistributedOptions& options) {
  const fs::path scratch = fs::temp_directory_path() / ("tunet-worker-" + std::to_string(::getpid()));
  Json hello = {{"host", mpi.host()}, {"pid", ::getpid()}, {"threads", num_threads()}};
  mpi.send(0, kHello, encode_message({hello, {}}));

  std::unique_ptr<TrainingThread> training;
  auto last_heard = Clock::now(), last_sent = Clock::now();
  bool stop = false;
  while (!stop) {
    while (auto r = mpi.poll()) {
      if (r->source != 0) continue;
      last_heard = Clock::now();
      if (r->tag == kHeartbeat) continue;
      const Message m = decode_message(r->bytes, "message from the coordinator");
      if (r->tag == kStop) {
        if (m.header.value("peer_lost", false)) mpi.mark_peer_lost();
        stop = true;
      } else if (r->tag == kJob) {
        check(!training, "worker rank " + std::to_string(mpi.rank()) + ": a job arrived while it trains one");
        const int id = m.header.value("trial", -1);
        training = std::make_unique<TrainingThread>(objective, job_from_message(m, scratch / std::to_string(id)));
      }
    }
    if (training) {
      const TrialJob& job = training->job();
      const bool shared = job.checkpoint_dir.string().rfind(scratch.string(), 0) != 0;
      const bool finished = training->done();  // read first: every epoch is queued by then
      for (const EpochRecord& r : training->take_epochs()) {
        const fs::path checkpoint = job.checkpoint_dir / checkpoint_file_name(r.epoch);
        mpi.send(0, kEpoch, encode_message(shared ? Message{epoch_event(job.trial, r, ""), {}}
                                                  : epoch_message(job.trial, r, checkpoint)));
        last_sent = Clock::now();
      }
      if (finished) {
        mpi.send(0, kFinished, encode_message({outcome_to_json(job.trial, training->outcome()), {}}));
        last_sent = Clock::now();
        if (!shared) fs::remove_all(job.checkpoint_dir);
        training.reset();
      }
    }
    if (since(last_sent) >= options.heartbeat_interval_s) {
      mpi.send(0, kHeartbeat, "");
      last_sent = Clock::now();
    }
    if (since(last_heard) > 2 * options.heartbeat_timeout_s) {
      std::cerr << "tunet worker rank " << mpi.rank() << ": the coordinator is silent for "
                << static_cast<int>(since(last_heard)) << " s: stopping\n";
      mpi.mark_peer_lost();
      break;
    }
    if (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::error_code ignored;
  fs::remove_all(scratch, ignored);
}

}  // namespace tunet::tuner::mpi
