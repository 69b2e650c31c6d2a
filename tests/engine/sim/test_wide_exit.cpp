// A wide exit approached from one side (docs/navigation.md, "Wide exits: lanes"): the crowd
// starts in the west of a hall and the 10 m exit lies in the north wall of its east part, so
// the distance field leads everyone to the exit's west end. Real crowds spread along an exit
// they can see as its near end congests, and pass it at the specific flow of a bottleneck:
// 1.2–2.0 P/(m·s) in experiments up to 2.5 m wide (Seyfried et al. 2009, Rupprecht et al.
// 2011), the flow growing linearly with the width, and 1.3–1.4 P/(m·s) as design values (IMO,
// SFPE). The test asks for that band, and for crossings over the whole width. Measured: 0.94
// P/(m·s) with crossings per 2 m of 265 211 113 11 0 when following the field alone; 1.28
// P/(m·s) and 186 152 127 84 51 with lanes.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "sim_fixtures.hpp"

namespace stroom {
namespace {

constexpr double kGateWest = 22.0, kGateEast = 32.0;  // m, the exit in the north wall (y = 12)
constexpr int kCrowd = 600;

/// A 36 m × 12 m hall; `count` persons in its west 20 m (2.5 P/m²); a 10 m exit in the north
/// wall of its east part, 2 m beyond the crowd.
std::string one_sided_hall_yaml(int count) {
  return "stroom: 1\nname: one-sided-gate\nseed: 7\ntime: {step: 0.05, duration: 400}\n"
         "model: {type: collision-free-speed}\nvenue:\n"
         "  walkable:\n    - [[0, 0], [36, 0], [36, 12], [0, 12]]\n"
         "  exits:\n    - {name: gate, line: [[22, 12], [32, 12]]}\n"
         "  zones:\n    - {name: west, polygon: [[0, 0], [20, 0], [20, 12], [0, 12]]}\n"
         "populations:\n  - {name: crowd, count: " +
         std::to_string(count) + ", in: west}\n";
}

struct GateUse {
  std::vector<double> times;              ///< s, sorted exit crossing times
  std::array<int, 5> per_fifth_of_width;  ///< crossings per 2 m of the gate, west to east
  std::uint64_t positions_hash = 0xcbf29ce484222325ULL;  ///< FNV-1a of every step's x, y
};

/// Runs the hall until it is empty; where each person crossed the gate is the x of the last
/// position seen inside.
GateUse run_hall(int threads) {
  Simulation sim(test::scenario_from_yaml(one_sided_hall_yaml(kCrowd)), {.threads = threads});
  std::map<PersonId, double> last_x;
  GateUse use{{}, {0, 0, 0, 0, 0}};
  test::run(sim, 8000, [&](const Simulation& s) {
    const StepView v = s.view();
    for (const Crossing& c : v.crossings) {
      if (c.kind != CrossingKind::exit) continue;
      use.times.push_back(c.time);
      const double x = last_x.at(c.person);
      const int fifth = static_cast<int>((x - kGateWest) / (kGateEast - kGateWest) * 5.0);
      ++use.per_fifth_of_width[static_cast<std::size_t>(std::clamp(fifth, 0, 4))];
    }
    for (std::size_t k = 0; k < v.ids.size(); ++k)
      last_x[v.ids[k]] = v.x[k];
    for (const std::span<const double> a : {v.x, v.y}) {
      const auto* bytes = reinterpret_cast<const unsigned char*>(a.data());
      for (std::size_t k = 0; k < a.size_bytes(); ++k)
        use.positions_hash = (use.positions_hash ^ bytes[k]) * 0x100000001b3ULL;
    }
  });
  EXPECT_TRUE(sim.done());
  EXPECT_EQ(sim.exited(), kCrowd);
  std::sort(use.times.begin(), use.times.end());
  return use;
}

TEST(WideExit, OneSidedApproachUsesTheWholeWidth) {
  const GateUse use = run_hall(2);
  const double specific = test::steady_flow(use.times) / (kGateEast - kGateWest);
  std::printf("10 m gate approached from one side: specific flow %.3f P/(m s), last exit %.1f s\n",
              specific, use.times.back());
  std::printf("crossings per 2 m of the gate, west to east: %d %d %d %d %d\n",
              use.per_fifth_of_width[0], use.per_fifth_of_width[1], use.per_fifth_of_width[2],
              use.per_fifth_of_width[3], use.per_fifth_of_width[4]);
  RecordProperty("specific_flow", std::to_string(specific));
  EXPECT_GE(specific, 1.2);
  EXPECT_LE(specific, 2.0);
  // Every 2 m of the gate is used: at least 1/25 of the crowd each (an even share is 1/5; the
  // far end gets less, since its walk is longest). Following the field alone leaves the far
  // 4 m almost unused.
  for (const int n : use.per_fifth_of_width)
    EXPECT_GE(n, kCrowd / 25);
}

// Lanes are chosen serially in id order from counts gathered in slot order: the same run on
// 1, 2 and 8 threads, bit for bit.
TEST(WideExit, LaneChoiceIsIdenticalOnOneTwoAndEightThreads) {
  const GateUse one = run_hall(1);
  for (const int threads : {2, 8}) {
    const GateUse many = run_hall(threads);
    EXPECT_EQ(one.positions_hash, many.positions_hash) << threads << " threads";
    EXPECT_EQ(one.times, many.times) << threads << " threads";
    EXPECT_EQ(one.per_fifth_of_width, many.per_fifth_of_width) << threads << " threads";
  }
}

}  // namespace
}  // namespace stroom
