// The exact bits of the CPU kernels' results, pinned: every optimizer kind and
// flag (a few steps on a block below and one above kParallelMinElements), the
// elementwise activations and unary ops forward and backward, and the three
// conv algorithms' forward and backward (dW and db summed in parallel slices).
// A refactoring of a kernel or of its dispatch must leave each hash as it is;
// the expected values come from a run of the kernels before such a change.
// Each hash is FNV-1a over the float bits of the results; it is the same on 1
// or 2 threads (the reductions are fixed by the sizes, not the threads), but
// the compiler, its target ISA (fused multiply-adds, vector widths) and libm
// decide the bits, so the tables hold for the build they were taken on
// (kPinnedBuild); elsewhere the test runs the kernels and compares nothing.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "core/build_info.hpp"
#include "core/conv_ops.hpp"
#include "core/nn_ops.hpp"
#include "core/ops.hpp"
#include "core/optimizer_step.hpp"
#include "core/random.hpp"

using namespace tunet;

namespace {

// FNV-1a 64 over the bits of each float of `values`, continuing from `hash`.
uint64_t fnv1a(std::span<const float> values, uint64_t hash = 0xcbf29ce484222325ull) {
  for (float v : values) {
    uint32_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    for (int byte = 0; byte < 4; ++byte) {
      hash ^= (bits >> (8 * byte)) & 0xffu;
      hash *= 0x100000001b3ull;
    }
  }
  return hash;
}

Tensor uniform(Shape shape, float low, float high, uint64_t seed) {
  Tensor t = Tensor::empty(shape);
  Rng rng(seed);
  rng.fill_uniform(t, low, high);
  return t;
}

struct Pinned {
  std::string what;
  uint64_t hash;
  bool operator==(const Pinned&) const = default;
};

// The build the tables were taken on: compiler and CPU kernel (build_info).
constexpr const char* kPinnedBuild = "GNU 12.2.0, avx512 14x32";

bool pinned_build() {
  const BuildInfo info = build_info();
  return info.compiler + ", " + info.cpu_kernel == kPinnedBuild;
}

// found == expected row by row; when not, the rows found are printed in the
// form of the tables below (the values to pin after a deliberate change).
void check_pinned(const std::vector<Pinned>& found, const std::vector<Pinned>& expected) {
  if (!pinned_build()) {
    MESSAGE("the hashes are pinned for " << kPinnedBuild << ", not this build: not compared");
    return;
  }
  CHECK(found.size() == expected.size());
  for (size_t i = 0; i < found.size() && i < expected.size(); ++i) {
    INFO(found[i].what);
    CHECK(found[i] == expected[i]);
  }
  if (found != expected)
    for (const Pinned& row : found)
      std::printf("    {\"%s\", 0x%016llxull},\n", row.what.c_str(), static_cast<unsigned long long>(row.hash));
}

// Three steps of `kind` on n parameters (the gradient changes every step),
// the hash of the parameters and the slots afterwards.
uint64_t optimizer_hash(OptimizerKind kind, const UpdateScalars& s, int64_t n) {
  Tensor params = uniform({n}, -1.0f, 1.0f, 11);
  Tensor slots = Tensor::zeros({optimizer_slot_count(kind, s) * n});
  for (int step = 0; step < 3; ++step) {
    const Tensor grads = uniform({n}, -0.5f, 0.5f, 20 + uint64_t(step));
    optimizer_step(kind, s, params, grads, slots);
  }
  return fnv1a(slots.values(), fnv1a(params.values()));
}

struct OptimizerCase {
  const char* name;
  OptimizerKind kind;
  UpdateScalars s;
};

std::vector<OptimizerCase> optimizer_cases() {
  const UpdateScalars base{.learning_rate = 0.01f, .beta_1 = 0.8f, .beta_2 = 0.9f, .epsilon = 1e-7f, .rho = 0.85f,
                           .momentum = 0.7f, .weight_decay = 0.1f, .bias_correction_1 = 0.2f,
                           .bias_correction_2 = 0.1f, .nadam_coef_g = 0.003f, .nadam_coef_m = 0.02f};
  auto with = [&](auto change) {
    UpdateScalars s = base;
    change(s);
    return s;
  };
  using K = OptimizerKind;
  return {
      {"sgd", K::SGD, base},
      {"momentum", K::Momentum, base},
      {"nesterov", K::Nesterov, base},
      {"adagrad", K::Adagrad, base},
      {"rmsprop", K::RMSprop, with([](UpdateScalars& s) { s.momentum = 0; })},
      {"rmsprop_centered", K::RMSprop, with([](UpdateScalars& s) { s.momentum = 0, s.centered = true; })},
      {"rmsprop_momentum", K::RMSprop, base},
      {"rmsprop_centered_momentum", K::RMSprop, with([](UpdateScalars& s) { s.centered = true; })},
      {"adam", K::Adam, base},
      {"adam_amsgrad", K::Adam, with([](UpdateScalars& s) { s.amsgrad = true; })},
      {"adam_clipnorm", K::Adam, with([](UpdateScalars& s) { s.clipnorm = 1.0f; })},
      {"adam_clipvalue", K::Adam, with([](UpdateScalars& s) { s.clipvalue = 0.2f; })},
      {"nadam", K::Nadam, base},
      {"adadelta", K::Adadelta, base},
      {"lion", K::Lion, base},
  };
}

// The hash of y = f(x) and of dx after sum(y * w).backward(), w fixed.
uint64_t backward_hash(const Tensor& x, const Tensor& y) {
  const Tensor w = uniform(y.shape(), -1.0f, 1.0f, 31);
  sum(mul(y, w)).backward();
  return fnv1a(x.grad().values(), fnv1a(y.values()));
}

// The hashes pinned (kPinnedBuild): the bits of the kernels before the
// dispatch moved to core/kernels and the conv partial sums to cpu::GroupPartials.
const std::vector<Pinned> kOptimizerBits = {
  {"sgd n=1000", 0xf041aba35e7c0141ull},
  {"sgd n=40000", 0x4026db00ce880082ull},
  {"momentum n=1000", 0xa18294a1cbfca376ull},
  {"momentum n=40000", 0xfda520b7c8624dddull},
  {"nesterov n=1000", 0xaa34a10d68c2692dull},
  {"nesterov n=40000", 0xd5e7972d06d11870ull},
  {"adagrad n=1000", 0x38f8a392ed23cca8ull},
  {"adagrad n=40000", 0x39d328db693c89daull},
  {"rmsprop n=1000", 0x821c0822b0d883a5ull},
  {"rmsprop n=40000", 0x9cd7be4036c12a6cull},
  {"rmsprop_centered n=1000", 0x445657e44c026870ull},
  {"rmsprop_centered n=40000", 0x81fbf8020632dbdeull},
  {"rmsprop_momentum n=1000", 0xecef4e438264fbc0ull},
  {"rmsprop_momentum n=40000", 0x846d93bcc7090cf9ull},
  {"rmsprop_centered_momentum n=1000", 0x5e4c42e9e89272fcull},
  {"rmsprop_centered_momentum n=40000", 0xa9dbd98e7b431c4full},
  {"adam n=1000", 0xbc46197ab45555b3ull},
  {"adam n=40000", 0x8855309f1560eb62ull},
  {"adam_amsgrad n=1000", 0xcfb33cfae5da5618ull},
  {"adam_amsgrad n=40000", 0x3b79a22f1562644full},
  {"adam_clipnorm n=1000", 0xa9f76532c496b023ull},
  {"adam_clipnorm n=40000", 0x85ade06c6e9215e8ull},
  {"adam_clipvalue n=1000", 0xc56d3ca3f73c78c7ull},
  {"adam_clipvalue n=40000", 0xc99af6157fda4cf8ull},
  {"nadam n=1000", 0x85bbfc5fb57a3abcull},
  {"nadam n=40000", 0xdd8c0bcc651bc3efull},
  {"adadelta n=1000", 0xcba4d472b34e2469ull},
  {"adadelta n=40000", 0x9ccd042427047dc8ull},
  {"lion n=1000", 0xb7f2aff1ed6feb41ull},
  {"lion n=40000", 0x8507c2e171c68072ull},
};
const std::vector<Pinned> kElementwiseBits = {
  {"linear n=1000", 0xc6d35b6f276ecb54ull},
  {"sigmoid n=1000", 0xfccbb6196188d452ull},
  {"tanh n=1000", 0x81aa4158a0ffafa9ull},
  {"relu n=1000", 0x8e3219fa579086f5ull},
  {"leaky_relu n=1000", 0xa1b7adaef921eae9ull},
  {"elu n=1000", 0xb13ccca319f89902ull},
  {"celu n=1000", 0x8685b75edcfbbf96ull},
  {"selu n=1000", 0x4727e2777554c9a7ull},
  {"gelu n=1000", 0x7a6b5e4aa2587682ull},
  {"gelu_tanh n=1000", 0xaabbf103843386e0ull},
  {"silu n=1000", 0xb0c2d3ae26a1988aull},
  {"softplus n=1000", 0xb6e298b8f867d80full},
  {"neg n=1000", 0x2ab617e9fe132ccfull},
  {"exp n=1000", 0x5c0bfb26d2c9474dull},
  {"log n=1000", 0xd87e01968fd09cf1ull},
  {"sqrt n=1000", 0x6746b02065ee0a2bull},
  {"pow n=1000", 0x29e17dda2df64082ull},
  {"binary n=1000", 0xc7d6cec761d6fb11ull},
  {"linear n=40000", 0x2ff300a49599002full},
  {"sigmoid n=40000", 0xd475a407b82f13c0ull},
  {"tanh n=40000", 0x8f2d5d5df6db381full},
  {"relu n=40000", 0xa71a1b5d36f84babull},
  {"leaky_relu n=40000", 0xeaf1d51eb08fb7f3ull},
  {"elu n=40000", 0x63c07367454349ddull},
  {"celu n=40000", 0x003017caaa4d8f30ull},
  {"selu n=40000", 0x80ce5a3d32383d79ull},
  {"gelu n=40000", 0x5b826e9bd17e3087ull},
  {"gelu_tanh n=40000", 0xe6641a6ddb221a73ull},
  {"silu n=40000", 0x3b34a590d69051e5ull},
  {"softplus n=40000", 0x54488d7327c8fafdull},
  {"neg n=40000", 0xc6de73d3d886a3bcull},
  {"exp n=40000", 0xb4c4ce06ba91202full},
  {"log n=40000", 0xca11d32f9e9e2443ull},
  {"sqrt n=40000", 0x4bba877bc58bf520ull},
  {"pow n=40000", 0x388ddb0bcc02813cull},
  {"binary n=40000", 0x103d358cab56c444ull},
};
const std::vector<Pinned> kConvBits = {
  {"direct small", 0xcd1b3d214d7f7dc8ull},
  {"direct large", 0x6302c7d2bcce9341ull},
  {"im2col small", 0x13d603ed536ad610ull},
  {"im2col large", 0x61069c741a014233ull},
  {"winograd small", 0x9922096593046dc1ull},
  {"winograd large", 0xe23957405942918dull},
};

}  // namespace

TEST_CASE("optimizer steps: the same bits as before, every kind and flag, small and parallel blocks") {
  std::vector<Pinned> found;
  for (const OptimizerCase& c : optimizer_cases())
    for (int64_t n : {1000, 40000})
      found.push_back({std::string(c.name) + " n=" + std::to_string(n), optimizer_hash(c.kind, c.s, n)});
  check_pinned(found, kOptimizerBits);
}

TEST_CASE("activations and unary ops: the same bits as before, forward and backward") {
  using A = ActivationKind;
  const A kinds[] = {A::Linear, A::Sigmoid, A::Tanh,     A::Relu, A::LeakyRelu, A::Elu,
                     A::Celu,   A::Selu,    A::Gelu,     A::GeluTanh, A::Silu, A::Softplus};
  std::vector<Pinned> found;
  for (int64_t n : {1000, 40000}) {
    for (A kind : kinds) {
      Tensor x = uniform({n}, -4.0f, 4.0f, 41).requires_grad_();
      found.push_back(
          {std::string(activation_kind_name(kind)) + " n=" + std::to_string(n), backward_hash(x, activation(x, kind))});
    }
    Tensor x = uniform({n}, 0.25f, 3.0f, 42).requires_grad_();
    found.push_back({"neg n=" + std::to_string(n), backward_hash(x, neg(x))});
    x.zero_grad();
    found.push_back({"exp n=" + std::to_string(n), backward_hash(x, tunet::exp(x))});
    x.zero_grad();
    found.push_back({"log n=" + std::to_string(n), backward_hash(x, tunet::log(x))});
    x.zero_grad();
    found.push_back({"sqrt n=" + std::to_string(n), backward_hash(x, tunet::sqrt(x))});
    x.zero_grad();
    found.push_back({"pow n=" + std::to_string(n), backward_hash(x, tunet::pow(x, 1.7f))});
    Tensor a = uniform({n / 100, 100}, -2.0f, 2.0f, 43).requires_grad_();
    Tensor b = uniform({100}, 0.5f, 2.0f, 44).requires_grad_();
    const Tensor q = div(mul(sub(a, b), add(a, b)), b);
    const uint64_t a_hash = backward_hash(a, q);
    found.push_back({"binary n=" + std::to_string(n), fnv1a(b.grad().values(), a_hash)});
  }
  check_pinned(found, kElementwiseBits);
}

TEST_CASE("conv2d, every CPU algorithm: the same bits as before, forward, dx, dW and db") {
  struct Case {
    const char* name;
    int64_t n, c, size, f, k;
    ConvAlgorithm algorithm;
  };
  // dW of the larger shapes is above kParallelMinElements summed over the
  // groups, so its partial sums are added in parallel slices.
  const Case cases[] = {
      {"direct small", 8, 1, 12, 16, 5, ConvAlgorithm::Direct},
      {"direct large", 32, 4, 14, 64, 7, ConvAlgorithm::Direct},
      {"im2col small", 8, 1, 12, 16, 5, ConvAlgorithm::Im2col},
      {"im2col large", 32, 16, 14, 36, 5, ConvAlgorithm::Im2col},
      {"winograd small", 8, 8, 12, 8, 3, ConvAlgorithm::Winograd},
      {"winograd large", 32, 16, 14, 36, 5, ConvAlgorithm::Winograd},
  };
  std::vector<Pinned> found;
  for (const Case& c : cases) {
    Tensor x = uniform({c.n, c.c, c.size, c.size}, -1.0f, 1.0f, 51).requires_grad_();
    Tensor w = uniform({c.k, c.k, c.c, c.f}, -0.2f, 0.2f, 52).requires_grad_();
    Tensor b = uniform({c.f}, -0.1f, 0.1f, 53).requires_grad_();
    const Tensor y = conv2d(x, w, b, 1, "same", ActivationKind::Relu, c.algorithm);
    const uint64_t x_hash = backward_hash(x, y);
    found.push_back({c.name, fnv1a(b.grad().values(), fnv1a(w.grad().values(), x_hash))});
  }
  check_pinned(found, kConvBits);
}
