// tunet_web_reference: the playground's native twin. Reads a JSON array of
// requests (the ones the page made, scripts/check_web.sh) on standard input and
// prints the array of answers the native library gives, one per request.
//
//   echo '[{"call": "hyperband_schedule", "R": 27, "eta": 3}]' | tunet_web_reference
#include <iostream>
#include <iterator>

#include "web/playground_calls.hpp"

int main() {
  const std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  const tunet::web::Json requests = tunet::web::Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!requests.is_array()) {
    std::cerr << "tunet_web_reference: standard input: expected a JSON array of requests\n";
    return 1;
  }
  tunet::web::Playground playground;
  tunet::web::Json answers = tunet::web::Json::array();
  for (const tunet::web::Json& r : requests) answers.push_back(playground.handle(r));
  std::cout << answers.dump() << "\n";
  return 0;
}
