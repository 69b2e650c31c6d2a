// The route-choice and journeys systems on hand-built worlds: a Context and World built from
// a small venue, persons placed by hand where the case needs them, one system called, its
// decision checked against the rule it implements (hand computation).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "sim/systems.hpp"
#include "sim_fixtures.hpp"

namespace stroom {
namespace {

/// A 20 m × 10 m hall with an exit in the west wall (x = 0, y 4..6) and one in the east wall
/// (x = 20, y 4..6), a waypoint in the middle and a zone in the north-east corner.
const char* kHall = R"(
stroom: 1
name: hand-built
seed: 1
time: {step: 0.05, duration: 100}
venue:
  walkable: [[[0, 0], [20, 0], [20, 10], [0, 10]]]
  exits:
    - {name: west, line: [[0, 4], [0, 6]]}
    - {name: east, line: [[20, 4], [20, 6]]}
  zones: [{name: corner, polygon: [[15, 7], [19, 7], [19, 9], [15, 9]]}]
  waypoints: [{name: middle, at: [10, 5], radius: 1.0}]
populations:
  - {name: leavers, count: 0, in: corner, journey: [{exit: nearest}]}
  - {name: hurried, count: 0, in: corner, journey: [{exit: quickest}]}
  - {name: visitors, count: 0, in: corner, journey: [{to: middle}, {to: corner, stay: 10}, {exit: [west]}]}
)";

struct HandBuilt {
  sim::Context ctx;
  sim::World w;
  explicit HandBuilt(const std::string& yaml) : ctx(test::scenario_from_yaml(yaml), 1), w(ctx) {
    sim::build(ctx, w);
    sim::prepare_arrivals(ctx, w);
  }
  /// A person of population `pop` standing at p, free speed 1.0 m/s; returns the slot.
  std::int32_t add(int pop, Vec2 p) {
    const PersonId id = w.next_id++;
    const std::int32_t s = w.people.append(id, pop, p, 0.2, 1.0);
    if (w.slot_of.size() <= static_cast<std::size_t>(id))
      w.slot_of.resize(static_cast<std::size_t>(id) + 1, -1);
    w.slot_of[static_cast<std::size_t>(id)] = s;
    return s;
  }
  /// The route systems of one step, as the pipeline runs them.
  void route() {
    w.grid.build(w.people.x, w.people.y, w.people.radius);
    sim::prepare_routes(ctx, w);
    sim::plan_journeys(ctx, w);
  }
};

TEST(RouteChoice, NearestTakesTheShorterWalkAndNeverAClosedExit) {
  HandBuilt h(kHall);
  const std::int32_t s = h.add(0, {14.0, 5.0});  // 14 m from west, 6 m from east
  h.route();
  EXPECT_EQ(h.w.people.exit[s], 1);
  EXPECT_GT(h.w.people.ex[s], 0.9);  // walks east
  // The east exit closes: the person turns to the west exit.
  h.w.exit_open[1] = 0;
  h.w.people.exit[s] = -1;
  h.route();
  EXPECT_EQ(h.w.people.exit[s], 0);
  EXPECT_LT(h.w.people.ex[s], -0.9);
}

TEST(RouteChoice, QuickestAvoidsAnExitWithACrowdAhead) {
  // Person at x = 12: east is 8 m (8 s at 1 m/s), west 12 m (12 s). With 40 persons booked
  // closer to the east exit, passing them at 2 m × 1.5 P/(m·s) = 3 P/s takes 13.3 s > 12 s:
  // the west exit is quicker. With 30 ahead (10 s) the east exit still is.
  for (const int ahead : {30, 40}) {
    HandBuilt h(kHall);
    const std::int32_t s = h.add(1, {12.0, 5.0});
    h.route();                // prepares the exits' distance fields
    h.w.people.exit[s] = -1;  // no current exit: no hysteresis
    const sim::Stage& st = h.ctx.journeys[1][0];
    h.w.exit_heading[1].assign(static_cast<std::size_t>(ahead), 1.0);  // all closer than 8 m
    const int chosen = sim::choose_exit(h.ctx, h.w, s, st);
    EXPECT_EQ(chosen, ahead == 40 ? 0 : 1) << ahead << " ahead";
  }
}

TEST(Journeys, WaypointReachedMovesOnAndZoneStayHoldsForItsTime) {
  HandBuilt h(kHall);
  const std::int32_t s = h.add(2, {10.5, 5.0});  // inside the waypoint's 1 m radius
  h.route();
  // The waypoint has no stay: the person moves on to the zone in the same step, and walks to
  // it from the next step on (when the zone's distance field has been prepared).
  EXPECT_EQ(h.w.people.stage[s], 1);
  EXPECT_EQ(h.w.people.activity[s], Activity::walking);
  h.route();
  EXPECT_GT(h.w.people.v0[s], 0.0);
  EXPECT_GT(h.w.people.ey[s], 0.0);  // the zone lies to the north-east
  // Standing in the zone: the stay of 10 s begins, and holds until its end.
  h.w.people.x[s] = 17.0, h.w.people.y[s] = 8.0;
  h.w.now = 2.0;
  h.route();
  EXPECT_EQ(h.w.people.activity[s], Activity::staying);
  EXPECT_DOUBLE_EQ(h.w.people.timer[s], 12.0);
  h.w.now = 11.9;
  h.route();
  EXPECT_EQ(h.w.people.stage[s], 1);
  // At the end of the stay the person moves on to the exit stage, and once the exits' fields
  // are ready chooses the west exit: the east one is much nearer but not on the list.
  h.w.now = 12.0;
  h.route();
  EXPECT_EQ(h.w.people.stage[s], 2);
  h.w.now = 12.05;
  h.route();
  EXPECT_EQ(h.w.people.exit[s], 0);
  EXPECT_LT(h.w.people.ex[s], 0.0);
}

TEST(World, RemovalKeepsTheIdToSlotMapTrue) {
  HandBuilt h(kHall);
  for (int k = 0; k < 5; ++k)
    h.add(0, {2.0 + 3.0 * k, 5.0});
  sim::remove_person(h.w, 1);  // the last person (id 5) moves into slot 1
  EXPECT_EQ(h.w.people.size(), 4);
  EXPECT_EQ(h.w.slot_of[2], -1);
  EXPECT_EQ(h.w.people.id[1], 5);
  EXPECT_EQ(h.w.slot_of[5], 1);
  for (std::int32_t s = 0; s < h.w.people.size(); ++s)
    EXPECT_EQ(h.w.slot_of[static_cast<std::size_t>(h.w.people.id[s])], s);
}

}  // namespace
}  // namespace stroom
