#pragma once
// RandomSearch: n_trials configurations drawn from the space's priors with the
// study's generator, never the same configuration twice. When the space is
// finite and draws keep landing on configurations already seen, the search
// picks uniformly among the ones left, and ends cleanly when none is left.
// Under constraints (Proposer::set_feasible) a draw that fails them is drawn
// again, up to 100 times per ask (the space's finite rest: only among the
// feasible ones); if none passes, the first draw is proposed and the Study
// records it as infeasible. The draws come from the study's generator, so
// they are the same on every run.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tuner/proposers/proposer.hpp"

namespace tunet::tuner {

struct RandomOptions {
  int n_trials = 10;  // 0: unbounded (Hyperband asks as many as its brackets need)
};

class RandomSearch : public Proposer {
 public:
  explicit RandomSearch(RandomOptions options = {});
  std::string name() const override { return "random"; }
  Json settings() const override;
  void start(const Space& space, Rng rng, Direction direction) override;
  std::optional<Params> ask() override;
  void tell(const Trial& trial) override;
  std::optional<size_t> remaining() const override;

 private:
  std::optional<Params> draw_new();
  std::optional<Params> pick_from_rest();

  RandomOptions options_;
  Space space_;
  Rng rng_;
  std::set<std::string> seen_;
  int asked_ = 0;
  bool exhausted_ = false;
};

}  // namespace tunet::tuner
