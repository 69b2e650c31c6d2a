// The range of every number of the scenario format, in one table (docs/scenario-format.md,
// "Limits"), and the checks that need more than one value (venue extent, grid cells, steps,
// persons, step length). The readers of yaml_reader.cpp consult the table for every number
// they read, so a value is checked against its range wherever it is written (file, include or
// --set override).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>

#include "stroom/limits.hpp"
#include "stroom/scenario.hpp"

namespace stroom::scenario_detail {

class YamlReader;

/// The allowed range of one quantity: lo <= value (lo < value when lo_open) and value <= hi.
struct Limit {
  double lo;
  double hi;
  bool lo_open;
  const char* unit;  ///< " s", " m", ... or "" (appended to the numbers in messages)

  bool admits(double value) const { return (lo_open ? value > lo : value >= lo) && value <= hi; }
  /// "between 0.001 and 0.2 s", "> 0 and <= 10 m/s".
  std::string describe() const;
};

/// `populations[0].arrive.total` → `populations.arrive.total`.
std::string strip_indices(std::string_view path);
/// The limit of the number (or distribution) at a dotted path, or null when it has none.
const Limit* limit_for(const std::string& path);

inline constexpr Limit kCoordinateLimit{-limits::kMaxCoordinate, limits::kMaxCoordinate, false,
                                        " m"};
inline constexpr Limit kRateTimeLimit{0.0, limits::kMaxDuration, false, " s"};
inline constexpr Limit kRateLimit{0.0, 10'000.0, false, " persons/s"};

/// The checks that combine values (see the constants of stroom/limits.hpp); `root` is the
/// scenario's YAML tree, for the locations of the values blamed.
void check_combined_limits(YamlReader& reader, const Scenario& scenario, const YAML::Node& root,
                           const std::string& venue_file);

/// What is wrong with a YAML text whose aliases expand it beyond `budget` values ("billion
/// laughs") or make a node contain itself; nullopt when neither. Reads the text's events
/// once, expanding nothing. Throws YAML::ParserException like YAML::Load.
std::optional<std::string> yaml_expansion_problem(const std::string& text, std::int64_t budget);

}  // namespace stroom::scenario_detail
