// tuner/plot: every figure kind drawn from small synthetic searches (random,
// Hyperband, GP) into a temporary folder. Each PNG is checked to be a valid
// image of the figure's size with something drawn, each SVG to parse, and the
// figures' data against the journal. Drawing needs gnuplot (Debian:
// gnuplot-nox): without it the scripts and data are still checked, and the
// drawing checks are skipped with a message.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "fresh_dir.hpp"
#include "tuner/plot/gnuplot.hpp"
#include "tuner/plot/report.hpp"
#include "tuner/plot/search_figures.hpp"
#include "tuner/proposers/bayesian_search.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/schedulers/hyperband.hpp"
#include "tuner/storage/journal.hpp"
#include "tuner/study/study.hpp"

using namespace tunet;
using namespace tunet::tuner;
using namespace tunet::tuner::plot;
namespace fs = std::filesystem;

namespace {

Space demo_space() {
  return Space{Real("learning_rate", 1e-4, 1e-1, Prior::LogUniform), Real("dropout", 0.0, 0.5),
               Integer("layers", 1, 3), Categorical("activation", {"relu", "tanh", "sigmoid"})};
}

// A made-up training run: val_loss falls with the epochs towards a floor set
// by the hyperparameters (best near learning_rate 0.01, dropout 0.2, relu).
// It "checkpoints" each epoch, so Hyperband's survivors continue where they stopped.
FunctionObjective demo_objective() {
  return FunctionObjective([](const Params& hp, int budget, TrialContext& ctx) {
    fs::create_directories(ctx.checkpoint_dir);
    const double lr = std::log10(hp.real("learning_rate")) + 2, d = hp.real("dropout") - 0.2;
    const double floor = 0.3 + lr * lr * 0.2 + d * d + 0.05 * static_cast<double>(hp.integer("layers")) +
                         (hp.str("activation") == "relu" ? 0.0 : 0.1);
    double val_loss = floor;
    for (int e = ctx.initial_epoch + 1; e <= budget; ++e) {
      val_loss = floor + 1.0 / e;
      std::ofstream(ctx.checkpoint_path(e)) << e << "\n";
      ctx.report_epoch({e, {{"loss", floor * 0.8 + 0.9 / e}, {"val_loss", val_loss}}, 0.0});
    }
    return val_loss;
  }, Direction::Minimize, "val_loss");
}

SearchRecord random_search(const fs::path& dir) {
  FunctionObjective f = demo_objective();
  RandomSearch random({.n_trials = 14});
  Study(demo_space(), f, {.repo_dir = dir, .seed = 3}).run(random, /*budget=*/4);
  return load_search(dir);
}

SearchRecord hyperband_search(const fs::path& dir) {
  FunctionObjective f = demo_objective();
  Hyperband hyperband({.R = 9, .eta = 3});
  Study(demo_space(), f, {.repo_dir = dir, .seed = 4}).run(hyperband);
  return load_search(dir);
}

SearchRecord gp_search(const fs::path& dir) {
  FunctionObjective f = demo_objective();
  BayesianSearch gp({.n_calls = 12, .n_initial_points = 6, .n_candidates = 500});
  Study(demo_space(), f, {.repo_dir = dir, .seed = 5}).run(gp, /*budget=*/3);
  return load_search(dir);
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// CSV with a header row -> rows of named fields (blank lines skipped).
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& path) {
  std::istringstream in(read_text(path));
  std::vector<std::string> names;
  std::vector<std::map<std::string, std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    if (names.empty()) {
      names = fields;
      continue;
    }
    std::map<std::string, std::string> row;
    for (size_t k = 0; k < names.size() && k < fields.size(); ++k) row[names[k]] = fields[k];
    rows.push_back(row);
  }
  return rows;
}

uint32_t big_endian(const std::string& bytes, size_t at) {
  uint32_t v = 0;
  for (size_t k = 0; k < 4; ++k) v = v << 8 | static_cast<unsigned char>(bytes[at + k]);
  return v;
}

uint32_t crc32(const std::string& bytes, size_t at, size_t count) {
  uint32_t crc = 0xffffffffu;  // the PNG specification's CRC-32 (reflected, polynomial 0xedb88320)
  for (size_t i = at; i < at + count; ++i) {
    crc ^= static_cast<unsigned char>(bytes[i]);
    for (int b = 0; b < 8; ++b) crc = crc & 1 ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
  }
  return crc ^ 0xffffffffu;
}

// A PNG whose chunks all pass their CRC, of width x height, with IDAT data
// beyond what a blank image of that size compresses to.
void check_png(const fs::path& path, int width, int height) {
  INFO(path.string());
  const std::string png = read_text(path);
  REQUIRE(png.size() > 8);
  CHECK(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  size_t at = 8, idat = 0;
  bool header = false, end = false;
  while (at + 12 <= png.size()) {
    const uint32_t length = big_endian(png, at);
    REQUIRE(at + 12 + length <= png.size());
    const std::string type = png.substr(at + 4, 4);
    CHECK_MESSAGE(crc32(png, at + 4, 4 + length) == big_endian(png, at + 8 + length), "bad CRC in chunk " << type);
    if (type == "IHDR") {
      header = true;
      CHECK(static_cast<int>(big_endian(png, at + 8)) == width);
      CHECK(static_cast<int>(big_endian(png, at + 12)) == height);
    }
    if (type == "IDAT") idat += length;
    if (type == "IEND") end = true;
    at += 12 + length;
  }
  CHECK(header);
  CHECK(end);
  CHECK(idat > 6000);  // a blank 500x300 PNG from pngcairo is ~1 KB
}

// Well-formed XML (every tag closed in order), an <svg> root of the figure's
// size, and drawing in it.
void check_svg(const fs::path& path, int width, int height) {
  INFO(path.string());
  const std::string svg = read_text(path);
  std::vector<std::string> open;
  size_t at = 0, elements = 0;
  std::string root;
  while ((at = svg.find('<', at)) != std::string::npos) {
    if (svg.compare(at, 4, "<!--") == 0) { at = svg.find("-->", at); REQUIRE(at != std::string::npos); continue; }
    if (svg.compare(at, 9, "<![CDATA[") == 0) { at = svg.find("]]>", at); REQUIRE(at != std::string::npos); continue; }
    if (svg.compare(at, 2, "<?") == 0 || svg.compare(at, 2, "<!") == 0) { at = svg.find('>', at); continue; }
    size_t end = at + 1;
    char quote = 0;
    for (; end < svg.size() && (quote || svg[end] != '>'); ++end) {
      if (quote && svg[end] == quote) quote = 0;
      else if (!quote && (svg[end] == '"' || svg[end] == '\'')) quote = svg[end];
    }
    REQUIRE_MESSAGE(end < svg.size(), "unterminated tag at byte " << at);
    const std::string tag = svg.substr(at + 1, end - at - 1);
    const std::string name = tag.substr(0, tag.find_first_of(" \t\r\n/"));
    if (tag[0] == '/') {
      REQUIRE_MESSAGE(!open.empty(), "closing tag without an opening one at byte " << at);
      CHECK(open.back() == tag.substr(1, tag.find_first_of(" \t\r\n>", 1) - 1));
      open.pop_back();
    } else {
      if (root.empty()) root = tag;
      ++elements;
      if (tag.back() != '/') open.push_back(name);
    }
    at = end + 1;
  }
  CHECK(open.empty());
  CHECK(root.rfind("svg", 0) == 0);
  CHECK(root.find("width=\"" + std::to_string(width) + "\"") != std::string::npos);
  CHECK(root.find("height=\"" + std::to_string(height) + "\"") != std::string::npos);
  CHECK(elements > 50);
}

double number(const std::string& field) { return field == "NaN" ? std::nan("") : std::stod(field); }

// Draws the search's figures and checks every file; returns the figure names.
std::set<std::string> draw_and_check(const SearchRecord& search, const fs::path& dir, const SearchPlotOptions& options) {
  FigureSet set = write_figures(search_figures(search, options), dir);
  std::set<std::string> names;
  for (const Figure& f : set.figures) {
    names.insert(f.name);
    CHECK(fs::exists(dir / (f.name + ".gp")));
    for (const DataFile& d : f.data) CHECK(read_text(dir / d.name) == d.contents);
    if (!set.rendered) continue;
    check_png(dir / (f.name + ".png"), f.width, f.height);
    check_svg(dir / (f.name + ".svg"), f.width, f.height);
  }
  return names;
}

// The journal's finished trials in order: id -> value (NaN unless completed).
std::vector<double> journal_values(const fs::path& repo) {
  std::vector<double> values;
  for (const Json& e : Journal::read(repo))
    if (e.at("event") == "finished")
      values.push_back(e.at("status") == "completed" ? e.at("value").get<double>() : std::nan(""));
  return values;
}

bool have_gnuplot() {
  if (find_gnuplot()) return true;
  MESSAGE("skipped: gnuplot not found, so the figures were not drawn (apt-get install gnuplot-nox); "
          "their data and scripts were checked");
  return false;
}

}  // namespace

TEST_CASE("random search: every figure, and the convergence data is the running minimum of the journal") {
  const fs::path repo = testing::fresh_dir("plot_random");
  SearchRecord search = random_search(repo);
  have_gnuplot();
  std::set<std::string> names = draw_and_check(search, repo / "plots", {.best_k = 3});
  CHECK(names == std::set<std::string>{"convergence", "objective", "histograms", "evaluations", "training_curves"});

  std::vector<double> values = journal_values(repo);
  auto rows = read_csv(repo / "plots" / "convergence.csv");
  REQUIRE(rows.size() == values.size());
  double best = INFINITY;
  for (size_t k = 0; k < rows.size(); ++k) {
    best = std::min(best, values[k]);  // best_n = min(value_1..value_n)
    CHECK(number(rows[k]["value"]) == doctest::Approx(values[k]));
    CHECK(number(rows[k]["best"]) == doctest::Approx(best));
    CHECK(std::stol(rows[k]["epochs"]) == 4 * static_cast<long>(k + 1));
  }
  // The objective figure: one point per completed trial, the best one flagged.
  auto points = read_csv(repo / "plots" / "objective.csv");
  CHECK(points.size() == values.size());
  int flagged = 0;
  for (auto& p : points) flagged += p["best"] == "1";
  CHECK(flagged == 1);
  // Categories are written as their index (the strip plot's x).
  for (auto& p : points) CHECK(std::set<std::string>{"0", "1", "2"}.count(p["activation"]) == 1);
  // The best trials' curves are their journaled epochs.
  const Trial& top = search.results.best();
  auto curve = read_csv(repo / "plots" / ("training_curves_trial_" + std::to_string(top.id) + ".csv"));
  REQUIRE(curve.size() == top.history.size());
  CHECK(number(curve.back()["val_loss"]) == doctest::Approx(*top.value));
}

TEST_CASE("Hyperband: brackets, convergence by epochs, training curves across continuations") {
  const fs::path repo = testing::fresh_dir("plot_hyperband");
  SearchRecord search = hyperband_search(repo);
  const fs::path random_repo = testing::fresh_dir("plot_hyperband_vs_random");
  SearchRecord random = random_search(random_repo);
  have_gnuplot();
  std::set<std::string> names = draw_and_check(search, repo / "plots", {.compare = {random}});
  CHECK(names == std::set<std::string>{"convergence", "objective", "histograms", "evaluations", "hyperband",
                                       "training_curves"});

  // One panel file per bracket; one rung end per finished trial.
  HyperbandSchedule schedule = hyperband_schedule(9, 3);
  size_t rung_ends = 0;
  for (const Bracket& b : schedule.brackets) {
    auto rows = read_csv(repo / "plots" / ("hyperband_bracket_" + std::to_string(b.s) + ".csv"));
    std::set<std::string> configurations;
    for (auto& r : rows) {
      rung_ends += r["rung_end"] == "1";
      configurations.insert(r["configuration"]);
    }
    CHECK(static_cast<int>(configurations.size()) == b.rungs[0].models);
  }
  CHECK(rung_ends == search.finished().size());
  // Epochs trained accumulate the trials' own epochs (continuations add only theirs).
  auto rows = read_csv(repo / "plots" / "convergence.csv");
  CHECK(std::stol(rows.back()["epochs"]) == schedule.total_continued);
  auto compared = read_csv(repo / "plots" / "convergence_compare_1.csv");
  CHECK(compared.size() == random.finished().size());
  // A survivor's curve starts at epoch 1, before the trial it is.
  const Trial& top = search.results.best();
  auto curve = read_csv(repo / "plots" / ("training_curves_trial_" + std::to_string(top.id) + ".csv"));
  CHECK(curve.front()["epoch"] == "1");
  CHECK(static_cast<int>(curve.size()) == top.budget);
}

TEST_CASE("GP search: the partial dependence matrix from the GP refitted to the journal") {
  const fs::path repo = testing::fresh_dir("plot_gp");
  SearchRecord search = gp_search(repo);
  have_gnuplot();
  SearchPlotOptions options{.best_k = 2, .partial_dependence = {.n_points = 12, .n_samples = 40}};
  std::set<std::string> names = draw_and_check(search, repo / "plots", options);
  CHECK(names.count("partial_dependence") == 1);
  CHECK(names.count("hyperband") == 0);

  // The refitted GP reproduces the trials (the noise it fits is small).
  GpResult gp = fitted_gp(search);
  for (const Trial* t : search.finished()) CHECK(gp.predict(t->params).first == doctest::Approx(t->loss).epsilon(0.05));
  // 1-D: the band holds the mean; categories on their index; 2-D: a full grid.
  for (const std::string dim : {"learning_rate", "dropout", "layers", "activation"}) {
    auto rows = read_csv(repo / "plots" / ("pd_" + dim + ".csv"));
    CHECK(!rows.empty());
    for (auto& r : rows) {
      CHECK(number(r["low"]) <= number(r["mean"]));
      CHECK(number(r["mean"]) <= number(r["high"]));
    }
  }
  CHECK(read_csv(repo / "plots" / "pd_activation.csv").size() == 3);
  CHECK(read_csv(repo / "plots" / "pd_learning_rate_dropout.csv").size() == 12 * 12);
}

TEST_CASE("without gnuplot the data and scripts are written and the summary says how to draw them") {
  const fs::path repo = testing::fresh_dir("plot_no_gnuplot");
  SearchRecord search = random_search(repo);
  const char* before = std::getenv("TUNET_GNUPLOT");
  const std::string saved = before ? before : "";
  ::setenv("TUNET_GNUPLOT", "none", 1);
  FigureSet set = write_figures(search_figures(search), repo / "plots");
  if (before) ::setenv("TUNET_GNUPLOT", saved.c_str(), 1);
  else ::unsetenv("TUNET_GNUPLOT");
  CHECK_FALSE(set.rendered);
  CHECK(set.gnuplot_missing);
  CHECK(set.summary().find("gnuplot was not found") != std::string::npos);
  CHECK(set.summary().find("gnuplot \"$f\"") != std::string::npos);
  for (const Figure& f : set.figures) {
    CHECK(fs::exists(repo / "plots" / (f.name + ".gp")));
    CHECK_FALSE(fs::exists(repo / "plots" / (f.name + ".png")));
    // The script draws both files when run.
    const std::string script = read_text(repo / "plots" / (f.name + ".gp"));
    CHECK(script.find("set output '" + f.name + ".png'") != std::string::npos);
    CHECK(script.find("set output '" + f.name + ".svg'") != std::string::npos);
  }
}

TEST_CASE("searches with failed trials and a conditional dimension never active still draw") {
  const fs::path repo = testing::fresh_dir("plot_failures");
  Space space{Integer("layers", 1, 2), Real("units_3", 1, 10).active_if_at_least("layers", 3), Real("x", 0, 1)};
  FunctionObjective f([](const Params& hp, int, TrialContext&) {
    if (hp.real("x") > 0.7) throw std::runtime_error("diverged");  // about a third of the trials fail
    return hp.real("x");
  });
  RandomSearch random({.n_trials = 12});
  Study(space, f, {.repo_dir = repo, .seed = 9}).run(random, 1);
  SearchRecord search = load_search(repo);
  REQUIRE(search.results.has_best());
  std::set<std::string> names = draw_and_check(search, repo / "plots", {});
  CHECK(names.count("convergence") == 1);
  const std::vector<const Trial*> finished = search.finished();
  CHECK(std::count_if(finished.begin(), finished.end(), [](const Trial* t) { return !t->ok(); }) > 0);
  // units_3 is never active: no panel for it.
  CHECK(read_text(repo / "plots" / "objective.gp").find("units_3") == std::string::npos);
  auto rows = read_csv(repo / "plots" / "convergence.csv");
  CHECK(rows.size() == 12);

  // Nothing completed yet: no figure needs a value, and nothing fails.
  const fs::path failed = testing::fresh_dir("plot_all_failed");
  FunctionObjective broken([](const Params&, int, TrialContext&) -> double { throw std::runtime_error("no"); });
  RandomSearch three({.n_trials = 3});
  Study(space, broken, {.repo_dir = failed, .seed = 1}).run(three, 1);  // 3 failures: fewer than the limit
  std::set<std::string> drawn = draw_and_check(load_search(failed), failed / "plots", {});
  CHECK(drawn == std::set<std::string>{"histograms", "evaluations"});
}

TEST_CASE("a gnuplot error names the script and carries gnuplot's message") {
  if (!have_gnuplot()) return;
  const fs::path dir = testing::fresh_dir("plot_error");
  Figure bad;
  bad.name = "bad";
  bad.title = "a figure with a typo";
  bad.commands = "plot 'missing.csv' using 1:2 with linez\n";
  CHECK_THROWS_WITH_AS(write_figures({bad}, dir), doctest::Contains("bad.gp"), tunet::Error);
}

TEST_CASE("the report: one self-contained page with the table, the best configuration, its test score, every figure") {
  const fs::path repo = testing::fresh_dir("plot_report");
  SearchRecord search = hyperband_search(repo);
  write_test_score(repo, search.results.best().id, 300, Json{{"loss", 0.5}, {"accuracy", 0.875}});
  FigureSet figures = write_figures(search_figures(search), repo / "plots");
  write_report(search, figures, repo / kReportName);
  const std::string html = read_text(repo / kReportName);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  // Nothing to fetch: no scripts, no remote or local resources (the SVG namespaces are names, not fetched).
  for (const std::string outside : {"<script", "src=\"", "href=\"http", "<link", "@import", "url(http"})
    CHECK_MESSAGE(html.find(outside) == std::string::npos, outside);
  CHECK(html.find("Total epochs with continuation=69") != std::string::npos);  // the schedule
  CHECK(html.find("accuracy = 0.8750") != std::string::npos);                  // the test score
  CHECK(html.find("<tr class=\"best\"><td>1</td><td>" + std::to_string(search.results.best().id) + "</td>") !=
        std::string::npos);
  if (!figures.rendered) {
    CHECK(html.find("gnuplot was not found") != std::string::npos);
    return;
  }
  // Every figure inline, each under its own ids.
  std::set<std::string> ids;
  size_t svgs = 0;
  for (size_t at = 0; (at = html.find("<svg", at)) != std::string::npos; ++at) ++svgs;
  CHECK(svgs == figures.figures.size());
  for (const Figure& f : figures.figures) {
    CHECK(html.find("data-figure=\"" + f.name + "\"") != std::string::npos);
    CHECK(html.find("<a href=\"plots/" + f.name + ".gp\">") != std::string::npos);
  }
  for (size_t at = 0; (at = html.find(" id=", at)) != std::string::npos; ++at) {
    const char quote = html[at + 4];
    const std::string id = html.substr(at + 5, html.find(quote, at + 5) - at - 5);
    CHECK_MESSAGE(ids.insert(id).second, "id " << id << " appears twice");
  }
}

TEST_CASE("inline_svg prefixes ids and the references to them, numbers repeated ids, drops the XML prolog") {
  const std::string svg = "<?xml version=\"1.0\"?>\n<svg><defs><path id='gpPt1' d='M0'/><path id='gpPt10' d='M1'/>"
                          "<g id=\"plot_1a\"/><g id=\"plot_1a\"/>"
                          "</defs><use xlink:href='#gpPt1'/><use xlink:href='#gpPt10'/><rect fill='url(#gpPt1)'/>"
                          "<text>#gpPt1 stays in text only when it is not an id</text></svg>";
  const std::string out = inline_svg(svg, "f-");
  CHECK(out.rfind("<svg>", 0) == 0);
  CHECK(out.find("id='f-gpPt1'") != std::string::npos);
  CHECK(out.find("id='f-gpPt10'") != std::string::npos);
  CHECK(out.find("href='#f-gpPt1'") != std::string::npos);
  CHECK(out.find("href='#f-gpPt10'") != std::string::npos);
  CHECK(out.find("url(#f-gpPt1)") != std::string::npos);
  CHECK(out.find("id='gpPt") == std::string::npos);
  CHECK(out.find("<g id=\"f-plot_1a\"/><g id=\"f-plot_1a-2\"/>") != std::string::npos);
}
