// Loading a scenario for a command: the file, the --set overrides, then the geometric checks.
// Every problem is thrown as one ScenarioError (exit code 2).
#pragma once

#include <string>
#include <vector>

#include "stroom/geometry.hpp"
#include "stroom/scenario.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom::cli {

/// load_scenario() with the overrides (each "KEY=VALUE"), then check_geometry().
inline Scenario load_checked_scenario(const std::string& path,
                                      const std::vector<Override>& overrides = {}) {
  Scenario scenario = load_scenario(path, overrides);
  std::vector<Diagnostic> problems = check_geometry(scenario);
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  return scenario;
}

}  // namespace stroom::cli
