// One simulation of the verification suite and what the tests need from it: exit and line
// crossing times, who left where, per-person start times and walking speeds, wall checks and
// Voronoi density/speed in the zone named `measurement`. The simulation runs on one thread,
// so a run is deterministic whatever else runs beside it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stroom/scenario.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom::verify {

/// What to run and what to record.
struct RunSpec {
  std::string file;                 ///< scenario path
  std::vector<Override> overrides;  ///< applied as `--set` would
  /// Voronoi samples in zone `measurement` between these times (s), when set.
  std::optional<double> voronoi_from, voronoi_until;
  double voronoi_interval = 0.5;  ///< s between Voronoi samples
  /// s: the Voronoi speeds use each person's velocity from displacement over ±this
  /// (stroom/displacement_speed.hpp, PedPy's frame_step), rounded to whole steps; 0: the
  /// velocity of the last step.
  double speed_half_window = 0.5;
  bool track_people = false;  ///< start times and speed samples per person
};

/// The record of one run. Person-indexed vectors are indexed by PersonId (0 unused).
struct RunRecord {
  std::string scenario_name;
  bool completed = false;  ///< everyone left before the duration
  double end_time = 0.0;   ///< s
  std::int64_t spawned = 0, exited = 0, inside = 0;
  double wall_seconds = 0.0;

  std::vector<std::string> exit_names, line_names;
  std::vector<std::vector<double>> exit_times;  ///< per exit, sorted, s
  std::vector<std::vector<double>> line_times;  ///< per line, both directions, sorted, s
  std::vector<int> exit_of;                     ///< exit used per person, -1 none
  std::vector<double> exit_time_of;             ///< s, NaN when not left
  std::vector<int> population_of;               ///< population per person, -1 unknown
  std::vector<std::string> population_names;

  // Only with track_people.
  std::vector<double> premovement_end;  ///< first observed step not in pre-movement, s (NaN)
  std::vector<double> first_move;       ///< first observed step with |v| > 0.05 m/s, s (NaN)
  std::vector<std::vector<float>> speed_samples;  ///< |v| while moving (> 0.05 m/s), m/s
  std::int64_t moved_during_premovement = 0;      ///< person-steps with |v| > 0.01 before start

  std::int64_t positions_checked = 0;
  std::int64_t positions_outside = 0;  ///< body centres outside the walkable area

  std::vector<double> voronoi_time, voronoi_density, voronoi_speed;  ///< s, P/m², m/s
};

/// Loads spec.file with spec.overrides and runs it to the end. Throws ScenarioError for a bad
/// scenario (a suite bug) and SimulationError from the engine.
RunRecord run_simulation(const RunSpec& spec);

/// Measures recorded trajectories as run_simulation() measures a simulation of spec.file (its
/// venue, zone `measurement` and lines, spec's Voronoi window): a text file of lines
/// `person frame x y [z]` (m; '#' starts a comment line; PeTrack's and JuPedSim's format) at
/// `frames_per_second`. Fills the Voronoi samples, the line crossings (interpolated between
/// frames), `spawned` (persons in the file) and `end_time`; nothing is simulated. Throws
/// std::runtime_error for an unreadable file or line.
RunRecord measure_trajectories(const RunSpec& spec, const std::string& path,
                               double frames_per_second);

/// Area of a simple polygon (either orientation), m².
double polygon_area(const Polygon& polygon);

}  // namespace stroom::verify
