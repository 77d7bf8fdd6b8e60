// Model-based Hyperband (BohbProposer, after BOHB, Falkner et al. 2018) and
// hyperband_iterations: the model's budget rule, random_fraction, no
// duplicates, determinism, exact resume from a journal cut anywhere, the
// config's "proposer" field, and the repeated schedule.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/config/search_config.hpp"
#include "tuner/proposers/bohb_proposer.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;
using tunet::testing::fresh_dir;

namespace {

Space plane() { return Space{Real("x", -3.0, 3.0), Real("y", -3.0, 3.0)}; }

// A multi-fidelity bowl: its minimum at (1, -0.5) is shifted by a bias that
// shrinks with the budget, as a short training ranks configurations roughly.
double bowl(const Params& hp, int budget) {
  const double bias = 1.0 / budget;
  return std::pow(hp.real("x") - 1 - bias, 2) + std::pow(hp.real("y") + 0.5, 2) + bias;
}

struct Run {
  Results results;
  int model_proposals = 0;
  int calls = 0;
};

Run search(const fs::path& repo, uint64_t seed, BohbOptions options, int iterations = 1) {
  Run run;
  FunctionObjective objective([&run](const Params& hp, int budget, TrialContext&) {
    ++run.calls;
    return bowl(hp, budget);
  });
  auto proposer = std::make_unique<BohbProposer>(options);
  BohbProposer* bohb = proposer.get();
  Hyperband hyperband({.R = 9, .eta = 3, .iterations = iterations}, std::move(proposer));
  Study study(plane(), objective, {.repo_dir = repo, .seed = seed});
  run.results = study.run(hyperband);
  run.model_proposals = bohb->model_proposals();
  return run;
}

Trial told(const Params& p, int budget, double loss, int id) {
  Trial t;
  t.id = id;
  t.params = p;
  t.budget = budget;
  t.loss = loss;
  t.value = loss;
  t.status = TrialStatus::Completed;
  return t;
}

}  // namespace

TEST_CASE("The model is fitted on the largest budget with min_points_in_model results") {
  BohbProposer bohb({.random_fraction = 0, .min_points_in_model = 3});
  bohb.start(plane(), Rng(5), Direction::Minimize);
  CHECK(!bohb.model_budget());
  int id = 0;
  std::vector<Params> asked;
  for (int k = 0; k < 5; ++k) asked.push_back(*bohb.ask());
  CHECK(bohb.model_proposals() == 0);  // no results yet: random
  for (int k = 0; k < 5; ++k) bohb.tell(told(asked[k], 1, bowl(asked[k], 1), id++));
  CHECK(bohb.model_budget() == 1);
  for (int k = 0; k < 2; ++k) bohb.tell(told(asked[k], 3, bowl(asked[k], 3), id++));
  CHECK(bohb.model_budget() == 1);  // 2 results at budget 3: not enough
  bohb.tell(told(asked[2], 3, bowl(asked[2], 3), id++));
  CHECK(bohb.model_budget() == 3);
  // A failed trial is no result.
  Trial failed = told(asked[3], 9, INFINITY, id++);
  failed.status = TrialStatus::Failed;
  failed.value.reset();
  bohb.tell(failed);
  CHECK(bohb.model_budget() == 3);

  const Params next = *bohb.ask();
  CHECK(bohb.model_proposals() == 1);
  for (const Params& p : asked) CHECK(p.key() != next.key());
}

TEST_CASE("random_fraction 1 is random search; the default mixes both") {
  Run random_only = search(fresh_dir("bohb_all_random"), 3, {.random_fraction = 1});
  CHECK(random_only.model_proposals == 0);
  Run mixed = search(fresh_dir("bohb_mixed"), 3, {}, 2);
  std::set<std::string> configs;
  int fresh = 0;
  for (const Trial& t : mixed.results.trials())
    if (!t.resumed_from) {
      configs.insert(t.params.key());
      ++fresh;
    }
  CHECK(static_cast<int>(configs.size()) == fresh);  // never the same configuration twice
  CHECK(mixed.model_proposals > 0);
  CHECK(mixed.model_proposals < fresh);
}

TEST_CASE("Model-based proposals find the bowl's minimum better than random ones (3 seeds)") {
  std::vector<double> model, random;
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    auto best_at_r = [](const Results& r) {
      double best = INFINITY;
      for (const Trial& t : r.trials())
        if (t.budget == 9 && t.ok()) best = std::min(best, *t.value);
      return best;
    };
    model.push_back(best_at_r(search(fresh_dir("bohb_model"), seed, {}, 3).results));
    random.push_back(best_at_r(search(fresh_dir("bohb_random"), seed, {.random_fraction = 1}, 3).results));
  }
  std::sort(model.begin(), model.end());
  std::sort(random.begin(), random.end());
  CAPTURE(model[1]);
  CAPTURE(random[1]);
  CHECK(model[1] < random[1]);  // the medians
}

TEST_CASE("Same seed, same search; a journal cut anywhere resumes to the same table") {
  const fs::path reference_repo = fresh_dir("bohb_reference");
  const Run reference = search(reference_repo, 11, {}, 2);
  CHECK(reference.model_proposals > 0);
  const Run again = search(fresh_dir("bohb_again"), 11, {}, 2);
  REQUIRE(again.results.trials().size() == reference.results.trials().size());
  for (size_t i = 0; i < reference.results.trials().size(); ++i)
    CHECK(again.results.trials()[i].params == reference.results.trials()[i].params);

  const std::vector<Json> events = Journal::read(reference_repo);
  for (size_t keep : {events.size() / 3, events.size() / 2 + 1, events.size() * 4 / 5}) {
    const fs::path repo = fresh_dir("bohb_cut");
    {
      Journal journal(repo);
      for (size_t i = 0; i < keep; ++i) journal.append(events[i]);
    }
    const Run resumed = search(repo, 11, {}, 2);
    CAPTURE(keep);
    CHECK(resumed.calls < reference.calls);
    REQUIRE(resumed.results.trials().size() == reference.results.trials().size());
    for (size_t i = 0; i < reference.results.trials().size(); ++i) {
      const Trial& a = resumed.results.trials()[i];
      const Trial& b = reference.results.trials()[i];
      CHECK(a.params == b.params);
      CHECK(a.budget == b.budget);
      CHECK(a.value == b.value);
    }
  }
}

TEST_CASE("A finite space: BOHB never repeats a configuration and ends cleanly when the space is used up") {
  Space space{Integer("units", 1, 6), Categorical("activation", {"relu", "tanh"})};  // 12 configurations
  FunctionObjective objective([](const Params& hp, int budget, TrialContext&) {
    return std::abs(hp.integer("units") - 4) + (hp.str("activation") == "relu" ? 0.0 : 0.5) + 1.0 / budget;
  });
  Hyperband hyperband({.R = 9, .eta = 3, .iterations = 3}, std::make_unique<BohbProposer>(BohbOptions{}));
  Results results = Study(space, objective, {.repo_dir = fresh_dir("bohb_finite"), .seed = 2}).run(hyperband);
  std::set<std::string> configs;
  int fresh = 0;
  for (const Trial& t : results.trials())
    if (!t.resumed_from) {
      configs.insert(t.params.key());
      ++fresh;
    }
  CHECK(fresh == 12);
  CHECK(configs.size() == 12);
}

TEST_CASE("A space of Fixed dimensions only: one configuration, no model") {
  Space space{Fixed("units", 3)};
  FunctionObjective objective([](const Params&, int budget, TrialContext&) { return 1.0 / budget; });
  Hyperband hyperband({.R = 9, .eta = 3}, std::make_unique<BohbProposer>(BohbOptions{.random_fraction = 0}));
  Results results = Study(space, objective, {.repo_dir = fresh_dir("bohb_fixed"), .seed = 2}).run(hyperband);
  int fresh = 0;
  for (const Trial& t : results.trials()) fresh += t.resumed_from ? 0 : 1;
  CHECK(fresh == 1);
}

TEST_CASE("hyperband_iterations repeats the whole schedule") {
  Space space{Real("x", 0.0, 1.0)};
  FunctionObjective objective([](const Params& hp, int budget, TrialContext&) { return hp.real("x") + 1.0 / budget; });
  std::ostringstream log;
  Hyperband twice({.R = 9, .eta = 3, .iterations = 2});
  twice.start(space, Rng(1), Direction::Minimize);
  CHECK(*twice.remaining_budget() == 2 * twice.schedule().total_continued);
  Results results =
      Study(space, objective, {.repo_dir = fresh_dir("hyperband_twice"), .seed = 1, .log = &log}).run(twice);
  REQUIRE(results.trials().size() == 2 * 22);
  for (size_t i = 0; i < 22; ++i) {
    const Trial& a = results.trials()[i];
    const Trial& b = results.trials()[22 + i];
    CHECK(a.bracket == b.bracket);
    CHECK(a.rung == b.rung);
    CHECK(a.budget == b.budget);
    CHECK(a.params.key() != b.params.key());  // new configurations in the second iteration
    if (b.resumed_from) CHECK(*b.resumed_from >= 22);
  }
  CHECK(log.str().find("runs 2 times (hyperband_iterations)") != std::string::npos);
  CHECK_THROWS_AS(Hyperband({.R = 9, .eta = 3, .iterations = 0}), Error);
  // One iteration keeps the settings (and so the journals) of before.
  CHECK(!Hyperband({.R = 9, .eta = 3}).settings().contains("iterations"));
  CHECK(twice.settings()["iterations"] == 2);
}

TEST_CASE("Config: search.proposer, random_fraction and hyperband_iterations") {
  SearchPlan plan = make_search(Json::parse(
      R"({"algorithm": "hyperband", "R": 9, "proposer": "gp", "random_fraction": 0.25, "hyperband_iterations": 2})"));
  const Json settings = plan.scheduler->settings();
  CHECK(settings["iterations"] == 2);
  CHECK(settings["proposer"]["name"] == "bohb");
  CHECK(settings["proposer"]["settings"]["random_fraction"] == 0.25);
  CHECK(make_search(Json::parse(R"({"algorithm": "hyperband", "proposer": "bohb"})")).scheduler->settings()["proposer"]
            ["name"] == "bohb");
  CHECK(make_search(Json::parse(R"({"algorithm": "hyperband"})")).scheduler->settings()["proposer"]["name"] ==
        "random");
  auto message = [](const char* text) {
    try {
      make_search(Json::parse(text));
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message(R"({"algorithm": "hyperband", "proposer": "tpe"})").find("search.proposer") != std::string::npos);
  CHECK(message(R"({"algorithm": "hyperband", "random_fraction": 0.5})").find("search.random_fraction") !=
        std::string::npos);
  CHECK(message(R"({"algorithm": "hyperband", "proposer": "gp", "random_fraction": 2})")
            .find("search.random_fraction") != std::string::npos);
  CHECK(message(R"({"algorithm": "hyperband", "hyperband_iterations": 0})").find("search.hyperband_iterations") !=
        std::string::npos);
}
