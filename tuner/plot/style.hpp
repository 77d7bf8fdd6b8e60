#pragma once
// The look the search figures share: viridis colours for trial order (as
// scikit-optimize's plots), a red star for the best point, light grids.
#include <string>
#include <utility>

namespace tunet::tuner::plot {

// Starts a panel from gnuplot's defaults: CSV with named columns, the
// palette, the grid. In a multiplot it is the first command of each panel.
std::string panel_start();

// "set multiplot layout rows,cols ..." with room for a title at the top.
std::string multiplot(int rows, int cols, const std::string& title);

// Rows and columns for n panels in a grid at most `max_columns` wide.
std::pair<int, int> grid_shape(int n, int max_columns = 3);

// Line and point styles.
inline constexpr const char* kBestPoint = "pt 3 ps 2.2 lw 2 lc rgb '#d62728'";  // red star
inline constexpr const char* kTrialPoint = "pt 7 ps 0.7";                        // filled circle
inline constexpr const char* kBestLine = "lw 2 lc rgb '#1f77b4'";
inline constexpr const char* kBarFill = "fill solid 0.6 border lc rgb '#1f4e79'";
// Colours of series 0, 1, 2, ... (tableau 10).
std::string series_colour(int index);

}  // namespace tunet::tuner::plot
