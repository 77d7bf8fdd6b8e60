#include "tuner/cli/plot_commands.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <ostream>

#include "nn/sequential.hpp"
#include "tuner/plot/gnuplot.hpp"
#include "tuner/plot/image_grid.hpp"
#include "tuner/plot/report.hpp"
#include "tuner/plot/search_figures.hpp"

namespace tunet::tuner::cli {

namespace fs = std::filesystem;
using namespace tunet::tuner::plot;

namespace {

constexpr int kGridImages = 9;         // a 3 x 3 grid
constexpr int64_t kPredicted = 1000;   // test images the best model classifies for the grid of its mistakes

// Height and width of one sample when the data are grey images: (H, W),
// (1, H, W), or a flat square (H * W); {0, 0} otherwise.
std::pair<int, int> image_size(const Shape& sample) {
  if (sample.size() == 2) return {static_cast<int>(sample[0]), static_cast<int>(sample[1])};
  if (sample.size() == 3 && sample[0] == 1) return {static_cast<int>(sample[1]), static_cast<int>(sample[2])};
  if (sample.size() == 1) {
    const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(sample[0]))));
    if (side > 1 && static_cast<int64_t>(side) * side == sample[0]) return {side, side};
  }
  return {0, 0};
}

CaptionedImage image_of(const datasets::Dataset& d, int64_t index, std::pair<int, int> size, std::string caption) {
  const int64_t n = static_cast<int64_t>(size.first) * size.second;
  const float* x = d.x.data() + index * n;
  return {std::vector<float>(x, x + n), size.first, size.second, std::move(caption)};
}

std::string class_name(const datasets::Dataset& d, int label) {
  return label >= 0 && label < static_cast<int>(d.class_names.size()) ? d.class_names[label] : std::to_string(label);
}

// Test examples with their labels, and the best model's first misclassified test images.
std::vector<Figure> image_grids(const TuneJob& job, const TuneReport& report) {
  const datasets::Dataset& test = job.data().test;
  const std::pair<int, int> size = test.empty() ? std::pair{0, 0} : image_size(test.sample_shape());
  if (size.first == 0 || !test.is_classification()) return {};
  const std::vector<int> labels = test.labels();
  std::vector<CaptionedImage> examples;
  for (int64_t i = 0; i < std::min<int64_t>(kGridImages, test.size()); ++i)
    examples.push_back(image_of(test, i, size, class_name(test, labels[i])));
  std::vector<Figure> figures{image_grid_figure("test_examples", "Test images and their classes", examples)};
  if (!report.results.has_best() || !fs::exists(report.results.best_checkpoint())) return figures;

  // The first misclassified images are among the first thousand: no need to predict them all.
  const datasets::Dataset head = test.take(std::min<int64_t>(kPredicted, test.size()));
  nn::Sequential model = nn::Sequential::load(report.results.best_checkpoint().string());
  const Tensor probabilities = model.predict(head.x, 256);
  const int64_t classes = probabilities.dim(1);
  const float* p = probabilities.data();
  std::vector<CaptionedImage> wrong;
  for (int64_t i = 0; i < head.size() && static_cast<int>(wrong.size()) < kGridImages; ++i) {
    const int predicted = static_cast<int>(std::max_element(p + i * classes, p + (i + 1) * classes) - (p + i * classes));
    if (predicted != labels[i])
      wrong.push_back(image_of(test, i, size, "true: " + class_name(test, labels[i]) + ", predicted: " +
                                                  class_name(test, predicted)));
  }
  if (!wrong.empty())
    figures.push_back(image_grid_figure("misclassified",
                                        "Test images the best model (trial " + std::to_string(report.results.best().id) +
                                            ") gets wrong",
                                        wrong));
  return figures;
}

FigureSet draw_search(const SearchRecord& search, const fs::path& dir, const SearchPlotOptions& options,
                      std::vector<Figure> extra = {}) {
  std::vector<Figure> figures = search_figures(search, options);
  for (Figure& f : extra) figures.push_back(std::move(f));
  return write_figures(std::move(figures), dir);
}

// The image grids `tunet tune` drew in `dir` (they need the data and the best
// model, which a report made later from the journal does not load): their
// title is the first line of their script, "# <title>".
void add_drawn_image_grids(FigureSet& figures) {
  if (!figures.rendered) return;
  for (const char* name : {"test_examples", "misclassified"}) {
    const fs::path script = figures.dir / (std::string(name) + ".gp"), svg = figures.dir / (std::string(name) + ".svg");
    if (!fs::exists(script) || !fs::exists(svg)) continue;
    std::ifstream in(script);
    std::string title;
    std::getline(in, title);
    Figure f;
    f.name = name;
    f.title = title.rfind("# ", 0) == 0 ? title.substr(2) : name;
    figures.figures.push_back(std::move(f));
  }
}

}  // namespace

PlotCommands::PlotCommands(CLI::App& app) {
  plot_ = app.add_subcommand("plot", "Draw the figures of a finished or running search (gnuplot: PNG and SVG)");
  plot_->add_option("repo_dir", repo_dir_, "the search's repo_dir")->required();
  plot_->add_option("--out", out_, "folder for the figures (default: REPO_DIR/plots)");
  plot_->add_option("--compare", compare_, "another search's repo_dir whose convergence is drawn alongside");
  plot_->add_option("--best", best_k_, "training curves of this many of the best trials")->capture_default_str();

  report_ = app.add_subcommand("report", "Write a search's report: one self-contained HTML page with every figure");
  report_->add_option("repo_dir", repo_dir_, "the search's repo_dir")->required();
  report_->add_option("--out", out_, "the HTML file (default: REPO_DIR/report.html; figures in REPO_DIR/plots)");
  report_->add_option("--compare", compare_, "another search's repo_dir whose convergence is drawn alongside");
}

bool PlotCommands::run(std::ostream& out) const {
  if (!*plot_ && !*report_) return false;
  SearchRecord search = load_search(repo_dir_);
  SearchPlotOptions options{.best_k = best_k_};
  for (const std::string& other : compare_) options.compare.push_back(load_search(other));
  if (*plot_) {
    out << draw_search(search, out_.empty() ? fs::path(repo_dir_) / "plots" : fs::path(out_), options).summary()
        << "\n";
    return true;
  }
  const fs::path html = out_.empty() ? fs::path(repo_dir_) / kReportName : fs::path(out_);
  FigureSet figures = draw_search(search, fs::path(repo_dir_) / "plots", options);
  add_drawn_image_grids(figures);
  write_report(search, figures, html);
  out << figures.summary() << "\nReport: " << html.string() << "\n";
  return true;
}

void draw_after_tune(const TuneJob& job, const TuneReport& report, std::ostream& out) {
  try {
    if (report.test && report.results.has_best()) {
      Json metrics = Json::object();
      for (const auto& [name, value] : *report.test) metrics[name] = value;
      write_test_score(job.repo_dir(), report.results.best().id, static_cast<long>(report.test_samples), metrics);
    }
    SearchRecord search = load_search(job.repo_dir());
    FigureSet figures = draw_search(search, job.repo_dir() / "plots", {}, image_grids(job, report));
    write_report(search, figures, job.repo_dir() / kReportName);
    out << "\n" << figures.summary() << "\nReport: " << (job.repo_dir() / kReportName).string() << "\n";
  } catch (const std::exception& e) {
    out << "\nThe figures could not be drawn: " << e.what() << "\n";
  }
}

}  // namespace tunet::tuner::cli
