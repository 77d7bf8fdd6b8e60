// The teaching demos draw what really happens: the optimizer paths' CSV is
// re-run here step by step with nn::make_optimizer on a Rosenbrock loss written
// out again, and explain-gp's steps are the GP optimizer's proposals.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/ops.hpp"
#include "fresh_dir.hpp"
#include "nn/optimizer.hpp"
#include "tuner/plot/gnuplot.hpp"
#include "tuner/proposers/gp/gp_ask_tell.hpp"
#include "tuner/teaching/explain_gp.hpp"
#include "tuner/teaching/optimizer_paths.hpp"

using namespace tunet;
using namespace tunet::tuner;
namespace fs = std::filesystem;

namespace {

std::vector<std::vector<double>> read_rows(const fs::path& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::vector<std::vector<double>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<double> row;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) row.push_back(std::stod(cell));
    rows.push_back(row);
  }
  return rows;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("the plotted path is the optimizer's real steps (Adam on Rosenbrock, re-run here)") {
  const fs::path dir = testing::fresh_dir("teaching_paths");
  const teaching::Surface& rosenbrock = teaching::surface("rosenbrock");
  teaching::OptimizerPath path = teaching::descend(rosenbrock, "adam", {{"learning_rate", 0.05}}, 40);
  plot::FigureSet set = plot::write_figures({teaching::optimizer_paths_figure(rosenbrock, {path})}, dir);
  auto rows = read_rows(dir / "rosenbrock_adam.csv");
  REQUIRE(rows.size() == 41);

  // The same 40 steps, from the loss written out again: (x - 1)^2 + 100 (y - x^2)^2.
  Tensor p = Tensor::from({2}, {-1.2f, 1.0f});
  p.requires_grad_();
  auto adam = nn::make_optimizer("adam", {{"learning_rate", 0.05}});
  for (size_t step = 0; step < rows.size(); ++step) {
    const Tensor x = slice(p, 0, 0, 1), y = slice(p, 0, 1, 2);
    Tensor loss = sum(pow(x - 1.0f, 2) + 100.0f * pow(y - x * x, 2));
    const std::vector<float> xy = p.to_vector();
    CHECK(rows[step][0] == static_cast<double>(step));
    CHECK(rows[step][1] == doctest::Approx(xy[0]).epsilon(1e-6));
    CHECK(rows[step][2] == doctest::Approx(xy[1]).epsilon(1e-6));
    CHECK(rows[step][3] == doctest::Approx(loss.item()).epsilon(1e-5));
    loss.backward();
    adam->step(p, p.grad());
    p.zero_grad();
  }
  // Adam gets somewhere: the loss fell to less than a fifth.
  CHECK(rows.back()[3] < rows.front()[3] / 5);
  if (set.rendered) CHECK(fs::file_size(dir / "optimizers_rosenbrock.png") > 10000);
}

TEST_CASE("every optimizer runs on every surface; the saddle traps plain SGD longer than Adam") {
  for (const teaching::Surface& s : teaching::surfaces()) {
    for (const std::string& name : nn::optimizer_names()) {
      teaching::OptimizerPath path = teaching::descend(s, name, {}, 60);
      INFO(s.name << " " << name);
      CHECK_FALSE(path.diverged);
      CHECK(path.points.size() == 61);
      CHECK(path.points.back()[2] <= path.points.front()[2] + 1e-9);
    }
  }
  const teaching::Surface& saddle = teaching::surface("saddle");
  const double sgd_y = std::abs(teaching::descend(saddle, "sgd", {}, 60).points.back()[1]);
  const double adam_y = std::abs(teaching::descend(saddle, "adam", {}, 60).points.back()[1]);
  CHECK(sgd_y < 0.1);   // still near the ridge
  CHECK(adam_y > 0.5);  // on its way to a minimum at |y| = sqrt(2)
  CHECK_THROWS_WITH_AS(teaching::surface("himmelblau"), doctest::Contains("rosenbrock, beale, ill-bowl, saddle"),
                       tunet::Error);
}

TEST_CASE("explain-gp: each step's next point is the GP optimizer's proposal; pictures and the GIF") {
  const fs::path dir = testing::fresh_dir("teaching_explain_gp");
  teaching::ExplainGp demo = teaching::explain_gp({.acq_func = "EI", .n_initial_points = 3, .n_steps = 4, .seed = 2});
  REQUIRE(demo.steps.size() == 4);
  REQUIRE(demo.figures.size() == 5);  // four steps and the animation
  // The same optimizer, asked and told by hand, proposes the same points.
  GpAskTell optimizer(CubeLayout::continuous(1), {.n_initial_points = 3, .acq_func = "EI", .n_candidates = 2000},
                        Rng(2));
  for (int call = 0; call < 7; ++call) {
    const Eigen::VectorXd u = *optimizer.ask();
    const double x = -2 + 4 * u[0];
    if (call >= 3) CHECK(demo.steps[call - 3].next_x == doctest::Approx(x));
    optimizer.tell(u, teaching::explain_gp_function(x));
  }
  plot::FigureSet set = plot::write_figures(demo.figures, dir);
  for (int k = 1; k <= 4; ++k) {
    auto grid = read_rows(dir / ("explain_gp_step_" + std::to_string(k) + ".csv"));
    CHECK(grid.size() > 100);
    for (const auto& row : grid) CHECK(row[3] <= row[2] + 1e-12);  // low <= mean
    CHECK(read_rows(dir / ("explain_gp_step_" + std::to_string(k) + "_observations.csv")).size() ==
          static_cast<size_t>(3 + k - 1));
  }
  if (!set.rendered) {
    MESSAGE("skipped: gnuplot not found, the pictures and the GIF were not drawn (apt-get install gnuplot-nox)");
    return;
  }
  const std::string gif = read_text(dir / "explain_gp.gif");
  CHECK(gif.compare(0, 6, "GIF89a") == 0);
  CHECK(gif.find("NETSCAPE2.0") != std::string::npos);  // the looping animation's extension
  CHECK(fs::file_size(dir / "explain_gp_step_1.png") > 10000);
}
