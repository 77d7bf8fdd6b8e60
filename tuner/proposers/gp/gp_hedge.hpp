#pragma once
// GpHedge: the portfolio of acquisition functions of skopt's gp_hedge
// (Hoffman, Brochu & de Freitas, "Portfolio allocation for Bayesian
// optimization", UAI 2011; skopt's acq_func="gp_hedge").
//
// Members EI, LCB, PI each propose a point x_i at every model-based step. At
// the next step, with the refitted GP's mean mu (objective units),
//   g_i <- g_i - mu(x_i)                  (a member whose point now looks good gains)
//   p   =  softmax(eta g)                 (exp(eta (g - max g)) / sum)
// and the proposal of member i ~ p is evaluated. The first step is uniform.
#include <array>
#include <optional>

#include <Eigen/Core>

#include "core/random.hpp"
#include "tuner/proposers/gp/acquisition.hpp"
#include "tuner/proposers/gp/gaussian_process.hpp"

namespace tunet::tuner {

class GpHedge {
 public:
  static constexpr std::array<Acquisition, 3> kMembers = {Acquisition::EI, Acquisition::LCB, Acquisition::PI};

  explicit GpHedge(double eta = 1.0) : eta_(eta) {}

  // g_i -= mu(x_i) for the proposals of the previous step (no-op before the first).
  void update_gains(const GaussianProcess& gp);
  // Records this step's proposals (one per member; nullopt: the member found none)
  // and picks the one to evaluate; nullopt when no member proposed anything.
  std::optional<int> choose(const std::array<std::optional<Eigen::VectorXd>, 3>& proposals, Rng& rng);

  const std::array<double, 3>& gains() const { return gains_; }
  std::array<double, 3> probabilities() const;

 private:
  double eta_;
  std::array<double, 3> gains_{};
  std::array<std::optional<Eigen::VectorXd>, 3> previous_;
};

}  // namespace tunet::tuner
