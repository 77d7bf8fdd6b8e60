#include "datasets/csv.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "core/error.hpp"
#include "datasets/file_bytes.hpp"

namespace tunet::datasets {
namespace {

// Integer labels up to this value are class indices; larger ones are names.
constexpr long kMaxIntegerClass = 65535;

std::string_view trim(std::string_view field) {
  while (!field.empty() && (field.front() == ' ' || field.front() == '\t')) field.remove_prefix(1);
  while (!field.empty() && (field.back() == ' ' || field.back() == '\t' || field.back() == '\r')) field.remove_suffix(1);
  const bool quoted = field.size() >= 2 && field.front() == field.back() && (field.front() == '"' || field.front() == '\'');
  if (quoted) field = field.substr(1, field.size() - 2);
  return field;
}

void split_fields(std::string_view line, char delimiter, std::vector<std::string_view>& fields) {
  fields.clear();
  size_t start = 0;
  for (;;) {
    const size_t end = line.find(delimiter, start);
    fields.push_back(trim(line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
}

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

template <typename Number>
bool parse_number(std::string_view text, Number& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

// Where a field came from, for error messages: file:line: column c ("name").
struct Locator {
  const std::string& source;
  const std::vector<std::string>& names;  // header names, empty without a header
  std::string at(int64_t line, size_t column) const {
    std::string out = source + ":" + std::to_string(line) + ": column " + std::to_string(column + 1);
    if (column < names.size()) out += " (\"" + names[column] + "\")";
    return out;
  }
};

size_t resolve_label_column(const CsvOptions& options, const std::vector<std::string>& names, size_t columns,
                            const std::string& source) {
  if (!options.label_column.empty()) {
    check(options.header, source + ": label_column \"" + options.label_column +
                              "\" needs a header line; use label_index for files without one");
    const auto found = std::find(names.begin(), names.end(), options.label_column);
    check(found != names.end(), source + ":1: no column named \"" + options.label_column + "\" in the header (" +
                                    std::to_string(names.size()) + " columns, first \"" + names.front() +
                                    "\", last \"" + names.back() + "\")");
    return static_cast<size_t>(found - names.begin());
  }
  const auto n = static_cast<long>(columns);
  const long index = options.label_index < 0 ? n + options.label_index : options.label_index;
  check(index >= 0 && index < n, source + ": label_index " + std::to_string(options.label_index) +
                                     " is outside the " + std::to_string(n) + " columns");
  return static_cast<size_t>(index);
}

}  // namespace

Dataset parse_csv(std::string_view text, const CsvOptions& options, const std::string& source) {
  std::vector<std::string> names;
  std::vector<std::string_view> fields;
  std::vector<float> features;
  std::vector<std::string_view> label_texts;
  std::vector<int64_t> label_lines;
  size_t columns = 0, label_column = 0;
  bool first = true;
  const Locator locate{source, names};

  int64_t line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (blank(line)) continue;
    split_fields(line, options.delimiter, fields);
    if (first) {
      first = false;
      columns = fields.size();
      check(columns >= 2, source + ":" + std::to_string(line_number) + ": one column only; a label and at least "
                                                                         "one feature are needed (delimiter '" +
                              std::string(1, options.delimiter) + "')");
      if (options.header) names.assign(fields.begin(), fields.end());
      label_column = resolve_label_column(options, names, columns, source);
      if (options.header) continue;
    }
    // (if + throw, not check(): the message must not be built for every row)
    if (fields.size() != columns) {
      throw Error(source + ":" + std::to_string(line_number) + ": " + std::to_string(fields.size()) +
                  " fields, expected " + std::to_string(columns) +
                  (options.header ? " (as in the header)" : " (as in the first line)"));
    }
    for (size_t c = 0; c < columns; ++c) {
      if (c == label_column) continue;
      float value = 0;
      if (!parse_number(fields[c], value)) {
        throw Error(locate.at(line_number, c) + ": expected a number, got \"" + std::string(fields[c]) + "\"");
      }
      features.push_back(value);
    }
    label_texts.push_back(fields[label_column]);
    label_lines.push_back(line_number);
  }
  check(!first, source + ": empty file, expected " + std::string(options.header ? "a header and " : "") + "data rows");
  check(!label_texts.empty(), source + ": a header but no data rows");

  const auto n = static_cast<int64_t>(label_texts.size());
  const auto d = static_cast<int64_t>(columns - 1);
  Dataset out;
  out.x = Tensor::from({n, d}, features);
  std::vector<float> targets(static_cast<size_t>(n));
  if (options.regression) {
    for (int64_t i = 0; i < n; ++i) {
      if (!parse_number(label_texts[i], targets[i])) {
        throw Error(locate.at(label_lines[i], label_column) + ": expected a numeric target, got \"" +
                    std::string(label_texts[i]) + "\"");
      }
    }
    out.y = Tensor::from({n, 1}, targets);
    return out;
  }
  // Integer labels are class indices; otherwise classes are the sorted names.
  std::vector<long> integers(static_cast<size_t>(n));
  bool all_integers = true;
  for (int64_t i = 0; i < n && all_integers; ++i) {
    all_integers = parse_number(label_texts[i], integers[i]) && integers[i] >= 0 && integers[i] <= kMaxIntegerClass;
  }
  if (all_integers) {
    const long largest = *std::max_element(integers.begin(), integers.end());
    out.num_classes = static_cast<int>(largest + 1);
    for (int c = 0; c < out.num_classes; ++c) out.class_names.push_back(std::to_string(c));
    for (int64_t i = 0; i < n; ++i) targets[i] = static_cast<float>(integers[i]);
  } else {
    std::map<std::string_view, int> index;
    for (std::string_view label : label_texts) index.emplace(label, 0);
    for (auto& [name, position] : index) {
      position = static_cast<int>(out.class_names.size());
      out.class_names.emplace_back(name);
    }
    out.num_classes = static_cast<int>(out.class_names.size());
    for (int64_t i = 0; i < n; ++i) targets[i] = static_cast<float>(index.at(label_texts[i]));
  }
  out.y = Tensor::from({n}, targets);
  return out;
}

Dataset load_csv(const std::string& path, const CsvOptions& options) {
  const std::vector<uint8_t> bytes = read_file_bytes(path);
  return parse_csv({reinterpret_cast<const char*>(bytes.data()), bytes.size()}, options, path);
}

}  // namespace tunet::datasets
