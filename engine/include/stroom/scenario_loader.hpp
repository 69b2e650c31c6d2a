// Loading scenarios: YAML text → validated, typed Scenario (stroom/scenario.hpp).
// Every structural problem is collected and thrown together as one ScenarioError.
// Geometric checks (self-intersection, exits on the boundary, reachability) are in
// stroom/geometry.hpp: check_geometry().
#pragma once

#include <string>
#include <vector>

#include "stroom/scenario.hpp"

namespace stroom {

/// A `--set KEY=VALUE` override: a dotted path into the YAML document (list elements by
/// index, e.g. `populations.0.count`) and the scalar written in YAML syntax.
struct Override {
  std::string key;
  std::string value;
};

/// Parses "KEY=VALUE"; throws ScenarioError (file "--set") when malformed.
Override parse_override(const std::string& text);

/// Reads and validates a scenario file, applying overrides before validation.
/// Throws ScenarioError with every problem found (FILE:LINE:COLUMN each).
Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides = {});

/// As load_scenario, from text already in memory; `file` is used in messages only.
Scenario parse_scenario(const std::string& yaml_text, const std::string& file,
                        const std::vector<Override>& overrides = {});

}  // namespace stroom
