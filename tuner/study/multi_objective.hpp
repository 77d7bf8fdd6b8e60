#pragma once
// MultiObjective: an objective scored as `inner` is, whose description (journaled with the
// study) also names the objectives, so that Results::load finds them:
//
//   MultiObjective multi(model_objective, objectives);
//   Study study(space, multi, options);
//
// The Study hands the objectives to its scheduler and marks the Pareto front
// in results.csv (results.hpp).
#include <string>
#include <vector>

#include "tuner/study/objective.hpp"
#include "tuner/study/objectives.hpp"

namespace tunet::tuner {

class MultiObjective : public Objective {
 public:
  // `objectives` scored by inner's metric (ObjectiveList::metric).
  MultiObjective(Objective& inner, ObjectiveList objectives);
  ObjectiveList objectives() const override { return objectives_; }

  std::string metric() const override { return inner_.metric(); }
  Direction direction() const override { return inner_.direction(); }
  ObjectiveMode mode() const override { return inner_.mode(); }
  Json describe() const override;  // inner's, with "objectives": [...]
  Score evaluate(const Params& params, TrialContext& ctx) override { return inner_.evaluate(params, ctx); }
  std::vector<std::string> attribute_names() const override { return inner_.attribute_names(); }
  Attributes trial_attributes(const Params& params) const override { return inner_.trial_attributes(params); }

 private:
  Objective& inner_;
  ObjectiveList objectives_;
};

}  // namespace tunet::tuner
