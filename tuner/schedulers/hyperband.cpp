#include "tuner/schedulers/hyperband.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include "core/error.hpp"
#include "tuner/proposers/random_search.hpp"
#include "tuner/storage/crash_point.hpp"
#include "tuner/study/pareto.hpp"

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
  active_.clear();
  opened_ = 0;
  proposer_exhausted_ = false;
  remaining_ = schedule_.total_continued * options_.iterations;
}

std::optional<TrialSpec> Hyperband::next() { return schedule(nullptr); }

std::optional<TrialSpec> Hyperband::next_recorded(const Trial& recorded) { return schedule(&recorded.params); }

const Bracket& Hyperband::bracket_of(const ActiveBracket& a) const {
  return schedule_.brackets[a.index % schedule_.brackets.size()];
}

// The oldest active bracket with a trial ready goes first; when none has one,
// the next bracket opens (until every bracket of every iteration has).
std::optional<TrialSpec> Hyperband::schedule(const Params* recorded) {
  const size_t total = schedule_.brackets.size() * static_cast<size_t>(options_.iterations);
  for (;;) {
    std::optional<TrialSpec> spec;
    for (size_t i = 0; i < active_.size() && !spec; ++i) spec = hand_out(active_[i], recorded);
    std::erase_if(active_, [](const ActiveBracket& a) { return a.finished; });
    if (spec) return spec;
    if (opened_ == total) return std::nullopt;
    active_.push_back({.index = opened_++});
  }
}

std::optional<TrialSpec> Hyperband::hand_out(ActiveBracket& a, const Params* recorded) {
  while (!a.finished) {
    const Bracket& b = bracket_of(a);
    const Rung& r = b.rungs[a.rung];
    // Rung 0 draws its configurations one at a time, as its trials start.
    if (a.rung == 0 && a.handed_out == a.members.size() && a.members.size() < static_cast<size_t>(r.models) &&
        !proposer_exhausted_) {
      if (auto params = recorded ? proposer_->ask_recorded(*recorded) : proposer_->ask()) {
        std::string key = params->key();
        a.members.push_back({.params = std::move(*params), .key = std::move(key)});
      } else {
        proposer_exhausted_ = true;
      }
    }
    if (a.handed_out < a.members.size()) {
      const Member& m = a.members[a.handed_out++];
      TrialSpec spec;
      spec.params = m.params;
      spec.budget = r.epochs;
      spec.initial_epoch = m.parent ? b.rungs[a.rung - 1].epochs : 0;
      spec.bracket = b.s;
      spec.rung = static_cast<int>(a.rung);
      spec.resumed_from = m.parent;
      return spec;
    }
    if (!rung_complete(a)) return std::nullopt;  // its stragglers are still running
    advance(a);
  }
  return std::nullopt;
}

// Every member handed out and told, and rung 0 has drawn all it can.
bool Hyperband::rung_complete(const ActiveBracket& a) const {
  const bool drawn = a.rung > 0 || a.members.size() == static_cast<size_t>(bracket_of(a).rungs[0].models) ||
                     proposer_exhausted_;
  return drawn && a.handed_out == a.members.size() && a.told == a.members.size();
}

void Hyperband::set_objectives(ObjectiveList objectives) {
  objectives_ = objectives;
  proposer_->set_objectives(std::move(objectives));
}

namespace {

// Members in NSGA-II's crowded order of their points (ties keep the loss order given).
template <class Member>
std::vector<Member> crowded(std::vector<Member> members) {
  std::vector<ObjectivePoint> points;
  for (const Member& m : members) points.push_back(*m.point);
  std::vector<Member> out;
  for (size_t k : crowded_order(points)) out.push_back(std::move(members[k]));
  return out;
}

}  // namespace

void Hyperband::advance(ActiveBracket& a) {
  crash_point("hyperband_rung");
  const Bracket& b = bracket_of(a);
  std::vector<Member> ranked;
  for (const Member& m : a.members)
    if (std::isfinite(m.loss) && (!objectives_.several() || m.point)) ranked.push_back(m);  // failed trials never go on
  // Best first; equal losses: the lower trial id first, so runs are reproducible.
  std::sort(ranked.begin(), ranked.end(), [](const Member& x, const Member& y) {
    return x.loss != y.loss ? x.loss < y.loss : x.trial < y.trial;
  });
  if (objectives_.several()) ranked = crowded(std::move(ranked));
  size_t keep = 0;
  if (a.rung + 1 < b.rungs.size())
    keep = std::min(static_cast<size_t>(b.rungs[a.rung + 1].models), ranked.size());  // floor(n_i / eta)
  if (keep > 0) {
    ranked.resize(keep);
    for (Member& m : ranked) {
      m.parent = m.trial;
      m.trial = -1;
      m.told = false;
    }
    a.members = std::move(ranked);
    ++a.rung;
  } else {
    a.members.clear();
    a.finished = true;
  }
  a.handed_out = a.told = 0;
}

// The told trial is the handed-out, untold member of its rung with the same
// configuration (a proposer never proposes a configuration twice).
void Hyperband::tell(const Trial& trial) {
  const std::string key = trial.params.key();
  for (ActiveBracket& a : active_) {
    if (static_cast<int>(a.rung) != trial.rung || bracket_of(a).s != trial.bracket) continue;
    for (size_t i = 0; i < a.handed_out; ++i) {
      Member& m = a.members[i];
      if (m.told || m.key != key) continue;
      proposer_->tell(trial);
      m.told = true;
      m.trial = trial.id;
      m.loss = trial.loss;
      if (objectives_.several()) m.point = objectives_.point(trial);
      ++a.told;
      remaining_ = std::max(0L, remaining_ - static_cast<long>(trial.epochs_trained()));  // fewer when stopped early
      if (rung_complete(a)) advance(a);  // survivors decided now; the bracket stays until next() hands them out
      return;
    }
  }
  throw Error("Hyperband: told trial " + std::to_string(trial.id) + " (bracket " + std::to_string(trial.bracket) +
              ", rung " + std::to_string(trial.rung) + ", " + to_string(trial.params) +
              ") that it did not hand out, or told it twice");
}

int Hyperband::pending() const {
  int n = 0;
  for (const ActiveBracket& a : active_) n += static_cast<int>(a.handed_out - a.told);
  return n;
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
