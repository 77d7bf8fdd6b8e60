// Resume takes the recorded configurations from the journal: a journal whose
// real values differ from what this build derives in their last bits (another
// compiler, -march, libm) resumes and goes on with the recorded values, for
// every algorithm; a real mismatch is refused with both values in full precision.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/proposers/bayesian_search.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

using testing::fresh_dir;

enum class Algorithm { Random, Hyperband, Gp };

struct Run {
  Results results;
  int calls = 0;
};

Run search(const fs::path& repo, Algorithm algorithm) {
  Space space{Real("learning_rate", 1e-4, 1e-1, Prior::LogUniform), Categorical("kind", {"a", "b"}),
              Real("dropout", 0.0, 0.5)};
  Run run;
  FunctionObjective objective([&run](const Params& hp, int budget, TrialContext&) {
    ++run.calls;
    return std::pow(std::log10(hp.real("learning_rate")) + 2, 2) + hp.real("dropout") + 1.0 / budget +
           (hp.str("kind") == "a" ? 0.0 : 0.05);
  });
  Study study(space, objective, {.repo_dir = repo, .seed = 31});
  switch (algorithm) {
    case Algorithm::Random: {
      RandomSearch random({.n_trials = 6});
      run.results = study.run(random, 2);
      break;
    }
    case Algorithm::Hyperband: {
      Hyperband hyperband({.R = 9, .eta = 3});
      run.results = study.run(hyperband);
      break;
    }
    case Algorithm::Gp: {
      BayesianSearch gp({.n_calls = 7, .n_initial_points = 3, .n_candidates = 500});
      run.results = study.run(gp, 2);
      break;
    }
  }
  return run;
}

// The first `keep` events of `events`, with every real hyperparameter moved
// by `ulps` units in the last place towards the middle of its range (a value
// on a bound, where a GP often proposes, stays inside; or by `relative`),
// written as a new journal in `repo`.
void write_perturbed(const std::vector<Json>& events, size_t keep, const fs::path& repo, int ulps,
                     double relative = 0) {
  Journal journal(repo);
  for (size_t i = 0; i < keep; ++i) {
    Json e = events[i];
    if (e["event"] == "started") {
      for (auto& [name, value] : e["params"].items()) {
        if (!value.is_number_float()) continue;
        double x = value.get<double>();
        const double middle = name == "dropout" ? 0.25 : 0.05;  // of the ranges in search()
        const double inward = x > middle ? -HUGE_VAL : HUGE_VAL;
        for (int k = 0; k < ulps; ++k) x = std::nextafter(x, inward);
        value = x * (1 + relative);
      }
    }
    journal.append(e);
  }
}

std::string exact(double x) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", x);
  return text;
}

void resume_perturbed(Algorithm algorithm, const std::string& name) {
  const fs::path reference_repo = fresh_dir(name + "_reference");
  const Run reference = search(reference_repo, algorithm);
  const std::vector<Json> events = Journal::read(reference_repo);
  REQUIRE(events.size() > 6);
  const size_t keep = events.size() * 2 / 3;  // interrupted two thirds in
  const fs::path repo = fresh_dir(name + "_perturbed");
  write_perturbed(events, keep, repo, 1);

  const std::vector<Json> recorded = Journal::read(repo);
  const Run resumed = search(repo, algorithm);  // no mismatch error: the last bits do not matter
  REQUIRE(resumed.results.trials().size() == reference.results.trials().size());
  CHECK(resumed.calls < reference.calls);

  // Every recorded trial ran on (or was kept) with the journal's values, bit for bit.
  int checked = 0;
  for (const Json& e : recorded) {
    if (e["event"] != "started") continue;
    const Trial& t = resumed.results.trials()[e["trial"].get<size_t>()];
    CHECK(t.params.real("learning_rate") == e["params"]["learning_rate"].get<double>());
    CHECK(t.params.real("dropout") == e["params"]["dropout"].get<double>());
    CHECK(t.params.real("dropout") != reference.results.trials()[t.id].params.real("dropout"));
    ++checked;
  }
  CHECK(checked > 2);
  // Continuations (Hyperband) go on with their parent's recorded configuration.
  for (const Trial& t : resumed.results.trials())
    if (t.resumed_from) CHECK(t.params.key() == resumed.results.trials()[*t.resumed_from].params.key());
}

}  // namespace

TEST_CASE("A journal perturbed in the last bits resumes: random search") {
  resume_perturbed(Algorithm::Random, "resume_ulp_random");
}
TEST_CASE("A journal perturbed in the last bits resumes: Hyperband") {
  resume_perturbed(Algorithm::Hyperband, "resume_ulp_hyperband");
}
TEST_CASE("A journal perturbed in the last bits resumes: GP search") {
  resume_perturbed(Algorithm::Gp, "resume_ulp_gp");
}

TEST_CASE("A real mismatch is refused, with both values in full precision") {
  // A continued Hyperband trial whose configuration is not its parent's, and a changed budget.
  const fs::path reference_repo = fresh_dir("resume_mismatch_reference");
  search(reference_repo, Algorithm::Hyperband);
  std::vector<Json> events = Journal::read(reference_repo);
  size_t continued = 0;
  while (continued < events.size() &&
         !(events[continued]["event"] == "started" && !events[continued]["resumed_from"].is_null()))
    ++continued;
  REQUIRE(continued < events.size());
  const double parent = events[continued]["params"]["dropout"].get<double>();
  const double changed = parent * (1 + 1e-6);
  events[continued]["params"]["dropout"] = changed;
  const fs::path repo = fresh_dir("resume_mismatch");
  write_perturbed(events, continued + 1, repo, 0);
  const std::string expected = "dropout: recorded " + exact(changed) + ", this run " + exact(parent);
  CHECK_THROWS_WITH_AS(search(repo, Algorithm::Hyperband), doctest::Contains(expected.c_str()), Error);

  events = Journal::read(reference_repo);
  events[1]["budget"] = events[1]["budget"].get<int>() + 1;
  const fs::path repo2 = fresh_dir("resume_mismatch_budget");
  write_perturbed(events, 2, repo2, 0);
  const std::string budget = "budget: recorded " + std::to_string(events[1]["budget"].get<int>()) + ", this run " +
                             std::to_string(events[1]["budget"].get<int>() - 1);
  CHECK_THROWS_WITH_AS(search(repo2, Algorithm::Hyperband), doctest::Contains(budget.c_str()), Error);
}
