#pragma once
// Compiles an exported model with the host C compiler and runs it: the model's
// C alone under the strict freestanding flags (cc -std=c99 -Wall -Wextra -Werror
// -pedantic -ffreestanding -c), then a harness that #includes model.c (so it
// reaches the int8 network's last tensor too) and runs every sample of a file.
// The arena is filled with 0x7f bytes (float 3.4e38) before each sample and
// followed by guard bytes that must stay untouched.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/tensor.hpp"
#include "nn/export/export_c.hpp"

namespace tunet::testing {

inline const char* kStrictCFlags = "-std=c99 -Wall -Wextra -Werror -pedantic -ffreestanding";

inline std::string harness_text(const std::string& name) {
  std::string upper;
  for (char c : name) upper += char(std::toupper(static_cast<unsigned char>(c)));
  std::string h = R"(#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "NAME.c"
#define GUARD 64
int main(int argc, char** argv) {
  FILE* f = fopen(argv[1], "rb");
  FILE* out = fopen(argv[2], "wb");
  FILE* raw = argc > 3 ? fopen(argv[3], "wb") : NULL;
  static float x[UPPER_INPUT_SIZE], y[UPPER_OUTPUT_SIZE];
  union { double align; unsigned char bytes[UPPER_ARENA_BYTES + GUARD]; } *arena = malloc(sizeof *arena);
  int i;
  if (!f || !out || !arena) return 2;
  while (fread(x, sizeof(float), UPPER_INPUT_SIZE, f) == UPPER_INPUT_SIZE) {
    memset(arena->bytes, 0x7f, sizeof arena->bytes);
    NAME_predict(x, y, arena->bytes);
    for (i = 0; i < GUARD; ++i) if (arena->bytes[UPPER_ARENA_BYTES + i] != 0x7f) return 3;
    fwrite(y, sizeof(float), UPPER_OUTPUT_SIZE, out);
#if UPPER_INT8
    if (raw) {
      static int8_t q[UPPER_INPUT_SIZE];
      const int8_t* last;
      NAME_quantize_input(x, q);
      fwrite(q, 1, UPPER_INPUT_SIZE, raw);
      memset(arena->bytes, 0x7f, sizeof arena->bytes);
      last = NAME_network(q, arena->bytes);
      fwrite(last, 1, TN_NETWORK_OUTPUT_SIZE, raw);
    }
#endif
  }
  fclose(out);
  if (raw) fclose(raw);
  return 0;
}
)";
  for (size_t at; (at = h.find("UPPER")) != std::string::npos;) h.replace(at, 5, upper);
  for (size_t at; (at = h.find("NAME")) != std::string::npos;) h.replace(at, 4, name);
  return h;
}

// TN_NETWORK_OUTPUT_SIZE as model.c defines it.
inline int64_t network_output_size(const std::string& source) {
  const std::string key = "#define TN_NETWORK_OUTPUT_SIZE ";
  const size_t at = source.find(key);
  REQUIRE(at != std::string::npos);
  return std::stoll(source.substr(at + key.size()));
}

// What the compiled C gives for each sample of x.
struct CRun {
  std::vector<float> outputs;               // NAME_predict, per sample
  std::vector<std::vector<int8_t>> input_q;  // int8: NAME_quantize_input
  std::vector<std::vector<int8_t>> last;     // int8: the network's last int8 tensor
};

// Writes the export to `dir`, compiles it (CHECKs that the strict compile
// succeeds) and runs it on every sample of x (N, ...).
inline CRun compile_and_run(const nn::CExport& exported, const std::filesystem::path& dir, const Tensor& x) {
  namespace fs = std::filesystem;
  nn::write_c_export(exported, dir.string());
  const std::string name = exported.name;
  const std::string cd = "cd '" + dir.string() + "' && ";
  const int strict = std::system((cd + "cc " + kStrictCFlags + " -c " + name + ".c -o " + name +
                                  ".o > strict.log 2>&1").c_str());
  if (strict != 0) {
    std::ifstream log(dir / "strict.log");
    std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    FAIL_CHECK("the exported C does not compile freestanding: " << text.substr(0, 3000));
  }
  {
    std::ofstream h(dir / "harness.c");
    h << harness_text(name);
  }
  const int built = std::system((cd + "cc -std=c99 -O2 -o harness harness.c > harness.log 2>&1").c_str());
  REQUIRE_MESSAGE(built == 0, "the harness did not compile, see " << (dir / "harness.log").string());
  {
    std::ofstream in(dir / "in.bin", std::ios::binary);
    in.write(reinterpret_cast<const char*>(x.data()), std::streamsize(x.numel() * sizeof(float)));
  }
  const int ran = std::system((cd + "./harness in.bin out.bin raw.bin").c_str());
  REQUIRE_MESSAGE(ran == 0, "the harness failed (exit status " << ran << "; 3: the arena overflowed)");
  CRun run;
  const int64_t n = x.shape()[0];
  const int64_t in_size = x.numel() / n;
  std::ifstream out(dir / "out.bin", std::ios::binary);
  const auto bytes = int64_t(fs::file_size(dir / "out.bin"));
  run.outputs.resize(size_t(bytes / 4));
  out.read(reinterpret_cast<char*>(run.outputs.data()), bytes);
  if (exported.int8) {
    const int64_t out_size = network_output_size(exported.source);
    std::ifstream raw(dir / "raw.bin", std::ios::binary);
    for (int64_t i = 0; i < n; ++i) {
      std::vector<int8_t> q(static_cast<size_t>(in_size)), last(static_cast<size_t>(out_size));
      raw.read(reinterpret_cast<char*>(q.data()), in_size);
      raw.read(reinterpret_cast<char*>(last.data()), out_size);
      run.input_q.push_back(q);
      run.last.push_back(last);
    }
  }
  return run;
}

}  // namespace tunet::testing
