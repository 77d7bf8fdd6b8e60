// The convolution ops and their algorithms against the plain formulas: each
// algorithm forced through tunet::conv2d (values and all three gradients
// against the double-precision loops of naive_conv.hpp, at odd sizes with
// partial tiles and padded lanes; a finite-difference check per algorithm),
// the errors for forcing one that does not apply, im2col / col2im as ops,
// Winograd's transform matrices, the small GEMM, the 2x2 max-pooling path,
// the ops on the host-memory fake GPU (tests/fake_device.hpp: the CPU tables
// behind every device path, so the results must equal the CPU's bit for bit),
// and Conv2D's algorithm option (config, factory, save / load, summary).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/conv_ops.hpp"
#include "core/cpu/lane_block.hpp"
#include "core/cpu/small_gemm.hpp"
#include "core/cpu/winograd_transform.hpp"
#include "core/error.hpp"
#include "core/ops.hpp"
#include "core/random.hpp"
#include "fake_device.hpp"
#include "fresh_dir.hpp"
#include "gradcheck.hpp"
#include "naive_conv.hpp"
#include "nn/nn.hpp"

using namespace tunet;
using tunet::testing::check_close;
using tunet::testing::uniform;

namespace {

// y = A^T [(G g) .* (B^T d)] computed from the matrices, in double.
std::vector<double> winograd_1d(const cpu::WinogradTransform& t, const std::vector<double>& d,
                                const std::vector<double>& g) {
  std::vector<double> product(size_t(t.alpha));
  for (int p = 0; p < t.alpha; ++p) {
    double gg = 0, bd = 0;
    for (int k = 0; k < t.r; ++k) gg += t.g[size_t(p * t.r + k)] * g[size_t(k)];
    for (int i = 0; i < t.alpha; ++i) bd += t.bt[size_t(p * t.alpha + i)] * d[size_t(i)];
    product[size_t(p)] = gg * bd;
  }
  std::vector<double> y(size_t(t.m));
  for (int i = 0; i < t.m; ++i)
    for (int p = 0; p < t.alpha; ++p) y[size_t(i)] += t.at[size_t(i * t.alpha + p)] * product[size_t(p)];
  return y;
}

struct ConvCase {
  int64_t n, c, h, w, kh, kw, f, stride;
  const char* padding;
};

// Runs conv2d forced to `algorithm` with a linear activation, back-propagates
// sum(y * dy) and checks y, dx, dW, db against the plain loops.
void check_against_naive(ConvAlgorithm algorithm, const ConvCase& s, double tol) {
  CAPTURE(std::string(conv_algorithm_name(algorithm)));
  CAPTURE(s.c);
  CAPTURE(s.h);
  CAPTURE(s.w);
  CAPTURE(s.kh);
  CAPTURE(s.kw);
  CAPTURE(s.f);
  CAPTURE(s.stride);
  CAPTURE(s.padding);
  const Tensor x0 = uniform({s.n, s.c, s.h, s.w}, -1, 1, 40), w0 = uniform({s.kh, s.kw, s.c, s.f}, -1, 1, 41);
  const Tensor b0 = uniform({s.f}, -1, 1, 42);
  Tensor x = x0.clone().requires_grad_(), kernel = w0.clone().requires_grad_(),
         bias = b0.clone().requires_grad_();
  const Tensor y = conv2d(x, kernel, bias, s.stride, s.padding, ActivationKind::Linear, algorithm);
  const Tensor dy = uniform(y.shape(), -1, 1, 43);
  tunet::sum(y * dy).backward();
  check_close(y, testing::naive_conv2d(x0, w0, b0, s.stride, s.padding), tol);
  const testing::ConvGrads expected = testing::naive_conv2d_grads(x0, w0, dy, s.stride, s.padding);
  check_close(x.grad(), expected.dx, tol);
  check_close(kernel.grad(), expected.dw, tol);
  check_close(bias.grad(), expected.db, tol);
}

// The finite-difference check of conv2d forced to `algorithm`, through a tanh.
void gradcheck_conv(ConvAlgorithm algorithm, int64_t c, int64_t k, int64_t stride) {
  CAPTURE(std::string(conv_algorithm_name(algorithm)));
  CAPTURE(c);
  CAPTURE(k);
  auto f = [&](const std::vector<Tensor>& in) {
    return conv2d(in[0], in[1], in[2], stride, "same", ActivationKind::Tanh, algorithm);
  };
  const auto result = testing::gradcheck(
      f, {uniform({2, c, 6, 5}, -1, 1, 50), uniform({k, k, c, 3}, -0.3, 0.3, 51), uniform({3}, -1, 1, 52)},
      1e-2);
  CHECK_MESSAGE(result.ok, result.worst);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

const nn::Conv2D& as_conv(const nn::Layer& layer) { return dynamic_cast<const nn::Conv2D&>(layer); }

}  // namespace

TEST_CASE("algorithm names: parse, print, and a clear error for an unknown one") {
  for (const std::string& name : conv_algorithm_names())
    CHECK(conv_algorithm_name(parse_conv_algorithm(name)) == name);
  CHECK(parse_conv_algorithm("winograd") == ConvAlgorithm::Winograd);
  const std::string message = error_of([] { parse_conv_algorithm("fft"); });
  CHECK(message.find("'fft'") != std::string::npos);
  CHECK(message.find("auto, im2col, winograd, direct") != std::string::npos);
}

TEST_CASE("Auto on the CPU: Winograd for many channels, direct for few, im2col otherwise") {
  auto chosen = [](Shape x, Shape kernel, int64_t stride) {
    return resolve_conv_algorithm(Device::CPU, conv_dims("test", x, kernel, stride, "same"),
                                  ConvAlgorithm::Auto);
  };
  CHECK(chosen({2, 16, 14, 14}, {5, 5, 16, 36}, 1) == ConvAlgorithm::Winograd);
  CHECK(chosen({2, 8, 9, 9}, {3, 3, 8, 4}, 1) == ConvAlgorithm::Winograd);
  CHECK(chosen({2, 1, 28, 28}, {5, 5, 1, 16}, 1) == ConvAlgorithm::Direct);
  CHECK(chosen({2, 16, 14, 14}, {5, 5, 16, 36}, 2) == ConvAlgorithm::Im2col);  // stride 2
  CHECK(chosen({2, 16, 14, 14}, {7, 7, 16, 8}, 1) == ConvAlgorithm::Im2col);   // 7x7 on 16 channels
  CHECK(chosen({2, 6, 9, 9}, {3, 3, 6, 4}, 1) == ConvAlgorithm::Im2col);       // 6 channels
}

TEST_CASE("im2col forced: values and gradients, both storage orders, strides 1 and 2") {
  // 3 channels build the matrix in the planes order, 9 in the rows order
  for (int64_t c : {3, 9}) {
    check_against_naive(ConvAlgorithm::Im2col, {3, c, 9, 7, 3, 3, 5, 1, "same"}, 1e-5);
    check_against_naive(ConvAlgorithm::Im2col, {2, c, 11, 8, 5, 5, 4, 2, "same"}, 1e-5);
    check_against_naive(ConvAlgorithm::Im2col, {2, c, 10, 9, 3, 2, 3, 2, "valid"}, 1e-5);  // 3x2 kernel
  }
  // shapes the other algorithms would take under Auto
  check_against_naive(ConvAlgorithm::Im2col, {2, 16, 7, 9, 5, 5, 9, 1, "same"}, 1e-5);
  check_against_naive(ConvAlgorithm::Im2col, {2, 1, 13, 11, 5, 5, 6, 1, "same"}, 1e-5);
}

TEST_CASE("Winograd forced: values and gradients at partial tiles and padded lanes") {
  // 3x3 -> F(6x6, 3x3), 5x5 -> F(4x4, 5x5), 4x4 -> F(5x5, 4x4); channels and
  // filters that are and are not whole lane blocks; planes not a multiple of m.
  check_against_naive(ConvAlgorithm::Winograd, {3, 8, 9, 7, 3, 3, 5, 1, "same"}, 1e-4);
  check_against_naive(ConvAlgorithm::Winograd, {2, 16, 14, 14, 5, 5, 36, 1, "same"}, 2e-5);  // ~5e-6
  check_against_naive(ConvAlgorithm::Winograd, {2, 9, 11, 13, 5, 5, 8, 1, "valid"}, 1e-4);
  check_against_naive(ConvAlgorithm::Winograd, {2, 12, 10, 9, 4, 4, 3, 1, "same"}, 1e-4);
  check_against_naive(ConvAlgorithm::Winograd, {1, 8, 5, 5, 5, 5, 4, 1, "valid"}, 1e-4);  // one output
}

TEST_CASE("direct forced (few channels): values and gradients") {
  // widths of 1 to 5 lane blocks, filters not a multiple of the register block
  check_against_naive(ConvAlgorithm::Direct, {3, 1, 28, 28, 5, 5, 16, 1, "same"}, 1e-5);
  check_against_naive(ConvAlgorithm::Direct, {2, 3, 9, 40, 3, 3, 6, 1, "same"}, 1e-5);
  check_against_naive(ConvAlgorithm::Direct, {2, 2, 7, 12, 7, 7, 3, 1, "valid"}, 1e-5);
  check_against_naive(ConvAlgorithm::Direct, {2, 4, 6, 5, 2, 2, 9, 1, "same"}, 1e-5);
  check_against_naive(ConvAlgorithm::Direct, {2, 3, 7, 9, 3, 5, 4, 1, "same"}, 1e-5);  // 3x5 kernel
}

TEST_CASE("each algorithm passes the finite-difference check through an activation") {
  gradcheck_conv(ConvAlgorithm::Im2col, 3, 3, 2);
  gradcheck_conv(ConvAlgorithm::Im2col, 8, 3, 1);
  gradcheck_conv(ConvAlgorithm::Winograd, 8, 5, 1);
  gradcheck_conv(ConvAlgorithm::Winograd, 8, 3, 1);
  gradcheck_conv(ConvAlgorithm::Direct, 2, 5, 1);
}

TEST_CASE("Winograd's backward pass gives the input gradient alone when the kernel needs none") {
  // x alone requiring grad: the backward pass transforms no input tiles
  const Tensor w = uniform({3, 3, 8, 4}, -1, 1, 61), b = uniform({4}, -1, 1, 62);
  Tensor x = uniform({2, 8, 7, 7}, -1, 1, 60).requires_grad_();
  tunet::sum(conv2d(x, w, b, 1, "same", ActivationKind::Linear, ConvAlgorithm::Winograd)).backward();
  const Tensor x0 = x.detach();
  const testing::ConvGrads expected =
      testing::naive_conv2d_grads(x0, w, Tensor::ones({2, 4, 7, 7}), 1, "same");
  check_close(x.grad(), expected.dx, 1e-4);
}

TEST_CASE("forcing an algorithm where it does not apply is an Error naming it, the shape and the device") {
  const Tensor b = Tensor::zeros({4});
  auto forced = [&](Shape x_shape, Shape w_shape, int64_t stride, ConvAlgorithm algorithm) {
    return error_of([&] {
      conv2d(Tensor::zeros(x_shape), Tensor::zeros(w_shape), b, stride, "same", ActivationKind::Relu,
             algorithm);
    });
  };
  const std::string stride_2 = forced({1, 8, 9, 9}, {3, 3, 8, 4}, 2, ConvAlgorithm::Winograd);
  CHECK(stride_2.find("'winograd'") != std::string::npos);
  CHECK(stride_2.find("x (1, 8, 9, 9)") != std::string::npos);
  CHECK(stride_2.find("stride 2") != std::string::npos);
  CHECK(stride_2.find("cpu") != std::string::npos);
  CHECK(stride_2.find("apply there: im2col") != std::string::npos);
  CHECK(forced({1, 4, 9, 9}, {3, 3, 4, 4}, 1, ConvAlgorithm::Winograd).find("'winograd'") != std::string::npos);
  CHECK(forced({1, 8, 9, 9}, {7, 7, 8, 4}, 1, ConvAlgorithm::Winograd).find("7x7") != std::string::npos);
  CHECK(forced({1, 4, 9, 9}, {2, 3, 4, 4}, 1, ConvAlgorithm::Winograd).find("2x3") != std::string::npos);
  const std::string many = forced({1, 8, 9, 9}, {3, 3, 8, 4}, 1, ConvAlgorithm::Direct);
  CHECK(many.find("'direct'") != std::string::npos);
  CHECK(many.find("im2col, winograd") != std::string::npos);
  CHECK(forced({1, 2, 9, 9}, {3, 3, 2, 4}, 2, ConvAlgorithm::Direct).find("'direct'") != std::string::npos);
  CHECK(forced({1, 2, 9, 9}, {3, 9, 2, 4}, 1, ConvAlgorithm::Direct).find("3x9") != std::string::npos);
  // im2col applies everywhere
  CHECK(forced({1, 8, 9, 9}, {3, 3, 8, 4}, 2, ConvAlgorithm::Im2col).empty());
}

TEST_CASE("im2col and col2im ops: the matrix layout, the adjoint identity, gradients") {
  const Tensor x = uniform({2, 3, 5, 4}, -1, 1, 70);
  const Tensor cols = im2col(x, 3, 2, 2, "same");  // 3x2 window, stride 2: OH 3, OW 2
  REQUIRE(cols.shape() == Shape{2 * 3 * 2, 3 * 2 * 3});
  // row n*P + oh*OW + ow, column (kh*KW + kw)*C + c; zeros outside the plane
  const Window2D g = make_window("test", 5, 4, 3, 2, 2, 2, "same");
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t oh = 0; oh < g.out_h; ++oh)
      for (int64_t ow = 0; ow < g.out_w; ++ow)
        for (int64_t i = 0; i < 3; ++i)
          for (int64_t j = 0; j < 2; ++j)
            for (int64_t c = 0; c < 3; ++c) {
              const int64_t ih = oh * 2 - g.pad_top + i, iw = ow * 2 - g.pad_left + j;
              const bool inside = ih >= 0 && ih < 5 && iw >= 0 && iw < 4;
              const float expected = inside ? x.at({n, c, ih, iw}) : 0.0f;
              CHECK(cols.at({(n * g.out_h + oh) * g.out_w + ow, (i * 2 + j) * 3 + c}) == expected);
            }
  // conv2d = im2col(x) W.reshape(K, F) + b
  const Tensor w = uniform({3, 2, 3, 4}, -1, 1, 71), b = uniform({4}, -1, 1, 72);
  const Tensor z = tunet::matmul(cols, w.reshape({18, 4})) + b;  // (N*P, F)
  const Tensor y = conv2d(x, w, b, 2, "same", ActivationKind::Linear);
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t f = 0; f < 4; ++f)
      for (int64_t q = 0; q < 6; ++q)
        CHECK(y.at({n, f, q / 2, q % 2}) == doctest::Approx(z.at({n * 6 + q, f})).epsilon(1e-5));
  // <im2col(x), c> = <x, col2im(c)>
  const Tensor c = uniform(cols.shape(), -1, 1, 73);
  const double lhs = tunet::sum(cols * c).item();
  const double rhs = tunet::sum(x * col2im(c, x.shape(), 3, 2, 2, "same")).item();
  CHECK(lhs == doctest::Approx(rhs).epsilon(1e-5));

  auto f_im2col = [](const std::vector<Tensor>& in) { return im2col(in[0], 3, 3, 1, "same"); };
  const auto r1 = testing::gradcheck(f_im2col, {uniform({2, 2, 4, 5}, -1, 1, 74)}, 1e-2);
  CHECK_MESSAGE(r1.ok, r1.worst);
  auto f_col2im = [](const std::vector<Tensor>& in) {
    return col2im(in[0], {2, 2, 4, 5}, 2, 3, 2, "valid");
  };
  const Window2D gv = make_window("test", 4, 5, 2, 3, 2, 2, "valid");
  const auto r2 =
      testing::gradcheck(f_col2im, {uniform({2 * gv.out_h * gv.out_w, 2 * 3 * 2}, -1, 1, 75)}, 1e-2);
  CHECK_MESSAGE(r2.ok, r2.worst);
  CHECK(error_of([&] { col2im(c, {2, 3, 5, 5}, 3, 2, 2, "same"); }).find("do not fit") != std::string::npos);
}

TEST_CASE("Winograd matrices: F(m, r) equals the direct correlation") {
  Rng rng(3);
  for (const auto& sizes : {std::pair{4, 5}, {6, 3}, {5, 4}, {2, 3}, {2, 5}}) {
    const int m = sizes.first, r = sizes.second;  // (named, not bound: clang 14 lambdas cannot capture bindings)
    CAPTURE(m);
    CAPTURE(r);
    const cpu::WinogradTransform t = cpu::make_winograd_transform(m, r);
    REQUIRE(t.alpha == m + r - 1);
    std::vector<double> d(static_cast<size_t>(t.alpha)), g(static_cast<size_t>(r));
    for (double& v : d) v = rng.uniform() * 2 - 1;
    for (double& v : g) v = rng.uniform() * 2 - 1;
    const std::vector<double> y = winograd_1d(t, d, g);
    for (int i = 0; i < m; ++i) {
      double direct = 0;  // y[i] = sum_k g[k] d[i + k]
      for (int k = 0; k < r; ++k) direct += g[size_t(k)] * d[size_t(i + k)];
      CHECK(y[size_t(i)] == doctest::Approx(direct).epsilon(1e-5));
    }
  }
  CHECK_THROWS_AS(cpu::make_winograd_transform(6, 5), Error);  // alpha 10 > 8
}

TEST_CASE("small_gemm equals the triple loop, plain, transposed and accumulating") {
  Rng rng(9);
  // n in whole LaneBlocks (8 floats, 16 with AVX-512): 5, 2, 7 (two column groups) and 1
  const int64_t lanes = cpu::kLanes;
  for (const auto& sizes :
       {std::tuple<int64_t, int64_t, int64_t>{13, 5 * lanes, 7}, {8, 2 * lanes, 40}, {3, 7 * lanes, 1},
        {17, lanes, 16}}) {
    const int64_t m = std::get<0>(sizes), n = std::get<1>(sizes), k = std::get<2>(sizes);  // (clang 14: no captured bindings)
    CAPTURE(m);
    CAPTURE(n);
    CAPTURE(k);
    std::vector<float> a(size_t(m * k)), b(size_t(k * n)), c(size_t(m * n));
    for (float& v : a) v = float(rng.uniform() * 2 - 1);
    for (float& v : b) v = float(rng.uniform() * 2 - 1);
    for (float& v : c) v = float(rng.uniform() * 2 - 1);
    for (bool transposed : {false, true})
      for (bool accumulate : {false, true}) {
        // A (m x k) stored row-major, or stored as A^T (k x m) row-major
        const int64_t a_row = transposed ? 1 : k, a_col = transposed ? m : 1;
        std::vector<float> out = c;
        cpu::small_gemm(m, n, k, a.data(), a_row, a_col, b.data(), n, out.data(), n, accumulate);
        double worst = 0;
        for (int64_t i = 0; i < m; ++i)
          for (int64_t j = 0; j < n; ++j) {
            double expected = accumulate ? c[size_t(i * n + j)] : 0.0;
            for (int64_t p = 0; p < k; ++p)
              expected += double(a[size_t(i * a_row + p * a_col)]) * b[size_t(p * n + j)];
            worst = std::max(worst, std::fabs(expected - out[size_t(i * n + j)]));
          }
        CHECK(worst < 1e-5);
      }
  }
}

TEST_CASE("2x2 max pooling: ties go to the first value in the window, as in the generic loop") {
  Tensor x = Tensor::full({1, 1, 4, 6}, 2.0f).requires_grad_();
  x.data()[1 * 6 + 3] = 5.0f;  // the only non-tie: bottom-right of window (0, 1)
  Tensor y = max_pool2d(x, 2, 2, "valid");
  CHECK(y.to_vector() == std::vector<float>{2, 5, 2, 2, 2, 2});
  tunet::sum(y).backward();
  const std::vector<float> expected{1, 0, 0, 0, 1, 0,  //
                                    0, 0, 0, 1, 0, 0,  //
                                    1, 0, 1, 0, 1, 0,  //
                                    0, 0, 0, 0, 0, 0};
  CHECK(x.grad().to_vector() == expected);
}

TEST_CASE("max_pool2d passes the finite-difference check, 2x2 path and generic windows") {
  struct Case {
    int64_t pool, stride;
    const char* padding;
  };
  for (const Case& c : {Case{2, 2, "valid"}, Case{3, 2, "same"}, Case{2, 1, "same"}}) {
    CAPTURE(c.pool);
    CAPTURE(c.stride);
    CAPTURE(c.padding);
    auto f = [&](const std::vector<Tensor>& in) { return max_pool2d(in[0], c.pool, c.stride, c.padding); };
    // distinct values (a permutation of a grid) keep every maximum away from a tie under +-h
    Tensor x = Tensor::empty({2, 3, 5, 6});
    for (int64_t i = 0; i < x.numel(); ++i) x.data()[i] = float((i * 37) % x.numel()) * 0.05f;
    const auto result = testing::gradcheck(f, {x}, 1e-2);
    CHECK_MESSAGE(result.ok, result.worst);
  }
}

TEST_CASE("conv2d's activation gradient, formed inside the backward kernels, equals the activation op's") {
  struct Layer {
    ConvAlgorithm algorithm;
    Shape x, w;
  };
  const Layer layers[] = {{ConvAlgorithm::Winograd, {2, 8, 9, 7}, {5, 5, 8, 5}},
                          {ConvAlgorithm::Direct, {3, 1, 9, 7}, {5, 5, 1, 4}},
                          {ConvAlgorithm::Im2col, {2, 3, 6, 5}, {3, 3, 3, 4}}};
  const ActivationKind kinds[] = {ActivationKind::Linear, ActivationKind::Relu, ActivationKind::Gelu,
                                  ActivationKind::Tanh, ActivationKind::Elu, ActivationKind::Softmax};
  for (const Layer& layer : layers)
    for (const ActivationKind kind : kinds) {
      CAPTURE(std::string(conv_algorithm_name(layer.algorithm)));
      CAPTURE(int(kind));
      const Tensor x = uniform(layer.x, -1, 1, 80), w = uniform(layer.w, -1, 1, 81),
                   b = uniform({layer.w[3]}, -1, 1, 82);
      std::vector<Tensor> results[2];
      for (const bool fused : {true, false}) {
        Tensor xg = x.clone().requires_grad_(), wg = w.clone().requires_grad_(), bg = b.clone().requires_grad_();
        const Tensor y = fused ? conv2d(xg, wg, bg, 1, "same", kind, layer.algorithm)
                               : activation(conv2d(xg, wg, bg, 1, "same", ActivationKind::Linear, layer.algorithm), kind);
        const Tensor r = uniform(y.shape(), -1, 1, 83);
        tunet::sum(y * r).backward();
        results[fused ? 0 : 1] = {y, xg.grad(), wg.grad(), bg.grad()};
      }
      for (size_t i = 0; i < 4; ++i) {
        CAPTURE(i);
        check_close(results[0][i], results[1][i], 1e-5);
      }
    }
}

TEST_CASE("on the fake GPU every conv op and gradient equals the CPU's, bit for bit") {
  testing::use_fake_gpu();
  const Device gpu = Device::cuda();
  const Tensor x = uniform({2, 8, 9, 7}, -1, 1, 90), w = uniform({3, 3, 8, 5}, -1, 1, 91);
  const Tensor b = uniform({5}, -1, 1, 92);
  for (ConvAlgorithm algorithm : {ConvAlgorithm::Auto, ConvAlgorithm::Im2col, ConvAlgorithm::Winograd}) {
    CAPTURE(std::string(conv_algorithm_name(algorithm)));
    std::vector<Tensor> grads[2];
    for (Device device : {Device::CPU, gpu}) {
      // fresh leaves each time (to() of a CPU tensor to the CPU is the tensor itself)
      Tensor xd = x.clone().to(device).requires_grad_(), wd = w.clone().to(device).requires_grad_(),
             bd = b.clone().to(device).requires_grad_();
      const Tensor y = conv2d(xd, wd, bd, 1, "same", ActivationKind::Gelu, algorithm);
      CHECK(y.device() == device);
      const Tensor pooled = max_pool2d(y, 2, 2, "valid");
      tunet::sum(pooled * pooled).backward();
      grads[device.is_cpu() ? 0 : 1] = {pooled.to(Device::CPU), xd.grad().to(Device::CPU),
                                        wd.grad().to(Device::CPU), bd.grad().to(Device::CPU)};
    }
    for (size_t i = 0; i < 4; ++i) {
      CAPTURE(i);
      check_close(grads[1][i], grads[0][i], 0.0);
    }
  }
  Tensor xg = x.clone().to(gpu).requires_grad_();
  const Tensor cols = im2col(xg, 3, 2, 2, "same");
  CHECK(cols.device() == gpu);
  CHECK(cols.to(Device::CPU).to_vector() == im2col(x, 3, 2, 2, "same").to_vector());
  const Tensor back = col2im(cols, x.shape(), 3, 2, 2, "same");
  tunet::sum(back * back).backward();
  CHECK(back.device() == gpu);
  CHECK(xg.grad().device() == gpu);

  CHECK(error_of([&] { conv2d(x.to(gpu), w, b, 1, "same", ActivationKind::Relu); }).find("different devices") !=
        std::string::npos);
  testing::WithoutTable<Conv2dKernels> no_conv;
  CHECK(error_of([&] { conv2d(x.to(gpu), w.to(gpu), b.to(gpu), 1, "same", ActivationKind::Relu); })
            .find("conv2d: not supported on cuda:0") != std::string::npos);
}

TEST_CASE("Conv2D's algorithm: option, setter, config, factory, save and load") {
  nn::Conv2D conv(4, 3, 1, "same", "relu", ConvAlgorithm::Im2col);
  CHECK(conv.algorithm() == ConvAlgorithm::Im2col);
  CHECK(conv.config().at("algorithm") == "im2col");
  CHECK(nn::Conv2D(4, 3).config().at("algorithm") == "auto");
  conv.set_algorithm(ConvAlgorithm::Winograd);
  CHECK(conv.config().at("algorithm") == "winograd");

  auto made = nn::make_layer("Conv2D", {{"filters", "4"}, {"kernel_size", "3"}, {"algorithm", "direct"}});
  CHECK(as_conv(*made).algorithm() == ConvAlgorithm::Direct);
  CHECK(as_conv(*nn::make_layer("Conv2D", {{"filters", "4"}, {"kernel_size", "3"}})).algorithm() ==
        ConvAlgorithm::Auto);
  CHECK(error_of([] { nn::make_layer("Conv2D", {{"filters", "4"}, {"kernel_size", "3"}, {"algorithm", "fast"}}); })
            .find("'fast'") != std::string::npos);

  nn::Sequential m({8, 10, 10});
  m.add(nn::Conv2D(6, 3, 1, "same", "relu", ConvAlgorithm::Im2col));
  m.add(nn::Conv2D(6, 3, 1, "same", "relu"));
  const std::string path = (testing::fresh_dir("conv_algorithms") / "model.tunet").string();
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  m.save(path);
  const nn::Sequential loaded = nn::Sequential::load(path);
  CHECK(as_conv(*loaded.layers()[0]).algorithm() == ConvAlgorithm::Im2col);
  CHECK(as_conv(*loaded.layers()[1]).algorithm() == ConvAlgorithm::Auto);
}

TEST_CASE("Conv2D forced to each applicable algorithm computes the same layer") {
  const Tensor x = uniform({3, 8, 9, 9}, -1, 1, 80);
  Tensor reference;
  for (ConvAlgorithm algorithm : {ConvAlgorithm::Auto, ConvAlgorithm::Im2col, ConvAlgorithm::Winograd}) {
    CAPTURE(std::string(conv_algorithm_name(algorithm)));
    nn::Sequential m({8, 9, 9});  // the same seed: the same initial weights
    m.add(nn::Conv2D(5, 3, 1, "same", "tanh", algorithm));
    const Tensor y = m.predict(x);
    if (!reference.defined()) reference = y;
    check_close(y, reference, 1e-5);
  }
  // a forced algorithm that does not apply fails at the forward pass, naming the layer's shape
  nn::Sequential bad({8, 9, 9});
  bad.add(nn::Conv2D(5, 3, 2, "same", "tanh", ConvAlgorithm::Winograd));
  CHECK(error_of([&] { bad.predict(x); }).find("'winograd' does not apply") != std::string::npos);
}

TEST_CASE("summary() prints what each Conv2D runs, under its row") {
  nn::Sequential m({1, 28, 28});
  m.add(nn::Conv2D(16, 5, 1, "same", "relu"));
  m.add(nn::MaxPool2D(2));
  m.add(nn::Conv2D(36, 5, 1, "same", "relu"));
  m.add(nn::Conv2D(8, 3, 2, "same", "relu"));
  m.add(nn::Conv2D(8, 3, 1, "same", "relu", ConvAlgorithm::Im2col));
  const std::string s = m.summary();
  const std::string blank(65, ' ');
  CHECK(s.find(" conv2d (Conv2D)             (None, 16, 28, 28)        416       \n"
               " algorithm: direct (auto)                                        \n" +
               blank + "\n") != std::string::npos);
  CHECK(s.find(" conv2d_1 (Conv2D)           (None, 36, 14, 14)        14436     \n"
               " algorithm: winograd (auto)                                      \n") != std::string::npos);
  CHECK(s.find(" algorithm: im2col (auto)  ") != std::string::npos);  // stride 2
  const std::string forced = " algorithm: im2col";
  CHECK(s.find(forced + std::string(65 - forced.size(), ' ') + "\n") != std::string::npos);
  CHECK(s.find(" max_pool2d (MaxPool2D)      (None, 16, 14, 14)        0         \n" + blank) !=
        std::string::npos);
}
