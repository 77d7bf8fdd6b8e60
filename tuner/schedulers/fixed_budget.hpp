#pragma once
// FixedBudget: the scheduler of grid, random and GP searches. Each
// configuration its proposer returns runs once, for the same budget.
#include <optional>
#include <string>

#include "tuner/schedulers/scheduler.hpp"

namespace tunet::tuner {

// Each configuration the proposer returns, once, trained for `budget` epochs
// (or evaluated at that budget), until the proposer is exhausted. Several at
// once: each next() asks the proposer with the earlier asks still pending
// (a GP proposer then treats them with a constant liar: bayesian_search.hpp).
class FixedBudget : public Scheduler {
 public:
  FixedBudget(Proposer& proposer, int budget);
  std::string name() const override { return proposer_.name(); }
  Json settings() const override;
  void start(const Space& space, Rng rng, Direction direction) override;
  std::optional<TrialSpec> next() override;
  void tell(const Trial& trial) override;
  std::optional<TrialSpec> next_recorded(const Trial& recorded) override;
  std::optional<long> remaining_budget() const override;
  void set_feasible(FeasibleTest test) override { proposer_.set_feasible(std::move(test)); }
  void set_objectives(ObjectiveList objectives) override { proposer_.set_objectives(std::move(objectives)); }
  int pending() const override { return handed_out_ - told_; }

 private:
  std::optional<TrialSpec> spec_of(std::optional<Params> params);

  Proposer& proposer_;
  int budget_;
  int handed_out_ = 0;
  int told_ = 0;
};

}  // namespace tunet::tuner
