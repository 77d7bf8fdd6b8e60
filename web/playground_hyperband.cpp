#include "web/playground.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/schedulers/hyperband.hpp"

namespace tunet::web {

namespace {

// A configuration's loss after `epoch` epochs, a closed-form learning curve:
//   loss = floor + (1 - floor) exp(-epoch / tau)
//   floor = 0.05 + 0.04 (log10 lr + 2.5)^2 + 1.5 / units   (best near lr = 0.003, wide)
//   tau = 3 sqrt(0.01 / lr) epochs                          (small rates learn slowly)
// so a large rate looks good early and plateaus high: what Hyperband's early
// rungs can be fooled by.
double learning_curve(const tuner::Params& p, int epoch) {
  const double lr = p.real("learning_rate"), units = p.real("units");
  const double floor = 0.05 + 0.04 * std::pow(std::log10(lr) + 2.5, 2) + 1.5 / units;
  const double tau = 3 * std::sqrt(0.01 / lr);
  return floor + (1 - floor) * std::exp(-epoch / tau);
}

tuner::Space synthetic_space() {
  return tuner::Space{tuner::Real("learning_rate", 1e-4, 1.0, tuner::Prior::LogUniform),
                      tuner::Integer("units", 8, 256, /*log=*/true)};
}

Json curve(const tuner::Params& p, int from, int to) {
  Json c = Json::array();
  for (int e = from + 1; e <= to; ++e) c.push_back(learning_curve(p, e));
  return c;
}

}  // namespace

Json hyperband_schedule_json(int R, int eta) {
  const tuner::HyperbandSchedule s = tuner::hyperband_schedule(R, eta);
  Json brackets = Json::array();
  for (const tuner::Bracket& b : s.brackets) {
    Json rungs = Json::array();
    for (const tuner::Rung& r : b.rungs)
      rungs.push_back({{"models", r.models}, {"exact_budget", r.exact_budget}, {"epochs", r.epochs}});
    brackets.push_back({{"s", b.s}, {"rungs", rungs}});
  }
  return {{"R", s.R}, {"eta", s.eta}, {"s_max", s.s_max}, {"brackets", brackets},
          {"total_from_scratch", s.total_from_scratch}, {"total_continued", s.total_continued},
          {"configurations", s.configurations}};
}

Json hyperband_run(int R, int eta, std::uint64_t seed) {
  check(R >= 1 && R <= 729, "R must be in [1, 729], got " + std::to_string(R));
  check(eta >= 2 && eta <= 10, "eta must be in [2, 10], got " + std::to_string(eta));
  const tuner::Space space = synthetic_space();
  tuner::Hyperband hyperband({.R = R, .eta = eta});
  hyperband.start(space, Rng(seed), tuner::Direction::Minimize);
  Json trials = Json::array();
  long epochs = 0;
  double best = INFINITY;
  for (int id = 0;; ++id) {
    std::optional<tuner::TrialSpec> spec = hyperband.next();
    if (!spec) break;  // one trial at a time: nothing pending, the search is over
    tuner::Trial t = spec->trial(id);
    t.status = tuner::TrialStatus::Completed;
    t.value = t.loss = learning_curve(t.params, t.budget);
    hyperband.tell(t);
    epochs += t.budget - t.initial_epoch;
    best = std::min(best, t.loss);
    trials.push_back({{"id", id}, {"bracket", t.bracket}, {"rung", t.rung}, {"budget", t.budget},
                      {"initial_epoch", t.initial_epoch}, {"resumed_from", t.resumed_from ? *t.resumed_from : -1},
                      {"params", t.params.to_json()}, {"loss", t.loss}, {"curve", curve(t.params, t.initial_epoch, t.budget)},
                      {"epochs_so_far", epochs}, {"best_so_far", best}});
  }
  // Random search given the same epochs: each configuration trained R epochs.
  tuner::RandomSearch random({.n_trials = 0});
  random.start(space, Rng(seed), tuner::Direction::Minimize);
  Json random_trials = Json::array();
  long random_epochs = 0;
  double random_best = INFINITY;
  for (int id = 0; random_epochs + R <= epochs; ++id) {
    const tuner::Params p = *random.ask();
    tuner::Trial t;
    t.id = id;
    t.params = p;
    t.budget = R;
    t.status = tuner::TrialStatus::Completed;
    t.value = t.loss = learning_curve(p, R);
    random.tell(t);
    random_epochs += R;
    random_best = std::min(random_best, t.loss);
    random_trials.push_back({{"id", id}, {"params", p.to_json()}, {"loss", t.loss}, {"epochs_so_far", random_epochs},
                             {"best_so_far", random_best}});
  }
  return {{"schedule", hyperband_schedule_json(R, eta)}, {"trials", trials}, {"epochs", epochs}, {"best", best},
          {"random", {{"trials", random_trials}, {"epochs", random_epochs}, {"best", random_best}}}};
}

}  // namespace tunet::web
