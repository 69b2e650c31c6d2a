// One run of a scenario from start to results folder: the loop that `stroom run`, each run of
// `stroom batch` and any other front end share, so that a (scenario, seed) gives the same
// figures whichever of them ran it.
//
//   Simulation ──step──► Measurement (figures)  ──► summary.json (written last, atomically)
//                  └───► TrajectoryRecorder     ──► trajectories.sqlite | .csv (optional)
//                                               ──► report.html (optional)
//                                               ──► maps.geojson (output.maps)
//
// The caller owns everything that is not the run: loading and checking the scenario, creating
// the results folder, signal handling (it passes a stop flag) and progress display (it passes
// a callback). A run that is stopped writes what it has and marks "completed": false.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <string>
#include <vector>

#include "stroom/observation.hpp"
#include "stroom/report.hpp"
#include "stroom/scenario.hpp"
#include "stroom/summary.hpp"

namespace stroom::io {

struct RunOptions {
  /// Worker threads of the simulation; 0 = all cores. Results never depend on it.
  int threads = 0;
  /// Results folder; must exist. Old summary.json, report.html, maps.geojson and trajectory
  /// files in it are
  /// removed before the run starts, so they are never mistaken for this run's.
  std::filesystem::path out;
  /// Overrides the scenario's output.trajectories when set.
  std::optional<TrajectoryFormat> trajectories;
  /// Overrides the scenario's output.maps when set.
  std::optional<MapsFormat> maps;
  /// Writes report.html (the density maps cost a little time per run).
  bool report = true;
  /// Checked before every step; when it reads true the run stops and is written as
  /// interrupted. May be set from a signal handler (std::atomic<bool> is lock-free here).
  const std::atomic<bool>* stop = nullptr;
  /// Copies the scenario and its includes into out/scenario/ before the run and records them
  /// (with their SHA-256 and `overrides`) in summary.json's `inputs` (stroom/io/inputs.hpp).
  bool copy_inputs = false;
  /// The --set KEY=VALUE overrides the scenario was loaded with, recorded with the copy so that
  /// a replay loads the same scenario.
  std::vector<std::string> overrides;
  /// The density classes of the report's maps.
  DensityClasses density_classes = DensityClasses::limits;
  /// The venue's underlay decoded by the caller (the engine reads no image formats), drawn
  /// under the report's venue map; null for none.
  std::shared_ptr<const UnderlayImage> underlay;
  /// Called after every step with the simulated time (s) and the persons inside.
  std::function<void(double simulated_time, std::int64_t inside)> progress;
  /// Called once when the run loop has ended (finished or stopped), before the results are
  /// written.
  std::function<void()> writing;
};

/// Throws SimulationError naming the person, the time and the model when a position or
/// velocity of `view` is NaN or infinite (run_scenario checks every step with it).
void check_finite(const StepView& view, const Scenario& scenario);

struct RunOutcome {
  Summary summary;           ///< as written to summary.json
  bool interrupted = false;  ///< the stop flag ended the run early
};

/// Simulates the scenario to its end (or until *options.stop), measures, and writes the
/// trajectories, report.html and, last, summary.json into options.out. Throws SimulationError
/// when a file cannot be written.
RunOutcome run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace stroom::io
