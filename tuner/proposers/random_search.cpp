#include "tuner/proposers/random_search.hpp"

#include "core/error.hpp"

namespace tunet::tuner {

namespace {
constexpr int kRejectionsBeforeEnumerating = 100;  // finite spaces: then pick among the rest
constexpr int kRejectionsBeforeGivingUp = 10'000;  // continuous spaces (practically never reached)
constexpr size_t kMaxEnumerated = 200'000;
constexpr int kFeasibleDraws = 100;  // draws per ask under constraints
}  // namespace

RandomSearch::RandomSearch(RandomOptions options) : options_(options) {
  check(options_.n_trials >= 0, "random search: n_trials must be >= 0, got " + std::to_string(options_.n_trials));
}

Json RandomSearch::settings() const {
  Json j = Json::object();
  j["n_trials"] = options_.n_trials;
  return j;
}

void RandomSearch::start(const Space& space, Rng rng, Direction) {
  space_ = space;
  rng_ = rng;
  seen_.clear();
  asked_ = 0;
  exhausted_ = false;
}

std::optional<Params> RandomSearch::ask() {
  if (exhausted_ || (options_.n_trials > 0 && asked_ >= options_.n_trials)) return std::nullopt;
  // Under constraints an infeasible draw is drawn again, at most
  // kFeasibleDraws times; then the first draw goes (the Study records it).
  std::optional<Params> first;
  for (int draw = 0; draw < kFeasibleDraws; ++draw) {
    std::optional<Params> p = draw_new();
    if (!p) break;
    if (feasible(*p)) {
      ++asked_;
      return p;
    }
    if (!first) first = std::move(p);
  }
  if (first) ++asked_;
  return first;
}

// A configuration not drawn before; nullopt (and exhausted_) when none is left.
std::optional<Params> RandomSearch::draw_new() {
  for (int rejections = 0;; ++rejections) {
    if (rejections == kRejectionsBeforeEnumerating && space_.is_finite()) return pick_from_rest();
    if (rejections == kRejectionsBeforeGivingUp) {
      exhausted_ = true;
      return std::nullopt;
    }
    Params p = space_.sample(rng_);
    if (seen_.insert(p.key()).second) return p;
  }
}

// Uniform among the configurations not seen yet (the feasible ones, when
// some are); none left: the space is exhausted.
std::optional<Params> RandomSearch::pick_from_rest() {
  std::vector<Params> rest;
  for (Params& p : space_.enumerate(kMaxEnumerated))
    if (!seen_.count(p.key())) rest.push_back(std::move(p));
  if (constrained()) {
    std::vector<Params> feasible_rest;
    for (const Params& p : rest)
      if (feasible(p)) feasible_rest.push_back(p);
    if (!feasible_rest.empty()) rest = std::move(feasible_rest);
  }
  if (rest.empty()) {
    exhausted_ = true;
    return std::nullopt;
  }
  Params p = std::move(rest[rng_.below(rest.size())]);
  seen_.insert(p.key());
  return p;
}

void RandomSearch::tell(const Trial& trial) { seen_.insert(trial.params.key()); }

std::optional<size_t> RandomSearch::remaining() const {
  if (options_.n_trials == 0) return std::nullopt;
  return static_cast<size_t>(options_.n_trials - asked_);
}

}  // namespace tunet::tuner
