#pragma once
// Executor: where a Study's trials are trained. The Study (study.hpp) owns the
// scheduler, the journal and every file in repo_dir; an executor only runs the
// trials it is given and reports what happens, as events:
//
//   on_epoch     a trial finished an epoch (its checkpoint files come with it
//                when they were written elsewhere, e.g. on another machine)
//   on_finished  a trial ended: its score, or why it failed or was pruned
//   on_lost      a trial's worker is gone (killed, node lost): the Study
//                re-queues the trial from its last journaled checkpoint
//
// Two executors exist: InlineExecutor (below: one trial at a time, in the
// calling thread, today's behaviour and the default) and MpiExecutor
// (tuner/distributed/mpi_executor.hpp: one trial per MPI worker rank).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "tuner/study/objective.hpp"
#include "tuner/study/trial.hpp"

namespace tunet::tuner {

// One trial to train, with everything a worker needs: no shared file system.
struct TrialJob {
  int trial = 0;
  Params params;
  int budget = 1;
  int initial_epoch = 0;               // epochs already in the state at resume_from
  std::uint64_t seed = 0;
  std::filesystem::path checkpoint_dir;  // repo_dir/trials/<id> (absolute) on the coordinator
  std::filesystem::path resume_from;     // a checkpoint in repo_dir to start from; empty: from scratch
  std::vector<EpochRecord> history;      // an interrupted trial's recorded epochs (see TrialContext)
};

// A file that travels in a message: its name and its bytes.
struct FileBlob {
  std::string name;
  std::string bytes;
};

// How a trial ended on its worker.
struct TrialOutcome {
  enum class Kind { Completed, Pruned, Failed };
  Kind kind = Kind::Completed;
  Score score;          // Completed
  std::string message;  // Pruned or Failed: the reason
};

class ExecutorEvents {
 public:
  virtual ~ExecutorEvents() = default;
  // `files` are the epoch's checkpoint files (empty when the executor wrote
  // them into checkpoint_dir itself).
  virtual void on_epoch(int trial, const EpochRecord& record, const std::vector<FileBlob>& files) = 0;
  virtual void on_finished(int trial, const TrialOutcome& outcome) = 0;
  virtual void on_lost(int trial, const std::string& reason) = 0;
};

class Executor {
 public:
  virtual ~Executor() = default;
  // How many more trials it can take now.
  virtual int free_slots() const = 0;
  // How many trials it could run at once (0: none left, e.g. every worker lost).
  virtual int capacity() const = 0;
  virtual void submit(const TrialJob& job) = 0;
  // Blocks until at least one event happened and delivers every event so far.
  virtual void wait(ExecutorEvents& events) = 0;
  // Where a trial runs, for progress lines ("rank 2 (node7)"); "" when local.
  virtual std::string where(int trial) const { (void)trial; return ""; }
  // The search is over: release the workers.
  virtual void shutdown() {}
};

// Runs a trial in the calling thread, inside wait(): its checkpoints are
// written straight into repo_dir. A StorageError from the objective (the disk
// failed, not the trial) propagates out of wait().
class InlineExecutor : public Executor {
 public:
  explicit InlineExecutor(Objective& objective, std::ostream* log = nullptr) : objective_(objective), log_(log) {}
  int free_slots() const override { return pending_ ? 0 : 1; }
  int capacity() const override { return 1; }
  void submit(const TrialJob& job) override;
  void wait(ExecutorEvents& events) override;

 private:
  Objective& objective_;
  std::ostream* log_;
  TrialJob job_;
  bool pending_ = false;
};

// Trains `job` with `objective` in this thread, epoch events to `on_epoch`.
// The outcome of any exception but StorageError (rethrown) is Failed/Pruned.
// Shared by InlineExecutor and the MPI worker.
TrialOutcome run_trial_job(Objective& objective, const TrialJob& job,
                           const std::function<void(const EpochRecord&)>& on_epoch, std::ostream* log = nullptr);

}  // namespace tunet::tuner
