// The read-only view of the world that the simulation hands to its observers after every
// step: measurement (engine/measure), trajectory writers (engine/io) and the viewer. Observers
// never see or change the simulation's internals; the spans are valid until the next step.
#pragma once

#include <cstdint>
#include <span>

namespace stroom {

/// Stable person id: assigned in spawn order from 1 upward, never reused within a run.
using PersonId = std::int32_t;

enum class CrossingKind : std::uint8_t { exit, line, door, checkpoint };

/// One person crossing an exit, measurement line, door or checkpoint line during a step.
struct Crossing {
  double time = 0.0;  ///< s, interpolated time of the crossing within the step
  PersonId person = 0;
  CrossingKind kind = CrossingKind::line;
  int element = 0;  ///< index into venue.exits / lines / doors / checkpoints
  /// +1 when crossing from the left of the segment a→b to its right ("forward"), -1 otherwise.
  int direction = 1;
};

/// A person who has been walking for kStuckAfter seconds without coming kStuckProgress
/// metres closer to their target (walking distance), while not queueing, staying, being
/// served or in premovement: a clogged door, a dead end the route cannot leave. Reported once
/// per person.
struct StuckPerson {
  PersonId person = 0;
  int population = -1;      ///< index into scenario.populations
  double x = 0.0, y = 0.0;  ///< m, where the person stands when reported
  double since = 0.0;       ///< s, the last time the person made progress
};
inline constexpr double kStuckAfter = 30.0;    ///< s without progress
inline constexpr double kStuckProgress = 0.5;  ///< m closer to the target that counts as progress

/// The world after a step, structure-of-arrays, one entry per person inside, in slot order.
struct StepView {
  double time = 0.0;  ///< s, simulated time at the end of the step
  double step = 0.0;  ///< s, length of the step
  std::span<const PersonId> ids;
  std::span<const double> x, y;     ///< m
  std::span<const double> vx, vy;   ///< m/s
  std::span<const double> radius;   ///< m
  std::span<const int> population;  ///< index into scenario.populations
  /// Walking group of each person (docs/models.md "Walking groups"); 0 = alone.
  std::span<const std::int32_t> group;
  /// Visitor profile of each person: index into its population's `profiles`, -1 without
  /// (docs/models.md "Visitor profiles").
  std::span<const std::int32_t> profile;
  std::span<const Crossing> crossings;  ///< crossings during this step, in (time, person) order
  std::span<const PersonId> spawned;    ///< persons who entered during this step
  std::span<const PersonId> exited;     ///< persons who left through an exit during this step
  int waiting_to_enter = 0;             ///< arrivals delayed because their spawn area was full
  /// Persons waiting at or being served by each checkpoint (index = checkpoint).
  std::span<const int> checkpoint_queue;
  /// Blocking flag per wall (stroom/geometry.hpp), so observers see closed doors and exits.
  std::span<const std::uint8_t> wall_blocking;
  /// The engine's open (1) / closed (0) state per exit, door and checkpoint (index = venue
  /// element) after this step's events. Observers read it here instead of replaying events.
  std::span<const std::uint8_t> exit_open, door_open, checkpoint_open;
  /// Persons reported stuck during this step (each once per run).
  std::span<const StuckPerson> stuck;
  /// Time of the evacuation alarm, or negative when none has sounded yet.
  double alarm_time = -1.0;
  /// Persons off the floor inside each `indoor` zone (index = zone; empty when the venue has
  /// none): inside the venue and in the zone's occupancy, but not in the arrays above.
  std::span<const std::int32_t> indoors;
};

}  // namespace stroom
