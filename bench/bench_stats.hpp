// Summaries of a benchmark's repeated runs (one value per seed).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace tunet::bench {

// The q-quantile with linear interpolation between order statistics (numpy's default).
inline double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

// "median [Q1, Q3]", as the regret tables print it.
inline std::string median_quartiles(const std::vector<double>& v) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.3g [%.3g, %.3g]", quantile(v, 0.5), quantile(v, 0.25), quantile(v, 0.75));
  return buf;
}

}  // namespace tunet::bench
