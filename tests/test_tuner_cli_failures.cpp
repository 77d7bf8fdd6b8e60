// A trial whose loss becomes NaN or infinite is recorded as failed, with the
// reason, and the search goes on; max_consecutive_failed_trials (Keras
// Tuner's name) failures in a row stop it, with everything journaled.
#include <doctest/doctest.h>

#include <filesystem>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/integration/tune_config.hpp"
#include "tuner/storage/journal.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

// Plain SGD with a learning rate of 1e25 or more makes the loss NaN in the first epoch.
Json diverging_config(const fs::path& repo, const Json& learning_rates, int max_failed) {
  Json c = parse_config(R"({
    "data": {"name": "two_spirals", "samples_per_class": 40, "validation_split": 0.25},
    "model": [{"layer": "dense", "units": 8, "activation": "relu"},
              {"layer": "dense", "units": 2, "activation": "softmax"}],
    "compile": {"optimizer": {"name": "sgd", "learning_rate": "$learning_rate"},
                "loss": "categorical_crossentropy", "metrics": ["accuracy"]},
    "space": {"learning_rate": {"type": "choice", "values": []}},
    "search": {"algorithm": "grid", "epochs": 2},
    "fit": {"batch_size": 8},
    "evaluate_test": false,
    "seed": 1
  })", "diverging.json");
  c["space"]["learning_rate"]["values"] = learning_rates;
  c["repo_dir"] = repo.string();
  c["max_consecutive_failed_trials"] = max_failed;
  return c;
}

}  // namespace

TEST_CASE("A trial whose loss becomes NaN fails with the reason; the search goes on") {
  const fs::path repo = testing::fresh_dir("nan_goes_on");
  TuneReport report = TuneJob(diverging_config(repo, {1e30, 0.01, 1e25}, 3)).run();
  const auto& trials = report.results.trials();
  REQUIRE(trials.size() == 3);
  CHECK(trials[0].status == TrialStatus::Failed);
  CHECK(trials[0].failure.find("loss is") != std::string::npos);
  CHECK(trials[0].failure.find("nan") != std::string::npos);
  CHECK(trials[1].ok());
  CHECK(trials[2].status == TrialStatus::Failed);
  CHECK(report.results.best().id == 1);  // a failed trial is never the best
  int failed = 0;
  for (const Json& e : Journal::read(repo))
    if (e["event"] == "finished" && e["status"] == "failed") {
      CHECK(e["value"].is_null());
      CHECK(e["failure"].get<std::string>().find("loss is") != std::string::npos);
      ++failed;
    }
  CHECK(failed == 2);
}

TEST_CASE("max_consecutive_failed_trials failures in a row stop the search") {
  const fs::path repo = testing::fresh_dir("nan_stops");
  CHECK_THROWS_WITH_AS(TuneJob(diverging_config(repo, {1e30, 1e25, 1e20, 0.01}, 2)).run(),
                       doctest::Contains("2 trials failed in a row (max_consecutive_failed_trials)"), Error);
  int failed = 0;
  for (const Json& e : Journal::read(repo)) failed += e["event"] == "finished" && e["status"] == "failed";
  CHECK(failed == 2);  // both journaled before the search stopped
}
