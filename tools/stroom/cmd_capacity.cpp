// stroom capacity SCENARIO [--norm NAME] [--density-norm NAME] [--json]: the static hand
// calculation of a permit reviewer (engine: stroom/io/capacity.hpp), printed as a table or
// JSON. Exit 1 when a row exceeds a limit, 0 otherwise.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "commands.hpp"
#include "scenario_input.hpp"
#include "stroom/io/capacity.hpp"

namespace stroom::cli {

namespace {

struct CapacityArgs {
  std::string file;
  std::string norm = "bouwbesluit-90";
  std::string density_norm = "nl-event";
  std::optional<double> egress_limit;
  bool json = false;
};

std::string norm_list_exit() {
  std::string out;
  for (const ExitNorm& n : exit_norms())
    out += "\n  " + n.name + ": " + n.title;
  return out;
}

std::string norm_list_density() {
  std::string out;
  for (const DensityNorm& n : density_norms())
    out += "\n  " + n.name + ": " + n.title;
  return out;
}

std::string cell(const std::optional<double>& v, const char* format) {
  if (!v) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, *v);
  return buf;
}

void print_table(const Scenario& scenario, const CapacityReport& r) {
  const ExitNorm& en = r.exit_norm;
  std::printf("Capacity of \"%s\" (%s)\n", scenario.name.c_str(), scenario.file.c_str());
  std::printf("Exit norm     %s: %s\n", en.name.c_str(), en.title.c_str());
  std::printf("Density limit %s: %s (%.2f P/m²)\n", r.density_norm.name.c_str(),
              r.density_norm.title.c_str(), r.density_norm.density);
  std::printf("Specific flow %.3f P/(m·s) = %.0f P/(m·min): %s\n", en.specific_flow,
              en.specific_flow * 60.0, en.flow_source.c_str());
  if (en.persons_per_metre)
    std::printf("Exits may serve = exit width × %.0f persons per metre\n", *en.persons_per_metre);
  else if (r.reference_time)
    std::printf("Exits may serve = exit width × specific flow × %.0f s\n", *r.reference_time);
  std::printf("Egress time   = persons / (exit width × specific flow) + walking time\n");
  std::printf(
      "Walking time  = longest walking distance to the nearest exit, around obstacles "
      "(sampled every %.2f m) / mean desired speed\n",
      r.grid_cell);
  std::printf(
      "Persons       = count placed, or arrivals over the duration (capped by total), "
      "all inside at once\n\n");

  std::printf("%-16s %9s %10s %6s %8s %8s %8s %9s %8s %7s %7s %8s\n", "zone", "persons", "area m²",
              "P/m²", "holding", "permit", "exit m", "may serve", "flow s", "walk m", "walk s",
              "egress s");
  for (const CapacityRow& row : r.rows) {
    std::string name = row.name;
    if (row.uses_venue_exits) name += "*";
    std::printf("%-16s %9.0f %10.1f %6s %8.0f %8s %8.2f %9s %8s %7s %7s %8s\n", name.c_str(),
                row.persons, row.area, cell(row.density, "%.2f").c_str(), row.holding_capacity,
                row.permitted ? std::to_string(*row.permitted).c_str() : "-", row.exit_width,
                cell(row.exit_capacity, "%.0f").c_str(), cell(row.flow_time, "%.0f").c_str(),
                cell(row.walking_distance, "%.1f").c_str(), cell(row.walking_time, "%.0f").c_str(),
                cell(row.egress_time, "%.0f").c_str());
  }
  bool any_shared = false;
  for (const CapacityRow& row : r.rows)
    any_shared = any_shared || row.uses_venue_exits;
  if (any_shared)
    std::printf(
        "* no exit on the zone's boundary: flow time over all the venue's exits and "
        "persons\n");
  bool header = false;
  for (const CapacityRow& row : r.rows) {
    for (const std::string& w : row.warnings) {
      if (!header) std::printf("\nWarnings\n");
      header = true;
      std::printf("  %s: %s\n", row.name.c_str(), w.c_str());
    }
  }
}

}  // namespace

Command add_capacity(CLI::App& app) {
  auto args = std::make_shared<CapacityArgs>();
  CLI::App* cmd = app.add_subcommand(
      "capacity",
      "Static capacity calculation (persons, area, density, exit width, egress time) per zone "
      "and for the venue; exit 1 when a limit is exceeded");
  cmd->add_option("SCENARIO", args->file, "Scenario file (.yaml)")->required();
  std::vector<std::string> exit_names, density_names;
  for (const ExitNorm& n : exit_norms())
    exit_names.push_back(n.name);
  for (const DensityNorm& n : density_norms())
    density_names.push_back(n.name);
  cmd->add_option("--norm", args->norm, "Exit norm (default bouwbesluit-90):" + norm_list_exit())
      ->check(CLI::IsMember(exit_names));
  cmd->add_option("--density-norm", args->density_norm,
                  "Density limit for holding capacity (default nl-event):" + norm_list_density())
      ->check(CLI::IsMember(density_names));
  cmd->add_option("--egress-limit", args->egress_limit,
                  "Egress time, s, for 'exits may serve' under a flow norm (default: the norm's "
                  "own: green-guide 480, open-air 300)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--json", args->json, "Machine-readable output (JSON on stdout)");
  return [args] {
    const Scenario scenario = load_checked_scenario(args->file);
    const Venue venue(scenario.venue);
    CapacityOptions options;
    options.exit_norm = args->norm;
    options.density_norm = args->density_norm;
    options.egress_limit = args->egress_limit;
    const CapacityReport report = compute_capacity(scenario, venue, options);
    if (args->json)
      std::cout << io::capacity_json(report);
    else
      print_table(scenario, report);
    std::cout.flush();
    for (const CapacityRow& row : report.rows)
      if (!row.within_limits) return kExitCriteriaFailed;
    return kExitOk;
  };
}

}  // namespace stroom::cli
