// "algorithm": "hyperband" (search_config.hpp): Hyperband, its proposer
// random (the paper's) or "gp"/"bohb" (bohb_proposer.hpp: BOHB with a GP as its model).
#include "core/error.hpp"
#include "tuner/config/json_fields.hpp"
#include "tuner/config/search_config.hpp"
#include "tuner/proposers/bohb_proposer.hpp"
#include "tuner/schedulers/hyperband.hpp"

namespace tunet::tuner {
namespace {

constexpr int kMaxHyperbandIterations = 1'000;  // more is a typing mistake

SearchPlan parse_hyperband(const Json& search) {
  HyperbandOptions o{.R = search_integer(search, "R", 81, 1), .eta = search_integer(search, "eta", 3, 2),
                     .iterations = search_integer(search, "hyperband_iterations", 1, 1, kMaxHyperbandIterations)};
  SearchPlan plan;
  const std::string proposer = string_or(search, "proposer", "random", "search");
  if (proposer == "gp" || proposer == "bohb") {
    BohbOptions bohb;
    bohb.random_fraction = number_or(search, "random_fraction", bohb.random_fraction, "search");
    if (!(bohb.random_fraction >= 0 && bohb.random_fraction <= 1))
      field_error("search.random_fraction", "a fraction in [0, 1]", search.at("random_fraction"));
    plan.scheduler = std::make_unique<Hyperband>(o, std::make_unique<BohbProposer>(bohb));
  } else if (proposer == "random") {
    if (search.contains("random_fraction"))
      field_error("search.random_fraction", "no value: it applies to \"proposer\": \"gp\" only",
                  search.at("random_fraction"));
    plan.scheduler = std::make_unique<Hyperband>(o);
  } else {
    field_error("search.proposer", "random, gp or bohb", search.at("proposer"));
  }
  return plan;
}

}  // namespace

TUNET_REGISTER_SEARCH_ALGORITHM(hyperband, {.name = "hyperband",
                                            .list_position = 1,
                                            .fields = {"R", "eta", "hyperband_iterations", "proposer", "random_fraction"},
                                            .sets_epochs = "Hyperband sets each trial's epochs (search.R and search.eta)",
                                            .parse = parse_hyperband});

}  // namespace tunet::tuner
