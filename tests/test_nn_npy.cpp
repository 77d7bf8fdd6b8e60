// NumPy .npy files: round trips of several ranks, the exact header bytes NumPy
// expects, and errors for foreign, truncated and unsupported files.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "core/random.hpp"
#include "nn/npy.hpp"

using namespace tunet;

namespace {

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("tunet_test_nn_npy_" + name)).string();
}

std::string bytes_of(const Tensor& t) {
  std::ostringstream out;
  nn::write_npy(out, t);
  return out.str();
}

std::string read_error(const std::string& bytes) {
  std::istringstream in(bytes);
  try {
    nn::read_npy(in, "test.npy");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// An .npy file with a hand-written header (as another writer might produce).
std::string npy_with_header(const std::string& dict, const std::string& data) {
  std::string header = dict;
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += char(1);
  bytes += char(0);
  bytes += char(header.size() & 0xff);
  bytes += char(header.size() >> 8);
  return bytes + header + data;
}

}  // namespace

TEST_CASE("round trips through a file keep shape and values") {
  Rng rng(3);
  for (const Shape& shape : {Shape{}, Shape{7}, Shape{3, 4}, Shape{2, 3, 4, 5}, Shape{0, 3}}) {
    CAPTURE(shape_str(shape));
    Tensor t = Tensor::empty(shape);
    if (t.numel() > 0) rng.fill_normal(t, 0.0f, 1.0f);
    const std::string path = temp_path("round_trip.npy");
    nn::write_npy(path, t);
    const Tensor back = nn::read_npy(path);
    CHECK(back.shape() == shape);
    CHECK(back.to_vector() == t.to_vector());
    std::remove(path.c_str());
  }
}

TEST_CASE("the header is NumPy's format 1.0, data 64-byte aligned") {
  const std::string bytes = bytes_of(Tensor::from({2, 3}, {1, 2, 3, 4, 5, 6}));
  CHECK(bytes.substr(0, 8) == std::string("\x93NUMPY\x01\x00", 8));
  const size_t header_len = size_t(uint8_t(bytes[8])) | size_t(uint8_t(bytes[9])) << 8;
  CHECK((10 + header_len) % 64 == 0);
  const std::string header = bytes.substr(10, header_len);
  CHECK(header.rfind("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 0) == 0);
  CHECK(header.back() == '\n');
  CHECK(bytes.size() == 10 + header_len + 6 * 4);
  CHECK(bytes_of(Tensor::from({5}, {1, 2, 3, 4, 5})).find("'shape': (5,)") != std::string::npos);
  CHECK(bytes_of(Tensor::scalar(1)).find("'shape': ()") != std::string::npos);
}

TEST_CASE("reads headers written with other spacing and key order") {
  const float values[2] = {1.5f, -2.0f};
  const std::string data(reinterpret_cast<const char*>(values), sizeof(values));
  std::istringstream in(
      npy_with_header("{'shape':(2,1),'fortran_order':False,'descr':'<f4'}", data));
  const Tensor t = nn::read_npy(in, "other.npy");
  CHECK(t.shape() == Shape{2, 1});
  CHECK(t.to_vector() == std::vector<float>{1.5f, -2.0f});
}

TEST_CASE("foreign, truncated and unsupported files are clear errors") {
  const std::string good = bytes_of(Tensor::from({2, 3}, {1, 2, 3, 4, 5, 6}));
  CHECK(read_error("PK\x03\x04 not numpy at all").find("not a NumPy") != std::string::npos);
  CHECK(read_error("").find("not a NumPy") != std::string::npos);
  CHECK(read_error(good.substr(0, 9)).find("truncated") != std::string::npos);
  CHECK(read_error(good.substr(0, 40)).find("truncated") != std::string::npos);
  const std::string cut = read_error(good.substr(0, good.size() - 5));
  CHECK(cut.find("truncated") != std::string::npos);
  CHECK(cut.find("(2, 3)") != std::string::npos);
  const std::string f8 = npy_with_header(
      "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", std::string(8, '\0'));
  CHECK(read_error(f8).find("'<f8'") != std::string::npos);
  const std::string fortran = npy_with_header(
      "{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", std::string(4, '\0'));
  CHECK(read_error(fortran).find("Fortran") != std::string::npos);
  std::string version9 = good;
  version9[6] = 9;
  CHECK(read_error(version9).find("version 9") != std::string::npos);

  const std::string path = temp_path("trailing.npy");
  {
    std::ofstream out(path, std::ios::binary);
    out << good << "extra";
  }
  CHECK_THROWS_WITH_AS(nn::read_npy(path), doctest::Contains("after the array data"), Error);
  std::remove(path.c_str());
  CHECK_THROWS_WITH_AS(nn::read_npy(temp_path("does_not_exist.npy")),
                       doctest::Contains("cannot open"), Error);
}
