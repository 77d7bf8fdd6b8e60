// The GP on mixed spaces: the Hamming term of a categorical block (kernel
// values by hand, the lml gradient against central differences), log-EI
// against log(EI) and where EI underflows, and the mixed acquisition search
// (integers on their grid, valid one-hot categories, the local search that
// moves discrete blocks, no repeated proposal).
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "tuner/proposers/gp/acquisition.hpp"
#include "tuner/proposers/gp/acquisition_optimizer.hpp"
#include "tuner/proposers/gp/cube_layout.hpp"
#include "tuner/proposers/gp/gaussian_process.hpp"
#include "tuner/proposers/gp/gp_ask_tell.hpp"

using namespace tunet::tuner;
using tunet::Rng;

namespace {

// One continuous coordinate, then a categorical block of 3 (one-hot).
Eigen::RowVectorXd point(double u, int category) {
  Eigen::RowVectorXd p = Eigen::RowVectorXd::Zero(4);
  p[0] = u;
  p[1 + category] = 1.0;
  return p;
}

// Whether every block of u is a value a configuration maps to.
bool on_grid(const CubeLayout& layout, const Eigen::VectorXd& u) {
  Eigen::VectorXd snapped = u;
  layout.snap(snapped);
  return (snapped - u).lpNorm<Eigen::Infinity>() == 0.0;
}

}  // namespace

TEST_CASE("GP: a categorical block is one kernel dimension with the Hamming term") {
  // One training point a; theta = log[c = 1, l = 1, l_cat = 1, s2 = 1e-5]. With one
  // point, std'(b)^2 = c - k(a, b)^2 / (c + s2 + jitter), so k(a, b) follows from std.
  GaussianProcess gp;
  gp.set_categorical_blocks({{1, 3}});
  Eigen::MatrixXd x = point(0.2, 0);
  Eigen::VectorXd theta(4);
  theta << 0.0, 0.0, 0.0, std::log(1e-5);
  gp.fit_with_theta(x, Eigen::VectorXd::Constant(1, 1.0), theta);
  CHECK(gp.length_scales().size() == 2);
  const auto kernel_to = [&](const Eigen::RowVectorXd& b) {
    const double sd = gp.predict(b).std[0];
    return std::sqrt((1.0 - sd * sd) * (1.0 + 1e-5 + 1e-10));
  };
  // Other category: r^2 = 0.3^2 + [0 != 1] = 1.09, matern52(sqrt 1.09) = 0.49892688524...
  CHECK(kernel_to(point(0.5, 1)) == doctest::Approx(0.4989268852435893).epsilon(1e-9));
  // Same category: r = 0.3, matern52(0.3) = 0.93096534277...
  CHECK(kernel_to(point(0.5, 0)) == doctest::Approx(0.930965342775005).epsilon(1e-9));
  // Both other categories are equally far (unordered).
  CHECK(kernel_to(point(0.5, 2)) == doctest::Approx(kernel_to(point(0.5, 1))).epsilon(1e-12));
}

TEST_CASE("GP: the lml gradient with a Hamming term matches central differences") {
  Rng rng(5);
  Eigen::MatrixXd x(14, 5);
  Eigen::VectorXd y(14);
  for (int i = 0; i < 14; ++i) {
    const int category = static_cast<int>(rng.below(3));
    x.row(i) << rng.uniform(), point(0.0, category).tail(3), rng.uniform();
    y[i] = std::sin(3 * x(i, 0)) + 0.7 * category + x(i, 4);
  }
  GaussianProcess gp;
  gp.set_categorical_blocks({{1, 3}});
  gp.fit(x, y, rng);
  REQUIRE(gp.theta().size() == 5);  // c, l_0, l_cat, l_4, s2
  for (Eigen::VectorXd theta : {Eigen::VectorXd(Eigen::VectorXd::Zero(5)),
                                Eigen::VectorXd((Eigen::VectorXd(5) << 0.5, -1.0, 0.8, 0.2, -3.0).finished()),
                                Eigen::VectorXd((Eigen::VectorXd(5) << 2.0, 0.3, -1.5, 1.0, -6.0).finished())}) {
    Eigen::VectorXd grad;
    REQUIRE(std::isfinite(gp.log_marginal_likelihood(theta, &grad)));
    for (int j = 0; j < theta.size(); ++j) {
      const double h = 1e-5;
      Eigen::VectorXd tp = theta, tm = theta;
      tp[j] += h;
      tm[j] -= h;
      const double numeric = (gp.log_marginal_likelihood(tp) - gp.log_marginal_likelihood(tm)) / (2 * h);
      CHECK(grad[j] == doctest::Approx(numeric).epsilon(1e-5).scale(1.0));
    }
  }
}

TEST_CASE("log-EI equals log(EI) where EI is representable, stays finite where it underflows") {
  for (double mu : {-1.0, 0.3, 1.0, 2.5, 6.0, 12.0}) {
    const AcquisitionValue ei = negative_expected_improvement(mu, 0.5, 0.0, 0.01);
    const AcquisitionValue log_ei = negative_log_expected_improvement(mu, 0.5, 0.0, 0.01);
    CHECK(log_ei.value == doctest::Approx(-std::log(-ei.value)).epsilon(1e-9));
    // Derivatives against central differences in mu and sigma.
    const double h = 1e-6;
    const double dm = (negative_log_expected_improvement(mu + h, 0.5, 0.0, 0.01).value -
                       negative_log_expected_improvement(mu - h, 0.5, 0.0, 0.01).value) / (2 * h);
    const double ds = (negative_log_expected_improvement(mu, 0.5 + h, 0.0, 0.01).value -
                       negative_log_expected_improvement(mu, 0.5 - h, 0.0, 0.01).value) / (2 * h);
    CHECK(log_ei.d_mean == doctest::Approx(dm).epsilon(1e-5));
    CHECK(log_ei.d_std == doctest::Approx(ds).epsilon(1e-5));
  }
  // z = -40: EI = 0 in doubles, log EI ~ log phi(z) - 2 log|z| (+ log sigma), still ordered.
  CHECK(negative_expected_improvement(40.0, 1.0, 0.0, 0.0).value == 0.0);
  const double far = negative_log_expected_improvement(40.0, 1.0, 0.0, 0.0).value;
  const double farther = negative_log_expected_improvement(60.0, 1.0, 0.0, 0.0).value;
  CHECK(std::isfinite(far));
  CHECK(far == doctest::Approx(800.0 + 0.5 * std::log(2 * M_PI) + 2 * std::log(40.0)).epsilon(1e-3));
  CHECK(farther > far);
  CHECK(std::isfinite(negative_log_expected_improvement(1e9, 1.0, 0.0, 0.0).value));
  // erfcx: the asymptotic series past 25 meets exp(x^2) erfc(x) below it.
  CHECK(erfcx(30.0) == doctest::Approx((1 - 1 / 1800.0 + 3 / 3240000.0) / (30.0 * std::sqrt(M_PI))).epsilon(1e-9));
  CHECK(erfcx(25.0) == doctest::Approx(erfcx(24.9999999)).epsilon(1e-7));
}

TEST_CASE("acquisition search: the local search moves discrete blocks the candidates got wrong") {
  // Data: y = (u - 0.7)^2 + [category != 2] + 0.1 (k - 9)^2 on an integer of 20 values.
  CubeLayout layout;
  layout.add_continuous();
  layout.add_one_hot(3);
  layout.add_integer(20);
  Rng rng(4);
  Eigen::MatrixXd x(30, layout.n_coordinates());
  Eigen::VectorXd y(30);
  const auto f = [](double u, int category, int64_t k) {
    return (u - 0.7) * (u - 0.7) + (category == 2 ? 0.0 : 1.0) + 0.1 * static_cast<double>((k - 9) * (k - 9));
  };
  for (int i = 0; i < 30; ++i) {
    Eigen::VectorXd u = layout.sample(rng);
    x.row(i) = u.transpose();
    Eigen::Index category = 0;
    u.segment(1, 3).maxCoeff(&category);
    y[i] = f(u[0], static_cast<int>(category), CubeLayout::unit_to_integer(u[4], layout.blocks()[2]));
  }
  GaussianProcess gp;
  gp.set_categorical_blocks(layout.one_hot_blocks());
  gp.fit(x, y, rng);
  // A single candidate, far from the minimum in every block.
  CandidateSet candidates;
  candidates.points = Eigen::RowVectorXd::Zero(layout.n_coordinates());
  candidates.points(0, 0) = 0.1;
  candidates.points(0, 1) = 1.0;
  candidates.points(0, 4) = CubeLayout::integer_to_unit(0, layout.blocks()[2]);
  candidates.prediction = gp.predict(candidates.points);
  AcquisitionTrace trace;
  auto best = minimize_acquisition(gp, Acquisition::LCB, {.kappa = 0.0}, y.minCoeff(), layout, candidates,
                                   Eigen::MatrixXd(0, layout.n_coordinates()), {.n_refine = 1}, {}, &trace);
  REQUIRE(best.has_value());
  CHECK(on_grid(layout, best->x));
  CHECK(best->x[3] == 1.0);  // category 2
  CHECK(std::abs(CubeLayout::unit_to_integer(best->x[4], layout.blocks()[2]) - 9) <= 1);
  CHECK(best->x[0] == doctest::Approx(0.7).epsilon(0.1));
  REQUIRE(trace.paths.size() == 1);
  CHECK(trace.paths[0].size() >= 3);  // the start, then moves
  for (const Eigen::VectorXd& u : trace.paths[0]) CHECK(on_grid(layout, u));
}

TEST_CASE("GpAskTell on a mixed space: integers on the grid, valid categories, never a point twice") {
  CubeLayout layout;
  layout.add_integer(40);
  layout.add_continuous();
  layout.add_one_hot(3);
  layout.add_integer(4, 1.0);  // log-spaced bins
  GpAskTell opt(layout, {.n_initial_points = 5, .n_candidates = 500}, Rng(11));
  std::set<std::vector<double>> seen;
  for (int call = 0; call < 30; ++call) {
    std::optional<Eigen::VectorXd> u = opt.ask();
    REQUIRE(u.has_value());
    CHECK(on_grid(layout, *u));
    CHECK(u->segment(2, 3).sum() == 1.0);
    CHECK(seen.insert(std::vector<double>(u->data(), u->data() + u->size())).second);
    const double k = static_cast<double>(CubeLayout::unit_to_integer((*u)[0], layout.blocks()[0]));
    opt.tell(*u, 0.01 * (k - 25) * (k - 25) + (*u)[1] + (*u)[2] + (*u)[5]);
  }
  // A discrete mixed space: all 3 x 4 configurations, then nothing.
  CubeLayout small;
  small.add_one_hot(3);
  small.add_integer(4);
  GpAskTell exhaust(small, {.n_initial_points = 2, .n_candidates = 50}, Rng(2));
  std::set<std::vector<double>> all;
  for (int i = 0; i < 12; ++i) {
    std::optional<Eigen::VectorXd> u = exhaust.ask();
    REQUIRE(u.has_value());
    CHECK(all.insert(std::vector<double>(u->data(), u->data() + u->size())).second);
    exhaust.tell(*u, (*u)[0] - (*u)[3]);
  }
  CHECK_FALSE(exhaust.ask().has_value());
}
