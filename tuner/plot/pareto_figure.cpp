// The Pareto figure of a multi-objective search (search.objectives): the
// first objective against the second, every completed trial a point, the
// front's points joined in order of the first objective as a step line.
#include <algorithm>
#include <sstream>

#include "tuner/plot/search_figures.hpp"
#include "tuner/plot/style.hpp"

namespace tunet::tuner::plot {

std::optional<Figure> pareto_figure(const SearchRecord& search) {
  const ObjectiveList& objectives = search.results.objectives();
  if (!objectives.several()) return std::nullopt;
  const std::string& x = objectives.specs()[0].name;
  const std::string& y = objectives.specs()[1].name;
  std::vector<const Trial*> all;
  for (const Trial& t : search.results.trials()) all.push_back(&t);
  const std::vector<bool> front = objectives.on_front(all);
  struct Row {
    int trial;
    double x, y;
    bool front;
  };
  std::vector<Row> rows;
  for (size_t i = 0; i < all.size(); ++i) {
    const auto vx = objectives.value(*all[i], 0), vy = objectives.value(*all[i], 1);
    if (all[i]->ok() && vx && vy) rows.push_back({all[i]->id, *vx, *vy, front[i]});
  }
  if (rows.empty()) return std::nullopt;
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.x < b.x; });
  std::ostringstream points, line;
  points << "trial,x,y\n";
  line << "trial,x,y\n";
  for (const Row& r : rows) {
    points << r.trial << "," << csv_number(r.x) << "," << csv_number(r.y) << "\n";
    if (r.front) line << r.trial << "," << csv_number(r.x) << "," << csv_number(r.y) << "\n";
  }
  Figure f;
  f.name = "pareto";
  f.title = "Pareto front: " + x + " (" + direction_name(objectives.specs()[0].direction) + ") against " + y + " (" +
            direction_name(objectives.specs()[1].direction) + "), the front's trials joined";
  f.data = {{"pareto_trials.csv", points.str()}, {"pareto_front.csv", line.str()}};
  std::ostringstream s;
  s << panel_start();
  s << "set xlabel " << quoted(x) << "\nset ylabel " << quoted(y) << "\n";
  s << "set key outside bottom center horizontal\n";
  s << "plot 'pareto_trials.csv' using 'x':'y' with points " << kTrialPoint << " lc rgb '#9a9a9a' title 'trial', \\\n"
    << "     'pareto_front.csv' using 'x':'y' with linespoints lw 2 pt 7 ps 1.1 lc " << series_colour(0)
    << " title 'Pareto front'\n";
  f.commands = s.str();
  return f;
}

}  // namespace tunet::tuner::plot
