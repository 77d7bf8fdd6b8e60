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
// A message built with + is built on every call: in loops and hot paths write
// `if (!ok) throw Error(...)` instead.
inline void check(bool condition, const std::string& message) {
  if (!condition) throw Error(message);
}
// The same for a literal message, without constructing a std::string (and
// allocating) on every call when the check passes.
inline void check(bool condition, const char* message) {
  if (!condition) throw Error(message);
}

}  // namespace tunet
