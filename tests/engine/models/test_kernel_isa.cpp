// The collision-free speed model's variants for each instruction set (models/isa.hpp) give the
// same bits: determinism does not depend on the CPU a run happens to get.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "models/isa.hpp"
#include "models/model.hpp"

namespace stroom::models {
namespace {

/// A crowd that reaches every branch of the kernel: a room of 6 P/m² with walls, a packed knot
/// of small bodies where more than the kernel's buffer of neighbours stand within the cut-off,
/// overlapping and touching bodies, people standing (v0 = 0), people held back long enough to
/// press on, walkers crossing the room in every direction, and bodies just outside its north
/// wall (persons who have left through an exit: in the grid, not in the person arrays).
struct Crowd {
  std::vector<double> x, y, vx, vy, r, v0, ex, ey, since;
  std::vector<double> outside_x, outside_y, outside_r;
  std::vector<std::int32_t> pass, goal, id;
  std::vector<Wall> walls;

  Crowd() {
    std::mt19937_64 rng(20261206);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto add = [&](Vec2 p, double radius) {
      const double heading = 2.0 * std::numbers::pi * unit(rng);
      const double walking = unit(rng) < 0.85 ? 0.6 + 0.9 * unit(rng) : 0.0;
      x.push_back(p.x), y.push_back(p.y), r.push_back(radius);
      v0.push_back(walking), ex.push_back(std::cos(heading)), ey.push_back(std::sin(heading));
      const double speed = 1.2 * unit(rng), turn = heading + 0.6 * (unit(rng) - 0.5);
      vx.push_back(speed * std::cos(turn)), vy.push_back(speed * std::sin(turn));
      since.push_back(unit(rng) < 0.2 ? -10.0 : 0.0);  // a fifth held back for 10 s
      pass.push_back(-1), goal.push_back(static_cast<std::int32_t>(4 * unit(rng)));
      id.push_back(static_cast<std::int32_t>(id.size()));
    };
    for (int k = 0; k < 600; ++k)  // 10 m × 10 m at 6 P/m²
      add({10.0 * unit(rng), 10.0 * unit(rng)}, 0.15 + 0.1 * unit(rng));
    for (int k = 0; k < 160; ++k)  // 160 bodies of 0.1 m within 1 m of (5, 5)
      add({5.0 + 2.0 * (unit(rng) - 0.5), 5.0 + 2.0 * (unit(rng) - 0.5)}, 0.1);
    for (int k = 0; k < 40; ++k) {  // a row outside the north wall
      outside_x.push_back(0.25 * k), outside_y.push_back(10.3 + 0.2 * unit(rng));
      outside_r.push_back(0.2);
    }
    const Vec2 corners[] = {{0, 0}, {10, 0}, {10, 10}, {0, 10}};
    for (int k = 0; k < 4; ++k)
      walls.push_back(Wall{Segment{corners[k], corners[(k + 1) % 4]}});
    walls.push_back(Wall{Segment{{3, 2}, {3, 6}}});  // a partition inside the room
  }

  struct Result {
    std::vector<double> vx, vy;
    std::vector<std::int8_t> turn;
  };

  /// With `wall_cells` the persons' wall cells are handed in, as the simulation does;
  /// otherwise the kernel looks them up.
  Result velocities(KernelIsa isa, const CollisionFreeSpeedParams& params, std::int64_t step,
                    bool wall_cells) const {
    const Bounds b{{-2, -2}, {12, 12}};
    NeighbourGrid grid(b, std::max(0.5, 0.5 * params.cutoff));
    grid.build(x, y, r, outside_x, outside_y, outside_r);
    const std::vector<std::uint8_t> blocking(walls.size(), 1);
    WallGrid wall_grid(walls, blocking, b, 2.0);
    std::vector<std::int32_t> cells(x.size());
    wall_grid.cells_of(x.data(), y.data(), cells.data(), 0, x.size());
    const ModelInput in{x,     y,          vx,   vy,   r,  v0,   ex,    ey,  pass,
                        &grid, &wall_grid, 0.05, goal, id, step, since, 0.0, {}};
    ModelInput in_cells = in;
    in_cells.wall_cell = cells;
    Result res{std::vector<double>(x.size()), std::vector<double>(x.size()),
               std::vector<std::int8_t>(x.size(), 1)};
    const ModelOutput out{res.vx, res.vy, res.turn, {}, {}};
    collision_free_speed::velocities_with(isa, params, wall_cells ? in_cells : in, 0,
                                          static_cast<std::int32_t>(x.size()), out);
    return res;
  }

  /// Persons with more than `count` others within `range` (centre distance).
  int crowded(double range, int count) const {
    int crowded = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      int near = 0;
      for (std::size_t j = 0; j < x.size(); ++j)
        near += j != i && std::hypot(x[j] - x[i], y[j] - y[i]) <= range;
      crowded += near > count;
    }
    return crowded;
  }
};

// Every variant with the wall cells handed in (as in the simulation) against the portable one
// looking them up itself: the same walls in the same order, so the same bits.
TEST(CollisionFreeSpeedVariants, GiveTheSameBitsOnEveryInstructionSetThisCpuHas) {
  const Crowd crowd;
  // The knot overflows the kernel's buffer of 96 neighbours (the second grid pass of the
  // headway, and the vector gathers' fallback).
  EXPECT_GT(crowd.crowded(2.0, 96), 50);
  CollisionFreeSpeedParams relaxed;
  relaxed.turn_time = 0.5;  // the heading relaxation's separate sums
  for (const CollisionFreeSpeedParams& params : {CollisionFreeSpeedParams{}, relaxed}) {
    for (const std::int64_t step : {0, 1, 2, 3}) {  // every person re-chooses on one of these
      const Crowd::Result reference = crowd.velocities(KernelIsa::portable, params, step, false);
      int walking = 0;
      for (std::size_t i = 0; i < reference.vx.size(); ++i)
        walking += reference.vx[i] != 0.0 || reference.vy[i] != 0.0;
      EXPECT_GT(walking, 300);  // not a crowd frozen at speed 0, which would prove nothing
      for (const KernelIsa isa : {KernelIsa::portable, KernelIsa::avx2, KernelIsa::avx512}) {
        if (!kernel_isa_supported(isa)) {
          std::printf("%s: not on this CPU\n", std::string(kernel_isa_name(isa)).c_str());
          continue;
        }
        const Crowd::Result v = crowd.velocities(isa, params, step, true);
        int differ = 0;
        for (std::size_t i = 0; i < v.vx.size(); ++i) {
          differ += std::bit_cast<std::uint64_t>(v.vx[i]) !=
                        std::bit_cast<std::uint64_t>(reference.vx[i]) ||
                    std::bit_cast<std::uint64_t>(v.vy[i]) !=
                        std::bit_cast<std::uint64_t>(reference.vy[i]) ||
                    v.turn[i] != reference.turn[i];
        }
        EXPECT_EQ(differ, 0) << kernel_isa_name(isa) << " with the wall cells against portable "
                             << "without, step " << step << ", turn_time " << params.turn_time;
      }
    }
  }
}

TEST(CollisionFreeSpeedVariants, TheChosenOneIsSupportedAndCanBeCapped) {
  const KernelIsa best = best_kernel_isa();
  EXPECT_TRUE(kernel_isa_supported(best));
  limit_kernel_isa(KernelIsa::portable);
  EXPECT_EQ(best_kernel_isa(), KernelIsa::portable);
  limit_kernel_isa(KernelIsa::avx512);  // back to the widest supported
  EXPECT_EQ(best_kernel_isa(), best);
}

}  // namespace
}  // namespace stroom::models
