#pragma once
// The kernels of the generated C runtime, one small plain C99 function per
// layer kind and precision, as text; the writer emits only those a model uses.
// Layouts (one sample, C order): Dense weights (out, in); Conv2D weights
// (F, C, KH, KW); feature maps (C, H, W). Padding follows TensorFlow's "same" /
// "valid" rules (core/window.hpp): taps outside the plane are zeros for a
// convolution and are skipped by max pooling.
#include <string>

#include "nn/activations.hpp"
#include "nn/export/c_math.hpp"

namespace tunet::nn {

// ---- float ----
std::string c_dense_f32();     // tn_dense_f32(x, w, b, y, in, out)
std::string c_conv2d_f32();    // tn_conv2d_f32(x, w, b, y, c, h, w, f, k, stride, pad_top, pad_left, oh, ow)
std::string c_max_pool_f32();  // tn_max_pool_f32(x, y, c, h, w, k, stride, pad_top, pad_left, oh, ow)
std::string c_softmax_f32();   // tn_softmax_f32(x, y, n); y may be x
// tn_act_<name>(x, y, n): y = f(x), y may be x (not linear, not softmax).
std::string c_activation_f32(ActivationKind kind);
std::string c_activation_function_name(ActivationKind kind);
// The freestanding math an activation needs (softmax: exp).
CMathUse c_math_use(ActivationKind kind);

// ---- int8 (TFLite's arithmetic, nn/export/quantize.hpp) ----
std::string c_dense_s8();      // tn_dense_s8(x, w, b, m, shift, y, in, out, in_zp, out_zp, lo, hi)
std::string c_conv2d_s8();     // tn_conv2d_s8(x, w, b, m, shift, y, c, h, w, f, k, stride, pad_top, pad_left,
                               //              oh, ow, in_zp, out_zp, lo, hi)
std::string c_max_pool_s8();   // tn_max_pool_s8(x, y, c, h, w, k, stride, pad_top, pad_left, oh, ow)
std::string c_dense_s8_f32_output();  // tn_dense_s8_f32(x, w, b, scale, y, in, out, in_zp): y float
std::string c_table_s8();      // tn_table_s8(x, y, table, n); y may be x

}  // namespace tunet::nn
