// fashion_mnist(), mnist() and data_dir(); mnist_digits() is in mnist_digits.cpp.
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "core/error.hpp"
#include "datasets/idx.hpp"
#include "datasets/mnist.hpp"

namespace tunet::datasets {
namespace {

namespace fs = std::filesystem;

const char* const kFashionSystemDir = "/usr/share/datasets/fashion-mnist";

// The four files of an MNIST-style set, each raw or .gz.
struct IdxFiles {
  std::string train_images, train_labels, test_images, test_labels;
};

std::optional<std::string> find_file(const fs::path& dir, const std::string& name) {
  for (const std::string& candidate : {name + ".gz", name}) {
    std::error_code error;
    if (fs::is_regular_file(dir / candidate, error)) return (dir / candidate).string();
  }
  return std::nullopt;
}

std::optional<IdxFiles> find_idx_files(const fs::path& dir) {
  auto train_images = find_file(dir, "train-images-idx3-ubyte");
  auto train_labels = find_file(dir, "train-labels-idx1-ubyte");
  auto test_images = find_file(dir, "t10k-images-idx3-ubyte");
  auto test_labels = find_file(dir, "t10k-labels-idx1-ubyte");
  if (!train_images || !train_labels || !test_images || !test_labels) return std::nullopt;
  return IdxFiles{*train_images, *train_labels, *test_images, *test_labels};
}

std::string joined(const std::vector<fs::path>& paths) {
  std::string out;
  for (const fs::path& path : paths) out += (out.empty() ? "" : ", ") + path.string();
  return out;
}

Splits load_first_found(const std::vector<fs::path>& candidates, const std::vector<std::string>& class_names,
                        const std::string& what, const std::string& how_to_get) {
  for (const fs::path& dir : candidates) {
    if (const auto files = find_idx_files(dir)) {
      Splits out;
      out.train = load_idx(files->train_images, files->train_labels, class_names);
      out.test = load_idx(files->test_images, files->test_labels, class_names);
      return out;
    }
  }
  throw Error(what + ": the four files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, "
                     "t10k-labels-idx1-ubyte (raw or .gz) were not found in: " +
              joined(candidates) + ". " + how_to_get);
}

std::vector<std::string> digit_names() {
  std::vector<std::string> names;
  for (int d = 0; d < 10; ++d) names.push_back(std::to_string(d));
  return names;
}

}  // namespace

std::string data_dir(const std::string& dir) {
  if (!dir.empty()) return dir;
  if (const char* env = std::getenv("TUNET_DATA_DIR"); env != nullptr && *env != '\0') return env;
  return "./data";
}

const std::vector<std::string>& fashion_mnist_class_names() {
  static const std::vector<std::string> names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                 "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return names;
}

Splits fashion_mnist(const std::string& dir) {
  std::vector<fs::path> candidates;
  if (!dir.empty()) {
    candidates = {fs::path(dir), fs::path(dir) / "fashion-mnist"};
  } else {
    if (const char* env = std::getenv("TUNET_DATA_DIR"); env != nullptr && *env != '\0') {
      candidates.push_back(fs::path(env) / "fashion-mnist");
    }
    candidates.push_back(kFashionSystemDir);
  }
  return load_first_found(candidates, fashion_mnist_class_names(), "fashion_mnist",
                          "On Debian: sudo apt-get install dataset-fashion-mnist (installs them in " +
                              std::string(kFashionSystemDir) +
                              "); or pass their directory to fashion_mnist(dir) or put them in "
                              "$TUNET_DATA_DIR/fashion-mnist");
}

Splits mnist(const std::string& dir) {
  const fs::path root = data_dir(dir);
  return load_first_found({root / "mnist", root}, digit_names(), "mnist",
                          "tunet does not download the full MNIST: copy the four files into " +
                              (root / "mnist").string() +
                              ", or use mnist_digits() (10,000 digits, fetched by scripts/fetch_mnist_digits.sh)");
}

}  // namespace tunet::datasets
