#include "bench/lab/softmax_ladder.hpp"

#include <cmath>

#include "bench/lab/peers.hpp"
#include "core/cpu/softmax_cross_entropy.hpp"
#include "core/kernels/losses.hpp"
#include "core/parallel.hpp"

namespace tunet::lab {

// Every rung shares rows out over the threads above kParallelMinElements
// logits (core/parallel.hpp; below it a fork costs more than it saves).

// Rung 0: softmax materialised in dz, then the loss from the probability.
// Three sweeps over each row plus a divide per logit; -log p loses the digits
// of tiny probabilities (log of an underflowed 0 is infinite).
double softmax_naive(const float* z, const int32_t* labels, float* dz, int64_t rows, int64_t classes) {
  double loss = 0.0;
  const float scale = 1.0f / static_cast<float>(rows);
#pragma omp parallel for schedule(static) reduction(+ : loss) if (rows * classes >= kParallelMinElements)
  for (int64_t r = 0; r < rows; ++r) {
    const float* zr = z + r * classes;
    float* dr = dz + r * classes;
    float m = zr[0];
    for (int64_t i = 1; i < classes; ++i) m = zr[i] > m ? zr[i] : m;
    float sum = 0.0f;
    for (int64_t i = 0; i < classes; ++i) sum += dr[i] = std::exp(zr[i] - m);
    for (int64_t i = 0; i < classes; ++i) dr[i] /= sum;
    loss -= std::log(static_cast<double>(dr[labels[r]]));
    for (int64_t i = 0; i < classes; ++i) dr[i] *= scale;
    dr[labels[r]] -= scale;
  }
  return loss / static_cast<double>(rows);
}

// Rung 1, two-pass: lse = m + log sum e^(z - m) from a max sweep and a sum
// sweep (core/kernels/losses.hpp's row, the CUDA kernels'), then one gradient
// sweep with a second exp per logit, and the loss as lse - z[y] (no log of a
// probability: exact where the naive one is not).
double softmax_two_pass(const float* z, const int32_t* labels, float* dz, int64_t rows, int64_t classes) {
  double loss = 0.0;
  const float scale = 1.0f / static_cast<float>(rows);
#pragma omp parallel for schedule(static) reduction(+ : loss) if (rows * classes >= kParallelMinElements)
  for (int64_t r = 0; r < rows; ++r) {
    const float* zr = z + r * classes;
    float* dr = dz + r * classes;
    const float lse = kernels::log_sum_exp_row(zr, classes);
    for (int64_t i = 0; i < classes; ++i) dr[i] = std::exp(zr[i] - lse) * scale;
    dr[labels[r]] -= scale;
    loss += static_cast<double>(lse) - zr[labels[r]];
  }
  return loss / static_cast<double>(rows);
}

// Rung 2, online softmax: one sweep keeps the running max m and the sum d of
// e^(z - m), rescaling d when m grows (d = d e^(m_old - m_new) + e^(z - m_new)),
// so z is read twice instead of three times. It pays off when a row does not
// fit in L1 (the second sweep of the two-pass rung then goes to L2 or memory);
// for 10 or 1000 classes the row stays in L1 and the extra exp of the rescale
// costs about what the saved sweep gains.
double softmax_online(const float* z, const int32_t* labels, float* dz, int64_t rows, int64_t classes) {
  double loss = 0.0;
  const float scale = 1.0f / static_cast<float>(rows);
#pragma omp parallel for schedule(static) reduction(+ : loss) if (rows * classes >= kParallelMinElements)
  for (int64_t r = 0; r < rows; ++r) {
    const float* zr = z + r * classes;
    float* dr = dz + r * classes;
    float m = zr[0], d = 0.0f;
    for (int64_t i = 0; i < classes; ++i) {
      if (zr[i] > m) {
        d *= std::exp(m - zr[i]);
        m = zr[i];
      }
      d += std::exp(zr[i] - m);
    }
    const float lse = m + std::log(d);
    for (int64_t i = 0; i < classes; ++i) dr[i] = std::exp(zr[i] - lse) * scale;
    dr[labels[r]] -= scale;
    loss += static_cast<double>(lse) - zr[labels[r]];
  }
  return loss / static_cast<double>(rows);
}

// Rung 3, the library's row (core/cpu/softmax_cross_entropy.hpp): a max
// sweep, e^(z - m) by a polynomial in SIMD lanes (cpu::vector_exp) stored in dz
// and summed, then dz scaled by 1 / sum: one exp per logit, 16 at a time,
// where the rungs above call the C library's expf per logit (twice in rung 1).
double softmax_vector_exp(const float* z, const int32_t* labels, float* dz, int64_t rows, int64_t classes) {
  double loss = 0.0;
  const float scale = 1.0f / static_cast<float>(rows);
#pragma omp parallel for schedule(static) reduction(+ : loss) if (rows * classes >= kParallelMinElements)
  for (int64_t r = 0; r < rows; ++r) {
    loss += cpu::sparse_softmax_cross_entropy_row(z + r * classes, labels[r], classes, scale, dz + r * classes);
  }
  return loss / static_cast<double>(rows);
}

const std::vector<SoftmaxRung>& softmax_ladder() {
  static const std::vector<SoftmaxRung> rungs{
      {"naive", "probabilities materialised, 3 sweeps + divide, -log p", softmax_naive},
      {"two_pass", "max sweep, exp-sum sweep, gradient sweep (expf twice a logit)", softmax_two_pass},
      {"online", "max and exp-sum in one sweep (Milakov & Gimelshein 2018)", softmax_online},
      {"vector_exp", "the library's row: one polynomial exp a logit, in SIMD lanes", softmax_vector_exp},
#if defined(TUNET_LAB_WITH_ONEDNN)
      {"onednn", "oneDNN's softmax primitive, then loss and gradient in one sweep", softmax_onednn, "", true},
#else
      {"onednn", "oneDNN's softmax primitive, then loss and gradient in one sweep", nullptr, peer_missing("onednn"), true},
#endif
  };
  return rungs;
}

}  // namespace tunet::lab
