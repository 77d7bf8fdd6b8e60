// The per-thread bodies of the GEMM ladder's CUDA rungs (bench/lab/
// gemm_cuda_bodies.hpp), run on the host one thread after the other, against
// the naive CPU GEMM: a wrong index, bound or tile edge fails here in every
// build, with or without a GPU.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "bench/lab/gemm_cuda_bodies.hpp"
#include "bench/lab/gemm_ladder.hpp"
#include "core/random.hpp"
#include "core/tensor.hpp"
#include "cuda/kernels/launch.hpp"

namespace lab = tunet::lab;

namespace {

std::vector<float> uniform(int64_t count, uint64_t seed) {
  tunet::Tensor t = tunet::Tensor::empty({count});
  tunet::Rng(seed).fill_uniform(t, -1, 1);
  return std::vector<float>(t.data(), t.data() + count);
}

// max |out - ref| / max |ref|; infinite when out holds a NaN (an element never written).
double normwise_error(const std::vector<float>& out, const std::vector<float>& ref) {
  double diff = 0.0, scale = 1e-30;
  for (size_t i = 0; i < out.size(); ++i) {
    if (std::isnan(out[i])) return std::numeric_limits<double>::infinity();
    diff = std::max(diff, std::abs(double(out[i]) - ref[i]));
    scale = std::max(scale, std::abs(double(ref[i])));
  }
  return diff / scale;
}

// Sizes that are not multiples of any tile (16, 64) or step (8, 16).
const int64_t kSizes[] = {1, 7, 33, 129};

template <class Run>
void check_against_naive(const std::string& rung, Run&& run) {
  for (int64_t m : kSizes) {
    for (int64_t n : kSizes) {
      for (int64_t k : kSizes) {
        CAPTURE(rung);
        CAPTURE(m);
        CAPTURE(n);
        CAPTURE(k);
        const std::vector<float> a = uniform(m * k, 1), b = uniform(k * n, 2);
        std::vector<float> ref(m * n), c(m * n, std::numeric_limits<float>::quiet_NaN());
        lab::gemm_naive(a.data(), b.data(), ref.data(), m, n, k);
        run(a.data(), b.data(), c.data(), m, n, k);
        CHECK(normwise_error(c, ref) < 1e-5);
      }
    }
  }
}

}  // namespace

TEST_CASE("the naive CUDA body, one thread per element of C, is the naive GEMM") {
  check_against_naive("cuda_naive", [](const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
    tunet::cuda::run_on_host(m * n, lab::NaiveGemmBody{a, b, c, m, n, k});
  });
}

TEST_CASE("the tiled CUDA body (shared-memory tiles) is the naive GEMM at sizes that are not multiples of its tile") {
  check_against_naive("cuda_tiled", [](const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
    lab::run_tiles_on_host(lab::TiledGemm{a, b, c, m, n, k});
  });
}

TEST_CASE("the register-blocked CUDA body is the naive GEMM at sizes that are not multiples of its tile") {
  check_against_naive("cuda_register_blocked",
                      [](const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
                        lab::run_tiles_on_host(lab::RegisterBlockedGemm{a, b, c, m, n, k});
                      });
}

TEST_CASE("a tile program's grid covers C with one block per tile") {
  const lab::RegisterBlockedGemm program{nullptr, nullptr, nullptr, 129, 65, 7};
  CHECK(lab::tile_rows(program) == 3);
  CHECK(lab::tile_cols(program) == 2);
  CHECK(program.steps() == 1);
  CHECK(lab::RegisterBlockedGemm::kThreads == 256);
  CHECK(lab::TiledGemm::kThreads == 256);
}
