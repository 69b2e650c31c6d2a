// Small venues built in C++ for the geometry tests (no YAML needed).
#pragma once

#include <string>

#include "stroom/geometry.hpp"

namespace stroom::test {

inline Polygon rect(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

inline SourceLocation at_line(int line) {
  return {"venue.yaml", line, 5};
}

inline VenueDesc venue_of(std::vector<Polygon> walkable) {
  VenueDesc desc;
  for (std::size_t i = 0; i < walkable.size(); ++i) {
    desc.walkable_where.push_back(at_line(10 + static_cast<int>(i)));
  }
  desc.walkable = std::move(walkable);
  desc.where = at_line(9);
  return desc;
}

inline ObstacleDesc obstacle(std::string name, Polygon polygon, int line = 30) {
  return {std::move(name), std::move(polygon), at_line(line)};
}

inline double total_length(const Venue& venue, WallKind kind) {
  double sum = 0.0;
  for (const Wall& w : venue.walls()) {
    if (w.kind == kind) sum += w.segment.length();
  }
  return sum;
}

}  // namespace stroom::test
