#include "tuner/integration/model_probe.hpp"

#include <optional>

#include "core/error.hpp"
#include "core/random.hpp"

namespace tunet::tuner {

namespace {

constexpr uint64_t kProbeStream = 77;  // the random configurations built to check the model
constexpr int kRandomConfigurations = 6;
constexpr int kBaseDraws = 100;        // random draws to find one in which a conditional dimension is active
constexpr int kBaseFailures = 5;       // models that failed to build before the first failure is reported

void build_one(const ProbeBuild& build, const Params& hp) {
  try {
    const nn::Sequential model = build(hp);
    check(model.output_shape().size() >= 1, "the model has no output");
  } catch (const std::exception& e) {
    throw Error(std::string(e.what()) + " (building the model for " + to_string(hp) + ")");
  }
}

// `base` with `name` set to `value`; dimensions that become active are drawn.
Params with_value(const Space& space, const Params& base, const std::string& name, const Value& value, Rng& rng) {
  Params out;
  for (const Dimension& d : space) {
    if (!space.is_active(d, out)) continue;
    if (d.name() == name) out.set(name, value);
    else if (base.has(d.name())) out.set(d.name(), base.at(d.name()));
    else out.set(d.name(), d.sample(rng));
  }
  return out;
}

}  // namespace

void probe_models(const Space& space, const ProbeBuild& build, uint64_t seed) {
  Rng rng(seed, kProbeStream);
  for (const Dimension& d : space) {
    if (d.kind() != DimensionKind::Categorical) continue;
    // A base that builds, so that a value that does not is to blame.
    std::optional<Params> base;
    std::optional<Error> first_failure;
    int failures = 0;
    for (int draw = 0; draw < kBaseDraws && !base && failures < kBaseFailures; ++draw) {
      Params hp = space.sample(rng);
      if (!hp.has(d.name())) continue;
      try {
        build_one(build, hp);
        base = std::move(hp);
      } catch (const Error& e) {
        if (!first_failure) first_failure = e;
        ++failures;
      }
    }
    if (!base && first_failure) throw *first_failure;
    if (!base) continue;  // (almost) never active: the random configurations cover it
    for (const Value& value : d.values()) {
      if (value == base->at(d.name())) continue;
      try {
        build_one(build, with_value(space, *base, d.name(), value, rng));
      } catch (const std::exception& e) {
        throw Error("space." + d.name() + " = " + value_to_json(value).dump() + ": " + e.what());
      }
    }
  }
  for (int k = 0; k < kRandomConfigurations; ++k) build_one(build, space.sample(rng));
}

}  // namespace tunet::tuner
