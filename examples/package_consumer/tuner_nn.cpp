// Links tunet::tuner_nn alone: a model written as JSON whose fields name
// hyperparameters (as `tunet tune` configs write it), built for one configuration.
#include <iostream>

#include "tuner/integration/integration.hpp"

namespace tu = tunet::tuner;

int main() {
  const tu::Space space{tu::Categorical("activation", {"relu", "tanh"})};
  const tu::ModelConfig config(tu::Json::parse(R"([{"layer": "dense", "units": 3, "activation": "$activation"}])"),
                               tu::Json::parse(R"({"optimizer": "adam", "loss": "mse"})"), space, {4});
  const tunet::nn::Sequential model = config.build({{"activation", "tanh"}}, /*seed=*/1);
  std::cout << "tuner_nn: a model of " << model.count_params() << " parameters from JSON\n";
  return model.count_params() == 15 ? 0 : 1;
}
