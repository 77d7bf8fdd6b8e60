// The page's door into tunet (Emscripten's embind): tunet.call(JSON) -> JSON,
// answered by Playground (playground_calls.hpp) in the WebAssembly module.
#include <emscripten/bind.h>

#include "web/playground_calls.hpp"

namespace {

std::string call(const std::string& request) {
  static tunet::web::Playground playground;
  return playground.handle_text(request);
}

}  // namespace

EMSCRIPTEN_BINDINGS(tunet_playground) { emscripten::function("call", &call); }
