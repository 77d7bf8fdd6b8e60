#pragma once
// Proposer: an algorithm that proposes configurations (grid, random, GP), in
// the ask/tell style. It decides *what* to try, never for how long: budgets,
// brackets and stopping belong to a Scheduler (scheduler.hpp; Hyperband is
// one), and running and recording trials to the Study (study.hpp).
//
//   proposer.start(space, rng, Direction::Minimize);
//   while (auto hp = proposer.ask()) {        // nullopt: nothing left to propose
//     Trial t = run(*hp);
//     proposer.tell(t);
//   }
//
// The contract every Proposer keeps:
// - start() is called once, before anything else, with the space, a generator
//   derived from the study seed (the proposer's only source of randomness) and
//   the direction. Everything after that is deterministic.
// - ask() returns a configuration that is canonical for the space (only
//   active parameters, types coerced: Space::canonical) and whose key() it has
//   never returned nor been told before: no configuration is proposed twice.
//   nullopt means the space (or the proposer's budget, e.g. n_trials) is
//   exhausted; the search ends cleanly and ask() keeps returning nullopt.
// - Several asks may be outstanding before their tells (Hyperband asks a whole
//   rung); tells come in any order.
// - tell() receives every finished trial, also continuations of a
//   configuration at a larger budget (trial.resumed_from set, trial.budget
//   larger) and failed ones. trial.loss is the value to minimise, +infinity for
//   a failed trial: a proposer must not let it poison a model (the GP skips or
//   caps it) and must not propose that configuration again.
// - Resume is replay: after a crash the Study calls start() with the same
//   arguments, then repeats the recorded asks (as ask_recorded, answered by
//   the journal) and tells in the journal's order. A proposer's asks must
//   therefore depend only on start()'s arguments and the sequence of asks and
//   tells so far. The journal's configuration is the one that goes on: this
//   build may compute another (different last bits of a sampled real, and a
//   GP amplifies those), and must not matter.
// - Constraints known in closed form before training (the Study's
//   constraints on its objective's attributes, e.g. a model's deployed size)
//   arrive as a test before start(). A proposer that can steer away from
//   configurations that fail it does (random search draws again, the GP skips
//   them in its acquisition search); grid search proposes every point. The
//   Study records an infeasible configuration that is proposed all the same,
//   without training it, and tells it like a failed trial.
// - Several objectives (objectives.hpp) arrive before start() too. Grid and
//   random search keep every trial (the Pareto front is computed from them);
//   the GP scalarises them (ParEGO). trial.loss stays the first objective's.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/random.hpp"
#include "tuner/config/json.hpp"
#include "tuner/space/params.hpp"
#include "tuner/space/space.hpp"
#include "tuner/study/objectives.hpp"
#include "tuner/study/trial.hpp"

namespace tunet::tuner {

// Whether a configuration satisfies the search's constraints.
using FeasibleTest = std::function<bool(const Params&)>;

class Proposer {
 public:
  virtual ~Proposer() = default;

  // "grid", "random", "gp": recorded in the journal.
  virtual std::string name() const = 0;
  // The settings that determine the proposals (n_trials, points, acq_func...),
  // recorded in the journal; a repo_dir written with other settings is refused.
  virtual Json settings() const = 0;

  virtual void start(const Space& space, Rng rng, Direction direction) = 0;
  virtual std::optional<Params> ask() = 0;
  virtual void tell(const Trial& trial) = 0;

  // Resume: the next ask, answered by the journal with `recorded`. The default
  // asks as usual (so generators and models advance exactly as they did) and
  // returns `recorded` in place of the answer; nullopt when the proposer is
  // exhausted. A proposer that keeps state about its asks overrides it to
  // keep that state about `recorded` instead.
  virtual std::optional<Params> ask_recorded(const Params& recorded) {
    if (!ask()) return std::nullopt;
    return recorded;
  }

  // How many configurations ask() can still return, when the proposer knows
  // (grid: the rest of the grid; random: n_trials left); nullopt when unbounded.
  virtual std::optional<size_t> remaining() const { return std::nullopt; }

  // The constraints' test, given before start(); none: every configuration is feasible.
  virtual void set_feasible(FeasibleTest test) { feasible_ = std::move(test); }
  // The search's objectives, given before start(); one or none: trial.loss says it all.
  virtual void set_objectives(ObjectiveList objectives) { objectives_ = std::move(objectives); }

 protected:
  bool feasible(const Params& params) const { return !feasible_ || feasible_(params); }
  bool constrained() const { return static_cast<bool>(feasible_); }
  const ObjectiveList& objectives() const { return objectives_; }

 private:
  FeasibleTest feasible_;
  ObjectiveList objectives_;
};

}  // namespace tunet::tuner
