// Room evacuation through one door: the flow must lie in the range measured in experiments
// (Seyfried et al. 2009, Rupprecht/Liddle 2011: about 1.9 P/(m·s) for 0.6–2.5 m; IMO 1.33),
// and grow about linearly with the door width.
#include <gtest/gtest.h>

#include <vector>

#include "sim_fixtures.hpp"

namespace stroom {
namespace {

/// Steady flow through the exit of the test room (persons per second, test::steady_flow).
double door_flow(int count, double width, const std::string& model = "collision-free-speed") {
  Simulation sim(test::scenario_from_yaml(test::room_yaml(count, width, model)), {.threads = 2});
  const std::vector<double> times = test::exit_times(sim, 8000);
  EXPECT_TRUE(sim.done());
  EXPECT_EQ(sim.exited(), count);
  return test::steady_flow(times);
}

TEST(Bottleneck, OneMetreDoorFlowMatchesExperiments) {
  const double flow = door_flow(150, 1.0);
  RecordProperty("flow_1m", std::to_string(flow));
  std::printf("flow through 1 m door: %.3f P/s\n", flow);
  EXPECT_GE(flow, 1.2);
  EXPECT_LE(flow, 2.2);
}

TEST(Bottleneck, FlowGrowsAboutLinearlyWithWidth) {
  const double f1 = door_flow(150, 1.0);
  const double f2 = door_flow(150, 2.0);
  std::printf("flow 1 m: %.3f P/s, 2 m: %.3f P/s, ratio %.2f\n", f1, f2, f2 / f1);
  EXPECT_GE(f2 / f1, 1.7);
  EXPECT_LE(f2 / f1, 2.3);
}

TEST(Bottleneck, SocialForceModelEmptiesTheRoom) {
  const double flow = door_flow(100, 1.0, "social-force");
  std::printf("social force, flow through 1 m door: %.3f P/s\n", flow);
  EXPECT_GT(flow, 0.5);
}

}  // namespace
}  // namespace stroom
