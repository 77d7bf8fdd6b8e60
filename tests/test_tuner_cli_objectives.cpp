// search.objectives in a config (parse_tune_settings): the scoring metric and
// the deployed size they imply, and each bad list refused with one line
// naming search.objectives[i], before any data is read or anything written.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/integration/tune_config.hpp"

using namespace tunet;
using namespace tunet::tuner;

namespace {

Json config_with(const std::string& search) {
  return parse_config(R"({
    "data": {"name": "two_spirals", "samples_per_class": 60, "validation_split": 0.25},
    "model": [{"layer": "dense", "units": "$units", "activation": "relu"},
              {"layer": "dense", "units": 2, "activation": "softmax"}],
    "compile": {"optimizer": {"name": "adam", "learning_rate": 0.01},
                "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
    "space": {"units": {"type": "choice", "values": [4, 8, 16]}},
    "search": )" + search + R"(,
    "fit": {"batch_size": 16},
    "repo_dir": "runs/never_created",
    "seed": 3
  })", "config.json");
}

std::string error_of(const std::string& search) {
  try {
    parse_tune_settings(config_with(search));
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("search.objectives: the first metric scores training, a size objective sizes each trial") {
  const TuneSettings s = parse_tune_settings(config_with(
      R"({"algorithm": "hyperband", "R": 3, "eta": 3,
          "objectives": [{"name": "flash_bytes"}, {"name": "val_accuracy"}]})"));
  REQUIRE(s.objectives.size() == 2);
  CHECK(s.objective == "val_accuracy");
  CHECK(s.objectives.metric() == "val_accuracy");
  CHECK(s.objectives.specs()[0].direction == Direction::Minimize);
  CHECK(s.objectives.specs()[1].direction == Direction::Maximize);
  CHECK(s.deploy.has_value());

  const TuneSettings one = parse_tune_settings(config_with(R"({"algorithm": "random", "n_trials": 2, "epochs": 1,
                                                               "objective": "val_accuracy"})"));
  CHECK(one.objectives.size() == 0);
  CHECK(!one.deploy);
}

TEST_CASE("search.objectives: bad lists are one line naming the element") {
  const std::string random = R"("algorithm": "random", "n_trials": 2, "epochs": 1, )";
  CHECK(error_of("{" + random + R"("objectives": [{"name": "val_accuracy"}, {"name": "val_accuracy"}]})") ==
        "search.objectives[1]: objective 'val_accuracy' is repeated");
  CHECK(error_of("{" + random + R"("objectives": [{"name": "val_accuracy"}, {"name": "rom_bytes"}]})") ==
        "search.objectives[1]: unknown objective 'rom_bytes'; known: val_loss, val_accuracy (any val_<metric>), "
        "loss, accuracy, flash_bytes, ram_bytes");
  CHECK(error_of(R"({"algorithm": "hyperband", "R": 3, "objectives": [{"name": "val_accuracy"}, {"name": "val_mae"}]})")
            .find("search.objectives[1]: no direction for 'val_mae'") == 0);
  CHECK(error_of("{" + random + R"("objectives": [{"name": "flash_bytes"}, {"name": "ram_bytes"}]})")
            .find("search.objectives: no metric of the trained model") == 0);
  CHECK(error_of("{" + random + R"("objective": "val_loss", "objectives": [{"name": "val_accuracy"}, {"name": "flash_bytes"}]})")
            .find("search.objective (val_loss) is not the first metric of search.objectives") == 0);
  CHECK(!std::filesystem::exists("runs/never_created"));
}
