#pragma once
// Reading a whole file into memory, gunzipping it when it is gzip data.
//
// Gzip is recognised by its magic bytes (1f 8b), not by the file name, and is
// inflated in one pass into a buffer sized from the gzip trailer. Without zlib
// at build time (TUNET_WITH_ZLIB undefined) a gzip file gives a clear Error.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace tunet::datasets {

// The file's bytes, decompressed if it is gzip data. Throws Error naming the
// file when it cannot be opened or read, or when the gzip data is truncated or corrupt.
std::vector<uint8_t> read_file_bytes(const std::string& path);

bool is_gzip(std::span<const uint8_t> bytes);
// Inflates gzip data (concatenated members allowed); `source` names it in errors.
std::vector<uint8_t> gunzip(std::span<const uint8_t> compressed, const std::string& source);

// True when this build can read gzip files.
bool gzip_supported();

}  // namespace tunet::datasets
