// Files made to hurt (found by the npy and model_file fuzz targets,
// tests/fuzz/regressions/): a header promising more than the file holds is
// refused before any memory is allocated for it, and a shape whose element
// count overflows is an error, not undefined behaviour.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "nn/nn.hpp"
#include "nn/npy.hpp"

using namespace tunet;

namespace {

std::string npy_with_header(const std::string& dict, size_t data_bytes) {
  std::string header = dict;
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string file = std::string("\x93NUMPY\x01\x00", 8);
  file += static_cast<char>(header.size() & 0xff);
  file += static_cast<char>(header.size() >> 8);
  return file + header + std::string(data_bytes, '\0');
}

}  // namespace

TEST_CASE("A shape larger than the data is refused before allocating it") {
  // (100000, 100000) floats would be 40 GB; the file holds 16 bytes.
  std::istringstream in(npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }", 16));
  CHECK_THROWS_WITH_AS(nn::read_npy(in, "big.npy"),
                       "big.npy: truncated npy file: shape (100000, 100000) needs 40000000000 bytes of data, found 16",
                       Error);
}

TEST_CASE("A shape whose element count overflows is an error") {
  std::istringstream in(
      npy_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", 0));
  CHECK_THROWS_WITH_AS(nn::read_npy(in, "overflow.npy"),
                       "overflow.npy: npy shape (4611686018427387904, 4) has too many elements", Error);
}

TEST_CASE("A model file whose layers are larger than its weights is refused before building them") {
  const std::filesystem::path dir = std::filesystem::path(TUNET_BINARY_DIR) / "test_tmp" / "hostile_model";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "mlp.ckpt").string();
  nn::Sequential m({2}, 2);
  m.add(nn::Dense(3, "relu"));
  m.add(nn::Dense(1));
  m.save(path);
  std::ifstream in(path, std::ios::binary);
  std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  // 999999999 units would be 12 GB of parameters; the file's 64 floats of
  // weights (2 layers' worth, padded) and its checksum are untouched.
  const size_t at = file.find("units=3");
  REQUIRE(at != std::string::npos);
  file.replace(at, 7, "units=999999999");
  std::ofstream(path, std::ios::binary | std::ios::trunc) << file;
  CHECK_THROWS_WITH_AS(
      nn::Sequential::load(path),
      doctest::Contains("mlp.ckpt: the layers need more than the 64 floats of weights the file holds"), Error);
}
