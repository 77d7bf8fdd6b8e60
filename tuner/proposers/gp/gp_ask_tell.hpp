#pragma once
// GpAskTell: Bayesian optimisation in the unit cube, ask/tell. The engine
// under BayesianSearch (named spaces) and gp_minimize; it knows only cube
// points (CubeLayout) and values to minimise.
//
//   GpAskTell opt(CubeLayout::continuous(2), {.acq_func = "EI"}, Rng(7));
//   for (int call = 0; call < 40; ++call) {
//     Eigen::VectorXd u = *opt.ask();
//     opt.tell(u, f(u));
//   }
//
// The first n_initial_points points (counting points told from outside, such
// as x0) come from the initial design; every later ask fits the GP to the
// finite values told so far (warm-started) and minimises the acquisition
// (acquisition_optimizer.hpp), through the gp_hedge portfolio when asked.
// Non-finite values are failures: kept out of the model, never proposed again.
// No point is returned twice, nor one already told, even with several asks
// outstanding.
//
// Several asks outstanding (trials running at once): pending points count
// towards n_initial_points (the initial design is handed out without a model),
// and a model-based ask fits the GP to the told values plus each pending
// point with a lie, the smallest loss told so far: the constant liar "cl_min"
// of Ginsbourger, Le Riche, Carraro ("Kriging is well-suited to parallelize
// optimization", 2010) and scikit-optimize's Optimizer.ask(n_points,
// strategy="cl_min"). At a pending point the GP then predicts the best value
// with almost no uncertainty, so expected improvement there is near zero and
// the next proposal goes elsewhere, while the length scales still come from
// the real data. Why not the Kriging believer (the GP's mean at the point as
// the lie): it needs a fit without the pending points first, and since the
// lie agrees with the model it only shrinks the variance there, so proposals
// tend to crowd the region the model already favours; cl_min is
// scikit-optimize's default and the more exploratory choice.
// With nothing pending (asks and tells alternating) the fit is unchanged. Each ask draws from its own generator derived from the one
// given and the number of asks so far, so replaying the same asks and tells
// reproduces every proposal (resume by replay).
//
// Constraints known in closed form (set_feasible): the acquisition search
// skips candidates that fail them (acquisition_optimizer.hpp), an initial
// design point that fails them is replaced by a random feasible one, and
// random points are drawn again until one passes (within the tries; else any
// new point, which the caller records as infeasible).
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "core/random.hpp"
#include "tuner/proposers/gp/acquisition.hpp"
#include "tuner/proposers/gp/acquisition_optimizer.hpp"
#include "tuner/proposers/gp/cube_layout.hpp"
#include "tuner/proposers/gp/gaussian_process.hpp"
#include "tuner/proposers/gp/gp_hedge.hpp"
#include "tuner/proposers/gp/initial_points.hpp"

namespace tunet::tuner {

struct GpAskTellOptions {
  int n_initial_points = 10;
  // Deviations from skopt's defaults (random, gp_hedge), chosen on the
  // benchmarks (docs/gp.md): a Latin hypercube spreads the few initial points
  // better, and EI alone beat the portfolio on Branin (a tie on Hartmann-6).
  InitialPointGenerator initial_design = InitialPointGenerator::LatinHypercube;
  std::string acq_func = "EI";        // "EI", "PI", "LCB" or "gp_hedge"
  double xi = 0.01;                   // EI, PI (objective units)
  double kappa = 1.96;                // LCB
  double hedge_eta = 1.0;             // gp_hedge
  int n_candidates = 10000;           // candidates per acquisition search (fewer past 64
                                      // model points: as 1/n^2, at least 1000), of which
  double local_fraction = 0.2;        // this share near the best points told so far
  // Past this many finite observations the GP is fitted to a subset of this
  // size, since a fit costs O(m^3) per likelihood evaluation and a prediction
  // O(m^2) per candidate (times measured in docs/reliability.md): the best
  // half by value (where the acquisition looks) and a uniform sample of the
  // rest (the global shape), drawn from the ask's own generator so that resume
  // by replay reproduces it; the pending points' lies come on top. 0: no cap.
  int max_model_points = 200;
  AcquisitionSearchOptions search{};
  GpOptions gp{};
};

class GpAskTell {
 public:
  GpAskTell(CubeLayout layout, GpAskTellOptions options, Rng rng);

  // The next cube point to evaluate; nullopt when every point of a discrete
  // space has been asked or told.
  std::optional<Eigen::VectorXd> ask();
  // The value at u (a point asked before, or any snapped point, e.g. x0).
  void tell(const Eigen::VectorXd& u, double y);
  // Replaces every told value, in the order told (ParEGO's new scalarisation
  // at each ask, parego.hpp); non-finite values stay out of the model.
  void retell(const std::vector<double>& y);
  // Outstanding points asked elsewhere (x0), and their withdrawal: pending
  // points count as initial points and are never proposed.
  void mark_pending(const Eigen::VectorXd& u);
  void release(const Eigen::VectorXd& u);
  // Never propose u (e.g. it decodes to a configuration already used).
  void exclude(const Eigen::VectorXd& u);
  // The constraints' test on cube points; none: every point is feasible.
  void set_feasible(CubeFeasibleTest test) { feasible_ = std::move(test); }

  int n_told() const { return static_cast<int>(y_.size()); }
  int n_failed() const;
  const Eigen::MatrixXd& x_told() const { return x_; }  // rows, in order told
  const std::vector<double>& y_told() const { return y_; }
  // The GP of the last model-based ask (nullptr before the first): its
  // training set holds the pending points of that ask, with their lie.
  const GaussianProcess* model() const { return model_fitted_ ? &gp_ : nullptr; }
  // The acquisition that chose the last model-based proposal.
  std::optional<Acquisition> last_acquisition() const { return last_acquisition_; }
  const GpHedge& hedge() const { return hedge_; }
  const CubeLayout& layout() const { return layout_; }
  const GpAskTellOptions& options() const { return options_; }

 private:
  Eigen::MatrixXd excluded() const;  // told and pending points
  std::optional<Eigen::VectorXd> random_point(Rng& rng) const;
  std::optional<Eigen::VectorXd> model_point(Rng& rng);
  void fit_model(Rng& rng);
  Eigen::MatrixXd draw_candidates(Rng& rng) const;
  int n_candidates(int n_model_points) const;  // options_.n_candidates, fewer for large models

  CubeLayout layout_;
  GpAskTellOptions options_;
  Rng rng_;
  bool hedge_portfolio_ = false;
  Acquisition acquisition_ = Acquisition::EI;
  GpHedge hedge_;
  Eigen::MatrixXd design_;  // initial design rows (cube points), unless random
  int n_asked_ = 0;
  Eigen::MatrixXd x_;       // told points (rows)
  std::vector<double> y_;
  std::vector<Eigen::VectorXd> pending_;
  std::vector<Eigen::VectorXd> excluded_;
  GaussianProcess gp_;
  bool model_fitted_ = false;
  std::optional<Acquisition> last_acquisition_;
  CubeFeasibleTest feasible_;
};

}  // namespace tunet::tuner
