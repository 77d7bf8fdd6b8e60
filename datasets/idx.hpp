#pragma once
// IDX files, the format of MNIST and Fashion-MNIST (raw or gzip-compressed).
//
//   Dataset train = load_idx("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
//                            fashion_mnist_class_names());
//   train.x;   // (60000, 28, 28), grey levels 0..255 as floats
//   train.y;   // (60000) class indices
//
// Layout (big-endian): two zero bytes, the element type (0x08 = uint8, the
// only one MNIST uses and the only one read here), the number of dimensions,
// one uint32 per dimension, then the elements in row-major order. The reader
// checks every part and that the payload has exactly the promised length.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "datasets/dataset.hpp"

namespace tunet::datasets {

struct IdxArray {
  std::vector<int64_t> dims;  // e.g. {60000, 28, 28}
  std::vector<uint8_t> values;
};

// Images (N, H, W) and labels (N) -> a classification Dataset with x in 0..255.
// class_names sets num_classes; every label must be below it.
Dataset load_idx(const std::string& images_path, const std::string& labels_path,
                 std::vector<std::string> class_names);

// One IDX file (raw or gzip). Throws Error naming the file on anything unexpected.
IdxArray read_idx(const std::string& path);
// The same from bytes in memory; `source` names them in errors.
IdxArray parse_idx(std::span<const uint8_t> bytes, const std::string& source);

// Writes an uncompressed uint8 IDX file (for tests, and converted copies of other data).
void write_idx(const std::string& path, const std::vector<int64_t>& dims, std::span<const uint8_t> values);

}  // namespace tunet::datasets
