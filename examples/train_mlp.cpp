// Trains the Fashion-MNIST MLP (784 -> dropout -> 100 relu -> dropout -> 10
// softmax) and saves it (architecture, weights, optimizer state) for
// examples/embed_predict.cpp; on the CPU, or on a GPU ("cuda") when one is usable.
// Validation is 10% of the training set; the test set is evaluated once, at the end.
//
//   train_mlp [out=mlp.tunet] [epochs=5] [device=cpu|cuda|cuda:N]
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "core/device.hpp"
#include "datasets/datasets.hpp"
#include "nn/nn.hpp"

using namespace tunet;

int main(int argc, char** argv) {
  const std::string out = argc > 1 ? argv[1] : "mlp.tunet";
  const int epochs = argc > 2 ? std::atoi(argv[2]) : 5;
  try {
    const Device device = parse_device(argc > 3 ? argv[3] : "cpu");
    const auto data = datasets::fashion_mnist().flatten().scale(1.0f / 255).split_validation(0.1, /*seed=*/1);
    nn::Sequential model({784}, /*seed=*/1);
    model.add(nn::Dropout(0.2));
    model.add(nn::Dense(100, "relu"));
    model.add(nn::Dropout(0.2));
    model.add(nn::Dense(10, "softmax"));
    model.compile(nn::RMSprop({.learning_rate = 1e-3}), "sparse_categorical_crossentropy", {"accuracy"});
    model.to(device);  // Error with the reason when the device cannot be used
    std::cout << model.summary();
    model.fit(data.train.x, data.train.y,
              {.epochs = epochs, .batch_size = 128, .validation_data = {data.validation.x, data.validation.y}});
    std::printf("test set (%lld samples):", static_cast<long long>(data.test.size()));
    for (const auto& [name, value] : model.evaluate(data.test.x, data.test.y, 128)) std::printf(" %s = %.4f", name.c_str(), value);
    std::printf("\n");
    model.save(out);
    std::printf("saved %s\n", out.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "train_mlp: %s\n", e.what());
    return 1;
  }
  return 0;
}
