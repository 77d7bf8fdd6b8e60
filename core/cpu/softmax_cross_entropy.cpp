#include "core/cpu/softmax_cross_entropy.hpp"

#include <cmath>

#include "core/cpu/vector_exp.hpp"

namespace tunet::cpu {
namespace {

float row_max(const float* z, int64_t n) {
  float m = z[0];
#pragma omp simd reduction(max : m)
  for (int64_t i = 1; i < n; ++i) m = z[i] > m ? z[i] : m;
  return m;
}

// s = sum_i e^(z_i - m), each term also stored in e when e is not null.
float exp_sum(const float* z, float m, int64_t n, float* e) {
  float s = 0.0f;
  if (e) {
#pragma omp simd reduction(+ : s)
    for (int64_t i = 0; i < n; ++i) {
      e[i] = vector_exp(z[i] - m);
      s += e[i];
    }
  } else {
#pragma omp simd reduction(+ : s)
    for (int64_t i = 0; i < n; ++i) s += vector_exp(z[i] - m);
  }
  return s;
}

void scale_row(float* d, int64_t n, float factor) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) d[i] *= factor;
}

}  // namespace

double sparse_softmax_cross_entropy_row(const float* z, int64_t label, int64_t n, float scale, float* d) {
  const float m = row_max(z, n);
  const float s = exp_sum(z, m, n, d);
  if (d) {
    scale_row(d, n, scale / s);
    d[label] -= scale;
  }
  return static_cast<double>(m + std::log(s)) - z[label];
}

double softmax_cross_entropy_row(const float* z, const float* t, int64_t n, float scale, float* d) {
  const float m = row_max(z, n);
  const float s = exp_sum(z, m, n, d);
  float t_sum = 0.0f, tz = 0.0f;
#pragma omp simd reduction(+ : t_sum, tz)
  for (int64_t i = 0; i < n; ++i) {
    t_sum += t[i];
    tz += t[i] * z[i];
  }
  if (d) {
    const float factor = t_sum / s;
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) d[i] = (d[i] * factor - t[i]) * scale;
  }
  return static_cast<double>(m + std::log(s)) * t_sum - tz;
}

}  // namespace tunet::cpu
