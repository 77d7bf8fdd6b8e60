#include "tuner/proposers/gp/acquisition.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"

namespace tunet::tuner {

Acquisition parse_acquisition(const std::string& name) {
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char ch) { return std::toupper(ch); });
  if (upper == "EI") return Acquisition::EI;
  if (upper == "PI") return Acquisition::PI;
  if (upper == "LCB") return Acquisition::LCB;
  throw Error("unknown acquisition function '" + name + "': expected EI, PI or LCB");
}

const char* acquisition_name(Acquisition a) {
  switch (a) {
    case Acquisition::EI: return "EI";
    case Acquisition::PI: return "PI";
    case Acquisition::LCB: return "LCB";
  }
  return "?";
}

}  // namespace tunet::tuner
