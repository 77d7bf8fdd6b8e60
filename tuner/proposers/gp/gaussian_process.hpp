#pragma once
// GaussianProcess: the surrogate model of Bayesian optimisation.
//
//   GaussianProcess gp;                 // GpOptions{} = scikit-optimize's model
//   gp.fit(x, y, rng);                  // x: one point per row, in the unit cube
//   GpPrediction p = gp.predict(x_new); // p.mean, p.std in the units of y
//
// Model (the one skopt's gp_minimize builds, with a Hamming term for categories):
//   k(a, b) = c * matern52(r) + s2 * [a == b]
//   r^2 = sum_k ((a_k - b_k) / l_k)^2 + sum_j [cat_j(a) != cat_j(b)] / l_j^2
//   matern52(r) = (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r)
// with signal variance c, one length scale per kernel dimension (ARD) and
// white noise s2, fitted to y normalised as (y - mean) / std. A kernel
// dimension is a cube coordinate (a real, or an integer at its grid value),
// or a categorical block of one-hot coordinates (set_categorical_blocks),
// whose distance is the Hamming term: two one-hot vectors of different
// categories are sqrt2 apart, so the block's coordinates are scaled by
// 1 / (sqrt2 l_j) (Optuna's GPSampler adds the same term to r^2). The
// hyperparameters theta = log[c, l_1..l_D, s2] maximise the log marginal likelihood
//   lml = -1/2 y' K^-1 y - 1/2 log|K| - n/2 log(2 pi)
//   d lml / d theta_j = 1/2 tr((alpha alpha' - K^-1) dK/dtheta_j),  alpha = K^-1 y
// by bounded L-BFGS from several starts. A refit starts from the previous
// call's theta (the data change by one point per call) and from theta = 0,
// which converges in a few iterations: a fit costs about a millisecond
// instead of skopt's 0.1 s. Predictions are of the
// latent f (no noise term), de-normalised: mean = m + s mean', std = s std',
//   mean' = k' alpha,  var' = c - |L^-1 k|^2   (K = L L', k = k(x, x_i))
// (through L^-1, not K^-1: near the data var' is a tiny difference of large
// terms, and K^-1 would lose it to rounding).
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Cholesky>

#include "core/random.hpp"
#include "tuner/proposers/gp/lbfgs.hpp"

namespace tunet::tuner {

struct GpOptions {
  // Bounds of the hyperparameters (skopt's defaults), in normalised-y units.
  double amplitude_low = 0.01, amplitude_high = 1000.0;  // signal variance c
  double length_scale_low = 0.01, length_scale_high = 100.0;
  double noise_low = 1e-5, noise_high = 1e5;  // white-noise variance s2
  double jitter = 1e-10;                      // added to the diagonal (sklearn's alpha)
  // Starts of the fit: theta = 0 (all parameters 1, sklearn's initial kernel),
  // then on a first fit n_restarts random thetas (uniform in the log-bounds),
  // on a refit (warm_start) the previous theta and n_restarts_warm random ones.
  int n_restarts = 2;
  bool warm_start = true;
  int n_restarts_warm = 0;
  LbfgsOptions lbfgs{.max_iterations = 100, .gradient_tolerance = 1e-5};
};

struct GpPrediction {
  Eigen::VectorXd mean, std;
};

// Prediction at one point with gradients with respect to the point.
struct GpPointPrediction {
  double mean = 0.0, std = 0.0;
  Eigen::VectorXd mean_gradient, std_gradient;
};

class GaussianProcess {
 public:
  explicit GaussianProcess(GpOptions options = {});

  // Coordinates [offset, offset + width) of each categorical (one-hot) block:
  // one kernel dimension each, with the Hamming term. Before fit().
  void set_categorical_blocks(const std::vector<std::pair<int, int>>& blocks);

  // Fits the hyperparameters to (x, y) and factorises. x: n x d, y: n finite values.
  void fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, Rng& rng);
  // Conditions on (x, y) with the given theta, without optimising it.
  void fit_with_theta(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& theta);

  GpPrediction predict(const Eigen::MatrixXd& x) const;            // rows are points
  GpPointPrediction predict_with_gradient(const Eigen::VectorXd& x) const;

  // lml of the current training data at theta (normalised y); fills the
  // gradient w.r.t. theta when asked. -infinity where K is not positive definite.
  double log_marginal_likelihood(const Eigen::VectorXd& theta, Eigen::VectorXd* gradient = nullptr) const;

  bool fitted() const { return fitted_; }
  int n_dims() const { return static_cast<int>(x_.cols()); }
  int n_kernel_dims(int n_coordinates) const;  // D: length scales for that many coordinates
  int n_points() const { return static_cast<int>(x_.rows()); }
  const Eigen::VectorXd& theta() const { return theta_; }  // log[c, l_1..l_D, s2]
  double amplitude() const;
  Eigen::VectorXd length_scales() const;  // per kernel dimension
  double noise() const;
  double log_marginal_likelihood_value() const { return lml_; }  // at theta()
  const Eigen::MatrixXd& x_train() const { return x_; }
  const Eigen::VectorXd& y_train() const { return y_raw_; }
  const GpOptions& options() const { return options_; }
  // Lower and upper bounds of theta for D kernel dimensions.
  std::pair<Eigen::VectorXd, Eigen::VectorXd> theta_bounds(int d) const;

 private:
  void set_data(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);
  void factorise();  // L, alpha at theta_, with growing jitter if needed
  void require_fitted(const char* where) const;
  // Per coordinate: 1 / length scale (1 / (sqrt2 l_j) in a categorical block).
  Eigen::VectorXd coordinate_inv_lengths(const Eigen::VectorXd& theta) const;

  GpOptions options_;
  Eigen::MatrixXd x_;               // n x d training inputs
  Eigen::VectorXd y_raw_, y_;       // targets as given, and normalised
  double y_mean_ = 0.0, y_std_ = 1.0;
  std::vector<std::pair<int, int>> categorical_;  // one-hot blocks: offset, width
  std::vector<int> kernel_dim_;     // per coordinate: its kernel dimension
  std::vector<Eigen::MatrixXd> sq_diff_;  // per kernel dimension: squared distance (unscaled)
  Eigen::VectorXd theta_;
  Eigen::MatrixXd chol_;            // lower Cholesky factor L of K
  Eigen::MatrixXd chol_inv_;        // L^-1
  Eigen::VectorXd alpha_;           // K^-1 y (normalised)
  Eigen::MatrixXd x_scaled_;        // x_ / length scales, and its squared row norms
  Eigen::VectorXd x_scaled_sq_norm_;
  double lml_ = 0.0;
  bool fitted_ = false;
};

}  // namespace tunet::tuner
