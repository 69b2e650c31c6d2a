#include "stroom/density_grid.hpp"

#include <gtest/gtest.h>

#include "step_builder.hpp"

namespace stroom {
namespace {

TEST(DensityGrid, CoversBoundsWithWholeCells) {
  const DensityGrid grid(test::walkable_rectangle(10.0, 3.5), 1.0);
  EXPECT_EQ(grid.columns(), 10);
  EXPECT_EQ(grid.rows(), 4);
  EXPECT_DOUBLE_EQ(grid.walkable_area(0), 1.0);
  EXPECT_NEAR(grid.walkable_area(3 * 10 + 4), 0.5, 1e-12);  // top row is half walkable
  EXPECT_TRUE(grid.measured(3 * 10 + 4));
}

TEST(DensityGrid, ClipsCellsToWalkableAreaWithHoles) {
  PolygonWithHoles room{test::rectangle(0, 0, 4, 4), {test::rectangle(1, 1, 3, 3)}};
  const DensityGrid grid({room}, 2.0);
  ASSERT_EQ(grid.cell_count(), 4);
  for (int i = 0; i < 4; ++i)
    EXPECT_NEAR(grid.walkable_area(i), 3.0, 1e-12);
}

TEST(DensityGrid, SameCellsOnAnyNumberOfThreads) {
  // A slanted outline with a hole: most rows have cells clipped by an edge.
  const PolygonWithHoles site{{{0, 0}, {37, 3}, {41, 29}, {5, 33}},
                              {{{12, 10}, {20, 11}, {18, 19}}}};
  const DensityGrid one({site}, 0.5, 1), three({site}, 0.5, 3);
  ASSERT_EQ(one.cell_count(), three.cell_count());
  ASSERT_GT(one.rows(), 50);
  int clipped = 0;
  for (int i = 0; i < one.cell_count(); ++i) {
    EXPECT_EQ(one.walkable_area(i), three.walkable_area(i)) << i;
    EXPECT_EQ(one.measured(i), three.measured(i)) << i;
    clipped += one.walkable_area(i) > 0.0 && one.walkable_area(i) < 0.25;
  }
  EXPECT_GT(clipped, 50);
}

TEST(DensityGrid, LeavesSliversUnmeasured) {
  // 10.1 m wide: the last column is 0.1 m wide, 10 % of a cell, below the threshold.
  const DensityGrid grid(test::walkable_rectangle(10.1, 2.0), 1.0);
  ASSERT_EQ(grid.columns(), 11);
  EXPECT_NEAR(grid.walkable_area(10), 0.1, 1e-9);
  EXPECT_FALSE(grid.measured(10));
  EXPECT_TRUE(grid.measured(9));
}

TEST(DensityGrid, FindsCellOfPoint) {
  const DensityGrid grid(test::walkable_rectangle(4.0, 2.0), 1.0);
  EXPECT_EQ(grid.index_of({0.5, 0.5}), 0);
  EXPECT_EQ(grid.index_of({3.5, 1.5}), 7);
  EXPECT_EQ(grid.index_of({4.0, 2.0}), 7);  // far corner belongs to the last cell
  EXPECT_EQ(grid.index_of({-0.1, 0.5}), -1);
  EXPECT_EQ(grid.index_of({4.5, 0.5}), -1);
  EXPECT_DOUBLE_EQ(grid.centre(7).x, 3.5);
  EXPECT_DOUBLE_EQ(grid.centre(7).y, 1.5);
}

}  // namespace
}  // namespace stroom
