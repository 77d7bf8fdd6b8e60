// Checkpoint housekeeping (checkpoints.hpp): the scoring epoch, the
// checkpoints kept after each journaled epoch, the best model's copy.
#include "tuner/study/checkpoints.hpp"

#include <cmath>

#include "tuner/storage/atomic_file.hpp"
#include "tuner/study/results.hpp"

namespace tunet::tuner {

namespace fs = std::filesystem;

const EpochRecord* scoring_epoch(const std::vector<EpochRecord>& history, const std::string& metric,
                                 Direction direction, ObjectiveMode mode) {
  if (history.empty()) return nullptr;
  if (mode == ObjectiveMode::Last) return &history.back();
  const EpochRecord* best = nullptr;
  double best_loss = 0;
  for (const EpochRecord& r : history) {
    const auto v = r.metric(metric);
    if (!v || !std::isfinite(*v)) continue;
    const double loss = direction == Direction::Minimize ? *v : -*v;
    if (!best || loss < best_loss) best = &r, best_loss = loss;
  }
  return best;
}

void remove_older_checkpoints(const fs::path& dir, const std::vector<std::string>& keep) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    bool kept = false;
    for (const std::string& k : keep) kept = kept || name.compare(0, k.size(), k) == 0;
    if (!kept) fs::remove(entry.path());
  }
}

void update_best_model(const fs::path& repo_dir, const Trial& best) {
  const std::string& model = best.value_checkpoint.empty() ? best.checkpoint : best.value_checkpoint;
  if (!model.empty() && fs::exists(repo_dir / model))
    copy_file_atomically(repo_dir / model, repo_dir / Results::kBestModelName);
}

}  // namespace tunet::tuner
