// Velocities from displacement over ±Δ frames (stroom/displacement_speed.hpp), by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "stroom/displacement_speed.hpp"

namespace stroom {
namespace {

TEST(DisplacementVelocity, CentreFrameVelocityIsTheDisplacementOverTwoDelta) {
  // Frames every 0.1 s, Δ = 5 (±0.5 s as PedPy's frame_step 5 at 10 fps). Person 1 walks at
  // (1.2, −0.3) m/s; person 2 steps 0.1 m forward and back on alternate frames (a jittering
  // queue: step speed 1 m/s) while creeping forward 0.05 m/s.
  DisplacementVelocity d(5);
  for (int f = 0; f <= 10; ++f) {
    EXPECT_EQ(d.centre().has_value(), f > 10);
    const double t = 0.1 * f;
    const std::vector<PersonId> ids{2, 1};  // any order
    const std::vector<double> x{0.05 * t + (f % 2 == 0 ? 0.0 : 0.1), 1.2 * t};
    const std::vector<double> y{5.0, -0.3 * t};
    d.add_frame(t, ids, x, y);
  }
  const auto c = d.centre();
  ASSERT_TRUE(c.has_value());
  EXPECT_NEAR(c->time, 0.5, 1e-12);
  ASSERT_EQ(c->ids.size(), 2u);
  EXPECT_EQ(c->ids[0], 1);  // by id
  EXPECT_NEAR(c->positions[0].x, 0.6, 1e-12);
  EXPECT_NEAR(c->velocities[0].x, 1.2, 1e-12);
  EXPECT_NEAR(c->velocities[0].y, -0.3, 1e-12);
  // Frames 0 and 10 are both even: the jitter cancels, the creep remains.
  EXPECT_NEAR(c->velocities[1].x, 0.05, 1e-12);
  EXPECT_NEAR(c->velocities[1].y, 0.0, 1e-12);
}

TEST(DisplacementVelocity, PersonsMissingAtOneEndUseTheOneSidedDisplacement) {
  // Δ = 1, frames 0.5 s apart. Person 2 enters at 0.5 s and leaves after 1.0 s; person 3 is
  // seen at 1.0 s only.
  using V = std::vector<double>;
  DisplacementVelocity d(1);
  d.add_frame(0.0, std::vector<PersonId>{1}, V{0.0}, V{0.0});
  d.add_frame(0.5, std::vector<PersonId>{1, 2}, V{1.0, 7.0}, V{0.0, 0.0});
  d.add_frame(1.0, std::vector<PersonId>{1, 2, 3}, V{1.5, 7.4, 3.0}, V{0.0, 0.0, 0.0});
  const auto c = d.centre();
  ASSERT_TRUE(c.has_value());
  EXPECT_NEAR(c->time, 0.5, 1e-12);
  ASSERT_EQ(c->ids.size(), 2u);
  EXPECT_NEAR(c->velocities[0].x, 1.5, 1e-12);  // (1.5 − 0) / 1 s
  EXPECT_NEAR(c->velocities[1].x, 0.8, 1e-12);  // entered: (7.4 − 7.0) / 0.5 s
  d.add_frame(1.5, std::vector<PersonId>{1}, V{2.0}, V{0.0});
  const auto c2 = d.centre();
  ASSERT_TRUE(c2.has_value());
  EXPECT_NEAR(c2->time, 1.0, 1e-12);
  ASSERT_EQ(c2->ids.size(), 3u);
  EXPECT_NEAR(c2->velocities[0].x, 1.0, 1e-12);  // (2.0 − 1.0) / 1 s
  EXPECT_NEAR(c2->velocities[1].x, 0.8, 1e-12);  // left: (7.4 − 7.0) / 0.5 s
  EXPECT_EQ(c2->velocities[2].x, 0.0);           // seen at the centre frame only
}

}  // namespace
}  // namespace stroom
