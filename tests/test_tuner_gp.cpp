// The Gaussian-process machinery in the unit cube: bounded L-BFGS, the GP
// (interpolation, log-marginal-likelihood and input gradients against finite
// differences, the predictive std against a long-double reference), acquisition
// closed forms, gp_hedge, the cube layout and the ask/tell optimizer's
// duplicate and failure rules.
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "core/error.hpp"
#include "tuner/proposers/gp/acquisition.hpp"
#include "tuner/proposers/gp/acquisition_optimizer.hpp"
#include "tuner/proposers/gp/cube_layout.hpp"
#include "tuner/proposers/gp/gaussian_process.hpp"
#include "tuner/proposers/gp/gp_ask_tell.hpp"
#include "tuner/proposers/gp/gp_hedge.hpp"
#include "tuner/proposers/gp/lbfgs.hpp"

using namespace tunet::tuner;
using tunet::Rng;

namespace {

// n points in [0,1]^d and f(x) = sin(3 x_0) + x_1^2 (+ 0.5 x_2 ...), a smooth test surface.
void make_data(int n, int d, Eigen::MatrixXd& x, Eigen::VectorXd& y, uint64_t seed) {
  Rng rng(seed);
  x.resize(n, d);
  y.resize(n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < d; ++j) x(i, j) = rng.uniform();
    y[i] = std::sin(3 * x(i, 0)) + (d > 1 ? x(i, 1) * x(i, 1) : 0.0) + (d > 2 ? 0.5 * x(i, 2) : 0.0);
  }
}

}  // namespace

TEST_CASE("lbfgs_minimize: Rosenbrock converges, a bowl stops on the active bound") {
  LbfgsObjective rosenbrock = [](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    double a = 1 - x[0], b = x[1] - x[0] * x[0];
    g.resize(2);
    g[0] = -2 * a - 400 * x[0] * b;
    g[1] = 200 * b;
    return a * a + 100 * b * b;
  };
  LbfgsResult r = lbfgs_minimize(rosenbrock, Eigen::Vector2d(-1.2, 1.0), Eigen::Vector2d(-5, -5),
                                 Eigen::Vector2d(5, 5), {.max_iterations = 500, .gradient_tolerance = 1e-8});
  CHECK(r.x[0] == doctest::Approx(1.0).epsilon(1e-4));
  CHECK(r.x[1] == doctest::Approx(1.0).epsilon(1e-4));

  // (x - 3)^2 + (y + 1)^2 on [0,1]^2: the minimum is the corner (1, 0).
  LbfgsObjective bowl = [](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    g.resize(2);
    g << 2 * (x[0] - 3), 2 * (x[1] + 1);
    return std::pow(x[0] - 3, 2) + std::pow(x[1] + 1, 2);
  };
  LbfgsResult b = lbfgs_minimize(bowl, Eigen::Vector2d(0.2, 0.7), Eigen::Vector2d::Zero(), Eigen::Vector2d::Ones());
  CHECK(b.x[0] == doctest::Approx(1.0));
  CHECK(b.x[1] == doctest::Approx(0.0));
  CHECK_THROWS_AS(lbfgs_minimize(bowl, Eigen::Vector3d::Zero(), Eigen::Vector2d::Zero(), Eigen::Vector2d::Ones()),
                  tunet::Error);
}

TEST_CASE("GP: the posterior mean interpolates noiseless 1-D points, std ~0 there and large between") {
  Eigen::MatrixXd x(6, 1);
  x << 0.0, 0.2, 0.4, 0.6, 0.8, 1.0;
  Eigen::VectorXd y = (3.0 * x.col(0).array()).sin() * 2.0 + 1.0;
  GaussianProcess gp;
  Rng rng(1);
  gp.fit(x, y, rng);
  GpPrediction at = gp.predict(x);
  const double y_std = std::sqrt((y.array() - y.mean()).square().mean());
  for (int i = 0; i < 6; ++i) {
    CHECK(at.mean[i] == doctest::Approx(y[i]).epsilon(1e-2));
    CHECK(at.std[i] < 1e-2 * y_std);
  }
  Eigen::MatrixXd between(1, 1);
  between << 0.1;
  CHECK(gp.predict(between).std[0] > 5 * at.std.maxCoeff());
  Eigen::MatrixXd far(1, 1);  // beyond the data the std grows further
  far << 3.0;
  CHECK(gp.predict(far).std[0] > gp.predict(between).std[0]);

  // Tighter with a smaller noise floor.
  GaussianProcess exact({.noise_low = 1e-10});
  exact.fit(x, y, rng);
  GpPrediction e = exact.predict(x);
  CHECK((e.mean - y).cwiseAbs().maxCoeff() < 1e-4 * y_std);
  CHECK(e.std.maxCoeff() < 1e-3 * y_std);
}

TEST_CASE("GP: the log-marginal-likelihood gradient matches central differences") {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  make_data(12, 3, x, y, 3);
  GaussianProcess gp;
  Rng rng(2);
  gp.fit(x, y, rng);
  for (Eigen::VectorXd theta : {Eigen::VectorXd(Eigen::VectorXd::Zero(5)), gp.theta(),
                                Eigen::VectorXd((Eigen::VectorXd(5) << 1.0, -1.5, 0.3, 2.0, -4.0).finished())}) {
    Eigen::VectorXd grad;
    double lml = gp.log_marginal_likelihood(theta, &grad);
    REQUIRE(std::isfinite(lml));
    for (int j = 0; j < theta.size(); ++j) {
      const double h = 1e-5;
      Eigen::VectorXd tp = theta, tm = theta;
      tp[j] += h;
      tm[j] -= h;
      double numeric = (gp.log_marginal_likelihood(tp) - gp.log_marginal_likelihood(tm)) / (2 * h);
      CHECK(grad[j] == doctest::Approx(numeric).epsilon(1e-5).scale(1.0));
    }
  }
  // The fit is a local maximum inside the bounds: its free gradient is ~0 and it beats theta = 0.
  CHECK(gp.log_marginal_likelihood_value() >= gp.log_marginal_likelihood(Eigen::VectorXd::Zero(5)));
}

TEST_CASE("GP: mean and std gradients w.r.t. the input match central differences") {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  make_data(8, 2, x, y, 5);
  GaussianProcess gp;
  Rng rng(4);
  gp.fit(x, y, rng);
  Eigen::Vector2d p(0.37, 0.61);
  INFO("theta = " << gp.theta().transpose() << ", x = " << x);
  GpPointPrediction pp = gp.predict_with_gradient(p);
  GpPrediction batch = gp.predict(p.transpose());
  CHECK(pp.mean == doctest::Approx(batch.mean[0]).epsilon(1e-9));
  CHECK(pp.std == doctest::Approx(batch.std[0]).epsilon(1e-6));
  for (int j = 0; j < 2; ++j) {
    const double h = 1e-6;
    Eigen::Vector2d a = p, b = p;
    a[j] += h;
    b[j] -= h;
    GpPointPrediction pa = gp.predict_with_gradient(a), pb = gp.predict_with_gradient(b);
    CHECK(pp.mean_gradient[j] == doctest::Approx((pa.mean - pb.mean) / (2 * h)).epsilon(1e-5));
    CHECK(pp.std_gradient[j] == doctest::Approx((pa.std - pb.std) / (2 * h)).epsilon(1e-4));
  }
  // Acquisition gradient by the chain rule.
  AcquisitionParams params;
  for (Acquisition a : {Acquisition::EI, Acquisition::PI, Acquisition::LCB}) {
    Eigen::VectorXd g;
    acquisition_at(gp, a, params, y.minCoeff(), p, &g);
    for (int j = 0; j < 2; ++j) {
      const double h = 1e-6;
      Eigen::Vector2d u = p, v = p;
      u[j] += h;
      v[j] -= h;
      double numeric = (acquisition_at(gp, a, params, y.minCoeff(), u) - acquisition_at(gp, a, params, y.minCoeff(), v)) /
                       (2 * h);
      CHECK(g[j] == doctest::Approx(numeric).epsilon(1e-4).scale(1e-3));
    }
  }
  CHECK_THROWS_AS(gp.predict(Eigen::MatrixXd::Zero(1, 3)), tunet::Error);
  CHECK_THROWS_AS(GaussianProcess().predict(Eigen::MatrixXd::Zero(1, 2)), tunet::Error);
  CHECK_THROWS_AS(gp.fit(x, Eigen::VectorXd::Zero(3), rng), tunet::Error);
}

TEST_CASE("GP: the predictive std stays accurate near clustered data with a large amplitude") {
  // The end game of a minimisation: values spanning ~300 with points 1e-3 apart near
  // the minimum, amplitude at its bound and noise at its floor, so var' = c - k'K^-1 k
  // is ~1e-9 of c. Reference: the same formula in long double.
  Rng rng(11);
  const int n = 30;
  Eigen::MatrixXd x(n, 2);
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) {
    const double spread = i < 10 ? 0.5 : 0.004;
    x(i, 0) = 0.54 + spread * (2 * rng.uniform() - 1);
    x(i, 1) = 0.5 + spread * (2 * rng.uniform() - 1);
    y[i] = 1000.0 * ((x(i, 0) - 0.54) * (x(i, 0) - 0.54) + 0.2 * (x(i, 1) - 0.5) * (x(i, 1) - 0.5));
  }
  Eigen::VectorXd theta(4);
  theta << std::log(1000.0), std::log(1.4), std::log(5.0), std::log(1e-5);
  GaussianProcess gp;
  gp.fit_with_theta(x, y, theta);

  using Ld = long double;
  using MatrixLd = Eigen::Matrix<Ld, Eigen::Dynamic, Eigen::Dynamic>;
  using VectorLd = Eigen::Matrix<Ld, Eigen::Dynamic, 1>;
  const Ld c = 1000.0L, s5 = std::sqrt(5.0L);
  auto kernel = [&](const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    Ld r = std::sqrt(std::pow((a[0] - b[0]) / 1.4L, 2) + std::pow((a[1] - b[1]) / 5.0L, 2));
    return c * (1 + s5 * r + 5.0L / 3 * r * r) * std::exp(-s5 * r);
  };
  MatrixLd k(n, n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) k(i, j) = kernel(x.row(i), x.row(j));
  }
  k.diagonal().array() += 1e-5L + gp.options().jitter;
  Eigen::LLT<MatrixLd> llt(k);
  const double y_std = std::sqrt((y.array() - y.mean()).square().mean());
  for (int t = 0; t < 8; ++t) {
    Eigen::Vector2d p(0.54 + 0.0011 * (t - 4), 0.5 + 0.0007 * t);
    VectorLd kp(n);
    for (int i = 0; i < n; ++i) kp[i] = kernel(p, x.row(i));
    const double reference = y_std * std::sqrt(static_cast<double>(c - kp.dot(llt.solve(kp))));
    INFO("point " << p.transpose() << ", reference std " << reference);
    CHECK(gp.predict(p.transpose()).std[0] == doctest::Approx(reference).epsilon(1e-3));
    CHECK(gp.predict_with_gradient(p).std == doctest::Approx(reference).epsilon(1e-3));
  }
}

TEST_CASE("EI, PI, LCB match their closed forms at hand-computed points") {
  // mu = 1, sigma = 2, y_best = 2, xi = 0.01: z = 0.495, Phi(z) = 0.68970, phi(z) = 0.35288
  // EI = 0.99 * 0.68970 + 2 * 0.35288 = 1.38869
  AcquisitionValue ei = negative_expected_improvement(1.0, 2.0, 2.0, 0.01);
  CHECK(ei.value == doctest::Approx(-1.3886872991439576).epsilon(1e-12));
  CHECK(negative_probability_of_improvement(1.0, 2.0, 2.0, 0.01).value ==
        doctest::Approx(-0.6896999397455121).epsilon(1e-12));
  // mu = 0.5, sigma = 0.25, y_best = 0, xi = 0: z = -2, EI = -0.5 Phi(-2) + 0.25 phi(-2)
  CHECK(negative_expected_improvement(0.5, 0.25, 0.0, 0.0).value == doctest::Approx(-0.0021226756542074114).epsilon(1e-10));
  CHECK(negative_probability_of_improvement(0.5, 0.25, 0.0, 0.0).value == doctest::Approx(-0.02275013194817921).epsilon(1e-10));
  CHECK(lower_confidence_bound(1.0, 2.0, 1.96).value == doctest::Approx(1.0 - 3.92));
  // sigma == 0: no improvement possible, flat.
  CHECK(negative_expected_improvement(1.0, 0.0, 2.0, 0.01).value == 0.0);
  CHECK(negative_probability_of_improvement(1.0, 0.0, 2.0, 0.01).d_mean == 0.0);
  // Partial derivatives against central differences.
  const double h = 1e-6;
  for (Acquisition a : {Acquisition::EI, Acquisition::PI, Acquisition::LCB}) {
    AcquisitionParams params{.xi = 0.01, .kappa = 1.96};
    AcquisitionValue v = acquisition_value(a, 1.0, 2.0, 2.0, params);
    double dm = (acquisition_value(a, 1.0 + h, 2.0, 2.0, params).value -
                 acquisition_value(a, 1.0 - h, 2.0, 2.0, params).value) / (2 * h);
    double ds = (acquisition_value(a, 1.0, 2.0 + h, 2.0, params).value -
                 acquisition_value(a, 1.0, 2.0 - h, 2.0, params).value) / (2 * h);
    CHECK(v.d_mean == doctest::Approx(dm).epsilon(1e-6));
    CHECK(v.d_std == doctest::Approx(ds).epsilon(1e-6));
  }
  CHECK(parse_acquisition("ei") == Acquisition::EI);
  CHECK_THROWS_WITH_AS(parse_acquisition("UCB"), doctest::Contains("expected EI, PI or LCB"), tunet::Error);
}

TEST_CASE("gp_hedge: uniform at first, then softmax of the gains g_i = -sum mu(x_i)") {
  GpHedge hedge;
  for (double p : hedge.probabilities()) CHECK(p == doctest::Approx(1.0 / 3));
  Eigen::MatrixXd x(3, 1);
  x << 0.0, 0.5, 1.0;
  Eigen::VectorXd y(3);
  y << 3.0, 0.0, 3.0;
  GaussianProcess gp;
  Rng rng(1);
  gp.fit(x, y, rng);
  std::array<std::optional<Eigen::VectorXd>, 3> proposals = {Eigen::VectorXd::Constant(1, 0.5),
                                                              Eigen::VectorXd::Constant(1, 0.0), std::nullopt};
  std::optional<int> chosen = hedge.choose(proposals, rng);
  REQUIRE(chosen.has_value());
  CHECK(*chosen != 2);  // PI proposed nothing
  hedge.update_gains(gp);
  // g_i = -mu(x_i); p = softmax(g)
  const double mu_ei = gp.predict(Eigen::MatrixXd::Constant(1, 1, 0.5)).mean[0];
  const double mu_lcb = gp.predict(Eigen::MatrixXd::Constant(1, 1, 0.0)).mean[0];
  CHECK(hedge.gains()[0] == doctest::Approx(-mu_ei));
  CHECK(hedge.gains()[1] == doctest::Approx(-mu_lcb));
  CHECK(hedge.gains()[2] == 0.0);
  CHECK(mu_ei < mu_lcb);  // EI's point sits in the valley
  const double total = std::exp(-mu_ei) + std::exp(-mu_lcb) + 1.0;
  CHECK(hedge.probabilities()[0] == doctest::Approx(std::exp(-mu_ei) / total));
  CHECK(hedge.probabilities()[1] == doctest::Approx(std::exp(-mu_lcb) / total));
}

TEST_CASE("CubeLayout: integer bins are equally likely, snapping is idempotent, one-hot picks the largest") {
  CubeLayout layout;
  layout.add_integer(5);
  layout.add_one_hot(3);
  layout.add_continuous();
  layout.add_integer(508, /*log_low=*/5.0);
  CHECK(layout.n_coordinates() == 6);
  CHECK_FALSE(layout.n_distinct().has_value());
  Rng rng(7);
  std::array<int, 5> counts{};
  for (int i = 0; i < 10000; ++i) {
    Eigen::VectorXd u = layout.sample(rng);
    counts[CubeLayout::unit_to_integer(u[0], layout.blocks()[0])]++;
    Eigen::VectorXd again = u;
    layout.snap(again);
    CHECK((again - u).cwiseAbs().maxCoeff() == 0.0);
    CHECK(u.segment(1, 3).sum() == 1.0);
  }
  for (int c : counts) CHECK(c == doctest::Approx(2000).epsilon(0.08));  // skopt: 12.5% at each end
  // Log-spaced bins: every index maps to its own centre and back.
  const CubeBlock& log_block = layout.blocks()[3];
  for (int64_t k : {0, 1, 10, 200, 507}) {
    CHECK(CubeLayout::unit_to_integer(CubeLayout::integer_to_unit(k, log_block), log_block) == k);
  }
  Eigen::VectorXd u(6);
  u << 0.99, 0.1, 0.7, 0.2, 1.3, 0.0;
  layout.snap(u);
  CHECK(u[0] == doctest::Approx(0.9));
  CHECK(u.segment(1, 3) == Eigen::Vector3d(0, 1, 0));
  CHECK(u[4] == 1.0);
  // An initial design's point (one coordinate per block) placed in the cube.
  Eigen::VectorXd placed = layout.place(Eigen::Vector4d(0.95, 0.5, 0.25, 0.0));
  CHECK(placed[0] == doctest::Approx(0.9));                 // 0.95 lies in the last of 5 integer bins
  CHECK(placed.segment(1, 3) == Eigen::Vector3d(0, 1, 0));  // floor(0.5 * 3) = 1: the second category
  CHECK(placed[4] == 0.25);
  CHECK(CubeLayout::unit_to_integer(placed[5], layout.blocks()[3]) == 0);
  Eigen::MatrixXd ld = layout.low_discrepancy(100, rng);
  CHECK(ld.minCoeff() >= 0.0);
  CHECK(ld.maxCoeff() <= 1.0);
}

TEST_CASE("GpAskTell: a small discrete space is covered without repeats, then exhausted") {
  CubeLayout layout;
  layout.add_integer(3);
  layout.add_one_hot(2);
  GpAskTell opt(layout, {.n_initial_points = 2, .n_candidates = 200}, Rng(3));
  std::set<std::vector<double>> seen;
  for (int i = 0; i < 6; ++i) {
    std::optional<Eigen::VectorXd> u = opt.ask();
    REQUIRE(u.has_value());
    CHECK(seen.insert(std::vector<double>(u->data(), u->data() + u->size())).second);
    opt.tell(*u, (*u)[0] + (*u)[1]);
  }
  CHECK_FALSE(opt.ask().has_value());
}

TEST_CASE("GpAskTell: outstanding asks differ; NaN values are failures that do not reach the GP") {
  GpAskTell opt(CubeLayout::continuous(2), {.n_initial_points = 3, .n_candidates = 500}, Rng(11));
  Eigen::VectorXd a = *opt.ask(), b = *opt.ask();
  CHECK((a - b).cwiseAbs().maxCoeff() > 0);
  opt.tell(a, std::nan(""));
  opt.tell(b, 1.0);
  for (int i = 0; i < 6; ++i) {
    Eigen::VectorXd u = *opt.ask();
    CHECK_FALSE(is_duplicate(u, opt.x_told()));
    opt.tell(u, i % 2 ? std::numeric_limits<double>::infinity() : (u.array() - 0.3).square().sum());
  }
  REQUIRE(opt.model() != nullptr);
  CHECK(opt.n_failed() == 4);
  CHECK(opt.model()->y_train().allFinite());
  CHECK(opt.model()->n_points() == 4);  // the successes told before the last ask
  CHECK_THROWS_AS(opt.tell(Eigen::VectorXd::Zero(3), 1.0), tunet::Error);
  CHECK_THROWS_AS(GpAskTell(CubeLayout::continuous(2), {.acq_func = "UCB"}, Rng(1)), tunet::Error);
}

TEST_CASE("GpAskTell: replaying the same asks and tells reproduces every proposal") {
  auto run = [] {
    GpAskTell opt(CubeLayout::continuous(2), {.n_initial_points = 4, .acq_func = "gp_hedge", .n_candidates = 500},
                    Rng(5));
    std::vector<Eigen::VectorXd> points;
    for (int i = 0; i < 9; ++i) {
      points.push_back(*opt.ask());
      opt.tell(points.back(), std::sin(5 * points.back()[0]) + points.back()[1]);
    }
    return points;
  };
  std::vector<Eigen::VectorXd> first = run(), second = run();
  for (size_t i = 0; i < first.size(); ++i) CHECK(first[i] == second[i]);
}
