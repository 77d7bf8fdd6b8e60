// The exported C's own math (nn/export/c_math.hpp) and fixed-point arithmetic
// (nn/export/fixed_point.hpp): each approximation compiled with the host C
// compiler and held to its documented bound against the C++ standard library on
// a dense grid; the fixed-point helpers against hand-computed values.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "nn/export/c_math.hpp"
#include "nn/export/fixed_point.hpp"
#include "fresh_dir.hpp"
#include "test_nn_export_harness.hpp"

using namespace tunet;
using namespace tunet::nn;
namespace fs = std::filesystem;

namespace {

struct Samples {
  std::vector<float> x, exp, tanh, erfc, log1p, sigmoid;
};

// Evaluates every tn_* function at each x in C (the functions' own text, compiled
// with the strict flags) and reads the values back.
Samples evaluate_in_c(const std::vector<float>& x) {
  const fs::path dir = testing::fresh_dir("export_math");
  fs::create_directories(dir);
  {
    std::ofstream c(dir / "math.c");
    c << "#include <stdint.h>\n" << c_math_source({.exp = true, .tanh = true, .erfc = true, .log1p = true, .sigmoid = true})
      << "void tn_all(const float* x, float* y, int32_t n) {\n  int32_t i;\n"
         "  for (i = 0; i < n; ++i) {\n    y[5 * i] = tn_exp(x[i]);\n    y[5 * i + 1] = tn_tanh(x[i]);\n"
         "    y[5 * i + 2] = x[i] >= 0.0f ? tn_erfc(x[i]) : 0.0f;\n"
         "    y[5 * i + 3] = x[i] >= 0.0f && x[i] <= 1.0f ? tn_log1p(x[i]) : 0.0f;\n"
         "    y[5 * i + 4] = tn_sigmoid(x[i]);\n  }\n}\n";
    std::ofstream m(dir / "main.c");
    m << "#include <stdio.h>\n#include <stdint.h>\n#include <stdlib.h>\n"
         "void tn_all(const float* x, float* y, int32_t n);\n"
         "int main(void) {\n  FILE* f = fopen(\"x.bin\", \"rb\");\n  FILE* o = fopen(\"y.bin\", \"wb\");\n"
         "  long n;\n  float *x, *y;\n  fseek(f, 0, SEEK_END);\n  n = ftell(f) / 4;\n  fseek(f, 0, SEEK_SET);\n"
         "  x = malloc(n * 4);\n  y = malloc(n * 20);\n  if (fread(x, 4, n, f) != (size_t)n) return 2;\n"
         "  tn_all(x, y, (int32_t)n);\n  fwrite(y, 20, n, o);\n  fclose(o);\n  return 0;\n}\n";
    std::ofstream in(dir / "x.bin", std::ios::binary);
    in.write(reinterpret_cast<const char*>(x.data()), std::streamsize(x.size() * 4));
  }
  const std::string cd = "cd '" + dir.string() + "' && ";
  REQUIRE(std::system((cd + "cc " + testing::kStrictCFlags + " -O2 -c math.c -o math.o > log 2>&1").c_str()) == 0);
  REQUIRE(std::system((cd + "cc -std=c99 -O2 main.c math.o -o math > log 2>&1 && ./math").c_str()) == 0);
  std::vector<float> y(x.size() * 5);
  std::ifstream out(dir / "y.bin", std::ios::binary);
  out.read(reinterpret_cast<char*>(y.data()), std::streamsize(y.size() * 4));
  Samples s;
  s.x = x;
  for (size_t i = 0; i < x.size(); ++i) {
    s.exp.push_back(y[5 * i]);
    s.tanh.push_back(y[5 * i + 1]);
    s.erfc.push_back(y[5 * i + 2]);
    s.log1p.push_back(y[5 * i + 3]);
    s.sigmoid.push_back(y[5 * i + 4]);
  }
  return s;
}

std::vector<float> grid(float low, float high, int n) {
  std::vector<float> x;
  for (int i = 0; i <= n; ++i) x.push_back(low + (high - low) * float(i) / float(n));
  return x;
}

}  // namespace

TEST_CASE("tn_exp, tn_tanh, tn_erfc, tn_log1p and tn_sigmoid hold their documented bounds") {
  std::vector<float> x = grid(-87.0f, 88.0f, 200000);
  for (float v : grid(-1.0f, 1.0f, 20000)) x.push_back(v);  // dense near 0 (tanh, log1p)
  for (float v : grid(0.0f, 9.0f, 20000)) x.push_back(v);   // erfc's range
  const Samples s = evaluate_in_c(x);
  double exp_rel = 0, tanh_abs = 0, erfc_rel = 0, erfc_abs = 0, log1p_rel = 0, sigmoid_abs = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double v = x[i];
    exp_rel = std::max(exp_rel, std::fabs(s.exp[i] - std::exp(v)) / std::exp(v));
    tanh_abs = std::max(tanh_abs, std::fabs(s.tanh[i] - std::tanh(v)));
    sigmoid_abs = std::max(sigmoid_abs, std::fabs(s.sigmoid[i] - 1.0 / (1.0 + std::exp(-v))));
    if (v >= 0 && v <= 9) {
      erfc_rel = std::max(erfc_rel, std::fabs(s.erfc[i] - std::erfc(v)) / std::erfc(v));
      erfc_abs = std::max(erfc_abs, std::fabs(s.erfc[i] - std::erfc(v)));
    }
    if (v > 0 && v <= 1) log1p_rel = std::max(log1p_rel, std::fabs(s.log1p[i] - std::log1p(v)) / std::log1p(v));
  }
  MESSAGE("measured: exp " << exp_rel << " rel, tanh " << tanh_abs << " abs, erfc " << erfc_rel << " rel " << erfc_abs << " abs, log1p "
                           << log1p_rel << " rel, sigmoid " << sigmoid_abs << " abs");
  CHECK(exp_rel <= 4e-7);
  CHECK(tanh_abs <= 5e-7);
  CHECK(erfc_rel <= 2e-5);
  CHECK(erfc_abs <= 4e-7);
  CHECK(log1p_rel <= 3e-7);
  CHECK(sigmoid_abs <= 5e-7);
  // outside the range: 0 below -87, finite above 88
  const Samples edge = evaluate_in_c({-1000.0f, -88.0f, 100.0f, 1000.0f});
  CHECK(edge.exp[0] == 0.0f);
  CHECK(edge.exp[1] == 0.0f);
  CHECK(std::isfinite(edge.exp[3]));
  CHECK(edge.tanh[3] == 1.0f);
  CHECK(edge.tanh[0] == -1.0f);
  CHECK(edge.sigmoid[0] == 0.0f);
  CHECK(edge.sigmoid[3] == 1.0f);
}

TEST_CASE("quantize_multiplier: M = multiplier 2^(shift - 31), TFLite's QuantizeMultiplier") {
  CHECK(quantize_multiplier(0.5).multiplier == 1 << 30);
  CHECK(quantize_multiplier(0.5).shift == 0);
  CHECK(quantize_multiplier(0.75).multiplier == 1610612736);  // 0.75 2^31
  CHECK(quantize_multiplier(1.0).multiplier == 1 << 30);      // 0.5 2^1
  CHECK(quantize_multiplier(1.0).shift == 1);
  CHECK(quantize_multiplier(0.1).multiplier == 1717986918);   // 0.8 2^31 = 1717986918.4
  CHECK(quantize_multiplier(0.1).shift == -3);                // 0.1 = 0.8 2^-3
  CHECK(quantize_multiplier(0.0).multiplier == 0);
  CHECK(quantize_multiplier(1e-12).multiplier == 0);          // below 2^-31: 0
  // q rounds up to 2^31: halved, shift + 1
  const QuantizedMultiplier top = quantize_multiplier(std::nextafter(1.0, 0.0));
  CHECK(top.multiplier == 1 << 30);
  CHECK(top.shift == 1);
}

TEST_CASE("saturating_rounding_doubling_high_mul and rounding_divide_by_pot, by hand") {
  const int32_t half = 1 << 30;  // 0.5 in Q31
  CHECK(saturating_rounding_doubling_high_mul(half, half) == 1 << 29);   // 0.5 0.5 = 0.25
  CHECK(saturating_rounding_doubling_high_mul(3, half) == 2);            // 1.5 -> 2
  CHECK(saturating_rounding_doubling_high_mul(-3, half) == -1);          // -1.5 -> -1 (ties go up)
  CHECK(saturating_rounding_doubling_high_mul(5, 1288490189) == 3);      // 5 0.6 = 3.0000000001
  CHECK(saturating_rounding_doubling_high_mul(-5, 1288490189) == -3);
  const int32_t min = std::numeric_limits<int32_t>::min();
  CHECK(saturating_rounding_doubling_high_mul(min, min) == std::numeric_limits<int32_t>::max());
  CHECK(saturating_rounding_doubling_high_mul(min, half) == -(1 << 30));

  CHECK(rounding_divide_by_pot(5, 1) == 3);     // 2.5 -> 3
  CHECK(rounding_divide_by_pot(-5, 1) == -3);   // -2.5 -> -3 (away from zero)
  CHECK(rounding_divide_by_pot(7, 2) == 2);     // 1.75
  CHECK(rounding_divide_by_pot(-7, 2) == -2);
  CHECK(rounding_divide_by_pot(6, 2) == 2);     // 1.5
  CHECK(rounding_divide_by_pot(-6, 2) == -2);
  CHECK(rounding_divide_by_pot(5, 2) == 1);     // 1.25
  CHECK(rounding_divide_by_pot(-5, 2) == -1);
  CHECK(rounding_divide_by_pot(12345, 0) == 12345);
  CHECK(rounding_divide_by_pot(std::numeric_limits<int32_t>::max(), 31) == 1);

  CHECK(multiply_by_quantized_multiplier(100, quantize_multiplier(0.1)) == 10);
  CHECK(multiply_by_quantized_multiplier(15, quantize_multiplier(0.1)) == 2);    // 1.5
  CHECK(multiply_by_quantized_multiplier(-15, quantize_multiplier(0.1)) == -2);
  CHECK(multiply_by_quantized_multiplier(1000, quantize_multiplier(1.0)) == 1000);
  CHECK(multiply_by_quantized_multiplier(1000, quantize_multiplier(3.0)) == 3000);
  CHECK(multiply_by_quantized_multiplier(7, quantize_multiplier(0.25)) == 2);    // 1.75
}
