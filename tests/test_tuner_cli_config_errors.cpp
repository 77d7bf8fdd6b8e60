// A config field of the wrong type, out of range or unknown is an error that
// names the field by its JSON path and shows the value found, never the JSON
// library's own message ("type_error.302"); and the checks need neither the
// data nor the disk (parse_tune_settings).
#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/integration/tune_config.hpp"

using namespace tunet;
using namespace tunet::tuner;

namespace {

Json base_config() {
  return parse_config(R"({
    "data": {"name": "two_spirals", "samples_per_class": 60, "validation_split": 0.25},
    "model": [
      {"repeat": "$layers", "layers": [{"layer": "dense", "units": "$units_{i}", "activation": "relu"}]},
      {"layer": "dense", "units": 2, "activation": "softmax"}
    ],
    "compile": {"optimizer": {"name": "adam", "learning_rate": "$learning_rate"},
                "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
    "space": {
      "layers": {"type": "integer", "low": 1, "high": 2},
      "units_1": {"type": "choice", "values": [8, 16]},
      "units_2": {"type": "choice", "values": [8, 16], "active_if": {"param": "layers", "at_least": 2}},
      "learning_rate": {"type": "log-uniform", "low": 0.001, "high": 0.03}
    },
    "search": {"algorithm": "random", "n_trials": 4, "epochs": 2, "objective": "val_accuracy"},
    "fit": {"batch_size": 16},
    "repo_dir": "runs/never_created",
    "seed": 3
  })", "config.json");
}

std::string error_of(const Json& config) {
  try {
    parse_tune_settings(config);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

// `edit` applied to the base config must fail with exactly `message`.
void check_error(const char* pointer, const Json& value, const std::string& message) {
  Json c = base_config();
  if (value.is_discarded()) c.erase(c.find(std::string(pointer).substr(1)));  // "/key": remove the field
  else c[Json::json_pointer(pointer)] = value;
  const std::string edit = std::string(pointer) + " = " + value.dump();
  INFO(edit);
  CHECK(error_of(c) == message);
}

const Json kRemove = Json::value_t::discarded;

}  // namespace

TEST_CASE("The base config is valid, and nothing is read or written to check it") {
  CHECK(error_of(base_config()) == "(no error)");
}

TEST_CASE("Wrong types name the JSON path and the value") {
  check_error("/space/learning_rate/low", "abc", "space.learning_rate.low: expected a number, got \"abc\"");
  check_error("/space/layers/high", Json::array({1}), "space.layers.high: expected a number, got [1]");
  check_error("/space/units_1/values/1", Json::object(), "space.units_1.values[1]: expected a number, a string or a bool, got {}");
  check_error("/space/units_2/active_if/param", 2, "space.units_2.active_if.param: expected a string, got 2");
  check_error("/search/n_trials", "ten", "search.n_trials: expected an integer in [1, 2147483647], got \"ten\"");
  check_error("/search/epochs", 2.5, "search.epochs: expected an integer in [1, 2147483647], got 2.5");
  check_error("/search/algorithm", 3, "search.algorithm: expected a string, got 3");
  check_error("/fit/batch_size", "16", "fit.batch_size: expected an integer in [1, 16777216], got \"16\"");
  check_error("/seed", -1, "seed: expected an integer >= 0, got -1");
  check_error("/repo_dir", nullptr, "repo_dir: expected a string, got null");
  check_error("/data/subset", Json::array({100}), "data.subset: expected an object {...}, got [100]");
  check_error("/data/resize", Json::array({"8", 8}), "data.resize[0]: expected an integer in [1, 65536], got \"8\"");
  check_error("/model/1/units", Json::object({{"n", 2}}), "model[1].units: expected an integer, got {\"n\":2}");
  check_error("/model/1/units", "2", "model[1].units: expected an integer, got \"2\"");
  check_error("/model/1/activation", 1, "model[1].activation: expected a string, got 1");
  check_error("/compile/metrics/0", 1, "compile.metrics[0]: expected a string, got 1");
  check_error("/compile/optimizer/learning_rate", "fast", "compile.optimizer.learning_rate: expected a number, a bool or \"$name\", got \"fast\"");
  check_error("/evaluate_test", "yes", "evaluate_test: expected true or false, got \"yes\"");
  check_error("/space", Json::array(), "space: expected an object of hyperparameters {\"name\": {\"type\": ...}, ...}, got []");
}

TEST_CASE("Values out of range name the JSON path and the value") {
  check_error("/search/n_trials", 0, "search.n_trials: expected an integer in [1, 2147483647], got 0");
  check_error("/fit/batch_size", 0, "fit.batch_size: expected an integer in [1, 16777216], got 0");
  check_error("/data/validation_split", 1.5, "data.validation_split: expected a fraction in [0, 1), got 1.5");
  check_error("/data/samples_per_class", 3, "data.samples_per_class: expected an integer in [10, 1000000], got 3");
  check_error("/data/subset", Json::object({{"train", -5}}), "data.subset.train: expected an integer in [1, 1099511627776], got -5");
  check_error("/max_consecutive_failed_trials", 0,
              "max_consecutive_failed_trials: expected an integer in [1, 1000000], got 0");
  check_error("/search/cv", 0, "search.cv: expected an integer in [1, 1000], got 0");
  check_error("/model/0/repeat", 5000, "model[0].repeat: expected an integer in [0, 1000], got 5000");
  Json grid = base_config();
  grid["search"] = {{"algorithm", "grid"}, {"epochs", 1}, {"points", 2000000000}};
  CHECK(error_of(grid) == "search.points: expected an integer in [1, 10000], got 2000000000");
  Json gp = base_config();
  gp["search"] = {{"algorithm", "gp"}, {"epochs", 1}, {"n_calls", 2000000000}, {"n_initial_points", 2000000000}};
  CHECK(error_of(gp) == "search.n_calls: expected an integer in [1, 100000], got 2000000000");
  check_error("/space/learning_rate/low", 1, "space.learning_rate: low must be < high, got [1, 0.03]");
  check_error("/space/layers/low", 1e300, "space.layers: integer bounds must be whole numbers within +-2^53, got [1e+300, 2]");
  check_error("/search/objective", "accuracy_of_val", "search.objective: expected a metric such as val_loss or val_accuracy, got \"accuracy_of_val\"");
  check_error("/data/name", "cifar", "data.name: expected fashion_mnist, mnist, mnist_digits, two_spirals or gaussian_blobs, got \"cifar\"");
}

TEST_CASE("Unknown and missing fields name their place") {
  check_error("/serach", Json::object(), "config: unknown field 'serach' (did you mean 'search'?)");
  check_error("/trials", Json::object(), "config: unknown field 'trials' (expected data, model, compile, space, search, fit, callbacks, repo_dir, seed, device, max_consecutive_failed_trials, evaluate_test, top, description, deploy)");
  check_error("/fit/shuffle", true, "fit: unknown field 'shuffle' (expected batch_size, epochs, steps_per_epoch, validation_steps)");
  check_error("/fit/epochs", 3, "fit.epochs (3) and search.epochs (2) disagree: give one of them");
  check_error("/search/R", 9, "search: unknown field 'R' (expected algorithm, constraints, cv, objective, objectives, refit, epochs, stoppers, n_trials)");
  check_error("/space/learning_rate/hgh", 1, "space.learning_rate: unknown field 'hgh' (did you mean 'high'?)");
  check_error("/data/subset", Json::object({{"validation", 10}}), "data.subset: unknown field 'validation' (expected train, test)");
  check_error("/compile/optimiser", "adam", "compile: unknown field 'optimiser' (did you mean 'optimizer'?)");
  check_error("/model/0/step", 2, "model[0]: unknown field 'step' (expected repeat, layers)");
  check_error("/search", kRemove, "config: missing \"search\"");
  check_error("/model/1/units", "$classes", "model[1].units: unknown hyperparameter reference '$classes' (the space has: layers, units_1, units_2, learning_rate)");
  // The old name of the failure cap is an unknown field, with the new one suggested.
  check_error("/max_consecutive_failures", 3, "config: unknown field 'max_consecutive_failures' (did you mean 'max_consecutive_failed_trials'?)");
}

TEST_CASE("A number too large for a double is a malformed-JSON error, not the JSON library's") {
  // Found by the tune_config fuzz target (tests/fuzz/regressions/tune_config/number_overflow.json).
  CHECK_THROWS_WITH_AS(parse_config("{\"seed\": 21e308}", "config.json"),
                       "config.json: malformed JSON: number overflow parsing '21e308'", Error);
  CHECK_THROWS_WITH_AS(parse_config("{\n  \"seed\": [1,\n}", "config.json"),
                       doctest::Contains("config.json:3:1: malformed JSON: syntax error while parsing value"), Error);
}

TEST_CASE("An unknown field at any level names the known one it is nearest to") {
  check_error("/serach", Json::object(), "config: unknown field 'serach' (did you mean 'search'?)");
  check_error("/search/n_trails", 4, "search: unknown field 'n_trails' (did you mean 'n_trials'?)");
  check_error("/search/objective", Json{{"name", "val_loss"}, {"mdoe", "last"}},
              "search.objective: unknown field 'mdoe' (did you mean 'mode'?)");
  check_error("/data/samples_per_clas", 50, "data: unknown field 'samples_per_clas' (did you mean 'samples_per_class'?)");
  check_error("/fit/bacth_size", 16, "fit: unknown field 'bacth_size' (did you mean 'batch_size'?)");
  check_error("/callbacks", Json::array({Json{{"type", "early_stopping"}, {"patients", 2}}}),
              "callbacks[0]: unknown field 'patients' (did you mean 'patience'?)");
  check_error("/deploy", Json{{"precison", "int8"}}, "deploy: unknown field 'precison' (did you mean 'precision'?)");
  check_error("/compile/metric", Json::array({"accuracy"}), "compile: unknown field 'metric' (did you mean 'metrics'?)");
  check_error("/compile/optimizer/learning_rat", 0.1,
              "compile.optimizer: unknown field 'learning_rat' (did you mean 'learning_rate'?)");
  check_error("/compile/optimizer/name", "adamm",
              "compile.optimizer.name: unknown optimizer 'adamm' (valid: sgd, momentum, nesterov, adagrad, rmsprop, "
              "adam, nadam, adadelta, lion)");
  check_error("/space/learning_rate/hgh", 1, "space.learning_rate: unknown field 'hgh' (did you mean 'high'?)");
  check_error("/model/0/layers/0/unit", 8, "model[0].layers[0]: unknown field 'unit' (did you mean 'units'?)");
  check_error("/model/1/activaton", "softmax", "model[1]: unknown field 'activaton' (did you mean 'activation'?)");
  check_error("/model/1/layer", "dense2", "model[1].layer: unknown layer type 'dense2' (did you mean 'Dense'?)");
  check_error("/model/1/units", "$unit_1", "model[1].units: unknown hyperparameter reference '$unit_1' (did you mean 'units_1'?)");
  // Nothing near: every known field is listed.
  check_error("/fit/shuffle", true, "fit: unknown field 'shuffle' (expected batch_size, epochs, steps_per_epoch, validation_steps)");
  check_error("/model/1/pool", 2, "model[1]: unknown field 'pool' (expected layer, units, activation, name, input_shape)");
}
