#include "tuner/proposers/gp/initial_points.hpp"

#include <array>
#include <numeric>
#include <vector>

#include "core/error.hpp"

namespace tunet::tuner {
namespace {

// new-joe-kuo-6.21201, dimensions 2..32: degree s of the primitive polynomial,
// its inner coefficients a (bits a_1..a_{s-1}) and the initial m_1..m_s.
struct JoeKuoRow {
  int s;
  uint32_t a;
  std::array<uint32_t, 7> m;
};
constexpr JoeKuoRow kJoeKuo[kSobolMaxDimensions - 1] = {
    {1, 0, {1}},
    {2, 1, {1, 3}},
    {3, 1, {1, 3, 1}},
    {3, 2, {1, 1, 1}},
    {4, 1, {1, 1, 3, 3}},
    {4, 4, {1, 3, 5, 13}},
    {5, 2, {1, 1, 5, 5, 17}},
    {5, 4, {1, 1, 5, 5, 5}},
    {5, 7, {1, 1, 7, 11, 19}},
    {5, 11, {1, 1, 5, 1, 1}},
    {5, 13, {1, 1, 1, 3, 11}},
    {5, 14, {1, 3, 5, 5, 31}},
    {6, 1, {1, 3, 3, 9, 7, 49}},
    {6, 13, {1, 1, 1, 15, 21, 21}},
    {6, 16, {1, 3, 1, 13, 27, 49}},
    {6, 19, {1, 1, 1, 15, 7, 5}},
    {6, 22, {1, 3, 1, 15, 13, 25}},
    {6, 25, {1, 1, 5, 5, 19, 61}},
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},
    {7, 7, {1, 1, 3, 13, 7, 35, 63}},
    {7, 8, {1, 3, 5, 9, 1, 25, 53}},
    {7, 14, {1, 3, 1, 13, 9, 35, 107}},
    {7, 19, {1, 3, 1, 5, 27, 61, 31}},
    {7, 21, {1, 1, 5, 11, 19, 41, 61}},
    {7, 28, {1, 3, 5, 3, 3, 13, 69}},
    {7, 31, {1, 1, 7, 13, 1, 19, 1}},
    {7, 32, {1, 3, 7, 5, 13, 19, 59}},
    {7, 37, {1, 1, 3, 9, 25, 29, 41}},
    {7, 41, {1, 3, 5, 13, 23, 1, 55}},
    {7, 42, {1, 3, 7, 3, 13, 59, 17}},
};

constexpr int kBits = 32;

// v[k-1] = v_k, k = 1..32, of dimension `dim` (0-based).
std::array<uint32_t, kBits> direction_numbers(int dim) {
  std::array<uint32_t, kBits> v{};
  if (dim == 0) {  // van der Corput: m_k = 1
    for (int k = 1; k <= kBits; ++k) v[k - 1] = uint32_t{1} << (kBits - k);
    return v;
  }
  const JoeKuoRow& row = kJoeKuo[dim - 1];
  const int s = row.s;
  for (int k = 1; k <= std::min(s, kBits); ++k) v[k - 1] = row.m[k - 1] << (kBits - k);
  for (int k = s + 1; k <= kBits; ++k) {
    uint32_t value = v[k - s - 1] ^ (v[k - s - 1] >> s);
    for (int l = 1; l < s; ++l) {
      if ((row.a >> (s - 1 - l)) & 1u) value ^= v[k - l - 1];
    }
    v[k - 1] = value;
  }
  return v;
}

// Position (1-based) of the lowest zero bit of i.
int lowest_zero_bit(uint64_t i) {
  int c = 1;
  while (i & 1u) {
    i >>= 1;
    ++c;
  }
  return c;
}

std::vector<uint64_t> first_primes(int count) {
  std::vector<uint64_t> primes;
  for (uint64_t candidate = 2; static_cast<int>(primes.size()) < count; ++candidate) {
    bool prime = true;
    for (uint64_t p : primes) {
      if (p * p > candidate) break;
      if (candidate % p == 0) {
        prime = false;
        break;
      }
    }
    if (prime) primes.push_back(candidate);
  }
  return primes;
}

double radical_inverse(uint64_t i, uint64_t base) {
  double result = 0.0, scale = 1.0 / static_cast<double>(base);
  for (; i > 0; i /= base, scale /= static_cast<double>(base)) result += static_cast<double>(i % base) * scale;
  return result;
}

}  // namespace

InitialPointGenerator parse_initial_point_generator(const std::string& name) {
  if (name == "random") return InitialPointGenerator::Random;
  if (name == "lhs") return InitialPointGenerator::LatinHypercube;
  if (name == "sobol") return InitialPointGenerator::Sobol;
  if (name == "halton") return InitialPointGenerator::Halton;
  throw Error("unknown initial_point_generator '" + name + "': expected \"random\", \"lhs\", \"sobol\" or \"halton\"");
}

const char* initial_point_generator_name(InitialPointGenerator generator) {
  switch (generator) {
    case InitialPointGenerator::Random: return "random";
    case InitialPointGenerator::LatinHypercube: return "lhs";
    case InitialPointGenerator::Sobol: return "sobol";
    case InitialPointGenerator::Halton: return "halton";
  }
  return "random";
}

Eigen::MatrixXd sobol_sequence(int n, int d, uint64_t skip) {
  check(n >= 0 && d >= 1, "sobol_sequence: needs n >= 0 points in d >= 1 dimensions, got n = " + std::to_string(n) +
                              ", d = " + std::to_string(d));
  check(d <= kSobolMaxDimensions, "the Sobol' initial points are defined here for up to " +
                                      std::to_string(kSobolMaxDimensions) + " searched dimensions, the space has " +
                                      std::to_string(d) + "; use \"halton\" or \"lhs\"");
  check(skip + static_cast<uint64_t>(n) < (uint64_t{1} << kBits),
        "sobol_sequence: at most 2^32 - 1 points (skip + n), got " + std::to_string(skip + n));
  std::vector<std::array<uint32_t, kBits>> v(d);
  for (int j = 0; j < d; ++j) v[j] = direction_numbers(j);
  // x_skip directly (x_i = XOR of v_k over the bits k of the Gray code i ^ (i >> 1)), then step.
  std::vector<uint32_t> x(d, 0);
  const uint64_t gray = skip ^ (skip >> 1);
  for (int j = 0; j < d; ++j) {
    for (int k = 0; k < kBits; ++k) {
      if ((gray >> k) & 1u) x[j] ^= v[j][k];
    }
  }
  Eigen::MatrixXd points(n, d);
  constexpr double kScale = 1.0 / 4294967296.0;  // 2^-32
  for (int i = 0; i < n; ++i) {
    const int c = lowest_zero_bit(skip + static_cast<uint64_t>(i));
    for (int j = 0; j < d; ++j) {
      x[j] ^= v[j][c - 1];
      points(i, j) = x[j] * kScale;
    }
  }
  return points;
}

Eigen::MatrixXd halton_sequence(int n, int d, uint64_t skip) {
  check(n >= 0 && d >= 1, "halton_sequence: needs n >= 0 points in d >= 1 dimensions, got n = " + std::to_string(n) +
                              ", d = " + std::to_string(d));
  const std::vector<uint64_t> primes = first_primes(d);
  Eigen::MatrixXd points(n, d);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < d; ++j) points(i, j) = radical_inverse(skip + static_cast<uint64_t>(i) + 1, primes[j]);
  }
  return points;
}

Eigen::MatrixXd latin_hypercube(int n, int d, Rng& rng) {
  check(n >= 0 && d >= 1, "latin_hypercube: needs n >= 0 points in d >= 1 dimensions, got n = " + std::to_string(n) +
                              ", d = " + std::to_string(d));
  Eigen::MatrixXd points(n, d);
  std::vector<int> strata(n);
  for (int j = 0; j < d; ++j) {
    std::iota(strata.begin(), strata.end(), 0);
    for (int i = n - 1; i > 0; --i) std::swap(strata[i], strata[rng.below(i + 1)]);  // Fisher-Yates
    for (int i = 0; i < n; ++i) points(i, j) = (strata[i] + rng.uniform()) / n;
  }
  return points;
}

}  // namespace tunet::tuner
