// The convergence figure: the best value so far against the number of trials
// run, and against the epochs trained so far (the fair axis when trials train
// for different budgets, as in Hyperband, or when searches are compared).
#include <cmath>
#include <limits>
#include <sstream>

#include "tuner/plot/search_figures.hpp"
#include "tuner/plot/style.hpp"

namespace tunet::tuner::plot {

std::vector<ConvergencePoint> convergence_points(const SearchRecord& search) {
  const bool maximize = search.results.direction() == Direction::Maximize;
  std::vector<ConvergencePoint> points;
  double best = std::numeric_limits<double>::quiet_NaN();
  long epochs = 0;
  for (const Trial* t : search.finished()) {
    epochs += t->epochs_trained();
    const double value = t->ok() && t->value ? *t->value : std::numeric_limits<double>::quiet_NaN();
    // best_n = min (or max) of the values of the completed trials among the first n
    if (std::isfinite(value) && (std::isnan(best) || (maximize ? value > best : value < best))) best = value;
    points.push_back({t->id, epochs, value, best});
  }
  return points;
}

namespace {

std::string convergence_csv(const std::vector<ConvergencePoint>& points) {
  std::ostringstream s;
  s << "n,trial,epochs,value,best\n";
  for (size_t k = 0; k < points.size(); ++k)
    s << k + 1 << "," << points[k].trial << "," << points[k].epochs << "," << csv_number(points[k].value) << ","
      << csv_number(points[k].best) << "\n";
  return s.str();
}

// One panel: x is "n" (trials run) or "epochs".
std::string panel(const std::string& x, const std::string& xlabel, const std::vector<std::string>& files,
                  const std::vector<std::string>& labels, const std::string& metric, bool maximize) {
  std::ostringstream s;
  s << panel_start();
  s << "set xlabel " << quoted(xlabel) << "\nset ylabel " << quoted((maximize ? "highest " : "lowest ") + metric +
                                                                     " so far")
    << "\n";
  s << "set key " << (maximize ? "bottom" : "top") << " right opaque box lc rgb '#c0c0c0'\n";
  s << "plot " << quoted(files[0]) << " using " << quoted(x) << ":'value' with points " << kTrialPoint
    << " lc rgb '#9a9a9a' title 'each trial', \\\n";
  for (size_t k = 0; k < files.size(); ++k) {
    s << "     " << quoted(files[k]) << " using " << quoted(x) << ":'best' with steps lw 2 lc "
      << series_colour(static_cast<int>(k)) << " title " << quoted(labels[k]) << (k + 1 < files.size() ? ", \\" : "")
      << "\n";
  }
  return s.str();
}

}  // namespace

std::optional<Figure> convergence_figure(const SearchRecord& search, const std::vector<SearchRecord>& compare) {
  std::vector<ConvergencePoint> points = convergence_points(search);
  if (!search.results.has_best()) return std::nullopt;  // no value to draw yet
  Figure f;
  f.name = "convergence";
  const std::string& metric = search.results.metric();
  const bool maximize = search.results.direction() == Direction::Maximize;
  f.data.push_back({"convergence.csv", convergence_csv(points)});
  std::vector<std::string> files{"convergence.csv"}, labels{"best so far: " + search.label()};
  for (size_t k = 0; k < compare.size(); ++k) {
    const std::string name = "convergence_compare_" + std::to_string(k + 1) + ".csv";
    f.data.push_back({name, convergence_csv(convergence_points(compare[k]))});
    files.push_back(name);
    labels.push_back("best so far: " + compare[k].label());
  }
  const bool by_epochs = search.hyperband() || !compare.empty();
  f.title = "Convergence: the " + std::string(maximize ? "highest " : "lowest ") + metric + " found after each trial" +
            (by_epochs ? ", and after each epoch trained" : "");
  if (!by_epochs) {
    f.commands = panel("n", "trials run", files, labels, metric, maximize);
    return f;
  }
  f.width = 1200;
  f.commands = multiplot(1, 2, f.title) + panel("n", "trials run", files, labels, metric, maximize) +
               panel("epochs", "epochs trained", files, labels, metric, maximize) + "unset multiplot\n";
  return f;
}

}  // namespace tunet::tuner::plot
