#include "tuner/study/multi_objective.hpp"

namespace tunet::tuner {

MultiObjective::MultiObjective(Objective& inner, ObjectiveList objectives)
    : inner_(inner), objectives_(std::move(objectives)) {
  objectives_.set_metric(inner_.metric());
}

Json MultiObjective::describe() const {
  Json d = inner_.describe();
  d["objectives"] = objectives_.to_json();
  return d;
}

}  // namespace tunet::tuner
