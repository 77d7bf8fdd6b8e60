#pragma once
// Results: the trials of a study, ranked. Built from the journal (so the same
// table comes out of a finished search, a resumed one, or Results::load on a
// repo_dir), printed as a table and written as repo_dir/results.csv.
//
//   Results table = study.run(hyperband);
//   table.print(std::cout);                 // ranked: best first, failed last
//   const Trial& best = table.best();       // throws when no trial completed
//   table.best_checkpoint();                // repo_dir/best_model.ckpt
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "tuner/space/space.hpp"
#include "tuner/study/objectives.hpp"
#include "tuner/study/trial.hpp"

namespace tunet::tuner {

struct JournalState;  // tuner/storage/journal_replay.hpp

class Results {
 public:
  static constexpr const char* kCsvName = "results.csv";
  static constexpr const char* kBestModelName = "best_model.ckpt";

  Results() = default;
  Results(std::vector<Trial> trials, Space space, std::string metric, Direction direction,
          std::filesystem::path repo_dir = {});

  // Replays repo_dir's journal. Throws Error when there is none.
  static Results load(const std::filesystem::path& repo_dir);
  // The same from a journal's events (Journal::read, parse_journal).
  static Results from_events(const std::vector<Json>& events, const std::filesystem::path& repo_dir);
  // The same from a replayed journal (its header, trials and objectives).
  static Results from_state(const JournalState& state, const std::filesystem::path& repo_dir);

  const std::vector<Trial>& trials() const { return trials_; }  // by id
  // Finished trials by rank: completed by loss (ties by id), then pruned, then failed.
  std::vector<const Trial*> ranked() const;
  bool has_best() const;
  const Trial& best() const;
  const std::string& metric() const { return metric_; }
  Direction direction() const { return direction_; }
  const Space& space() const { return space_; }
  std::filesystem::path best_checkpoint() const { return repo_dir_ / kBestModelName; }
  // Several objectives (a MultiObjective study; from_events reads them from
  // the journal): the table and the CSV add a column per objective not shown
  // already and "front" (the trial is on the Pareto front of the completed ones).
  void set_objectives(ObjectiveList objectives) { objectives_ = std::move(objectives); }
  const ObjectiveList& objectives() const { return objectives_; }
  // Completed trials on the Pareto front, by id; empty with one objective.
  std::vector<const Trial*> front() const;

  // Columns: rank, trial, run (bracket), rung, one per hyperparameter, one
  // per attribute (quantities known before training, e.g. flash_bytes; only
  // when trials have them), epochs trained ("7/9": stopped early after 7 of
  // 9), the metric (mean and std under cross-validation), the epoch it comes
  // from, wall time, status. Ranked: completed, pruned, failed, infeasible.
  // `top` = 0 prints every finished trial.
  void print(std::ostream& out, size_t top = 0) const;
  // The same table in trial-id order as CSV (header row first), with the
  // budget, the epochs trained, the value's epoch, the best value over the
  // epochs (best_epoch_<metric>), the stop reason, then the attributes.
  std::string csv() const;
  // The attributes the trials record, in the order first seen.
  std::vector<std::string> attribute_names() const;
  void write_csv(const std::filesystem::path& path) const;  // atomically

 private:
  std::vector<Trial> trials_;
  Space space_;
  std::string metric_ = "value";
  Direction direction_ = Direction::Minimize;
  std::filesystem::path repo_dir_;
  ObjectiveList objectives_;
  // The objectives shown in no other column (neither the metric nor an attribute).
  std::vector<size_t> extra_objectives() const;
  std::vector<bool> on_front(const std::vector<const Trial*>& trials) const;
};

}  // namespace tunet::tuner
