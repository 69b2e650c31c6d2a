// Replay of a finished run: a results folder (stroom run --out DIR) read back into memory.
// trajectories.sqlite (JuPedSim format v2: trajectory_data(frame, id, pos_x, pos_y, ...),
// metadata(fps)) is loaded once and indexed by frame, so scrubbing to any time is O(1) and
// playing backwards costs the same as forwards. Stroom's own events(time, kind, target) table
// says when each exit, door and checkpoint closed or opened and when the alarm sounded, as the
// run applied them; its names are resolved to venue indices once (element_timeline), never
// while drawing. summary.json gives the figures and the path of the scenario file, whose venue
// is drawn underneath.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "snapshot.hpp"
#include "stroom/measurement.hpp"
#include "stroom/scenario.hpp"

namespace stroom::view {

/// One row of trajectories.sqlite's events table, as stored.
struct RecordedEvent {
  double time = 0.0;  ///< s, when the run applied it
  EventDesc::Kind kind = EventDesc::Kind::evacuate;
  std::string target;  ///< close/open: the element's name; empty for evacuate
};

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
  /// Per person id (index = id; ids are dense from 1), from the persons table where the file
  /// has the columns: body radius (0 = unknown), walking group (0 = alone or unknown) and
  /// visitor profile (index into profile_names, -1 = none or unknown).
  std::vector<float> person_radius;
  std::vector<std::int32_t> person_group;
  std::vector<std::int32_t> person_profile;
  std::vector<std::string> profile_names;  ///< in ordered_profile_names() order (colours.hpp)
  /// The events table (false for files written before Stroom recorded it).
  bool has_events = false;
  std::vector<RecordedEvent> events;  ///< in time order

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

/// When each exit, door and checkpoint was open and when the alarm sounded, by venue index.
struct ElementTimeline {
  std::vector<ElementHistory> exits, doors, checkpoints;  ///< index = venue element
  std::vector<EventDesc> events;  ///< applied events in time order, `at` = when, ref resolved
  double alarm_time = -1.0;       ///< s, negative when no alarm sounded
};

/// Resolves the recording's events table against `scenario` once, at load. A recording
/// without the table (older files) falls back to the scenario's own events, through their
/// resolved `ref`. Throws std::runtime_error naming trajectories.sqlite when an event names no
/// exit, door or checkpoint of the scenario (the folder and the scenario do not belong
/// together).
ElementTimeline element_timeline(const Recording& rec, const Scenario& scenario);

/// The snapshot of recorded frame `frame`: positions, speed from the neighbouring frame, the
/// open/closed state of exits, doors and checkpoints and the events applied up to that time
/// (from `timeline`), the inside-count series up to that frame.
void fill_snapshot(const Recording& rec, const ElementTimeline& timeline, std::size_t frame,
                   Snapshot& out);

}  // namespace stroom::view
