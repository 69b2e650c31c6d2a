// Arrival times: the count up to any time is within one of the integral of the rate, a
// total caps them, and they are drawn as the run reaches them (a profile far longer than the
// simulated time costs nothing), with the alarm counting the rest as never entered.
#include "sim/spawning.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "sim_fixtures.hpp"

namespace stroom::sim {
namespace {

ArrivalDesc profile(std::vector<RatePoint> rate, std::optional<std::int64_t> total = {}) {
  ArrivalDesc a;
  a.rate = std::move(rate);
  a.total = total;
  return a;
}

TEST(ArrivalStream, CountUpToAnyTimeIsWithinOneOfTheIntegral) {
  // 0 → 3 P/s over 100 s, then down to 1 P/s at 300 s: 150 + 400 = 550 persons.
  const ArrivalDesc a = profile({{0, 0}, {100, 3}, {300, 1}});
  EXPECT_DOUBLE_EQ(cumulative_arrivals(a.rate, 100.0), 150.0);
  EXPECT_DOUBLE_EQ(cumulative_arrivals(a.rate, 300.0), 550.0);
  EXPECT_DOUBLE_EQ(cumulative_arrivals(a.rate, 1e9), 550.0);
  const std::vector<double> times = arrival_times(a, RandomStream(7, 0, RandomPurpose::arrival));
  EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
  for (const double t : {10.0, 50.0, 100.0, 150.0, 250.0, 300.0}) {
    const auto count = std::upper_bound(times.begin(), times.end(), t) - times.begin();
    EXPECT_NEAR(static_cast<double>(count), cumulative_arrivals(a.rate, t), 1.0) << t;
  }
}

TEST(ArrivalStream, TotalCapsAndDropRestCountsWhatIsLeft) {
  const ArrivalDesc a = profile({{0, 2}, {100, 2}}, 120);
  ArrivalStream stream(a, RandomStream(3, 1, RandomPurpose::arrival));
  std::int64_t before_50 = 0;
  for (; !stream.empty() && stream.next_time() < 50.0; stream.pop()) {
    EXPECT_EQ(stream.next_index(), before_50);
    ++before_50;
  }
  EXPECT_NEAR(static_cast<double>(before_50), 100.0, 1.0);
  EXPECT_EQ(before_50 + stream.drop_rest(), 120);  // capped by total, not the 200 of the rate
  EXPECT_TRUE(stream.empty());
}

TEST(ArrivalStream, AProfileReachingFarBeyondTheDurationIsDrawnOnlyAsFarAsTheRun) {
  // The loader refuses profile times past its limits; a scenario built in code does not go
  // through it. 1 P/s for 10^12 s would be 8 TB of arrival times if drawn up front.
  Scenario sc = test::scenario_from_yaml(R"(
stroom: 1
name: endless arrivals
time: {step: 0.1, duration: 100}
venue:
  walkable: [[[0, 0], [40, 0], [40, 20], [0, 20]]]
  exits: [{name: east, line: [[40, 0], [40, 20]]}]
  zones: [{name: gate, polygon: [[0.5, 0.5], [6, 0.5], [6, 19.5], [0.5, 19.5]]}]
populations:
  - name: visitors
    arrive: {in: gate, rate: [[0, 1], [3600, 1]]}
)");
  sc.populations[0].arrive->rate.back().time = 1e12;
  Simulation sim(sc, {.threads = 2});
  test::run(sim, 2000);
  EXPECT_TRUE(sim.done());
  EXPECT_NEAR(static_cast<double>(sim.spawned()), 100.0, 1.0);
}

}  // namespace
}  // namespace stroom::sim
