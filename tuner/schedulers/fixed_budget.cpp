#include "tuner/schedulers/fixed_budget.hpp"

#include "core/error.hpp"

namespace tunet::tuner {

FixedBudget::FixedBudget(Proposer& proposer, int budget) : proposer_(proposer), budget_(budget) {
  check(budget >= 1, "the budget per trial must be >= 1, got " + std::to_string(budget));
}

Json FixedBudget::settings() const {
  Json j = Json::object();
  j["name"] = proposer_.name();
  j["settings"] = proposer_.settings();
  j["budget"] = budget_;
  return j;
}

void FixedBudget::start(const Space& space, Rng rng, Direction direction) {
  proposer_.start(space, rng, direction);
  handed_out_ = told_ = 0;
}

void FixedBudget::tell(const Trial& trial) {
  proposer_.tell(trial);
  ++told_;
}

std::optional<TrialSpec> FixedBudget::next() { return spec_of(proposer_.ask()); }

std::optional<TrialSpec> FixedBudget::next_recorded(const Trial& recorded) {
  return spec_of(proposer_.ask_recorded(recorded.params));
}

std::optional<TrialSpec> FixedBudget::spec_of(std::optional<Params> params) {
  if (!params) return std::nullopt;
  ++handed_out_;
  TrialSpec spec;
  spec.params = std::move(*params);
  spec.budget = budget_;
  return spec;
}

std::optional<long> FixedBudget::remaining_budget() const {
  auto left = proposer_.remaining();
  if (!left) return std::nullopt;
  return static_cast<long>(*left) * budget_;
}

}  // namespace tunet::tuner
