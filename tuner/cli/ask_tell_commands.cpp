#include "tuner/cli/ask_tell_commands.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <ostream>

#include "core/error.hpp"
#include "tuner/config/ask_tell_config.hpp"
#include "tuner/config/config_file.hpp"
#include "tuner/config/config_override.hpp"
#include "tuner/study/ask_tell.hpp"

namespace tunet::tuner::cli {

namespace fs = std::filesystem;

namespace {

constexpr int kExitDone = 2;  // the search is over
constexpr int kExitWait = 3;  // nothing can start until a pending trial is told

// A hyperparameter's value as a KEY=VALUE line shows it: strings bare,
// numbers in full precision (the shortest text that reads back the same).
std::string plain(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

int parse_trial_id(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  const long id = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || id < 0 || id > 1'000'000'000)
    throw Error("TRIAL_ID: expected a trial id (a whole number >= 0), got \"" + text + "\"");
  return static_cast<int>(id);
}

std::string list(const std::vector<int>& ids) {
  std::string text;
  for (const int id : ids) text += (text.empty() ? "" : ", ") + std::to_string(id);
  return text;
}

}  // namespace

AskTellCommands::AskTellCommands(CLI::App& app) {
  init_ = app.add_subcommand("init", "Make a folder an ask/tell search of a config (trials trained by your program)");
  init_->add_option("config", config_, "the config: space and search, no model or data")->required();
  init_->add_option("--repo-dir", run_dir_, "the run folder (default: the config's repo_dir)");
  init_->add_option("--set", overrides_, "PATH=VALUE: change a config field");

  ask_ = app.add_subcommand("ask", "Hand out the next trial of an ask/tell search (exit 2: over, 3: wait for a tell)");
  ask_->add_option("run_dir", run_dir_, "the run folder")->required();
  ask_->add_option("--config", config_, "make the run from this config first, if it does not exist");
  ask_->add_flag("--json", json_, "print the trial as one JSON object");
  ask_->add_option("--timeout", timeout_, "hand out again a trial nothing was told of for this many seconds (0: never)");
  ask_->add_option("--lock-timeout", lock_timeout_, "seconds to wait for another ask or tell on the run")
      ->capture_default_str();

  tell_ = app.add_subcommand("tell", "Record a trial's value, one epoch's value, or its failure");
  tell_->add_option("run_dir", run_dir_, "the run folder")->required();
  tell_->add_option("trial", trial_, "the trial id that ask printed")->required();
  tell_->add_option("--value", value_, "the objective's value (its last epoch's, or --epoch's)");
  tell_->add_option("--epoch", epoch_, "the epoch the value is of (Hyperband and ASHA promote at the budget)");
  tell_->add_option("--status", status_, "completed (default), failed or pruned")->capture_default_str();
  tell_->add_option("--reason", reason_, "why it failed or was pruned");
  tell_->add_option("--lock-timeout", lock_timeout_, "seconds to wait for another ask or tell on the run")
      ->capture_default_str();
}

int AskTellCommands::run(std::ostream& out) const {
  if (*init_) return run_init(out);
  if (*ask_) return run_ask(out);
  return run_tell(out);
}

int AskTellCommands::run_init(std::ostream& out) const {
  Json config = read_config(config_);
  apply_config_overrides(config, overrides_);
  fs::path dir = run_dir_;
  if (dir.empty()) {
    dir = parse_ask_tell_config(config).repo_dir;
    check(!dir.empty(), config_ + ": no repo_dir: give one there or with --repo-dir DIR");
  }
  const bool made = AskTell::create(config, dir);
  out << (made ? "Made the ask/tell run " : "Already an ask/tell run of this search: ") << dir.string()
      << "\nNext: tunet ask " << dir.string() << "\n";
  return 0;
}

int AskTellCommands::run_ask(std::ostream& out) const {
  if (!config_.empty()) AskTell::create(read_config(config_), run_dir_);
  AskTell run(run_dir_, {.lost_after_s = timeout_, .lock_timeout_s = lock_timeout_});
  const AskTell::Asked a = run.ask();
  if (json_) out << a.to_json().dump() << "\n";
  switch (a.kind) {
    case AskTell::Asked::Kind::Trial:
      break;
    case AskTell::Asked::Kind::Wait:
      if (!json_)
        std::cerr << "tunet: no trial can start until a pending one is told (pending: " << list(a.pending)
                  << "); ask again after a tell\n";
      return kExitWait;
    case AskTell::Asked::Kind::Done:
      if (!json_)
        std::cerr << "tunet: the search is over (" << a.finished << " trials finished): tunet results "
                  << run_dir_ << "\n";
      return kExitDone;
  }
  if (json_) return 0;
  const Trial& t = a.trial;
  out << "trial=" << t.id << "\nbudget=" << t.budget << "\ninitial_epoch=" << t.initial_epoch
      << "\nbracket=" << t.bracket << "\nrung=" << t.rung
      << "\nresumed_from=" << (t.resumed_from ? std::to_string(*t.resumed_from) : "") << "\nseed=" << a.seed
      << "\nattempt=" << a.attempt << "\nepochs_told=" << a.epochs_told << "\n";
  const Json params = t.params.to_json();
  for (const auto& [name, value] : params.items()) out << name << "=" << plain(value) << "\n";
  return 0;
}

int AskTellCommands::run_tell(std::ostream& out) const {
  const int id = parse_trial_id(trial_);
  Told told;
  if (status_ == "failed" || status_ == "pruned") {
    told.status = status_ == "failed" ? TrialStatus::Failed : TrialStatus::Pruned;
    told.reason = reason_;
  } else if (status_ == "completed") {
    check(!value_.empty(), "tell: --value V is needed (or --status failed --reason TEXT)");
    char* end = nullptr;
    told.value = std::strtod(value_.c_str(), &end);
    if (*end != '\0') {  // not a number at all: the trial fails with what was given (Optuna's tell does the same)
      told.value = std::nan("");
      told.reason = "value \"" + value_ + "\" is not a number";
    } else if (!std::isfinite(told.value)) {
      told.reason = "value " + value_ + " is not a finite number";
    }
    if (tell_->count("--epoch")) told.epoch = epoch_;
  } else {
    throw Error("--status: expected completed, failed or pruned, got \"" + status_ + "\"");
  }
  AskTell run(run_dir_, {.lock_timeout_s = lock_timeout_});
  const Trial t = run.tell(id, told);
  out << "trial " << t.id << ": ";
  if (!t.finished()) out << "epoch " << t.history.back().epoch << " of " << t.budget << ", " << run.metric() << " "
                         << told.value << "\n";
  else if (t.ok()) out << "completed, " << run.metric() << " " << *t.value << " (epoch " << t.value_epoch << ")\n";
  else out << status_name(t.status) << ": " << t.failure << "\n";
  return 0;
}

}  // namespace tunet::tuner::cli
