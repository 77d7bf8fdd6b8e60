#pragma once
// The commands that draw (tuner/plot):
//   tunet plot REPO_DIR [--out DIR] [--compare OTHER_REPO_DIR]... [--best K]
//       the figures of a finished or running search (default: REPO_DIR/plots)
//   tunet report REPO_DIR [--out FILE]
//       the figures, then one self-contained HTML page (default: REPO_DIR/report.html)
// and what `tunet tune` adds when its search ends: the test score in
// repo_dir/test.json, the figures, image grids for image data (test examples,
// and the best model's misclassified test images), and the report.
#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "tuner/integration/tune_config.hpp"

namespace tunet::tuner::cli {

class PlotCommands {
 public:
  // Adds the subcommands to `app`; the options are read into this object.
  explicit PlotCommands(CLI::App& app);
  // Runs the subcommand that was given; false when it was none of these.
  bool run(std::ostream& out) const;

 private:
  CLI::App* plot_ = nullptr;
  CLI::App* report_ = nullptr;
  std::string repo_dir_, out_;
  std::vector<std::string> compare_;
  int best_k_ = 4;
};

// After `tunet tune`: test.json, figures, image grids and report.html in the
// job's repo_dir. Drawing problems are reported on `out` and do not fail the search.
void draw_after_tune(const TuneJob& job, const TuneReport& report, std::ostream& out);

}  // namespace tunet::tuner::cli
