#pragma once
// Acquisition functions of Bayesian optimisation, all *minimised* (as in
// skopt.acquisition), from the surrogate's mean mu and std sigma at a
// point, in the objective's own units; y_best is the lowest value seen so far.
//
//   z   = (y_best - xi - mu) / sigma
//   EI  = (y_best - xi - mu) Phi(z) + sigma phi(z)    -> minimise -EI
//   PI  = Phi(z)                                       -> minimise -PI
//   LCB = mu - kappa sigma                             -> minimise LCB
// EI and PI are 0 (and flat) where sigma == 0. Each function also returns its
// partial derivatives in mu and sigma, so the gradient in x is
//   d a / d x = d_mean * d mu / d x + d_std * d sigma / d x.
#include <cmath>
#include <string>

namespace tunet::tuner {

enum class Acquisition { EI, PI, LCB };

// "EI", "PI", "LCB" (case-insensitive); throws tunet::Error naming the choices.
Acquisition parse_acquisition(const std::string& name);
const char* acquisition_name(Acquisition a);

struct AcquisitionParams {
  double xi = 0.01;     // EI, PI: improvement demanded beyond y_best (objective units)
  double kappa = 1.96;  // LCB: weight of sigma
};

struct AcquisitionValue {
  double value = 0.0;   // the quantity minimised
  double d_mean = 0.0;  // d value / d mu
  double d_std = 0.0;   // d value / d sigma
};

inline double normal_pdf(double z) { return 0.3989422804014327 * std::exp(-0.5 * z * z); }
inline double normal_cdf(double z) { return 0.5 * std::erfc(-z * 0.7071067811865476); }

// -EI; d(-EI)/dmu = Phi(z), d(-EI)/dsigma = -phi(z).
inline AcquisitionValue negative_expected_improvement(double mu, double sigma, double y_best, double xi) {
  if (!(sigma > 0)) return {};
  double improvement = y_best - xi - mu;
  double z = improvement / sigma;
  double cdf = normal_cdf(z), pdf = normal_pdf(z);
  return {-(improvement * cdf + sigma * pdf), cdf, -pdf};
}

// -PI; d(-PI)/dmu = phi(z)/sigma, d(-PI)/dsigma = phi(z) z/sigma.
inline AcquisitionValue negative_probability_of_improvement(double mu, double sigma, double y_best, double xi) {
  if (!(sigma > 0)) return {};
  double z = (y_best - xi - mu) / sigma;
  double pdf = normal_pdf(z);
  return {-normal_cdf(z), pdf / sigma, pdf * z / sigma};
}

inline AcquisitionValue lower_confidence_bound(double mu, double sigma, double kappa) {
  return {mu - kappa * sigma, 1.0, -kappa};
}

inline AcquisitionValue acquisition_value(Acquisition a, double mu, double sigma, double y_best,
                                          const AcquisitionParams& params) {
  switch (a) {
    case Acquisition::EI: return negative_expected_improvement(mu, sigma, y_best, params.xi);
    case Acquisition::PI: return negative_probability_of_improvement(mu, sigma, y_best, params.xi);
    case Acquisition::LCB: return lower_confidence_bound(mu, sigma, params.kappa);
  }
  return {};
}

// log h(z), h(z) = phi(z) + z Phi(z) (EI = sigma h(z)), finite for every finite
// z: log of the closed form for z > -1; below, the form of Ament et al.,
// "Unexpected improvements to expected improvement" (NeurIPS 2023), with
// Phi(z) = erfcx(-z/sqrt2) phi(z) sqrt(pi/2):
//   log h(z) = log phi(z) + log1mexp(log(erfcx(-z/sqrt2) |z|) + log(pi/2)/2)
//   log h(z) ~ log phi(z) - 2 log|z|                  for z < -1/sqrt(eps)
double log_h(double z);
// erfcx(x) = exp(x^2) erfc(x), the scaled complementary error function (x >= 0).
double erfcx(double x);

// -log EI = -(log sigma + log h(z)), the quantity the acquisition search
// minimises for EI: same minimiser as -EI, but no flat zero plateau where EI
// underflows (z below about -38), so candidates far from the best still rank
// and L-BFGS still has a slope. With r = phi(z) / h(z):
//   d(-log EI)/dmu = Phi(z) / (sigma h(z)),   d(-log EI)/dsigma = -r / sigma.
// +infinity (flat) where sigma == 0.
AcquisitionValue negative_log_expected_improvement(double mu, double sigma, double y_best, double xi);

// The value the acquisition search minimises: -log EI for EI, else acquisition_value.
inline AcquisitionValue search_value(Acquisition a, double mu, double sigma, double y_best,
                                     const AcquisitionParams& params) {
  if (a == Acquisition::EI) return negative_log_expected_improvement(mu, sigma, y_best, params.xi);
  return acquisition_value(a, mu, sigma, y_best, params);
}

}  // namespace tunet::tuner
