// stroom validate SCENARIO: everything `run` would refuse, and the geometry, without
// simulating. Prints `ok` and a one-line description, or the errors (exit 2).
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "commands.hpp"
#include "scenario_input.hpp"
#include "stroom/io/capacity.hpp"

namespace stroom::cli {

namespace {

std::string describe(const Scenario& scenario, const Venue& venue) {
  double width = 0.0;
  for (const ExitDesc& e : scenario.venue.exits)
    width += e.line.length();
  std::int64_t placed = 0;
  double arrivals = 0.0;
  for (const PopulationDesc& p : scenario.populations) {
    if (p.count)
      placed += *p.count;
    else
      arrivals += expected_persons(p, scenario.duration);
  }
  const std::size_t exits = scenario.venue.exits.size();
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "%s: walkable area %.1f m², %zu exit%s (%.2f m wide in total), %lld persons at "
                "t = 0 + %.0f arrivals",
                scenario.name.c_str(), venue.area(), exits, exits == 1 ? "" : "s", width,
                static_cast<long long>(placed), arrivals);
  return buf;
}

}  // namespace

Command add_validate(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check a scenario (format and geometry) without simulating; exit 0 or 2");
  cmd->add_option("SCENARIO", *file, "Scenario file (.yaml)")->required();
  return [file] {
    if (is_venue_include(*file)) {
      // A venue include on its own: every rule of a venue and its geometry; no persons.
      ScenarioDraft draft = read_venue_include_draft(*file);
      std::vector<Diagnostic> problems = checked_problems(draft, *file);
      if (!problems.empty()) throw ScenarioError(std::move(problems));
      const Scenario venue_only = std::move(draft.scenario);
      const Venue venue(venue_only.venue);
      double width = 0.0;
      for (const ExitDesc& e : venue_only.venue.exits)
        width += e.line.length();
      std::printf(
          "ok\n%s: a venue include (%s): walkable area %.1f m², %zu exits (%.2f m wide "
          "in total)\n",
          file->c_str(), used_by_text(*file).c_str(), venue.area(), venue_only.venue.exits.size(),
          width);
      return kExitOk;
    }
    const Scenario scenario = load_checked_scenario(*file);
    const Venue venue(scenario.venue);
    print_scenario_warnings(scenario);
    std::cout << "ok\n" << describe(scenario, venue) << '\n';
    return kExitOk;
  };
}

}  // namespace stroom::cli
