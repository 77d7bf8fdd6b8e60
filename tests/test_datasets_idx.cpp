// IDX files written by the test itself: round trips, gzip, and every way a file can be wrong.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "datasets/file_bytes.hpp"
#include "datasets/idx.hpp"
#include "test_datasets_files.hpp"

using namespace tunet::datasets;
using doctest::Contains;
using tunet::Error;
using testing::write_bytes;

namespace {

const std::filesystem::path kDir = testing::scratch_dir("test_datasets_idx");

// Header of a uint8 IDX file with these dimensions.
std::vector<uint8_t> idx_header(std::vector<uint32_t> dims, uint8_t type = 0x08) {
  std::vector<uint8_t> out = {0, 0, type, static_cast<uint8_t>(dims.size())};
  for (uint32_t d : dims) {
    for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<uint8_t>(d >> shift));
  }
  return out;
}

std::vector<uint8_t> with_payload(std::vector<uint8_t> header, size_t count) {
  for (size_t i = 0; i < count; ++i) header.push_back(static_cast<uint8_t>(i % 3));
  return header;
}

// gzip of the labels file 00 00 08 01 | 00 00 00 05 | 0 1 2 1 0 (python gzip, mtime 0).
const std::vector<uint8_t> kGzipLabels = {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x63,
                                          0x60, 0xe0, 0x60, 0x64, 0x60, 0x60, 0x60, 0x65, 0x60, 0x64, 0x62,
                                          0x64, 0x00, 0x00, 0x00, 0xdf, 0x9b, 0xa8, 0x0d, 0x00, 0x00, 0x00};

}  // namespace

TEST_CASE("write_idx and read_idx round-trip images and labels") {
  std::vector<uint8_t> pixels(3 * 2 * 4);
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<uint8_t>(i * 10);
  write_idx((kDir / "images").string(), {3, 2, 4}, pixels);
  write_idx((kDir / "labels").string(), {3}, std::vector<uint8_t>{2, 0, 1});

  const IdxArray images = read_idx((kDir / "images").string());
  CHECK(images.dims == std::vector<int64_t>{3, 2, 4});
  CHECK(images.values == pixels);

  const Dataset d = load_idx((kDir / "images").string(), (kDir / "labels").string(), {"a", "b", "c"});
  CHECK(d.x.shape() == tunet::Shape{3, 2, 4});
  CHECK(d.x.at({1, 1, 3}) == doctest::Approx(150.0));  // pixel 15 of 24 -> 15 * 10
  CHECK(d.y.to_vector() == std::vector<float>{2, 0, 1});
  CHECK(d.num_classes == 3);
  CHECK(d.class_names[2] == "c");
}

TEST_CASE("gzip-compressed IDX is recognised by its magic bytes, not its name") {
  const std::string path = write_bytes(kDir / "labels-no-gz-suffix", kGzipLabels);
  if (!gzip_supported()) {
    CHECK_THROWS_WITH_AS(read_idx(path), Contains("built without zlib"), Error);
    return;
  }
  const IdxArray labels = read_idx(path);
  CHECK(labels.dims == std::vector<int64_t>{5});
  CHECK(labels.values == std::vector<uint8_t>{0, 1, 2, 1, 0});
}

TEST_CASE("truncated and corrupt gzip data give clear errors") {
  if (!gzip_supported()) return;
  std::vector<uint8_t> truncated(kGzipLabels.begin(), kGzipLabels.begin() + 20);
  CHECK_THROWS_WITH_AS(read_idx(write_bytes(kDir / "truncated.gz", truncated)), Contains("truncated gzip"), Error);

  std::vector<uint8_t> corrupt = kGzipLabels;
  corrupt[12] ^= 0xff;
  corrupt[13] ^= 0xff;
  CHECK_THROWS_AS(read_idx(write_bytes(kDir / "corrupt.gz", corrupt)), Error);

  std::vector<uint8_t> trailing = kGzipLabels;
  trailing.push_back('x');
  CHECK_THROWS_WITH_AS(read_idx(write_bytes(kDir / "trailing.gz", trailing)), Contains("unexpected bytes"), Error);

  std::vector<uint8_t> twice = kGzipLabels;  // two members: the labels twice -> a payload length error
  twice.insert(twice.end(), kGzipLabels.begin(), kGzipLabels.end());
  CHECK_THROWS_WITH_AS(read_idx(write_bytes(kDir / "twice.gz", twice)), Contains("trailing bytes"), Error);
}

TEST_CASE("malformed IDX files are rejected with the file name and the reason") {
  const auto read = [](const std::string& name, const std::vector<uint8_t>& bytes) {
    return read_idx(write_bytes(kDir / name, bytes));
  };
  CHECK_THROWS_WITH_AS(read("empty", {}), Contains("empty file"), Error);
  CHECK_THROWS_WITH_AS(read("short", {0, 0, 8}), Contains("truncated IDX header"), Error);
  CHECK_THROWS_WITH_AS(read("magic", {'P', 'K', 3, 4, 0, 0, 0, 0}), Contains("not an IDX file"), Error);
  CHECK_THROWS_WITH_AS(read("magic", {'P', 'K', 3, 4, 0, 0, 0, 0}), Contains("magic"), Error);
  CHECK_THROWS_WITH_AS(read("float", with_payload(idx_header({2}, 0x0D), 8)), Contains("0x0D (float32)"), Error);
  CHECK_THROWS_WITH_AS(read("rank0", idx_header({})), Contains("0 dimensions"), Error);
  CHECK_THROWS_WITH_AS(read("dims", {0, 0, 8, 3, 0, 0, 0, 2}), Contains("truncated IDX header"), Error);
  CHECK_THROWS_WITH_AS(read("payload", with_payload(idx_header({2, 3, 3}), 17)), Contains("(truncated)"), Error);
  CHECK_THROWS_WITH_AS(read("payload", with_payload(idx_header({2, 3, 3}), 17)), Contains("payload"), Error);
  CHECK_THROWS_WITH_AS(read("extra", with_payload(idx_header({2, 3, 3}), 19)), Contains("(trailing bytes)"), Error);
  // Huge dimensions must not overflow into a small count or allocate anything.
  CHECK_THROWS_WITH_AS(read("huge", with_payload(idx_header({0xffffffff, 0xffffffff, 0xffffffff}), 4)),
                       Contains("(truncated)"), Error);
  CHECK_THROWS_WITH_AS(read_idx((kDir / "missing").string()), Contains("cannot open"), Error);
}

TEST_CASE("load_idx checks that images and labels belong together") {
  const std::string images = write_bytes(kDir / "img", with_payload(idx_header({4, 2, 2}), 16));
  const std::string labels3 = write_bytes(kDir / "lab3", with_payload(idx_header({3}), 3));
  const std::string labels4 = write_bytes(kDir / "lab4", with_payload(idx_header({4}), 4));
  const std::string flat = write_bytes(kDir / "flat", with_payload(idx_header({4, 4}), 16));
  const std::vector<std::string> names = {"a", "b", "c"};
  CHECK_THROWS_WITH_AS(load_idx(images, labels3, names), Contains("holds 4 images but"), Error);
  CHECK_THROWS_WITH_AS(load_idx(images, labels3, names), Contains("3 labels"), Error);
  CHECK_THROWS_WITH_AS(load_idx(flat, labels4, names), Contains("expected images (N, height, width)"), Error);
  CHECK_THROWS_WITH_AS(load_idx(images, images, names), Contains("expected labels (N)"), Error);
  CHECK_THROWS_WITH_AS(load_idx(images, labels4, {"a", "b"}), Contains("label 2 of item 2"), Error);
  CHECK(load_idx(images, labels4, names).size() == 4);
}
