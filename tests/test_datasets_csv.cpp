// CSV files written by the test itself: OpenML-style headers, label columns, and errors with file:line:column.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "datasets/csv.hpp"
#include "test_datasets_files.hpp"

using namespace tunet::datasets;
using doctest::Contains;
using tunet::Error;
using testing::write_text;

namespace {
const std::filesystem::path kDir = testing::scratch_dir("test_datasets_csv");
}

TEST_CASE("an OpenML mnist_784-style file: header, quoted integer class in the last column") {
  const std::string path = write_text(kDir / "mnist_784.csv",
                                      "pixel1,pixel2,pixel3,class\n"
                                      "0,128,255,'5'\n"
                                      "\n"
                                      "1, 2 ,3,\"7\"\r\n");
  const Dataset d = load_csv(path, {.label_column = "class"});
  CHECK(d.x.shape() == tunet::Shape{2, 3});
  CHECK(d.x.to_vector() == std::vector<float>{0, 128, 255, 1, 2, 3});
  CHECK(d.y.to_vector() == std::vector<float>{5, 7});  // integer labels are the class indices
  CHECK(d.num_classes == 8);
  CHECK(d.class_names.back() == "7");
  // The same by position: the last column is the default label.
  CHECK(load_csv(path).y.to_vector() == std::vector<float>{5, 7});
}

TEST_CASE("label by index, no header, string labels become sorted class names") {
  const std::string path = write_text(kDir / "iris.csv",
                                      "virginica;5.1;3.5\n"
                                      "setosa;4.9;3.0\n"
                                      "virginica;6.0;2.2\n");
  const Dataset d = load_csv(path, {.label_index = 0, .header = false, .delimiter = ';'});
  CHECK(d.x.shape() == tunet::Shape{3, 2});
  CHECK(d.x.at({2, 0}) == doctest::Approx(6.0));
  CHECK(d.class_names == std::vector<std::string>{"setosa", "virginica"});
  CHECK(d.y.to_vector() == std::vector<float>{1, 0, 1});
  CHECK(d.class_counts() == std::vector<int64_t>{1, 2});
}

TEST_CASE("regression targets") {
  const std::string path = write_text(kDir / "curve.csv", "x,y\n0.5,1.25\n-1,2e-3\n");
  const Dataset d = load_csv(path, {.regression = true});
  CHECK(d.num_classes == 0);
  CHECK(d.y.shape() == tunet::Shape{2, 1});
  CHECK(d.y.at({1, 0}) == doctest::Approx(0.002));
  CHECK_THROWS_WITH_AS(load_csv(write_text(kDir / "bad_target.csv", "x,y\n1,abc\n"), {.regression = true}),
                       Contains("bad_target.csv:2: column 2 (\"y\"): expected a numeric target"), Error);
}

TEST_CASE("errors name the file, the line and the column") {
  const auto load = [](const std::string& name, const std::string& text, CsvOptions options = {}) {
    return load_csv(write_text(kDir / name, text), options);
  };
  CHECK_THROWS_WITH_AS(load("ragged.csv", "a,b,label\n1,2,0\n3,0\n"),
                       Contains("ragged.csv:3: 2 fields, expected 3 (as in the header)"), Error);
  CHECK_THROWS_WITH_AS(load("ragged2.csv", "1,2,0\n3,4,5,0\n", {.header = false}),
                       Contains("ragged2.csv:2: 4 fields, expected 3 (as in the first line)"), Error);
  CHECK_THROWS_WITH_AS(load("text.csv", "a,b,label\n1,2,0\n\n3,x7,1\n"),
                       Contains("text.csv:4: column 2 (\"b\"): expected a number, got \"x7\""), Error);
  CHECK_THROWS_WITH_AS(load("missing.csv", "a,b,label\n1,?,0\n"), Contains("got \"?\""), Error);
  CHECK_THROWS_WITH_AS(load("empty.csv", ""), Contains("empty.csv: empty file"), Error);
  CHECK_THROWS_WITH_AS(load("blank.csv", "\n  \n"), Contains("empty file"), Error);
  CHECK_THROWS_WITH_AS(load("header_only.csv", "a,b,label\n"), Contains("no data rows"), Error);
  CHECK_THROWS_WITH_AS(load("one_column.csv", "label\n1\n"), Contains("one column only"), Error);
  CHECK_THROWS_WITH_AS(load("no_name.csv", "a,b,label\n1,2,0\n", {.label_column = "class"}),
                       Contains("no column named \"class\""), Error);
  CHECK_THROWS_WITH_AS(load("index.csv", "a,b,label\n1,2,0\n", {.label_index = 3}),
                       Contains("label_index 3 is outside the 3 columns"), Error);
  CHECK_THROWS_WITH_AS(load("name_no_header.csv", "1,2,0\n", {.label_column = "x", .header = false}),
                       Contains("needs a header line"), Error);
  CHECK_THROWS_WITH_AS(load_csv((kDir / "does_not_exist.csv").string()), Contains("cannot open"), Error);
}
