#pragma once
// HostExec: runs the passes of cuda/kernels/*.hpp on the host, so the CUDA
// tables' sequences of kernels are tested without a GPU: launch = run_on_host,
// gemm = the CPU matmul table (the reference meaning of GemmArgs), sum = the
// same split sums as the GPU's, scratch = host buffers filled with NaN (a pass
// that reads scratch it never wrote shows up as NaN in the result).
#include <cstdint>
#include <limits>
#include <list>
#include <vector>

#include "core/op_kernels.hpp"
#include "cuda/kernels/launch.hpp"
#include "cuda/kernels/sum_bodies.hpp"

namespace tunet::test {

struct HostExec {
  template <class Body>
  void launch(int64_t count, const Body& body) {
    ++launches;
    cuda::run_on_host(count, body);
  }
  void gemm(const GemmArgs& args) { MatmulKernels::cpu().gemm(args, Device::CPU); }
  template <class Terms>
  void sum(const Terms& terms, int64_t outputs, int64_t count, float* out, bool accumulate) {
    cuda::sum_terms_on_host(terms, cuda::split_sum(outputs, count), out, accumulate);
  }
  float* scratch(int64_t count) {
    buffers.emplace_back(static_cast<size_t>(count), std::numeric_limits<float>::quiet_NaN());
    return buffers.back().data();
  }

  int64_t launches = 0;
  std::list<std::vector<float>> buffers;  // a list: earlier buffers never move
};

}  // namespace tunet::test
