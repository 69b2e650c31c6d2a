// Nobody leaves the walkable area or walks through a wall, bodies do not sink into each other,
// and a closed exit is never used.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "sim_fixtures.hpp"

namespace stroom {
namespace {

// An L-shaped room (a corner) with a pillar, 300 persons packed at 6 P/m² in the far arm.
const char* kCrowdedRoom = R"(
stroom: 1
name: corner
seed: 11
time: {step: 0.05, duration: 300}
venue:
  walkable: [[[0, 0], [14, 0], [14, 14], [10, 14], [10, 4], [0, 4]]]
  obstacles: [{name: pillar, polygon: [[11.5, 6], [12.5, 6], [12.5, 7], [11.5, 7]]}]
  exits: [{name: north, line: [[10, 14], [14, 14]]}]
  zones: [{name: arm, polygon: [[0, 0], [12.5, 0], [12.5, 4], [0, 4]]}]
populations:
  - {name: crowd, count: 300, in: arm, radius: 0.2}
)";

TEST(Constraints, NoOneLeavesTheWalkableAreaAndOverlapsStaySmall) {
  Simulation sim(test::scenario_from_yaml(kCrowdedRoom), {.threads = 2});
  std::int64_t outside = 0, contacts = 0;
  double overlap_share = 0.0;
  test::run(sim, 6000, [&](const Simulation& s) {
    const StepView v = s.view();
    for (std::size_t i = 0; i < v.ids.size(); ++i) {
      if (!s.venue().contains({v.x[i], v.y[i]})) ++outside;
      for (std::size_t j = i + 1; j < v.ids.size(); ++j) {
        const double d = std::hypot(v.x[i] - v.x[j], v.y[i] - v.y[j]);
        const double l = v.radius[i] + v.radius[j];
        if (d < l) {
          ++contacts;
          overlap_share += (l - d) / l;
        }
      }
    }
  });
  EXPECT_TRUE(sim.done());
  EXPECT_EQ(sim.exited(), 300);
  EXPECT_EQ(outside, 0);
  const double mean = contacts > 0 ? overlap_share / static_cast<double>(contacts) : 0.0;
  std::printf("contacts %lld, mean overlap %.2f %% of the radius sum\n",
              static_cast<long long>(contacts), 100.0 * mean);
  EXPECT_LT(mean, 0.05);
}

// A room with an exit east (near the crowd) and one west (far).
const char* kTwoExits = R"(
stroom: 1
name: two exits
time: {step: 0.05, duration: 200}
venue:
  walkable: [[[0, 0], [20, 0], [20, 10], [0, 10]]]
  exits:
    - {name: west, line: [[0, 4], [0, 6]]}
    - {name: east, line: [[20, 4], [20, 6]]}
  zones: [{name: east-side, polygon: [[13, 1], [18, 1], [18, 9], [13, 9]]}]
populations:
  - {name: crowd, count: 60, in: east-side}
events:
)";

TEST(Events, ClosedExitIsNeverCrossed) {
  Simulation sim(test::scenario_from_yaml(std::string(kTwoExits) + "  - {at: 0, close: east}\n"),
                 {.threads = 1});
  std::set<int> used;
  test::run(sim, 4000, [&](const Simulation& s) {
    for (const Crossing& c : s.view().crossings)
      if (c.kind == CrossingKind::exit) used.insert(c.element);
  });
  EXPECT_TRUE(sim.done());
  EXPECT_EQ(sim.exited(), 60);
  EXPECT_EQ(used, std::set<int>{0});
}

TEST(Events, ClosingTheNearestExitMidRunSendsEveryoneToTheOther) {
  Simulation sim(test::scenario_from_yaml(std::string(kTwoExits) + "  - {at: 3, close: east}\n"),
                 {.threads = 1});
  int east_before = 0, east_after = 0, west = 0;
  test::run(sim, 4000, [&](const Simulation& s) {
    for (const Crossing& c : s.view().crossings) {
      if (c.kind != CrossingKind::exit) continue;
      if (c.element == 1)
        (c.time < 3.0 ? east_before : east_after)++;
      else
        ++west;
    }
  });
  EXPECT_TRUE(sim.done());
  EXPECT_EQ(east_after, 0);
  EXPECT_EQ(east_before + west, 60);
  EXPECT_GT(west, 30);  // the crowd was 2–7 m from the east exit: most were still inside
  ASSERT_EQ(sim.applied_events().size(), 1u);
  EXPECT_DOUBLE_EQ(sim.applied_events()[0].at, 3.0);
}

TEST(Events, TheStepViewCarriesEveryElementsState) {
  const char* yaml = R"(
stroom: 1
name: element states
time: {step: 0.1, duration: 20}
venue:
  walkable: [[[0, 0], [20, 0], [20, 10], [0, 10]]]
  doors: [{name: gate, line: [[5, 0], [5, 3]], open: false}]
  checkpoints: [{name: scan, line: [[10, 0], [10, 10]], lanes: 2, service: {uniform: [2, 3]}}]
  exits:
    - {name: west, line: [[0, 4], [0, 6]]}
    - {name: east, line: [[20, 4], [20, 6]]}
  zones: [{name: middle, polygon: [[12, 4], [14, 4], [14, 6], [12, 6]]}]
populations:
  - {name: crowd, count: 1, in: middle, journey: [exit: [west]]}
events:
  - {at: 1, close: east}
  - {at: 2, open: gate}
  - {at: 3, close: scan}
  - {at: 4, open: scan}
)";
  Simulation sim(test::scenario_from_yaml(yaml), {.threads = 1});
  const auto states = [&] {
    const StepView v = sim.view();
    return std::vector<std::vector<std::uint8_t>>{
        {v.exit_open.begin(), v.exit_open.end()},
        {v.door_open.begin(), v.door_open.end()},
        {v.checkpoint_open.begin(), v.checkpoint_open.end()}};
  };
  using S = std::vector<std::vector<std::uint8_t>>;
  EXPECT_EQ(states(), (S{{1, 1}, {0}, {1}}));  // as the venue defines them
  std::map<long, S> seen;                      // by tenths of a second
  while (sim.time() < 5.0 - 1e-9) {
    sim.step();
    seen[std::lround(sim.time() * 10.0)] = states();
  }
  // An event at t is applied in the step that starts at t: the view at t + 0.1 shows it.
  EXPECT_EQ(seen.at(10), (S{{1, 1}, {0}, {1}}));
  EXPECT_EQ(seen.at(11), (S{{1, 0}, {0}, {1}}));
  EXPECT_EQ(seen.at(21), (S{{1, 0}, {1}, {1}}));
  EXPECT_EQ(seen.at(31), (S{{1, 0}, {1}, {0}}));
  EXPECT_EQ(seen.at(41), (S{{1, 0}, {1}, {1}}));
}

TEST(Progress, ACloggedOpeningIsReportedAndAFreeRoomIsNot) {
  // A wall across the hall with a 0.3 m slit: the navigation field passes it, a body of
  // 0.4 m does not. Everyone ends at the slit, making no progress.
  const char* clogged = R"(
stroom: 1
name: clogged
time: {step: 0.05, duration: 120}
venue:
  walkable: [[[0, 0], [20, 0], [20, 10], [0, 10]]]
  obstacles:
    - {polygon: [[10, 0], [10.2, 0], [10.2, 4.85], [10, 4.85]]}
    - {polygon: [[10, 5.15], [10.2, 5.15], [10.2, 10], [10, 10]]}
  exits: [{name: east, line: [[20, 4], [20, 6]]}]
  zones: [{name: west, polygon: [[1, 1], [6, 1], [6, 9], [1, 9]]}]
populations:
  - {name: crowd, count: 30, in: west, radius: 0.2}
)";
  Simulation sim(test::scenario_from_yaml(clogged), {.threads = 2});
  std::vector<StuckPerson> stuck;
  test::run(sim, 4000, [&](const Simulation& s) {
    const StepView v = s.view();
    stuck.insert(stuck.end(), v.stuck.begin(), v.stuck.end());
  });
  EXPECT_EQ(sim.exited(), 0);
  EXPECT_EQ(static_cast<std::int64_t>(stuck.size()), 30);  // everyone, each once
  std::set<PersonId> ids;
  for (const StuckPerson& p : stuck) {
    ids.insert(p.person);
    EXPECT_LT(std::hypot(p.x - 10.0, p.y - 5.0), 5.0);  // at the slit
    EXPECT_LE(p.since + kStuckAfter, 120.0 + 1e-9);
  }
  EXPECT_EQ(ids.size(), 30u);

  // The same crowd through a 1.2 m opening: nobody is stuck.
  std::string open = clogged;
  open.replace(open.find("4.85], [10, 4.85]"), 17, "4.4], [10, 4.4]");
  open.replace(open.find("[[10, 5.15], [10.2, 5.15]"), 25, "[[10, 5.6], [10.2, 5.6]");
  Simulation free_room(test::scenario_from_yaml(open), {.threads = 2});
  std::int64_t reported = 0;
  test::run(free_room, 4000, [&](const Simulation& s) { reported += std::ssize(s.view().stuck); });
  EXPECT_EQ(free_room.exited(), 30);
  EXPECT_EQ(reported, 0);
}

TEST(Progress, NobodyWalkingOnAfterACheckpointIsReported) {
  // Arrivals pass a checkpoint (1 s of service, 4 lanes) and walk 58 m on to a waypoint at
  // their free speed, then to the exit: nobody is stuck. The crossing moves a person to the next
  // stage in the middle of a step; a stuck check in that step must not start the new leg from the
  // distance to the line just crossed (about one crossing in twenty fell on a check).
  const char* yaml = R"(
stroom: 1
name: checkpoint then a walk
time: {step: 0.05, duration: 300}
venue:
  walkable: [[[0, 0], [70, 0], [70, 6], [0, 6]]]
  exits: [{name: far, line: [[70, 0], [70, 6]]}]
  checkpoints:
    - {name: scan, line: [[8, 0], [8, 6]], lanes: 4, service: {uniform: [0.5, 1.5]}}
  zones: [{name: start, polygon: [[0.5, 0.5], [4, 0.5], [4, 5.5], [0.5, 5.5]]}]
  waypoints: [{name: end, at: [66, 3], radius: 1.5}]
populations:
  - name: arrivals
    arrive: {in: start, rate: [[0, 1.0], [80, 1.0]], total: 80}
    journey: [{to: scan}, {to: end}, {exit: [far]}]
)";
  Simulation sim(test::scenario_from_yaml(yaml), {.threads = 2});
  std::int64_t reported = 0;
  test::run(sim, 6000, [&](const Simulation& s) { reported += std::ssize(s.view().stuck); });
  EXPECT_EQ(sim.exited(), 80);
  EXPECT_EQ(reported, 0);
}

TEST(Events, ScheduledEvacuationStopsArrivalsAndEmptiesTheVenue) {
  const char* yaml = R"(
stroom: 1
name: alarm
time: {step: 0.05, duration: 600}
venue:
  walkable: [[[0, 0], [20, 0], [20, 10], [0, 10]]]
  exits: [{name: east, line: [[20, 4], [20, 6]]}]
  zones:
    - {name: gate, polygon: [[0.5, 3], [3, 3], [3, 7], [0.5, 7]]}
    - {name: field, polygon: [[6, 1], [14, 1], [14, 9], [6, 9]]}
populations:
  - name: visitors
    arrive: {in: gate, rate: [[0, 1], [400, 1]]}
    journey: [{to: field, stay: 1000}, {exit: nearest}]
)";
  Simulation sim(test::scenario_from_yaml(yaml), {.threads = 1});
  test::run(sim, 600);  // 30 s
  EXPECT_NEAR(static_cast<double>(sim.spawned()), 30.0, 2.0);
  EXPECT_EQ(sim.exited(), 0);  // everyone stays in the field
  EventDesc alarm;
  alarm.kind = EventDesc::Kind::evacuate;
  alarm.evacuate.premovement = Distribution::uniform_dist(5.0, 10.0);
  sim.schedule(alarm);
  test::run(sim, 12000);
  EXPECT_TRUE(sim.done());
  EXPECT_EQ(sim.exited(), sim.spawned());
  EXPECT_NEAR(static_cast<double>(sim.not_entered()), 370.0, 2.0);
  EXPECT_DOUBLE_EQ(sim.view().alarm_time, 30.0);
}

}  // namespace
}  // namespace stroom
