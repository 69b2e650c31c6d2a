// Stays in `indoor` zones (docs/scenario-format.md, `indoor`): visitors are off the floor while
// they stay, counted inside and in the zone, and come back out where they went in; the alarm
// brings them out. And zones as targets: a zone whose edge runs along an obstacle is reached
// round the obstacle, not pressed against it.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numeric>

#include "sim_fixtures.hpp"

namespace stroom {
namespace {

/// A 50 m × 50 m hall: persons start in the middle, walk to a 10 m × 10 m pavilion in the
/// north-east corner (indoor unless `indoor` is false), stay there, and leave by the exit in
/// the middle of the south wall. `extra` goes at the end (events).
std::string pavilion_yaml(int count, const std::string& stay, bool indoor = true,
                          const std::string& extra = "") {
  return std::string("stroom: 1\nname: pavilion\nseed: 4\ntime: {step: 0.05, duration: 900}\n") +
         "venue:\n"
         "  walkable: [[[0, 0], [50, 0], [50, 50], [0, 50]]]\n"
         "  exits: [{name: south, line: [[23, 0], [27, 0]]}]\n"
         "  zones:\n"
         "    - {name: middle, polygon: [[15, 15], [35, 15], [35, 35], [15, 35]]}\n"
         "    - {name: pavilion, polygon: [[39, 39], [49, 39], [49, 49], [39, 49]], indoor: " +
         (indoor ? "true" : "false") +
         "}\n"
         "populations:\n  - name: visitors\n    count: " +
         std::to_string(count) +
         "\n    in: middle\n"
         "    journey:\n      - {to: pavilion, stay: " +
         stay + "}\n      - exit: nearest\n" + extra;
}

struct Seen {
  double gone = -1.0, back = -1.0;  ///< s: when the person left the floor and came back
  Vec2 last, first_back;            ///< where they were last seen, and first seen again
};

TEST(Indoors, VisitorsAreOffTheFloorWhileTheyStayAndComeOutWhereTheyWentIn) {
  // 40 visitors stay 60 s in the pavilion. Each leaves the floor at the zone's edge the step
  // after their stay begins, is counted inside and in the pavilion meanwhile, and is back on
  // the floor when the 60 s are over, where they went in or, when someone stands there, at
  // most 4 body radii (0.8-1.2 m) from it, and at most a few seconds later; then they leave.
  Simulation sim(test::scenario_from_yaml(pavilion_yaml(40, "60")));
  std::map<PersonId, Seen> seen;
  std::map<PersonId, Vec2> last_pos;
  int most_indoors = 0;
  int exited = 0;
  test::run(sim, 18000, [&](const Simulation& s) {
    const StepView v = s.view();
    ASSERT_EQ(v.indoors.size(), 2u);  // one count per zone of the venue
    const int indoors = std::accumulate(v.indoors.begin(), v.indoors.end(), 0);
    EXPECT_EQ(v.indoors[0], 0) << "the middle zone is not indoor";
    EXPECT_EQ(static_cast<std::int64_t>(v.ids.size()) + indoors, s.inside()) << "at " << v.time;
    most_indoors = std::max(most_indoors, indoors);
    std::map<PersonId, Vec2> now;
    for (std::size_t k = 0; k < v.ids.size(); ++k)
      now[v.ids[k]] = {v.x[k], v.y[k]};
    for (const Crossing& c : v.crossings)
      if (c.kind == CrossingKind::exit) ++exited, now.erase(c.person), last_pos.erase(c.person);
    for (const auto& [id, p] : last_pos)
      if (!now.contains(id) && seen[id].gone < 0.0) seen[id].gone = v.time, seen[id].last = p;
    for (const auto& [id, p] : now)
      if (!last_pos.contains(id) && seen[id].gone >= 0.0 && seen[id].back < 0.0)
        seen[id].back = v.time, seen[id].first_back = p;
    last_pos = std::move(now);
  });
  ASSERT_TRUE(sim.done());
  EXPECT_EQ(exited, 40);
  EXPECT_GT(most_indoors, 20) << "most of the 40 were inside at once";
  ASSERT_EQ(seen.size(), 40u);
  for (const auto& [id, s] : seen) {
    ASSERT_GE(s.back, 0.0) << "person " << id << " never came back out";
    // Gone for the stay: it began a step before they went in, and they come out in the step
    // it ends.
    EXPECT_GE(s.back - s.gone, 60.0 - 0.05 - 1e-6) << "person " << id;
    EXPECT_LE(s.back - s.gone, 65.0) << "person " << id;
    // The last position seen is the end of the step in which the stay began (a step of
    // walking at most, 0.1 m, from where it began).
    EXPECT_LT(distance(s.last, s.first_back), 0.1 + 4.0 * 0.3) << "person " << id;
    EXPECT_GE(s.last.x, 39.0 - 1e-9);  // inside the pavilion's rectangle
    EXPECT_GE(s.last.y, 39.0 - 1e-9);
  }
}

TEST(Indoors, TheAlarmBringsEveryoneOut) {
  // Stays of 600 s, the alarm at 120 s with a premovement of 10 s: everyone is out of the
  // pavilion at once and leaves the hall (about 60 m to the exit: at 0.6 m/s at the slowest,
  // 100 s) long before their stays would have ended.
  Simulation sim(test::scenario_from_yaml(
      pavilion_yaml(40, "600", true, "events:\n  - {at: 120, evacuate: {premovement: 10}}\n")));
  const std::vector<double> times = test::exit_times(sim, 18000);
  ASSERT_TRUE(sim.done());
  ASSERT_EQ(times.size(), 40u);
  EXPECT_GT(times.front(), 120.0);
  EXPECT_LT(times.back(), 120.0 + 10.0 + 150.0);
}

TEST(Indoors, AZoneThatIsNotIndoorKeepsItsVisitorsOnTheFloor) {
  Simulation sim(test::scenario_from_yaml(pavilion_yaml(40, "60", false)));
  test::run(sim, 18000, [&](const Simulation& s) {
    const StepView v = s.view();
    EXPECT_TRUE(v.indoors.empty());
    EXPECT_EQ(static_cast<std::int64_t>(v.ids.size()), s.inside());
  });
  EXPECT_TRUE(sim.done());
}

TEST(ZoneTargets, AZoneEdgeAlongAnObstacleIsReachedRoundTheObstacle) {
  // The garden's west edge (x = 20) runs along the west face of a block (x 20-30, y 0-14);
  // the way in is the 6 m gap north of the block. 30 persons start south-west of the block:
  // the nearest point of the garden's outline lies on the block's face, so a field that took
  // the outline as it is would lead them against the face. They walk round (about 25 m) and
  // through the garden to the exit on its east side.
  const std::string yaml =
      "stroom: 1\nname: garden\nseed: 2\ntime: {step: 0.05, duration: 300}\n"
      "venue:\n"
      "  walkable: [[[0, 0], [40, 0], [40, 20], [0, 20]]]\n"
      "  obstacles: [{name: block, polygon: [[20, 0], [30, 0], [30, 14], [20, 14]]}]\n"
      "  exits: [{name: east, line: [[40, 1], [40, 5]]}]\n"
      "  zones:\n"
      "    - {name: start, polygon: [[2, 1], [12, 1], [12, 10], [2, 10]]}\n"
      "    - {name: garden, polygon: [[20, 0], [40, 0], [40, 20], [20, 20]]}\n"
      "populations:\n  - name: visitors\n    count: 30\n    in: start\n"
      "    journey:\n      - to: garden\n      - exit: nearest\n";
  Simulation sim(test::scenario_from_yaml(yaml));
  const std::vector<double> times = test::exit_times(sim, 6000);
  EXPECT_EQ(times.size(), 30u);
  EXPECT_TRUE(sim.done());
}

}  // namespace
}  // namespace stroom
