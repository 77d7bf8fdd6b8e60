// The "did you mean" of unknown names: the optimal string alignment distance
// on known pairs, and which names count as near enough to suggest.
#include <doctest/doctest.h>

#include "core/closest_name.hpp"

using namespace tunet;

TEST_CASE("Edit distance: insertions, deletions, substitutions, and a swap of neighbours counts once") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);  // the textbook pair
  CHECK(edit_distance("unit", "units") == 1);
  CHECK(edit_distance("serach", "search") == 1);
  CHECK(edit_distance("ca", "abc") == 3);          // optimal string alignment: no edit of a swapped pair
}

TEST_CASE("A near name is suggested, a far one is not; case does not count") {
  CHECK(closest_name("unit", {"activation", "units", "name"}) == "units");
  CHECK(closest_name("hgh", {"low", "high"}) == "high");
  CHECK(closest_name("DENSE", {"Dense", "Dropout"}) == "Dense");
  CHECK(closest_name("shuffle", {"batch_size", "epochs"}).empty());
  CHECK(closest_name("x", {}).empty());
  CHECK(did_you_mean("unit", {"units", "activation"}) == "(did you mean 'units'?)");
  CHECK(did_you_mean("shuffle", {"batch_size", "epochs"}) == "(expected batch_size, epochs)");
}
