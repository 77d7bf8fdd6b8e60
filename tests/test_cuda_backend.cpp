// The CUDA backend as linked into a program, with or without a GPU: it
// registers itself when the program loads (nothing calls it), every family
// has a CUDA table, and where no device is usable nothing aborts:
// device_available says why, and using the device is an Error with that reason.
#include <doctest/doctest.h>

#include <string>

#include "core/backend.hpp"
#include "core/build_info.hpp"
#include "core/error.hpp"
#include "core/tensor.hpp"
#include "cuda/cuda.hpp"

using namespace tunet;

TEST_CASE("the backend registers at load time, with a table for every family") {
  CHECK(backend_registered(DeviceKind::CUDA));
  for (const std::string& op : op_names()) CHECK_MESSAGE(supports(op, Device::cuda()), op);
}

TEST_CASE("cuda::available and device_available agree, and say why not") {
  std::string why, cuda_why;
  const bool usable = device_available(Device::cuda(), &why);
  CHECK(cuda::available(&cuda_why) == usable);
  CHECK(cuda_why == why);
  CHECK(build_info().cuda);
  MESSAGE(build_info_str());
  if (usable) {
    CHECK(why.empty());
    CHECK(cuda::device_count() >= 1);
    return;
  }
  CHECK(why.rfind("no usable CUDA device: ", 0) == 0);
  CHECK(cuda::device_count() == 0);
  CHECK(build_info_str().find(why) != std::string::npos);
}

TEST_CASE("without a usable device, using it is an Error with the reason") {
  std::string why;
  if (device_available(Device::cuda(), &why)) return;  // covered by test_cuda_parity
  CHECK_THROWS_WITH_AS(Tensor::empty({4}, Device::cuda()), doctest::Contains(why.c_str()), Error);
  CHECK_THROWS_WITH_AS(Tensor::ones({2}).to(Device::cuda()), doctest::Contains("cannot be used"), Error);
  CHECK_THROWS_AS(cuda::device_summary(), Error);
  CHECK(cuda::memory_stats().in_use == 0);
  cuda::release_cached_memory();  // nothing to do, no Error
}

TEST_CASE("TF32 is off until switched on") {
  CHECK_FALSE(cuda::tf32());
  cuda::set_tf32(true);
  CHECK(cuda::tf32());
  cuda::set_tf32(false);
}
