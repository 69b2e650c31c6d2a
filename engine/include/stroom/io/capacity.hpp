// The static capacity calculation a permit reviewer does by hand (`stroom capacity`): per zone
// and for the whole venue, persons, area, density, holding capacity, exit width, the persons
// the exits may serve and a flow-based egress time estimate, against a named norm.
//
//   flow time     = persons / (exit width × specific flow)
//   walking time  = longest walking distance to the nearest exit / mean desired speed
//   egress time   = flow time + walking time   (the usual hand formula; conservative, since
//                   the first people reach the exit long before the last one walks there)
//
// Walking distances are shortest paths around obstacles and closed doors (checkpoints count as
// passable), from the navigation module's walking-distance field to the nearest exit (first-
// order fast marching on its grid, which overestimates diagonal paths by a few per cent, so
// the figure errs on the long side). The longest distance is taken over sample points on a
// grid covering the zone's walkable part, plus the zone's corners. Persons: `count` where
// placed; arrivals the integral of their rate over the scenario's duration, capped by
// `total` — all counted as inside at once (conservative).
// Pure computation: no files, no printing (the CLI prints; stroom/io/capacity.hpp's
// capacity_json() gives the machine-readable form).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "stroom/geometry.hpp"
#include "stroom/scenario.hpp"

namespace stroom {

/// A norm for exits: either a route capacity (persons per metre of clear width a route may
/// serve, Bouwbesluit 2012 art. 2.108) or a specific flow (persons per metre per second).
struct ExitNorm {
  std::string name;   ///< command-line name, e.g. "bouwbesluit-90"
  std::string title;  ///< what it is and where it comes from
  /// Persons per metre of clear width (route-capacity norms); nullopt for flow norms.
  std::optional<double> persons_per_metre;
  /// Specific flow used for the egress time, persons/(m·s).
  double specific_flow = 0.0;
  /// Where the specific flow comes from (for route-capacity norms it is not part of the norm).
  std::string flow_source;
  /// Egress time the norm's persons-served figure refers to, s (flow norms); nullopt when the
  /// norm has none.
  std::optional<double> reference_time;
};

/// A density limit for holding capacity, persons/m².
struct DensityNorm {
  std::string name;
  std::string title;
  double density = 0.0;  ///< persons/m²
};

/// Every exit norm, default first.
std::span<const ExitNorm> exit_norms();
/// Every density norm, default first.
std::span<const DensityNorm> density_norms();
/// Looks a norm up by name; nullptr when unknown.
const ExitNorm* find_exit_norm(const std::string& name);
const DensityNorm* find_density_norm(const std::string& name);

struct CapacityOptions {
  std::string exit_norm = "bouwbesluit-90";
  std::string density_norm = "nl-event";
  /// Overrides the norm's reference egress time for "persons the exits may serve", s.
  std::optional<double> egress_limit;
  /// Sample spacing for walking distances, m; 0 = automatic (the navigation grid's cell, grown
  /// so that at most about 250 000 points are sampled).
  double grid_cell = 0.0;
};

/// One row of the table: a zone or the whole venue.
struct CapacityRow {
  std::string name;  ///< zone name, or "venue"
  bool is_venue = false;
  double persons = 0.0;            ///< placed + arriving (see the header comment)
  double area = 0.0;               ///< m², walkable part
  std::optional<double> density;   ///< persons/m²; nullopt for zero area
  double holding_capacity = 0.0;   ///< area × density limit, persons
  std::vector<std::string> exits;  ///< exits counted for this row
  /// True when the zone has no exit on its boundary, so the venue's exits and all the
  /// venue's persons are used for the flow time.
  bool uses_venue_exits = false;
  double exit_width = 0.0;                  ///< m, sum of the exits' widths
  double flow_persons = 0.0;                ///< persons that must pass those exits
  std::optional<double> exit_capacity;      ///< persons the exits may serve under the norm
  std::optional<double> flow_time;          ///< s; nullopt without exit width
  std::optional<double> walking_distance;   ///< m, longest to the nearest exit
  double mean_speed = 0.0;                  ///< m/s, mean desired speed of the persons here
  std::optional<double> walking_time;       ///< s
  std::optional<double> egress_time;        ///< s
  std::optional<int> permitted;             ///< zone `capacity`, if set
  std::optional<double> permitted_density;  ///< zone `max_density`, if set
  std::vector<std::string> warnings;        ///< limits exceeded, figures not computable
  /// False when persons exceed the holding capacity, the zone's capacity or what the exits
  /// may serve (checked for the venue and for zones with exits of their own), or the density
  /// exceeds the zone's max_density.
  bool within_limits = true;
};

struct CapacityReport {
  ExitNorm exit_norm;
  DensityNorm density_norm;
  std::optional<double> reference_time;  ///< s, used for exit_capacity of flow norms
  double grid_cell = 0.0;                ///< m, walking-distance sample spacing
  std::vector<CapacityRow> rows;         ///< zones in file order, then the venue
};

/// The hand formula: persons / (width × specific flow) + distance / speed. nullopt when the
/// width or flow is zero (no flow time) — the walking part alone is not an egress time.
std::optional<double> egress_time_estimate(double persons, double exit_width, double specific_flow,
                                           double walking_distance, double speed);

/// Persons expected in total for a population: count, or the arrival rate integrated over
/// [0, duration] (piecewise linear, 0 before the first and after the last point), capped by
/// `total`.
double expected_persons(const PopulationDesc& population, double duration);

/// The whole calculation. Throws std::invalid_argument for an unknown norm name.
CapacityReport compute_capacity(const Scenario& scenario, const Venue& venue,
                                const CapacityOptions& options = {});

namespace io {
/// The report as JSON text (stable key order, trailing newline).
std::string capacity_json(const CapacityReport& report);
}  // namespace io

}  // namespace stroom
