// The typed, immutable description of a scenario: exactly the contract of
// shared spec scenario-v1 (documented in docs/scenario-format.md), with every default filled
// in. Built by load_scenario() (stroom/scenario_loader.hpp) and never from YAML elsewhere.
// Every element keeps the SourceLocation of its YAML node so that later checks (geometry,
// reachability) report FILE:LINE:COLUMN errors too.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "stroom/distribution.hpp"
#include "stroom/error.hpp"
#include "stroom/model_params.hpp"
#include "stroom/vec2.hpp"

namespace stroom {

// [SECTION] Venue

struct ObstacleDesc {
  std::string name;  ///< may be empty
  Polygon polygon;
  SourceLocation where;
};

struct ExitDesc {
  std::string name;
  Segment line;  ///< on the boundary of the walkable area; crossing it = leaving the venue
  SourceLocation where;
  /// Persons per metre of width per second (P/(m·s)) that may cross at most, > 0; empty =
  /// unlimited. At most max_flow × width persons per second cross, without bursts: whoever
  /// would cross sooner waits at the line. Last, with an initializer, so that the aggregate
  /// {name, line, where} stays valid.
  std::optional<double> max_flow = std::nullopt;
};

struct DoorDesc {
  std::string name;
  Segment line;      ///< inside the walkable area
  bool open = true;  ///< a closed door is a wall
  SourceLocation where;
};

struct CheckpointDesc {
  std::string name;
  Segment line;                                              ///< passable only through service
  int lanes = 1;                                             ///< persons served at the same time
  Distribution service = Distribution::constant_value(0.0);  ///< s per person
  SourceLocation where;
};

struct ZoneDesc {
  std::string name;
  Polygon polygon;
  std::optional<int> capacity;        ///< permitted persons at once (criterion)
  std::optional<double> max_density;  ///< permitted persons per m² (criterion)
  SourceLocation where;
  /// Visitors who stay here are inside buildings or gardens that the venue does not model as
  /// floor: while they stay they are off the floor (docs/scenario-format.md, `indoor`).
  bool indoor = false;
};

struct WaypointDesc {
  std::string name;
  Vec2 at;
  double radius = 1.0;  ///< m: reached when within this distance
  SourceLocation where;
};

struct LineDesc {
  std::string name;
  Segment line;  ///< measurement line, counted in both directions
  SourceLocation where;
};

/// What kind of place the venue is; it decides which norms `stroom capacity` applies by
/// default (docs/capacity.md).
enum class VenueSetting { building, tent, open_air };

/// Where the venue's local (0, 0) lies in the coordinates of the plan it was drawn from
/// (`venue.origin`, an extension of format 1): metadata for import and export only, never
/// read by the simulation. A point (x, y) of the venue is (origin.x + x, origin.y + y) in
/// `crs` (e.g. "EPSG:28992", RD New; empty when not stated).
struct VenueOrigin {
  double x = 0.0;   ///< m
  double y = 0.0;   ///< m
  std::string crs;  ///< coordinate reference system, e.g. "EPSG:28992"; may be empty
  SourceLocation where;
};

/// A raster plan drawn under the venue by the viewer and the report (`venue.underlay`, an
/// extension of format 1): presentation only, never read by the simulation. The image is
/// placed by a world file (in the plan's coordinates, less `venue.origin`), by its corners in
/// venue coordinates, or, when neither is given, by the georeference the image carries
/// itself (a GeoTIFF). Decoding is the tools' business (GDAL); the engine only parses.
struct VenueUnderlay {
  std::string image;       ///< path as opened: relative to the file that names it
  std::string world_file;  ///< path as opened; empty when not given
  /// The world file's six numbers in file order (A, D, B, E, C, F): the centre of pixel
  /// (column, row) lies at (A col + B row + C, D col + E row + F) in the plan's coordinates.
  std::array<double, 6> world{};
  /// Venue coordinates of the image's bottom-left and top-right corners (2 points), or of its
  /// bottom-left, bottom-right and top-left corners (3 points, a rotated or sheared plan);
  /// empty when not given.
  std::vector<Vec2> corners;
  double opacity = 0.5;  ///< 0 (not shown) … 1 (opaque) over the walkable area
  SourceLocation where;  ///< of the `underlay` map: problems with the image are blamed here
};

struct VenueDesc {
  VenueSetting setting = VenueSetting::building;  ///< default for files without the key
  std::vector<Polygon> walkable;                  ///< union of these is the walkable area (>= 1)
  std::vector<SourceLocation> walkable_where;     ///< location of each walkable polygon
  std::vector<ObstacleDesc> obstacles;
  std::vector<ExitDesc> exits;
  std::vector<DoorDesc> doors;
  std::vector<CheckpointDesc> checkpoints;
  std::vector<ZoneDesc> zones;
  std::vector<WaypointDesc> waypoints;
  std::vector<LineDesc> lines;
  std::optional<VenueOrigin> origin;      ///< `venue.origin`; empty when the venue has none
  std::optional<VenueUnderlay> underlay;  ///< `venue.underlay`; empty when the venue has none
  SourceLocation where;
};

// [SECTION] References

/// A venue element a journey step or event refers to, by kind and index into the venue's
/// list of that kind. The loader resolves every name once (resolve_references(),
/// stroom/scenario_loader.hpp); names stay for messages only.
struct ElementRef {
  enum class Kind : std::uint8_t { none, exit, door, checkpoint, zone, waypoint };
  Kind kind = Kind::none;
  int index = -1;
  bool operator==(const ElementRef&) const = default;
};

// [SECTION] Populations and journeys

/// Where people appear: a named zone or an inline polygon (exactly one is set).
struct AreaRef {
  std::string zone;  ///< zone name, or empty when `polygon` is used
  Polygon polygon;   ///< inline polygon, or empty when `zone` is used
  SourceLocation where;
  int zone_index = -1;  ///< index of `zone` in venue.zones (resolved), or -1
};

struct RatePoint {
  double time = 0.0;  ///< s
  double rate = 0.0;  ///< persons per second
};

struct ArrivalDesc {
  AreaRef in;
  std::vector<RatePoint> rate;  ///< piecewise linear, times strictly increasing; 0 after the last
  std::optional<std::int64_t> total;  ///< optional cap on the number of arrivals
  SourceLocation where;
};

enum class RouteChoice { nearest, quickest };

/// One attraction a `visit` step offers: a zone or waypoint, its popularity (a weight > 0) and
/// its own stay (empty: the step's `stay`).
struct AttractionDesc {
  std::string target;  ///< zone or waypoint name
  double weight = 1.0;
  std::optional<Distribution> stay;  ///< s; empty = the visit step's `stay`
  SourceLocation where;
  ElementRef ref;  ///< the target (resolved)
};

struct JourneyStep {
  enum class Kind { to, exit, visit };
  Kind kind = Kind::exit;
  /// to: name of a waypoint, zone, door or checkpoint.
  std::string target;
  /// to: optional time to stay inside the target (zones; waypoints too), s. visit: the stay at
  /// an attraction that names none (empty: no stay).
  std::optional<Distribution> stay;
  /// exit: how to choose the exit. With a non-empty `exits` list, choose among those,
  /// nearest first.
  RouteChoice route = RouteChoice::nearest;
  std::vector<std::string> exits;
  SourceLocation where;
  ElementRef ref;                 ///< to: the target (resolved)
  std::vector<int> exit_indices;  ///< exit: `exits` as indices into venue.exits (resolved)
  /// visit (circulation, docs/scenario-format.md "Circulation"): the attractions offered, of
  /// which `count` (drawn, rounded, capped at the number offered) distinct ones are chosen by
  /// weight without replacement and visited in the order drawn.
  std::vector<AttractionDesc> attractions = {};
  Distribution count = Distribution::constant_value(1.0);  ///< visit: attractions per person
  /// visit: s of simulated time at which a person (group) still visiting drops the visits left,
  /// the stay at hand included, and goes on with the next step; drawn per person (group).
  /// Empty: visits end only when done.
  std::optional<Distribution> until = std::nullopt;
};

/// Walking groups of a population (docs/scenario-format.md, docs/models.md "Walking groups"):
/// the population is cut into groups whose sizes are drawn from `size` and rounded to whole
/// persons (at least 1, at most the limit); the last group takes what is left. A group of one
/// is a person alone.
struct GroupsDesc {
  Distribution size = Distribution::constant_value(1.0);  ///< persons per group
  SourceLocation where;
};

/// A visitor profile of a population (docs/scenario-format.md "Visitor profiles",
/// docs/models.md "Visitor profiles"): a share of the population whose walking speed and
/// body radius come from the profile. `speed` and `radius` hold the built-in profile's
/// distributions (profiles.hpp) or those written in the scenario.
struct ProfileDesc {
  std::string name;      ///< a built-in profile (builtin_profile()) or the scenario's own name
  double share = 0.0;    ///< of the population, 0-1; the shares of a population sum to 1
  Distribution speed;    ///< desired free walking speed, m/s
  Distribution radius;   ///< body radius, m
  bool builtin = false;  ///< the name is a built-in profile (its source applies unless both
                         ///< speed and radius are written in the scenario)
  bool own_speed = false, own_radius = false;  ///< written in the scenario
  SourceLocation where;
};

struct PopulationDesc {
  std::string name;
  std::optional<int> count;  ///< placed at t = 0 in `in` (exclusive with `arrive`)
  AreaRef in;                ///< set when `count` is set
  std::optional<ArrivalDesc> arrive;
  Distribution speed = Distribution::normal_dist(1.34, 0.26, 0.6, 2.0);  ///< desired speed, m/s
  Distribution radius = Distribution::constant_value(0.2);               ///< body radius, m
  std::vector<JourneyStep> journey;  ///< default: [{exit: nearest}]
  SourceLocation where;
  std::optional<GroupsDesc> groups = std::nullopt;  ///< absent: everyone walks alone
  /// Visitor profiles; empty: everyone draws `speed` and `radius` (the file without the key).
  std::vector<ProfileDesc> profiles = {};
};

// [SECTION] Events

struct EvacuateDesc {
  Distribution premovement = Distribution::constant_value(0.0);  ///< per person delay, s
  std::vector<std::string> exits;  ///< allowed exits; empty = all open exits
  RouteChoice route = RouteChoice::quickest;
  std::vector<int> exit_indices;  ///< `exits` as indices into venue.exits (resolved)
};

struct EventDesc {
  enum class Kind { evacuate, close, open };
  double at = 0.0;  ///< s
  Kind kind = Kind::evacuate;
  EvacuateDesc evacuate;  ///< evacuate only
  std::string target;     ///< close/open: exit, door or checkpoint name
  SourceLocation where;
  ElementRef ref;  ///< close/open: the element `target` names (resolved)
};

// [SECTION] Criteria, measurement, output

struct CriterionLimit {
  double limit = 0.0;
  SourceLocation where;
};

struct CriteriaDesc {
  std::optional<CriterionLimit> max_evacuation_time;  ///< s from the alarm (or t = 0)
  std::optional<CriterionLimit> max_density;          ///< persons/m² on the measure grid
  std::optional<CriterionLimit> all_out_by;           ///< s of simulated time
  std::optional<CriterionLimit> max_exit_flow;        ///< persons/(m·s) through any exit
};

struct MeasureDesc {
  double cell = 1.0;     ///< m, density grid cell edge
  double window = 10.0;  ///< s, averaging window for densities and flows
  /// m: radius of the disc of cells each cell's density is averaged over (persons in the
  /// disc's cells ÷ their walkable area); 0 = every cell alone (docs/measurement.md).
  double smoothing = 0.0;
  /// s, ascending: times at which the density map is kept (the window ending at the first
  /// sample at or after each), for the report's series of maps "where people are at …".
  std::vector<double> snapshots;
};

enum class TrajectoryFormat { sqlite, csv, none };

/// The GIS file of the maps and the venue (maps.geojson, stroom/io/maps_geojson.hpp).
enum class MapsFormat { geojson, none };

struct OutputDesc {
  double frame_interval = 0.5;  ///< s between trajectory frames
  TrajectoryFormat trajectories = TrajectoryFormat::sqlite;
  MapsFormat maps = MapsFormat::geojson;
};

/// How the results are written for people to read.
struct ReportDesc {
  /// "en" or "nl": the language of report.html and the console summary; empty = the
  /// command's default (English, or `--lang`, which wins over this key).
  std::string lang;
};

// [SECTION] Scenario

struct Scenario {
  std::string file;  ///< path it was loaded from (as given), used in messages and reports
  /// Files it names besides itself (a venue include, an underlay image and its world file), as
  /// opened.
  std::vector<std::string> includes;
  int format_version = 1;
  std::string name;
  std::uint64_t seed = 1;
  double step = 0.05;     ///< s, 0 < step <= 0.2
  double duration = 0.0;  ///< s, required
  ModelDesc model;
  VenueDesc venue;
  std::vector<PopulationDesc> populations;
  std::vector<EventDesc> events;  ///< sorted by `at` (stable)
  CriteriaDesc criteria;
  MeasureDesc measure;
  OutputDesc output;
  ReportDesc report;
};

}  // namespace stroom
