#include "tuner/cli/teaching_commands.hpp"

#include <cstdio>
#include <ostream>

#include "core/error.hpp"
#include "tuner/plot/gnuplot.hpp"
#include "tuner/teaching/explain_gp.hpp"
#include "tuner/teaching/optimizer_paths.hpp"

namespace tunet::tuner::cli {

namespace {

// "beta_1=0.5" -> {"beta_1", 0.5}
std::pair<std::string, double> parse_setting(const std::string& text) {
  const size_t eq = text.find('=');
  check(eq != std::string::npos && eq > 0, "--set: expected NAME=VALUE, got '" + text + "'");
  try {
    size_t used = 0;
    const double value = std::stod(text.substr(eq + 1), &used);
    check(used == text.size() - eq - 1, "");
    return {text.substr(0, eq), value};
  } catch (const std::exception&) {
    throw Error("--set: '" + text.substr(eq + 1) + "' is not a number (in '" + text + "')");
  }
}

}  // namespace

TeachingCommands::TeachingCommands(CLI::App& app) {
  optimizers_ = app.add_subcommand("optimizers", "Teaching demo: the optimizers' paths on 2-D test surfaces");
  optimizers_->add_option("--surface", surface_, "rosenbrock, beale, ill-bowl, saddle or all")->capture_default_str();
  optimizers_->add_option("--optimizer", optimizer_names_, "an optimizer to run (repeat for several; default: all)");
  optimizers_->add_option("--learning_rate", learning_rate_, "the learning rate of every optimizer run (default: "
                                                             "a rate chosen for each optimizer and surface)");
  optimizers_->add_option("--set", settings_, "another optimizer setting, NAME=VALUE (e.g. beta_1=0.5)");
  optimizers_->add_option("--steps", steps_, "steps per optimizer (default: the surface's)");
  optimizers_->add_option("--out", out_, "folder for the figures (default: optimizer_paths)");

  explain_gp_ = app.add_subcommand("explain-gp", "Teaching demo: Bayesian optimisation of a 1-D function, step by step");
  explain_gp_->add_option("--acq", acq_func_, "acquisition function: EI, PI or LCB")->capture_default_str();
  explain_gp_->add_option("--steps", gp_steps_, "model-based steps (one picture each)")->capture_default_str();
  explain_gp_->add_option("--initial", gp_initial_, "initial points before the GP is used")->capture_default_str();
  explain_gp_->add_option("--seed", seed_, "seed of the initial design and the acquisition search")->capture_default_str();
  explain_gp_->add_option("--out", out_, "folder for the figures (default: explain_gp)");
}

bool TeachingCommands::run(std::ostream& out) const {
  if (*optimizers_) run_optimizers(out);
  else if (*explain_gp_) run_explain_gp(out);
  else return false;
  return true;
}

void TeachingCommands::run_optimizers(std::ostream& out) const {
  std::vector<const teaching::Surface*> chosen;
  if (surface_ == "all") {
    for (const teaching::Surface& s : teaching::surfaces()) chosen.push_back(&s);
  } else {
    chosen.push_back(&teaching::surface(surface_));
  }
  const std::vector<std::string> names = optimizer_names_.empty() ? nn::optimizer_names() : optimizer_names_;
  nn::OptimizerSettings settings;
  for (const std::string& text : settings_) settings.insert(parse_setting(text));
  if (learning_rate_ > 0) settings["learning_rate"] = learning_rate_;

  std::vector<plot::Figure> figures;
  for (const teaching::Surface* s : chosen) {
    std::vector<teaching::OptimizerPath> paths;
    out << s->name << ": f(x, y) = " << s->formula << ", start (" << s->start[0] << ", " << s->start[1] << ")\n";
    for (const std::string& name : names) {
      paths.push_back(teaching::descend(*s, name, settings, steps_ > 0 ? steps_ : s->steps));
      const auto& last = paths.back().points.back();
      char line[160];
      std::snprintf(line, sizeof line, "  %-9s lr %-8g %4zu steps: (%.4f, %.4f), loss %.6g%s\n", name.c_str(),
                    paths.back().settings.at("learning_rate"), paths.back().points.size() - 1, last[0], last[1],
                    last[2], paths.back().diverged ? " (diverged)" : "");
      out << line;
    }
    figures.push_back(teaching::optimizer_paths_figure(*s, paths));
  }
  out << plot::write_figures(std::move(figures), out_.empty() ? "optimizer_paths" : out_).summary() << "\n";
}

void TeachingCommands::run_explain_gp(std::ostream& out) const {
  teaching::ExplainGp demo = teaching::explain_gp(
      {.acq_func = acq_func_, .n_initial_points = gp_initial_, .n_steps = gp_steps_, .seed = seed_});
  out << "f(x) = sin(5x)(1 - tanh(x^2)) on [-2, 2], " << gp_initial_ << " initial points, then " << acq_func_ << ":\n";
  for (size_t k = 0; k < demo.steps.size(); ++k) {
    char line[128];
    std::snprintf(line, sizeof line, "  step %zu: next x = %.4f, f = %.4f (best so far %.4f)\n", k + 1,
                  demo.steps[k].next_x, demo.steps[k].next_y, std::min(demo.steps[k].best_y, demo.steps[k].next_y));
    out << line;
  }
  out << plot::write_figures(std::move(demo.figures), out_.empty() ? "explain_gp" : out_).summary() << "\n";
}

}  // namespace tunet::tuner::cli
