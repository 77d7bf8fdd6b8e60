#include "tuner/proposers/stopping_proposer.hpp"

#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace tunet::tuner {

StoppingProposer::StoppingProposer(std::unique_ptr<Proposer> inner, std::vector<Stopper> stoppers)
    : inner_(std::move(inner)), stoppers_(std::move(stoppers)) {
  check(inner_ != nullptr, "StoppingProposer: no proposer given");
  for (const Stopper& s : stoppers_) check(static_cast<bool>(s), "StoppingProposer: a stopper is empty");
}

void StoppingProposer::start(const Space& space, Rng rng, Direction direction) {
  inner_->start(space, rng, direction);
  func_vals_.clear();
  stopped_ = false;
}

std::optional<Params> StoppingProposer::ask() {
  if (stopped_) return std::nullopt;
  return inner_->ask();
}

void StoppingProposer::tell(const Trial& trial) {
  inner_->tell(trial);
  if (trial.resumed_from) return;  // a continuation: the configuration was counted
  func_vals_.push_back(trial.ok() && std::isfinite(trial.loss) ? trial.loss
                                                               : std::numeric_limits<double>::quiet_NaN());
  for (Stopper& stopper : stoppers_) stopped_ = stopper(func_vals_) || stopped_;  // every stopper sees every call
}

std::optional<size_t> StoppingProposer::remaining() const {
  if (stopped_) return 0;
  return inner_->remaining();
}

}  // namespace tunet::tuner
