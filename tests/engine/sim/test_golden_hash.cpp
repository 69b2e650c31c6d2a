// Golden hashes: three fixture scenarios run a fixed number of steps, and the positions and
// velocities of everyone inside (in id order) are hashed after every step. The hash must
// equal the constant committed here, on 1, 2 and 8 threads. It pins the simulation's
// behaviour down to the last bit, so that code can be moved and reshaped with the proof that
// nothing changed. A change that is meant to change behaviour (a model, a rule of the route
// phase) updates the constants once and says why in its commit message.
//
// The fixtures together exercise every system of a step: spawning (placement and arrivals),
// journeys (waypoint, zone stay, door, checkpoint, exit), route choice (nearest, quickest,
// exit lists), the lanes of a wide exit, checkpoint service, both operational models, the
// move and its wall constraints, an exit flow limit, crossings and the events (close and
// open a door, an exit and a checkpoint; an evacuation alarm with premovement).
#include <gtest/gtest.h>

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "sim_fixtures.hpp"

namespace stroom {
namespace {

/// FNV-1a over the ids, positions and velocities of everyone inside, in id order (so the hash
/// does not depend on how the simulation numbers its slots), and over the crossings.
std::uint64_t hash_step(const StepView& v, std::uint64_t h) {
  auto mix = [&](const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t k = 0; k < bytes; ++k)
      h = (h ^ p[k]) * 0x100000001b3ULL;
  };
  std::vector<std::size_t> order(v.ids.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return v.ids[a] < v.ids[b]; });
  for (const std::size_t k : order) {
    mix(&v.ids[k], sizeof v.ids[k]);
    mix(&v.x[k], sizeof v.x[k]);
    mix(&v.y[k], sizeof v.y[k]);
    mix(&v.vx[k], sizeof v.vx[k]);
    mix(&v.vy[k], sizeof v.vy[k]);
  }
  for (const Crossing& c : v.crossings) {
    mix(&c.time, sizeof c.time);
    mix(&c.person, sizeof c.person);
    mix(&c.kind, sizeof c.kind);
    mix(&c.element, sizeof c.element);
  }
  return h;
}

struct Outcome {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  std::int64_t spawned = 0, exited = 0;
  int door_crossings = 0, checkpoint_crossings = 0;
};

Outcome run(const std::string& yaml, int steps, int threads) {
  Simulation sim(test::scenario_from_yaml(yaml), {.threads = threads});
  Outcome out;
  out.hash = hash_step(sim.view(), out.hash);
  for (int k = 0; k < steps; ++k) {
    sim.step();
    const StepView v = sim.view();
    out.hash = hash_step(v, out.hash);
    for (const Crossing& c : v.crossings) {
      out.door_crossings += c.kind == CrossingKind::door ? 1 : 0;
      out.checkpoint_crossings += c.kind == CrossingKind::checkpoint ? 1 : 0;
    }
  }
  out.spawned = sim.spawned();
  out.exited = sim.exited();
  return out;
}

/// A dense room: 700 persons (5 P/m²) in a 20 m × 10 m hall, social force, one plain 1.2 m
/// exit and one 1.6 m exit limited to 1.0 P/(m·s), chosen by `quickest`.
const char* kDenseRoom = R"(
stroom: 1
name: golden dense room
seed: 11
time: {step: 0.05, duration: 400}
model: {type: social-force}
venue:
  walkable: [[[0, 0], [20, 0], [20, 10], [0, 10]]]
  obstacles: [{polygon: [[15, 4], [16, 4], [16, 6], [15, 6]]}]
  exits:
    - {name: east, line: [[20, 4.4], [20, 5.6]]}
    - {name: north, line: [[17, 10], [18.6, 10]], max_flow: 1.0}
  zones: [{name: hall, polygon: [[0, 0], [14, 0], [14, 10], [0, 10]]}]
populations:
  - {name: crowd, count: 700, in: hall, journey: [{exit: quickest}]}
)";

/// A wide exit with lanes: a 10 m exit in the north wall of a hall's east part, approached
/// from the west by 600 placed persons (collision-free speed), plus arrivals over time.
const char* kWideExit = R"(
stroom: 1
name: golden wide exit
seed: 7
time: {step: 0.05, duration: 400}
model: {type: collision-free-speed}
venue:
  walkable: [[[0, 0], [36, 0], [36, 12], [0, 12]]]
  exits:
    - {name: gate, line: [[22, 12], [32, 12]]}
    - {name: side, line: [[36, 2], [36, 3]]}
  zones:
    - {name: west, polygon: [[0, 0], [20, 0], [20, 12], [0, 12]]}
    - {name: entry, polygon: [[0, 0], [4, 0], [4, 4], [0, 4]]}
populations:
  - {name: crowd, count: 600, in: west, journey: [{exit: [gate]}]}
  - name: late
    arrive: {in: entry, rate: [[0, 4], [20, 4]], total: 60}
    journey: [{exit: nearest}]
)";

/// A checkpoint with events: 600 persons visit a waypoint, stay in a zone, pass a door and a
/// 4-lane checkpoint and leave; the door closes and reopens, the checkpoint closes and
/// reopens, an exit closes, and an alarm (with premovement, to listed exits, `quickest`)
/// ends the journeys.
const char* kCheckpointEvents = R"(
stroom: 1
name: golden checkpoint with events
seed: 23
time: {step: 0.05, duration: 400}
model: {type: collision-free-speed}
venue:
  walkable: [[[0, 0], [40, 0], [40, 20], [0, 20]]]
  obstacles: [{polygon: [[20, 0], [21, 0], [21, 8], [20, 8]]}, {polygon: [[20, 12], [21, 12], [21, 20], [20, 20]]}]
  doors: [{name: gate, line: [[20, 8], [20, 12]]}]
  checkpoints:
    - {name: scan, line: [[30, 6], [30, 14]], lanes: 4, service: {lognormal: {mean: 2, sd: 0.5}}}
  exits:
    - {name: far, line: [[40, 8], [40, 12]]}
    - {name: back, line: [[0, 8], [0, 12]]}
    - {name: top, line: [[10, 20], [12, 20]]}
  zones:
    - {name: start, polygon: [[1, 1], [15, 1], [15, 19], [1, 19]]}
    - {name: pause, polygon: [[22, 2], [28, 2], [28, 18], [22, 18]]}
  waypoints: [{name: info, at: [17, 10], radius: 1.5}]
populations:
  - name: visitors
    count: 600
    in: start
    journey:
      - to: info
      - to: gate
      - {to: pause, stay: {uniform: [1, 4]}}
      - to: scan
      - exit: [far]
events:
  - {at: 4, close: gate}
  - {at: 8, open: gate}
  - {at: 12, close: scan}
  - {at: 14, open: scan}
  - {at: 16, close: top}
  - at: 24
    evacuate: {premovement: {uniform: [0, 3]}, exits: [far, back], route: quickest}
)";

struct Fixture {
  const char* name;
  const char* yaml;
  int steps;
  std::uint64_t golden;
};

const Fixture kFixtures[] = {
    {"dense room", kDenseRoom, 600, 0x4170735efc7b79f0ULL},
    {"wide exit", kWideExit, 600, 0x58becc9f4cbc3baaULL},
    {"checkpoint with events", kCheckpointEvents, 700, 0x225803a0931da98cULL},
};

class GoldenHash : public ::testing::TestWithParam<int> {};

TEST_P(GoldenHash, EqualsTheCommittedConstantOnOneTwoAndEightThreads) {
  const Fixture& f = kFixtures[GetParam()];
  for (const int threads : {1, 2, 8}) {
    const Outcome o = run(f.yaml, f.steps, threads);
    std::printf("%s, %d threads: hash 0x%016" PRIx64 ", %" PRId64 " spawned, %" PRId64
                " exited, %d door and %d checkpoint crossings\n",
                f.name, threads, o.hash, o.spawned, o.exited, o.door_crossings,
                o.checkpoint_crossings);
    // The fixture does what it is meant to exercise: people entered and left.
    EXPECT_GT(o.spawned, 0) << f.name;
    EXPECT_GT(o.exited, 0) << f.name;
    if (f.yaml == kCheckpointEvents) {
      EXPECT_GT(o.door_crossings, 0);
      EXPECT_GT(o.checkpoint_crossings, 0);
    }
    EXPECT_EQ(o.hash, f.golden) << f.name << " on " << threads << " threads";
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, GoldenHash, ::testing::Values(0, 1, 2));

}  // namespace
}  // namespace stroom
