// Replay of a finished run: a results folder (stroom run --out DIR) read back into memory.
// trajectories.sqlite (JuPedSim format v2: trajectory_data(frame, id, pos_x, pos_y, ...),
// metadata(fps)) is loaded once and indexed by frame, so scrubbing to any time is O(1) and
// playing backwards costs the same as forwards. summary.json gives the figures and the path of
// the scenario file, whose venue is drawn underneath.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "snapshot.hpp"

namespace stroom::view {

struct Recording {
  std::string folder;
  nlohmann::json summary;              ///< summary.json as read
  std::string scenario_path;           ///< resolved path of the scenario file ("" when not found)
  std::vector<std::string> overrides;  ///< the run's --set overrides (summary.json `inputs`)
  double fps = 2.0;                    ///< frames per second of simulated time
  std::vector<std::int64_t> frame_numbers;  ///< as stored, ascending
  std::vector<std::size_t> offsets;         ///< rows of frame k: [offsets[k], offsets[k+1])
  std::vector<std::int32_t> ids;            ///< per row, ascending within a frame
  std::vector<float> x, y;                  ///< m

  std::size_t frame_count() const { return frame_numbers.size(); }
  double time_of(std::size_t frame) const {
    return static_cast<double>(frame_numbers[frame]) / fps;
  }
  double duration() const { return frame_numbers.empty() ? 0.0 : time_of(frame_count() - 1); }
  /// Index of the last frame at or before time t (clamped to the recording).
  std::size_t frame_at(double t) const;
};

/// Reads summary.json and trajectories.sqlite from `folder`. The scenario is the copy that
/// `stroom run` left in the folder (summary.json `inputs.scenario`) when there is one, else the
/// file summary.json names (resolve_scenario_path). Throws std::runtime_error with a
/// message naming the file when either is missing or malformed.
Recording load_recording(const std::string& folder);

/// Finds the scenario named by summary.json's "file": as written, then relative to the results
/// folder and its parents. Empty when none exists.
std::string resolve_scenario_path(const std::string& folder, const std::string& file);

/// The snapshot of recorded frame `frame`: positions, speed from the neighbouring frame, the
/// open/closed state of exits and doors from the scenario's events up to that time, the
/// inside-count series up to that frame.
void fill_snapshot(const Recording& rec, std::size_t frame, const Scenario& scenario,
                   Snapshot& out);

}  // namespace stroom::view
