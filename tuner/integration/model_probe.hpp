#pragma once
// Models built (never trained) before a search starts, so that a layer field,
// a compile setting or a choice value the model cannot take fails now, with
// the configuration that shows it, instead of in some trial hours later:
//
//   - every value of every categorical dimension, one dimension at a time
//     around a base configuration (a random one in which that dimension is
//     active and whose model builds; descendants drawn afresh where a value
//     activates them): the sum of the choices' sizes in builds, not their product;
//   - a few random configurations, for the rest of the space.
//
// A failure names the configuration, and the dimension and its value when
// the base configuration built and that value did not:
//   space.activation = "relux": model[0] (dense): unknown activation 'relux'; ... (building the model for {...})
#include <cstdint>
#include <functional>

#include "nn/sequential.hpp"
#include "tuner/space/space.hpp"

namespace tunet::tuner {

using ProbeBuild = std::function<nn::Sequential(const Params& hp)>;

void probe_models(const Space& space, const ProbeBuild& build, uint64_t seed);

}  // namespace tunet::tuner
