#include "tuner/teaching/explain_gp.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/error.hpp"
#include "tuner/plot/style.hpp"
#include "tuner/proposers/gp/acquisition.hpp"
#include "tuner/proposers/gp/gp_ask_tell.hpp"

namespace tunet::tuner::teaching {

using plot::DataFile;
using plot::Figure;
using plot::csv_number;
using plot::kBestLine;
using plot::panel_start;
using plot::quoted;

namespace {

constexpr double kLow = -2.0, kHigh = 2.0;
constexpr int kGridPoints = 241;
constexpr double kZ95 = 1.959963984540054;

double to_x(double u) { return kLow + (kHigh - kLow) * u; }  // the GP works in the unit interval

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

// One step's data: the grid with f, the GP and the acquisition, and the observations.
std::vector<DataFile> step_data(int step, const GaussianProcess& gp, Acquisition acquisition,
                                const AcquisitionParams& params, const Eigen::MatrixXd& told_u,
                                const std::vector<double>& told_y, double best_y) {
  Eigen::MatrixXd u(kGridPoints, 1);
  for (int i = 0; i < kGridPoints; ++i) u(i, 0) = static_cast<double>(i) / (kGridPoints - 1);
  GpPrediction p = gp.predict(u);
  std::ostringstream grid;
  grid << "x,f,mean,low,high,acquisition\n";
  for (int i = 0; i < kGridPoints; ++i) {
    const double x = to_x(u(i, 0));
    // EI and PI are drawn as the quantities maximised, LCB as the one minimised.
    const double a = acquisition_value(acquisition, p.mean[i], p.std[i], best_y, params).value;
    grid << csv_number(x) << "," << csv_number(explain_gp_function(x)) << "," << csv_number(p.mean[i]) << ","
         << csv_number(p.mean[i] - kZ95 * p.std[i]) << "," << csv_number(p.mean[i] + kZ95 * p.std[i]) << ","
         << csv_number(acquisition == Acquisition::LCB ? a : -a) << "\n";
  }
  std::ostringstream observed;
  observed << "x,y\n";
  for (Eigen::Index k = 0; k < told_u.rows(); ++k)
    observed << csv_number(to_x(told_u(k, 0))) << "," << csv_number(told_y[static_cast<size_t>(k)]) << "\n";
  const std::string stem = "explain_gp_step_" + std::to_string(step);
  return {{stem + ".csv", grid.str()}, {stem + "_observations.csv", observed.str()}};
}

// The two panels of one step: the model above, the acquisition below.
std::string step_commands(int step, const std::string& acq_name, const ExplainGpStep& s, int n_observed) {
  const std::string stem = "explain_gp_step_" + std::to_string(step);
  const std::string next = csv_number(s.next_x);
  std::ostringstream c;
  c << "set multiplot title " << quoted("Bayesian optimisation, step " + std::to_string(step) + ": " +
                                        std::to_string(n_observed) + " observations, next x = " + fmt(s.next_x))
    << " font ',12'\n";
  c << panel_start() << "set origin 0,0.34\nset size 1,0.6\nset xrange [" << kLow << ":" << kHigh
    << "]\nset format x ''\nset ylabel 'f(x)'\nset lmargin 10\nset key outside top center horizontal font ',9'\n"
    << "set arrow from " << next << ", graph 0 to " << next << ", graph 1 nohead dt 2 lw 2 lc rgb '#d62728' front\n"
    << "plot " << quoted(stem + ".csv") << " using 'x':'low':'high' with filledcurves fc rgb '#c6dbef' title '95% band', \\\n"
    << "     '' using 'x':'mean' with lines " << kBestLine << " title 'GP mean', \\\n"
    << "     '' using 'x':'f' with lines dt 2 lw 1.5 lc rgb '#555555' title 'f(x) (unknown to the search)', \\\n"
    << "     " << quoted(stem + "_observations.csv") << " using 'x':'y' with points pt 7 ps 1.1 lc rgb '#000000' title 'observations'\n";
  c << panel_start() << "set origin 0,0\nset size 1,0.36\nset xrange [" << kLow << ":" << kHigh
    << "]\nset xlabel 'x'\nset ylabel " << quoted(acq_name) << "\nset lmargin 10\n"
    << "set arrow from " << next << ", graph 0 to " << next << ", graph 1 nohead dt 2 lw 2 lc rgb '#d62728' front\n"
    << "plot " << quoted(stem + ".csv") << " using 'x':'acquisition' with filledcurves y1=0 fc rgb '#fdd0a2' notitle, \\\n"
    << "     '' using 'x':'acquisition' with lines lw 2 lc rgb '#e6550d' notitle\n";
  c << "unset multiplot\n";
  return c.str();
}

}  // namespace

double explain_gp_function(double x) { return std::sin(5 * x) * (1 - std::tanh(x * x)); }

ExplainGp explain_gp(const ExplainGpOptions& options) {
  const Acquisition acquisition = parse_acquisition(options.acq_func);
  check(options.n_initial_points >= 1 && options.n_steps >= 1,
        "explain_gp: n_initial_points and n_steps must be >= 1, got " + std::to_string(options.n_initial_points) +
            " and " + std::to_string(options.n_steps));
  const AcquisitionParams params{.xi = options.xi, .kappa = options.kappa};
  const std::string acq_name = acquisition == Acquisition::EI   ? "expected improvement"
                               : acquisition == Acquisition::PI ? "probability of improvement"
                                                                : "lower confidence bound (minimised)";
  GpAskTell optimizer(CubeLayout::continuous(1),
                        {.n_initial_points = options.n_initial_points, .acq_func = acquisition_name(acquisition),
                         .xi = options.xi, .kappa = options.kappa, .n_candidates = 2000},
                        Rng(options.seed));
  ExplainGp demo;
  Figure animation{.name = "explain_gp", .title = "Bayesian optimisation of f(x) = sin(5x)(1 - tanh(x^2)), step by step",
                   .width = 800, .height = 600};
  animation.animated_gif = true;
  for (int call = 0; call < options.n_initial_points + options.n_steps; ++call) {
    std::optional<Eigen::VectorXd> u = optimizer.ask();
    check(u.has_value(), "explain_gp: the optimizer proposed nothing");
    const double x = to_x((*u)[0]), y = explain_gp_function(x);
    if (call >= options.n_initial_points) {
      const std::vector<double>& told = optimizer.y_told();
      const ExplainGpStep step{x, y, *std::min_element(told.begin(), told.end())};
      const int k = static_cast<int>(demo.steps.size()) + 1;
      Figure f{.name = "explain_gp_step_" + std::to_string(k),
               .title = "Bayesian optimisation, step " + std::to_string(k) + " (" + acq_name + ")",
               .width = 800, .height = 600};
      f.data = step_data(k, *optimizer.model(), acquisition, params, optimizer.x_told(), told, step.best_y);
      f.commands = step_commands(k, acq_name, step, optimizer.n_told());
      animation.data.insert(animation.data.end(), f.data.begin(), f.data.end());
      animation.commands += f.commands;
      demo.steps.push_back(step);
      demo.figures.push_back(std::move(f));
    }
    optimizer.tell(*u, y);
  }
  demo.figures.push_back(std::move(animation));
  return demo;
}

}  // namespace tunet::tuner::teaching
