// Searches that know the device: every trial records flash_bytes and ram_bytes
// (the deployed size of its model, nn/export/deployed_size.hpp) in the journal,
// the table and results.csv; search.constraints bounds them, so a configuration
// over the flash budget is recorded as infeasible and never trained; the
// search resumes; a constraint on an unknown quantity is refused before any
// training; a config without "deploy" or constraints records nothing new.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "nn/export/deployed_size.hpp"
#include "nn/nn.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/integration/tune_config.hpp"
#include "tuner/storage/journal.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;
using tunet::testing::fresh_dir;

namespace {

constexpr int64_t kFlashBudget = 3000;

// 60 rows of three features and three classes.
fs::path write_csv(const fs::path& dir) {
  fs::create_directories(dir);
  const fs::path path = dir / "plants.csv";
  std::ofstream out(path);
  out << "height,kind,weight,age\n";
  const char* kinds[] = {"fern", "moss", "oak"};
  for (int i = 0; i < 60; ++i) {
    const int k = i % 3;
    out << (1.0 + 0.37 * ((i * 7) % 11) + 3.0 * k) << "," << kinds[k] << "," << (0.01 * ((i * 5) % 13) + 0.2 * k)
        << "," << (i % 4) << "\n";
  }
  return path;
}

// A dense(units) + dense(3) classifier: 256 units break a 3000-byte flash budget, the rest fit.
Json config_for(const fs::path& dir, const std::string& search) {
  Json config = parse_config(R"({
    "data": {},
    "model": [{"layer": "dense", "units": "$units", "activation": "relu", "input_shape": [3]},
              {"layer": "dense", "units": 3, "activation": "softmax"}],
    "compile": {"optimizer": {"name": "adam", "learning_rate": 0.01},
                "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
    "space": {"units": {"type": "choice", "values": [4, 16, 64, 256]}},
    "search": {},
    "fit": {"batch_size": 8},
    "repo_dir": "",
    "evaluate_test": false,
    "seed": 2
  })", "deploy.json");
  config["data"] = Json{{"format", "csv"}, {"path", write_csv(dir).string()}, {"label_column", "kind"},
                        {"test_split", 0.2}, {"validation_split", 0.25}};
  config["search"] = Json::parse(search);
  config["repo_dir"] = (dir / "repo").string();
  return config;
}

// The flash the model of `units` takes: its architecture sized by nn::deployed_size.
int64_t flash_of(int64_t units, nn::Precision precision) {
  nn::Sequential m({3});
  m.add(nn::Dense(units, "relu"));
  m.add(nn::Dense(3, "softmax"));
  return nn::deployed_size(m, precision).flash_bytes;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string error_of(const Json& config) {
  try {
    TuneJob job(config);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a grid search under a flash budget records the configuration over it untrained") {
  REQUIRE(flash_of(64, nn::Precision::Float32) <= kFlashBudget);
  REQUIRE(flash_of(256, nn::Precision::Float32) > kFlashBudget);
  const fs::path dir = fresh_dir("nn_deploy_grid");
  const Json config = config_for(dir, R"({"algorithm": "grid", "epochs": 2,
                                          "constraints": {"flash_bytes": {"max": 3000}}})");
  std::ostringstream log;
  TuneReport report = TuneJob(config, &log).run();
  const Results& results = report.results;
  REQUIRE(results.trials().size() == 4);
  int infeasible = 0;
  for (const Trial& t : results.trials()) {
    const auto flash = attribute(t.attributes, "flash_bytes");
    const auto ram = attribute(t.attributes, "ram_bytes");
    REQUIRE(flash);
    REQUIRE(ram);
    CHECK(*flash == double(flash_of(t.params.integer("units"), nn::Precision::Float32)));
    CHECK(*ram > double(nn::kStackAllowanceBytes));
    if (t.status == TrialStatus::Infeasible) {
      ++infeasible;
      CHECK(t.params.integer("units") == 256);
      CHECK(t.history.empty());
      CHECK(!fs::exists(dir / "repo" / "trials" / std::to_string(t.id)));
      CHECK(t.failure == "flash_bytes " + std::to_string(flash_of(256, nn::Precision::Float32)) + " > max 3000");
    } else {
      CHECK(t.status == TrialStatus::Completed);
      CHECK(*flash <= kFlashBudget);
      CHECK(t.epochs_trained() == 2);
    }
  }
  CHECK(infeasible == 1);
  CHECK(results.best().params.integer("units") != 256);

  // Columns of the table and results.csv; fields of the journal's started events.
  CHECK(log.str().find("flash_bytes") != std::string::npos);
  CHECK(log.str().find("infeasible: flash_bytes") != std::string::npos);
  const std::string csv = read_text(dir / "repo" / "results.csv");
  CHECK(csv.substr(0, csv.find('\n')).find(",flash_bytes,ram_bytes") != std::string::npos);
  int started = 0;
  for (const Json& e : Journal::read(dir / "repo"))
    if (e.at("event") == "started") {
      ++started;
      CHECK(e.at("attributes").contains("flash_bytes"));
      CHECK(e.at("attributes").contains("ram_bytes"));
    }
  CHECK(started == 4);

  // Resumed: nothing is trained again, the table is the same.
  TuneReport again = TuneJob(config).run();
  CHECK(again.results.csv() == results.csv());
  for (const Trial& t : again.results.trials())
    if (t.ok()) CHECK(t.epochs_trained() == 2);
}

TEST_CASE("a random search under a flash budget trains feasible configurations only, at int8 too") {
  const fs::path dir = fresh_dir("nn_deploy_random");
  Json config = config_for(dir, R"({"algorithm": "random", "n_trials": 3, "epochs": 1,
                                    "constraints": {"flash_bytes": {"max": 2500}}})");
  config["deploy"] = Json{{"precision", "int8"}};
  REQUIRE(flash_of(64, nn::Precision::Int8) <= 2500);
  REQUIRE(flash_of(256, nn::Precision::Int8) > 2500);
  const TuneReport report = TuneJob(config).run();
  CHECK(report.results.trials().size() == 3);
  for (const Trial& t : report.results.trials()) {
    CHECK(t.status == TrialStatus::Completed);
    CHECK(t.params.integer("units") != 256);
    CHECK(*attribute(t.attributes, "flash_bytes") == double(flash_of(t.params.integer("units"), nn::Precision::Int8)));
  }
}

TEST_CASE("deploy without constraints records the sizes; neither records nothing new") {
  const fs::path dir = fresh_dir("nn_deploy_plain");
  Json config = config_for(dir, R"({"algorithm": "grid", "epochs": 1})");
  config["deploy"] = Json{{"precision", "float32"}};
  const TuneReport sized = TuneJob(config).run();
  for (const Trial& t : sized.results.trials()) {
    CHECK(t.ok());
    CHECK(attribute(t.attributes, "flash_bytes"));
  }

  const fs::path plain_dir = fresh_dir("nn_deploy_none");
  std::ostringstream log;
  const TuneReport plain = TuneJob(config_for(plain_dir, R"({"algorithm": "grid", "epochs": 1})"), &log).run();
  for (const Trial& t : plain.results.trials()) CHECK(t.attributes.empty());
  CHECK(log.str().find("flash_bytes") == std::string::npos);
  CHECK(read_text(plain_dir / "repo" / "results.csv").find("flash_bytes") == std::string::npos);
}

TEST_CASE("bad deploy and constraint fields are one line naming the field, before any training") {
  const fs::path dir = fresh_dir("nn_deploy_errors");
  CHECK(error_of(config_for(dir, R"({"algorithm": "grid", "epochs": 1,
                                     "constraints": {"flash": {"max": 3000}}})")) ==
        "search.constraints.flash: unknown quantity; known: flash_bytes, ram_bytes");
  Json config = config_for(dir, R"({"algorithm": "grid", "epochs": 1})");
  config["deploy"] = Json{{"precision", "fp16"}};
  CHECK(error_of(config) == "deploy.precision: expected float32 or int8, got \"fp16\"");
  CHECK(!fs::exists(dir / "repo" / "journal.jsonl"));
}
