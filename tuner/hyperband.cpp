#include "tuner/hyperband.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include "core/error.hpp"
#include "tuner/crash_point.hpp"
#include "tuner/random_search.hpp"

namespace tunet::tuner {

Hyperband::Hyperband(HyperbandOptions options, std::unique_ptr<Proposer> proposer)
    : options_(options),
      proposer_(proposer ? std::move(proposer) : std::make_unique<RandomSearch>(RandomOptions{.n_trials = 0})),
      schedule_(hyperband_schedule(options.R, options.eta)) {
  check(options_.iterations >= 1,
        "Hyperband: iterations (hyperband_iterations) must be >= 1, got " + std::to_string(options_.iterations));
}

Json Hyperband::settings() const {
  Json j = Json::object();
  j["R"] = options_.R;
  j["eta"] = options_.eta;
  if (options_.iterations != 1) j["iterations"] = options_.iterations;  // journals of one iteration stay as they were
  j["proposer"] = {{"name", proposer_->name()}, {"settings", proposer_->settings()}};
  return j;
}

void Hyperband::start(const Space& space, Rng rng, Direction direction) {
  proposer_->start(space, rng, direction);
  bracket_ = rung_ = scheduled_ = told_ = 0;
  members_.clear();
  proposer_exhausted_ = false;
  remaining_ = schedule_.total_continued * options_.iterations;
}

std::optional<TrialSpec> Hyperband::next() { return schedule(nullptr); }

std::optional<TrialSpec> Hyperband::next_recorded(const Trial& recorded) { return schedule(&recorded.params); }

std::optional<TrialSpec> Hyperband::schedule(const Params* recorded) {
  check(told_ == scheduled_, "Hyperband: next() called before the previous trial was told");
  while (bracket_ < schedule_.brackets.size() * static_cast<size_t>(options_.iterations)) {
    const Bracket& b = schedule_.brackets[bracket_ % schedule_.brackets.size()];
    const Rung& r = b.rungs[rung_];
    // Rung 0 draws its configurations one at a time, as its trials start.
    if (rung_ == 0 && scheduled_ == members_.size() && members_.size() < static_cast<size_t>(r.models) &&
        !proposer_exhausted_) {
      if (auto params = recorded ? proposer_->ask_recorded(*recorded) : proposer_->ask())
        members_.push_back({std::move(*params), std::nullopt});
      else proposer_exhausted_ = true;
    }
    if (scheduled_ < members_.size()) {
      const Member& m = members_[scheduled_++];
      TrialSpec spec;
      spec.params = m.params;
      spec.budget = r.epochs;
      spec.initial_epoch = m.parent ? b.rungs[rung_ - 1].epochs : 0;
      spec.bracket = b.s;
      spec.rung = static_cast<int>(rung_);
      spec.resumed_from = m.parent;
      return spec;
    }
    advance();
  }
  return std::nullopt;
}

void Hyperband::advance() {
  crash_point("hyperband_rung");
  const Bracket& b = schedule_.brackets[bracket_ % schedule_.brackets.size()];
  std::vector<Member> ranked;
  for (const Member& m : members_)
    if (std::isfinite(m.loss)) ranked.push_back(m);  // failed trials never go on
  // Best first; equal losses: the lower trial id first, so runs are reproducible.
  std::sort(ranked.begin(), ranked.end(), [](const Member& a, const Member& c) {
    return a.loss != c.loss ? a.loss < c.loss : a.trial < c.trial;
  });
  size_t keep = 0;
  if (rung_ + 1 < b.rungs.size())
    keep = std::min(static_cast<size_t>(b.rungs[rung_ + 1].models), ranked.size());  // floor(n_i / eta)
  if (keep > 0) {
    ranked.resize(keep);
    for (Member& m : ranked) {
      m.parent = m.trial;
      m.trial = -1;
    }
    members_ = std::move(ranked);
    ++rung_;
  } else {
    members_.clear();
    ++bracket_;
    rung_ = 0;
  }
  scheduled_ = told_ = 0;
}

void Hyperband::tell(const Trial& trial) {
  proposer_->tell(trial);
  check(told_ < scheduled_, "Hyperband: told trial " + std::to_string(trial.id) + " that it did not schedule");
  Member& m = members_[told_++];
  m.trial = trial.id;
  m.loss = trial.loss;
  remaining_ = std::max(0L, remaining_ - static_cast<long>(trial.epochs_trained()));  // fewer when stopped early
}

void Hyperband::print_plan(std::ostream& out) const {
  print_schedule(out, schedule_);
  if (options_.iterations > 1)
    out << "The schedule runs " << options_.iterations << " times (hyperband_iterations): "
        << schedule_.total_continued * options_.iterations << " epochs in all\n";
  if (proposer_->name() != "random") out << "Configurations proposed by: " << proposer_->name() << "\n";
}

std::optional<long> Hyperband::remaining_budget() const { return remaining_; }

}  // namespace tunet::tuner
