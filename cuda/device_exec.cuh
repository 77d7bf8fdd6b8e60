#pragma once
// DeviceExec: the executor that runs the passes of cuda/kernels/*.hpp (see
// activation_bodies.hpp) on the current device's stream: launches through the
// grid-stride kernel, GEMMs through cuBLAS, split sums, and scratch memory
// that lives as long as the executor (one table call). nvcc only.
//
//   DeviceExec exec;
//   dense_forward_pass(exec, device_ptr(x), device_ptr(w), ...);
#include <cstdint>
#include <vector>

#include "core/op_kernels.hpp"
#include "core/tensor.hpp"
#include "cuda/launch.cuh"
#include "cuda/runtime.cuh"

namespace tunet::cuda {

class DeviceExec {
 public:
  template <class Body>
  void launch(int64_t count, const Body& body) {
    cuda::launch(count, body);
  }
  void gemm(const GemmArgs& args) { cuda::gemm(args); }
  template <class Terms>
  void sum(const Terms& terms, int64_t outputs, int64_t count, float* out, bool accumulate) {
    sum_terms(terms, split_sum(outputs, count), out, accumulate);
  }
  // Kept until the executor goes: a later scratch() of the same pass must not reuse it.
  float* scratch(int64_t count) {
    buffers_.push_back(cuda::scratch(count));
    return buffers_.back().data_ptr();
  }

 private:
  std::vector<Tensor> buffers_;
};

}  // namespace tunet::cuda
