// CSV data sets in configs: the file is split into train / validation / test
// with the study seed (or the test set comes from data.test_path), and the
// scaling ("standard", "minmax") learns its statistics from the training part
// alone and applies them unchanged to the others (no leakage); under
// cross-validation, from each fold's training rows alone. A small search runs
// end to end on a CSV file.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/integration/data_config.hpp"
#include "tuner/integration/model_objective.hpp"
#include "tuner/integration/tune_config.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;
using tunet::testing::fresh_dir;

namespace {

// `rows` rows: two features on very different scales, the label in the
// middle column (named classes), a third feature.
fs::path write_csv(const fs::path& dir, const std::string& name = "plants.csv", int rows = 60) {
  fs::create_directories(dir);
  const fs::path path = dir / name;
  std::ofstream out(path);
  out << "height,kind,weight,age\n";
  const char* kinds[] = {"fern", "moss", "oak"};
  for (int i = 0; i < rows; ++i) {
    const int k = i % 3;
    out << (1000.0 + 37.0 * ((i * 7) % 11) + 300.0 * k) << "," << kinds[k] << "," << (0.01 * ((i * 5) % 13) + 0.2 * k)
        << "," << (i % 4) << "\n";
  }
  return path;
}

Json csv_data(const fs::path& path, const std::string& scaling) {
  return Json{{"format", "csv"},        {"path", path.string()}, {"label_column", "kind"},
              {"scaling", scaling},     {"test_split", 0.2},     {"validation_split", 0.25}};
}

// Per-feature statistics of x (N, D).
std::vector<double> column(const Tensor& x, int64_t j) {
  std::vector<double> c;
  const int64_t d = x.dim(1);
  for (int64_t i = 0; i < x.dim(0); ++i) c.push_back(x.data()[i * d + j]);
  return c;
}
double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}
double stddev(const std::vector<double>& v) {  // population, as Standardization
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size()));
}

std::string error_of(const Json& data) {
  try {
    parse_data_settings(data);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("A CSV file splits into train, validation and test; labels by column name") {
  const fs::path path = write_csv(fresh_dir("csv_split"));
  const datasets::Splits s = load_data(csv_data(path, "none"), 7);
  CHECK(s.test.size() == 12);
  CHECK(s.validation.size() == 12);
  CHECK(s.train.size() == 36);
  CHECK(s.train.sample_shape() == Shape{3});
  CHECK(s.num_classes() == 3);
  CHECK(s.class_names() == std::vector<std::string>{"fern", "moss", "oak"});
  // The same seed, the same splits.
  const datasets::Splits again = load_data(csv_data(path, "none"), 7);
  CHECK(column(again.test.x, 0) == column(s.test.x, 0));
}

TEST_CASE("standard and minmax scaling learn from the training part only") {
  const fs::path path = write_csv(fresh_dir("csv_scaling"));
  const datasets::Splits raw = load_data(csv_data(path, "none"), 7);
  const datasets::Splits z = load_data(csv_data(path, "standard"), 7);
  const datasets::Splits mm = load_data(csv_data(path, "minmax"), 7);
  for (int64_t j = 0; j < 3; ++j) {
    CAPTURE(j);
    const std::vector<double> train = column(raw.train.x, j);
    const double m = mean(train), sd = stddev(train);
    CHECK(mean(column(z.train.x, j)) == doctest::Approx(0).epsilon(1e-5));
    CHECK(stddev(column(z.train.x, j)) == doctest::Approx(1).epsilon(1e-4));
    const auto [lo, hi] = std::minmax_element(train.begin(), train.end());
    const std::vector<double> mm_train = column(mm.train.x, j);
    CHECK(*std::min_element(mm_train.begin(), mm_train.end()) == doctest::Approx(0));
    CHECK(*std::max_element(mm_train.begin(), mm_train.end()) == doctest::Approx(1));
    // Validation and test: train's statistics, not their own.
    for (const auto* part : {&raw.validation, &raw.test}) {
      const datasets::Dataset& zp = part == &raw.validation ? z.validation : z.test;
      const datasets::Dataset& mp = part == &raw.validation ? mm.validation : mm.test;
      const std::vector<double> x = column(part->x, j), xz = column(zp.x, j), xm = column(mp.x, j);
      for (size_t i = 0; i < x.size(); ++i) {
        CHECK(xz[i] == doctest::Approx((x[i] - m) / sd).epsilon(1e-4));
        CHECK(xm[i] == doctest::Approx((x[i] - *lo) / (*hi - *lo)).epsilon(1e-4));
      }
    }
  }
}

TEST_CASE("CSV settings are checked before any file is read, naming the field") {
  const Json ok = csv_data("plants.csv", "standard");
  CHECK(error_of(ok) == "no error");
  Json bad = ok;
  bad["scaling"] = "robust";
  CHECK(error_of(bad).find("data.scaling") != std::string::npos);
  bad = ok;
  bad["format"] = "parquet";
  CHECK(error_of(bad).find("data.format") != std::string::npos);
  bad = ok;
  bad.erase("path");
  CHECK(error_of(bad).find("path") != std::string::npos);
  bad = ok;
  bad["test_split"] = 1.5;
  CHECK(error_of(bad).find("data.test_split") != std::string::npos);
  bad = ok;
  bad["resize"] = Json::array({8, 8});
  CHECK(error_of(bad).find("resize") != std::string::npos);
  bad = ok;
  bad["label_column"] = 1;  // an index works too
  CHECK(error_of(bad) == "no error");
  // A label column the file does not have: named when the file is read.
  const fs::path path = write_csv(fresh_dir("csv_missing_label"));
  bad = csv_data(path, "none");
  bad["label_column"] = "species";
  CHECK_THROWS_WITH_AS(load_data(bad, 1), doctest::Contains("species"), Error);
}

TEST_CASE("A search on a CSV data set runs end to end") {
  const fs::path dir = fresh_dir("csv_search");
  const fs::path path = write_csv(dir);
  Json config = parse_config(R"({
    "data": {},
    "model": [{"layer": "dense", "units": 8, "activation": "relu", "input_shape": [3]},
              {"layer": "dense", "units": 3, "activation": "softmax"}],
    "compile": {"optimizer": {"name": "adam", "learning_rate": "$learning_rate"},
                "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]},
    "space": {"learning_rate": {"type": "choice", "values": [0.01, 0.1]}},
    "search": {"algorithm": "grid", "epochs": 2},
    "fit": {"batch_size": 8},
    "repo_dir": "",
    "seed": 2
  })", "csv.json");
  config["data"] = csv_data(path, "standard");
  config["repo_dir"] = (dir / "repo").string();
  TuneJob job(config);
  const TuneReport report = job.run();
  CHECK(report.results.trials().size() == 2);
  CHECK(report.results.has_best());
  REQUIRE(report.test.has_value());
  CHECK(report.test_samples == 12);
}

TEST_CASE("Under cross-validation each fold's scaling is learned from its training rows alone") {
  const fs::path path = write_csv(fresh_dir("csv_fold_scaling"));
  Json data = csv_data(path, "standard");
  data["test_split"] = 0.0;
  data["validation_split"] = 0.0;
  const DataSettings settings = parse_data_settings(data);
  const datasets::Dataset rows = load_unscaled_data(settings, 7).train;
  const ModelObjectiveOptions options{
      .folds = 3, .fold_seed = 11,
      .fold_preprocess = [](const datasets::Splits& fold) { return scaled_by_train(fold, "standard"); }};
  const std::vector<datasets::Splits> folds = cross_validation_folds(rows, options);
  REQUIRE(folds.size() == 3);
  for (const datasets::Splits& fold : folds)
    for (int64_t j = 0; j < 3; ++j) {
      CHECK(mean(column(fold.train.x, j)) == doctest::Approx(0).epsilon(1e-5));
      CHECK(stddev(column(fold.train.x, j)) == doctest::Approx(1).epsilon(1e-4));
    }

  // Fold 0's validation rows made 100 times larger: fold 0's scaler (and so
  // its scaled training rows) stays; the other folds, which train on those rows, change.
  const std::vector<datasets::SplitIndices> split =
      datasets::k_fold(rows, {.k = 3, .stratify = true, .shuffle = true, .seed = 11});
  datasets::Dataset changed = rows;
  changed.x = rows.x.clone();
  const int64_t d = rows.x.dim(1);
  for (int64_t i : split[0].validation)
    for (int64_t j = 0; j < d; ++j) changed.x.data()[i * d + j] *= 100.0f;
  const std::vector<datasets::Splits> again = cross_validation_folds(changed, options);
  for (int64_t j = 0; j < d; ++j) {
    CHECK(column(again[0].train.x, j) == column(folds[0].train.x, j));
    CHECK(column(again[1].train.x, j) != column(folds[1].train.x, j));
  }
  // Fold 0's validation rows are scaled with fold 0's training statistics.
  const std::vector<double> train = column(rows.subset(split[0].train).x, 0);
  const std::vector<double> held = column(changed.subset(split[0].validation).x, 0);
  const std::vector<double> scaled = column(again[0].validation.x, 0);
  for (size_t i = 0; i < held.size(); ++i)
    CHECK(scaled[i] == doctest::Approx((held[i] - mean(train)) / stddev(train)).epsilon(1e-4));
}

TEST_CASE("data.test_path: the test set from its own file, scaled with the training statistics") {
  const fs::path dir = fresh_dir("csv_test_path");
  const fs::path train_path = write_csv(dir, "train.csv", 60);
  // The test file: other rows, and not every class (its indices are the training file's).
  {
    std::ofstream out(dir / "test.csv");
    out << "height,kind,weight,age\n1500,oak,0.3,1\n1100,moss,0.1,2\n1700,oak,0.5,3\n";
  }
  Json data = csv_data(train_path, "standard");
  data.erase("test_split");
  data["test_path"] = (dir / "test.csv").string();
  const datasets::Splits s = load_data(data, 7);
  CHECK(s.test.size() == 3);
  CHECK(s.train.size() + s.validation.size() == 60);
  CHECK(s.test.class_names == s.train.class_names);
  CHECK(s.test.y.to_vector() == std::vector<float>{2, 1, 2});  // oak, moss, oak in fern, moss, oak
  Json raw_data = data;
  raw_data["scaling"] = "none";
  const datasets::Splits raw = load_data(raw_data, 7);
  for (int64_t j = 0; j < 3; ++j) {
    const std::vector<double> train = column(raw.train.x, j), x = column(raw.test.x, j), xz = column(s.test.x, j);
    for (size_t i = 0; i < x.size(); ++i)
      CHECK(xz[i] == doctest::Approx((x[i] - mean(train)) / stddev(train)).epsilon(1e-4));
  }

  Json both = data;
  both["test_split"] = 0.2;
  CHECK(error_of(both) == "data.test_split: the test set comes from data.test_path; give one of them");
  Json missing = data;
  missing["test_path"] = (dir / "nothing.csv").string();
  CHECK_THROWS_WITH_AS(load_data(missing, 7), ("data.test_path: no file '" + (dir / "nothing.csv").string() + "'").c_str(),
                       Error);
  {
    std::ofstream out(dir / "other.csv");
    out << "height,kind,weight,age\n1500,palm,0.3,1\n";
  }
  Json other = data;
  other["test_path"] = (dir / "other.csv").string();
  CHECK_THROWS_WITH_AS(load_data(other, 7),
                       ("data.test_path: " + (dir / "other.csv").string() +
                        " has the label 'palm', which is no class of data.path").c_str(),
                       Error);
}
