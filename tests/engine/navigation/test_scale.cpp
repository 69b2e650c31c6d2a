// Whole-site scale: a 1 km × 1 km venue with 100 pavilions. Prints the figures quoted in
// docs/navigation.md (grid, time per field, memory for 30 targets).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "venues.hpp"

namespace stroom {
namespace {

TEST(Scale, WholeSiteVenueStaysWithinTheCellCapAndComputesAField) {
  VenueDesc desc = test::venue_of({test::rectangle(0, 0, 1000, 1000)});
  for (int i = 0; i < 10; ++i) {
    for (int j = 0; j < 10; ++j) {
      const double x = 30.0 + 100.0 * i;
      const double y = 30.0 + 100.0 * j;
      test::add_obstacle(desc, test::rectangle(x, y, x + 40, y + 40));
    }
  }
  test::add_exit(desc, "west", {{0, 495}, {0, 505}});
  const Venue venue(desc);

  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  Navigation nav(venue);
  const auto t1 = Clock::now();
  const std::size_t cells =
      static_cast<std::size_t>(nav.grid_width()) * static_cast<std::size_t>(nav.grid_height());
  EXPECT_LE(cells, nav.params().max_cells);
  EXPECT_GT(nav.cell(), 0.25);  // grown from 0.25 m to fit the cap
  const std::size_t shared_bytes = nav.memory_bytes();

  const TargetId exit = nav.add_target(test::segment_target({{0, 495}, {0, 505}}));
  const std::vector<TargetId> ids{exit};
  const auto t2 = Clock::now();
  nav.prepare(ids, venue.initial_blocking());
  const auto t3 = Clock::now();
  const std::size_t field_bytes = nav.memory_bytes() - shared_bytes;
  // Four bytes per cell (descent direction and 16-bit walking distance), plus the target's
  // small bookkeeping.
  EXPECT_GE(field_bytes, 4 * cells);
  EXPECT_LT(field_bytes, 4 * cells + 4096);

  // Along the free strip west of the first pavilion column: straight to the exit's end.
  const double expected = std::hypot(20.0, 395.0);
  EXPECT_NEAR(nav.distance(exit, {20, 100}), expected, 0.02 * expected);
  EXPECT_GT(nav.direction(exit, {20, 100}).y, 0.9);

  // 50,000 persons' directions, as the simulation asks each step (one thread here).
  std::vector<Vec2> persons;
  std::uint64_t state = 12345;
  auto uniform = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  while (persons.size() < 50'000) {
    const Vec2 p{1000.0 * uniform(), 1000.0 * uniform()};
    if (venue.contains(p)) persons.push_back(p);
  }
  const auto t4 = Clock::now();
  double checksum = 0.0;
  for (const Vec2 p : persons)
    checksum += nav.direction(exit, p).x;
  const auto t5 = Clock::now();
  EXPECT_TRUE(std::isfinite(checksum));
  const double per_call_ns = std::chrono::duration<double, std::nano>(t5 - t4).count() / 50'000;
  // The same persons in row order, as the simulation's neighbour grid stores them.
  std::sort(persons.begin(), persons.end(), [](Vec2 a, Vec2 b) {
    return std::floor(a.y) != std::floor(b.y) ? a.y < b.y : a.x < b.x;
  });
  const auto t6 = Clock::now();
  for (const Vec2 p : persons)
    checksum += nav.direction(exit, p).x;
  const auto t7 = Clock::now();
  const double sorted_ns = std::chrono::duration<double, std::nano>(t7 - t6).count() / 50'000;

  const double setup_s = std::chrono::duration<double>(t1 - t0).count();
  const double field_s = std::chrono::duration<double>(t3 - t2).count();
  const double total_30 = static_cast<double>(shared_bytes + 30 * field_bytes);
  std::printf(
      "[navigation scale] grid %d x %d = %zu cells, cell %.4f m; rasterisation %.2f s;"
      " one field %.2f s; direction() %.0f ns/call (%.0f sorted); shared %.1f MiB; per field %.1f "
      "MiB; 30 "
      "targets %.2f GiB\n",
      nav.grid_width(), nav.grid_height(), cells, nav.cell(), setup_s, field_s, per_call_ns,
      sorted_ns, static_cast<double>(shared_bytes) / (1 << 20),
      static_cast<double>(field_bytes) / (1 << 20), total_30 / (1 << 30));
  RecordProperty("field_seconds", std::to_string(field_s));
  RecordProperty("memory_30_targets_bytes", std::to_string(total_30));
}

}  // namespace
}  // namespace stroom
