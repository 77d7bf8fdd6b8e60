#include "tuner/storage/crc32.hpp"

#include <array>

namespace tunet::tuner {

namespace {

// table[b] = the CRC register after shifting byte b through 8 rounds of
// "shift right; if the bit shifted out was 1, xor the polynomial".
constexpr std::array<std::uint32_t, 256> make_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t b = 0; b < 256; ++b) {
    std::uint32_t r = b;
    for (int k = 0; k < 8; ++k) r = (r & 1u) ? (r >> 1) ^ 0xEDB88320u : r >> 1;
    table[b] = r;
  }
  return table;
}

constexpr std::array<std::uint32_t, 256> kTable = make_table();

}  // namespace

std::uint32_t crc32(std::string_view bytes) {
  std::uint32_t r = 0xFFFFFFFFu;
  for (unsigned char c : bytes) r = kTable[(r ^ c) & 0xFFu] ^ (r >> 8);
  return r ^ 0xFFFFFFFFu;
}

}  // namespace tunet::tuner
