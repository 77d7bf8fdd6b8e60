#pragma once
// Figure: one picture as gnuplot draws it, kept as text so that it can be read,
// re-run and changed by hand: the data files it reads (CSV) and the gnuplot
// commands that draw them. gnuplot_script() wraps the commands in a script that
// renders the same picture twice, as <name>.png (pngcairo) and <name>.svg
// (or once, as an animated <name>.gif):
//
//   Figure f{.name = "convergence", .title = "Best val_loss by trial"};
//   f.data.push_back({"convergence.csv", "trial,value,best\n0,0.5,0.5\n..."});
//   f.commands = "plot 'convergence.csv' using 'trial':'best' with steps\n";
//   write_figure(f, "runs/demo/plots");     // convergence.csv + convergence.gp
//
// The script's conventions: data files are CSV with a header row, read by
// column name (`using 'trial':'best'`); text is not "enhanced" (an underscore
// is an underscore); each output starts from `reset`, so a script may set
// anything. Rendering is gnuplot.hpp.
#include <filesystem>
#include <string>
#include <vector>

namespace tunet::tuner::plot {

struct DataFile {
  std::string name;      // file name next to the script, e.g. "convergence.csv"
  std::string contents;
};

struct Figure {
  std::string name{};           // file stem: <name>.gp, <name>.png, <name>.svg
  std::string title{};          // one line saying what the picture shows (captions, report)
  int width = 800, height = 500;  // pixels of the PNG and the SVG
  std::vector<DataFile> data{};
  std::string commands{};       // gnuplot commands that draw it (after the common settings)
  // Settings before `commands`: CSV with named columns. Image grids read
  // whitespace-separated matrices instead and turn this off.
  bool csv_columns = true;
  // Draw <name>.gif instead, an animation with one frame per plot (or per
  // multiplot) that `commands` draws (gnuplot's gif terminal).
  bool animated_gif = false;
};

// The whole script of `figure` (see the top of this file).
std::string gnuplot_script(const Figure& figure);

// Writes the data files and <name>.gp into `dir` (created), each atomically.
// Returns the script's path.
std::filesystem::path write_figure(const Figure& figure, const std::filesystem::path& dir);

// Helpers for building commands and data.
std::string quoted(const std::string& text);  // a gnuplot string: 'it''s'
std::string csv_number(double value);         // %.10g; "NaN" for NaN and infinities (gnuplot skips them)
std::string csv_text(const std::string& text);  // a CSV field, quoted when it holds , " or a newline

}  // namespace tunet::tuner::plot
