#include "tuner/study/results.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <sstream>

#include "core/error.hpp"
#include "tuner/storage/atomic_file.hpp"
#include "tuner/storage/journal.hpp"

namespace tunet::tuner {

namespace {

std::string fmt(double x, const char* format = "%.6g") {
  if (!std::isfinite(x)) return std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf");
  char buf[48];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

// A value as a table cell: strings bare, numbers short.
std::string cell(const Value& v) {
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return to_string(v);
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string exact(double x) { return fmt(x, "%.17g"); }

// The best value of `metric` over a trial's epochs, in the study's direction.
std::optional<double> best_epoch_value(const Trial& t, const std::string& metric, Direction d) {
  std::optional<double> best;
  for (const EpochRecord& r : t.history)
    if (auto v = r.metric(metric); v && std::isfinite(*v))
      if (!best || (d == Direction::Minimize ? *v < *best : *v > *best)) best = v;
  return best;
}

}  // namespace

Results::Results(std::vector<Trial> trials, Space space, std::string metric, Direction direction,
                 std::filesystem::path repo_dir)
    : trials_(std::move(trials)),
      space_(std::move(space)),
      metric_(std::move(metric)),
      direction_(direction),
      repo_dir_(std::move(repo_dir)) {
  std::sort(trials_.begin(), trials_.end(), [](const Trial& a, const Trial& b) { return a.id < b.id; });
}

Results Results::load(const std::filesystem::path& repo_dir) { return from_events(Journal::read(repo_dir), repo_dir); }

Results Results::from_events(const std::vector<Json>& events, const std::filesystem::path& repo_dir) {
  return from_state(replay(events), repo_dir);
}

Results Results::from_state(const JournalState& state, const std::filesystem::path& repo_dir) {
  check(!state.header.is_null(), "no study journal in " + repo_dir.string());
  std::vector<Trial> trials;
  for (const auto& [id, t] : state.trials) trials.push_back(t);
  Results results(std::move(trials), Space::from_json(state.header.at("space")), state.metric, state.direction,
                  repo_dir);
  results.set_objectives(recorded_objectives(state.header.at("objective").value("description", Json()), state.metric));
  return results;
}

std::vector<size_t> Results::extra_objectives() const {
  std::vector<size_t> out;
  if (!objectives_.several()) return out;
  const std::vector<std::string> quantities = attribute_names();
  for (size_t k = 0; k < objectives_.size(); ++k) {
    const std::string& name = objectives_.specs()[k].name;
    if (name != metric_ && std::find(quantities.begin(), quantities.end(), name) == quantities.end()) out.push_back(k);
  }
  return out;
}

std::vector<bool> Results::on_front(const std::vector<const Trial*>& trials) const {
  if (!objectives_.several()) return std::vector<bool>(trials.size(), false);
  return objectives_.on_front(trials);
}

std::vector<const Trial*> Results::front() const {
  std::vector<const Trial*> all;
  for (const Trial& t : trials_) all.push_back(&t);
  const std::vector<bool> on = on_front(all);
  std::vector<const Trial*> out;
  for (size_t i = 0; i < all.size(); ++i)
    if (on[i]) out.push_back(all[i]);
  return out;
}

std::vector<const Trial*> Results::ranked() const {
  std::vector<const Trial*> out;
  for (const Trial& t : trials_)
    if (t.finished()) out.push_back(&t);
  auto group = [](const Trial* t) {
    return t->ok() ? 0 : t->status == TrialStatus::Pruned ? 1 : t->status == TrialStatus::Failed ? 2 : 3;
  };
  std::stable_sort(out.begin(), out.end(), [&](const Trial* a, const Trial* b) {
    if (group(a) != group(b)) return group(a) < group(b);
    return better(*a, *b);
  });
  return out;
}

bool Results::has_best() const {
  return std::any_of(trials_.begin(), trials_.end(), [](const Trial& t) { return t.ok() && std::isfinite(t.loss); });
}

const Trial& Results::best() const {
  check(has_best(), "no trial completed with a finite value: there is no best configuration");
  return *ranked().front();
}

void Results::print(std::ostream& out, size_t top) const {
  std::vector<std::string> names;
  for (const Dimension& d : space_) names.push_back(d.name());
  const bool folds = std::any_of(trials_.begin(), trials_.end(), [](const Trial& t) { return !t.fold_values.empty(); });
  const bool hyperband = std::any_of(trials_.begin(), trials_.end(), [](const Trial& t) { return t.bracket >= 0; });

  const std::vector<std::string> quantities = attribute_names();
  const std::vector<size_t> extra = extra_objectives();
  const bool several = objectives_.several();

  std::vector<std::string> header = {"rank", "trial"};
  if (hyperband) header.insert(header.end(), {"bracket", "rung"});
  header.insert(header.end(), names.begin(), names.end());
  header.insert(header.end(), quantities.begin(), quantities.end());
  for (size_t k : extra) header.push_back(objectives_.specs()[k].name);
  header.push_back("epochs");
  header.push_back(metric_);
  if (folds) header.push_back("std");
  header.push_back("epoch");
  if (several) header.push_back("front");
  header.insert(header.end(), {"time_s", "status"});

  std::vector<std::vector<std::string>> rows;
  auto ranked_trials = ranked();
  const std::vector<bool> front_marks = on_front(ranked_trials);
  for (size_t k = 0; k < ranked_trials.size() && (top == 0 || k < top); ++k) {
    const Trial& t = *ranked_trials[k];
    std::vector<std::string> row = {std::to_string(k + 1), std::to_string(t.id)};
    if (hyperband) row.insert(row.end(), {std::to_string(t.bracket), std::to_string(t.rung)});
    for (const std::string& n : names) row.push_back(t.params.has(n) ? cell(t.params.at(n)) : "-");
    for (const std::string& q : quantities) {
      const auto v = attribute(t.attributes, q);
      row.push_back(v ? fmt(*v, "%.10g") : "-");
    }
    for (size_t e : extra) {
      const auto v = objectives_.value(t, e);
      row.push_back(v ? fmt(*v) : "-");
    }
    row.push_back(std::to_string(t.last_epoch()) + (t.stop_reason.empty() ? "" : "/" + std::to_string(t.budget)));
    row.push_back(t.value ? fmt(*t.value) : "-");
    if (folds) row.push_back(t.fold_values.empty() ? "-" : fmt(t.value_std(), "%.4g"));
    row.push_back(t.value && t.value_epoch > 0 ? std::to_string(t.value_epoch) : "-");
    if (several) row.push_back(front_marks[k] ? "*" : "");
    row.push_back(fmt(t.wall_s, "%.1f"));
    row.push_back(!t.ok()                  ? std::string(status_name(t.status)) + ": " + t.failure.substr(0, 60)
                  : t.stop_reason.empty() ? std::string(status_name(t.status))
                                          : "completed, stopped early: " + t.stop_reason.substr(0, 60));
    rows.push_back(std::move(row));
  }

  std::vector<size_t> width(header.size());
  for (size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& r : rows) width[c] = std::max(width[c], std::min<size_t>(r[c].size(), c + 1 == header.size() ? 80 : 24));
  }
  auto line = [&](const std::vector<std::string>& r) {
    std::string s;
    for (size_t c = 0; c < r.size(); ++c) {
      std::string v = r[c];
      if (c + 1 < r.size()) {
        if (v.size() > width[c]) v = v.substr(0, width[c]);
        s += std::string(width[c] - v.size(), ' ') + v + "  ";
      } else {
        s += v;
      }
    }
    out << s << "\n";
  };
  line(header);
  for (const auto& r : rows) line(r);
  size_t finished = ranked_trials.size();
  if (top != 0 && finished > top) out << "(" << finished - top << " more in results.csv)\n";
}

std::string Results::csv() const {
  std::vector<std::string> names;
  for (const Dimension& d : space_) names.push_back(d.name());
  std::ostringstream s;
  s << "trial,bracket,rung,resumed_from";
  for (const std::string& n : names) s << "," << csv_field(n);
  s << ",initial_epoch,budget,epochs," << csv_field(metric_) << "," << csv_field(metric_ + "_std") << ",epoch,"
    << csv_field("best_epoch_" + metric_) << ",wall_s,status,failure,stop_reason";
  const std::vector<std::string> quantities = attribute_names();
  for (const std::string& q : quantities) s << "," << csv_field(q);
  const std::vector<size_t> extra = extra_objectives();
  for (size_t k : extra) s << "," << csv_field(objectives_.specs()[k].name);
  if (objectives_.several()) s << ",front";
  s << "\n";
  std::vector<const Trial*> all;
  for (const Trial& t : trials_) all.push_back(&t);
  const std::vector<bool> front_marks = on_front(all);
  for (size_t i = 0; i < trials_.size(); ++i) {
    const Trial& t = trials_[i];
    s << t.id << "," << t.bracket << "," << t.rung << "," << (t.resumed_from ? std::to_string(*t.resumed_from) : "");
    for (const std::string& n : names) {
      s << ",";
      if (!t.params.has(n)) continue;
      const Value& v = t.params.at(n);
      if (auto* d = std::get_if<double>(&v)) s << exact(*d);
      else s << csv_field(cell(v));
    }
    auto best_epoch = best_epoch_value(t, metric_, direction_);
    s << "," << t.initial_epoch << "," << t.budget << "," << t.last_epoch() << ","
      << (t.value ? exact(*t.value) : "") << "," << (t.fold_values.empty() ? "" : exact(t.value_std())) << ","
      << (t.value && t.value_epoch > 0 ? std::to_string(t.value_epoch) : "") << ","
      << (best_epoch ? exact(*best_epoch) : "") << "," << fmt(t.wall_s, "%.3f") << "," << status_name(t.status)
      << "," << csv_field(t.failure) << "," << csv_field(t.stop_reason);
    for (const std::string& q : quantities) {
      const auto v = attribute(t.attributes, q);
      s << "," << (v ? exact(*v) : "");
    }
    for (size_t k : extra) {
      const auto v = objectives_.value(t, k);
      s << "," << (v ? exact(*v) : "");
    }
    if (objectives_.several()) s << "," << (front_marks[i] ? 1 : 0);
    s << "\n";
  }
  return s.str();
}

std::vector<std::string> Results::attribute_names() const {
  std::vector<std::string> names;
  for (const Trial& t : trials_)
    for (const auto& [name, value] : t.attributes)
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  return names;
}

void Results::write_csv(const std::filesystem::path& path) const {
  write_file_atomically(path, csv(), "results_write");
}

}  // namespace tunet::tuner
