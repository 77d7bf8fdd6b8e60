// The CUDA nn tables' kernels without a GPU: every per-thread body of
// cuda/kernels/ (activation, bias, dense, conv2d, pooling, dropout, losses,
// optimizers), run in its pass on the host (tests/host_exec.hpp: run_on_host,
// the CPU GEMM in place of cuBLAS), against the CPU tables, forward and
// backward, at odd sizes. Links tunet_core only: runs in every build.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/conv_ops.hpp"
#include "core/nn_ops.hpp"
#include "core/op_kernels.hpp"
#include "core/optimizer_step.hpp"
#include "core/random.hpp"
#include "cuda/kernels/activation_bodies.hpp"
#include "cuda/kernels/conv_bodies.hpp"
#include "cuda/kernels/dense_passes.hpp"
#include "cuda/kernels/dropout_bodies.hpp"
#include "cuda/kernels/loss_bodies.hpp"
#include "cuda/kernels/optimizer_bodies.hpp"
#include "cuda/kernels/pool_bodies.hpp"
#include "host_exec.hpp"

using namespace tunet;
using tunet::test::HostExec;

namespace {

Tensor uniform(Shape shape, float low, float high, uint64_t seed) {
  Tensor t = Tensor::empty(std::move(shape));
  Rng(seed).fill_uniform(t, low, high);
  return t;
}

// |got - want| <= abs_tol + rel_tol |want| everywhere (NaN only where want is NaN).
void check_near(const Tensor& got, const Tensor& want, const std::string& what, double rel_tol = 1e-5,
                double abs_tol = 1e-6) {
  REQUIRE_MESSAGE(got.numel() == want.numel(), what);
  const float* g = got.data();
  const float* w = want.data();
  for (int64_t i = 0; i < got.numel(); ++i) {
    const bool both_nan = std::isnan(g[i]) && std::isnan(w[i]);
    const bool close = std::fabs(double(g[i]) - w[i]) <= abs_tol + rel_tol * std::fabs(double(w[i]));
    if (both_nan || close) continue;
    FAIL_CHECK(what << ": element " << i << " is " << g[i] << ", expected " << w[i]);
    return;
  }
}

// Bit-for-bit equality (argmax indices, dropout masks).
void check_same_bits(const Tensor& got, const Tensor& want, const std::string& what) {
  REQUIRE_MESSAGE(got.numel() == want.numel(), what);
  CHECK_MESSAGE(std::memcmp(got.data(), want.data(), sizeof(float) * size_t(got.numel())) == 0, what);
}

// Every kind, in the enum's order (core/kernels/activations.hpp).
std::vector<ActivationKind> all_activations() {
  std::vector<ActivationKind> kinds;
  for (const kernels::ActivationKindInfo& info : kernels::kActivationKindInfo) kinds.push_back(info.kind);
  return kinds;
}

std::string name_of(ActivationKind kind) { return activation_kind_name(kind); }

}  // namespace

// ---- activations ----

TEST_CASE("activation bodies equal the CPU table forward and backward, every kind") {
  const int64_t rows = 7, cols = 13;
  const Tensor z = uniform({rows, cols}, -4, 4, 1);
  const Tensor dy = uniform({rows, cols}, -1, 1, 2);
  const ActivationKernels& cpu = ActivationKernels::cpu();
  for (ActivationKind kind : all_activations()) {
    Tensor y_cpu = Tensor::empty({rows, cols}), y = Tensor::empty({rows, cols});
    cpu.forward(kind, z, y_cpu, cols);
    HostExec exec;
    cuda::activation_forward_pass(exec, kind, z.data(), y.data(), rows * cols, cols);
    check_near(y, y_cpu, name_of(kind) + " forward");

    Tensor dz_cpu = Tensor::empty({rows, cols}), dz = Tensor::empty({rows, cols});
    const Tensor z_or_none = activation_needs_input(kind) ? z : Tensor();
    cpu.backward(kind, z_or_none, y_cpu, dy, dz_cpu, cols);
    cuda::activation_backward_pass(exec, kind, z_or_none.defined() ? z.data() : nullptr, y.data(), dy.data(),
                                   dz.data(), rows * cols, cols);
    check_near(dz, dz_cpu, name_of(kind) + " backward");
  }
}

TEST_CASE("activation bodies work in place (y = z, dz = dy)") {
  const Tensor z = uniform({5, 9}, -3, 3, 3);
  for (ActivationKind kind : {ActivationKind::Gelu, ActivationKind::Softmax}) {
    Tensor y_cpu = Tensor::empty({5, 9});
    ActivationKernels::cpu().forward(kind, z, y_cpu, 9);
    Tensor in_place = z.clone();
    HostExec exec;
    cuda::activation_forward_pass(exec, kind, in_place.data(), in_place.data(), 45, 9);
    check_near(in_place, y_cpu, name_of(kind) + " in place");

    Tensor grad = uniform({5, 9}, -1, 1, 4);
    Tensor dz_cpu = Tensor::empty({5, 9});
    ActivationKernels::cpu().backward(kind, z, y_cpu, grad, dz_cpu, 9);
    cuda::activation_backward_pass(exec, kind, z.data(), y_cpu.data(), grad.data(), grad.data(), 45, 9);
    check_near(grad, dz_cpu, name_of(kind) + " backward in place");
  }
}

// ---- dense ----

TEST_CASE("dense pass (GEMM + bias/activation body, column sums) equals the CPU table") {
  const int64_t n = 11, in = 7, out = 5;
  const Tensor x = uniform({n, in}, -1, 1, 5), w = uniform({in, out}, -1, 1, 6), b = uniform({out}, -1, 1, 7);
  for (ActivationKind kind : {ActivationKind::Linear, ActivationKind::Relu, ActivationKind::Tanh,
                              ActivationKind::Softmax}) {
    Tensor z_cpu = Tensor::empty({n, out}), y_cpu = Tensor::empty({n, out});
    DenseKernels::cpu().forward(x, w, b, kind, z_cpu, y_cpu);
    Tensor z = Tensor::empty({n, out}), y = Tensor::empty({n, out});
    HostExec exec;
    cuda::dense_forward_pass(exec, x.data(), w.data(), b.data(), kind, n, in, out, z.data(), y.data());
    check_near(z, z_cpu, name_of(kind) + " dense z");
    check_near(y, y_cpu, name_of(kind) + " dense y");
  }

  // y = z: the output written over the pre-activation
  Tensor zy_cpu = Tensor::empty({n, out}), zy = Tensor::empty({n, out});
  DenseKernels::cpu().forward(x, w, b, ActivationKind::Sigmoid, zy_cpu, zy_cpu);
  HostExec exec;
  cuda::dense_forward_pass(exec, x.data(), w.data(), b.data(), ActivationKind::Sigmoid, n, in, out, zy.data(),
                           zy.data());
  check_near(zy, zy_cpu, "dense y = z");

  // backward: the gradients accumulate into what the buffers hold
  const Tensor dz = uniform({n, out}, -1, 1, 8);
  Tensor dx_cpu = uniform({n, in}, -1, 1, 9), dw_cpu = uniform({in, out}, -1, 1, 10), db_cpu = uniform({out}, -1, 1, 11);
  Tensor dx = dx_cpu.clone(), dw = dw_cpu.clone(), db = db_cpu.clone();
  DenseKernels::cpu().backward(x, w, dz, dx_cpu, dw_cpu, db_cpu);
  cuda::dense_backward_pass(exec, x.data(), w.data(), dz.data(), n, in, out, dx.data(), dw.data(), db.data());
  check_near(dx, dx_cpu, "dense dx");
  check_near(dw, dw_cpu, "dense dw");
  check_near(db, db_cpu, "dense db");

  // only db wanted
  Tensor db_only = uniform({out}, -1, 1, 12), db_only_cpu = db_only.clone(), none;
  DenseKernels::cpu().backward(x, w, dz, none, none, db_only_cpu);
  cuda::dense_backward_pass(exec, x.data(), w.data(), dz.data(), n, in, out, nullptr, nullptr, db_only.data());
  check_near(db_only, db_only_cpu, "dense db alone");
}

TEST_CASE("dense bias gradient and a loss over many rows (sums cut into runs) equal the CPU table") {
  const int64_t n = 1501, in = 3, out = 4;
  REQUIRE(cuda::split_sum(out, n).chunks > 1);
  const Tensor x = uniform({n, in}, -1, 1, 13), w = uniform({in, out}, -1, 1, 14), dz = uniform({n, out}, -1, 1, 15);
  Tensor db_cpu = uniform({out}, -1, 1, 16), db = db_cpu.clone(), none;
  DenseKernels::cpu().backward(x, w, dz, none, none, db_cpu);
  HostExec exec;
  cuda::dense_backward_pass(exec, x.data(), w.data(), dz.data(), n, in, out, nullptr, nullptr, db.data());
  check_near(db, db_cpu, "dense db over 1501 rows");

  const Tensor pred = uniform({n, out}, 0.05f, 0.95f, 17), target = uniform({n, out}, 0, 1, 18);
  Tensor loss_cpu = Tensor::empty({}), loss = Tensor::empty({}), saved;
  LossKernels::cpu().forward(LossKind::MeanSquaredError, pred, target, loss_cpu, saved);
  cuda::loss_forward_pass(exec, LossKind::MeanSquaredError, pred.data(), target.data(), n, out, loss.data(), nullptr);
  check_near(loss, loss_cpu, "mean squared error over 1501 rows", 1e-6, 1e-7);
}

// ---- conv2d ----

namespace {

struct ConvCase {
  int64_t n, c, h, w, kh, kw, f, strides;
  const char* padding;
  ActivationKind activation;
  int64_t group;  // samples per pass group (the GPU's scratch cap, forced small)
};

std::string describe(const ConvCase& t) {
  return "conv N" + std::to_string(t.n) + " C" + std::to_string(t.c) + " " + std::to_string(t.h) + "x" +
         std::to_string(t.w) + " k" + std::to_string(t.kh) + "x" + std::to_string(t.kw) + " F" +
         std::to_string(t.f) + " s" + std::to_string(t.strides) + " " + t.padding + " " + name_of(t.activation) +
         " group " + std::to_string(t.group);
}

}  // namespace

TEST_CASE("conv2d passes (im2col, col2im, NCHW bias/activation, plane sums) equal the CPU im2col algorithm") {
  const ConvCase cases[] = {
      {3, 2, 7, 6, 3, 3, 5, 1, "valid", ActivationKind::Relu, 2},
      {2, 3, 9, 7, 3, 3, 4, 2, "same", ActivationKind::Linear, 1},
      {3, 1, 5, 8, 2, 3, 3, 1, "same", ActivationKind::Softmax, 3},
      {1, 4, 4, 4, 5, 5, 2, 1, "same", ActivationKind::Tanh, 1},
      {2, 3, 8, 8, 1, 1, 6, 3, "valid", ActivationKind::Elu, 2},
  };
  const Conv2dKernels& cpu = Conv2dKernels::cpu();
  for (const ConvCase& t : cases) {
    const std::string what = describe(t);
    const Tensor x = uniform({t.n, t.c, t.h, t.w}, -1, 1, 20);
    const Tensor w = uniform({t.kh, t.kw, t.c, t.f}, -1, 1, 21);
    const Tensor b = uniform({t.f}, -1, 1, 22);
    const ConvDims d = conv_dims("conv2d", x.shape(), w.shape(), t.strides, t.padding);
    const Shape out_shape{t.n, t.f, d.win.out_h, d.win.out_w};

    Tensor cols_cpu = Tensor::empty({d.n * d.p, d.k}), cols = Tensor::empty({d.n * d.p, d.k});
    cpu.im2col(x, d, cols_cpu);
    HostExec exec;
    cuda::im2col_pass(exec, x.data(), d, cols.data());
    check_near(cols, cols_cpu, what + " im2col", 0, 0);

    const Tensor dcols = uniform({d.n * d.p, d.k}, -1, 1, 23);
    Tensor folded_cpu = uniform(x.shape(), -1, 1, 24), folded = folded_cpu.clone();
    cpu.col2im(dcols, d, folded_cpu);
    cuda::col2im_pass(exec, dcols.data(), d, folded.data());
    check_near(folded, folded_cpu, what + " col2im");

    Tensor z_cpu = Tensor::empty(out_shape), y_cpu = Tensor::empty(out_shape);
    cpu.forward(ConvAlgorithm::Im2col, x, w, b, t.activation, d, z_cpu, y_cpu);
    Tensor z = Tensor::empty(out_shape), y = Tensor::empty(out_shape);
    cuda::conv2d_forward_pass(exec, x.data(), w.data(), b.data(), t.activation, d, t.group, z.data(), y.data());
    check_near(z, z_cpu, what + " z", 1e-5, 1e-5);
    check_near(y, y_cpu, what + " y", 1e-5, 1e-5);

    const Tensor dz = uniform(out_shape, -1, 1, 25);
    Tensor dx_cpu = uniform(x.shape(), -1, 1, 26), dw_cpu = uniform(w.shape(), -1, 1, 27),
           db_cpu = uniform({t.f}, -1, 1, 28);
    Tensor dx = dx_cpu.clone(), dw = dw_cpu.clone(), db = db_cpu.clone();
    cpu.backward(ConvAlgorithm::Im2col, x, w, ConvOutputGrad{dz, Tensor(), Tensor()}, d, dx_cpu, dw_cpu, db_cpu);
    cuda::conv2d_backward_pass(exec, x.data(), w.data(), dz.data(), d, t.group, dx.data(), dw.data(), db.data());
    check_near(dx, dx_cpu, what + " dx", 1e-5, 1e-5);
    check_near(dw, dw_cpu, what + " dw", 1e-5, 1e-5);
    check_near(db, db_cpu, what + " db", 1e-5, 1e-5);

    Tensor dx_only = uniform(x.shape(), -1, 1, 29), dx_only_cpu = dx_only.clone(), none;
    cpu.backward(ConvAlgorithm::Im2col, x, w, ConvOutputGrad{dz, Tensor(), Tensor()}, d, dx_only_cpu, none, none);
    cuda::conv2d_backward_pass(exec, x.data(), w.data(), dz.data(), d, t.group, dx_only.data(), nullptr, nullptr);
    check_near(dx_only, dx_only_cpu, what + " dx alone", 1e-5, 1e-5);
  }
}

TEST_CASE("conv2d scratch groups: at least one sample, at most the batch, under the cap") {
  ConvDims d;
  d.n = 64, d.p = 28 * 28, d.k = 9, d.f = 32;
  CHECK(cuda::conv_group_samples(d) == 64);
  d.n = 100000;
  const int64_t group = cuda::conv_group_samples(d);
  CHECK(group * d.p * d.f <= cuda::kConvScratchFloats);
  CHECK(group >= 1);
  d.p = int64_t(1) << 20, d.k = 1 << 10, d.n = 4;
  CHECK(cuda::conv_group_samples(d) == 1);
}

// ---- max pooling ----

TEST_CASE("max pool bodies equal the CPU table, argmax bit for bit, ties to the first maximum") {
  struct PoolCase {
    int64_t planes, h, w, pool, strides;
    const char* padding;
  };
  const PoolCase cases[] = {
      {5, 8, 6, 2, 2, "valid"}, {3, 7, 9, 3, 2, "same"}, {2, 5, 5, 2, 1, "same"}, {4, 9, 7, 3, 3, "valid"},
      // the CPU's 2x2 path in whole and partial lane blocks: a CNN's 28 and 14 wide
      // planes, odd sizes (the last row and column unused), rows wider than 32 outputs
      {7, 28, 28, 2, 2, "valid"}, {3, 14, 14, 2, 2, "valid"}, {2, 9, 37, 2, 2, "valid"}, {1, 3, 70, 2, 2, "valid"}};
  for (const PoolCase& t : cases) {
    const std::string what = "pool " + std::to_string(t.h) + "x" + std::to_string(t.w) + " p" +
                             std::to_string(t.pool) + " s" + std::to_string(t.strides) + " " + t.padding;
    const Window2D g = make_window("MaxPool2D", t.h, t.w, t.pool, t.pool, t.strides, t.strides, t.padding);
    // small integers: many equal maxima in a window
    Tensor x = uniform({t.planes, t.h, t.w}, 0, 3, 30);
    for (float& v : x.values()) v = std::floor(v);
    const Shape out_shape{t.planes, g.out_h, g.out_w};
    Tensor y_cpu = Tensor::empty(out_shape), arg_cpu = Tensor::empty(out_shape);
    MaxPoolKernels::cpu().forward(x, g, t.planes, y_cpu, arg_cpu);
    Tensor y = Tensor::empty(out_shape), arg = Tensor::empty(out_shape);
    cuda::run_on_host(y.numel(), cuda::MaxPoolForwardBody{x.data(), y.data(),
                                                          reinterpret_cast<int32_t*>(arg.data()), g});
    check_same_bits(y, y_cpu, what + " y");
    check_same_bits(arg, arg_cpu, what + " argmax");

    Tensor y_only = Tensor::empty(out_shape);
    cuda::run_on_host(y.numel(), cuda::MaxPoolForwardBody{x.data(), y_only.data(), nullptr, g});
    check_same_bits(y_only, y_cpu, what + " y without argmax");

    const Tensor dy = uniform(out_shape, -1, 1, 31);
    for (const bool overwrite : {false, true}) {  // dx's old values added to, or never read
      Tensor dx_cpu = uniform(x.shape(), -1, 1, 32), dx = dx_cpu.clone();
      MaxPoolKernels::cpu().backward(dy, arg_cpu, g, t.planes, overwrite, dx_cpu);
      cuda::run_on_host(x.numel(), cuda::MaxPoolBackwardBody{dy.data(), reinterpret_cast<const int32_t*>(arg.data()),
                                                             dx.data(), g, overwrite});
      check_same_bits(dx, dx_cpu, what + (overwrite ? " dx overwritten" : " dx accumulated"));
      if (!overwrite) continue;
      // overwritten: zero wherever no window took its maximum
      Tensor dx_zero = Tensor::zeros(x.shape());
      MaxPoolKernels::cpu().backward(dy, arg_cpu, g, t.planes, false, dx_zero);
      check_same_bits(dx_cpu, dx_zero, what + " dx overwritten = 0 + dx accumulated");
    }
  }
}

// ---- dropout ----

TEST_CASE("dropout mask body equals Rng::fill_bernoulli and the CPU table, bit for bit") {
  const uint64_t seed = 0x1234567890ull, stream = 77, position = 5;
  const float keep = 0.7f, scale = 1.0f / keep;
  for (int64_t n : {1, 3, 4, 1001}) {
    Tensor mask = Tensor::empty({n});
    cuda::DropoutMaskBody body{mask.data(), n, seed, stream, position, keep, scale};
    cuda::run_on_host(cuda::DropoutMaskBody::blocks(n), body);

    Tensor bernoulli = Tensor::empty({n});
    Rng(RngState{seed, stream, position}).fill_bernoulli(bernoulli, keep);
    for (float& v : bernoulli.values()) v *= scale;
    check_same_bits(mask, bernoulli, "mask of " + std::to_string(n) + " vs fill_bernoulli");

    Tensor cpu = Tensor::empty({n});
    DropoutKernels::cpu().mask(seed, stream, position, keep, scale, cpu);
    check_same_bits(mask, cpu, "mask of " + std::to_string(n) + " vs the CPU table");
  }
}

// ---- losses ----

namespace {

constexpr LossKind kAllLosses[] = {
    LossKind::CategoricalCrossentropy,       LossKind::SparseCategoricalCrossentropy,
    LossKind::BinaryCrossentropy,            LossKind::MeanSquaredError,
    LossKind::SoftmaxCrossentropyFromLogits, LossKind::SparseSoftmaxCrossentropyFromLogits,
    LossKind::SigmoidBinaryCrossentropyFromLogits};

bool from_logits(LossKind kind) {
  return kind == LossKind::SoftmaxCrossentropyFromLogits || kind == LossKind::SparseSoftmaxCrossentropyFromLogits ||
         kind == LossKind::SigmoidBinaryCrossentropyFromLogits;
}

// Predictions (probabilities, or logits for the fused kinds; a few exactly at
// the clip bounds) and targets (soft targets, 0/1, or class ids) for `kind`.
struct LossInputs {
  Tensor pred, target;
};
LossInputs loss_inputs(LossKind kind, Shape shape, uint64_t seed) {
  const int64_t cols = shape.back(), rows = shape_numel(shape) / cols;
  LossInputs in;
  in.pred = from_logits(kind) ? uniform(shape, -5, 5, seed) : uniform(shape, 0.01f, 0.99f, seed);
  if (!from_logits(kind)) {
    in.pred.data()[0] = 0.0f;  // clipped: zero gradient
    in.pred.data()[1] = 1.0f;
  }
  if (cuda::sparse_loss(kind)) {
    in.target = uniform({rows}, 0, float(cols), seed + 1);
    for (float& v : in.target.values()) v = std::floor(v);
  } else if (kind == LossKind::BinaryCrossentropy || kind == LossKind::SigmoidBinaryCrossentropyFromLogits) {
    in.target = uniform(shape, 0, 1, seed + 1);
    for (float& v : in.target.values()) v = v < 0.5f ? 0.0f : 1.0f;
  } else {
    in.target = uniform(shape, 0, 1, seed + 1);  // soft targets, rows not summing to 1
  }
  return in;
}

}  // namespace

TEST_CASE("loss bodies equal the CPU table: value, saved gradient, backward, every kind") {
  for (LossKind kind : kAllLosses) {
    for (const Shape& shape : {Shape{9, 5}, Shape{3, 3, 7}, Shape{13, 1}}) {
      if (cuda::sparse_loss(kind) && shape.back() == 1) continue;
      const std::string what = std::string(loss_kind_name(kind)) + " " + shape_str(shape);
      const LossInputs in = loss_inputs(kind, shape, 40);
      const int64_t cols = shape.back(), rows = in.pred.numel() / cols;

      Tensor loss_cpu = Tensor::empty({}), saved_cpu = Tensor::empty(shape);
      LossKernels::cpu().forward(kind, in.pred, in.target, loss_cpu, saved_cpu);
      Tensor loss = Tensor::empty({}), saved = Tensor::empty(shape);
      HostExec exec;
      cuda::loss_forward_pass(exec, kind, in.pred.data(), in.target.data(), rows, cols, loss.data(), saved.data());
      check_near(loss, loss_cpu, what + " loss", 1e-6, 1e-7);
      check_near(saved, saved_cpu, what + " saved gradient", 1e-6, 1e-8);

      Tensor loss_alone = Tensor::empty({});
      cuda::loss_forward_pass(exec, kind, in.pred.data(), in.target.data(), rows, cols, loss_alone.data(), nullptr);
      check_near(loss_alone, loss_cpu, what + " loss without gradient", 1e-6, 1e-7);

      const Tensor grad_loss = Tensor::scalar(0.7f);
      Tensor dpred_cpu = uniform(shape, -1, 1, 41), dpred = dpred_cpu.clone();
      LossKernels::cpu().backward(kind, in.pred, in.target, saved_cpu, grad_loss, dpred_cpu);
      cuda::loss_backward_pass(exec, saved.data(), grad_loss.data(), dpred.data(), dpred.numel());
      check_near(dpred, dpred_cpu, what + " backward", 1e-6, 1e-7);
    }
  }
}

TEST_CASE("sparse loss bodies turn a label outside [0, classes) into NaN (the CPU table throws)") {
  const Tensor pred = uniform({2, 3}, 0.1f, 0.9f, 42);
  const Tensor labels = Tensor::from({2}, {1.0f, 3.0f});
  Tensor loss = Tensor::empty({});
  HostExec exec;
  cuda::loss_forward_pass(exec, LossKind::SparseCategoricalCrossentropy, pred.data(), labels.data(), 2, 3,
                          loss.data(), nullptr);
  CHECK(std::isnan(loss.item()));
  CHECK(cuda::class_id(2.5f, 3) == -1);
  CHECK(cuda::class_id(-1.0f, 3) == -1);
  CHECK(cuda::class_id(2.0f, 3) == 2);
}

TEST_CASE("count_correct body equals the CPU table, every kind, probabilities and logits") {
  for (LossKind kind : kAllLosses) {
    for (const Shape& shape : {Shape{17, 4}, Shape{11, 1}, Shape{6, 2, 3}}) {
      if (cuda::sparse_loss(kind) && shape.size() != 2) continue;
      if (cuda::sparse_loss(kind) && shape.back() == 1) continue;
      for (bool logits : {false, true}) {
        const std::string what = std::string(loss_kind_name(kind)) + " " + shape_str(shape) +
                                 (logits ? " logits" : " probabilities");
        LossInputs in = loss_inputs(kind, shape, 50);
        if (logits) in.pred = uniform(shape, -2, 2, 51);
        if (!cuda::sparse_loss(kind)) in.target.data()[0] = in.target.data()[1];  // a tie in a target row
        Tensor count_cpu = Tensor::empty({}), count = Tensor::empty({});
        LossKernels::cpu().count_correct(kind, in.pred, in.target, logits, count_cpu);
        const int64_t samples = shape[0], cols = in.pred.numel() / samples;
        HostExec exec;
        cuda::count_correct_pass(exec, kind, in.pred.data(), in.target.data(), logits, samples, cols, count.data());
        check_near(count, count_cpu, what, 1e-6, 0);
      }
    }
  }
}

// ---- optimizers ----

namespace {

// The step's scalars for a few steps of every kind, with the flags to try.
std::vector<UpdateScalars> scalar_variants(OptimizerKind kind) {
  UpdateScalars s{.learning_rate = 0.05f, .beta_1 = 0.9f, .beta_2 = 0.99f, .epsilon = 1e-6f, .rho = 0.9f,
                  .momentum = 0.8f, .weight_decay = 0.01f, .bias_correction_1 = 0.19f,
                  .bias_correction_2 = 0.0199f, .nadam_coef_g = 0.03f, .nadam_coef_m = 0.04f};
  std::vector<UpdateScalars> variants{s};
  if (kind == OptimizerKind::RMSprop) {
    UpdateScalars centered = s, plain = s, centered_plain = s;
    centered.centered = true;
    plain.momentum = 0;
    centered_plain.centered = true;
    centered_plain.momentum = 0;
    variants = {s, centered, plain, centered_plain};
  }
  if (kind == OptimizerKind::Adam) {
    UpdateScalars amsgrad = s;
    amsgrad.amsgrad = true;
    variants = {s, amsgrad};
  }
  return variants;
}

}  // namespace

TEST_CASE("optimizer step bodies equal the CPU table, every kind, with clipnorm and clipvalue") {
  const int64_t n = 37;
  const float clips[][2] = {{0, 0}, {0.5f, 0}, {0, 0.3f}, {0.5f, 0.3f}, {100.0f, 0}};  // {clipnorm, clipvalue}
  for (const kernels::OptimizerKindInfo& info : kernels::kOptimizerKinds) {
    const OptimizerKind kind = info.kind;
    for (UpdateScalars s : scalar_variants(kind)) {
      for (const auto& clip : clips) {
        s.clipnorm = clip[0];
        s.clipvalue = clip[1];
        const int slots = optimizer_slot_count(kind, s);
        const std::string what = std::string(optimizer_kind_name(kind)) + " slots " + std::to_string(slots) +
                                 " clipnorm " + std::to_string(clip[0]) + " clipvalue " + std::to_string(clip[1]);
        Tensor params_cpu = uniform({n}, -1, 1, 60), slots_cpu = uniform({slots * n}, 0.1f, 0.5f, 61);
        Tensor params = params_cpu.clone(), state = slots_cpu.clone();
        for (int step = 0; step < 3; ++step) {
          const Tensor grads = uniform({n}, -1, 1, 62 + step);
          OptimizerKernels::cpu().step(kind, s, params_cpu, grads, slots_cpu);
          // the device's sum of squares: a float scalar accumulated in double
          Tensor squares = Tensor::empty({});
          double total = 0;
          for (float g : grads.values()) total += double(g) * g;
          squares.data()[0] = float(total);
          HostExec exec;
          cuda::optimizer_step_pass(exec, kind, s, params.data(), grads.data(), state.data(), n,
                                    s.clipnorm > 0 ? squares.data() : nullptr);
          check_near(params, params_cpu, what + " params, step " + std::to_string(step), 1e-5, 1e-6);
          check_near(state, slots_cpu, what + " slots, step " + std::to_string(step), 1e-5, 1e-6);
        }
      }
    }
  }
}
