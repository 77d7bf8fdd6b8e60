#include "tuner/plot/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "tuner/schedulers/hyperband_schedule.hpp"
#include "tuner/storage/atomic_file.hpp"

namespace tunet::tuner::plot {

namespace fs = std::filesystem;

namespace {

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string number(double x, const char* format = "%.6g") {
  if (!std::isfinite(x)) return std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf");
  char buf[48];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

std::string value_text(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* d = std::get_if<double>(&v)) return number(*d);
  return to_string(v);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  check(in.good(), "report: cannot read " + path.string());
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

constexpr const char* kStyle = R"(
body { font-family: "DejaVu Sans", Verdana, sans-serif; color: #222; max-width: 1250px; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.8em; }
h3 { font-size: 1.05em; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { padding: 3px 9px; border-bottom: 1px solid #e4e4e4; text-align: right; white-space: nowrap; }
th { background: #f2f2f2; }
td.text, th.text { text-align: left; }
tr.best td { background: #fff4d6; font-weight: bold; }
tr.failed td { color: #999; }
pre { background: #f6f6f6; padding: 0.8em; font-size: 0.85em; overflow-x: auto; }
.facts td { text-align: left; }
.score { font-size: 1.15em; }
figure { margin: 1.5em 0; }
figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.85em; color: #555; margin-top: 0.3em; }
nav a { margin-right: 1em; }
)";

void facts_table(std::ostringstream& s, const std::vector<std::pair<std::string, std::string>>& rows) {
  s << "<table class=\"facts\">\n";
  for (const auto& [k, v] : rows) s << "<tr><th class=\"text\">" << escape(k) << "</th><td>" << escape(v) << "</td></tr>\n";
  s << "</table>\n";
}

std::string schedule_text(const SearchRecord& search) {
  std::ostringstream s;
  if (search.hyperband()) {
    print_schedule(s, hyperband_schedule(search.settings.at("R").get<int>(), search.settings.at("eta").get<int>()));
  } else if (search.settings.contains("budget")) {
    s << "Every configuration trained for " << search.settings.at("budget").dump() << " epochs.\n";
  }
  if (search.hyperband()) {
    s << "Configurations drawn by: " << search.settings.at("proposer").at("name").get<std::string>() << " search";
  } else if (search.settings.contains("settings")) {
    s << "Settings of the " << search.algorithm << " search: " << search.settings.at("settings").dump();
  }
  return s.str();
}

void ranked_table(std::ostringstream& s, const SearchRecord& search) {
  const Results& r = search.results;
  const bool folds = std::any_of(r.trials().begin(), r.trials().end(), [](const Trial& t) { return !t.fold_values.empty(); });
  const Trial* best = r.has_best() ? &r.best() : nullptr;
  s << "<table class=\"ranked\">\n<tr><th>rank</th><th>trial</th>";
  if (search.hyperband()) s << "<th>bracket</th><th>rung</th>";
  for (const Dimension& d : r.space()) s << "<th>" << escape(d.name()) << "</th>";
  s << "<th>epochs</th><th>" << escape(r.metric()) << "</th>" << (folds ? "<th>std</th>" : "")
    << "<th>time (s)</th><th class=\"text\">status</th></tr>\n";
  int rank = 0;
  for (const Trial* t : r.ranked()) {
    s << "<tr" << (t == best ? " class=\"best\"" : !t->ok() ? " class=\"failed\"" : "") << "><td>" << ++rank
      << "</td><td>" << t->id << "</td>";
    if (search.hyperband()) s << "<td>" << t->bracket << "</td><td>" << t->rung << "</td>";
    for (const Dimension& d : r.space())
      s << "<td>" << (t->params.has(d.name()) ? escape(value_text(t->params.at(d.name()))) : "-") << "</td>";
    s << "<td>" << t->budget << "</td><td>" << (t->value ? number(*t->value) : "-") << "</td>";
    if (folds) s << "<td>" << (t->fold_values.empty() ? "-" : number(t->value_std(), "%.4g")) << "</td>";
    std::string status = status_name(t->status);
    if (!t->failure.empty()) status += ": " + t->failure.substr(0, 80);
    s << "<td>" << number(t->wall_s, "%.1f") << "</td><td class=\"text\">" << escape(status) << "</td></tr>\n";
  }
  s << "</table>\n";
}

void best_section(std::ostringstream& s, const SearchRecord& search) {
  const Results& r = search.results;
  s << "<h2 id=\"best\">Best configuration</h2>\n";
  if (!r.has_best()) {
    s << "<p>No trial has completed yet.</p>\n";
    return;
  }
  const Trial& best = r.best();
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto& [name, value] : best.params) rows.emplace_back(name, value_text(value));
  rows.emplace_back(r.metric(), number(*best.value));
  rows.emplace_back("trial", std::to_string(best.id));
  rows.emplace_back("epochs", std::to_string(best.budget));
  facts_table(s, rows);
  std::optional<Json> test = read_test_score(search.repo_dir);
  if (!test) {
    s << "<p>No test score recorded (<code>tunet tune</code> evaluates the best model on the test set and writes "
      << kTestScoreName << ").</p>\n";
    return;
  }
  s << "<p class=\"score\">Test set (" << test->value("samples", 0L) << " samples, never seen during the search), "
    << "best model of trial " << test->value("trial", -1) << ":";
  for (const auto& [name, value] : test->at("metrics").items())
    s << " <b>" << escape(name) << " = " << (value.is_number() ? number(value.get<double>(), "%.4f") : "-") << "</b>";
  s << "</p>\n";
}

}  // namespace

std::optional<Json> read_test_score(const fs::path& repo_dir) {
  const fs::path path = repo_dir / kTestScoreName;
  if (!fs::exists(path)) return std::nullopt;
  try {
    return Json::parse(read_file(path));
  } catch (const nlohmann::json::exception& e) {
    throw Error(path.string() + " is not valid JSON: " + e.what());
  }
}

void write_test_score(const fs::path& repo_dir, int trial, long samples, const Json& metrics) {
  Json j = {{"trial", trial}, {"samples", samples}, {"metrics", metrics}};
  write_file_atomically(repo_dir / kTestScoreName, j.dump(2) + "\n");
}

std::string inline_svg(const std::string& svg, const std::string& prefix) {
  std::string body = svg.substr(std::min(svg.find("<svg"), svg.size()));
  // Every id="x" / id='x' becomes prefix-x, and so does every reference #x.
  // gnuplot repeats some ids in each panel of a multiplot (gnuplot_plot_1a):
  // the second one becomes prefix-x-2, and so on (nothing refers to those).
  std::set<std::string> ids;
  for (size_t at = 0; (at = body.find(" id=", at)) != std::string::npos; at += 4) {
    const char quote = body[at + 4];
    const size_t end = body.find(quote, at + 5);
    if (end != std::string::npos) ids.insert(body.substr(at + 5, end - at - 5));
  }
  std::map<std::string, int> seen;
  std::string out;
  out.reserve(body.size() + 64);
  for (size_t at = 0; at < body.size();) {
    bool replaced = false;
    for (const char* lead : {" id='", " id=\"", "#"}) {
      const size_t n = std::strlen(lead);
      if (body.compare(at, n, lead) != 0) continue;
      const size_t end = body.find_first_of("'\")", at + n);
      const std::string id = end == std::string::npos ? "" : body.substr(at + n, end - at - n);
      if (!ids.count(id)) continue;
      out.append(lead).append(prefix).append(id);
      if (lead[0] != '#' && ++seen[id] > 1) out.append("-").append(std::to_string(seen[id]));
      at = end;
      replaced = true;
      break;
    }
    if (!replaced) out += body[at++];
  }
  return out;
}

std::string report_html(const SearchRecord& search, const FigureSet& figures, const fs::path& page_dir) {
  const Results& r = search.results;
  const std::string name = search.repo_dir.filename().string();
  long epochs = 0;
  double seconds = 0;
  int completed = 0, failed = 0;
  for (const Trial* t : search.finished()) {
    epochs += t->epochs_trained();
    seconds += t->wall_s;
    completed += t->ok();
    failed += t->status == TrialStatus::Failed;
  }
  const size_t running = r.trials().size() - search.finished().size();

  std::ostringstream s;
  s << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Search report: " << escape(name)
    << "</title>\n<meta name=\"tunet-figures\" content=\"";
  if (figures.rendered)
    for (size_t k = 0; k < figures.figures.size(); ++k) s << (k ? " " : "") << figures.figures[k].name;
  s << "\">\n<style>" << kStyle << "</style>\n</head>\n<body>\n";
  s << "<h1>Search report: " << escape(name) << "</h1>\n";
  s << "<p>" << escape(search.label()) << ", " << escape(r.metric()) << " "
    << (r.direction() == Direction::Minimize ? "minimised" : "maximised") << ". " << completed << " trials completed"
    << (failed ? ", " + std::to_string(failed) + " failed" : "") << (running ? ", " + std::to_string(running) + " running" : "")
    << "; " << epochs << " epochs trained in " << number(seconds, "%.0f") << " s.</p>\n";
  s << "<nav><a href=\"#search\">The search</a><a href=\"#best\">Best configuration</a><a href=\"#results\">All "
       "trials</a><a href=\"#figures\">Figures</a></nav>\n";

  s << "<h2 id=\"search\">The search</h2>\n";
  facts_table(s, {{"repo_dir", search.repo_dir.string()},
                  {"algorithm", search.algorithm},
                  {"objective", r.metric() + " (" + direction_name(r.direction()) + ")"},
                  {"seed", std::to_string(search.seed)},
                  {"trials finished", std::to_string(search.finished().size())},
                  {"configurations", std::to_string(search.configurations().size())},
                  {"epochs trained", std::to_string(epochs)}});
  s << "<h3>Search space</h3>\n<ul>\n";
  for (const Dimension& d : r.space()) s << "<li><code>" << escape(d.describe()) << "</code></li>\n";
  s << "</ul>\n<h3>Schedule</h3>\n<pre>" << escape(schedule_text(search)) << "</pre>\n";

  best_section(s, search);
  s << "<h2 id=\"results\">All trials, best first</h2>\n";
  ranked_table(s, search);

  s << "<h2 id=\"figures\">Figures</h2>\n";
  if (!figures.rendered) s << "<p>" << escape(figures.summary()) << "</p>\n";
  for (const Figure& f : figures.figures) {
    if (!figures.rendered) break;
    const std::string script = fs::proximate(figures.dir / (f.name + ".gp"), page_dir).generic_string();
    s << "<figure id=\"figure-" << f.name << "\" data-figure=\"" << f.name << "\">\n"
      << inline_svg(read_file(figures.dir / (f.name + ".svg")), f.name + "-") << "\n<figcaption>" << escape(f.title)
      << " (gnuplot script and data: <a href=\"" << escape(script) << "\">" << escape(script)
      << "</a>)</figcaption>\n</figure>\n";
  }
  s << "</body>\n</html>\n";
  return s.str();
}

void write_report(const SearchRecord& search, const FigureSet& figures, const fs::path& path) {
  const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  write_file_atomically(path, report_html(search, figures, dir));
}

}  // namespace tunet::tuner::plot
