// One acquisition search on a 2-D mixed slice, drawn: the figure of docs/gp.md
// (docs/images/gp_acquisition_search.svg). The slice is the mixed Branin of
// bench_gp_mixed with layers = 3 and adam: an integer grid in [-4, 12]
// (x1 = grid pi/4) and a log-scaled rate in [1e-4, 0.1] (x2 = 5 (log10 rate + 4)).
// A GP is fitted to --points random evaluations; the figure shows the
// quasi-Monte Carlo candidates (snapped to the grid), the evaluated points,
// each local search's path (L-BFGS moves along the rate, discrete moves
// between grid rows) and the chosen point.
//
//   bench_gp_search_figure [--out DIR] [--points 10] [--candidates 400] [--seed 7]
// writes DIR/gp_acquisition_search.{csv,gp,svg,png} (DIR: gp_search_figure).
#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>

#include "bench_args.hpp"
#include "test_functions.hpp"
#include "tuner/plot/figure.hpp"
#include "tuner/plot/gnuplot.hpp"
#include "tuner/proposers/gp/acquisition_optimizer.hpp"

namespace tu = tunet::tuner;
namespace plot = tunet::tuner::plot;

namespace {

// Cube point (grid coordinate, rate coordinate) -> (grid value, rate).
double grid_value(const tu::CubeLayout& layout, const Eigen::VectorXd& u) {
  return -4.0 + static_cast<double>(tu::CubeLayout::unit_to_integer(u[0], layout.blocks()[0]));
}
double rate_value(const Eigen::VectorXd& u) { return std::pow(10.0, -4.0 + 3.0 * u[1]); }

double objective(const tu::CubeLayout& layout, const Eigen::VectorXd& u) {
  const Eigen::Vector2d branin_unit{(grid_value(layout, u) * std::numbers::pi / 4.0 + 5.0) / 15.0, u[1]};
  return tunet::bench::branin(branin_unit);
}

std::string row(const tu::CubeLayout& layout, const std::string& kind, int path, const Eigen::VectorXd& u) {
  return kind + "," + std::to_string(path) + "," + plot::csv_number(grid_value(layout, u)) + "," +
         plot::csv_number(rate_value(u)) + "\n";
}

}  // namespace

int main(int argc, char** argv) {
  check_args(argc, argv, "bench_gp_search_figure [--out DIR] [--points 10] [--candidates 400] [--seed 7]",
             {"--out", "--points", "--candidates", "--seed"}, 0);
  const std::string out = arg_str(argc, argv, "--out", "gp_search_figure");
  const int n_points = arg_int(argc, argv, "--points", 10);
  const int n_candidates = arg_int(argc, argv, "--candidates", 400);
  tunet::Rng rng(static_cast<uint64_t>(arg_int(argc, argv, "--seed", 7)));
  tu::CubeLayout layout;
  layout.add_integer(17);
  layout.add_continuous();

  Eigen::MatrixXd x(n_points, 2);
  Eigen::VectorXd y(n_points);
  std::string csv = "kind,path,grid,rate\n";
  for (int i = 0; i < n_points; ++i) {
    x.row(i) = layout.sample(rng).transpose();
    y[i] = objective(layout, x.row(i).transpose());
    csv += row(layout, "evaluated", -1, x.row(i).transpose());
  }
  tu::GaussianProcess gp;
  gp.fit(x, y, rng);
  tu::CandidateSet candidates;
  candidates.points = layout.low_discrepancy(n_candidates, rng);
  candidates.prediction = gp.predict(candidates.points);
  for (Eigen::Index i = 0; i < candidates.points.rows(); ++i) {
    csv += row(layout, "candidate", -1, candidates.points.row(i).transpose());
  }
  tu::AcquisitionTrace trace;
  auto best = tu::minimize_acquisition(gp, tu::Acquisition::EI, {}, y.minCoeff(), layout, candidates, x, {}, {},
                                       &trace);
  if (!best) {
    std::fprintf(stderr, "bench_gp_search_figure: the acquisition search proposed nothing\n");
    return 1;
  }
  for (size_t p = 0; p < trace.paths.size(); ++p) {
    for (const Eigen::VectorXd& u : trace.paths[p]) csv += row(layout, "path", static_cast<int>(p), u);
  }
  csv += row(layout, "chosen", -1, best->x);

  plot::Figure f{.name = "gp_acquisition_search",
                 .title = "One EI search on a mixed slice: integer grid x log-scaled rate"};
  f.data.push_back({"gp_acquisition_search.csv", csv});
  const std::string file = "'gp_acquisition_search.csv'";
  f.commands = "set title " + plot::quoted(f.title) +
               "\nset logscale x\nset xlabel 'rate (log scale)'\nset ylabel 'grid (integer)'\n"
               "set yrange [-4.5:12.5]\nset key below\n"
               "plot " + file + " using (strcol('kind') eq 'candidate' ? $4 : NaN):3 with points pt 7 ps 0.3 "
               "lc rgb '#bbbbbb' title 'QMC candidates (snapped)', \\\n"
               "  " + file + " using (strcol('kind') eq 'evaluated' ? $4 : NaN):3 with points pt 5 ps 1 "
               "lc rgb 'black' title 'evaluated', \\\n"
               "  for [p=0:" + std::to_string(trace.paths.size() - 1) + "] " + file +
               " using (strcol('kind') eq 'path' && $2 == p ? $4 : NaN):3 with linespoints pt 6 lw 2 "
               "title (p == 0 ? 'local searches (start: first point)' : ''), \\\n"
               "  " + file + " using (strcol('kind') eq 'chosen' ? $4 : NaN):3 with points pt 3 ps 3 lw 2 "
               "lc rgb 'red' title 'chosen'\n";
  plot::FigureSet set = plot::write_figures({f}, out);
  std::printf("%s\n", set.summary().c_str());
  return set.rendered ? 0 : 1;
}
