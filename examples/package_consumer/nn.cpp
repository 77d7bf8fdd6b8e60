// Links tunet::nn alone, as an inference-only program does: saves a model,
// loads it back and predicts; the layer types registered by name survive the
// static link although nothing here names them.
#include <filesystem>
#include <iostream>

#include "nn/nn.hpp"

namespace nn = tunet::nn;

int main() {
  nn::Sequential model({4}, /*seed=*/1);
  model.add(nn::Dense(8, "relu"));
  model.add(nn::Dense(3, "softmax"));
  const std::string path = (std::filesystem::temp_directory_path() / "tunet_consumer_nn.tunet").string();
  model.save(path);
  nn::Sequential loaded = nn::Sequential::load(path);
  std::filesystem::remove(path);
  const tunet::Tensor x = tunet::Tensor::from({2, 4}, {0.1f, 0.2f, 0.3f, 0.4f, 1, -1, 0.5f, 0});
  const tunet::Tensor a = model.predict(x);
  const tunet::Tensor b = loaded.predict(x);
  for (int64_t i = 0; i < a.numel(); ++i)
    if (a.data()[i] != b.data()[i]) return 1;
  std::cout << "nn: " << nn::layer_types().size() << " layer types; the loaded model predicts as the saved one\n";
  return nn::layer_types().empty() ? 1 : 0;
}
