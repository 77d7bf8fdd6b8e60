#include "tuner/adapter/data_config.hpp"

#include <set>

#include "core/error.hpp"
#include "datasets/mnist.hpp"
#include "datasets/synthetic.hpp"

namespace tunet::tuner {

namespace ds = tunet::datasets;

namespace {

ds::Splits synthetic(const std::string& name, const Json& data, uint64_t seed) {
  const int64_t per_class = data.value("samples_per_class", 200);
  check(per_class >= 10, "data.samples_per_class must be >= 10");
  ds::Dataset all = name == "two_spirals"
                        ? ds::two_spirals({.samples_per_class = per_class, .noise = 0.05, .seed = seed})
                        : ds::gaussian_blobs({.samples_per_class = per_class, .classes = 3, .seed = seed});
  ds::TrainValidation tv = ds::train_validation_split(all, 0.2, seed);
  return {tv.train, {}, tv.validation};
}

}  // namespace

ds::Splits load_data(const Json& data, uint64_t seed) {
  check(data.is_object() && data.contains("name") && data.at("name").is_string(),
        "data: expected {\"name\": \"fashion_mnist\", ...}");
  static const std::set<std::string> kKnown = {"name", "dir", "subset", "resize", "flatten", "channels_first",
                                               "scale", "validation_split", "samples_per_class"};
  for (const auto& [key, value] : data.items())
    check(kKnown.count(key) > 0, "data: unknown field '" + key + "'");
  const std::string name = data.at("name").get<std::string>();
  const std::string dir = data.value("dir", "");
  const bool images = name == "fashion_mnist" || name == "mnist" || name == "mnist_digits";

  ds::Splits s;
  if (name == "fashion_mnist") s = ds::fashion_mnist(dir);
  else if (name == "mnist") s = ds::mnist(dir);
  else if (name == "mnist_digits") s = ds::mnist_digits(dir);
  else if (name == "two_spirals" || name == "gaussian_blobs") s = synthetic(name, data, seed);
  else throw Error("data.name: unknown data set '" + name +
                   "' (expected fashion_mnist, mnist, mnist_digits, two_spirals, gaussian_blobs)");

  if (data.contains("subset")) {
    const Json& sub = data.at("subset");
    check(sub.is_object(), "data.subset: expected {\"train\": N, \"test\": M}");
    ds::PartSizes sizes;
    for (const auto& [part, n] : sub.items()) {
      check(n.is_number_integer() && n.get<int64_t>() > 0, "data.subset." + part + ": expected a positive count");
      if (part == "train") sizes.train = std::min(n.get<int64_t>(), s.train.size());
      else if (part == "test") sizes.test = std::min(n.get<int64_t>(), s.test.size());
      else throw Error("data.subset: unknown part '" + part + "' (expected train, test)");
    }
    s = s.take_stratified(sizes, seed);
  }
  if (data.contains("resize")) {
    const Json& r = data.at("resize");
    check(r.is_array() && r.size() == 2 && r[0].is_number_integer() && r[1].is_number_integer(),
          "data.resize: expected [height, width]");
    s = s.resize(r[0].get<int64_t>(), r[1].get<int64_t>());
  }
  if (data.value("channels_first", false)) s = s.reshape_nchw();
  else if (data.value("flatten", images)) s = s.flatten();
  if (data.contains("scale")) {
    check(data.at("scale").is_number(), "data.scale: expected a number");
    s = s.scale(data.at("scale").get<float>());
  } else if (images) {
    s = s.scale(1.0f / 255);
  }
  const double fraction = data.value("validation_split", 0.1);
  check(fraction >= 0 && fraction < 1, "data.validation_split must be in [0, 1), got " + std::to_string(fraction));
  return fraction > 0 ? s.split_validation(fraction, seed) : s;
}

}  // namespace tunet::tuner
