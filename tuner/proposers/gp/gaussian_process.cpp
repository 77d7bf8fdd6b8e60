#include "tuner/proposers/gp/gaussian_process.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include <Eigen/Dense>

#include "core/error.hpp"

namespace tunet::tuner {
namespace {

constexpr double kSqrt5 = 2.2360679774997896964;
constexpr double kInvSqrt2 = 0.70710678118654752440;

// Matern-5/2 of the scaled distance r (element-wise):
//   matern52(r) = (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r)
// and the factor shared by its derivatives:
//   d matern52 / d(r^2) = -5/6 (1 + sqrt5 r) exp(-sqrt5 r) = -1/2 matern52_slope(r)
template <typename A>
auto matern52(const A& r) {
  return (1.0 + kSqrt5 * r + (5.0 / 3.0) * r.square()) * (-kSqrt5 * r).exp();
}
template <typename A>
auto matern52_slope(const A& r) {  // 5/3 (1 + sqrt5 r) exp(-sqrt5 r)
  return (5.0 / 3.0) * (1.0 + kSqrt5 * r) * (-kSqrt5 * r).exp();
}

// Squared scaled distances between the rows of a and b (m x n).
Eigen::MatrixXd scaled_sq_distances(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                    const Eigen::VectorXd& inv_length) {
  Eigen::MatrixXd as = a * inv_length.asDiagonal();
  Eigen::MatrixXd bs = b * inv_length.asDiagonal();
  Eigen::MatrixXd d2 = -2.0 * as * bs.transpose();
  d2.colwise() += as.rowwise().squaredNorm();
  d2.rowwise() += bs.rowwise().squaredNorm().transpose();
  return d2.cwiseMax(0.0);
}

}  // namespace

GaussianProcess::GaussianProcess(GpOptions options) : options_(options) {}

std::pair<Eigen::VectorXd, Eigen::VectorXd> GaussianProcess::theta_bounds(int d) const {
  Eigen::VectorXd low(d + 2), high(d + 2);
  low[0] = std::log(options_.amplitude_low);
  high[0] = std::log(options_.amplitude_high);
  low.segment(1, d).setConstant(std::log(options_.length_scale_low));
  high.segment(1, d).setConstant(std::log(options_.length_scale_high));
  low[d + 1] = std::log(options_.noise_low);
  high[d + 1] = std::log(options_.noise_high);
  return {low, high};
}

void GaussianProcess::set_categorical_blocks(const std::vector<std::pair<int, int>>& blocks) {
  int end = 0;
  for (const auto& block : blocks) {
    check(block.first >= end && block.second >= 1,
          "GaussianProcess::set_categorical_blocks: blocks must be in order, disjoint and non-empty, got offset " +
              std::to_string(block.first) + " width " + std::to_string(block.second));
    end = block.first + block.second;
  }
  categorical_ = blocks;
}

int GaussianProcess::n_kernel_dims(int n_coordinates) const {
  int d = n_coordinates;
  for (const auto& block : categorical_) d -= block.second - 1;
  return d;
}

Eigen::VectorXd GaussianProcess::coordinate_inv_lengths(const Eigen::VectorXd& theta) const {
  Eigen::VectorXd inv(static_cast<Eigen::Index>(kernel_dim_.size()));
  for (size_t k = 0; k < kernel_dim_.size(); ++k) inv[k] = std::exp(-theta[kernel_dim_[k] + 1]);
  for (const auto& block : categorical_) inv.segment(block.first, block.second) *= kInvSqrt2;
  return inv;
}

void GaussianProcess::set_data(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  check(x.rows() > 0 && x.rows() == y.size(),
        "GaussianProcess::fit: x has " + std::to_string(x.rows()) + " rows and y " +
            std::to_string(y.size()) + " values; expected the same number, at least 1");
  check(x.cols() > 0, "GaussianProcess::fit: x has no columns");
  check(x.allFinite() && y.allFinite(), "GaussianProcess::fit: x and y must be finite (drop failed points first)");
  x_ = x;
  y_raw_ = y;
  // normalize_y: y <- (y - mean) / std, population std, 0 -> 1.
  y_mean_ = y.mean();
  double var = (y.array() - y_mean_).square().mean();
  y_std_ = var > 0 ? std::sqrt(var) : 1.0;
  y_ = (y.array() - y_mean_) / y_std_;
  const Eigen::Index n = x.rows();
  check(categorical_.empty() || categorical_.back().first + categorical_.back().second <= x.cols(),
        "GaussianProcess::fit: a categorical block ends past the " + std::to_string(x.cols()) + " columns of x");
  // Kernel dimension of each coordinate; a one-hot block's squared distance
  // sum_k (a_k - b_k)^2 / 2 is the Hamming term [a != b].
  kernel_dim_.assign(x.cols(), 0);
  sq_diff_.assign(n_kernel_dims(static_cast<int>(x.cols())), Eigen::MatrixXd::Zero(n, n));
  size_t block = 0;
  for (int k = 0, dim = 0; k < x.cols(); ++dim) {
    const bool categorical = block < categorical_.size() && categorical_[block].first == k;
    const int width = categorical ? categorical_[block++].second : 1;
    for (int end = k + width; k < end; ++k) {
      kernel_dim_[k] = dim;
      Eigen::VectorXd col = x.col(k);
      sq_diff_[dim] += (categorical ? 0.5 : 1.0) *
                       (col.replicate(1, n) - col.transpose().replicate(n, 1)).array().square().matrix();
    }
  }
}

double GaussianProcess::log_marginal_likelihood(const Eigen::VectorXd& theta, Eigen::VectorXd* gradient) const {
  const Eigen::Index n = x_.rows(), d = static_cast<Eigen::Index>(sq_diff_.size());
  check(theta.size() == d + 2, "GaussianProcess::log_marginal_likelihood: theta has " +
                                   std::to_string(theta.size()) + " values, expected " + std::to_string(d + 2));
  const double c = std::exp(theta[0]);
  const double s2 = std::exp(theta[d + 1]);
  Eigen::ArrayXXd r2 = Eigen::ArrayXXd::Zero(n, n);
  for (Eigen::Index k = 0; k < d; ++k) r2 += sq_diff_[k].array() * std::exp(-2.0 * theta[k + 1]);
  Eigen::ArrayXXd r = r2.sqrt();
  Eigen::MatrixXd k_signal = (c * matern52(r)).matrix();
  Eigen::MatrixXd k = k_signal;
  k.diagonal().array() += s2 + options_.jitter;
  Eigen::LLT<Eigen::MatrixXd> llt(k);
  if (llt.info() != Eigen::Success) return -std::numeric_limits<double>::infinity();
  Eigen::VectorXd alpha = llt.solve(y_);
  double log_det_half = llt.matrixLLT().diagonal().array().log().sum();
  double lml = -0.5 * y_.dot(alpha) - log_det_half - 0.5 * n * std::log(2.0 * std::numbers::pi);
  if (gradient) {
    // W = alpha alpha' - K^-1; d lml/d theta_j = 1/2 sum(W o dK/dtheta_j), with
    //   dK/dlog c = K_signal,  dK/dlog s2 = s2 I,
    //   dK/dlog l_k = c 5/3 (1 + sqrt5 r) exp(-sqrt5 r) dist_k(x_i, x_j)^2 / l_k^2.
    Eigen::MatrixXd w = alpha * alpha.transpose() - llt.solve(Eigen::MatrixXd::Identity(n, n));
    gradient->resize(d + 2);
    (*gradient)[0] = 0.5 * (w.array() * k_signal.array()).sum();
    Eigen::ArrayXXd g = w.array() * (c * matern52_slope(r));
    for (Eigen::Index j = 0; j < d; ++j) {
      (*gradient)[j + 1] = 0.5 * (g * sq_diff_[j].array()).sum() * std::exp(-2.0 * theta[j + 1]);
    }
    (*gradient)[d + 1] = 0.5 * s2 * w.trace();
  }
  return lml;
}

void GaussianProcess::fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, Rng& rng) {
  set_data(x, y);
  const int d = static_cast<int>(sq_diff_.size());
  const bool warm = options_.warm_start && fitted_ && theta_.size() == d + 2;
  auto [low, high] = theta_bounds(d);

  std::vector<Eigen::VectorXd> starts;
  starts.push_back(Eigen::VectorXd::Zero(d + 2));  // sklearn's initial kernel: all parameters 1
  if (warm) starts.push_back(theta_);
  int n_random = warm ? options_.n_restarts_warm : options_.n_restarts;
  for (int s = 0; s < n_random; ++s) {
    Eigen::VectorXd t(d + 2);
    for (int j = 0; j < d + 2; ++j) t[j] = rng.uniform(low[j], high[j]);
    starts.push_back(t);
  }
  LbfgsObjective negative_lml = [this](const Eigen::VectorXd& t, Eigen::VectorXd& grad) {
    double value = log_marginal_likelihood(t, &grad);
    grad = -grad;
    return -value;
  };
  double best = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_theta = starts.front().cwiseMax(low).cwiseMin(high);
  for (const Eigen::VectorXd& start : starts) {
    LbfgsResult r = lbfgs_minimize(negative_lml, start, low, high, options_.lbfgs);
    if (r.value < best) {
      best = r.value;
      best_theta = r.x;
    }
  }
  theta_ = best_theta;
  factorise();
}

void GaussianProcess::fit_with_theta(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                     const Eigen::VectorXd& theta) {
  set_data(x, y);
  check(theta.size() == static_cast<Eigen::Index>(sq_diff_.size()) + 2,
        "GaussianProcess::fit_with_theta: theta has " + std::to_string(theta.size()) + " values, expected " +
            std::to_string(sq_diff_.size() + 2));
  theta_ = theta;
  factorise();
}

void GaussianProcess::factorise() {
  const Eigen::Index n = x_.rows();
  Eigen::VectorXd inv_length = coordinate_inv_lengths(theta_);
  Eigen::MatrixXd k = amplitude() * matern52(scaled_sq_distances(x_, x_, inv_length).array().sqrt()).matrix();
  // Jitter fallback: grow the diagonal until K factorises (duplicated points
  // with a tiny noise level are the usual cause).
  double extra = options_.jitter + noise();
  for (int attempt = 0; attempt < 12; ++attempt) {
    Eigen::MatrixXd kj = k;
    kj.diagonal().array() += extra;
    Eigen::LLT<Eigen::MatrixXd> llt(kj);
    if (llt.info() == Eigen::Success) {
      chol_ = llt.matrixL();
      chol_inv_ = chol_.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(n, n));
      alpha_ = llt.solve(y_);
      x_scaled_ = x_ * inv_length.asDiagonal();
      x_scaled_sq_norm_ = x_scaled_.rowwise().squaredNorm();
      lml_ = -0.5 * y_.dot(alpha_) - chol_.diagonal().array().log().sum() -
             0.5 * n * std::log(2.0 * std::numbers::pi);
      fitted_ = true;
      return;
    }
    extra = std::max(extra * 10.0, 1e-10 * k.diagonal().mean());
  }
  throw Error("GaussianProcess: the kernel matrix of " + std::to_string(n) +
              " points is not positive definite even with jitter " + std::to_string(extra));
}

void GaussianProcess::require_fitted(const char* where) const {
  check(fitted_, std::string("GaussianProcess::") + where + ": call fit() first");
}

double GaussianProcess::amplitude() const { return std::exp(theta_[0]); }
Eigen::VectorXd GaussianProcess::length_scales() const {
  return theta_.segment(1, theta_.size() - 2).array().exp();
}
double GaussianProcess::noise() const { return std::exp(theta_[theta_.size() - 1]); }

GpPrediction GaussianProcess::predict(const Eigen::MatrixXd& x) const {
  require_fitted("predict");
  check(x.cols() == x_.cols(), "GaussianProcess::predict: points have " + std::to_string(x.cols()) +
                                   " coordinates, the model " + std::to_string(x_.cols()));
  const Eigen::Index m = x.rows();
  const double c = amplitude();
  Eigen::VectorXd inv_length = coordinate_inv_lengths(theta_);
  // Per block of points: K* (b x n), mean' = K* alpha, var' = c - |L^-1 k*|^2 per point.
  // Near the data var' is a tiny difference of two numbers ~c (1e-9 c at the end of a
  // minimisation, amplitude 1000, noise 1e-5): through L^-1 the rounding error is
  // ~eps sqrt(cond K) c, through K^-1 it would be ~eps cond(K) c, larger than var'
  // itself, and EI would chase rounding noise.
  // Blocks keep the work in cache and the buffers small (no page faults).
  constexpr Eigen::Index kBlock = 256;
  GpPrediction p;
  p.mean.resize(m);
  p.std.resize(m);
  Eigen::MatrixXd xs, ks, v;
  for (Eigen::Index start = 0; start < m; start += kBlock) {
    const Eigen::Index b = std::min(kBlock, m - start);
    xs.noalias() = x.middleRows(start, b) * inv_length.asDiagonal();
    ks.noalias() = xs * x_scaled_.transpose();
    ks = ((-2.0 * ks).colwise() + xs.rowwise().squaredNorm()).rowwise() + x_scaled_sq_norm_.transpose();
    ks = c * matern52(ks.array().max(0.0).sqrt());
    p.mean.segment(start, b).noalias() = ks * alpha_;
    v.noalias() = ks * chol_inv_.transpose();  // rows: (L^-1 k*)'
    p.std.segment(start, b) = (c - v.rowwise().squaredNorm().array()).max(0.0).sqrt();
  }
  p.mean = p.mean.array() * y_std_ + y_mean_;
  p.std *= y_std_;
  return p;
}

GpPointPrediction GaussianProcess::predict_with_gradient(const Eigen::VectorXd& x) const {
  require_fitted("predict_with_gradient");
  const Eigen::Index d = x_.cols();
  check(x.size() == d, "GaussianProcess::predict_with_gradient: the point has " + std::to_string(x.size()) +
                           " coordinates, the model " + std::to_string(d));
  const double c = amplitude();
  Eigen::ArrayXd inv_l2 = coordinate_inv_lengths(theta_).array().square();
  // diff_i = x - x_i; r_i^2 = sum_k diff_ik^2 / l_k^2
  Eigen::MatrixXd diff = (-x_).rowwise() + x.transpose();
  Eigen::ArrayXd r = (diff.array().square().rowwise() * inv_l2.transpose()).rowwise().sum().sqrt();
  Eigen::VectorXd k = c * matern52(r).matrix();
  // d k_i / d x = -c 5/3 (1 + sqrt5 r) exp(-sqrt5 r) diff_i / l^2   (rows of J, n x d)
  Eigen::MatrixXd jac = (diff.array().rowwise() * inv_l2.transpose()).colwise() * (-c * matern52_slope(r));
  // v = L^-1 k, var' = c - v.v (as predict()), w = L^-T v = K^-1 k for the gradient.
  Eigen::VectorXd v = chol_inv_.triangularView<Eigen::Lower>() * k;
  GpPointPrediction p;
  p.mean = k.dot(alpha_) * y_std_ + y_mean_;
  p.mean_gradient = jac.transpose() * alpha_ * y_std_;
  double var = c - v.squaredNorm();
  if (var > 0) {
    double sd = std::sqrt(var);
    p.std = sd * y_std_;
    Eigen::VectorXd w = chol_inv_.transpose().triangularView<Eigen::Upper>() * v;
    p.std_gradient = (jac.transpose() * w) * (-y_std_ / sd);  // d sqrt(var) = dvar / (2 sd), dvar = -2 J'w
  } else {
    p.std = 0.0;
    p.std_gradient = Eigen::VectorXd::Zero(d);
  }
  return p;
}

}  // namespace tunet::tuner
