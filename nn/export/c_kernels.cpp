#include "nn/export/c_kernels.hpp"

#include "core/error.hpp"

namespace tunet::nn {

std::string c_dense_f32() {
  return R"(/* y[o] = b[o] + sum_i w[o in + i] x[i]; x (in), w (out, in), y (out) */
static void tn_dense_f32(const float* x, const float* w, const float* b, float* y, int32_t in, int32_t out) {
  int32_t o, i;
  for (o = 0; o < out; ++o) {
    const float* row = w + o * in;
    float sum = 0.0f;
    for (i = 0; i < in; ++i) sum += row[i] * x[i];
    y[o] = sum + b[o];
  }
}
)";
}

std::string c_conv2d_f32() {
  return R"(/* y[f][oy][ox] = b[f] + sum_{c,ky,kx} w[f][c][ky][kx] x[c][oy s - pt + ky][ox s - pl + kx];
   x (c, h, wd), w (f, c, k, k), y (f, oh, ow); taps outside the plane are zeros */
static void tn_conv2d_f32(const float* x, const float* w, const float* b, float* y, int32_t c, int32_t h,
                          int32_t wd, int32_t f, int32_t k, int32_t s, int32_t pt, int32_t pl, int32_t oh,
                          int32_t ow) {
  int32_t fi, oy, ox, ci, ky, kx;
  for (fi = 0; fi < f; ++fi)
    for (oy = 0; oy < oh; ++oy)
      for (ox = 0; ox < ow; ++ox) {
        float sum = 0.0f;
        for (ci = 0; ci < c; ++ci)
          for (ky = 0; ky < k; ++ky) {
            const int32_t iy = oy * s - pt + ky;
            if (iy < 0 || iy >= h) continue;
            for (kx = 0; kx < k; ++kx) {
              const int32_t ix = ox * s - pl + kx;
              if (ix < 0 || ix >= wd) continue;
              sum += w[((fi * c + ci) * k + ky) * k + kx] * x[(ci * h + iy) * wd + ix];
            }
          }
        y[(fi * oh + oy) * ow + ox] = sum + b[fi];
      }
}
)";
}

std::string c_max_pool_f32() {
  return R"(/* y[c][oy][ox] = max of x[c] over the window's taps inside the plane; x (c, h, wd), y (c, oh, ow) */
static void tn_max_pool_f32(const float* x, float* y, int32_t c, int32_t h, int32_t wd, int32_t k, int32_t s,
                            int32_t pt, int32_t pl, int32_t oh, int32_t ow) {
  int32_t ci, oy, ox, ky, kx;
  for (ci = 0; ci < c; ++ci)
    for (oy = 0; oy < oh; ++oy)
      for (ox = 0; ox < ow; ++ox) {
        int first = 1;
        float m = 0.0f;
        for (ky = 0; ky < k; ++ky) {
          const int32_t iy = oy * s - pt + ky;
          if (iy < 0 || iy >= h) continue;
          for (kx = 0; kx < k; ++kx) {
            const int32_t ix = ox * s - pl + kx;
            if (ix < 0 || ix >= wd) continue;
            if (first || x[(ci * h + iy) * wd + ix] > m) m = x[(ci * h + iy) * wd + ix];
            first = 0;
          }
        }
        y[(ci * oh + oy) * ow + ox] = m;
      }
}
)";
}

std::string c_softmax_f32() {
  return R"(/* y_i = e^(x_i - max) / sum_j e^(x_j - max); y may be x */
static void tn_softmax_f32(const float* x, float* y, int32_t n) {
  int32_t i;
  float m = x[0], total = 0.0f, inv;
  for (i = 1; i < n; ++i) m = x[i] > m ? x[i] : m;
  for (i = 0; i < n; ++i) {
    y[i] = tn_exp(x[i] - m);
    total += y[i];
  }
  inv = 1.0f / total;
  for (i = 0; i < n; ++i) y[i] *= inv;
}
)";
}

namespace {

// f(v) as a C expression of the float `v`, with the constants of core's kernels
// (Keras's: leaky_relu a = 0.2, elu / celu a = 1, SELU's lambda and alpha).
std::string activation_expression(ActivationKind kind) {
  switch (kind) {
    case ActivationKind::Sigmoid: return "tn_sigmoid(v)";
    case ActivationKind::Tanh: return "tn_tanh(v)";
    case ActivationKind::Relu: return "v > 0.0f ? v : 0.0f";
    case ActivationKind::LeakyRelu: return "v > 0.0f ? v : 0.2f * v";
    case ActivationKind::Elu:
    case ActivationKind::Celu: return "v > 0.0f ? v : tn_exp(v) - 1.0f";
    case ActivationKind::Selu:
      return "1.05070098735548049f * (v > 0.0f ? v : 1.67326324235437729f * (tn_exp(v) - 1.0f))";
    case ActivationKind::Gelu:  // x Phi(x), 1 + erf(a) = 2 - erfc(a) (a >= 0), erfc(-a) (a < 0)
      return "0.5f * v * (v >= 0.0f ? 2.0f - tn_erfc(0.707106781f * v) : tn_erfc(-0.707106781f * v))";
    case ActivationKind::GeluTanh:
      return "0.5f * v * (1.0f + tn_tanh(0.797884561f * (v + 0.044715f * v * v * v)))";
    case ActivationKind::Silu: return "v * tn_sigmoid(v)";
    case ActivationKind::Softplus: return "(v > 0.0f ? v : 0.0f) + tn_log1p(tn_exp(v > 0.0f ? -v : v))";
    case ActivationKind::Linear:
    case ActivationKind::Softmax: break;
  }
  throw Error("c export: no element-wise C form for activation " + activation_name(kind));
}

}  // namespace

std::string c_activation_function_name(ActivationKind kind) { return "tn_act_" + activation_name(kind); }

CMathUse c_math_use(ActivationKind kind) {
  CMathUse use;
  switch (kind) {
    case ActivationKind::Sigmoid:
    case ActivationKind::Silu: use.sigmoid = true; break;
    case ActivationKind::Elu:
    case ActivationKind::Celu:
    case ActivationKind::Selu:
    case ActivationKind::Softmax: use.exp = true; break;
    case ActivationKind::Tanh:
    case ActivationKind::GeluTanh: use.tanh = true; break;
    case ActivationKind::Gelu: use.erfc = true; break;
    case ActivationKind::Softplus: use.exp = use.log1p = true; break;
    case ActivationKind::Linear:
    case ActivationKind::Relu:
    case ActivationKind::LeakyRelu: break;
  }
  return use;
}

std::string c_activation_f32(ActivationKind kind) {
  std::string text;
  const std::string name = c_activation_function_name(kind);
  text += "/* y = " + activation_name(kind) + "(x); y may be x */\nstatic void " + name +
          "(const float* x, float* y, int32_t n) {\n  int32_t i;\n  for (i = 0; i < n; ++i) {\n    const float v = x[i];\n"
          "    y[i] = " + activation_expression(kind) + ";\n  }\n}\n";
  return text;
}

std::string c_dense_s8() {
  return R"(/* acc_o = b[o] + sum_i (x[i] - in_zp) w[o in + i]; y[o] = clamp(acc_o M_o + out_zp, lo, hi),
   M_o = m[o] 2^(shift[o] - 31) */
static void tn_dense_s8(const int8_t* x, const int8_t* w, const int32_t* b, const int32_t* m,
                        const int8_t* shift, int8_t* y, int32_t in, int32_t out, int32_t in_zp,
                        int32_t out_zp, int32_t lo, int32_t hi) {
  int32_t o, i;
  for (o = 0; o < out; ++o) {
    const int8_t* row = w + o * in;
    int32_t acc = b[o];
    for (i = 0; i < in; ++i) acc += ((int32_t)x[i] - in_zp) * (int32_t)row[i];
    acc = tn_mbqm(acc, m[o], shift[o]) + out_zp;
    y[o] = (int8_t)(acc < lo ? lo : acc > hi ? hi : acc);
  }
}
)";
}

std::string c_dense_s8_f32_output() {
  return R"(/* a float output layer: acc_o as in tn_dense_s8, y[o] = scale[o] acc_o (in_scale w_scale_o) */
static void tn_dense_s8_f32(const int8_t* x, const int8_t* w, const int32_t* b, const float* scale, float* y,
                            int32_t in, int32_t out, int32_t in_zp) {
  int32_t o, i;
  for (o = 0; o < out; ++o) {
    const int8_t* row = w + o * in;
    int32_t acc = b[o];
    for (i = 0; i < in; ++i) acc += ((int32_t)x[i] - in_zp) * (int32_t)row[i];
    y[o] = scale[o] * (float)acc;
  }
}
)";
}

std::string c_conv2d_s8() {
  return R"(/* the int8 convolution: tn_conv2d_f32's sum on (x - in_zp) with int8 weights, then tn_dense_s8's
   requantisation per filter; taps outside the plane contribute 0 (they hold the zero point) */
static void tn_conv2d_s8(const int8_t* x, const int8_t* w, const int32_t* b, const int32_t* m,
                         const int8_t* shift, int8_t* y, int32_t c, int32_t h, int32_t wd, int32_t f,
                         int32_t k, int32_t s, int32_t pt, int32_t pl, int32_t oh, int32_t ow,
                         int32_t in_zp, int32_t out_zp, int32_t lo, int32_t hi) {
  int32_t fi, oy, ox, ci, ky, kx;
  for (fi = 0; fi < f; ++fi)
    for (oy = 0; oy < oh; ++oy)
      for (ox = 0; ox < ow; ++ox) {
        int32_t acc = b[fi];
        for (ci = 0; ci < c; ++ci)
          for (ky = 0; ky < k; ++ky) {
            const int32_t iy = oy * s - pt + ky;
            if (iy < 0 || iy >= h) continue;
            for (kx = 0; kx < k; ++kx) {
              const int32_t ix = ox * s - pl + kx;
              if (ix < 0 || ix >= wd) continue;
              acc += ((int32_t)x[(ci * h + iy) * wd + ix] - in_zp) * (int32_t)w[((fi * c + ci) * k + ky) * k + kx];
            }
          }
        acc = tn_mbqm(acc, m[fi], shift[fi]) + out_zp;
        y[(fi * oh + oy) * ow + ox] = (int8_t)(acc < lo ? lo : acc > hi ? hi : acc);
      }
}
)";
}

std::string c_max_pool_s8() {
  return R"(/* y[c][oy][ox] = max of x[c] over the window's taps inside the plane (exact on int8) */
static void tn_max_pool_s8(const int8_t* x, int8_t* y, int32_t c, int32_t h, int32_t wd, int32_t k, int32_t s,
                           int32_t pt, int32_t pl, int32_t oh, int32_t ow) {
  int32_t ci, oy, ox, ky, kx;
  for (ci = 0; ci < c; ++ci)
    for (oy = 0; oy < oh; ++oy)
      for (ox = 0; ox < ow; ++ox) {
        int8_t m = -128;
        for (ky = 0; ky < k; ++ky) {
          const int32_t iy = oy * s - pt + ky;
          if (iy < 0 || iy >= h) continue;
          for (kx = 0; kx < k; ++kx) {
            const int32_t ix = ox * s - pl + kx;
            if (ix < 0 || ix >= wd) continue;
            if (x[(ci * h + iy) * wd + ix] > m) m = x[(ci * h + iy) * wd + ix];
          }
        }
        y[(ci * oh + oy) * ow + ox] = m;
      }
}
)";
}

std::string c_table_s8() {
  return R"(/* y = table[x + 128]: an activation on int8 as a 256-entry lookup table; y may be x */
static void tn_table_s8(const int8_t* x, int8_t* y, const int8_t* table, int32_t n) {
  int32_t i;
  for (i = 0; i < n; ++i) y[i] = table[(int32_t)x[i] + 128];
}
)";
}

}  // namespace tunet::nn
