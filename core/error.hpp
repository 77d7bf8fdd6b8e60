#pragma once
// tunet::Error: the one exception type the library throws. The message always
// carries the context a user needs: the file and line, the shapes, the name.
#include <stdexcept>
#include <string>

namespace tunet {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws Error(message) when `condition` is false. For checks on user input.
inline void check(bool condition, const std::string& message) {
  if (!condition) throw Error(message);
}

}  // namespace tunet
