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
//
// Several trials at once (scheduler.hpp's contract). A rung's trials can all
// run at once: rung 0 draws its configurations one per next(), later rungs
// hand out their survivors. While a rung waits for its last trials (its
// stragglers), next() opens the next bracket, so several brackets may be
// active; among them, the oldest bracket's ready trials always go first, and a
// new bracket opens only when no active one has a trial ready. A rung's
// survivors are decided when its last trial is told, by the same ranking as
// serially (loss, ties by trial id), and the proposer is asked in the same
// order (bracket after bracket), so with a proposer whose asks do not depend on
// the tells (random search) every rung keeps the same survivors as a serial
// run with the same seed, whatever the number of workers and the order in
// which trials finish (a rung hands out its members in the same order, so
// their trial ids, which break ties, are in the same order too). With a
// model-based proposer (BOHB) the proposals depend on what was told before
// each ask, so a parallel run proposes other configurations than a serial one.
// Called one trial at a time (next, tell, next, ...) it is exactly the serial
// algorithm above.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tuner/schedulers/hyperband_schedule.hpp"
#include "tuner/schedulers/scheduler.hpp"

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

  void set_feasible(FeasibleTest test) override { proposer_->set_feasible(std::move(test)); }
  // Several objectives: a rung's survivors are the first in NSGA-II's crowded
  // order (by non-dominated front, then by larger crowding distance; pareto.hpp)
  // in place of the smallest losses.
  void set_objectives(ObjectiveList objectives) override;
  int pending() const override;

  const HyperbandSchedule& schedule() const { return schedule_; }
  // Brackets started and not finished (several only when trials run at once).
  int active_brackets() const { return static_cast<int>(active_.size()); }

 private:
  struct Member {                    // a configuration alive in its bracket's current rung
    Params params;
    std::string key;                 // params.key(): with the rung, identifies its trial when told
    std::optional<int> parent{};     // the trial it continues (none at rung 0)
    bool told = false;
    int trial = -1;                  // its trial at this rung, once told
    double loss = 0;
    std::optional<ObjectivePoint> point{};  // several objectives: its values to minimise, once told
  };
  struct ActiveBracket {
    size_t index = 0;                // into schedule_.brackets, counted over all iterations
    size_t rung = 0;
    std::vector<Member> members{};   // the current rung's configurations
    size_t handed_out = 0;           // members handed out by next()
    size_t told = 0;                 // members whose trial was told
    bool finished = false;
  };
  const Bracket& bracket_of(const ActiveBracket& a) const;
  // next() and next_recorded(): a new rung-0 configuration is `recorded` when given.
  std::optional<TrialSpec> schedule(const Params* recorded);
  // A's next trial, drawing a rung-0 configuration if needed; nullopt while it waits.
  std::optional<TrialSpec> hand_out(ActiveBracket& a, const Params* recorded);
  bool rung_complete(const ActiveBracket& a) const;
  void advance(ActiveBracket& a);    // the rung is done: promote its best, or finish the bracket

  HyperbandOptions options_;
  std::unique_ptr<Proposer> proposer_;
  ObjectiveList objectives_;
  HyperbandSchedule schedule_;
  std::vector<ActiveBracket> active_;  // oldest first
  size_t opened_ = 0;                // brackets opened so far, over all iterations
  bool proposer_exhausted_ = false;
  long remaining_ = 0;
};

}  // namespace tunet::tuner
