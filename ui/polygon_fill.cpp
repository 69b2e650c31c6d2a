#include "polygon_fill.hpp"

#include <algorithm>
#include <cmath>

namespace stroom::view {

namespace {

struct Edge {
  Vec2 low, high;  // low.y < high.y
  double x_at(double y) const {
    const double t = (y - low.y) / (high.y - low.y);
    return low.x + (high.x - low.x) * t;
  }
};

}  // namespace

std::vector<Vec2> fill_even_odd(const std::vector<Polygon>& rings) {
  std::vector<Edge> edges;
  std::vector<double> ys;
  for (const Polygon& ring : rings) {
    const std::size_t n = ring.size();
    if (n < 3) continue;
    for (std::size_t i = 0; i < n; ++i) {
      const Vec2 a = ring[i], b = ring[(i + 1) % n];
      ys.push_back(a.y);
      if (a.y == b.y) continue;  // horizontal edges bound no slab
      edges.push_back(a.y < b.y ? Edge{a, b} : Edge{b, a});
    }
  }
  std::sort(ys.begin(), ys.end());
  ys.erase(std::unique(ys.begin(), ys.end()), ys.end());
  std::sort(edges.begin(), edges.end(),
            [](const Edge& a, const Edge& b) { return a.low.y < b.low.y; });

  std::vector<Vec2> triangles;
  std::vector<const Edge*> active;
  struct Crossing {
    double mid, x0, x1;
  };
  std::vector<Crossing> crossings;
  std::size_t next_edge = 0;
  for (std::size_t s = 0; s + 1 < ys.size(); ++s) {
    const double y0 = ys[s], y1 = ys[s + 1], ym = 0.5 * (y0 + y1);
    while (next_edge < edges.size() && edges[next_edge].low.y <= y0)
      active.push_back(&edges[next_edge++]);
    std::erase_if(active, [&](const Edge* e) { return e->high.y <= y0; });
    crossings.clear();
    for (const Edge* e : active)
      if (e->low.y <= y0 && e->high.y >= y1)
        crossings.push_back({e->x_at(ym), e->x_at(y0), e->x_at(y1)});
    std::sort(crossings.begin(), crossings.end(),
              [](const Crossing& a, const Crossing& b) { return a.mid < b.mid; });
    for (std::size_t i = 0; i + 1 < crossings.size(); i += 2) {
      const Crossing& l = crossings[i];
      const Crossing& r = crossings[i + 1];
      const Vec2 a{l.x0, y0}, b{r.x0, y0}, c{r.x1, y1}, d{l.x1, y1};
      triangles.insert(triangles.end(), {a, b, c, a, c, d});
    }
  }
  return triangles;
}

double triangles_area(const std::vector<Vec2>& triangles) {
  double area = 0.0;
  for (std::size_t i = 0; i + 2 < triangles.size(); i += 3)
    area += 0.5 * std::abs(cross(triangles[i + 1] - triangles[i], triangles[i + 2] - triangles[i]));
  return area;
}

}  // namespace stroom::view
