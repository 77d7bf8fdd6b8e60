#pragma once
// Two number helpers shared by the space's checks (space.cpp), its JSON
// reader (space_json.cpp) and its enumeration (enumeration.cpp): a bound as
// error messages print it, and whether a double holds a whole number.
#include <cmath>
#include <sstream>
#include <string>

namespace tunet::tuner {

// `x` as an ostream prints it (6 significant digits: "0.0001", "1e+06").
inline std::string number_text(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

inline bool is_integral(double x) { return std::isfinite(x) && x == std::floor(x); }

}  // namespace tunet::tuner
