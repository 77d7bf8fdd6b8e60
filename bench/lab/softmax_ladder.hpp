#pragma once
// The softmax + cross-entropy ladder: for logits z (rows x classes) and class
// ids, the mean loss and its gradient, the fused loss of a classifier's last
// layer:
//
//   loss = 1/B sum_r (lse(z_r) - z_r[y_r]),  lse(z) = m + log sum_i e^(z_i - m), m = max z
//   dz_r,i = (e^(z_r,i - lse(z_r)) - [i == y_r]) / B
//
// Memory-bound: it reads z once and writes dz once at the least (8 bytes per
// logit), against ~5 flops per logit; the lab places it against the copy
// bandwidth. Rows are shared out over OpenMP's threads.
//
//   softmax_naive      the textbook: probabilities materialised (max, exp + sum, divide), then -log p[y]
//   softmax_two_pass   max, then sum of exps, then the gradient (expf twice a logit)
//   softmax_online     max and sum in one sweep (Milakov & Gimelshein 2018), then the gradient
//   softmax_vector_exp the library's row (core/cpu/softmax_cross_entropy.hpp): max, then
//                      exps by a SIMD polynomial stored and summed, then a scale sweep
//   onednn             oneDNN's softmax primitive, then the loss and gradient (bench/lab/peers.hpp)
#include <cstdint>
#include <string>
#include <vector>

namespace tunet::lab {

// Returns the mean loss; writes dz (rows x classes).
using SoftmaxFn = double (*)(const float* z, const int32_t* labels, float* dz, int64_t rows, int64_t classes);

double softmax_naive(const float* z, const int32_t* labels, float* dz, int64_t rows, int64_t classes);
double softmax_two_pass(const float* z, const int32_t* labels, float* dz, int64_t rows, int64_t classes);
double softmax_online(const float* z, const int32_t* labels, float* dz, int64_t rows, int64_t classes);
double softmax_vector_exp(const float* z, const int32_t* labels, float* dz, int64_t rows, int64_t classes);

struct SoftmaxRung {
  std::string name;
  std::string adds;
  SoftmaxFn fn;              // nullptr when missing
  std::string missing = "";  // why the build lacks this rung ("" when it has it)
  bool peer = false;         // a peer library's rung: on the threads whatever the size
};

const std::vector<SoftmaxRung>& softmax_ladder();

}  // namespace tunet::lab
