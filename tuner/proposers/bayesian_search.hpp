#pragma once
// BayesianSearch: Gaussian-process Bayesian optimisation as a Proposer, so it
// runs in a Study like grid and random search (same journal, results table
// and resume by replay), and under gp_minimize (gp_minimize.hpp).
//
//   BayesianSearch gp({.n_calls = 40, .acq_func = "EI",
//                      .x0 = {{{"learning_rate", 1e-5}, {"layers", 1}}}});
//   Results table = study.run(gp, /*budget=*/3);
//
// The first asks return the x0 points that have no y0 (in order); then come
// the initial design points until n_initial_points configurations are known
// (x0 and y0 included), then GP proposals (gp_ask_tell.hpp). Every
// configuration is returned once; trial.loss is what the GP models (value or
// -value as the study's direction says); a failed trial (loss +infinity or
// NaN) stays out of the model and is never proposed again. A trial told a
// second time (a continuation at a larger budget) keeps its first value.
//
// Several asks before their tells (trials running at once): n_calls counts
// every configuration handed out, told or not; the initial design points are
// handed out without a model; a GP proposal treats each pending configuration
// as observed at the smallest loss so far (constant liar, gp_ask_tell.hpp),
// and no configuration is returned twice.
//
// Constraints (Proposer::set_feasible): the GP's acquisition search skips
// infeasible candidates, since feasibility is known in closed form
// (gp_ask_tell.hpp); x0 points are proposed as given.
//
// Several objectives (Proposer::set_objectives): ParEGO (parego.hpp). Before
// each ask the told trials' objectives are normalised and scalarised with a
// weight vector drawn from the search's generator and the number of asks so
// far (so a resumed search draws the same ones), and the GP models that.
// y0 cannot be combined with several objectives.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tuner/proposers/gp/gp_ask_tell.hpp"
#include "tuner/proposers/gp/space_transform.hpp"
#include "tuner/proposers/proposer.hpp"

namespace tunet::tuner {

struct GpSearchOptions {
  int n_calls = 100;                             // configurations proposed (x0 without y0 included)
  int n_initial_points = 10;                     // known points before the GP is used (x0, y0 count)
  std::string initial_point_generator = "lhs";   // "lhs", "random", "sobol" or "halton" (initial_points.hpp)
  std::string acq_func = "EI";                   // "EI", "PI", "LCB" or "gp_hedge"
  double xi = 0.01;                              // EI, PI: in the units of the loss
  double kappa = 1.96;                           // LCB
  int n_candidates = 10000;
  std::vector<Params> x0{};                        // starting points, evaluated first ...
  std::vector<double> y0{};                        // ... unless their losses are given here
  GpOptions gp{};                                // the surrogate (skopt's model by default)
};

class BayesianSearch : public Proposer {
 public:
  explicit BayesianSearch(GpSearchOptions options = {});

  std::string name() const override { return "gp"; }
  Json settings() const override;
  // Checks x0 against the space and y0 against x0; throws Error naming the problem.
  void start(const Space& space, Rng rng, Direction direction) override;
  std::optional<Params> ask() override;
  void tell(const Trial& trial) override;
  // Asks (the GP is fitted as it was, so later proposals continue exactly),
  // then holds `recorded` outstanding in place of what this build proposed.
  std::optional<Params> ask_recorded(const Params& recorded) override;
  std::optional<size_t> remaining() const override;

  const GpSearchOptions& options() const { return options_; }
  // Configurations told so far (y0 points first) and their losses (NaN: failed).
  const std::vector<Params>& told_params() const { return told_params_; }
  const std::vector<double>& told_losses() const { return told_losses_; }
  // Valid after start():
  const SpaceTransform& transform() const;
  const GpAskTell& optimizer() const;

 private:
  GpSearchOptions options_;
  std::optional<SpaceTransform> transform_;
  std::optional<GpAskTell> optimizer_;
  std::vector<Params> x0_to_ask_;
  size_t next_x0_ = 0;
  int asked_ = 0;
  std::set<std::string> used_;                    // keys asked or told
  std::set<std::string> told_;
  std::vector<Params> told_params_;
  std::vector<double> told_losses_;
  std::vector<std::optional<ObjectivePoint>> told_points_;  // several objectives: each told trial's
  std::optional<Rng> weights_rng_;                          // ParEGO's weight vectors
  std::map<std::string, Eigen::VectorXd> pending_;  // key -> cube point asked
};

}  // namespace tunet::tuner
