// Config files for `tunet tune`: every mistake is reported before any
// training (with line and column for malformed JSON), and a small search runs
// end to end, resumes without retraining, and evaluates on the test set.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/integration/tune_config.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

using testing::fresh_dir;

Json spirals_config(const fs::path& repo) {
  Json c = parse_config(R"({
    "data": {"name": "two_spirals", "samples_per_class": 60, "validation_split": 0.25},
    "model": [
      {"repeat": "$layers", "layers": [{"layer": "dense", "units": "$units_{i}", "activation": "$activation"}]},
      {"layer": "dense", "units": 2, "activation": "softmax"}
    ],
    "compile": {"optimizer": {"name": "$optimizer", "learning_rate": "$learning_rate"},
                "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
    "space": {
      "layers": {"type": "integer", "low": 1, "high": 2},
      "units_1": {"type": "choice", "values": [8, 16]},
      "units_2": {"type": "choice", "values": [8, 16], "active_if": {"param": "layers", "at_least": 2}},
      "activation": {"type": "choice", "values": ["relu", "tanh"]},
      "optimizer": {"type": "choice", "values": ["adam", "lion"]},
      "learning_rate": {"type": "log-uniform", "low": 0.001, "high": 0.03}
    },
    "search": {"algorithm": "hyperband", "R": 3, "eta": 3, "objective": "val_accuracy"},
    "fit": {"batch_size": 16},
    "repo_dir": "",
    "seed": 3
  })", "spirals.json");
  c["repo_dir"] = repo.string();
  return c;
}

std::string error_of(const Json& config) {
  try {
    TuneJob job(config);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("Malformed JSON is reported with file, line and column") {
  const std::string text = "{\n  \"seed\": 1,\n  \"space\": {\"x\": [1, 2,]}\n}";
  try {
    parse_config(text, "bad.json");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("bad.json:3:") == 0);
    CHECK(std::string(e.what()).find("malformed JSON") != std::string::npos);
  }
  CHECK_THROWS_WITH_AS(read_config("/nonexistent/config.json"), doctest::Contains("cannot read the config file"),
                       Error);
}

TEST_CASE("Config mistakes are errors before any training") {
  const fs::path repo = fresh_dir("cli_errors");
  Json c = spirals_config(repo);

  Json unknown_layer = c;
  unknown_layer["model"][1]["layer"] = "densse";
  CHECK(error_of(unknown_layer) == "model[1].layer: unknown layer type 'densse' (did you mean 'Dense'?)");

  Json unknown_ref = c;
  unknown_ref["model"][1]["units"] = "$classes";
  CHECK(error_of(unknown_ref).find("unknown hyperparameter reference '$classes'") != std::string::npos);

  Json missing_indexed = c;
  missing_indexed["space"].erase("units_2");
  CHECK(error_of(missing_indexed).find("'$units_2'") != std::string::npos);

  Json out_of_range = c;
  out_of_range["search"] = {{"algorithm", "grid"}, {"epochs", 1}, {"values", {{"learning_rate", {0.01, 0.5}}}}};
  out_of_range["space"].erase("units_2");
  out_of_range["space"]["layers"] = 1;
  CHECK_THROWS_WITH_AS(TuneJob(out_of_range).run(), doctest::Contains("'learning_rate' = 0.5 is out of its range"),
                       Error);
  CHECK_FALSE(fs::exists(repo / "trials"));  // nothing trained

  Json bad_value = c;
  bad_value["model"].insert(bad_value["model"].begin() + 1, Json{{"layer", "dropout"}, {"rate", 1.5}});
  CHECK(error_of(bad_value).find("model[1] (dropout): ") == 0);

  Json bad_space = c;
  bad_space["space"]["learning_rate"] = {{"type", "log-uniform"}, {"low", 0.0}, {"high", 0.1}};
  CHECK(error_of(bad_space).find("space.learning_rate: a log-uniform prior needs low > 0") != std::string::npos);

  Json typo = c;
  typo["serach"] = typo["search"];
  CHECK(error_of(typo).find("unknown field 'serach'") != std::string::npos);

  Json bad_algorithm = c;
  bad_algorithm["search"]["algorithm"] = "annealing";
  CHECK(error_of(bad_algorithm).find("search.algorithm: expected hyperband, asha, random, grid or gp, got \"annealing\"") != std::string::npos);

  fs::path file = fresh_dir("cli_not_a_dir");
  fs::create_directories(file.parent_path());
  std::ofstream(file) << "x";
  Json unwritable = c;
  unwritable["repo_dir"] = (file / "repo").string();
  CHECK(error_of(unwritable).find("cannot create repo_dir") != std::string::npos);
}

TEST_CASE("A small search runs end to end, resumes without retraining, and is tested once") {
  const fs::path repo = fresh_dir("cli_run");
  std::ostringstream log;
  TuneReport report = TuneJob(spirals_config(repo), &log).run();
  CHECK(report.results.trials().size() == 6);
  REQUIRE(report.test.has_value());
  CHECK(report.test->count("accuracy") == 1);
  CHECK(report.test_samples == 24);
  CHECK(log.str().find("Total epochs=") != std::string::npos);
  CHECK(log.str().find("Test set (24 samples") != std::string::npos);
  for (const Trial& t : report.results.trials()) CHECK(t.params.has("units_2") == (t.params.integer("layers") == 2));

  std::ostringstream again;
  TuneReport resumed = TuneJob(spirals_config(repo), &again).run();
  CHECK(again.str().find("Epoch") == std::string::npos);  // nothing trained again
  CHECK(resumed.results.csv() == report.results.csv());
}

TEST_CASE("GP search and generator epochs from a config") {
  const fs::path repo = fresh_dir("cli_gp_generator");
  Json c = spirals_config(repo);
  c["search"] = {{"algorithm", "gp"}, {"n_calls", 5}, {"n_initial_points", 3}, {"epochs", 2},
                 {"objective", "val_accuracy"}};
  c["fit"] = {{"batch_size", 16}, {"steps_per_epoch", 3}, {"validation_steps", 2}};
  TuneReport report = TuneJob(c).run();
  REQUIRE(report.results.trials().size() == 5);
  std::set<std::string> keys;
  for (const Trial& t : report.results.trials()) {
    CHECK(t.ok());
    keys.insert(t.params.key());
  }
  CHECK(keys.size() == 5);  // no configuration proposed twice

  Json bad = c;
  bad["search"]["acq"] = "EI";
  CHECK(error_of(bad).find("search: unknown field 'acq'") != std::string::npos);
}
