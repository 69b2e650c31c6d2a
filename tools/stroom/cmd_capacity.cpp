// stroom capacity SCENARIO [--norm NAME] [--density-norm NAME] [--n-1] [--json]: the static
// hand calculation of a permit reviewer (engine: stroom/io/capacity.hpp), printed as a table
// or JSON. Exit 1 when a row exceeds a limit (or, with --n-1, the worst case exceeds the
// egress limit), 0 otherwise.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "scenario_input.hpp"
#include "stroom/io/capacity.hpp"

namespace stroom::cli {

namespace {

struct CapacityArgs {
  std::string file;
  std::string norm;          // empty: from the venue's setting
  std::string density_norm;  // empty: from the venue's setting
  std::optional<double> egress_limit;
  bool n_minus_1 = false;
  bool json = false;
};

std::string norm_list_exit() {
  std::string out;
  for (const ExitNorm& n : exit_norms())
    out += "\n  " + n.name + (n.legacy ? " (legacy)" : "") + ": " + n.title;
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

/// Comma-separated, at most `most` names and then "and N more".
std::string joined(const std::vector<std::string>& items, std::size_t most = 100) {
  std::string out;
  for (std::size_t k = 0; k < items.size() && k < most; ++k)
    out += (out.empty() ? "" : ", ") + items[k];
  if (items.size() > most) out += " and " + std::to_string(items.size() - most) + " more";
  return out.empty() ? "-" : out;
}

void print_table(const Scenario& scenario, const CapacityReport& r) {
  const ExitNorm& en = r.exit_norm;
  std::printf("Capacity of \"%s\" (%s)\n", scenario.name.c_str(), scenario.file.c_str());
  std::printf("Setting       %s; norms: %s\n", setting_name(r.setting), r.norm_reason.c_str());
  std::printf("Exit norm     %s: %s\n", en.name.c_str(), en.title.c_str());
  if (en.legacy)
    std::printf("              (legacy: no longer in force; for plans dated before it lapsed)\n");
  std::printf("Density limit %s: %s\n", r.density_norm.name.c_str(), r.density_norm.title.c_str());
  std::printf("Specific flow %.3f P/(m·s) = %.0f P/(m·min): %s\n", en.specific_flow,
              en.specific_flow * 60.0, en.flow_source.c_str());
  if (r.egress_limit)
    std::printf("Egress limit  %.0f s, from %s\n", *r.egress_limit, r.egress_limit_source.c_str());
  else
    std::printf(
        "Egress limit  none (the norm sets none and the scenario has no "
        "max_evacuation_time)\n");
  if (r.alarm_time)
    std::printf(
        "Reference     the alarm at %g s: exits, doors and checkpoints as after the "
        "events up to then; exits from the evacuate event's list\n",
        *r.alarm_time);
  else
    std::printf("Reference     t = 0 (no evacuate event): exits from each journey's exit list\n");
  if (en.persons_per_metre && en.reference_time)
    std::printf("Exits may serve = width used × %.0f persons per metre per minute × %.1f min\n",
                *en.persons_per_metre, *en.reference_time / 60.0);
  else if (en.persons_per_metre)
    std::printf("Exits may serve = width used × %.0f persons per metre\n", *en.persons_per_metre);
  else if (r.egress_limit)
    std::printf("Exits may serve = width used × specific flow × %.0f s\n", *r.egress_limit);
  std::printf(
      "Exit flow     = min(width × specific flow, checkpoint lanes / mean service time, "
      "max_flow × width)\n");
  std::printf(
      "Flow time     = shortest time for the usable exits at their flow to pass every "
      "person, each through the exits open to them\n");
  std::printf(
      "Egress time   = flow time + longest walking distance to the nearest usable exit "
      "(around obstacles, sampled every %.2f m) / mean desired speed\n",
      r.grid_cell);
  std::printf(
      "Persons       = count placed, or arrivals over the duration (capped by total), "
      "all inside at once\n\n");

  std::printf("%-20s %7s %7s %8s  %s\n", "exit", "width m", "used m", "flow P/s", "status");
  for (const ExitUse& x : r.exits) {
    std::string status = x.used ? "used" : "left out";
    for (const std::string& note : x.notes)
      status += "; " + note;
    std::printf("%-20s %7.2f %7.2f %8.2f  %s\n", x.name.c_str(), x.width, x.width_used, x.flow,
                status.c_str());
  }
  std::printf("\n");

  std::printf("%-16s %9s %10s %6s %8s %8s %8s %9s %8s %7s %7s %8s\n", "zone", "persons", "area m²",
              "P/m²", "holding", "permit", "exit m", "may serve", "flow s", "walk m", "walk s",
              "egress s");
  for (const CapacityRow& row : r.rows) {
    std::string name = row.name;
    if (!row.shared_with.empty()) name += "*";
    std::printf("%-16s %9.0f %10.1f %6s %8.0f %8s %8.2f %9s %8s %7s %7s %8s\n", name.c_str(),
                row.persons, row.area, cell(row.density, "%.2f").c_str(), row.holding_capacity,
                row.permitted ? std::to_string(*row.permitted).c_str() : "-", row.exit_width,
                cell(row.exit_capacity, "%.0f").c_str(), cell(row.flow_time, "%.0f").c_str(),
                cell(row.walking_distance, "%.1f").c_str(), cell(row.walking_time, "%.0f").c_str(),
                cell(row.egress_time, "%.0f").c_str());
  }
  const CapacityRow& venue = r.rows.back();
  std::printf("\nExits used: %s\n", joined(venue.exits).c_str());
  for (const CapacityRow& row : r.rows)
    if (!row.is_venue && row.exits != venue.exits)
      std::printf("  %s uses: %s\n", row.name.c_str(), joined(row.exits).c_str());
  bool any_shared = false;
  for (const CapacityRow& row : r.rows)
    any_shared = any_shared || !row.shared_with.empty();
  if (any_shared) {
    std::printf("* exits shared with persons from elsewhere: the flow time counts them too\n");
    for (const CapacityRow& row : r.rows)
      if (!row.shared_with.empty())
        std::printf("  %s shares with: %s\n", row.name.c_str(), joined(row.shared_with, 4).c_str());
  }
  bool header = false;
  for (const CapacityRow& row : r.rows) {
    for (const std::string& w : row.warnings) {
      if (!header) std::printf("\nWarnings\n");
      header = true;
      std::printf("  %s: %s\n", row.name.c_str(), w.c_str());
    }
  }
  if (!r.n_minus_1.empty()) {
    std::printf("\nN-1: the venue with one exit unavailable, worst first\n");
    std::printf("%-20s %10s %8s %8s %9s  %s\n", "without", "exit m", "flow s", "walk m", "egress s",
                "within limit");
    for (const WithoutExit& w : r.n_minus_1)
      std::printf("%-20s %10.2f %8s %8s %9s  %s\n", w.without.c_str(), w.exit_width,
                  cell(w.flow_time, "%.0f").c_str(), cell(w.walking_distance, "%.1f").c_str(),
                  cell(w.egress_time, "%.0f").c_str(),
                  !w.egress_time   ? "no (someone has no exit left)"
                  : w.within_limit ? "yes"
                                   : "no");
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
  exit_names.insert(exit_names.end(), {"bouwbesluit-90", "bouwbesluit-110", "bouwbesluit-135"});
  cmd->add_option("--norm", args->norm,
                  "Exit norm (default from venue.setting: building and tent bbl-90, open-air "
                  "open-air):" +
                      norm_list_exit())
      ->check(CLI::IsMember(exit_names));
  cmd->add_option("--density-norm", args->density_norm,
                  "Density limit for holding capacity (default from venue.setting: building "
                  "bbl-gathering, tent nen8020-41, open-air nl-event):" +
                      norm_list_density())
      ->check(CLI::IsMember(density_names));
  cmd->add_option("--egress-limit", args->egress_limit,
                  "Egress time limit, s (default: the scenario's max_evacuation_time, else its "
                  "all_out_by less the alarm time, else the "
                  "norm's own: bbl 210, open-air 300, green-guide 480)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--n-1", args->n_minus_1,
                "Also compute the venue with each usable exit unavailable in turn, worst first; "
                "exit 1 when the worst case exceeds the egress limit");
  cmd->add_flag("--json", args->json, "Machine-readable output (JSON on stdout)");
  return [args] {
    refuse_venue_include(args->file, "capacity");
    const Scenario scenario = load_checked_scenario(args->file);
    const Venue venue(scenario.venue);
    CapacityOptions options;
    options.exit_norm = args->norm;
    options.density_norm = args->density_norm;
    options.egress_limit = args->egress_limit;
    options.n_minus_1 = args->n_minus_1;
    const CapacityReport report = compute_capacity(scenario, venue, options);
    if (args->json)
      std::cout << io::capacity_json(report);
    else
      print_table(scenario, report);
    std::cout.flush();
    for (const CapacityRow& row : report.rows)
      if (!row.within_limits) return kExitCriteriaFailed;
    if (!report.n_minus_1.empty() && !report.n_minus_1.front().within_limit)
      return kExitCriteriaFailed;
    return kExitOk;
  };
}

}  // namespace stroom::cli
