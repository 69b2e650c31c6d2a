// An exit's `max_flow` (docs/scenario-format.md): at most max_flow × width persons per second
// cross, without bursts (a token bucket of one person); whoever would cross sooner waits at the
// line. The 1.33 P/(m·s) of these tests is the IMO design value of NIST TN 1822 Verif.5.2.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "sim_fixtures.hpp"

namespace stroom {
namespace {

/// The room of test_bottleneck.cpp (sim_fixtures.hpp), its exit limited to `max_flow`.
std::string limited_room_yaml(int count, double door, double max_flow) {
  std::string yaml = test::room_yaml(count, door);
  const std::string exit_end = "]]}\n  zones:";
  const std::size_t at = yaml.find(exit_end);
  EXPECT_NE(at, std::string::npos);
  yaml.replace(at, exit_end.size(), "]], max_flow: " + std::to_string(max_flow) + "}\n  zones:");
  return yaml;
}

/// Sorted exit crossing times of a run until the room is empty.
std::vector<double> exit_times(const std::string& yaml, int count, int threads = 2) {
  Simulation sim(test::scenario_from_yaml(yaml), {.threads = threads});
  const std::vector<double> times = test::exit_times(sim, 12000);
  EXPECT_TRUE(sim.done());
  EXPECT_EQ(sim.exited(), count);
  return times;
}

using test::steady_flow;

/// Most crossings in any window [t, t + window) that starts at a crossing.
int most_in_window(const std::vector<double>& times, double window) {
  int most = 0;
  for (std::size_t k = 0; k < times.size(); ++k) {
    const auto end = std::lower_bound(times.begin() + static_cast<std::ptrdiff_t>(k), times.end(),
                                      times[k] + window);
    most = std::max(most, static_cast<int>(end - times.begin() - static_cast<std::ptrdiff_t>(k)));
  }
  return most;
}

double smallest_gap(const std::vector<double>& times) {
  double gap = 1e9;
  for (std::size_t k = 1; k < times.size(); ++k)
    gap = std::min(gap, times[k] - times[k - 1]);
  return gap;
}

TEST(ExitFlowLimit, OneMetreExitHoldsTheDesignFlow) {
  const std::vector<double> times = exit_times(limited_room_yaml(150, 1.0, 1.33), 150);
  const double flow = steady_flow(times);
  const int most = most_in_window(times, 10.0);
  std::printf("1 m exit, max_flow 1.33: steady flow %.3f P/s, at most %d in 10 s, gap %.3f s\n",
              flow, most, smallest_gap(times));
  RecordProperty("flow_1m_limited", std::to_string(flow));
  EXPECT_GE(flow, 1.2);
  EXPECT_LE(flow, 1.33);
  // A bucket of one person: never more than 1 + 1.33 × 10 crossings in 10 s, and never two
  // crossings closer than 1 / 1.33 s.
  EXPECT_LE(most, static_cast<int>(1.0 + 1.33 * 10.0));
  EXPECT_GE(smallest_gap(times), 1.0 / 1.33 - 1e-9);
}

TEST(ExitFlowLimit, WithoutTheKeyTheFlowIsUnlimited) {
  const double flow = steady_flow(exit_times(test::room_yaml(150, 1.0), 150));
  std::printf("1 m exit, no max_flow: steady flow %.3f P/s\n", flow);
  EXPECT_GT(flow, 1.33);
}

TEST(ExitFlowLimit, TwoMetreExitPassesTwiceThePerMetreLimit) {
  const std::vector<double> times = exit_times(limited_room_yaml(150, 2.0, 1.33), 150);
  const double flow = steady_flow(times);
  std::printf("2 m exit, max_flow 1.33: steady flow %.3f P/s, at most %d in 10 s\n", flow,
              most_in_window(times, 10.0));
  EXPECT_LE(flow, 2.66);
  EXPECT_GE(flow, 2.4);
  EXPECT_LE(most_in_window(times, 10.0), static_cast<int>(1.0 + 2.66 * 10.0));
  EXPECT_GE(smallest_gap(times), 1.0 / 2.66 - 1e-9);
}

TEST(ExitFlowLimit, IdenticalOnOneTwoAndEightThreads) {
  // 700 persons (above the parallel threshold), two limited exits and one unlimited.
  const std::string yaml = R"(
stroom: 1
name: exit flow limit determinism
seed: 7
time: {step: 0.05, duration: 400}
venue:
  walkable: [[[0, 0], [20, 0], [20, 20], [0, 20]]]
  exits:
    - {name: east, line: [[20, 8], [20, 10]], max_flow: 0.8}
    - {name: north, line: [[4, 20], [5.2, 20]], max_flow: 1.0}
    - {name: west, line: [[0, 2], [0, 3]]}
  zones: [{name: all, polygon: [[0, 0], [18, 0], [18, 18], [0, 18]]}]
populations:
  - {name: crowd, count: 700, in: all, journey: [{exit: quickest}]}
)";
  std::vector<std::vector<double>> times_by_exit(3);
  auto run = [&](int threads) {
    Simulation sim(test::scenario_from_yaml(yaml), {.threads = threads});
    std::vector<double> state;
    test::run(sim, 600, [&](const Simulation& s) {
      for (const Crossing& c : s.view().crossings) {
        state.push_back(c.time), state.push_back(static_cast<double>(c.person));
        state.push_back(static_cast<double>(c.element));
        if (threads == 1) times_by_exit.at(static_cast<std::size_t>(c.element)).push_back(c.time);
      }
    });
    const StepView v = sim.view();
    state.insert(state.end(), v.x.begin(), v.x.end());
    state.insert(state.end(), v.y.begin(), v.y.end());
    return state;
  };
  const std::vector<double> one = run(1);
  EXPECT_TRUE(one == run(2));
  EXPECT_TRUE(one == run(8));
  // The limits bind: crossings through east and north never closer than 1 / (max_flow × width).
  std::printf("crossings in 30 s: east %zu, north %zu, west %zu\n", times_by_exit[0].size(),
              times_by_exit[1].size(), times_by_exit[2].size());
  EXPECT_GT(times_by_exit[0].size(), 30u);
  EXPECT_GT(times_by_exit[1].size(), 20u);
  EXPECT_GE(smallest_gap(times_by_exit[0]), 1.0 / 1.6 - 1e-9);
  EXPECT_GE(smallest_gap(times_by_exit[1]), 1.0 / 1.2 - 1e-9);
}

}  // namespace
}  // namespace stroom
