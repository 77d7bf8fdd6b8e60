// Sequential::summary(): Keras's model.summary() table (TF 2.9+ layout: line
// length 65, columns ending at 29, 55 and 65, each cell preceded by one space,
// long cells wrapped onto the next line, a blank line between layers). A layer's
// summary_note() (Conv2D: "algorithm: winograd (auto)") goes on the line under its
// name, as a wrapped name would.
#include <string>
#include <vector>

#include "nn/sequential.hpp"

namespace tunet::nn {

namespace {

constexpr size_t kLineLength = 65;
const std::vector<size_t> kColumnEnds = {29, 55, 65};

// Keras's print_row: each field is cut to its column (2 spaces kept between
// columns), breaking early after "),", and the rest goes on following lines.
void print_row(std::string& out, std::vector<std::string> fields) {
  auto pending = [&] {
    for (const auto& f : fields)
      if (!f.empty()) return true;
    return false;
  };
  do {
    std::string line;
    for (size_t col = 0; col < fields.size(); ++col) {
      const size_t start = col == 0 ? 0 : kColumnEnds[col - 1];
      const size_t end = kColumnEnds[col];
      const size_t space = col + 1 == kColumnEnds.size() ? 0 : 2;
      size_t cutoff = end - start - space;
      std::string fit = fields[col].substr(0, cutoff);
      if (const size_t at = fit.find("),"); at != std::string::npos) {
        cutoff = at + 2;
        fit = fit.substr(0, cutoff);
      }
      if (col == 0) line += ' ';
      line += fit;
      line.append(space, ' ');
      fields[col] = fields[col].size() > cutoff ? fields[col].substr(cutoff) : "";
      if (line.size() < end) line.append(end - line.size(), ' ');
    }
    out += line + "\n";
  } while (pending());
}

std::string with_commas(int64_t value) {
  const std::string digits = std::to_string(value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string batch_shape(const Shape& shape) {
  std::string text = "(None";
  for (int64_t d : shape) text += ", " + std::to_string(d);
  return text + ")";
}

}  // namespace

std::string Sequential::summary() const {
  std::string out = "Model: \"sequential\"\n";
  out += std::string(kLineLength, '_') + "\n";
  print_row(out, {"Layer (type)", "Output Shape", "Param #"});
  out += std::string(kLineLength, '=') + "\n";
  int64_t total = 0;
  for (size_t i = 0; i < layers_.size(); ++i) {
    const Layer& layer = *layers_[i];
    int64_t params = 0;
    for (const auto& spec : layer.parameter_specs()) params += shape_numel(spec.shape);
    total += params;
    print_row(out, {layer.name() + " (" + layer.type() + ")", batch_shape(layer.output_shape()),
                    std::to_string(params)});
    if (const std::string note = layer.summary_note(); !note.empty()) print_row(out, {note, "", ""});
    out += i + 1 == layers_.size() ? std::string(kLineLength, '=') + "\n"
                                   : std::string(kLineLength, ' ') + "\n";
  }
  if (layers_.empty()) out += std::string(kLineLength, '=') + "\n";
  out += "Total params: " + with_commas(total) + "\n";
  out += "Trainable params: " + with_commas(total) + "\n";
  out += "Non-trainable params: 0\n";
  out += std::string(kLineLength, '_') + "\n";
  return out;
}

}  // namespace tunet::nn
