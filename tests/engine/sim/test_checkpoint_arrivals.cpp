// Checkpoints serve at most lanes / service persons per second; arrivals follow the rate.
#include <gtest/gtest.h>

#include <vector>

#include "sim_fixtures.hpp"

namespace stroom {
namespace {

TEST(Checkpoint, FourLanesOfFourSecondsPassOnePersonPerSecond) {
  const char* yaml = R"(
stroom: 1
name: turnstiles
time: {step: 0.05, duration: 900}
venue:
  walkable: [[[0, 0], [30, 0], [30, 4], [0, 4]]]
  exits: [{name: east, line: [[30, 0], [30, 4]]}]
  checkpoints: [{name: scan, line: [[12, 0], [12, 4]], lanes: 4, service: 4}]
  zones: [{name: plaza, polygon: [[0, 0], [10, 0], [10, 4], [0, 4]]}]
populations:
  - {name: crowd, count: 150, in: plaza, journey: [{to: scan}, {exit: [east]}]}
)";
  Simulation sim(test::scenario_from_yaml(yaml), {.threads = 2});
  std::vector<double> passed;
  double busy_start = -1.0, busy_end = -1.0;
  std::size_t busy_first = 0, busy_last = 0;
  test::run(sim, 20000, [&](const Simulation& s) {
    const StepView v = s.view();
    for (const Crossing& c : v.crossings)
      if (c.kind == CrossingKind::checkpoint) passed.push_back(c.time);
    // "Queue never empty": more persons at the line than lanes.
    if (v.checkpoint_queue[0] > 4) {
      if (busy_start < 0) busy_start = v.time, busy_first = passed.size();
      busy_end = v.time, busy_last = passed.size();
    }
  });
  ASSERT_TRUE(sim.done());
  ASSERT_EQ(passed.size(), 150u);
  // Long-run rate: passes per second since the first service began (4 s before the first
  // pass). In that time each of the 4 lanes completes at most one service per 4 s, so a
  // correct checkpoint can never exceed 1.0. ((N - 1) / (last - first) would not be bounded:
  // 4 lanes that start together put 4 passes at the first instant.)
  const double first_service_start = passed.front() - 4.0;
  const double overall = static_cast<double>(passed.size()) / (passed.back() - first_service_start);
  const double busy = static_cast<double>(busy_last - busy_first) / (busy_end - busy_start);
  std::printf("checkpoint: %.3f P/s overall, %.3f P/s while the queue was full (%.0f s)\n", overall,
              busy, busy_end - busy_start);
  EXPECT_LE(overall, 1.0 + 1e-9);
  EXPECT_GE(busy, 0.9);
  EXPECT_GT(busy_end - busy_start, 60.0);
}

std::int64_t spawned_by_end(const std::string& arrive) {
  const std::string yaml = R"(
stroom: 1
name: arrivals
time: {step: 0.1, duration: 2000}
venue:
  walkable: [[[0, 0], [40, 0], [40, 20], [0, 20]]]
  exits: [{name: east, line: [[40, 0], [40, 20]]}]
  zones: [{name: gate, polygon: [[0.5, 0.5], [6, 0.5], [6, 19.5], [0.5, 19.5]]}]
populations:
  - name: visitors
    arrive: )" + arrive + R"(
)";
  Simulation sim(test::scenario_from_yaml(yaml), {.threads = 2});
  test::run(sim, 30000);
  EXPECT_TRUE(sim.done());
  EXPECT_EQ(sim.exited(), sim.spawned());
  return sim.spawned();
}

TEST(Arrivals, SpawnedEqualsTheIntegralOfTheRate) {
  // ∫ rate = 100·3/2 + 200·(3+1)/2 = 550 persons.
  const auto n = spawned_by_end("{in: gate, rate: [[0, 0], [100, 3], [300, 1]]}");
  std::printf("spawned %lld of 550 expected\n", static_cast<long long>(n));
  EXPECT_NEAR(static_cast<double>(n), 550.0, 5.5);
}

TEST(Arrivals, TotalCapsTheArrivals) {
  const auto n = spawned_by_end("{in: gate, rate: [[0, 0], [100, 3], [300, 1]], total: 300}");
  EXPECT_EQ(n, 300);
}

}  // namespace
}  // namespace stroom
