#include "datasets/idx.hpp"

#include <cstdint>
#include <cstdio>
#include <fstream>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "datasets/file_bytes.hpp"

namespace tunet::datasets {
namespace {

constexpr uint8_t kTypeUint8 = 0x08;
constexpr int kMaxDims = 4;

const char* type_name(uint8_t type) {
  switch (type) {
    case 0x08: return "uint8";
    case 0x09: return "int8";
    case 0x0B: return "int16";
    case 0x0C: return "int32";
    case 0x0D: return "float32";
    case 0x0E: return "float64";
    default: return "unknown";
  }
}

std::string hex(uint8_t byte) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", byte);
  return text;
}

uint32_t big_endian_u32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
}

std::string dims_str(const std::vector<int64_t>& dims) { return shape_str(Shape(dims.begin(), dims.end())); }

// Checks the header and the payload length; returns the dimensions and the header's size.
std::pair<std::vector<int64_t>, size_t> parse_header(std::span<const uint8_t> bytes, const std::string& source) {
  const std::string where = source + ": ";
  check(!bytes.empty(), where + "empty file, expected an IDX header");
  check(bytes.size() >= 4, where + "truncated IDX header (" + std::to_string(bytes.size()) +
                               " bytes, the magic number alone needs 4)");
  check(bytes[0] == 0 && bytes[1] == 0, where + "not an IDX file: magic number starts with " + hex(bytes[0]) + " " +
                                            hex(bytes[1]) + ", expected 0x00 0x00");
  const uint8_t type = bytes[2];
  check(type == kTypeUint8, where + "element type " + hex(type) + " (" + type_name(type) +
                                ") is not supported, expected 0x08 (uint8) as in MNIST");
  const int rank = bytes[3];
  check(rank >= 1 && rank <= kMaxDims, where + "IDX header declares " + std::to_string(rank) +
                                           " dimensions, expected 1 to " + std::to_string(kMaxDims));
  const size_t header = 4 + 4 * static_cast<size_t>(rank);
  check(bytes.size() >= header, where + "truncated IDX header: " + std::to_string(rank) + " dimensions need " +
                                    std::to_string(header) + " bytes, the file has " + std::to_string(bytes.size()));
  std::vector<int64_t> dims;
  uint64_t count = 1;  // saturates at UINT64_MAX instead of overflowing
  for (int d = 0; d < rank; ++d) {
    const uint32_t extent = big_endian_u32(bytes.data() + 4 + 4 * d);
    dims.push_back(extent);
    count = extent != 0 && count > UINT64_MAX / extent ? UINT64_MAX : count * extent;
  }
  const uint64_t payload = bytes.size() - header;
  check(count == payload, where + "dimensions " + dims_str(dims) + " promise " + std::to_string(count) +
                              " bytes of data, the file has " + std::to_string(payload) +
                              (count > payload ? " (truncated)" : " (trailing bytes)"));
  return {std::move(dims), header};
}

}  // namespace

IdxArray parse_idx(std::span<const uint8_t> bytes, const std::string& source) {
  auto [dims, header] = parse_header(bytes, source);
  return {std::move(dims), std::vector<uint8_t>(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end())};
}

IdxArray read_idx(const std::string& path) {
  std::vector<uint8_t> bytes = read_file_bytes(path);
  auto [dims, header] = parse_header(bytes, path);
  // Drop the header in place: no second buffer for 47 MB of pixels.
  bytes.erase(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(header));
  return {std::move(dims), std::move(bytes)};
}

void write_idx(const std::string& path, const std::vector<int64_t>& dims, std::span<const uint8_t> values) {
  check(!dims.empty() && dims.size() <= kMaxDims, "write_idx: " + path + ": 1 to 4 dimensions, got " +
                                                      std::to_string(dims.size()));
  int64_t count = 1;
  for (int64_t d : dims) count *= d;
  check(count == static_cast<int64_t>(values.size()), "write_idx: " + path + ": dimensions " + dims_str(dims) +
                                                          " need " + std::to_string(count) + " values, got " +
                                                          std::to_string(values.size()));
  std::vector<uint8_t> bytes = {0, 0, kTypeUint8, static_cast<uint8_t>(dims.size())};
  for (int64_t d : dims) {
    const auto extent = static_cast<uint32_t>(d);
    for (int shift : {24, 16, 8, 0}) bytes.push_back(static_cast<uint8_t>(extent >> shift));
  }
  bytes.insert(bytes.end(), values.begin(), values.end());
  std::ofstream file(path, std::ios::binary);
  file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  check(static_cast<bool>(file), "write_idx: cannot write " + path);
}

Dataset load_idx(const std::string& images_path, const std::string& labels_path,
                 std::vector<std::string> class_names) {
  const IdxArray images = read_idx(images_path);
  const IdxArray labels = read_idx(labels_path);
  check(images.dims.size() == 3, images_path + ": expected images (N, height, width), got dimensions " +
                                     dims_str(images.dims));
  check(labels.dims.size() == 1, labels_path + ": expected labels (N), got dimensions " + dims_str(labels.dims));
  check(images.dims[0] == labels.dims[0], images_path + " holds " + std::to_string(images.dims[0]) + " images but " +
                                              labels_path + " holds " + std::to_string(labels.dims[0]) + " labels");
  const int num_classes = static_cast<int>(class_names.size());
  for (size_t i = 0; i < labels.values.size(); ++i) {
    if (labels.values[i] >= num_classes) {
      throw Error(labels_path + ": label " + std::to_string(labels.values[i]) + " of item " + std::to_string(i) +
                  " is not below the " + std::to_string(num_classes) + " classes");
    }
  }

  Dataset out;
  out.num_classes = num_classes;
  out.class_names = std::move(class_names);
  out.x = Tensor::empty({images.dims[0], images.dims[1], images.dims[2]});
  out.y = Tensor::empty({labels.dims[0]});
  const uint8_t* pixels = images.values.data();
  float* x = out.x.data();
  const auto count = static_cast<int64_t>(images.values.size());
  TUNET_OMP_FOR_IF(count >= kParallelMinElements)
  for (int64_t i = 0; i < count; ++i) x[i] = static_cast<float>(pixels[i]);
  float* y = out.y.data();
  for (size_t i = 0; i < labels.values.size(); ++i) y[i] = static_cast<float>(labels.values[i]);
  return out;
}

}  // namespace tunet::datasets
