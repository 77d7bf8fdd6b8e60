// tunet: the command line.
//   tunet tune CONFIG.json          run (or resume) the search a config describes (--set PATH=VALUE changes a field);
//                                   under `mpirun -np N` (built with MPI) over N processes, docs/distributed.md
//   tunet schedule --R 81 --eta 3   print a Hyperband schedule without training
//   tunet results REPO_DIR          print the ranked table of a (running or finished) search
//   tunet plot REPO_DIR             draw a search's figures; tunet report REPO_DIR: its HTML page
//   tunet init, ask, tell           a search trained by your own program, in any language (ask_tell_commands.hpp)
//   tunet optimizers, explain-gp    teaching demos in pictures
//   tunet bench kernels ...         the kernel lab (runs tunet-bench, beside tunet)
//   tunet --version                 what this build contains
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "core/build_info.hpp"
#include "tuner/integration/tune_config.hpp"
#ifdef TUNET_WITH_MPI
#include "tuner/cli/mpi_tune.hpp"
#endif
#include "tuner/cli/ask_tell_commands.hpp"
#include "tuner/cli/bench_command.hpp"
#include "tuner/cli/export_command.hpp"
#include "tuner/cli/plot_commands.hpp"
#include "tuner/cli/teaching_commands.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/config/config_override.hpp"
#include "tuner/plot/search_record.hpp"
#include "tuner/schedulers/hyperband_schedule.hpp"
#include "tuner/skopt/expected_minimum.hpp"
#include "tuner/study/results.hpp"

namespace tu = tunet::tuner;

namespace {

void print_brackets(std::ostream& out, const tu::HyperbandSchedule& s) {
  for (const tu::Bracket& b : s.brackets) {
    out << "\ns=" << b.s << "\n";
    for (size_t i = 0; i < b.rungs.size(); ++i) {
      char exact[32];  // Hobbit's form: r_0=2.22=2, r_2=20
      const double r = b.rungs[i].exact_budget;
      std::snprintf(exact, sizeof exact, r == static_cast<int>(r) ? "%.0f" : "%.2f", r);
      out << "n_" << i << "=" << b.rungs[i].models << "\tr_" << i << "=" << exact;
      if (r != static_cast<int>(r)) out << "=" << b.rungs[i].epochs;
      out << "\n";
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tunet: neural networks and hyperparameter search from scratch"};
  app.set_version_flag("--version", [] { return tunet::build_info_str(); });
  app.require_subcommand(1);

  std::string config_path;
  auto* tune = app.add_subcommand("tune", "Run or resume the search described by a JSON config");
  tune->add_option("config", config_path, "the config file (see examples/)")->required();
  std::vector<std::string> overrides;
  tune->add_option("--set", overrides, "PATH=VALUE: change a config field, e.g. --set search.R=9 --set data.subset.train=6000");

  int R = 81, eta = 3;
  auto* schedule = app.add_subcommand("schedule", "Print the Hyperband schedule for R and eta (no training)");
  schedule->add_option("--R", R, "maximum epochs per configuration")->capture_default_str();
  schedule->add_option("--eta", eta, "cut factor")->capture_default_str();

  std::string repo_dir;
  size_t top = 0;
  auto* results = app.add_subcommand("results", "Print the ranked results of a search from its journal");
  results->add_option("repo_dir", repo_dir, "the search's repo_dir")->required();
  results->add_option("--top", top, "rows to print (0: all)");

  tu::cli::PlotCommands plot_commands(app);
  tu::cli::AskTellCommands ask_tell_commands(app);
  tu::cli::TeachingCommands teaching_commands(app);
  tu::cli::BenchCommand bench_command(app);
  tu::cli::ExportCommand export_command(app);  // runs from its callback

  CLI11_PARSE(app, argc, argv);
  try {
    if (*tune) {
      tu::Json config = tu::read_config(config_path);
      tu::apply_config_overrides(config, overrides);
#ifdef TUNET_WITH_MPI
      if (tu::cli::launched_by_mpirun()) return tu::cli::mpi_tune(argc, argv, config);
#endif
      std::cout << tunet::build_info_str() << "\n";
      tu::TuneJob job(config, &std::cout);
      tu::TuneReport report = job.run();
      tu::cli::draw_after_tune(job, report, std::cout);
    } else if (*schedule) {
      tu::HyperbandSchedule s = tu::hyperband_schedule(R, eta);
      std::cout << "R = " << R << "\neta = " << eta << "\n\nsmax=" << s.s_max << "\n";
      print_brackets(std::cout, s);
      std::cout << "\n";
      tu::print_schedule(std::cout, s);
    } else if (*results) {
      tu::Results::load(repo_dir).print(std::cout, top);
      if (const tu::plot::SearchRecord search = tu::plot::load_search(repo_dir); search.algorithm == "gp")
        tu::print_expected_minimum(std::cout, search.results, search.seed);
    } else if (ask_tell_commands.given()) {
      return ask_tell_commands.run(std::cout);
    } else if (bench_command.given()) {
      bench_command.run();  // becomes tunet-bench
    } else if (!plot_commands.run(std::cout)) {
      teaching_commands.run(std::cout);
    }
  } catch (const std::exception& e) {
    std::cerr << "tunet: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
