// Registries instead of if-chains: a layer type and a search algorithm defined
// and registered here only, in one line each, run from a JSON config like the
// built-in ones; the errors for an unknown name list every registered one.
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>

#include "core/error.hpp"
#include "core/ops.hpp"
#include "fresh_dir.hpp"
#include "nn/input_check.hpp"
#include "nn/layer_factory.hpp"
#include "nn/sequential.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/config/json_fields.hpp"
#include "tuner/config/search_config.hpp"
#include "tuner/integration/tune_config.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

// The toy layer: y = factor * x, no weights.
class Scale : public nn::Layer {
 public:
  explicit Scale(double factor) : factor_(factor) {}
  std::string type() const override { return "Scale"; }
  Shape build(const Shape& input_shape) override {
    input_shape_ = input_shape;
    output_shape_ = input_shape;
    return output_shape_;
  }
  Tensor forward(const Tensor& x, const nn::ForwardContext&) override {
    nn::check_batch_input(*this, x);
    return x * static_cast<float>(factor_);
  }
  nn::LayerConfig config() const override { return {{"factor", std::to_string(factor_)}}; }
  std::unique_ptr<nn::Layer> clone() const override { return std::make_unique<Scale>(*this); }

 private:
  double factor_;
};

std::unique_ptr<nn::Layer> parse_scale(nn::LayerConfigReader& read) {
  return std::make_unique<Scale>(read.real("factor", read.required("factor")));
}

// The toy algorithm: the configurations listed in "configs", in order.
class ListedConfigs : public Proposer {
 public:
  explicit ListedConfigs(std::vector<Params> configs) : configs_(std::move(configs)) {}
  std::string name() const override { return "listed"; }
  Json settings() const override {
    Json list = Json::array();
    for (const Params& p : configs_) list.push_back(p.to_json());
    return {{"configs", list}};
  }
  void start(const Space& space, Rng, Direction) override {
    space_ = &space;
    next_ = 0;
  }
  std::optional<Params> ask() override {
    if (next_ == configs_.size()) return std::nullopt;
    return space_->canonical(configs_[next_++]);
  }
  void tell(const Trial&) override {}
  std::optional<size_t> remaining() const override { return configs_.size() - next_; }

 private:
  std::vector<Params> configs_;
  const Space* space_ = nullptr;
  size_t next_ = 0;
};

std::unique_ptr<Proposer> listed_proposer(const Json& search) {
  require_field(search, "configs", "search");
  const Json& list = search.at("configs");
  require_array(list, "search.configs");
  std::vector<Params> configs;
  for (size_t i = 0; i < list.size(); ++i) configs.push_back(params_from_json(list[i], element_path("search.configs", i)));
  return std::make_unique<ListedConfigs>(std::move(configs));
}

SearchPlan parse_listed(const Json& search) { return fixed_budget_plan(search, listed_proposer); }

}  // namespace

TUNET_REGISTER_LAYER(test_scale, {.name = "Scale", .fields = {{"factor", nn::FieldKind::Number}},
                                   .parse = parse_scale});
TUNET_REGISTER_SEARCH_ALGORITHM(test_listed, {.name = "listed", .fields = {"epochs", "stoppers", "configs"},
                                              .parse = parse_listed});

namespace {

Json toy_config(const fs::path& repo) {
  Json c = parse_config(R"({
    "data": {"name": "gaussian_blobs", "samples_per_class": 40},
    "model": [
      {"layer": "scale", "factor": "$factor"},
      {"layer": "dense", "units": 8, "activation": "relu"},
      {"layer": "dense", "units": 3, "activation": "softmax"}
    ],
    "compile": {"optimizer": {"name": "adam", "learning_rate": 0.01},
                "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
    "space": {"factor": {"type": "choice", "values": [0.5, 1.0, 2.0]}},
    "search": {"algorithm": "listed", "configs": [{"factor": 2.0}, {"factor": 0.5}], "epochs": 2},
    "fit": {"batch_size": 16},
    "repo_dir": "",
    "seed": 5
  })", "toy.json");
  c["repo_dir"] = repo.string();
  return c;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("A layer type and a search algorithm registered in this file run from a JSON config") {
  const fs::path repo = testing::fresh_dir("registry_toys");
  TuneJob job(toy_config(repo));
  const TuneReport report = job.run();
  REQUIRE(report.results.trials().size() == 2);  // the two listed configurations, in order
  CHECK(report.results.trials()[0].params.real("factor") == 2.0);
  CHECK(report.results.trials()[1].params.real("factor") == 0.5);
  for (const Trial& t : report.results.trials()) {
    CHECK(t.ok());
    CHECK(t.budget == 2);
  }
  // The saved best model holds the toy layer, and loads back through the registry.
  nn::Sequential best = nn::Sequential::load(report.results.best_checkpoint().string());
  CHECK(best.layers().front()->type() == "Scale");
}

TEST_CASE("Unknown names list every registered one, the toys included") {
  CHECK(error_of([] { nn::make_layer("Transformer", {}); }) ==
        "unknown layer type 'Transformer'; valid types: Dense, Conv2D, MaxPool2D, Dropout, Flatten, Activation, Scale "
        "(case-insensitive)");
  CHECK(error_of([] { nn::make_layer("Scal", {}); }) == "unknown layer type 'Scal' (did you mean 'Scale'?)");
  CHECK(error_of([] { nn::make_layer("Scale", {{"factr", "2"}}); }) ==
        "Scale: unknown field 'factr' (did you mean 'factor'?)");
  CHECK(nn::layer_types().back() == "Scale");
  CHECK(error_of([] { make_search(Json{{"algorithm", "annealing"}, {"epochs", 1}}); }) ==
        "search.algorithm: expected hyperband, asha, random, grid, gp or listed, got \"annealing\"");
  CHECK(find_search_algorithm("bayesian") == find_search_algorithm("gp"));  // an alias, not listed
  CHECK(error_of([] { make_search(Json{{"algorithm", "listed"}, {"epochs", 1}, {"points", 3}}); }) ==
        "search: unknown field 'points' (expected algorithm, epochs, stoppers, configs)");
}

TEST_CASE("A name is registered once") {
  CHECK(error_of([] { nn::register_layer_type({.name = "maxpooling2d", .parse = parse_scale}); }) ==
        "register_layer_type: 'maxpooling2d' is already registered");
  CHECK(error_of([] { register_search_algorithm({.name = "toy", .aliases = {"gp"}, .parse = parse_listed}); }) ==
        "register_search_algorithm: 'gp' is already registered");
}
