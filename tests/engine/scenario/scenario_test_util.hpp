// Helpers shared by the scenario tests: load from text and inspect diagnostics.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stroom/scenario_loader.hpp"

namespace stroom::test {

/// A minimal valid scenario: a 10 m x 4 m room, one exit, one population of 10.
inline std::string minimal_scenario(const std::string& population_extra = "",
                                    const std::string& top_extra = "") {
  return "stroom: 1\n"
         "name: minimal\n"
         "time: {duration: 60}\n"
         "venue:\n"
         "  walkable:\n"
         "    - [[0, 0], [10, 0], [10, 4], [0, 4]]\n"
         "  exits:\n"
         "    - {name: east, line: [[10, 1], [10, 3]]}\n"
         "  zones:\n"
         "    - {name: start, polygon: [[1, 1], [4, 1], [4, 3], [1, 3]]}\n"
         "populations:\n"
         "  - name: people\n"
         "    count: 10\n"
         "    in: start\n" +
         population_extra + top_extra;
}

/// The diagnostics a text produces; empty when it loads.
inline std::vector<Diagnostic> diagnostics_of(const std::string& text,
                                              const std::vector<Override>& overrides = {}) {
  try {
    (void)parse_scenario(text, "test.yaml", overrides);
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

/// True when one diagnostic is at line:column and contains `fragment`.
inline ::testing::AssertionResult has_diagnostic(const std::vector<Diagnostic>& diagnostics,
                                                 int line, int column,
                                                 const std::string& fragment) {
  std::string all;
  for (const auto& d : diagnostics) {
    if (d.where.line == line && d.where.column == column &&
        d.message.find(fragment) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
    all += "\n  " + d.format();
  }
  return ::testing::AssertionFailure()
         << "no diagnostic at " << line << ":" << column << " containing '" << fragment
         << "'; got:" << (all.empty() ? " none" : all);
}

}  // namespace stroom::test
