// Links tunet::core alone: fits y = 2x + 1 with autograd and plain gradient steps.
#include <iostream>

#include "core/build_info.hpp"
#include "fit_line.hpp"

int main() {
  std::cout << tunet::build_info_str() << "\n";
  return fit_line("core: ") ? 0 : 1;
}
