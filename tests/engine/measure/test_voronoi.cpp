#include "stroom/voronoi.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "step_builder.hpp"

namespace stroom {
namespace {

double area_of(const Polygon& p) {
  double a = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i)
    a += cross(p[i], p[(i + 1) % p.size()]);
  return std::abs(0.5 * a);
}

TEST(VoronoiDensity, SquareLatticeGivesInverseCellArea) {
  const double a = 0.8;
  std::vector<Vec2> pos, vel;
  for (int i = 0; i < 25; ++i) {
    for (int j = 0; j < 25; ++j) {
      pos.push_back({0.4 + a * i, 0.4 + a * j});
      vel.push_back({1.0, 0.0});
    }
  }
  const auto walkable = test::walkable_rectangle(20.0, 20.0);
  // Measurement area not aligned with the cells: the shares still add up exactly.
  const auto r = voronoi_density_speed(pos, vel, test::rectangle(7.3, 6.1, 12.1, 11.0), walkable);
  EXPECT_NEAR(r.density, 1.0 / (a * a), 1e-6);
  EXPECT_NEAR(r.speed, 1.0, 1e-6);
}

TEST(VoronoiDensity, HexagonalLatticeGivesInverseCellArea) {
  const double a = 1.0, h = a * std::sqrt(3.0) / 2.0;
  std::vector<Vec2> pos, vel;
  for (int row = 0; row < 30; ++row) {
    for (int i = 0; i < 30; ++i) {
      pos.push_back({0.5 + a * i + (row % 2 ? 0.5 * a : 0.0), 0.5 + h * row});
      vel.push_back({0.0, 0.5});
    }
  }
  const auto walkable = test::walkable_rectangle(31.0, 27.0);
  const auto r = voronoi_density_speed(pos, vel, test::rectangle(10, 10, 18, 16), walkable);
  EXPECT_NEAR(r.density, 1.0 / (a * h), 1e-3);
  EXPECT_NEAR(r.speed, 0.5, 1e-3);
}

TEST(VoronoiDensity, SinglePersonCellIsTheWholeRoom) {
  const std::vector<Vec2> pos{{1.0, 1.0}}, vel{{0.0, 0.0}};
  const auto walkable = test::walkable_rectangle(2.0, 3.0);
  const auto cells = voronoi_cells(pos, walkable);
  ASSERT_EQ(cells.size(), 1u);
  ASSERT_EQ(cells[0].size(), 1u);
  EXPECT_NEAR(area_of(cells[0][0].outer), 6.0, 1e-9);
  const auto r = voronoi_density_speed(pos, vel, test::rectangle(0, 0, 2, 3), walkable);
  EXPECT_NEAR(r.density, 1.0 / 6.0, 1e-9);
}

TEST(VoronoiDensity, CutoffRadiusBoundsTheCell) {
  const std::vector<Vec2> pos{{5.0, 5.0}};
  const auto walkable = test::walkable_rectangle(10.0, 10.0);
  const auto cells = voronoi_cells(pos, walkable, {.cutoff_radius = 1.0});
  ASSERT_EQ(cells[0].size(), 1u);
  const double polygon_32 = 0.5 * 32.0 * std::sin(2.0 * std::numbers::pi / 32.0);
  EXPECT_NEAR(area_of(cells[0][0].outer), polygon_32, 1e-9);
}

TEST(VoronoiDensity, TwoPersonsSplitACorridor) {
  // Corridor 10 × 2, persons at x = 2 and x = 6: the bisector is x = 4.
  const std::vector<Vec2> pos{{2.0, 1.0}, {6.0, 1.0}}, vel{{1.0, 0.0}, {2.0, 0.0}};
  const auto walkable = test::walkable_rectangle(10.0, 2.0);
  const auto cells = voronoi_cells(pos, walkable);
  EXPECT_NEAR(area_of(cells[0][0].outer), 8.0, 1e-9);
  EXPECT_NEAR(area_of(cells[1][0].outer), 12.0, 1e-9);
  // A = [3, 5] × [0, 2]: half of it in each cell.
  const auto r = voronoi_density_speed(pos, vel, test::rectangle(3, 0, 5, 2), walkable);
  EXPECT_NEAR(r.density, (2.0 / 8.0 + 2.0 / 12.0) / 4.0, 1e-9);
  EXPECT_NEAR(r.speed, (1.0 * 2.0 + 2.0 * 2.0) / 4.0, 1e-9);
}

TEST(VoronoiDensity, NoPersonsGivesZero) {
  const auto r = voronoi_density_speed({}, {}, test::rectangle(0, 0, 1, 1),
                                       test::walkable_rectangle(2.0, 2.0));
  EXPECT_EQ(r.density, 0.0);
  EXPECT_EQ(r.speed, 0.0);
}

}  // namespace
}  // namespace stroom
