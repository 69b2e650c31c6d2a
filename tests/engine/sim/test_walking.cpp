// Free walking (RiMEA test 1) and the default speed distribution (Weidmann 1993).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

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
TEST(Stay, AudiencePlacedInTheZoneStaysWhereItStands) {
  // 200 persons placed in a 20 m x 20 m field whose first step is a 60 s stay in that field
  // (a standing audience): they stay where they were placed. 200 persons who walk into an
  // empty garden for the same stay spread over it, each to a random spot of it.
  const char* yaml = R"(
stroom: 1
name: stay
time: {step: 0.05, duration: 60}
venue:
  walkable: [[[0, 0], [60, 0], [60, 20], [0, 20]]]
  exits: [{name: east, line: [[60, 0], [60, 20]]}]
  zones:
    - {name: field, polygon: [[40, 0], [60, 0], [60, 20], [40, 20]]}
    - {name: garden, polygon: [[10, 0], [30, 0], [30, 20], [10, 20]]}
    - {name: side, polygon: [[0, 0], [5, 0], [5, 20], [0, 20]]}
populations:
  - {name: audience, count: 200, in: field, journey: [{to: field, stay: 60}, {exit: [east]}]}
  - {name: walkers, count: 200, in: side, journey: [{to: garden, stay: 60}, {exit: [east]}]}
)";
  Simulation sim(test::scenario_from_yaml(yaml), {.threads = 2});
  std::vector<double> x0(401, 0.0), y0(401, 0.0);
  {
    const StepView v = sim.view();
    for (std::size_t i = 0; i < v.ids.size(); ++i)
      x0[static_cast<std::size_t>(v.ids[i])] = v.x[i],
      y0[static_cast<std::size_t>(v.ids[i])] = v.y[i];
  }
  test::run(sim, 40 * 20);  // 40 s: everyone still staying
  const StepView v = sim.view();
  ASSERT_EQ(v.ids.size(), 400u);
  double audience_moved = 0.0, walkers_in_field = 0.0, walkers_far_in = 0.0;
  for (std::size_t i = 0; i < v.ids.size(); ++i) {
    const std::size_t id = static_cast<std::size_t>(v.ids[i]);
    if (v.population[i] == 0) {
      audience_moved = std::max(audience_moved, std::hypot(v.x[i] - x0[id], v.y[i] - y0[id]));
    } else {
      walkers_in_field += v.x[i] >= 10.0 && v.x[i] <= 30.0 ? 1.0 : 0.0;
      walkers_far_in += v.x[i] >= 20.0 && v.x[i] <= 30.0 ? 1.0 : 0.0;
    }
  }
  std::printf("audience: largest move %.2f m; walkers in the garden %.0f, beyond its middle %.0f\n",
              audience_moved, walkers_in_field, walkers_far_in);
  EXPECT_LT(audience_moved, 0.5);
  EXPECT_GE(walkers_in_field, 190.0);
  EXPECT_GE(walkers_far_in, 60.0);  // spread: a uniform spot lies beyond the middle half the time
}

}  // namespace stroom
