#pragma once
// Hyperband (Li, Jamieson, DeSalvo, Rostamizadeh, Talwalkar, JMLR 18, 2018,
// Algorithm 1), as a Scheduler over a Proposer (random search by default):
//
//   s_max = floor(log_eta R)   (exact, integer powers)
//   for s = s_max..0 (bracket; Hobbit's "run"):
//     n = ceil((s_max+1)/(s+1) * eta^s) configurations from the proposer
//     for i = 0..s (rung): n_i = floor(n eta^-i) trials, each trained up to
//       r_i = R eta^(i-s) epochs (rounded half up, at least 1);
//       the floor(n_i / eta) best go on to rung i+1.
//
// Survivors continue from their checkpoint (a new trial with resumed_from and
// initial_epoch = r_(i-1)), so no configuration trains more than R epochs.
// Failed trials rank last; ties break by trial id. See hyperband_schedule.hpp
// for the schedule itself and its printed form.
//
// iterations (Keras Tuner's hyperband_iterations): the whole loop over the
// brackets runs that many times, with new configurations from the same
// proposer each time (a model-based proposer keeps learning across them).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tuner/hyperband_schedule.hpp"
#include "tuner/scheduler.hpp"

namespace tunet::tuner {

struct HyperbandOptions {
  int R = 81;
  int eta = 3;
  int iterations = 1;  // Keras Tuner's hyperband_iterations
};

class Hyperband : public Scheduler {
 public:
  // `proposer` supplies new configurations; default: unbounded RandomSearch.
  explicit Hyperband(HyperbandOptions options, std::unique_ptr<Proposer> proposer = nullptr);

  std::string name() const override { return "hyperband"; }
  Json settings() const override;
  void start(const Space& space, Rng rng, Direction direction) override;
  std::optional<TrialSpec> next() override;
  std::optional<TrialSpec> next_recorded(const Trial& recorded) override;
  void tell(const Trial& trial) override;
  void print_plan(std::ostream& out) const override;
  std::optional<long> remaining_budget() const override;

  const HyperbandSchedule& schedule() const { return schedule_; }

 private:
  struct Member {                    // a configuration alive in the current rung
    Params params;
    std::optional<int> parent;       // the trial it continues (none at rung 0)
    int trial = -1;                  // its trial at this rung, once told
    double loss = 0;
  };
  // next() and next_recorded(): a new rung-0 configuration is `recorded` when given.
  std::optional<TrialSpec> schedule(const Params* recorded);
  void advance();                    // the rung is done: promote its best, or next bracket

  HyperbandOptions options_;
  std::unique_ptr<Proposer> proposer_;
  HyperbandSchedule schedule_;
  size_t bracket_ = 0;               // index into schedule_.brackets, counted over all iterations
  size_t rung_ = 0;
  std::vector<Member> members_;
  size_t scheduled_ = 0;             // members handed out by next()
  size_t told_ = 0;                  // members whose trial was told
  bool proposer_exhausted_ = false;
  long remaining_ = 0;
};

}  // namespace tunet::tuner
