#pragma once
// BohbProposer: model-based proposals for Hyperband, after BOHB (Falkner,
// Klein, Hutter, "BOHB: Robust and Efficient Hyperparameter Optimization at
// Scale", ICML 2018, Algorithm 2):
//
//   with probability random_fraction:          a configuration drawn from the priors
//   otherwise, if some budget b has at least min_points_in_model finite results:
//     fit a model to the results at the largest such b, propose its optimum
//   otherwise:                                  a configuration drawn from the priors
//
//   Hyperband hb({.R = 27, .eta = 3}, std::make_unique<BohbProposer>());
//   study.run(hb);
//
// The model. BOHB fits two kernel density estimates (the best 15% of the
// results and the rest) and proposes where their ratio is largest, a TPE.
// Here the model is the GP of GpAskTell (gp_ask_tell.hpp) with expected
// improvement, fitted afresh to the chosen budget's results for every model
// proposal: the GP already handles every kind of dimension of a Space
// (integers, log scales, one-hot categories, conditional ones), is tested
// against scikit-optimize, and with at most a few hundred results per budget
// its cubic cost is milliseconds. What is kept from BOHB: the budget rule
// (the largest budget with enough results, so the model sees the most
// faithful results as soon as there are enough of them), min_points_in_model
// (default: dimensions + 1) and random_fraction (default 1/3), which keeps
// Hyperband's guarantee of exploring.
//
// Asks before tells (Hyperband running several trials at once): a model
// proposal adds each configuration asked and not yet told to the model with
// the smallest loss at the model's budget, the constant liar "cl_min" of
// gp_ask_tell.hpp, so proposals made together spread out.
//
// Every result the Hyperband scheduler reports is used: a configuration's
// rung-0 trial is a result at budget r_0, its continuation one at r_1, and so
// on. Failed trials stay out of the model and are never proposed again.
//
// Deterministic: ask k draws only from the generator derived from start()'s
// with k, and the model sees only the tells so far, so resume by replay
// (ask_recorded) repeats every proposal; where this build would propose
// another configuration than the journal's, the journal's goes on (it becomes
// the outstanding one and is the one the model later learns about).
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "tuner/proposers/gp/space_transform.hpp"
#include "tuner/proposers/proposer.hpp"
#include "tuner/proposers/random_search.hpp"

namespace tunet::tuner {

struct BohbOptions {
  double random_fraction = 1.0 / 3.0;  // BOHB's default
  int min_points_in_model = 0;         // 0: the number of searched dimensions + 1 (BOHB's default)
  std::string acq_func = "EI";         // the GP's acquisition: "EI", "PI" or "LCB"
  double xi = 0.01;                    // EI, PI: in the units of the loss
  int n_candidates = 2000;             // acquisition candidates per model proposal
};

class BohbProposer : public Proposer {
 public:
  explicit BohbProposer(BohbOptions options = {});

  std::string name() const override { return "bohb"; }
  Json settings() const override;
  void start(const Space& space, Rng rng, Direction direction) override;
  std::optional<Params> ask() override;
  std::optional<Params> ask_recorded(const Params& recorded) override;
  void tell(const Trial& trial) override;
  // Random proposals draw again, model proposals skip infeasible candidates.
  void set_feasible(FeasibleTest test) override;

  // The budget whose results the model would be fitted to now; nullopt while
  // no budget has min_points_in_model finite results.
  std::optional<int> model_budget() const;
  // How many of the asks so far the model answered (the rest were random).
  int model_proposals() const { return model_proposals_; }

 private:
  std::optional<Params> model_proposal(int budget, Rng& rng);
  void mark_used(const Params& p);

  BohbOptions options_;
  std::optional<SpaceTransform> transform_;
  Rng rng_;
  RandomSearch random_{RandomOptions{.n_trials = 0}};
  int min_points_ = 1;
  int n_asked_ = 0;
  int model_proposals_ = 0;
  std::set<std::string> used_;                          // keys asked or told: never proposed again
  std::vector<Eigen::VectorXd> used_points_;            // their cube points
  struct Result {
    Eigen::VectorXd point;
    double loss;
  };
  std::map<int, std::vector<Result>> results_;          // budget -> finite results
  std::map<std::string, Eigen::VectorXd> pending_;      // asked, not told yet: key -> cube point
};

}  // namespace tunet::tuner
