#include "tuner/plot/style.hpp"

#include <algorithm>
#include <utility>

#include "tuner/plot/figure.hpp"

namespace tunet::tuner::plot {

std::string panel_start() {
  return "reset\n"
         "set datafile separator ','\n"
         "set datafile columnheaders\n"
         // viridis: dark purple (first trials) to yellow (last)
         "set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', 0.75 '#5ec962', 1 '#fde725')\n"
         "set grid lc rgb '#e0e0e0' lt 1\n"
         "set key noautotitle\n"
         "set border lc rgb '#404040'\n";
}

std::string multiplot(int rows, int cols, const std::string& title) {
  return "set multiplot layout " + std::to_string(rows) + "," + std::to_string(cols) + " title " + quoted(title) +
         " font ',12'\n";
}

std::pair<int, int> grid_shape(int n, int max_columns) {
  const int cols = n < max_columns ? std::max(n, 1) : max_columns;
  return {(n + cols - 1) / cols, cols};
}

std::string series_colour(int index) {
  static const char* kColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  return std::string("rgb '") + kColours[index % 10] + "'";
}

}  // namespace tunet::tuner::plot
