// A `tunet tune` job gives the same results table on 1 and 2 threads: the same
// configurations proposed (the GP's linear algebra runs Eigen on one thread),
// the same objective values and per-epoch metrics to the bit, the same test
// scores. Training and evaluation are thread-count independent
// (core/parallel.hpp; tests/test_nn_thread_determinism.cpp for the models).
// The MLP is large enough (784 -> 100) for its products to run in parallel.
// Needs Fashion-MNIST (Debian's dataset-fashion-mnist); says so and stops
// where it is missing.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "core/parallel.hpp"
#include "fresh_dir.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/integration/tune_config.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

const fs::path kFashionImages = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";

Json gp_mlp_config(const fs::path& repo) {
  Json c = parse_config(R"({
    "data": {"name": "fashion_mnist", "flatten": true, "scale": 0.00392156862745098,
             "subset": {"train": 640, "test": 200}, "validation_split": 0.2},
    "model": [
      {"layer": "dropout", "rate": "$dropout", "input_shape": [784]},
      {"layer": "dense", "units": 100, "activation": "relu"},
      {"layer": "dense", "units": 10, "activation": "softmax"}
    ],
    "compile": {"optimizer": {"name": "adam", "learning_rate": "$learning_rate"},
                "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
    "space": {
      "learning_rate": {"type": "log-uniform", "low": 1e-4, "high": 1e-2},
      "dropout": {"type": "uniform", "low": 0.0, "high": 0.5}
    },
    "search": {"algorithm": "gp", "n_calls": 4, "n_initial_points": 2, "epochs": 2, "objective": "val_loss"},
    "fit": {"batch_size": 128},
    "repo_dir": "",
    "seed": 5
  })", "gp_mlp.json");
  c["repo_dir"] = repo.string();
  return c;
}

TuneReport tune_on(int threads) {
  set_num_threads(threads);
#if defined(TUNET_WITH_OPENMP)
  REQUIRE(num_threads() == threads);
#endif
  std::ostringstream log;
  TuneReport report = TuneJob(gp_mlp_config(testing::fresh_dir("cli_threads_" + std::to_string(threads))), &log).run();
  set_num_threads(0);
  return report;
}

}  // namespace

TEST_CASE("tunet tune: the same trials, values and test scores on 1 and 2 threads") {
  if (!fs::exists(kFashionImages)) {
    MESSAGE("skipped: Fashion-MNIST not found (" << kFashionImages.string()
                                                  << "; apt-get install dataset-fashion-mnist)");
    return;
  }
#if !defined(TUNET_WITH_OPENMP)
  MESSAGE("built without OpenMP: one thread only, so the job is compared with a second run on one thread");
#endif
  const TuneReport one = tune_on(1), two = tune_on(2);
  const auto& a = one.results.trials();
  const auto& b = two.results.trials();
  REQUIRE(a.size() == 4);
  REQUIRE(b.size() == a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CAPTURE(i);
    CHECK(a[i].ok());
    CHECK(a[i].params.key() == b[i].params.key());
    CHECK(a[i].value == b[i].value);  // exact
    REQUIRE(a[i].history.size() == b[i].history.size());
    for (size_t e = 0; e < a[i].history.size(); ++e) CHECK(a[i].history[e].metrics == b[i].history[e].metrics);
  }
  REQUIRE(one.test.has_value());
  REQUIRE(two.test.has_value());
  CHECK(*one.test == *two.test);
}
