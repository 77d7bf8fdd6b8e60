// The same seed gives the same bits on 1, 2 or 3 threads: the CPU kernels cut
// their work and their sums into pieces fixed by the sizes, never by the
// thread count (core/parallel.hpp, core/cpu/gemm.hpp). Every model and product
// here is large enough to run in parallel (the GEMM tiles, the convolution
// chunks and groups, the chunked sums of clipnorm), so a partition or a
// reduction order that followed the thread count would change the weights.
//
// Data: the first samples of Fashion-MNIST (Debian's dataset-fashion-mnist)
// where it is installed, else a synthetic set of the same shapes (each test
// says which). This test links tunet_nn only, so it reads the IDX files itself.
//
// Without OpenMP there is one thread only: the runs are then compared on one
// thread each (still a check that training repeats bit for bit), and the
// test says so.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/backend.hpp"
#include "core/ops.hpp"
#include "core/optimizer_step.hpp"
#include "core/parallel.hpp"
#include "core/random.hpp"
#include "nn/nn.hpp"

using namespace tunet;
using namespace tunet::nn;

namespace {

const std::string kFashionDir = "/usr/share/datasets/fashion-mnist";
[[maybe_unused]] constexpr int kThreadCounts[] = {1, 2, 3};  // (used only with OpenMP)

// The bytes of a gzip file, through the gzip command; empty when it cannot be read.
std::vector<unsigned char> gunzip(const std::string& path) {
  std::vector<unsigned char> bytes;
  FILE* pipe = popen(("gzip -dc '" + path + "' 2>/dev/null").c_str(), "r");
  if (!pipe) return {};
  unsigned char buffer[1 << 16];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) bytes.insert(bytes.end(), buffer, buffer + n);
  return pclose(pipe) == 0 ? bytes : std::vector<unsigned char>{};
}

// Images (count, 1, 28, 28) in [0, 1] and class ids (count).
struct Images {
  Tensor x, y;
  std::string source;
};

// The first `count` training images of Fashion-MNIST, or (when the files are
// missing) `count` synthetic images: uniform noise plus a bright bar whose
// row is the class, so the classes can be learnt.
Images fashion_or_synthetic(int64_t count) {
  Images data{Tensor::empty({count, 1, 28, 28}), Tensor::empty({count}), ""};
  float* x = data.x.data();
  float* y = data.y.data();
  const std::string images = kFashionDir + "/train-images-idx3-ubyte.gz";
  if (std::filesystem::exists(images)) {
    const auto pixels = gunzip(images), labels = gunzip(kFashionDir + "/train-labels-idx1-ubyte.gz");
    if (pixels.size() >= 16 + size_t(count) * 784 && labels.size() >= 8 + size_t(count)) {
      for (int64_t i = 0; i < count * 784; ++i) x[i] = float(pixels[16 + size_t(i)]) / 255.0f;
      for (int64_t i = 0; i < count; ++i) y[i] = float(labels[8 + size_t(i)]);
      data.source = "the first " + std::to_string(count) + " Fashion-MNIST training images";
      return data;
    }
  }
  Rng rng(2026, 14);
  rng.fill_uniform(data.x, 0.0f, 0.5f);
  for (int64_t i = 0; i < count; ++i) {
    const int64_t label = int64_t(rng.below(10));
    y[i] = float(label);
    for (int64_t col = 0; col < 28; ++col) x[i * 784 + (2 + 2 * label) * 28 + col] += 0.5f;
  }
  data.source = std::to_string(count) + " synthetic 28x28 images (Fashion-MNIST not found in " + kFashionDir + ")";
  return data;
}

// The thread counts compared: 1, 2 and 3 with OpenMP (checked to be in force),
// 1 only without it.
std::vector<int> thread_counts() {
#if defined(TUNET_WITH_OPENMP)
  return {std::begin(kThreadCounts), std::end(kThreadCounts)};
#else
  MESSAGE("built without OpenMP: one thread only, so each run is compared with a second run on one thread");
  return {1, 1};
#endif
}

// What a training run leaves: the weights and the per-epoch logs.
struct Trained {
  std::vector<float> weights;
  History history;
};

// fn() on `threads` threads, then back to the default.
template <class Fn>
auto on_threads(int threads, Fn fn) {
  set_num_threads(threads);
#if defined(TUNET_WITH_OPENMP)
  REQUIRE(num_threads() == threads);
#endif
  auto result = fn();
  set_num_threads(0);
  return result;
}

void check_bit_identical(const Trained& a, const Trained& b, int threads) {
  CAPTURE(threads);
  REQUIRE(a.weights.size() == b.weights.size());
  CHECK(std::memcmp(a.weights.data(), b.weights.data(), a.weights.size() * sizeof(float)) == 0);
  size_t differ = 0;
  for (size_t i = 0; i < a.weights.size(); ++i)
    differ += std::memcmp(&a.weights[i], &b.weights[i], sizeof(float)) != 0;
  CHECK_MESSAGE(differ == 0, differ << " of " << a.weights.size() << " weights differ from the 1-thread run");
  for (const auto& metric : a.history.history) {
    const std::string& name = metric.first;  // (named, not bound: clang 14 lambdas cannot capture bindings)
    const auto& values = metric.second;
    CAPTURE(name);
    REQUIRE(b.history.history.count(name) == 1);
    CHECK(values == b.history.history.at(name));  // exact: the same doubles
  }
}

}  // namespace

TEST_CASE("Fashion-MNIST MLP: 2 epochs give bit-identical weights on 1, 2 and 3 threads") {
  const Images data = fashion_or_synthetic(768);
  MESSAGE("data: " << data.source);
  const Tensor x = data.x.reshape({768, 784});
  const Tensor train_x = slice(x, 0, 0, 512), train_y = slice(data.y, 0, 0, 512);
  const Tensor val_x = slice(x, 0, 512, 768), val_y = slice(data.y, 0, 512, 768);
  auto train = [&] {
    // 784 -> 100 relu -> 10 softmax with dropout (bench/bench_models.hpp's MLP), Adam
    // with clipnorm (a norm summed over the 79,510 parameters)
    Sequential m({784}, 7);
    m.add(Dropout(0.2));
    m.add(Dense(100, "relu"));
    m.add(Dropout(0.2));
    m.add(Dense(10, "softmax"));
    m.compile(Adam({.learning_rate = 1e-3, .clipnorm = 1.0}), "sparse_categorical_crossentropy", {"accuracy"});
    Trained t;
    t.history = m.fit(train_x, train_y,
                      {.epochs = 2, .batch_size = 128, .validation_data = {val_x, val_y}, .verbose = 0});
    const std::span<const float> w = m.weights();
    t.weights.assign(w.begin(), w.end());
    return t;
  };
  const std::vector<int> counts = thread_counts();
  const Trained reference = on_threads(counts[0], train);
  CHECK(reference.history.history.at("loss").back() < reference.history.history.at("loss").front());
  for (size_t i = 1; i < counts.size(); ++i) check_bit_identical(reference, on_threads(counts[i], train), counts[i]);
}

TEST_CASE("Small CNN (direct, Winograd, im2col, max pooling, dense): 1 epoch, bit-identical on 1, 2 and 3 threads") {
  const Images data = fashion_or_synthetic(320);
  MESSAGE("data: " << data.source);
  const Tensor train_x = slice(data.x, 0, 0, 256), train_y = slice(data.y, 0, 0, 256);
  const Tensor val_x = slice(data.x, 0, 256, 320), val_y = slice(data.y, 0, 256, 320);
  auto train = [&] {
    Sequential m({1, 28, 28}, 11);
    m.add(Conv2D(8, 5, 1, "same", "relu"));  // direct (1 input channel)
    m.add(MaxPool2D(2));
    m.add(Conv2D(16, 3, 1, "same", "relu"));  // Winograd (8 input channels)
    m.add(Conv2D(16, 3, 1, "same", "relu", ConvAlgorithm::Im2col));
    m.add(MaxPool2D(2));
    m.add(Flatten());
    m.add(Dense(10, "softmax"));
    m.compile(Adam({.learning_rate = 1e-3}), "sparse_categorical_crossentropy", {"accuracy"});
    Trained t;
    t.history = m.fit(train_x, train_y,
                      {.epochs = 1, .batch_size = 64, .validation_data = {val_x, val_y}, .verbose = 0});
    const std::span<const float> w = m.weights();
    t.weights.assign(w.begin(), w.end());
    return t;
  };
  const std::vector<int> counts = thread_counts();
  const Trained reference = on_threads(counts[0], train);
  for (size_t i = 1; i < counts.size(); ++i) check_bit_identical(reference, on_threads(counts[i], train), counts[i]);
}

TEST_CASE("Products, sums of squares and clipnorm steps: the same bits on 1, 2 and 3 threads") {
  // Shapes around the tiling's edges (tall, wide, uneven); the backward pass
  // runs the transposed products: dA = dC B^T, dB = A^T dC, accumulated.
  struct Case {
    int64_t m, n, k;
  };
  const Case cases[] = {{300, 200, 700}, {37, 999, 130}, {777, 64, 129}, {128, 100, 784}};
  for (const Case& c : cases) {
    CAPTURE(c.m);
    CAPTURE(c.n);
    CAPTURE(c.k);
    Rng rng(5, uint64_t(c.m));
    Tensor a = Tensor::empty({c.m, c.k}), b = Tensor::empty({c.k, c.n}), g = Tensor::empty({c.m, c.n});
    rng.fill_uniform(a, -1, 1);
    rng.fill_uniform(b, -1, 1);
    rng.fill_uniform(g, -1, 1);
    auto products = [&] {
      Tensor a1 = a.clone().requires_grad_(), b1 = b.clone().requires_grad_();
      const Tensor product = matmul(a1, b1);
      sum(product * g).backward();
      std::vector<float> all = product.to_vector();
      for (const Tensor& grad : {a1.grad(), b1.grad()}) {
        const std::vector<float> v = grad.to_vector();
        all.insert(all.end(), v.begin(), v.end());
      }
      return all;
    };
    const std::vector<int> counts = thread_counts();
    const std::vector<float> reference = on_threads(counts[0], products);
    for (size_t i = 1; i < counts.size(); ++i) {
      CAPTURE(counts[i]);
      const std::vector<float> other = on_threads(counts[i], products);
      CHECK(std::memcmp(reference.data(), other.data(), reference.size() * sizeof(float)) == 0);
    }
  }

  // A clipnorm step over 300,000 parameters (the norm's sum runs in chunks).
  const int64_t n = 300'000;
  Tensor grads = Tensor::empty({n});
  Rng(9).fill_uniform(grads, -1, 1);
  auto step = [&] {
    Tensor params = Tensor::zeros({n}), slots = Tensor::zeros({2 * n});
    UpdateScalars s;
    s.learning_rate = 0.1f;
    s.beta_1 = 0.9f;
    s.beta_2 = 0.999f;
    s.epsilon = 1e-7f;
    s.bias_correction_1 = 0.1f;
    s.bias_correction_2 = 0.001f;
    s.clipnorm = 1.0f;
    optimizer_step(OptimizerKind::Adam, s, params, grads, slots);
    std::vector<float> out = params.to_vector();
    Tensor squares = Tensor::empty({1});
    kernel_table<ReduceKernels>(Device::cpu()).sum_squares(grads, squares);
    out.push_back(squares.item());
    return out;
  };
  const std::vector<int> counts = thread_counts();
  const std::vector<float> reference = on_threads(counts[0], step);
  for (size_t i = 1; i < counts.size(); ++i) {
    CAPTURE(counts[i]);
    CHECK(std::memcmp(reference.data(), on_threads(counts[i], step).data(), reference.size() * sizeof(float)) == 0);
  }
}
