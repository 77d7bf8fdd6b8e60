// core's GEMM: the packed kernel (core/cpu/packed_gemm.hpp) against a naive
// loop on sizes 1, odd, and not multiples of any block (MR, NR, kc = 384),
// with each operand transposed or not and C overwritten or added to; its
// threaded driver gives the same bits as the one-thread one on 1 and 2
// threads; and the kernel choice (core/cpu/gemm.hpp) is the documented
// function of the shape.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/cpu/gemm.hpp"
#include "core/cpu/packed_gemm.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/random.hpp"
#include "core/tensor.hpp"

using namespace tunet;

namespace {

std::vector<float> random_values(int64_t count, uint64_t seed) {
  Tensor t = Tensor::empty({std::max<int64_t>(count, 1)});
  Rng(seed).fill_uniform(t, -1, 1);
  return std::vector<float>(t.data(), t.data() + count);
}

struct Product {
  int64_t m, n, k;
  bool transpose_a, transpose_b;
};

// C (m, n) [+]= op(A) op(B) by the definition, in double; A is stored (m, k),
// or (k, m) when transposed, B (k, n) or (n, k).
std::vector<double> naive(const std::vector<float>& a, const std::vector<float>& b, const std::vector<float>& c0,
                          const Product& p, bool accumulate) {
  std::vector<double> c(size_t(p.m * p.n));
  for (int64_t i = 0; i < p.m; ++i)
    for (int64_t j = 0; j < p.n; ++j) {
      double sum = accumulate ? c0[size_t(i * p.n + j)] : 0.0;
      for (int64_t q = 0; q < p.k; ++q)
        sum += double(a[size_t(p.transpose_a ? q * p.m + i : i * p.k + q)]) *
               double(b[size_t(p.transpose_b ? j * p.k + q : q * p.n + j)]);
      c[size_t(i * p.n + j)] = sum;
    }
  return c;
}

// max |c - ref| / max |ref| (normwise: cancellation cannot blow it up).
double relative_error(const std::vector<float>& c, const std::vector<double>& ref) {
  double diff = 0.0, scale = 1e-30;
  for (size_t i = 0; i < c.size(); ++i) {
    diff = std::max(diff, std::abs(c[i] - ref[i]));
    scale = std::max(scale, std::abs(ref[i]));
  }
  return diff / scale;
}

const int64_t kSides[] = {1, 7, 33, 129};

std::vector<Product> odd_products() {
  std::vector<Product> products;
  for (int64_t m : kSides)
    for (int64_t n : kSides)
      for (int64_t k : kSides)
        for (int t = 0; t < 4; ++t) products.push_back({m, n, k, (t & 1) != 0, (t & 2) != 0});
  // deeper than one kc slice (384), wider than a macro-tile, a 1-zmm last panel
  for (int t = 0; t < 4; ++t) {
    products.push_back({15, 33, 385, (t & 1) != 0, (t & 2) != 0});
    products.push_back({130, 100, 800, (t & 1) != 0, (t & 2) != 0});
  }
  return products;
}

cpu::StridedMatrix view(const std::vector<float>& x, int64_t rows, int64_t cols, bool transposed) {
  return transposed ? cpu::StridedMatrix{x.data(), 1, rows} : cpu::StridedMatrix{x.data(), cols, 1};
}

}  // namespace

TEST_CASE("packed GEMM: every micro-kernel of the build matches the naive loop, transposed or not, = and +=") {
  for (const cpu::MicroKernel kernel : {cpu::MicroKernel::kPortable, cpu::MicroKernel::kAvx2, cpu::MicroKernel::kAvx512,
                                        cpu::MicroKernel::kNeon}) {
    if (!cpu::has_micro_kernel(kernel)) continue;
    for (const Product& p : odd_products()) {
      const auto a = random_values(p.m * p.k, 1), b = random_values(p.k * p.n, 2), c0 = random_values(p.m * p.n, 3);
      for (const bool accumulate : {false, true}) {
        CAPTURE(cpu::micro_kernel_name(kernel));
        CAPTURE(p.m);
        CAPTURE(p.n);
        CAPTURE(p.k);
        CAPTURE(p.transpose_a);
        CAPTURE(p.transpose_b);
        CAPTURE(accumulate);
        std::vector<float> c = c0;
        cpu::packed_gemm(p.m, p.n, p.k, view(a, p.m, p.k, p.transpose_a), view(b, p.k, p.n, p.transpose_b), c.data(),
                         p.n, accumulate, kernel);
        CHECK(relative_error(c, naive(a, b, c0, p, accumulate)) < 1e-5);
      }
    }
  }
}

TEST_CASE("packed GEMM: C with a row stride wider than N is written only in its N columns") {
  const int64_t m = 9, n = 20, k = 33, ldc = 37;
  const auto a = random_values(m * k, 4), b = random_values(k * n, 5);
  std::vector<float> c(size_t(m * ldc), 42.0f);
  cpu::packed_gemm(m, n, k, {a.data(), k, 1}, {b.data(), n, 1}, c.data(), ldc, false);
  std::vector<float> packed(size_t(m * n));
  for (int64_t i = 0; i < m; ++i) {
    std::copy_n(c.data() + i * ldc, n, packed.data() + i * n);
    CHECK(std::all_of(c.data() + i * ldc + n, c.data() + (i + 1) * ldc, [](float v) { return v == 42.0f; }));
  }
  CHECK(relative_error(packed, naive(a, b, {}, {m, n, k, false, false}, false)) < 1e-5);
}

TEST_CASE("packed GEMM: k = 0 writes zeros, or leaves C as it is when accumulating") {
  std::vector<float> c(6, 3.0f);
  cpu::packed_gemm(2, 3, 0, {nullptr, 0, 1}, {nullptr, 3, 1}, c.data(), 3, true);
  CHECK(c == std::vector<float>(6, 3.0f));
  cpu::packed_gemm(2, 3, 0, {nullptr, 0, 1}, {nullptr, 3, 1}, c.data(), 3, false);
  CHECK(c == std::vector<float>(6, 0.0f));
}

TEST_CASE("packed GEMM: the threaded driver gives the one-thread driver's bits on 1 and 2 threads") {
  for (const Product& p : {Product{129, 129, 129, false, false}, Product{128, 100, 784, false, false},
                           Product{784, 100, 128, true, false}, Product{128, 784, 100, false, true},
                           Product{2100, 40, 30, true, true}}) {
    CAPTURE(p.m);
    CAPTURE(p.n);
    CAPTURE(p.k);
    const auto a = random_values(p.m * p.k, 6), b = random_values(p.k * p.n, 7), c0 = random_values(p.m * p.n, 8);
    const auto av = view(a, p.m, p.k, p.transpose_a), bv = view(b, p.k, p.n, p.transpose_b);
    std::vector<float> serial = c0, one = c0, two = c0;
    cpu::packed_gemm(p.m, p.n, p.k, av, bv, serial.data(), p.n, true);
    set_num_threads(1);
    cpu::packed_gemm_parallel(p.m, p.n, p.k, av, bv, one.data(), p.n, true);
    set_num_threads(2);
    cpu::packed_gemm_parallel(p.m, p.n, p.k, av, bv, two.data(), p.n, true);
    set_num_threads(0);
    CHECK(one == serial);
    CHECK(two == serial);
  }
}

TEST_CASE("packed GEMM: a micro-kernel the build lacks is an error that names it") {
  for (const cpu::MicroKernel kernel : {cpu::MicroKernel::kAvx2, cpu::MicroKernel::kAvx512, cpu::MicroKernel::kNeon}) {
    if (cpu::has_micro_kernel(kernel)) continue;
    std::vector<float> c(1);
    const float one = 1.0f;
    CHECK_THROWS_WITH_AS(cpu::packed_gemm(1, 1, 1, {&one, 1, 1}, {&one, 1, 1}, c.data(), 1, false, kernel),
                         doctest::Contains(cpu::micro_kernel_name(kernel).c_str()), Error);
  }
}

TEST_CASE("core's GEMM kernel choice: packed with the AVX-512 micro-kernel when C is at least 64 x 16, else Eigen") {
  const bool avx512 = cpu::widest_micro_kernel() == cpu::MicroKernel::kAvx512;
  const auto packed_if_avx512 = avx512 ? cpu::GemmKernel::kPacked : cpu::GemmKernel::kEigen;
  CHECK(cpu::kPackedMinRows == 64);
  CHECK(cpu::kPackedMinColumns == 16);
  // the MLP's first Dense layer (forward, dW = X^T dZ, dX = dZ W^T), the CNN's
  // Dense 1764 -> 128, squares, any depth, any transposes
  for (const Product& p : {Product{128, 100, 784, false, false}, Product{784, 100, 128, true, false},
                           Product{128, 784, 100, false, true}, Product{128, 128, 1764, false, false},
                           Product{1764, 128, 128, true, false}, Product{1024, 1024, 1024, false, false},
                           Product{64, 16, 1, true, true}, Product{4096, 64, 2, false, true}}) {
    CAPTURE(p.m);
    CAPTURE(p.n);
    CHECK(cpu::gemm_kernel_for(p.m, p.n, p.k, p.transpose_a, p.transpose_b) == packed_if_avx512);
  }
  // fewer rows or columns: small batches, the 10-way softmax layer's products
  for (const Product& p : {Product{128, 10, 100, false, false}, Product{100, 10, 128, true, false},
                           Product{1000, 15, 784, false, false}, Product{1, 100, 784, false, false},
                           Product{63, 4096, 4096, false, true}}) {
    CAPTURE(p.m);
    CAPTURE(p.n);
    CHECK(cpu::gemm_kernel_for(p.m, p.n, p.k, p.transpose_a, p.transpose_b) == cpu::GemmKernel::kEigen);
  }
}

TEST_CASE("core's GEMM: both kernels match the naive loop through cpu::gemm_with, transposed or not") {
  for (const cpu::GemmKernel kernel : {cpu::GemmKernel::kEigen, cpu::GemmKernel::kPacked}) {
    for (const Product& p : odd_products()) {
      const auto a = random_values(p.m * p.k, 9), b = random_values(p.k * p.n, 10), c0 = random_values(p.m * p.n, 11);
      for (const bool accumulate : {false, true}) {
        CAPTURE(kernel == cpu::GemmKernel::kPacked);
        CAPTURE(p.m);
        CAPTURE(p.n);
        CAPTURE(p.k);
        CAPTURE(p.transpose_a);
        CAPTURE(p.transpose_b);
        CAPTURE(accumulate);
        std::vector<float> c = c0;
        cpu::gemm_with(kernel, a.data(), b.data(), c.data(),
                       {.m = p.m, .n = p.n, .k = p.k, .transpose_a = p.transpose_a, .transpose_b = p.transpose_b,
                        .accumulate = accumulate});
        CHECK(relative_error(c, naive(a, b, c0, p, accumulate)) < 1e-5);
      }
    }
  }
}
