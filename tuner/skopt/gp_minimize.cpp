#include "tuner/skopt/gp_minimize.hpp"

#include <stdlib.h>

#include <cmath>
#include <limits>
#include <ostream>
#include <set>

#include "core/error.hpp"
#include "tuner/proposers/stopping_proposer.hpp"
#include "tuner/study/objective.hpp"
#include "tuner/study/study.hpp"

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

// A Study directory for a search without repo_dir, removed with its journal at the end.
class TemporaryStudyDir {
 public:
  TemporaryStudyDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tunet_gp_minimize_XXXXXX").string();
    check(mkdtemp(pattern.data()) != nullptr, "gp_minimize: cannot create a temporary directory like " + pattern);
    path_ = pattern;
  }
  ~TemporaryStudyDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TemporaryStudyDir(const TemporaryStudyDir&) = delete;
  TemporaryStudyDir& operator=(const TemporaryStudyDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The final model: every successful point, warm-started from `warm` when given.
std::optional<GaussianProcess> fit_model(const SpaceTransform& transform, const std::vector<Params>& x_iters,
                                         const std::vector<double>& func_vals, const GaussianProcess* warm,
                                         const GpOptions& options, std::uint64_t seed) {
  std::vector<size_t> ok;
  for (size_t i = 0; i < func_vals.size(); ++i)
    if (std::isfinite(func_vals[i])) ok.push_back(i);
  if (ok.empty()) return std::nullopt;
  Eigen::MatrixXd x(static_cast<Eigen::Index>(ok.size()), transform.n_coordinates());
  Eigen::VectorXd y(static_cast<Eigen::Index>(ok.size()));
  for (size_t k = 0; k < ok.size(); ++k) {
    x.row(static_cast<Eigen::Index>(k)) = transform.to_cube(x_iters[ok[k]]).transpose();
    y[static_cast<Eigen::Index>(k)] = func_vals[ok[k]];
  }
  GaussianProcess gp = warm ? *warm : GaussianProcess(options);
  gp.set_categorical_blocks(transform.layout().one_hot_blocks());
  Rng rng(seed, /*stream=*/0x6d6f64656cULL);  // "model"
  gp.fit(x, y, rng);
  return gp;
}

// x, fun: the best successful call.
void set_best(GpResult& r) {
  for (size_t i = 0; i < r.func_vals.size(); ++i) {
    if (std::isfinite(r.func_vals[i]) && (!r.has_best() || r.func_vals[i] < r.fun)) {
      r.x = r.x_iters[i];
      r.fun = r.func_vals[i];
    }
  }
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
  set_best(r);
  const GpAskTell& opt = search.optimizer();
  if (!fit_final_model) {
    if (opt.model()) r.model = *opt.model();
    return r;
  }
  // The final model sees every successful call (the last proposal's model
  // missed the last value), warm-started from that model's hyperparameters.
  r.model = fit_model(search.transform(), r.x_iters, r.func_vals, opt.model(), search.options().gp, seed);
  return r;
}

GpResult gp_result(const Results& results, std::uint64_t seed, const GpOptions& gp) {
  GpResult r;
  r.space = results.space();
  std::set<std::string> seen;
  for (const Trial& t : results.trials()) {
    if (!t.finished() || !seen.insert(t.params.key()).second) continue;  // a continuation of a configuration
    r.x_iters.push_back(t.params);
    r.func_vals.push_back(t.ok() && std::isfinite(t.loss) ? t.loss : std::numeric_limits<double>::quiet_NaN());
  }
  set_best(r);
  r.model = fit_model(SpaceTransform(r.space), r.x_iters, r.func_vals, nullptr, gp, seed);
  return r;
}

GpResult gp_minimize(const GpObjective& objective, const Space& space, const GpMinimizeOptions& options) {
  check(static_cast<bool>(objective), "gp_minimize: the objective is empty");
  auto owned = std::make_unique<BayesianSearch>(search_options(options));  // validates the options
  BayesianSearch& search = *owned;
  search.start(space, Rng(options.seed), Direction::Minimize);  // checks x0 before a journal is written

  std::vector<Stopper> stoppers = options.stoppers;
  if (!options.callbacks.empty()) {
    stoppers.push_back([&](const std::vector<double>&) {
      GpResult partial = gp_result(search, /*fit_final_model=*/false, options.seed);
      bool stop = false;
      for (const GpCallback& callback : options.callbacks) stop = callback(partial) || stop;
      return stop;
    });
  }
  StoppingProposer proposer(std::move(owned), std::move(stoppers));

  std::optional<TemporaryStudyDir> temporary;
  if (options.repo_dir.empty()) temporary.emplace();
  FunctionObjective study_objective([&](const Params& params, int, TrialContext&) { return objective(params); });
  Study study(space, study_objective,
              {.repo_dir = temporary ? temporary->path() : options.repo_dir,
               .seed = options.seed,
               .max_consecutive_failed_trials = options.max_consecutive_failed_trials > 0
                                                    ? options.max_consecutive_failed_trials
                                                    : std::numeric_limits<int>::max(),
               .log = options.log});
  study.run(proposer, /*budget=*/1);
  if (options.log && proposer.stopped())
    *options.log << "gp_minimize: stopped after " << proposer.func_vals().size()
                 << " calls: a stopper or callback returned true\n";
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

}  // namespace tunet::tuner
