#pragma once
// StoppingProposer: any Proposer (grid, random, GP) with early stoppers
// (stoppers.hpp) that end the search when one of them says so.
//
//   StoppingProposer search(std::make_unique<BayesianSearch>(options), {DeltaYStopper(1e-3)});
//   study.run(search, /*budget=*/3);
//
// After each tell of a configuration's first trial, every stopper sees the
// losses so far (trial.loss in tell order, NaN for a failed trial); once one
// returns true, ask() returns nullopt. Name and settings are the inner
// proposer's: stoppers decide when to stop, not what to propose, so a search
// stopped early resumes (and may go on with other stoppers, or none) from the
// same journal. Recorded trials are replayed even after a stop: they happened.
#include <memory>
#include <optional>
#include <vector>

#include "tuner/proposers/proposer.hpp"
#include "tuner/proposers/stoppers.hpp"

namespace tunet::tuner {

class StoppingProposer : public Proposer {
 public:
  StoppingProposer(std::unique_ptr<Proposer> inner, std::vector<Stopper> stoppers);

  std::string name() const override { return inner_->name(); }
  Json settings() const override { return inner_->settings(); }
  void start(const Space& space, Rng rng, Direction direction) override;
  std::optional<Params> ask() override;
  std::optional<Params> ask_recorded(const Params& recorded) override { return inner_->ask_recorded(recorded); }
  void set_feasible(FeasibleTest test) override { inner_->set_feasible(std::move(test)); }
  void set_objectives(ObjectiveList objectives) override { inner_->set_objectives(std::move(objectives)); }
  void tell(const Trial& trial) override;
  std::optional<size_t> remaining() const override;

  bool stopped() const { return stopped_; }
  const std::vector<double>& func_vals() const { return func_vals_; }
  Proposer& inner() { return *inner_; }

 private:
  std::unique_ptr<Proposer> inner_;
  std::vector<Stopper> stoppers_;
  std::vector<double> func_vals_;
  bool stopped_ = false;
};

}  // namespace tunet::tuner
