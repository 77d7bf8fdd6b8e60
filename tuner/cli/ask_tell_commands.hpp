#pragma once
// The ask/tell commands (tuner/study/ask_tell.hpp), for trainers written in
// any language:
//   tunet init CONFIG [--repo-dir DIR] [--set PATH=VALUE]
//       make DIR (or the config's repo_dir) an ask/tell run of CONFIG
//   tunet ask RUN_DIR [--config CONFIG] [--json] [--timeout S] [--lock-timeout S]
//       hand out the next trial: KEY=VALUE lines (trial, budget,
//       initial_epoch, bracket, rung, resumed_from, seed, attempt,
//       epochs_told, then each hyperparameter), or one JSON object;
//       exit 0. Nothing can start until a pending trial is told: exit 3;
//       the search is over: exit 2 (with --json, {"status": "wait"} or
//       {"status": "done"} on stdout too). --config makes the run first when
//       it does not exist yet.
//   tunet tell RUN_DIR TRIAL_ID --value V [--epoch E]
//   tunet tell RUN_DIR TRIAL_ID --status failed|pruned [--reason TEXT]
//       record a trial's value (its last epoch), one epoch's value, or its failure
// Errors: one line on stderr, exit 1.
#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace tunet::tuner::cli {

class AskTellCommands {
 public:
  // Adds the subcommands to `app`; the options are read into this object.
  explicit AskTellCommands(CLI::App& app);
  bool given() const { return *init_ || *ask_ || *tell_; }
  // Runs the subcommand that was given; returns the exit code. Throws Error on bad input.
  int run(std::ostream& out) const;

 private:
  int run_init(std::ostream& out) const;
  int run_ask(std::ostream& out) const;
  int run_tell(std::ostream& out) const;

  CLI::App* init_ = nullptr;
  CLI::App* ask_ = nullptr;
  CLI::App* tell_ = nullptr;
  std::string config_, run_dir_, trial_, value_, status_ = "completed", reason_;
  std::vector<std::string> overrides_;
  int epoch_ = 0;
  bool json_ = false;
  double timeout_ = 0;
  double lock_timeout_ = 30;
};

}  // namespace tunet::tuner::cli
