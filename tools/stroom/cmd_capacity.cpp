// stroom capacity SCENARIO [--norm NAME] [--density-norm NAME] [--n-1] [--json] [--lang L]:
// the static hand calculation of a permit reviewer (engine: stroom/io/capacity.hpp), printed
// as a table (io::capacity_text, in English or Dutch) or JSON (always language-neutral). Exit 1
// when a row exceeds a limit (or, with --n-1, the worst case exceeds the egress limit), 0
// otherwise.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "language.hpp"
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
  std::string lang;  ///< "en" | "nl"; empty: STROOM_LANG, else English
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
  cmd->add_flag("--json", args->json,
                "Machine-readable output (JSON on stdout; keys, numbers and notes in English "
                "whatever --lang says)");
  cmd->add_option("--lang", args->lang, lang_help())->check(CLI::IsMember({"en", "nl"}));
  return [args] {
    // JSON is language-neutral; the language is still checked, so a bad STROOM_LANG is refused
    // the same way whatever the output.
    const Lang chosen = chosen_lang(args->lang);
    const Lang lang = args->json ? Lang::en : chosen;
    refuse_venue_include(args->file, "capacity");
    const Scenario scenario = load_checked_scenario(args->file);
    const Venue venue(scenario.venue);
    CapacityOptions options;
    options.exit_norm = args->norm;
    options.density_norm = args->density_norm;
    options.egress_limit = args->egress_limit;
    options.n_minus_1 = args->n_minus_1;
    options.lang = lang;
    const CapacityReport report = compute_capacity(scenario, venue, options);
    if (args->json) {
      std::cout << io::capacity_json(report);
    } else {
      const LanguageScope language(lang);
      std::cout << io::capacity_text(scenario, report);
    }
    std::cout.flush();
    for (const CapacityRow& row : report.rows)
      if (!row.within_limits) return kExitCriteriaFailed;
    if (!report.n_minus_1.empty() && !report.n_minus_1.front().within_limit)
      return kExitCriteriaFailed;
    return kExitOk;
  };
}

}  // namespace stroom::cli
