// GP search on named spaces: the space transform, BayesianSearch as a
// Proposer, gp_minimize (convergence, x0/y0, bad input, failures, callbacks,
// Study resume), expected_minimum and the plot data (convergence, partial
// dependence, evaluations).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/error.hpp"
#include "tuner/proposers/bayesian_search.hpp"
#include "tuner/proposers/gp/space_transform.hpp"
#include "tuner/skopt/expected_minimum.hpp"
#include "tuner/skopt/gp_minimize.hpp"
#include "tuner/skopt/gp_plot_data.hpp"

using namespace tunet::tuner;
using tunet::Rng;
namespace fs = std::filesystem;

namespace {

Space mixed_space() {
  return Space{Real("learning_rate", 1e-6, 1e-2, Prior::LogUniform), Integer("num_dense_layers", 1, 5),
               Integer("num_dense_nodes", 5, 512, /*log=*/true), Categorical("activation", {"relu", "sigmoid"}),
               Fixed("batch_size", int64_t{128})};
}

fs::path temp_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("tunet_test_gp_" + name);
  fs::remove_all(dir);
  return dir;
}

double quadratic(const Params& hp) { return std::pow(hp.real("x") - 0.5, 2) + std::pow(hp.real("y") + 0.3, 2); }

}  // namespace

TEST_CASE("SpaceTransform: log reals, integers, one-hot categoricals and fixed values round-trip") {
  SpaceTransform t(mixed_space());
  CHECK(t.n_coordinates() == 5);  // lr, layers, nodes, 2 one-hot, no coordinate for the fixed value
  Params p{{"learning_rate", 1e-4}, {"num_dense_layers", int64_t{3}}, {"num_dense_nodes", int64_t{64}},
           {"activation", "sigmoid"}, {"batch_size", int64_t{128}}};
  Eigen::VectorXd u = t.to_cube(p);
  CHECK(u[0] == doctest::Approx(0.5));  // 1e-4 is halfway between 1e-6 and 1e-2 in log space
  CHECK(u[1] == doctest::Approx(0.5));  // 3 is the middle of 5 equal bins
  CHECK(u.segment(3, 2) == Eigen::Vector2d(0, 1));
  Params back = t.from_cube(u);
  CHECK(back.real("learning_rate") == doctest::Approx(1e-4));
  CHECK(back.integer("num_dense_layers") == 3);
  CHECK(back.integer("num_dense_nodes") == 64);
  CHECK(back.str("activation") == "sigmoid");
  CHECK(back.integer("batch_size") == 128);
  Rng rng(3);
  for (int i = 0; i < 200; ++i) {
    Params s = t.space().sample(rng);
    Params r = t.from_cube(t.to_cube(s));
    CHECK(r.real("learning_rate") == doctest::Approx(s.real("learning_rate")).epsilon(1e-12));  // log/exp rounding
    CHECK(r.integer("num_dense_layers") == s.integer("num_dense_layers"));
    CHECK(r.integer("num_dense_nodes") == s.integer("num_dense_nodes"));
    CHECK(r.str("activation") == s.str("activation"));
  }
  CHECK_THROWS_AS(t.to_cube(Params{{"learning_rate", 1.0}}), tunet::Error);
}

TEST_CASE("SpaceTransform: an inactive conditional dimension encodes as zeros and decodes absent") {
  Space space{Integer("layers", 1, 3), Integer("units_3", 16, 64).active_if_at_least("layers", 3)};
  SpaceTransform t(space);
  Eigen::VectorXd u = t.to_cube(Params{{"layers", int64_t{1}}});
  CHECK(u[1] == 0.0);
  u[1] = 0.7;
  CHECK_FALSE(t.from_cube(u).has("units_3"));
  u[0] = 0.99;
  CHECK(t.from_cube(u).has("units_3"));
}

TEST_CASE("gp_minimize converges on a 2-D quadratic and names the best parameters") {
  Space space{Real("x", -2, 2), Real("y", -2, 2)};
  GpResult r = gp_minimize(quadratic, space, {.n_calls = 25, .n_initial_points = 8, .n_candidates = 2000, .seed = 4});
  CHECK(r.func_vals.size() == 25);
  CHECK(r.x_iters.size() == 25);
  CHECK(r.fun < 1e-3);
  CHECK(r.best().real("x") == doctest::Approx(0.5).epsilon(0.05));
  CHECK(r.best().real("y") == doctest::Approx(-0.3).epsilon(0.05));
  std::set<std::string> keys;
  for (const Params& p : r.x_iters) CHECK(keys.insert(p.key()).second);  // never the same point twice
  REQUIRE(r.model.has_value());
  CHECK(r.model->n_points() == 25);
  auto [mean, sd] = r.predict(r.best());
  CHECK(mean == doctest::Approx(r.fun).epsilon(0.05).scale(1.0));
  CHECK(sd >= 0.0);
  // The same seed gives the same search.
  GpResult again = gp_minimize(quadratic, space, {.n_calls = 12, .n_initial_points = 8, .n_candidates = 2000, .seed = 4});
  for (size_t i = 0; i < again.x_iters.size(); ++i) CHECK(again.x_iters[i] == r.x_iters[i]);
}

TEST_CASE("gp_minimize: x0 first, y0 taken as known, every acquisition runs") {
  Space space{Real("x", -2, 2), Real("y", -2, 2)};
  for (std::string acq : {"EI", "PI", "LCB", "gp_hedge"}) {
    CAPTURE(acq);
    GpResult r = gp_minimize(quadratic, space,
                             {.n_calls = 12, .n_initial_points = 5, .initial_point_generator = "random",
                              .acq_func = acq, .n_candidates = 1000,
                              .x0 = {Params{{"x", 1.0}, {"y", 1.0}}, Params{{"x", -1.0}, {"y", 0.0}}}});
    REQUIRE(r.x_iters.size() == 12);
    CHECK(r.x_iters[0] == Params{{"x", 1.0}, {"y", 1.0}});
    CHECK(r.func_vals[1] == doctest::Approx(2.34));
  }
  GpResult known = gp_minimize(quadratic, space,
                               {.n_calls = 6, .n_initial_points = 3, .n_candidates = 1000,
                                .x0 = {Params{{"x", 0.0}, {"y", 0.0}}}, .y0 = {0.34}});
  CHECK(known.x_iters.size() == 7);  // the known point + 6 calls
  CHECK(known.func_vals[0] == 0.34);
}

TEST_CASE("gp_minimize: bad input is refused with a message that names it") {
  Space space{Real("x", -2, 2), Real("y", -2, 2)};
  CHECK_THROWS_WITH_AS(gp_minimize(quadratic, space, {.n_calls = 5, .n_initial_points = 10}),
                       doctest::Contains("n_calls = 5 is smaller than the 10 initial evaluations"), tunet::Error);
  CHECK_THROWS_WITH_AS(gp_minimize(quadratic, space, {.n_calls = 12, .x0 = {Params{{"x", 5.0}, {"y", 0.0}}}}),
                       doctest::Contains("x0[0]"), tunet::Error);
  CHECK_THROWS_WITH_AS(gp_minimize(quadratic, space, {.n_calls = 12, .x0 = {Params{{"x", 0.0}}}}),
                       doctest::Contains("y"), tunet::Error);  // wrong arity: y missing
  CHECK_THROWS_WITH_AS(
      gp_minimize(quadratic, space, {.n_calls = 12, .x0 = {Params{{"x", 0.0}, {"y", 0.0}, {"z", 1.0}}}}),
      doctest::Contains("z"), tunet::Error);  // wrong arity: unknown z
  CHECK_THROWS_WITH_AS(
      gp_minimize(quadratic, space, {.n_calls = 12, .x0 = {Params{{"x", 0.0}, {"y", 0.0}}}, .y0 = {1.0, 2.0}}),
      doctest::Contains("y0 has 2 values but x0 has 1"), tunet::Error);
  CHECK_THROWS_AS(gp_minimize(quadratic, space, {.n_calls = 12, .acq_func = "UCB"}), tunet::Error);
  CHECK_THROWS_AS(gp_minimize(quadratic, space, {.n_calls = 12, .initial_point_generator = "sobel"}), tunet::Error);
}

TEST_CASE("gp_minimize: an objective returning NaN is recorded as failed and does not poison the GP") {
  Space space{Real("x", -2, 2), Real("y", -2, 2)};
  auto sometimes_nan = [](const Params& hp) {
    return hp.real("x") > 1.0 ? std::numeric_limits<double>::quiet_NaN() : quadratic(hp);
  };
  GpResult r = gp_minimize(sometimes_nan, space, {.n_calls = 20, .n_initial_points = 8, .n_candidates = 1000, .seed = 2});
  CHECK(r.n_failed() > 0);
  CHECK(std::isfinite(r.fun));
  CHECK(r.best().real("x") <= 1.0);
  REQUIRE(r.model.has_value());
  CHECK(r.model->y_train().allFinite());
  CHECK(r.model->n_points() == 20 - r.n_failed());
  std::vector<double> best = convergence(r);
  for (size_t i = 1; i < best.size(); ++i) {
    if (!std::isnan(best[i - 1])) CHECK(best[i] <= best[i - 1]);
  }
  GpResult all_fail = gp_minimize([](const Params&) { return std::nan(""); }, space,
                                  {.n_calls = 4, .n_initial_points = 2, .n_candidates = 100});
  CHECK_FALSE(all_fail.has_best());
  CHECK(all_fail.n_failed() == 4);
  CHECK_FALSE(all_fail.model.has_value());
}

TEST_CASE("gp_minimize: callbacks stop early; a result's calls continue a search as x0/y0") {
  Space space{Real("x", -2, 2), Real("y", -2, 2)};
  int calls = 0;
  GpResult r = gp_minimize(
      [&](const Params& hp) {
        ++calls;
        return quadratic(hp);
      },
      space, {.n_calls = 30, .n_initial_points = 5, .n_candidates = 1000, .seed = 1, .callbacks = {stop_when_below(0.05)}});
  CHECK(calls < 30);
  CHECK(r.fun <= 0.05);
  CHECK(static_cast<int>(r.func_vals.size()) == calls);
  GpResult more = gp_minimize(quadratic, space,
                              {.n_calls = 3, .n_initial_points = 5, .n_candidates = 1000, .x0 = r.x_iters, .y0 = r.func_vals});
  CHECK(more.x_iters.size() == r.x_iters.size() + 3);
  CHECK(more.fun <= r.fun);
  GpResult patient = gp_minimize(quadratic, space, {.n_calls = 40, .n_initial_points = 5, .n_candidates = 500,
                                                    .callbacks = {stop_without_improvement(3, 1e9)}});
  CHECK(patient.func_vals.size() == 4);  // no improvement > 1e9 within 3 calls
}

TEST_CASE("gp_minimize: an objective that throws fails its call, as in any Study; the temporary journal is removed") {
  Space space{Real("x", -2, 2), Real("y", -2, 2)};
  auto before = [] {
    int n = 0;
    for (const auto& e : fs::directory_iterator(fs::temp_directory_path()))
      n += e.path().filename().string().rfind("tunet_gp_minimize_", 0) == 0;
    return n;
  };
  const int temporary_dirs = before();
  GpResult r = gp_minimize(
      [](const Params& hp) {
        if (hp.real("x") > 1.0) throw std::runtime_error("diverged");
        return quadratic(hp);
      },
      space, {.n_calls = 12, .n_initial_points = 6, .n_candidates = 500, .seed = 5});
  CHECK(r.x_iters.size() == 12);
  for (size_t i = 0; i < r.x_iters.size(); ++i) CHECK(std::isnan(r.func_vals[i]) == (r.x_iters[i].real("x") > 1.0));
  CHECK(before() == temporary_dirs);
  CHECK_THROWS_WITH_AS(gp_minimize([](const Params&) -> double { throw std::runtime_error("broken"); }, space,
                                   {.n_calls = 10, .n_initial_points = 3, .n_candidates = 100,
                                    .max_consecutive_failed_trials = 5}),
                       doctest::Contains("5 trials failed in a row"), tunet::Error);
  CHECK(before() == temporary_dirs);
}

TEST_CASE("gp_minimize in a repo_dir: journaled like the other algorithms, and a stopped search resumes") {
  Space space{Real("x", -2, 2), Real("y", -2, 2)};
  fs::path dir = temp_dir("study");
  auto options = [&](std::vector<GpCallback> callbacks) {
    return GpMinimizeOptions{.n_calls = 12, .n_initial_points = 5, .n_candidates = 500, .seed = 9,
                             .callbacks = std::move(callbacks), .repo_dir = dir};
  };
  int stop_after = 7;
  GpResult first = gp_minimize(quadratic, space,
                               options({[&](const GpResult& r) { return static_cast<int>(r.func_vals.size()) >= stop_after; }}));
  CHECK(first.func_vals.size() == 7);
  CHECK(fs::exists(dir / "results.csv"));
  int new_calls = 0;
  GpResult resumed = gp_minimize(
      [&](const Params& hp) {
        ++new_calls;
        return quadratic(hp);
      },
      space, options({}));
  CHECK(new_calls == 5);  // the 7 journaled calls are replayed, not run again
  REQUIRE(resumed.x_iters.size() == 12);
  for (size_t i = 0; i < 7; ++i) CHECK(resumed.x_iters[i] == first.x_iters[i]);
  fs::remove_all(dir);
}

TEST_CASE("expected_minimum: the GP mean's minimum of a known quadratic, also with a category; from a Study's journal") {
  Space space{Real("x", -2, 2), Real("y", -2, 2)};
  GpResult r = gp_minimize(quadratic, space, {.n_calls = 20, .n_initial_points = 8, .n_candidates = 1000, .seed = 4});
  ExpectedMinimum m = expected_minimum(r, 20, 1);
  CHECK(m.x.real("x") == doctest::Approx(0.5).epsilon(0.05).scale(1.0));
  CHECK(m.x.real("y") == doctest::Approx(-0.3).epsilon(0.05).scale(1.0));
  CHECK(m.fun == doctest::Approx(0.0).scale(1.0).epsilon(0.01));
  CHECK(m.fun <= r.predict(r.x).first + 1e-12);  // no worse than the mean at the best call (a start)

  Space mixed{Real("x", 0, 1), Categorical("c", {"a", "b", "c"})};
  auto g = [](const Params& hp) { return std::pow(hp.real("x") - 0.3, 2) + (hp.str("c") == "b" ? 0.0 : 1.0); };
  GpResult rm = gp_minimize(g, mixed, {.n_calls = 20, .n_initial_points = 6, .n_candidates = 1000, .seed = 2});
  ExpectedMinimum mm = expected_minimum(rm);
  CHECK(mm.x.str("c") == "b");
  CHECK(mm.x.real("x") == doctest::Approx(0.3).epsilon(0.05).scale(1.0));

  // The same from the journal of a search in a repo_dir (what tunet results prints).
  fs::path dir = temp_dir("expected_minimum");
  gp_minimize(quadratic, space, {.n_calls = 20, .n_initial_points = 8, .n_candidates = 1000, .seed = 4, .repo_dir = dir});
  GpResult from_journal = gp_result(Results::load(dir), 0);
  REQUIRE(from_journal.x_iters.size() == 20);
  for (size_t i = 0; i < 20; ++i) CHECK(from_journal.x_iters[i] == r.x_iters[i]);
  CHECK(from_journal.fun == r.fun);
  ExpectedMinimum mj = expected_minimum(from_journal);
  CHECK(mj.x.real("x") == doctest::Approx(0.5).epsilon(0.05).scale(1.0));
  GpResult none;
  CHECK_THROWS_WITH_AS(expected_minimum(none), doctest::Contains("no model"), tunet::Error);
  fs::remove_all(dir);
}

TEST_CASE("BayesianSearch as a Proposer: distinct canonical configurations, exhaustion of a finite space") {
  Space space{Integer("a", 1, 3), Categorical("b", {"u", "v"})};
  BayesianSearch gp({.n_calls = 50, .n_initial_points = 2, .n_candidates = 200});
  gp.start(space, Rng(1), Direction::Minimize);
  std::set<std::string> keys;
  int id = 0;
  while (std::optional<Params> p = gp.ask()) {
    CHECK(keys.insert(p->key()).second);
    Trial t;
    t.id = id++;
    t.params = *p;
    t.status = TrialStatus::Completed;
    t.value = t.loss = static_cast<double>(p->integer("a"));
    gp.tell(t);
  }
  CHECK(keys.size() == 6);
  CHECK(gp.settings()["acq_func"] == "EI");
  CHECK(gp.remaining() == 44u);
}

TEST_CASE("partial dependence of a separable function has the expected shape; plot data is written") {
  Space space{Real("x", 0, 1), Categorical("c", {"a", "b", "c"}), Real("lr", 1e-4, 1e-1, Prior::LogUniform)};
  // f = (x - 0.3)^2 + g(c) + 0.1 * log10(lr)/3: separable in x, c and lr.
  auto f = [](const Params& hp) {
    double g = hp.str("c") == "a" ? 0.0 : hp.str("c") == "b" ? 0.5 : 0.25;
    return std::pow(hp.real("x") - 0.3, 2) + g + 0.1 * std::log10(hp.real("lr")) / 3;
  };
  GpResult r = gp_minimize(f, space, {.n_calls = 30, .n_initial_points = 10, .n_candidates = 1000, .seed = 3});
  PartialDependenceOptions options{.n_points = 21, .n_samples = 100};
  PartialDependence1D px = partial_dependence_1d(r, "x", options);
  REQUIRE(px.values.size() == 21);
  size_t argmin = std::min_element(px.mean.begin(), px.mean.end()) - px.mean.begin();
  CHECK(std::get<double>(px.values[argmin]) == doctest::Approx(0.3).epsilon(0.15).scale(1.0));
  CHECK(px.mean.back() > px.mean[argmin] + 0.2);  // (1 - 0.3)^2 = 0.49 above the minimum
  PartialDependence1D pc = partial_dependence_1d(r, "c", options);
  REQUIRE(pc.values.size() == 3);
  CHECK(pc.mean[0] < pc.mean[2]);
  CHECK(pc.mean[2] < pc.mean[1]);
  PartialDependence1D plr = partial_dependence_1d(r, "lr", options);
  CHECK(std::get<double>(plr.values.front()) == doctest::Approx(1e-4));
  CHECK(std::get<double>(plr.values[10]) == doctest::Approx(std::sqrt(1e-4 * 1e-1)));  // log-spaced grid
  PartialDependence2D pxc = partial_dependence_2d(r, "x", "c", options);
  CHECK(pxc.mean.rows() == 21);
  CHECK(pxc.mean.cols() == 3);
  CHECK(pxc.mean.col(1).minCoeff() > pxc.mean.col(0).minCoeff());
  CHECK_THROWS_AS(partial_dependence_1d(r, "nope", options), tunet::Error);

  std::string conv = convergence_csv(r);
  CHECK(conv.rfind("call,value,best\n1,", 0) == 0);
  CHECK(std::count(conv.begin(), conv.end(), '\n') == 31);
  std::string evals = evaluations_csv(r);
  CHECK(evals.rfind("call,x,c,lr,value\n", 0) == 0);
  fs::path dir = temp_dir("plots");
  write_plot_data(r, dir, {.n_points = 8, .n_samples = 20});
  for (const char* name : {"convergence.csv", "evaluations.csv", "plot_data.json", "pd_x.csv", "pd_c.csv", "pd_x_c.csv",
                           "pd_c_lr.csv"}) {
    CHECK(fs::exists(dir / name));
  }
  std::ifstream in(dir / "plot_data.json");
  Json j = Json::parse(in);
  CHECK(j["convergence"].size() == 30);
  CHECK(j["partial_dependence"].size() == 3);
  CHECK(j["partial_dependence_2d"].size() == 3);
  fs::remove_all(dir);
}
