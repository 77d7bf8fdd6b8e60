#pragma once
// The peer libraries of the kernel lab: the libraries people pick for these
// ops, run on the same buffers as tunet's rungs and checked against the same
// naive reference. Each is optional at build time (bench/lab/peer_libraries.cmake):
//
//   openblas  OpenBLAS's cblas_sgemm                     (gemm)
//   blis      BLIS's typed API, bli_sgemm                (gemm)
//   onednn    oneDNN 2.6: matmul, convolution forward and backward (auto,
//             direct, Winograd), softmax, and Adam composed of its eltwise
//             and binary primitives (it has no optimizer primitive)
//
// A peer the build lacks keeps its rows, "skipped: <peer_missing(name)>".
#include <cstdint>
#include <string>
#include <vector>

#include "bench/lab/adam_ladder.hpp"
#include "core/tensor.hpp"

namespace tunet::lab {

// "" when the build has the library, else why not (one line).
std::string peer_missing(const std::string& library);

// Each library the lab knows: "openblas": "OpenBLAS 0.3.21, core Zen, ..." or why it is missing.
std::vector<std::pair<std::string, std::string>> peer_descriptions();

// Whether a rung (a row's variant) is a peer library's: openblas, blis, onednn*.
bool is_peer_rung(const std::string& variant);

// The libraries' own thread counts: OpenBLAS's, BLIS's (oneDNN follows
// OpenMP's, which the lab sets for every threaded rung).
void set_peer_threads(int threads);

// ---- the rungs (defined only where the library is built in) ----
void gemm_openblas(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k);
void gemm_blis(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k);
void gemm_onednn(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k);

// oneDNN's convolution forward (bias, NCHW in and out, the kernel in tunet's
// (KH, KW, C, F) layout, oneDNN's "hwio"), with the algorithm forced; Error
// with oneDNN's message when it has no implementation for the layer.
Tensor conv_onednn_auto(const Tensor& x, const Tensor& w, const Tensor& b);
Tensor conv_onednn_direct(const Tensor& x, const Tensor& w, const Tensor& b);
Tensor conv_onednn_winograd(const Tensor& x, const Tensor& w, const Tensor& b);

// softmax + cross-entropy: oneDNN's softmax (softmax_v2, accurate), then one
// loop for the loss and (p - onehot) / B: oneDNN has no cross-entropy primitive.
double softmax_onednn(const float* z, const int32_t* labels, float* dz, int64_t rows, int64_t classes);

// Adam from oneDNN's binary (add with scales, div) and eltwise (square, pow,
// linear) primitives, one sweep each.
void adam_onednn(const AdamBuffers& buffers, const AdamSettings& settings);

// What oneDNN ran for the last call of each kind ("conv cnn_conv1 direct: jit:avx512_core,
// src nchw, weights ..., 3 reorders"), for the report's notes; cleared on read.
std::vector<std::string> take_onednn_notes();

}  // namespace tunet::lab
