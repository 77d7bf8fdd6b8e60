#pragma once
// CSV files of tabular or flattened-image data, e.g. OpenML's mnist_784
// (a header pixel1,...,pixel784,class and one image per line).
//
//   Dataset d = load_csv("mnist_784.csv", {.label_column = "class"});
//   Dataset e = load_csv("digits.csv", {.label_index = 64, .header = false});
//
// Every column except the label is a feature and must be a number. Labels:
//   - all non-negative integers ("0".."9")  -> class index = the value, and
//     num_classes = the largest + 1, class names "0", "1", ...;
//   - anything else ("setosa", "virginica") -> the sorted distinct names,
//     class index = position in that list;
//   - regression = true -> numeric targets, y of shape (N, 1).
// Fields are trimmed of spaces and of one pair of surrounding quotes (" or ');
// a field must not contain the delimiter itself. Blank lines are skipped, and
// gzip-compressed files are read directly.
// Errors name the file, the line, the column (and its header name): ragged
// rows, non-numeric fields, a missing label column, an empty file.
#include <string>
#include <string_view>

#include "datasets/dataset.hpp"

namespace tunet::datasets {

struct CsvOptions {
  std::string label_column = "";  // the label's header name; when empty, label_index picks it
  int label_index = -1;      // 0-based column; negative counts from the end (-1: the last)
  bool header = true;        // the first line names the columns
  char delimiter = ',';
  bool regression = false;   // the label is a numeric target, not a class
};

Dataset load_csv(const std::string& path, const CsvOptions& options = {});
// The same from text in memory; `source` names it in errors.
Dataset parse_csv(std::string_view text, const CsvOptions& options, const std::string& source);

}  // namespace tunet::datasets
