// The figures of one run, mirroring summary.json of the CLI contract key for key.
// Filled by the measurement module (engine/measure) and the simulation; written by
// engine/io. std::nullopt is written as JSON null ("could not be determined").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stroom {

struct ExitFigures {
  std::int64_t count = 0;
  std::optional<double> first, last;  ///< s, first and last crossing
  double peak_flow = 0.0;             ///< persons/s over measure.window
  double width = 0.0;                 ///< m
};

struct LineFigures {
  std::int64_t forward = 0;
  std::int64_t backward = 0;
  double peak_flow = 0.0;  ///< persons/s, both directions, over measure.window
};

struct ZoneFigures {
  std::int64_t peak_occupancy = 0;
  double peak_density = 0.0;  ///< persons/m²
  std::optional<std::int64_t> capacity;
  double area = 0.0;  ///< m², clipped to the walkable area
};

struct CriterionResult {
  std::string name;  ///< e.g. "max_evacuation_time", "zone:field:capacity"
  double limit = 0.0;
  std::optional<double> value;
  bool pass = false;
  std::string note;  ///< why it failed or could not be evaluated; empty otherwise
};

/// The hand calculation of `stroom capacity` for the scenario's venue row, set beside the
/// simulated evacuation (written by `stroom run`; see stroom/io/capacity.hpp).
struct CapacityFigures {
  std::string norm;        ///< exit norm preset name, e.g. "open-air"
  std::string norm_title;  ///< its citation
  std::string density_norm;
  std::string setting;         ///< venue.setting: building, tent or open-air
  double specific_flow = 0.0;  ///< P/(m·s)
  double persons = 0.0;
  double exit_width = 0.0;  ///< m, width used (after checkpoint and max_flow limits)
  std::optional<double> flow_time, walking_distance, walking_time, egress_time;  ///< s, m
  std::optional<double> egress_limit;                                            ///< s
  std::string egress_limit_source;
};

struct Summary {
  std::string stroom_version;
  std::string scenario;
  std::string file;
  std::uint64_t seed = 1;
  std::string model;
  double step = 0.05;
  double simulated_time = 0.0;
  bool completed = false;

  struct Agents {
    std::int64_t spawned = 0, exited = 0, inside = 0, not_entered = 0;
  } agents;

  struct Evacuation {
    std::optional<double> alarm_time;
    std::optional<double> last_exit_time;
    std::optional<double> evacuation_time;
  } evacuation;

  std::map<std::string, ExitFigures> exits;
  std::map<std::string, LineFigures> lines;
  std::map<std::string, ZoneFigures> zones;

  struct Density {
    std::optional<double> peak;                  ///< persons/m²
    std::optional<double> peak_time;             ///< s
    std::optional<std::vector<double>> peak_at;  ///< [x, y] of the peak cell centre
    /// One entry per density threshold measured (docs/measurement.md), ascending.
    struct Exceedance {
      double threshold = 0.0;     ///< persons/m²
      double area = 0.0;          ///< m² of walkable grid cells ever above the threshold
      double longest = 0.0;       ///< s, the longest unbroken time any cell stayed above it
      double area_seconds = 0.0;  ///< m²·s: walkable area × time above, summed over cells
    };
    std::vector<Exceedance> exceedance;
  } density;

  /// Crowd pressure P = ρ · Var(v) (Helbing et al. 2007), docs/measurement.md.
  struct Pressure {
    std::optional<double> peak;                  ///< 1/s²
    std::optional<double> peak_time;             ///< s
    std::optional<std::vector<double>> peak_at;  ///< [x, y] of the cell centre
    double threshold = 0.0;                      ///< 1/s², the level of the paper
    double area_above = 0.0;                     ///< m² ever above the threshold
  } pressure;

  struct TravelTime {
    std::optional<double> mean, p50, p95, max;  ///< s
  } travel_time;

  std::vector<CriterionResult> criteria;

  struct Runtime {
    double wall_seconds = 0.0;
    std::int64_t steps = 0;
    std::int64_t agent_steps = 0;
    double agent_steps_per_second = 0.0;
    int threads = 1;
  } runtime;

  std::optional<CapacityFigures> capacity;  ///< absent where the run did not compute it

  bool all_criteria_pass() const {
    for (const auto& c : criteria)
      if (!c.pass) return false;
    return true;
  }
};

}  // namespace stroom
