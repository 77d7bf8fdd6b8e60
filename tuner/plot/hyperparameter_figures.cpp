// The figures of the hyperparameters tried: the value against each of them
// (objective), how often each value was tried (histograms), and every pair of
// them (evaluations, as scikit-optimize's plot_evaluations).
#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "tuner/plot/dimension_axis.hpp"
#include "tuner/plot/search_figures.hpp"
#include "tuner/plot/style.hpp"

namespace tunet::tuner::plot {

namespace {

constexpr int kHistogramBins = 12;

// Rows: n (1-based order), trial, epochs, value, best (0/1), one column per axis.
std::string points_csv(const std::vector<const Trial*>& trials, const std::vector<const Trial*>& values,
                       const Trial* best, const std::vector<DimensionAxis>& axes) {
  std::ostringstream s;
  s << "n,trial,epochs,value,best";
  for (const DimensionAxis& a : axes) s << "," << csv_text(a.name());
  s << "\n";
  for (size_t k = 0; k < trials.size(); ++k) {
    const Trial& t = *trials[k];
    const Trial& v = *values[k];
    s << k + 1 << "," << t.id << "," << v.budget << ","
      << csv_number(v.ok() && v.value ? *v.value : std::numeric_limits<double>::quiet_NaN()) << ","
      << (&t == best ? 1 : 0);
    for (const DimensionAxis& a : axes) s << "," << csv_number(a.csv_value(t.params));
    s << "\n";
  }
  return s.str();
}

// The configurations tried (each once), the trial holding each one's final
// value, and the configuration of the best trial.
struct Configurations {
  std::vector<const Trial*> first, last;
  const Trial* best = nullptr;
};

Configurations configurations(const SearchRecord& search) {
  Configurations c;
  const Trial* best_trial = search.results.has_best() ? &search.results.best() : nullptr;
  const Trial* best_first = best_trial ? search.lineage(*best_trial).front() : nullptr;
  for (const Trial* t : search.configurations()) {
    c.first.push_back(t);
    c.last.push_back(&search.final_trial(*t));
    if (t == best_first) c.best = t;
  }
  return c;
}

// A histogram of one dimension's column of `file`.
std::string histogram_plot(const DimensionAxis& a, const std::string& file) {
  std::ostringstream s;
  s << "set style " << kBarFill << "\n";
  const Dimension& d = a.dimension();
  const bool per_value = a.categorical() || (d.kind() == DimensionKind::Integer && !a.log() && d.high() - d.low() < 16);
  if (per_value) {
    s << "set boxwidth 0.7\n";
    s << "plot " << quoted(file) << " using " << a.column() << ":(1) smooth frequency with boxes lc rgb '#4c78a8'\n";
  } else {
    const double lo = a.coordinate(d.low()), hi = a.coordinate(d.high());
    s << "plot " << quoted(file) << " using " << a.column() << ":(1) bins=" << kHistogramBins << " binrange ["
      << csv_number(lo) << ":" << csv_number(hi) << "] with boxes lc rgb '#4c78a8'\n";
  }
  return s.str();
}

// The axes of the dimensions that are set in at least one of the trials (a
// conditional dimension that was never active has nothing to draw).
std::vector<DimensionAxis> used_axes(const Space& space, const std::vector<const Trial*>& trials) {
  std::vector<DimensionAxis> used;
  for (const DimensionAxis& a : plotted_dimensions(space))
    if (std::any_of(trials.begin(), trials.end(), [&](const Trial* t) { return t->params.has(a.name()); }))
      used.push_back(a);
  return used;
}

std::string colour_meaning(const SearchRecord& search) {
  return search.hyperband() ? "colour: epochs trained, dark = fewest" : "colour: trial order, dark = first";
}

}  // namespace

std::optional<Figure> objective_figure(const SearchRecord& search) {
  std::vector<const Trial*> completed;
  for (const Trial* t : search.finished())
    if (t->ok()) completed.push_back(t);
  std::vector<DimensionAxis> axes = used_axes(search.results.space(), completed);
  if (completed.empty() || axes.empty()) return std::nullopt;
  const Trial* best = search.results.has_best() ? &search.results.best() : nullptr;
  const std::string& metric = search.results.metric();
  Figure f;
  f.name = "objective";
  f.title = metric + " against each hyperparameter (" + colour_meaning(search) + "; red star: best trial)";
  f.data.push_back({"objective.csv", points_csv(completed, completed, best, axes)});
  auto [rows, cols] = grid_shape(static_cast<int>(axes.size()));
  f.width = 420 * cols;
  f.height = 340 * rows + 40;
  const std::string colour = search.hyperband() ? "epochs" : "n";
  std::ostringstream s;
  s << multiplot(rows, cols, f.title);
  for (const DimensionAxis& a : axes) {
    s << panel_start() << a.commands("x") << "set ylabel " << quoted(metric) << "\n";
    s << "set cblabel " << quoted(search.hyperband() ? "epochs" : "trial") << "\n";
    if (a.categorical()) s << "set jitter spread 0.6\n";
    s << "plot 'objective.csv' using " << a.column() << ":'value':" << quoted(colour) << " with points "
      << kTrialPoint << " lc palette, \\\n"
      << "     '' using " << a.column() << ":(column('best') > 0 ? column('value') : NaN) with points " << kBestPoint
      << "\n";
  }
  s << "unset multiplot\n";
  f.commands = s.str();
  return f;
}

std::optional<Figure> histograms_figure(const SearchRecord& search) {
  Configurations c = configurations(search);
  std::vector<DimensionAxis> axes = used_axes(search.results.space(), c.first);
  if (c.first.empty() || axes.empty()) return std::nullopt;
  Figure f;
  f.name = "histograms";
  f.title = "How often each value was tried (" + std::to_string(c.first.size()) + " configurations)";
  f.data.push_back({"histograms.csv", points_csv(c.first, c.last, c.best, axes)});
  auto [rows, cols] = grid_shape(static_cast<int>(axes.size()));
  f.width = 400 * cols;
  f.height = 300 * rows + 40;
  std::ostringstream s;
  s << multiplot(rows, cols, f.title);
  for (const DimensionAxis& a : axes) {
    s << panel_start() << a.commands("x") << "set ylabel 'configurations'\nset yrange [0:*]\n"
      << histogram_plot(a, "histograms.csv");
  }
  s << "unset multiplot\n";
  f.commands = s.str();
  return f;
}

std::optional<Figure> evaluations_figure(const SearchRecord& search) {
  Configurations c = configurations(search);
  std::vector<DimensionAxis> axes = used_axes(search.results.space(), c.first);
  const int n = static_cast<int>(axes.size());
  if (c.first.empty() || n < 2) return std::nullopt;
  Figure f;
  f.name = "evaluations";
  f.title = "Evaluations: every pair of hyperparameters (colour: order tried, dark = first; red star: best)";
  f.data.push_back({"evaluations.csv", points_csv(c.first, c.last, c.best, axes)});
  f.width = f.height = std::min(1800, 110 + 230 * n);
  std::ostringstream s;
  s << "set multiplot layout " << n << "," << n << " title " << quoted(f.title)
    << " font ',12' margins 0.1,0.98,0.08,0.94 spacing 0.012,0.012\n";
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (j > i) {
        s << "set multiplot next\n";
        continue;
      }
      const bool bottom = i == n - 1, left = j == 0;
      s << panel_start() << "unset colorbox\n" << axes[j].commands("x", bottom);
      if (i == j) {
        s << "set yrange [0:*]\nset format y ''\nunset ylabel\n" << histogram_plot(axes[i], "evaluations.csv");
        continue;
      }
      s << axes[i].commands("y", left);
      s << "plot 'evaluations.csv' using " << axes[j].column() << ":" << axes[i].column() << ":'n' with points "
        << kTrialPoint << " lc palette, \\\n"
        << "     '' using " << axes[j].column() << ":(column('best') > 0 ? " << axes[i].column()
        << " : NaN) with points " << kBestPoint << "\n";
    }
  }
  s << "unset multiplot\n";
  f.commands = s.str();
  return f;
}

}  // namespace tunet::tuner::plot
