// Learning curves of the best trials: the losses (training and validation)
// after each epoch, from the first epoch of the configuration (a Hyperband
// survivor's curve includes the trials it continues).
#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "tuner/plot/search_figures.hpp"
#include "tuner/plot/style.hpp"

namespace tunet::tuner::plot {

namespace {

constexpr int kMaxIntegerTicks = 15;  // up to this many epochs, a tick for each

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

std::optional<Figure> training_curves_figure(const SearchRecord& search, int best_k) {
  // The best trials of different configurations (a Hyperband survivor's
  // earlier rungs are the same configuration, already in its curve).
  std::vector<const Trial*> best;
  std::set<int> shown;
  for (const Trial* t : search.results.ranked())
    if (t->ok() && static_cast<int>(best.size()) < best_k && shown.insert(search.lineage(*t).front()->id).second)
      best.push_back(t);
  // The metrics drawn: the losses when there are any, else every metric.
  std::vector<std::string> names;
  for (const Trial* t : best)
    for (const Trial* part : search.lineage(*t))
      for (const EpochRecord& r : part->history)
        for (const auto& [name, value] : r.metrics)
          if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  std::vector<std::string> losses;
  std::copy_if(names.begin(), names.end(), std::back_inserter(losses), [](const std::string& n) { return ends_with(n, "loss"); });
  if (!losses.empty()) names = losses;
  if (best.empty() || names.empty()) return std::nullopt;

  Figure f;
  f.name = "training_curves";
  f.title = "Training curves of the " + std::to_string(best.size()) + " best configurations";
  auto [rows, cols] = grid_shape(static_cast<int>(best.size()), 2);
  f.width = 560 * cols;
  f.height = 340 * rows + 40;
  std::ostringstream s;
  s << multiplot(rows, cols, f.title);
  for (size_t k = 0; k < best.size(); ++k) {
    const Trial& t = *best[k];
    const std::string file = "training_curves_trial_" + std::to_string(t.id) + ".csv";
    std::ostringstream csv;
    csv << "epoch";
    for (const std::string& n : names) csv << "," << csv_text(n);
    csv << "\n";
    std::map<int, const EpochRecord*> epochs;  // a later trial's record of an epoch replaces an earlier one's
    for (const Trial* part : search.lineage(t))
      for (const EpochRecord& r : part->history) epochs[r.epoch] = &r;
    for (const auto& [epoch, r] : epochs) {
      csv << epoch;
      for (const std::string& n : names)
        csv << "," << csv_number(r->metric(n).value_or(std::numeric_limits<double>::quiet_NaN()));
      csv << "\n";
    }
    f.data.push_back({file, csv.str()});
    char value[32];
    std::snprintf(value, sizeof value, "%.4g", *t.value);
    s << panel_start() << "set title " << quoted("rank " + std::to_string(k + 1) + ": trial " + std::to_string(t.id) +
                                                 ", " + search.results.metric() + " " + value)
      << "\nset xlabel 'epoch'\nset key top right\n";
    if (t.budget <= kMaxIntegerTicks) s << "set xtics 1\n";
    s << "plot ";
    for (size_t m = 0; m < names.size(); ++m)
      s << (m ? ", \\\n     " : "") << quoted(file) << " using 'epoch':" << quoted(names[m])
        << " with linespoints pt 7 ps 0.5 lw 2 lc " << series_colour(static_cast<int>(m)) << " title "
        << quoted(names[m]);
    s << "\n";
  }
  s << "unset multiplot\n";
  f.commands = s.str();
  return f;
}

}  // namespace tunet::tuner::plot
