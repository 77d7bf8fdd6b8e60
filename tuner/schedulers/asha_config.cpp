// "algorithm": "asha" (search_config.hpp): asynchronous successive halving;
// "R" may stand for max_epochs.
#include "tuner/config/json_fields.hpp"
#include "tuner/config/search_config.hpp"
#include "tuner/schedulers/asha.hpp"

namespace tunet::tuner {
namespace {

SearchPlan parse_asha(const Json& search) {
  if (search.contains("max_epochs") && search.contains("R"))
    field_error("search.R", "no value: R and max_epochs name the same thing, give one", search.at("R"));
  AshaOptions o;
  o.min_epochs = search_integer(search, "min_epochs", o.min_epochs, 1);
  o.max_epochs = search_integer(search, search.contains("R") ? "R" : "max_epochs", o.max_epochs, o.min_epochs);
  o.eta = search_integer(search, "eta", o.eta, 2);
  o.max_trials = search_integer(search, "max_trials", o.max_trials, 1);
  SearchPlan plan;
  plan.scheduler = std::make_unique<Asha>(o);
  return plan;
}

}  // namespace

TUNET_REGISTER_SEARCH_ALGORITHM(
    asha, {.name = "asha",
           .list_position = 2,
           .fields = {"min_epochs", "max_epochs", "R", "eta", "max_trials"},
           .sets_epochs = "ASHA sets each trial's epochs (search.min_epochs, search.max_epochs and search.eta)",
           .parse = parse_asha});

}  // namespace tunet::tuner
