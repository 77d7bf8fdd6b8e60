#pragma once
// std::to_chars and std::from_chars for float and double, which the libc++ of
// Debian's Emscripten (LLVM 14) lacks; force-included in the WebAssembly build
// only (web/CMakeLists.txt). to_chars writes the shortest form that reads back
// exactly (as the standard's does, in %g's spelling); from_chars reads what
// strtod reads, less the leading blanks and '+' that from_chars refuses.
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>

namespace std {

template <class Float>
inline to_chars_result tunet_to_chars_float(char* first, char* last, Float value) {
  char buffer[64];
  int length = 0;
  for (int precision = 1; precision <= 17; ++precision) {
    length = std::snprintf(buffer, sizeof buffer, "%.*g", precision, static_cast<double>(value));
    if (static_cast<Float>(std::strtod(buffer, nullptr)) == value) break;
  }
  if (length > last - first) return {last, errc::value_too_large};
  std::memcpy(first, buffer, static_cast<size_t>(length));
  return {first + length, errc{}};
}

inline to_chars_result to_chars(char* first, char* last, double value) {
  return tunet_to_chars_float(first, last, value);
}
inline to_chars_result to_chars(char* first, char* last, float value) {
  return tunet_to_chars_float(first, last, value);
}

template <class Float>
inline from_chars_result tunet_from_chars_float(const char* first, const char* last, Float& value) {
  if (first == last || std::isspace(static_cast<unsigned char>(*first)) || *first == '+')
    return {first, errc::invalid_argument};
  const std::string text(first, last);
  char* end = nullptr;
  const double parsed = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return {first, errc::invalid_argument};
  value = static_cast<Float>(parsed);
  return {first + (end - text.c_str()), errc{}};
}

inline from_chars_result from_chars(const char* first, const char* last, double& value) {
  return tunet_from_chars_float(first, last, value);
}
inline from_chars_result from_chars(const char* first, const char* last, float& value) {
  return tunet_from_chars_float(first, last, value);
}

}  // namespace std
