#include "tuner/scheduler.hpp"

#include "core/error.hpp"

namespace tunet::tuner {

Trial TrialSpec::trial(int id) const {
  Trial t;
  t.id = id;
  t.params = params;
  t.budget = budget;
  t.initial_epoch = initial_epoch;
  t.bracket = bracket;
  t.rung = rung;
  t.resumed_from = resumed_from;
  return t;
}

void Scheduler::print_plan(std::ostream&) const {}

EveryProposal::EveryProposal(Proposer& proposer, int budget) : proposer_(proposer), budget_(budget) {
  check(budget >= 1, "the budget per trial must be >= 1, got " + std::to_string(budget));
}

Json EveryProposal::settings() const {
  Json j = Json::object();
  j["name"] = proposer_.name();
  j["settings"] = proposer_.settings();
  j["budget"] = budget_;
  return j;
}

void EveryProposal::start(const Space& space, Rng rng, Direction direction) {
  proposer_.start(space, rng, direction);
  handed_out_ = told_ = 0;
}

void EveryProposal::tell(const Trial& trial) {
  proposer_.tell(trial);
  ++told_;
}

std::optional<TrialSpec> EveryProposal::next() { return spec_of(proposer_.ask()); }

std::optional<TrialSpec> EveryProposal::next_recorded(const Trial& recorded) {
  return spec_of(proposer_.ask_recorded(recorded.params));
}

std::optional<TrialSpec> EveryProposal::spec_of(std::optional<Params> params) {
  if (!params) return std::nullopt;
  ++handed_out_;
  TrialSpec spec;
  spec.params = std::move(*params);
  spec.budget = budget_;
  return spec;
}

std::optional<long> EveryProposal::remaining_budget() const {
  auto left = proposer_.remaining();
  if (!left) return std::nullopt;
  return static_cast<long>(*left) * budget_;
}

}  // namespace tunet::tuner
