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

/// One input file of a run, copied into the results folder so that the folder replays anywhere.
struct InputFile {
  std::string path;      ///< the copy, relative to the results folder (forward slashes)
  std::string original;  ///< the file as it was opened for the run
  std::string sha256;    ///< of the file's bytes, lower-case hex
};

/// The copy of the scenario and its includes inside the results folder (summary.json `inputs`).
struct Inputs {
  std::string scenario;                ///< the copied scenario file, relative to the folder
  std::vector<std::string> overrides;  ///< the run's --set KEY=VALUE overrides, in order
  std::vector<InputFile> files;        ///< the scenario first, then its includes
};

/// The unit of a criterion's limit and value, with a leading space (" s", " P/m²", ...), and
/// the decimals that a reader needs (persons are whole numbers).
inline std::string criterion_value_unit(const std::string& name) {
  if (name == "max_evacuation_time" || name == "all_out_by") return " s";
  if (name == "max_density" || name.ends_with(":max_density")) return " P/m²";
  if (name == "max_exit_flow") return " P/(m·s)";
  if (name.ends_with(":capacity")) return " persons";
  return "";
}
inline int criterion_value_decimals(const std::string& name) {
  if (name.ends_with(":capacity")) return 0;
  if (name == "max_evacuation_time" || name == "all_out_by") return 1;
  return 2;
}

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

  /// Walking groups (docs/models.md "Walking groups") as they entered: a group counts with the
  /// members who entered the venue; one of whom only one member entered walked alone and is
  /// not counted. Present when a population of the scenario walks in groups.
  struct Groups {
    std::int64_t count = 0;             ///< groups of two or more who entered
    std::int64_t persons = 0;           ///< persons in them
    std::map<int, std::int64_t> sizes;  ///< number of groups by size
  };
  std::optional<Groups> groups;

  /// Visitor profiles (docs/models.md "Visitor profiles") of each population that has them,
  /// in the order of the file: the share asked for and the persons of the profile who entered.
  struct ProfileCount {
    std::string profile;
    double share = 0.0;  ///< asked, 0-1
    std::int64_t count = 0;
  };
  std::vector<std::pair<std::string, std::vector<ProfileCount>>> profiles;  ///< by population

  struct Evacuation {
    std::optional<double> alarm_time;
    std::optional<double> last_exit_time;
    std::optional<double> evacuation_time;
  } evacuation;

  std::map<std::string, ExitFigures> exits;
  std::map<std::string, LineFigures> lines;
  std::map<std::string, ZoneFigures> zones;

  /// measure.snapshots: what the run had at each time it reached (in the order asked).
  struct Snapshot {
    double time = 0.0;              ///< s: the density sample the map was taken at
    std::int64_t inside = 0;        ///< persons inside the venue (on the floor and indoors)
    std::int64_t indoors = 0;       ///< of them off the floor in `indoor` zones
    std::optional<double> densest;  ///< P/m², window-averaged; none: empty map
    std::optional<std::vector<double>> densest_at;  ///< [x, y] of that cell's centre
    std::map<std::string, std::int64_t> zones;      ///< persons in each zone
  };
  std::vector<Snapshot> snapshots;

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

  /// Persons who walked kStuckAfter seconds without coming kStuckProgress metres closer to
  /// their target (stroom/observation.hpp), and where: grouped into places of
  /// kStuckPlaceSize metres, the largest first.
  struct Stuck {
    double after = 0.0;     ///< s without progress
    double progress = 0.0;  ///< m that count as progress
    std::int64_t persons = 0;
    struct Place {
      double x = 0.0, y = 0.0;  ///< m, mean position of the persons reported there
      std::int64_t persons = 0;
      double since = 0.0;  ///< s, the earliest moment one of them stopped making progress
    };
    std::vector<Place> places;  ///< at most kStuckPlacesListed
  } stuck;

  std::vector<CriterionResult> criteria;

  /// The run reached time.duration while persons were still inside (the figures that need
  /// everyone out, such as the evacuation time, are then undetermined).
  bool duration_limit_reached = false;
  /// Written by `stroom run`; absent (std::nullopt) for runs that copy nothing.
  std::optional<Inputs> inputs;

  struct Runtime {
    double wall_seconds = 0.0;
    std::int64_t steps = 0;
    std::int64_t agent_steps = 0;
    double agent_steps_per_second = 0.0;
    int threads = 1;
    /// s of wall_seconds spent in the simulation's steps; the rest went to measuring and
    /// recording them (density grids, trajectories).
    double stepping_seconds = 0.0;
  } runtime;

  std::optional<CapacityFigures> capacity;  ///< absent where the run did not compute it

  bool all_criteria_pass() const {
    for (const auto& c : criteria)
      if (!c.pass) return false;
    return true;
  }
};

}  // namespace stroom
