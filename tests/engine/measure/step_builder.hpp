// Synthetic StepViews for measurement tests: owns the arrays a StepView points into.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "stroom/geometry.hpp"
#include "stroom/observation.hpp"
#include "stroom/scenario.hpp"

namespace stroom::test {

struct StepBuilder {
  double time = 0.0;
  double step = 0.5;
  std::vector<PersonId> ids;
  std::vector<double> x, y, vx, vy, radius;
  std::vector<int> population;
  std::vector<Crossing> crossings;
  std::vector<PersonId> spawned, exited;
  std::vector<int> checkpoint_queue;
  std::vector<std::uint8_t> exit_open, door_open, checkpoint_open;  ///< empty: not reported
  double alarm_time = -1.0;
  std::vector<std::int32_t> indoors;  ///< per zone, persons off the floor; empty: none

  void add(PersonId id, double px, double py, double pvx = 0.0, double pvy = 0.0) {
    ids.push_back(id);
    x.push_back(px);
    y.push_back(py);
    vx.push_back(pvx);
    vy.push_back(pvy);
    radius.push_back(0.2);
    population.push_back(0);
  }

  StepView view() const {
    StepView v;
    v.time = time;
    v.step = step;
    v.ids = ids;
    v.x = x;
    v.y = y;
    v.vx = vx;
    v.vy = vy;
    v.radius = radius;
    v.population = population;
    v.crossings = crossings;
    v.spawned = spawned;
    v.exited = exited;
    v.checkpoint_queue = checkpoint_queue;
    v.exit_open = exit_open;
    v.door_open = door_open;
    v.checkpoint_open = checkpoint_open;
    v.alarm_time = alarm_time;
    v.indoors = indoors;
    return v;
  }
};

inline Polygon rectangle(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

inline std::vector<PolygonWithHoles> walkable_rectangle(double w, double h) {
  return {PolygonWithHoles{rectangle(0, 0, w, h), {}}};
}

/// A scenario around a w × h rectangle with one exit on its right edge (full height).
inline Scenario rectangle_scenario(double w, double h) {
  Scenario s;
  s.name = "test";
  s.file = "test.yaml";
  s.step = 0.5;
  s.duration = 100.0;
  s.measure.cell = 1.0;
  s.measure.window = 10.0;
  s.venue.walkable.push_back(rectangle(0, 0, w, h));
  s.venue.exits.push_back({"east", {{w, 0}, {w, h}}, {}});
  return s;
}

/// A journey step from its fields (the struct also carries references resolved at load).
inline JourneyStep journey_step(JourneyStep::Kind kind, std::string target,
                                std::optional<Distribution> stay, RouteChoice route,
                                std::vector<std::string> exits, SourceLocation where) {
  JourneyStep step;
  step.kind = kind;
  step.target = std::move(target);
  step.stay = std::move(stay);
  step.route = route;
  step.exits = std::move(exits);
  step.where = std::move(where);
  return step;
}

}  // namespace stroom::test
