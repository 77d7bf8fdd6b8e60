#include "nn/export/c_math.hpp"

namespace tunet::nn {
namespace {

constexpr const char* kExp = R"(/* e^x = 2^k e^r, k = round(x / ln 2), r = x - k ln 2 (ln 2 in two parts, so r is
   exact to float precision); e^r by its degree-7 Taylor polynomial on |r| <= ln2/2.
   |tn_exp(x) - e^x| <= 4e-7 e^x on [-87, 88]; 0 below -87; x clamped to 88. */
static float tn_exp(float x) {
  union { float f; int32_t i; } scale;
  float k, r, p;
  if (x < -87.0f) return 0.0f;
  if (x > 88.0f) x = 88.0f;
  k = (float)(int32_t)(x * 1.44269504f + (x < 0.0f ? -0.5f : 0.5f));
  r = x - k * 0.693145751953125f;
  r = r - k * 1.42860682e-6f;
  p = 1.0f + r * (1.0f + r * (0.5f + r * (1.66666667e-1f + r * (4.16666667e-2f +
      r * (8.33333333e-3f + r * (1.38888889e-3f + r * 1.98412698e-4f))))));
  scale.i = ((int32_t)k + 127) << 23;
  return p * scale.f;
}
)";

constexpr const char* kTanh = R"(/* tanh x = sign(x) (1 - e) / (1 + e), e = e^(-2|x|) <= 1; |error| <= 5e-7. */
static float tn_tanh(float x) {
  const float a = x < 0.0f ? -x : x;
  const float e = tn_exp(-2.0f * a);
  const float t = (1.0f - e) / (1.0f + e);
  return x < 0.0f ? -t : t;
}
)";

constexpr const char* kErfc = R"(/* erfc(x), x >= 0: Numerical Recipes in C (2nd ed.), section 6.2, erfcc, a Chebyshev
   fit with fractional error < 1.2e-7; in float on [0, 9] |error| <= 4e-7 and <= 2e-5 erfc(x). */
static float tn_erfc(float x) {
  const float t = 1.0f / (1.0f + 0.5f * x);
  return t * tn_exp(-x * x - 1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f +
         t * (-0.18628806f + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f +
         t * (-0.82215223f + t * 0.17087277f)))))))));
}
)";

constexpr const char* kLog1p = R"(/* log(1 + u), u in [0, 1]: 2 atanh(s), s = u / (2 + u) <= 1/3, odd series to s^13;
   |error| <= 3e-7 log(1 + u). */
static float tn_log1p(float u) {
  const float s = u / (2.0f + u);
  const float s2 = s * s;
  return 2.0f * s * (1.0f + s2 * (1.0f / 3 + s2 * (1.0f / 5 + s2 * (1.0f / 7 + s2 * (1.0f / 9 +
         s2 * (1.0f / 11 + s2 * (1.0f / 13)))))));
}
)";

constexpr const char* kSigmoid = R"(/* 1 / (1 + e^-x) with e^-|x|, so the exponent is <= 0; |error| <= 5e-7. */
static float tn_sigmoid(float x) {
  const float e = tn_exp(x < 0.0f ? x : -x);
  return x >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
}
)";

}  // namespace

std::string c_math_source(CMathUse use) {
  if (use.tanh || use.erfc || use.sigmoid) use.exp = true;
  std::string text;
  if (use.exp) text += kExp;
  if (use.tanh) text += kTanh;
  if (use.erfc) text += kErfc;
  if (use.log1p) text += kLog1p;
  if (use.sigmoid) text += kSigmoid;
  return text;
}

}  // namespace tunet::nn
