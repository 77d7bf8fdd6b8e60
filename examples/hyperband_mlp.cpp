// First steps with Hyperband from C++: the MLP of the Fashion-MNIST Hyperband
// search (Dropout, Dense 100, Dropout, Dense 10 softmax; RMSprop) tuned over
// learning rate, activation and dropout, as examples/fashion_mlp_hyperband.json
// does from a config. docs/tutorials/1-hyperband-first-steps.md.
//
//   hyperband_mlp [fashion_mnist|mnist_digits] [R=20] [eta=3]
//   TUNET_TUTORIAL_QUICK=1: 3,000 training images, 1,000 test images
// Running it again resumes from runs/cpp_<data>_hyperband (delete it to start over).
#include <tunet/tunet.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

namespace nn = tunet::nn;
namespace ds = tunet::datasets;
namespace tu = tunet::tuner;

int main(int argc, char** argv) {
  const std::string name = argc > 1 ? argv[1] : "fashion_mnist";
  const int R = argc > 2 ? std::atoi(argv[2]) : 20;
  const int eta = argc > 3 ? std::atoi(argv[3]) : 3;
  const bool quick = std::getenv("TUNET_TUTORIAL_QUICK") != nullptr;
  try {
    ds::Splits images = name == "mnist_digits" ? ds::mnist_digits() : ds::fashion_mnist();
    if (quick) images = images.take_stratified({.train = 3000, .test = 1000}, 1);
    const ds::Splits data = images.flatten().scale(1.0f / 255).split_validation(0.1, 1);

    tu::Space space{
        tu::Real("learning_rate", 1e-4, 1e-1, tu::Prior::LogUniform),
        tu::Categorical("activation", {"sigmoid", "tanh", "relu"}),
        tu::Real("dropout", 0.0, 0.9),
    };
    tu::ModelObjective objective(
        [](const tu::Params& hp, uint64_t seed) {
          nn::Sequential m({784}, seed);
          m.add(nn::Dropout(hp.real("dropout")));
          m.add(nn::Dense(100, hp.str("activation")));
          m.add(nn::Dropout(hp.real("dropout")));
          m.add(nn::Dense(10, "softmax"));
          m.compile(nn::RMSprop({.learning_rate = hp.real("learning_rate")}), "categorical_crossentropy",
                    {"accuracy"});
          return m;
        },
        data, {.objective = "val_loss"});
    const std::string repo_dir = "runs/cpp_" + name + (quick ? "_quick" : "") + "_hyperband";
    tu::Study study(space, objective, {.repo_dir = repo_dir, .seed = 1, .log = &std::cout});
    tu::Hyperband hyperband({.R = R, .eta = eta});
    const tu::Results table = study.run(hyperband);  // the schedule, each trial's epochs, an ETA
    table.print(std::cout, 10);

    nn::Sequential best = nn::Sequential::load(table.best_checkpoint().string());
    const nn::Logs test = best.evaluate(data.test.x, data.test.one_hot(), 1000);
    std::printf("Test set (%lld images, never seen during the search): accuracy = %.4f\n",
                static_cast<long long>(data.test.size()), test.at("accuracy"));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hyperband_mlp: %s\n", e.what());
    return 1;
  }
  return 0;
}
