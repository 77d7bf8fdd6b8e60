// The validation leak in numbers: choosing a model by its score on the test
// set makes that score an optimistic estimate of how the model does on new
// images. One random search over MLPs on 8x8 Fashion-MNIST (a stratified
// 12,000 of the training images, to keep it short); every trial's final model
// is scored on three sets it never trained on:
//   validation  1/6 of those training images (what an honest search ranks by)
//   test A      1,000 test images (what a leaky search ranks by: "tuning on the test set")
//   test B      the other 9,000 test images, never used for any decision (the truth)
// Random search proposes the same configurations whichever set ranks them, so
// one search serves both: the leak is only in which score picks the winner.
// docs/tutorials/3-random-vs-hyperband.md shows the output.
//
//   validation_leak [trials=30] [epochs=4]      TUNET_TUTORIAL_QUICK=1: 2,000 training images
#include <tunet/tunet.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace nn = tunet::nn;
namespace ds = tunet::datasets;
namespace tu = tunet::tuner;

namespace {

struct Scores {
  int trial = 0;
  double validation = 0, test_a = 0, test_b = 0;
};

double accuracy(nn::Sequential& model, const ds::Dataset& data) {
  return model.evaluate(data.x, data.y, 1000).at("accuracy");
}

void print_choice(const char* rule, const Scores& s, double reported) {
  std::printf("%-34s trial %2d  reported %.4f  test B (new images) %.4f  optimism %+.4f\n", rule, s.trial, reported,
              s.test_b, reported - s.test_b);
}

}  // namespace

int main(int argc, char** argv) {
  const int trials = argc > 1 ? std::atoi(argv[1]) : 30;
  const int epochs = argc > 2 ? std::atoi(argv[2]) : 4;
  const bool quick = std::getenv("TUNET_TUTORIAL_QUICK") != nullptr;
  try {
    ds::Splits images = ds::fashion_mnist().resize(8, 8).flatten().scale(1.0f / 255);
    images = images.take_stratified({.train = quick ? 2000 : 12000}, 1);
    // train_validation_split puts the given fraction in .validation: 9,000 images -> B, 1,000 -> A.
    const ds::TrainValidation test_parts = ds::train_validation_split(images.test, 0.9, 7);
    const ds::Dataset& test_a = test_parts.train;
    const ds::Dataset& test_b = test_parts.validation;
    const ds::Splits data = images.split_validation(1.0 / 6, 42);  // train 10,000, validation 2,000
    std::cout << data.summary() << "; test A " << test_a.size() << ", test B " << test_b.size() << "\n";

    tu::Space space{
        tu::Integer("layers", 1, 3),
        tu::Integer("units", 32, 512, /*log=*/true),
        tu::Real("dropout", 0.1, 0.5),
        tu::Real("learning_rate", 1e-4, 1e-2, tu::Prior::LogUniform),
        tu::Categorical("activation", {"elu", "gelu", "relu", "selu", "silu", "sigmoid"}),
    };
    tu::ModelObjective objective(
        [](const tu::Params& hp, uint64_t seed) {
          nn::Sequential m({64}, seed);
          for (int64_t i = 0; i < hp.integer("layers"); ++i) {
            m.add(nn::Dense(hp.integer("units"), hp.str("activation")));
            m.add(nn::Dropout(hp.real("dropout")));
          }
          m.add(nn::Dense(10, "softmax"));
          m.compile(nn::Adam({.learning_rate = hp.real("learning_rate")}), "sparse_categorical_crossentropy",
                    {"accuracy"});
          return m;
        },
        data, {.objective = "val_accuracy"});
    const std::filesystem::path repo_dir = quick ? "runs/validation_leak_quick" : "runs/validation_leak";
    tu::Study study(space, objective, {.repo_dir = repo_dir, .seed = 3});
    tu::RandomSearch random({.n_trials = trials});
    const tu::Results results = study.run(random, epochs);

    std::vector<Scores> scores;
    for (const tu::Trial& t : results.trials()) {
      if (!t.ok()) continue;
      nn::Sequential model = nn::Sequential::load((repo_dir / t.checkpoint).string());
      scores.push_back({t.id, *t.value, accuracy(model, test_a), accuracy(model, test_b)});
    }
    std::printf("%zu models, %d epochs each; accuracy on:\n", scores.size(), epochs);
    std::printf("%5s  %10s  %8s  %8s\n", "trial", "validation", "test A", "test B");
    for (const Scores& s : scores) std::printf("%5d  %10.4f  %8.4f  %8.4f\n", s.trial, s.validation, s.test_a, s.test_b);

    auto best_by = [&](double Scores::*score) {
      return *std::max_element(scores.begin(), scores.end(),
                               [&](const Scores& a, const Scores& b) { return a.*score < b.*score; });
    };
    const Scores honest = best_by(&Scores::validation);
    const Scores leaky = best_by(&Scores::test_a);
    std::printf("\nThe winner and the accuracy one would report for it:\n");
    print_choice("chosen on validation, test A once", honest, honest.test_a);
    print_choice("chosen on test A (the leak)", leaky, leaky.test_a);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "validation_leak: %s\n", e.what());
    return 1;
  }
  return 0;
}
