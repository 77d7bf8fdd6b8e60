#include "nn/export/export_c.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "nn/export/c_writer.hpp"
#include "nn/export/export_plan.hpp"

namespace tunet::nn {
namespace {

void check_c_identifier(const std::string& name) {
  bool ok = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  check(ok, "export: name '" + name + "' is not a C identifier (letters, digits and _, not starting with a digit)");
}

}  // namespace

CExport export_c(const Sequential& model, const ExportOptions& options) {
  check_c_identifier(options.name);
  const ExportPlan plan = plan_export(model);
  CExport out;
  out.name = options.name;
  out.int8 = options.int8;
  CSource c;
  if (options.int8) {
    out.quantized = quantize_plan(model, plan, options.calibration, options.calibration_options);
    c = write_c_int8(plan, out.quantized, options.name);
  } else {
    c = write_c_float(plan, options.name);
  }
  out.header = std::move(c.header);
  out.source = std::move(c.source);
  out.arena_bytes = c.arena_bytes;
  return out;
}

void write_c_export(const CExport& exported, const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(directory, ec);
  check(!ec && fs::is_directory(directory),
        "export: cannot create the output folder '" + directory + "'" + (ec ? ": " + ec.message() : ""));
  const fs::path dir(directory);
  const std::pair<std::string, const std::string*> files[] = {{exported.name + ".h", &exported.header},
                                                               {exported.name + ".c", &exported.source}};
  std::vector<fs::path> temporaries;
  const auto remove_temporaries = [&] {
    for (const fs::path& t : temporaries) fs::remove(t, ec);
  };
  for (const auto& [file, text] : files) {
    const fs::path temporary = dir / ("." + file + ".tmp");
    temporaries.push_back(temporary);
    std::ofstream out(temporary, std::ios::binary);
    out << *text;
    out.close();
    if (!out) {
      remove_temporaries();
      throw Error("export: cannot write '" + (dir / file).string() + "'");
    }
  }
  for (size_t i = 0; i < temporaries.size(); ++i) {
    fs::rename(temporaries[i], dir / files[i].first, ec);
    if (ec) {
      remove_temporaries();
      throw Error("export: cannot write '" + (dir / files[i].first).string() + "': " + ec.message());
    }
  }
}

}  // namespace tunet::nn
