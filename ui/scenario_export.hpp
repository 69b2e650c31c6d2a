// "Save scenario as…": the scenario file as loaded, plus the what-if events recorded in the
// viewer (an exit closed at t = 312.5 s, ...), so that the CLI can re-run exactly what was
// tried interactively and put it in a report.
#pragma once

#include <string>
#include <vector>

#include "stroom/scenario.hpp"

namespace stroom::view {

/// The events of `applied` that the scenario itself did not contain (what-ifs), in order.
std::vector<EventDesc> what_if_events(const Scenario& scenario,
                                      const std::vector<EventDesc>& applied);

/// The YAML text of `original_yaml` with `extra` appended to its `events:` list (created when
/// absent). Comments of the original are not kept (yaml-cpp does not keep them). Throws
/// YAML::Exception when the original does not parse.
std::string scenario_with_events(const std::string& original_yaml,
                                 const std::vector<EventDesc>& extra);

/// Reads `source_path`, writes scenario_with_events(...) to `target_path`. Returns an empty
/// string on success, otherwise the reason.
std::string save_scenario_with_events(const std::string& source_path,
                                      const std::string& target_path,
                                      const std::vector<EventDesc>& extra);

}  // namespace stroom::view
