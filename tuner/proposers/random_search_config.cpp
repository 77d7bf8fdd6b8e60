// "algorithm": "random" (search_config.hpp): n_trials independent draws from the space.
#include "tuner/config/search_config.hpp"
#include "tuner/proposers/random_search.hpp"

namespace tunet::tuner {
namespace {

std::unique_ptr<Proposer> random_proposer(const Json& search) {
  return std::make_unique<RandomSearch>(RandomOptions{.n_trials = search_integer(search, "n_trials", 10, 1)});
}

SearchPlan parse_random(const Json& search) { return fixed_budget_plan(search, random_proposer); }

}  // namespace

TUNET_REGISTER_SEARCH_ALGORITHM(random, {.name = "random",
                                         .list_position = 3,
                                         .fields = {"epochs", "stoppers", "n_trials"},
                                         .parse = parse_random});

}  // namespace tunet::tuner
