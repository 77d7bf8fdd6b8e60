#include "tuner/schedulers/scheduler.hpp"

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

}  // namespace tunet::tuner
