#pragma once
// The name a user probably meant: for an unknown field or type, the known
// name nearest by edit distance, when it is near enough to be a typo.
//
//   closest_name("unit", {"units", "activation", "name"})   -> "units"
//   closest_name("shuffle", {"batch_size", "epochs"})       -> ""
//
// The distance is the optimal string alignment distance (Levenshtein's
// insertions, deletions and substitutions, plus swaps of two neighbours:
// "serach" is one edit from "search"), compared case-insensitively. Near
// enough: at most a third of the longer name's length, and at least 1.
#include <string>
#include <vector>

namespace tunet {

size_t edit_distance(const std::string& a, const std::string& b);
// "" when no known name is near enough; ties go to the first one listed.
std::string closest_name(const std::string& name, const std::vector<std::string>& known);
// What follows "unknown field 'unit'" in an error: "(did you mean 'units'?)"
// when one is near enough, else the list "(expected units, activation, name)".
std::string did_you_mean(const std::string& name, const std::vector<std::string>& known);

}  // namespace tunet
