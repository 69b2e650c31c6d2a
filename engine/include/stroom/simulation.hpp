// The simulation: a validated Scenario in, one fixed time step at a time, a StepView out.
//
//   Simulation sim(scenario, {.threads = 2});
//   while (!sim.done()) {
//     sim.step();
//     measurement.observe(sim.view());   // engine/measure, trajectory writers, the viewer
//   }
//
// One step is a fixed pipeline of named phases (Phase below), each a function over the whole
// structure-of-arrays person state and each timed into the StepProfile:
//
//   events → spawning → neighbour grid → route/target → operational model
//          → move and constrain → crossings → observation
//
// Parallel phases read the frozen current state and write only their own person's slot of the
// next state; everything that changes the set of people (spawning, leaving) runs serially in
// person-id order. All randomness is counter-based (stroom/random.hpp), keyed by person id and
// purpose. Result: the same scenario and seed give bit-identical output on any thread count.
//
// Not thread-safe: one thread drives a Simulation (the viewer runs it on a worker thread and
// copies the view). The Simulation uses its own TBB arena with `threads` workers.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "stroom/geometry.hpp"
#include "stroom/navigation.hpp"
#include "stroom/observation.hpp"
#include "stroom/scenario.hpp"

namespace stroom {

struct SimulationOptions {
  /// Worker threads for the parallel phases; 0 = all cores. More than the number of cores is
  /// allowed (tests use it to check determinism); results never depend on it.
  int threads = 0;
};

/// The named phases of one step, in pipeline order.
enum class Phase : int {
  events,          ///< scheduled and what-if events (alarm, close, open)
  spawning,        ///< arrivals enter, delayed arrivals retry
  neighbour_grid,  ///< cell grid of persons, rebuilt each step
  route,           ///< journey progress, targets, route choice, desired directions
  operational,     ///< the operational model: new velocities
  move,            ///< integrate positions, keep everyone inside the walkable area
  crossings,       ///< exits, doors, checkpoints and lines crossed; leavers removed
  observation,     ///< the StepView assembled
};
inline constexpr int kPhaseCount = 8;

/// Name of a phase for profiles and plots ("events", "neighbour grid", ...).
std::string_view phase_name(Phase phase);

/// Wall-clock time spent per phase, summed over all steps so far.
struct StepProfile {
  std::array<double, kPhaseCount> seconds{};  ///< s per phase, indexed by Phase
  std::int64_t steps = 0;                     ///< steps measured

  double phase_seconds(Phase p) const { return seconds[static_cast<int>(p)]; }
  double total_seconds() const {
    double t = 0.0;
    for (double s : seconds)
      t += s;
    return t;
  }
};

/// What a person is doing, for observers (StepView::activity).
enum class Activity : std::uint8_t {
  walking,      ///< on the way to the current journey target
  staying,      ///< staying inside a zone or at a waypoint for a sampled time
  queueing,     ///< waiting in front of a checkpoint for a free lane
  in_service,   ///< being served at a checkpoint line
  premovement,  ///< alarm heard, not yet moving (evacuation premovement delay)
  evacuating,   ///< walking to an exit after the alarm
};

class Simulation {
 public:
  /// Builds venue, navigation and people from a validated scenario. Runs check_geometry
  /// first and resolves every name (resolve_references()); throws ScenarioError with their
  /// diagnostics. Nothing after construction throws a ScenarioError.
  explicit Simulation(const Scenario& scenario, SimulationOptions options = {});
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;
  Simulation(Simulation&&) noexcept;
  Simulation& operator=(Simulation&&) noexcept;

  /// Advances one time step (scenario.step seconds). Does nothing once done().
  void step();
  /// Duration reached, or nobody inside and nobody still to arrive.
  bool done() const;
  /// Simulated time at the end of the last step, s.
  double time() const;
  /// Steps taken so far.
  std::int64_t steps() const;

  /// The world after the last step (or the initial placement before the first step).
  /// The spans inside stay valid until the next call of step().
  StepView view() const;
  /// What each person in view() is doing, in the same slot order as view().ids.
  std::span<const Activity> activity() const;

  const Scenario& scenario() const;
  const Venue& venue() const;
  /// The distance fields the persons walk by, in the current blocking state: a tool that walks
  /// the same venue after the run (the capacity calculation) may read them.
  const Navigation& navigation() const;

  /// What-if for the viewer (close/open/evacuate): applied at the start of the next step
  /// whatever its `at`, and recorded with that time in applied_events(). Its names are
  /// resolved now; an event naming no exit, door or checkpoint of the venue is a programmer
  /// error (asserted) and is dropped.
  void schedule(const EventDesc& event);
  /// Every event applied so far (scenario events and scheduled ones), `at` = time applied.
  const std::vector<EventDesc>& applied_events() const;

  std::int64_t spawned() const;           ///< persons who entered so far
  std::int64_t exited() const;            ///< persons who left through an exit so far
  std::int64_t inside() const;            ///< persons in the venue now
  std::int64_t waiting_to_enter() const;  ///< arrivals due but delayed by a full spawn area
  /// Arrivals that will never enter: arrivals cancelled by an evacuation alarm, plus, once
  /// done(), those still waiting. Counts towards summary.json's agents.not_entered.
  std::int64_t not_entered() const;

  /// Sum over steps of the persons inside during the step.
  std::int64_t agent_steps() const;
  const StepProfile& profile() const;
  /// Worker threads in use.
  int threads() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stroom
