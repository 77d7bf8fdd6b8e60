// OpenBLAS's GEMM (cblas_sgemm, row-major) for the lab's GEMM ladder. Declared
// here rather than through cblas.h: Debian installs several cblas.h (OpenBLAS's,
// BLIS's, the reference's) and this file must name OpenBLAS's functions only.
#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "bench/lab/peers.hpp"

extern "C" {
// CBLAS's enums are ints: CblasRowMajor 101, CblasNoTrans 111.
void cblas_sgemm(int order, int transa, int transb, int m, int n, int k, float alpha, const float* a, int lda,
                 const float* b, int ldb, float beta, float* c, int ldc);
void openblas_set_num_threads(int threads);
char* openblas_get_corename();
char* openblas_get_config();
}

namespace tunet::lab {

void gemm_openblas(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k) {
  if (m == 0 || n == 0) return;
  // CBLAS wants every leading dimension >= 1, even for k = 0 (then C = 0).
  const int lda = int(std::max<int64_t>(k, 1)), ld = int(std::max<int64_t>(n, 1));
  cblas_sgemm(101, 111, 111, int(m), int(n), int(k), 1.0f, a, lda, b, ld, 0.0f, c, ld);
}

void openblas_threads(int threads) { openblas_set_num_threads(threads); }

// "" when cblas_sgemm resolved into OpenBLAS; else the library it came from
// (BLIS and the reference BLAS export it too).
std::string openblas_symbol_problem() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&cblas_sgemm), &info) == 0 || info.dli_fname == nullptr) {
    return "cblas_sgemm: dladdr cannot name its library";
  }
  const std::string file = info.dli_fname;
  return file.find("openblas") != std::string::npos ? "" : "cblas_sgemm resolved to " + file + ", not OpenBLAS";
}

// "OpenBLAS 0.3.21 ... core Zen (OPENBLAS_CORETYPE unset)".
std::string openblas_description() {
  const char* forced = std::getenv("OPENBLAS_CORETYPE");
  std::string text = std::string(openblas_get_config()) + "; core " + openblas_get_corename() +
                     " (OPENBLAS_CORETYPE " + (forced ? forced : "unset") + ")";
  const std::string problem = openblas_symbol_problem();
  return problem.empty() ? text : text + "; " + problem;
}

}  // namespace tunet::lab
