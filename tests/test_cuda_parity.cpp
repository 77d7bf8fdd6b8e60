// CPU/GPU parity: each GPU op against the CPU op on the same inputs.
// Skipped, with the runtime's reason, where no CUDA device is usable.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/autograd.hpp"
#include "core/ops.hpp"
#include "core/random.hpp"
#include "cuda/cuda.hpp"

using namespace tunet;

namespace {

bool gpu_or_skip() {
  std::string why;
  if (cuda::available(&why)) return true;
  MESSAGE("skipping GPU parity test: " << why);
  return false;
}

Tensor random_tensor(Shape shape, uint64_t seed) {
  Tensor t = Tensor::empty(std::move(shape));
  Rng(seed).fill_uniform(t, -1.0f, 1.0f);
  return t;
}

void check_close(const Tensor& gpu, const Tensor& cpu, float tolerance) {
  Tensor host = cuda::to_host(gpu);
  REQUIRE(host.shape() == cpu.shape());
  float worst = 0;
  for (int64_t i = 0; i < cpu.numel(); ++i) worst = std::max(worst, std::abs(host.data()[i] - cpu.data()[i]));
  CHECK(worst <= tolerance);
}

}  // namespace

TEST_CASE("GPU parity: matmul, elementwise, Philox fill") {
  if (!gpu_or_skip()) return;
  MESSAGE("device: " << cuda::device_summary());
  NoGradGuard no_grad;
  Tensor a = random_tensor({128, 784}, 1), b = random_tensor({784, 100}, 2), c = random_tensor({128, 784}, 3);
  check_close(cuda::matmul(cuda::to_device(a), cuda::to_device(b)), matmul(a, b), 1e-3f);
  check_close(cuda::add(cuda::to_device(a), cuda::to_device(c)), add(a, c), 0.0f);
  check_close(cuda::mul(cuda::to_device(a), cuda::to_device(c)), mul(a, c), 0.0f);
  check_close(cuda::exp(cuda::to_device(a)), exp(a), 1e-6f);

  Tensor cpu_fill = Tensor::empty({1000});
  Rng rng(11, 3);
  rng.fill_uniform(cpu_fill, -2.0f, 2.0f);
  Tensor gpu_fill = Tensor::empty({1000}, Device::CUDA);
  cuda::fill_uniform(gpu_fill, 11, 3, 0, -2.0f, 2.0f);
  check_close(gpu_fill, cpu_fill, 0.0f);
}
