#include "tuner/storage/crash_point.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "core/error.hpp"

namespace tunet::tuner {

namespace {

struct ArmedPoint {
  std::string point;  // empty: no crash requested
  long hit = 0;       // crash on this hit (1-based)
  long seen = 0;
};

ArmedPoint read_environment() {
  ArmedPoint armed;
  const char* text = std::getenv("TUNET_CRASH_AT");
  if (!text || !*text) return armed;
  const std::string value = text;
  const size_t colon = value.rfind(':');
  char* end = nullptr;
  const long hit = colon == std::string::npos ? 0 : std::strtol(value.c_str() + colon + 1, &end, 10);
  check(colon != std::string::npos && colon > 0 && end && *end == '\0' && hit >= 1,
        "TUNET_CRASH_AT='" + value + "': expected <point>:<n>, e.g. journal_append:3");
  armed.point = value.substr(0, colon);
  armed.hit = hit;
  return armed;
}

}  // namespace

void crash_point(std::string_view point, const std::function<void()>& just_before) {
  static ArmedPoint armed = read_environment();
  if (armed.point.empty() || point != armed.point || ++armed.seen != armed.hit) return;
  if (just_before) just_before();
  ::kill(::getpid(), SIGKILL);
  ::pause();  // SIGKILL cannot be caught: never reached
}

}  // namespace tunet::tuner
