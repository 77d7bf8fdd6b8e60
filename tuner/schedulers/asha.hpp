#pragma once
// ASHA, asynchronous successive halving (Li, Jamieson, Rostamizadeh, Gonina,
// Ben-tzur, Hardt, Recht, Talwalkar, "A System for Massively Parallel
// Hyperparameter Tuning", MLSys 2020, Algorithm 2, early-stopping rate s = 0),
// as a Scheduler over a Proposer (random search by default):
//
//   rungs k = 0..K, K = floor(log_eta(R / r)), budget r_k = r eta^k epochs
//   next():
//     for k = K-1 down to 0:
//       candidates = the best floor(n_k / eta) of rung k's n_k told trials
//       if one of them was not promoted yet: continue the best such one at rung k+1
//     else, while fewer than max_trials configurations were drawn:
//       a new configuration from the proposer at rung 0
//     else nullopt (a pending trial, once told, may make a promotion possible)
//
// Unlike Hyperband, no rung ever waits for its stragglers: a configuration
// goes on as soon as it is in the top 1/eta of the trials its rung has
// finished so far, so every worker stays busy. The price: a configuration may
// be promoted that a later result would have ranked out (the paper's
// "mispromotions", a fraction that shrinks as n_k grows).
//
// A promoted configuration continues its checkpoint: a new trial with
// resumed_from = its rung-k trial and initial_epoch = r_k, trained up to
// r_(k+1), so no configuration trains more than r_K <= R epochs (r_K < R when
// R / r is not a power of eta, as in the paper). Failed trials count in n_k
// (they were evaluated) but never go on; ties break by trial id. Trials carry
// bracket 0 (the paper's s) and their rung.
//
// Called one trial at a time (next, tell, next, ...) it is the same
// algorithm; the order of tells decides which configurations go on, and the
// schedule depends only on start()'s arguments and the sequence of next() and
// tell() calls (scheduler.hpp), so a search resumes by replaying its journal.
//
//   Asha asha({.min_epochs = 1, .max_epochs = 27, .eta = 3, .max_trials = 50});
//   study.run(asha);
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tuner/schedulers/scheduler.hpp"

namespace tunet::tuner {

struct AshaOptions {
  int min_epochs = 1;    // r: the budget of rung 0
  int max_epochs = 81;   // R: no configuration trains longer
  int eta = 3;           // the reduction factor
  int max_trials = 100;  // configurations drawn for rung 0
};

class Asha : public Scheduler {
 public:
  // `proposer` supplies new configurations; default: unbounded RandomSearch.
  explicit Asha(AshaOptions options, std::unique_ptr<Proposer> proposer = nullptr);

  std::string name() const override { return "asha"; }
  Json settings() const override;
  void start(const Space& space, Rng rng, Direction direction) override;
  std::optional<TrialSpec> next() override;
  std::optional<TrialSpec> next_recorded(const Trial& recorded) override;
  void tell(const Trial& trial) override;
  void print_plan(std::ostream& out) const override;
  void set_feasible(FeasibleTest test) override { proposer_->set_feasible(std::move(test)); }
  void set_objectives(ObjectiveList objectives) override { proposer_->set_objectives(std::move(objectives)); }
  int pending() const override { return static_cast<int>(running_.size()); }

  // r eta^k for k = 0..K.
  const std::vector<int>& rung_epochs() const { return rung_epochs_; }
  // Configurations drawn so far.
  int drawn() const { return drawn_; }

 private:
  struct Result {                    // a told trial at one rung
    Params params;
    std::string key;
    int trial = 0;
    double loss = 0;
    bool promoted = false;
  };
  struct Running {                   // a handed-out trial, not told yet
    std::string key;
    int rung = 0;
  };
  // next() and next_recorded(): a new configuration is `recorded` when given.
  std::optional<TrialSpec> schedule(const Params* recorded);
  std::optional<TrialSpec> promotion();

  AshaOptions options_;
  std::unique_ptr<Proposer> proposer_;
  std::vector<int> rung_epochs_;
  std::vector<std::vector<Result>> rungs_;  // told trials, per rung, in tell order
  std::vector<Running> running_;
  int drawn_ = 0;
  bool proposer_exhausted_ = false;
};

}  // namespace tunet::tuner
