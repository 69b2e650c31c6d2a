// What the viewer draws: a self-contained copy of the world at one moment, filled either by the
// live simulation's worker thread (from Simulation::view()) or by the replay (from a recorded
// frame). The UI thread only ever reads snapshots; it never touches the Simulation.
//
// SnapshotExchange hands snapshots from the worker to the UI without copying them under the
// lock: the worker fills its own back snapshot, then swaps it into the shared slot; the UI
// swaps the shared slot with its own front snapshot when a new one is there. Three buffers,
// two swaps, no allocation once the buffers have grown.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "stroom/scenario.hpp"
#include "stroom/summary.hpp"

namespace stroom::view {

/// A time series sampled at a fixed interval of simulated time, for ImGui::PlotLines.
struct Series {
  std::string name;
  std::vector<float> values;
  float max() const {
    float m = 0.0f;
    for (float v : values)
      m = v > m ? v : m;
    return m;
  }
};

struct Snapshot {
  double time = 0.0;  ///< s, simulated
  std::int64_t steps = 0;
  bool done = false;

  // Persons inside, one entry each, in the engine's slot order.
  std::vector<std::int32_t> ids;
  std::vector<double> x, y;              ///< m
  std::vector<float> speed;              ///< m/s
  std::vector<float> radius;             ///< m
  std::vector<std::int32_t> population;  ///< index into scenario.populations, -1 unknown
  std::vector<std::uint8_t> activity;    ///< stroom::Activity, or 0 when unknown
  std::vector<std::int32_t> group;       ///< walking group, 0 = alone or unknown
  /// Visitor profile: index into visitor_profile_names, -1 = none or unknown.
  std::vector<std::int32_t> visitor_profile;
  /// The profile names of the run, in ordered_profile_names() order (colours.hpp).
  std::vector<std::string> visitor_profile_names;

  // Open (1) / closed (0) state of the toggleable elements, by index into venue.exits /
  // doors / checkpoints: the engine's own state (StepView) in a live run, the recorded
  // events in a replay. Nobody re-derives it from walls or event names.
  std::vector<std::uint8_t> exit_open, door_open, checkpoint_open;
  std::vector<int> checkpoint_queue;

  // Counters.
  std::int64_t spawned = 0, exited = 0, inside = 0, waiting = 0, not_entered = 0;
  double alarm_time = -1.0;

  // Time series since t = 0. Live: the engine's Measurement series (inside and queues one
  // sample per `series_interval` = Measurement::kSampleInterval s, exit flows per whole
  // second); replay: persons inside per recorded frame (`series_interval` = frame interval).
  double series_interval = 1.0;
  Series inside_series;
  std::vector<Series> exit_flow;  ///< persons/s per exit
  std::vector<Series> checkpoint_queue_series;
  Series peak_density_series;      ///< persons/m², densest cell of the overlay's grid, per s
  double peak_density = 0.0;       ///< persons/m², highest seen so far
  double peak_density_time = 0.0;  ///< s

  std::vector<EventDesc> applied_events;  ///< events applied so far, `at` = when
  std::vector<double> profile_ms;         ///< mean ms per step per phase (live only)
  std::vector<std::string> profile_names;
  double realtime_factor = 0.0;  ///< simulated s per wall s, recent (live only)
  /// The figures as they stand (criteria pass/fail, flows, peak density): from the engine's
  /// Measurement during a live run, refreshed about once a second; summary.json in a replay.
  std::optional<Summary> summary;
  std::string error;  ///< set when the engine threw
};

class SnapshotExchange {
 public:
  /// Worker side: publishes `back` and gets an older buffer in return to refill.
  void publish(Snapshot& back) {
    std::lock_guard lock(mutex_);
    std::swap(shared_, back);
    fresh_ = true;
  }
  /// UI side: when a newer snapshot is there, swaps it into `front` and returns true.
  bool take_latest(Snapshot& front) {
    std::lock_guard lock(mutex_);
    if (!fresh_) return false;
    std::swap(shared_, front);
    fresh_ = false;
    return true;
  }

 private:
  std::mutex mutex_;
  Snapshot shared_;
  bool fresh_ = false;
};

}  // namespace stroom::view
