// From the layers of a site plan to the text of a venue file (docs/import.md): each layer
// named by `--map ROLE=LAYER` gives the elements of its role; closed lines become polygons
// (outlines of separate lines are joined), vertices are rounded to 1 mm, duplicate and
// collinear vertices and slivers are removed, walkable polygons with holes or that touch are
// joined and thin gaps between them filled, far coordinates are shifted to a local origin. Knows
// nothing of GDAL (plan_reader.hpp reads the file), so every rule here is plain geometry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plan.hpp"
#include "stroom/error.hpp"
#include "stroom/scenario.hpp"

namespace stroom::plan {

/// What the features of a layer become.
enum class Role { walkable, obstacle, exit, door, zone, line, waypoint };

/// "walkable", "obstacle", ... (the names of --map).
const char* role_name(Role role);
/// The role of a --map name (singular or plural: exit or exits); nullopt when none.
std::optional<Role> role_from_name(const std::string& name);

struct ImportOptions {
  std::string plan_file;        ///< for messages and the header of the venue file
  std::string source_text;      ///< one line for the header: driver, --map list, options
  double scale = 1.0;           ///< metres per plan unit (--units)
  bool auto_origin = true;      ///< shift when the plan lies farther than kAutoShiftDistance out
  std::optional<Vec2> origin;   ///< an explicit shift (--origin X,Y), in metres
  std::string crs;              ///< written as venue.origin.crs; empty when unknown
  std::string setting;          ///< venue.setting (building, tent, open-air); empty: not written
  double arc_tolerance = 0.01;  ///< m, stated in the header (PlanReader flattens)
  double min_area = 0.01;       ///< m²: polygons below this are slivers, dropped
  double min_width = 0.01;  ///< m: polygons whose mean width 2·area/perimeter is below are slivers
  double snap = 0.0;        ///< m: exit ends this close to the walkable boundary move onto it
};

/// Coordinates farther than this from (0, 0) are shifted to a local origin (auto).
inline constexpr double kAutoShiftDistance = 10'000.0;
/// The automatic origin is the lower-left corner of the plan rounded down to this many metres.
inline constexpr double kOriginRounding = 100.0;
/// m: written coordinates are rounded to this.
inline constexpr double kResolution = 0.001;
/// m: a line whose ends are this close is closed; a line whose vertices lie this close to the
/// straight segment between its ends is a segment (exits, doors, measurement lines).
inline constexpr double kStraightTolerance = 0.01;

/// m: no coordinate of the venue lies farther than this from its origin (the venue's own box
/// is ±1e6 m, docs/scenario-format.md; beyond this the plan is not in metres).
inline constexpr double kMaxLocal = 1e7;

/// m: a gap between walkable polygons narrower than this (mean width 2 × area / perimeter) is
/// a drafting slip: filled when enclosed, reported when it runs through.
inline constexpr double kGapWidth = 0.05;

/// Where an element of the venue file came from, and which lines of the file it occupies.
struct ElementSource {
  std::string layer;
  std::int64_t fid = -1;
  std::string handle;
  std::string element;  ///< "exit 'gate-1'", "walkable polygon 2"
  int first_line = 0;   ///< 1-based lines of the venue file
  int last_line = 0;
  /// "layer 'EXITS', feature 4 (handle 2F)".
  std::string where() const;
};

struct ImportResult {
  std::string yaml;  ///< the venue file
  std::vector<ElementSource> sources;
  std::vector<Diagnostic> problems;   ///< PLAN: error lines; nothing may be written when any
  std::vector<std::string> warnings;  ///< PLAN: warning lines (what was cleaned or left out)
  std::optional<VenueOrigin> origin;
  int walkable = 0, obstacles = 0, exits = 0, doors = 0, zones = 0, lines = 0, waypoints = 0;
  int removed_vertices = 0;  ///< duplicate, collinear and spike vertices removed
};

/// The venue of the plan's layers (each with its role, in --map order).
ImportResult plan_to_venue(const std::vector<std::pair<Role, PlanLayer>>& layers,
                           const ImportOptions& options);

/// The source of the element that covers `line` of the venue file, or null.
const ElementSource* source_at(const ImportResult& result, int line);

}  // namespace stroom::plan
