// The kernel lab's report: the ceilings and one table per op as text, the
// report as JSON and its schema check (docs/kernel_lab.md).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "bench/lab/lab_runner.hpp"

namespace tunet::lab {
namespace {

std::string fixed(double value, int digits) {
  if (std::isnan(value)) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

std::string scientific(double value) {
  if (std::isnan(value)) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%.1e", value);
  return text;
}

std::string time_text(double seconds) {
  if (std::isnan(seconds)) return "-";
  char text[32];
  if (seconds >= 1.0) {
    std::snprintf(text, sizeof text, "%.2f s", seconds);
  } else if (seconds >= 1e-3) {
    std::snprintf(text, sizeof text, "%.3f ms", seconds * 1e3);
  } else {
    std::snprintf(text, sizeof text, "%.1f us", seconds * 1e6);
  }
  return text;
}

// The threads column: the count, or "gpu".
std::string threads_text(const LabRow& row) { return row.device == "gpu" ? "gpu" : std::to_string(row.threads); }

}  // namespace

void print_ceilings(std::ostream& out, const LabReport& r) {
  const Ceilings& c = r.ceilings;
  char text[512];
  std::snprintf(text, sizeof text,
                "ceilings (%s, %d thread%s; GEMM micro-kernel %s)\n"
                "  FMA peak       1 core %8.1f GFLOP/s   %d cores %8.1f GFLOP/s\n"
                "  STREAM copy    1 core %8.1f GB/s      %d cores %8.1f GB/s\n"
                "  STREAM triad   1 core %8.1f GB/s      %d cores %8.1f GB/s\n"
                "  ridge point (peak / copy bandwidth): %.1f flop/byte on 1 core, %.1f on %d\n",
                c.isa.c_str(), r.threads, r.threads == 1 ? "" : "s", r.micro_kernel.c_str(), c.peak_gflops_1,
                r.threads, c.peak_gflops_all, c.bandwidth_1.copy_gbs, r.threads, c.bandwidth_all.copy_gbs,
                c.bandwidth_1.triad_gbs, r.threads, c.bandwidth_all.triad_gbs,
                c.bandwidth_1.copy_gbs > 0 ? c.peak_gflops_1 / c.bandwidth_1.copy_gbs : 0.0,
                c.bandwidth_all.copy_gbs > 0 ? c.peak_gflops_all / c.bandwidth_all.copy_gbs : 0.0, r.threads);
  out << text;
  if (!r.gpu.unavailable.empty()) out << "  GPU: none (" << r.gpu.unavailable << ")\n";
  if (!r.gpu.name.empty()) {
    std::snprintf(text, sizeof text,
                  "  GPU %s: FMA peak %.1f GFLOP/s, device copy %.1f GB/s, ridge point %.1f flop/byte\n",
                  r.gpu.name.c_str(), r.gpu.fma_gflops, r.gpu.copy_gbs,
                  r.gpu.copy_gbs > 0 ? r.gpu.fma_gflops / r.gpu.copy_gbs : 0.0);
    out << text;
  }
  for (const auto& [name, what] : r.peers) out << "  peer " << name << ": " << what << "\n";
}

void print_table(std::ostream& out, const std::vector<LabRow>& rows) {
  if (rows.empty()) return;
  size_t variant_w = 7, size_w = 4;
  for (const LabRow& row : rows) {
    variant_w = std::max(variant_w, row.variant.size());
    size_w = std::max(size_w, row.size.size());
  }
  char line[512];
  out << rows.front().op << "\n";
  std::snprintf(line, sizeof line, "%-*s  %-*s  %7s  %11s  %9s  %8s  %7s  %11s  %9s\n", int(variant_w), "variant",
                int(size_w), "size", "threads", "time", "GFLOP/s", "GB/s", "% roof", "cpu GFLOP/s", "max err");
  out << line;
  for (const LabRow& row : rows) {
    if (!row.skipped.empty()) {
      std::snprintf(line, sizeof line, "%-*s  %-*s  %7s  skipped: %s\n", int(variant_w), row.variant.c_str(),
                    int(size_w), row.size.c_str(), threads_text(row).c_str(), row.skipped.c_str());
    } else {
      std::snprintf(line, sizeof line, "%-*s  %-*s  %7s  %11s  %9s  %8s  %7s  %11s  %9s\n", int(variant_w),
                    row.variant.c_str(), int(size_w), row.size.c_str(), threads_text(row).c_str(),
                    time_text(row.seconds).c_str(),
                    fixed(row.gflops, 1).c_str(), fixed(row.gbs, 1).c_str(), fixed(row.percent_of_roofline, 0).c_str(),
                    fixed(row.cpu_gflops, 1).c_str(), scientific(row.max_rel_error).c_str());
    }
    out << line;
  }
}

namespace {

nlohmann::json number_or_null(double value) { return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(); }

}  // namespace

nlohmann::json report_json(const LabReport& r, const std::string& command) {
  const Ceilings& c = r.ceilings;
  nlohmann::json results = nlohmann::json::array();
  for (const LabRow& row : r.rows) {
    results.push_back({{"op", row.op},
                       {"variant", row.variant},
                       {"size", row.size},
                       {"device", row.device},
                       {"threads", row.threads},
                       {"seconds", number_or_null(row.seconds)},
                       {"runs", row.runs},
                       {"flops", row.flops},
                       {"bytes", row.bytes},
                       {"gflops", number_or_null(row.gflops)},
                       {"gbs", number_or_null(row.gbs)},
                       {"cpu_seconds", number_or_null(row.cpu_seconds)},
                       {"cpu_gflops", number_or_null(row.cpu_gflops)},
                       {"intensity", row.intensity},
                       {"attainable_gflops", number_or_null(row.attainable_gflops)},
                       {"percent_of_roofline", number_or_null(row.percent_of_roofline)},
                       {"max_rel_error", number_or_null(row.max_rel_error)},
                       {"skipped", row.skipped.empty() ? nlohmann::json() : nlohmann::json(row.skipped)}});
  }
  nlohmann::json peers = nlohmann::json::object();
  for (const auto& [name, what] : r.peers) peers[name] = what;
  return {{"schema", kReportSchema},
          {"command", command},
          {"machine",
           {{"isa", c.isa},
            {"micro_kernel", r.micro_kernel},
            {"threads", r.threads},
            {"gpu", r.gpu.name},
            {"peers", peers}}},
          {"notes", r.notes},
          {"ceilings",
           {{"fma_gflops_1", c.peak_gflops_1},
            {"fma_gflops_all", c.peak_gflops_all},
            {"copy_gbs_1", c.bandwidth_1.copy_gbs},
            {"copy_gbs_all", c.bandwidth_all.copy_gbs},
            {"triad_gbs_1", c.bandwidth_1.triad_gbs},
            {"triad_gbs_all", c.bandwidth_all.triad_gbs},
            {"gpu_fma_gflops", r.gpu.fma_gflops},
            {"gpu_copy_gbs", r.gpu.copy_gbs}}},
          {"results", results}};
}

std::vector<std::string> report_json_problems(const nlohmann::json& j) {
  std::vector<std::string> problems;
  using Kind = bool (nlohmann::json::*)() const noexcept;
  const auto need = [&](const nlohmann::json& obj, const std::string& where, const char* key, Kind is_kind,
                        const char* kind, bool nullable) {
    if (!obj.is_object() || !obj.contains(key)) {
      problems.push_back(where + "." + key + ": missing");
    } else if (!(obj[key].*is_kind)() && !(nullable && obj[key].is_null())) {
      problems.push_back(where + "." + key + ": not " + kind + (nullable ? " or null" : ""));
    }
  };
  const Kind is_string = &nlohmann::json::is_string, is_number = &nlohmann::json::is_number,
             is_integer = &nlohmann::json::is_number_integer, is_object = &nlohmann::json::is_object,
             is_array = &nlohmann::json::is_array;
  need(j, "$", "schema", is_string, "a string", false);
  if (j.is_object() && j.contains("schema") && j["schema"] != kReportSchema) {
    problems.push_back(std::string("$.schema: not \"") + kReportSchema + "\"");
  }
  need(j, "$", "command", is_string, "a string", false);
  need(j, "$", "machine", is_object, "an object", false);
  need(j, "$", "ceilings", is_object, "an object", false);
  need(j, "$", "results", is_array, "an array", false);
  if (!problems.empty()) return problems;
  need(j["machine"], "$.machine", "isa", is_string, "a string", false);
  need(j["machine"], "$.machine", "micro_kernel", is_string, "a string", false);
  need(j["machine"], "$.machine", "threads", is_integer, "an integer", false);
  for (const char* key : {"fma_gflops_1", "fma_gflops_all", "copy_gbs_1", "copy_gbs_all", "triad_gbs_1", "triad_gbs_all"}) {
    need(j["ceilings"], "$.ceilings", key, is_number, "a number", false);
  }
  // The GPU's fields came with the CUDA rungs: reports without them conform.
  const auto optional = [&](const nlohmann::json& obj, const std::string& where, const char* key, Kind is_kind,
                            const char* kind) {
    if (obj.is_object() && obj.contains(key)) need(obj, where, key, is_kind, kind, false);
  };
  optional(j["machine"], "$.machine", "gpu", is_string, "a string");
  // The peer libraries' fields came with their rungs: reports without them conform.
  optional(j["machine"], "$.machine", "peers", is_object, "an object");
  if (j["machine"].contains("peers") && j["machine"]["peers"].is_object()) {
    for (const auto& [name, what] : j["machine"]["peers"].items()) {
      if (!what.is_string()) problems.push_back("$.machine.peers." + name + ": not a string");
    }
  }
  optional(j, "$", "notes", is_array, "an array");
  if (j.contains("notes") && j["notes"].is_array()) {
    for (size_t i = 0; i < j["notes"].size(); ++i) {
      if (!j["notes"][i].is_string()) problems.push_back("$.notes[" + std::to_string(i) + "]: not a string");
    }
  }
  for (const char* key : {"gpu_fma_gflops", "gpu_copy_gbs"}) {
    optional(j["ceilings"], "$.ceilings", key, is_number, "a number");
  }
  for (size_t i = 0; i < j["results"].size(); ++i) {
    const nlohmann::json& row = j["results"][i];
    const std::string where = "$.results[" + std::to_string(i) + "]";
    need(row, where, "op", is_string, "a string", false);
    if (row.is_object() && row.contains("op") && row["op"].is_string() &&
        std::find(lab_ops().begin(), lab_ops().end(), row["op"].get<std::string>()) == lab_ops().end()) {
      problems.push_back(where + ".op: not one of gemm, conv, softmax, adam");
    }
    need(row, where, "variant", is_string, "a string", false);
    need(row, where, "size", is_string, "a string", false);
    optional(row, where, "device", is_string, "a string");
    if (row.is_object() && row.contains("device") && row["device"] != "cpu" && row["device"] != "gpu") {
      problems.push_back(where + ".device: not cpu or gpu");
    }
    need(row, where, "threads", is_integer, "an integer", false);
    need(row, where, "runs", is_integer, "an integer", false);
    for (const char* key : {"flops", "bytes", "intensity"}) need(row, where, key, is_number, "a number", false);
    for (const char* key : {"seconds", "gflops", "gbs", "cpu_seconds", "cpu_gflops", "attainable_gflops",
                            "percent_of_roofline", "max_rel_error"}) {
      need(row, where, key, is_number, "a number", true);
    }
    need(row, where, "skipped", is_string, "a string", true);
  }
  return problems;
}

}  // namespace tunet::lab
