#pragma once
// The two models the training benchmarks time, as the tools compared with
// tunet define them (bench/torch_train.py builds the same in PyTorch):
//   fashion_mlp: Dropout 0.2, Dense 100 relu, Dropout 0.2, Dense 10 softmax; RMSprop 1e-3
//   fashion_cnn: Conv 5x5x16 same relu, MaxPool 2, Conv 5x5x36 same relu, MaxPool 2,
//                Flatten, Dense 128 relu, Dense 10 softmax; Adam 1e-3
// Both on 28x28 Fashion-MNIST images with class ids (sparse cross-entropy);
// `seed` is the model seed (weights, shuffling, dropout).
#include "nn/nn.hpp"

namespace tunet::bench {

inline nn::Sequential fashion_mlp(uint64_t seed = 1) {
  nn::Sequential m({784}, seed);
  m.add(nn::Dropout(0.2));
  m.add(nn::Dense(100, "relu"));
  m.add(nn::Dropout(0.2));
  m.add(nn::Dense(10, "softmax"));
  m.compile(nn::RMSprop({.learning_rate = 1e-3}), "sparse_categorical_crossentropy", {"accuracy"});
  return m;
}

inline nn::Sequential fashion_cnn(uint64_t seed = 1) {
  nn::Sequential m({1, 28, 28}, seed);
  m.add(nn::Conv2D(16, 5, 1, "same", "relu"));
  m.add(nn::MaxPool2D(2));
  m.add(nn::Conv2D(36, 5, 1, "same", "relu"));
  m.add(nn::MaxPool2D(2));
  m.add(nn::Flatten());
  m.add(nn::Dense(128, "relu"));
  m.add(nn::Dense(10, "softmax"));
  m.compile(nn::Adam({.learning_rate = 1e-3}), "sparse_categorical_crossentropy", {"accuracy"});
  return m;
}

}  // namespace tunet::bench
