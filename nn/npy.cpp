#include "nn/npy.hpp"

#include <bit>
#include <cctype>
#include <cstring>
#include <fstream>
#include <limits>

#include "core/error.hpp"

namespace tunet::nn {
namespace {

static_assert(std::endian::native == std::endian::little,
              "npy.cpp writes the host's floats as '<f4': a big-endian host needs a byte swap");

constexpr char kMagic[] = "\x93NUMPY";  // 6 bytes + '\0'
constexpr size_t kMagicSize = 6;
constexpr size_t kAlignment = 64;

std::string shape_tuple(const Shape& shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1) text += ",";
  return text + ")";
}

// The text after `'key':` in the header dict, with leading spaces skipped.
size_t value_start(const std::string& header, const std::string& key, const std::string& source) {
  const std::string quoted = "'" + key + "'";
  size_t at = header.find(quoted);
  check(at != std::string::npos, source + ": npy header has no '" + key + "' entry: " + header);
  at = header.find(':', at + quoted.size());
  check(at != std::string::npos,
        source + ": npy header entry '" + key + "' has no value: " + header);
  ++at;
  while (at < header.size() && header[at] == ' ') ++at;
  return at;
}

std::string parse_descr(const std::string& header, const std::string& source) {
  const size_t at = value_start(header, "descr", source);
  check(at < header.size() && header[at] == '\'',
        source + ": npy 'descr' is not a string: " + header);
  const size_t end = header.find('\'', at + 1);
  check(end != std::string::npos, source + ": npy 'descr' string is not closed: " + header);
  return header.substr(at + 1, end - at - 1);
}

bool parse_fortran_order(const std::string& header, const std::string& source) {
  const size_t at = value_start(header, "fortran_order", source);
  if (header.compare(at, 5, "False") == 0) return false;
  if (header.compare(at, 4, "True") == 0) return true;
  throw Error(source + ": npy 'fortran_order' is neither True nor False: " + header);
}

Shape parse_shape(const std::string& header, const std::string& source) {
  size_t at = value_start(header, "shape", source);
  check(at < header.size() && header[at] == '(',
        source + ": npy 'shape' is not a tuple: " + header);
  const size_t end = header.find(')', at);
  check(end != std::string::npos, source + ": npy 'shape' tuple is not closed: " + header);
  Shape shape;
  ++at;
  while (at < end) {
    while (at < end && (header[at] == ' ' || header[at] == ',')) ++at;
    if (at == end) break;
    check(std::isdigit(static_cast<unsigned char>(header[at])),
          source + ": npy 'shape' has a non-integer extent: " + header);
    int64_t extent = 0;
    while (at < end && std::isdigit(static_cast<unsigned char>(header[at]))) {
      check(extent < std::numeric_limits<int64_t>::max() / 10, source + ": npy extent overflows");
      extent = extent * 10 + (header[at++] - '0');
    }
    shape.push_back(extent);
  }
  return shape;
}

}  // namespace

void write_npy(std::ostream& out, const Tensor& tensor) {
  check(tensor.defined(), "write_npy: tensor is undefined");
  std::string header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape_tuple(tensor.shape()) + ", }";
  // magic (6) + version (2) + length (2) + header + '\n' = a multiple of 64
  const size_t unpadded = kMagicSize + 4 + header.size() + 1;
  header.append((kAlignment - unpadded % kAlignment) % kAlignment, ' ');
  header += '\n';
  check(header.size() <= 0xffff, "write_npy: shape " + shape_str(tensor.shape()) +
                                     " makes a header too long for format 1.0");
  const uint16_t length = uint16_t(header.size());
  const char prefix[4] = {1, 0, char(length & 0xff), char(length >> 8)};
  out.write(kMagic, kMagicSize);
  out.write(prefix, 4);
  out.write(header.data(), std::streamsize(header.size()));
  out.write(reinterpret_cast<const char*>(tensor.data()),
            std::streamsize(tensor.numel() * sizeof(float)));
  check(bool(out), "write_npy: writing the array failed");
}

Tensor read_npy(std::istream& in, const std::string& source) {
  char magic[kMagicSize] = {};
  in.read(magic, kMagicSize);
  check(in.gcount() == std::streamsize(kMagicSize) && std::memcmp(magic, kMagic, kMagicSize) == 0,
        source + ": not a NumPy .npy file (no \\x93NUMPY magic)");
  unsigned char version[2] = {};
  in.read(reinterpret_cast<char*>(version), 2);
  check(in.gcount() == 2, source + ": truncated npy file (no version)");
  check(version[0] >= 1 && version[0] <= 3,
        source + ": npy format version " + std::to_string(version[0]) + "." +
            std::to_string(version[1]) + " is not supported (1.0, 2.0, 3.0 are)");
  const int length_bytes = version[0] == 1 ? 2 : 4;
  unsigned char length_le[4] = {};
  in.read(reinterpret_cast<char*>(length_le), length_bytes);
  check(in.gcount() == length_bytes, source + ": truncated npy file (no header length)");
  size_t length = 0;
  for (int i = length_bytes - 1; i >= 0; --i) length = length * 256 + length_le[i];
  check(length < (size_t(1) << 24),
        source + ": npy header length " + std::to_string(length) + " is implausible");
  std::string header(length, '\0');
  in.read(header.data(), std::streamsize(length));
  check(in.gcount() == std::streamsize(length), source + ": truncated npy file (header cut short)");

  const std::string descr = parse_descr(header, source);
  check(descr == "<f4", source + ": npy dtype '" + descr +
                            "' is not supported; tunet reads float32 arrays ('<f4') only");
  check(!parse_fortran_order(header, source),
        source + ": npy array is in Fortran order; tunet reads C-order arrays only");
  const Shape shape = parse_shape(header, source);
  // Never allocate for more data than the stream holds: a 100-byte file whose
  // header says (100000, 100000) would otherwise take 40 GB first.
  int64_t count = 1;
  for (int64_t extent : shape) {
    check(extent == 0 || count <= std::numeric_limits<int64_t>::max() / int64_t(sizeof(float)) / extent,
          source + ": npy shape " + shape_tuple(shape) + " has too many elements");
    count *= extent;
  }
  const std::streampos data_start = in.tellg();
  if (data_start != std::streampos(-1)) {  // a seekable stream: how much is left
    in.seekg(0, std::ios::end);
    const std::streampos end = in.tellg();
    in.clear();
    in.seekg(data_start);
    const std::streamoff available = end - data_start;
    check(end == std::streampos(-1) || available >= std::streamoff(count) * std::streamoff(sizeof(float)),
          source + ": truncated npy file: shape " + shape_str(shape) + " needs " +
              std::to_string(count * int64_t(sizeof(float))) + " bytes of data, found " + std::to_string(available));
  }

  Tensor tensor = Tensor::empty(shape);
  const std::streamsize bytes = std::streamsize(tensor.numel() * sizeof(float));
  in.read(reinterpret_cast<char*>(tensor.data()), bytes);
  check(in.gcount() == bytes, source + ": truncated npy file: shape " + shape_str(shape) +
                                  " needs " + std::to_string(bytes) + " bytes of data, found " +
                                  std::to_string(in.gcount()));
  return tensor;
}

void write_npy(const std::string& path, const Tensor& tensor) {
  std::ofstream out(path, std::ios::binary);
  check(bool(out), "write_npy: cannot open '" + path + "' for writing");
  write_npy(out, tensor);
  out.close();
  check(bool(out), "write_npy: writing '" + path + "' failed");
}

Tensor read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  check(bool(in), "read_npy: cannot open '" + path + "'");
  Tensor tensor = read_npy(in, path);
  check(in.peek() == std::char_traits<char>::eof(),
        path + ": npy file has bytes after the array data (expected exactly shape " +
            shape_str(tensor.shape()) + ")");
  return tensor;
}

}  // namespace tunet::nn
