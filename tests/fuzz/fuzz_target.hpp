#pragma once
// What every fuzz target checks: outside input is either read, or refused
// with a tunet::Error whose message is tunet's own. Anything else is a
// finding: another exception type escaping (std::bad_alloc, std::out_of_range,
// the JSON library's type_error), a message that is the JSON library's
// ("[json.exception..."), a crash, a hang, a leak or a sanitizer report.
//
//   extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
//     return tunet::fuzzing::guarded(data, size, [&] { parse(text_of(data, size)); });
//   }
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

#include "core/error.hpp"

namespace tunet::fuzzing {

inline std::string_view text_of(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

template <class Parse>
int guarded(const uint8_t* data, size_t size, Parse&& parse) {
  constexpr std::string_view kLibraryMessage = "[json.exception";
  try {
    parse();
  } catch (const tunet::Error& e) {
    // (messages quote the input: only a library message the input does not hold counts)
    if (std::string_view(e.what()).find(kLibraryMessage) != std::string_view::npos &&
        text_of(data, size).find(kLibraryMessage) == std::string_view::npos) {
      std::fprintf(stderr, "fuzz: the JSON library's message reached a tunet::Error: %s\n", e.what());
      std::abort();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: %s escaped instead of tunet::Error: %s\n", typeid(e).name(), e.what());
    std::abort();
  }
  return 0;
}

}  // namespace tunet::fuzzing
