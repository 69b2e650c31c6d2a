// Loading a scenario for a command: the file, the --set overrides, then the geometric checks.
// Every problem is thrown as one ScenarioError (exit code 2).
#pragma once

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "stroom/geometry.hpp"
#include "stroom/scenario.hpp"
#include "stroom/scenario_loader.hpp"
#include "underlay_reader.hpp"

namespace stroom::cli {

/// Every problem of a draft (scenario_problems()) and of its underlay plan, which only the
/// tools can open (underlay::check()), sorted by position.
inline std::vector<Diagnostic> checked_problems(const ScenarioDraft& draft,
                                                const std::string& path) {
  std::vector<Diagnostic> problems = scenario_problems(draft);
  std::vector<Diagnostic> underlay = underlay::check(draft.scenario.venue);
  if (underlay.empty()) return problems;
  problems.insert(problems.end(), underlay.begin(), underlay.end());
  sort_by_position(problems, path);
  return problems;
}

/// The scenario with the overrides (each "KEY=VALUE"), format and geometry checked in one
/// pass: every problem found (scenario_problems()), sorted by position.
inline Scenario load_checked_scenario(const std::string& path,
                                      const std::vector<Override>& overrides = {}) {
  ScenarioDraft draft = read_scenario_draft(path, overrides);
  std::vector<Diagnostic> problems = checked_problems(draft, path);
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  return std::move(draft.scenario);
}

/// The scenarios in the venue include's folder and the folders below it (two levels) whose
/// `venue:` names that file, as paths relative to the include's folder, sorted.
inline std::vector<std::string> scenarios_using(const std::string& venue_file) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::error_code ec;
  const fs::path folder = fs::absolute(venue_file, ec).parent_path();
  auto it = fs::recursive_directory_iterator(folder, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it.depth() >= 2) it.disable_recursion_pending();
    const fs::path& file = it->path();
    if (!it->is_regular_file(ec) || file.extension() != ".yaml") continue;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("venue:", 0) != 0) continue;
      std::string value = line.substr(6);
      value.erase(0, value.find_first_not_of(" \t\"'"));
      value.erase(std::min(value.find('#'), value.size()));
      value.erase(value.find_last_not_of(" \t\"'\r") + 1);
      if (!value.empty() && fs::equivalent(file.parent_path() / value, venue_file, ec))
        out.push_back(file.lexically_relative(folder).generic_string());
      break;
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// "used by a.yaml, b.yaml" or "used by no scenario in its folder".
inline std::string used_by_text(const std::string& venue_file) {
  const std::vector<std::string> users = scenarios_using(venue_file);
  if (users.empty()) return "used by no scenario in its folder";
  std::string text = "used by ";
  for (std::size_t i = 0; i < users.size(); ++i)
    text += (i ? ", " : "") + users[i];
  return text;
}

/// For a command that needs a whole scenario: refuses a venue include with one line that
/// says which scenarios use it (ScenarioError, exit 2).
inline void refuse_venue_include(const std::string& path, const std::string& command) {
  if (!is_venue_include(path)) return;
  throw ScenarioError({{{path, 0, 0},
                        "this is a venue include, not a scenario (" + used_by_text(path) +
                            "): run `stroom " + command + "` on a scenario that uses it"}});
}

/// Things that are allowed but probably not meant, as `FILE:LINE:COLUMN: warning: ...` lines:
/// a time criterion whose limit lies after time.duration (the run stops before it can tell
/// a slow evacuation from one that never ends); an experimental operational model.
inline std::vector<std::string> scenario_warnings(const Scenario& scenario) {
  std::vector<std::string> out;
  const auto text = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return std::string(buf);
  };
  const auto warn = [&](const SourceLocation& where, const std::string& what, double until) {
    Diagnostic d{where, ""};
    std::string line = d.format();
    const std::size_t error = line.find(": error: ");
    if (error != std::string::npos) line.resize(error);
    out.push_back(line + ": warning: " + what + " reaches t = " + text(until) +
                  " s, but time.duration is " + text(scenario.duration) +
                  " s: the run stops first, so this criterion cannot pass if the crowd is "
                  "still inside then (raise time.duration to at least " +
                  text(until) + ")");
  };
  const CriteriaDesc& c = scenario.criteria;
  if (c.max_evacuation_time) {
    double alarm = 0.0;
    for (const EventDesc& e : scenario.events)
      if (e.kind == EventDesc::Kind::evacuate) {
        alarm = e.at;
        break;
      }
    const double until = alarm + c.max_evacuation_time->limit;
    if (until > scenario.duration + 1e-9)
      warn(c.max_evacuation_time->where,
           "max_evacuation_time (" + text(c.max_evacuation_time->limit) + " s after the alarm " +
               (alarm > 0.0 ? "at " + text(alarm) + " s" : "at t = 0") + ")",
           until);
  }
  if (c.all_out_by && c.all_out_by->limit > scenario.duration + 1e-9)
    warn(c.all_out_by->where, "all_out_by", c.all_out_by->limit);
  const ModelInfo& model = model_info(scenario.model.type);
  if (model.experimental != nullptr) {
    Diagnostic d{scenario.model.where.file.empty() ? SourceLocation{scenario.file, 0, 0}
                                                   : scenario.model.where,
                 ""};
    std::string line = d.format();
    const std::size_t error = line.find(": error: ");
    if (error != std::string::npos) line.resize(error);
    out.push_back(line + ": warning: model.type " + model.name +
                  " is experimental: " + model.experimental +
                  "; its results are for comparison only, not for a permit (docs/models.md)");
  }
  return out;
}

/// Prints scenario_warnings() on stderr.
inline void print_scenario_warnings(const Scenario& scenario) {
  for (const std::string& w : scenario_warnings(scenario))
    std::cerr << w << '\n';
  std::cerr.flush();
}

}  // namespace stroom::cli
