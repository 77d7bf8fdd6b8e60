// Fuzz target: CSV data files. The first byte picks the options (header or
// not, delimiter, label column, classification or regression), the rest is
// the file.
#include "datasets/csv.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t knobs = data[0];
  tunet::datasets::CsvOptions options;
  options.header = (knobs & 1) != 0;
  options.delimiter = (knobs & 2) != 0 ? ';' : ',';
  options.regression = (knobs & 4) != 0;
  options.label_index = (knobs & 8) != 0 ? 0 : -1;
  if ((knobs & 16) != 0) options.label_column = "class";
  const std::string_view text = tunet::fuzzing::text_of(data + 1, size - 1);
  return tunet::fuzzing::guarded(data, size, [&] { tunet::datasets::parse_csv(text, options, "fuzz.csv"); });
}
