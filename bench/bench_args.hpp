#pragma once
// `--name value` options of the plain benchmark programs.
#include <cstdlib>
#include <cstring>

// The integer after `name` on the command line, or `fallback`.
inline int arg_int(int argc, char** argv, const char* name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return std::atoi(argv[i + 1]);
  }
  return fallback;
}
