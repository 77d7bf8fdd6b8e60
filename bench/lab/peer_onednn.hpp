#pragma once
// What the oneDNN rungs share (peer_onednn*.cpp, built only with oneDNN): one
// CPU engine and stream, Error from oneDNN's errors, and the notes that say
// which implementation ran.
#include <string>

#include <oneapi/dnnl/dnnl.hpp>

namespace tunet::lab::onednn {

dnnl::engine& engine();
dnnl::stream& stream();

// Records "what: implementation (formats)" once per primitive the lab creates.
void note(const std::string& what, const dnnl::primitive_desc_base& pd);
void note(const std::string& text);

// oneDNN's memory format of a descriptor in words: "ab", "nChw16c", ...
std::string format_of(const dnnl::memory::desc& md);

// Runs make(); a dnnl::error becomes tunet's Error with oneDNN's message.
template <class Make>
auto wrap(const std::string& what, Make&& make) -> decltype(make());

}  // namespace tunet::lab::onednn

#include "core/error.hpp"

namespace tunet::lab::onednn {

template <class Make>
auto wrap(const std::string& what, Make&& make) -> decltype(make()) {
  try {
    return make();
  } catch (const dnnl::error& e) {
    throw Error(what + ": oneDNN: " + e.what());
  }
}

}  // namespace tunet::lab::onednn
