// GP search against random search on the CNN problem of scikit-optimize's
// classic "hyperparameter optimization of a CNN" tutorial: a small CNN on Fashion-MNIST whose learning rate,
// number and width of dense layers and activation are tuned, 40 calls each,
// the same starting point x0 = {1e-5, 1, 16, relu} for both, over several
// seeds. Prints the best validation accuracy each search found per seed and
// who won. A documented run, not CI (minutes per seed on two cores):
//
//   bench_gp_cnn [--seeds 5] [--calls 40] [--train 5000] [--validation 1000] [--epochs 1]
//
// Model (as that tutorial's): conv 5x5x16 same relu, maxpool 2, conv 5x5x36 same relu,
// maxpool 2, flatten, num_dense_layers x dense(num_dense_nodes, activation),
// dense(10, softmax); Adam(learning_rate), categorical cross-entropy, batch 128.
// Validation is carved out of the training set (the test set is not used).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench_args.hpp"
#include "datasets/datasets.hpp"
#include "nn/nn.hpp"
#include "tuner/skopt/gp_minimize.hpp"

namespace nn = tunet::nn;
namespace tu = tunet::tuner;


int main(int argc, char** argv) {
  check_args(argc, argv, "bench_gp_cnn [--seeds 5] [--calls 40] [--train 5000] [--validation 1000] [--epochs 1]",
             {"--seeds", "--calls", "--train", "--validation", "--epochs"}, 0);
  const int seeds = arg_int(argc, argv, "--seeds", 5);
  const int calls = arg_int(argc, argv, "--calls", 40);
  const int n_train = arg_int(argc, argv, "--train", 5000);
  const int n_validation = arg_int(argc, argv, "--validation", 1000);
  const int epochs = arg_int(argc, argv, "--epochs", 1);

  auto data = tunet::datasets::fashion_mnist()
                  .scale(1.0f / 255)
                  .reshape_nchw()
                  .split_validation(0.1, /*seed=*/42)
                  .take_stratified({.train = n_train, .validation = n_validation, .test = 100}, /*seed=*/1);
  const tunet::Tensor y_train = data.train.one_hot(), y_validation = data.validation.one_hot();
  std::printf("%s\n", data.summary().c_str());

  tu::Space space{tu::Real("learning_rate", 1e-6, 1e-2, tu::Prior::LogUniform), tu::Integer("num_dense_layers", 1, 5),
                  tu::Integer("num_dense_nodes", 5, 512), tu::Categorical("activation", {"relu", "sigmoid"})};
  const tu::Params x0{{"learning_rate", 1e-5}, {"num_dense_layers", int64_t{1}}, {"num_dense_nodes", int64_t{16}},
                      {"activation", "relu"}};

  // Returns -validation accuracy (minimised), as that tutorial's fitness does.
  auto fitness_for = [&](uint64_t model_seed) {
    return [&, model_seed](const tu::Params& hp) {
      nn::Sequential model({1, 28, 28}, model_seed);
      model.add(nn::Conv2D(16, 5, 1, "same", "relu"));
      model.add(nn::MaxPool2D(2));
      model.add(nn::Conv2D(36, 5, 1, "same", "relu"));
      model.add(nn::MaxPool2D(2));
      model.add(nn::Flatten());
      for (int64_t i = 0; i < hp.integer("num_dense_layers"); ++i) {
        model.add(nn::Dense(hp.integer("num_dense_nodes"), hp.str("activation")));
      }
      model.add(nn::Dense(10, "softmax"));
      model.compile(nn::Adam({.learning_rate = hp.real("learning_rate")}), "categorical_crossentropy", {"accuracy"});
      model.fit(data.train.x, y_train, {.epochs = epochs, .batch_size = 128, .verbose = 0});
      return -model.evaluate(data.validation.x, y_validation, 256).at("accuracy");
    };
  };

  std::printf("| seed | GP (EI) best val. accuracy | random best val. accuracy | winner | GP s | random s |\n");
  std::printf("| --- | --- | --- | --- | --- | --- |\n");
  int gp_wins = 0;
  for (int seed = 0; seed < seeds; ++seed) {
    auto t0 = std::chrono::steady_clock::now();
    tu::GpResult gp = tu::gp_minimize(fitness_for(seed), space,
                                      {.n_calls = calls, .acq_func = "EI", .x0 = {x0}, .seed = static_cast<uint64_t>(seed)});
    auto t1 = std::chrono::steady_clock::now();
    tu::GpResult random = tu::gp_minimize(fitness_for(seed), space,
                                          {.n_calls = calls, .n_initial_points = calls,
                                           .initial_point_generator = "random", .x0 = {x0},
                                           .seed = static_cast<uint64_t>(seed)});
    auto t2 = std::chrono::steady_clock::now();
    const bool gp_better = gp.fun < random.fun;
    gp_wins += gp_better;
    std::printf("| %d | %.4f | %.4f | %s | %.0f | %.0f |\n", seed, -gp.fun, -random.fun,
                gp_better ? "GP" : (gp.fun == random.fun ? "tie" : "random"),
                std::chrono::duration<double>(t1 - t0).count(), std::chrono::duration<double>(t2 - t1).count());
    std::printf("  GP best: %s\n", tu::to_string(gp.best()).c_str());
    std::fflush(stdout);
  }
  std::printf("GP better in %d of %d seeds\n", gp_wins, seeds);
  return 0;
}
