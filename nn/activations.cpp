#include "nn/activations.hpp"

#include "core/autograd.hpp"
#include "core/error.hpp"
#include "core/kernels/activations.hpp"
#include "core/parallel.hpp"

namespace tunet::nn {
namespace {

namespace k = tunet::kernels;

struct NamedKind {
  const char* name;
  ActivationKind kind;
};

// Canonical names first (activation_name returns the first match), aliases after.
constexpr NamedKind kActivationTable[] = {
    {"linear", ActivationKind::Linear},
    {"sigmoid", ActivationKind::Sigmoid},
    {"tanh", ActivationKind::Tanh},
    {"relu", ActivationKind::Relu},
    {"leaky_relu", ActivationKind::LeakyRelu},
    {"elu", ActivationKind::Elu},
    {"celu", ActivationKind::Celu},
    {"selu", ActivationKind::Selu},
    {"gelu", ActivationKind::Gelu},
    {"gelu_tanh", ActivationKind::GeluTanh},
    {"silu", ActivationKind::Silu},
    {"softplus", ActivationKind::Softplus},
    {"softmax", ActivationKind::Softmax},
    {"swish", ActivationKind::Silu},
};

// y[i] = f(z[i]) over n elements.
template <class F>
void map_forward(const float* z, float* y, int64_t n, F f) {
  TUNET_OMP_FOR_IF(n >= kParallelMinElements)
  for (int64_t i = 0; i < n; ++i) y[i] = f(z[i]);
}

// dz[i] = dy[i] * df(z[i], y[i]) over n elements.
template <class DF>
void map_backward(const float* z, const float* y, const float* dy, float* dz, int64_t n, DF df) {
  TUNET_OMP_FOR_IF(n >= kParallelMinElements)
  for (int64_t i = 0; i < n; ++i) dz[i] = dy[i] * df(z[i], y[i]);
}

// The canonical name from the static table (autograd node names must outlive the graph).
const char* table_name(ActivationKind kind) {
  for (const auto& entry : kActivationTable)
    if (entry.kind == kind) return entry.name;
  throw Error("invalid ActivationKind " + std::to_string(int(kind)));
}

// Calls fn(f, df) with the scalar kernel pair of an elementwise kind (all but
// softmax), wrapped in lambdas: each has its own type, so the loops inline it
// (a function pointer would cost an indirect call per element).
template <class Fn>
void with_elementwise_kernels(ActivationKind kind, Fn fn) {
  using K = ActivationKind;
  switch (kind) {
    case K::Linear:
      return fn([](float x) { return k::linear(x); },
                [](float x, float y) { return k::linear_grad(x, y); });
    case K::Sigmoid:
      return fn([](float x) { return k::sigmoid(x); },
                [](float x, float y) { return k::sigmoid_grad(x, y); });
    case K::Tanh:
      return fn([](float x) { return k::tanh_act(x); },
                [](float x, float y) { return k::tanh_grad(x, y); });
    case K::Relu:
      return fn([](float x) { return k::relu(x); },
                [](float x, float y) { return k::relu_grad(x, y); });
    case K::LeakyRelu:
      return fn([](float x) { return k::leaky_relu(x); },
                [](float x, float y) { return k::leaky_relu_grad(x, y); });
    case K::Elu:
      return fn([](float x) { return k::elu(x); },
                [](float x, float y) { return k::elu_grad(x, y); });
    case K::Celu:
      return fn([](float x) { return k::celu(x); },
                [](float x, float y) { return k::celu_grad(x, y); });
    case K::Selu:
      return fn([](float x) { return k::selu(x); },
                [](float x, float y) { return k::selu_grad(x, y); });
    case K::Gelu:
      return fn([](float x) { return k::gelu(x); },
                [](float x, float y) { return k::gelu_grad(x, y); });
    case K::GeluTanh:
      return fn([](float x) { return k::gelu_tanh(x); },
                [](float x, float y) { return k::gelu_tanh_grad(x, y); });
    case K::Silu:
      return fn([](float x) { return k::silu(x); },
                [](float x, float y) { return k::silu_grad(x, y); });
    case K::Softplus:
      return fn([](float x) { return k::softplus(x); },
                [](float x, float y) { return k::softplus_grad(x, y); });
    case K::Softmax:
      break;
  }
  throw Error("activation " + std::string(table_name(kind)) + " is not elementwise");
}

}  // namespace

std::vector<std::string> activation_names() {
  std::vector<std::string> names;
  for (const auto& entry : kActivationTable) names.emplace_back(entry.name);
  return names;
}

ActivationKind parse_activation(const std::string& name) {
  for (const auto& entry : kActivationTable)
    if (name == entry.name) return entry.kind;
  std::string valid;
  for (const auto& entry : kActivationTable)
    valid += (valid.empty() ? "" : ", ") + std::string(entry.name);
  throw Error("unknown activation '" + name + "'; valid names: " + valid);
}

std::string activation_name(ActivationKind kind) { return table_name(kind); }

bool activation_backward_needs_input(ActivationKind kind) {
  switch (kind) {
    case ActivationKind::Linear:
    case ActivationKind::Sigmoid:
    case ActivationKind::Tanh:
    case ActivationKind::Relu:  // y > 0 exactly when z > 0
    case ActivationKind::Softmax:
      return false;
    default:
      return true;
  }
}

void activation_forward(ActivationKind kind, const float* z, float* y, int64_t rows, int64_t cols) {
  const int64_t n = rows * cols;
  if (kind == ActivationKind::Softmax) {
    check(cols > 0, "softmax: the last axis is empty");
    TUNET_OMP_FOR_IF(n >= kParallelMinElements)
    for (int64_t r = 0; r < rows; ++r) k::softmax_row(z + r * cols, y + r * cols, cols);
    return;
  }
  if (kind == ActivationKind::Linear && y == z) return;
  with_elementwise_kernels(kind, [&](auto f, auto) { map_forward(z, y, n, f); });
}

void activation_backward(ActivationKind kind, const float* z, const float* y, const float* dy,
                         float* dz, int64_t rows, int64_t cols) {
  const int64_t n = rows * cols;
  if (kind == ActivationKind::Softmax) {
    TUNET_OMP_FOR_IF(n >= kParallelMinElements)
    for (int64_t r = 0; r < rows; ++r)
      k::softmax_row_backward(y + r * cols, dy + r * cols, dz + r * cols, cols);
    return;
  }
  if (kind == ActivationKind::Linear && dz == dy) return;
  // Kinds whose derivative follows from y get y in the z slot (relu: y > 0 iff z > 0).
  const float* input = activation_backward_needs_input(kind) ? z : y;
  check(input != nullptr, "activation_backward: " + activation_name(kind) + " needs its input z");
  with_elementwise_kernels(kind, [&](auto, auto df) { map_backward(input, y, dy, dz, n, df); });
}

Tensor activation(const Tensor& x, ActivationKind kind) {
  check(x.defined(), "activation " + activation_name(kind) + ": input tensor is undefined");
  check(kind != ActivationKind::Softmax || x.rank() >= 1,
        "softmax: needs at least one axis, got a scalar");
  const int64_t cols = x.rank() == 0 ? 1 : x.dim(-1);
  const int64_t rows = cols == 0 ? 0 : x.numel() / cols;
  Tensor y = Tensor::empty(x.shape(), x.device());
  if (x.numel() > 0) activation_forward(kind, x.data(), y.data(), rows, cols);
  record(y, table_name(kind), {x},
         [x, kind, rows, cols](const Tensor& out, const Tensor& grad_out) {
           float* dx = grad_buffer(x);
           if (!dx || rows == 0) return;
           // dz into a scratch buffer, then dx += dz (backward functions add).
           Tensor dz = Tensor::empty(x.shape(), x.device());
           activation_backward(kind, x.data(), out.data(), grad_out.data(), dz.data(), rows, cols);
           const float* d = dz.data();
           const int64_t n = rows * cols;
           TUNET_OMP_FOR_IF(n >= kParallelMinElements)
           for (int64_t i = 0; i < n; ++i) dx[i] += d[i];
         });
  return y;
}

Tensor activation(const Tensor& x, const std::string& name) {
  return activation(x, parse_activation(name));
}

const float* fused_activation_backward(ActivationKind kind, const Tensor& z, const Tensor& y,
                                       const Tensor& dy, int64_t rows, int64_t cols,
                                       Tensor& buffer) {
  if (kind == ActivationKind::Linear) return dy.data();
  buffer = Tensor::empty(y.shape(), y.device());
  activation_backward(kind, z.defined() ? z.data() : nullptr, y.data(), dy.data(), buffer.data(),
                      rows, cols);
  return buffer.data();
}

}  // namespace tunet::nn
