#include "datasets/file_bytes.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "core/error.hpp"

#if defined(TUNET_WITH_ZLIB)
#include <zlib.h>
#endif

namespace tunet::datasets {
namespace {

std::vector<uint8_t> read_raw(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw Error(path + ": cannot open (" + std::strerror(errno) + ")");
  std::vector<uint8_t> bytes;
  if (std::fseek(file.get(), 0, SEEK_END) == 0) {  // a regular file: one read of its size
    const long size = std::ftell(file.get());
    std::rewind(file.get());
    if (size > 0) {
      bytes.resize(static_cast<size_t>(size));
      bytes.resize(std::fread(bytes.data(), 1, bytes.size(), file.get()));
    }
  }
  uint8_t chunk[1 << 16];  // whatever is left (pipes, files that grew meanwhile)
  size_t got = 0;
  while ((got = std::fread(chunk, 1, sizeof chunk, file.get())) > 0) bytes.insert(bytes.end(), chunk, chunk + got);
  if (std::ferror(file.get())) throw Error(path + ": read error (" + std::strerror(errno) + ")");
  return bytes;
}

}  // namespace

bool is_gzip(std::span<const uint8_t> bytes) {
  return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

bool gzip_supported() {
#if defined(TUNET_WITH_ZLIB)
  return true;
#else
  return false;
#endif
}

#if defined(TUNET_WITH_ZLIB)
std::vector<uint8_t> gunzip(std::span<const uint8_t> compressed, const std::string& source) {
  check(is_gzip(compressed), source + ": not gzip data (the first bytes are not 1f 8b)");
  // The trailer's last 4 bytes hold the uncompressed size mod 2^32. A damaged
  // file may hold garbage there, so never trust it beyond deflate's maximum
  // ratio (1032:1); the buffer grows when the hint is short.
  size_t hint = compressed.size() * 4;
  if (compressed.size() >= 18) {
    const uint8_t* t = compressed.data() + compressed.size() - 4;
    const size_t isize = size_t{t[0]} | size_t{t[1]} << 8 | size_t{t[2]} << 16 | size_t{t[3]} << 24;
    hint = std::min(isize, compressed.size() * 1032);
  }
  std::vector<uint8_t> out(std::max<size_t>(hint, 64));

  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) throw Error(source + ": zlib inflateInit2 failed");
  stream.next_in = const_cast<Bytef*>(compressed.data());
  size_t in_left = compressed.size();
  size_t produced = 0;
  int status = Z_OK;
  for (;;) {
    if (produced == out.size()) out.resize(out.size() * 2);
    // zlib counts in 32-bit unsigned; feed at most 1 GiB at a time.
    const auto in_chunk = static_cast<uInt>(std::min<size_t>(in_left, size_t{1} << 30));
    const auto out_chunk = static_cast<uInt>(std::min<size_t>(out.size() - produced, size_t{1} << 30));
    stream.avail_in = in_chunk;
    stream.next_out = out.data() + produced;
    stream.avail_out = out_chunk;
    status = inflate(&stream, Z_NO_FLUSH);
    in_left -= in_chunk - stream.avail_in;
    produced += out_chunk - stream.avail_out;
    if (status == Z_STREAM_END) {
      // Another gzip member may follow (gzip allows concatenation).
      if (in_left == 0) break;
      if (!is_gzip({stream.next_in, in_left})) {
        inflateEnd(&stream);
        throw Error(source + ": " + std::to_string(in_left) + " unexpected bytes after the gzip data");
      }
      inflateReset(&stream);
      continue;
    }
    if (status == Z_BUF_ERROR && in_left == 0) {
      inflateEnd(&stream);
      throw Error(source + ": truncated gzip data (the stream ends after " + std::to_string(compressed.size()) +
                  " compressed bytes without its end marker)");
    }
    if (status != Z_OK && status != Z_BUF_ERROR) {
      const std::string reason = stream.msg ? stream.msg : "error " + std::to_string(status);
      inflateEnd(&stream);
      throw Error(source + ": corrupt gzip data (" + reason + ")");
    }
  }
  inflateEnd(&stream);
  out.resize(produced);
  return out;
}
#else
std::vector<uint8_t> gunzip(std::span<const uint8_t>, const std::string& source) {
  throw Error(source + ": gzip-compressed, but this tunet was built without zlib. Decompress it "
              "(gunzip -k FILE) or install zlib (apt-get install zlib1g-dev) and rebuild");
}
#endif

std::vector<uint8_t> read_file_bytes(const std::string& path) {
  std::vector<uint8_t> bytes = read_raw(path);
  if (is_gzip(bytes)) return gunzip(bytes, path);
  return bytes;
}

}  // namespace tunet::datasets
