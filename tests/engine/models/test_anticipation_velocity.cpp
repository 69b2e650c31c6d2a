// The anticipation velocity model (Xu, Chraibi & Seyfried 2021) on hand-built situations: the
// numbers come straight from its equations (docs/models.md#anticipation-velocity-model).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/model.hpp"

namespace stroom::models {
namespace {

ModelDesc avm() {
  ModelDesc m;
  m.type = ModelType::anticipation_velocity;
  return m;
}

/// A few persons in an open plane (or with walls), stepped with the model and plain Euler
/// integration, their direction of movement held from step to step as the simulation does.
struct Plane {
  std::vector<double> x, y, vx, vy, r, v0, ex, ey, hx, hy;
  std::vector<std::int32_t> pass, goal;
  std::vector<Wall> walls;
  double dt = 0.05;

  void add(Vec2 p, Vec2 e, double speed, std::int32_t g = 0) {
    x.push_back(p.x), y.push_back(p.y), vx.push_back(0.0), vy.push_back(0.0);
    r.push_back(0.2), v0.push_back(speed), ex.push_back(e.x), ey.push_back(e.y);
    hx.push_back(0.0), hy.push_back(0.0), pass.push_back(-1), goal.push_back(g);
  }

  /// One model evaluation; returns the velocities (and, with `held`, updates the headings).
  std::vector<Vec2> velocities(const ModelDesc& model, bool held = true) {
    const Bounds b{{-20, -20}, {20, 20}};
    NeighbourGrid grid(b, model_cutoff(model));
    grid.build(x, y, r);
    const std::vector<std::uint8_t> blocking(walls.size(), 1);
    WallGrid wall_grid(walls, blocking, b, 2.0);
    const ModelInput in{x,     y,          vx, vy,   r,  v0, ex, ey,  pass,
                        &grid, &wall_grid, dt, goal, {}, 0,  {}, 0.0, {}};
    std::vector<double> ox(x.size()), oy(x.size());
    ModelOutput out{ox, oy, {}, {}, {}};
    if (held) out.heading_x = hx, out.heading_y = hy;
    compute_velocities(model, in, 0, static_cast<std::int32_t>(x.size()), out);
    std::vector<Vec2> v;
    for (std::size_t k = 0; k < x.size(); ++k)
      v.push_back({ox[k], oy[k]});
    return v;
  }

  /// One step: velocities from the model, then x += v·dt.
  void step(const ModelDesc& model) {
    const auto v = velocities(model);
    for (std::size_t k = 0; k < x.size(); ++k) {
      vx[k] = v[k].x, vy[k] = v[k].y;
      x[k] += v[k].x * dt, y[k] += v[k].y * dt;
    }
  }
};

TEST(AnticipationVelocity, FreeWalkerWalksAtDesiredSpeed) {
  Plane s;
  s.add({0, 0}, {1, 0}, 1.34);
  const auto v = s.velocities(avm());
  EXPECT_DOUBLE_EQ(v[0].x, 1.34);
  EXPECT_DOUBLE_EQ(v[0].y, 0.0);
  // Over 10 s alone the walk is 13.4 m straight on.
  for (int k = 0; k < 200; ++k)
    s.step(avm());
  EXPECT_NEAR(s.x[0], 13.4, 1e-9);
  EXPECT_NEAR(s.y[0], 0.0, 1e-12);
}

TEST(AnticipationVelocity, DirectionTurnsWithTheReactionTime) {
  // Walking north (held direction (0, 1)), the target turns east: de/dt = (e^d − e)/τ, so one
  // step of dt = 0.05 s with τ = 0.3 s turns e to normalise((0, 1) + ((1, 0) − (0, 1))/6).
  Plane s;
  s.add({0, 0}, {1, 0}, 1.0);
  s.hx[0] = 0.0, s.hy[0] = 1.0;
  const auto v = s.velocities(avm());
  const double share = 0.05 / 0.3;
  const double ux = share, uy = 1.0 - share, len = std::hypot(ux, uy);
  EXPECT_NEAR(v[0].x, ux / len, 1e-12);
  EXPECT_NEAR(v[0].y, uy / len, 1e-12);
  EXPECT_NEAR(s.hx[0], ux / len, 1e-12);  // the new direction is held for the next step
  EXPECT_NEAR(s.hy[0], uy / len, 1e-12);
  // A direction pointing away from the target (e · e0 < 0) is replaced at once.
  s.hx[0] = -1.0, s.hy[0] = 0.0;
  const auto back = s.velocities(avm());
  EXPECT_NEAR(back[0].x, 1.0, 1e-12);
}

TEST(AnticipationVelocity, BehindAStandingPersonSpeedFollowsTheSpacingAndStepsAside) {
  // i at the origin walks east (v0 1.34); j stands 0.7 m ahead (radii 0.2: gap s = 0.3 m).
  // Speed (Tordeux et al. 2016): min(v0, s / T) = 0.3 / 0.5 = 0.6 m/s.
  // Direction: j is predicted straight ahead (aligned), so it sidesteps to the right with
  // R = k (1 + (1 − e0·e_j)/2) exp((l − s^a)/D) = 8 · 1 · exp(−0.3 / 0.1) (j standing, facing
  // east too: e0·e_j = 1; nobody moves: s^a = 0.7), e^d = normalise((1, −R)), and the
  // direction turns from e0 = (1, 0) a share dt/τ = 1/6 of the way there.
  Plane s;
  s.add({0, 0}, {1, 0}, 1.34);
  s.add({0.7, 0}, {1, 0}, 0.0);
  const auto v = s.velocities(avm());
  const double R = 8.0 * std::exp(-3.0);
  const double dl = std::hypot(1.0, R);
  const double edx = 1.0 / dl, edy = -R / dl;
  const double ux = 1.0 + (edx - 1.0) / 6.0, uy = edy / 6.0, ul = std::hypot(ux, uy);
  EXPECT_NEAR(std::hypot(v[0].x, v[0].y), 0.6, 1e-12);
  EXPECT_NEAR(v[0].x, 0.6 * ux / ul, 1e-7);
  EXPECT_NEAR(v[0].y, 0.6 * uy / ul, 1e-7);
  EXPECT_LT(v[0].y, 0.0);  // to the right
  // The standing person (v0 = 0, e.g. before their premovement ends) does not move.
  EXPECT_EQ(v[1].x, 0.0);
  EXPECT_EQ(v[1].y, 0.0);
}

TEST(AnticipationVelocity, FollowerStopsAtTheSpacingOfTheSpeedLaw) {
  // The speed law alone (k = 0: no sidestep, so the follower stays on the line behind). The
  // follower starts 2 m behind a standing person (gap 1.6 m). While the gap s exceeds
  // v0·T = 0.67 m it walks at v0; below, each Euler step walks s·dt/T, so the gap shrinks by the
  // factor (1 − dt/T) = 0.9 per step, until it is within the 2 cm at which bodies count as
  // touching: straight behind someone the slide leaves no walk, so the follower stops there.
  // Hand-computed gap after the run, to 1e-9.
  ModelDesc m = avm();
  m.anticipation_velocity.neighbor_repulsion_strength = 0.0;
  Plane s;
  s.add({0, 0}, {1, 0}, 1.34);
  s.add({2.0, 0}, {1, 0}, 0.0);
  double gap = 1.6;
  for (int k = 0; k < 100; ++k) {
    if (gap > 0.02) gap = gap > 1.34 * 0.5 ? gap - 1.34 * 0.05 : gap * (1.0 - 0.05 / 0.5);
    s.step(m);
    ASSERT_EQ(s.y[0], 0.0);
  }
  EXPECT_NEAR(s.x[1] - s.x[0] - 0.4, gap, 1e-9);
  EXPECT_GT(gap, 0.018);  // stopped at the first gap within 2 cm: 0.0184 m
  EXPECT_LE(gap, 0.02);
  EXPECT_EQ(s.x[1], 2.0);
}

TEST(AnticipationVelocity, HeadOnPairPassesWithoutOverlap) {
  // Two persons 8 m apart on one line walk at each other. Each predicts the other straight
  // ahead and sidesteps to its right, so they pass without their bodies ever overlapping.
  Plane s;
  s.add({-4, 0}, {1, 0}, 1.3, 0);
  s.add({4, 0}, {-1, 0}, 1.3, 1);
  double closest = 1e9;
  for (int k = 0; k < 200; ++k) {
    s.step(avm());
    closest = std::min(closest, std::hypot(s.x[1] - s.x[0], s.y[1] - s.y[0]));
    ASSERT_TRUE(std::isfinite(s.x[0]) && std::isfinite(s.y[0]));
  }
  EXPECT_GE(closest, 0.4);  // the sum of the radii
  EXPECT_GT(s.x[0], 4.0);   // both got past each other and on
  EXPECT_LT(s.x[1], -4.0);
  EXPECT_LT(s.y[0], 0.0);  // each on their own right
  EXPECT_GT(s.y[1], 0.0);
}

TEST(AnticipationVelocity, WithoutHeldStateTheLastVelocityIsTheDirection) {
  // Callers without per-person state (ModelOutput::heading_x empty) get e_i(t) from the last
  // velocity: walking north, target east, the same turn as with a held direction north.
  Plane s;
  s.add({0, 0}, {1, 0}, 1.0);
  s.vx[0] = 0.0, s.vy[0] = 0.8;
  const auto v = s.velocities(avm(), false);
  const double share = 0.05 / 0.3;
  const double ux = share, uy = 1.0 - share, len = std::hypot(ux, uy);
  EXPECT_NEAR(v[0].x, ux / len, 1e-12);
  EXPECT_NEAR(v[0].y, uy / len, 1e-12);
}

}  // namespace
}  // namespace stroom::models
