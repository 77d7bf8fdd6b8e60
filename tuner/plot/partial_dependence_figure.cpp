// scikit-optimize's plot_objective for a GP search: the GP is fitted again to
// the journal's completed trials, and its partial dependence (the model's
// mean averaged over configurations drawn from the space, gp_plot_data.hpp)
// is drawn in the metric's own units: 1-D with its 95% band on the diagonal,
// 2-D as a colour map below it, with the trials as dots and the best starred.
#include <cmath>
#include <limits>
#include <sstream>

#include "core/error.hpp"
#include "tuner/plot/dimension_axis.hpp"
#include "tuner/plot/search_figures.hpp"
#include "tuner/plot/style.hpp"
#include "tuner/proposers/gp/space_transform.hpp"

namespace tunet::tuner::plot {

namespace {

constexpr uint64_t kGpStream = 0x706c6f74ULL;  // "plot"
constexpr double kZ95 = 1.959963984540054;     // the 97.5% quantile of N(0, 1)

std::string pd1_csv(const DimensionAxis& a, const PartialDependence1D& pd, double sign) {
  std::ostringstream s;
  s << csv_text(a.name()) << ",mean,low,high\n";
  for (size_t k = 0; k < pd.values.size(); ++k) {
    const double mean = sign * pd.mean[k], half = kZ95 * pd.std[k];
    s << csv_number(a.csv_value(pd.values[k])) << "," << csv_number(mean) << "," << csv_number(mean - half) << ","
      << csv_number(mean + half) << "\n";
  }
  return s.str();
}

// Long form, one block per x value (blank lines between): a grid gnuplot draws "with image".
std::string pd2_csv(const DimensionAxis& ax, const DimensionAxis& ay, const PartialDependence2D& pd, double sign) {
  std::ostringstream s;
  s << csv_text(ax.name()) << "," << csv_text(ay.name()) << ",mean\n";
  for (size_t i = 0; i < pd.x_values.size(); ++i) {
    if (i) s << "\n";
    for (size_t j = 0; j < pd.y_values.size(); ++j)
      s << csv_number(ax.csv_value(pd.x_values[i])) << "," << csv_number(ay.csv_value(pd.y_values[j])) << ","
        << csv_number(sign * pd.mean(i, j)) << "\n";
  }
  return s.str();
}

std::string points_csv(const SearchRecord& search, const std::vector<DimensionAxis>& axes) {
  const Trial* best = search.results.has_best() ? &search.results.best() : nullptr;
  std::ostringstream s;
  s << "trial,value,best";
  for (const DimensionAxis& a : axes) s << "," << csv_text(a.name());
  s << "\n";
  for (const Trial* t : search.finished()) {
    if (!t->ok()) continue;
    s << t->id << "," << csv_number(*t->value) << "," << (t == best ? 1 : 0);
    for (const DimensionAxis& a : axes) s << "," << csv_number(a.csv_value(t->params));
    s << "\n";
  }
  return s.str();
}

}  // namespace

GpResult fitted_gp(const SearchRecord& search) {
  GpResult r;
  r.space = search.results.space();
  SpaceTransform transform(r.space);
  std::vector<Eigen::VectorXd> x;
  std::vector<double> y;
  for (const Trial* t : search.finished()) {
    r.x_iters.push_back(t->params);
    r.func_vals.push_back(t->ok() ? t->loss : std::numeric_limits<double>::quiet_NaN());
    if (!t->ok()) continue;
    x.push_back(transform.to_cube(t->params));
    y.push_back(t->loss);
    if (!r.has_best() || t->loss < r.fun) {
      r.x = t->params;
      r.fun = t->loss;
    }
  }
  check(x.size() >= 2, "the partial dependence needs a GP fitted to at least 2 completed trials, " +
                           search.repo_dir.string() + " has " + std::to_string(x.size()));
  Eigen::MatrixXd xm(static_cast<Eigen::Index>(x.size()), transform.n_coordinates());
  Eigen::VectorXd ym(static_cast<Eigen::Index>(y.size()));
  for (size_t k = 0; k < x.size(); ++k) {
    xm.row(static_cast<Eigen::Index>(k)) = x[k].transpose();
    ym[static_cast<Eigen::Index>(k)] = y[k];
  }
  GaussianProcess gp;
  gp.set_categorical_blocks(transform.layout().one_hot_blocks());
  Rng rng(search.seed, kGpStream);
  gp.fit(xm, ym, rng);
  r.model = std::move(gp);
  return r;
}

std::optional<Figure> partial_dependence_figure(const SearchRecord& search, const PartialDependenceOptions& options) {
  std::vector<DimensionAxis> axes = plotted_dimensions(search.results.space());
  const int n = static_cast<int>(axes.size());
  int completed = 0;
  for (const Trial* t : search.finished()) completed += t->ok() ? 1 : 0;
  if (search.algorithm != "gp" || n == 0 || completed < 2) return std::nullopt;
  const GpResult gp = fitted_gp(search);
  const bool maximize = search.results.direction() == Direction::Maximize;
  const double sign = maximize ? -1.0 : 1.0;  // the GP models the loss; draw the metric
  const std::string& metric = search.results.metric();

  Figure f;
  f.name = "partial_dependence";
  f.title = "Partial dependence of " + metric + " in the GP fitted to " + std::to_string(completed) +
            " trials (band: 95%; colours: yellow = better; dots: trials; red star: best)";
  f.data.push_back({"partial_dependence_points.csv", points_csv(search, axes)});
  f.width = f.height = std::min(1800, 150 + 240 * n);
  std::ostringstream s;
  s << "set multiplot layout " << n << "," << n << " title " << quoted(f.title)
    << " font ',12' margins 0.1,0.93,0.08,0.94 spacing 0.012,0.012\n";
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (j > i) {
        s << "set multiplot next\n";
        continue;
      }
      const bool bottom = i == n - 1, left = j == 0;
      s << panel_start() << "unset colorbox\n" << axes[j].commands("x", bottom);
      const std::string best_x = "(column('best') > 0 ? " + axes[j].column() + " : NaN)";
      if (i == j) {
        const std::string file = "pd_" + axes[i].name() + ".csv";
        f.data.push_back({file, pd1_csv(axes[i], partial_dependence_1d(gp, axes[i].name(), options), sign)});
        // Values on the right, where the panel beside it is empty.
        s << "set ytics nomirror format ''\nset y2tics format '%g'\nset link y2\nunset ylabel\n";
        if (n == 1) s << "set y2label " << quoted(metric) << "\n";
        if (gp.x.has(axes[i].name())) {
          const double c = axes[i].coordinate(axes[i].csv_value(gp.x.at(axes[i].name())));
          s << "set arrow from " << csv_number(c) << ", graph 0 to " << csv_number(c)
            << ", graph 1 nohead dt 2 lw 1.5 lc rgb '#d62728' front\n";
        }
        if (axes[i].categorical()) {
          s << "plot " << quoted(file) << " using " << axes[i].column() << ":'mean':'low':'high' with yerrorbars pt 7 "
            << kBestLine << "\n";
        } else {
          s << "plot " << quoted(file) << " using " << axes[i].column()
            << ":'low':'high' with filledcurves fc rgb '#c6dbef' fs solid 0.8, \\\n     '' using " << axes[i].column()
            << ":'mean' with lines " << kBestLine << "\n";
        }
        continue;
      }
      const std::string file = "pd_" + axes[j].name() + "_" + axes[i].name() + ".csv";
      f.data.push_back(
          {file, pd2_csv(axes[j], axes[i], partial_dependence_2d(gp, axes[j].name(), axes[i].name(), options), sign)});
      s << axes[i].commands("y", left);
      if (!maximize) s << "set palette negative\n";
      s << "plot " << quoted(file) << " using " << axes[j].column() << ":" << axes[i].column()
        << ":'mean' with image, \\\n"
        << "     'partial_dependence_points.csv' using " << axes[j].column() << ":" << axes[i].column()
        << " with points pt 7 ps 0.5 lc rgb '#000000', \\\n"
        << "     '' using " << best_x << ":" << axes[i].column() << " with points " << kBestPoint << "\n";
    }
  }
  s << "unset multiplot\n";
  f.commands = s.str();
  return f;
}

}  // namespace tunet::tuner::plot
