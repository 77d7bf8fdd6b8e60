#include "tuner/integration/data_config.hpp"

#include <algorithm>
#include <filesystem>

#include "core/error.hpp"
#include "datasets/csv.hpp"
#include "datasets/min_max_scaling.hpp"
#include "datasets/mnist.hpp"
#include "datasets/standardization.hpp"
#include "datasets/synthetic.hpp"
#include "tuner/config/json_fields.hpp"

namespace tunet::tuner {

namespace ds = tunet::datasets;
namespace fs = std::filesystem;

namespace {

// Large enough for any real data set, small enough that sizes never overflow.
constexpr int64_t kMaxCount = int64_t{1} << 40;
constexpr int64_t kMaxSide = 1 << 16;

constexpr uint64_t kTestSplitStream = 0x7e57;  // the CSV test split's seed: study seed + this

double fraction_field(const Json& data, const char* key, double fallback) {
  if (!data.contains(key)) return fallback;
  const double fraction = number_value(data.at(key), std::string("data.") + key);
  if (!(fraction >= 0 && fraction < 1)) field_error(std::string("data.") + key, "a fraction in [0, 1)", data.at(key));
  return fraction;
}

DataSettings parse_csv_settings(const Json& data) {
  check_fields(data, "data", {"format", "path", "label_column", "header", "delimiter", "regression", "test_split",
                              "test_path", "validation_split", "scaling"});
  const std::string format = string_value(data.at("format"), "data.format");
  if (format != "csv") field_error("data.format", "\"csv\" (or no format, with a data set's name)", data.at("format"));
  require_field(data, "path", "data");
  DataSettings d;
  CsvSettings& c = d.csv.emplace();
  c.path = string_value(data.at("path"), "data.path");
  if (c.path.empty()) field_error("data.path", "a CSV file", data.at("path"));
  if (data.contains("label_column")) {
    const Json& label = data.at("label_column");
    if (label.is_string()) c.label_column = label.get<std::string>();
    else c.label_index = static_cast<int>(integer_value(label, "data.label_column", -100'000, 100'000));
  }
  c.header = bool_or(data, "header", true, "data");
  const std::string delimiter = string_or(data, "delimiter", ",", "data");
  if (delimiter.size() != 1) field_error("data.delimiter", "one character", data.at("delimiter"));
  c.delimiter = delimiter[0];
  c.regression = bool_or(data, "regression", false, "data");
  c.test_path = string_or(data, "test_path", "", "data");
  if (data.contains("test_path") && c.test_path.empty()) field_error("data.test_path", "a CSV file", data.at("test_path"));
  if (!c.test_path.empty() && data.contains("test_split"))
    throw Error("data.test_split: the test set comes from data.test_path; give one of them");
  c.test_split = fraction_field(data, "test_split", c.test_path.empty() ? 0.2 : 0.0);
  c.scaling = string_or(data, "scaling", "none", "data");
  if (c.scaling != "standard" && c.scaling != "minmax" && c.scaling != "none")
    field_error("data.scaling", "standard, minmax or none", data.at("scaling"));
  if (data.contains("validation_split")) d.validation_split = fraction_field(data, "validation_split", 0.1);
  return d;
}

// A missing file names its field and the directory a relative path is resolved against.
void check_file_exists(const std::string& path, const char* field) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return;
  throw Error(std::string(field) + ": no file '" + path + "'" +
              (fs::path(path).is_relative() ? " (resolved against " + fs::current_path().string() + ")" : ""));
}

// The test file's labels as the training file's class indices.
ds::Dataset with_classes_of(const ds::Dataset& train, ds::Dataset test, const std::string& path) {
  check(test.x.shape().size() == 2 && test.x.shape()[1] == train.x.shape()[1],
        "data.test_path: " + path + " has " + std::to_string(test.x.shape()[1]) + " feature columns, data.path has " +
            std::to_string(train.x.shape()[1]));
  if (!train.is_classification()) return test;
  std::vector<float> labels = test.y.to_vector();
  for (float& label : labels) {
    const std::string& name = test.class_names.at(static_cast<size_t>(label));
    const auto at = std::find(train.class_names.begin(), train.class_names.end(), name);
    check(at != train.class_names.end(),
          "data.test_path: " + path + " has the label '" + name + "', which is no class of data.path");
    label = static_cast<float>(at - train.class_names.begin());
  }
  test.y = Tensor::from(test.y.shape(), labels);
  test.num_classes = train.num_classes;
  test.class_names = train.class_names;
  return test;
}

ds::Splits load_csv_splits(const CsvSettings& c, double validation_split, uint64_t seed) {
  check_file_exists(c.path, "data.path");
  if (!c.test_path.empty()) check_file_exists(c.test_path, "data.test_path");
  const ds::CsvOptions options{.label_column = c.label_column, .label_index = c.label_index, .header = c.header,
                               .delimiter = c.delimiter, .regression = c.regression};
  const ds::Dataset all = ds::load_csv(c.path, options);
  ds::Splits s;
  if (!c.test_path.empty()) {
    s = {all, {}, with_classes_of(all, ds::load_csv(c.test_path, options), c.test_path)};
  } else if (c.test_split > 0) {
    ds::TrainValidation tt = ds::train_validation_split(all, c.test_split, seed + kTestSplitStream);
    s = {tt.train, {}, tt.validation};
  } else {
    s.train = all;
  }
  return validation_split > 0 ? s.split_validation(validation_split, seed) : s;
}

ds::Splits synthetic(const DataSettings& data, uint64_t seed) {
  const int64_t per_class = data.samples_per_class;
  ds::Dataset all = data.name == "two_spirals"
                        ? ds::two_spirals({.samples_per_class = per_class, .noise = 0.05, .seed = seed})
                        : ds::gaussian_blobs({.samples_per_class = per_class, .classes = 3, .seed = seed});
  ds::TrainValidation tv = ds::train_validation_split(all, 0.2, seed);
  return {tv.train, {}, tv.validation};
}

}  // namespace

DataSettings parse_data_settings(const Json& data) {
  require_object(data, "data");
  if (data.contains("format")) return parse_csv_settings(data);
  check_fields(data, "data", {"name", "dir", "subset", "resize", "flatten", "channels_first", "scale",
                              "validation_split", "samples_per_class"});
  require_field(data, "name", "data");
  DataSettings d;
  d.name = string_value(data.at("name"), "data.name");
  if (d.name != "fashion_mnist" && d.name != "mnist" && d.name != "mnist_digits" && d.name != "two_spirals" &&
      d.name != "gaussian_blobs")
    field_error("data.name", "fashion_mnist, mnist, mnist_digits, two_spirals or gaussian_blobs", data.at("name"));
  d.dir = string_or(data, "dir", "", "data");
  d.samples_per_class = integer_or(data, "samples_per_class", 200, "data", 10, 1'000'000);
  if (data.contains("subset")) {
    const Json& sub = data.at("subset");
    require_object(sub, "data.subset");
    check_fields(sub, "data.subset", {"train", "test"});
    if (sub.contains("train")) d.subset_train = integer_value(sub.at("train"), "data.subset.train", 1, kMaxCount);
    if (sub.contains("test")) d.subset_test = integer_value(sub.at("test"), "data.subset.test", 1, kMaxCount);
  }
  if (data.contains("resize")) {
    const Json& r = data.at("resize");
    if (!r.is_array() || r.size() != 2) field_error("data.resize", "[height, width]", r);
    d.resize = {integer_value(r[0], "data.resize[0]", 1, kMaxSide), integer_value(r[1], "data.resize[1]", 1, kMaxSide)};
  }
  d.channels_first = bool_or(data, "channels_first", false, "data");
  d.flatten = bool_or(data, "flatten", d.images(), "data");
  if (data.contains("scale")) d.scale = static_cast<float>(number_value(data.at("scale"), "data.scale"));
  if (data.contains("validation_split")) {
    const double fraction = number_value(data.at("validation_split"), "data.validation_split");
    if (!(fraction >= 0 && fraction < 1))
      field_error("data.validation_split", "a fraction in [0, 1)", data.at("validation_split"));
    d.validation_split = fraction;
  }
  return d;
}

const std::string& DataSettings::scaling() const {
  static const std::string none = "none";
  return csv ? csv->scaling : none;
}

ds::Splits scaled_by_train(const ds::Splits& s, const std::string& scaling) {
  auto scale_each = [&s](const auto& scaler) -> ds::Splits {
    return {scaler.apply(s.train), scaler.apply(s.validation), scaler.apply(s.test)};
  };
  if (scaling == "standard") return scale_each(ds::Standardization::fit(s.train));
  if (scaling == "minmax") return scale_each(ds::MinMaxScaling::fit(s.train));
  return s;
}

ds::Splits load_unscaled_data(const DataSettings& data, uint64_t seed) {
  if (data.csv) return load_csv_splits(*data.csv, data.validation_split.value_or(0.1), seed);
  ds::Splits s;
  if (data.images()) {
    try {
      if (data.name == "fashion_mnist") s = ds::fashion_mnist(data.dir);
      else if (data.name == "mnist") s = ds::mnist(data.dir);
      else s = ds::mnist_digits(data.dir);
    } catch (const Error& e) {
      throw Error("data.dir" + (data.dir.empty() ? std::string(" (not set)") : " = \"" + data.dir + "\"") + ": " +
                  e.what());
    }
  } else {
    s = synthetic(data, seed);
  }

  if (data.subset_train || data.subset_test) {
    ds::PartSizes sizes;
    if (data.subset_train) sizes.train = std::min(*data.subset_train, s.train.size());
    if (data.subset_test) sizes.test = std::min(*data.subset_test, s.test.size());
    s = s.take_stratified(sizes, seed);
  }
  if (data.resize) s = s.resize(data.resize->first, data.resize->second);
  if (data.channels_first) s = s.reshape_nchw();
  else if (data.flatten) s = s.flatten();
  if (data.scale) s = s.scale(*data.scale);
  else if (data.images()) s = s.scale(1.0f / 255);
  const double fraction = data.validation_split.value_or(0.1);
  return fraction > 0 ? s.split_validation(fraction, seed) : s;
}

ds::Splits load_data(const DataSettings& data, uint64_t seed) {
  return scaled_by_train(load_unscaled_data(data, seed), data.scaling());
}

ds::Splits load_data(const Json& data, uint64_t seed) { return load_data(parse_data_settings(data), seed); }

}  // namespace tunet::tuner
