// The static capacity calculation a permit reviewer does by hand (`stroom capacity`): per zone
// and for the whole venue, persons, area, density, holding capacity, the exits the persons can
// actually use, the persons those exits may serve and a flow-based egress time estimate,
// against a named norm. docs/capacity.md gives every rule and every norm with its source.
//
//   exit flow     = min(width × specific flow, checkpoint service rate, max_flow × width), P/s
//   flow time     = the shortest time in which the usable exits, each at its flow, pass every
//                   person, each person only through the exits open to them (see flow_time())
//   walking time  = longest walking distance to the nearest usable exit / mean desired speed
//   egress time   = flow time + walking time   (the usual hand formula; conservative, since
//                   the first people reach the exit long before the last one walks there)
//
// The exits a population can use follow the scenario: the state of exits, doors and
// checkpoints at the alarm (the first `evacuate` event, or t = 0 without one) after the events
// up to then; the evacuate event's exit list, or else the exit list of the population's
// journey; and reachability from where the population starts, around obstacles and closed
// doors. An exit that can only be reached through a checkpoint passes at most the checkpoint's
// service rate (lanes / mean service time).
//
// Walking distances are shortest paths from the navigation module's walking-distance fields
// (first-order fast marching on its grid, which overestimates diagonal paths by a few per
// cent, so the figure errs on the long side), sampled on a grid over the start area plus its
// corners. Persons: `count` where placed; arrivals the integral of their rate over the
// scenario's duration, capped by `total`, all counted as inside at once (conservative).
// Pure computation: no files, no printing (capacity_text() gives the table the CLI prints,
// capacity_json() the machine-readable form).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "stroom/geometry.hpp"
#include "stroom/lang.hpp"
#include "stroom/navigation.hpp"
#include "stroom/scenario.hpp"
#include "stroom/summary.hpp"

namespace stroom {

/// A norm for exits: a route capacity (persons per metre of clear width, per minute under the
/// Bbl's time-step method, in total under the Bouwbesluit 2012) or a specific flow.
struct ExitNorm {
  std::string name;   ///< command-line name, e.g. "bbl-90"
  std::string title;  ///< what it is and where it comes from (article, date in force)
  /// Persons per metre of clear width the exits may serve (route-capacity norms): within the
  /// reference time for per-minute norms, in total for the Bouwbesluit 2012; nullopt for flow
  /// norms, whose capacity is width × specific flow × reference time.
  std::optional<double> persons_per_metre;
  /// Specific flow used for the flow time, persons/(m·s).
  double specific_flow = 0.0;
  /// Where the specific flow comes from (for the Bouwbesluit 2012 it is not part of the norm).
  std::string flow_source;
  /// Egress time the norm sets, s; nullopt when the norm has none.
  std::optional<double> reference_time;
  /// True for norms that are no longer in force (kept for plans dated before they lapsed).
  bool legacy = false;
};

/// A density limit for holding capacity, persons/m².
struct DensityNorm {
  std::string name;
  std::string title;
  double density = 0.0;  ///< persons/m²
  /// Some limits apply only to large gatherings that cannot leave quickly (the Bbl's 2 P/m²):
  /// the limit holds when persons > condition_persons and the egress time > condition_time;
  /// otherwise `otherwise` applies.
  std::optional<double> condition_persons;
  std::optional<double> condition_time;  ///< s
  double otherwise = 0.0;                ///< persons/m² when the condition does not hold
};

/// Every exit norm, current first.
std::span<const ExitNorm> exit_norms();
/// Every density norm.
std::span<const DensityNorm> density_norms();
/// Looks a norm up by name (old names of renamed norms too); nullptr when unknown.
const ExitNorm* find_exit_norm(const std::string& name);
const DensityNorm* find_density_norm(const std::string& name);

/// The norms a venue's setting implies when none is named.
struct DefaultNorms {
  std::string exit_norm;
  std::string density_norm;
  std::string reason;  ///< one sentence: which setting, and why these norms follow
};
DefaultNorms default_norms(VenueSetting setting);
const char* setting_name(VenueSetting setting);

struct CapacityOptions {
  /// Empty = the default for the venue's setting (default_norms()).
  std::string exit_norm;
  std::string density_norm;
  /// Overrides the egress limit (otherwise the scenario's max_evacuation_time, then its all_out_by
  /// less the alarm time, then the norm's reference time), s.
  std::optional<double> egress_limit;
  /// Sample spacing for walking distances, m; 0 = automatic (the navigation grid's cell, grown
  /// so that at most about 250 000 points are sampled).
  double grid_cell = 0.0;
  /// Also compute the venue with each usable exit unavailable in turn (CapacityReport::
  /// n_minus_1).
  bool n_minus_1 = false;
  /// Language of the texts of the report (norm_reason, egress_limit_source, exit notes, row
  /// warnings), whatever the calling thread's language: English for JSON and summary.json,
  /// Dutch only for the table of `stroom capacity --lang nl` (capacity_text()).
  Lang lang = Lang::en;
  /// Distance fields already computed on the same Venue (a finished run's,
  /// Simulation::navigation()): a walking distance to the same exits in the same blocking
  /// state is read from them instead of computed again (the same figures). Never changed.
  const Navigation* fields = nullptr;
};

/// One exit of the venue: whether the persons can use it, and at what flow.
struct ExitUse {
  std::string name;
  double width = 0.0;                     ///< m, clear width (length of the exit line)
  bool used = false;                      ///< some population can use it
  double flow = 0.0;                      ///< P/s it passes in the calculation; 0 when not used
  double width_used = 0.0;                ///< m, flow / specific flow (≤ width)
  std::optional<double> closed_at;        ///< s, closed at the alarm since this time
  std::optional<double> closes_later;     ///< s, closed by an event after the alarm (counted)
  bool in_route = true;                   ///< in the exit list of at least one population
  bool reachable = true;                  ///< reachable from where some population starts
  std::vector<std::string> checkpoints;   ///< the checkpoints every way to it passes
  std::optional<double> checkpoint_rate;  ///< P/s those checkpoints serve at most
  std::optional<double> max_flow_rate;    ///< P/s, the exit's max_flow × width
  std::vector<std::string> notes;         ///< why it is left out or limited, in words
};

/// One row of the table: a zone or the whole venue.
struct CapacityRow {
  std::string name;  ///< zone name, or "venue"
  bool is_venue = false;
  double persons = 0.0;            ///< placed + arriving (see the header comment)
  double area = 0.0;               ///< m², walkable part
  std::optional<double> density;   ///< persons/m²; nullopt for zero area
  double density_limit = 0.0;      ///< persons/m² of the density norm as it applies here
  double holding_capacity = 0.0;   ///< area × density limit, persons
  std::vector<std::string> exits;  ///< exits the persons here can use
  double exit_width = 0.0;         ///< m, sum of those exits' width_used
  /// Persons that must pass those exits: this zone's, and everybody else's who may use them
  /// too (names in shared_with).
  double flow_persons = 0.0;
  std::vector<std::string> shared_with;     ///< populations from elsewhere using these exits
  std::optional<double> exit_capacity;      ///< persons the exits may serve under the norm
  std::optional<double> flow_time;          ///< s; nullopt without a usable exit
  std::optional<double> walking_distance;   ///< m, longest to the nearest usable exit
  double mean_speed = 0.0;                  ///< m/s, mean desired speed of the persons here
  std::optional<double> walking_time;       ///< s
  std::optional<double> egress_time;        ///< s
  std::optional<int> permitted;             ///< zone `capacity`, if set
  std::optional<double> permitted_density;  ///< zone `max_density`, if set
  std::vector<std::string> warnings;        ///< limits exceeded, figures not computable
  /// False when persons exceed the holding capacity, the zone's capacity or what the exits
  /// may serve, the egress time exceeds the egress limit (checked for the venue and for zones
  /// whose exits nobody else uses), or the density exceeds the zone's max_density.
  bool within_limits = true;
};

/// The venue with one exit unavailable (`--n-1`).
struct WithoutExit {
  std::string without;                     ///< the exit left out
  double exit_width = 0.0;                 ///< m, width_used of the exits left
  std::optional<double> flow_time;         ///< s; nullopt when someone has no exit left
  std::optional<double> walking_distance;  ///< m
  std::optional<double> egress_time;       ///< s; nullopt when someone has no exit left
  bool within_limit = true;                ///< egress time within the egress limit
};

struct CapacityReport {
  ExitNorm exit_norm;
  DensityNorm density_norm;
  VenueSetting setting = VenueSetting::building;
  std::string norm_reason;             ///< why these norms (setting, or named by the user)
  std::optional<double> alarm_time;    ///< s, the first evacuate event, if any
  std::optional<double> egress_limit;  ///< s, the egress time the rows are held to
  std::string egress_limit_source;     ///< where that limit comes from
  double grid_cell = 0.0;              ///< m, walking-distance sample spacing
  std::vector<ExitUse> exits;          ///< every exit of the venue, in file order
  std::vector<CapacityRow> rows;       ///< zones in file order, then the venue
  std::vector<WithoutExit> n_minus_1;  ///< worst first; empty unless asked for
  const CapacityRow& venue() const { return rows.back(); }
};

/// The hand formula: persons / (width × specific flow) + distance / speed. nullopt when the
/// width or flow is zero (no flow time) — the walking part alone is not an egress time.
std::optional<double> egress_time_estimate(double persons, double exit_width, double specific_flow,
                                           double walking_distance, double speed);

/// Persons expected in total for a population: count, or the arrival rate integrated over
/// [0, duration] (piecewise linear, 0 before the first and after the last point), capped by
/// `total`.
double expected_persons(const PopulationDesc& population, double duration);

/// Groups of persons, each allowed a set of exits (indices into `exit_flow`, P/s). The
/// shortest time in which all pass when every exit runs at its flow: the largest, over every
/// union U of the groups' exit sets, of (persons whose set lies within U) / (flow of U) — the
/// max-flow bound, exact for a transport problem of this shape. nullopt when a group with
/// persons has no exit of positive flow. With more than 16 distinct sets, only the single sets
/// and their union are tried (a lower bound; the caller says so).
struct FlowGroup {
  double persons = 0.0;
  std::vector<int> exits;
};
std::optional<double> flow_time(std::span<const FlowGroup> groups,
                                std::span<const double> exit_flow);

/// The whole calculation. Throws std::invalid_argument for an unknown norm name.
CapacityReport compute_capacity(const Scenario& scenario, const Venue& venue,
                                const CapacityOptions& options = {});

/// The venue row and the norms, as summary.json's `capacity` block.
CapacityFigures capacity_figures(const CapacityReport& report);

namespace io {
/// The report as JSON text (stable key order, trailing newline). Keys and numbers never
/// depend on the language; give it a report computed with CapacityOptions::lang = en.
std::string capacity_json(const CapacityReport& report);

/// The report as the table `stroom capacity` prints, in current_lang(): the norms, the
/// formulas, the exits, the zones and the venue, the warnings and the N-1 cases. Numbers use
/// the decimal separator of the language (display_number()). For Dutch, compute the report
/// with CapacityOptions::lang = nl so that its notes and warnings are Dutch too.
std::string capacity_text(const Scenario& scenario, const CapacityReport& report);
}  // namespace io

}  // namespace stroom
