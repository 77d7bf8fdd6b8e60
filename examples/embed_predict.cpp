// Embedding tunet for inference: load a saved model (examples/train_mlp.cpp
// writes one) and classify the Fashion-MNIST test set, 1,000 images at a time
// through one reused input buffer. predict() records no autograd graph.
//
//   embed_predict mlp.tunet [fashion-mnist dir=/usr/share/datasets/fashion-mnist]
//
// scripts/embed_size.sh builds this CPU-only, without OpenMP, static, -Os and
// stripped, and measures its size and peak memory.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "datasets/idx.hpp"
#include "nn/sequential.hpp"

using namespace tunet;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: embed_predict model.tunet [fashion-mnist dir]\n");
    return 2;
  }
  const std::string dir = argc > 2 ? argv[2] : "/usr/share/datasets/fashion-mnist";
  try {
    nn::Sequential model = nn::Sequential::load(argv[1]);
    const datasets::IdxArray images = datasets::read_idx(dir + "/t10k-images-idx3-ubyte.gz");
    const datasets::IdxArray labels = datasets::read_idx(dir + "/t10k-labels-idx1-ubyte.gz");
    const int64_t n = images.dims.at(0);
    const int64_t pixels = static_cast<int64_t>(images.values.size()) / n;
    const int64_t classes = model.output_shape().back();

    constexpr int64_t kBatch = 1000;
    Shape shape = model.input_shape();
    shape.insert(shape.begin(), kBatch);
    Tensor batch = Tensor::empty(shape);
    if (batch.numel() != kBatch * pixels) {
      std::fprintf(stderr, "embed_predict: the model takes %s samples, the images have %lld pixels\n",
                   shape_str(model.input_shape()).c_str(), static_cast<long long>(pixels));
      return 1;
    }
    int64_t correct = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int64_t begin = 0; begin + kBatch <= n; begin += kBatch) {
      float* x = batch.data();
      for (int64_t i = 0; i < kBatch * pixels; ++i) x[i] = images.values[begin * pixels + i] / 255.0f;
      const Tensor probs = model.predict(batch, kBatch);
      const float* p = probs.data();
      for (int64_t i = 0; i < kBatch; ++i) {
        const int64_t predicted = std::max_element(p + i * classes, p + (i + 1) * classes) - (p + i * classes);
        correct += predicted == labels.values[begin + i];
      }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const int64_t classified = n / kBatch * kBatch;
    std::printf("classified %lld images: accuracy %.4f, %.0f samples/s\n", static_cast<long long>(classified),
                double(correct) / double(classified), double(classified) / seconds);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "embed_predict: %s\n", e.what());
    return 1;
  }
  return 0;
}
