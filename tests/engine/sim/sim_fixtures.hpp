// Canonical scenarios for the simulation tests, written as the YAML a user would write.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "stroom/scenario_loader.hpp"
#include "stroom/simulation.hpp"

namespace stroom::test {

inline Scenario scenario_from_yaml(const std::string& yaml) {
  return parse_scenario(yaml, "test.yaml");
}

/// A 10 m × 10 m room, `count` persons in its west 7 m, one exit of `door` metres in the
/// middle of the east wall.
inline std::string room_yaml(int count, double door,
                             const std::string& model = "collision-free-speed", int seed = 3) {
  const double lo = 5.0 - door / 2.0, hi = 5.0 + door / 2.0;
  return "stroom: 1\nname: room\nseed: " + std::to_string(seed) +
         "\ntime: {step: 0.05, duration: 400}\nmodel: {type: " + model +
         "}\nvenue:\n  walkable:\n    - [[0, 0], [10, 0], [10, 10], [0, 10]]\n  exits:\n"
         "    - {name: door, line: [[10, " +
         std::to_string(lo) + "], [10, " + std::to_string(hi) +
         "]]}\n  zones:\n    - {name: hall, polygon: [[0, 0], [7, 0], [7, 10], [0, 10]]}\n"
         "populations:\n  - name: crowd\n    count: " +
         std::to_string(count) + "\n    in: hall\n";
}

/// Steps until done() or `max_steps`, calling `observe` after every step.
inline void run(Simulation& sim, int max_steps,
                const std::function<void(const Simulation&)>& observe = {}) {
  for (int k = 0; k < max_steps && !sim.done(); ++k) {
    sim.step();
    if (observe) observe(sim);
  }
}

/// Runs until done() or `max_steps` and returns the exit crossing times, sorted.
inline std::vector<double> exit_times(Simulation& sim, int max_steps) {
  std::vector<double> times;
  run(sim, max_steps, [&](const Simulation& s) {
    for (const Crossing& c : s.view().crossings)
      if (c.kind == CrossingKind::exit) times.push_back(c.time);
  });
  std::sort(times.begin(), times.end());
  return times;
}

/// Persons per second while the crowd is still pressing: between the 10th and the 90th
/// percentile of the sorted exit times, so start-up and the stragglers do not count.
inline double steady_flow(const std::vector<double>& times) {
  if (times.size() < 10) return 0.0;
  const std::size_t a = times.size() / 10, b = times.size() * 9 / 10;
  return static_cast<double>(b - a) / (times[b] - times[a]);
}

/// FNV-1a over the bytes of spans of a step view, for the same-result-on-every-thread-count
/// tests: mix each step's ids, positions and whatever the test is about.
struct RunHash {
  std::uint64_t value = 0xcbf29ce484222325ULL;
  template <class T>
  void mix(std::span<const T> data) {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    for (std::size_t k = 0; k < data.size_bytes(); ++k)
      value = (value ^ p[k]) * 0x100000001b3ULL;
  }
};

}  // namespace stroom::test
