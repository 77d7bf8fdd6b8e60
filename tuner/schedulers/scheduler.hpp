#pragma once
// Scheduler: decides which configuration runs next, for what budget, and when
// the search ends. It takes configurations from a Proposer; the Study runs
// what it schedules and tells it the outcome. Three schedulers exist:
// FixedBudget (each proposed configuration once, at a fixed budget: grid,
// random and GP searches), Hyperband (brackets of successive halving) and
// Asha (asynchronous successive halving, asha.hpp).
//
// Contract (several trials may run at once, one per free worker):
// - next() may be called while earlier trials are pending (handed out, not
//   yet told). It returns a trial that can start now, or nullopt when none
//   can: then, if trials are pending, the caller waits for a tell and asks
//   again (a tell may make trials ready, e.g. a finished Hyperband rung); if
//   none are pending (pending() == 0), the search is over.
// - tell() may come in any order. The scheduler finds which handed-out trial
//   it is from the Trial: params.key() with the rung (and bracket) fields,
//   since a proposer never proposes the same configuration twice.
// - Deterministic: what it hands out depends only on start()'s arguments and
//   the sequence of next() and tell() calls, so a search resumes by replaying
//   its journal: the recorded next_recorded() and tell() calls in journal
//   order, and a parallel run resumes exactly. A next() that returns nullopt
//   changes nothing that the next call would not do the same way, so those
//   calls need no record.
// - Called one trial at a time (next, tell, next, tell, ...), every scheduler
//   behaves as the serial algorithm it implements.
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "core/random.hpp"
#include "tuner/config/json.hpp"
#include "tuner/proposers/proposer.hpp"
#include "tuner/space/space.hpp"
#include "tuner/study/trial.hpp"

namespace tunet::tuner {

// What to run next: a configuration, its total budget, and where it stands.
struct TrialSpec {
  Params params;
  int budget = 1;
  int initial_epoch = 0;             // budget already trained (continuations)
  int bracket = -1;
  int rung = -1;
  std::optional<int> resumed_from;   // continue this trial's final checkpoint

  // The trial that runs this spec, numbered `id` (status Running, no outcome yet).
  Trial trial(int id) const;
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  virtual std::string name() const = 0;  // "hyperband", "asha", or the proposer's name
  virtual Json settings() const = 0;     // everything that determines the schedule, proposer included

  virtual void start(const Space& space, Rng rng, Direction direction) = 0;
  virtual std::optional<TrialSpec> next() = 0;
  virtual void tell(const Trial& trial) = 0;
  // Resume: next() for a trial the journal records. A configuration the
  // scheduler would draw from its proposer is the recorded one
  // (Proposer::ask_recorded); the rest of the spec is the scheduler's own, for
  // the Study to check against the record.
  virtual std::optional<TrialSpec> next_recorded(const Trial& recorded) = 0;

  // Printed before the search starts (Hyperband's schedule). Default: nothing.
  virtual void print_plan(std::ostream& out) const;
  // Budget (epochs) still to train, when known: drives the ETA printed after each trial.
  virtual std::optional<long> remaining_budget() const { return std::nullopt; }
  // Trials handed out by next() (or next_recorded()) and not yet told.
  virtual int pending() const = 0;
  // The constraints' test (proposer.hpp), given before start(): a scheduler
  // hands it to the proposer it draws configurations from.
  virtual void set_feasible(FeasibleTest test) { (void)test; }
  // The search's objectives (objectives.hpp), given before start(): handed to
  // the proposer; Hyperband also ranks each rung by them.
  virtual void set_objectives(ObjectiveList objectives) { (void)objectives; }
};

}  // namespace tunet::tuner
