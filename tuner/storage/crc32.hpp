#pragma once
// CRC-32 (the IEEE 802.3 / zlib / PNG polynomial, reflected 0xEDB88320,
// initial and final value 0xFFFFFFFF), for the journal's per-line checksums.
//   crc32("123456789") == 0xCBF43926   (the standard check value)
#include <cstdint>
#include <string_view>

namespace tunet::tuner {

std::uint32_t crc32(std::string_view bytes);

}  // namespace tunet::tuner
