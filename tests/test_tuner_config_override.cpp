// `tunet tune CONFIG --set PATH=VALUE`: overrides reach nested fields, create
// missing objects, read JSON values (strings when not JSON), and name the
// override in their errors.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/config/config_override.hpp"

using namespace tunet;
using namespace tunet::tuner;

namespace {

Json hyperband_config() {
  return parse_config(R"({"data": {"name": "fashion_mnist", "flatten": true},
                          "search": {"algorithm": "hyperband", "R": 20, "eta": 3},
                          "repo_dir": "runs/a", "seed": 1})", "test");
}

}  // namespace

TEST_CASE("overrides replace nested numbers and keep the other fields") {
  Json c = hyperband_config();
  apply_config_overrides(c, {"search.R=9", "seed=7"});
  CHECK(c["search"]["R"] == 9);
  CHECK(c["search"]["eta"] == 3);
  CHECK(c["search"]["algorithm"] == "hyperband");
  CHECK(c["seed"] == 7);
}

TEST_CASE("overrides create missing objects and read arrays, booleans and objects") {
  Json c = hyperband_config();
  apply_config_overrides(c, {"data.subset.train=600", "data.resize=[8, 8]", "data.flatten=false",
                             "compile.optimizer={\"name\": \"adam\"}"});
  CHECK(c["data"]["subset"]["train"] == 600);
  CHECK(c["data"]["resize"] == Json::array({8, 8}));
  CHECK(c["data"]["flatten"] == false);
  CHECK(c["compile"]["optimizer"]["name"] == "adam");
}

TEST_CASE("a value that is not JSON is a string; a quoted one is JSON's string") {
  Json c = hyperband_config();
  apply_config_override(c, "repo_dir=/tmp/quick run");
  CHECK(c["repo_dir"] == "/tmp/quick run");
  apply_config_override(c, "search.objective=\"val_accuracy\"");
  CHECK(c["search"]["objective"] == "val_accuracy");
  apply_config_override(c, "search.objective=val_loss");
  CHECK(c["search"]["objective"] == "val_loss");
}

TEST_CASE("malformed overrides are errors that name them") {
  Json c = hyperband_config();
  CHECK_THROWS_WITH_AS(apply_config_override(c, "search.R"), doctest::Contains("--set search.R: expected PATH=VALUE"),
                       Error);
  CHECK_THROWS_WITH_AS(apply_config_override(c, "search..R=3"), doctest::Contains("empty field name"), Error);
  CHECK_THROWS_WITH_AS(apply_config_override(c, "=3"), doctest::Contains("empty field name"), Error);
  CHECK_THROWS_WITH_AS(apply_config_override(c, "seed.x=3"),
                       doctest::Contains("--set seed.x=3: seed is 1, not an object with fields"), Error);
  CHECK(c == hyperband_config());  // nothing changed by the failed overrides
}
