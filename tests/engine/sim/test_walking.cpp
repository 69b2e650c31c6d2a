// Free walking (RiMEA test 1) and the default speed distribution (Weidmann 1993).
#include <gtest/gtest.h>

#include <cmath>

#include "sim_fixtures.hpp"
#include "stroom/random.hpp"

namespace stroom {
namespace {

TEST(FreeWalking, OnePersonCrossesFortyMetresInRiMEATime) {
  const char* yaml = R"(
stroom: 1
name: corridor
time: {step: 0.05, duration: 60}
venue:
  walkable: [[[0, 0], [40, 0], [40, 2], [0, 2]]]
  exits: [{name: east, line: [[40, 0], [40, 2]]}]
  zones: [{name: start, polygon: [[0.2, 0.5], [1.2, 0.5], [1.2, 1.5], [0.2, 1.5]]}]
populations:
  - {name: one, count: 1, in: start, speed: 1.33}
)";
  Simulation sim(test::scenario_from_yaml(yaml), {.threads = 1});
  double exit_time = -1.0;
  test::run(sim, 2000, [&](const Simulation& s) {
    for (const Crossing& c : s.view().crossings)
      if (c.kind == CrossingKind::exit) exit_time = c.time;
  });
  std::printf("exit after %.2f s\n", exit_time);
  EXPECT_GE(exit_time, 26.0);
  EXPECT_LE(exit_time, 34.0);
}

/// Moments of the normal N(mu, sd) truncated to [lo, hi].
void truncated_normal_moments(double mu, double sd, double lo, double hi, double& mean,
                              double& stdev) {
  auto pdf = [](double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * M_PI); };
  auto cdf = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
  const double a = (lo - mu) / sd, b = (hi - mu) / sd, z = cdf(b) - cdf(a);
  mean = mu + sd * (pdf(a) - pdf(b)) / z;
  const double var =
      sd * sd * (1.0 + (a * pdf(a) - b * pdf(b)) / z - std::pow((pdf(a) - pdf(b)) / z, 2));
  stdev = std::sqrt(var);
}

TEST(FreeWalking, DefaultSpeedsFollowTheTruncatedNormal) {
  // 10,000 people spread thinly over a large square (no one within another's cut-off) walk at
  // exactly their drawn desired speed in the first step.
  const char* yaml = R"(
stroom: 1
name: square
time: {step: 0.05, duration: 10}
venue:
  walkable: [[[0, 0], [330, 0], [330, 330], [0, 330]]]
  exits: [{name: east, line: [[330, 0], [330, 330]]}]
populations:
  - {name: crowd, count: 10000, in: [[1, 1], [300, 1], [300, 329], [1, 329]]}
)";
  Simulation sim(test::scenario_from_yaml(yaml), {.threads = 2});
  sim.step();
  const StepView v = sim.view();
  ASSERT_EQ(v.ids.size(), 10000u);
  double sum = 0.0, sum2 = 0.0;
  for (std::size_t k = 0; k < v.ids.size(); ++k) {
    const double speed = std::hypot(v.vx[k], v.vy[k]);
    sum += speed, sum2 += speed * speed;
  }
  const double n = static_cast<double>(v.ids.size());
  const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
  double want_mean, want_sd;
  truncated_normal_moments(1.34, 0.26, 0.6, 2.0, want_mean, want_sd);
  std::printf("speed mean %.4f (analytic %.4f), sd %.4f (analytic %.4f)\n", mean, want_mean, sd,
              want_sd);
  EXPECT_NEAR(mean, want_mean, 0.02 * want_mean);
  EXPECT_NEAR(sd, want_sd, 0.02 * want_sd);
}

}  // namespace
}  // namespace stroom
