#include "tuner/proposers/bohb_proposer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "tuner/proposers/gp/acquisition.hpp"
#include "tuner/proposers/gp/gp_ask_tell.hpp"

namespace tunet::tuner {
namespace {

// Streams of the start() generator: one per ask (k = 0, 1, ...), and the
// random proposals' own generator at the far end.
constexpr uint64_t kRandomStream = ~uint64_t{0};
constexpr uint64_t kModelStream = 1;  // derived from an ask's generator
// Model proposals that decode to a configuration already used (inactive
// coordinates differ) are excluded and the model asked again.
constexpr int kDuplicateRetries = 20;

}  // namespace

BohbProposer::BohbProposer(BohbOptions options) : options_(std::move(options)) {
  check(options_.random_fraction >= 0 && options_.random_fraction <= 1,
        "BohbProposer: random_fraction must be in [0, 1], got " + std::to_string(options_.random_fraction));
  check(options_.min_points_in_model >= 0,
        "BohbProposer: min_points_in_model must be >= 0, got " + std::to_string(options_.min_points_in_model));
  check(options_.n_candidates >= 1, "BohbProposer: n_candidates must be >= 1, got " +
                                        std::to_string(options_.n_candidates));
  parse_acquisition(options_.acq_func);  // throws, naming the choices
}

Json BohbProposer::settings() const {
  return Json{{"model", "gp"},
              {"random_fraction", options_.random_fraction},
              {"min_points_in_model", options_.min_points_in_model},
              {"acq_func", options_.acq_func},
              {"xi", options_.xi},
              {"n_candidates", options_.n_candidates}};
}

void BohbProposer::start(const Space& space, Rng rng, Direction direction) {
  transform_.emplace(space);
  rng_ = rng;
  random_.start(space, rng.derive(kRandomStream), direction);
  const int dimensions = static_cast<int>(transform_->layout().blocks().size());
  min_points_ = options_.min_points_in_model > 0 ? options_.min_points_in_model : dimensions + 1;
  n_asked_ = model_proposals_ = 0;
  used_.clear();
  used_points_.clear();
  results_.clear();
  pending_.clear();
}

std::optional<int> BohbProposer::model_budget() const {
  for (auto it = results_.rbegin(); it != results_.rend(); ++it)
    if (static_cast<int>(it->second.size()) >= min_points_) return it->first;
  return std::nullopt;
}

std::optional<Params> BohbProposer::ask() {
  check(transform_.has_value(), "BohbProposer::ask: call start() first");
  Rng ask_rng = rng_.derive(static_cast<uint64_t>(n_asked_++));
  const bool random = ask_rng.uniform() < options_.random_fraction;
  std::optional<Params> p;
  // A space of Fixed dimensions only has nothing to model.
  if (const std::optional<int> budget = model_budget(); budget && !random && transform_->n_coordinates() > 0) {
    Rng model_rng = ask_rng.derive(kModelStream);
    p = model_proposal(*budget, model_rng);
    if (p) ++model_proposals_;
  }
  if (!p) p = random_.ask();  // never one already used: every used key was told to it
  if (!p) return std::nullopt;
  mark_used(*p);
  pending_[p->key()] = transform_->to_cube(*p);
  return p;
}

// The optimum of expected improvement under a GP fitted to the results at `budget`.
std::optional<Params> BohbProposer::model_proposal(int budget, Rng& rng) {
  GpAskTellOptions o;
  o.n_initial_points = 0;
  o.acq_func = options_.acq_func;
  o.xi = options_.xi;
  o.n_candidates = options_.n_candidates;
  GpAskTell optimizer(transform_->layout(), o, rng);
  if (constrained())
    optimizer.set_feasible([this](const Eigen::VectorXd& u) { return feasible(transform_->from_cube(u)); });
  double lie = std::numeric_limits<double>::infinity();
  for (const Result& r : results_.at(budget)) {
    optimizer.tell(r.point, r.loss);
    lie = std::min(lie, r.loss);
  }
  for (const auto& entry : pending_) optimizer.tell(entry.second, lie);  // constant liar (cl_min)
  for (const Eigen::VectorXd& u : used_points_) optimizer.exclude(u);
  for (int attempt = 0; attempt < kDuplicateRetries; ++attempt) {
    std::optional<Eigen::VectorXd> u = optimizer.ask();
    if (!u) return std::nullopt;
    Params p = transform_->from_cube(*u);
    if (!used_.count(p.key())) return p;
    optimizer.exclude(*u);
  }
  return std::nullopt;
}

void BohbProposer::mark_used(const Params& p) {
  if (!used_.insert(p.key()).second) return;
  used_points_.push_back(transform_->to_cube(p));
  Trial seen;
  seen.params = p;
  random_.tell(seen);  // random proposals skip it too
}

std::optional<Params> BohbProposer::ask_recorded(const Params& recorded) {
  std::optional<Params> asked = ask();
  if (!asked) return std::nullopt;
  const Params p = transform_->space().canonical(recorded);
  if (asked->key() == p.key()) return p;
  // This build proposed another configuration: it stays used (never proposed
  // later), and the journal's goes on (and is the pending one).
  pending_.erase(asked->key());
  mark_used(p);
  pending_[p.key()] = transform_->to_cube(p);
  return p;
}

void BohbProposer::set_feasible(FeasibleTest test) {
  random_.set_feasible(test);
  Proposer::set_feasible(std::move(test));
}

void BohbProposer::tell(const Trial& trial) {
  check(transform_.has_value(), "BohbProposer::tell: call start() first");
  const Params p = transform_->space().canonical(trial.params);
  mark_used(p);
  pending_.erase(p.key());
  if (trial.ok() && std::isfinite(trial.loss)) results_[trial.budget].push_back({transform_->to_cube(p), trial.loss});
}

}  // namespace tunet::tuner
