// Voronoi cells, density and speed (stroom/voronoi.hpp).
//
// Boost.Polygon builds the diagram on integer coordinates, so positions are shifted to the
// lower-left corner of the scene and scaled to 0.1 mm (less for scenes wider than a few km).
// Four guard sites far outside the scene put every person strictly inside the convex hull,
// so every person's cell is finite; the guards lie so far away that the cut they make is
// outside the walkable area, which every cell is clipped to anyway.
#include "stroom/voronoi.hpp"

#include <algorithm>
#include <boost/polygon/voronoi.hpp>
#include <cmath>
#include <cstdint>
#include <map>
#include <numbers>
#include <utility>

#include "measure/boost_geometry.hpp"

namespace stroom {

using namespace measure;

namespace {

constexpr int kDiscSegments = 32;

BgPolygon disc(Vec2 centre, double radius) {
  BgPolygon out;
  for (int i = 0; i < kDiscSegments; ++i) {
    const double a = 2.0 * std::numbers::pi * i / kDiscSegments;
    out.outer().emplace_back(centre.x + radius * std::cos(a), centre.y + radius * std::sin(a));
  }
  return out;
}

/// Clipped cell of each distinct site; `site_of[i]` = site of person i.
struct Cells {
  std::vector<BgMultiPolygon> cell;  ///< per site
  std::vector<int> site_of;          ///< per person
  std::vector<int> persons_at;       ///< per site
};

Cells build_cells(std::span<const Vec2> positions, const BgMultiPolygon& walkable,
                  const VoronoiOptions& options) {
  namespace bp = boost::polygon;
  Cells out;
  out.site_of.assign(positions.size(), -1);
  if (positions.empty()) return out;

  // Frame of the scene: walkable area and persons together.
  BgBox frame;
  bg::envelope(walkable, frame);
  double min_x = positions[0].x, min_y = positions[0].y;
  double max_x = min_x, max_y = min_y;
  for (const Vec2& p : positions) {
    min_x = std::min(min_x, p.x), max_x = std::max(max_x, p.x);
    min_y = std::min(min_y, p.y), max_y = std::max(max_y, p.y);
  }
  if (!walkable.empty()) {
    min_x = std::min(min_x, frame.min_corner().x()),
    max_x = std::max(max_x, frame.max_corner().x());
    min_y = std::min(min_y, frame.min_corner().y()),
    max_y = std::max(max_y, frame.max_corner().y());
  }
  const double extent = std::max({max_x - min_x, max_y - min_y, 1.0});
  const double guard = 10.0 * extent;
  const double scale = std::min(1.0e4, 1.0e9 / (extent + 2.0 * guard));
  const auto to_int = [&](double v, double origin) {
    return static_cast<std::int32_t>(std::llround((v - origin) * scale));
  };

  // Distinct sites, in order of first appearance (coincident persons share one).
  std::vector<bp::point_data<std::int32_t>> sites;
  std::map<std::pair<std::int32_t, std::int32_t>, int> site_index;
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const std::pair key{to_int(positions[i].x, min_x), to_int(positions[i].y, min_y)};
    auto [it, inserted] = site_index.emplace(key, static_cast<int>(sites.size()));
    if (inserted) {
      sites.emplace_back(key.first, key.second);
      out.persons_at.push_back(0);
    }
    out.site_of[i] = it->second;
    ++out.persons_at[it->second];
  }
  const std::size_t real_sites = sites.size();
  const auto g_lo = to_int(min_x - guard, min_x);
  const auto g_hi = to_int(min_x + extent + guard, min_x);
  sites.emplace_back(g_lo, g_lo);
  sites.emplace_back(g_hi, g_lo);
  sites.emplace_back(g_hi, g_hi);
  sites.emplace_back(g_lo, g_hi);

  bp::voronoi_diagram<double> diagram;
  bp::construct_voronoi(sites.begin(), sites.end(), &diagram);

  out.cell.resize(real_sites);
  for (const auto& cell : diagram.cells()) {
    const std::size_t site = cell.source_index();
    if (site >= real_sites) continue;
    BgPolygon polygon;
    const auto* edge = cell.incident_edge();
    bool finite = true;
    do {
      const auto* v = edge->vertex0();
      if (v == nullptr) {
        finite = false;
        break;
      }
      polygon.outer().emplace_back(v->x() / scale + min_x, v->y() / scale + min_y);
      edge = edge->next();
    } while (edge != cell.incident_edge());
    STROOM_ASSERT(finite);
    if (!finite) continue;
    bg::correct(polygon);
    BgMultiPolygon clipped;
    bg::intersection(polygon, walkable, clipped);
    if (options.cutoff_radius) {
      const Vec2 centre{sites[site].x() / scale + min_x, sites[site].y() / scale + min_y};
      BgMultiPolygon cut;
      bg::intersection(clipped, disc(centre, *options.cutoff_radius), cut);
      clipped = std::move(cut);
    }
    out.cell[site] = std::move(clipped);
  }
  return out;
}

}  // namespace

VoronoiResult voronoi_density_speed(std::span<const Vec2> positions,
                                    std::span<const Vec2> velocities,
                                    const Polygon& measurement_area,
                                    const std::vector<PolygonWithHoles>& walkable,
                                    const VoronoiOptions& options) {
  STROOM_ASSERT(positions.size() == velocities.size());
  VoronoiResult result;
  const BgPolygon area = to_bg(measurement_area);
  const double area_size = bg::area(area);
  if (positions.empty() || !(area_size > 0.0)) return result;
  const Cells cells = build_cells(positions, to_bg(walkable), options);
  BgBox area_box;
  bg::envelope(area, area_box);

  // Per site: share of the cell inside A (density) and area inside A (speed).
  std::vector<double> share(cells.cell.size(), 0.0), inside(cells.cell.size(), 0.0);
  for (std::size_t s = 0; s < cells.cell.size(); ++s) {
    const double full = bg::area(cells.cell[s]);
    if (!(full > 0.0)) continue;
    BgBox box;
    bg::envelope(cells.cell[s], box);
    if (bg::disjoint(box, area_box)) continue;
    inside[s] = intersection_area(cells.cell[s], area);
    share[s] = inside[s] / full;
  }
  double density_sum = 0.0, speed_sum = 0.0;
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const int s = cells.site_of[i];
    const double k = cells.persons_at[s];
    // k persons sharing a cell each own 1/k of it: same share, 1/k of the area inside A.
    density_sum += share[s];
    speed_sum += length(velocities[i]) * inside[s] / k;
  }
  result.density = density_sum / area_size;
  result.speed = speed_sum / area_size;
  return result;
}

std::vector<std::vector<PolygonWithHoles>> voronoi_cells(
    std::span<const Vec2> positions, const std::vector<PolygonWithHoles>& walkable,
    const VoronoiOptions& options) {
  const Cells cells = build_cells(positions, to_bg(walkable), options);
  std::vector<std::vector<PolygonWithHoles>> out(positions.size());
  for (std::size_t i = 0; i < positions.size(); ++i) {
    for (const BgPolygon& p : cells.cell[cells.site_of[i]])
      out[i].push_back(from_bg(p));
  }
  return out;
}

}  // namespace stroom
