#pragma once
// Checkpoint housekeeping in a study's repo_dir: which epoch scores a trial
// (and so whose checkpoint is its model), which of a trial's checkpoints are
// kept after an epoch is journaled, and the copy of the best trial's model to
// best_model.ckpt, made atomically (a crash leaves the old copy or the new one).
#include <filesystem>
#include <string>
#include <vector>

#include "tuner/study/trial.hpp"

namespace tunet::tuner {

// The epoch that scores a trial: the last one, or (ObjectiveMode::Best) the
// one with the best finite `metric`, the earliest among equals; nullptr when
// no epoch has a finite value to score.
const EpochRecord* scoring_epoch(const std::vector<EpochRecord>& history, const std::string& metric,
                                 Direction direction, ObjectiveMode mode);

// After epoch e is journaled, the trial's earlier checkpoints (and temporary
// files a crash left) are no longer needed: only the files of `dir` whose
// names start with one of `keep` (the journaled checkpoint, the training
// state, and the scoring epoch's so far, its model) stay.
void remove_older_checkpoints(const std::filesystem::path& dir, const std::vector<std::string>& keep);

// Copies the model of `best` (its scoring checkpoint, else its last one) to
// repo_dir/best_model.ckpt (Results::kBestModelName), when that checkpoint exists.
void update_best_model(const std::filesystem::path& repo_dir, const Trial& best);

}  // namespace tunet::tuner
