// Voronoi density and speed in a measurement area, the method of the pedestrian-dynamics
// literature (Steffen & Seyfried 2010; Zhang et al. 2011) as PedPy computes it:
//
//   density = Σ_i area(V_i ∩ A) / area(V_i) / area(A)          persons/m²
//   speed   = Σ_i |v_i| · area(V_i ∩ A) / area(A)               m/s
//
// V_i is person i's Voronoi cell (Boost.Polygon on coordinates scaled to 0.1 mm), clipped to
// the walkable area and, when a cut-off radius is given, to a disc (a 32-gon) around the
// person; clipping uses Boost.Geometry.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "stroom/geometry.hpp"
#include "stroom/vec2.hpp"

namespace stroom {

struct VoronoiResult {
  double density = 0.0;  ///< persons/m²
  double speed = 0.0;    ///< m/s
};

struct VoronoiOptions {
  /// When set, each cell is also clipped to a disc of this radius around its person, m.
  std::optional<double> cutoff_radius;
};

/// Voronoi density and speed in `measurement_area` (a simple polygon, either orientation)
/// for persons at `positions` with `velocities` (same length), cells clipped to `walkable`.
/// Persons at the same position (to 0.1 mm) share one cell equally. No persons → {0, 0}.
VoronoiResult voronoi_density_speed(std::span<const Vec2> positions,
                                    std::span<const Vec2> velocities,
                                    const Polygon& measurement_area,
                                    const std::vector<PolygonWithHoles>& walkable,
                                    const VoronoiOptions& options = {});

/// The individual Voronoi cells, clipped as above, one entry per person (may be several
/// polygons when the walkable area cuts a cell apart; empty for a person outside it).
std::vector<std::vector<PolygonWithHoles>> voronoi_cells(
    std::span<const Vec2> positions, const std::vector<PolygonWithHoles>& walkable,
    const VoronoiOptions& options = {});

}  // namespace stroom
