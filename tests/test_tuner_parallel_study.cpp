// The Study with several trials at once (what a distributed search does),
// through an executor that runs its trials in a shuffled order: every trial
// is evaluated once, tables equal the serial run's, a lost worker's trial is
// retrained from its checkpoint, and a parallel journal resumes. Plus the
// messages a distributed search sends (trial_message.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/random.hpp"
#include "fresh_dir.hpp"
#include "history_run.hpp"
#include "tuner/distributed/trial_message.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/schedulers/fixed_budget.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/storage/storage_error.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;
using testing::fresh_dir;

namespace {

struct Counted {
  std::map<std::string, int> epochs;  // "key budget epoch" -> times trained
};

TrainingObjective history_objective(Counted* counted) {
  return TrainingObjective(
      [counted](const Params& hp, int, const TrialContext& ctx) {
        struct CountingRun : testing::HistoryRun {
          CountingRun(const Params& hp, Counted* c, int budget)
              : HistoryRun(hp.real("x")), c_(c), key_(hp.key()), budget_(budget) {}
          Metrics train_epoch(int epoch) override {
            ++c_->epochs[key_ + " " + std::to_string(budget_) + " " + std::to_string(epoch + 1)];
            return HistoryRun::train_epoch(epoch);
          }
          Counted* c_;
          std::string key_;
          int budget_;
        };
        return std::make_unique<CountingRun>(hp, counted, ctx.budget);
      },
      {.metric = "val_loss"});
}

// Runs up to `width` trials "at once": wait() finishes one of them, chosen by
// a seeded generator, so trials end in another order than they started.
// lose[trial] = n: that trial's worker is lost after `lose_after` epochs, the first n times.
class ShuffledExecutor : public Executor {
 public:
  ShuffledExecutor(Objective& objective, int width, uint64_t seed) : objective_(objective), width_(width), rng_(seed) {}
  std::map<int, int> lose;
  int lose_after = 2;
  int stop_after_finished = -1;  // >= 0: throw StorageError once that many trials finished (a "crash")

  int free_slots() const override { return width_ - static_cast<int>(jobs_.size()); }
  int capacity() const override { return width_; }
  void submit(const TrialJob& job) override { jobs_.push_back(job); }
  void wait(ExecutorEvents& events) override {
    const size_t pick = static_cast<size_t>(rng_.next_u32() % jobs_.size());
    const TrialJob job = jobs_[pick];
    jobs_.erase(jobs_.begin() + static_cast<long>(pick));
    if (lose[job.trial] > 0) {
      --lose[job.trial];
      struct Lost {};
      int epochs = 0;
      try {
        run_trial_job(objective_, job, [&](const EpochRecord& r) {
          events.on_epoch(job.trial, r, {});
          if (++epochs == lose_after) throw Lost{};
        });
      } catch (const Lost&) {
      }
      events.on_lost(job.trial, "test: worker gone");
      return;
    }
    events.on_finished(job.trial, run_trial_job(objective_, job, [&](const EpochRecord& r) {
                         events.on_epoch(job.trial, r, {});
                       }));
    if (++finished_ == stop_after_finished) throw StorageError("test: the coordinator stops here");
  }

 private:
  Objective& objective_;
  int width_;
  Rng rng_;
  std::vector<TrialJob> jobs_;
  int finished_ = 0;
};

Space space() { return Space{Real("x", 0.0, 1.0), Integer("units", 1, 4)}; }

// One line per trial without its id or time: what must not depend on the order.
std::vector<std::string> table(const Results& r) {
  std::vector<std::string> lines;
  for (const Trial& t : r.trials()) {
    char value[40];
    std::snprintf(value, sizeof value, "%.12g", t.value ? *t.value : -1.0);
    lines.push_back(std::to_string(t.bracket) + " " + std::to_string(t.rung) + " " + std::to_string(t.budget) + " " +
                    status_name(t.status) + " " + value + " " + t.params.key());
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

void check_each_epoch_once(const Counted& c) {
  for (const auto& entry : c.epochs) {
    INFO(entry.first);
    CHECK(entry.second == 1);
  }
}

}  // namespace

TEST_CASE("random search, 3 trials at once in shuffled order: the serial run's table, each trial once") {
  Counted serial_count, parallel_count;
  TrainingObjective serial_objective = history_objective(&serial_count);
  TrainingObjective parallel_objective = history_objective(&parallel_count);
  RandomSearch a({.n_trials = 12}), b({.n_trials = 12});
  Results serial = Study(space(), serial_objective, {.repo_dir = fresh_dir("parallel_random_serial"), .seed = 3}).run(a, 4);
  ShuffledExecutor executor(parallel_objective, 3, 11);
  FixedBudget every(b, 4);
  Results parallel =
      Study(space(), parallel_objective, {.repo_dir = fresh_dir("parallel_random"), .seed = 3}).run(every, executor);
  CHECK(table(parallel) == table(serial));
  CHECK(parallel.trials().size() == 12);
  check_each_epoch_once(parallel_count);
}

TEST_CASE("Hyperband, 4 trials at once: the same survivors at every rung, values and budgets as serially") {
  Counted serial_count, parallel_count;
  TrainingObjective serial_objective = history_objective(&serial_count);
  TrainingObjective parallel_objective = history_objective(&parallel_count);
  Hyperband a({.R = 9, .eta = 3}), b({.R = 9, .eta = 3});
  Results serial = Study(space(), serial_objective, {.repo_dir = fresh_dir("parallel_hb_serial"), .seed = 5}).run(a);
  ShuffledExecutor executor(parallel_objective, 4, 2);
  Results parallel =
      Study(space(), parallel_objective, {.repo_dir = fresh_dir("parallel_hb"), .seed = 5}).run(b, executor);
  CHECK(table(parallel) == table(serial));
  check_each_epoch_once(parallel_count);
}

TEST_CASE("a lost worker's trial is retrained from its last checkpoint, with the loss in the journal") {
  Counted serial_count, parallel_count;
  TrainingObjective serial_objective = history_objective(&serial_count);
  TrainingObjective parallel_objective = history_objective(&parallel_count);
  RandomSearch a({.n_trials = 6}), b({.n_trials = 6});
  Results serial = Study(space(), serial_objective, {.repo_dir = fresh_dir("lost_serial"), .seed = 9}).run(a, 5);
  const fs::path repo = fresh_dir("lost_parallel");
  ShuffledExecutor executor(parallel_objective, 2, 4);
  executor.lose = {{2, 100}};
  executor.lose_after = 2;
  FixedBudget every(b, 5);
  // Lost every time: retried max_trial_retries times, then failed.
  Results parallel = Study(space(), parallel_objective, {.repo_dir = repo, .seed = 9, .max_trial_retries = 1}).run(every, executor);
  const Trial& lost = parallel.trials().at(2);
  CHECK(lost.status == TrialStatus::Failed);
  CHECK(lost.failure.find("its worker was lost 2 times") != std::string::npos);
  CHECK(lost.failure.find("test: worker gone") != std::string::npos);
  // The retry went on from epoch 2's checkpoint: epochs 1-2 and 3-4 were trained once each.
  const std::string key = lost.params.key() + " 5 ";
  CHECK(parallel_count.epochs[key + "1"] == 1);
  CHECK(parallel_count.epochs[key + "3"] == 1);
  CHECK(lost.history.size() == 4);
  int lost_events = 0;
  for (const Json& e : Journal::read(repo)) lost_events += e["event"] == "lost";
  CHECK(lost_events == 2);

}

TEST_CASE("a trial whose worker is lost once completes with the serial run's value, each epoch trained once") {
  Counted serial_count, count;
  TrainingObjective serial_objective = history_objective(&serial_count);
  TrainingObjective objective = history_objective(&count);
  RandomSearch a({.n_trials = 6}), c({.n_trials = 6});
  Results serial = Study(space(), serial_objective, {.repo_dir = fresh_dir("lost_once_serial"), .seed = 9}).run(a, 5);
  ShuffledExecutor once(objective, 2, 4);
  once.lose = {{2, 1}};
  FixedBudget every(c, 5);
  Results r = Study(space(), objective, {.repo_dir = fresh_dir("lost_once"), .seed = 9}).run(every, once);
  CHECK(table(r) == table(serial));
  check_each_epoch_once(count);
}

TEST_CASE("a parallel search stopped mid-way resumes from its journal: no finished trial again, the serial table") {
  Counted serial_count, count;
  TrainingObjective serial_objective = history_objective(&serial_count);
  TrainingObjective objective = history_objective(&count);
  Hyperband a({.R = 9, .eta = 3});
  Results serial = Study(space(), serial_objective, {.repo_dir = fresh_dir("resume_parallel_serial"), .seed = 8}).run(a);
  const fs::path repo = fresh_dir("resume_parallel");
  {
    Hyperband b({.R = 9, .eta = 3});
    ShuffledExecutor executor(objective, 3, 6);
    executor.stop_after_finished = 7;
    CHECK_THROWS_AS(Study(space(), objective, {.repo_dir = repo, .seed = 8}).run(b, executor), StorageError);
  }
  Hyperband c({.R = 9, .eta = 3});
  ShuffledExecutor executor(objective, 3, 7);
  Results resumed = Study(space(), objective, {.repo_dir = repo, .seed = 8}).run(c, executor);
  CHECK(table(resumed) == table(serial));
  check_each_epoch_once(count);
}

TEST_CASE("messages: a job with its checkpoint files, epochs and outcomes survive encoding") {
  const fs::path dir = fresh_dir("message_files");
  fs::create_directories(dir);
  std::ofstream(dir / "epoch-3.ckpt") << "fold zero state";
  std::ofstream(dir / "epoch-3.ckpt.fold1") << std::string("fold\0one", 8);
  TrialJob job;
  job.trial = 17;
  job.params = Params::from_json(Json{{"x", 0.25}, {"units", 3}});
  job.budget = 9;
  job.initial_epoch = 3;
  job.seed = 123456789012345ULL;
  job.resume_from = dir / "epoch-3.ckpt";
  job.history = {EpochRecord{3, {{"val_loss", 0.5}, {"loss", std::nan("")}}, 1.5, {}}};
  const Message sent = job_message(job);
  REQUIRE(sent.files.size() == 2);
  const Message got = decode_message(encode_message(sent), "test");
  const TrialJob back = job_from_message(got, dir / "worker");
  CHECK(back.trial == 17);
  CHECK(back.params.key() == job.params.key());
  CHECK(back.seed == job.seed);
  CHECK(back.initial_epoch == 3);
  CHECK(back.resume_from == dir / "worker" / "epoch-3.ckpt");
  CHECK(back.history.size() == 1);
  CHECK(std::isnan(*back.history[0].metric("loss")));
  std::ifstream fold1(dir / "worker" / "epoch-3.ckpt.fold1", std::ios::binary);
  CHECK(std::string(std::istreambuf_iterator<char>(fold1), {}) == std::string("fold\0one", 8));

  TrialOutcome outcome{TrialOutcome::Kind::Completed, {0.125, {0.1, std::nan("")}, "early stop"}, ""};
  const TrialOutcome o = outcome_from_json(decode_message(encode_message({outcome_to_json(4, outcome), {}}), "t").header);
  CHECK(o.score.value == 0.125);
  CHECK(std::isnan(o.score.folds[1]));
  CHECK(o.score.stop_reason == "early stop");

  const std::string bytes = encode_message(sent);
  CHECK_THROWS_WITH(decode_message(bytes.substr(0, bytes.size() - 3), "message from rank 2"),
                    doctest::Contains("message from rank 2: truncated message"));
  Message evil{Json::object(), {{"../escape", "x"}}};
  CHECK_THROWS_WITH(decode_message(encode_message(evil), "m"), doctest::Contains("is not a plain file name"));
}

TEST_CASE("messages: a job for a shared repo_dir carries the coordinator's paths and no files") {
  const fs::path dir = fresh_dir("message_shared");
  fs::create_directories(dir);
  std::ofstream(dir / "epoch-2.ckpt") << "state";
  TrialJob job;
  job.trial = 3;
  job.params = Params::from_json(Json{{"x", 0.5}, {"units", 1}});
  job.initial_epoch = 2;
  job.budget = 4;
  job.checkpoint_dir = dir;
  job.resume_from = dir / "epoch-2.ckpt";
  const Message sent = job_message(job, /*with_files=*/false);
  CHECK(sent.files.empty());
  const TrialJob back = job_from_message(decode_message(encode_message(sent), "test"), dir / "scratch");
  CHECK(back.checkpoint_dir == dir);
  CHECK(back.resume_from == dir / "epoch-2.ckpt");
  CHECK_FALSE(fs::exists(dir / "scratch"));
}
