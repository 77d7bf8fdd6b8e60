// The fast Conv2D algorithms against the plain formulas: Winograd's transform
// matrices, the Winograd and direct convolutions (forward and all three
// gradients, at shapes with partial tiles and padded lanes), the small GEMM
// behind them and the 2x2 max-pooling path.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "core/ops.hpp"
#include "core/random.hpp"
#include "gradcheck.hpp"
#include "naive_conv.hpp"
#include "nn/nn.hpp"
#include "nn/small_gemm.hpp"
#include "nn/winograd_transform.hpp"

using namespace tunet;
using tunet::testing::check_close;
using tunet::testing::uniform;

namespace {

// y = A^T [(G g) .* (B^T d)] computed from the matrices, in double.
std::vector<double> winograd_1d(const nn::WinogradTransform& t, const std::vector<double>& d,
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

// Runs conv2d with a linear activation, back-propagates sum(y * dy) and checks
// y, dx, dW, db against the plain loops.
void check_against_naive(int64_t n, int64_t c, int64_t h, int64_t w, int64_t k, int64_t f,
                         const char* padding, double tol) {
  CAPTURE(c);
  CAPTURE(h);
  CAPTURE(w);
  CAPTURE(k);
  CAPTURE(f);
  CAPTURE(padding);
  const Tensor x0 = uniform({n, c, h, w}, -1, 1, 40), w0 = uniform({k, k, c, f}, -1, 1, 41);
  const Tensor b0 = uniform({f}, -1, 1, 42);
  Tensor x = x0.clone().requires_grad_(), kernel = w0.clone().requires_grad_(),
         bias = b0.clone().requires_grad_();
  const Tensor y = nn::conv2d(x, kernel, bias, 1, padding, nn::ActivationKind::Linear);
  const Tensor dy = uniform(y.shape(), -1, 1, 43);
  tunet::sum(y * dy).backward();
  check_close(y, testing::naive_conv2d(x0, w0, b0, 1, padding), tol);
  const testing::ConvGrads expected = testing::naive_conv2d_grads(x0, w0, dy, 1, padding);
  check_close(x.grad(), expected.dx, tol);
  check_close(kernel.grad(), expected.dw, tol);
  check_close(bias.grad(), expected.db, tol);
}

}  // namespace

TEST_CASE("Winograd matrices: F(m, r) equals the direct correlation") {
  Rng rng(3);
  for (auto [m, r] : {std::pair{4, 5}, {6, 3}, {5, 4}, {2, 3}, {2, 5}}) {
    CAPTURE(m);
    CAPTURE(r);
    const nn::WinogradTransform t = nn::make_winograd_transform(m, r);
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
  CHECK_THROWS_AS(nn::make_winograd_transform(6, 5), Error);  // alpha 10 > 8
}

TEST_CASE("Winograd Conv2D: values and gradients at partial tiles and padded lanes") {
  // 3x3 -> F(6x6, 3x3), 5x5 -> F(4x4, 5x5), 4x4 -> F(5x5, 4x4); channels and
  // filters that are and are not whole lane blocks; planes not a multiple of m.
  check_against_naive(3, 8, 9, 7, 3, 5, "same", 1e-4);
  check_against_naive(2, 16, 14, 14, 5, 36, "same", 2e-5);  // measured 4e-6 - 6e-6
  check_against_naive(2, 9, 11, 13, 5, 8, "valid", 1e-4);
  check_against_naive(2, 12, 10, 9, 4, 3, "same", 1e-4);
  check_against_naive(1, 8, 5, 5, 5, 4, "valid", 1e-4);  // one output
}

TEST_CASE("direct Conv2D (few channels): values and gradients") {
  // widths of 1 to 5 lane blocks, filters not a multiple of the register block
  check_against_naive(3, 1, 28, 28, 5, 16, "same", 1e-5);
  check_against_naive(2, 3, 9, 40, 3, 6, "same", 1e-5);
  check_against_naive(2, 2, 7, 12, 7, 3, "valid", 1e-5);
  check_against_naive(2, 4, 6, 5, 2, 9, "same", 1e-5);
}

TEST_CASE("Winograd and direct Conv2D pass the finite-difference check with an activation") {
  for (auto [c, k] : {std::pair<int64_t, int64_t>{8, 5}, {2, 5}}) {
    CAPTURE(c);
    auto f = [&](const std::vector<Tensor>& in) {
      return nn::conv2d(in[0], in[1], in[2], 1, "same", nn::ActivationKind::Tanh);
    };
    const auto result = testing::gradcheck(
        f, {uniform({2, c, 6, 5}, -1, 1, 50), uniform({k, k, c, 3}, -0.3, 0.3, 51),
            uniform({3}, -1, 1, 52)},
        1e-2);
    CHECK_MESSAGE(result.ok, result.worst);
  }
}

TEST_CASE("small_gemm equals the triple loop, plain, transposed and accumulating") {
  Rng rng(9);
  for (auto [m, n, k] : {std::tuple<int64_t, int64_t, int64_t>{13, 40, 7}, {8, 16, 40}, {3, 56, 1},
                         {17, 8, 16}}) {
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
        nn::small_gemm(m, n, k, a.data(), a_row, a_col, b.data(), n, out.data(), n, accumulate);
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
  Tensor y = nn::max_pool2d(x, 2, 2, "valid");
  CHECK(y.to_vector() == std::vector<float>{2, 5, 2, 2, 2, 2});
  tunet::sum(y).backward();
  const std::vector<float> expected{1, 0, 0, 0, 1, 0,  //
                                    0, 0, 0, 1, 0, 0,  //
                                    1, 0, 1, 0, 1, 0,  //
                                    0, 0, 0, 0, 0, 0};
  CHECK(x.grad().to_vector() == expected);
}
