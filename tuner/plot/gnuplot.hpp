#pragma once
// Rendering figures with gnuplot (Debian: gnuplot-nox; terminals pngcairo, svg
// and gif). Every figure's data and script are written whether or not gnuplot
// is installed; rendering runs `gnuplot <name>.gp` in the figures' folder.
//
//   FigureSet set = write_figures(figures, "runs/demo/plots");
//   std::cout << set.summary() << "\n";   // what was drawn, or how to draw it
//
// Which gnuplot: $TUNET_GNUPLOT when set (a path, or "none" to only write the
// scripts), else the first `gnuplot` on PATH.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tuner/plot/figure.hpp"

namespace tunet::tuner::plot {

std::optional<std::filesystem::path> find_gnuplot();

// Runs `gnuplot <script>` in the script's folder. Throws Error with gnuplot's
// own messages (and the script's path) when it fails.
void run_gnuplot(const std::filesystem::path& gnuplot, const std::filesystem::path& script);

struct FigureSet {
  std::filesystem::path dir;
  std::vector<Figure> figures;  // as written (data included)
  bool rendered = false;        // the PNG and SVG files exist
  bool gnuplot_missing = false; // rendering was asked for, but there is no gnuplot
  // One paragraph: the figures drawn and where, or that gnuplot is missing and
  // the commands that draw them.
  std::string summary() const;
};

// Writes each figure (data + script) into `dir` and, when gnuplot is found and
// `render` is true, draws them all.
FigureSet write_figures(std::vector<Figure> figures, const std::filesystem::path& dir, bool render = true);

}  // namespace tunet::tuner::plot
