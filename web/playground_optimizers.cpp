#include "web/playground.hpp"

#include "core/error.hpp"
#include "tuner/teaching/optimizer_paths.hpp"

namespace tunet::web {

namespace {

Json pair_json(std::array<double, 2> p) { return Json::array({p[0], p[1]}); }

}  // namespace

Json surfaces_json(int grid) {
  check(grid >= 2 && grid <= 400, "grid must be in [2, 400], got " + std::to_string(grid));
  Json all = Json::array();
  for (const tuner::teaching::Surface& s : tuner::teaching::surfaces()) {
    Json minima = Json::array(), rates = Json::object(), values = Json::array();
    for (const auto& m : s.minima) minima.push_back(pair_json(m));
    for (const auto& [name, rate] : s.learning_rates) rates[name] = rate;
    const auto [x0, x1, y0, y1] = s.view;
    for (int j = 0; j < grid; ++j) {  // rows from y0 up, columns from x0 right
      const double y = y0 + (y1 - y0) * j / (grid - 1);
      for (int i = 0; i < grid; ++i) values.push_back(s.value(x0 + (x1 - x0) * i / (grid - 1), y));
    }
    all.push_back({{"name", s.name}, {"formula", s.formula}, {"start", pair_json(s.start)}, {"minima", minima},
                   {"view", {x0, x1, y0, y1}}, {"steps", s.steps}, {"learning_rates", rates}, {"grid", grid},
                   {"values", values}});
  }
  return all;
}

Json optimizer_names_json() {
  Json all = Json::object();
  for (const std::string& name : nn::optimizer_names()) {
    Json settings = Json::object();
    for (const auto& [key, value] : nn::make_optimizer(name)->settings()) settings[key] = value;
    all[name] = settings;
  }
  return all;
}

Json optimizer_path(const std::string& surface, const std::string& optimizer, const nn::OptimizerSettings& settings,
                    std::array<double, 2> start, int steps) {
  check(steps >= 0 && steps <= 5000, "steps must be in [0, 5000], got " + std::to_string(steps));
  tuner::teaching::Surface s = tuner::teaching::surface(surface);
  s.start = start;
  const tuner::teaching::OptimizerPath path = tuner::teaching::descend(s, optimizer, settings, steps);
  Json points = Json::array(), in_force = Json::object();
  for (const auto& p : path.points) points.push_back({p[0], p[1], p[2]});
  for (const auto& [key, value] : path.settings) in_force[key] = value;
  return {{"surface", surface}, {"optimizer", optimizer}, {"settings", in_force}, {"start", pair_json(start)},
          {"points", points}, {"diverged", path.diverged}};
}

}  // namespace tunet::web
