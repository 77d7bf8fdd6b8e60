#pragma once
// The command lines of the plain benchmark programs:
//   check_args(argc, argv, usage, {"--seeds", "--calls"}, 0);  // first thing in main
//   const int seeds = arg_int(argc, argv, "--seeds", 10);
// check_args answers --help / -h with the usage (exit 0) and refuses, with the
// usage on stderr (exit 2), a flag that is not in `flags` (each takes a
// value), a flag without its value, or more than `max_positional` positional
// arguments: a typo no longer runs a long benchmark with the defaults.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

// "--seeds" and "-h" are flags; "-1" and "-" are not.
inline bool is_flag(const char* arg) {
  return arg[0] == '-' && arg[1] != '\0' && !(arg[1] >= '0' && arg[1] <= '9');
}

inline void check_args(int argc, char** argv, const char* usage, std::initializer_list<const char*> flags,
                       int max_positional) {
  const auto refuse = [&](const char* what, const char* arg) {
    std::fprintf(stderr, "%s: %s '%s'\nusage: %s\n", argv[0], what, arg, usage);
    std::exit(2);
  };
  int positional = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::printf("usage: %s\n", usage);
      std::exit(0);
    }
    if (is_flag(argv[i])) {
      bool known = false;
      for (const char* flag : flags) known = known || std::strcmp(argv[i], flag) == 0;
      if (!known) refuse("unknown option", argv[i]);
      if (i + 1 >= argc) refuse("missing the value of", argv[i]);
      ++i;
    } else if (++positional > max_positional) {
      refuse("unexpected argument", argv[i]);
    }
  }
}

// The integer after `name` on the command line, or `fallback`.
inline int arg_int(int argc, char** argv, const char* name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return std::atoi(argv[i + 1]);
  }
  return fallback;
}

// The number after `name` on the command line, or `fallback`.
inline double arg_double(int argc, char** argv, const char* name, double fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return std::atof(argv[i + 1]);
  }
  return fallback;
}

// The word after `name` on the command line, or `fallback`.
inline const char* arg_str(int argc, char** argv, const char* name, const char* fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  }
  return fallback;
}

// The positional argument number `index` (0 first; flags and their values
// skipped), or `fallback`.
inline const char* arg_positional(int argc, char** argv, int index, const char* fallback) {
  for (int i = 1; i < argc; ++i) {
    if (is_flag(argv[i])) {
      ++i;
    } else if (index-- == 0) {
      return argv[i];
    }
  }
  return fallback;
}
