#include "tuner/gp_minimize.hpp"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/error.hpp"
#include "tuner/atomic_file.hpp"
#include "tuner/objective.hpp"
#include "tuner/study.hpp"

namespace tunet::tuner {
namespace {

GpSearchOptions search_options(const GpMinimizeOptions& o) {
  return {.n_calls = o.n_calls,
          .n_initial_points = o.n_initial_points,
          .initial_point_generator = o.initial_point_generator,
          .acq_func = o.acq_func,
          .xi = o.xi,
          .kappa = o.kappa,
          .n_candidates = o.n_candidates,
          .x0 = o.x0,
          .y0 = o.y0,
          .gp = o.gp};
}

Json number_or_null(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

// Runs the callbacks on the result so far; true when one asks to stop.
bool callbacks_stop(const GpMinimizeOptions& options, const BayesianSearch& search) {
  if (options.callbacks.empty()) return false;
  GpResult partial = gp_result(search, /*fit_final_model=*/false, options.seed);
  bool stop = false;
  for (const GpCallback& callback : options.callbacks) stop = callback(partial) || stop;
  return stop;
}

}  // namespace

int GpResult::n_failed() const {
  return static_cast<int>(std::count_if(func_vals.begin(), func_vals.end(), [](double v) { return std::isnan(v); }));
}

std::pair<double, double> GpResult::predict(const Params& params) const {
  check(model.has_value(), "GpResult::predict: no model (no call succeeded)");
  SpaceTransform transform(space);
  Eigen::MatrixXd u = transform.to_cube(params).transpose();
  GpPrediction p = model->predict(u);
  return {p.mean[0], p.std[0]};
}

Json GpResult::to_json() const {
  Json iters = Json::array(), vals = Json::array();
  for (const Params& p : x_iters) iters.push_back(p.to_json());
  for (double v : func_vals) vals.push_back(number_or_null(v));
  return Json{{"x", x.to_json()}, {"fun", number_or_null(fun)}, {"x_iters", iters}, {"func_vals", vals},
              {"space", space.to_json()}};
}

GpResult gp_result(const BayesianSearch& search, bool fit_final_model, std::uint64_t seed) {
  GpResult r;
  r.space = search.transform().space();
  r.x_iters = search.told_params();
  r.func_vals = search.told_losses();
  for (size_t i = 0; i < r.func_vals.size(); ++i) {
    if (std::isfinite(r.func_vals[i]) && (!r.has_best() || r.func_vals[i] < r.fun)) {
      r.x = r.x_iters[i];
      r.fun = r.func_vals[i];
    }
  }
  const GpOptimizer& opt = search.optimizer();
  if (!fit_final_model) {
    if (opt.model()) r.model = *opt.model();
    return r;
  }
  // The final model sees every successful call (the last proposal's model
  // missed the last value), warm-started from that model's hyperparameters.
  std::vector<Eigen::Index> ok;
  for (Eigen::Index i = 0; i < opt.x_told().rows(); ++i) {
    if (std::isfinite(opt.y_told()[i])) ok.push_back(i);
  }
  if (ok.empty()) return r;
  Eigen::MatrixXd x(ok.size(), opt.x_told().cols());
  Eigen::VectorXd y(ok.size());
  for (size_t k = 0; k < ok.size(); ++k) {
    x.row(k) = opt.x_told().row(ok[k]);
    y[k] = opt.y_told()[ok[k]];
  }
  GaussianProcess gp = opt.model() ? *opt.model() : GaussianProcess(search.options().gp);
  Rng rng(seed, /*stream=*/0x6d6f64656cULL);  // "model"
  gp.fit(x, y, rng);
  r.model = std::move(gp);
  return r;
}

GpResult gp_minimize(const GpObjective& objective, const Space& space, const GpMinimizeOptions& options) {
  check(static_cast<bool>(objective), "gp_minimize: the objective is empty");
  BayesianSearch search(search_options(options));  // validates the options
  if (!options.repo_dir.empty()) {
    // A Study: journal, results.csv, resume by replay. Callbacks see each call
    // as it finishes (the search is told by the Study right after).
    FunctionObjective study_objective([&](const Params& params, int, TrialContext&) {
      return objective(params);
    });
    Study study(space, study_objective, {.repo_dir = options.repo_dir, .seed = options.seed, .log = options.log});
    struct StoppingSearch : Proposer {
      BayesianSearch& inner;
      const GpMinimizeOptions& options;
      StoppingSearch(BayesianSearch& s, const GpMinimizeOptions& o) : inner(s), options(o) {}
      std::string name() const override { return inner.name(); }
      Json settings() const override { return inner.settings(); }
      void start(const Space& sp, Rng rng, Direction d) override { inner.start(sp, rng, d); }
      std::optional<Params> ask() override { return inner.ask(); }
      std::optional<size_t> remaining() const override { return inner.remaining(); }
      void tell(const Trial& trial) override {
        inner.tell(trial);
        if (callbacks_stop(options, inner)) inner.stop();
      }
    } stopping(search, options);
    study.run(stopping, /*budget=*/1);
    return gp_result(search, /*fit_final_model=*/true, options.seed);
  }

  search.start(space, Rng(options.seed), Direction::Minimize);
  int id = 0;
  while (std::optional<Params> params = search.ask()) {
    Trial trial;
    trial.id = id++;
    trial.params = *params;
    trial.budget = 1;
    double value = objective(*params);
    if (std::isfinite(value)) {
      trial.status = TrialStatus::Completed;
      trial.value = value;
      trial.loss = value;
    } else {
      trial.status = TrialStatus::Failed;
      trial.failure = "the objective returned " + std::to_string(value);
    }
    search.tell(trial);
    if (callbacks_stop(options, search)) search.stop();
  }
  return gp_result(search, /*fit_final_model=*/true, options.seed);
}

GpCallback stop_when_below(double threshold) {
  return [threshold](const GpResult& r) { return r.has_best() && r.fun <= threshold; };
}

GpCallback stop_without_improvement(int n_calls, double delta) {
  check(n_calls >= 1, "stop_without_improvement: n_calls must be >= 1, got " + std::to_string(n_calls));
  return [n_calls, delta](const GpResult& r) {
    const int n = static_cast<int>(r.func_vals.size());
    if (n <= n_calls) return false;
    double before = std::numeric_limits<double>::infinity(), now = before;
    for (int i = 0; i < n; ++i) {
      if (std::isnan(r.func_vals[i])) continue;
      if (i < n - n_calls) before = std::min(before, r.func_vals[i]);
      now = std::min(now, r.func_vals[i]);
    }
    return std::isfinite(before) && before - now <= delta;
  };
}

GpCallback checkpoint_to(std::filesystem::path path) {
  return [path = std::move(path)](const GpResult& r) {
    write_file_atomically(path, r.to_json().dump(2) + "\n");
    return false;
  };
}

GpCheckpoint read_checkpoint(const std::filesystem::path& path) {
  std::ifstream in(path);
  check(in.good(), "read_checkpoint: cannot open " + path.string());
  Json j;
  try {
    j = Json::parse(in);
  } catch (const std::exception& e) {
    throw Error("read_checkpoint: " + path.string() + " is not valid JSON: " + e.what());
  }
  check(j.contains("x_iters") && j.contains("func_vals") && j["x_iters"].size() == j["func_vals"].size(),
        "read_checkpoint: " + path.string() + " needs x_iters and func_vals of the same length");
  GpCheckpoint c;
  for (size_t i = 0; i < j["x_iters"].size(); ++i) {
    c.x0.push_back(Params::from_json(j["x_iters"][i]));
    const Json& v = j["func_vals"][i];
    c.y0.push_back(v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN());
  }
  return c;
}

}  // namespace tunet::tuner
