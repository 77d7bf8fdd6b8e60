#pragma once
// The report of a search: one self-contained HTML page (no network, no
// scripts, no external fonts or images) with what was searched and how (the
// space, the algorithm, Hyperband's schedule), the ranked table, the best
// configuration and its test score, and every figure as inline SVG.
//
//   SearchRecord search = load_search("runs/demo");
//   FigureSet figures = write_figures(search_figures(search), "runs/demo/plots");
//   write_report(search, figures, "runs/demo/report.html");
//
// The test score is what `tunet tune` records in repo_dir/test.json after
// evaluating the best model on the test set ({"trial", "samples", "metrics"}).
#include <filesystem>
#include <optional>
#include <string>

#include "tuner/config/json.hpp"
#include "tuner/plot/gnuplot.hpp"
#include "tuner/plot/search_record.hpp"

namespace tunet::tuner::plot {

inline constexpr const char* kTestScoreName = "test.json";
inline constexpr const char* kReportName = "report.html";

// repo_dir/test.json when it exists.
std::optional<Json> read_test_score(const std::filesystem::path& repo_dir);
// Writes repo_dir/test.json atomically.
void write_test_score(const std::filesystem::path& repo_dir, int trial, long samples, const Json& metrics);

// `page_dir`: where the page will be, so that it names the figures' files relative to itself.
std::string report_html(const SearchRecord& search, const FigureSet& figures, const std::filesystem::path& page_dir);
void write_report(const SearchRecord& search, const FigureSet& figures, const std::filesystem::path& path);

// An SVG file made fit to sit inside an HTML page: the XML prolog dropped and
// every id (and every reference to it) prefixed with `prefix`, so that the
// figures of one page do not share ids.
std::string inline_svg(const std::string& svg, const std::string& prefix);

}  // namespace tunet::tuner::plot
