#include "tuner/teaching/optimizer_paths.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/error.hpp"
#include "core/ops.hpp"
#include "tuner/plot/style.hpp"

namespace tunet::tuner::teaching {

using plot::csv_number;
using plot::quoted;

namespace {

constexpr int kGrid = 121;            // contour grid points per side
constexpr double kDiverged = 1e6;     // |x|, |y| or the loss beyond this: the path is stopped

Tensor first(const Tensor& p) { return slice(p, 0, 0, 1); }
Tensor second(const Tensor& p) { return slice(p, 0, 1, 2); }

// (1 - x)^2 + 100 (y - x^2)^2
Tensor rosenbrock(const Tensor& p) {
  const Tensor x = first(p), y = second(p);
  return sum(pow(x - 1.0f, 2) + 100.0f * pow(y - pow(x, 2), 2));
}
double rosenbrock_value(double x, double y) { return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x); }

// (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2
Tensor beale(const Tensor& p) {
  const Tensor x = first(p), y = second(p);
  return sum(pow(x * y - x + 1.5f, 2) + pow(x * pow(y, 2) - x + 2.25f, 2) + pow(x * pow(y, 3) - x + 2.625f, 2));
}
double beale_value(double x, double y) {
  const double a = 1.5 - x + x * y, b = 2.25 - x + x * y * y, c = 2.625 - x + x * y * y * y;
  return a * a + b * b + c * c;
}

// x^2 / 2 + 10 y^2
Tensor ill_bowl(const Tensor& p) { return sum(0.5f * pow(first(p), 2) + 10.0f * pow(second(p), 2)); }
double ill_bowl_value(double x, double y) { return 0.5 * x * x + 10 * y * y; }

// x^2 - y^2 + y^4 / 4
Tensor saddle(const Tensor& p) {
  const Tensor x = first(p), y = second(p);
  return sum(pow(x, 2) - pow(y, 2) + 0.25f * pow(y, 4));
}
double saddle_value(double x, double y) { return x * x - y * y + 0.25 * y * y * y * y; }

std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Contour levels: 1, 2, 5 times the powers of ten for a surface that is
// positive, 16 even steps otherwise.
std::vector<double> contour_levels(double low, double high) {
  std::vector<double> levels;
  if (low > 0) {
    for (int e = static_cast<int>(std::floor(std::log10(low))); e <= static_cast<int>(std::ceil(std::log10(high))); ++e)
      for (double m : {1.0, 2.0, 5.0})
        if (m * std::pow(10.0, e) >= low && m * std::pow(10.0, e) <= high) levels.push_back(m * std::pow(10.0, e));
    return levels;
  }
  for (int k = 1; k < 16; ++k) levels.push_back(low + (high - low) * k / 16.0);
  return levels;
}

}  // namespace

const std::vector<Surface>& surfaces() {
  static const std::vector<Surface> kSurfaces = {
      {"rosenbrock", "(1 - x)^2 + 100 (y - x^2)^2", {-1.2, 1.0}, {{1.0, 1.0}}, {-2.0, 2.0, -1.0, 3.0}, 1000,
       {{"sgd", 1e-3}, {"momentum", 1e-3}, {"nesterov", 1e-3}, {"adagrad", 0.3}, {"rmsprop", 0.01}, {"adam", 0.05},
        {"nadam", 0.05}, {"adadelta", 1.0}, {"lion", 0.01}},
       rosenbrock, rosenbrock_value},
      {"beale", "(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2", {1.0, 1.4}, {{3.0, 0.5}},
       {-1.0, 4.5, -1.5, 2.0}, 600,
       {{"sgd", 1e-3}, {"momentum", 5e-4}, {"nesterov", 5e-4}, {"adagrad", 0.3}, {"rmsprop", 0.01}, {"adam", 0.05},
        {"nadam", 0.05}, {"adadelta", 1.0}, {"lion", 0.01}},
       beale, beale_value},
      {"ill-bowl", "x^2 / 2 + 10 y^2", {-4.5, 1.5}, {{0.0, 0.0}}, {-5.0, 1.0, -2.0, 2.0}, 150,
       {{"sgd", 0.09}, {"momentum", 0.02}, {"nesterov", 0.02}, {"adagrad", 0.5}, {"rmsprop", 0.05}, {"adam", 0.2},
        {"nadam", 0.2}, {"adadelta", 1.0}, {"lion", 0.05}},
       ill_bowl, ill_bowl_value},
      {"saddle", "x^2 - y^2 + y^4 / 4", {-1.5, 1e-3}, {{0.0, 1.4142135623730951}, {0.0, -1.4142135623730951}},
       {-2.0, 2.0, -2.0, 2.0}, 150,
       {{"sgd", 0.02}, {"momentum", 0.01}, {"nesterov", 0.01}, {"adagrad", 0.2}, {"rmsprop", 0.02}, {"adam", 0.05},
        {"nadam", 0.05}, {"adadelta", 1.0}, {"lion", 0.02}},
       saddle, saddle_value},
  };
  return kSurfaces;
}

const Surface& surface(const std::string& name) {
  std::string names;
  for (const Surface& s : surfaces()) {
    if (s.name == name) return s;
    names += (names.empty() ? "" : ", ") + s.name;
  }
  throw Error("unknown surface '" + name + "' (expected one of " + names + ")");
}

OptimizerPath descend(const Surface& surface, const std::string& name, nn::OptimizerSettings settings, int steps) {
  check(steps >= 0, "descend: steps must be >= 0, got " + std::to_string(steps));
  if (!settings.count("learning_rate") && !settings.count("lr")) {
    for (const auto& [optimizer, rate] : surface.learning_rates)
      if (optimizer == name) settings["learning_rate"] = rate;
  }
  std::unique_ptr<nn::Optimizer> optimizer = nn::make_optimizer(name, settings);
  OptimizerPath path{name, optimizer->settings(), {}, false};
  Tensor p = Tensor::from({2}, {static_cast<float>(surface.start[0]), static_cast<float>(surface.start[1])});
  p.requires_grad_();
  for (int step = 0;; ++step) {
    Tensor loss = surface.loss(p);
    const std::vector<float> xy = p.to_vector();
    const double value = loss.item();
    path.points.push_back({xy[0], xy[1], value});
    if (!std::isfinite(value) || std::abs(value) > kDiverged || std::abs(xy[0]) > kDiverged ||
        std::abs(xy[1]) > kDiverged) {
      path.diverged = true;
      break;
    }
    if (step == steps) break;
    loss.backward();
    optimizer->step(p, p.grad());
    p.zero_grad();
  }
  return path;
}

std::string path_csv(const OptimizerPath& path) {
  std::ostringstream s;
  s << "step,x,y,loss\n";
  for (size_t k = 0; k < path.points.size(); ++k)
    s << k << "," << csv_number(path.points[k][0]) << "," << csv_number(path.points[k][1]) << ","
      << csv_number(path.points[k][2]) << "\n";
  return s.str();
}

plot::Figure optimizer_paths_figure(const Surface& surface, const std::vector<OptimizerPath>& paths) {
  plot::Figure f;
  f.name = "optimizers_" + surface.name;
  f.title = "Optimizers on the " + surface.name + " surface f(x, y) = " + surface.formula + ", from (" +
            short_number(surface.start[0]) + ", " + short_number(surface.start[1]) + ")";
  f.width = 1400;
  f.height = 620;
  const auto [x0, x1, y0, y1] = surface.view;
  std::ostringstream grid;
  grid << "x,y,f\n";
  double low = INFINITY, high = -INFINITY;
  for (int i = 0; i < kGrid; ++i) {
    if (i) grid << "\n";  // one block per x: a grid gnuplot can contour
    const double x = x0 + (x1 - x0) * i / (kGrid - 1);
    for (int j = 0; j < kGrid; ++j) {
      const double y = y0 + (y1 - y0) * j / (kGrid - 1), v = surface.value(x, y);
      low = std::min(low, v);
      high = std::max(high, v);
      grid << csv_number(x) << "," << csv_number(y) << "," << csv_number(v) << "\n";
    }
  }
  const std::string grid_file = surface.name + "_grid.csv";
  f.data.push_back({grid_file, grid.str()});
  std::ostringstream markers;
  markers << "x,y,minimum\n" << csv_number(surface.start[0]) << "," << csv_number(surface.start[1]) << ",0\n";
  for (const auto& m : surface.minima) markers << csv_number(m[0]) << "," << csv_number(m[1]) << ",1\n";
  const std::string markers_file = surface.name + "_markers.csv";
  f.data.push_back({markers_file, markers.str()});
  std::vector<std::string> files, titles;
  bool positive = true;  // every loss > 0: the loss axis is logarithmic
  for (const OptimizerPath& p : paths) {
    files.push_back(surface.name + "_" + p.optimizer + ".csv");
    f.data.push_back({files.back(), path_csv(p)});
    titles.push_back(p.optimizer + " (lr " + short_number(p.settings.at("learning_rate")) + ")" +
                     (p.diverged ? ", diverged" : ""));
    for (const auto& point : p.points) positive = positive && point[2] > 0;
  }
  const std::vector<double> levels = contour_levels(low >= 0 ? std::max(low, 1e-2) : low, high);
  std::ostringstream s;
  s << "set multiplot title " << quoted(f.title) << " font ',12'\n";
  // Left: the paths over the contours (contour lines of the grid, drawn by gnuplot).
  s << plot::panel_start() << "set origin 0,0\nset size 0.5,0.94\nset view map\nset contour base\nunset clabel\n"
    << "set cntrparam levels discrete ";
  for (size_t k = 0; k < levels.size(); ++k) s << (k ? "," : "") << csv_number(levels[k]);
  s << "\nset xrange [" << x0 << ":" << x1 << "]\nset yrange [" << y0 << ":" << y1
    << "]\nset size ratio -1\nset xlabel 'x'\nset ylabel 'y'\nset key bottom right opaque box lc rgb '#c0c0c0' font ',9' width 3 samplen 3\n";
  s << "splot " << quoted(grid_file) << " using 'x':'y':'f' with lines nosurface lc rgb '#c8c8c8' notitle";
  for (size_t k = 0; k < files.size(); ++k)
    s << ", \\\n      " << quoted(files[k]) << " using 'x':'y':(0) with lines nocontours lw 2 lc "
      << plot::series_colour(static_cast<int>(k)) << " notitle";
  s << ", \\\n      " << quoted(markers_file)
    << " using 'x':(column('minimum') > 0 ? NaN : column('y')):(0) with points nocontours pt 7 ps 1.5 lc rgb '#000000' "
       "title 'start', \\\n      '' using 'x':(column('minimum') > 0 ? column('y') : NaN):(0) with points nocontours "
    << plot::kBestPoint << " title 'minimum'";
  s << "\n";
  // Right: the loss by step.
  s << plot::panel_start() << "set origin 0.5,0.04\nset size 0.5,0.88\nset xlabel 'step'\nset ylabel 'loss'\n"
    << "set key outside right top font ',9'\n";
  if (positive) s << "set logscale y\n";
  s << "plot ";
  for (size_t k = 0; k < files.size(); ++k)
    s << (k ? ", \\\n     " : "") << quoted(files[k]) << " using 'step':'loss' with lines lw 2 lc "
      << plot::series_colour(static_cast<int>(k)) << " title " << quoted(titles[k]);
  s << "\nunset multiplot\n";
  f.commands = s.str();
  return f;
}

}  // namespace tunet::tuner::teaching
