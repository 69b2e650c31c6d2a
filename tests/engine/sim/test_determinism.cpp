// Same scenario and seed: bit-identical state on 1, 2 and 8 threads (parallel phases only
// write their own slot; everything else is serial in a fixed order).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <vector>

#include "sim_fixtures.hpp"

namespace stroom {
namespace {

std::uint64_t hash_view(const StepView& v, std::uint64_t h) {
  auto mix = [&](const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t k = 0; k < bytes; ++k)
      h = (h ^ p[k]) * 0x100000001b3ULL;  // FNV-1a
  };
  mix(v.ids.data(), v.ids.size_bytes());
  mix(v.x.data(), v.x.size_bytes());
  mix(v.y.data(), v.y.size_bytes());
  mix(v.vx.data(), v.vx.size_bytes());
  mix(v.vy.data(), v.vy.size_bytes());
  for (const Crossing& c : v.crossings)
    mix(&c.time, sizeof c.time), mix(&c.person, sizeof c.person);
  return h;
}

std::uint64_t run_hash(const std::string& model, int threads) {
  // 700 persons (above the parallel threshold) leaving a 20 m room through two doors.
  std::string yaml = R"(
stroom: 1
name: determinism
seed: 5
time: {step: 0.05, duration: 400}
model: {type: )" + model +
                     R"(}
venue:
  walkable: [[[0, 0], [20, 0], [20, 20], [0, 20]]]
  obstacles: [{polygon: [[9, 9], [11, 9], [11, 11], [9, 11]]}]
  exits:
    - {name: east, line: [[20, 8], [20, 10]]}
    - {name: north, line: [[4, 20], [5.2, 20]]}
  zones: [{name: all, polygon: [[0, 0], [18, 0], [18, 18], [0, 18]]}]
populations:
  - {name: crowd, count: 700, in: all, journey: [{exit: quickest}]}
)";
  Simulation sim(test::scenario_from_yaml(yaml), {.threads = threads});
  std::uint64_t h = 0xcbf29ce484222325ULL;
  test::run(sim, 400, [&](const Simulation& s) { h = hash_view(s.view(), h); });
  EXPECT_GT(sim.exited(), 0);
  return h;
}

TEST(Determinism, IdenticalOnOneTwoAndEightThreadsCollisionFreeSpeed) {
  const auto h1 = run_hash("collision-free-speed", 1);
  EXPECT_EQ(h1, run_hash("collision-free-speed", 2));
  EXPECT_EQ(h1, run_hash("collision-free-speed", 8));
}

TEST(Determinism, IdenticalOnOneTwoAndEightThreadsSocialForce) {
  const auto h1 = run_hash("social-force", 1);
  EXPECT_EQ(h1, run_hash("social-force", 2));
  EXPECT_EQ(h1, run_hash("social-force", 8));
}

TEST(Determinism, IdenticalOnOneTwoAndEightThreadsAnticipationVelocity) {
  // Its held direction of movement (People::heading_x, heading_y) is per-person state that the
  // renumbering must carry along.
  const auto h1 = run_hash("anticipation-velocity", 1);
  EXPECT_EQ(h1, run_hash("anticipation-velocity", 2));
  EXPECT_EQ(h1, run_hash("anticipation-velocity", 8));
}

// Once per simulated second the slots are renumbered in grid-cell order. Every per-person
// array must move with its person: followed by id, nobody jumps further than one step's walk,
// and every person's velocity is the one that moved them. The order of ids in the view must
// actually change at the renumbering (else this test would check nothing).
TEST(Determinism, RenumberingKeepsEveryPersonsState) {
  const Scenario scenario = test::scenario_from_yaml(R"(
stroom: 1
name: renumbering
seed: 9
time: {step: 0.05, duration: 60}
venue:
  walkable: [[[0, 0], [20, 0], [20, 20], [0, 20]]]
  exits: [{name: east, line: [[20, 9], [20, 11]]}]
  zones: [{name: all, polygon: [[1, 1], [19, 1], [19, 19], [1, 19]]}]
populations:
  - {name: crowd, count: 150, in: all, journey: [{exit: nearest}]}
  - {name: others, count: 150, in: all, journey: [{exit: nearest}]}
)");
  Simulation sim(scenario, {.threads = 2});
  std::map<PersonId, Vec2> last;
  std::map<PersonId, std::int32_t> population;
  std::vector<PersonId> last_order;
  int reordered = 0, checked = 0;
  test::run(sim, 200, [&](const Simulation& s) {
    const StepView v = s.view();
    std::vector<PersonId> order(v.ids.begin(), v.ids.end());
    // The same persons as before, in another order, without anyone leaving: a renumbering.
    if (order.size() == last_order.size() && order != last_order &&
        std::is_permutation(order.begin(), order.end(), last_order.begin()))
      ++reordered;
    for (std::size_t k = 0; k < v.ids.size(); ++k) {
      const Vec2 p{v.x[k], v.y[k]};
      if (const auto it = last.find(v.ids[k]); it != last.end()) {
        const Vec2 moved = p - it->second;
        EXPECT_LE(length(moved), 2.5 * v.step) << "person " << v.ids[k] << " at t " << v.time;
        EXPECT_NEAR(moved.x, v.vx[k] * v.step, 1e-9) << "person " << v.ids[k];
        EXPECT_NEAR(moved.y, v.vy[k] * v.step, 1e-9) << "person " << v.ids[k];
        ++checked;
      }
      last[v.ids[k]] = p;
      // A person's population never changes.
      if (const auto [it, added] = population.emplace(v.ids[k], v.population[k]); !added) {
        EXPECT_EQ(it->second, v.population[k]) << "person " << v.ids[k];
      }
    }
    last_order = std::move(order);
  });
  EXPECT_GE(reordered, 5);
  EXPECT_GT(checked, 30000);
}

}  // namespace
}  // namespace stroom
