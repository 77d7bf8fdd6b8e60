#include "tuner/schedulers/asha.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include "core/error.hpp"
#include "tuner/proposers/random_search.hpp"

namespace tunet::tuner {

namespace {
constexpr int kMaxEpochs = 1'000'000;
}  // namespace

Asha::Asha(AshaOptions options, std::unique_ptr<Proposer> proposer)
    : options_(options),
      proposer_(proposer ? std::move(proposer) : std::make_unique<RandomSearch>(RandomOptions{.n_trials = 0})) {
  check(options_.min_epochs >= 1, "ASHA: min_epochs (r) must be >= 1, got " + std::to_string(options_.min_epochs));
  check(options_.max_epochs >= options_.min_epochs && options_.max_epochs <= kMaxEpochs,
        "ASHA: max_epochs (R) must be between min_epochs (" + std::to_string(options_.min_epochs) + ") and " +
            std::to_string(kMaxEpochs) + ", got " + std::to_string(options_.max_epochs));
  check(options_.eta >= 2, "ASHA: eta (the reduction factor) must be >= 2, got " + std::to_string(options_.eta));
  check(options_.max_trials >= 1, "ASHA: max_trials must be >= 1, got " + std::to_string(options_.max_trials));
  // r_k = r eta^k while r_k <= R: K = floor(log_eta(R / r)), exactly.
  for (long epochs = options_.min_epochs; epochs <= options_.max_epochs; epochs *= options_.eta)
    rung_epochs_.push_back(static_cast<int>(epochs));
}

Json Asha::settings() const {
  Json j = Json::object();
  j["min_epochs"] = options_.min_epochs;
  j["max_epochs"] = options_.max_epochs;
  j["eta"] = options_.eta;
  j["max_trials"] = options_.max_trials;
  j["proposer"] = {{"name", proposer_->name()}, {"settings", proposer_->settings()}};
  return j;
}

void Asha::start(const Space& space, Rng rng, Direction direction) {
  proposer_->start(space, rng, direction);
  rungs_.assign(rung_epochs_.size(), {});
  running_.clear();
  drawn_ = 0;
  proposer_exhausted_ = false;
}

std::optional<TrialSpec> Asha::next() { return schedule(nullptr); }

std::optional<TrialSpec> Asha::next_recorded(const Trial& recorded) { return schedule(&recorded.params); }

std::optional<TrialSpec> Asha::schedule(const Params* recorded) {
  std::optional<TrialSpec> spec = promotion();
  if (!spec && drawn_ < options_.max_trials && !proposer_exhausted_) {
    if (auto params = recorded ? proposer_->ask_recorded(*recorded) : proposer_->ask()) {
      ++drawn_;
      spec.emplace();
      spec->params = std::move(*params);
      spec->budget = rung_epochs_[0];
      spec->bracket = 0;
      spec->rung = 0;
    } else {
      proposer_exhausted_ = true;
    }
  }
  if (spec) running_.push_back({spec->params.key(), spec->rung});
  return spec;
}

// From the top rung down: the best configuration among the top floor(n_k / eta)
// of rung k's told trials that has not gone on yet.
std::optional<TrialSpec> Asha::promotion() {
  for (size_t k = rungs_.size() - 1; k-- > 0;) {
    std::vector<Result>& rung = rungs_[k];
    std::vector<size_t> order(rung.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    // Best first; equal losses: the lower trial id first.
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return rung[a].loss != rung[b].loss ? rung[a].loss < rung[b].loss : rung[a].trial < rung[b].trial;
    });
    const size_t top = rung.size() / static_cast<size_t>(options_.eta);  // floor(n_k / eta)
    for (size_t i = 0; i < top; ++i) {
      Result& r = rung[order[i]];
      if (r.promoted || !std::isfinite(r.loss)) continue;  // failed trials never go on
      r.promoted = true;
      TrialSpec spec;
      spec.params = r.params;
      spec.budget = rung_epochs_[k + 1];
      spec.initial_epoch = rung_epochs_[k];
      spec.bracket = 0;
      spec.rung = static_cast<int>(k + 1);
      spec.resumed_from = r.trial;
      return spec;
    }
  }
  return std::nullopt;
}

// The told trial is the handed-out one with the same configuration and rung.
void Asha::tell(const Trial& trial) {
  std::string key = trial.params.key();
  auto it = std::find_if(running_.begin(), running_.end(),
                         [&](const Running& r) { return r.rung == trial.rung && r.key == key; });
  check(it != running_.end(), "ASHA: told trial " + std::to_string(trial.id) + " (rung " +
                                  std::to_string(trial.rung) + ", " + to_string(trial.params) +
                                  ") that it did not hand out, or told it twice");
  running_.erase(it);
  proposer_->tell(trial);
  rungs_[static_cast<size_t>(trial.rung)].push_back(
      {.params = trial.params, .key = std::move(key), .trial = trial.id, .loss = trial.loss});
}

void Asha::print_plan(std::ostream& out) const {
  out << "ASHA (asynchronous successive halving, eta=" << options_.eta << "): rung epochs";
  for (int epochs : rung_epochs_) out << " " << epochs;
  out << "; up to " << options_.max_trials << " configurations; one goes on to the next rung once it is in the "
      << "top 1/" << options_.eta << " of its rung's finished trials\n";
  if (proposer_->name() != "random") out << "Configurations proposed by: " << proposer_->name() << "\n";
}

}  // namespace tunet::tuner
