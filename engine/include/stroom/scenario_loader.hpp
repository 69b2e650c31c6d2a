// Loading scenarios: YAML text → validated, typed Scenario (stroom/scenario.hpp), following
// docs/scenario-format.md. Every structural problem is collected and thrown together as one
// ScenarioError, one Diagnostic (FILE:LINE:COLUMN) per problem. Geometric checks
// (self-intersection, exits on the boundary, reachability) are in stroom/geometry.hpp:
// check_geometry().
//
// Order of work: parse the YAML → replace a `venue: FILE` include by that file's map (path
// relative to the scenario file; its locations name that file) → apply the overrides in
// order → validate. Overrides therefore obey every rule of the format, and problems with an
// overridden value are reported at file "--set".
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "stroom/scenario.hpp"

namespace stroom {

/// A `--set KEY=VALUE` override: a dotted path into the YAML document (list elements by
/// index, e.g. `populations.0.count`) and the value in YAML syntax (a number, a name, a flow
/// list such as `[[0, 0], [0, 2]]` or a flow map). A missing key is created, with any
/// missing maps on its path; an index beyond a list's end is an error. Lists grow and shrink:
/// `LIST.+` appends the value as a new last element (`events.+={at: 20, close: west}`) and
/// `LIST.-N` with the value `remove` removes element N (`events.-0=remove`); later elements
/// move up, so overrides that follow see the new numbering.
struct Override {
  std::string key;
  std::string value;
};

/// Parses "KEY=VALUE" (split at the first '='); throws ScenarioError (file "--set") when the
/// text has no '=', an empty key or value, an empty path element, or a value that is not YAML.
Override parse_override(const std::string& text);

/// Reads and validates a scenario file, applying overrides before validation.
/// Throws ScenarioError with every problem found (FILE:LINE:COLUMN each).
Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides = {});

/// A scenario read as far as its problems allow: what is needed to report the format problems
/// and the geometric ones (check_geometry) in one pass. An element of the venue, or an event,
/// whose description has a problem is left out of `scenario`; a population is kept, and
/// `population_read` says whether it was read without a problem.
struct ScenarioDraft {
  Scenario scenario;
  /// Every format and reference problem, sorted by position (sort_by_position). Empty: the
  /// scenario is exactly what load_scenario() returns.
  std::vector<Diagnostic> problems;
  bool area_read = false;             ///< the venue map, every walkable polygon and every obstacle
  bool exits_read = false;            ///< every exit
  bool events_read = false;           ///< every event (true when there are none)
  std::vector<bool> population_read;  ///< one per scenario.populations
};

/// As load_scenario(), but returns the problems with what could be read instead of throwing
/// them. Throws ScenarioError only when there is no tree to read: a file that cannot be read,
/// a YAML syntax error, a document that expands beyond the limits.
ScenarioDraft read_scenario_draft(const std::string& path,
                                  const std::vector<Override>& overrides = {});

/// As read_scenario_draft(), from text already in memory (as parse_scenario()).
ScenarioDraft parse_scenario_draft(const std::string& yaml_text, const std::string& file,
                                   const std::vector<Override>& overrides = {});

/// Sorts problems by position: the files in the order they first appear, `main_file` first,
/// then line and column; problems at one position keep their order.
void sort_by_position(std::vector<Diagnostic>& diagnostics, const std::string& main_file);

/// As load_scenario, from text already in memory; `file` is used in messages and as the base
/// folder of a venue include.
Scenario parse_scenario(const std::string& yaml_text, const std::string& file,
                        const std::vector<Override>& overrides = {});

/// Resolves every name the populations, journeys and events use into the references the
/// typed scenario carries (ElementRef, exit index lists, zone indices), so that nothing after
/// loading looks a name up. load_scenario() and parse_scenario() have done it; code that
/// builds a Scenario by hand calls it (the Simulation does, on its copy). Idempotent. Throws
/// ScenarioError listing every unknown name.
void resolve_references(Scenario& scenario);

/// Resolves the names of one event (close/open target, evacuation exits) against `venue`;
/// returns the problems (empty: resolved).
std::vector<Diagnostic> resolve_event(const VenueDesc& venue, EventDesc& event);

/// The first element of one of `kinds` (in that order) named `name`, if any.
std::optional<ElementRef> find_element(const VenueDesc& venue, const std::string& name,
                                       std::initializer_list<ElementRef::Kind> kinds);

/// True when the file is a venue include (what `venue: FILE` names): a YAML map with a
/// `walkable` key and no `stroom` key. False for scenarios and for files that do not parse.
bool is_venue_include(const std::string& path);

/// Reads a venue include on its own, with every rule of a scenario's `venue` map. The returned
/// Scenario has only `file`, `name` (the file name) and `venue` filled in (no populations),
/// enough for check_geometry(). Throws ScenarioError with every problem found.
Scenario load_venue_include(const std::string& path);

/// As load_venue_include(), returning the problems with what could be read (ScenarioDraft;
/// no populations or events).
ScenarioDraft read_venue_include_draft(const std::string& path);

}  // namespace stroom
