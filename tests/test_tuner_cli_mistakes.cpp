// `tunet tune` with a mistake in its config or its data, run as a user runs
// it (the tunet binary of this build, bin/tunet): each kind of mistake ends
// with exactly one line on stderr naming the JSON path, exit status 1, and
// no repo_dir (nothing loaded into a search, nothing written); a resume with
// other settings is refused with the difference named and the journal
// untouched. Skipped with a message when bin/tunet is not built.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "fresh_dir.hpp"
#include "tuner/config/config_file.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

const fs::path kTunet = fs::path(TUNET_BINARY_DIR) / "bin" / "tunet";

Json base_config() {
  return parse_config(R"({
    "data": {"name": "two_spirals", "samples_per_class": 30, "validation_split": 0.25},
    "model": [{"layer": "dense", "units": 8, "activation": "$activation"},
              {"layer": "dense", "units": 2, "activation": "softmax"}],
    "compile": {"optimizer": {"name": "adam", "learning_rate": 0.01},
                "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
    "space": {"activation": {"type": "choice", "values": ["relu", "tanh"]}},
    "search": {"algorithm": "grid", "epochs": 1},
    "fit": {"batch_size": 16},
    "repo_dir": "repo",
    "seed": 1
  })", "base.json");
}

struct Outcome {
  int status = -1;
  std::string err;
};

// Writes `config` to dir/config.json and runs `tunet tune config.json ARGS` in dir.
Outcome tune(const fs::path& dir, const Json& config, const std::string& args = "") {
  fs::create_directories(dir);
  std::ofstream(dir / "config.json") << config.dump(2);
  const int status = std::system(("cd '" + dir.string() + "' && '" + kTunet.string() + "' tune config.json " + args +
                                  " > out.txt 2> err.txt").c_str());
  std::ifstream e(dir / "err.txt");
  Outcome out;
  out.err.assign(std::istreambuf_iterator<char>(e), std::istreambuf_iterator<char>());
  out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

// The config with `pointer` set to `value` fails with exactly "tunet: error: <message>".
void check_mistake(const std::string& name, const Json& config, const std::string& message) {
  if (!fs::exists(kTunet)) {
    MESSAGE("skipped: " << kTunet.string() << " is not built (cmake --build . --target tunet_cli)");
    return;
  }
  const fs::path dir = testing::fresh_dir("cli_mistake_" + name);
  const Outcome out = tune(dir, config);
  CHECK(out.status == 1);
  CHECK(out.err == "tunet: error: " + message + "\n");
  CHECK_FALSE(fs::exists(dir / "repo"));
}

Json with(const char* pointer, const Json& value) {
  Json c = base_config();
  c[Json::json_pointer(pointer)] = value;
  return c;
}

// Messages that name the directory the test runs in.
std::string in_dir(const std::string& name) { return testing::fresh_dir("cli_mistake_" + name).string(); }

}  // namespace

TEST_CASE("An unknown top-level field names the one meant") {
  Json c = base_config();
  c["serach"] = c["search"];
  check_mistake("top_level", c, "config: unknown field 'serach' (did you mean 'search'?)");
}

TEST_CASE("An unknown layer field names the one meant, from the layer's registration") {
  Json c = base_config();
  c["model"][1].erase("units");
  c["model"][1]["unit"] = 2;
  check_mistake("layer_field", c, "model[1]: unknown field 'unit' (did you mean 'units'?)");
}

TEST_CASE("An unknown layer type names the one meant") {
  check_mistake("layer_type", with("/model/1/layer", "dense2"),
                "model[1].layer: unknown layer type 'dense2' (did you mean 'Dense'?)");
}

TEST_CASE("A string where a number belongs is refused, not converted") {
  check_mistake("string_number", with("/model/1/units", "2"), "model[1].units: expected an integer, got \"2\"");
}

TEST_CASE("A choice value the model cannot take fails before the search starts") {
  check_mistake("bad_choice", with("/space/activation/values", Json::array({"relu", "relux"})),
                "space.activation = \"relux\": model[0] (dense): unknown activation 'relux'; valid names: linear, "
                "sigmoid, tanh, relu, leaky_relu, elu, celu, selu, gelu, gelu_tanh, silu, softplus, softmax, swish "
                "(building the model for {activation=\"relux\"})");
}

TEST_CASE("A search's own check of the space runs before repo_dir is created") {
  check_mistake("grid_values", with("/search/values", Json{{"activaton", Json::array({"relu"})}}),
                "search: unknown hyperparameter 'activaton' (did you mean 'activation'?)");
}

TEST_CASE("A missing CSV file names data.path and the directory it was resolved against") {
  const Json data = {{"format", "csv"}, {"path", "missing.csv"}};
  check_mistake("missing_csv", with("/data", data),
                "data.path: no file 'missing.csv' (resolved against " + in_dir("missing_csv") + ")");
}

TEST_CASE("A missing image data set names data.dir") {
  const Json data = {{"name", "fashion_mnist"}, {"dir", "no_such_dir"}};
  check_mistake("missing_images", with("/data", data),
                "data.dir = \"no_such_dir\": fashion_mnist: the four files train-images-idx3-ubyte, "
                "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (raw or .gz) were not "
                "found in: no_such_dir, no_such_dir/fashion-mnist. On Debian: sudo apt-get install "
                "dataset-fashion-mnist (installs them in /usr/share/datasets/fashion-mnist); or pass their "
                "directory to fashion_mnist(dir) or put them in $TUNET_DATA_DIR/fashion-mnist");
}

TEST_CASE("A resume with other settings is refused, the difference named, the journal untouched") {
  if (!fs::exists(kTunet)) {
    MESSAGE("skipped: " << kTunet.string() << " is not built (cmake --build . --target tunet_cli)");
    return;
  }
  const fs::path dir = testing::fresh_dir("cli_resume_other_settings");
  REQUIRE(tune(dir, base_config()).status == 0);
  const auto journal_size = fs::file_size(dir / "repo" / "journal.jsonl");
  const Outcome out = tune(dir, base_config(), "--set compile.optimizer.learning_rate=0.02");
  CHECK(out.status == 1);
  CHECK(out.err == "tunet: error: repo_dir repo holds a search with other settings "
                   "(settings.compile.optimizer.learning_rate: recorded 0.01, this run 0.02): use another repo_dir "
                   "(or remove this one) instead of mixing two searches\n");
  const Outcome callbacks = tune(dir, base_config(), "--set 'callbacks=[{\"type\": \"terminate_on_nan\"}]'");
  CHECK(callbacks.err == "tunet: error: repo_dir repo holds a search with other settings (settings.callbacks: "
                         "recorded (absent), this run [{\"type\":\"terminate_on_nan\"}]): use another repo_dir "
                         "(or remove this one) instead of mixing two searches\n");
  CHECK(fs::file_size(dir / "repo" / "journal.jsonl") == journal_size);
  // The same settings resume (nothing left to train).
  CHECK(tune(dir, base_config()).status == 0);
}
