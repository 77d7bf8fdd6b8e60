// BLIS's GEMM for the lab's GEMM ladder, through its typed API (bli_sgemm with
// row and column strides): OpenBLAS, linked beside it, exports the same CBLAS
// symbols but no bli_* ones.
#include <blis.h>

#include <string>

#include "bench/lab/peers.hpp"

namespace tunet::lab {

void gemm_blis(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  float one = 1.0f, zero = 0.0f;
  bli_sgemm(BLIS_NO_TRANSPOSE, BLIS_NO_TRANSPOSE, m, n, k, &one, const_cast<float*>(a), k, 1, const_cast<float*>(b),
            n, 1, &zero, c, n, 1);
}

void blis_threads(int threads) { bli_thread_set_num_threads(threads); }

// "BLIS 0.9.0, configuration zen3" (the sub-configuration BLIS picked for this CPU at run time).
std::string blis_description() {
  return std::string("BLIS ") + bli_info_get_version_str() + ", configuration " + bli_arch_string(bli_arch_query_id());
}

}  // namespace tunet::lab
