// Every knob of a config can be a hyperparameter: fit.batch_size, fit.epochs
// (outside Hyperband), compile fields, a learning-rate schedule's fields; a
// dimension that nothing uses is refused by name before any training; the
// objective's mode and the callbacks are read and checked.
#include <doctest/doctest.h>

#include <filesystem>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/integration/model_config.hpp"
#include "tuner/integration/tune_config.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

using testing::fresh_dir;

Json spirals(const fs::path& repo) {
  Json c = parse_config(R"({
    "data": {"name": "two_spirals", "samples_per_class": 30, "validation_split": 0.25},
    "model": [{"layer": "dense", "units": 8, "activation": "tanh"},
              {"layer": "dense", "units": 2, "activation": "softmax"}],
    "compile": {"optimizer": {"name": "adam", "learning_rate": "$learning_rate"},
                "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
    "space": {"learning_rate": {"type": "log-uniform", "low": 0.001, "high": 0.03},
              "batch_size": {"type": "choice", "values": [8, 45]}},
    "search": {"algorithm": "grid", "points": 1, "epochs": 2, "objective": {"name": "val_loss", "mode": "last"}},
    "fit": {"batch_size": "$batch_size"},
    "evaluate_test": false,
    "repo_dir": "",
    "seed": 3
  })", "knobs.json");
  c["repo_dir"] = repo.string();
  return c;
}

std::string error_of(const Json& config) {
  try {
    parse_tune_settings(config);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a dimension that nothing uses is refused, by name, before training") {
  Json c = spirals(fresh_dir("knobs_unused"));
  c["space"]["dropout"] = parse_config(R"({"type": "uniform", "low": 0, "high": 0.5})", "dim.json");
  const std::string error = error_of(c);
  CHECK(error.find("space.dropout") != std::string::npos);
  CHECK(error.find("'dropout' is used nowhere") != std::string::npos);
  // Used as another dimension's condition only: that is a use.
  c["space"]["units"] = parse_config(R"({"type": "choice", "values": [4, 8], "active_if": {"param": "dropout", "at_least": 0.1}})", "d.json");
  c["model"][0]["units"] = "$units";
  CHECK(error_of(c).empty());
  // fit.batch_size is a use: without it batch_size is unused.
  Json unused = spirals(fresh_dir("knobs_unused2"));
  unused["fit"]["batch_size"] = 16;
  CHECK(error_of(unused).find("space.batch_size") != std::string::npos);
}

TEST_CASE("fit.batch_size and fit.epochs as hyperparameters") {
  const fs::path repo = fresh_dir("knobs_fit");
  Json c = spirals(repo);
  c["space"]["epochs"] = parse_config(R"({"type": "choice", "values": [1, 3]})", "e.json");
  c["fit"]["epochs"] = "$epochs";
  c["search"].erase("epochs");  // filled in: the largest value of $epochs
  TuneJob job(c);
  const TuneReport report = job.run();
  REQUIRE(report.results.trials().size() == 4);  // 1 learning rate x 2 batch sizes x 2 epoch counts
  for (const Trial& t : report.results.trials()) {
    REQUIRE(t.ok());
    CHECK(t.budget == 3);
    CHECK(t.last_epoch() == t.params.integer("epochs"));
    CHECK(t.value_epoch == t.last_epoch());  // mode "last"
  }
  // A non-integer batch size, and epochs under Hyperband, are refused.
  Json bad = spirals(fresh_dir("knobs_bad"));
  bad["space"]["batch_size"] = parse_config(R"({"type": "uniform", "low": 8, "high": 64})", "b.json");
  CHECK(error_of(bad).find("fit.batch_size: '$batch_size' must be an integer hyperparameter") != std::string::npos);
  Json hyperband = spirals(fresh_dir("knobs_hb"));
  hyperband["search"] = parse_config(R"({"algorithm": "hyperband", "R": 3, "eta": 3})", "s.json");
  hyperband["fit"]["epochs"] = 3;
  CHECK(error_of(hyperband).find("Hyperband sets each trial's epochs") != std::string::npos);
}

TEST_CASE("the objective's mode and the callbacks are read and checked") {
  Json c = spirals(fresh_dir("knobs_objective"));
  CHECK(parse_tune_settings(c).mode == ObjectiveMode::Last);
  c["search"]["objective"] = "val_accuracy";
  CHECK(parse_tune_settings(c).mode == ObjectiveMode::Best);  // the default
  c["search"]["objective"] = parse_config(R"({"name": "val_loss", "mode": "worst"})", "o.json");
  CHECK(error_of(c).find("search.objective.mode") != std::string::npos);

  Json cb = spirals(fresh_dir("knobs_callbacks"));
  cb["callbacks"] = parse_config(R"([{"type": "early_stopping", "monitor": "val_loss", "patience": 3,
                                      "restore_best_weights": true},
                                     {"type": "reduce_lr_on_plateau", "factor": 0.5, "patience": 2, "min_lr": 1e-5},
                                     {"type": "terminate_on_nan"}])", "cb.json");
  const TuneSettings s = parse_tune_settings(cb);
  REQUIRE(s.callbacks);
  CHECK(s.callbacks().size() == 3);
  cb["callbacks"][1]["factor"] = 1.5;
  CHECK(error_of(cb).find("callbacks[1].factor") != std::string::npos);
  cb["callbacks"][1]["factor"] = 0.5;
  cb["callbacks"][0]["type"] = "early_stop";
  CHECK(error_of(cb).find("callbacks[0].type") != std::string::npos);
  cb["callbacks"][0] = parse_config(R"({"type": "early_stopping", "pateince": 3})", "t.json");
  CHECK(error_of(cb).find("pateince") != std::string::npos);
}

TEST_CASE("compile: a learning-rate schedule whose fields are hyperparameters") {
  const Space space{Real("learning_rate", 1e-3, 1e-1, Prior::LogUniform), Integer("decay_steps", 10, 100)};
  const Json layers = parse_config(R"([{"layer": "dense", "units": 2, "activation": "softmax"}])", "m.json");
  const Json compile = parse_config(R"({"optimizer": {"name": "sgd", "momentum": 0.9,
      "learning_rate": {"type": "exponential_decay", "initial_learning_rate": "$learning_rate",
                        "decay_steps": "$decay_steps", "decay_rate": 0.5}},
      "loss": "sparse_categorical_crossentropy"})", "c.json");
  const ModelConfig config(layers, compile, space, Shape{2});
  CHECK(config.references() == std::vector<std::string>{"decay_steps", "learning_rate"});
  Params hp;
  hp.set("learning_rate", 0.02);
  hp.set("decay_steps", std::int64_t{10});
  nn::Sequential m = config.build(hp, 1);
  REQUIRE(m.optimizer()->schedule().has_value());
  CHECK(m.optimizer()->learning_rate() == doctest::Approx(0.02));
  CHECK(nn::learning_rate_at(*m.optimizer()->schedule(), 20) == doctest::Approx(0.005));
  CHECK(m.optimizer()->settings().at("momentum") == doctest::Approx(0.9));

  Json wrong = compile;
  wrong["optimizer"]["learning_rate"]["decay_step"] = 3;
  CHECK_THROWS_WITH_AS(ModelConfig(layers, wrong, space, Shape{2}),
                       doctest::Contains("compile.optimizer.learning_rate"), Error);
  wrong = compile;
  wrong["optimizer"]["learning_rate"]["type"] = "linear_decay";
  CHECK_THROWS_WITH_AS(ModelConfig(layers, wrong, space, Shape{2}), doctest::Contains("unknown learning-rate schedule"),
                       Error);
  wrong = compile;
  wrong["optimizer"]["learning_rate"] = parse_config(R"({"type": "cosine_decay", "decay_steps": 0})", "w.json");
  CHECK_THROWS_WITH_AS(ModelConfig(layers, wrong, space, Shape{2}), doctest::Contains("decay_steps must be > 0"),
                       Error);
}
