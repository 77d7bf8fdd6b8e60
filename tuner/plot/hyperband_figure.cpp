// Hyperband's brackets as a picture: in each bracket, every configuration's
// value epoch by epoch (its line goes on while it survives), the rung budgets
// as dashed lines, the point where each configuration's trial ended, coloured
// by the last rung it reached, and the best trial starred.
#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "tuner/plot/search_figures.hpp"
#include "tuner/plot/style.hpp"

namespace tunet::tuner::plot {

namespace {

// Rows of one configuration's line, by epoch: every recorded epoch of its
// trials (a later trial's record of an epoch replaces an earlier one's), and
// each trial's end (its budget and value) flagged as a rung end.
void configuration_rows(const SearchRecord& search, const Trial& first, const std::string& metric, const Trial* best,
                        std::ostringstream& s) {
  struct Row {
    const Trial* trial;
    double value;
    bool rung_end;
  };
  const std::vector<const Trial*> chain = search.lineage(search.final_trial(first));
  std::map<int, Row> rows;
  for (const Trial* t : chain)
    for (const EpochRecord& r : t->history)
      rows[r.epoch] = {t, r.metric(metric).value_or(std::numeric_limits<double>::quiet_NaN()), false};
  for (const Trial* t : chain) {
    std::optional<double> end = t->value;
    if (!end && !t->history.empty()) end = t->history.back().metric(metric);
    rows[t->budget] = {t, end.value_or(std::numeric_limits<double>::quiet_NaN()), true};
  }
  const int last_rung = chain.back()->rung;
  for (const auto& [epoch, row] : rows)
    s << first.id << "," << row.trial->id << "," << row.trial->rung << "," << last_rung << "," << epoch << ","
      << csv_number(row.value) << "," << (row.rung_end ? 1 : 0) << "," << (row.rung_end && row.trial == best ? 1 : 0)
      << "\n";
}

}  // namespace

std::optional<Figure> hyperband_figure(const SearchRecord& search) {
  if (!search.hyperband()) return std::nullopt;
  // s_max first, as the schedule; brackets where no trial has a value yet have nothing to draw
  std::map<int, std::vector<const Trial*>, std::greater<int>> brackets;
  std::set<int> with_values;
  for (const Trial* t : search.finished())
    if (t->value) with_values.insert(t->bracket);
  for (const Trial* t : search.configurations())
    if (with_values.count(t->bracket)) brackets[t->bracket].push_back(t);
  if (brackets.empty()) return std::nullopt;
  const Trial* best = search.results.has_best() ? &search.results.best() : nullptr;
  const std::string& metric = search.results.metric();

  Figure f;
  f.name = "hyperband";
  f.title = "Hyperband brackets: " + metric +
            " by epoch for each configuration (dashed: rung budgets; colour: last rung reached; red star: best)";
  auto [rows, cols] = grid_shape(static_cast<int>(brackets.size()));
  f.width = 460 * cols;
  f.height = 360 * rows + 40;
  std::ostringstream s;
  s << multiplot(rows, cols, f.title);
  for (const auto& [bracket, firsts] : brackets) {
    const std::string file = "hyperband_bracket_" + std::to_string(bracket) + ".csv";
    std::ostringstream csv;
    csv << "configuration,trial,rung,last_rung,epoch,value,rung_end,best\n";
    std::set<int> budgets;
    int top_rung = 0;
    for (size_t k = 0; k < firsts.size(); ++k) {
      if (k) csv << "\n";  // one line per configuration
      configuration_rows(search, *firsts[k], metric, best, csv);
      for (const Trial* t : search.lineage(search.final_trial(*firsts[k]))) {
        budgets.insert(t->budget);
        top_rung = std::max(top_rung, t->rung);
      }
    }
    f.data.push_back({file, csv.str()});
    s << panel_start() << "set title " << quoted("bracket s=" + std::to_string(bracket) + ": " +
                                                 std::to_string(firsts.size()) + " configurations")
      << "\nset xlabel 'epochs'\nset ylabel " << quoted(metric) << "\n";
    s << "set logscale x\nset xrange [" << csv_number(*budgets.begin() / 1.3) << ":" << csv_number(*budgets.rbegin() * 1.3)
      << "]\nset xtics (";
    for (auto it = budgets.begin(); it != budgets.end(); ++it) s << (it == budgets.begin() ? "" : ", ") << *it;
    s << ")\n";
    for (int b : budgets)
      s << "set arrow from " << b << ", graph 0 to " << b << ", graph 1 nohead dt 2 lc rgb '#909090'\n";
    s << "set cbrange [-0.5:" << top_rung << ".5]\nset palette maxcolors " << top_rung + 1
      << "\nset cbtics 1\nset cblabel 'last rung reached'\n";
    s << "plot " << quoted(file) << " using 'epoch':'value':'last_rung' with lines lw 1.2 lc palette, \\\n"
      << "     '' using 'epoch':(column('rung_end') > 0 ? column('value') : NaN):'last_rung' with points pt 7 ps 0.8 "
         "lc palette, \\\n"
      << "     '' using 'epoch':(column('best') > 0 ? column('value') : NaN) with points " << kBestPoint << "\n";
  }
  s << "unset multiplot\n";
  f.commands = s.str();
  return f;
}

}  // namespace tunet::tuner::plot
