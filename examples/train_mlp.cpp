// Trains seed 000's MLP on Fashion-MNIST and saves it (architecture, weights,
// optimizer state) for examples/embed_predict.cpp.
//
//   train_mlp [out=mlp.tunet] [epochs=5]
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "datasets/datasets.hpp"
#include "nn/nn.hpp"

using namespace tunet;

int main(int argc, char** argv) {
  const std::string out = argc > 1 ? argv[1] : "mlp.tunet";
  const int epochs = argc > 2 ? std::atoi(argv[2]) : 5;
  try {
    const auto data = datasets::fashion_mnist().flatten().scale(1.0f / 255);
    nn::Sequential model({784}, /*seed=*/1);
    model.add(nn::Dropout(0.2));
    model.add(nn::Dense(100, "relu"));
    model.add(nn::Dropout(0.2));
    model.add(nn::Dense(10, "softmax"));
    model.compile(nn::RMSprop({.learning_rate = 1e-3}), "sparse_categorical_crossentropy", {"accuracy"});
    std::cout << model.summary();
    model.fit(data.train.x, data.train.y,
              {.epochs = epochs, .batch_size = 128, .validation_data = {data.test.x, data.test.y}});
    model.save(out);
    std::printf("saved %s\n", out.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "train_mlp: %s\n", e.what());
    return 1;
  }
  return 0;
}
