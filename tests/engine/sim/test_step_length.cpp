// Nobody passes a wall or an exit line unseen at the longest move the limits allow: 1 m per
// step (docs/scenario-format.md, "Limits"; a desired speed of 50 m/s walked through walls
// before the limits existed). Persons sprint at the largest speed the limits allow for their
// step (5 m/s at 0.2 s, or 10 m/s × 2 at 0.05 s with social force) against a thin wall that
// stands between them and the exit.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "sim_fixtures.hpp"
#include "stroom/limits.hpp"

namespace stroom {
namespace {

// A 20 m × 10 m hall split by a 2 cm wall from the south wall up to y = 8; the exit is in the
// east wall, the crowd in the west, so everyone must go round the wall's north end.
std::string hall(const std::string& model, double step, double speed) {
  char text[1024];
  std::snprintf(text, sizeof text, R"(
stroom: 1
name: sprint
seed: 5
time: {step: %g, duration: 300}
model: {type: %s}
venue:
  walkable: [[[0, 0], [20, 0], [20, 10], [0, 10]]]
  obstacles: [{name: thin, polygon: [[10, 0], [10.02, 0], [10.02, 8], [10, 8]]}]
  exits: [{name: east, line: [[20, 4], [20, 6]]}]
  zones: [{name: west, polygon: [[1, 1], [8, 1], [8, 9], [1, 9]]}]
populations:
  - {name: sprinters, count: 60, in: west, speed: %g}
)",
                step, (model == "social-force" ? model + ", max_speed_factor: 2" : model).c_str(),
                speed);
  return text;
}

void expect_nobody_through_the_wall(const Scenario& scenario, const std::string& model,
                                    bool everyone_leaves = true) {
  Simulation sim(scenario, {.threads = 2});
  std::map<PersonId, std::pair<double, double>> last;
  std::int64_t through = 0, outside = 0;
  test::run(sim, 1500, [&](const Simulation& s) {
    const StepView v = s.view();
    for (std::size_t i = 0; i < v.ids.size(); ++i) {
      const double x = v.x[i], y = v.y[i];
      if (!s.venue().contains({x, y})) ++outside;
      const auto it = last.find(v.ids[i]);
      if (it != last.end()) {
        const auto [px, py] = it->second;
        // The move from (px, py) to (x, y) crosses the line x = 10.01 below y = 8?
        if ((px - 10.01) * (x - 10.01) < 0.0) {
          const double t = (10.01 - px) / (x - px);
          if (py + t * (y - py) < 8.0) ++through;
        }
      }
      last[v.ids[i]] = {x, y};
    }
  });
  EXPECT_TRUE(sim.done()) << model;
  // Every exit counted: nobody left unseen.
  EXPECT_EQ(sim.exited() + sim.inside(), 60) << model;
  if (everyone_leaves) {
    EXPECT_EQ(sim.exited(), 60) << model;
  }
  EXPECT_EQ(through, 0) << model;
  EXPECT_EQ(outside, 0) << model;
}

void expect_nobody_through_the_wall(const std::string& model, double step, double speed) {
  const Scenario scenario = test::scenario_from_yaml(hall(model, step, speed));
  const double factor =
      model == "social-force" ? scenario.model.social_force.max_speed_factor : 1.0;
  // The test is about the longest move allowed: check that it is what it claims.
  EXPECT_NEAR(speed * factor * scenario.step, limits::kMaxStepLength, 1e-4);
  expect_nobody_through_the_wall(scenario, model);
}

TEST(StepLength, SprintersAtOneMetrePerStepDoNotPassAThinWall) {
  expect_nobody_through_the_wall("collision-free-speed", 0.2, 5.0);
  // Social force lets a person reach max_speed_factor (here its largest, 2) × the desired
  // speed, at a step of at most 0.05 s (its contact stability limit): 10 m/s.
  expect_nobody_through_the_wall("social-force", 0.05, 10.0);
  expect_nobody_through_the_wall("anticipation-velocity", 0.2, 5.0);
}

TEST(StepLength, MovesBeyondTheLimitsAreSweptAgainstWalls) {
  // A scenario built in code skips the loader's limits: 8 m per step (40 m/s at 0.2 s), far
  // beyond the wall grid's reach. The swept test still stops every move at the thin wall and
  // sees every exit crossing.
  Scenario scenario = test::scenario_from_yaml(hall("collision-free-speed", 0.2, 5.0));
  scenario.populations[0].speed = Distribution::constant_value(40.0);
  // At 8 m a step a few persons stay stuck at the wall's end until the duration (their moves
  // are dropped, not let through): what counts is that nobody passes or is lost.
  expect_nobody_through_the_wall(scenario, "collision-free-speed at 8 m per step", false);
}

TEST(StepLength, LongerMovesAreRefusedAtLoad) {
  EXPECT_THROW((void)test::scenario_from_yaml(hall("collision-free-speed", 0.2, 5.5)),
               ScenarioError);
}

}  // namespace
}  // namespace stroom
