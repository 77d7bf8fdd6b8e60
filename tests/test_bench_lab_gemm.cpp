// Every rung of the kernel lab's GEMM ladder against the naive specification,
// on sizes that are 1, odd, and not multiples of any block (MR, NR, kc, mc,
// the cache blocks); the parallel rung gives the same bits on 1 and 2 threads.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "bench/lab/gemm_ladder.hpp"
#include "core/parallel.hpp"
#include "core/random.hpp"
#include "core/tensor.hpp"

namespace lab = tunet::lab;

namespace {

std::vector<float> random_matrix(int64_t rows, int64_t cols, uint64_t seed) {
  tunet::Tensor t = tunet::Tensor::empty({std::max<int64_t>(rows * cols, 1)});
  tunet::Rng(seed).fill_uniform(t, -1, 1);
  return std::vector<float>(t.data(), t.data() + rows * cols);
}

// max |c - ref| / max |ref|: a normwise error, which elementwise cancellation cannot blow up.
double relative_error(const std::vector<float>& c, const std::vector<float>& ref) {
  double diff = 0.0, scale = 1e-30;
  for (size_t i = 0; i < c.size(); ++i) {
    diff = std::max(diff, std::abs(double(c[i]) - ref[i]));
    scale = std::max(scale, std::abs(double(ref[i])));
  }
  return diff / scale;
}

struct Dims {
  int64_t m, n, k;
};

const Dims kSizes[] = {{1, 1, 1},    {7, 7, 7},     {33, 33, 33},   {129, 129, 129}, {1, 129, 7},
                       {129, 1, 33}, {15, 33, 385}, {161, 65, 400}, {14, 32, 384},   {200, 100, 800},
                       {3, 4097, 2}, {0, 5, 3},     {5, 3, 0},      {2100, 17, 25}};

}  // namespace

TEST_CASE("every GEMM rung matches the naive product on small and odd sizes") {
  for (const Dims& d : kSizes) {
    const auto a = random_matrix(d.m, d.k, 1), b = random_matrix(d.k, d.n, 2);
    std::vector<float> ref(d.m * d.n, -7.0f);
    lab::gemm_naive(a.data(), b.data(), ref.data(), d.m, d.n, d.k);
    for (const lab::GemmRung& rung : lab::gemm_ladder()) {
      if (!rung.fn || !rung.missing.empty()) continue;  // a peer library the build lacks (test_bench_lab_peers.cpp)
      CAPTURE(rung.name);
      CAPTURE(d.m);
      CAPTURE(d.n);
      CAPTURE(d.k);
      std::vector<float> c(d.m * d.n, 123.0f);  // overwritten, never added to
      rung.fn(a.data(), b.data(), c.data(), d.m, d.n, d.k);
      CHECK(relative_error(c, ref) < 1e-5 * std::max<int64_t>(1, d.k / 64 + 1));
    }
  }
}

TEST_CASE("the naive rows are the naive product's rows") {
  const int64_t m = 9, n = 13, k = 17;
  const auto a = random_matrix(m, k, 3), b = random_matrix(k, n, 4);
  std::vector<float> full(m * n), rows(2 * n);
  lab::gemm_naive(a.data(), b.data(), full.data(), m, n, k);
  lab::gemm_naive_rows(a.data(), b.data(), rows.data(), {0, 8}, n, k);
  CHECK(std::equal(rows.begin(), rows.begin() + n, full.begin()));
  CHECK(std::equal(rows.begin() + n, rows.end(), full.begin() + 8 * n));
}

TEST_CASE("the parallel packed GEMM gives the same bits on 1 and 2 threads as the one-thread rung") {
  for (const Dims& d : {Dims{129, 129, 129}, Dims{200, 100, 800}, Dims{128, 100, 784}, Dims{2100, 40, 30}}) {
    const auto a = random_matrix(d.m, d.k, 5), b = random_matrix(d.k, d.n, 6);
    std::vector<float> serial(d.m * d.n), one(d.m * d.n), two(d.m * d.n);
    lab::gemm_packed(a.data(), b.data(), serial.data(), d.m, d.n, d.k);
    tunet::set_num_threads(1);
    lab::gemm_packed_parallel(a.data(), b.data(), one.data(), d.m, d.n, d.k);
    tunet::set_num_threads(2);
    lab::gemm_packed_parallel(a.data(), b.data(), two.data(), d.m, d.n, d.k);
    tunet::set_num_threads(0);
    CHECK(one == serial);
    CHECK(two == serial);
  }
}

TEST_CASE("the ladder starts with the naive specification, then tunet's rungs, Eigen and the peer libraries") {
  const auto& rungs = lab::gemm_ladder();
  REQUIRE(rungs.size() >= 9);
  CHECK(rungs.front().name == "naive");
  CHECK(rungs[rungs.size() - 4].name == "eigen");
  CHECK(rungs[rungs.size() - 3].name == "openblas");
  CHECK(rungs[rungs.size() - 2].name == "blis");
  CHECK(rungs.back().name == "onednn");
  CHECK(!lab::gemm_micro_kernel_name().empty());
}
