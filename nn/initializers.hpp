#pragma once
// Weight initializers (Keras's meaning), all drawn from a tunet::Rng so a model
// seed reproduces its weights:
//
//   nn::initialize(kernel, spec, rng);   // spec.initializer = "glorot_uniform", fan_in, fan_out
//
//   glorot_uniform  U(-l, l), l = sqrt(6 / (fan_in + fan_out))   (Keras's default for Dense,
//   Conv2D) he_normal       truncated normal, sd = sqrt(2 / fan_in) lecun_normal    truncated
//   normal, sd = sqrt(1 / fan_in)       (pair with selu) zeros, ones
// For Conv2D, fan_in = in_channels * kh * kw and fan_out = filters * kh * kw.
//
// Truncated normal as Keras draws it: N(0, sd') with values beyond 2 sd'
// redrawn, sd' = sd / 0.87962566103423978 (the standard deviation of a unit
// normal truncated at +-2), so the result has standard deviation sd.
#include <string>
#include <vector>

#include "core/random.hpp"
#include "core/tensor.hpp"
#include "nn/layer.hpp"

namespace tunet::nn {

// Fills `parameter` as spec.initializer says; throws Error for an unknown name
// or a fan of 0 where the initializer needs one.
void initialize(Tensor& parameter, const ParameterSpec& spec, Rng& rng);

std::vector<std::string> initializer_names();

// N(0, stddev) truncated at +-2 stddev' as above (stddev is the result's sd).
void fill_truncated_normal(Tensor& t, float stddev, Rng& rng);

}  // namespace tunet::nn
