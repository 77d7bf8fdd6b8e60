#include "tuner/proposers/gp/acquisition.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <numbers>

#include "core/error.hpp"

namespace tunet::tuner {
namespace {

constexpr double kInvSqrt2 = 0.70710678118654752440;

}  // namespace


Acquisition parse_acquisition(const std::string& name) {
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char ch) { return std::toupper(ch); });
  if (upper == "EI") return Acquisition::EI;
  if (upper == "PI") return Acquisition::PI;
  if (upper == "LCB") return Acquisition::LCB;
  throw Error("unknown acquisition function '" + name + "': expected EI, PI or LCB");
}

const char* acquisition_name(Acquisition a) {
  switch (a) {
    case Acquisition::EI: return "EI";
    case Acquisition::PI: return "PI";
    case Acquisition::LCB: return "LCB";
  }
  return "?";
}

double erfcx(double x) {
  if (x < 25.0) return std::exp(x * x) * std::erfc(x);  // erfc(25) ~ 1e-273: still normal
  // Asymptotic series 1/(x sqrt(pi)) (1 - 1/(2x^2) + 3/(4x^4) - 15/(8x^6)): error < 1e-19 here.
  const double t = 1.0 / (2.0 * x * x);
  return (1.0 - t * (1.0 - 3.0 * t * (1.0 - 5.0 * t))) / (x * std::sqrt(std::numbers::pi));
}

double log_h(double z) {
  constexpr double kLogSqrt2Pi = 0.91893853320467274178;  // log(2 pi) / 2
  if (z > -1.0) return std::log(normal_pdf(z) + z * normal_cdf(z));
  const double log_phi = -0.5 * z * z - kLogSqrt2Pi;
  if (z < -1.0 / std::sqrt(std::numeric_limits<double>::epsilon())) return log_phi - 2.0 * std::log(-z);
  // log1mexp(a) = log(1 - e^a), a < 0, accurate on both sides of a = -log 2.
  const double a = std::log(erfcx(-z * kInvSqrt2) * -z) + 0.5 * std::log(0.5 * std::numbers::pi);
  return log_phi + (a > -std::numbers::ln2 ? std::log(-std::expm1(a)) : std::log1p(-std::exp(a)));
}

AcquisitionValue negative_log_expected_improvement(double mu, double sigma, double y_best, double xi) {
  if (!(sigma > 0)) return {std::numeric_limits<double>::infinity(), 0.0, 0.0};
  const double z = (y_best - xi - mu) / sigma;
  const double lh = log_h(z);
  // phi / h and Phi / h through logs; log Phi(z) = log phi(z) + log(erfcx(-z/sqrt2) sqrt(pi/2)).
  const double log_phi = -0.5 * z * z - 0.91893853320467274178;
  const double log_cdf = z > -1.0 ? std::log(normal_cdf(z))
                                  : log_phi + std::log(erfcx(-z * kInvSqrt2) *
                                                       std::sqrt(0.5 * std::numbers::pi));
  return {-(std::log(sigma) + lh), std::exp(log_cdf - lh) / sigma, -std::exp(log_phi - lh) / sigma};
}

}  // namespace tunet::tuner
