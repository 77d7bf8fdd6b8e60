#include "tuner/proposers/bayesian_search.hpp"

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "tuner/proposers/gp/parego.hpp"
#include "tuner/storage/crash_point.hpp"

namespace tunet::tuner {
namespace {

// Proposals that decode to a configuration already used (possible when
// inactive coordinates differ) are excluded and the GP asked again.
constexpr int kDuplicateRetries = 100;
constexpr uint64_t kParegoStream = 0x9a7e90;  // the weight vectors' generator, apart from the GP's

}  // namespace

BayesianSearch::BayesianSearch(GpSearchOptions options) : options_(std::move(options)) {
  check(options_.n_calls >= 1, "BayesianSearch: n_calls must be >= 1, got " + std::to_string(options_.n_calls));
  check(options_.n_initial_points >= 0,
        "BayesianSearch: n_initial_points must be >= 0, got " + std::to_string(options_.n_initial_points));
  check(options_.y0.empty() || options_.y0.size() == options_.x0.size(),
        "BayesianSearch: y0 has " + std::to_string(options_.y0.size()) + " values but x0 has " +
            std::to_string(options_.x0.size()) + " points; give one value per point, or none");
  const int to_evaluate = options_.y0.empty() ? static_cast<int>(options_.x0.size()) : 0;
  const int random_points = std::max(0, options_.n_initial_points - static_cast<int>(options_.x0.size()));
  check(options_.n_calls >= to_evaluate + random_points,
        "BayesianSearch: n_calls = " + std::to_string(options_.n_calls) + " is smaller than the " +
            std::to_string(to_evaluate + random_points) + " initial evaluations (" + std::to_string(to_evaluate) +
            " x0 points without y0 + " + std::to_string(random_points) +
            " initial points); raise n_calls or lower n_initial_points");
  parse_initial_point_generator(options_.initial_point_generator);  // throws for an unknown name
  if (options_.acq_func != "gp_hedge") parse_acquisition(options_.acq_func);
}

Json BayesianSearch::settings() const {
  Json x0 = Json::array();
  for (const Params& p : options_.x0) x0.push_back(p.to_json());
  return Json{{"n_calls", options_.n_calls},
              {"n_initial_points", options_.n_initial_points},
              {"initial_point_generator", options_.initial_point_generator},
              {"acq_func", options_.acq_func},
              {"xi", options_.xi},
              {"kappa", options_.kappa},
              {"n_candidates", options_.n_candidates},
              {"x0", x0},
              {"y0", options_.y0}};
}

void BayesianSearch::start(const Space& space, Rng rng, Direction /*direction: trial.loss is already minimised*/) {
  transform_.emplace(space);
  GpAskTellOptions opt{.n_initial_points = options_.n_initial_points,
                         .initial_design = parse_initial_point_generator(options_.initial_point_generator),
                         .acq_func = options_.acq_func,
                         .xi = options_.xi,
                         .kappa = options_.kappa,
                         .n_candidates = options_.n_candidates,
                         .gp = options_.gp};
  check(!objectives().several() || options_.y0.empty(),
        "gp: y0 cannot be combined with several objectives (search.objectives)");
  weights_rng_.emplace(rng.derive(kParegoStream));
  optimizer_.emplace(transform_->layout(), opt, rng);
  if (constrained())
    optimizer_->set_feasible([this](const Eigen::VectorXd& u) { return feasible(transform_->from_cube(u)); });
  // start() begins a fresh search (a resumed Study replays its journal after it).
  x0_to_ask_.clear();
  next_x0_ = 0;
  asked_ = 0;
  used_.clear();
  told_.clear();
  told_params_.clear();
  told_losses_.clear();
  told_points_.clear();
  pending_.clear();
  for (size_t i = 0; i < options_.x0.size(); ++i) {
    Params p;
    try {
      p = space.canonical(options_.x0[i]);
    } catch (const Error& e) {
      throw Error("BayesianSearch: x0[" + std::to_string(i) + "] = " + to_string(options_.x0[i]) +
                  " does not fit the space: " + e.what());
    }
    if (!used_.insert(p.key()).second) continue;  // a repeated starting point is used once
    if (options_.y0.empty()) {
      x0_to_ask_.push_back(p);
      optimizer_->mark_pending(transform_->to_cube(p));
    } else {
      told_.insert(p.key());
      double y = std::isfinite(options_.y0[i]) ? options_.y0[i] : std::numeric_limits<double>::quiet_NaN();
      optimizer_->tell(transform_->to_cube(p), y);
      told_params_.push_back(p);
      told_losses_.push_back(y);
    }
  }
}

const SpaceTransform& BayesianSearch::transform() const {
  check(transform_.has_value(), "BayesianSearch: call start() first");
  return *transform_;
}

const GpAskTell& BayesianSearch::optimizer() const {
  check(optimizer_.has_value(), "BayesianSearch: call start() first");
  return *optimizer_;
}

std::optional<size_t> BayesianSearch::remaining() const {
  return static_cast<size_t>(std::max(0, options_.n_calls - asked_));
}

std::optional<Params> BayesianSearch::ask() {
  check(optimizer_.has_value(), "BayesianSearch::ask: call start() first");
  if (asked_ >= options_.n_calls) return std::nullopt;
  if (next_x0_ < x0_to_ask_.size()) {
    ++asked_;
    return x0_to_ask_[next_x0_++];
  }
  if (objectives().several() && !told_points_.empty()) {
    Rng draw = weights_rng_->derive(static_cast<uint64_t>(asked_));
    optimizer_->retell(parego_scalarise(told_points_, parego_weights(static_cast<int>(objectives().size()), draw)));
  }
  for (int attempt = 0; attempt < kDuplicateRetries; ++attempt) {
    std::optional<Eigen::VectorXd> u = optimizer_->ask();
    if (!u) return std::nullopt;  // a discrete space is exhausted
    Params p = transform_->from_cube(*u);
    std::string key = p.key();
    if (!used_.insert(key).second) {
      optimizer_->exclude(*u);
      continue;
    }
    pending_[key] = *u;
    ++asked_;
    crash_point("gp_proposal");
    return p;
  }
  return std::nullopt;
}

std::optional<Params> BayesianSearch::ask_recorded(const Params& recorded) {
  const size_t x0_before = next_x0_;
  std::optional<Params> asked = ask();
  if (!asked) return std::nullopt;
  const Params p = transform_->space().canonical(recorded);
  const std::string key = p.key();
  if (asked->key() == key) return p;
  // This build proposed another configuration: it stays used (never proposed
  // later), and the recorded one is outstanding instead.
  if (next_x0_ == x0_before) {
    auto it = pending_.find(asked->key());
    optimizer_->release(it->second);
    pending_.erase(it);
  }
  const Eigen::VectorXd u = transform_->to_cube(p);
  optimizer_->mark_pending(u);
  pending_[key] = u;
  used_.insert(key);
  return p;
}

void BayesianSearch::tell(const Trial& trial) {
  check(optimizer_.has_value(), "BayesianSearch::tell: call start() first");
  Params p = transform_->space().canonical(trial.params);
  std::string key = p.key();
  Eigen::VectorXd u = transform_->to_cube(p);
  if (auto it = pending_.find(key); it != pending_.end()) {
    optimizer_->release(it->second);
    pending_.erase(it);
  }
  optimizer_->release(u);  // an x0 point
  used_.insert(key);
  if (!told_.insert(key).second) return;  // a continuation: the first value stays
  double loss = std::isfinite(trial.loss) && trial.ok() ? trial.loss : std::numeric_limits<double>::quiet_NaN();
  if (objectives().several()) {
    told_points_.push_back(objectives().point(trial));
    if (!told_points_.back()) loss = std::numeric_limits<double>::quiet_NaN();  // ask() scalarises the others
  }
  optimizer_->tell(u, loss);
  told_params_.push_back(p);
  told_losses_.push_back(loss);
}

}  // namespace tunet::tuner
